//! A progress bar on standard error for long runs of `check`, `fix` and `dedup`: over many files, or
//! over large JSON Lines corpora (counted in bytes). It is drawn only when standard error is a
//! terminal, the run is long enough to want one, and neither `--quiet` nor `--no-progress` is
//! given; piped or redirected, a run prints exactly what it would without it.
//!
//! While a bar is up it is registered here, and everything the run writes to a terminal, the
//! report through [`stdout`] and messages through the console, takes it off the screen first
//! ([`suspended`]), so the two never mix; it is cleared before the summary.

use std::io::{self, IsTerminal, Write};
use std::sync::{Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::args::Common;

/// Runs over fewer files than this finish before a bar would be worth reading.
const MIN_FILES: usize = 100;
/// The same for JSON Lines input, in bytes.
const MIN_BYTES: u64 = 16 << 20;

/// The bar on screen, if any.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A bar, or nothing when none is wanted.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar counting `total` files.
    pub fn files(total: usize, common: &Common) -> Self {
        Self::new(
            total as u64,
            total >= MIN_FILES,
            common,
            "{bar:40} {pos}/{len} files  {elapsed}",
        )
    }

    /// A bar counting `total` bytes of records.
    pub fn bytes(total: u64, common: &Common) -> Self {
        Self::new(
            total,
            total >= MIN_BYTES,
            common,
            "{bar:40} {bytes}/{total_bytes}  {elapsed}",
        )
    }

    /// A bar counting `total` documents, for `dedup`.
    pub fn documents(total: u64, quiet: bool, no_progress: bool) -> Self {
        Self::with_flags(
            total,
            total >= MIN_FILES as u64 && !quiet && !no_progress,
            "{bar:40} {pos}/{len} documents  {elapsed}",
        )
    }

    /// A bar counting `total` bytes of JSON Lines records, for `dedup`.
    pub fn record_bytes(total: u64, quiet: bool, no_progress: bool) -> Self {
        Self::with_flags(
            total,
            total >= MIN_BYTES && !quiet && !no_progress,
            "{bar:40} {bytes}/{total_bytes}  {elapsed}",
        )
    }

    fn new(total: u64, long: bool, common: &Common, template: &str) -> Self {
        Self::with_flags(
            total,
            long && !common.quiet && !common.no_progress,
            template,
        )
    }

    fn with_flags(total: u64, wanted: bool, template: &str) -> Self {
        let wanted = wanted && io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
                .with_style(style)
        });
        *active() = bar.clone();
        Self { bar }
    }

    pub fn advance(&self, by: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(by);
        }
    }

    /// Clears the bar, before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            active().take();
            bar.finish_and_clear();
        }
    }
}

fn active() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `write`, which writes to a terminal, with the bar (if one is up) off the screen.
pub fn suspended<R>(write: impl FnOnce() -> R) -> R {
    let bar = active().clone();
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Standard output, taking the bar off the screen for each write; wrap it in a `BufWriter`.
pub fn stdout() -> Stdout {
    Stdout {
        terminal: io::stdout().is_terminal(),
    }
}

pub struct Stdout {
    /// Only a terminal can share the screen with the bar.
    terminal: bool,
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.terminal {
            suspended(|| io::stdout().lock().write(buf))
        } else {
            io::stdout().lock().write(buf)
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.terminal {
            suspended(|| io::stdout().lock().write_all(buf))
        } else {
            io::stdout().lock().write_all(buf)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().lock().flush()
    }
}
