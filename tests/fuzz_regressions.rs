//! Inputs the fuzzer (`fuzz/`, target `lint_and_fix`) once broke, minimised and pinned here so
//! the fixes hold without running it: each must lint, fix to a fixed point within the pass cap,
//! and fix again to the same text.

use copydesk::{FixMode, Linter};

fn settles(text: &str) {
    let linter = Linter::with_defaults();
    let fixed = linter.fix(text, FixMode::IncludeUnsafe);
    assert!(
        fixed.not_converged.is_empty(),
        "fixes did not settle: {:?}",
        fixed.not_converged
    );
    let again = linter.fix(&fixed.text, FixMode::IncludeUnsafe);
    assert_eq!(again.text, fixed.text, "a second fix changed the text");
}

/// A run of one-word blocks before a longer lowercase one: each `split-paragraph` join made the
/// seam above it fire in the next pass, one block per pass, past the cap of ten.
#[test]
fn split_paragraph_joins_do_not_climb_a_list_of_short_lines() {
    settles("r\n\na\n\nr \n\ns0\n\nr\n\ne\n\na\n\ns\n\ns\n\nl \n\nr\u{a0}n o o M");
}
