//! The progress bar: drawn on a terminal's standard error for long runs, never when standard
//! error is piped, and never with `--no-progress` or `--quiet`. The terminal cases run the
//! binary under util-linux `script`, which gives it a pseudo-terminal.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// A directory of `count` files, each with two findings of trailing whitespace.
fn many_files(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("copydesk.toml"), "").unwrap();
    for index in 0..count {
        let path = dir.path().join(format!("story{index:03}.txt"));
        fs::write(path, "Rain falls  \nThe road shuts  \n").unwrap();
    }
    dir
}

const ARGS: [&str; 4] = [
    "check",
    "--format=concise",
    "--select=trailing-whitespace",
    ".",
];

#[test]
fn a_piped_run_prints_no_progress() {
    let dir = many_files(300);
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(ARGS)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "checked 300 files: 600 findings (600 warnings); 600 fixable with `copydesk fix`\n"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 600);
    assert!(!stdout.contains('\r') && !stdout.contains('\x1b'));
}

/// Everything the binary wrote to its terminal, run with `args` in `dir`; `None` when
/// util-linux `script` is not installed.
fn on_a_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let mut line = format!("'{}'", env!("CARGO_BIN_EXE_copydesk"));
    for arg in args {
        line.push(' ');
        line.push_str(arg);
    }
    let output = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_terminal_gets_a_bar_that_clears_before_findings_and_the_summary() {
    let dir = many_files(300);
    let Some(screen) = on_a_terminal(dir.path(), &[&ARGS[..], &["--exit-zero"]].concat()) else {
        eprintln!("util-linux `script` is not installed: terminal case not run");
        return;
    };
    assert!(screen.contains("300/300 files"), "{screen}");
    // Every finding starts on a cleared line, never after the bar's text.
    for line in screen.split('\n').filter(|line| line.contains("warning[")) {
        let before = &line[..line.find("story").unwrap()];
        assert!(
            before.is_empty() || before.ends_with("\r\x1b[2K"),
            "{line:?}"
        );
    }
    assert!(
        screen.contains("\x1b[2Kchecked 300 files: 600 findings"),
        "{screen}"
    );
}

#[test]
fn no_progress_quiet_and_short_runs_draw_no_bar() {
    let dir = many_files(300);
    for extra in [&["--no-progress"][..], &["--quiet"]] {
        let Some(screen) =
            on_a_terminal(dir.path(), &[&ARGS[..], extra, &["--exit-zero"]].concat())
        else {
            return;
        };
        assert!(!screen.contains("files  "), "{extra:?}: {screen}");
        assert!(!screen.contains("\x1b[2K"), "{extra:?}: {screen}");
    }
    let few = many_files(5);
    if let Some(screen) = on_a_terminal(few.path(), &[&ARGS[..], &["--exit-zero"]].concat()) {
        assert!(!screen.contains("\x1b[2K"), "{screen}");
    }
}
