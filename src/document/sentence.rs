//! Abbreviation-aware sentence segmentation.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (plus any closing quotes and brackets) when
//! whitespace and then a plausible sentence start follow. A period does not end a sentence after
//! a single initial ("J. Doe"), after an abbreviation that never ends one ("Maj. Gen."), or
//! after an ambiguous abbreviation ("U.S.", "Inc.") unless a common sentence opener follows.
//! Both lists are data in `rules/abbreviations.toml` and `rules/openers.toml`.
//!
//! Sentences never cross a block boundary (a blank line), but do cross line breaks inside a
//! block, so hard-wrapped paragraphs segment correctly.

use foldhash::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::bytes::{alnum_mask, equal_mask, load_u64, HIGH_BITS};
use super::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AbbreviationList {
    never_final: Vec<String>,
    ambiguous: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenerList {
    openers: Vec<String>,
}

struct Lexicon {
    never_final: HashSet<String>,
    ambiguous: HashSet<String>,
    openers: HashSet<String>,
    /// The length in bytes of the longest abbreviation of either list.
    longest_abbreviation: usize,
    /// The first bytes of the abbreviations: a word starting with another byte is none, which
    /// spares most sentence-final words two hash lookups.
    abbreviation_starts: [bool; 256],
}

impl Lexicon {
    fn may_be_abbreviation(&self, word: &str) -> bool {
        word.len() <= self.longest_abbreviation
            && word
                .as_bytes()
                .first()
                .is_some_and(|&b| self.abbreviation_starts[usize::from(b)])
    }
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let abbreviations: AbbreviationList =
            toml::from_str(include_str!("../../rules/abbreviations.toml"))
                .expect("rules/abbreviations.toml is valid (checked by tests)");
        let openers: OpenerList = toml::from_str(include_str!("../../rules/openers.toml"))
            .expect("rules/openers.toml is valid (checked by tests)");
        let all = || {
            abbreviations
                .never_final
                .iter()
                .chain(&abbreviations.ambiguous)
        };
        let mut abbreviation_starts = [false; 256];
        for word in all() {
            if let Some(&first) = word.as_bytes().first() {
                abbreviation_starts[usize::from(first)] = true;
            }
        }
        Lexicon {
            longest_abbreviation: all().map(String::len).max().unwrap_or(0),
            abbreviation_starts,
            never_final: abbreviations.never_final.into_iter().collect(),
            ambiguous: abbreviations.ambiguous.into_iter().collect(),
            openers: openers.openers.into_iter().collect(),
        }
    })
}

/// Whether `word` commonly opens a sentence ("The", "But", "He").
pub fn is_sentence_opener(word: &str) -> bool {
    lexicon().openers.contains(word)
}

/// Every word of `rules/openers.toml`.
pub fn sentence_openers() -> impl Iterator<Item = &'static str> {
    lexicon().openers.iter().map(String::as_str)
}

/// Whether `word` (without its final period) is in `rules/abbreviations.toml`: "Mr", "Prof",
/// "U.S", "Inc".
pub fn is_abbreviation(word: &str) -> bool {
    let lexicon = lexicon();
    lexicon.may_be_abbreviation(word)
        && (lexicon.never_final.contains(word) || lexicon.ambiguous.contains(word))
}

/// Splits `text[span]` (one block) into sentence spans, trimmed of surrounding whitespace.
pub(crate) fn split_sentences(text: &str, span: Span, out: &mut Vec<Span>) {
    if out.capacity() == 0 {
        out.reserve(reserved_sentences(text.len()));
    }
    let block = &text[span.start..span.end];
    let bytes = block.as_bytes();
    let mut start = skip_whitespace(block, 0);
    let mut i = start;
    let mut terminals = Terminals::new(block, i);
    while let Some((at, terminal_len)) = terminals.next_from(i) {
        i = at;
        let c = bytes[i];
        let mut end = i + terminal_len;
        end += closing_len(&block[end..]);
        let next = skip_whitespace(block, end);
        if next > end && next < bytes.len() && ends_sentence(block, start, i, c, next) {
            out.push(Span::new(span.start + start, span.start + end));
            start = next;
        }
        i = end.max(i + 1);
    }
    let end = block.trim_end().len();
    if end > start {
        out.push(Span::new(span.start + start, span.start + end));
    }
}

/// Room for the sentences of a document of `len` bytes, reserved at its first block: news runs
/// about a sentence per hundred bytes, so one per 64 spares a small document's vector its
/// growth steps (a reallocation each). The cap is a power of two, so a large document's vector
/// doubles to the capacity it would reach from empty, and takes no more memory.
fn reserved_sentences(len: usize) -> usize {
    (len / 64).min(1024)
}

