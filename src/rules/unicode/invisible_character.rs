//! `invisible-character`: zero-width and format characters, stray control characters and
//! bidirectional controls standing in the text, one diagnostic per run of them.

use std::cell::OnceCell;
use std::fmt::Write;

use super::cp1252;
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(InvisibleCharacter)),
};

const META: RuleMeta = RuleMeta {
    name: "invisible-character",
    category: Category::Unicode,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "an invisible, control or bidirectional control character in the text",
    docs: RuleDocs {
        what: "Finds zero-width spaces, word joiners, soft hyphens, a byte order mark past the \
               start of the file, invisible math operators, control characters other than tab \
               and line ends (a carriage return outside CRLF counts), and bidirectional controls: \
               embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), reported as \
               errors whatever the rule's severity. Consecutive characters make one finding.\n\n\
               Left alone: zero-width joiners and non-joiners unless both neighbours are Latin, \
               Greek or Cyrillic letters, spaces, ASCII or punctuation (inside emoji sequences and \
               in Arabic, Persian or Indic words they shape the text); left-to-right, right-to-left \
               and Arabic letter marks (U+200E, U+200F, U+061C) on a line with right-to-left \
               letters, where they are legitimate; variation selectors; C1 controls and soft \
               hyphens inside a mojibake sequence (\"\u{c3}\\u{ad}\" for \"\u{ed}\"), which \
               `mojibake` repairs.",
        why: "Scraped pages carry characters nobody sees: zero-width spaces from line-break \
              hints, soft hyphens from justified layouts, a byte order mark where two files were \
              joined, control bytes from a broken export. They break search, word counts and \
              comparisons. Bidirectional controls can make text display in another order than it \
              is stored (the \"trojan source\" trick).",
        options: "",
        fix: "Safe: removes the run. A carriage return, vertical tab or form feed between two \
              visible characters becomes a space, since a renderer showed a line break there. A \
              C1 control (U+0080-U+009F) that Windows-1252 maps to a character is replaced by that \
              character: \"don\\u{92}t\" was \"don't\" decoded as Latin-1 instead of \
              Windows-1252.",
    },
    fires: &[
        "The minister\u{200b} said no.\n",
        "A long re\u{ad}port.\n",
        "Access is \u{202e}denied\u{202c} today.\n",
        "Bell\u{7}ringers met.\n",
        "Wa\u{200d}ter levels rose.\n",
    ],
    silent: &[
        "\u{feff}The minister said no.\n",
        "The family \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} emoji.\n",
        "Tab\tseparated\r\nlines.\r\n",
        "\u{645}\u{631}\u{62d}\u{628}\u{627}\u{200f} hello\n",
        "\u{645}\u{6cc}\u{200c}\u{62e}\u{648}\u{627}\u{647}\u{645}\n",
    ],
};

struct InvisibleCharacter;

/// What a found character is, which decides its message, severity and replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Zero-width and format characters, directional marks outside right-to-left text.
    Invisible,
    /// Embeddings, overrides and isolates.
    Bidi,
    /// A control character; `breaks` when renderers show it as a line break.
    Control { breaks: bool },
    /// A C1 control standing for the Windows-1252 character it encodes.
    Cp1252(char),
}

#[derive(Debug, Clone, Copy)]
struct Found {
    c: char,
    class: Class,
    name: &'static str,
}

/// Bytes that can start a character this rule reports: controls (tab excluded) and the UTF-8
/// lead bytes of U+0080-U+00BF, U+061C, U+2000-U+2FFF and U+FEFF.
static INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
};

