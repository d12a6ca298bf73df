#!/usr/bin/env python3
"""End-to-end benchmark of the `copydesk` binary: throughput and peak memory.

Builds the release binary, generates inputs under bench/out/ (gitignored) and times

  * `check` on one big file (>= 50 MB) with one thread          -> MB/s      (target >= 150)
  * `check` on a directory of 50,000 article-sized files, 2 jobs -> MB/s, docs/s (>= 100 MB/s)
  * `fix --diff` on the big file, `fix` on a fresh copy of it and of the directory

and measures each command's peak resident memory (target: < 2x the largest file + the RSS of
a run on an empty file). Timing uses hyperfine when installed, else repeated runs timed here;
peak RSS comes from a separate run under GNU time (/usr/bin/time), else from wait4(2).

Inputs are real prose from the BBC news corpus (../shared/corpora/bbc-news next to the
repository, or --corpus) replicated with variations (content words swapped for other corpus
words, so copies do not repeat each other) and scraped-page debris injected at a realistic
rate; without the corpus a seeded generator writes article-shaped text. Generation is
deterministic and cached in bench/out/ (--regen rebuilds it).

Usage: python3 bench/run.py [--runs N] [--quick] [--skip-build] [--regen] [--corpus DIR]
                           [--no-fix] [--only CASE,CASE] [--select RULES]
"""

import argparse
import collections
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
BUILT = os.path.join(ROOT, "target", "release", "copydesk")
# Timed runs use a copy, so a concurrent `cargo build --release` cannot swap the binary mid-run.
BINARY = os.path.join(OUT, "copydesk")
DEFAULT_CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "bbc-news")
GENERATOR_VERSION = 3

MB = 1_000_000

# ---------------------------------------------------------------------------------------------
# Input generation.


