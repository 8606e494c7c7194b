//! `cargo xtask bench [--quick]`: benbao against Pagefind on synthetic
//! archives of 1k, 10k and 100k articles (1k only with `--quick`).
//!
//! Here: the data and the sites. For each size, `benbao synth` writes the
//! articles, `benbao ingest --archive` builds benbao's archive (timed: the
//! ingest throughput), and `xtask/bench/pagefind-index.mjs` indexes the
//! same archive with Pagefind's Node API (timed). Each site is served on
//! 127.0.0.1; the measuring in Chromium is `tests/bench.rs`
//! (`benbao-bench`), which prints the table and writes
//! `target/bench/report.json`. Each size's pre-rendered pages are written
//! and timed too (`pages`; alone with `--pages`), a table of their own.
//! A report, not a test gate.

use crate::run::{note, root, run, step};
use crate::setup;
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn bench(quick: bool) -> Result<()> {
    let tools = setup::wasm_tools()?;
    let browser = setup::browser()?;
    let pagefind = setup::pagefind()?;
    let node = crate::run::on_path("node")
        .context("Node.js is needed to run Pagefind's indexer (Debian: apt-get install nodejs)")?;
    // (Each size is kept in target/bench/<n>/.)
    let sizes = sizes_or(if quick {
        &[1_000]
    } else {
        &[1_000, 10_000, 100_000]
    });
    let Tools {
        out,
        benbao,
        dist,
        binary,
    } = tools_for_sizes(&tools)?;
    let (mut plan_sizes, mut page_rows) = (Vec::new(), Vec::new());
    for &n in &sizes {
        plan_sizes.push(prepare(n, &out, &dist, &benbao, &node, &pagefind)?);
        page_rows.push(pages(n, &out.join(n.to_string()), &dist, &binary)?);
    }
    std::fs::write(
        out.join("pages.json"),
        serde_json::to_string_pretty(&page_rows)?,
    )?;

    // Repetitions of each measure (`BENBAO_BENCH_REPS`, 3 by default).
    let reps: u64 = std::env::var("BENBAO_BENCH_REPS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(3);
    let plan = json!({ "reps": reps, "sizes": plan_sizes, "assets": assets(&dist)? });
    let plan_path = out.join("plan.json");
    std::fs::write(&plan_path, serde_json::to_string_pretty(&plan)?)?;

    step("measuring in headless Chromium (benbao-bench)");
    let report = out.join("report.json");
    run(
        Command::new("cargo")
            .current_dir(root())
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "benbao-e2e",
                "--bin",
                "benbao-bench",
                "--",
            ])
            .arg(&plan_path)
            .arg(&report)
            .env("BENBAO_CHROME", &browser.chrome)
            .env("BENBAO_CHROMEDRIVER", &browser.chromedriver),
        "the benchmark stopped: see its message above",
    )?;
    print_assets(&plan["assets"]);
    print_pages(&page_rows);
    note(&format!("report: {}", report.display()));
    Ok(())
}

