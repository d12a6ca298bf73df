//! Repetition: text that appears twice, from a caption doubled to a block rendered again.

mod duplicate_line;
mod near_duplicate_paragraph;
mod repeated_block;
mod repeated_word;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    duplicate_line::ENTRY,
    repeated_block::ENTRY,
    near_duplicate_paragraph::ENTRY,
    repeated_word::ENTRY,
];
