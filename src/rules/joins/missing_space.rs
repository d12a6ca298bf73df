//! `missing-space`: a sentence end glued to the next sentence ("the capital.Officials said"),
//! typical where a scraper joins two page elements without the space between them.
//!
//! The scan tests every byte for a `.`, `!` or `?` whose next byte is a capital, a quote, a
//! bracket or the start of a multi-byte character, sixteen bytes at a time (with AVX2, the
//! marks of 64 bytes at a time, then the byte after each in a table), so the many marks
//! followed by a space, a lowercase letter or a digit cost next to nothing: only the rest
//! make it look further. What lies around the mark then decides, because most glued
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
        // Where the last reported space goes: the next mark's token starts there, as it will
        // once the fix is applied, so one pass reports a whole glued chain ("a!Bb!Cc") and
        // fixing it converges.
        let mut token_floor = 0;
        marks_before_openings(bytes, |at| {
            if let Some((insert_at, diagnostic)) =
                glued_sentence(text, at, token_floor, &mut quotes)
            {
                token_floor = insert_at;
                reporter.report(diagnostic);
            }
        });
    }
}

/// Calls `visit` with the offset of each `.`, `!` and `?` whose next byte passes
/// [`may_start_glued_sentence`], in ascending order.
fn marks_before_openings(bytes: &[u8], mut visit: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    let mut at = if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the running CPU reports AVX2.
        unsafe { wide_marks_before_openings(bytes, &mut visit) }
    } else {
        0
    };
    #[cfg(not(target_arch = "x86_64"))]
    let mut at = 0;
    // A chunk reads the byte after it.
    while let Some(window) = bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<{ MARK_CHUNK + 1 }>)
    {
        visit_bits(chunk_marks_before_openings(window), at, &mut visit);
        at += MARK_CHUNK;
    }
    for at in at..bytes.len().saturating_sub(1) {
        if is_mark(bytes[at]) && may_start_glued_sentence(bytes[at + 1]) {
            visit(at);
        }
    }
}

fn visit_bits(mut found: u32, at: usize, visit: &mut impl FnMut(usize)) {
    while found != 0 {
        visit(at + found.trailing_zeros() as usize);
        found &= found - 1;
    }
}

fn is_mark(byte: u8) -> bool {
    matches!(byte, b'.' | b'!' | b'?')
}

/// The bytes [`chunk_marks_before_openings`] tests at once.
const MARK_CHUNK: usize = 16;
/// The bytes [`wide_window_marks`] tests at once.
#[cfg(target_arch = "x86_64")]
const MARK_WINDOW: usize = 64;

/// The windows of [`marks_before_openings`] that AVX2 tests 64 bytes at a time; returns the
/// offset where the narrower scan takes over. Only the marks are found with vectors: a window
/// holds one or two, whose next bytes are cheaper to look up one by one than to class as a
/// whole window.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn wide_marks_before_openings(bytes: &[u8], visit: &mut impl FnMut(usize)) -> usize {
    let mut at = 0;
    // A window reads the byte after it.
    while let Some(window) = bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<{ MARK_WINDOW + 1 }>)
    {
        let mut marks = wide_window_marks(window);
        while marks != 0 {
            let i = marks.trailing_zeros() as usize;
            if GLUED_OPENINGS[usize::from(window[i + 1])] {
                visit(at + i);
            }
            marks &= marks - 1;
        }
        at += MARK_WINDOW;
    }
    at
}

