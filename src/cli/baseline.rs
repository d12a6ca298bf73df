//! `check --write-baseline FILE` and `check --baseline FILE`: recording a run's findings, and
//! hiding recorded findings from a later run (see the library's `baseline` module for the
//! fingerprints and the file format).
//!
//! Paths in a baseline are relative to the baseline file's directory, so a gate works from any
//! directory it is run in. An entry no longer matched is stale: it counts when its file was
//! checked in this run or no longer exists, so checking part of a corpus does not call the rest
//! of the baseline stale.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use copydesk::baseline::{self, Baseline, Entry};
use copydesk::Diagnostic;

use super::{describe, plural, Console, Failure};

/// What a run does with a baseline.
pub enum Mode {
    Off,
    /// Hide findings recorded in the baseline.
    Filter(Filter),
    /// Record every finding, print none.
    Write(Recorder),
}

impl Mode {
    pub fn new(filter: Option<&Path>, write: Option<&Path>) -> Result<Self, Failure> {
        match (write, filter) {
            (Some(path), _) => Ok(Mode::Write(Recorder {
                file: path.to_owned(),
                base: Base::new(path)?,
                entries: Vec::new(),
                files: HashSet::new(),
            })),
            (None, Some(path)) => Filter::read(path).map(Mode::Filter),
            (None, None) => Ok(Mode::Off),
        }
    }

    pub fn is_off(&self) -> bool {
        matches!(self, Mode::Off)
    }

    /// Whether the run records findings instead of reporting them.
    pub fn records(&self) -> bool {
        matches!(self, Mode::Write(_))
    }

    /// The findings of the file shown as `path` that the run reports.
    pub fn apply(
        &mut self,
        path: &str,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        self.apply_record(path, None, text, diagnostics)
    }

    /// [`Mode::apply`] for the text of a JSON Lines record (`record` as in
    /// [`Entry::record`]).
    pub fn apply_record(
        &mut self,
        path: &str,
        record: Option<&str>,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        match self {
            Mode::Off => diagnostics,
            Mode::Filter(filter) => filter.apply(path, record, text, diagnostics),
            Mode::Write(recorder) => {
                recorder.record(path, record, text, &diagnostics);
                Vec::new()
            }
        }
    }

    /// Writes the baseline, or says how many of its entries went stale.
    pub fn finish(self, console: &Console) -> Result<(), Failure> {
        match self {
            Mode::Off => Ok(()),
            Mode::Filter(filter) => {
                filter.report(console);
                Ok(())
            }
            Mode::Write(recorder) => recorder.write(console),
        }
    }
}

/// Paths as a baseline records them: relative to its directory, `/`-separated.
struct Base {
    cwd: PathBuf,
    dir: PathBuf,
}

impl Base {
    fn new(file: &Path) -> Result<Self, Failure> {
        let cwd = std::env::current_dir().map_err(|error| {
            Failure::Message(format!(
                "cannot read the current directory: {}",
                describe(&error)
            ))
        })?;
        let dir = normalise(&cwd.join(file))
            .parent()
            .map_or_else(|| cwd.clone(), Path::to_owned);
        Ok(Self { cwd, dir })
    }

    fn key(&self, shown: &str) -> String {
        let absolute = normalise(&self.cwd.join(shown));
        let relative = match absolute.strip_prefix(&self.dir) {
            Ok(inside) => inside.to_owned(),
            Err(_) => relative_path(&self.dir, &absolute),
        };
        relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn resolve(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }
}

/// `path` with `.` and `..` resolved lexically (symlinks are not followed: a baseline names
/// files as the user does).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to `from`, both absolute and normalised, climbing with `..` as needed.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    out
}

pub struct Recorder {
    file: PathBuf,
    base: Base,
    entries: Vec<Entry>,
    /// Paths (as keys) with findings.
    files: HashSet<String>,
}

impl Recorder {
    fn record(&mut self, path: &str, record: Option<&str>, text: &str, diagnostics: &[Diagnostic]) {
        if !diagnostics.is_empty() {
            let key = self.base.key(path);
            self.entries
                .extend(baseline::record_entries(&key, record, text, diagnostics));
            self.files.insert(key);
        }
    }

    fn write(self, console: &Console) -> Result<(), Failure> {
        let count = self.entries.len();
        let text = Baseline::new(self.entries).to_json();
        write_file(&self.file, &text).map_err(|error| {
            Failure::Message(format!(
                "{}: cannot write the baseline: {}",
                self.file.display(),
                describe(&error)
            ))
        })?;
        console.note(&format!(
            "wrote {} in {} to {}",
            plural(count, "finding"),
            plural(self.files.len(), "file"),
            self.file.display()
        ));
        Ok(())
    }
}

/// Writes `text` to `path` through a temporary file in the same directory, so a reader never
/// sees half a baseline.
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map(drop).map_err(|error| error.error)
}

pub struct Filter {
    base: Base,
    /// Entries not matched yet.
    unmatched: HashSet<Entry>,
    /// Paths (as keys) checked in this run.
    checked: HashSet<String>,
    hidden: usize,
}

impl Filter {
    fn read(path: &Path) -> Result<Self, Failure> {
        let fail = |cause: String| Failure::Message(format!("{}: {cause}", path.display()));
        let text = fs::read_to_string(path).map_err(|error| fail(describe(&error)))?;
        let baseline = Baseline::parse(&text).map_err(|error| fail(error.to_string()))?;
        Ok(Self {
            base: Base::new(path)?,
            unmatched: baseline.iter().cloned().collect(),
            checked: HashSet::new(),
            hidden: 0,
        })
    }

    fn apply(
        &mut self,
        path: &str,
        record: Option<&str>,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let key = self.base.key(path);
        if diagnostics.is_empty() {
            self.checked.insert(key);
            return diagnostics;
        }
        let entries = baseline::record_entries(&key, record, text, &diagnostics);
        self.checked.insert(key);
        let before = diagnostics.len();
        let kept: Vec<Diagnostic> = diagnostics
            .into_iter()
            .zip(entries)
            .filter(|(_, entry)| !self.unmatched.remove(entry))
            .map(|(diagnostic, _)| diagnostic)
            .collect();
        self.hidden += before - kept.len();
        kept
    }

    fn report(self, console: &Console) {
        let stale = self
            .unmatched
            .iter()
            .filter(|entry| {
                self.checked.contains(&entry.path) || !self.base.resolve(&entry.path).exists()
            })
            .count();
        let mut line = format!("baseline: {} hidden", plural(self.hidden, "known finding"));
        if stale > 0 {
            line += &if stale == 1 {
                "; 1 entry no longer matches".to_owned()
            } else {
                format!("; {stale} entries no longer match")
            };
            line += " (fixed or edited): refresh it with --write-baseline";
        }
        console.note(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keys_are_relative_to_the_baseline_directory() {
        let base = Base {
            cwd: PathBuf::from("/work/desk"),
            dir: PathBuf::from("/work"),
        };
        assert_eq!(base.key("news/a.txt"), "desk/news/a.txt");
        assert_eq!(base.key("./news/../b.txt"), "desk/b.txt");
        assert_eq!(base.key("/elsewhere/c.txt"), "../elsewhere/c.txt");
    }
}
