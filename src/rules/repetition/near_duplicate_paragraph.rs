//! `near-duplicate-paragraph`: a line or paragraph of 8+ words that repeats an earlier one with
//! small changes, such as a paragraph an extractor emitted twice with a word edited between
//! two versions of the page.
//!
//! Never all pairs, and no word hashed on most lines: each line is sketched by the windows of
//! a few of its words ([`crate::corpus::anchor`]: a vector compare per 16 bytes and a hash per
//! four or five words), a unit (a line, or a block of several lines read as one wrapped
//! paragraph) by its lines' windows, and units that share one of their [`BUCKETED`] smallest
//! windows become candidates. A candidate is compared word by word only when the two have
//! similar lengths and share enough of all their windows; most pairs fail there, without
//! touching their text. In an experiment on real news paragraphs edited to 90 to 93 % similar,
//! the candidates missed about 1 pair in 1,000 (1 in 300 lines of under 15 words), fewer than
//! the 16 MinHash values of word pairs this rule used before. Copies equal byte for byte are
//! set aside before any comparison, and copies equal after folding are left to
//! `duplicate-line` and `repeated-block`.
//!
//! Windows that only one unit has pair with nothing and are dropped before the buckets are
//! sorted ([`list_repeated`]); the tables of a check are kept for the next document the
//! thread checks ([`Scratch`]), as most documents are small.

use std::cell::Cell;

use foldhash::{HashSet, HashSetExt};
use serde::Deserialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::corpus::anchor::{line_windows, merge_smallest_unique, shared, word_starts};
use crate::corpus::diff::word_diff;
use crate::corpus::hash::{bytes_hash, mix, WORD_MUL};
use crate::corpus::shingle::{for_each_word, for_each_word_span, word_count};
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{fold, fold_hash, Document, Line, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options = options.parse::<Options>()?;
        if !(0.5..=1.0).contains(&options.threshold) {
            return Err(serde::de::Error::custom(format!(
                "threshold must be between 0.5 and 1, not {}",
                options.threshold
            )));
        }
        Ok(Box::new(NearDuplicateParagraph {
            threshold: options.threshold,
            min_words: options.min_words.max(2),
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "near-duplicate-paragraph",
    category: Category::Repetition,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "a paragraph repeats an earlier one with small changes",
    docs: RuleDocs {
        what: "Finds a line of at least `min-words` words, or a paragraph of several lines, that \
               is at least `threshold` similar to an earlier one without being the same text. \
               Similarity counts words, compared case-insensitively and without punctuation: \
               twice the words the two have in common, in order, over the words of both. A word \
               replaced by one spelt almost alike (\"organisation\" and \"organization\", \
               \"goverment\" and \"government\": a character-level similarity of 0.8 or more, \
               words of four letters or more, no digits) counts as common, up to one word in \
               twenty. A paragraph of \
               several lines is compared with the other paragraphs of several lines, so a \
               paragraph wrapped differently the second time is found too. Copies equal after \
               folding whitespace, quote marks and character forms are left to \
               `duplicate-line` and `repeated-block`. The help shows a word diff: `[-removed-]` \
               and `{+added+}`.",
        why: "Extractors emit a paragraph twice when a page carries it in two places, often \
              from two versions of the story: a corrected figure, a changed credit, a word \
              fixed between updates. The later copy repeats the earlier one to the reader and \
              an exact comparison misses it.",
        options: "threshold = 0.9: the word similarity (0.5 to 1) from which two paragraphs \
                  count as near duplicates\n\
                  min-words = 8: words a line or paragraph needs to be compared",
        fix: "Unsafe: deletes the later paragraph whole. The two versions differ, and the later \
              one may be the corrected one: read the diff before applying it.",
    },
    fires: &[
        "The council said the harbour wall would be rebuilt by the end of spring.\n\n\
         Storms broke through it twice last winter.\n\n\
         The council said the harbour wall would be rebuilt by the end of the spring.\n",
        "Engineers will inspect the bridge on Monday, and the road\n\
         will stay closed until the work is finished, officials said.\n\n\
         Buses will take the Mill Lane crossing.\n\n\
         Engineers will inspect the bridge on Tuesday, and the road will stay\n\
         closed until the work is finished, officials said.\n",
    ],
    silent: &[
        "The council said the harbour wall would be rebuilt by the end of spring.\n\n\
         The council said the harbour wall would be rebuilt by the end of spring.\n",
        "The home side won the first match by three goals to one on Saturday.\n\
         The away side won the second match by two goals to nil on Sunday.\n",
        "Rain fell on the coast.\n\nRain fell on the coast again.\n",
    ],
};

/// Smallest windows of a unit put in buckets: two versions of a unit whose windows are 50 %
/// alike share one of them with probability 0.98, at 60 % with 0.996.
const BUCKETED: usize = 6;
/// A candidate pair shares at least this many windows, and when both units have
/// [`MANY_WINDOWS`] or more, at least [`SHARED_SHARE`] of the smaller one's.
const MIN_SHARED: usize = 2;
/// Windows kept for each line and unit: the smallest values are a uniform sample of the rest,
/// so a paragraph of 200 words is judged by a sample as large as a line of 60 words has.
const COMPARED: usize = 16;
const MANY_WINDOWS: usize = 8;
const SHARED_SHARE: f64 = 0.3;
/// Bucket members up to this many are paired all with all; a larger bucket (a window many
/// units have) pairs each member with the first and the [`NEIGHBOURS`] before it: linear, and
/// a unit that shares windows with many still meets most of them in one bucket or another.
const SMALL_BUCKET: usize = 8;
const NEIGHBOURS: usize = 2;

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    threshold: f64,
    min_words: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threshold: 0.9,
            min_words: 8,
        }
    }
}

