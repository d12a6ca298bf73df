//! `stray-marker`: a line that is only page furniture, from the marker list in
//! `rules/markers.toml`, or a lone share or comment count standing with such debris.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use foldhash::HashSet;
use regex::Regex;
use serde::Deserialize;

use super::line_removal;
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::Document;
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options: Options = options.parse()?;
        Ok(Box::new(StrayMarker::new(options)?))
    },
};

const META: RuleMeta = RuleMeta {
    name: "stray-marker",
    category: Category::Debris,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a line is only page furniture, such as `Share` or a lone share count",
    docs: RuleDocs {
        what: "Finds lines that hold nothing but page furniture: a button label, an ad slot or a \
               teaser link from the marker list (`TT`, `Share`, `Advertisement`, `Read more`, \
               `Anzeige`, `Publicité`, `Leer más`, `Leia mais`, …), compared with the whole \
               line ignoring case, surrounding bullets and a trailing `:` or `…`. Words that are \
               also real one-word headings (`Image`, `Video`, `Related`, `More`) count only in a \
               run of such lines (no blank line between) that also holds a sure marker, or \
               directly above or below a photo caption. A bare count (`20`, `1.2K`, \
               `34 comments`, `1,024 shares`) counts when it stands in such a run, or alone at \
               the end of a block directly under a caption or a sentence, or as a page number \
               next to a page break (a line that opens with a form feed). Consecutive bare \
               numbers (a table, a numbered list), score lines, a number alone in its own block \
               and a lone year under a sentence stay silent.",
        why: "Scrapers keep the text of the page around an article: the share bar, the text-size \
              toggle, ad labels, counters. Left in, they interrupt the story, and a lone `20` \
              after a caption reads like part of it.",
        options: "extend-markers = []: more lines that are always debris, in the list's \
                  matching form\n\
                  extend-near-debris-markers = []: more words that are debris only next to \
                  other debris or a caption",
        fix: "Safe: deletes the line with its line break. The line holds nothing but the marker \
              or the count, so no text of the article is lost.",
    },
    fires: &[
        "Ferry at the pier. Credit: J. Doe for The Daily Tide\nTT\n20\n\nThe ferry left.\n",
        "The ferry left at dawn.\n\nAdvertisement\n\nIt came back at noon.\n",
        "A ferry waits at the pier. Photo: J. Doe\nImage\n",
        "Crowds gathered outside the hall on Sunday.\n1.2K\n",
        "The pumps start in May.\n\n7\n\u{c}CITY OF ARDEN - PRESS RELEASE\n",
    ],
    silent: &[
        "Results\n\n12\n14\n9\n",
        "Related\n\nThe two cases are related, police said.\n",
        "Final score:\n3-1\n",
        "Steps:\n1.\nBoil the water.\n",
    ],
};

/// The longest line looked at, unless a marker is longer: furniture is short.
const MAX_LINE: usize = 60;

/// Substrings that mark a line as a photo caption or credit (ASCII case ignored).
const CAPTION_CUES: &[&str] = &[
    "photo:",
    "photos:",
    "photograph:",
    "picture:",
    "image:",
    "credit:",
    "credits:",
    "(ap)",
    "(ap photo",
    "ap photo/",
    "/ap)",
    "via ap",
    "getty images",
    "reuters",
    "(afp",
    "/afp",
    "afp via",
    "(epa",
    "/epa",
    "shutterstock",
    "pa media",
    "pa wire",
    "alamy",
    "photo by",
    "photographed by",
    "foto:",
    "bild:",
    "crédit",
    "crédito",
    "foto de",
    "imagen:",
    "imagem:",
    "\u{a9}",
];

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    extend_markers: Vec<String>,
    extend_near_debris_markers: Vec<String>,
}

/// The marker list as `rules/markers.toml` writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MarkerFile {
    always: Vec<String>,
    near_debris: Vec<String>,
}

/// Markers by matching key (see [`marker_key`]).
#[derive(Default)]
struct Markers {
    always: HashSet<String>,
    near_debris: HashSet<String>,
    longest: usize,
}

impl Markers {
    fn from_lists(always: &[String], near_debris: &[String]) -> Result<Self, String> {
        let mut markers = Markers::default();
        let mut key = String::new();
        for (entries, near) in [(always, false), (near_debris, true)] {
            for entry in entries {
                marker_key(entry, &mut key);
                if key.is_empty() {
                    return Err(format!("marker `{entry}` is empty once trimmed"));
                }
                markers.longest = markers.longest.max(entry.len());
                let set = if near {
                    &mut markers.near_debris
                } else {
                    &mut markers.always
                };
                set.insert(key.clone());
            }
        }
        Ok(markers)
    }

    fn kind(&self, key: &str) -> Option<Kind> {
        if self.always.contains(key) {
            Some(Kind::Always)
        } else if self.near_debris.contains(key) {
            Some(Kind::NearDebris)
        } else {
            None
        }
    }
}

