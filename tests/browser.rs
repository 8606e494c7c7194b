//! The built reader in headless Chromium, at phone (360×740) and desktop
//! (1280×800) sizes. Expected results come from benbao-core's own query
//! logic over the bundle dist/'s archive was made from (tested natively on its own), so these
//! tests check what the reader sees and does, not the arithmetic again.

use anyhow::{ensure, Result};
use benbao_core::query::{Index, Query};
use benbao_core::{BlockKind, Bundle};
use benbao_e2e::{dist, dist_bundle, fake_archive, serve, Browser, StaticServer};
use fantoccini::Locator;

const SIZES: [(u32, u32); 2] = [(360, 740), (1280, 800)];

/// Where the built site's archive manifest is.
const MANIFEST: &str = "data/archive/manifest.json";

struct Site {
    server: StaticServer,
    bundle: Bundle,
}

impl Site {
    fn start() -> Result<Site> {
        Ok(Site {
            server: serve(&dist()?, "/")?,
            bundle: dist_bundle()?,
        })
    }

    /// The same, its home page the app's plain page (no pre-rendered list):
    /// for the app's own messages when the archive fails (a pre-rendered
    /// page would stay in their place; `tests/prerender.rs`).
    fn start_plain() -> Result<Site> {
        let site = Site::start()?;
        site.server
            .fake("", 200, std::fs::read(dist()?.join("404.html"))?);
        Ok(site)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.origin)
    }

    /// A browser of this size on the unfiltered list, once the app has rendered it.
    async fn open_list(&self, width: u32, height: u32) -> Result<Browser> {
        let b = Browser::start(width, height).await?;
        b.open(&self.url("/")).await?;
        b.wait_exactly(".card", self.bundle.articles.len()).await?;
        Ok(b)
    }

    /// The titles benbao-core says answer `query`.
    fn expected(&self, region: Option<&str>, topic: Option<&str>, q: Option<&str>) -> Vec<String> {
        let index = Index::new(&self.bundle);
        index
            .results(&Query::from_params(region, topic, q))
            .into_iter()
            .map(|i| self.bundle.articles[i].title.clone())
            .collect()
    }
}

async fn titles(b: &Browser) -> Result<Vec<String>> {
    b.texts(".card .title a").await
}

async fn assert_no_sideways_scroll(b: &Browser, what: &str) -> Result<()> {
    ensure!(
        !b.scrolls_sideways().await?,
        "[{}px] {what} scrolls sideways",
        b.width
    );
    Ok(())
}

/// Opens the filters: the sheet on a phone; on a desktop they are always there.
async fn open_filters(b: &Browser) -> Result<()> {
    if b.is_phone() {
        b.click(".filters-toggle").await?;
        b.wait_js(
            "the filter sheet",
            "return getComputedStyle(document.getElementById('filters')).display !== 'none';",
        )
        .await?;
    }
    Ok(())
}

async fn close_filters(b: &Browser) -> Result<()> {
    if b.is_phone() {
        b.click(".filters .close").await?;
        b.wait_js(
            "the sheet to close",
            "return getComputedStyle(document.getElementById('filters')).display === 'none';",
        )
        .await?;
    }
    Ok(())
}

/// Every headline of the bundle shows, in order; a click opens the article with its full text.
#[tokio::test]
async fn list_shows_every_headline_and_an_article_opens() -> Result<()> {
    let site = Site::start()?;
    let bundle = &site.bundle;
    ensure!(
        bundle.articles.len() == 8,
        "the default edition is the 8-article seed page, got {}",
        bundle.articles.len()
    );
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        let expected: Vec<String> = bundle.articles.iter().map(|a| a.title.clone()).collect();
        assert_eq!(
            titles(&b).await?,
            expected,
            "[{width}px] headlines on the list"
        );
        assert_no_sideways_scroll(&b, "the list").await?;
        assert_eq!(b.client.title().await?, "本报");
        b.screenshot("list").await?;

        // Open the article with a cut-off paragraph: the most complex one.
        let (index, article) = bundle
            .articles
            .iter()
            .enumerate()
            .find(|(_, a)| a.blocks.iter().any(|x| x.truncated))
            .expect("the seed has a cut-off article");
        b.client.find_all(Locator::Css(".card .title a")).await?[index]
            .click()
            .await?;
        assert_eq!(
            b.text_of("article.full h1").await?,
            article.title,
            "[{width}px] article headline"
        );
        assert_eq!(
            b.location().await?,
            format!("/a/{}/", article.id),
            "[{width}px] article URL"
        );
        let paragraphs = b.texts("article.full .body p:not(.caption)").await?;
        let expected: Vec<_> = article.paragraphs().collect();
        assert_eq!(
            paragraphs.len(),
            expected.len(),
            "[{width}px] paragraph count"
        );
        for (shown, block) in paragraphs.iter().zip(&expected) {
            assert!(
                shown.starts_with(&block.text),
                "[{width}px] paragraph text: {shown:?} vs {:?}",
                block.text
            );
        }
        let headings = b.texts("article.full .body h2").await?;
        assert_eq!(
            headings.len(),
            article
                .blocks
                .iter()
                .filter(|x| x.kind == BlockKind::Heading)
                .count()
        );
        assert_eq!(
            b.texts("article.full .caption").await?.len(),
            article
                .blocks
                .iter()
                .filter(|x| x.kind == BlockKind::Caption)
                .count()
        );
        assert_eq!(
            b.texts("article.full .cut").await?.len(),
            1,
            "[{width}px] the cut-off paragraph is marked"
        );
        assert!(
            b.client.title().await?.starts_with(&article.title),
            "[{width}px] document title follows the article"
        );
        assert_no_sideways_scroll(&b, "the article").await?;
        b.screenshot("article").await?;

        b.click("nav.back a").await?;
        b.wait_exactly(".card", 8).await?;
        b.close().await?;
    }
    Ok(())
}

