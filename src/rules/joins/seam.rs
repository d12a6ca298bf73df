//! Seams: a capitalised word one space after the word before it, with no punctuation between,
//! inside what the segmenter reads as one sentence. `merged-heading` and `run-on-sentence` both
//! judge seams, with the same tests: this module holds the word lists of `rules/seams.toml`,
//! [`opening`] (does the word after a seam open a new sentence, and on what evidence), and
//! [`heading_seam`] (is a seam at the start of a block the end of a glued subheading), which
//! `run-on-sentence` consults so that one seam is never reported by both rules.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::document::{
    is_paragraph, sentence_openers, starts_upper, words, Block, Document, Evidence, Glance,
    HeadingStyle, Span, WordStats, MAX_HEADING_WORDS,
};

use super::ascii_words::{ascii_words, AsciiWords};
use super::word_table::WordTable;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SeamList {
    fused_openers: Vec<String>,
    foreign_openers: Vec<String>,
    noun_articles: Vec<String>,
    extra_openers: Vec<String>,
    determiners: Vec<String>,
    function_words: Vec<String>,
    modifiers: Vec<String>,
    auxiliaries: Vec<String>,
    narrative_auxiliaries: Vec<String>,
    reporting_verbs: Vec<String>,
    naming_verbs: Vec<String>,
    name_contexts: Vec<String>,
    title_openers: Vec<String>,
    conjunctions: Vec<String>,
    titles: Vec<String>,
    question_words: Vec<String>,
    preposition_openers: Vec<String>,
    adverb_openers: Vec<String>,
}

/// The lists of `rules/seams.toml` a word belongs to, one bit per list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Lists(u32);

impl Lists {
    const FUSED_OPENERS: Lists = Lists(1 << 0);
    const FOREIGN_OPENERS: Lists = Lists(1 << 1);
    const NOUN_ARTICLES: Lists = Lists(1 << 2);
    const EXTRA_OPENERS: Lists = Lists(1 << 3);
    const DETERMINERS: Lists = Lists(1 << 4);
    const FUNCTION_WORDS: Lists = Lists(1 << 5);
    const MODIFIERS: Lists = Lists(1 << 6);
    const AUXILIARIES: Lists = Lists(1 << 7);
    const NARRATIVE_AUXILIARIES: Lists = Lists(1 << 8);
    const REPORTING_VERBS: Lists = Lists(1 << 9);
    const NAMING_VERBS: Lists = Lists(1 << 10);
    const NAME_CONTEXTS: Lists = Lists(1 << 11);
    const TITLE_OPENERS: Lists = Lists(1 << 12);
    const CONJUNCTIONS: Lists = Lists(1 << 13);
    const TITLES: Lists = Lists(1 << 14);
    const QUESTION_WORDS: Lists = Lists(1 << 15);
    const PREPOSITION_OPENERS: Lists = Lists(1 << 16);
    const ADVERB_OPENERS: Lists = Lists(1 << 17);
    /// The sentence openers of `rules/openers.toml`, as written.
    const SENTENCE_OPENERS: Lists = Lists(1 << 18);

    fn any(self, of: Lists) -> bool {
        self.0 & of.0 != 0
    }
}

impl std::ops::BitOr for Lists {
    type Output = Lists;

    fn bitor(self, other: Lists) -> Lists {
        Lists(self.0 | other.0)
    }
}

/// Every word of `rules/seams.toml` and `rules/openers.toml` with the lists it is in, so that
/// one lookup answers every list question about a word. Lists of capitalised words hold them
/// as written, the others in lower case.
struct SeamWords {
    words: WordTable,
    noun_articles: Vec<String>,
    /// The first two bytes of every opener (of `openers.toml` and of the opener lists here),
    /// one bit each: most capitalised words inside a sentence are names, and this rules them
    /// out without a lookup.
    opener_prefixes: Box<[u64; 1024]>,
    /// The first three bytes of every opener (fewer for a shorter one), hashed to one bit of
    /// 4,096: of the words that pass `opener_prefixes`, most are names still ("Thomas",
    /// "Mark"), and this spares them the lookup.
    opener_starts: Box<[u64; 64]>,
    /// The first three bytes of every title, hashed to one bit of 4,096: most capitalised
    /// words before a capitalised word are names, and this rules them out without a lookup.
    title_prefixes: Box<[u64; 64]>,
}

impl SeamWords {
    fn prefix_bit(word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        Some(usize::from(*bytes.first()?) << 8 | usize::from(*bytes.get(1).unwrap_or(&0)))
    }

    /// The bit of `title_prefixes` for the first three bytes of `word`'s lowercase form (fewer
    /// for a shorter word), or `None` when one of them lies outside ASCII: lowercasing and
    /// reading curly apostrophes as `'` keep ASCII bytes and their place before the first
    /// byte outside ASCII.
    fn title_prefix_bit(word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        let byte = |at: usize| bytes.get(at).copied().unwrap_or(0);
        let (first, second, third) = (byte(0), byte(1), byte(2));
        if (first | second | third) >= 0x80 {
            return None;
        }
        let key = u32::from(first.to_ascii_lowercase()) << 16
            | u32::from(second.to_ascii_lowercase()) << 8
            | u32::from(third.to_ascii_lowercase());
        Some((key.wrapping_mul(0x9e37_79b9) >> 20) as usize)
    }

    /// Whether `word` may be a title: false only when no title starts as its lowercase form
    /// does.
    fn may_be_title(&self, word: &str) -> bool {
        Self::title_prefix_bit(word).map_or(true, |bit| {
            self.title_prefixes[bit / 64] & (1 << (bit % 64)) != 0
        })
    }

    /// The bit of `opener_starts` for the first three bytes of `word` as written, zero-padded.
    fn start_bit(word: &str) -> usize {
        let bytes = word.as_bytes();
        let byte = |at: usize| u32::from(bytes.get(at).copied().unwrap_or(0));
        let key = byte(0) << 16 | byte(1) << 8 | byte(2);
        (key.wrapping_mul(0x9e37_79b9) >> 20) as usize
    }

