//! The `sarif` format: one SARIF 2.1.0 log, the interchange format code-scanning services
//! (GitHub code scanning among them) read. Rules are described in `tool.driver.rules` from their
//! docs, each finding is a result with a region, a repeated block's first copy is a related
//! location, and a fix is a SARIF `fixes` entry of deleted regions and inserted text.
//!
//! SARIF columns are never bytes: the run declares `columnKind: unicodeCodePoints`, and every
//! line and column is the 1-based position in Unicode scalar values that CLI.md's JSON contract
//! uses. End columns are exclusive, as SARIF defines them. Paths are URI references relative to
//! `%SRCROOT%`, the directory copydesk ran in. Each result carries its baseline fingerprint as a
//! partial fingerprint, so a service tracks it across edits the way `--baseline` does.
//!
//! A finding in a JSON Lines record (`--input jsonl`) covers the record's line in the file, names
//! the record in its `properties`, and has no `fixes`: its offsets are into the record's text.
//!
//! Results are written as each file is checked, so memory stays bounded by one file's findings;
//! the rules go after them, since a user rule file's rules are only met in results.

use std::collections::HashMap;
use std::io;
use std::path::Path;

use serde::Serialize;

use super::{FileReport, RecordRef, Report};
use crate::baseline;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::fix::Applicability;
use crate::registry;
use crate::rule::RuleMeta;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://crates.io/crates/copydesk";
const SRCROOT: &str = "%SRCROOT%";

/// Streams one SARIF log over a whole run.
pub struct Sarif {
    /// `file://` URI of the directory relative paths start from, ending in `/`.
    root: Option<String>,
    rules: Vec<Descriptor>,
    rule_index: HashMap<&'static str, usize>,
    /// Whether the log's head and a first result are written.
    opened: bool,
}

impl Sarif {
    /// `root` is the directory relative paths are relative to (the current directory), named in
    /// `originalUriBaseIds` so a consumer can resolve them; tests leave it out.
    pub fn new(root: Option<&Path>) -> Self {
        let mut sarif = Self {
            root: root.map(|dir| {
                let mut uri = file_uri(dir);
                if !uri.ends_with('/') {
                    uri.push('/');
                }
                uri
            }),
            rules: Vec::new(),
            rule_index: HashMap::new(),
            opened: false,
        };
        for entry in registry::all() {
            sarif.index_of(entry.meta.name);
        }
        sarif
    }

    /// The rule's position in `tool.driver.rules`, adding it on first sight.
    fn index_of(&mut self, rule: &'static str) -> usize {
        if let Some(&index) = self.rule_index.get(rule) {
            return index;
        }
        let descriptor = match registry::find(rule) {
            Some(entry) => Descriptor::from_meta(entry.meta),
            // A user rule file's rule: the registry does not know its docs.
            None => Descriptor::bare(rule),
        };
        self.rules.push(descriptor);
        self.rule_index.insert(rule, self.rules.len() - 1);
        self.rules.len() - 1
    }

    fn write_head(&self, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "{{")?;
        writeln!(out, "  \"$schema\": {},", json(&SCHEMA)?)?;
        writeln!(out, "  \"version\": \"2.1.0\",")?;
        writeln!(out, "  \"runs\": [")?;
        writeln!(out, "    {{")?;
        writeln!(out, "      \"columnKind\": \"unicodeCodePoints\",")?;
        if let Some(root) = &self.root {
            let base = serde_json::json!({ SRCROOT: { "uri": root } });
            write!(out, "      \"originalUriBaseIds\": ")?;
            write_indented(out, &base, 6)?;
            writeln!(out, ",")?;
        }
        write!(out, "      \"results\": [")
    }
}

