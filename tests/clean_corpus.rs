//! The false-positive guard: clean, well-edited prose that we wrote ourselves (`tests/clean/`)
//! and the clean seeds must produce no finding at all from the default rule set. The curly-quoted
//! articles also check how `mixed-quotes` turns straight marks curly.

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

/// The clean articles also check `mixed-quotes`' conversion table: straightening the curly
/// marks of every other paragraph (up to 40% of the marks, so curly stays the majority) and
/// applying the rule's fixes must give back the article exactly.
#[test]
fn straightened_quotes_in_clean_articles_are_restored() {
    let options = copydesk::settings::Options {
        select: Some(vec!["mixed-quotes".to_owned()]),
        ..copydesk::settings::Options::default()
    };
    let linter = copydesk::settings::Settings::resolve(options, &[])
        .expect("mixed-quotes resolves")
        .linter;
    let curly = |c: char| matches!(c, '\u{2018}'..='\u{201b}' | '\u{201c}'..='\u{201f}');
    let straighten = |c: char| match c {
        '\u{2018}'..='\u{201b}' => '\'',
        c if curly(c) => '"',
        c => c,
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean");
    let (mut articles, mut straightened) = (0, 0);
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let total = text.chars().filter(|&c| curly(c)).count();
        let mut budget = total * 2 / 5;
        let paragraphs: Vec<String> = text
            .split("\n\n")
            .enumerate()
            .map(|(index, paragraph)| {
                let marks = paragraph.chars().filter(|&c| curly(c)).count();
                if index % 2 == 1 && marks > 0 && marks < budget {
                    budget -= marks;
                    straightened += marks;
                    paragraph.chars().map(straighten).collect()
                } else {
                    paragraph.to_owned()
                }
            })
            .collect();
        let damaged = paragraphs.join("\n\n");
        if damaged == text {
            continue;
        }
        articles += 1;
        let fixed = linter.fix(&damaged, copydesk::FixMode::IncludeUnsafe).text;
        assert_eq!(fixed, text, "{} was not restored", path.display());
    }
    assert!(
        articles >= 20 && straightened >= 300,
        "only {straightened} marks in {articles} articles were straightened"
    );
}
