//! The archive format: a bundle of any size split into static files so
//! that a reader fetches only what a view needs. See `docs/archive.md`.
//!
//! ```text
//! manifest.json              small, not hashed: what the other files are
//! facets-<hash>.json         dates, regions, topics of every article, compact
//! sum-<n>-<hash>.json        article summaries (title, byline, date, lead), by chunk
//! body-<n>-<hash>.json       article blocks, by chunk
//! s/<shard>-<hash>.json      search postings: character 1- and 2-grams → article numbers
//! p/<shard>-<hash>.json      the postings of one common gram, too long to keep in its shard
//! ```
//!
//! Search stays exact: 1- and 2-character terms are answered by their
//! postings alone; longer terms are narrowed by the postings of all their
//! 2-grams and then verified against the text (only the candidates').

use crate::bundle::{stable_id, Article, Block, Bundle, PlaceInfo, TopicInfo};
use crate::search::terms;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const FORMAT: &str = "benbao-archive";
/// 2: summaries carry their tags; the manifest carries the first view ([`Overview`]).
/// 3: postings are encoded ([`encode_postings`]); long ones have files of their own.
/// 4: postings may be runs ([`encode_postings`]'s tag 2).
pub const VERSION: u32 = 4;

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

/// Up to this many articles an archive is laid out as one chunk of each kind.
pub const SMALL_ARCHIVE: usize = 60;

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

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub articles: usize,
    pub facets: String,
    /// Articles per summary chunk; chunk `i` holds articles `i*n .. (i+1)*n`.
    pub summary_chunk: usize,
    /// The file listing the summary chunks' files ([`SummaryFiles`]);
    /// fetched by the first view past the overview's first page (the
    /// first search, filter or page).
    pub summary_files: String,
    pub body_chunk: usize,
    /// The file listing the body chunks' files ([`BodyFiles`]); fetched when
    /// an article opens or a long term is confirmed, so that the manifest
    /// stays small (the lists of a large archive run to tens of KB).
    pub body_files: String,
    /// Number of search shards; a gram lives in shard `shard_of(gram, shards)`.
    pub shards: u32,
    /// The file mapping shard numbers to files ([`ShardFiles`]), for the
    /// shards that hold any gram; fetched by the first search.
    pub search_files: String,
    #[serde(default)]
    pub places: BTreeMap<String, PlaceInfo>,
    #[serde(default)]
    pub topics: BTreeMap<String, TopicInfo>,
    /// The paper's home region, as in the bundle (whose map to draw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
    /// Number of id shards: an article's number is found from its id in
    /// shard `shard_of(id, id_shards)` (for links straight to an article).
    pub id_shards: u32,
    /// The file mapping id shard numbers to files ([`ShardFiles`]).
    pub id_files: String,
    /// The unfiltered list, so that it shows before the facets arrive.
    pub overview: Overview,
}

/// Beyond these a manifest is damaged or hostile: the reader refuses it
/// rather than dividing by zero or allocating without end.
pub const MAX_ARTICLES: usize = 1 << 26;
/// Articles per summary or body chunk, at most.
pub const MAX_CHUNK: usize = 1 << 16;
/// Search or id shards, at most.
pub const MAX_SHARDS: u32 = 1 << 20;

