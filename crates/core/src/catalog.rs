//! The catalogue: every article's facets (regions, topics, date) as small
//! numbers, so that filtering, sorting and counting stay fast at 100,000
//! articles without any article's text. Built from a whole bundle or from
//! an archive's facet file; both give the same answers.
//!
//! Search is not done here: the caller passes the articles that match
//! the search text (`hits`), from [`crate::query::Index::text_hits`] for a
//! bundle or [`crate::archive::search`] for an archive.

use crate::archive::{days_of, Facets};
use crate::bundle::{self_and_ancestors, Bundle};
use crate::query::{region_tree, Query, RegionNode, Sort};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// No date.
const UNDATED: i32 = i32::MIN;

pub struct Catalog {
    /// Every region code used, with its ancestors; sorted.
    codes: Vec<String>,
    /// Topic ids, in the order the filters show them.
    topics: Vec<String>,
    /// Per article: days since 1970-01-01, or [`UNDATED`].
    days: Vec<i32>,
    /// Per article: the codes it belongs to (tags and ancestors), sorted.
    member: Vec<Vec<u32>>,
    /// Per article: a bit per entry of `topics`.
    topic_bits: Vec<u64>,
}

/// The facet counts beside a list: for each value, how many results
/// choosing it would give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub regions: BTreeMap<String, usize>,
    pub topics: BTreeMap<String, usize>,
    /// Year → articles of that year (other filters applied).
    pub years: BTreeMap<i32, usize>,
    /// Month (1–12) of the selected year → articles.
    pub months: BTreeMap<u32, usize>,
}

impl Catalog {
    /// The catalogue of a whole bundle; topics ordered as its dictionary.
    pub fn from_bundle(bundle: &Bundle) -> Catalog {
        let articles = &bundle.articles;
        Catalog::build(
            articles.iter().map(|a| a.date.as_deref().and_then(days_of)),
            articles.iter().map(|a| a.regions.clone()),
            articles.iter().map(|a| a.topics.clone()),
            &bundle.topics.keys().cloned().collect::<Vec<_>>(),
        )
    }

