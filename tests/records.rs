//! `check` and `fix` on JSON Lines corpora (`--input jsonl`) end to end: how each format names
//! a record, what a malformed line does to the run, and that `fix` rewrites only the text field
//! of the records it changes, leaving every other byte of the file as it was.
//!
//! As in tests/cli.rs, each test runs in a temporary directory with an empty `copydesk.toml`
//! and pins its rules with `--select`.

mod support;

use support::{Run, Sandbox};

use std::fs;

const SELECT: &str = "--select=duplicate-line,trailing-whitespace";

/// Invented records: a repeated line and trailing spaces in the first, a clean one with a
/// numeric id, a malformed line, a blank line, and one written with escaped non-ASCII and
/// slashes (as Python's `ensure_ascii` and PHP write them) and a trailing space.
const CORPUS: &str = concat!(
    r#"{"url": "https://example.com/harbour", "text": "Harbour reopens  \nFerries wait.\nFerries wait.\n", "words": 4}"#,
    "\n",
    r#"{"url": 7, "text": "Council approves the budget.\n"}"#,
    "\n",
    r#"{"url": "https://example.com/broken", "text": "cut off"#,
    "\n",
    "\n",
    r#"{"text":"Z\u00fcrich caf\u00e9 opens \n","url":"https:\/\/example.com\/z\u00fcrich"}"#,
    "\n",
);

fn corpus() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("corpus.jsonl", CORPUS);
    sandbox
}

fn check(sandbox: &Sandbox, extra: &[&str]) -> Run {
    let mut args = vec!["check", SELECT, "--input", "jsonl", "--id-field", "url"];
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

const MALFORMED: &str =
    "error: corpus.jsonl:3: invalid JSON: EOF while parsing a string at column 54\n";

#[test]
fn concise_names_the_file_the_record_line_and_id() {
    let run = check(&corpus(), &["--format", "concise", "corpus.jsonl"]);
    assert_eq!(
        run.stdout,
        "corpus.jsonl:1 (url=https://example.com/harbour):1:16: warning[trailing-whitespace] line ends in whitespace\n\
         corpus.jsonl:1 (url=https://example.com/harbour):3:1: warning[duplicate-line] line repeats the line above\n\
         corpus.jsonl:5 (url=https://example.com/z\u{fc}rich):1:18: warning[trailing-whitespace] line ends in whitespace\n"
    );
    assert_eq!(
        run.stderr,
        format!(
            "{MALFORMED}checked 3 records in 1 file: 3 findings (3 warnings); \
             3 fixable with `copydesk fix`\n"
        )
    );
    assert_eq!(run.code, 2, "a malformed line is an error");
}

#[test]
fn without_an_id_field_records_are_named_by_line() {
    let sandbox = Sandbox::new();
    sandbox.write("a.jsonl", "{\"text\": \"Rain  \"}\n");
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--input=jsonl",
        "--format=concise",
        "a.jsonl",
    ]);
    assert_eq!(
        run.stdout,
        "a.jsonl:1:1:5: warning[trailing-whitespace] line ends in whitespace\n"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn json_adds_the_record_and_keeps_spans_relative_to_the_text() {
    let run = check(&corpus(), &["--format", "jsonl"]);
    let expected = [
        r#"{"path":"corpus.jsonl","record":{"line":1,"id":"https://example.com/harbour"},"rule":"trailing-whitespace","severity":"warning","message":"line ends in whitespace","span":{"start":15,"end":17},"start":{"line":1,"column":16},"end":{"line":1,"column":18},"related":[],"fix":{"applicability":"safe","edits":[{"start":15,"end":17,"replacement":""}]}}"#,
        r#"{"path":"corpus.jsonl","record":{"line":1,"id":"https://example.com/harbour"},"rule":"duplicate-line","severity":"warning","message":"line repeats the line above","span":{"start":32,"end":45},"start":{"line":3,"column":1},"end":{"line":3,"column":14},"related":[{"message":"first copy here","span":{"start":18,"end":31}}],"fix":{"applicability":"safe","edits":[{"start":31,"end":45,"replacement":""}]}}"#,
        r#"{"path":"corpus.jsonl","record":{"line":5,"id":"https://example.com/zürich"},"rule":"trailing-whitespace","severity":"warning","message":"line ends in whitespace","span":{"start":19,"end":20},"start":{"line":1,"column":18},"end":{"line":1,"column":19},"related":[],"fix":{"applicability":"safe","edits":[{"start":19,"end":20,"replacement":""}]}}"#,
    ];
    assert_eq!(
        run.stdout,
        expected.map(|line| format!("{line}\n")).concat()
    );
    assert_eq!(run.stderr, MALFORMED, "machine formats print no summary");
    assert_eq!(run.code, 2);
}

#[test]
fn numeric_ids_stay_numbers() {
    let sandbox = Sandbox::new();
    sandbox.write("a.jsonl", "{\"id\": 42, \"text\": \"Rain \"}\n");
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--input=jsonl",
        "--id-field=id",
        "--format=jsonl",
    ]);
    assert!(
        run.stdout
            .starts_with(r#"{"path":"a.jsonl","record":{"line":1,"id":42},"#),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
}

#[test]
fn human_shows_the_record_s_text() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "a.jsonl",
        "{\"url\": \"u1\", \"text\": \"Ferries wait.\\nFerries wait.\\n\"}\n",
    );
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--input=jsonl",
        "--id-field=url",
        "--color=never",
    ]);
    assert_eq!(
        run.stdout,
        "duplicate-line

  \u{26a0} line repeats the line above
   \u{256d}\u{2500}[a.jsonl:1 (url=u1):2:1]
 1 \u{2502} Ferries wait.
   \u{b7} \u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{252c}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}
   \u{b7}       \u{2570}\u{2500}\u{2500} first copy here
 2 \u{2502} Ferries wait.
   \u{b7} \u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}\u{2500}
   \u{2570}\u{2500}\u{2500}\u{2500}\u{2500}
  help: delete the repeated line (safe fix)

