//! `benbao`: the editor's tool. A thin layer of argument parsing, file I/O
//! and messages over `benbao-core`, which holds all the logic.

mod input;
mod ingest;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "benbao", version, about = "Turn raw newspaper page text into a benbao reader bundle.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read page text files and write the bundle the reader loads.
    #[command(after_help = "Examples:\n  \
        benbao ingest content/*.txt --out public/data/bundle.json\n  \
        benbao ingest page1.txt page2.txt --out /tmp/bundle.json\n\n\
        The output is written only when every page reads cleanly, so a bad page never\n\
        replaces a good bundle.")]
    Ingest {
        /// Page text files (UTF-8, one paragraph piece per line, as extracted from the PDF).
        #[arg(required = true, value_name = "PAGE.txt")]
        pages: Vec<PathBuf>,
        /// Where to write the bundle.
        #[arg(long, short, value_name = "BUNDLE.json")]
        out: PathBuf,
    },
    /// Validate a bundle against the contract and say what is wrong and where.
    #[command(after_help = "Example:\n  benbao check public/data/bundle.json")]
    Check {
        #[arg(value_name = "BUNDLE.json")]
        bundle: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<()> = match cli.command {
        Command::Ingest { pages, out } => ingest::run(&pages, &out),
        Command::Check { bundle } => ingest::check(&bundle),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benbao: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
