//! `run-on-sentence`: two sentences fused with no full stop between them, mid-paragraph ("The
//! mayor resigned on Friday The council will vote next week"). Candidates are the capitalised
//! words one space after a word, found with `memchr`; the local tests of `seam::opening` and
//! of this file reject most of them before the document-level evidence is consulted.

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{spaces_before_capitals, word_end, words, Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

use super::ascii_words::{ALNUM, CLASS};
use super::seam::{
    blocked_at_seam, ceil_boundary, floor_boundary, heading_seam, holds_finite_verb,
    introduces_title, is_function_word, may_be_surname_after_place, opening, right_may_open,
    Opening, Place, Seam,
};
use crate::document::{ascii_word_end, starts_upper};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(RunOnSentence)),
};

const META: RuleMeta = RuleMeta {
    name: "run-on-sentence",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "two sentences run together without a full stop",
    docs: RuleDocs {
        what: "Finds a sentence that runs into the next with no punctuation between them: \"The \
               mayor resigned on Friday The council will vote next week\". Candidates are the \
               capitalised words one space after a word inside a sentence; each must pass every \
               test below.\n\n\
               - The word after the seam opens a sentence, on one of these kinds of evidence \
               (named in the finding's help):\n\n\
               - an opener followed by a lowercase word: `fused-openers` in `rules/seams.toml` \
               (\"The\", \"But\", \"However\", \"He\"); `foreign-openers` (\"Les\", \"El\", \
               \"Aber\") after a lowercase word; German articles in a German document, before a \
               capitalised noun too; any other opener of `rules/openers.toml` or \
               `extra-openers` (\"After\", \"Nobody\") or a contraction (\"Don't\", \
               \"That's\", not \"I'm\"). A preposition may open with a place and a comma \
               (\"its peak In Vancouver, it fell\"). The opener is never used alone as a title \
               in the document (\"the novel It, a bestseller\").\n\n\
               - a plural seen in lower case elsewhere (\"analysts\"), capitalised inside a \
               sentence only here, before an auxiliary or a reporting verb (\"the dollar \
               Analysts said\").\n\n\
               - after a complete clause (an auxiliary or reporting verb earlier in the \
               sentence): a title before a full name and a reporting verb (\"two million times \
               Promoter Declan Farrell said\") whose surname opens other sentences, or a \
               surname after a place the document names on its own (\"in Clifden Walsh \
               moved\"). A name after a lowercase word never passes: \"In a statement Google \
               said\", \"the giant Citigroup has\", \"the first time Microsoft has\" are all one \
               sentence.\n\n\
               - The word before the seam ends a clause: it is not a function word (\"in The \
               Lancet\"), a naming verb (\"a book called The art of war\"), a possessive \
               (\"King's It\") or an acronym; after a reporting verb only `fused-openers` pass \
               (\"it said But\", not \"told Today\"); after a name context (\"the film\", \
               \"the hit\") only an opener that is no one-word title and that lowercase words \
               follow.\n\n\
               - At least two words of the sentence come before the seam and two after it.\n\n\
               - The seam is not inside a short quotation that does not end a sentence, as a \
               quoted title is (\"Inside The house\"); in quoted speech a fused sentence is \
               reported like any other.\n\n\
               - The seam does not end a title: the word after the opener is not \"and\", \"or\" \
               or \"nor\" (\"the show Faking It and the duo\"); the word before it does not \
               follow a name context (\"the show Faking It\"); the last words are not in title \
               case (\"Lord Of The Rings\").\n\n\
               - The two words at the seam never stand side by side elsewhere.\n\n\
               - No subheading is involved: when the seam ends a glued subheading at the start \
               of a block, `merged-heading` reports it instead.",
        why: "Scrapers join page elements and drop the punctuation between them, and feeds \
              lose a full stop where an inline element ended a sentence. The fused sentence \
              reads as nonsense and defeats sentence-level tools (search snippets, \
              summaries, text-to-speech).",
        options: "",
        fix: "Unsafe: replaces the space before the opener with \". \". It is unsafe because \
              the right mark may be another (a colon, a question mark) and because a title in \
              capitals can still look like a new sentence.",
    },
    fires: &[
        "The mayor resigned on Friday The council will vote next week on a successor.\n",
        "Rain fell all night over the hills. Roads flooded near the river But the bridge held \
         until morning.\n",
        "Depot plans go ahead\n\n\
         Councillors approved the depot on Tuesday after a long debate.\n\n\
         What comes next\n\n\
         The minister signed the order in April The council must now hire a builder.\n",
    ],
    silent: &[
        "She told The Times on Monday that the plan was ready.\n",
        "They met in The Hague last week to sign the treaty.\n",
        "Critics said the film Gone With The Wind was too long for a school trip.\n",
        "The show \u{201c}Inside The house\u{201d} returns on Friday night.\n",
        "The mayor resigned on Friday The Council will vote next week.\n",
        "The film It, a horror story, opened in May. Critics said the remake It was better \
         than the first.\n",
    ],
};

