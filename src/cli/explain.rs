//! `copydesk explain RULE`: a rule's documentation from its metadata, in the fixed order of
//! ruff's rule pages: what it catches, why, examples that fire and stay silent, options, fix.

use std::io::{self, BufWriter, Write};

use copydesk::registry;
use copydesk::rule::RuleMeta;

use super::args::ExplainArgs;
use super::{suggest, Console, Failure, Status};

pub fn run(args: &ExplainArgs, console: &Console) -> Result<Status, Failure> {
    let Some(entry) = registry::find(&args.rule) else {
        return Err(unknown(&args.rule));
    };
    let mut out = BufWriter::new(io::stdout().lock());
    write(&mut out, entry.meta, console)?;
    out.flush()?;
    Ok(Status::Clean)
}

fn unknown(name: &str) -> Failure {
    if registry::category(name).is_some() {
        return Failure::Message(format!(
            "`{name}` is a category, not a rule; `copydesk rules` lists its rules"
        ));
    }
    let names: Vec<&str> = registry::all().map(|entry| entry.meta.name).collect();
    let hint = match suggest(name, &names) {
        Some(close) => format!(" (did you mean `{close}`?)"),
        None => "; `copydesk rules` lists every rule".to_owned(),
    };
    Failure::Message(format!("unknown rule `{name}`{hint}"))
}

fn write(out: &mut impl Write, meta: &RuleMeta, console: &Console) -> io::Result<()> {
    let width = console.width.clamp(40, 100);
    let heading = |out: &mut dyn Write, title: &str| -> io::Result<()> {
        if console.stdout_color {
            writeln!(out, "\n\x1b[1m{title}\x1b[0m")
        } else {
            writeln!(out, "\n{title}")
        }
    };
    if console.stdout_color {
        writeln!(out, "\x1b[1m{}\x1b[0m: {}", meta.name, meta.summary)?;
    } else {
        writeln!(out, "{}: {}", meta.name, meta.summary)?;
    }
    writeln!(
        out,
        "category: {}, default severity: {}, fix: {}",
        meta.category,
        meta.severity,
        meta.fix.as_str()
    )?;

    heading(out, "What it catches")?;
    paragraph(out, meta.docs.what, width)?;
    heading(out, "Why")?;
    paragraph(out, meta.docs.why, width)?;
    heading(out, "Fires on")?;
    examples(out, meta.fires)?;
    heading(out, "Stays silent on")?;
    examples(out, meta.silent)?;
    heading(out, "Options")?;
    if meta.docs.options.trim().is_empty() {
        writeln!(out, "  none")?;
    } else {
        for line in meta.docs.options.lines() {
            writeln!(out, "  {}", line.trim())?;
        }
    }
    heading(out, "Fix")?;
    paragraph(out, meta.docs.fix, width)
}

/// Writes `text` indented by two spaces, wrapped at `width`; blank lines separate paragraphs.
fn paragraph(out: &mut impl Write, text: &str, width: usize) -> io::Result<()> {
    for (index, para) in text.split("\n\n").enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        let mut line = String::from(" ");
        let mut length = 1;
        for word in para.split_whitespace() {
            let chars = word.chars().count();
            if length > 1 && length + 1 + chars > width {
                writeln!(out, "{line}")?;
                line = String::from(" ");
                length = 1;
            }
            line.push(' ');
            line.push_str(word);
            length += 1 + chars;
        }
        if length > 1 {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Each example as a quoted block, with invisible characters spelt out so the reader sees what
/// the rule sees.
fn examples(out: &mut impl Write, documents: &[&str]) -> io::Result<()> {
    for (index, document) in documents.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        for line in document.split_inclusive('\n') {
            let body = visible(line.strip_suffix('\n').unwrap_or(line));
            if body.is_empty() {
                writeln!(out, "  │")?;
            } else {
                writeln!(out, "  │ {body}")?;
            }
        }
    }
    Ok(())
}

/// `line` with control, format and unusual space characters escaped as `\u{..}` (`\t`, `\r`
/// as themselves) and trailing spaces shown as `·`.
fn visible(line: &str) -> String {
    let kept = line.trim_end_matches(' ');
    let mut out = String::with_capacity(line.len());
    for c in kept.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:04x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str(&"·".repeat(line.len() - kept.len()));
    out
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_spelt_out() {
        assert_eq!(
            visible("a\u{a0}b\u{200b}c\r  "),
            "a\\u{00a0}b\\u{200b}c\\r··"
        );
    }
}