struct NearDuplicateParagraph {
    threshold: f64,
    min_words: usize,
}

/// A line, or a block of several lines, long enough to compare.
#[derive(Debug, Clone, Copy)]
struct Unit {
    first_line: usize,
    last_line: usize,
    /// Its windows, as a range into [`Sketches::windows`].
    windows: (u32, u32),
    /// Word starts: about its words, compared for length before any word is read.
    starts: u32,
    /// A block of several lines: compared only with other such blocks.
    block: bool,
}

/// The windows of every non-blank line and the lines with an earlier copy.
#[derive(Default)]
struct Sketches {
    windows: Vec<u32>,
    /// For each line, its windows and word starts.
    of_line: Vec<((u32, u32), u32)>,
    /// For each line, whether it has `min-words` words: counted while its text is in cache.
    long: Vec<bool>,
    /// For each line, whether an earlier line has the same bytes, or (found among the
    /// candidates) the same folded text.
    copied: Vec<bool>,
}

impl Sketches {
    /// The units hold what they need of the per-line tables: freed before the candidates are
    /// sorted, when memory use peaks.
    fn drop_line_tables(&mut self) {
        recycle(&mut self.of_line);
        recycle(&mut self.long);
    }
}

/// The tables of a check, kept for the next document the thread checks: allocating them
/// afresh for each of 10,000 articles of a few kilobytes cost a tenth of the rule's time.
#[derive(Default)]
struct Scratch {
    sketches: Sketches,
    keyed: Vec<u64>,
    units: Vec<Unit>,
    tables: CandidateTables,
    candidates: Vec<Pair>,
    words: UnitWords,
}

/// What [`NearDuplicateParagraph::candidates`] sorts and pairs.
#[derive(Default)]
struct CandidateTables {
    entries: Vec<u64>,
    kinds: Vec<(u32, bool, (u32, u32))>,
    pairs: Vec<u64>,
    /// Bit sets of the windows seen once and seen again, a word of each side by side
    /// ([`list_repeated`]).
    marks: Vec<[u64; 2]>,
}

impl Scratch {
    fn recycle(&mut self) {
        let sketches = &mut self.sketches;
        recycle(&mut sketches.windows);
        recycle(&mut sketches.copied);
        sketches.drop_line_tables();
        recycle(&mut self.keyed);
        recycle(&mut self.units);
        recycle(&mut self.tables.entries);
        recycle(&mut self.tables.kinds);
        recycle(&mut self.tables.pairs);
        recycle(&mut self.tables.marks);
        recycle(&mut self.candidates);
        recycle(&mut self.words.later);
        recycle(&mut self.words.earlier);
    }
}

thread_local! {
    /// Empty only while a check holds it, and before the thread's first.
    static SCRATCH: Cell<Option<Scratch>> = const { Cell::new(None) };
}

/// Entries up to which a table is kept for reuse: a large document's tables are freed where
/// they were before there was any reuse, so that its peak memory does not grow.
const REUSED_UP_TO: usize = 1 << 14;

/// Empties a table for the next use, or frees it when it is large.
fn recycle<T>(table: &mut Vec<T>) {
    if table.capacity() > REUSED_UP_TO {
        *table = Vec::new();
    } else {
        table.clear();
    }
}

/// A candidate pair of units, `(later, earlier)`.
type Pair = (u32, u32);

/// The best earlier match found for a unit.
#[derive(Debug, Clone, Copy)]
struct Match {
    earlier: usize,
    similarity: f64,
}

impl Rule for NearDuplicateParagraph {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let mut scratch = SCRATCH.with(Cell::take).unwrap_or_default();
        self.check_with(doc, reporter, &mut scratch);
        scratch.recycle();
        SCRATCH.with(|cell| cell.set(Some(scratch)));
    }
}

impl NearDuplicateParagraph {
    fn check_with(&self, doc: &Document, reporter: &mut Reporter, scratch: &mut Scratch) {
        let Scratch {
            sketches,
            keyed,
            units,
            tables,
            candidates,
            words,
        } = scratch;
        sketch_lines(doc, self.min_words, sketches, keyed);
        self.units(doc, sketches, units);
        sketches.drop_line_tables();
        if units.len() < 2 {
            return;
        }
        self.candidates(units, sketches, tables, candidates);
        if candidates.is_empty() {
            return;
        }
        mark_folded_copies(doc, units, candidates, &mut sketches.copied);
        let mut reported_line = vec![false; doc.lines().len()];
        // Paragraphs first: a wrapped paragraph found whole is one finding, not a line of it.
        let (blocks, lines): (Vec<&[Pair]>, Vec<&[Pair]>) = candidates
            .chunk_by(|a, b| a.0 == b.0)
            .partition(|group| units[group[0].0 as usize].block);
        for group in blocks.into_iter().chain(lines) {
            let later = group[0].0 as usize;
            let unit = &units[later];
            // A unit with a line repeated exactly is the repeat rules' to report (their finding
            // and its fix would overlap ours); a line inside a paragraph found whole is part of
            // that finding.
            let lines = unit.first_line..=unit.last_line;
            if lines
                .clone()
                .any(|line| reported_line[line] || sketches.copied[line])
            {
                continue;
            }
            let earlier = group.iter().map(|&(_, earlier)| earlier as usize);
            let Some(found) = self.best_match(doc, units, later, earlier, words) else {
                continue;
            };
            reported_line[lines].fill(true);
            reporter.report(diagnostic(
                doc,
                &units[found.earlier],
                unit,
                found.similarity,
            ));
        }
    }

