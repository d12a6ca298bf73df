//! Reading a rule file: the TOML shape as serde sees it, then the checks serde cannot make
//! (names, exactly one pattern, fix settings, regex groups), each failing with a typed
//! [`ConfigError`] that points into the file.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::examples::Example;
use super::matcher::{self, LineMatcher, LiteralSearch, PhraseMatcher};
use super::{Check, DataRule, PhraseFix};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::registry;
use crate::rule::{Category, FixAvailability, RuleDocs, RuleMeta};
use crate::settings::ConfigError;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    name: Spanned<String>,
    message: Spanned<String>,
    #[serde(default)]
    severity: Option<Severity>,
    kind: Kind,
    literal: Option<Spanned<String>>,
    regex: Option<Spanned<String>>,
    #[serde(default)]
    case_insensitive: bool,
    replacement: Option<Spanned<String>>,
    fix: Option<Spanned<FixSetting>>,
    summary: Option<String>,
    description: Option<String>,
    #[serde(default)]
    example: Vec<Spanned<RawExample>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Line,
    Phrase,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum FixSetting {
    Safe,
    Unsafe,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawExample {
    text: String,
    fires: bool,
    fixed: Option<String>,
}

/// Every rule of a file with its examples, in file order.
pub(super) fn parse(text: &str) -> Result<Vec<(DataRule, Vec<Example>)>, ConfigError> {
    let file: RawFile = toml::from_str(text).map_err(ConfigError::from_toml)?;
    let mut seen: HashMap<String, Range<usize>> = HashMap::new();
    let mut out = Vec::with_capacity(file.rule.len());
    for raw in file.rule {
        let name = raw.get_ref().name.clone();
        if let Some(first) = seen.get(name.get_ref()) {
            return Err(ConfigError::RedefinedRule {
                name: name.get_ref().clone(),
                span: Some(name.span().into()),
                first: Some(first.clone().into()),
            });
        }
        seen.insert(name.get_ref().clone(), name.span());
        out.push(build(raw.into_inner())?);
    }
    Ok(out)
}

fn build(raw: RawRule) -> Result<(DataRule, Vec<Example>), ConfigError> {
    let name = check_name(&raw.name)?;
    let invalid = |message: &str, span: Range<usize>| ConfigError::DataRule {
        rule: name.to_owned(),
        message: message.to_owned(),
        span: Some(span.into()),
    };

    if raw.message.get_ref().trim().is_empty() {
        return Err(invalid("`message` is empty", raw.message.span()));
    }
    let pattern = match (&raw.literal, &raw.regex) {
        (Some(_), Some(regex)) => {
            return Err(invalid("give `literal` or `regex`, not both", regex.span()))
        }
        (None, None) => return Err(invalid("needs a `literal` or a `regex`", raw.name.span())),
        (Some(literal), None) => Pattern::Literal(literal),
        (None, Some(regex)) => Pattern::Regex(regex),
    };
    if let Pattern::Literal(literal) = pattern {
        let text = literal.get_ref();
        if text.contains(['\n', '\r']) {
            return Err(invalid("`literal` holds a line break", literal.span()));
        }
        let meaningful = if raw.kind == Kind::Line {
            text.trim()
        } else {
            text
        };
        if meaningful.is_empty() {
            return Err(invalid("`literal` is empty", literal.span()));
        }
    }
    let fix = fix_applicability(&raw, &invalid)?;
    let (check, what) = match raw.kind {
        Kind::Line => line_check(&raw, pattern, fix, &invalid)?,
        Kind::Phrase => phrase_check(&raw, pattern, fix, &invalid)?,
    };

    let fix_docs = match (&check, fix) {
        (_, None) => "None: the rule only reports.".to_owned(),
        (Check::Line { .. }, Some(applicability)) => {
            format!("{}: deletes the line.", label(applicability))
        }
        (Check::Phrase { fix, .. }, Some(applicability)) => {
            let replacement = fix.map_or("", |fix| fix.replacement);
            if replacement.is_empty() {
                format!("{}: deletes the match.", label(applicability))
            } else {
                format!(
                    "{}: replaces the match with `{replacement}`.",
                    label(applicability)
                )
            }
        }
    };

    let examples: Vec<Example> = raw
        .example
        .into_iter()
        .map(|example| {
            let span = example.span();
            let RawExample { text, fires, fixed } = example.into_inner();
            Example {
                text,
                fires,
                fixed,
                span,
            }
        })
        .collect();
    let examples_where = |fires: bool| -> &'static [&'static str] {
        let texts: Vec<&'static str> = examples
            .iter()
            .filter(|e| e.fires == fires)
            .map(|e| leak(&e.text))
            .collect();
        Box::leak(texts.into_boxed_slice())
    };

    let message = leak(raw.message.get_ref());
    let meta = RuleMeta {
        name,
        category: Category::Data,
        severity: raw.severity.unwrap_or(Severity::Warning),
        fix: match fix {
            None => FixAvailability::None,
            Some(Applicability::Unsafe) => FixAvailability::Unsafe,
            Some(_) => FixAvailability::Safe,
        },
        summary: leak(raw.summary.as_deref().unwrap_or(message)),
        docs: RuleDocs {
            what: leak(&what),
            why: leak(
                raw.description
                    .as_deref()
                    .unwrap_or("A house rule declared in a user rule file."),
            ),
            options: "",
            fix: leak(&fix_docs),
        },
        fires: examples_where(true),
        silent: examples_where(false),
    };
    let rule = DataRule {
        meta: Box::leak(Box::new(meta)),
        message,
        check,
    };
    Ok((rule, examples))
}

