//! Document-level evidence: what the whole document says about its own words and layout, for
//! rules that must tell a broken join from a legitimate one (`merged-heading`,
//! `run-on-sentence`, and any rule that needs the same facts, such as `split-paragraph`).
//!
//! A seam such as "trucked to Mali Russia's tanks" is only suspicious in context: the same two
//! capitalised words side by side are fine in "Finance Minister Clara Brandt". The context is
//! the rest of the document, gathered here in one linear pass over the words of every sentence:
//!
//! - for each capitalised word, ignoring case ([`word_key`]): how often it is a sentence's first
//!   word or stands inside a sentence, and whether inside a sentence it stands before a
//!   lowercase word or in a run of capitalised words. A capitalised word seen inside sentences
//!   and never in lower case is a name; one seen in lower case elsewhere is a common word; one
//!   standing alone inside a sentence ("the novel It, a bestseller") is a title;
//! - how often each word occurs in lower case, in a count-min sketch: two saturating one-byte
//!   counters per word in a table sized to the document, read as the smaller of the two. A
//!   count can come out too high (two words sharing both counters), never too low;
//! - which words stood directly before each capitalised word (separated by one space), as a
//!   64-bit fingerprint per word, so "do these two words stand side by side elsewhere" costs
//!   one lookup. A fingerprint can answer yes wrongly (two left neighbours sharing a bit), never
//!   no wrongly, so rules that stay silent on a yes err towards silence.
//!
//! Rules only ask "none", "one" or "a few". The pass costs a hash of every word, a table update
//! for the capitalised ones (about one word in eight) and two counter increments for the rest.
//! It finds the words of a sentence 64 bytes at a time from SIMD byte classes, and decodes
//! characters only around bytes outside ASCII;
//! [`crate::document::Document::evidence`] runs it on first use only, so documents no rule asks
//! about never pay for it. The document's own stand-alone subheadings ([`Subheading`]) are a
//! separate, cheaper view ([`crate::document::Document::subheadings`]), so a rule can look for
//! them before it asks for word evidence.

#[cfg(target_arch = "x86_64")]
use super::bytes::word_classes_avx2;
use super::bytes::{load_u64, word_classes_at, WordClasses, CHUNK, HIGH_BITS};
use super::words::{ascii_word_end, word_end, word_start};
use super::{words, Block, Document, Span};

/// What the document says about one word (case ignored), from every sentence in it. The eight
/// counts come first and in C order, so that adding to all of them is one vector addition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C)]
pub struct WordStats {
    /// Occurrences starting with a letter, in either case (lowercase ones as estimated below).
    pub occurrences: u16,
    /// Occurrences starting with a lowercase letter, from the sketch: at least the true count,
    /// rarely more, at most 255.
    pub lowercase: u16,
    /// Capitalised occurrences that are the first word of a sentence.
    pub capitalised_first: u16,
    /// Capitalised occurrences inside a sentence (not its first word).
    pub capitalised_inside: u16,
    /// Of `capitalised_inside`, those followed (after one space) by a lowercase word.
    pub inside_before_lowercase: u16,
    /// Of `capitalised_inside`, those followed (after one space) by a capitalised word.
    pub inside_before_capitalised: u16,
    /// Capitalised occurrences right after (one space) a capitalised word.
    pub after_capitalised: u16,
    /// Capitalised occurrences right before (one space) a capitalised word.
    pub before_capitalised: u16,
    left_once: u64,
    left_twice: u64,
}

impl WordStats {
    /// Capitalised inside a sentence and never in lower case: a name, as far as the document
    /// shows.
    pub const fn is_name(&self) -> bool {
        self.capitalised_inside > 0 && self.lowercase == 0
    }

    /// Capitalised occurrences inside a sentence followed by neither a lowercase nor a
    /// capitalised word (one space between): a word standing alone as a title or name, as
    /// "It" in "the novel It, a bestseller".
    pub const fn standing_alone_inside(&self) -> u16 {
        self.capitalised_inside
            .saturating_sub(self.inside_before_lowercase)
            .saturating_sub(self.inside_before_capitalised)
    }
}

/// How a heading capitalises its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    /// First word capitalised, most later words lowercase ("Rail strike ends after talks").
    Sentence,
    /// Most later words of four letters or more capitalised ("Rail Strike Ends After Talks").
    Title,
    /// Every letter a capital ("RAIL STRIKE ENDS").
    Upper,
}

impl HeadingStyle {
    /// The style of `text`, or `None` when it has no later word of four letters or more to
    /// judge by ("In brief") and is not all capitals.
    pub fn of(text: &str) -> Option<HeadingStyle> {
        let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek()?;
        if letters.clone().count() >= 2 && letters.all(char::is_uppercase) {
            return Some(HeadingStyle::Upper);
        }
        let (mut long, mut capitalised) = (0usize, 0usize);
        for span in words(text, 0).skip(1) {
            let word = &text[span.start..span.end];
            if word.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                long += 1;
                capitalised += usize::from(word.chars().next().is_some_and(char::is_uppercase));
            }
        }
        match long {
            0 => None,
            _ if capitalised * 4 >= long * 3 => Some(HeadingStyle::Title),
            _ => Some(HeadingStyle::Sentence),
        }
    }
}

/// A stand-alone subheading: a one-line block that is not the document's first block, holds
/// 1 to 12 words, starts with a capital letter, ends without punctuation other than `?`, and
/// stands between two paragraphs (blocks that end with terminal punctuation). Titles, list items,
/// table rows and captions mostly fail one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subheading {
    /// Index into [`Document::lines`].
    pub line: usize,
    pub words: usize,
    pub style: Option<HeadingStyle>,
}

/// The most words a subheading has.
pub const MAX_HEADING_WORDS: usize = 12;

/// Document-level evidence; see the module documentation.
#[derive(Debug, Default)]
pub struct Evidence {
    /// Capitalised words, with their lowercase counts left at zero.
    capitalised: WordTable,
    lowercase: Sketch,
    /// Word occurrences in all sentences, and those capitalised inside a sentence.
    occurrences: u64,
    capitalised_inside: u64,
}