/// The two 宁波 articles, through the region tree (a sheet on phones, a sidebar on desktops).
#[tokio::test]
async fn region_filter_finds_the_ningbo_articles() -> Result<()> {
    let site = Site::start()?;
    let expected = site.expected(Some("330200"), None, None);
    ensure!(
        expected.len() == 2,
        "the seed has two 宁波 articles: {expected:?}"
    );
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        open_filters(&b).await?;
        assert_no_sideways_scroll(&b, "the filters").await?;
        b.screenshot("filters").await?;
        // The tree shows each region with its articles under the other filters.
        let label = b.text_of("label[for='region-330200']").await?;
        assert!(
            label.contains("宁波市") && label.ends_with('2'),
            "[{width}px] 宁波 option: {label:?}"
        );
        // A city's places are hidden until asked for.
        let hidden = b
            .js("return !document.getElementById('region-330522') && document.querySelector(\"button[aria-controls='sub-330500']\").getAttribute('aria-expanded') === 'false';")
            .await?;
        assert_eq!(
            hidden.as_bool(),
            Some(true),
            "[{width}px] 湖州's places hidden at first"
        );
        b.click("button[aria-controls='sub-330500']").await?;
        b.wait_js(
            "湖州's places shown",
            "return !!document.getElementById('region-330522') && document.querySelector(\"button[aria-controls='sub-330500']\").getAttribute('aria-expanded') === 'true';",
        )
        .await?;
        b.screenshot("filters-open-city").await?;
        b.click("label[for='region-330200']").await?;
        b.wait_js(
            "region in the URL",
            "return location.pathname === '/r/330200/';",
        )
        .await?;
        close_filters(&b).await?;
        b.wait_exactly(".card", 2).await?;
        assert_eq!(titles(&b).await?, expected, "[{width}px] 宁波 articles");
        assert!(b.text_of("#result-count").await?.contains('2'));
        assert!(
            b.client.title().await?.starts_with("宁波市"),
            "[{width}px] title follows the filter"
        );
        b.screenshot("ningbo").await?;
        // Chosen, 宁波 counts its own articles (not what unticking it gives),
        // and a county chosen inside it narrows the list to the county.
        open_filters(&b).await?;
        let label = b.text_of("label[for='region-330200']").await?;
        let own =
            Index::new(&site.bundle).region_counts(&Query::from_params(Some("330200"), None, None))
                ["330200"];
        let shown: String = label
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        assert_eq!(
            shown.chars().rev().collect::<String>(),
            own.to_string(),
            "[{width}px] chosen 宁波 counts its own: {label:?}"
        );
        let zhenhai = site.expected(Some("330211"), None, None);
        ensure!(
            !zhenhai.is_empty() && zhenhai.len() < 2,
            "the seed has a 镇海 article: {zhenhai:?}"
        );
        b.js("const e = document.querySelector(\"button[aria-controls='sub-330200']\"); if (e && e.getAttribute('aria-expanded') === 'false') e.click();")
            .await?;
        b.wait_for_count("#region-330211", 1).await?;
        b.click("label[for='region-330211']").await?;
        b.wait_js(
            "the county alone in the URL",
            "return location.pathname === '/r/330211/' && !location.search;",
        )
        .await?;
        close_filters(&b).await?;
        b.wait_exactly(".card", zhenhai.len()).await?;
        assert_eq!(titles(&b).await?, zhenhai, "[{width}px] 宁波 → 镇海区");
        b.close().await?;
    }
    Ok(())
}

/// On a phone, Back with the filter sheet open goes back and leaves the
/// sheet, rather than showing it over the page gone back to.
#[tokio::test]
async fn back_leaves_the_filter_sheet() -> Result<()> {
    let site = Site::start()?;
    let b = site.open_list(360, 740).await?;
    open_filters(&b).await?;
    b.click("label[for='region-330200']").await?;
    b.wait_js(
        "宁波 in the URL",
        "return location.pathname === '/r/330200/';",
    )
    .await?;
    let open = b
        .js("return getComputedStyle(document.getElementById('filters')).display !== 'none';")
        .await?;
    ensure!(
        open.as_bool() == Some(true),
        "the sheet stays open while choosing"
    );
    b.js("history.back();").await?;
    b.wait_js(
        "back on the whole list, the sheet closed, focus on its button",
        "return location.pathname === '/' && getComputedStyle(document.getElementById('filters')).display === 'none' && document.querySelector('.filters-toggle').getAttribute('aria-expanded') === 'false' && document.activeElement === document.querySelector('.filters-toggle');",
    )
    .await?;
    b.close().await?;
    Ok(())
}

