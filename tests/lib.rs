//! benbao-e2e: what the browser tests share.
//!
//! - [`serve`]: a `benbao-serve` static server for `dist/` on 127.0.0.1
//!   under a base path, answering unknown paths with `404.html` as GitHub
//!   Pages does, with faked answers for chosen paths.
//! - [`Browser`]: a chromedriver process and a headless Chromium session at
//!   a given window size, with helpers to wait, read and take screenshots.
//!
//! The tests expect `cargo xtask test` to have built `dist/` and found the
//! browser: it passes `BENBAO_DIST`, `BENBAO_CHROME`, `BENBAO_CHROMEDRIVER`
//! and `BENBAO_SCREENSHOTS`.

pub mod damage;
pub mod fixtures;
pub mod pagecorpus;

use anyhow::{anyhow, bail, ensure, Context, Result};
pub use benbao_serve::StaticServer;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn env_path(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| anyhow!("{name} is not set: run the browser tests with `cargo xtask test`, which builds dist/ and finds Chromium"))
}

/// Writes a site's pre-rendered pages (home, articles, lists, editions)
/// for the archive in `dir`/data/archive, with the pre-renderer the build
/// used (`BENBAO_PRERENDER`), as `cargo xtask build` does.
pub fn prerender(dir: &Path) -> Result<()> {
    let binary = env_path("BENBAO_PRERENDER")?;
    let out = std::process::Command::new(&binary)
        .arg("--dist")
        .arg(dir)
        .args(["--public-url", "/"])
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    ensure!(
        out.status.success(),
        "the pre-renderer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

/// The built site under test (public URL `/`).
pub fn dist() -> Result<PathBuf> {
    dist_at("BENBAO_DIST")
}

/// The same site built for the sub-path `/benbao/`.
pub fn dist_sub() -> Result<PathBuf> {
    dist_at("BENBAO_DIST_SUB")
}

fn dist_at(var: &str) -> Result<PathBuf> {
    let dist = env_path(var)?;
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: run `cargo xtask test` (it builds dist/ first)",
            dist.display()
        );
    }
    Ok(dist)
}

/// The bundle the built site's archive was made from (the default edition,
/// `public/data/bundle.json`).
pub fn dist_bundle() -> Result<benbao_core::Bundle> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data/bundle.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("decoding {}", path.display()))
}

/// The default edition's articles repeated over 18 issues (144
/// articles, oldest first as a daily paper's archive is written, dated
/// over three years), each copy's id and title marked with its issue:
/// an archive big enough for pages, chunks and shards.
pub fn repeated_edition() -> Result<benbao_core::Bundle> {
    let seed = dist_bundle()?;
    let mut articles = Vec::new();
    for n in 0..18 {
        for (k, a) in seed.articles.iter().enumerate() {
            let mut a = a.clone();
            a.id = format!("{}-{n}", a.id);
            a.title = format!("{} 篇{}", a.title, n * 8 + k);
            a.date = Some(format!(
                "{}-{:02}-{:02}",
                2016 + n / 6,
                1 + (n % 6) * 2,
                1 + k
            ));
            articles.push(a);
        }
    }
    Ok(benbao_core::Bundle {
        places: seed.places.clone(),
        topics: seed.topics.clone(),
        ..benbao_core::Bundle::new(articles)
    })
}

/// The archive layout of the archive tests: chunks of 10 articles, 64
/// search shards, postings of more than 8 articles in files of their own,
/// so that one page of results spans several files.
pub fn small_layout() -> benbao_core::write::Layout {
    benbao_core::write::Layout {
        summary_chunk: 10,
        body_chunk: 10,
        shards: 64,
        inline_postings: 8,
    }
}

/// An archive's files, by path in its folder, as `benbao_core::write::build` gives them.
pub type ArchiveFiles = Vec<(String, Vec<u8>)>;

/// A folder removed when dropped (a test site's).
pub use tempfile::TempDir;

