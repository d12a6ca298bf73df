//! Broken joins: page elements run together or cut apart by extraction.

mod hyphenation_break;
mod long_sentence;
mod missing_space;
#[cfg(test)]
mod proptests;
mod split_paragraph;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    hyphenation_break::ENTRY,
    long_sentence::ENTRY,
    missing_space::ENTRY,
    split_paragraph::ENTRY,
];
