//! The commands: what each does, in order.

use crate::run::{note, root, run, step};
use crate::setup::{self, WasmTools};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const ADDRESS: &str = "127.0.0.1";
const PORT: &str = "8080";

/// Regenerates the default edition's bundle from `content/*.txt`, with the
/// paper's settings in `content/benbao.toml`.
pub fn bundle() -> Result<()> {
    step("default edition: content/*.txt -> public/data/bundle.json");
    let pages = content_pages()?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root())
        .args(["run", "--quiet", "--package", "benbao-cli", "--", "ingest"]);
    cmd.args(&pages).args([
        "--config",
        "content/benbao.toml",
        "--out",
        "public/data/bundle.json",
    ]);
    run(
        &mut cmd,
        "read the benbao error above: it names the page file and line to fix",
    )
}

fn content_pages() -> Result<Vec<PathBuf>> {
    let dir = root().join("content");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.strip_prefix(root()).map(Path::to_path_buf).unwrap_or(p))
        .collect();
    pages.sort();
    if pages.is_empty() {
        anyhow::bail!(
            "no page files (*.txt) in {}: the default edition needs at least one",
            dir.display()
        );
    }
    Ok(pages)
}

fn trunk(tools: &WasmTools, args: &[&str]) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.current_dir(root()).args(args).arg("--offline");
    tools.apply_release(&mut cmd);
    cmd
}

/// What the pre-rendered pages need to know beyond the public URL.
#[derive(Default)]
pub struct Pages<'a> {
    /// The site's absolute address (`--site-url`).
    pub site_url: Option<&'a str>,
    /// Only the newest N articles get pages of their own (`--newest`).
    pub newest: Option<usize>,
}

/// Builds `dist/`; returns the tools it was built with.
pub fn build(public_url: &str, archive: Option<&Path>, pages: Pages) -> Result<WasmTools> {
    let tools = setup::wasm_tools()?;
    bundle()?;
    build_dist_with(&tools, public_url, &root().join("dist"), archive, pages)?;
    Ok(tools)
}

/// The release site for `public_url` into `out`: Trunk, then `dist::finish`.
pub fn build_dist(tools: &WasmTools, public_url: &str, out: &Path) -> Result<()> {
    build_dist_with(tools, public_url, out, None, Pages::default())
}

/// As [`build_dist`], reading the archive `archive` (copied to
/// `data/archive/`) instead of the default bundle.
pub fn build_dist_with(
    tools: &WasmTools,
    public_url: &str,
    out: &Path,
    archive: Option<&Path>,
    pages: Pages,
) -> Result<()> {
    if let Some(dir) = archive {
        if !dir.join("manifest.json").is_file() {
            anyhow::bail!(
                "{} has no manifest.json: make the archive with `benbao ingest FILES --archive {}`",
                dir.display(),
                dir.display()
            );
        }
    }
    let public_url = benbao_serve::normalize_base(public_url);
    step(&format!(
        "building the reader into {} (release, public URL {public_url})",
        out.strip_prefix(root()).unwrap_or(out).display()
    ));
    if tools.route == setup::WasmRoute::Debian {
        note("Debian route: the first build also compiles the wasm standard library");
    }
    // Compile (and fetch what is missing) first: trunk runs cargo `--offline`
    // so that it never downloads tools, and then reuses this build as is.
    let mut cargo = Command::new("cargo");
    cargo.current_dir(root()).args([
        "build",
        "--release",
        "--package",
        "benbao-web",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    tools.apply_release(&mut cargo);
    run(
        &mut cargo,
        "read the compiler message above; `cargo xtask build` again after fixing it",
    )?;
    let out_arg = out.to_string_lossy().into_owned();
    run(
        &mut trunk(
            tools,
            &[
                "build",
                "--release",
                "--public-url",
                &public_url,
                "--dist",
                &out_arg,
            ],
        ),
        "read the trunk message above; `cargo xtask build` again after fixing it",
    )?;
    crate::split::split(tools, out)?;
    let archive_dir = out.join("data").join("archive");
    match archive {
        Some(dir) => {
            step(&format!(
                "copying the archive {} into data/archive/",
                dir.display()
            ));
            copy_dir(dir, &archive_dir)?;
        }
        None => bundle_to_archive(&out.join("data").join("bundle.json"), &archive_dir)?,
    }
    // The reader reads archives only (index.html's <meta name="benbao-data">
    // names data/archive/manifest.json): the bundle is the editor's format.
    let _ = std::fs::remove_file(out.join("data").join("bundle.json"));
    crate::dist::finish(out, &public_url)?;
    prerender(out, &public_url, &pages)?;
    let mut files: Vec<(String, u64)> = crate::dist::walk(out)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(out).unwrap_or(&p).display().to_string(),
                p.metadata().map_or(0, |m| m.len()),
            )
        })
        .collect();
    files.sort();
    for (name, size) in &files {
        note(&format!("{:>9}  {name}", human(*size)));
    }
    note(&format!(
        "ready to upload under {public_url}: {} files, {}",
        files.len(),
        human(files.iter().map(|f| f.1).sum())
    ));
    Ok(())
}

