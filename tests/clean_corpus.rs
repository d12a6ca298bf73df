//! The false-positive guard: clean, well-edited prose that we wrote ourselves (`tests/clean/`)
//! and the clean seeds must produce no finding at all from the default rule set. The articles
//! also check two repairs: how `mixed-quotes` turns straight marks curly, and how `mojibake`
//! decodes garbled text.

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
        if path.extension().map_or(true, |e| e != "txt") {
            continue;
        }
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

/// And `mojibake`'s repair: each article with non-ASCII text, garbled whole the three common
/// ways (its UTF-8 read as Windows-1252 as browsers do, as Latin-1, and as Windows-1252 twice),
/// must come back exactly from the default rule set's safe fixes.
#[test]
fn garbled_clean_articles_are_restored_by_safe_fixes() {
    const HIGH: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    let windows_1252 = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                0x80..=0x9f => HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect()
    };
    let latin_1 = |text: &str| -> String { text.bytes().map(char::from).collect() };
    let linter = Linter::default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean");
    let mut articles = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().map_or(true, |e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.is_ascii() {
            continue;
        }
        articles += 1;
        for garbled in [
            windows_1252(&text),
            latin_1(&text),
            windows_1252(&windows_1252(&text)),
        ] {
            let fixed = linter.fix(&garbled, copydesk::FixMode::SafeOnly).text;
            assert_eq!(fixed, text, "{} was not restored", path.display());
        }
    }
    assert!(
        articles >= 40,
        "only {articles} articles hold non-ASCII text"
    );
}
