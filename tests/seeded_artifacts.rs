//! Per-rule precision and recall on seeded damage.
//!
//! Every artifact class of `seeded/` is injected into every clean document of `tests/clean/`
//! (twice, at different random sites), and the whole default rule set runs over the results.
//! A finding is correct when its rule owns the class injected into that document and its span
//! touches the injected range; anything else a rule reports counts against its precision, so a
//! rule that fires on another rule's damage pays for it. The test fails when a rule falls under
//! precision 0.95 or recall 0.90. Run with `--nocapture` to see the table.
//!
//! A new rule adds its artifact class to `seeded/mod.rs`.

mod seeded;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use copydesk::Linter;
use seeded::{Injection, Rng, CLASSES};

const VARIANTS_PER_DOCUMENT: u64 = 2;
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.90;
/// A rule needs this many injected sites before its recall means anything.
const MIN_SITES: usize = 20;

struct Seeded {
    rule: &'static str,
    name: String,
    injection: Injection,
}

#[derive(Default)]
struct Tally {
    sites: usize,
    detected: usize,
    findings: usize,
    correct: usize,
    misses: Vec<String>,
    false_alarms: Vec<String>,
}

impl Tally {
    fn precision(&self) -> f64 {
        ratio(self.correct, self.findings)
    }

    fn recall(&self) -> f64 {
        ratio(self.detected, self.sites)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn excerpt(text: &str, range: &Range<usize>) -> String {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(range.start.saturating_sub(40));
    let end = floor((range.end + 40).min(text.len()));
    format!("{:?}", &text[start..end])
}

fn clean_documents() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clean");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    docs.sort();
    docs
}

fn seed_documents() -> Vec<Seeded> {
    let mut out = Vec::new();
    for (doc_index, (name, text)) in clean_documents().iter().enumerate() {
        for (class_index, class) in CLASSES.iter().enumerate() {
            for variant in 0..VARIANTS_PER_DOCUMENT {
                let seed = (doc_index as u64) << 32 | (class_index as u64) << 8 | variant;
                if let Some(injection) = (class.inject)(text, &mut Rng::new(seed)) {
                    out.push(Seeded {
                        rule: class.rule,
                        name: format!("{name}#{variant}"),
                        injection,
                    });
                }
            }
        }
    }
    out
}

fn measure() -> BTreeMap<&'static str, Tally> {
    let linter = Linter::default();
    let mut tallies: BTreeMap<&'static str, Tally> = CLASSES
        .iter()
        .map(|class| (class.rule, Tally::default()))
        .collect();
    for seeded in seed_documents() {
        let Injection { text, expected } = &seeded.injection;
        let mut detected = false;
        for finding in linter.lint(text) {
            let span = finding.span.start..finding.span.end;
            let correct = finding.rule == seeded.rule && touches(&span, expected);
            detected |= correct;
            let tally = tallies.entry(finding.rule).or_default();
            tally.findings += 1;
            if correct {
                tally.correct += 1;
            } else {
                let place = excerpt(text, &span);
                let seeded_with = seeded.rule;
                tally.false_alarms.push(format!(
                    "{} (seeded with {seeded_with}): {} {place}",
                    seeded.name, finding.message
                ));
            }
        }
        let tally = tallies
            .get_mut(seeded.rule)
            .expect("every class is tallied");
        tally.sites += 1;
        if detected {
            tally.detected += 1;
        } else {
            let place = excerpt(text, expected);
            tally.misses.push(format!("{}: {place}", seeded.name));
        }
    }
    tallies
}

fn table(tallies: &BTreeMap<&'static str, Tally>) -> String {
    let mut out = format!(
        "{:<26} {:>6} {:>9} {:>9} {:>10} {:>7}\n",
        "rule", "sites", "findings", "precision", "recall", ""
    );
    for (rule, t) in tallies {
        let ok = t.sites >= MIN_SITES && t.precision() >= MIN_PRECISION && t.recall() >= MIN_RECALL;
        out += &format!(
            "{rule:<26} {:>6} {:>9} {:>9.3} {:>10.3} {:>7}\n",
            t.sites,
            t.findings,
            t.precision(),
            t.recall(),
            if ok { "ok" } else { "FAIL" }
        );
    }
    out
}

#[test]
fn every_rule_catches_its_seeded_artifacts_precisely() {
    let tallies = measure();
    let report = table(&tallies);
    eprintln!("{report}");
    let mut failures = Vec::new();
    for (rule, t) in &tallies {
        if t.sites < MIN_SITES || t.precision() < MIN_PRECISION || t.recall() < MIN_RECALL {
            let mut lines = vec![format!("{rule}: {} sites", t.sites)];
            lines.extend(t.misses.iter().take(5).map(|m| format!("  missed {m}")));
            lines.extend(
                t.false_alarms
                    .iter()
                    .take(5)
                    .map(|f| format!("  false alarm {f}")),
            );
            failures.push(lines.join("\n"));
        }
    }
    assert!(failures.is_empty(), "{report}\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_an_artifact_class() {
    let linter = Linter::default();
    let missing: Vec<&str> = linter
        .rule_names()
        .filter(|rule| !CLASSES.iter().any(|class| class.rule == *rule))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a seeded artifact class: {missing:?}"
    );
}

#[test]
fn every_artifact_class_has_a_rule() {
    let linter = Linter::default();
    let registered: Vec<&str> = linter.rule_names().collect();
    let orphans: Vec<&str> = CLASSES
        .iter()
        .map(|class| class.rule)
        .filter(|rule| !registered.contains(rule))
        .collect();
    assert!(
        orphans.is_empty(),
        "artifact classes without a rule: {orphans:?}"
    );
}
