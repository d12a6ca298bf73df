//! `long-sentence`: a sentence of more than 60 words (configurable), from the document's
//! abbreviation-aware sentences.
//!
//! Sentences may cross line breaks inside a block, which is right for hard-wrapped prose and
//! wrong for a list or a table whose rows end without punctuation. So a line break counts as
//! a sentence boundary here unless it looks like a wrap: the next line's first word would not
//! have fitted on the line before, in a block where some line starts in lower case. Counting is
//! cheap: a sentence too short in bytes, or with fewer spaces than the limit, is passed over
//! without a look at its words, and only the rare long one is split into lines and words.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options = options.parse::<Options>()?;
        Ok(Box::new(LongSentence {
            max_words: options.max_words,
        }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "long-sentence",
    category: Category::Joins,
    severity: Severity::Info,
    fix: FixAvailability::None,
    summary: "a sentence has more than 60 words",
    docs: RuleDocs {
        what: "Finds a sentence of more than `max-words` words (60 by default). Sentences come \
               from the document's segmenter, which knows abbreviations (\"Maj. Gen.\", \
               \"U.S.\", \"3.5\", \"p.m.\" do not end a sentence). A word is a \
               whitespace-separated token holding a letter or a digit, so a dash standing \
               alone does not count. A line break ends the sentence for this count unless it \
               wraps prose: some line of the block starts in lower case, the block is at least 40 characters wide, the line does not end in \
               `.`, `!`, `?`, `:` or `;`, the next line is no list item, and the next line's first word would not have fitted on the line before \
               (a wrapping tool breaks only there). So rows of a list or a table that lack \
               final punctuation are counted one by one, not as one long sentence. A list \
               run into one line (a comma or semicolon for every four words or fewer, as in a \
               team sheet) is not reported either.",
        why: "Scraping fuses sentences when it drops the full stop or the space between two \
              page elements, and the fused result is often simply very long. A long sentence \
              is worth a look even when nothing was lost: news style keeps them short. It is \
              information, not a warning, because long sentences can be deliberate.",
        options: "max-words = 60: the most words a sentence may have before it is reported",
        fix: "None: where to split a long sentence, or whether to, takes a person.",
    },
    fires: &[
        "The council said on Tuesday that the tram depot, which will be built on the site of \
         a disused freight yard in the south of the city and will house up to forty trams \
         and a maintenance workshop employing about one hundred and twenty people, would \
         open in 2031 if the national government confirmed its share of the funding before \
         the end of the year and the contractor kept to its timetable.\n",
    ],
    silent: &[
        "The council approved the depot on Tuesday. It will house forty trams and a workshop \
         employing about 120 people, the council said. Work starts next spring and the first \
         trams are due in 2031, a year later than planned. Maj. Gen. Ana Ortiz of the U.S. \
         Army, who visited at 9 a.m., said costs rose 3.5 per cent.\n",
        "Results\nAlder 3 Birch 1\nCedar 2 Dogwood 2\nElm 0 Fir 4\nGorse 1 Hazel 1\n\
         Ivy 2 Juniper 0\nLarch 5 Maple 1\nOak 1 Pine 2\nRowan 3 Spruce 3\nTeak 0 Umber 1\n\
         Vine 2 Willow 2\nYew 1 Zelkova 0\nAsh 2 Beech 1\nCherry 0 Damson 3\n",
    ],
};

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    max_words: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { max_words: 60 }
    }
}

struct LongSentence {
    max_words: usize,
}

impl Rule for LongSentence {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        for &sentence in doc.sentences() {
            self.check_sentence(doc, sentence, reporter);
        }
    }
}

impl LongSentence {
    fn check_sentence(&self, doc: &Document, sentence: Span, reporter: &mut Reporter) {
        // A word takes a byte and a separator, so a short sentence cannot be too long; nor
        // can one with fewer gaps between tokens than the limit.
        if sentence.len() <= 2 * self.max_words
            || count_gaps(doc.slice(sentence).as_bytes()) < self.max_words
        {
            return;
        }
        for part in self.parts(doc, sentence) {
            let text = doc.slice(part);
            let words = count_words(text);
            if words > self.max_words && !is_inline_list(text, words) {
                reporter.report(
                    Diagnostic::new(
                        part,
                        format!("sentence has {words} words, more than {}", self.max_words),
                    )
                    .with_help("split it, or check whether a full stop went missing"),
                );
            }
        }
    }

