//! What the reader asked for (regions, topics, search text), which articles
//! answer it, and the facet counts beside it.
//!
//! Semantics: OR within a facet, AND across facets and search terms. An
//! article tagged with a street also belongs to its county, city and
//! province. A facet value's count is the number of articles answering the
//! other facets and the search that have that value (a chosen value shows
//! its own number, as a shop's filters do). Choosing a place (or topic)
//! inside a chosen one replaces it (`Query::toggled_with`).

use crate::bundle::{self_and_ancestors, Article, Bundle};
use crate::search::{fold, terms};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Deref;

/// The reader's question, as carried in the URL (`?region=330825&topic=training&q=工匠`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub regions: Vec<String>,
    pub topics: Vec<String>,
    pub text: String,
    /// `""`, a year (`2018`) or a month (`2018-03`).
    pub date: String,
    pub sort: Sort,
    /// The page of results, from 1 (0 is read as 1).
    pub page: usize,
}

/// The order of the results. Articles of the same day keep the order
/// they have in the bundle (their order on the printed page).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
}

impl Query {
    /// From the URL's parameters; lists are comma-separated.
    pub fn from_params(region: Option<&str>, topic: Option<&str>, q: Option<&str>) -> Query {
        let list = |s: Option<&str>| -> Vec<String> {
            let mut v: Vec<String> = s
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect();
            v.dedup();
            v
        };
        Query {
            regions: list(region),
            topics: list(topic),
            text: q.unwrap_or("").to_string(),
            ..Query::default()
        }
    }