/// The sizes named by `BENBAO_BENCH_SIZES` (e.g. `1000,10000`), else `default`.
pub fn sizes_or(default: &[usize]) -> Vec<usize> {
    std::env::var("BENBAO_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// What every size's archive and pages are made with.
struct Tools {
    /// `target/bench/`.
    out: PathBuf,
    /// The release `benbao`.
    benbao: PathBuf,
    /// The app, built for `/`, in `out/dist`.
    dist: PathBuf,
    /// The optimised pre-renderer.
    binary: PathBuf,
}

fn tools_for_sizes(wasm: &setup::WasmTools) -> Result<Tools> {
    let out = root().join("target").join("bench");
    std::fs::create_dir_all(&out)?;
    let benbao = release_cli()?;
    let dist = out.join("dist");
    crate::tasks::build_dist(wasm, "/", &dist)?;
    let binary = crate::tasks::prerender_binary(true)?;
    Ok(Tools {
        out,
        benbao,
        dist,
        binary,
    })
}

/// Builds the release `benbao` and says where it is.
fn release_cli() -> Result<PathBuf> {
    step("benbao CLI (release)");
    run(
        Command::new("cargo").current_dir(root()).args([
            "build",
            "--release",
            "--quiet",
            "--package",
            "benbao-cli",
        ]),
        "the CLI did not build: see the compiler message above",
    )?;
    Ok(crate::run::target_dir().join("release").join("benbao"))
}

/// What `benbao ingest --timings` reports of its steps.
struct IngestSteps {
    gazetteer_ms: f64,
    tag_mb_s: f64,
}

/// `benbao ingest INPUT --archive OUT --home 330000 --timings`, its step timings read from its last line.
fn ingest(benbao: &Path, input: &Path, archive: &Path) -> Result<IngestSteps> {
    let output = Command::new(benbao)
        .arg("ingest")
        .arg(input)
        .arg("--archive")
        .arg(archive)
        .args(["--home", "330000", "--timings"])
        .output()
        .context("cannot run benbao ingest")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        anyhow::bail!("benbao ingest failed:\n{stderr}");
    }
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("timings: "))
        .context("benbao ingest --timings printed no timings line")?;
    // "gazetteer 52 ms, read 0.30 s, tag 1.50 s (48.9 MB of text, 32.6 MB/s), write 9.10 s"
    let number_before = |unit: &str| -> Option<f64> {
        let end = line.find(unit)?;
        line[..end]
            .trim_end()
            .rsplit([' ', '('])
            .next()?
            .parse()
            .ok()
    };
    Ok(IngestSteps {
        gazetteer_ms: number_before(" ms").context("no gazetteer time in the timings")?,
        tag_mb_s: number_before(" MB/s").context("no tagging throughput in the timings")?,
    })
}

/// `cargo xtask bench --ingest`: only the editor's side, no browser: each
/// size synthesized once, then ingested `reps` times; medians printed.
pub fn bench_ingest(sizes: &[usize], reps: usize) -> Result<()> {
    let benbao = release_cli()?;
    let out = root().join("target").join("bench-ingest");
    println!("\n| articles | input (MB) | ingest in all (s) | ingest (MB/s) | tagging (MB/s of text) | gazetteer load (ms) |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for &n in sizes {
        let synth = out.join(n.to_string());
        let input = synth.join("articles.ndjson");
        if !input.is_file() {
            run(
                Command::new(&benbao)
                    .args(["synth", "--articles", &n.to_string(), "--out"])
                    .arg(&synth),
                "benbao synth failed: see its message above",
            )?;
        }
        let bytes = input.metadata()?.len() as f64;
        let (mut all, mut tag, mut load) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..reps {
            let t = Instant::now();
            let steps = ingest(&benbao, &input, &synth.join("archive"))?;
            all.push(t.elapsed().as_secs_f64());
            tag.push(steps.tag_mb_s);
            load.push(steps.gazetteer_ms);
        }
        let med = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let s = med(&mut all);
        println!(
            "| {n} | {:.1} | {s:.1} | {:.1} | {:.1} | {:.0} |",
            bytes / 1e6,
            bytes / 1e6 / s,
            med(&mut tag),
            med(&mut load)
        );
    }
    Ok(())
}

