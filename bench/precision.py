#!/usr/bin/env python3
"""Findings of the whole rule set on a corpus of edited articles: the false-positive check.

Runs `copydesk check --format jsonl` over the BBC news corpus (../shared/corpora/bbc-news next to
the repository, or --corpus) and prints, per rule, the findings, findings per 10,000 words and
per 100 articles, and how many articles they hit. The corpus is professionally edited, so a
finding there is either a false positive to fix in the rule or a real leftover of the corpus's
own extraction (names dropped out of sports reports, a missing space); read them with --show.

Usage: python3 bench/precision.py [--corpus DIR] [--binary PATH] [--show RULE]... [--context N]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "bbc-news")


def default_binary():
    for profile in ("release", "debug"):
        path = os.path.join(ROOT, "target", profile, "copydesk")
        if os.path.exists(path):
            return path
    return None


def articles(corpus):
    for dirpath, _, files in os.walk(corpus):
        for name in sorted(files):
            if name.endswith(".txt"):
                yield os.path.join(dirpath, name)


def findings(binary, corpus):
    # Every rule, under an empty configuration: a copydesk.toml up the tree changes nothing.
    with tempfile.TemporaryDirectory() as scratch:
        config = os.path.join(scratch, "copydesk.toml")
        open(config, "w").close()
        command = [binary, "check", "--config", config, "--select", "all", "--format", "jsonl"]
        command += ["--exit-zero", "--no-progress", corpus]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def excerpt(path, span, context):
    with open(path, "rb") as f:
        data = f.read()
    start, end = span["start"], span["end"]
    before = data[max(0, start - context) : start].decode("utf-8", "replace")
    inside = data[start:end].decode("utf-8", "replace")
    after = data[end : end + context].decode("utf-8", "replace")
    return f"{before!r} [{inside!r}] {after!r}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.environ.get("COPYDESK_BENCH_CORPUS", DEFAULT_CORPUS))
    parser.add_argument("--binary", default=default_binary(), help="default: target/release or target/debug")
    parser.add_argument("--show", action="append", default=[], metavar="RULE", help="print each finding of RULE with its context")
    parser.add_argument("--context", type=int, default=50, help="bytes of context either side (default 50)")
    args = parser.parse_args()
    if not args.binary:
        sys.exit("no copydesk binary: run `cargo build --release` or pass --binary")
    if not os.path.isdir(args.corpus):
        sys.exit(f"no corpus at {args.corpus}")

    paths = list(articles(args.corpus))
    words = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            words += len(f.read().split())
    found = findings(args.binary, args.corpus)

    by_rule = collections.defaultdict(list)
    for finding in found:
        by_rule[finding["rule"]].append(finding)
    print(f"{len(paths)} articles, {words:,} words, {len(found)} findings\n")
    print(f"{'rule':28} {'severity':9} {'findings':>8} {'/10k words':>11} {'/100 articles':>14} {'articles':>9}")
    for rule in sorted(by_rule):
        hits = by_rule[rule]
        severity = hits[0]["severity"]
        print(
            f"{rule:28} {severity:9} {len(hits):>8} {len(hits) * 10_000 / words:>11.2f} "
            f"{len(hits) * 100 / len(paths):>14.2f} {len({h['path'] for h in hits}):>9}"
        )
    warnings = sum(1 for f in found if f["severity"] != "info")
    print(f"\nwarnings and errors: {warnings}, {warnings * 100 / len(paths):.2f} per 100 articles")

    for rule in args.show:
        print(f"\n== {rule}")
        for finding in by_rule.get(rule, []):
            place = os.path.relpath(finding["path"], args.corpus)
            print(f"{place}:{finding['start']['line']}: {finding['message']}")
            print(f"    {excerpt(finding['path'], finding['span'], args.context)}")


if __name__ == "__main__":
    main()