/// The share of words capitalised inside sentences above which a document capitalises common
/// nouns (German) or is written in title case: English news prose stays near one word in ten.
const NOUN_CAPITALS_SHARE: f64 = 0.25;

/// Documents shorter than this many words say too little to judge their capitalisation.
const MIN_WORDS_FOR_SHARE: u64 = 40;

impl Evidence {
    /// What the document says about `word` (any case); all zero for a word it lacks.
    pub fn word(&self, word: &str) -> WordStats {
        let key = word_key(word);
        let mut stats = self.capitalised.get(key).copied().unwrap_or_default();
        stats.lowercase = u16::from(self.lowercase.count(key));
        stats.occurrences = stats.occurrences.saturating_add(stats.lowercase);
        stats
    }

    /// Whether `left`, then one space, then a capitalised `right` occurs more than once in the
    /// document: at a seam under suspicion, whether the pair also stands together elsewhere.
    /// May say yes wrongly (see the module documentation), never no wrongly.
    pub fn side_by_side_elsewhere(&self, left: &str, right: &str) -> bool {
        self.capitalised
            .get(word_key(right))
            .is_some_and(|stats| stats.left_twice & fingerprint_bit(word_key(left)) != 0)
    }

    /// Whether the document capitalises words inside sentences too often for capitals to mark
    /// names: German prose, which capitalises every noun, or text in title case. Name and
    /// common-word evidence means nothing there.
    pub fn capitalises_nouns(&self) -> bool {
        self.occurrences >= MIN_WORDS_FOR_SHARE
            && capitals_mark_nouns(self.capitalised_inside, self.occurrences)
    }

    pub(crate) fn gather(doc: &Document) -> Self {
        let mut tally = Tally::for_text(doc.text());
        tally_sentences(doc.text(), doc.sentences(), &mut tally);
        tally.finish()
    }
}

/// Whether `capitalised` words capitalised inside sentences, of `words` in all, are too many
/// for capitals to mark names ([`Evidence::capitalises_nouns`]).
pub(super) fn capitals_mark_nouns(capitalised: u64, words: u64) -> bool {
    capitalised as f64 > words as f64 * NOUN_CAPITALS_SHARE
}

/// Capitalised words' stats by key, in open addressing with linear probing: keys are hashes
/// already, so a key's low bits place it, and a slot whose `occurrences` is 0 is empty. Sized
/// and grown as a std `HashMap` would be (at most 7/8 full), without its control bytes.
#[derive(Debug, Default)]
struct WordTable {
    slots: Vec<(u64, WordStats)>,
    len: usize,
}

impl WordTable {
    fn with_capacity(words: usize) -> Self {
        Self {
            slots: vec![(0, WordStats::default()); (words * 8 / 7 + 1).next_power_of_two().max(8)],
            len: 0,
        }
    }

    fn get(&self, key: u64) -> Option<&WordStats> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = key as usize & mask;
        loop {
            let (slot_key, stats) = &self.slots[at];
            if stats.occurrences == 0 {
                return None;
            }
            if *slot_key == key {
                return Some(stats);
            }
            at = (at + 1) & mask;
        }
    }

    /// The stats of `key`, a new empty slot for a key not yet present: the caller counts an
    /// occurrence in it at once, which fills it.
    fn entry(&mut self, key: u64) -> &mut WordStats {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = key as usize & mask;
        loop {
            let (slot_key, stats) = &self.slots[at];
            if stats.occurrences == 0 {
                self.len += 1;
                self.slots[at].0 = key;
                break;
            }
            if *slot_key == key {
                break;
            }
            at = (at + 1) & mask;
        }
        &mut self.slots[at].1
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![(0, WordStats::default()); (old.len() * 2).max(8)];
        let mask = self.slots.len() - 1;
        for (key, stats) in old.into_iter().filter(|(_, stats)| stats.occurrences > 0) {
            let mut at = key as usize & mask;
            while self.slots[at].1.occurrences > 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (key, stats);
        }
    }

    fn values(&self) -> impl Iterator<Item = &WordStats> {
        self.slots
            .iter()
            .map(|(_, stats)| stats)
            .filter(|stats| stats.occurrences > 0)
    }
}

/// What the pass accumulates.
struct Tally {
    capitalised: WordTable,
    /// Capitalised occurrences not yet in `capitalised`. Applied [`BATCH`] at a time: the table
    /// is the pass's only large random access, and updates in a tight loop overlap their cache
    /// misses, where one update between the words of a sentence waits for its miss alone. The
    /// last one stays here until the next is added, so the word after it can still set `next`.
    batch: Vec<CapitalisedOccurrence>,
    lowercase: Sketch,
    occurrences: u64,
}

const BATCH: usize = 64;

/// The most distinct capitalised words a table is sized for before the pass sees any: a
/// 50 MB document of news prose holds about 50,000, a 5 MB one 16,000.
const MAX_INITIAL_NAMES: usize = 1 << 12;

/// One capitalised occurrence, as [`record_capitalised`] applies it.
#[derive(Clone, Copy)]
struct CapitalisedOccurrence {
    key: u64,
    first: bool,
    /// The case of the word one space after it, if any.
    next: Option<Case>,
    /// The fingerprint bit of the word one space before it, 0 when there is none.
    left_bit: u64,
    after_capitalised: bool,
}

/// What the next word of a sentence needs of the word before it.
#[derive(Clone, Copy)]
struct Previous {
    /// `usize::MAX` before the sentence's first word, which no word follows.
    end: usize,
    key: u64,
    case: Case,
}

impl Previous {
    const NONE: Self = Self {
        end: usize::MAX,
        key: 0,
        case: Case::Other,
    };
}

impl Tally {
    fn for_text(text: &str) -> Self {
        Self {
            // About one distinct capitalised word per 64 bytes in an article; far fewer in a
            // long document, where names repeat, so its table starts small and grows to its
            // vocabulary: an oversized table spreads the hot names over more cache lines.
            capitalised: WordTable::with_capacity((text.len() / 64).min(MAX_INITIAL_NAMES)),
            batch: Vec::with_capacity(BATCH),
            lowercase: Sketch::for_text(text.len()),
            occurrences: 0,
        }
    }

