//! `copydesk dedup` end to end: exact and near duplicates at known similarities, clusters, every
//! output format, `--keep` and `--list-drop`, JSON Lines input, `--emit-signatures`, and bad
//! input (invalid UTF-8, empty documents, malformed and repeated records), which is reported
//! while the run goes on and ends with exit 2.

mod support;

use support::{Run, Sandbox};

use std::collections::HashSet;
use std::fs;

use serde_json::Value;

/// Runs `copydesk dedup` with `args` in the sandbox.
fn dedup(sandbox: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["dedup"];
    all.extend_from_slice(args);
    sandbox.run(&all)
}

/// Invented, deterministic "articles": words drawn from a small vocabulary by a fixed
/// generator, so 5-word shingles rarely repeat between articles.
struct Words(u64);

impl Words {
    const VOCABULARY: &'static [&'static str] = &[
        "harbour", "council", "river", "minister", "storm", "ferry", "market", "school", "rail",
        "budget", "court", "museum", "vote", "bridge", "farm", "wind", "coast", "union", "price",
        "trial", "road", "city", "port", "tax", "report", "rain", "police", "hospital", "energy",
        "water", "airport", "festival", "election", "strike", "housing", "library", "said",
    ];

    fn next(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        Self::VOCABULARY[(self.0 >> 33) as usize % Self::VOCABULARY.len()]
    }

    fn article(&mut self, words: usize) -> Vec<&'static str> {
        (0..words).map(|_| self.next()).collect()
    }
}

