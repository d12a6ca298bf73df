//! Where a fixed text differs from the text it started as. The fix loop records each pass's
//! edits here rather than keeping a copy of the original, which would double the memory a big
//! file takes; `fix --diff` prints from it, one changed region at a time.

use super::Edit;
use crate::document::Span;

/// One region where the text differs from the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The region in the current text.
    pub span: Span,
    /// Where the region starts in the original text.
    pub original_start: usize,
    /// What the original text held there.
    pub original: String,
}

impl Change {
    fn shifted(self, by: isize) -> Self {
        Self {
            span: Span::new(shift(self.span.start, by), shift(self.span.end, by)),
            ..self
        }
    }

    /// How much longer the region is now than it was.
    fn growth(&self) -> isize {
        self.span.len() as isize - self.original.len() as isize
    }
}

/// The regions where a text differs from its original, in order, neither overlapping nor
/// touching. Outside them the two texts are byte for byte the same.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    list: Vec<Change>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn as_slice(&self) -> &[Change] {
        &self.list
    }

    /// Records one pass: `edits` (sorted, not overlapping) applied to `current`, the text as
    /// these changes leave it. An edit that touches or overlaps a change merges with it; a
    /// region whose new text equals its original is no change at all.
    pub fn record(&mut self, current: &str, edits: &[&Edit]) {
        let mut changes = std::mem::take(&mut self.list).into_iter().peekable();
        let mut edits = edits.iter().copied().peekable();
        let mut out = Vec::with_capacity(changes.len() + edits.len());
        // Current minus original position, past the changes seen so far.
        let mut drift = 0isize;
        // New minus current position, past the edits seen so far.
        let mut growth = 0isize;
        while let Some(first) = edits.next() {
            while let Some(change) = changes.next_if(|c| c.span.end < first.span.start) {
                drift += change.growth();
                out.push(change.shifted(growth));
            }
            let mut region = Region::new(first);
            loop {
                if let Some(change) = changes.next_if(|c| c.span.start <= region.span.end) {
                    region.add_change(change);
                } else if let Some(edit) = edits.next_if(|e| e.span.start <= region.span.end) {
                    region.add_edit(edit);
                } else {
                    break;
                }
            }
            let original_start = shift(region.span.start, -drift);
            drift += region.changes.iter().map(Change::growth).sum::<isize>();
            let change = region.merge(current, original_start, growth);
            growth += region.edits.iter().map(|e| edit_growth(e)).sum::<isize>();
            out.extend(change);
        }
        out.extend(changes.map(|change| change.shifted(growth)));
        self.list = out;
    }

    /// The original text, rebuilt from `text`, the text these changes lead to.
    #[cfg(test)]
    pub fn original(&self, text: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for change in &self.list {
            out.push_str(&text[at..change.span.start]);
            out.push_str(&change.original);
            at = change.span.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Edits and earlier changes that overlap or touch, directly or through one another.
struct Region<'e> {
    /// The region in the current text.
    span: Span,
    edits: Vec<&'e Edit>,
    changes: Vec<Change>,
}

impl<'e> Region<'e> {
    fn new(edit: &'e Edit) -> Self {
        Self {
            span: edit.span,
            edits: vec![edit],
            changes: Vec::new(),
        }
    }

    fn add_edit(&mut self, edit: &'e Edit) {
        self.span.end = self.span.end.max(edit.span.end);
        self.edits.push(edit);
    }

    fn add_change(&mut self, change: Change) {
        self.span.start = self.span.start.min(change.span.start);
        self.span.end = self.span.end.max(change.span.end);
        self.changes.push(change);
    }

    /// The one change the region becomes, or none when its new text is its original.
    fn merge(&self, current: &str, original_start: usize, growth: isize) -> Option<Change> {
        let original = self.original(current);
        let new_text = self.new_text(current);
        (new_text != original).then(|| Change {
            span: Span::new(
                shift(self.span.start, growth),
                shift(self.span.start, growth) + new_text.len(),
            ),
            original_start,
            original,
        })
    }

    /// The region's original text: the current text with each change's original put back.
    fn original(&self, current: &str) -> String {
        let mut out = String::new();
        let mut at = self.span.start;
        for change in &self.changes {
            out.push_str(&current[at..change.span.start]);
            out.push_str(&change.original);
            at = change.span.end;
        }
        out.push_str(&current[at..self.span.end]);
        out
    }

    /// The region's text after the edits.
    fn new_text(&self, current: &str) -> String {
        let mut out = String::new();
        let mut at = self.span.start;
        for edit in &self.edits {
            out.push_str(&current[at..edit.span.start]);
            out.push_str(&edit.replacement);
            at = edit.span.end;
        }
        out.push_str(&current[at..self.span.end]);
        out
    }
}

fn edit_growth(edit: &Edit) -> isize {
    edit.replacement.len() as isize - edit.span.len() as isize
}

fn shift(at: usize, by: isize) -> usize {
    at.saturating_add_signed(by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::splice;

    /// Applies each pass's edits, recording them; returns the text and the changes.
    fn run(original: &str, passes: &[Vec<Edit>]) -> (String, Changes) {
        let mut text = original.to_owned();
        let mut changes = Changes::default();
        for edits in passes {
            let edits: Vec<&Edit> = edits.iter().collect();
            changes.record(&text, &edits);
            text = splice(text, &edits);
        }
        assert_eq!(changes.original(&text), original);
        (text, changes)
    }

    fn regions(changes: &Changes) -> Vec<(usize, usize, usize, &str)> {
        changes
            .as_slice()
            .iter()
            .map(|c| {
                (
                    c.span.start,
                    c.span.end,
                    c.original_start,
                    c.original.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn separate_edits_stay_separate_and_shift() {
        let (text, changes) = run(
            "one two three four",
            &[vec![
                Edit::replace(Span::new(0, 3), "1"),
                Edit::delete(Span::new(8, 14)),
            ]],
        );
        assert_eq!(text, "1 two four");
        assert_eq!(regions(&changes), [(0, 1, 0, "one"), (6, 6, 8, "three ")]);
    }

    #[test]
    fn a_later_pass_merges_with_what_it_touches() {
        let (text, changes) = run(
            "aa bb cc dd",
            &[
                vec![
                    Edit::replace(Span::new(0, 2), "A"),
                    Edit::replace(Span::new(6, 8), "C"),
                ],
                // "A bb C dd": touch the first change, overlap the second.
                vec![Edit::insert(1, "!"), Edit::replace(Span::new(5, 7), "--")],
                // "A! bb --dd": far from both.
                vec![Edit::insert(10, "?")],
            ],
        );
        assert_eq!(text, "A! bb --dd?");
        assert_eq!(
            regions(&changes),
            [(0, 2, 0, "aa"), (6, 8, 6, "cc "), (10, 11, 11, "")]
        );
    }

    #[test]
    fn undoing_a_change_leaves_no_change() {
        let (text, changes) = run(
            "keep this",
            &[
                vec![Edit::replace(Span::new(5, 9), "that")],
                vec![Edit::replace(Span::new(5, 9), "this")],
            ],
        );
        assert_eq!(text, "keep this");
        assert!(changes.is_empty());
    }
}
