//! `fix --diff`: a unified diff built region by region from the fixed text and its [`Changes`],
//! so its cost follows the size of the text and of the changes, not the square of either.
//!
//! Each change grows to the whole lines around it, and changes whose lines overlap make one
//! region. Lines between regions are equal by construction; inside a region, lines the two sides
//! share at either end are equal too, and what differs between is aligned with `similar`'s
//! Myers diff when it is small. Hunks then take three lines of context and merge when their
//! contexts meet, as `diff -u` and `similar` print them.

use std::io::{self, Write};
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::{Change, Changes};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Above this many line pairs, a region's differing lines are shown deleted then inserted rather
/// than aligned: aligning costs up to the product of the two counts.
const ALIGN_LIMIT: usize = 40_000;

/// Writes the unified diff from the original text, as `changes` records it, to `text`, naming
/// the file `name` in both headers. Writes nothing when the two are the same.
pub fn write_unified_diff(
    out: &mut dyn Write,
    name: &str,
    text: &str,
    changes: &Changes,
) -> io::Result<()> {
    let mut hunks = Hunks::new(out, name, text);
    let mut at = 0;
    for region in regions(text, changes.as_slice()) {
        hunks.equal(at..region.lines.start)?;
        region.diff(text, &mut hunks)?;
        at = region.lines.end;
    }
    hunks.equal(at..text.len())?;
    hunks.finish()
}

/// Whole lines of the fixed text that hold one or more changes, and what the original held.
struct Region {
    lines: Range<usize>,
    original: String,
}

/// Changes grown to whole lines, those whose lines overlap merged. A region starts after a line
/// break outside every change and ends after one (or at the end of the text), so it covers whole
/// lines on the original side too.
fn regions<'c>(text: &'c str, changes: &'c [Change]) -> impl Iterator<Item = Region> + 'c {
    let bytes = text.as_bytes();
    let line_start = move |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let line_end =
        move |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
    let mut changes = changes.iter().peekable();
    std::iter::from_fn(move || {
        let first = changes.next()?;
        let start = line_start(first.span.start);
        let mut end = line_end(first.span.end);
        let mut original = String::new();
        let mut at = start;
        let mut add = |change: &Change, original: &mut String| {
            original.push_str(&text[at..change.span.start]);
            original.push_str(&change.original);
            at = change.span.end;
        };
        add(first, &mut original);
        while let Some(change) = changes.next_if(|c| line_start(c.span.start) < end) {
            add(change, &mut original);
            end = end.max(line_end(change.span.end));
        }
        original.push_str(&text[at..end]);
        Some(Region {
            lines: start..end,
            original,
        })
    })
}

