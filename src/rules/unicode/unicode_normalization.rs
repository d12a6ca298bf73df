//! `unicode-normalization`: text not in Unicode Normalization Form C, typically accents stored
//! as a base letter plus a combining mark ("e" + U+0301) instead of one precomposed letter.

use std::fmt::Write;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::{is_nfc_quick, IsNormalized};

use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(UnicodeNormalization)),
};

const META: RuleMeta = RuleMeta {
    name: "unicode-normalization",
    category: Category::Unicode,
    severity: Severity::Info,
    fix: FixAvailability::Safe,
    summary: "text is not in Unicode NFC",
    docs: RuleDocs {
        what: "Finds text that is not in Unicode Normalization Form C: a letter followed by a \
               combining accent that has a precomposed form, combining marks out of canonical \
               order, or a character NFC always replaces (the ohm sign U+2126 for omega). Each \
               word holding such text is one finding, spanning from the first to the last \
               character that changes.",
        why: "The two spellings look the same but compare, search and count differently, so \
              \"caf\\u{e9}\" and \"cafe\\u{301}\" are two words to every tool downstream. \
              Decomposed text comes from macOS file names, some PDF extractors and copy-paste.",
        options: "",
        fix: "Safe: replaces the span with its NFC form, which is canonically equivalent: it \
              renders and means the same.",
    },
    fires: &[
        "The cafe\u{301} reopened.\n",
        "S\u{e3}o Paulo and Sa\u{303}o Paulo.\n",
        "A 10 \u{2126} resistor.\n",
    ],
    silent: &[
        "The caf\u{e9} reopened in S\u{e3}o Paulo, near the M\u{fc}nchner Stra\u{df}e.\n",
        "\u{201c}Ni\u{f1}o,\u{201d} she said \u{2014} na\u{ef}ve.\n",
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} \u{645}\u{64e}\u{631}\u{652}\u{62d}\u{64e}\u{628}\u{64b}\u{627}\n",
    ],
};

struct UnicodeNormalization;

impl Rule for UnicodeNormalization {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        for line in doc.lines().iter().filter(|line| !line.plain) {
            let text = doc.slice(line.content());
            if only_trivial_chars(text.as_bytes())
                || is_nfc_quick(text.chars()) == IsNormalized::Yes
            {
                continue;
            }
            check_line(text, line.start, reporter);
        }
    }
}

/// Whether every character is one NFC keeps as is and nothing combines with ([`is_boundary`]):
/// a cheap filter in front of the exact quick check that passes most lines in any script.
fn only_trivial_chars(bytes: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let trivial = trivial_bmp();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // Skip ASCII eight bytes at a time.
            match bytes.get(i..i + 8) {
                Some(word) if u64::from_ne_bytes(word.try_into().expect("8 bytes")) & HIGH == 0 => {
                    i += 8;
                }
                _ => i += 1,
            }
            continue;
        }
        let (c, width) = match b {
            0xf0.. => {
                // Astral: only emoji and pictographs are taken as trivial.
                let c = std::str::from_utf8(&bytes[i..i + 4])
                    .ok()
                    .and_then(|s| s.chars().next());
                if !c.is_some_and(|c| ('\u{1f300}'..='\u{1faff}').contains(&c)) {
                    return false;
                }
                i += 4;
                continue;
            }
            0xe0.. => (
                (u32::from(b & 0x0f) << 12)
                    | (u32::from(bytes[i + 1] & 0x3f) << 6)
                    | u32::from(bytes[i + 2] & 0x3f),
                3,
            ),
            _ => (
                (u32::from(b & 0x1f) << 6) | u32::from(bytes[i + 1] & 0x3f),
                2,
            ),
        };
        if trivial[(c >> 6) as usize] & (1 << (c & 63)) == 0 {
            return false;
        }
        i += width;
    }
    true
}

/// One bit per Basic Multilingual Plane character: set when [`is_boundary`] holds. Built once.
fn trivial_bmp() -> &'static [u64; 1024] {
    static TABLE: OnceLock<Box<[u64; 1024]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([0; 1024]);
        for c in ('\0'..='\u{ffff}').filter(|&c| is_boundary(c)) {
            let c = u32::from(c);
            table[(c >> 6) as usize] |= 1 << (c & 63);
        }
        table
    })
}

