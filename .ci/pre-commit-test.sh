#!/usr/bin/env bash
# Runs the hooks of .pre-commit-hooks.yaml through the real pre-commit (from PyPI), the way a
# user's repository meets them: a scratch git repository lists this repository as a hook repo
# (`repo:` a local path, `rev:` the HEAD commit), pre-commit builds copydesk with `cargo install`,
# and then a damaged file fails `copydesk`, `copydesk-fix` rewrites it, a clean file passes, a
# file of another type and a file the config excludes are skipped, and the installed git hook
# blocks a commit of damaged text.
#
# The build is what takes time. It runs offline (the crates are cached by the CI's own build),
# with a quicker release profile than Cargo.toml's (no LTO, parallel codegen, no optimisation):
# this tests the hook wiring, not the optimiser. The built hook is cached under target/, so a
# second run at the same commit skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
rev=$(git rev-parse HEAD)
if ! git cat-file -e "$rev:.pre-commit-hooks.yaml" 2>/dev/null; then
  echo "pre-commit: .pre-commit-hooks.yaml is not committed at HEAD"
  exit 1
fi
if [ -n "$(git status --porcelain -- .pre-commit-hooks.yaml Cargo.toml Cargo.lock src)" ]; then
  echo "pre-commit: note: uncommitted changes are not tested (pre-commit builds HEAD, $rev)"
fi
# shellcheck source=venv.sh
. .ci/venv.sh

export PRE_COMMIT_HOME=$repo/target/pre-commit-home
export CARGO_NET_OFFLINE=true
export CARGO_PROFILE_RELEASE_LTO=false
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export CARGO_PROFILE_RELEASE_DEBUG=false
export CARGO_TARGET_DIR=$repo/target/pre-commit-build

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init --quiet --initial-branch=main scratch
cd scratch
git config user.email ci@example.invalid
git config user.name CI
git config commit.gpgsign false
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: copydesk
      - id: copydesk-fix
EOF
printf 'exclude = ["vendor"]\n' > copydesk.toml
# Invented text: a caption printed twice and a leftover share button.
damaged=$'Harbour fair opens\n\nBoats line the quay. Photo: A. Berg\nBoats line the quay. Photo: A. Berg\nShare\n\nThe fair runs until Sunday.\n'
fixed=$'Harbour fair opens\n\nBoats line the quay. Photo: A. Berg\n\nThe fair runs until Sunday.\n'
printf '%s' "$damaged" > story.txt
printf '%s' "$fixed" > clean.md
printf '%s' "$damaged" > notes.py
mkdir vendor && printf '%s' "$damaged" > vendor/copy.txt
git add .pre-commit-config.yaml copydesk.toml clean.md notes.py vendor/copy.txt
git commit --quiet --no-verify -m "scratch"
git add story.txt # staged: pre-commit sees a hook's changes to tracked files only

pc() { "$ci_bin/pre-commit" "$@"; }
expect() { # expect STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  set +e
  "$@" > out.log 2>&1
  local got=$?
  set -e
  if [ "$got" -ne "$want" ]; then
    echo "pre-commit: $what: exit $got, expected $want"
    cat out.log
    exit 1
  fi
}

start=$(date +%s)
expect 0 "install-hooks (builds copydesk)" -- pc install-hooks
built=$(($(date +%s) - start))

expect 1 "copydesk on a damaged file" -- pc run copydesk --files story.txt
grep -q 'duplicate-line' out.log || { echo "pre-commit: no duplicate-line finding"; cat out.log; exit 1; }
grep -q 'stray-marker' out.log || { echo "pre-commit: no stray-marker finding"; cat out.log; exit 1; }
expect 0 "copydesk on a clean file" -- pc run copydesk --files clean.md
expect 0 "copydesk on a Python file" -- pc run copydesk --files notes.py
grep -q 'no files to check' out.log || { echo "pre-commit: notes.py was not skipped"; cat out.log; exit 1; }
expect 0 "copydesk on a file the config excludes" -- pc run copydesk --files vendor/copy.txt

# The fix hook rewrites the file; pre-commit fails it because a file changed.
expect 1 "copydesk-fix on a damaged file" -- pc run copydesk-fix --files story.txt
grep -q 'files were modified by this hook' out.log || { echo "pre-commit: fix did not modify"; cat out.log; exit 1; }
[ "$(cat story.txt)" = "$(printf '%s' "$fixed")" ] || { echo "pre-commit: unexpected fix:"; cat story.txt; exit 1; }
expect 0 "copydesk on the fixed file" -- pc run copydesk --files story.txt
expect 0 "copydesk-fix on the fixed file" -- pc run copydesk-fix --files story.txt

# The installed git hook blocks a commit of damaged text and lets the fixed text through.
expect 0 "pre-commit install" -- pc install
printf '%s' "$damaged" > story.txt
git add story.txt
expect 1 "git commit of a damaged file" -- git commit --quiet -m "damaged"
git add story.txt # the fix hook rewrote it
expect 0 "git commit of the fixed file" -- git commit --quiet -m "fixed"

echo "pre-commit: hooks build (${built}s) and check, fix, skip and block as expected"