/// A `line` rule's matcher and the sentence `explain` shows for it.
fn line_check(
    raw: &RawRule,
    pattern: Pattern,
    fix: Option<Applicability>,
    invalid: &impl Fn(&str, Range<usize>) -> ConfigError,
) -> Result<(Check, String), ConfigError> {
    let (matcher, what) = match pattern {
        Pattern::Literal(literal) => {
            let literal = literal.get_ref().trim();
            let matcher = LineMatcher::literal(leak(literal), raw.case_insensitive);
            (matcher, format!("Finds a line that reads `{literal}`"))
        }
        Pattern::Regex(regex) => {
            let matcher = LineMatcher::regex(regex.get_ref(), raw.case_insensitive)
                .map_err(|error| bad_regex(error, regex.span(), invalid))?;
            let what = format!(
                "Finds a line that the regex `{}` matches in full",
                regex.get_ref()
            );
            (matcher, what)
        }
    };
    let what = format!(
        "{what}{}, apart from whitespace at either end.",
        caseless(raw.case_insensitive)
    );
    Ok((Check::Line { matcher, fix }, what))
}

/// A `phrase` rule's matcher and fix, and the sentence `explain` shows for it.
fn phrase_check(
    raw: &RawRule,
    pattern: Pattern,
    fix: Option<Applicability>,
    invalid: &impl Fn(&str, Range<usize>) -> ConfigError,
) -> Result<(Check, String), ConfigError> {
    let (matcher, what) = match pattern {
        Pattern::Literal(literal) => {
            let (bounded_start, bounded_end) = matcher::word_edges(literal.get_ref());
            let matcher = PhraseMatcher::Literal {
                search: LiteralSearch::new(literal.get_ref(), raw.case_insensitive),
                bounded_start,
                bounded_end,
            };
            let edges = if bounded_start || bounded_end {
                " as whole words"
            } else {
                ""
            };
            (matcher, format!("Finds `{}`{edges}", literal.get_ref()))
        }
        Pattern::Regex(regex) => {
            let compiled = matcher::compile(regex.get_ref(), raw.case_insensitive)
                .map_err(|error| bad_regex(error, regex.span(), invalid))?;
            let matcher = PhraseMatcher::Regex {
                expands: false,
                regex: compiled,
            };
            let what = format!(
                "Finds text that the regex `{}` matches, line by line",
                regex.get_ref()
            );
            (matcher, what)
        }
    };
    let what = format!("{what}{}.", caseless(raw.case_insensitive));
    let (matcher, fix) = phrase_fix(raw, matcher, fix, invalid)?;
    Ok((Check::Phrase { matcher, fix }, what))
}

