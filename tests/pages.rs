//! `cargo xtask pages`: the page parser measured on pages assembled from
//! real articles (the development set's texts in `devset/cache/`) or from
//! any JSON articles, in every layout of [`benbao_e2e::pagecorpus`].
//!
//! ```sh
//! benbao-pages [--misses] [--seeds N] [--per-page N] devset/cache
//! ```

use anyhow::{bail, Context, Result};
use benbao_e2e::pagecorpus::{assemble, measure, table, Source, LAYOUTS};
use std::path::Path;

fn read_sources(path: &Path) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot list", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f)
                .with_context(|| format!("{}: cannot read", f.display()))?;
            let s: Source = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{}: not an article {{\"id\", \"title\", \"text\"}}",
                    f.display()
                )
            })?;
            out.push(s);
        }
    } else {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        out = serde_json::from_str(&text).with_context(|| {
            format!(
                "{}: not a JSON list of {{\"id\", \"title\", \"text\"}}",
                path.display()
            )
        })?;
    }
    Ok(out)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let mut misses = false;
    let mut pdf = false;
    let mut seeds = 3u64;
    let mut per_page = 5usize;
    let mut paths = Vec::new();
    let mut show: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--misses" => misses = true,
            "--pdf" => pdf = true,
            "--show" => show = Some(args.next().context("--show needs a page name")?),
            "--seeds" => seeds = args.next().context("--seeds needs a number")?.parse()?,
            "--per-page" => per_page = args.next().context("--per-page needs a number")?.parse()?,
            _ => paths.push(a),
        }
    }
    if paths.is_empty() {
        bail!("usage: benbao-pages [--misses] [--pdf] [--seeds N] [--per-page N] DIR-OR-JSON…");
    }
    let mut sources = Vec::new();
    for p in &paths {
        sources.extend(read_sources(Path::new(p))?);
    }
    println!(
        "{} articles, {} seeds, {} articles a page\n",
        sources.len(),
        seeds,
        per_page
    );
    if pdf {
        return pdf_rows(&sources, per_page, misses).await;
    }
    let mut rows = Vec::new();
    for layout in LAYOUTS {
        let mut score = benbao_e2e::pagecorpus::Score::default();
        for seed in 0..seeds {
            // Each seed shuffles which articles share a page.
            let mut shuffled = sources.clone();
            let mut rng = benbao_e2e::pagecorpus::Rng::new(seed + 1);
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, rng.below(i + 1));
            }
            let pages = assemble(&shuffled, layout, seed, per_page);
            if let Some(name) = &show {
                for p in pages.iter().filter(|p| &p.name == name && seed == 0) {
                    println!("{}", p.text);
                    for d in benbao_core::page::decisions(&p.text) {
                        println!("line {}: {} {:?}", d.line, d.score, d.rules);
                    }
                    println!(
                        "truth: {:?}",
                        p.articles.iter().map(|a| a.line).collect::<Vec<_>>()
                    );
                }
            }
            score.add(&measure(&pages));
        }
        rows.push((layout, score));
    }
    print!("{}", table(&rows));
    if misses {
        for (l, s) in &rows {
            for m in &s.misses {
                println!("{}: {m}", l.name());
            }
        }
    }
    Ok(())
}

/// `--pdf`: every single-page layout (seed 1) laid out in HTML, printed to
/// PDF by Chromium (BENBAO_CHROME, BENBAO_CHROMEDRIVER) and read back.
async fn pdf_rows(sources: &[Source], per_page: usize, misses: bool) -> Result<()> {
    use benbao_e2e::pagecorpus::{html, Layout, Score};
    let dir = std::env::temp_dir().join(format!("benbao-pages-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let server = benbao_e2e::serve(&dir, "/")?;
    let browser = benbao_e2e::Browser::start(1280, 800).await?;
    let mut rows: Vec<(Layout, Score)> = Vec::new();
    for layout in LAYOUTS.into_iter().filter(|l| *l != Layout::Jumps) {
        let mut score = Score::default();
        for page in assemble(sources, layout, 1, per_page) {
            std::fs::write(dir.join(format!("{}.html", page.name)), html(&page))?;
            let path = dir.join(format!("{}.pdf", page.name));
            score.add(&benbao_e2e::measure_pdf(&browser, &server.origin, &path, &page).await?);
        }
        rows.push((layout, score));
    }
    browser.close().await?;
    print!("{}", table(&rows));
    if misses {
        for (l, s) in &rows {
            for m in &s.misses {
                println!("{}: {m}", l.name());
            }
        }
    }
    if std::env::var_os("BENBAO_KEEP").is_some() {
        println!("pages and PDFs kept in {}", dir.display());
    } else {
        std::fs::remove_dir_all(&dir).ok();
    }
    Ok(())
}
