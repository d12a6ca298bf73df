//! `hyphenation-break`: a word hyphenated across a line break ("devel-" / "opment"), as PDF
//! extraction and hard-wrapped print leave it.
//!
//! A line qualifies only when its last character is a hyphen right after a letter and the next
//! line of the same block starts with a lowercase letter, so the check costs one byte test per
//! line. The document's own vocabulary (its word counts in `Document::evidence`, gathered on
//! first use and shared with other rules) then decides how to mend it.

use std::sync::OnceLock;

use foldhash::HashSet;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{word_key, Document, Evidence, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options = options.parse::<Options>()?;
        Ok(Box::new(HyphenationBreak {
            report_compounds: options.report_compounds,
            extra_known: options
                .extend_known_words
                .iter()
                .map(|word| word_key(word))
                .collect(),
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "hyphenation-break",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "a word is hyphenated across a line break",
    docs: RuleDocs {
        what: "Finds a line ending in a hyphen right after a letter (\"redevel-\") whose next \
               line, in the same block, starts with a lowercase letter (\"opment has been\"). \
               It then decides whether the hyphen belongs to the word, in this order: a \
               compound written with its hyphen elsewhere in the document (\"long-term\") \
               keeps it; a word written whole elsewhere in the document (\"redevelopment\") \
               is joined; so is a word in `known-words` of `rules/hyphenation.toml` or one \
               whose second half never stands alone (`never-alone`: \"tion\", \"ment\", \
               \"ing\"); anything else keeps its hyphen, since joining an unknown compound \
               (\"long-term\" into \"longterm\") would misspell it. It stays silent on a dash \
               after a space (\"the vote -\"), a double hyphen, a hyphen after a digit \
               (\"COVID-\" / \"19\") or inside a URL, a next line in capitals or digits \
               (\"Anglo-\" / \"American\") or after a blank line, and list bullets.",
        why: "Text extracted from PDFs and print keeps the hyphens the layout added. The \
              broken halves are not words: search misses \"redevelopment\", spelling and \
              sentence tools stumble, and the hyphen shows up mid-line once the text is \
              re-wrapped.",
        options: "report-compounds = true: also report breaks whose fix keeps the hyphen \
                  (\"long-\" / \"term\"); set it to false for hard-wrapped text, where a break \
                  after a compound's own hyphen is acceptable typography\n\
                  extend-known-words = []: more whole words a break inside joins without the \
                  hyphen, added to `known-words`",
        fix: "Unsafe, as the choice between joining and keeping the hyphen is a guess. It \
              moves the rest of the broken word up to the end of the first line, so the line \
              structure stays: \"redevel-\" / \"opment has been\" becomes \"redevelopment\" / \
              \"has been\", and \"long-\" / \"term plan\" becomes \"long-term\" / \"plan\". When \
              the rest of the word is all the next line holds, the two lines become one. The \
              help says which way the fix went and why.",
    },
    fires: &[
        "The yard has been empty since 1994, and its redevel-\nopment has been discussed \
         ever since. The redevelopment plan goes to a vote.\n",
        "The council promised a stable price and a long-\nterm alternative to gas.\n",
    ],
    silent: &[
        "The vote -\nwhich was close - went ahead.\n",
        "Cases of COVID-\n19 rose. Anglo-\nAmerican talks resumed.\n",
        "It was a well-\n\nknown fact.\n",
        "- bread\n- milk\n",
    ],
};

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    report_compounds: bool,
    extend_known_words: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            report_compounds: true,
            extend_known_words: Vec::new(),
        }
    }
}

struct HyphenationBreak {
    report_compounds: bool,
    extra_known: HashSet<u64>,
}

impl Rule for HyphenationBreak {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        for block in doc.blocks() {
            for index in block.first_line..block.last_line {
                let Some(broken) = Broken::at(doc, index) else {
                    continue;
                };
                let mend = self.mend(&broken, doc.evidence());
                if mend.keeps_hyphen() && !self.report_compounds {
                    continue;
                }
                reporter.report(broken.diagnostic(doc, mend));
            }
        }
    }
}

/// A word broken at the end of one line and continued at the start of the next.
struct Broken<'a> {
    /// From the start of the word before the hyphen (hyphens inside it included) to the
    /// hyphen: "redevel", "state-of-the".
    head: &'a str,
    head_start: usize,
    hyphen: Span,
    /// The letters that start the next line: "opment".
    tail: &'a str,
    /// The whole first token of the next line, punctuation included: "opment,".
    token: Span,
    /// Where the text after the token and its spaces starts, or the end of the next line.
    rest: usize,
    /// Whether anything follows the token on the next line.
    rest_is_empty: bool,
    /// The hyphen's line terminator, `\n` or `\r\n`: the fix moves it after the mended word.
    terminator: &'a str,
}

