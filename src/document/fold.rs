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

/// A 64-bit hash of the folded form of `text`, computed without allocating on the common path.
pub fn fold_hash(text: &str) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(0x636f_7079_6465_736b).build_hasher();
    let mut buf = [0u8; 4];
    fold_into(text, |c| hasher.write(c.encode_utf8(&mut buf).as_bytes()));
    hasher.finish()
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
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().for_each(&mut push);
    } else {
        text.nfkc().for_each(&mut push);
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
}