/// The reader's archive of the bundle at `bundle`, laid out for its size
/// (a small edition: the manifest, one file of each kind), into `out`.
/// A file that is no bundle stops the build with the reason; a broken
/// article is left out and named.
fn bundle_to_archive(bundle: &Path, out: &Path) -> Result<()> {
    step(&format!(
        "the bundle {} -> the archive data/archive/",
        bundle.strip_prefix(root()).unwrap_or(bundle).display()
    ));
    let text =
        std::fs::read_to_string(bundle).with_context(|| format!("reading {}", bundle.display()))?;
    // Strict per file, tolerant per article: a broken article is left out
    // and named, the others published.
    let lenient = benbao_core::bundle::decode_lenient(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}; `benbao check {}` says more",
            bundle.display(),
            bundle.display()
        )
    })?;
    for why in &lenient.skipped {
        note(&format!(
            "{}: left out {why}; fix it in the source and build again",
            bundle.display()
        ));
    }
    let parsed = lenient.bundle;
    let layout = benbao_core::write::Layout::for_articles(parsed.articles.len());
    let _ = std::fs::remove_dir_all(out);
    for (name, bytes) in benbao_core::write::build(&parsed, &layout) {
        let path = out.join(&name);
        std::fs::create_dir_all(path.parent().expect("a file has a folder"))?;
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    // Page PDFs and images `benbao ingest` published beside the bundle
    // (its articles' page_pdf, copied into dist/ with it by Trunk): moved
    // into the archive, where the edition view links them (not shipped twice).
    let pdfs = bundle.parent().map(|d| d.join("pdf"));
    if let Some(pdfs) = pdfs.filter(|p| p.is_dir()) {
        copy_dir(&pdfs, &out.join("pdf"))?;
        std::fs::remove_dir_all(&pdfs)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for file in crate::dist::walk(from) {
        let target = to.join(file.strip_prefix(from).expect("walked from `from`"));
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
        std::fs::copy(&file, &target)
            .with_context(|| format!("copying {} to {}", file.display(), target.display()))?;
    }
    Ok(())
}

/// Past this many articles, the pages are written by an optimised build
/// of the pre-renderer (its compile costs minutes once; a debug build
/// writes a few hundred pages a second, an optimised one thousands).
const OPTIMISED_PAST: usize = 2_000;

/// The pages that exist before the wasm (`src/prerender.rs`): the app's
/// own views, built natively, write them into `out`.
fn prerender(out: &Path, public_url: &str, pages: &Pages) -> Result<()> {
    step("pre-rendering the pages, the feeds and the sitemap (the app's views, natively)");
    let articles = std::fs::read_to_string(out.join("data").join("archive").join("manifest.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .and_then(|m| m["articles"].as_u64())
        .unwrap_or(0) as usize;
    let binary = prerender_binary(articles > OPTIMISED_PAST)?;
    let mut cmd = prerender_command(&binary, out, public_url);
    if let Some(s) = pages.site_url {
        cmd.args(["--site-url", s]);
    }
    if let Some(n) = pages.newest {
        cmd.args(["--newest", &n.to_string()]);
    }
    run(
        &mut cmd,
        "the pages could not be written: read the message above",
    )
}

/// `benbao-web`'s native build (the pre-renderer), built now; `optimised`:
/// the `prerender` profile, else the debug one the tests share.
pub fn prerender_binary(optimised: bool) -> Result<PathBuf> {
    let profile = if optimised { "prerender" } else { "dev" };
    if optimised {
        note("an optimised pre-renderer for a large archive (compiled once)");
    }
    run(
        Command::new("cargo").current_dir(root()).args([
            "build",
            "--quiet",
            "--profile",
            profile,
            "--package",
            "benbao-web",
            "--bin",
            "benbao-web",
        ]),
        "the pre-renderer did not build: see the compiler message above",
    )?;
    let folder = if optimised { "prerender" } else { "debug" };
    Ok(crate::run::target_dir().join(folder).join("benbao-web"))
}

/// The pre-renderer's command for the site in `out`.
pub fn prerender_command(binary: &Path, out: &Path, public_url: &str) -> Command {
    let mut cmd = Command::new(binary);
    cmd.current_dir(root())
        .arg("--dist")
        .arg(out)
        .args(["--public-url", public_url]);
    cmd
}

pub fn serve() -> Result<()> {
    let tools = setup::wasm_tools()?;
    bundle()?;
    let dist = root().join("dist");
    build_dist(&tools, "/", &dist)?;
    let address = format!("{ADDRESS}:{PORT}");
    let server = benbao_serve::StaticServer::start(&dist, "/", &address).map_err(|e| {
        anyhow::anyhow!(
            "{e}; if port {PORT} is taken, stop the program using it (`ss -ltnp | grep {PORT}`)"
        )
    })?;
    step(&format!(
        "serving dist/ at http://{address}/ (Ctrl-C to stop)"
    ));
    println!("benbao is at http://{address}/");
    server.wait();
    Ok(())
}

/// The address the browser tests' sub-path site is built for (never fetched).
const SUB_SITE_URL: &str = "https://benbao.example/benbao/";

pub fn test() -> Result<()> {
    let tools = setup::wasm_tools()?;
    let browser = setup::browser()?;
    setup::pdf_tools()?;
    let nginx = setup::nginx()?;

    step("native tests (benbao-core, benbao-cli, xtask, the pre-rendered pages)");
    run(
        Command::new("cargo").current_dir(root()).args([
            "test",
            "--workspace",
            "--exclude",
            "benbao-e2e",
        ]),
        "a native test failed: its name and assertion are above",
    )?;

    step("gazetteer data: what `cargo xtask gazetteer` makes from its source");
    crate::gazetteer::gazetteer(true)?;

    step("wasm tests (benbao-core compiled to wasm32, run by wasm-bindgen-test-runner in Node)");
    let mut wasm = Command::new("cargo");
    wasm.current_dir(root()).args([
        "test",
        "--package",
        "benbao-core",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "wasm",
    ]);
    tools.apply(&mut wasm);
    wasm.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        &tools.test_runner,
    );
    run(
        &mut wasm,
        "a wasm test failed, or Node.js is missing (wasm-bindgen-test-runner needs `node` on PATH)",
    )?;

    bundle()?;
    let dist = root().join("dist");
    let dist_sub = root().join("target").join("dist-benbao");
    build_dist(&tools, "/", &dist)?;
    // The sub-path build with the site's address: canonical links and the sitemap.
    build_dist_with(
        &tools,
        "/benbao/",
        &dist_sub,
        None,
        Pages {
            site_url: Some(SUB_SITE_URL),
            newest: None,
        },
    )?;
    crate::size::check(&dist, &tools)?;

    step("browser tests (headless Chromium through chromedriver)");
    let shots = root().join("target").join("screenshots");
    run(
        Command::new("cargo")
            .current_dir(root())
            .args(["test", "--package", "benbao-e2e", "--", "--test-threads=1"])
            .env("BENBAO_DIST", &dist)
            .env("BENBAO_DIST_SUB", &dist_sub)
            // The pre-renderer the builds above used (for test archives' pages).
            .env("BENBAO_PRERENDER", prerender_binary(false)?)
            .env("BENBAO_SUB_SITE_URL", SUB_SITE_URL)
            .env("BENBAO_NGINX", &nginx)
            .env("BENBAO_CHROME", &browser.chrome)
            .env("BENBAO_CHROMEDRIVER", &browser.chromedriver)
            .env("BENBAO_AXE", &browser.axe)
            .env("BENBAO_SCREENSHOTS", &shots),
        "a browser test failed: see its message above and the screenshots in target/screenshots/",
    )?;
    note(&format!("screenshots: {}", shots.display()));
    step("all tests passed");
    Ok(())
}

fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

/// The fuzz targets in fuzz/, each for a share of `seconds`. A crash stops
/// with libFuzzer's report; the input is in fuzz/artifacts/<target>/.
/// The fuzz targets (`fuzz/fuzz_targets/`): the editor's parsers, then
/// the reader's decoders of an archive's files.
pub const FUZZ_TARGETS: [&str; 12] = [
    "page",
    "bundle",
    "articles",
    "manifest",
    "facets",
    "summaries",
    "bodies",
    "ids",
    "shard",
    "postings",
    "calendar",
    "month",
];

pub fn fuzz(seconds: u64, targets: &[&str]) -> Result<()> {
    let cargo_fuzz = setup::cargo_fuzz()?;
    let path = std::env::join_paths(std::iter::once(cargo_fuzz).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))?;
    for &target in targets {
        step(&format!("fuzzing `{target}` for {seconds} s"));
        let corpus = root().join("target").join("fuzz-corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        run(
            Command::new("cargo")
                .current_dir(root())
                .env("PATH", &path)
                .args(["+nightly", "fuzz", "run", target])
                .arg(&corpus)
                .arg(root().join("fuzz").join("seeds").join(target))
                .arg("--")
                .arg(format!("-max_total_time={seconds}"))
                // Unbounded time or memory on one input counts as a failure.
                .args(["-timeout=10", "-rss_limit_mb=2048", "-max_len=200000"])
                // The last line says how many inputs ran ("Done N runs in S second(s)").
                .arg("-print_final_stats=1"),
            &format!(
                "the fuzzer found an input that breaks `{target}`: it is in fuzz/artifacts/{target}/; \
                 copy it into fuzz/regressions/{target}/ (cargo test then checks it), fix the bug, and fuzz again"
            ),
        )?;
    }
    step("fuzzing found nothing");
    Ok(())
}

/// `cargo xtask pages`: the page parser on pages assembled from real
/// articles (the development set's git-ignored text cache, or DIR).
pub fn pages(args: &[String]) -> Result<()> {
    let mut flags: Vec<&str> = Vec::new();
    let mut dir = root().join("devset").join("cache");
    for a in args {
        match a.as_str() {
            "--misses" => flags.push("--misses"),
            other if other.starts_with("--") => {
                anyhow::bail!("pages takes --misses and a folder, not {other}")
            }
            other => {
                dir = std::path::absolute(other).unwrap_or_else(|_| std::path::PathBuf::from(other))
            }
        }
    }
    if !dir.exists() {
        anyhow::bail!(
            "{} does not exist: it holds the development set's article texts, which stay out of the \
             repository; fetch them by the addresses in devset/labels-*.json (docs/tagging.md) or give \
             a folder of {{\"id\", \"title\", \"text\"}} JSON files",
            dir.display()
        );
    }
    step("the page parser on pages assembled from real articles");
    run(
        Command::new("cargo")
            .current_dir(root())
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "benbao-e2e",
                "--bin",
                "benbao-pages",
                "--",
            ])
            .args(&flags)
            .arg(&dir),
        "the page measure failed: see its message above",
    )
}
