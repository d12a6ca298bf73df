//! Broken joins: page elements run together or cut apart by extraction.

mod ascii_words;
mod hyphenation_break;
mod long_sentence;
mod merged_heading;
mod missing_space;
#[cfg(test)]
mod proptests;
mod run_on_sentence;
mod seam;
mod split_paragraph;
mod word_table;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    hyphenation_break::ENTRY,
    long_sentence::ENTRY,
    merged_heading::ENTRY,
    missing_space::ENTRY,
    run_on_sentence::ENTRY,
    split_paragraph::ENTRY,
];
