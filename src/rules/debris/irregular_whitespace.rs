//! `irregular-whitespace`: a no-break, thin, wide or other odd space, or a tab, standing between
//! words where a plain space belongs.

use serde::Deserialize;

use super::is_soft_space;
use crate::diagnostic::{Diagnostic, Reporter, Severity};
use crate::document::{Document, Span};
use crate::fix::{Edit, Fix};
use crate::rule::{Category, FixAvailability, Rule, RuleDocs, RuleEntry, RuleMeta};
use crate::rules::unicode::cp1252;

pub(crate) const ENTRY: RuleEntry = RuleEntry {
    meta: &META,
    build: |options| {
        let options: Options = options.parse()?;
        Ok(Box::new(IrregularWhitespace { options }))
    },
};

const META: RuleMeta = RuleMeta {
    name: "irregular-whitespace",
    category: Category::Debris,
    severity: Severity::Warning,
    fix: FixAvailability::Safe,
    summary: "a no-break, thin or other odd space, or a tab, stands where a plain space belongs",
    docs: RuleDocs {
        what: "Finds no-break spaces (U+00A0, U+202F), figure, thin, hair, en, em, ideographic \
               and the other odd spaces, and tabs, between two words of running text. A run of \
               whitespace holding one is reported once. Silent where such a space is good \
               typography: inside and after numbers (`10\u{a0}km`, `5\u{202f}000`, \
               `§\u{a0}5`, `June\u{a0}5`), before `; : ! ? »` and after `«` in French, after an \
               initial, a short abbreviation or a title (`J.\u{a0}Doe`, `No.\u{a0}5`, \
               `Mr\u{a0}Smith`), before a Roman numeral, beside a dash, and an ideographic space \
               beside CJK text. Whitespace at the start of a line is indentation and at its end \
               belongs to `trailing-whitespace`; tabs in a line with two or more of them, or \
               next to a line holding one, lay out a table and stay silent.",
        why: "When a scraper strips a link it often keeps the no-break spaces the page put \
              around it, so odd spaces appear mid-sentence, and between the two words of a \
              name. They break search, word counts and line wrapping, and never belong there.",
        options: "allow-nbsp-in-numbers = true: allow no-break, figure and thin spaces within \
                  numbers and between a number and its unit, symbol or month\n\
                  allow-french-spacing = true: allow no-break and thin spaces before \
                  `; : ! ? »` and after `«`",
        fix: "Safe: replaces the whitespace run with one plain space. Words keep their \
              separation; only the kind of space changes.",
    },
    fires: &[
        "Officials met in the capital,\u{a0}raising hopes\u{a0}of a deal.\n",
        "Families wait at the Al\u{a0}Noor camp.\n",
        "The vote\tpassed late on Monday.\n",
    ],
    silent: &[
        "The road runs 10\u{a0}km to the coast and cost 5\u{202f}000 euros.\n",
        "Il a dit\u{a0}: \u{ab}\u{a0}Non\u{a0}!\u{a0}\u{bb}\n",
        "Name\tAge\tTown\nAnna\t34\tLeeds\n",
        "\tIndented with a tab.\n",
    ],
};

#[derive(Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    allow_nbsp_in_numbers: bool,
    allow_french_spacing: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            allow_nbsp_in_numbers: true,
            allow_french_spacing: true,
        }
    }
}

/// Words after a number that a no-break space may tie to it, beyond words of four letters or
/// fewer (`km`, `Uhr`, `June`), compared lowercased.
const UNIT_WORDS: &[&str] = &[
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "milliard",
    "milliards",
    "millionen",
    "milliarden",
    "millones",
    "millón",
    "milhões",
    "milhão",
    "percent",
    "prozent",
    "ciento",
    "euros",
    "dollars",
    "pounds",
    "francs",
    "rupees",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "miles",
    "litres",
    "liters",
    "tonnes",
    "hours",
    "minutes",
    "seconds",
    "weeks",
    "months",
    "years",
    "january",
    "february",
    "march",
    "april",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "avril",
    "juillet",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "januar",
    "februar",
    "märz",
    "april",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// Titles a no-break space ties to the name after them.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "St", "Mme", "Mlle", "Mgr", "Me", "Sr", "Sra", "Srta", "Dra",
    "Hr", "Fr", "Pr",
];

const NUMBER_SYMBOLS: &[char] = &[
    '%', '‰', '°', '€', '$', '£', '¥', '₹', '₽', '¢', '′', '″', '§', '¶', '№', '#',
];

struct IrregularWhitespace {
    options: Options,
}

