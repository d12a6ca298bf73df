//! The rule interface and the metadata every rule declares.
//!
//! A rule is a type implementing [`Rule`], declared in its own file under `rules/<category>/`
//! with a [`RuleEntry`]: its metadata (name, category, severity, fix availability, docs in fixed
//! sections, examples that must fire and must stay silent) and a constructor that takes the
//! rule's options from configuration. `copydesk rules`, `copydesk explain` and the example tests
//! all read the same metadata.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::diagnostic::{Reporter, Severity};
use crate::document::Document;

pub trait Rule: Send + Sync {
    fn check(&self, doc: &Document, reporter: &mut Reporter);
}

/// The families rules belong to; `--select` and `--ignore` accept these names too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Repetition,
    Debris,
    Joins,
    Unicode,
    Data,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Repetition,
        Category::Debris,
        Category::Joins,
        Category::Unicode,
        Category::Data,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Repetition => "repetition",
            Category::Debris => "debris",
            Category::Joins => "joins",
            Category::Unicode => "unicode",
            Category::Data => "data",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of fix a rule offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
    /// Safe in some cases, unsafe in others (the docs say which).
    Mixed,
}

impl FixAvailability {
    pub const fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "none",
            FixAvailability::Safe => "safe",
            FixAvailability::Unsafe => "unsafe",
            FixAvailability::Mixed => "mixed",
        }
    }
}

/// Documentation in ruff's fixed shape.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDocs {
    /// What the rule catches, in a paragraph or two.
    pub what: &'static str,
    /// Why it matters, and where it comes from in scraped text.
    pub why: &'static str,
    /// The rule's options, as `name = default: meaning` lines; empty when it has none.
    pub options: &'static str,
    /// What the fix does and why it is safe or unsafe.
    pub fix: &'static str,
}

/// Everything a rule declares about itself.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case name naming the defect: appears in output, config and baselines.
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// One line for `copydesk rules`.
    pub summary: &'static str,
    pub docs: RuleDocs,
    /// Documents the rule must fire on (tested).
    pub fires: &'static [&'static str],
    /// Documents the rule must stay silent on (tested).
    pub silent: &'static [&'static str],
}

/// A rule's options table from configuration (`[rules.NAME]`), minus the common keys.
#[derive(Debug, Clone, Default)]
pub struct RuleOptions(pub toml::Table);

impl RuleOptions {
    /// Deserialises the table into the rule's own options type, which should use
    /// `#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, toml::de::Error> {
        T::deserialize(toml::Value::Table(self.0.clone()))
    }
}

pub type BuildRule = fn(&RuleOptions) -> Result<Box<dyn Rule>, toml::de::Error>;

/// A rule's registration: its metadata and how to build it from options.
#[derive(Clone, Copy)]
pub struct RuleEntry {
    pub meta: &'static RuleMeta,
    pub build: BuildRule,
}

impl fmt::Debug for RuleEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RuleEntry").field(&self.meta.name).finish()
    }
}
