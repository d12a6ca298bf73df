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
    fold_into(text, |c| out.push(c));
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
        let mut buf = [0u8; 4];
        fold_into(text, |c| hasher.push(c.encode_utf8(&mut buf).as_bytes()));
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

    fn push(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.buf[self.len] = b;
            self.len += 1;
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

fn fold_into(text: &str, mut emit: impl FnMut(char)) {
    let mut pending_space = false;
    let mut started = false;
    let mut push = |c: char| {
        if c.is_whitespace() {
            pending_space = started;
        } else {
            if pending_space {
                emit(' ');
                pending_space = false;
            }
            started = true;
            emit(fold_quote(c));
        }
    };
    // Whitespace folds to one space whatever NFKC makes of it, and it never composes with a
    // neighbour, so mapping it to a space first keeps a no-break space from forcing the slow
    // normalising path.
    let chars = || {
        text.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
    };
    if text.is_ascii() || is_nfkc_quick(chars()) == IsNormalized::Yes {
        chars().for_each(&mut push);
    } else {
        chars().nfkc().for_each(&mut push);
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
