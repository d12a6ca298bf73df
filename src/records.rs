//! JSON Lines corpora: one JSON object per line, the way scraped articles are usually stored.
//! [`Records`] streams a `.jsonl` input line by line and hands back each line's bytes, its
//! 1-based line number, and either the record's text and id fields or why the line is not a
//! record. A malformed line never stops the stream; it is an [`Entry`] like any other, so a
//! caller can report it and copy it through unchanged.
//!
//! The text field's JSON string literal is located by its byte range in the line, so a fix can
//! splice a new value into the line ([`Entry::with_text`]) and leave every other byte (other
//! fields, key order, spacing, the line ending) exactly as it was. The new value is escaped in
//! the style the line already uses: `\u00e9` for non-ASCII when the writer escaped it (Python's
//! `ensure_ascii`), `\/` when slashes were escaped (PHP), `\u003c` for `<`, `>` and `&` when
//! those were (Go), upper- or lower-case hex as found.
//!
//! ```
//! use copydesk::records::{EntryKind, Fields, Records};
//!
//! let corpus = "{\"url\": \"https://example.com/a\", \"text\": \"Caf\\u00e9  opens\"}\n{oops\n";
//! let fields = Fields::new("text", Some("url"));
//! let entries: Vec<_> = Records::new(corpus.as_bytes(), fields).collect::<Result<_, _>>().unwrap();
//!
//! let EntryKind::Record(record) = &entries[0].kind else { panic!() };
//! assert_eq!(record.text, "Caf\u{e9}  opens");
//! assert_eq!(record.id.as_ref().unwrap().to_string(), "https://example.com/a");
//! let fixed = entries[0].with_text("Caf\u{e9} opens").unwrap();
//! assert_eq!(fixed, b"{\"url\": \"https://example.com/a\", \"text\": \"Caf\\u00e9 opens\"}\n");
//!
//! assert_eq!(entries[1].line, 2);
//! assert!(matches!(entries[1].kind, EntryKind::Invalid(_)));
//! ```

use std::fmt;
use std::io::{self, BufRead};
use std::ops::Range;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use thiserror::Error;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The names of the fields a record's text and id are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub text: String,
    pub id: Option<String>,
}

impl Fields {
    pub fn new(text: impl Into<String>, id: Option<impl Into<String>>) -> Self {
        Self {
            text: text.into(),
            id: id.map(Into::into),
        }
    }
}

/// One line of a JSON Lines input.
#[derive(Debug, Clone)]
pub struct Entry {
    /// 1-based line number.
    pub line: usize,
    /// Byte offset of the line's start in the input.
    pub offset: u64,
    /// The line as read, its line terminator included.
    pub bytes: Vec<u8>,
    pub kind: EntryKind,
}

/// What a line holds.
#[derive(Debug, Clone)]
pub enum EntryKind {
    Record(Record),
    /// Only whitespace: tolerated, as most JSON Lines readers do.
    Blank,
    /// Not a record copydesk can read.
    Invalid(RecordError),
}

/// A record's text and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The text field, unescaped.
    pub text: String,
    /// The id field when it is configured and present (a JSON `null` counts as absent).
    pub id: Option<RecordId>,
    /// Byte range of the text field's string literal, quotes included, in [`Entry::bytes`].
    pub value: Range<usize>,
}

/// A record's id: a string or a number, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RecordId {
    String(String),
    Number(serde_json::Number),
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordId::String(id) => f.write_str(id),
            RecordId::Number(id) => fmt::Display::fmt(id, f),
        }
    }
}

impl serde::Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RecordId::String(id) => serializer.serialize_str(id),
            RecordId::Number(id) => id.serialize(serializer),
        }
    }
}

