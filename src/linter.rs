//! The linter: a configured set of rules run over one text.

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::Document;
use crate::fix::{fix_owned_until_stable, FixMode, FixOutcome};
use crate::registry;
use crate::rule::{FixAvailability, Rule, RuleOptions};

/// Documents from this size up run their rules in parallel ([`Linter::lint`]): a few
/// milliseconds of work per rule, against microseconds to hand a rule to another thread.
const PARALLEL_RULES_BYTES: usize = 1 << 20;

/// A rule ready to run, with the name and severity its findings carry.
pub struct ActiveRule {
    pub name: &'static str,
    pub severity: Severity,
    /// The fixes the rule offers, as its metadata declares them.
    pub fix: FixAvailability,
    pub rule: Box<dyn Rule>,
}

impl ActiveRule {
    /// Whether the rule can offer a fix that `mode` applies.
    fn may_fix(&self, mode: FixMode) -> bool {
        match self.fix {
            FixAvailability::None => false,
            FixAvailability::Unsafe => mode == FixMode::IncludeUnsafe,
            FixAvailability::Safe | FixAvailability::Mixed => true,
        }
    }
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
                fix: entry.meta.fix,
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
        lint_with(&self.rules.iter().collect::<Vec<_>>(), text)
    }

    /// Applies fixes allowed by `mode` to a copy of `text` until it settles.
    pub fn fix(&self, text: &str, mode: FixMode) -> FixOutcome {
        self.fix_owned(text.to_owned(), mode)
    }

    /// As [`Linter::fix`], fixing `text` in its own buffer rather than a copy.
    ///
    /// Only the rules that can offer a fix `mode` applies run on every pass; the others (the
    /// costly sentence-level rules, whose fixes are all unsafe, under plain `fix`) run once, on
    /// the final text, for what remains. The findings are those of a full lint of that text.
    pub fn fix_owned(&self, text: String, mode: FixMode) -> FixOutcome {
        let (fixing, others): (Vec<&ActiveRule>, Vec<&ActiveRule>) =
            self.rules.iter().partition(|rule| rule.may_fix(mode));
        let mut outcome = fix_owned_until_stable(text, mode, |t| lint_with(&fixing, t));
        if !others.is_empty() {
            outcome.remaining.extend(lint_with(&others, &outcome.text));
            sort_findings(&mut outcome.remaining);
        }
        outcome
    }
}

/// The findings of `rules` in `text`, ordered by position, then rule name.
///
/// The rules of a large document run in parallel on rayon's pool (one thread under `--jobs 1`),
/// each into its own list, joined in rule order: the findings are the same as from one thread.
/// Smaller documents, the usual case, get their parallelism from running many documents at
/// once instead.
fn lint_with(rules: &[&ActiveRule], text: &str) -> Vec<Diagnostic> {
    let doc = Document::new(text);
    let run = |active: &ActiveRule, out: &mut Vec<Diagnostic>| {
        active
            .rule
            .check(&doc, &mut Reporter::new(active.name, active.severity, out));
    };
    let mut out = Vec::new();
    if text.len() >= PARALLEL_RULES_BYTES && rayon::current_num_threads() > 1 {
        let per_rule: Vec<Vec<Diagnostic>> = rules
            .par_iter()
            .map(|active| {
                let mut found = Vec::new();
                run(active, &mut found);
                found
            })
            .collect();
        out = per_rule.into_iter().flatten().collect();
    } else {
        for active in rules {
            run(active, &mut out);
        }
    }
    sort_findings(&mut out);
    out
}

/// Orders findings by position, then rule name; a rule's findings at one span keep the order it
/// reported them in.
/// Puts findings in document order (then by rule), keeping the order rules reported them in
/// among equals, as a stable sort would, but without a stable sort's scratch copy of the
/// findings: a file with tens of thousands of findings would pay megabytes of peak memory for
/// it. The findings' indices are sorted instead and the findings moved into place by swaps.
fn sort_findings(findings: &mut [Diagnostic]) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_unstable_by_key(|&index| {
        let finding = &findings[index];
        (finding.span.start, finding.span.end, finding.rule, index)
    });
    place_in_order(findings, &mut order);
}

/// Rearranges `items` so that position `i` holds the item that was at `order[i]`, a cycle of
/// the permutation at a time; `order` is used up.
fn place_in_order<T>(items: &mut [T], order: &mut [usize]) {
    const PLACED: usize = usize::MAX;
    for start in 0..items.len() {
        let mut current = start;
        while order[current] != PLACED {
            let next = order[current];
            order[current] = PLACED;
            if next != start {
                items.swap(current, next);
            }
            current = next;
        }
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
    use crate::document::Span;

    /// Every rule's declared examples, one after another.
    fn examples() -> String {
        registry::all()
            .flat_map(|entry| entry.meta.fires.iter().chain(entry.meta.silent))
            .map(|example| format!("{example}\n"))
            .collect()
    }

    /// [`examples`], repeated past [`PARALLEL_RULES_BYTES`].
    fn large_document() -> String {
        let examples = examples();
        examples.repeat(PARALLEL_RULES_BYTES / examples.len() + 1)
    }

    #[test]
    fn what_remains_after_a_fix_is_what_a_full_lint_finds() {
        let (linter, text) = (Linter::with_defaults(), examples());
        for mode in [FixMode::SafeOnly, FixMode::IncludeUnsafe] {
            let outcome = linter.fix(&text, mode);
            assert!(outcome.changed());
            assert!(!outcome.remaining.is_empty());
            assert_eq!(outcome.remaining, linter.lint(&outcome.text), "{mode:?}");
        }
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

    proptest::proptest! {
        #[test]
        fn findings_sort_as_a_stable_sort_would(
            keys in proptest::collection::vec((0usize..6, 0usize..3, 0usize..3), 0..200),
        ) {
            const RULES: [&str; 3] = ["a-rule", "b-rule", "c-rule"];
            let findings: Vec<Diagnostic> = keys
                .iter()
                .enumerate()
                .map(|(index, &(start, length, rule))| {
                    let mut finding =
                        Diagnostic::new(Span::new(start, start + length), index.to_string());
                    finding.rule = RULES[rule];
                    finding
                })
                .collect();
            let mut expected = findings.clone();
            expected.sort_by_key(|f| (f.span.start, f.span.end, f.rule));
            let mut sorted = findings;
            sort_findings(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }
    }
}
