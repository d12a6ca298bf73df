//! Configuration: raw options as written in `copydesk.toml` ([`Options`]), resolved into what a
//! run uses ([`Settings`]): the linter with its selected, configured rules, the fail level, and
//! which files a directory walk picks up. `[[per-path]]` entries change the rules for the files
//! their globs match ([`Settings::linter_for`]); `[profile.NAME]` tables are whole alternative
//! settings laid over the top level before resolving ([`Options::apply_profile`]).
//!
//! Reading files and walking up directories to find the config is the CLI's job; this module
//! only parses text it is handed, so errors can point into it.

mod error;
mod options;
mod per_path;
mod selection;

use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::linter::{ActiveRule, Linter};
use crate::registry;
use crate::rule::RuleOptions;
use crate::rules::data::RuleFile;

pub use error::ConfigError;
pub use options::{FailOn, Options, PerPath, RuleTable};
use per_path::PerPathRules;
pub use selection::Selection;

/// File patterns a directory walk lints when none are configured.
pub const DEFAULT_INCLUDE: &[&str] = &["*.txt", "*.md"];

/// A resolved configuration.
pub struct Settings {
    /// The linter for files no `[[per-path]]` entry matches.
    pub linter: Linter,
    pub fail_on: FailOn,
    /// Files a directory walk picks up (matched on the file name and the relative path).
    pub include: GlobSet,
    /// Files and directories a walk skips.
    pub exclude: GlobSet,
    /// The directory `[[per-path]]` globs are relative to (the configuration file's), absolute.
    pub root: Option<PathBuf>,
    per_path: PerPathRules,
}

impl Settings {
    /// Resolves `options`, adding the data rules of `rule_files` (already read and parsed).
    pub fn resolve(options: Options, rule_files: &[RuleFile]) -> Result<Self, ConfigError> {
        crate::rules::data::check_distinct(rule_files)?;
        let base = RuleConfig {
            select: options.select,
            extend_select: options.extend_select.unwrap_or_default(),
            ignore: options.ignore.unwrap_or_default(),
            rules: options.rules,
        };
        let linter = base.linter(rule_files)?;
        Ok(Self {
            linter,
            fail_on: options.fail_on.unwrap_or_default(),
            include: glob_set(
                options.include.as_deref(),
                DEFAULT_INCLUDE,
                options.extend_include.as_deref(),
            )?,
            exclude: glob_set(
                options.exclude.as_deref(),
                &[],
                options.extend_exclude.as_deref(),
            )?,
            root: None,
            per_path: PerPathRules::new(base, options.per_path, rule_files)?,
        })
    }

    /// Whether any `[[per-path]]` entry is configured: if not, every file gets [`Settings::linter`].
    pub fn has_per_path(&self) -> bool {
        !self.per_path.is_empty()
    }

    /// The linter for the file at `path`: absolute, or relative to [`Settings::root`]. The
    /// `[[per-path]]` entries whose globs match it are laid over the top-level rule settings;
    /// each distinct combination is built once and shared.
    pub fn linter_for(&self, path: &Path) -> Result<LinterRef<'_>, ConfigError> {
        if self.per_path.is_empty() {
            return Ok(LinterRef::Base(&self.linter));
        }
        let relative = match &self.root {
            Some(root) if path.is_absolute() => match path.strip_prefix(root) {
                Ok(relative) => relative,
                Err(_) => return Ok(LinterRef::Base(&self.linter)),
            },
            _ => path,
        };
        Ok(match self.per_path.linter_for(relative)? {
            Some(linter) => LinterRef::PerPath(linter),
            None => LinterRef::Base(&self.linter),
        })
    }
}

/// A linter from [`Settings::linter_for`]: the top-level one, or one a per-path combination
/// built.
pub enum LinterRef<'a> {
    Base(&'a Linter),
    PerPath(Arc<Linter>),
}

impl Deref for LinterRef<'_> {
    type Target = Linter;

    fn deref(&self) -> &Linter {
        match self {
            LinterRef::Base(linter) => linter,
            LinterRef::PerPath(linter) => linter,
        }
    }
}

/// The settings that decide which rules run and how: what a `[[per-path]]` entry can change.
#[derive(Debug, Clone)]
struct RuleConfig {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    rules: BTreeMap<String, RuleTable>,
}