    /// Whether `word` may be an opener of the lists as written: false only when none starts
    /// with its first three bytes.
    fn may_be_listed_opener(&self, word: &str) -> bool {
        let bit = Self::start_bit(word);
        self.opener_starts[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether the first two bytes of `word` start an opener of the lists. A contraction of an
    /// opener ("That's") starts as the opener does.
    fn starts_like_opener(&self, word: &str) -> bool {
        Self::prefix_bit(word)
            .is_some_and(|bit| self.opener_prefixes[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

fn seam_words() -> &'static SeamWords {
    static WORDS: OnceLock<SeamWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let list: SeamList = toml::from_str(include_str!("../../../rules/seams.toml"))
            .expect("rules/seams.toml is valid (checked by tests)");
        let lists = [
            (&list.fused_openers, Lists::FUSED_OPENERS),
            (&list.foreign_openers, Lists::FOREIGN_OPENERS),
            (&list.noun_articles, Lists::NOUN_ARTICLES),
            (&list.extra_openers, Lists::EXTRA_OPENERS),
            (&list.determiners, Lists::DETERMINERS),
            (&list.function_words, Lists::FUNCTION_WORDS),
            (&list.modifiers, Lists::MODIFIERS),
            (&list.auxiliaries, Lists::AUXILIARIES),
            (&list.narrative_auxiliaries, Lists::NARRATIVE_AUXILIARIES),
            (&list.reporting_verbs, Lists::REPORTING_VERBS),
            (&list.naming_verbs, Lists::NAMING_VERBS),
            (&list.name_contexts, Lists::NAME_CONTEXTS),
            (&list.title_openers, Lists::TITLE_OPENERS),
            (&list.conjunctions, Lists::CONJUNCTIONS),
            (&list.titles, Lists::TITLES),
            (&list.question_words, Lists::QUESTION_WORDS),
            (&list.preposition_openers, Lists::PREPOSITION_OPENERS),
            (&list.adverb_openers, Lists::ADVERB_OPENERS),
        ];
        let listed = lists
            .iter()
            .flat_map(|(entries, bit)| entries.iter().map(move |word| (word.as_str(), bit.0)));
        let openers = sentence_openers().map(|word| (word, Lists::SENTENCE_OPENERS.0));
        let words = WordTable::new(listed.chain(openers));
        let mut opener_prefixes = Box::new([0u64; 1024]);
        let openers = [
            &list.fused_openers,
            &list.foreign_openers,
            &list.noun_articles,
            &list.extra_openers,
        ];
        let mut opener_starts = Box::new([0u64; 64]);
        let mut mark = |word: &str| {
            if let Some(bit) = SeamWords::prefix_bit(word) {
                opener_prefixes[bit / 64] |= 1 << (bit % 64);
            }
            let bit = SeamWords::start_bit(word);
            opener_starts[bit / 64] |= 1 << (bit % 64);
        };
        openers.into_iter().flatten().for_each(|word| mark(word));
        sentence_openers().for_each(&mut mark);
        let mut title_prefixes = Box::new([0u64; 64]);
        for bit in list
            .titles
            .iter()
            .filter_map(|t| SeamWords::title_prefix_bit(t))
        {
            title_prefixes[bit / 64] |= 1 << (bit % 64);
        }
        SeamWords {
            words,
            noun_articles: list.noun_articles,
            opener_prefixes,
            opener_starts,
            title_prefixes,
        }
    })
}

/// The lists `word` is in, as written: for the lists of capitalised words.
fn written(word: &str) -> Lists {
    Lists(seam_words().words.get(word.as_bytes()))
}

/// Calls `f` with the lists the lowercase form of `word` is in (curly apostrophes read as
/// `'`): for the lists of lowercase words. ASCII words are looked up without a copy.
fn with_lists<R>(word: &str, f: impl FnOnce(Lists) -> R) -> R {
    let words = &seam_words().words;
    if word.is_ascii() {
        return f(Lists(words.get_lowercase(word.as_bytes())));
    }
    let folded = word.to_lowercase().replace('\u{2019}', "'");
    f(Lists(words.get(folded.as_bytes())))
}

/// Whether `word` holds an apostrophe, straight or curly: a byte test first, since almost no
/// word does.
fn has_apostrophe(word: &str) -> bool {
    // The curly apostrophe is E2 80 99 in UTF-8.
    word.bytes().any(|b| b == b'\'' || b == 0x99) && word.contains(['\'', '\u{2019}'])
}

/// Where a seam stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// After the first words of a block, which may be a glued subheading.
    Heading(HeadingShape),
    /// Inside a sentence. A name-based opening here ([`Opening::NameRun`],
    /// [`Opening::NameAfterName`]) also needs a complete clause before the seam, which the
    /// caller checks ([`holds_finite_verb`]).
    Sentence,
}

/// What the words before a seam at the start of a block look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeadingShape {
    pub words: usize,
    /// They hold a reporting verb or a past or modal auxiliary ("said", "was", "could"), as a
    /// sentence does and a headline rarely does.
    pub narrative: bool,
    /// They start with a preposition, conjunction or pronoun ("After the vote", "I think"), as
    /// a sentence's opening phrase does; articles and question words ("A long road", "What
    /// happens next") do not count.
    pub adverbial: bool,
    /// They are in title case, so a capitalised function word is part of them ("How the
    /// Reunion Came About").
    pub title_case: bool,
    /// They start with a question word, so they may end on an auxiliary ("What to do").
    pub question: bool,
}

impl HeadingShape {
    /// Whether evidence weaker than an opener may end this heading: a common word, a plural
    /// noun, a name.
    fn headline_like(self) -> bool {
        !self.narrative && !self.adverbial
    }
}

/// What marks the word after a seam as the start of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opening {
    /// A sentence opener: "The", "But", "After", "Don't", French "Les", German "Die".
    Opener,
    /// A name run opening the paragraph after a glued heading: a title, honorific or
    /// possessive before a name ("Mr. Whitcombe's lawyers"), or a name the document opens
    /// other sentences with, before an auxiliary ("Harbour United will").
    NameRun,
    /// A word seen in lower case elsewhere ("Military"), or the plural of one ("Forecasters"
    /// after "forecaster"), and capitalised inside a sentence only here.
    CommonWord,
    /// A plural-looking word or a gerund found nowhere else ("Spectators", "Organizing"),
    /// after a glued heading.
    Unseen,
    /// A name the document opens other sentences with, here followed by a verb ("Halvard
    /// faces"), after a glued heading.
    Subject,
    /// A name after a name ("Mali Russia's"), after a glued heading.
    NameAfterName,
}

impl Opening {
    /// What shows that `word`, after the seam, opens a sentence: for a finding's help.
    pub fn evidence(self, word: &str) -> String {
        match self {
            Opening::Opener => format!("`{word}` is a sentence opener"),
            Opening::NameRun => format!("`{word}` opens a name that starts a sentence"),
            Opening::CommonWord => {
                format!("`{word}` is in lower case elsewhere, so its capital starts a sentence")
            }
            Opening::Unseen => {
                format!("`{word}` reads as a plural or a gerund that opens a sentence")
            }
            Opening::Subject => format!("`{word}` opens other sentences of this document"),
            Opening::NameAfterName => {
                format!("`{word}` and the name before it never stand together elsewhere")
            }
        }
    }
}

/// The words around a seam: `left`, then only spaces, then the capitalised `right`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seam {
    pub left: Span,
    pub right: Span,
    /// The word before `left`, if on the same line. Only the tests after a glued heading read
    /// it, so a seam inside a sentence ([`Seam::in_sentence`]) leaves it out.
    before_left: Option<Span>,
    /// The words after `right` on its line, up to four.
    after: [Option<Span>; SEAM_WORDS_AFTER],
}

impl Seam {
    /// The seam between two words of `doc`, with its neighbours.
    pub fn new(doc: &Document, left: Span, right: Span) -> Self {
        let text = doc.text();
        let bytes = text.as_bytes();
        let window = floor_boundary(text, left.start.saturating_sub(48));
        let from =
            memchr::memrchr(b'\n', &bytes[window..left.start]).map_or(window, |i| window + i + 1);
        Self {
            before_left: ascii_words(&text[from..left.start], from).last(),
            ..Self::in_sentence(doc, left, right)
        }
    }

    /// The seam between two words of `doc` inside a sentence, with the words after it.
    pub fn in_sentence(doc: &Document, left: Span, right: Span) -> Self {
        let text = doc.text();
        let bytes = text.as_bytes();
        let to = ceil_boundary(text, (right.end + 120).min(text.len()));
        let line_end = memchr::memchr(b'\n', &bytes[right.end..to]).map_or(to, |i| right.end + i);
        let mut after = [None; SEAM_WORDS_AFTER];
        for (slot, span) in after
            .iter_mut()
            .zip(ascii_words(&text[right.end..line_end], right.end))
        {
            *slot = Some(span);
        }
        Self {
            left,
            right,
            before_left: None,
            after,
        }
    }

    /// The seam before word `k` of `spans`, the words of one line in order.
    fn from_spans(doc: &Document, spans: &[Span], k: usize) -> Self {
        if spans.len() < k + SEAM_WORDS_AFTER + 1 {
            return Self::new(doc, spans[k - 1], spans[k]);
        }
        let mut after = [None; SEAM_WORDS_AFTER];
        for (slot, &span) in after.iter_mut().zip(&spans[k + 1..]) {
            *slot = Some(span);
        }
        Self {
            left: spans[k - 1],
            right: spans[k],
            before_left: k.checked_sub(2).map(|i| spans[i]),
            after,
        }
    }

    pub fn gap(&self) -> Span {
        Span::new(self.left.end, self.right.start)
    }

    /// The word right after `right`, when one space separates them.
    fn next<'a>(&self, doc: &'a Document) -> Option<&'a str> {
        let bytes = doc.text().as_bytes();
        self.after[0]
            .filter(|next| next.start == self.right.end + 1 && bytes[self.right.end] == b' ')
            .map(|span| doc.slice(span))
    }
}

/// Whether a seam inside a sentence can pass [`opening`] at all, judged from its words alone:
/// [`right_may_open`], or [`may_be_surname_after_place`] before a lowercase word. Never
/// stricter than [`opening`]; `run-on-sentence` asks the two parts in the order that needs
/// the fewest words found, and this whole is kept as the reference its tests compare with.
#[cfg(test)]
pub(super) fn worth_judging(doc: &Document, left: &str, right: &str, next: char) -> bool {
    right_may_open(right, next)
        || (next.is_lowercase() && may_be_surname_after_place(doc, left, right))
}

/// Whether the capitalised `right`, before a word starting with `next`, may open a sentence
/// on its own evidence: it is an opener, a plural before a lowercase word, or a title before
/// a capitalised one. Needs neither the word before it nor the document's evidence.
pub(super) fn right_may_open(right: &str, next: char) -> bool {
    opener_kind(right, false).is_some()
        || (next.is_lowercase() && looks_plural(right))
        || (next.is_uppercase() && is_title(right))
}

/// Whether `right` (before a lowercase word) may be a surname after a place, `left`
/// ([`is_surname_after_place`]): the one test of [`worth_judging`] that asks the evidence,
/// only about two capitalised words in a row, and only when a glance at the document
/// ([`Glance`]) shows `right` opening a sentence.
pub(super) fn may_be_surname_after_place(doc: &Document, left: &str, right: &str) -> bool {
    starts_upper(left)
        && doc.glance().map_or(true, |glance| {
            glance.may_open_a_sentence(right) && names_may_occur(doc, glance, left, right)
        })
        && {
            let evidence = doc.evidence();
            let right = evidence.word(right);
            right.capitalised_first >= 1
                && right.after_capitalised >= 2
                && is_surname_after_place(evidence.word(left), right)
        }
}

