//! The `concise` format: one finding per line, `path:line:col: severity[rule] message`, the shape
//! grep, editors' quickfix lists and `compilation-mode` already understand.

use std::io;

use super::{FileReport, Report};

/// Writes one line per finding.
#[derive(Debug, Default)]
pub struct Concise;

impl Report for Concise {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        let name = file.source_name();
        for diagnostic in file.diagnostics {
            let start = file.index.position(file.text, diagnostic.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                one_line(&name),
                start.line,
                start.column,
                diagnostic.severity,
                diagnostic.rule,
                one_line(&diagnostic.message),
            )?;
        }
        Ok(())
    }
}

/// A message on one line, so a record is always exactly one line of output.
fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        message.replace(['\n', '\r'], " ").into()
    } else {
        message.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{LineIndex, Span};
    use crate::Diagnostic;

    #[test]
    fn columns_count_characters() {
        let text = "caf\u{e9} x\n";
        let index = LineIndex::new(text);
        let mut diagnostic = Diagnostic::new(Span::new(6, 7), "odd x");
        diagnostic.rule = "some-rule";
        let diagnostics = [diagnostic];
        let mut out = Vec::new();
        Concise
            .file(
                &mut out,
                &FileReport::new("a.txt", text, &index, &diagnostics),
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.txt:1:6: warning[some-rule] odd x\n"
        );
    }
}
