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
    /// region is `home`. An article printed in traditional characters
    /// (瀋陽, 競賽: two of its headline's characters, or one in fifty of all
    /// its characters, are traditional) is read in simplified ones, which
    /// the gazetteer and the taxonomy are written in. A stray character that
    /// converters change (乾 in 乾丰镇) does not make an article traditional.
    /// The article itself is left as it is.
    pub fn tags(
        &self,
        article: &Article,
        home: Option<&str>,
    ) -> (Vec<TagEvidence>, Vec<TagEvidence>) {
        let tag = |a: &Article| {
            let found = self.gazetteer.find(a, home);
            (self.gazetteer.settle(found, home), self.taxonomy.tag(a))
        };
        // The headline first (cheap): most articles stop here.
        if changed_chars(&article.title).0 < 2 {
            let (places, topics) = tag(article);
            if !places.is_empty() && !topics.is_empty() {
                return (places, topics);
            }
            return match self.simplified(article) {
                // What the first reading found stays when the second finds less.
                Some(s) => {
                    let (p, t) = tag(&s);
                    (
                        if p.is_empty() { places } else { p },
                        if t.is_empty() { topics } else { t },
                    )
                }
                None => (places, topics),
            };
        }
        match self.simplified(article) {
            Some(s) => tag(&s),
            None => tag(article),
        }
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

/// How many of `text`'s characters change in simplified characters, and
/// the converted text (fast2s converts one character to one character).
fn changed_chars(text: &str) -> (usize, String) {
    let converted = fast2s::convert(text);
    let changed = text
        .chars()
        .zip(converted.chars())
        .filter(|(a, b)| a != b)
        .count();
    (changed, converted)
}

impl Tagger {
    /// A copy of `article` in simplified characters, if it is printed in
    /// traditional ones (two of its headline's characters change, or one in
    /// fifty of all its characters), with the place names converters get
    /// wrong put right (the gazetteer's `!simplified-fix`).
    fn simplified(&self, article: &Article) -> Option<Article> {
        let mut copy = simplified(article)?;
        for text in std::iter::once(&mut copy.title)
            .chain(copy.kicker.iter_mut())
            .chain(copy.subtitle.iter_mut())
            .chain(copy.blocks.iter_mut().map(|b| &mut b.text))
        {
            self.gazetteer.fix_simplified(text);
        }
        Some(copy)
    }
}

/// A copy of `article` in simplified characters, if it is printed in
/// traditional ones: two of its headline's characters change, or one in
/// fifty of all its characters.
fn simplified(article: &Article) -> Option<Article> {
    let mut copy = article.clone();
    let (title_changed, title) = changed_chars(&article.title);
    copy.title = title;
    let (mut changed, mut total) = (title_changed, article.title.chars().count());
    let mut convert = |s: &mut String| {
        let (n, c) = changed_chars(s);
        changed += n;
        total += s.chars().count();
        *s = c;
    };
    copy.kicker.iter_mut().for_each(&mut convert);
    copy.subtitle.iter_mut().for_each(&mut convert);
    for b in &mut copy.blocks {
        convert(&mut b.text);
    }
    (title_changed >= 2 || changed >= 2 && changed * 50 >= total).then_some(copy)
}
