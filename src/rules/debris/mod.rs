//! Scrape debris: page furniture and whitespace left behind by the page the text came from.

use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[];