fn builtin() -> &'static Markers {
    static MARKERS: OnceLock<Markers> = OnceLock::new();
    MARKERS.get_or_init(|| {
        let file: MarkerFile = toml::from_str(include_str!("../../../rules/markers.toml"))
            .expect("rules/markers.toml is valid");
        Markers::from_lists(&file.always, &file.near_debris).expect("built-in markers are valid")
    })
}

fn count_pattern() -> &'static Regex {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    COUNT.get_or_init(|| {
        Regex::new(
            r"^[0-9]+(?:[.,][0-9]+)*(?:\s?[KkMm])?(?:\s+(?i:(comments?|shares?|likes?|views?|replies|reply|reactions?|retweets?|reposts?|responses?|votes?|kommentare?|commentaires?|comentarios?|comentários?|partages?|compartidos?|compartilhamentos?)))?$",
        )
        .expect("count pattern compiles")
    })
}

fn caption_cues() -> &'static AhoCorasick {
    static CUES: OnceLock<AhoCorasick> = OnceLock::new();
    CUES.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CAPTION_CUES)
            .expect("caption cues compile")
    })
}

/// What a short line is, when it is a candidate at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Always,
    NearDebris,
    /// A count; `bare` when it has no noun ("20" but not "20 comments").
    Count {
        bare: bool,
        year: bool,
    },
}

struct StrayMarker {
    extra: Markers,
    max_line: usize,
}

impl StrayMarker {
    fn new(options: Options) -> Result<Self, toml::de::Error> {
        let extra =
            Markers::from_lists(&options.extend_markers, &options.extend_near_debris_markers)
                .map_err(<toml::de::Error as serde::de::Error>::custom)?;
        let longest = builtin().longest.max(extra.longest);
        Ok(Self {
            extra,
            max_line: MAX_LINE.max(longest + 16),
        })
    }

    fn classify(&self, text: &str, key: &mut String) -> Option<Kind> {
        let trimmed = text.trim();
        if trimmed.as_bytes()[0].is_ascii_digit() {
            let found = count_pattern().captures(trimmed)?;
            let bare = found.get(1).is_none();
            let year = bare
                && trimmed.len() == 4
                && trimmed
                    .parse::<u16>()
                    .is_ok_and(|n| (1800..=2099).contains(&n));
            return Some(Kind::Count { bare, year });
        }
        marker_key(trimmed, key);
        builtin().kind(key).or_else(|| self.extra.kind(key))
    }

    /// Decides a run of consecutive candidate lines `start..start + kinds.len()`.
    fn judge(&self, doc: &Document, start: usize, kinds: &[Kind], reporter: &mut Reporter) {
        let lines = doc.lines();
        let end = start + kinds.len();
        let above = start.checked_sub(1).filter(|&i| !lines[i].blank);
        let below = Some(end).filter(|&i| i < lines.len() && !lines[i].blank);
        let sure = kinds.contains(&Kind::Always);
        let near = kinds.contains(&Kind::NearDebris);
        let captioned = || {
            above.is_some_and(|i| is_caption(doc, i)) || below.is_some_and(|i| is_caption(doc, i))
        };
        let debris_run = sure || (near && captioned());
        let lone_count = !sure
            && !near
            && below.is_none()
            && !matches!(kinds, [Kind::Count { year: true, .. }])
            && above.is_some_and(|i| is_caption(doc, i) || is_sentence(doc.line_text(i)));
        let page_number = matches!(kinds, [Kind::Count { bare: true, .. }])
            && (starts_page(doc, start) || below.is_some_and(|i| starts_page(doc, i)));
        if !debris_run && !lone_count && !page_number {
            return;
        }
        let bare = |offset: Option<usize>| {
            offset
                .and_then(|o| kinds.get(o))
                .is_some_and(|kind| matches!(kind, Kind::Count { bare: true, .. }))
        };
        for (offset, &kind) in kinds.iter().enumerate() {
            let message = match kind {
                Kind::Count { bare: true, .. }
                    if bare(offset.checked_sub(1)) || bare(Some(offset + 1)) =>
                {
                    continue;
                }
                Kind::Count { .. } if page_number => "line is a page number",
                Kind::Count { .. } => "line is a lone share or comment count",
                Kind::Always | Kind::NearDebris => "line is page furniture",
            };
            let index = start + offset;
            let line = lines[index];
            reporter.report(
                Diagnostic::new(
                    line.content(),
                    format!("{message}: `{}`", doc.line_text(index).trim()),
                )
                .with_fix(Fix::safe_edits(
                    "delete the line",
                    vec![Edit::delete(line_removal(lines, index))],
                )),
            );
        }
    }
}

impl Rule for StrayMarker {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let mut key = String::new();
        let mut run: Vec<Kind> = Vec::new();
        let mut run_start = 0;
        for (index, line) in doc.lines().iter().enumerate() {
            let kind = if line.blank || line.end - line.start > self.max_line {
                None
            } else {
                self.classify(doc.line_text(index), &mut key)
            };
            match kind {
                Some(kind) => {
                    if run.is_empty() {
                        run_start = index;
                    }
                    run.push(kind);
                }
                None if !run.is_empty() => {
                    self.judge(doc, run_start, &run, reporter);
                    run.clear();
                }
                None => {}
            }
        }
        if !run.is_empty() {
            self.judge(doc, run_start, &run, reporter);
        }
    }
}

