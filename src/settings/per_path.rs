//! `[[per-path]]` entries: rule settings for the files some globs match. All the entries' globs
//! are compiled once into one [`GlobSet`]; a file's key is the list of entries that match it,
//! and the linter for each distinct key is built on first use and shared, so a corpus of 50,000
//! files under three entries builds at most a handful of linters, never one per file.
//!
//! Globs follow `.gitignore`: relative to the configuration file's directory, `*` stays within
//! one path component, a glob without a `/` matches at any depth (`*.md`, `wire`), and a glob
//! that matches a directory covers everything below it (`wire/` and `wire/**` alike).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::{ConfigError, PerPath, RuleConfig};
use crate::linter::Linter;
use crate::rules::data::RuleFile;

pub(super) struct PerPathRules {
    base: RuleConfig,
    entries: Vec<PerPath>,
    rule_files: Vec<RuleFile>,
    globs: GlobSet,
    /// The entry each glob of `globs` comes from.
    owners: Vec<usize>,
    /// Linters by the sorted indices of the entries that apply.
    cache: Mutex<HashMap<Vec<usize>, Arc<Linter>>>,
}

impl PerPathRules {
    /// Compiles the entries' globs and builds each entry's linter once, so a mistake in any
    /// entry is reported before a file is linted.
    pub fn new(
        base: RuleConfig,
        entries: Vec<PerPath>,
        rule_files: &[RuleFile],
    ) -> Result<Self, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        let mut owners = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            for pattern in entry.paths.get_ref() {
                for glob in gitignore_style(pattern) {
                    let glob = GlobBuilder::new(&glob)
                        .literal_separator(true)
                        .build()
                        .map_err(|source| ConfigError::Glob {
                            pattern: pattern.clone(),
                            message: source.kind().to_string(),
                            span: Some(entry.paths.span().into()),
                        })?;
                    builder.add(glob);
                    owners.push(index);
                }
            }
        }
        let globs = builder.build().map_err(|source| ConfigError::Glob {
            pattern: String::new(),
            message: source.to_string(),
            span: None,
        })?;
        let rules = Self {
            base,
            entries,
            rule_files: rule_files.to_vec(),
            globs,
            owners,
            cache: Mutex::new(HashMap::new()),
        };
        for index in 0..rules.entries.len() {
            rules.linter(vec![index])?;
        }
        Ok(rules)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The linter for `relative` (a path relative to the configuration's directory), or `None`
    /// when no entry matches it.
    pub fn linter_for(&self, relative: &Path) -> Result<Option<Arc<Linter>>, ConfigError> {
        let matched = self.globs.matches(relative);
        if matched.is_empty() {
            return Ok(None);
        }
        let mut key: Vec<usize> = matched.iter().map(|&glob| self.owners[glob]).collect();
        key.sort_unstable();
        key.dedup();
        self.linter(key).map(Some)
    }

    /// The linter for the entries `key` lists, in file order, built on first use.
    fn linter(&self, key: Vec<usize>) -> Result<Arc<Linter>, ConfigError> {
        if let Some(linter) = self.lock().get(&key) {
            return Ok(Arc::clone(linter));
        }
        // Built outside the lock: threads wanting other keys go on meanwhile, and two threads
        // racing for one key build it twice at worst.
        let config = key.iter().fold(self.base.clone(), |config, &index| {
            config.overlay(&self.entries[index])
        });
        let linter = Arc::new(config.linter(&self.rule_files)?);
        Ok(Arc::clone(self.lock().entry(key).or_insert(linter)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Vec<usize>, Arc<Linter>>> {
        // The map is consistent between statements, so a panic elsewhere cannot corrupt it.
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The globs a `.gitignore`-style pattern stands for: the pattern itself, anchored at the root
/// when it holds a `/` and floating at any depth when not, and the same with `/**` for the
/// files below a directory it names.
fn gitignore_style(pattern: &str) -> [String; 2] {
    let trimmed = pattern.trim_end_matches('/');
    let anchored = match trimmed.strip_prefix('/') {
        Some(rest) => rest.to_owned(),
        None if trimmed.contains('/') => trimmed.trim_start_matches("./").to_owned(),
        None => format!("**/{trimmed}"),
    };
    let below = format!("{anchored}/**");
    [anchored, below]
}

#[cfg(test)]
mod tests {
    use super::super::{Options, Settings};
    use super::*;

    fn settings(toml: &str) -> Settings {
        Settings::resolve(Options::from_toml(toml).unwrap(), &[]).unwrap()
    }

    fn rules(settings: &Settings, path: &str) -> Vec<&'static str> {
        let linter = settings.linter_for(Path::new(path)).unwrap();
        let mut names: Vec<_> = linter.rule_names().collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn globs_match_like_gitignore() {
        let settings = settings(
            r#"
select = ["duplicate-line"]
[[per-path]]
paths = ["wire/"]
extend-select = ["trailing-whitespace"]
[[per-path]]
paths = ["*.md", "/notes/*.txt"]
extend-select = ["multiple-spaces"]
"#,
        );
        assert_eq!(rules(&settings, "a.txt"), ["duplicate-line"]);
        assert_eq!(
            rules(&settings, "wire/deep/a.txt"),
            ["duplicate-line", "trailing-whitespace"]
        );
        // As in .gitignore, a slash only at the end does not anchor.
        assert_eq!(
            rules(&settings, "x/wire/a.txt"),
            ["duplicate-line", "trailing-whitespace"]
        );
        assert_eq!(rules(&settings, "wired/a.txt"), ["duplicate-line"]);
        assert_eq!(
            rules(&settings, "deep/er/a.md"),
            ["duplicate-line", "multiple-spaces"]
        );
        assert_eq!(
            rules(&settings, "notes/a.txt"),
            ["duplicate-line", "multiple-spaces"]
        );
        assert_eq!(rules(&settings, "notes/deep/a.txt"), ["duplicate-line"]);
        assert_eq!(
            rules(&settings, "wire/a.md"),
            ["duplicate-line", "multiple-spaces", "trailing-whitespace"]
        );
    }

    #[test]
    fn later_entries_win_and_rule_options_merge() {
        let settings = settings(
            r#"
[rules.excess-blank-lines]
max-blank-lines = 3
severity = "info"
[[per-path]]
paths = ["wire/**"]
select = ["trailing-whitespace"]
ignore = ["trailing-whitespace"]
[[per-path]]
paths = ["wire/**"]
select = ["excess-blank-lines"]
[per-path.rules.excess-blank-lines]
max-blank-lines = 1
"#,
        );
        assert_eq!(rules(&settings, "wire/a.txt"), ["excess-blank-lines"]);
        let linter = settings.linter_for(Path::new("wire/a.txt")).unwrap();
        let findings = linter.lint("A\n\n\nB\n");
        assert_eq!(findings.len(), 1, "one blank line is allowed, not three");
        assert_eq!(findings[0].severity, crate::Severity::Info);
    }

    #[test]
    fn each_combination_is_built_once() {
        let settings = settings(
            r#"
[[per-path]]
paths = ["wire/**"]
ignore = ["repetition"]
"#,
        );
        let first = settings.linter_for(Path::new("wire/a.txt")).unwrap();
        let second = settings.linter_for(Path::new("wire/b/c.txt")).unwrap();
        let (LinterRef::PerPath(first), LinterRef::PerPath(second)) = (first, second) else {
            panic!("both files match the entry");
        };
        assert!(Arc::ptr_eq(&first, &second));
        assert!(matches!(
            settings.linter_for(Path::new("a.txt")).unwrap(),
            LinterRef::Base(_)
        ));
    }

    #[test]
    fn mistakes_in_an_entry_are_found_up_front() {
        let error = |toml: &str| {
            let options = Options::from_toml(toml).unwrap();
            Settings::resolve(options, &[]).err().unwrap().to_string()
        };
        assert_eq!(
            error("[[per-path]]\npaths = [\"a\"]\nignore = [\"no-such-rule\"]\n"),
            "unknown rule or category `no-such-rule` in ignore"
        );
        assert_eq!(
            error("[[per-path]]\npaths = [\"a[\"]\n"),
            "invalid glob `a[`: unclosed character class; missing ']'"
        );
        assert!(error("[[per-path]]\npaths = [\"a\"]\n[per-path.rules.excess-blank-lines]\nmax-blank-lines = \"x\"\n")
            .starts_with("invalid options for rule `excess-blank-lines`"));
    }

    use super::super::LinterRef;
}
