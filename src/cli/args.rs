//! The command line as clap reads it: commands, flags and their help, nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use copydesk::settings::FailOn;

/// Finds and fixes the damage scraping leaves in news text.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: `auto` colours a terminal unless NO_COLOR is set
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, directories or standard input
    Check(CheckArgs),
    /// Apply fixes in place (safe ones unless --unsafe-fixes)
    Fix(FixArgs),
    /// List every rule: name, category, default severity, fix, summary
    Rules(RulesArgs),
    /// Show a rule's documentation
    Explain(ExplainArgs),
    /// Run the language server on standard input and output, for editors
    Lsp(LspArgs),
    /// Find exact and near-duplicate documents across files or JSON Lines records
    Dedup(DedupArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input [default: standard input when
    /// piped, else the current directory]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub common: Common,

    /// Report only findings not recorded in this baseline file, and say how many of its entries
    /// no longer match; the exit code follows the findings reported
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record every finding in this baseline file (fingerprints that survive edits elsewhere
    /// in a file), print none, and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories to fix; `-` reads standard input and writes the fixed text to
    /// standard output
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also apply fixes that may change meaning
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of the fixes instead of writing them
    #[arg(long)]
    pub diff: bool,

    #[command(flatten)]
    pub common: Common,
}

/// Options `check` and `fix` share.
#[derive(Debug, Args)]
pub struct Common {
    /// Configuration file [default: copydesk.toml or .copydesk.toml in the current directory or
    /// the nearest parent]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Lay the configuration's `[profile.NAME]` settings over its top-level ones
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Rules, categories or `all` to run, replacing every selection in the configuration
    /// (`[[per-path]]` ones too)
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Rules or categories to skip, replacing the configuration's top-level list
    /// (`[[per-path]]` ignores still apply)
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,

    /// Output format. `human` is the default on a terminal and in a pipe alike (as in ruff):
    /// scripts should ask for `concise`, `json`, `jsonl`, `sarif` or `github` by name
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Lowest severity that makes the run fail (exit 1) [default: from the configuration, else
    /// warning]
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOnArg>,

    /// Exit 0 even when findings remain (errors still exit 2)
    #[arg(long)]
    pub exit_zero: bool,

    /// Print findings and errors only: no summary, no notes
    #[arg(long, short)]
    pub quiet: bool,

    /// Never draw a progress bar (one is drawn on a terminal's standard error for long runs)
    #[arg(long)]
    pub no_progress: bool,

    /// Print the number of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Threads for walking and linting [default: one per CPU]
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,

    /// The name standard input goes by in output
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Skip files named on the command line that the configuration's `exclude` matches, as a
    /// walk would (for pre-commit and editors, which name the files themselves)
    #[arg(long)]
    pub force_exclude: bool,

    /// What the inputs hold: `text` documents, or `jsonl` (JSON Lines) records, one JSON
    /// object per line, whose `--text-field` is checked. With `jsonl`, a directory walk picks up
    /// `*.jsonl` and `*.ndjson` files unless `include` is configured
    #[arg(long, value_enum, value_name = "KIND", default_value_t = InputKind::Text)]
    pub input: InputKind,

    /// With `--input jsonl`: the field holding each record's text [default: text]
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,

    /// With `--input jsonl`: the field that names each record in output (a string or number)
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule name, as `copydesk rules` lists it
    pub rule: String,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Configuration file for every document [default: copydesk.toml or .copydesk.toml in the
    /// document's directory or the nearest parent]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Apply the configuration's `[profile.NAME]` table to every document
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Accepted and ignored: standard input and output is the only transport, and editor
    /// clients often pass this flag
    #[arg(long, hide = true)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Jsonl,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    Text,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(value: FailOnArg) -> Self {
        match value {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Files or directories to compare, walked as `check` walks them [default: the current
    /// directory]. Each file is one document; with `--input jsonl`, each record is
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Configuration file for the walk's `include` and `exclude` [default: copydesk.toml or
    /// .copydesk.toml in the current directory or the nearest parent]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// What the inputs hold: `text` documents, or `jsonl` (JSON Lines) records whose
    /// `--text-field` is a document. With `jsonl`, a directory walk picks up `*.jsonl` and
    /// `*.ndjson` files unless `include` is configured
    #[arg(long, value_enum, value_name = "KIND", default_value_t = InputKind::Text)]
    pub input: InputKind,

    /// With `--input jsonl`: the field holding each record's text [default: text]
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,

    /// With `--input jsonl`: the field that names each record (a string or number) [default:
    /// the file and line]
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<String>,

    /// Jaccard similarity of word shingles from which two documents are near duplicates
    #[arg(long, value_name = "J", default_value_t = 0.8)]
    pub threshold: f64,

    /// MinHash permutations per document
    #[arg(long, value_name = "N", default_value_t = 128)]
    pub permutations: usize,

    /// Words per shingle
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub shingle_words: usize,

    /// LSH bands [default: chosen for the threshold and permutations; 16 bands of 8 rows for
    /// 0.8 and 128]
    #[arg(long, value_name = "B", requires = "rows")]
    pub bands: Option<usize>,

    /// Rows (permutations) per LSH band; with --bands
    #[arg(long, value_name = "R", requires = "bands")]
    pub rows: Option<usize>,

    /// Output format: `human`, `json` (one array of clusters), `jsonl` (one cluster per line)
    /// or `csv` (one row per document of a cluster)
    #[arg(long, value_enum, default_value_t = DedupFormat::Human)]
    pub format: DedupFormat,

    /// Which document of each cluster to keep: the `first` in input order, the `longest` or
    /// the `shortest` (ties go to the first)
    #[arg(long, value_enum, default_value_t = Keep::First)]
    pub keep: Keep,

    /// Print only the documents a user could drop, one per line, keeping one per cluster by
    /// --keep. Nothing is ever deleted
    #[arg(long)]
    pub list_drop: bool,

    /// Write each document's id and LSH band hashes as JSON Lines to FILE, for bucketing a
    /// corpus too large for one machine in Spark, Dask or DuckDB
    #[arg(long, value_name = "FILE")]
    pub emit_signatures: Option<PathBuf>,

    /// Exit 0 even when duplicates are found (errors still exit 2)
    #[arg(long)]
    pub exit_zero: bool,

    /// Print clusters and errors only: no summary, no notes
    #[arg(long, short)]
    pub quiet: bool,

    /// Never draw a progress bar (one is drawn on a terminal's standard error for long runs)
    #[arg(long)]
    pub no_progress: bool,

    /// Threads for walking, sketching and verifying [default: one per CPU]
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DedupFormat {
    Human,
    Json,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Keep {
    First,
    Longest,
    Shortest,
}