impl<'a> Broken<'a> {
    fn at(doc: &Document<'a>, index: usize) -> Option<Self> {
        let line = doc.lines()[index];
        // Only the line's end is read until it ends in a hyphen: slicing the whole line would
        // also touch its start, a cache miss per line on a large document.
        let up_to_end = doc.text()[..line.end].trim_end();
        let hyphen_len = if up_to_end.ends_with('-') {
            1
        } else if up_to_end.ends_with('\u{2010}') {
            3
        } else {
            return None;
        };
        let text = &up_to_end[line.start.min(up_to_end.len())..];
        let before = &text[..text.len().saturating_sub(hyphen_len)];
        if !before.ends_with(char::is_alphabetic) {
            return None;
        }
        let head_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphabetic() || c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let opens_word = before[..head_start].chars().next_back().map_or(true, |c| {
            c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '\u{201c}' | '\u{2018}')
        });
        let head = before[head_start..].trim_start_matches('-');
        if !opens_word || head.is_empty() {
            return None;
        }

        let next = doc.lines()[index + 1];
        let next_text = doc.line_text(index + 1);
        let body = next_text.trim_start();
        let body_start = next.start + (next_text.len() - body.len());
        if !body.starts_with(char::is_lowercase) {
            return None;
        }
        let tail_len = body
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(body.len());
        let token_len = body.find(char::is_whitespace).unwrap_or(body.len());
        let after_token = &body[token_len..];
        let rest_offset = token_len + (after_token.len() - after_token.trim_start().len());
        let hyphen_start = line.start + text.len() - hyphen_len;
        Some(Broken {
            head,
            head_start: line.start + before.len() - head.len(),
            hyphen: Span::new(hyphen_start, hyphen_start + hyphen_len),
            tail: &body[..tail_len],
            token: Span::new(body_start, body_start + token_len),
            rest: body_start + rest_offset,
            rest_is_empty: rest_offset == body.len(),
            terminator: doc.slice(Span::new(line.end, line.next)),
        })
    }

    fn diagnostic(&self, doc: &Document, mend: Mend) -> Diagnostic {
        let hyphenated = format!("{}-{}", self.head, self.tail);
        let joined = format!("{}{}", self.head, self.tail);
        let (whole, help) = match mend {
            Mend::Join(why) => (
                &joined,
                format!("\"{joined}\" {why}, so the fix joins it without the hyphen"),
            ),
            Mend::Keep(why) => (
                &hyphenated,
                format!("\"{joined}\" {why}, so the fix keeps the hyphen"),
            ),
        };
        let token = doc.slice(self.token);
        let terminator = self.terminator;
        let kept = if mend.keeps_hyphen() {
            doc.slice(self.hyphen)
        } else {
            ""
        };
        let edit = if self.rest_is_empty {
            Edit::replace(Span::new(self.hyphen.start, self.token.start), kept)
        } else {
            Edit::replace(
                Span::new(self.hyphen.start, self.rest),
                format!("{kept}{token}{terminator}"),
            )
        };
        Diagnostic::new(
            Span::new(self.head_start, self.rest),
            format!("\"{whole}\" is broken across a line break"),
        )
        .with_help(help)
        .with_fix(Fix::unsafe_edits(
            if mend.keeps_hyphen() {
                format!("join \"{hyphenated}\" on one line, keeping the hyphen")
            } else {
                format!("join \"{joined}\" without the hyphen")
            },
            vec![edit],
        ))
    }
}

