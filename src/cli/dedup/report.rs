//! What `dedup` prints: the clusters as a person reads them (`human`, with a short word diff for
//! a near duplicate), as JSON, JSON Lines or CSV for scripts, or only the documents that could
//! be dropped (`--list-drop`), keeping one per cluster by `--keep`.

use std::io::{self, Write};

use serde::Serialize;

use copydesk::corpus::dedup::{Cluster, Index};
use copydesk::corpus::diff::word_diff;
use copydesk::records::Fields;

use super::super::args::{DedupFormat, Keep};
use super::super::plural;
use super::source::Docs;

pub struct Report<'a> {
    pub docs: &'a Docs,
    pub index: &'a Index,
    pub clusters: &'a [Cluster],
    pub keep: Keep,
    pub fields: Option<&'a Fields>,
}

/// A member of a cluster as output shows it.
#[derive(Debug, Serialize)]
struct Member {
    id: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    bytes: u64,
    keep: bool,
    /// Jaccard similarity to the kept document, when it was computed.
    similarity: Option<f64>,
    /// An exact copy of the kept document (same folded text).
    exact: bool,
}

#[derive(Debug, Serialize)]
struct PairOut {
    a: String,
    b: String,
    similarity: f64,
    estimate: f64,
    exact: bool,
}

#[derive(Debug, Serialize)]
struct ClusterOut {
    cluster: usize,
    /// `exact` when every member has the same folded text, else `near`.
    kind: &'static str,
    size: usize,
    keep: String,
    members: Vec<Member>,
    pairs: Vec<PairOut>,
}

