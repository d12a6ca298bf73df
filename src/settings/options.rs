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
    /// Rule settings for the files some globs match, laid over the top-level ones in order.
    #[serde(default)]
    pub per_path: Vec<PerPath>,
    /// Named sets of top-level settings, chosen with `--profile NAME`.
    #[serde(default)]
    pub profile: BTreeMap<String, Options>,
}

/// One `[[per-path]]` entry: which files it covers and how their rules differ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PerPath {
    /// Globs relative to the configuration file's directory. A glob without a `/` matches at any
    /// depth, and a glob that matches a directory covers the files below it.
    pub paths: toml::Spanned<Vec<String>>,
    /// Replaces the selection for these files.
    pub select: Option<Vec<String>>,
    /// Added to the selection.
    pub extend_select: Option<Vec<String>>,
    /// Added to the ignored rules.
    pub ignore: Option<Vec<String>>,
    /// Per-rule options, merged key by key over the top-level `[rules.NAME]` tables.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleTable>,
}

impl Options {
    /// Parses a configuration file's text.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let options: Self = toml::from_str(text).map_err(ConfigError::from_toml)?;
        for (name, profile) in &options.profile {
            if !profile.profile.is_empty() {
                return Err(ConfigError::NestedProfile { name: name.clone() });
            }
        }
        Ok(options)
    }

    /// Lays the `[profile.NAME]` settings over the top-level ones: a key the profile sets
    /// replaces the top-level key, except that its `[rules.X]` options are merged key by key into
    /// the top-level tables and its `[[per-path]]` entries come after the top-level ones.
    pub fn apply_profile(&mut self, name: &str) -> Result<(), ConfigError> {
        let Some(profile) = self.profile.remove(name) else {
            return Err(ConfigError::UnknownProfile {
                name: name.to_owned(),
                known: self.profile.keys().cloned().collect(),
            });
        };
        macro_rules! replace {
            ($($key:ident),*) => {$(
                if profile.$key.is_some() {
                    self.$key = profile.$key;
                }
            )*};
        }
        replace!(
            select,
            extend_select,
            ignore,
            fail_on,
            extend_rules,
            include,
            extend_include,
            exclude,
            extend_exclude
        );
        merge_rule_tables(&mut self.rules, profile.rules);
        self.per_path.extend(profile.per_path);
        self.profile.clear();
        Ok(())
    }
}

/// Merges `over` into `base` option by option; a table only `over` has is taken whole.
pub(super) fn merge_rule_tables(
    base: &mut BTreeMap<String, RuleTable>,
    over: BTreeMap<String, RuleTable>,
) {
    for (rule, table) in over {
        match base.get_mut(&rule) {
            Some(existing) => {
                // Errors in the merged options point at the overriding table.
                let span = table.span();
                let mut merged = existing.get_ref().clone();
                merged.extend(table.into_inner());
                *existing = toml::Spanned::new(span, merged);
            }
            None => {
                base.insert(rule, table);
            }
        }
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
    fn a_profile_replaces_keys_merges_rule_options_and_appends_per_path_entries() {
        let mut options = Options::from_toml(
            r#"
select = ["all"]
ignore = ["debris"]
[rules.excess-blank-lines]
max-blank-lines = 2
severity = "info"
[[per-path]]
paths = ["a"]
[profile.wire]
ignore = ["unicode"]
[profile.wire.rules.excess-blank-lines]
max-blank-lines = 1
[[profile.wire.per-path]]
paths = ["b"]
"#,
        )
        .unwrap();
        options.apply_profile("wire").unwrap();
        assert_eq!(options.select.as_deref().unwrap(), ["all"]);
        assert_eq!(options.ignore.as_deref().unwrap(), ["unicode"]);
        let table = options.rules["excess-blank-lines"].get_ref();
        assert_eq!(table["max-blank-lines"].as_integer(), Some(1));
        assert_eq!(table["severity"].as_str(), Some("info"));
        let paths: Vec<&str> = options
            .per_path
            .iter()
            .map(|entry| entry.paths.get_ref()[0].as_str())
            .collect();
        assert_eq!(paths, ["a", "b"]);
        assert!(matches!(
            options.apply_profile("wire"),
            Err(ConfigError::UnknownProfile { .. })
        ));
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_span() {
        let error = Options::from_toml("selcet = [\"all\"]\n").unwrap_err();
        assert!(error.to_string().contains("selcet"), "{error}");
        assert!(matches!(error, ConfigError::Parse { span: Some(_), .. }));
    }
}
