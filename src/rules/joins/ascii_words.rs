//! The words of a short stretch of text, as [`crate::document::words`] finds them: while the
//! text is ASCII, each word's start is found a byte at a time and its end by the document's
//! own ASCII word end. The seam rules ask for a handful of words around
//! each seam and at the start of each block, a few bytes each: a plain loop the compiler
//! inlines costs a third of the general iterator there. At any byte outside ASCII the next
//! word comes from the general iterator, which then decides letters, marks and joiners.

use crate::document::{ascii_word_end, words, Span};

/// Iterates over the words of `text`, with spans offset by `base`: the same words as
/// `words(text, base)`.
pub(super) fn ascii_words(text: &str, base: usize) -> AsciiWords<'_> {
    AsciiWords { text, base, pos: 0 }
}

pub(super) struct AsciiWords<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
}

impl Iterator for AsciiWords<'_> {
    type Item = Span;

    #[inline]
    fn next(&mut self) -> Option<Span> {
        let (start, end) = match ascii_word(self.text.as_bytes(), self.pos) {
            Some(Some(word)) => word,
            Some(None) => return None,
            None => return self.general_next(),
        };
        self.pos = end;
        Some(Span::new(self.base + start, self.base + end))
    }
}

impl AsciiWords<'_> {
    /// The next word from the general iterator: `words` keeps no state but its position, so
    /// it goes on from here exactly as it would have.
    #[cold]
    #[inline(never)]
    fn general_next(&mut self) -> Option<Span> {
        let word = words(&self.text[self.pos..], self.pos).next()?;
        self.pos = word.end;
        Some(Span::new(self.base + word.start, self.base + word.end))
    }
}

/// What a byte is to the word scanner.
pub(super) const OTHER: u8 = 0;
pub(super) const ALNUM: u8 = 1;
pub(super) const NON_ASCII: u8 = 2;

/// [`ALNUM`] for ASCII letters and digits, [`NON_ASCII`] for bytes outside ASCII: one load
/// per byte, where the range tests take several.
pub(super) static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_alphanumeric() {
            ALNUM
        } else if byte.is_ascii() {
            OTHER
        } else {
            NON_ASCII
        };
        b += 1;
    }
    class
};

/// The next word at or after `from`: `Some(Some(word))`, `Some(None)` at the end of the
/// text, or `None` where a byte outside ASCII may change the answer.
#[inline]
fn ascii_word(bytes: &[u8], from: usize) -> Option<Option<(usize, usize)>> {
    let rest = bytes.get(from..)?;
    let Some(offset) = rest.iter().position(|&b| CLASS[usize::from(b)] != OTHER) else {
        return Some(None);
    };
    let start = from + offset;
    if CLASS[usize::from(bytes[start])] == NON_ASCII {
        return None;
    }
    Some(Some((start, ascii_word_end(bytes, start)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_same_words_as_the_general_iterator(
            text in "[a-zA-Z0-9 '\\-.,\u{2019}\u{e9}\u{301}\u{a0}\u{2011}]{0,40}",
            base in 0usize..100,
        ) {
            prop_assert_eq!(
                ascii_words(&text, base).collect::<Vec<_>>(),
                words(&text, base).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn joiners_and_non_ascii_letters() {
        let text = "rock-n-roll isn't caf\u{e9} x--y it\u{2019}s -a b'";
        let found: Vec<_> = ascii_words(text, 0)
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(
            found,
            [
                "rock-n-roll",
                "isn't",
                "caf\u{e9}",
                "x",
                "y",
                "it\u{2019}s",
                "a",
                "b"
            ]
        );
    }
}