/// The least number of times a place's name stands in a document where
/// [`is_surname_after_place`] passes: more than [`NAME_USES_ELSEWHERE`] uses inside sentences.
const PLACE_USES: usize = NAME_USES_ELSEWHERE as usize + 1;

/// The least number of times a surname stands in a document where [`is_surname_after_place`]
/// passes: twice after a capitalised word.
const SURNAME_USES: usize = 2;

/// Whether a place, `left`, and a surname after it, `right`, may each stand in the glanced
/// `doc` often enough ([`may_occur`]). Each asks for a pass over the whole text, so past the
/// glance's budget of such passes the answer is "maybe", which keeps seams linear in length.
fn names_may_occur(doc: &Document, glance: &Glance, left: &str, right: &str) -> bool {
    !glance.take_text_pass()
        || (may_occur(doc.text(), left, PLACE_USES) && may_occur(doc.text(), right, SURNAME_USES))
}

/// Whether `text` may hold `word` (as [`crate::document::word_key`] folds it) `times` times: a
/// count of its ASCII letters in any case, anywhere, which no fold of another word escapes, for
/// a glanced document whose evidence is not gathered yet. A word of one letter, with another
/// character, or with a "k", which the Kelvin sign folds to, is left to the evidence.
fn may_occur(text: &str, word: &str, times: usize) -> bool {
    let word = word.as_bytes();
    if word.len() < 2
        || !word
            .iter()
            .all(|&b| b.is_ascii_alphabetic() && !b.eq_ignore_ascii_case(&b'k'))
    {
        return true;
    }
    let bytes = text.as_bytes();
    let (first, second) = (word[0] | 0x20, word[1] | 0x20);
    let matches_at = |at: usize| {
        bytes
            .get(at..at + word.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(word))
    };
    let mut found = 0;
    let mut at = 0;
    while at + PAIR_CHUNK < bytes.len() {
        let mut pairs = pair_starts(bytes, at, first, second);
        while pairs != 0 {
            let start = at + (pairs.trailing_zeros() / PAIR_BITS_PER_BYTE) as usize;
            pairs &= pairs - 1;
            found += usize::from(matches_at(start));
        }
        if found >= times {
            return true;
        }
        at += PAIR_CHUNK;
    }
    found += (at..bytes.len()).filter(|&start| matches_at(start)).count();
    found >= times
}

/// The bytes [`pair_starts`] tests at once.
#[cfg(target_arch = "x86_64")]
const PAIR_CHUNK: usize = 16;
#[cfg(target_arch = "x86_64")]
const PAIR_BITS_PER_BYTE: u32 = 1;

/// Where, among the [`PAIR_CHUNK`] bytes from `at`, a byte that setting bit 5 makes `first`
/// stands before one it makes `second`: bit `i` for byte `at + i`. Every ASCII letter pair
/// that matches `first` and `second` in any case is marked; others may be. Reads
/// `bytes[at..=at + PAIR_CHUNK]`, which must be in bounds.
#[cfg(target_arch = "x86_64")]
#[inline]
fn pair_starts(bytes: &[u8], at: usize, first: u8, second: u8) -> u64 {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let window = &bytes[at..at + 17];
    // SAFETY: SSE2 is part of every x86-64 CPU; the two loads read 16 bytes each from offsets
    // 0 and 1 of `window`, which holds 17 (checked by the slicing above).
    unsafe {
        let case = _mm_set1_epi8(0x20);
        let load =
            |offset: usize| _mm_or_si128(_mm_loadu_si128(window.as_ptr().add(offset).cast()), case);
        let found = _mm_and_si128(
            _mm_cmpeq_epi8(load(0), _mm_set1_epi8(first as i8)),
            _mm_cmpeq_epi8(load(1), _mm_set1_epi8(second as i8)),
        );
        u64::from(_mm_movemask_epi8(found) as u32 & 0xffff)
    }
}

#[cfg(not(target_arch = "x86_64"))]
const PAIR_CHUNK: usize = 8;
#[cfg(not(target_arch = "x86_64"))]
const PAIR_BITS_PER_BYTE: u32 = 8;

/// [`pair_starts`] eight bytes at a time, each marked by its top bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn pair_starts(bytes: &[u8], at: usize, first: u8, second: u8) -> u64 {
    use crate::document::equal_mask;
    const CASE: u64 = 0x2020_2020_2020_2020;
    let load = |from: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[from..from + 8]);
        u64::from_le_bytes(word) | CASE
    };
    equal_mask(load(at), first) & equal_mask(load(at + 1), second)
}

/// Whether the two words at a seam rule it out before anything else is looked at: `right`
/// is not capitalised, either word is an acronym, `left` is a possessive or, unless
/// `left_may_be_listed` (the end of a title-case heading, a question's auxiliary), a function
/// word or a naming verb ("in The Lancet", "called The").
#[inline]
pub(super) fn blocked_at_seam(left: &str, right: &str, left_may_be_listed: bool) -> bool {
    !starts_upper(right)
        || is_acronym(right)
        || is_acronym(left)
        || is_possessive(left)
        || (!left_may_be_listed
            && with_lists(left, |l| {
                l.any(Lists::FUNCTION_WORDS) || l.any(Lists::NAMING_VERBS)
            }))
}

