//! Byte classes eight bytes at a time (SWAR: one `u64` holds eight bytes). Word scanning
//! ([`super::words`], the evidence pass) and `run-on-sentence`'s search for candidate seams
//! visit every byte of a document; testing a byte's class one comparison at a time costs a
//! mispredicted branch per word, while these masks cost a few arithmetic operations per eight
//! bytes and no branch at all.
//!
//! Every mask marks a byte by its top bit (`0x80`) and is exact: no carry from one byte
//! reaches the next. The evidence pass, which reads every word of a document, classes 64 bytes
//! at a time instead, one bit per byte ([`WordClasses`]), and `split-paragraph` counts a short
//! line's tokens sixteen bytes at a time ([`whitespace_and_non_ascii`]).

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at`, first byte lowest. `at + 8` must be in bounds.
#[inline]
pub fn load_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// The top bit of each ASCII byte of `chunk` from `first` to `last`.
#[inline]
fn in_range(chunk: u64, first: u8, last: u8) -> u64 {
    let low = chunk & LOW_BITS;
    (low + ONES * u64::from(0x80 - first))
        & !(low + ONES * u64::from(0x7f - last))
        & !chunk
        & HIGH_BITS
}

/// The top bit of each byte of `chunk` that is an ASCII letter or digit.
#[inline]
pub fn alnum_mask(chunk: u64) -> u64 {
    // Setting bit 5 lowercases letters and never turns another byte into one.
    in_range(chunk | 0x2020_2020_2020_2020, b'a', b'z') | in_range(chunk, b'0', b'9')
}

/// The top bit of each byte of `chunk` that is an ASCII capital.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn upper_mask(chunk: u64) -> u64 {
    in_range(chunk, b'A', b'Z')
}

/// The top bit of each byte of `chunk` equal to `byte`. Exact per byte, unlike the
/// `(x - ONES) & !x` trick, whose borrow can mark the next byte.
#[inline]
pub fn equal_mask(chunk: u64, byte: u8) -> u64 {
    let x = chunk ^ (ONES * u64::from(byte));
    !(((x & LOW_BITS) + LOW_BITS) | x) & HIGH_BITS
}

/// The top bit of each byte of `chunk` outside ASCII.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
const fn non_ascii_mask(chunk: u64) -> u64 {
    chunk & HIGH_BITS
}

/// The bytes of a [`CHUNK`]-byte chunk that the evidence pass's word scanner tells apart, one
/// bit per byte (bit `i` for byte `i`). Sixteen bytes are classed at once with SSE2, which
/// every x86-64 CPU has: a word costs a few instructions, where a byte-at-a-time loop costs
/// a branch per byte and a mispredicted one per word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClasses {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// ASCII capitals.
    pub upper: u64,
    /// ASCII lowercase letters.
    pub lower: u64,
    /// `'` and `-`, which join two letters or digits into one word.
    pub joiner: u64,
    /// `b' '`, which may stand between two words side by side.
    pub space: u64,
    /// Bytes outside ASCII, which may belong to a letter, a mark or a joiner.
    pub non_ascii: u64,
}

/// The chunk [`word_classes`] reads.
pub const CHUNK: usize = 64;

/// The [`WordClasses`] of the [`CHUNK`] bytes of `bytes` from `at`, bytes past the end read as
/// zero.
#[inline(always)]
pub fn word_classes_at(bytes: &[u8], at: usize) -> WordClasses {
    match bytes.get(at..).and_then(<[u8]>::first_chunk) {
        Some(chunk) => word_classes(chunk),
        None => {
            let mut padded = [0u8; CHUNK];
            let rest = bytes.get(at..).unwrap_or_default();
            padded[..rest.len()].copy_from_slice(rest);
            word_classes(&padded)
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn word_classes(chunk: &[u8; CHUNK]) -> WordClasses {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut classes = WordClasses::default();
    // SAFETY: SSE2 is part of every x86-64 CPU; each load reads 16 of the chunk's 64 bytes.
    unsafe {
        for part in 0..CHUNK / 16 {
            let v = _mm_loadu_si128(chunk.as_ptr().add(16 * part).cast());
            // `b - first < n` unsigned, as a signed compare of the byte moved so that the
            // range starts at -128.
            let in_range = |first: u8, n: i8| {
                _mm_cmplt_epi8(
                    _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(first) as i8)),
                    _mm_set1_epi8(i8::MIN + n),
                )
            };
            let (upper, lower) = (in_range(b'A', 26), in_range(b'a', 26));
            let alnum = _mm_or_si128(_mm_or_si128(upper, lower), in_range(b'0', 10));
            let joiner = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\'' as i8)),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'-' as i8)),
            );
            let space = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
            let bits = |lanes| u64::from(_mm_movemask_epi8(lanes) as u16) << (16 * part);
            classes.alnum |= bits(alnum);
            classes.upper |= bits(upper);
            classes.lower |= bits(lower);
            classes.joiner |= bits(joiner);
            classes.space |= bits(space);
            classes.non_ascii |= bits(v);
        }
    }
    classes
}

