//! Which settings a document lints with: the `--config` file, else the nearest `copydesk.toml`
//! or `.copydesk.toml` at or above the document's directory (the first workspace folder for a
//! document that is not a file), found and read exactly as `check` does, with `--profile` and
//! the `[[per-path]]` entries that match the document's path. Loaded settings are kept per
//! configuration file until a file changes; a configuration that cannot be used is replaced by
//! the defaults, with a message for the editor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lsp_types::Uri;

use copydesk::settings::{LinterRef, Options, Settings};

use crate::cli::config::{self, InFile};
use crate::cli::{Console, Failure};

/// What the command line chose.
pub struct Choice {
    /// `--config`: the one file every document uses.
    pub config: Option<PathBuf>,
    /// `--profile`.
    pub profile: Option<String>,
}

pub struct SettingsCache<'a> {
    console: &'a Console,
    choice: Choice,
    workspace: Vec<PathBuf>,
    /// Settings by configuration file (`None`: no file, defaults).
    loaded: HashMap<Option<PathBuf>, Rc<Settings>>,
}

/// Settings for a document, and why they are the defaults when its configuration failed to load.
pub struct Chosen {
    pub settings: Rc<Settings>,
    pub problem: Option<String>,
}

impl<'a> SettingsCache<'a> {
    pub fn new(console: &'a Console, choice: Choice, workspace: Vec<PathBuf>) -> Self {
        Self {
            console,
            choice,
            workspace,
            loaded: HashMap::new(),
        }
    }

    /// The settings for the document at `uri`. A problem is reported once per load: later
    /// documents using the same broken file get the defaults silently.
    pub fn for_document(&mut self, uri: &Uri) -> Chosen {
        let path = self.config_path(uri);
        if let Some(settings) = self.loaded.get(&path) {
            return Chosen {
                settings: Rc::clone(settings),
                problem: None,
            };
        }
        let (settings, problem) = match self.load(path.as_deref()) {
            Ok(settings) => (settings, None),
            Err(cause) => (
                defaults(),
                Some(format!(
                    "copydesk: {cause}; linting with the default settings"
                )),
            ),
        };
        let settings = Rc::new(settings);
        self.loaded.insert(path, Rc::clone(&settings));
        Chosen { settings, problem }
    }

    /// Forgets every loaded configuration, so the next lint reads the files again.
    pub fn clear(&mut self) {
        self.loaded.clear();
    }

    fn config_path(&self, uri: &Uri) -> Option<PathBuf> {
        if let Some(explicit) = &self.choice.config {
            return Some(explicit.clone());
        }
        let dir = file_path(uri)
            .and_then(|path| path.parent().map(Path::to_path_buf))
            .or_else(|| self.workspace.first().cloned())?;
        config::discover(&dir)
    }

    fn load(&self, path: Option<&Path>) -> Result<Settings, String> {
        let mut show = |in_file: InFile| Failure::Message(one_line(&in_file));
        let profile = self.choice.profile.as_deref();
        config::load_file(path, profile, self.console, &mut show).map_err(|failure| match failure {
            Failure::Message(message) => message,
            Failure::Reported | Failure::BrokenPipe => {
                "the configuration cannot be read".to_owned()
            }
        })
    }
}

/// The linter for the document at `uri` under `settings`: its `[[per-path]]` entries laid over
/// the top-level rules when the document is a file they match.
pub fn linter_for<'s>(settings: &'s Settings, uri: &Uri) -> Result<LinterRef<'s>, String> {
    match file_path(uri) {
        Some(path) => settings
            .linter_for(&path)
            .map_err(|error| format!("copydesk: per-path settings: {error}")),
        None => Ok(LinterRef::Base(&settings.linter)),
    }
}

/// The settings with no configuration file.
fn defaults() -> Settings {
    Settings::resolve(Options::default(), &[]).expect("the default options always resolve")
}

/// A configuration error with its help, on one line for an editor's message.
fn one_line(in_file: &InFile) -> String {
    match miette::Diagnostic::help(in_file) {
        Some(help) => format!("{in_file} ({help})"),
        None => in_file.to_string(),
    }
}

/// The local path a `file:` URI names, percent-decoded; `None` for any other scheme.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let scheme = uri.scheme()?;
    if !scheme.as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let decoded = uri.path().as_estr().decode().into_string().ok()?;
    // `file:///C:/dir` names `C:/dir` on Windows.
    let path = if cfg!(windows) && decoded.get(2..3) == Some(":") {
        &decoded[1..]
    } else {
        &decoded[..]
    };
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn file_uris_become_decoded_paths() {
        assert_eq!(
            file_path(&uri("file:///tmp/news%20desk/story.txt")),
            Some(PathBuf::from("/tmp/news desk/story.txt"))
        );
        assert_eq!(
            file_path(&uri("FILE:///tmp/a.md")),
            Some(PathBuf::from("/tmp/a.md"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
    }
}