    /// The sentence cut at the line breaks that end a list or table row rather than wrap a
    /// line of prose.
    fn parts(&self, doc: &Document, sentence: Span) -> Vec<Span> {
        let lines = doc.lines();
        let first = lines.partition_point(|line| line.next <= sentence.start);
        let last = lines.partition_point(|line| line.start < sentence.end) - 1;
        if first >= last {
            return vec![sentence];
        }
        let blocks = doc.blocks();
        let block = blocks[blocks.partition_point(|block| block.last_line < first)];
        let widest = (block.first_line..=block.last_line)
            .map(|index| width(doc.line_text(index)))
            .max()
            .unwrap_or(0);
        let prose = (block.first_line + 1..=block.last_line)
            .any(|index| doc.line_text(index).starts_with(char::is_lowercase));
        let mut parts = Vec::new();
        let mut start = sentence.start;
        for index in first..last {
            if !(prose && is_wrap(doc.line_text(index), doc.line_text(index + 1), widest)) {
                parts.push(Span::new(start, lines[index].end));
                start = lines[index + 1].start;
            }
        }
        parts.push(Span::new(start, sentence.end));
        parts
    }
}

/// Whether the break between `line` and `next` wraps prose: the block is at least 40
/// characters wide, `line` does not end in `.`, `!`, `?`, `:` or `;`, `next` is no list item,
/// and its first word would not have fitted on `line`
/// (a wrapping tool breaks only there). Rows of a table or a list fail the last test, as
/// their next row's first word would fit after them.
fn is_wrap(line: &str, next: &str, widest: usize) -> bool {
    let next = next.trim_start();
    let first_word = width(next.split(char::is_whitespace).next().unwrap_or(""));
    widest >= 40
        && !line.trim_end().ends_with(['.', '!', '?', ':', ';'])
        && !is_list_item(next)
        && width(line) + 1 + first_word > widest
}

fn width(line: &str) -> usize {
    let line = line.trim_end();
    if line.is_ascii() {
        line.len()
    } else {
        line.chars().count()
    }
}

fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        (Some('-' | '*' | '+' | '\u{2022}' | '\u{b7}' | '\u{2013}' | '\u{2014}'), Some(' ')) => {
            true
        }
        (Some(c), _) if c.is_ascii_digit() => {
            let marker = line.split(' ').next().unwrap_or("");
            let number = marker.trim_end_matches(['.', ')']);
            marker.len() > number.len() && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// Spaces and line breaks, counted without branches: with AVX2 and POPCNT as a bit mask per
/// 32 bytes, the last chunk overlapping the one before rather than counted byte by byte;
/// elsewhere into byte-wide sums (255 bytes at a time, so they cannot overflow), which the
/// compiler turns into vector compares and adds.
fn count_gaps(bytes: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
    {
        // SAFETY: the running CPU reports AVX2 and POPCNT.
        return unsafe { count_gaps_avx2(bytes) };
    }
    count_gaps_portable(bytes)
}

/// [`count_gaps`] for CPUs with AVX2 and POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn count_gaps_avx2(bytes: &[u8]) -> usize {
    let Some(last) = bytes.last_chunk::<GAP_CHUNK>() else {
        return count_gaps_portable(bytes);
    };
    let mut chunks = bytes.chunks_exact(GAP_CHUNK);
    let mut gaps = 0;
    for chunk in chunks.by_ref() {
        gaps += chunk
            .first_chunk()
            .map_or(0, |chunk| gap_mask(chunk).count_ones());
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        // The last `rest` bytes are the top bits of the last chunk's mask.
        gaps += (gap_mask(last) >> (GAP_CHUNK - rest)).count_ones();
    }
    gaps as usize
}

/// The bytes [`gap_mask`] tests at once.
#[cfg(target_arch = "x86_64")]
const GAP_CHUNK: usize = 32;

/// Bit `i` set for a space or a line feed at `chunk[i]`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn gap_mask(chunk: &[u8; GAP_CHUNK]) -> u32 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    let v = _mm256_loadu_si256(chunk.as_ptr().cast());
    let space = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b' ' as i8));
    let newline = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b'\n' as i8));
    _mm256_movemask_epi8(_mm256_or_si256(space, newline)) as u32
}

#[inline(always)]
fn count_gaps_portable(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let gaps = chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from((b == b' ') | (b == b'\n')));
            usize::from(gaps)
        })
        .sum()
}