"
    );
    assert_eq!(
        run.stderr,
        "checked 1 record in 1 file: 1 finding (1 warning); 1 fixable with `copydesk fix`\n"
    );
}

/// The corpus after `fix`: the two changed records differ only inside their text value, which
/// keeps the line's escape style; everything else is byte for byte what it was.
const FIXED: &str = concat!(
    r#"{"url": "https://example.com/harbour", "text": "Harbour reopens\nFerries wait.\n", "words": 4}"#,
    "\n",
    r#"{"url": 7, "text": "Council approves the budget.\n"}"#,
    "\n",
    r#"{"url": "https://example.com/broken", "text": "cut off"#,
    "\n",
    "\n",
    r#"{"text":"Z\u00fcrich caf\u00e9 opens\n","url":"https:\/\/example.com\/z\u00fcrich"}"#,
    "\n",
);

#[test]
fn fix_rewrites_only_the_text_of_changed_records() {
    let sandbox = corpus();
    let run = sandbox.run(&[
        "fix",
        SELECT,
        "--input",
        "jsonl",
        "--id-field",
        "url",
        "corpus.jsonl",
    ]);
    assert_eq!(
        String::from_utf8(sandbox.read("corpus.jsonl")).unwrap(),
        FIXED
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("{MALFORMED}applied 3 fixes in 2 records; no findings remain\n")
    );
    assert_eq!(run.code, 2, "the malformed line still makes the run fail");

    let again = sandbox.run(&["fix", SELECT, "--input", "jsonl", "corpus.jsonl"]);
    assert_eq!(
        String::from_utf8(sandbox.read("corpus.jsonl")).unwrap(),
        FIXED
    );
    assert!(again
        .stderr
        .ends_with("no fixes applied; no findings remain\n"));
}

