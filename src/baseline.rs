//! Baselines: the findings a corpus already had when a CI gate adopted copydesk, recorded so the
//! gate fails on new findings only.
//!
//! A finding is recorded by its file's path, its rule, a fingerprint and an occurrence index, never
//! by line numbers, so it survives edits elsewhere in the file. The fingerprint is the 64-bit
//! FNV-1a hash (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`), written as 16
//! lowercase hex digits, of these UTF-8 strings, each followed by one NUL byte:
//!
//! 1. the rule name;
//! 2. the finding's text, folded ([`fold`]: whitespace runs to one space, ends trimmed, quote
//!    marks plain, NFKC);
//! 3. up to [`CONTEXT_CHARS`] characters before the finding on its first line, folded;
//! 4. up to [`CONTEXT_CHARS`] characters after the finding on its last line, folded.
//!
//! Identical findings (same rule and fingerprint in one file) are told apart by their
//! occurrence index in document order. In a JSON Lines corpus an entry also names its record,
//! by id (`url=https://…`) when the run has `--id-field`, else by line, which records inserted
//! above shift. The file is versioned JSON, one finding per line, sorted,
//! so a regenerated baseline diffs cleanly:
//!
//! ```
//! use copydesk::baseline::{self, Baseline};
//! use copydesk::Linter;
//!
//! let text = "A ferry waits at the pier.\nA ferry waits at the pier.\n";
//! let findings = Linter::default().lint(text);
//! let recorded = Baseline::new(baseline::entries("pier.txt", text, &findings));
//!
//! // Lines inserted above do not change the finding's entry.
//! let edited = format!("Storm closes the coast road\n\n{text}");
//! let now = baseline::entries("pier.txt", &edited, &Linter::default().lint(&edited));
//! assert!(now.iter().all(|entry| recorded.contains(entry)));
//! assert!(Baseline::parse(&recorded.to_json()).unwrap() == recorded);
//! ```

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::diagnostic::Diagnostic;
use crate::document::{fold, Span};

/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// Characters of context on each side of a finding that go into its fingerprint.
pub const CONTEXT_CHARS: usize = 32;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file's path, `/`-separated, relative to the baseline file's directory.
    pub path: String,
    /// In a JSON Lines corpus, the record: its id as `field=value`, else `line N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    pub rule: String,
    /// 16 lowercase hex digits, see the module docs.
    pub fingerprint: String,
    /// Which of the file's findings with this rule and fingerprint, counted from 0.
    pub occurrence: u32,
}

/// A set of recorded findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeSet<Entry>,
}

