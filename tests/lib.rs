//! benbao-e2e: what the browser tests share.
//!
//! - [`StaticServer`]: serves a built `dist/` on 127.0.0.1 under a base path,
//!   answering unknown paths with `404.html` as GitHub Pages does.
//! - [`Browser`]: a chromedriver process and a headless Chromium session at
//!   a given window size, with helpers to wait, read and take screenshots.
//!
//! The tests expect `cargo xtask test` to have built `dist/` and found the
//! browser: it passes `BENBAO_DIST`, `BENBAO_CHROME`, `BENBAO_CHROMEDRIVER`
//! and `BENBAO_SCREENSHOTS`.

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_path(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| anyhow!("{name} is not set: run the browser tests with `cargo xtask test`, which builds dist/ and finds Chromium"))
}

/// The built site under test.
pub fn dist() -> Result<PathBuf> {
    let dist = env_path("BENBAO_DIST")?;
    if !dist.join("index.html").is_file() {
        bail!("{} has no index.html: run `cargo xtask test` (it builds dist/ first)", dist.display());
    }
    Ok(dist)
}

/// The bundle the built site carries.
pub fn dist_bundle() -> Result<benbao_core::Bundle> {
    let path = dist()?.join("data/bundle.json");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("decoding {}", path.display()))
}

/// A static file server for `dist/`, on a free port of 127.0.0.1, stopped on drop.
pub struct StaticServer {
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    pub origin: String,
}

impl StaticServer {
    /// Serves `root` under `base` (`"/"` or `"/sub/"`).
    pub fn start(root: &Path, base: &str) -> Result<StaticServer> {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").map_err(|e| anyhow!("cannot start the test server: {e}"))?);
        let origin = format!("http://{}", server.server_addr().to_ip().context("server has an IP address")?);
        let root = root.to_path_buf();
        let base = base.to_string();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let response = respond(&root, &base, request.url());
                let _ = request.respond(response);
            }
        });
        Ok(StaticServer { server, thread: Some(thread), origin })
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn respond(root: &Path, base: &str, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(base)
        .or_else(|| (path.to_string() + "/").strip_prefix(base).map(|_| ""))
        .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
        .map(|rel| if rel.is_empty() || rel.ends_with('/') { root.join(rel).join("index.html") } else { root.join(rel) })
        .filter(|p| p.is_file());
    match file {
        Some(file) => {
            let body = std::fs::read(&file).unwrap_or_default();
            tiny_http::Response::from_data(body).with_header(content_type(&file))
        }
        None => match std::fs::read(root.join("404.html")) {
            Ok(page) => tiny_http::Response::from_data(page)
                .with_status_code(404)
                .with_header(content_type(Path::new("404.html"))),
            Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        },
    }
}

fn content_type(file: &Path) -> tiny_http::Header {
    let mime = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    tiny_http::Header::from_bytes("Content-Type", mime).expect("valid header")
}

/// chromedriver plus one headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    label: String,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium whose window is `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Result<Browser> {
        let chrome = env_path("BENBAO_CHROME")?;
        let chromedriver = env_path("BENBAO_CHROMEDRIVER")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", chromedriver.display()))?;
        let profile = std::env::temp_dir().join(format!("benbao-chrome-{}-{port}", std::process::id()));
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chrome,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().expect("an object");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            match builder.capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => bail!("no WebDriver session from {}: {e}", chromedriver.display()),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        // Make the viewport exactly the size asked for (the window has no chrome in headless mode).
        client.set_window_size(width, height).await.ok();
        Ok(Browser { client, driver, label: format!("{width}x{height}") })
    }

    /// Waits up to 10 s for `css` to match at least `count` elements.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> Result<Vec<fantoccini::elements::Element>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.client.find_all(Locator::Css(css)).await?;
            if found.len() >= count {
                return Ok(found);
            }
            if Instant::now() > deadline {
                let body = self.client.source().await.unwrap_or_default();
                bail!("[{}] waited 10 s for {count} × `{css}`, found {}; page:\n{}", self.label, found.len(), &body[..body.len().min(2000)]);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn text_of(&self, css: &str) -> Result<String> {
        Ok(self.wait_for_count(css, 1).await?[0].text().await?)
    }

    /// Saves a PNG screenshot as `$BENBAO_SCREENSHOTS/<name>-<size>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let dir = std::env::var_os("BENBAO_SCREENSHOTS").map_or_else(|| PathBuf::from("target/screenshots"), PathBuf::from);
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}-{}.png", self.label));
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(path)
    }

    /// Whether the page scrolls sideways (it must not, even at 360 px).
    pub async fn scrolls_sideways(&self) -> Result<bool> {
        let v = self
            .client
            .execute("return document.documentElement.scrollWidth > document.documentElement.clientWidth;", vec![])
            .await?;
        Ok(v.as_bool().unwrap_or(true))
    }

    pub async fn close(mut self) -> Result<()> {
        let result = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        result.map_err(Into::into)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