    /// The catalogue of an archive, from its facet file. `order` is the
    /// topic dictionary's order (the manifest's), for the filters.
    pub fn from_facets(facets: &Facets, order: &[String]) -> Catalog {
        let mut day = 0i64;
        let mut undated = facets.undated.iter().peekable();
        let days = facets.dates.iter().enumerate().map(move |(i, d)| {
            day += d;
            let none = undated.next_if(|&&u| u as usize == i).is_some();
            (!none).then_some(day)
        });
        let region = |i: &u32| facets.region_table.get(*i as usize).cloned();
        let regions = facets
            .regions
            .iter()
            .map(|r| r.iter().filter_map(region).collect());
        let topics = facets.topics.iter().map(|bits| {
            facets
                .topic_table
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && bits & (1 << i) != 0)
                .map(|(_, t)| t.clone())
                .collect()
        });
        Catalog::build(days, regions, topics, order)
    }

    fn build(
        days: impl Iterator<Item = Option<i64>>,
        regions: impl Iterator<Item = Vec<String>>,
        topics: impl Iterator<Item = Vec<String>>,
        order: &[String],
    ) -> Catalog {
        let days: Vec<i32> = days
            .map(|d| d.and_then(|d| i32::try_from(d).ok()).unwrap_or(UNDATED))
            .collect();
        let regions: Vec<Vec<String>> = regions.collect();
        let topics: Vec<Vec<String>> = topics.collect();
        let codes: Vec<String> = regions
            .iter()
            .flatten()
            .flat_map(|c| self_and_ancestors(c))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let code_index: HashMap<&str, u32> = codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u32))
            .collect();
        let used: BTreeSet<&String> = topics.iter().flatten().collect();
        let mut topic_table: Vec<String> =
            order.iter().filter(|t| used.contains(t)).cloned().collect();
        topic_table.extend(used.into_iter().filter(|t| !order.contains(t)).cloned());
        topic_table.truncate(64);
        let member = regions
            .iter()
            .map(|r| {
                let mut m: Vec<u32> = r
                    .iter()
                    .flat_map(|c| self_and_ancestors(c))
                    .map(|c| code_index[c.as_str()])
                    .collect();
                m.sort_unstable();
                m.dedup();
                m
            })
            .collect();
        let topic_bits = topics
            .iter()
            .map(|t| {
                t.iter()
                    .filter_map(|t| topic_table.iter().position(|x| x == t))
                    .fold(0u64, |m, i| m | 1 << i)
            })
            .collect();
        Catalog {
            codes,
            topics: topic_table,
            days,
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
        let d = *self.days.get(i as usize)?;
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
    /// ascending article numbers; None when there is no search text), in
    /// the query's order.
    pub fn results(&self, query: &Query, hits: Option<&[u32]>) -> Vec<u32> {
        let f = self.filter(query, hits);
        let mut out: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| f.text(i) && f.region(self, i) && f.topic(self, i) && f.date(self, i))
            .collect();
        match query.sort {
            // Stable: the same day keeps bundle order.
            Sort::Newest => out.sort_by_key(|&i| std::cmp::Reverse(self.days[i as usize])),
            Sort::Oldest => {
                out.sort_by_key(|&i| (self.days[i as usize] == UNDATED, self.days[i as usize]))
            }
        }
        out
    }

    /// The counts beside the results of `query`: for regions and topics,
    /// the number of results toggling each value would give; for dates,
    /// the articles of each year (and month of the chosen year) under the
    /// other filters.
    pub fn counts(&self, query: &Query, hits: Option<&[u32]>) -> Counts {
        let f = self.filter(query, hits);
        let all = || (0..self.len() as u32).filter(|&i| f.text(i));
        let regions = toggle_counts(
            all()
                .filter(|&i| f.topic(self, i) && f.date(self, i))
                .map(|i| self.member[i as usize].iter().copied()),
            &f.regions,
            query.regions.len(),
            self.codes.len(),
        );
        let topics = toggle_counts(
            all()
                .filter(|&i| f.region(self, i) && f.date(self, i))
                .map(|i| bits(self.topic_bits[i as usize])),
            &bit_list(f.topic_mask),
            query.topics.len(),
            self.topics.len(),
        );
        let (mut years, mut months) = (BTreeMap::new(), BTreeMap::new());
        let year = f.dates.map(|(from, _)| civil(from).0);
        for i in all().filter(|&i| f.region(self, i) && f.topic(self, i)) {
            let d = self.days[i as usize];
            if d == UNDATED {
                continue;
            }
            let (y, m, _) = civil(d);
            *years.entry(y).or_insert(0) += 1;
            if Some(y) == year {
                *months.entry(m).or_insert(0) += 1;
            }
        }
        Counts {
            regions: self.codes.iter().cloned().zip(regions).collect(),
            topics: self.topics.iter().cloned().zip(topics).collect(),
            years,
            months,
        }
    }

    fn filter(&self, query: &Query, hits: Option<&[u32]>) -> Filter {
        let text = hits.map(|h| {
            let mut set = vec![false; self.len()];
            for &i in h {
                if let Some(s) = set.get_mut(i as usize) {
                    *s = true;
                }
            }
            set
        });
        // A chosen value no article has still narrows (to nothing).
        let regions: Vec<u32> = query
            .regions
            .iter()
            .filter_map(|c| self.codes.binary_search(c).ok())
            .map(|i| i as u32)
            .collect();
        let topic_mask = query
            .topics
            .iter()
            .filter_map(|t| self.topics.iter().position(|x| x == t))
            .fold(0u64, |m, i| m | 1 << i);
        Filter {
            text,
            region_on: !query.regions.is_empty(),
            regions,
            topic_on: !query.topics.is_empty(),
            topic_mask,
            dates: date_range(&query.date),
        }
    }
}

struct Filter {
    text: Option<Vec<bool>>,
    region_on: bool,
    regions: Vec<u32>,
    topic_on: bool,
    topic_mask: u64,
    /// Days, inclusive.
    dates: Option<(i32, i32)>,
}

impl Filter {
    fn text(&self, i: u32) -> bool {
        self.text.as_ref().map_or(true, |t| t[i as usize])
    }
    fn region(&self, c: &Catalog, i: u32) -> bool {
        !self.region_on
            || self
                .regions
                .iter()
                .any(|r| c.member[i as usize].binary_search(r).is_ok())
    }
    fn topic(&self, c: &Catalog, i: u32) -> bool {
        !self.topic_on || c.topic_bits[i as usize] & self.topic_mask != 0
    }
    fn date(&self, c: &Catalog, i: u32) -> bool {
        self.dates
            .map_or(true, |(from, to)| (from..=to).contains(&c.days[i as usize]))
    }
}

fn bits(mask: u64) -> impl Iterator<Item = u32> + Clone {
    (0..64u32).filter(move |b| mask & (1 << b) != 0)
}

