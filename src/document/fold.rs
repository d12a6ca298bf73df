//! Folded comparison keys: two lines that a reader sees as the same text get the same key.
//!
//! Folding collapses every run of whitespace (including no-break and other odd spaces) to one
//! space and trims the ends, maps curly and other quote marks to `'` and `"`, and applies Unicode
//! compatibility normalisation (NFKC). Case is kept: "US" and "us" are different words.

use std::hash::{BuildHasher, Hasher};

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The folded form of `text`, for display and exact comparison.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, |piece| out.push_str(piece));
    out
}

/// A 64-bit hash of the folded form of `text`, computed without allocating.
///
/// The hash is a function of the folded bytes alone: they are fed to the hasher in fixed-size
/// chunks, so a line that is already folded (printable ASCII, single spaces, no backtick, the
/// common case) is hashed in place, and any other line through a small buffer, with equal keys.
pub fn fold_hash(text: &str) -> u64 {
    let mut hasher = ChunkedHasher::new();
    if is_folded_ascii(text.as_bytes()) {
        hasher.write_folded(text.as_bytes());
    } else {
        fold_into(text, |piece| hasher.push(piece.as_bytes()));
    }
    hasher.finish()
}

const CHUNK: usize = 128;

struct ChunkedHasher {
    hasher: foldhash::fast::FoldHasher,
    buf: [u8; CHUNK],
    len: usize,
}

impl ChunkedHasher {
    fn new() -> Self {
        Self {
            hasher: foldhash::fast::FixedState::with_seed(0x636f_7079_6465_736b).build_hasher(),
            buf: [0; CHUNK],
            len: 0,
        }
    }

    /// Hashes a whole folded text at once; only on a fresh hasher.
    fn write_folded(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.len, 0);
        for chunk in bytes.chunks(CHUNK) {
            self.hasher.write(chunk);
        }
    }

    fn push(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let take = (CHUNK - self.len).min(bytes.len());
            self.buf[self.len..self.len + take].copy_from_slice(&bytes[..take]);
            self.len += take;
            bytes = &bytes[take..];
            if self.len == CHUNK {
                self.hasher.write(&self.buf);
                self.len = 0;
            }
        }
    }

    fn finish(mut self) -> u64 {
        if self.len > 0 {
            self.hasher.write(&self.buf[..self.len]);
        }
        self.hasher.finish()
    }
}

/// Whether folding leaves `bytes` unchanged: printable ASCII without a backtick, no space at
/// either end, no two spaces in a row.
fn is_folded_ascii(bytes: &[u8]) -> bool {
    let printable = bytes.iter().fold(true, |all, &b| {
        all & (b.wrapping_sub(0x20) < 0x5f) & (b != b'`')
    });
    printable
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && memchr::memmem::find(bytes, b"  ").is_none()
}

/// Folds `text`, handing the folded text to `emit` in pieces.
fn fold_into(text: &str, mut emit: impl FnMut(&str)) {
    if is_nfkc_already(text) {
        fold_normalised(text, emit);
    } else {
        let mut buf = [0u8; 4];
        let mut pending_space = false;
        let mut started = false;
        for c in text.chars().map(space_for_whitespace).nfkc() {
            if c.is_whitespace() {
                pending_space = started;
            } else {
                if pending_space {
                    emit(" ");
                    pending_space = false;
                }
                started = true;
                emit(fold_quote(c).encode_utf8(&mut buf));
            }
        }
    }
}

/// Whitespace folds to one space whatever NFKC makes of it, and it never composes with a
/// neighbour, so mapping it to a space first keeps a no-break space from forcing the slow
/// normalising path.
fn space_for_whitespace(c: char) -> char {
    if c.is_whitespace() {
        ' '
    } else {
        c
    }
}

/// Whether NFKC leaves `text` unchanged, by the quick check, once whitespace is mapped to spaces.
/// ASCII characters pass and reset the check's state, so only the non-ASCII runs are checked.
fn is_nfkc_already(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(start) = bytes[from..].iter().position(|&b| b >= 0x80) {
        let start = from + start;
        let end = bytes[start..]
            .iter()
            .position(|&b| b < 0x80)
            .map_or(bytes.len(), |len| start + len);
        let run = text[start..end].chars().map(space_for_whitespace);
        if is_nfkc_quick(run) != IsNormalized::Yes {
            return false;
        }
        from = end;
    }
    true
}