/// Finds sentence terminals (`.`, `!`, `?`, `…`) left to right, a chunk of 16 or 32 bytes at a
/// time: a chunk's terminals are one bit mask, chunks without one are passed over in a tight
/// loop, and each terminal costs a few instructions rather than a call to a search.
struct Terminals<'a> {
    block: &'a [u8],
    /// The offset of the chunk `found` describes.
    chunk_at: usize,
    /// Bit `i` set for an ASCII terminal or a `0xE2` byte (which may start an ellipsis) at
    /// `chunk_at + i`, less those already passed.
    found: u32,
    /// Whether the CPU has AVX2, which classes 32 bytes at once instead of 16.
    avx2: bool,
}

const ELLIPSIS: &[u8] = "\u{2026}".as_bytes();

/// The bytes [`chunk_terminal_bytes`] classes at once.
const CHUNK: usize = 16;
/// The bytes the AVX2 scan classes at once.
const WIDE_CHUNK: usize = 32;

impl<'a> Terminals<'a> {
    fn new(block: &'a str, from: usize) -> Self {
        let mut terminals = Self {
            block: block.as_bytes(),
            chunk_at: from,
            found: 0,
            avx2: has_avx2(),
        };
        terminals.seek(from);
        terminals
    }

    /// The first terminal at or after `from` (which never decreases), with its length in bytes.
    fn next_from(&mut self, from: usize) -> Option<(usize, usize)> {
        loop {
            let passed = from.saturating_sub(self.chunk_at);
            self.found = if passed >= WIDE_CHUNK {
                0
            } else {
                self.found & (u32::MAX << passed)
            };
            while self.found != 0 {
                let at = self.chunk_at + self.found.trailing_zeros() as usize;
                if self.block[at] != ELLIPSIS[0] {
                    return Some((at, 1));
                }
                if self.block[at..].starts_with(ELLIPSIS) {
                    return Some((at, ELLIPSIS.len()));
                }
                self.found &= self.found - 1;
            }
            let width = if self.avx2 { WIDE_CHUNK } else { CHUNK };
            let next = (self.chunk_at + width).max(from);
            if next >= self.block.len() {
                return None;
            }
            self.seek(next);
        }
    }

    /// Moves to the first chunk from `from` on that holds a terminal byte, or past the end.
    fn seek(&mut self, from: usize) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the running CPU reports AVX2 (`has_avx2`).
            (self.chunk_at, self.found) = unsafe { first_terminal_chunk_avx2(self.block, from) };
            return;
        }
        (self.chunk_at, self.found) = first_terminal_chunk(self.block, from);
    }
}

#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

#[cfg(not(target_arch = "x86_64"))]
fn has_avx2() -> bool {
    false
}

/// The offset of the first [`CHUNK`] from `from` on that holds a terminal byte, and its mask
/// ([`chunk_terminal_bytes`]); the end of `block` and 0 if none does. The last chunk is padded
/// with zeros.
fn first_terminal_chunk(block: &[u8], from: usize) -> (usize, u32) {
    let mut at = from;
    while let Some(chunk) = block.get(at..).and_then(<[u8]>::first_chunk::<CHUNK>) {
        let found = chunk_terminal_bytes(chunk);
        if found != 0 {
            return (at, found);
        }
        at += CHUNK;
    }
    if let Some(rest) = block.get(at..).filter(|rest| !rest.is_empty()) {
        let mut padded = [0u8; CHUNK];
        padded[..rest.len()].copy_from_slice(rest);
        let found = chunk_terminal_bytes(&padded);
        if found != 0 {
            return (at, found);
        }
    }
    (block.len(), 0)
}

/// [`first_terminal_chunk`] with 32-byte chunks, for CPUs with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn first_terminal_chunk_avx2(block: &[u8], from: usize) -> (usize, u32) {
    let mut at = from;
    while let Some(chunk) = block.get(at..).and_then(<[u8]>::first_chunk::<WIDE_CHUNK>) {
        let found = wide_chunk_terminal_bytes(chunk);
        if found != 0 {
            return (at, found);
        }
        at += WIDE_CHUNK;
    }
    if let Some(rest) = block.get(at..).filter(|rest| !rest.is_empty()) {
        let mut padded = [0u8; WIDE_CHUNK];
        padded[..rest.len()].copy_from_slice(rest);
        let found = wide_chunk_terminal_bytes(&padded);
        if found != 0 {
            return (at, found);
        }
    }
    (block.len(), 0)
}

/// Bit `i` set for each `.`, `!`, `?` and `0xE2` at `chunk[i]`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn wide_chunk_terminal_bytes(chunk: &[u8; WIDE_CHUNK]) -> u32 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    // Written out rather than through a closure, which would not share the AVX2 feature.
    let v = _mm256_loadu_si256(chunk.as_ptr().cast());
    let dot = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'.' as i8));
    let bang = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'!' as i8));
    let question = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'?' as i8));
    let lead = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(ELLIPSIS[0] as i8));
    let found = _mm256_or_si256(_mm256_or_si256(dot, bang), _mm256_or_si256(question, lead));
    _mm256_movemask_epi8(found) as u32
}