impl Manifest {
    /// Checks every number and name the reader computes with before it
    /// uses any: the format and version, chunk sizes and shard counts
    /// (at least 1, at most [`MAX_CHUNK`], [`MAX_SHARDS`]), the number of
    /// articles, the overview's article numbers, the file names. The error
    /// says which field is wrong and how.
    pub fn validate(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!("format is {:?}, not {FORMAT:?}", self.format));
        }
        if self.version != VERSION {
            return Err(format!(
                "archive format version {}; this reader reads version {VERSION}",
                self.version
            ));
        }
        if self.articles > MAX_ARTICLES {
            return Err(format!(
                "articles is {}, more than {MAX_ARTICLES}",
                self.articles
            ));
        }
        for (field, n) in [
            ("summary_chunk", self.summary_chunk),
            ("body_chunk", self.body_chunk),
        ] {
            if n == 0 || n > MAX_CHUNK {
                return Err(format!("{field} is {n}: it must be 1 to {MAX_CHUNK}"));
            }
        }
        for (field, n) in [("shards", self.shards), ("id_shards", self.id_shards)] {
            if n == 0 || n > MAX_SHARDS {
                return Err(format!("{field} is {n}: it must be 1 to {MAX_SHARDS}"));
            }
        }
        for (field, name) in [
            ("facets", &self.facets),
            ("summary_files", &self.summary_files),
            ("body_files", &self.body_files),
            ("search_files", &self.search_files),
            ("id_files", &self.id_files),
        ] {
            if !is_file_name(name) {
                return Err(format!(
                    "{field} {name:?} is not a file name of the archive"
                ));
            }
        }
        let o = &self.overview;
        if let Some(i) = o.newest.iter().find(|&&i| i as usize >= self.articles) {
            return Err(format!(
                "overview.newest names article {i}, of {} articles",
                self.articles
            ));
        }
        if o.first_page.len() > o.newest.len() {
            return Err(format!(
                "overview.first_page has {} summaries for {} newest articles",
                o.first_page.len(),
                o.newest.len()
            ));
        }
        Ok(())
    }
}

/// Whether `name` is a file an archive may name: a relative path inside
/// its folder, of letters, digits and `-_./`, no `..`.
pub fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('/')
        && !name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
}

/// What the reader sees first, precomputed: the newest articles and the
/// facet counts of the whole archive (as [`crate::catalog::Catalog::counts`]
/// gives them for the empty query).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Overview {
    /// The first [`OVERVIEW_ARTICLES`] article numbers, newest first.
    pub newest: Vec<u32>,
    pub regions: BTreeMap<String, usize>,
    pub topics: BTreeMap<String, usize>,
    pub years: BTreeMap<i32, usize>,
    /// Topic ids in the filters' order.
    pub topic_order: Vec<String>,
    /// The summaries of the first [`FIRST_PAGE`] of `newest`, so that the
    /// first list needs no other file.
    #[serde(default)]
    pub first_page: Vec<Summary>,
}

/// How many summaries the overview carries: the reader's first page.
pub const FIRST_PAGE: usize = 20;

/// How many of the newest articles the overview lists (five pages of 20).
pub const OVERVIEW_ARTICLES: usize = 100;

/// Body chunk number → file.
pub type BodyFiles = Vec<String>;

/// Summary chunk number → file.
pub type SummaryFiles = Vec<String>;

/// Shard number → file.
pub type ShardFiles = BTreeMap<u32, String>;

/// One id shard: article id → article number.
pub type IdShard = BTreeMap<String, u32>;

/// Every article's facets, as columns: enough to count and filter without
/// fetching any article.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Facets {
    /// Region codes, referred to by index.
    pub region_table: Vec<String>,
    pub topic_table: Vec<String>,
    /// Days since 1970-01-01, delta-coded: each value is the difference
    /// from the previous article's (the first from 0). An undated article
    /// has delta 0 and is listed in `undated`.
    pub dates: Vec<i64>,
    /// The numbers of the articles without a date, ascending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undated: Vec<u32>,
    /// Per article: indices into `region_table`.
    pub regions: Vec<Vec<u32>>,
    /// Per article: a bit per `topic_table` entry.
    pub topics: Vec<u64>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub lead: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Body {
    pub id: String,
    pub blocks: Vec<Block>,
    /// The paper and page it was printed in, for the article page (optional:
    /// archives made before them lack them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// One search shard: gram → its article numbers.
pub type Shard = BTreeMap<String, Posting>;

/// A gram's article numbers: in its shard, or in a file of their own
/// (a JSON string, the same encoding) when they are many.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum Posting {
    /// [`encode_postings`] of the numbers.
    Here(String),
    File {
        file: String,
    },
}