/// Writes the matching key of a line or marker into `out`: trimmed of whitespace, leading
/// bullets and arrows and trailing `:`, `.`, `…` or arrows, lowercased, whitespace runs as one
/// space.
fn marker_key(text: &str, out: &mut String) {
    const LEADING: &[char] = &['•', '·', '›', '»', '>', '▶', '►', '→'];
    const TRAILING: &[char] = &[':', '.', '…', '›', '»', '>', '→'];
    out.clear();
    let text = text
        .trim_start_matches(|c: char| c.is_whitespace() || LEADING.contains(&c))
        .trim_end_matches(|c: char| c.is_whitespace() || TRAILING.contains(&c));
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        out.extend(c.to_lowercase());
    }
}

/// A photo caption or credit: it names a source the way captions do, or it is printed twice.
fn is_caption(doc: &Document, index: usize) -> bool {
    let text = doc.line_text(index);
    let lines = doc.lines();
    let doubled =
        |other: Option<usize>| other.is_some_and(|o| o < lines.len() && doc.line_text(o) == text);
    caption_cues().is_match(text) || doubled(index.checked_sub(1)) || doubled(Some(index + 1))
}

/// A line that reads as a finished sentence: five words or more, ending as sentences end.
/// Whether the line opens with a form feed: a page break left by PDF-to-text tools.
fn starts_page(doc: &Document, index: usize) -> bool {
    doc.line_text(index).starts_with('\u{c}')
}

fn is_sentence(text: &str) -> bool {
    let text = text.trim_end();
    text.split_whitespace().nth(4).is_some()
        && text.ends_with([
            '.', '!', '?', ')', '"', '\u{201d}', '\u{2019}', '\'', '\u{bb}',
        ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;

    fn lint(text: &str) -> Vec<String> {
        lint_with(text, RuleOptions::default())
    }

    fn lint_with(text: &str, options: RuleOptions) -> Vec<String> {
        let linter = Linter::new(vec![ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: (ENTRY.build)(&options).unwrap(),
        }]);
        linter
            .lint(text)
            .into_iter()
            .map(|d| text[std::ops::Range::from(d.span)].to_owned())
            .collect()
    }

    #[test]
    fn builtin_list_parses_with_no_entry_in_both_lists() {
        let markers = builtin();
        assert!(markers.always.contains("tt") && markers.near_debris.contains("image"));
        assert!(markers.always.is_disjoint(&markers.near_debris));
    }

    #[test]
    fn keys_ignore_case_decoration_and_spacing() {
        let mut key = String::new();
        for line in [
            "Read more",
            " READ  MORE »",
            "Read more…",
            "• Read\u{a0}more:",
        ] {
            marker_key(line, &mut key);
            assert_eq!(key, "read more", "{line:?}");
        }
    }

    #[test]
    fn marker_and_count_after_a_doubled_caption_both_fire() {
        let caption = "Boats in the harbour at dusk, seen from the old lighthouse";
        let text = format!("{caption}\n{caption}\nTT\n20\n\nBody text follows here.\n");
        assert_eq!(lint(&text), ["TT", "20"]);
    }

    #[test]
    fn near_debris_needs_company() {
        assert_eq!(
            lint("Video\n\nThe clip shows the storm.\n"),
            Vec::<String>::new()
        );
        assert_eq!(lint("Share\nVideo\n"), ["Share", "Video"]);
        assert_eq!(
            lint("Photo\nThe pier at dawn (AP Photo/J. Doe)\n"),
            ["Photo"]
        );
    }

    #[test]
    fn counts_in_tables_lists_and_own_blocks_stay_silent() {
        assert!(lint("Share\n12\n14\n").len() == 1);
        assert!(lint("The vote ended late on Sunday night.\n\n20\n\nNext.\n").is_empty());
        assert!(lint("Voters went to the polls in record numbers.\n2019\n").is_empty());
        assert!(lint("Goals scored by the club this season:\n20\n").is_empty());
        assert_eq!(
            lint("She waved to the crowd as she left.\n34 comments\n"),
            ["34 comments"]
        );
    }

    #[test]
    fn page_numbers_at_a_page_break_fire() {
        let text = "The plan costs less.\n\n12\n\u{c}CITY HALL\n";
        assert_eq!(lint(text), ["12"]);
        assert_eq!(
            lint("The plan costs less.\n\u{c}12\nCITY HALL\n"),
            ["\u{c}12"]
        );
        assert!(lint("The plan costs less.\n\n12\n14\n\u{c}CITY HALL\n").is_empty());
        assert!(lint("The plan costs less.\n\n12 shares\n\u{c}CITY HALL\n").is_empty());
    }

    #[test]
    fn users_extend_the_list() {
        let options = RuleOptions(toml::from_str("extend-markers = ['Zum Shop']").unwrap());
        assert_eq!(lint_with("Text.\n\nZum Shop\n", options), ["Zum Shop"]);
        let empty = RuleOptions(toml::from_str("extend-markers = [' : ']").unwrap());
        assert!((ENTRY.build)(&empty).is_err());
    }
}
