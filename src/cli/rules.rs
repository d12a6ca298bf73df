//! `copydesk rules`: every built-in rule as a table, or as JSON for tools.

use std::io::{self, BufWriter, Write};

use serde::Serialize;

use copydesk::registry;
use copydesk::rule::{Category, FixAvailability};
use copydesk::Severity;

use super::args::{RulesArgs, RulesFormat};
use super::{Failure, Status};

/// One rule as `copydesk rules --format json` lists it.
#[derive(Serialize)]
struct Row {
    name: &'static str,
    category: Category,
    severity: Severity,
    fix: FixAvailability,
    summary: &'static str,
}

pub fn run(args: &RulesArgs) -> Result<Status, Failure> {
    let rows: Vec<Row> = registry::all()
        .map(|entry| Row {
            name: entry.meta.name,
            category: entry.meta.category,
            severity: entry.meta.severity,
            fix: entry.meta.fix,
            summary: entry.meta.summary,
        })
        .collect();
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        RulesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
        RulesFormat::Human => table(&mut out, &rows)?,
    }
    out.flush()?;
    Ok(Status::Clean)
}

fn table(out: &mut impl Write, rows: &[Row]) -> io::Result<()> {
    let header = ["NAME", "CATEGORY", "SEVERITY", "FIX", "SUMMARY"];
    let cells: Vec<[&str; 5]> = rows
        .iter()
        .map(|row| {
            [
                row.name,
                row.category.as_str(),
                row.severity.as_str(),
                row.fix.as_str(),
                row.summary,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  ", width = widths[column]));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
