//! Seams: a capitalised word one space after the word before it, with no punctuation between,
//! inside what the segmenter reads as one sentence. `merged-heading` and `run-on-sentence` both
//! judge seams; this module holds what they share: the word lists of `rules/seams.toml`, the
//! tests on the two words at a seam, and the decision whether a seam at the start of a block
//! is a subheading run into its paragraph ([`heading_seam`]), which `run-on-sentence` consults
//! so that one seam is never reported by both rules.

use std::sync::OnceLock;

use foldhash::HashSet;
use serde::Deserialize;

use crate::document::{
    is_paragraph, is_sentence_opener, words, Block, Document, Evidence, HeadingStyle, Span,
    WordStats, MAX_HEADING_WORDS,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SeamList {
    fused_openers: Vec<String>,
    determiners: Vec<String>,
    function_words: Vec<String>,
    reporting_verbs: Vec<String>,
    naming_verbs: Vec<String>,
    name_contexts: Vec<String>,
    title_openers: Vec<String>,
    conjunctions: Vec<String>,
    titles: Vec<String>,
}

pub(super) struct SeamWords {
    pub fused_openers: Vec<String>,
    determiners: HashSet<String>,
    function_words: HashSet<String>,
    reporting_verbs: HashSet<String>,
    naming_verbs: HashSet<String>,
    name_contexts: HashSet<String>,
    title_openers: Vec<String>,
    conjunctions: Vec<String>,
    titles: HashSet<String>,
}

pub(super) fn seam_words() -> &'static SeamWords {
    static WORDS: OnceLock<SeamWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let list: SeamList = toml::from_str(include_str!("../../../rules/seams.toml"))
            .expect("rules/seams.toml is valid (checked by tests)");
        SeamWords {
            determiners: list.determiners.into_iter().collect(),
            function_words: list.function_words.into_iter().collect(),
            reporting_verbs: list.reporting_verbs.into_iter().collect(),
            naming_verbs: list.naming_verbs.into_iter().collect(),
            name_contexts: list.name_contexts.into_iter().collect(),
            title_openers: list.title_openers,
            conjunctions: list.conjunctions,
            titles: list.titles.into_iter().collect(),
            fused_openers: list.fused_openers,
        }
    })
}

impl SeamWords {
    pub fn is_fused_opener(&self, word: &str) -> bool {
        self.fused_openers.iter().any(|opener| opener == word)
    }

    /// Whether a sentence goes on after `left` with the capitalised `opener`: `left` is a
    /// function word ("in The Lancet"), a naming verb ("called The art of war"), or a name
    /// context before an opener that can be a one-word title ("the film It").
    pub fn continues_sentence(&self, left: &str, opener: &str) -> bool {
        let left = fold_word(left);
        self.function_words.contains(&left)
            || self.naming_verbs.contains(&left)
            || (self.name_contexts.contains(&left)
                && self.title_openers.iter().any(|title| title == opener))
    }

    /// Whether a title could start at `word`: a naming verb or a name context comes before it
    /// ("the show Faking It").
    pub fn introduces_title(&self, word: &str) -> bool {
        let word = fold_word(word);
        self.naming_verbs.contains(&word) || self.name_contexts.contains(&word)
    }

    pub fn is_conjunction(&self, word: &str) -> bool {
        let word = fold_word(word);
        self.conjunctions.contains(&word)
    }

    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains(&fold_word(word))
    }

    /// Whether a heading cannot end on `left` before `right`: the sentence goes on (see
    /// [`SeamWords::continues_sentence`]), `left` is a reporting verb ("Officials said") or a
    /// title ("Finance Minister"), or it is a name context and `right` may be a name ("the
    /// ship Aurora", "the film The Godfather"). Only a sentence opener followed by a lowercase
    /// word clears a name context: "The title race The win was".
    pub fn cannot_end_heading(&self, left: &str, right: &str, name_may_follow: bool) -> bool {
        let folded = fold_word(left);
        self.continues_sentence(left, right)
            || self.reporting_verbs.contains(&folded)
            || self.titles.contains(&folded)
            || (name_may_follow && self.name_contexts.contains(&folded))
    }

    /// "a", "the", "His": the word after one is inside a noun phrase ("a Latin Grammy").
    pub fn is_determiner(&self, word: &str) -> bool {
        self.determiners.contains(&fold_word(word))
    }

    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(&fold_word(word))
    }
}

/// A subheading run into its paragraph: the heading, the whitespace after it and the word that
/// opens the paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeadingSeam {
    pub heading: Span,
    pub gap: Span,
    pub opener: Span,
}

/// The words a block's first line starts with, enough for the longest heading, the opener
/// and the word after it.
const LOOKAHEAD: usize = MAX_HEADING_WORDS + 2;

