//! The bundle: the one JSON document the reader loads.
//!
//! ```json
//! { "schema": 1,
//!   "articles": [ { "id": "…", "title": "…", "kicker": null, "subtitle": null,
//!                   "regions": ["330211"], "topics": ["training"],
//!                   "blocks": [ { "kind": "paragraph", "text": "…" } ] } ] }
//! ```
//!
//! Fields beyond that contract (byline, source, …) are additions: readers of
//! schema 1 ignore what they do not know, so they never break it.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The bundle schema this crate writes and fully understands.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bundle {
    pub schema: u32,
    pub articles: Vec<Article>,
    /// Names of the region codes the articles use, and of their ancestors.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub places: BTreeMap<String, PlaceInfo>,
    /// Names of the topic ids the articles use.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub topics: BTreeMap<String, TopicInfo>,
    /// The paper's home region (a code): what 我省 and 本市 meant when its
    /// articles were tagged, and whose map the reader draws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<String>,
}

/// Tiles lie within a square of this many columns and rows.
pub const MAX_TILE: u32 = 16;

/// A region code's names, for display.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlaceInfo {
    pub name: String,
    pub pinyin: String,
    pub level: Level,
    /// The code of the enclosing place; none for a province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For a city of the home province: its tile `[column, row]` on the
    /// province's map (north at the top).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tile: Option<[u32; 2]>,
    /// The short form where space is tight (杭州 for 杭州市), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    County,
    /// Town (镇), township (乡) or street (街道).
    Town,
}

/// A topic id's names, for display.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TopicInfo {
    pub zh: String,
    pub en: String,
    /// The broader topic this one belongs to (`services` → `unions`). An
    /// article tagged with a topic is tagged with its parent too, so a
    /// reader can filter broadly or narrowly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Article {
    /// Stable identifier, safe in a URL path segment: `[a-z0-9-]`, 1–64 chars.
    pub id: String,
    pub title: String,
    /// The line set above the headline (引题), if any.
    #[serde(default)]
    pub kicker: Option<String>,
    /// The line set below the headline (副题), if any.
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<Byline>,
    /// Region codes: GB/T 2260 (6 digits) or town/street statistical codes (9 digits).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Topic ids, e.g. `training`.
    #[serde(default)]
    pub topics: Vec<String>,
    pub blocks: Vec<Block>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The newspaper's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    /// The page (版) it was printed on, e.g. `3` or `A2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// The page's name (版名), e.g. `要闻`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
    /// The page's PDF or image as published beside the data (a relative
    /// path: letters, digits, `-_./`), e.g. `pdf/2018-08-15/01-3f2a….pdf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_pdf: Option<String>,
    /// Where the article came from, for editors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Why it has its regions and topics: the text that matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// The matches behind an article's tags.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    #[serde(default)]
    pub regions: Vec<TagEvidence>,
    #[serde(default)]
    pub topics: Vec<TagEvidence>,
}

/// One tag (a region code or a topic id), its score and the text that matched.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TagEvidence {
    pub tag: String,
    pub score: u32,
    pub matches: Vec<Hit>,
}

/// `count` matches of `text` in `field` (`headline` or `body`; `home` for the
/// paper's home region given to an article that names no place).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Hit {
    pub text: String,
    pub field: String,
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Byline {
    /// The byline exactly as printed, e.g. `本报讯 记者程雪 通讯员柳庭和报道`.
    pub text: String,
    /// `本报讯`, `本报杭州5月3日电`, … when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    /// 记者
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reporters: Vec<String>,
    /// 通讯员
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correspondents: Vec<String>,
    /// 摄
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photographers: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// The source text stops in the middle of this block (the column was cut off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Paragraph,
    Heading,
    Caption,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    /// File name of the page the article was read from (no directories).
    pub file: String,
    /// 1-based line of the article's first line in that file.
    pub line: usize,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
            truncated: false,
        }
    }
}

impl Article {
    /// The article's paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
    }
}