/// Topic chips: OR within the facet, counts of each topic under the other filters, one tap clears all.
#[tokio::test]
async fn topic_chips_filter_and_clear() -> Result<()> {
    let site = Site::start()?;
    let index = Index::new(&site.bundle);
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        open_filters(&b).await?;
        let counts = index.topic_counts(&Query::default());
        for (id, info) in &site.bundle.topics {
            let chip = b
                .client
                .find(Locator::XPath(&format!(
                    "//a[contains(@class,'topic')][span[@class='name' and text()='{}']]",
                    info.zh
                )))
                .await?;
            let text = chip.text().await?;
            assert!(
                text.ends_with(&counts[id].to_string()),
                "[{width}px] chip {id}: {text:?} vs {}",
                counts[id]
            );
        }
        let craftsmen = b
            .client
            .find(Locator::XPath(
                "//a[contains(@class,'topic')][span[text()='工匠劳模']]",
            ))
            .await?;
        craftsmen.click().await?;
        b.wait_js(
            "topic in the URL",
            "return location.pathname === '/t/craftsmen/';",
        )
        .await?;
        assert_eq!(
            craftsmen.attr("aria-current").await?.as_deref(),
            Some("true")
        );
        let honors = b
            .client
            .find(Locator::XPath(
                "//a[contains(@class,'topic')][span[text()='表彰荣誉']]",
            ))
            .await?;
        honors.click().await?;
        b.wait_js(
            "both topics",
            "return location.search.includes('topic=craftsmen,honors');",
        )
        .await?;
        let expected = site.expected(None, Some("craftsmen,honors"), None);
        b.wait_exactly(".card", expected.len()).await?;
        assert_eq!(
            titles(&b).await?,
            expected,
            "[{width}px] craftsmen OR honors"
        );
        b.click(".filters .clear").await?;
        b.wait_exactly(".card", 8).await?;
        assert_eq!(b.location().await?, "/");
        b.close().await?;
    }
    Ok(())
}

/// Search as the reader types, one character or several, punctuation separating terms, with matches marked.
#[tokio::test]
async fn search_finds_substrings_and_marks_them() -> Result<()> {
    let site = Site::start()?;
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        let input = b.client.find(Locator::Css("#q")).await?;
        for q in [
            "工匠",
            "匠",
            "镇海、龙游",
            "镇海,龙游",
            "“工匠”",
            "工会，职工",
        ] {
            input.clear().await?;
            input.send_keys(q).await?;
            let expected = site.expected(None, None, Some(q));
            ensure!(!expected.is_empty(), "the seed has {q}");
            b.wait_js(
                &format!("results for {q}"),
                &format!("return decodeURIComponent(location.search) === '?q={q}';"),
            )
            .await?;
            // Every card drawn (those below the screen come after a moment).
            b.wait_exactly(".card .title", expected.len()).await?;
            assert_eq!(titles(&b).await?, expected, "[{width}px] results for {q:?}");
            let marks = b.texts(".card mark").await?;
            assert!(!marks.is_empty(), "[{width}px] {q:?} is highlighted");
            if q == "工匠" {
                assert!(
                    marks.iter().all(|m| m == "工匠"),
                    "[{width}px] marks: {marks:?}"
                );
                b.screenshot("search").await?;
            }
        }
        // The marks are elements, and the text around them is text: no markup injected.
        let html_in_text = b.js("return [...document.querySelectorAll('.card mark')].every(m => m.children.length === 0);").await?;
        assert_eq!(html_in_text.as_bool(), Some(true));
        b.close().await?;
    }
    Ok(())
}

/// A shared link opens exactly its view; reload, back and forward keep it.
#[tokio::test]
async fn shared_links_reload_and_history_restore_the_view() -> Result<()> {
    let site = Site::start()?;
    let expected = site.expected(Some("330825"), Some("cooperation"), Some("结盟"));
    ensure!(expected.len() == 1, "{expected:?}");
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        let shared = site.url("/?region=330825&topic=cooperation&q=%E7%BB%93%E7%9B%9F");
        b.open(&shared).await?;
        for round in ["first load", "reload"] {
            b.wait_exactly(".card", 1).await?;
            assert_eq!(titles(&b).await?, expected, "[{width}px] {round}");
            assert_eq!(
                b.js("return document.getElementById('q').value;")
                    .await?
                    .as_str(),
                Some("结盟")
            );
            // (On a phone the filter sheet is drawn once the page is idle.)
            b.wait_for_count("#region-330825", 1).await?;
            assert_eq!(
                b.js("return document.getElementById('region-330825').checked;")
                    .await?
                    .as_bool(),
                Some(true),
                "[{width}px] {round}: 龙游 ticked"
            );
            assert!(
                b.client.title().await?.contains("龙游县"),
                "[{width}px] {round}: title"
            );
            b.client.refresh().await?;
            b.wait_app().await?;
        }
        b.click(".card .title a").await?;
        b.wait_for_count("article.full h1", 1).await?;
        assert!(
            b.location()
                .await?
                .ends_with("?region=330825&topic=cooperation&q=结盟"),
            "the article keeps the list's query"
        );
        assert!(
            !b.texts("article.full mark").await?.is_empty(),
            "matches are marked in the article too"
        );
        b.client.back().await?;
        b.wait_exactly(".card", 1).await?;
        assert_eq!(
            b.location().await?,
            "/?region=330825&topic=cooperation&q=结盟"
        );
        b.client.forward().await?;
        b.wait_for_count("article.full h1", 1).await?;
        b.close().await?;
    }
    Ok(())
}

