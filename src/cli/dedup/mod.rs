//! `copydesk dedup`: exact and near-duplicate documents across files or JSON Lines records.
//!
//! Inputs are walked as `check` walks them and read once, in parallel chunks, into sketches
//! (`copydesk::corpus::dedup`): memory holds band hashes, a few numbers and the name of each
//! document, never its text. Candidates are then verified by reading just those documents
//! again. A file that cannot be read, a document without words, a line that is not a record and
//! a repeated record id are reported as they are met; the run goes on and exits 2 at the end.

mod report;
mod source;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use copydesk::corpus::dedup::{cluster, DocSketch, Index, LoadError, Params};
use copydesk::corpus::{Banding, Sketcher};
use copydesk::records::{EntryKind, Fields};

use super::args::{DedupArgs, DedupFormat};
use super::check::{skipped_binary, status};
use super::input::{self, Content, Input, InputError};
use super::progress::{self, Progress};
use super::records::{self, batch_bytes, Batches};
use super::{config, describe, walk, Console, Failure, Status};
use source::{id_text, Docs, Source};

/// Files sketched per parallel chunk.
const CHUNK: usize = 256;

pub fn run(args: &DedupArgs, console: &mut Console) -> Result<Status, Failure> {
    console.quiet = args.quiet;
    let params = params(args)?;
    let fields = records::fields_of(args.input, &args.text_field, &args.id_field)?;
    if args.paths.iter().any(|path| path.as_os_str() == "-") {
        return Err(Failure::Message(
            "dedup reads each document a second time to verify it, so it cannot read standard \
             input: save it to a file first"
                .to_owned(),
        ));
    }
    let threads = args.jobs.unwrap_or(0);
    // The global pool can be built once; a second build (only in tests) keeps the first.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    let settings = config::load_for_walk(args.config.as_deref(), args.input, console)?;
    let globs = walk::Globs {
        include: &settings.include,
        exclude: &settings.exclude,
        force_exclude_from: None,
    };
    let (inputs, mut errors) = walk::collect(&args.paths, false, &globs, threads, console);
    let mut signatures = args
        .emit_signatures
        .as_deref()
        .map(SignatureFile::create)
        .transpose()?;

    let mut docs = Docs {
        files: inputs
            .into_iter()
            .filter_map(|input| match input {
                Input::File(path) => Some(path),
                Input::Stdin => None,
            })
            .collect(),
        ..Docs::default()
    };
    let mut index = Index::new(&params);
    let mut sketching = Sketching {
        params: &params,
        docs: &mut docs,
        index: &mut index,
        signatures: signatures.as_mut(),
        console,
        errors: 0,
    };
    match &fields {
        Some(fields) => sketching.records(fields, args)?,
        None => sketching.files(args)?,
    }
    errors += sketching.errors;
    if let Some(file) = signatures {
        file.finish()?;
    }
    errors += duplicate_ids(&docs, console);

    let outcome = cluster(&index, &params, |doc| docs.load(doc, fields.as_ref()));
    for (doc, failure) in &outcome.failures {
        let cause = match failure {
            LoadError::Failed(cause) => cause.as_str(),
            LoadError::Changed => "changed while dedup ran, not compared",
        };
        console.error(&format!("{}: {cause}", docs.id(*doc)));
        errors += 1;
    }

    let report = report::Report {
        docs: &docs,
        index: &index,
        clusters: &outcome.clusters,
        keep: args.keep,
        fields: fields.as_ref(),
    };
    let mut out = BufWriter::new(progress::stdout());
    if args.list_drop {
        report.list_drop(&mut out)?;
    } else {
        report.write(&mut out, args.format)?;
    }
    out.flush()?;
    if args.format == DedupFormat::Human && !args.list_drop {
        console.summary(&report.summary());
    }
    Ok(status(errors, !outcome.clusters.is_empty(), args.exit_zero))
}

