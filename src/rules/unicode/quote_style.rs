//! Which curly mark a straight quote or apostrophe stands for, read from its neighbours and from
//! the quotations open in its paragraph, in the document's own curly style (English “…”, German
//! „…“, Polish „…”, Swedish ”…”). `mixed-quotes` converts straight marks with it.
//!
//! The conversion table, for a straight mark between `prev` and `next`:
//!
//! | mark | context | becomes |
//! |---|---|---|
//! | `'` | after a letter or digit, or after closing punctuation | `’` (apostrophe, possessive or closing quote; `‘` closing a German `‚`) |
//! | `'` | at a line start or after a space, bracket, dash or opening quote, before two digits | `’` (a decade or year: `’90s`, `’24`; a quotation opening with a two-digit number reads the same) |
//! | `'` | same, before a word listed in `rules/elisions.toml` | `’` (`’tis`, `rock ’n’ roll`) |
//! | `'` | same, before any other letter or digit | the opening single quote (`‘`, `‚`) |
//! | `"` | before a space or the line end | the closing double quote |
//! | `"` | after a space, the line start, a bracket, a dash or an opening mark | the opening double quote |
//! | `"` | before closing punctuation, or after `. , ; : ! ?` | the closing double quote |
//! | `"` | between two letters | closing if a double quote is open in the paragraph, else opening |
//! | either | a space or nothing on both sides | no conversion: it could open or close |

use std::sync::OnceLock;

use serde::Deserialize;

/// The curly marks a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CurlyStyle {
    open_double: char,
    close_double: char,
    open_single: char,
    close_single: char,
}

const ENGLISH: CurlyStyle = CurlyStyle {
    open_double: '\u{201c}',
    close_double: '\u{201d}',
    open_single: '\u{2018}',
    close_single: '\u{2019}',
};
const GERMAN: CurlyStyle = CurlyStyle {
    open_double: '\u{201e}',
    close_double: '\u{201c}',
    open_single: '\u{201a}',
    close_single: '\u{2018}',
};
const POLISH: CurlyStyle = CurlyStyle {
    open_double: '\u{201e}',
    close_double: '\u{201d}',
    open_single: '\u{201a}',
    close_single: '\u{2019}',
};
const SWEDISH: CurlyStyle = CurlyStyle {
    open_double: '\u{201d}',
    close_double: '\u{201d}',
    open_single: '\u{2019}',
    close_single: '\u{2019}',
};

impl CurlyStyle {
    /// The style whose pairs the document uses most, from its counts of “, ” and „.
    pub(super) fn from_counts(left: usize, right: usize, low: usize) -> Self {
        let english = left.min(right);
        let german = low.min(left);
        let polish = low.min(right);
        if english == 0 && german == 0 && polish == 0 {
            return if right > 0 && left == 0 && low == 0 {
                SWEDISH
            } else {
                ENGLISH
            };
        }
        if english >= german && english >= polish {
            ENGLISH
        } else if german >= polish {
            GERMAN
        } else {
            POLISH
        }
    }
}

/// Walks a document's marks in order, keeping which quotations are open in the paragraph.
pub(super) struct Converter {
    style: CurlyStyle,
    double_open: bool,
    single_open: bool,
}

impl Converter {
    pub(super) fn new(style: CurlyStyle) -> Self {
        Self {
            style,
            double_open: false,
            single_open: false,
        }
    }

    /// A new paragraph: no quotation is open.
    pub(super) fn reset(&mut self) {
        self.double_open = false;
        self.single_open = false;
    }

    /// Takes the next mark `c` between `prev` and `next` (`rest` is the line after it). For a
    /// straight mark, returns the curly one it stands for when its context tells.
    pub(super) fn convert(
        &mut self,
        c: char,
        prev: Option<char>,
        next: Option<char>,
        rest: &str,
    ) -> Option<char> {
        match c {
            '"' => {
                let opens = self.double_opens(prev, next)?;
                self.double_open = opens;
                Some(if opens {
                    self.style.open_double
                } else {
                    self.style.close_double
                })
            }
            '\'' => self.single(prev, next, rest),
            _ => {
                self.observe(c, next);
                None
            }
        }
    }

    /// Whether a straight double quote opens (`Some(true)`) or closes a quotation.
    fn double_opens(&self, prev: Option<char>, next: Option<char>) -> Option<bool> {
        match (is_space(prev), is_space(next)) {
            (true, true) => None,
            (_, true) => Some(false),
            (true, false) => Some(true),
            _ if prev.is_some_and(opens_context) => Some(true),
            _ if next.is_some_and(follows_closing) || prev.is_some_and(ends_clause) => Some(false),
            _ => Some(!self.double_open),
        }
    }

    fn single(&mut self, prev: Option<char>, next: Option<char>, rest: &str) -> Option<char> {
        let opening_context = is_space(prev) || prev.is_some_and(|p| opens_context(p) || p == '"');
        if !opening_context {
            let closes = self.single_open && !next.is_some_and(char::is_alphabetic);
            if closes && self.style.close_single != '\u{2019}' {
                self.single_open = false;
                return Some(self.style.close_single);
            }
            return Some('\u{2019}');
        }
        match next {
            Some(d) if d.is_ascii_digit() && is_decade(rest) => Some('\u{2019}'),
            Some(l) if l.is_alphabetic() && is_elision(rest) => Some('\u{2019}'),
            Some(n) if n.is_alphanumeric() => {
                self.single_open = true;
                Some(self.style.open_single)
            }
            _ => None,
        }
    }

