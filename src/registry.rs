//! Every built-in rule, in catalog order. A new rule is listed in its category's `mod.rs`;
//! nothing here changes.

use crate::rule::{Category, RuleEntry};
use crate::rules;

/// All built-in rules.
pub fn all() -> impl Iterator<Item = &'static RuleEntry> {
    [
        rules::repetition::RULES,
        rules::debris::RULES,
        rules::joins::RULES,
        rules::unicode::RULES,
    ]
    .into_iter()
    .flatten()
}

/// The built-in rule called `name`.
pub fn find(name: &str) -> Option<&'static RuleEntry> {
    all().find(|entry| entry.meta.name == name)
}

/// The category called `name`.
pub fn category(name: &str) -> Option<Category> {
    Category::ALL.into_iter().find(|c| c.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_kebab_case_and_match_their_category() {
        let mut seen = HashSet::new();
        for entry in all() {
            let name = entry.meta.name;
            assert!(seen.insert(name), "{name} registered twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name} is not kebab-case"
            );
            assert!(category(name).is_none(), "{name} collides with a category");
        }
    }
}
