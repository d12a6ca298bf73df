//! copydesk finds and fixes the damage that scraping leaves in news text: captions printed
//! twice, headline blocks rendered again, page furniture such as `Share` or a lone share count,
//! stray no-break spaces, invisible characters, mojibake.
//!
//! The library is the whole engine and never prints, parses flags or walks directories: the
//! `copydesk` binary is glue around it, and an editor plugin or a WebAssembly build can reuse it
//! unchanged.
//!
//! ```
//! use copydesk::{FixMode, Linter};
//!
//! let text = "Storm closes the coast road\n\nA ferry waits at the pier.\nA ferry waits at the pier.\n";
//! let linter = Linter::default();
//!
//! let findings = linter.lint(text);
//! assert_eq!(findings[0].rule, "duplicate-line");
//! assert_eq!(findings[0].message, "line repeats the line above");
//!
//! let fixed = linter.fix(text, FixMode::SafeOnly);
//! assert_eq!(fixed.text, "Storm closes the coast road\n\nA ferry waits at the pier.\n");
//! assert!(fixed.remaining.is_empty());
//! ```

pub mod baseline;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod fix;
mod linter;
pub mod records;
pub mod registry;
pub mod render;
pub mod rule;
pub mod rules;
pub mod settings;

pub use diagnostic::{Diagnostic, Related, Severity};
pub use document::{Document, Span};
pub use fix::{Applicability, Edit, Fix, FixMode, FixOutcome};
pub use linter::{ActiveRule, Linter};
pub use rule::{Category, FixAvailability, Rule, RuleEntry, RuleMeta};
