//! Engine benchmarks (divan): `Linter::lint` and `Linter::fix` on an article-sized document and
//! on a ~5 MB one, the shared document model alone, and the lint throughput of every rule on its
//! own, all reported in bytes per second.
//!
//! Input is real prose from the BBC news corpus (`../shared/corpora/bbc-news` next to the
//! repository, or the folder named by `COPYDESK_BENCH_CORPUS`) with scraped-page debris injected
//! at a realistic rate: a caption printed twice, `TT` and share-count lines, the headline block
//! rendered again, no-break spaces, trailing spaces, now and then a stray marker or a mojibake
//! apostrophe. Without the corpus a seeded generator writes article-shaped text instead, so the
//! benchmarks build and run offline with nothing but this file.
//!
//! `cargo bench --bench engine` runs everything; `cargo bench --bench engine -- rule` only the
//! per-rule table; add `--sample-count 3` for a quick pass.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use copydesk::settings::{Options, Settings};
use copydesk::{Document, FixMode, Linter};
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    let inputs = inputs();
    eprintln!(
        "input: {} (article {} bytes, large {} bytes)",
        inputs.source,
        inputs.article.len(),
        inputs.large.len()
    );
    divan::main();
}

const LARGE_BYTES: usize = 5 * 1024 * 1024;

struct Inputs {
    source: &'static str,
    article: String,
    large: String,
}

fn inputs() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let articles = corpus_dir()
            .map(|dir| read_articles(&dir))
            .filter(|articles| !articles.is_empty());
        let (source, articles) = match articles {
            Some(articles) => ("bbc-news corpus with injected debris", articles),
            None => (
                "generated text with injected debris",
                generate_articles(400),
            ),
        };
        build_inputs(source, &articles)
    })
}

fn default_linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_defaults)
}

#[divan::bench_group]
mod lint {
    use super::*;

    #[divan::bench]
    fn article(bencher: Bencher) {
        let (linter, text) = (default_linter(), &inputs().article);
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| linter.lint(black_box(text)));
    }

    #[divan::bench(sample_count = 20, sample_size = 1)]
    fn large(bencher: Bencher) {
        let (linter, text) = (default_linter(), &inputs().large);
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| linter.lint(black_box(text)));
    }
}

#[divan::bench_group]
mod fix {
    use super::*;

    #[divan::bench]
    fn article(bencher: Bencher) {
        let (linter, text) = (default_linter(), &inputs().article);
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| linter.fix(black_box(text), FixMode::SafeOnly));
    }

    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn large(bencher: Bencher) {
        let (linter, text) = (default_linter(), &inputs().large);
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| linter.fix(black_box(text), FixMode::SafeOnly));
    }
}

/// The shared document model on the large input: what every rule run pays before its own work.
#[divan::bench_group(sample_count = 20, sample_size = 1)]
mod document {
    use super::*;

    #[divan::bench]
    fn lines_and_blocks(bencher: Bencher) {
        let text = &inputs().large;
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| Document::new(black_box(text)));
    }

    #[divan::bench]
    fn with_line_keys(bencher: Bencher) {
        let text = &inputs().large;
        bencher.counter(BytesCount::of_str(text)).bench(|| {
            let doc = Document::new(black_box(text));
            doc.line_keys().len()
        });
    }

    #[divan::bench]
    fn with_sentences(bencher: Bencher) {
        let text = &inputs().large;
        bencher.counter(BytesCount::of_str(text)).bench(|| {
            let doc = Document::new(black_box(text));
            doc.sentences().len()
        });
    }

    #[divan::bench]
    fn with_evidence(bencher: Bencher) {
        let text = &inputs().large;
        bencher.counter(BytesCount::of_str(text)).bench(|| {
            let doc = Document::new(black_box(text));
            doc.evidence().capitalises_nouns()
        });
    }
}

fn rule_names() -> impl Iterator<Item = &'static str> {
    copydesk::registry::all().map(|entry| entry.meta.name)
}