impl Rule for InvisibleCharacter {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let text = doc.text();
        let bytes = text.as_bytes();
        let mut run: Vec<Found> = Vec::new();
        let letter_mark = memchr::memmem::Finder::new("\u{61c}");
        for line in doc.lines().iter().filter(|line| !line.plain) {
            let content = &bytes[line.start..line.end];
            // Most lines hold no control byte and no Arabic letter mark: then a vectorised
            // search for the three remaining lead bytes finds every candidate.
            let rare = content.iter().fold(false, |any, &b| {
                any | ((b < 0x20) & (b != b'\t')) | (b == 0x7f)
            }) || letter_mark.find(content).is_some();
            let (mut every, mut leads);
            let candidates: &mut dyn Iterator<Item = usize> = if rare {
                every = (0..content.len()).filter(|&k| INTERESTING[usize::from(content[k])]);
                &mut every
            } else {
                leads = memchr::memchr3_iter(0xc2, 0xe2, 0xef, content);
                &mut leads
            };
            let rtl = OnceCell::new();
            let mut run_span = Span::new(line.start, line.start);
            for k in candidates.filter(|&k| may_report(&content[k..])) {
                let i = line.start + k;
                let c = text[i..].chars().next().expect("a char boundary");
                let next_at = i + c.len_utf8();
                let context = Context {
                    before: &text[line.start..i],
                    after: &text[next_at..line.end],
                    line: doc.slice(line.content()),
                    rtl: &rtl,
                };
                if let Some(found) = classify(c, &context) {
                    if run_span.end != i {
                        flush(text, line.start, line.end, run_span, &run, reporter);
                        run.clear();
                        run_span.start = i;
                    }
                    run.push(found);
                    run_span.end = next_at;
                }
            }
            flush(text, line.start, line.end, run_span, &run, reporter);
            run.clear();
        }
    }
}

/// Whether the character at the start of `bytes` (an interesting byte) is one `classify` may
/// report, judged on its bytes so that curly quotes, dashes and Arabic letters cost no decoding.
fn may_report(bytes: &[u8]) -> bool {
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    match bytes[0] {
        0xc2 => matches!(at(1), 0x80..=0x9f | 0xad),
        0xd8 => at(1) == 0x9c,
        0xe2 => match at(1) {
            0x80 => matches!(at(2), 0x8b..=0x8f | 0xaa..=0xae),
            0x81 => matches!(at(2), 0xa0..=0xa4 | 0xa6..=0xa9),
            _ => false,
        },
        0xef => at(1) == 0xbb && at(2) == 0xbf,
        _ => true,
    }
}

/// Where a candidate character stands: the rest of its line on either side.
struct Context<'a> {
    before: &'a str,
    after: &'a str,
    line: &'a str,
    /// Whether the line holds right-to-left letters, computed on first need.
    rtl: &'a OnceCell<bool>,
}

impl Context<'_> {
    fn before(&self) -> Option<char> {
        self.before.chars().next_back()
    }

    fn after(&self) -> Option<char> {
        self.after.chars().next()
    }

    fn rtl(&self) -> bool {
        *self.rtl.get_or_init(|| has_rtl(self.line))
    }

    /// Whether the character stands inside UTF-8 read as Latin-1 or Windows-1252
    /// ("\u{e2}\u{80}\u{99}", "\u{c3}\u{ad}" for "\u{ed}") that `mojibake` reports.
    fn in_mojibake(&self) -> bool {
        cp1252::in_garbled_sequence(self.line, self.before.len())
    }
}

