//! The `copydesk` binary end to end: every output format's exact text, exit codes, standard
//! input, fixing in place, diffs, directory walking, configuration errors, `rules`, `explain`.
//!
//! Each test builds its files in a temporary directory holding an empty `copydesk.toml`, which
//! stops configuration discovery there, so nothing outside the sandbox changes a result. Tests
//! pin the rules they rely on with `--select`, so new rules do not change expected output.
//! These are plain Rust tests rather than trycmd cases because most fixtures need bytes a case
//! file cannot hold comfortably (CRLF, a BOM, invalid UTF-8, NUL) or file permissions.

mod support;

use support::Sandbox;

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

/// Invented news text: a trailing-whitespace finding after non-ASCII characters (its column
/// counts characters: 36, where bytes would say 38) and a repeated line.
const NEWS: &str = "Z\u{fc}rich caf\u{e9} reopens after the flood  \n\
                    Se\u{f1}ora Pe\u{f1}a thanks the volunteers.\n\
                    Se\u{f1}ora Pe\u{f1}a thanks the volunteers.\n";

/// A repeated line with CRLF line endings.
const CRLF: &str = "Harbour notes\r\nBoats wait for the tide.\r\nBoats wait for the tide.\r\n";

const CLEAN: &str = "Council approves the budget\n\nThe vote passed on Tuesday.\n";

const SELECT: &str = "--select=duplicate-line,trailing-whitespace";

fn formats_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    sandbox.write("crlf.txt", CRLF);
    sandbox
}

#[test]
fn concise_format() {
    let run = formats_sandbox().run(&["check", SELECT, "--format", "concise"]);
    assert_eq!(
        run.stdout,
        "crlf.txt:3:1: warning[duplicate-line] line repeats the line above\n\
         news.txt:1:36: warning[trailing-whitespace] line ends in whitespace\n\
         news.txt:3:1: warning[duplicate-line] line repeats the line above\n"
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "checked 2 files: 3 findings (3 warnings); 3 fixable with `copydesk fix`\n"
    );
}

#[test]
fn jsonl_format() {
    let run = formats_sandbox().run(&["check", SELECT, "--format", "jsonl"]);
    let expected = [
        r#"{"path":"crlf.txt","rule":"duplicate-line","severity":"warning","message":"line repeats the line above","span":{"start":41,"end":65},"start":{"line":3,"column":1},"end":{"line":3,"column":25},"related":[{"message":"first copy here","span":{"start":15,"end":39}}],"fix":{"applicability":"safe","edits":[{"start":39,"end":65,"replacement":""}]}}"#,
        r#"{"path":"news.txt","rule":"trailing-whitespace","severity":"warning","message":"line ends in whitespace","span":{"start":37,"end":39},"start":{"line":1,"column":36},"end":{"line":1,"column":38},"related":[],"fix":{"applicability":"safe","edits":[{"start":37,"end":39,"replacement":""}]}}"#,
        r#"{"path":"news.txt","rule":"duplicate-line","severity":"warning","message":"line repeats the line above","span":{"start":77,"end":113},"start":{"line":3,"column":1},"end":{"line":3,"column":35},"related":[{"message":"first copy here","span":{"start":40,"end":76}}],"fix":{"applicability":"safe","edits":[{"start":76,"end":113,"replacement":""}]}}"#,
    ];
    assert_eq!(
        run.stdout,
        expected.map(|line| format!("{line}\n")).concat()
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "machine formats print no summary");

    // The offsets are bytes into the file as read.
    assert_eq!(&NEWS[37..39], "  ");
    assert_eq!(&CRLF[41..65], "Boats wait for the tide.");
}

