//! Near-duplicate detection by shingling, MinHash and LSH banding, shared by `copydesk dedup`
//! (documents across a corpus) and the `near-duplicate-paragraph` rule (paragraphs inside one
//! document).
//!
//! A text becomes a set of word n-gram *shingles* ([`shingle`]), the set a MinHash
//! *signature* ([`minhash`]) whose agreeing positions estimate Jaccard similarity, the
//! signature *band hashes* ([`lsh`]) that bring similar sets together in one hash table, and
//! candidates are verified and joined into transitive clusters ([`cluster`]). Every hash is
//! spelled out in [`hash`] and fixed by golden tests: a signature computed by this version on
//! any platform equals one computed by any later version. Inside one document, where every
//! line is sketched, [`anchor`] takes a cheaper sketch that hashes a few words per line.
//!
//! ```
//! use copydesk::corpus::{estimate, Banding, Sketcher};
//!
//! let mut sketcher = Sketcher::new(5, 128);
//! let a = "The harbour wall will be rebuilt by spring, the council said on Monday, after \
//!          storms broke through it twice in one winter and flooded the old fish market.";
//! let b = "The harbour wall will be rebuilt by spring, the council said on Tuesday, after \
//!          storms broke through it twice in one winter and flooded the old fish market.";
//! let (sig_a, sig_b) = (sketcher.signature(a), sketcher.signature(b));
//! let exact = sketcher.shingle_set(a).jaccard(&sketcher.shingle_set(b));
//! assert!((exact - 19.0 / 29.0).abs() < 1e-9); // 24 shingles each, 5 of them changed
//! assert!((estimate(&sig_a, &sig_b) - exact).abs() < 0.15);
//!
//! let banding = Banding::for_threshold(0.8, 128);
//! assert_eq!((banding.bands, banding.rows), (16, 8));
//! ```

pub mod anchor;
pub mod cluster;
pub mod dedup;
pub mod diff;
pub mod hash;
pub mod lsh;
pub mod minhash;
pub mod shingle;

pub use cluster::UnionFind;
pub use lsh::Banding;
pub use minhash::{estimate, MinHasher, DEFAULT_PERMUTATIONS};
pub use shingle::{key, ShingleSet, Shingler};

/// Words per shingle by default.
pub const DEFAULT_SHINGLE_WORDS: usize = 5;

/// Shingles a text and computes its signature, reusing its buffers from text to text.
#[derive(Debug, Clone)]
pub struct Sketcher {
    shingler: Shingler,
    hasher: MinHasher,
    shingles: Vec<u64>,
    keys: Vec<u32>,
}

impl Sketcher {
    /// Shingles of `words` words, signatures of `permutations` values.
    pub fn new(words: usize, permutations: usize) -> Self {
        Self {
            shingler: Shingler::new(words),
            hasher: MinHasher::new(permutations),
            shingles: Vec::new(),
            keys: Vec::new(),
        }
    }

    pub const fn permutations(&self) -> usize {
        self.hasher.permutations()
    }

    pub const fn shingle_words(&self) -> usize {
        self.shingler.words()
    }

    /// The signature of `text`.
    pub fn signature(&mut self, text: &str) -> Vec<u32> {
        let mut out = vec![0; self.permutations()];
        self.signature_into(text, &mut out);
        out
    }

    /// Writes the signature of `text` to `out` ([`Self::permutations`] values) and returns how
    /// many shingles `text` has, repeats included; 0 means no words, and a signature of
    /// `u32::MAX` everywhere.
    pub fn signature_into(&mut self, text: &str, out: &mut [u32]) -> usize {
        self.shingler.shingles(text, &mut self.shingles);
        self.keys.clear();
        self.keys.extend(self.shingles.iter().map(|&s| key(s)));
        self.hasher.signature_into(&self.keys, out);
        self.shingles.len()
    }

    /// The exact shingle set of `text`, for verification.
    pub fn shingle_set(&mut self, text: &str) -> ShingleSet {
        let mut shingles = Vec::new();
        self.shingler.shingles(text, &mut shingles);
        ShingleSet::new(shingles)
    }
}
