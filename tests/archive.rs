//! The reader on an archive (the format for large collections): pages,
//! the date facet, sorting, search confirmed against the text, deep links,
//! and parts of the archive that fail to load while the rest do.
//!
//! The archive is built here from the default edition's articles, repeated
//! over three years (144 articles), with small chunks so that one page of
//! results spans several files. Expected results come from benbao-core.

use anyhow::{ensure, Context, Result};
use benbao_core::archive::{self, Manifest};
use benbao_core::catalog::Catalog;
use benbao_core::query::{Index, Query, Sort};
use benbao_core::Bundle;
use benbao_e2e::{archive_site_dir, repeated_edition, serve, Browser, StaticServer, TempDir};

const SIZES: [(u32, u32); 2] = [(360, 740), (1280, 800)];

struct Site {
    server: StaticServer,
    bundle: Bundle,
    manifest: Manifest,
    dir: TempDir,
}

impl Site {
    fn start(name: &str) -> Result<Site> {
        let bundle = repeated_edition()?;
        // (The default edition's archive files stay beside this one's.)
        let (dir, files) = archive_site_dir(&format!("archive-{name}"), &bundle, &[])?;
        let manifest = files
            .iter()
            .find(|f| f.0 == "manifest.json")
            .map(|f| serde_json::from_slice(&f.1))
            .context("a manifest")??;
        Ok(Site {
            server: serve(dir.path(), "/")?,
            bundle,
            manifest,
            dir,
        })
    }

    fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.origin)
    }

    /// The results of `query` (article numbers), in order, as benbao-core answers them.
    fn numbers(&self, query: &Query) -> Vec<u32> {
        let hits = Index::new(&self.bundle).text_hits(&query.text);
        Catalog::from_bundle(&self.bundle).results(query, hits.as_deref())
    }

    /// The summary chunk file that holds article `i`.
    fn summary_file_of(&self, i: u32) -> Result<String> {
        let files: archive::SummaryFiles = serde_json::from_slice(&std::fs::read(
            self.dir()
                .join("data/archive")
                .join(&self.manifest.summary_files),
        )?)?;
        Ok(files[i as usize / self.manifest.summary_chunk].clone())
    }

    /// Their titles.
    fn expected(&self, query: &Query) -> Vec<String> {
        self.numbers(query)
            .into_iter()
            .map(|i| self.bundle.articles[i as usize].title.clone())
            .collect()
    }
}

/// Waits until the whole page of results has settled: nothing loading, no
/// placeholder left. A card's files are fetched only once it is near the
/// screen, so each placeholder is scrolled to in turn; then back to the top.
async fn settled(b: &Browser) -> Result<()> {
    b.wait_js(
        "the list to settle",
        "const s = document.querySelector('.cards .skeleton-card'); if (s) { s.scrollIntoView(); return false; } const r = document.querySelector('.results'); return !!r && r.getAttribute('aria-busy') === 'false';",
    )
    .await?;
    b.js("window.scrollTo(0, 0);").await?;
    Ok(())
}

/// Waits until what is on screen has settled, without scrolling.
async fn screen_settled(b: &Browser) -> Result<()> {
    b.wait_js(
        "the screen to settle",
        "const r = document.querySelector('.results'); const s = [...document.querySelectorAll('.cards .skeleton-card')]; return !!r && r.getAttribute('aria-busy') === 'false' && document.querySelector('.cards .card .title') && s.every(e => e.getBoundingClientRect().top >= innerHeight);",
    )
    .await
}