struct RunOnSentence;

impl Rule for RunOnSentence {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let sentences = doc.sentences();
        let mut sentence_index = 0;
        for (left, right) in seam_candidates(doc) {
            while sentences
                .get(sentence_index)
                .is_some_and(|s| s.end <= left.end)
            {
                sentence_index += 1;
            }
            let Some(&sentence) = sentences.get(sentence_index) else {
                break;
            };
            if sentence.start > left.start {
                continue;
            }
            let seam = Seam::in_sentence(doc, left, right);
            let Some(kind) = is_fused(doc, &seam, sentence) else {
                continue;
            };
            let opener = doc.slice(right);
            reporter.report(
                Diagnostic::new(
                    Span::new(left.start, right.end),
                    "sentence runs into the next without a full stop",
                )
                .with_help(format!(
                    "{}; a full stop is missing before it",
                    kind.evidence(opener)
                ))
                .with_fix(Fix::unsafe_edits(
                    "end the sentence with a full stop",
                    vec![Edit::replace(seam.gap(), ". ")],
                )),
            );
        }
    }
}

/// The seams worth a closer look, as (word before, capitalised word): a capitalised word one
/// space after a word ending in a letter or digit (found sixteen bytes at a time), one space
/// before a word that starts with a letter, of a kind that can open a sentence inside one
/// (`seam::worth_judging`), and not ruled out by the two words at once ([`blocked_at_seam`]).
/// Names are the commonest capitalised words inside sentences, so this filter, on bytes and
/// word lists alone, spares nearly all of them the full judgement. The capitalised word
/// decides most candidates alone, so the word before it is found only when needed.
fn seam_candidates<'a>(doc: &'a Document<'a>) -> impl Iterator<Item = (Span, Span)> + 'a {
    let text = doc.text();
    let bytes = text.as_bytes();
    spaces_before_capitals(bytes).filter_map(move |space| {
        let right_start = space + 1;
        // The scan found an ASCII capital or a byte outside ASCII after the space, and an
        // ASCII letter or digit or a byte outside ASCII before it: only the latter need a look.
        let (first, last) = (bytes[right_start], bytes[space - 1]);
        if (!first.is_ascii() && !text[right_start..].chars().next()?.is_uppercase())
            || (!last.is_ascii() && !text[..space].chars().next_back()?.is_alphanumeric())
        {
            return None;
        }
        let right_end = first
            .is_ascii()
            .then(|| ascii_word_end(bytes, right_start))
            .flatten();
        let right = Span::new(
            right_start,
            right_end.unwrap_or_else(|| word_end(text, right_start)),
        );
        if bytes.get(right.end) != Some(&b' ') {
            return None;
        }
        let next = text[right.end + 1..].chars().next()?;
        if !next.is_alphabetic() {
            return None;
        }
        let right_word = &text[right.start..right.end];
        let opens_alone = right_may_open(right_word, next);
        if !opens_alone && !next.is_lowercase() {
            return None;
        }
        let left = word_before(text, space)?;
        let left_word = &text[left.start..left.end];
        // Only a surname after a place passes without an opener, and a place is capitalised:
        // most seams stop here, before the word lists.
        if !opens_alone && !starts_upper(left_word) {
            return None;
        }
        (!blocked_at_seam(left_word, right_word, false)
            && (opens_alone || may_be_surname_after_place(doc, left_word, right_word)))
        .then_some((left, right))
    })
}

/// The word that ends right at `end`, as [`words`] finds it: ASCII words are found by walking
/// back over letters, digits and inner joiners; anything else through [`words`] on a short
/// window.
fn word_before(text: &str, end: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    let mut start = end;
    while start > 0 {
        start = bytes[..start]
            .iter()
            .rposition(|&b| CLASS[usize::from(b)] != ALNUM)
            .map_or(0, |i| i + 1);
        let Some(&b) = start.checked_sub(1).map(|i| &bytes[i]) else {
            break;
        };
        let joiner = (b == b'\'' || b == b'-') && start >= 2 && start < end;
        if joiner && bytes[start - 2].is_ascii_alphanumeric() {
            start -= 1;
        } else if b >= 0x80 || (joiner && bytes[start - 2] >= 0x80) {
            let from = floor_boundary(text, end.saturating_sub(64));
            return words(&text[from..end], from)
                .last()
                .filter(|word| word.end == end);
        } else {
            break;
        }
    }
    (start < end).then(|| Span::new(start, end))
}

/// Bytes of the sentence before a seam that are searched for quotation marks and counted for
/// words: bounds the work per candidate however long the sentence is.
const WINDOW: usize = 600;

