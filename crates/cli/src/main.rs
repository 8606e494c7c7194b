//! `benbao`: the editor's tool. A thin layer of arguments, file I/O and
//! messages over `benbao-core` (bundle, page parser) and `benbao-tagger`
//! (regions and topics), which hold the logic.

use benbao_cli::input;

mod commands;
mod data;
mod edition;
mod eval;
mod ingest;
mod synth;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "benbao",
    version,
    about = "Turn raw newspaper page text into a benbao reader bundle."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read pages (text, JSON or NDJSON) and write the bundle the reader loads.
    #[command(after_help = "\
Inputs, by file extension:
  .txt             page text as extracted from the PDF (UTF-8, one paragraph piece per line)
  .pdf             a newspaper page PDF with a text layer (read with poppler's pdftotext)
  .json            {\"articles\": [...]} or [...] of articles (title, kicker, subtitle, byline,
                   blocks or text, optional date/paper/page/regions/topics); a bundle works too
  .ndjson, .jsonl  one such article per line
  a folder         an edition as editors keep it: named by its date, a file a page named by its
                   number and name (2018-08-15/01-要闻.txt, 02-综合.pdf …); a page's PDF or image
                   beside its text is published with it. Or a folder of such editions.

Examples:
  benbao ingest content/*.txt --out public/data/bundle.json
  benbao ingest p1.txt p2.txt --paper 浙江工人日报 --date 2018-08-15 --page 3 --out bundle.json
  benbao ingest articles.ndjson --out bundle.json
  benbao ingest papers/ --archive site/data/archive     # papers/2018-08-15/01-要闻.txt …

The bundle is written only when every input reads cleanly (to a temporary
file, then renamed), so a bad page never replaces a good bundle.")]
    Ingest(ingest::Args),
    /// Show how a page is read: its articles, furniture and the rules behind each split.
    #[command(after_help = "\
For each headline-like line, the rules that applied and their sum; a line
starts an article at a sum of 3 or more. With --text, print the page text the
parser reads (for a PDF: the text recovered from its layout).

Examples:
  benbao page content/2018-zhejiang-gonghui-p1.txt
  benbao page page3.pdf --text")]
    Page {
        #[arg(value_name = "PAGE.txt|PAGE.pdf")]
        page: PathBuf,
        /// Print the text the parser reads, nothing else.
        #[arg(long)]
        text: bool,
    },
    /// Validate a bundle against the contract: what is wrong, and where.
    #[command(after_help = "Example:\n  benbao check public/data/bundle.json")]
    Check {
        #[arg(value_name = "BUNDLE.json")]
        bundle: PathBuf,
    },
    /// Measure the tagger on labelled articles: precision and recall per level and topic, every miss.
    #[command(after_help = "\
LABELS.json holds what a person found each article to be about:
  {\"papers\": {\"浙江工人日报\": {\"home\": \"330000\"}},
   \"articles\": [{\"id\": \"a-001\", \"paper\": \"浙江工人日报\", \"headline\": \"…\",
                 \"regions\": [\"330782\"], \"topics\": [\"services\"], \"trap\": false}]}
Inputs are the articles (page text, JSON or NDJSON, as for ingest), matched to
labels by id, else by headline. Each is tagged with its paper's home region.

Example:
  benbao eval devset/labels-b.json devset/cache/b-*.json")]
    Eval {
        #[arg(value_name = "LABELS.json")]
        labels: PathBuf,
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Print only the tables, not every miss and false tag.
        #[arg(long)]
        summary: bool,
        /// Tag every article as if this were its paper's home (e.g. 330000: how
        /// a Zhejiang paper carrying these articles would tag them).
        #[arg(long, value_name = "CODE")]
        home: Option<String>,
        #[arg(long, value_name = "FILE.tsv")]
        gazetteer: Option<PathBuf>,
        #[arg(long, value_name = "FILE.toml")]
        topics: Option<PathBuf>,
    },
    /// Print the gazetteer: every place with code, level, parent, aliases, pinyin.
    #[command(
        after_help = "Examples:\n  benbao regions\n  benbao regions --json | jq '.[] | select(.level == \"county\")'"
    )]
    Regions {
        #[arg(long)]
        json: bool,
        /// Use this gazetteer instead of the built-in national one.
        #[arg(long, value_name = "FILE.tsv")]
        gazetteer: Option<PathBuf>,
    },
    /// Print the topic taxonomy: ids, names, thresholds and keywords.
    Topics {
        #[arg(long)]
        json: bool,
        /// Use this taxonomy instead of the built-in one.
        #[arg(long, value_name = "FILE.toml")]
        topics: Option<PathBuf>,
    },
    /// Print the bundle's JSON Schema (kept in docs/bundle.schema.json).
    Schema,
    /// Write a deterministic synthetic archive (DIR/articles.ndjson) for benchmarks.
    #[command(
        after_help = "Example:\n  benbao synth --articles 100000 --out target/synth-100k\n  benbao ingest target/synth-100k/articles.ndjson --out target/synth-100k/bundle.json"
    )]
    Synth {
        /// How many articles.
        #[arg(long)]
        articles: usize,
        /// Output folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Random seed: same seed, same archive.
        #[arg(long, default_value_t = 2018)]
        seed: u64,
        /// The paper's home region: articles are spread over its counties and towns.
        #[arg(long, value_name = "CODE", default_value = "330000")]
        home: String,
        /// Articles a day, from 2006-01-01 (default: spread over 20 years).
        #[arg(long, value_name = "N")]
        per_day: Option<usize>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => ingest::run(&args),
        Command::Check { bundle } => commands::check(&bundle),
        Command::Page { page, text } => commands::page(&page, text),
        Command::Eval {
            labels,
            inputs,
            summary,
            home,
            gazetteer,
            topics,
        } => eval::run(
            &labels,
            &inputs,
            summary,
            home.as_deref(),
            gazetteer.as_deref(),
            topics.as_deref(),
        ),
        Command::Regions { json, gazetteer } => commands::regions(json, gazetteer.as_deref()),
        Command::Topics { json, topics } => commands::topics(json, topics.as_deref()),
        Command::Schema => commands::schema(),
        Command::Synth {
            articles,
            out,
            seed,
            home,
            per_day,
        } => synth::run(articles, &out, seed, &home, per_day),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benbao: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
