//! Output formats. Each format is one small type behind [`Report`]; the CLI picks one and feeds
//! it file by file. Renderers write to any `io::Write` and never decide exit codes.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io;

use crate::diagnostic::Diagnostic;
use crate::document::LineIndex;

/// One file's findings, with what a renderer needs to place them.
pub struct FileReport<'a> {
    /// The path as shown to the user.
    pub path: &'a str,
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub diagnostics: &'a [Diagnostic],
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