/// One size's archive, benbao site and Pagefind site; reused when already
/// built for this size and format (delete target/bench/<n>/ to rebuild).
fn prepare(
    n: usize,
    out: &Path,
    dist: &Path,
    benbao: &Path,
    node: &Path,
    pagefind: &Path,
) -> Result<Value> {
    let dir = out.join(n.to_string());
    let archive = dir.join("archive");
    let benbao_timing = benbao_archive(n, &dir, benbao)?;
    let pagefind_path = dir.join("pagefind.json");
    let pagefind_timing: Value = match read_json(&pagefind_path) {
        Some(t) => {
            step(&format!(
                "{n} articles: reusing Pagefind's index (or its failure) in {}",
                dir.display()
            ));
            t
        }
        None => {
            step(&format!("{n} articles: index (Pagefind)"));
            let t = Instant::now();
            // Pagefind failing (its indexer has, at 100k articles) is a
            // result to report, not the end of the run.
            let indexed = run(
                Command::new(node)
                    .arg(
                        root()
                            .join("xtask")
                            .join("bench")
                            .join("pagefind-index.mjs"),
                    )
                    .arg(pagefind)
                    .arg(&archive)
                    .arg(dir.join("pagefind")),
                "Pagefind's indexer failed: see its message above",
            );
            let timing = json!({
                "pagefind_build_s": t.elapsed().as_secs_f64(),
                "pagefind_error": indexed.err().map(|e| format!("{e:#}")),
                "pagefind_bytes": dir_size(&dir.join("pagefind")),
            });
            std::fs::write(&pagefind_path, serde_json::to_string_pretty(&timing)?)?;
            timing
        }
    };
    let mut timing = benbao_timing;
    if let (Value::Object(t), Value::Object(p)) = (&mut timing, pagefind_timing) {
        t.extend(p);
    }

    // benbao's site: the built app reading the archive.
    let site = dir.join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    for file in crate::dist::walk(dist) {
        let rel = file.strip_prefix(dist).expect("walked from dist");
        // Not the default edition's archive: the benchmark's takes its place.
        // Nor its pre-rendered pages and feed.
        if rel.starts_with("data/archive")
            || rel.starts_with("a")
            || rel.starts_with("r")
            || rel.starts_with("t")
            || matches!(
                rel.to_str(),
                Some("feed.xml" | "sitemap.xml" | "robots.txt")
            )
        {
            continue;
        }
        let target = site.join(rel);
        std::fs::create_dir_all(target.parent().expect("a folder"))?;
        // The app's plain page, not the default edition's pre-rendered home.
        let file = if rel == Path::new("index.html") {
            dist.join("404.html")
        } else {
            file
        };
        std::fs::copy(&file, &target)?;
    }
    let data = site.join("data").join("archive");
    // A link, not a copy: the archive of 100k articles is most of a gigabyte.
    link_dir(&archive, &data)?;
    precompress(&site)?;

    // Pagefind's site: its index and a page that lists and searches like benbao's.
    let pf_site = dir.join("pagefind-site");
    std::fs::create_dir_all(&pf_site)?;
    std::fs::copy(
        root().join("xtask").join("bench").join("pagefind.html"),
        pf_site.join("index.html"),
    )?;
    let pf_link = pf_site.join("pagefind");
    if !pf_link.exists() && dir.join("pagefind").join("pagefind.js").is_file() {
        link_dir(&dir.join("pagefind"), &pf_link)?;
    }

    precompress(&pf_site)?;

    let mut size =
        json!({ "articles": n, "archive": archive, "site": site, "pagefind_site": pf_site });
    if let (Value::Object(s), Value::Object(t)) = (&mut size, timing) {
        s.extend(t);
    }
    Ok(size)
}

/// Size `n`'s benbao archive in `dir/archive` (synthesized and ingested,
/// timed), or the one already there, with its timings.
fn benbao_archive(n: usize, dir: &Path, benbao: &Path) -> Result<Value> {
    let archive = dir.join("archive");
    // Each half is kept once done, so that a failed or stopped run resumes.
    let benbao_path = dir.join("benbao.json");
    // An archive of an older format (or shape, or made before the
    // synthetic articles had editions) is made again.
    let current = read_json(&archive.join("manifest.json"))
        .and_then(|m| serde_json::from_value::<benbao_core::archive::Manifest>(m).ok())
        .is_some_and(|m| m.version == benbao_core::archive::VERSION && m.editions.is_some());
    Ok(match read_json(&benbao_path) {
        Some(t) if current => {
            step(&format!("{n} articles: reusing {}", archive.display()));
            t
        }
        _ => {
            step(&format!("{n} articles: synthesize, ingest (benbao)"));
            std::fs::create_dir_all(dir)?;
            let synth = dir.join("synth");
            let input = synth.join("articles.ndjson");
            // The synthetic articles are the same every time: made once
            // (again when made before they had named pages).
            let named_pages = std::fs::File::open(&input).is_ok_and(|f| {
                use std::io::BufRead;
                let mut first = String::new();
                std::io::BufReader::new(f).read_line(&mut first).is_ok()
                    && first.contains("\"page_name\"")
            });
            if !named_pages {
                run(
                    Command::new(benbao)
                        .arg("synth")
                        .arg("--articles")
                        .arg(n.to_string())
                        .arg("--out")
                        .arg(&synth),
                    "benbao synth failed: see its message above",
                )?;
            }
            let input_bytes = input.metadata()?.len();
            let t = Instant::now();
            let steps = ingest(benbao, &input, &archive)?;
            let ingest_s = t.elapsed().as_secs_f64();
            let timing = json!({
                "input_bytes": input_bytes,
                "ingest_s": ingest_s,
                "ingest_mb_s": input_bytes as f64 / 1e6 / ingest_s,
                "gazetteer_ms": steps.gazetteer_ms,
                "tag_mb_s": steps.tag_mb_s,
                "archive_bytes": dir_size(&archive),
            });
            std::fs::write(&benbao_path, serde_json::to_string_pretty(&timing)?)?;
            timing
        }
    })
}

