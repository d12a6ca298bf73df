//! The document model: a text analysed once into lines, blocks, sentences and folded line keys,
//! all as byte spans into the original text, and shared by every rule.
//!
//! Rules never re-split the text themselves; what they need that more than one rule uses belongs
//! here. The costly views (sentences, folded keys, document-level evidence) are computed on first
//! use, so a run that selects only cheap rules never pays for them.

mod bytes;
mod evidence;
mod fold;
mod glance;
mod line;
mod line_index;
mod sentence;
mod span;
mod words;

use std::sync::OnceLock;

pub(crate) use bytes::{equal_mask, spaces_before_capitals, whitespace_and_non_ascii};
pub(crate) use evidence::is_paragraph;
pub use evidence::{word_key, Evidence, HeadingStyle, Subheading, WordStats, MAX_HEADING_WORDS};
pub use fold::{fold, fold_hash, fold_quote};
pub use glance::Glance;
pub use line::Line;
pub use line_index::{LineIndex, Position};
pub use sentence::{is_abbreviation, is_sentence_opener, sentence_openers};
pub use span::Span;
pub(crate) use words::ascii_word_end;
pub use words::{starts_upper, word_end, words, Words};

const BOM: &str = "\u{feff}";

/// A block: a maximal run of non-blank lines, as indices into [`Document::lines`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub first_line: usize,
    pub last_line: usize,
}

impl Block {
    pub const fn line_count(&self) -> usize {
        self.last_line - self.first_line + 1
    }
}

pub struct Document<'a> {
    text: &'a str,
    lines: Vec<Line>,
    blocks: Vec<Block>,
    sentences: OnceLock<Vec<Span>>,
    line_keys: OnceLock<Vec<u64>>,
    evidence: OnceLock<Evidence>,
    subheadings: OnceLock<Vec<Subheading>>,
    glance: OnceLock<Glance>,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str) -> Self {
        let body_start = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let lines = line::split_lines(text, body_start);
        let blocks = find_blocks(&lines);
        Self {
            text,
            lines,
            blocks,
            sentences: OnceLock::new(),
            line_keys: OnceLock::new(),
            evidence: OnceLock::new(),
            subheadings: OnceLock::new(),
            glance: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }

    /// Every line, in order. A BOM at the very start is not part of the first line.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The content of line `index`, without its terminator.
    pub fn line_text(&self, index: usize) -> &'a str {
        self.slice(self.lines[index].content())
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The span from the first line's start to the last line's content end.
    pub fn block_span(&self, block: Block) -> Span {
        Span::new(
            self.lines[block.first_line].start,
            self.lines[block.last_line].end,
        )
    }

    /// Sentences of every block, in order.
    pub fn sentences(&self) -> &[Span] {
        self.sentences.get_or_init(|| {
            let mut out = Vec::new();
            for &block in &self.blocks {
                sentence::split_sentences(self.text, self.block_span(block), &mut out);
            }
            out
        })
    }

    /// For each line, the hash of its folded text ([`fold_hash`]); 0 for blank lines.
    pub fn line_keys(&self) -> &[u64] {
        self.line_keys.get_or_init(|| {
            self.lines
                .iter()
                .map(|line| {
                    if line.blank {
                        0
                    } else {
                        fold_hash(self.slice(line.content())).max(1)
                    }
                })
                .collect()
        })
    }

    /// What the whole document says about its words ([`Evidence`]): which capitalised words
    /// are names, which words occur in lower case, which word pairs stand side by side.
    /// Gathered on first use, in one pass over the sentences.
    pub fn evidence(&self) -> &Evidence {
        self.evidence.get_or_init(|| Evidence::gather(self))
    }

    /// A glance at a short document whose evidence is not gathered yet ([`Glance`]): facts
    /// that let a rule rule a seam out without the evidence pass. `None` once the evidence is
    /// there, which answers more, and for a document too long to be worth a glance.
    pub fn glance(&self) -> Option<&Glance> {
        (self.evidence.get().is_none() && self.text.len() <= glance::MAX_GLANCE_BYTES)
            .then(|| self.glance.get_or_init(|| Glance::take(self)))
    }

    /// The document's stand-alone subheadings ([`Subheading`]), found on first use from the
    /// blocks alone.
    pub fn subheadings(&self) -> &[Subheading] {
        self.subheadings
            .get_or_init(|| evidence::find_subheadings(self))
    }

    /// The line terminator a fix should use when it inserts a line break: the file's first.
    pub fn line_ending(&self) -> &'static str {
        match self.lines.iter().find(|line| line.has_terminator()) {
            Some(line) if line.next - line.end == 2 => "\r\n",
            _ => "\n",
        }
    }
}

fn find_blocks(lines: &[Line]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        match (line.blank, open) {
            (false, None) => open = Some(index),
            (true, Some(first_line)) => {
                blocks.push(Block {
                    first_line,
                    last_line: index - 1,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(first_line) = open {
        blocks.push(Block {
            first_line,
            last_line: lines.len() - 1,
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_runs_of_non_blank_lines() {
        let doc = Document::new("Title\n\nOne\nTwo\n \nThree\n");
        assert_eq!(
            doc.blocks(),
            [
                Block {
                    first_line: 0,
                    last_line: 0
                },
                Block {
                    first_line: 2,
                    last_line: 3
                },
                Block {
                    first_line: 5,
                    last_line: 5
                }
            ]
        );
    }

    #[test]
    fn leading_bom_is_outside_the_first_line() {
        let doc = Document::new("\u{feff}Hi\r\nthere");
        assert_eq!(doc.line_text(0), "Hi");
        assert_eq!(doc.line_ending(), "\r\n");
    }

    #[test]
    fn sentences_stay_inside_blocks() {
        let doc = Document::new("A heading\n\nOne. Two\nwraps here.\n");
        let sentences: Vec<_> = doc.sentences().iter().map(|&s| doc.slice(s)).collect();
        assert_eq!(sentences, ["A heading", "One.", "Two\nwraps here."]);
    }
}
