//! Configuration end to end: `[[per-path]]` entries, `[profile.NAME]` chosen with `--profile`,
//! `exclude`/`extend-exclude` in a walk, and errors in them pointing into the TOML.
//!
//! Each test writes its own `copydesk.toml` into a temporary directory, which stops discovery
//! there.

mod support;

use support::{Run, Sandbox};

use std::fs;

/// Trailing spaces (line 1) and a repeated line (line 3).
const DAMAGED: &str = "Ferries resume  \nThe port reopens.\nThe port reopens.\n";

fn desk(config: &str) -> Sandbox {
    let sandbox = Sandbox::with_config(config);
    sandbox.write("local/storm.txt", DAMAGED);
    sandbox.write("wire/agency/storm.txt", DAMAGED);
    sandbox
}

const TRAILING: &str = "1:15: warning[trailing-whitespace] line ends in whitespace";
const REPEATED: &str = "3:1: warning[duplicate-line] line repeats the line above";

fn concise(run: &Run) -> Vec<&str> {
    run.stdout.lines().collect()
}

#[test]
fn per_path_ignore_applies_to_matching_files_only() {
    let sandbox = desk(
        r#"
select = ["duplicate-line", "trailing-whitespace"]

[[per-path]]
paths = ["wire/**"]
ignore = ["trailing-whitespace"]
"#,
    );
    let run = sandbox.run(&["check", "--format=concise"]);
    assert_eq!(
        concise(&run),
        [
            format!("local/storm.txt:{TRAILING}"),
            format!("local/storm.txt:{REPEATED}"),
            format!("wire/agency/storm.txt:{REPEATED}"),
        ]
    );
    assert_eq!(run.code, 1);
}

#[test]
fn per_path_globs_are_relative_to_the_config_file_not_the_current_directory() {
    let sandbox = desk(
        r#"
select = ["duplicate-line", "trailing-whitespace"]

[[per-path]]
paths = ["wire/**"]
ignore = ["trailing-whitespace"]
"#,
    );
    let run = sandbox.run_in(sandbox.path("wire"), &["check", "--format=concise"]);
    assert_eq!(concise(&run), [format!("agency/storm.txt:{REPEATED}")]);
    let run = sandbox.run_in(
        sandbox.path("local"),
        &["check", "--format=concise", "../wire/agency/storm.txt"],
    );
    assert_eq!(
        concise(&run),
        [format!("../wire/agency/storm.txt:{REPEATED}")]
    );
}

#[test]
fn per_path_select_and_rule_options() {
    let sandbox = desk(
        r#"
select = ["duplicate-line"]

[[per-path]]
paths = ["agency"]
extend-select = ["trailing-whitespace"]

[per-path.rules.duplicate-line]
severity = "error"
"#,
    );
    let run = sandbox.run(&["check", "--format=concise"]);
    assert_eq!(
        concise(&run),
        [
            format!("local/storm.txt:{REPEATED}"),
            format!("wire/agency/storm.txt:{TRAILING}"),
            "wire/agency/storm.txt:3:1: error[duplicate-line] line repeats the line above"
                .to_owned(),
        ]
    );
}

#[test]
fn the_command_line_selection_is_final_but_per_path_ignores_still_apply() {
    let sandbox = desk(
        r#"
[[per-path]]
paths = ["wire/**"]
select = ["trailing-whitespace", "duplicate-line"]
ignore = ["duplicate-line"]
"#,
    );
    let run = sandbox.run(&["check", "--format=concise", "--select=duplicate-line"]);
    assert_eq!(concise(&run), [format!("local/storm.txt:{REPEATED}")]);
}

#[test]
fn standard_input_is_matched_by_its_stdin_filename() {
    let sandbox = Sandbox::with_config(
        r#"
select = ["trailing-whitespace"]
[[per-path]]
paths = ["wire/**"]
ignore = ["trailing-whitespace"]
"#,
    );
    let run = |name: &str| {
        let args = ["check", "--format=concise", "--stdin-filename", name, "-"];
        sandbox.run_stdin(&args, DAMAGED.as_bytes()).stdout
    };
    assert_eq!(run("wire/a.txt"), "");
    assert_eq!(run("local/a.txt"), format!("local/a.txt:{TRAILING}\n"));
}

