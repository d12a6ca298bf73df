//! `space-before-punctuation`: spaces between a word and the comma, period, semicolon, colon,
//! exclamation or question mark after it ("said , and"), outside French typography.

use std::cell::OnceCell;

use aho_corasick::{packed, AhoCorasick, MatchKind};
use memchr::memmem;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| {
        Ok(Box::new(SpaceBeforePunctuation {
            french_words: FrenchWords::new(),
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "space-before-punctuation",
    category: Category::Unicode,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a space between a word and the punctuation mark after it",
    docs: RuleDocs {
        what: "Finds one or more spaces between a word (or a closing quote or bracket) and a \
               comma, period, semicolon, colon, exclamation or question mark: \"said , and\", \
               \"the end .\". The mark must end the word: a period or colon followed by a letter \
               or digit (\".45\", \".com\", \".NET\", \":30\") is not one, nor is an ellipsis, a \
               spaced ellipsis (\". . .\"), an emoticon (\":-)\", \";)\"), a ratio or score \
               (\"2 : 1\"), a short list label at the start of a line (\"1 .\", \"Q :\"), or \
               anything at the start of a line.\n\n\
               French typography puts a space before ; : ! ? on purpose, so those four are \
               skipped on a line with guillemets (\u{ab} \u{bb}) or a no-break space before one \
               of them, and in a whole document that uses common French words (\"est\", \
               \"dans\", \"avec\", \"nous\", ...).",
        why: "Scraped text gets these where an inline element (a link, an emphasis, a footnote \
              marker) was dropped, or from careless typing; they read as errors and break \
              line wrapping.",
        options: "",
        fix: "Safe: deletes the spaces, leaving the word and the mark as they are.",
    },
    fires: &[
        "The minister said , and left.\n",
        "It was the end .\n",
        "Why did it close ?\n",
        "He asked \u{201c}why ?\u{201d} and left.\n",
    ],
    silent: &[
        "The .45 caliber gun. The .NET site. Wait ... what? Wait \u{2026} what?\n",
        "Il a dit\u{a0}: \u{ab}\u{a0}non\u{a0}\u{bb}. Pourquoi ? Parce que c'est ainsi !\n",
        "Pourquoi ?\nLe maire est dans une salle avec nous.\n",
        "Great match :-) and a score of 2 : 1 at :30 past.\n",
        "  , indented\n1 . First item\n",
    ],
};

/// Frequent French function words that are rare in English, Spanish, Italian and Portuguese.
const FRENCH_WORDS: [&str; 10] = [
    " des ", " est ", " une ", " dans ", " avec ", " qui ", " sont ", " nous ", " pas ", " aussi ",
];

struct SpaceBeforePunctuation {
    french_words: FrenchWords,
}

/// The search for [`FRENCH_WORDS`]. Every pattern starts with a space, so the automaton's
/// prefilter stops at every space; Teddy (SIMD over the first bytes of each pattern) scans
/// English text several times faster, and is used wherever the CPU offers it.
enum FrenchWords {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl FrenchWords {
    fn new() -> Self {
        packed::Searcher::new(FRENCH_WORDS).map_or_else(Self::automaton, FrenchWords::Packed)
    }

    /// The portable search, with the packed searcher's leftmost-first matches.
    fn automaton() -> Self {
        FrenchWords::Automaton(
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(FRENCH_WORDS)
                .expect("literal patterns build"),
        )
    }

    /// Whether `bytes` holds at least `count` of the words, counting matches that do not
    /// overlap.
    fn at_least(&self, count: usize, bytes: &[u8]) -> bool {
        let Some(skip) = count.checked_sub(1) else {
            return true;
        };
        match self {
            FrenchWords::Packed(searcher) => searcher.find_iter(bytes).nth(skip).is_some(),
            FrenchWords::Automaton(automaton) => automaton.find_iter(bytes).nth(skip).is_some(),
        }
    }
}

impl Rule for SpaceBeforePunctuation {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let french = OnceCell::new();
        // The line of the latest match, with its French typography once asked: matches come in
        // order, so each line is looked at once, however long it is.
        let (mut line_start, mut line_end, mut scanned) = (0, 0, 0);
        let mut line_french: Option<bool> = None;
        for space in spaces_before_marks(bytes) {
            let mark = bytes[space + 1];
            let start = space
                - bytes[..space]
                    .iter()
                    .rev()
                    .take_while(|&&b| b == b' ')
                    .count();
            if let Some(at) = memchr::memrchr(b'\n', &bytes[scanned.min(start)..start]) {
                line_start = scanned.min(start) + at + 1;
            }
            scanned = space;
            if space >= line_end {
                line_end =
                    memchr::memchr(b'\n', &bytes[space..]).map_or(bytes.len(), |at| space + at);
                line_french = None;
            }
            let Some(before) = text[line_start..start].chars().next_back() else {
                continue;
            };
            if !ends_word(before)
                || (matches!(mark, b'.' | b':') && is_list_label(&text[line_start..start]))
            {
                continue;
            }
            let after = &text[space + 2..];
            let ends = match mark {
                b',' => ends_comma(after),
                b'.' => ends_period(after),
                b';' | b':' => ends_colon(before, after),
                _ => ends_exclamation(after),
            };
            if !ends
                || (matches!(mark, b';' | b':' | b'!' | b'?')
                    && (*line_french.get_or_insert_with(|| {
                        has_french_typography(&bytes[line_start..line_end])
                    }) || *french.get_or_init(|| self.has_french_words(bytes))))
            {
                continue;
            }
            let spaces = Span::new(start, space + 1);
            let title = if spaces.len() == 1 {
                "delete the space"
            } else {
                "delete the spaces"
            };
            reporter.report(
                Diagnostic::new(
                    Span::new(start, space + 2),
                    format!("space before {}", name(mark)),
                )
                .with_fix(Fix::safe_edits(title, vec![Edit::delete(spaces)])),
            );
        }
    }
}

impl SpaceBeforePunctuation {
    /// Whether the document reads as French: three hits among its common function words.
    fn has_french_words(&self, bytes: &[u8]) -> bool {
        self.french_words.at_least(3, bytes)
    }
}

/// Whether a line is set in French style: guillemets, or a no-break space (U+00A0, U+202F)
/// before ; : ! or ?.
fn has_french_typography(line: &[u8]) -> bool {
    if memmem::find(line, "\u{ab}".as_bytes()).is_some()
        || memmem::find(line, "\u{bb}".as_bytes()).is_some()
    {
        return true;
    }
    let spaced_mark = |space: &str| {
        memmem::find_iter(line, space.as_bytes())
            .any(|at| matches!(line.get(at + space.len()), Some(b';' | b':' | b'!' | b'?')))
    };
    spaced_mark("\u{a0}") || spaced_mark("\u{202f}")
}

fn is_mark(b: u8) -> bool {
    (b == b',') | (b == b'.') | (b == b';') | (b == b':') | (b == b'!') | (b == b'?')
}

/// Positions of a space followed by one of the six marks. Each chunk is first tested without
/// branches, which the compiler vectorises; a faster scan than searching for the six pairs.
fn spaces_before_marks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const CHUNK: usize = 32;
    let pair = move |at: usize| bytes[at] == b' ' && is_mark(bytes[at + 1]);
    let pairs = bytes.len().saturating_sub(1);
    (0..pairs).step_by(CHUNK).flat_map(move |from| {
        let to = (from + CHUNK).min(pairs);
        let any = if to - from == CHUNK {
            let window: &[u8; CHUNK + 1] = bytes[from..=to].try_into().expect("a full chunk");
            (0..CHUNK).fold(false, |any, k| {
                any | ((window[k] == b' ') & is_mark(window[k + 1]))
            })
        } else {
            true
        };
        (from..if any { to } else { from }).filter(move |&at| pair(at))
    })
}

fn name(mark: u8) -> &'static str {
    match mark {
        b',' => "comma",
        b'.' => "period",
        b';' => "semicolon",
        b':' => "colon",
        b'!' => "exclamation mark",
        _ => "question mark",
    }
}

/// A character that can end the word a mark belongs to.
fn ends_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            ')' | ']' | '"' | '\'' | '%' | '\u{2019}' | '\u{201d}' | '\u{bb}'
        )
}