    /// Lines of `min_words` words or more, then blocks of several lines with as many; a unit
    /// with the same bytes as an earlier one is left out (the earlier one stands for it).
    fn units(&self, doc: &Document, sketches: &mut Sketches, units: &mut Vec<Unit>) {
        let text = doc.text();
        let long_enough = |starts: u32, span: Span| {
            long_enough(self.min_words, starts as usize, || doc.slice(span))
        };
        // Room for every line and block at once: pages never written cost nothing, and the
        // vector is never copied as it grows.
        units.clear();
        units.reserve(doc.lines().len() + doc.blocks().len());
        units.extend(
            (0..doc.lines().len())
                .filter(|&line| sketches.long[line] && !sketches.copied[line])
                .map(|line| {
                    let (windows, starts) = sketches.of_line[line];
                    Unit {
                        first_line: line,
                        last_line: line,
                        windows,
                        starts,
                        block: false,
                    }
                }),
        );
        let mut seen_blocks = HashSet::new();
        for block in doc.blocks().iter().filter(|block| block.line_count() > 1) {
            let lines = block.first_line..=block.last_line;
            let starts: u32 = lines.clone().map(|line| sketches.of_line[line].1).sum();
            let span = doc.block_span(*block);
            // Bytes: a text slice would first read the block's last byte, a cache miss.
            let bytes = &text.as_bytes()[span.start..span.end];
            if !long_enough(starts, span) || !seen_blocks.insert(bytes) {
                continue;
            }
            // Each line's windows are sorted and without repeats: merged, not sorted again.
            let (mut kept, mut merged) = ([0u32; COMPARED], [0u32; COMPARED]);
            let mut len = 0;
            for line in lines {
                let (start, end) = sketches.of_line[line].0;
                let windows = &sketches.windows[start as usize..end as usize];
                len = merge_smallest_unique(&kept[..len], windows, &mut merged);
                std::mem::swap(&mut kept, &mut merged);
            }
            let from = sketches.windows.len();
            sketches.windows.extend_from_slice(&kept[..len]);
            units.push(Unit {
                first_line: block.first_line,
                last_line: block.last_line,
                windows: (from as u32, sketches.windows.len() as u32),
                starts,
                block: true,
            });
        }
    }