#[test]
fn fix_uses_the_per_path_rules_too() {
    let sandbox = desk(
        r#"
select = ["duplicate-line", "trailing-whitespace"]
[[per-path]]
paths = ["wire/"]
ignore = ["duplicate-line"]
"#,
    );
    let run = sandbox.run(&["fix"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        fs::read_to_string(sandbox.path("local/storm.txt")).unwrap(),
        "Ferries resume\nThe port reopens.\n"
    );
    assert_eq!(
        fs::read_to_string(sandbox.path("wire/agency/storm.txt")).unwrap(),
        "Ferries resume\nThe port reopens.\nThe port reopens.\n"
    );
}

const PROFILES: &str = r#"
select = ["duplicate-line", "trailing-whitespace"]

[profile.wire]
ignore = ["trailing-whitespace"]
fail-on = "never"

[profile.archive]
select = ["trailing-whitespace"]

[[profile.archive.per-path]]
paths = ["local"]
ignore = ["trailing-whitespace"]
"#;

#[test]
fn a_profile_replaces_the_top_level_settings_it_names() {
    let sandbox = desk(PROFILES);
    let run = sandbox.run(&["check", "--format=concise", "local"]);
    assert_eq!(concise(&run).len(), 2);
    assert_eq!(run.code, 1);

    let run = sandbox.run(&["check", "--format=concise", "--profile=wire", "local"]);
    assert_eq!(concise(&run), [format!("local/storm.txt:{REPEATED}")]);
    assert_eq!(run.code, 0, "the profile's fail-on applies");

    let run = sandbox.run(&["check", "--format=concise", "--profile", "archive"]);
    assert_eq!(concise(&run), [format!("wire/agency/storm.txt:{TRAILING}")]);
}

#[test]
fn an_unknown_profile_is_a_usage_error_with_a_suggestion() {
    let sandbox = desk(PROFILES);
    let run = sandbox.run(&["check", "--color=never", "--profile=wir"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("copydesk.toml: unknown profile `wir`; profiles: archive, wire"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `wire`?"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    let sandbox = desk("");
    let run = sandbox.run(&["check", "--color=never", "--profile=wire"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "copydesk.toml: unknown profile `wire`; the configuration defines no profiles"
        ),
        "{}",
        run.stderr
    );

    let empty = tempfile::tempdir().unwrap();
    let run = sandbox.run_in(empty.path(), &["check", "--profile=wire", "x.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --profile wire: no configuration file found\n"
    );
}

#[test]
fn errors_in_per_path_entries_and_profiles_point_into_the_file() {
    let sandbox = desk("[[per-path]]\npaths = [\"wire/[\"]\n");
    let run = sandbox.run(&["check", "--color=never"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "copydesk.toml: invalid glob `wire/[`: unclosed character class; missing ']'"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[copydesk.toml:2:9]"), "{}", run.stderr);
    assert!(run.stderr.contains("in this list"), "{}", run.stderr);

    let sandbox = desk("[[per-path]]\npaths = [\"wire\"]\nignore = [\"trailing-whitspace\"]\n");
    let run = sandbox.run(&["check", "--color=never"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("[copydesk.toml:3:11]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `trailing-whitespace`?"),
        "{}",
        run.stderr
    );

    let sandbox = desk("[[per-path]]\npaths = [\"wire\"]\nselcet = [\"all\"]\n");
    let run = sandbox.run(&["check", "--color=never"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown field `selcet`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[copydesk.toml:3:1]"), "{}", run.stderr);

    let sandbox = desk("[profile.wire.profile.inner]\nselect = [\"all\"]\n");
    let run = sandbox.run(&["check", "--color=never"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("copydesk.toml: profile `wire` holds profiles of its own"),
        "{}",
        run.stderr
    );

    let sandbox = desk("[profile.wire.rules.duplicate-line]\nseverity = \"loud\"\n");
    let run = sandbox.run(&["check", "--color=never", "--profile=wire"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid options for rule `duplicate-line`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[copydesk.toml:1:1]"), "{}", run.stderr);
}

#[test]
fn exclude_and_extend_exclude_skip_files_and_directories_in_a_walk() {
    let sandbox = desk(
        r#"
select = ["duplicate-line"]
extend-exclude = ["wire", "*.draft.txt"]
"#,
    );
    sandbox.write("local/notes.draft.txt", DAMAGED);
    let run = sandbox.run(&["check", "--format=concise"]);
    assert_eq!(concise(&run), [format!("local/storm.txt:{REPEATED}")]);

    // A file named on the command line is checked whatever the globs say.
    let run = sandbox.run(&["check", "--format=concise", "wire/agency/storm.txt"]);
    assert_eq!(concise(&run), [format!("wire/agency/storm.txt:{REPEATED}")]);

    // Unless --force-exclude applies the globs to named files too, from any directory.
    let named = [
        "check",
        "--format=concise",
        "--force-exclude",
        "wire/agency/storm.txt",
        "local/notes.draft.txt",
        "local/storm.txt",
    ];
    let run = sandbox.run(&named);
    assert_eq!(concise(&run), [format!("local/storm.txt:{REPEATED}")]);
    let run = sandbox.run_in(
        "local",
        &[
            "check",
            "--format=concise",
            "--force-exclude",
            "notes.draft.txt",
            "storm.txt",
        ],
    );
    assert_eq!(concise(&run), [format!("storm.txt:{REPEATED}")]);

    // `extend-exclude` adds to `exclude` rather than replacing it.
    sandbox.write(
        "copydesk.toml",
        "select = [\"duplicate-line\"]\nexclude = [\"local\"]\nextend-exclude = [\"agency\"]\n",
    );
    let run = sandbox.run(&["check", "--format=concise"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "checked 0 files: no findings\n");
}

#[test]
fn jsonl_corpora_use_per_path_rules_per_file() {
    let sandbox = Sandbox::with_config(
        r#"
select = ["trailing-whitespace"]
[[per-path]]
paths = ["wire/*.jsonl"]
ignore = ["trailing-whitespace"]
"#,
    );
    sandbox.write("wire/feed.jsonl", "{\"text\": \"Rain \"}\n");
    sandbox.write("local/feed.jsonl", "{\"text\": \"Rain \"}\n");
    let run = sandbox.run(&["check", "--input=jsonl", "--format=concise"]);
    assert_eq!(
        run.stdout,
        "local/feed.jsonl:1:1:5: warning[trailing-whitespace] line ends in whitespace\n"
    );
}
