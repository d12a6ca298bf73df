//! Data rules from user rule files: parsing the example files in `tests/data-rules/`, running
//! them, every inline example of every rule file (the data file's examples are its tests),
//! rule-file errors with their spans, and data rules through `Settings::resolve`.

use std::fs;
use std::path::{Path, PathBuf};

use copydesk::rules::data::RuleFile;
use copydesk::settings::{ConfigError, Options, Settings};
use copydesk::{
    ActiveRule, Applicability, Category, FixAvailability, FixMode, Linter, Rule, Severity,
};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> RuleFile {
    let path = root().join("tests/data-rules").join(name);
    let text = fs::read_to_string(&path).unwrap();
    RuleFile::parse(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// A linter running every rule of `file` with its declared severity.
fn linter(file: &RuleFile) -> Linter {
    Linter::new(
        file.rules()
            .iter()
            .map(|rule| ActiveRule {
                name: rule.meta().name,
                severity: rule.meta().severity,
                fix: rule.meta().fix,
                rule: Box::new(rule.clone()) as Box<dyn Rule>,
            })
            .collect(),
    )
}

const HOUSE_DOCUMENT: &str = "\
Harbour Bridge Reopens After Repairs

Crews finished teh last span on Friday. Photo: R. Haldane
Subscribe to the Daily Brief
Traffic is expected to rise 15 per cent once TKTK lanes open.
Follow us on Facebook
";

#[test]
fn house_rules_parse_with_their_declared_metadata() {
    let file = load("house-rules.toml");
    let names: Vec<_> = file.rules().iter().map(|r| r.meta().name).collect();
    assert_eq!(
        names,
        [
            "newsletter-plug",
            "social-follow-line",
            "photo-credit-label",
            "teh-typo",
            "per-cent-sign",
            "placeholder-tktk"
        ]
    );
    let meta = |name: &str| {
        file.rules()
            .iter()
            .map(|r| r.meta())
            .find(|m| m.name == name)
            .unwrap()
    };

    let plug = meta("newsletter-plug");
    assert_eq!(plug.category, Category::Data);
    assert_eq!(plug.severity, Severity::Warning);
    assert_eq!(plug.fix, FixAvailability::Safe);
    assert_eq!(
        plug.summary,
        "the Daily Brief sign-up line left in article text"
    );
    assert!(plug.docs.why.starts_with("The site's article template"));
    assert_eq!(
        plug.docs.what,
        "Finds a line that reads `Subscribe to the Daily Brief`, ignoring case, apart from \
         whitespace at either end."
    );
    assert_eq!(plug.docs.fix, "Safe: deletes the line.");
    assert_eq!(plug.fires.len(), 2);
    assert_eq!(plug.silent.len(), 1);

    // Without a summary, `copydesk rules` shows the message.
    assert_eq!(meta("teh-typo").summary, "`teh` is a typo for `the`");
    assert_eq!(meta("teh-typo").severity, Severity::Info);
    assert_eq!(meta("per-cent-sign").fix, FixAvailability::Unsafe);
    assert_eq!(
        meta("per-cent-sign").docs.fix,
        "Unsafe: replaces the match with `$1%`."
    );
    assert_eq!(meta("placeholder-tktk").fix, FixAvailability::None);
    assert_eq!(meta("placeholder-tktk").severity, Severity::Error);
    assert_eq!(
        meta("photo-credit-label").docs.what,
        "Finds `Photo:` as whole words."
    );
}

#[test]
fn house_rules_report_each_defect_with_its_span_and_fix() {
    let file = load("house-rules.toml");
    let findings = linter(&file).lint(HOUSE_DOCUMENT);
    let seen: Vec<_> = findings
        .iter()
        .map(|d| {
            (
                d.rule,
                &HOUSE_DOCUMENT[d.span.start..d.span.end],
                d.fix.as_ref().map(|f| (f.applicability, f.title.as_str())),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "teh-typo",
                "teh",
                Some((Applicability::Safe, "replace with `the`"))
            ),
            (
                "photo-credit-label",
                "Photo:",
                Some((Applicability::Safe, "replace with `Photograph:`"))
            ),
            (
                "newsletter-plug",
                "Subscribe to the Daily Brief",
                Some((Applicability::Safe, "delete the line"))
            ),
            (
                "per-cent-sign",
                "15 per cent",
                Some((Applicability::Unsafe, "replace with `15%`"))
            ),
            ("placeholder-tktk", "TKTK", None),
            (
                "social-follow-line",
                "Follow us on Facebook",
                Some((Applicability::Safe, "delete the line"))
            ),
        ]
    );
    assert_eq!(findings[0].message, "`teh` is a typo for `the`");
    assert_eq!(findings[0].severity, Severity::Info);
    assert!(findings
        .iter()
        .all(|d| d.fix_stays_in_reported_spans(HOUSE_DOCUMENT)));
}

#[test]
fn house_rules_fix_safe_then_unsafe_and_settle() {
    let linter = linter(&load("house-rules.toml"));
    let safe = linter.fix(HOUSE_DOCUMENT, FixMode::SafeOnly);
    assert_eq!(
        safe.text,
        "\
Harbour Bridge Reopens After Repairs

Crews finished the last span on Friday. Photograph: R. Haldane
Traffic is expected to rise 15 per cent once TKTK lanes open.
"
    );
    let remaining: Vec<_> = safe.remaining.iter().map(|d| d.rule).collect();
    assert_eq!(remaining, ["per-cent-sign", "placeholder-tktk"]);

    let all = linter.fix(HOUSE_DOCUMENT, FixMode::IncludeUnsafe);
    assert!(all.text.contains("rise 15% once TKTK"), "{}", all.text);
    assert!(all.not_converged.is_empty());
    assert_eq!(linter.fix(&all.text, FixMode::IncludeUnsafe).text, all.text);
}

#[test]
fn non_ascii_literals_ignore_case() {
    let file = load("desk-francais.toml");
    let text = "Le quai.\nÀ LIRE AUSSI\nLe quai au matin. crédit photo : A. Roux\n";
    let fixed = linter(&file).fix(text, FixMode::SafeOnly);
    assert_eq!(
        fixed.text,
        "Le quai.\nLe quai au matin. Crédit photo\u{a0}: A. Roux\n"
    );
}

/// Rule files in the user format: a top-level `rule` array, as opposed to the built-in word
/// lists (`abbreviations.toml`, `openers.toml`, …) that share `rules/`.
fn user_rule_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap();
            let table: toml::Table =
                toml::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            table.get("rule").is_some_and(toml::Value::is_array)
        })
        .collect();
    out.sort();
    out
}

