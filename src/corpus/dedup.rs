//! Exact and near-duplicate documents across a corpus, in bounded memory: each document is read
//! once to sketch it ([`DocSketch`]: a hash of its folded text, its shingle count and its band
//! hashes), the [`Index`] keeps only those, and candidates are verified by reading just the
//! documents involved again, through a loader the caller supplies.
//!
//! 1. Exact duplicates: equal hashes of the folded text ([`crate::document::fold_hash`]:
//!    whitespace, quote marks and compatibility forms folded; case and punctuation kept) and
//!    equal band hashes. Each group keeps its first document as representative.
//! 2. Candidates: representatives that share a band hash, band by band (one sorted table of
//!    `(hash, document)` at a time), large buckets paired linearly ([`lsh::bucket_pairs`]).
//! 3. Verification: candidate pairs are joined into connected components; each component's
//!    documents are loaded, shingled and compared by exact Jaccard similarity (every pair in a
//!    component of up to [`ALL_PAIRS_UP_TO`] documents, else the candidate pairs only), with
//!    the MinHash estimate alongside. Pairs at or above the threshold link documents into
//!    clusters (union-find), and the exact copies join their representative's cluster.
//!
//! A document whose text changed between the two reads is reported, not compared.

use rayon::prelude::*;

use super::lsh::{bucket_pairs, for_each_bucket};
use super::{estimate, Banding, ShingleSet, Sketcher, UnionFind};
use crate::document::fold_hash;

/// Components up to this many documents compare every pair; larger ones only their candidates.
pub const ALL_PAIRS_UP_TO: usize = 32;

/// The parameters both passes and any distributed re-run must share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub shingle_words: usize,
    pub permutations: usize,
    pub threshold: f64,
    pub banding: Banding,
}

impl Params {
    /// `banding` defaults to [`Banding::for_threshold`].
    pub fn new(
        shingle_words: usize,
        permutations: usize,
        threshold: f64,
        banding: Option<Banding>,
    ) -> Result<Self, ParamsError> {
        if shingle_words == 0 {
            return Err(ParamsError::ShingleWords);
        }
        if permutations == 0 || permutations > 4096 {
            return Err(ParamsError::Permutations(permutations));
        }
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(ParamsError::Threshold(threshold));
        }
        let banding = banding.unwrap_or_else(|| Banding::for_threshold(threshold, permutations));
        if banding.bands == 0 || banding.rows == 0 || banding.permutations() > permutations {
            return Err(ParamsError::Banding {
                bands: banding.bands,
                rows: banding.rows,
                permutations,
            });
        }
        Ok(Self {
            shingle_words,
            permutations,
            threshold,
            banding,
        })
    }

    pub fn sketcher(&self) -> Sketcher {
        Sketcher::new(self.shingle_words, self.permutations)
    }
}

impl Default for Params {
    fn default() -> Self {
        Self::new(
            super::DEFAULT_SHINGLE_WORDS,
            super::DEFAULT_PERMUTATIONS,
            0.8,
            None,
        )
        .expect("the defaults are valid")
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamsError {
    #[error("shingles need at least one word")]
    ShingleWords,
    #[error("permutations must be between 1 and 4096, not {0}")]
    Permutations(usize),
    #[error("the threshold must be above 0 and at most 1, not {0}")]
    Threshold(f64),
    #[error("{bands} bands of {rows} rows need {} permutations; there are {permutations}", bands * rows)]
    Banding {
        bands: usize,
        rows: usize,
        permutations: usize,
    },
}

/// What the first read of a document leaves behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSketch {
    /// [`fold_hash`] of the whole text.
    pub exact: u64,
    /// Shingles, repeats included; 0 for a text without words.
    pub shingles: u32,
    pub bands: Vec<u64>,
}

impl DocSketch {
    /// Sketches `text` with `sketcher` (built from `params`), reusing `signature` as scratch.
    pub fn new(
        text: &str,
        params: &Params,
        sketcher: &mut Sketcher,
        signature: &mut Vec<u32>,
    ) -> Self {
        signature.resize(params.permutations, 0);
        let shingles = sketcher.signature_into(text, signature);
        let mut bands = Vec::with_capacity(params.banding.bands);
        params.banding.band_hashes(signature, &mut bands);
        Self {
            exact: fold_hash(text),
            shingles: u32::try_from(shingles).unwrap_or(u32::MAX),
            bands,
        }
    }
}

/// The sketches of a corpus, in input order: document `i` is the `i`-th pushed.
#[derive(Debug, Clone)]
pub struct Index {
    bands_per_doc: usize,
    exact: Vec<u64>,
    shingles: Vec<u32>,
    bands: Vec<u64>,
}

impl Index {
    pub fn new(params: &Params) -> Self {
        Self {
            bands_per_doc: params.banding.bands,
            exact: Vec::new(),
            shingles: Vec::new(),
            bands: Vec::new(),
        }
    }

