//! Pages that exist before the wasm (`src/prerender.rs`): every article
//! read with JavaScript off, what its page carries for link previews and
//! search engines, the app taking the page over without moving anything,
//! the Atom feed, and (built with `--site-url`) the sitemap.

use anyhow::{ensure, Context, Result};
use benbao_core::{Article, BlockKind, Bundle};
use benbao_e2e::{dist, dist_bundle, dist_sub, serve, Browser, StaticServer};
use serde_json::{json, Value};

const SIZES: [(u32, u32); 2] = [(360, 740), (1280, 900)];

fn paragraphs(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect()
}

/// What the page's head says, read from the DOM.
const HEAD: &str = "const m = (sel, attr) => { const e = document.querySelector(sel); return e ? e.getAttribute(attr || 'content') : null; };
  const ld = document.querySelector('script[type=\"application/ld+json\"]');
  return { title: document.title, lang: document.documentElement.lang,
    description: m('meta[name=description]'), canonical: m('link[rel=canonical]', 'href'),
    ogType: m('meta[property=\"og:type\"]'), ogTitle: m('meta[property=\"og:title\"]'),
    ogSite: m('meta[property=\"og:site_name\"]'), twitter: m('meta[name=\"twitter:card\"]'),
    feed: m('link[rel=alternate][type=\"application/atom+xml\"]', 'href'),
    descriptions: document.querySelectorAll('meta[name=description]').length,
    noscript: document.querySelectorAll('noscript').length,
    ld: ld ? JSON.parse(ld.textContent) : null };";

/// With scripts off (the wasm never runs), every article's page reads in
/// full, and says what it is in its head.
#[tokio::test]
async fn articles_read_without_javascript() -> Result<()> {
    let server = serve(&dist()?, "/")?;
    let bundle = dist_bundle()?;
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        )
        .await?;
        for (n, a) in bundle.articles.iter().enumerate() {
            b.goto(&format!("{}/a/{}/", server.origin, a.id)).await?;
            assert_eq!(
                b.text_of("article.full h1").await?,
                a.title,
                "[{width}px] {}",
                a.id
            );
            let shown = b.texts("article.full .body p:not(.caption)").await?;
            let expected = paragraphs(a);
            assert_eq!(
                shown.len(),
                expected.len(),
                "[{width}px] {}: paragraphs",
                a.id
            );
            for (s, e) in shown.iter().zip(&expected) {
                assert!(s.starts_with(e), "[{width}px] {}: {s:?} is not {e:?}", a.id);
            }
            let head = b.js(HEAD).await?;
            check_head(&head, a, &bundle, "/")?;
            if n == 0 {
                b.screenshot(&format!("prerendered-article-{width}"))
                    .await?;
            }
        }
        // The lists: the whole paper, then each region and topic, by the
        // links a reader follows (the map's cities, the cards' tags).
        b.goto(&format!("{}/", server.origin)).await?;
        let titles = b.texts(".cards .card .title").await?;
        assert_eq!(
            titles.len(),
            bundle.articles.len(),
            "[{width}px] the home list"
        );
        b.screenshot(&format!("prerendered-home-{width}")).await?;
        let region = "330200";
        let mut expected: Vec<String> = bundle
            .articles
            .iter()
            .filter(|a| a.regions.iter().any(|r| r.starts_with("3302")))
            .map(|a| a.title.clone())
            .collect();
        // The map's city (without scripts the filters that are links show
        // on phones too; the controls that need the app do not).
        let hidden = b
            .js("return ['.search', '.filters-toggle', '.facet.regions input', '.facet.regions .expand', '.lang'].filter(s => { const e = document.querySelector(s); return e && e.offsetParent !== null; });")
            .await?;
        assert_eq!(
            hidden,
            json!([]),
            "[{width}px] controls that need scripts are offered"
        );
        b.client
            .find(fantoccini::Locator::Css(&format!(
                ".map a[href='/r/{region}/']"
            )))
            .await?
            .click()
            .await?;
        assert_eq!(b.location().await?, format!("/r/{region}/"));
        let mut shown = b.texts(".cards .card .title").await?;
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected, "[{width}px] 宁波's page");
        let head = b.js(HEAD).await?;
        assert!(
            head["title"]
                .as_str()
                .unwrap_or_default()
                .starts_with("宁波"),
            "{head}"
        );
        assert!(
            head["feed"]
                .as_str()
                .unwrap_or_default()
                .ends_with("/r/330200/feed.xml"),
            "{head}"
        );
        b.screenshot(&format!("prerendered-region-{width}")).await?;
        // Down the region tree by its links: 宁波's branch is open on its
        // page, its places links to theirs.
        let place = b
            .js(&format!("const a = [...document.querySelectorAll('.facet.regions a.name')].find(a => a.offsetParent !== null && a.getAttribute('href').startsWith('/r/{}') && a.getAttribute('href') !== '/r/{region}/'); return a ? a.getAttribute('href') : null;", &region[..4]))
            .await?;
        let place = place
            .as_str()
            .with_context(|| format!("[{width}px] no place below 宁波 in the region tree"))?
            .to_string();
        b.click(&format!(".facet.regions a.name[href='{place}']"))
            .await?;
        assert_eq!(b.location().await?, place);
        let code = place.trim_start_matches("/r/").trim_end_matches('/');
        let mut shown = b.texts(".cards .card .title").await?;
        let mut expected: Vec<String> = bundle
            .articles
            .iter()
            .filter(|a| {
                a.regions
                    .iter()
                    .any(|r| benbao_core::bundle::self_and_ancestors(r).any(|p| p == code))
            })
            .map(|a| a.title.clone())
            .collect();
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected, "[{width}px] {place}");
        // A topic, from the home page's chips (on a region's page they
        // would combine with the region, a list no static page holds).
        b.goto(&format!("{}/", server.origin)).await?;
        b.click(".facet.topics a.chip.topic:not(.group)").await?;
        let at = b.location().await?;
        assert!(
            at.starts_with("/t/") && at.ends_with('/'),
            "[{width}px] a topic's page: {at}"
        );
        let topic = at.trim_start_matches("/t/").trim_end_matches('/');
        let mut shown = b.texts(".cards .card .title").await?;
        let mut expected: Vec<String> = bundle
            .articles
            .iter()
            .filter(|a| a.topics.iter().any(|t| t == topic))
            .map(|a| a.title.clone())
            .collect();
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected, "[{width}px] {topic}'s page");
        b.close().await?;
    }
    Ok(())
}