impl RuleConfig {
    /// These settings with `entry`'s laid over them.
    fn overlay(&self, entry: &PerPath) -> Self {
        let mut config = self.clone();
        if let Some(select) = &entry.select {
            config.select = Some(select.clone());
            config.extend_select.clear();
        }
        config
            .extend_select
            .extend(entry.extend_select.iter().flatten().cloned());
        config.ignore.extend(entry.ignore.iter().flatten().cloned());
        options::merge_rule_tables(&mut config.rules, entry.rules.clone());
        config
    }

    /// The linter these settings describe, with the data rules of `rule_files`.
    fn linter(&self, rule_files: &[RuleFile]) -> Result<Linter, ConfigError> {
        let selection = Selection::new(self.select.as_deref(), &self.extend_select, &self.ignore);
        let data_rule_names: Vec<&str> = rule_files
            .iter()
            .flat_map(|file| file.rules().iter().map(|rule| rule.meta().name))
            .collect();
        selection.check_names(&data_rule_names)?;
        check_rule_tables(&self.rules, &data_rule_names)?;

        let mut rules = Vec::new();
        for entry in registry::all() {
            let meta = entry.meta;
            if !selection.enables(meta.name, meta.category) {
                continue;
            }
            let table = self.rules.get(meta.name);
            let (severity, rule_options) = split_table(meta.name, table, meta.severity)?;
            let rule = (entry.build)(&rule_options)
                .map_err(|source| options_error(meta.name, table, source.message()))?;
            rules.push(ActiveRule {
                name: meta.name,
                severity,
                fix: meta.fix,
                rule,
            });
        }
        for file in rule_files {
            for rule in file.rules() {
                let meta = rule.meta();
                if !selection.enables(meta.name, meta.category) {
                    continue;
                }
                let table = self.rules.get(meta.name);
                let (severity, rule_options) = split_table(meta.name, table, meta.severity)?;
                if let Some(key) = rule_options.0.keys().next() {
                    let message = format!("data rules take only `severity`, found `{key}`");
                    return Err(options_error(meta.name, table, &message));
                }
                rules.push(ActiveRule {
                    name: meta.name,
                    severity,
                    fix: meta.fix,
                    rule: Box::new(rule.clone()),
                });
            }
        }
        Ok(Linter::new(rules))
    }
}

fn check_rule_tables(
    tables: &BTreeMap<String, RuleTable>,
    data_rule_names: &[&str],
) -> Result<(), ConfigError> {
    for (name, table) in tables {
        if registry::find(name).is_none() && !data_rule_names.contains(&name.as_str()) {
            return Err(ConfigError::UnknownRule {
                name: name.clone(),
                span: Some(table.span().into()),
            });
        }
    }
    Ok(())
}

fn options_error(rule: &str, table: Option<&RuleTable>, message: &str) -> ConfigError {
    ConfigError::RuleOptions {
        rule: rule.to_owned(),
        message: message.trim().to_owned(),
        span: table.map(|t| t.span().into()),
    }
}

/// Splits `[rules.NAME]` into the common `severity` key and the rule's own options.
fn split_table(
    rule: &str,
    table: Option<&RuleTable>,
    default: Severity,
) -> Result<(Severity, RuleOptions), ConfigError> {
    let Some(spanned) = table else {
        return Ok((default, RuleOptions::default()));
    };
    let mut own = spanned.get_ref().clone();
    let severity = match own.remove("severity") {
        None => default,
        Some(value) => Severity::deserialize(value)
            .map_err(|source| options_error(rule, table, source.message()))?,
    };
    Ok((severity, RuleOptions(own)))
}

fn glob_set(
    patterns: Option<&[String]>,
    defaults: &[&str],
    extend: Option<&[String]>,
) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    let base: Vec<&str> = match patterns {
        Some(patterns) => patterns.iter().map(String::as_str).collect(),
        None => defaults.to_vec(),
    };
    for pattern in base
        .into_iter()
        .chain(extend.unwrap_or_default().iter().map(String::as_str))
    {
        let glob = Glob::new(pattern).map_err(|source| ConfigError::Glob {
            pattern: pattern.to_owned(),
            message: source.kind().to_string(),
            span: None,
        })?;
        builder.add(glob);
    }
    builder.build().map_err(|source| ConfigError::Glob {
        pattern: String::new(),
        message: source.to_string(),
        span: None,
    })
}
