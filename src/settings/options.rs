//! The configuration file's shape, as serde reads it: kebab-case keys, unknown keys rejected.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ConfigError;
use crate::diagnostic::Severity;

/// A rule's table, `[rules.NAME]`, with its position in the file for error labels.
pub type RuleTable = toml::Spanned<toml::Table>;

/// Options as written in `copydesk.toml` or given on the command line. `None` means unset, so
/// command-line values can override the file's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Rules, categories or `all` to run (default: all).
    pub select: Option<Vec<String>>,
    /// Added to `select`.
    pub extend_select: Option<Vec<String>>,
    /// Rules or categories to skip.
    pub ignore: Option<Vec<String>>,
    /// Lowest severity that makes the run fail.
    pub fail_on: Option<FailOn>,
    /// User rule files (globs, relative to the config file).
    pub extend_rules: Option<Vec<String>>,
    /// File globs a directory walk lints (default: `*.txt`, `*.md`).
    pub include: Option<Vec<String>>,
    pub extend_include: Option<Vec<String>>,
    /// File or directory globs a walk skips.
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Option<Vec<String>>,
    /// Per-rule options, including `severity`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleTable>,
}

impl Options {
    /// Parses a configuration file's text.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(ConfigError::from_toml)
    }
}

/// The lowest severity at which `check` exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    #[default]
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

impl std::str::FromStr for FailOn {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "info" => Ok(FailOn::Info),
            "never" => Ok(FailOn::Never),
            _ => Err(format!(
                "expected error, warning, info or never, found `{value}`"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_sketch() {
        let options = Options::from_toml(
            r#"
select = ["all"]
ignore = ["long-sentence"]
fail-on = "warning"
extend-rules = ["house-rules/*.toml"]

[rules.long-sentence]
max-words = 60
"#,
        )
        .unwrap();
        assert_eq!(options.ignore.unwrap(), ["long-sentence"]);
        assert_eq!(options.fail_on, Some(FailOn::Warning));
        assert_eq!(
            options.rules["long-sentence"].get_ref()["max-words"].as_integer(),
            Some(60)
        );
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_span() {
        let error = Options::from_toml("selcet = [\"all\"]\n").unwrap_err();
        assert!(error.to_string().contains("selcet"), "{error}");
        assert!(matches!(error, ConfigError::Parse { span: Some(_), .. }));
    }
}
