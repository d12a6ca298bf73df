//! `repeated-word`: the same word twice in a row ("the the"), except legitimate doubles ("had
//! had") listed as data in `rules/doubled-words.toml`.
//!
//! Words are compared case-insensitively, only across spaces and tabs: "no, no" is punctuated
//! and fine. A double may cross a line break inside a block (a hard-wrapped paragraph) but never
//! a blank line. Capitalised doubles are usually names ("Bora Bora", "Walla Walla") and are
//! reported only when the word is a common sentence opener ("The The", "In In" in a title-case
//! headline), with an unsafe fix because a band or title may be meant. Prepositions that can
//! close a phrase ("waiting for for years") get an unsafe fix too.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{equal_mask, is_sentence_opener, words, Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options = options.parse::<Options>()?;
        Ok(Box::new(RepeatedWord {
            extra_allowed: options.extend_allowed,
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "repeated-word",
    category: Category::Repetition,
    severity: Severity::Warning,
    fix: FixAvailability::Mixed,
    summary: "a word appears twice in a row",
    docs: RuleDocs {
        what: "Finds a word followed by the same word, ignoring case, with only whitespace \
               (spaces and tabs) between them: \"the the\", \"in in\". Doubles that are \
               grammatical or idiomatic (\"had had\", \"that that\", \"bye bye\", German \
               \"die die\", French \"nous nous\") are listed in `rules/doubled-words.toml` \
               and never reported. Numbers, \
               single letters other than \"a\", doubles separated by punctuation (\"no, no\") \
               and capitalised doubles that look like names (\"Bora Bora\") stay silent. A \
               double across a line break is reported only when the second word is lowercase.",
        why: "A doubled word is a classic slip of editing, and scraping adds its own when two \
              page elements meet. Readers notice it at once.",
        options: "extend-allowed = []: more words whose doubling is fine, added to the \
                  built-in list",
        fix: "Deletes the second word and the whitespace before it (after it, when the double \
              crosses a line break, so lines stay as they are). Safe for lowercase doubles and \
              for a capitalised sentence opener followed by its lowercase copy (\"The the\"). \
              Unsafe when the second word is capitalised (\"The The\"), which could be a name, \
              and for the words listed as `ambiguous` in `rules/doubled-words.toml`, mostly \
              prepositions that can close one phrase and open the next (\"the moment I had \
              waited for for years\").",
    },
    fires: &[
        "The mayor said the the council would vote on Friday.\n",
        "The the storm reached the coast on Monday.\n",
        "Officials were in  in the building when the alarm sounded.\n",
        "Storm Closes The The Coast Road\n",
    ],
    silent: &[
        "He had had enough of the delays, and that that plan failed surprised nobody.\n",
        "\"No, no, no,\" she said.\n",
        "The resort on Bora Bora reopened. Walla Walla voted.\n",
        "The score was 20 20 at half time.\n",
        "The storm reached the\n\nthe coast.\n",
    ],
};

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    extend_allowed: Vec<String>,
}

struct RepeatedWord {
    extra_allowed: Vec<String>,
}

impl Rule for RepeatedWord {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let lines = doc.lines();
        for block in doc.blocks() {
            let mut previous = None;
            for line in &lines[block.first_line..=block.last_line] {
                self.scan_line(doc, line.content(), &mut previous, reporter);
            }
        }
    }
}