/// Why a line is not a record.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecordError {
    /// serde_json's message, without its `at line 1` suffix: the line is the entry's.
    #[error("invalid JSON: {message} at column {column}")]
    Json { message: String, column: usize },
    #[error("{found}, not a JSON object")]
    NotObject { found: &'static str },
    #[error("invalid UTF-8 at byte {offset} of the line")]
    Utf8 { offset: usize },
    #[error("no `{field}` field")]
    MissingText { field: String },
    #[error("`{field}` is {found}, not a string")]
    TextNotString { field: String, found: &'static str },
    #[error("`{field}` is {found}; an id must be a string or a number")]
    BadId { field: String, found: &'static str },
}

impl From<serde_json::Error> for RecordError {
    fn from(error: serde_json::Error) -> Self {
        let text = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = text.strip_suffix(&suffix).unwrap_or(&text).to_owned();
        RecordError::Json {
            message,
            column: error.column(),
        }
    }
}

/// Streams the entries of a JSON Lines input. Items are errors only when reading fails.
pub struct Records<R> {
    reader: R,
    fields: Fields,
    line: usize,
    offset: u64,
}

impl<R: BufRead> Records<R> {
    pub fn new(reader: R, fields: Fields) -> Self {
        Self {
            reader,
            fields,
            line: 0,
            offset: 0,
        }
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = io::Result<Entry>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut bytes = Vec::new();
        match self.reader.read_until(b'\n', &mut bytes) {
            Ok(0) => None,
            Ok(read) => {
                self.line += 1;
                let offset = self.offset;
                self.offset += read as u64;
                let kind = parse_entry(&bytes, &self.fields, offset == 0);
                Some(Ok(Entry {
                    line: self.line,
                    offset,
                    bytes,
                    kind,
                }))
            }
            Err(error) => Some(Err(error)),
        }
    }
}

/// Reads one line (terminator included or not); `first` says whether it opens the input, where
/// a byte order mark is skipped.
pub fn parse_entry(line: &[u8], fields: &Fields, first: bool) -> EntryKind {
    let skip = if first && line.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let end = line.len() - terminator_len(line);
    let body = &line[skip.min(end)..end];
    if body.iter().all(u8::is_ascii_whitespace) {
        return EntryKind::Blank;
    }
    let body = match std::str::from_utf8(body) {
        Ok(body) => body,
        Err(error) => {
            return EntryKind::Invalid(RecordError::Utf8 {
                offset: skip + error.valid_up_to(),
            })
        }
    };
    match parse_record(body, fields) {
        Ok(mut record) => {
            record.value = record.value.start + skip..record.value.end + skip;
            EntryKind::Record(record)
        }
        Err(error) => EntryKind::Invalid(error),
    }
}

/// The length of `line`'s `\n` or `\r\n` ending.
fn terminator_len(line: &[u8]) -> usize {
    match line {
        [.., b'\r', b'\n'] => 2,
        [.., b'\n'] => 1,
        _ => 0,
    }
}

fn parse_record(line: &str, fields: &Fields) -> Result<Record, RecordError> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let found = ObjectSeed { fields }
        .deserialize(&mut deserializer)
        .map_err(|error| match error.classify() {
            // Only the top-level value's type can be wrong: every other value is taken raw.
            serde_json::error::Category::Data => RecordError::NotObject {
                found: type_of(line.trim_start().as_bytes().first()),
            },
            _ => RecordError::from(error),
        })?;
    deserializer.end()?;
    let Some(text) = found.text else {
        return Err(RecordError::MissingText {
            field: fields.text.clone(),
        });
    };
    let decoded: String =
        serde_json::from_str(text.get()).map_err(|_| RecordError::TextNotString {
            field: fields.text.clone(),
            found: json_type(text),
        })?;
    let id = match (found.id, &fields.id) {
        (Some(raw), Some(name)) => read_id(raw, name)?,
        _ => None,
    };
    // A borrowed RawValue is a slice of `line`, so its address gives its offset.
    let start = text.get().as_ptr() as usize - line.as_ptr() as usize;
    Ok(Record {
        text: decoded,
        id,
        value: start..start + text.get().len(),
    })
}

fn read_id(raw: &RawValue, field: &str) -> Result<Option<RecordId>, RecordError> {
    let bad = |found| RecordError::BadId {
        field: field.to_owned(),
        found,
    };
    match serde_json::from_str(raw.get()) {
        Ok(serde_json::Value::Null) => Ok(None),
        Ok(serde_json::Value::String(id)) => Ok(Some(RecordId::String(id))),
        Ok(serde_json::Value::Number(id)) => Ok(Some(RecordId::Number(id))),
        _ => Err(bad(json_type(raw))),
    }
}

fn json_type(raw: &RawValue) -> &'static str {
    type_of(raw.get().as_bytes().first())
}

/// `a string`, `an object`…, from a JSON value's first byte.
fn type_of(first: Option<&u8>) -> &'static str {
    match first {
        Some(b'"') => "a string",
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// The text and id values an object holds, still raw. A repeated key keeps its last value, as
/// most JSON readers do.
#[derive(Default)]
struct Found<'a> {
    text: Option<&'a RawValue>,
    id: Option<&'a RawValue>,
}

