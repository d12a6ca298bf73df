//! Just enough text structure to choose injection sites: paragraphs, words and safe sentence
//! seams. Deliberately simpler than the library's document model, so the generator does not
//! share the blind spots of the rules it measures.

use std::ops::Range;

/// A run of non-blank lines; `end` is the offset of its final line terminator.
#[derive(Clone)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub single_line: bool,
    pub ends_sentence: bool,
}

impl Paragraph {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut current: Option<Paragraph> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.trim().is_empty() {
            out.extend(current.take());
        } else if let Some(para) = current.as_mut() {
            para.end = offset + body.len();
            para.single_line = false;
        } else {
            current = Some(Paragraph {
                start: offset,
                end: offset + body.len(),
                single_line: true,
                ends_sentence: false,
            });
        }
        offset += line.len();
    }
    out.extend(current);
    for para in &mut out {
        para.ends_sentence = para
            .text(text)
            .ends_with(['.', '!', '?', '…', '”', '"', '’', '\'', ')']);
    }
    out
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Words as byte ranges: letters and digits, with apostrophes and hyphens inside them.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        let in_word = c.is_alphanumeric() || (start.is_some() && is_joiner(c) && next_is_word);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out.extend(start.map(|s| s..text.len()));
    out
}

/// Offsets of full stops that certainly end a sentence: after a lowercase word of four or more
/// letters (never an abbreviation or an initial), before a space and a capitalised word.
pub fn sentence_breaks(text: &str) -> Vec<usize> {
    text.match_indices(". ")
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = &text[..i];
            let word_start = before
                .trim_end_matches(|c: char| c.is_ascii_lowercase())
                .len();
            let word = &before[word_start..];
            let after = &text.as_bytes()[i + 2..];
            word.len() >= 4
                && after.len() >= 2
                && after[0].is_ascii_uppercase()
                && after[1].is_ascii_lowercase()
        })
        .collect()
}
