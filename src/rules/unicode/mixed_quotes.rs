//! `mixed-quotes`: a document that uses both straight and curly quotation marks or apostrophes,
//! one finding per mark of the minority style, with an unsafe fix to the majority style.
//!
//! A first pass counts the marks; only a document holding both styles gets a second pass, which
//! walks the marks in order (so `quote_style::Converter` knows which quotations are open) and
//! reports the minority. Most documents hold one style only, which two byte searches over the
//! whole text show before any line is read.

use memchr::memchr3_iter;

use super::cp1252;
use super::quote_style::{Converter, CurlyStyle};
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |_| Ok(Box::new(MixedQuotes)),
};

const META: RuleMeta = RuleMeta {
    name: "mixed-quotes",
    category: Category::Unicode,
    severity: Severity::Warning,
    fix: FixAvailability::Unsafe,
    summary: "a document uses both straight and curly quotation marks or apostrophes",
    docs: RuleDocs {
        what: "Counts the document's straight marks (' and \") and curly ones (‘ ’ “ ” and the \
               low marks ‚ „ of German and Polish) and, when it holds both, reports each mark of \
               the minority style, with the two counts in the help. A tie counts as curly. \
               Guillemets (« » ‹ ›) and primes (′ ″) are neither and never count.\n\n\
               Left out of the count: a straight ' or \" right after a digit, which is a prime \
               (5' 11\", 30\"), except the apostrophe of \"1990's\"; marks inside `backticks`, in \
               fenced code blocks and on lines that look like markup (`=\"`, `</`, `/>`); and a \
               curly mark that is part of mojibake (\"Ã”\"), which `mojibake` repairs.",
        why: "A feed that passes through two content systems, or a page edited in two tools, \
              ends up with \"don't\" in one paragraph and \"don’t\" in the next. Readers notice, \
              and searches for one form miss the other.",
        options: "",
        fix: "Unsafe: converts the mark to the majority style. Curly to straight is ‘ ’ ‚ ‛ to ' \
              and “ ” „ ‟ to \". Straight to curly follows the document's own curly style \
              (English “…” ‘…’, German „…“ ‚…‘, Polish „…”, Swedish ”…”) and the mark's \
              neighbours: ' after a letter, digit or closing punctuation is ’ (don’t, the \
              minister’s, the ministers’, a closing quote); ' at a line start or after a space, \
              bracket, dash or opening quote is ’ before two digits (’90s, ’24: the apostrophe \
              of an elided decade is a closing mark) and before a word from \
              rules/elisions.toml (’tis, rock ’n’ roll), else an opening quote; \" before a \
              space or the line end closes, after a space, bracket, dash or opening mark opens, \
              before closing punctuation closes, and between two letters closes if a quotation \
              is open in the paragraph. A mark with a space or nothing on both sides gets no \
              fix. Unsafe because context can mislead: a quotation that opens with a number \
              (\"'20 people'\") reads as a year.",
    },
    fires: &[
        "\u{201c}We are ready,\u{201d} she said. \"We don't wait.\"\n",
        "The minister\u{2019}s office said it wasn't told.\n",
        "\"Yes,\" he said. It\u{2019}s late.\n",
    ],
    silent: &[
        "\u{201c}We are ready,\u{201d} she said. \u{201c}We don\u{2019}t wait.\u{201d}\n",
        "\"Yes,\" he said. It's late. He is 5' 11\" tall.\n",
        "\u{ab}\u{a0}C\u{2019}est fini\u{a0}\u{bb}, a-t-il dit.\n",
        "\u{201e}Es geht\u{201c}, sagte er. Run `say \"hi\"` to test.\n",
    ],
};

struct MixedQuotes;