/// Classifies `c` in its context, which only a few characters consult.
fn classify(c: char, context: &Context) -> Option<Found> {
    let found = |class, name| Some(Found { c, class, name });
    match c {
        '\r' => found(Class::Control { breaks: true }, "carriage return"),
        '\u{b}' => found(Class::Control { breaks: true }, "vertical tab"),
        '\u{c}' => found(Class::Control { breaks: true }, "form feed"),
        '\0' => found(Class::Control { breaks: false }, "null character"),
        '\u{1b}' => found(Class::Control { breaks: false }, "escape character"),
        '\u{1}'..='\u{1f}' | '\u{7f}' => {
            found(Class::Control { breaks: false }, "control character")
        }
        '\u{80}'..='\u{9f}' | '\u{ad}' if context.in_mojibake() => None,
        '\u{80}'..='\u{9f}' => match cp1252::meant(c) {
            Some(meant) => found(Class::Cp1252(meant), "control character"),
            None => found(Class::Control { breaks: false }, "control character"),
        },
        '\u{ad}' => found(Class::Invisible, "soft hyphen"),
        '\u{200b}' => found(Class::Invisible, "zero-width space"),
        '\u{2060}' => found(Class::Invisible, "word joiner"),
        '\u{2061}' => found(Class::Invisible, "invisible function application"),
        '\u{2062}' => found(Class::Invisible, "invisible times"),
        '\u{2063}' => found(Class::Invisible, "invisible separator"),
        '\u{2064}' => found(Class::Invisible, "invisible plus"),
        '\u{feff}' => found(Class::Invisible, "byte order mark"),
        '\u{200c}' | '\u{200d}' => {
            if !(joins_nothing(context.before()) && joins_nothing(context.after())) {
                return None;
            }
            let name = if c == '\u{200c}' {
                "zero-width non-joiner"
            } else {
                "zero-width joiner"
            };
            found(Class::Invisible, name)
        }
        '\u{200e}' | '\u{200f}' | '\u{61c}' => {
            if context.rtl() {
                return None;
            }
            let name = match c {
                '\u{200e}' => "left-to-right mark",
                '\u{200f}' => "right-to-left mark",
                _ => "Arabic letter mark",
            };
            found(Class::Invisible, name)
        }
        '\u{202a}' => found(Class::Bidi, "left-to-right embedding"),
        '\u{202b}' => found(Class::Bidi, "right-to-left embedding"),
        '\u{202c}' => found(Class::Bidi, "pop directional formatting"),
        '\u{202d}' => found(Class::Bidi, "left-to-right override"),
        '\u{202e}' => found(Class::Bidi, "right-to-left override"),
        '\u{2066}' => found(Class::Bidi, "left-to-right isolate"),
        '\u{2067}' => found(Class::Bidi, "right-to-left isolate"),
        '\u{2068}' => found(Class::Bidi, "first strong isolate"),
        '\u{2069}' => found(Class::Bidi, "pop directional isolate"),
        _ => None,
    }
}

/// Whether a joiner next to `c` can shape nothing: no emoji, no script that joins or ligates.
fn joins_nothing(c: Option<char>) -> bool {
    c.map_or(true, |c| {
        c.is_whitespace()
            || (c < '\u{250}' && c != '\u{a9}' && c != '\u{ae}')
            || ('\u{370}'..='\u{52f}').contains(&c)
            || ('\u{1e00}'..='\u{1eff}').contains(&c)
            || (('\u{2000}'..='\u{206f}').contains(&c) && c != '\u{203c}' && c != '\u{2049}')
    })
}

/// Whether `line` holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms and historic relatives).
fn has_rtl(line: &str) -> bool {
    line.chars().any(|c| {
        matches!(c,
            '\u{590}'..='\u{8ff}'
            | '\u{fb1d}'..='\u{fdff}'
            | '\u{fe70}'..='\u{fefe}'
            | '\u{10800}'..='\u{10fff}'
            | '\u{1e800}'..='\u{1efff}')
    })
}

/// Reports the run of found characters at `span`, inside the line `start..end`.
fn flush(text: &str, start: usize, end: usize, span: Span, run: &[Found], reporter: &mut Reporter) {
    let Some(first) = run.first() else { return };
    let bidi = run.iter().any(|f| f.class == Class::Bidi);
    let mut replacement: String = run
        .iter()
        .filter_map(|f| match f.class {
            Class::Cp1252(meant) => Some(meant),
            _ => None,
        })
        .collect();
    let breaks = run
        .iter()
        .any(|f| f.class == Class::Control { breaks: true });
    if replacement.is_empty() && breaks {
        let before = text[start..span.start].chars().next_back();
        let after = text[span.end..end].chars().next();
        if before.is_some_and(|c| !c.is_whitespace()) && after.is_some_and(|c| !c.is_whitespace()) {
            replacement.push(' ');
        }
    }

    let mut diagnostic = Diagnostic::new(span, message(run, first));
    if bidi {
        diagnostic = diagnostic.with_severity_floor(Severity::Error).with_help(
            "bidirectional controls make text display in another order than it is stored \
                 (the \"trojan source\" trick)",
        );
    } else if matches!(first.class, Class::Cp1252(_)) {
        diagnostic = diagnostic.with_help("the page was decoded as Latin-1, not Windows-1252");
    }
    let title = match replacement.as_str() {
        "" if run.len() == 1 => "remove the invisible character".to_owned(),
        "" => "remove the invisible characters".to_owned(),
        " " => "replace with a space".to_owned(),
        meant => format!("replace with \"{meant}\""),
    };
    reporter.report(diagnostic.with_fix(Fix::safe_edits(
        title,
        vec![Edit::replace(span, replacement)],
    )));
}