/// Whether the capitalised word after `seam` opens a new sentence, and on what evidence; see
/// the docs of `merged-heading` and `run-on-sentence` for the signals. Word shapes and lists
/// are tested first; the document's evidence is consulted last. The caller has ruled out the
/// seam's first test, [`blocked_at_seam`], on the two words alone, as both rules do before
/// they build a [`Seam`] (a seam after a heading of `shape` with `shape.title_case` or
/// `shape.question` passes `left_may_be_listed` as `heading_seam_blocked` does).
pub(super) fn opening(doc: &Document, seam: &Seam, place: Place) -> Option<Opening> {
    let right = doc.slice(seam.right);
    let heading = match place {
        Place::Heading(shape) => Some(shape),
        Place::Sentence => None,
    };
    let title = is_title(right);
    let next_capitalised = seam.after[0].is_some_and(|next| starts_upper(doc.slice(next)));
    if let Some(shape) = heading.filter(|shape| shape.headline_like()) {
        if title || (next_capitalised && opener_kind(right, true).is_none()) {
            return name_run(doc, seam, shape);
        }
    }
    if place == Place::Sentence && title && next_capitalised {
        return titled_speaker(doc, seam);
    }
    let next = seam.next(doc)?;
    if title || with_lists(next, |n| n.any(Lists::CONJUNCTIONS)) {
        return None;
    }
    match opener_kind(right, heading.is_some()) {
        Some(kind) => opener(doc, seam, place, kind, next),
        None => other_opening(doc, seam, place, next),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenerKind {
    /// `fused-openers`, and "A" after a heading.
    Fused,
    /// `foreign-openers` and a French elided article ("L'année"), after a lowercase word: in
    /// English text they are names ("Han Solo", "Las Vegas").
    Foreign,
    /// `noun-articles`: German "Die", "Der", before a capitalised noun.
    NounArticle,
    /// Any other opener: `rules/openers.toml`, `extra-openers`, and contractions ("Don't",
    /// "That's").
    Broad,
}

fn opener_kind(word: &str, after_heading: bool) -> Option<OpenerKind> {
    if after_heading && word == "A" {
        return Some(OpenerKind::Fused);
    }
    if !seam_words().starts_like_opener(word) {
        return opener_kind_unlisted(word);
    }
    // No opener starts as an elided article does ("L'"), so one is left to the unlisted. A
    // contraction's stem may be shorter than three bytes ("It's"), so only the lookup of the
    // word itself is spared by its first three.
    let lists = if seam_words().may_be_listed_opener(word) {
        written(word)
    } else {
        Lists::default()
    };
    if lists.any(Lists::FUSED_OPENERS) {
        Some(OpenerKind::Fused)
    } else if lists.any(Lists::FOREIGN_OPENERS) {
        Some(OpenerKind::Foreign)
    } else if lists.any(Lists::NOUN_ARTICLES) {
        Some(OpenerKind::NounArticle)
    } else if word.len() > 1
        && (lists.any(Lists::EXTRA_OPENERS | Lists::SENTENCE_OPENERS)
            || (apostrophe_near_end(word) && is_opener_contraction(word)))
    {
        Some(OpenerKind::Broad)
    } else {
        None
    }
}

/// Whether one of the last three bytes of `word` is a straight apostrophe or the last byte of
/// a curly one (E2 80 99): every contraction [`is_opener_contraction`] knows ends so ("n't",
/// "'re", "\u{2019}s"), and most words are spared the scan of their every byte.
fn apostrophe_near_end(word: &str) -> bool {
    word.as_bytes()
        .iter()
        .rev()
        .take(3)
        .any(|&b| b == b'\'' || b == 0x99)
}

/// [`opener_kind`] of a word that starts as no listed opener does, so that no list holds it
/// nor the stem of a contraction of it ("That's"), which starts as the word does: only an
/// elided article or a negated auxiliary ("Won't") opens. Most capitalised words inside a
/// sentence are names, and this spares them the lookup and the apostrophe scan.
fn opener_kind_unlisted(word: &str) -> Option<OpenerKind> {
    if is_elided_article(word) {
        Some(OpenerKind::Foreign)
    } else if word.ends_with("n't") || word.ends_with("n\u{2019}t") {
        Some(OpenerKind::Broad)
    } else {
        None
    }
}

/// Whether `word` opens sentences in French, Spanish, Portuguese or German (`foreign-openers`
/// and `noun-articles`), for rules that need openers beyond English, such as `missing-space`.
pub(super) fn is_foreign_opener(word: &str) -> bool {
    written(word).any(Lists::FOREIGN_OPENERS | Lists::NOUN_ARTICLES)
}

/// "L'année", "L\u{2019}équipe": a French article elided before a lowercase word.
fn is_elided_article(word: &str) -> bool {
    let rest = word
        .strip_prefix("L'")
        .or_else(|| word.strip_prefix("L\u{2019}"));
    rest.is_some_and(starts_lower)
}

/// Whether the document is German: it uses the German articles in lower case, many times.
fn is_german(evidence: &Evidence) -> bool {
    let uses: u32 = seam_words()
        .noun_articles
        .iter()
        .map(|article| u32::from(evidence.word(article).lowercase))
        .sum();
    uses >= GERMAN_DOCUMENT_ARTICLES
}

/// How many lower-case German articles make a document German.
const GERMAN_DOCUMENT_ARTICLES: u32 = 10;

/// How often a German document uses an article in lower case: "die", "der" and "das" stand
/// inside almost every German sentence, and rarely in English prose.
const GERMAN_ARTICLE_USES: u16 = 3;

/// "Don't", "Isn't", "That's", "We'll": a negated auxiliary, or an opener with a contraction.
/// Not "I'm" or "I've": "I" is capitalised wherever it stands.
fn is_opener_contraction(word: &str) -> bool {
    if !has_apostrophe(word) {
        return false;
    }
    let word = if word.contains('\u{2019}') {
        Cow::Owned(word.replace('\u{2019}', "'"))
    } else {
        Cow::Borrowed(word)
    };
    if word.ends_with("n't") {
        return true;
    }
    ["'s", "'re", "'ll", "'ve", "'d", "'m"]
        .iter()
        .any(|ending| {
            word.strip_suffix(ending).is_some_and(|stem| {
                stem.len() > 1 && written(stem).any(Lists::SENTENCE_OPENERS | Lists::EXTRA_OPENERS)
            })
        })
}

fn opener(
    doc: &Document,
    seam: &Seam,
    place: Place,
    kind: OpenerKind,
    next: &str,
) -> Option<Opening> {
    let (left, right) = (doc.slice(seam.left), doc.slice(seam.right));
    let next_lowercase = starts_lower(next);
    let in_sentence = place == Place::Sentence;
    let evidence = || doc.evidence();
    let clause_follows = next_lowercase
        || match kind {
            OpenerKind::Fused | OpenerKind::Foreign => {
                !in_sentence
                    && with_lists(right, |r| r.any(Lists::DETERMINERS))
                    && capitalised_run_ends_in_lowercase(doc, seam)
            }
            OpenerKind::NounArticle => starts_upper(next),
            OpenerKind::Broad => {
                introductory_phrase(doc, seam)
                    || (written(right).any(Lists::ADVERB_OPENERS) && names_on_both_sides(doc, seam))
            }
        };
    if !clause_follows
        || (kind == OpenerKind::NounArticle
            && evidence().word(right).lowercase < GERMAN_ARTICLE_USES)
    {
        return None;
    }
    // After a name context a title may follow ("the film It was", "the hit When a Man Loves a
    // Woman"); after a heading only a lowercase word clears one ("The title race The win").
    let title_may_follow = !next_lowercase
        || (in_sentence
            && match kind {
                OpenerKind::Fused => written(right).any(Lists::TITLE_OPENERS),
                _ => !written(right).any(Lists::ADVERB_OPENERS) || capital_follows(doc, seam),
            });
    let blocked_left = with_lists(left, |l| {
        (l.any(Lists::NAME_CONTEXTS) && title_may_follow)
            || (l.any(Lists::REPORTING_VERBS) && (!in_sentence || kind != OpenerKind::Fused))
            || (!in_sentence && l.any(Lists::TITLES))
    });
    if blocked_left
        || (kind == OpenerKind::Foreign && in_sentence && !starts_lower(left))
        || (kind == OpenerKind::Broad
            && starts_upper(left)
            && !stands_alone_as_name(evidence().word(left)))
    {
        return None;
    }
    let alone = stands_alone(doc, seam.right, seam.after[0]);
    let title_elsewhere =
        kind != OpenerKind::NounArticle && titles_elsewhere(evidence().word(right), alone) > 0;
    (!title_elsewhere && !evidence().side_by_side_elsewhere(left, right)).then_some(Opening::Opener)
}

/// After a glued heading, a name run that opens the paragraph: a title or honorific before
/// a name that a lowercase word ends ("next Mr. Whitcombe's lawyers", "next President Jan
/// Dvorak has"), a possessive before one ("races Switzerland's Noah Brunner won"), or a name
/// that opens other sentences of the document, before an auxiliary or a reporting verb
/// ("news Harbour United will"). A name seen only here is not enough: "City engineer Roberta
/// Nash said" is one sentence.
fn name_run(doc: &Document, seam: &Seam, shape: HeadingShape) -> Option<Opening> {
    let (left, right) = (doc.slice(seam.left), doc.slice(seam.right));
    let blocked_left = !starts_lower(left)
        || with_lists(left, |l| {
            l.any(Lists::NAME_CONTEXTS)
                || l.any(Lists::REPORTING_VERBS)
                || l.any(Lists::TITLES)
                || l.any(Lists::MODIFIERS)
        });
    let mut run = seam
        .after
        .iter()
        .map_while(|span| span.map(|span| doc.slice(span)));
    let name = run.next().filter(|word| starts_upper(word))?;
    let rest = run
        .take(3)
        .find(|word| !starts_upper(word) || is_possessive(word));
    let evidence = || doc.evidence();
    let opens = if is_title(right) || is_possessive(right) {
        is_possessive(name) || rest.is_some_and(|word| starts_lower(word) || is_possessive(word))
    } else {
        evidence().word(right).capitalised_first >= 1 && rest.is_some_and(is_verb)
    };
    (!blocked_left
        && opens
        && shape.words <= NAME_RUN_HEADING_WORDS
        && !after_infinitive_marker(doc, seam)
        && !evidence().capitalises_nouns()
        && !evidence().side_by_side_elsewhere(left, right))
    .then_some(Opening::NameRun)
}

/// Inside a sentence (whose clause before the seam the caller finds complete), a title before
/// a full name and a reporting verb, one space apart, where the surname opens other sentences of the document: "watched
/// two million times Promoter Declan Farrell said". The left word is a lowercase word that no
/// title follows in a phrase ("the company's chairman").
fn titled_speaker(doc: &Document, seam: &Seam) -> Option<Opening> {
    let left = doc.slice(seam.left);
    let bytes = doc.text().as_bytes();
    let [Some(first), Some(last), Some(verb)] = seam.after[..3] else {
        return None;
    };
    let spaced = [(seam.right, first), (first, last), (last, verb)]
        .iter()
        .all(|(a, b)| b.start == a.end + 1 && bytes[a.end] == b' ');
    let evidence = || doc.evidence();
    let (first, last, verb) = (doc.slice(first), doc.slice(last), doc.slice(verb));
    // The words first: only a seam they pass needs the document's evidence.
    (starts_lower(left)
        && spaced
        && starts_upper(first)
        && starts_upper(last)
        && with_lists(verb, |v| v.any(Lists::REPORTING_VERBS))
        && !with_lists(left, |l| {
            l.any(Lists::NAME_CONTEXTS)
                || l.any(Lists::REPORTING_VERBS)
                || l.any(Lists::TITLES)
                || l.any(Lists::MODIFIERS)
        })
        && evidence().word(last).capitalised_first >= 1
        && !evidence().capitalises_nouns()
        && !evidence().side_by_side_elsewhere(left, doc.slice(seam.right)))
    .then_some(Opening::NameRun)
}

/// The most words of a heading that a name run may follow: longer openings ending on a verb
/// ("released Mr. Whitcombe") are sentences.
const NAME_RUN_HEADING_WORDS: usize = 5;

/// "to see Mr. Benn": the word before the seam is a lowercase verb after "to" (not a place:
/// "The road to Vienna").
fn after_infinitive_marker(doc: &Document, seam: &Seam) -> bool {
    starts_lower(doc.slice(seam.left))
        && seam
            .before_left
            .is_some_and(|word| doc.slice(word).eq_ignore_ascii_case("to"))
}

/// Capitalised uses inside sentences that are not part of a longer name: "Hospitals" in "the
/// Copenhagen University Hospitals" does not count.
fn capitalised_alone_inside(stats: WordStats) -> u16 {
    stats
        .capitalised_inside
        .saturating_sub(stats.after_capitalised)
}

/// Whether one of the three words after the opener is capitalised, as in a title in title
/// case, where a sentence goes on in lower case ("the game Now we have to go").
fn capital_follows(doc: &Document, seam: &Seam) -> bool {
    seam.after
        .iter()
        .take(3)
        .flatten()
        .any(|&span| starts_upper(doc.slice(span)))
}

/// A preposition that opens a sentence with a place or time and a comma: "its peak In
/// Vancouver, it fell". The capitalised run after the opener ends at a comma.
fn introductory_phrase(doc: &Document, seam: &Seam) -> bool {
    let text = doc.text();
    let right = doc.slice(seam.right);
    if !written(right).any(Lists::PREPOSITION_OPENERS) || !starts_lower(doc.slice(seam.left)) {
        return false;
    }
    let mut last = None;
    for span in seam.after.iter().take(3).flatten() {
        if !starts_upper(doc.slice(*span)) {
            break;
        }
        last = Some(*span);
    }
    last.is_some_and(|span| text[span.end..].starts_with(','))
}

/// "about Tuesday Only Tuesday": a name the document uses on its own on both sides of the
/// opener, not the parts of one longer name ("Formula One Grand Prix").
fn names_on_both_sides(doc: &Document, seam: &Seam) -> bool {
    let evidence = doc.evidence();
    let next = seam.after[0].map(|span| doc.slice(span));
    stands_alone_as_name(evidence.word(doc.slice(seam.left)))
        && next.is_some_and(|next| stands_alone_as_name(evidence.word(next)))
}

/// A capitalised word the document uses on its own inside sentences and never at the head of
/// a longer name: "Friday", "Tuesday", "Mali", not "Formula" or "Thomas".
fn stands_alone_as_name(stats: WordStats) -> bool {
    stats.lowercase == 0
        && stats.capitalised_inside > NAME_USES_ELSEWHERE
        && stats.before_capitalised <= 1
}

/// The evidence for a seam whose right word is not an opener: a common word, an unseen plural
/// or gerund, a name used as a subject, or two names.
fn other_opening(doc: &Document, seam: &Seam, place: Place, next: &str) -> Option<Opening> {
    let heading = match place {
        Place::Heading(shape) => Some(shape),
        Place::Sentence => None,
    };
    let (left, right) = (doc.slice(seam.left), doc.slice(seam.right));
    let after_name_context = with_lists(left, |l| l.any(Lists::NAME_CONTEXTS));
    if next.chars().next().map_or(true, char::is_uppercase)
        || right.chars().count() < 2
        || !left.chars().all(char::is_alphabetic)
        || with_lists(left, |l| {
            l.any(Lists::REPORTING_VERBS) || l.any(Lists::TITLES) || l.any(Lists::MODIFIERS)
        })
    {
        return None;
    }
    if heading.is_none()
        && doc
            .glance()
            .is_some_and(|glance| !may_open_inside_sentence(doc, glance, left, right, next))
    {
        return None;
    }
    let evidence = doc.evidence();
    if evidence.side_by_side_elsewhere(left, right) {
        return None;
    }
    let (left_stats, right_stats) = (evidence.word(left), evidence.word(right));
    if evidence.capitalises_nouns() {
        // German capitalises every noun, so names and plurals say nothing; but a word it
        // writes in lower case elsewhere ("besonders") is capitalised only at a sentence's
        // start.
        let german = is_german(evidence) && heading.map_or(true, HeadingShape::headline_like);
        return (german && right_stats.lowercase > 0 && right_stats.capitalised_inside <= 1)
            .then_some(Opening::CommonWord);
    }
    let common = (right_stats.lowercase > 0
        || singular_seen_in_lowercase(evidence, right)
        || (heading.is_some() && plural_seen_in_lowercase(evidence, right)))
        && capitalised_alone_inside(right_stats) <= 1;
    let verb_follows = is_verb(next);
    let Some(shape) = heading else {
        // Inside a sentence a capitalised common word is as often part of a title or a name
        // ("the shadow Cabinet had", "four Futures titles"): only a plural subject before an
        // auxiliary or a reporting verb passes ("the dollar Analysts said"). A name after a
        // lowercase word never passes: "In a statement Google said", "the giant Citigroup
        // has", "the first time Microsoft has" are all one sentence. A surname after a place
        // may pass ("teaches music in Clifden Walsh moved"), when the caller finds a complete
        // clause before it.
        if starts_upper(left) {
            return is_surname_after_place(left_stats, right_stats)
                .then_some(Opening::NameAfterName);
        }
        return (common && looks_plural(right) && verb_follows).then_some(Opening::CommonWord);
    };
    if shape.narrative {
        return None;
    }
    // A gerund never reports speech: before a reporting verb a word in -ing is a surname
    // ("leader Pickering said"), and after a capitalised word, a first name, before any verb
    // ("Sarah Pickering has").
    let gerund = is_gerund(right) && !with_lists(next, |n| n.any(Lists::REPORTING_VERBS));
    let unseen = right_stats.occurrences <= 1 && (looks_plural(right) || gerund);
    if starts_upper(left) {
        // Two names that never stand together are strong enough evidence even after an
        // opening phrase ("From the ports, Russian weapons are trucked to Mali Russia's").
        let name_after_name = shape.words >= NAME_HEADING_WORDS
            && !after_name_context
            && is_name_after_name(left_stats, right_stats)
            && !seam
                .before_left
                .is_some_and(|word| with_lists(doc.slice(word), |w| w.any(Lists::DETERMINERS)));
        return if name_after_name {
            Some(Opening::NameAfterName)
        } else {
            (shape.headline_like() && starts_lower(next) && unseen && gerund && !verb_follows)
                .then_some(Opening::Unseen)
        };
    }
    // A number after the word may belong to it ("crossed Highway 5"); only two names take one.
    if shape.adverbial || !starts_lower(next) {
        return None;
    }
    if common {
        return Some(Opening::CommonWord);
    }
    if unseen {
        return Some(Opening::Unseen);
    }
    if after_infinitive_marker(doc, seam) {
        return None;
    }
    let subject_verb = with_lists(next, |n| {
        !n.any(Lists::FUNCTION_WORDS) || n.any(Lists::AUXILIARIES)
    });
    (!after_name_context
        && right_stats.lowercase == 0
        && right_stats.capitalised_first >= 1
        && subject_verb
        && !is_possessive(right))
    .then_some(Opening::Subject)
}

/// Whether a seam inside a sentence may pass [`other_opening`], as far as a glance at `doc`
/// shows: a name after a name only as a surname after a place, which opens other sentences
/// and, like the place, stands in the text often enough ([`may_occur`]); a
/// lowercase word only before a plural subject and its verb; anything in a document that may
/// capitalise its nouns, asked last since it reads the whole text.
fn may_open_inside_sentence(
    doc: &Document,
    glance: &Glance,
    left: &str,
    right: &str,
    next: &str,
) -> bool {
    let by_words = if starts_upper(left) {
        glance.may_open_a_sentence(right) && names_may_occur(doc, glance, left, right)
    } else {
        looks_plural(right) && is_verb(next)
    };
    by_words || glance.may_capitalise_nouns(doc)
}

/// An auxiliary or a reporting verb: what a subject at a seam needs after it.
fn is_verb(word: &str) -> bool {
    with_lists(word, |w| {
        w.any(Lists::AUXILIARIES) || w.any(Lists::REPORTING_VERBS)
    })
}

/// "Forecasters", "Governments": ends in `s` but not in `'s`, `ss`, `us` or `is` ("Celsius",
/// "Paris"), five letters or more.
fn looks_plural(word: &str) -> bool {
    word.len() >= 5
        && word.ends_with('s')
        && !["ss", "us", "is"]
            .iter()
            .any(|ending| word.ends_with(ending))
        && word.chars().all(char::is_alphabetic)
}

/// "Organizing", "Going": a gerund of five letters or more.
fn is_gerund(word: &str) -> bool {
    word.len() >= 5 && word.ends_with("ing") && word.chars().all(char::is_alphabetic)
}

/// "Forecasters" when "forecaster" occurs in lower case: a plural common noun.
fn singular_seen_in_lowercase(evidence: &Evidence, word: &str) -> bool {
    let singulars = [
        word.strip_suffix("ies").map(|stem| format!("{stem}y")),
        word.strip_suffix("es").map(str::to_owned),
        word.strip_suffix('s').map(str::to_owned),
    ];
    singulars
        .into_iter()
        .flatten()
        .any(|singular| evidence.word(&singular).lowercase > 0)
}

/// "Tourist" when "tourists" occurs in lower case: a common noun, used as a modifier
/// ("Tourist numbers"). Only after a glued heading: inside a sentence a name can share its
/// letters with a plural ("Mark", "marks").
fn plural_seen_in_lowercase(evidence: &Evidence, word: &str) -> bool {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_alphabetic()) || word.ends_with('s') {
        return false;
    }
    let plural = match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{word}s"),
    };
    evidence.word(&plural).lowercase > 0
}

