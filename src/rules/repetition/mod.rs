//! Repetition: text that appears twice, from a caption doubled to a block rendered again.

mod duplicate_line;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[duplicate_line::ENTRY];
