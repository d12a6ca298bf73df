//! Finding a data rule's literal or regex: a whole trimmed line for `line` rules, every
//! occurrence inside the text for `phrase` rules. Literals go through `memchr::memmem` (or
//! aho-corasick when ignoring ASCII case), regexes through the `regex` crate line by line.

use aho_corasick::{AhoCorasick, Input};
use memchr::memmem::Finder;
use regex::{Captures, Regex, RegexBuilder};

use crate::document::{Document, Span};

/// Decides whether a whole line, trimmed, is the rule's line.
#[derive(Debug, Clone)]
pub(super) enum LineMatcher {
    Exact(&'static str),
    AsciiCaseless(&'static str),
    /// A user regex, or a non-ASCII literal ignoring case; anchored at both ends.
    Regex(Regex),
}

impl LineMatcher {
    /// `literal` is already trimmed.
    pub(super) fn literal(literal: &'static str, case_insensitive: bool) -> Self {
        if !case_insensitive {
            LineMatcher::Exact(literal)
        } else if literal.is_ascii() {
            LineMatcher::AsciiCaseless(literal)
        } else {
            LineMatcher::Regex(
                anchored(&regex::escape(literal), true)
                    .expect("an escaped literal always compiles"),
            )
        }
    }

    pub(super) fn regex(pattern: &str, case_insensitive: bool) -> Result<Self, regex::Error> {
        anchored(pattern, case_insensitive).map(LineMatcher::Regex)
    }

    pub(super) fn matches(&self, trimmed: &str) -> bool {
        match self {
            LineMatcher::Exact(literal) => trimmed == *literal,
            LineMatcher::AsciiCaseless(literal) => trimmed.eq_ignore_ascii_case(literal),
            LineMatcher::Regex(regex) => regex.is_match(trimmed),
        }
    }
}

fn anchored(pattern: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(case_insensitive)
        .build()
}

/// Compiles a phrase rule's regex as written; the error is the user's to see.
pub(super) fn compile(pattern: &str, case_insensitive: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(case_insensitive)
        .build()
}

/// Finds a phrase rule's occurrences.
#[derive(Debug, Clone)]
pub(super) enum PhraseMatcher {
    /// A literal, matched as whole words. It holds no line break, so the whole text is searched
    /// at once and no match can straddle two lines.
    Literal {
        search: LiteralSearch,
        /// The literal starts (ends) with a word character, so the character before (after)
        /// a match must not be one: `teh` must not fire inside `Tehran`.
        bounded_start: bool,
        bounded_end: bool,
    },
    /// A user regex, run over each non-blank line so `^`, `$` and `\s` keep to one line.
    Regex { regex: Regex, expands: bool },
}

#[derive(Debug, Clone)]
pub(super) enum LiteralSearch {
    /// Boxed: a `Finder` is ten times the size of the other variants.
    Exact(Box<Finder<'static>>),
    AsciiCaseless(AhoCorasick),
    /// A non-ASCII literal ignoring case.
    Regex(Regex),
}

impl LiteralSearch {
    pub(super) fn new(literal: &str, case_insensitive: bool) -> Self {
        if !case_insensitive {
            return LiteralSearch::Exact(Box::new(Finder::new(literal).into_owned()));
        }
        if literal.is_ascii() {
            let automaton = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([literal])
                .expect("one short literal always builds");
            return LiteralSearch::AsciiCaseless(automaton);
        }
        LiteralSearch::Regex(
            compile(&regex::escape(literal), true).expect("an escaped literal always compiles"),
        )
    }

    /// The first occurrence starting at or after `from`.
    fn find_at(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        match self {
            LiteralSearch::Exact(finder) => finder
                .find(&text.as_bytes()[from..])
                .map(|at| (from + at, from + at + finder.needle().len())),
            LiteralSearch::AsciiCaseless(automaton) => automaton
                .find(Input::new(text).range(from..))
                .map(|m| (m.start(), m.end())),
            LiteralSearch::Regex(regex) => regex.find_at(text, from).map(|m| (m.start(), m.end())),
        }
    }
}

impl PhraseMatcher {
    /// Calls `found` with the span of every occurrence in `doc` and, for a regex whose
    /// replacement refers to groups, its captures.
    pub(super) fn for_each(&self, doc: &Document, mut found: impl FnMut(Span, Option<&Captures>)) {
        match self {
            PhraseMatcher::Literal {
                search,
                bounded_start,
                bounded_end,
            } => {
                let text = doc.text();
                let mut from = 0;
                while let Some((start, end)) = search.find_at(text, from) {
                    let clear_before = !bounded_start || !word_char_before(text, start);
                    let clear_after = !bounded_end || !word_char_after(text, end);
                    if clear_before && clear_after {
                        found(Span::new(start, end), None);
                        from = end;
                    } else {
                        // Not `end`: a later, overlapping occurrence may stand on word edges.
                        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
                    }
                    if from >= text.len() {
                        break;
                    }
                }
            }
            PhraseMatcher::Regex { regex, expands } => {
                for line in doc.lines().iter().filter(|line| !line.blank) {
                    let text = doc.slice(line.content());
                    let at =
                        |start: usize, end: usize| Span::new(line.start + start, line.start + end);
                    if *expands {
                        for captures in regex.captures_iter(text) {
                            let whole = captures.get(0).expect("group 0 always matches");
                            if !whole.is_empty() {
                                found(at(whole.start(), whole.end()), Some(&captures));
                            }
                        }
                    } else {
                        for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                            found(at(m.start(), m.end()), None);
                        }
                    }
                }
            }
        }
    }

    /// Whether the pattern occurs anywhere in `text`, judged on its own (used to refuse a
    /// replacement the rule would flag again, which could never settle).
    pub(super) fn occurs_in(&self, text: &str) -> bool {
        let mut any = false;
        self.for_each(&Document::new(text), |_, _| any = true);
        any
    }
}

/// A letter, digit or underscore: what the regex `\b` counts as a word character.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn word_char_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn word_char_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// Whether a literal's first and last characters are word characters, so its matches must
/// sit on word edges.
pub(super) fn word_edges(literal: &str) -> (bool, bool) {
    let first = literal.chars().next().is_some_and(is_word_char);
    let last = literal.chars().next_back().is_some_and(is_word_char);
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str, case_insensitive: bool) -> PhraseMatcher {
        let (bounded_start, bounded_end) = word_edges(text);
        PhraseMatcher::Literal {
            search: LiteralSearch::new(text, case_insensitive),
            bounded_start,
            bounded_end,
        }
    }

    fn spans(matcher: &PhraseMatcher, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        matcher.for_each(&Document::new(text), |span, _| {
            out.push((span.start, span.end))
        });
        out
    }

    #[test]
    fn literals_match_whole_words_only() {
        let teh = literal("teh", false);
        assert_eq!(
            spans(&teh, "teh Tehran teh_ tehteh teh"),
            [(0, 3), (23, 26)]
        );
        let photo = literal("Photo:", false);
        assert_eq!(spans(&photo, "Photo: A Photo:B xPhoto:"), [(0, 6), (9, 15)]);
    }

    #[test]
    fn a_rejected_occurrence_does_not_hide_an_overlapping_one() {
        assert_eq!(spans(&literal("a-a", false), "xa-a-a"), [(3, 6)]);
    }

    #[test]
    fn caseless_literals_ascii_and_not() {
        assert_eq!(
            spans(&literal("PHOTO", true), "a photo, Photo"),
            [(2, 7), (9, 14)]
        );
        assert_eq!(spans(&literal("ÉTÉ", true), "un été"), [(3, 8)]);
        let line = LineMatcher::literal("À LIRE AUSSI", true);
        assert!(line.matches("à lire aussi"));
        assert!(!line.matches("à lire aussi ceci"));
    }

    #[test]
    fn regexes_run_per_line_with_original_offsets_and_skip_empty_matches() {
        let matcher = PhraseMatcher::Regex {
            regex: compile(r"^x*", false).unwrap(),
            expands: false,
        };
        assert_eq!(spans(&matcher, "ab\nxx c\n\nxd"), [(3, 5), (9, 10)]);
    }

    #[test]
    fn line_regexes_are_anchored() {
        let line = LineMatcher::regex("Share|Tweet", false).unwrap();
        assert!(line.matches("Tweet"));
        assert!(!line.matches("Share this"));
    }
}
