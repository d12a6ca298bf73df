//! Lines: the text between line terminators (`\n` or `\r\n`), found once with `memchr`.

use super::Span;

/// One line of the document. `content` excludes the terminator; `full` includes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Start of the line's first byte.
    pub start: usize,
    /// End of the content, before `\r\n` or `\n`.
    pub end: usize,
    /// Start of the next line (after the terminator); equals `end` on an unterminated last line.
    pub next: usize,
    /// Only whitespace (or nothing) between `start` and `end`.
    pub blank: bool,
    /// Every byte is printable ASCII (0x20..=0x7E): no tab, control, or non-ASCII character.
    /// Rules about odd characters skip such lines without looking at them.
    pub plain: bool,
}

impl Line {
    pub const fn content(&self) -> Span {
        Span::new(self.start, self.end)
    }

    /// The line with its terminator: deleting this span removes the line whole.
    pub const fn full(&self) -> Span {
        Span::new(self.start, self.next)
    }

    pub const fn has_terminator(&self) -> bool {
        self.next > self.end
    }
}

/// Splits `text[from..]` into lines. An empty tail after a final terminator is not a line.
pub(crate) fn split_lines(text: &str, from: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = from;
    for newline in memchr::memchr_iter(b'\n', &bytes[from..]) {
        let newline = from + newline;
        let end = if newline > start && bytes[newline - 1] == b'\r' {
            newline - 1
        } else {
            newline
        };
        lines.push(make_line(text, start, end, newline + 1));
        start = newline + 1;
    }
    if start < bytes.len() {
        lines.push(make_line(text, start, bytes.len(), bytes.len()));
    }
    lines
}

fn make_line(text: &str, start: usize, end: usize, next: usize) -> Line {
    let bytes = &text.as_bytes()[start..end];
    let plain = is_plain(bytes);
    let blank = if plain {
        bytes.iter().all(|&b| b == b' ')
    } else {
        text[start..end].chars().all(char::is_whitespace)
    };
    Line {
        start,
        end,
        next,
        blank,
        plain,
    }
}

/// Written as a fold without early exit so the compiler vectorises it.
fn is_plain(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(true, |all, &b| all & (b.wrapping_sub(0x20) < 0x5f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf_keeping_offsets() {
        let lines = split_lines("a\r\n\nb c\n d", 0);
        let spans: Vec<_> = lines.iter().map(|l| (l.start, l.end, l.next)).collect();
        assert_eq!(spans, [(0, 1, 3), (3, 3, 4), (4, 7, 8), (8, 10, 10)]);
        assert_eq!(
            lines.iter().map(|l| l.blank).collect::<Vec<_>>(),
            [false, true, false, false]
        );
    }

    #[test]
    fn plain_means_printable_ascii() {
        let lines = split_lines("ok\nta\tb\ncaf\u{e9}\n\u{a0}\n", 0);
        assert_eq!(
            lines.iter().map(|l| (l.plain, l.blank)).collect::<Vec<_>>(),
            [(true, false), (false, false), (false, false), (false, true)]
        );
    }

    #[test]
    fn no_phantom_line_after_final_newline() {
        assert_eq!(split_lines("a\n", 0).len(), 1);
        assert!(split_lines("", 0).is_empty());
    }
}