/// How a broken word is mended, and the evidence for it (completing "\"x\" ...").
#[derive(Clone, Copy)]
enum Mend {
    Join(&'static str),
    Keep(&'static str),
}

impl Mend {
    fn keeps_hyphen(self) -> bool {
        matches!(self, Mend::Keep(_))
    }
}

impl HyphenationBreak {
    fn mend(&self, broken: &Broken, evidence: &Evidence) -> Mend {
        let seen = |word: &str| evidence.word(word).occurrences > 0;
        let last_part = broken.head.rsplit('-').next().unwrap_or(broken.head);
        let known = word_key(&format!("{last_part}{}", broken.tail));
        if seen(&format!("{}-{}", broken.head, broken.tail)) {
            Mend::Keep("is not how the document writes it elsewhere")
        } else if seen(&format!("{}{}", broken.head, broken.tail)) {
            Mend::Join("appears whole elsewhere in the document")
        } else if hyphenation_words().known.contains(&known) || self.extra_known.contains(&known) {
            Mend::Join("is a known word")
        } else if hyphenation_words()
            .never_alone
            .contains(&word_key(broken.tail))
        {
            Mend::Join("ends in a part that is never a word alone")
        } else {
            Mend::Keep("is not a known word")
        }
    }
}

struct HyphenationWords {
    known: HashSet<u64>,
    never_alone: HashSet<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HyphenationFile {
    never_alone: Vec<String>,
    known_words: Vec<String>,
}

fn hyphenation_file() -> HyphenationFile {
    toml::from_str(include_str!("../../../rules/hyphenation.toml"))
        .expect("rules/hyphenation.toml is valid (checked by tests)")
}

fn hyphenation_words() -> &'static HyphenationWords {
    static WORDS: OnceLock<HyphenationWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let file = hyphenation_file();
        HyphenationWords {
            known: file.known_words.iter().map(|w| word_key(w)).collect(),
            never_alone: file.never_alone.iter().map(|w| word_key(w)).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::FixMode;
    use crate::rules::testing::{fixed, lint, linter, reported};

    fn fix(text: &str) -> String {
        fixed(&ENTRY, text, FixMode::IncludeUnsafe)
    }

    #[test]
    fn a_word_whole_elsewhere_is_joined_and_the_rest_moves_up() {
        let text = "Its redevel-\nopment has been discussed. The redevelopment is slow.\n";
        let found = lint(&ENTRY, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "\"redevelopment\" is broken across a line break"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("\"redevelopment\" appears whole elsewhere in the document, so the fix joins it without the hyphen")
        );
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "redevel-\nopment "
        );
        assert_eq!(
            fix(text),
            "Its redevelopment\nhas been discussed. The redevelopment is slow.\n"
        );
        assert_eq!(fixed(&ENTRY, text, FixMode::SafeOnly), text);
    }

    #[test]
    fn an_unknown_compound_keeps_its_hyphen() {
        let text = "It gives a long-\r\nterm alternative to gas.\r\n";
        let found = lint(&ENTRY, text);
        assert_eq!(
            found[0].message,
            "\"long-term\" is broken across a line break"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("\"longterm\" is not a known word, so the fix keeps the hyphen")
        );
        assert_eq!(fix(text), "It gives a long-term\r\nalternative to gas.\r\n");
        assert!(linter(&ENTRY, "report-compounds = false")
            .lint(text)
            .is_empty());
    }

    #[test]
    fn the_document_s_own_hyphenated_form_wins() {
        assert_eq!(
            fix("A well-known face and a well-\nknown name.\n"),
            "A well-known face and a well-known\nname.\n"
        );
    }

    #[test]
    fn word_lists_join_known_words_and_syllable_breaks() {
        assert_eq!(
            fix("The new infra-\nstructure and the informa-\ntion desk.\n"),
            "The new infrastructure\nand the information\ndesk.\n"
        );
        assert_eq!(
            linter(&ENTRY, "extend-known-words = [\"tramway\"]")
                .fix("A new tram-\nway opened.\n", FixMode::IncludeUnsafe)
                .text,
            "A new tramway\nopened.\n"
        );
    }

    #[test]
    fn a_next_line_holding_only_the_rest_is_merged() {
        assert_eq!(
            fix("It set a new bench-\nmark.\nThe benchmark held.\n"),
            "It set a new benchmark.\nThe benchmark held.\n"
        );
        assert_eq!(fix("A long-\nterm\n"), "A long-term\n");
    }

    #[test]
    fn trailing_spaces_and_indents_around_the_break_go() {
        assert_eq!(
            fix("The informa- \n   tion desk opened.\n"),
            "The information\ndesk opened.\n"
        );
    }

    #[test]
    fn dashes_digits_capitals_urls_and_blank_lines_stay_silent() {
        for text in [
            "The vote -\nwhich was close - went ahead.\n",
            "It was close --\nvery close.\n",
            "Cases of COVID-\n19 rose.\n",
            "Anglo-\nAmerican talks resumed.\n",
            "It was a well-\n\nknown fact.\n",
            "See http://example.org/some-\npage for more.\n",
            "The 3-\nyear plan.\n",
            "- bread\n- milk\n",
            "-\nnothing\n",
        ] {
            assert_eq!(reported(&ENTRY, text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn a_compound_chain_is_kept_whole() {
        assert_eq!(
            fix("A state-of-the-\nart depot.\n"),
            "A state-of-the-art\ndepot.\n"
        );
    }

    #[test]
    fn the_word_lists_are_lowercase_and_unique() {
        let file = hyphenation_file();
        for list in [&file.never_alone, &file.known_words] {
            let mut seen = std::collections::HashSet::new();
            for word in list {
                assert_eq!(word, &word.to_lowercase());
                assert!(seen.insert(word), "{word} is listed twice");
            }
        }
    }
}