def read_articles(corpus):
    paths = []
    for dirpath, _, files in os.walk(corpus):
        paths.extend(os.path.join(dirpath, f) for f in files if f.endswith(".txt"))
    articles = []
    for path in sorted(paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().replace("\r\n", "\n")
        if len(text.strip().splitlines()) > 2:
            articles.append(text)
    return articles


class Variants:
    """Swaps content words (all but the most frequent) for other corpus words, keeping case,
    punctuation and layout: round n of the corpus reads like different articles of one shape."""

    KEEP = 300
    WORD = re.compile(r"[A-Za-z]+")

    def __init__(self, articles):
        counts = collections.Counter()
        for text in articles:
            counts.update(w.lower() for w in self.WORD.findall(text))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.keep = {w for w, _ in ranked[: self.KEEP]}
        self.vocabulary = sorted(w for w, _ in ranked[self.KEEP :])
        self.index = {w: i for i, w in enumerate(self.vocabulary)}

    def apply(self, text, round_):
        if round_ == 0 or not self.vocabulary:
            return text
        n = len(self.vocabulary)
        shift = round_ * (n // 7 + 13)

        def swap(match):
            word = match.group(0)
            lower = word.lower()
            i = self.index.get(lower)
            if i is None or lower in self.keep:
                return word
            other = self.vocabulary[(i + shift) % n]
            if len(word) > 1 and word.isupper():
                return other.upper()
            if word[0].isupper():
                return other[0].upper() + other[1:]
            return other

        return self.WORD.sub(swap, text)


MARKERS = [
    "Share",
    "Advertisement",
    "Read more",
    "Share this article",
    "Continue reading the main story",
    "Sign up for our newsletter",
]


def first_sentence(paragraph):
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def replace_random_space(line, rng, replacement):
    spaces = [i for i, c in enumerate(line) if c == " "]
    if not spaces:
        return line
    at = rng.choice(spaces)
    return line[:at] + replacement + line[at + 1 :]


def damage_line(paragraph, rng):
    """Per-paragraph inline damage, each kind at its own low rate."""
    line = paragraph
    if rng.random() < 0.08:
        line = replace_random_space(line, rng, "\u00a0")
    if rng.random() < 0.02:
        line = replace_random_space(line, rng, "  ")
    if rng.random() < 0.01:
        line = replace_random_space(line, rng, " \u200b")
    if rng.random() < 0.01 and "'" in line:
        line = line.replace("'", "\u00e2\u20ac\u2122", 1)
    if rng.random() < 0.01 and ". " in line:
        line = line.replace(". ", ".", 1)
    if rng.random() < 0.04:
        line += rng.choice([" ", "  ", "\u00a0", "\t"])
    return line


def scrape(article, rng):
    """Renders one article as a scraper leaves it: now and then the damaged page header (caption
    printed twice, `TT` and a share count, headline and caption again), doubled lines, stray
    markers, extra blank lines, and inline damage."""
    lines = [l.rstrip() for l in article.splitlines() if l.strip()]
    if not lines:
        return ""
    headline, paragraphs = lines[0], lines[1:]
    out = [headline, ""]
    if rng.random() < 0.25 and paragraphs:
        caption = first_sentence(paragraphs[1] if len(paragraphs) > 1 else paragraphs[0])
        out += [caption, caption, "TT", str(rng.randint(2, 60)), "", headline, ""]
        out += [caption, caption, ""]
    for paragraph in paragraphs:
        line = damage_line(paragraph, rng)
        out.append(line)
        if rng.random() < 0.02:
            out.append(line)
        out.append("")
        if rng.random() < 0.03:
            out += [rng.choice(MARKERS), ""]
        if rng.random() < 0.01:
            out += ["", ""]
    # One blank line between articles comes from the joiner; none trails an article.
    return "\n".join(out).rstrip("\n") + "\n"


FUNCTION_WORDS = (
    "the the the a of to in and that for on with as at by from its their after before over "
    "under while but this"
).split()
NOUNS = (
    "council harbour ferry budget minister river school market station report bridge union "
    "hospital vote league season museum storm airport court plan festival company village road "
    "price match committee board survey drought orchestra factory coach election"
).split()
VERBS = (
    "said opened closed announced rejected approved delayed raised reported warned expected "
    "promised questioned reviewed planned won"
).split()
ADJECTIVES = (
    "new local regional early late annual small public former final coastal northern southern "
    "second largest quiet busy temporary"
).split()
SYLLABLES = "bar ven lo mir ta sen dor ka li ros mel an vik to ra hel gun sa bri nor el fa den mo".split()


def generated_name(rng):
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.capitalize()


def generated_sentence(rng):
    words = []
    length = rng.randint(7, 28)
    while len(words) < length:
        kind = rng.randrange(10)
        if kind <= 3:
            word = rng.choice(FUNCTION_WORDS)
        elif kind <= 5:
            word = rng.choice(NOUNS)
        elif kind == 6:
            word = rng.choice(VERBS)
        elif kind == 7:
            word = rng.choice(ADJECTIVES)
        elif kind == 8:
            word = generated_name(rng) + " " + generated_name(rng)
        else:
            word = str(rng.randint(2, 2024))
        if words and words[-1].rstrip(",") == word:
            continue  # "the the" is damage, not prose
        words.append(word)
        if len(words) > 4 and rng.random() < 0.08:
            words[-1] += ","
    text = " ".join(words).rstrip(",")
    text = text[0].upper() + text[1:]
    if rng.random() < 0.15:
        return f'"{text}," {generated_name(rng)} {generated_name(rng)} said.'
    return text + "."


def generate_articles(count, seed=1):
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        opening = generated_sentence(rng)
        headline = " ".join(opening.split(" ")[: rng.randint(4, 9)]).strip("\",.")
        paragraphs = [
            " ".join(generated_sentence(rng) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(6, 16))
        ]
        articles.append(headline + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return articles


def generate_inputs(corpus, big_bytes, file_count, regen):
    """Writes bench/out/big.txt and bench/out/articles/NNN/NNNNN.txt; returns a description."""
    source = "bbc-news" if corpus and os.path.isdir(corpus) else "generated"
    stamp = {
        "version": GENERATOR_VERSION,
        "source": source,
        "big_bytes": big_bytes,
        "files": file_count,
    }
    stamp_path = os.path.join(OUT, "inputs.json")
    if not regen and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                return stamp
    print(f"generating inputs from {source} text ...", flush=True)
    started = time.time()
    articles = read_articles(corpus) if source == "bbc-news" else []
    if not articles:
        source, stamp["source"] = "generated", "generated"
        articles = generate_articles(400)
    variants = Variants(articles)
    rng = random.Random(0xC0FFEE)

    articles_dir = os.path.join(OUT, "articles")
    shutil.rmtree(articles_dir, ignore_errors=True)
    os.makedirs(articles_dir)
    big_parts, big_len, i = [], 0, 0
    while i < file_count or big_len < big_bytes:
        round_, which = divmod(i, len(articles))
        text = scrape(variants.apply(articles[which], round_), rng)
        if i < file_count:
            folder = os.path.join(articles_dir, f"{i // 1000:03}")
            if i % 1000 == 0:
                os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{i:05}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
        if big_len < big_bytes:
            chunk = text + "\n"
            big_parts.append(chunk)
            big_len += len(chunk.encode("utf-8"))
        i += 1
    with open(os.path.join(OUT, "big.txt"), "w", encoding="utf-8") as f:
        f.write("".join(big_parts))
    with open(os.path.join(OUT, "empty.txt"), "w") as f:
        f.write("")
    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    print(f"  done in {time.time() - started:.0f} s", flush=True)
    return stamp


def tree_size(path):
    total, count = 0, 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(dirpath, name))
            count += 1
    return total, count


# ---------------------------------------------------------------------------------------------
# Measurement.


TIME = "/usr/bin/time"


def run_once(argv, prepare=None):
    """Runs argv with output discarded; returns (seconds, peak RSS in bytes, exit code, CPU
    seconds: user plus system).

    Peak RSS comes from GNU time (Debian package `time`) when installed. Without it, wait4(2)
    reports an upper bound: Linux carries the RSS high-water mark across fork and exec, so the
    child starts with this Python process's own peak."""
    if prepare:
        prepare()
    rss_file = os.path.join(OUT, "rss.txt")
    wrapped = [TIME, "-f", "%M", "-o", rss_file] + argv if os.access(TIME, os.X_OK) else argv
    started = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    rss_kb = usage.ru_maxrss
    if wrapped is not argv:
        with open(rss_file) as f:
            # GNU time prints "Command exited with non-zero status N" first when N != 0.
            rss_kb = int(f.read().split()[-1])
    return elapsed, rss_kb * 1024, code, cpu


def time_command(name, argv, runs, prepare_shell=None, prepare=None):
    """Mean and standard deviation of the wall time of argv over `runs` runs (after one warmup),
    the times, and the mean CPU time (user plus system), which a busy machine inflates less."""
    if shutil.which("hyperfine"):
        export = os.path.join(OUT, f"hyperfine-{name}.json")
        cmd = [
            "hyperfine",
            "--style",
            "basic",
            "--warmup",
            "1",
            "--runs",
            str(runs),
            "--ignore-failure",
            "--export-json",
            export,
            "--command-name",
            name,
        ]
        if prepare_shell:
            cmd += ["--prepare", prepare_shell]
        cmd.append(" ".join(shell_quote(a) for a in argv))
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(export) as f:
            result = json.load(f)["results"][0]
        cpu = result["user"] + result["system"]
        return result["mean"], result.get("stddev") or 0.0, result["times"], cpu
    run_once(argv, prepare)
    measured = [run_once(argv, prepare) for _ in range(runs)]
    times = [run[0] for run in measured]
    mean = sum(times) / len(times)
    stddev = (sum((t - mean) ** 2 for t in times) / max(1, len(times) - 1)) ** 0.5
    return mean, stddev, times, sum(run[3] for run in measured) / len(measured)


def shell_quote(arg):
    return arg if re.fullmatch(r"[\w./=-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def copy_big():
    shutil.copyfile(os.path.join(OUT, "big.txt"), os.path.join(OUT, "big-fix.txt"))


def copy_articles():
    target = os.path.join(OUT, "articles-fix")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(OUT, "articles"), target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--quick", action="store_true", help="5 MB file, 2,000 files, 2 runs")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--regen", action="store_true", help="regenerate the inputs")
    parser.add_argument("--corpus", default=os.environ.get("COPYDESK_BENCH_CORPUS", DEFAULT_CORPUS))
    parser.add_argument("--no-fix", action="store_true", help="time `check` only")
    parser.add_argument(
        "--only", default="", help="comma-separated case names to run (default: all)"
    )
    parser.add_argument(
        "--select",
        default="",
        help="rules or categories to run, passed to copydesk's --select (default: all rules)",
    )
    args = parser.parse_args()

    big_bytes = 5 * 1024 * 1024 if args.quick else 50 * 1024 * 1024 + 1
    file_count = 2_000 if args.quick else 50_000
    runs = 2 if args.quick else args.runs

    if not args.skip_build:
        print("cargo build --release ...", flush=True)
        subprocess.run(["cargo", "build", "--release", "--bin", "copydesk"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    shutil.copy2(BUILT, BINARY)
    stamp = generate_inputs(args.corpus, big_bytes, file_count, args.regen)

    big = os.path.join(OUT, "big.txt")
    articles = os.path.join(OUT, "articles")
    big_size = os.path.getsize(big)
    dir_size, dir_files = tree_size(articles)
    largest = max(big_size, max_file_size(articles))
    selection = [f"--select={args.select}"] if args.select else []
    check = [BINARY, "check", "--format", "concise", "--exit-zero"] + selection
    fix = [BINARY, "fix", "--format", "concise"] + selection

    cases = [
        # name, argv, bytes, docs, prepare (shell), prepare (python)
        ("check-big-1-thread", check + ["--jobs", "1", big], big_size, 1, None, None),
        ("check-50k-files-2-jobs", check + ["--jobs", "2", articles], dir_size, dir_files, None, None),
    ]
    if not args.no_fix:
        big_fix = os.path.join(OUT, "big-fix.txt")
        articles_fix = os.path.join(OUT, "articles-fix")
        cases += [
            ("fix-diff-big", fix + ["--diff", "--jobs", "1", big], big_size, 1, None, None),
            (
                "fix-big-copy",
                fix + ["--jobs", "1", big_fix],
                big_size,
                1,
                f"cp {shell_quote(big)} {shell_quote(big_fix)}",
                copy_big,
            ),
            (
                "fix-50k-files-copy-2-jobs",
                fix + ["--jobs", "2", articles_fix],
                dir_size,
                dir_files,
                f"rm -rf {shell_quote(articles_fix)} && cp -r {shell_quote(articles)} {shell_quote(articles_fix)}",
                copy_articles,
            ),
        ]

    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {case[0] for case in cases}
        if unknown:
            parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
        cases = [case for case in cases if case[0] in wanted]

    baseline_rss = run_once(check + [os.path.join(OUT, "empty.txt")])[1]
    if args.select:
        print(f"rules: --select={args.select}", flush=True)
    print(
        f"inputs ({stamp['source']}): big.txt {big_size / MB:.1f} MB; "
        f"{dir_files} files, {dir_size / MB:.1f} MB; largest file {largest / MB:.1f} MB; "
        f"baseline RSS (empty file) {baseline_rss / MB:.1f} MB",
        flush=True,
    )
    memory_limit = 2 * largest + baseline_rss

    results = []
    for name, argv, size, docs, prepare_shell, prepare in cases:
        print(f"{name}: {' '.join(shell_quote(a) for a in argv)}", flush=True)
        _, rss, code, _ = run_once(argv, prepare)
        if code not in (0, 1):
            print(f"  exit code {code}: skipped", flush=True)
            results.append({"name": name, "error": f"exit code {code}"})
            continue
        mean, stddev, times, cpu = time_command(name, argv, runs, prepare_shell, prepare)
        result = {
            "name": name,
            "command": argv,
            "bytes": size,
            "docs": docs,
            "mean_s": mean,
            "stddev_s": stddev,
            "times_s": times,
            "mb_per_s": size / MB / mean,
            "cpu_s": cpu,
            "mb_per_cpu_s": size / MB / cpu,
            "docs_per_s": docs / mean,
            "peak_rss_bytes": rss,
        }
        results.append(result)
        print(
            f"  {mean:.3f} s ± {stddev:.3f}  {result['mb_per_s']:.1f} MB/s  "
            f"{result['docs_per_s']:.0f} docs/s  peak RSS {rss / MB:.1f} MB  "
            f"CPU {cpu:.3f} s ({result['mb_per_cpu_s']:.1f} MB per CPU second)",
            flush=True,
        )

    targets = {
        "check-big-1-thread": 150,
        "check-50k-files-2-jobs": 100,
    }
    print("\nsummary")
    print(f"{'case':28} {'MB/s':>8} {'docs/s':>9} {'peak MB':>8}  target")
    for r in results:
        if "error" in r:
            print(f"{r['name']:28} {r['error']}")
            continue
        notes = []
        if r["name"] in targets:
            want = targets[r["name"]]
            notes.append(f"{'ok' if r['mb_per_s'] >= want else 'MISS'} >= {want} MB/s")
        notes.append(
            f"{'ok' if r['peak_rss_bytes'] < memory_limit else 'MISS'} "
            f"RSS < {memory_limit / MB:.0f} MB"
        )
        print(
            f"{r['name']:28} {r['mb_per_s']:8.1f} {r['docs_per_s']:9.0f} "
            f"{r['peak_rss_bytes'] / MB:8.1f}  {', '.join(notes)}"
        )
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(
            {
                "inputs": stamp,
                "select": args.select or "all",
                "baseline_rss_bytes": baseline_rss,
                "largest_file_bytes": largest,
                "results": results,
            },
            f,
            indent=2,
        )
    print(f"\nwritten {os.path.relpath(os.path.join(OUT, 'results.json'), ROOT)}")


def max_file_size(path):
    largest = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            largest = max(largest, os.path.getsize(os.path.join(dirpath, name)))
    return largest


if __name__ == "__main__":
    sys.exit(main())
