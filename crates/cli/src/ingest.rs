//! `benbao ingest`: inputs → tagged, validated bundle, written atomically.

use crate::data;
use anyhow::{bail, Context, Result};
use benbao_cli::input::{file_name, read_input, Input};
use benbao_core::date::is_date;
use benbao_core::page::parse_page_sized;
use benbao_core::{Article, Bundle};
use benbao_tagger::Tagger;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Inputs larger than this (in total) get a progress bar.
const PROGRESS_BYTES: u64 = 4 << 20;

#[derive(clap::Args)]
pub struct Args {
    /// Input files: page text (.txt), page PDFs (.pdf, read with poppler's pdftotext), JSON (.json) or NDJSON (.ndjson, .jsonl) articles; or folders of editions (2018-08-15/01-要闻.txt).
    #[arg(required = true, value_name = "PAGE")]
    pub pages: Vec<PathBuf>,
    /// Where to write the bundle (one JSON file).
    #[arg(
        long,
        short,
        value_name = "BUNDLE.json",
        required_unless_present = "archive",
        conflicts_with = "archive"
    )]
    pub out: Option<PathBuf>,
    /// Write a sharded archive into this folder instead (for large archives; see docs/archive.md).
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Newspaper name, for every article that does not carry one.
    #[arg(long)]
    pub paper: Option<String>,
    /// Publication date (YYYY-MM-DD), for every article that does not carry one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<String>,
    /// Page (版) name or number, for every article that does not carry one.
    #[arg(long)]
    pub page: Option<String>,
    /// The region the paper serves, as a code (330000 for a Zhejiang paper,
    /// 330100 for a Hangzhou one): what 我省 and 本市 mean, where a name
    /// several places share goes when the article does not tell, and whose
    /// map the reader draws.
    #[arg(long, value_name = "CODE")]
    pub home: Option<String>,
    /// The paper's settings (paper, home, gazetteer, topics) in a TOML file;
    /// flags given on the command line win.
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
    /// Gazetteer to tag regions with (default: the built-in national one).
    #[arg(long, value_name = "FILE.tsv")]
    pub gazetteer: Option<PathBuf>,
    /// Print how long each step took (loading the gazetteer, reading,
    /// tagging, writing) and the tagging throughput, for benchmarks.
    #[arg(long)]
    pub timings: bool,
    /// Topic taxonomy to tag topics with (default: the built-in one).
    #[arg(long, value_name = "FILE.toml")]
    pub topics: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<String, String> {
    if is_date(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a date like 2018-08-15"))
    }
}