/// Ascending article numbers → base64 (standard alphabet, no padding) of
/// a tag byte and the numbers, whichever of three forms is shortest:
/// - `0`, then LEB128 varints of the gaps (the first from 0): a byte or
///   two per article, for a rare gram;
/// - `1`, then a bitmap (bit `i % 8` of byte `i / 8` set for article `i`):
///   an eighth of a byte per article, for a gram in many;
/// - `2`, then runs of consecutive numbers, each as two varints: the gap
///   from the end of the previous run (the first from 0) and the run's
///   length less one: a few bytes for a gram in nearly every article, so
///   that it stays in its shard (one fetch, not two).
pub fn encode_postings(numbers: &[u32]) -> String {
    use base64::Engine;
    fn varint(out: &mut Vec<u8>, mut n: u32) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let mut gaps = vec![0u8];
    let mut previous = 0u32;
    for (k, &n) in numbers.iter().enumerate() {
        varint(&mut gaps, if k == 0 { n } else { n - previous });
        previous = n;
    }
    let mut runs = vec![2u8];
    let mut end = 0u32; // one past the previous run
    let mut k = 0;
    while k < numbers.len() {
        let start = numbers[k];
        let mut last = start;
        while k + 1 < numbers.len() && numbers[k + 1] == last + 1 {
            k += 1;
            last += 1;
        }
        varint(&mut runs, start - end);
        varint(&mut runs, last - start);
        end = last.saturating_add(1);
        k += 1;
    }
    let bitmap_len = numbers.last().map_or(0, |&n| n as usize / 8 + 1);
    let bytes = if bitmap_len + 1 < gaps.len().min(runs.len()) {
        let mut bitmap = vec![0u8; bitmap_len + 1];
        bitmap[0] = 1;
        for &n in numbers {
            bitmap[1 + n as usize / 8] |= 1 << (n % 8);
        }
        bitmap
    } else if runs.len() < gaps.len() {
        runs
    } else {
        gaps
    };
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

/// At most this many numbers decode from one postings text: runs could
/// otherwise claim billions (a damaged or hostile file) and exhaust memory.
pub const MAX_POSTINGS: usize = 1 << 24;

/// The LEB128 varints in `bytes` (each at most 32 bits of value).
fn varints(bytes: &[u8]) -> Result<Vec<u64>, String> {
    let mut values = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for &b in bytes {
        if shift > 28 {
            return Err("a number is too long".into());
        }
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            values.push(value);
            (value, shift) = (0, 0);
        }
    }
    if shift != 0 {
        return Err("cut off".into());
    }
    Ok(values)
}

/// The numbers [`encode_postings`] encoded, or what is wrong with the text.
pub fn decode_postings(text: &str) -> Result<Vec<u32>, String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text)
        .map_err(|e| format!("not base64 ({e})"))?;
    let Some((&tag, rest)) = bytes.split_first() else {
        return Err("empty".into());
    };
    match tag {
        0 => {
            let mut out = Vec::new();
            let mut previous = None::<u32>;
            for value in varints(rest)? {
                let n = match previous {
                    None => value,
                    Some(_) if value == 0 => return Err("numbers repeat".into()),
                    Some(p) => u64::from(p) + value,
                };
                let n = u32::try_from(n).map_err(|_| "a number is too large".to_string())?;
                out.push(n);
                previous = Some(n);
            }
            Ok(out)
        }
        1 => Ok(rest
            .iter()
            .enumerate()
            .flat_map(|(k, &b)| {
                (0..8u32)
                    .filter(move |i| b & (1 << i) != 0)
                    .map(move |i| k as u32 * 8 + i)
            })
            .collect()),
        2 => {
            let values = varints(rest)?;
            if values.len() % 2 != 0 {
                return Err("cut off".into());
            }
            let mut out: Vec<u32> = Vec::new();
            let mut end = 0u64; // one past the previous run
            for (k, pair) in values.chunks(2).enumerate() {
                if k > 0 && pair[0] == 0 {
                    return Err("runs touch (they should be one)".into());
                }
                let start = end + pair[0];
                let last = start + pair[1];
                if last > u64::from(u32::MAX) {
                    return Err("a number is too large".into());
                }
                if out.len() as u64 + pair[1] + 1 > MAX_POSTINGS as u64 {
                    return Err(format!("more than {MAX_POSTINGS} numbers"));
                }
                out.extend(start as u32..=last as u32);
                end = last + 1;
            }
            Ok(out)
        }
        t => Err(format!("unknown encoding {t}")),
    }
}

