//! Windows-1252 as browsers decode it, and UTF-8 read through it: the decoding `mojibake`
//! undoes, and the test `invisible-character`, `irregular-whitespace` and `mixed-quotes` use to
//! leave a garbled sequence to `mojibake` instead of reporting a piece of it.
//!
//! Browsers (WHATWG) read bytes 0x80-0x9F as the typographic characters of Windows-1252 and the
//! five bytes it leaves undefined as C1 controls; Latin-1 reads all 32 as C1 controls; both read
//! 0xA0-0xFF as U+00A0-U+00FF. UTF-8 read either way turns each lead byte 0xC2-0xF4 into a
//! letter `Â`-`ô` and each continuation byte 0x80-0xBF into a symbol, a C1 control or one of a
//! few letters (`Š`, `œ`, `ƒ`): "’" (E2 80 99) becomes "â€™".

/// What Windows-1252 reads for bytes 0x80-0x9F; the five undefined bytes read as C1 controls.
const HIGH: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// Characters that may follow a word-final letter in real text: closing quotes, apostrophes,
/// dashes, an ellipsis, a no-break space, marks like `®`. A lead letter followed only by these
/// may be a real word ("IRMÃ”", "CAFÉ®") rather than mojibake ("Ô", "ɮ").
const AFTER_WORD: &[char] = &[
    '\u{2019}', '\u{2018}', '\u{201d}', '\u{201c}', '\u{bb}', '\u{203a}', '\u{2039}', '\u{2026}',
    '\u{2013}', '\u{2014}', '\u{a0}', '\u{b7}', '\u{2022}', '\u{2122}', '\u{ae}', '\u{a9}',
];

/// How a run of garbled text was read: which single-byte decoding its 0x80-0x9F bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// No byte tells the two decodings apart.
    Either,
    Windows1252,
    Latin1,
    /// Some bytes read one way and some the other: no single decoding gives the text back.
    Mixed,
}

impl Reading {
    pub(crate) fn and(self, other: Reading) -> Reading {
        match (self, other) {
            (Reading::Either, r) | (r, Reading::Either) => r,
            (a, b) if a == b => a,
            _ => Reading::Mixed,
        }
    }

    /// The reading one continuation character `c`, standing for byte `byte`, shows.
    fn of(c: char, byte: u8) -> Reading {
        match byte {
            0x80..=0x9f if c == HIGH[usize::from(byte - 0x80)] && u32::from(c) > 0xff => {
                Reading::Windows1252
            }
            0x80..=0x9f if c != HIGH[usize::from(byte - 0x80)] => Reading::Latin1,
            _ => Reading::Either,
        }
    }
}