/// A deep link to an article loads (404.html), with previous/next and links to filtered lists.
#[tokio::test]
async fn article_page_links_around() -> Result<()> {
    let site = Site::start()?;
    let articles = &site.bundle.articles;
    let last = articles.last().unwrap();
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.open(&site.url(&format!("/a/{}", last.id))).await?;
        assert_eq!(b.text_of("article.full h1").await?, last.title);
        assert!(
            b.texts(".prevnext .next").await?.is_empty(),
            "the last article has no next"
        );
        b.click(".prevnext .prev").await?;
        b.wait_js(
            "the previous article",
            &format!(
                "return location.pathname === '/a/{}/';",
                articles[articles.len() - 2].id
            ),
        )
        .await?;
        assert_eq!(
            b.text_of("article.full h1").await?,
            articles[articles.len() - 2].title
        );
        // Region links open the list filtered by that region.
        let region = &articles[articles.len() - 2].regions[0];
        b.click(".headline .chip.region").await?;
        b.wait_js(
            "the filtered list",
            &format!("return location.pathname === '/r/{region}/';"),
        )
        .await?;
        b.wait_exactly(".card", site.expected(Some(region), None, None).len())
            .await?;
        b.close().await?;
    }
    Ok(())
}

/// The city map shows counts and filters by city.
#[tokio::test]
async fn map_tiles_filter_by_city() -> Result<()> {
    let site = Site::start()?;
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        open_filters(&b).await?;
        let tile = b
            .client
            .find(Locator::Css(".map a[aria-label^='宁波']"))
            .await?;
        assert_eq!(tile.attr("aria-label").await?.as_deref(), Some("宁波 2 篇"));
        b.js("window.benbaoMarker = 42;").await?;
        tile.click().await?;
        b.wait_js(
            "宁波 selected",
            "return location.pathname === '/r/330200/';",
        )
        .await?;
        assert_eq!(
            b.js("return window.benbaoMarker;").await?.as_i64(),
            Some(42),
            "navigated in-app, no page reload"
        );
        assert!(b.js("return document.querySelector('.map a[aria-label^=\"宁波\"]').classList.contains('selected');").await?.as_bool().unwrap_or(false));
        close_filters(&b).await?;
        b.wait_exactly(".card", 2).await?;
        b.close().await?;
    }
    Ok(())
}

/// English UI with place names in pinyin; the choice survives a reload.
#[tokio::test]
async fn english_switch_is_remembered() -> Result<()> {
    let site = Site::start()?;
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.open(&site.url("/?region=330211")).await?;
        b.wait_exactly(".card", 1).await?;
        b.click("button.lang").await?;
        b.wait_js("English", "return document.documentElement.lang === 'en';")
            .await?;
        assert_eq!(b.text_of("#result-count").await?, "1 article");
        let chips = b.texts(".card .chip.region").await?;
        assert!(
            chips.contains(&"Zhenhai".to_string()),
            "[{width}px] pinyin chips: {chips:?}"
        );
        // The paper's text stays marked Chinese (a screen reader's voice),
        // the tags English.
        let langs = b
            .js("const c = document.querySelector('.card'); return [c.querySelector('.title').closest('[lang]').lang, c.querySelector('.chip').closest('[lang]').lang];")
            .await?;
        assert_eq!(
            langs,
            serde_json::json!(["zh-CN", "en"]),
            "[{width}px] lang of text and tags"
        );
        b.client.refresh().await?;
        b.wait_app().await?;
        b.wait_exactly(".card", 1).await?;
        assert_eq!(
            b.js("return document.documentElement.lang;")
                .await?
                .as_str(),
            Some("en")
        );
        b.screenshot("english").await?;
        b.click("button.lang").await?;
        b.wait_js(
            "Chinese",
            "return document.documentElement.lang === 'zh-CN';",
        )
        .await?;
        b.close().await?;
    }
    Ok(())
}

/// No results: say so and offer to clear.
#[tokio::test]
async fn empty_results_offer_to_clear() -> Result<()> {
    let site = Site::start()?;
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.open(&site.url("/?q=%E6%B2%A1%E6%9C%89%E7%9A%84%E8%AF%8Dxyz"))
            .await?;
        b.wait_for_count(".results .empty", 1).await?;
        let said = b.text_of(".results .empty").await?;
        // What was searched for, and a button that says what it clears.
        assert!(
            said.contains("没有找到含“没有的词xyz”的文章") && said.contains("清除搜索"),
            "[{width}px] {said:?}"
        );
        b.screenshot("empty").await?;
        b.click(".results .empty .clear").await?;
        b.wait_exactly(".card", 8).await?;
        // With a filter on too, the search is not named (the articles with
        // it may be elsewhere), and the button clears the filters.
        b.open(&site.url("/?region=330211&q=%E5%BA%86%E5%85%83"))
            .await?;
        b.wait_for_count(".results .empty", 1).await?;
        let said = b.text_of(".results .empty").await?;
        assert!(
            said.contains("没有符合条件的文章") && said.contains("清除筛选"),
            "[{width}px] {said:?}"
        );
        b.close().await?;
    }
    Ok(())
}

