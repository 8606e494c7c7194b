//! Writing an archive from a bundle (the editor's side: `cargo xtask build`,
//! `benbao ingest --archive`). The format is `crate::archive`'s.

use crate::archive::editions::{
    is_page_label, month_of, page_order, Calendar, Edition, Headline, Month, MonthFile, Page,
};
use crate::archive::{
    encode_postings, gram_text, grams, search_text, shard_of, Body, BodyFiles, Facets, IdShard,
    Manifest, Overview, Posting, Shard, ShardFiles, Summary, SummaryFiles, FIRST_PAGE, FORMAT,
    OVERVIEW_ARTICLES, SMALL_ARCHIVE, VERSION,
};
use crate::bundle::{stable_id, Article, Bundle};
use crate::date::days_of;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How an archive is cut into files.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Articles per summary chunk.
    pub summary_chunk: usize,
    /// Articles per body chunk.
    pub body_chunk: usize,
    /// Number of search shards.
    pub shards: u32,
    /// Postings whose encoding is longer (in bytes) go to a file of their
    /// own, so that a shard stays small for the rare grams in it.
    pub inline_postings: usize,
}

impl Layout {
    /// The layout for an archive of `articles`: a small edition (a few
    /// dozen articles) in few files (one summary chunk, one body chunk, one
    /// id shard), so that the first view needs only the manifest and an
    /// article one file more; its search index in two shards per article
    /// (a search fetches a few KB, not all of it). A large one as
    /// [`Layout::default`].
    pub fn for_articles(articles: usize) -> Layout {
        if articles <= SMALL_ARCHIVE {
            Layout {
                summary_chunk: articles.max(1),
                body_chunk: articles.max(1),
                shards: (articles as u32 * 2).next_power_of_two(),
                inline_postings: Layout::default().inline_postings,
            }
        } else {
            Layout::default()
        }
    }
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            summary_chunk: 25,
            body_chunk: 20,
            shards: 1024,
            inline_postings: 1024,
        }
    }
}

/// The files of an archive of `bundle`, by path. Names carry a content hash
/// (except `manifest.json`), so hosts can cache them forever.
pub fn build(bundle: &Bundle, layout: &Layout) -> Vec<(String, Vec<u8>)> {
    let &Layout {
        summary_chunk,
        body_chunk,
        shards,
        inline_postings,
    } = layout;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |stem: &str, ext: &str, bytes: Vec<u8>| -> String {
        let name = format!(
            "{stem}-{}.{ext}",
            stable_id(&String::from_utf8_lossy(&bytes))
        );
        files.push((name.clone(), bytes));
        name
    };

    // Facets.
    let mut facets = Facets::default();
    let mut region_index: HashMap<&str, u32> = HashMap::new();
    let topic_table: Vec<String> = bundle
        .articles
        .iter()
        .flat_map(|a| a.topics.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut previous = 0i64;
    for a in &bundle.articles {
        let days = match a.date.as_deref().and_then(days_of) {
            Some(d) => d,
            None => {
                facets.undated.push(facets.dates.len() as u32);
                previous
            }
        };
        facets.dates.push(days - previous);
        previous = days;
        let regions = a
            .regions
            .iter()
            .map(|c| {
                *region_index.entry(c.as_str()).or_insert_with(|| {
                    facets.region_table.push(c.clone());
                    (facets.region_table.len() - 1) as u32
                })
            })
            .collect();
        facets.regions.push(regions);
        facets.topics.push(
            a.topics
                .iter()
                .filter_map(|t| topic_table.iter().position(|x| x == t))
                .filter(|&i| i < 64)
                .fold(0u64, |m, i| m | 1 << i),
        );
    }
    facets.topic_table = topic_table;
    let facets_name = put("facets", "json", to_json(&facets));

    let summaries: SummaryFiles = bundle
        .articles
        .chunks(summary_chunk.max(1))
        .enumerate()
        .map(|(n, chunk)| {
            let list: Vec<Summary> = chunk.iter().map(summary).collect();
            put(&format!("sum-{n}"), "json", to_json(&list))
        })
        .collect();
    let bodies: BodyFiles = bundle
        .articles
        .chunks(body_chunk.max(1))
        .enumerate()
        .map(|(n, chunk)| {
            let list: Vec<Body> = chunk
                .iter()
                .map(|a| Body {
                    id: a.id.clone(),
                    blocks: a.blocks.clone(),
                    paper: a.paper.clone(),
                    page: a.page.clone(),
                    page_name: a.page_name.clone(),
                })
                .collect();
            put(&format!("body-{n}"), "json", to_json(&list))
        })
        .collect();

    // Search postings, sharded.
    let mut postings: rustc_hash::FxHashMap<u64, Vec<u32>> = Default::default();
    for (i, a) in bundle.articles.iter().enumerate() {
        for g in grams(&search_text(a)) {
            postings.entry(g).or_default().push(i as u32);
        }
    }
    let mut by_shard: BTreeMap<u32, Shard> = BTreeMap::new();
    let mut postings: Vec<(String, Vec<u32>)> = postings
        .into_iter()
        .map(|(g, list)| (gram_text(g), list))
        .collect();
    postings.sort_unstable();
    for (gram, list) in postings {
        let n = shard_of(&gram, shards);
        let encoded = encode_postings(&list);
        let posting = if encoded.len() > inline_postings {
            Posting::File {
                file: put(&format!("p/{n}"), "json", to_json(&encoded)),
            }
        } else {
            Posting::Here(encoded)
        };
        by_shard.entry(n).or_default().insert(gram, posting);
    }
    let search: ShardFiles = by_shard
        .into_iter()
        .map(|(n, shard)| (n, put(&format!("s/{n}"), "json", to_json(&shard))))
        .collect();

    // Ids → numbers, about 400 ids a shard.
    let id_shards = (bundle.articles.len() / 400).clamp(1, 1024) as u32;
    let mut by_id: BTreeMap<u32, IdShard> = BTreeMap::new();
    for (i, a) in bundle.articles.iter().enumerate() {
        by_id
            .entry(shard_of(&a.id, id_shards))
            .or_default()
            .insert(a.id.clone(), i as u32);
    }
    let ids: ShardFiles = by_id
        .into_iter()
        .map(|(n, shard)| (n, put(&format!("id/{n}"), "json", to_json(&shard))))
        .collect();

    // Editions: the calendar, a file per month.
    let editions = editions(bundle);
    let latest_edition = editions.keys().next_back().cloned();
    let mut calendar = Calendar::new();
    let mut by_month: BTreeMap<String, MonthFile> = BTreeMap::new();
    for (date, edition) in editions {
        by_month
            .entry(month_of(&date).to_string())
            .or_default()
            .push(edition);
    }
    for (month, file) in by_month {
        let days = file
            .iter()
            .filter_map(|e| e.date.get(8..10)?.parse().ok())
            .collect();
        let file = put(&format!("ed/{month}"), "json", to_json(&file));
        calendar.insert(month, Month { file, days });
    }
    let editions = (!calendar.is_empty()).then(|| put("editions", "json", to_json(&calendar)));

    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        articles: bundle.articles.len(),
        facets: facets_name,
        summary_chunk: summary_chunk.max(1),
        summary_files: put("sums", "json", to_json(&summaries)),
        body_chunk: body_chunk.max(1),
        body_files: put("bodies", "json", to_json(&bodies)),
        shards,
        search_files: put("search", "json", to_json(&search)),
        places: bundle.places.clone(),
        topics: bundle.topics.clone(),
        home: bundle.home.clone(),
        id_shards,
        id_files: put("ids", "json", to_json(&ids)),
        overview: overview(bundle),
        editions,
        latest_edition,
    };
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("a manifest serializes"),
    ));
    files
}