#[test]
fn json_format() {
    let run = formats_sandbox().run(&["check", SELECT, "--format", "json", "news.txt"]);
    let expected = r#"[
  {
    "path": "news.txt",
    "rule": "trailing-whitespace",
    "severity": "warning",
    "message": "line ends in whitespace",
    "span": {
      "start": 37,
      "end": 39
    },
    "start": {
      "line": 1,
      "column": 36
    },
    "end": {
      "line": 1,
      "column": 38
    },
    "related": [],
    "fix": {
      "applicability": "safe",
      "edits": [
        {
          "start": 37,
          "end": 39,
          "replacement": ""
        }
      ]
    }
  },
  {
    "path": "news.txt",
    "rule": "duplicate-line",
    "severity": "warning",
    "message": "line repeats the line above",
    "span": {
      "start": 77,
      "end": 113
    },
    "start": {
      "line": 3,
      "column": 1
    },
    "end": {
      "line": 3,
      "column": 35
    },
    "related": [
      {
        "message": "first copy here",
        "span": {
          "start": 40,
          "end": 76
        }
      }
    ],
    "fix": {
      "applicability": "safe",
      "edits": [
        {
          "start": 76,
          "end": 113,
          "replacement": ""
        }
      ]
    }
  }
]
"#;
    assert_eq!(run.stdout, expected);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
}

#[test]
fn json_format_with_no_findings_is_an_empty_array() {
    let sandbox = Sandbox::new();
    sandbox.write("clean.txt", CLEAN);
    let run = sandbox.run(&["check", SELECT, "--format", "json"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "[]\n"));
}

#[test]
fn human_format() {
    let run = formats_sandbox().run(&["check", SELECT, "--color", "never"]);
    let expected = "\
duplicate-line

  ⚠ line repeats the line above
   ╭─[crlf.txt:3:1]
 1 │ Harbour notes
 2 │ Boats wait for the tide.
   · ────────────┬───────────
   ·             ╰── first copy here
 3 │ Boats wait for the tide.
   · ────────────────────────
   ╰────
  help: delete the repeated line (safe fix)

trailing-whitespace

  ⚠ line ends in whitespace
   ╭─[news.txt:1:36]
 1 │ Zürich café reopens after the flood  
   ·                                    ──
 2 │ Señora Peña thanks the volunteers.
   ╰────
  help: delete the trailing whitespace (safe fix)

duplicate-line

  ⚠ line repeats the line above
   ╭─[news.txt:3:1]
 1 │ Zürich café reopens after the flood  
 2 │ Señora Peña thanks the volunteers.
   · ─────────────────┬────────────────
   ·                  ╰── first copy here
 3 │ Señora Peña thanks the volunteers.
   · ──────────────────────────────────
   ╰────
  help: delete the repeated line (safe fix)

";
    assert_eq!(run.stdout, expected);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\x1b'), "--color never: no ANSI codes");
}