    fn finish(mut self) -> Evidence {
        self.flush();
        let capitalised_inside = self
            .capitalised
            .values()
            .map(|stats| u64::from(stats.capitalised_inside))
            .sum();
        Evidence {
            capitalised: self.capitalised,
            lowercase: self.lowercase,
            occurrences: self.occurrences,
            capitalised_inside,
        }
    }

    fn flush(&mut self) {
        for occurrence in self.batch.drain(..) {
            record_capitalised(&mut self.capitalised, occurrence);
        }
    }

    /// Adds `token`, the next word of its sentence after `previous`, which stands `beside` it
    /// when one space separates them.
    #[inline(always)]
    fn word(&mut self, previous: Previous, token: Token, beside: bool) -> Previous {
        self.occurrences += 1;
        let after_capitalised = beside && previous.case == Case::Capitalised;
        if after_capitalised {
            if let Some(before) = self.batch.last_mut() {
                before.next = Some(token.case);
            }
        }
        match token.case {
            Case::Lowercase => self.lowercase.add(token.key),
            Case::Capitalised => self.capitalised(CapitalisedOccurrence {
                key: token.key,
                first: previous.end == usize::MAX,
                next: None,
                left_bit: if beside {
                    fingerprint_bit(previous.key)
                } else {
                    0
                },
                after_capitalised,
            }),
            Case::Other => {}
        }
        Previous {
            end: token.end,
            key: token.key,
            case: token.case,
        }
    }

    /// Adds the words a window reads, the next of their sentence after `previous`, as
    /// [`Tally::word`] adds each: lowercase words in one loop and capitalised ones in another,
    /// each over a bit mask of the words' first bytes, so that the loop for lowercase words,
    /// most of them, stays short. A capitalised word finds its neighbours in the same masks,
    /// and only the window's first word looks back at the word before the window.
    #[inline(always)]
    fn window(&mut self, previous: Previous, words: &WindowWords, keys: &WindowKeys) -> Previous {
        let read = words.read;
        if read == 0 {
            return previous;
        }
        self.occurrences += u64::from(read.count_ones());
        let first = read.trailing_zeros();
        if words.beside >> first & 1 != 0 && previous.case == Case::Capitalised {
            if let Some(before) = self.batch.last_mut() {
                before.next = Some(words.case(first));
            }
        }
        let counters = &mut self.lowercase.counters[..];
        let mut lowercase = read & words.lower;
        while lowercase != 0 {
            let key = keys[lowercase.trailing_zeros() as usize & (CHUNK - 1)];
            Sketch::add_to(counters, key);
            lowercase &= lowercase - 1;
        }
        let mut capitalised = read & words.upper;
        while capitalised != 0 {
            let at = capitalised.trailing_zeros();
            capitalised &= capitalised - 1;
            let before = read & bits_below(at);
            let (left_key, left_case) = match before.checked_ilog2() {
                Some(left) => (keys[left as usize & (CHUNK - 1)], words.case(left)),
                None => (previous.key, previous.case),
            };
            let after = read & !bits_below(at + 1);
            let beside = words.beside >> at & 1 != 0;
            self.capitalised(CapitalisedOccurrence {
                key: keys[at as usize & (CHUNK - 1)],
                first: before == 0 && previous.end == usize::MAX,
                next: Some(after.trailing_zeros())
                    .filter(|&next| after != 0 && words.beside >> next & 1 != 0)
                    .map(|next| words.case(next)),
                left_bit: if beside { fingerprint_bit(left_key) } else { 0 },
                after_capitalised: beside && left_case == Case::Capitalised,
            });
        }
        let last = read.ilog2();
        Previous {
            end: words.at + words.done as usize,
            key: keys[last as usize & (CHUNK - 1)],
            case: words.case(last),
        }
    }

    #[inline(always)]
    fn capitalised(&mut self, occurrence: CapitalisedOccurrence) {
        if self.batch.len() == BATCH {
            self.flush();
        }
        self.batch.push(occurrence);
    }
}

/// Tallies the words of every sentence, compiled for AVX2, BMI and POPCNT where the CPU has
/// them: their three-operand, bit-manipulation and bit-count instructions shorten the byte
/// classes and the walk over their bits.
fn tally_sentences(text: &str, sentences: &[Span], tally: &mut Tally) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_and_bmi() {
        // SAFETY: the running CPU reports AVX2, BMI1, BMI2 and POPCNT (`has_avx2_and_bmi`).
        unsafe { tally_sentences_avx2(text, sentences, tally) };
        return;
    }
    tally_sentences_portable(text, sentences, tally);
}

#[inline(always)]
fn tally_sentences_portable(text: &str, sentences: &[Span], tally: &mut Tally) {
    tally_sentences_with::<false>(text, sentences, tally);
}

/// Tallies the words of every sentence, classing bytes with AVX2 when `AVX2`, which only
/// [`tally_sentences_avx2`] sets.
#[inline(always)]
fn tally_sentences_with<const AVX2: bool>(text: &str, sentences: &[Span], tally: &mut Tally) {
    let mut keys = [0; CHUNK];
    for &sentence in sentences {
        tally_sentence::<AVX2>(text, sentence, tally, &mut keys);
    }
}

/// [`tally_sentences_portable`] compiled for AVX2, BMI and POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt")]
unsafe fn tally_sentences_avx2(text: &str, sentences: &[Span], tally: &mut Tally) {
    tally_sentences_with::<true>(text, sentences, tally);
}

#[cfg(target_arch = "x86_64")]
fn has_avx2_and_bmi() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("bmi1")
        && std::arch::is_x86_feature_detected!("bmi2")
        && std::arch::is_x86_feature_detected!("popcnt")
}

