//! `near-duplicate-paragraph`: a line or paragraph of 8+ words that repeats an earlier one with
//! small changes, such as a paragraph an extractor emitted twice with a word edited between
//! two versions of the page.
//!
//! Never all pairs: each unit (a line, or a block of several lines read as one wrapped
//! paragraph) is sketched with 16 MinHash values over its word pairs ([`crate::corpus`]), and
//! only units that share one of 8 band hashes are compared. A pair at least 90 % similar in
//! words has word-pair Jaccard similarity of about 0.6 or more, which shares a band with
//! probability 0.97 and more (0.995 at 0.7); unrelated paragraphs of one article rarely pass
//! 0.1 (3 % of them become candidates and fail the comparison). Identical copies (after
//! folding) are left to `duplicate-line` and `repeated-block`.

use serde::Deserialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::corpus::diff::word_diff;

use crate::corpus::lsh::{bucket_pairs, for_each_bucket};
use crate::corpus::shingle::{for_each_word, for_each_word_span, shingle_hashes};
use crate::corpus::{key, Banding, MinHasher};
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{fold, Document, Line, Span};
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
            hasher: MinHasher::new(BANDING.permutations()),
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

/// Word pairs shingled, 16 permutations in 8 bands of 2: see the file's doc comment.
const SHINGLE_WORDS: usize = 2;
const BANDING: Banding = Banding { bands: 8, rows: 2 };

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
    hasher: MinHasher,
}

/// A line, or a block of several lines, long enough to compare.
#[derive(Debug, Clone, Copy)]
struct Unit {
    first_line: usize,
    last_line: usize,
    /// Its words, as a range into [`Words`].
    words: (usize, usize),
    /// A block of several lines: compared only with other such blocks.
    block: bool,
}

/// Every word of the document's non-blank lines, in order, with the range each line holds.
#[derive(Default)]
struct Words {
    hashes: Vec<u64>,
    /// For each line, the range of its words.
    of_line: Vec<(usize, usize)>,
}

/// The best earlier match found for a unit.
#[derive(Debug, Clone, Copy)]
struct Match {
    earlier: usize,
    similarity: f64,
}

impl Rule for NearDuplicateParagraph {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let words = collect_words(doc);
        let units = self.units(doc, &words);
        if units.len() < 2 {
            return;
        }
        let profiles: Vec<Profile> = units
            .iter()
            .map(|unit| Profile::new(&words.hashes[unit.words.0..unit.words.1]))
            .collect();
        let mut best: Vec<Option<Match>> = vec![None; units.len()];
        let mut entries = self.band_entries(&units, &words);
        for_each_bucket(&mut entries, |bucket| {
            bucket_pairs(bucket, |earlier, later| {
                let (earlier, later) = (earlier as usize, later as usize);
                if units[earlier].block != units[later].block {
                    return;
                }
                let pair = (&units[earlier], &units[later]);
                let shared = profiles[earlier].shared_at_most(&profiles[later]);
                let Some(similarity) = self.similarity(doc, &words, shared, pair) else {
                    return;
                };
                let better = best[later].map_or(true, |current| {
                    similarity > current.similarity
                        || (similarity == current.similarity && earlier < current.earlier)
                });
                if better {
                    best[later] = Some(Match {
                        earlier,
                        similarity,
                    });
                }
            });
        });
        let copied = lines_with_earlier_copy(doc);
        let mut reported_line = vec![false; doc.lines().len()];
        // Paragraphs first: a wrapped paragraph found whole is one finding, not a line of it.
        let (blocks, lines): (Vec<usize>, Vec<usize>) =
            (0..units.len()).partition(|&index| units[index].block);
        for index in blocks.into_iter().chain(lines) {
            let (unit, Some(found)) = (&units[index], best[index]) else {
                continue;
            };
            let mut lines = unit.first_line..=unit.last_line;
            // A paragraph with a line repeated exactly is the repeat rules' to report (their
            // finding and its fix would overlap ours); a line inside a paragraph found whole
            // is part of that finding.
            if lines.any(|line| reported_line[line] || copied[line]) {
                continue;
            }
            reported_line[unit.first_line..=unit.last_line].fill(true);
            reporter.report(diagnostic(
                doc,
                &units[found.earlier],
                unit,
                found.similarity,
            ));
        }
    }
}

impl NearDuplicateParagraph {
    /// Lines of `min_words` words or more, then blocks of several lines with as many words.
    fn units(&self, doc: &Document, words: &Words) -> Vec<Unit> {
        let mut units: Vec<Unit> = (0..doc.lines().len())
            .filter(|&line| words.of_line[line].1 - words.of_line[line].0 >= self.min_words)
            .map(|line| Unit {
                first_line: line,
                last_line: line,
                words: words.of_line[line],
                block: false,
            })
            .collect();
        units.extend(
            doc.blocks()
                .iter()
                .filter(|block| block.line_count() > 1)
                .map(|block| Unit {
                    first_line: block.first_line,
                    last_line: block.last_line,
                    words: (
                        words.of_line[block.first_line].0,
                        words.of_line[block.last_line].1,
                    ),
                    block: true,
                })
                .filter(|unit| unit.words.1 - unit.words.0 >= self.min_words),
        );
        units
    }

