//! `mojibake`: UTF-8 text that went through a Windows-1252 or Latin-1 decoding ("donâ€™t",
//! "cafÃ©"), repaired by encoding the garbled run back to bytes and reading them as UTF-8.
//!
//! The decoding itself lives in `cp1252.rs`; this file finds runs on each line, tells certain
//! ones from those that could be real text, and reports them.

use super::cp1252::{self, Reading, Verdict};
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(Mojibake)),
};

const META: RuleMeta = RuleMeta {
    name: "mojibake",
    category: Category::Unicode,
    severity: Severity::Warning,
    fix: FixAvailability::Mixed,
    summary: "UTF-8 text read as Windows-1252 or Latin-1 (\"donâ€™t\", \"cafÃ©\")",
    docs: RuleDocs {
        what: "Finds characters garbled by reading their UTF-8 bytes as Windows-1252 or Latin-1: \
               a letter from `Â` to `ô` (what a lead byte reads as) followed by exactly the \
               continuation characters its byte announces (symbols such as `€ ™ © ¦`, C1 \
               controls, or `Š œ ƒ`), which together must be valid UTF-8: \"â€™\" for \"’\", \
               \"Ã©\" for \"é\", \"Â\\u{a0}\" for a no-break space, \"ðŸ˜€\" for an emoji. \
               Consecutive garbled characters make one finding, and text garbled twice \
               (\"Ã¢â‚¬â„¢\") is decoded twice. Also found, where a byte did not survive: \"Â\" \
               before a plain space (a no-break space that was normalised), \"Ã\" before a \
               space for \"à\", and \"â€\" whose last byte was dropped or replaced by U+FFFD.\n\n\
               Correct text never has these runs, with one exception: a letter that ends a word \
               followed by closing punctuation, as in an all-capitals Portuguese \"IRMÃ”\" or \
               \"CAFÉ®\", an apostrophe inside an all-capitals word (\"JOSÉ’S\") or a closed-up \
               dash (\"JOSÉ—who\"). Such a run is only reported when the document also holds \
               certain mojibake, and only when it repairs to a Latin letter or a punctuation mark; \
               a lone run that would repair to a character no such page holds (IPA letters, the \
               scripts from Syriac to Samaritan, private use) is never reported, so \"Spaß“\" \
               stays German and does not become an N'Ko letter. Certain: a run \
               of two or more garbled characters, one with a C1 control or a letter-like symbol \
               (`©`, `£`, `¡`), one followed by a letter or digit, \"Â\", and a capital lead \
               right after a small letter (\"cafÃ©\").",
        why: "A page served as UTF-8 but read as Windows-1252 (or the reverse on the way back) \
              turns every accented letter, curly quote and dash into two or three symbols. \
              Readers see \"donâ€™t\"; search and comparisons fail.",
        options: "",
        fix: "Safe when the repair round-trips exactly: the run is encoded back to bytes with \
              one decoding (Windows-1252 as browsers read it, or Latin-1), decoded as UTF-8, and \
              encoding the result again gives back exactly the original run. Unsafe when the \
              run mixes the two decodings, when it could be real text, or when a byte was lost \
              (\"Â \" loses its \"Â\", \"Ã \" becomes \"à\", \"â€\" becomes \"”\", the likeliest \
              lost character).",
    },
    fires: &[
        "We don\u{e2}\u{20ac}\u{2122}t know.\n",
        "A caf\u{c3}\u{a9} in S\u{c3}\u{a3}o Paulo.\n",
        "It costs 5\u{c2}\u{a0}euros, or \u{c2}\u{a3}4.\n",
        "She said \u{e2}\u{20ac}\u{153}yes\u{e2}\u{20ac}\u{9d}.\n",
        "Twice: don\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{e2}\u{201e}\u{a2}t.\n",
    ],
    silent: &[
        "S\u{e3}o Paulo, A\u{e7}\u{e3}o, \u{c1}gua, Rom\u{e2}nia, K\u{f6}ln, \u{c5}land.\n",
        "\u{ab}\u{a0}IRM\u{c3}\u{a0}\u{bb} e \u{201c}IRM\u{c3}\u{201d}, JOS\u{c9}\u{2019}S CAF\u{c9}\u{ae}.\n",
        "\u{201e}Das macht Spa\u{df}\u{201c}, sagte sie.\n",
    ],
};

