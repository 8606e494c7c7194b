//! Measuring the tagger against an editor's labels (`benbao eval`).
//!
//! A label says which places and topics a person found an article to be
//! about. Places are compared level by level (province, city, county,
//! town/street: a tag of 小港街道 is also a tag of 北仑区, 宁波市 and 浙江省),
//! topics by id (groups left out). The report gives precision and recall per
//! level and per topic, the figures the project holds itself to, and every
//! miss and false tag with the evidence behind it.

use crate::Tagger;
use benbao_core::bundle::self_and_ancestors;
use benbao_core::{Article, Level, TagEvidence};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

/// A labels file: the papers (with their home regions) and the articles.
#[derive(Deserialize, Debug, Default)]
pub struct Labels {
    #[serde(default)]
    pub papers: BTreeMap<String, PaperLabel>,
    pub articles: Vec<Label>,
}

#[derive(Deserialize, Debug, Default, Clone)]
pub struct PaperLabel {
    /// The paper's home region code.
    #[serde(default)]
    pub home: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// What an article is about, by a person's reading.
#[derive(Deserialize, Debug, Clone)]
pub struct Label {
    pub id: String,
    #[serde(default)]
    pub paper: Option<String>,
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// The most specific places it is about.
    pub regions: Vec<String>,
    /// Its topics, the main one first.
    pub topics: Vec<String>,
    /// About a place whose name is shared with another (often in the
    /// paper's home province), or named by a former name.
    #[serde(default)]
    pub trap: bool,
    #[serde(default)]
    pub note: Option<String>,
}

const LEVELS: [Level; 4] = [Level::Province, Level::City, Level::County, Level::Town];

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Province => "province",
        Level::City => "city",
        Level::County => "county",
        Level::Town => "town/street",
    }
}

/// The code at `level` that `code` lies in. A municipality stands for its
/// own city level (its districts have no city above them), and so does a
/// province for the county-level cities it governs directly.
fn at_level(tagger: &Tagger, code: &str, level: Level) -> Option<String> {
    let chain: Vec<String> = self_and_ancestors(code).collect();
    let level_of = |c: &str| benbao_core::bundle::level_of(c);
    if let Some(c) = chain.iter().find(|c| level_of(c) == Some(level)) {
        return Some(c.clone());
    }
    let own = level_of(code)?;
    (level == Level::City && own > Level::City)
        .then(|| chain.last().cloned())
        .flatten()
        .filter(|p| tagger.gazetteer.place(p).is_some())
}

#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

/// One article's outcome, kept for the list of errors.
struct Outcome {
    label: Label,
    title: String,
    regions: Vec<TagEvidence>,
    topics: Vec<TagEvidence>,
    region_ok: bool,
    topic_ok: bool,
}

/// The measures of one run.
pub struct Report {
    articles: usize,
    levels: Vec<(Level, Count)>,
    topics: BTreeMap<String, Count>,
    /// Articles whose labelled cities were all among the tags' cities.
    city_right: (usize, usize),
    /// Labelled counties and towns found (a town label by the town itself;
    /// a county label by the county or a town in it).
    local_right: (usize, usize),
    /// Trap articles about places outside the home province that got a
    /// tag inside it.
    home_leaks: (usize, usize),
    /// Articles whose main topic was found.
    main_topic: (usize, usize),
    /// Topics (groups left out) per article.
    topics_per_article: f64,
    outcomes: Vec<Outcome>,
    /// Labels without an input article, and input articles without a label.
    pub unmatched: Vec<String>,
}