/// The data files' inline examples are their tests, as in Harper: one test runs them all.
#[test]
fn every_example_of_every_rule_file_passes() {
    let mut files = user_rule_files(&root().join("tests/data-rules"));
    files.extend(user_rule_files(&root().join("rules")));
    assert!(files.len() >= 2, "no rule files found: {files:?}");

    let mut examples = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let file =
            RuleFile::parse(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for rule in file.rules() {
            let meta = rule.meta();
            assert!(
                !meta.fires.is_empty() && !meta.silent.is_empty(),
                "{}: rule `{}` needs examples that fire and that stay silent",
                path.display(),
                meta.name
            );
            examples += meta.fires.len() + meta.silent.len();
        }
        failures.extend(
            file.check_examples()
                .into_iter()
                .map(|failure| format!("{}: {failure}", path.display())),
        );
    }
    assert!(examples >= 16, "only {examples} examples ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn failing_examples_are_reported_with_the_example_span() {
    let text = r#"
[[rule]]
name = "wire-tag"
message = "wire-service tag left in copy"
kind = "phrase"
literal = "(Wire)"
replacement = ""

[[rule.example]]
text = "Ships sail. (Wire)\n"
fires = true
fixed = "Ships sail.\n"

[[rule.example]]
text = "Ships sail.\n"
fires = true

[[rule.example]]
text = "Ships sail. (Wire)\n"
fires = false
"#;
    let file = RuleFile::parse(text).unwrap();
    let failures = file.check_examples();
    let problems: Vec<_> = failures.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            r#"example 1 of data rule `wire-tag` fails: fixing gives "Ships sail. \n", expected "Ships sail.\n""#,
            "example 2 of data rule `wire-tag` fails: expected a finding, found none",
            r#"example 3 of data rule `wire-tag` fails: expected no finding, but the rule flags "(Wire)""#,
        ]
    );
    assert!(text[failures[1].span.clone()].contains("text = \"Ships sail.\\n\""));

    let error = ConfigError::from(failures[1].clone());
    assert_eq!(
        label(text, &error),
        text[failures[1].span.clone()].to_owned()
    );
}

#[test]
fn a_replacement_the_rule_matches_again_is_refused() {
    let error = parse_error(
        r#"
[[rule]]
name = "photo-case"
message = "credit label in capitals"
kind = "phrase"
literal = "PHOTO:"
case-insensitive = true
replacement = "Photo:"
"#,
    );
    assert_eq!(
        error.to_string(),
        "invalid data rule `photo-case`: the rule matches its own `replacement`, so fixing would \
         never settle"
    );
}