struct Mojibake;

impl Rule for Mojibake {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let mut found = Vec::new();
        for line in doc.lines().iter().filter(|line| !line.plain) {
            scan_line(doc.text(), line.content(), &mut found);
        }
        if found.iter().any(|f| !f.doubtful) {
            for f in found {
                report(doc.text(), f, reporter);
            }
        }
    }
}

/// A garbled run before it is reported.
struct Found {
    span: Span,
    repair: Repair,
    /// Could be real text: reported only when the document holds certain mojibake too.
    doubtful: bool,
}

enum Repair {
    /// Decoded `levels` times; `exact` when encoding back gives the run again.
    Decoded {
        meant: String,
        reading: Reading,
        levels: usize,
        exact: bool,
    },
    /// "Â" before a plain space: the no-break space it came with was normalised.
    NoBreakSpaceLost,
    /// "Ã" before a space: "à", whose second byte (a no-break space) became a plain space.
    /// The span takes that space when a second one follows.
    AGraveLost,
    /// "â€" without its third byte.
    LastByteLost,
}

/// Every candidate starts with a lead letter U+00C2-U+00F4, encoded C3 82-C3 B4.
fn scan_line(text: &str, line: Span, found: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let first = found.len();
    let mut from = line.start;
    while let Some(offset) = memchr::memchr(0xc3, &bytes[from..line.end]) {
        let at = from + offset;
        match garbled_at(text, line, at) {
            Some(f) => {
                from = f.span.end;
                found.push(f);
            }
            None => from = at + 2,
        }
    }
    // A line garbled as a whole holds no correct non-ASCII character: where one stands beside
    // a doubtful run ("“IRMÃ”"), the line was decoded right and the run is real text.
    let doubtful = found[first..].iter().any(|f| f.doubtful);
    if doubtful && has_correct_non_ascii(text, line, &found[first..]) {
        let line_found = found.split_off(first);
        found.extend(line_found.into_iter().filter(|f| !f.doubtful));
    }
}

/// Whether `line` holds a non-ASCII character, other than U+FFFD, outside the runs `found` in it.
fn has_correct_non_ascii(text: &str, line: Span, found: &[Found]) -> bool {
    let correct = |from: usize, to: usize| {
        text[from..to]
            .chars()
            .any(|c| !c.is_ascii() && c != '\u{fffd}')
    };
    let mut from = line.start;
    for f in found {
        if correct(from, f.span.start) {
            return true;
        }
        from = f.span.end;
    }
    correct(from, line.end)
}

fn garbled_at(text: &str, line: Span, at: usize) -> Option<Found> {
    let rest = &text[at..line.end];
    let prev = text[line.start..at].chars().next_back();
    if let Some(found) = decoded_at(rest, at, prev) {
        return Some(found);
    }
    let after = |skip: usize| rest[skip..].chars().next();
    if rest.starts_with("\u{c2} ") && !prev.is_some_and(char::is_uppercase) {
        return Some(lossy(at, 2, Repair::NoBreakSpaceLost));
    }
    // "Ã" is never a word of its own, nor the end of one after a small letter.
    if rest.starts_with("\u{c3} ") && !prev.is_some_and(|c| c.is_uppercase() || c.is_numeric()) {
        let absorb_space = after(3) == Some(' ');
        let word = after(if absorb_space { 4 } else { 3 });
        if word.is_some_and(char::is_lowercase) {
            let len = if absorb_space { 3 } else { 2 };
            return Some(lossy(at, len, Repair::AGraveLost));
        }
    }
    if rest.starts_with("\u{e2}\u{20ac}") {
        let len = if after(5) == Some('\u{fffd}') { 8 } else { 5 };
        return Some(lossy(at, len, Repair::LastByteLost));
    }
    None
}

/// A run that lost a byte: no real text looks like these, so they are never doubtful.
fn lossy(at: usize, len: usize, repair: Repair) -> Found {
    Found {
        span: Span::new(at, at + len),
        repair,
        doubtful: false,
    }
}