    /// (band hash, unit) for every band of every unit.
    fn band_entries(&self, units: &[Unit], words: &Words) -> Vec<(u64, u32)> {
        let mut entries = Vec::with_capacity(units.len() * BANDING.bands);
        let (mut shingles, mut keys) = (Vec::new(), Vec::new());
        let mut signature = vec![0; BANDING.permutations()];
        let mut bands = Vec::with_capacity(BANDING.bands);
        for (index, unit) in units.iter().enumerate() {
            shingles.clear();
            shingle_hashes(
                &words.hashes[unit.words.0..unit.words.1],
                SHINGLE_WORDS,
                &mut shingles,
            );
            keys.clear();
            keys.extend(shingles.iter().map(|&s| key(s)));
            self.hasher.signature_into(&keys, &mut signature);
            bands.clear();
            BANDING.band_hashes(&signature, &mut bands);
            entries.extend(bands.iter().map(|&band| (band, index as u32)));
        }
        entries
    }

    /// The word similarity of two units, when it reaches the threshold and they are not the
    /// same text; `shared` bounds the words they have in common in any order.
    fn similarity(
        &self,
        doc: &Document,
        words: &Words,
        shared: usize,
        (a, b): (&Unit, &Unit),
    ) -> Option<f64> {
        let (a_len, b_len) = (a.words.1 - a.words.0, b.words.1 - b.words.0);
        let total = (a_len + b_len) as f64;
        let bonus = spelling_bonus_cap(a_len + b_len);
        // Cheap bounds first: the words in common in order are at most the shorter unit's
        // words, and at most the words the two have in common in any order.
        let reaches = |common: usize| 2.0 * common as f64 >= self.threshold * total;
        if !reaches(a_len.min(b_len).min(shared) + bonus) || same_text(doc, a, b) {
            return None;
        }
        let old = &words.hashes[a.words.0..a.words.1];
        let new = &words.hashes[b.words.0..b.words.1];
        let ops = capture_diff_slices(Algorithm::Myers, old, new);
        let common: usize = ops
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { len, .. } => len,
                _ => 0,
            })
            .sum();
        if !reaches(common + bonus) {
            return None;
        }
        let alike = spelt_alike_replacements(doc, a, b, &ops);
        let similarity = 2.0 * (common + alike.min(bonus)) as f64 / total;
        (similarity >= self.threshold).then_some(similarity)
    }
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

/// A unit's words counted into 64 buckets by hash: summing the smaller count of each bucket
/// bounds from above how many words two units share, without sorting anything.
struct Profile([u16; 64]);

impl Profile {
    fn new(words: &[u64]) -> Self {
        let mut counts = [0u16; 64];
        for &word in words {
            let bucket = &mut counts[(word >> 58) as usize];
            *bucket = bucket.saturating_add(1);
        }
        Self(counts)
    }

    /// At least the number of words the two units share (a saturated bucket counts whole).
    fn shared_at_most(&self, other: &Profile) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(&a, &b)| {
                if a == u16::MAX || b == u16::MAX {
                    usize::MAX / 128
                } else {
                    usize::from(a.min(b))
                }
            })
            .sum()
    }
}

/// Words of every non-blank line.
fn collect_words(doc: &Document) -> Words {
    let mut words = Words {
        // About one word in six bytes of news prose.
        hashes: Vec::with_capacity(doc.text().len() / 6),
        of_line: Vec::with_capacity(doc.lines().len()),
    };
    for line in doc.lines() {
        let from = words.hashes.len();
        if !line.blank {
            for_each_word(doc.slice(line.content()), |hash| words.hashes.push(hash));
        }
        words.of_line.push((from, words.hashes.len()));
    }
    words
}

/// Whether two units are the same text line for line, after folding.
fn same_text(doc: &Document, a: &Unit, b: &Unit) -> bool {
    let keys = doc.line_keys();
    a.last_line - a.first_line == b.last_line - b.first_line
        && (0..=a.last_line - a.first_line).all(|i| {
            let (x, y) = (a.first_line + i, b.first_line + i);
            keys[x] == keys[y] && fold(doc.line_text(x)) == fold(doc.line_text(y))
        })
}

/// For each line, whether an earlier non-blank line has the same folded text.
fn lines_with_earlier_copy(doc: &Document) -> Vec<bool> {
    let keys = doc.line_keys();
    let mut first_with_key = std::collections::HashMap::with_capacity(keys.len());
    (0..keys.len())
        .map(|line| {
            if doc.lines()[line].blank {
                return false;
            }
            let first = *first_with_key.entry(keys[line]).or_insert(line);
            first != line && fold(doc.line_text(first)) == fold(doc.line_text(line))
        })
        .collect()
}

/// Two different words spelt almost alike: a variant spelling or a typo, not another word.
fn spelt_alike(a: &str, b: &str) -> bool {
    let long_enough = |w: &str| w.chars().count() >= 4;
    let has_digit = |w: &str| w.chars().any(|c| c.is_numeric());
    if !long_enough(a) || !long_enough(b) || has_digit(a) || has_digit(b) {
        return false;
    }
    strsim::normalized_damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) >= 0.8
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
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;

    fn linter(entries: &[RuleEntry]) -> Linter {
        Linter::new(
            entries
                .iter()
                .map(|entry| ActiveRule {
                    name: entry.meta.name,
                    severity: entry.meta.severity,
                    rule: (entry.build)(&RuleOptions::default()).unwrap(),
                })
                .collect(),
        )
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        linter(&[ENTRY]).lint(text)
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