impl Rule for MixedQuotes {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        if !holds_both_styles(doc.text().as_bytes()) {
            return;
        }
        let tally = Tally::of(doc);
        if tally.straight == 0 || tally.curly == 0 {
            return;
        }
        let curly_wins = tally.curly >= tally.straight;
        let style = CurlyStyle::from_counts(tally.left, tally.right, tally.low);
        let mut converter = Converter::new(style);
        scan(doc, |seen| match seen {
            Seen::Break => converter.reset(),
            Seen::Mark(mark) => {
                let curly = converter.convert(mark.c, mark.prev, mark.next, mark.rest);
                if is_straight(mark.c) == curly_wins {
                    let replacement = if curly_wins {
                        curly
                    } else {
                        Some(straight(mark.c))
                    };
                    report(&mark, replacement, &tally, reporter);
                }
            }
        });
    }
}

#[derive(Default)]
struct Tally {
    straight: usize,
    curly: usize,
    /// “, ” and „, which tell the document's curly style.
    left: usize,
    right: usize,
    low: usize,
}

impl Tally {
    fn of(doc: &Document) -> Self {
        let mut tally = Tally::default();
        scan(doc, |seen| {
            if let Seen::Mark(mark) = seen {
                tally.add(mark.c);
            }
        });
        tally
    }

    fn add(&mut self, c: char) {
        if is_straight(c) {
            self.straight += 1;
            return;
        }
        self.curly += 1;
        match c {
            '\u{201c}' => self.left += 1,
            '\u{201d}' => self.right += 1,
            '\u{201e}' => self.low += 1,
            _ => {}
        }
    }
}

/// Whether `bytes` holds a straight mark and a curly one (U+2018 to U+201F) at all, counted or
/// not: without both, the tally cannot hold both.
fn holds_both_styles(bytes: &[u8]) -> bool {
    memchr::memchr2(b'\'', b'"', bytes).is_some()
        && memchr::memchr_iter(0xe2, bytes).any(|at| {
            bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0x98..=0x9f))
        })
}

/// What the scan meets, in document order.
enum Seen<'a> {
    /// A blank line: the paragraph ends and with it any open quotation.
    Break,
    Mark(Mark<'a>),
}

/// A quotation mark or apostrophe that counts toward the document's style.
struct Mark<'a> {
    span: Span,
    c: char,
    prev: Option<char>,
    next: Option<char>,
    /// The line after the mark.
    rest: &'a str,
}

fn scan<'a>(doc: &Document<'a>, mut visit: impl FnMut(Seen<'a>)) {
    let mut fenced = false;
    for (index, line) in doc.lines().iter().enumerate() {
        if line.blank {
            visit(Seen::Break);
            continue;
        }
        let text = doc.line_text(index);
        let trimmed = text.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        scan_line(text, line.start, &mut visit);
    }
}

fn scan_line<'a>(text: &'a str, start: usize, visit: &mut impl FnMut(Seen<'a>)) {
    let bytes = text.as_bytes();
    let ticks = memchr::memchr(b'`', bytes).is_some();
    let mut markup = None;
    for at in memchr3_iter(b'\'', b'"', 0xe2, bytes) {
        let c = match bytes[at] {
            0xe2 if bytes.get(at + 1) == Some(&0x80)
                && matches!(bytes.get(at + 2), Some(0x98..=0x9f)) =>
            {
                text[at..].chars().next().unwrap_or_default()
            }
            0xe2 => continue,
            byte => char::from(byte),
        };
        if *markup.get_or_insert_with(|| looks_like_markup(text)) {
            return;
        }
        let rest = &text[at + c.len_utf8()..];
        let prev = text[..at].chars().next_back();
        let skip = (ticks && memchr::memchr_iter(b'`', &bytes[..at]).count() % 2 == 1)
            || is_prime(c, prev, rest)
            || (prev.is_some_and(cp1252::is_lead) && cp1252::in_garbled_sequence(text, at));
        if !skip {
            visit(Seen::Mark(Mark {
                span: Span::new(start + at, start + at + c.len_utf8()),
                c,
                prev,
                next: rest.chars().next(),
                rest,
            }));
        }
    }
}

