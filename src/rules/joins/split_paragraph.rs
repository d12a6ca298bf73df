//! `split-paragraph`: a paragraph cut in two mid-sentence, the rest of the sentence starting the
//! next paragraph ("a maintenance\n\nworkshop employing 120 people").
//!
//! Only the seam between two blocks is looked at, once per pair: the last line of one block
//! and the first line of the next. Lines inside a block are left alone, so hard-wrapped
//! paragraphs are never mistaken for cut ones.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{
    whitespace_and_non_ascii, Block, Document, HeadingStyle, Span, MAX_HEADING_WORDS,
};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(SplitParagraph)),
};

const META: RuleMeta = RuleMeta {
    name: "split-paragraph",
    category: Category::Joins,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "a paragraph is cut mid-sentence and continues in the next paragraph",
    docs: RuleDocs {
        what: "Finds a paragraph that ends without terminal punctuation while the next \
               paragraph carries on its sentence. Two signals count, each alone: the next \
               paragraph opens with a lowercase word (\"the depot would house 40 trams and a \
               maintenance\" / \"workshop employing 120 people\"), or the paragraph ends on a \
               word no sentence ends on (\"the\", \"of\", \"and\", \"their\": `never-last` in \
               `rules/continuations.toml`) and the next one opens with a capital or a digit. \
               A paragraph ending in a comma counts only before a lowercase word, since a \
               letter's salutation (\"Dear Ms Holt,\") ends in one too. It stays silent after \
               anything ending in `.`, `!`, `?`, `\u{2026}`, `:`, `;`, a dash (datelines, \
               \"LONDON \u{2014}\") or a bracket (photo credits); after a heading (a line of up \
               to 12 words with no comma or period, in capitals or in title case: every word \
               capitalised but short ones such as \"of\" or \"for\"), a list item (`-`, `*`, `\u{2022}`, \
               `1.`, `a)`), a byline (\"By \u{2026}\") or a caption (\"Photo:\", \
               \"Credit:\"); next to a list without bullets (two or more one-line \
               paragraphs of four words or fewer in a row); and before a lowercase \
               word that begins a name (\"van Gaal\", \"de Klerk\"), a product (\"iPhone\") or \
               an address (\"www.example.org\").",
        why: "HTML-to-text converters end a paragraph wherever an inline element (a link, a \
              bold name, a footnote marker) breaks the markup, and PDF extraction does the \
              same at column and page breaks. Readers see two broken paragraphs; search \
              snippets and sentence splitters see two half sentences.",
        options: "",
        fix: "Unsafe: joins the two paragraphs into one, replacing the line break, the blank \
              lines between them and any trailing spaces with one space. Nothing else changes, \
              but the cut may have dropped words (often a linked name), which the join cannot \
              bring back, so a person should read the result.",
    },
    fires: &[
        "The depot will house up to 40 trams and a maintenance\n\nworkshop employing 120 people.\n",
        "The vote was delayed until the\n\nCouncil of Europe had reported.\n",
        "On Tuesday the two sides met again,\n\nand talks went on past midnight.\n",
    ],
    silent: &[
        "Tram Depot Approved For Freight Yard\n\nthe council said on Tuesday it would go ahead.\n",
        "LONDON \u{2014}\n\nthe council met.\n\nThe list:\n\nbread and milk\n\neggs\n",
        "Dear Ms Holt,\n\nThank you for your letter.\n\nBy Jane Doe\n\nfor the Chronicle\n",
        "A ferry waits at the pier. (Photo: J. Doe)\n\nthe storm came later.\n",
        "- buy tickets early\n\nonline sales close at noon.\n",
        "The final word went to the coach of the home side, Louis\n\nvan Gaal said it was fair.\n",
        "The new model of the phone went on sale today\n\niPhone sales rose 4%.\n",
        "Bring:\n\nbread\n\nwarm socks\n\nand a torch for the walk back after dark.\n",
    ],
};

struct SplitParagraph;

