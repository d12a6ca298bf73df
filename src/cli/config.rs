//! Loading the configuration: finding `copydesk.toml` (or `.copydesk.toml`) by walking up from
//! the current directory, parsing it, reading the rule files its `extend-rules` globs name
//! (relative to the config file) and running their inline examples, then applying the
//! command line's overrides and resolving it all into [`Settings`].
//!
//! Errors in a configuration or rule file are rendered by miette with the file's text attached,
//! so the label points at the offending key.

use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use globset::GlobBuilder;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use copydesk::registry;
use copydesk::rule::Category;
use copydesk::rules::data::RuleFile;
use copydesk::settings::{ConfigError, LinterRef, Options, Settings};

use super::args::{Common, InputKind};
use super::input::{Input, InputError};
use super::{describe, suggest, Console, Failure};

/// Configuration file names, in the order they are looked for in each directory.
pub const CONFIG_NAMES: [&str; 2] = ["copydesk.toml", ".copydesk.toml"];

/// Files a directory walk picks up with `--input jsonl` when `include` is not configured.
const JSONL_INCLUDE: [&str; 2] = ["*.jsonl", "*.ndjson"];

/// How a configuration error in a file is shown: `check` and `fix` render it with its source on
/// standard error; the language server turns it into a message for the editor.
pub type Show<'a> = dyn FnMut(InFile) -> Failure + 'a;

/// The settings `check` and `fix` run with.
pub fn load(common: &Common, console: &Console) -> Result<Settings, Failure> {
    let config = match &common.config {
        Some(path) => Some(path.clone()),
        None => std::env::current_dir().ok().and_then(|cwd| discover(&cwd)),
    };
    let show = &mut |in_file| render(console, in_file);
    let (mut options, rule_files) = match (&config, &common.profile) {
        (Some(path), profile) => read_config(path, profile.as_deref(), console, show)?,
        (None, Some(profile)) => {
            return Err(Failure::Message(format!(
                "--profile {profile}: no configuration file found"
            )))
        }
        (None, None) => (Options::default(), Vec::new()),
    };

    let data_rules = data_rule_names(&rule_files);
    if let Some(select) = &common.select {
        check_selectors("--select", select, &data_rules)?;
        options.select = Some(select.clone());
        options.extend_select = None;
        // The command line's selection is final; per-path ignores still apply.
        for entry in &mut options.per_path {
            entry.select = None;
            entry.extend_select = None;
        }
    }
    if let Some(ignore) = &common.ignore {
        check_selectors("--ignore", ignore, &data_rules)?;
        options.ignore = Some(ignore.clone());
    }
    if let Some(fail_on) = common.fail_on {
        options.fail_on = Some(fail_on.into());
    }
    if common.input == InputKind::Jsonl && options.include.is_none() {
        options.include = Some(JSONL_INCLUDE.iter().map(|glob| glob.to_string()).collect());
    }

    resolve(options, &rule_files, config.as_deref(), show)
}

/// The settings of the configuration file at `path` (defaults when there is none) with
/// `profile` applied, without other command-line overrides: what the language server lints
/// with. Errors in the file go to `show`.
pub fn load_file(
    path: Option<&Path>,
    profile: Option<&str>,
    console: &Console,
    show: &mut Show,
) -> Result<Settings, Failure> {
    let (options, rule_files) = match (path, profile) {
        (Some(path), profile) => read_config(path, profile, console, show)?,
        (None, Some(profile)) => {
            return Err(Failure::Message(format!(
                "--profile {profile}: no configuration file found"
            )))
        }
        (None, None) => (Options::default(), Vec::new()),
    };
    resolve(options, &rule_files, path, show)
}

/// The settings `dedup` walks with: the configuration's `include` and `exclude` (`config`, or
/// the file found from the current directory), with JSON Lines files included by default for
/// `--input jsonl`.
pub fn load_for_walk(
    config: Option<&Path>,
    input: InputKind,
    console: &Console,
) -> Result<Settings, Failure> {
    let config = match config {
        Some(path) => Some(path.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|cwd| discover(&cwd)),
    };
    let show = &mut |in_file| render(console, in_file);
    let (mut options, rule_files) = match &config {
        Some(path) => read_config(path, None, console, show)?,
        None => (Options::default(), Vec::new()),
    };
    if input == InputKind::Jsonl && options.include.is_none() {
        options.include = Some(JSONL_INCLUDE.iter().map(|glob| glob.to_string()).collect());
    }
    resolve(options, &rule_files, config.as_deref(), show)
}

