//! Abbreviation-aware sentence segmentation.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (plus any closing quotes and brackets) when
//! whitespace and then a plausible sentence start follow. A period does not end a sentence after
//! a single initial ("J. Doe"), after an abbreviation that never ends one ("Maj. Gen."), or
//! after an ambiguous abbreviation ("U.S.", "Inc.") unless a common sentence opener follows.
//! Both lists are data in `rules/abbreviations.toml` and `rules/openers.toml`.
//!
//! Sentences never cross a block boundary (a blank line), but do cross line breaks inside a
//! block, so hard-wrapped paragraphs segment correctly.

use foldhash::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AbbreviationList {
    never_final: Vec<String>,
    ambiguous: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenerList {
    openers: Vec<String>,
}

struct Lexicon {
    never_final: HashSet<String>,
    ambiguous: HashSet<String>,
    openers: HashSet<String>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let abbreviations: AbbreviationList =
            toml::from_str(include_str!("../../rules/abbreviations.toml"))
                .expect("rules/abbreviations.toml is valid (checked by tests)");
        let openers: OpenerList = toml::from_str(include_str!("../../rules/openers.toml"))
            .expect("rules/openers.toml is valid (checked by tests)");
        Lexicon {
            never_final: abbreviations.never_final.into_iter().collect(),
            ambiguous: abbreviations.ambiguous.into_iter().collect(),
            openers: openers.openers.into_iter().collect(),
        }
    })
}

/// Whether `word` commonly opens a sentence ("The", "But", "He").
pub fn is_sentence_opener(word: &str) -> bool {
    lexicon().openers.contains(word)
}

/// Every word of `rules/openers.toml`.
pub fn sentence_openers() -> impl Iterator<Item = &'static str> {
    lexicon().openers.iter().map(String::as_str)
}

/// Whether `word` (without its final period) is in `rules/abbreviations.toml`: "Mr", "Prof",
/// "U.S", "Inc".
pub fn is_abbreviation(word: &str) -> bool {
    let lexicon = lexicon();
    lexicon.never_final.contains(word) || lexicon.ambiguous.contains(word)
}

/// Splits `text[span]` (one block) into sentence spans, trimmed of surrounding whitespace.
pub(crate) fn split_sentences(text: &str, span: Span, out: &mut Vec<Span>) {
    let block = &text[span.start..span.end];
    let bytes = block.as_bytes();
    let mut start = skip_whitespace(block, 0);
    let mut i = start;
    let mut terminals = Terminals::new(block, i);
    while let Some((at, terminal_len)) = terminals.next_from(i) {
        i = at;
        let c = bytes[i];
        let mut end = i + terminal_len;
        end += closing_len(&block[end..]);
        let next = skip_whitespace(block, end);
        if next > end && next < bytes.len() && ends_sentence(block, start, i, c, next) {
            out.push(Span::new(span.start + start, span.start + end));
            start = next;
        }
        i = end.max(i + 1);
    }
    let end = block.trim_end().len();
    if end > start {
        out.push(Span::new(span.start + start, span.start + end));
    }
}

/// Finds sentence terminals (`.`, `!`, `?`, `…`) left to right. It remembers the next ASCII
/// terminal and the next ellipsis, so each is searched for once, however many terminals of the
/// other kind come before it.
struct Terminals<'a> {
    block: &'a [u8],
    next_ascii: Option<usize>,
    next_ellipsis: Option<usize>,
}

const ELLIPSIS: &[u8] = "\u{2026}".as_bytes();

impl<'a> Terminals<'a> {
    fn new(block: &'a str, from: usize) -> Self {
        let block = block.as_bytes();
        Self {
            block,
            next_ascii: Self::find_ascii(block, from),
            next_ellipsis: Self::find_ellipsis(block, from),
        }
    }

    fn find_ascii(block: &[u8], from: usize) -> Option<usize> {
        memchr::memchr3(b'.', b'!', b'?', &block[from..]).map(|i| from + i)
    }

    fn find_ellipsis(block: &[u8], from: usize) -> Option<usize> {
        memchr::memchr_iter(ELLIPSIS[0], &block[from..])
            .map(|i| from + i)
            .find(|&at| block[at..].starts_with(ELLIPSIS))
    }

    /// The first terminal at or after `from` (which never decreases), with its length in bytes.
    fn next_from(&mut self, from: usize) -> Option<(usize, usize)> {
        if self.next_ascii.is_some_and(|at| at < from) {
            self.next_ascii = Self::find_ascii(self.block, from);
        }
        if self.next_ellipsis.is_some_and(|at| at < from) {
            self.next_ellipsis = Self::find_ellipsis(self.block, from);
        }
        match (self.next_ascii, self.next_ellipsis) {
            (Some(ascii), Some(ellipsis)) if ellipsis < ascii => Some((ellipsis, ELLIPSIS.len())),
            (Some(ascii), _) => Some((ascii, 1)),
            (None, ellipsis) => ellipsis.map(|at| (at, ELLIPSIS.len())),
        }
    }
}

