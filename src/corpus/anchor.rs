//! Anchored windows: a sketch of a line cheap enough to take for every line of a document, for
//! finding near-duplicate lines and paragraphs inside it (`near-duplicate-paragraph`) where
//! hashing every word would cost more than the rest of a lint run. `copydesk dedup` keeps its
//! word shingles and MinHash ([`super::shingle`], [`super::minhash`]).
//!
//! A line is read 64 bytes at a time into two bit masks (two AVX2 compares each where the CPU
//! has it, else SSE2 compares on x86-64, a byte loop elsewhere; the same masks): spaces (U+0020, and the second byte of U+00A0) and ASCII
//! letters. A *word start* is a byte that is not a space, after a space or at the line start.
//! A word start is an *anchor* when it is a letter and no space follows within
//! [`ANCHOR_LEN`] bytes: a word of six bytes or more, mostly a content word, so anchors repeat
//! across unrelated paragraphs far less than "the" or "said" would. The *window* of a word
//! start is the [`WINDOW`] bytes from it, cut at the line end, each byte OR 0x20 (ASCII case
//! folded), hashed to 31 bits. A line with fewer than `min_anchors` anchors also takes the
//! window of every other word start, marked with the top bit so that every anchored window
//! sorts first: the smallest values of a line's windows are its smallest anchored ones
//! whenever it has enough of them, whichever way its copy was cut.
//!
//! A line keeps its smallest distinct windows, sorted ([`keep_smallest_unique`]): each put at
//! its rank among the others, counted with AVX2 compares, or else counted into buckets by
//! their top bits, then put in order by insertion. A long line keeps only the
//! anchored windows under a cutoff from its length, about two dozen, and all of them in the
//! rare line that has too few under it: the same windows, a third fewer to sort.
//!
//! A word changed in a paragraph changes the windows of the two or three words before it, so
//! two versions with one word in ten changed keep about two thirds of their windows, while two
//! paragraphs that share function words and figures but not content share few.

use super::hash::{mix, WORD_MUL, WORD_SEED};

/// Bytes in a window.
pub const WINDOW: usize = 16;
/// Bytes an anchored word has at least.
pub const ANCHOR_LEN: usize = 6;

/// Marks the window of a word start that is not an anchor.
const NOT_ANCHORED: u32 = 1 << 31;
/// Bytes read into masks at a time: one bit of a `u64` each, so that the loop over a line of
/// news prose turns a few times, not a dozen.
const CHUNK: usize = 64;

/// The `keep` smallest windows of the line `text[start..end]` appended to `out`, sorted,
/// without repeats; returns the line's word starts.
pub fn line_windows(
    text: &str,
    start: usize,
    end: usize,
    min_anchors: usize,
    keep: usize,
    out: &mut Vec<u32>,
) -> usize {
    #[cfg(target_arch = "x86_64")]
    if wide_scan_available() {
        // SAFETY: the CPU has AVX2 and POPCNT, which `wide_scan_available` checked.
        return unsafe { line_windows_wide(text, start, end, min_anchors, keep, out) };
    }
    line_windows_with::<false>(text, start, end, min_anchors, keep, out)
}

/// The word starts of the line `text[start..end]`, as [`line_windows`] counts them, without
/// hashing any window: for a line that may be too short to need them.
pub fn word_starts(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // The line start counts as a word start.
    let mut after_space = 1;
    let mut at = start;
    while at < end {
        let space = masks_at::<false>(bytes, at, end).space;
        count += (!space & ((space << 1) | after_space)).count_ones() as usize;
        after_space = space >> 63;
        at += CHUNK;
    }
    count
}

/// Whether the scan may read a chunk with one AVX2 compare and count word starts with one
/// POPCNT (a third fewer instructions than SSE2 and a bit-counting sequence); the answer is
/// cached by the standard library.
#[cfg(target_arch = "x86_64")]
#[inline]
fn wide_scan_available() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
}

/// [`line_windows`] compiled for AVX2 and POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn line_windows_wide(
    text: &str,
    start: usize,
    end: usize,
    min_anchors: usize,
    keep: usize,
    out: &mut Vec<u32>,
) -> usize {
    line_windows_with::<true>(text, start, end, min_anchors, keep, out)
}

/// [`line_windows`], with `WIDE` only where AVX2 and POPCNT are available.
#[inline(always)]
fn line_windows_with<const WIDE: bool>(
    text: &str,
    start: usize,
    end: usize,
    min_anchors: usize,
    keep: usize,
    out: &mut Vec<u32>,
) -> usize {
    let from = out.len();
    let bytes = text.as_bytes();
    let below = if keep < LONG_LINE_KEEPS {
        long_line_cutoff(end - start)
    } else {
        u32::MAX
    };
    let counts = scan::<WIDE, false>(bytes, start, end, below, out);
    let dropped = counts.anchors > out.len() - from;
    if counts.anchors < min_anchors {
        if dropped {
            out.truncate(from);
            scan::<WIDE, false>(bytes, start, end, u32::MAX, out);
        }
        scan::<WIDE, true>(bytes, start, end, u32::MAX, out);
        keep_smallest_unique_with::<WIDE>(out, from, keep);
        return counts.word_starts;
    }
    keep_smallest_unique_with::<WIDE>(out, from, keep);
    // Too few windows under the cutoff (about one long line in a hundred): all of them.
    if dropped && out.len() - from < keep {
        out.truncate(from);
        scan::<WIDE, false>(bytes, start, end, u32::MAX, out);
        keep_smallest_unique_with::<WIDE>(out, from, keep);
    }
    counts.word_starts
}