fn bit_list(mask: u64) -> Vec<u32> {
    bits(mask).collect()
}

/// The days of a year (`2018`) or month (`2018-03`), inclusive.
fn date_range(date: &str) -> Option<(i32, i32)> {
    let day = |s: String| days_of(&s).and_then(|d| i32::try_from(d).ok());
    match date.len() {
        4 => Some((day(format!("{date}-01-01"))?, day(format!("{date}-12-31"))?)),
        7 => {
            let from = day(format!("{date}-01"))?;
            let (y, m, _) = civil(from);
            let next = if m == 12 {
                format!("{:04}-01-01", y + 1)
            } else {
                format!("{y:04}-{:02}-01", m + 1)
            };
            Some((from, day(next)? - 1))
        }
        _ => None,
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian).
pub fn date_string(days: i32) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day).
pub fn civil(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}

/// [`crate::query`]'s toggle counts over value numbers `0..n`: one pass
/// over the articles meeting the other facets (each as its values here,
/// sorted and distinct), with `selected` values OR-ed. `chosen` is how
/// many values the reader chose, known to the catalogue or not.
fn toggle_counts<A, V>(base: A, selected: &[u32], chosen: usize, n: usize) -> Vec<usize>
where
    A: Iterator<Item = V>,
    V: Iterator<Item = u32> + Clone,
{
    let mut counts = vec![0usize; n];
    let mut only = vec![0usize; n];
    let (mut total, mut matching) = (0, 0);
    for values in base {
        total += 1;
        let mut hits = values.clone().filter(|v| selected.contains(v));
        match (hits.next(), hits.next()) {
            (None, _) => values.for_each(|v| {
                if let Some(c) = counts.get_mut(v as usize) {
                    *c += 1;
                }
            }),
            (Some(one), None) => {
                matching += 1;
                only[one as usize] += 1;
            }
            (Some(_), Some(_)) => matching += 1,
        }
    }
    (0..n)
        .map(|v| {
            if !selected.contains(&(v as u32)) {
                counts[v] + matching
            } else if chosen == 1 {
                total
            } else {
                matching - only[v]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::build;
    use crate::query::{Facet, Index};
    use crate::Article;
    use proptest::prelude::*;

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
        /// are the sizes of the toggled queries' results.
        #[test]
        fn answers_equal_the_reference_index(
            tags in prop::collection::vec((prop::collection::vec(0..6usize, 0..3), prop::collection::vec(0..4usize, 0..3), any::<bool>(), 0..7u8), 0..14),
            regions in prop::collection::vec(prop::sample::select(vec!["330200", "330000", "330211", "331126", "330102", "990000"]), 0..3),
            topics in prop::collection::vec(prop::sample::select(TOPICS.to_vec()), 0..3),
            date in prop::sample::select(vec!["", "2020", "2019", "2020-02", "2020-01", "2021-05", "1969", "1969-12"]),
            search in any::<bool>(),
        ) {
            let b = bundle(&tags);
            let index = Index::new(&b);
            let mut query = Query::from_params(Some(&regions.join(",")), Some(&topics.join(",")), search.then_some("匠"));
            query.topics.sort();
            query.topics.dedup();
            let hits = index.text_hits(&query.text);
            let files: HashMap<String, Vec<u8>> = build(&b, 4, 4, 8).into_iter().collect();
            let manifest: crate::archive::Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
            let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
            let from_archive = Catalog::from_facets(&facets, &[]);
            let catalog = Catalog::from_bundle(&b);
            let reference: Vec<u32> = index.results(&query).into_iter().map(|i| i as u32).collect();
            prop_assert_eq!(sorted(catalog.results(&query, hits.as_deref())), reference.clone());
            prop_assert_eq!(sorted(from_archive.results(&query, hits.as_deref())), reference);
            let dated = Query { date: date.to_string(), ..query.clone() };
            let counts = catalog.counts(&dated, hits.as_deref());
            prop_assert_eq!(&counts, &from_archive.counts(&dated, hits.as_deref()));
            for (code, n) in &counts.regions {
                prop_assert_eq!(*n, catalog.results(&dated.toggled(Facet::Region, code), hits.as_deref()).len(), "region {}", code);
            }
            for (id, n) in &counts.topics {
                prop_assert_eq!(*n, catalog.results(&dated.toggled(Facet::Topic, id), hits.as_deref()).len(), "topic {}", id);
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