    /// Adds a document; returns its number.
    pub fn push(&mut self, sketch: &DocSketch) -> u32 {
        debug_assert_eq!(sketch.bands.len(), self.bands_per_doc);
        let doc = self.exact.len() as u32;
        self.exact.push(sketch.exact);
        self.shingles.push(sketch.shingles);
        self.bands.extend_from_slice(&sketch.bands);
        doc
    }

    pub fn len(&self) -> usize {
        self.exact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }

    /// Whether two documents have the same folded text (equal hashes and band hashes).
    pub fn same_text(&self, a: u32, b: u32) -> bool {
        self.exact[a as usize] == self.exact[b as usize] && self.doc_bands(a) == self.doc_bands(b)
    }

    fn doc_bands(&self, doc: u32) -> &[u64] {
        let from = doc as usize * self.bands_per_doc;
        &self.bands[from..from + self.bands_per_doc]
    }

    /// Groups of two or more documents with the same folded text, each sorted; documents
    /// without words are never grouped.
    pub fn exact_groups(&self) -> Vec<Vec<u32>> {
        let mut order: Vec<u32> = (0..self.len() as u32)
            .filter(|&doc| self.shingles[doc as usize] > 0)
            .collect();
        order.sort_unstable_by_key(|&doc| (self.exact[doc as usize], doc));
        let mut groups: Vec<Vec<u32>> = order
            .chunk_by(|&a, &b| {
                self.exact[a as usize] == self.exact[b as usize]
                    && self.doc_bands(a) == self.doc_bands(b)
            })
            .filter(|group| group.len() > 1)
            .map(<[u32]>::to_vec)
            .collect();
        groups.sort_unstable_by_key(|group| group[0]);
        groups
    }

    /// Candidate pairs `(a, b)`, `a < b`, among the documents `representative` marks, sorted
    /// and without repeats.
    pub fn candidates(&self, representative: &[bool]) -> Vec<(u32, u32)> {
        let docs: Vec<u32> = (0..self.len() as u32)
            .filter(|&doc| representative[doc as usize] && self.shingles[doc as usize] > 0)
            .collect();
        let mut pairs: Vec<u64> = Vec::new();
        let mut entries: Vec<(u64, u32)> = Vec::with_capacity(docs.len());
        for band in 0..self.bands_per_doc {
            entries.clear();
            entries.extend(
                docs.iter()
                    .map(|&doc| (self.bands[doc as usize * self.bands_per_doc + band], doc)),
            );
            for_each_bucket(&mut entries, |bucket| {
                bucket_pairs(bucket, |a, b| pairs.push(u64::from(a) << 32 | u64::from(b)));
            });
        }
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
            .into_iter()
            .map(|pair| ((pair >> 32) as u32, pair as u32))
            .collect()
    }
}

/// Two documents compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
    /// Exact Jaccard similarity of the shingle sets.
    pub similarity: f64,
    /// The MinHash estimate of it.
    pub estimate: f64,
    /// Same folded text.
    pub exact: bool,
}

/// A cluster of duplicates.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Sorted document numbers.
    pub members: Vec<u32>,
    /// Every pair compared inside the cluster, with its similarity: each exact copy with its
    /// representative, and every pair of representatives when the component was small, else
    /// the candidate pairs that passed.
    pub pairs: Vec<Pair>,
}

impl Cluster {
    /// Whether every member has the same folded text.
    pub fn is_exact(&self) -> bool {
        self.pairs.iter().all(|pair| pair.exact)
    }