/// Anchored windows a long line keeps below [`long_line_cutoff`], about.
const LONG_LINE_KEEPS: usize = 24;
/// Bytes of news prose for each anchored word, a little more than most lines have.
const BYTES_PER_ANCHOR: usize = 17;

/// The value below which a line of `len` bytes has about [`LONG_LINE_KEEPS`] of its anchored
/// windows, which are as good as random 31-bit values: a long line keeps only those, and
/// sorts a third fewer values. Its smallest are among them whenever there are enough of them
/// (checked); a line up to [`LONG_LINE_KEEPS`] anchors long keeps all.
fn long_line_cutoff(len: usize) -> u32 {
    let room = (LONG_LINE_KEEPS * BYTES_PER_ANCHOR) as u64;
    if (len as u64) <= room {
        return u32::MAX;
    }
    ((room << 31) / len as u64) as u32
}

/// Keeps the `keep` smallest distinct values of `values[from..]`, sorted. A tail of up to
/// `BUCKETED_UP_TO` values is sorted by `bucket_sort`; of a longer one the `keep`
/// smallest are selected in linear time and only they are sorted; when two of them are equal
/// (rare: a phrase repeated within a line) there may be more distinct values to keep, and the
/// whole tail is sorted instead. Where the CPU has AVX2, a tail of up to [`RANKED_UP_TO`]
/// distinct values is put in order by ranking ([`rank_sort`]) instead.
pub fn keep_smallest_unique(values: &mut Vec<u32>, from: usize, keep: usize) {
    #[cfg(target_arch = "x86_64")]
    if wide_scan_available() {
        // SAFETY: the CPU has AVX2 and POPCNT, which `wide_scan_available` checked.
        return unsafe { keep_smallest_unique_wide(values, from, keep) };
    }
    keep_smallest_unique_with::<false>(values, from, keep);
}

/// [`keep_smallest_unique`] compiled for AVX2 and POPCNT.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn keep_smallest_unique_wide(values: &mut Vec<u32>, from: usize, keep: usize) {
    keep_smallest_unique_with::<true>(values, from, keep);
}

/// [`keep_smallest_unique`], ranking short tails only when `WIDE`.
#[inline(always)]
fn keep_smallest_unique_with<const WIDE: bool>(values: &mut Vec<u32>, from: usize, keep: usize) {
    #[cfg(target_arch = "x86_64")]
    if WIDE && values.len() - from <= RANKED_UP_TO {
        let mut sorted = [0u32; RANKED_UP_TO];
        // SAFETY: `WIDE` runs only where the CPU has AVX2 and POPCNT.
        if unsafe { rank_sort(&values[from..], &mut sorted) } {
            let kept = (values.len() - from).min(keep);
            values.truncate(from + kept);
            values[from..].copy_from_slice(&sorted[..kept]);
            return;
        }
    }
    let tail = &mut values[from..];
    if tail.len() <= BUCKETED_UP_TO {
        let mut sorted = [0u32; BUCKETED_UP_TO];
        bucket_sort(tail, &mut sorted);
        let kept = distinct_prefix(&mut sorted, tail.len(), keep);
        values.truncate(from);
        values.extend_from_slice(&sorted[..kept]);
        return;
    }
    if keep > 0 && tail.len() > keep {
        tail.select_nth_unstable(keep - 1);
        let smallest = &mut tail[..keep];
        smallest.sort_unstable();
        if smallest.windows(2).all(|pair| pair[0] < pair[1]) {
            values.truncate(from + keep);
            return;
        }
    }
    sort_unique_tail(values, from);
    values.truncate(from.saturating_add(keep));
}

/// Values [`rank_sort`] puts in order: four AVX2 registers of them.
#[cfg(target_arch = "x86_64")]
const RANKED_UP_TO: usize = 32;