impl Region {
    fn diff(&self, text: &str, hunks: &mut Hunks) -> io::Result<()> {
        let old: Vec<&str> = self.original.split_inclusive('\n').collect();
        let new: Vec<Range<usize>> = line_ranges(text, self.lines.clone()).collect();
        let new_text: Vec<&str> = new.iter().map(|r| &text[r.clone()]).collect();
        let prefix = old
            .iter()
            .zip(&new_text)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new_text[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let (old_middle, new_middle) =
            (prefix..old.len() - suffix, prefix..new_text.len() - suffix);
        hunks.equal(self.lines.start..start_of(&new, new_middle.start, self.lines.end))?;
        if !old_middle.is_empty()
            && !new_middle.is_empty()
            && old_middle.len() * new_middle.len() <= ALIGN_LIMIT
        {
            let ops = capture_diff_slices(
                Algorithm::Myers,
                &old[old_middle.clone()],
                &new_text[new_middle.clone()],
            );
            for op in ops {
                let (old_lines, new_lines) = (
                    shifted(op.old_range(), old_middle.start),
                    shifted(op.new_range(), new_middle.start),
                );
                if let DiffOp::Equal { .. } = op {
                    let end = start_of(&new, new_lines.end, self.lines.end);
                    hunks.equal(start_of(&new, new_lines.start, self.lines.end)..end)?;
                } else {
                    hunks.replace(&old[old_lines], &new_text[new_lines])?;
                }
            }
        } else {
            hunks.replace(&old[old_middle], &new_text[new_middle.clone()])?;
        }
        let suffix_start = start_of(&new, new_middle.end, self.lines.end);
        hunks.equal(suffix_start..self.lines.end)
    }
}

fn shifted(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// Where line `index` of `lines` starts, or `end` past the last.
fn start_of(lines: &[Range<usize>], index: usize, end: usize) -> usize {
    lines.get(index).map_or(end, |line| line.start)
}

/// The lines of `text[range]`, each with its line break.
fn line_ranges(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    text[range].split_inclusive('\n').scan(base, |at, line| {
        let start = *at;
        *at += line.len();
        Some(start..*at)
    })
}

/// Hunks built from a stream of equal, deleted and inserted lines that covers the whole text.
struct Hunks<'a> {
    out: &'a mut dyn Write,
    name: &'a str,
    named: bool,
    text: &'a str,
    /// Equal lines seen but not yet placed: context for the hunk before, the hunk after, or both.
    pending: Range<usize>,
    /// Lines of each side before `pending`.
    old_line: usize,
    new_line: usize,
    hunk: Option<Hunk>,
}

struct Hunk {
    old_start: usize,
    new_start: usize,
    old_len: usize,
    new_len: usize,
    body: Vec<u8>,
}

impl<'a> Hunks<'a> {
    fn new(out: &'a mut dyn Write, name: &'a str, text: &'a str) -> Self {
        Self {
            out,
            name,
            named: false,
            text,
            pending: 0..0,
            old_line: 0,
            new_line: 0,
            hunk: None,
        }
    }

    /// Lines of the text, the same on both sides.
    fn equal(&mut self, range: Range<usize>) -> io::Result<()> {
        if range.is_empty() {
            return Ok(());
        }
        if !self.pending.is_empty() && self.pending.end != range.start {
            self.place_pending(false)?;
        }
        if self.pending.is_empty() {
            self.pending = range;
        } else {
            self.pending.end = range.end;
        }
        Ok(())
    }

    /// Original lines `old` replaced by fixed lines `new`; either may be empty.
    fn replace(&mut self, old: &[&str], new: &[&str]) -> io::Result<()> {
        if old.is_empty() && new.is_empty() {
            return Ok(());
        }
        self.place_pending(false)?;
        let hunk = self.hunk.get_or_insert_with(|| Hunk {
            old_start: self.old_line,
            new_start: self.new_line,
            old_len: 0,
            new_len: 0,
            body: Vec::new(),
        });
        for line in old {
            hunk.line(b'-', line);
        }
        for line in new {
            hunk.line(b'+', line);
        }
        hunk.old_len += old.len();
        hunk.new_len += new.len();
        self.old_line += old.len();
        self.new_line += new.len();
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.place_pending(true)
    }