/// A line that so far holds only a list or interview label: "1", "12", "a", "Q", "iv".
fn is_list_label(prefix: &str) -> bool {
    let label = prefix.trim_start();
    let count = label.chars().count();
    count == 1 && label.chars().all(char::is_alphanumeric)
        || (1..=3).contains(&count) && label.bytes().all(|b| b.is_ascii_digit())
        || (1..=4).contains(&count) && label.bytes().all(|b| b"ivxIVX".contains(&b))
}

fn is_line_end(c: Option<char>) -> bool {
    c.map_or(true, |c| c == '\n' || c == '\r')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{2019}' | '\u{201d}' | '\u{bb}'
    )
}

fn ends_comma(after: &str) -> bool {
    !after.starts_with(|c: char| c.is_ascii_digit() || c == ',')
}

fn ends_period(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        // ". . ." is a spaced ellipsis.
        Some(' ') => chars.next() != Some('.'),
        next => is_line_end(next) || next.is_some_and(|c| c.is_whitespace() || is_closing(c)),
    }
}

fn ends_colon(before: char, after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        next if is_line_end(next) => true,
        Some(c) if c.is_whitespace() => {
            let rest = chars.as_str().trim_start_matches(' ');
            // "2 : 1" is a score or ratio, ": )" an emoticon.
            let ratio = before.is_ascii_digit() && rest.starts_with(|c: char| c.is_ascii_digit());
            let emoticon = rest.starts_with([')', '(']);
            !ratio && !emoticon
        }
        Some(c) => matches!(c, '"' | '\u{201c}' | '\''),
        None => true,
    }
}