/// Tallies the words of `sentence`, a window of [`CHUNK`] bytes at a time: each word all of
/// whose bytes and neighbours the window shows, and that is all ASCII with no byte outside
/// ASCII between it and the word before it or right after it (where the word could go on),
/// is read from the window's byte classes; any other word is found as [`words`] finds it.
#[inline(always)]
fn tally_sentence<const AVX2: bool>(
    text: &str,
    sentence: Span,
    tally: &mut Tally,
    keys: &mut WindowKeys,
) {
    let bytes = text.as_bytes();
    let mut previous = Previous::NONE;
    let mut at = sentence.start;
    while at < sentence.end {
        let tail;
        let window = match bytes.get(at..).and_then(<[u8]>::first_chunk::<WINDOW>) {
            Some(window) => window,
            None => {
                tail = padded_window(bytes, at);
                &tail
            }
        };
        at = match tally_window::<AVX2>(window, sentence.end, at, &mut previous, tally, keys) {
            WindowEnd::Next(next) => next,
            WindowEnd::Unread(from) => match next_word(text, sentence, from) {
                Some(token) => {
                    let end = token.end;
                    let beside = token.start == previous.end.wrapping_add(1)
                        && bytes.get(previous.end) == Some(&b' ');
                    previous = tally.word(previous, token, beside);
                    end
                }
                None => sentence.end,
            },
        };
    }
}

/// Where [`tally_window`] stopped.
enum WindowEnd {
    /// The next window starts here.
    Next(usize),
    /// The next word after here is for [`next_word`].
    Unread(usize),
}

/// The bytes a window reads: [`CHUNK`] bytes to class and eight more, so that a word's last
/// eight-byte chunk can be read whole even at the window's end ([`ascii_key_before_slack`]).
const WINDOW: usize = CHUNK + 8;

/// The keys of the words a window reads, at the offsets of their first bytes in the window:
/// [`tally_window`] finds and hashes its words first, then tallies them ([`Tally::window`]),
/// so that each loop keeps its values in registers where one loop doing both spills them.
type WindowKeys = [u64; CHUNK];

/// The words a window reads, one bit each at the offset of its first byte, as
/// [`Tally::window`] tallies them.
struct WindowWords {
    at: usize,
    /// The offset just past the last word's last byte.
    done: u32,
    read: u64,
    /// Bytes that are capitals, lowercase letters, and first bytes of a word one space after
    /// the word before it.
    upper: u64,
    lower: u64,
    beside: u64,
}

impl WindowWords {
    /// The case of the word whose first byte is at `offset`.
    #[inline(always)]
    fn case(&self, offset: u32) -> Case {
        if self.upper >> offset & 1 != 0 {
            Case::Capitalised
        } else if self.lower >> offset & 1 != 0 {
            Case::Lowercase
        } else {
            Case::Other
        }
    }
}

/// Tallies the words the window from `at` (a word's end or the sentence's start) shows
/// whole, in a sentence that ends at `sentence_end`; see [`tally_sentence`]. `keys` holds
/// their keys between finding and tallying.
#[inline(always)]
fn tally_window<const AVX2: bool>(
    window: &[u8; WINDOW],
    sentence_end: usize,
    at: usize,
    previous: &mut Previous,
    tally: &mut Tally,
    keys: &mut WindowKeys,
) -> WindowEnd {
    let left = sentence_end - at;
    // Words whose last byte is at `limit` or later may go on past the window, or be followed
    // by a joiner that does: the window ends before the sentence does.
    let (live, limit) = if left <= CHUNK {
        (bits_below(left as u32), CHUNK as u32)
    } else {
        (u64::MAX, CHUNK as u32 - 2)
    };
    let classes = window_classes::<AVX2>(window);
    let alnum = classes.alnum & live;
    let word = alnum | (classes.joiner & live & (alnum << 1) & (alnum >> 1));
    let non_ascii = classes.non_ascii & live;
    let starts = word & !(word << 1);
    let lasts = word & !(word >> 1);
    // Words one space after the word before them: that word's last byte two bytes back, or,
    // for a word at offset 1, the sentence's previous word ending where the window starts.
    let ends_before = (lasts << 2) | u64::from(previous.end == at) << 1;
    let beside = starts & (classes.space << 1) & ends_before;
    // The window's words before the first that ends at `limit` or later, or that has a byte
    // outside ASCII before it or within two bytes after it (where the word could go on): the
    // words it reads itself.
    let ascii_limit = if non_ascii == 0 {
        CHUNK as u32
    } else {
        non_ascii.trailing_zeros().saturating_sub(2)
    };
    let read_lasts = lasts & bits_below(limit.min(ascii_limit));
    let done = u64::BITS - read_lasts.leading_zeros();
    let read = starts & bits_below(done);
    let (mut firsts, mut ends) = (read, read_lasts);
    while firsts != 0 {
        // Both below CHUNK; the masks tell the compiler so.
        let first = firsts.trailing_zeros() as usize & (CHUNK - 1);
        let end = (ends.trailing_zeros() as usize & (CHUNK - 1)) + 1;
        keys[first] = ascii_key_before_slack(window, first, end);
        firsts &= firsts - 1;
        ends &= ends - 1;
    }
    let words = WindowWords {
        at,
        done,
        read,
        upper: classes.upper,
        lower: classes.lower,
        beside,
    };
    *previous = tally.window(*previous, &words, keys);
    let unread = lasts & !read_lasts;
    if unread != 0 {
        // A word the window does not read: past `limit`, or near a byte outside ASCII.
        return if unread.trailing_zeros() >= limit && done != 0 {
            WindowEnd::Next(at + done as usize)
        } else {
            WindowEnd::Unread(at + done as usize)
        };
    }
    if non_ascii & !bits_below(done) != 0 {
        return WindowEnd::Unread(at + done as usize);
    }
    WindowEnd::Next(if left <= CHUNK {
        sentence_end
    } else {
        at + CHUNK
    })
}

/// The window from `at` among the document's last [`WINDOW`] bytes: the bytes left, then
/// zeros, which class as no letter, joiner, space or byte outside ASCII, so the window reads
/// the last words of a document as it reads any other.
#[cold]
#[inline(never)]
fn padded_window(bytes: &[u8], at: usize) -> [u8; WINDOW] {
    let rest = bytes.get(at..).unwrap_or_default();
    let len = rest.len().min(WINDOW);
    let mut window = [0; WINDOW];
    window[..len].copy_from_slice(&rest[..len]);
    window
}