/// Each rule alone on the large input (document model included; see `document` for its share).
#[divan::bench(args = rule_names(), sample_count = 10, sample_size = 1)]
fn rule(bencher: Bencher, name: &str) {
    let options = Options {
        select: Some(vec![name.to_owned()]),
        ..Options::default()
    };
    let linter = Settings::resolve(options, &[])
        .expect("a single built-in rule resolves")
        .linter;
    let text = &inputs().large;
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| linter.lint(black_box(text)));
}

// ---------------------------------------------------------------------------------------------
// Input construction.

fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("COPYDESK_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc-news"),
    };
    dir.is_dir().then_some(dir)
}

/// Every `.txt` file one or two levels below `dir`, in path order, line endings normalised.
fn read_articles(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if let Ok(inner) = std::fs::read_dir(&path) {
                paths.extend(inner.flatten().map(|e| e.path()));
            }
        } else {
            paths.push(path);
        }
    }
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| text.replace("\r\n", "\n"))
        .filter(|text| text.trim().lines().count() > 2)
        .collect()
}

fn build_inputs(source: &'static str, articles: &[String]) -> Inputs {
    let mut rng = Rng(0x00c0_ffee);

    // The article closest to the median length, with the full scraped-page header.
    let mut by_len: Vec<&String> = articles.iter().collect();
    by_len.sort_by_key(|a| a.len());
    let article = scrape(by_len[by_len.len() / 2], &mut rng, true);

    // The large input cycles through the articles; later rounds vary the content words so that
    // rounds do not repeat each other (which would make repetition rules fire on every line).
    let variants = Variants::new(articles);
    let mut large = String::with_capacity(LARGE_BYTES + 64 * 1024);
    'fill: for round in 0.. {
        for text in articles {
            let varied = variants.apply(text, round);
            large.push_str(&scrape(&varied, &mut rng, false));
            large.push('\n');
            if large.len() >= LARGE_BYTES {
                break 'fill;
            }
        }
    }
    Inputs {
        source,
        article,
        large,
    }
}

/// A small seeded PRNG (SplitMix64): deterministic inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Replaces content words (all but the most frequent ones) with other corpus words, keeping
/// case, punctuation and layout, so that round `n` of the corpus reads like different articles
/// of the same shape.
struct Variants {
    keep: std::collections::HashSet<String>,
    vocabulary: Vec<String>,
    index: std::collections::HashMap<String, usize>,
}

impl Variants {
    const KEEP_MOST_FREQUENT: usize = 300;