impl RepeatedWord {
    /// Checks each pair of neighbouring words in `line`, and its first word against `previous`,
    /// the last word of the line above in the same block; then sets `previous` to this line's
    /// last word.
    ///
    /// Tokens (runs between spaces and tabs) are visited by where they start, found 64 bytes at
    /// a time, and two neighbours are compared by their first two bytes before anything else:
    /// that settles nearly every pair in a few instructions, and only the rest are measured,
    /// trimmed of punctuation at their outer ends and split into words. A double hidden inside
    /// a token ("x.the the") is missed; one split by an odd space is found once
    /// `irregular-whitespace` has made it a plain space.
    fn scan_line(
        &self,
        doc: &Document,
        line: Span,
        previous: &mut Option<Span>,
        reporter: &mut Reporter,
    ) {
        let text = doc.slice(line);
        let bytes = text.as_bytes();
        let token = |start: usize| -> Token { (start, token_end(bytes, start)) };
        let word_at = |token: Token| words(&text[token.0..token.1], line.start + token.0);
        let mut report = |pair: Option<(Span, Span)>| {
            if let Some(diagnostic) = pair.and_then(|(a, b)| self.double(doc, a, b)) {
                reporter.report(diagnostic);
            }
        };
        let above = *previous;
        let mut before: Option<usize> = None;
        for_each_token_start(bytes, |start| {
            match before {
                None => report(above.and_then(|last| Some((last, word_at(token(start)).next()?)))),
                Some(before) if may_start_repeat(bytes, before, start) => {
                    let (before, current) = (token(before), token(start));
                    if may_repeat(text, before, current) {
                        report(word_at(before).last().zip(word_at(current).next()));
                    }
                }
                Some(_) => {}
            }
            before = Some(start);
        });
        *previous = before.and_then(|start| word_at(token(start)).last());
    }

    /// The finding for `first` followed by `second`, if that is a doubled word.
    fn double(&self, doc: &Document, first: Span, second: Span) -> Option<Diagnostic> {
        if first.len() != second.len() {
            return None;
        }
        let gap = doc.slice(Span::new(first.end, second.start));
        let (a, b) = (doc.slice(first), doc.slice(second));
        if !same_word(a, b) || !gap.chars().all(char::is_whitespace) {
            return None;
        }
        let across_lines = gap.contains('\n');
        if b.chars().any(|c| c.is_numeric())
            || (b.chars().nth(1).is_none() && b != "a")
            || self.is_allowed(b)
        {
            return None;
        }
        let capitalised = match (is_capitalised(a), is_capitalised(b)) {
            (false, false) => false,
            (true, false) if is_sentence_opener(a) => false,
            (_, true) if !across_lines && is_sentence_opener(b) => true,
            _ => return None,
        };
        let ambiguous = doubled_words()
            .ambiguous
            .iter()
            .any(|word| same_word(word, b));

        let (span, removed) = if across_lines {
            // Keep the line break: delete the second word and the spaces after it, unless
            // nothing but punctuation follows it on its line.
            let line_end = doc.text()[second.end..]
                .find(['\r', '\n'])
                .map_or(doc.text().len(), |i| second.end + i);
            let rest = &doc.text()[second.end..line_end];
            let spaces = rest.len() - rest.trim_start().len();
            if spaces > 0 && spaces < rest.len() {
                let end = second.end + spaces;
                (Span::new(first.start, end), Span::new(second.start, end))
            } else {
                (
                    Span::new(first.start, second.end),
                    Span::new(first.end, second.end),
                )
            }
        } else {
            (
                Span::new(first.start, second.end),
                Span::new(first.end, second.end),
            )
        };
        let edits = vec![Edit::delete(removed)];
        let title = "delete the repeated word";
        let diagnostic = Diagnostic::new(span, format!("word \"{b}\" is repeated"));
        Some(if capitalised {
            diagnostic
                .with_help("a capitalised double can be a name; check before deleting")
                .with_fix(Fix::unsafe_edits(title, edits))
        } else if ambiguous {
            diagnostic
                .with_help(format!(
                    "right when the first \"{b}\" closes a phrase, as in \"waiting for for \
                     years\"; check before deleting"
                ))
                .with_fix(Fix::unsafe_edits(title, edits))
        } else {
            diagnostic.with_fix(Fix::safe_edits(title, edits))
        })
    }