/// Whether `id` is a valid article id: 1–64 of `[a-z0-9-]`, so it can stand
/// in a URL path and a file name without escaping.
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `code` has the shape of a region code: 6 digits (province, city,
/// county; GB/T 2260) or 9 digits (town or street).
pub fn is_region_code(code: &str) -> bool {
    matches!(code.len(), 6 | 9) && code.bytes().all(|b| b.is_ascii_digit())
}

pub use crate::date::is_date;

/// The code of the place enclosing `code`: 330211 → 330200 → 330000;
/// 330102004 → 330102. None for a province or a malformed code.
///
/// GB/T 2260 has placeholders at the city level that are not places: a
/// municipality's 市辖区 and 县 (110100, 500200) and a province's
/// 省直辖县级行政区划 (429000). A county under one of them belongs to the
/// province itself: 110105 → 110000, 429004 → 420000.
pub fn parent_code(code: &str) -> Option<String> {
    if !is_region_code(code) {
        return None;
    }
    if code.len() == 9 {
        return Some(code[..6].to_string());
    }
    let province = &code[..2];
    let city = &code[2..4];
    if code.ends_with("0000") {
        None
    } else if code.ends_with("00") || placeholder_city(province, city) {
        Some(format!("{province}0000"))
    } else {
        Some(format!("{}00", &code[..4]))
    }
}

/// Whether digits 3–4 of a code under `province` name a placeholder, not a city.
fn placeholder_city(province: &str, city: &str) -> bool {
    city == "90" || matches!(province, "11" | "12" | "31" | "50") && matches!(city, "01" | "02")
}

/// The level a code's shape gives: 9 digits a town or street; 6 digits
/// ending in 0000 a province, in 00 a city (unless a placeholder), else a
/// county. None for a malformed code.
pub fn level_of(code: &str) -> Option<Level> {
    if !is_region_code(code) {
        return None;
    }
    Some(if code.len() == 9 {
        Level::Town
    } else if code.ends_with("0000") {
        Level::Province
    } else if code.ends_with("00") && !placeholder_city(&code[..2], &code[2..4]) {
        Level::City
    } else {
        Level::County
    })
}

/// `code` and the codes enclosing it, nearest first: 330211, 330200, 330000.
pub fn self_and_ancestors(code: &str) -> impl Iterator<Item = String> {
    std::iter::successors(Some(code.to_string()), |c| parent_code(c))
}

/// One thing wrong with a bundle, located by a JSON-pointer-like path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl Bundle {
    pub fn new(articles: Vec<Article>) -> Bundle {
        Bundle {
            schema: SCHEMA_VERSION,
            articles,
            places: BTreeMap::new(),
            topics: BTreeMap::new(),
            home: None,
        }
    }

    /// Whether topic `id` is a group: another topic names it as its parent.
    pub fn is_topic_group(&self, id: &str) -> bool {
        self.topics
            .values()
            .any(|t| t.parent.as_deref() == Some(id))
    }

    /// The group topic `id` belongs to, if any.
    pub fn topic_parent(&self, id: &str) -> Option<String> {
        self.topics.get(id).and_then(|t| t.parent.clone())
    }

    /// `ids` for the filters: each group followed by its topics, then the
    /// topics of no group, each part in the order given.
    pub fn topics_in_groups(&self, ids: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(ids.len());
        for id in ids.iter().filter(|id| self.is_topic_group(id)) {
            out.push(id.clone());
            out.extend(
                ids.iter()
                    .filter(|t| self.topic_parent(t).as_deref() == Some(id))
                    .cloned(),
            );
        }
        let rest: Vec<String> = ids.iter().filter(|id| !out.contains(id)).cloned().collect();
        out.extend(rest);
        out
    }

    /// The cities of the home province that have a tile on its map, with
    /// their tiles `[column, row]`; empty without a home or a layout.
    pub fn map_tiles(&self) -> Vec<(&str, [u32; 2])> {
        let Some(province) = self
            .home
            .as_deref()
            .and_then(|h| self_and_ancestors(h).last())
        else {
            return Vec::new();
        };
        self.places
            .iter()
            .filter(|(_, p)| p.parent.as_deref() == Some(province.as_str()))
            .filter_map(|(code, p)| Some((code.as_str(), p.tile?)))
            .filter(|(_, t)| t.iter().all(|&x| x < MAX_TILE))
            .collect()
    }

    /// Everything that breaks the contract, in document order. Empty when valid.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut push = |path: String, message: String| out.push(Problem { path, message });
        if self.schema != SCHEMA_VERSION {
            push(
                "/schema".into(),
                format!(
                    "schema is {}, this benbao reads schema {SCHEMA_VERSION}",
                    self.schema
                ),
            );
        }
        if self.articles.is_empty() {
            push(
                "/articles".into(),
                "no articles: a bundle needs at least one".into(),
            );
        }
        if let Some(home) = self.home.as_deref().filter(|h| !is_region_code(h)) {
            push(
                "/home".into(),
                format!("home {home:?} must be a region code (6 digits, e.g. 330000)"),
            );
        }
        for (code, p) in &self.places {
            if let Some([col, row]) = p.tile {
                if col >= MAX_TILE || row >= MAX_TILE {
                    push(
                        format!("/places/{code}/tile"),
                        format!(
                            "tile [{col}, {row}] is off the map: columns and rows go up to {}",
                            MAX_TILE - 1
                        ),
                    );
                }
            }
        }
        let mut seen = HashSet::new();
        for (i, a) in self.articles.iter().enumerate() {
            let at = format!("/articles/{i}");
            if !is_valid_id(&a.id) {
                push(
                    format!("{at}/id"),
                    format!("id {:?} must be 1-64 characters of a-z, 0-9 and -", a.id),
                );
            } else if !seen.insert(a.id.as_str()) {
                push(
                    format!("{at}/id"),
                    format!(
                        "id {:?} is used by an earlier article; ids must be unique",
                        a.id
                    ),
                );
            }
            if a.title.trim().is_empty() {
                push(format!("{at}/title"), "title is empty".into());
            }
            for (field, value) in [("kicker", &a.kicker), ("subtitle", &a.subtitle)] {
                if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                    push(
                        format!("{at}/{field}"),
                        format!("{field} is an empty string; use null when there is none"),
                    );
                }
            }
            if let Some(pdf) = a
                .page_pdf
                .as_deref()
                .filter(|p| !crate::archive::is_file_name(p))
            {
                push(
                    format!("{at}/page_pdf"),
                    format!("page_pdf {pdf:?} must be a relative path inside the site's data folder (letters, digits, -_./, no ..)"),
                );
            }
            for (j, code) in a.regions.iter().enumerate() {
                if !is_region_code(code) {
                    push(
                        format!("{at}/regions/{j}"),
                        format!("region {code:?} is not a 6- or 9-digit code"),
                    );
                }
            }
            for (j, topic) in a.topics.iter().enumerate() {
                if topic.is_empty()
                    || !topic
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
                {
                    push(
                        format!("{at}/topics/{j}"),
                        format!("topic {topic:?} must be a lowercase id such as \"training\""),
                    );
                }
            }
            if let Some(date) = &a.date {
                if !is_date(date) {
                    push(
                        format!("{at}/date"),
                        format!("date {date:?} is not a YYYY-MM-DD date"),
                    );
                }
            }
            if a.blocks.is_empty() {
                push(format!("{at}/blocks"), "article has no text blocks".into());
            }
            for (j, b) in a.blocks.iter().enumerate() {
                if b.text.trim().is_empty() {
                    push(
                        format!("{at}/blocks/{j}/text"),
                        "block text is empty".into(),
                    );
                }
            }
        }
        out
    }
}

