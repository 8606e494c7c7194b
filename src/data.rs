//! Loading the archive's manifest, knowing where the site lives, and what
//! changed since the reader's last visit.
//!
//! The reader reads one format, the archive (docs/archive.md): `cargo xtask
//! build` turns the default edition's bundle into one, laid out for its
//! size. The bundle is the editor's format; the reader has no decoder for it.

use crate::problem::Problem;
use benbao_core::archive::{self, Manifest, Overview};
use benbao_core::bundle::stable_id;
use benbao_core::catalog::Catalog;
use benbao_core::query::RegionNode;
use benbao_core::Bundle;
use std::sync::{Arc, OnceLock};

/// Where the data is when the page does not say (`<meta name="benbao-data">`).
pub const MANIFEST_PATH: &str = "data/archive/manifest.json";

/// The loaded data and how it came.
#[derive(Clone)]
pub struct Loaded {
    pub library: Arc<Library>,
    /// Served from the offline copy (the service worker says so).
    pub offline: bool,
    /// Different from the data of the reader's last visit.
    pub new_content: bool,
    /// The app itself is a newer version than at the last visit.
    pub new_version: bool,
    /// A hash of the manifest (`edition_id`): which edition this is.
    pub edition: String,
}

/// Which edition a manifest's text describes: the pre-rendered pages
/// carry it (`data-edition`), so that the app knows a page built from
/// another edition (a cached page, a deploy in progress) for what it is.
pub fn edition_id(manifest_text: &str) -> String {
    stable_id(manifest_text)
}

/// What the reader reads: names, every article's facets, and where the
/// articles themselves are.
pub struct Library {
    /// The place and topic names and the home region: the manifest's
    /// dictionaries (in a `Bundle` without articles, the type the name
    /// functions take).
    pub names: Arc<Bundle>,
    /// Every article's facets, once the facet file has come (see
    /// `parts::Parts::load_catalog`).
    catalog: OnceLock<Catalog>,
    pub archive: Archive,
}

impl Library {
    /// The archive in the folder `root` (a URL ending in `/`), as its
    /// manifest describes it (checked), before its facets come.
    pub fn new(root: String, manifest: Manifest) -> Library {
        let names = Arc::new(Bundle {
            places: manifest.places.clone(),
            topics: manifest.topics.clone(),
            home: manifest.home.clone(),
            ..Bundle::new(Vec::new())
        });
        Library {
            names,
            catalog: OnceLock::new(),
            archive: Archive { root, manifest },
        }
    }

    pub fn catalog(&self) -> Option<&Catalog> {
        self.catalog.get()
    }

    pub fn set_catalog(&self, catalog: Catalog) {
        let _ = self.catalog.set(catalog);
    }

    /// The archive's precomputed first view.
    pub fn overview(&self) -> &Overview {
        &self.archive.manifest.overview
    }

    /// How many articles there are.
    pub fn total(&self) -> usize {
        self.archive.manifest.articles
    }

    /// Every region code in use, with ancestors.
    pub fn codes(&self) -> Vec<String> {
        match self.catalog() {
            Some(c) => c.codes().to_vec(),
            None => self.overview().regions.keys().cloned().collect(),
        }
    }

    pub fn region_tree(&self) -> Vec<RegionNode> {
        benbao_core::query::region_tree(&self.codes().into_iter().collect())
    }

    /// Topic ids in use, in the filters' order.
    pub fn all_topics(&self) -> Vec<String> {
        match self.catalog() {
            Some(c) => c.all_topics().to_vec(),
            None => self.overview().topic_order.clone(),
        }
    }
}

pub struct Archive {
    /// The archive's folder URL, ending in `/`.
    pub root: String,
    pub manifest: Manifest,
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

/// Where the page says its archive's `manifest.json` is.
fn data_path() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=benbao-data]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| MANIFEST_PATH.to_string())
}

/// How long the reader waits for a file before giving up (and offering to retry).
const TIMEOUT_MS: u32 = 20_000;

