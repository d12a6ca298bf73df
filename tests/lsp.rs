//! `copydesk lsp` end to end at the protocol level, with a minimal JSON-RPC client over the
//! binary's standard input and output: the handshake, diagnostics, a quick fix, errors for
//! unknown and late requests, and exit codes. `tests/lsp/` drives the same server with a full
//! client (pytest-lsp); this file keeps the essentials covered by `cargo test` alone.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use serde_json::{json, Value};

/// A running server and the messages it sends, read on a thread so a silent server fails the
/// test instead of hanging it.
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
}

impl Session {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("copydesk starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped standard output");
        let (sender, incoming) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            incoming,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().expect("standard input open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.receive(|message| message["id"] == id && message.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The first message from the server that `wanted` accepts; others are skipped.
    fn receive(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answers");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn initialize(&mut self) -> Value {
        let response = self.request(1, "initialize", json!({"capabilities": {}}));
        self.notify("initialized", json!({}));
        response
    }

    /// Sends `exit` and returns the exit code.
    fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        self.child.wait().unwrap().code().expect("an exit code")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": {"line": start.0, "character": start.1},
        "end": {"line": end.0, "character": end.1},
    })
}

#[test]
fn a_session_lints_offers_a_fix_and_shuts_down_cleanly() {
    let mut session = Session::start();
    let initialized = session.initialize();
    let capabilities = &initialized["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2);
    assert_eq!(initialized["result"]["serverInfo"]["name"], "copydesk");

    // Not a file: no configuration is looked for, the defaults apply.
    let uri = "untitled:story";
    let text = "Ship \u{1f6a2} docks.\r\nThe tide turns.\r\nThe tide turns.\r\n";
    session.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 7, "text": text}}),
    );
    let published = session.receive(|m| m["method"] == "textDocument/publishDiagnostics");
    assert_eq!(published["params"]["uri"], uri);
    assert_eq!(published["params"]["version"], 7);
    let diagnostics = published["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "duplicate-line");
    assert_eq!(diagnostics[0]["source"], "copydesk");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(diagnostics[0]["range"], range((2, 0), (2, 15)));

    let actions = session.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range((2, 3), (2, 3)), "context": {"diagnostics": []}}),
    );
    let actions = actions["result"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{actions:#?}");
    assert_eq!(actions[0]["title"], "delete the repeated line");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    // Without `documentChanges` support the client gets plain `changes`.
    assert_eq!(
        actions[0]["edit"]["changes"][uri],
        json!([{"range": range((1, 15), (2, 15)), "newText": ""}])
    );
    assert_eq!(actions[1]["kind"], "source.fixAll.copydesk");
    // One fix to apply: fix-all makes the same edit.
    assert_eq!(actions[1]["edit"], actions[0]["edit"]);

    let unknown = session.request(3, "copydesk/unheard-of", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);

    let shutdown = session.request(4, "shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    assert!(shutdown.get("error").is_none());
    let late = session.request(5, "textDocument/codeAction", json!({}));
    assert_eq!(late["error"]["code"], -32600);
    assert_eq!(session.exit(), 0);
}

#[test]
fn exit_without_shutdown_is_a_failure() {
    let mut session = Session::start();
    session.initialize();
    // The protocol asks for exit code 1 when `exit` comes without `shutdown`.
    assert_eq!(session.exit(), 1);
}

#[test]
fn a_closed_stream_ends_the_server() {
    let mut session = Session::start();
    session.initialize();
    drop(session.stdin.take());
    let code = session.child.wait().unwrap().code();
    assert_eq!(code, Some(1));
}
