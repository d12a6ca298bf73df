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
    /// spares most sentence-final words a lookup.
    abbreviation_starts: [bool; 256],
    /// The abbreviations of at most eight bytes, each packed into a `u64`: a word before a
    /// period is looked up with a multiply and a compare or two instead of two string hashes.
    packed: PackedAbbreviations,
}

impl Lexicon {
    fn may_be_abbreviation(&self, word: &str) -> bool {
        self.may_be_abbreviation_bytes(word.as_bytes())
    }

    fn may_be_abbreviation_bytes(&self, word: &[u8]) -> bool {
        word.len() <= self.longest_abbreviation
            && word
                .first()
                .is_some_and(|&b| self.abbreviation_starts[usize::from(b)])
    }

    /// Which list holds `word`; a word in both is never final.
    fn kind_of(&self, word: &[u8]) -> Abbreviation {
        if !self.may_be_abbreviation_bytes(word) {
            return Abbreviation::None;
        }
        if let Some(key) = pack(word) {
            return self.packed.get(key, word.len());
        }
        let Ok(word) = std::str::from_utf8(word) else {
            return Abbreviation::None;
        };
        if self.never_final.contains(word) {
            Abbreviation::NeverFinal
        } else if self.ambiguous.contains(word) {
            Abbreviation::Ambiguous
        } else {
            Abbreviation::None
        }
    }
}

/// What a word before a period is to the segmenter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbreviation {
    None,
    /// In `never-final`: the period never ends a sentence.
    NeverFinal,
    /// In `ambiguous`: the period ends a sentence before a common opener.
    Ambiguous,
}

/// An open-addressing table of packed abbreviations ([`pack`]), probed linearly.
struct PackedAbbreviations {
    /// Per slot: the packed word, its length (0 for an empty slot) and its list.
    slots: Vec<(u64, usize, Abbreviation)>,
}

/// Slots of [`PackedAbbreviations`]: a power of two, several times the abbreviations.
const PACKED_SLOTS: usize = 1024;

impl PackedAbbreviations {
    fn new<'w>(words: impl Iterator<Item = (&'w str, Abbreviation)>) -> Self {
        let mut table = Self {
            slots: vec![(0, 0, Abbreviation::None); PACKED_SLOTS],
        };
        for (word, kind) in words {
            let Some(key) = pack(word.as_bytes()) else {
                continue;
            };
            let mut slot = packed_slot(key);
            loop {
                let (held, len, _) = table.slots[slot];
                if len == 0 {
                    table.slots[slot] = (key, word.len(), kind);
                    break;
                }
                if held == key && len == word.len() {
                    break;
                }
                slot = (slot + 1) % PACKED_SLOTS;
            }
        }
        table
    }

    fn get(&self, key: u64, len: usize) -> Abbreviation {
        let mut slot = packed_slot(key);
        loop {
            let (held, held_len, kind) = self.slots[slot];
            if held_len == 0 {
                return Abbreviation::None;
            }
            if held == key && held_len == len {
                return kind;
            }
            slot = (slot + 1) % PACKED_SLOTS;
        }
    }
}

fn packed_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % PACKED_SLOTS
}

/// A word of one to eight bytes as a `u64`, first byte lowest.
fn pack(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word);
    Some(u64::from_le_bytes(bytes))
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
        // `never-final` first: a word in both lists keeps that kind.
        let packed = PackedAbbreviations::new(
            abbreviations
                .never_final
                .iter()
                .map(|word| (word.as_str(), Abbreviation::NeverFinal))
                .chain(
                    abbreviations
                        .ambiguous
                        .iter()
                        .map(|word| (word.as_str(), Abbreviation::Ambiguous)),
                ),
        );
        Lexicon {
            longest_abbreviation: all().map(String::len).max().unwrap_or(0),
            abbreviation_starts,
            packed,
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
    let mut terminals = Terminals::new(&text.as_bytes()[span.start..], block.len(), i);
    while let Some((at, terminal_len)) = terminals.next_from(i) {
        i = at;
        let c = bytes[i];
        let mut end = i + terminal_len;
        end += closing_len(block, end);
        let next = skip_whitespace(block, end);
        if next > end && next < bytes.len() && ends_sentence(block, start, i, c, next) {
            out.push(Span::new(span.start + start, span.start + end));
            start = next;
        }
        i = end.max(i + 1);
    }
    let end = trimmed_len(block);
    if end > start {
        out.push(Span::new(span.start + start, span.start + end));
    }
}

/// The length of `text` without trailing whitespace; at a glance when it ends in a visible
/// ASCII byte, as a block nearly always does.
fn trimmed_len(text: &str) -> usize {
    match text.as_bytes().last() {
        Some(&last) if last > b' ' && last.is_ascii() => text.len(),
        _ => text.trim_end().len(),
    }
}

