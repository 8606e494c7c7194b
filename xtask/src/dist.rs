//! What `dist/` needs after Trunk, to be deployable anywhere static:
//!
//! 1. Trunk's inline start-up `<script type="module">` moves into a
//!    content-hashed file, so the page's Content Security Policy can forbid
//!    inline scripts (`script-src 'self' 'wasm-unsafe-eval'`).
//! 2. `404.html`, a copy of the page: hosts such as GitHub Pages answer
//!    unknown paths with it, so deep links (`/a/<id>`, filtered lists) load.
//! 3. `sw.js` gets the site's version (a hash of every file) and the list of
//!    files to keep for offline use.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub fn finish(dist: &Path, public_url: &str) -> Result<()> {
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path)
        .with_context(|| format!("reading {}", index_path.display()))?;
    let html = externalize_start_script(dist, &html, public_url)?;
    std::fs::write(&index_path, &html)?;
    std::fs::write(dist.join("404.html"), &html)?;
    write_service_worker(dist)
}

fn externalize_start_script(dist: &Path, html: &str, public_url: &str) -> Result<String> {
    const OPEN: &str = "<script type=\"module\">";
    let Some(start) = html.find(OPEN) else {
        bail!(
            "dist/index.html has no inline start-up module from Trunk; has Trunk's output changed?"
        );
    };
    let body_start = start + OPEN.len();
    let end = body_start
        + html[body_start..]
            .find("</script>")
            .context("unterminated start-up script")?;
    let script = html[body_start..end].trim();
    let name = format!("start-{}.js", benbao_core::bundle::stable_id(script));
    std::fs::write(dist.join(&name), format!("{script}\n"))?;
    let tag = format!("<script type=\"module\" src=\"{public_url}{name}\"></script>");
    let out = format!(
        "{}{tag}{}",
        &html[..start],
        &html[end + "</script>".len()..]
    );
    if out.contains("<script>") || out.contains(OPEN) {
        bail!("dist/index.html still has an inline script, which the Content Security Policy would block");
    }
    Ok(out)
}

/// Whether a file is kept for offline use: the app, the manifest, and a
/// small archive's files (a few dozen articles: all of it); a large
/// archive's other parts are kept by the service worker as the reader
/// opens them.
fn precached(rel: &str, small_archive: bool) -> bool {
    !rel.starts_with("data/") || small_archive || rel.ends_with("/manifest.json")
}

/// Up to this size an archive is precached whole.
const SMALL_ARCHIVE_BYTES: u64 = 2 * 1024 * 1024;

fn write_service_worker(dist: &Path) -> Result<()> {
    let sw_path = dist.join("sw.js");
    let template = std::fs::read_to_string(&sw_path)
        .with_context(|| format!("reading {}", sw_path.display()))?;
    let mut files: Vec<PathBuf> = walk(dist)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !matches!(name, "sw.js" | "404.html")
                && !p
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    let data_bytes: u64 = files
        .iter()
        .filter(|f| f.strip_prefix(dist).is_ok_and(|r| r.starts_with("data")))
        .map(|f| f.metadata().map_or(0, |m| m.len()))
        .sum();
    let small_archive = data_bytes <= SMALL_ARCHIVE_BYTES;
    let mut fingerprint = String::new();
    let mut urls = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(dist)
            .expect("walked from dist")
            .to_string_lossy()
            .replace('\\', "/");
        if !precached(&rel, small_archive) {
            continue;
        }
        fingerprint.push_str(&rel);
        fingerprint.push_str(&benbao_core::bundle::stable_id(&String::from_utf8_lossy(
            &std::fs::read(f)?,
        )));
        // Large icons are fetched only when installing; keep the offline set lean.
        if !rel.ends_with("icon-512.png") {
            urls.push(rel);
        }
    }
    let version = benbao_core::bundle::stable_id(&fingerprint);
    let sw = template
        .replace("\"__BENBAO_VERSION__\"", &format!("\"{version}\""))
        .replace("__BENBAO_PRECACHE__", &serde_json_list(&urls));
    if sw == template {
        bail!("public/sw.js has no __BENBAO_VERSION__ / __BENBAO_PRECACHE__ placeholders");
    }
    std::fs::write(&sw_path, sw)?;
    Ok(())
}

fn serde_json_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_script_moves_into_a_file() {
        let dir = std::env::temp_dir().join(format!("benbao-xtask-dist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let html = "<head><script type=\"module\">\nimport init from '/sub/app.js';\nawait init();\n</script><link></head>";
        let out = externalize_start_script(&dir, html, "/sub/").unwrap();
        let name = format!(
            "start-{}.js",
            benbao_core::bundle::stable_id("import init from '/sub/app.js';\nawait init();")
        );
        assert_eq!(
            out,
            format!("<head><script type=\"module\" src=\"/sub/{name}\"></script><link></head>")
        );
        assert!(std::fs::read_to_string(dir.join(&name))
            .unwrap()
            .contains("await init();"));
        assert!(externalize_start_script(&dir, "<head></head>", "/").is_err());
    }
}