/// The least number of words a glued heading has.
const MIN_HEADING_WORDS: usize = 2;

/// The least number of words of the paragraph after a glued heading.
const MIN_PARAGRAPH_WORDS: usize = 4;

/// The first seam in `block` that ends a glued subheading, if any; see `merged-heading`'s docs
/// for the signals.
pub(super) fn heading_seam(doc: &Document, block: Block) -> Option<HeadingSeam> {
    let line = doc.lines()[block.first_line];
    let line_text = doc.line_text(block.first_line);
    if !line_text.chars().next().is_some_and(char::is_uppercase) || line_text.starts_with("By ") {
        return None;
    }
    let mut spans = [Span::new(0, 0); LOOKAHEAD];
    let mut count = 0;
    for (slot, span) in spans.iter_mut().zip(words(line_text, line.start)) {
        *slot = span;
        count += 1;
    }
    let spans = &spans[..count];
    let mut commas = 0;
    for k in 1..count {
        let gap = doc.slice(Span::new(spans[k - 1].end, spans[k].start));
        if (MIN_HEADING_WORDS..=MAX_HEADING_WORDS).contains(&k) && is_space(gap) {
            if let Some(seam) = judge_heading_seam(doc, block, spans, k) {
                return Some(seam);
            }
        }
        commas += gap.matches(',').count();
        if commas > 1 || !gap.chars().all(|c| c == ' ' || c == ',' || c == '&') {
            break;
        }
    }
    None
}

/// What the document says makes the word after a seam open a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// A word from `fused-openers` ("The", "But").
    FusedOpener,
    /// Another common sentence opener from `rules/openers.toml` ("When", "Much"), after a
    /// lowercase word.
    Opener,
    /// A word seen in lower case elsewhere ("Military"), or the plural of one ("Forecasters"
    /// after "forecaster"), capitalised inside a sentence only here.
    CommonWord,
    /// A name after a name ("Mali Russia's"); see [`is_name_after_name`].
    Name,
}

