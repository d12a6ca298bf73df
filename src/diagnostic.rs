//! What a rule reports: a span, a message, optional related spans, help and a fix.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::Span;
use crate::fix::Fix;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A second place a finding points at, such as the first copy of a repeated block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub message: String,
    pub span: Span,
}

/// One finding. `rule` and `severity` are filled in by the engine from the rule's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// The least severity this finding may carry, whatever the rule is configured to: set by a
    /// rule whose worst cases outrank its default (see [`Diagnostic::with_severity_floor`]).
    pub severity_floor: Option<Severity>,
    pub message: String,
    pub span: Span,
    pub related: Vec<Related>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            rule: "",
            severity: Severity::Warning,
            severity_floor: None,
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            message: message.into(),
            span,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Reports this finding at `floor` or above even when the rule's configured severity is
    /// lower, as `invisible-character` does for bidirectional controls ("trojan source"). The
    /// configured severity still applies when it is higher; silencing takes ignoring the rule.
    pub fn with_severity_floor(mut self, floor: Severity) -> Self {
        self.severity_floor = Some(floor);
        self
    }

    /// Whether every edit of the fix lies inside the diagnostic's span or one of its related
    /// spans, each widened by the line terminator right before and right after it (deleting a
    /// reported line takes its line break along): the contract that a fix only touches what it
    /// reports.
    pub fn fix_stays_in_reported_spans(&self, text: &str) -> bool {
        let widen = |span: Span| {
            let before = &text.as_bytes()[..span.start];
            let after = &text.as_bytes()[span.end..];
            let back = if before.ends_with(b"\r\n") {
                2
            } else {
                usize::from(before.ends_with(b"\n"))
            };
            let forward = if after.starts_with(b"\r\n") {
                2
            } else {
                usize::from(after.starts_with(b"\n"))
            };
            Span::new(span.start - back, span.end + forward)
        };
        self.fix.as_ref().map_or(true, |fix| {
            fix.edits.iter().all(|edit| {
                std::iter::once(self.span)
                    .chain(self.related.iter().map(|r| r.span))
                    .any(|span| widen(span).contains(edit.span))
            })
        })
    }
}

/// Collects one rule's diagnostics, stamping each with the rule's name and severity (raised to
/// the diagnostic's severity floor, if it has one).
pub struct Reporter<'a> {
    rule: &'static str,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(
        rule: &'static str,
        severity: Severity,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            rule,
            severity,
            out,
        }
    }

    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.rule = self.rule;
        diagnostic.severity = diagnostic
            .severity_floor
            .map_or(self.severity, |floor| self.severity.max(floor));
        self.out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_floor_raises_but_never_lowers() {
        let mut out = Vec::new();
        let mut reporter = Reporter::new("r", Severity::Info, &mut out);
        reporter.report(Diagnostic::new(Span::new(0, 1), "a"));
        reporter.report(Diagnostic::new(Span::new(0, 1), "b").with_severity_floor(Severity::Error));
        let mut reporter = Reporter::new("r", Severity::Error, &mut out);
        reporter
            .report(Diagnostic::new(Span::new(0, 1), "c").with_severity_floor(Severity::Warning));
        let severities: Vec<_> = out.iter().map(|d| d.severity).collect();
        assert_eq!(
            severities,
            [Severity::Info, Severity::Error, Severity::Error]
        );
    }
}