fn bad_regex(
    error: regex::Error,
    span: Range<usize>,
    invalid: &impl Fn(&str, Range<usize>) -> ConfigError,
) -> ConfigError {
    invalid(&format!("bad regex: {}", one_line(&error)), span)
}

#[derive(Clone, Copy)]
enum Pattern<'a> {
    Literal(&'a Spanned<String>),
    Regex(&'a Spanned<String>),
}

/// A kebab-case name that no built-in rule, category or selector uses.
fn check_name(name: &Spanned<String>) -> Result<&'static str, ConfigError> {
    let text = name.get_ref();
    let kebab = !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !kebab {
        return Err(ConfigError::DataRule {
            rule: text.clone(),
            message: "the name must be kebab-case: lowercase letters and digits joined by single \
                      hyphens"
                .to_owned(),
            span: Some(name.span().into()),
        });
    }
    let taken_by = if registry::find(text).is_some() {
        Some("rule")
    } else if registry::category(text).is_some() {
        Some("category")
    } else if text == "all" {
        Some("selector")
    } else {
        None
    };
    if let Some(taken_by) = taken_by {
        return Err(ConfigError::RuleNameTaken {
            name: text.clone(),
            taken_by,
            span: Some(name.span().into()),
        });
    }
    Ok(leak(text))
}

/// The applicability of the rule's fix, `None` when it has none. `line` rules delete the line;
/// `phrase` rules need a `replacement` to have a fix.
fn fix_applicability(
    raw: &RawRule,
    invalid: &impl Fn(&str, Range<usize>) -> ConfigError,
) -> Result<Option<Applicability>, ConfigError> {
    let has_edit = match (raw.kind, &raw.replacement) {
        (Kind::Line, Some(replacement)) => {
            return Err(invalid(
                "`replacement` belongs to phrase rules; a line rule's fix deletes the line",
                replacement.span(),
            ))
        }
        (Kind::Line, None) => true,
        (Kind::Phrase, replacement) => replacement.is_some(),
    };
    let Some(fix) = &raw.fix else {
        return Ok(has_edit.then_some(Applicability::Safe));
    };
    match (*fix.get_ref(), has_edit) {
        (FixSetting::None, false) => Ok(None),
        (FixSetting::None, true) if raw.kind == Kind::Phrase => Err(invalid(
            "`fix = \"none\"` contradicts `replacement`; drop one of them",
            fix.span(),
        )),
        (FixSetting::None, true) => Ok(None),
        (_, false) => Err(invalid("a fix needs a `replacement`", fix.span())),
        (FixSetting::Unsafe, true) => Ok(Some(Applicability::Unsafe)),
        (FixSetting::Safe, true) => Ok(Some(Applicability::Safe)),
    }
}