/// Fetches `path` as text. `fresh`: bypass the HTTP cache (for files whose
/// name does not change with their content). The error is for the reader.
pub async fn fetch_text(path: &str, fresh: bool) -> Result<(String, bool), Problem> {
    let cache = fresh.then_some(web_sys::RequestCache::NoStore);
    fetch_text_with(path, cache).await
}

/// As [`fetch_text`], with the request's cache mode.
async fn fetch_text_with(
    path: &str,
    cache: Option<web_sys::RequestCache>,
) -> Result<(String, bool), Problem> {
    // A connection that hangs is cut after TIMEOUT_MS, so the reader gets a
    // message and a retry button instead of a skeleton forever.
    let controller = web_sys::AbortController::new().ok();
    let timer = controller
        .clone()
        .map(|c| gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || c.abort()));
    let mut request = gloo_net::http::Request::get(path)
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
    // `no-store` (the manifest): never wait behind an earlier request for
    // the same URL that hangs (browsers lock a URL's cache entry while it
    // loads); `reload`: past every cache, replacing what they hold.
    if let Some(cache) = cache {
        request = request.cache(cache);
    }
    let response = request.send().await.map_err(|e| {
        if controller.as_ref().is_some_and(|c| c.signal().aborted()) {
            Problem::Timeout {
                path: path.to_string(),
                seconds: TIMEOUT_MS / 1000,
            }
        } else {
            Problem::Unreachable {
                path: path.to_string(),
                detail: e.to_string(),
            }
        }
    })?;
    if !response.ok() {
        return Err(Problem::Status {
            path: path.to_string(),
            status: response.status(),
            text: response.status_text(),
        });
    }
    let offline = response.headers().get("x-benbao-offline").is_some();
    let text = response.text().await.map_err(|e| Problem::Cut {
        path: path.to_string(),
        detail: e.to_string(),
    })?;
    drop(timer);
    Ok((text, offline))
}

/// The content hash a file's name promises (`name-<12 hex digits>.json`,
/// [`stable_id`] of its text), if its name carries one.
pub fn promised_hash(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    let (stem, _) = name.rsplit_once('.')?;
    let (_, hash) = stem.rsplit_once('-')?;
    (hash.len() == 12 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then_some(hash)
}

/// Waits before asking again for a file the host does not have (yet):
/// a deploy that uploads file by file can name it before it is there.
const RETRY_MS: [u32; 2] = [1_000, 3_000];

/// Fetches an archive file and checks it is what its name says. A file the
/// host lacks or cannot send (a 404, a 5xx, an HTML page in its place, no
/// connection) is asked for again after 1 s and again 3 s later, past the
/// caches (a deploy in progress);
/// one whose content does not match the hash in its name is
/// fetched once more past every cache (a stale or damaged copy), then
/// refused.
async fn fetch_checked(path: &str) -> Result<String, Problem> {
    let mut waits = RETRY_MS.into_iter();
    let mut cache = None;
    loop {
        let problem = match fetch_text_with(path, cache).await {
            // A host's page in place of a file it does not have (yet).
            Ok((text, _)) if text.trim_start().starts_with('<') => Problem::Html {
                path: path.to_string(),
            },
            Ok((text, _)) => match promised_hash(path) {
                Some(hash) if stable_id(&text) != hash => {
                    if cache.is_some() {
                        return Err(Problem::Mismatch {
                            path: path.to_string(),
                        });
                    }
                    cache = Some(web_sys::RequestCache::Reload);
                    continue;
                }
                _ => return Ok(text),
            },
            Err(e) => e,
        };
        let missing = match &problem {
            Problem::Status { status, .. } => *status == 404 || *status >= 500,
            Problem::Html { .. } | Problem::Unreachable { .. } => true,
            _ => false,
        };
        // (Not when the browser knows it is offline: nothing will come.)
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        match waits.next() {
            Some(ms) if missing && online => {
                sleep(ms).await;
                // Past the caches, which may hold the host's error page.
                cache = Some(web_sys::RequestCache::Reload);
            }
            _ => return Err(problem),
        }
    }
}

/// Resolves after `ms` milliseconds (a promise of `setTimeout`: no timer
/// crate's channel in the wasm).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Fetches, checks and decodes a JSON file of an archive.
pub async fn fetch_json<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Problem> {
    // (An HTML page in its place is already a problem of fetch_checked's.)
    // Boxed: the fetch is the same for every type, and compiled once
    // rather than inlined into each type's decoder (2 KB of wasm each).
    let fetched: futures::future::LocalBoxFuture<'_, _> = Box::pin(fetch_checked(path));
    let text = fetched.await?;
    serde_json::from_str(&text).map_err(|e| Problem::Unreadable {
        path: path.to_string(),
        detail: e.to_string(),
    })
}

/// Fetches and checks the archive's manifest (its facets come later, when
/// a view asks: see `parts::Parts::load_catalog`).
pub async fn load_manifest() -> Result<Loaded, Problem> {
    let path = data_path();
    let (text, offline) = fetch_text(&path, true).await?;
    // Checked before it is remembered: a damaged manifest is not "seen".
    let manifest = read_manifest(&path, &text)?;
    let edition = edition_id(&text);
    let new_content = remember("benbao:bundle", &edition);
    let new_version = remember("benbao:app", &app_version());
    let root = path
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| format!("{dir}/"));
    Ok(Loaded {
        library: Arc::new(Library::new(root, manifest)),
        offline,
        new_content,
        new_version,
        edition,
    })
}