/// The least number of words of a heading that ends on a name before a name: two capitalised
/// words after a short phrase are too often one name ("Chelsea beat Manchester United").
const NAME_HEADING_WORDS: usize = 4;

/// How often a name must stand inside other sentences to count as evidence.
const NAME_USES_ELSEWHERE: u16 = 2;

/// Two names side by side that the document otherwise never puts in a run of capitalised
/// words: "Mali" and "Russia's" each stand inside other sentences, "Mali" never before a
/// capitalised word and "Russia's" never after one, so they are not one name ("Manchester
/// United"). A first name seen elsewhere only at a sentence start ("Steve has had"), or a
/// surname seen once more ("the Doyle sisters"), is not enough evidence.
fn is_name_after_name(left: WordStats, right: WordStats) -> bool {
    stands_alone_as_name(left)
        && right.capitalised_inside > NAME_USES_ELSEWHERE
        && right.after_capitalised <= 1
}

/// "in Clifden Walsh moved": the left word is a place the document names on its own, the
/// right one a surname it introduced after a first name ("Padraig Walsh") and opens other
/// sentences with.
fn is_surname_after_place(left: WordStats, right: WordStats) -> bool {
    stands_alone_as_name(left)
        && right.lowercase == 0
        && right.capitalised_first >= 1
        && right.after_capitalised >= 2
}

