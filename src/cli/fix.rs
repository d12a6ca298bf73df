//! `copydesk fix`: apply fixes until the text settles, then write each changed file atomically
//! (or print a unified diff with `--diff`, or the fixed text when reading standard input), and
//! report what was fixed and what remains.

use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use copydesk::document::LineIndex;
use copydesk::fix::{write_unified_diff, MAX_PASSES};
use copydesk::render::FileReport;
use copydesk::{FixMode, FixOutcome, Linter};

use super::args::FixArgs;
use super::check::{self, reporter, skipped_binary, status, Inputs, Tally};
use super::input::{self, Content, Input, InputError};
use super::progress::{self, Progress};
use super::write::{self, WriteError};
use super::{config, describe, plural, records, Console, Failure, Status};

pub fn run(args: FixArgs, console: &mut Console) -> Result<Status, Failure> {
    let common = &args.common;
    console.quiet = common.quiet;
    let fields = records::fields(common)?;
    check::statistics_format(common)?;
    let settings = config::load(common, console)?;
    let inputs = Inputs::collect(&args.paths, common, &settings, console);
    if let Some(fields) = &fields {
        return records::fix(&args, &inputs, &settings, fields, console);
    }
    let mode = if args.unsafe_fixes {
        FixMode::IncludeUnsafe
    } else {
        FixMode::SafeOnly
    };
    let write_in_place = !args.diff;
    // Standard output carries the diff or the fixed text when there is one; else the findings
    // that remain.
    let print_findings = !args.diff && !inputs.list.contains(&Input::Stdin);
    let mut errors = inputs.errors;
    let mut report = reporter(common.format, console);
    let progress = Progress::files(inputs.list.len(), common);
    let mut out = BufWriter::new(progress::stdout());
    let mut remaining = Tally::new(settings.fail_on);
    let (mut fixes, mut fixed_files) = (0, 0);
    let mut written_dirs = BTreeSet::new();

    for chunk in inputs.list.chunks(inputs.chunk) {
        let results: Vec<Fixed> = chunk
            .par_iter()
            .map(|input| {
                match config::linter_for(&settings, input, common.stdin_filename.as_deref()) {
                    Ok(linter) => fix_one(input, &linter, mode, write_in_place),
                    Err(error) => Fixed::Failed(error),
                }
            })
            .collect();
        for (input, result) in chunk.iter().zip(results) {
            let path = input.display(&inputs.stdin_name);
            let (outcome, written) = match result {
                Fixed::Text { outcome, written } => (outcome, written),
                Fixed::Binary { nul_at, bytes } => {
                    skipped_binary(console, &path, nul_at);
                    if *input == Input::Stdin && !args.diff {
                        // A filter passes what it does not understand through unchanged.
                        out.write_all(&bytes)?;
                    }
                    continue;
                }
                Fixed::Failed(error) => {
                    console.error(&format!("{path}: {error}"));
                    errors += 1;
                    continue;
                }
            };
            if !outcome.not_converged.is_empty() {
                console.warning(&format!(
                    "{path}: fixes did not settle after {MAX_PASSES} passes; still changing: {}",
                    outcome.not_converged.join(", ")
                ));
            }
            match written {
                Ok(Some(dir)) => {
                    written_dirs.insert(dir);
                }
                Ok(None) => {}
                Err(error) => {
                    let cause = match error {
                        WriteError::ReadOnly => "read-only file, left unchanged".to_owned(),
                        WriteError::Io(error) => format!("cannot write: {}", describe(&error)),
                    };
                    console.error(&format!("{path}: {cause}"));
                    errors += 1;
                    continue;
                }
            }
            if outcome.fix_count() > 0 {
                fixes += outcome.fix_count();
                fixed_files += 1;
            }
            remaining.file(&outcome.remaining);
            if args.diff {
                write_unified_diff(&mut out, &path, &outcome.text, &outcome.changes)?;
            } else if *input == Input::Stdin {
                out.write_all(outcome.text.as_bytes())?;
            } else if print_findings && !common.statistics && !outcome.remaining.is_empty() {
                let index = LineIndex::new(&outcome.text);
                report.file(
                    &mut out,
                    &FileReport::new(&path, &outcome.text, &index, &outcome.remaining),
                )?;
            }
        }
        out.flush()?;
        progress.advance(chunk.len() as u64);
    }
    progress.finish();
    write::sync_dirs(written_dirs.iter().map(PathBuf::as_path));
    if print_findings {
        if common.statistics {
            remaining.write_statistics(&mut out, common.format)?;
        } else {
            report.finish(&mut out)?;
        }
    }
    out.flush()?;
    console.summary(&summary(args.diff, fixes, fixed_files, "file", &remaining));
    Ok(status(errors, remaining.failed, common.exit_zero))
}

/// One input after fixing. The original text is not kept: `outcome.changes` records what it
/// held where the fixes changed it.
enum Fixed {
    Text {
        outcome: FixOutcome,
        /// Whether writing the fixed text back succeeded, and the directory to sync when
        /// something was written.
        written: Result<Option<PathBuf>, WriteError>,
    },
    Binary {
        nul_at: usize,
        bytes: Vec<u8>,
    },
    Failed(InputError),
}

fn fix_one(input: &Input, linter: &Linter, mode: FixMode, write_in_place: bool) -> Fixed {
    match input::read(input) {
        Ok(Content::Text(original)) => {
            let outcome = linter.fix_owned(original, mode);
            let written = match input {
                Input::File(path) if write_in_place && outcome.changed() => {
                    write::replace_unsynced(path, outcome.text.as_bytes()).map(Some)
                }
                _ => Ok(None),
            };
            Fixed::Text { outcome, written }
        }
        Ok(Content::Binary { nul_at, bytes }) => Fixed::Binary { nul_at, bytes },
        Err(error) => Fixed::Failed(error),
    }
}

/// `applied 4 fixes in 2 files; 1 finding (1 warning) remains`; `unit` names what was fixed
/// (files, or records of a JSON Lines input).
pub fn summary(diff: bool, fixes: usize, files: usize, unit: &str, remaining: &Tally) -> String {
    let done = match (diff, fixes) {
        (false, 0) => "no fixes applied".to_owned(),
        (true, 0) => "no fixes to apply".to_owned(),
        (false, _) => format!(
            "applied {} in {}",
            plural(fixes, "fix"),
            plural(files, unit)
        ),
        (true, _) => format!(
            "would apply {} in {}",
            plural(fixes, "fix"),
            plural(files, unit)
        ),
    };
    let left = match remaining.findings() {
        0 => "no findings remain".to_owned(),
        1 => format!("{} remains", remaining.findings_phrase()),
        _ => format!("{} remain", remaining.findings_phrase()),
    };
    let mut line = format!("{done}; {left}");
    if remaining.unsafe_fixes > 0 {
        line += &format!("; {} fixable with --unsafe-fixes", remaining.unsafe_fixes);
    }
    line
}
