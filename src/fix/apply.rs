//! One pass of fixing: pick the applicable, non-overlapping fixes, then splice their edits into
//! the text in place, so a pass never holds the old and the new text at once.

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

/// The fixes one pass takes: their edits in order of position, and how many of each rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection<'d> {
    pub edits: Vec<&'d Edit>,
    pub fixes: BTreeMap<&'static str, usize>,
}

impl Selection<'_> {
    /// Whether applying the edits would leave `text` as it is.
    pub fn changes_nothing(&self, text: &str) -> bool {
        self.edits
            .iter()
            .all(|edit| text[Range::from(edit.span)] == edit.replacement)
    }
}

type Range = std::ops::Range<usize>;

/// Applies every fix that `mode` allows to a copy of `text` (see [`select_fixes`]).
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> Applied {
    let selection = select_fixes(text, diagnostics, mode);
    Applied {
        text: splice(text.to_owned(), &selection.edits),
        fixes: selection.fixes,
    }
}

/// Picks the fixes `mode` allows, in order of position. A fix whose edits overlap an edit
/// already taken, or fall outside the text or off a character boundary, is skipped whole: it is
/// recomputed on the next pass's text.
pub fn select_fixes<'d>(text: &str, diagnostics: &'d [Diagnostic], mode: FixMode) -> Selection<'d> {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| mode.allows(f.applicability)))
        .collect();
    candidates.sort_by_key(|d| d.fix.as_ref().map(|f| f.span()));

    let mut taken = BTreeSet::new();
    let mut edits: Vec<&Edit> = Vec::new();
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
            edits.extend(&fix.edits);
            *fixes.entry(diagnostic.rule).or_insert(0) += 1;
        }
    }
    edits.sort_by_key(|edit| edit.span);
    Selection { edits, fixes }
}

/// Applies `edits` (sorted, valid, non-overlapping) to `text`, reusing its buffer.
///
/// Between two edits lies a piece of kept text that moves by the total growth of the edits
/// before it. Pieces moving left are moved first, left to right; pieces moving right then go
/// right to left. Either way no piece lands on text not yet moved (see the tests), and the
/// buffer grows once, to the new length, only when the text gets longer.
pub fn splice(text: String, edits: &[&Edit]) -> String {
    if edits.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    let old_len = bytes.len();
    let pieces = pieces(edits, old_len);
    let new_len = pieces.last().map_or(old_len, |piece| piece.end_after());
    for piece in pieces.iter().filter(|piece| piece.shift <= 0) {
        piece.place(&mut bytes);
    }
    if new_len > old_len {
        bytes.resize(new_len, 0);
    }
    for piece in pieces.iter().rev().filter(|piece| piece.shift > 0) {
        piece.place(&mut bytes);
    }
    bytes.truncate(new_len);
    String::from_utf8(bytes).expect("edits on character boundaries with text replacements")
}

/// An edit's replacement and the kept text after it, up to the next edit.
struct Piece<'e> {
    /// Where the replacement goes in the new text.
    at: usize,
    replacement: &'e str,
    /// The kept text, in the old text.
    kept: Range,
    /// How far the kept text moves: the growth of every edit up to this one.
    shift: isize,
}

impl Piece<'_> {
    /// Moves the kept text first: the replacement may land where it was.
    fn place(&self, bytes: &mut [u8]) {
        let kept_at = self.at + self.replacement.len();
        bytes.copy_within(self.kept.clone(), kept_at);
        bytes[self.at..kept_at].copy_from_slice(self.replacement.as_bytes());
    }

    fn end_after(&self) -> usize {
        self.at + self.replacement.len() + self.kept.len()
    }
}

fn pieces<'e>(edits: &[&'e Edit], old_len: usize) -> Vec<Piece<'e>> {
    let mut shift = 0isize;
    edits
        .iter()
        .enumerate()
        .map(|(i, edit)| {
            let at = edit.span.start.saturating_add_signed(shift);
            shift += edit.replacement.len() as isize - edit.span.len() as isize;
            let next = edits.get(i + 1).map_or(old_len, |next| next.span.start);
            Piece {
                at,
                replacement: &edit.replacement,
                kept: edit.span.end..next,
                shift,
            }
        })
        .collect()
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
pub(super) fn overlaps(a: Span, b: Span) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(text: &str, edits: &[Edit]) -> String {
        splice(text.to_owned(), &edits.iter().collect::<Vec<_>>())
    }

    #[test]
    fn splices_growing_and_shrinking_edits_in_place() {
        let text = "abcdefghij";
        let edits = [
            Edit::insert(0, "<<"),
            Edit::delete(Span::new(2, 5)),
            Edit::replace(Span::new(6, 7), "GGGGGG"),
            Edit::delete(Span::new(8, 10)),
        ];
        assert_eq!(spliced(text, &edits), "<<abfGGGGGGh");
        // Shrinking first, then growing past the old length.
        let edits = [
            Edit::delete(Span::new(0, 4)),
            Edit::replace(Span::new(9, 10), "JJJJJJJJJJJJ"),
        ];
        assert_eq!(spliced(text, &edits), "efghiJJJJJJJJJJJJ");
        assert_eq!(spliced("", &[Edit::insert(0, "x")]), "x");
        assert_eq!(spliced("ab", &[Edit::delete(Span::new(0, 2))]), "");
    }

    #[test]
    fn a_pass_of_no_op_edits_changes_nothing() {
        let text = "same text";
        let keep = Edit::replace(Span::new(0, 4), "same");
        let selection = Selection {
            edits: vec![&keep],
            fixes: BTreeMap::new(),
        };
        assert!(selection.changes_nothing(text));
        let change = Edit::replace(Span::new(5, 9), "TEXT");
        let selection = Selection {
            edits: vec![&keep, &change],
            fixes: BTreeMap::new(),
        };
        assert!(!selection.changes_nothing(text));
    }
}