    /// Keeps the open quotations up to date past a curly mark.
    fn observe(&mut self, c: char, next: Option<char>) {
        let style = self.style;
        match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => {
                self.double_open = match (c == style.open_double, c == style.close_double) {
                    (true, true) => !self.double_open,
                    (true, false) => true,
                    (false, true) => false,
                    (false, false) => c != '\u{201d}',
                };
            }
            '\u{201a}' | '\u{201b}' => self.single_open = true,
            '\u{2018}' => self.single_open = style.close_single != '\u{2018}',
            '\u{2019}' if !next.is_some_and(char::is_alphabetic) => self.single_open = false,
            _ => {}
        }
    }
}

fn is_space(c: Option<char>) -> bool {
    c.map_or(true, char::is_whitespace)
}

/// Characters after which a mark opens a quotation: brackets, dashes, a slash, opening marks.
fn opens_context(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '/' | '\u{2012}'
            ..='\u{2015}'
                | '\u{2018}'
                | '\u{201a}'
                | '\u{201c}'
                | '\u{201e}'
                | '\u{ab}'
                | '\u{2039}'
    )
}

/// Punctuation that ends a clause: a mark right after it closes a quotation.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '\u{2026}' | ')' | ']' | '}' | '\u{2019}' | '\u{201d}'
    )
}

/// Characters that follow a closing mark: punctuation, a dash or another closing mark.
fn follows_closing(c: char) -> bool {
    ends_clause(c)
        || matches!(
            c,
            '\u{2013}' | '\u{2014}' | '\u{bb}' | '\u{203a}' | '\'' | '"'
        )
}

/// `rest` starts with the two digits of a decade or year: "90s", "24", "60s,".
fn is_decade(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() >= 2
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes
            .get(2)
            .map_or(true, |&b| b == b's' || !b.is_ascii_alphanumeric())
}

/// `rest` starts with a word written with a leading apostrophe ("tis", "n", "em").
fn is_elision(rest: &str) -> bool {
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(at, _)| at);
    let word = rest[..end].to_lowercase();
    elisions().elisions.contains(&word)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Elisions {
    elisions: Vec<String>,
    /// Read by the tests only.
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<String>,
}

fn elisions() -> &'static Elisions {
    static LIST: OnceLock<Elisions> = OnceLock::new();
    LIST.get_or_init(|| {
        toml::from_str(include_str!("../../../rules/elisions.toml"))
            .expect("rules/elisions.toml is valid (checked by tests)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts every straight mark of `text` as one paragraph, keeping those it cannot tell.
    fn curl(text: &str, style: CurlyStyle) -> String {
        let mut converter = Converter::new(style);
        let mut out = String::new();
        for (at, c) in text.char_indices() {
            let prev = text[..at].chars().next_back();
            let rest = &text[at + c.len_utf8()..];
            let converted = converter.convert(c, prev, rest.chars().next(), rest);
            out.push(if matches!(c, '\'' | '"') {
                converted.unwrap_or(c)
            } else {
                c
            });
        }
        out
    }

    #[test]
    fn contractions_possessives_and_quotes() {
        assert_eq!(
            curl(
                "\"It's the minister's call, not the ministers',\" she said.",
                ENGLISH
            ),
            "“It’s the minister’s call, not the ministers’,” she said."
        );
        assert_eq!(
            curl("He said: \"They told us, 'We want to go.'\"", ENGLISH),
            "He said: “They told us, ‘We want to go.’”"
        );
        assert_eq!(
            curl("(\"Maybe\")\u{2014}\"or not\"", ENGLISH),
            "(“Maybe”)\u{2014}“or not”"
        );
    }

    #[test]
    fn decades_and_elisions_take_an_apostrophe() {
        assert_eq!(
            curl("In the '90s and in '24, 'twas rock 'n' roll.", ENGLISH),
            "In the ’90s and in ’24, ’twas rock ’n’ roll."
        );
        // A quotation that opens with a two-digit number reads as a year too.
        assert_eq!(curl("'20 people' said", ENGLISH), "’20 people’ said");
        for example in &elisions().examples {
            assert!(!curl(example, ENGLISH).contains('\u{2018}'), "{example}");
        }
    }

    #[test]
    fn fused_quotes_follow_the_open_quotation() {
        assert_eq!(curl("a\"b\"c", ENGLISH), "a“b”c");
        assert_eq!(curl("x \" y", ENGLISH), "x \" y");
        assert_eq!(curl("a ' b", ENGLISH), "a ' b");
    }

    #[test]
    fn german_and_swedish_styles() {
        assert_eq!(
            curl("Er sagte: \"Das ist 'gut'.\"", GERMAN),
            "Er sagte: „Das ist ‚gut‘.“"
        );
        assert_eq!(curl("\"Ja\", sa hon.", SWEDISH), "”Ja”, sa hon.");
    }

    #[test]
    fn style_follows_the_pairs_the_document_uses() {
        assert_eq!(CurlyStyle::from_counts(10, 10, 1), ENGLISH);
        assert_eq!(CurlyStyle::from_counts(9, 0, 9), GERMAN);
        assert_eq!(CurlyStyle::from_counts(0, 7, 7), POLISH);
        assert_eq!(CurlyStyle::from_counts(0, 6, 0), SWEDISH);
        assert_eq!(CurlyStyle::from_counts(0, 0, 0), ENGLISH);
    }
}
