//! A glance at a short document: two facts that cost a fraction of the evidence pass
//! ([`super::Evidence`]) and let a rule rule out a seam without it.
//!
//! Most news articles contain seams that the seam rules must judge on document-level evidence,
//! but most of those seams fail on a fact a glance can settle: a surname after a place must
//! open another sentence of the document, and only a document that capitalises its nouns
//! (German) judges a capitalised word by its lower-case uses alone. So a rule asks the glance
//! first, and gathers the evidence only for a seam the glance cannot rule out.
//!
//! Both facts err towards "maybe", never towards "no": the glance never changes a finding,
//! only how often the evidence is gathered. A long document almost always needs the evidence
//! anyway, so only documents up to [`MAX_GLANCE_BYTES`] are glanced at.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::bytes::{word_classes_at, CHUNK};
use super::evidence::{capitals_mark_nouns, fold_word};
use super::words::{ascii_word_end, starts_upper};
use super::{words, Document, Span};

/// The longest document worth a glance before its evidence.
pub const MAX_GLANCE_BYTES: usize = 64 * 1024;

/// How many passes over the whole text a glanced document grants its rules
/// ([`Glance::take_text_pass`]): enough for every seam of a news article, few enough that
/// seams asking for one each stay linear in the document's length.
const TEXT_PASSES: usize = 32;

/// What a glance shows; see the module documentation.
#[derive(Debug)]
pub struct Glance {
    /// [`opener_key`]s of the capitalised words that open a sentence, sorted, without repeats.
    sentence_openers: Vec<u64>,
    /// Read over the whole text on first use: most documents glanced at never need it.
    may_capitalise_nouns: OnceLock<bool>,
    text_passes_left: AtomicUsize,
}

impl Glance {
    pub(crate) fn take(doc: &Document) -> Self {
        let mut sentence_openers: Vec<u64> = doc
            .sentences()
            .iter()
            .filter_map(|&sentence| capitalised_first_key(doc, sentence))
            .collect();
        sentence_openers.sort_unstable();
        sentence_openers.dedup();
        Self {
            sentence_openers,
            may_capitalise_nouns: OnceLock::new(),
            text_passes_left: AtomicUsize::new(TEXT_PASSES),
        }
    }

    /// Whether `word` (any case) may be a capitalised sentence's first word in the document:
    /// no means its [`super::WordStats::capitalised_first`] is 0.
    pub fn may_open_a_sentence(&self, word: &str) -> bool {
        self.sentence_openers
            .binary_search(&opener_key(word))
            .is_ok()
    }

    /// Whether a rule may make one more pass over the whole text for a glanced fact; once
    /// [`TEXT_PASSES`] are taken it must answer "maybe" without one.
    pub fn take_text_pass(&self) -> bool {
        self.text_passes_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(1)
            })
            .is_ok()
    }

    /// Whether `doc`, the document glanced at, may capitalise its nouns: no means
    /// [`super::Evidence::capitalises_nouns`] is false.
    pub fn may_capitalise_nouns(&self, doc: &Document) -> bool {
        *self.may_capitalise_nouns.get_or_init(|| {
            let (mut capitals_at_most, mut words_at_least) = (0, 0);
            for &sentence in doc.sentences() {
                let first_capitalised = capitalised_first_key(doc, sentence).is_some();
                let (capitals, words) = count_bounds(doc.text(), sentence, first_capitalised);
                capitals_at_most += capitals;
                words_at_least += words;
            }
            capitals_mark_nouns(capitals_at_most, words_at_least)
        })
    }
}

/// The [`opener_key`] of the first word of `sentence`, if capitalised. A sentence mostly
/// starts right on an ASCII letter, whose case decides it and whose word is keyed without a
/// look at its characters.
fn capitalised_first_key(doc: &Document, sentence: Span) -> Option<u64> {
    let bytes = &doc.text().as_bytes()[..sentence.end];
    match bytes.get(sentence.start) {
        Some(b) if b.is_ascii_lowercase() || b.is_ascii_digit() => return None,
        Some(b) if b.is_ascii_uppercase() => {
            if let Some(end) = ascii_word_end(bytes, sentence.start) {
                return Some(packed_key(&bytes[sentence.start..end]));
            }
        }
        _ => {}
    }
    capitalised_first_word(doc, sentence).map(opener_key)
}

/// The first word of `sentence`, if capitalised.
fn capitalised_first_word<'a>(doc: &'a Document, sentence: Span) -> Option<&'a str> {
    words(doc.slice(sentence), sentence.start)
        .next()
        .map(|span| doc.slice(span))
        .filter(|word| starts_upper(word))
}

/// The key a glance files a word under: the first seven bytes of the word as
/// [`super::word_key`] folds it (letters lowercased, the curly apostrophe read as `'`, Unicode
/// hyphens as `-`), and its folded length in the top byte. Words of equal `word_key` fold
/// alike and so share it; words that share it only make the glance answer "maybe". A word
/// holds letters, digits, `'` and `-`, whose ASCII bytes setting bit 5 lowercases, so an
/// ASCII word is keyed without a copy: a few instructions, where `word_key` hashes.
fn opener_key(word: &str) -> u64 {
    let bytes = word.as_bytes();
    if bytes.is_ascii() {
        return packed_key(bytes);
    }
    packed_key(&fold_word(word))
}

/// [`opener_key`] of folded bytes, or of ASCII bytes that setting bit 5 folds.
fn packed_key(bytes: &[u8]) -> u64 {
    let head = bytes
        .iter()
        .take(7)
        .enumerate()
        .fold(0u64, |key, (i, &b)| key | u64::from(b | 0x20) << (8 * i));
    head | (bytes.len() as u64) << 56
}

