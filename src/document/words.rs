//! Words: runs of letters and digits, with an apostrophe or hyphen allowed between two of them
//! ("don't", "well-known", "3.5" is two words). Offsets are bytes into the document.

use super::Span;

/// Iterates over the words of `text`, with spans offset by `base`.
pub fn words(text: &str, base: usize) -> Words<'_> {
    Words { text, base, pos: 0 }
}

pub struct Words<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let rest = &self.text[self.pos..];
        let (offset, _) = rest.char_indices().find(|&(_, c)| c.is_alphanumeric())?;
        let start = self.pos + offset;
        let mut end = start;
        let mut joiner_pending = false;
        for (i, c) in self.text[start..].char_indices() {
            if c.is_alphanumeric() || is_mark(c) {
                end = start + i + c.len_utf8();
                joiner_pending = false;
            } else if is_joiner(c) && !joiner_pending {
                joiner_pending = true;
            } else {
                break;
            }
        }
        self.pos = end;
        Some(Span::new(self.base + start, self.base + end))
    }
}

/// Where the word starting at `start` (a letter or digit) ends, as [`words`] would find it,
/// reading ASCII a byte at a time: letters, digits and combining marks, with one
/// joiner (`'`, `\u{2019}`, `-`, `\u{2010}`, `\u{2011}`) allowed between two of them.
#[inline]
pub fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut end) = (start, start);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                i += 1;
                end = i;
                continue;
            }
            if (b == b'\'' || b == b'-') && i == end {
                i += 1;
                continue;
            }
            break;
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        if c.is_alphanumeric() || is_mark(c) {
            i += c.len_utf8();
            end = i;
        } else if is_joiner(c) && i == end {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

/// Combining marks belong to the word they follow ("e\u{301}").
pub(super) fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> Vec<&str> {
        words(text, 0).map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        assert_eq!(
            list("Don't stop -- a well-known caf\u{e9}'s 3.5% rise, 'quoted'"),
            [
                "Don't",
                "stop",
                "a",
                "well-known",
                "caf\u{e9}'s",
                "3",
                "5",
                "rise",
                "quoted"
            ]
        );
    }

    #[test]
    fn offsets_are_shifted_by_base() {
        assert_eq!(
            words("ab cd", 10).collect::<Vec<_>>(),
            [Span::new(10, 12), Span::new(13, 15)]
        );
    }
}
