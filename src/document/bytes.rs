//! Byte classes eight bytes at a time (SWAR: one `u64` holds eight bytes). Word scanning
//! ([`super::words`], the evidence pass) and `run-on-sentence`'s search for candidate seams
//! visit every byte of a document; testing a byte's class one comparison at a time costs a
//! mispredicted branch per word, while these masks cost a few arithmetic operations per eight
//! bytes and no branch at all.
//!
//! Every mask marks a byte by its top bit (`0x80`) and is exact: no carry from one byte
//! reaches the next.

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
#[inline]
const fn non_ascii_mask(chunk: u64) -> u64 {
    chunk & HIGH_BITS
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
    }
}

pub struct SpacesBeforeCapitals<'a> {
    bytes: &'a [u8],
    /// The offset of the next eight bytes to test.
    next_chunk: usize,
    /// The spaces found in the chunk at `found_at`, one top bit each.
    found: u64,
    found_at: usize,
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

    fn next(&mut self) -> Option<usize> {
        loop {
            if self.found != 0 {
                let at = self.found_at + (self.found.trailing_zeros() / 8) as usize;
                self.found &= self.found - 1;
                return Some(at);
            }
            let at = self.next_chunk;
            if at + 9 <= self.bytes.len() {
                let before = load_u64(self.bytes, at - 1);
                let after = load_u64(self.bytes, at + 1);
                self.found = equal_mask(load_u64(self.bytes, at), b' ')
                    & (alnum_mask(before) | non_ascii_mask(before))
                    & (upper_mask(after) | non_ascii_mask(after));
                self.found_at = at;
                self.next_chunk = at + 8;
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
        fn spaces_before_capitals_finds_every_one(text in "[aZ9 .\u{e9}\u{c9}]{0,40}") {
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