    /// Gives the pending equal lines to the open hunk as trailing context (all of them when a
    /// change follows within twice the context, else the first few, closing it) and, unless
    /// these are the last lines, their last few to a new hunk as leading context.
    fn place_pending(&mut self, last: bool) -> io::Result<()> {
        let range = std::mem::replace(&mut self.pending, 0..0);
        let text = &self.text[range];
        let count = line_count(text);
        if let Some(hunk) = &mut self.hunk {
            let keep_open = !last && count <= 2 * CONTEXT;
            let trailing = if keep_open { count } else { count.min(CONTEXT) };
            for line in text.split_inclusive('\n').take(trailing) {
                hunk.context(line);
            }
            if !keep_open {
                self.close()?;
            }
        }
        if !last && self.hunk.is_none() && count > 0 {
            let leading = count.min(CONTEXT);
            let mut hunk = Hunk {
                old_start: self.old_line + count - leading,
                new_start: self.new_line + count - leading,
                old_len: 0,
                new_len: 0,
                body: Vec::new(),
            };
            let lines: Vec<&str> = text.split_inclusive('\n').rev().take(leading).collect();
            for line in lines.into_iter().rev() {
                hunk.context(line);
            }
            self.hunk = Some(hunk);
        }
        self.old_line += count;
        self.new_line += count;
        if last {
            self.close()?;
        }
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        let Some(hunk) = self.hunk.take() else {
            return Ok(());
        };
        if !self.named {
            writeln!(self.out, "--- {}\n+++ {}", self.name, self.name)?;
            self.named = true;
        }
        writeln!(
            self.out,
            "@@ -{} +{} @@",
            HunkRange(hunk.old_start, hunk.old_len),
            HunkRange(hunk.new_start, hunk.new_len)
        )?;
        self.out.write_all(&hunk.body)
    }
}

impl Hunk {
    fn context(&mut self, line: &str) {
        self.line(b' ', line);
        self.old_len += 1;
        self.new_len += 1;
    }

    fn line(&mut self, tag: u8, line: &str) {
        self.body.push(tag);
        self.body.extend_from_slice(line.as_bytes());
        if !line.ends_with('\n') {
            self.body
                .extend_from_slice(b"\n\\ No newline at end of file\n");
        }
    }
}

/// A hunk header's range: 0-based start and length, printed 1-based, `start,0` when empty.
struct HunkRange(usize, usize);

impl std::fmt::Display for HunkRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.1 {
            1 => write!(f, "{}", self.0 + 1),
            0 => write!(f, "{},0", self.0),
            len => write!(f, "{},{}", self.0 + 1, len),
        }
    }
}