fn params(args: &DedupArgs) -> Result<Params, Failure> {
    let banding = match (args.bands, args.rows) {
        (Some(bands), Some(rows)) => Some(Banding { bands, rows }),
        _ => None,
    };
    Params::new(
        args.shingle_words,
        args.permutations,
        args.threshold,
        banding,
    )
    .map_err(|error| Failure::Message(error.to_string()))
}

/// The first read: every input sketched into the index.
struct Sketching<'a> {
    params: &'a Params,
    docs: &'a mut Docs,
    index: &'a mut Index,
    signatures: Option<&'a mut SignatureFile>,
    console: &'a Console,
    errors: usize,
}

/// One file, read and sketched.
enum Sketched {
    Doc { sketch: DocSketch, size: usize },
    Binary { nul_at: usize },
    Failed(InputError),
}

impl Sketching<'_> {
    fn files(&mut self, args: &DedupArgs) -> Result<(), Failure> {
        let progress =
            Progress::documents(self.docs.files.len() as u64, args.quiet, args.no_progress);
        let numbers: Vec<u32> = (0..self.docs.files.len() as u32).collect();
        for chunk in numbers.chunks(CHUNK) {
            let params = self.params;
            let files = &self.docs.files;
            let sketched: Vec<Sketched> = chunk
                .par_iter()
                .map_init(
                    || (params.sketcher(), Vec::new()),
                    |(sketcher, signature), &file| {
                        sketch_file(&files[file as usize], params, sketcher, signature)
                    },
                )
                .collect();
            for (&file, result) in chunk.iter().zip(sketched) {
                let path = self.docs.files[file as usize].display().to_string();
                match result {
                    Sketched::Doc { sketch, size } => {
                        self.add(Source::File(file), &sketch, size, &path)?;
                    }
                    Sketched::Binary { nul_at } => {
                        progress::suspended(|| skipped_binary(self.console, &path, nul_at));
                    }
                    Sketched::Failed(error) => self.error(&format!("{path}: {error}")),
                }
            }
            progress.advance(chunk.len() as u64);
        }
        progress.finish();
        Ok(())
    }

    fn records(&mut self, fields: &Fields, args: &DedupArgs) -> Result<(), Failure> {
        let total = self
            .docs
            .files
            .iter()
            .filter_map(|path| path.metadata().ok().map(|meta| meta.len()))
            .sum();
        let progress = Progress::record_bytes(total, args.quiet, args.no_progress);
        for file in 0..self.docs.files.len() as u32 {
            let path = self.docs.files[file as usize].clone();
            let shown = path.display().to_string();
            let mut batches = match Batches::open(&Input::File(path), fields) {
                Ok(batches) => batches,
                Err(error) => {
                    self.error(&format!("{shown}: {error}"));
                    continue;
                }
            };
            while let Some(batch) = batches.next_batch() {
                let batch = match batch {
                    Ok(batch) => batch,
                    Err(error) => {
                        self.error(&format!("{shown}: {}", describe(&error)));
                        break;
                    }
                };
                let params = self.params;
                let sketches: Vec<Option<DocSketch>> = batch
                    .par_iter()
                    .map_init(
                        || (params.sketcher(), Vec::new()),
                        |(sketcher, signature), entry| match &entry.kind {
                            EntryKind::Record(record) => {
                                Some(DocSketch::new(&record.text, params, sketcher, signature))
                            }
                            EntryKind::Blank | EntryKind::Invalid(_) => None,
                        },
                    )
                    .collect();
                for (entry, sketch) in batch.iter().zip(sketches) {
                    let line = u32::try_from(entry.line).unwrap_or(u32::MAX);
                    let place = format!("{shown}:{line}");
                    match (&entry.kind, sketch) {
                        (EntryKind::Record(record), Some(sketch)) => {
                            let source = Source::Record {
                                file,
                                line,
                                offset: entry.offset,
                                id: record.id.as_ref().map(id_text),
                            };
                            self.add(source, &sketch, record.text.len(), &place)?;
                        }
                        (EntryKind::Invalid(error), _) => self.error(&format!("{place}: {error}")),
                        _ => {}
                    }
                }
                progress.advance(batch_bytes(&batch));
            }
        }
        progress.finish();
        Ok(())
    }

    /// Adds a sketched document, or reports it when it has no words.
    fn add(
        &mut self,
        source: Source,
        sketch: &DocSketch,
        size: usize,
        place: &str,
    ) -> Result<(), Failure> {
        if sketch.shingles == 0 {
            self.error(&format!("{place}: empty document (no words), skipped"));
            return Ok(());
        }
        let doc = self.index.push(sketch);
        self.docs.push(source, size);
        if let Some(file) = self.signatures.as_deref_mut() {
            file.write(&self.docs.id(doc), &sketch.bands)?;
        }
        Ok(())
    }

    fn error(&mut self, message: &str) {
        progress::suspended(|| self.console.error(message));
        self.errors += 1;
    }
}

