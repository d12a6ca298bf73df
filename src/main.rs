//! The `copydesk` binary: parse the command line, run it, exit 0, 1 or 2.

mod cli;
mod lsp;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let status = cli::run(cli::Cli::parse());
    ExitCode::from(status as u8)
}
