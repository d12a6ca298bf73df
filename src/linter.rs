//! The linter: a configured set of rules run over one text.

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::Document;
use crate::fix::{fix_owned_until_stable, fix_until_stable, FixMode, FixOutcome};
use crate::registry;
use crate::rule::{Rule, RuleOptions};

/// A rule ready to run, with the name and severity its findings carry.
pub struct ActiveRule {
    pub name: &'static str,
    pub severity: Severity,
    pub rule: Box<dyn Rule>,
}

/// Runs a set of rules over texts. Cheap to share across threads.
pub struct Linter {
    rules: Vec<ActiveRule>,
}

impl Linter {
    pub fn new(rules: Vec<ActiveRule>) -> Self {
        Self { rules }
    }

    /// Every built-in rule with default options and severities.
    pub fn with_defaults() -> Self {
        let rules = registry::all()
            .map(|entry| ActiveRule {
                name: entry.meta.name,
                severity: entry.meta.severity,
                rule: (entry.build)(&RuleOptions::default())
                    .expect("every built-in rule accepts empty options"),
            })
            .collect();
        Self::new(rules)
    }

    /// Names of the rules this linter runs.
    pub fn rule_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|r| r.name)
    }

    /// All findings in `text`, ordered by position, then rule name.
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        for active in &self.rules {
            active.rule.check(
                &doc,
                &mut Reporter::new(active.name, active.severity, &mut out),
            );
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        out
    }

    /// Applies fixes allowed by `mode` to a copy of `text` until it settles.
    pub fn fix(&self, text: &str, mode: FixMode) -> FixOutcome {
        fix_until_stable(text, mode, |t| self.lint(t))
    }

    /// As [`Linter::fix`], fixing `text` in its own buffer rather than a copy.
    pub fn fix_owned(&self, text: String, mode: FixMode) -> FixOutcome {
        fix_owned_until_stable(text, mode, |t| self.lint(t))
    }
}

impl Default for Linter {
    fn default() -> Self {
        Self::with_defaults()
    }
}