    /// From the URL's parameters, by name (`region`, `topic`, `q`, `date`, `sort`, `p`).
    pub fn from_url(get: impl Fn(&str) -> Option<String>) -> Query {
        let mut q = Query::from_params(
            get("region").as_deref(),
            get("topic").as_deref(),
            get("q").as_deref(),
        );
        let date = get("date").unwrap_or_default();
        let valid = |d: &str| match d.len() {
            4 => d.bytes().all(|b| b.is_ascii_digit()),
            7 => crate::date::is_date(&format!("{d}-01")),
            _ => false,
        };
        if valid(&date) {
            q.date = date;
        }
        q.sort = if get("sort").as_deref() == Some("old") {
            Sort::Oldest
        } else {
            Sort::Newest
        };
        q.page = get("p").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
        q
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> usize {
        self.page.max(1)
    }

    /// This query on its first page (what any change of filter or search does).
    pub fn first_page(mut self) -> Query {
        self.page = 1;
        self
    }

    /// This query with the date filter set to `date` (`""` for any date).
    pub fn with_date(&self, date: &str) -> Query {
        Query {
            date: date.to_string(),
            ..self.clone()
        }
        .first_page()
    }

    /// `?region=…&topic=…&q=…`, or the empty string when nothing is asked.
    pub fn to_search(&self) -> String {
        let mut parts = Vec::new();
        if !self.regions.is_empty() {
            parts.push(format!("region={}", encode(&self.regions.join(","))));
        }
        if !self.topics.is_empty() {
            parts.push(format!("topic={}", encode(&self.topics.join(","))));
        }
        // Not trimmed: the reader may be typing a second term after a space.
        if !self.text.trim().is_empty() {
            parts.push(format!("q={}", encode(&self.text)));
        }
        if !self.date.is_empty() {
            parts.push(format!("date={}", encode(&self.date)));
        }
        if self.sort == Sort::Oldest {
            parts.push("sort=old".into());
        }
        if self.page() > 1 {
            parts.push(format!("p={}", self.page()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The list's address, from the site's root: a page of its own for
    /// one region (`/r/<code>/`) or one topic (`/t/<id>/`) alone, on its
    /// first page in the default order (the pages a static build writes),
    /// else `/` with the query string.
    pub fn href_path(&self) -> String {
        let plain = |v: &str| {
            !v.is_empty()
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        };
        let defaults = self.text.trim().is_empty()
            && self.date.is_empty()
            && self.sort == Sort::Newest
            && self.page() == 1;
        match (self.regions.as_slice(), self.topics.as_slice()) {
            ([code], []) if defaults && plain(code) => format!("/r/{code}/"),
            ([], [topic]) if defaults && plain(topic) => format!("/t/{topic}/"),
            _ => format!("/{}", self.to_search()),
        }
    }

    /// Whether nothing narrows the list (sort and page aside).
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
            && self.topics.is_empty()
            && self.text.trim().is_empty()
            && self.date.is_empty()
    }

    /// The search text, when it is all that narrows the list (no place,
    /// topic or date chosen).
    pub fn search_alone(&self) -> Option<&str> {
        let text = self.text.trim();
        let others = self.regions.is_empty() && self.topics.is_empty() && self.date.is_empty();
        (!text.is_empty() && others).then_some(text)
    }

    /// This query with `value` added to or removed from a facet's selection,
    /// places in their tree (by their codes), topics without their groups
    /// (see [`Query::toggled_with`]).
    pub fn toggled(&self, facet: Facet, value: &str) -> Query {
        self.toggled_with(facet, value, |_| None)
    }

    /// This query with `value` added to or removed from a facet's selection.
    /// A value added replaces those it lies in and those inside it (a
    /// place's by its code, a topic's group by `topic_parent`): choosing
    /// 镇海区 with 宁波市 chosen narrows the list to 镇海区, choosing 宁波市
    /// with 镇海区 chosen widens it to the city, and likewise a topic and its
    /// group (chosen values are OR-ed, so keeping both would change nothing).
    pub fn toggled_with(
        &self,
        facet: Facet,
        value: &str,
        topic_parent: impl Fn(&str) -> Option<String>,
    ) -> Query {
        let mut q = self.clone();
        // (A few steps at most: a bad bundle's groups may form a loop.)
        let above = |v: &str| -> Vec<String> {
            match facet {
                Facet::Region => self_and_ancestors(v).skip(1).collect(),
                Facet::Topic => std::iter::successors(topic_parent(v), |t| topic_parent(t))
                    .take(8)
                    .collect(),
            }
        };
        let list = match facet {
            Facet::Region => &mut q.regions,
            Facet::Topic => &mut q.topics,
        };
        if list.iter().any(|v| v == value) {
            list.retain(|v| v != value);
        } else {
            let over = above(value);
            list.retain(|c| !over.contains(c) && !above(c).iter().any(|p| p == value));
            list.push(value.to_string());
        }
        q.first_page()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    Region,
    Topic,
}

/// Percent-encodes a URL query value (UTF-8; keeps unreserved characters and `,`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A region in the facet tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionNode {
    pub code: String,
    /// 0 for the top level shown (usually the province).
    pub depth: usize,
    pub children: Vec<RegionNode>,
}

/// A bundle prepared for querying: search text folded once. `B` is how
/// the bundle is held: `&Bundle`, `Arc<Bundle>`, …
pub struct Index<B: Deref<Target = Bundle>> {
    pub bundle: B,
    /// Per article: every code it belongs to (its tags and their ancestors).
    regions: Vec<BTreeSet<String>>,
    /// Per article: its searchable text, folded, fields separated by NUL
    /// so a term never spans two fields.
    haystacks: Vec<String>,
}

/// An article's searchable text, folded; fields apart (NUL) so no match spans two.
pub(crate) fn haystack(a: &Article) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(a.kicker.as_deref());
    parts.push(&a.title);
    parts.extend(a.subtitle.as_deref());
    parts.extend(a.byline.as_ref().map(|b| b.text.as_str()));
    parts.extend(a.blocks.iter().map(|b| b.text.as_str()));
    fold(&parts.join("\0"))
}

impl<B: Deref<Target = Bundle>> Index<B> {
    pub fn new(bundle: B) -> Index<B> {
        let regions = bundle
            .articles
            .iter()
            .map(|a| {
                a.regions
                    .iter()
                    .flat_map(|c| self_and_ancestors(c))
                    .collect()
            })
            .collect();
        let haystacks = bundle.articles.iter().map(haystack).collect();
        Index {
            bundle,
            regions,
            haystacks,
        }
    }

    fn text_matches(&self, i: usize, terms: &[String]) -> bool {
        terms.iter().all(|t| self.haystacks[i].contains(t.as_str()))
    }

    fn region_matches(&self, i: usize, selected: &[String]) -> bool {
        selected.is_empty() || selected.iter().any(|r| self.regions[i].contains(r))
    }

    fn topic_matches(&self, i: usize, selected: &[String]) -> bool {
        selected.is_empty()
            || selected
                .iter()
                .any(|t| self.bundle.articles[i].topics.contains(t))
    }

    /// Indices of the articles answering `query`, in bundle order.
    pub fn results(&self, query: &Query) -> Vec<usize> {
        let terms = terms(&query.text);
        (0..self.bundle.articles.len())
            .filter(|&i| {
                self.text_matches(i, &terms)
                    && self.region_matches(i, &query.regions)
                    && self.topic_matches(i, &query.topics)
            })
            .collect()
    }

    /// For every region in the tree: how many of the articles answering
    /// the query's other filters (text, topics) lie in it.
    pub fn region_counts(&self, query: &Query) -> BTreeMap<String, usize> {
        let terms = terms(&query.text);
        let base = (0..self.bundle.articles.len())
            .filter(|&i| self.text_matches(i, &terms) && self.topic_matches(i, &query.topics));
        value_counts(base.map(|i| self.regions[i].iter()), self.all_regions())
    }

    /// For every topic used: how many of the articles answering the
    /// query's other filters (text, regions) have it.
    pub fn topic_counts(&self, query: &Query) -> BTreeMap<String, usize> {
        let terms = terms(&query.text);
        let base = (0..self.bundle.articles.len())
            .filter(|&i| self.text_matches(i, &terms) && self.region_matches(i, &query.regions));
        value_counts(
            base.map(|i| self.bundle.articles[i].topics.iter()),
            self.all_topics(),
        )
    }

    /// Every region code the articles belong to, with ancestors.
    pub fn all_regions(&self) -> BTreeSet<String> {
        self.regions.iter().flatten().cloned().collect()
    }

    /// Every topic id the articles use, in first-use order of the taxonomy
    /// dictionary when it names them, else by id.
    pub fn all_topics(&self) -> Vec<String> {
        let used: BTreeSet<&String> = self
            .bundle
            .articles
            .iter()
            .flat_map(|a| &a.topics)
            .collect();
        let mut out: Vec<String> = self
            .bundle
            .topics
            .keys()
            .filter(|t| used.contains(t))
            .cloned()
            .collect();
        out.extend(
            used.into_iter()
                .filter(|t| !self.bundle.topics.contains_key(*t))
                .cloned(),
        );
        out
    }

    /// The regions as a tree (province → city → county → town). Codes whose
    /// parent is not present become roots, so nothing is dropped.
    pub fn region_tree(&self) -> Vec<RegionNode> {
        region_tree(&self.all_regions())
    }

    /// The articles whose text has every term of `text`, ascending; None
    /// when `text` has no term (every article answers).
    pub fn text_hits(&self, text: &str) -> Option<Vec<u32>> {
        let terms = terms(text);
        (!terms.is_empty()).then(|| {
            (0..self.haystacks.len())
                .filter(|&i| self.text_matches(i, &terms))
                .map(|i| i as u32)
                .collect()
        })
    }
}

/// Region codes as a tree (province → city → county → town). Codes whose
/// parent is not among them become roots, so nothing is dropped.
pub fn region_tree(all: &BTreeSet<String>) -> Vec<RegionNode> {
    // Each code's children, found once (in code order, as `all` is).
    let mut roots = Vec::new();
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for code in all {
        match crate::bundle::parent_code(code).and_then(|p| all.get(&p)) {
            Some(p) => children.entry(p.as_str()).or_default().push(code),
            None => roots.push(code.as_str()),
        }
    }
    fn build(code: &str, depth: usize, children: &HashMap<&str, Vec<&str>>) -> RegionNode {
        RegionNode {
            code: code.to_string(),
            depth,
            children: children
                .get(code)
                .map(|cs| cs.iter().map(|c| build(c, depth + 1, children)).collect())
                .unwrap_or_default(),
        }
    }
    roots.iter().map(|c| build(c, 0, &children)).collect()
}

/// For each of `all`: in how many of `base` (each an article's values) it is.
fn value_counts<'a, A, V>(base: A, all: impl IntoIterator<Item = String>) -> BTreeMap<String, usize>
where
    A: Iterator<Item = V>,
    V: Iterator<Item = &'a String>,
{
    // Inserted, not collected: see catalog::insert.
    let mut counts = BTreeMap::new();
    for v in all {
        counts.insert(v, 0);
    }
    for values in base {
        // A value listed twice in one article counts once.
        let mut values: Vec<&String> = values.collect();
        values.sort_unstable();
        values.dedup();
        for v in values {
            if let Some(n) = counts.get_mut(v.as_str()) {
                *n += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_region_or_one_topic_alone_has_a_page_of_its_own() {
        let q =
            |r: Option<&str>, t: Option<&str>, text: Option<&str>| Query::from_params(r, t, text);
        assert_eq!(q(Some("330100"), None, None).href_path(), "/r/330100/");
        assert_eq!(q(None, Some("training"), None).href_path(), "/t/training/");
        assert_eq!(q(None, None, None).href_path(), "/");
        assert_eq!(
            q(Some("330100,330200"), None, None).href_path(),
            "/?region=330100,330200"
        );
        assert_eq!(
            q(Some("330100"), Some("training"), None).href_path(),
            "/?region=330100&topic=training"
        );
        assert_eq!(
            q(Some("330100"), None, Some("工会")).href_path(),
            "/?region=330100&q=%E5%B7%A5%E4%BC%9A"
        );
        let second = Query {
            page: 2,
            ..q(Some("330100"), None, None)
        };
        assert_eq!(second.href_path(), "/?region=330100&p=2");
        assert_eq!(q(Some("../x"), None, None).href_path(), "/?region=..%2Fx");
    }

    use super::*;
    use crate::bundle::{Block, BlockKind};

    fn article(id: &str, title: &str, regions: &[&str], topics: &[&str]) -> Article {
        let mut a: Article =
            serde_json::from_value(serde_json::json!({"id": id, "title": title, "blocks": []}))
                .unwrap();
        a.regions = regions.iter().map(|s| s.to_string()).collect();
        a.topics = topics.iter().map(|s| s.to_string()).collect();
        a.blocks = vec![Block::new(
            BlockKind::Paragraph,
            format!("{title}的正文,关于职工。"),
        )];
        a
    }

    fn bundle() -> Bundle {
        Bundle::new(vec![
            article(
                "a",
                "镇海、龙游工会结盟",
                &["330211", "330825"],
                &["cooperation", "services"],
            ),
            article("b", "苍南县培训基地", &["330327"], &["training"]),
            article("c", "庆元工匠出炉", &["331126"], &["craftsmen", "honors"]),
            article(
                "d",
                "小营答卷",
                &["330102004"],
                &["organization", "services"],
            ),
            article("e", "小港朋友圈", &["330206002"], &["organization"]),
        ])
    }

    fn ids(index: &Index<&Bundle>, q: &Query) -> Vec<String> {
        index
            .results(q)
            .into_iter()
            .map(|i| index.bundle.articles[i].id.clone())
            .collect()
    }

    #[test]
    fn a_street_counts_under_its_county_and_city() {
        let b = bundle();
        let index = Index::new(&b);
        assert_eq!(
            ids(&index, &Query::from_params(Some("330102"), None, None)),
            ["d"]
        );
        assert_eq!(
            ids(&index, &Query::from_params(Some("330100"), None, None)),
            ["d"]
        );
        assert_eq!(
            ids(&index, &Query::from_params(Some("330200"), None, None)),
            ["a", "e"],
            "宁波: 镇海 and 小港"
        );
        assert_eq!(
            index
                .results(&Query::from_params(Some("330000"), None, None))
                .len(),
            5
        );
    }

    #[test]
    fn or_within_a_facet_and_across_facets() {
        let b = bundle();
        let index = Index::new(&b);
        assert_eq!(
            ids(
                &index,
                &Query::from_params(None, Some("training,honors"), None)
            ),
            ["b", "c"]
        );
        assert_eq!(
            ids(
                &index,
                &Query::from_params(Some("330200"), Some("services"), None)
            ),
            ["a"]
        );
        assert_eq!(
            ids(
                &index,
                &Query::from_params(Some("330200,330100"), Some("services"), Some("职工"))
            ),
            ["a", "d"]
        );
        assert!(ids(
            &index,
            &Query::from_params(Some("330300"), Some("honors"), None)
        )
        .is_empty());
    }

    #[test]
    fn counts_say_how_many_have_each_value() {
        let b = bundle();
        let index = Index::new(&b);
        let q = Query::from_params(None, Some("services"), None);
        let regions = index.region_counts(&q);
        assert_eq!(regions["330200"], 1, "宁波 ∧ services");
        assert_eq!(regions["330000"], 2);
        assert_eq!(regions["331126"], 0);
        let topics = index.topic_counts(&q);
        let alone = |t: &str| {
            index
                .results(&Query::from_params(None, Some(t), None))
                .len()
        };
        assert_eq!(
            topics["services"],
            alone("services"),
            "the chosen value: its own"
        );
        assert_eq!(
            topics["organization"],
            alone("organization"),
            "not services OR organization"
        );
        assert!(topics["services"] < 5, "not what unticking it gives");
    }

    #[test]
    fn a_search_alone_is_told_apart() {
        assert_eq!(
            Query::from_params(None, None, Some(" 工匠 ")).search_alone(),
            Some("工匠")
        );
        assert_eq!(
            Query::from_params(Some("330200"), None, Some("工匠")).search_alone(),
            None
        );
        assert_eq!(
            Query::from_params(None, None, Some("  ")).search_alone(),
            None
        );
    }

    #[test]
    fn a_place_chosen_inside_a_chosen_place_narrows() {
        let q = Query::from_params(Some("330200"), None, None);
        let zhenhai = q.toggled(Facet::Region, "330211");
        assert_eq!(zhenhai.regions, ["330211"], "宁波市 → 镇海区");
        let town = zhenhai.toggled(Facet::Region, "330211004");
        assert_eq!(town.regions, ["330211004"], "镇海区 → one of its streets");
        assert_eq!(
            town.toggled(Facet::Region, "330000").regions,
            ["330000"],
            "back out to the province"
        );
        let two = q.toggled(Facet::Region, "330100");
        assert_eq!(two.regions, ["330200", "330100"], "two cities: both");
        assert_eq!(
            two.toggled(Facet::Region, "330200").regions,
            ["330100"],
            "untick one"
        );
        // Topics, with their groups.
        let group = |t: &str| (t != "unions").then(|| "unions".to_string());
        let t = Query::from_params(None, Some("unions"), None);
        let services = t.toggled_with(Facet::Topic, "services", group);
        assert_eq!(services.topics, ["services"], "工会与职工 → 服务职工");
        let both = services.toggled_with(Facet::Topic, "honors", group);
        assert_eq!(both.topics, ["services", "honors"]);
        assert_eq!(
            both.toggled_with(Facet::Topic, "unions", group).topics,
            ["unions"]
        );
        // Without groups, topics are a flat list; a value listed twice goes at once.
        let t = Query::from_params(None, Some("training"), None);
        assert_eq!(
            t.toggled(Facet::Topic, "honors").topics,
            ["training", "honors"]
        );
        let twice = Query {
            regions: vec!["330200".into(), "330100".into(), "330200".into()],
            ..Query::default()
        };
        assert_eq!(twice.toggled(Facet::Region, "330200").regions, ["330100"]);
        // A looping bad bundle does not hang.
        let lp = |t: &str| {
            Some(if t == "a" {
                "b".to_string()
            } else {
                "a".to_string()
            })
        };
        assert_eq!(
            Query::default().toggled_with(Facet::Topic, "a", lp).topics,
            ["a"]
        );
        assert_eq!(
            t.toggled(Facet::Topic, "honors").topics,
            ["training", "honors"]
        );
    }

    #[test]
    fn a_value_listed_twice_counts_once() {
        let b = Bundle::new(vec![article(
            "x",
            "标题",
            &["330211", "330211"],
            &["craftsmen", "craftsmen"],
        )]);
        let index = Index::new(&b);
        assert_eq!(index.topic_counts(&Query::default())["craftsmen"], 1);
        assert_eq!(index.region_counts(&Query::default())["330211"], 1);
    }

    #[test]
    fn search_is_substring_and_folded() {
        let b = bundle();
        let index = Index::new(&b);
        assert_eq!(
            ids(&index, &Query::from_params(None, None, Some("匠"))),
            ["c"]
        );
        assert_eq!(
            ids(&index, &Query::from_params(None, None, Some("镇海,龙游"))),
            ["a"]
        );
        assert_eq!(
            ids(
                &index,
                &Query::from_params(None, None, Some(" 工会  结盟 "))
            ),
            ["a"]
        );
        assert_eq!(
            index
                .results(&Query::from_params(None, None, Some("   ")))
                .len(),
            5
        );
    }

    #[test]
    fn region_tree_nests_every_level() {
        let b = bundle();
        let index = Index::new(&b);
        let tree = index.region_tree();
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].code, "330000");
        let hangzhou = tree[0]
            .children
            .iter()
            .find(|c| c.code == "330100")
            .unwrap();
        assert_eq!(hangzhou.children[0].code, "330102");
        assert_eq!(hangzhou.children[0].children[0].code, "330102004");
        assert_eq!(hangzhou.children[0].children[0].depth, 3);
    }

    #[test]
    fn places_of_other_provinces_sit_under_their_own_province() {
        let all: BTreeSet<String> = [
            "330000", "330100", "310000", "310107", "360000", "360100", "360103",
        ]
        .map(String::from)
        .into();
        let tree = region_tree(&all);
        let roots: Vec<&str> = tree.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(roots, ["310000", "330000", "360000"]);
        assert_eq!(
            tree[0].children[0].code, "310107",
            "a district of 上海 under 上海"
        );
        assert_eq!(
            tree[2].children[0].children[0].code, "360103",
            "南昌's 西湖区"
        );
    }

    #[test]
    fn unknown_codes_are_kept_as_roots() {
        let b = Bundle::new(vec![article("x", "外省", &["110105"], &["mystery"])]);
        let index = Index::new(&b);
        let roots: Vec<String> = index.region_tree().into_iter().map(|n| n.code).collect();
        assert_eq!(roots, ["110000"]);
        assert_eq!(index.all_topics(), ["mystery"]);
    }

    #[test]
    fn url_round_trip() {
        let q = Query::from_params(Some("330825,330211"), Some("training"), Some("工匠 精神"));
        assert_eq!(
            q.to_search(),
            "?region=330825,330211&topic=training&q=%E5%B7%A5%E5%8C%A0%20%E7%B2%BE%E7%A5%9E"
        );
        assert_eq!(Query::default().to_search(), "");
        assert_eq!(q.toggled(Facet::Region, "330825").regions, ["330211"]);
        assert_eq!(
            q.toggled(Facet::Topic, "honors").topics,
            ["training", "honors"]
        );
        let params = [
            ("date", "2018-03"),
            ("sort", "old"),
            ("p", "3"),
            ("q", "工会"),
        ];
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        };
        let q = Query::from_url(get);
        assert_eq!(
            (q.date.as_str(), q.sort, q.page()),
            ("2018-03", Sort::Oldest, 3)
        );
        assert_eq!(
            q.to_search(),
            "?q=%E5%B7%A5%E4%BC%9A&date=2018-03&sort=old&p=3"
        );
        assert_eq!(
            q.toggled(Facet::Topic, "x").page(),
            1,
            "a new filter starts at page 1"
        );
        let bad = Query::from_url(|k| Some(if k == "p" { "-2" } else { "2018-13" }.to_string()));
        assert_eq!((bad.date.as_str(), bad.page()), ("", 1));
    }
}

#[cfg(test)]
mod count_properties {
    use super::*;
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

    fn bundle(tags: &[(Vec<usize>, Vec<usize>, bool)]) -> Bundle {
        let articles = tags
            .iter()
            .enumerate()
            .map(|(i, (r, t, word))| {
                let mut a: Article = serde_json::from_value(serde_json::json!({
                    "id": format!("a{i}"), "title": if *word { "工匠" } else { "工会" },
                    "blocks": [{"kind": "paragraph", "text": "正文。"}]
                }))
                .unwrap();
                a.regions = r.iter().map(|&x| REGIONS[x].to_string()).collect();
                a.topics = t.iter().map(|&x| TOPICS[x].to_string()).collect();
                a
            })
            .collect();
        Bundle::new(articles)
    }

    proptest! {
        /// However chosen, no two chosen places lie one in the other.
        #[test]
        fn chosen_places_never_nest(
            clicks in prop::collection::vec(prop::sample::select(vec!["330000", "330200", "330211", "330211004", "330100", "330102", "110105", "110000"]), 0..12),
        ) {
            let mut q = Query::default();
            for c in clicks {
                q = q.toggled(Facet::Region, c);
                for a in &q.regions {
                    for b in &q.regions {
                        prop_assert!(a == b || !self_and_ancestors(a).any(|p| &p == b), "{} in {}", a, b);
                    }
                }
            }
        }

        /// The one-pass counts equal the definition: the size of the
        /// results with each value alone chosen in its facet.
        #[test]
        fn counts_equal_the_results_of_each_value_alone(
            tags in prop::collection::vec((prop::collection::vec(0..6usize, 0..3), prop::collection::vec(0..4usize, 0..3), any::<bool>()), 0..12),
            regions in prop::collection::vec(prop::sample::select(vec!["330200", "330000", "330211", "331126", "330102"]), 0..3),
            topics in prop::collection::vec(prop::sample::select(TOPICS.to_vec()), 0..3),
            search in any::<bool>(),
        ) {
            let b = bundle(&tags);
            let index = Index::new(&b);
            let mut query = Query::from_params(Some(&regions.join(",")), Some(&topics.join(",")), search.then_some("匠"));
            query.regions.dedup();
            query.topics.sort_unstable();
            query.topics.dedup();
            for (code, n) in index.region_counts(&query) {
                let alone = Query { regions: vec![code.clone()], ..query.clone() };
                prop_assert_eq!(n, index.results(&alone).len(), "region {}", code);
            }
            for (id, n) in index.topic_counts(&query) {
                let alone = Query { topics: vec![id.clone()], ..query.clone() };
                prop_assert_eq!(n, index.results(&alone).len(), "topic {}", id);
            }
        }
    }
}
