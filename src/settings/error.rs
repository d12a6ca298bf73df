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
    Glob { pattern: String, message: String },

    #[error("data rule `{name}` is defined twice")]
    #[diagnostic(code(copydesk::config::duplicate_rule))]
    DuplicateRule { name: String },
}

impl ConfigError {
    pub(crate) fn from_toml(error: toml::de::Error) -> Self {
        ConfigError::Parse {
            message: error.message().to_owned(),
            span: error.span().map(SourceSpan::from),
        }
    }
}
