//! Unicode and typography: invisible, lost, unnormalised and misplaced characters.

pub(crate) mod cp1252;
mod invisible_character;
mod mixed_quotes;
mod mojibake;
mod quote_style;
mod replacement_character;
mod space_before_punctuation;
mod unicode_normalization;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    invisible_character::ENTRY,
    mojibake::ENTRY,
    mixed_quotes::ENTRY,
    replacement_character::ENTRY,
    unicode_normalization::ENTRY,
    space_before_punctuation::ENTRY,
];
