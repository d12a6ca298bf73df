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

# Microsoft's SARIF Multitool (npm, runs offline) checks the spec's rules beyond the schema.
# It exits 0 whatever it finds, so its own SARIF log is read: any error or warning fails.
tools=${COPYDESK_CI_NPM:-$OLDPWD/target/ci-npm}
multitool=$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ "$(uname -sm)" != "Linux x86_64" ] || ! command -v npm > /dev/null; then
  echo "sarif: SARIF Multitool needs npm on Linux x86_64, skipped"
  exit 0
fi
if [ ! -x "$multitool" ]; then
  npm install --prefix "$tools" --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0
fi
"$multitool" validate out.sarif --output multitool.sarif --log ForceOverwrite > multitool.log ||
  { cat multitool.log; exit 1; }
"$ci_python" - <<'PY'
import json
results = json.load(open("multitool.sarif", encoding="utf-8"))["runs"][0]["results"]
bad = [r for r in results if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    print(f"  {r['ruleId']} {r.get('level', 'warning')}: {r['message']}")
if bad:
    raise SystemExit(f"sarif: the SARIF Multitool reports {len(bad)} errors or warnings")
print("sarif: the SARIF Multitool reports no error or warning")
PY
