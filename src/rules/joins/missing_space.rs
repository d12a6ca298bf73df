//! `missing-space`: a sentence end glued to the next sentence ("the capital.Officials said"),
//! typical where a scraper joins two page elements without the space between them.
//!
//! The scan finds every `.`, `!` and `?` with `memchr` and settles almost all of them on the next
//! byte (a space, a lowercase letter, a digit): only a capital, a quote or a bracket right after
//! the mark makes it look further. What lies around the mark then decides, because most glued
//! periods in edited text are not sentence ends: domains ("example.com", "Halo.Bungie.Org"),
//! initials and acronyms ("J.R.R.", "U.S.", "Bagle.AT"), brand names ("One.Tel", "Yahoo!News"),
//! ellipses, numbers, e-mail addresses, URLs and file names.

use super::seam::is_foreign_opener;
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{is_abbreviation, is_sentence_opener, Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(MissingSpace)),
};

const META: RuleMeta = RuleMeta {
    name: "missing-space",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a sentence end is glued to the next sentence without a space",
    docs: RuleDocs {
        what: "Finds `.`, `!` or `?` (with any closing quotes or brackets after it) directly \
               followed by a capitalised word, with no space: \"the capital.Officials said\", \
               \"he said.\u{201c}We will\", \"(for example).This\". It fires when the word \
               before the mark is all lowercase (\"capital.\"); when the word after it is a \
               common sentence opener from `rules/openers.toml`, or a French, Spanish, \
               Portuguese or German one from `rules/seams.toml` (\"Paris.The\", \"2004.The\", \
               \"Arbeitszeit.Die\"); or when both are capitalised words of four or more \
               letters, the first not an abbreviation from `rules/abbreviations.toml` \
               (\"Europe.Catches\"; after `!` only an opener counts, for \"Yahoo!News\"). It \
               stays silent on what glues a period to a capital in edited text: tokens with \
               inner periods (\"U.S.The\", \"J.R.R.Tolkien\", \"a.m.\"), capitalised brand \
               and file names whose second part is not a sentence opener (\"One.Tel\", \
               \"Yahoo!News\", \"Bagle.AT\", \"Mr.Benn\"), domains and e-mail addresses (the \
               word after the mark followed by `.x`, `@`, `/`, `=` or `_`, or the token before \
               it holding `/`, `@`, `:`, `=`, `_` or `#`), ellipses (\"wait...Then\"), numbers \
               (\"3.5\") and anything in lowercase after the mark (\"Node.js\").",
        why: "Scrapers join a paragraph to a caption, a pull quote or the next paragraph and \
              drop the space between them; the two sentences then read as one word to a \
              reader, a search index and a sentence splitter alike.",
        options: "",
        fix: "Safe: inserts one space after the mark and any closing quote or bracket, or \
              before an opening one (\"said.\u{201c}We\" becomes \"said. \u{201c}We\"). A \
              straight double quote counts as closing when an odd number of them precede it on \
              its line. Nothing is removed, so no text can be lost.",
    },
    fires: &[
        "The ministers met in the capital.Officials said talks would resume.\n",
        "Turnout was low in Paris.The count ended at midnight.\n",
        "\"We are ready,\" she said.\"The plan holds.\"\n",
        "Why would anyone leave?They asked again.\n",
    ],
    silent: &[
        "The U.S. Army and Node.js met at example.com on 3.5 million screens.\n",
        "J.R.R. Tolkien wrote it at 9 a.m. and the site Halo.Bungie.Org covered it.\n",
        "Shares in One.Tel and Yahoo!News fell. The Bagle.AT virus spread.\n",
        "Write to press.Office@example.org or see www.Example.co.uk/News.Today.\n",
        "She waited...Then she left.\n",
    ],
};

/// Tokens longer than this around a mark are identifiers, hashes or URLs, never prose; capping
/// the look-around keeps a huge token from being rescanned at each of its periods.
const MAX_TOKEN: usize = 64;

struct MissingSpace;

impl Rule for MissingSpace {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let mut quotes = QuoteParity::default();
        for at in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
            let Some(&next) = bytes.get(at + 1) else {
                break;
            };
            if !may_start_glued_sentence(next) {
                continue;
            }
            if let Some(diagnostic) = glued_sentence(text, at, &mut quotes) {
                reporter.report(diagnostic);
            }
        }
    }
}

/// An ASCII capital, a quote or bracket, or the first byte of a multi-byte character.
fn may_start_glued_sentence(byte: u8) -> bool {
    byte.is_ascii_uppercase()
        || matches!(byte, b'"' | b'\'' | b'(' | b')' | b'[' | b']')
        || byte >= 0xC0
}

