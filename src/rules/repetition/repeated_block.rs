//! `repeated-block`: a long line, or a run of lines, that already appeared earlier in the
//! document, such as a headline and its caption rendered a second time after a widget.
//!
//! Linear in the number of lines: a map from folded line key to the first non-blank line with
//! that key finds where a candidate run may have started before, the run is extended forward
//! line by line, and every line joins at most one candidate run.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{fold, Document, Line, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options = options.parse::<Options>()?;
        Ok(Box::new(RepeatedBlock {
            min_chars: options.min_chars,
            min_line_chars: options.min_line_chars,
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "repeated-block",
    category: Category::Repetition,
    severity: Severity::Warning,
    fix: FixAvailability::Mixed,
    summary: "a long line or a run of lines repeats text from earlier in the document",
    docs: RuleDocs {
        what: "Finds a run of lines (blank lines between them allowed) that repeats, line for \
               line, a run that ended earlier in the document, compared after folding \
               whitespace, quote style and Unicode compatibility forms. A run counts when its \
               lines add up to at least `min-chars` characters and one of them has at least \
               `min-line-chars`: a single repeated line needs 40 characters, so repeated page \
               furniture (\"Share\", \"Read more\"), short refrains and lists of bare numbers \
               stay silent. A run made only of credit, source or byline lines (\"Credit...\", \
               \"Source:\", \"Photo by\") stays silent too: an article may print the same one \
               under several pictures. A line repeating the line right above it is left to \
               `duplicate-line`. One finding per repeated run, pointing at the first copy.",
        why: "Scraped pages often render the headline block twice: once in the page header and \
              again after a share widget or a photo. The second copy adds nothing.",
        options: "min-chars = 40: characters (runs of whitespace counted once) the repeated \
                  lines must add up to\n\
                  min-line-chars = 20: characters the longest repeated line must have",
        fix: "Deletes the later copy's lines whole. Safe when every line of the later copy is \
              byte-identical to its counterpart in the first copy, so no text is lost; unsafe \
              when they match only after folding (different quote marks or spacing), since the \
              copy kept may not be the one the editor wants.",
    },
    fires: &[
        "Storm closes the coast road for a second day\n\nA ferry waits at the pier. Photo: J. Doe\n\
         Share\n\nStorm closes the coast road for a second day\n\n\
         A ferry waits at the pier. Photo: J. Doe\n\nThe storm reached the coast on Monday.\n",
        "The council will publish its report on the harbour wall next week.\n\
         Officials declined to comment.\n\
         The council will publish its report on the harbour wall next week.\n",
        "Flood warnings extended\nResidents told to stay inside\n\nThe river rose overnight.\n\
         Flood warnings extended\nResidents told to stay inside\n",
    ],
    silent: &[
        "Share\nRead more\n\nThe storm reached the coast on Monday.\n\nShare\nRead more\n",
        "Yes.\n\nThe minister paused.\n\nYes.\n",
        "Results\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n\
         Standings\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
        "The council will publish its report on the harbour wall.\n\
         The council will publish its report on the harbour wall.\n",
        "Related\n- Read more about the storm\n\nThe river rose.\n\nRelated\n\
         - Read more about the storm\n",
    ],
};

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    min_chars: usize,
    min_line_chars: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            min_chars: 40,
            min_line_chars: 20,
        }
    }
}

struct RepeatedBlock {
    min_chars: usize,
    min_line_chars: usize,
}

/// A candidate: `len` non-blank lines starting at position `later` of the non-blank line list
/// repeat as many starting at position `first`.
struct Run {
    first: usize,
    later: usize,
    len: usize,
    /// Every line byte-identical to its counterpart.
    exact: bool,
    qualifies: bool,
}

impl Rule for RepeatedBlock {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let lines = doc.lines();
        let keys = doc.line_keys();
        let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
        let mut first_seen: HashMap<u64, usize, BuildHasherDefault<KeyHasher>> =
            HashMap::with_capacity_and_hasher(filled.len(), BuildHasherDefault::default());

        let mut at = 0;
        while at < filled.len() {
            let first = *first_seen.entry(keys[filled[at]]).or_insert(at);
            if first == at {
                at += 1;
                continue;
            }
            let run = self.extend(doc, &filled, first, at);
            if run.qualifies && !repeats_line_above(doc, &filled, &run) {
                reporter.report(diagnostic(doc, &filled, &run));
            }
            // Every line joins at most one candidate run, qualifying or not, which keeps the
            // scan linear even on long lists of short repeated lines.
            at += run.len.max(1);
        }
    }
}