    /// Pairs `(later, earlier)` of units worth comparing word by word, sorted, without repeats.
    ///
    /// Bucket members are paired on their kind and length first, from a dense table that
    /// stays in cache; the windows, scattered through memory, are merged only for the pairs
    /// left, once each, in order of the later unit.
    fn candidates(
        &self,
        units: &[Unit],
        sketches: &Sketches,
        tables: &mut CandidateTables,
        candidates: &mut Vec<Pair>,
    ) {
        let CandidateTables {
            entries,
            kinds,
            pairs,
            marks,
        } = tables;
        candidates.clear();
        let listed = list_repeated(units, &sketches.windows, entries, marks);
        if entries.is_empty() {
            return;
        }
        radix_sort_by_high_half(entries);
        // What pairing reads of a unit, densely: a cache miss less per pair than `units`.
        kinds.clear();
        kinds.extend(
            units
                .iter()
                .map(|unit| (unit.starts, unit.block, unit.windows)),
        );
        pairs.clear();
        pairs.reserve(listed);
        let mut consider = |earlier: u32, later: u32| {
            let ((a_starts, a_block, _), (b_starts, b_block, _)) =
                (kinds[earlier as usize], kinds[later as usize]);
            if a_block == b_block && self.lengths_may_match(a_starts, b_starts) {
                pairs.push(u64::from(later) << 32 | u64::from(earlier));
            }
        };
        for bucket in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
            let unit = |entry: &u64| *entry as u32;
            if bucket.len() <= SMALL_BUCKET {
                for (i, a) in bucket.iter().enumerate() {
                    for b in &bucket[i + 1..] {
                        consider(unit(a), unit(b));
                    }
                }
                continue;
            }
            for (i, item) in bucket.iter().enumerate().skip(1) {
                let before = &bucket[i.saturating_sub(NEIGHBOURS)..i];
                for earlier in before {
                    consider(unit(earlier), unit(item));
                }
                if i > NEIGHBOURS {
                    consider(unit(&bucket[0]), unit(item));
                }
            }
        }
        recycle(entries);
        let windows = |unit: u32| {
            let (start, end) = kinds[unit as usize].2;
            &sketches.windows[start as usize..end as usize]
        };
        // Grouped by the later unit in linear time; a group, a few pairs, sorted on its own.
        radix_sort_by_high_half(pairs);
        for group in pairs.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
            group.sort_unstable();
        }
        pairs.dedup();
        // The earlier unit's windows are a cache miss each: fetched a few pairs ahead, the
        // misses overlap.
        const AHEAD: usize = 8;
        for (i, &pair) in pairs.iter().enumerate() {
            if let Some(&ahead) = pairs.get(i + AHEAD) {
                prefetch(windows(ahead as u32));
            }
            let (later, earlier) = ((pair >> 32) as u32, pair as u32);
            if enough_shared(windows(earlier), windows(later)) {
                candidates.push((later, earlier));
            }
        }
        recycle(kinds);
        recycle(pairs);
    }

    /// Whether units of `a` and `b` word starts may reach the threshold: the words in common
    /// are at most the shorter one's, plus the spelling allowance; word starts count words
    /// only roughly ("U.S." is one start and two words), hence the margin.
    fn lengths_may_match(&self, a: u32, b: u32) -> bool {
        let (short, total) = (f64::from(a.min(b)), f64::from(a + b));
        2.0 * short * 1.25 + 2.0 * (total / 20.0 + 1.0) >= self.threshold * total
    }

    /// The most similar earlier unit among `earlier` that reaches the threshold, the first on
    /// ties. The words in common bound each pair's similarity from both sides (the spelling
    /// allowance lies between), so only the pairs that may be the best are diffed.
    fn best_match(
        &self,
        doc: &Document,
        units: &[Unit],
        later: usize,
        earlier: impl Iterator<Item = usize>,
        words: &mut UnitWords,
    ) -> Option<Match> {
        words.later.clear();
        collect_words(doc, &units[later], &mut words.later);
        if words.later.len() < self.min_words {
            return None;
        }
        // The words of every earlier unit that may reach the threshold, one after another.
        words.earlier.clear();
        let mut passing = Vec::new();
        for earlier in earlier {
            let from = words.earlier.len();
            collect_words(doc, &units[earlier], &mut words.earlier);
            let old = &words.earlier[from..];
            let pair = (&units[earlier], &units[later]);
            let bounds = (old.len() >= self.min_words)
                .then(|| self.bounds(doc, old, &words.later, pair, &mut words.counts))
                .flatten();
            match bounds {
                Some(bounds) => passing.push((earlier, bounds, from..words.earlier.len())),
                None => words.earlier.truncate(from),
            }
        }
        let surely = passing
            .iter()
            .map(|(_, bounds, _)| bounds.at_least)
            .fold(0.0, f64::max);
        let mut best: Option<Match> = None;
        for (earlier, bounds, old) in passing {
            let beaten = best.is_some_and(|current| bounds.at_most <= current.similarity);
            if bounds.at_most < surely || bounds.at_most < self.threshold || beaten {
                continue;
            }
            let similarity = if bounds.at_least == bounds.at_most {
                bounds.at_least
            } else {
                let pair = (&units[earlier], &units[later]);
                self.similarity(doc, &words.earlier[old], &words.later, pair)
            };
            if similarity >= self.threshold
                && best.map_or(true, |current| similarity > current.similarity)
            {
                best = Some(Match {
                    earlier,
                    similarity,
                });
            }
        }
        best
    }

    /// Bounds on the word similarity of two units, when it may reach the threshold and they
    /// are not the same text.
    fn bounds(
        &self,
        doc: &Document,
        old: &[u64],
        new: &[u64],
        (a, b): (&Unit, &Unit),
        counts: &mut WordCounts,
    ) -> Option<Bounds> {
        let total = old.len() + new.len();
        let bonus = spelling_bonus_cap(total);
        let reaches = |common: usize| 2.0 * common as f64 >= self.threshold * total as f64;
        // Cheap bound first: the words in common are at most the shorter unit's words.
        if !reaches(old.len().min(new.len()) + bonus) {
            return None;
        }
        // Words in common in order are (total - edits) / 2, so the threshold bounds the edits:
        // the most edits that still reach it, counted up from none (fewer steps than down).
        let within = |edits: usize| reaches((total - edits) / 2 + bonus);
        if !within(0) {
            return None;
        }
        let most_edits = (1..=total)
            .find(|&edits| !within(edits))
            .map_or(total, |over| over - 1);
        // Words in common in order are at most those in common in any order: a bound counted
        // in linear time, which spares most pairs the edit distance.
        if total - 2 * common_words_at_most(old, new, counts) > most_edits {
            return None;
        }
        let edits = edit_distance_within(old, new, most_edits)?;
        if edits == 0 && same_text(doc, a, b) {
            return None;
        }
        let common = (total - edits) / 2;
        // Spelling counts only for a word replaced by another, which takes two edits.
        let replaced = (edits / 2).min(bonus);
        let similarity = |common: usize| 2.0 * common as f64 / total as f64;
        Some(Bounds {
            at_least: similarity(common),
            at_most: similarity(common + replaced),
        })
    }

    /// The word similarity of two units that differ, spelling included.
    fn similarity(&self, doc: &Document, old: &[u64], new: &[u64], (a, b): (&Unit, &Unit)) -> f64 {
        let total = old.len() + new.len();
        let ops = capture_diff_slices(Algorithm::Myers, old, new);
        let common: usize = ops
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { len, .. } => len,
                _ => 0,
            })
            .sum();
        let alike = spelt_alike_replacements(doc, a, b, &ops);
        2.0 * (common + alike.min(spelling_bonus_cap(total))) as f64 / total as f64
    }
}

/// What the words in common say of a pair's similarity before spelling is looked at.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    at_least: f64,
    at_most: f64,
}

/// Word hashes of the unit being reported and of the earlier ones compared with it.
#[derive(Default)]
struct UnitWords {
    later: Vec<u64>,
    earlier: Vec<u64>,
    counts: WordCounts,
}

/// Word counts by the top bits of their hashes, all zero between uses.
struct WordCounts(Box<[u32; WORD_SLOTS]>);

const WORD_SLOTS: usize = 1024;

impl Default for WordCounts {
    fn default() -> Self {
        Self(Box::new([0; WORD_SLOTS]))
    }
}

/// At least as many as the words two lists have in common in any order: each word of `new`
/// takes one left of `old` in its hash's slot, and words that share a slot only add.
fn common_words_at_most(old: &[u64], new: &[u64], counts: &mut WordCounts) -> usize {
    let slot = |word: u64| (word >> (64 - WORD_SLOTS.trailing_zeros())) as usize;
    let counts = &mut counts.0;
    for &word in old {
        counts[slot(word)] += 1;
    }
    let mut common = 0;
    for &word in new {
        let count = &mut counts[slot(word)];
        let taken = u32::from(*count > 0);
        *count -= taken;
        common += taken as usize;
    }
    for &word in old {
        counts[slot(word)] = 0;
    }
    common
}

