//! The archive format: a bundle of any size split into static files so
//! that a reader fetches only what a view needs. See `docs/archive.md`.
//!
//! This module is the format (the files' types, the limits a reader checks
//! them against); `postings` its codec, `read` what the reader does with
//! them, `valid` the checks of each file the reader fetches; writing (`crate::write`) and checking (`crate::check`) are the
//! editor's, behind the `editor` feature.
//!
//! ```text
//! manifest.json              small, not hashed: what the other files are
//! facets-<hash>.json         dates, regions, topics of every article, compact
//! sum-<n>-<hash>.json        article summaries (title, byline, date, lead), by chunk
//! body-<n>-<hash>.json       article blocks, by chunk
//! s/<shard>-<hash>.json      search postings: character 1- and 2-grams → article numbers
//! p/<shard>-<hash>.json      the postings of one common gram, too long to keep in its shard
//! editions-<hash>.json       the calendar of editions (dated, paged articles), by month
//! ed/<YYYY-MM>-<hash>.json   a month's editions: pages in order, headlines as printed
//! ```
//!
//! Search stays exact: 1- and 2-character terms are answered by their
//! postings alone; longer terms are narrowed by the postings of all their
//! 2-grams and then verified against the text (only the candidates').

pub mod editions;
mod postings;
mod read;
mod valid;

pub use postings::{decode_postings, encode_postings, MAX_POSTINGS};
pub use read::*;
pub use valid::{
    check_reader_invariants, validate_bodies, validate_id_shard, validate_shard,
    validate_summaries, FileKind,
};

use crate::bundle::{Block, PlaceInfo, TopicInfo};
use crate::text::Quoted;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FORMAT: &str = "benbao-archive";
/// 2: summaries carry their tags; the manifest carries the first view ([`Overview`]).
/// 3: postings are encoded ([`encode_postings`]); long ones have files of their own.
/// 4: postings may be runs ([`encode_postings`]'s tag 2).
pub const VERSION: u32 = 4;
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
    /// The calendar of editions ([`editions::Calendar`]), when articles
    /// have a date and a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editions: Option<String>,
    /// The newest edition's date (the home page's link to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_edition: Option<String>,
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
            return Err(format!(
                "format is {}, not {}",
                Quoted(&self.format),
                Quoted(FORMAT)
            ));
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
                    "{field} {} is not a file name of the archive",
                    Quoted(name)
                ));
            }
        }
        if let Some(name) = self.editions.as_deref().filter(|n| !is_file_name(n)) {
            return Err(format!(
                "editions {} is not a file name of the archive",
                Quoted(name)
            ));
        }
        if let Some(date) = self
            .latest_edition
            .as_deref()
            .filter(|d| !crate::date::is_date(d))
        {
            return Err(format!("latest_edition {} is not a date", Quoted(date)));
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
        validate_summaries(&o.first_page).map_err(|e| format!("overview.first_page: {e}"))?;
        if let Some((code, _)) = self.places.iter().find(|(_, p)| {
            p.tile
                .is_some_and(|t| t.iter().any(|&x| x >= crate::bundle::MAX_TILE))
        }) {
            return Err(format!("places.{code}.tile is off the map"));
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

/// Up to this many articles an archive is laid out as one chunk of each
/// kind (`write::Layout::for_articles`), and the reader fetches all of it
/// after the first view.
pub const SMALL_ARCHIVE: usize = 60;

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
    /// The page's name (版名).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
}

/// One search shard: gram → its article numbers.
pub type Shard = BTreeMap<String, Posting>;

/// A gram's article numbers: in its shard, or in a file of their own
/// (a JSON string, the same encoding) when they are many.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum Posting {
    /// [`encode_postings`] of the numbers.
    Here(String),
    File {
        file: String,
    },
}

/// By hand rather than `#[serde(untagged)]`, which buffers every value
/// in serde's `Content` before trying each variant: a string is `Here`,
/// `{"file": name}` is `File`. (3.5 KB less wasm before wasm-opt.)
impl<'de> Deserialize<'de> for Posting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Posting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("postings (a string) or {\"file\": a file name}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Posting, E> {
                Ok(Posting::Here(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Posting, E> {
                Ok(Posting::Here(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Posting, A::Error> {
                let mut file = None;
                // Other keys are passed over, as a derived struct does:
                // a later format may add optional ones.
                while let Some(key) = m.next_key::<String>()? {
                    if key == "file" {
                        file = Some(m.next_value::<String>()?);
                    } else {
                        m.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                file.map(|file| Posting::File { file })
                    .ok_or_else(|| serde::de::Error::missing_field("file"))
            }
        }
        d.deserialize_any(V)
    }
}