/// Checks a phrase rule's replacement and settles whether the regex must expand groups.
fn phrase_fix(
    raw: &RawRule,
    matcher: PhraseMatcher,
    applicability: Option<Applicability>,
    invalid: &impl Fn(&str, Range<usize>) -> ConfigError,
) -> Result<(PhraseMatcher, Option<PhraseFix>), ConfigError> {
    let (Some(applicability), Some(replacement)) = (applicability, &raw.replacement) else {
        return Ok((matcher, None));
    };
    let span = replacement.span();
    let text = replacement.get_ref();
    if text.contains(['\n', '\r']) {
        return Err(invalid("`replacement` holds a line break", span));
    }
    let (matcher, fixed_text) = match matcher {
        PhraseMatcher::Regex { regex, .. } if text.contains('$') => {
            let pieces = replacement_pieces(text);
            for piece in &pieces {
                if let Piece::Group(group) = piece {
                    let known = match group.parse::<usize>() {
                        Ok(index) => index < regex.captures_len(),
                        Err(_) => regex.capture_names().flatten().any(|n| n == *group),
                    };
                    if !known {
                        let message =
                            format!("`replacement` refers to group `{group}`, which the regex lacks; write `$$` for a dollar sign");
                        return Err(invalid(&message, span));
                    }
                }
            }
            let fixed: Option<String> = pieces
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => Some(*text),
                    Piece::Group(_) => None,
                })
                .collect();
            (
                PhraseMatcher::Regex {
                    regex,
                    expands: true,
                },
                fixed,
            )
        }
        matcher => (matcher, Some(text.clone())),
    };
    if fixed_text.is_some_and(|fixed| !fixed.is_empty() && matcher.occurs_in(&fixed)) {
        return Err(invalid(
            "the rule matches its own `replacement`, so fixing would never settle",
            span,
        ));
    }
    let fix = PhraseFix {
        applicability,
        replacement: leak(text),
    };
    Ok((matcher, Some(fix)))
}

#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Group(&'a str),
}

/// Splits a regex replacement the way `regex::Captures::expand` reads it: `$$` is a dollar
/// sign, `${name}` and `$name` (the longest run of letters, digits and `_`) are groups, and a
/// `$` followed by anything else stays as written.
fn replacement_pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        if at > 0 {
            pieces.push(Piece::Text(&rest[..at]));
        }
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            pieces.push(Piece::Text("$"));
            rest = tail;
        } else if let Some(close) = after.strip_prefix('{').and_then(|braced| braced.find('}')) {
            pieces.push(Piece::Group(&after[1..=close]));
            rest = &after[close + 2..];
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if len == 0 {
                pieces.push(Piece::Text("$"));
            } else {
                pieces.push(Piece::Group(&after[..len]));
            }
            rest = &after[len..];
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

fn caseless(case_insensitive: bool) -> &'static str {
    if case_insensitive {
        ", ignoring case"
    } else {
        ""
    }
}

fn label(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Unsafe => "Unsafe",
        _ => "Safe",
    }
}

/// The regex crate's errors span several lines (pattern, caret, message); keep the message.
fn one_line(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|line| line.trim_start().starts_with("error:"))
        .map_or_else(
            || text.lines().last().unwrap_or_default().trim().to_owned(),
            |line| line.trim_start()["error:".len()..].trim().to_owned(),
        )
}

/// Gives a rule file's strings the `'static` lifetime that [`RuleMeta`] and the engine's rule
/// names need. They are leaked, not freed: a rule file is loaded once per process (the CLI reads
/// its config once), so the leak is bounded by the files' size, and it lets data rules share
/// the `&'static RuleMeta` type of built-in rules instead of a second, owned metadata type. A
/// long-running host that reloads rule files would leak a little per reload.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_pieces_follow_the_regex_crate() {
        use Piece::{Group, Text};
        assert_eq!(replacement_pieces("$1%"), [Group("1"), Text("%")]);
        assert_eq!(
            replacement_pieces("${1}0 $$ $"),
            [Group("1"), Text("0 "), Text("$"), Text(" "), Text("$")]
        );
        assert_eq!(
            replacement_pieces("a $word, b"),
            [Text("a "), Group("word"), Text(", b")]
        );
        assert_eq!(replacement_pieces("plain"), [Text("plain")]);
    }

    #[test]
    fn regex_errors_keep_only_the_message() {
        let pattern = String::from("(unclosed");
        let error = regex::Regex::new(&pattern).unwrap_err();
        assert_eq!(one_line(&error), "unclosed group");
    }
}
