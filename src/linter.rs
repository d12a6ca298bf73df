//! The linter: a configured set of rules run over one text.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::Document;
use crate::fix::{fix_owned_until_stable, fix_until_stable, FixMode, FixOutcome};
use crate::registry;
use crate::rule::{Rule, RuleOptions};

/// Documents from this size up run their rules in parallel ([`Linter::lint`]): a few
/// milliseconds of work per rule, against microseconds to hand a rule to another thread.
const PARALLEL_RULES_BYTES: usize = 1 << 20;

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
    ///
    /// The rules of a large document run in parallel on rayon's pool (one thread under
    /// `--jobs 1`), each into its own list, joined in rule order: the findings are the same as
    /// from one thread. Smaller documents, the usual case, get their parallelism from running
    /// many documents at once instead.
    pub fn lint(&self, text: &str) -> Vec<Diagnostic> {
        let doc = Document::new(text);
        let run = |active: &ActiveRule, out: &mut Vec<Diagnostic>| {
            active
                .rule
                .check(&doc, &mut Reporter::new(active.name, active.severity, out));
        };
        let mut out = Vec::new();
        if text.len() >= PARALLEL_RULES_BYTES && rayon::current_num_threads() > 1 {
            let per_rule: Vec<Vec<Diagnostic>> = self
                .rules
                .par_iter()
                .map(|active| {
                    let mut found = Vec::new();
                    run(active, &mut found);
                    found
                })
                .collect();
            out = per_rule.into_iter().flatten().collect();
        } else {
            for active in &self.rules {
                run(active, &mut out);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's examples that fire, repeated past [`PARALLEL_RULES_BYTES`].
    fn large_document() -> String {
        let examples: String = registry::all()
            .flat_map(|entry| entry.meta.fires.iter().chain(entry.meta.silent))
            .map(|example| format!("{example}\n"))
            .collect();
        examples.repeat(PARALLEL_RULES_BYTES / examples.len() + 1)
    }

    fn lint_on_threads(linter: &Linter, text: &str, threads: usize) -> Vec<Diagnostic> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
            .install(|| linter.lint(text))
    }

    #[test]
    fn rules_in_parallel_find_what_one_thread_finds() {
        let (linter, text) = (Linter::with_defaults(), large_document());
        let one = lint_on_threads(&linter, &text, 1);
        assert!(one.len() > 1000);
        assert_eq!(lint_on_threads(&linter, &text, 4), one);
    }
}
