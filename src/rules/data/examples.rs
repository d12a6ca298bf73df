//! A rule file's inline examples, and running them: each through a linter holding only its own
//! rule, so a house rule that no longer does what its examples say is reported when the file is
//! loaded (as Harper runs the tests written beside its data rules).

use std::fmt;
use std::ops::Range;

use super::DataRule;
use crate::fix::{FixMode, MAX_PASSES};
use crate::linter::{ActiveRule, Linter};
use crate::settings::ConfigError;

/// One `[[rule.example]]` table.
#[derive(Debug, Clone)]
pub(super) struct Example {
    pub text: String,
    pub fires: bool,
    pub fixed: Option<String>,
    /// The example's table in the rule file.
    pub span: Range<usize>,
}

/// An example its rule does not honour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: &'static str,
    /// 1-based position among the rule's examples.
    pub example: usize,
    /// What went wrong, lowercase, e.g. "expected a finding, found none".
    pub problem: String,
    /// The example's table in the rule file, in bytes.
    pub span: Range<usize>,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "example {} of data rule `{}` fails: {}",
            self.example, self.rule, self.problem
        )
    }
}

impl From<ExampleFailure> for ConfigError {
    fn from(failure: ExampleFailure) -> Self {
        ConfigError::DataRuleExample {
            rule: failure.rule.to_owned(),
            example: failure.example,
            problem: failure.problem,
            span: Some(failure.span.into()),
        }
    }
}

/// Runs every example of `rule`, appending the failures to `out`.
pub(super) fn check(rule: &DataRule, examples: &[Example], out: &mut Vec<ExampleFailure>) {
    if examples.is_empty() {
        return;
    }
    let meta = rule.meta();
    let linter = Linter::new(vec![ActiveRule {
        name: meta.name,
        severity: meta.severity,
        fix: meta.fix,
        rule: Box::new(rule.clone()),
    }]);
    for (index, example) in examples.iter().enumerate() {
        if let Some(problem) = problem(&linter, example) {
            out.push(ExampleFailure {
                rule: meta.name,
                example: index + 1,
                problem,
                span: example.span.clone(),
            });
        }
    }
}

fn problem(linter: &Linter, example: &Example) -> Option<String> {
    let text = example.text.as_str();
    let findings = linter.lint(text);
    match (example.fires, findings.first()) {
        (true, None) => return Some("expected a finding, found none".to_owned()),
        (false, Some(first)) => {
            return Some(format!(
                "expected no finding, but the rule flags {:?}",
                &text[first.span.start..first.span.end]
            ))
        }
        _ => {}
    }
    let outcome = linter.fix(text, FixMode::IncludeUnsafe);
    if !outcome.not_converged.is_empty() {
        return Some(format!("fixing does not settle after {MAX_PASSES} passes"));
    }
    match &example.fixed {
        Some(expected) if outcome.text != *expected => Some(format!(
            "fixing gives {:?}, expected {:?}",
            outcome.text, expected
        )),
        _ => None,
    }
}
