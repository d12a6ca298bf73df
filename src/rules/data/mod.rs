//! Data rules: rules users declare in TOML files instead of code.
//!
//! A rule file holds `[[rule]]` tables of two kinds: `line` (a whole line matching a literal or
//! regex, such as a house-specific marker; the fix deletes the line) and `phrase` (a literal or
//! regex inside a line, with an optional replacement). Each rule carries its own examples, which
//! [`RuleFile::check_examples`] runs. The format is documented in `rules/README.md`.
//!
//! ```
//! use copydesk::rules::data::RuleFile;
//!
//! let file = RuleFile::parse(r#"
//! [[rule]]
//! name = "photo-credit-label"
//! message = "house style writes `Photograph:`"
//! kind = "phrase"
//! literal = "Photo:"
//! replacement = "Photograph:"
//!
//! [[rule.example]]
//! text = "Harbour at dusk. Photo: K. Lind\n"
//! fires = true
//! fixed = "Harbour at dusk. Photograph: K. Lind\n"
//! "#).unwrap();
//! assert_eq!(file.rules()[0].meta().name, "photo-credit-label");
//! assert!(file.check_examples().is_empty());
//! ```

mod examples;
mod matcher;
mod parse;

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Reporter};
use crate::document::{Document, Span};
use crate::fix::{Applicability, Edit, Fix};
use crate::rule::{Rule, RuleMeta};
use crate::settings::ConfigError;

pub use examples::ExampleFailure;

use examples::Example;
use matcher::{LineMatcher, PhraseMatcher};

/// The rules of one parsed rule file.
#[derive(Debug, Clone)]
pub struct RuleFile {
    rules: Vec<DataRule>,
    /// The examples of `rules[i]`, kept apart so the rules the linter clones stay small.
    examples: Vec<Vec<Example>>,
}

impl RuleFile {
    /// Parses a rule file's text. Errors carry byte spans into `text`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let (rules, examples) = parse::parse(text)?.into_iter().unzip();
        Ok(Self { rules, examples })
    }

    pub fn rules(&self) -> &[DataRule] {
        &self.rules
    }

    /// Runs every rule's inline examples, each through a linter holding only that rule: an
    /// example must fire exactly when it says so, and its `fixed` text (if given) must be what
    /// fixing with unsafe fixes included produces. Empty when all pass.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for (rule, examples) in self.rules.iter().zip(&self.examples) {
            examples::check(rule, examples, &mut failures);
        }
        failures
    }
}

/// Fails when two rule files define a rule of the same name (a file's own duplicates are
/// caught by [`RuleFile::parse`]).
pub fn check_distinct(files: &[RuleFile]) -> Result<(), ConfigError> {
    let mut seen = HashSet::new();
    for rule in files.iter().flat_map(RuleFile::rules) {
        let name = rule.meta().name;
        if !seen.insert(name) {
            return Err(ConfigError::DuplicateRule {
                name: name.to_owned(),
            });
        }
    }
    Ok(())
}

/// One rule from a rule file.
#[derive(Debug, Clone)]
pub struct DataRule {
    meta: &'static RuleMeta,
    message: &'static str,
    check: Check,
}

#[derive(Debug, Clone)]
enum Check {
    Line {
        matcher: LineMatcher,
        fix: Option<Applicability>,
    },
    Phrase {
        matcher: PhraseMatcher,
        fix: Option<PhraseFix>,
    },
}

#[derive(Debug, Clone, Copy)]
struct PhraseFix {
    applicability: Applicability,
    /// For a regex that `expands`, may name groups (`$1`, `${name}`).
    replacement: &'static str,
}

impl DataRule {
    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

impl Rule for DataRule {
    fn check(&self, doc: &Document, reporter: &mut Reporter) {
        match &self.check {
            Check::Line { matcher, fix } => {
                for line in doc.lines().iter().filter(|line| !line.blank) {
                    if !matcher.matches(doc.slice(line.content()).trim()) {
                        continue;
                    }
                    let mut diagnostic = Diagnostic::new(line.content(), self.message);
                    if let Some(applicability) = *fix {
                        diagnostic = diagnostic.with_fix(Fix::new(
                            applicability,
                            "delete the line",
                            vec![Edit::delete(line.full())],
                        ));
                    }
                    reporter.report(diagnostic);
                }
            }
            Check::Phrase { matcher, fix } => matcher.for_each(doc, |span, captures| {
                let mut diagnostic = Diagnostic::new(span, self.message);
                if let Some(PhraseFix {
                    applicability,
                    replacement,
                }) = *fix
                {
                    let replacement = match captures {
                        Some(captures) => {
                            let mut expanded = String::new();
                            captures.expand(replacement, &mut expanded);
                            expanded
                        }
                        None => replacement.to_owned(),
                    };
                    diagnostic =
                        diagnostic.with_fix(phrase_fix(doc, span, applicability, replacement));
                }
                reporter.report(diagnostic);
            }),
        }
    }
}

fn phrase_fix(
    doc: &Document,
    span: Span,
    applicability: Applicability,
    replacement: String,
) -> Fix {
    let title = if replacement.is_empty() {
        format!("delete `{}`", doc.slice(span))
    } else {
        format!("replace with `{replacement}`")
    };
    Fix::new(applicability, title, vec![Edit::replace(span, replacement)])
}