/// Whether normalization never reaches across the start of `c`: a starter that nothing before
/// it combines with and that stays as it is.
fn is_boundary(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Reports the non-NFC segments of a line starting at byte `base`, one finding per word.
fn check_line(text: &str, base: usize, reporter: &mut Reporter) {
    let mut group: Option<(usize, usize)> = None;
    let mut segment_start = 0;
    let boundaries = text
        .char_indices()
        .filter(|&(at, c)| at > 0 && is_boundary(c))
        .map(|(at, _)| at)
        .chain(std::iter::once(text.len()));
    for segment_end in boundaries {
        let segment = &text[segment_start..segment_end];
        if !segment.nfc().eq(segment.chars()) {
            group = match group {
                Some((start, end)) if !text[end..segment_start].contains(char::is_whitespace) => {
                    Some((start, segment_end))
                }
                _ => {
                    if let Some((start, end)) = group {
                        report(text, base, start, end, reporter);
                    }
                    Some((segment_start, segment_end))
                }
            };
        }
        segment_start = segment_end;
    }
    if let Some((start, end)) = group {
        report(text, base, start, end, reporter);
    }
}

fn report(text: &str, base: usize, start: usize, end: usize, reporter: &mut Reporter) {
    let whole: String = text[start..end].nfc().collect();
    // A segment can open with characters NFC keeps ("10 \u{2126}"): leave them out of the span.
    let (mut start, mut end, mut nfc) = (start, end, whole.as_str());
    while let (Some(a), Some(b)) = (text[start..end].chars().next(), nfc.chars().next()) {
        if a != b {
            break;
        }
        start += a.len_utf8();
        nfc = &nfc[b.len_utf8()..];
    }
    while let (Some(a), Some(b)) = (
        text[start..end].chars().next_back(),
        nfc.chars().next_back(),
    ) {
        if a != b {
            break;
        }
        end -= a.len_utf8();
        nfc = &nfc[..nfc.len() - b.len_utf8()];
    }
    let original = &text[start..end];
    let span = Span::new(base + start, base + end);
    let help = if original.chars().count() <= 6 {
        format!("{} is {} in NFC", code_points(original), code_points(nfc))
    } else {
        format!(
            "NFC turns these {} code points into {}",
            original.chars().count(),
            nfc.chars().count()
        )
    };
    reporter.report(
        Diagnostic::new(span, "text is not in Unicode NFC")
            .with_help(help)
            .with_fix(Fix::safe_edits(
                "normalize to NFC",
                vec![Edit::replace(span, nfc)],
            )),
    );
}

fn code_points(text: &str) -> String {
    let mut out = String::new();
    for (index, c) in text.chars().enumerate() {
        let sep = if index == 0 { "" } else { " " };
        let _ = write!(out, "{sep}U+{:04X}", u32::from(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn lint(text: &str) -> Vec<(String, String)> {
        let rules = vec![crate::ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: Box::new(UnicodeNormalization),
        }];
        Linter::new(rules)
            .lint(text)
            .into_iter()
            .map(|d| {
                let fixed = d.fix.unwrap().edits[0].replacement.clone();
                (text[d.span.start..d.span.end].to_owned(), fixed)
            })
            .collect()
    }

    #[test]
    fn one_finding_per_word_from_first_to_last_change() {
        let found = lint("re\u{301}sume\u{301} and cafe\u{301}\n");
        assert_eq!(
            found,
            [
                (
                    "e\u{301}sume\u{301}".to_owned(),
                    "\u{e9}sum\u{e9}".to_owned()
                ),
                ("e\u{301}".to_owned(), "\u{e9}".to_owned()),
            ]
        );
    }

    #[test]
    fn reorders_marks_and_composes_hangul_jamo() {
        assert_eq!(
            lint("a\u{323}\u{302}\n"),
            [("a\u{323}\u{302}".to_owned(), "\u{1ead}".to_owned())]
        );
        assert_eq!(
            lint("\u{1100}\u{1161}\n"),
            [("\u{1100}\u{1161}".to_owned(), "\u{ac00}".to_owned())]
        );
    }

    proptest::proptest! {
        #[test]
        fn fixing_every_finding_gives_the_nfc_of_the_whole(
            picks in proptest::collection::vec(0..ALPHABET.len(), 0..24)
        ) {
            let text: String = picks.iter().map(|&i| ALPHABET[i]).collect();
            let rules = vec![crate::ActiveRule {
                name: META.name,
                severity: META.severity,
                fix: META.fix,
                rule: Box::new(UnicodeNormalization),
            }];
            let fixed = Linter::new(rules).fix(&text, crate::FixMode::SafeOnly);
            let nfc: String = text.nfc().collect();
            proptest::prop_assert_eq!(fixed.text, nfc);
        }
    }

    /// Starters, combining marks of several classes, composition seconds and exclusions.
    const ALPHABET: [char; 16] = [
        'a', 'e', ' ', '\u{301}', '\u{323}', '\u{302}', '\u{308}', '\u{1100}', '\u{1161}',
        '\u{11a8}', '\u{f73}', '\u{f71}', '\u{212b}', '\u{344}', '\u{e9}', '\n',
    ];

    #[test]
    fn trivial_emoji_are_stable_starters() {
        for c in '\u{1f300}'..='\u{1faff}' {
            assert!(is_boundary(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn trivial_filter_agrees_with_the_quick_check() {
        for text in [
            "caf\u{e9} \u{201c}x\u{201d}",
            "\u{41f}\u{440}\u{438}",
            "\u{4e2d}\u{ac00}",
        ] {
            assert!(only_trivial_chars(text.as_bytes()));
            assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes);
        }
        assert!(!only_trivial_chars("e\u{301}".as_bytes()));
        assert!(!only_trivial_chars("\u{2126}".as_bytes()));
        assert!(!only_trivial_chars("\u{1d15e}".as_bytes()));
        assert!(only_trivial_chars(
            "Vi\u{1ec7}t \u{645}\u{631}\u{62d}\u{628}\u{627}".as_bytes()
        ));
    }
}
