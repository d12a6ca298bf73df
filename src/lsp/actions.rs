//! What the server tells the editor about one document: findings as LSP diagnostics, a quick fix
//! per fix, and the "fix all safe problems" source action, whose edits are the regions the fix
//! loop changed, each trimmed to the bytes that differ, so the editor keeps cursors and marks
//! outside them.

use lsp_types::{
    CodeAction, CodeActionKind, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, TextEdit, Uri,
};

use copydesk::fix::Applicability;
use copydesk::{Diagnostic, Edit, Fix, FixOutcome, Severity, Span};

use super::position::LineMap;

/// The kind of the fix-all source action, under LSP's `source.fixAll` so editors can run it on
/// save.
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// What the diagnostics and actions name as their origin.
pub const SOURCE: &str = "copydesk";

/// `diagnostic` as the editor shows it; related spans become related information in `uri`.
pub fn to_lsp(diagnostic: &Diagnostic, map: &LineMap, uri: &Uri) -> lsp_types::Diagnostic {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(related.span)),
            message: related.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: map.range(diagnostic.span),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A fix the editor may offer: safe and unsafe ones, never display-only ones.
pub fn offered(fix: &Fix) -> bool {
    fix.applicability != Applicability::DisplayOnly
}

/// The quick fix for `fix`, without its edit, which the caller attaches.
pub fn quick_fix(fix: &Fix, diagnostic: lsp_types::Diagnostic) -> CodeAction {
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.title.clone()
    } else {
        format!("{} (unsafe)", fix.title)
    };
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        is_preferred: Some(safe),
        ..CodeAction::default()
    }
}

