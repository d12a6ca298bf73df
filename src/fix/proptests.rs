//! Properties of the fix engine on arbitrary texts and edits: a pass takes only fixes that fit,
//! whole, and changes nothing outside their edits; the change record gives back the original and
//! the diff printed from it applies; the loop with the real rules converges and is idempotent.

use proptest::prelude::*;

use super::diff::tests::apply;
use super::*;
use crate::diagnostic::Diagnostic;
use crate::document::Span;
use crate::Linter;

/// Characters of every UTF-8 length, line breaks and the odd characters rules care about.
const CHARS: &[char] = &[
    'a',
    'b',
    ' ',
    '\n',
    '\r',
    '\t',
    '.',
    '\u{e9}',
    '\u{a0}',
    '\u{200b}',
    '\u{20ac}',
    '\u{feff}',
    '\u{1f600}',
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CHARS), 0..40).prop_map(String::from_iter)
}

/// Spans anywhere in `0..=len + 2`, so a few fall outside the text and, where characters take
/// more than one byte, some off a character boundary.
fn edit(len: usize) -> impl Strategy<Value = Edit> {
    let replacements = &["", "x", "yy", "\u{e9}\n", "\u{1f600}", "\r\n"][..];
    (0..len + 3, 0..6usize, prop::sample::select(replacements)).prop_map(
        |(start, len, replacement)| Edit::replace(Span::new(start, start + len), replacement),
    )
}

fn fix(len: usize) -> impl Strategy<Value = Diagnostic> {
    (
        prop::collection::vec(edit(len), 1..4),
        prop::sample::select(
            &[
                Applicability::Safe,
                Applicability::Safe,
                Applicability::Unsafe,
                Applicability::DisplayOnly,
            ][..],
        ),
        prop::sample::select(&["rule-a", "rule-b"][..]),
    )
        .prop_map(|(edits, applicability, rule)| {
            let fix = Fix::new(applicability, "fix it", edits);
            let mut diagnostic = Diagnostic::new(fix.span(), "found").with_fix(fix);
            diagnostic.rule = rule;
            diagnostic
        })
}

/// A text and findings with fixes on it.
fn text_and_fixes(most: usize) -> impl Strategy<Value = (String, Vec<Diagnostic>)> {
    text().prop_flat_map(move |text| {
        let fixes = prop::collection::vec(fix(text.len()), 0..most);
        (Just(text), fixes)
    })
}

fn mode() -> impl Strategy<Value = FixMode> {
    prop::sample::select(&[FixMode::SafeOnly, FixMode::IncludeUnsafe][..])
}

/// Edits applied the obvious way, one slice at a time.
fn reference_splice(text: &str, edits: &[&Edit]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out + &text[at..]
}

fn fits_text(text: &str, span: Span) -> bool {
    span.end <= text.len() && text.is_char_boundary(span.start) && text.is_char_boundary(span.end)
}

