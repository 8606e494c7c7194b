//! Loading the bundle, knowing where the site lives, and what changed
//! since the reader's last visit.

use benbao_core::bundle::{decode_lenient, stable_id};
use benbao_core::Bundle;
use std::sync::Arc;

/// Where the bundle is, relative to the page's base URL.
pub const BUNDLE_PATH: &str = "data/bundle.json";

/// The loaded bundle and how it came.
#[derive(Clone)]
pub struct Loaded {
    pub bundle: Arc<Bundle>,
    /// Served from the offline copy (the service worker says so).
    pub offline: bool,
    /// Different from the bundle of the reader's last visit.
    pub new_content: bool,
    /// The app itself is a newer version than at the last visit.
    pub new_version: bool,
    /// Articles left out because their data is broken.
    pub skipped: usize,
}

/// The path the site is served under, without a trailing slash: `""` at a
/// host's root, `"/benbao"` under a sub-path. Read from `<base href>`,
/// which Trunk writes from `--public-url`.
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// How long the reader waits for the bundle before giving up (and offering to retry).
const TIMEOUT_MS: u32 = 20_000;

/// Fetches and decodes the bundle. The error says what failed, for the reader.
pub async fn fetch_bundle() -> Result<Loaded, String> {
    // A connection that hangs is cut after TIMEOUT_MS, so the reader gets a
    // message and a retry button instead of a skeleton forever.
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.clone().map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
    // `no-store`: never wait behind an earlier request for the same URL that
    // hangs (browsers lock a URL's cache entry while it loads).
    let response = gloo_net::http::Request::get(BUNDLE_PATH)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
        .send()
        .await
        .map_err(|e| {
            if controller.as_ref().is_some_and(|c| c.signal().aborted()) {
                format!("服务器 {} 秒内没有回应 {BUNDLE_PATH}", TIMEOUT_MS / 1000)
            } else {
                format!("无法连接服务器,未能下载 {BUNDLE_PATH}({e})")
            }
        })?;
    if !response.ok() {
        return Err(format!("服务器对 {BUNDLE_PATH} 的回答是 {} {}", response.status(), response.status_text()));
    }
    let offline = response.headers().get("x-benbao-offline").is_some();
    let text = response.text().await.map_err(|e| format!("{BUNDLE_PATH} 下载中断({e})"))?;
    drop(timer);
    // Strict per file, tolerant per article: one broken article must not hide the others.
    let lenient = decode_lenient(&text).map_err(|e| format!("{BUNDLE_PATH} 无法读取:{e}"))?;
    for why in &lenient.skipped {
        leptos::logging::warn!("{BUNDLE_PATH}: left out {why}");
    }
    let new_content = remember("benbao:bundle", &stable_id(&text));
    let new_version = remember("benbao:app", &app_version());
    let skipped = lenient.skipped.len();
    Ok(Loaded { bundle: Arc::new(lenient.bundle), offline, new_content, new_version, skipped })
}

/// The app's version: its content-hashed start-up script's name.
fn app_version() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("script[type=module][src]").ok().flatten())
        .and_then(|s| s.get_attribute("src"))
        .unwrap_or_default()
}

/// Stores `value` under `key`; true when a different value was there before.
fn remember(key: &str, value: &str) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return false };
    let before = storage.get_item(key).ok().flatten();
    let _ = storage.set_item(key, value);
    before.is_some_and(|b| b != value)
}

/// Registers the service worker (offline reading), where the browser has them.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    // Relative to the base URL, so its scope is the site, wherever it is served.
    let _ = navigator.service_worker().register("sw.js");
}
