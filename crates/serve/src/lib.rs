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
//! - HTTP/1.1 by hyper, Nagle's algorithm off on every connection.
//!   (tiny_http, used before, wrote headers and body apart, so with Nagle
//!   on each small response waited ~40 ms for a delayed ACK; and its
//!   thread pool could leave a new connection unread behind idle
//!   keep-alive ones, so a page firing 20 requests at once hung.)
//! - With the `tls` feature, [`StaticServer::start_tls`] serves HTTPS and
//!   HTTP/2 (as real hosts do) with a certificate made at start.
//! - Every response sent is logged ([`StaticServer::sent`]), for the bench.
//! - Tests can fake the answer for any path ([`StaticServer::fake`]).

use flate2::write::GzEncoder;
use flate2::Compression;
use http_body_util::Full;
use hyper::body::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A canned answer for one path, in place of the file (status 0: no answer at all).
#[derive(Clone, Debug)]
pub struct Fake {
    pub status: u16,
    pub body: Vec<u8>,
    /// Answered once, then the file is served again.
    pub once: bool,
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
    runtime: Option<tokio::runtime::Runtime>,
    /// `http://127.0.0.1:PORT` (`https://` for [`StaticServer::start_tls`])
    pub origin: String,
    shared: Arc<Shared>,
    /// For HTTPS: the certificate (DER), which clients must be told to trust.
    pub certificate: Option<Vec<u8>>,
    /// For HTTPS: base64 of the SHA-256 of the certificate's public key, for
    /// Chromium's `--ignore-certificate-errors-spki-list` (which trusts
    /// this server, and only it, as if its certificate were valid).
    pub spki: Option<String>,
}

/// How connections are spoken to.
#[derive(Clone)]
enum Protocol {
    Http1,
    #[cfg(feature = "tls")]
    Tls(tokio_rustls::TlsAcceptor),
}

/// What every connection's handler reads.
struct Shared {
    site: Site,
    fakes: Mutex<HashMap<String, Fake>>,
    down: std::sync::atomic::AtomicBool,
    sent: Mutex<Vec<Sent>>,
}

impl StaticServer {
    /// Serves `root` under `base` (`"/"` or `"/sub/"`) on `addr` (`"127.0.0.1:0"` for any free port).
    pub fn start(root: &Path, base: &str, addr: &str) -> Result<StaticServer, String> {
        StaticServer::start_with(root, base, addr, Protocol::Http1)
    }

    /// As [`StaticServer::start`], over HTTPS with HTTP/2 (and HTTP/1.1 for
    /// clients that ask for it), with a self-signed certificate for
    /// 127.0.0.1 and localhost made now.
    #[cfg(feature = "tls")]
    pub fn start_tls(root: &Path, base: &str, addr: &str) -> Result<StaticServer, String> {
        let tls = tls::Tls::new()?;
        let mut server = StaticServer::start_with(root, base, addr, Protocol::Tls(tls.acceptor))?;
        server.certificate = Some(tls.certificate);
        server.spki = Some(tls.spki);
        Ok(server)
    }

