//! The sandbox every end-to-end test runs the `copydesk` binary in: a temporary directory whose
//! own `copydesk.toml` stops configuration discovery there, so nothing outside it changes a
//! result. Shared by the test crates with `mod support;`; each uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

/// A directory to run `copydesk` in.
pub struct Sandbox {
    dir: TempDir,
}

/// How a run ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Sandbox {
    /// A sandbox with an empty `copydesk.toml`.
    pub fn new() -> Self {
        Self::with_config("")
    }

    pub fn with_config(config: &str) -> Self {
        let sandbox = Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        };
        sandbox.write("copydesk.toml", config);
        sandbox
    }

    /// `relative` inside the sandbox; an absolute path stays as it is.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("a parent directory")).unwrap();
        fs::write(path, content).unwrap();
    }

    pub fn read(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path(relative)).unwrap()
    }

    pub fn read_to_string(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_copydesk"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR");
        command
    }

    /// Runs with standard input at `/dev/null`, as a job runner starts a program.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    /// Runs in `dir`, relative to the sandbox or absolute.
    pub fn run_in(&self, dir: impl AsRef<Path>, args: &[&str]) -> Run {
        let output = self
            .command(args)
            .current_dir(self.path(dir))
            .stdin(Stdio::null())
            .output()
            .expect("copydesk runs");
        finished(output)
    }

    /// Runs with `input` piped to standard input.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("copydesk starts");
        child.stdin.take().unwrap().write_all(input).unwrap();
        finished(child.wait_with_output().unwrap())
    }
}

fn finished(output: Output) -> Run {
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}