/// Keyboard alone: search, filter and open an article.
#[tokio::test]
async fn keyboard_alone_can_filter_search_and_read() -> Result<()> {
    use fantoccini::key::Key;
    let site = Site::start()?;
    let b = Browser::start(1280, 800).await?;
    b.open(&site.url("/")).await?;
    b.wait_exactly(".card", 8).await?;
    let tab = |n: usize| {
        (0..n)
            .map(|_| char::from(Key::Tab).to_string())
            .collect::<String>()
    };
    // Skip link first, then brand, language, search box.
    let body = b.client.find(Locator::Css("body")).await?;
    body.send_keys(&tab(1)).await?;
    assert_eq!(
        b.js("return document.activeElement.className;")
            .await?
            .as_str(),
        Some("skip")
    );
    b.client
        .find(Locator::Css("#q"))
        .await?
        .send_keys("工匠")
        .await?;
    b.wait_js("search", "return location.search.startsWith('?q=');")
        .await?;
    // Show 湖州's places with the keyboard, then toggle 长兴 with the space bar.
    b.js("document.querySelector(\"button[aria-controls='sub-330500']\").focus();")
        .await?;
    b.client.active_element().await?.send_keys(" ").await?;
    b.wait_js(
        "湖州's places shown",
        "return !!document.getElementById('region-330522');",
    )
    .await?;
    b.js("document.getElementById('region-330522').focus();")
        .await?;
    b.client.active_element().await?.send_keys(" ").await?;
    b.wait_js(
        "region by keyboard",
        "return location.search.includes('region=330522');",
    )
    .await?;
    b.js("document.querySelector('.card .title a').focus();")
        .await?;
    let visible = b.js("const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && s.outlineWidth !== '0px';").await?;
    assert_eq!(visible.as_bool(), Some(true), "focus is visible");
    b.client
        .active_element()
        .await?
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    b.wait_for_count("article.full h1", 1).await?;
    // Focus is not lost with the card: it is at the page's start, and
    // the next Tab reaches the way back to the list.
    b.wait_js(
        "focus at the article's start",
        "return document.activeElement === document.getElementById('main');",
    )
    .await?;
    b.client
        .active_element()
        .await?
        .send_keys(&char::from(Key::Tab).to_string())
        .await?;
    let next = b
        .js("return document.activeElement.closest('nav.back') !== null;")
        .await?;
    assert_eq!(next.as_bool(), Some(true), "Tab goes on to the way back");
    b.close().await?;
    Ok(())
}

/// axe-core finds no violations on the list, a filtered list, the open sheet and an article.
#[tokio::test]
async fn axe_finds_no_accessibility_violations() -> Result<()> {
    let site = Site::start()?;
    let article = &site.bundle.articles[6];
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        for (what, path, ready) in [
            ("list", "/".to_string(), ".card"),
            (
                "filtered list",
                "/?region=330200&topic=organization&q=%E5%B7%A5%E4%BC%9A".to_string(),
                ".card",
            ),
            ("article", format!("/a/{}", article.id), "article.full h1"),
        ] {
            b.open(&site.url(&path)).await?;
            b.wait_for_count(ready, 1).await?;
            if what == "filtered list" {
                open_filters(&b).await?;
            }
            let violations = b.axe().await?;
            assert!(violations.is_empty(), "[{width}px] {what}: {violations:#?}");
        }
        b.close().await?;
    }
    Ok(())
}

/// A failing host gives a message and a retry button, never a blank page.
#[tokio::test]
async fn a_failed_load_says_what_failed_and_retries() -> Result<()> {
    let site = Site::start_plain()?;
    site.server.fake(MANIFEST, 500, "Internal Server Error");
    let b = Browser::start(360, 740).await?;
    b.open(&site.url("/")).await?;
    let message = b.text_of(".notice.error").await?;
    assert!(message.contains("500"), "{message}");
    b.screenshot("load-error").await?;
    site.server.unfake(MANIFEST);
    b.click(".notice.error button").await?;
    b.wait_exactly(".card", 8).await?;
    b.close().await?;
    Ok(())
}

/// Codes the bundle does not name are shown as they are, not dropped.
#[tokio::test]
async fn unknown_codes_are_shown_plainly() -> Result<()> {
    let site = Site::start()?;
    let mut bundle = site.bundle.clone();
    bundle.articles[0].regions = vec!["130105".into()];
    bundle.articles[0].topics = vec!["mystery".into()];
    fake_archive(&site.server, &bundle);
    let b = Browser::start(1280, 800).await?;
    b.open(&site.url("/")).await?;
    b.wait_exactly(".card", 8).await?;
    let chips = b
        .texts(".card:first-child .chip, .cards li:first-child .chip")
        .await?;
    assert!(
        chips.contains(&"130105".to_string()) && chips.contains(&"mystery".to_string()),
        "{chips:?}"
    );
    // Under its (unnamed) city, whose places show on asking.
    b.click("button[aria-controls='sub-130100']").await?;
    assert!(b
        .text_of("label[for='region-130105']")
        .await?
        .contains("130105"));
    b.close().await?;
    Ok(())
}

