#!/usr/bin/env python3
"""Benchmark `copydesk dedup` against datasketch and rensa on a corpus with known near
duplicates.

Builds a JSON Lines corpus of article-sized documents (default 50,000; about 2 KB each) where a
known set of documents are edited copies of others, runs copydesk and both Python MinHash peers
with the same parameters (128 permutations, 5-word shingles, Jaccard threshold 0.8, 16 bands of
8 rows), and prints wall time, peak memory and pair precision, recall and F1 for each. The
peers are installed into a virtualenv (bench/out/venv) on first use.

    python3 bench/dedup.py                      # 50,000 documents, all three tools
    python3 bench/dedup.py --scale 500000       # then copydesk alone on 500,000
    python3 bench/dedup.py --docs 5000 --quick  # a small smoke run
    python3 bench/dedup.py --work /dev/shm/dedup --scale 500000 1000000   # big corpora in RAM

Documents are built from sentences of the BBC news corpus in ../shared/corpora/bbc-news (or
COPYDESK_BENCH_CORPUS, or --corpus) when present, else from a seeded generator; see
bench/README.md for how the corpus and the ground truth are made.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Corpora, the venv and the binary under test; --work moves them (to a tmpfs, say: the
# 500,000-document corpus takes 1.1 GB).
OUT = ROOT / "bench" / "out" / "dedup"
PERMUTATIONS, SHINGLE_WORDS, THRESHOLD, BANDS, ROWS = 128, 5, 0.8, 16, 8
# Share of documents that are edited copies of another, and how many copies a family has.
VARIANT_SHARE = 0.1
WORD = re.compile(r"[^\W_]+")


# ---------------------------------------------------------------------------------------------
# Corpus

def sentence_pool(corpus_dir, rng):
    """Sentences of real prose, or generated ones when the corpus is absent."""
    sentences = []
    if corpus_dir and Path(corpus_dir).is_dir():
        for path in sorted(Path(corpus_dir).rglob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for paragraph in text.split("\n")[1:]:  # the first line is the headline
                for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", paragraph.strip()):
                    if len(sentence.split()) >= 6:
                        sentences.append(sentence)
    if len(sentences) < 1000:
        vocabulary = [
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            for _ in range(20000)
        ]
        sentences = [
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 30))).capitalize() + "."
            for _ in range(60000)
        ]
    return sentences


def base_document(pool, vocabulary, rng):
    """About 2 KB: 4 to 6 paragraphs of random sentences, with 3 % of words swapped so that no
    two documents share long runs by chance."""
    paragraphs, size = [], 0
    while size < 2000:
        paragraph = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(len(words) * 3 // 100):
        at = rng.randrange(len(words))
        if "\n" not in words[at]:
            words[at] = rng.choice(vocabulary)
    return " ".join(words)


def edited(text, vocabulary, rng):
    """A copy with a random amount of editing: word substitutions, insertions and deletions
    (0.2 % to 6 % of words, so similarities spread across the threshold), sometimes a dropped
    or added sentence, a changed line break or case."""
    words = text.split(" ")
    edits = max(1, int(len(words) * rng.uniform(0.002, 0.06)))
    for _ in range(edits):
        at = rng.randrange(len(words))
        kind = rng.random()
        if kind < 0.6:
            words[at] = rng.choice(vocabulary)
        elif kind < 0.8:
            words.insert(at, rng.choice(vocabulary))
        elif len(words) > 10:
            del words[at]
    out = " ".join(words)
    if rng.random() < 0.2:
        out = out.replace("\n\n", "\n", 1)
    if rng.random() < 0.1:
        out = out.upper()
    return out


def build_corpus(path, docs, corpus_dir, seed):
    """Writes `docs` records to `path`; returns the families (lists of record numbers)."""
    rng = random.Random(seed)
    pool = sentence_pool(corpus_dir, rng)
    vocabulary = sorted({w for s in pool[:20000] for w in s.split() if w.isalpha()})
    variants = int(docs * VARIANT_SHARE)
    # Each family is a base and 1 (most often), 2 or 3 edited copies.
    copies = []
    while variants > 0:
        count = min(variants, rng.choice([1, 1, 1, 1, 2, 3]))
        copies.append(count)
        variants -= count
    order = list(range(docs))
    rng.shuffle(order)  # family members are spread through the file
    slots = iter(order)
    family_members = []
    texts = [None] * docs
    for extra in copies:
        base = base_document(pool, vocabulary, rng)
        members = [next(slots)]
        texts[members[0]] = base
        for _ in range(extra):
            slot = next(slots)
            texts[slot] = edited(base, vocabulary, rng)
            members.append(slot)
        family_members.append(members)
    for slot in slots:
        texts[slot] = base_document(pool, vocabulary, rng)
    with open(path, "w", encoding="utf-8") as out:
        for number, text in enumerate(texts):
            out.write(json.dumps({"id": f"doc{number}", "text": text}, ensure_ascii=False))
            out.write("\n")
    return family_members


def shingle_set(text):
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def ground_truth(path, families):
    """Pairs inside a family whose exact Jaccard similarity reaches the threshold. Documents of
    different families share no more than a sentence or two by construction."""
    wanted = {m for members in families for m in members}
    texts = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number in wanted:
                texts[number] = json.loads(line)["text"]
    truth, similarities = set(), []
    for members in families:
        sets = {m: shingle_set(texts[m]) for m in members}
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                union = len(sets[a] | sets[b])
                jaccard = len(sets[a] & sets[b]) / union if union else 1.0
                similarities.append(jaccard)
                if jaccard >= THRESHOLD:
                    truth.add((min(a, b), max(a, b)))
    return truth, similarities


# ---------------------------------------------------------------------------------------------
# Running

def measure(command, **kwargs):
    """Runs `command`; returns (wall seconds, peak RSS in MB, completed process)."""
    timed = ["/usr/bin/time", "-f", "%M"] + command if Path("/usr/bin/time").exists() else command
    start = time.perf_counter()
    result = subprocess.run(timed, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - start
    peak = None
    if timed is not command:
        last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        if last.isdigit():
            peak = int(last) / 1024
    return wall, peak, result


def copydesk_pairs(output):
    """Pairs from `dedup --format jsonl`: every compared pair at or above the threshold, widened
    to the exact copies of each side (copies are compared through their first document)."""
    pairs = set()
    number = lambda id_: int(id_[3:])
    for line in output.splitlines():
        cluster = json.loads(line)
        copies = {}
        for pair in cluster["pairs"]:
            if pair["exact"]:
                a, b = number(pair["a"]), number(pair["b"])
                copies.setdefault(a, {a}).add(b)
                copies[b] = copies[a]
        for pair in cluster["pairs"]:
            if pair["similarity"] >= THRESHOLD:
                a, b = number(pair["a"]), number(pair["b"])
                for x in copies.get(a, {a}):
                    for y in copies.get(b, {b}):
                        if x != y:
                            pairs.add((min(x, y), max(x, y)))
    return pairs


PEER = r'''
import json, re, sys, time
WORD = re.compile(r"[^\W_]+")
def shingles(text):
    words = WORD.findall(text.lower())
    if len(words) < 5:
        return [" ".join(words)] if words else []
    return list({" ".join(words[i:i + 5]) for i in range(len(words) - 4)})
tool, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
token_sets = [shingles(t) for t in texts]
pairs = set()
if tool == "rensa":
    from rensa import RMinHash, RMinHashLSH
    hashes = RMinHash.from_token_sets(token_sets, 128, 42)
    lsh = RMinHashLSH(0.8, 128, 16)
    lsh.insert_pairs(list(enumerate(hashes)))
    for i, candidates in enumerate(lsh.query_all(hashes)):
        for j in candidates:
            if j > i and hashes[i].jaccard(hashes[j]) >= 0.8:
                pairs.add((i, j))
else:
    from datasketch import MinHash, MinHashLSH
    hashes = MinHash.bulk([[s.encode() for s in tokens] for tokens in token_sets], num_perm=128)
    lsh = MinHashLSH(threshold=0.8, num_perm=128, params=(16, 8))
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m, check_duplication=False)
    for i, m in enumerate(hashes):
        for j in lsh.query(m):
            if j > i and m.jaccard(hashes[j]) >= 0.8:
                pairs.add((i, j))
json.dump(sorted(pairs), open(out, "w"))
'''


def ensure_venv():
    venv = OUT / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    check = subprocess.run([str(python), "-c", "import rensa, datasketch"], capture_output=True)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "datasketch", "rensa"], check=True)
    return python


def scores(found, truth):
    hit = len(found & truth)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_copydesk(binary, corpus, jobs):
    command = [str(binary), "dedup", "--input", "jsonl", "--id-field", "id", "--format", "jsonl",
               "--exit-zero", "--quiet", "--no-progress", "--permutations", str(PERMUTATIONS),
               "--shingle-words", str(SHINGLE_WORDS), "--threshold", str(THRESHOLD),
               "--bands", str(BANDS), "--rows", str(ROWS), str(corpus)]
    if jobs:
        command[2:2] = ["--jobs", str(jobs)]
    wall, peak, result = measure(command)
    if result.returncode != 0:
        sys.exit(f"copydesk failed ({result.returncode}): {result.stderr[-2000:]}")
    return wall, peak, copydesk_pairs(result.stdout)


def run_peer(python, tool, corpus):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = out.name
    wall, peak, result = measure([str(python), "-c", PEER, tool, str(corpus), out_path])
    if result.returncode != 0:
        sys.exit(f"{tool} failed: {result.stderr[-2000:]}")
    pairs = {tuple(pair) for pair in json.load(open(out_path))}
    os.unlink(out_path)
    return wall, peak, pairs


def row(name, docs, wall, peak, found, truth):
    precision, recall, f1 = scores(found, truth)
    peak_text = f"{peak:8.0f} MB" if peak is not None else "       ? MB"
    print(f"| {name:<10} | {docs:>9,} | {wall:8.1f} s | {docs / wall:>9,.0f} | {peak_text} | "
          f"{precision:.4f} | {recall:.4f} | {f1:.4f} |", flush=True)


def header():
    print("| tool       |      docs |       wall |    docs/s |   peak RSS | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|", flush=True)


def prepare(docs, corpus_dir, seed):
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / f"corpus-{docs}-{seed}.jsonl"
    families_path = corpus.with_suffix(".families.json")
    if not (corpus.exists() and families_path.exists()):
        print(f"building {docs:,} documents ...", file=sys.stderr, flush=True)
        families = build_corpus(corpus, docs, corpus_dir, seed)
        json.dump(families, open(families_path, "w"))
    families = json.load(open(families_path))
    truth, similarities = ground_truth(corpus, families)
    size = corpus.stat().st_size
    near_threshold = sum(1 for s in similarities if abs(s - THRESHOLD) < 0.05)
    print(f"corpus: {docs:,} documents, {size / 1e6:.0f} MB, {len(similarities):,} edited pairs "
          f"({len(truth):,} at or above {THRESHOLD}, {near_threshold:,} within 0.05 of it)",
          file=sys.stderr, flush=True)
    return corpus, truth


def main():
    global OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--scale", type=int, nargs="*", default=[],
                        help="also run copydesk alone on corpora of these sizes")
    parser.add_argument("--corpus", default=os.environ.get("COPYDESK_BENCH_CORPUS",
                                                           str(ROOT.parent / "shared/corpora/bbc-news")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="copydesk threads [default: all]")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--quick", action="store_true", help="skip the release build")
    parser.add_argument("--keep", action="store_true", help="keep the scale corpora on disk")
    parser.add_argument("--work", default=str(OUT), help=f"working directory [default: {OUT}]")
    args = parser.parse_args()
    OUT = Path(args.work)

    if not args.quick:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = OUT / "copydesk"
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "target" / "release" / "copydesk", binary)

    corpus, truth = prepare(args.docs, args.corpus, args.seed)
    header()
    wall, peak, found = run_copydesk(binary, corpus, args.jobs)
    row("copydesk", args.docs, wall, peak, found, truth)
    if not args.no_peers:
        python = ensure_venv()
        for tool in ("rensa", "datasketch"):
            wall, peak, found = run_peer(python, tool, corpus)
            row(tool, args.docs, wall, peak, found, truth)
    for docs in args.scale:
        corpus, truth = prepare(docs, args.corpus, args.seed)
        wall, peak, found = run_copydesk(binary, corpus, args.jobs)
        row("copydesk", docs, wall, peak, found, truth)
        if not args.keep:
            corpus.unlink()
            corpus.with_suffix(".families.json").unlink()


if __name__ == "__main__":
    main()
