//! The server's state and message loop: open documents, their findings, and the answers to
//! each request and notification.
//!
//! Findings are computed lazily: a change only marks its document stale; after handling every
//! message already waiting, the loop lints stale documents once and publishes. A burst of
//! keystrokes costs one lint, and a code action request lints first if its document is stale.

use std::collections::{BTreeSet, HashMap};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::rc::Rc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, RegisterCapability, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOrCommand, CodeActionParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentChanges, FileSystemWatcher, GlobPattern, MessageType, OneOf,
    OptionalVersionedTextDocumentIdentifier, PublishDiagnosticsParams, Registration,
    RegistrationParams, ShowMessageParams, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;

use copydesk::settings::{LinterRef, Settings};
use copydesk::{Applicability, Diagnostic, FixMode};

use super::actions::{self, FIX_ALL};
use super::position::{Encoding, LineMap};
use super::settings::{self as config, file_path, Choice, SettingsCache};
use crate::cli::config::CONFIG_NAMES;
use crate::cli::{Console, Status};

/// The `languageId`s the server lints.
const LANGUAGES: [&str; 3] = ["plaintext", "markdown", "text"];

/// What the server learnt from `initialize`.
pub struct Setup {
    pub encoding: Encoding,
    /// The client applies versioned `documentChanges`, so a stale edit is refused.
    pub versioned_edits: bool,
    /// The client can be asked to watch configuration files.
    pub watch_files: bool,
    pub workspace: Vec<PathBuf>,
}

pub struct Server<'a> {
    connection: &'a Connection,
    setup: Setup,
    settings: SettingsCache<'a>,
    documents: HashMap<Uri, Document>,
    /// Documents whose findings must be published after the current burst of messages.
    stale: BTreeSet<Uri>,
    shutting_down: bool,
}

struct Document {
    text: String,
    version: i32,
    /// Findings on `text`; `None` until linted after a change.
    analysis: Option<Analysis>,
}

struct Analysis {
    settings: Rc<Settings>,
    findings: Vec<Diagnostic>,
    /// `findings` as sent to the editor, in the same order.
    published: Vec<lsp_types::Diagnostic>,
    /// The fix-all edits, computed when first asked for.
    fix_all: Option<Vec<TextEdit>>,
}

impl<'a> Server<'a> {
    pub fn new(
        connection: &'a Connection,
        setup: Setup,
        console: &'a Console,
        choice: Choice,
    ) -> Self {
        let settings = SettingsCache::new(console, choice, setup.workspace.clone());
        Self {
            connection,
            setup,
            settings,
            documents: HashMap::new(),
            stale: BTreeSet::new(),
            shutting_down: false,
        }
    }