/// [`word_classes`] with AVX2, for code compiled for it: the chunk's two 32-byte halves are
/// classed at once, about half the instructions of four 16-byte quarters.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
pub fn word_classes_avx2(chunk: &[u8; CHUNK]) -> WordClasses {
    use std::arch::x86_64::_mm256_loadu_si256;
    // SAFETY: each load reads 32 of the chunk's 64 bytes.
    let (low, high) = unsafe {
        (
            _mm256_loadu_si256(chunk.as_ptr().cast()),
            _mm256_loadu_si256(chunk.as_ptr().add(32).cast()),
        )
    };
    let (low, high) = (half_word_classes(low), half_word_classes(high));
    let join = |low: u32, high: u32| u64::from(low) | u64::from(high) << 32;
    WordClasses {
        alnum: join(low[0], high[0]),
        upper: join(low[1], high[1]),
        lower: join(low[2], high[2]),
        joiner: join(low[3], high[3]),
        space: join(low[4], high[4]),
        non_ascii: join(low[5], high[5]),
    }
}

/// The [`WordClasses`] of 32 bytes, in their field order, bit `i` for byte `i`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn half_word_classes(v: std::arch::x86_64::__m256i) -> [u32; 6] {
    use std::arch::x86_64::{
        _mm256_add_epi8, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8,
    };
    // `b - first < n` unsigned, as a signed compare of the byte moved so that the range starts
    // at -128.
    let in_range = |first: u8, n: i8| {
        _mm256_cmpgt_epi8(
            _mm256_set1_epi8(i8::MIN + n),
            _mm256_add_epi8(v, _mm256_set1_epi8(0x80u8.wrapping_sub(first) as i8)),
        )
    };
    let (upper, lower) = (in_range(b'A', 26), in_range(b'a', 26));
    let alnum = _mm256_or_si256(_mm256_or_si256(upper, lower), in_range(b'0', 10));
    let joiner = _mm256_or_si256(
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\'' as i8)),
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'-' as i8)),
    );
    let space = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b' ' as i8));
    [alnum, upper, lower, joiner, space, v].map(|lanes| _mm256_movemask_epi8(lanes) as u32)
}

#[cfg(not(target_arch = "x86_64"))]
fn word_classes(chunk: &[u8; CHUNK]) -> WordClasses {
    portable_word_classes(chunk)
}

#[cfg(any(test, not(target_arch = "x86_64")))]
fn portable_word_classes(chunk: &[u8; CHUNK]) -> WordClasses {
    let mut classes = WordClasses::default();
    for (i, &byte) in chunk.iter().enumerate() {
        classes.alnum |= u64::from(byte.is_ascii_alphanumeric()) << i;
        classes.upper |= u64::from(byte.is_ascii_uppercase()) << i;
        classes.lower |= u64::from(byte.is_ascii_lowercase()) << i;
        classes.joiner |= u64::from(matches!(byte, b'\'' | b'-')) << i;
        classes.space |= u64::from(byte == b' ') << i;
        classes.non_ascii |= u64::from(!byte.is_ascii()) << i;
    }
    classes
}

/// The whitespace bytes (`\t` to `\r` and space, the ASCII ones `char::is_whitespace`
/// knows) and the bytes outside ASCII among the sixteen of `chunk`, bit `i` for byte `i`.
#[cfg(target_arch = "x86_64")]
pub fn whitespace_and_non_ascii(chunk: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 CPU; the load reads the sixteen bytes of `chunk`.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        // `b - 9 < 5` unsigned, as a signed compare of the byte moved so that 9 is -128.
        let control = _mm_cmplt_epi8(
            _mm_add_epi8(v, _mm_set1_epi8(0x77)),
            _mm_set1_epi8(-128 + 5),
        );
        let space = _mm_or_si128(control, _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8)));
        (
            _mm_movemask_epi8(space) as u32 & 0xffff,
            _mm_movemask_epi8(v) as u32 & 0xffff,
        )
    }
}