fn ends_sentence(block: &str, start: usize, dot: usize, terminal: u8, next: usize) -> bool {
    let following = &block[next..];
    let Some(first) = following.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_numeric() || is_opening(first)) {
        return false;
    }
    if terminal != b'.' {
        return true;
    }
    let word = word_before(&block[start..dot]);
    if word.is_empty() {
        return true;
    }
    let lexicon = lexicon();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if is_initial || lexicon.never_final.contains(word) {
        return false;
    }
    if lexicon.ambiguous.contains(word) || is_dotted_acronym(word) {
        return is_sentence_opener(first_word(following));
    }
    true
}

/// The word directly before a period, inner periods included ("U.S" in "the U.S.").
fn word_before(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    if start > 0 && !bytes[start - 1].is_ascii() {
        start = text[..start]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
    }
    text[start..].trim_start_matches('.')
}

/// "J.R.R", "A.B": single letters joined by periods.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|part| part.chars().count() == 1)
}

fn first_word(text: &str) -> &str {
    let text = text.trim_start_matches(is_opening);
    let end = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{AB}' | '\u{2014}' | '-'
    )
}

fn closing_len(text: &str) -> usize {
    let ascii_closing = text
        .bytes()
        .position(|b| !matches!(b, b'"' | b'\'' | b')' | b']'))
        .unwrap_or(text.len());
    if text
        .as_bytes()
        .get(ascii_closing)
        .is_some_and(|b| b.is_ascii())
    {
        return ascii_closing;
    }
    text.char_indices()
        .find(|&(_, c)| {
            !matches!(
                c,
                '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
            )
        })
        .map_or(text.len(), |(i, _)| i)
}

/// The first byte at or after `from` that is not whitespace; ASCII whitespace is what
/// [`char::is_whitespace`] says, vertical tab included.
fn skip_whitespace(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t'..=b'\r') {
        at += 1;
    }
    if bytes.get(at).is_some_and(|b| b.is_ascii()) || at == bytes.len() {
        return at;
    }
    text[at..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn byte_scans_agree_with_char_scans(text in "[a-zA-Z0-9 .'\"()\\]\t\n\u{b}\u{c}\r\u{a0}\u{2003}\u{201d}\u{2019}\u{bb}\u{e9}\u{2026}]{0,24}") {
            let chars_before = text
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            prop_assert_eq!(word_before(&text), text[chars_before..].trim_start_matches('.'));
            let closing = text
                .char_indices()
                .find(|&(_, c)| !matches!(c, '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'))
                .map_or(text.len(), |(i, _)| i);
            prop_assert_eq!(closing_len(&text), closing);
            let space = text
                .char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(text.len(), |(i, _)| i);
            prop_assert_eq!(skip_whitespace(&text, 0), space);
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_titles_and_numbers_do_not_end_sentences() {
        assert_eq!(
            sentences("Maj. Gen. Ana Ortiz met the U.S. Army at 3 p.m. on Friday. Costs rose 3.5 million. J. Doe wrote it."),
            [
                "Maj. Gen. Ana Ortiz met the U.S. Army at 3 p.m. on Friday.",
                "Costs rose 3.5 million.",
                "J. Doe wrote it."
            ]
        );
    }

    #[test]
    fn ambiguous_abbreviation_ends_sentence_before_an_opener() {
        assert_eq!(
            sentences("He moved to the U.S. The move paid off. \u{201c}Why?\u{201d} she asked."),
            [
                "He moved to the U.S.",
                "The move paid off.",
                "\u{201c}Why?\u{201d} she asked."
            ]
        );
    }

    #[test]
    fn ellipses_and_curly_quotes_among_other_terminals() {
        assert_eq!(
            sentences("He paused\u{2026} Then \u{201c}no\u{201d}. Fine? Yes! \u{2026}\u{2026} And\u{2026} so"),
            [
                "He paused\u{2026}",
                "Then \u{201c}no\u{201d}.",
                "Fine?",
                "Yes! \u{2026}\u{2026}",
                "And\u{2026} so"
            ]
        );
    }

    #[test]
    fn lowercase_continuation_is_not_a_boundary() {
        assert_eq!(sentences("Wait... then go! ok"), ["Wait... then go! ok"]);
    }
}
