//! benbao-tagger: which places and topics an article is about.
//!
//! The knowledge is data, not code: a gazetteer ([`Gazetteer`], e.g.
//! `crates/cli/data/zhejiang.toml`) and a topic taxonomy ([`Taxonomy`],
//! `crates/cli/data/topics.toml`). This crate reads them, checks them, and
//! scores an article's headline and body against them, keeping the text
//! that matched as evidence. It depends on benbao-core for the article
//! types and is used by the CLI only, so the web app does not carry it.

mod gazetteer;
mod scan;
mod topics;

pub use gazetteer::{parent_code, Gazetteer, Place};
pub use topics::{Taxonomy, Topic};

use benbao_core::{Article, Evidence, PlaceInfo, TopicInfo};
use std::collections::BTreeMap;

/// A gazetteer and a taxonomy, ready to tag articles.
pub struct Tagger {
    pub gazetteer: Gazetteer,
    pub taxonomy: Taxonomy,
}

impl Tagger {
    /// Sets `article.regions`, `article.topics` and their evidence.
    pub fn tag(&self, article: &mut Article) {
        let regions = self.gazetteer.tag(article);
        let topics = self.taxonomy.tag(article);
        article.regions = regions.iter().map(|e| e.tag.clone()).collect();
        article.topics = topics.iter().map(|e| e.tag.clone()).collect();
        article.evidence = Some(Evidence { regions, topics });
    }

    /// Names for every region code the articles use (and their ancestors)
    /// and every topic id, to put in the bundle. Codes or ids that this
    /// gazetteer or taxonomy does not know are left out (the reader shows
    /// them as they are).
    pub fn dictionaries(
        &self,
        articles: &[Article],
    ) -> (BTreeMap<String, PlaceInfo>, BTreeMap<String, TopicInfo>) {
        let mut places = BTreeMap::new();
        let mut topics = BTreeMap::new();
        for a in articles {
            for code in &a.regions {
                let mut next = Some(code.clone());
                while let Some(code) = next {
                    let Some(p) = self.gazetteer.place(&code) else {
                        break;
                    };
                    next = parent_code(&code);
                    places.insert(
                        code,
                        PlaceInfo {
                            name: p.name.clone(),
                            pinyin: p.pinyin.clone(),
                            level: p.level,
                            parent: next.clone(),
                        },
                    );
                }
            }
            for id in &a.topics {
                if let Some(t) = self.taxonomy.topic(id) {
                    topics.insert(
                        id.clone(),
                        TopicInfo {
                            zh: t.zh.clone(),
                            en: t.en.clone(),
                        },
                    );
                }
            }
        }
        (places, topics)
    }
}