/// A site in a fresh temporary folder `benbao-{name}-…`: the built
/// app (without the default edition's pre-rendered pages `a/`, `r/`, `t/`,
/// its plain page as `index.html`, and without the top folders in
/// `leave_out`) reading `bundle`'s archive in [`small_layout`] at
/// `data/archive/`. Returns the folder (removed when dropped) and the
/// archive's files.
pub fn archive_site_dir(
    name: &str,
    bundle: &benbao_core::Bundle,
    leave_out: &[&str],
) -> Result<(TempDir, ArchiveFiles)> {
    let temp = tempfile::Builder::new()
        .prefix(&format!("benbao-{name}-"))
        .tempdir()?;
    let dir = temp.path();
    let dist = dist()?;
    for entry in walk(&dist) {
        let rel = entry.strip_prefix(&dist)?;
        if ["a", "r", "t", "e"]
            .iter()
            .chain(leave_out)
            .any(|d| rel.starts_with(d))
        {
            continue;
        }
        let target = dir.join(rel);
        std::fs::create_dir_all(target.parent().context("a folder")?)?;
        let from = if rel == Path::new("index.html") {
            dist.join("404.html")
        } else {
            entry.clone()
        };
        std::fs::copy(&from, &target)?;
    }
    let files = benbao_core::write::build(bundle, &small_layout());
    for (name, bytes) in &files {
        let path = dir.join("data/archive").join(name);
        std::fs::create_dir_all(path.parent().context("a folder")?)?;
        std::fs::write(path, bytes)?;
    }
    Ok((temp, files))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Prints the page at `url` to a PDF at `path` (WebDriver's Print Page:
/// Chromium's own PDF output, as an e-paper system's would be).
pub async fn print_pdf(browser: &Browser, url: &str, path: &Path) -> Result<()> {
    browser.goto(url).await?;
    // One sheet as tall as the page, as an e-paper system publishes a page.
    let height_px = browser
        .js("return document.documentElement.scrollHeight")
        .await?
        .as_f64()
        .unwrap_or(1200.0);
    let config = fantoccini::wd::PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize {
            width: 29.7,
            height: (height_px * 2.54 / 96.0 + 3.0).max(42.0),
        })
        .build()
        .map_err(|e| anyhow!("print configuration: {e}"))?;
    let pdf = browser
        .client
        .print(config)
        .await
        .with_context(|| format!("Chromium printing {url} to PDF"))?;
    std::fs::write(path, pdf).with_context(|| format!("writing {}", path.display()))
}

/// The assembled page `page`, whose HTML is served at `origin/NAME.html`,
/// printed to the PDF `path`, read back with `benbao ingest`'s reader and
/// measured against the page's truth.
pub async fn measure_pdf(
    browser: &Browser,
    origin: &str,
    path: &Path,
    page: &pagecorpus::Page,
) -> Result<pagecorpus::Score> {
    print_pdf(browser, &format!("{origin}/{}.html", page.name), path).await?;
    let read = benbao_cli::pdf::pages(path)?;
    ensure!(
        read.len() == 1,
        "{}: {} PDF pages, not one",
        page.name,
        read.len()
    );
    let parsed = benbao_core::page::parse_page_sized(&page.name, &read[0].text, &read[0].sizes);
    Ok(pagecorpus::measure_parsed(
        std::slice::from_ref(page),
        vec![parsed],
        false,
    ))
}

/// Serves `root` under `base` on a free port of 127.0.0.1.
pub fn serve(root: &Path, base: &str) -> Result<StaticServer> {
    StaticServer::start(root, base, "127.0.0.1:0").map_err(|e| anyhow!(e))
}

/// chromedriver plus one headless Chromium session.
pub struct Browser {
    pub client: Client,
    driver: Child,
    /// The Chromium profile folder, which names this browser's processes.
    profile: PathBuf,
    label: String,
    pub width: u32,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium whose window is `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Result<Browser> {
        Browser::start_with(width, height, &[]).await
    }

    /// As [`Browser::start`], with more Chromium switches.
    pub async fn start_with(width: u32, height: u32, switches: &[String]) -> Result<Browser> {
        let chrome = env_path("BENBAO_CHROME")?;
        let chromedriver = env_path("BENBAO_CHROMEDRIVER")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", chromedriver.display()))?;
        let profile =
            std::env::temp_dir().join(format!("benbao-chrome-{}-{port}", std::process::id()));
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ]
        .map(String::from)
        .to_vec();
        args.push(format!("--window-size={width},{height}"));
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend_from_slice(switches);
        let caps = serde_json::json!({
            "goog:chromeOptions": { "binary": chrome, "args": args }
        });
        let caps = caps.as_object().cloned().expect("an object");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            match builder.capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => {
                    bail!("no WebDriver session from {}: {e}", chromedriver.display())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        // Make the viewport exactly the size asked for (the window has no chrome in headless mode).
        client.set_window_size(width, height).await.ok();
        Ok(Browser {
            client,
            driver,
            profile,
            label: format!("{width}x{height}"),
            width,
        })
    }

    /// Waits up to 10 s for `css` to match at least `count` elements.
    pub async fn wait_for_count(
        &self,
        css: &str,
        count: usize,
    ) -> Result<Vec<fantoccini::elements::Element>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.client.find_all(Locator::Css(css)).await?;
            if found.len() >= count {
                return Ok(found);
            }
            if Instant::now() > deadline {
                let body: String = self
                    .client
                    .source()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(2000)
                    .collect();
                bail!(
                    "[{}] waited 10 s for {count} × `{css}`, found {}; page:\n{body}",
                    self.label,
                    found.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Phone-sized (filters in a sheet).
    pub fn is_phone(&self) -> bool {
        self.width < 900
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("[{}] opening {url}", self.label))
    }

    /// Opens `url` and waits until the app has taken the place of the
    /// pre-rendered page (`src/takeover.rs`), if the address has one.
    pub async fn open(&self, url: &str) -> Result<()> {
        self.goto(url).await?;
        self.wait_app().await
    }

    /// Waits until the app has taken the place of the pre-rendered page.
    pub async fn wait_app(&self) -> Result<()> {
        self.wait_js(
            "the app in place of the pre-rendered page",
            "return !document.getElementById('prerendered');",
        )
        .await
    }

    /// Runs `script` (a function body) and returns its value.
    pub async fn js(&self, script: &str) -> Result<serde_json::Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Waits up to 10 s for `script` (a function body returning a boolean) to return true.
    pub async fn wait_js(&self, what: &str, script: &str) -> Result<()> {
        self.wait_js_for(what, script, 10).await
    }

    /// Waits up to `secs` seconds for `script` to return true.
    pub async fn wait_js_for(&self, what: &str, script: &str, secs: u64) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if self.js(script).await?.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let url = self
                    .client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                bail!("[{}] waited {secs} s for {what} (at {url})", self.label);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for exactly `n` elements matching `css`.
    pub async fn wait_exactly(&self, css: &str, n: usize) -> Result<()> {
        let script = format!(
            "return document.querySelectorAll({:?}).length === {n};",
            css
        );
        self.wait_js(&format!("{n} × `{css}`"), &script).await
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        let el = self.wait_for_count(css, 1).await?.remove(0);
        el.click()
            .await
            .with_context(|| format!("[{}] clicking `{css}`", self.label))
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await? {
            out.push(el.text().await?);
        }
        Ok(out)
    }

    /// The current URL's path and query, decoded.
    pub async fn location(&self) -> Result<String> {
        let v = self
            .js("return decodeURIComponent(location.pathname + location.search);")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Runs axe-core on the page; the violations, one line each.
    pub async fn axe(&self) -> Result<Vec<String>> {
        let source = std::fs::read_to_string(env_path("BENBAO_AXE")?)?;
        self.client
            .execute(&format!("{source}\n;return typeof axe;"), vec![])
            .await?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(result
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn text_of(&self, css: &str) -> Result<String> {
        Ok(self.wait_for_count(css, 1).await?[0].text().await?)
    }

    /// Saves a PNG screenshot as `$BENBAO_SCREENSHOTS/<name>-<size>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let dir = std::env::var_os("BENBAO_SCREENSHOTS")
            .map_or_else(|| PathBuf::from("target/screenshots"), PathBuf::from);
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

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> Result<serde_json::Value> {
        let v = self
            .client
            .issue_cmd(Cdp {
                cmd: cmd.to_string(),
                params,
            })
            .await
            .with_context(|| format!("CDP {cmd}"))?;
        Ok(v)
    }

    /// Chromium's offline emulation on or off.
    pub async fn set_offline(&self, offline: bool) -> Result<()> {
        self.cdp("Network.enable", serde_json::json!({})).await?;
        self.cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await?;
        Ok(())
    }

    /// From now on, every page records Content Security Policy violations
    /// in `sessionStorage["csp-violations"]`; see [`Browser::csp_violations`].
    pub async fn record_csp_violations(&self) -> Result<()> {
        let script = "document.addEventListener('securitypolicyviolation', e => {
            const seen = JSON.parse(sessionStorage.getItem('csp-violations') || '[]');
            seen.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
            sessionStorage.setItem('csp-violations', JSON.stringify(seen));
        });";
        self.cdp("Page.enable", serde_json::json!({})).await?;
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": script }),
        )
        .await?;
        Ok(())
    }

    /// From now on, every page records uncaught errors and rejections in
    /// `sessionStorage["js-errors"]`; see [`Browser::js_errors`].
    pub async fn record_js_errors(&self) -> Result<()> {
        let script = "(() => {
            const keep = m => { const seen = JSON.parse(sessionStorage.getItem('js-errors') || '[]'); seen.push(String(m)); sessionStorage.setItem('js-errors', JSON.stringify(seen)); };
            window.addEventListener('error', e => keep(e.message));
            window.addEventListener('unhandledrejection', e => keep(e.reason));
        })();";
        self.cdp("Page.enable", serde_json::json!({})).await?;
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": script }),
        )
        .await?;
        Ok(())
    }

    /// Uncaught errors recorded since [`Browser::record_js_errors`], and clears them.
    pub async fn js_errors(&self) -> Result<Vec<String>> {
        let v = self.js("const e = JSON.parse(sessionStorage.getItem('js-errors') || '[]'); sessionStorage.removeItem('js-errors'); return e;").await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Fails when the pages since [`Browser::record_csp_violations`] logged any violation.
    pub async fn assert_no_csp_violations(&self) -> Result<()> {
        let v = self
            .js("return JSON.parse(sessionStorage.getItem('csp-violations') || '[]');")
            .await?;
        let seen: Vec<String> = v
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        ensure!(
            seen.is_empty(),
            "[{}] Content Security Policy violations: {seen:?}",
            self.label
        );
        Ok(())
    }

    /// Records the page's layout shifts from the next page on
    /// ([`Browser::layout_shifts`] reads them).
    pub async fn record_layout_shifts(&self) -> Result<()> {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": "window.__shifts = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__shifts.push(e.value); }).observe({ type: 'layout-shift', buffered: true });" }),
        )
        .await?;
        Ok(())
    }

    /// The layout shifts of this page so far (after waiting 500 ms: they
    /// are reported after the frame that made them), and their sum.
    pub async fn layout_shifts(&self) -> Result<(serde_json::Value, f64)> {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let shifts = self.js("return window.__shifts;").await?;
        let total = shifts
            .as_array()
            .context("no layout shifts recorded: call record_layout_shifts first")?
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .sum();
        Ok((shifts, total))
    }

    /// Waits until the site's service worker controls the page (reloading
    /// once if it became ready after the page loaded).
    pub async fn wait_service_worker(&self) -> Result<()> {
        let ready = self
            .client
            .execute_async(
                "const done = arguments[0]; navigator.serviceWorker.ready.then(() => done(true));",
                vec![],
            )
            .await?;
        ensure!(
            ready.as_bool() == Some(true),
            "[{}] the service worker never became ready",
            self.label
        );
        if self
            .js("return !navigator.serviceWorker.controller;")
            .await?
            .as_bool()
            == Some(true)
        {
            self.client.refresh().await?;
            self.wait_app().await?;
        }
        self.wait_js(
            "the service worker in control",
            "return !!navigator.serviceWorker.controller;",
        )
        .await
    }

    pub async fn close(mut self) -> Result<()> {
        let result = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        result.map_err(Into::into)
    }
}