    fn is_allowed(&self, word: &str) -> bool {
        doubled_words()
            .allowed
            .iter()
            .chain(&self.extra_allowed)
            .any(|allowed| same_word(allowed, word))
    }
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DoubledWords {
    allowed: Vec<String>,
    ambiguous: Vec<String>,
    /// Read by the tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<String>,
}

fn doubled_words() -> &'static DoubledWords {
    static LIST: OnceLock<DoubledWords> = OnceLock::new();
    LIST.get_or_init(|| {
        toml::from_str(include_str!("../../../rules/doubled-words.toml"))
            .expect("rules/doubled-words.toml is valid (checked by tests)")
    })
}

/// Calls `visit` with where each token of a line starts: each byte that is neither a space nor
/// a tab and follows one (or the line's start). Spaces and tabs are found eight bytes at a time
/// and gathered into one bit per byte, 64 bytes to a mask, so the loop over a mask's tokens
/// ends (and mispredicts) once per 64 bytes rather than once per word.
fn for_each_token_start(bytes: &[u8], mut visit: impl FnMut(usize)) {
    // Whether the byte before the current block was a separator: the line's start counts.
    let mut after_separator = 1;
    let mut visit_block = |at: usize, block: &[u8]| {
        let separators = separator_bits(block);
        let mut starts = ((separators << 1) | after_separator) & !separators;
        after_separator = separators >> 63;
        while starts != 0 {
            visit(at + starts.trailing_zeros() as usize);
            starts &= starts - 1;
        }
    };
    let mut blocks = bytes.chunks_exact(64);
    let mut at = 0;
    for block in blocks.by_ref() {
        visit_block(at, block);
        at += 64;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // Padding with spaces starts no token.
        let mut block = [b' '; 64];
        block[..rest.len()].copy_from_slice(rest);
        visit_block(at, &block);
    }
}

/// Bit `i` set when byte `i` of `block` (64 bytes) is a space or a tab.
fn separator_bits(block: &[u8]) -> u64 {
    block
        .chunks_exact(8)
        .enumerate()
        .fold(0, |bits, (i, chunk)| {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let high = equal_mask(x, b' ') | equal_mask(x, b'\t');
            // Gather the eight high bits into one byte.
            let byte = (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            bits | byte << (8 * i)
        })
}

/// Where the token starting at `start` ends: at the next space or tab, or the line's end.
fn token_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .map_or(bytes.len(), |i| start + i)
}

/// A quick look at the tokens starting at `before` and `start`, by their first two bytes: false
/// only where [`may_repeat`] is false too. When the first token starts with a letter or digit
/// it is the whole word, and the second must start with the same byte ignoring ASCII case (as
/// `may_repeat` asks) and then the same second byte, unless the word is one byte long or a
/// second byte is not ASCII (a non-ASCII letter can lowercase to an ASCII one).
fn may_start_repeat(bytes: &[u8], before: usize, start: usize) -> bool {
    let (x, y) = (bytes[before], bytes[start]);
    if !x.is_ascii_alphanumeric() {
        return true;
    }
    if (x ^ y) & !0x20 != 0 {
        return false;
    }
    // `before` is followed by a separator before `start`, so `before + 1` is in the line.
    let x2 = bytes[before + 1];
    let y2 = bytes.get(start + 1).copied().unwrap_or(b' ');
    !x2.is_ascii_alphanumeric() || !y2.is_ascii() || (x2 ^ y2) & !0x20 == 0
}

/// A run of bytes between spaces or tabs, as offsets into a line.
type Token = (usize, usize);

/// Whether two neighbouring tokens may hold the same word, ignoring punctuation before the
/// first and after the second ("(the the)"). Called for every token: byte tests settle nearly
/// every pair before any text is decoded.
fn may_repeat(line: &str, before: Token, token: Token) -> bool {
    let bytes = line.as_bytes();
    let (x, y) = (bytes[before.0], bytes[token.0]);
    // Non-short-circuit operators: these branches are too random to predict.
    let punctuation_after_gap = y.is_ascii() & !y.is_ascii_alphanumeric();
    // First letters differing beyond case, or a second token too short to hold the first when
    // the first has no leading punctuation.
    let differ = x.is_ascii_alphanumeric()
        & (((x ^ y) & !0x20 != 0) | (token.1 - token.0 < before.1 - before.0));
    if punctuation_after_gap | differ {
        return false;
    }
    let not_word = |c: char| !c.is_alphanumeric();
    let a = line[before.0..before.1].trim_start_matches(not_word);
    let b = line[token.0..token.1].trim_end_matches(not_word);
    a.len() == b.len() && !a.is_empty() && same_word(a, b)
}