/// Which shard a gram lives in.
pub fn shard_of(gram: &str, shards: u32) -> u32 {
    let h = u64::from_str_radix(&stable_id(gram), 16).unwrap_or(0);
    (h % u64::from(shards.max(1))) as u32
}

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn days_of(date: &str) -> Option<i64> {
    if !crate::bundle::is_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..].parse().ok()?,
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The folded text searched for an article (fields apart, so no match spans two).
pub fn search_text(a: &Article) -> String {
    crate::query::haystack(a)
}

/// The grams that index a folded text: every character, and every pair
/// of neighbours within a field.
fn grams(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = BTreeSet::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\0' || c.is_whitespace() {
            continue;
        }
        out.insert(c.to_string());
        if let Some(&n) = chars.get(i + 1) {
            if n != '\0' && !n.is_whitespace() {
                out.insert(format!("{c}{n}"));
            }
        }
    }
    out
}

/// The grams whose postings answer a (folded) term: itself when it is one
/// character, else its 2-grams.
pub fn term_grams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() == 1 {
        return vec![term.to_string()];
    }
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// Whether a term's postings alone are exact (no verification against text needed).
pub fn exact_by_postings(term: &str) -> bool {
    term.chars().count() <= 2
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
                })
                .collect();
            put(&format!("body-{n}"), "json", to_json(&list))
        })
        .collect();

    // Search postings, sharded.
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, a) in bundle.articles.iter().enumerate() {
        for g in grams(&search_text(a)) {
            postings.entry(g).or_default().push(i as u32);
        }
    }
    let mut by_shard: BTreeMap<u32, Shard> = BTreeMap::new();
    let mut postings: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
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
    };
    files.push((
        "manifest.json".into(),
        serde_json::to_vec(&manifest).expect("a manifest serializes"),
    ));
    files
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

/// An article put back together from its summary and body. The byline
/// keeps its text only.
pub fn article(summary: &Summary, body: &Body) -> Article {
    Article {
        id: summary.id.clone(),
        title: summary.title.clone(),
        kicker: summary.kicker.clone(),
        subtitle: summary.subtitle.clone(),
        byline: summary.byline.as_ref().map(|text| crate::bundle::Byline {
            text: text.clone(),
            ..Default::default()
        }),
        regions: summary.regions.clone(),
        topics: summary.topics.clone(),
        blocks: body.blocks.clone(),
        date: summary.date.clone(),
        paper: body.paper.clone(),
        page: body.page.clone(),
        source: None,
        evidence: None,
    }
}

/// The shards a query needs.
pub fn shards_for(query: &str, shards: u32) -> BTreeSet<u32> {
    terms(query)
        .iter()
        .flat_map(|t| term_grams(t))
        .map(|g| shard_of(&g, shards))
        .collect()
}

/// What the postings say of a query: the articles that may match, and
/// the terms each of them must still be checked for (those longer than
/// two characters; none when the postings are exact).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Candidates {
    pub articles: Vec<u32>,
    pub verify: Vec<String>,
}

impl Candidates {
    /// Whether an article's search text ([`search_text`]) really matches.
    pub fn confirm(&self, text: &str) -> bool {
        self.verify.iter().all(|t| text.contains(t.as_str()))
    }
}

/// The files of long postings ([`Posting::File`]) a query needs, from its
/// shards (`shard(n)`, None when absent or not here yet).
pub fn posting_files<S: std::borrow::Borrow<Shard>>(
    query: &str,
    shards: u32,
    mut shard: impl FnMut(u32) -> Option<S>,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut cache: HashMap<u32, Option<S>> = HashMap::new();
    for gram in terms(query).iter().flat_map(|t| term_grams(t)) {
        let n = shard_of(&gram, shards);
        let s = cache.entry(n).or_insert_with(|| shard(n));
        if let Some(Posting::File { file }) = s.as_ref().and_then(|s| s.borrow().get(&gram)) {
            if !out.contains(file) {
                out.push(file.clone());
            }
        }
    }
    out
}