/// A straight mark right after a digit measures feet, inches, minutes or seconds; "1990's"
/// is the exception.
fn is_prime(c: char, prev: Option<char>, rest: &str) -> bool {
    let possessive = c == '\'' && {
        let mut after = rest.chars();
        after.next() == Some('s') && !after.next().is_some_and(char::is_alphanumeric)
    };
    is_straight(c) && prev.is_some_and(|p| p.is_ascii_digit()) && !possessive
}

/// Whether `line` holds `="`, `='`, `</` or `/>`: one pass over its `=`, `<` and `/`.
fn looks_like_markup(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr3_iter(b'=', b'<', b'/', bytes).any(|at| {
        matches!(
            (bytes[at], bytes.get(at + 1)),
            (b'=', Some(b'"' | b'\'')) | (b'<', Some(b'/')) | (b'/', Some(b'>'))
        )
    })
}

fn is_straight(c: char) -> bool {
    matches!(c, '\'' | '"')
}

fn straight(c: char) -> char {
    match c {
        '\u{201c}'..='\u{201f}' => '"',
        _ => '\'',
    }
}

fn report(mark: &Mark, replacement: Option<char>, tally: &Tally, reporter: &mut Reporter) {
    let (majority, counts) = if is_straight(mark.c) {
        (
            "curly",
            format!("{} curly and {} straight", tally.curly, tally.straight),
        )
    } else {
        (
            "straight",
            format!("{} straight and {} curly", tally.straight, tally.curly),
        )
    };
    let (style, name) = kind(mark, replacement);
    let message = format!(
        "{style} {name} ({}) in a document that mostly uses {majority} quotes",
        mark.c
    );
    let help = format!("the document has {counts} quotation marks and apostrophes");
    let diagnostic = Diagnostic::new(mark.span, message);
    reporter.report(match replacement {
        Some(replacement) => diagnostic.with_help(help).with_fix(Fix::unsafe_edits(
            format!("replace with {replacement}"),
            vec![Edit::replace(mark.span, replacement.to_string())],
        )),
        None => diagnostic.with_help(format!(
            "{help}; with a space or nothing on both sides, it could open or close a quotation, \
             so there is no fix"
        )),
    });
}

