//! Broken joins: page elements run together or cut apart by extraction.

mod long_sentence;
mod missing_space;
mod split_paragraph;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    long_sentence::ENTRY,
    missing_space::ENTRY,
    split_paragraph::ENTRY,
];