impl RepeatedBlock {
    /// The longest run starting at `later` that repeats the one at `first` and ends before
    /// `later`.
    fn extend(&self, doc: &Document, filled: &[usize], first: usize, later: usize) -> Run {
        let keys = doc.line_keys();
        let (mut chars, mut longest, mut exact, mut len) = (0, 0, true, 0);
        let mut only_credits = true;
        while first + len < later
            && later + len < filled.len()
            && keys[filled[first + len]] == keys[filled[later + len]]
        {
            let (a, b) = (
                doc.line_text(filled[first + len]),
                doc.line_text(filled[later + len]),
            );
            if a != b {
                // Confirms a hash match, so a collision never deletes text.
                if fold(a) != fold(b) {
                    break;
                }
                exact = false;
            }
            only_credits &= is_credit(b);
            let count = folded_chars(b);
            chars += count;
            longest = longest.max(count);
            len += 1;
        }
        Run {
            first,
            later,
            len,
            exact,
            qualifies: len > 0
                && chars >= self.min_chars
                && longest >= self.min_line_chars
                && !only_credits,
        }
    }
}

/// How credit, source and byline lines open. An article may print the same one under several
/// pictures or charts, so a run made only of such lines is not debris.
const CREDIT_OPENERS: &[&str] = &[
    "by ",
    "photo by",
    "photos by",
    "photograph by",
    "photographs by",
    "illustration by",
    "image by",
    "images by",
    "graphic by",
    "video by",
    "map by",
    "chart by",
    "reporting by",
    "additional reporting by",
    "produced by",
    "edited by",
    "written by",
    "courtesy of",
    "copyright",
    "\u{a9}",
    "credit",
];

/// A credit or other labelled line: "Credit...Jane Doe for The Ledger", "Source: national
/// statistics office", "Editor's note: figures are rounded".
fn is_credit(line: &str) -> bool {
    let line = line.trim_start();
    let opens_with = |opener: &str| {
        line.get(..opener.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(opener))
    };
    if CREDIT_OPENERS.iter().any(|opener| opens_with(opener)) {
        return true;
    }
    let label_end = [line.find(':'), line.find('\u{2026}'), line.find("...")]
        .into_iter()
        .flatten()
        .min();
    label_end.is_some_and(|end| {
        let label = &line[..end];
        end <= 24
            && label.split(' ').count() <= 2
            && label
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
            && !label.is_empty()
    })
}

/// A single line with a copy right above it: `duplicate-line` reports it.
fn repeats_line_above(doc: &Document, filled: &[usize], run: &Run) -> bool {
    let line = filled[run.later];
    let keys = doc.line_keys();
    run.len == 1 && !doc.lines()[line - 1].blank && keys[line - 1] == keys[line]
}

fn diagnostic(doc: &Document, filled: &[usize], run: &Run) -> Diagnostic {
    let lines = doc.lines();
    let (first_start, first_end) = (filled[run.first], filled[run.first + run.len - 1]);
    let (later_start, later_end) = (filled[run.later], filled[run.later + run.len - 1]);
    let span = Span::new(lines[later_start].start, lines[later_end].end);
    let related = Span::new(lines[first_start].start, lines[first_end].end);
    let message = if later_start == later_end {
        format!("line repeats line {}", first_start + 1)
    } else {
        format!(
            "these {} lines repeat lines {}\u{2013}{}",
            later_end - later_start + 1,
            first_start + 1,
            first_end + 1
        )
    };
    let title = if run.len == 1 {
        "delete the repeated line"
    } else {
        "delete the repeated block"
    };
    let edits = vec![Edit::delete(removal(lines, later_start, later_end))];
    let fix = if run.exact {
        Fix::safe_edits(title, edits)
    } else {
        Fix::unsafe_edits(title, edits)
    };
    let diagnostic = Diagnostic::new(span, message)
        .with_related(related, "first seen here")
        .with_fix(fix);
    if run.exact {
        diagnostic
    } else {
        diagnostic.with_help("the copies differ in spacing, quote marks or character forms")
    }
}

/// The lines `from..=to` whole: with the last line's terminator, or when the last line has none
/// (end of file), with the terminator before the first line.
fn removal(lines: &[Line], from: usize, to: usize) -> Span {
    if lines[to].has_terminator() {
        Span::new(lines[from].start, lines[to].next)
    } else {
        Span::new(lines[from - 1].end, lines[to].end)
    }
}