/// Bit `i` set for each `.`, `!` and `?` at `window[i]`, `i` below [`MARK_WINDOW`]. Written
/// out rather than through closures, which would not share the AVX2 feature.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn wide_window_marks(window: &[u8; MARK_WINDOW + 1]) -> u64 {
    use std::arch::x86_64::{
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8,
    };
    let dot = _mm256_set1_epi8(b'.' as i8);
    let bang = _mm256_set1_epi8(b'!' as i8);
    let question = _mm256_set1_epi8(b'?' as i8);
    let low = _mm256_loadu_si256(window.as_ptr().cast());
    let high = _mm256_loadu_si256(window.as_ptr().add(MARK_WINDOW / 2).cast());
    let low = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(low, dot), _mm256_cmpeq_epi8(low, bang)),
        _mm256_cmpeq_epi8(low, question),
    );
    let high = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(high, dot), _mm256_cmpeq_epi8(high, bang)),
        _mm256_cmpeq_epi8(high, question),
    );
    let low = u64::from(_mm256_movemask_epi8(low) as u32);
    let high = u64::from(_mm256_movemask_epi8(high) as u32);
    low | high << 32
}

/// [`may_start_glued_sentence`] for every byte, as a table.
#[cfg(target_arch = "x86_64")]
static GLUED_OPENINGS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = may_start_glued_sentence(byte as u8);
        byte += 1;
    }
    table
};