/// The [`COMPARED`] smallest windows of every non-blank line ([`line_windows`]), and the
/// lines whose bytes an earlier line has.
fn sketch_lines(doc: &Document, min_words: usize, sketches: &mut Sketches, keyed: &mut Vec<u64>) {
    let text = doc.text();
    let lines = doc.lines().len();
    let Sketches {
        windows,
        of_line,
        long,
        copied,
    } = sketches;
    // About one window in 20 bytes of news prose once long lines keep their smallest.
    windows.clear();
    windows.reserve(text.len() / 20);
    of_line.clear();
    of_line.reserve(lines);
    keyed.clear();
    keyed.reserve(lines);
    long.clear();
    long.resize(lines, false);
    for (index, line) in doc.lines().iter().enumerate() {
        let from = windows.len();
        if line.blank {
            of_line.push(((from as u32, from as u32), 0));
            continue;
        }
        // Bytes, not text: slicing text would read the line's first and last bytes (to check
        // they start characters), a cache miss each in a large document.
        let line_bytes = &text.as_bytes()[line.start..line.end];
        let line_text = || doc.line_text(index);
        // A short line alone in its block is never compared, only looked up for copies: its
        // windows are not needed (most headings, credits and captions).
        if line_bytes.len() < SHORT_LINE_BYTES && alone(doc.lines(), index) {
            let starts = word_starts(text, line.start, line.end);
            if !long_enough(min_words, starts, line_text) {
                of_line.push(((from as u32, from as u32), starts as u32));
                keyed.push(short_copy_key(line_bytes) << 32 | index as u64);
                continue;
            }
        }
        let starts = line_windows(text, line.start, line.end, BUCKETED, COMPARED, windows);
        of_line.push(((from as u32, windows.len() as u32), starts as u32));
        long[index] = long_enough(min_words, starts, line_text);
        let key = if long[index] {
            copy_key(line_bytes.len(), starts, &windows[from..])
        } else {
            short_copy_key(line_bytes)
        };
        keyed.push(key << 32 | index as u64);
    }
    copied_lines(doc, keyed, copied);
    recycle(keyed);
}

/// Lines shorter than this are counted for words before their windows are taken: shorter
/// than most lines of `min-words` words, longer than nearly all lines of fewer.
const SHORT_LINE_BYTES: usize = 96;

/// Whether line `index` is a block of its own: no non-blank line before or after it.
fn alone(lines: &[Line], index: usize) -> bool {
    let blank = |line: Option<&Line>| line.map_or(true, |line| line.blank);
    blank(index.checked_sub(1).and_then(|before| lines.get(before))) && blank(lines.get(index + 1))
}

/// The [`copy_key`] of a line with fewer than `min-words` words, which may have no windows:
/// from its bytes. Lines with the same bytes have as many words, so both keys come from the
/// same function.
fn short_copy_key(line: &[u8]) -> u64 {
    bytes_hash(line) >> 32
}

/// 32 bits that lines with the same bytes share: from their length, word starts and two
/// smallest windows, which lines with other bytes rarely all share.
fn copy_key(len: usize, starts: usize, windows: &[u32]) -> u64 {
    let window = |i: usize| u64::from(windows.get(i).copied().unwrap_or(0));
    mix(
        window(0) << 32 | window(1),
        (len as u64) << 32 ^ starts as u64 ^ WORD_MUL,
    ) >> 32
}

/// For each line, whether an earlier line has its bytes, from `keyed`: `key << 32 | line` for
/// every non-blank line, in order. Lines with the same bytes have the same length, word
/// starts and windows, so a key from those ([`copy_key`], far cheaper than hashing the bytes)
/// groups them once sorted; bytes are compared only within a group.
fn copied_lines(doc: &Document, keyed: &mut Vec<u64>, copied: &mut Vec<bool>) {
    copied.clear();
    copied.resize(doc.lines().len(), false);
    radix_sort_by_high_half(keyed);
    let bytes = |entry: &u64| {
        let line = &doc.lines()[*entry as u32 as usize];
        &doc.text().as_bytes()[line.start..line.end]
    };
    // Lines whose key an earlier line with other bytes has: practically never any.
    let mut collided: HashSet<&[u8]> = HashSet::new();
    for group in keyed.chunk_by(|a, b| a >> 32 == b >> 32) {
        if group.len() == 1 {
            continue;
        }
        let first = bytes(&group[0]);
        for entry in &group[1..] {
            let this = bytes(entry);
            copied[*entry as u32 as usize] = this == first || {
                collided.insert(first);
                !collided.insert(this)
            };
        }
    }
}

/// Lists in `entries` (`window << 32 | unit`) each of the [`BUCKETED`] smallest windows of
/// every unit, in order, but those that no other unit has: they pair with nothing, and they
/// are most of them (all but a few in a news article), so the sort that groups the others is
/// far shorter, and they are never written. One bit set marks the windows seen, by their low
/// bits, another those seen again, a word of each side by side so that a window's two bits
/// are one cache miss; windows that only share low bits are listed too, and pair with
/// nothing. Returns how many windows were read.
fn list_repeated(
    units: &[Unit],
    windows: &[u32],
    entries: &mut Vec<u64>,
    marks: &mut Vec<[u64; 2]>,
) -> usize {
    let smallest = |unit: &Unit| {
        let (start, end) = unit.windows;
        let windows = &windows[start as usize..end as usize];
        &windows[..windows.len().min(BUCKETED)]
    };
    let listed: usize = units.iter().map(|unit| smallest(unit).len()).sum();
    // Eight bits a window: one in eight singletons is listed.
    let slots = (listed * 8).next_power_of_two().max(u64::BITS as usize);
    marks.clear();
    marks.resize(slots / 64, [0; 2]);
    let place = |window: u32| {
        let slot = window as usize & (slots - 1);
        (slot / 64, 1u64 << (slot % 64))
    };
    for &window in units.iter().flat_map(smallest) {
        let (word, bit) = place(window);
        let [seen, repeated] = &mut marks[word];
        *repeated |= *seen & bit;
        *seen |= bit;
    }
    entries.clear();
    for (index, unit) in units.iter().enumerate() {
        for &window in smallest(unit) {
            let (word, bit) = place(window);
            if marks[word][1] & bit != 0 {
                entries.push(u64::from(window) << 32 | index as u64);
            }
        }
    }
    recycle(marks);
    listed
}