/// Characters of the folded line, without allocating: runs of whitespace count once, the ends
/// not at all.
fn folded_chars(text: &str) -> usize {
    let (mut count, mut in_space) = (0, true);
    for c in text.trim().chars() {
        let space = c.is_whitespace();
        if !(space && in_space) {
            count += 1;
        }
        in_space = space;
    }
    count
}

/// Line keys are already hashes: use them as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{fix_until_stable, Applicability, FixMode};
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;

    fn linter(entries: &[RuleEntry]) -> Linter {
        Linter::new(
            entries
                .iter()
                .map(|entry| ActiveRule {
                    name: entry.meta.name,
                    severity: entry.meta.severity,
                    fix: entry.meta.fix,
                    rule: (entry.build)(&RuleOptions::default()).unwrap(),
                })
                .collect(),
        )
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        linter(&[ENTRY]).lint(text)
    }

    fn fix(text: &str, mode: FixMode) -> String {
        let outcome = fix_until_stable(text, mode, lint);
        assert!(outcome.not_converged.is_empty());
        outcome.text
    }

    const CAPTION: &str = "A ferry waits at the pier in the rain. Photo: J. Doe";

    fn scraped_header() -> String {
        format!(
            "Storm Closes Coastal Roads\n\n{CAPTION}\n{CAPTION}\nTT\n20\n\n\
             Storm Closes Coastal Roads\n\n{CAPTION}\n{CAPTION}\n\n\
             The storm reached the coast on Monday.\n"
        )
    }

    #[test]
    fn a_headline_block_rendered_twice_is_one_finding() {
        let text = scraped_header();
        let found = lint(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        let d = &found[0];
        assert_eq!(d.message, "these 4 lines repeat lines 1\u{2013}4");
        assert_eq!(
            &text[d.span.start..d.span.end],
            format!("Storm Closes Coastal Roads\n\n{CAPTION}\n{CAPTION}")
        );
        assert_eq!(d.related[0].message, "first seen here");
        let related = d.related[0].span;
        assert_eq!(related.start, 0);
        assert_eq!(
            &text[related.start..related.end],
            format!("Storm Closes Coastal Roads\n\n{CAPTION}\n{CAPTION}")
        );
        assert!(d.fix_stays_in_reported_spans(&text));
        assert_eq!(d.fix.as_ref().unwrap().applicability, Applicability::Safe);
        assert_eq!(
            fix(&text, FixMode::SafeOnly),
            format!(
                "Storm Closes Coastal Roads\n\n{CAPTION}\n{CAPTION}\nTT\n20\n\n\n\
                 The storm reached the coast on Monday.\n"
            )
        );
    }

    #[test]
    fn with_duplicate_line_only_the_header_remains() {
        let both = linter(&[super::super::duplicate_line::ENTRY, ENTRY]);
        let outcome = both.fix(&scraped_header(), FixMode::SafeOnly);
        assert!(outcome.not_converged.is_empty());
        // `stray-marker` and `excess-blank-lines` take care of the rest.
        assert_eq!(
            outcome.text,
            format!(
                "Storm Closes Coastal Roads\n\n{CAPTION}\nTT\n20\n\n\n\
                 The storm reached the coast on Monday.\n"
            )
        );
    }

    #[test]
    fn all_default_rules_fix_the_header_as_the_catalog_shows() {
        let outcome = Linter::with_defaults().fix(&scraped_header(), FixMode::SafeOnly);
        assert_eq!(
            outcome.text,
            format!(
                "Storm Closes Coastal Roads\n\n{CAPTION}\n\n\
                 The storm reached the coast on Monday.\n"
            )
        );
    }

    #[test]
    fn a_copy_that_matches_only_after_folding_gets_an_unsafe_fix() {
        let text = format!(
            "{CAPTION}\n\nThe ferry\u{2019}s route.\n\n{}\n",
            CAPTION.replace(' ', "  ")
        );
        let found = lint(&text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "line repeats line 1");
        assert_eq!(
            found[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert_eq!(fix(&text, FixMode::SafeOnly), text);
        assert_eq!(
            fix(&text, FixMode::IncludeUnsafe),
            format!("{CAPTION}\n\nThe ferry\u{2019}s route.\n\n")
        );
    }

    #[test]
    fn a_copy_at_the_end_of_the_file_takes_the_line_break_before_it() {
        let text = format!("{CAPTION}\r\nThe ferry left.\r\n{CAPTION}");
        let found = lint(&text);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix_stays_in_reported_spans(&text));
        assert_eq!(
            fix(&text, FixMode::SafeOnly),
            format!("{CAPTION}\r\nThe ferry left.")
        );
    }

    #[test]
    fn a_third_copy_points_at_the_first() {
        let text = format!("{CAPTION}\nOne.\n{CAPTION}\nTwo.\n{CAPTION}\n");
        let found = lint(&text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|d| d.related[0].span.start == 0));
        assert_eq!(
            fix(&text, FixMode::SafeOnly),
            format!("{CAPTION}\nOne.\nTwo.\n")
        );
    }

    #[test]
    fn a_line_right_below_its_copy_is_left_to_duplicate_line() {
        let text = format!("{CAPTION}\n{CAPTION}\n\nBody.\n\n{CAPTION}\n{CAPTION}\n");
        let found = lint(&text);
        // The second pair repeats the first; the doubled lines inside each pair are not ours.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "these 2 lines repeat lines 1\u{2013}2");
    }

    #[test]
    fn short_repeats_stay_silent() {
        for text in [
            "Advertisement\n\nThe ferry left.\n\nAdvertisement\n",
            "Share\nRead more\n\nThe ferry left.\n\nShare\nRead more\n",
            "12 March 2024\n\nThe ferry left.\n\n12 March 2024\n",
            "Home 2 Away 1\nHome 0 Away 0\n\nSecond round\nHome 2 Away 1\nHome 0 Away 0\n",
        ] {
            assert_eq!(lint(text), [], "{text:?}");
        }
    }

    #[test]
    fn repeated_credit_and_source_lines_stay_silent() {
        let text = "A crane lifts a block onto the pier.\n\
                    Credit...Jane Doe for The Coastal Ledger\n\n\
                    Divers check the old foundations.\n\
                    Credit...Jane Doe for The Coastal Ledger\n\n\
                    Source: national statistics office, 2024 figures\n\
                    Editor's note: figures are rounded to the nearest thousand\n\n\
                    Rents rose in every region.\n\n\
                    Source: national statistics office, 2024 figures\n\
                    Editor's note: figures are rounded to the nearest thousand\n\n\
                    Photographs by Jane Doe and Omar Haddad for The Ledger\n\n\
                    Body text.\n\n\
                    Photographs by Jane Doe and Omar Haddad for The Ledger\n";
        assert_eq!(lint(text), []);
        assert!(is_credit(
            "\u{a9} 2024 The Coastal Ledger, all rights reserved"
        ));
        assert!(!is_credit(
            "The minister said: we will rebuild the wall by spring"
        ));
        assert!(!is_credit(CAPTION));
    }

    #[test]
    fn options_set_the_thresholds() {
        let options: RuleOptions = RuleOptions(toml::from_str("min-chars = 10").unwrap());
        let rule = (ENTRY.build)(&options).unwrap();
        let doc = Document::new("Share\nRead more\n\nThe ferry left.\n\nShare\nRead more\n");
        let mut out = Vec::new();
        rule.check(&doc, &mut Reporter::new(META.name, META.severity, &mut out));
        assert_eq!(out, []);
        let options = RuleOptions(toml::from_str("min-chars = 10\nmin-line-chars = 5").unwrap());
        let rule = (ENTRY.build)(&options).unwrap();
        out.clear();
        rule.check(&doc, &mut Reporter::new(META.name, META.severity, &mut out));
        assert_eq!(out.len(), 1);
        assert!((ENTRY.build)(&RuleOptions(toml::from_str("min-lines = 2").unwrap())).is_err());
    }

    #[test]
    fn long_lists_of_repeated_short_lines_stay_linear() {
        let mut text = String::new();
        for i in 0..200_000 {
            text.push_str(["1\n", "0\n", "Share\n"][i % 3]);
        }
        assert_eq!(lint(&text), []);
        let text = "x\n".repeat(200_000);
        assert_eq!(lint(&text), []);
    }

    #[test]
    fn folded_chars_counts_whitespace_runs_once() {
        assert_eq!(folded_chars("  a \t b  "), 3);
        assert_eq!(folded_chars("caf\u{e9}"), 4);
    }
}
