//! benbao-serve: serves a built `dist/` on 127.0.0.1 the way static hosts
//! do, for `cargo xtask serve`, `cargo xtask audit` and the browser tests.
//!
//! - Files live under a base path (`/` or `/benbao/`), as on GitHub Pages.
//! - Unknown paths get `404.html` with status 404 (GitHub Pages, Netlify):
//!   that page is the app, so deep links load.
//! - Responses are gzipped when the client accepts it, as hosts do; a
//!   `FILE.gz` next to `FILE` is sent as it is (nginx's `gzip_static`; a
//!   CDN's cache), so large archives are not compressed on every request.
//! - Cache headers as README's deploy section recommends.
//! - Tests can fake the answer for any path ([`StaticServer::fake`]).

use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A canned answer for one path, in place of the file (status 0: no answer at all).
#[derive(Clone, Debug)]
pub struct Fake {
    pub status: u16,
    pub body: Vec<u8>,
}

/// One response sent: when it finished (ms since the Unix epoch, the
/// clock `performance.timeOrigin + performance.now()` reads in a page),
/// its body's bytes as sent (compressed, when it was) and its path.
#[derive(Clone, Debug)]
pub struct Sent {
    pub end_ms: f64,
    pub bytes: u64,
    pub path: String,
}

pub struct StaticServer {
    server: Arc<tiny_http::Server>,
    sent: Arc<Mutex<Vec<Sent>>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    fakes: Arc<Mutex<HashMap<String, Fake>>>,
    down: Arc<std::sync::atomic::AtomicBool>,
}

impl StaticServer {
    /// Serves `root` under `base` (`"/"` or `"/sub/"`) on `addr` (`"127.0.0.1:0"` for any free port).
    pub fn start(root: &Path, base: &str, addr: &str) -> Result<StaticServer, String> {
        let server = Arc::new(
            tiny_http::Server::from_listener(listen(addr)?, None)
                .map_err(|e| format!("cannot listen on {addr}: {e}"))?,
        );
        let origin = format!(
            "http://{}",
            server
                .server_addr()
                .to_ip()
                .ok_or("the server has no IP address")?
        );
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            base: normalize_base(base),
        });
        let fakes: Arc<Mutex<HashMap<String, Fake>>> = Arc::default();
        let down: Arc<std::sync::atomic::AtomicBool> = Arc::default();
        let sent: Arc<Mutex<Vec<Sent>>> = Arc::default();
        let (s, shared, is_down, log) = (server.clone(), fakes.clone(), down.clone(), sent.clone());
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                // One thread per request: a client slow to read one large
                // response must not hold up the others.
                let (site, shared, log) = (site.clone(), shared.clone(), log.clone());
                if is_down.load(std::sync::atomic::Ordering::SeqCst) {
                    let _ = request.respond(
                        tiny_http::Response::from_data(b"host is down".to_vec())
                            .with_status_code(503),
                    );
                    continue;
                }
                std::thread::spawn(move || answer(request, &site, &shared, &log));
            }
        });
        Ok(StaticServer {
            server,
            sent,
            thread: Some(thread),
            origin,
            fakes,
            down,
        })
    }

    /// Answers `path` (relative to the base, e.g. `data/bundle.json`) with `status` and `body`.
    pub fn fake(&self, path: &str, status: u16, body: impl Into<Vec<u8>>) {
        self.fakes.lock().expect("fakes lock").insert(
            path.to_string(),
            Fake {
                status,
                body: body.into(),
            },
        );
    }

    /// Never answers `path` (a connection that hangs), for a minute per request.
    pub fn hang(&self, path: &str) {
        self.fakes.lock().expect("fakes lock").insert(
            path.to_string(),
            Fake {
                status: 0,
                body: Vec::new(),
            },
        );
    }

    /// Serves `path` from the folder again.
    pub fn unfake(&self, path: &str) {
        self.fakes.lock().expect("fakes lock").remove(path);
    }

    /// Every response sent so far, in the order they finished (what a
    /// benchmark counts, whichever context of the page fetched it: the
    /// page's Resource Timing does not see a worker's requests).
    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().expect("sent lock").clone()
    }

    /// While down, every request gets 503 Service Unavailable (a host that fails).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
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