/// The character `reading` gives for `byte`; `Either` reads as a browser does.
pub(crate) fn decode(byte: u8, reading: Reading) -> char {
    match (byte, reading) {
        (0x80..=0x9f, Reading::Latin1) => char::from(byte),
        (0x80..=0x9f, _) => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The byte a single-byte decoding (Windows-1252 or Latin-1) turned into `c`, if any.
fn byte_of(c: char) -> Option<u8> {
    match u8::try_from(c) {
        Ok(byte) if byte >= 0x80 => Some(byte),
        Ok(_) => None,
        Err(_) => HIGH
            .iter()
            .position(|&high| high == c)
            .and_then(|index| u8::try_from(0x80 + index).ok()),
    }
}

/// The continuation byte 0x80-0xBF that `c` stands for, if it stands for one.
pub(crate) fn continuation_byte(c: char) -> Option<u8> {
    byte_of(c).filter(|byte| (0x80..=0xbf).contains(byte))
}

/// The Windows-1252 character for the C1 control `c`: what a Latin-1 reading hid.
pub(crate) fn meant(c: char) -> Option<char> {
    let byte = u8::try_from(c).ok().filter(|b| (0x80..=0x9f).contains(b))?;
    let meant = HIGH[usize::from(byte - 0x80)];
    (meant != c).then_some(meant)
}

/// Whether `c` reads a UTF-8 lead byte (0xC2-0xF4).
pub(crate) fn is_lead(c: char) -> bool {
    matches!(c, '\u{c2}'..='\u{f4}')
}

/// One UTF-8 character read as single bytes: a lead letter and its continuation characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sequence {
    /// Length in bytes of the garbled text.
    pub len: usize,
    /// The character it was.
    pub meant: char,
    pub reading: Reading,
}

/// The garbled character at the start of `text`, if `text` starts with one: a lead letter
/// followed by exactly the continuations its byte announces, together valid UTF-8.
pub(crate) fn sequence_at(text: &str) -> Option<Sequence> {
    let mut chars = text.char_indices();
    let (_, lead) = chars.next()?;
    let count = match lead {
        '\u{c2}'..='\u{df}' => 1,
        '\u{e0}'..='\u{ef}' => 2,
        '\u{f0}'..='\u{f4}' => 3,
        _ => return None,
    };
    let mut bytes = [u8::try_from(lead).ok()?, 0, 0, 0];
    let mut reading = Reading::Either;
    let mut len = lead.len_utf8();
    for byte in bytes.iter_mut().skip(1).take(count) {
        let (at, c) = chars.next()?;
        *byte = continuation_byte(c)?;
        reading = reading.and(Reading::of(c, *byte));
        len = at + c.len_utf8();
    }
    let meant = std::str::from_utf8(&bytes[..=count]).ok()?.chars().next()?;
    Some(Sequence {
        len,
        meant,
        reading,
    })
}

/// Whether the lone sequence `garbled` can be real text between `prev` and `next`: a letter
/// that can end a word, followed by closing punctuation and then no letter ("IRMÃ”", "CAFÉ…»"),
/// by an apostrophe inside an all-capitals word ("JOSÉ’S") or by a closed-up dash ("JOSÉ—who");
/// or the sign `×` before a symbol. A capital lead right after a small letter ("cafÃ©") is never
/// real text, nor is "Â", nor "Ã" standing alone.
fn may_be_real_text(garbled: &str, prev: Option<char>, next: Option<char>) -> bool {
    let mut chars = garbled.chars();
    let Some(lead) = chars.next() else {
        return false;
    };
    if lead == '\u{d7}' {
        return true;
    }
    // No word ends in "Â", and "Ã" is never a word of its own ("Ã©" alone is Portuguese "é").
    let standalone = !prev.is_some_and(char::is_alphabetic);
    if lead == '\u{c2}'
        || (lead == '\u{c3}' && standalone)
        || (lead.is_uppercase() && prev.is_some_and(char::is_lowercase))
    {
        return false;
    }
    let first = chars.clone().next();
    if !chars.all(|c| AFTER_WORD.contains(&c)) {
        return false;
    }
    match (first, next) {
        (Some('\u{2019}' | '\u{2018}'), Some(next)) if next.is_alphanumeric() => {
            lead.is_uppercase() && prev.is_some_and(char::is_uppercase)
        }
        // "JOSÉ—who": an em dash closed up between words; "Ã—" before a letter is "Ö".
        (Some('\u{2013}' | '\u{2014}'), Some(next)) if next.is_alphanumeric() => lead != '\u{c3}',
        (_, Some(next)) => !next.is_alphanumeric(),
        (_, None) => true,
    }
}

/// What a lone garbled character (a run of one sequence) is in its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Mojibake whatever the rest of the document holds.
    Garbled,
    /// Could be real text; mojibake when the document holds certain mojibake too.
    Doubtful,
    /// Real text, or a repair no text would need.
    Real,
}

