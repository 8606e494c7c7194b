//! The reader against damaged, stale and hostile archives (issue 18): for
//! each case made by the fixture tool (`damage.rs`) over a good archive,
//! the reader in a fresh Chromium (no cache, no service worker from the
//! case before) opens the view that needs the damaged file and must show
//! a message naming the file and what is wrong, with a retry, while the
//! rest of the page stays: no blank page, no uncaught error, no panic
//! (a panic aborts the wasm, which is an uncaught error).

use anyhow::{ensure, Result};
use benbao_core::archive::{self, Manifest};
use benbao_core::catalog::Catalog;
use benbao_core::query::Query;
use benbao_core::Bundle;
use benbao_e2e::damage::{Archive, Fakes, HTML};
use benbao_e2e::{
    archive_site_dir, repeated_edition, serve, small_layout, Browser, StaticServer, TempDir,
};
use serde_json::json;

/// 144 articles (the default edition's, over 18 issues) in chunks of 10,
/// 64 search shards, long postings in files of their own.
struct Site {
    server: StaticServer,
    bundle: Bundle,
    manifest: Manifest,
    archive: Archive,
    /// Removed with the site.
    _dir: TempDir,
}

impl Site {
    fn start() -> Result<Site> {
        let bundle = repeated_edition()?;
        // Only this archive under data/ (no service worker can install,
        // its precache naming the default edition's files): each case
        // reads what the server sends.
        let (dir, files) = archive_site_dir("damaged", &bundle, &["data"])?;
        let archive = Archive::new(files);
        let manifest = serde_json::from_slice(&archive.files["manifest.json"])?;
        Ok(Site {
            server: serve(dir.path(), "/")?,
            bundle,
            manifest,
            archive,
            _dir: dir,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.origin)
    }

    /// The names listed in the list file `list` (a JSON array or object).
    fn listed(&self, list: &str) -> Vec<String> {
        match self.archive.json(list) {
            serde_json::Value::Array(a) => a
                .into_iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            serde_json::Value::Object(o) => o
                .into_iter()
                .filter_map(|(_, v)| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The summary chunk holding the newest article of the list's second page.
    fn second_page_chunk(&self) -> String {
        let order = Catalog::from_bundle(&self.bundle).results(&Query::default(), None);
        let chunk = order[20] as usize / self.manifest.summary_chunk;
        self.listed(&self.manifest.summary_files)[chunk].clone()
    }

    /// The search shard file holding `gram`.
    fn shard_file(&self, gram: &str) -> String {
        let n = archive::shard_of(gram, self.manifest.shards);
        self.archive.json(&self.manifest.search_files)[n.to_string()]
            .as_str()
            .expect("the gram's shard")
            .to_string()
    }
}

/// What the reader does to need the file.
#[derive(Clone)]
enum View {
    /// A page of the list past the first (summary chunks).
    SecondPage,
    /// A region's list (the facets).
    Region,
    /// Article 0 by its link (the id files, its summary and body chunks).
    Article,
    /// A search typed on the home page (the search files).
    Search(String),
    /// The home page (the manifest).
    Home,
}

struct Case {
    name: String,
    fakes: Fakes,
    view: View,
    /// What the message must say (each, in the app's Chinese).
    says: Vec<String>,
}

fn case(name: &str, fakes: Fakes, view: View, says: &[&str]) -> Case {
    Case {
        name: name.into(),
        fakes,
        view,
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

fn cases(site: &Site) -> Vec<Case> {
    let a = &site.archive;
    let m = &site.manifest;
    let facets = m.facets.clone();
    let sums = m.summary_files.clone();
    let chunk = site.second_page_chunk();
    let other_chunk = site.listed(&sums)[0].clone();
    let bodies = site.listed(&m.body_files);
    let ids = m.id_files.clone();
    let id_shard = {
        let n = archive::shard_of(&site.bundle.articles[0].id, m.id_shards);
        a.json(&ids)[n.to_string()].as_str().unwrap().to_string()
    };
    let shard = site.shard_file("工匠");
    let other_shard = (0..2)
        .map(|k| a.nth("s/", k))
        .find(|s| *s != shard)
        .expect("another shard");
    // A gram whose postings have a file of their own, its shard and that file.
    let (gram, common, postings) = a
        .files
        .keys()
        .filter(|k| k.starts_with("s/"))
        .find_map(|k| {
            a.json(k).as_object().and_then(|o| {
                o.iter().find_map(|(g, p)| {
                    let file = p.get("file")?.as_str()?.to_string();
                    // A gram of Chinese characters (one a reader would type).
                    (g.chars().count() == 2 && g.chars().all(|c| c > '\u{2e80}'))
                        .then(|| (g.clone(), k.clone(), file))
                })
            })
        })
        .expect("a gram with a postings file");
    let mismatch = "校验码不符";
    let damaged = "已损坏";
    let mut out = vec![
        // The manifest (not hashed): broken, of another kind, hostile numbers.
        case(
            "manifest cut off",
            a.truncated("manifest.json"),
            View::Home,
            &["manifest.json", "无法读取"],
        ),
        case(
            "manifest emptied",
            a.in_transit("manifest.json", ""),
            View::Home,
            &["manifest.json", "无法读取"],
        ),
        case(
            "manifest an HTML page",
            a.in_transit("manifest.json", HTML),
            View::Home,
            &["manifest.json", "HTML"],
        ),
        case(
            "manifest replaced by the facets",
            a.in_transit("manifest.json", a.files[&facets].clone()),
            View::Home,
            &["manifest.json", "不是本报归档的清单"],
        ),
        case(
            "manifest claims 2^30 articles",
            a.manifest_with(|v| v["articles"] = json!(1u64 << 30)),
            View::Home,
            &["manifest.json", "articles is 1073741824"],
        ),
        case(
            "manifest claims 2^40 articles (more than a wasm usize)",
            a.manifest_with(|v| v["articles"] = json!(1u64 << 40)),
            View::Home,
            &["manifest.json", "1099511627776"],
        ),
        case(
            "manifest summary_chunk 0",
            a.manifest_with(|v| v["summary_chunk"] = json!(0)),
            View::Home,
            &["manifest.json", "summary_chunk"],
        ),
        case(
            "manifest overview names article 10^6",
            a.manifest_with(|v| v["overview"]["newest"][0] = json!(1_000_000)),
            View::Home,
            &["manifest.json", "overview.newest"],
        ),
        case(
            "manifest missing",
            a.status("manifest.json", 404),
            View::Home,
            &["manifest.json", "404"],
        ),
        // In transit: the name kept, the content not what it promises.
        case(
            "facets cut off",
            a.truncated(&facets),
            View::Region,
            &[&facets, mismatch],
        ),
        case(
            "facets emptied",
            a.in_transit(&facets, ""),
            View::Region,
            &[&facets, mismatch],
        ),
        case(
            "facets an HTML page",
            a.in_transit(&facets, HTML),
            View::Region,
            &[&facets, "HTML"],
        ),
        case(
            "facets missing",
            a.status(&facets, 404),
            View::Region,
            &[&facets, "404"],
        ),
        case(
            "summary chunk cut off",
            a.truncated(&chunk),
            View::SecondPage,
            &[&chunk, mismatch],
        ),
        case(
            "summary chunk replaced by another",
            a.in_transit(&chunk, a.files[&other_chunk].clone()),
            View::SecondPage,
            &[&chunk, mismatch],
        ),
        case(
            "summary chunk missing",
            a.status(&chunk, 404),
            View::SecondPage,
            &[&chunk, "404"],
        ),
        case(
            "summary list an HTML page",
            a.in_transit(&sums, HTML),
            View::SecondPage,
            &[&sums, "HTML"],
        ),
        case(
            "body chunk cut off",
            a.truncated(&bodies[0]),
            View::Article,
            &[&bodies[0], mismatch],
        ),
        case(
            "body chunk replaced by another",
            a.in_transit(&bodies[0], a.files[&bodies[1]].clone()),
            View::Article,
            &[&bodies[0], mismatch],
        ),
        case(
            "id list missing",
            a.status(&ids, 404),
            View::Article,
            &[&ids, "404"],
        ),
        case(
            "id shard an HTML page",
            a.in_transit(&id_shard, HTML),
            View::Article,
            &[&id_shard, "HTML"],
        ),
        case(
            "search shard cut off",
            a.truncated(&shard),
            View::Search("工匠".into()),
            &[&shard, mismatch],
        ),
        case(
            "search shard replaced by another",
            a.in_transit(&shard, a.files[&other_shard].clone()),
            View::Search("工匠".into()),
            &[&shard, mismatch],
        ),
        case(
            "postings file emptied",
            a.in_transit(&postings, ""),
            View::Search(gram.clone()),
            &[&postings, mismatch],
        ),
        // Hostile builds: consistent names, numbers the reader must refuse.
        case(
            "facets columns of different lengths",
            a.rebuilt_json(&facets, |v| {
                v["regions"].as_array_mut().unwrap().pop();
            }),
            View::Region,
            &["facets-", damaged, "regions has 143 values"],
        ),
        case(
            "facets region index out of range",
            a.rebuilt_json(&facets, |v| v["regions"][3] = json!([4_000_000_000u32])),
            View::Region,
            &["facets-", damaged, "article 3 has region 4000000000"],
        ),
        case(
            "facets date past year 9999",
            a.rebuilt_json(&facets, |v| v["dates"][5] = json!(i64::MAX)),
            View::Region,
            &["facets-", damaged, "out of range"],
        ),
        case(
            "facets undated out of order",
            a.rebuilt_json(&facets, |v| v["undated"] = json!([9, 2])),
            View::Region,
            &["facets-", damaged, "undated"],
        ),
        case(
            "summary chunk of no articles",
            a.rebuilt(&chunk, b"[]".to_vec()),
            View::SecondPage,
            &["sum-", damaged, "0 articles"],
        ),
        case(
            "summary list naming a file outside the archive",
            a.rebuilt_json(&sums, |v| v[2] = json!("../../../secret.json")),
            View::SecondPage,
            &["sums-", damaged, "not a file of the archive"],
        ),
        case(
            "summary with a path for an id",
            a.rebuilt_json(&chunk, |v| v[0]["id"] = json!("../../x")),
            View::SecondPage,
            &["sum-", damaged, "not an article id"],
        ),
        case(
            "id shard pointing past the articles",
            a.rebuilt_json(&id_shard, |v| {
                for (_, n) in v.as_object_mut().unwrap() {
                    *n = json!(1_000_000_000u32);
                }
            }),
            View::Article,
            &["id/", damaged, "of 144 articles"],
        ),
        case(
            "postings claiming 2^24 numbers",
            a.rebuilt(&postings, serde_json::to_vec(&hostile_run()).unwrap()),
            View::Search(gram.clone()),
            &[damaged, "more than 16777216 numbers"],
        ),
        case(
            "shard naming a file outside the archive",
            a.rebuilt_json(&common, |v| {
                v[&gram] = json!({ "file": "../../../etc/passwd" })
            }),
            View::Search(gram.clone()),
            &["s/", damaged, "not a file of the archive"],
        ),
    ];
    // A deploy caught half-way: the new manifest is up, the files it names
    // are not (here: a build of one article more). The first page, which
    // comes with the manifest, still shows; a view needing the rest says
    // which file is missing.
    let mut newer = site.bundle.clone();
    let mut extra = newer.articles[0].clone();
    extra.id = "extra-1".into();
    extra.title = "新增的一篇".into();
    newer.articles.push(extra);
    let new_files = benbao_core::write::build(&newer, &small_layout());
    let new_manifest = new_files
        .iter()
        .find(|f| f.0 == "manifest.json")
        .unwrap()
        .1
        .clone();
    let new_sums: String = serde_json::from_slice::<serde_json::Value>(&new_manifest).unwrap()
        ["summary_files"]
        .as_str()
        .unwrap()
        .to_string();
    out.push(case(
        "a deploy half done: the new manifest, the old files",
        vec![("manifest.json".into(), 200, new_manifest)],
        View::SecondPage,
        &[&new_sums, "404"],
    ));
    out
}

/// A postings text of one run of 2^24 + 1 numbers: a few bytes claiming
/// 64 MB (tag 2: runs as varint pairs of start and length − 1).
fn hostile_run() -> String {
    use base64::Engine;
    let mut bytes = vec![2u8];
    for mut v in [0u64, 1 << 24] {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                bytes.push(b);
                break;
            }
            bytes.push(b | 0x80);
        }
    }
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

/// The reader's messages: an alert, a failed card, a failed search.
const MESSAGES: &str =
    "[...document.querySelectorAll('.notice.error, .card.failed, [role=alert]')]";

#[tokio::test]
async fn damaged_archives_give_a_message_never_a_blank_page() -> Result<()> {
    let site = Site::start()?;
    let all = cases(&site);
    ensure!(all.len() >= 25, "{} cases", all.len());
    let mut failures = Vec::new();
    // BENBAO_CASE=text: only the cases whose name has it.
    let only = std::env::var("BENBAO_CASE").unwrap_or_default();
    for (n, c) in all.iter().enumerate() {
        if !c.name.contains(&only) {
            continue;
        }
        for (path, status, body) in &c.fakes {
            site.server
                .fake(&format!("data/archive/{path}"), *status, body.clone());
        }
        let result = run_case(&site, c, n).await;
        for (path, _, _) in &c.fakes {
            site.server.unfake(&format!("data/archive/{path}"));
        }
        if let Err(e) = result {
            failures.push(format!("{}: {e:#}", c.name));
        }
    }
    ensure!(
        all.iter().any(|c| c.name.contains(&only)),
        "no case's name has {only:?}"
    );
    ensure!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
    Ok(())
}

async fn run_case(site: &Site, c: &Case, n: usize) -> Result<()> {
    let (width, height) = if n.is_multiple_of(2) {
        (360, 740)
    } else {
        (1280, 800)
    };
    let b = Browser::start(width, height).await?;
    b.record_js_errors().await?;
    let url = match &c.view {
        View::Home | View::Search(_) => site.url("/"),
        View::SecondPage => site.url("/?p=2"),
        View::Region => site.url("/r/330200/"),
        View::Article => site.url(&format!("/a/{}/", site.bundle.articles[0].id)),
    };
    b.goto(&url).await?;
    if let View::Search(q) = &c.view {
        b.wait_js("the search box", "return !!document.getElementById('q');")
            .await?;
        b.js(&format!("const i = document.getElementById('q'); i.value = {q:?}; i.dispatchEvent(new Event('input', {{ bubbles: true }}));")).await?;
    }
    let says = serde_json::to_string(&c.says)?;
    // Retries of a missing file take 4 s, a refetch past the caches more.
    let found = b
        .wait_js_for(
            "a message naming the problem",
            &format!("return {MESSAGES}.some(e => {says}.every(s => e.textContent.includes(s)));"),
            25,
        )
        .await;
    if let Err(e) = found {
        let shown = b
            .js(&format!("return {MESSAGES}.map(e => e.textContent);"))
            .await?;
        b.screenshot(&format!("damaged-{n}")).await?;
        let _ = b.close().await;
        return Err(e.context(format!("messages shown: {shown}")));
    }
    // The message has a retry; the masthead and the page around it stay.
    let state = b
        .js(&format!(
            "const m = {MESSAGES}.find(e => {says}.every(s => e.textContent.includes(s)));
             return {{ retry: !!m.querySelector('button') || !!m.closest('.results')?.querySelector('.notice.error button'),
                      masthead: !!document.querySelector('header.masthead .brand'),
                      text: document.body.innerText.length,
                      cards: document.querySelectorAll('.card:not(.failed) .title').length }};"
        ))
        .await?;
    if n == 0
        || c.name.starts_with("a deploy")
        || !std::env::var("BENBAO_CASE").unwrap_or_default().is_empty()
    {
        b.screenshot(&format!("damaged-{}", c.name.replace([' ', ':', ','], "-")))
            .await?;
    }
    ensure!(
        state["retry"] == json!(true),
        "a retry beside the message: {state}"
    );
    ensure!(
        state["masthead"] == json!(true),
        "the masthead stays: {state}"
    );
    ensure!(
        state["text"].as_u64().unwrap_or(0) > 40,
        "not a blank page: {state}"
    );
    if matches!(&c.view, View::SecondPage) && c.name.starts_with("summary chunk") {
        // The cards below the screen come when scrolled to.
        b.wait_js(
            "the list to settle",
            "const s = document.querySelector('.cards .skeleton-card'); if (s) { s.scrollIntoView(); return false; } return true;",
        )
        .await?;
        let shown = b
            .js("return [document.querySelectorAll('.card:not(.failed) .title').length, document.querySelectorAll('.card.failed').length];")
            .await?;
        let (cards, failed) = (
            shown[0].as_u64().unwrap_or(0),
            shown[1].as_u64().unwrap_or(0),
        );
        ensure!(
            cards >= 1 && failed >= 1 && cards + failed == 20,
            "the other chunks' cards are shown beside the failed ones: {shown}"
        );
    }
    if c.name.starts_with("summary list") {
        // Every card of the page needs the list: one message, not twenty.
        let shown = b
            .js(&format!(
                "return [{MESSAGES}.length, document.querySelectorAll('.card.failed').length,
                         [...document.querySelectorAll('.cards > li')].filter(l => l.offsetHeight > 0).length];"
            ))
            .await?;
        ensure!(
            shown == json!([1, 0, 0]),
            "one message for the page, no failed card per article, no empty places: {shown}"
        );
    }
    let errors = b.js_errors().await?;
    ensure!(errors.is_empty(), "no uncaught error, no panic: {errors:?}");
    b.close().await?;
    Ok(())
}

/// A deploy that finishes while the reader waits: the file is missing at
/// first, then uploaded; the retries find it and the page shows whole,
/// with no message.
#[tokio::test]
async fn a_file_uploaded_during_the_retries_is_shown() -> Result<()> {
    let site = Site::start()?;
    let chunk = site.second_page_chunk();
    let path = format!("data/archive/{chunk}");
    site.server.fake(&path, 404, "not yet");
    let b = Browser::start(360, 740).await?;
    b.record_js_errors().await?;
    b.goto(&site.url("/?p=2")).await?;
    // Uploaded once the reader has been told it is missing.
    let asked = || {
        site.server
            .sent()
            .iter()
            .filter(|s| s.path.ends_with(&chunk))
            .count()
    };
    let start = std::time::Instant::now();
    while asked() == 0 {
        ensure!(
            start.elapsed().as_secs() < 15,
            "the chunk was never asked for"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    site.server.unfake(&path);
    b.wait_js_for(
        "the whole second page",
        "const s = document.querySelector('.cards .skeleton-card'); if (s) { s.scrollIntoView(); return false; } return document.querySelectorAll('.card:not(.failed) .title').length === 20;",
        15,
    )
    .await?;
    ensure!(
        b.js(&format!("return {MESSAGES}.length;")).await? == json!(0),
        "no message once the file has come"
    );
    ensure!(asked() >= 2, "asked for again after the 404");
    ensure!(b.js_errors().await?.is_empty(), "no uncaught error");
    b.close().await?;
    Ok(())
}
