//! Places: the gazetteer file and region tagging.

use crate::scan::{fields, Field, Tally};
use aho_corasick::{AhoCorasick, MatchKind};
use benbao_core::bundle::is_region_code;
pub use benbao_core::bundle::parent_code;
use benbao_core::{Article, Level, TagEvidence};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Weight of a match in the headline; a body match counts 1.
const HEADLINE_WEIGHT: u32 = 3;
/// A place needs at least this score: a headline match, or three in the body.
const MIN_SCORE: u32 = 3;
/// …and at least this share of the article's best place's score: places
/// named in passing beside the subject are not what the article is about.
const RELATIVE: f64 = 0.25;

/// One entry of the gazetteer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub level: Level,
    pub pinyin: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    place: Vec<Place>,
}

pub struct Gazetteer {
    places: Vec<Place>,
    by_code: HashMap<String, usize>,
    matcher: AhoCorasick,
    /// Pattern index → place index.
    pattern_place: Vec<usize>,
}

fn level_of(code: &str) -> Option<Level> {
    match code.len() {
        9 => Some(Level::Town),
        6 if code.ends_with("0000") => Some(Level::Province),
        6 if code.ends_with("00") => Some(Level::City),
        6 => Some(Level::County),
        _ => None,
    }
}

impl Gazetteer {
    /// Reads a gazetteer TOML file; `name` is used in error messages.
    pub fn from_toml(name: &str, text: &str) -> Result<Gazetteer, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        Gazetteer::new(file.place).map_err(|e| format!("{name}: {e}"))
    }

    pub fn new(places: Vec<Place>) -> Result<Gazetteer, String> {
        let mut by_code = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            if !is_region_code(&p.code) || level_of(&p.code) != Some(p.level) {
                return Err(format!("place {} {}: the code does not fit level {:?} (6 digits for province/city/county, 9 for a town)", p.code, p.name, p.level));
            }
            if p.name.trim().is_empty() || p.pinyin.trim().is_empty() {
                return Err(format!(
                    "place {}: name and pinyin must not be empty",
                    p.code
                ));
            }
            if by_code.insert(p.code.clone(), i).is_some() {
                return Err(format!(
                    "place {} {}: the code appears twice",
                    p.code, p.name
                ));
            }
        }
        for p in &places {
            if let Some(parent) = parent_code(&p.code) {
                if !by_code.contains_key(&parent) {
                    return Err(format!(
                        "place {} {}: its parent {parent} is not in the gazetteer",
                        p.code, p.name
                    ));
                }
            }
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_place = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                if name.trim().is_empty() {
                    return Err(format!("place {}: an alias is empty", p.code));
                }
                if let Some(&other) = seen.get(name.as_str()) {
                    if other != i {
                        return Err(format!(
                            "name {name:?} is used by both {} and {}; keep it on one place",
                            places[other].code, p.code
                        ));
                    }
                    continue;
                }
                seen.insert(name, i);
                patterns.push(name);
                pattern_place.push(i);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| format!("cannot build the name matcher: {e}"))?;
        Ok(Gazetteer {
            places,
            by_code,
            matcher,
            pattern_place,
        })
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, code: &str) -> Option<&Place> {
        self.by_code.get(code).map(|&i| &self.places[i])
    }

    /// The most specific places `article` is about, with evidence, by code.
    ///
    /// Rules: a headline match weighs [`HEADLINE_WEIGHT`], a body match 1;
    /// a place needs [`MIN_SCORE`] and [`RELATIVE`] of the best score; a
    /// town or street counts only when its county or city is named too
    /// (same-name streets exist in other provinces); and a place is dropped
    /// when one of its sub-places is kept (it is implied).
    pub fn tag(&self, article: &Article) -> Vec<TagEvidence> {
        let mut tallies: HashMap<usize, Tally> = HashMap::new();
        for (field, text) in fields(article) {
            let weight = if field == Field::Headline {
                HEADLINE_WEIGHT
            } else {
                1
            };
            for m in self.matcher.find_iter(text) {
                let place = self.pattern_place[m.pattern().as_usize()];
                tallies
                    .entry(place)
                    .or_default()
                    .add(field, &text[m.range()], weight);
            }
        }
        let named = |code: &str| {
            self.by_code
                .get(code)
                .is_some_and(|i| tallies.contains_key(i))
        };
        let eligible: Vec<usize> = tallies
            .keys()
            .copied()
            .filter(|&i| {
                let p = &self.places[i];
                p.level != Level::Town || self.ancestors(&p.code).any(|a| named(&a))
            })
            .collect();
        let best = eligible.iter().map(|i| tallies[i].score).max().unwrap_or(0);
        let kept: Vec<usize> = eligible
            .into_iter()
            .filter(|i| {
                tallies[i].score >= MIN_SCORE
                    && f64::from(tallies[i].score) >= RELATIVE * f64::from(best)
            })
            .collect();
        let mut most_specific: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&i| {
                !kept.iter().any(|&j| {
                    self.ancestors(&self.places[j].code)
                        .any(|a| a == self.places[i].code)
                })
            })
            .collect();
        most_specific.sort_by(|&a, &b| self.places[a].code.cmp(&self.places[b].code));
        most_specific
            .into_iter()
            .map(|i| TagEvidence {
                tag: self.places[i].code.clone(),
                score: tallies[&i].score,
                matches: tallies[&i].hits(),
            })
            .collect()
    }

    /// Codes of the places enclosing `code`, nearest first.
    fn ancestors(&self, code: &str) -> impl Iterator<Item = String> {
        std::iter::successors(parent_code(code), |c| parent_code(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use benbao_core::{Block, BlockKind};

    fn place(code: &str, name: &str, level: Level, aliases: &[&str]) -> Place {
        Place {
            code: code.into(),
            name: name.into(),
            level,
            pinyin: "X".into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::new(vec![
            place("330000", "浙江省", Level::Province, &["浙江"]),
            place("330400", "嘉兴市", Level::City, &["嘉兴"]),
            place("330421", "嘉善县", Level::County, &["嘉善"]),
            place("330421002", "罗星街道", Level::Town, &["罗星"]),
            place("330200", "宁波市", Level::City, &["宁波"]),
            place("330211", "镇海区", Level::County, &["镇海"]),
        ])
        .unwrap()
    }

    fn article(title: &str, body: &[&str]) -> Article {
        let mut a: Article =
            serde_json::from_value(serde_json::json!({"id": "x", "title": title, "blocks": []}))
                .unwrap();
        a.blocks = body
            .iter()
            .map(|t| Block::new(BlockKind::Paragraph, *t))
            .collect();
        a
    }

    fn codes(g: &Gazetteer, a: &Article) -> Vec<String> {
        g.tag(a).into_iter().map(|e| e.tag).collect()
    }

    #[test]
    fn parent_codes() {
        assert_eq!(parent_code("330211").as_deref(), Some("330200"));
        assert_eq!(parent_code("330200").as_deref(), Some("330000"));
        assert_eq!(parent_code("330000"), None);
        assert_eq!(parent_code("330102004").as_deref(), Some("330102"));
        assert_eq!(parent_code("33021"), None);
    }

    #[test]
    fn a_street_needs_its_county_or_city_named() {
        let g = gazetteer();
        // 罗星 alone could be the street in Fuzhou: not tagged.
        assert!(codes(
            &g,
            &article("罗星街道总工会召开大会", &["罗星街道总工会今天召开大会。"])
        )
        .is_empty());
        assert_eq!(
            codes(
                &g,
                &article(
                    "罗星街道总工会召开大会",
                    &["嘉善县罗星街道总工会今天召开大会。"]
                )
            ),
            ["330421002"]
        );
    }

    #[test]
    fn the_most_specific_place_wins_and_passing_mentions_drop() {
        let g = gazetteer();
        let a = article(
            "嘉善县罗星街道探索区域联建",
            &["罗星街道在嘉善。嘉兴市的一次培训。罗星,罗星。"],
        );
        assert_eq!(codes(&g, &a), ["330421002"]);
        let a = article("镇海工会活动", &["镇海职工到嘉善休养。镇海、镇海。"]);
        assert_eq!(
            codes(&g, &a),
            ["330211"],
            "嘉善 named once in the body is a passing mention"
        );
    }

    #[test]
    fn several_places_when_the_article_is_about_several() {
        let g = gazetteer();
        assert_eq!(
            codes(&g, &article("镇海、嘉善工会结盟", &["镇海和嘉善两地。"])),
            ["330211", "330421"]
        );
    }

    #[test]
    fn headline_matches_weigh_more() {
        let g = gazetteer();
        let a = article("宁波工会新举措", &["一位来自浙江的职工说。"]);
        let ev = g.tag(&a);
        assert_eq!(ev.len(), 1);
        assert_eq!(
            (ev[0].tag.as_str(), ev[0].score),
            ("330200", HEADLINE_WEIGHT)
        );
        assert_eq!(ev[0].matches[0].field, "headline");
    }

    #[test]
    fn bad_gazetteers_are_refused_with_the_reason() {
        let err = |places| Gazetteer::new(places).err().unwrap();
        assert!(err(vec![place("330211", "镇海区", Level::County, &[])]).contains("parent 330200"));
        assert!(err(vec![place("33000", "浙江省", Level::Province, &[])]).contains("does not fit"));
        assert!(err(vec![place("330000", "浙江省", Level::City, &[])]).contains("does not fit"));
        assert!(err(vec![
            place("330000", "浙江省", Level::Province, &["浙"]),
            place("330000", "浙江省", Level::Province, &[])
        ])
        .contains("twice"));
        let e = Gazetteer::from_toml("g.toml", "place = [ { code = \"330000\" } ]")
            .err()
            .unwrap();
        assert!(e.starts_with("g.toml: ") && e.contains("line 1"), "{e}");
    }
}