    /// The comparison of two members, when they were compared.
    pub fn pair(&self, a: u32, b: u32) -> Option<&Pair> {
        let (a, b) = (a.min(b), a.max(b));
        self.pairs.iter().find(|pair| (pair.a, pair.b) == (a, b))
    }

    /// The member that stands for `doc`'s text: the first with the same folded text.
    pub fn representative(&self, index: &Index, doc: u32) -> u32 {
        self.members
            .iter()
            .copied()
            .find(|&member| index.same_text(member, doc))
            .unwrap_or(doc)
    }

    /// The similarity of two members: 1 for the same folded text, else that of their
    /// representatives when they were compared.
    pub fn similarity(&self, index: &Index, a: u32, b: u32) -> Option<f64> {
        if index.same_text(a, b) {
            return Some(1.0);
        }
        let (a, b) = (self.representative(index, a), self.representative(index, b));
        self.pair(a, b).map(|pair| pair.similarity)
    }
}

/// Why a document could not be compared on its second read.
#[derive(Debug)]
pub enum LoadError<E> {
    /// The loader failed.
    Failed(E),
    /// The text is not the one sketched.
    Changed,
}

/// What the verification found: clusters ordered by first member, and the documents that could
/// not be read again.
#[derive(Debug)]
pub struct Outcome<E> {
    pub clusters: Vec<Cluster>,
    pub failures: Vec<(u32, LoadError<E>)>,
}

/// Finds the clusters of `index`, loading documents through `load` (called from several
/// threads).
pub fn cluster<E, L>(index: &Index, params: &Params, load: L) -> Outcome<E>
where
    E: Send,
    L: Fn(u32) -> Result<String, E> + Sync,
{
    let exact_groups = index.exact_groups();
    let mut representative = vec![true; index.len()];
    for group in &exact_groups {
        for &copy in &group[1..] {
            representative[copy as usize] = false;
        }
    }
    let candidates = index.candidates(&representative);
    let components = components(index.len(), &candidates);

    let checked: Vec<Checked<E>> = components
        .par_iter()
        .map(|component| check_component(index, params, component, &load))
        .collect();

    let mut links = UnionFind::new(index.len());
    let mut pairs = Vec::new();
    let mut failures = Vec::new();
    for result in checked {
        failures.extend(result.failures);
        for pair in &result.pairs {
            if pair.similarity >= params.threshold {
                links.union(pair.a, pair.b);
            }
        }
        pairs.extend(result.pairs);
    }
    for group in &exact_groups {
        for &copy in &group[1..] {
            links.union(group[0], copy);
            pairs.push(Pair {
                a: group[0],
                b: copy,
                similarity: 1.0,
                estimate: 1.0,
                exact: true,
            });
        }
    }
    Outcome {
        clusters: assemble(&mut links, pairs),
        failures,
    }
}