/// The length of the ASCII run at the start of `bytes` that folding keeps as it is: no
/// backtick, no whitespace but single spaces, each followed by a character that is surely not
/// whitespace.
fn kept_run(bytes: &[u8]) -> usize {
    const CHUNK: usize = 32;
    // Branch-free, so that the chunk test below vectorises.
    let ends_run = |b: u8, next: u8| {
        let odd_space = |c: u8| (c >= 0x80) | (c == b' ') | (c.wrapping_sub(b'\t') < 5);
        (b >= 0x80) | (b == b'`') | (b.wrapping_sub(b'\t') < 5) | ((b == b' ') & odd_space(next))
    };
    let mut len = 0;
    while let Some(window) = bytes.get(len..=len + CHUNK) {
        if (0..CHUNK).fold(false, |any, k| any | ends_run(window[k], window[k + 1])) {
            break;
        }
        len += CHUNK;
    }
    while let Some(&b) = bytes.get(len) {
        // Past the end counts as whitespace: a final space is not kept.
        if ends_run(b, bytes.get(len + 1).copied().unwrap_or(b' ')) {
            break;
        }
        len += 1;
    }
    len
}

/// Folds text already in NFKC, passing runs of ASCII that folding keeps through whole.
fn fold_normalised(text: &str, mut emit: impl FnMut(&str)) {
    let is_space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    let mut buf = [0u8; 4];
    let mut pending_space = false;
    let mut started = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (piece, len) = if b < 0x80 {
            if is_space(b) {
                pending_space = started;
                i += 1;
                continue;
            }
            let run = kept_run(&bytes[i..]);
            if run == 0 {
                ("'", 1)
            } else {
                (&text[i..i + run], run)
            }
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            let len = c.len_utf8();
            if c.is_whitespace() {
                pending_space = started;
                i += len;
                continue;
            }
            let folded = fold_quote(c);
            if folded == c {
                (&text[i..i + len], len)
            } else {
                (&*folded.encode_utf8(&mut buf), len)
            }
        };
        if pending_space {
            emit(" ");
            pending_space = false;
        }
        started = true;
        emit(piece);
        i += len;
    }
}

/// Maps typographic quote marks and apostrophes to their ASCII forms.
pub fn fold_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_whitespace_quotes_and_compatibility_forms() {
        assert_eq!(
            fold("  The \u{a0}mayor\u{2019}s  \u{201c}plan\u{201d} "),
            "The mayor's \"plan\""
        );
        assert_eq!(fold("\u{fb01}nal"), "final");
    }

    #[test]
    fn hash_agrees_with_fold() {
        assert_eq!(fold_hash("A  \u{2018}b\u{2019}"), fold_hash("A 'b'"));
        assert_ne!(fold_hash("US"), fold_hash("us"));
    }

    #[test]
    fn in_place_and_buffered_hashing_agree_on_long_lines() {
        let folded = "The committee met again on Thursday. ".repeat(9);
        let folded = folded.trim_end();
        assert!(is_folded_ascii(folded.as_bytes()));
        let variants = [
            folded.replace(". ", ".  "),
            folded.replace("The", "\u{a0}The"),
            folded.replace("again", "again\t"),
            format!("  {folded}\u{202f}"),
        ];
        for variant in &variants {
            assert!(!is_folded_ascii(variant.as_bytes()));
            assert_eq!(fold(variant), folded);
            assert_eq!(fold_hash(variant), fold_hash(folded), "{variant:?}");
        }
    }

    #[test]
    fn odd_spaces_fold_like_nfkc_would() {
        assert_eq!(fold("a\u{a0}\u{301}b"), fold("a \u{301}b"));
        assert_eq!(fold("caf\u{e9}\u{3000}\u{fb01}n"), "caf\u{e9} fin");
        assert_eq!(fold("e\u{301}\u{2009}x"), "\u{e9} x");
    }
}
