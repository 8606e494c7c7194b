//! Reading an archive: which shard a gram is in, the grams of a search
//! term, the candidates the postings give and their confirmation, and an
//! article put back together from its summary and body.

use super::{decode_postings, Body, Posting, Shard, Summary};
use crate::bundle::{stable_id, Article};
use crate::search::terms;
use crate::text::Quoted;
use std::collections::{BTreeSet, HashMap};

/// Which shard a gram lives in.
pub fn shard_of(gram: &str, shards: u32) -> u32 {
    let h = u64::from_str_radix(&stable_id(gram), 16).unwrap_or(0);
    (h % u64::from(shards.max(1))) as u32
}

/// The folded text searched for an article (fields apart, so no match spans two).
pub fn search_text(a: &Article) -> String {
    crate::query::haystack(a)
}

/// The grams that index a folded text: every character, and every pair
/// of neighbours within a field; each once, as keys of [`gram_key`]
/// (numbers, not strings: an archive of 10,000 articles has 16 million).
#[cfg(feature = "editor")]
pub(crate) fn grams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len() * 2);
    let indexed = |c: char| c != '\0' && !c.is_whitespace();
    for (i, &c) in chars.iter().enumerate() {
        if !indexed(c) {
            continue;
        }
        out.push(gram_key(c, None));
        if let Some(&n) = chars.get(i + 1).filter(|&&n| indexed(n)) {
            out.push(gram_key(c, Some(n)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A gram of one or two characters as a number (no character is 0 here).
#[cfg(feature = "editor")]
pub(crate) fn gram_key(c: char, next: Option<char>) -> u64 {
    (u64::from(c) << 32) | u64::from(next.map_or(0, u32::from))
}

/// The gram a [`gram_key`] stands for.
#[cfg(feature = "editor")]
pub(crate) fn gram_text(key: u64) -> String {
    let first = char::from_u32((key >> 32) as u32).unwrap_or('\u{fffd}');
    match (key & 0xffff_ffff) as u32 {
        0 => first.to_string(),
        n => [first, char::from_u32(n).unwrap_or('\u{fffd}')]
            .iter()
            .collect(),
    }
}

/// The grams whose postings answer a (folded) term: itself when it is one
/// character, else its 2-grams.
pub fn term_grams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() == 1 {
        return vec![term.to_string()];
    }
    let mut out: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a term's postings alone are exact (no verification against text needed).
pub fn exact_by_postings(term: &str) -> bool {
    term.chars().count() <= 2
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
        page_name: body.page_name.clone(),
        page_pdf: None,
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
                Some(Posting::Here(text)) => decode_postings(text).map_err(|e| {
                    format!("search shard {n}: the postings of {}: {e}", Quoted(&gram))
                })?,
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

#[cfg(all(test, feature = "editor"))]
mod tests {
    use super::{gram_text, grams};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// The grams as the writer first made them (strings in a set): the
    /// numbers must give exactly these, so that archives stay the same.
    fn grams_as_strings(text: &str) -> BTreeSet<String> {
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

    proptest! {
        #[test]
        fn numbered_grams_are_the_string_grams(text in r"([a-z0-9 \x00\n]|[工会员职畲族]|[\u{20000}-\u{20010}]|\PC){0,40}") {
            let numbered: BTreeSet<String> = grams(&text).into_iter().map(gram_text).collect();
            prop_assert_eq!(numbered, grams_as_strings(&text));
        }
    }

    #[test]
    fn grams_are_each_character_and_each_pair_within_a_field_once() {
        let texts: Vec<String> = grams("工会 工会\0会员")
            .into_iter()
            .map(gram_text)
            .collect();
        let mut want = vec!["工", "工会", "会", "会员", "员"];
        want.sort_unstable();
        let mut got = texts.clone();
        got.sort_unstable();
        assert_eq!(got, want);
    }
}