/// The least number of words on each side of a fused seam.
const MIN_SIDE_WORDS: usize = 2;

/// Whether the seam joins two sentences, and on what evidence: see the rule's docs for the
/// signals. The word tests of [`opening`] reject most candidates, so they run before the tests
/// that read the sentence around the seam. `sentence` is the first sentence that ends after
/// the seam's left word, and starts at or before it.
fn is_fused(doc: &Document, seam: &Seam, sentence: Span) -> Option<Opening> {
    let text = doc.text();
    let kind = opening(doc, seam, Place::Sentence)?;
    let before = Span::new(
        floor_boundary(
            text,
            sentence.start.max(seam.left.start.saturating_sub(WINDOW)),
        ),
        seam.left.end,
    );
    let after = Span::new(
        seam.right.start,
        ceil_boundary(text, sentence.end.min(seam.right.end + WINDOW)),
    );
    let (before_text, after_text) = (doc.slice(before), doc.slice(after));
    let needs_clause = matches!(kind, Opening::NameRun | Opening::NameAfterName);
    let fused = words(before_text, 0).take(MIN_SIDE_WORDS).count() == MIN_SIDE_WORDS
        && words(after_text, 0).take(MIN_SIDE_WORDS).count() == MIN_SIDE_WORDS
        && (!needs_clause || holds_finite_verb(before_text))
        && !in_quoted_title(before_text, after_text)
        && !in_title(before_text)
        && !ends_glued_heading(doc, seam, sentence);
    fused.then_some(kind)
}

/// The most words a quoted title has on either side of a seam inside it.
const QUOTED_TITLE_WORDS: usize = 5;

/// Whether the seam stands inside a short quotation that does not end a sentence, as a quoted
/// title does ("the show \u{201c}Inside The house\u{201d}"): titles keep their own capitals. In
/// quoted speech (\u{201c}One down Many to go.\u{201d}) a fused sentence is reported like any other.
fn in_quoted_title(before: &str, after: &str) -> bool {
    opened_shortly_before(before) && closes_shortly_after_without_full_stop(after)
}

fn opened_shortly_before(before: &str) -> bool {
    let mut words_seen = 0;
    let mut in_word = false;
    let mut chars = before.char_indices().rev().peekable();
    while let Some((at, c)) = chars.next() {
        let previous = chars.peek().map(|&(_, p)| p);
        let next = before[at + c.len_utf8()..].chars().next();
        match quote_kind(c, previous, next) {
            Some(Quote::Opening) => return true,
            Some(Quote::Closing) => return false,
            None => {}
        }
        let word_char = c.is_alphanumeric();
        if word_char && !in_word {
            in_word = true;
        } else if !word_char && in_word {
            in_word = false;
            words_seen += 1;
            if words_seen >= QUOTED_TITLE_WORDS {
                return false;
            }
        }
    }
    false
}

fn closes_shortly_after_without_full_stop(after: &str) -> bool {
    let mut words_seen = 0;
    let mut in_word = false;
    let mut previous = None;
    let mut chars = after.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(Quote::Closing) = quote_kind(c, previous, chars.peek().copied()) {
            let ends_sentence =
                |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | '!' | '?' | '\u{2026}'));
            return !ends_sentence(previous) && !ends_sentence(chars.peek().copied());
        }
        let word_char = c.is_alphanumeric();
        if word_char && !in_word {
            in_word = true;
            words_seen += 1;
            if words_seen > QUOTED_TITLE_WORDS {
                return false;
            }
        } else if !word_char {
            in_word = false;
        }
        previous = Some(c);
    }
    false
}

enum Quote {
    Opening,
    Closing,
}

/// Whether `c`, between `previous` and `next`, opens or closes a quotation. Straight quotes
/// open after a space or at the start and close otherwise; a single quote counts as opening
/// only where it cannot be an apostrophe, and as closing only before a space or punctuation.
fn quote_kind(c: char, previous: Option<char>, next: Option<char>) -> Option<Quote> {
    let after_space = previous.map_or(true, char::is_whitespace);
    let before_letter = next.is_some_and(char::is_alphanumeric);
    match c {
        '\u{201c}' | '\u{201e}' | '\u{ab}' => Some(Quote::Opening),
        '\u{201d}' | '\u{bb}' => Some(Quote::Closing),
        '"' if after_space => Some(Quote::Opening),
        '"' => Some(Quote::Closing),
        '\'' | '\u{2018}' | '\u{2019}' if after_space && before_letter => Some(Quote::Opening),
        '\'' | '\u{2019}' if !after_space && !before_letter => Some(Quote::Closing),
        _ => None,
    }
}

/// The words before the seam looked at for title case.
const TITLE_WORDS: usize = 5;

