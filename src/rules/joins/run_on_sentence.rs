//! `run-on-sentence`: two sentences fused with no full stop between them, mid-paragraph ("The
//! mayor resigned on Friday The council will vote next week"). Candidates are found with one
//! Aho-Corasick pass for " The ", " But ", ...; the document-level evidence is consulted only
//! for the few that pass the local tests.

use aho_corasick::AhoCorasick;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{words, Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

use super::seam::{
    heading_seam, is_acronym, is_possessive, seam_words, starts_upper, titles_elsewhere,
};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| {
        let patterns = seam_words()
            .fused_openers
            .iter()
            .map(|opener| format!(" {opener} "));
        Ok(Box::new(RunOnSentence {
            openers: AhoCorasick::new(patterns).expect("literal patterns build"),
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "run-on-sentence",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "two sentences run together without a full stop",
    docs: RuleDocs {
        what: "Finds a sentence that runs into the next with no punctuation between them: \"The \
               mayor resigned on Friday The council will vote next week\". Every signal below \
               must hold:\n\n\
               - A sentence opener from `fused-openers` in `rules/seams.toml` (\"The\", \"But\", \
               \"However\", \"He\", \"They\", ...) stands capitalised inside a sentence, one \
               space after a word, and the word after it is lowercase (\"The council\", not \
               \"The Hague\").\n\n\
               - The word before it ends a clause: it is not a function word (\"in The \
               Lancet\", \"including\"), a naming verb (\"a book called The art of war\"), a \
               possessive (\"King's It\") or an acronym, nor a name context (\"the film\", \
               \"the show\") when the opener can be a one-word title (\"It\", \"Her\").\n\n\
               - At least three words of the sentence come before the seam and three after it.\n\n\
               - The seam is not inside a quotation opened less than five words before it: a \
               quoted title keeps its capitals (\"Inside The house\"). In longer quoted speech a \
               fused sentence is reported like any other.\n\n\
               - The seam does not end a title: the word after the opener is not \"and\", \"or\" \
               or \"nor\" (\"the show Faking It and the duo\"); the word before it does not \
               follow a name context (\"the show Faking It\"); the last words are not in title \
               case (\"Lord Of The Rings\").\n\n\
               - The document never uses the opener alone as a title inside a sentence \
               (\"the novel It, a bestseller\"), and the two words at the seam never stand side \
               by side elsewhere.\n\n\
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

struct RunOnSentence {
    openers: AhoCorasick,
}

impl Rule for RunOnSentence {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text();
        for found in self.openers.find_iter(text) {
            let gap = Span::new(found.start(), found.start() + 1);
            let opener = Span::new(found.start() + 1, found.end() - 1);
            let Some(left) = fused_seam(doc, gap, opener) else {
                continue;
            };
            let opener_text = doc.slice(opener);
            reporter.report(
                Diagnostic::new(
                    Span::new(left.start, opener.end),
                    "sentence runs into the next without a full stop",
                )
                .with_help(format!(
                    "`{opener_text}` opens a new sentence here, but nothing ends the one before"
                ))
                .with_fix(Fix::unsafe_edits(
                    "end the sentence with a full stop",
                    vec![Edit::replace(gap, ". ")],
                )),
            );
        }
    }
}

/// Bytes of the sentence before a seam that are searched for quotation marks and counted for
/// words: bounds the work per candidate however long the sentence is.
const WINDOW: usize = 600;

/// The least number of words on each side of a fused seam.
const MIN_SIDE_WORDS: usize = 3;

/// The word before the seam when `opener` (after the one-space `gap`) opens a fused sentence.
fn fused_seam(doc: &Document, gap: Span, opener: Span) -> Option<Span> {
    let text = doc.text();
    if !text[opener.end + 1..]
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
    {
        return None;
    }
    let left = word_ending_at(text, gap.start)?;
    let (left_text, opener_text) = (doc.slice(left), doc.slice(opener));
    if seam_words().continues_sentence(left_text, opener_text)
        || is_acronym(left_text)
        || is_possessive(left_text)
    {
        return None;
    }
    let sentences = doc.sentences();
    let sentence = *sentences.get(sentences.partition_point(|s| s.end <= gap.start))?;
    if sentence.start > left.start {
        return None;
    }
    let before = Span::new(
        floor_boundary(text, sentence.start.max(left.start.saturating_sub(WINDOW))),
        left.end,
    );
    let after = Span::new(
        opener.start,
        ceil_boundary(text, sentence.end.min(opener.end + WINDOW)),
    );
    let (before_text, after_text) = (doc.slice(before), doc.slice(after));
    let next = words(after_text, 0)
        .nth(1)
        .map(|span| &after_text[span.start..span.end]);
    if words(before_text, 0).take(MIN_SIDE_WORDS).count() < MIN_SIDE_WORDS
        || words(after_text, 0).take(MIN_SIDE_WORDS).count() < MIN_SIDE_WORDS
        || next.is_some_and(|word| seam_words().is_conjunction(word))
        || in_quoted_title(before_text)
        || in_title(before_text)
        || ends_glued_heading(doc, gap, sentence)
    {
        return None;
    }
    let evidence = doc.evidence();
    (titles_elsewhere(evidence.word(opener_text), false) == 0
        && !evidence.side_by_side_elsewhere(left_text, opener_text))
    .then_some(left)
}

/// The word that ends right at `end`, if a letter or digit stands there.
fn word_ending_at(text: &str, end: usize) -> Option<Span> {
    let from = floor_boundary(text, end.saturating_sub(64));
    words(&text[from..end], from)
        .last()
        .filter(|word| word.end == end)
}

/// The most words between an opening quotation mark and the seam for the quotation to be
/// read as a quoted title ("Inside The house") rather than speech.
const QUOTED_TITLE_WORDS: usize = 5;

/// Whether the seam stands inside a quotation opened a few words before it: a quoted title
/// keeps its own capitals. In longer quoted speech a fused sentence is as wrong as anywhere.
fn in_quoted_title(before: &str) -> bool {
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

enum Quote {
    Opening,
    Closing,
}

/// Whether `c`, between `previous` and `next`, opens or closes a quotation. Straight quotes
/// open after a space or at the start and close otherwise; a straight or curly single quote
/// counts only where it cannot be an apostrophe.
fn quote_kind(c: char, previous: Option<char>, next: Option<char>) -> Option<Quote> {
    let after_space = previous.map_or(true, char::is_whitespace);
    let before_letter = next.is_some_and(char::is_alphanumeric);
    match c {
        '\u{201c}' | '\u{201e}' | '\u{ab}' => Some(Quote::Opening),
        '\u{201d}' | '\u{bb}' => Some(Quote::Closing),
        '"' if after_space => Some(Quote::Opening),
        '"' => Some(Quote::Closing),
        '\'' | '\u{2018}' | '\u{2019}' if after_space && before_letter => Some(Quote::Opening),
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
    let lexicon = seam_words();
    let mut last = [""; TITLE_WORDS];
    let mut count = 0;
    for span in words(before, 0).skip(1) {
        last[count % TITLE_WORDS] = &before[span.start..span.end];
        count += 1;
    }
    let newest = |back: usize| (count > back).then(|| last[(count - 1 - back) % TITLE_WORDS]);
    if let (Some(left), Some(before_left)) = (newest(0), newest(1)) {
        if starts_upper(left) && lexicon.introduces_title(before_left) {
            return true;
        }
    }
    let capitalised = last[..count.min(TITLE_WORDS)]
        .iter()
        .filter(|word| starts_upper(word));
    capitalised.clone().count() >= 3
        && capitalised
            .into_iter()
            .any(|word| lexicon.is_function_word(word))
}

/// Whether `merged-heading` reports this seam: the sentence opens a block whose glued
/// subheading ends here.
fn ends_glued_heading(doc: &Document, gap: Span, sentence: Span) -> bool {
    let lines = doc.lines();
    let line = lines.partition_point(|line| line.next <= sentence.start);
    let blocks = doc.blocks();
    let Some(&block) = blocks.get(blocks.partition_point(|block| block.last_line < line)) else {
        return false;
    };
    block.first_line == line
        && lines[line].start == sentence.start
        && heading_seam(doc, block).is_some_and(|seam| seam.gap.start == gap.start)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