/// Resolves the options of the configuration file `config`, whose directory `[[per-path]]`
/// globs are relative to.
fn resolve(
    options: Options,
    rule_files: &[RuleFile],
    config: Option<&Path>,
    show: &mut Show,
) -> Result<Settings, Failure> {
    let mut settings = Settings::resolve(options, rule_files).map_err(|error| match config {
        Some(path) => {
            let text = fs::read_to_string(path).unwrap_or_default();
            show(in_file(path, text, error, &data_rule_names(rule_files)))
        }
        None => Failure::Message(error.to_string()),
    })?;
    settings.root = config.and_then(Path::parent).map(absolute);
    Ok(settings)
}

fn data_rule_names(rule_files: &[RuleFile]) -> Vec<&str> {
    rule_files
        .iter()
        .flat_map(|file| file.rules().iter().map(|rule| rule.meta().name))
        .collect()
}

/// The linter for `input`: the configuration's, with the `[[per-path]]` entries that match its
/// path laid over it. Standard input goes by `--stdin-filename` when it is given.
pub fn linter_for<'s>(
    settings: &'s Settings,
    input: &Input,
    stdin_filename: Option<&str>,
) -> Result<LinterRef<'s>, InputError> {
    let path = match input {
        _ if !settings.has_per_path() => None,
        Input::File(path) => Some(path.as_path()),
        Input::Stdin => stdin_filename.map(Path::new),
    };
    let Some(path) = path else {
        return Ok(LinterRef::Base(&settings.linter));
    };
    settings
        .linter_for(&absolute(path))
        .map_err(|error| InputError::Settings(format!("per-path settings: {error}")))
}

/// `path` made absolute against the current directory, with `.` and `..` resolved lexically.
fn absolute(path: &Path) -> PathBuf {
    static CWD: OnceLock<PathBuf> = OnceLock::new();
    let cwd = CWD.get_or_init(|| std::env::current_dir().unwrap_or_default());
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The nearest configuration file in `dir` or one of its parents.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|dir| CONFIG_NAMES.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// The options of the file at `path` and the rule files it extends with.
fn read_config(
    path: &Path,
    profile: Option<&str>,
    console: &Console,
    show: &mut Show,
) -> Result<(Options, Vec<RuleFile>), Failure> {
    let text = read(path)?;
    let mut options = match Options::from_toml(&text) {
        Ok(options) => options,
        Err(error) => return Err(show(in_file(path, text, error, &[]))),
    };
    if let Some(profile) = profile {
        if let Err(error) = options.apply_profile(profile) {
            return Err(show(in_file(path, text, error, &[])));
        }
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let mut rule_files = Vec::new();
    for pattern in options.extend_rules.iter().flatten() {
        let files = expand(base, pattern).map_err(|message| {
            Failure::Message(format!("{}: extend-rules: {message}", shown(path)))
        })?;
        if files.is_empty() {
            console.warning(&format!(
                "{}: extend-rules pattern `{pattern}` matches no file",
                shown(path)
            ));
        }
        for file in files {
            rule_files.push(read_rule_file(&file, show)?);
        }
    }
    Ok((options, rule_files))
}

/// Reads and parses one rule file and runs its inline examples.
fn read_rule_file(path: &Path, show: &mut Show) -> Result<RuleFile, Failure> {
    let text = read(path)?;
    let file = match RuleFile::parse(&text) {
        Ok(file) => file,
        Err(error) => return Err(show(in_file(path, text, error, &[]))),
    };
    let failures = file.check_examples();
    if failures.is_empty() {
        return Ok(file);
    }
    let mut outcome = Failure::Reported;
    for failure in failures {
        outcome = show(in_file(path, text.clone(), ConfigError::from(failure), &[]));
    }
    Err(outcome)
}

fn read(path: &Path) -> Result<String, Failure> {
    fs::read_to_string(path)
        .map_err(|error| Failure::Message(format!("{}: {}", shown(path), describe(&error))))
}

/// A discovered file's path relative to the current directory when it lies below it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.as_deref().unwrap_or(path).display().to_string()
}

/// The files `pattern` names, relative to `base`, sorted. A pattern without glob characters
/// names one file, which must exist.
fn expand(base: &Path, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let is_glob = |part: &str| part.contains(['*', '?', '[', '{']);
    let parts: Vec<&str> = pattern.split('/').collect();
    let literal = parts.iter().take_while(|part| !is_glob(part)).count();
    if literal == parts.len() {
        return Ok(vec![base.join(pattern)]);
    }
    let dir = base.join(parts[..literal].join("/"));
    let rest = parts[literal..].join("/");
    let matcher = GlobBuilder::new(&rest)
        .literal_separator(true)
        .build()
        .map_err(|error| format!("invalid glob `{pattern}`: {}", error.kind()))?
        .compile_matcher();
    let depth = if rest.contains("**") {
        None
    } else {
        Some(parts.len() - literal)
    };
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(&dir)
        .standard_filters(false)
        .max_depth(depth)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| {
            path.strip_prefix(&dir)
                .is_ok_and(|rel| matcher.is_match(rel))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Fails on a command-line selector that names no rule, category or `all`.
fn check_selectors(flag: &str, names: &[String], data_rules: &[&str]) -> Result<(), Failure> {
    for name in names {
        let known = matches!(name.as_str(), "all" | "ALL")
            || registry::find(name).is_some()
            || registry::category(name).is_some()
            || data_rules.contains(&name.as_str());
        if !known {
            let hint = suggest(name, &selector_names(data_rules))
                .map(|close| format!(" (did you mean `{close}`?)"))
                .unwrap_or_default();
            return Err(Failure::Message(format!(
                "unknown rule or category `{name}` in {flag}{hint}"
            )));
        }
    }
    Ok(())
}

/// Every name `select` and `ignore` accept.
fn selector_names<'a>(data_rules: &[&'a str]) -> Vec<&'a str> {
    registry::all()
        .map(|entry| entry.meta.name)
        .chain(Category::ALL.iter().map(|c| c.as_str()))
        .chain(data_rules.iter().copied())
        .collect()
}