/// Bit `i` set for each `.`, `!`, `?` and `0xE2` at `chunk[i]`.
#[cfg(target_arch = "x86_64")]
#[inline]
fn chunk_terminal_bytes(chunk: &[u8; CHUNK]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 CPU; the load reads the 16 bytes of `chunk`. One
    // chunk is one mask: LLVM turns two masks joined by a shift into a slow bit-by-bit shuffle.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let equal = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
        let ascii = _mm_or_si128(equal(b'.'), _mm_or_si128(equal(b'!'), equal(b'?')));
        _mm_movemask_epi8(_mm_or_si128(ascii, equal(ELLIPSIS[0]))) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn chunk_terminal_bytes(chunk: &[u8; CHUNK]) -> u32 {
    chunk.iter().enumerate().fold(0, |found, (i, &b)| {
        found | u32::from(matches!(b, b'.' | b'!' | b'?') || b == ELLIPSIS[0]) << i
    })
}

fn ends_sentence(block: &str, start: usize, dot: usize, terminal: u8, next: usize) -> bool {
    let following = &block[next..];
    let Some(first) = following.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_numeric() || is_opening(first)) {
        return false;
    }
    if terminal != b'.' {
        return true;
    }
    let lexicon = lexicon();
    if ends_in_long_word(&block.as_bytes()[start..dot], lexicon.longest_abbreviation) {
        return true;
    }
    let word = word_before(&block[start..dot]);
    if word.is_empty() {
        return true;
    }
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let may_be_abbreviation = lexicon.may_be_abbreviation(word);
    if is_initial || (may_be_abbreviation && lexicon.never_final.contains(word)) {
        return false;
    }
    if (may_be_abbreviation && lexicon.ambiguous.contains(word)) || is_dotted_acronym(word) {
        return is_sentence_opener(first_word(following));
    }
    true
}

/// Whether `text` ends in more ASCII letters and digits than the longest abbreviation has
/// bytes, and at least two: then the word before the period is no abbreviation, no initial and
/// no dotted acronym (its last part is too long), so the period ends the sentence without a
/// look at the whole word.
fn ends_in_long_word(text: &[u8], longest_abbreviation: usize) -> bool {
    let tail = longest_abbreviation.max(1) + 1;
    text.len() >= tail
        && text[text.len() - tail..]
            .iter()
            .all(u8::is_ascii_alphanumeric)
}

/// The word directly before a period, inner periods included ("U.S" in "the U.S.").
fn word_before(text: &str) -> &str {
    let bytes = text.as_bytes();
    let start = ascii_word_start(bytes);
    let start = if start > 0 && !bytes[start - 1].is_ascii() {
        text[..start]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8())
    } else {
        start
    };
    text[start..].trim_start_matches('.')
}

/// Where the run of ASCII letters, digits and periods that ends `bytes` starts, read eight
/// bytes at a time from the end.
fn ascii_word_start(bytes: &[u8]) -> usize {
    let mut start = bytes.len();
    while start >= 8 {
        let chunk = load_u64(bytes, start - 8);
        let outside = !(alnum_mask(chunk) | equal_mask(chunk, b'.')) & HIGH_BITS;
        if outside != 0 {
            let last_outside = (63 - outside.leading_zeros()) / 8;
            return start - 8 + last_outside as usize + 1;
        }
        start -= 8;
    }
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    start
}

/// "J.R.R", "A.B": single letters joined by periods.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|part| part.chars().count() == 1)
}

fn first_word(text: &str) -> &str {
    let text = text.trim_start_matches(is_opening);
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{AB}' | '\u{2014}' | '-'
    )
}

fn closing_len(text: &str) -> usize {
    let ascii_closing = text
        .bytes()
        .position(|b| !matches!(b, b'"' | b'\'' | b')' | b']'))
        .unwrap_or(text.len());
    if text
        .as_bytes()
        .get(ascii_closing)
        .is_some_and(|b| b.is_ascii())
    {
        return ascii_closing;
    }
    text.char_indices()
        .find(|&(_, c)| {
            !matches!(
                c,
                '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
            )
        })
        .map_or(text.len(), |(i, _)| i)
}