/// How often the document uses a capitalised word alone as a title or name inside a sentence
/// ("the novel It, a bestseller"), not counting the seam itself. "The Hague" does not count:
/// a seam needs a lowercase word after the opener anyway.
fn titles_elsewhere(stats: WordStats, seam_stands_alone: bool) -> u16 {
    stats
        .standing_alone_inside()
        .saturating_sub(u16::from(seam_stands_alone))
}

/// Whether a capitalised word stands alone in the evidence's terms: the word after it is
/// neither lowercase nor capitalised, or more than one space away.
fn stands_alone(doc: &Document, word: Span, next: Option<Span>) -> bool {
    !next.is_some_and(|next| {
        next.start == word.end + 1
            && doc.text().as_bytes()[word.end] == b' '
            && doc
                .slice(next)
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_uppercase())
    })
}

/// After a determiner that opens a sentence, at most three more capitalised words and then a
/// lowercase one: "The Harbor Bridge reopened".
fn capitalised_run_ends_in_lowercase(doc: &Document, seam: &Seam) -> bool {
    seam.after
        .iter()
        .map_while(|span| span.map(|span| doc.slice(span)))
        .find(|word| !starts_upper(word))
        .is_some_and(starts_lower)
}

/// A subheading run into its paragraph: the heading, the whitespace after it and the word that
/// opens the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeadingSeam {
    pub heading: Span,
    pub gap: Span,
    pub opener: Span,
    pub opening: Opening,
}

/// The words after the capitalised word of a seam that [`Seam`] holds.
const SEAM_WORDS_AFTER: usize = 4;

/// The words a block's first line starts with: enough for the longest heading, the opener and
/// the four words after it.
const LOOKAHEAD: usize = MAX_HEADING_WORDS + 1 + SEAM_WORDS_AFTER;

/// The first words of a line, found as they are asked for: most blocks are ruled out within
/// their first few words.
struct LineWords<'a> {
    words: AsciiWords<'a>,
    spans: [Span; LOOKAHEAD],
    count: usize,
}

impl<'a> LineWords<'a> {
    fn new(words: AsciiWords<'a>) -> Self {
        Self {
            words,
            spans: [Span::new(0, 0); LOOKAHEAD],
            count: 0,
        }
    }

    /// The first `n` words (at most [`LOOKAHEAD`]), or all of them if the line has fewer.
    fn first(&mut self, n: usize) -> &[Span] {
        let n = n.min(LOOKAHEAD);
        while self.count < n {
            let Some(span) = self.words.next() else {
                break;
            };
            self.spans[self.count] = span;
            self.count += 1;
        }
        &self.spans[..self.count.min(n)]
    }
}

/// The least number of words a glued heading has.
const MIN_HEADING_WORDS: usize = 2;

/// The least number of words of the paragraph after a glued heading.
const MIN_PARAGRAPH_WORDS: usize = 4;

/// The first seam in `block` that ends a glued subheading, if any; see `merged-heading`'s docs
/// for the signals.
pub(super) fn heading_seam(doc: &Document, block: Block) -> Option<HeadingSeam> {
    let line = doc.lines()[block.first_line];
    let line_text = doc.line_text(block.first_line);
    if !line_text.chars().next().is_some_and(char::is_uppercase)
        || line_text.starts_with("By ")
        || doc.subheadings().is_empty()
        || !is_paragraph(doc, block)
    {
        return None;
    }
    let mut line_words = LineWords::new(ascii_words(line_text, line.start));
    let first = *line_words.first(1).first()?;
    let (question, adverbial) = with_lists(doc.slice(first), |w| {
        let question = w.any(Lists::QUESTION_WORDS);
        let adverbial = !question && w.any(Lists::FUNCTION_WORDS) && !w.any(Lists::DETERMINERS);
        (question, adverbial)
    });
    // Whether the words before the seam hold a narrative word, read up to `narrative_upto` so
    // far: only blocks with a candidate seam pay for the lookups.
    let (mut narrative, mut narrative_upto) = (false, 0);
    let mut commas = 0;
    for k in 1..=MAX_HEADING_WORDS {
        let spans = line_words.first(k + 1);
        if spans.len() <= k {
            break;
        }
        let gap = Span::new(spans[k - 1].end, spans[k].start);
        // One space, the commonest gap, passes every test of a gap without a look at its text.
        let one_space = gap.len() == 1 && doc.text().as_bytes()[gap.start] == b' ';
        let candidate = k >= MIN_HEADING_WORDS
            && (one_space || is_space(doc.slice(gap)))
            && starts_upper(doc.slice(spans[k]));
        let title_case = candidate && heading_in_title_case(doc, spans, k);
        if candidate && !heading_seam_blocked(doc, spans, k, question, title_case) {
            // A word pair before an earlier, blocked seam is read here: the pair that ends on
            // that seam's capitalised word is never a verb and its object.
            for i in narrative_upto..k {
                narrative |= with_lists(doc.slice(spans[i]), |w| {
                    w.any(Lists::REPORTING_VERBS | Lists::NARRATIVE_AUXILIARIES)
                });
                if !question && i + 1 < k && is_verb_with_object(doc, spans[i], spans[i + 1]) {
                    return None;
                }
            }
            narrative_upto = k;
            let shape = HeadingShape {
                words: k,
                narrative,
                adverbial,
                title_case,
                question,
            };
            let spans = line_words.first(k + SEAM_WORDS_AFTER + 1);
            if let Some(seam) = judge_heading_seam(doc, block, spans, k, shape) {
                return Some(seam);
            }
        }
        if !one_space {
            let gap = doc.slice(gap);
            commas += gap.bytes().filter(|&b| b == b',').count();
            if commas > 1 || !is_heading_gap(gap) {
                break;
            }
        }
    }
    None
}

/// "approved the", "sold its": a lowercase past tense before a determiner, one space apart,
/// as a sentence's verb and its object stand. Headlines drop their articles ("Council approves
/// depot"), so words before a seam that hold this are a sentence run into the next, which
/// `run-on-sentence` reports, and not a glued subheading.
fn is_verb_with_object(doc: &Document, verb: Span, object: Span) -> bool {
    let word = doc.slice(verb);
    word.len() >= 5
        && word.ends_with("ed")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && doc.slice(Span::new(verb.end, object.start)) == " "
        && with_lists(doc.slice(object), |w| w.any(Lists::DETERMINERS))
        && starts_lower(doc.slice(object))
}

/// What may stand between two words of a heading: spaces, a comma, `&`, and the apostrophe
/// of a plural possessive ("Investors' questions").
fn is_heading_gap(gap: &str) -> bool {
    let gap = gap
        .strip_prefix('\'')
        .or_else(|| gap.strip_prefix('\u{2019}'))
        .unwrap_or(gap);
    gap.bytes().all(|b| b == b' ' || b == b',' || b == b'&')
}