fn sketch_file(
    path: &Path,
    params: &Params,
    sketcher: &mut Sketcher,
    signature: &mut Vec<u32>,
) -> Sketched {
    match input::read(&Input::File(path.to_path_buf())) {
        Ok(Content::Text(text)) => Sketched::Doc {
            sketch: DocSketch::new(&text, params, sketcher, signature),
            size: text.len(),
        },
        Ok(Content::Binary { nul_at, .. }) => Sketched::Binary { nul_at },
        Err(error) => Sketched::Failed(error),
    }
}

/// Records that share an id: each later one is reported (both are still compared).
fn duplicate_ids(docs: &Docs, console: &Console) -> usize {
    let mut with_id: Vec<(&str, u32)> = docs
        .sources
        .iter()
        .enumerate()
        .filter_map(|(doc, source)| match source {
            Source::Record { id: Some(id), .. } => Some((&**id, doc as u32)),
            _ => None,
        })
        .collect();
    with_id.sort_unstable();
    let mut errors = 0;
    for group in with_id.chunk_by(|a, b| a.0 == b.0) {
        let (id, first) = group[0];
        for &(_, doc) in &group[1..] {
            console.error(&format!(
                "{}:{}: duplicate id `{id}`, first at {}:{} (both are compared)",
                docs.path(doc),
                docs.line(doc).unwrap_or(0),
                docs.path(first),
                docs.line(first).unwrap_or(0),
            ));
            errors += 1;
        }
    }
    errors
}

/// `--emit-signatures`: one JSON object per document, `{"id": …, "bands": ["<16 hex digits>",
/// …]}`, band `j` at position `j`.
struct SignatureFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl SignatureFile {
    fn create(path: &Path) -> Result<Self, Failure> {
        let file = File::create(path).map_err(|error| Self::failure(path, &error))?;
        Ok(Self {
            path: path.to_path_buf(),
            out: BufWriter::new(file),
        })
    }

    fn write(&mut self, id: &str, bands: &[u64]) -> Result<(), Failure> {
        self.write_line(id, bands)
            .map_err(|error| Self::failure(&self.path, &error))
    }

    fn write_line(&mut self, id: &str, bands: &[u64]) -> io::Result<()> {
        self.out.write_all(b"{\"id\":")?;
        serde_json::to_writer(&mut self.out, id)?;
        self.out.write_all(b",\"bands\":[")?;
        for (index, band) in bands.iter().enumerate() {
            let comma = if index == 0 { "" } else { "," };
            write!(self.out, "{comma}\"{band:016x}\"")?;
        }
        self.out.write_all(b"]}\n")
    }

    fn finish(mut self) -> Result<(), Failure> {
        self.out
            .flush()
            .map_err(|error| Self::failure(&self.path, &error))
    }

    fn failure(path: &Path, error: &io::Error) -> Failure {
        Failure::Message(format!(
            "{}: cannot write signatures: {}",
            path.display(),
            describe(error)
        ))
    }
}