/// Room for the sentences of a document of `len` bytes, reserved at its first block: news runs
/// about a sentence per hundred bytes, so one per 64 spares a small document's vector its
/// growth steps (a reallocation each). The cap is a power of two, so a large document's vector
/// doubles to the capacity it would reach from empty, and takes no more memory.
fn reserved_sentences(len: usize) -> usize {
    (len / 64).min(1024)
}

/// Finds sentence terminals (`.`, `!`, `?`, `…`) left to right, a window of 64 bytes at a
/// time: a window's terminals are one bit mask, and each terminal costs a few instructions
/// rather than a call to a search. News has a terminal every hundred bytes or so, so most
/// windows hold one or none.
struct Terminals<'a> {
    /// The text from the block's start to the document's end: windows may read past the block,
    /// which spares each block's last window a copy into a padded buffer.
    text: &'a [u8],
    /// The block's length: terminals are found before it only.
    end: usize,
    /// The offset of the window `found` describes.
    window_at: usize,
    /// Bit `i` set for an ASCII terminal or a `0xE2` byte (which may start an ellipsis) at
    /// `window_at + i` before `end`, less those already passed.
    found: u64,
    /// Whether the CPU has AVX2, which classes 32 bytes at once instead of 16.
    avx2: bool,
}

const ELLIPSIS: &[u8] = "\u{2026}".as_bytes();

/// The bytes a [`Terminals`] window spans.
const WINDOW: usize = 64;
/// The bytes [`chunk_terminal_bytes`] classes at once.
const CHUNK: usize = 16;

impl<'a> Terminals<'a> {
    /// Terminals of `text[..end]`, from `from` on.
    fn new(text: &'a [u8], end: usize, from: usize) -> Self {
        let mut terminals = Self {
            text,
            end,
            window_at: from,
            found: 0,
            avx2: has_avx2(),
        };
        terminals.load(from);
        terminals
    }

    /// The first terminal at or after `from` (which never decreases), with its length in bytes.
    fn next_from(&mut self, from: usize) -> Option<(usize, usize)> {
        loop {
            let passed = from.saturating_sub(self.window_at);
            self.found = if passed >= WINDOW {
                0
            } else {
                self.found & (u64::MAX << passed)
            };
            while self.found != 0 {
                let at = self.window_at + self.found.trailing_zeros() as usize;
                if self.text[at] != ELLIPSIS[0] {
                    return Some((at, 1));
                }
                if self.text[at..self.end].starts_with(ELLIPSIS) {
                    return Some((at, ELLIPSIS.len()));
                }
                self.found &= self.found - 1;
            }
            let next = (self.window_at + WINDOW).max(from);
            if next >= self.end {
                return None;
            }
            self.load(next);
        }
    }

    /// Moves to the window at `at`.
    fn load(&mut self, at: usize) {
        let found = match self.text.get(at..).and_then(<[u8]>::first_chunk::<WINDOW>) {
            Some(window) => self.classify(window),
            None => self.classify(&padded(self.text.get(at..).unwrap_or_default())),
        };
        self.window_at = at;
        self.found = match u32::try_from(self.end.saturating_sub(at)) {
            Ok(left) if left < u64::BITS => found & ((1 << left) - 1),
            _ => found,
        };
    }

    fn classify(&self, window: &[u8; WINDOW]) -> u64 {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the running CPU reports AVX2 (`has_avx2`).
            return unsafe { window_terminal_bytes_avx2(window) };
        }
        window_terminal_bytes(window)
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

/// The bytes of `rest` (at most `N`) followed by zeros.
fn padded<const N: usize>(rest: &[u8]) -> [u8; N] {
    let mut padded = [0u8; N];
    let len = rest.len().min(N);
    padded[..len].copy_from_slice(&rest[..len]);
    padded
}

/// Bit `i` set for each `.`, `!`, `?` and `0xE2` at `window[i]`, 16 bytes at a time.
fn window_terminal_bytes(window: &[u8; WINDOW]) -> u64 {
    window
        .chunks_exact(CHUNK)
        .enumerate()
        .fold(0, |found, (i, chunk)| {
            let chunk = chunk.first_chunk().map_or(0, chunk_terminal_bytes);
            found | u64::from(chunk) << (i * CHUNK)
        })
}

/// [`window_terminal_bytes`] 32 bytes at a time, for CPUs with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn window_terminal_bytes_avx2(window: &[u8; WINDOW]) -> u64 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    // Written out rather than through a closure, which would not share the AVX2 feature.
    let dot = _mm256_set1_epi8(b'.' as i8);
    let bang = _mm256_set1_epi8(b'!' as i8);
    let question = _mm256_set1_epi8(b'?' as i8);
    let lead = _mm256_set1_epi8(ELLIPSIS[0] as i8);
    let low = _mm256_loadu_si256(window.as_ptr().cast());
    let high = _mm256_loadu_si256(window.as_ptr().add(WINDOW / 2).cast());
    let low = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(low, dot), _mm256_cmpeq_epi8(low, bang)),
        _mm256_or_si256(
            _mm256_cmpeq_epi8(low, question),
            _mm256_cmpeq_epi8(low, lead),
        ),
    );
    let high = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(high, dot), _mm256_cmpeq_epi8(high, bang)),
        _mm256_or_si256(
            _mm256_cmpeq_epi8(high, question),
            _mm256_cmpeq_epi8(high, lead),
        ),
    );
    let low = u64::from(_mm256_movemask_epi8(low) as u32);
    let high = u64::from(_mm256_movemask_epi8(high) as u32);
    low | high << 32
}

