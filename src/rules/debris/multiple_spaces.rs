//! `multiple-spaces`: two or more plain spaces between words.

use memchr::memmem;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options: Options = options.parse()?;
        Ok(Box::new(MultipleSpaces { options }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "multiple-spaces",
    category: Category::Debris,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "two or more spaces stand between words",
    docs: RuleDocs {
        what: "Finds a run of two or more plain spaces between two words, including two spaces \
               after a full stop. Silent on indentation at the start of a line, on spaces at \
               its end (`trailing-whitespace`), on a run touching a tab or an odd space \
               (`irregular-whitespace`), and on aligned columns: a run that overlaps a run of \
               two or more spaces in the line above or below, both lines short.",
        why: "Spaces double up where a scraper dropped an inline element, a link, an icon or a \
              widget, between two words. The gap reads as a missing word.",
        options: "allow-sentence-spacing = false: allow exactly two spaces after `.`, `!` or `?` \
                  (the typewriter convention)",
        fix: "Safe: replaces the run with one space.",
    },
    fires: &[
        "Prices rose  sharply in March.\n",
        "The plan failed.  Officials said so.\n",
    ],
    silent: &[
        "  Indented line.\nLine with a trailing space. \n",
        "Team      Won  Lost\nLeeds      12     3\n",
    ],
};

/// Lines longer than this are prose, never table rows, and are not compared for alignment.
const MAX_TABLE_LINE: usize = 200;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    allow_sentence_spacing: bool,
}

struct MultipleSpaces {
    options: Options,
}

impl Rule for MultipleSpaces {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let lines = doc.lines();
        let mut index = 0;
        let mut past = 0;
        for start in memmem::find_iter(bytes, b"  ") {
            if start < past {
                continue;
            }
            let end = start + bytes[start..].iter().take_while(|&&b| b == b' ').count();
            past = end;
            while lines[index].end < end {
                index += 1;
            }
            let line = lines[index];
            if start == line.start || end == line.end {
                continue;
            }
            let before = text[..start]
                .chars()
                .next_back()
                .expect("not at line start");
            let after = text[end..].chars().next().expect("not at line end");
            if before.is_whitespace() || after.is_whitespace() {
                continue;
            }
            if self.options.allow_sentence_spacing
                && end - start == 2
                && text[line.start..start]
                    .trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}'])
                    .ends_with(['.', '!', '?'])
            {
                continue;
            }
            if in_aligned_columns(doc, index, start, end) {
                continue;
            }
            let span = Span::new(start, end);
            reporter.report(
                Diagnostic::new(span, format!("{} spaces between words", end - start)).with_fix(
                    Fix::safe_edits("replace with one space", vec![Edit::replace(span, " ")]),
                ),
            );
        }
    }
}

/// Whether the gap `start..end` on line `index` overlaps, by column, a gap of two or more spaces
/// in a short neighbouring line: the layout of a table.
fn in_aligned_columns(doc: &Document, index: usize, start: usize, end: usize) -> bool {
    let lines = doc.lines();
    let line = lines[index];
    if line.end - line.start > MAX_TABLE_LINE {
        return false;
    }
    let first = doc.slice(Span::new(line.start, start)).chars().count();
    let last = first + (end - start);
    let neighbours = [index.checked_sub(1), Some(index + 1)];
    neighbours.into_iter().flatten().any(|other| {
        lines.get(other).is_some_and(|l| {
            !l.blank
                && l.end - l.start <= MAX_TABLE_LINE
                && has_gap_within(doc.line_text(other), first, last)
        })
    })
}

/// Whether `text` has an inner run of two or more spaces overlapping columns `first..last`.
fn has_gap_within(text: &str, first: usize, last: usize) -> bool {
    let mut run_start = None;
    for (column, c) in text.chars().enumerate() {
        match (c == ' ', run_start) {
            (true, None) => run_start = Some(column),
            (false, Some(from)) => {
                run_start = None;
                if from > 0 && column - from >= 2 && from < last && first < column {
                    return true;
                }
            }
            _ => {}
        }
        if column >= last && run_start.is_none() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;

    fn spans(text: &str, options: &str) -> Vec<(usize, usize)> {
        let linter = Linter::new(vec![ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: (ENTRY.build)(&RuleOptions(toml::from_str(options).unwrap())).unwrap(),
        }]);
        linter
            .lint(text)
            .into_iter()
            .map(|d| (d.span.start, d.span.end))
            .collect()
    }

    #[test]
    fn one_finding_per_run() {
        assert_eq!(spans("a   b  c\n", ""), [(1, 4), (5, 7)]);
        assert_eq!(spans("a\u{a0}  b\ta  b\n", ""), [(8, 10)]);
    }

    #[test]
    fn sentence_spacing_is_allowed_on_request() {
        let text = "It ended.  Then \u{201c}No.\u{201d}  More  here\n";
        assert_eq!(spans(text, "").len(), 3);
        assert_eq!(spans(text, "allow-sentence-spacing = true").len(), 1);
    }

    #[test]
    fn a_lone_gap_under_prose_is_not_a_table() {
        assert_eq!(spans("Some words here\nthe  end\n", "").len(), 1);
        assert_eq!(spans("x  y\nab  c\n", "").len(), 0);
    }
}
