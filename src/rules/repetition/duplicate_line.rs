//! `duplicate-line`: a line equal to the line right above it.

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(DuplicateLine)),
};

const META: RuleMeta = RuleMeta {
    name: "duplicate-line",
    category: Category::Repetition,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a line repeats the line right above it",
    docs: RuleDocs {
        what: "Finds a non-blank line equal to the line directly above it, compared after folding \
               whitespace, quote style and Unicode compatibility forms.",
        why: "Scraped pages often print a photo caption twice: once in the image element and once \
              in its caption element. The copy adds nothing and reads as a mistake.",
        options: "",
        fix: "Safe: deletes the second copy, line terminator included. The first copy stays, so \
              no text is lost.",
    },
    fires: &[
        "A ferry waits at the pier. Photo: J. Doe\nA ferry waits at the pier. Photo: J. Doe\n",
        "The \"plan\" is set.\nThe  \u{201c}plan\u{201d} is set.\n",
    ],
    silent: &[
        "A ferry waits at the pier.\n\nA ferry waits at the pier.\n",
        "Yes.\nNo.\n",
    ],
};

struct DuplicateLine;

impl Rule for DuplicateLine {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let lines = doc.lines();
        let keys = doc.line_keys();
        for index in 1..lines.len() {
            let (above, line) = (&lines[index - 1], &lines[index]);
            if line.blank
                || keys[index] != keys[index - 1]
                || !same_folded(doc, above.content(), line.content())
            {
                continue;
            }
            let removed = Span::new(above.end, line.end);
            reporter.report(
                Diagnostic::new(line.content(), "line repeats the line above")
                    .with_related(above.content(), "first copy here")
                    .with_fix(Fix::safe_edits(
                        "delete the repeated line",
                        vec![Edit::delete(removed)],
                    )),
            );
        }
    }
}

/// Confirms a hash match, so a collision never deletes text.
fn same_folded(doc: &Document, a: Span, b: Span) -> bool {
    let (a, b) = (doc.slice(a), doc.slice(b));
    a == b || crate::document::fold(a) == crate::document::fold(b)
}
