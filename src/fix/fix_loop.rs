//! The fix loop: lint, apply, re-lint, until nothing applicable remains or the pass cap is hit.

use std::collections::BTreeMap;

use super::{select_fixes, splice, Changes, FixMode};
use crate::diagnostic::Diagnostic;

/// Passes before a fix run gives up; real documents settle in two or three.
pub const MAX_PASSES: usize = 10;

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// Where `text` differs from the text the run started with.
    pub changes: Changes,
    /// Fixes applied, per rule, over all passes.
    pub fixes: BTreeMap<&'static str, usize>,
    /// Diagnostics on the final text.
    pub remaining: Vec<Diagnostic>,
    /// Rules still producing fixes when the pass cap was hit; empty when the loop converged.
    pub not_converged: Vec<&'static str>,
}

impl FixOutcome {
    pub fn fix_count(&self) -> usize {
        self.fixes.values().sum()
    }

    /// Whether the fixes changed the text.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// Fixes a copy of `text` with the diagnostics `lint` produces, re-linting after each pass.
pub fn fix_until_stable(
    text: &str,
    mode: FixMode,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> FixOutcome {
    fix_owned_until_stable(text.to_owned(), mode, lint)
}

/// Fixes `text` in its own buffer with the diagnostics `lint` produces, re-linting after each
/// pass: the loop holds one copy of the text, and the diagnostics of one pass, at a time. A pass
/// whose edits would leave the text as it is ends the run.
pub fn fix_owned_until_stable(
    text: String,
    mode: FixMode,
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> FixOutcome {
    let mut current = text;
    let mut changes = Changes::default();
    let mut fixes = BTreeMap::new();
    let mut diagnostics = lint(&current);
    for _ in 0..MAX_PASSES {
        let selection = select_fixes(&current, &diagnostics, mode);
        if selection.changes_nothing(&current) {
            return FixOutcome {
                text: current,
                changes,
                fixes,
                remaining: diagnostics,
                not_converged: Vec::new(),
            };
        }
        for (rule, count) in &selection.fixes {
            *fixes.entry(*rule).or_insert(0) += count;
        }
        changes.record(&current, &selection.edits);
        current = splice(current, &selection.edits);
        // Free this pass's diagnostics before the next lint allocates its own.
        drop(diagnostics);
        diagnostics = lint(&current);
    }
    let not_converged = select_fixes(&current, &diagnostics, mode)
        .fixes
        .into_keys()
        .collect();
    FixOutcome {
        text: current,
        changes,
        fixes,
        remaining: diagnostics,
        not_converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::fix::{Edit, Fix};

    fn lint_double_spaces(text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(at) = text.find("  ") {
            let mut d =
                Diagnostic::new(Span::new(at, at + 2), "two spaces").with_fix(Fix::safe_edits(
                    "use one space",
                    vec![Edit::replace(Span::new(at, at + 2), " ")],
                ));
            d.rule = "multiple-spaces";
            out.push(d);
        }
        out
    }

    #[test]
    fn loop_runs_until_nothing_changes() {
        let outcome = fix_until_stable("a    b", FixMode::SafeOnly, lint_double_spaces);
        assert_eq!(outcome.text, "a b");
        assert_eq!(outcome.fixes["multiple-spaces"], 3);
        assert!(outcome.not_converged.is_empty());
    }

    #[test]
    fn a_fix_that_never_settles_is_named() {
        let grow = |text: &str| {
            let mut d = Diagnostic::new(Span::new(0, 0), "grow")
                .with_fix(Fix::safe_edits("grow", vec![Edit::insert(0, "x")]));
            d.rule = "grower";
            let _ = text;
            vec![d]
        };
        let outcome = fix_until_stable("", FixMode::SafeOnly, grow);
        assert_eq!(outcome.not_converged, ["grower"]);
        assert_eq!(outcome.text.len(), MAX_PASSES);
    }
}
