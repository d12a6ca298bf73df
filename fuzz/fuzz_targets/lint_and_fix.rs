//! Lints and fixes arbitrary bytes, checking the engine's contracts on every diagnostic: spans
//! in bounds and on character boundaries, fixes only inside the reported spans, the fix loop
//! converging, and a second fix run changing nothing.

#![no_main]

use std::borrow::Cow;
use std::sync::OnceLock;

use copydesk::{Diagnostic, FixMode, Linter, Span};
use libfuzzer_sys::fuzz_target;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_defaults)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check(text);
    }
    if let Cow::Owned(text) = String::from_utf8_lossy(data) {
        check(&text);
    }
});

fn check(text: &str) {
    let linter = linter();
    for diagnostic in linter.lint(text) {
        check_diagnostic(text, &diagnostic);
    }

    let fixed = linter.fix(text, FixMode::IncludeUnsafe);
    assert!(
        fixed.not_converged.is_empty(),
        "fixes did not converge: {:?}",
        fixed.not_converged
    );
    for diagnostic in &fixed.remaining {
        check_diagnostic(&fixed.text, diagnostic);
    }
    let again = linter.fix(&fixed.text, FixMode::IncludeUnsafe);
    assert!(
        again.text == fixed.text,
        "a second fix changed the text (rules {:?}):\n{:?}\n->\n{:?}",
        again.fixes,
        fixed.text,
        again.text
    );
}

fn check_diagnostic(text: &str, diagnostic: &Diagnostic) {
    let rule = diagnostic.rule;
    check_span(text, diagnostic.span, rule, "span");
    for related in &diagnostic.related {
        check_span(text, related.span, rule, "related span");
    }
    if let Some(fix) = &diagnostic.fix {
        for edit in &fix.edits {
            check_span(text, edit.span, rule, "edit");
        }
        assert!(
            diagnostic.fix_stays_in_reported_spans(text),
            "{rule}: fix edits outside the reported spans: {diagnostic:?}"
        );
    }
}

fn check_span(text: &str, span: Span, rule: &str, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{rule}: {what} {span:?} out of bounds (text is {} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{rule}: {what} {span:?} not on a character boundary"
    );
}