fn message(run: &[Found], first: &Found) -> String {
    let n = run.len();
    if run.iter().all(|f| f.c == first.c) {
        let subject = if n == 1 {
            format!("{} (U+{:04X})", first.name, u32::from(first.c))
        } else {
            format!("{n} {}s (U+{:04X})", first.name, u32::from(first.c))
        };
        let (is, are) = match first.class {
            Class::Bidi => (
                "can reorder how the text displays",
                "can reorder how the text displays",
            ),
            Class::Control { .. } if first.c == '\r' => {
                ("outside a line ending", "outside a line ending")
            }
            Class::Cp1252(meant) => {
                return format!("{subject} stands for \"{meant}\" in Windows-1252");
            }
            _ => ("is invisible", "are invisible"),
        };
        return format!("{subject} {}", if n == 1 { is } else { are });
    }
    let mut seen: Vec<char> = Vec::new();
    for f in run {
        if !seen.contains(&f.c) {
            seen.push(f.c);
        }
    }
    let mut codes = String::new();
    for (index, c) in seen.iter().take(3).enumerate() {
        let sep = if index == 0 { "" } else { ", " };
        let _ = write!(codes, "{sep}U+{:04X}", u32::from(*c));
    }
    if seen.len() > 3 {
        codes.push_str(", \u{2026}");
    }
    if run.iter().any(|f| f.class == Class::Bidi) {
        format!("{n} invisible characters ({codes}) include bidirectional controls that can reorder how the text displays")
    } else {
        format!("{n} invisible characters ({codes}) in a row")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn lint(text: &str) -> Vec<Diagnostic> {
        let rules = vec![crate::ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: Box::new(InvisibleCharacter),
        }];
        Linter::new(rules).lint(text)
    }

    #[test]
    fn names_the_character_and_merges_runs() {
        let found = lint("a\u{200b}\u{200b}b c\u{ad}d\n");
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "2 zero-width spaces (U+200B) are invisible",
                "soft hyphen (U+00AD) is invisible"
            ]
        );
    }

    #[test]
    fn bidi_controls_are_errors_and_marks_depend_on_script() {
        let found = lint("x \u{2067}y\u{2069} z\u{200e}\n");
        let severities: Vec<_> = found.iter().map(|d| d.severity).collect();
        assert_eq!(
            severities,
            [Severity::Error, Severity::Error, Severity::Warning]
        );
        assert!(lint("\u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{200f} 2024\n").is_empty());
    }

    #[test]
    fn lone_carriage_return_and_c1_controls() {
        let found = lint("one\rtwo\r\ndon\u{92}t \u{e2}\u{80}\u{99}\n");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "carriage return (U+000D) outside a line ending"
        );
        assert_eq!(found[0].fix.as_ref().unwrap().edits[0].replacement, " ");
        assert_eq!(
            found[1].fix.as_ref().unwrap().edits[0].replacement,
            "\u{2019}"
        );
    }

    #[test]
    fn byte_filter_passes_every_reported_character() {
        for c in ('\0'..='\u{ffff}').filter(|c| !matches!(c, '\t' | '\n')) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let context = Context {
                before: " ",
                after: " ",
                line: " ",
                rtl: &OnceCell::new(),
            };
            if classify(c, &context).is_some() {
                assert!(INTERESTING[usize::from(bytes[0])], "U+{:04X}", u32::from(c));
                assert!(may_report(bytes), "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn keeps_joiners_that_shape_something() {
        assert!(
            lint("\u{1f3f3}\u{fe0f}\u{200d}\u{1f308} \u{915}\u{94d}\u{200d}\u{937}\n").is_empty()
        );
        assert_eq!(lint("de\u{200c}fine\n").len(), 1);
    }
}