/// Each topic group leads its topics in the filters, filters broadly, and
/// is not shown on the cards (they name the topics themselves).
#[tokio::test]
async fn topic_groups_lead_their_topics() -> Result<()> {
    let site = Site::start()?;
    let groups: Vec<&String> = site
        .bundle
        .topics
        .keys()
        .filter(|id| site.bundle.is_topic_group(id))
        .collect();
    assert!(!groups.is_empty(), "the default edition has topic groups");
    let unions = &site.bundle.topics["unions"];
    let in_unions = site
        .bundle
        .articles
        .iter()
        .filter(|a| a.topics.iter().any(|t| t == "unions"))
        .count();
    for (width, height) in SIZES {
        let b = site.open_list(width, height).await?;
        let card_topics = b.texts(".card .chip.topic").await?;
        assert!(
            !card_topics.contains(&unions.zh),
            "[{width}px] a card names a group: {card_topics:?}"
        );
        open_filters(&b).await?;
        // Every chip after a group, up to the next group, is one of its topics.
        let chips = b.texts(".facet.topics .chip .name").await?;
        let id_of = |name: &String| {
            site.bundle
                .topics
                .iter()
                .find(|(_, t)| &t.zh == name)
                .map(|(id, _)| id.clone())
                .unwrap_or_default()
        };
        let mut current: Option<String> = None;
        for name in &chips {
            let id = id_of(name);
            if site.bundle.is_topic_group(&id) {
                current = Some(id);
            } else if let Some(group) = &current {
                let parent = site.bundle.topics[&id].parent.clone();
                if parent.as_ref() != Some(group) {
                    // Past the groups: the topics that have none.
                    assert!(
                        parent.is_none(),
                        "[{width}px] {name} is not under its group: {chips:?}"
                    );
                    current = None;
                }
            }
        }
        assert!(chips.contains(&unions.zh), "[{width}px] {chips:?}");
        b.js("document.querySelector('.facet.topics').scrollIntoView();")
            .await?;
        b.screenshot("topic-groups").await?;
        b.client
            .find(Locator::XPath(&format!(
                "//a[contains(@class,'group')][span[@class='name' and text()='{}']]",
                unions.zh
            )))
            .await?
            .click()
            .await?;
        b.wait_js(
            "the group in the URL",
            "return location.pathname === '/t/unions/';",
        )
        .await?;
        close_filters(&b).await?;
        b.wait_exactly(".card", in_unions).await?;
        b.close().await?;
    }
    Ok(())
}

/// Back from an article lands where the reader left the list.
#[tokio::test]
async fn back_to_the_list_keeps_the_scroll_place() -> Result<()> {
    let site = Site::start()?;
    let b = Browser::start(360, 740).await?;
    b.open(
        &site
            .url("/?topic=services,organization,cooperation,training,craftsmen,honors,competition"),
    )
    .await?;
    b.wait_for_count(".card", 5).await?;
    b.js("document.querySelectorAll('.card')[4].scrollIntoView();")
        .await?;
    let before = b
        .js("return Math.round(window.scrollY);")
        .await?
        .as_i64()
        .unwrap_or(0);
    ensure!(before > 500, "the list scrolled down ({before})");
    b.client.find_all(Locator::Css(".card .title a")).await?[4]
        .click()
        .await?;
    b.wait_for_count("article.full h1", 1).await?;
    b.click("nav.back a").await?;
    b.wait_js(
        "the list scrolled back",
        &format!("return Math.abs(window.scrollY - {before}) < 40;"),
    )
    .await?;
    b.close().await?;
    Ok(())
}

/// Dark mode follows the system setting.
#[tokio::test]
async fn dark_mode_follows_the_system() -> Result<()> {
    let site = Site::start()?;
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] })).await?;
        b.open(&site.url("/?q=%E5%B7%A5%E5%8C%A0")).await?;
        b.wait_for_count(".card", 1).await?;
        let background = b
            .js("return getComputedStyle(document.body).backgroundColor;")
            .await?;
        assert_eq!(
            background.as_str(),
            Some("rgb(22, 21, 19)"),
            "[{width}px] dark background"
        );
        b.screenshot("dark").await?;
        b.close().await?;
    }
    Ok(())
}

/// Markup in the data stays text; an HTML page where the manifest should
/// be is named as such. (A bundle with broken articles never reaches the
/// reader: `cargo xtask build` leaves them out and names them.)
#[tokio::test]
async fn markup_stays_text_and_an_html_page_is_named() -> Result<()> {
    let site = Site::start_plain()?;
    let mut bundle = site.bundle.clone();
    bundle.articles[1].title =
        "<img src=x onerror=alert(1)><script>window.injected=1</script>标题".into();
    let faked = fake_archive(&site.server, &bundle);
    let b = Browser::start(360, 740).await?;
    b.open(&site.url("/")).await?;
    b.wait_exactly(".card", 8).await?;
    let title = b.texts(".card .title a").await?.remove(1);
    assert!(
        title.starts_with("<img src=x onerror=alert(1)><script>"),
        "markup shown as text: {title}"
    );
    assert_eq!(b.js("return document.querySelectorAll('main img, main script').length + (window.injected || 0);").await?.as_i64(), Some(0));
    b.screenshot("markup-as-text").await?;
    for path in &faked {
        site.server.unfake(path);
    }

    site.server
        .fake(MANIFEST, 200, "<!DOCTYPE html><title>Bad gateway</title>");
    b.client.refresh().await?;
    b.wait_app().await?;
    assert!(
        b.text_of(".notice.error").await?.contains("HTML"),
        "an HTML error page is named as such"
    );
    b.close().await?;
    Ok(())
}