/// `base` with the words at `changes` evenly spread places replaced by ones it never uses.
fn edited(base: &[&'static str], changes: usize) -> Vec<String> {
    let mut out: Vec<String> = base.iter().map(|w| (*w).to_owned()).collect();
    for i in 0..changes {
        out[(i * base.len()) / changes + 2] = format!("edit{i}");
    }
    out
}

/// The exact Jaccard similarity of two texts' 5-word shingle sets, computed here independently.
fn jaccard(a: &str, b: &str) -> f64 {
    let shingles = |text: &str| -> HashSet<Vec<String>> {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        words.windows(5).map(<[String]>::to_vec).collect()
    };
    let (a, b) = (shingles(a), shingles(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

/// A corpus of 40 unrelated articles plus, from one base: an exact copy (different spacing),
/// and copies with 2 and 12 words changed (about 0.95 and 0.73 similar).
fn corpus(sandbox: &Sandbox) -> (String, String, String) {
    let mut words = Words(42);
    for i in 0..40 {
        sandbox.write(
            &format!("other/{i:02}.txt"),
            words.article(400).join(" ") + "\n",
        );
    }
    let base = words.article(400);
    let original = base.join(" ") + "\n";
    let near = edited(&base, 2).join(" ") + "\n";
    let far = edited(&base, 12).join(" ") + "\n";
    sandbox.write("a-original.txt", &original);
    sandbox.write("b-copy.txt", base.join("  ") + "\n\n");
    sandbox.write("c-near.txt", &near);
    sandbox.write("d-far.txt", &far);
    (original, near, far)
}

#[test]
fn human_output_lists_each_cluster_with_similarity_and_a_word_diff() {
    let sandbox = Sandbox::new();
    let (original, near, far) = corpus(&sandbox);
    let similarity = jaccard(&original, &near);
    assert!((0.9..0.99).contains(&similarity), "{similarity}");
    assert!(jaccard(&original, &far) < 0.8);

    let run = dedup(&sandbox, &[]);
    assert_eq!(run.code, 1, "{run:?}");
    let expected = format!(
        "cluster 1: 3 documents, 1 exact copy, 1 near duplicate\n\
         \x20 keep  a-original.txt\n\
         \x20 drop  b-copy.txt      exact copy\n\
         \x20 drop  c-near.txt      {:.1} % similar\n",
        similarity * 100.0
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    let diff = run.stdout.lines().nth(4).unwrap();
    assert!(
        diff.starts_with("  changes from a-original.txt to c-near.txt: "),
        "{diff}"
    );
    assert!(
        diff.contains("{+edit0+}") && diff.contains("{+edit1+}"),
        "{diff}"
    );
    assert_eq!(run.stdout.lines().count(), 6);
    assert_eq!(
        run.stderr,
        "compared 44 documents: 1 cluster (1 exact copy, 1 near duplicate); 2 could be dropped\n"
    );
}

#[test]
fn json_reports_exact_similarities_and_estimates_within_tolerance() {
    let sandbox = Sandbox::new();
    let mut words = Words(7);
    let base = words.article(600);
    let original = base.join(" ");
    sandbox.write("base.txt", &original);
    // Known similarities from 0.95 down to 0.82: all above the 0.8 threshold.
    let mut expected = Vec::new();
    for (i, changes) in [3, 6, 10].into_iter().enumerate() {
        let text = edited(&base, changes).join(" ");
        expected.push(jaccard(&original, &text));
        sandbox.write(&format!("edit{i}.txt"), text);
    }
    for i in 0..20 {
        sandbox.write(&format!("z{i:02}.txt"), words.article(600).join(" "));
    }
    let run = dedup(&sandbox, &["--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let clusters: Value = serde_json::from_str(&run.stdout).unwrap();
    let clusters = clusters.as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    let cluster = &clusters[0];
    assert_eq!(cluster["kind"], "near");
    assert_eq!(cluster["size"], 4);
    assert_eq!(cluster["keep"], "base.txt");
    let ids: Vec<&str> = cluster["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["base.txt", "edit0.txt", "edit1.txt", "edit2.txt"]);
    for (i, truth) in expected.iter().enumerate() {
        let member = &cluster["members"][i + 1];
        let reported = member["similarity"].as_f64().unwrap();
        assert!((reported - truth).abs() < 1e-4, "{reported} vs {truth}");
        assert_eq!(member["keep"], false);
        assert_eq!(member["exact"], false);
    }
    // Every pair of a small cluster is compared: 6 pairs of 4 documents.
    let pairs = cluster["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 6);
    for pair in pairs {
        let (similarity, estimate) = (
            pair["similarity"].as_f64().unwrap(),
            pair["estimate"].as_f64().unwrap(),
        );
        // Four standard errors of a 128-permutation estimate.
        let tolerance = 4.0 * (similarity * (1.0 - similarity) / 128.0).sqrt();
        assert!(
            (estimate - similarity).abs() <= tolerance.max(0.02),
            "{pair}"
        );
    }
}

#[test]
fn jsonl_and_csv_formats() {
    let sandbox = Sandbox::new();
    corpus(&sandbox);
    let run = dedup(&sandbox, &["--format", "jsonl"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().count(), 1);
    let cluster: Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(cluster["cluster"], 1);
    assert_eq!(cluster["members"][1]["exact"], true);
    assert_eq!(cluster["members"][1]["similarity"], 1.0);

    let run = dedup(&sandbox, &["--format", "csv", "--keep", "longest"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "cluster,kind,id,path,line,bytes,keep,similarity,exact"
    );
    // The copy with doubled spaces is the longest and is kept.
    let size = fs::metadata(sandbox.path("b-copy.txt")).unwrap().len();
    assert_eq!(
        lines[2],
        format!("1,near,b-copy.txt,b-copy.txt,,{size},true,1.0000,false")
    );
    assert!(
        lines[1].starts_with("1,near,a-original.txt,a-original.txt,,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",false,1.0000,true"), "{}", lines[1]);
    assert!(
        lines[3].starts_with("1,near,c-near.txt,c-near.txt,,"),
        "{}",
        lines[3]
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn list_drop_keeps_one_per_cluster_by_policy() {
    let sandbox = Sandbox::new();
    corpus(&sandbox);
    let drop = |keep: &str| dedup(&sandbox, &["--list-drop", "--keep", keep]).stdout;
    assert_eq!(drop("first"), "b-copy.txt\nc-near.txt\n");
    assert_eq!(drop("longest"), "a-original.txt\nc-near.txt\n");
    let size = |name: &str| fs::metadata(sandbox.path(name)).unwrap().len();
    let members = ["a-original.txt", "b-copy.txt", "c-near.txt"];
    let shortest = members.iter().min_by_key(|name| size(name)).unwrap();
    let expected: String = members
        .iter()
        .filter(|name| *name != shortest)
        .map(|name| format!("{name}\n"))
        .collect();
    assert_eq!(drop("shortest"), expected);
}

#[test]
fn no_duplicates_exits_zero_and_exit_zero_forgives_clusters() {
    let sandbox = Sandbox::new();
    let mut words = Words(3);
    for i in 0..5 {
        sandbox.write(&format!("{i}.txt"), words.article(200).join(" "));
    }
    let run = dedup(&sandbox, &[]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "compared 5 documents: no duplicates\n");

    corpus(&sandbox);
    assert_eq!(dedup(&sandbox, &["--exit-zero", "--quiet"]).code, 0);
}

#[test]
fn json_lines_records_are_documents_named_by_their_id() {
    let sandbox = Sandbox::new();
    let mut words = Words(9);
    let base = words.article(300);
    let record = |id: &str, text: &str| {
        serde_json::json!({"url": id, "body": text, "lang": "en"}).to_string()
    };
    let lines = [
        record("https://example.com/1", &base.join(" ")),
        record("https://example.com/2", &words.article(300).join(" ")),
        "{not json".to_owned(),
        String::new(),
        record("https://example.com/3", &edited(&base, 2).join(" ")),
        record("https://example.com/1", &words.article(300).join(" ")),
        record("https://example.com/5", "  \u{2014}  "),
    ];
    sandbox.write("corpus/part1.jsonl", lines.join("\n") + "\n");
    let run = dedup(
        &sandbox,
        &[
            "--input",
            "jsonl",
            "--text-field",
            "body",
            "--id-field",
            "url",
            "--format",
            "jsonl",
            "corpus",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    let cluster: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(cluster["keep"], "https://example.com/1");
    assert_eq!(cluster["members"][0]["path"], "corpus/part1.jsonl");
    assert_eq!(cluster["members"][0]["line"], 1);
    assert_eq!(cluster["members"][1]["id"], "https://example.com/3");
    assert_eq!(cluster["members"][1]["line"], 5);
    assert_eq!(
        run.stderr,
        "error: corpus/part1.jsonl:3: invalid JSON: key must be a string at column 2\n\
         error: corpus/part1.jsonl:7: empty document (no words), skipped\n\
         error: corpus/part1.jsonl:6: duplicate id `https://example.com/1`, first at \
         corpus/part1.jsonl:1 (both are compared)\n"
    );

    // Without an id field, a record goes by its file and line.
    let run = dedup(
        &sandbox,
        &[
            "--input",
            "jsonl",
            "--text-field",
            "body",
            "--list-drop",
            "corpus",
        ],
    );
    assert_eq!(run.stdout, "corpus/part1.jsonl:5\n");
    assert_eq!(run.code, 2);
}

#[test]
fn bad_files_are_reported_and_the_run_goes_on() {
    let sandbox = Sandbox::new();
    corpus(&sandbox);
    sandbox.write("bad/latin1.txt", b"caf\xe9 au lait\n");
    sandbox.write("bad/empty.txt", "  \n\n");
    sandbox.write("bad/binary.txt", b"GIF89a\0\0\x01");
    let run = dedup(
        &sandbox,
        &[
            "--list-drop",
            "bad",
            "a-original.txt",
            "b-copy.txt",
            "missing.txt",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "b-copy.txt\n");
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert!(
        errors.contains(&"error: missing.txt: no such file or directory"),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"error: bad/latin1.txt: invalid UTF-8 at byte offset 3"),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"error: bad/empty.txt: empty document (no words), skipped"),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"note: bad/binary.txt: skipped, looks binary (NUL byte at offset 6)"),
        "{errors:?}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    let run = dedup(&sandbox, &["--threshold", "1.5"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: the threshold must be above 0 and at most 1, not 1.5\n"
        )
    );
    let run = dedup(&sandbox, &["--bands", "20", "--rows", "8"]);
    assert_eq!(
        run.stderr,
        "error: 20 bands of 8 rows need 160 permutations; there are 128\n"
    );
    let run = dedup(&sandbox, &["-"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read standard input"),
        "{}",
        run.stderr
    );
    let run = dedup(&sandbox, &["--id-field", "url"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: --id-field needs --input jsonl\n")
    );
}

#[test]
fn emitted_signatures_are_stable_band_hashes() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "one.txt",
        "The harbour wall will be rebuilt by spring, the council said on Monday.\n",
    );
    sandbox.write("two.txt", "Rain fell on the coast for a third day.\n");
    let run = dedup(&sandbox, &["--emit-signatures", "bands.jsonl"]);
    assert_eq!(run.code, 0, "{run:?}");
    let written = fs::read_to_string(sandbox.path("bands.jsonl")).unwrap();
    let lines: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "one.txt");
    let bands = lines[0]["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 16);
    assert!(bands.iter().all(|b| b.as_str().unwrap().len() == 16));
    // Computed by an independent implementation of the documented hash (bench/sketch.py);
    // it must never change.
    assert_eq!(bands[0], "ff0c7e1e79095604");
    assert_eq!(bands[15], "07d73f3b9581f36f");
}
