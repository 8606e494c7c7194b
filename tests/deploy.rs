//! The site deployed under a sub-path (`/benbao/`) on a host that behaves
//! like GitHub Pages (404.html for unknown paths): deep links, reload,
//! offline after one visit, and a Content Security Policy with no
//! violations.

use anyhow::{ensure, Result};
use benbao_e2e::{dist_bundle, dist_sub, fake_archive, serve, Browser};

const SIZES: [(u32, u32); 2] = [(360, 740), (1280, 800)];

#[tokio::test]
async fn sub_path_deep_links_and_reload() -> Result<()> {
    let server = serve(&dist_sub()?, "/benbao/")?;
    let bundle = dist_bundle()?;
    let article = &bundle.articles[5];
    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.record_csp_violations().await?;
        b.open(&format!("{}/benbao/", server.origin)).await?;
        b.wait_exactly(".card", 8).await?;
        b.click(".card .title a").await?;
        b.wait_js(
            "the article URL",
            &format!(
                "return location.pathname === '/benbao/a/{}/';",
                bundle.articles[0].id
            ),
        )
        .await?;
        b.client.refresh().await?;
        b.wait_app().await?;
        assert_eq!(
            b.text_of("article.full h1").await?,
            bundle.articles[0].title,
            "[{width}px] reload of a deep link"
        );

        // A shared deep link and a shared filtered list, opened cold.
        b.open(&format!(
            "{}/benbao/a/{}?region=330102",
            server.origin, article.id
        ))
        .await?;
        assert_eq!(b.text_of("article.full h1").await?, article.title);
        b.click("nav.back a").await?;
        b.wait_js(
            "the list under the sub-path",
            "return location.pathname === '/benbao/r/330102/' && location.search === '';",
        )
        .await?;
        b.open(&format!("{}/benbao/?region=330200", server.origin))
            .await?;
        b.wait_exactly(".card", 2).await?;

        // Every asset came from under /benbao/.
        let outside = b
            .js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => !p.startsWith('/benbao/'));")
            .await?;
        assert_eq!(
            outside.as_array().map(Vec::len),
            Some(0),
            "[{width}px] requests outside /benbao/: {outside}"
        );
        b.assert_no_csp_violations().await?;
        b.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn the_page_carries_a_strict_content_security_policy() -> Result<()> {
    let html = std::fs::read_to_string(dist_sub()?.join("index.html"))?;
    let csp = html
        .split("Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or("");
    ensure!(
        script_src == "script-src 'self' 'wasm-unsafe-eval'",
        "script-src is {script_src:?}"
    );
    ensure!(
        !html.contains("<script>") && !html.contains("<script type=\"module\">"),
        "no inline script in index.html"
    );
    // 404.html is the app's plain page (index.html is the pre-rendered home).
    let plain = std::fs::read_to_string(dist_sub()?.join("404.html"))?;
    ensure!(
        !plain.contains("id=\"prerendered\"")
            && plain.contains(&format!("Content-Security-Policy\" content=\"{csp}\""))
            && html
                .lines()
                .filter(|l| l.contains("<script type=\"module\" src="))
                .all(|l| plain.contains(l.trim())),
        "404.html is the app"
    );
    Ok(())
}

/// Offline, twice over: Chromium's offline emulation for the page, and the
/// host failing every request (503), since the emulation does not reach the
/// service worker's own requests.
#[tokio::test]
async fn after_one_visit_the_app_works_offline() -> Result<()> {
    let bundle = dist_bundle()?;
    for (width, height) in SIZES {
        let server = serve(&dist_sub()?, "/benbao/")?;
        let origin = server.origin.clone();
        let b = Browser::start(width, height).await?;
        b.record_csp_violations().await?;
        b.open(&format!("{origin}/benbao/")).await?;
        b.wait_exactly(".card", 8).await?;
        let ready = b
            .client
            .execute_async(
                "const done = arguments[0]; navigator.serviceWorker.ready.then(() => done(true));",
                vec![],
            )
            .await?;
        ensure!(
            ready.as_bool() == Some(true),
            "the service worker never became ready"
        );
        if b.js("return !navigator.serviceWorker.controller;")
            .await?
            .as_bool()
            == Some(true)
        {
            b.client.refresh().await?;
            b.wait_app().await?;
            b.wait_exactly(".card", 8).await?;
        }
        b.wait_js(
            "the service worker in control",
            "return !!navigator.serviceWorker.controller;",
        )
        .await?;
        b.click(".card .title a").await?;
        b.wait_for_count("article.full h1", 1).await?;

        server.set_down(true);
        b.set_offline(true).await?;
        b.client.refresh().await?;
        b.wait_app().await?;
        assert_eq!(
            b.text_of("article.full h1").await?,
            bundle.articles[0].title,
            "[{width}px] offline reload of an article"
        );
        assert!(
            b.text_of(".banner").await?.contains("离线"),
            "[{width}px] the reader is told they are offline"
        );
        b.screenshot("offline").await?;
        // Another page of the app, never opened before, also works offline.
        b.open(&format!("{origin}/benbao/?topic=training")).await?;
        b.wait_exactly(
            ".card",
            bundle
                .articles
                .iter()
                .filter(|a| a.topics.iter().any(|t| t == "training"))
                .count(),
        )
        .await?;
        b.set_offline(false).await?;
        b.assert_no_csp_violations().await?;
        b.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_new_edition_is_picked_up_and_announced() -> Result<()> {
    let server = serve(&dist_sub()?, "/benbao/")?;
    let mut bundle = dist_bundle()?;
    let b = Browser::start(360, 740).await?;
    b.open(&format!("{}/benbao/", server.origin)).await?;
    b.wait_exactly(".card", 8).await?;
    ensure!(
        b.texts(".banner").await?.is_empty(),
        "no banner on a first visit"
    );
    bundle.articles.truncate(7);
    fake_archive(&server, &bundle);
    b.client.refresh().await?;
    b.wait_app().await?;
    b.wait_exactly(".card", 7).await?;
    assert!(b.text_of(".banner").await?.contains("有新内容"));
    b.close().await?;
    Ok(())
}
