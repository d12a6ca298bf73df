//! `select`, `extend-select` and `ignore`: which rules run. Each entry is a rule name, a category
//! name or `all`; an ignore wins over a select of the same breadth, and a rule named
//! explicitly wins over its category (as in ruff).

use super::ConfigError;
use crate::registry;
use crate::rule::Category;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    All,
    Category(Category),
    Rule(String),
}

impl Selector {
    fn parse(text: &str) -> Selector {
        match text {
            "all" | "ALL" => Selector::All,
            _ => registry::category(text)
                .map_or_else(|| Selector::Rule(text.to_owned()), Selector::Category),
        }
    }

    /// How specifically this selector matches a rule: 0 not at all, 1 `all`, 2 category, 3 name.
    fn specificity(&self, name: &str, category: Category) -> u8 {
        match self {
            Selector::All => 1,
            Selector::Category(c) if *c == category => 2,
            Selector::Rule(r) if r == name => 3,
            _ => 0,
        }
    }
}

/// The resolved select and ignore lists.
#[derive(Debug, Clone)]
pub struct Selection {
    select: Vec<Selector>,
    ignore: Vec<Selector>,
}

impl Selection {
    pub fn new(select: Option<&[String]>, extend_select: &[String], ignore: &[String]) -> Self {
        let select = select
            .map_or_else(
                || vec![Selector::All],
                |list| list.iter().map(|s| Selector::parse(s)).collect(),
            )
            .into_iter()
            .chain(extend_select.iter().map(|s| Selector::parse(s)))
            .collect();
        let ignore = ignore.iter().map(|s| Selector::parse(s)).collect();
        Self { select, ignore }
    }

    /// Fails on a rule name that is neither built in nor among `data_rules`.
    pub fn check_names(&self, data_rules: &[&str]) -> Result<(), ConfigError> {
        let lists = [("select", &self.select), ("ignore", &self.ignore)];
        for (key, list) in lists {
            for selector in list {
                if let Selector::Rule(name) = selector {
                    if registry::find(name).is_none() && !data_rules.contains(&name.as_str()) {
                        return Err(ConfigError::UnknownSelector {
                            name: name.clone(),
                            key,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    pub fn enables(&self, name: &str, category: Category) -> bool {
        let best = |list: &[Selector]| {
            list.iter()
                .map(|s| s.specificity(name, category))
                .max()
                .unwrap_or(0)
        };
        let selected = best(&self.select);
        selected > 0 && selected > best(&self.ignore)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ignore_beats_select_of_the_same_breadth_and_names_beat_categories() {
        let selection = Selection::new(None, &[], &strings(&["debris"]));
        assert!(!selection.enables("stray-marker", Category::Debris));
        assert!(selection.enables("duplicate-line", Category::Repetition));

        let selection = Selection::new(
            Some(&strings(&["stray-marker"])),
            &[],
            &strings(&["debris"]),
        );
        assert!(selection.enables("stray-marker", Category::Debris));

        let selection = Selection::new(Some(&strings(&["all"])), &[], &strings(&["all"]));
        assert!(!selection.enables("duplicate-line", Category::Repetition));
    }
}