#[test]
fn fix_keeps_crlf_a_bom_odd_spacing_and_a_missing_final_newline() {
    let sandbox = Sandbox::new();
    let original: &[u8] = b"\xef\xbb\xbf{ \"text\" :\t\"Rain  \" ,\"x\":[1, 2] }\r\n\
                            {\"text\": \"Dry.\"}\r\n\
                            {\"text\": \"Snow \\u2014 again \"}";
    sandbox.write("a.jsonl", original);
    let run = sandbox.run(&["fix", SELECT, "--input=jsonl", "a.jsonl"]);
    assert_eq!(
        sandbox.read("a.jsonl"),
        b"\xef\xbb\xbf{ \"text\" :\t\"Rain\" ,\"x\":[1, 2] }\r\n\
          {\"text\": \"Dry.\"}\r\n\
          {\"text\": \"Snow \\u2014 again\"}"
    );
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn an_unchanged_corpus_is_not_rewritten() {
    let sandbox = Sandbox::new();
    sandbox.write("clean.jsonl", "{\"text\": \"Dry.\"}\n");
    let mut permissions = fs::metadata(sandbox.path("clean.jsonl"))
        .unwrap()
        .permissions();
    permissions.set_readonly(true);
    fs::set_permissions(sandbox.path("clean.jsonl"), permissions).unwrap();
    let run = sandbox.run(&["fix", SELECT, "--input=jsonl", "clean.jsonl"]);
    assert_eq!(
        run.code, 0,
        "a read-only file with nothing to fix is fine: {run:?}"
    );
    assert_eq!(run.stderr, "no fixes applied; no findings remain\n");

    sandbox.write(
        "damaged.jsonl",
        "{\"text\": \"Dry.\"}\n{\"text\": \"Wet. \"}\n",
    );
    let mut permissions = fs::metadata(sandbox.path("damaged.jsonl"))
        .unwrap()
        .permissions();
    permissions.set_readonly(true);
    fs::set_permissions(sandbox.path("damaged.jsonl"), permissions).unwrap();
    let run = sandbox.run(&["fix", SELECT, "--input=jsonl", "damaged.jsonl"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: damaged.jsonl: read-only file, left unchanged\n\
         no fixes applied; no findings remain\n"
    );
    assert_eq!(
        sandbox.read("damaged.jsonl"),
        b"{\"text\": \"Dry.\"}\n{\"text\": \"Wet. \"}\n"
    );
}

#[test]
fn fix_diff_shows_each_changed_record_and_writes_nothing() {
    let sandbox = corpus();
    let run = sandbox.run(&[
        "fix",
        SELECT,
        "--input=jsonl",
        "--id-field=url",
        "--diff",
        "corpus.jsonl",
    ]);
    assert_eq!(
        run.stdout,
        "--- corpus.jsonl:1 (url=https://example.com/harbour)
+++ corpus.jsonl:1 (url=https://example.com/harbour)
@@ -1,3 +1,2 @@
-Harbour reopens  \n-Ferries wait.
+Harbour reopens
 Ferries wait.
--- corpus.jsonl:5 (url=https://example.com/z\u{fc}rich)
+++ corpus.jsonl:5 (url=https://example.com/z\u{fc}rich)
@@ -1 +1 @@
-Z\u{fc}rich caf\u{e9} opens \n+Z\u{fc}rich caf\u{e9} opens
"
    );
    assert_eq!(sandbox.read("corpus.jsonl"), CORPUS.as_bytes());
    assert_eq!(
        run.stderr,
        format!("{MALFORMED}would apply 3 fixes in 2 records; no findings remain\n")
    );
}

#[test]
fn fix_reports_what_remains_per_record() {
    let sandbox = Sandbox::new();
    sandbox.write("a.jsonl", "{\"text\": \"Rain  \\n\"}\n");
    let run = sandbox.run(&[
        "fix",
        "--select=trailing-whitespace,stray-marker",
        "--input=jsonl",
        "--format=concise",
        "a.jsonl",
    ]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "applied 1 fix in 1 record; no findings remain\n"
    );
    assert_eq!(sandbox.read("a.jsonl"), b"{\"text\": \"Rain\\n\"}\n");
}

#[test]
fn standard_input_is_checked_and_fixed_as_a_stream() {
    let sandbox = Sandbox::new();
    let check = sandbox.run_stdin(
        &[
            "check",
            SELECT,
            "--input=jsonl",
            "--id-field=url",
            "--format=concise",
            "--stdin-filename=feed.jsonl",
        ],
        CORPUS.as_bytes(),
    );
    assert_eq!(
        check.stdout.lines().next().unwrap(),
        "feed.jsonl:1 (url=https://example.com/harbour):1:16: warning[trailing-whitespace] line ends in whitespace"
    );
    assert_eq!(check.code, 2);

    let fix = sandbox.run_stdin(&["fix", SELECT, "--input=jsonl", "-"], CORPUS.as_bytes());
    assert_eq!(fix.stdout, FIXED);
    assert_eq!(
        fix.stderr,
        "error: -:3: invalid JSON: EOF while parsing a string at column 54\n\
         applied 3 fixes in 2 records; no findings remain\n"
    );
}

#[test]
fn records_without_the_text_field_are_errors_that_do_not_stop_the_run() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "a.jsonl",
        "{\"body\": \"x\"}\n{\"text\": null}\n{\"text\": \"Rain \", \"url\": [1]}\n[]\n{\"text\": \"Snow \"}\n",
    );
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--input=jsonl",
        "--id-field=url",
        "--format=concise",
        "a.jsonl",
    ]);
    assert_eq!(
        run.stderr,
        "error: a.jsonl:1: no `text` field\n\
         error: a.jsonl:2: `text` is null, not a string\n\
         error: a.jsonl:3: `url` is an array; an id must be a string or a number\n\
         error: a.jsonl:4: an array, not a JSON object\n\
         checked 1 record in 1 file: 1 finding (1 warning); 1 fixable with `copydesk fix`\n"
    );
    assert_eq!(
        run.stdout,
        "a.jsonl:5:1:5: warning[trailing-whitespace] line ends in whitespace\n"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn text_field_picks_the_field_to_check() {
    let sandbox = Sandbox::new();
    sandbox.write("a.jsonl", "{\"text\": \"fine\", \"body\": \"Rain \"}\n");
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--input=jsonl",
        "--text-field=body",
        "--format=concise",
    ]);
    assert_eq!(
        run.stdout,
        "a.jsonl:1:1:5: warning[trailing-whitespace] line ends in whitespace\n"
    );
}

#[test]
fn a_walk_picks_up_jsonl_and_ndjson_files_only() {
    let sandbox = Sandbox::new();
    sandbox.write("a.jsonl", "{\"text\": \"Rain \"}\n");
    sandbox.write("deep/b.ndjson", "{\"text\": \"Snow \"}\n");
    sandbox.write("notes.txt", "not a record \n");
    let run = sandbox.run(&["check", SELECT, "--input=jsonl", "--format=concise"]);
    assert_eq!(
        run.stdout,
        "a.jsonl:1:1:5: warning[trailing-whitespace] line ends in whitespace\n\
         deep/b.ndjson:1:1:5: warning[trailing-whitespace] line ends in whitespace\n"
    );
    assert_eq!(
        run.stderr,
        "checked 2 records in 2 files: 2 findings (2 warnings); 2 fixable with `copydesk fix`\n"
    );
}

#[test]
fn statistics_count_findings_over_records() {
    let run = check(&corpus(), &["--statistics"]);
    assert_eq!(
        run.stdout,
        "2  trailing-whitespace  2 fixable\n1  duplicate-line       1 fixable\n"
    );
}

#[test]
fn a_baseline_names_records_by_id_so_records_inserted_above_do_not_matter() {
    let sandbox = Sandbox::new();
    let story = r#"{"url": "a", "text": "Ferries wait  \nFerries wait  \n"}"#;
    let calm = r#"{"url": "b", "text": "Calm seas.\n"}"#;
    sandbox.write("feed.jsonl", format!("{story}\n{calm}\n"));
    let args = |extra: &'static str| {
        [
            "check",
            SELECT,
            "--input=jsonl",
            "--id-field=url",
            "--format=concise",
            extra,
            "base.json",
            "feed.jsonl",
        ]
    };

    let write = sandbox.run(&args("--write-baseline"));
    assert_eq!((write.code, write.stdout.as_str()), (0, ""));
    assert_eq!(
        write.stderr,
        "note: wrote 3 findings in 1 file to base.json\n"
    );
    let recorded = sandbox.read_to_string("base.json");
    assert_eq!(
        recorded
            .matches(r#""path":"feed.jsonl","record":"url=a","#)
            .count(),
        3
    );

    let run = sandbox.run(&args("--baseline"));
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(
        run.stderr,
        "checked 2 records in 1 file: no findings\nnote: baseline: 3 known findings hidden\n"
    );

    let new = r#"{"url": "c", "text": "Gales  \n"}"#;
    sandbox.write("feed.jsonl", format!("{new}\n{story}\n{calm}\n"));
    let run = sandbox.run(&args("--baseline"));
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "feed.jsonl:1 (url=c):1:6: warning[trailing-whitespace] line ends in whitespace\n"
    );
    assert!(run
        .stderr
        .ends_with("note: baseline: 3 known findings hidden\n"));
}

