//! The `copydesk` binary as CI systems meet it: `--format sarif` and `--format github`, and the
//! baseline a gate adopts an existing corpus with (`--write-baseline`, `--baseline`).
//!
//! As in tests/cli.rs, each test runs in a temporary directory holding an empty `copydesk.toml`
//! and pins the rules it relies on with `--select`.

mod support;

use support::Sandbox;

use std::fs;

use serde_json::{json, Value};

const SELECT: &str = "--select=duplicate-line,trailing-whitespace,stray-marker";

/// Invented news text: a doubled caption after accented words, a trailing space, a `Share` line.
const HARBOUR: &str = "Harbour \u{e9}t\u{e9} fair opens \n\
                       \n\
                       Boats line the quay. Photo: A. Berg\n\
                       Boats line the quay. Photo: A. Berg\n\
                       Share\n";

#[test]
fn sarif_output_is_one_log_with_results_rules_and_fixes() {
    let sandbox = Sandbox::new();
    sandbox.write("desk/harbour.txt", HARBOUR);
    sandbox.write("desk/clean.txt", "A quiet day at the harbour.\n");
    let run = sandbox.run(&["check", SELECT, "--format", "sarif", "desk"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "machine formats print no summary");
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run_log = &log["runs"][0];
    assert_eq!(run_log["columnKind"], "unicodeCodePoints");
    let root = run_log["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    let results = run_log["results"].as_array().unwrap();
    let rules = run_log["tool"]["driver"]["rules"].as_array().unwrap();
    let summary: Vec<(String, Value, Value)> = results
        .iter()
        .map(|result| {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(
                location["artifactLocation"],
                json!({"uri": "desk/harbour.txt", "uriBaseId": "%SRCROOT%"})
            );
            (
                result["ruleId"].as_str().unwrap().to_owned(),
                location["region"].clone(),
                result["fixes"][0]["artifactChanges"][0]["replacements"].clone(),
            )
        })
        .collect();
    let region = |line: usize, start: usize, end_line: usize, end: usize| json!({"startLine": line, "startColumn": start, "endLine": end_line, "endColumn": end});
    let deleted =
        |region: Value| json!([{"deletedRegion": region, "insertedContent": {"text": ""}}]);
    assert_eq!(
        summary,
        [
            (
                "trailing-whitespace".to_owned(),
                region(1, 23, 1, 24),
                deleted(region(1, 23, 1, 24)),
            ),
            (
                "duplicate-line".to_owned(),
                region(4, 1, 4, 36),
                deleted(region(3, 36, 4, 36)),
            ),
            (
                "stray-marker".to_owned(),
                region(5, 1, 5, 6),
                deleted(region(5, 1, 6, 1)),
            ),
        ]
    );
    assert_eq!(
        results[1]["relatedLocations"][0]["physicalLocation"]["region"],
        region(3, 1, 3, 36)
    );
    assert_eq!(
        results[1]["relatedLocations"][0]["message"]["text"],
        "first copy here"
    );
}

#[test]
fn sarif_with_no_findings_is_a_valid_empty_log() {
    let sandbox = Sandbox::new();
    sandbox.write("clean.txt", "A quiet day at the harbour.\n");
    let run = sandbox.run(&["check", SELECT, "--format", "sarif"]);
    assert_eq!(run.code, 0);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(log["runs"][0]["results"], json!([]));
    assert!(!log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn github_output_is_one_workflow_command_per_finding() {
    let sandbox = Sandbox::new();
    sandbox.write("desk/harbour, final.txt", HARBOUR);
    let config = "[rules.stray-marker]\nseverity = \"error\"\n[rules.trailing-whitespace]\nseverity = \"info\"\n";
    sandbox.write("copydesk.toml", config);
    let run = sandbox.run(&["check", SELECT, "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        concat!(
            "::notice file=desk/harbour%2C final.txt,line=1,col=23,endLine=1,endColumn=24,",
            "title=copydesk (trailing-whitespace)::line ends in whitespace\n",
            "::warning file=desk/harbour%2C final.txt,line=4,col=1,endLine=4,endColumn=36,",
            "title=copydesk (duplicate-line)::line repeats the line above\n",
            "::error file=desk/harbour%2C final.txt,line=5,col=1,endLine=5,endColumn=6,",
            "title=copydesk (stray-marker)::line is page furniture: `Share`\n",
        )
    );
    assert_eq!(
        run.stderr,
        "checked 1 file: 3 findings (1 error, 1 warning, 1 info); 3 fixable with `copydesk fix`\n"
    );
}

/// Two old findings (a doubled caption, a `Share` line) in a story with a long body.
const STORY: &str = "Harbour fair opens\n\
                     \n\
                     Boats line the quay. Photo: A. Berg\n\
                     Boats line the quay. Photo: A. Berg\n\
                     \n\
                     The fair runs until Sunday.\n\
                     Share\n";

#[test]
fn a_baseline_hides_old_findings_and_reports_new_ones() {
    let sandbox = Sandbox::new();
    sandbox.write("desk/story.txt", STORY);
    sandbox.write("desk/clean.txt", "A quiet day at the harbour.\n");
    fs::create_dir(sandbox.path("ci")).unwrap();

    let write = sandbox.run(&[
        "check",
        SELECT,
        "--write-baseline",
        "ci/baseline.json",
        "desk",
    ]);
    assert_eq!(write.code, 0, "{write:?}");
    assert_eq!(write.stdout, "", "recording prints no findings");
    assert_eq!(
        write.stderr,
        "note: wrote 2 findings in 1 file to ci/baseline.json\n"
    );
    let recorded = sandbox.read_to_string("ci/baseline.json");
    let lines: Vec<&str> = recorded.lines().collect();
    assert_eq!(lines[..3], ["{", "  \"version\": 1,", "  \"findings\": ["]);
    assert!(lines[3]
        .starts_with(r#"    {"path":"../desk/story.txt","rule":"duplicate-line","fingerprint":""#));
    assert!(lines[4]
        .starts_with(r#"    {"path":"../desk/story.txt","rule":"stray-marker","fingerprint":""#));
    assert_eq!(lines[5..], ["  ]", "}"]);

    // Unchanged: nothing to report, from the corpus's directory as from its parent.
    let run = sandbox.run(&["check", SELECT, "--baseline", "ci/baseline.json", "desk"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "checked 2 files: no findings\nnote: baseline: 2 known findings hidden\n"
    );
    let run = sandbox.run_in(
        "desk",
        &["check", SELECT, "--baseline", "../ci/baseline.json"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));

    // Lines inserted above the old findings and a new finding below them.
    let edited = format!(
        "Update: the fair is extended\n\n{STORY}A new caption. Photo: B. Holm\nA new caption. Photo: B. Holm\n"
    );
    sandbox.write("desk/story.txt", &edited);
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--format",
        "concise",
        "--baseline",
        "ci/baseline.json",
        "desk",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "desk/story.txt:11:1: warning[duplicate-line] line repeats the line above\n"
    );
    assert_eq!(
        run.stderr,
        "checked 2 files: 1 finding (1 warning); 1 fixable with `copydesk fix`\n\
         note: baseline: 2 known findings hidden\n"
    );

    // The old caption fixed: its entry is stale, and the remaining old finding still hidden.
    sandbox.write(
        "desk/story.txt",
        STORY.replacen("Boats line the quay. Photo: A. Berg\n", "", 1),
    );
    let run = sandbox.run(&["check", SELECT, "--baseline", "ci/baseline.json", "desk"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "checked 2 files: no findings\n\
         note: baseline: 1 known finding hidden; 1 entry no longer matches (fixed or edited): \
         refresh it with --write-baseline\n"
    );
}

#[test]
fn identical_findings_are_counted_not_merged() {
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", "Share\nIntro.\nShare\n");
    let write = sandbox.run(&["check", SELECT, "--write-baseline", "baseline.json"]);
    assert_eq!(write.code, 0);
    // A third identical line is one new finding; the two recorded stay hidden.
    sandbox.write(
        "a.txt",
        "Share\nIntro.\nShare\nThe fair runs until Sunday.\nShare\n",
    );
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--format",
        "concise",
        "--baseline",
        "baseline.json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "a.txt:5:1: warning[stray-marker] line is page furniture: `Share`\n"
    );
}

#[test]
fn stale_entries_count_only_for_files_checked_or_gone() {
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", "Share\n");
    sandbox.write("b.txt", "Share\n");
    sandbox.write("c.txt", "Share\n");
    assert_eq!(
        sandbox
            .run(&["check", SELECT, "--write-baseline", "b.json"])
            .code,
        0
    );
    fs::remove_file(sandbox.path("c.txt")).unwrap();
    // b.txt is not checked: its entry is not stale. c.txt is gone: its entry is.
    let run = sandbox.run(&["check", SELECT, "-q", "--baseline", "b.json", "a.txt"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let run = sandbox.run(&["check", SELECT, "--baseline", "b.json", "a.txt"]);
    assert!(
        run.stderr.ends_with(
            "note: baseline: 1 known finding hidden; 1 entry no longer matches (fixed or edited): \
             refresh it with --write-baseline\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_baseline_is_an_error_naming_the_file() {
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", "Share\n");
    sandbox.write("b.json", "{\"version\": 7, \"findings\": []}");
    let run = sandbox.run(&["check", SELECT, "--baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: b.json: baseline version 7 is not supported (this copydesk reads version 1)\n"
    );
    let run = sandbox.run(&["check", SELECT, "--baseline", "missing.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: missing.json: no such file or directory\n"
    );
}
