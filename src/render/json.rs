//! The `json` and `jsonl` formats: the machine contract of CLI.md. Each finding is one object
//! with byte spans into the file as read and 1-based line/column positions counted in Unicode
//! scalar values; `json` wraps them in one array, `jsonl` streams one object per line.
//!
//! The record types are spelled out here rather than derived from the library's types, so a
//! change elsewhere cannot silently change the contract.

use std::io;

use serde::Serialize;

use super::{FileReport, RecordRef, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Position, Span};
use crate::fix::Applicability;

/// One finding as CLI.md's JSON contract spells it. A finding in a JSON Lines record adds
/// `record` (its line and id); its spans and positions are then relative to the record's text.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef<'a>>,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub span: SpanRecord,
    pub start: Position,
    pub end: Position,
    pub related: Vec<RelatedRecord<'a>>,
    pub fix: Option<FixRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SpanRecord {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Serialize)]
pub struct RelatedRecord<'a> {
    pub message: &'a str,
    pub span: SpanRecord,
}

#[derive(Debug, Serialize)]
pub struct FixRecord<'a> {
    pub applicability: Applicability,
    pub edits: Vec<EditRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct EditRecord<'a> {
    pub start: usize,
    pub end: usize,
    pub replacement: &'a str,
}

impl<'a> Record<'a> {
    pub fn new(file: &FileReport<'a>, diagnostic: &'a Diagnostic) -> Self {
        Self {
            path: file.path,
            record: file.record,
            rule: diagnostic.rule,
            severity: diagnostic.severity,
            message: &diagnostic.message,
            span: diagnostic.span.into(),
            start: file.index.position(file.text, diagnostic.span.start),
            end: file.index.position(file.text, diagnostic.span.end),
            related: diagnostic
                .related
                .iter()
                .map(|related| RelatedRecord {
                    message: &related.message,
                    span: related.span.into(),
                })
                .collect(),
            fix: diagnostic.fix.as_ref().map(|fix| FixRecord {
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|edit| EditRecord {
                        start: edit.span.start,
                        end: edit.span.end,
                        replacement: &edit.replacement,
                    })
                    .collect(),
            }),
        }
    }
}

impl From<Span> for SpanRecord {
    fn from(span: Span) -> Self {
        Self {
            start: span.start,
            end: span.end,
        }
    }
}

/// One pretty-printed JSON array of every finding.
#[derive(Debug, Default)]
pub struct Json {
    /// Whether the opening bracket is written.
    opened: bool,
}

impl Report for Json {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        for diagnostic in file.diagnostics {
            out.write_all(if self.opened { b",\n" } else { b"[\n" })?;
            self.opened = true;
            let object = serde_json::to_string_pretty(&Record::new(file, diagnostic))?;
            // JSON strings never hold a raw newline, so indenting line by line is safe.
            for (index, line) in object.lines().enumerate() {
                if index > 0 {
                    out.write_all(b"\n")?;
                }
                write!(out, "  {line}")?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(if self.opened { b"\n]\n" } else { b"[]\n" })
    }
}

/// One compact JSON object per line, written as each file is checked.
#[derive(Debug, Default)]
pub struct JsonLines;

impl Report for JsonLines {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        for diagnostic in file.diagnostics {
            serde_json::to_writer(&mut *out, &Record::new(file, diagnostic))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::LineIndex;
    use crate::fix::{Edit, Fix};

    fn finding() -> Diagnostic {
        let mut diagnostic = Diagnostic::new(Span::new(6, 11), "line repeats the line above")
            .with_related(Span::new(0, 5), "first copy here")
            .with_fix(Fix::safe_edits(
                "delete the repeated line",
                vec![Edit::delete(Span::new(5, 11))],
            ));
        diagnostic.rule = "duplicate-line";
        diagnostic
    }

    #[test]
    fn jsonl_matches_the_contract() {
        let text = "\u{e9}t\u{e9}\n\u{e9}t\u{e9}\n";
        let index = LineIndex::new(text);
        let diagnostics = [finding()];
        let mut out = Vec::new();
        JsonLines
            .file(
                &mut out,
                &FileReport::new("a.txt", text, &index, &diagnostics),
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            concat!(
                r#"{"path":"a.txt","rule":"duplicate-line","severity":"warning","#,
                r#""message":"line repeats the line above","span":{"start":6,"end":11},"#,
                r#""start":{"line":2,"column":1},"end":{"line":2,"column":4},"#,
                r#""related":[{"message":"first copy here","span":{"start":0,"end":5}}],"#,
                r#""fix":{"applicability":"safe","edits":[{"start":5,"end":11,"replacement":""}]}}"#,
                "\n"
            )
        );
    }

    #[test]
    fn an_empty_run_is_an_empty_array() {
        let mut out = Vec::new();
        Json::default().finish(&mut out).unwrap();
        assert_eq!(out, b"[]\n");
    }
}
