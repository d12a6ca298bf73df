//! Data rules: rules users declare in TOML files instead of code.
//!
//! A rule file holds `[[rule]]` tables of two kinds: `line` (a whole line matching a literal or
//! regex, such as a house-specific marker) and `phrase` (a literal or regex inside a line, with
//! an optional replacement). Each rule carries its own examples, which `copydesk` tests.
//! The format is documented in `rules/README.md`.

use crate::diagnostic::Reporter;
use crate::document::Document;
use crate::rule::{Rule, RuleMeta};
use crate::settings::ConfigError;

/// The rules of one parsed rule file.
#[derive(Debug, Clone)]
pub struct RuleFile {
    rules: Vec<DataRule>,
}

impl RuleFile {
    pub fn parse(_text: &str) -> Result<Self, ConfigError> {
        todo!("data rules")
    }

    pub fn rules(&self) -> &[DataRule] {
        &self.rules
    }
}

/// One rule from a rule file.
#[derive(Debug, Clone)]
pub struct DataRule {
    meta: &'static RuleMeta,
}

impl DataRule {
    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl Rule for DataRule {
    fn check(&self, _doc: &Document, _reporter: &mut Reporter) {
        todo!("data rules")
    }
}
