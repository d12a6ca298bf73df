//! `check` and `fix` over JSON Lines corpora (`--input jsonl`): each line is a record whose
//! `--text-field` is linted as a document of its own. Findings name the file, the record's line
//! and its `--id-field`, with spans and positions relative to the field's text.
//!
//! Records stream through in batches: a batch is linted (or fixed) in parallel, then reported in
//! order, so a corpus of any size runs in bounded memory; `fix` streams a changed file's new
//! content to a temporary file that replaces it atomically at the end. A line that is not a record is reported as an error
//! (exit 2 at the end) and passes through `fix` byte for byte, as every unchanged record does;
//! a changed record has only its text field's value rewritten.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use rayon::prelude::*;
use similar::TextDiff;

use copydesk::document::LineIndex;
use copydesk::records::{Entry, EntryKind, Fields, Record, Records};
use copydesk::render::{FileReport, RecordRef, Report};
use copydesk::settings::Settings;
use copydesk::{Diagnostic, FixMode, FixOutcome};

use super::args::{Common, FixArgs, InputKind};
use super::check::{reporter, status, Inputs, Tally};
use super::fix::summary;
use super::input::{Input, InputError};
use super::progress::{self, Progress};
use super::write::{Replacement, WriteError};
use super::{baseline, config, describe, plural, Console, Failure, Status};

/// The field `--text-field` names when it is not given.
const DEFAULT_TEXT_FIELD: &str = "text";

/// Records per batch, and bytes: whichever fills first.
const BATCH_RECORDS: usize = 4096;
const BATCH_BYTES: usize = 8 << 20;

/// The fields to read when the inputs are JSON Lines; naming fields for text input is a usage
/// error.
pub fn fields(common: &Common) -> Result<Option<Fields>, Failure> {
    fields_of(common.input, &common.text_field, &common.id_field)
}

/// [`fields`] from the flags themselves.
pub fn fields_of(
    input: InputKind,
    text_field: &Option<String>,
    id_field: &Option<String>,
) -> Result<Option<Fields>, Failure> {
    if input == InputKind::Jsonl {
        let text = text_field.as_deref().unwrap_or(DEFAULT_TEXT_FIELD);
        return Ok(Some(Fields::new(text, id_field.clone())));
    }
    let flag = match (text_field, id_field) {
        (Some(_), _) => "--text-field",
        (None, Some(_)) => "--id-field",
        (None, None) => return Ok(None),
    };
    Err(Failure::Message(format!("{flag} needs --input jsonl")))
}

/// `copydesk check --input jsonl`.
pub fn check(
    inputs: &Inputs,
    settings: &Settings,
    common: &Common,
    fields: &Fields,
    mut baseline: baseline::Mode,
    console: &Console,
) -> Result<Status, Failure> {
    let mut errors = inputs.errors;
    let mut report = reporter(common.format, console);
    let progress = Progress::bytes(total_bytes(inputs), common);
    let mut out = BufWriter::new(progress::stdout());
    let mut tally = Tally::new(settings.fail_on);
    let mut files = 0;

    for input in &inputs.list {
        let path = input.display(&inputs.stdin_name);
        let opened = config::linter_for(settings, input, common.stdin_filename.as_deref())
            .and_then(|linter| Ok((linter, Batches::open(input, fields)?)));
        let (linter, mut batches) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                console.error(&format!("{path}: {error}"));
                errors += 1;
                continue;
            }
        };
        files += 1;
        while let Some(batch) = batches.next_batch() {
            let batch = match batch {
                Ok(batch) => batch,
                Err(error) => {
                    console.error(&format!("{path}: {}", describe(&error)));
                    errors += 1;
                    break;
                }
            };
            let linted: Vec<Option<Vec<Diagnostic>>> = batch
                .par_iter()
                .map(|entry| record(entry).map(|record| linter.lint(&record.text)))
                .collect();
            for (entry, diagnostics) in batch.iter().zip(linted) {
                let Some(record) = record(entry) else {
                    errors += invalid(console, &path, entry);
                    continue;
                };
                let record_ref = record_ref(entry, record, fields);
                let diagnostics = diagnostics.unwrap_or_default();
                let diagnostics = if baseline.is_off() {
                    diagnostics
                } else {
                    let name = baseline_name(&record_ref);
                    baseline.apply_record(&path, Some(&name), &record.text, diagnostics)
                };
                tally.file(&diagnostics);
                if !common.statistics && !diagnostics.is_empty() {
                    let index = LineIndex::new(&record.text);
                    let file = FileReport::new(&path, &record.text, &index, &diagnostics)
                        .with_record(record_ref);
                    report.file(&mut out, &file)?;
                }
            }
            out.flush()?;
            progress.advance(batch_bytes(&batch));
        }
    }
    progress.finish();
    if common.statistics {
        tally.write_statistics(&mut out, common.format)?;
    } else {
        report.finish(&mut out)?;
    }
    out.flush()?;
    if !baseline.records()
        && matches!(
            common.format,
            super::args::Format::Human | super::args::Format::Concise
        )
    {
        let checked = format!(
            "checked {} in {}",
            plural(tally.files, "record"),
            plural(files, "file")
        );
        console.summary(&tally.summary_of(checked));
    }
    baseline.finish(console)?;
    Ok(status(errors, tally.failed, common.exit_zero))
}

