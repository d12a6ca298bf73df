//! Words: runs of letters and digits, with an apostrophe or hyphen allowed between two of them
//! ("don't", "well-known", "3.5" is two words). Offsets are bytes into the document.

use super::bytes::{alnum_mask, load_u64, HIGH_BITS};
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
        let start = word_start(self.text, self.pos)?;
        let end = word_end(self.text, start);
        self.pos = end;
        Some(Span::new(self.base + start, self.base + end))
    }
}

/// Whether `word` starts with a capital letter.
pub fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Where the first word at or after `from` starts: the next letter or digit, reading ASCII a
/// byte at a time and decoding only non-ASCII characters.
#[inline]
pub(super) fn word_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let b = *bytes.get(at)?;
        if b.is_ascii_alphanumeric() {
            return Some(at);
        }
        if b < 0x80 {
            at += 1;
            continue;
        }
        let c = text[at..].chars().next()?;
        if c.is_alphanumeric() {
            return Some(at);
        }
        at += c.len_utf8();
    }
}

/// Where the word starting at `start` (a letter or digit) ends, as [`words`] would find it:
/// letters, digits and combining marks, with one joiner (`'`, `\u{2019}`, `-`, `\u{2010}`,
/// `\u{2011}`) allowed between two of them. ASCII is read eight bytes at a time.
#[inline]
pub fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes.get(start).is_some_and(u8::is_ascii_alphanumeric) {
        if let Some(end) = ascii_word_end(bytes, start) {
            return end;
        }
    }
    general_word_end(text, start)
}

/// Where the ASCII word starting at `start` (an ASCII letter or digit) ends, or `None` when a
/// non-ASCII byte touches it (the word may go on in a letter or mark).
#[inline]
pub(crate) fn ascii_word_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut end = start + 1;
    loop {
        while end + 8 <= bytes.len() {
            let outside = !alnum_mask(load_u64(bytes, end)) & HIGH_BITS;
            if outside != 0 {
                end += (outside.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        match bytes.get(end) {
            Some(b'\'' | b'-') => match bytes.get(end + 1) {
                Some(next) if next.is_ascii_alphanumeric() => end += 2,
                Some(next) if *next >= 0x80 => return None,
                _ => return Some(end),
            },
            Some(b) if *b >= 0x80 => return None,
            _ => return Some(end),
        }
    }
}

#[cold]
fn general_word_end(text: &str, start: usize) -> usize {
    let (mut end, mut joiner_pending) = (start, false);
    for (i, c) in text[start..].char_indices() {
        if c.is_alphanumeric() || is_mark(c) {
            end = start + i + c.len_utf8();
            joiner_pending = false;
        } else if is_joiner(c) && !joiner_pending {
            joiner_pending = true;
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
    use proptest::prelude::*;

    /// Words found a character at a time, as the definition reads.
    fn reference_words(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((offset, _)) = text[pos..]
            .char_indices()
            .find(|&(_, c)| c.is_alphanumeric())
        {
            let start = pos + offset;
            pos = general_word_end(text, start);
            out.push(Span::new(start, pos));
        }
        out
    }

    proptest! {
        #[test]
        fn fast_paths_find_the_defined_words(text in "[a-zA-Z0-9 '\\-\u{2019}\u{2011}.,\u{e9}\u{301}\u{df}\u{a0}\u{30a2}]{0,40}") {
            prop_assert_eq!(words(&text, 0).collect::<Vec<_>>(), reference_words(&text));
        }
    }

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