struct ObjectSeed<'f> {
    fields: &'f Fields,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Found<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Found<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = Found::default();
        while let Some(key) = map.next_key_seed(KeySeed {
            fields: self.fields,
        })? {
            if key == Key::Other {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: &'de RawValue = map.next_value()?;
            if matches!(key, Key::Text | Key::Both) {
                found.text = Some(value);
            }
            if matches!(key, Key::Id | Key::Both) {
                found.id = Some(value);
            }
        }
        Ok(found)
    }
}

/// Which configured field a key names (`Both` when the text field is also the id field).
#[derive(PartialEq, Eq)]
enum Key {
    Text,
    Id,
    Both,
    Other,
}

struct KeySeed<'f> {
    fields: &'f Fields,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        let text = key == self.fields.text;
        let id = self.fields.id.as_deref() == Some(key);
        Ok(match (text, id) {
            (true, true) => Key::Both,
            (true, false) => Key::Text,
            (false, true) => Key::Id,
            (false, false) => Key::Other,
        })
    }
}

impl Entry {
    /// The line with the record's text field set to `text`, escaped in the line's own style;
    /// `None` when the line is not a record.
    pub fn with_text(&self, text: &str) -> Option<Vec<u8>> {
        let EntryKind::Record(record) = &self.kind else {
            return None;
        };
        let style = EscapeStyle::of(&self.bytes);
        let mut out = Vec::with_capacity(self.bytes.len() + text.len());
        out.extend_from_slice(&self.bytes[..record.value.start]);
        style.write_literal(text, &mut out);
        out.extend_from_slice(&self.bytes[record.value.end..]);
        Some(out)
    }
}

/// How a JSON writer escaped strings, as far as one line shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct EscapeStyle {
    /// Every non-ASCII character as `\uXXXX`.
    ascii_only: bool,
    /// `/` as `\/`.
    slash: bool,
    /// `<`, `>`, `&`, U+2028 and U+2029 as `\uXXXX`.
    html: bool,
    /// Hex digits in upper case.
    upper_hex: bool,
}

