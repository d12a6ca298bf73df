//! A short word diff of two texts for a reader: `[-removed-]{+added+}` in wdiff style, with a
//! few words of context around each change, `…` for long unchanged runs, and at most a few
//! changes, so it fits in a finding's help or under a cluster of near-duplicate documents.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// Words of context kept on each side of a change.
const CONTEXT: usize = 3;
/// Changes shown before the rest are counted.
const SHOWN_CHANGES: usize = 4;

/// A word diff of two texts split at whitespace, in wdiff style: `[-old-]{+new+}`, with a few
/// words of context around each change and `…` for the rest.
pub fn word_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.split_whitespace().collect();
    let new: Vec<&str> = new.split_whitespace().collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old, &new);
    let changes = ops
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .count();
    if changes == 0 {
        return "only spacing or line breaks differ".to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut shown = 0;
    for (index, op) in ops.iter().enumerate() {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                let run = &old[old_index..old_index + len];
                let (first, last) = (index == 0, index == ops.len() - 1);
                parts.push(context(run, first, last || shown == SHOWN_CHANGES));
            }
            _ if shown == SHOWN_CHANGES => {
                parts.push("\u{2026}".to_owned());
                break;
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => parts.push(format!(
                "[-{}-]",
                old[old_index..old_index + old_len].join(" ")
            )),
            DiffOp::Insert {
                new_index, new_len, ..
            } => parts.push(format!(
                "{{+{}+}}",
                new[new_index..new_index + new_len].join(" ")
            )),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => parts.push(format!(
                "[-{}-]{{+{}+}}",
                old[old_index..old_index + old_len].join(" "),
                new[new_index..new_index + new_len].join(" ")
            )),
        }
        if !matches!(op, DiffOp::Equal { .. }) {
            shown += 1;
        }
    }
    let mut diff = parts.join(" ");
    match changes.saturating_sub(SHOWN_CHANGES) {
        0 => {}
        1 => diff += " (1 more change)",
        more => diff += &format!(" ({more} more changes)"),
    }
    diff
}

/// An unchanged run between changes: whole when short, else its ends around `…`.
fn context(run: &[&str], first: bool, last: bool) -> String {
    let head = |n: usize| run[..n.min(run.len())].join(" ");
    let tail = |n: usize| run[run.len().saturating_sub(n)..].join(" ");
    match (first, last) {
        (true, true) => head(2 * CONTEXT),
        (true, false) if run.len() > CONTEXT => format!("\u{2026} {}", tail(CONTEXT)),
        (false, true) if run.len() > CONTEXT => format!("{} \u{2026}", head(CONTEXT)),
        (false, false) if run.len() > 2 * CONTEXT => {
            format!("{} \u{2026} {}", head(CONTEXT), tail(CONTEXT))
        }
        _ => run.join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_elide_long_unchanged_runs() {
        let old = "one two three four five six seven eight nine ten eleven twelve";
        let new = "one two three four five six SEVEN eight nine ten eleven twelve thirteen";
        assert_eq!(
            word_diff(old, new),
            "\u{2026} four five six [-seven-]{+SEVEN+} eight nine ten eleven twelve {+thirteen+}"
        );
        let new = "one TWO three four five six seven eight nine ten eleven twelve";
        assert_eq!(
            word_diff(old, new),
            "one [-two-]{+TWO+} three four five \u{2026}"
        );
        let new = "one TWO three four five six seven eight nine ten ELEVEN twelve";
        assert_eq!(
            word_diff(old, new),
            "one [-two-]{+TWO+} three four five \u{2026} eight nine ten [-eleven-]{+ELEVEN+} twelve"
        );
        let many = "a b c d e f g h i j";
        assert_eq!(
            word_diff(many, "A b C d E f G h I j"),
            "[-a-]{+A+} b [-c-]{+C+} d [-e-]{+E+} f [-g-]{+G+} h \u{2026} (1 more change)"
        );
        assert_eq!(
            word_diff("a b", "a\n b"),
            "only spacing or line breaks differ"
        );
    }
}
