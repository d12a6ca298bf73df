//! Fixes: edits in original-text offsets, with an applicability, and the engine that applies them.
//!
//! As in rustfix, every edit offset refers to the text the diagnostics were computed on; a fix
//! with several edits applies whole or not at all; a fix that overlaps one already accepted is
//! deferred to the next pass, where it is recomputed on the new text. Each pass splices its
//! edits into the text in place and records them in [`Changes`], which stand in for the original
//! text: a file being fixed takes about its own size in memory, not two or three times it.

mod apply;
mod changes;
mod diff;
mod fix_loop;
#[cfg(test)]
mod proptests;

use serde::Serialize;

use crate::document::Span;

pub use apply::{apply_fixes, select_fixes, splice, Applied, Selection};
pub use changes::{Change, Changes};
pub use diff::write_unified_diff;
pub use fix_loop::{fix_owned_until_stable, fix_until_stable, FixOutcome, MAX_PASSES};

/// Whether a fix may be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied.
    DisplayOnly,
    /// May change meaning: applied with `--unsafe-fixes`.
    Unsafe,
    /// Cannot change meaning: applied by `copydesk fix`.
    Safe,
}

impl Applicability {
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Which fixes a fix run applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    #[default]
    SafeOnly,
    IncludeUnsafe,
}

impl FixMode {
    pub const fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => matches!(self, FixMode::IncludeUnsafe),
            Applicability::DisplayOnly => false,
        }
    }
}

/// Replace `span` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(flatten)]
    pub span: Span,
    pub replacement: String,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Self {
        Self {
            span,
            replacement: replacement.into(),
        }
    }

    pub fn delete(span: Span) -> Self {
        Self::replace(span, "")
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(Span::new(at, at), text)
    }
}

/// One or more edits that apply together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Imperative, shown as help: "delete the repeated line".
    #[serde(skip)]
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        title: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|edit| edit.span);
        Self {
            title: title.into(),
            applicability,
            edits,
        }
    }

    pub fn safe_edits(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, title, edits)
    }

    pub fn unsafe_edits(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, title, edits)
    }

    /// The smallest span covering every edit.
    pub fn span(&self) -> Span {
        let start = self.edits.first().map_or(0, |e| e.span.start);
        let end = self.edits.iter().map(|e| e.span.end).max().unwrap_or(start);
        Span::new(start, end)
    }
}
