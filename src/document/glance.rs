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

use super::bytes::{word_classes_at, CHUNK};
use super::evidence::capitals_mark_nouns;
use super::words::starts_upper;
use super::{word_key, words, Document, Span};

/// The longest document worth a glance before its evidence.
pub const MAX_GLANCE_BYTES: usize = 64 * 1024;

/// What a glance shows; see the module documentation.
#[derive(Debug)]
pub struct Glance {
    /// [`word_key`]s of the capitalised words that open a sentence, sorted, without repeats.
    sentence_openers: Vec<u64>,
    may_capitalise_nouns: bool,
}

impl Glance {
    pub(crate) fn take(doc: &Document) -> Self {
        let text = doc.text();
        let mut sentence_openers = Vec::new();
        let (mut capitals_at_most, mut words_at_least) = (0, 0);
        for &sentence in doc.sentences() {
            let sentence_text = &text[sentence.start..sentence.end];
            let first = words(sentence_text, sentence.start)
                .next()
                .map(|span| doc.slice(span))
                .filter(|word| starts_upper(word));
            if let Some(word) = first {
                sentence_openers.push(word_key(word));
            }
            let (capitals, words) = count_bounds(text, sentence, first.is_some());
            capitals_at_most += capitals;
            words_at_least += words;
        }
        sentence_openers.sort_unstable();
        sentence_openers.dedup();
        Self {
            sentence_openers,
            may_capitalise_nouns: capitals_mark_nouns(capitals_at_most, words_at_least),
        }
    }

    /// Whether `word` (any case) may be a capitalised sentence's first word in the document:
    /// no means its [`super::WordStats::capitalised_first`] is 0.
    pub fn may_open_a_sentence(&self, word: &str) -> bool {
        self.sentence_openers.binary_search(&word_key(word)).is_ok()
    }

    /// Whether the document may capitalise its nouns: no means
    /// [`super::Evidence::capitalises_nouns`] is false.
    pub const fn may_capitalise_nouns(&self) -> bool {
        self.may_capitalise_nouns
    }
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
    fn english_prose_does_not_capitalise_nouns_german_may() {
        let english = "The council met on Monday and the mayor said the budget would pass. \
                       Residents asked about the bridge, the school and the old market hall.";
        let german = "Die Stadt Baut Eine Neue Brücke Über Den Fluss. Der Rat Stimmt Am Montag Ab.";
        assert!(!glance(english).may_capitalise_nouns());
        assert!(glance(german).may_capitalise_nouns());
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
            prop_assert!(glance.may_capitalise_nouns() || !evidence.capitalises_nouns());
            for span in words(&text, 0) {
                let word = doc.slice(span);
                if evidence.word(word).capitalised_first > 0 {
                    prop_assert!(glance.may_open_a_sentence(word), "{word}");
                }
            }
        }
    }
}
