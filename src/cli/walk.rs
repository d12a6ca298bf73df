//! Turning command-line paths into a sorted list of inputs. Directories are walked in parallel
//! with the `ignore` crate, honouring `.gitignore`, `.ignore` and `.copydeskignore`, and keep
//! the files the configuration's `include` globs match and `exclude` globs do not. A file named
//! on the command line is checked whatever the globs and ignore files say, unless
//! `--force-exclude` asks for `exclude` to apply to it too: pre-commit names every staged file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::GlobSet;
use ignore::{WalkBuilder, WalkState};

use super::input::Input;
use super::{describe, Console};

/// The per-directory ignore file for paths only copydesk should skip.
const IGNORE_FILE: &str = ".copydeskignore";

/// Which files a walk keeps.
pub struct Globs<'a> {
    pub include: &'a GlobSet,
    pub exclude: &'a GlobSet,
    /// With `--force-exclude`: the directory that files named on the command line are matched
    /// from against `exclude` (the configuration's, else the current one).
    pub force_exclude_from: Option<&'a Path>,
}

/// The inputs `paths` names, sorted and without duplicates. Paths that do not exist and walk
/// errors are reported on `console`; the returned count says how many there were.
pub fn collect(
    paths: &[PathBuf],
    stdin_piped: bool,
    globs: &Globs,
    threads: usize,
    console: &Console,
) -> (Vec<Input>, usize) {
    let default_root = [PathBuf::from(".")];
    let paths = match paths {
        [] if stdin_piped => return (vec![Input::Stdin], 0),
        [] => &default_root[..],
        paths => paths,
    };
    let mut inputs = Vec::new();
    let mut errors = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match path.metadata() {
            Ok(meta) if meta.is_dir() => {
                errors += walk_dir(path, globs, threads, console, &mut inputs);
            }
            Ok(_) if force_excluded(globs, path) => {}
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(error) => {
                console.error(&format!("{}: {}", path.display(), describe(&error)));
                errors += 1;
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}

/// Whether `--force-exclude` drops the named file: `exclude` matches it or a directory above
/// it, relative to the configuration's directory.
fn force_excluded(globs: &Globs, path: &Path) -> bool {
    let Some(root) = globs.force_exclude_from else {
        return false;
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .ancestors()
        .take_while(|ancestor| ancestor.starts_with(root) && *ancestor != root)
        .any(|ancestor| matches(globs.exclude, root, ancestor))
}

/// Walks `root`, appending the files to lint to `out`; returns the number of errors.
fn walk_dir(
    root: &Path,
    globs: &Globs,
    threads: usize,
    console: &Console,
    out: &mut Vec<Input>,
) -> usize {
    let include = globs.include;
    let exclude_dirs = Arc::new(globs.exclude.clone());
    let prune_root = root.to_path_buf();
    let found = Mutex::new(Vec::new());
    let failures = Mutex::new(Vec::new());
    WalkBuilder::new(root)
        .threads(threads)
        .add_custom_ignore_filename(IGNORE_FILE)
        // Corpora are often plain folders, not repositories: a .gitignore there still says
        // what is not the user's text.
        .require_git(false)
        .filter_entry(move |entry| {
            entry.depth() == 0 || !matches(&exclude_dirs, &prune_root, entry.path())
        })
        .build_parallel()
        .run(|| {
            let found = &found;
            let failures = &failures;
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        if is_file && matches(include, root, entry.path()) {
                            let path = clean(entry.into_path());
                            found.lock().expect("no panics while held").push(path);
                        }
                    }
                    Err(error) => failures
                        .lock()
                        .expect("no panics while held")
                        .push(walk_error(&error)),
                }
                WalkState::Continue
            })
        });
    let mut failures = failures.into_inner().expect("no panics while held");
    failures.sort();
    for failure in &failures {
        console.error(failure);
    }
    out.extend(
        found
            .into_inner()
            .expect("no panics while held")
            .into_iter()
            .map(Input::File),
    );
    failures.len()
}

/// Whether `set` matches `path` by file name or by its path relative to the walk's root.
fn matches(set: &GlobSet, root: &Path, path: &Path) -> bool {
    if set.is_empty() {
        return false;
    }
    path.file_name().is_some_and(|name| set.is_match(name))
        || path
            .strip_prefix(root)
            .is_ok_and(|relative| set.is_match(relative))
}

/// `./a.txt` is shown as `a.txt`.
fn clean(path: PathBuf) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => path,
    }
}

/// A walk error as `path: cause`.
fn walk_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, err } => format!("{}: {}", path.display(), cause(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Io(error) => describe(error),
        other => other.to_string(),
    }
}

fn cause(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Io(error) => describe(error),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            cause(err)
        }
        other => other.to_string(),
    }
}
