//! Unicode and typography: invisible, lost, unnormalised and misplaced characters.

mod invisible_character;
mod replacement_character;
mod space_before_punctuation;
mod unicode_normalization;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    invisible_character::ENTRY,
    replacement_character::ENTRY,
    unicode_normalization::ENTRY,
    space_before_punctuation::ENTRY,
];
