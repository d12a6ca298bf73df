//! Unicode and typography: invisible, lost, unnormalised and misplaced characters.

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[];