/// Writes size `n`'s pre-rendered pages (`cargo xtask build`'s last step,
/// with the same optimised pre-renderer, timed alone) into `dir/pages`,
/// beside the app's page `dist/404.html` and a link to its archive.
fn pages(n: usize, dir: &Path, dist: &Path, binary: &Path) -> Result<Value> {
    step(&format!("{n} articles: pre-rendering the pages"));
    let site = dir.join("pages");
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    std::fs::create_dir_all(site.join("data"))?;
    std::fs::copy(dist.join("404.html"), site.join("404.html"))?;
    link_dir(&dir.join("archive"), &site.join("data").join("archive"))?;
    let t = Instant::now();
    run(
        crate::tasks::prerender_command(binary, &site, "/")
            .args(["--site-url", "https://bench.example/"]),
        "the pre-renderer failed: see its message above",
    )?;
    let seconds = t.elapsed().as_secs_f64();
    // What it wrote: every file but the template and the archive's (a link).
    let (mut files, mut bytes, mut disk) = (0u64, 0u64, 0u64);
    for entry in walkdir_no_links(&site) {
        let meta = entry.symlink_metadata()?;
        files += 1;
        bytes += meta.len();
        disk += allocated(&meta);
    }
    let template = site.join("404.html").metadata()?;
    files -= 1;
    bytes -= template.len();
    disk -= allocated(&template);
    Ok(json!({
        "articles": n,
        "pages_s": seconds,
        "pages_files": files,
        "pages_bytes": bytes,
        "pages_disk_bytes": disk,
    }))
}