/// Why a baseline file could not be read.
#[derive(Debug, Error)]
pub enum BaselineError {
    #[error("not a copydesk baseline: {0}")]
    Syntax(#[from] serde_json::Error),
    #[error("baseline version {found} is not supported (this copydesk reads version {VERSION})")]
    Version { found: u32 },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

impl Baseline {
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> Self {
        Self {
            entries: entries.into_iter().collect(),
        }
    }

    pub fn parse(json: &str) -> Result<Self, BaselineError> {
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        let Versioned { version } = serde_json::from_str(json)?;
        if version != VERSION {
            return Err(BaselineError::Version { found: version });
        }
        let file: File = serde_json::from_str(json)?;
        Ok(Self::new(file.findings))
    }

    /// The baseline file's text: sorted entries, one per line.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
        for (index, entry) in self.entries.iter().enumerate() {
            out.push_str(if index == 0 { "\n    " } else { ",\n    " });
            out.push_str(&serde_json::to_string(entry).expect("an entry serialises"));
        }
        out.push_str(if self.entries.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    pub fn contains(&self, entry: &Entry) -> bool {
        self.entries.contains(entry)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }
}

/// The entries of one file's findings, in the order of `diagnostics`.
pub fn entries(path: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<Entry> {
    record_entries(path, None, text, diagnostics)
}

/// [`entries`] for the findings in the text of one record of a JSON Lines file.
pub fn record_entries(
    path: &str,
    record: Option<&str>,
    text: &str,
    diagnostics: &[Diagnostic],
) -> Vec<Entry> {
    let mut seen: HashMap<(&str, u64), u32> = HashMap::new();
    diagnostics
        .iter()
        .map(|diagnostic| {
            let hash = fingerprint(text, diagnostic);
            let count = seen.entry((diagnostic.rule, hash)).or_default();
            let occurrence = *count;
            *count += 1;
            Entry {
                path: path.to_owned(),
                record: record.map(str::to_owned),
                rule: diagnostic.rule.to_owned(),
                fingerprint: format!("{hash:016x}"),
                occurrence,
            }
        })
        .collect()
}

/// The fingerprint of a finding in `text`, as the module docs define it.
pub fn fingerprint(text: &str, diagnostic: &Diagnostic) -> u64 {
    let Span { start, end } = diagnostic.span;
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let before = &text[line_start..start];
    let before = match before.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((at, _)) => &before[at..],
        None => before,
    };
    let after = &text[end..line_end];
    let after = match after.char_indices().nth(CONTEXT_CHARS) {
        Some((at, _)) => &after[..at],
        None => after,
    };
    let mut hash = Fnv1a::new();
    for part in [
        diagnostic.rule,
        &fold(&text[start..end]),
        &fold(before),
        &fold(after),
    ] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    hash.0
}

/// 64-bit FNV-1a: tiny, and fully specified, so a baseline never depends on a library's hasher.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, span: Span) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(span, "message");
        diagnostic.rule = rule;
        diagnostic
    }

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        let hash = |text: &str| {
            let mut hash = Fnv1a::new();
            hash.write(text.as_bytes());
            hash.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn the_fingerprint_is_stable_across_builds() {
        // Pinned, and computed independently of this code: a change here (or in `fold`)
        // invalidates every baseline users have written.
        let text = "Harbour fair opens\u{a0}today\n";
        let diagnostic = finding("irregular-whitespace", Span::new(18, 20));
        assert_eq!(fingerprint(text, &diagnostic), 0x7d30_427c_d6e7_0a7d);
        // Curly quotes, a ligature and a run of spaces, all folded.
        let text = "Council\u{2019}s  \u{201c}\u{fb01}nal\u{201d} plan\n";
        let diagnostic = finding("mixed-quotes", Span::new(13, 25));
        assert_eq!(fingerprint(text, &diagnostic), 0xbbb7_7196_6557_dfea);
    }

    #[test]
    fn context_is_bounded_by_the_line_and_a_few_characters() {
        let near = "Harbour fair opens  today\n";
        let far_edit = "Yesterday the old Harbour fair opens  today\n";
        let span = |text: &str| {
            let at = text.find("  ").unwrap();
            Span::new(at, at + 2)
        };
        let diagnostic = |text: &str| finding("multiple-spaces", span(text));
        let base = fingerprint(near, &diagnostic(near));
        // Text on other lines does not count.
        let other_lines = format!("Inserted line\n\n{near}More text below\n");
        assert_eq!(fingerprint(&other_lines, &diagnostic(&other_lines)), base);
        // Text next to the finding does.
        assert_ne!(fingerprint(far_edit, &diagnostic(far_edit)), base);
        // Text more than CONTEXT_CHARS away on the same line does not.
        let padding = "x".repeat(CONTEXT_CHARS);
        let long = format!("{padding} Harbour fair opens  today\n");
        let long_edited = format!("Y{} Harbour fair opens  today\n", &padding[1..]);
        assert_eq!(
            fingerprint(&long, &diagnostic(&long)),
            fingerprint(&long_edited, &diagnostic(&long_edited))
        );
    }

    #[test]
    fn identical_findings_get_occurrence_indices() {
        let text = "Share\nShare\nShared\n";
        let diagnostics = [
            finding("stray-marker", Span::new(0, 5)),
            finding("stray-marker", Span::new(6, 11)),
            finding("other-rule", Span::new(6, 11)),
        ];
        let entries = entries("a.txt", text, &diagnostics);
        let occurrences: Vec<u32> = entries.iter().map(|e| e.occurrence).collect();
        assert_eq!(occurrences, [0, 1, 0]);
        assert_eq!(entries[0].fingerprint, entries[1].fingerprint);
    }

    #[test]
    fn the_file_is_sorted_one_entry_per_line_and_round_trips() {
        let entry = |path: &str, rule: &str| Entry {
            path: path.to_owned(),
            record: None,
            rule: rule.to_owned(),
            fingerprint: "00000000000000ff".to_owned(),
            occurrence: 0,
        };
        let baseline = Baseline::new([entry("b.txt", "x"), entry("a.txt", "y")]);
        let json = baseline.to_json();
        assert_eq!(
            json,
            concat!(
                "{\n  \"version\": 1,\n  \"findings\": [\n",
                "    {\"path\":\"a.txt\",\"rule\":\"y\",\"fingerprint\":\"00000000000000ff\",\"occurrence\":0},\n",
                "    {\"path\":\"b.txt\",\"rule\":\"x\",\"fingerprint\":\"00000000000000ff\",\"occurrence\":0}\n",
                "  ]\n}\n"
            )
        );
        assert_eq!(Baseline::parse(&json).unwrap(), baseline);
        assert_eq!(
            Baseline::default().to_json(),
            "{\n  \"version\": 1,\n  \"findings\": []\n}\n"
        );
    }

    #[test]
    fn other_versions_and_other_files_are_refused() {
        let future = r#"{"version": 2, "findings": []}"#;
        assert_eq!(
            Baseline::parse(future).unwrap_err().to_string(),
            "baseline version 2 is not supported (this copydesk reads version 1)"
        );
        assert!(matches!(
            Baseline::parse("[1, 2]"),
            Err(BaselineError::Syntax(_))
        ));
    }
}
