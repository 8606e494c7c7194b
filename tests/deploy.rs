//! The site deployed under a sub-path (`/benbao/`) on a host that behaves
//! like GitHub Pages (404.html for unknown paths): deep links, reload,
//! offline after one visit, and a Content Security Policy with no
//! violations; and the same build under a real nginx configured as README
//! documents.

use anyhow::{ensure, Context, Result};
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
        b.wait_service_worker().await?;
        b.wait_exactly(".card", 8).await?;
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

/// An nginx process of our own, stopped when dropped.
struct Nginx {
    child: std::process::Child,
    dir: std::path::PathBuf,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: nginx's master stops its workers (SIGKILL would orphan them).
        let _ = std::process::Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts nginx (`BENBAO_NGINX`, installed by `cargo xtask test`) with the
/// server block README documents, on a free port of 127.0.0.1, serving
/// the sub-path build as `/srv/www/benbao/` would be.
fn documented_nginx() -> Result<Nginx> {
    let nginx = std::env::var_os("BENBAO_NGINX").context(
        "BENBAO_NGINX is not set: run the tests with `cargo xtask test`, which installs nginx",
    )?;
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))?;
    let block = readme
        .split("<!-- nginx: tested by tests/deploy.rs -->")
        .nth(1)
        .and_then(|s| s.split("```nginx\n").nth(1))
        .and_then(|s| s.split("```").next())
        .context("README.md has no tested nginx block")?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let dir = std::env::temp_dir().join(format!("benbao-nginx-{}-{port}", std::process::id()));
    let www = dir.join("www");
    std::fs::create_dir_all(&www)?;
    std::os::unix::fs::symlink(dist_sub()?, www.join("benbao"))?;
    ensure!(
        block.contains("listen 8080;") && block.contains("root /srv/www;"),
        "the block's port and folder"
    );
    let server = block
        .replace("listen 8080;", &format!("listen 127.0.0.1:{port};"))
        .replace("root /srv/www;", &format!("root {};", www.display()));
    let temp = |name: &str| format!("{name} {};", dir.join(name).display());
    let conf = format!(
        "daemon off;\nworker_processes 1;\npid {pid};\nerror_log stderr warn;\nevents {{}}\nhttp {{\n include /etc/nginx/mime.types;\n access_log off;\n {} {} {} {} {}\n{server}\n}}\n",
        temp("client_body_temp_path"),
        temp("proxy_temp_path"),
        temp("fastcgi_temp_path"),
        temp("uwsgi_temp_path"),
        temp("scgi_temp_path"),
        pid = dir.join("nginx.pid").display(),
    );
    std::fs::write(dir.join("nginx.conf"), conf)?;
    let child = std::process::Command::new(&nginx)
        .arg("-p")
        .arg(&dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg("stderr")
        .stdout(std::process::Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", nginx.to_string_lossy()))?;
    let server = Nginx { child, dir, port };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(server);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    anyhow::bail!("nginx did not listen on 127.0.0.1:{port}")
}

/// A plain HTTP/1.1 GET: the status line and headers, lower-cased.
fn head_of(port: u16, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out);
    Ok(text.split("\r\n\r\n").next().unwrap_or("").to_lowercase())
}

/// The site under README's nginx configuration: every kind of page loads,
/// deep links without their slash are redirected, unknown paths get the
/// app with status 404, and the type, cache and compression headers are
/// as documented.
#[tokio::test]
async fn the_documented_nginx_serves_the_site() -> Result<()> {
    let nginx = documented_nginx()?;
    let origin = format!("http://127.0.0.1:{}", nginx.port);
    let bundle = dist_bundle()?;
    let a = &bundle.articles[0];

    let home = head_of(nginx.port, "/benbao/")?;
    ensure!(
        home.starts_with("http/1.1 200") && home.contains("cache-control: no-cache"),
        "{home}"
    );
    let bare = head_of(nginx.port, &format!("/benbao/a/{}", a.id))?;
    ensure!(
        bare.starts_with("http/1.1 301")
            && (bare.contains(&format!(
                "location: http://127.0.0.1:{}/benbao/a/{}/",
                nginx.port, a.id
            )) || bare.contains(&format!("location: /benbao/a/{}/", a.id))),
        "a page's address without its slash is redirected: {bare}"
    );
    let missing = head_of(nginx.port, "/benbao/no/such/page")?;
    ensure!(missing.starts_with("http/1.1 404"), "{missing}");
    let wasm = std::fs::read_dir(dist_sub()?)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with("_bg.wasm"))
        .context("no wasm")?;
    let w = head_of(nginx.port, &format!("/benbao/{wasm}"))?;
    ensure!(
        w.contains("content-type: application/wasm")
            && w.contains("immutable")
            && w.contains("content-encoding: gzip"),
        "{w}"
    );

    for (width, height) in SIZES {
        let b = Browser::start(width, height).await?;
        b.record_js_errors().await?;
        // The home list, by the app.
        b.open(&format!("{origin}/benbao/")).await?;
        b.wait_exactly(".card", bundle.articles.len()).await?;
        // An article by the address a reader might type (no slash).
        b.open(&format!("{origin}/benbao/a/{}", a.id)).await?;
        assert_eq!(b.text_of("article.full h1").await?, a.title, "[{width}px]");
        assert_eq!(b.location().await?, format!("/benbao/a/{}/", a.id));
        // A region's page, and an unknown one (the app's "no such page").
        b.open(&format!("{origin}/benbao/r/330200/")).await?;
        b.wait_exactly(".card", 2).await?;
        b.open(&format!("{origin}/benbao/no/such/page")).await?;
        b.wait_for_count(".notice h1", 1).await?;
        let errors = b.js_errors().await?;
        assert!(errors.is_empty(), "[{width}px] {errors:?}");
        b.close().await?;
    }
    Ok(())
}