/// A short stable id from a text: FNV-1a 64 over its bytes, as 12 hex digits.
/// Same text, same id, on every machine and in wasm.
pub fn stable_id(text: &str) -> String {
    stable_id_of_bytes(text.as_bytes())
}

/// [`stable_id`] of any bytes (a page's PDF: its every byte counts).
pub fn stable_id_of_bytes(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:012x}", h >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_know_their_parents_and_levels() {
        assert_eq!(parent_code("330211").as_deref(), Some("330200"));
        assert_eq!(parent_code("330200").as_deref(), Some("330000"));
        assert_eq!(parent_code("330000"), None);
        assert_eq!(parent_code("330102004").as_deref(), Some("330102"));
        // A municipality's districts and a province's directly governed
        // cities hang under the province, not a placeholder city.
        assert_eq!(parent_code("310107").as_deref(), Some("310000"));
        assert_eq!(parent_code("500229").as_deref(), Some("500000"));
        assert_eq!(parent_code("429004").as_deref(), Some("420000"));
        assert_eq!(parent_code("441900003").as_deref(), Some("441900"));
        assert_eq!(level_of("441900"), Some(Level::City));
        assert_eq!(level_of("110105"), Some(Level::County));
        assert_eq!(
            level_of("110100"),
            Some(Level::County),
            "a placeholder is no city"
        );
        assert_eq!(level_of("3302"), None);
    }

    #[test]
    fn topic_groups_order_the_filters_and_map_tiles_follow_home() {
        let info = |parent: Option<&str>| TopicInfo {
            zh: "x".into(),
            en: "x".into(),
            parent: parent.map(String::from),
        };
        let place = |parent: Option<&str>, tile: Option<[u32; 2]>| PlaceInfo {
            name: "x".into(),
            pinyin: "X".into(),
            level: Level::City,
            parent: parent.map(String::from),
            tile,
            short: None,
        };
        let mut b = Bundle::new(vec![]);
        b.topics.insert("culture".into(), info(None));
        b.topics.insert("services".into(), info(Some("unions")));
        b.topics.insert("unions".into(), info(None));
        b.topics.insert("rights".into(), info(Some("unions")));
        let ids: Vec<String> = ["culture", "services", "unions", "rights"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            b.topics_in_groups(&ids),
            ["unions", "services", "rights", "culture"]
        );
        assert!(b.is_topic_group("unions") && !b.is_topic_group("culture"));

        b.places
            .insert("330100".into(), place(Some("330000"), Some([1, 1])));
        b.places
            .insert("320100".into(), place(Some("320000"), Some([0, 0])));
        assert!(b.map_tiles().is_empty(), "no home, no map");
        b.home = Some("330782".into());
        assert_eq!(b.map_tiles(), [("330100", [1, 1])], "the home's province");
        // A tile off the map is a problem, and never drawn.
        b.places.get_mut("330100").unwrap().tile = Some([u32::MAX, 0]);
        assert!(b.map_tiles().is_empty());
        assert!(b
            .problems()
            .iter()
            .any(|p| p.path == "/places/330100/tile" && p.message.contains("off the map")));
    }

    fn article(id: &str) -> Article {
        Article {
            id: id.into(),
            title: "标题".into(),
            kicker: None,
            subtitle: None,
            byline: None,
            regions: vec!["330211".into(), "330102004".into()],
            topics: vec!["training".into()],
            blocks: vec![Block::new(BlockKind::Paragraph, "正文。")],
            date: None,
            paper: None,
            page: None,
            page_name: None,
            page_pdf: None,
            source: None,
            evidence: None,
        }
    }

    #[test]
    fn a_good_bundle_has_no_problems() {
        assert_eq!(
            Bundle::new(vec![article("a1"), article("a2")]).problems(),
            vec![]
        );
    }

    #[test]
    fn problems_name_the_place() {
        let mut b = Bundle::new(vec![article("a1"), article("a1"), article("A/../x")]);
        b.schema = 2;
        b.articles[0].regions.push("3302".into());
        b.articles[0].blocks.clear();
        let paths: Vec<_> = b.problems().into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "/schema",
                "/articles/0/regions/2",
                "/articles/0/blocks",
                "/articles/1/id",
                "/articles/2/id"
            ]
        );
    }

    #[test]
    fn contract_fields_round_trip_and_null_kicker_is_written() {
        let b = Bundle::new(vec![article("a1")]);
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["schema"], 1);
        assert!(json["articles"][0]["kicker"].is_null());
        assert_eq!(json["articles"][0]["blocks"][0]["kind"], "paragraph");
        assert!(json["articles"][0].get("byline").is_none());
        let back: Bundle = serde_json::from_value(json).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn a_malformed_region_code_leaves_its_article_out() {
        let text = r#"{"schema": 1, "articles": [
            {"id": "a1", "title": "题", "blocks": [{"kind": "paragraph", "text": "正文。"}], "regions": ["3302"]},
            {"id": "a2", "title": "题", "blocks": [{"kind": "paragraph", "text": "正文。"}], "regions": ["330200"]}
        ]}"#;
        let l = decode_lenient(text).unwrap();
        assert_eq!(l.bundle.articles.len(), 1, "{:?}", l.skipped);
        assert!(
            l.skipped[0].contains("region \"3302\" is not a region code"),
            "{:?}",
            l.skipped
        );
    }

    #[test]
    fn stable_ids_are_stable_and_valid() {
        assert_eq!(
            stable_id("首批“庆元工匠”出炉"),
            stable_id("首批“庆元工匠”出炉")
        );
        assert_ne!(stable_id("a"), stable_id("b"));
        assert!(is_valid_id(&stable_id("任何标题")));
        assert_eq!(stable_id("").len(), 12);
    }
}