/// Judges the seam before word `k` of the block's first line: the words first, the heading's
/// style and the paragraph after it only for a seam that passes.
fn judge_heading_seam(
    doc: &Document,
    block: Block,
    spans: &[Span],
    k: usize,
    shape: HeadingShape,
) -> Option<HeadingSeam> {
    let heading = Span::new(spans[0].start, spans[k - 1].end);
    let style = || HeadingStyle::of(doc.slice(heading));
    let seam = Seam::from_spans(doc, spans, k);
    let opening = opening(doc, &seam, Place::Heading(shape))?;
    let rest = Span::new(spans[k].start, doc.block_span(block).end);
    (has_subheading_like(doc, style())
        && words(doc.slice(rest), 0).take(MIN_PARAGRAPH_WORDS).count() == MIN_PARAGRAPH_WORDS)
        .then_some(HeadingSeam {
            heading,
            gap: seam.gap(),
            opener: seam.right,
            opening,
        })
}

/// Whether the words before word `k` of `spans` (a block's first words) end in a capitalised
/// function word of a heading in title case ("How the Reunion Came About"). Title case
/// matters only where it lets a heading end on such a word, so the style is read only then.
fn heading_in_title_case(doc: &Document, spans: &[Span], k: usize) -> bool {
    let left = doc.slice(spans[k - 1]);
    starts_upper(left)
        && is_function_word(left)
        && HeadingStyle::of(doc.slice(Span::new(spans[0].start, spans[k - 1].end)))
            == Some(HeadingStyle::Title)
}

/// Whether the seam before word `k` of `spans` fails [`opening`]'s first test
/// ([`blocked_at_seam`]) after a heading in `title_case` ([`heading_in_title_case`]) or not,
/// whatever the heading's other traits: asked before anything else is read for the seam.
fn heading_seam_blocked(
    doc: &Document,
    spans: &[Span],
    k: usize,
    question: bool,
    title_case: bool,
) -> bool {
    let (left, right) = (doc.slice(spans[k - 1]), doc.slice(spans[k]));
    let question_ends_on_verb = question && with_lists(left, |l| l.any(Lists::AUXILIARIES));
    blocked_at_seam(left, right, title_case || question_ends_on_verb)
}

/// Whether the document has a stand-alone subheading in the same capitalisation style as a
/// glued heading candidate of `style`. A heading too short to have a style ("What to do",
/// "Results") matches any other, and in a document that capitalises its nouns every heading
/// looks like title case, so any subheading matches there.
fn has_subheading_like(doc: &Document, style: Option<HeadingStyle>) -> bool {
    let subheadings = doc.subheadings();
    if subheadings.is_empty() {
        return false;
    }
    let capitalises_nouns = doc.evidence().capitalises_nouns();
    subheadings.iter().any(|subheading| {
        capitalises_nouns
            || style.is_none()
            || subheading.style.is_none()
            || subheading.style == style
    })
}

fn is_title(word: &str) -> bool {
    seam_words().may_be_title(word) && with_lists(word, |w| w.any(Lists::TITLES))
}

pub(super) fn is_space(gap: &str) -> bool {
    !gap.is_empty() && gap.bytes().all(|b| b == b' ')
}