#[test]
fn github_annotates_the_record_s_line_and_says_where_in_the_text() {
    let run = check(&corpus(), &["--format", "github"]);
    assert_eq!(
        run.stdout,
        "::warning file=corpus.jsonl,line=1,title=copydesk (trailing-whitespace)::line ends in whitespace (text 1:16)\n\
         ::warning file=corpus.jsonl,line=1,title=copydesk (duplicate-line)::line repeats the line above (text 3:1)\n\
         ::warning file=corpus.jsonl,line=5,title=copydesk (trailing-whitespace)::line ends in whitespace (text 1:18)\n"
    );
}

#[test]
fn sarif_points_at_the_record_s_line_without_file_level_fixes() {
    let run = check(&corpus(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let lines: Vec<(u64, u64)> = results
        .iter()
        .map(|result| {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            (
                region["startLine"].as_u64().unwrap(),
                region["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, [(1, 1), (1, 1), (5, 5)]);
    assert!(results.iter().all(|result| result.get("fixes").is_none()));
}

#[test]
fn field_flags_without_jsonl_input_are_a_usage_error() {
    let sandbox = corpus();
    let run = sandbox.run(&["check", "--id-field=url", "corpus.jsonl"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: --id-field needs --input jsonl\n");
    let run = sandbox.run(&["fix", "--text-field=body", "corpus.jsonl"]);
    assert_eq!(run.stderr, "error: --text-field needs --input jsonl\n");
    assert_eq!(sandbox.read("corpus.jsonl"), CORPUS.as_bytes());
}

#[test]
fn fix_copies_the_lines_before_the_first_change_from_the_file() {
    let sandbox = Sandbox::new();
    let original =
        "{\"text\": \"Caf\u{e9} \\u00e9.\"}\n\n{oops\n{\"text\": \"Rain  \"}\n{\"text\": \"Dry.\"}";
    sandbox.write("a.jsonl", original);
    let run = sandbox.run(&["fix", SELECT, "--input=jsonl", "a.jsonl"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        String::from_utf8(sandbox.read("a.jsonl")).unwrap(),
        "{\"text\": \"Caf\u{e9} \\u00e9.\"}\n\n{oops\n{\"text\": \"Rain\"}\n{\"text\": \"Dry.\"}"
    );
    let leftovers: Vec<_> = fs::read_dir(sandbox.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