/// Writes `values`, at most [`RANKED_UP_TO`] of them, to the front of `sorted` in order, each
/// to its rank: how many values are less than it, counted with four AVX2 compares against all
/// of them at once, a few instructions a value where a sort spends dozens. Returns false, and
/// leaves `sorted` unspecified, when two values are equal (rare: a phrase repeated within a
/// line), which the ranks tell: they add up to `0 + 1 + … + (n - 1)` only when all differ.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn rank_sort(values: &[u32], sorted: &mut [u32; RANKED_UP_TO]) -> bool {
    use std::arch::x86_64::{
        _mm256_cmpgt_epi32, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_packs_epi16,
        _mm256_packs_epi32, _mm256_set1_epi32,
    };
    let values = &values[..values.len().min(RANKED_UP_TO)];
    // Signed compares: each value with its top bit flipped orders as the value does. The
    // padding is the greatest, less than no value.
    let mut flipped = [i32::MAX; RANKED_UP_TO];
    for (slot, &value) in flipped.iter_mut().zip(values) {
        *slot = (value ^ 1 << 31) as i32;
    }
    // Each load reads 8 of the 32 values of `flipped`. (No closures: they would not be
    // compiled for AVX2.)
    let base = flipped.as_ptr();
    let all = [
        _mm256_loadu_si256(base.cast()),
        _mm256_loadu_si256(base.add(8).cast()),
        _mm256_loadu_si256(base.add(16).cast()),
        _mm256_loadu_si256(base.add(24).cast()),
    ];
    let mut rank_sum = 0;
    for (&value, &key) in values.iter().zip(&flipped) {
        let key = _mm256_set1_epi32(key);
        // Packing moves the lanes about, which leaves their count alone.
        let bytes = _mm256_packs_epi16(
            _mm256_packs_epi32(
                _mm256_cmpgt_epi32(key, all[0]),
                _mm256_cmpgt_epi32(key, all[1]),
            ),
            _mm256_packs_epi32(
                _mm256_cmpgt_epi32(key, all[2]),
                _mm256_cmpgt_epi32(key, all[3]),
            ),
        );
        let rank = (_mm256_movemask_epi8(bytes) as u32).count_ones() as usize;
        sorted[rank % RANKED_UP_TO] = value;
        rank_sum += rank;
    }
    let n = values.len();
    2 * rank_sum == n * n.saturating_sub(1)
}

/// Moves the first `keep` distinct values of `sorted[..len]`, in order, to the front; returns
/// how many there are. (Indexes are taken modulo the length, which they never reach, so that
/// no bounds check is left in the loop.)
fn distinct_prefix(sorted: &mut [u32; BUCKETED_UP_TO], len: usize, keep: usize) -> usize {
    let mut kept = 0;
    for i in 0..len.min(BUCKETED_UP_TO) {
        let value = sorted[i];
        if kept == 0 || sorted[(kept - 1) % BUCKETED_UP_TO] != value {
            if kept == keep {
                break;
            }
            sorted[kept % BUCKETED_UP_TO] = value;
            kept += 1;
        }
    }
    kept
}

/// Writes to the front of `out` the smallest distinct values of `a` and `b`, two sorted lists
/// without repeats, as many as `out` holds, in order; returns how many. What
/// [`keep_smallest_unique`] keeps of the two lists together, by a merge: a paragraph's
/// windows from its lines'.
pub fn merge_smallest_unique(a: &[u32], b: &[u32], out: &mut [u32]) -> usize {
    let (mut i, mut j) = (0, 0);
    for (written, slot) in out.iter_mut().enumerate() {
        *slot = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => {
                i += usize::from(x <= y);
                j += usize::from(y <= x);
                x.min(y)
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => return written,
        };
    }
    out.len()
}

/// Sorts `values[from..]` and drops its repeats.
pub fn sort_unique_tail(values: &mut Vec<u32>, from: usize) {
    if values.len() - from <= BUCKETED_UP_TO {
        keep_smallest_unique(values, from, usize::MAX);
        return;
    }
    values[from..].sort_unstable();
    let mut kept = from;
    for read in from..values.len() {
        if read == from || values[read] != values[kept - 1] {
            values[kept] = values[read];
            kept += 1;
        }
    }
    values.truncate(kept);
}

/// Lists up to this long are sorted by [`bucket_sort`].
const BUCKETED_UP_TO: usize = 64;
/// Buckets of [`bucket_sort`], by the top bits: about one value in each, for the lines of a
/// few dozen words that most of the sorting is spent on.
const BUCKETS: usize = 32;

/// Writes `values`, at most [`BUCKETED_UP_TO`] of them, to the front of `sorted` in order:
/// counted into buckets by their top bits below the highest bit any has, then put in order by
/// insertion, which finds only a few values out of place. The windows are as good as random,
/// so each bucket holds one or two: about half the work of a comparison sort, which would
/// also mispredict a branch for most comparisons. (Bucket numbers and places are taken modulo
/// the table lengths, which they never reach, so that no bounds check is left in the loops.)
fn bucket_sort(values: &[u32], sorted: &mut [u32; BUCKETED_UP_TO]) {
    let values = &values[..values.len().min(BUCKETED_UP_TO)];
    let any_bits = values.iter().fold(0, |bits, &value| bits | value);
    let shift = (u32::BITS - any_bits.leading_zeros()).saturating_sub(BUCKETS.trailing_zeros());
    let bucket = |value: u32| (value >> shift) as usize % BUCKETS;
    let mut counts = [0u8; BUCKETS];
    for &value in values {
        counts[bucket(value)] += 1;
    }
    let mut starts = bucket_starts(&counts);
    for &value in values {
        let start = &mut starts[bucket(value)];
        sorted[usize::from(*start) % BUCKETED_UP_TO] = value;
        *start += 1;
    }
    for i in 1..values.len() {
        let value = sorted[i];
        let mut at = i;
        while at > 0 && sorted[at - 1] > value {
            sorted[at] = sorted[at - 1];
            at -= 1;
        }
        sorted[at] = value;
    }
}