/// Case-insensitive equality, without allocating.
fn same_word(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.eq_ignore_ascii_case(y) {
        return true;
    }
    // ASCII bytes that differ beyond case settle it; only non-ASCII text needs a closer look.
    (!a.is_ascii() || !b.is_ascii())
        && a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{fix_until_stable, Applicability, FixMode};
    use crate::rule::RuleOptions;

    fn lint_with(options: &str, text: &str) -> Vec<Diagnostic> {
        let rule = (ENTRY.build)(&RuleOptions(toml::from_str(options).unwrap())).unwrap();
        let doc = Document::new(text);
        let mut out = Vec::new();
        rule.check(&doc, &mut Reporter::new(META.name, META.severity, &mut out));
        out
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        lint_with("", text)
    }

    /// The text after applying fixes allowed by `mode`, checking the fix contract on the way.
    fn fixed(text: &str, mode: FixMode) -> String {
        for diagnostic in lint(text) {
            assert!(
                diagnostic.fix_stays_in_reported_spans(text),
                "{diagnostic:?}"
            );
        }
        let outcome = fix_until_stable(text, mode, lint);
        assert!(outcome.not_converged.is_empty());
        outcome.text
    }

    #[test]
    fn the_list_is_lowercase_and_its_examples_stay_silent() {
        let list = doubled_words();
        for word in &list.allowed {
            assert_eq!(word, &word.to_lowercase());
        }
        for text in &list.examples {
            assert_eq!(lint(text), [], "{text:?}");
        }
    }

    #[test]
    fn deletes_the_second_word_and_the_space_before_it() {
        let text = "The mayor said the the council would vote.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "word \"the\" is repeated");
        assert_eq!(&text[found[0].span.start..found[0].span.end], "the the");
        assert_eq!(
            fixed(text, FixMode::SafeOnly),
            "The mayor said the council would vote.\n"
        );
    }

    #[test]
    fn a_sentence_opener_and_its_lowercase_copy_is_safe() {
        assert_eq!(
            fixed(
                "The the storm hit. The end of  of the storm.\n",
                FixMode::SafeOnly
            ),
            "The storm hit. The end of the storm.\n"
        );
    }

    #[test]
    fn a_capitalised_double_is_unsafe_and_only_for_openers() {
        let text = "Storm Closes The The Coast Road\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert_eq!(fixed(text, FixMode::SafeOnly), text);
        assert_eq!(
            fixed(text, FixMode::IncludeUnsafe),
            "Storm Closes The Coast Road\n"
        );
        assert_eq!(
            lint("Fans of Duran Duran and THE THE met in Sing Sing.\n"),
            []
        );
    }

    #[test]
    fn three_in_a_row_leave_one() {
        assert_eq!(
            fixed("It was the the the end.\n", FixMode::SafeOnly),
            "It was the end.\n"
        );
    }

    #[test]
    fn a_double_across_a_line_break_keeps_the_break() {
        assert_eq!(
            fixed(
                "The storm reached the\nthe coast on Monday.\n",
                FixMode::SafeOnly
            ),
            "The storm reached the\ncoast on Monday.\n"
        );
        assert_eq!(
            fixed("They voted for the\r\nthe.\r\n", FixMode::SafeOnly),
            "They voted for the.\r\n"
        );
        // A new line that starts capitalised is usually a new item.
        assert_eq!(lint("Things to do in\nIn the city\n"), []);
    }

    #[test]
    fn stays_silent_on_punctuation_numbers_letters_and_other_languages() {
        for text in [
            "\"No, no, no,\" she said. Bye bye, summer.\n",
            "The vote was 20 20 and then 3.5 5.\n",
            "Grades were A A B. Section I I think.\n",
            "It was the end. The new term began.\n",
            "Die Frau, die die T\u{fc}r \u{f6}ffnete, lachte.\n",
            "Nous nous sommes vus. C'est tr\u{e8}s tr\u{e8}s bien.\n",
            "He said it was \u{2018}the\u{2019} the answer.\n",
            "The resort on Bora Bora and Walla Walla.\n",
        ] {
            assert_eq!(lint(text), [], "{text:?}");
        }
    }

    #[test]
    fn non_ascii_words_compare_case_insensitively() {
        let found = lint("O \u{c9}t\u{e9} \u{e9}t\u{e9} passou.\n");
        assert_eq!(found.len(), 0, "capitalised first copy, not an opener");
        let found = lint("Foi um ver\u{e3}o Ver\u{e3}o quente.\n");
        assert_eq!(found.len(), 0, "capitalised second copy, not an opener");
        assert_eq!(lint("Foi um ver\u{e3}o VER\u{c3}O quente.\n").len(), 0);
        assert_eq!(lint("Foi um ver\u{e3}o ver\u{c3}o quente.\n").len(), 1);
        assert_eq!(lint("Foi um ver\u{e3}o ver\u{e3}o quente.\n").len(), 1);
    }

    #[test]
    fn extend_allowed_adds_words() {
        let text = "They went out out of town.\n";
        assert_eq!(lint(text).len(), 1);
        assert_eq!(lint_with("extend-allowed = [\"out\"]", text), []);
    }

    #[test]
    fn a_preposition_that_may_close_a_phrase_gets_an_unsafe_fix() {
        let text = "It was the moment I had waited for for years.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert_eq!(fixed(text, FixMode::SafeOnly), text);
    }

    #[test]
    fn punctuation_outside_the_pair_does_not_hide_it() {
        assert_eq!(
            fixed(
                "He said \u{201c}the the\u{201d} twice (the the).\n",
                FixMode::SafeOnly
            ),
            "He said \u{201c}the\u{201d} twice (the).\n"
        );
        assert_eq!(
            fixed("It was\tthe\tthe end.\n", FixMode::SafeOnly),
            "It was\tthe end.\n"
        );
    }

    #[test]
    fn token_starts_are_found_64_bytes_at_a_time() {
        let long = "word ".repeat(30) + "\tend";
        for text in [
            "",
            " ",
            "a b\tc",
            "one two  three\tfour five six seven!",
            "\u{a0}x y\u{2009}",
            "        exactly8",
            "exactly8        ",
            "  lead and trail  ",
            long.as_str(),
        ] {
            let expected: Vec<Token> = text
                .split([' ', '\t'])
                .scan(0, |at, token| {
                    let start = *at;
                    *at += token.len() + 1;
                    Some((start, start + token.len()))
                })
                .filter(|(start, end)| start < end)
                .collect();
            let mut found = Vec::new();
            for_each_token_start(text.as_bytes(), |start| {
                found.push((start, token_end(text.as_bytes(), start)));
            });
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn the_quick_look_never_rejects_a_pair_the_full_one_takes() {
        let pairs = [
            "the the",
            "The the",
            "a a,",
            "(the the)",
            "I I",
            "ver\u{e3}o VER\u{c3}O",
            "\u{e9}t\u{e9} \u{e9}t\u{e9}",
            "x. x",
            "to the",
            "ab ac",
            "ab a",
            "k\u{212a} \u{212a}k",
            "ak\u{212a} a\u{212a}k",
        ];
        for pair in pairs {
            let (first, second) = pair.split_once(' ').unwrap();
            let start = first.len() + 1;
            let full = may_repeat(pair, (0, first.len()), (start, start + second.len()));
            let quick = may_start_repeat(pair.as_bytes(), 0, start);
            assert!(quick || !full, "{pair:?}");
        }
        assert!(!may_start_repeat(b"to the", 0, 3));
        assert!(!may_start_repeat(b"ab ac", 0, 3));
    }
}
