//! Folded words and word n-gram shingles, as 64-bit hashes.
//!
//! A *word* is a maximal run of alphanumeric characters (Rust's `char::is_alphanumeric`), with
//! combining marks continuing the word they follow; everything else separates words, so
//! "don't" is "don" and "t" and "U.S." is "u" and "s". A word is *folded* by NFKC and then
//! lower-casing (`char::to_lowercase`), and hashed with [`bytes_hash`](super::hash). A word of
//! ASCII letters and digits (nearly every word of English news) takes a fast path that folds
//! and hashes in place with the same result.
//!
//! A *shingle* of `n` words is the sequence of `n` consecutive word hashes `w1 … wn`, hashed as
//! `s = SHINGLE_SEED; s = mix(s ^ wi, SHINGLE_MUL)` for each `wi` in order. A text of fewer than
//! `n` words (but at least one) has one shingle of all its words; a text without words has none.
//! MinHash works on a 32-bit *key* per shingle, its high 32 bits ([`key`]).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::hash::{ascii_word_hash, bytes_hash, mix, SHINGLE_MUL, SHINGLE_SEED};

/// Whether a byte is an ASCII letter or digit, by table.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// Calls `emit` with the hash of every folded word of `text`, in order.
pub fn for_each_word(text: &str, mut emit: impl FnMut(u64)) {
    for_each_word_span(text, |_, _, hash| emit(hash));
}

/// Calls `emit(start, end, hash)` for every word of `text`, in order: its byte range in `text`
/// and the hash of its folded form.
pub fn for_each_word_span(text: &str, mut emit: impl FnMut(usize, usize, u64)) {
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if ASCII_WORD[usize::from(byte)] {
            let start = at;
            while at < bytes.len() && ASCII_WORD[usize::from(bytes[at])] {
                at += 1;
            }
            if at < bytes.len() && bytes[at] >= 0x80 && continues_word(text, at) {
                at = slow_word(text, start, &mut folded, &mut emit);
            } else {
                emit(start, at, ascii_word_hash(&bytes[start..at]));
            }
        } else if byte < 0x80 {
            at += 1;
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_alphanumeric() => at = slow_word(text, at, &mut folded, &mut emit),
                Some(c) => at += c.len_utf8(),
                None => break,
            }
        }
    }
}

/// The hashes of every folded word of `text`, appended to `out`.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    for_each_word(text, |hash| out.push(hash));
}

/// Whether the character at byte `at` carries a word on.
fn continues_word(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c))
}

/// Folds and hashes the word starting at byte `start` that is not plain ASCII; returns where
/// it ends.
fn slow_word(
    text: &str,
    start: usize,
    folded: &mut String,
    emit: &mut impl FnMut(usize, usize, u64),
) -> usize {
    let end = text[start..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || is_combining_mark(c)))
        .map_or(text.len(), |(offset, _)| start + offset);
    folded.clear();
    folded.extend(text[start..end].nfkc().flat_map(char::to_lowercase));
    emit(start, end, bytes_hash(folded.as_bytes()));
    end
}

/// The hash of one shingle: the word hashes in `words`, in order.
#[inline]
pub fn shingle_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(SHINGLE_SEED, |s, &word| mix(s ^ word, SHINGLE_MUL))
}

/// The hashes of every `n`-word shingle of `words` (`n >= 1`), appended to `out` in order,
/// repeats included.
pub fn shingle_hashes(words: &[u64], n: usize, out: &mut Vec<u64>) {
    let n = n.max(1);
    if words.is_empty() {
        return;
    }
    if words.len() < n {
        out.push(shingle_hash(words));
        return;
    }
    out.extend(words.windows(n).map(shingle_hash));
}

/// The 32-bit MinHash key of a shingle hash: its high half.
#[inline]
pub const fn key(shingle: u64) -> u32 {
    (shingle >> 32) as u32
}

