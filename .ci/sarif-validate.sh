#!/usr/bin/env bash
# Validates `--format sarif` on real and sample documents (the shared scraped sample and
# seeds/) against the OASIS SARIF 2.1.0 schema in ../shared/schemas, plus what the schema cannot
# say (see .ci/check_sarif.py), and checks `--format github` on the same files. Skips when
# ../shared is absent: the schema is not ours to ship. COPYDESK_SHARED points elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(realpath -m "${COPYDESK_SHARED:-../shared}")
schema=$shared/schemas/sarif-2.1.0.json
if [ ! -f "$schema" ]; then
  echo "sarif: $shared/schemas absent, skipped"
  exit 0
fi
# shellcheck source=venv.sh
. .ci/venv.sh
cargo build --quiet --locked
bin=$PWD/target/debug/copydesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/docs"
cp "$shared"/seeds/*.txt seeds/*.txt "$work/docs/"
chmod -R u+w "$work/docs"
printf '' > "$work/copydesk.toml"
cd "$work"
for format in sarif github json; do
  set +e
  "$bin" check --quiet --format "$format" docs > "out.$format"
  status=$?
  set -e
  [ "$status" -eq 1 ] || { echo "check --format $format exited $status, expected 1"; exit 1; }
done
"$ci_python" "$OLDPWD/.ci/check_sarif.py" "$schema" out.sarif out.github out.json
