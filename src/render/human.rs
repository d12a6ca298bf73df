//! The `human` format: miette's graphical, rustc-style report, one per finding.
//!
//! miette's built-in sources rescan the text from the start for every label, which made 5,000
//! findings on a 5 MB file take over a minute to render. [`IndexedSource`] answers each span
//! lookup from a [`LineIndex`] in logarithmic time, and reports columns in characters (miette's
//! own header counts bytes).

use std::fmt;
use std::io;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{FileReport, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::LineIndex;

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
        let primary = LabeledSpan::new_primary_with_span(None, span(d.span));
        let related = d
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), span(r.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn span(span: crate::document::Span) -> SourceSpan {
    (span.start, span.len()).into()
}