/// The candidates of a query from its shards: `shard(n)` returns shard `n`
/// (None when the archive has no such shard; any handle to it, so that a
/// caller keeping shards need not copy them), `file(name)` the text of a
/// postings file. An error says which postings are damaged or missing.
pub fn candidates<S: std::borrow::Borrow<Shard>, F: std::borrow::Borrow<str>>(
    query: &str,
    shards: u32,
    mut shard: impl FnMut(u32) -> Option<S>,
    mut file: impl FnMut(&str) -> Option<F>,
) -> Result<Candidates, String> {
    let mut result: Option<Vec<u32>> = None;
    let mut cache: HashMap<u32, Option<S>> = HashMap::new();
    let mut verify = Vec::new();
    for term in terms(query) {
        for gram in term_grams(&term) {
            let n = shard_of(&gram, shards);
            let s = cache.entry(n).or_insert_with(|| shard(n));
            let list = match s.as_ref().and_then(|s| s.borrow().get(&gram)) {
                None => Vec::new(),
                Some(Posting::Here(text)) => decode_postings(text)
                    .map_err(|e| format!("search shard {n}: the postings of {gram:?}: {e}"))?,
                Some(Posting::File { file: name }) => {
                    let text = file(name).ok_or_else(|| format!("{name}: missing"))?;
                    decode_postings(text.borrow()).map_err(|e| format!("{name}: {e}"))?
                }
            };
            result = Some(match result {
                None => list,
                Some(c) => intersect(&c, &list),
            });
        }
        if !exact_by_postings(&term) {
            verify.push(term);
        }
    }
    Ok(Candidates {
        articles: result.unwrap_or_default(),
        verify,
    })
}

/// Answers a search over an archive exactly: [`candidates`], each checked
/// against `text(i)`, article `i`'s search text (asked only for
/// candidates of terms longer than two characters).
pub fn search<S: std::borrow::Borrow<Shard>, F: std::borrow::Borrow<str>>(
    query: &str,
    shards: u32,
    shard: impl FnMut(u32) -> Option<S>,
    file: impl FnMut(&str) -> Option<F>,
    mut text: impl FnMut(u32) -> String,
) -> Result<Vec<u32>, String> {
    let mut found = candidates(query, shards, shard, file)?;
    if !found.verify.is_empty() {
        let verify = std::mem::take(&mut found.verify);
        let check = Candidates {
            articles: Vec::new(),
            verify,
        };
        found.articles.retain(|&i| check.confirm(&text(i)));
    }
    Ok(found.articles)
}

fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// One of an archive's file lists, from its bytes; empty when the file is
/// missing (which [`problems`] reports) or not such a list.
fn parsed<T: serde::de::DeserializeOwned + Default>(bytes: Option<Vec<u8>>) -> T {
    bytes
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Checks an archive's files against its manifest; the problems, by file.
pub fn problems(manifest: &Manifest, file: &mut dyn FnMut(&str) -> Option<Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut out_later = Vec::new();
    if let Err(e) = manifest.validate() {
        out.push(format!("manifest.json: {e}"));
        return out;
    }
    let mut check = |name: &str| -> Option<Vec<u8>> {
        let Some(bytes) = file(name) else {
            out.push(format!("{name}: missing"));
            return None;
        };
        let hash = name
            .rsplit_once('-')
            .map(|(_, h)| h.trim_end_matches(".json"))
            .unwrap_or("");
        if hash != stable_id(&String::from_utf8_lossy(&bytes)) {
            out.push(format!("{name}: its content does not match the hash in its name (changed after the build?)"));
        }
        Some(bytes)
    };
    let body_files: BodyFiles = parsed(check(&manifest.body_files));
    let summary_files: SummaryFiles = parsed(check(&manifest.summary_files));
    let shard_files: ShardFiles = parsed(check(&manifest.search_files));
    let id_files: ShardFiles = parsed(check(&manifest.id_files));
    let mut count = |name: &str| -> usize {
        check(name)
            .and_then(|b| serde_json::from_slice::<Vec<serde_json::Value>>(&b).ok())
            .map_or(0, |v| v.len())
    };
    let summaries: usize = summary_files.iter().map(|n| count(n)).sum();
    let bodies: usize = body_files.iter().map(|n| count(n)).sum();
    for name in shard_files.values() {
        let shard = check(name).and_then(|b| serde_json::from_slice::<Shard>(&b).ok());
        for (gram, posting) in shard.iter().flatten() {
            let text = match posting {
                Posting::Here(text) => Some(text.clone()),
                Posting::File { file } => {
                    check(file).and_then(|b| serde_json::from_slice::<String>(&b).ok())
                }
            };
            if let Some(Err(e)) = text.map(|t| decode_postings(&t)) {
                out_later.push(format!("{name}: the postings of {gram:?}: {e}"));
            }
        }
    }
    for shard in id_files.values() {
        check(shard);
    }
    if let Some(facets) =
        check(&manifest.facets).and_then(|b| serde_json::from_slice::<Facets>(&b).ok())
    {
        if facets.dates.len() != manifest.articles
            || facets.regions.len() != manifest.articles
            || facets.topics.len() != manifest.articles
        {
            out.push(format!(
                "{}: facets for {} articles, the manifest says {}",
                manifest.facets,
                facets.dates.len(),
                manifest.articles
            ));
        }
    }
    if summaries != manifest.articles {
        out.push(format!(
            "summaries hold {summaries} articles, the manifest says {}",
            manifest.articles
        ));
    }
    if bodies != manifest.articles {
        out.push(format!(
            "bodies hold {bodies} articles, the manifest says {}",
            manifest.articles
        ));
    }
    out.extend(out_later);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::parse_page;

    const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

    fn list<T: serde::de::DeserializeOwned>(files: &HashMap<String, Vec<u8>>, name: &str) -> T {
        serde_json::from_slice(&files[name]).unwrap()
    }

    fn archive() -> (Bundle, HashMap<String, Vec<u8>>, Manifest) {
        let mut articles = parse_page("seed.txt", SEED).articles;
        for (i, a) in articles.iter_mut().enumerate() {
            a.date = Some(format!("2018-0{}-1{i}", 1 + i % 9));
            a.topics = vec![["training", "honors"][i % 2].to_string()];
            a.regions = vec!["330211".into()];
        }
        let bundle = Bundle::new(articles);
        let files: HashMap<String, Vec<u8>> = build(
            &bundle,
            &Layout {
                summary_chunk: 3,
                body_chunk: 2,
                shards: 16,
                inline_postings: 2,
            },
        )
        .into_iter()
        .collect();
        let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
        (bundle, files, manifest)
    }

    #[test]
    fn search_over_shards_equals_a_full_scan() {
        let (bundle, files, manifest) = archive();
        let texts: Vec<String> = bundle.articles.iter().map(search_text).collect();
        let shard_files: ShardFiles = list(&files, &manifest.search_files);
        let shard = |n: u32| {
            shard_files
                .get(&n)
                .map(|f| serde_json::from_slice::<Shard>(&files[f]).unwrap())
        };
        let postings = |name: &str| {
            files
                .get(name)
                .map(|b| serde_json::from_slice::<String>(b).unwrap())
        };
        assert!(
            files.keys().any(|f| f.starts_with("p/")),
            "postings longer than 2 bytes have a file of their own (the catalogue's tests keep them in shards)"
        );
        for q in [
            "工",
            "工会",
            "工匠精神",
            "镇海、龙游",
            "海外高层次人才",
            "职工 培训",
            "不存在的词",
            "A",
        ] {
            let terms = terms(q);
            let expected: Vec<u32> = (0..texts.len() as u32)
                .filter(|&i| terms.iter().all(|t| texts[i as usize].contains(t.as_str())))
                .collect();
            assert_eq!(
                search(q, manifest.shards, shard, postings, |i| texts[i as usize]
                    .clone()),
                Ok(expected),
                "{q}"
            );
        }
    }

    #[test]
    fn short_terms_need_no_text() {
        let (_, files, manifest) = archive();
        let shard_files: ShardFiles = list(&files, &manifest.search_files);
        let shard = |n: u32| {
            shard_files
                .get(&n)
                .map(|f| serde_json::from_slice::<Shard>(&files[f]).unwrap())
        };
        let postings = |name: &str| {
            files
                .get(name)
                .map(|b| serde_json::from_slice::<String>(b).unwrap())
        };
        let found = search("工会", manifest.shards, shard, postings, |_| {
            panic!("2-character terms are exact by postings")
        })
        .unwrap();
        assert!(!found.is_empty());
    }

    #[test]
    fn an_archive_checks_clean_and_tampering_is_found() {
        let (_, mut files, manifest) = archive();
        assert_eq!(
            problems(&manifest, &mut |n| files.get(n).cloned()),
            Vec::<String>::new()
        );
        let summary_files: SummaryFiles = list(&files, &manifest.summary_files);
        assert_eq!(summary_files.len(), 3, "8 articles in chunks of 3");
        let victim = summary_files[0].clone();
        files.insert(victim.clone(), b"[]".to_vec());
        let found = problems(&manifest, &mut |n| files.get(n).cloned());
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(&format!("{victim}: its content does not match"))),
            "{found:?}"
        );
        files.remove(&manifest.facets);
        assert!(problems(&manifest, &mut |n| files.get(n).cloned())
            .iter()
            .any(|p| p.ends_with("missing")));
    }

    #[test]
    fn facets_decode_dates_and_topics() {
        let (bundle, files, manifest) = archive();
        let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
        let mut day = 0;
        for (i, d) in facets.dates.iter().enumerate() {
            day += d;
            assert_eq!(
                Some(day),
                days_of(bundle.articles[i].date.as_deref().unwrap())
            );
        }
        assert_eq!(days_of("1970-01-01"), Some(0));
        assert_eq!(days_of("2000-02-29"), Some(11016));
        let training = facets
            .topic_table
            .iter()
            .position(|t| t == "training")
            .unwrap();
        assert_eq!(facets.topics[0] & (1 << training), 1 << training);
    }

    #[test]
    fn ids_lead_to_articles_and_parts_rebuild_them() {
        let (bundle, files, manifest) = archive();
        let json =
            |name: &str| -> serde_json::Value { serde_json::from_slice(&files[name]).unwrap() };
        let ids: ShardFiles = list(&files, &manifest.id_files);
        let body_files: BodyFiles = list(&files, &manifest.body_files);
        let summary_files: SummaryFiles = list(&files, &manifest.summary_files);
        for (i, a) in bundle.articles.iter().enumerate() {
            let shard: IdShard =
                serde_json::from_value(json(&ids[&shard_of(&a.id, manifest.id_shards)])).unwrap();
            assert_eq!(shard[&a.id], i as u32);
            let sums: Vec<Summary> =
                serde_json::from_value(json(&summary_files[i / manifest.summary_chunk])).unwrap();
            let bodies: Vec<Body> =
                serde_json::from_value(json(&body_files[i / manifest.body_chunk])).unwrap();
            let back = article(
                &sums[i % manifest.summary_chunk],
                &bodies[i % manifest.body_chunk],
            );
            assert_eq!((&back.regions, &back.topics), (&a.regions, &a.topics));
            assert_eq!(
                search_text(&back),
                search_text(a),
                "verification sees the text search would"
            );
            assert_eq!(
                (back.title.as_str(), back.blocks.len()),
                (a.title.as_str(), a.blocks.len())
            );
        }
    }

    #[test]
    fn the_overview_is_what_the_facets_give() {
        let (bundle, files, manifest) = archive();
        let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
        let catalog = crate::catalog::Catalog::from_facets(&facets, &manifest.overview.topic_order);
        let all = crate::query::Query::default();
        let counts = catalog.counts(&all, None);
        let o = &manifest.overview;
        assert_eq!(
            (&o.regions, &o.topics, &o.years),
            (&counts.regions, &counts.topics, &counts.years)
        );
        assert_eq!(o.newest, catalog.results(&all, None));
        let first: Vec<Summary> = o
            .newest
            .iter()
            .take(FIRST_PAGE)
            .map(|&i| summary(&bundle.articles[i as usize]))
            .collect();
        assert_eq!(
            o.first_page, first,
            "the first page's summaries, newest first"
        );
        assert_eq!(o.topic_order, catalog.all_topics());
    }

    #[test]
    fn postings_encode_as_gaps_or_a_bitmap() {
        assert_eq!(encode_postings(&[]), "AA");
        // Few and far apart: varint gaps (tag 0): 3, 4, 300 - 7 = 293 = 0xa5 0x02.
        let sparse = [3, 7, 300];
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&sparse),
        )
        .unwrap();
        assert_eq!(bytes, [0, 3, 4, 0xa5, 0x02]);
        // Most of the articles: a bitmap (tag 1).
        let dense: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&dense),
        )
        .unwrap();
        assert_eq!((bytes[0], bytes.len()), (1, 1 + 1000 / 8));
        // Nearly all of them: runs (tag 2): 0..=99 then 101..=999 is
        // (0, 99), (1, 898 = 0x82 0x07).
        let runs: Vec<u32> = (0..1000).filter(|&i| i != 100).collect();
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&runs),
        )
        .unwrap();
        assert_eq!(bytes, [2, 0, 99, 1, 0x82, 0x07]);
        for list in [
            &sparse[..],
            &dense,
            &runs,
            &[0],
            &[u32::MAX - 1, u32::MAX][..],
        ] {
            assert_eq!(decode_postings(&encode_postings(list)).as_deref(), Ok(list));
        }
        for (bad, why) in [
            ("", "empty"),
            ("!!", "not base64"),
            ("AIA", "cut off"),
            ("AwA", "unknown encoding"),
            // Tag 2: an odd number of values, runs that touch, a huge run.
            ("AgA", "cut off"),
            ("AgAAAAA", "runs touch"),
            ("Av////8P", "cut off"),
            ("AgD/////Dw", "more than"),
            ("AAEA", "numbers repeat"),
        ] {
            let e = decode_postings(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}

#[cfg(test)]
mod postings_props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn postings_round_trip(set in prop::collection::btree_set(0u32..5000, 0..800)) {
            let list: Vec<u32> = set.into_iter().collect();
            prop_assert_eq!(decode_postings(&encode_postings(&list)), Ok(list));
        }

        #[test]
        fn any_text_decodes_or_errs(text in ".{0,40}") {
            let _ = decode_postings(&text);
        }
    }
}

