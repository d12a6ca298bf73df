//! `replacement-character`: U+FFFD, the mark a decoder leaves where it could not read the bytes.

use memchr::memmem;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(ReplacementCharacter)),
};

const META: RuleMeta = RuleMeta {
    name: "replacement-character",
    category: Category::Unicode,
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "a replacement character (U+FFFD) marks text lost in decoding",
    docs: RuleDocs {
        what: "Finds the replacement character U+FFFD (\u{fffd}), one finding per run of them.",
        why: "A decoder writes U+FFFD where the bytes it read were not valid in the encoding it \
              assumed: the original characters (often accented letters or curly quotes) are gone \
              from this copy.",
        options: "",
        fix: "None: the lost characters cannot be rebuilt from the text. Recover them from the \
              source.",
    },
    fires: &[
        "The caf\u{fffd} reopened on Monday.\n",
        "He said \u{fffd}\u{fffd}no\u{fffd}\u{fffd}.\n",
    ],
    silent: &["The caf\u{e9} reopened on Monday.\n", "Plain text.\n"],
};

const REPLACEMENT: &str = "\u{fffd}";

struct ReplacementCharacter;

impl Rule for ReplacementCharacter {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text().as_bytes();
        let width = REPLACEMENT.len();
        let mut run: Option<Span> = None;
        for at in memmem::find_iter(text, REPLACEMENT) {
            match &mut run {
                Some(span) if span.end == at => span.end = at + width,
                _ => {
                    if let Some(span) = run.take() {
                        report(span, reporter);
                    }
                    run = Some(Span::new(at, at + width));
                }
            }
        }
        if let Some(span) = run {
            report(span, reporter);
        }
    }
}

fn report(span: Span, reporter: &mut Reporter) {
    let count = span.len() / REPLACEMENT.len();
    let message = if count == 1 {
        "replacement character (U+FFFD): text was lost in an earlier decoding".to_owned()
    } else {
        format!("{count} replacement characters (U+FFFD): text was lost in an earlier decoding")
    };
    reporter.report(
        Diagnostic::new(span, message)
            .with_help("recover the original characters from the source; they cannot be rebuilt"),
    );
}