fn answer(
    request: tiny_http::Request,
    site: &Site,
    fakes: &Mutex<HashMap<String, Fake>>,
    sent: &Mutex<Vec<Sent>>,
) {
    let gzip = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let fake = path
        .strip_prefix(&site.base)
        .and_then(|rel| fakes.lock().ok()?.get(rel).cloned());
    let response = match fake {
        Some(f) if f.status == 0 => {
            std::thread::sleep(std::time::Duration::from_secs(60));
            return;
        }
        Some(f) => tiny_http::Response::from_data(f.body).with_status_code(f.status),
        None => site.respond(&path, gzip),
    };
    let bytes = response.data_length().unwrap_or(0) as u64;
    if request.respond(response).is_ok() {
        let end_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        if let Ok(mut log) = sent.lock() {
            log.push(Sent {
                end_ms,
                bytes,
                path,
            });
        }
    }
}

/// `/benbao` → `/benbao/`; `benbao/` → `/benbao/`; `` → `/`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// A listening socket with Nagle's algorithm off, which the connections it
/// accepts inherit (Linux): tiny_http writes a response's headers and body
/// separately, and with Nagle on, the body waited for the client's delayed
/// ACK of the headers (about 40 ms a response on 127.0.0.1).
fn listen(addr: &str) -> Result<std::net::TcpListener, String> {
    use socket2::{Domain, Socket, Type};
    let cannot = |e: std::io::Error| format!("cannot listen on {addr}: {e}");
    let address: std::net::SocketAddr = std::net::ToSocketAddrs::to_socket_addrs(addr)
        .map_err(cannot)?
        .next()
        .ok_or_else(|| format!("cannot listen on {addr}: no such address"))?;
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None).map_err(cannot)?;
    socket.set_reuse_address(true).map_err(cannot)?;
    socket.set_tcp_nodelay(true).map_err(cannot)?;
    socket.bind(&address.into()).map_err(cannot)?;
    socket.listen(128).map_err(cannot)?;
    Ok(socket.into())
}

struct Site {
    root: PathBuf,
    base: String,
}

type Response = tiny_http::Response<Cursor<Vec<u8>>>;

impl Site {
    /// The file for a URL path, if there is one.
    fn file(&self, path: &str) -> Option<PathBuf> {
        let rel = if path == self.base.trim_end_matches('/') {
            ""
        } else {
            path.strip_prefix(&self.base)?
        };
        let rel = percent_decode(rel)?;
        if rel.split('/').any(|seg| {
            seg == ".." || seg.starts_with('.') && !seg.is_empty() && seg != ".well-known"
        }) {
            return None;
        }
        let file = if rel.is_empty() || rel.ends_with('/') {
            self.root.join(&rel).join("index.html")
        } else {
            self.root.join(&rel)
        };
        file.is_file().then_some(file)
    }

    fn respond(&self, path: &str, gzip: bool) -> Response {
        match self.file(path) {
            Some(file) => {
                if gzip && compressible(&file) {
                    if let Some(body) = precompressed(&file) {
                        let mut response = plain(&file, body, 200);
                        response.add_header(header("Content-Encoding", "gzip"));
                        return response;
                    }
                }
                let body = std::fs::read(&file).unwrap_or_default();
                with_headers(&file, body, gzip, 200)
            }
            None => match std::fs::read(self.root.join("404.html")) {
                Ok(page) => with_headers(Path::new("404.html"), page, gzip, 404),
                Err(_) => {
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                }
            },
        }
    }
}

fn with_headers(file: &Path, body: Vec<u8>, gzip: bool, status: u16) -> Response {
    let compress = gzip && compressible(file);
    let body = if compress { gzipped(&body) } else { body };
    let mut response = plain(file, body, status);
    if compress {
        response.add_header(header("Content-Encoding", "gzip"));
    }
    response
}

/// Not images nor Pagefind's index files, which are compressed already.
pub fn compressible(file: &Path) -> bool {
    !matches!(
        extension(file),
        "png"
            | "jpg"
            | "woff2"
            | "gz"
            | "pagefind"
            | "pf_fragment"
            | "pf_index"
            | "pf_meta"
            | "pf_filter"
    )
}