/// A connection that hangs is cut after a while, with a message and a retry.
#[tokio::test]
async fn a_hanging_host_times_out_and_retries() -> Result<()> {
    let site = Site::start_plain()?;
    site.server.hang(MANIFEST);
    let b = Browser::start(1280, 800).await?;
    b.open(&site.url("/")).await?;
    b.wait_js(
        "a skeleton while loading",
        "return !!document.querySelector('.skeleton[aria-busy]');",
    )
    .await?;
    b.wait_js_for("the time-out message", "const e = document.querySelector('.notice.error'); return !!e && e.textContent.includes('没有回应');", 40).await?;
    site.server.unfake(MANIFEST);
    b.click(".notice.error button").await?;
    b.wait_exactly(".card", 8).await?;
    b.close().await?;
    Ok(())
}

/// A 404 for the manifest (a deploy that forgot data/) says so.
#[tokio::test]
async fn a_missing_manifest_says_so() -> Result<()> {
    let site = Site::start_plain()?;
    site.server.fake(MANIFEST, 404, "Not Found");
    let b = Browser::start(360, 740).await?;
    b.open(&site.url("/")).await?;
    assert!(b.text_of(".notice.error").await?.contains("404"));
    b.close().await?;
    Ok(())
}

/// The article page's code is a file of its own (the first page does not
/// need it): when the host cannot send it, following a link says so with a
/// retry, which opens the article once the file is back.
#[tokio::test]
async fn a_missing_code_file_is_said_with_a_retry() -> Result<()> {
    let site = Site::start()?;
    let file = std::fs::read_dir(dist()?)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("split_benbao_article-") && n.ends_with(".wasm"))
        .ok_or_else(|| anyhow::anyhow!("dist has no split_benbao_article-*.wasm"))?;
    site.server.fake(&file, 404, "not here");
    let b = Browser::start(360, 740).await?;
    b.open(&site.url("/")).await?;
    b.wait_for_count(".card .title a", 1).await?;
    b.click(".card .title a").await?;
    b.wait_for_count(".notice.error button", 1).await?;
    ensure!(
        b.text_of(".notice.error p").await?.contains("程序文件"),
        "the notice says what failed"
    );
    b.screenshot("code-file-missing").await?;
    site.server.unfake(&file);
    b.click(".notice.error button").await?;
    assert_eq!(
        b.text_of("article.full h1").await?,
        site.bundle.articles[0].title
    );
    b.close().await?;
    Ok(())
}

/// Going offline mid-session: the loaded articles stay readable and navigable.
#[tokio::test]
async fn going_offline_mid_session_keeps_reading() -> Result<()> {
    let site = Site::start()?;
    let b = Browser::start(1280, 800).await?;
    b.open(&site.url("/")).await?;
    b.wait_exactly(".card", 8).await?;
    // A small edition's articles come whole after the first view, and so
    // does the code of the pages the first did not need.
    b.wait_js(
        "the edition's articles",
        "return performance.getEntriesByType('resource').some(e => /data\\/archive\\/body-/.test(e.name));",
    )
    .await?;
    // (Every split file, the article page's and the chunks it shares.)
    let split_files = std::fs::read_dir(dist()?)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("split_") && n.ends_with(".wasm"))
        .count();
    b.wait_js(
        "the other pages' code",
        &format!("return new Set(performance.getEntriesByType('resource').filter(e => /split_[^/]*\\.wasm$/.test(e.name) && e.responseEnd > 0).map(e => e.name)).size >= {split_files};"),
    )
    .await?;
    site.server.set_down(true);
    b.set_offline(true).await?;
    b.click(".card .title a").await?;
    assert_eq!(
        b.text_of("article.full h1").await?,
        site.bundle.articles[0].title
    );
    b.click(".headline .chip.topic").await?;
    b.wait_for_count(".card", 1).await?;
    b.set_offline(false).await?;
    b.close().await?;
    Ok(())
}

/// Presses a key the way a keyboard does (a trusted event: Tab moves focus,
/// Enter presses the focused button).
async fn press(b: &Browser, key: &str, code: u32, shift: bool) -> Result<()> {
    let modifiers = if shift { 8 } else { 0 };
    // Enter types a character too: the key press that activates a button.
    let down = if key == "Enter" {
        serde_json::json!({"type": "keyDown", "key": key, "code": key, "text": "\r",
            "windowsVirtualKeyCode": code, "modifiers": modifiers})
    } else {
        serde_json::json!({"type": "rawKeyDown", "key": key, "code": key,
            "windowsVirtualKeyCode": code, "modifiers": modifiers})
    };
    b.cdp("Input.dispatchKeyEvent", down).await?;
    b.cdp(
        "Input.dispatchKeyEvent",
        serde_json::json!({"type": "keyUp", "key": key, "code": key,
            "windowsVirtualKeyCode": code, "modifiers": modifiers}),
    )
    .await?;
    Ok(())
}