/// `error` against `text`, the file it came from.
fn in_file(path: &Path, text: String, error: ConfigError, data_rules: &[&str]) -> InFile {
    let name = shown(path);
    // A misspelt rule name carries no span of its own: point at its first quoted use.
    let (extra_label, suggestion) = match &error {
        ConfigError::UnknownSelector { name, .. } | ConfigError::UnknownRule { name, .. } => {
            let quoted = format!("\"{name}\"");
            let label = text
                .find(&quoted)
                .map(|at| LabeledSpan::new_with_span(Some("unknown".into()), (at, quoted.len())));
            let suggestion = suggest(name, &selector_names(data_rules)).map(str::to_owned);
            (label, suggestion)
        }
        ConfigError::UnknownProfile { name, known } => {
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            (None, suggest(name, &known).map(str::to_owned))
        }
        _ => (None, None),
    };
    InFile {
        message: format!("{name}: {error}"),
        source: NamedSource::new(name, text),
        error,
        extra_label,
        suggestion: suggestion.map(|close| format!("did you mean `{close}`?")),
    }
}

/// Renders a configuration error on standard error with its file's text.
fn render(console: &Console, in_file: InFile) -> Failure {
    let theme = if console.stderr_color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let rendered = GraphicalReportHandler::new_themed(theme)
        .with_width(console.width)
        .render_report(&mut out, &in_file);
    if rendered.is_err() {
        return Failure::Message(in_file.message);
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), out.as_bytes());
    Failure::Reported
}

/// A configuration error shown against the file it came from: `path: cause` as the message,
/// the file's text as source, the error's own labels and help.
pub struct InFile {
    message: String,
    source: NamedSource<String>,
    error: ConfigError,
    extra_label: Option<LabeledSpan>,
    suggestion: Option<String>,
}

impl fmt::Debug for InFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl fmt::Display for InFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InFile {}

impl miette::Diagnostic for InFile {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match &self.suggestion {
            Some(suggestion) => Some(Box::new(suggestion)),
            None => miette::Diagnostic::help(&self.error),
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let own: Vec<LabeledSpan> = miette::Diagnostic::labels(&self.error)
            .into_iter()
            .flatten()
            .collect();
        if own.is_empty() {
            Some(Box::new(self.extra_label.clone().into_iter()))
        } else {
            Some(Box::new(own.into_iter()))
        }
    }
}