/// Where each bucket starts, from the counts: sums of the counts before it, eight bytes at a
/// time (no byte overflows: there are at most [`BUCKETED_UP_TO`] values).
fn bucket_starts(counts: &[u8; BUCKETS]) -> [u8; BUCKETS] {
    const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;
    let mut starts = [0u8; BUCKETS];
    let mut before = 0;
    for (count, start) in counts.chunks_exact(8).zip(starts.chunks_exact_mut(8)) {
        let count = u64::from_le_bytes(count.try_into().expect("eight counts"));
        let mut through = count;
        through += through << 8;
        through += through << 16;
        through += through << 32;
        through += before * EVERY_BYTE;
        before = through >> 56;
        start.copy_from_slice(&(through - count).to_le_bytes());
    }
    starts
}

/// How many values two sorted lists without repeats share: when one has at most `FEW`,
/// every value of the other compared with all of its at once (`shared_with_few`), else a
/// merge without branches on the values, which are as good as random.
pub fn shared(a: &[u32], b: &[u32]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if b.len() <= FEW {
        return shared_with_few(a, b);
    }
    shared_by_merge(a, b)
}

/// Values [`shared_with_few`] holds in vector registers.
const FEW: usize = 16;

/// [`shared`] when `few` has at most [`FEW`] values: each value of `many` is compared with four
/// of `few` at a time, and the values of `few` that any equals are counted at the end. No
/// comparison waits for another, where each step of a merge waits for the one before.
#[cfg(target_arch = "x86_64")]
fn shared_with_few(many: &[u32], few: &[u32]) -> usize {
    use std::arch::x86_64::{
        _mm_castsi128_ps, _mm_cmpeq_epi32, _mm_loadu_si128, _mm_movemask_ps, _mm_or_si128,
        _mm_set1_epi32, _mm_setzero_si128,
    };
    let mut padded = [0u32; FEW];
    padded[..few.len()].copy_from_slice(few);
    // SAFETY: SSE2 is part of every x86-64 CPU; each load reads 4 of the 16 values of `padded`.
    let hits = unsafe {
        let quarter = |i: usize| _mm_loadu_si128(padded.as_ptr().add(4 * i).cast());
        let few = [quarter(0), quarter(1), quarter(2), quarter(3)];
        let mut hit = [_mm_setzero_si128(); 4];
        for &value in many {
            let value = _mm_set1_epi32(value as i32);
            for (hit, few) in hit.iter_mut().zip(few) {
                *hit = _mm_or_si128(*hit, _mm_cmpeq_epi32(value, few));
            }
        }
        let bits = |i: usize| (_mm_movemask_ps(_mm_castsi128_ps(hit[i])) as u32) << (4 * i);
        bits(0) | bits(1) | bits(2) | bits(3)
    };
    // The padding may equal a value of `many`: only the lanes `few` fills count.
    let filled = (1u32 << few.len()) - 1;
    (hits & filled).count_ones() as usize
}

fn shared_by_merge(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        count += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    count
}

struct Counts {
    word_starts: usize,
    anchors: usize,
}

/// Pushes the window of every anchor of `bytes[start..end]` below `below` (counting the
/// others), or with `OTHERS` of every other word start.
#[inline(always)]
fn scan<const WIDE: bool, const OTHERS: bool>(
    bytes: &[u8],
    start: usize,
    end: usize,
    below: u32,
    out: &mut Vec<u32>,
) -> Counts {
    let mut counts = Counts {
        word_starts: 0,
        anchors: 0,
    };
    // At most one word start in two bytes: room for every window.
    out.reserve((end - start).div_ceil(2));
    // Each window is written to the next free slot, and the slot taken only when the window
    // is kept: no branch on the hash, which as good as random would mispredict half the time
    // in a long line.
    let free = out.spare_capacity_mut();
    let mut kept = 0;
    // Windows are read from the line alone, those whole inside it without a copy.
    let line = &bytes[..end.min(bytes.len())];
    // The line start counts as a word start.
    let mut after_space = 1;
    let mut at = start;
    let mut current = masks_at::<WIDE>(bytes, at, end);
    while at < end {
        let next = masks_at::<WIDE>(bytes, at + CHUNK, end);
        let starts = !current.space & ((current.space << 1) | after_space);
        after_space = current.space >> 63;
        let short = spaces_ahead(current.space, next.space);
        let anchored = starts & current.letter & !short;
        counts.word_starts += starts.count_ones() as usize;
        counts.anchors += anchored.count_ones() as usize;
        let mut chosen = if OTHERS { starts & !anchored } else { anchored };
        while chosen != 0 {
            let from = at + chosen.trailing_zeros() as usize;
            chosen &= chosen - 1;
            let hash = window_hash(line, from);
            if let Some(slot) = free.get_mut(kept) {
                slot.write(if OTHERS { hash | NOT_ANCHORED } else { hash });
                kept += usize::from(OTHERS || hash < below);
            }
        }
        at += CHUNK;
        current = next;
    }
    // SAFETY: the `kept` slots after the values were each written above before being taken.
    unsafe { out.set_len(out.len() + kept) };
    counts
}