/// The documents of one connected component of the candidate graph, with its candidate pairs.
struct Component {
    docs: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

fn components(len: usize, candidates: &[(u32, u32)]) -> Vec<Component> {
    let mut sets = UnionFind::new(len);
    for &(a, b) in candidates {
        sets.union(a, b);
    }
    let mut by_root: Vec<(u32, u32, u32)> = candidates
        .iter()
        .map(|&(a, b)| (sets.find(a), a, b))
        .collect();
    by_root.sort_unstable();
    by_root
        .chunk_by(|x, y| x.0 == y.0)
        .map(|group| {
            let pairs: Vec<(u32, u32)> = group.iter().map(|&(_, a, b)| (a, b)).collect();
            let mut docs: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
            docs.sort_unstable();
            docs.dedup();
            Component { docs, pairs }
        })
        .collect()
}

struct Checked<E> {
    pairs: Vec<Pair>,
    failures: Vec<(u32, LoadError<E>)>,
}

/// A loaded document: its shingle set and signature.
struct Loaded {
    set: ShingleSet,
    signature: Vec<u32>,
}

fn check_component<E, L>(
    index: &Index,
    params: &Params,
    component: &Component,
    load: &L,
) -> Checked<E>
where
    L: Fn(u32) -> Result<String, E>,
{
    let mut sketcher = params.sketcher();
    let mut failures = Vec::new();
    let mut loaded: Vec<Option<Loaded>> = Vec::with_capacity(component.docs.len());
    for &doc in &component.docs {
        match load_one(index, params, &mut sketcher, doc, load) {
            Ok(one) => loaded.push(Some(one)),
            Err(error) => {
                failures.push((doc, error));
                loaded.push(None);
            }
        }
    }
    let position = |doc: u32| component.docs.binary_search(&doc).ok();
    let compare = |a: u32, b: u32| -> Option<Pair> {
        let (x, y) = (
            loaded[position(a)?].as_ref()?,
            loaded[position(b)?].as_ref()?,
        );
        Some(Pair {
            a,
            b,
            similarity: x.set.jaccard(&y.set),
            estimate: estimate(&x.signature, &y.signature),
            exact: false,
        })
    };
    let pairs = if component.docs.len() <= ALL_PAIRS_UP_TO {
        let docs = &component.docs;
        (0..docs.len())
            .flat_map(|i| (i + 1..docs.len()).map(move |j| (docs[i], docs[j])))
            .filter_map(|(a, b)| compare(a, b))
            .collect()
    } else {
        component
            .pairs
            .iter()
            .filter_map(|&(a, b)| compare(a, b))
            .collect()
    };
    Checked { pairs, failures }
}

fn load_one<E, L>(
    index: &Index,
    params: &Params,
    sketcher: &mut Sketcher,
    doc: u32,
    load: &L,
) -> Result<Loaded, LoadError<E>>
where
    L: Fn(u32) -> Result<String, E>,
{
    let text = load(doc).map_err(LoadError::Failed)?;
    if fold_hash(&text) != index.exact[doc as usize] {
        return Err(LoadError::Changed);
    }
    let mut signature = vec![0; params.permutations];
    sketcher.signature_into(&text, &mut signature);
    Ok(Loaded {
        set: sketcher.shingle_set(&text),
        signature,
    })
}

/// Clusters from the links, each with the pairs inside it.
fn assemble(links: &mut UnionFind, pairs: Vec<Pair>) -> Vec<Cluster> {
    let clusters = links.clusters();
    let mut slot = vec![u32::MAX; links.len()];
    for (number, members) in clusters.iter().enumerate() {
        for &doc in members {
            slot[doc as usize] = number as u32;
        }
    }
    let mut out: Vec<Cluster> = clusters
        .into_iter()
        .map(|members| Cluster {
            members,
            pairs: Vec::new(),
        })
        .collect();
    for pair in pairs {
        let number = slot[pair.a as usize];
        if number != u32::MAX && number == slot[pair.b as usize] {
            out[number as usize].pairs.push(pair);
        }
    }
    for cluster in &mut out {
        cluster.pairs.sort_by_key(|pair| (pair.a, pair.b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::hash::splitmix64;

    const WORDS: &[&str] = &[
        "harbour", "council", "river", "minister", "storm", "ferry", "market", "school", "rail",
        "budget", "court", "museum", "vote", "bridge", "farm", "wind", "coast", "union", "price",
        "trial", "road", "city", "port", "tax", "report", "rain", "police", "hospital", "energy",
        "water", "airport", "festival", "election", "strike", "housing", "library",
    ];

    fn article(seed: &mut u64, words: usize) -> Vec<&'static str> {
        (0..words)
            .map(|_| WORDS[(splitmix64(seed) % WORDS.len() as u64) as usize])
            .collect()
    }

    /// `base` with `changes` words replaced at spread-out places.
    fn edited(base: &[&'static str], changes: usize, seed: &mut u64) -> Vec<&'static str> {
        let mut out = base.to_vec();
        for i in 0..changes {
            let at = (i * base.len()) / changes.max(1);
            out[at] = WORDS[(splitmix64(seed) % WORDS.len() as u64) as usize];
        }
        out
    }

    fn index(texts: &[String]) -> Index {
        let params = Params::default();
        let mut sketcher = params.sketcher();
        let mut signature = Vec::new();
        let mut index = Index::new(&params);
        for text in texts {
            index.push(&DocSketch::new(
                text,
                &params,
                &mut sketcher,
                &mut signature,
            ));
        }
        index
    }

    fn run(texts: &[String]) -> (Index, Outcome<()>) {
        let index = index(texts);
        let outcome = cluster(&index, &Params::default(), |doc| {
            Ok(texts[doc as usize].clone())
        });
        (index, outcome)
    }

    #[test]
    fn exact_and_near_duplicates_cluster_and_unrelated_documents_do_not() {
        let mut seed = 11;
        let base = article(&mut seed, 400);
        let mut texts: Vec<String> = (0..50).map(|_| article(&mut seed, 400).join(" ")).collect();
        texts.push(base.join(" ")); // 50
        texts.push(edited(&base, 4, &mut seed).join(" ")); // 51: about 0.9
        texts.push(base.join("  ").to_uppercase()); // 52: near, not exact (case differs)
        texts.push(base.join(" ")); // 53: exact copy of 50
        texts.push(edited(&base, 40, &mut seed).join(" ")); // 54: about 0.4
        let (index, outcome) = run(&texts);
        assert!(outcome.failures.is_empty());
        assert_eq!(outcome.clusters.len(), 1, "{:?}", outcome.clusters);
        let cluster = &outcome.clusters[0];
        assert_eq!(cluster.members, [50, 51, 52, 53]);
        assert!(!cluster.is_exact());
        assert!(index.same_text(50, 53));
        assert!(!index.same_text(50, 52));
        assert_eq!(cluster.similarity(&index, 50, 53), Some(1.0));
        assert_eq!(cluster.similarity(&index, 50, 52), Some(1.0));
        let near = cluster.similarity(&index, 50, 51).unwrap();
        assert!((0.8..0.95).contains(&near), "{near}");
        // 53 is compared through its representative, 50.
        assert_eq!(cluster.similarity(&index, 53, 51), Some(near));
        assert_eq!(cluster.representative(&index, 53), 50);
        let pair = cluster.pair(51, 50).unwrap();
        assert!((pair.estimate - pair.similarity).abs() < 0.15);
        assert!(cluster.pair(50, 53).is_some_and(|p| p.exact));
    }

    #[test]
    fn a_changed_or_unreadable_document_is_reported() {
        let mut seed = 5;
        let base = article(&mut seed, 300).join(" ");
        let texts = vec![
            base.clone(),
            base.clone() + " storm",
            base.clone() + " rain",
        ];
        let index = index(&texts);
        let outcome = cluster(&index, &Params::default(), |doc| match doc {
            0 => Ok(texts[0].clone()),
            1 => Ok("something else".to_owned()),
            _ => Err("gone"),
        });
        assert_eq!(outcome.clusters, []);
        assert_eq!(outcome.failures.len(), 2);
        assert!(matches!(outcome.failures[0], (1, LoadError::Changed)));
        assert!(matches!(
            outcome.failures[1],
            (2, LoadError::Failed("gone"))
        ));
    }

    #[test]
    fn documents_without_words_never_cluster() {
        let (_, outcome) = run(&["...".to_owned(), "...".to_owned(), " ".to_owned()]);
        assert_eq!(outcome.clusters, []);
    }

    #[test]
    fn params_are_validated() {
        assert_eq!(Params::default().banding, Banding { bands: 16, rows: 8 });
        assert!(matches!(
            Params::new(0, 128, 0.8, None),
            Err(ParamsError::ShingleWords)
        ));
        assert!(matches!(
            Params::new(5, 0, 0.8, None),
            Err(ParamsError::Permutations(0))
        ));
        assert!(matches!(
            Params::new(5, 128, 1.5, None),
            Err(ParamsError::Threshold(_))
        ));
        let error = Params::new(5, 64, 0.8, Some(Banding { bands: 16, rows: 8 })).unwrap_err();
        assert_eq!(
            error.to_string(),
            "16 bands of 8 rows need 128 permutations; there are 64"
        );
    }

    #[test]
    fn a_big_bucket_of_near_copies_is_one_cluster_in_linear_work() {
        let mut seed = 3;
        let base = article(&mut seed, 300);
        let texts: Vec<String> = (0..300)
            .map(|i| {
                let mut words = base.clone();
                words[i % 300] = "unique";
                words.join(" ")
            })
            .collect();
        let (_, outcome) = run(&texts);
        assert_eq!(outcome.clusters.len(), 1);
        assert_eq!(outcome.clusters[0].members.len(), 300);
        // Candidate pairs only, not all 44,850.
        assert!(outcome.clusters[0].pairs.len() < 300 * 16 * 2);
    }
}