/// The text of the error's first label: where miette would point in the rule file.
fn label(text: &str, error: &ConfigError) -> String {
    let span = miette::Diagnostic::labels(error)
        .and_then(|mut labels| labels.next())
        .expect("the error carries a span");
    text[span.offset()..span.offset() + span.len()].to_owned()
}

fn parse_error(text: &str) -> ConfigError {
    RuleFile::parse(text).expect_err("the rule file is invalid")
}

/// A valid phrase rule with `extra` lines added to its table.
fn rule_with(extra: &str) -> String {
    format!(
        "[[rule]]\nname = \"wire-tag\"\nmessage = \"wire-service tag left in copy\"\nkind = \
         \"phrase\"\n{extra}\n"
    )
}

#[test]
fn rule_file_errors_name_the_problem_and_point_at_it() {
    let cases: &[(&str, &str, &str)] = &[
        (
            &rule_with("literal = \"(Wire)\"\nreplacment = \"\""),
            "unknown field `replacment`, expected one of `name`, `message`, `severity`, `kind`, \
             `literal`, `regex`, `case-insensitive`, `replacement`, `fix`, `summary`, \
             `description`, `example`",
            "replacment",
        ),
        (
            &rule_with("literal = \"(Wire)\"\nregex = '\\(Wire\\)'"),
            "invalid data rule `wire-tag`: give `literal` or `regex`, not both",
            "'\\(Wire\\)'",
        ),
        (
            &rule_with(""),
            "invalid data rule `wire-tag`: needs a `literal` or a `regex`",
            "\"wire-tag\"",
        ),
        (
            &rule_with("regex = '(Wire'"),
            "invalid data rule `wire-tag`: bad regex: unclosed group",
            "'(Wire'",
        ),
        (
            &rule_with("regex = '(\\d+) per cent'\nreplacement = \"$1percent\""),
            "invalid data rule `wire-tag`: `replacement` refers to group `1percent`, which the \
             regex lacks; write `$$` for a dollar sign",
            "\"$1percent\"",
        ),
        (
            &rule_with("literal = \"(Wire)\"\nfix = \"unsafe\""),
            "invalid data rule `wire-tag`: a fix needs a `replacement`",
            "\"unsafe\"",
        ),
        (
            &rule_with("literal = \"(Wire)\"\nreplacement = \"\"\nfix = \"none\""),
            "invalid data rule `wire-tag`: `fix = \"none\"` contradicts `replacement`; drop one \
             of them",
            "\"none\"",
        ),
        (
            &rule_with("literal = \"\""),
            "invalid data rule `wire-tag`: `literal` is empty",
            "\"\"",
        ),
        (
            &rule_with("literal = \"(Wire)\"\nseverity = \"fatal\""),
            "unknown variant `fatal`, expected one of `info`, `warning`, `error`",
            "\"fatal\"",
        ),
        (
            "[[rule]]\nname = \"Wire Tag\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \"x\"\n",
            "invalid data rule `Wire Tag`: the name must be kebab-case: lowercase letters and \
             digits joined by single hyphens",
            "\"Wire Tag\"",
        ),
        (
            "[[rule]]\nname = \"wire-tag\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \
             \"x\"\nreplacement = \"\"\n",
            "invalid data rule `wire-tag`: `replacement` belongs to phrase rules; a line rule's \
             fix deletes the line",
            "\"\"",
        ),
        (
            "[[rule]]\nname = \"duplicate-line\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \
             \"x\"\n",
            "data rule name `duplicate-line` is taken by a built-in rule",
            "\"duplicate-line\"",
        ),
        (
            "[[rule]]\nname = \"debris\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \"x\"\n",
            "data rule name `debris` is taken by a built-in category",
            "\"debris\"",
        ),
        (
            "[[rule]]\nname = \"all\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \"x\"\n",
            "data rule name `all` is taken by a built-in selector",
            "\"all\"",
        ),
        (
            "[[rule]]\nname = \"wire-tag\"\nmessage = \"m\"\nkind = \"sentence\"\nliteral = \
             \"x\"\n",
            "unknown variant `sentence`, expected `line` or `phrase`",
            "\"sentence\"",
        ),
        (
            "[[rule]]\nname = \"wire-tag\"\nmessage = \"m\"\nkind = \"line\"\nliteral = \
             \"x\"\n[[rule.example]]\ntext = \"x\"\n",
            "missing field `fires`",
            "",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, message, labelled) in cases {
        let error = parse_error(text);
        let got = (error.to_string(), label(text, &error));
        if got.0 != *message || (!labelled.is_empty() && got.1 != *labelled) {
            wrong.push(format!(
                "in:\n{text}\ngot: {got:?}\nwanted: {:?}",
                (message, labelled)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn a_name_defined_twice_in_one_file_points_at_both() {
    let text = "\
[[rule]]
name = \"wire-tag\"
message = \"m\"
kind = \"line\"
literal = \"x\"

[[rule]]
name = \"wire-tag\"
message = \"m\"
kind = \"line\"
literal = \"y\"
";
    let error = parse_error(text);
    assert_eq!(
        error.to_string(),
        "data rule `wire-tag` is defined twice in this file"
    );
    let labels: Vec<_> = miette::Diagnostic::labels(&error)
        .unwrap()
        .map(|l| (l.offset(), l.label().unwrap().to_owned()))
        .collect();
    let second = text.rfind("\"wire-tag\"").unwrap();
    let first = text.find("\"wire-tag\"").unwrap();
    assert_eq!(
        labels,
        [
            (second, "defined again here".to_owned()),
            (first, "first defined here".to_owned())
        ]
    );
}

#[test]
fn an_empty_rule_file_has_no_rules() {
    assert!(RuleFile::parse("# nothing yet\n")
        .unwrap()
        .rules()
        .is_empty());
}

#[test]
fn settings_run_data_rules_and_select_them_like_built_ins() {
    let files = [load("house-rules.toml")];
    let resolve = |config: &str| Settings::resolve(Options::from_toml(config).unwrap(), &files);
    let rules_of = |settings: &Settings| settings.linter.rule_names().collect::<Vec<_>>();

    let settings = resolve("").unwrap();
    let names = rules_of(&settings);
    assert!(names.contains(&"duplicate-line"), "{names:?}");
    assert!(names.contains(&"newsletter-plug"), "{names:?}");
    let findings = settings.linter.lint(HOUSE_DOCUMENT);
    assert!(findings.iter().any(|d| d.rule == "newsletter-plug"));

    let house_rules: Vec<_> = files[0].rules().iter().map(|r| r.meta().name).collect();
    let settings = resolve("ignore = [\"data\"]").unwrap();
    assert!(!rules_of(&settings).iter().any(|n| house_rules.contains(n)));
    assert!(rules_of(&settings).contains(&"duplicate-line"));
    assert!(settings
        .linter
        .lint(HOUSE_DOCUMENT)
        .iter()
        .all(|d| !house_rules.contains(&d.rule)));

    let settings = resolve("select = [\"newsletter-plug\"]").unwrap();
    assert_eq!(rules_of(&settings), ["newsletter-plug"]);

    let settings =
        resolve("ignore = [\"data\"]\nextend-select = [\"teh-typo\"]\n[rules.teh-typo]\nseverity = \"error\"\n")
            .unwrap();
    assert!(rules_of(&settings).contains(&"teh-typo"));
    let teh = settings.linter.lint("teh end\n");
    assert_eq!(teh.len(), 1);
    assert_eq!(teh[0].severity, Severity::Error);

    let error = resolve("[rules.teh-typo]\nmax = 3\n").err().unwrap();
    assert_eq!(
        error.to_string(),
        "invalid options for rule `teh-typo`: data rules take only `severity`, found `max`"
    );

    // Without the file, its rule names are unknown.
    let error = Settings::resolve(Options::from_toml("ignore = [\"teh-typo\"]").unwrap(), &[])
        .err()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "unknown rule or category `teh-typo` in ignore"
    );
}

#[test]
fn two_files_defining_one_name_are_refused() {
    let files = [load("house-rules.toml"), load("house-rules.toml")];
    let error = Settings::resolve(Options::default(), &files).err().unwrap();
    assert!(matches!(error, ConfigError::DuplicateRule { .. }));
    assert_eq!(
        error.to_string(),
        "data rule `newsletter-plug` is defined twice"
    );
}

/// The format documentation's sample must stay a valid rule file whose examples pass.
#[test]
fn the_sample_in_rules_readme_is_valid() {
    let readme = fs::read_to_string(root().join("rules/README.md")).unwrap();
    let samples: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .filter(|block| block.contains("[[rule]]"))
        .collect();
    assert_eq!(samples.len(), 1);
    let file = RuleFile::parse(samples[0]).unwrap();
    assert_eq!(file.rules().len(), 2);
    assert_eq!(file.check_examples(), []);
}