/// The finding for the mark at `at`, if it ends a sentence glued to the next one.
fn glued_sentence(text: &str, at: usize, quotes: &mut QuoteParity) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let run_start = bytes[..at]
        .iter()
        .rposition(|b| !matches!(b, b'.' | b'!' | b'?'))
        .map_or(0, |i| i + 1);
    let run = &text[run_start..=at];
    if (run.len() > 1 && run.contains('.')) || text[..run_start].ends_with('\u{2026}') {
        return None;
    }
    let left = left_token(text, run_start)?;
    let left_word = WordShape::of(last_word(text, left));
    let (insert_at, word) = right_word(text, at + 1, quotes)?;
    let right = &text[word.start..word.end];
    let glued = is_sentence_opener(right)
        || is_foreign_opener(right)
        || left_word == WordShape::Lowercase
        || (left_word == WordShape::Titlecase
            && bytes[at] != b'!'
            && WordShape::of(right) == WordShape::Titlecase
            && !is_abbreviation(&text[left.start..left.end]));
    if !glued {
        return None;
    }
    Some(
        Diagnostic::new(
            Span::new(left.start, word.end),
            format!(
                "no space after \"{}\" between two sentences",
                &text[at..=at]
            ),
        )
        .with_fix(Fix::safe_edits(
            "insert a space",
            vec![Edit::insert(insert_at, " ")],
        )),
    )
}

/// The whitespace-delimited token ending at `end`, unless it looks like a URL, an address, a
/// path or a dotted abbreviation, or is empty or too long to be a word.
fn left_token(text: &str, end: usize) -> Option<Span> {
    let floor = floor_char_boundary(text, end.saturating_sub(MAX_TOKEN));
    let window = &text[floor..end];
    let start = match window
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
    {
        Some((i, c)) => floor + i + c.len_utf8(),
        None if floor == 0 => 0,
        None => return None,
    };
    let token = &text[start..end];
    let identifier = token
        .bytes()
        .any(|b| matches!(b, b'.' | b'/' | b'@' | b'\\' | b':' | b'=' | b'_' | b'#'));
    (!token.is_empty() && !identifier).then_some(Span::new(start, end))
}

/// The word at the end of `token`, after any closing quotes and brackets: its letters, or ""
/// when letters and digits mix there ("3rd", "W32").
fn last_word(text: &str, token: Span) -> &str {
    let token = text[token.start..token.end].trim_end_matches(is_closing);
    let start = token
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    if token[..start].ends_with(char::is_alphanumeric) {
        return "";
    }
    &token[start..]
}

/// The case pattern of a word, as far as telling a sentence end from a name goes.
#[derive(PartialEq, Eq)]
enum WordShape {
    /// Two or more letters, all lowercase: "capital".
    Lowercase,
    /// Four or more letters, only the first a capital: "Europe", not "One", "Mr" or "McCain".
    Titlecase,
    Other,
}

impl WordShape {
    fn of(word: &str) -> Self {
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return WordShape::Other;
        };
        let rest_lowercase = chars.clone().all(char::is_lowercase);
        let length = 1 + chars.count();
        match (first.is_lowercase(), first.is_uppercase()) {
            (true, _) if rest_lowercase && length >= 2 => WordShape::Lowercase,
            (_, true) if rest_lowercase && length >= 4 => WordShape::Titlecase,
            _ => WordShape::Other,
        }
    }
}

/// After the mark: the offset where the missing space belongs (after closing quotes and
/// brackets, before opening ones) and the capitalised word that follows, if it is a word of
/// prose rather than part of a domain, an address or a code name.
fn right_word(text: &str, from: usize, quotes: &mut QuoteParity) -> Option<(usize, Span)> {
    let mut insert_at = from;
    let mut opened = false;
    let mut chars = text[from..].char_indices().map(|(i, c)| (from + i, c));
    let (word_start, first) = loop {
        let (i, c) = chars.next()?;
        let closes = match c {
            ')' | ']' | '\u{201d}' | '\u{2019}' | '\'' => true,
            '(' | '[' | '\u{201c}' | '\u{2018}' => false,
            '"' => quotes.is_odd_before(text, i),
            _ => break (i, c),
        };
        if closes && opened {
            return None;
        }
        opened |= !closes;
        if closes {
            insert_at = i + c.len_utf8();
        }
    };
    let (_, second) = chars.next()?;
    if !first.is_uppercase() || !second.is_lowercase() {
        return None;
    }
    let end = text[word_start..]
        .char_indices()
        .take_while(|&(i, c)| c.is_alphabetic() && i < MAX_TOKEN)
        .last()
        .map_or(word_start, |(i, c)| word_start + i + c.len_utf8());
    let after = &text.as_bytes()[end..];
    let code_like = match after {
        [b'.', next, ..] => next.is_ascii_alphanumeric(),
        [next, ..] => matches!(next, b'@' | b'/' | b'\\' | b'=' | b'_' | b'(' | b'#'),
        [] => false,
    };
    (!code_like).then_some((insert_at, Span::new(word_start, end)))
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{bb}'
    )
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether a straight double quote closes a quotation: an odd number of them precede it on its
/// line. Counts incrementally, as the scan only moves forward, so a long line is read once.
#[derive(Default)]
struct QuoteParity {
    counted_to: usize,
    odd: bool,
}