    fn new(articles: &[String]) -> Self {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for text in articles {
            for word in text.split(|c: char| !c.is_ascii_alphabetic()) {
                if !word.is_empty() {
                    *counts.entry(word.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
        let mut by_count: Vec<(String, usize)> = counts.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let keep = by_count
            .iter()
            .take(Self::KEEP_MOST_FREQUENT)
            .map(|(w, _)| w.clone())
            .collect();
        let mut vocabulary: Vec<String> = by_count
            .into_iter()
            .skip(Self::KEEP_MOST_FREQUENT)
            .map(|(w, _)| w)
            .collect();
        vocabulary.sort();
        let index = vocabulary
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Self {
            keep,
            vocabulary,
            index,
        }
    }

    fn apply(&self, text: &str, round: usize) -> String {
        if round == 0 || self.vocabulary.is_empty() {
            return text.to_owned();
        }
        let shift = round * (self.vocabulary.len() / 7 + 13);
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut rest = text;
        while !rest.is_empty() {
            let word_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            if word_len == 0 {
                let c = rest.chars().next().expect("non-empty");
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let (word, tail) = rest.split_at(word_len);
            rest = tail;
            let lower = word.to_ascii_lowercase();
            match self.index.get(&lower) {
                Some(&i) if !self.keep.contains(&lower) => {
                    let other = &self.vocabulary[(i + shift) % self.vocabulary.len()];
                    push_with_case_of(&mut out, other, word);
                }
                _ => out.push_str(word),
            }
        }
        out
    }
}

fn push_with_case_of(out: &mut String, word: &str, model: &str) {
    let mut model_chars = model.chars();
    let first_upper = model_chars.next().is_some_and(|c| c.is_ascii_uppercase());
    let all_upper = model.len() > 1 && model.chars().all(|c| c.is_ascii_uppercase());
    if all_upper {
        out.push_str(&word.to_ascii_uppercase());
    } else if first_upper {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    } else {
        out.push_str(word);
    }
}

const MARKERS: &[&str] = &[
    "Share",
    "Advertisement",
    "Read more",
    "Share this article",
    "Continue reading the main story",
    "Sign up for our newsletter",
];

/// Renders one article as a scraper leaves it. With `header`, the page header is always the
/// damaged kind: caption printed twice, `TT` and a share count, headline and caption again.
fn scrape(article: &str, rng: &mut Rng, header: bool) -> String {
    let mut lines = article.lines().map(str::trim_end).filter(|l| !l.is_empty());
    let headline = lines.next().unwrap_or_default();
    let paragraphs: Vec<&str> = lines.collect();
    let mut out = String::with_capacity(article.len() + 512);
    out.push_str(headline);
    out.push_str("\n\n");

    if header || rng.chance(0.25) {
        let caption = paragraphs
            .get(1)
            .or(paragraphs.first())
            .map_or("", |p| first_sentence(p));
        for _ in 0..2 {
            out.push_str(caption);
            out.push('\n');
        }
        out.push_str("TT\n");
        out.push_str(&rng.range(2, 60).to_string());
        out.push_str("\n\n");
        out.push_str(headline);
        out.push_str("\n\n");
        for _ in 0..2 {
            out.push_str(caption);
            out.push('\n');
        }
        out.push('\n');
    }

    for paragraph in paragraphs {
        let line = damage_line(paragraph, rng);
        out.push_str(&line);
        out.push('\n');
        if rng.chance(0.02) {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
        if rng.chance(0.03) {
            out.push_str(rng.pick(MARKERS));
            out.push_str("\n\n");
        }
        if rng.chance(0.01) {
            out.push_str("\n\n");
        }
    }
    // One blank line between articles comes from the joiner; none trails an article.
    out.truncate(out.trim_end_matches('\n').len());
    out.push('\n');
    out
}

fn first_sentence(paragraph: &str) -> &str {
    match paragraph.find(". ") {
        Some(end) => &paragraph[..=end],
        None => paragraph,
    }
}

/// Per-paragraph inline damage, each kind at its own low rate.
fn damage_line(paragraph: &str, rng: &mut Rng) -> String {
    let mut line = paragraph.to_owned();
    if rng.chance(0.08) {
        replace_nth_space(&mut line, rng, "\u{a0}");
    }
    if rng.chance(0.02) {
        replace_nth_space(&mut line, rng, "  ");
    }
    if rng.chance(0.01) {
        replace_nth_space(&mut line, rng, " \u{200b}");
    }
    if rng.chance(0.01) {
        if let Some(at) = line.find('\'') {
            line.replace_range(at..=at, "\u{e2}\u{20ac}\u{2122}");
        }
    }
    if rng.chance(0.01) {
        if let Some(at) = line.find(". ") {
            line.replace_range(at..at + 2, ".");
        }
    }
    if rng.chance(0.04) {
        line.push_str(rng.pick(&[" ", "  ", "\u{a0}", "\t"]));
    }
    line
}

fn replace_nth_space(line: &mut String, rng: &mut Rng, with: &str) {
    let spaces: Vec<usize> = line.match_indices(' ').map(|(i, _)| i).collect();
    if !spaces.is_empty() {
        let at = rng.pick(&spaces);
        line.replace_range(at..at + 1, with);
    }
}

// ---------------------------------------------------------------------------------------------
// Fallback generator: article-shaped prose from a small invented vocabulary plus invented names.

const FUNCTION_WORDS: &[&str] = &[
    "the", "the", "the", "a", "of", "to", "in", "and", "that", "for", "on", "with", "as", "at",
    "by", "from", "its", "their", "after", "before", "over", "under", "while", "but", "this",
];
const NOUNS: &[&str] = &[
    "council",
    "harbour",
    "ferry",
    "budget",
    "minister",
    "river",
    "school",
    "market",
    "station",
    "report",
    "bridge",
    "union",
    "hospital",
    "vote",
    "league",
    "season",
    "museum",
    "storm",
    "airport",
    "court",
    "plan",
    "festival",
    "company",
    "village",
    "road",
    "price",
    "match",
    "committee",
    "board",
    "survey",
    "drought",
    "orchestra",
    "factory",
    "coach",
    "election",
];
const VERBS: &[&str] = &[
    "said",
    "opened",
    "closed",
    "announced",
    "rejected",
    "approved",
    "delayed",
    "raised",
    "reported",
    "warned",
    "expected",
    "promised",
    "questioned",
    "reviewed",
    "planned",
    "won",
];
const ADJECTIVES: &[&str] = &[
    "new",
    "local",
    "regional",
    "early",
    "late",
    "annual",
    "small",
    "public",
    "former",
    "final",
    "coastal",
    "northern",
    "southern",
    "second",
    "largest",
    "quiet",
    "busy",
    "temporary",
];
const SYLLABLES: &[&str] = &[
    "bar", "ven", "lo", "mir", "ta", "sen", "dor", "ka", "li", "ros", "mel", "an", "vik", "to",
    "ra", "hel", "gun", "sa", "bri", "nor", "el", "fa", "den", "mo",
];

fn generate_articles(count: usize) -> Vec<String> {
    let mut rng = Rng(0x5eed_0001);
    (0..count).map(|_| generate_article(&mut rng)).collect()
}

fn name(rng: &mut Rng) -> String {
    let mut word = String::new();
    for _ in 0..rng.range(2, 3) {
        word.push_str(rng.pick(SYLLABLES));
    }
    let mut chars = word.chars();
    let first = chars.next().expect("syllables are non-empty");
    format!("{}{}", first.to_ascii_uppercase(), chars.as_str())
}

fn sentence(rng: &mut Rng) -> String {
    let mut words: Vec<String> = Vec::new();
    let len = rng.range(7, 28);
    while words.len() < len {
        let word = match rng.below(10) {
            0..=3 => rng.pick(FUNCTION_WORDS).to_owned(),
            4 | 5 => rng.pick(NOUNS).to_owned(),
            6 => rng.pick(VERBS).to_owned(),
            7 => rng.pick(ADJECTIVES).to_owned(),
            8 => format!("{} {}", name(rng), name(rng)),
            _ => rng.range(2, 2024).to_string(),
        };
        // "the the" is damage, not prose.
        if words
            .last()
            .is_some_and(|last| last.trim_end_matches(',') == word)
        {
            continue;
        }
        words.push(word);
        if words.len() > 4 && rng.chance(0.08) {
            if let Some(last) = words.last_mut() {
                last.push(',');
            }
        }
    }
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text.truncate(text.trim_end_matches(',').len());
    if rng.chance(0.15) {
        format!("\"{text},\" {} {} said.", name(rng), name(rng))
    } else {
        text.push('.');
        text
    }
}

fn generate_article(rng: &mut Rng) -> String {
    let opening = sentence(rng);
    let take = rng.range(4, 9);
    let headline = opening.split(' ').take(take).collect::<Vec<_>>().join(" ");
    let headline = headline.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = format!("{headline}\n\n");
    for _ in 0..rng.range(6, 16) {
        let sentences: Vec<String> = (0..rng.range(1, 4)).map(|_| sentence(rng)).collect();
        out.push_str(&sentences.join(" "));
        out.push_str("\n\n");
    }
    out
}