impl Report for Sarif {
    fn file(&mut self, out: &mut dyn io::Write, file: &FileReport) -> io::Result<()> {
        let location = ArtifactLocation::new(file.path);
        let entries = baseline::entries(file.path, file.text, file.diagnostics);
        for (diagnostic, entry) in file.diagnostics.iter().zip(&entries) {
            if self.opened {
                out.write_all(b",")?;
            } else {
                self.write_head(out)?;
                self.opened = true;
            }
            out.write_all(b"\n        ")?;
            let rule_index = self.index_of(diagnostic.rule);
            let mut result = SarifResult::new(file, &location, diagnostic, rule_index);
            let mut fingerprint = format!("{}:{}", entry.fingerprint, entry.occurrence);
            if let Some(record) = file.record {
                match record.id {
                    Some(id) => fingerprint += &format!(":{id}"),
                    None => fingerprint += &format!(":{}", record.line),
                }
            }
            result.partial_fingerprints = Some(PartialFingerprints {
                copydesk: fingerprint,
            });
            write_indented(out, &result, 8)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        if self.opened {
            out.write_all(b"\n      ],\n")?;
        } else {
            self.write_head(out)?;
            out.write_all(b"],\n")?;
        }
        let tool = Tool {
            driver: Driver {
                name: "copydesk",
                version: env!("CARGO_PKG_VERSION"),
                information_uri: INFORMATION_URI,
                rules: &self.rules,
            },
        };
        write!(out, "      \"tool\": ")?;
        write_indented(out, &tool, 6)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

/// Pretty JSON of `value`, its lines after the first indented by `indent` spaces. JSON strings
/// never hold a raw newline, so indenting line by line is safe.
fn write_indented(
    out: &mut dyn io::Write,
    value: &impl Serialize,
    indent: usize,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            write!(out, "\n{:indent$}{line}", "")?;
        } else {
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn json(value: &impl Serialize) -> io::Result<String> {
    Ok(serde_json::to_string(value)?)
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: &'a [Descriptor],
}

/// A rule as SARIF's `reportingDescriptor` describes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Message<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Message<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
    fix: &'static str,
}

impl Descriptor {
    fn from_meta(meta: &'static RuleMeta) -> Self {
        Self {
            id: meta.name,
            name: readable_name(meta.name),
            short_description: Some(Message { text: meta.summary }),
            full_description: Some(Message {
                text: meta.docs.what,
            }),
            help: Some(help(meta)),
            default_configuration: Some(Configuration {
                level: level(meta.severity),
            }),
            properties: Some(RuleProperties {
                tags: [meta.category.as_str()],
                fix: meta.fix.as_str(),
            }),
        }
    }

    fn bare(id: &'static str) -> Self {
        Self {
            id,
            name: None,
            short_description: None,
            full_description: None,
            help: None,
            default_configuration: None,
            properties: None,
        }
    }
}

/// The rule's docs as plain text and as Markdown, in `copydesk explain`'s order.
fn help(meta: &RuleMeta) -> Help {
    let docs = &meta.docs;
    let mut sections = vec![("What it catches", docs.what), ("Why", docs.why)];
    if !docs.options.is_empty() {
        sections.push(("Options", docs.options));
    }
    if !docs.fix.is_empty() {
        sections.push(("Fix", docs.fix));
    }
    let text = sections
        .iter()
        .map(|(title, body)| format!("{title}\n{body}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let markdown = sections
        .iter()
        .map(|(title, body)| {
            if *title == "Options" {
                let lines: Vec<String> = body.lines().map(|line| format!("- {line}")).collect();
                format!("**{title}**\n\n{}", lines.join("\n"))
            } else {
                format!("**{title}**\n\n{body}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    Help { text, markdown }
}

/// The rule's `name` for people: `duplicate-line` -> `DuplicateLine`. SARIF wants it to differ
/// from the `id` (a one-word rule such as `mojibake` gets none).
fn readable_name(id: &str) -> Option<String> {
    let name = pascal_case(id);
    (!name.eq_ignore_ascii_case(id)).then_some(name)
}

/// `duplicate-line` -> `DuplicateLine`, the spelling SARIF suggests for a rule's `name`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

/// SARIF's `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<PartialFingerprints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

/// Which JSON Lines record a finding is in.
#[derive(Serialize)]
struct ResultProperties<'a> {
    record: RecordRef<'a>,
}

/// The baseline fingerprint, so a code-scanning service tracks a finding across edits as a
/// baseline does.
#[derive(Serialize)]
struct PartialFingerprints {
    #[serde(rename = "copydesk/v1")]
    copydesk: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// A text region: 1-based lines and columns in Unicode scalar values, the end exclusive. Without
/// columns, whole lines.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
    end_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: &'a ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Message<'a>,
}

impl<'a> SarifResult<'a> {
    fn new(
        file: &FileReport<'a>,
        location: &'a ArtifactLocation,
        diagnostic: &'a Diagnostic,
        rule_index: usize,
    ) -> Self {
        let place = |span, id, message| Location {
            id,
            physical_location: PhysicalLocation {
                artifact_location: location,
                region: region(file, span),
            },
            message,
        };
        Self {
            rule_id: diagnostic.rule,
            rule_index,
            level: level(diagnostic.severity),
            message: Message {
                text: &diagnostic.message,
            },
            locations: [place(diagnostic.span, None, None)],
            related_locations: diagnostic
                .related
                .iter()
                .enumerate()
                .map(|(id, related)| {
                    let message = Message {
                        text: &related.message,
                    };
                    place(related.span, Some(id), Some(message))
                })
                .collect(),
            // A record's fix edits its text field, not the file's bytes: SARIF cannot say that.
            fixes: diagnostic
                .fix
                .iter()
                .filter(|_| file.record.is_none())
                .map(|fix| SarifFix {
                    description: Message { text: &fix.title },
                    artifact_changes: [ArtifactChange {
                        artifact_location: location,
                        replacements: fix
                            .edits
                            .iter()
                            .map(|edit| Replacement {
                                deleted_region: region(file, edit.span),
                                inserted_content: Message {
                                    text: &edit.replacement,
                                },
                            })
                            .collect(),
                    }],
                    properties: FixProperties {
                        applicability: fix.applicability,
                    },
                })
                .collect(),
            partial_fingerprints: None,
            properties: file.record.map(|record| ResultProperties { record }),
        }
    }
}

/// Where `span` is in the file. Positions in a JSON Lines record's text are not positions in the
/// file, so a finding in a record covers the record's line.
fn region(file: &FileReport, span: Span) -> Region {
    if let Some(record) = file.record {
        return Region {
            start_line: record.line,
            start_column: None,
            end_line: record.line,
            end_column: None,
        };
    }
    let start = file.index.position(file.text, span.start);
    let end = file.index.position(file.text, span.end);
    Region {
        start_line: start.line,
        start_column: Some(start.column),
        end_line: end.line,
        end_column: Some(end.column),
    }
}

impl ArtifactLocation {
    /// A shown path as a URI reference: relative paths against `%SRCROOT%`, absolute ones as
    /// `file://` URIs.
    fn new(path: &str) -> Self {
        if Path::new(path).is_absolute() {
            Self {
                uri: file_uri(Path::new(path)),
                uri_base_id: None,
            }
        } else {
            Self {
                uri: encode_path(&portable(path), false),
                uri_base_id: Some(SRCROOT),
            }
        }
    }
}

/// An absolute path as a `file://` URI.
fn file_uri(path: &Path) -> String {
    let path = portable(&path.to_string_lossy());
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", encode_path(&path, true))
}

/// Forward slashes on every platform, as URIs separate segments.
fn portable(path: &str) -> String {
    if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    }
}

/// Percent-encodes what a URI path may not hold as it is (RFC 3986 `pchar` and `/`). A colon is
/// kept only in an absolute URI: in a relative reference's first segment it would read as a
/// scheme.
fn encode_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        let kept = byte.is_ascii_alphanumeric()
            || b"-._~/!$&'()*+,;=@".contains(&byte)
            || (keep_colon && byte == b':');
        if kept {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::LineIndex;
    use crate::fix::{Edit, Fix};
    use crate::records::RecordId;
    use serde_json::{json, Value};

    fn render(files: &[(&str, &str, Vec<Diagnostic>)]) -> Value {
        let mut sarif = Sarif::new(Some(Path::new("/srv/news desk")));
        let mut out = Vec::new();
        for (path, text, diagnostics) in files {
            let index = LineIndex::new(text);
            sarif
                .file(&mut out, &FileReport::new(path, text, &index, diagnostics))
                .unwrap();
        }
        sarif.finish(&mut out).unwrap();
        serde_json::from_slice(&out).expect("the log is JSON")
    }

    /// A caption printed twice, the copy reported with the first as related and a safe fix.
    fn repeated_caption() -> Diagnostic {
        let mut diagnostic = Diagnostic::new(Span::new(13, 24), "line repeats the line above")
            .with_related(Span::new(1, 12), "first copy here")
            .with_fix(Fix::safe_edits(
                "delete the repeated line",
                vec![Edit::delete(Span::new(12, 24))],
            ));
        diagnostic.rule = "duplicate-line";
        diagnostic
    }

    #[test]
    fn a_finding_becomes_a_result_with_region_related_location_and_fix() {
        // Line 2 starts with two-byte characters: columns count them once each.
        let text = "\n\u{e9}t\u{e9} caf\u{e9}\n\u{e9}t\u{e9} caf\u{e9}\n";
        let log = render(&[("desk/a b.txt", text, vec![repeated_caption()])]);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(
            run["originalUriBaseIds"],
            json!({"%SRCROOT%": {"uri": "file:///srv/news%20desk/"}})
        );
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 1);
        let artifact = json!({"uri": "desk/a%20b.txt", "uriBaseId": "%SRCROOT%"});
        assert_eq!(
            results[0],
            json!({
                "ruleId": "duplicate-line",
                "ruleIndex": results[0]["ruleIndex"],
                "level": "warning",
                "message": {"text": "line repeats the line above"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 9}
                }}],
                "relatedLocations": [{
                    "id": 0,
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 9}
                    },
                    "message": {"text": "first copy here"}
                }],
                "fixes": [{
                    "description": {"text": "delete the repeated line"},
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": 2, "startColumn": 9, "endLine": 3, "endColumn": 9
                            },
                            "insertedContent": {"text": ""}
                        }]
                    }],
                    "properties": {"applicability": "safe"}
                }],
                "partialFingerprints": {"copydesk/v1": results[0]["partialFingerprints"]["copydesk/v1"]}
            })
        );
        let fingerprint = baseline::fingerprint(text, &repeated_caption());
        assert_eq!(
            results[0]["partialFingerprints"]["copydesk/v1"],
            format!("{fingerprint:016x}:0")
        );
        let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules[index]["id"], "duplicate-line");
    }

    #[test]
    fn the_driver_describes_every_rule_from_its_docs() {
        let log = render(&[]);
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "copydesk");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(driver["informationUri"], INFORMATION_URI);
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), registry::all().count());
        let meta = registry::find("duplicate-line").unwrap().meta;
        let rule = rules.iter().find(|r| r["id"] == "duplicate-line").unwrap();
        assert_eq!(rule["name"], "DuplicateLine");
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["fullDescription"]["text"], meta.docs.what);
        let help = rule["help"]["text"].as_str().unwrap();
        assert!(help.starts_with(&format!("What it catches\n{}", meta.docs.what)));
        assert!(help.ends_with(&format!("Fix\n{}", meta.docs.fix)));
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains(&format!("**Why**\n\n{}", meta.docs.why)));
        assert_eq!(rule["defaultConfiguration"]["level"], "warning");
        assert_eq!(
            rule["properties"],
            json!({"tags": ["repetition"], "fix": "safe"})
        );
        assert_eq!(log["runs"][0]["results"], json!([]));
    }

    #[test]
    fn a_finding_in_a_record_covers_the_record_line_without_fixes() {
        let text = "\u{e9}t\u{e9}\n\u{e9}t\u{e9}\n";
        let index = LineIndex::new(text);
        let mut diagnostic = repeated_caption();
        diagnostic.span = Span::new(6, 11);
        diagnostic.related[0].span = Span::new(0, 5);
        let id = RecordId::String("https://example.com/a".to_owned());
        let record = RecordRef {
            line: 12,
            id_field: Some("url"),
            id: Some(&id),
        };
        let diagnostics = [diagnostic];
        let report =
            FileReport::new("corpus.jsonl", text, &index, &diagnostics).with_record(record);
        let mut sarif = Sarif::new(None);
        let mut out = Vec::new();
        sarif.file(&mut out, &report).unwrap();
        sarif.finish(&mut out).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let result = &log["runs"][0]["results"][0];
        let line = json!({"startLine": 12, "endLine": 12});
        assert_eq!(result["locations"][0]["physicalLocation"]["region"], line);
        assert_eq!(
            result["relatedLocations"][0]["physicalLocation"]["region"],
            line
        );
        assert_eq!(result["fixes"], Value::Null);
        assert_eq!(
            result["properties"],
            json!({"record": {"line": 12, "id": "https://example.com/a"}})
        );
        let fingerprint = result["partialFingerprints"]["copydesk/v1"]
            .as_str()
            .unwrap();
        assert!(
            fingerprint.ends_with(":0:https://example.com/a"),
            "{fingerprint}"
        );
    }

    #[test]
    fn a_user_rule_is_added_to_the_driver_and_indexed() {
        let mut house = Diagnostic::new(Span::new(0, 2), "house style says no");
        house.rule = "house-rule";
        house.severity = Severity::Info;
        let log = render(&[
            ("a.txt", "ab\n", vec![house.clone()]),
            ("b.txt", "ab\n", vec![house]),
        ]);
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), registry::all().count() + 1);
        assert_eq!(rules.last().unwrap(), &json!({"id": "house-rule"}));
        for result in run["results"].as_array().unwrap() {
            assert_eq!(result["ruleIndex"], rules.len() - 1);
            assert_eq!(result["level"], "note");
        }
    }

    #[test]
    fn paths_become_uri_references() {
        let relative = ArtifactLocation::new("news/caf\u{e9} 1:2#.txt");
        assert_eq!(relative.uri, "news/caf%C3%A9%201%3A2%23.txt");
        assert_eq!(relative.uri_base_id, Some(SRCROOT));
        if cfg!(unix) {
            let absolute = ArtifactLocation::new("/srv/news/a b.txt");
            assert_eq!(absolute.uri, "file:///srv/news/a%20b.txt");
            assert_eq!(absolute.uri_base_id, None);
        }
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("duplicate-line"), "DuplicateLine");
        assert_eq!(pascal_case("repeated-block"), "RepeatedBlock");
        assert_eq!(readable_name("mojibake"), None);
    }
}