impl EscapeStyle {
    /// The style `line`'s escapes show; where they show nothing, serde_json's.
    fn of(line: &[u8]) -> Self {
        let mut style = EscapeStyle::default();
        let mut non_ascii_escaped = false;
        let mut hex_case_seen = false;
        let mut at = 0;
        while let Some(found) = memchr::memchr(b'\\', &line[at..]) {
            let escape = at + found;
            match line.get(escape + 1) {
                Some(b'/') => style.slash = true,
                Some(b'u') => {
                    let hex = line.get(escape + 2..escape + 6).unwrap_or_default();
                    let value = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok());
                    match value {
                        Some(0x80..=u32::MAX) => non_ascii_escaped = true,
                        Some(0x3c | 0x3e | 0x26) => style.html = true,
                        _ => {}
                    }
                    if !hex_case_seen && hex.iter().any(u8::is_ascii_alphabetic) {
                        hex_case_seen = true;
                        style.upper_hex = hex.iter().any(u8::is_ascii_uppercase);
                    }
                }
                _ => {}
            }
            at = escape + 2;
        }
        style.ascii_only = non_ascii_escaped && line.is_ascii();
        style
    }

    /// Appends `text` as a JSON string literal, quotes included.
    fn write_literal(self, text: &str, out: &mut Vec<u8>) {
        out.push(b'"');
        for c in text.chars() {
            match c {
                '"' => out.extend_from_slice(b"\\\""),
                '\\' => out.extend_from_slice(b"\\\\"),
                '\n' => out.extend_from_slice(b"\\n"),
                '\r' => out.extend_from_slice(b"\\r"),
                '\t' => out.extend_from_slice(b"\\t"),
                '\u{8}' => out.extend_from_slice(b"\\b"),
                '\u{c}' => out.extend_from_slice(b"\\f"),
                '/' if self.slash => out.extend_from_slice(b"\\/"),
                '\0'..='\u{1f}' => self.write_unit(c as u16, out),
                '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if self.html => {
                    self.write_unit(c as u16, out)
                }
                '\u{80}'..=char::MAX if self.ascii_only => {
                    let mut units = [0; 2];
                    for unit in c.encode_utf16(&mut units) {
                        self.write_unit(*unit, out);
                    }
                }
                _ => {
                    let mut buffer = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                }
            }
        }
        out.push(b'"');
    }

    fn write_unit(self, unit: u16, out: &mut Vec<u8>) {
        let escaped = if self.upper_hex {
            format!("\\u{unit:04X}")
        } else {
            format!("\\u{unit:04x}")
        };
        out.extend_from_slice(escaped.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields::new("text", Some("url"))
    }

    fn entries(input: &str) -> Vec<Entry> {
        Records::new(input.as_bytes(), fields())
            .collect::<io::Result<_>>()
            .unwrap()
    }

    fn record(line: &str) -> Record {
        match parse_entry(line.as_bytes(), &fields(), false) {
            EntryKind::Record(record) => record,
            other => panic!("not a record: {other:?}"),
        }
    }

    fn error(line: &str) -> String {
        match parse_entry(line.as_bytes(), &fields(), false) {
            EntryKind::Invalid(error) => error.to_string(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    fn rewritten(line: &str, text: &str) -> String {
        let entry = Entry {
            line: 1,
            offset: 0,
            bytes: line.as_bytes().to_vec(),
            kind: parse_entry(line.as_bytes(), &fields(), false),
        };
        String::from_utf8(entry.with_text(text).unwrap()).unwrap()
    }

    #[test]
    fn lines_offsets_and_kinds() {
        let list = entries("{\"text\": \"a\"}\n\n  \r\n[1]\n{\"text\": \"b\"}");
        let lines: Vec<(usize, u64)> = list.iter().map(|e| (e.line, e.offset)).collect();
        assert_eq!(lines, [(1, 0), (2, 14), (3, 15), (4, 19), (5, 23)]);
        assert!(matches!(list[1].kind, EntryKind::Blank));
        assert!(matches!(list[2].kind, EntryKind::Blank));
        assert!(matches!(list[3].kind, EntryKind::Invalid(_)));
        assert_eq!(list[4].bytes, b"{\"text\": \"b\"}");
    }

    #[test]
    fn the_value_range_covers_the_literal() {
        let line = r#"{"url": "x", "text" :  "caf\u00e9 \"ok\"" , "n": 1}"#;
        let found = record(line);
        assert_eq!(&line[found.value.clone()], r#""caf\u00e9 \"ok\"""#);
        assert_eq!(found.text, "caf\u{e9} \"ok\"");
    }

    #[test]
    fn ids_are_strings_or_numbers() {
        let id = |line: &str| {
            record(line)
                .id
                .map(|id| serde_json::to_string(&id).unwrap())
        };
        assert_eq!(id(r#"{"text": "", "url": "a"}"#).unwrap(), r#""a""#);
        assert_eq!(id(r#"{"text": "", "url": 42}"#).unwrap(), "42");
        assert_eq!(id(r#"{"text": "", "url": 4.5}"#).unwrap(), "4.5");
        assert_eq!(id(r#"{"text": "", "url": null}"#), None);
        assert_eq!(id(r#"{"text": ""}"#), None);
        assert_eq!(
            error(r#"{"text": "", "url": [1]}"#),
            "`url` is an array; an id must be a string or a number"
        );
    }

    #[test]
    fn invalid_lines_say_why() {
        assert_eq!(
            error(r#"{"text": "a",}"#),
            "invalid JSON: trailing comma at column 14"
        );
        assert_eq!(
            error(r#"{"text": "a"} x"#),
            "invalid JSON: trailing characters at column 15"
        );
        assert_eq!(error(" [1, 2]"), "an array, not a JSON object");
        assert_eq!(error("\"text\""), "a string, not a JSON object");
        assert_eq!(error(r#"{"body": "a"}"#), "no `text` field");
        assert_eq!(error(r#"{"text": 3}"#), "`text` is a number, not a string");
        assert_eq!(error(r#"{"text": null}"#), "`text` is null, not a string");
        let bytes = b"{\"text\": \"\xff\"}";
        let EntryKind::Invalid(error) = parse_entry(bytes, &fields(), false) else {
            panic!("invalid UTF-8 is not a record");
        };
        assert_eq!(error.to_string(), "invalid UTF-8 at byte 10 of the line");
    }

    #[test]
    fn a_bom_opens_only_the_first_line() {
        let line = "\u{feff}{\"text\": \"a\"}";
        let EntryKind::Record(found) = parse_entry(line.as_bytes(), &fields(), true) else {
            panic!("a BOM before the first record is skipped");
        };
        assert_eq!(&line[found.value], "\"a\"");
        assert!(matches!(
            parse_entry(line.as_bytes(), &fields(), false),
            EntryKind::Invalid(_)
        ));
    }

    #[test]
    fn the_last_of_repeated_keys_wins_and_one_field_can_be_both() {
        assert_eq!(record(r#"{"text": "a", "text": "b"}"#).text, "b");
        let both = Fields::new("url", Some("url"));
        let EntryKind::Record(found) = parse_entry(br#"{"url": "u"}"#, &both, false) else {
            panic!("a record");
        };
        assert_eq!(
            (found.text.as_str(), found.id),
            ("u", Some(RecordId::String("u".into())))
        );
    }

    #[test]
    fn rewriting_keeps_everything_but_the_value() {
        let line = "{ \"text\" : \"a  b\",\t\"url\":\"x\" }\r\n";
        assert_eq!(
            rewritten(line, "a b"),
            "{ \"text\" : \"a b\",\t\"url\":\"x\" }\r\n"
        );
    }

    #[test]
    fn rewriting_follows_the_line_s_escape_style() {
        // Raw UTF-8 and serde_json's escapes by default.
        assert_eq!(
            rewritten(r#"{"text": "x"}"#, "caf\u{e9}\n\"q\" \\ </a> \u{1}"),
            r#"{"text": "café\n\"q\" \\ </a> \u0001"}"#
        );
        // Python's ensure_ascii, including a surrogate pair.
        assert_eq!(
            rewritten(r#"{"text": "caf\u00e9"}"#, "caf\u{e9} \u{1f600}"),
            r#"{"text": "caf\u00e9 \ud83d\ude00"}"#
        );
        // Upper-case hex, as some writers emit it.
        assert_eq!(
            rewritten(r#"{"text": "\u00C9t\u00E9"}"#, "\u{c9}t\u{e9}!"),
            r#"{"text": "\u00C9t\u00E9!"}"#
        );
        // PHP's escaped slashes and Go's HTML-safe escapes.
        assert_eq!(
            rewritten(r#"{"url": "https:\/\/x", "text": "a\u003cb"}"#, "<a/b> & c"),
            r#"{"url": "https:\/\/x", "text": "\u003ca\/b\u003e \u0026 c"}"#
        );
        // Raw UTF-8 elsewhere on the line means the writer did not escape non-ASCII.
        assert_eq!(
            rewritten(r#"{"url": "é", "text": "\u00e9"}"#, "\u{e9}!"),
            r#"{"url": "é", "text": "é!"}"#
        );
    }

    /// Lines written by different JSON writers: serde_json, Python's `ensure_ascii`, PHP's
    /// escaped slashes, Go's HTML-safe escapes, upper-case hex.
    const STYLES: [&str; 5] = [
        "{\"id\": 1, \"text\": \"caf\u{e9}\"}\n",
        "{\"text\": \"caf\\u00e9\", \"id\": 2}\r\n",
        "{\"url\":\"a\\/b\",\"text\":\"x\"}",
        "{ \"text\" : \"a\\u003cb\" }\n",
        "{\"text\": \"\\u00C9\"}\n",
    ];

    proptest::proptest! {
        #[test]
        fn any_text_spliced_into_any_style_reads_back_and_keeps_the_rest(
            style in 0..STYLES.len(),
            text in "\\PC*|[\"\\\\/<>&\u{0}-\u{1f}\u{2028}\u{e9}\u{1f600}a ]*",
        ) {
            let line = STYLES[style];
            let entry = Entry {
                line: 1,
                offset: 0,
                bytes: line.as_bytes().to_vec(),
                kind: parse_entry(line.as_bytes(), &fields(), false),
            };
            let EntryKind::Record(before) = &entry.kind else {
                panic!("every style line is a record");
            };
            let rewritten = entry.with_text(&text).unwrap();
            let EntryKind::Record(after) = parse_entry(&rewritten, &fields(), false) else {
                panic!("the rewritten line is a record: {rewritten:?}");
            };
            proptest::prop_assert_eq!(&after.text, &text);
            proptest::prop_assert_eq!(&rewritten[..after.value.start], &line.as_bytes()[..before.value.start]);
            proptest::prop_assert_eq!(&rewritten[after.value.end..], &line.as_bytes()[before.value.end..]);
        }
    }

    #[test]
    fn an_escaped_backslash_is_not_an_escape_of_what_follows() {
        assert_eq!(
            EscapeStyle::of(br#"{"text": "a\\u00e9 \\/"}"#),
            EscapeStyle::default()
        );
    }
}