impl QuoteParity {
    fn is_odd_before(&mut self, text: &str, at: usize) -> bool {
        let from = self.counted_to.min(at);
        for i in memchr::memchr2_iter(b'"', b'\n', &text.as_bytes()[from..at]) {
            self.odd = text.as_bytes()[from + i] == b'"' && !self.odd;
        }
        self.counted_to = at;
        self.odd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::FixMode;
    use crate::rules::testing::{fixed, reported};

    fn fix(text: &str) -> String {
        fixed(&ENTRY, text, FixMode::SafeOnly)
    }

    #[test]
    fn a_lowercase_word_glued_to_a_capitalised_one_is_reported() {
        let text = "Talks ended in the capital.Officials said more would follow.\n";
        assert_eq!(reported(&ENTRY, text), ["capital.Officials"]);
        assert_eq!(
            fix(text),
            "Talks ended in the capital. Officials said more would follow.\n"
        );
    }

    #[test]
    fn after_a_name_or_number_an_opener_or_a_long_capitalised_word_counts() {
        assert_eq!(
            reported(
                &ENTRY,
                "It rained in Paris.The game went on. In 2004.It ended. Europe.Catches fell.\n"
            ),
            ["Paris.The", "2004.It", "Europe.Catches"]
        );
        assert_eq!(
            reported(&ENTRY, "Es geht um die Arbeitszeit.Die Bahn lehnt ab.\n"),
            ["Arbeitszeit.Die"]
        );
        assert_eq!(
            reported(
                &ENTRY,
                "One.Tel, Mr.Benn, Prof.Jones, Bagle.BB, St.Louis, Yahoo!News, W32.Netsky, \
                 McCain.Senate and NATO.Brussels.\n"
            ),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn the_space_goes_after_closing_and_before_opening_quotes() {
        assert_eq!(
            fix("He said \u{201c}no.\u{201d}The vote followed.\n"),
            "He said \u{201c}no.\u{201d} The vote followed.\n"
        );
        assert_eq!(
            fix("The vote followed.\u{201c}No,\u{201d} he said.\n"),
            "The vote followed. \u{201c}No,\u{201d} he said.\n"
        );
        assert_eq!(
            fix("He said \"no.\"The vote followed.\n"),
            "He said \"no.\" The vote followed.\n"
        );
        assert_eq!(
            fix("The vote followed.\"No,\" he said.\n"),
            "The vote followed. \"No,\" he said.\n"
        );
        assert_eq!(
            fix("It was cheap (for example).This was new. Was it long?)They asked.\n"),
            "It was cheap (for example). This was new. Was it long?) They asked.\n"
        );
    }

    #[test]
    fn question_and_exclamation_marks_count_too() {
        assert_eq!(
            fix("Who would stay?Nobody did. It worked!Then it stopped.\n"),
            "Who would stay? Nobody did. It worked! Then it stopped.\n"
        );
        assert_eq!(
            reported(
                &ENTRY,
                "Yahoo!News and Jeopardy!Live ran it. What?!The end.\n"
            ),
            ["What?!The"]
        );
    }

    #[test]
    fn identifiers_urls_addresses_and_abbreviations_stay_silent() {
        for text in [
            "See www.example.co.uk and example.com or Node.js and ASP.NET today.\n",
            "Mail jane.Doe@example.org or visit http://example.org/about.Html now.\n",
            "The U.S.The rest is history. J.R.R.Tolkien and S.T.A.L.K.E.R.\n",
            "At 9 a.m.The doors opened. It rose 3.5 per cent, e.g.Here.\n",
            "Open report.PDF and index.php?Id=4 and config.Load(x).\n",
            "The file is named notes_final.Draft or #tag.Then.\n",
            "Wait...Then go. Wait\u{2026}Then go. Really?..The end.\n",
            "A token abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop.The\n",
            ".NET is old.\n",
        ] {
            assert_eq!(reported(&ENTRY, text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn non_ascii_capitals_and_lowercase_letters_count() {
        assert_eq!(
            fix("Elle est partie \u{e0} l'\u{e9}t\u{e9}.\u{c9}mile est rest\u{e9}.\n"),
            "Elle est partie \u{e0} l'\u{e9}t\u{e9}. \u{c9}mile est rest\u{e9}.\n"
        );
    }

    #[test]
    fn quote_parity_resets_at_each_line() {
        let mut parity = QuoteParity::default();
        let text = "\"a\" \"b\n\"c";
        assert!(parity.is_odd_before(text, 2));
        assert!(!parity.is_odd_before(text, 4));
        assert!(parity.is_odd_before(text, 5));
        assert!(!parity.is_odd_before(text, 7));
        assert!(parity.is_odd_before(text, 8));
    }
}