/// The byte classes of the first [`CHUNK`] bytes of `window`, with AVX2 when `AVX2`.
#[inline(always)]
fn window_classes<const AVX2: bool>(window: &[u8; WINDOW]) -> WordClasses {
    #[cfg(target_arch = "x86_64")]
    if let (true, Some(chunk)) = (AVX2, window.first_chunk::<CHUNK>()) {
        // SAFETY: `AVX2` is set only in `tally_sentences_avx2`, which runs on CPUs that report
        // AVX2.
        return unsafe { word_classes_avx2(chunk) };
    }
    word_classes_at(window, 0)
}

/// The next word of `sentence` from `from` as [`words`] finds it, decoding non-ASCII
/// characters.
#[cold]
#[inline(never)]
fn next_word(text: &str, sentence: Span, from: usize) -> Option<Token> {
    let local = &text[sentence.start..sentence.end];
    let start = word_start(local, from - sentence.start)?;
    let bytes = local.as_bytes();
    let ascii_end = bytes
        .get(start)
        .filter(|b| b.is_ascii_alphanumeric())
        .and_then(|_| ascii_word_end(bytes, start));
    Some(match ascii_end {
        Some(end) => Token {
            start: sentence.start + start,
            end: sentence.start + end,
            key: ascii_key_in(bytes, start, end),
            case: alnum_case(bytes[start]),
        },
        None => general_token(local, start, sentence.start),
    })
}

/// The bits of a `u64` below bit `n`; all of them from 64 on.
#[inline(always)]
fn bits_below(n: u32) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1 << n) - 1
    }
}

/// The case of a word that starts with the ASCII letter or digit `first`.
#[inline(always)]
fn alnum_case(first: u8) -> Case {
    if first >= b'a' {
        Case::Lowercase
    } else if first >= b'A' {
        Case::Capitalised
    } else {
        Case::Other
    }
}

fn record_capitalised(words: &mut WordTable, word: CapitalisedOccurrence) {
    let next = match word.next {
        Some(Case::Lowercase) => NEXT_LOWERCASE,
        Some(Case::Capitalised) => NEXT_CAPITALISED,
        _ => 0,
    };
    let shape = usize::from(word.first) | usize::from(word.after_capitalised) << 1 | next;
    let stats = words.entry(word.key);
    stats.add_counts(OCCURRENCE_COUNTS[shape]);
    stats.left_twice |= stats.left_once & word.left_bit;
    stats.left_once |= word.left_bit;
}

/// An occurrence's shape for [`OCCURRENCE_COUNTS`]: bit 0 first word of its sentence, bit 1
/// after a capitalised word, and these for the word after it.
const NEXT_LOWERCASE: usize = 1 << 2;
const NEXT_CAPITALISED: usize = 2 << 2;

/// What one capitalised occurrence adds to each [`WordStats`] count ([`WordStats::add_counts`]),
/// by its shape: one table row and eight saturating additions side by side, where a test per
/// count costs a branch the words' order makes hard to predict.
const OCCURRENCE_COUNTS: [[u16; 8]; 16] = {
    let mut table = [[0; 8]; 16];
    let mut shape = 0;
    while shape < 16 {
        let first = shape & 1 != 0;
        let next_capitalised = shape & NEXT_CAPITALISED != 0;
        let inside = !first as u16;
        table[shape] = [
            1,
            0,
            first as u16,
            inside,
            inside * (shape & NEXT_LOWERCASE != 0) as u16,
            inside * next_capitalised as u16,
            (shape & 2 != 0) as u16,
            next_capitalised as u16,
        ];
        shape += 1;
    }
    table
};

impl WordStats {
    /// Adds `counts` to the eight counts, each saturating, in the order [`WordStats`] declares
    /// them.
    #[inline(always)]
    fn add_counts(&mut self, counts: [u16; 8]) {
        let own = [
            &mut self.occurrences,
            &mut self.lowercase,
            &mut self.capitalised_first,
            &mut self.capitalised_inside,
            &mut self.inside_before_lowercase,
            &mut self.inside_before_capitalised,
            &mut self.after_capitalised,
            &mut self.before_capitalised,
        ];
        for (own, add) in own.into_iter().zip(counts) {
            *own = own.saturating_add(add);
        }
    }
}

/// A count-min sketch of lowercase word counts: two saturating one-byte counters per key (in
/// one cache line), read as the smaller. Sized at about two counters per byte of text, between 4 KiB and 1 MiB, so a
/// short document's table is small and a long one's stays in cache.
#[derive(Debug, Default)]
struct Sketch {
    counters: Vec<u8>,
}

impl Sketch {
    const MIN: usize = 1 << 12;
    const MAX: usize = 1 << 20;

    fn for_text(len: usize) -> Self {
        let size = (len * 2).next_power_of_two().clamp(Self::MIN, Self::MAX);
        Self {
            counters: vec![0; size],
        }
    }

    /// Two counters in one 64-byte line, so an update costs one cache miss: the line and
    /// the first counter from the key's low bits, the second (never the first) from its high
    /// bits.
    #[inline(always)]
    fn slots(&self, key: u64) -> (usize, usize) {
        Self::slots_in(self.counters.len(), key)
    }

    #[inline(always)]
    fn slots_in(len: usize, key: u64) -> (usize, usize) {
        let first = key as usize & (len - 1);
        let other = 1 + mod_63(key >> 32) as usize;
        // Masked though below `len` already (`len` is a power of two of at least 64), so that
        // the compiler drops the bounds check.
        (first, (first ^ other) & (len - 1))
    }

    fn add(&mut self, key: u64) {
        Self::add_to(&mut self.counters, key);
    }

    /// [`Sketch::add`] to the sketch's `counters`, which a loop over many keys takes from the
    /// sketch once.
    #[inline(always)]
    fn add_to(counters: &mut [u8], key: u64) {
        let (a, b) = Self::slots_in(counters.len(), key);
        // Saturating, without the branch the compiler makes of `saturating_add` here, which
        // the most common words, whose counters are full, would keep mispredicting.
        for slot in [a, b] {
            let counter = &mut counters[slot];
            *counter += u8::from(*counter != u8::MAX);
        }
    }