/// Bit `i` set for each `.`, `!`, `?` and `0xE2` at `chunk[i]`.
#[cfg(target_arch = "x86_64")]
#[inline]
fn chunk_terminal_bytes(chunk: &[u8; CHUNK]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 CPU; the load reads the 16 bytes of `chunk`.
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
    let lead = block.as_bytes()[next];
    let may_open = if lead.is_ascii() {
        lead.is_ascii_uppercase()
            || lead.is_ascii_digit()
            || matches!(lead, b'"' | b'\'' | b'(' | b'[' | b'-')
    } else {
        block[next..]
            .chars()
            .next()
            .is_some_and(|first| first.is_uppercase() || first.is_numeric() || is_opening(first))
    };
    if !may_open {
        return false;
    }
    terminal != b'.' || period_ends_sentence(block, start, dot, next)
}

/// Whether the period at `dot`, with a capital, a digit or an opening mark at `next`, ends the
/// sentence that starts at `start`: not after an initial nor a never-final abbreviation, and
/// after an ambiguous one or a dotted acronym only before a common opener.
fn period_ends_sentence(block: &str, start: usize, dot: usize, next: usize) -> bool {
    let bytes = block.as_bytes();
    let ascii_start = start + ascii_word_start(&bytes[start..dot]);
    if ascii_start > start && !bytes[ascii_start - 1].is_ascii() {
        return word_ends_sentence(word_before(&block[start..dot]), &block[next..]);
    }
    let word_start = ascii_start
        + bytes[ascii_start..dot]
            .iter()
            .position(|&b| b != b'.')
            .unwrap_or(dot - ascii_start);
    let word = &bytes[word_start..dot];
    let lexicon = lexicon();
    let kind = match word {
        [] => return true,
        [initial] if initial.is_ascii_uppercase() => return false,
        _ if !lexicon.may_be_abbreviation_bytes(word) => Abbreviation::None,
        _ if word.len() <= 8 && dot >= 8 => {
            let shift = 8 * (8 - word.len());
            lexicon
                .packed
                .get(load_u64(bytes, dot - 8) >> shift, word.len())
        }
        _ => lexicon.kind_of(word),
    };
    match kind {
        Abbreviation::NeverFinal => false,
        Abbreviation::Ambiguous => is_sentence_opener(first_word(&block[next..])),
        Abbreviation::None if is_ascii_dotted_acronym(word) => {
            is_sentence_opener(first_word(&block[next..]))
        }
        Abbreviation::None => true,
    }
}

/// [`period_ends_sentence`] for any word before the period, ASCII or not.
fn word_ends_sentence(word: &str, following: &str) -> bool {
    if word.is_empty() {
        return true;
    }
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let kind = lexicon().kind_of(word.as_bytes());
    if is_initial || kind == Abbreviation::NeverFinal {
        return false;
    }
    if kind == Abbreviation::Ambiguous || is_dotted_acronym(word) {
        return is_sentence_opener(first_word(following));
    }
    true
}