#[test]
fn human_format_cuts_a_label_over_thousands_of_lines_to_its_first_lines() {
    let sandbox = Sandbox::new();
    let block: String = (1..=1500)
        .map(|n| format!("Paragraph {n} of the long report.\n"))
        .collect();
    sandbox.write("long.txt", format!("{block}\n{block}"));
    let run = sandbox.run(&[
        "check",
        "--select",
        "repeated-block",
        "--color",
        "never",
        "long.txt",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("continues for 1496 more lines").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\u{2570}\u{2500}\u{2500}\u{2500}\u{2500} first seen here (continues for 1496 more lines)\n"));
    assert_eq!(run.stdout.lines().count(), 22, "{}", run.stdout);
}

#[test]
fn color_always_colours_and_never_does_not() {
    let sandbox = formats_sandbox();
    let run = sandbox.run(&["check", SELECT, "--color", "always", "news.txt"]);
    assert!(run.stdout.contains('\x1b'));
    // auto: standard output is a pipe here, so no colour.
    let run = sandbox.run(&["check", SELECT, "news.txt"]);
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn statistics_count_findings_per_rule() {
    let run = formats_sandbox().run(&["check", SELECT, "--statistics"]);
    assert_eq!(
        run.stdout,
        "2  duplicate-line       2 fixable\n1  trailing-whitespace  1 fixable\n"
    );
    assert_eq!(run.code, 1);
    let run = formats_sandbox().run(&["check", SELECT, "--statistics", "--format", "jsonl"]);
    assert_eq!(
        run.stdout,
        "{\"rule\":\"duplicate-line\",\"count\":2,\"fixable\":2}\n\
         {\"rule\":\"trailing-whitespace\",\"count\":1,\"fixable\":1}\n"
    );
    for command in ["check", "fix"] {
        let run = formats_sandbox().run(&[command, SELECT, "--statistics", "--format", "sarif"]);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""));
        assert_eq!(
            run.stderr,
            "error: --statistics cannot be written as SARIF: use --format json or jsonl\n"
        );
    }
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let sandbox = Sandbox::new();
    sandbox.write("clean.txt", CLEAN);
    sandbox.write("news.txt", NEWS);
    let code = |args: &[&str]| sandbox.run(args).code;

    assert_eq!(code(&["check", SELECT, "clean.txt"]), 0);
    assert_eq!(code(&["check", SELECT, "news.txt"]), 1);
    assert_eq!(code(&["check", SELECT, "--exit-zero", "news.txt"]), 0);
    assert_eq!(
        code(&["check", SELECT, "--fail-on", "error", "news.txt"]),
        0
    );
    assert_eq!(
        code(&["check", SELECT, "--fail-on", "never", "news.txt"]),
        0
    );
    assert_eq!(code(&["check", SELECT, "--fail-on", "info", "news.txt"]), 1);

    // A rule raised to error in the configuration fails even at `--fail-on error`.
    sandbox.write(
        "copydesk.toml",
        "fail-on = \"error\"\n[rules.duplicate-line]\nseverity = \"error\"\n",
    );
    assert_eq!(
        code(&["check", "--select", "trailing-whitespace", "news.txt"]),
        0
    );
    assert_eq!(
        code(&["check", "--select", "duplicate-line", "news.txt"]),
        1
    );
    // The command line's fail level beats the configuration's.
    assert_eq!(
        code(&[
            "check",
            "--select",
            "trailing-whitespace",
            "--fail-on",
            "warning",
            "news.txt"
        ]),
        1
    );
}

#[test]
fn quiet_prints_findings_only() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    sandbox.write("blob.txt", b"PK\x03\x04\0\0binary");
    let run = sandbox.run(&["check", SELECT, "--format", "concise", "--quiet"]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn invalid_utf8_is_an_error_for_that_file_only() {
    let sandbox = Sandbox::new();
    sandbox.write("a-bad.txt", b"Storm warning\nLevel caf\xe9 \xff\n");
    sandbox.write("b-news.txt", NEWS);
    let run = sandbox.run(&["check", SELECT, "--format", "concise"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: a-bad.txt: invalid UTF-8 at byte offset 23\n"),
        "{}",
        run.stderr
    );
    // The other file was still checked.
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(run.stdout.starts_with("b-news.txt:1:36: "));
}

#[test]
fn a_missing_path_is_an_error_and_the_rest_is_checked() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    let run = sandbox.run(&[
        "check",
        SELECT,
        "--format",
        "concise",
        "missing.txt",
        "news.txt",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: missing.txt: no such file or directory\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn empty_files_and_a_bom_are_fine() {
    let sandbox = Sandbox::new();
    sandbox.write("empty.txt", "");
    sandbox.write("bom.txt", "\u{feff}Ferry news  \n");
    let run = sandbox.run(&["check", SELECT, "--format", "concise"]);
    // The BOM is not a column; offsets still count its three bytes.
    assert_eq!(
        run.stdout,
        "bom.txt:1:12: warning[trailing-whitespace] line ends in whitespace\n"
    );
    let run = sandbox.run(&["check", SELECT, "--format", "jsonl", "bom.txt"]);
    assert!(
        run.stdout.contains(r#""span":{"start":13,"end":15}"#),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unknown_config_key_names_the_key_and_the_file() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    sandbox.write(
        "copydesk.toml",
        "select = [\"all\"]\nignroe = [\"stray-marker\"]\n",
    );
    let run = sandbox.run(&["check", "--color", "never", "news.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("copydesk.toml: unknown field `ignroe`"),
        "{}",
        run.stderr
    );
    // The label points into the file.
    assert!(run.stderr.contains("[copydesk.toml:2:1]"), "{}", run.stderr);
}

#[test]
fn config_errors_point_into_the_file() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    sandbox.write("copydesk.toml", "ignore = [\"trailing-whitspace\"]\n");
    let run = sandbox.run(&["check", "--color", "never", "news.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("copydesk.toml: unknown rule or category `trailing-whitspace` in ignore"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `trailing-whitespace`?"));

    sandbox.write(
        "copydesk.toml",
        "[rules.duplicate-line]\nseverity = \"loud\"\n",
    );
    let run = sandbox.run(&["check", "--color", "never", "news.txt"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("invalid options for rule `duplicate-line`"));
    assert!(run.stderr.contains("[copydesk.toml:1:1]"), "{}", run.stderr);
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    let run = sandbox.run(&["check", "--select", "duplicate-lines", "news.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unknown rule or category `duplicate-lines` in --select \
         (did you mean `duplicate-line`?)\n"
    );
    assert_eq!(sandbox.run(&["check", "--format", "xml"]).code, 2);
}

#[test]
fn select_and_ignore_take_categories_and_all() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    let rules = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise", "news.txt"];
        all.extend_from_slice(args);
        let run = sandbox.run(&all);
        let mut rules: Vec<String> = run
            .stdout
            .lines()
            .map(|line| {
                line.split('[')
                    .nth(1)
                    .unwrap()
                    .split(']')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        rules.dedup();
        rules
    };
    assert_eq!(
        rules(&["--select", "debris", "--ignore", "multiple-spaces"]),
        ["trailing-whitespace"]
    );
    assert_eq!(
        rules(&["--select", "all", "--ignore", "debris,repetition"]),
        Vec::<String>::new()
    );
    assert_eq!(
        rules(&[
            "--select",
            "repetition",
            "--ignore",
            "repeated-word,repeated-block"
        ]),
        ["duplicate-line"]
    );
}

#[test]
fn config_is_found_in_a_parent_directory_and_overridden_by_flags() {
    let sandbox = Sandbox::new();
    sandbox.write("copydesk.toml", "select = [\"trailing-whitespace\"]\n");
    sandbox.write("desk/news.txt", NEWS);
    let run = sandbox.run_in(sandbox.path("desk"), &["check", "--format", "concise"]);
    assert_eq!(
        run.stdout,
        "news.txt:1:36: warning[trailing-whitespace] line ends in whitespace\n"
    );
    let run = sandbox.run_in(
        sandbox.path("desk"),
        &["check", "--format", "concise", "--select", "duplicate-line"],
    );
    assert_eq!(
        run.stdout,
        "news.txt:3:1: warning[duplicate-line] line repeats the line above\n"
    );

    sandbox.write("other.toml", "select = [\"duplicate-line\"]\n");
    let run = sandbox.run_in(
        sandbox.path("desk"),
        &["check", "--format", "concise", "--config", "../other.toml"],
    );
    assert_eq!(
        run.stdout,
        "news.txt:3:1: warning[duplicate-line] line repeats the line above\n"
    );
    let run = sandbox.run(&["check", "--config", "nowhere.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: nowhere.toml: no such file or directory\n"
    );
}

const HOUSE_RULES: &str = r#"
[[rule]]
name = "photo-label"
message = "house style writes `Photograph:`"
kind = "phrase"
literal = "Photo:"
replacement = "Photograph:"

[[rule.example]]
text = "Harbour at dusk. Photo: K. Lind\n"
fires = true
fixed = "Harbour at dusk. Photograph: K. Lind\n"
"#;

#[test]
fn extend_rules_load_data_rules_relative_to_the_config() {
    let sandbox = Sandbox::new();
    sandbox.write("copydesk.toml", "extend-rules = [\"house/*.toml\"]\n");
    sandbox.write("house/photo.toml", HOUSE_RULES);
    sandbox.write("desk/pier.txt", "Boats at the pier. Photo: A. Berg\n");
    let run = sandbox.run_in(
        sandbox.path("desk"),
        &["check", "--format", "concise", "--select", "photo-label"],
    );
    assert_eq!(
        run.stdout,
        "pier.txt:1:20: warning[photo-label] house style writes `Photograph:`\n"
    );
    assert_eq!(run.code, 1);

    // An example that its rule does not honour stops the run.
    sandbox.write(
        "house/photo.toml",
        HOUSE_RULES.replace("fires = true", "fires = false"),
    );
    let run = sandbox.run(&["check", "--color", "never", "desk"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("example 1 of data rule `photo-label` fails"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("photo.toml"), "{}", run.stderr);
}

#[test]
fn check_reads_piped_standard_input() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_stdin(&["check", SELECT, "--format", "concise"], NEWS.as_bytes());
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("-:1:36: warning[trailing-whitespace]"),
        "{}",
        run.stdout
    );

    let run = sandbox.run_stdin(
        &[
            "check",
            SELECT,
            "--format",
            "concise",
            "--stdin-filename",
            "wire/storm.txt",
            "-",
        ],
        NEWS.as_bytes(),
    );
    assert_eq!(
        run.stdout,
        "wire/storm.txt:1:36: warning[trailing-whitespace] line ends in whitespace\n\
         wire/storm.txt:3:1: warning[duplicate-line] line repeats the line above\n"
    );
}

#[test]
fn fix_filters_standard_input_to_standard_output() {
    let sandbox = Sandbox::new();
    let run = sandbox.run_stdin(&["fix", SELECT, "-"], NEWS.as_bytes());
    assert_eq!(
        run.stdout,
        "Z\u{fc}rich caf\u{e9} reopens after the flood\nSe\u{f1}ora Pe\u{f1}a thanks the volunteers.\n"
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "applied 2 fixes in 1 file; no findings remain\n"
    );

    let run = sandbox.run_stdin(&["fix", SELECT], CRLF.as_bytes());
    assert_eq!(run.stdout, "Harbour notes\r\nBoats wait for the tide.\r\n");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn fix_rewrites_files_in_place_keeping_endings_bom_and_permissions() {
    let sandbox = Sandbox::new();
    sandbox.write("news.txt", NEWS);
    sandbox.write("crlf.txt", format!("\u{feff}{CRLF}"));
    sandbox.write("clean.txt", CLEAN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(sandbox.path("news.txt"), fs::Permissions::from_mode(0o640)).unwrap();
    }

    let run = sandbox.run(&["fix", SELECT]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "applied 3 fixes in 2 files; no findings remain\n"
    );
    assert_eq!(
        sandbox.read("news.txt"),
        "Z\u{fc}rich caf\u{e9} reopens after the flood\nSe\u{f1}ora Pe\u{f1}a thanks the volunteers.\n"
            .as_bytes()
    );
    assert_eq!(
        sandbox.read("crlf.txt"),
        "\u{feff}Harbour notes\r\nBoats wait for the tide.\r\n".as_bytes()
    );
    assert_eq!(sandbox.read("clean.txt"), CLEAN.as_bytes());
    #[cfg(unix)]
    assert_eq!(mode(&sandbox.path("news.txt")), 0o640);
    let entries = fs::read_dir(sandbox.path("")).unwrap().count();
    assert_eq!(entries, 4, "no temporary file left behind");

    // A second run finds nothing to do.
    let run = sandbox.run(&["fix", SELECT]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "no fixes applied; no findings remain\n");
}

#[test]
fn fix_reports_what_remains_and_exits_1() {
    let sandbox = Sandbox::new();
    sandbox.write("copydesk.toml", "extend-rules = [\"photo.toml\"]\n");
    sandbox.write(
        "photo.toml",
        HOUSE_RULES.replace("replacement", "fix = \"unsafe\"\nreplacement"),
    );
    sandbox.write("pier.txt", "Boats at the pier. Photo: A. Berg  \n");
    let select = "--select=photo-label,trailing-whitespace";

    let run = sandbox.run(&["fix", select, "--format", "concise"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout,
        "pier.txt:1:20: warning[photo-label] house style writes `Photograph:`\n"
    );
    assert_eq!(
        run.stderr,
        "applied 1 fix in 1 file; 1 finding (1 warning) remains; \
         1 fixable with --unsafe-fixes\n"
    );
    assert_eq!(
        sandbox.read("pier.txt"),
        b"Boats at the pier. Photo: A. Berg\n"
    );

    let run = sandbox.run(&["fix", select, "--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        sandbox.read("pier.txt"),
        b"Boats at the pier. Photograph: A. Berg\n"
    );
}

#[test]
fn a_read_only_file_is_refused_and_left_alone() {
    let sandbox = Sandbox::new();
    sandbox.write("locked.txt", NEWS);
    sandbox.write("open.txt", NEWS);
    let path = sandbox.path("locked.txt");
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();

    let run = sandbox.run(&["fix", SELECT]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: locked.txt: read-only file, left unchanged\n"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.read("locked.txt"), NEWS.as_bytes());
    assert!(fs::metadata(&path).unwrap().permissions().readonly());
    // The other file was fixed.
    assert_ne!(sandbox.read("open.txt"), NEWS.as_bytes());
}

#[test]
fn fix_diff_prints_a_unified_diff_and_writes_nothing() {
    let sandbox = formats_sandbox();
    let run = sandbox.run(&["fix", "--diff", SELECT]);
    assert_eq!(
        run.stdout,
        "--- crlf.txt\n\
         +++ crlf.txt\n\
         @@ -1,3 +1,2 @@\n \
         Harbour notes\r\n \
         Boats wait for the tide.\r\n\
         -Boats wait for the tide.\r\n\
         --- news.txt\n\
         +++ news.txt\n\
         @@ -1,3 +1,2 @@\n\
         -Z\u{fc}rich caf\u{e9} reopens after the flood  \n\
         +Z\u{fc}rich caf\u{e9} reopens after the flood\n \
         Se\u{f1}ora Pe\u{f1}a thanks the volunteers.\n\
         -Se\u{f1}ora Pe\u{f1}a thanks the volunteers.\n"
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "would apply 3 fixes in 2 files; no findings remain\n"
    );
    assert_eq!(sandbox.read("news.txt"), NEWS.as_bytes());
    assert_eq!(sandbox.read("crlf.txt"), CRLF.as_bytes());
}

#[test]
fn walking_honours_ignore_files_globs_and_skips_binaries() {
    let sandbox = Sandbox::new();
    for name in [
        "kept.txt",
        "notes.md",
        "deep/nested/kept.txt",
        "wire/ignored-by-git.txt",
        "drafts/ignored-by-copydesk.txt",
        "other.rst",
        ".hidden/secret.txt",
    ] {
        sandbox.write(name, NEWS);
    }
    sandbox.write(".gitignore", "wire/\n");
    sandbox.write(".copydeskignore", "drafts/\n");
    sandbox.write("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");

    let run = sandbox.run(&["check", "--select", "duplicate-line", "--format", "concise"]);
    let paths: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(paths, ["deep/nested/kept.txt", "kept.txt", "notes.md"]);
    assert_eq!(
        run.stderr,
        "note: photo.txt: skipped, looks binary (NUL byte at offset 8)\n\
         checked 3 files: 3 findings (3 warnings); 3 fixable with `copydesk fix`\n"
    );
    assert_eq!(run.code, 1);

    // A directory argument is walked the same way; a file argument is always checked.
    let run = sandbox.run(&[
        "check",
        "--select",
        "duplicate-line",
        "--format",
        "concise",
        "deep",
        "other.rst",
        "wire/ignored-by-git.txt",
    ]);
    let paths: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "deep/nested/kept.txt",
            "other.rst",
            "wire/ignored-by-git.txt"
        ]
    );

    // Configured globs replace the defaults.
    sandbox.write(
        "copydesk.toml",
        "include = [\"*.rst\", \"*.txt\"]\nexclude = [\"deep\"]\n",
    );
    let run = sandbox.run(&["check", "--select", "duplicate-line", "--format", "concise"]);
    let paths: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(paths, ["kept.txt", "other.rst"]);
}

#[test]
fn an_explicit_binary_file_is_skipped_with_a_note() {
    let sandbox = Sandbox::new();
    sandbox.write("blob.txt", b"abc\0def");
    let run = sandbox.run(&["check", "blob.txt"]);
    assert_eq!(run.code, 0);
    assert!(run
        .stderr
        .starts_with("note: blob.txt: skipped, looks binary"));
}

#[test]
fn jobs_do_not_change_the_output_order() {
    let sandbox = Sandbox::new();
    for index in 0..40 {
        sandbox.write(&format!("batch/{index:02}.txt"), NEWS);
    }
    let single = sandbox.run(&["check", SELECT, "--format", "concise", "--jobs", "1"]);
    let many = sandbox.run(&["check", SELECT, "--format", "concise", "--jobs", "8"]);
    assert_eq!(single.stdout, many.stdout);
    assert_eq!(single.stdout.lines().count(), 80);
    assert!(single.stdout.starts_with("batch/00.txt:"));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let sandbox = Sandbox::new();
    let big: String = (0..20_000)
        .map(|i| format!("Line {i}\nLine {i}\n"))
        .collect();
    sandbox.write("big.txt", big);
    let mut child = sandbox
        .command(&["check", "--select", "duplicate-line", "--format", "concise"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn rules_lists_every_rule() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["rules"]);
    assert_eq!(run.code, 0);
    let mut lines = run.stdout.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("NAME"), "{header}");
    assert!(header.contains("CATEGORY") && header.ends_with("SUMMARY"));
    let row = lines
        .find(|line| line.starts_with("duplicate-line "))
        .expect("duplicate-line is listed");
    let cells: Vec<&str> = row
        .split("  ")
        .filter(|c| !c.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        cells,
        [
            "duplicate-line",
            "repetition",
            "warning",
            "safe",
            "a line repeats the line right above it"
        ]
    );

    let run = sandbox.run(&["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let entry = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|rule| rule["name"] == "duplicate-line")
        .unwrap();
    assert_eq!(
        entry,
        &serde_json::json!({
            "name": "duplicate-line",
            "category": "repetition",
            "severity": "warning",
            "fix": "safe",
            "summary": "a line repeats the line right above it",
        })
    );
    assert_eq!(
        rules.as_array().unwrap().len(),
        run.stdout.matches("\"name\"").count()
    );
}

#[test]
fn explain_shows_a_rules_documentation() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["explain", "duplicate-line"]);
    assert_eq!(run.code, 0);
    let text = run.stdout;
    assert!(
        text.starts_with(
            "duplicate-line: a line repeats the line right above it\n\
             category: repetition, default severity: warning, fix: safe\n"
        ),
        "{text}"
    );
    let sections = [
        "What it catches",
        "Why",
        "Fires on",
        "Stays silent on",
        "Options",
        "Fix",
    ];
    let mut at = 0;
    for section in sections {
        let found = text[at..]
            .find(&format!("\n{section}\n"))
            .unwrap_or_else(|| panic!("section {section} missing or out of order in\n{text}"));
        at += found + 1;
    }
    assert!(
        text.contains("  │ A ferry waits at the pier. Photo: J. Doe\n"),
        "{text}"
    );
    // Invisible characters in examples are spelt out.
    let run = sandbox.run(&["explain", "trailing-whitespace"]);
    assert!(run.stdout.contains("\\u{00a0}"), "{}", run.stdout);
}

#[test]
fn explain_suggests_the_closest_rule() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&["explain", "dupliate-line"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: unknown rule `dupliate-line` (did you mean `duplicate-line`?)\n"
    );
    let run = sandbox.run(&["explain", "debris"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a category"));
}

#[test]
fn fixes_that_never_settle_are_named() {
    let sandbox = Sandbox::new();
    sandbox.write("copydesk.toml", "extend-rules = [\"swap.toml\"]\n");
    // Two house rules that undo each other: the fix loop hits its pass cap.
    sandbox.write(
        "swap.toml",
        r#"
[[rule]]
name = "ferry-to-boat"
message = "say boat"
kind = "phrase"
literal = "ferry"
replacement = "boat"

[[rule]]
name = "boat-to-ferry"
message = "say ferry"
kind = "phrase"
literal = "boat"
replacement = "ferry"
"#,
    );
    sandbox.write("pier.txt", "The ferry waits.\n");
    let run = sandbox.run(&["fix", "--select", "ferry-to-boat,boat-to-ferry", "pier.txt"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.starts_with(
            "warning: pier.txt: fixes did not settle after 10 passes; still changing: "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("-to-"),
        "names the rule: {}",
        run.stderr
    );
}