/// For the sentence `text[sentence.start..sentence.end]`: at least as many bytes as it has
/// words capitalised inside it (an ASCII capital after no ASCII letter or digit, or a capital
/// outside ASCII, less one for a capitalised first word), and at most as many as it has words
/// (an ASCII letter or digit after a space), read [`CHUNK`] bytes at a time.
fn count_bounds(text: &str, sentence: Span, first_capitalised: bool) -> (u64, u64) {
    let bytes = text.as_bytes();
    let (mut capitals, mut words) = (0, 0);
    let (mut alnum_before, mut space_before) = (0, 0);
    for at in (sentence.start..sentence.end).step_by(CHUNK) {
        let left = sentence.end - at;
        let live = if left >= CHUNK {
            u64::MAX
        } else {
            (1 << left) - 1
        };
        let classes = word_classes_at(bytes, at);
        let after_alnum = classes.alnum << 1 | alnum_before;
        let after_space = classes.space << 1 | space_before;
        capitals += u64::from((classes.upper & !after_alnum & live).count_ones());
        words += u64::from((classes.alnum & after_space & live).count_ones());
        let mut non_ascii = classes.non_ascii & live;
        while non_ascii != 0 {
            let start = at + non_ascii.trailing_zeros() as usize;
            non_ascii &= non_ascii - 1;
            let capital = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase);
            capitals += u64::from(capital);
        }
        alnum_before = classes.alnum >> (CHUNK - 1);
        space_before = classes.space >> (CHUNK - 1);
    }
    (capitals.saturating_sub(u64::from(first_capitalised)), words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn glance(text: &str) -> Glance {
        Glance::take(&Document::new(text))
    }

    #[test]
    fn sentence_openers_are_the_capitalised_first_words() {
        let glance = glance(
            "Harbour crews worked late. \u{201c}Tides rose,\u{201d} said Ana Roy. it ended.",
        );
        assert!(glance.may_open_a_sentence("Harbour"));
        assert!(glance.may_open_a_sentence("TIDES"));
        assert!(!glance.may_open_a_sentence("Roy"));
        assert!(!glance.may_open_a_sentence("it"));
    }

    #[test]
    fn a_glance_grants_a_bounded_number_of_text_passes() {
        let glance = glance("Anna Berg said the vote was close.");
        let granted = (0..TEXT_PASSES + 8)
            .filter(|_| glance.take_text_pass())
            .count();
        assert_eq!(granted, TEXT_PASSES);
    }

    #[test]
    fn english_prose_does_not_capitalise_nouns_german_may() {
        let english = "The council met on Monday and the mayor said the budget would pass. \
                       Residents asked about the bridge, the school and the old market hall.";
        let german = "Die Stadt Baut Eine Neue Brücke Über Den Fluss. Der Rat Stimmt Am Montag Ab.";
        let (english, german) = (Document::new(english), Document::new(german));
        assert!(!Glance::take(&english).may_capitalise_nouns(&english));
        assert!(Glance::take(&german).may_capitalise_nouns(&german));
    }

    fn document_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => "[a-z]{1,10}",
            4 => "[A-Z][a-z]{0,8}",
            1 => "[A-Z]{2,4}",
            1 => "[0-9]{1,3}",
            12 => Just(" ".to_string()),
            2 => "[.,;:!?]",
            1 => "\n\n?",
            2 => "['\\-\"(]",
            1 => "[\u{e9}\u{c9}\u{dc}\u{fc}\u{301}\u{2019}\u{a0}\u{201c}\u{2014}]",
        ];
        prop::collection::vec(piece, 0..300).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn a_glance_never_says_no_where_the_evidence_says_yes(text in document_text()) {
            let doc = Document::new(&text);
            let glance = Glance::take(&doc);
            let evidence = doc.evidence();
            prop_assert!(glance.may_capitalise_nouns(&doc) || !evidence.capitalises_nouns());
            for span in words(&text, 0) {
                let word = doc.slice(span);
                if evidence.word(word).capitalised_first > 0 {
                    prop_assert!(glance.may_open_a_sentence(word), "{word}");
                }
            }
        }

        #[test]
        fn first_keys_agree_with_the_first_words(text in document_text()) {
            let doc = Document::new(&text);
            for &sentence in doc.sentences() {
                prop_assert_eq!(
                    capitalised_first_key(&doc, sentence),
                    capitalised_first_word(&doc, sentence).map(opener_key)
                );
            }
        }

        /// Words that fold alike, as [`super::super::word_key`] reads them, share an
        /// [`opener_key`]: the glance keeps every yes of a set keyed by `word_key`.
        #[test]
        fn opener_keys_agree_where_word_keys_do(
            letters in prop::collection::vec(
                (prop::sample::select(&["a", "k", "s", "e", "\u{e9}", "'", "-", "7", "\u{df}"][..]), 0..4u8),
                1..12,
            )
        ) {
            // Each letter written two ways, by the variant's bits: case, curly or straight
            // apostrophe, Unicode or ASCII hyphen, the Kelvin sign for "k".
            let spell = |variant: u8| -> String {
                letters.iter().map(|&(letter, bits)| {
                    let bit = bits >> variant & 1 == 1;
                    match (letter, bit) {
                        ("'", true) => "\u{2019}".to_string(),
                        ("-", true) => "\u{2010}".to_string(),
                        ("k", true) if variant == 1 => "\u{212a}".to_string(),
                        (letter, true) => letter.to_uppercase(),
                        (letter, false) => letter.to_string(),
                    }
                }).collect()
            };
            let (a, b) = (spell(0), spell(1));
            if super::super::word_key(&a) == super::super::word_key(&b) {
                prop_assert_eq!(opener_key(&a), opener_key(&b), "{} {}", a, b);
            }
        }
    }
}