/// Bit `i` set for each mark at `window[i]` (`i` below [`MARK_CHUNK`]) that
/// [`marks_before_openings`] visits; `window` holds the chunk and the byte after it. SSE2
/// tests the sixteen bytes at once, and looks at the bytes after the marks only when a mark is
/// there, which it is in few chunks.
#[cfg(target_arch = "x86_64")]
#[inline]
fn chunk_marks_before_openings(window: &[u8; MARK_CHUNK + 1]) -> u32 {
    use std::arch::x86_64::{
        _mm_add_epi8, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86-64 CPU; the loads read 16 bytes each from offsets 0
    // and 1 of `window`, which holds 17.
    unsafe {
        let this = _mm_loadu_si128(window.as_ptr().cast());
        let equal = |byte: u8| _mm_cmpeq_epi8(this, _mm_set1_epi8(byte as i8));
        let marks = _mm_or_si128(_mm_or_si128(equal(b'.'), equal(b'!')), equal(b'?'));
        if _mm_movemask_epi8(marks) == 0 {
            return 0;
        }
        let after = _mm_loadu_si128(window.as_ptr().add(1).cast());
        let equal = |byte: u8| _mm_cmpeq_epi8(after, _mm_set1_epi8(byte as i8));
        // `b - first < n` unsigned, as a signed compare of the byte moved so that the range
        // starts at -128.
        let in_range = |first: u8, n: i8| {
            _mm_cmplt_epi8(
                _mm_add_epi8(after, _mm_set1_epi8(0x80u8.wrapping_sub(first) as i8)),
                _mm_set1_epi8(i8::MIN + n),
            )
        };
        let capital_or_lead = _mm_or_si128(in_range(b'A', 26), in_range(0xc0, 64));
        let quote = _mm_or_si128(equal(b'"'), equal(b'\''));
        let bracket = _mm_or_si128(in_range(b'(', 2), _mm_or_si128(equal(b'['), equal(b']')));
        let opening = _mm_or_si128(capital_or_lead, _mm_or_si128(quote, bracket));
        _mm_movemask_epi8(_mm_and_si128(marks, opening)) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn chunk_marks_before_openings(window: &[u8; MARK_CHUNK + 1]) -> u32 {
    (0..MARK_CHUNK).fold(0, |found, i| {
        found | u32::from(is_mark(window[i]) && may_start_glued_sentence(window[i + 1])) << i
    })
}

/// An ASCII capital, a quote or bracket, or the first byte of a multi-byte character.
const fn may_start_glued_sentence(byte: u8) -> bool {
    byte.is_ascii_uppercase()
        || matches!(byte, b'"' | b'\'' | b'(' | b')' | b'[' | b']')
        || byte >= 0xC0
}

/// The finding for the mark at `at`, if it ends a sentence glued to the next one.
fn glued_sentence(
    text: &str,
    at: usize,
    token_floor: usize,
    quotes: &mut QuoteParity,
) -> Option<(usize, Diagnostic)> {
    let bytes = text.as_bytes();
    let run_start = bytes[..at]
        .iter()
        .rposition(|b| !matches!(b, b'.' | b'!' | b'?'))
        .map_or(0, |i| i + 1);
    let run = &text[run_start..=at];
    if (run.len() > 1 && run.contains('.')) || text[..run_start].ends_with('\u{2026}') {
        return None;
    }
    // The right side first: after most marks ('."' closing a quotation) no capitalised word
    // follows, which ends the look before the left side is read.
    let (insert_at, word) = right_word(text, at + 1, quotes)?;
    let left = left_token(text, run_start, token_floor)?;
    let left_word = WordShape::of(last_word(text, left));
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
    Some((
        insert_at,
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
    ))
}

/// The whitespace-delimited token ending at `end` and starting at `token_floor` or later,
/// unless it looks like a URL, an address, a path or a dotted abbreviation, or is empty or too
/// long to be a word.
fn left_token(text: &str, end: usize, token_floor: usize) -> Option<Span> {
    let floor = floor_char_boundary(text, end.saturating_sub(MAX_TOKEN))
        .max(token_floor)
        .min(end);
    let window = &text[floor..end];
    let start = match window
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
    {
        Some((i, c)) => floor + i + c.len_utf8(),
        None if floor == token_floor => token_floor,
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
/// line. Counts incrementally, as the scan only moves forward, so a long line is read once:
/// from the last line break in the new stretch, or from where it stopped.
#[derive(Default)]
struct QuoteParity {
    counted_to: usize,
    odd: bool,
}

impl QuoteParity {
    fn is_odd_before(&mut self, text: &str, at: usize) -> bool {
        let from = self.counted_to.min(at);
        let mut stretch = &text.as_bytes()[from..at];
        if let Some(line_break) = memchr::memrchr(b'\n', stretch) {
            self.odd = false;
            stretch = &stretch[line_break + 1..];
        }
        self.odd ^= memchr::memchr_iter(b'"', stretch).count() % 2 == 1;
        self.counted_to = at;
        self.odd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::FixMode;
    use crate::rules::testing::{fixed, reported};
    use proptest::prelude::*;

    fn fix(text: &str) -> String {
        fixed(&ENTRY, text, FixMode::SafeOnly)
    }

    #[test]
    fn a_glued_chain_longer_than_a_token_is_reported_and_fixed_in_one_pass() {
        let text = format!("Crowds cheered{}.\n", "!Then".repeat(30));
        assert_eq!(reported(&ENTRY, &text).len(), 30);
        let once = fix(&text);
        assert_eq!(once, format!("Crowds cheered{}.\n", "! Then".repeat(30)));
        assert!(reported(&ENTRY, &once).is_empty());
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

    proptest! {
        #[test]
        fn the_chunked_scan_finds_what_memchr_and_the_byte_test_find(text in "[a-zA-Z .!?\"'()\\[\\]\n\u{e9}\u{c9}\u{2019}]{0,200}") {
            let bytes = text.as_bytes();
            let plain: Vec<usize> = memchr::memchr3_iter(b'.', b'!', b'?', bytes)
                .filter(|&at| bytes.get(at + 1).is_some_and(|&next| may_start_glued_sentence(next)))
                .collect();
            let mut chunked = Vec::new();
            marks_before_openings(bytes, |at| chunked.push(at));
            prop_assert_eq!(chunked, plain);
        }

        #[test]
        fn quote_parity_counts_the_quotes_since_the_line_start(text in "[a\"\n]{0,80}", steps in proptest::collection::vec(0usize..20, 0..12)) {
            let mut parity = QuoteParity::default();
            let mut at = 0;
            for step in steps {
                at = (at + step).min(text.len());
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let odd = text[line_start..at].matches('"').count() % 2 == 1;
                prop_assert_eq!(parity.is_odd_before(&text, at), odd);
            }
        }
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