#[cfg(not(target_arch = "x86_64"))]
pub fn whitespace_and_non_ascii(chunk: &[u8; 16]) -> (u32, u32) {
    chunk
        .iter()
        .enumerate()
        .fold((0, 0), |(space, non_ascii), (i, &b)| {
            (
                space | u32::from(matches!(b, b'\t'..=b'\r' | b' ')) << i,
                non_ascii | u32::from(!b.is_ascii()) << i,
            )
        })
}

/// Offsets of the spaces that stand between a letter or digit and a capital letter: each
/// `b' '` whose previous byte is an ASCII letter or digit and whose next byte an ASCII capital,
/// where a non-ASCII byte on either side counts too (it may be part of a letter). Ascending.
pub fn spaces_before_capitals(bytes: &[u8]) -> SpacesBeforeCapitals<'_> {
    SpacesBeforeCapitals {
        bytes,
        next_chunk: 1,
        found: 0,
        found_at: 0,
        wide: has_avx2(),
    }
}

pub struct SpacesBeforeCapitals<'a> {
    bytes: &'a [u8],
    /// The offset of the next chunk to test.
    next_chunk: usize,
    /// The spaces found in the chunk at `found_at`, one bit each ([`BITS_PER_BYTE`] apart).
    found: u64,
    found_at: usize,
    /// Whether the CPU has AVX2, which tests [`WIDE_CHUNK`] bytes at once.
    wide: bool,
}

impl SpacesBeforeCapitals<'_> {
    fn is_space_before_capital(&self, at: usize) -> bool {
        let (before, after) = (self.bytes[at - 1], self.bytes[at + 1]);
        self.bytes[at] == b' '
            && (before.is_ascii_alphanumeric() || before >= 0x80)
            && (after.is_ascii_uppercase() || after >= 0x80)
    }
}

impl Iterator for SpacesBeforeCapitals<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            if self.found != 0 {
                let at = self.found_at + (self.found.trailing_zeros() / BITS_PER_BYTE) as usize;
                self.found &= self.found - 1;
                return Some(at);
            }
            let at = self.next_chunk;
            // A chunk reads one byte on either side of it.
            if self.wide && at + WIDE_CHUNK < self.bytes.len() {
                // SAFETY: the running CPU reports AVX2 (`has_avx2`), and the bytes read are in
                // bounds (tested above).
                self.found = unsafe { wide_spaces_before_capitals(self.bytes, at) };
                self.found_at = at;
                self.next_chunk = at + WIDE_CHUNK;
            } else if at + SPACES_CHUNK < self.bytes.len() {
                self.found = chunk_spaces_before_capitals(self.bytes, at);
                self.found_at = at;
                self.next_chunk = at + SPACES_CHUNK;
            } else if at + 1 < self.bytes.len() {
                self.next_chunk = at + 1;
                if self.is_space_before_capital(at) {
                    return Some(at);
                }
            } else {
                return None;
            }
        }
    }
}

/// The bytes [`chunk_spaces_before_capitals`] tests at once.
#[cfg(target_arch = "x86_64")]
const SPACES_CHUNK: usize = 32;
#[cfg(target_arch = "x86_64")]
const BITS_PER_BYTE: u32 = 1;

/// The spaces before capitals among the [`SPACES_CHUNK`] bytes from `at`, bit `i` for byte
/// `at + i`. Reads `bytes[at - 1..=at + SPACES_CHUNK]`, which must be in bounds.
#[cfg(target_arch = "x86_64")]
#[inline]
fn chunk_spaces_before_capitals(bytes: &[u8], at: usize) -> u64 {
    let window = &bytes[at - 1..at + SPACES_CHUNK + 1];
    u64::from(half_spaces_before_capitals(window, 0))
        | u64::from(half_spaces_before_capitals(window, 16)) << 16
}