impl Rule for IrregularWhitespace {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        let lines = doc.lines();
        for (index, line) in lines.iter().enumerate() {
            if line.plain || line.blank {
                continue;
            }
            let text = doc.line_text(index);
            let bytes = text.as_bytes();
            let mut tabs_make_table = None;
            let mut at = 0;
            while let Some(found) = bytes[at..].iter().position(|&b| CANDIDATE_LEAD[b as usize]) {
                let start = at + found;
                let c = text[start..].chars().next().expect("on a char boundary");
                // "\u{c2}\u{a0}" is a garbled no-break space that `mojibake` repairs whole.
                if odd_space_name(c).is_none() || cp1252::in_garbled_sequence(text, start) {
                    at = start + c.len_utf8();
                    continue;
                }
                let run = whitespace_run(text, start);
                at = run.end;
                if run.start == 0 || run.end == text.len() {
                    continue;
                }
                let spaces = &text[run.start..run.end];
                let (first, name) = spaces
                    .chars()
                    .find_map(|c| odd_space_name(c).map(|name| (c, name)))
                    .expect("the run holds the odd space");
                if first == '\t' && spaces.chars().all(|c| c == '\t' || c == ' ') {
                    let table =
                        *tabs_make_table.get_or_insert_with(|| tabs_make_table_at(doc, index));
                    if table {
                        continue;
                    }
                }
                if self.allowed(&text[..run.start], &text[run.end..], spaces) {
                    continue;
                }
                let span = Span::new(line.start + run.start, line.start + run.end);
                let message = if first == '\t' {
                    "tab where a plain space belongs".to_owned()
                } else {
                    format!(
                        "{name} (U+{:04X}) where a plain space belongs",
                        u32::from(first)
                    )
                };
                reporter.report(Diagnostic::new(span, message).with_fix(Fix::safe_edits(
                    "replace with a plain space",
                    vec![Edit::replace(span, " ")],
                )));
            }
        }
    }
}

impl IrregularWhitespace {
    /// Whether a run of one typographic space between `before` and `after` is deliberate.
    fn allowed(&self, before: &str, after: &str, spaces: &str) -> bool {
        let mut chars = spaces.chars();
        let (Some(space), None) = (chars.next(), chars.next()) else {
            return false;
        };
        let (Some(prev), Some(next)) = (before.chars().next_back(), after.chars().next()) else {
            return false;
        };
        if space == '\u{3000}' {
            return is_cjk(prev) || is_cjk(next);
        }
        if !matches!(
            space,
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' | '\u{200a}'
        ) {
            return false;
        }
        let prev_word = last_token(before);
        let next_word = first_token(after);
        if self.options.allow_french_spacing
            && (matches!(next, ';' | ':' | '!' | '?' | '\u{bb}' | '\u{203a}')
                || matches!(prev, '\u{ab}' | '\u{2039}'))
        {
            return true;
        }
        if self.options.allow_nbsp_in_numbers && number_join(prev, prev_word, next, next_word) {
            return true;
        }
        let dash = |c: char| matches!(c, '\u{2014}' | '\u{2013}');
        dash(prev)
            || dash(next)
            || (is_abbreviation(prev_word) && (next.is_uppercase() || next.is_ascii_digit()))
            || (TITLES.contains(&prev_word) && next.is_uppercase())
            || (prev_word.starts_with(char::is_uppercase) && is_roman_numeral(next_word))
    }
}

/// A no-break space inside a number or tying one to its unit, symbol, month or label.
fn number_join(prev: char, prev_word: &str, next: char, next_word: &str) -> bool {
    if prev.is_ascii_digit() {
        if next.is_ascii_digit() || NUMBER_SYMBOLS.contains(&next) {
            return true;
        }
        let word = next_word
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        return !word.is_empty()
            && (word.chars().count() <= 4
                || UNIT_WORDS
                    .iter()
                    .any(|unit| unit.chars().eq(word.chars().flat_map(char::to_lowercase))));
    }
    next.is_ascii_digit()
        && (NUMBER_SYMBOLS.contains(&prev)
            || (prev_word.chars().all(char::is_alphabetic)
                && (prev_word.starts_with(char::is_uppercase) || prev_word.chars().count() <= 2)))
}

/// `J.`, `Dr.`, `No.`, `p.`, `U.S.`: an initial or short abbreviation with its period.
fn is_abbreviation(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    let mut chars = stem.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    (first.is_uppercase() && rest.chars().count() <= 2 && rest.chars().all(char::is_lowercase))
        || (rest.is_empty() && first.is_alphabetic())
        || stem
            .split('.')
            .all(|part| part.chars().count() == 1 && part.starts_with(char::is_uppercase))
}

