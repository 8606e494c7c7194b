//! Pages that exist before the wasm (native only): after `cargo xtask
//! build` has put the reader and its archive in `dist/`, this binary, built
//! natively, writes every article as a page of its own, with what a link
//! preview, a search engine and a feed reader look for:
//!
//! - `a/<id>/index.html`: the article in full, drawn by the app's own
//!   views (`ArticleText`, `Masthead`, rendered to HTML by Leptos), with
//!   its title, description, canonical link, Open Graph and Twitter card
//!   tags and JSON-LD `NewsArticle`; the wasm takes over in place
//!   (`crate::takeover`);
//! - `index.html`, `r/<code>/index.html` for every place the archive
//!   names (the map links its home's cities, with articles or not) and
//!   `t/<id>/index.html` for every topic with articles: the first page of each
//!   list, drawn by the app's own routes (`AppRoutes`, its list page and
//!   filters, with the archive's facets and summaries at hand);
//! - `feed.xml`, and one beside each region's and topic's page: an Atom
//!   feed of the newest 50 articles, full text as text;
//! - with `--site-url`: `sitemap.xml` (an index of sitemaps past 50,000
//!   addresses), and `robots.txt` naming it.
//!
//! What a page or feed says comes from the archive only (`data/archive/`),
//! as the reader gets it; every string is escaped as text.

use crate::app::{AppRoutes, Masthead};
use crate::components::article::ArticleText;
use crate::context::{Base, Covered, SharedLibrary};
use crate::data::Library;
use crate::i18n::{place_name, topic_name, Lang};
use crate::parts::Parts;
use benbao_core::archive::editions::{self, Calendar, MonthFile};
use benbao_core::archive::{self, BodyFiles, Facets, Manifest, Summary, SummaryFiles};
use benbao_core::catalog::Catalog;
use benbao_core::query::{Facet, Query};
use benbao_core::{Article, BlockKind, Bundle};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::location::RequestUrl;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

const USAGE: &str =
    "usage: benbao-web --dist DIR --public-url /PATH/ [--site-url https://HOST/PATH/]

Writes the pre-rendered pages, the Atom feed and (with --site-url) the
sitemap of a reader built into DIR by `cargo xtask build`.";

/// Articles in the feed.
const FEED_ENTRIES: usize = 50;
/// Addresses per sitemap file (the protocol's limit).
const SITEMAP_URLS: usize = 50_000;

pub fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where the site lives: its path on the host, and its absolute address when known.
#[derive(Clone, Debug)]
pub struct Site {
    /// `/` or `/sub/`.
    pub public_url: String,
    /// `https://host/sub/`, when given.
    pub site_url: Option<String>,
    /// Pre-render only the newest this many articles (hosts that limit
    /// the number of files); the others open through the app (404.html).
    pub newest: Option<usize>,
}

impl Site {
    /// `rel` (no leading slash) as a link on the site: absolute when the
    /// site's address is known, else from the host's root.
    fn url(&self, rel: &str) -> String {
        match &self.site_url {
            Some(s) => format!("{s}{rel}"),
            None => format!("{}{rel}", self.public_url),
        }
    }
}

fn run(args: Vec<String>) -> Result<String, String> {
    let (mut dist, mut public_url, mut site_url, mut newest) = (None, None, None, None);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value\n\n{USAGE}"));
        match a.as_str() {
            "--dist" => dist = Some(PathBuf::from(value()?)),
            "--public-url" => public_url = Some(value()?),
            "--site-url" => site_url = Some(value()?),
            "--newest" => {
                let v = value()?;
                newest = Some(v.parse::<usize>().map_err(|_| {
                    format!("--newest {v}: give a number of articles, such as --newest 5000")
                })?)
            }
            _ => return Err(format!("unknown argument {a}\n\n{USAGE}")),
        }
    }
    let dist = dist.ok_or(format!("--dist is required\n\n{USAGE}"))?;
    let mut site = site(public_url.as_deref().unwrap_or("/"), site_url.as_deref())?;
    site.newest = newest;
    write_site(&dist, &site)
}

/// Checks and normalises the two addresses (both end in `/`).
pub fn site(public_url: &str, site_url: Option<&str>) -> Result<Site, String> {
    let slash = |s: &str| {
        if s.ends_with('/') {
            s.to_string()
        } else {
            format!("{s}/")
        }
    };
    let public_url = slash(public_url);
    if !public_url.starts_with('/') {
        return Err(format!(
            "--public-url {public_url} must be a path from the host's root, such as / or /benbao/"
        ));
    }
    let site_url = match site_url {
        None => None,
        Some(s) => {
            let s = slash(s);
            let Some(rest) = s
                .strip_prefix("https://")
                .or_else(|| s.strip_prefix("http://"))
            else {
                return Err(format!(
                    "--site-url {s} must be an absolute http(s) address, such as https://example.org/benbao/"
                ));
            };
            let path = rest.find('/').map_or("/", |i| &rest[i..]);
            if path != public_url {
                return Err(format!(
                    "--site-url {s} is served under {path}, but --public-url is {public_url}: give the same path"
                ));
            }
            Some(s)
        }
    };
    Ok(Site {
        public_url,
        site_url,
        newest: None,
    })
}

