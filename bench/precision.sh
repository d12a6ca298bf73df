#!/usr/bin/env bash
# Builds the release binary and runs bench/precision.py with it: how often every rule fires on
# real, edited news prose (findings per rule, per 10,000 words and per 100 articles).
#
# Usage: bench/precision.sh [CORPUS_DIR] [precision.py options, e.g. --show RULE]
#   CORPUS_DIR  default: ../shared/corpora/bbc-news next to the repository
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/../shared/corpora/bbc-news"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  corpus=$1
  shift
fi
if [ ! -d "$corpus" ]; then
  echo "precision.sh: no corpus at $corpus" >&2
  echo "  the BBC news corpus lives in ../shared/corpora/bbc-news next to the repository;" >&2
  echo "  pass another directory of .txt articles as the first argument" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "precision.sh: python3 is required" >&2; exit 2; }
(cd "$root" && cargo build --release --quiet --bin copydesk)
exec python3 "$root/bench/precision.py" --binary "$root/target/release/copydesk" \
  --corpus "$corpus" "$@"
