#!/usr/bin/env bash
# End-to-end test of `copydesk lsp` with a real LSP client (pytest-lsp, on pygls) driving the
# debug binary. Makes its own virtualenv under target/ (kept between runs) and installs the
# pinned client there; needs python3 with venv and a reachable package index the first time.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/lsp-venv"
requirements="tests/lsp/requirements.txt"

cargo build --locked --quiet --bin copydesk
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

export PYTHONDONTWRITEBYTECODE=1
export COPYDESK_BIN="$target/debug/copydesk"
cd tests/lsp
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@" test_lsp.py
