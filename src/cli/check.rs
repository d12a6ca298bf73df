//! `copydesk check`: lint the inputs in parallel and print the findings in path order.
//!
//! Inputs are processed in chunks: each chunk is linted in parallel, then printed in order and
//! flushed before the next starts, so output streams and memory stays bounded by the chunk, not
//! the corpus. The helpers `fix` shares (formats, statistics, the tally) live here too.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};

use rayon::prelude::*;
use serde::Serialize;

use copydesk::document::LineIndex;
use copydesk::render::concise::Concise;
use copydesk::render::github::Github;
use copydesk::render::human::Human;
use copydesk::render::json::{Json, JsonLines};
use copydesk::render::sarif::Sarif;
use copydesk::render::{FileReport, Report};
use copydesk::settings::{FailOn, Settings};
use copydesk::{Applicability, Diagnostic, Linter, Severity};

use super::args::{CheckArgs, Common, Format};
use super::input::{self, Content, Input, InputError};
use super::progress::{self, Progress};
use super::{baseline, config, plural, records, walk, Console, Failure, Status};

pub fn run(args: CheckArgs, console: &mut Console) -> Result<Status, Failure> {
    let common = &args.common;
    console.quiet = common.quiet;
    let fields = records::fields(common)?;
    statistics_format(common)?;
    let settings = config::load(common, console)?;
    let inputs = Inputs::collect(&args.paths, common, &settings, console);
    let mut baseline =
        baseline::Mode::new(args.baseline.as_deref(), args.write_baseline.as_deref())?;
    if let Some(fields) = &fields {
        return records::check(&inputs, &settings, common, fields, baseline, console);
    }
    let stdin_filename = common.stdin_filename.as_deref();
    let mut errors = inputs.errors;
    let mut report = reporter(common.format, console);
    let progress = Progress::files(inputs.list.len(), common);
    let mut out = BufWriter::new(progress::stdout());
    let mut tally = Tally::new(settings.fail_on);

    for chunk in inputs.list.chunks(inputs.chunk) {
        let results: Vec<Checked> = chunk
            .par_iter()
            .map(
                |input| match config::linter_for(&settings, input, stdin_filename) {
                    Ok(linter) => check_one(input, &linter),
                    Err(error) => Checked::Failed(error),
                },
            )
            .collect();
        for (input, result) in chunk.iter().zip(results) {
            let path = input.display(&inputs.stdin_name);
            match result {
                Checked::Text {
                    text,
                    diagnostics,
                    index,
                } => {
                    let diagnostics = baseline.apply(&path, &text, diagnostics);
                    tally.file(&diagnostics);
                    if !common.statistics && !diagnostics.is_empty() {
                        report.file(
                            &mut out,
                            &FileReport::new(&path, &text, &index, &diagnostics),
                        )?;
                    }
                }
                Checked::Binary { nul_at } => skipped_binary(console, &path, nul_at),
                Checked::Failed(error) => {
                    console.error(&format!("{path}: {error}"));
                    errors += 1;
                }
            }
        }
        out.flush()?;
        progress.advance(chunk.len() as u64);
    }
    progress.finish();
    if common.statistics {
        tally.write_statistics(&mut out, common.format)?;
    } else {
        report.finish(&mut out)?;
    }
    out.flush()?;
    let summarise = matches!(
        common.format,
        Format::Human | Format::Concise | Format::Github
    );
    if summarise && !baseline.records() {
        console.summary(&tally.check_summary());
    }
    baseline.finish(console)?;
    Ok(status(errors, tally.failed, common.exit_zero))
}

/// One input, read and linted.
enum Checked {
    Text {
        text: String,
        diagnostics: Vec<Diagnostic>,
        index: LineIndex,
    },
    Binary {
        nul_at: usize,
    },
    Failed(InputError),
}

fn check_one(input: &Input, linter: &Linter) -> Checked {
    match input::read(input) {
        Ok(Content::Text(text)) => {
            let diagnostics = linter.lint(&text);
            // Placing findings needs the line index; a clean file never pays for it.
            let index = if diagnostics.is_empty() {
                LineIndex::new("")
            } else {
                LineIndex::new(&text)
            };
            Checked::Text {
                text,
                diagnostics,
                index,
            }
        }
        Ok(Content::Binary { nul_at, .. }) => Checked::Binary { nul_at },
        Err(error) => Checked::Failed(error),
    }
}

/// The run's exit status: errors outrank findings, `--exit-zero` forgives findings only.
pub fn status(errors: usize, failed: bool, exit_zero: bool) -> Status {
    if errors > 0 {
        Status::Error
    } else if failed && !exit_zero {
        Status::Findings
    } else {
        Status::Clean
    }
}

pub fn skipped_binary(console: &Console, path: &str, nul_at: usize) {
    console.note(&format!(
        "{path}: skipped, looks binary (NUL byte at offset {nul_at})"
    ));
}

/// The inputs of a run, sorted, with how many to process at a time.
pub struct Inputs {
    pub list: Vec<Input>,
    /// Paths that could not be walked, already reported.
    pub errors: usize,
    pub stdin_name: String,
    pub chunk: usize,
}

