//! Issue 19: the paper as it was printed. On an archive of a few
//! editions (the default edition's articles, given dates, pages and page
//! names), a reader opens the latest edition from home, goes page by page,
//! follows the previous and next edition, and jumps to a past day from
//! the calendar: on a phone and a desktop, by keyboard, axe clean.

use anyhow::{ensure, Context, Result};
use benbao_core::Bundle;
use benbao_e2e::{archive_site_dir, repeated_edition, serve, Browser, StaticServer, TempDir};
use fantoccini::key::Key;

const PAGE_NAMES: [&str; 4] = ["要闻", "综合", "经济", "副刊"];
/// The editions: three in August 2018 (a gap on the 16th), one in July,
/// one in January 2019.
const DATES: [&str; 5] = [
    "2018-07-31",
    "2018-08-14",
    "2018-08-15",
    "2018-08-17",
    "2019-01-02",
];
const PDF: &[u8] = b"%PDF-1.4 a stand-in for page 2 of 2018-08-15";

struct Site {
    server: StaticServer,
    /// The articles' titles, in input order: 12 an edition, 3 a page.
    titles: Vec<String>,
    dir: TempDir,
}

impl Site {
    fn start() -> Result<Site> {
        let mut articles = repeated_edition()?.articles;
        // 12 articles an edition: 3 a page on 4 pages, in printed order.
        articles.truncate(DATES.len() * 12);
        let pdf_name = format!(
            "pdf/2018-08-15/2-{}.pdf",
            benbao_core::bundle::stable_id(&String::from_utf8_lossy(PDF))
        );
        for (k, a) in articles.iter_mut().enumerate() {
            let (day, page) = (k / 12, (k % 12) / 3);
            a.date = Some(DATES[day].to_string());
            a.page = Some((page + 1).to_string());
            a.page_name = Some(PAGE_NAMES[page].to_string());
            a.paper = Some("浙江工人日报".into());
            if DATES[day] == "2018-08-15" && page == 1 {
                a.page_pdf = Some(pdf_name.clone());
            }
        }
        let bundle = Bundle {
            articles,
            ..repeated_edition()?
        };
        let titles = bundle.articles.iter().map(|a| a.title.clone()).collect();
        let (dir, _) = archive_site_dir("editions", &bundle, &[])?;
        let pdf = dir.path().join("data/archive").join(&pdf_name);
        std::fs::create_dir_all(pdf.parent().context("a folder")?)?;
        std::fs::write(pdf, PDF)?;
        Ok(Site {
            server: serve(dir.path(), "/")?,
            titles,
            dir,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.origin)
    }

    /// The headlines of an edition (or one page of it, 1 to 4), in
    /// printed order: as the articles were given.
    fn headlines(&self, date: &str, page: Option<&str>) -> Vec<String> {
        let day = DATES.iter().position(|d| *d == date).expect("an edition");
        let pages = match page.map(|p| p.parse::<usize>().expect("a page number")) {
            Some(p) => p - 1..p,
            None => 0..4,
        };
        pages
            .flat_map(|p| self.titles[day * 12 + p * 3..day * 12 + p * 3 + 3].to_vec())
            .collect()
    }
}

async fn path(b: &Browser) -> Result<String> {
    Ok(b.js("return location.pathname + location.search;")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// Focuses `css` and presses Enter on it; waits for the address to be `to`.
async fn enter(b: &Browser, css: &str, to: &str) -> Result<()> {
    let found = b
        .js(&format!(
            "const e = document.querySelector({css:?}); if (e) e.focus(); return !!e && document.activeElement === e;"
        ))
        .await?;
    ensure!(found == serde_json::json!(true), "{css} to focus");
    b.client
        .active_element()
        .await?
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    b.wait_js(
        &format!("the address {to}"),
        &format!("return location.pathname + location.search === {to:?};"),
    )
    .await
    .with_context(|| format!("after Enter on {css}"))
}

async fn axe_clean(b: &Browser, what: &str) -> Result<()> {
    let violations = b.axe().await?;
    ensure!(violations.is_empty(), "{what}: axe: {violations:?}");
    ensure!(!b.scrolls_sideways().await?, "{what}: scrolls sideways");
    Ok(())
}

#[tokio::test]
async fn a_reader_goes_through_the_editions_by_page_and_by_calendar() -> Result<()> {
    let site = Site::start()?;
    for (w, h) in [(360, 740), (1280, 800)] {
        let b = Browser::start(w, h).await?;
        b.record_js_errors().await?;
        b.open(&site.url("/")).await?;

        // Home: the latest edition, one key press away.
        b.wait_js(
            "the latest edition's link",
            "return !!document.querySelector('.edition-links a');",
        )
        .await?;
        b.screenshot("home-editions").await?;
        let link = b.text_of(".edition-links a").await?;
        ensure!(
            link.contains("最新一期") && link.contains("2019年1月2日"),
            "{link}"
        );
        enter(&b, ".edition-links a", "/e/2019-01-02/").await?;
        b.wait_js(
            "the edition",
            "return !!document.querySelector('.edition-page');",
        )
        .await?;
        ensure!(
            b.texts(".edition-page .headlines a").await? == site.headlines("2019-01-02", None),
            "every page's headlines, in printed order"
        );

        // The edition before: 2018-08-17, its pages in order with names.
        enter(&b, ".edition-nav a.prev", "/e/2018-08-17/").await?;
        b.wait_js("the edition of the 17th", "return document.title.includes('2018年8月17日') && !!document.querySelector('.edition-page');")
            .await?;
        let tabs = b.texts(".edition-pages a").await?;
        ensure!(
            tabs == [
                "全部版面",
                "第1版 要闻",
                "第2版 综合",
                "第3版 经济",
                "第4版 副刊"
            ],
            "{tabs:?}"
        );
        let h1 = b.text_of(".edition-head h1").await?;
        ensure!(
            h1.contains("浙江工人日报") && h1.contains("2018年8月17日"),
            "{h1}"
        );
        // Its previous: the 15th (no paper on the 16th).
        enter(&b, ".edition-nav a.prev", "/e/2018-08-15/").await?;
        b.wait_js("the edition of the 15th", "return document.title.includes('2018年8月15日') && !!document.querySelector('.edition-page');")
            .await?;
        if w == 360 {
            b.screenshot("edition").await?;
        }
        axe_clean(&b, "an edition").await?;

        // Page by page: page 2, with its PDF; then page 3.
        enter(&b, ".edition-pages a[href$='/2/']", "/e/2018-08-15/2/").await?;
        b.wait_js("page 2 alone", "return document.querySelectorAll('.edition-page').length === 1 && !!document.querySelector('.edition-page .pdf');")
            .await?;
        ensure!(
            b.texts(".edition-page .headlines a").await? == site.headlines("2018-08-15", Some("2")),
            "page 2's headlines"
        );
        // Downloaded as the reader's browser would (the stand-in is text).
        let got = b
            .client
            .execute_async(
                "const done = arguments[0]; fetch(document.querySelector('.edition-page .pdf').href).then(r => r.text()).then(done, () => done(null));",
                vec![],
            )
            .await?;
        ensure!(
            got.as_str().map(str::as_bytes) == Some(PDF),
            "the page's PDF link gives the PDF: {got}"
        );
        b.screenshot("edition-page").await?;
        axe_clean(&b, "a page").await?;
        enter(&b, ".page-steps a.next", "/e/2018-08-15/3/").await?;
        ensure!(
            b.js("return document.querySelector('.edition-pages a[aria-current]').textContent;")
                .await?
                == serde_json::json!("第3版 经济"),
            "the page shown is marked"
        );
        // An article from its page, and back.
        let first = site.headlines("2018-08-15", Some("3"))[0].clone();
        b.click(".edition-page .headlines a").await?;
        b.wait_js(
            "the article",
            "return !!document.querySelector('article.full h1');",
        )
        .await?;
        ensure!(
            b.text_of("article.full h1").await?.contains(&first),
            "the article opened"
        );
        // Its page in the day's paper, named and linked.
        let page_link = b
            .js("const a = document.querySelector('article.full .meta a'); return a ? [a.textContent, a.getAttribute('href')] : null;")
            .await?;
        ensure!(
            page_link == serde_json::json!(["第3版 经济", "/e/2018-08-15/3/"]),
            "the article links its page: {page_link}"
        );
        b.client.back().await?;
        b.wait_js("back on page 3", "return location.pathname === '/e/2018-08-15/3/' && !!document.querySelector('.edition-page');")
            .await?;

        // The calendar: August 2018, its three editions as links.
        enter(&b, ".edition-nav a.all", "/e/?m=2018-08").await?;
        b.wait_js(
            "the calendar",
            "return !!document.querySelector('.calendar table');",
        )
        .await?;
        let days = b.texts(".calendar td a").await?;
        ensure!(days == ["14", "15", "17"], "August's editions: {days:?}");
        // 2018-08-01 was a Wednesday: two empty cells before it.
        let lead = b
            .js("return [...document.querySelectorAll('.calendar tbody tr:first-child td')].findIndex(td => td.textContent === '1');")
            .await?;
        ensure!(
            lead == serde_json::json!(2),
            "the 1st under Wednesday: {lead}"
        );
        b.screenshot("calendar").await?;
        axe_clean(&b, "the calendar").await?;
        // The month before with an edition, and a day of it.
        enter(&b, ".month-steps a.prev", "/e/?m=2018-07").await?;
        b.wait_js(
            "July",
            "return document.querySelector('.calendar h1').textContent.includes('2018年7月');",
        )
        .await?;
        enter(&b, ".calendar td a", "/e/2018-07-31/").await?;
        b.wait_js(
            "the 31st",
            "return !!document.querySelector('.edition-page');",
        )
        .await?;
        // Another year from the calendar's years.
        b.goto(&site.url("/e/?m=2018-07")).await?;
        b.wait_js(
            "the calendar",
            "return !!document.querySelector('.years a');",
        )
        .await?;
        enter(&b, ".years a[href$='2019-01']", "/e/?m=2019-01").await?;
        b.wait_js("January 2019", "return [...document.querySelectorAll('.calendar td a')].map(a => a.textContent).join() === '2';")
            .await?;

        // A day without a paper says so, with the editions around it.
        b.goto(&site.url("/e/2018-08-16/")).await?;
        b.wait_js(
            "no edition",
            "return !!document.querySelector('.edition .notice');",
        )
        .await?;
        let around = b.texts(".edition-nav a .t").await?;
        ensure!(around == ["2018年8月15日", "2018年8月17日"], "{around:?}");
        ensure!(
            b.text_of(".edition .notice h1").await? == "2018年8月16日",
            "the day asked for is named"
        );
        // A page the edition does not have: no such page, the way to the edition.
        b.goto(&site.url("/e/2018-08-15/9/")).await?;
        b.wait_js(
            "no such page",
            "return document.body.textContent.includes('没有这个页面') && !!document.querySelector('.notice a[href=\"/e/2018-08-15/\"]');",
        )
        .await?;
        // Not a date: no such page (not "no paper that day").
        for bad in ["/e/abc/", "/e/2018-8-15/"] {
            b.goto(&site.url(bad)).await?;
            b.wait_js(
                "no such page",
                "return document.body.textContent.includes('没有这个页面');",
            )
            .await
            .with_context(|| bad.to_string())?;
        }
        ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
        b.close().await?;
    }
    Ok(())
}

/// Undated content (the default edition) has no editions: no link to
/// them, and their addresses say there is no such page.
#[tokio::test]
async fn undated_content_has_no_edition_links() -> Result<()> {
    let dist = benbao_e2e::dist()?;
    let server = serve(&dist, "/")?;
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&format!("{}/", server.origin)).await?;
    b.wait_exactly(".card", 8).await?;
    ensure!(
        b.js("return document.querySelectorAll('.edition-links').length;")
            .await?
            == serde_json::json!(0),
        "no edition links"
    );
    b.goto(&format!("{}/e/", server.origin)).await?;
    b.wait_js(
        "no such page",
        "return document.body.textContent.includes('没有这个页面');",
    )
    .await?;
    ensure!(path(&b).await? == "/e/", "stays on the address");
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// The editions' pages exist before the wasm (`src/prerender.rs`): an
/// edition and the calendar read without scripts, and the app takes them
/// over in place (no layout shift), axe clean after.
#[tokio::test]
async fn printed_editions_read_without_scripts_and_the_app_takes_over() -> Result<()> {
    let site = Site::start()?;
    benbao_e2e::prerender(site.dir.path())?;
    for (w, h) in [(360, 740), (1280, 800)] {
        let b = Browser::start(w, h).await?;
        b.cdp(
            "Emulation.setScriptExecutionDisabled",
            serde_json::json!({ "value": true }),
        )
        .await?;
        b.goto(&site.url("/e/2018-08-15/")).await?;
        ensure!(
            b.texts(".edition-page .headlines a").await? == site.headlines("2018-08-15", None),
            "without scripts, the edition's headlines"
        );
        ensure!(
            b.text_of(".edition-nav a.next .t").await? == "2018年8月17日",
            "without scripts, the next edition"
        );
        b.goto(&site.url("/e/")).await?;
        let days = b.texts(".calendar td a").await?;
        ensure!(
            days == ["2"],
            "without scripts, the latest month's calendar: {days:?}"
        );
        b.close().await?;

        let b = Browser::start(w, h).await?;
        b.record_js_errors().await?;
        b.record_layout_shifts().await?;
        for path in ["/e/2018-08-15/", "/e/"] {
            b.goto(&site.url(path)).await?;
            b.wait_js(
                &format!("the app in place of the pre-rendered {path}"),
                "return !document.getElementById('prerendered') && !document.getElementById('app').hidden;",
            )
            .await?;
            let (shifts, total) = b.layout_shifts().await?;
            ensure!(
                total < 0.001,
                "[{w}px] {path}: the takeover moved the page: {shifts}"
            );
            ensure!(
                b.texts(".edition-page, .calendar table").await?.len()
                    == if path == "/e/" { 1 } else { 4 },
                "[{w}px] {path}: one copy"
            );
            axe_clean(&b, path).await?;
        }
        ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
        b.close().await?;
    }
    Ok(())
}