pub fn run(args: &Args) -> Result<()> {
    let config = match &args.config {
        Some(path) => data::PaperConfig::read(path)?,
        None => data::PaperConfig::default(),
    };
    let clock = std::time::Instant::now();
    let gazetteer = data::gazetteer(args.gazetteer.as_deref().or(config.gazetteer.as_deref()))?;
    let gazetteer_s = clock.elapsed().as_secs_f64();
    let home = args.home.clone().or(config.home.clone());
    if let Some(h) = &home {
        let from = match (&args.home, &args.config) {
            (None, Some(c)) => c.display().to_string(),
            _ => "--home".to_string(),
        };
        data::check_home(&gazetteer, h, &from)?;
    }
    let paper = args.paper.clone().or(config.paper.clone());
    let tagger = Tagger {
        gazetteer,
        taxonomy: data::taxonomy(args.topics.as_deref().or(config.topics.as_deref()))?,
        home,
    };
    // Folders are editions (edition.rs): their pages, in order.
    let inputs = crate::edition::expand(&args.pages)?;
    let total: u64 = inputs
        .iter()
        .filter_map(|i| i.path.metadata().ok())
        .map(|m| m.len())
        .sum();
    let progress = progress_bar(total, "reading");
    let read_clock = std::time::Instant::now();

    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    // Pages are kept apart until all are read: an article continued on
    // another page (下转/上接) is joined when both pages are given.
    let mut pages: Vec<benbao_core::page::Parsed> = Vec::new();
    // Articles in input order: given ones as read, a page's once pages are joined.
    let mut order: Vec<Result<usize, Vec<Article>>> = Vec::new();
    // What an edition folder's layout says of each page in `pages`.
    let mut page_info: Vec<Option<crate::edition::PageInfo>> = Vec::new();
    for input in &inputs {
        let path = &input.path;
        progress.set_message(file_name(path));
        match read_input(path)? {
            Input::Pages(texts) => {
                // Text read from a PDF comes with type sizes.
                let pdf = texts.iter().any(|t| !t.sizes.is_empty());
                // Line numbers of a PDF are those of the text read from it.
                let see = if pdf {
                    format!(
                        " (lines of the text read from the PDF: `benbao page {} --text`)",
                        path.display()
                    )
                } else {
                    String::new()
                };
                let before = pages.len();
                let mut first_line = None;
                for t in texts {
                    let parsed = parse_page_sized(&t.name, &t.text, &t.sizes);
                    let shown = if t.name == file_name(path) {
                        path.display().to_string()
                    } else {
                        t.name.clone()
                    };
                    first_line = first_line.or(parsed.leftovers.first().map(|l| (shown, l.line)));
                    for left in &parsed.leftovers {
                        warnings.push(format!(
                            "{}:{}: text outside any article, not in the bundle: {}{see}",
                            t.name,
                            left.line,
                            short(&left.text)
                        ));
                    }
                    if !parsed.articles.is_empty() {
                        order.push(Ok(pages.len()));
                        pages.push(parsed);
                        page_info.push(input.page.clone());
                    }
                }
                if pages.len() == before {
                    bail!(
                        "{}: no article found: an article starts with a headline line followed by a byline \
                         (本报讯 记者X报道 …) or by its text; check that this is a newspaper page{see}",
                        first_line.map_or_else(|| format!("{}:1", path.display()), |(page, line)| format!("{page}:{line}"))
                    );
                }
            }
            Input::Articles(given) => {
                for a in &given {
                    check_known_tags(&tagger, a)?;
                }
                order.push(Err(given));
            }
        }
        progress.inc(path.metadata().map_or(0, |m| m.len()));
    }
    progress.finish_and_clear();
    benbao_core::page::join_continued(&mut pages);
    let mut pages: Vec<Option<benbao_core::page::Parsed>> = pages.into_iter().map(Some).collect();
    // Page PDFs and images to publish: (path inside the data folder, bytes).
    let mut published: Vec<(String, Vec<u8>)> = Vec::new();
    for slot in order {
        let page = match slot {
            Err(given) => {
                articles.extend(given);
                continue;
            }
            Ok(i) => match pages[i].take() {
                Some(p) => (p, page_info[i].take()),
                None => continue,
            },
        };
        let (page, from_path) = page;
        // What the edition folder's layout says (flags given win), and the
        // page's PDF, published with the edition.
        let pdf = match &from_path {
            Some(info) => info.published()?,
            None => None,
        };
        let pdf_name = pdf.as_ref().map(|(name, _)| name.clone());
        published.extend(pdf);
        // What the page's furniture says, unless the editor said otherwise.
        let info = page.page;
        let date = info.date.filter(|d| is_date(d));
        for mut a in page.articles {
            if args.paper.is_none() && config.paper.is_none() {
                a.paper = a.paper.or_else(|| info.paper.clone());
            }
            if args.date.is_none() {
                a.date = a.date.or_else(|| date.clone());
            }
            if args.page.is_none() {
                a.page = a.page.or_else(|| info.number.clone());
            }
            if let Some(p) = &from_path {
                if args.date.is_none() {
                    a.date = Some(p.date.clone());
                }
                if args.page.is_none() {
                    a.page = Some(p.page.clone());
                }
                a.page_name = a.page_name.take().or_else(|| p.name.clone());
                a.page_pdf = pdf_name.clone();
            }
            articles.push(a);
        }
    }

    let read_s = read_clock.elapsed().as_secs_f64();
    let tag_clock = std::time::Instant::now();
    let text_bytes: usize = articles
        .iter()
        .map(|a| a.title.len() + a.blocks.iter().map(|b| b.text.len()).sum::<usize>())
        .sum();
    let progress = progress_bar(
        if total >= PROGRESS_BYTES {
            articles.len() as u64
        } else {
            0
        },
        "tagging",
    );
    for a in &mut articles {
        let (given_regions, given_topics) = (
            std::mem::take(&mut a.regions),
            std::mem::take(&mut a.topics),
        );
        tagger.tag(a);
        union(&mut a.regions, given_regions);
        union(&mut a.topics, given_topics);
        tagger.taxonomy.add_groups(&mut a.topics);
        a.paper = a.paper.take().or_else(|| paper.clone());
        a.date = a.date.take().or_else(|| args.date.clone());
        a.page = a.page.take().or_else(|| args.page.clone());
        progress.inc(1);
    }
    progress.finish_and_clear();
    let tag_s = tag_clock.elapsed().as_secs_f64();
    let write_clock = std::time::Instant::now();
    make_ids_unique(&mut articles);

    let (places, topics) = tagger.dictionaries(&articles);
    let bundle = Bundle {
        places,
        topics,
        home: tagger.home.clone(),
        ..Bundle::new(articles)
    };
    let out = args
        .out
        .as_deref()
        .or(args.archive.as_deref())
        .expect("clap requires --out or --archive");
    let problems = bundle.problems();
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        bail!(
            "the bundle made from these inputs breaks the contract; {} is left untouched:\n{}",
            out.display(),
            list.join("\n")
        );
    }
    if args.archive.is_some() {
        let mut files = benbao_core::write::build(
            &bundle,
            &benbao_core::write::Layout::for_articles(bundle.articles.len()),
        );
        files.extend(published);
        write_folder_atomically(out, &files)?;
    } else {
        // Beside the bundle, where page_pdf points (and `cargo xtask build`
        // looks): content-hashed names, so nothing a reader uses is replaced.
        let dir = out.parent().unwrap_or(Path::new("."));
        for (name, bytes) in &published {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("a file has a folder"))?;
            std::fs::write(&path, bytes)
                .with_context(|| format!("{}: cannot write the page's file", path.display()))?;
        }
        let mut json = serde_json::to_string_pretty(&bundle)?;
        json.push('\n');
        write_atomically(out, json.as_bytes())?;
    }
    if bundle.home.is_none() {
        warnings.push(
            "no --home (or home in --config): 我省/本市 were not read as places, names that several places \
             share were tagged only where the article tells which, and the reader draws no map; \
             give the region the paper serves, e.g. --home 330000"
                .into(),
        );
    }
    summary(out, inputs.len(), &bundle, &mut warnings);
    if args.timings {
        eprintln!(
            "timings: gazetteer {:.0} ms, read {read_s:.2} s, tag {tag_s:.2} s ({:.1} MB of text, {:.1} MB/s), write {:.2} s",
            gazetteer_s * 1e3,
            text_bytes as f64 / 1e6,
            text_bytes as f64 / 1e6 / tag_s.max(1e-9),
            write_clock.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn progress_bar(len: u64, what: &str) -> ProgressBar {
    if len < PROGRESS_BYTES && what == "reading" || len == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let unit = if what == "reading" {
        "{bytes}/{total_bytes}"
    } else {
        "{pos}/{len} articles"
    };
    bar.set_style(
        ProgressStyle::with_template(&format!("{what} {{bar:30}} {unit} {{msg}} ({{eta}})"))
            .expect("a valid template"),
    );
    bar
}

/// Editor-given tags must be known codes and ids, else they are typos.
fn check_known_tags(tagger: &Tagger, a: &Article) -> Result<()> {
    let at = a
        .source
        .as_ref()
        .map_or_else(String::new, |s| format!("{}:{}: ", s.file, s.line));
    if let Some(code) = a
        .regions
        .iter()
        .find(|c| tagger.gazetteer.place(c).is_none())
    {
        bail!(
            "{at}article {:?}: region {code:?} is not in the gazetteer; see `benbao regions`",
            a.title
        );
    }
    if let Some(id) = a.topics.iter().find(|t| tagger.taxonomy.info(t).is_none()) {
        bail!(
            "{at}article {:?}: topic {id:?} is not in the taxonomy; see `benbao topics`",
            a.title
        );
    }
    Ok(())
}

fn union(tags: &mut Vec<String>, given: Vec<String>) {
    for t in given {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(30).collect();
    if text.chars().nth(30).is_some() {
        s.push('…');
    }
    s
}

fn describe(a: &Article) -> String {
    match &a.source {
        Some(s) => format!("{}:{}: {}", s.file, s.line, a.title),
        None => a.title.clone(),
    }
}

/// Two articles with the same headline and lead get `-2`, `-3`, … in input order.
fn make_ids_unique(articles: &mut [Article]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for a in articles {
        let n = seen.entry(a.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            a.id = format!("{}-{n}", a.id);
        }
    }
}

fn summary(out: &Path, inputs: usize, bundle: &Bundle, warnings: &mut Vec<String>) {
    let articles = &bundle.articles;
    eprintln!(
        "wrote {}: {} articles from {inputs} input file(s)",
        out.display(),
        articles.len()
    );
    let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut topics: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        a.regions
            .iter()
            .for_each(|r| *regions.entry(r).or_default() += 1);
        a.topics
            .iter()
            .for_each(|t| *topics.entry(t).or_default() += 1);
        if a.regions.is_empty() {
            warnings.push(format!("{}: no region found (untagged)", describe(a)));
        }
        if a.topics.is_empty() {
            warnings.push(format!("{}: no topic found (untagged)", describe(a)));
        }
        if a.blocks.iter().any(|b| b.truncated) {
            warnings.push(format!(
                "{}: the source text is cut off (flagged as truncated)",
                describe(a)
            ));
        }
    }
    let name = |code: &str| {
        bundle
            .places
            .get(code)
            .map_or(code.to_string(), |p| format!("{code} {}", p.name))
    };
    eprintln!(
        "regions: {}",
        most_used(regions.into_iter().map(|(c, n)| (name(c), n)).collect())
    );
    eprintln!(
        "topics: {}",
        most_used(
            topics
                .into_iter()
                .map(|(t, n)| (t.to_string(), n))
                .collect()
        )
    );
    const SHOWN: usize = 20;
    for w in warnings.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if warnings.len() > SHOWN {
        eprintln!("… and {} more warnings", warnings.len() - SHOWN);
    }
}

/// `name ×count, …`, the most used first, at most 12 of them.
fn most_used(mut counts: Vec<(String, usize)>) -> String {
    if counts.is_empty() {
        return "none".into();
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut list: Vec<String> = counts
        .iter()
        .take(12)
        .map(|(n, c)| format!("{n} ×{c}"))
        .collect();
    if counts.len() > 12 {
        list.push(format!("… {} more", counts.len() - 12));
    }
    list.join(", ")
}

/// Writes `files` into a fresh folder beside `dir`, then swaps it in: a
/// reader of `dir` sees the old archive or the new one, never a mix.
fn write_folder_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = file_name(dir);
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let _ = std::fs::remove_dir_all(&tmp);
        for (path, bytes) in files {
            let target = tmp.join(path);
            std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
            std::fs::write(&target, bytes)?;
        }
        if dir.exists() {
            std::fs::rename(dir, &old)?;
        }
        std::fs::rename(&tmp, dir)?;
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        if old.exists() && !dir.exists() {
            let _ = std::fs::rename(&old, dir);
        }
    }
    result.with_context(|| format!("{}: cannot write the archive", dir.display()))
}

/// Writes through a temporary file in the same folder and renames it over
/// `out`, so a reader of `out` sees the old bundle or the new one, never half.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let tmp = dir.join(format!(".{}.tmp-{}", file_name(out), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("{}: cannot write the bundle", out.display()))
}