/// Asks for `values` to be brought into the cache: a hint, which changes no result.
#[inline]
fn prefetch(values: &[u32]) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults, whatever the address, and reads nothing the program sees.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(values.as_ptr().cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = values;
}

/// Whether two units share enough windows (their [`COMPARED`] smallest) to be compared word
/// by word.
fn enough_shared(a: &[u32], b: &[u32]) -> bool {
    let common = shared(a, b);
    let fewer = a.len().min(b.len());
    common >= MIN_SHARED && (fewer < MANY_WINDOWS || common as f64 >= SHARED_SHARE * fewer as f64)
}

/// Marks the lines that repeat an earlier candidate line after folding (their bytes differ:
/// equal bytes are marked already), as the repeat rules see them.
fn mark_folded_copies(
    doc: &Document,
    units: &[Unit],
    candidates: &[(u32, u32)],
    copied: &mut [bool],
) {
    for &(later, earlier) in candidates {
        let (a, b) = (&units[earlier as usize], &units[later as usize]);
        if a.block || copied[b.first_line] || a.starts.abs_diff(b.starts) > 1 {
            continue;
        }
        let (x, y) = (doc.line_text(a.first_line), doc.line_text(b.first_line));
        // The hash first: it folds without allocating, and most pairs differ.
        if fold_hash(x) == fold_hash(y) && fold(x) == fold(y) {
            copied[b.first_line] = true;
        }
    }
}

/// Sorts `entries` by their high 32 bits, keeping the order of equal ones whenever their low
/// halves ascend (the candidate pairs, whose do not, sort each group afterwards): stable
/// passes of 11 bits, linear where a comparison sort of a million entries is not, and with
/// few enough destinations that the scattered writes stay in cache; a pass whose digit is the
/// same for every entry is skipped. An article's few hundred entries are sorted whole by
/// comparison instead, which orders equal high halves by their low ones: clearing the passes'
/// counters for each article would cost more than the sort, and a stable sort would allocate.
fn radix_sort_by_high_half(entries: &mut Vec<u64>) {
    const RADIX_FROM: usize = 1 << 12;
    const BITS: u32 = 11;
    const PASSES: usize = 3;
    if entries.len() < RADIX_FROM {
        entries.sort_unstable();
        return;
    }
    let digit = |entry: u64, pass: usize| ((entry >> (32 + BITS as usize * pass)) & 0x7ff) as usize;
    let mut counts = vec![[0usize; 1 << BITS]; PASSES];
    for &entry in entries.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(entry, pass)] += 1;
        }
    }
    let mut buffer = vec![0u64; entries.len()];
    for (pass, count) in counts.iter_mut().enumerate() {
        if count.contains(&entries.len()) {
            continue;
        }
        let mut sum = 0;
        for slot in count.iter_mut() {
            (*slot, sum) = (sum, sum + *slot);
        }
        for &entry in entries.iter() {
            let slot = &mut count[digit(entry, pass)];
            buffer[*slot] = entry;
            *slot += 1;
        }
        std::mem::swap(entries, &mut buffer);
    }
}

/// The insertions and deletions that turn `a` into `b`, when at most `most`: Myers' greedy
/// O((N + M) D) search, stopped at `most`.
fn edit_distance_within(a: &[u64], b: &[u64], most: usize) -> Option<usize> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return (n + m <= most).then_some(n + m);
    }
    let most = most.min(n + m);
    // `furthest[k + offset]`: the furthest `x` reached on diagonal `k = x - y`.
    let offset = most + 1;
    let mut furthest = vec![0usize; 2 * most + 3];
    for edits in 0..=most {
        for k in (0..=2 * edits)
            .map(|i| i as isize - edits as isize)
            .step_by(2)
        {
            let at = (k + offset as isize) as usize;
            let mut x = if k == -(edits as isize)
                || (k != edits as isize && furthest[at - 1] < furthest[at + 1])
            {
                furthest[at + 1]
            } else {
                furthest[at - 1] + 1
            };
            let Some(mut y) = x.checked_add_signed(-k) else {
                continue;
            };
            while x < n && y < m && a[x] == b[y] {
                x += 1;
                y += 1;
            }
            furthest[at] = x;
            if x >= n && y >= m {
                return Some(edits);
            }
        }
    }
    None
}

/// Words spelt alike count as common up to one word in twenty of the two units together (one
/// in a pair of ten-word lines), so spelling lifts a pair by at most ten points and a pair of
/// unrelated paragraphs never passes on spelling.
fn spelling_bonus_cap(total_words: usize) -> usize {
    total_words.div_ceil(20)
}

/// How many words replaced one for one are spelt alike.
fn spelt_alike_replacements(doc: &Document, a: &Unit, b: &Unit, ops: &[DiffOp]) -> usize {
    if !ops.iter().any(|op| matches!(op, DiffOp::Replace { .. })) {
        return 0;
    }
    let (old, new) = (unit_words(doc, a), unit_words(doc, b));
    ops.iter()
        .map(|op| match *op {
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (0..old_len.min(new_len))
                .filter(|&i| spelt_alike(old[old_index + i], new[new_index + i]))
                .count(),
            _ => 0,
        })
        .sum()
}

/// The words of a unit as text, in the order their hashes were collected.
fn unit_words<'a>(doc: &Document<'a>, unit: &Unit) -> Vec<&'a str> {
    let mut out = Vec::new();
    for line in unit.first_line..=unit.last_line {
        let text = doc.line_text(line);
        for_each_word_span(text, |start, end, _| out.push(&text[start..end]));
    }
    out
}