fn starts_lower(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// Two or more letters, all capitals: an acronym ("BBC") or a dateline ("LONDON").
#[inline]
pub(super) fn is_acronym(word: &str) -> bool {
    // Most words show a lowercase letter in their first two bytes.
    let lowercase_at = |at: usize| word.as_bytes().get(at).is_some_and(u8::is_ascii_lowercase);
    !lowercase_at(0) && !lowercase_at(1) && all_capitals(word)
}

fn all_capitals(word: &str) -> bool {
    if word.is_ascii() {
        let mut capitals = 0;
        for &b in word.as_bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            capitals += usize::from(b.is_ascii_uppercase());
        }
        return capitals >= 2;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

/// "Brown's", "Brown\u{2019}s": the word after names what belongs to it ("Brown's Budget").
pub(super) fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("\u{2019}s") || word.ends_with("'S")
}

/// Whether `text` holds an auxiliary or a reporting verb ("was", "has", "said"): a complete
/// clause.
pub(super) fn holds_finite_verb(text: &str) -> bool {
    words(text, 0).any(|span| is_verb(&text[span.start..span.end]))
}

/// Whether a word is a function word ("The", "of"), compared ignoring case.
pub(super) fn is_function_word(word: &str) -> bool {
    with_lists(word, |w| w.any(Lists::FUNCTION_WORDS))
}

/// Whether a title could start right after `word`: a naming verb or a name context ("the show
/// Faking It").
pub(super) fn introduces_title(word: &str) -> bool {
    with_lists(word, |w| {
        w.any(Lists::NAMING_VERBS) || w.any(Lists::NAME_CONTEXTS)
    })
}

pub(super) fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub(super) fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::is_sentence_opener;

    #[test]
    fn seam_lists_are_consistent() {
        let list: SeamList = toml::from_str(include_str!("../../../rules/seams.toml")).unwrap();
        for opener in &list.fused_openers {
            assert!(
                is_sentence_opener(opener),
                "{opener} is not in openers.toml"
            );
        }
        for title in &list.title_openers {
            assert!(
                list.fused_openers.contains(title),
                "{title} is not a fused opener"
            );
        }
        let lowercase = [
            &list.determiners,
            &list.function_words,
            &list.modifiers,
            &list.auxiliaries,
            &list.narrative_auxiliaries,
            &list.reporting_verbs,
            &list.naming_verbs,
            &list.name_contexts,
            &list.conjunctions,
            &list.titles,
            &list.question_words,
        ];
        for word in lowercase.into_iter().flatten() {
            assert_eq!(
                *word,
                word.to_lowercase(),
                "{word} should be written lowercase"
            );
        }
        let openers = [
            &list.fused_openers,
            &list.foreign_openers,
            &list.extra_openers,
        ];
        for opener in openers.into_iter().flatten() {
            assert!(
                seam_words().starts_like_opener(opener),
                "{opener} fails the prefix filter"
            );
        }
        for opener in sentence_openers() {
            assert!(
                seam_words().starts_like_opener(opener),
                "{opener} fails the prefix filter"
            );
        }
        let all_openers = [
            &list.fused_openers,
            &list.foreign_openers,
            &list.noun_articles,
            &list.extra_openers,
        ];
        for opener in all_openers.into_iter().flatten() {
            assert!(
                seam_words().may_be_listed_opener(opener),
                "{opener} fails the three-byte filter"
            );
        }
        for opener in sentence_openers() {
            assert!(
                seam_words().may_be_listed_opener(opener),
                "{opener} fails the three-byte filter"
            );
        }
        assert!(!seam_words().starts_like_opener("Brown"));
        for title in &list.titles {
            assert!(
                seam_words().may_be_title(title),
                "{title} fails the prefix filter"
            );
        }
        assert!(!seam_words().may_be_title("Walsh"));
        assert!(!seam_words().starts_like_opener("L'ann\u{e9}e"));
        assert!(!seam_words().starts_like_opener("L\u{2019}ann\u{e9}e"));
        assert_eq!(opener_kind("Won't", false), Some(OpenerKind::Broad));
        assert_eq!(opener_kind("Brown's", false), None);
        for auxiliary in &list.auxiliaries {
            assert!(
                list.function_words.contains(auxiliary),
                "{auxiliary} is not a function word"
            );
        }
    }

    /// [`opener_kind`] as first written: the apostrophe scan and the lookup for every word
    /// whose first two bytes start an opener or that holds an apostrophe.
    fn reference_opener_kind(word: &str, after_heading: bool) -> Option<OpenerKind> {
        if after_heading && word == "A" {
            return Some(OpenerKind::Fused);
        }
        let apostrophe = has_apostrophe(word);
        if !seam_words().starts_like_opener(word) && !apostrophe {
            return None;
        }
        let lists = written(word);
        if lists.any(Lists::FUSED_OPENERS) {
            Some(OpenerKind::Fused)
        } else if lists.any(Lists::FOREIGN_OPENERS) || is_elided_article(word) {
            Some(OpenerKind::Foreign)
        } else if lists.any(Lists::NOUN_ARTICLES) {
            Some(OpenerKind::NounArticle)
        } else if word.len() > 1
            && (lists.any(Lists::EXTRA_OPENERS | Lists::SENTENCE_OPENERS)
                || (apostrophe && is_opener_contraction(word)))
        {
            Some(OpenerKind::Broad)
        } else {
            None
        }
    }

    proptest::proptest! {
        #[test]
        fn opener_kinds_agree_with_the_reference(
            word in "(The|But|Les|Die|Nobody|Let|That|We|It|I|A|L|Won|Brown|Th|Ma|Thomas|Mark|Eine|Seg\u{fa}n|\u{c9}l)(|'|\u{2019})(|s|re|ll|d|m|t|n't|n\u{2019}t|ann\u{e9}e|\u{e9}quipe|[a-zA-Z'\u{2019}]{0,4})",
            after_heading in proptest::bool::ANY,
        ) {
            proptest::prop_assert_eq!(
                opener_kind(&word, after_heading),
                reference_opener_kind(&word, after_heading)
            );
        }
    }

    proptest::proptest! {
        /// [`may_occur`] answers as a plain count of the word's case-insensitive matches.
        #[test]
        fn occurrences_agree_with_a_plain_count(
            text in "[a-zA-Z .]{0,80}",
            word in "[a-zA-Z]{1,3}",
            times in 1..4usize,
        ) {
            let plain = word.len() < 2
                || word.bytes().any(|b| b.eq_ignore_ascii_case(&b'k'))
                || (0..text.len())
                    .filter(|&at| {
                        text.as_bytes()
                            .get(at..at + word.len())
                            .is_some_and(|found| found.eq_ignore_ascii_case(word.as_bytes()))
                    })
                    .count()
                    >= times;
            proptest::prop_assert_eq!(may_occur(&text, &word, times), plain);
        }

        /// [`may_occur`] never says no where the evidence lets a place and its surname pass.
        #[test]
        fn occurrences_bound_the_evidence(
            pieces in proptest::collection::vec(
                (
                    proptest::sample::select(&["Clifden", "CLIFDEN", "clifden", "Walsh", "WALSH", "Kerry", "\u{212a}erry", "kerry", "Ana", "the", "said", "Caf\u{e9}", "caf\u{c9}"][..]),
                    proptest::sample::select(&[" ", " ", ". ", ", ", "\n\n", "-", "'"][..]),
                ),
                0..40,
            )
        ) {
            let text: String = pieces.iter().flat_map(|(word, gap)| [*word, *gap]).collect();
            let doc = Document::new(&text);
            let evidence = doc.evidence();
            for span in words(&text, 0) {
                let word = doc.slice(span);
                let stats = evidence.word(word);
                if stands_alone_as_name(stats) {
                    proptest::prop_assert!(may_occur(&text, word, PLACE_USES), "{word}");
                }
                if stats.capitalised_first >= 1 && stats.after_capitalised >= 2 {
                    proptest::prop_assert!(may_occur(&text, word, SURNAME_USES), "{word}");
                }
            }
        }

        #[test]
        fn titles_agree_with_the_lookup(
            word in "(Mr|MRS|Dr|Minister|Pr|Gen|Lt|Sen|King|Kingdom|Chief|Ch|Brown|Padraig|\u{c9}mile|M\u{2019}|\u{212a}ing)(|s|[a-zA-Z\u{e9}\u{2019}-]{0,6})",
        ) {
            proptest::prop_assert_eq!(
                is_title(&word),
                with_lists(&word, |w| w.any(Lists::TITLES))
            );
        }
    }

    #[test]
    fn word_shapes() {
        assert!(is_acronym("BBC") && is_acronym("LONDON") && !is_acronym("A"));
        assert!(!is_acronym("Mali"));
        assert!(is_possessive("Brown's") && is_possessive("Brown\u{2019}s"));
        assert!(!is_possessive("Browns"));
        assert!(is_space("  ") && !is_space("") && !is_space(" , "));
        assert!(looks_plural("Forecasters") && !looks_plural("Celsius") && !looks_plural("Paris"));
        assert!(is_opener_contraction("Don\u{2019}t") && is_opener_contraction("That's"));
        assert!(!is_opener_contraction("Brandt's"));
        assert!(is_heading_gap("\u{2019} ") && is_heading_gap(", ") && !is_heading_gap(": "));
    }

    #[test]
    fn plural_of_a_common_word() {
        let doc = Document::new("A forecaster spoke. The city said so.\n");
        assert!(singular_seen_in_lowercase(doc.evidence(), "Forecasters"));
        assert!(singular_seen_in_lowercase(doc.evidence(), "Cities"));
        assert!(!singular_seen_in_lowercase(doc.evidence(), "Paris"));
    }

    #[test]
    fn singular_of_a_common_plural() {
        let doc = Document::new("Tourists came, and the tourists stayed. Cities grew.\n");
        assert!(plural_seen_in_lowercase(doc.evidence(), "Tourist"));
        assert!(!plural_seen_in_lowercase(doc.evidence(), "City"));
        assert!(!plural_seen_in_lowercase(doc.evidence(), "Tourists"));
    }

    /// [`opening`] after the test on the two words that its callers make first.
    fn opening_at(text: &str, left: &str, place: Place) -> Option<Opening> {
        let doc = Document::new(text);
        let at = text.find(&format!("{left} ")).unwrap();
        let mut spans = words(text, 0).skip_while(|span| span.start < at);
        let (left, right) = (spans.next().unwrap(), spans.next().unwrap());
        let (left_word, right_word) = (doc.slice(left), doc.slice(right));
        let left_may_be_listed = match place {
            Place::Heading(shape) => {
                (shape.title_case && starts_upper(left_word))
                    || (shape.question && with_lists(left_word, |l| l.any(Lists::AUXILIARIES)))
            }
            Place::Sentence => false,
        };
        if blocked_at_seam(left_word, right_word, left_may_be_listed) {
            return None;
        }
        opening(&doc, &Seam::new(&doc, left, right), place)
    }

    fn opening_of(text: &str, left: &str) -> Option<Opening> {
        opening_at(text, left, Place::Sentence)
    }

    const HEADLINE: Place = Place::Heading(HeadingShape {
        words: 3,
        narrative: false,
        adverbial: false,
        title_case: false,
        question: false,
    });

    #[test]
    fn openings_inside_sentences() {
        assert_eq!(
            opening_of("Prices rose on Friday The council met.\n", "Friday"),
            Some(Opening::Opener)
        );
        assert_eq!(
            opening_of("It leaks a minute After grouting it stopped.\n", "minute"),
            Some(Opening::Opener)
        );
        assert_eq!(
            opening_of(
                "It fell from its peak In Vancouver, it fell less.\n",
                "peak"
            ),
            Some(Opening::Opener)
        );
        assert_eq!(
            opening_of(
                "The officials left. The base closed Officials said so.\n",
                "closed"
            ),
            Some(Opening::CommonWord)
        );
        assert_eq!(
            opening_of(
                "The military left. The base closed Military officials met.\n",
                "closed"
            ),
            None,
            "inside a sentence a common word must be a plural subject"
        );
        assert_eq!(
            opening_of(
                "Halvard grew. Sales slowed this year Halvard has rivals.\n",
                "year"
            ),
            None,
            "a name after a lowercase word is one sentence"
        );
        assert_eq!(opening_of("She told The Times of it.\n", "told"), None);
        assert_eq!(opening_of("He met in The Hague today.\n", "in"), None);
        assert_eq!(
            opening_of("He wrote in The Lancet that it works.\n", "in"),
            None
        );
        assert_eq!(
            opening_of("Fans saw the film It was long and loud.\n", "film"),
            None,
            "a one-word title after a name context"
        );
        assert_eq!(
            opening_of("Fans watched the show Faking It and the news.\n", "Faking"),
            None
        );
        assert_eq!(
            opening_of("He starred in a Formula One race all year.\n", "Formula"),
            None
        );
    }

    #[test]
    fn glued_heading_ending_on_a_name_before_a_name() {
        let text = "Port strike ends\n\n\
                    Ships left Tarsen for Valdora. Cargo from Tarsen reached Valdora's docks. \
                    Crews in Tarsen waited. Trucks at Valdora's gates queued. Tarsen was calm, \
                    and Valdora's cranes stood idle.\n\n\
                    What the deal gives\n\n\
                    Workers won a raise.\n\n\
                    From the coast, the goods go to Tarsen Valdora's cranes work at night. \
                    They load ships.\n";
        let doc = Document::new(text);
        let glued: Vec<_> = doc
            .blocks()
            .iter()
            .filter_map(|&block| heading_seam(&doc, block))
            .map(|seam| {
                (
                    doc.slice(seam.heading),
                    doc.slice(seam.opener),
                    seam.opening,
                )
            })
            .collect();
        assert_eq!(
            glued,
            [(
                "From the coast, the goods go to Tarsen",
                "Valdora's",
                Opening::NameAfterName
            )]
        );
    }

    #[test]
    fn openings_after_headings() {
        let text = "Halvard grew fast. Slow growth Halvard faces rivals.\n";
        assert_eq!(opening_at(text, "growth", HEADLINE), Some(Opening::Subject));
        assert_eq!(
            opening_at(
                "A long road Spectators lined the route.\n",
                "road",
                HEADLINE
            ),
            Some(Opening::Unseen)
        );
        assert_eq!(
            opening_at("What happens next Mr. Vik will rule.\n", "next", HEADLINE),
            Some(Opening::NameRun)
        );
        assert_eq!(
            opening_at(
                "Two ships sailed. The cargo ship Aurora left port.\n",
                "ship",
                HEADLINE
            ),
            None,
            "a name after a name context"
        );
    }
}
