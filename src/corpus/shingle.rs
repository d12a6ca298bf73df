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

use super::hash::{
    ascii_word_hash, bytes_hash, mix, SHINGLE_MUL, SHINGLE_SEED, WORD_MUL, WORD_SEED,
};

/// Calls `emit` with the hash of every folded word of `text`, in order.
pub fn for_each_word(text: &str, mut emit: impl FnMut(u64)) {
    for_each_word_span(text, |_, _, hash| emit(hash));
}

/// Calls `emit(start, end, hash)` for every word of `text`, in order: its byte range in `text`
/// and the hash of its folded form.
///
/// Bytes are classified 64 at a time into a bit mask of *maybe-word* bytes: ASCII letters and
/// digits, and every non-ASCII byte. A run of such bytes is bounded by ASCII separators, so it
/// splits into words on its own: a run of ASCII only is one word, hashed in place; a run with a
/// non-ASCII character goes through the character-by-character path.
pub fn for_each_word_span(text: &str, mut emit: impl FnMut(usize, usize, u64)) {
    let bytes = text.as_bytes();
    let mut run_start: Option<usize> = None;
    let mut emit_run = |start: usize, end: usize| {
        let run = &bytes[start..end];
        if run.is_ascii() {
            emit(start, end, ascii_hash_at(bytes, start, end));
        } else {
            words_of_run(text, start, end, &mut emit);
        }
    };
    for (block_index, block) in bytes.chunks(BLOCK).enumerate() {
        let base = block_index * BLOCK;
        let mask = maybe_word_mask(block);
        let mut bit = 0;
        while bit < block.len() {
            match run_start {
                Some(start) => {
                    let gaps = !mask >> bit;
                    if gaps == 0 {
                        break;
                    }
                    bit += gaps.trailing_zeros() as usize;
                    if bit >= block.len() {
                        break;
                    }
                    emit_run(start, base + bit);
                    run_start = None;
                }
                None => {
                    let starts = mask >> bit;
                    if starts == 0 {
                        break;
                    }
                    bit += starts.trailing_zeros() as usize;
                    run_start = Some(base + bit);
                }
            }
        }
    }
    if let Some(start) = run_start {
        emit_run(start, bytes.len());
    }
}

/// How many words `text` has: as many as [`for_each_word`] calls back with, without hashing
/// them. In ASCII text a word is a run of maybe-word bytes, so the runs are counted from the
/// masks, 64 bytes at a time; other text is read word by word.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    if !text.is_ascii() {
        for_each_word(text, |_| count += 1);
        return count;
    }
    // Whether the byte before the block is a word's.
    let mut in_word = 0;
    for block in text.as_bytes().chunks(BLOCK) {
        let mask = maybe_word_mask(block);
        count += (mask & !((mask << 1) | in_word)).count_ones() as usize;
        in_word = (mask >> (block.len() - 1)) & 1;
    }
    count
}

/// Bytes classified at a time.
const BLOCK: usize = 64;

/// Bit `i` is set when `block[i]` may belong to a word: an ASCII letter or digit, or any
/// non-ASCII byte. Eight bytes at a time as one `u64` (SWAR): each byte's test lands in its top
/// bit, and a multiplication gathers the eight top bits into one byte of the mask.
#[inline]
fn maybe_word_mask(block: &[u8]) -> u64 {
    let mut mask = 0u64;
    let mut chunks = block.chunks_exact(8);
    for (index, chunk) in (&mut chunks).enumerate() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        mask |= maybe_word_bits(u64::from_le_bytes(eight)) << (8 * index);
    }
    let done = block.len() - chunks.remainder().len();
    for (offset, &byte) in chunks.remainder().iter().enumerate() {
        let maybe = (byte >= 0x80) | byte.is_ascii_alphanumeric();
        mask |= u64::from(maybe) << (done + offset);
    }
    mask
}

/// Eight bits, one per byte of `x` (lowest byte first): an ASCII letter or digit, or a
/// non-ASCII byte.
#[inline]
fn maybe_word_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // For 7-bit bytes `t`, `(t + 0x80 - c) & 0x80` is set exactly when `t >= c`, and no byte
    // carries into the next.
    let at_least = |t: u64, c: u8| (t + ONES * u64::from(0x80 - c)) & HIGH;
    let seven = x & !HIGH;
    let lower = seven | (ONES * 0x20);
    let digit = at_least(seven, b'0') & !at_least(seven, b'9' + 1);
    let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
    let maybe = (digit | letter | (x & HIGH)) >> 7;
    // Moves byte k's low bit to bit 56 + k, then down to bit k.
    maybe.wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// [`ascii_word_hash`] of `bytes[start..end]`, reading a short word with one 8-byte load when