    fn start_with(
        root: &Path,
        base: &str,
        addr: &str,
        protocol: Protocol,
    ) -> Result<StaticServer, String> {
        let cannot = |e: std::io::Error| format!("cannot listen on {addr}: {e}");
        let listener = std::net::TcpListener::bind(addr).map_err(cannot)?;
        listener.set_nonblocking(true).map_err(cannot)?;
        let scheme = match protocol {
            Protocol::Http1 => "http",
            #[cfg(feature = "tls")]
            Protocol::Tls(_) => "https",
        };
        let origin = format!("{scheme}://{}", listener.local_addr().map_err(cannot)?);
        let shared = Arc::new(Shared {
            site: Site {
                root: root.to_path_buf(),
                base: normalize_base(base),
            },
            fakes: Mutex::default(),
            down: Default::default(),
            sent: Mutex::default(),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(cannot)?;
        let listener = {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(cannot)?
        };
        runtime.spawn(serve(listener, shared.clone(), protocol));
        Ok(StaticServer {
            runtime: Some(runtime),
            origin,
            shared,
            certificate: None,
            spki: None,
        })
    }

    /// Answers `path` (relative to the base, e.g. `data/bundle.json`) with `status` and `body`.
    pub fn fake(&self, path: &str, status: u16, body: impl Into<Vec<u8>>) {
        self.shared.fakes.lock().expect("fakes lock").insert(
            path.to_string(),
            Fake {
                status,
                body: body.into(),
                once: false,
            },
        );
    }

    /// As [`StaticServer::fake`], for the next request only (a stale or
    /// damaged copy that a second request gets right).
    pub fn fake_once(&self, path: &str, status: u16, body: impl Into<Vec<u8>>) {
        self.shared.fakes.lock().expect("fakes lock").insert(
            path.to_string(),
            Fake {
                status,
                body: body.into(),
                once: true,
            },
        );
    }

    /// Never answers `path` (a connection that hangs), for a minute per request.
    pub fn hang(&self, path: &str) {
        self.shared.fakes.lock().expect("fakes lock").insert(
            path.to_string(),
            Fake {
                status: 0,
                body: Vec::new(),
                once: false,
            },
        );
    }

    /// Serves `path` from the folder again.
    pub fn unfake(&self, path: &str) {
        self.shared.fakes.lock().expect("fakes lock").remove(path);
    }

    /// Every response sent so far, in the order they were (what a
    /// benchmark counts, whichever context of the page fetched it: the
    /// page's Resource Timing does not see a worker's requests).
    pub fn sent(&self) -> Vec<Sent> {
        self.shared.sent.lock().expect("sent lock").clone()
    }

    /// While down, every request gets 503 Service Unavailable (a host that fails).
    pub fn set_down(&self, down: bool) {
        self.shared
            .down
            .store(down, std::sync::atomic::Ordering::SeqCst);
    }

    /// Serves until the process ends.
    pub fn wait(mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.block_on(std::future::pending::<()>());
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Accepts connections for ever, each served by hyper on its own task.
async fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>, protocol: Protocol) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (shared, protocol) = (shared.clone(), protocol.clone());
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request| answer(request, shared.clone()));
            match protocol {
                Protocol::Http1 => {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                }
                #[cfg(feature = "tls")]
                Protocol::Tls(acceptor) => {
                    let Ok(stream) = acceptor.accept(stream).await else {
                        return;
                    };
                    // HTTP/2 or HTTP/1.1, whichever the client opens with.
                    let _ = hyper_util::server::conn::auto::Builder::new(
                        hyper_util::rt::TokioExecutor::new(),
                    )
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
                }
            }
        });
    }
}

#[cfg(feature = "tls")]
mod tls {
    use std::sync::Arc;
    use tokio_rustls::rustls;

    /// A self-signed certificate for 127.0.0.1 and localhost, and the TLS
    /// set-up that offers HTTP/2 first.
    pub struct Tls {
        pub acceptor: tokio_rustls::TlsAcceptor,
        pub certificate: Vec<u8>,
        pub spki: String,
    }

    impl Tls {
        pub fn new() -> Result<Tls, String> {
            use base64::Engine;
            let made = rcgen::generate_simple_self_signed(vec![
                "127.0.0.1".to_string(),
                "localhost".to_string(),
            ])
            .map_err(|e| format!("cannot make a certificate: {e}"))?;
            let digest =
                ring::digest::digest(&ring::digest::SHA256, &made.key_pair.public_key_der());
            let spki = base64::engine::general_purpose::STANDARD.encode(digest.as_ref());
            let certificate = made.cert.der().to_vec();
            let key = rustls::pki_types::PrivateKeyDer::Pkcs8(made.key_pair.serialize_der().into());
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let mut config = rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("TLS set-up: {e}"))?
                .with_no_client_auth()
                .with_single_cert(vec![made.cert.der().clone()], key)
                .map_err(|e| format!("TLS set-up: {e}"))?;
            config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
            Ok(Tls {
                acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
                certificate,
                spki,
            })
        }
    }
}

async fn answer(
    request: hyper::Request<hyper::body::Incoming>,
    shared: Arc<Shared>,
) -> Result<hyper::Response<Full<Bytes>>, std::io::Error> {
    let gzip = request
        .headers()
        .get_all(hyper::header::ACCEPT_ENCODING)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.contains("gzip")));
    let path = request.uri().path().to_string();
    let reply = if shared.down.load(std::sync::atomic::Ordering::SeqCst) {
        Reply::new(503, b"host is down".to_vec())
    } else {
        let fake = path.strip_prefix(&shared.site.base).and_then(|rel| {
            let mut fakes = shared.fakes.lock().ok()?;
            let fake = fakes.get(rel).cloned()?;
            if fake.once {
                fakes.remove(rel);
            }
            Some(fake)
        });
        match fake {
            Some(f) if f.status == 0 => {
                // A host that never answers: a minute, then the connection drops.
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                return Err(std::io::Error::other("no answer"));
            }
            Some(f) => Reply::new(f.status, f.body),
            None => {
                // Reading and gzipping a large file blocks: off the async workers.
                let (shared, path) = (shared.clone(), path.clone());
                tokio::task::spawn_blocking(move || shared.site.respond(&path, gzip))
                    .await
                    .map_err(std::io::Error::other)?
            }
        }
    };
    let bytes = reply.body.len() as u64;
    let end_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    if let Ok(mut log) = shared.sent.lock() {
        log.push(Sent {
            end_ms,
            bytes,
            path,
        });
    }
    Ok(reply.into_response())
}