/// A list run into one sentence, such as a team sheet ("Mike Blair (Edinburgh), Andy Craig
/// (Glasgow), ..."): a comma or semicolon for every four words or fewer. Prose has far fewer.
fn is_inline_list(text: &str, words: usize) -> bool {
    memchr::memchr2_iter(b',', b';', text.as_bytes()).count() * 4 >= words
}

/// Whitespace-separated tokens holding at least one letter or digit.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| {
            token.bytes().any(|b| b.is_ascii_alphanumeric())
                || (!token.is_ascii() && token.chars().any(char::is_alphanumeric))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{lint, linter, reported};

    /// A sentence of `n` words.
    fn sentence(n: usize) -> String {
        let mut words: Vec<&str> = ["The", "council", "said"].into_iter().collect();
        while words.len() < n {
            words.push(["that", "the", "tram", "would", "run", "late"][words.len() % 6]);
        }
        format!("{}.", words.join(" "))
    }

    #[test]
    fn counts_words_and_reports_the_sentence() {
        let text = format!("Short one. {} Another short one.\n", sentence(61));
        let found = lint(&ENTRY, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "sentence has 61 words, more than 60");
        assert_eq!(&text[found[0].span.start..found[0].span.end], sentence(61));
        assert_eq!(found[0].fix, None);
        assert_eq!(
            reported(&ENTRY, &format!("{}\n", sentence(60))),
            Vec::<&str>::new()
        );
    }

    proptest::proptest! {
        #[test]
        fn the_chunked_count_agrees_with_a_byte_count(text in "[a \n\t\r\u{e9}]{0,200}") {
            let plain = text.bytes().filter(|&b| b == b' ' || b == b'\n').count();
            proptest::prop_assert_eq!(count_gaps(text.as_bytes()), plain);
            proptest::prop_assert_eq!(count_gaps_portable(text.as_bytes()), plain);
        }
    }

    #[test]
    fn gaps_are_counted_across_chunks() {
        let text = format!("{}\n{}", "a ".repeat(300), "b\n".repeat(10));
        assert_eq!(count_gaps(text.as_bytes()), 311);
        assert_eq!(count_gaps_portable(text.as_bytes()), 311);
    }

    #[test]
    fn max_words_is_configurable() {
        let text = format!("{}\n", sentence(30));
        assert_eq!(linter(&ENTRY, "max-words = 29").lint(&text).len(), 1);
        assert!(linter(&ENTRY, "max-words = 30").lint(&text).is_empty());
    }

    #[test]
    fn dashes_standing_alone_are_not_words() {
        let text = format!("{} \u{2014} - \u{2013}\n", sentence(60));
        assert_eq!(reported(&ENTRY, &text), Vec::<&str>::new());
    }

    #[test]
    fn a_hard_wrapped_sentence_counts_across_its_lines() {
        let long = sentence(70);
        let mut wrapped = String::new();
        let mut width = 0;
        for word in long.split(' ') {
            if width + word.len() > 60 {
                wrapped.push('\n');
                width = 0;
            } else if width > 0 {
                wrapped.push(' ');
                width += 1;
            }
            wrapped.push_str(word);
            width += word.len();
        }
        let found = lint(&ENTRY, &format!("{wrapped}\n"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "sentence has 70 words, more than 60");
    }

    #[test]
    fn list_items_and_rows_count_one_by_one() {
        let rows: Vec<String> = (0..20).map(|i| format!("Alder {i} Birch {i}")).collect();
        assert_eq!(reported(&ENTRY, &rows.join("\n")), Vec::<&str>::new());
        let wide: Vec<String> = (0..12)
            .map(|i| format!("Bergen to Stavanger daily at 07:{i:02} and 15:45"))
            .collect();
        assert_eq!(reported(&ENTRY, &wide.join("\n")), Vec::<&str>::new());
        let items: Vec<String> = (0..4)
            .map(|i| {
                format!(
                    "- item {i} of a list whose entries are long enough to look like wrapped prose"
                )
            })
            .collect();
        assert_eq!(
            reported(&ENTRY, &format!("Items\n{}\n", items.join("\n"))),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_list_run_into_one_line_is_no_long_sentence() {
        let players: Vec<String> = (0..30).map(|i| format!("Player {i} (Club)")).collect();
        let text = format!("Squad: {}.\n", players.join(", "));
        assert_eq!(reported(&ENTRY, &text), Vec::<&str>::new());
    }

    #[test]
    fn a_long_row_in_a_list_is_still_reported_alone() {
        let text = format!("Notes\nshort row\n{}\nanother row\n", sentence(65));
        assert_eq!(reported(&ENTRY, &text), [sentence(65)]);
    }
}