/// The word hashes of a unit's lines, in order.
fn collect_words(doc: &Document, unit: &Unit, out: &mut Vec<u64>) {
    for line in unit.first_line..=unit.last_line {
        for_each_word(doc.line_text(line), |hash| out.push(hash));
    }
}

/// Whether `text`, with `starts` word starts, has `min_words` words: word starts count them
/// roughly ("U.S." is one start and two words), and only a text with about enough is read.
fn long_enough<'a>(min_words: usize, starts: usize, text: impl FnOnce() -> &'a str) -> bool {
    starts >= min_words || (2 * starts >= min_words && word_count(text()) >= min_words)
}

/// Whether two units are the same text line for line, after folding.
fn same_text(doc: &Document, a: &Unit, b: &Unit) -> bool {
    a.last_line - a.first_line == b.last_line - b.first_line
        && (0..=a.last_line - a.first_line).all(|i| {
            let (x, y) = (
                doc.line_text(a.first_line + i),
                doc.line_text(b.first_line + i),
            );
            x == y || fold(x) == fold(y)
        })
}

/// Two different words spelt almost alike: a variant spelling or a typo, not another word.
fn spelt_alike(a: &str, b: &str) -> bool {
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    // A normalised distance of 0.2 or less allows a length difference of a fifth at most.
    if a_len.min(b_len) < 4 || 5 * a_len.abs_diff(b_len) > a_len.max(b_len) {
        return false;
    }
    let has_digit = |w: &str| w.chars().any(|c| c.is_numeric());
    if has_digit(a) || has_digit(b) || !letters_mostly_shared(a, b) {
        return false;
    }
    strsim::normalized_damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) >= 0.8
}

/// A quick necessary condition for [`spelt_alike`] on ASCII words: an edit changes one letter
/// of each word's letter counts at most, so letters one word has and the other lacks need as
/// many edits, and a normalised distance of 0.2 allows a fifth of the longer word.
fn letters_mostly_shared(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte.to_ascii_lowercase())] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte.to_ascii_lowercase())] -= 1;
    }
    let only_a: i32 = counts.iter().filter(|&&c| c > 0).sum();
    let only_b: i32 = -counts.iter().filter(|&&c| c < 0).sum::<i32>();
    5 * only_a.max(only_b) as usize <= a.len().max(b.len())
}

fn diagnostic(doc: &Document, earlier: &Unit, later: &Unit, similarity: f64) -> Diagnostic {
    let lines = doc.lines();
    let span = Span::new(lines[later.first_line].start, lines[later.last_line].end);
    let related = Span::new(
        lines[earlier.first_line].start,
        lines[earlier.last_line].end,
    );
    let place = if earlier.first_line == earlier.last_line {
        format!("line {}", earlier.first_line + 1)
    } else {
        format!(
            "lines {}\u{2013}{}",
            earlier.first_line + 1,
            earlier.last_line + 1
        )
    };
    let what = if later.block { "paragraph" } else { "line" };
    // Floored, so a text that differs never shows as 100 % unless only punctuation, case or
    // spelling changed.
    let percent = (similarity * 100.0).floor();
    let fix = Fix::unsafe_edits(
        format!("delete the later {what}"),
        vec![Edit::delete(removal(
            lines,
            later.first_line,
            later.last_line,
        ))],
    );
    Diagnostic::new(
        span,
        format!("{what} nearly repeats {place} ({percent} % similar)"),
    )
    .with_related(related, "earlier version here")
    .with_help(format!(
        "changes from {place}: {}",
        word_diff(doc.slice(related), doc.slice(span))
    ))
    .with_fix(fix)
}

