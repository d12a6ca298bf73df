//! Scrape debris: page furniture and whitespace left behind by the page the text came from.

mod excess_blank_lines;
mod irregular_whitespace;
mod multiple_spaces;
mod stray_marker;
mod trailing_whitespace;

use crate::document::{Line, Span};
use crate::rule::RuleEntry;

pub(crate) const RULES: &[RuleEntry] = &[
    stray_marker::ENTRY,
    irregular_whitespace::ENTRY,
    trailing_whitespace::ENTRY,
    multiple_spaces::ENTRY,
    excess_blank_lines::ENTRY,
];

/// The span that deletes line `index` whole: the line and its terminator, or for an
/// unterminated last line the terminator before it, so no empty line is left behind.
fn line_removal(lines: &[Line], index: usize) -> Span {
    let line = lines[index];
    match index.checked_sub(1) {
        Some(above) if !line.has_terminator() => Span::new(lines[above].end, line.end),
        _ => line.full(),
    }
}

/// Whether `c` is whitespace a fix may remove or replace: any Unicode white space except the
/// control characters other than tab (a stray `\r` or form feed is the unicode rules' business).
fn is_soft_space(c: char) -> bool {
    c == '\t' || (c.is_whitespace() && !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn removing_a_line_takes_one_terminator() {
        let doc = Document::new("a\r\nTT\r\nb\nTT");
        let removed: Vec<_> = (1..4)
            .map(|i| &doc.text()[std::ops::Range::from(line_removal(doc.lines(), i))])
            .collect();
        assert_eq!(removed, ["TT\r\n", "b\n", "\nTT"]);
        assert_eq!(
            line_removal(Document::new("TT").lines(), 0),
            Span::new(0, 2)
        );
    }
}