/// Whether a request restricted to the kinds `only` wants actions of `kind`: LSP kinds are
/// hierarchical, so `source` takes in `source.fixAll.copydesk`.
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.map_or(true, |only| {
        only.iter().any(|wanted| {
            let wanted = wanted.as_str();
            kind == wanted
                || kind
                    .strip_prefix(wanted)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// `edits` as LSP text edits. Edits that touch are merged first, so that widening one over a
/// CRLF can never make it overlap the next.
pub fn text_edits(map: &LineMap, edits: &[Edit]) -> Vec<TextEdit> {
    let mut merged: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match merged.last_mut() {
            Some(last) if last.span.end == edit.span.start => {
                last.span = Span::new(last.span.start, edit.span.end);
                last.replacement.push_str(&edit.replacement);
            }
            _ => merged.push(edit.clone()),
        }
    }
    merged.iter().map(|edit| map.text_edit(edit)).collect()
}

/// The fix-all edits, in offsets of `original`: one per region the fix loop changed, each
/// trimmed to the bytes that differ.
pub fn fix_all(original: &str, fixed: &FixOutcome) -> Vec<Edit> {
    fixed
        .changes
        .as_slice()
        .iter()
        .map(|change| {
            let span = Span::new(
                change.original_start,
                change.original_start + change.original.len(),
            );
            trimmed(
                original,
                span,
                &fixed.text[change.span.start..change.span.end],
            )
        })
        .collect()
}

/// The edit replacing `span` of `text` with `replacement`, less the prefix and suffix they share.
fn trimmed(text: &str, span: Span, replacement: &str) -> Edit {
    let old = &text[span.start..span.end];
    let mut prefix = old
        .bytes()
        .zip(replacement.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !replacement.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let (old_rest, new_rest) = (&old[prefix..], &replacement[prefix..]);
    let mut suffix = old_rest
        .bytes()
        .rev()
        .zip(new_rest.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old_rest.is_char_boundary(old_rest.len() - suffix)
        || !new_rest.is_char_boundary(new_rest.len() - suffix)
    {
        suffix -= 1;
    }
    Edit::replace(
        Span::new(span.start + prefix, span.end - suffix),
        &new_rest[..new_rest.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::position::Encoding;
    use copydesk::FixMode;

    /// Applies `edits` (sorted, in offsets of `text`) to `text`.
    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for edit in edits {
            out.push_str(&text[at..edit.span.start]);
            out.push_str(&edit.replacement);
            at = edit.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn fix_all_edits_cover_only_what_changed() {
        let text = "A quiet  harbour.\nThe crew crew left.\nThe crew crew left.\nEnd. \n";
        let fixed = copydesk::Linter::default().fix(text, FixMode::SafeOnly);
        assert_eq!(fixed.text, "A quiet harbour.\nThe crew left.\nEnd.\n");
        let edits = fix_all(text, &fixed);
        assert_eq!(apply(text, &edits), fixed.text);
        // The double space loses one space, the trailing space goes; nothing else is touched.
        assert_eq!(edits.first(), Some(&Edit::delete(Span::new(8, 9))));
        assert_eq!(edits.last(), Some(&Edit::delete(Span::new(62, 63))));
        assert!(!edits.iter().any(|e| e.span.start < 18 && e.span.end > 9));
    }

    #[test]
    fn trimming_never_cuts_a_character() {
        // "é" is C3 A9 and "©" is C2 A9: they share a last byte, not a character.
        let edit = trimmed("caf\u{e9}\n", Span::new(0, 6), "caf\u{a9}\n");
        assert_eq!(edit, Edit::replace(Span::new(3, 5), "\u{a9}"));
    }

    #[test]
    fn trimming_an_unchanged_region_leaves_an_empty_edit() {
        let edit = trimmed("same\r\ntext", Span::new(0, 10), "same\r\ntext");
        assert_eq!(edit.span.len(), 0);
        assert_eq!(edit.replacement, "");
    }

    #[test]
    fn touching_edits_merge_before_crlf_widening() {
        let text = "one\r\ntwo";
        let map = LineMap::new(text, Encoding::Utf16);
        let edits = [Edit::delete(Span::new(2, 4)), Edit::delete(Span::new(4, 5))];
        let lsp = text_edits(&map, &edits);
        assert_eq!(lsp.len(), 1);
        assert_eq!(
            lsp[0].range,
            lsp_types::Range::new(
                lsp_types::Position::new(0, 2),
                lsp_types::Position::new(1, 0)
            )
        );
        assert_eq!(lsp[0].new_text, "");
    }

    /// Applies LSP `edits` the way an editor does, with an independent position model: every
    /// character boundary gets its (line, column) by walking the text.
    fn apply_as_editor(text: &str, edits: &[TextEdit], encoding: Encoding) -> String {
        let mut offsets = std::collections::HashMap::new();
        let (mut line, mut column) = (0u32, 0u32);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            offsets.insert((line, column), at);
            let crlf = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
            if crlf {
                chars.next();
            }
            if c == '\n' || c == '\r' {
                (line, column) = (line + 1, 0);
            } else {
                column += match encoding {
                    Encoding::Utf8 => c.len_utf8() as u32,
                    Encoding::Utf16 => c.len_utf16() as u32,
                    Encoding::Utf32 => 1,
                };
            }
        }
        offsets.insert((line, column), text.len());
        let offset = |p: lsp_types::Position| offsets[&(p.line, p.character)];
        let mut out = text.to_owned();
        let mut sorted = edits.to_vec();
        sorted.sort_by_key(|edit| std::cmp::Reverse(offset(edit.range.start)));
        for edit in sorted {
            out.replace_range(
                offset(edit.range.start)..offset(edit.range.end),
                &edit.new_text,
            );
        }
        out
    }

    #[test]
    fn lsp_edits_have_the_effect_of_the_fixes() {
        let text = "Harbour \u{1f6a2} lights  dim\r\nThe ferry\u{200b} sails at noon. \r\n\
                    The ferry sails at noon.\r\nThe ferry sails at noon.\r\n\r\n\r\n\r\n\
                    Share\r\nTide tables  follow .\rLone  carriage return\n\u{e9}t\u{e9}  \r\n";
        let linter = copydesk::Linter::default();
        let findings = linter.lint(text);
        assert!(findings.iter().filter(|f| f.fix.is_some()).count() >= 8);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let map = LineMap::new(text, encoding);
            for finding in findings.iter().filter(|f| f.fix.is_some()) {
                let fix = finding.fix.as_ref().unwrap();
                let expected = copydesk::fix::apply_fixes(
                    text,
                    std::slice::from_ref(finding),
                    FixMode::IncludeUnsafe,
                );
                let edits = text_edits(&map, &fix.edits);
                assert_eq!(
                    apply_as_editor(text, &edits, encoding),
                    expected.text,
                    "{} under {encoding:?}",
                    finding.rule
                );
            }
            let fixed = linter.fix(text, FixMode::SafeOnly);
            let edits = text_edits(&map, &fix_all(text, &fixed));
            assert_eq!(apply_as_editor(text, &edits, encoding), fixed.text);
        }
    }

    #[test]
    fn kinds_match_hierarchically() {
        let only = [CodeActionKind::SOURCE];
        assert!(wanted(Some(&only), FIX_ALL));
        assert!(!wanted(Some(&only), "quickfix"));
        assert!(wanted(Some(&[CodeActionKind::new(FIX_ALL)]), FIX_ALL));
        assert!(!wanted(Some(&[CodeActionKind::new("source.fix")]), FIX_ALL));
        assert!(wanted(None, "quickfix"));
    }
}