    fn count(&self, key: u64) -> u8 {
        if self.counters.is_empty() {
            return 0;
        }
        let (a, b) = self.slots(key);
        self.counters[a].min(self.counters[b])
    }
}

/// `high % 63` for `high` below 2^32, with one wide multiplication where the compiler's
/// division by a constant takes a dozen instructions: the high half of `high * ceil(2^64 / 63)`
/// is `high / 63`, since the rounding adds less than `2^-32` to a quotient whose fraction is
/// at most 62/63.
#[inline(always)]
fn mod_63(high: u64) -> u64 {
    const RECIPROCAL: u128 = (1 << 64) / 63 + 1;
    let quotient = ((u128::from(high) * RECIPROCAL) >> 64) as u64;
    high - quotient * 63
}

/// The document's stand-alone subheadings, in order; see [`Subheading`].
pub(crate) fn find_subheadings(doc: &Document) -> Vec<Subheading> {
    let blocks = doc.blocks();
    let mut out = Vec::new();
    for window in blocks.windows(3) {
        let [before, block, after] = [window[0], window[1], window[2]];
        if block.line_count() != 1 || !is_paragraph(doc, before) || !is_paragraph(doc, after) {
            continue;
        }
        let line = doc.line_text(block.first_line).trim();
        if let Some(words) = heading_words(line) {
            out.push(Subheading {
                line: block.first_line,
                words,
                style: HeadingStyle::of(line),
            });
        }
    }
    out
}

/// The number of words of `line` when it has a heading's shape: starts with a capital letter,
/// 1 to [`MAX_HEADING_WORDS`] words, no final punctuation but `?`.
fn heading_words(line: &str) -> Option<usize> {
    if !line.chars().next().is_some_and(char::is_uppercase)
        || line
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '.' | '!' | ':' | ';' | ',' | '\u{2026}'))
    {
        return None;
    }
    let count = words(line, 0).take(MAX_HEADING_WORDS + 1).count();
    (1..=MAX_HEADING_WORDS).contains(&count).then_some(count)
}

/// A block whose text ends a sentence: terminal punctuation, perhaps inside closing quotes or
/// brackets.
pub(crate) fn is_paragraph(doc: &Document, block: Block) -> bool {
    let text = doc.slice(doc.block_span(block)).trim_end();
    let body = text.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}', '\u{bb}']);
    body.ends_with(['.', '!', '?', '\u{2026}'])
}

/// The key a word is counted under: its text with letters lowercased, the curly apostrophe
/// read as `'` and Unicode hyphens as `-`, hashed. Equal for "Russia's" and "RUSSIA\u{2019}S".
pub fn word_key(word: &str) -> u64 {
    ascii_word_key(word.as_bytes()).unwrap_or_else(|| general_key(word))
}

/// [`word_key`] of a word with a byte outside ASCII, folding its characters one by one.
#[cold]
fn general_key(word: &str) -> u64 {
    folded_key(&fold_word(word))
}

/// `word` as [`word_key`] reads it: letters lowercased, the curly apostrophe as `'` and
/// Unicode hyphens as `-`.
pub(super) fn fold_word(word: &str) -> Vec<u8> {
    let mut folded = Vec::with_capacity(word.len());
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let c = match c {
            '\u{2019}' => '\'',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        };
        for lower in c.to_lowercase() {
            folded.extend_from_slice(lower.encode_utf8(&mut buf).as_bytes());
        }
    }
    folded
}

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Hashes bytes already folded.
fn folded_key(bytes: &[u8]) -> u64 {
    let mut hash = SEED ^ bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = folded_multiply(hash ^ u64::from_le_bytes(word), MULTIPLIER);
    }
    folded_multiply(hash, MULTIPLIER ^ SEED)
}

/// [`folded_key`] of the lowercased bytes of an ASCII word (letters, digits, `'` and `-`),
/// lowercasing eight bytes at a time: setting bit 5 lowercases a letter and leaves digits, `'`
/// and `-` as they are. `None` when a byte is outside ASCII. The rules look words up one at a
/// time, most of them short: the ASCII check rides on the chunks the hash reads, and a tail
/// shorter than eight bytes is read in at most two loads, where [`str::is_ascii`] and a copy
/// byte by byte cost more than the hash itself.
#[inline]
fn ascii_word_key(bytes: &[u8]) -> Option<u64> {
    const CASE_BITS: u64 = 0x2020_2020_2020_2020;
    let mut hash = SEED ^ bytes.len() as u64;
    let mut seen = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let value = load_u64(chunk, 0);
        seen |= value;
        hash = folded_multiply(hash ^ (value | CASE_BITS), MULTIPLIER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let value = load_short(rest);
        seen |= value;
        let unused = 8 * (8 - rest.len());
        hash = folded_multiply(hash ^ (value | CASE_BITS >> unused), MULTIPLIER);
    }
    (seen & HIGH_BITS == 0).then(|| folded_multiply(hash, MULTIPLIER ^ SEED))
}

/// The bytes of `bytes` (fewer than eight) as a little-endian `u64`, the rest zero: four bytes
/// or more in two overlapping four-byte loads.
#[inline(always)]
fn load_short(bytes: &[u8]) -> u64 {
    match *bytes {
        [a] => u64::from(a),
        [a, b] => u64::from(u16::from_le_bytes([a, b])),
        [a, b, c] => u64::from(u16::from_le_bytes([a, b])) | u64::from(c) << 16,
        _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(&low), Some(&high)) => {
                u64::from(u32::from_le_bytes(low))
                    | u64::from(u32::from_le_bytes(high)) << (8 * (bytes.len() - 4))
            }
            _ => 0,
        },
    }
}

