//! `trailing-whitespace`: spaces, tabs or other whitespace at the end of a line, including a
//! blank line that is not empty.

use super::is_soft_space;
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(TrailingWhitespace)),
};

const META: RuleMeta = RuleMeta {
    name: "trailing-whitespace",
    category: Category::Debris,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a line ends in spaces, tabs or no-break spaces",
    docs: RuleDocs {
        what: "Finds whitespace at the end of a line: plain spaces, tabs, no-break spaces and \
               the other Unicode spaces. A blank line holding only whitespace is reported too. \
               Control characters such as a stray carriage return are left to the unicode \
               rules.",
        why: "Scraped headlines and paragraphs often end in the space or no-break space that \
              separated them from a link or icon on the page. Invisible in print, it breaks \
              comparisons, diffs and duplicate detection. In Markdown, two trailing spaces mean \
              a line break; copydesk reports them all the same.",
        options: "",
        fix: "Safe: deletes the trailing whitespace. Nothing visible changes.",
    },
    fires: &[
        "A storm closes the coast road\u{a0}\n\nThe road reopens. \n",
        "One\n \t\nTwo\n",
    ],
    silent: &[
        "A storm closes the coast road\n\nThe road reopens.\n",
        "One\n\nTwo",
    ],
};

struct TrailingWhitespace;

impl Rule for TrailingWhitespace {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let bytes = doc.text().as_bytes();
        for (index, line) in doc.lines().iter().enumerate() {
            if line.end == line.start {
                continue;
            }
            let last = bytes[line.end - 1];
            if !(last == b' ' || last == b'\t' || last >= 0x80) {
                continue;
            }
            let text = doc.line_text(index);
            let kept = text.trim_end_matches(is_soft_space).len();
            if kept == text.len() {
                continue;
            }
            let span = Span::new(line.start + kept, line.end);
            let message = if kept == 0 {
                "blank line holds whitespace"
            } else {
                "line ends in whitespace"
            };
            reporter.report(Diagnostic::new(span, message).with_fix(Fix::safe_edits(
                "delete the trailing whitespace",
                vec![Edit::delete(span)],
            )));
        }
    }
}
