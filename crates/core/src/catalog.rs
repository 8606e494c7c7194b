//! The catalogue: every article's facets (regions, topics, date) as small
//! numbers, so that filtering, sorting and counting stay fast at 100,000
//! articles without any article's text. Built from a whole bundle or from
//! an archive's facet file; both give the same answers.
//!
//! Search is not done here: the caller passes the articles that match
//! the search text (`hits`), from [`crate::archive::search`] (or, in the
//! tests, [`crate::query::Index::text_hits`]).

use crate::archive::Facets;
use crate::bundle::{self_and_ancestors, Bundle};
use crate::date::{civil, date_range, date_string, days_of};
use crate::query::{region_tree, Query, RegionNode, Sort};
use std::collections::BTreeMap;

/// No date.
const UNDATED: i32 = i32::MIN;

/// Facet misses of one article, as bits.
const MISS_REGION: u8 = 1;
const MISS_TOPIC: u8 = 2;
const MISS_DATE: u8 = 4;

/// The catalogue keeps its articles in newest-first order ("positions":
/// dated articles by date, latest first, then the undated; ties in article
/// order), so one pass over the columns yields results already sorted,
/// and the columns are read front to back.
pub struct Catalog {
    /// Every region code used, with its ancestors; sorted.
    codes: Vec<String>,
    /// Topic ids, in the order the filters show them.
    topics: Vec<String>,
    /// Position → article number.
    article: Vec<u32>,
    /// Article number → position.
    position: Vec<u32>,
    /// Per position: days since 1970-01-01, or [`UNDATED`].
    days: Vec<i32>,
    /// Per position: index into `years`, and month (1–12); 0 when undated.
    year_of: Vec<u16>,
    month_of: Vec<u8>,
    /// The years of dated articles, ascending.
    years: Vec<i32>,
    /// Per position: the codes it belongs to (tags and ancestors), sorted,
    /// as `member[member_at[p]..member_at[p + 1]]`.
    member_at: Vec<u32>,
    member: Vec<u32>,
    /// Per position: a bit per entry of `topics`.
    topic_bits: Vec<u64>,
}

/// The facet counts beside a list: for each region or topic, how many of
/// the articles answering the other filters (and the search) have it, as a
/// shop's filters count (so a chosen value shows its own number, and the
/// numbers of the chosen ones add up to the list's when they do not overlap).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub regions: BTreeMap<String, usize>,
    pub topics: BTreeMap<String, usize>,
    /// Year → articles of that year (other filters applied).
    pub years: BTreeMap<i32, usize>,
    /// Month (1–12) of the selected year → articles.
    pub months: BTreeMap<u32, usize>,
}

/// A query's results, in its order, and the counts beside them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub results: Vec<u32>,
    pub counts: Counts,
}

impl Catalog {
    /// The catalogue of a whole bundle; topics ordered as its dictionary.
    pub fn from_bundle(bundle: &Bundle) -> Catalog {
        let articles = &bundle.articles;
        // Every value used, sorted.
        let table = |values: fn(&crate::Article) -> &Vec<String>| -> Vec<String> {
            sorted_unique(
                articles
                    .iter()
                    .flat_map(|a| values(a).iter().cloned())
                    .collect(),
            )
        };
        let region_table = table(|a| &a.regions);
        let topic_table = table(|a| &a.topics);
        let index = |table: &[String], x: &String| table.binary_search(x).ok().map(|i| i as u32);
        let regions: Vec<Vec<u32>> = articles
            .iter()
            .map(|a| {
                a.regions
                    .iter()
                    .filter_map(|r| index(&region_table, r))
                    .collect()
            })
            .collect();
        let topics: Vec<u64> = articles
            .iter()
            .map(|a| {
                a.topics
                    .iter()
                    .filter_map(|t| index(&topic_table, t))
                    .filter(|&i| i < 64)
                    .fold(0u64, |m, i| m | 1 << i)
            })
            .collect();
        Catalog::build(
            articles
                .iter()
                .map(|a| a.date.as_deref().and_then(days_of))
                .collect(),
            &region_table,
            &regions,
            &topic_table,
            &topics,
            &bundle.topics.keys().cloned().collect::<Vec<_>>(),
        )
    }