/// Whether the seam ends a title: a capitalised word right after a name context starts the
/// title ("the show Faking It"), or the last words are in title case: of the last five (the
/// sentence's first word aside), at least three are capitalised and one of those is a function
/// word ("Lord Of The Rings").
fn in_title(before: &str) -> bool {
    let mut last = [""; TITLE_WORDS];
    let mut count = 0;
    for span in words(before, 0).skip(1) {
        last[count % TITLE_WORDS] = &before[span.start..span.end];
        count += 1;
    }
    let newest = |back: usize| (count > back).then(|| last[(count - 1 - back) % TITLE_WORDS]);
    if let (Some(left), Some(before_left)) = (newest(0), newest(1)) {
        if starts_upper(left) && introduces_title(before_left) {
            return true;
        }
    }
    let capitalised = last[..count.min(TITLE_WORDS)]
        .iter()
        .filter(|word| starts_upper(word));
    capitalised.clone().count() >= 3 && capitalised.into_iter().any(|word| is_function_word(word))
}

/// Whether `merged-heading` reports this seam: the sentence opens a block whose glued
/// subheading ends here.
fn ends_glued_heading(doc: &Document, seam: &Seam, sentence: Span) -> bool {
    let lines = doc.lines();
    let line = lines.partition_point(|line| line.next <= sentence.start);
    let blocks = doc.blocks();
    let Some(&block) = blocks.get(blocks.partition_point(|block| block.last_line < line)) else {
        return false;
    };
    block.first_line == line
        && lines[line].start == sentence.start
        && heading_seam(doc, block).is_some_and(|heading| heading.gap == seam.gap())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The candidates as first written: the word before found first, then every test on the
    /// two words.
    fn reference_candidates(doc: &Document) -> Vec<(Span, Span)> {
        let text = doc.text();
        let bytes = text.as_bytes();
        spaces_before_capitals(bytes)
            .filter_map(|space| {
                let right_start = space + 1;
                if !text[right_start..].chars().next()?.is_uppercase()
                    || !text[..space].chars().next_back()?.is_alphanumeric()
                {
                    return None;
                }
                let right = Span::new(right_start, word_end(text, right_start));
                if bytes.get(right.end) != Some(&b' ') {
                    return None;
                }
                let next = text[right.end + 1..].chars().next()?;
                if !next.is_alphabetic() {
                    return None;
                }
                let left = word_before(text, space)?;
                let (left_word, right_word) = (doc.slice(left), doc.slice(right));
                (super::super::seam::worth_judging(doc, left_word, right_word, next)
                    && !blocked_at_seam(left_word, right_word, false))
                .then_some((left, right))
            })
            .collect()
    }

    const PIECES: &[&str] = &[
        "The",
        "But",
        "He",
        "After",
        "Don't",
        "Les",
        "L'année",
        "Analysts",
        "Minister",
        "Walsh",
        "Clifden",
        "Padraig",
        "BBC",
        "King's",
        "Brown",
        "Mali",
        "the",
        "in",
        "said",
        "was",
        "called",
        "film",
        "analysts",
        "music",
        "Friday",
        "\u{c9}mile",
        "\u{e9}t\u{e9}",
        "3",
    ];

    proptest! {
        #[test]
        fn candidates_agree_with_the_reference(
            pieces in prop::collection::vec(
                (prop::sample::select(PIECES), prop::sample::select(&[" ", " ", " ", ". ", ", ", "\n\n"][..])),
                0..60,
            )
        ) {
            let text: String = pieces.iter().flat_map(|(word, gap)| [*word, *gap]).collect();
            let doc = Document::new(&text);
            prop_assert_eq!(seam_candidates(&doc).collect::<Vec<_>>(), reference_candidates(&doc));
        }

        #[test]
        fn word_before_agrees_with_words(text in "[a-zA-Z0-9 '\\-.\u{e9}\u{2019}]{1,30}") {
            let end = text.len();
            let expected = words(&text, 0).last().filter(|word| word.end == end);
            prop_assert_eq!(word_before(&text, end), expected);
        }
    }

    #[test]
    fn word_before_a_non_ascii_letter_and_a_joiner() {
        assert_eq!(word_before("\u{e9}'A", 4), Some(Span::new(0, 4)));
        assert_eq!(word_before("x -A", 4), Some(Span::new(3, 4)));
    }

    #[test]
    fn candidates_skip_names_that_cannot_open_a_sentence() {
        let text = "Fans met Gordon Brown at the hall on Friday The vote followed. Crowds in \
                    Clifden waited, and in Clifden the band played. Padraig Walsh sang. Walsh \
                    said so. Life in Clifden Walsh moved on.";
        let doc = Document::new(text);
        let found: Vec<_> = seam_candidates(&doc)
            .map(|(left, right)| (&text[left.start..left.end], &text[right.start..right.end]))
            .collect();
        assert_eq!(found, [("Friday", "The"), ("Clifden", "Walsh")]);
    }
}
