//! Between the byte offsets the linter speaks and LSP positions: a 0-based line and a column in
//! code units of the negotiated encoding (UTF-16 unless the client offers UTF-8 or UTF-32).
//!
//! LSP ends a line at `\n`, `\r\n` or a lone `\r`, unlike the CLI's line index, which splits at
//! `\n` only. An offset between the `\r` and `\n` of a CRLF has no LSP position; an edit that
//! starts or ends there is widened over the whole terminator, keeping its effect exact.

use lsp_types::{Position, PositionEncodingKind, Range, TextEdit};

use copydesk::{Edit, Span};

/// The unit LSP columns count in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given the client's offer, in its order of preference: UTF-8 is
    /// cheapest for us, UTF-32 next; UTF-16 is the protocol's mandatory default.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    fn count(self, text: &str) -> u32 {
        match self {
            Encoding::Utf8 => text.len() as u32,
            Encoding::Utf16 => text.chars().map(|c| c.len_utf16() as u32).sum(),
            Encoding::Utf32 => text.chars().count() as u32,
        }
    }
}

/// The lines of one text as LSP sees them.
pub struct LineMap<'a> {
    text: &'a str,
    encoding: Encoding,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineMap<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let crlf_head = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
            if !crlf_head {
                starts.push(at + 1);
            }
        }
        Self {
            text,
            encoding,
            starts,
        }
    }

    /// The LSP position of byte `offset`; an offset inside a line terminator maps to the end of
    /// the line's content.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let offset = offset.min(self.content_end(line));
        Position {
            line: line as u32,
            character: self.encoding.count(&self.text[start..offset]),
        }
    }

    /// The byte offset of `position`. A line past the end maps to the end of the text, a
    /// column past the line's end to the end of its content, a column inside a character to
    /// the start of that character.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self.content_end(line);
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            let next = units + self.encoding.units(c);
            if next > position.character {
                return start + at;
            }
            units = next;
        }
        end
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte span `range` covers.
    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        Span::new(start, self.offset(range.end).max(start))
    }

    /// `edit` as an LSP text edit with the same effect, widened over a CRLF it would split.
    pub fn text_edit(&self, edit: &Edit) -> TextEdit {
        let (mut start, mut end) = (edit.span.start, edit.span.end);
        let mut new_text = String::with_capacity(edit.replacement.len() + 2);
        if self.splits_crlf(start) {
            start -= 1;
            new_text.push('\r');
        }
        new_text.push_str(&edit.replacement);
        if self.splits_crlf(end) {
            end += 1;
            new_text.push('\n');
        }
        TextEdit::new(self.range(Span::new(start, end)), new_text)
    }

    /// Where `line`'s content ends, before its terminator.
    fn content_end(&self, line: usize) -> usize {
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text.as_bytes()[self.starts[line]..end];
        let terminator = if content.ends_with(b"\r\n") {
            2
        } else {
            usize::from(content.ends_with(b"\n") || content.ends_with(b"\r"))
        };
        end - terminator
    }

    fn splits_crlf(&self, offset: usize) -> bool {
        let bytes = self.text.as_bytes();
        offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n')
    }
}

/// `offset`, moved back to the start of the character it falls in.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        // "é" is 2 bytes, 1 UTF-16 unit; "𝄞" (U+1D11E) is 4 bytes, 2 UTF-16 units.
        let text = "a\u{e9}\u{1d11e}b\n";
        let b = text.find('b').unwrap();
        assert_eq!(LineMap::new(text, Encoding::Utf8).position(b), pos(0, 7));
        assert_eq!(LineMap::new(text, Encoding::Utf16).position(b), pos(0, 4));
        assert_eq!(LineMap::new(text, Encoding::Utf32).position(b), pos(0, 3));
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let map = LineMap::new(text, encoding);
            assert_eq!(map.offset(map.position(b)), b, "{encoding:?}");
        }
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_maps_to_the_character_start() {
        let text = "x\u{1d11e}y";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.offset(pos(0, 2)), 1);
        assert_eq!(map.offset(pos(0, 3)), 5);
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "ab\r\ncd\ref\ngh";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(4), pos(1, 0));
        assert_eq!(map.position(7), pos(2, 0));
        assert_eq!(map.position(10), pos(3, 0));
        assert_eq!(map.position(text.len()), pos(3, 2));
        assert_eq!(map.offset(pos(1, 1)), 5);
        assert_eq!(map.offset(pos(2, 2)), 9);
    }

    #[test]
    fn offsets_in_a_terminator_map_to_the_end_of_the_content() {
        let text = "ab\r\ncd";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(2), pos(0, 2));
        assert_eq!(map.position(3), pos(0, 2));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd\n";
        let map = LineMap::new(text, Encoding::Utf16);
        assert_eq!(map.offset(pos(0, 99)), 2);
        assert_eq!(map.offset(pos(1, 99)), 6);
        assert_eq!(map.offset(pos(2, 0)), 7);
        assert_eq!(map.offset(pos(9, 0)), 7);
        assert_eq!(map.position(99), pos(2, 0));
    }

    #[test]
    fn an_edit_that_splits_a_crlf_is_widened_over_it() {
        let text = "one\r\ntwo\r\n";
        let map = LineMap::new(text, Encoding::Utf16);
        // Deleting "\ntwo\r" keeps "one\r" + "\n": the same text, expressed on whole terminators.
        let edit = map.text_edit(&Edit::delete(Span::new(4, 9)));
        assert_eq!(edit.range, Range::new(pos(0, 3), pos(2, 0)));
        assert_eq!(edit.new_text, "\r\n");
        let insert = map.text_edit(&Edit::insert(4, "X"));
        assert_eq!(insert.range, Range::new(pos(0, 3), pos(1, 0)));
        assert_eq!(insert.new_text, "\rX\n");
    }

    #[test]
    fn a_whole_line_deletion_maps_to_line_starts() {
        let text = "one\r\ntwo\r\nthree";
        let map = LineMap::new(text, Encoding::Utf16);
        let edit = map.text_edit(&Edit::delete(Span::new(5, 10)));
        assert_eq!(edit.range, Range::new(pos(1, 0), pos(2, 0)));
        assert_eq!(edit.new_text, "");
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32_and_defaults_to_utf16() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16])), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32])),
            Encoding::Utf32
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32, K::UTF8])),
            Encoding::Utf8
        );
    }
}