/// A response, before it is hyper's.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn new(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    #[cfg(test)]
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn into_response(self) -> hyper::Response<Full<Bytes>> {
        let mut response = hyper::Response::new(Full::new(Bytes::from(self.body)));
        *response.status_mut() = hyper::StatusCode::from_u16(self.status)
            .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in self.headers {
            if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
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

struct Site {
    root: PathBuf,
    base: String,
}

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

    fn respond(&self, path: &str, gzip: bool) -> Reply {
        match self.file(path) {
            Some(file) => {
                if gzip && compressible(&file) {
                    if let Some(body) = precompressed(&file) {
                        return plain(&file, body, 200).with_header("Content-Encoding", "gzip");
                    }
                }
                let body = std::fs::read(&file).unwrap_or_default();
                with_headers(&file, body, gzip, 200)
            }
            None => match std::fs::read(self.root.join("404.html")) {
                Ok(page) => with_headers(Path::new("404.html"), page, gzip, 404),
                Err(_) => Reply::new(404, b"not found".to_vec()),
            },
        }
    }
}

fn with_headers(file: &Path, body: Vec<u8>, gzip: bool, status: u16) -> Reply {
    let compress = gzip && compressible(file);
    let body = if compress { gzipped(&body) } else { body };
    let reply = plain(file, body, status);
    if compress {
        reply.with_header("Content-Encoding", "gzip")
    } else {
        reply
    }
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

fn plain(file: &Path, body: Vec<u8>, status: u16) -> Reply {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    Reply::new(status, body)
        .with_header("Content-Type", content_type(file))
        .with_header("Cache-Control", cache_control(name))
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

    /// A small site in a folder of its own: tests run at once, and one
    /// rewriting a file another's server is reading made that one fail.
    fn site() -> (Site, PathBuf) {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("benbao-serve-test-{}-{n}", std::process::id()));
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
        let encoding = |r: &Reply| r.header("Content-Encoding").map(str::to_string);
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
    fn many_requests_at_once_are_all_answered_and_logged() {
        use std::io::Read;
        let (_, root) = site();
        let server = StaticServer::start(&root, "/benbao/", "127.0.0.1:0").unwrap();
        let address = server.origin.trim_start_matches("http://").to_string();
        let answers: Vec<String> = (0..30)
            .map(|_| {
                let address = address.clone();
                std::thread::spawn(move || {
                    let mut c = std::net::TcpStream::connect(address).unwrap();
                    c.write_all(b"GET /benbao/data/bundle.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
                    let mut answer = String::new();
                    c.read_to_string(&mut answer).unwrap();
                    answer
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        for a in &answers {
            assert!(a.starts_with("HTTP/1.1 200 OK"), "{a}");
            assert!(a.ends_with("{}"), "{a}");
        }
        let sent = server.sent();
        assert_eq!(sent.len(), 30);
        assert!(sent
            .iter()
            .all(|s| s.path == "/benbao/data/bundle.json" && s.bytes == 2));
    }

    /// HTTPS offers HTTP/2 (ALPN) and answers over it, with a certificate a
    /// client can be told to trust.
    #[cfg(feature = "tls")]
    #[test]
    fn https_speaks_http2() {
        use tokio_rustls::rustls;
        let (_, root) = site();
        let server = StaticServer::start_tls(&root, "/benbao/", "127.0.0.1:0").unwrap();
        assert!(server.origin.starts_with("https://127.0.0.1:"));
        assert_eq!(
            server.spki.as_ref().map(String::len),
            Some(44),
            "base64 of 32 bytes"
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut roots = rustls::RootCertStore::empty();
            roots
                .add(server.certificate.clone().unwrap().into())
                .unwrap();
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let mut config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth();
            config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
            let address = server.origin.trim_start_matches("https://").to_string();
            let tcp = tokio::net::TcpStream::connect(&address).await.unwrap();
            let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
            let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await
                .unwrap();
            assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
            let (mut send, connection) = hyper::client::conn::http2::handshake(
                hyper_util::rt::TokioExecutor::new(),
                hyper_util::rt::TokioIo::new(tls),
            )
            .await
            .unwrap();
            tokio::spawn(connection);
            let request = hyper::Request::get(format!("https://{address}/benbao/data/bundle.json"))
                .body(http_body_util::Empty::<Bytes>::new())
                .unwrap();
            let response = send.send_request(request).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.version(), hyper::Version::HTTP_2);
        });
        assert_eq!(server.sent().len(), 1);
    }
}