    /// The catalogue of an archive, from its facet file. `order` is the
    /// topic dictionary's order (the manifest's), for the filters.
    pub fn from_facets(facets: &Facets, order: &[String]) -> Catalog {
        let mut day = 0i64;
        let mut undated = facets.undated.iter().peekable();
        let days = facets
            .dates
            .iter()
            .enumerate()
            .map(move |(i, d)| {
                day = day.saturating_add(*d);
                let none = undated.next_if(|&&u| u as usize == i).is_some();
                (!none).then_some(day)
            })
            .collect();
        Catalog::build(
            days,
            &facets.region_table,
            &facets.regions,
            &facets.topic_table,
            &facets.topics,
            order,
        )
    }

    /// From per-article columns: dates (days), regions (indices into
    /// `region_table`) and topics (bits over `topic_table`, 64 at most).
    fn build(
        days: Vec<Option<i64>>,
        region_table: &[String],
        regions: &[Vec<u32>],
        topic_table: &[String],
        topics: &[u64],
        order: &[String],
    ) -> Catalog {
        let n = days.len().min(regions.len()).min(topics.len());
        let by_article: Vec<i32> = days[..n]
            .iter()
            .map(|d| d.and_then(|d| i32::try_from(d).ok()).unwrap_or(UNDATED))
            .collect();
        let codes: Vec<String> = sorted_unique(
            region_table
                .iter()
                .flat_map(|c| self_and_ancestors(c))
                .collect(),
        );
        // Per table entry: its code and its ancestors', as code numbers.
        let table_codes: Vec<Vec<u32>> = region_table
            .iter()
            .map(|c| {
                self_and_ancestors(c)
                    .filter_map(|c| codes.binary_search(&c).ok())
                    .map(|i| i as u32)
                    .collect()
            })
            .collect();
        // The topics in use, in the dictionary's order, then any others.
        let used_bits = topics[..n].iter().fold(0u64, |m, b| m | b);
        let used: Vec<&String> = topic_table
            .iter()
            .take(64)
            .enumerate()
            .filter(|(i, _)| used_bits & 1 << i != 0)
            .map(|(_, t)| t)
            .collect();
        // Each once (a damaged table or order may repeat one), 64 at most:
        // a topic is a bit of a u64.
        let mut topic_names: Vec<String> = Vec::new();
        for t in order
            .iter()
            .filter(|t| used.contains(t))
            .chain(used.iter().copied())
        {
            if !topic_names.contains(t) && topic_names.len() < 64 {
                topic_names.push(t.clone());
            }
        }
        // Table bit → the catalogue's bit.
        let remap: Vec<Option<u32>> = topic_table
            .iter()
            .take(64)
            .map(|t| topic_names.iter().position(|x| x == t).map(|i| i as u32))
            .collect();

        // Newest first, undated last (i32::MIN sorts last reversed); stable.
        let mut article: Vec<u32> = (0..by_article.len() as u32).collect();
        article.sort_by_key(|&i| std::cmp::Reverse(by_article[i as usize]));
        let mut position = vec![0u32; article.len()];
        for (p, &i) in article.iter().enumerate() {
            position[i as usize] = p as u32;
        }
        let days: Vec<i32> = article.iter().map(|&i| by_article[i as usize]).collect();
        let years: Vec<i32> = sorted_unique(
            days.iter()
                .filter(|&&d| d != UNDATED)
                .map(|&d| civil(d).0)
                .collect(),
        );
        let (mut year_of, mut month_of) = (
            Vec::with_capacity(days.len()),
            Vec::with_capacity(days.len()),
        );
        for &d in &days {
            if d == UNDATED {
                year_of.push(0);
                month_of.push(0);
            } else {
                let (y, m, _) = civil(d);
                year_of.push(years.binary_search(&y).unwrap_or(0) as u16);
                month_of.push(m as u8);
            }
        }
        let (mut member_at, mut member) = (vec![0u32], Vec::with_capacity(n * 4));
        let mut m: Vec<u32> = Vec::new();
        for &i in &article {
            m.clear();
            for &r in &regions[i as usize] {
                m.extend(table_codes.get(r as usize).into_iter().flatten());
            }
            m.sort_unstable();
            m.dedup();
            member.extend_from_slice(&m);
            member_at.push(member.len() as u32);
        }
        let topic_bits = article
            .iter()
            .map(|&i| {
                bits_of(topics[i as usize])
                    .filter_map(|b| remap.get(b as usize).copied().flatten())
                    .fold(0u64, |m, b| m | 1 << b)
            })
            .collect();
        Catalog {
            codes,
            topics: topic_names,
            article,
            position,
            days,
            year_of,
            month_of,
            years,
            member_at,
            member,
            topic_bits,
        }
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// An article's date, `YYYY-MM-DD`.
    pub fn date_of(&self, i: u32) -> Option<String> {
        let p = *self.position.get(i as usize)?;
        let d = self.days[p as usize];
        (d != UNDATED).then(|| date_string(d))
    }

    /// Every region code in use, with ancestors, sorted.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// Topic ids in use, in the filters' order.
    pub fn all_topics(&self) -> &[String] {
        &self.topics
    }

    pub fn region_tree(&self) -> Vec<RegionNode> {
        region_tree(&self.codes.iter().cloned().collect())
    }

    /// The articles answering `query` (its search text answered by `hits`,
    /// article numbers; None when there is no search text), in the
    /// query's order: by date, same-day articles in article order,
    /// undated last.
    pub fn results(&self, query: &Query, hits: Option<&[u32]>) -> Vec<u32> {
        self.pass(query, hits, false).results
    }

    /// The counts beside the results of `query`: for regions and topics,
    /// the results with that value alone chosen in its facet; for dates,
    /// the articles of each year (and month of the chosen year) under the
    /// other filters.
    pub fn counts(&self, query: &Query, hits: Option<&[u32]>) -> Counts {
        self.pass(query, hits, true).counts
    }

    /// [`Catalog::results`] and [`Catalog::counts`] together, in one pass.
    pub fn view(&self, query: &Query, hits: Option<&[u32]>) -> View {
        self.pass(query, hits, true)
    }

    fn pass(&self, query: &Query, hits: Option<&[u32]>, count: bool) -> View {
        let n = self.len();
        // The search's hits, by position.
        let text = hits.map(|h| {
            let mut set = vec![false; n];
            for &i in h {
                if let Some(&p) = self.position.get(i as usize) {
                    set[p as usize] = true;
                }
            }
            set
        });
        // A chosen value no article has still narrows (to nothing).
        let mut region_sel = vec![false; self.codes.len()];
        for c in &query.regions {
            if let Ok(i) = self.codes.binary_search(c) {
                region_sel[i] = true;
            }
        }
        let region_on = !query.regions.is_empty();
        let topic_mask = query
            .topics
            .iter()
            .filter_map(|t| self.topics.iter().position(|x| x == t))
            .fold(0u64, |m, i| m | 1 << i);
        let topic_on = !query.topics.is_empty();
        let dates = date_range(&query.date);
        let chosen_year = dates.and_then(|(from, _)| self.years.binary_search(&civil(from).0).ok());

        let mut results = Vec::new();
        let mut regions = vec![0usize; self.codes.len()];
        let mut topics = vec![0usize; self.topics.len()];
        let mut years = vec![0usize; self.years.len()];
        let mut months = [0usize; 13];
        for p in 0..n {
            if text.as_ref().is_some_and(|t| !t[p]) {
                continue;
            }
            let codes = &self.member[self.member_at[p] as usize..self.member_at[p + 1] as usize];
            let in_region = !region_on || codes.iter().any(|&c| region_sel[c as usize]);
            let bits = self.topic_bits[p];
            let day = self.days[p];
            let mut miss = 0u8;
            if !in_region {
                miss |= MISS_REGION;
            }
            if topic_on && bits & topic_mask == 0 {
                miss |= MISS_TOPIC;
            }
            if dates.is_some_and(|(from, to)| !(from..=to).contains(&day)) {
                miss |= MISS_DATE;
            }
            if miss == 0 {
                results.push(self.article[p]);
            }
            if !count {
                continue;
            }
            if miss & !MISS_REGION == 0 {
                for &c in codes {
                    regions[c as usize] += 1;
                }
            }
            if miss & !MISS_TOPIC == 0 {
                for t in bits_of(bits) {
                    topics[t as usize] += 1;
                }
            }
            if miss & !MISS_DATE == 0 && day != UNDATED {
                let y = self.year_of[p] as usize;
                years[y] += 1;
                if chosen_year == Some(y) {
                    months[self.month_of[p] as usize] += 1;
                }
            }
        }
        if query.sort == Sort::Oldest {
            results = self.oldest_first(results);
        }
        let counts = if count {
            let year = dates.map(|(from, _)| civil(from).0);
            Counts {
                regions: self
                    .codes
                    .iter()
                    .cloned()
                    .zip(regions)
                    .fold(BTreeMap::new(), insert),
                topics: self
                    .topics
                    .iter()
                    .cloned()
                    .zip(topics)
                    .fold(BTreeMap::new(), insert),
                years: self
                    .years
                    .iter()
                    .zip(&years)
                    .filter(|(_, &n)| n > 0)
                    .map(|(&y, &n)| (y, n))
                    .fold(BTreeMap::new(), insert),
                months: (1..=12u32)
                    .filter(|&m| year.is_some() && months[m as usize] > 0)
                    .map(|m| (m, months[m as usize]))
                    .fold(BTreeMap::new(), insert),
            }
        } else {
            Counts::default()
        };
        View { results, counts }
    }

    /// Newest-first results → oldest first: dated ones reversed, same-day
    /// articles still in article order; undated still last.
    fn oldest_first(&self, newest: Vec<u32>) -> Vec<u32> {
        let day = |i: u32| self.days[self.position[i as usize] as usize];
        let dated = newest.partition_point(|&i| day(i) != UNDATED);
        let mut out = Vec::with_capacity(newest.len());
        let mut end = dated;
        while end > 0 {
            let d = day(newest[end - 1]);
            let start = newest[..end].partition_point(|&i| day(i) > d);
            out.extend_from_slice(&newest[start..end]);
            end = start;
        }
        out.extend_from_slice(&newest[dated..]);
        out
    }
}

fn bits_of(mask: u64) -> impl Iterator<Item = u32> {
    let mut m = mask;
    std::iter::from_fn(move || {
        (m != 0).then(|| {
            let b = m.trailing_zeros();
            m &= m - 1;
            b
        })
    })
}

/// `v` sorted, each value once. Not `collect::<BTreeSet<_>>()`, whose
/// stable sort is compiled into the wasm once per element type: the
/// unstable sort is smaller and shared.
fn sorted_unique<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

/// A fold step that builds a map by inserting (`collect()` into a
/// `BTreeMap` sorts a copy first, with one more sort compiled per type).
fn insert<K: Ord, V>(mut m: BTreeMap<K, V>, (k, v): (K, V)) -> BTreeMap<K, V> {
    m.insert(k, v);
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Index;
    use crate::write::build;
    use crate::Article;
    use proptest::prelude::*;
    use std::collections::HashMap;

    const REGIONS: [&str; 6] = [
        "330211",
        "330825",
        "330102004",
        "330206002",
        "331126",
        "330327",
    ];
    const TOPICS: [&str; 4] = ["training", "honors", "services", "craftsmen"];

    fn bundle(tags: &[(Vec<usize>, Vec<usize>, bool, u8)]) -> Bundle {
        let articles = tags
            .iter()
            .enumerate()
            .map(|(i, (r, t, word, date))| {
                let mut a: Article = serde_json::from_value(serde_json::json!({
                    "id": format!("a{i}"), "title": if *word { "工匠" } else { "工会" },
                    "blocks": [{"kind": "paragraph", "text": "正文。"}]
                }))
                .unwrap();
                a.regions = r.iter().map(|&x| REGIONS[x].to_string()).collect();
                a.topics = t.iter().map(|&x| TOPICS[x].to_string()).collect();
                // 0: undated; else spread over 2019-12 … 2020-02, and one day before 1970.
                a.date = (*date > 0).then(|| {
                    [
                        "2019-12-31",
                        "2020-01-01",
                        "2020-01-31",
                        "2020-02-29",
                        "2020-02-01",
                        "1969-12-31",
                    ][*date as usize % 6]
                        .to_string()
                });
                a
            })
            .collect();
        Bundle::new(articles)
    }

    fn sorted(mut v: Vec<u32>) -> Vec<u32> {
        v.sort_unstable();
        v
    }

    #[test]
    fn civil_dates_round_trip() {
        for date in [
            "1970-01-01",
            "2000-02-29",
            "2018-12-31",
            "1969-12-31",
            "2100-03-01",
        ] {
            let d = days_of(date).unwrap() as i32;
            let (y, m, day) = civil(d);
            assert_eq!(format!("{y:04}-{m:02}-{day:02}"), date);
        }
        assert_eq!(date_range("2020-02").map(|(a, b)| b - a + 1), Some(29));
        assert_eq!(date_range("2019").map(|(a, b)| b - a + 1), Some(365));
        assert_eq!(date_range("20x9"), None);
    }

    #[test]
    fn newest_first_keeps_page_order_within_a_day() {
        let b = bundle(&[
            (vec![], vec![], false, 1),
            (vec![], vec![], false, 2),
            (vec![], vec![], false, 1),
            (vec![], vec![], false, 0),
        ]);
        let c = Catalog::from_bundle(&b);
        assert_eq!(c.results(&Query::default(), None), [1, 0, 2, 3]);
        let old = Query {
            sort: Sort::Oldest,
            ..Query::default()
        };
        assert_eq!(c.results(&old, None), [0, 2, 1, 3], "undated last");
        assert_eq!(c.date_of(1).as_deref(), Some("2020-01-31"));
        assert_eq!(c.date_of(3), None);
    }

    proptest! {
        /// The catalogue answers as the reference [`Index`] does, whether
        /// built from the bundle or from the bundle's archive; its counts
        /// are the sizes of the results with each value alone chosen.
        #[test]
        fn answers_equal_the_reference_index(
            tags in prop::collection::vec((prop::collection::vec(0..6usize, 0..3), prop::collection::vec(0..4usize, 0..3), any::<bool>(), 0..7u8), 0..14),
            regions in prop::collection::vec(prop::sample::select(vec!["330200", "330000", "330211", "331126", "330102", "990000"]), 0..3),
            topics in prop::collection::vec(prop::sample::select(TOPICS.to_vec()), 0..3),
            date in prop::sample::select(vec!["", "2020", "2019", "2020-02", "2020-01", "2021-05", "1969", "1969-12"]),
            search in any::<bool>(),
            oldest in any::<bool>(),
        ) {
            let b = bundle(&tags);
            let index = Index::new(&b);
            let mut query = Query::from_params(Some(&regions.join(",")), Some(&topics.join(",")), search.then_some("匠"));
            query.topics.sort_unstable();
            query.topics.dedup();
            let hits = index.text_hits(&query.text);
            let files: HashMap<String, Vec<u8>> = build(&b, &crate::write::Layout { summary_chunk: 4, body_chunk: 4, shards: 8, inline_postings: 16 }).into_iter().collect();
            let manifest: crate::archive::Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
            let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
            let from_archive = Catalog::from_facets(&facets, &[]);
            let catalog = Catalog::from_bundle(&b);
            let reference: Vec<u32> = index.results(&query).into_iter().map(|i| i as u32).collect();
            prop_assert_eq!(sorted(catalog.results(&query, hits.as_deref())), reference.clone());
            prop_assert_eq!(sorted(from_archive.results(&query, hits.as_deref())), reference.clone());
            // The order: by date (stable, so same-day articles in article order), undated last.
            let sort = if oldest { Sort::Oldest } else { Sort::Newest };
            let mut ordered = reference;
            let day = |i: &u32| b.articles[*i as usize].date.clone();
            match sort {
                Sort::Newest => ordered.sort_by_key(|i| std::cmp::Reverse(day(i))),
                Sort::Oldest => ordered.sort_by_key(|i| (day(i).is_none(), day(i))),
            }
            let sorted_query = Query { sort, ..query.clone() };
            prop_assert_eq!(&catalog.results(&sorted_query, hits.as_deref()), &ordered);
            prop_assert_eq!(&from_archive.results(&sorted_query, hits.as_deref()), &ordered);
            let view = catalog.view(&sorted_query, hits.as_deref());
            prop_assert_eq!(&view.results, &ordered);
            prop_assert_eq!(&view.counts, &catalog.counts(&sorted_query, hits.as_deref()));
            let dated = Query { date: date.to_string(), ..query.clone() };
            let counts = catalog.counts(&dated, hits.as_deref());
            prop_assert_eq!(&counts, &from_archive.counts(&dated, hits.as_deref()));
            for (code, n) in &counts.regions {
                let alone = Query { regions: vec![code.clone()], ..dated.clone() };
                prop_assert_eq!(*n, catalog.results(&alone, hits.as_deref()).len(), "region {}", code);
            }
            for (id, n) in &counts.topics {
                let alone = Query { topics: vec![id.clone()], ..dated.clone() };
                prop_assert_eq!(*n, catalog.results(&alone, hits.as_deref()).len(), "topic {}", id);
            }
            for (year, n) in &counts.years {
                prop_assert_eq!(*n, catalog.results(&dated.with_date(&year.to_string()), hits.as_deref()).len(), "year {}", year);
            }
            for (month, n) in &counts.months {
                let m = format!("{}-{month:02}", &dated.date[..4]);
                prop_assert_eq!(*n, catalog.results(&dated.with_date(&m), hits.as_deref()).len(), "month {}", m);
            }
        }
    }
}