/// The manifest in `text`, checked: its format, version, and every number
/// and name the reader computes with.
fn read_manifest(path: &str, text: &str) -> Result<Manifest, Problem> {
    #[derive(serde::Deserialize)]
    struct Probe {
        format: Option<String>,
    }
    let path = path.to_string();
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        return Err(Problem::Html { path });
    }
    let unreadable = |e: serde_json::Error| Problem::Unreadable {
        path: path.clone(),
        detail: e.to_string(),
    };
    let probe: Probe = serde_json::from_str(text).map_err(unreadable)?;
    if probe.format.as_deref() != Some(archive::FORMAT) {
        return Err(Problem::NotManifest { path });
    }
    let manifest: Manifest = serde_json::from_str(text).map_err(unreadable)?;
    if manifest.version != archive::VERSION {
        return Err(Problem::Version {
            path,
            found: manifest.version,
            reads: archive::VERSION,
        });
    }
    // Every number the reader divides or allocates by, checked first.
    manifest
        .validate()
        .map_err(|detail| Problem::Damaged { path, detail })?;
    Ok(manifest)
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
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    let before = storage.get_item(key).ok().flatten();
    let _ = storage.set_item(key, value);
    before.is_some_and(|b| b != value)
}

/// Registers the service worker (offline reading), where the browser has them.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    // Relative to the base URL, so its scope is the site, wherever it is served.
    let _ = navigator.service_worker().register("sw.js");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_promises_the_hash_of_its_text() {
        assert_eq!(
            promised_hash("/sub/data/archive/s/12-0123456789ab.json"),
            Some("0123456789ab")
        );
        assert_eq!(promised_hash("data/archive/manifest.json"), None);
        assert_eq!(promised_hash("sum-3-0123456789AB.json"), None);
        assert_eq!(promised_hash("sum-3-0123.json"), None);
        // What the writer names is what the reader checks.
        let article = benbao_core::Article {
            id: "x1".into(),
            title: "标题".into(),
            ..serde_json::from_str(r#"{"id":"x1","title":"t","blocks":[]}"#).unwrap()
        };
        let files = benbao_core::write::build(
            &Bundle::new(vec![article]),
            &benbao_core::write::Layout::default(),
        );
        assert!(files.len() > 5);
        for (name, bytes) in files {
            let text = String::from_utf8(bytes).unwrap();
            match promised_hash(&name) {
                Some(hash) => assert_eq!(stable_id(&text), hash, "{name}"),
                None => assert_eq!(name, "manifest.json"),
            }
        }
    }
}