/// A bundle read leniently: every good article, and why the others were left out.
#[derive(Debug)]
pub struct Lenient {
    pub bundle: Bundle,
    /// One line per article left out: its position and what was wrong.
    pub skipped: Vec<String>,
}

/// Reads a bundle strictly per file and tolerantly per article: the text
/// must be a JSON object of schema 1 with an `articles` array (else an
/// error saying what is wrong), but an article that does not decode or
/// breaks the contract (no id, odd or duplicate id, no title, no text) is
/// left out and reported, so the good ones still show.
pub fn decode_lenient(text: &str) -> Result<Lenient, String> {
    // Editors on some systems save a byte-order mark: it is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err("the file is empty".into());
    }
    if trimmed.starts_with('<') {
        return Err("this is an HTML page, not a bundle (an error page from the host?)".into());
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "not valid JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        )
    })?;
    let object = value
        .as_object()
        .ok_or("not a bundle: the JSON is not an object")?;
    match object.get("schema").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        Some(n) if n > u64::from(SCHEMA_VERSION) => {
            return Err(format!("schema {n} is newer than this reader (schema {SCHEMA_VERSION}); reload to get the new version"))
        }
        Some(n) => return Err(format!("schema {n} is not one this reader knows")),
        None => return Err("not a bundle: no \"schema\" number".into()),
    }
    let list = object
        .get("articles")
        .and_then(serde_json::Value::as_array)
        .ok_or("not a bundle: no \"articles\" list")?;
    let mut articles = Vec::with_capacity(list.len());
    let mut skipped = Vec::new();
    let mut ids = HashSet::new();
    for (i, item) in list.iter().enumerate() {
        let article: Article = match serde_json::from_value(item.clone()) {
            Ok(a) => a,
            Err(e) => {
                skipped.push(format!("article {i}: {e}"));
                continue;
            }
        };
        let wrong = if !is_valid_id(&article.id) {
            Some(format!("id {:?} is not a-z, 0-9 and -", short(&article.id)))
        } else if ids.contains(&article.id) {
            Some(format!("id {:?} is used twice", article.id))
        } else if article.title.trim().is_empty() {
            Some("no title".to_string())
        } else if article.blocks.iter().all(|b| b.text.trim().is_empty()) {
            Some("no text".to_string())
        } else {
            article
                .regions
                .iter()
                .find(|c| !is_region_code(c))
                .map(|c| format!("region {:?} is not a region code", short(c)))
        };
        match wrong {
            Some(why) => skipped.push(format!("article {i}: {why}")),
            None => {
                ids.insert(article.id.clone());
                articles.push(article);
            }
        }
    }
    let mut bundle = Bundle::new(articles);
    // Names are optional: keep the entries that decode.
    for (key, target) in [("places", 0), ("topics", 1)] {
        for (code, v) in object
            .get(key)
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
        {
            if target == 0 {
                if let Ok(mut p) = serde_json::from_value::<PlaceInfo>(v.clone()) {
                    p.tile = p.tile.filter(|t| t.iter().all(|&x| x < MAX_TILE));
                    bundle.places.insert(code.clone(), p);
                }
            } else if let Ok(t) = serde_json::from_value::<TopicInfo>(v.clone()) {
                bundle.topics.insert(code.clone(), t);
            }
        }
    }
    bundle.home = object
        .get("home")
        .and_then(serde_json::Value::as_str)
        .filter(|h| is_region_code(h))
        .map(String::from);
    Ok(Lenient { bundle, skipped })
}

