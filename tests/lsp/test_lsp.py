"""End to end: a real LSP client (pytest-lsp on pygls) drives `copydesk lsp` over stdio.

The documents are invented. They use CRLF line ends and a character outside the Basic
Multilingual Plane before a finding, so UTF-16, UTF-8 and UTF-32 columns all differ.
Run through run.sh, which sets COPYDESK_BIN and the virtualenv.
"""

import asyncio
import os
from concurrent.futures import Future

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcMethodNotFound
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = ClientServerConfig(server_command=[os.environ["COPYDESK_BIN"], "lsp"])

# Line 0: two spaces after "lights"; line 2 repeats line 1; line 3 ends in a space.
STORY = (
    "Harbour \U0001F6A2 lights  dim\r\n"
    "The ferry sails at noon.\r\n"
    "The ferry sails at noon.\r\n"
    "Tide tables follow. \r\n"
)


async def start(client, tmp_path, spec):
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)

    params = types.InitializeParams(
        capabilities=client_capabilities(spec),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="desk")],
    )
    return await client.initialize_session(params)


async def stop(client):
    await client.shutdown_session()
    # `exit` after `shutdown` is a clean stop: exit status 0.
    assert client._server.returncode == 0


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path):
    """A client with Visual Studio Code's capabilities: UTF-16 positions, versioned edits."""
    lsp_client.init_result = await start(lsp_client, tmp_path, "visual-studio-code")
    yield
    await stop(lsp_client)


@pytest_lsp.fixture(config=SERVER)
async def neovim(lsp_client: LanguageClient, tmp_path):
    """A client with Neovim 0.11's capabilities: it offers UTF-8 positions first."""
    lsp_client.init_result = await start(lsp_client, tmp_path, "neovim@v0.11.0")
    yield
    await stop(lsp_client)


def rng(l1, c1, l2, c2):
    return types.Range(start=types.Position(l1, c1), end=types.Position(l2, c2))


async def until(condition, what, timeout=10.0):
    """Waits until `condition()` holds: diagnostics arrive as notifications, not answers."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def codes(client, uri):
    return sorted(d.code for d in client.diagnostics.get(uri, []))


def open_doc(client, path, text, language="plaintext"):
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def offset(text, position, encoding="utf-16"):
    """The index in `text` of an LSP position, with LSP's line ends (LF, CRLF, lone CR)."""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    content = line.rstrip("\r\n")
    units = 0
    for i, ch in enumerate(content):
        if units >= position.character:
            return start + i
        if encoding == "utf-16":
            units += 2 if ord(ch) > 0xFFFF else 1
        elif encoding == "utf-8":
            units += len(ch.encode("utf-8"))
        else:
            units += 1
    return start + len(content)


def edits_of(action, uri):
    """The text edits of a code action's workspace edit for `uri`."""
    edit = action.edit
    if edit.document_changes:
        (change,) = edit.document_changes
        assert change.text_document.uri == uri
        return list(change.edits)
    return list(edit.changes[uri])


def apply(client, uri, text, version, edits):
    """Applies `edits` (relative to `text`) like an editor does, and sends them to the server as
    incremental changes, last first so that each range still refers to the text it was made on."""
    changes = []
    for edit in sorted(edits, key=lambda e: offset(text, e.range.start), reverse=True):
        start, end = offset(text, edit.range.start), offset(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        changes.append(
            types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
        )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )
    return text


async def raw_request(client, method, params):
    """Sends a request whose parameters pygls does not type: how a malformed one is made."""
    msg_id = f"raw-{method}"
    future = Future()
    client.protocol._request_futures[msg_id] = future
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    return await asyncio.wrap_future(future)


async def code_actions(client, uri, range_, only=None):
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=range_,
        context=types.CodeActionContext(diagnostics=[], only=only),
    )
    return await client.text_document_code_action_async(params) or []


async def test_diagnostics_carry_rule_codes_and_utf16_ranges(client: LanguageClient, tmp_path):
    assert client.init_result.capabilities.position_encoding == "utf-16"
    uri = open_doc(client, tmp_path / "story.txt", STORY)
    await until(lambda: uri in client.diagnostics, "diagnostics")

    found = {d.code: d for d in client.diagnostics[uri]}
    assert sorted(found) == ["duplicate-line", "multiple-spaces", "trailing-whitespace"]
    # "Harbour " is 8 units, the ship 2 (a surrogate pair), " lights" 7.
    assert found["multiple-spaces"].range == rng(0, 17, 0, 19)
    assert found["duplicate-line"].range == rng(2, 0, 2, 24)
    assert found["trailing-whitespace"].range == rng(3, 19, 3, 20)
    for diagnostic in found.values():
        assert diagnostic.source == "copydesk"
        assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert found["duplicate-line"].message == "line repeats the line above"
    (related,) = found["duplicate-line"].related_information
    assert related.location.uri == uri
    assert related.location.range == rng(1, 0, 1, 24)
    assert related.message == "first copy here"

    # The client said it can watch files: the server asked it to watch TOML files.
    (registration,) = client.registrations
    assert registration.method == "workspace/didChangeWatchedFiles"
    assert registration.register_options["watchers"] == [{"globPattern": "**/*.toml"}]


