//! MinHash signatures: for each of `P` permutations, the least permuted key of a set of
//! shingle keys. Two sets agree on a permutation's minimum with probability equal to their
//! Jaccard similarity, so the fraction of agreeing positions estimates it (standard error
//! about `sqrt(J (1 - J) / P)`: 0.035 at J = 0.8 with 128 permutations).
//!
//! Permutation `i` maps a 32-bit key `x` to `((a_i * x + b_i) mod 2^64) >> 32`, Dietzfelbinger's
//! multiply-add-shift family, strongly universal for 32-bit keys. The pairs are drawn from
//! splitmix64 seeded with [`PERMUTATION_SEED`](super::hash::PERMUTATION_SEED):
//! `a_0 = next() | 1, b_0 = next(), a_1 = next() | 1, …`. One hash per shingle, then a
//! multiply, an add and a shift per permutation: the inner loop runs over 16 permutations at a
//! time for every key, which compilers vectorise, and on x86-64 CPUs with AVX2 it is compiled
//! a second time for those instructions (same arithmetic, same results).

use super::hash::{splitmix64, PERMUTATION_SEED};

/// Permutations handled together in the inner loop.
const LANES: usize = 16;

/// The default number of permutations.
pub const DEFAULT_PERMUTATIONS: usize = 128;

/// Computes signatures with a fixed set of permutations.
#[derive(Debug, Clone)]
pub struct MinHasher {
    permutations: usize,
    /// `a_i` and `b_i`, padded with further draws to a multiple of [`LANES`].
    mul: Vec<u64>,
    add: Vec<u64>,
    avx2: bool,
}

impl MinHasher {
    /// `permutations` permutations (at least 1).
    pub fn new(permutations: usize) -> Self {
        let permutations = permutations.max(1);
        let padded = permutations.div_ceil(LANES) * LANES;
        let mut state = PERMUTATION_SEED;
        let (mut mul, mut add) = (Vec::with_capacity(padded), Vec::with_capacity(padded));
        for _ in 0..padded {
            mul.push(splitmix64(&mut state) | 1);
            add.push(splitmix64(&mut state));
        }
        Self {
            permutations,
            mul,
            add,
            avx2: has_avx2(),
        }
    }

    pub const fn permutations(&self) -> usize {
        self.permutations
    }

    /// The signature of a set of shingle keys (repeats allowed): `u32::MAX` everywhere when
    /// `keys` is empty.
    pub fn signature(&self, keys: &[u32]) -> Vec<u32> {
        let mut out = vec![0; self.permutations];
        self.signature_into(keys, &mut out);
        out
    }

    /// Writes the signature of `keys` to `out`, which must hold [`Self::permutations`] values.
    pub fn signature_into(&self, keys: &[u32], out: &mut [u32]) {
        assert_eq!(out.len(), self.permutations, "signature length");
        let mut padded = [0u32; LANES];
        let blocks = self
            .mul
            .chunks_exact(LANES)
            .zip(self.add.chunks_exact(LANES));
        for (block, (mul, add)) in blocks.enumerate() {
            let (mul, add) = (lanes(mul), lanes(add));
            let from = block * LANES;
            let to = (from + LANES).min(self.permutations);
            let dest: &mut [u32; LANES] = match (&mut out[from..to]).try_into() {
                Ok(whole) => whole,
                Err(_) => &mut padded,
            };
            self.block(mul, add, keys, dest);
            if to - from < LANES {
                out[from..to].copy_from_slice(&padded[..to - from]);
            }
        }
    }

    fn block(&self, mul: &[u64; LANES], add: &[u64; LANES], keys: &[u32], out: &mut [u32; LANES]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the running CPU reports AVX2 (`has_avx2`).
            unsafe { block_avx2(mul, add, keys, out) };
            return;
        }
        block_portable(mul, add, keys, out);
    }
}

impl Default for MinHasher {
    fn default() -> Self {
        Self::new(DEFAULT_PERMUTATIONS)
    }
}

fn lanes(chunk: &[u64]) -> &[u64; LANES] {
    chunk.try_into().expect("chunks_exact yields LANES values")
}

