//! Property tests for the join rules on text built from the pieces they look at: every span
//! they report and every edit they propose lies on character boundaries (odd spaces such as
//! U+00A0 are two or three bytes), and fixing with them settles.

use proptest::prelude::*;

use crate::fix::FixMode;
use crate::registry;
use crate::{ActiveRule, Linter};

const PIECES: &[&str] = &[
    "the",
    "capital",
    "Officials",
    "The",
    "Europe",
    "devel",
    "opment",
    "well",
    "known",
    "and",
    "iPhone",
    "van",
    "Gaal",
    "U.S",
    "www.x.co",
    "3",
    "5",
    ".",
    ".",
    "!",
    "?",
    "...",
    "-",
    "-",
    ",",
    ":",
    ")",
    "(",
    "\"",
    "\u{201c}",
    "\u{201d}",
    "\u{2019}",
    "'",
    "\u{2026}",
    "\u{2014}",
    " ",
    " ",
    "\n",
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\u{a0}",
    "\u{2003}",
    "\u{202f}",
    "\t",
    "\u{e9}t\u{e9}",
    "\u{c9}mile",
    "\u{2010}",
    "- ",
    "1. ",
    "By ",
    "Photo: ",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

fn joins() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        Linter::new(
            super::RULES
                .iter()
                .map(|entry| ActiveRule {
                    name: entry.meta.name,
                    severity: entry.meta.severity,
                    fix: entry.meta.fix,
                    rule: (entry.build)(&Default::default()).expect("default options"),
                })
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn spans_and_edits_fall_on_character_boundaries(text in text()) {
        let on_boundaries = |start: usize, end: usize| {
            start <= end && text.is_char_boundary(start) && text.is_char_boundary(end)
        };
        for diagnostic in joins().lint(&text) {
            prop_assert!(on_boundaries(diagnostic.span.start, diagnostic.span.end), "{diagnostic:?}");
            prop_assert!(diagnostic.fix_stays_in_reported_spans(&text), "{diagnostic:?}");
            for edit in diagnostic.fix.iter().flat_map(|fix| &fix.edits) {
                prop_assert!(on_boundaries(edit.span.start, edit.span.end), "{diagnostic:?}");
            }
        }
        let fixed = joins().fix(&text, FixMode::IncludeUnsafe);
        prop_assert!(fixed.not_converged.is_empty(), "{:?}", fixed.not_converged);
        prop_assert_eq!(joins().fix(&fixed.text, FixMode::IncludeUnsafe).text, fixed.text);
    }
}

#[test]
fn every_join_rule_is_registered() {
    for entry in super::RULES {
        assert!(
            registry::find(entry.meta.name).is_some(),
            "{}",
            entry.meta.name
        );
    }
}