/// Judges the lone sequence `garbled`, which decodes to `meant`, between `prev` and `next`.
/// A repair must give a character text uses: never IPA letters, scripts from Syriac to
/// Samaritan (U+0700-U+08FF) or private use; and a doubtful one must give a Latin letter or a
/// punctuation mark, as the garbling of a Western page would.
pub(crate) fn judge(garbled: &str, meant: char, prev: Option<char>, next: Option<char>) -> Verdict {
    let unlikely =
        matches!(meant, '\u{250}'..='\u{2af}' | '\u{700}'..='\u{8ff}' | '\u{e000}'..='\u{f8ff}');
    let western = matches!(meant,
        '\u{a0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' | '\u{2000}'..='\u{206f}'
        | '\u{20a0}'..='\u{20cf}' | '\u{2100}'..='\u{214f}');
    if unlikely {
        Verdict::Real
    } else if !may_be_real_text(garbled, prev, next) {
        Verdict::Garbled
    } else if western {
        Verdict::Doubtful
    } else {
        Verdict::Real
    }
}

/// Whether the character at byte `at` of `line` belongs to mojibake that `mojibake` reports
/// whatever the rest of the document holds: a continuation character inside a garbled sequence
/// that cannot be real text.
pub(crate) fn in_garbled_sequence(line: &str, at: usize) -> bool {
    for (start, c) in line[..at].char_indices().rev().take(3) {
        if is_lead(c) {
            let Some(sequence) = sequence_at(&line[start..]) else {
                return false;
            };
            let end = start + sequence.len;
            if end <= at {
                return false;
            }
            let prev = line[..start].chars().next_back();
            let next = line[end..].chars().next();
            return sequence_at(&line[end..]).is_some()
                || judge(&line[start..end], sequence.meant, prev, next) == Verdict::Garbled;
        }
        if continuation_byte(c).is_none() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_byte_and_reads_it_back() {
        for byte in 0x80..=0xff_u8 {
            for reading in [Reading::Windows1252, Reading::Latin1] {
                assert_eq!(byte_of(decode(byte, reading)), Some(byte));
            }
        }
        assert_eq!(byte_of('a'), None);
        assert_eq!(meant('\u{92}'), Some('\u{2019}'));
        assert_eq!(meant('\u{81}'), None);
    }

    #[test]
    fn sequences_decode_with_their_reading() {
        let at = |s: &str| sequence_at(s).map(|q| (q.len, q.meant, q.reading));
        assert_eq!(
            at("\u{e2}\u{20ac}\u{2122}t"),
            Some((8, '\u{2019}', Reading::Windows1252))
        );
        assert_eq!(
            at("\u{e2}\u{80}\u{99}"),
            Some((6, '\u{2019}', Reading::Latin1))
        );
        assert_eq!(at("\u{c3}\u{a9}"), Some((4, '\u{e9}', Reading::Either)));
        assert_eq!(at("\u{e2}\u{20ac}\u{9d}").map(|q| q.1), Some('\u{201d}'));
        assert_eq!(at("\u{c3}o"), None);
        assert_eq!(at("\u{e9}t\u{e9}"), None);
        // 0xE0 0x80 0x80 is an overlong encoding, not a character.
        assert_eq!(at("\u{e0}\u{20ac}\u{20ac}"), None);
    }

    #[test]
    fn real_words_ending_in_a_lead_letter() {
        let real = |s: &str, prev, next| may_be_real_text(s, prev, next);
        assert!(real("\u{c3}\u{201d}", Some('M'), Some(' ')));
        assert!(real("\u{c9}\u{2019}", Some('S'), Some('S')));
        assert!(!real("\u{c9}\u{2019}", Some('s'), Some('s')));
        assert!(!real("\u{c3}\u{2026}", Some(' '), Some('l')));
        assert!(!real("\u{c3}\u{a9}", Some('f'), Some(' ')));
        assert!(!real("\u{c2}\u{a0}", Some('M'), Some(' ')));
    }

    #[test]
    fn finds_continuations_inside_garbled_sequences() {
        let line = "don\u{e2}\u{80}\u{99}t, IRM\u{c3}\u{a0}x, ok\u{a0}";
        let at = |needle: &str| line.find(needle).unwrap();
        assert!(in_garbled_sequence(line, at("\u{80}")));
        assert!(in_garbled_sequence(line, at("\u{99}")));
        assert!(!in_garbled_sequence(line, line.rfind('\u{a0}').unwrap()));
        assert!(!in_garbled_sequence("IRM\u{c3}\u{201d} a", 5));
    }
}