/// `copydesk fix --input jsonl`.
pub fn fix(
    args: &FixArgs,
    inputs: &Inputs,
    settings: &Settings,
    fields: &Fields,
    console: &Console,
) -> Result<Status, Failure> {
    let common = &args.common;
    let mode = if args.unsafe_fixes {
        FixMode::IncludeUnsafe
    } else {
        FixMode::SafeOnly
    };
    let mut run = FixRun {
        // Standard output carries the diff or the fixed records when there are any; else the
        // findings that remain.
        print_findings: !args.diff && !common.statistics && !inputs.list.contains(&Input::Stdin),
        diff: args.diff,
        errors: inputs.errors,
        report: reporter(common.format, console),
        remaining: Tally::new(settings.fail_on),
        fixes: 0,
        fixed_records: 0,
    };
    let progress = Progress::bytes(total_bytes(inputs), common);
    let mut out = BufWriter::new(progress::stdout());

    for input in &inputs.list {
        let path = input.display(&inputs.stdin_name);
        let opened = config::linter_for(settings, input, common.stdin_filename.as_deref())
            .and_then(|linter| Ok((linter, Batches::open(input, fields)?)));
        let (linter, mut batches) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                console.error(&format!("{path}: {error}"));
                run.errors += 1;
                continue;
            }
        };
        // Standard input's records go to standard output as they are fixed; a file's go to its
        // replacement once one changes.
        let mut sink = Sink::Untouched;
        let mut failed = false;
        let counts_before = (run.fixes, run.fixed_records);
        while let Some(batch) = batches.next_batch() {
            let batch = match batch {
                Ok(batch) => batch,
                Err(error) => {
                    console.error(&format!("{path}: {}", describe(&error)));
                    run.errors += 1;
                    failed = true;
                    break;
                }
            };
            let fixed: Vec<Option<FixOutcome>> = batch
                .par_iter()
                .map(|entry| record(entry).map(|record| linter.fix(&record.text, mode)))
                .collect();
            for (entry, outcome) in batch.iter().zip(fixed) {
                let line = run.entry(&path, entry, outcome, fields, console, &mut out)?;
                match input {
                    _ if args.diff => {}
                    Input::Stdin => out.write_all(line.as_deref().unwrap_or(&entry.bytes))?,
                    Input::File(file) => sink.line(file, entry, line.as_deref()),
                }
            }
            out.flush()?;
            progress.advance(batch_bytes(&batch));
        }
        // A file that could not be read to its end is left as it was.
        let written = if failed { Ok(false) } else { sink.finish() };
        if let Err(error) = &written {
            console.error(&format!("{path}: {}", write_failure(error)));
            run.errors += 1;
        }
        if failed || written.is_err() {
            // Nothing was applied to this file after all.
            (run.fixes, run.fixed_records) = counts_before;
        }
    }
    progress.finish();
    if !args.diff && !inputs.list.contains(&Input::Stdin) {
        if common.statistics {
            run.remaining.write_statistics(&mut out, common.format)?;
        } else {
            run.report.finish(&mut out)?;
        }
    }
    out.flush()?;
    console.summary(&summary(
        args.diff,
        run.fixes,
        run.fixed_records,
        "record",
        &run.remaining,
    ));
    Ok(status(run.errors, run.remaining.failed, common.exit_zero))
}

/// What a `fix` run prints, and what it has counted so far.
struct FixRun {
    print_findings: bool,
    diff: bool,
    errors: usize,
    report: Box<dyn Report>,
    remaining: Tally,
    fixes: usize,
    fixed_records: usize,
}

impl FixRun {
    /// Reports one entry after fixing and returns its new line when the record changed.
    fn entry(
        &mut self,
        path: &str,
        entry: &Entry,
        outcome: Option<FixOutcome>,
        fields: &Fields,
        console: &Console,
        out: &mut dyn Write,
    ) -> Result<Option<Vec<u8>>, Failure> {
        let (Some(record), Some(outcome)) = (record(entry), outcome) else {
            self.errors += invalid(console, path, entry);
            return Ok(None);
        };
        let location = record_ref(entry, record, fields);
        if !outcome.not_converged.is_empty() {
            console.warning(&format!(
                "{path}:{}: fixes did not settle after {} passes; still changing: {}",
                entry.line,
                copydesk::fix::MAX_PASSES,
                outcome.not_converged.join(", ")
            ));
        }
        self.remaining.file(&outcome.remaining);
        let index = LineIndex::new(&outcome.text);
        let file =
            FileReport::new(path, &outcome.text, &index, &outcome.remaining).with_record(location);
        if self.print_findings && !outcome.remaining.is_empty() {
            self.report.file(out, &file)?;
        }
        if !outcome.changed() {
            return Ok(None);
        }
        self.fixes += outcome.fix_count();
        self.fixed_records += 1;
        if self.diff {
            let name = file.source_name();
            let diff = TextDiff::from_lines(record.text.as_str(), outcome.text.as_str());
            write!(out, "{}", diff.unified_diff().header(&name, &name))?;
        }
        Ok(entry.with_text(&outcome.text))
    }
}

