//! What both taggers share: the article's text by field, and match counting.

use benbao_core::{Article, Hit};
use std::collections::BTreeMap;

/// Where a match was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// Kicker, title or subtitle.
    Headline,
    /// Any block: paragraphs, headings, captions.
    Body,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Headline => "headline",
            Field::Body => "body",
        }
    }
}

/// The article's texts with their field, headline first. Bylines are not
/// read: a reporter's name says nothing of where the news is.
pub fn fields(article: &Article) -> Vec<(Field, &str)> {
    let mut out = Vec::with_capacity(article.blocks.len() + 3);
    out.extend(article.kicker.as_deref().map(|s| (Field::Headline, s)));
    out.push((Field::Headline, article.title.as_str()));
    out.extend(article.subtitle.as_deref().map(|s| (Field::Headline, s)));
    out.extend(
        article
            .blocks
            .iter()
            .map(|b| (Field::Body, b.text.as_str())),
    );
    out
}

/// Score and matched texts of one candidate tag.
#[derive(Default, Debug)]
pub struct Tally {
    pub score: u32,
    hits: BTreeMap<(Field, String), u32>,
}

impl Tally {
    pub fn add(&mut self, field: Field, text: &str, weight: u32) {
        self.score += weight;
        *self.hits.entry((field, text.to_string())).or_insert(0) += 1;
    }

    /// Whether `text` was one of the matches.
    pub fn has_text(&self, text: &str) -> bool {
        self.hits.keys().any(|(_, t)| t == text)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits
            .iter()
            .map(|((field, text), count)| Hit {
                text: text.clone(),
                field: field.name().to_string(),
                count: *count,
            })
            .collect()
    }
}

/// Names or keywords found in one pass, leftmost first and, among those
/// starting at the same place, longest (工资集体协商 before 集体协商).
/// A double-array Aho–Corasick automaton over characters (daachorse):
/// fast to build for the national gazetteer's names and fast on Chinese.
pub struct Matcher {
    automaton: daachorse::CharwiseDoubleArrayAhoCorasick<u32>,
}

impl Matcher {
    /// Pattern `i` reports `i`; a pattern given twice keeps its first index.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Matcher, String> {
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut unique: Vec<(&str, u32)> = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            if seen.insert(p.as_ref()) {
                unique.push((p.as_ref(), i as u32));
            }
        }
        let automaton = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build_with_values(unique)
            .map_err(|e| format!("cannot build the matcher: {e}"))?;
        Ok(Matcher { automaton })
    }

    /// (start, end, pattern index) of each match, byte offsets in `text`.
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.automaton
            .leftmost_find_iter(text)
            .map(|m| (m.start(), m.end(), m.value() as usize))
    }
}
