//! A fixed set of words, each with a `u32` of flags, built once from the word lists of
//! `rules/seams.toml` and `rules/openers.toml`. The seam rules ask it about nearly every
//! capitalised word inside a sentence and about every word of a block's first line, so a
//! lookup must cost a few dozen instructions: the hash reads a word's first eight bytes (and
//! its last eight) as integers, and a slot holds those first eight bytes and the length, so
//! that most probes are settled without comparing strings. It also looks words up in lower
//! case without building the lowercase copy.

pub(super) struct WordTable {
    /// A power of two in length, at most half full; an empty slot has length 0.
    slots: Box<[Slot]>,
}

#[derive(Default)]
struct Slot {
    head: u64,
    len: usize,
    flags: u32,
    word: Box<[u8]>,
}

impl WordTable {
    /// The table of `entries`; a word given twice gets the union of its flags. Empty words
    /// are left out.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, u32)>) -> Self {
        let mut entries: Vec<(&[u8], u32)> = entries
            .into_iter()
            .map(|(word, flags)| (word.as_bytes(), flags))
            .filter(|(word, _)| !word.is_empty())
            .collect();
        entries.sort_unstable();
        let mut merged: Vec<(&[u8], u32)> = Vec::with_capacity(entries.len());
        for (word, flags) in entries {
            match merged.last_mut() {
                Some((known, known_flags)) if *known == word => *known_flags |= flags,
                _ => merged.push((word, flags)),
            }
        }
        let size = (merged.len() * 2).next_power_of_two().max(16);
        let mut slots: Box<[Slot]> = (0..size).map(|_| Slot::default()).collect();
        for (word, flags) in merged {
            let head = head(word);
            let mut at = slot_of(head, word, size);
            while slots[at].len != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = Slot {
                head,
                len: word.len(),
                flags,
                word: word.into(),
            };
        }
        Self { slots }
    }

    /// The flags of `word` as written; 0 for a word not in the table.
    #[inline]
    pub fn get(&self, word: &[u8]) -> u32 {
        let head = head(word);
        self.find(head, word, |tail, stored| tail == stored)
    }

    /// The flags of the lowercase form of `word`, which must be ASCII: what [`Self::get`]
    /// answers for `word.to_ascii_lowercase()`.
    #[inline]
    pub fn get_lowercase(&self, word: &[u8]) -> u32 {
        let head = ascii_lowercase(head(word));
        self.find(head, word, |tail, stored| {
            tail.iter()
                .zip(stored)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
        })
    }

    /// Probes from the slot of `word`, whose first eight bytes (as the table stores them) are
    /// `head`; `rest_equal` compares the bytes after those eight with a stored word's.
    #[inline]
    fn find(&self, head: u64, word: &[u8], rest_equal: impl Fn(&[u8], &[u8]) -> bool) -> u32 {
        let mask = self.slots.len() - 1;
        let mut at = slot_of(head, word, self.slots.len());
        loop {
            let slot = &self.slots[at];
            if slot.len == 0 {
                return 0;
            }
            if slot.head == head
                && slot.len == word.len()
                && (word.len() <= 8 || rest_equal(&word[8..], &slot.word[8..]))
            {
                return slot.flags;
            }
            at = (at + 1) & mask;
        }
    }
}

/// The first eight bytes of `word`, zero-padded, first byte lowest. A shorter word is read
/// with two loads that may overlap: the bytes they share are the same, so OR joins them.
#[inline]
fn head(word: &[u8]) -> u64 {
    let len = word.len();
    if let Some(first) = word.first_chunk::<8>() {
        u64::from_le_bytes(*first)
    } else if let (Some(first), Some(last)) = (word.first_chunk::<4>(), word.last_chunk::<4>()) {
        u64::from(u32::from_le_bytes(*first))
            | u64::from(u32::from_le_bytes(*last)) << (8 * (len - 4))
    } else if let (Some(&first), Some(&last)) = (word.first(), word.last()) {
        let middle = word[len / 2];
        u64::from(first) | u64::from(middle) << (8 * (len / 2)) | u64::from(last) << (8 * (len - 1))
    } else {
        0
    }
}

/// `head` with its ASCII capitals lowercased, eight bytes at once: a byte from `A` to `Z`
/// gets bit 5, which no other byte is given.
#[inline]
fn ascii_lowercase(head: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let low = head & LOW_BITS;
    let capitals = (low + ONES * u64::from(0x80 - b'A'))
        & !(low + ONES * u64::from(0x7f - b'Z'))
        & !head
        & HIGH_BITS;
    head | capitals >> 2
}

/// The slot a word hashes to, from its first eight bytes and its length: lowercasing a word
/// changes neither.
#[inline]
fn slot_of(head: u64, word: &[u8], size: usize) -> usize {
    let key = head ^ (word.len() as u64).rotate_right(8);
    let hash = key.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (hash >> (64 - size.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[(&str, u32)] = &[
        ("the", 1),
        ("The", 2),
        ("announced", 4),
        ("announcer", 8),
        ("a", 16),
        ("abcdefgh", 32),
        ("don't", 64),
        ("the", 128),
    ];

    fn reference(word: &[u8]) -> u32 {
        WORDS
            .iter()
            .filter(|(known, _)| known.as_bytes() == word)
            .fold(0, |flags, (_, f)| flags | f)
    }

    #[test]
    fn merges_flags_and_tells_case_apart() {
        let table = WordTable::new(WORDS.iter().copied());
        assert_eq!(table.get(b"the"), 129);
        assert_eq!(table.get(b"The"), 2);
        assert_eq!(table.get_lowercase(b"THE"), 129);
        assert_eq!(table.get_lowercase(b"ANNOUNCER"), 8);
        assert_eq!(table.get(b"ANNOUNCER"), 0);
        assert_eq!(table.get(b""), 0);
    }

    proptest! {
        #[test]
        fn heads_read_the_first_eight_bytes(word in prop::collection::vec(any::<u8>(), 0..12)) {
            let mut expected = [0u8; 8];
            let n = word.len().min(8);
            expected[..n].copy_from_slice(&word[..n]);
            prop_assert_eq!(head(&word), u64::from_le_bytes(expected));
            expected.make_ascii_lowercase();
            prop_assert_eq!(ascii_lowercase(head(&word)), u64::from_le_bytes(expected));
        }

        #[test]
        fn lookups_agree_with_a_scan(word in "(the|The|THE|announce[dr]|ANNOUNCED|a|A|abcdefgh|abcdefghi|don't|[a-zA-Z' ]{0,12})") {
            let table = WordTable::new(WORDS.iter().copied());
            let bytes = word.as_bytes();
            prop_assert_eq!(table.get(bytes), reference(bytes));
            prop_assert_eq!(table.get_lowercase(bytes), reference(&bytes.to_ascii_lowercase()));
        }
    }
}