async def test_utf8_is_used_when_the_client_offers_it(neovim: LanguageClient, tmp_path):
    assert neovim.init_result.capabilities.position_encoding == "utf-8"
    uri = open_doc(neovim, tmp_path / "story.txt", STORY)
    await until(lambda: uri in neovim.diagnostics, "diagnostics")
    found = {d.code: d for d in neovim.diagnostics[uri]}
    # The ship is 4 bytes.
    assert found["multiple-spaces"].range == rng(0, 19, 0, 21)

    (action,) = await code_actions(neovim, uri, rng(0, 19, 0, 19), only=["quickfix"])
    # Neovim does not claim versioned document changes: plain `changes` it is.
    assert action.edit.changes is not None and action.edit.document_changes is None
    (edit,) = edits_of(action, uri)
    assert edit.range == rng(0, 19, 0, 21) and edit.new_text == " "


async def test_quick_fix_applies_and_its_diagnostic_clears(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "story.txt", STORY)
    await until(lambda: uri in client.diagnostics, "diagnostics")

    actions = await code_actions(client, uri, rng(2, 5, 2, 5))
    quick_fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    (fix,) = quick_fixes
    assert fix.title == "delete the repeated line"
    assert fix.is_preferred is True
    assert [d.code for d in fix.diagnostics] == ["duplicate-line"]
    assert fix.edit.document_changes[0].text_document.version == 1
    # Deletes the line break before the copy and the copy: whole CRLF terminators only.
    (edit,) = edits_of(fix, uri)
    assert edit.range == rng(1, 24, 2, 24) and edit.new_text == ""

    text = apply(client, uri, STORY, 2, edits_of(fix, uri))
    assert text == "Harbour \U0001F6A2 lights  dim\r\nThe ferry sails at noon.\r\nTide tables follow. \r\n"
    await until(lambda: "duplicate-line" not in codes(client, uri), "the fixed finding to clear")
    found = {d.code: d for d in client.diagnostics[uri]}
    assert sorted(found) == ["multiple-spaces", "trailing-whitespace"]
    assert found["trailing-whitespace"].range == rng(2, 19, 2, 20)

    # An edit typed on a later line shifts nothing before it.
    text = apply(client, uri, text, 3, [types.TextEdit(range=rng(0, 17, 0, 19), new_text=" ")])
    await until(lambda: codes(client, uri) == ["trailing-whitespace"], "the typed fix")


async def test_fix_all_safe_problems_leaves_a_clean_document(client: LanguageClient, tmp_path):
    text = STORY + "\r\nShare\r\nThe crew crew left at dawn.\r\n"
    uri = open_doc(client, tmp_path / "story.txt", text)
    await until(lambda: uri in client.diagnostics, "diagnostics")
    assert len(client.diagnostics[uri]) == 5

    (action,) = await code_actions(client, uri, rng(0, 0, 0, 0), only=["source.fixAll"])
    assert action.kind == "source.fixAll.copydesk"
    assert action.title == "Fix all safe problems"
    edits = edits_of(action, uri)
    # One edit per region the fix loop changed, trimmed: the double space loses one space.
    assert [(e.range, e.new_text) for e in edits] == [
        (rng(0, 18, 0, 19), ""),
        (rng(1, 24, 2, 24), ""),
        (rng(3, 19, 3, 20), ""),
        (rng(5, 0, 6, 0), ""),
        (rng(6, 8, 6, 13), ""),
    ]
    text = apply(client, uri, text, 2, edits)
    assert text == (
        "Harbour \U0001F6A2 lights dim\r\nThe ferry sails at noon.\r\n"
        "Tide tables follow.\r\n\r\nThe crew left at dawn.\r\n"
    )
    await until(lambda: codes(client, uri) == [], "every finding to clear")
    assert await code_actions(client, uri, rng(0, 0, 4, 0)) == []


async def test_unsafe_fixes_are_labelled_and_not_preferred(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "headline.md", "Ferry Halts The The Night Crossing\n", "markdown")
    await until(lambda: uri in client.diagnostics, "diagnostics")
    assert codes(client, uri) == ["repeated-word"]
    actions = await code_actions(client, uri, rng(0, 13, 0, 13))
    (fix,) = actions
    assert fix.title.endswith(" (unsafe)")
    assert fix.is_preferred is False
    # Fix-all applies safe fixes only: with none to apply, it is not offered.
    assert await code_actions(client, uri, rng(0, 0, 0, 0), only=["source"]) == []