impl Rule for SplitParagraph {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let blocks = doc.blocks();
        // Asked only at the few seams the glance leaves open, so computed there.
        let short = |k: usize| blocks.get(k).is_some_and(|&b| is_short_block(doc, b));
        let in_list = |k: usize| short(k) && ((k > 0 && short(k - 1)) || short(k + 1));
        for (index, pair) in blocks.windows(2).enumerate() {
            if surely_whole_seam(doc, pair[0], pair[1]) || in_list(index) || in_list(index + 1) {
                continue;
            }
            if let Some(diagnostic) = cut_at_seam(doc, pair[0], pair[1]) {
                reporter.report(diagnostic);
            }
        }
    }
}

/// [`surely_whole`] for the seam between `before` and `after`.
fn surely_whole_seam(doc: &Document, before: Block, after: Block) -> bool {
    let (tail_line, head_line) = (doc.lines()[before.last_line], doc.lines()[after.first_line]);
    surely_whole(doc.text().as_bytes(), tail_line.end, head_line.start)
}

/// Whether the bytes at the seam show at a glance that no sentence runs across it, as
/// [`cut_at_seam`] would find: the paragraph ends in an ASCII mark other than a comma or a
/// quote ("."), or in a plain ASCII word no sentence may end on before an ASCII capital, a
/// digit or a mark. Anything else, a character outside ASCII included, is left to
/// [`cut_at_seam`].
fn surely_whole(text: &[u8], tail_end: usize, head_start: usize) -> bool {
    let Some(last) = text[..tail_end]
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t'..=b'\r'))
    else {
        return false;
    };
    let end = text[last];
    if !end.is_ascii() || matches!(end, b',' | b'"' | b'\'') {
        return false;
    }
    if !end.is_ascii_alphanumeric() {
        return true;
    }
    let Some(&first) = text[head_start..]
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t'..=b'\r'))
    else {
        return false;
    };
    if !first.is_ascii() || first.is_ascii_lowercase() {
        return false;
    }
    let word_start = text[..=last]
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    if word_start > 0 && !text[word_start - 1].is_ascii() {
        return false;
    }
    let word = &text[word_start..=last];
    !continuations()
        .never_last
        .iter()
        .any(|w| w.as_bytes() == word)
}

/// The finding for the seam between `before` and `after`, if a sentence runs across it.
///
/// Seams next to a list of short lines (two or more one-line blocks of four words or fewer in
/// a row) are left alone before this is asked, whatever the lines say. Deciding that from the
/// list as a whole keeps the fix from feeding itself: a join lengthens one line, and a rule
/// that looked at that line's length would then fire on the seam next to it in the next pass,
/// one seam per pass along a list of any length.
fn cut_at_seam(doc: &Document, before: Block, after: Block) -> Option<Diagnostic> {
    let text = doc.text();
    let (tail_line, head_line) = (doc.lines()[before.last_line], doc.lines()[after.first_line]);
    // Read only the bytes at the seam until it looks cut: slicing whole lines would also touch
    // their far ends, a cache miss per paragraph on a large document.
    let up_to_seam = text[..tail_line.end].trim_end();
    let from_seam = text[head_line.start..].trim_start();
    let ending = Ending::of(up_to_seam)?;
    let opening = Opening::of(from_seam)?;
    let why = match (ending, opening) {
        (_, Opening::Lowercase(word)) => {
            format!("the next paragraph starts in lower case with \"{word}\"")
        }
        (Ending::Word(word), Opening::Capital)
            if continuations().never_last.iter().any(|w| w == word) =>
        {
            format!("the paragraph ends on \"{word}\", which no sentence ends on")
        }
        _ => return None,
    };
    let tail_end = up_to_seam.len();
    let head_start = text.len() - from_seam.len();
    let tail = &text[tail_line.start..tail_end];
    let head = &text[head_start..head_line.end];
    if is_heading(tail, before) || is_list_item(tail) || is_byline_or_caption(tail) {
        return None;
    }

    let last_word = tail.rsplit(char::is_whitespace).next().unwrap_or(tail);
    let first_word_len = head.find(char::is_whitespace).unwrap_or(head.len());
    Some(
        Diagnostic::new(
            Span::new(tail_end - last_word.len(), head_start + first_word_len),
            "paragraph is cut mid-sentence",
        )
        .with_help(why)
        .with_fix(Fix::unsafe_edits(
            "join the two paragraphs with one space",
            vec![Edit::replace(Span::new(tail_end, head_start), " ")],
        )),
    )
}