/// [`decode_lenient`]'s promises on `text`, checked (panics when broken):
/// whatever it keeps has valid, unique ids, a title and some text. Used by
/// the fuzzer.
#[doc(hidden)]
pub fn check_lenient_invariants(text: &str) {
    if let Ok(l) = decode_lenient(text) {
        let mut ids = HashSet::new();
        for a in &l.bundle.articles {
            assert!(
                is_valid_id(&a.id) && ids.insert(a.id.clone()),
                "kept a bad or duplicate id {:?}",
                a.id
            );
            assert!(!a.title.trim().is_empty(), "kept an article without title");
            assert!(
                a.blocks.iter().any(|b| !b.text.trim().is_empty()),
                "kept an article without text"
            );
        }
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod lenient_tests {
    use super::*;

    fn ok(text: &str) -> Lenient {
        decode_lenient(text).unwrap()
    }

    const GOOD: &str =
        r#"{"id": "a1", "title": "标题", "blocks": [{"kind": "paragraph", "text": "正文。"}]}"#;

    #[test]
    fn whole_file_problems_are_errors() {
        for (text, says) in [
            ("", "empty"),
            ("<!DOCTYPE html><h1>502</h1>", "HTML page"),
            ("{\"schema\": 1, \"articles\": [", "not valid JSON"),
            ("[1, 2]", "not an object"),
            ("{\"schema\": 2, \"articles\": []}", "newer"),
            ("{\"articles\": []}", "no \"schema\""),
            ("{\"schema\": 1}", "no \"articles\""),
        ] {
            let e = decode_lenient(text).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn bad_articles_are_left_out_and_counted() {
        let text = format!(
            r#"{{"schema": 1, "articles": [{GOOD}, {{"id": "a2"}}, null, {{"id": "A/../x", "title": "t", "blocks": [{{"kind": "paragraph", "text": "x"}}]}},
            {GOOD}, {{"id": "a3", "title": "t", "blocks": []}}, {{"id": "a4", "title": 5, "blocks": []}},
            {{"id": "a5", "title": "<script>alert(1)</script>", "regions": ["999999"], "topics": ["whatever"], "blocks": [{{"kind": "paragraph", "text": "<b>x</b>"}}]}}],
            "places": {{"330000": {{"name": "浙江省", "pinyin": "Zhejiang", "level": "province"}}, "bad": 5}}}}"#
        );
        let l = ok(&text);
        let ids: Vec<&str> = l.bundle.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a1", "a5"],
            "markup and unknown codes are kept as data"
        );
        assert_eq!(l.skipped.len(), 6, "{:#?}", l.skipped);
        assert!(l.skipped[2].contains("A/../x"));
        assert!(l.skipped[3].contains("used twice"));
        assert_eq!(l.bundle.places.len(), 1);
    }
}
