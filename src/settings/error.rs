//! Configuration errors. Each can carry a span into the file it came from, so the CLI shows the
//! offending key in place (miette attaches the file's text as source code).

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("{message}")]
    #[diagnostic(code(copydesk::config::parse))]
    Parse {
        message: String,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("unknown rule or category `{name}` in {key}")]
    #[diagnostic(
        code(copydesk::config::unknown_rule),
        help("`copydesk rules` lists every rule and category")
    )]
    UnknownSelector { name: String, key: &'static str },

    #[error("options for unknown rule `{name}`")]
    #[diagnostic(
        code(copydesk::config::unknown_rule),
        help("`copydesk rules` lists every rule")
    )]
    UnknownRule {
        name: String,
        #[label("this table")]
        span: Option<SourceSpan>,
    },

    #[error("invalid options for rule `{rule}`: {message}")]
    #[diagnostic(code(copydesk::config::rule_options))]
    RuleOptions {
        rule: String,
        message: String,
        #[label("in this table")]
        span: Option<SourceSpan>,
    },

    #[error("invalid glob `{pattern}`: {message}")]
    #[diagnostic(code(copydesk::config::glob))]
    Glob {
        pattern: String,
        message: String,
        #[label("in this list")]
        span: Option<SourceSpan>,
    },

    #[error("unknown profile `{name}`{}", known_profiles(.known))]
    #[diagnostic(code(copydesk::config::unknown_profile))]
    UnknownProfile { name: String, known: Vec<String> },

    #[error("profile `{name}` holds profiles of its own")]
    #[diagnostic(
        code(copydesk::config::nested_profile),
        help("define every profile at the top level, as `[profile.NAME]`")
    )]
    NestedProfile { name: String },

    #[error("data rule `{name}` is defined twice")]
    #[diagnostic(code(copydesk::config::duplicate_rule))]
    DuplicateRule { name: String },

    #[error("data rule `{name}` is defined twice in this file")]
    #[diagnostic(code(copydesk::config::duplicate_rule))]
    RedefinedRule {
        name: String,
        #[label("defined again here")]
        span: Option<SourceSpan>,
        #[label("first defined here")]
        first: Option<SourceSpan>,
    },

    #[error("data rule name `{name}` is taken by a built-in {taken_by}")]
    #[diagnostic(
        code(copydesk::config::rule_name_taken),
        help("pick another name; `copydesk rules` lists the names in use")
    )]
    RuleNameTaken {
        name: String,
        /// `rule`, `category` or `selector`.
        taken_by: &'static str,
        #[label("this name")]
        span: Option<SourceSpan>,
    },

    #[error("invalid data rule `{rule}`: {message}")]
    #[diagnostic(code(copydesk::config::data_rule))]
    DataRule {
        rule: String,
        message: String,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("example {example} of data rule `{rule}` fails: {problem}")]
    #[diagnostic(
        code(copydesk::config::data_rule_example),
        help("each example runs with only its own rule; fix the rule or the example")
    )]
    DataRuleExample {
        rule: String,
        /// 1-based position among the rule's examples.
        example: usize,
        problem: String,
        #[label("this example")]
        span: Option<SourceSpan>,
    },
}

/// `; profiles: a, b` or `; no profiles are defined`.
fn known_profiles(known: &[String]) -> String {
    if known.is_empty() {
        "; the configuration defines no profiles".to_owned()
    } else {
        format!("; profiles: {}", known.join(", "))
    }
}

impl ConfigError {
    pub(crate) fn from_toml(error: toml::de::Error) -> Self {
        ConfigError::Parse {
            message: error.message().to_owned(),
            span: error.span().map(SourceSpan::from),
        }
    }
}