/// An archive's articles, by number, read from its files, and the
/// library the app's views take (with its facets).
pub struct Edition {
    pub library: Arc<Library>,
    pub names: Arc<Bundle>,
    pub articles: Vec<Article>,
    /// The summary chunks, as the app would fetch them.
    pub summaries: Vec<Rc<Vec<Summary>>>,
    /// Which edition the pages show (`data::edition_id` of the manifest).
    pub edition: String,
    /// The calendar of printed editions and every month's, when the
    /// archive has them.
    pub calendar: Option<Rc<Calendar>>,
    pub months: HashMap<String, Rc<MonthFile>>,
}

impl Edition {
    fn manifest(&self) -> &Manifest {
        &self.library.archive.manifest
    }

    fn catalog(&self) -> &Catalog {
        self.library.catalog().expect("set when read")
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e}; build the site with `cargo xtask build`",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {e}; check the archive with `benbao check`",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Every article of the archive in `dir`, which the site reads at `root`.
pub fn read_edition(dir: &Path, root: &str) -> Result<Edition, String> {
    let manifest_path = dir.join("manifest.json");
    let edition = crate::data::edition_id(
        &std::fs::read_to_string(&manifest_path)
            .map_err(|e| format!("{}: {e}", manifest_path.display()))?,
    );
    let manifest: Manifest = read_json(&manifest_path)?;
    manifest
        .validate()
        .map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    let sums: SummaryFiles = read_json(&dir.join(&manifest.summary_files))?;
    let bodies: BodyFiles = read_json(&dir.join(&manifest.body_files))?;
    let mut summaries = Vec::with_capacity(sums.len());
    // Checked as the reader checks them: a damaged archive is a message.
    let checked = |f: &str, r: Result<(), String>| {
        r.map_err(|e| {
            format!(
                "{}: {e}; check the archive with `benbao check`",
                dir.join(f).display()
            )
        })
    };
    for f in &sums {
        let chunk: Vec<Summary> = read_json(&dir.join(f))?;
        checked(f, archive::validate_summaries(&chunk))?;
        summaries.push(Rc::new(chunk));
    }
    let mut texts = Vec::with_capacity(manifest.articles);
    for f in &bodies {
        let chunk = read_json::<Vec<archive::Body>>(&dir.join(f))?;
        checked(f, archive::validate_bodies(&chunk))?;
        texts.extend(chunk);
    }
    let count: usize = summaries.iter().map(|c| c.len()).sum();
    if count != manifest.articles || texts.len() != manifest.articles {
        return Err(format!(
            "{}: the manifest says {} articles, its chunks hold {count} summaries and {} bodies; check it with `benbao check`",
            dir.display(),
            manifest.articles,
            texts.len()
        ));
    }
    let articles = summaries
        .iter()
        .flat_map(|c| c.iter())
        .zip(&texts)
        .map(|(s, b)| archive::article(s, b))
        .collect();
    let facets: Facets = read_json(&dir.join(&manifest.facets))?;
    checked(&manifest.facets, facets.validate(manifest.articles))?;
    let catalog = Catalog::from_facets(&facets, &manifest.overview.topic_order);
    // The printed editions: the calendar and every month's file.
    let (mut calendar, mut months) = (None, HashMap::new());
    if let Some(name) = &manifest.editions {
        let c: Calendar = read_json(&dir.join(name))?;
        checked(name, editions::validate_calendar(&c))?;
        for (month, m) in &c {
            let file: MonthFile = read_json(&dir.join(&m.file))?;
            checked(
                &m.file,
                editions::validate_month(&file, month, manifest.articles),
            )?;
            months.insert(month.clone(), Rc::new(file));
        }
        calendar = Some(Rc::new(c));
    }
    let library = Library::new(root.to_string(), manifest);
    library.set_catalog(catalog);
    Ok(Edition {
        names: library.names.clone(),
        library: Arc::new(library),
        articles,
        summaries,
        edition,
        calendar,
        months,
    })
}

/// Writes the pages, the feeds and the sitemap into `dist`; says what it wrote.
pub fn write_site(dist: &Path, site: &Site) -> Result<String, String> {
    // The plain shell (`dist::finish` copies index.html to 404.html before
    // this runs), so that writing the pages twice gives the same pages.
    let template_path = dist.join("404.html");
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        format!(
            "{}: {e}; build the reader first (`cargo xtask build`)",
            template_path.display()
        )
    })?;
    no_effects();
    let shell = Shell::new(&template)?;
    let root = format!("{}data/archive/", site.public_url);
    let edition = read_edition(&dist.join("data").join("archive"), &root)?;
    let paper = paper_name(&edition.articles);
    // The paper's newest date (else the build's): a feed's date when none of its entries has one.
    let paper_updated = edition
        .articles
        .iter()
        .filter_map(|a| a.date.as_deref())
        .max()
        .map(atom_date)
        .unwrap_or_else(build_time);
    let mut pages = Vec::with_capacity(edition.articles.len());
    let (bytes, files) = (std::cell::Cell::new(0u64), std::cell::Cell::new(0usize));
    let write = |rel: &str, text: String| {
        bytes.set(bytes.get() + text.len() as u64);
        files.set(files.get() + 1);
        write_file(dist, rel, text)
    };
    // All the articles, or the newest N.
    let chosen: Vec<&Article> = match site.newest {
        None => edition.articles.iter().collect(),
        Some(n) if n >= edition.articles.len() => edition.articles.iter().collect(),
        Some(n) => edition
            .catalog()
            .results(&Query::default(), None)
            .into_iter()
            .take(n)
            .filter_map(|i| edition.articles.get(i as usize))
            .collect(),
    };
    // The bundle's ids are `[a-z0-9-]`; one that is not never names a folder.
    if let Some(a) = chosen.iter().find(|a| {
        a.id.is_empty()
            || !a
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }) {
        return Err(format!(
            "article id {:?} is not [a-z0-9-]: check the archive with `benbao check`",
            a.id
        ));
    }
    // The article pages, the bulk of a large archive's: on every core.
    let progress = Progress::new("article pages", chosen.len());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(chosen.len().max(1));
    let per = chosen.len().div_ceil(workers).max(1);
    let (names, edition_id) = (&edition.names, edition.edition.as_str());
    let written: Vec<Result<(u64, usize), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chosen
            .chunks(per)
            .map(|slice| {
                let (shell, paper, progress) = (&shell, &paper, &progress);
                scope.spawn(move || -> Result<(u64, usize), String> {
                    let (mut bytes, mut files) = (0u64, 0usize);
                    for a in slice {
                        let text = article_page(shell, site, names, edition_id, paper, a);
                        bytes += text.len() as u64;
                        files += 1;
                        write_file(dist, &format!("a/{}/index.html", a.id), text)?;
                        progress.tick();
                    }
                    Ok((bytes, files))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a page could not be written".into()))
            })
            .collect()
    });
    progress.done();
    for w in written {
        let (b, f) = w?;
        bytes.set(bytes.get() + b);
        files.set(files.get() + f);
    }
    pages.extend(chosen.iter().map(|a| format!("a/{}/", a.id)));
    // The lists: the whole paper, each region with articles, each topic.
    let catalog = edition.catalog();
    let counts = catalog.counts(&Query::default(), None);
    let mut lists = vec![(String::new(), Query::default(), paper.clone())];
    // Every place the archive names (the map links its home's cities, with
    // articles or not), and any other with articles.
    let codes: std::collections::BTreeSet<&String> = edition
        .names
        .places
        .keys()
        .chain(counts.regions.keys())
        .collect();
    for code in codes {
        let q = Query::default().toggled(Facet::Region, code);
        if q.href_path() == format!("/r/{code}/") {
            lists.push((
                format!("r/{code}/"),
                q,
                place_name(&edition.names, code, Lang::Zh),
            ));
        }
    }
    for (topic, n) in &counts.topics {
        let q = Query::default().toggled(Facet::Topic, topic);
        // (A name that could not be a folder of its own has no page.)
        if *n > 0 && q.href_path() == format!("/t/{topic}/") {
            lists.push((
                format!("t/{topic}/"),
                q,
                topic_name(&edition.names, topic, Lang::Zh),
            ));
        }
    }
    let progress = Progress::new("lists with their feeds", lists.len());
    for (rel, query, name) in &lists {
        progress.tick();
        debug_assert_eq!(format!("/{rel}"), query.href_path());
        let order = catalog.results(query, None);
        write(
            &format!("{rel}index.html"),
            list_page(&shell, site, &edition, &paper, rel, name, order.len()),
        )?;
        let newest: Vec<&Article> = order
            .iter()
            .filter_map(|&i| edition.articles.get(i as usize))
            .take(FEED_ENTRIES)
            .collect();
        let title = if rel.is_empty() {
            paper.clone()
        } else {
            format!("{name} · {paper}")
        };
        write(
            &format!("{rel}feed.xml"),
            atom_feed(site, &edition.names, &title, &newest, rel, &paper_updated),
        )?;
        pages.push(rel.clone());
    }
    progress.done();
    // The printed editions, each at its address, and the calendar (its
    // latest month); not each page of an edition (eight times as many).
    // With --newest, only the editions of the days those articles cover
    // (none when none of them is dated); the calendar in any case.
    let limited = chosen.len() < edition.articles.len();
    let oldest_chosen = chosen
        .iter()
        .filter_map(|a| a.date.as_deref())
        .filter(|d| benbao_core::date::is_date(d))
        .min();
    let dates: Vec<String> = edition
        .calendar
        .as_deref()
        .map(editions::dates)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| !limited || oldest_chosen.is_some_and(|o| d.as_str() >= o))
        .collect();
    let has_calendar = edition.calendar.as_ref().is_some_and(|c| !c.is_empty());
    if has_calendar {
        let progress = Progress::new("editions", dates.len());
        for date in &dates {
            progress.tick();
            let rel = format!("e/{date}/");
            write(
                &format!("{rel}index.html"),
                edition_page(&shell, site, &edition, &paper, &rel, date),
            )?;
            pages.push(rel);
        }
        write(
            "e/index.html",
            edition_page(&shell, site, &edition, &paper, "e/", ""),
        )?;
        pages.push("e/".into());
        progress.done();
    }
    let mut left_out = Vec::new();
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    match &site.site_url {
        Some(base) => {
            for (name, text) in sitemaps(base, &pages) {
                write(&name, text)?;
            }
            robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        }
        None => {
            left_out.push("sitemap.xml, canonical links, og:url and absolute addresses in the feeds (no --site-url: give the site's address, e.g. --site-url https://example.org/benbao/)");
        }
    }
    write("robots.txt", robots)?;
    let mut report = format!(
        "pre-rendered {} article pages (of {}) and {} lists (the home page, {} regions, {} topics), with a feed each; robots.txt",
        chosen.len(),
        edition.articles.len(),
        lists.len(),
        lists.iter().filter(|l| l.0.starts_with("r/")).count(),
        lists.iter().filter(|l| l.0.starts_with("t/")).count(),
    );
    if has_calendar {
        report.push_str(&format!("; {} editions and their calendar", dates.len()));
    }
    if site.site_url.is_some() {
        report.push_str(&format!(", sitemap.xml ({} addresses)", pages.len()));
    }
    report.push_str(&format!(
        "\n{} files, {:.1} MB written (--newest N limits the article and edition pages)",
        files.get(),
        bytes.get() as f64 / 1e6
    ));
    for l in left_out {
        report.push_str(&format!("\nleft out: {l}"));
    }
    Ok(report)
}

