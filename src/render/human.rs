//! The `human` format: miette's graphical, rustc-style report, one per finding.
//!
//! miette's built-in sources rescan the text from the start for every label, which made 5,000
//! findings on a 5 MB file take over a minute to render. [`IndexedSource`] answers each span
//! lookup from a [`LineIndex`] in logarithmic time, and reports columns in characters (miette's
//! own header counts bytes).
//!
//! A label over many lines (a repeated block can cover thousands) shows its first few lines and
//! says how many more it covers, so a report's length never follows the size of its spans.

use std::fmt;
use std::io;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{FileReport, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{LineIndex, Span};

/// Renders findings as miette graphical reports.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    /// `width` is the terminal width to wrap messages at; `color` turns on ANSI styles.
    pub fn new(color: bool, width: usize) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Self {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(width)
                .with_context_lines(1),
        }
    }

    /// One finding rendered to a string.
    pub fn render(&self, file: &FileReport, diagnostic: &Diagnostic) -> String {
        let name = file.source_name();
        let source = IndexedSource {
            name: &name,
            text: file.text,
            index: file.index,
        };
        let adapter = Finding {
            diagnostic,
            source: &source,
        };
        let mut out = String::new();
        self.handler
            .render_report(&mut out, &adapter)
            .expect("rendering into a String cannot fail");
        out
    }
}

impl Report for Human {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        for diagnostic in file.diagnostics {
            out.write_all(self.render(file, diagnostic).as_bytes())?;
            // A blank line between reports, as rustc and ruff print them.
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Labels over more lines than this are cut to their first [`SHOWN_LINES`].
const MAX_LABEL_LINES: usize = 8;
const SHOWN_LINES: usize = 4;

/// A text with a line index, answering miette's span lookups without rescanning.
struct IndexedSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.index.line_of(start);
        let last_span_line = self.index.line_of(end.saturating_sub(1).max(start));
        let top = first_line.saturating_sub(context_lines_before);
        let bottom = (last_span_line + context_lines_after).min(self.index.line_count() - 1);
        let data_start = self.index.line_start(top);
        let data_end = if bottom + 1 < self.index.line_count() {
            self.index.line_start(bottom + 1)
        } else {
            self.text.len()
        };
        let column = if context_lines_before == 0 {
            self.text[self.index.line_start(first_line)..start]
                .chars()
                .count()
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            top,
            column,
            bottom - top + 1,
        )))
    }
}

impl IndexedSource<'_> {
    /// A label for `span`, cut to its first lines when it covers too many, with a note of how
    /// many it leaves out.
    fn label(&self, message: Option<&str>, span: Span, primary: bool) -> LabeledSpan {
        let first = self.index.line_of(span.start);
        let last = self
            .index
            .line_of(span.end.saturating_sub(1).max(span.start));
        let lines = last - first + 1;
        let (span, text) = if lines > MAX_LABEL_LINES {
            let shown_end = self.content_end(first + SHOWN_LINES - 1);
            let note = format!("continues for {} more lines", lines - SHOWN_LINES);
            let text = match message {
                Some(message) => format!("{message} ({note})"),
                None => note,
            };
            (Span::new(span.start, shown_end), Some(text))
        } else {
            (span, message.map(str::to_owned))
        };
        let span: SourceSpan = (span.start, span.len()).into();
        if primary {
            LabeledSpan::new_primary_with_span(text, span)
        } else {
            LabeledSpan::new_with_span(text, span)
        }
    }

    /// Where the content of 0-based `line` ends, before its line break.
    fn content_end(&self, line: usize) -> usize {
        let next = if line + 1 < self.index.line_count() {
            self.index.line_start(line + 1)
        } else {
            self.text.len()
        };
        let content = &self.text[self.index.line_start(line)..next];
        next - (content.len() - content.trim_end_matches(['\n', '\r']).len())
    }
}

/// A [`Diagnostic`] seen through miette's trait.
struct Finding<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a IndexedSource<'a>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Info => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fix = self
            .diagnostic
            .fix
            .as_ref()
            .map(|fix| format!("{} ({} fix)", fix.title, fix.applicability.as_str()));
        match (&self.diagnostic.help, fix) {
            (Some(help), Some(fix)) => Some(Box::new(format!("{help}\n{fix}"))),
            (Some(help), None) => Some(Box::new(help)),
            (None, Some(fix)) => Some(Box::new(fix)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = self.source.label(None, d.span, true);
        let related = d
            .related
            .iter()
            .map(|r| self.source.label(Some(&r.message), r.span, false));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` numbered lines, each `Line N.`
    fn lines(count: usize) -> String {
        (1..=count).map(|n| format!("Line {n}.\n")).collect()
    }

    fn rendered(text: &str, diagnostic: &Diagnostic) -> String {
        let index = LineIndex::new(text);
        let diagnostics = std::slice::from_ref(diagnostic);
        let file = FileReport::new("a.txt", text, &index, diagnostics);
        Human::new(false, 80).render(&file, diagnostic)
    }

    #[test]
    fn a_label_over_many_lines_shows_its_first_lines_and_counts_the_rest() {
        let block = lines(20).replace('\n', "\r\n");
        let text = format!("{block}\r\n{block}");
        let second = block.len() + 2;
        let mut diagnostic =
            Diagnostic::new(Span::new(second, text.len() - 2), "these 20 lines repeat")
                .with_related(Span::new(0, block.len() - 2), "first seen here");
        diagnostic.rule = "repeated-block";
        assert_eq!(
            rendered(&text, &diagnostic),
            "repeated-block

  \u{26a0} these 20 lines repeat
   \u{256d}\u{2500}[a.txt:1:1]
 1 \u{2502} \u{256d}\u{2500}\u{25b6} Line 1.
 2 \u{2502} \u{2502}   Line 2.
 3 \u{2502} \u{2502}   Line 3.
 4 \u{2502} \u{251c}\u{2500}\u{25b6} Line 4.
   \u{b7} \u{2570}\u{2500}\u{2500}\u{2500}\u{2500} first seen here (continues for 16 more lines)
 5 \u{2502}     Line 5.
   \u{2570}\u{2500}\u{2500}\u{2500}\u{2500}
    \u{256d}\u{2500}[a.txt:22:1]
 21 \u{2502}     
 22 \u{2502} \u{256d}\u{2500}\u{25b6} Line 1.
 23 \u{2502} \u{2502}   Line 2.
 24 \u{2502} \u{2502}   Line 3.
 25 \u{2502} \u{251c}\u{2500}\u{25b6} Line 4.
    \u{b7} \u{2570}\u{2500}\u{2500}\u{2500}\u{2500} continues for 16 more lines
 26 \u{2502}     Line 5.
    \u{2570}\u{2500}\u{2500}\u{2500}\u{2500}
"
        );
    }

    #[test]
    fn a_label_over_a_few_lines_is_shown_whole() {
        let text = lines(8);
        let mut diagnostic = Diagnostic::new(Span::new(0, text.len() - 1), "eight lines");
        diagnostic.rule = "repeated-block";
        let out = rendered(&text, &diagnostic);
        assert!(
            out.contains(" 8 \u{2502} \u{2570}\u{2500}\u{25b6} Line 8.\n"),
            "{out}"
        );
        assert!(!out.contains("continues for"), "{out}");
    }
}
