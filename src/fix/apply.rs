//! One pass of fixing: pick the applicable, non-overlapping fixes and splice them in.

use std::collections::{BTreeMap, BTreeSet};

use super::{Edit, FixMode};
use crate::diagnostic::Diagnostic;
use crate::document::Span;

/// The text after one pass, and how many fixes of each rule went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    pub fixes: BTreeMap<&'static str, usize>,
}

impl Applied {
    pub fn count(&self) -> usize {
        self.fixes.values().sum()
    }
}

/// Applies every fix that `mode` allows, in order of position. A fix whose edits overlap an
/// accepted edit, or fall outside the text or off a character boundary, is skipped whole.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> Applied {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability)))
        .collect();
    candidates.sort_by_key(|d| d.fix.as_ref().map(|f| f.span()));

    let mut taken = BTreeSet::new();
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut fixes = BTreeMap::new();
    for diagnostic in candidates {
        let Some(fix) = &diagnostic.fix else { continue };
        let fits = fix
            .edits
            .iter()
            .all(|edit| is_valid(text, edit.span) && !conflicts(&taken, edit.span))
            && !edits_overlap_each_other(&fix.edits);
        if fits {
            taken.extend(fix.edits.iter().map(|edit| edit.span));
            accepted.extend(&fix.edits);
            *fixes.entry(diagnostic.rule).or_insert(0) += 1;
        }
    }
    accepted.sort_by_key(|edit| edit.span);

    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in accepted {
        out.push_str(&text[cursor..edit.span.start]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end;
    }
    out.push_str(&text[cursor..]);
    Applied { text: out, fixes }
}

fn is_valid(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Whether `span` conflicts with an accepted edit. Accepted edits never overlap one another,
/// so only the one starting before `span` and those starting inside it need a look.
fn conflicts(taken: &BTreeSet<Span>, span: Span) -> bool {
    let before = taken.range(..Span::new(span.start, span.start)).next_back();
    let inside = taken.range(Span::new(span.start, span.start)..=Span::new(span.end, usize::MAX));
    before
        .into_iter()
        .chain(inside)
        .any(|&other| overlaps(other, span))
}

/// Two edits conflict when they share a byte, or insert at the same point, or one inserts
/// strictly inside the other; edits that merely touch do not.
fn overlaps(a: Span, b: Span) -> bool {
    if a.is_empty() || b.is_empty() {
        let (point, other) = if a.is_empty() {
            (a.start, b)
        } else {
            (b.start, a)
        };
        return (other.is_empty() && point == other.start)
            || (other.start < point && point < other.end);
    }
    a.start < b.end && b.start < a.end
}

fn edits_overlap_each_other(edits: &[Edit]) -> bool {
    edits
        .windows(2)
        .any(|pair| overlaps(pair[0].span, pair[1].span))
}
