//! Locality-sensitive hashing by banding: a signature is cut into `b` bands of `r` rows, each
//! band is hashed, and two sets whose signatures share a band hash become a candidate pair.
//! Sets of Jaccard similarity `s` become candidates with probability `1 - (1 - s^r)^b`, an
//! S-curve whose steep part sits near the threshold; comparing only candidates is what keeps
//! a corpus (or a document's paragraphs) from being compared pair by pair.
//!
//! Band `j` (from 0) of a signature hashes as `h = mix(BAND_SEED ^ j, BAND_MUL)`, then
//! `h = mix(h ^ v, BAND_MUL)` for each of its `r` values `v` in order (see
//! [`hash`](super::hash)); the band index is part of the hash, so all bands can share one
//! table.

use super::hash::{mix, BAND_MUL, BAND_SEED};

/// How a signature is cut into bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Banding {
    pub bands: usize,
    pub rows: usize,
}

/// Weight of a missed pair against a needless candidate when choosing bands: candidates are
/// verified afterwards, so a false candidate costs one check and a false negative a lost pair.
const MISS_WEIGHT: f64 = 0.95;

impl Banding {
    /// The bands and rows (`bands * rows <= permutations`) that minimise
    /// `0.05 · P(candidate | s < t) + 0.95 · P(no candidate | s >= t)`, each integrated over
    /// `s`, as datasketch chooses them but weighted towards recall: 16 bands of 8 rows for
    /// threshold 0.8 and 128 permutations (a pair at 0.8 is a candidate with probability 0.95,
    /// one at 0.85 with 0.994).
    pub fn for_threshold(threshold: f64, permutations: usize) -> Self {
        let threshold = threshold.clamp(0.01, 0.99);
        let permutations = permutations.max(1);
        let mut best = (f64::INFINITY, Banding { bands: 1, rows: 1 });
        for bands in 1..=permutations {
            for rows in 1..=permutations / bands {
                let banding = Banding { bands, rows };
                let false_positive = integrate(0.0, threshold, |s| banding.probability(s));
                let false_negative = integrate(threshold, 1.0, |s| 1.0 - banding.probability(s));
                let cost = (1.0 - MISS_WEIGHT) * false_positive + MISS_WEIGHT * false_negative;
                if cost < best.0 {
                    best = (cost, banding);
                }
            }
        }
        best.1
    }

    /// The probability that two sets of Jaccard similarity `s` share at least one band.
    pub fn probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }

    /// The permutations the bands use.
    pub const fn permutations(&self) -> usize {
        self.bands * self.rows
    }

    /// The hash of band `band` of `signature`.
    pub fn band_hash(&self, signature: &[u32], band: usize) -> u64 {
        let rows = &signature[band * self.rows..(band + 1) * self.rows];
        rows.iter()
            .fold(mix(BAND_SEED ^ band as u64, BAND_MUL), |h, &v| {
                mix(h ^ u64::from(v), BAND_MUL)
            })
    }

    /// The hash of every band of `signature`, appended to `out`.
    pub fn band_hashes(&self, signature: &[u32], out: &mut Vec<u64>) {
        out.extend((0..self.bands).map(|band| self.band_hash(signature, band)));
    }
}

/// Midpoint rule, fine enough to rank bandings.
fn integrate(from: f64, to: f64, f: impl Fn(f64) -> f64) -> f64 {
    const STEPS: usize = 64;
    let step = (to - from) / STEPS as f64;
    (0..STEPS)
        .map(|i| f(from + (i as f64 + 0.5) * step))
        .sum::<f64>()
        * step
}

/// Sorts `entries` (band hash, item) and calls `bucket` with the items of every run that
/// shares a band hash, two items or more, in order of the items.
pub fn for_each_bucket(entries: &mut [(u64, u32)], mut bucket: impl FnMut(&[(u64, u32)])) {
    entries.sort_unstable();
    let mut start = 0;
    while start < entries.len() {
        let hash = entries[start].0;
        // Runs are short: a linear scan beats a binary search over the rest.
        let end = entries[start..]
            .iter()
            .position(|entry| entry.0 != hash)
            .map_or(entries.len(), |len| start + len);
        if end - start > 1 {
            bucket(&entries[start..end]);
        }
        start = end;
    }
}

/// Bucket members up to this many are paired all with all.
const SMALL_BUCKET: usize = 8;

/// Candidate pairs `(earlier, later)` from one bucket of items in increasing order: every pair
/// in a small bucket; in a larger one, each item with the first and with the one before it,
/// which keeps a bucket of a thousand near-copies at two thousand checks rather than half a
/// million, and still links them all into one cluster.
pub fn bucket_pairs(bucket: &[(u64, u32)], mut pair: impl FnMut(u32, u32)) {
    if bucket.len() <= SMALL_BUCKET {
        for (i, &(_, a)) in bucket.iter().enumerate() {
            for &(_, b) in &bucket[i + 1..] {
                pair(a, b);
            }
        }
        return;
    }
    let first = bucket[0].1;
    for window in bucket.windows(2) {
        let (before, item) = (window[0].1, window[1].1);
        pair(before, item);
        if before != first {
            pair(first, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_banding_is_sixteen_by_eight() {
        assert_eq!(
            Banding::for_threshold(0.8, 128),
            Banding { bands: 16, rows: 8 }
        );
        let banding = Banding::for_threshold(0.8, 128);
        assert!(banding.probability(0.8) > 0.94);
        assert!(banding.probability(0.3) < 0.002);
        let loose = Banding::for_threshold(0.5, 32);
        assert!(loose.permutations() <= 32);
        assert!(loose.probability(0.6) > 0.95);
    }

    /// Golden values from `bench/sketch.py` (see `hash`): they must never change.
    #[test]
    fn golden_band_hash_never_changes() {
        let banding = Banding { bands: 2, rows: 2 };
        let mut out = Vec::new();
        banding.band_hashes(&[1, 2, 3, 4], &mut out);
        assert_eq!(out, [0x0E5D_A91E_1076_40B3, 0xA444_C554_F732_BF44]);
        // The band index is part of the hash.
        assert_ne!(
            banding.band_hash(&[1, 2, 1, 2], 0),
            banding.band_hash(&[1, 2, 1, 2], 1)
        );
    }

    #[test]
    fn buckets_group_equal_hashes() {
        let mut entries = vec![(5, 2), (9, 0), (5, 1), (7, 3), (9, 4)];
        let mut seen = Vec::new();
        for_each_bucket(&mut entries, |bucket| {
            seen.push(bucket.iter().map(|e| e.1).collect::<Vec<_>>());
        });
        assert_eq!(seen, [vec![1, 2], vec![0, 4]]);
    }

    #[test]
    fn large_buckets_pair_linearly() {
        let small: Vec<(u64, u32)> = (0..3).map(|i| (1, i)).collect();
        let mut pairs = Vec::new();
        bucket_pairs(&small, |a, b| pairs.push((a, b)));
        assert_eq!(pairs, [(0, 1), (0, 2), (1, 2)]);
        let large: Vec<(u64, u32)> = (0..1000).map(|i| (1, i)).collect();
        pairs.clear();
        bucket_pairs(&large, |a, b| pairs.push((a, b)));
        assert_eq!(pairs.len(), 999 + 998);
        assert_eq!(pairs[..3], [(0, 1), (1, 2), (0, 2)]);
    }
}
