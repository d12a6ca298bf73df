"""Checks copydesk's SARIF and GitHub output for one run over a directory of documents.

usage: check_sarif.py SCHEMA OUT.sarif OUT.github OUT.json   (run in the directory checked from)

SARIF: valid against the OASIS 2.1.0 schema (draft-04, with URI format checks), and what the
schema cannot say: `columnKind` is declared; every `ruleIndex` points at the rule its `ruleId`
names; every region (result, related location, fix) lies inside its file, counted in code
points, with its end not before its start; a duplicated line's region and its first copy's
region hold the same text; the findings are the ones `--format json` reports, in the same places.
GitHub: one well-formed workflow command per finding, at the same lines.
"""

import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import jsonschema


def fail(message):
    print(f"sarif check failed: {message}")
    sys.exit(1)


def lines_of(path, cache={}):
    if path not in cache:
        cache[path] = Path(path).read_text(encoding="utf-8").split("\n")
    return cache[path]


def region_text(path, region):
    lines = lines_of(path)
    start_line, end_line = region["startLine"], region["endLine"]
    start_col, end_col = region["startColumn"], region["endColumn"]
    if not 1 <= start_line <= end_line <= len(lines):
        fail(f"{path}: region {region} is outside the file's {len(lines)} lines")
    if start_line == end_line and end_col < start_col:
        fail(f"{path}: region {region} ends before it starts")
    if not 1 <= start_col <= len(lines[start_line - 1]) + 1:
        fail(f"{path}: start column of {region} is past the end of its line")
    if not 1 <= end_col <= len(lines[end_line - 1]) + 1:
        fail(f"{path}: end column of {region} is past the end of its line")
    text = "\n".join(lines[start_line - 1 : end_line])
    end = sum(len(line) + 1 for line in lines[start_line - 1 : end_line - 1]) + end_col - 1
    return text[start_col - 1 : end]


def folded(text):
    text = unicodedata.normalize("NFKC", text)
    for quote, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(quote, plain)
    return " ".join(text.split())


def check_sarif(schema_path, log):
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    for error in errors[:10]:
        print(f"  {'/'.join(map(str, error.absolute_path))}: {error.message}")
    if errors:
        fail(f"{len(errors)} schema errors")

    run = log["runs"][0]
    if run.get("columnKind") != "unicodeCodePoints":
        fail(f"columnKind is {run.get('columnKind')!r}")
    rules = run["tool"]["driver"]["rules"]
    places = []
    for result in run["results"]:
        if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
            fail(f"ruleIndex {result['ruleIndex']} does not name {result['ruleId']}")
        location = result["locations"][0]["physicalLocation"]
        path = unquote(location["artifactLocation"]["uri"])
        text = region_text(path, location["region"])
        for related in result.get("relatedLocations", []):
            related_text = region_text(path, related["physicalLocation"]["region"])
            if result["ruleId"] == "duplicate-line" and folded(related_text) != folded(text):
                fail(f"{path}: duplicate-line copies differ: {text!r} / {related_text!r}")
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region_text(path, replacement["deletedRegion"])
        region = location["region"]
        places.append((path, result["ruleId"], region["startLine"], region["startColumn"]))
    return places


def check_github(lines):
    command = re.compile(
        r"::(error|warning|notice) file=([^,:]+),line=(\d+),(?:col=(\d+),)?endLine=(\d+),"
        r"(?:endColumn=(\d+),)?title=copydesk \(([a-z-]+)\)::[^\r\n]+"
    )
    places = []
    for line in lines:
        match = command.fullmatch(line)
        if not match:
            fail(f"malformed workflow command: {line!r}")
        path = unquote(match[2].replace("%2C", ",").replace("%3A", ":"))
        places.append((path, match[7], int(match[3])))
    return places


def main():
    schema_path, sarif_path, github_path, json_path = sys.argv[1:5]
    log = json.loads(Path(sarif_path).read_text(encoding="utf-8"))
    sarif_places = check_sarif(schema_path, log)
    findings = json.loads(Path(json_path).read_text(encoding="utf-8"))
    expected = [(f["path"], f["rule"], f["start"]["line"], f["start"]["column"]) for f in findings]
    if sarif_places != expected:
        fail("SARIF results differ from the JSON findings")
    github_lines = Path(github_path).read_text(encoding="utf-8").splitlines()
    if check_github(github_lines) != [place[:3] for place in expected]:
        fail("GitHub annotations differ from the JSON findings")
    rules = {place[1] for place in expected}
    print(
        f"sarif: {len(sarif_places)} results over {len(rules)} rules valid against the schema;"
        f" {len(github_lines)} GitHub annotations match"
    )


if __name__ == "__main__":
    main()