/// The minimum over `keys` of 16 permutations.
#[inline(always)]
fn block_portable(mul: &[u64; LANES], add: &[u64; LANES], keys: &[u32], out: &mut [u32; LANES]) {
    let mut least = [u32::MAX; LANES];
    for &key in keys {
        let x = u64::from(key);
        for lane in 0..LANES {
            let permuted = (mul[lane].wrapping_mul(x).wrapping_add(add[lane]) >> 32) as u32;
            least[lane] = least[lane].min(permuted);
        }
    }
    *out = least;
}

/// [`block_portable`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn block_avx2(mul: &[u64; LANES], add: &[u64; LANES], keys: &[u32], out: &mut [u32; LANES]) {
    block_portable(mul, add, keys, out);
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The estimated Jaccard similarity of the sets behind two signatures of equal length: the
/// fraction of positions where they agree.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let agree = a.iter().zip(b).filter(|(x, y)| x == y).count();
    agree as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::shingle::{key, ShingleSet, Shingler};

    /// Golden values from `bench/sketch.py` (see `hash`): they must never change.
    #[test]
    fn golden_signature_never_changes() {
        let hasher = MinHasher::new(4);
        assert_eq!(hasher.mul[0], 0x7EDE_BE5A_C989_7833);
        assert_eq!(
            hasher.signature(&[1, 2, 3]),
            [488_162_810, 522_256_139, 546_316_572, 1_884_555_954]
        );
        assert_eq!(hasher.signature(&[]), [u32::MAX; 4]);
    }

    #[test]
    fn every_kernel_gives_the_same_signature() {
        let keys: Vec<u32> = (0..1000u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        let mut hasher = MinHasher::new(40);
        let fast = hasher.signature(&keys);
        hasher.avx2 = false;
        assert_eq!(hasher.signature(&keys), fast);
        // The first 40 of 128 permutations are the 40 permutations.
        assert_eq!(MinHasher::new(128).signature(&keys)[..40], fast);
    }

    /// Texts from one vocabulary; `b` keeps a known share of `a`'s sentences.
    fn sentence(seed: &mut u64) -> String {
        const WORDS: &[&str] = &[
            "harbour", "council", "river", "minister", "storm", "ferry", "market", "school",
            "rail", "budget", "court", "museum", "vote", "bridge", "farm", "wind", "coast",
            "union", "price", "trial", "road", "city", "port", "tax", "report", "rain",
        ];
        (0..12)
            .map(|_| WORDS[(splitmix64(seed) % WORDS.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn estimates_stay_within_tolerance_of_true_jaccard() {
        let hasher = MinHasher::default();
        let mut shingler = Shingler::new(5);
        let mut seed = 7;
        let mut shingles = Vec::new();
        let mut sketch = |text: &str| {
            shingler.shingles(text, &mut shingles);
            let keys: Vec<u32> = shingles.iter().map(|&s| key(s)).collect();
            (hasher.signature(&keys), ShingleSet::new(shingles.clone()))
        };
        for kept in [0, 20, 50, 70, 80, 90, 95, 100] {
            let base: Vec<String> = (0..100).map(|_| sentence(&mut seed)).collect();
            let mut other = base.clone();
            for line in other.iter_mut().skip(kept) {
                *line = sentence(&mut seed);
            }
            let (sig_a, set_a) = sketch(&base.join(".\n"));
            let (sig_b, set_b) = sketch(&other.join(".\n"));
            let truth = set_a.jaccard(&set_b);
            let estimated = estimate(&sig_a, &sig_b);
            // Four standard errors of a 128-permutation estimate, at least 0.02.
            let tolerance = (4.0 * (truth * (1.0 - truth) / 128.0).sqrt()).max(0.02);
            assert!(
                (estimated - truth).abs() <= tolerance,
                "kept {kept}%: true {truth:.3}, estimated {estimated:.3}"
            );
        }
    }

    #[test]
    fn estimate_of_mismatched_signatures_is_zero() {
        assert_eq!(estimate(&[1, 2], &[1, 2, 3]), 0.0);
        assert_eq!(estimate(&[], &[]), 0.0);
        assert_eq!(estimate(&[1, 2, 3, 4], &[1, 2, 0, 4]), 0.75);
    }
}
