//! The `copydesk` command line: glue between the library and the outside world. Everything
//! that prints, parses flags, reads configuration files or walks directories lives here, so the
//! library stays reusable by an editor plugin or a WebAssembly build.
//!
//! Errors follow ripgrep: a file that cannot be read is reported and the run goes on, ending
//! with exit 2; a closed pipe (`copydesk check | head`) ends the run quietly.
//!
//! Standard output carries only the report (findings, a diff, fixed text, a rule table), so
//! `concise`, `json` and `jsonl` output is pure records; errors, warnings, notes and the
//! one-line summary go to standard error. The default format is `human` whether or not standard
//! output is a terminal, as in ruff: a script names the machine format it parses.

mod args;
mod baseline;
mod check;
pub mod config;
mod dedup;
mod explain;
mod fix;
mod input;
mod progress;
mod records;
mod rules;
mod walk;
mod write;

use std::io::{self, IsTerminal, Write};

pub use args::Cli;
use args::{ColorChoice, Command};

/// How a run ends; the process exit code is the discriminant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Nothing at or above the fail level.
    Clean = 0,
    /// Findings at or above the fail level (for `fix`: findings remain).
    Findings = 1,
    /// A usage, configuration or I/O error.
    Error = 2,
}

/// Why a command stopped early.
#[derive(Debug)]
pub enum Failure {
    /// Standard output was closed by its reader: exit without a word.
    BrokenPipe,
    /// A one-line error, printed as `error: {message}`.
    Message(String),
    /// The error is already printed (a configuration error rendered with its source).
    Reported,
}

/// Writing to standard output failed.
impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Message(format!("cannot write output: {}", describe(&error)))
        }
    }
}

/// Runs a parsed command line and reports how it ended.
pub fn run(cli: Cli) -> Status {
    let mut console = Console::new(cli.color);
    let result = match cli.command {
        Command::Check(args) => check::run(args, &mut console),
        Command::Fix(args) => fix::run(args, &mut console),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args, &console),
        Command::Dedup(args) => dedup::run(&args, &mut console),
        Command::Lsp(args) => crate::lsp::run(args.config, args.profile, &console),
    };
    match result {
        Ok(status) => status,
        Err(Failure::BrokenPipe) => Status::Clean,
        Err(Failure::Message(message)) => {
            console.error(&message);
            Status::Error
        }
        Err(Failure::Reported) => Status::Error,
    }
}

/// Where messages go and how they look: colour on each stream, the width to wrap reports at,
/// and whether notes and summaries are wanted.
#[derive(Debug, Clone)]
pub struct Console {
    pub stdout_color: bool,
    pub stderr_color: bool,
    /// Columns of the terminal on standard output, or 100 when it is not one.
    pub width: usize,
    /// `--quiet`: findings and errors only.
    pub quiet: bool,
}

impl Console {
    fn new(choice: ColorChoice) -> Self {
        let width = terminal_size::terminal_size_of(io::stdout())
            .map_or(100, |(terminal_size::Width(width), _)| usize::from(width));
        Self {
            stdout_color: use_color(choice, io::stdout().is_terminal()),
            stderr_color: use_color(choice, io::stderr().is_terminal()),
            width,
            quiet: false,
        }
    }

    pub fn error(&self, message: &str) {
        self.line("error", "1;31", message);
    }

    pub fn warning(&self, message: &str) {
        self.line("warning", "1;33", message);
    }

    /// A remark that does not change the outcome; `--quiet` drops it.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            self.line("note", "1;36", message);
        }
    }

    /// A closing summary on standard error; `--quiet` drops it.
    pub fn summary(&self, message: &str) {
        if !self.quiet {
            // A failed write to standard error has nowhere to be reported.
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    fn line(&self, label: &str, style: &str, message: &str) {
        progress::suspended(|| {
            let mut stderr = io::stderr().lock();
            let _ = if self.stderr_color {
                writeln!(stderr, "\x1b[{style}m{label}\x1b[0m: {message}")
            } else {
                writeln!(stderr, "{label}: {message}")
            };
        });
    }
}

/// `auto` colours a terminal unless NO_COLOR is set to anything but the empty string
/// (<https://no-color.org>).
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            terminal && !no_color
        }
    }
}

/// An I/O error's cause as a message fragment: lowercase, without the `(os error N)` suffix.
pub fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `1 file`, `2 files`, `2 fixes`, `2 info`.
pub fn plural(count: usize, noun: &str) -> String {
    match noun {
        _ if count == 1 => format!("{count} {noun}"),
        "info" => format!("{count} info"),
        _ if noun.ends_with('x') => format!("{count} {noun}es"),
        _ => format!("{count} {noun}s"),
    }
}

/// The candidate closest to a misspelt `name`, if one is close enough to be what was meant.
pub fn suggest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), *candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}