fn line_count(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count()
        + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::document::Span;
    use crate::fix::{splice, Edit};

    /// The diff `fix --diff` prints for `edits` applied to `original` in one pass.
    pub(crate) fn diff(original: &str, edits: &[Edit]) -> String {
        let edits: Vec<&Edit> = edits.iter().collect();
        let mut changes = Changes::default();
        changes.record(original, &edits);
        let text = splice(original.to_owned(), &edits);
        let mut out = Vec::new();
        write_unified_diff(&mut out, "f.txt", &text, &changes).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Applies a unified diff to `original` strictly: every context and deleted line must match,
    /// and each hunk header must count its lines.
    pub(crate) fn apply(original: &str, diff: &str) -> String {
        let old: Vec<&str> = original.split_inclusive('\n').collect();
        let mut lines = diff.split_inclusive('\n').peekable();
        let (mut out, mut next_old) = (String::new(), 0);
        if lines.peek().is_none() {
            return original.to_owned();
        }
        assert_eq!(lines.next(), Some("--- f.txt\n"));
        assert_eq!(lines.next(), Some("+++ f.txt\n"));
        while let Some(header) = lines.next() {
            let ranges = header
                .strip_prefix("@@ -")
                .and_then(|h| h.strip_suffix(" @@\n"))
                .unwrap_or_else(|| panic!("hunk header expected: {header:?}"));
            let (old_range, new_range) = ranges.split_once(" +").unwrap();
            let parse = |range: &str| -> (usize, usize) {
                match range.split_once(',') {
                    Some((start, len)) => (start.parse().unwrap(), len.parse().unwrap()),
                    None => (range.parse().unwrap(), 1),
                }
            };
            let ((old_start, old_len), (_, new_len)) = (parse(old_range), parse(new_range));
            let first = if old_len == 0 {
                old_start
            } else {
                old_start - 1
            };
            assert!(first >= next_old, "hunks out of order");
            for line in &old[next_old..first] {
                out.push_str(line);
            }
            next_old = first;
            let (mut seen_old, mut seen_new) = (0, 0);
            while seen_old < old_len || seen_new < new_len {
                let line = lines.next().expect("hunk ends early");
                let (tag, body) = line.split_at(1);
                let mut body = body.to_owned();
                if lines.peek() == Some(&"\\ No newline at end of file\n") {
                    lines.next();
                    body.pop();
                }
                if tag != "+" {
                    assert_eq!(old[next_old], body, "context or deleted line differs");
                    next_old += 1;
                    seen_old += 1;
                }
                if tag != "-" {
                    out.push_str(&body);
                    seen_new += 1;
                }
            }
            assert_eq!((seen_old, seen_new), (old_len, new_len));
        }
        for line in &old[next_old..] {
            out.push_str(line);
        }
        out
    }

    fn numbered(count: usize) -> String {
        (1..=count).map(|n| format!("line {n}\n")).collect()
    }

    #[test]
    fn changes_within_twice_the_context_share_a_hunk() {
        let text = numbered(10);
        let at = |line: usize| text.match_indices("line ").nth(line - 1).unwrap().0;
        let edits = [
            Edit::replace(Span::new(at(2), at(2) + 4), "LINE"),
            Edit::replace(Span::new(at(9), at(9) + 4), "LINE"),
        ];
        assert_eq!(
            diff(&text, &edits),
            "--- f.txt\n+++ f.txt\n@@ -1,10 +1,10 @@\n line 1\n-line 2\n+LINE 2\n line 3\n \
             line 4\n line 5\n line 6\n line 7\n line 8\n-line 9\n+LINE 9\n line 10\n"
        );
        let edits = [
            Edit::replace(Span::new(at(2), at(2) + 4), "LINE"),
            Edit::delete(Span::new(at(10), text.len())),
        ];
        assert_eq!(
            diff(&text, &edits),
            "--- f.txt\n+++ f.txt\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+LINE 2\n line 3\n \
             line 4\n line 5\n@@ -7,4 +7,3 @@\n line 7\n line 8\n line 9\n-line 10\n"
        );
    }

    #[test]
    fn a_missing_final_line_break_is_marked() {
        assert_eq!(
            diff("a\nb", &[Edit::replace(Span::new(2, 3), "c")]),
            "--- f.txt\n+++ f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n\
             +c\n\\ No newline at end of file\n"
        );
        assert_eq!(
            diff("a\nb", &[Edit::insert(3, "\n")]),
            "--- f.txt\n+++ f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
        );
    }

    #[test]
    fn emptying_and_filling_a_text() {
        assert_eq!(
            diff("x\n", &[Edit::delete(Span::new(0, 2))]),
            "--- f.txt\n+++ f.txt\n@@ -1 +0,0 @@\n-x\n"
        );
        assert_eq!(
            diff("", &[Edit::insert(0, "y\nz\n")]),
            "--- f.txt\n+++ f.txt\n@@ -0,0 +1,2 @@\n+y\n+z\n"
        );
        assert_eq!(
            diff("same\n", &[Edit::replace(Span::new(0, 4), "same")]),
            ""
        );
    }

    #[test]
    fn lines_shared_inside_a_region_stay_context() {
        // One edit spanning three lines, of which only the middle one changes.
        let text = "one\ntwo\nthree\n";
        let edits = [Edit::replace(Span::new(0, 13), "one\n2\nthree")];
        assert_eq!(
            diff(text, &edits),
            "--- f.txt\n+++ f.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n"
        );
        // A middle too big to align is deleted, then inserted.
        let old: String = (0..300).map(|n| format!("{n}\n")).collect();
        let new: String = (0..300).map(|n| format!("{n}x\n")).collect();
        let edits = [Edit::replace(Span::new(0, old.len()), new.clone())];
        let printed = diff(&old, &edits);
        assert!(printed.starts_with("--- f.txt\n+++ f.txt\n@@ -1,300 +1,300 @@\n-0\n-1\n"));
        assert_eq!(apply(&old, &printed), new);
    }
}
