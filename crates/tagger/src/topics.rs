//! Topics: the taxonomy file and topic tagging.

use crate::scan::{fields, Field, Matcher, Tally};
use benbao_core::{Article, TagEvidence};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub zh: String,
    pub en: String,
    /// The group (broader topic) this one belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Weighted keyword count needed to tag an article with this topic.
    pub threshold: u32,
    /// Keyword → weight.
    pub keywords: BTreeMap<String, u32>,
}

/// A broader topic that groups others (`unions` holds `services`, …). It has
/// no keywords of its own: an article gets it with any of its topics.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub zh: String,
    pub en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    headline_weight: u32,
    relative: f64,
    /// When no topic reaches its threshold, the strongest one is kept if it
    /// reaches this share of its threshold (0, the default: never).
    #[serde(default)]
    fallback: f64,
    #[serde(default)]
    group: Vec<Group>,
    topic: Vec<Topic>,
}

pub struct Taxonomy {
    topics: Vec<Topic>,
    groups: Vec<Group>,
    headline_weight: u32,
    relative: f64,
    fallback: f64,
    matcher: Matcher,
    /// Pattern index → (topic index, weight), one per topic using the keyword.
    pattern_topics: Vec<Vec<(usize, u32)>>,
}

impl Taxonomy {
    /// Reads a taxonomy TOML file; `name` is used in error messages.
    pub fn from_toml(name: &str, text: &str) -> Result<Taxonomy, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        if !(0.0..=1.0).contains(&file.fallback) {
            return Err(format!(
                "{name}: fallback is {}; it must be between 0 and 1",
                file.fallback
            ));
        }
        let mut taxonomy =
            Taxonomy::new(file.topic, file.group, file.headline_weight, file.relative)
                .map_err(|e| format!("{name}: {e}"))?;
        taxonomy.fallback = file.fallback;
        Ok(taxonomy)
    }

    pub fn new(
        topics: Vec<Topic>,
        groups: Vec<Group>,
        headline_weight: u32,
        relative: f64,
    ) -> Result<Taxonomy, String> {
        if !(0.0..=1.0).contains(&relative) {
            return Err(format!(
                "relative is {relative}; it must be between 0 and 1"
            ));
        }
        let mut index: HashMap<&str, usize> = HashMap::default();
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_topics: Vec<Vec<(usize, u32)>> = Vec::new();
        let mut ids = std::collections::HashSet::new();
        let valid = |id: &str| {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'_')
        };
        for g in &groups {
            if !valid(&g.id) {
                return Err(format!("group id {:?} must be lowercase a-z, - or _", g.id));
            }
            if !ids.insert(g.id.as_str()) {
                return Err(format!("group {} appears twice", g.id));
            }
        }
        for (t, topic) in topics.iter().enumerate() {
            if !valid(&topic.id) {
                return Err(format!(
                    "topic id {:?} must be lowercase a-z, - or _",
                    topic.id
                ));
            }
            if !ids.insert(topic.id.as_str()) {
                return Err(format!("topic {} appears twice", topic.id));
            }
            if let Some(p) = topic.parent.as_deref() {
                if !groups.iter().any(|g| g.id == p) {
                    return Err(format!(
                        "topic {}: its parent {p:?} is not a [[group]] of this file",
                        topic.id
                    ));
                }
            }
            if topic.keywords.is_empty() || topic.threshold == 0 {
                return Err(format!(
                    "topic {} needs keywords and a threshold above 0",
                    topic.id
                ));
            }
            for (keyword, &weight) in &topic.keywords {
                if keyword.trim().is_empty() {
                    return Err(format!("topic {} has an empty keyword", topic.id));
                }
                let p = *index.entry(keyword.as_str()).or_insert_with(|| {
                    patterns.push(keyword);
                    pattern_topics.push(Vec::new());
                    patterns.len() - 1
                });
                pattern_topics[p].push((t, weight));
            }
        }
        let matcher = Matcher::new(&patterns).map_err(|e| format!("keywords: {e}"))?;
        Ok(Taxonomy {
            topics,
            groups,
            headline_weight,
            relative,
            fallback: 0.0,
            matcher,
            pattern_topics,
        })
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The names of a topic or group id, with its group, for the bundle.
    pub fn info(&self, id: &str) -> Option<benbao_core::TopicInfo> {
        if let Some(t) = self.topic(id) {
            return Some(benbao_core::TopicInfo {
                zh: t.zh.clone(),
                en: t.en.clone(),
                parent: t.parent.clone(),
            });
        }
        self.group(id).map(|g| benbao_core::TopicInfo {
            zh: g.zh.clone(),
            en: g.en.clone(),
            parent: None,
        })
    }

    /// Adds to `ids` the group of each topic in it that has one (for tags
    /// an editor gave).
    pub fn add_groups(&self, ids: &mut Vec<String>) {
        let groups: Vec<String> = ids
            .iter()
            .filter_map(|id| self.topic(id)?.parent.clone())
            .collect();
        for g in groups {
            if !ids.contains(&g) {
                ids.push(g);
            }
        }
    }

    /// Whether `id` is a group, not a topic with keywords.
    pub fn is_group(&self, id: &str) -> bool {
        self.group(id).is_some()
    }

    /// The topics `article` is about, strongest first, with evidence.
    pub fn tag(&self, article: &Article) -> Vec<TagEvidence> {
        let mut tallies: HashMap<usize, Tally> = HashMap::default();
        for (field, text) in fields(article) {
            let factor = if field == Field::Headline {
                self.headline_weight
            } else {
                1
            };
            for (start, end, pattern) in self.matcher.find_iter(text) {
                for &(t, weight) in &self.pattern_topics[pattern] {
                    tallies
                        .entry(t)
                        .or_default()
                        .add(field, &text[start..end], weight * factor);
                }
            }
        }
        let best = tallies.values().map(|t| t.score).max().unwrap_or(0);
        let mut kept: Vec<(usize, &Tally)> = tallies
            .iter()
            .filter(|(t, tally)| {
                tally.score >= self.topics[**t].threshold
                    && f64::from(tally.score) >= self.relative * f64::from(best)
            })
            .map(|(t, tally)| (*t, tally))
            .collect();
        if kept.is_empty() && self.fallback > 0.0 {
            // Nothing reached its threshold: the strongest topic (ties to the
            // id), if it came close enough, rather than no topic at all.
            let strongest = tallies.iter().max_by(|a, b| {
                a.1.score
                    .cmp(&b.1.score)
                    .then_with(|| self.topics[*b.0].id.cmp(&self.topics[*a.0].id))
            });
            kept.extend(
                strongest
                    .map(|(t, tally)| (*t, tally))
                    .filter(|(t, tally)| {
                        f64::from(tally.score)
                            >= self.fallback * f64::from(self.topics[*t].threshold)
                    }),
            );
        }
        kept.sort_by(|a, b| {
            b.1.score
                .cmp(&a.1.score)
                .then_with(|| self.topics[a.0].id.cmp(&self.topics[b.0].id))
        });
        let mut out: Vec<TagEvidence> = kept
            .iter()
            .map(|(t, tally)| TagEvidence {
                tag: self.topics[*t].id.clone(),
                score: tally.score,
                matches: tally.hits(),
            })
            .collect();
        // Each topic's group after the topics, with their evidence.
        let mut groups: Vec<TagEvidence> = Vec::new();
        for (t, tally) in &kept {
            let Some(parent) = self.topics[*t].parent.as_deref() else {
                continue;
            };
            match groups.iter_mut().find(|g| g.tag == parent) {
                Some(g) => {
                    g.score += tally.score;
                    g.matches.extend(tally.hits());
                }
                None => groups.push(TagEvidence {
                    tag: parent.to_string(),
                    score: tally.score,
                    matches: tally.hits(),
                }),
            }
        }
        out.extend(groups);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use benbao_core::{Block, BlockKind};

    fn taxonomy() -> Taxonomy {
        let topic = |id: &str, threshold, kw: &[(&str, u32)]| Topic {
            id: id.into(),
            zh: id.into(),
            en: id.into(),
            parent: (id == "rights").then(|| "unions".to_string()),
            threshold,
            keywords: kw.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
        };
        Taxonomy::new(
            vec![
                topic(
                    "rights",
                    4,
                    &[("工资集体协商", 3), ("集体协商", 2), ("维权", 2)],
                ),
                topic("training", 4, &[("培训", 2)]),
            ],
            vec![Group {
                id: "unions".into(),
                zh: "工会".into(),
                en: "Unions".into(),
            }],
            3,
            0.25,
        )
        .unwrap()
    }

    fn article(title: &str, body: &str) -> Article {
        let mut a: Article =
            serde_json::from_value(serde_json::json!({"id": "x", "title": title, "blocks": []}))
                .unwrap();
        a.blocks = vec![Block::new(BlockKind::Paragraph, body)];
        a
    }

    fn ids(t: &Taxonomy, a: &Article) -> Vec<String> {
        t.tag(a).into_iter().map(|e| e.tag).collect()
    }

    #[test]
    fn a_near_miss_is_kept_only_when_nothing_else_is() {
        let mut t = taxonomy();
        let weak = article("", "这次培训很实用。");
        assert!(ids(&t, &weak).is_empty(), "2 < threshold 4, no fallback");
        t.fallback = 0.5;
        assert_eq!(ids(&t, &weak), ["training"], "2 ≥ half of 4");
        let strong = article("", "培训之后开展集体协商和维权。");
        assert_eq!(
            ids(&t, &strong),
            ["rights", "unions"],
            "a topic above threshold wins alone"
        );
        let weaker = article("", "维权");
        t.fallback = 0.75;
        assert!(ids(&t, &weaker).is_empty(), "2 < 0.75 × 4");
        // Only the strongest is looked at: 集体协商 (2 of rights' 4) is
        // stronger than 培训 would be, and it is not close enough at 0.75.
        let both = article("", "集体协商");
        assert!(ids(&t, &both).is_empty());
    }

    #[test]
    fn threshold_decides() {
        let t = taxonomy();
        assert!(
            ids(&t, &article("标题", "一次培训。")).is_empty(),
            "2 < threshold 4"
        );
        assert_eq!(ids(&t, &article("标题", "培训,再培训。")), ["training"]);
    }

    #[test]
    fn headline_keywords_count_more() {
        let t = taxonomy();
        assert_eq!(
            ids(&t, &article("职工培训开班", "正文。")),
            ["training"],
            "2 × 3 in the headline"
        );
    }

    #[test]
    fn longest_keyword_wins_without_double_counting() {
        let t = taxonomy();
        let ev = t.tag(&article("标题", "开展工资集体协商。"));
        assert_eq!(ev.len(), 0, "one match of weight 3, not 3 + 2");
        let ev = t.tag(&article("标题", "开展工资集体协商和维权。"));
        assert_eq!(ev[0].score, 5);
        assert_eq!(ev[1].tag, "unions", "a topic brings its group");
        assert_eq!(
            ev[0]
                .matches
                .iter()
                .map(|h| h.text.as_str())
                .collect::<Vec<_>>(),
            ["工资集体协商", "维权"]
        );
    }

    #[test]
    fn weak_topics_beside_a_strong_one_drop() {
        let t = taxonomy();
        let body = "培训".repeat(20) + "维权维权";
        assert_eq!(
            ids(&t, &article("标题", &body)),
            ["training"],
            "4 < 0.25 × 40"
        );
    }

    #[test]
    fn bad_taxonomies_are_refused() {
        assert!(Taxonomy::new(vec![], vec![], 3, 1.5).is_err());
        let e = Taxonomy::from_toml("t.toml", "headline_weight = 3\nrelative = 0.2\n[[topic]]\nid = \"Bad Id\"\nzh = \"x\"\nen = \"x\"\nthreshold = 1\nkeywords = { \"a\" = 1 }\n").err().unwrap();
        assert!(e.starts_with("t.toml: topic id"), "{e}");
    }
}