/// [`ascii_word_key`] of `bytes[start..end]`, an ASCII word. The last chunk is read as a whole word from `bytes`
/// when eight bytes remain there, and masked: a word's tail copied byte by byte into a buffer
/// stalls the load that reads it back.
#[inline]
fn ascii_key_in(bytes: &[u8], start: usize, end: usize) -> u64 {
    const CASE_BITS: u64 = 0x2020_2020_2020_2020;
    let mut hash = SEED ^ (end - start) as u64;
    let mut at = start;
    while at + 8 <= end {
        hash = folded_multiply(hash ^ (load_u64(bytes, at) | CASE_BITS), MULTIPLIER);
        at += 8;
    }
    let rest = end - at;
    if rest > 0 {
        let unused = 8 * (8 - rest);
        let value = if at + 8 <= bytes.len() {
            load_u64(bytes, at) & (u64::MAX >> unused)
        } else {
            let mut word = [0u8; 8];
            word[..rest].copy_from_slice(&bytes[at..end]);
            u64::from_le_bytes(word)
        };
        hash = folded_multiply(hash ^ (value | CASE_BITS >> unused), MULTIPLIER);
    }
    folded_multiply(hash, MULTIPLIER ^ SEED)
}

/// [`ascii_key_in`] of `bytes[start..end]` (not empty) when eight bytes follow `end` in `bytes`,
/// so that every chunk, the last one too, is read whole and masked.
#[inline(always)]
fn ascii_key_before_slack(bytes: &[u8], start: usize, end: usize) -> u64 {
    const CASE_BITS: u64 = 0x2020_2020_2020_2020;
    let mut hash = SEED ^ (end - start) as u64;
    let mut at = start;
    while end - at > 8 {
        hash = folded_multiply(hash ^ (load_u64(bytes, at) | CASE_BITS), MULTIPLIER);
        at += 8;
    }
    let unused = 8 * (8 - (end - at)) as u32;
    let value = load_u64(bytes, at) & (u64::MAX >> unused);
    hash = folded_multiply(hash ^ (value | CASE_BITS >> unused), MULTIPLIER);
    folded_multiply(hash, MULTIPLIER ^ SEED)
}

fn fingerprint_bit(key: u64) -> u64 {
    1 << (key >> 58)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Capitalised,
    Lowercase,
    Other,
}

struct Token {
    start: usize,
    end: usize,
    key: u64,
    case: Case,
}

