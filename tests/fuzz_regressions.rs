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

/// Short and five-word blocks mixed (as the fuzzer wrote them, NUL bytes and all): joins
/// lengthened the lines next to them in both directions, one more seam firing per pass.
#[test]
fn split_paragraph_joins_do_not_run_down_mixed_short_blocks() {
    settles("Weekend r3 \u{fffd}\u{fffd}\u{fffd}cEasAburr-\u{2}s 0re eSouth\u{0}or 0 0\n\nLe maia d\u{e9}cleor 0 0\n\naor 0 0\n\nres0 Soulu 0 0\n\nres0 South\u{0}oraor 00\n\nres0 South\u{0}oraor 0 0\n\nres0 Soulu 0 0\n\nre\u{9}\u{9}\u{9}\u{9} 0\n\naor 0 0\n\nres\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{8}0 0\n\nres0 South\u{0}oraor 0 0\n\nres0 Soulu 0 0\n\nre\u{9}\u{9}\u{9}\u{9}\u{9}\u{fffd} 0\n\nres0 Soulu 0 0\n\nre\u{9}\u{9}\u{9}\u{9} 0\n\naor 0 0\n\nres\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{8}0 0\n\nres0 South\u{0}oraor 0 0\n\nres0 Soulu 0 0\n\nre\u{9}\u{9}\u{9}\u{9}\u{9}\u{a0}?\u{fffd}\u{0}\u{fffd}\u{0}tcnourra1or");
}