/// The spaces before capitals among the 16 bytes from `window[from + 1]`, bit `i` for
/// `window[from + 1 + i]`: SSE2 tests them at once, a few instructions for all sixteen.
#[cfg(target_arch = "x86_64")]
#[inline]
fn half_spaces_before_capitals(window: &[u8], from: usize) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8, _mm_xor_si128,
    };
    let window = &window[from..from + 18];
    // SAFETY: SSE2 is part of every x86-64 CPU; the three loads read 16 bytes each from
    // offsets 0, 1 and 2 of `window`, which holds 18 (checked by the slicing above).
    unsafe {
        let load = |offset: usize| _mm_loadu_si128(window.as_ptr().add(offset).cast());
        let (before, this, after) = (load(0), load(1), load(2));
        // `b - first < count` unsigned, as a signed compare with the top bit flipped.
        let in_range = |v: __m128i, first: u8, count: u8| {
            let shifted = _mm_sub_epi8(v, _mm_set1_epi8(first as i8));
            _mm_cmplt_epi8(
                _mm_xor_si128(shifted, _mm_set1_epi8(i8::MIN)),
                _mm_set1_epi8(i8::MIN + count as i8),
            )
        };
        // Setting bit 5 lowercases letters and never turns another byte into one; a byte's own
        // top bit marks it non-ASCII, which counts on either side.
        let letter = in_range(_mm_or_si128(before, _mm_set1_epi8(0x20)), b'a', 26);
        let before_word = _mm_or_si128(_mm_or_si128(letter, in_range(before, b'0', 10)), before);
        let after_capital = _mm_or_si128(in_range(after, b'A', 26), after);
        let space = _mm_cmpeq_epi8(this, _mm_set1_epi8(b' ' as i8));
        let found = _mm_and_si128(_mm_and_si128(space, before_word), after_capital);
        _mm_movemask_epi8(found) as u32 & 0xffff
    }
}

#[cfg(target_arch = "x86_64")]
fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

#[cfg(not(target_arch = "x86_64"))]
const fn has_avx2() -> bool {
    false
}

/// The bytes [`wide_spaces_before_capitals`] tests at once.
const WIDE_CHUNK: usize = 64;

/// [`chunk_spaces_before_capitals`] of the [`WIDE_CHUNK`] bytes from `at`, 32 at a time, for
/// CPUs with AVX2. Reads `bytes[at - 1..=at + WIDE_CHUNK]`, which must be in bounds.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn wide_spaces_before_capitals(bytes: &[u8], at: usize) -> u64 {
    let window = &bytes[at - 1..at + WIDE_CHUNK + 1];
    u64::from(wide_half(window, 0)) | u64::from(wide_half(window, 32)) << 32
}

/// The spaces before capitals among the 32 bytes from `window[from + 1]`, bit `i` for
/// `window[from + 1 + i]`, as [`half_spaces_before_capitals`] tests sixteen.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn wide_half(window: &[u8], from: usize) -> u32 {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8,
    };
    let window = &window[from..from + 34];
    // The three loads read 32 bytes each from offsets 0, 1 and 2 of `window`, which holds 34
    // (checked by the slicing above).
    let before = _mm256_loadu_si256(window.as_ptr().cast());
    let this = _mm256_loadu_si256(window.as_ptr().add(1).cast());
    let after = _mm256_loadu_si256(window.as_ptr().add(2).cast());
    // Setting bit 5 lowercases letters and never turns another byte into one; a byte's own
    // top bit marks it non-ASCII, which counts on either side.
    let letter = wide_in_range(_mm256_or_si256(before, _mm256_set1_epi8(0x20)), b'a', 26);
    let before_word = _mm256_or_si256(
        _mm256_or_si256(letter, wide_in_range(before, b'0', 10)),
        before,
    );
    let after_capital = _mm256_or_si256(wide_in_range(after, b'A', 26), after);
    let space = _mm256_cmpeq_epi8(this, _mm256_set1_epi8(b' ' as i8));
    let found = _mm256_and_si256(_mm256_and_si256(space, before_word), after_capital);
    _mm256_movemask_epi8(found) as u32
}

/// Lanes of `v` with `first <= b < first + count`: `b - first < count` unsigned, as a signed
/// compare with the top bit flipped.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn wide_in_range(
    v: std::arch::x86_64::__m256i,
    first: u8,
    count: u8,
) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::{
        _mm256_cmpgt_epi8, _mm256_set1_epi8, _mm256_sub_epi8, _mm256_xor_si256,
    };
    let shifted = _mm256_sub_epi8(v, _mm256_set1_epi8(first as i8));
    _mm256_cmpgt_epi8(
        _mm256_set1_epi8(i8::MIN + count as i8),
        _mm256_xor_si256(shifted, _mm256_set1_epi8(i8::MIN)),
    )
}

