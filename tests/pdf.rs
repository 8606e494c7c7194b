//! Page PDFs as an e-paper system publishes them: pages assembled from the
//! tests' own articles in every single-page layout, laid out in HTML as
//! newspaper pages (three columns, headlines in large type, kickers,
//! photos with small captions, CJK fonts), printed to PDF by headless
//! Chromium, and read back with `benbao ingest`'s PDF reader. The articles
//! must come out as they went in: the same headlines, texts and bylines.

use anyhow::{ensure, Result};
use benbao_e2e::pagecorpus::{assemble, html, table, Layout, Page, Score, Source, LAYOUTS};
use benbao_e2e::{measure_pdf, serve, Browser};

fn sources() -> Vec<Source> {
    serde_json::from_str(include_str!("data/page-articles.json"))
        .expect("tests/data/page-articles.json")
}

#[tokio::test(flavor = "current_thread")]
async fn page_pdfs_give_the_articles_of_their_html() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("benbao-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut pages: Vec<(Layout, Page)> = Vec::new();
    // Every layout of one page (a jump needs two).
    for layout in LAYOUTS.into_iter().filter(|l| *l != Layout::Jumps) {
        // Eight articles a page, two pages a layout.
        for page in assemble(&sources(), layout, 7, 8) {
            std::fs::write(dir.join(format!("{}.html", page.name)), html(&page))?;
            pages.push((layout, page));
        }
    }
    let server = serve(&dir, "/")?;
    let browser = Browser::start(1280, 800).await?;
    let shots = std::env::var_os("BENBAO_SCREENSHOTS").map(std::path::PathBuf::from);
    let mut rows: Vec<(Layout, Score)> = Vec::new();
    for (layout, page) in &pages {
        let path = dir.join(format!("{}.pdf", page.name));
        let score = measure_pdf(&browser, &server.origin, &path, page).await?;
        if let Some(s) = &shots {
            std::fs::create_dir_all(s)?;
            std::fs::copy(&path, s.join(format!("page-{}.pdf", page.name)))?;
        }
        match rows.iter_mut().find(|(l, _)| l == layout) {
            Some((_, s)) => s.add(&score),
            None => rows.push((*layout, score)),
        }
    }
    browser.close().await?;
    let report = table(&rows);
    println!("{report}");
    let mut all = Score::default();
    for (_, s) in &rows {
        all.add(s);
    }
    let misses = all.misses.join("\n");
    ensure!(all.articles >= 100, "too few articles laid out:\n{report}");
    ensure!(
        all.boundary_precision() >= 0.98 && all.boundary_recall() >= 0.98,
        "article boundaries from PDF:\n{report}\n{misses}"
    );
    ensure!(
        all.headline_rate() >= 0.95,
        "headlines from PDF:\n{report}\n{misses}"
    );
    ensure!(
        all.text_rate() >= 0.95,
        "article texts from PDF:\n{report}\n{misses}"
    );
    ensure!(
        all.byline_rate() >= 0.95,
        "bylines from PDF:\n{report}\n{misses}"
    );
    ensure!(
        all.furniture_in_articles == 0,
        "furniture inside articles:\n{report}\n{misses}"
    );
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