/// The first byte at or after `from` that is not whitespace; ASCII whitespace is what
/// [`char::is_whitespace`] says, vertical tab included.
fn skip_whitespace(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    // The common case: one space, then a visible ASCII byte.
    if bytes.get(from) == Some(&b' ')
        && bytes
            .get(from + 1)
            .is_some_and(|&b| b > b' ' && b.is_ascii())
    {
        return from + 1;
    }
    let mut at = from;
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t'..=b'\r') {
        at += 1;
    }
    if bytes.get(at).is_some_and(|b| b.is_ascii()) || at == bytes.len() {
        return at;
    }
    text[at..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn byte_scans_agree_with_char_scans(text in "[a-zA-Z0-9 .'\"()\\]\t\n\u{b}\u{c}\r\u{a0}\u{2003}\u{201d}\u{2019}\u{bb}\u{e9}\u{2026}]{0,24}") {
            let chars_before = text
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            prop_assert_eq!(word_before(&text), text[chars_before..].trim_start_matches('.'));
            let closing = text
                .char_indices()
                .find(|&(_, c)| !matches!(c, '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'))
                .map_or(text.len(), |(i, _)| i);
            prop_assert_eq!(closing_len(&text), closing);
            let space = text
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(text.len(), |(i, _)| i);
            prop_assert_eq!(skip_whitespace(&text, 0), space);
        }
    }

    /// The terminal at or after `from`, found one byte at a time.
    fn plain_terminal(text: &str, from: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        (from..bytes.len()).find_map(|at| match bytes[at] {
            b'.' | b'!' | b'?' => Some((at, 1)),
            _ if bytes[at..].starts_with(ELLIPSIS) => Some((at, ELLIPSIS.len())),
            _ => None,
        })
    }

    proptest! {
        #[test]
        fn chunked_terminals_agree_with_a_byte_scan(
            text in "[a.!? \u{2026}\u{2019}\u{e9}]{0,100}",
            start in 0usize..8,
            steps in proptest::collection::vec(0usize..40, 0..16),
        ) {
            let mut from = start.min(text.len());
            let mut terminals = Terminals::new(&text, from);
            for step in steps {
                prop_assert_eq!(terminals.next_from(from), plain_terminal(&text, from));
                from = (from + step).min(text.len());
            }
        }

        #[test]
        fn the_eight_byte_word_start_agrees_with_a_byte_scan(text in "[a-zA-Z0-9. ,\u{e9}]{0,40}") {
            let bytes = text.as_bytes();
            let mut start = bytes.len();
            while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
                start -= 1;
            }
            prop_assert_eq!(ascii_word_start(bytes), start);
        }

        #[test]
        fn the_long_word_shortcut_agrees_with_the_lexicon(word in "[a-zA-Z0-9.]{0,9}") {
            let lexicon = lexicon();
            let text = format!(" {word}");
            if ends_in_long_word(text.as_bytes(), lexicon.longest_abbreviation) {
                let word = word_before(&text);
                prop_assert!(!word.is_empty() && word.chars().count() > 1);
                prop_assert!(!is_abbreviation(word) && !is_dotted_acronym(word));
            }
        }
    }

    #[test]
    fn the_abbreviation_filter_keeps_every_abbreviation() {
        let lexicon = lexicon();
        for word in lexicon.never_final.iter().chain(&lexicon.ambiguous) {
            assert!(lexicon.may_be_abbreviation(word), "{word}");
            assert!(is_abbreviation(word), "{word}");
        }
        assert!(!lexicon.may_be_abbreviation("said"));
    }

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_titles_and_numbers_do_not_end_sentences() {
        assert_eq!(
            sentences("Maj. Gen. Ana Ortiz met the U.S. Army at 3 p.m. on Friday. Costs rose 3.5 million. J. Doe wrote it."),
            [
                "Maj. Gen. Ana Ortiz met the U.S. Army at 3 p.m. on Friday.",
                "Costs rose 3.5 million.",
                "J. Doe wrote it."
            ]
        );
    }

    #[test]
    fn ambiguous_abbreviation_ends_sentence_before_an_opener() {
        assert_eq!(
            sentences("He moved to the U.S. The move paid off. \u{201c}Why?\u{201d} she asked."),
            [
                "He moved to the U.S.",
                "The move paid off.",
                "\u{201c}Why?\u{201d} she asked."
            ]
        );
    }

    #[test]
    fn ellipses_and_curly_quotes_among_other_terminals() {
        assert_eq!(
            sentences("He paused\u{2026} Then \u{201c}no\u{201d}. Fine? Yes! \u{2026}\u{2026} And\u{2026} so"),
            [
                "He paused\u{2026}",
                "Then \u{201c}no\u{201d}.",
                "Fine?",
                "Yes! \u{2026}\u{2026}",
                "And\u{2026} so"
            ]
        );
    }

    #[test]
    fn lowercase_continuation_is_not_a_boundary() {
        assert_eq!(sentences("Wait... then go! ok"), ["Wait... then go! ok"]);
    }
}