/// Writes `text` at `rel` in `dist`, making its folder.
fn write_file(dist: &Path, rel: &str, text: String) -> Result<(), String> {
    let path = dist.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Says how far a long step is, on stderr, every few seconds (quiet for
/// a step that ends sooner).
struct Progress {
    what: &'static str,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    start: std::time::Instant,
    /// Seconds from `start` at which to speak next.
    next: std::sync::Mutex<u64>,
}

impl Progress {
    const EVERY_S: u64 = 5;

    fn new(what: &'static str, total: usize) -> Self {
        Progress {
            what,
            total,
            done: 0.into(),
            start: std::time::Instant::now(),
            next: Self::EVERY_S.into(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let s = self.start.elapsed().as_secs();
        if let Ok(mut next) = self.next.try_lock() {
            if s >= *next {
                *next = s + Self::EVERY_S;
                eprintln!("  {} of {} {} ({s} s)", done, self.total, self.what);
            }
        }
    }

    fn done(&self) {
        let s = self.start.elapsed().as_secs_f64();
        if s >= Self::EVERY_S as f64 {
            eprintln!("  {} {} in {s:.1} s", self.total, self.what);
        }
    }
}

/// No effect runs while a page is written (there is no event loop, and
/// what effects do, fetching and scrolling, is the browser's): an
/// executor that drops every task.
fn no_effects() {
    struct DropAll;
    impl any_spawner::CustomExecutor for DropAll {
        fn spawn(&self, _: any_spawner::PinnedFuture<()>) {}
        fn spawn_local(&self, _: any_spawner::PinnedLocalFuture<()>) {}
        fn poll_local(&self) {}
    }
    // Already set when called twice (tests): the same executor.
    let _ = any_spawner::Executor::init_custom_executor(DropAll);
}

/// The paper's name: the one most of its articles give, else the reader's.
fn paper_name(articles: &[Article]) -> String {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for a in articles {
        if let Some(p) = &a.paper {
            *counts.entry(p.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or_else(|| Lang::Zh.text().site.to_string(), |(p, _)| p.to_string())
}

/// `index.html` cut where a page's own parts go.
struct Shell<'a> {
    /// The head up to `</head>`, without its generic title and description.
    head: String,
    /// `</head>` … `<body>`.
    body_open: &'a str,
    /// After the body's own content (the scripts Trunk put there, and `</body></html>`).
    tail: &'a str,
}

impl<'a> Shell<'a> {
    /// A whole page: the shell around this page's `head` and `body`.
    fn page(&self, head: &str, body: &str) -> String {
        format!("{}{head}{}{body}{}", self.head, self.body_open, self.tail)
    }

    fn new(html: &'a str) -> Result<Self, String> {
        let missing =
            |what: &str| format!("dist/index.html has no {what}: has index.html changed?");
        let h = html.find("</head>").ok_or_else(|| missing("</head>"))?;
        let b = html.find("<body>").ok_or_else(|| missing("<body>"))? + "<body>".len();
        let mut head = html[..h].to_string();
        for (open, close) in [("<title>", "</title>"), ("<meta name=\"description\"", ">")] {
            let start = head.find(open).ok_or_else(|| missing(open))?;
            let end =
                head[start..].find(close).ok_or_else(|| missing(close))? + start + close.len();
            head.replace_range(start..end, "");
        }
        // The body's own content is the <noscript> message: a pre-rendered page needs none.
        let tail_start = match html[b..].find("</noscript>") {
            Some(e) => b + e + "</noscript>".len(),
            None => b,
        };
        Ok(Shell {
            head,
            body_open: &html[h..b],
            tail: &html[tail_start..],
        })
    }
}

/// Text for an HTML attribute value or element.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML 1.0: escaped, and without the characters XML forbids
/// (control characters a PDF extraction can leave behind).
pub fn escape_xml(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    escape_html(&s.chars().filter(|&c| allowed(c)).collect::<String>())
}

/// JSON inside `<script type="application/ld+json">`: no `<` may end the element early.
fn json_in_html(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The first `n` characters of the article's first paragraph (its lead).
pub fn description(a: &Article, n: usize) -> String {
    let lead = a
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map_or(a.title.as_str(), |b| b.text.as_str());
    let mut out: String = lead.chars().take(n).collect();
    if lead.chars().count() > n {
        out.push('…');
    }
    out
}

/// The reporters named in the byline (记者…), else nobody.
fn authors(a: &Article) -> Vec<String> {
    let Some(b) = &a.byline else {
        return Vec::new();
    };
    let parsed = benbao_core::page::parse_attribution(&b.text)
        .or_else(|| benbao_core::page::parse_byline(&b.text).map(|(b, _)| b));
    parsed.map_or_else(Vec::new, |p| {
        p.reporters.into_iter().chain(p.correspondents).collect()
    })
}

/// Renders a view to HTML with the contexts the app's views take.
fn render<V: IntoView + 'static>(site: &Site, view: impl FnOnce() -> V) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(Base(site.public_url.trim_end_matches('/').to_string()));
        provide_context(RwSignal::new(Lang::Zh));
        provide_context(Covered(RwSignal::new(false)));
        untrack(|| view().into_view().to_html())
    });
    drop(owner);
    html
}

/// The head tags every page has: title, description, canonical link,
/// Open Graph and Twitter card tags, the feed.
fn common_head(
    site: &Site,
    title: &str,
    desc: &str,
    rel: &str,
    og_type: &str,
    paper: &str,
    feed: (&str, &str),
) -> String {
    let canonical = site.url(rel);
    let mut head = String::new();
    let mut tag = |s: String| {
        head.push_str(&s);
        head.push('\n');
    };
    tag(format!("<title>{}</title>", escape_html(title)));
    tag(format!(
        "<meta name=\"description\" content=\"{}\">",
        escape_html(desc)
    ));
    // A canonical link must be absolute (search engines, Lighthouse):
    // only with the site's address.
    if site.site_url.is_some() {
        tag(format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape_html(&canonical)
        ));
    }
    for (p, v) in [
        ("og:type", og_type),
        ("og:title", title),
        ("og:description", desc),
        ("og:site_name", paper),
        ("og:locale", "zh_CN"),
    ] {
        tag(format!(
            "<meta property=\"{p}\" content=\"{}\">",
            escape_html(v)
        ));
    }
    if site.site_url.is_some() {
        tag(format!(
            "<meta property=\"og:url\" content=\"{}\">",
            escape_html(&canonical)
        ));
    }
    for (n, v) in [
        ("twitter:card", "summary"),
        ("twitter:title", title),
        ("twitter:description", desc),
    ] {
        tag(format!(
            "<meta name=\"{n}\" content=\"{}\">",
            escape_html(v)
        ));
    }
    tag(format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"{}\">",
        escape_html(feed.0),
        escape_html(&site.url(feed.1))
    ));
    head
}

/// The first page of a list (`rel`: its path on the site), drawn by the
/// app's routes as the app draws it at that address.
fn list_page(
    shell: &Shell,
    site: &Site,
    edition: &Edition,
    paper: &str,
    rel: &str,
    name: &str,
    total: usize,
) -> String {
    let title = if rel.is_empty() {
        Lang::Zh.text().site.to_string()
    } else {
        format!("{name} · {}", Lang::Zh.text().site)
    };
    let desc = format!("{name}:{total} 篇文章。{}", Lang::Zh.text().tagline);
    let feed_title = if rel.is_empty() {
        paper.to_string()
    } else {
        format!("{name} · {paper}")
    };
    let head = common_head(
        site,
        &title,
        &desc,
        rel,
        "website",
        paper,
        (&feed_title, &format!("{rel}feed.xml")),
    );
    let summaries = edition.summaries.clone();
    let body = routed_page(site, edition, rel, "list", move |parts| {
        for (c, chunk) in summaries.into_iter().enumerate() {
            parts.insert_summaries(c, chunk);
        }
    });
    shell.page(&head, &body)
}

/// The page at `rel` as the app's routes draw it, with the archive at
/// hand (`fill` puts what the page shows into the parts), in the wrapper
/// the app takes over (`src/takeover.rs`; `kind` "list": a page that a
/// query string changes).
fn routed_page(
    site: &Site,
    edition: &Edition,
    rel: &str,
    kind: &'static str,
    fill: impl FnOnce(&Parts) + 'static,
) -> String {
    let library = edition.library.clone();
    let base = site.public_url.trim_end_matches('/').to_string();
    let url = format!("{}{rel}", site.public_url);
    let path = url.clone();
    let edition = edition.edition.clone();
    render(site, move || {
        let parts = Parts::new();
        fill(&parts);
        provide_context(parts);
        provide_context::<SharedLibrary>(library);
        provide_context(RequestUrl::new(&url));
        view! {
            <div id="prerendered" data-path=path data-edition=edition data-kind=kind>
                <Router base=base>
                    <Masthead/>
                    <main id="main" tabindex="-1">
                        <AppRoutes/>
                    </main>
                </Router>
            </div>
        }
    })
}

/// An edition (`rel` `e/<date>/`, `date` its date) or the calendar of
/// editions (`e/`, no date), drawn by the app's routes from the archive's
/// calendar and month files as the app draws them.
fn edition_page(
    shell: &Shell,
    site: &Site,
    edition: &Edition,
    paper: &str,
    rel: &str,
    date: &str,
) -> String {
    // The titles the app gives these pages (`pages::edition`).
    let t = Lang::Zh.text();
    let (title, desc) = if date.is_empty() {
        let latest = edition
            .calendar
            .as_deref()
            .and_then(|c| c.keys().next_back().cloned())
            .unwrap_or_default();
        let (y, m) = editions::year_month(&latest);
        (
            format!(
                "{} · {} · {}",
                t.past_editions,
                (t.month_title)(y, m),
                t.site
            ),
            format!("{paper}:{}", t.past_editions),
        )
    } else {
        let day = (t.day)(date);
        let found = edition
            .months
            .get(editions::month_of(date))
            .and_then(|m| m.iter().find(|e| e.date == date));
        let count = found.map_or(0, |e| e.pages.len());
        let title = match found.and_then(|e| e.paper.as_deref()) {
            Some(p) => format!("{day} · {p} · {}", t.site),
            None => format!("{day} · {}", t.site),
        };
        (title, format!("{paper} {day}:{count} 版。{}", t.tagline))
    };
    let head = common_head(
        site,
        &title,
        &desc,
        rel,
        "website",
        paper,
        (paper, "feed.xml"),
    );
    let (calendar, months) = (edition.calendar.clone(), edition.months.clone());
    // The calendar's page changes with its query (?m=): a list's kind.
    let kind = if date.is_empty() { "list" } else { "edition" };
    let body = routed_page(site, edition, rel, kind, move |parts| {
        if let Some(c) = calendar {
            parts.insert_editions(c, months);
        }
    });
    shell.page(&head, &body)
}

fn article_page(
    shell: &Shell,
    site: &Site,
    names: &Arc<Bundle>,
    edition: &str,
    paper: &str,
    a: &Article,
) -> String {
    let paper = a.paper.clone().unwrap_or_else(|| paper.to_string());
    let title = format!("{} · {}", a.title, Lang::Zh.text().site);
    let desc = description(a, 120);
    let rel = format!("a/{}/", a.id);
    let canonical = site.url(&rel);
    let mut head = common_head(
        site,
        &title,
        &desc,
        &rel,
        "article",
        &paper,
        (&paper, "feed.xml"),
    );
    // Open Graph's title is the headline alone.
    head = head.replace(
        &format!(
            "<meta property=\"og:title\" content=\"{}\">",
            escape_html(&title)
        ),
        &format!(
            "<meta property=\"og:title\" content=\"{}\">",
            escape_html(&a.title)
        ),
    );
    let mut tag = |s: String| {
        head.push_str(&s);
        head.push('\n');
    };
    if let Some(d) = &a.date {
        tag(format!(
            "<meta property=\"article:published_time\" content=\"{}\">",
            escape_html(d)
        ));
    }
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": desc,
        "inLanguage": "zh-CN",
        "publisher": { "@type": "Organization", "name": paper },
    });
    if site.site_url.is_some() {
        ld["mainEntityOfPage"] = canonical.clone().into();
    }
    if let Some(d) = &a.date {
        ld["datePublished"] = d.clone().into();
    }
    let people: Vec<serde_json::Value> = authors(a)
        .into_iter()
        .map(|n| serde_json::json!({ "@type": "Person", "name": n }))
        .collect();
    if !people.is_empty() {
        ld["author"] = people.into();
    }
    let places: Vec<serde_json::Value> = a
        .regions
        .iter()
        .map(|c| serde_json::json!({ "@type": "Place", "name": place_name(names, c, Lang::Zh) }))
        .collect();
    if !places.is_empty() {
        ld["contentLocation"] = places.into();
    }
    tag(format!(
        "<script type=\"application/ld+json\">{}</script>",
        json_in_html(&ld)
    ));

    let back = site.public_url.clone();
    let path = format!("{}{rel}", site.public_url);
    let edition = edition.to_string();
    let (article, names) = (a.clone(), names.clone());
    let lang = Lang::Zh;
    let nav_label = format!("{} / {}", lang.text().previous, lang.text().next);
    let body = render(site, move || {
        view! {
            <div id="prerendered" data-path=path data-edition=edition>
                <Masthead/>
                <main id="main" tabindex="-1">
                    <ArticleText article names terms=Vec::new() back>
                        <nav class="prevnext" aria-label=nav_label></nav>
                    </ArticleText>
                </main>
            </div>
        }
    });
    shell.page(&head, &body)
}