impl Report<'_> {
    /// The member `--keep` keeps.
    fn kept(&self, cluster: &Cluster) -> u32 {
        let size = |doc: &&u32| self.docs.sizes[**doc as usize];
        let first = cluster.members[0];
        match self.keep {
            Keep::First => first,
            // `max_by_key` keeps the last of equals, so compare in reverse for the first.
            Keep::Longest => cluster
                .members
                .iter()
                .rev()
                .max_by_key(size)
                .copied()
                .unwrap_or(first),
            Keep::Shortest => cluster
                .members
                .iter()
                .min_by_key(size)
                .copied()
                .unwrap_or(first),
        }
    }

    fn view(&self, number: usize, cluster: &Cluster) -> ClusterOut {
        let kept = self.kept(cluster);
        let members = cluster
            .members
            .iter()
            .map(|&doc| Member {
                id: self.docs.id(doc),
                path: self.docs.path(doc),
                line: self.docs.line(doc),
                bytes: self.docs.sizes[doc as usize],
                keep: doc == kept,
                similarity: cluster.similarity(self.index, doc, kept).map(round),
                exact: doc != kept && self.index.same_text(doc, kept),
            })
            .collect();
        let pairs = cluster
            .pairs
            .iter()
            .map(|pair| PairOut {
                a: self.docs.id(pair.a),
                b: self.docs.id(pair.b),
                similarity: round(pair.similarity),
                estimate: round(pair.estimate),
                exact: pair.exact,
            })
            .collect();
        ClusterOut {
            cluster: number,
            kind: if cluster.is_exact() { "exact" } else { "near" },
            size: cluster.members.len(),
            keep: self.docs.id(kept),
            members,
            pairs,
        }
    }

    fn views(&self) -> impl Iterator<Item = ClusterOut> + '_ {
        self.clusters
            .iter()
            .enumerate()
            .map(|(index, cluster)| self.view(index + 1, cluster))
    }

    pub fn write(&self, out: &mut dyn Write, format: DedupFormat) -> io::Result<()> {
        match format {
            DedupFormat::Human => self.human(out),
            DedupFormat::Json => {
                let all: Vec<ClusterOut> = self.views().collect();
                serde_json::to_writer_pretty(&mut *out, &all)?;
                out.write_all(b"\n")
            }
            DedupFormat::Jsonl => self.views().try_for_each(|cluster| {
                serde_json::to_writer(&mut *out, &cluster)?;
                out.write_all(b"\n")
            }),
            DedupFormat::Csv => self.csv(out),
        }
    }

    /// `--list-drop`: every member but the kept one, one per line.
    pub fn list_drop(&self, out: &mut dyn Write) -> io::Result<()> {
        for cluster in self.clusters {
            let kept = self.kept(cluster);
            for &doc in cluster.members.iter().filter(|&&doc| doc != kept) {
                writeln!(out, "{}", self.docs.id(doc))?;
            }
        }
        Ok(())
    }

    fn human(&self, out: &mut dyn Write) -> io::Result<()> {
        for (index, cluster) in self.clusters.iter().enumerate() {
            let view = self.view(index + 1, cluster);
            let copies = view.members.iter().filter(|m| !m.keep && m.exact).count();
            let near = view.members.len() - 1 - copies;
            let mut counts = Vec::new();
            if copies > 0 {
                counts.push(copies_phrase(copies));
            }
            if near > 0 {
                counts.push(plural(near, "near duplicate"));
            }
            writeln!(
                out,
                "cluster {}: {} documents, {}",
                view.cluster,
                view.size,
                counts.join(", ")
            )?;
            let width = view
                .members
                .iter()
                .map(|m| m.id.chars().count())
                .max()
                .unwrap_or(0);
            for member in &view.members {
                let what = match (member.keep, member.exact, member.similarity) {
                    (true, _, _) => String::new(),
                    (false, true, _) => "exact copy".to_owned(),
                    (false, false, Some(similarity)) => {
                        format!("{:.1} % similar", similarity * 100.0)
                    }
                    (false, false, None) => "near duplicate (linked through others)".to_owned(),
                };
                let action = if member.keep { "keep" } else { "drop" };
                let line = format!("  {action}  {:<width$}  {what}", member.id);
                writeln!(out, "{}", line.trim_end())?;
            }
            if let Some(diff) = self.diff(cluster) {
                writeln!(out, "  {diff}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// The word diff from the kept document to its most similar near duplicate, reading both
    /// again.
    fn diff(&self, cluster: &Cluster) -> Option<String> {
        let kept = self.kept(cluster);
        let (other, _) = cluster
            .members
            .iter()
            .filter(|&&doc| !self.index.same_text(doc, kept))
            .filter_map(|&doc| Some((doc, cluster.similarity(self.index, doc, kept)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        let old = self.docs.load(kept, self.fields).ok()?;
        let new = self.docs.load(other, self.fields).ok()?;
        Some(format!(
            "changes from {} to {}: {}",
            self.docs.id(kept),
            self.docs.id(other),
            word_diff(&old, &new)
        ))
    }

    fn csv(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "cluster,kind,id,path,line,bytes,keep,similarity,exact")?;
        for view in self.views() {
            for member in &view.members {
                let fields = [
                    view.cluster.to_string(),
                    view.kind.to_owned(),
                    member.id.clone(),
                    member.path.clone(),
                    member.line.map(|line| line.to_string()).unwrap_or_default(),
                    member.bytes.to_string(),
                    member.keep.to_string(),
                    member
                        .similarity
                        .map(|s| format!("{s:.4}"))
                        .unwrap_or_default(),
                    member.exact.to_string(),
                ];
                let row: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
                writeln!(out, "{}", row.join(","))?;
            }
        }
        Ok(())
    }

    /// `compared 120 documents: 3 clusters (2 exact copies, 4 near duplicates); 6 could be
    /// dropped`.
    pub fn summary(&self) -> String {
        let compared = format!("compared {}", plural(self.docs.sources.len(), "document"));
        if self.clusters.is_empty() {
            return format!("{compared}: no duplicates");
        }
        let (mut copies, mut near) = (0, 0);
        for cluster in self.clusters {
            let kept = self.kept(cluster);
            for &doc in cluster.members.iter().filter(|&&doc| doc != kept) {
                if self.index.same_text(doc, kept) {
                    copies += 1;
                } else {
                    near += 1;
                }
            }
        }
        let mut kinds = Vec::new();
        if copies > 0 {
            kinds.push(copies_phrase(copies));
        }
        if near > 0 {
            kinds.push(plural(near, "near duplicate"));
        }
        format!(
            "{compared}: {} ({}); {} could be dropped",
            plural(self.clusters.len(), "cluster"),
            kinds.join(", "),
            copies + near
        )
    }
}

/// `1 exact copy`, `2 exact copies`.
fn copies_phrase(count: usize) -> String {
    if count == 1 {
        "1 exact copy".to_owned()
    } else {
        format!("{count} exact copies")
    }
}

/// Four decimals are plenty for a similarity.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a.txt"), "a.txt");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