fn ends_exclamation(after: &str) -> bool {
    let next = after.chars().next();
    is_line_end(next)
        || next.is_some_and(|c| c.is_whitespace() || is_closing(c) || c == '!' || c == '?')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn lint(text: &str) -> Vec<String> {
        let rules = vec![crate::ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: (ENTRY.build)(&Default::default()).unwrap(),
        }];
        Linter::new(rules)
            .lint(text)
            .into_iter()
            .map(|d| text[d.span.start..d.span.end].to_owned())
            .collect()
    }

    #[test]
    fn finds_each_mark_with_its_spaces() {
        assert_eq!(
            lint("one , two  . three ; four : five ! six ?\n"),
            [" ,", "  .", " ;", " :", " !", " ?"]
        );
    }

    #[test]
    fn leaves_numbers_domains_ellipses_and_emoticons() {
        assert!(
            lint("a .45 b .com c ... d . . . e :30 f :-) g ;) h !important 2 : 1\n").is_empty()
        );
    }

    #[test]
    fn both_searches_for_french_words_count_alike() {
        let automaton = FrenchWords::automaton();
        let packed = FrenchWords::new();
        let texts = [
            "Il est dans une salle avec nous, qui sont aussi des amis.",
            "des est une dans",
            " des  est  une ",
            "Des Moines est here, but not pas. Les gens sont.",
            "",
        ];
        for text in texts {
            for count in 0..6 {
                assert_eq!(
                    automaton.at_least(count, text.as_bytes()),
                    packed.at_least(count, text.as_bytes()),
                    "{text:?} {count}"
                );
            }
        }
        // Matches share no byte: " des est " is one match, not two.
        assert!(!automaton.at_least(2, b" des est "));
        assert!(automaton.at_least(3, b" des  est  une "));
    }

    #[test]
    fn french_documents_keep_their_spaces_before_high_marks() {
        assert!(lint("Il est parti ; les autres sont dans une salle qui ferme ?\n").is_empty());
        assert_eq!(lint("Il part , dit-il ?\u{a0}!\nWhy ?\n"), [" ,", " ?"]);
    }
}
