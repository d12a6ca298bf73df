//! The false-positive guard: clean, well-edited prose that we wrote ourselves (`tests/clean/`)
//! and the clean seeds must produce no finding at all from the default rule set.

use std::path::Path;

use copydesk::Linter;

fn assert_silent(dir: &str, filter: impl Fn(&str) -> bool, at_least: usize) {
    let linter = Linter::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut checked = 0;
    let mut noisy = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.ends_with(".txt") || !filter(&name) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        checked += 1;
        for d in linter.lint(&text) {
            noisy.push(format!(
                "{name}:{}: {}[{}] {} {:?}",
                d.span.start,
                d.severity,
                d.rule,
                d.message,
                &text[d.span.start..d.span.end]
            ));
        }
    }
    assert!(
        checked >= at_least,
        "expected at least {at_least} documents in {dir}, found {checked}"
    );
    assert!(
        noisy.is_empty(),
        "findings on clean prose:\n{}",
        noisy.join("\n")
    );
}

#[test]
fn clean_corpus_has_no_findings() {
    assert_silent("tests/clean", |_| true, 40);
}

#[test]
fn clean_seeds_have_no_findings() {
    assert_silent("seeds", |name| name.contains("clean"), 2);
}