/// An Atom feed of `entries` (newest first). `path`: the feed's page,
/// relative to the site (`""` for the whole paper).
/// `updated`: the feed's date when none of its entries has one (the
/// paper's newest, so that an empty feed does not change with each build).
pub fn atom_feed(
    site: &Site,
    names: &Bundle,
    paper: &str,
    entries: &[&Article],
    path: &str,
    updated: &str,
) -> String {
    let id = |rel: &str| match &site.site_url {
        Some(s) => format!("{s}{rel}"),
        // Without the site's address, ids that stay the same wherever it is.
        None => format!(
            "urn:benbao:{}",
            if rel.is_empty() {
                "site"
            } else {
                rel.trim_end_matches('/')
            }
        ),
    };
    let updated = entries
        .iter()
        .filter_map(|a| a.date.as_deref())
        .max()
        .map(atom_date)
        .unwrap_or_else(|| updated.to_string());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    x.push_str(&format!("  <title>{}</title>\n", escape_xml(paper)));
    x.push_str(&format!("  <id>{}</id>\n", escape_xml(&id(path))));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&site.url(&format!("{path}feed.xml")))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&site.url(path))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(paper)
    ));
    for a in entries {
        let rel = format!("a/{}/", a.id);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape_xml(&a.title)));
        x.push_str(&format!("    <id>{}</id>\n", escape_xml(&id(&rel))));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&site.url(&rel))
        ));
        let date = a.date.as_deref().map(atom_date);
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            date.clone().unwrap_or_else(|| updated.clone())
        ));
        if let Some(d) = &date {
            x.push_str(&format!("    <published>{d}</published>\n"));
        }
        for name in authors(a) {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_xml(&name)
            ));
        }
        for c in &a.regions {
            x.push_str(&format!(
                "    <category term=\"region:{}\" label=\"{}\"/>\n",
                escape_xml(c),
                escape_xml(&place_name(names, c, Lang::Zh))
            ));
        }
        for t in &a.topics {
            x.push_str(&format!(
                "    <category term=\"topic:{}\" label=\"{}\"/>\n",
                escape_xml(t),
                escape_xml(&topic_name(names, t, Lang::Zh))
            ));
        }
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&description(a, 120))
        ));
        let text: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        x.push_str(&format!(
            "    <content type=\"text\">{}</content>\n",
            escape_xml(&text.join("\n\n"))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `2018-08-15` as an Atom date (midnight, Beijing time).
fn atom_date(d: &str) -> String {
    format!("{d}T00:00:00+08:00")
}

/// For a feed of undated articles: `SOURCE_DATE_EPOCH` when set (so that
/// builds are reproducible), else now.
fn build_time() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        benbao_core::date::date_string(days as i32),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The sitemap files for `urls` (relative to `base`): `sitemap.xml` alone,
/// or, past [`SITEMAP_URLS`], an index of `sitemap-<n>.xml` files.
pub fn sitemaps(base: &str, urls: &[String]) -> Vec<(String, String)> {
    let urlset = |urls: &[String]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for u in urls {
            x.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape_xml(&format!("{base}{u}"))
            ));
        }
        x.push_str("</urlset>\n");
        x
    };
    if urls.len() <= SITEMAP_URLS {
        return vec![("sitemap.xml".to_string(), urlset(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in urls.chunks(SITEMAP_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_xml(&format!("{base}{name}"))
        ));
        files.push((name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_string(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use benbao_core::{Block, Byline};

    fn article(title: &str, text: &str) -> Article {
        let mut a: Article =
            serde_json::from_value(serde_json::json!({ "id": "x1", "title": title, "blocks": [] }))
                .expect("a minimal article");
        a.blocks = vec![Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            truncated: false,
        }];
        a
    }

    fn site(url: Option<&str>) -> Site {
        super::site("/sub/", url).expect("a valid site")
    }

    #[test]
    fn text_is_escaped_for_html_json_and_xml() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape_xml("a\u{1}b\u{FFFE}<c>"), "ab&lt;c&gt;");
        let ld = json_in_html(&serde_json::json!({ "headline": "</script><b>&" }));
        assert!(
            !ld.contains("</script>") && !ld.contains('<') && !ld.contains('&'),
            "{ld}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&ld).unwrap()["headline"],
            "</script><b>&"
        );
    }

    #[test]
    fn addresses_are_checked() {
        assert!(super::site("sub/", None).is_err(), "a path from the root");
        assert!(
            super::site("/sub/", Some("example.org/sub/")).is_err(),
            "an absolute address"
        );
        let e = super::site("/other/", Some("https://example.org/sub/")).unwrap_err();
        assert!(e.contains("/sub/") && e.contains("/other/"), "{e}");
        let s = super::site("/sub", Some("https://example.org/sub")).unwrap();
        assert_eq!(s.url("a/x/"), "https://example.org/sub/a/x/");
        assert_eq!(site(None).url("a/x/"), "/sub/a/x/");
    }

    #[test]
    fn a_feed_entry_has_the_whole_text_as_text() {
        let mut a = article("标题<script>", "第一段 & 第二句");
        a.date = Some("2018-08-15".into());
        a.byline = Some(Byline {
            text: "本报讯 记者张三".into(),
            ..Default::default()
        });
        let names = Bundle::new(vec![]);
        let feed = atom_feed(
            &site(Some("https://example.org/sub/")),
            &names,
            "某日报",
            &[&a],
            "",
            "2000-01-01T00:00:00Z",
        );
        assert!(feed.contains("<title>标题&lt;script&gt;</title>"), "{feed}");
        assert!(feed.contains("<content type=\"text\">第一段 &amp; 第二句</content>"));
        assert!(feed.contains("<id>https://example.org/sub/a/x1/</id>"));
        assert!(feed.contains("<updated>2018-08-15T00:00:00+08:00</updated>"));
        assert!(
            feed.contains("<author><name>张三</name></author>"),
            "{feed}"
        );
        let without = atom_feed(
            &site(None),
            &names,
            "某日报",
            &[&a],
            "",
            "2000-01-01T00:00:00Z",
        );
        assert!(without.contains("<id>urn:benbao:a/x1</id>"), "{without}");
        assert!(without.contains("href=\"/sub/a/x1/\""));
        let empty = atom_feed(
            &site(None),
            &names,
            "某日报",
            &[],
            "r/1/",
            "2018-08-15T00:00:00+08:00",
        );
        assert!(
            empty.contains("<updated>2018-08-15T00:00:00+08:00</updated>"),
            "{empty}"
        );
    }

    #[test]
    fn past_fifty_thousand_addresses_the_sitemap_is_an_index() {
        let one = sitemaps("https://e.org/", &["a/1/".to_string()]);
        assert_eq!(one.len(), 1);
        assert!(one[0].1.contains("<loc>https://e.org/a/1/</loc>"));
        let urls: Vec<String> = (0..SITEMAP_URLS + 1).map(|i| format!("a/{i}/")).collect();
        let files = sitemaps("https://e.org/", &urls);
        assert_eq!(files.len(), 3);
        assert_eq!(files[2].0, "sitemap.xml");
        assert!(files[2].1.contains("<sitemapindex") && files[2].1.contains("sitemap-2.xml"));
        assert_eq!(files[1].1.matches("<loc>").count(), 1);
    }

    #[test]
    fn the_description_is_the_lead_cut_short() {
        let a = article("题", &"字".repeat(200));
        let d = description(&a, 120);
        assert_eq!(d.chars().count(), 121);
        assert!(d.ends_with('…'));
        assert_eq!(description(&article("题", "短"), 120), "短");
    }

    /// A whole site written from a small archive: the pages exist, carry
    /// their text (escaped), and the lists are the app's own views.
    #[test]
    fn a_site_is_written_with_the_apps_views() {
        let dir = std::env::temp_dir().join(format!("benbao-prerender-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut articles = Vec::new();
        for (n, title) in ["第一篇<i>", "第二篇"].iter().enumerate() {
            let mut a = article(title, &format!("正文{n} & 更多"));
            a.id = format!("t{n}");
            a.regions = vec!["330100".into()];
            a.topics = vec!["training".into()];
            a.date = Some(format!("2018-08-1{n}"));
            a.page = Some("1".into());
            a.page_name = Some("要闻".into());
            articles.push(a);
        }
        let mut bundle = Bundle::new(articles);
        bundle.places.insert(
            "330100".into(),
            serde_json::from_value(serde_json::json!({
                "name": "杭州市", "short": "杭州", "pinyin": "Hangzhou", "level": "city"
            }))
            .expect("a place"),
        );
        let layout = benbao_core::write::Layout::for_articles(bundle.articles.len());
        for (name, bytes) in benbao_core::write::build(&bundle, &layout) {
            let path = dir.join("data/archive").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let shell = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta name=\"description\" content=\"x\"><title>本报</title></head><body><noscript>…</noscript><script type=\"module\" src=\"/s.js\"></script></body></html>";
        std::fs::write(dir.join("404.html"), shell).unwrap();
        let report = write_site(&dir, &site(Some("https://example.org/sub/"))).unwrap();
        assert!(report.contains("2 article pages"), "{report}");
        let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap();
        let page = read("a/t0/index.html");
        assert!(
            page.contains("<h1 lang=\"zh-CN\">第一篇&lt;i&gt;"),
            "{page}"
        );
        assert!(page.contains("正文0 &amp; 更多"));
        assert!(
            !page.contains("<noscript>") && page.contains("<script type=\"module\" src=\"/s.js\">")
        );
        assert_eq!(page.matches("<meta name=\"description\"").count(), 1);
        let home = read("index.html");
        assert!(
            home.contains("class=\"cards\"") && home.contains("第二篇"),
            "{home}"
        );
        assert!(home.contains("data-path=\"/sub/\""));
        let city = read("r/330100/index.html");
        assert!(city.contains("<title>杭州市 · 本报</title>"), "{city}");
        assert!(
            city.contains("href=\"/sub/a/t1/?region=330100\""),
            "the cards link to the articles' pages"
        );
        assert!(read("t/training/feed.xml").contains("<entry>"));
        // The printed editions, as the app draws them: the day's pages and
        // headlines, the editions around it; the calendar.
        let day = read("e/2018-08-11/index.html");
        assert!(day.contains("<title>2018年8月11日 · "), "{day}");
        assert!(
            day.contains("第1版 要闻") && day.contains(">第二篇</a>"),
            "{day}"
        );
        assert!(
            day.contains("href=\"/sub/e/2018-08-10/\""),
            "the edition before: {day}"
        );
        assert!(day.contains("data-path=\"/sub/e/2018-08-11/\""));
        let calendar = read("e/index.html");
        assert!(
            calendar.contains("<table class=\"month\"")
                && calendar.contains("href=\"/sub/e/2018-08-10/\""),
            "{calendar}"
        );
        let sitemap = read("sitemap.xml");
        for loc in [
            "",
            "a/t0/",
            "a/t1/",
            "r/330100/",
            "t/training/",
            "e/2018-08-10/",
            "e/",
        ] {
            assert!(
                sitemap.contains(&format!("<loc>https://example.org/sub/{loc}</loc>")),
                "{loc}: {sitemap}"
            );
        }
        // The newest one alone (t1, 2018-08-11), for a host that limits files.
        let _ = std::fs::remove_dir_all(dir.join("a"));
        let _ = std::fs::remove_dir_all(dir.join("e"));
        let mut newest = site(None);
        newest.newest = Some(1);
        let report = write_site(&dir, &newest).unwrap();
        assert!(report.contains("1 article pages (of 2)"), "{report}");
        assert!(dir.join("a/t1/index.html").is_file() && !dir.join("a/t0").exists());
        // Its day's edition and the calendar; not the day before's edition.
        assert!(dir.join("e/2018-08-11/index.html").is_file(), "{report}");
        assert!(dir.join("e/index.html").is_file());
        assert!(!dir.join("e/2018-08-10").exists(), "{report}");
        // None at all: no article's or edition's page, the calendar still.
        let _ = std::fs::remove_dir_all(dir.join("e"));
        newest.newest = Some(0);
        let report = write_site(&dir, &newest).unwrap();
        assert!(dir.join("e/index.html").is_file(), "{report}");
        assert!(!dir.join("e/2018-08-11").exists(), "{report}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