/// On a phone the filter sheet holds the keyboard: Shift+Tab from its first
/// control goes to its last, not to the page behind it, Tab from its last
/// back to the first; Escape closes it and focus returns to its button.
/// And a search's first letters add a history entry: Back returns to the
/// list as it was before the search.
#[tokio::test]
async fn the_filter_sheet_holds_focus_and_back_returns_before_a_search() -> Result<()> {
    let site = Site::start()?;
    let expected = site.expected(Some("330825"), None, None);
    let b = Browser::start(360, 740).await?;
    b.open(&site.url("/?region=330825")).await?;
    b.wait_exactly(".card", expected.len()).await?;
    open_filters(&b).await?;
    let in_sheet = "return document.getElementById('filters').contains(document.activeElement);";
    b.wait_js(
        "focus on the sheet's close button",
        "return document.activeElement === document.querySelector('.filters .close');",
    )
    .await?;
    // The sheet's controls that can take focus, first to last.
    let controls = "const c = [...document.querySelectorAll('#filters a[href], #filters button, \
                    #filters input, #filters select')].filter(e => e.offsetParent);";
    // Back to its first control (the clear button, a filter being chosen), then past it.
    press(&b, "Tab", 9, true).await?;
    b.wait_js(
        "Shift+Tab to the sheet's first control",
        &format!("{controls} return document.activeElement === c[0];"),
    )
    .await?;
    press(&b, "Tab", 9, true).await?;
    b.wait_js(
        "Shift+Tab from the first control to the last, not behind the sheet",
        &format!("{controls} return document.activeElement === c[c.length - 1];"),
    )
    .await?;
    b.wait_js("focus still in the sheet", in_sheet).await?;
    press(&b, "Tab", 9, false).await?;
    b.wait_js(
        "Tab from the last control to the first",
        &format!("{controls} return document.activeElement === c[0];"),
    )
    .await?;
    b.screenshot("sheet-focus").await?;
    press(&b, "Escape", 27, false).await?;
    b.wait_js(
        "Escape to close the sheet, focus back on its button",
        "return getComputedStyle(document.getElementById('filters')).display === 'none' \
         && document.activeElement === document.querySelector('.filters-toggle');",
    )
    .await?;

    for text in ["结", "结盟"] {
        b.js(&format!(
            "const i = document.getElementById('q'); i.value = {text:?}; \
             i.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await?;
    }
    b.wait_js(
        "the search in the address",
        "return decodeURIComponent(location.search).includes('q=结盟');",
    )
    .await?;
    b.client.back().await?;
    b.wait_js(
        "Back to the list before the search",
        "return location.search === '?region=330825';",
    )
    .await?;
    b.wait_exactly(".card", expected.len()).await?;

    // While the sheet is open the masthead behind it is inert; its clear
    // button, gone once used, leaves focus on the close button, not nowhere.
    open_filters(&b).await?;
    b.wait_js(
        "focus on the sheet's close button again",
        "return document.activeElement === document.querySelector('.filters .close');",
    )
    .await?;
    b.wait_js(
        "the masthead inert behind the sheet",
        "return document.querySelector('header.masthead').inert === true;",
    )
    .await?;
    b.js("document.querySelector('#filters .clear').focus();")
        .await?;
    press(&b, "Enter", 13, false).await?;
    b.wait_js(
        "filters cleared, focus on the close button",
        "return location.search === '' \
         && document.activeElement === document.querySelector('.filters .close');",
    )
    .await?;
    press(&b, "Escape", 27, false).await?;
    b.wait_js(
        "the masthead usable again",
        "return document.querySelector('header.masthead').inert === false;",
    )
    .await?;

    // An address that is neither the list nor an article says so, in the title too.
    b.open(&site.url("/no/such/page")).await?;
    b.wait_js(
        "the no-such-page notice",
        "const h = document.querySelector('.notice h1'); return !!h && h.textContent === '没有这个页面。';",
    )
    .await?;
    ensure!(
        b.client.title().await?.starts_with("没有这个页面"),
        "the title says so"
    );
    b.close().await?;
    Ok(())
}

/// An article page shares its address: through the system's share sheet
/// where the browser has one, else by copying it, saying so.
#[tokio::test]
async fn an_article_shares_its_link() -> Result<()> {
    let site = Site::start()?;
    let a = &site.bundle.articles[2];
    let url = site.url(&format!("/a/{}/", a.id));
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        // Opened from a search: the article's own address is shared.
        b.open(&format!("{url}?q=%E5%B7%A5%E4%BC%9A")).await?;
        // A share sheet (stood in for: headless Chromium has none).
        b.js("window.__shared = null; navigator.share = (d) => { window.__shared = d; return Promise.resolve(); }; return 1;")
            .await?;
        b.click(".share-button").await?;
        b.wait_js("the share sheet", "return !!window.__shared;")
            .await?;
        let shared = b.js("return window.__shared;").await?;
        assert_eq!(shared["url"], url.as_str(), "[{width}px] {shared}");
        assert_eq!(shared["title"], a.title.as_str());

        // No share sheet: the link is copied, and the page says so.
        b.cdp(
            "Browser.grantPermissions",
            serde_json::json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": site.url("") }),
        )
        .await?;
        b.js("navigator.share = undefined; return 1;").await?;
        b.click(".share-button").await?;
        b.wait_js(
            "the word that the link is copied",
            "const s = document.querySelector('.share .said'); return !!s && s.textContent.length > 0;",
        )
        .await?;
        assert_eq!(
            b.text_of(".share .said").await?,
            "链接已复制",
            "[{width}px]"
        );
        let copied = b
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, (e) => done('error: ' + e));",
                vec![],
            )
            .await?;
        assert_eq!(copied, url.as_str(), "[{width}px] the clipboard");
        b.screenshot("article-shared").await?;
        b.close().await?;
    }
    Ok(())
}