fn check_head(head: &Value, a: &Article, bundle: &Bundle, base: &str) -> Result<()> {
    let s = |k: &str| head[k].as_str().unwrap_or_default().to_string();
    ensure!(s("title").starts_with(&a.title), "title {:?}", s("title"));
    ensure!(s("lang") == "zh-CN", "lang {:?}", s("lang"));
    ensure!(
        head["descriptions"] == 1,
        "one description, not {}",
        head["descriptions"]
    );
    let lead: String = paragraphs(a)[0].chars().take(20).collect();
    ensure!(
        s("description").starts_with(&lead),
        "description {:?}",
        s("description")
    );
    // No canonical link without the site's address (it must be absolute):
    // the sub-path build has one (`the_sitemap_lists_every_page`).
    ensure!(
        head["canonical"].is_null(),
        "canonical {:?}",
        s("canonical")
    );
    ensure!(
        s("ogType") == "article" && s("ogTitle") == a.title,
        "Open Graph {head}"
    );
    ensure!(
        s("ogSite") == a.paper.clone().unwrap_or_default(),
        "og:site_name {:?}",
        s("ogSite")
    );
    ensure!(s("twitter") == "summary", "twitter:card {:?}", s("twitter"));
    ensure!(
        s("feed").ends_with(&format!("{base}feed.xml")),
        "feed link {:?}",
        s("feed")
    );
    ensure!(
        head["noscript"] == 0,
        "a pre-rendered page needs no <noscript> message"
    );
    let ld = &head["ld"];
    ensure!(
        ld["@type"] == "NewsArticle" && ld["headline"] == a.title.as_str(),
        "JSON-LD {ld}"
    );
    ensure!(
        ld["publisher"]["name"] == a.paper.clone().unwrap_or_default().as_str(),
        "JSON-LD publisher {ld}"
    );
    let places: Vec<&str> = ld["contentLocation"]
        .as_array()
        .map(|v| v.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    for code in &a.regions {
        let name = &bundle.places[code].name;
        ensure!(
            places.contains(&name.as_str()),
            "JSON-LD places {places:?} lack {name}"
        );
    }
    Ok(())
}

/// With scripts on, the app draws each page beside the pre-rendered one
/// and takes its place: nothing moves (no layout shift), one copy stays,
/// and axe finds nothing before or after. An article, the home list, a
/// region's list (which waits for the facets and summary chunks).
#[tokio::test]
async fn the_app_takes_over_in_place() -> Result<()> {
    let server = serve(&dist()?, "/")?;
    let bundle = dist_bundle()?;
    let a = &bundle.articles[3];
    // The page before the app: its wasm held back, so that axe sees the
    // pre-rendered page alone.
    let held = serve(&dist()?, "/")?;
    let wasm = wasm_name(&dist()?)?;
    held.fake(&wasm, 503, "held back by the test");
    let pages = [
        (format!("/a/{}/", a.id), "article.full h1", 1),
        ("/".to_string(), ".cards .card", bundle.articles.len()),
        ("/r/330200/".to_string(), ".cards .card", 2),
    ];
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.record_layout_shifts().await?;
        for (path, what, n) in &pages {
            b.goto(&format!("{}{path}", held.origin)).await?;
            assert_eq!(
                b.texts(&format!("#prerendered {what}")).await?.len(),
                *n,
                "[{width}px] {path} before the app"
            );
            let violations = b.axe().await?;
            assert!(
                violations.is_empty(),
                "[{width}px] {path}: axe before the app: {violations:#?}"
            );

            b.goto(&format!("{}{path}", server.origin)).await?;
            b.wait_js(
                &format!("the app in place of the pre-rendered {path}"),
                "return !document.getElementById('prerendered') && !document.getElementById('app').hidden;",
            )
            .await?;
            assert_eq!(
                b.texts(what).await?.len(),
                *n,
                "[{width}px] {path}: one copy"
            );
            let (shifts, total) = b.layout_shifts().await?;
            assert!(
                total < 0.001,
                "[{width}px] {path}: the takeover moved the page: layout shifts {shifts}"
            );
            let violations = b.axe().await?;
            assert!(
                violations.is_empty(),
                "[{width}px] {path}: axe after the app: {violations:#?}"
            );
            let name = path.trim_matches('/').replace('/', "-");
            b.screenshot(&format!(
                "takeover-{}-{width}",
                if name.is_empty() { "home" } else { &name }
            ))
            .await?;
        }
        b.close().await?;
    }
    Ok(())
}

