//! The `github` format: GitHub Actions workflow commands, one per finding, which the runner
//! turns into annotations on the pull request's diff:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//!
//! Severities map to the three annotation commands (`error`, `warning`, `notice`). Lines and
//! columns are 1-based, columns in Unicode scalar values with an exclusive end, as in the other
//! formats; GitHub takes columns only for a finding on one line, so a finding spanning lines
//! names its lines alone. Values are escaped the way the runner unescapes them: `%`, CR and LF
//! everywhere, and `:` and `,` too inside a property, where they would end it.

use std::io;

use super::{FileReport, Report};
use crate::diagnostic::Severity;

/// Writes one workflow command per finding.
#[derive(Debug, Default)]
pub struct Github;

impl Report for Github {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        let path = escape_property(file.path);
        for diagnostic in file.diagnostics {
            let start = file.index.position(file.text, diagnostic.span.start);
            let end = file.index.position(file.text, diagnostic.span.end);
            if let Some(record) = file.record {
                // A JSON Lines record's positions are in its text field: annotate the record's
                // line and say where in the text.
                let title = format!("copydesk ({})", diagnostic.rule);
                let message = format!(
                    "{} (text {}:{})",
                    diagnostic.message, start.line, start.column
                );
                writeln!(
                    out,
                    "::{} file={path},line={},title={}::{}",
                    command(diagnostic.severity),
                    record.line,
                    escape_property(&title),
                    escape_data(&message)
                )?;
                continue;
            }
            write!(
                out,
                "::{} file={path},line={},",
                command(diagnostic.severity),
                start.line
            )?;
            if start.line == end.line {
                write!(out, "col={},", start.column)?;
            }
            write!(out, "endLine={},", end.line)?;
            if start.line == end.line {
                write!(out, "endColumn={},", end.column)?;
            }
            let title = format!("copydesk ({})", diagnostic.rule);
            writeln!(
                out,
                "title={}::{}",
                escape_property(&title),
                escape_data(&diagnostic.message)
            )?;
        }
        Ok(())
    }
}

/// The annotation command for a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// A command's message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// A property value: the message escapes plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{LineIndex, Span};
    use crate::Diagnostic;

    fn render(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
        let index = LineIndex::new(text);
        let mut out = Vec::new();
        Github
            .file(&mut out, &FileReport::new(path, text, &index, diagnostics))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    fn finding(span: Span, message: &str, severity: Severity) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(span, message);
        diagnostic.rule = "some-rule";
        diagnostic.severity = severity;
        diagnostic
    }

    #[test]
    fn severities_map_to_commands_and_columns_count_characters() {
        let text = "caf\u{e9} x\nsecond line\n";
        let diagnostics = [
            finding(Span::new(6, 7), "odd x", Severity::Error),
            finding(Span::new(8, 14), "odd word", Severity::Warning),
            finding(Span::new(0, 1), "note this", Severity::Info),
        ];
        assert_eq!(
            render("a.txt", text, &diagnostics),
            concat!(
                "::error file=a.txt,line=1,col=6,endLine=1,endColumn=7,",
                "title=copydesk (some-rule)::odd x\n",
                "::warning file=a.txt,line=2,col=1,endLine=2,endColumn=7,",
                "title=copydesk (some-rule)::odd word\n",
                "::notice file=a.txt,line=1,col=1,endLine=1,endColumn=2,",
                "title=copydesk (some-rule)::note this\n",
            )
        );
    }

    #[test]
    fn a_finding_across_lines_names_lines_only() {
        let text = "one\ntwo\nthree\n";
        let diagnostics = [finding(Span::new(4, 13), "block", Severity::Warning)];
        assert_eq!(
            render("a.txt", text, &diagnostics),
            "::warning file=a.txt,line=2,endLine=3,title=copydesk (some-rule)::block\n"
        );
    }

    #[test]
    fn properties_and_messages_are_escaped() {
        let text = "x\n";
        let diagnostics = [finding(
            Span::new(0, 1),
            "100% sure: a, b\r\nnext",
            Severity::Warning,
        )];
        assert_eq!(
            render("dir,1/a:b%.txt", text, &diagnostics),
            concat!(
                "::warning file=dir%2C1/a%3Ab%25.txt,line=1,col=1,endLine=1,endColumn=2,",
                "title=copydesk (some-rule)::100%25 sure: a, b%0D%0Anext\n"
            )
        );
    }
}