impl Inputs {
    pub fn collect(
        paths: &[std::path::PathBuf],
        common: &Common,
        settings: &Settings,
        console: &Console,
    ) -> Self {
        let threads = common.jobs.unwrap_or(0);
        // The global pool can be built once; a second build (only in tests) keeps the first.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
        let cwd = std::env::current_dir().ok();
        let globs = walk::Globs {
            include: &settings.include,
            exclude: &settings.exclude,
            force_exclude_from: common
                .force_exclude
                .then(|| settings.root.as_deref().or(cwd.as_deref()))
                .flatten(),
        };
        let (list, errors) =
            walk::collect(paths, input::stdin_is_piped(), &globs, threads, console);
        Self {
            list,
            errors,
            stdin_name: common
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "-".to_owned()),
            chunk: (rayon::current_num_threads() * 16).max(64),
        }
    }
}

/// SARIF has no place for counts per rule, so `--statistics` with it is a usage error rather
/// than output a SARIF consumer would reject.
pub fn statistics_format(common: &Common) -> Result<(), Failure> {
    if common.statistics && common.format == Format::Sarif {
        return Err(Failure::Message(
            "--statistics cannot be written as SARIF: use --format json or jsonl".to_owned(),
        ));
    }
    Ok(())
}

/// The renderer for `format`.
pub fn reporter(format: Format, console: &Console) -> Box<dyn Report> {
    match format {
        Format::Human => Box::new(Human::new(console.stdout_color, console.width)),
        Format::Concise => Box::new(Concise),
        Format::Json => Box::new(Json::default()),
        Format::Jsonl => Box::new(JsonLines),
        Format::Sarif => Box::new(Sarif::new(std::env::current_dir().ok().as_deref())),
        Format::Github => Box::new(Github),
    }
}

/// Counts over a run's findings.
pub struct Tally {
    fail_on: FailOn,
    pub files: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    /// Findings per rule, with how many carry a safe fix.
    pub by_rule: BTreeMap<&'static str, RuleCount>,
    pub safe_fixes: usize,
    pub unsafe_fixes: usize,
    /// A finding at or above the fail level was seen.
    pub failed: bool,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct RuleCount {
    pub count: usize,
    pub fixable: usize,
}

impl Tally {
    pub fn new(fail_on: FailOn) -> Self {
        Self {
            fail_on,
            files: 0,
            by_severity: BTreeMap::new(),
            by_rule: BTreeMap::new(),
            safe_fixes: 0,
            unsafe_fixes: 0,
            failed: false,
        }
    }

    pub fn file(&mut self, diagnostics: &[Diagnostic]) {
        self.files += 1;
        for diagnostic in diagnostics {
            *self.by_severity.entry(diagnostic.severity).or_default() += 1;
            let rule = self.by_rule.entry(diagnostic.rule).or_default();
            rule.count += 1;
            match diagnostic.fix.as_ref().map(|fix| fix.applicability) {
                Some(Applicability::Safe) => {
                    rule.fixable += 1;
                    self.safe_fixes += 1;
                }
                Some(Applicability::Unsafe) => self.unsafe_fixes += 1,
                _ => {}
            }
            self.failed |= self.fail_on.fails(diagnostic.severity);
        }
    }

    pub fn findings(&self) -> usize {
        self.by_severity.values().sum()
    }

    /// `3 findings (1 error, 2 warnings)`.
    pub fn findings_phrase(&self) -> String {
        let parts: Vec<String> = self
            .by_severity
            .iter()
            .rev()
            .map(|(severity, count)| plural(*count, severity.as_str()))
            .collect();
        format!(
            "{} ({})",
            plural(self.findings(), "finding"),
            parts.join(", ")
        )
    }

    fn check_summary(&self) -> String {
        self.summary_of(format!("checked {}", plural(self.files, "file")))
    }

    /// `{checked}: 3 findings (…); 2 fixable with `copydesk fix``.
    pub fn summary_of(&self, checked: String) -> String {
        if self.findings() == 0 {
            return format!("{checked}: no findings");
        }
        let mut line = format!("{checked}: {}", self.findings_phrase());
        if self.safe_fixes > 0 {
            line += &format!("; {} fixable with `copydesk fix`", self.safe_fixes);
        }
        if self.unsafe_fixes > 0 {
            line += &format!(
                "; {} more with `copydesk fix --unsafe-fixes`",
                self.unsafe_fixes
            );
        }
        line
    }

    /// Findings per rule, most frequent first: a table, or JSON for `json` and `jsonl`.
    pub fn write_statistics(&self, out: &mut dyn Write, format: Format) -> io::Result<()> {
        #[derive(Serialize)]
        struct Row<'a> {
            rule: &'a str,
            count: usize,
            fixable: usize,
        }
        let mut rows: Vec<Row> = self
            .by_rule
            .iter()
            .map(|(rule, counts)| Row {
                rule,
                count: counts.count,
                fixable: counts.fixable,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
        match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                out.write_all(b"\n")
            }
            Format::Jsonl => rows.iter().try_for_each(|row| {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")
            }),
            Format::Human | Format::Concise | Format::Github | Format::Sarif => {
                let count_width = rows.first().map_or(1, |row| row.count.to_string().len());
                let rule_width = rows.iter().map(|row| row.rule.len()).max().unwrap_or(0);
                for row in &rows {
                    let fixable = if row.fixable > 0 {
                        format!("  {} fixable", row.fixable)
                    } else {
                        String::new()
                    };
                    let line = format!(
                        "{:>count_width$}  {:<rule_width$}{fixable}",
                        row.count, row.rule
                    );
                    writeln!(out, "{}", line.trim_end())?;
                }
                Ok(())
            }
        }
    }
}