/// the text goes on far enough.
#[inline]
fn ascii_hash_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(eight) if len <= 8 => {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            let keep = u64::MAX >> (64 - 8 * len);
            let folded = (u64::from_le_bytes(word) | 0x2020_2020_2020_2020) & keep;
            mix(WORD_SEED ^ len as u64 ^ folded, WORD_MUL)
        }
        _ => ascii_word_hash(&bytes[start..end]),
    }
}

/// The words of a run of maybe-word bytes that holds non-ASCII characters, character by
/// character.
fn words_of_run(text: &str, start: usize, end: usize, emit: &mut impl FnMut(usize, usize, u64)) {
    let mut folded = String::new();
    let mut at = start;
    while at < end {
        let Some(c) = text[at..end].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            at = slow_word(text, at, end, &mut folded, emit);
        } else {
            at += c.len_utf8();
        }
    }
}

/// The hashes of every folded word of `text`, appended to `out`.
pub fn word_hashes(text: &str, out: &mut Vec<u64>) {
    for_each_word(text, |hash| out.push(hash));
}

/// Folds and hashes the word starting at byte `start` of a run that is not plain ASCII;
/// returns where it ends. A word of such a run may be plain ASCII ("said" in "said”", a
/// quote mark glued to it): it is hashed in place, as in an ASCII run.
fn slow_word(
    text: &str,
    start: usize,
    limit: usize,
    folded: &mut String,
    emit: &mut impl FnMut(usize, usize, u64),
) -> usize {
    let end = text[start..limit]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || is_combining_mark(c)))
        .map_or(limit, |(offset, _)| start + offset);
    if text.as_bytes()[start..end].is_ascii() {
        emit(start, end, ascii_hash_at(text.as_bytes(), start, end));
        return end;
    }
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
    /// The definition, character by character: what the block-wise scan must agree with.
    fn reference(text: &str) -> Vec<(usize, usize, u64)> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(at, next)) = chars.peek() {
                if !(next.is_alphanumeric() || is_combining_mark(next)) {
                    break;
                }
                end = at + next.len_utf8();
                chars.next();
            }
            let folded: String = text[start..end]
                .nfkc()
                .flat_map(char::to_lowercase)
                .collect();
            out.push((start, end, bytes_hash(folded.as_bytes())));
        }
        out
    }

    fn spans(text: &str) -> Vec<(usize, usize, u64)> {
        let mut out = Vec::new();
        for_each_word_span(text, |start, end, hash| out.push((start, end, hash)));
        out
    }

    #[test]
    fn every_byte_is_classified_in_every_lane() {
        let maybe = |b: u8| b >= 0x80 || b.is_ascii_alphanumeric();
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut eight = *b"a-Z 9\x7f\xc3~";
                eight[lane] = byte;
                let expected = eight
                    .iter()
                    .enumerate()
                    .fold(0, |mask, (i, &b)| mask | (u64::from(maybe(b)) << i));
                assert_eq!(
                    maybe_word_bits(u64::from_le_bytes(eight)),
                    expected,
                    "{byte} at {lane}"
                );
            }
        }
    }

    #[test]
    fn the_block_scan_agrees_with_the_definition() {
        let long = "word ".repeat(40) + "Caf\u{e9} don\u{2019}t " + &"x".repeat(70) + " end";
        for text in [
            "",
            "a",
            "Hello, world",
            "eight888 ninenine9 12345678901234567",
            &long,
            "\u{201c}Quoted\u{201d} \u{2014} e\u{301}t\u{e9} \u{3b1}\u{3b2}\u{3b3}!",
        ] {
            assert_eq!(spans(text), reference(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_they_are_scanned(text in "[a-zA-Z0-9 .,'\u{e9}\u{301}\u{2019}\u{3b1}-]{0,200}") {
            proptest::prop_assert_eq!(word_count(&text), spans(&text).len());
        }

        #[test]
        fn any_text_scans_as_defined(text in "[a-zA-Z0-9 .,'\u{e9}\u{301}\u{2019}\u{a0}\u{3b1}-\u{3b3}\n]{0,200}") {
            proptest::prop_assert_eq!(spans(&text), reference(&text));
        }
    }

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