/// For each byte of a chunk, whether a space follows within [`ANCHOR_LEN`] bytes, `next` being
/// the spaces of the chunk after: the space mask shifted by 1 to `ANCHOR_LEN - 1` and combined,
/// in doubling steps (1, 1-2, 1-4, then 1-5).
#[inline]
fn spaces_ahead(spaces: u64, next: u64) -> u64 {
    let mut covered = (u128::from(spaces) | u128::from(next) << 64) >> 1;
    let mut span = 1;
    while 2 * span < ANCHOR_LEN - 1 {
        covered |= covered >> span;
        span *= 2;
    }
    (covered | covered >> (ANCHOR_LEN - 1 - span)) as u64
}

/// One bit per byte of a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Masks {
    space: u64,
    letter: u64,
}

/// The masks of the chunk at `at`, bytes from `end` on counted as spaces and not letters.
#[inline(always)]
fn masks_at<const WIDE: bool>(bytes: &[u8], at: usize, end: usize) -> Masks {
    if at + CHUNK <= end {
        if let Some(chunk) = bytes.get(at..at + CHUNK) {
            return masks_of::<WIDE>(chunk.try_into().expect("a chunk is CHUNK bytes"));
        }
    }
    edge_masks::<WIDE>(bytes, at, end)
}

/// The masks of a chunk, with AVX2 when `WIDE`.
#[inline(always)]
fn masks_of<const WIDE: bool>(chunk: &[u8; CHUNK]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    if WIDE {
        // SAFETY: `WIDE` scans run only inside `line_windows_wide`, on a CPU with AVX2.
        return unsafe { wide_chunk_masks(chunk) };
    }
    chunk_masks(chunk)
}

/// [`masks_at`] for a chunk that the line end cuts: the last of a line, or one past it.
#[inline(always)]
fn edge_masks<const WIDE: bool>(bytes: &[u8], at: usize, end: usize) -> Masks {
    if at >= end {
        return Masks {
            space: u64::MAX,
            letter: 0,
        };
    }
    let masks = match bytes.get(at..at + CHUNK) {
        Some(chunk) => masks_of::<WIDE>(chunk.try_into().expect("a chunk is CHUNK bytes")),
        None => {
            let mut padded = [0u8; CHUNK];
            padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            masks_of::<WIDE>(&padded)
        }
    };
    let live = if end - at >= CHUNK {
        u64::MAX
    } else {
        (1 << (end - at)) - 1
    };
    Masks {
        space: masks.space | !live,
        letter: masks.letter & live,
    }
}

#[cfg(target_arch = "x86_64")]
fn chunk_masks(chunk: &[u8; CHUNK]) -> Masks {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm_sub_epi8, _mm_xor_si128,
    };
    let mut masks = Masks {
        space: 0,
        letter: 0,
    };
    for offset in (0..CHUNK).step_by(16) {
        // SAFETY: SSE2 is part of every x86-64 CPU; the load reads 16 bytes of the chunk.
        let (space, letter) = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().add(offset).cast());
            let space = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x20));
            // `(b | 0x20) - b'a' < 26` unsigned, as a signed compare with the top bit flipped.
            let shifted = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x61));
            let letter = _mm_cmplt_epi8(
                _mm_xor_si128(shifted, _mm_set1_epi8(i8::MIN)),
                _mm_set1_epi8(i8::MIN + 26),
            );
            (_mm_movemask_epi8(space), _mm_movemask_epi8(letter))
        };
        masks.space |= u64::from(space as u16) << offset;
        masks.letter |= u64::from(letter as u16) << offset;
    }
    masks
}

/// [`chunk_masks`] with one 32-byte AVX2 compare for each mask and half chunk.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn wide_chunk_masks(chunk: &[u8; CHUNK]) -> Masks {
    let (space_low, letter_low) = wide_half_masks(chunk.as_ptr());
    let (space_high, letter_high) = wide_half_masks(chunk.as_ptr().add(32));
    Masks {
        space: u64::from(space_low) | u64::from(space_high) << 32,
        letter: u64::from(letter_low) | u64::from(letter_high) << 32,
    }
}

/// The space and letter masks of the 32 bytes at `half`, which must all be readable.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn wide_half_masks(half: *const u8) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_loadu_si256,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8, _mm256_xor_si256,
    };
    let v = _mm256_loadu_si256(half.cast());
    let space = _mm256_cmpeq_epi8(
        _mm256_and_si256(v, _mm256_set1_epi8(0x7f)),
        _mm256_set1_epi8(0x20),
    );
    // As in `chunk_masks`: `(b | 0x20) - b'a' < 26` unsigned, signed with the top bit flipped.
    let shifted = _mm256_sub_epi8(
        _mm256_or_si256(v, _mm256_set1_epi8(0x20)),
        _mm256_set1_epi8(0x61),
    );
    let letter = _mm256_cmpgt_epi8(
        _mm256_set1_epi8(i8::MIN + 26),
        _mm256_xor_si256(shifted, _mm256_set1_epi8(i8::MIN)),
    );
    (
        _mm256_movemask_epi8(space) as u32,
        _mm256_movemask_epi8(letter) as u32,
    )
}