/// Splits texts into shingles with reusable buffers.
#[derive(Debug, Clone)]
pub struct Shingler {
    words: usize,
    word_buffer: Vec<u64>,
}

impl Shingler {
    /// Shingles of `words` words (at least 1).
    pub fn new(words: usize) -> Self {
        Self {
            words: words.max(1),
            word_buffer: Vec::new(),
        }
    }

    pub const fn words(&self) -> usize {
        self.words
    }

    /// The shingle hashes of `text`, in order, repeats included; `out` is cleared first.
    pub fn shingles(&mut self, text: &str, out: &mut Vec<u64>) {
        out.clear();
        self.word_buffer.clear();
        word_hashes(text, &mut self.word_buffer);
        shingle_hashes(&self.word_buffer, self.words, out);
    }
}

/// A set of shingle hashes, sorted, for exact Jaccard similarity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShingleSet(Vec<u64>);

impl ShingleSet {
    pub fn new(mut shingles: Vec<u64>) -> Self {
        shingles.sort_unstable();
        shingles.dedup();
        Self(shingles)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// |A ∩ B| / |A ∪ B|, by a merge of the two sorted lists; 1 for two empty sets.
    pub fn jaccard(&self, other: &ShingleSet) -> f64 {
        let (a, b) = (&self.0, &other.0);
        if a.is_empty() && b.is_empty() {
            return 1.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared as f64 / (a.len() + b.len() - shared) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        word_hashes(text, &mut out);
        out
    }

    #[test]
    fn words_are_folded_runs_of_letters_and_digits() {
        let hash = |w: &str| bytes_hash(w.as_bytes());
        assert_eq!(
            words("Don't stop: the U.S. port's 3.5% rise"),
            ["don", "t", "stop", "the", "u", "s", "port", "s", "3", "5", "rise"].map(hash)
        );
        assert_eq!(words("CAF\u{c9} caf\u{e9}"), [hash("caf\u{e9}"); 2]);
        // A decomposed accent continues the word and composes under NFKC.
        assert_eq!(words("cafe\u{301}!"), [hash("caf\u{e9}")]);
        assert_eq!(words("\u{fb01}nal \u{ff21}"), [hash("final"), hash("a")]);
        assert_eq!(
            words("Stra\u{df}e \u{3b1}\u{3b2}\u{3b3}"),
            [hash("stra\u{df}e"), hash("\u{3b1}\u{3b2}\u{3b3}")]
        );
        assert!(words(" \u{2014} \u{a0}").is_empty());
        // A mark after a separator does not start a word.
        assert_eq!(words("\u{301}a"), [hash("a")]);
    }

    /// Golden values from `bench/sketch.py` (see `hash`): they must never change.
    #[test]
    fn golden_shingles_never_change() {
        let mut shingler = Shingler::new(5);
        let mut out = Vec::new();
        shingler.shingles(
            "The harbour wall will be rebuilt by spring, the council said.",
            &mut out,
        );
        assert_eq!(out.len(), 7);
        assert_eq!(out[0], 0xE5F2_55C9_05D0_C12D);
        assert_eq!(out[6], 0xCA70_4EC4_9D90_661B);
        shingler.shingles("Two words", &mut out);
        assert_eq!(out, [shingle_hash(&words("two words"))]);
        shingler.shingles("...", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn shingles_depend_on_word_order() {
        let (a, b) = (words("a b"), words("b a"));
        assert_ne!(shingle_hash(&a), shingle_hash(&b));
    }

    #[test]
    fn jaccard_counts_shared_shingles() {
        let a = ShingleSet::new(vec![1, 2, 3, 4, 4]);
        let b = ShingleSet::new(vec![3, 4, 5]);
        assert_eq!(a.len(), 4);
        assert!((a.jaccard(&b) - 2.0 / 5.0).abs() < 1e-12);
        assert_eq!(ShingleSet::default().jaccard(&ShingleSet::default()), 1.0);
        assert_eq!(a.jaccard(&ShingleSet::default()), 0.0);
    }
}
