//! Broken joins: page elements run together or cut apart by extraction.

mod missing_space;
mod split_paragraph;

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[missing_space::ENTRY, split_paragraph::ENTRY];