impl Drop for Browser {
    /// Stops chromedriver and, when a test failed before closing its
    /// session, the Chromium it started: killing chromedriver alone left
    /// that Chromium running (ten processes, 200 MB and more) after the
    /// test. Its processes are the ones whose command line names this
    /// browser's profile folder (Linux: /proc).
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let profile = format!("--user-data-dir={}", self.profile.display());
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return;
        };
        for entry in entries.flatten() {
            let pid = entry.file_name().to_string_lossy().into_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let ours = std::fs::read(entry.path().join("cmdline"))
                .is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == profile.as_bytes()));
            if ours {
                let _ = Command::new("kill").args(["-9", &pid]).output();
            }
        }
        // Best effort: a Chromium still shutting down may write into it again.
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(serde_json::json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

/// Serves the archive of `bundle` (laid out as `cargo xtask build` lays out
/// the default edition) in place of the site's own: every file faked under
/// `data/archive/`. The paths, to unfake.
pub fn fake_archive(server: &StaticServer, bundle: &benbao_core::Bundle) -> Vec<String> {
    let layout = benbao_core::write::Layout::for_articles(bundle.articles.len());
    benbao_core::write::build(bundle, &layout)
        .into_iter()
        .map(|(name, bytes)| {
            let path = format!("data/archive/{name}");
            server.fake(&path, 200, bytes);
            path
        })
        .collect()
}