fn plain(file: &Path, body: Vec<u8>, status: u16) -> Response {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(file)))
        .with_header(header("Cache-Control", cache_control(name)))
}

/// `file`'s gzipped copy `FILE.gz`, if there is one at least as new as it.
fn precompressed(file: &Path) -> Option<Vec<u8>> {
    let mut gz = file.as_os_str().to_owned();
    gz.push(".gz");
    let gz = PathBuf::from(gz);
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    if modified(&gz)? < modified(file)? {
        return None;
    }
    std::fs::read(gz).ok()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name, value).expect("valid header")
}

/// Hashed assets never change; everything else must be revalidated.
pub fn cache_control(file_name: &str) -> &'static str {
    let hashed = file_name
        .rsplit_once('.')
        .map(|(stem, _)| stem)
        .and_then(|s| s.rsplit_once('-'))
        .is_some_and(|(_, h)| {
            let h = h.trim_end_matches("_bg");
            h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit())
        });
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn extension(file: &Path) -> &str {
    file.extension().and_then(|e| e.to_str()).unwrap_or("")
}

pub fn content_type(file: &Path) -> &'static str {
    match extension(file) {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// gzip at the level static hosts commonly use.
pub fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::new(6));
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (Site, PathBuf) {
        let root = std::env::temp_dir().join(format!("benbao-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("index.html"), "app").unwrap();
        std::fs::write(root.join("data/bundle.json"), "{}").unwrap();
        (
            Site {
                root: root.clone(),
                base: normalize_base("benbao"),
            },
            root,
        )
    }

    #[test]
    fn paths_resolve_under_the_base_only() {
        let (site, root) = site();
        assert_eq!(site.file("/benbao/"), Some(root.join("index.html")));
        assert_eq!(site.file("/benbao"), Some(root.join("index.html")));
        assert_eq!(
            site.file("/benbao/data/bundle.json"),
            Some(root.join("data/bundle.json"))
        );
        assert_eq!(site.file("/data/bundle.json"), None);
        assert_eq!(
            site.file("/benbao/a/abc"),
            None,
            "deep links fall to 404.html"
        );
        assert_eq!(site.file("/benbao/../etc/passwd"), None);
        assert_eq!(site.file("/benbao/%2e%2e/x"), None);
    }

    #[test]
    fn hashed_assets_are_immutable_the_rest_revalidated() {
        assert_eq!(
            cache_control("benbao-web-8b53c4f404ea1596_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("style-f9002093450c4ea5.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(cache_control("bundle.json"), "no-cache");
        assert_eq!(cache_control("sw.js"), "no-cache");
        assert_eq!(cache_control("icon-192.png"), "no-cache");
    }

    #[test]
    fn a_precompressed_copy_is_sent_when_present_and_fresh() {
        let (site, root) = site();
        let file = root.join("data/big.json");
        std::fs::write(&file, "[1,2,3]").unwrap();
        let encoding = |r: &Response| {
            r.headers()
                .iter()
                .find(|h| h.field.equiv("Content-Encoding"))
                .map(|h| h.value.to_string())
        };
        let on_the_fly = site.respond("/benbao/data/big.json", true);
        assert_eq!(encoding(&on_the_fly).as_deref(), Some("gzip"));
        assert_eq!(precompressed(&file), None, "no .gz yet");
        std::fs::write(root.join("data/big.json.gz"), gzipped(b"[1,2,3]")).unwrap();
        assert_eq!(precompressed(&file), Some(gzipped(b"[1,2,3]")));
        let stale = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(stale)
            .unwrap();
        assert_eq!(precompressed(&file), None, "an older .gz is not used");
        let raw = site.respond("/benbao/data/big.json", false);
        assert_eq!(encoding(&raw), None);
    }

    #[test]
    fn accepted_connections_send_without_delay() {
        let listener = listen("127.0.0.1:0").unwrap();
        let _client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        assert!(
            accepted.nodelay().unwrap(),
            "Nagle's algorithm is off on accepted connections"
        );
    }
}