/// What the mark is ("straight", "apostrophe"), named after the role its conversion gives it.
fn kind(mark: &Mark, replacement: Option<char>) -> (&'static str, &'static str) {
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let (style, role) = if is_straight(mark.c) {
        ("straight", replacement.unwrap_or(mark.c))
    } else {
        ("curly", mark.c)
    };
    let name = match role {
        '"' | '\u{201c}'..='\u{201f}' => "double quote",
        '\u{2019}' if letter(mark.prev) && !letter(mark.next) => "apostrophe or closing quote",
        '\u{2019}' if mark.next.is_some_and(char::is_alphanumeric) => "apostrophe",
        '\u{2019}' if mark.prev.is_some_and(|c| !c.is_whitespace()) => "closing quote",
        '\u{2018}' | '\u{201a}' | '\u{201b}' if is_straight(mark.c) => "opening quote",
        _ => "single quote",
    };
    (style, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_tally_of_both_styles_needs_both_in_the_bytes(text in "[a-z5 `=<\n'\"\u{2018}\u{2019}\u{201c}\u{201d}\u{201e}\u{2026}\u{2014}\u{c3}]{0,40}") {
            let raw = text.contains(['\'', '"']) && text.chars().any(|c| ('\u{2018}'..='\u{201f}').contains(&c));
            prop_assert_eq!(holds_both_styles(text.as_bytes()), raw);
            let tally = Tally::of(&Document::new(&text));
            if tally.straight > 0 && tally.curly > 0 {
                prop_assert!(holds_both_styles(text.as_bytes()));
            }
        }
    }

    fn lint(text: &str) -> Vec<Diagnostic> {
        let rules = vec![crate::ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: Box::new(MixedQuotes),
        }];
        Linter::new(rules).lint(text)
    }

    /// (the mark, its replacement) for each finding.
    fn found(text: &str) -> Vec<(String, Option<String>)> {
        lint(text)
            .iter()
            .map(|d| {
                let fix = d.fix.as_ref().map(|f| f.edits[0].replacement.clone());
                (text[d.span.start..d.span.end].to_owned(), fix)
            })
            .collect()
    }

    fn pair(mark: &str, replacement: &str) -> (String, Option<String>) {
        (mark.to_owned(), Some(replacement.to_owned()))
    }

    #[test]
    fn reports_each_minority_mark_with_the_counts() {
        let text = "\u{201c}Go,\u{201d} she said. \u{201c}It\u{2019}s late.\u{201d}\nHe didn't.\n";
        let found = lint(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "straight apostrophe (') in a document that mostly uses curly quotes"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("the document has 5 curly and 1 straight quotation marks and apostrophes")
        );
        assert_eq!(
            found[0].fix.as_ref().unwrap().title,
            "replace with \u{2019}"
        );
    }

    #[test]
    fn straight_majority_turns_curly_marks_straight() {
        let text = "\"Go,\" she said. \"It's late.\"\nHe didn\u{2019}t say \u{201c}no\u{201d}.\n";
        assert_eq!(
            found(text),
            [
                pair("\u{2019}", "'"),
                pair("\u{201c}", "\""),
                pair("\u{201d}", "\"")
            ]
        );
    }

    #[test]
    fn curly_majority_picks_the_right_curly_mark() {
        let text = "\u{201c}One,\u{201d} \u{201c}two,\u{201d} \u{201c}three.\u{201d} It\u{2019}s \
                    the \u{2019}80s.\n\n\"In the '90s,\" she said, \"'tis rock 'n' roll.\"\n";
        let found = found(text);
        let replacements: String = found.iter().filter_map(|(_, r)| r.clone()).collect();
        assert_eq!(
            replacements,
            "\u{201c}\u{2019}\u{201d}\u{201c}\u{2019}\u{2019}\u{2019}\u{201d}"
        );
    }

    #[test]
    fn german_documents_get_german_marks() {
        let text =
            "\u{201e}Ja\u{201c}, sagte er. \u{201e}Nein\u{201c}, sagte sie.\n\"Doch\", rief er.\n";
        assert_eq!(
            found(text),
            [pair("\"", "\u{201e}"), pair("\"", "\u{201c}")]
        );
    }

    #[test]
    fn primes_code_and_mojibake_do_not_count() {
        assert!(lint("\u{201c}He is 6' 2\" tall,\u{201d} she said.\n").is_empty());
        assert!(lint("\u{201c}Run `echo \"hi\"` now.\u{201d}\n").is_empty());
        assert!(lint("\u{201c}Yes.\u{201d}\n<a href=\"x\">link</a>\n").is_empty());
        assert!(lint("\u{201c}Yes.\u{201d}\n```\nprint(\"hi\")\n```\n").is_empty());
        assert!(lint("\"Yes,\" said Erd\u{c5}\u{2018}s.\n").is_empty());
        assert_eq!(
            found("\u{201c}In the 1990's.\u{201d}\n"),
            [pair("'", "\u{2019}")]
        );
    }

    #[test]
    fn markup_needles_anywhere_in_the_line() {
        for line in ["a=\"b", "a='b", "x</p", "<br/>", "=\"", "</"] {
            assert!(looks_like_markup(line), "{line}");
        }
        for line in ["a = \"b", "a <b / c>", "1/2 < 3", "=", "/", "<", "a=b"] {
            assert!(!looks_like_markup(line), "{line}");
        }
    }

    #[test]
    fn a_lone_mark_between_spaces_has_no_fix() {
        assert_eq!(
            found("\u{201c}Yes,\u{201d} she said ' and left.\n"),
            [("'".to_owned(), None)]
        );
    }
}
