#!/usr/bin/env python3
"""An independent implementation of copydesk's documented sketch (src/corpus/hash.rs,
shingle.rs, minhash.rs, lsh.rs): folded words, word n-gram shingles, MinHash signatures and
LSH band hashes. It exists to check that the Rust code does what its documentation says (the
golden values in the tests come from here) and to show a data team how to rebuild band hashes
elsewhere.

    python3 bench/sketch.py FILE...        # one line per file, as `dedup --emit-signatures`

Pure Python and slow; for ASCII and Latin text its word rules match Rust's (`str.isalnum`
and `char::is_alphanumeric` differ only on a few marks of Indic scripts).
"""

import json
import struct
import sys
import unicodedata

MASK = (1 << 64) - 1
WORD_SEED = 0x243F6A8885A308D3
WORD_MUL = 0x13198A2E03707344
SHINGLE_SEED = 0xA4093822299F31D0
SHINGLE_MUL = 0x082EFA98EC4E6C89
PERMUTATION_SEED = 0x452821E638D01377
BAND_SEED = 0xBE5466CF34E90C6C
BAND_MUL = 0xC0AC29B7C97C50DD


def mix(a, b):
    """Low 64 bits of the 128-bit product XOR its high 64 bits."""
    product = a * b
    return (product & MASK) ^ (product >> 64)


def bytes_hash(data):
    h = WORD_SEED ^ len(data)
    for at in range(0, len(data), 8):
        chunk = data[at:at + 8].ljust(8, b"\0")
        h = mix(h ^ struct.unpack("<Q", chunk)[0], WORD_MUL)
    return h


def word_hashes(text):
    """Maximal runs of alphanumeric characters (combining marks continue a word), NFKC then
    lower-cased, hashed."""
    out, word = [], []

    def flush():
        if word:
            folded = unicodedata.normalize("NFKC", "".join(word)).lower()
            out.append(bytes_hash(folded.encode("utf-8")))
            word.clear()

    for char in text:
        if char.isalnum() or (word and unicodedata.category(char).startswith("M")):
            word.append(char)
        else:
            flush()
    flush()
    return out


def shingle_hash(words):
    s = SHINGLE_SEED
    for w in words:
        s = mix(s ^ w, SHINGLE_MUL)
    return s


def shingles(text, n=5):
    words = word_hashes(text)
    if not words:
        return []
    if len(words) < n:
        return [shingle_hash(words)]
    return [shingle_hash(words[i:i + n]) for i in range(len(words) - n + 1)]


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def permutations(count):
    state, out = PERMUTATION_SEED, []
    for _ in range(count):
        state, a = splitmix64(state)
        state, b = splitmix64(state)
        out.append((a | 1, b))
    return out


def signature(text, n=5, count=128):
    keys = {s >> 32 for s in shingles(text, n)}
    if not keys:
        return [0xFFFFFFFF] * count
    return [min(((a * x + b) & MASK) >> 32 for x in keys) for a, b in permutations(count)]


def band_hashes(sig, bands=16, rows=8):
    out = []
    for band in range(bands):
        h = mix(BAND_SEED ^ band, BAND_MUL)
        for value in sig[band * rows:(band + 1) * rows]:
            h = mix(h ^ value, BAND_MUL)
        out.append(h)
    return out


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        bands = band_hashes(signature(text))
        print(json.dumps({"id": path, "bands": [f"{h:016x}" for h in bands]}, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1:])