/// A run of consecutive garbled characters at the start of `rest` (at byte `at`), decoded as
/// many times as the result is itself garbled.
fn decoded_at(rest: &str, at: usize, prev: Option<char>) -> Option<Found> {
    let (len, mut meant, mut reading, count) = decode_run(rest)?;
    let next = rest[len..].chars().next();
    let verdict = lone_verdict(&rest[..len], &meant, count, prev, next);
    if verdict == Verdict::Real {
        return None;
    }
    let mut exact = reads_back(&meant, reading, &rest[..len]);
    let mut levels = 1;
    while let Some((inner_len, inner, inner_reading, inner_count)) = decode_run(&meant) {
        if inner_len != meant.len()
            || lone_verdict(&meant, &inner, inner_count, prev, next) != Verdict::Garbled
        {
            break;
        }
        exact &= reads_back(&inner, inner_reading, &meant);
        reading = reading.and(inner_reading);
        meant = inner;
        levels += 1;
    }
    Some(Found {
        span: Span::new(at, at + len),
        repair: Repair::Decoded {
            meant,
            reading,
            levels,
            exact,
        },
        doubtful: verdict == Verdict::Doubtful,
    })
}

/// A run of two or more garbled characters is always mojibake; a lone one is judged.
fn lone_verdict(
    garbled: &str,
    meant: &str,
    count: usize,
    prev: Option<char>,
    next: Option<char>,
) -> Verdict {
    match meant.chars().next() {
        Some(meant) if count == 1 => cp1252::judge(garbled, meant, prev, next),
        _ => Verdict::Garbled,
    }
}

/// The garbled characters at the start of `text`: their length in bytes, what they decode to,
/// how they were read and how many there are.
fn decode_run(text: &str) -> Option<(usize, String, Reading, usize)> {
    let mut len = 0;
    let mut meant = String::new();
    let mut reading = Reading::Either;
    let mut count = 0;
    while let Some(sequence) = cp1252::sequence_at(&text[len..]) {
        len += sequence.len;
        meant.push(sequence.meant);
        reading = reading.and(sequence.reading);
        count += 1;
    }
    (count > 0).then_some((len, meant, reading, count))
}

/// The round-trip test: encoding `meant` as UTF-8 and reading the bytes with `reading` gives
/// back exactly `garbled`.
fn reads_back(meant: &str, reading: Reading, garbled: &str) -> bool {
    reading != Reading::Mixed
        && meant
            .bytes()
            .map(|byte| cp1252::decode(byte, reading))
            .eq(garbled.chars())
}

fn report(text: &str, found: Found, reporter: &mut Reporter) {
    let garbled = shown(&text[found.span.start..found.span.end]);
    let (message, mut help, title, replacement, exact) = match found.repair {
        Repair::Decoded {
            meant,
            reading,
            levels,
            exact,
        } => (
            format!("\"{garbled}\" is mojibake for \"{}\"", shown(&meant)),
            read_as(reading, levels),
            format!("replace with \"{}\"", shown(&meant)),
            meant,
            exact,
        ),
        Repair::NoBreakSpaceLost => (
            "\"\u{c2}\" before a space is mojibake for a no-break space".to_owned(),
            "its UTF-8 bytes were read as Windows-1252, then the no-break space was \
             normalised to a plain space"
                .to_owned(),
            "delete \"\u{c2}\"".to_owned(),
            String::new(),
            false,
        ),
        Repair::AGraveLost => (
            format!("\"{garbled}\" is mojibake for \"\u{e0}\""),
            "its UTF-8 bytes were read as Windows-1252, then its second byte (a no-break \
             space) became a plain space"
                .to_owned(),
            "replace with \"\u{e0}\"".to_owned(),
            "\u{e0}".to_owned(),
            false,
        ),
        Repair::LastByteLost => (
            format!("\"{garbled}\" is mojibake for a character whose last byte was lost"),
            "it was most likely a closing quotation mark (\u{201d}), whose last byte \
             Windows-1252 leaves undefined"
                .to_owned(),
            "replace with \"\u{201d}\"".to_owned(),
            "\u{201d}".to_owned(),
            false,
        ),
    };
    if found.doubtful {
        help.push_str(
            "; these characters could also be a word and its punctuation, but the document \
             holds other mojibake",
        );
    }
    let edits = vec![Edit::replace(found.span, replacement)];
    let fix = if exact && !found.doubtful {
        Fix::safe_edits(title, edits)
    } else {
        Fix::unsafe_edits(title, edits)
    };
    reporter.report(
        Diagnostic::new(found.span, message)
            .with_help(help)
            .with_fix(fix),
    );
}