async def test_repeated_block_points_at_the_first_copy(client: LanguageClient, tmp_path):
    line = "The port authority will publish its survey of the old sea wall next month."
    text = f"{line}\nNobody at the yard would comment.\n{line}\n"
    uri = open_doc(client, tmp_path / "wall.txt", text)
    await until(lambda: uri in client.diagnostics, "diagnostics")
    (diagnostic,) = client.diagnostics[uri]
    assert diagnostic.code == "repeated-block"
    assert diagnostic.range == rng(2, 0, 2, len(line))
    (related,) = diagnostic.related_information
    assert related.location.range == rng(0, 0, 0, len(line))


async def test_other_languages_are_not_linted(client: LanguageClient, tmp_path):
    script = open_doc(client, tmp_path / "tool.py", "x  =  1 \n", "python")
    story = open_doc(client, tmp_path / "story.txt", STORY)
    await until(lambda: story in client.diagnostics, "diagnostics")
    assert script not in client.diagnostics


async def test_closing_a_document_clears_its_diagnostics(client: LanguageClient, tmp_path):
    uri = open_doc(client, tmp_path / "story.txt", STORY)
    await until(lambda: len(codes(client, uri)) == 3, "diagnostics")
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await until(lambda: uri in client.diagnostics and codes(client, uri) == [], "diagnostics to clear")


async def test_configuration_is_reloaded_when_it_changes(client: LanguageClient, tmp_path):
    config = tmp_path / "copydesk.toml"
    config.write_text('ignore = ["trailing-whitespace"]\n')
    (tmp_path / "desk").mkdir()
    uri = open_doc(client, tmp_path / "desk" / "story.txt", STORY)
    await until(lambda: uri in client.diagnostics, "diagnostics")
    assert codes(client, uri) == ["duplicate-line", "multiple-spaces"]

    config.write_text('ignore = ["multiple-spaces"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await until(
        lambda: codes(client, uri) == ["duplicate-line", "trailing-whitespace"],
        "diagnostics under the changed configuration",
    )

    # Saving the configuration in the editor reloads it too.
    config.write_text('select = ["duplicate-line"]\n')
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    await until(lambda: codes(client, uri) == ["duplicate-line"], "diagnostics after the save")


async def test_per_path_entries_apply_to_the_documents_they_match(client: LanguageClient, tmp_path):
    (tmp_path / "copydesk.toml").write_text(
        '[[per-path]]\npaths = ["wire/"]\nignore = ["multiple-spaces"]\n'
    )
    (tmp_path / "wire").mkdir()
    (tmp_path / "desk").mkdir()
    wire = open_doc(client, tmp_path / "wire" / "story.txt", STORY)
    desk = open_doc(client, tmp_path / "desk" / "story.txt", STORY)
    await until(lambda: wire in client.diagnostics and desk in client.diagnostics, "diagnostics")
    assert codes(client, wire) == ["duplicate-line", "trailing-whitespace"]
    assert codes(client, desk) == ["duplicate-line", "multiple-spaces", "trailing-whitespace"]


async def test_a_broken_configuration_is_reported_and_defaults_apply(client: LanguageClient, tmp_path):
    (tmp_path / "copydesk.toml").write_text('ignroe = ["multiple-spaces"]\n')
    uri = open_doc(client, tmp_path / "story.txt", STORY)
    await until(lambda: uri in client.diagnostics, "diagnostics")
    assert codes(client, uri) == ["duplicate-line", "multiple-spaces", "trailing-whitespace"]
    (message,) = client.messages
    assert message.type == types.MessageType.Error
    assert "copydesk.toml" in message.message
    assert "unknown field `ignroe`" in message.message
    assert message.message.endswith("linting with the default settings")

    # Fixed and reloaded: the configuration applies, and no new message appears.
    (tmp_path / "copydesk.toml").write_text('ignore = ["multiple-spaces"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(tmp_path / "copydesk.toml").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    await until(lambda: "multiple-spaces" not in codes(client, uri), "the repaired configuration")
    assert len(client.messages) == 1


async def test_bad_and_unknown_requests_get_errors_and_the_server_keeps_going(
    client: LanguageClient, tmp_path
):
    with pytest.raises(JsonRpcMethodNotFound):
        await raw_request(client, "copydesk/nonsense", {})
    with pytest.raises(JsonRpcInvalidParams):
        await raw_request(client, "textDocument/codeAction", {"textDocument": 5})
    # Code actions for a document the server never saw: none, not an error.
    unknown = (tmp_path / "unseen.txt").as_uri()
    assert await code_actions(client, unknown, rng(0, 0, 0, 0)) == []
    # A change far outside the document is clamped, not a crash.
    uri = open_doc(client, tmp_path / "story.txt", STORY)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=rng(90, 4, 99, 0), text="Share\n")
            ],
        )
    )
    await until(lambda: "stray-marker" in codes(client, uri), "diagnostics after the change")