#[cfg(not(target_arch = "x86_64"))]
fn chunk_masks(chunk: &[u8; CHUNK]) -> Masks {
    portable_masks(chunk)
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn portable_masks(chunk: &[u8; CHUNK]) -> Masks {
    let (mut space, mut letter) = (0, 0);
    for (i, &byte) in chunk.iter().enumerate() {
        space |= u64::from(byte & 0x7f == b' ') << i;
        letter |= u64::from((byte | 0x20).wrapping_sub(b'a') < 26) << i;
    }
    Masks { space, letter }
}

/// The 31-bit hash of the window at `from` in `line`: [`WINDOW`] bytes cut at the line end,
/// each OR 0x20.
#[inline(always)]
fn window_hash(line: &[u8], from: usize) -> u32 {
    // The common case: the whole window inside the line, read in place.
    let (low, high) = if from < line.len().saturating_sub(WINDOW - 1) {
        // SAFETY: `from + WINDOW <= line.len()` (the comparison): both eight-byte reads are
        // inside `line`, and `read_unaligned` needs no alignment.
        unsafe {
            let window = line.as_ptr().add(from).cast::<u64>();
            (
                u64::from_le(window.read_unaligned()),
                u64::from_le(window.add(1).read_unaligned()),
            )
        }
    } else {
        cut_window(line, from)
    };
    halves_hash(low, high)
}

/// The hash of a window from its two halves, read as little-endian `u64`s.
#[inline(always)]
fn halves_hash(low: u64, high: u64) -> u32 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    (mix((low | FOLD) ^ WORD_SEED, (high | FOLD) ^ WORD_MUL) >> 33) as u32
}

/// The two halves of a window that the line end cuts short, bytes past the end zero.
#[cold]
fn cut_window(line: &[u8], from: usize) -> (u64, u64) {
    let mut padded = [0u8; WINDOW];
    let rest = line.get(from..).unwrap_or_default();
    let len = rest.len().min(WINDOW);
    padded[..len].copy_from_slice(&rest[..len]);
    (le_u64(&padded[..8]), le_u64(&padded[8..]))
}