/// The wasm's file name in a built site (the held-back file above).
fn wasm_name(dist: &std::path::Path) -> Result<String> {
    std::fs::read_dir(dist)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("_bg.wasm"))
        .context("no wasm in dist")
}

/// The paper's Atom feed: well-formed XML (the browser's parser), every
/// article an entry with its title, link and whole text.
#[tokio::test]
async fn the_feed_carries_every_article() -> Result<()> {
    let server: StaticServer = serve(&dist()?, "/")?;
    let bundle = dist_bundle()?;
    let feed = std::fs::read_to_string(dist()?.join("feed.xml"))?;
    let b = Browser::start(1280, 900).await?;
    // A page of the site (the XML viewer's own page would refuse the parser).
    b.goto(&format!("{}/robots.txt", server.origin)).await?;
    let parsed = b
        .client
        .execute(
            "const d = new DOMParser().parseFromString(arguments[0], 'application/xml');
             const ns = 'http://www.w3.org/2005/Atom';
             const t = (e, n) => { const x = e.getElementsByTagNameNS(ns, n)[0]; return x ? x.textContent : null; };
             return { error: d.getElementsByTagName('parsererror').length,
               root: d.documentElement.localName, ns: d.documentElement.namespaceURI,
               id: t(d.documentElement, 'id'), updated: t(d.documentElement, 'updated'),
               entries: [...d.getElementsByTagNameNS(ns, 'entry')].map(e => ({
                 title: t(e, 'title'), id: t(e, 'id'), updated: t(e, 'updated'), content: t(e, 'content'),
                 link: e.getElementsByTagNameNS(ns, 'link')[0].getAttribute('href') })) };",
            vec![json!(feed)],
        )
        .await?;
    b.close().await?;
    assert_eq!(parsed["error"], 0, "feed.xml is not well-formed: {parsed}");
    assert_eq!(parsed["root"], "feed");
    assert_eq!(parsed["ns"], "http://www.w3.org/2005/Atom");
    assert!(parsed["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(parsed["updated"].as_str().is_some_and(|s| s.contains('T')));
    let entries = parsed["entries"].as_array().context("entries")?;
    assert_eq!(entries.len(), bundle.articles.len());
    for a in &bundle.articles {
        let e = entries
            .iter()
            .find(|e| e["title"] == a.title.as_str())
            .with_context(|| format!("no entry for {}", a.title))?;
        assert_eq!(e["link"], format!("/a/{}/", a.id));
        let content = e["content"].as_str().unwrap_or_default();
        for p in paragraphs(a) {
            assert!(content.contains(p), "the entry of {} lacks {p:?}", a.title);
        }
        assert!(e["id"].as_str().is_some_and(|s| !s.is_empty()));
    }
    Ok(())
}

/// Built with `--site-url` (the sub-path build of `cargo xtask test`):
/// absolute canonical links, a sitemap of every page, robots.txt naming it.
#[test]
fn the_sitemap_lists_every_page() -> Result<()> {
    let site_url = std::env::var("BENBAO_SUB_SITE_URL")
        .context("BENBAO_SUB_SITE_URL is not set: run the tests with `cargo xtask test`")?;
    let dist = dist_sub()?;
    let bundle = dist_bundle()?;
    let sitemap = std::fs::read_to_string(dist.join("sitemap.xml"))?;
    assert!(
        sitemap.contains(&format!("<loc>{site_url}</loc>")),
        "the home page"
    );
    for a in &bundle.articles {
        assert!(
            sitemap.contains(&format!("<loc>{site_url}a/{}/</loc>", a.id)),
            "sitemap.xml lacks {}",
            a.id
        );
        let page = std::fs::read_to_string(dist.join("a").join(&a.id).join("index.html"))?;
        assert!(page.contains(&format!(
            "<link rel=\"canonical\" href=\"{site_url}a/{}/\">",
            a.id
        )));
        assert!(page.contains(&format!(
            "<meta property=\"og:url\" content=\"{site_url}a/{}/\">",
            a.id
        )));
    }
    // And every list page written (the home page, regions, topics).
    let mut lists = 1;
    for kind in ["r", "t"] {
        for e in std::fs::read_dir(dist.join(kind))?.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                sitemap.contains(&format!("<loc>{site_url}{kind}/{name}/</loc>")),
                "sitemap.xml lacks {kind}/{name}/"
            );
            lists += 1;
        }
    }
    assert_eq!(
        sitemap.matches("<loc>").count(),
        bundle.articles.len() + lists
    );
    let robots = std::fs::read_to_string(dist.join("robots.txt"))?;
    assert!(
        robots.contains(&format!("Sitemap: {site_url}sitemap.xml")),
        "{robots}"
    );
    Ok(())
}

/// When the archive cannot be loaded (its manifest fails), the
/// pre-rendered page stays, readable, and nothing breaks.
#[tokio::test]
async fn a_failing_archive_leaves_the_page_readable() -> Result<()> {
    let server = serve(&dist()?, "/")?;
    server.fake("data/archive/manifest.json", 503, "down for the test");
    let bundle = dist_bundle()?;
    let a = &bundle.articles[1];
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.goto(&format!("{}/a/{}/", server.origin, a.id)).await?;
    // The app has tried (its request for the manifest came back).
    b.wait_js(
        "the manifest's answer",
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('manifest.json') && e.responseEnd > 0);",
    )
    .await?;
    // It has drawn its failure (in its own, hidden, root) ...
    b.wait_js(
        "the app's message",
        "return !!document.querySelector('#app .notice.error');",
    )
    .await?;
    // ... and the pre-rendered article stays, readable.
    assert_eq!(b.text_of("#prerendered article.full h1").await?, a.title);
    let errors = b.js_errors().await?;
    assert!(errors.is_empty(), "errors: {errors:?}");
    b.close().await?;
    Ok(())
}
