#!/usr/bin/env bash
# End-to-end check on the real scraped sample in ../shared (CI only): check finds the doubled
# captions, re-rendered header blocks, TT/20 lines, no-break and trailing spaces, the mix of
# straight and curly quotes, and exits 1;
# fix leaves headline, blank, caption, blank, body, and a second fix changes nothing.
# merged-heading fires once, on the subheading glued to its paragraph in the second article
# (line 73), and nowhere else (not on the stand-alone subheadings, not on a name); run-on-sentence
# stays silent; fix --unsafe-fixes puts that heading on its own line, then a blank line, then
# the paragraph. Assertions name rules, lines and offsets only: no text of the sample is
# printed or copied.
set -euo pipefail
sample=../shared/seeds/000_4cc2c2d3c9d80fe1.txt
bin=target/debug/copydesk
cargo build --quiet --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$sample" "$work/sample.txt"
chmod u+w "$work/sample.txt"
cd "$work"
printf '' > copydesk.toml

set +e
"$OLDPWD/$bin" check --format json sample.txt > findings.json
status=$?
set -e
[ "$status" -eq 1 ] || { echo "check exited $status, expected 1"; exit 1; }

cp sample.txt unsafe.txt
"$OLDPWD/$bin" fix --quiet sample.txt || true
cp sample.txt once.txt
"$OLDPWD/$bin" fix --quiet sample.txt || true
cmp -s once.txt sample.txt || { echo "a second fix changed the text"; exit 1; }

"$OLDPWD/$bin" fix --quiet --unsafe-fixes unsafe.txt || true
cp unsafe.txt unsafe-once.txt
"$OLDPWD/$bin" fix --quiet --unsafe-fixes unsafe.txt || true
cmp -s unsafe-once.txt unsafe.txt || { echo "a second unsafe fix changed the text"; exit 1; }

python3 - "$OLDPWD/$sample" <<'PY'
import collections, json, sys
original = open(sys.argv[1], encoding="utf-8").read()
findings = json.load(open("findings.json"))
count = collections.Counter(f["rule"] for f in findings)
expect = {"duplicate-line": 4, "repeated-block": 2, "stray-marker": 4}
for rule, n in expect.items():
    assert count[rule] == n, f"{rule}: {count[rule]} findings, expected {n}"
assert count["irregular-whitespace"] >= 10, count
assert count["trailing-whitespace"] >= 2, count
assert all(f["related"] for f in findings if f["rule"] == "repeated-block"), "repeated-block lacks its first-copy label"

fixed = open("once.txt", encoding="utf-8").read()
lines = fixed.split("\n")
for marker in ("TT", "20"):
    assert marker not in lines, f"{marker} line survived"
for headline_index in [i for i, l in enumerate(lines) if l and i + 4 < len(lines) and lines[i + 1] == "" and len(lines[i + 2]) > 100 and i in (0,) or (i > 0 and lines[i - 1] == "" and l.startswith("Russia Skirts"))]:
    head = lines[headline_index:headline_index + 5]
    assert head[1] == "" and head[3] == "" and head[2] and head[4], head
    assert lines.count(head[0]) == 1 and lines.count(head[2]) == 1, "a header line is still doubled"
# mixed-quotes: the file's straight marks outnumber its curly ones, so every curly mark is
# reported; among them the curly apostrophes of the second article (after the first run of blank
# lines), which also holds straight ones.
raw = open(sys.argv[1], "rb").read()
mixed = [f for f in findings if f["rule"] == "mixed-quotes"]
curly = "\u2018\u2019\u201c\u201d"
assert len(mixed) == sum(original.count(c) for c in curly), f"mixed-quotes: {len(mixed)} findings"
assert all(raw[f["span"]["start"]:f["span"]["end"]].decode() in curly for f in mixed), "a straight mark was reported"
source = original.split("\n")
gap = next(i for i in range(1, len(source)) if source[i] == "" == source[i - 1])
second = [i + 1 for i, l in enumerate(source) if i > gap and "\u2019" in l]
assert second and any("'" in l for l in source[gap:]), "the second article no longer mixes ' and \u2019"
flagged = {f["start"]["line"] for f in mixed}
assert set(second) <= flagged, f"mixed-quotes missed lines {sorted(set(second) - flagged)}"
norm = lambda s: " ".join(s.replace("\u00a0", " ").split())
body = [norm(l) for l in original.split("\n") if len(l) > 150]
kept = {norm(l) for l in lines}
missing = [p[:60] for p in body if p not in kept]
assert not missing, f"paragraphs lost: {missing}"
for sub in ("Moscow's notorious secret unit", "Africa Corps recruitment"):
    assert sub in lines, f"subheading {sub!r} lost"

glued = [f for f in findings if f["rule"] == "merged-heading"]
assert len(glued) == 1, f"merged-heading: {len(glued)} findings, expected 1"
assert (glued[0]["start"]["line"], glued[0]["start"]["column"]) == (73, 1), "merged-heading fired off the glued subheading"
assert count["run-on-sentence"] == 0, f"run-on-sentence: {count['run-on-sentence']} findings, expected 0"
[edit] = glued[0]["fix"]["edits"]
assert glued[0]["fix"]["applicability"] == "unsafe" and edit["replacement"] == "\n\n", "merged-heading fix is not an unsafe split"
raw = original.encode("utf-8")
heading = raw[glued[0]["span"]["start"]:edit["start"]].decode("utf-8")
paragraph = raw[edit["end"]:].split(b"\n", 1)[0].decode("utf-8")
unsafe = open("unsafe-once.txt", encoding="utf-8").read().split("\n")
at = [i for i, l in enumerate(unsafe) if l == heading]
assert len(at) == 1, "the glued subheading is not a line of its own after fix --unsafe-fixes"
i = at[0]
assert unsafe[i - 1] == "" and unsafe[i + 1] == "" and norm(unsafe[i + 2]) == norm(paragraph), "expected heading, blank line, paragraph"
print(f"shared sample: {len(findings)} findings ({dict(count)}); fix keeps every paragraph; the unsafe fix splits the glued subheading (line 73)")
PY