/// Judges the seam before word `k` of the block's first line.
fn judge_heading_seam(
    doc: &Document,
    block: Block,
    spans: &[Span],
    k: usize,
) -> Option<HeadingSeam> {
    let lexicon = seam_words();
    let (left, right) = (doc.slice(spans[k - 1]), doc.slice(spans[k]));
    let next = doc.slice(*spans.get(k + 1)?);
    let left_lowercase = !starts_upper(left);
    let fused = lexicon.is_fused_opener(right);
    let next_lowercase = next.chars().next().is_some_and(char::is_lowercase);
    let name_may_follow = !(next_lowercase && (fused || is_sentence_opener(right)));
    if !starts_upper(right)
        || right.chars().count() < 2
        || is_acronym(left)
        || is_acronym(right)
        || is_possessive(left)
        || lexicon.is_title(right)
        || lexicon.cannot_end_heading(left, right, name_may_follow)
    {
        return None;
    }
    let clause_follows = if fused && lexicon.is_determiner(right) {
        capitalised_run_ends_in_lowercase(doc, spans, k + 1)
    } else {
        next.chars().next().is_some_and(|c| !c.is_uppercase())
    };
    if !clause_follows || !paragraph_follows(doc, block, spans[k]) {
        return None;
    }
    let heading = Span::new(spans[0].start, spans[k - 1].end);
    let evidence = doc.evidence();
    if !has_matching_subheading(evidence, HeadingStyle::of(doc.slice(heading)))
        || evidence.side_by_side_elsewhere(left, right)
    {
        return None;
    }
    let (left_stats, right_stats) = (evidence.word(left), evidence.word(right));
    let opening = if fused {
        Opening::FusedOpener
    } else if left_lowercase && is_sentence_opener(right) {
        Opening::Opener
    } else if right_stats.lowercase > 0 || singular_seen_in_lowercase(evidence, right) {
        Opening::CommonWord
    } else {
        Opening::Name
    };
    let opens = match opening {
        Opening::FusedOpener | Opening::Opener => {
            let alone = stands_alone(doc, spans[k], spans.get(k + 1).copied());
            titles_elsewhere(right_stats, alone) == 0
        }
        Opening::CommonWord => {
            !evidence.capitalises_nouns()
                && right_stats.capitalised_inside <= 1
                && (left_lowercase || left_stats.occurrences >= 2)
        }
        Opening::Name => {
            !evidence.capitalises_nouns()
                && k >= NAME_HEADING_WORDS
                && is_name_after_name(left, left_stats, right_stats)
                && !lexicon.is_determiner(doc.slice(spans[k - 2]))
        }
    };
    opens.then_some(HeadingSeam {
        heading,
        gap: Span::new(spans[k - 1].end, spans[k].start),
        opener: spans[k],
    })
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

/// The least number of words of a heading that ends on a name before a name: two capitalised
/// words after a short phrase are too often one name ("Chelsea beat Manchester United").
const NAME_HEADING_WORDS: usize = 4;

/// How often each of two names at a seam must stand inside other sentences.
const NAME_USES_ELSEWHERE: u16 = 2;

/// Two names side by side that the document otherwise never puts in a run of capitalised
/// words: "Mali" and "Russia's" each stand inside other sentences, "Mali" never before a
/// capitalised word and "Russia's" never after one, so they are not one name ("Manchester
/// United"). A first name seen elsewhere only at a sentence start ("Steve has had"), or a
/// surname seen once more ("the Doyle sisters"), is not enough evidence.
fn is_name_after_name(left: &str, left_stats: WordStats, right_stats: WordStats) -> bool {
    starts_upper(left)
        && left_stats.lowercase == 0
        && left_stats.capitalised_inside > NAME_USES_ELSEWHERE
        && left_stats.before_capitalised <= 1
        && right_stats.capitalised_inside > NAME_USES_ELSEWHERE
        && right_stats.after_capitalised <= 1
}

/// How often the document uses a capitalised word alone as a title or name inside a sentence
/// ("the novel It, a bestseller"), not counting the seam itself. "The Hague" does not count:
/// a seam needs a lowercase word after the opener anyway.
pub(super) fn titles_elsewhere(stats: WordStats, seam_stands_alone: bool) -> u16 {
    stats
        .standing_alone_inside()
        .saturating_sub(u16::from(seam_stands_alone))
}

/// Whether a capitalised word stands alone in the evidence's terms: the word after it is
/// neither lowercase nor capitalised, or more than one space away.
pub(super) fn stands_alone(doc: &Document, word: Span, next: Option<Span>) -> bool {
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

fn has_matching_subheading(evidence: &Evidence, style: Option<HeadingStyle>) -> bool {
    evidence
        .subheadings()
        .iter()
        .any(|subheading| subheading.style == style)
}

/// After a determiner that opens a sentence, at most three more capitalised words and then a
/// lowercase one: "The Harbor Bridge reopened".
fn capitalised_run_ends_in_lowercase(doc: &Document, spans: &[Span], from: usize) -> bool {
    spans
        .iter()
        .skip(from)
        .take(4)
        .map(|&span| doc.slice(span))
        .find(|word| !starts_upper(word))
        .is_some_and(|word| word.chars().next().is_some_and(char::is_lowercase))
}

/// The block goes on for at least a few words after the seam and ends a sentence: the seam is
/// followed by a paragraph, not by more of a headline.
fn paragraph_follows(doc: &Document, block: Block, opener: Span) -> bool {
    let rest = Span::new(opener.start, doc.block_span(block).end);
    words(doc.slice(rest), 0).take(MIN_PARAGRAPH_WORDS).count() == MIN_PARAGRAPH_WORDS
        && is_paragraph(doc, block)
}

/// Lowercase, with the curly apostrophe read as `'`: how the lists in `rules/seams.toml` are
/// written.
fn fold_word(word: &str) -> String {
    word.to_lowercase().replace('\u{2019}', "'")
}

pub(super) fn is_space(gap: &str) -> bool {
    !gap.is_empty() && gap.bytes().all(|b| b == b' ')
}

pub(super) fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Two or more letters, all capitals: an acronym ("BBC") or a dateline ("LONDON").
pub(super) fn is_acronym(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

/// "Brown's", "Brown\u{2019}s": the word after names what belongs to it ("Brown's Budget").
pub(super) fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("\u{2019}s") || word.ends_with("'S")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let folded = [
            &list.determiners,
            &list.function_words,
            &list.reporting_verbs,
            &list.naming_verbs,
            &list.name_contexts,
            &list.conjunctions,
            &list.titles,
        ];
        for word in folded.into_iter().flatten() {
            assert_eq!(*word, fold_word(word), "{word} should be written lowercase");
        }
    }

    #[test]
    fn word_shapes() {
        assert!(is_acronym("BBC") && is_acronym("LONDON") && !is_acronym("A"));
        assert!(!is_acronym("Mali"));
        assert!(is_possessive("Brown's") && is_possessive("Brown\u{2019}s"));
        assert!(!is_possessive("Browns"));
        assert!(is_space("  ") && !is_space("") && !is_space(" , "));
    }

    #[test]
    fn plural_of_a_common_word() {
        let doc = Document::new("A forecaster spoke. The city said so.\n");
        assert!(singular_seen_in_lowercase(doc.evidence(), "Forecasters"));
        assert!(singular_seen_in_lowercase(doc.evidence(), "Cities"));
        assert!(!singular_seen_in_lowercase(doc.evidence(), "Paris"));
    }
}