fn is_roman_numeral(word: &str) -> bool {
    let word = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
    !word.is_empty() && word.chars().all(|c| "IVXLCDM".contains(c))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

fn last_token(text: &str) -> &str {
    text.rsplit(char::is_whitespace).next().unwrap_or("")
}

fn first_token(text: &str) -> &str {
    text.split(char::is_whitespace).next().unwrap_or("")
}

/// The whitespace run of soft spaces (plain ones included) around byte `at` of `text`.
fn whitespace_run(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_soft_space(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !is_soft_space(c))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

/// Tabs lay out a table: the line has two or more inner tab runs, or a neighbour has a tab.
fn tabs_make_table_at(doc: &Document, index: usize) -> bool {
    let has_tab = |i: usize| doc.line_text(i).contains('\t');
    let text = doc
        .line_text(index)
        .trim_matches(|c: char| c == '\t' || c == ' ');
    let inner_runs = text
        .as_bytes()
        .split(|&b| b == b'\t')
        .filter(|part| !part.is_empty())
        .count()
        .saturating_sub(1);
    inner_runs >= 2
        || index.checked_sub(1).is_some_and(has_tab)
        || (index + 1 < doc.lines().len() && has_tab(index + 1))
}

/// Bytes that can start an odd space: tab, and the lead bytes of U+00A0, U+1680, U+2000–U+205F
/// and U+3000.
static CANDIDATE_LEAD: [bool; 256] = {
    let mut table = [false; 256];
    table[0x09] = true;
    table[0xc2] = true;
    table[0xe1] = true;
    table[0xe2] = true;
    table[0xe3] = true;
    table
};

fn odd_space_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' => "tab",
        '\u{a0}' => "no-break space",
        '\u{1680}' => "ogham space mark",
        '\u{2000}' => "en quad",
        '\u{2001}' => "em quad",
        '\u{2002}' => "en space",
        '\u{2003}' => "em space",
        '\u{2004}' => "three-per-em space",
        '\u{2005}' => "four-per-em space",
        '\u{2006}' => "six-per-em space",
        '\u{2007}' => "figure space",
        '\u{2008}' => "punctuation space",
        '\u{2009}' => "thin space",
        '\u{200a}' => "hair space",
        '\u{202f}' => "narrow no-break space",
        '\u{205f}' => "medium mathematical space",
        '\u{3000}' => "ideographic space",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linter::{ActiveRule, Linter};
    use crate::rule::RuleOptions;

    fn found(text: &str, options: &str) -> Vec<String> {
        let linter = Linter::new(vec![ActiveRule {
            name: META.name,
            severity: META.severity,
            fix: META.fix,
            rule: (ENTRY.build)(&RuleOptions(toml::from_str(options).unwrap())).unwrap(),
        }]);
        linter
            .lint(text)
            .into_iter()
            .map(|d| {
                text[std::ops::Range::from(d.span)]
                    .escape_unicode()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn link_remnants_fire_typography_stays_silent() {
        let nbsp = "\\u{a0}";
        assert_eq!(
            found("more\u{a0}children of\u{a0} fighters\n", ""),
            [nbsp.to_owned(), format!("{nbsp}\\u{{20}}")]
        );
        assert_eq!(found("for fewer people.\u{a0}At least\n", ""), [nbsp]);
        for silent in [
            "the 5\u{a0}January vote",
            "Louis\u{a0}XIV ruled",
            "said J.\u{a0}R. Doe",
            "at 10\u{a0}h\u{a0}30 sharp",
            "gave \u{a3}\u{a0}5 each",
            "the war\u{a0}\u{2014} and after",
            "\u{6771}\u{4eac}\u{3000}\u{5927}\u{962a}",
        ] {
            assert!(found(silent, "").is_empty(), "{silent:?}");
        }
    }

    #[test]
    fn allowances_can_be_switched_off() {
        assert_eq!(
            found("It ran 10\u{a0}km.\n", "allow-nbsp-in-numbers = false").len(),
            1
        );
        assert_eq!(
            found("Quoi\u{a0}?\n", "allow-french-spacing = false").len(),
            1
        );
    }

    #[test]
    fn lone_tab_fires_table_tabs_do_not() {
        assert_eq!(found("one\ttwo\n", "").len(), 1);
        assert!(found("a\tb\tc\n", "").is_empty());
        assert!(found("a\tb\nc\td\n", "").is_empty());
        assert!(found("line\t\n\tline\n", "").is_empty());
    }
}