/// The files under `dir`, not following links.
fn walkdir_no_links(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            out.extend(walkdir_no_links(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

/// The bytes a file takes on disk (whole blocks).
fn allocated(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.blocks() * 512
    }
    #[cfg(not(unix))]
    {
        meta.len()
    }
}

/// The table of [`pages`] timings.
fn print_pages(rows: &[Value]) {
    println!("\n| articles | pages written in (s) | files | MB (bytes) | MB on disk |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let mb = |k: &str| r[k].as_f64().unwrap_or(0.0) / 1e6;
        println!(
            "| {} | {:.1} | {} | {:.0} | {:.0} |",
            r["articles"],
            r["pages_s"].as_f64().unwrap_or(0.0),
            r["pages_files"],
            mb("pages_bytes"),
            mb("pages_disk_bytes")
        );
    }
}

/// `cargo xtask bench --pages`: only the pre-rendered pages of each
/// size's archive, no browser (the archives are made as for the bench).
pub fn bench_pages(sizes: &[usize]) -> Result<()> {
    let Tools {
        out,
        benbao,
        dist,
        binary,
    } = tools_for_sizes(&setup::wasm_tools()?)?;
    let mut rows = Vec::new();
    for &n in sizes {
        let dir = out.join(n.to_string());
        benbao_archive(n, &dir, &benbao)?;
        rows.push(pages(n, &dir, &dist, &binary)?);
    }
    print_pages(&rows);
    std::fs::write(out.join("pages.json"), serde_json::to_string_pretty(&rows)?)?;
    Ok(())
}

/// Writes `FILE.gz` beside each file of `dir` that has no fresh one, as
/// a CDN or nginx's `gzip_static` keeps them: the server then sends those
/// as they are, and neither tool's timings include compressing on the fly.
fn precompress(dir: &Path) -> Result<()> {
    use std::io::Write;
    let fresh = |file: &Path, gz: &Path| {
        let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
        matches!((modified(gz), modified(file)), (Some(g), Some(f)) if g >= f)
    };
    let todo: Vec<(PathBuf, PathBuf)> = crate::dist::walk(dir)
        .into_iter()
        .filter(|f| benbao_serve::compressible(f))
        .map(|f| {
            let mut gz = f.as_os_str().to_owned();
            gz.push(".gz");
            (f, PathBuf::from(gz))
        })
        .filter(|(f, gz)| !fresh(f, gz))
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    step(&format!(
        "gzipping {} files in {}",
        todo.len(),
        dir.display()
    ));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        let workers: Vec<_> = todo
            .chunks(todo.len().div_ceil(threads))
            .map(|part| {
                s.spawn(move || -> Result<()> {
                    for (file, gz) in part {
                        let bytes = std::fs::read(file)
                            .with_context(|| format!("reading {}", file.display()))?;
                        let mut enc =
                            flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                        enc.write_all(&bytes)?;
                        std::fs::write(gz, enc.finish()?)
                            .with_context(|| format!("writing {}", gz.display()))?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a gzip worker panicked")))
        })
    })
}

#[cfg(unix)]
fn link_dir(from: &Path, to: &Path) -> Result<()> {
    let from = from.canonicalize()?;
    std::fs::create_dir_all(to.parent().expect("a folder"))?;
    std::os::unix::fs::symlink(&from, to)
        .with_context(|| format!("linking {} to {}", to.display(), from.display()))
}

#[cfg(not(unix))]
fn link_dir(from: &Path, to: &Path) -> Result<()> {
    for file in crate::dist::walk(from) {
        let target = to.join(file.strip_prefix(from).expect("walked"));
        std::fs::create_dir_all(target.parent().expect("a folder"))?;
        std::fs::copy(&file, &target)?;
    }
    Ok(())
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn dir_size(dir: &Path) -> u64 {
    crate::dist::walk(dir)
        .iter()
        .map(|p| p.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// The app's own files (wasm, JavaScript, CSS): raw, gzip and brotli bytes.
fn assets(dist: &Path) -> Result<Value> {
    let mut out = serde_json::Map::new();
    // The main wasm apart from the split files (fetched once the first page is shown).
    for (kind, ext) in [
        ("wasm", "wasm"),
        ("split wasm", "wasm"),
        ("js", "js"),
        ("css", "css"),
    ] {
        let files: Vec<PathBuf> = crate::dist::walk(dist)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == ext) && !p.ends_with("sw.js"))
            .filter(|p| ext != "wasm" || crate::split::is_split_file(p) == (kind == "split wasm"))
            .collect();
        let (mut raw, mut gz, mut br) = (0, 0, 0);
        for f in &files {
            let bytes = std::fs::read(f)?;
            raw += bytes.len();
            gz += benbao_serve::gzipped(&bytes).len();
            br += brotli_len(&bytes)?;
        }
        out.insert(kind.into(), json!({ "raw": raw, "gzip": gz, "brotli": br }));
    }
    Ok(Value::Object(out))
}

pub fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params)?;
    Ok(compressed.len())
}

fn print_assets(assets: &Value) {
    println!("\nthe app's files (bytes):      raw      gzip    brotli");
    for kind in ["wasm", "split wasm", "js", "css"] {
        let a = &assets[kind];
        println!(
            "  {kind:<22} {:>9} {:>9} {:>9}",
            a["raw"], a["gzip"], a["brotli"]
        );
    }
}