/// The lines `from..=to` whole: with the last line's terminator, or when the last line has none
/// (end of file), with the terminator before the first line.
fn removal(lines: &[Line], from: usize, to: usize) -> Span {
    if lines[to].has_terminator() || from == 0 {
        Span::new(lines[from].start, lines[to].next)
    } else {
        Span::new(lines[from - 1].end, lines[to].end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{fix_until_stable, FixMode};
    use crate::rule::RuleOptions;
    use crate::rules::testing;

    #[test]
    fn both_sorts_keep_equal_high_halves_in_order() {
        for (len, keys) in [(0, 97), (1, 97), (300, 97), (40_000, 97), (40_000, 1 << 32)] {
            let entries: Vec<u64> = (0..len as u64)
                .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) % keys) << 32 | i)
                .collect();
            let mut sorted = entries.clone();
            radix_sort_by_high_half(&mut sorted);
            let mut expected = entries;
            expected.sort_by_key(|entry| (entry >> 32, entry & 0xffff_ffff));
            assert_eq!(sorted, expected, "{len} entries");
        }
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        testing::lint(&ENTRY, text)
    }

    const WALL: &str = "The council said the harbour wall would be rebuilt by the end of spring.";

    #[test]
    fn a_line_repeated_with_a_word_changed_points_at_the_first() {
        let text = format!(
            "{WALL}\n\nStorms broke through it twice.\n\n\
             The council said the harbour wall would be rebuilt by the end of summer.\n"
        );
        let found = lint(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.message, "line nearly repeats line 1 (92 % similar)");
        assert_eq!(
            &text[d.span.start..d.span.end],
            "The council said the harbour wall would be rebuilt by the end of summer."
        );
        assert_eq!(d.related[0].span, Span::new(0, WALL.len()));
        assert_eq!(d.related[0].message, "earlier version here");
        assert_eq!(
            d.help.as_deref(),
            Some("changes from line 1: \u{2026} the end of [-spring.-]{+summer.+}")
        );
        assert!(d.fix_stays_in_reported_spans(&text));
        let outcome = fix_until_stable(&text, FixMode::IncludeUnsafe, lint);
        assert_eq!(
            outcome.text,
            format!("{WALL}\n\nStorms broke through it twice.\n\n")
        );
        assert_eq!(fix_until_stable(&text, FixMode::SafeOnly, lint).text, text);
    }

    #[test]
    fn exact_and_folded_copies_are_left_to_the_repeat_rules() {
        for text in [
            format!("{WALL}\n\n{WALL}\n"),
            format!("{WALL}\n{}\n", WALL.replace(' ', "  ")),
            format!("{WALL}\nOther words here.\n{WALL}\n"),
        ] {
            assert!(lint(&text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn punctuation_and_case_changes_are_near_duplicates() {
        let text = format!("{WALL}\n\n{}\n", WALL.to_uppercase().replace(',', ""));
        let found = lint(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "line nearly repeats line 1 (100 % similar)"
        );
    }

    #[test]
    fn spelling_variants_count_as_the_same_word() {
        let text = "The organisation said the harbour wall would be rebuilt soon.\n\
                    The organization said the harbour wall would be rebuilt soon.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "line nearly repeats line 1 (100 % similar)"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("changes from line 1: The [-organisation-]{+organization+} said the harbour \u{2026}")
        );
        // Spelling lifts a pair by one word in twenty at most.
        let three = "The organisation and its neighbours favour the harbour plan.\n\
                     The organization and its neighbors favor the harbour plan.\n";
        assert!(lint(three).is_empty());
        assert_eq!(spelling_bonus_cap(20), 1);
        assert_eq!(spelling_bonus_cap(21), 2);
        assert!(spelt_alike("Goverment", "government"));
        assert!(!spelt_alike("Monday", "Sunday"));
        assert!(!spelt_alike("20045", "20046"));
        assert!(!spelt_alike("said", "says"));
    }

    #[test]
    fn short_lines_and_distant_paraphrases_stay_silent() {
        for text in [
            "Rain fell on the coast today.\nRain fell on the coast again today.\n".to_owned(),
            format!("{WALL}\n\nThe mayor said the harbour wall could be rebuilt by the end of the year.\n"),
            "Arsenal beat Chelsea by two goals to one at the Emirates on Saturday.\n\
             Liverpool beat Everton by three goals to nil at Anfield on Sunday.\n"
                .to_owned(),
        ] {
            assert!(lint(&text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_rewrapped_paragraph_is_one_finding() {
        let text = "Engineers will inspect the bridge on Monday, and the road\n\
                    will stay closed until the work is finished, officials said.\n\n\
                    Buses will take the Mill Lane crossing.\n\n\
                    Engineers will inspect the bridge on Tuesday, and the road will stay\n\
                    closed until the work is finished, officials said.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "paragraph nearly repeats lines 1\u{2013}2 (95 % similar)"
        );
        let outcome = fix_until_stable(text, FixMode::IncludeUnsafe, lint);
        assert_eq!(
            outcome.text,
            "Engineers will inspect the bridge on Monday, and the road\n\
             will stay closed until the work is finished, officials said.\n\n\
             Buses will take the Mill Lane crossing.\n\n"
        );
    }

    #[test]
    fn a_block_with_an_exact_line_is_left_to_the_line_rules() {
        // The first lines repeat exactly (repeated-block's), the last nearly (ours, as a line).
        let text = format!(
            "{WALL}\nThe work will cost four million pounds and take six months.\n\n\
             Other news.\n\n\
             {WALL}\nThe work will cost five million pounds and take six months.\n"
        );
        let found = lint(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "line nearly repeats line 2 (90 % similar)"
        );
    }

    #[test]
    fn the_most_similar_earlier_version_is_named() {
        let text = format!(
            "{WALL}\n\nThe council said the harbour wall would be rebuilt by the end of summer.\n\n\
             The council said the harbour wall would be rebuilt by the end of summer!!\n"
        );
        let found = lint(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[1].message,
            "line nearly repeats line 3 (100 % similar)"
        );
    }

    #[test]
    fn bounded_edit_distance_agrees_with_a_full_diff() {
        let mut state = 5;
        for _ in 0..2000 {
            let mut draw = |len: u64| -> Vec<u64> {
                let len = crate::corpus::hash::splitmix64(&mut state) % len;
                (0..len)
                    .map(|_| crate::corpus::hash::splitmix64(&mut state) % 4)
                    .collect()
            };
            let (a, b) = (draw(12), draw(12));
            let common: usize = capture_diff_slices(Algorithm::Myers, &a, &b)
                .iter()
                .map(|op| match *op {
                    DiffOp::Equal { len, .. } => len,
                    _ => 0,
                })
                .sum();
            let edits = a.len() + b.len() - 2 * common;
            assert_eq!(edit_distance_within(&a, &b, 30), Some(edits), "{a:?} {b:?}");
            assert_eq!(edit_distance_within(&a, &b, edits), Some(edits));
            if edits > 0 {
                assert_eq!(edit_distance_within(&a, &b, edits - 1), None);
            }
        }
    }

    #[test]
    fn options_are_checked() {
        let build = |toml: &str| (ENTRY.build)(&RuleOptions(toml::from_str(toml).unwrap()));
        assert!(build("threshold = 0.95\nmin-words = 12").is_ok());
        let error = build("threshold = 1.5").err().unwrap();
        assert!(error
            .to_string()
            .contains("threshold must be between 0.5 and 1, not 1.5"));
        assert!(build("words = 3").is_err());
    }

    #[test]
    fn many_paragraphs_stay_fast_and_silent() {
        let mut text = String::new();
        for i in 0..20_000 {
            text += &format!(
                "Paragraph {i} reports item {} of the ledger for the year {}.\n",
                i * 7,
                1900 + i % 100
            );
        }
        assert!(lint(&text).is_empty());
    }
}