/// The token of a word that holds or touches non-ASCII text.
#[cold]
fn general_token(text: &str, start: usize, base: usize) -> Token {
    let end = word_end(text, start);
    let word = &text[start..end];
    let case = match word.chars().next() {
        Some(first) if first.is_uppercase() => Case::Capitalised,
        Some(first) if first.is_lowercase() => Case::Lowercase,
        _ => Case::Other,
    };
    Token {
        start: base + start,
        end: base + end,
        key: word_key(word),
        case,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// The pass as the module documentation states it: every sentence's words as [`words`]
    /// finds them, each looked at with its neighbours, all in plain tables.
    struct Reference {
        capitalised: HashMap<u64, WordStats>,
        lowercase: Sketch,
        occurrences: u64,
        capitalised_inside: u64,
    }

    fn case_of(word: &str) -> Case {
        match word.chars().next() {
            Some(c) if c.is_uppercase() => Case::Capitalised,
            Some(c) if c.is_lowercase() => Case::Lowercase,
            _ => Case::Other,
        }
    }

    fn reference(doc: &Document) -> Reference {
        let text = doc.text();
        let mut out = Reference {
            capitalised: HashMap::new(),
            lowercase: Sketch::for_text(text.len()),
            occurrences: 0,
            capitalised_inside: 0,
        };
        let beside = |a: Span, b: Span| b.start == a.end + 1 && text.as_bytes()[a.end] == b' ';
        for &sentence in doc.sentences() {
            let spans: Vec<Span> =
                words(&text[sentence.start..sentence.end], sentence.start).collect();
            for (i, &span) in spans.iter().enumerate() {
                out.occurrences += 1;
                let word = doc.slice(span);
                let left = i
                    .checked_sub(1)
                    .map(|before| spans[before])
                    .filter(|&before| beside(before, span));
                let right = spans
                    .get(i + 1)
                    .copied()
                    .filter(|&after| beside(span, after));
                let right_case = right.map(|after| case_of(doc.slice(after)));
                match case_of(word) {
                    Case::Lowercase => out.lowercase.add(word_key(word)),
                    Case::Other => {}
                    Case::Capitalised => {
                        let stats = out.capitalised.entry(word_key(word)).or_default();
                        stats.occurrences = stats.occurrences.saturating_add(1);
                        if i == 0 {
                            stats.capitalised_first = stats.capitalised_first.saturating_add(1);
                        } else {
                            stats.capitalised_inside = stats.capitalised_inside.saturating_add(1);
                            out.capitalised_inside += 1;
                            if right_case == Some(Case::Lowercase) {
                                stats.inside_before_lowercase += 1;
                            }
                            if right_case == Some(Case::Capitalised) {
                                stats.inside_before_capitalised += 1;
                            }
                        }
                        if right_case == Some(Case::Capitalised) {
                            stats.before_capitalised += 1;
                        }
                        if let Some(left) = left {
                            let bit = fingerprint_bit(word_key(doc.slice(left)));
                            stats.left_twice |= stats.left_once & bit;
                            stats.left_once |= bit;
                            if case_of(doc.slice(left)) == Case::Capitalised {
                                stats.after_capitalised += 1;
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// Text with long sentences, words of every length (some longer than a window), joiners,
    /// runs of spaces, and now and then a character outside ASCII in or beside a word.
    fn document_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => "[a-z]{1,12}",
            3 => "[A-Z][a-z]{0,10}",
            1 => "[A-Z]{2,5}",
            1 => "[0-9]{1,4}",
            12 => Just(" ".to_string()),
            1 => Just("  ".to_string()),
            2 => "[.,;:!?]",
            1 => "\n\n?",
            2 => "['\\-]",
            1 => "[a-zA-Z0-9'\\-]{50,80}",
            1 => "[\u{e9}\u{c9}\u{301}\u{2019}\u{2011}\u{a0}\u{df}\u{30a2}\u{201c}\u{a3}]",
        ];
        prop::collection::vec(piece, 0..400).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn the_pass_matches_the_reference(text in document_text()) {
            let doc = Document::new(&text);
            let expected = reference(&doc);
            let mut portable = Tally::for_text(&text);
            tally_sentences_portable(&text, doc.sentences(), &mut portable);
            // The pass as this CPU runs it, then compiled for any x86-64 CPU.
            for evidence in [Evidence::gather(&doc), portable.finish()] {
                prop_assert_eq!(evidence.occurrences, expected.occurrences);
                prop_assert_eq!(evidence.capitalised_inside, expected.capitalised_inside);
                prop_assert_eq!(&evidence.lowercase.counters, &expected.lowercase.counters);
                prop_assert_eq!(evidence.capitalised.len, expected.capitalised.len());
                prop_assert_eq!(evidence.capitalised.values().count(), expected.capitalised.len());
                for (&key, stats) in &expected.capitalised {
                    prop_assert_eq!(evidence.capitalised.get(key), Some(stats));
                }
            }
        }

        #[test]
        fn mod_63_is_the_remainder(high in any::<u32>()) {
            prop_assert_eq!(mod_63(u64::from(high)), u64::from(high) % 63);
        }

        #[test]
        fn word_keys_match_the_plain_check_and_hash(word in "[a-zA-Z0-9'.\\- ]{0,20}|.{0,12}") {
            let plain = if word.is_ascii() {
                ascii_key_in(word.as_bytes(), 0, word.len())
            } else {
                general_key(&word)
            };
            prop_assert_eq!(word_key(&word), plain);
        }

        #[test]
        fn ascii_and_general_keys_agree(word in "[a-zA-Z0-9'\\-]{1,30}") {
            let mut folded = word.to_ascii_lowercase().into_bytes();
            folded.shrink_to_fit();
            prop_assert_eq!(word_key(&word), folded_key(&folded));
        }

        #[test]
        fn keys_read_with_slack_agree(word in "[a-zA-Z0-9'\\-]{1,70}", after in "[a-z .]{8,12}") {
            let text = format!("{word}{after}");
            prop_assert_eq!(ascii_key_before_slack(text.as_bytes(), 0, word.len()), word_key(&word));
        }
    }

    #[test]
    fn the_word_table_keeps_every_key_as_it_grows() {
        let mut table = WordTable::default();
        // Spread keys, and keys that all share their low bits and so one run of slots.
        let keys: Vec<u64> = (0..1000u64)
            .map(|i| {
                if i % 2 == 0 {
                    i.wrapping_mul(MULTIPLIER)
                } else {
                    i << 40
                }
            })
            .collect();
        for (i, &key) in keys.iter().enumerate() {
            table.entry(key).occurrences = i as u16 + 1;
        }
        assert_eq!((table.len, table.values().count()), (1000, 1000));
        assert!(table.slots.len() * 7 >= 1000 * 8);
        for (i, &key) in keys.iter().enumerate() {
            assert_eq!(
                table.get(key).map(|stats| stats.occurrences),
                Some(i as u16 + 1)
            );
        }
        assert_eq!(table.get(1), None);
        assert_eq!(WordTable::default().get(1), None);
    }

    #[test]
    fn keys_ignore_case_and_apostrophe_style() {
        assert_eq!(word_key("Russia's"), word_key("RUSSIA\u{2019}S"));
        assert_eq!(word_key("\u{c9}cole"), word_key("\u{e9}cole"));
        assert_ne!(word_key("Mali"), word_key("Malian"));
    }

    #[test]
    fn names_common_words_and_neighbours() {
        let doc = Document::new(
            "Ships left Riga for Mali on Monday. Officials said the ships were late. \
             The ships reached Mali. Mali Airways flew the crew home.\n",
        );
        let evidence = doc.evidence();
        let mali = evidence.word("Mali");
        assert_eq!(
            (
                mali.occurrences,
                mali.capitalised_inside,
                mali.capitalised_first
            ),
            (3, 2, 1)
        );
        assert!(mali.is_name());
        assert_eq!(mali.before_capitalised, 1);
        let ships = evidence.word("ships");
        assert_eq!((ships.occurrences, ships.lowercase), (3, 2));
        assert!(!ships.is_name());
        let monday = evidence.word("Monday");
        assert_eq!(monday.inside_before_lowercase, 0);
        assert_eq!(evidence.word("Riga").inside_before_lowercase, 1);
        assert_eq!(evidence.word("Airways").after_capitalised, 1);
        assert!(!evidence.side_by_side_elsewhere("for", "Mali"));
        assert_eq!(evidence.word("absent"), WordStats::default());
    }

    #[test]
    fn a_pair_seen_twice_stands_side_by_side_elsewhere() {
        let doc = Document::new("We met Clara Brandt. Later Clara Brandt spoke. Brandt left.\n");
        assert!(doc.evidence().side_by_side_elsewhere("Clara", "Brandt"));
        assert!(!doc.evidence().side_by_side_elsewhere("Later", "Clara"));
    }

    #[test]
    fn subheadings_stand_alone_between_paragraphs() {
        let doc = Document::new(
            "Rail Strike Ends\n\nThe strike ended on Monday.\n\nWhat comes next\n\n\
             Talks resume in May.\n\n- one item\n\nAnother line\nwith two lines\n\n\
             The end came.\n\nClosing words\n",
        );
        let found: Vec<_> = doc
            .subheadings()
            .iter()
            .map(|s| (doc.line_text(s.line), s.words, s.style))
            .collect();
        assert_eq!(
            found,
            [("What comes next", 3, Some(HeadingStyle::Sentence))]
        );
    }

    #[test]
    fn heading_styles() {
        assert_eq!(
            HeadingStyle::of("Rail strike ends"),
            Some(HeadingStyle::Sentence)
        );
        assert_eq!(
            HeadingStyle::of("Rail Strike Ends Today"),
            Some(HeadingStyle::Title)
        );
        assert_eq!(HeadingStyle::of("RAIL STRIKE"), Some(HeadingStyle::Upper));
        assert_eq!(HeadingStyle::of("Out in May"), None);
        assert_eq!(HeadingStyle::of("42"), None);
    }
}
