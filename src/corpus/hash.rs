//! The one hash function every sketch is built from, spelled out so that signatures and band
//! hashes are the same on every platform, in every build and in every future version: a file
//! of band hashes written today must still bucket with one written next year, and a Spark job
//! may rebuild them from this page.
//!
//! Everything is integer arithmetic on `u64` with wrapping, in little-endian byte order:
//!
//! - `mix(a, b)`: the full 128-bit product `a * b`, its low 64 bits XOR its high 64 bits (the
//!   "folded multiply" of wyhash and foldhash).
//! - `bytes_hash(w)`: `h = WORD_SEED ^ len(w)`; for each 8-byte chunk `c` of `w`, read as a
//!   little-endian `u64` (the last chunk padded with zero bytes), `h = mix(h ^ c, WORD_MUL)`.
//!   An empty `w` hashes to `WORD_SEED`.
//! - `splitmix64`: Steele, Lea and Flood's generator (state += 0x9E3779B97F4A7C15, then the
//!   finalizer with 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB), which draws the MinHash
//!   permutations.
//!
//! The constants are the first hexadecimal digits of pi, so nothing hides in them.

/// Seed of [`bytes_hash`].
pub const WORD_SEED: u64 = 0x243F_6A88_85A3_08D3;
/// Multiplier of [`bytes_hash`].
pub const WORD_MUL: u64 = 0x1319_8A2E_0370_7344;
/// Seed of a shingle hash (see `shingle`).
pub const SHINGLE_SEED: u64 = 0xA409_3822_299F_31D0;
/// Multiplier of a shingle hash.
pub const SHINGLE_MUL: u64 = 0x082E_FA98_EC4E_6C89;
/// Seed of the splitmix64 stream that draws the permutations (see `minhash`).
pub const PERMUTATION_SEED: u64 = 0x4528_21E6_38D0_1377;
/// Seed of a band hash (see `lsh`).
pub const BAND_SEED: u64 = 0xBE54_66CF_34E9_0C6C;
/// Multiplier of a band hash.
pub const BAND_MUL: u64 = 0xC0AC_29B7_C97C_50DD;

/// The low 64 bits of the 128-bit product XOR its high 64 bits.
#[inline]
pub const fn mix(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// The hash of a folded word's UTF-8 bytes.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut h = WORD_SEED ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h ^ u64::from_le_bytes(word), WORD_MUL);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut word = [0u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        h = mix(h ^ u64::from_le_bytes(word), WORD_MUL);
    }
    h
}

/// [`bytes_hash`] of the lower-cased form of `bytes`, which must be ASCII letters and digits
/// only. Setting bit 0x20 lower-cases an ASCII letter and leaves a digit as it is, so this
/// folds and hashes eight bytes at a time without a copy.
#[inline]
pub fn ascii_word_hash(bytes: &[u8]) -> u64 {
    debug_assert!(bytes.iter().all(u8::is_ascii_alphanumeric));
    let mut h = WORD_SEED ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(
            h ^ (u64::from_le_bytes(word) | 0x2020_2020_2020_2020),
            WORD_MUL,
        );
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut word = [0u8; 8];
        for (to, from) in word.iter_mut().zip(tail) {
            *to = from | 0x20;
        }
        h = mix(h ^ u64::from_le_bytes(word), WORD_MUL);
    }
    h
}

/// One step of splitmix64: advances `state` and returns the next output.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Golden values, also computed by `bench/sketch.py`, an independent implementation of
    /// the documented hash: they must never change.
    #[test]
    fn golden_values_never_change() {
        assert_eq!(mix(3, 5), 15);
        assert_eq!(mix(u64::MAX, 2), 0xFFFF_FFFF_FFFF_FFFE ^ 1);
        assert_eq!(bytes_hash(b""), WORD_SEED);
        assert_eq!(bytes_hash(b"harbour"), 0xCA4F_861E_713A_4F94);
        assert_eq!(bytes_hash(b"reconstruction"), 0x8345_E503_6D16_6572);
        let mut state = 0;
        // The first outputs of splitmix64 from seed 0, as published with the algorithm.
        assert_eq!(splitmix64(&mut state), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(&mut state), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn ascii_words_hash_as_their_lower_case_bytes() {
        for word in [
            "Harbour",
            "RECONSTRUCTION",
            "a",
            "X9",
            "abcdefgh",
            "ABCDEFGHIJKLMNOPQ",
        ] {
            assert_eq!(
                ascii_word_hash(word.as_bytes()),
                bytes_hash(word.to_ascii_lowercase().as_bytes()),
                "{word}"
            );
        }
    }
}