/// Never called: without AVX2 `wide` is always false.
#[cfg(not(target_arch = "x86_64"))]
unsafe fn wide_spaces_before_capitals(_bytes: &[u8], _at: usize) -> u64 {
    0
}

#[cfg(not(target_arch = "x86_64"))]
const SPACES_CHUNK: usize = 8;
#[cfg(not(target_arch = "x86_64"))]
const BITS_PER_BYTE: u32 = 8;

/// The spaces before capitals among the eight bytes from `at`, each marked by its top bit.
/// Reads `bytes[at - 1..=at + 8]`, which must be in bounds.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn chunk_spaces_before_capitals(bytes: &[u8], at: usize) -> u64 {
    let before = load_u64(bytes, at - 1);
    let after = load_u64(bytes, at + 1);
    equal_mask(load_u64(bytes, at), b' ')
        & (alnum_mask(before) | non_ascii_mask(before))
        & (upper_mask(after) | non_ascii_mask(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn marked(mask: u64) -> Vec<bool> {
        (0..8).map(|i| mask >> (8 * i + 7) & 1 == 1).collect()
    }

    proptest! {
        #[test]
        fn masks_agree_with_byte_tests(chunk in any::<[u8; 8]>(), byte in any::<u8>()) {
            let value = u64::from_le_bytes(chunk);
            let each = |test: &dyn Fn(u8) -> bool| chunk.iter().map(|&b| test(b)).collect::<Vec<_>>();
            prop_assert_eq!(marked(alnum_mask(value)), each(&|b| b.is_ascii_alphanumeric()));
            prop_assert_eq!(marked(upper_mask(value)), each(&|b| b.is_ascii_uppercase()));
            prop_assert_eq!(marked(equal_mask(value, byte)), each(&|b| b == byte));
            prop_assert_eq!(marked(non_ascii_mask(value)), each(&|b| b >= 0x80));
        }

        #[test]
        fn whitespace_and_non_ascii_agree_with_byte_tests(chunk in any::<[u8; 16]>()) {
            let mark = |test: &dyn Fn(u8) -> bool| {
                chunk.iter().enumerate().fold(0u32, |bits, (i, &b)| bits | u32::from(test(b)) << i)
            };
            prop_assert_eq!(
                whitespace_and_non_ascii(&chunk),
                (mark(&|b| (b as char).is_whitespace() && b.is_ascii()), mark(&|b| !b.is_ascii()))
            );
        }

        #[test]
        fn simd_word_classes_agree_with_byte_tests(chunk in any::<[u8; 32]>(), rest in any::<[u8; 32]>()) {
            let mut whole = [0u8; CHUNK];
            whole[..32].copy_from_slice(&chunk);
            whole[32..].copy_from_slice(&rest);
            prop_assert_eq!(word_classes(&whole), portable_word_classes(&whole));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the running CPU reports AVX2.
                prop_assert_eq!(unsafe { word_classes_avx2(&whole) }, portable_word_classes(&whole));
            }
        }

        #[test]
        fn word_classes_at_pads_past_the_end(text in "[a-z9'\\- .\u{e9}]{0,80}", at in 0usize..80) {
            let bytes = text.as_bytes();
            let mut padded = [0u8; CHUNK];
            for (i, slot) in padded.iter_mut().enumerate() {
                *slot = bytes.get(at + i).copied().unwrap_or(0);
            }
            prop_assert_eq!(word_classes_at(bytes, at), portable_word_classes(&padded));
        }

        #[test]
        fn spaces_before_capitals_finds_every_one(text in "[aAzZ09 .@\\[`{/:\u{e9}\u{c9}\u{80}]{0,240}") {
            let bytes = text.as_bytes();
            let expected: Vec<usize> = (1..bytes.len().saturating_sub(1))
                .filter(|&at| {
                    let (before, after) = (bytes[at - 1], bytes[at + 1]);
                    bytes[at] == b' '
                        && (before.is_ascii_alphanumeric() || before >= 0x80)
                        && (after.is_ascii_uppercase() || after >= 0x80)
                })
                .collect();
            prop_assert_eq!(spaces_before_capitals(bytes).collect::<Vec<_>>(), expected);
        }
    }
}
