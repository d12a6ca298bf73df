//! `copydesk lsp`: a language server on standard input and output, so editors show findings as
//! they are typed and apply fixes in one click. It runs the library's linter in process, with
//! the settings `check` would use for the file, and never shells out.
//!
//! The protocol plumbing (framing, the reader and writer threads) is `lsp-server`'s, the message
//! types `lsp-types`'; everything copydesk-specific lives in this module: the loop and state
//! ([`server`]), positions ([`position`]), diagnostics and code actions ([`actions`]) and
//! configuration per document ([`settings`]). Standard error is the editor's server log.

mod actions;
mod position;
mod server;
mod settings;

use std::path::PathBuf;

use lsp_server::Connection;
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    InitializeParams, InitializeResult, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::cli::{Console, Failure, Status};
use position::Encoding;
use server::{Server, Setup};
use settings::{file_path, Choice};

/// Serves one client on standard input and output until it exits. `config` is the `--config`
/// file, used for every document instead of discovery; `profile` the `--profile` to apply.
pub fn run(
    config: Option<PathBuf>,
    profile: Option<String>,
    console: &Console,
) -> Result<Status, Failure> {
    let (connection, io_threads) = Connection::stdio();
    let status = serve(&connection, Choice { config, profile }, console);
    drop(connection);
    // The threads end with the client's `exit` or when it closes the stream.
    io_threads
        .join()
        .map_err(|error| Failure::Message(format!("language server transport: {error}")))?;
    status
}

fn serve(connection: &Connection, choice: Choice, console: &Console) -> Result<Status, Failure> {
    let protocol = |error: lsp_server::ProtocolError| {
        Failure::Message(format!("language server initialisation: {error}"))
    };
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|error| {
        eprintln!("copydesk: unreadable initialize parameters, assuming defaults: {error}");
        InitializeParams::default()
    });
    let setup = setup(&params);
    let result = InitializeResult {
        capabilities: capabilities(setup.encoding),
        server_info: Some(ServerInfo {
            name: "copydesk".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result)
        .map_err(|error| Failure::Message(format!("language server initialisation: {error}")))?;
    connection.initialize_finish(id, result).map_err(protocol)?;
    Ok(Server::new(connection, setup, console, choice).run())
}

fn setup(params: &InitializeParams) -> Setup {
    let capabilities: &ClientCapabilities = &params.capabilities;
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref());
    let workspace = capabilities.workspace.as_ref();
    let versioned_edits = workspace
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|edit| edit.document_changes)
        .unwrap_or(false);
    let watch_files = workspace
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false);
    Setup {
        encoding: Encoding::negotiate(offered),
        versioned_edits,
        watch_files,
        workspace: workspace_folders(params),
    }
}

/// The workspace folders that are local directories, or the older single root.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|folder| file_path(&folder.uri))
            .collect();
    }
    #[allow(deprecated)] // still what clients without workspace folders send
    let root = params.root_uri.as_ref();
    root.and_then(file_path).into_iter().collect()
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}