/// How a paragraph's last line ends, when it does not end a sentence.
#[derive(Clone, Copy)]
enum Ending<'a> {
    /// A letter or digit: the last word, lowercase letters only or not.
    Word(&'a str),
    Comma,
}

impl<'a> Ending<'a> {
    /// `tail`: the text up to the end of the paragraph, read backwards only as far as needed.
    fn of(tail: &'a str) -> Option<Self> {
        // A closing quote may follow a cut quotation ("called it \"a disgrace\""); a closing
        // bracket ends photo credits and asides, which are complete.
        let text = tail.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', '\u{bb}']);
        let last = text.chars().next_back()?;
        if last == ',' {
            return Some(Ending::Comma);
        }
        if !last.is_alphanumeric() {
            return None;
        }
        let start = text
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        Some(Ending::Word(&text[start..]))
    }
}

/// How the next paragraph opens, when that may continue a sentence.
enum Opening<'a> {
    /// A lowercase word that is neither part of a name, a product nor an address.
    Lowercase(&'a str),
    /// A capital or a digit.
    Capital,
}

impl<'a> Opening<'a> {
    /// `head`: the text from the start of the paragraph on, read only up to its first space.
    fn of(head: &'a str) -> Option<Self> {
        let first = head.chars().next()?;
        if first.is_uppercase() || first.is_ascii_digit() {
            return Some(Opening::Capital);
        }
        if !first.is_lowercase() {
            return None;
        }
        let token = &head[..head.find(char::is_whitespace).unwrap_or(head.len())];
        let word_len = token
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(token.len());
        let word = &token[..word_len];
        let inner_mark = token
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .contains(['.', '/', '@', ':', '_', '=']);
        if word.chars().any(char::is_uppercase) || inner_mark || begins_name(word, head) {
            return None;
        }
        Some(Opening::Lowercase(word))
    }
}

/// "van Gaal", "de Klerk", "al-Assad": a particle followed by a capitalised part.
fn begins_name(word: &str, head: &str) -> bool {
    continuations().name_particles.iter().any(|p| p == word)
        && head[word.len()..]
            .trim_start_matches([' ', '-', '\''])
            .starts_with(char::is_uppercase)
}

/// A one-line block of at most 12 words, without a comma or a period, in capitals
/// ("LONDON", "PRESS RELEASE") or in title case ("Tram Depot Approved for Freight Yard",
/// "Reaction"; not "Late on Thursday, Ms. Brandt" nor "The Salt Road is at").
fn is_heading(tail: &str, block: Block) -> bool {
    block.line_count() == 1
        && !tail.contains([',', '.', ';'])
        && tail.split_whitespace().nth(MAX_HEADING_WORDS).is_none()
        && (HeadingStyle::of(tail) == Some(HeadingStyle::Upper) || is_title_case(tail))
}

/// Every word capitalised except the short ones title case leaves in lower case
/// (`title-case-minor` in `rules/continuations.toml`), and at least one capitalised.
fn is_title_case(line: &str) -> bool {
    let mut capitalised = false;
    for token in line.split_whitespace() {
        let word = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        match word.chars().next() {
            Some(c) if c.is_uppercase() => capitalised = true,
            Some(c) if c.is_lowercase() => {
                let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !continuations().title_case_minor.iter().any(|m| m == bare) {
                    return false;
                }
            }
            _ => {}
        }
    }
    capitalised
}

fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    match (first, second) {
        (
            Some('-' | '*' | '+' | '\u{2022}' | '\u{b7}' | '\u{2013}' | '\u{2014}' | '\u{25aa}'),
            Some(' '),
        ) => true,
        (Some(c), _) if c.is_ascii_digit() || c.is_alphabetic() => {
            let marker = line.split(' ').next().unwrap_or("");
            let label = marker.trim_end_matches(['.', ')']);
            marker.len() > label.len()
                && (label.chars().all(|c| c.is_ascii_digit()) || label.chars().count() == 1)
        }
        _ => false,
    }
}