/// Waits until the service worker's cache holds `file` of the archive
/// (of `len` bytes, when given).
async fn wait_cached(b: &Browser, file: &str, len: Option<usize>) -> Result<()> {
    let script = format!(
        "const done = arguments[0]; (async () => {{
            for (const n of await caches.keys()) {{
                const c = await caches.open(n);
                for (const r of await c.keys()) {{
                    if (!r.url.endsWith({file:?})) continue;
                    const text = await (await c.match(r)).text();
                    if ({len} < 0 || new TextEncoder().encode(text).length === {len}) return done(true);
                }}
            }}
            done(false);
        }})();",
        len = len.map_or(-1, |n| n as i64)
    );
    let start = std::time::Instant::now();
    loop {
        if b.client.execute_async(&script, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        ensure!(
            start.elapsed().as_secs() < 10,
            "the service worker never kept {file}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn titles(b: &Browser) -> Result<Vec<String>> {
    b.texts(".card .title a").await
}

#[tokio::test]
async fn an_archive_lists_by_page_date_and_order() -> Result<()> {
    let site = Site::start("pages")?;
    let all = site.expected(&Query::default());
    ensure!(all.len() == 144);
    for (w, h) in SIZES {
        let b = Browser::start(w, h).await?;
        b.record_js_errors().await?;
        b.open(&site.url("/")).await?;
        settled(&b).await?;
        ensure!(
            titles(&b).await? == all[..20],
            "[{w}px] the first page is the 20 newest"
        );
        ensure!(
            b.text_of("#result-count").await?.contains("144"),
            "[{w}px] the count is of every article"
        );
        ensure!(
            b.text_of(".pager .at").await?.contains("1 / 8"),
            "[{w}px] 8 pages of 20"
        );
        b.screenshot(&format!("archive-list-{w}")).await?;

        b.click(".pager a.next").await?;
        b.wait_js("page 2", "return location.search.includes('p=2');")
            .await?;
        settled(&b).await?;
        ensure!(
            titles(&b).await? == all[20..40],
            "[{w}px] page 2 follows page 1"
        );
        ensure!(
            b.client
                .find_all(fantoccini::Locator::Css(".cards > li"))
                .await?
                .len()
                == 20,
            "one page in the DOM"
        );

        // The date facet: a year, then a month of it; the order reversed.
        if w < 900 {
            b.click(".filters-toggle").await?;
        }
        b.click(".dates li:not([hidden]) > button.chip.date:not(.any)")
            .await?;
        b.wait_js(
            "the year chosen",
            "return location.search.includes('date=2018');",
        )
        .await?;
        ensure!(
            b.js("const a = document.activeElement; return !!a && !!a.closest('.dates') && a.textContent.includes('2018');").await? == true,
            "[{w}px] focus stays on the year pressed"
        );
        let year = Query {
            date: "2018".into(),
            ..Query::default()
        };
        b.wait_js(
            "the year's list",
            "return location.search.includes('date=2018') && !location.search.includes('p=2');",
        )
        .await?;
        settled(&b).await?;
        let expected = site.expected(&year);
        let count = b.text_of("#result-count").await?;
        ensure!(
            count.contains(&expected.len().to_string()),
            "[{w}px] the year's count: {count:?}, expected {}",
            expected.len()
        );
        b.click(".dates .months li:not([hidden]) > button").await?;
        b.wait_js(
            "a month",
            "return /date=2018-\\d\\d/.test(location.search);",
        )
        .await?;
        let month = b
            .location()
            .await?
            .split("date=")
            .nth(1)
            .unwrap_or("")
            .get(..7)
            .unwrap_or("")
            .to_string();
        let by_month = site.expected(&Query {
            date: month.clone(),
            ..Query::default()
        });
        if w < 900 {
            b.click(".filters .close").await?;
        }
        settled(&b).await?;
        ensure!(titles(&b).await? == by_month, "[{w}px] the month {month}");
        b.js("const s = document.querySelector('.sort select'); s.value = 'old'; s.dispatchEvent(new Event('change', { bubbles: true }));").await?;
        b.wait_js(
            "oldest first",
            "return location.search.includes('sort=old');",
        )
        .await?;
        settled(&b).await?;
        let oldest = site.expected(&Query {
            date: month,
            sort: Sort::Oldest,
            ..Query::default()
        });
        ensure!(titles(&b).await? == oldest, "[{w}px] oldest first");
        ensure!(b.js_errors().await?.is_empty(), "[{w}px] no uncaught error");
        ensure!(!b.scrolls_sideways().await?, "[{w}px] no sideways scroll");
        b.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn archive_search_is_exact_and_articles_open_by_link() -> Result<()> {
    let site = Site::start("search")?;
    let b = Browser::start(1280, 800).await?;
    for q in ["小营 答卷", "工会", "工匠精神"] {
        let query = Query {
            text: q.into(),
            ..Query::default()
        };
        let expected = site.expected(&query);
        b.open(&site.url(&format!("/{}", query.to_search())))
            .await?;
        settled(&b).await?;
        // Long terms are confirmed against the text: only true matches are shown.
        ensure!(
            titles(&b).await? == expected[..expected.len().min(20)],
            "{q}: the first page is the true matches, newest first"
        );
        let count = b.text_of("#result-count").await?;
        ensure!(
            count.contains(&expected.len().to_string()) || count.contains("最多"),
            "{q}: count {count:?} for {}",
            expected.len()
        );
    }
    b.screenshot("archive-search").await?;

    // A link straight to an article of the archive.
    let a = &site.bundle.articles[77];
    b.open(&site.url(&format!("/a/{}", a.id))).await?;
    b.wait_for_count("article.full h1", 1).await?;
    ensure!(b.text_of("article.full h1").await? == a.title);
    let body = b.text_of("article.full .body").await?;
    let first: String = a
        .paragraphs()
        .next()
        .map(|p| p.text.chars().take(10).collect())
        .unwrap_or_default();
    ensure!(
        !first.is_empty() && body.contains(&first),
        "its text is shown"
    );
    b.wait_for_count(".prevnext a", 2).await?;
    b.open(&site.url("/a/no-such-article")).await?;
    b.wait_for_count(".notice", 1).await?;
    b.close().await?;
    Ok(())
}

/// A card's summary chunk is fetched when the card is on screen or about to
/// be, as in a virtualised list: a phone that shows two cards of a page does
/// not download the files of all twenty at once. The rest of the page
/// follows once it has been left alone a moment (1.5 s), so that a screen
/// reader, which need not scroll, finds every result.
#[tokio::test]
async fn cards_below_the_screen_come_when_scrolled_to_or_after_a_moment() -> Result<()> {
    let site = Site::start("near")?;
    let names: Vec<String> = serde_json::from_slice(&std::fs::read(
        site.dir()
            .join("data/archive")
            .join(&site.manifest.summary_files),
    )?)?;
    let newest = site.numbers(&Query::default());
    let all = site.expected(&Query::default());
    // When the server sent the chunk of article `i` (ms since the epoch).
    let sent_at = |i: u32| {
        let name = format!("/{}", names[i as usize / site.manifest.summary_chunk]);
        site.server
            .sent()
            .iter()
            .find(|s| s.path.ends_with(&name))
            .map(|s| s.end_ms)
    };
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;

    // Left alone: the screen first, the rest a moment later, unscrolled.
    let page = &newest[20..40];
    b.open(&site.url("/?p=2")).await?;
    screen_settled(&b).await?;
    b.wait_for_count(".card .title", 20).await?;
    ensure!(
        titles(&b).await? == all[20..40],
        "the whole page comes unscrolled"
    );
    let (top, bottom) = (sent_at(page[0]), sent_at(page[19]));
    ensure!(
        matches!((top, bottom), (Some(t), Some(b)) if b - t >= 1000.0),
        "the last card's chunk comes a moment after the first's: {top:?}, {bottom:?}"
    );

    // Scrolled to at once: the bottom's chunk comes then, not a moment later.
    let page = &newest[40..60];
    b.open(&site.url("/?p=3")).await?;
    b.wait_for_count(".card .title", 1).await?;
    b.js("window.scrollTo(0, document.body.scrollHeight);")
        .await?;
    b.wait_for_count(".card .title", 20).await?;
    let (top, bottom) = (sent_at(page[0]), sent_at(page[19]));
    ensure!(
        matches!((top, bottom), (Some(t), Some(b)) if b - t < 1000.0),
        "scrolled to, the last card's chunk comes at once: {top:?}, {bottom:?}"
    );
    ensure!(titles(&b).await? == all[40..60], "page 3, scrolled through");

    // A search's answer draws its first screen; the cards below it are
    // drawn as they come near (their summaries may be at hand already).
    b.js("window.scrollTo(0, 0);").await?;
    b.js("const i = document.getElementById('q'); i.value = '工'; i.dispatchEvent(new Event('input', { bubbles: true }));")
        .await?;
    screen_settled(&b).await?;
    let drawn = b.texts(".cards .card .title").await?.len();
    let places = b.texts(".cards > li").await?.len();
    ensure!(
        places == 20 && (1..20).contains(&drawn),
        "the answer's first screen only: {drawn} cards of {places} places"
    );
    b.js("window.scrollTo(0, document.body.scrollHeight);")
        .await?;
    b.wait_for_count(".card .title", 20).await?;
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// A search whose shard is slow: the list stays as it was, and after a
/// moment the count says it is loading (not at once: a quick answer
/// replaces the list with no "loading" frame before it).
#[tokio::test]
async fn a_slow_search_says_it_is_loading() -> Result<()> {
    let site = Site::start("slow")?;
    let q = "工";
    let shard_files: archive::ShardFiles = serde_json::from_slice(&std::fs::read(
        site.dir()
            .join("data/archive")
            .join(&site.manifest.search_files),
    )?)?;
    let shard = shard_files[&archive::shard_of(q, site.manifest.shards)].clone();
    site.server.hang(&format!("data/archive/{shard}"));
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/")).await?;
    screen_settled(&b).await?;
    let before = b.texts(".card .title a").await?;
    b.js(&format!("const i = document.getElementById('q'); i.value = {q:?}; i.dispatchEvent(new Event('input', {{ bubbles: true }}));")).await?;
    b.wait_js(
        "the loading count",
        "return document.getElementById('result-count').textContent.includes('正在加载') && document.querySelector('.results').getAttribute('aria-busy') === 'true';",
    )
    .await?;
    ensure!(
        b.texts(".card .title a").await? == before,
        "the list stays as it was while the answer is on its way"
    );
    // And so does what goes with it: the clear button comes with the answer
    // (the filter panel drawn, so that its absence means something).
    b.wait_for_count("#filters-heading", 1).await?;
    ensure!(
        b.texts(".filters-head .clear").await?.is_empty(),
        "no clear button before the answer it would clear"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// A search's answer is drawn once, with its first screen, when that
/// screen's files come quickly: no placeholder flashes before the cards.
/// When one does not come, the answer is drawn anyway after a moment
/// (120 ms), with a placeholder in its place.
#[tokio::test]
async fn an_answer_is_drawn_whole_or_after_a_moment() -> Result<()> {
    let site = Site::start("whole")?;
    let b = Browser::start(1280, 800).await?;
    b.record_js_errors().await?;
    let oldest = |text: &str| Query {
        text: text.into(),
        sort: Sort::Oldest,
        ..Query::default()
    };
    // Oldest first: the list needs the catalogue, so it is here before
    // the search (which waits for a first screen only with it).
    b.open(&site.url(&format!("/{}", oldest("").to_search())))
        .await?;
    screen_settled(&b).await?;
    // Article 9, then 90-99, whose summaries have not been fetched yet.
    // (A two-character term: its postings are exact.)
    let expected = site.expected(&oldest("篇9"));
    ensure!(
        expected.len() > 5 && expected[1].contains("篇90"),
        "{expected:?}"
    );
    let chunk = site.summary_file_of(90)?;
    ensure!(
        !site.server.sent().iter().any(|s| s.path.ends_with(&chunk)),
        "{chunk} is not here before the search"
    );
    // Typing, then each frame until a placeholder is on the screen (those
    // below it wait to be scrolled to): when it was, if ever.
    let search = |text: &str| {
        format!("window.__placeholderAt = 0; window.__typedAt = performance.now();
            const frame = () => {{ if ([...document.querySelectorAll('.cards .skeleton-card')].some((s) => s.getBoundingClientRect().top < innerHeight)) window.__placeholderAt = performance.now(); else requestAnimationFrame(frame); }};
            requestAnimationFrame(frame);
            const i = document.getElementById('q'); i.value = {text:?}; i.dispatchEvent(new Event('input', {{ bubbles: true }}));")
    };
    b.js(&search("篇9")).await?;
    screen_settled(&b).await?;
    let shown = titles(&b).await?;
    ensure!(
        shown.len() > 1 && expected.starts_with(&shown),
        "the first screen of the matches: {shown:?}"
    );
    let flashed = b.js("return window.__placeholderAt;").await?;
    ensure!(
        flashed.as_f64() == Some(0.0),
        "no placeholder on the screen before its cards"
    );

    // Articles 50-59's summary file never comes: their answer is drawn
    // after the wait, with placeholders in their places.
    ensure!(site.expected(&oldest("篇5"))[1].contains("篇50"));
    let chunk = site.summary_file_of(50)?;
    ensure!(
        !site.server.sent().iter().any(|s| s.path.ends_with(&chunk)),
        "{chunk} is not here before the search"
    );
    site.server.hang(&format!("data/archive/{chunk}"));
    b.js(&search("篇5")).await?;
    b.wait_js(
        "the answer, with a placeholder",
        "return window.__placeholderAt > 0;",
    )
    .await?;
    let waited = b
        .js("return window.__placeholderAt - window.__typedAt;")
        .await?
        .as_f64()
        .unwrap_or(-1.0);
    ensure!(
        (100.0..2000.0).contains(&waited),
        "drawn with placeholders after the wait, not before it nor long after: {waited} ms"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// The first page comes from the manifest alone: the facets, needed only
/// for filtering, may fail (or be slow) without holding it up.
#[tokio::test]
async fn the_first_page_needs_no_facets() -> Result<()> {
    let site = Site::start("overview")?;
    let all = site.expected(&Query::default());
    let facets = format!("data/archive/{}", site.manifest.facets);
    site.server.fake(&facets, 503, "Service Unavailable");
    let b = Browser::start(1280, 800).await?;
    b.open(&site.url("/")).await?;
    b.wait_for_count(".card .title", 20).await?;
    ensure!(
        titles(&b).await? == all[..20],
        "the newest page, from the manifest's overview"
    );
    ensure!(b.text_of("#result-count").await?.contains("144"));
    b.wait_for_count(".results .notice.error", 1).await?;
    ensure!(
        b.text_of(".results .notice.error")
            .await?
            .contains(&site.manifest.facets),
        "the failure names the facets file"
    );
    site.server.unfake(&facets);
    b.click(".results .notice.error button").await?;
    b.wait_js(
        "the facets",
        "return !document.querySelector('.results .notice.error');",
    )
    .await?;
    b.click(".facet.topics a.chip.topic").await?;
    b.wait_js(
        "a topic chosen",
        "return location.pathname.startsWith('/t/');",
    )
    .await?;
    settled(&b).await?;
    // The topic's own page: /t/<id>/.
    let topic = b
        .location()
        .await?
        .trim_start_matches("/t/")
        .trim_end_matches('/')
        .to_string();
    let expected = site.expected(&Query {
        topics: vec![topic.clone()],
        ..Query::default()
    });
    ensure!(
        titles(&b).await? == expected[..expected.len().min(20)],
        "filtering by {topic} works once the facets are in"
    );
    b.close().await?;
    Ok(())
}

/// Issue 7: one file of a large archive fails while the rest load.
#[tokio::test]
async fn a_failing_part_of_an_archive_leaves_the_rest_readable() -> Result<()> {
    let site = Site::start("failing")?;
    let all = site.expected(&Query::default());
    // The first page comes with the manifest; the second spans summary
    // chunks (10 articles each): fail the newest of those.
    let second_page = &site.numbers(&Query::default())[20..40];
    let chunk = second_page[0] as usize / site.manifest.summary_chunk;
    let broken = site.summary_file_of(second_page[0])?;
    let readable: Vec<String> = second_page
        .iter()
        .filter(|&&i| i as usize / site.manifest.summary_chunk != chunk)
        .map(|&i| site.bundle.articles[i as usize].title.clone())
        .collect();
    ensure!(
        !readable.is_empty() && readable.len() < 20,
        "the page spans the broken chunk and others"
    );
    site.server.fake(
        &format!("data/archive/{broken}"),
        503,
        "Service Unavailable",
    );
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/?p=2")).await?;
    settled(&b).await?;
    ensure!(
        b.client
            .find_all(fantoccini::Locator::Css(".card.failed"))
            .await?
            .len()
            == 20 - readable.len(),
        "a failed place for each article of the broken chunk"
    );
    ensure!(
        titles(&b).await? == readable,
        "the other chunks' articles are shown"
    );
    ensure!(
        b.text_of(".notice.error").await?.contains(&broken),
        "the failure names the file"
    );
    let said = b
        .js("return [document.querySelectorAll('[role=alert]').length, document.querySelectorAll('.card.failed button').length];")
        .await?;
    ensure!(
        said == serde_json::json!([1, 0]),
        "said once above the cards, one retry, not one per card: {said}"
    );
    b.screenshot("archive-part-failed").await?;
    site.server.unfake(&format!("data/archive/{broken}"));
    b.click(".notice.error button").await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await? == all[20..40],
        "after retry, the whole page"
    );

    // A search shard that fails: a message and a retry, the filters still work.
    let q = "工匠";
    let gram_shard = archive::shard_of(q, site.manifest.shards);
    let shard_files: archive::ShardFiles = serde_json::from_slice(&std::fs::read(
        site.dir()
            .join("data/archive")
            .join(&site.manifest.search_files),
    )?)?;
    let shard = shard_files[&gram_shard].clone();
    site.server.fake(
        &format!("data/archive/{shard}"),
        500,
        "Internal Server Error",
    );
    b.js(&format!("const i = document.getElementById('q'); i.value = {q:?}; i.dispatchEvent(new Event('input', {{ bubbles: true }}));")).await?;
    b.wait_for_count(".results .notice.error", 1).await?;
    ensure!(
        b.text_of(".results .notice.error").await?.contains(&shard),
        "the message names the shard"
    );
    site.server.unfake(&format!("data/archive/{shard}"));
    b.click(".results .notice.error button").await?;
    let expected = site.expected(&Query {
        text: q.into(),
        ..Query::default()
    });
    b.wait_js(
        "the search after retry",
        "return !document.querySelector('.results .notice.error');",
    )
    .await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await? == expected[..expected.len().min(20)],
        "the search answers after retry"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// Issue 16: a manifest whose numbers the reader divides or allocates by is
/// refused with a message naming the field, not a panic and a dead app.
#[tokio::test]
async fn a_damaged_manifest_is_a_message_not_a_panic() -> Result<()> {
    let site = Site::start("damaged-manifest")?;
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    let damages: [(&str, serde_json::Value); 4] = [
        ("summary_chunk", 0.into()),
        ("body_chunk", 0.into()),
        ("shards", 0.into()),
        ("facets", "../../secret.json".into()),
    ];
    for (field, value) in damages {
        let mut manifest = serde_json::to_value(&site.manifest)?;
        manifest[field] = value;
        site.server.fake(
            "data/archive/manifest.json",
            200,
            serde_json::to_vec(&manifest)?,
        );
        b.open(&site.url("/")).await?;
        b.wait_for_count(".notice.error", 1).await?;
        let message = b.text_of(".notice.error").await?;
        ensure!(
            message.contains("manifest.json") && message.contains(field),
            "{field}: the message names the file and the field: {message}"
        );
    }
    b.screenshot("archive-damaged-manifest").await?;
    site.server.unfake("data/archive/manifest.json");
    b.click(".notice.error button").await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await?.len() == 20,
        "after the fix and a retry, the list"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// A summary chunk cut short on the way (a damaged or half-uploaded file)
/// is a failed file with a message, not a card that waits forever: its
/// content no longer matches the hash in its name. (A chunk *built* short,
/// with a name to match, and a list naming a file outside the archive are
/// cases of `damaged_archives.rs`.)
#[tokio::test]
async fn a_short_chunk_is_a_failure_not_a_wait() -> Result<()> {
    let site = Site::start("short-chunk")?;
    let second_page = &site.numbers(&Query::default())[20..40];
    let short = site.summary_file_of(second_page[0])?;
    site.server
        .fake(&format!("data/archive/{short}"), 200, "[]");
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/?p=2")).await?;
    settled(&b).await?;
    let failed = b.text_of(".notice.error").await?;
    ensure!(
        failed.contains(&short) && failed.contains("校验码不符"),
        "the failure names the file and what is wrong: {failed}"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}

/// Issue 18: after a visit, offline, a search looks through the articles
/// saved on this device (the summary chunks the service worker kept) and
/// says plainly that it searched only those.
#[tokio::test]
async fn offline_a_search_looks_through_the_saved_articles_and_says_so() -> Result<()> {
    let site = Site::start("offline-search")?;
    let b = Browser::start(1280, 800).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/")).await?;
    b.wait_service_worker().await?;
    // The second page: its summary chunks (and the list of them) kept.
    b.open(&site.url("/?p=2")).await?;
    settled(&b).await?;
    let seen = titles(&b).await?;
    ensure!(seen.len() == 20, "the second page");
    // A word of one of those titles, which other issues' copies share.
    let word: String = site.bundle.articles[0].title.chars().take(2).collect();
    let online: Vec<String> = site.expected(&Query {
        text: word.clone(),
        ..Query::default()
    });
    // The service worker keeps each file after it has gone to the page:
    // offline only once the page's chunks are in its cache.
    wait_cached(
        &b,
        &site.summary_file_of(site.numbers(&Query::default())[20])?,
        None,
    )
    .await?;
    site.server.set_down(true);
    b.set_offline(true).await?;
    b.client.refresh().await?;
    b.wait_app().await?;
    // (A pre-rendered page may go before the list is drawn.)
    b.wait_for_count("#q", 1).await?;
    b.js(&format!("const i = document.getElementById('q'); i.value = {word:?}; i.dispatchEvent(new Event('input', {{ bubbles: true }}));")).await?;
    let noted = b
        .wait_js_for(
            "the note that only saved articles were searched",
            "return [...document.querySelectorAll('.results .notice')].some(n => n.textContent.includes('本机保存'));",
            20,
        )
        .await;
    b.screenshot("offline-search").await?;
    noted?;
    settled(&b).await?;
    let found = titles(&b).await?;
    let note = b.text_of(".results .notice").await?;
    ensure!(!found.is_empty(), "the saved articles answer: {note}");
    ensure!(
        found.iter().all(|t| online.contains(t)),
        "every answer is one the whole archive gives: {found:?}"
    );
    ensure!(
        found.len() < online.len(),
        "only the saved ones ({} of {}): {note}",
        found.len(),
        online.len()
    );
    ensure!(
        b.client
            .find_all(fantoccini::Locator::Css(".results .notice.error"))
            .await?
            .is_empty(),
        "no failure shown"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.set_offline(false).await?;
    b.close().await?;
    Ok(())
}

/// Issue 18: a damaged copy of a hashed file (cut off on the way, or a
/// stale one in a cache) is fetched once more past every cache, and the
/// good copy then replaces it in the service worker's cache, so it also
/// reads offline.
#[tokio::test]
async fn a_damaged_copy_is_fetched_again_past_the_caches() -> Result<()> {
    let site = Site::start("refetch")?;
    let order = site.numbers(&Query::default());
    let chunk = site.summary_file_of(order[20])?;
    let path = format!("data/archive/{chunk}");
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/")).await?;
    b.wait_service_worker().await?;
    // The first answer cut off (the service worker keeps it, as it keeps
    // any answer), the second the real file.
    let good = std::fs::read(site.dir().join(&path))?;
    site.server
        .fake_once(&path, 200, good[..good.len() / 2].to_vec());
    b.open(&site.url("/?p=2")).await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await? == site.expected(&Query::default())[20..40],
        "the whole second page, from the copy fetched again"
    );
    let asked = site
        .server
        .sent()
        .iter()
        .filter(|s| s.path.ends_with(&chunk))
        .count();
    ensure!(
        asked == 2,
        "the chunk was asked for twice, not {asked} times"
    );
    ensure!(
        b.client
            .find_all(fantoccini::Locator::Css(".card.failed, .notice.error"))
            .await?
            .is_empty(),
        "no failure shown"
    );
    // Offline, the service worker's copy is the good one (once it is kept).
    wait_cached(&b, &chunk, Some(good.len())).await?;
    site.server.set_down(true);
    b.set_offline(true).await?;
    b.client.refresh().await?;
    b.wait_app().await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await? == site.expected(&Query::default())[20..40],
        "offline, the kept copy is the good one"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.set_offline(false).await?;
    b.close().await?;
    Ok(())
}

/// Issue 18: a deploy caught half-way. The host has the new manifest and
/// not yet the files it names: the service worker keeps answering with the
/// edition it has (whole), so the reader sees it and no error; once the
/// files are up, the next visit shows the new edition.
#[tokio::test]
async fn a_half_uploaded_edition_waits_until_its_files_are_up() -> Result<()> {
    let site = Site::start("half-deploy")?;
    let old = site.expected(&Query::default());
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.open(&site.url("/")).await?;
    b.wait_service_worker().await?;
    // Visited again under the worker, which keeps the manifest.
    b.open(&site.url("/")).await?;
    wait_cached(&b, "archive/manifest.json", None).await?;
    // The next edition: one article more, the newest.
    let mut newer = site.bundle.clone();
    let mut extra = newer.articles[0].clone();
    extra.id = "extra-1".into();
    extra.title = "新增的一篇".into();
    extra.date = newer.articles.iter().filter_map(|a| a.date.clone()).max();
    newer.articles.push(extra);
    // Printed on page 1: the new version has editions (the old had none).
    for a in &mut newer.articles {
        a.page = Some("1".into());
    }
    let new_order = Catalog::from_bundle(&newer).results(&Query::default(), None);
    let new_titles: Vec<String> = new_order
        .iter()
        .map(|&i| newer.articles[i as usize].title.clone())
        .collect();
    ensure!(
        new_titles[..20].contains(&"新增的一篇".to_string()),
        "the new article is on the first page"
    );
    let archive = site.dir().join("data/archive");
    let files = benbao_core::write::build(&newer, &benbao_e2e::small_layout());
    // The manifest uploaded first, the rest not yet.
    for (name, bytes) in &files {
        if name == "manifest.json" {
            std::fs::write(archive.join(name), bytes)?;
        }
    }
    for path in ["/", "/?p=2"] {
        b.open(&site.url(path)).await?;
        settled(&b).await?;
        let range = if path == "/" { 0..20 } else { 20..40 };
        let shown = titles(&b).await?;
        b.screenshot(&format!("half-deploy-{}", range.start))
            .await?;
        ensure!(
            shown == old[range.clone()],
            "{path}: the edition the reader has, whole: {shown:?}"
        );
        ensure!(
            b.client
                .find_all(fantoccini::Locator::Css(
                    ".card.failed, .notice.error, [role=alert]"
                ))
                .await?
                .is_empty(),
            "{path}: no failure shown"
        );
    }
    // Everything but the latest edition's month (which the home page
    // links): still the version the reader has.
    let latest: String = newer
        .articles
        .iter()
        .filter_map(|a| a.date.clone())
        .max()
        .context("a date")?;
    let month_file = format!("ed/{}-", &latest[..7]);
    let upload = |all: bool| -> Result<()> {
        for (name, bytes) in &files {
            if all || !name.starts_with(&month_file) {
                let path = archive.join(name);
                std::fs::create_dir_all(path.parent().context("a folder")?)?;
                std::fs::write(path, bytes)?;
            }
        }
        Ok(())
    };
    ensure!(
        files.iter().any(|(n, _)| n.starts_with(&month_file)),
        "the latest month's file"
    );
    upload(false)?;
    b.open(&site.url("/")).await?;
    settled(&b).await?;
    ensure!(
        titles(&b).await? == old[..20],
        "all but the latest edition's month: the version the reader has"
    );
    // The rest uploaded: the new edition.
    upload(true)?;
    b.open(&site.url("/")).await?;
    settled(&b).await?;
    let shown = titles(&b).await?;
    ensure!(
        shown == new_titles[..20],
        "the new edition once its files are up: {shown:?}"
    );
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}