/// Tags every labelled article (each with its paper's home) and measures.
/// `articles` are matched to labels by id, else by headline.
pub fn evaluate(tagger: &Tagger, labels: &Labels, articles: &[Article]) -> Report {
    let mut unmatched = Vec::new();
    let mut levels: Vec<(Level, Count)> = LEVELS.iter().map(|&l| (l, Count::default())).collect();
    let mut topics: BTreeMap<String, Count> = BTreeMap::new();
    let (mut city_right, mut local_right, mut home_leaks, mut main_topic) =
        ((0, 0), (0, 0), (0, 0), (0, 0));
    let mut topic_total = 0;
    let mut outcomes = Vec::new();
    for label in &labels.articles {
        let Some(article) = articles.iter().find(|a| a.id == label.id).or_else(|| {
            articles
                .iter()
                .find(|a| Some(&a.title) == label.headline.as_ref())
        }) else {
            unmatched.push(format!(
                "label {}: no input article with this id or headline",
                label.id
            ));
            continue;
        };
        let home = label
            .paper
            .as_ref()
            .and_then(|p| labels.papers.get(p))
            .and_then(|p| p.home.clone());
        let (regions, article_topics) = tagger.tags(article, home.as_deref());
        let found_topics: Vec<TagEvidence> = article_topics
            .into_iter()
            .filter(|t| !tagger.taxonomy.is_group(&t.tag))
            .collect();
        let tagged: Vec<String> = regions.iter().map(|e| e.tag.clone()).collect();

        let mut region_ok = true;
        for (level, count) in &mut levels {
            let want: BTreeSet<String> = label
                .regions
                .iter()
                .filter_map(|c| at_level(tagger, c, *level))
                .collect();
            let got: BTreeSet<String> = tagged
                .iter()
                .filter_map(|c| at_level(tagger, c, *level))
                .collect();
            count.tp += want.intersection(&got).count();
            count.fp += got.difference(&want).count();
            count.fn_ += want.difference(&got).count();
            if *level == Level::City && !want.is_empty() {
                city_right.1 += 1;
                if want.is_subset(&got) {
                    city_right.0 += 1;
                } else {
                    region_ok = false;
                }
            }
        }
        for code in &label.regions {
            let level = benbao_core::bundle::level_of(code);
            if !matches!(level, Some(Level::County | Level::Town)) {
                continue;
            }
            local_right.1 += 1;
            let hit = tagged.iter().any(|t| {
                t == code
                    || level == Some(Level::County) && self_and_ancestors(t).any(|a| a == *code)
            });
            if hit {
                local_right.0 += 1;
            } else {
                region_ok = false;
            }
        }
        if tagged.iter().any(|t| !label.regions.contains(t)) {
            region_ok = false;
        }
        if let Some(home) = &home {
            let province = |c: &str| self_and_ancestors(c).last();
            let home_province = province(home);
            let elsewhere = label.regions.iter().all(|c| province(c) != home_province);
            if label.trap && elsewhere && !label.regions.is_empty() {
                home_leaks.1 += 1;
                if tagged.iter().any(|t| province(t) == home_province) {
                    home_leaks.0 += 1;
                    region_ok = false;
                }
            }
        }

        let got: BTreeSet<&str> = found_topics.iter().map(|t| t.tag.as_str()).collect();
        let want: BTreeSet<&str> = label.topics.iter().map(String::as_str).collect();
        topic_total += got.len();
        for t in got.union(&want) {
            let c = topics.entry(t.to_string()).or_default();
            match (got.contains(t), want.contains(t)) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                _ => c.fn_ += 1,
            }
        }
        let mut topic_ok = true;
        if let Some(main) = label.topics.first() {
            main_topic.1 += 1;
            if got.contains(main.as_str()) {
                main_topic.0 += 1;
            } else {
                topic_ok = false;
            }
        }
        outcomes.push(Outcome {
            label: label.clone(),
            title: article.title.clone(),
            regions,
            topics: found_topics,
            region_ok,
            topic_ok,
        });
    }
    for a in articles {
        if !labels
            .articles
            .iter()
            .any(|l| l.id == a.id || l.headline.as_ref() == Some(&a.title))
        {
            unmatched.push(format!("article {} {:?}: no label", a.id, a.title));
        }
    }
    Report {
        articles: outcomes.len(),
        levels,
        topics,
        city_right,
        local_right,
        home_leaks,
        main_topic,
        topics_per_article: ratio(topic_total, outcomes.len()),
        outcomes,
        unmatched,
    }
}

fn pct((a, b): (usize, usize)) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}% ({a}/{b})", 100.0 * a as f64 / b as f64)
    }
}

fn num(x: f64) -> String {
    if x.is_nan() {
        "—".into()
    } else {
        format!("{x:.3}")
    }
}

fn evidence(list: &[TagEvidence]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter()
        .map(|e| {
            let hits: Vec<String> = e
                .matches
                .iter()
                .map(|h| {
                    format!(
                        "{}×{}{}",
                        h.text,
                        h.count,
                        if h.field == "headline" {
                            " (headline)"
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            format!("{} [{}: {}]", e.tag, e.score, hits.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Report {
    /// The summary tables and, with `errors`, every article that went wrong.
    pub fn render(&self, errors: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{} articles\n", self.articles);
        let _ = writeln!(out, "| measure | result |\n| --- | ---: |");
        let _ = writeln!(
            out,
            "| right city (all labelled cities tagged) | {} |",
            pct(self.city_right)
        );
        let _ = writeln!(
            out,
            "| right county or town/street (of the labelled ones) | {} |",
            pct(self.local_right)
        );
        let _ = writeln!(
            out,
            "| home-province tag on a trap elsewhere | {} |",
            pct(self.home_leaks)
        );
        let _ = writeln!(out, "| main topic found | {} |", pct(self.main_topic));
        let _ = writeln!(
            out,
            "| topics per article (groups left out) | {} |",
            num(self.topics_per_article)
        );
        let _ = writeln!(out, "\n| level | precision | recall | right | false | missed |\n| --- | ---: | ---: | ---: | ---: | ---: |");
        for (level, c) in &self.levels {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                level_name(*level),
                num(c.precision()),
                num(c.recall()),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        let _ = writeln!(out, "\n| topic | precision | recall | right | false | missed |\n| --- | --- | ---: | ---: | ---: | ---: |");
        for (t, c) in &self.topics {
            let _ = writeln!(
                out,
                "| {t} | {} | {} | {} | {} | {} |",
                num(c.precision()),
                num(c.recall()),
                c.tp,
                c.fp,
                c.fn_
            );
        }
        if errors {
            let _ = writeln!(out, "\nMisses and false tags:");
            for o in self.outcomes.iter().filter(|o| !o.region_ok || !o.topic_ok) {
                let _ = writeln!(out, "\n{} {}", o.label.id, o.title);
                if !o.region_ok {
                    let _ = writeln!(
                        out,
                        "  regions: labelled {:?}{}, tagged {}",
                        o.label.regions,
                        if o.label.trap { " (trap)" } else { "" },
                        evidence(&o.regions)
                    );
                }
                if !o.topic_ok {
                    let _ = writeln!(
                        out,
                        "  topics: labelled {:?}, tagged {}",
                        o.label.topics,
                        evidence(&o.topics)
                    );
                }
            }
        }
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(true))
    }
}
