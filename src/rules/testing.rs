//! Test helpers shared by rule unit tests: run one rule over a text, and fix with it while
//! checking the fix contract (edits inside reported spans, convergence, idempotence).

use crate::diagnostic::Diagnostic;
use crate::fix::FixMode;
use crate::rule::{RuleEntry, RuleOptions};
use crate::{ActiveRule, Linter};

/// A linter running only `entry`, built with `options` (a TOML table, "" for the defaults).
pub(crate) fn linter(entry: &RuleEntry, options: &str) -> Linter {
    let table = toml::from_str(options).expect("test options are valid TOML");
    Linter::new(vec![ActiveRule {
        name: entry.meta.name,
        severity: entry.meta.severity,
        fix: entry.meta.fix,
        rule: (entry.build)(&RuleOptions(table)).expect("test options are accepted"),
    }])
}

/// The findings of `entry` with default options.
pub(crate) fn lint(entry: &RuleEntry, text: &str) -> Vec<Diagnostic> {
    linter(entry, "").lint(text)
}

/// The reported text of each finding of `entry` with default options.
pub(crate) fn reported<'a>(entry: &RuleEntry, text: &'a str) -> Vec<&'a str> {
    lint(entry, text)
        .iter()
        .map(|d| &text[d.span.start..d.span.end])
        .collect()
}

/// `text` after the fixes of `entry` that `mode` allows, checking the fix contract.
pub(crate) fn fixed(entry: &RuleEntry, text: &str, mode: FixMode) -> String {
    let linter = linter(entry, "");
    for diagnostic in linter.lint(text) {
        assert!(
            diagnostic.fix_stays_in_reported_spans(text),
            "fix edits outside its spans: {diagnostic:?}"
        );
    }
    let outcome = linter.fix(text, mode);
    assert!(outcome.not_converged.is_empty(), "fixes did not converge");
    assert_eq!(
        linter.fix(&outcome.text, mode).text,
        outcome.text,
        "a second fix changed the text"
    );
    outcome.text
}