fn read_as(reading: Reading, levels: usize) -> String {
    let decoding = match reading {
        Reading::Either => "Windows-1252 (or Latin-1)",
        Reading::Windows1252 => "Windows-1252",
        Reading::Latin1 => "Latin-1",
        Reading::Mixed => "partly Windows-1252, partly Latin-1",
    };
    match levels {
        1 => format!("its UTF-8 bytes were read as {decoding}"),
        2 => format!("its UTF-8 bytes were read as {decoding}, twice"),
        n => format!("its UTF-8 bytes were read as {decoding}, {n} times"),
    }
}

/// `text` with controls and invisible characters written as `\u{..}` escapes.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{a0}' | '\u{ad}' | '\u{feff}' | '\u{fffd}')
            || ('\u{2000}'..='\u{200f}').contains(&c)
            || ('\u{2028}'..='\u{202f}').contains(&c)
        {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::Applicability;
    use crate::Linter;

    fn lint(text: &str) -> Vec<Diagnostic> {
        let rules = vec![crate::ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: Box::new(Mojibake),
        }];
        Linter::new(rules).lint(text)
    }

    /// (garbled text, replacement, safe) of each finding.
    fn repairs(text: &str) -> Vec<(String, String, bool)> {
        lint(text)
            .iter()
            .map(|d| {
                let fix = d.fix.as_ref().expect("every finding has a fix");
                (
                    text[d.span.start..d.span.end].to_owned(),
                    fix.edits[0].replacement.clone(),
                    fix.applicability == Applicability::Safe,
                )
            })
            .collect()
    }

    fn one(garbled: &str, meant: &str, safe: bool) -> Vec<(String, String, bool)> {
        vec![(garbled.to_owned(), meant.to_owned(), safe)]
    }

    #[test]
    fn repairs_windows_1252_and_latin_1_readings() {
        assert_eq!(
            repairs("don\u{e2}\u{20ac}\u{2122}t\n"),
            one("\u{e2}\u{20ac}\u{2122}", "\u{2019}", true)
        );
        assert_eq!(
            repairs("don\u{e2}\u{80}\u{99}t\n"),
            one("\u{e2}\u{80}\u{99}", "\u{2019}", true)
        );
        assert_eq!(
            repairs("end\u{e2}\u{20ac}\u{9d} here\n"),
            one("\u{e2}\u{20ac}\u{9d}", "\u{201d}", true)
        );
        let found = lint("don\u{e2}\u{20ac}\u{2122}t\n");
        assert_eq!(
            found[0].message,
            "\"\u{e2}\u{20ac}\u{2122}\" is mojibake for \"\u{2019}\""
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("its UTF-8 bytes were read as Windows-1252")
        );
    }

    #[test]
    fn a_run_of_garbled_characters_is_one_finding() {
        assert_eq!(
            repairs(
                "\u{d0}\u{bf}\u{d1}\u{20ac}\u{d0}\u{b8}\u{d0}\u{b2}\u{d0}\u{b5}\u{d1}\u{201a} 1\n"
            ),
            one(
                "\u{d0}\u{bf}\u{d1}\u{20ac}\u{d0}\u{b8}\u{d0}\u{b2}\u{d0}\u{b5}\u{d1}\u{201a}",
                "\u{43f}\u{440}\u{438}\u{432}\u{435}\u{442}",
                true
            )
        );
    }

    #[test]
    fn decodes_twice_garbled_text() {
        let found = lint("caf\u{c3}\u{192}\u{c2}\u{a9}\n");
        assert_eq!(
            found[0].fix.as_ref().unwrap().edits[0].replacement,
            "\u{e9}"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("its UTF-8 bytes were read as Windows-1252, twice")
        );
        assert_eq!(
            repairs("don\u{c3}\u{a2}\u{c2}\u{80}\u{c2}\u{99}t\n"),
            one("\u{c3}\u{a2}\u{c2}\u{80}\u{c2}\u{99}", "\u{2019}", true)
        );
    }

    #[test]
    fn mixed_readings_and_lost_bytes_are_unsafe() {
        assert_eq!(
            repairs("a\u{e2}\u{80}\u{2122}b\n"),
            one("\u{e2}\u{80}\u{2122}", "\u{2019}", false)
        );
        assert_eq!(repairs("10\u{c2} km\n"), one("\u{c2}", "", false));
        assert_eq!(
            repairs("voil\u{c3}  tout\n"),
            one("\u{c3} ", "\u{e0}", false)
        );
        assert_eq!(
            repairs("end\u{e2}\u{20ac}\u{fffd} here\n"),
            one("\u{e2}\u{20ac}\u{fffd}", "\u{201d}", false)
        );
        assert_eq!(
            repairs("end\u{e2}\u{20ac} here\n"),
            one("\u{e2}\u{20ac}", "\u{201d}", false)
        );
    }

    #[test]
    fn words_that_may_be_real_need_other_mojibake() {
        let doubtful = "AV\u{c3}\u{201d} disse\n";
        assert!(lint(doubtful).is_empty());
        let garbled = format!("{doubtful}caf\u{c3}\u{a9}\n");
        assert_eq!(
            repairs(&garbled),
            [
                ("\u{c3}\u{201d}".to_owned(), "\u{d4}".to_owned(), false),
                ("\u{c3}\u{a9}".to_owned(), "\u{e9}".to_owned(), true)
            ]
        );
        // A correct "\u{201c}" on the line shows it was decoded right.
        let real = "\u{201c}IRM\u{c3}\u{201d} disse\ncaf\u{c3}\u{a9}\n";
        assert_eq!(repairs(real), one("\u{c3}\u{a9}", "\u{e9}", true));
    }

    #[test]
    fn a_lone_a_tilde_is_never_a_word() {
        assert_eq!(
            repairs("Vamos \u{c3}\u{a9} hoje\n"),
            one("\u{c3}\u{a9}", "\u{e9}", true)
        );
        assert_eq!(
            repairs("Il part \u{c3}\u{a0} la gare\n"),
            one("\u{c3}\u{a0}", "\u{e0}", true)
        );
        assert_eq!(
            repairs("Il part \u{c3}  la gare\n"),
            one("\u{c3} ", "\u{e0}", false)
        );
    }

    #[test]
    fn silent_on_correct_european_text() {
        for text in [
            "S\u{e3}o Paulo, A\u{e7}\u{e3}o, \u{c1}GUA, N\u{c3}O, IRM\u{c3}.\n",
            "\u{ab}IRM\u{c3}\u{bb} \u{2014} MA\u{c7}\u{c3}\u{2026}\n",
            "Rom\u{e2}nia, ROM\u{c2}NIA, \u{ce}N, \u{c2}ncora.\n",
            "Stra\u{df}e \u{201e}Fu\u{df}\u{201c}, GR\u{d6}\u{df}E, \u{c4}rger.\n",
            "Caf\u{e9}\u{2026}\u{201d} he said. \u{c9}T\u{c9}\u{2019}S end.\n",
            "P\u{c5}\u{2019}s, \u{d8}\u{201d}, \u{c6}\u{2014}x, \u{de}\u{bb}.\n",
            "\u{130}stanbul, \u{15f}ehir, \u{142}\u{f3}d\u{17a}, \u{17c}\u{f3}\u{142}w, \u{f1}o\u{f1}o.\n",
            "3\u{d7}\u{a3}5 tickets, 2\u{d7}\u{20ac}4.\n",
        ] {
            assert!(lint(text).is_empty(), "{text}: {:?}", lint(text));
        }
    }

    #[test]
    fn shows_invisible_characters_as_escapes() {
        assert_eq!(shown("\u{c2}\u{a0}x\u{80}"), "\u{c2}\\u{a0}x\\u{80}");
    }
}