    /// Serves until `exit` or until the client goes away. The protocol wants exit code 0 for
    /// an `exit` after `shutdown` and 1 otherwise: 1 is `Status::Findings`' code.
    pub fn run(&mut self) -> Status {
        if self.setup.watch_files {
            self.watch_configuration();
        }
        while let Ok(message) = self.connection.receiver.recv() {
            let mut next = Some(message);
            while let Some(message) = next {
                if matches!(&message, Message::Notification(n) if n.method == Exit::METHOD) {
                    return if self.shutting_down {
                        Status::Clean
                    } else {
                        Status::Findings
                    };
                }
                self.handle(message);
                next = self.connection.receiver.try_recv().ok();
            }
            self.publish_stale();
        }
        Status::Findings
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let response = if self.shutting_down {
                    error(id, ErrorCode::InvalidRequest, "the server is shutting down")
                } else {
                    panic::catch_unwind(AssertUnwindSafe(|| self.answer(request))).unwrap_or_else(
                        |_| {
                            error(
                                id,
                                ErrorCode::InternalError,
                                "copydesk failed on this request",
                            )
                        },
                    )
                };
                self.send(response.into());
            }
            Message::Notification(notification) => {
                let method = notification.method.clone();
                if panic::catch_unwind(AssertUnwindSafe(|| self.notified(notification))).is_err() {
                    eprintln!("copydesk: failed handling {method}");
                }
            }
            // Answers to our own requests (watcher registration) need no reaction.
            Message::Response(_) => {}
        }
    }

    fn answer(&mut self, request: Request) -> Response {
        let Request { id, method, params } = request;
        match method.as_str() {
            Shutdown::METHOD => {
                self.shutting_down = true;
                Response::new_ok(id, ())
            }
            CodeActionRequest::METHOD => match parse::<CodeActionParams>(params) {
                Ok(params) => Response::new_ok(id, self.code_actions(&params)),
                Err(message) => error(id, ErrorCode::InvalidParams, &message),
            },
            _ => error(
                id,
                ErrorCode::MethodNotFound,
                &format!("copydesk does not handle {method}"),
            ),
        }
    }

    fn notified(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        let outcome = match method.as_str() {
            DidOpenTextDocument::METHOD => parse(params).map(|p| self.opened(p)),
            DidChangeTextDocument::METHOD => parse(params).map(|p| self.changed(p)),
            DidSaveTextDocument::METHOD => parse(params).map(|p| self.saved(p)),
            DidCloseTextDocument::METHOD => parse(params).map(|p| self.closed(p)),
            DidChangeWatchedFiles::METHOD => parse(params).map(|p| self.files_changed(p)),
            // Everything else (`$/` notifications, configuration pushes) is of no use here.
            _ => Ok(()),
        };
        if let Err(message) = outcome {
            eprintln!("copydesk: ignoring {method}: {message}");
        }
    }

    fn opened(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        if !LANGUAGES.contains(&document.language_id.as_str()) {
            return;
        }
        self.documents.insert(
            document.uri.clone(),
            Document {
                text: document.text,
                version: document.version,
                analysis: None,
            },
        );
        self.stale.insert(document.uri);
    }

    fn changed(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let span = LineMap::new(&document.text, self.setup.encoding).span(range);
                    document
                        .text
                        .replace_range(span.start..span.end, &change.text);
                }
                None => document.text = change.text,
            }
        }
        document.version = params.text_document.version;
        document.analysis = None;
        self.stale.insert(uri);
    }

    fn saved(&mut self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if is_configuration(&uri) {
            self.reload();
        } else if self.documents.contains_key(&uri) {
            self.stale.insert(uri);
        }
    }

    fn closed(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.stale.remove(&uri);
        if self.documents.remove(&uri).is_some() {
            self.publish(uri, Vec::new(), None);
        }
    }

    fn files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        // Rule files that `extend-rules` names can have any name: any TOML file may matter.
        let toml = |uri: &Uri| uri.path().as_str().ends_with(".toml");
        if params.changes.iter().any(|change| toml(&change.uri)) {
            self.reload();
        }
    }

    /// Reads configuration files again and re-lints every open document.
    fn reload(&mut self) {
        self.settings.clear();
        for (uri, document) in &mut self.documents {
            document.analysis = None;
            self.stale.insert(uri.clone());
        }
    }

    fn publish_stale(&mut self) {
        for uri in std::mem::take(&mut self.stale) {
            self.analyse(&uri);
            if let Some(document) = self.documents.get(&uri) {
                let published = document
                    .analysis
                    .as_ref()
                    .map(|analysis| analysis.published.clone())
                    .unwrap_or_default();
                let version = Some(document.version);
                self.publish(uri, published, version);
            }
        }
    }

    /// Lints `uri` if it changed since it was last linted.
    fn analyse(&mut self, uri: &Uri) {
        let needed = self
            .documents
            .get(uri)
            .is_some_and(|document| document.analysis.is_none());
        if !needed {
            return;
        }
        let chosen = self.settings.for_document(uri);
        if let Some(problem) = chosen.problem {
            self.show_error(problem);
        }
        let linter = config::linter_for(&chosen.settings, uri).unwrap_or_else(|problem| {
            self.show_error(problem);
            LinterRef::Base(&chosen.settings.linter)
        });
        let encoding = self.setup.encoding;
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        let findings = linter.lint(&document.text);
        let map = LineMap::new(&document.text, encoding);
        let published = findings
            .iter()
            .map(|finding| actions::to_lsp(finding, &map, uri))
            .collect();
        drop(linter);
        document.analysis = Some(Analysis {
            settings: chosen.settings,
            findings,
            published,
            fix_all: None,
        });
    }

    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        self.analyse(uri);
        let encoding = self.setup.encoding;
        let Some(document) = self.documents.get_mut(uri) else {
            return Vec::new();
        };
        let Some(analysis) = document.analysis.as_mut() else {
            return Vec::new();
        };
        let map = LineMap::new(&document.text, encoding);
        let only = params.context.only.as_deref();
        let mut found = Vec::new();

        if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            let wanted = map.span(params.range);
            for (finding, published) in analysis.findings.iter().zip(&analysis.published) {
                let Some(fix) = finding.fix.as_ref().filter(|fix| actions::offered(fix)) else {
                    continue;
                };
                if finding.span.start > wanted.end || wanted.start > finding.span.end {
                    continue;
                }
                let mut action = actions::quick_fix(fix, published.clone());
                let edits = actions::text_edits(&map, &fix.edits);
                action.edit = Some(self.setup.workspace_edit(uri, document.version, edits));
                found.push(CodeActionOrCommand::CodeAction(action));
            }
        }

        let any_safe = analysis.findings.iter().any(|finding| {
            finding
                .fix
                .as_ref()
                .is_some_and(|fix| fix.applicability == Applicability::Safe)
        });
        if any_safe && actions::wanted(only, FIX_ALL) {
            let edits = analysis.fix_all.get_or_insert_with(|| {
                let settings = &analysis.settings;
                let linter =
                    config::linter_for(settings, uri).unwrap_or(LinterRef::Base(&settings.linter));
                let fixed = linter.fix(&document.text, FixMode::SafeOnly);
                actions::text_edits(&map, &actions::fix_all(&document.text, &fixed))
            });
            if !edits.is_empty() {
                let edit = self
                    .setup
                    .workspace_edit(uri, document.version, edits.clone());
                found.push(CodeActionOrCommand::CodeAction(lsp_types::CodeAction {
                    title: "Fix all safe problems".to_owned(),
                    kind: Some(CodeActionKind::new(FIX_ALL)),
                    edit: Some(edit),
                    ..lsp_types::CodeAction::default()
                }));
            }
        }
        found
    }

    /// Asks the client to report changes to TOML files: configurations and the rule files they
    /// extend with.
    fn watch_configuration(&mut self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "copydesk-configuration".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("copydesk-watch".to_owned()),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.send(request.into());
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_owned(), params).into());
    }

    fn show_error(&self, message: String) {
        eprintln!("{message}");
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message,
        };
        self.send(Notification::new(ShowMessage::METHOD.to_owned(), params).into());
    }

    fn send(&self, message: Message) {
        // The writer only stops when the client has gone; the reader then ends the loop.
        let _ = self.connection.sender.send(message);
    }
}

impl Setup {
    /// A workspace edit of `edits` to version `version` of `uri`.
    fn workspace_edit(&self, uri: &Uri, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
        if !self.versioned_edits {
            return WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            };
        }
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    }
}

/// Whether `uri` names a configuration file.
fn is_configuration(uri: &Uri) -> bool {
    file_path(uri)
        .and_then(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .map(|name| CONFIG_NAMES.contains(&name))
        })
        .unwrap_or(false)
}

fn parse<T: DeserializeOwned>(params: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|error| error.to_string())
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_owned())
}
