//! Broken joins: page elements run together or cut apart by extraction.

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[];
