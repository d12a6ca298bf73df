//! Every built-in rule, held to its contract: its declared examples fire or stay silent, its
//! fixture renders to the reviewed snapshot (diagnostics without colour at a fixed width, then
//! the fixed text), and its fixes stay inside the reported spans, converge and are idempotent.

use std::path::{Path, PathBuf};

use copydesk::document::LineIndex;
use copydesk::registry;
use copydesk::render::human::Human;
use copydesk::render::FileReport;
use copydesk::settings::{Options, Settings};
use copydesk::{Applicability, FixAvailability, FixMode, Linter, RuleMeta};

fn only(rule: &str) -> Linter {
    let options = Options {
        select: Some(vec![rule.to_owned()]),
        ..Options::default()
    };
    Settings::resolve(options, &[])
        .expect("a built-in rule resolves")
        .linter
}

/// Fixes `text` and checks the fix contract; returns the fixed text.
fn fix_checked(linter: &Linter, text: &str, mode: FixMode, what: &str) -> String {
    for diagnostic in linter.lint(text) {
        assert!(
            diagnostic.fix_stays_in_reported_spans(text),
            "{what}: fix of {} edits outside its spans: {diagnostic:?}",
            diagnostic.rule
        );
    }
    let outcome = linter.fix(text, mode);
    assert!(
        outcome.not_converged.is_empty(),
        "{what}: fixes did not converge: {:?}",
        outcome.not_converged
    );
    let again = linter.fix(&outcome.text, mode);
    assert_eq!(
        again.text, outcome.text,
        "{what}: a second fix changed the text"
    );
    outcome.text
}

#[test]
fn declared_examples_fire_or_stay_silent() {
    for entry in registry::all() {
        let meta = entry.meta;
        let linter = only(meta.name);
        assert!(
            !meta.fires.is_empty(),
            "{} declares no example that fires",
            meta.name
        );
        assert!(
            !meta.silent.is_empty(),
            "{} declares no example that stays silent",
            meta.name
        );
        for example in meta.fires {
            let found = linter.lint(example);
            assert!(
                !found.is_empty(),
                "{} should fire on {example:?}",
                meta.name
            );
            fix_checked(&linter, example, FixMode::IncludeUnsafe, meta.name);
        }
        for example in meta.silent {
            let found = linter.lint(example);
            assert!(
                found.is_empty(),
                "{} should stay silent on {example:?}, found {found:#?}",
                meta.name
            );
        }
    }
}

/// Where the fixture of the rule `meta` describes belongs.
fn fixture_path(meta: &RuleMeta) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(meta.category.as_str())
        .join(format!("{}.txt", meta.name))
}

#[test]
fn every_rule_has_a_fixture_in_its_category() {
    for entry in registry::all() {
        let meta = entry.meta;
        let path = fixture_path(meta);
        assert!(
            path.is_file(),
            "{} has no fixture at {}",
            meta.name,
            path.display()
        );
    }
}

#[test]
fn fixtures_match_snapshots() {
    insta::glob!("fixtures/*/*.txt", |path| {
        let rule = path.file_stem().unwrap().to_str().unwrap();
        let entry = registry::find(rule)
            .unwrap_or_else(|| panic!("fixture {} names no rule", path.display()));
        let category = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        assert_eq!(
            entry.meta.category.as_str(),
            category,
            "fixture {} is in the wrong folder",
            path.display()
        );

        let text = std::fs::read_to_string(path).unwrap();
        let linter = only(rule);
        let diagnostics = linter.lint(&text);
        assert!(
            !diagnostics.is_empty(),
            "fixture {} never fires",
            path.display()
        );

        let index = LineIndex::new(&text);
        let name = format!("{category}/{rule}.txt");
        let report = FileReport::new(&name, &text, &index, &diagnostics);
        let human = Human::new(false, 100);
        let mut snapshot: String = diagnostics
            .iter()
            .map(|d| human.render(&report, d))
            .collect();
        let safe = fix_checked(&linter, &text, FixMode::SafeOnly, &name);
        snapshot.push_str("\n──── fixed (safe fixes) ────\n");
        snapshot.push_str(&safe);
        let unsafe_fixed = fix_checked(&linter, &text, FixMode::IncludeUnsafe, &name);
        if unsafe_fixed != safe {
            snapshot.push_str("\n──── fixed (with unsafe fixes) ────\n");
            snapshot.push_str(&unsafe_fixed);
        }
        insta::assert_snapshot!(snapshot);
    });
}

/// `copydesk fix` runs only the rules that declare a fix it may apply on every pass, so a rule
/// must never offer a fix its metadata does not declare.
#[test]
fn fixes_offered_match_the_declared_availability() {
    for entry in registry::all() {
        let meta = entry.meta;
        let fixture = std::fs::read_to_string(fixture_path(meta)).unwrap_or_default();
        let linter = only(meta.name);
        for text in meta.fires.iter().copied().chain([fixture.as_str()]) {
            for diagnostic in linter.lint(text) {
                let Some(fix) = diagnostic.fix else { continue };
                let declared = match fix.applicability {
                    Applicability::Safe => {
                        matches!(meta.fix, FixAvailability::Safe | FixAvailability::Mixed)
                    }
                    Applicability::Unsafe => {
                        matches!(meta.fix, FixAvailability::Unsafe | FixAvailability::Mixed)
                    }
                    Applicability::DisplayOnly => true,
                };
                assert!(
                    declared,
                    "{} declares {} fixes but offers a {:?} one: {:?}",
                    meta.name,
                    meta.fix.as_str(),
                    fix.applicability,
                    fix.title
                );
            }
        }
    }
}