fn diff_of(text: &str, changes: &Changes) -> String {
    let mut out = Vec::new();
    write_unified_diff(&mut out, "f.txt", text, changes).expect("writing to a Vec");
    String::from_utf8(out).expect("diff of UTF-8 texts")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_pass_takes_whole_fitting_fixes_and_touches_nothing_else(
        (text, diagnostics) in text_and_fixes(10),
        mode in mode(),
    ) {
        let selection = select_fixes(&text, &diagnostics, mode);
        let taken = |edit: &Edit| selection.edits.iter().any(|e| std::ptr::eq(*e, edit));

        let mut accepted = 0;
        for diagnostic in &diagnostics {
            let fix = diagnostic.fix.as_ref().expect("every generated finding has a fix");
            let count = fix.edits.iter().filter(|e| taken(e)).count();
            prop_assert!(count == 0 || count == fix.edits.len(), "a fix applied in part");
            if count == 0 {
                // Left out only when not allowed, not fitting, or overlapping a taken edit:
                // deferred to the next pass, never merged into another fix.
                let fits = mode.allows(fix.applicability)
                    && fix.edits.iter().all(|e| fits_text(&text, e.span))
                    && fix.edits.windows(2).all(|w| !apply::overlaps(w[0].span, w[1].span));
                let clashes = fix.edits.iter().any(|e| {
                    selection.edits.iter().any(|t| apply::overlaps(t.span, e.span))
                });
                prop_assert!(!fits || clashes, "a fitting fix left out: {:?}", fix);
            } else {
                accepted += 1;
                prop_assert!(mode.allows(fix.applicability));
            }
        }
        prop_assert_eq!(selection.fixes.values().sum::<usize>(), accepted);
        for pair in selection.edits.windows(2) {
            prop_assert!(pair[0].span.start <= pair[1].span.start);
            prop_assert!(!apply::overlaps(pair[0].span, pair[1].span));
        }
        for edit in &selection.edits {
            prop_assert!(fits_text(&text, edit.span));
        }

        let expected = reference_splice(&text, &selection.edits);
        let mut changes = Changes::default();
        changes.record(&text, &selection.edits);
        let fixed = splice(text.clone(), &selection.edits);
        prop_assert_eq!(&fixed, &expected);
        prop_assert_eq!(changes.original(&fixed), text.clone());
        prop_assert_eq!(changes.is_empty(), fixed == text);
        prop_assert_eq!(apply(&text, &diff_of(&fixed, &changes)), fixed);
    }

    #[test]
    fn passes_compose_into_one_record_and_one_diff(
        (text, first) in text_and_fixes(8),
        later in prop::collection::vec(prop::collection::vec(fix(60), 0..8), 0..3),
    ) {
        let mut current = text.clone();
        let mut changes = Changes::default();
        for diagnostics in std::iter::once(&first).chain(&later) {
            let selection = select_fixes(&current, diagnostics, FixMode::IncludeUnsafe);
            changes.record(&current, &selection.edits);
            current = splice(current, &selection.edits);
        }
        prop_assert_eq!(changes.original(&current), text.clone());
        for pair in changes.as_slice().windows(2) {
            prop_assert!(pair[0].span.end < pair[1].span.start, "changes touch: {:?}", pair);
        }
        prop_assert_eq!(apply(&text, &diff_of(&current, &changes)), current);
    }
}

/// Words, spacing and damage the rules look for, so generated texts trip them often.
const PIECES: &[&str] = &[
    "the",
    "The",
    "the the",
    "Storm",
    "closes",
    "road",
    ".",
    ",",
    " ,",
    " ?",
    "!",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n\n",
    "\r\n\r\n\r\n",
    "\u{feff}",
    "\u{a0}",
    "\u{200b}",
    "\u{fffd}",
    "\u{e9}",
    "e\u{301}",
    "\u{fb01}",
    "\u{ab}",
    "\u{bb}",
    "TT",
    "20",
    "Share",
    "Advertisement",
    "A ferry waits.\n",
    "A ferry waits.\n",
    "\u{e2}\u{80}\u{99}",
    "\u{1f600}",
];

fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
}

fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(Linter::with_defaults)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_loop_with_every_rule_settles_and_a_second_run_changes_nothing(
        text in prose(),
        mode in mode(),
    ) {
        let fixed = linter().fix(&text, mode);
        prop_assert!(fixed.not_converged.is_empty(), "{:?}", fixed.not_converged);
        prop_assert_eq!(changes_original(&fixed), text.clone());
        prop_assert_eq!(apply(&text, &diff_of(&fixed.text, &fixed.changes)), fixed.text.clone());
        if text.starts_with('\u{feff}') {
            prop_assert!(fixed.text.starts_with('\u{feff}'), "the BOM was lost");
        }

        let again = linter().fix_owned(fixed.text.clone(), mode);
        prop_assert_eq!(&again.text, &fixed.text);
        prop_assert!(again.changes.is_empty() && again.fixes.is_empty());
    }
}

fn changes_original(outcome: &FixOutcome) -> String {
    outcome.changes.original(&outcome.text)
}
