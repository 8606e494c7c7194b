//! benbao-tagger: which places and topics an article is about.
//!
//! The knowledge is data, not code: a gazetteer ([`Gazetteer`], e.g.
//! `crates/cli/data/gazetteer.tsv`) and a topic taxonomy ([`Taxonomy`],
//! `crates/cli/data/topics.toml`). This crate reads them, checks them, and
//! scores an article's headline and body against them, keeping the text
//! that matched as evidence. It depends on benbao-core for the article
//! types and is used by the CLI only, so the web app does not carry it.

pub mod eval;
mod gazetteer;
mod scan;
mod topics;

pub use gazetteer::{parent_code, Former, Gazetteer, Place};
pub use topics::{Group, Taxonomy, Topic};

use benbao_core::{Article, Evidence, PlaceInfo, TagEvidence, TopicInfo};

use std::collections::BTreeMap;

/// A gazetteer and a taxonomy, ready to tag articles.
pub struct Tagger {
    pub gazetteer: Gazetteer,
    pub taxonomy: Taxonomy,
    /// The paper's home region (a code of the gazetteer): what 我省 and 本市
    /// mean, and where a name several places share goes when nothing else
    /// in the article tells.
    pub home: Option<String>,
}

impl Tagger {
    /// Sets `article.regions`, `article.topics` and their evidence.
    pub fn tag(&self, article: &mut Article) {
        let (regions, topics) = self.tags(article, self.home.as_deref());
        article.regions = regions.iter().map(|e| e.tag.clone()).collect();
        article.topics = topics.iter().map(|e| e.tag.clone()).collect();
        article.evidence = Some(Evidence { regions, topics });
    }

    /// The places and topics `article` is about, for a paper whose home
    /// region is `home`. An article in traditional characters (瀋陽, 競賽)
    /// that names no place or gets no topic is read again in simplified ones, which the
    /// gazetteer and the taxonomy are written in; the article itself is
    /// left as it is.
    pub fn tags(
        &self,
        article: &Article,
        home: Option<&str>,
    ) -> (Vec<TagEvidence>, Vec<TagEvidence>) {
        let found = self.gazetteer.find(article, home);
        let topics = self.taxonomy.tag(article);
        if found.places.is_empty() || topics.is_empty() {
            if let Some(simplified) = simplified(article) {
                let found = self.gazetteer.find(&simplified, home);
                return (
                    self.gazetteer.settle(found, home),
                    self.taxonomy.tag(&simplified),
                );
            }
        }
        (self.gazetteer.settle(found, home), topics)
    }

    /// Names for every region code the articles use (and their ancestors)
    /// and every topic id, to put in the bundle, and the cities of the home
    /// province that have a tile on its map (with their tiles). Codes or ids
    /// that this gazetteer or taxonomy does not know are left out (the
    /// reader shows them as they are).
    pub fn dictionaries(
        &self,
        articles: &[Article],
    ) -> (BTreeMap<String, PlaceInfo>, BTreeMap<String, TopicInfo>) {
        let mut places = BTreeMap::new();
        let mut topics = BTreeMap::new();
        let home_province = self
            .home
            .as_deref()
            .and_then(|h| benbao_core::bundle::self_and_ancestors(h).last());
        let tiled = home_province
            .as_deref()
            .map(|p| self.gazetteer.tiled_cities(p))
            .unwrap_or_default();
        let starts = tiled.iter().map(|p| p.code.to_string());
        let used = articles.iter().flat_map(|a| a.regions.iter().cloned());
        for code in starts.chain(used) {
            let mut next = Some(code);
            {
                while let Some(code) = next {
                    let Some(p) = self.gazetteer.place(&code) else {
                        break;
                    };
                    next = parent_code(&code);
                    let tile = home_province
                        .as_deref()
                        .is_some_and(|h| next.as_deref() == Some(h))
                        .then(|| self.gazetteer.tile(&code))
                        .flatten();
                    places.insert(
                        code,
                        PlaceInfo {
                            name: p.name.to_string(),
                            pinyin: p.pinyin.to_string(),
                            level: p.level,
                            parent: next.clone(),
                            tile,
                            short: p.aliases.first().map(|a| a.to_string()),
                        },
                    );
                }
            }
        }
        for a in articles {
            for id in &a.topics {
                if let Some(info) = self.taxonomy.info(id) {
                    if let Some(parent) = info.parent.as_deref() {
                        if let Some(p) = self.taxonomy.info(parent) {
                            topics.insert(parent.to_string(), p);
                        }
                    }
                    topics.insert(id.clone(), info);
                }
            }
        }
        (places, topics)
    }
}

/// A copy of `article` with its headline and text in simplified characters,
/// if any of them changes (None for an article in simplified characters).
fn simplified(article: &Article) -> Option<Article> {
    let convert = |s: &str| Some(fast2s::convert(s)).filter(|c| c != s);
    let title = convert(&article.title);
    let kicker = article.kicker.as_deref().and_then(convert);
    let subtitle = article.subtitle.as_deref().and_then(convert);
    let blocks: Vec<Option<String>> = article.blocks.iter().map(|b| convert(&b.text)).collect();
    if title.is_none()
        && kicker.is_none()
        && subtitle.is_none()
        && blocks.iter().all(Option::is_none)
    {
        return None;
    }
    let mut copy = article.clone();
    if let Some(t) = title {
        copy.title = t;
    }
    if kicker.is_some() {
        copy.kicker = kicker;
    }
    if subtitle.is_some() {
        copy.subtitle = subtitle;
    }
    for (b, text) in copy.blocks.iter_mut().zip(blocks) {
        if let Some(text) = text {
            b.text = text;
        }
    }
    Some(copy)
}