/// [`is_dotted_acronym`] for an ASCII word: letters or digits at even offsets, periods
/// between them.
fn is_ascii_dotted_acronym(word: &[u8]) -> bool {
    word.len() >= 3
        && word.len() % 2 == 1
        && word
            .iter()
            .enumerate()
            .all(|(i, &b)| (b == b'.') == (i % 2 == 1))
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

/// The length of the closing quotes and brackets at `block[from..]`.
fn closing_len(block: &str, from: usize) -> usize {
    let bytes = block.as_bytes();
    let ascii_closing = bytes[from..]
        .iter()
        .position(|b| !matches!(b, b'"' | b'\'' | b')' | b']'))
        .unwrap_or(bytes.len() - from);
    if bytes
        .get(from + ascii_closing)
        .is_some_and(|b| b.is_ascii())
    {
        return ascii_closing;
    }
    let text = &block[from..];
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
            prop_assert_eq!(closing_len(&text, 0), closing);
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
            block in "[a.!? \u{2026}\u{2019}\u{e9}]{0,150}",
            after in "[a.!?\u{2026}]{0,40}",
            start in 0usize..8,
            steps in proptest::collection::vec(0usize..40, 0..16),
        ) {
            // The scan may read past the block into the rest of the document, never beyond.
            let text = format!("{block}\n{after}");
            let mut from = start.min(block.len());
            let mut terminals = Terminals::new(text.as_bytes(), block.len(), from);
            for step in steps {
                prop_assert_eq!(terminals.next_from(from), plain_terminal(&block, from));
                from = (from + step).min(block.len());
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
        fn the_packed_lexicon_agrees_with_the_word_sets(word in "[A-Za-z.]{0,9}|Inc|U.S|e.g|Mr|v|U.S.A") {
            let lexicon = lexicon();
            let plain = if lexicon.never_final.contains(&word) {
                Abbreviation::NeverFinal
            } else if lexicon.ambiguous.contains(&word) {
                Abbreviation::Ambiguous
            } else {
                Abbreviation::None
            };
            prop_assert_eq!(lexicon.kind_of(word.as_bytes()), plain);
            prop_assert_eq!(is_ascii_dotted_acronym(word.as_bytes()), is_dotted_acronym(&word));
        }

        #[test]
        fn the_fast_paths_split_as_the_plain_segmenter_does(
            tokens in proptest::collection::vec(proptest::sample::select(TOKENS), 0..40),
            separators in proptest::collection::vec(proptest::sample::select(SEPARATORS), 40),
            after in "[a.!? ]{0,40}",
        ) {
            let block: String = tokens
                .iter()
                .zip(&separators)
                .flat_map(|(token, separator)| [*token, *separator])
                .collect();
            let text = format!("{block}\n\n{after}");
            let mut fast = Vec::new();
            split_sentences(&text, Span::new(0, block.len()), &mut fast);
            prop_assert_eq!(fast, plain_sentences(&block));
        }
    }

    const TOKENS: &[&str] = &[
        "Mr",
        "U.S",
        "U.S.A",
        "e.g",
        "p.m",
        "Inc",
        "v",
        "approx",
        "Thurs",
        "J",
        "A.B.C",
        "A.B.",
        "x.y",
        "The",
        "He",
        "But",
        "said",
        "government",
        "Ana",
        "3",
        "3.5",
        "\u{c9}",
        "\u{e9}t\u{e9}",
        "\u{dc}nal",
        "Caf\u{e9}",
        "na\u{ef}ve.E",
        "\"Why",
        "(Then",
        "-",
        "\u{201c}No",
        "\u{2014}and",
        "\u{2026}",
        "...",
        "?!",
        "ok",
    ];

    const SEPARATORS: &[&str] = &[
        " ",
        " ",
        " ",
        ". ",
        ". ",
        "! ",
        "? ",
        ".",
        "\n",
        ".\n",
        "\u{a0}",
        ".\u{a0}",
        ".\" ",
        ".\u{201d} ",
        ".) ",
        "\u{2026} ",
        "  ",
        "\t",
        ".\u{2003}",
        "",
    ];

    /// The segmenter without its fast paths: every test on characters, the lexicon's word sets.
    fn plain_sentences(block: &str) -> Vec<Span> {
        let char_skip = |from: usize| {
            block[from..]
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(block.len(), |(i, _)| from + i)
        };
        let mut out = Vec::new();
        let mut start = char_skip(0);
        let mut i = start;
        while let Some((at, terminal_len)) = plain_terminal(block, i) {
            i = at;
            let mut end = i + terminal_len;
            end += block[end..]
                .char_indices()
                .find(|&(_, c)| {
                    !matches!(
                        c,
                        '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
                    )
                })
                .map_or(block.len() - end, |(i, _)| i);
            let next = char_skip(end);
            if next > end && next < block.len() && plain_ends_sentence(block, start, i, next) {
                out.push(Span::new(start, end));
                start = next;
            }
            i = end.max(i + 1);
        }
        let end = block.trim_end().len();
        if end > start {
            out.push(Span::new(start, end));
        }
        out
    }

    fn plain_ends_sentence(block: &str, start: usize, dot: usize, next: usize) -> bool {
        let following = &block[next..];
        let Some(first) = following.chars().next() else {
            return false;
        };
        if !(first.is_uppercase() || first.is_numeric() || is_opening(first)) {
            return false;
        }
        if block.as_bytes()[dot] != b'.' {
            return true;
        }
        let before = &block[start..dot];
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = before[word_start..].trim_start_matches('.');
        if word.is_empty() {
            return true;
        }
        let lexicon = lexicon();
        let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if is_initial || lexicon.never_final.contains(word) {
            return false;
        }
        if lexicon.ambiguous.contains(word) || is_dotted_acronym(word) {
            return is_sentence_opener(first_word(following));
        }
        true
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