#[cfg(test)]
mod manifest_checks {
    use super::*;

    fn manifest() -> Manifest {
        let bundle = crate::Bundle::new(Vec::new());
        let files = build(&bundle, &Layout::default());
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name == "manifest.json")
            .expect("a manifest");
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn a_built_manifest_is_valid() {
        assert_eq!(manifest().validate(), Ok(()));
    }

    #[test]
    fn numbers_the_reader_divides_by_are_checked() {
        let cases: [(&str, fn(&mut Manifest)); 8] = [
            ("summary_chunk is 0", |m| m.summary_chunk = 0),
            ("body_chunk is 0", |m| m.body_chunk = 0),
            ("summary_chunk is 1000000", |m| m.summary_chunk = 1_000_000),
            ("shards is 0", |m| m.shards = 0),
            ("id_shards is 0", |m| m.id_shards = 0),
            ("articles is", |m| m.articles = usize::MAX),
            ("overview.newest names article 5", |m| {
                m.overview.newest = vec![5]
            }),
            ("is not a file name", |m| {
                m.facets = "../../etc/passwd".into()
            }),
        ];
        for (want, damage) in cases {
            let mut m = manifest();
            damage(&mut m);
            let e = m.validate().expect_err(want);
            assert!(e.contains(want), "{want:?} not in {e:?}");
        }
    }

    #[test]
    fn file_names_stay_inside_the_archive() {
        for ok in ["facets-abc.json", "s/1-abc.json"] {
            assert!(is_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "https://x/y",
            "a//b",
            "a\\b",
            "./a",
        ] {
            assert!(!is_file_name(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod body_fields {
    use super::*;

    #[test]
    fn paper_and_page_travel_with_the_body() {
        let mut a: crate::Article = serde_json::from_value(serde_json::json!({
            "id": "a1", "title": "标题", "paper": "本地日报", "page": "3",
            "blocks": [{"kind": "paragraph", "text": "正文。"}]
        }))
        .unwrap();
        a.date = Some("2024-05-01".into());
        let bundle = crate::Bundle::new(vec![a]);
        let files = build(&bundle, &Layout::for_articles(1));
        let body_file = files
            .iter()
            .find(|(n, _)| n.starts_with("body-"))
            .expect("a body chunk");
        let bodies: Vec<Body> = serde_json::from_slice(&body_file.1).unwrap();
        let back = article(&summary(&bundle.articles[0]), &bodies[0]);
        assert_eq!(
            (back.paper.as_deref(), back.page.as_deref()),
            (Some("本地日报"), Some("3"))
        );
    }
}