/// The editions of `bundle` by date: its articles that have a (valid) date
/// and a page, pages in [`page_order`], articles in input order (printed
/// order, for a paper ingested page by page). A page's name and PDF are
/// its first article's that has one.
pub fn editions(bundle: &Bundle) -> BTreeMap<String, Edition> {
    let mut out: BTreeMap<String, Edition> = BTreeMap::new();
    for (n, a) in bundle.articles.iter().enumerate() {
        let (Some(date), Some(page)) = (a.date.as_deref(), a.page.as_deref()) else {
            continue;
        };
        if !crate::date::is_date(date) || !is_page_label(page) {
            continue;
        }
        let edition = out.entry(date.to_string()).or_insert_with(|| Edition {
            date: date.to_string(),
            paper: None,
            pages: Vec::new(),
        });
        edition.paper = edition.paper.take().or_else(|| a.paper.clone());
        let at = match edition.pages.iter().position(|p| p.page == page) {
            Some(at) => at,
            None => {
                edition.pages.push(Page {
                    page: page.to_string(),
                    name: None,
                    pdf: None,
                    articles: Vec::new(),
                });
                edition.pages.len() - 1
            }
        };
        let p = &mut edition.pages[at];
        p.name = p.name.take().or_else(|| a.page_name.clone());
        p.pdf = p.pdf.take().or_else(|| a.page_pdf.clone());
        p.articles.push(Headline {
            n: n as u32,
            id: a.id.clone(),
            title: a.title.clone(),
        });
    }
    for e in out.values_mut() {
        e.pages.sort_by_key(|p| page_order(&p.page));
    }
    out
}

fn overview(bundle: &Bundle) -> Overview {
    let catalog = crate::catalog::Catalog::from_bundle(bundle);
    let all = crate::query::Query::default();
    let counts = catalog.counts(&all, None);
    let newest: Vec<u32> = catalog
        .results(&all, None)
        .into_iter()
        .take(OVERVIEW_ARTICLES)
        .collect();
    Overview {
        first_page: newest
            .iter()
            .take(FIRST_PAGE)
            .map(|&i| summary(&bundle.articles[i as usize]))
            .collect(),
        newest,
        regions: counts.regions,
        topics: counts.topics,
        years: counts.years,
        topic_order: catalog.all_topics().to_vec(),
    }
}

/// An article's summary, as the archive's summary chunks hold it.
pub fn summary(a: &Article) -> Summary {
    let lead = a
        .paragraphs()
        .next()
        .map(|b| b.text.chars().take(80).collect())
        .unwrap_or_default();
    Summary {
        id: a.id.clone(),
        title: a.title.clone(),
        kicker: a.kicker.clone(),
        subtitle: a.subtitle.clone(),
        byline: a.byline.as_ref().map(|b| b.text.clone()),
        date: a.date.clone(),
        lead,
        regions: a.regions.clone(),
        topics: a.topics.clone(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("archive parts serialize")
}
