//! Output formats. Each format is one small type behind [`Report`]; the CLI picks one and feeds
//! it file by file. Renderers write to any `io::Write` and never decide exit codes.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::LineIndex;
use crate::records::RecordId;

/// One file's findings, with what a renderer needs to place them.
pub struct FileReport<'a> {
    /// The path as shown to the user.
    pub path: &'a str,
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub diagnostics: &'a [Diagnostic],
    /// Set when `text` is one record's text field in a JSON Lines file at `path`: spans and
    /// positions are then relative to that text.
    pub record: Option<RecordRef<'a>>,
}

/// Which record of a JSON Lines file a report is about.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RecordRef<'a> {
    /// 1-based line of the record in the file.
    pub line: usize,
    /// The id field's name and value, when the record has one.
    #[serde(skip)]
    pub id_field: Option<&'a str>,
    pub id: Option<&'a RecordId>,
}

impl<'a> FileReport<'a> {
    pub fn new(
        path: &'a str,
        text: &'a str,
        index: &'a LineIndex,
        diagnostics: &'a [Diagnostic],
    ) -> Self {
        Self {
            path,
            text,
            index,
            diagnostics,
            record: None,
        }
    }

    /// The same report, about one record of the JSON Lines file at `path`.
    pub fn with_record(mut self, record: RecordRef<'a>) -> Self {
        self.record = Some(record);
        self
    }

    /// Where the text comes from, for formats that name it in one string: the path, or for a
    /// record `path:LINE (FIELD=ID)`, e.g. `corpus.jsonl:12 (url=https://example.com/a)`.
    pub fn source_name(&self) -> Cow<'a, str> {
        match self.record {
            None => Cow::Borrowed(self.path),
            Some(RecordRef {
                line,
                id_field: Some(field),
                id: Some(id),
            }) => Cow::Owned(format!("{}:{line} ({field}={id})", self.path)),
            Some(RecordRef { line, .. }) => Cow::Owned(format!("{}:{line}", self.path)),
        }
    }
}

/// An output format.
pub trait Report {
    /// Writes one file's findings.
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()>;

    /// Writes whatever closes the output (a JSON array's bracket, a summary line).
    fn finish(&mut self, _out: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }
}
