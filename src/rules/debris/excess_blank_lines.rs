//! `excess-blank-lines`: more blank lines in a row than a paragraph break needs, and blank lines
//! before the first or after the last line of text.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options: Options = options.parse()?;
        Ok(Box::new(ExcessBlankLines {
            max: options.max_blank_lines,
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "excess-blank-lines",
    category: Category::Debris,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "more blank lines in a row than a paragraph break needs",
    docs: RuleDocs {
        what: "Finds runs of more than `max-blank-lines` blank lines between two lines of text, \
               and any blank line before the first line of text or after the last. A line of \
               only whitespace counts as blank. The report covers the extra lines.",
        why: "Where a scraper drops a block (a pull quote, an embedded post, an ad) it often \
              leaves the blank lines around it behind, so gaps of three or four lines open in \
              the story and at its edges.",
        options: "max-blank-lines = 1: blank lines allowed in a row between two lines of text",
        fix: "Safe: deletes the extra blank lines, keeping `max-blank-lines` of them between \
              text and none at the edges. Only blank lines go.",
    },
    fires: &[
        "One paragraph.\n\n\n\nAnother paragraph.\n",
        "\nA headline\n\nThe story.\n\n",
    ],
    silent: &["One paragraph.\n\nAnother paragraph.\n", "Title\nBody\n"],
};

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    max_blank_lines: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_blank_lines: 1 }
    }
}

struct ExcessBlankLines {
    max: usize,
}

impl Rule for ExcessBlankLines {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let lines = doc.lines();
        let mut run_start = None;
        for index in 0..=lines.len() {
            match (lines.get(index).map(|line| line.blank), run_start) {
                (Some(true), None) => run_start = Some(index),
                (Some(true), Some(_)) => {}
                (_, Some(first)) => {
                    self.judge(doc, first, index, reporter);
                    run_start = None;
                }
                (_, None) => {}
            }
        }
    }
}

impl ExcessBlankLines {
    /// Judges the blank lines `first..end`.
    fn judge(&self, doc: &Document, first: usize, end: usize, reporter: &mut Reporter) {
        let lines = doc.lines();
        let count = end - first;
        let lines_word = if count == 1 { "line" } else { "lines" };
        let (keep, message) = if first == 0 {
            (0, format!("blank {lines_word} before the text"))
        } else if end == lines.len() {
            (0, format!("blank {lines_word} after the text"))
        } else {
            (self.max, format!("{count} blank lines in a row"))
        };
        if count <= keep {
            return;
        }
        let (from, last) = (lines[first + keep], lines[end - 1]);
        reporter.report(
            Diagnostic::new(Span::new(from.start, last.end), message).with_fix(Fix::safe_edits(
                "delete the extra blank lines",
                vec![Edit::delete(Span::new(from.start, last.next))],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;
    use crate::FixMode;

    fn linter(options: &str) -> Linter {
        Linter::new(vec![ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: (ENTRY.build)(&RuleOptions(toml::from_str(options).unwrap())).unwrap(),
        }])
    }

    #[test]
    fn keeps_the_allowed_blank_lines_and_none_at_the_edges() {
        let text = "\n \nA\n\n\n\nB\n\n \n";
        let fixed = linter("").fix(text, FixMode::SafeOnly);
        assert_eq!(fixed.text, "A\n\nB\n");
        assert_eq!(
            linter("max-blank-lines = 2")
                .fix(text, FixMode::SafeOnly)
                .text,
            "A\n\n\nB\n"
        );
    }

    #[test]
    fn unterminated_blank_tail_goes_too() {
        let fixed = linter("").fix("A\n\n  ", FixMode::SafeOnly);
        assert_eq!(fixed.text, "A\n");
    }

    #[test]
    fn diagnostics_cover_only_the_extra_lines() {
        let diagnostics = linter("").lint("A\n\n\n\nB\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].span, Span::new(3, 4));
        assert_eq!(diagnostics[0].message, "3 blank lines in a row");
    }
}