fn le_u64(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(bytes);
    u64::from_le_bytes(eight)
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;
    use crate::corpus::hash::splitmix64;

    fn windows(text: &str, min_anchors: usize) -> (Vec<u32>, usize) {
        let mut out = Vec::new();
        let starts = line_windows(text, 0, text.len(), min_anchors, usize::MAX, &mut out);
        (out, starts)
    }

    #[test]
    fn every_byte_is_classified_as_the_portable_loop_does() {
        let mut state = 11;
        for round in 0..2000 {
            let mut chunk = [0u8; CHUNK];
            for (i, byte) in chunk.iter_mut().enumerate() {
                *byte = if round < 256 {
                    (round + i) as u8
                } else {
                    splitmix64(&mut state) as u8
                };
            }
            assert_eq!(chunk_masks(&chunk), portable_masks(&chunk), "{chunk:?}");
            #[cfg(target_arch = "x86_64")]
            if wide_scan_available() {
                // SAFETY: the CPU has AVX2.
                let wide = unsafe { wide_chunk_masks(&chunk) };
                assert_eq!(wide, portable_masks(&chunk), "{chunk:?}");
            }
        }
    }

    #[test]
    fn anchors_are_letters_starting_long_words() {
        let mut out = Vec::new();
        let text = "Harbour of the council, rebuilt by 2025 engineers";
        let counts = scan::<false, false>(text.as_bytes(), 0, text.len(), u32::MAX, &mut out);
        assert_eq!(counts.word_starts, 8);
        // "Harbour", "council,", "rebuilt", "engineers"; not "2025" (a digit), nor "the".
        assert_eq!(counts.anchors, 4);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn windows_fold_case_and_stop_at_the_line_end() {
        let (a, _) = windows("The Council Rebuilt The Harbour Wall", 0);
        let (b, _) = windows("the council rebuilt the harbour wall", 0);
        assert_eq!(a, b);
        let text = "council rebuilt\nharbour";
        let mut cut = Vec::new();
        line_windows(text, 0, 15, 0, usize::MAX, &mut cut);
        let (whole, _) = windows("council rebuilt", 0);
        assert_eq!(cut, whole);
        // Bytes past the end of the text read as the end of the line.
        let long = "a".repeat(40) + " harbours";
        let mut tail = Vec::new();
        line_windows(&long, 41, long.len(), 0, usize::MAX, &mut tail);
        assert_eq!(tail, windows("harbours", 0).0);
    }

    #[test]
    fn a_long_line_keeps_the_smallest_of_all_its_windows() {
        let words = [
            "harbour",
            "council",
            "rebuilt",
            "engineers",
            "the",
            "of",
            "storms",
            "Westhaven",
            "pier",
            "Thursday",
            "winter",
            "damaged",
            "coastline",
            "months",
        ];
        let mut state = 17;
        for round in 0..300 {
            let len = 20 + splitmix64(&mut state) % 400;
            // Three words only in some rounds: too few distinct windows under the cutoff.
            let vocabulary = if round % 4 == 0 {
                3
            } else {
                words.len() as u64
            };
            let text = (0..len)
                .map(|_| words[(splitmix64(&mut state) % vocabulary) as usize])
                .collect::<Vec<_>>()
                .join(" ");
            let (mut all, starts) = windows(&text, 6);
            all.truncate(16);
            let mut kept = Vec::new();
            assert_eq!(line_windows(&text, 0, text.len(), 6, 16, &mut kept), starts);
            assert_eq!(kept, all, "{text}");
        }
    }

    #[test]
    fn short_lines_take_every_word_start_after_their_anchors() {
        let (few, starts) = windows("The council said the wall would be rebuilt soon", 6);
        assert_eq!(starts, 9);
        // Two anchors ("council", "rebuilt") first, then the seven other word starts.
        assert_eq!(few.len(), 9);
        assert!(few[..2].iter().all(|&w| w & NOT_ANCHORED == 0));
        assert!(few[2..].iter().all(|&w| w & NOT_ANCHORED != 0));
        let (anchored, _) = windows("The council said the wall would be rebuilt soon", 2);
        assert_eq!(anchored, few[..2]);
    }

    #[test]
    fn a_changed_word_keeps_most_windows() {
        let a = "Engineers finished repairs to the damaged ramp at Westhaven pier on Thursday \
                 after storms battered the coastline throughout the winter months";
        let b = a.replace("Thursday", "Friday");
        let ((wa, _), (wb, _)) = (windows(a, 6), windows(&b, 6));
        let common = shared(&wa, &wb);
        assert!(
            common * 3 >= 2 * wa.len().min(wb.len()),
            "{common} of {wa:?} {wb:?}"
        );
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 7, 8]), 2);
    }

    #[test]
    fn sharing_is_counted_alike_with_few_values_and_by_merging() {
        let mut state = 5;
        for round in 0..3000 {
            let range = if round % 2 == 0 { 40 } else { 1 << 32 };
            let mut draw = |len: u64| {
                let len = splitmix64(&mut state) % len;
                let mut values: Vec<u32> = (0..len)
                    .map(|_| (splitmix64(&mut state) % range) as u32)
                    .collect();
                values.sort_unstable();
                values.dedup();
                values
            };
            let (many, few) = (draw(40), draw(FEW as u64 + 1));
            assert_eq!(shared(&many, &few), shared_by_merge(&many, &few));
            assert_eq!(shared(&few, &many), shared_by_merge(&few, &many));
        }
        for spaces in [0u64, 1 << 7, u64::MAX, 0x8421_0842_1084_2108, 1 << 63] {
            for next in [0u64, 1, 1 << 3, 1 << 4, 1 << 5, u64::MAX] {
                let both = u128::from(spaces) | u128::from(next) << 64;
                let expected = (1..ANCHOR_LEN).fold(0, |gaps, k| gaps | (both >> k)) as u64;
                assert_eq!(spaces_ahead(spaces, next), expected, "{spaces:x} {next:x}");
            }
        }
    }

    #[test]
    fn sorting_keeps_the_head_and_drops_repeats() {
        let mut values = vec![9, 4, 4, 1, 3, 3, 2];
        sort_unique_tail(&mut values, 1);
        assert_eq!(values, [9, 1, 2, 3, 4]);
        let mut state = 9;
        for len in 0..=BUCKETED_UP_TO {
            for range in [1, 3, 40, 1 << 31, 1 << 32] {
                let values: Vec<u32> = (0..len)
                    .map(|_| (splitmix64(&mut state) % range) as u32)
                    .collect();
                let mut expected = values.clone();
                expected.sort_unstable();
                let mut sorted = [0; BUCKETED_UP_TO];
                bucket_sort(&values, &mut sorted);
                assert_eq!(sorted[..len], expected);
            }
        }
    }

    /// What [`line_windows`] returns, defined byte by byte: what its masks, chunks and cutoffs
    /// must agree with.
    fn plain_line_windows(
        text: &str,
        start: usize,
        end: usize,
        min_anchors: usize,
        keep: usize,
    ) -> (Vec<u32>, usize) {
        let bytes = text.as_bytes();
        let space = |at: usize| at >= end || bytes[at] & 0x7f == b' ';
        let (mut anchored, mut others, mut starts) = (Vec::new(), Vec::new(), 0);
        for at in start..end {
            if space(at) || (at > start && !space(at - 1)) {
                continue;
            }
            starts += 1;
            // Every window copied out, as one the line end cuts: the plain reading.
            let (low, high) = cut_window(&bytes[..end], at);
            let hash = halves_hash(low, high);
            let letter = bytes[at].is_ascii_alphabetic();
            if letter && (at + 1..at + ANCHOR_LEN).all(|next| !space(next)) {
                anchored.push(hash);
            } else {
                others.push(hash | NOT_ANCHORED);
            }
        }
        if anchored.len() < min_anchors {
            anchored.extend(others);
        }
        anchored.sort_unstable();
        anchored.dedup();
        anchored.truncate(keep);
        (anchored, starts)
    }

    /// A line of `words` separated by `gaps` (cycled), between two other lines.
    fn line_of(words: &[String], gaps: &[&str]) -> String {
        let mut line = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                line += gaps[i % gaps.len()];
            }
            line += word;
        }
        line
    }

    proptest::proptest! {
        #[test]
        fn windows_are_the_plain_definitions(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zA-Z]{1,12}",
                    "[a-zA-Z0-9.,\u{e9}\u{2019}-]{1,9}",
                    proptest::sample::select(vec!["the", "harbour", "council", "rebuilt"])
                        .prop_map(str::to_owned),
                ],
                0..140,
            ),
            gaps in proptest::sample::subsequence(vec![" ", "  ", "\u{a0}", " \u{a0}", ", "], 1..4),
            before in "[a-z \n]{0,70}",
            after in "[a-z \n]{0,70}",
            min_anchors in proptest::prop_oneof![proptest::strategy::Just(6usize), 0usize..40],
            keep in proptest::prop_oneof![proptest::strategy::Just(16usize), 0usize..40],
        ) {
            let line = line_of(&words, &gaps);
            let text = format!("{before}{line}{after}");
            let (start, end) = (before.len(), before.len() + line.len());
            let expected = plain_line_windows(&text, start, end, min_anchors, keep);
            let mut fast = vec![7];
            let starts = line_windows(&text, start, end, min_anchors, keep, &mut fast);
            proptest::prop_assert_eq!((&fast[1..], starts), (&expected.0[..], expected.1));
            let mut portable = vec![7];
            let starts =
                line_windows_with::<false>(&text, start, end, min_anchors, keep, &mut portable);
            proptest::prop_assert_eq!(portable, fast);
            proptest::prop_assert_eq!(starts, expected.1);
            proptest::prop_assert_eq!(word_starts(&text, start, end), expected.1);
        }

        #[test]
        fn word_starts_are_counted_as_the_windows_count_them(
            text in "[a-zA-Z0-9 .,\u{a0}\u{e9}\u{2019}]{0,120}",
            cut in 0usize..4,
        ) {
            let start = text.char_indices().nth(cut).map_or(text.len(), |(at, _)| at);
            let mut out = Vec::new();
            let expected = line_windows(&text, start, text.len(), 6, 16, &mut out);
            proptest::prop_assert_eq!(word_starts(&text, start, text.len()), expected);
        }

        #[test]
        fn merging_keeps_what_sorting_both_keeps(
            a in proptest::collection::btree_set(0u32..60, 0..24),
            b in proptest::collection::btree_set(0u32..60, 0..24),
            keep in 0usize..30,
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            let mut expected = a.iter().chain(&b).copied().collect::<Vec<_>>();
            keep_smallest_unique(&mut expected, 0, keep);
            let mut out = vec![0; keep];
            let kept = merge_smallest_unique(&a, &b, &mut out);
            proptest::prop_assert_eq!(&out[..kept], &expected[..]);
        }

        #[test]
        fn ranking_sorts_as_sorting_does(
            values in proptest::collection::vec(
                proptest::prop_oneof![0u32..8, proptest::num::u32::ANY, (1u32 << 31) - 4..(1 << 31) + 4],
                0..=40,
            ),
            keep in 0usize..40,
        ) {
            let mut expected = values.clone();
            expected.sort_unstable();
            expected.dedup();
            #[cfg(target_arch = "x86_64")]
            if wide_scan_available() && values.len() <= RANKED_UP_TO {
                let mut sorted = [0; RANKED_UP_TO];
                // SAFETY: the CPU has AVX2 and POPCNT.
                let distinct = unsafe { rank_sort(&values, &mut sorted) };
                proptest::prop_assert_eq!(distinct, expected.len() == values.len());
                if distinct {
                    proptest::prop_assert_eq!(&sorted[..values.len()], &expected[..]);
                }
            }
            expected.truncate(keep);
            let mut plain = [5u32].into_iter().chain(values).collect::<Vec<_>>();
            let mut fast = plain.clone();
            keep_smallest_unique_with::<false>(&mut plain, 1, keep);
            keep_smallest_unique(&mut fast, 1, keep);
            proptest::prop_assert_eq!(&plain[1..], &expected[..]);
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    #[test]
    fn keeping_the_smallest_agrees_with_sorting_all() {
        let mut state = 3;
        for round in 0..3000 {
            let len = splitmix64(&mut state) % 80;
            // Few distinct values in some rounds, so the smallest often repeat.
            let range = if round % 2 == 0 { 12 } else { 1 << 20 };
            // Values at the top of the range in some rounds: u32::MAX marks an empty slot.
            let top = round % 3 == 0;
            let values: Vec<u32> = (0..len)
                .map(|_| (splitmix64(&mut state) % range) as u32)
                .map(|value| if top { u32::MAX - value } else { value })
                .collect();
            let keep = (splitmix64(&mut state) % 20) as usize;
            let mut expected = values.clone();
            expected.sort_unstable();
            expected.dedup();
            expected.truncate(keep);
            let mut kept = [7u32].into_iter().chain(values).collect::<Vec<_>>();
            keep_smallest_unique(&mut kept, 1, keep);
            assert_eq!(kept[0], 7);
            assert_eq!(kept[1..], expected, "keep {keep}");
        }
    }
}