/// Where a file's fixed lines go: nowhere until a record changes, then to the file's
/// replacement, which starts with the file's bytes up to that record, copied from disk. So a
/// corpus of any size is fixed in bounded memory, and an unchanged file is never rewritten.
enum Sink {
    Untouched,
    Writing(Replacement),
    Failed(WriteError),
}

impl Sink {
    /// Takes one entry's line: `changed` is its new bytes when its record changed.
    fn line(&mut self, file: &Path, entry: &Entry, changed: Option<&[u8]>) {
        if matches!(self, Sink::Untouched) && changed.is_some() {
            *self = match replacement_from(file, entry.offset) {
                Ok(replacement) => Sink::Writing(replacement),
                Err(error) => Sink::Failed(error),
            };
        }
        if let Sink::Writing(replacement) = self {
            if let Err(error) = replacement.write_all(changed.unwrap_or(&entry.bytes)) {
                *self = Sink::Failed(WriteError::Io(error));
            }
        }
    }

    /// Swaps the new content in, if there is any, and says whether there was.
    fn finish(self) -> Result<bool, WriteError> {
        match self {
            Sink::Untouched => Ok(false),
            Sink::Writing(replacement) => replacement.commit().map(|()| true),
            Sink::Failed(error) => Err(error),
        }
    }
}

/// A replacement for `file` holding its first `offset` bytes.
fn replacement_from(file: &Path, offset: u64) -> Result<Replacement, WriteError> {
    let mut replacement = Replacement::begin(file)?;
    io::copy(&mut File::open(file)?.take(offset), &mut replacement)?;
    Ok(replacement)
}

/// A file's or standard input's entries, a batch at a time.
pub(super) struct Batches {
    records: Records<Box<dyn BufRead>>,
}

impl Batches {
    pub(super) fn open(input: &Input, fields: &Fields) -> Result<Self, InputError> {
        let reader: Box<dyn BufRead> = match input {
            Input::Stdin => Box::new(io::stdin().lock()),
            Input::File(path) => {
                let file = File::open(path).map_err(InputError::Io)?;
                if file.metadata().map_err(InputError::Io)?.is_dir() {
                    return Err(InputError::Io(io::Error::other("is a directory")));
                }
                Box::new(BufReader::with_capacity(1 << 16, file))
            }
        };
        Ok(Self {
            records: Records::new(reader, fields.clone()),
        })
    }

    pub(super) fn next_batch(&mut self) -> Option<io::Result<Vec<Entry>>> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < BATCH_RECORDS && bytes < BATCH_BYTES {
            match self.records.next() {
                Some(Ok(entry)) => {
                    bytes += entry.bytes.len();
                    batch.push(entry);
                }
                Some(Err(error)) => return Some(Err(error)),
                None => break,
            }
        }
        (!batch.is_empty()).then_some(Ok(batch))
    }
}

/// The size of the input files, for the progress bar (standard input counts nothing).
pub(super) fn total_bytes(inputs: &Inputs) -> u64 {
    inputs
        .list
        .iter()
        .filter_map(|input| match input {
            Input::File(path) => path.metadata().ok().map(|meta| meta.len()),
            Input::Stdin => None,
        })
        .sum()
}

pub(super) fn batch_bytes(batch: &[Entry]) -> u64 {
    batch.iter().map(|entry| entry.bytes.len() as u64).sum()
}

fn record(entry: &Entry) -> Option<&Record> {
    match &entry.kind {
        EntryKind::Record(record) => Some(record),
        EntryKind::Blank | EntryKind::Invalid(_) => None,
    }
}

fn record_ref<'a>(entry: &Entry, record: &'a Record, fields: &'a Fields) -> RecordRef<'a> {
    RecordRef {
        line: entry.line,
        id_field: fields.id.as_deref(),
        id: record.id.as_ref(),
    }
}

/// How a baseline names a record: by its id when it has one, which survives records inserted
/// above it, else by its line.
fn baseline_name(record: &RecordRef) -> String {
    match (record.id_field, record.id) {
        (Some(field), Some(id)) => format!("{field}={id}"),
        _ => format!("line {}", record.line),
    }
}

/// Reports a line that is not a record, and returns how many errors that makes (a blank line
/// is none).
fn invalid(console: &Console, path: &str, entry: &Entry) -> usize {
    match &entry.kind {
        EntryKind::Invalid(error) => {
            console.error(&format!("{path}:{}: {error}", entry.line));
            1
        }
        EntryKind::Record(_) | EntryKind::Blank => 0,
    }
}

fn write_failure(error: &WriteError) -> String {
    match error {
        WriteError::ReadOnly => "read-only file, left unchanged".to_owned(),
        WriteError::Io(error) => format!("cannot write: {}", describe(error)),
    }
}