fn is_byline_or_caption(line: &str) -> bool {
    (line.starts_with("By ") && line.split_whitespace().count() <= 6)
        || continuations()
            .caption_labels
            .iter()
            .any(|label| line.contains(label.as_str()))
}

/// At most four whitespace-separated tokens; ASCII is read sixteen bytes at a time, and a
/// long line only until its fifth token.
fn is_short(line: &str) -> bool {
    match ascii_tokens_reach(line.as_bytes(), 5) {
        Some(reached) => !reached,
        None => line.split_whitespace().nth(4).is_none(),
    }
}

/// Whether `bytes` holds at least `n` tokens separated by whitespace, as `split_whitespace`
/// counts them; `None` where a chunk of sixteen bytes read before the answer holds a byte
/// outside ASCII, which may be whitespace (U+00A0).
fn ascii_tokens_reach(bytes: &[u8], n: u32) -> Option<bool> {
    let mut count = 0;
    // The line's start counts as whitespace before its first token.
    let mut after_space = true;
    let mut chunks = bytes.chunks_exact(16);
    for chunk in chunks.by_ref() {
        if count_token_starts(chunk.first_chunk()?, &mut count, &mut after_space)? >= n {
            return Some(true);
        }
    }
    // The tail is copied only for the few lines that get this far.
    let mut padded = [b' '; 16];
    padded[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    Some(count_token_starts(&padded, &mut count, &mut after_space)? >= n)
}

/// Adds the tokens starting in `chunk` to `count` and returns it; `None` if a byte of `chunk`
/// is outside ASCII.
fn count_token_starts(chunk: &[u8; 16], count: &mut u32, after_space: &mut bool) -> Option<u32> {
    let (space, non_ascii) = whitespace_and_non_ascii(chunk);
    if non_ascii != 0 {
        return None;
    }
    let starts = !space & (space << 1 | u32::from(*after_space)) & 0xffff;
    *count += starts.count_ones();
    *after_space = space >> 15 & 1 == 1;
    Some(*count)
}

/// A one-line block of four words or fewer.
fn is_short_block(doc: &Document, block: Block) -> bool {
    block.first_line == block.last_line && is_short(doc.line_text(block.first_line))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Continuations {
    never_last: Vec<String>,
    name_particles: Vec<String>,
    caption_labels: Vec<String>,
    title_case_minor: Vec<String>,
}

fn continuations() -> &'static Continuations {
    static LIST: OnceLock<Continuations> = OnceLock::new();
    LIST.get_or_init(|| {
        toml::from_str(include_str!("../../../rules/continuations.toml"))
            .expect("rules/continuations.toml is valid (checked by tests)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn short_lines_as_split_whitespace_counts_them(
            line in "[ab \t\u{b}\u{c}\r\u{1c}\u{a0}\u{e9}\u{2003}]{0,60}"
        ) {
            prop_assert_eq!(is_short(&line), line.split_whitespace().nth(4).is_none());
        }

        #[test]
        fn the_glance_at_a_seam_agrees_with_the_full_look(
            tail in "[a-zA-Z0-9 ,.!?\"')\u{e9}\u{201d}\u{a0}]{1,24}",
            word in "|the|and|of|its|Of|a|an|our|your|thee|\u{e9}the|3",
            quote in "|\"|'|\u{201d}|,|.| |\u{a0}",
            gap in "\n\n|\n \n|\r\n\r\n|\n\n\n",
            head in "[ \u{a0}]{0,2}[a-zA-Z0-9\"'(\u{201c}\u{e9}\u{c9}-][a-zA-Z .]{0,16}",
        ) {
            let text = format!("{tail}{word}{quote}{gap}{head}\n");
            let doc = Document::new(&text);
            let blocks = doc.blocks();
            prop_assume!(blocks.len() == 2);
            let (tail_end, head_start) = (
                doc.lines()[blocks[0].last_line].end,
                doc.lines()[blocks[1].first_line].start,
            );
            if surely_whole(text.as_bytes(), tail_end, head_start) {
                prop_assert!(cut_at_seam(&doc, blocks[0], blocks[1]).is_none());
            }
        }
    }
    use crate::fix::FixMode;
    use crate::rules::testing::{fixed, lint, reported};

    #[test]
    fn a_lowercase_continuation_is_joined_with_one_space() {
        let text = "Title\n\nThe plan adds a maintenance  \n\n\nworkshop for 120 staff.\n";
        assert_eq!(reported(&ENTRY, text), ["maintenance  \n\n\nworkshop"]);
        assert_eq!(
            lint(&ENTRY, text)[0].help.as_deref(),
            Some("the next paragraph starts in lower case with \"workshop\"")
        );
        assert_eq!(
            fixed(&ENTRY, text, FixMode::IncludeUnsafe),
            "Title\n\nThe plan adds a maintenance workshop for 120 staff.\n"
        );
        assert_eq!(fixed(&ENTRY, text, FixMode::SafeOnly), text);
    }

    #[test]
    fn a_multibyte_space_before_the_last_word_is_no_boundary_trouble() {
        let text = "Title\n\nThe council said it would meet\u{a0}again\n\nnext week to vote.\n";
        assert_eq!(reported(&ENTRY, text), ["again\n\nnext"]);
    }

    #[test]
    fn a_word_no_sentence_ends_on_joins_a_capital() {
        let text = "Talks stalled over the\r\n\r\nEuropean rules on fishing quotas.\r\n";
        assert_eq!(reported(&ENTRY, text), ["the\r\n\r\nEuropean"]);
        assert_eq!(
            fixed(&ENTRY, text, FixMode::IncludeUnsafe),
            "Talks stalled over the European rules on fishing quotas.\r\n"
        );
        assert_eq!(
            reported(&ENTRY, "They chose Plan A\n\nThe rest failed.\n"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_capitalised_fragment_with_a_comma_is_no_heading() {
        let text = "Late on Thursday, Ms. Brandt\n\nposted a photograph of the signed deal.\n";
        assert_eq!(reported(&ENTRY, text), ["Brandt\n\nposted"]);
    }

    #[test]
    fn a_fragment_with_lowercase_words_is_no_heading() {
        for (text, seam) in [
            (
                "\u{201c}The Salt Road\u{201d} is at\n\nthe National Theatre until March.\n",
                "at\n\nthe",
            ),
            (
                "VALENCIA \u{2014} El Real Betis es l\u{ed}der de Primera Divisi\u{f3}n por\n\nprimera vez en veinte a\u{f1}os.\n",
                "por\n\nprimera",
            ),
        ] {
            assert_eq!(reported(&ENTRY, text), [seam]);
        }
    }

    #[test]
    fn wrapped_lines_inside_a_paragraph_are_not_cuts() {
        let text =
            "The plan adds a maintenance\nworkshop for 120 staff and\nthe\nCouncil agreed.\n";
        assert_eq!(reported(&ENTRY, text), Vec::<&str>::new());
    }

    #[test]
    fn complete_endings_headings_lists_and_names_stay_silent() {
        for text in [
            "It ended.\n\nthen it began again.\n",
            "The options were:\n\nbread, milk and eggs for the week.\n",
            "Reaction\n\nthe mayor called it a good day for the city.\n",
            "Brandt Wins Vote on Harbour Budget\n\nafter a long night, the council said.\n",
            "\u{201c}Salt Road\u{201d} Opens at the National\n\nto warm reviews from critics.\n",
            "1. Collect the permits\n\nbefore the end of the month, the council said.\n",
            "a) the first option\n\nwas rejected by the board on Friday.\n",
            "The new model went on sale in the spring\n\neBay listings rose 4% in a week.\n",
            "Visit the website of the council for the\n\nwww.example.org/plan lists every stop.\n",
            "He said it was a great day for\n\nThe Times reported.\n",
            "Dear Sir,\n\nI write about the tram.\n",
            "Credit: Photo by the author of the report\n\nlooking over the yard.\n",
        ] {
            assert_eq!(reported(&ENTRY, text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn the_data_file_is_lowercase() {
        let list = continuations();
        for word in list
            .never_last
            .iter()
            .chain(&list.name_particles)
            .chain(&list.title_case_minor)
        {
            assert_eq!(word, &word.to_lowercase());
        }
    }
}
