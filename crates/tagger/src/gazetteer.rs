//! Places: the gazetteer file and region tagging.
//!
//! The gazetteer (`crates/cli/data/gazetteer.tsv`, written by `cargo xtask
//! gazetteer`) holds every division of mainland China: its code, name,
//! pinyin and short forms, the former names of divisions merged or renamed
//! since 2000, tile positions for the reader's map, and the words tagging
//! needs (organisation suffixes, words for the paper's home region, words
//! that hide a place name). Its format is in the file's header.
//!
//! Tagging ([`Gazetteer::tag`]) finds every name of a province, city or
//! county (and former names) in one pass, resolves the names that several
//! places share by their context, then looks for the towns and streets of
//! the cities and counties found, and keeps the places the article is about.

use crate::scan::{fields, Field, Matcher, Tally};
use benbao_core::bundle::level_of;
pub use benbao_core::bundle::parent_code;
use benbao_core::{Article, Hit, Level, TagEvidence};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Weight of a match in the headline; a body match counts 1.
const HEADLINE_WEIGHT: u32 = 3;
/// A place needs at least this score: a headline match, three in the body,
/// or one as the name of an organisation (义乌市总工会) or of the place an
/// event is held (在邯郸启动).
const MIN_SCORE: u32 = 3;
/// …and at least this share of the article's best place's score: places
/// named in passing beside the subject are not what the article is about.
/// (The one place the headline names, and the place of an event in the
/// lead, need only [`MIN_SCORE`]: a province's score holds all its cities'
/// and its own 全省.)
const RELATIVE: f64 = 0.25;

/// How far after a venue's name (在|邯郸|启动) its verb may come, in characters.
const VENUE_REACH: usize = 16;
/// The lead, where a venue counts: the headline and the body's first
/// characters (a venue further down is one of many in a longer story).
const LEAD_CHARS: usize = 150;

// How a name that several places share is resolved (the highest wins):
/// the place named right before it encloses it (舟山|普陀区, 南昌|西湖区);
const CONTEXT_ADJACENT: i32 = 100;
/// a place enclosing it is named elsewhere in the article;
const CONTEXT_ANCESTOR: i32 = 20;
/// another place of the same city is named (unambiguously);
const CONTEXT_SAME_CITY: i32 = 4;
/// …of the same province;
const CONTEXT_SAME_PROVINCE: i32 = 2;
/// it lies in the paper's home province (ties go home).
const CONTEXT_HOME: i32 = 3;

/// One place of the gazetteer. Its strings point into the gazetteer's
/// text, which lives as long as the program (45,000 places: one allocation
/// each would cost more than the whole load budget).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub code: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub pinyin: &'static str,
    /// Short forms and other names the press uses (杭州 for 杭州市).
    pub aliases: Vec<&'static str>,
    /// Short forms that are ordinary words (天台, 江山, 路桥): read as this
    /// place only in a paper whose home region holds it or lies in it.
    pub home_aliases: Vec<&'static str>,
}

/// What [`Gazetteer::find`] found in an article.
#[derive(Debug)]
pub struct Found {
    /// The most specific places the article is about, with their evidence.
    pub places: Vec<TagEvidence>,
    /// Whether it names a place outside the paper's home region (any place,
    /// when no home is given).
    pub elsewhere: bool,
}

/// A name a division had before it was merged or renamed.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Former {
    pub name: String,
    /// The division that holds its area today.
    pub successor: String,
    pub year: u32,
    pub aliases: Vec<String>,
}

/// What a name found in the text stands for.
#[derive(Clone, Debug)]
enum Target {
    /// Any of these places (indices into `places`), to be resolved.
    Places(Vec<usize>),
    /// The paper's home region at this level (我省, 本市, 全县).
    Home(Level),
    /// A word that hides a place name inside it (中山路).
    Blocked,
}

pub struct Gazetteer {
    places: Vec<Place>,
    /// Place index → its parent's index.
    parents: Vec<Option<usize>>,
    /// Code (as a number) → place index.
    by_code: CodeIndex,
    former: Vec<Former>,
    /// City code → its tile [column, row] on its province's map.
    tiles: BTreeMap<String, [u32; 2]>,
    org_suffixes: Vec<String>,
    /// Words that hide a place name inside them, also when one begins
    /// inside an earlier match (县委|和县政府: 委和县).
    blocked: Vec<String>,
    /// The longest blocked word, in bytes: how far back one can begin.
    blocked_reach: usize,
    /// What comes right before (在, 于) and, in the same clause, after
    /// (举行, 启动) the name of the place where an event is held.
    venue_before: Vec<String>,
    venue_verbs: Vec<String>,
    /// Words ending in 在/于 that are not a venue's (正在, 关于).
    venue_not: Vec<String>,
    /// A dateline's words around the place it was filed from (本报|渭源|讯):
    /// that place is where the story is, like a venue.
    dateline_before: Vec<String>,
    dateline_after: Vec<String>,
    /// What ends a road's name (路, 大街): a short form right before one
    /// names the road (杭州路, 北关街), not the place…
    road_suffixes: Vec<String>,
    /// …unless the word is one of these (杭州街头, 去杭州路上).
    road_not: Vec<String>,
    /// (wrong, right): place names a character converter gets wrong.
    simplified_fixes: Vec<(String, String)>,
    /// The provinces, cities and counties, their former names and the
    /// rule words, in one matcher; values index `targets`.
    matcher: Matcher,
    targets: Vec<Target>,
    /// Place index → the towns and streets under it (for cities and counties).
    towns: Vec<Vec<usize>>,
    /// Place index → a matcher of its towns' names, built when first needed.
    town_matchers: Vec<OnceLock<Option<Box<TownMatcher>>>>,
    /// Home region → its [`HomeIndex`] (built when first needed).
    home_indexes: Vec<OnceLock<Option<Box<HomeIndex>>>>,
    /// Home-only short form → every place that has it (西湖: 杭州's and 南昌's).
    home_alias_places: HashMap<String, Vec<usize>>,
    /// Provinces with cities under them (all but the municipalities).
    provinces_with_cities: Vec<usize>,
    /// Suffixes that end a town's name (街道, 镇, 乡): a short form right
    /// before one is part of a town's name (罗山街道 is not 罗山县).
    town_suffixes: Vec<String>,
    /// What also ends some towns' names (北京's 马坊地区) but in text is no
    /// sign of a town (龙泉地区 is the area of 龙泉).
    area_suffixes: Vec<String>,
    /// Every town's and street's full name.
    town_names: HashSet<&'static str>,
}

/// The towns, streets and home-only short forms of a home region's province.
struct HomeIndex {
    matcher: Matcher,
    /// Per pattern: a home-only short form of a place in the home region.
    words: Vec<bool>,
    /// Per pattern: the towns of the province with this name (true) or short form.
    towns: Vec<Vec<(usize, bool)>>,
    /// Per pattern: the one town of the home region with this full name.
    unique_in_home: Vec<Option<usize>>,
}

/// A town's name found by the home pass.
struct TownHit<'a> {
    field: Field,
    text: &'a str,
    start: usize,
    end: usize,
    pattern: usize,
}

struct TownMatcher {
    matcher: Matcher,
    /// Pattern → town (place index).
    town: Vec<usize>,
}

/// The chosen places of an article's names, before scoring.
struct Mention<'a> {
    field: Field,
    text: &'a str,
    /// Byte offsets in the field's text.
    start: usize,
    end: usize,
    candidates: Vec<usize>,
    /// A place's name, not a word for the home region (我市).
    named: bool,
    /// Named as an organisation's place (义乌市总工会).
    org: bool,
    /// Named, in the headline or the lead, as the place an event is held
    /// (在邯郸启动).
    venue: bool,
    /// A word for the home province (全省, 我省), read as the home's.
    home_province_word: bool,
}

impl Mention<'_> {
    /// An organisation's place or an event's: strong evidence even once.
    fn strong(&self) -> bool {
        self.org || self.venue
    }
}

impl Gazetteer {
    /// Reads a gazetteer file read at run time (kept for the program's life).
    pub fn from_tsv_owned(name: &str, text: String) -> Result<Gazetteer, String> {
        Gazetteer::from_tsv(name, Box::leak(text.into_boxed_str()))
    }

    /// Reads a gazetteer file (format in `crates/cli/data/gazetteer.tsv`'s
    /// header); `name` is used in error messages, with the line.
    pub fn from_tsv(name: &str, text: &'static str) -> Result<Gazetteer, String> {
        let mut places = Vec::new();
        let mut former = Vec::new();
        let mut tiles = BTreeMap::new();
        let mut words: HashMap<&str, Vec<String>> = HashMap::default();
        let mut cols: Vec<&'static str> = Vec::with_capacity(8);
        let mut lines = Lines::default();
        for (i, line) in text.lines().enumerate() {
            let at = |msg: String| format!("{name}:{}: {msg}", i + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            cols.clear();
            cols.extend(line.split('\t'));
            let list = |s: Option<&&'static str>| -> Vec<&'static str> {
                s.map(|s| s.split(' ').filter(|w| !w.is_empty()).collect())
                    .unwrap_or_default()
            };
            let strings = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
            match cols[0] {
                "~" => {
                    let [_, name, successor, year, ..] = cols[..] else {
                        return Err(at(
                            "a former name needs: ~, name, successor code, year".into()
                        ));
                    };
                    let year = year
                        .parse()
                        .map_err(|_| at(format!("year {year:?} is not a number")))?;
                    lines.former.push(i + 1);
                    former.push(Former {
                        name: name.to_string(),
                        successor: successor.to_string(),
                        year,
                        aliases: strings(list(cols.get(4))),
                    });
                }
                "@" => {
                    let [_, _province, code, col, row] = cols[..] else {
                        return Err(at("a tile needs: @, province, code, column, row".into()));
                    };
                    let n = |s: &str| {
                        s.parse::<u32>()
                            .map_err(|_| at(format!("{s:?} is not a tile position")))
                    };
                    tiles.insert(code.to_string(), [n(col)?, n(row)?]);
                    lines.tiles.insert(code.to_string(), i + 1);
                }
                w if w.starts_with('!') => {
                    words.insert(w, strings(list(cols.get(1))));
                    lines.words.entry(w).or_insert(i + 1);
                }
                code => {
                    let [_, name, pinyin, ..] = cols[..] else {
                        return Err(at(
                            "a place needs: code, name, pinyin, short forms (tab-separated)".into(),
                        ));
                    };
                    let Some(level) = level_of(code) else {
                        return Err(at(format!(
                            "{code:?} is not a division code (6 digits, or 9 for a town or street)"
                        )));
                    };
                    lines.places.push(i + 1);
                    places.push(Place {
                        code,
                        name,
                        level,
                        pinyin,
                        aliases: list(cols.get(3)),
                        home_aliases: list(cols.get(4)),
                    });
                }
            }
        }
        let mut take = |key: &str| words.remove(key).unwrap_or_default();
        let rules = Rules {
            blocked: take("!block"),
            town_suffixes: take("!town-suffix"),
            area_suffixes: take("!area-suffix"),
            org_suffixes: take("!org"),
            venue_before: take("!venue-before"),
            venue_verbs: take("!venue-verb"),
            venue_not: take("!venue-not"),
            dateline_before: take("!dateline-before"),
            dateline_after: take("!dateline-after"),
            road_suffixes: take("!road"),
            road_not: take("!road-not"),
            simplified_fixes: take("!simplified-fix"),
            home: [
                (Level::Province, take("!home-province")),
                (Level::City, take("!home-city")),
                (Level::County, take("!home-county")),
            ],
        };
        if let Some(key) = words.keys().next() {
            return Err(format!(
                "{name}:{}: unknown line kind {key:?}; see the file's header for the kinds",
                lines.words[key]
            ));
        }
        Gazetteer::new(places, former, tiles, rules, &lines).map_err(|(line, e)| match line {
            Some(line) => format!("{name}:{line}: {e}"),
            None => format!("{name}: {e}"),
        })
    }

    /// Checks and indexes what `from_tsv` read; an error comes with the
    /// line it is about, when there is one.
    fn new(
        places: Vec<Place>,
        former: Vec<Former>,
        tiles: BTreeMap<String, [u32; 2]>,
        rules: Rules,
        lines: &Lines,
    ) -> Result<Gazetteer, (Option<usize>, String)> {
        let at = |i: usize| lines.places.get(i).copied();
        for (i, p) in places.iter().enumerate() {
            if p.name.trim_ascii().is_empty() || p.pinyin.trim_ascii().is_empty() {
                return Err((
                    at(i),
                    format!("place {}: name and pinyin must not be empty", p.code),
                ));
            }
        }
        let by_code = CodeIndex::build(&places).map_err(|i| {
            (
                at(i),
                format!(
                    "place {} {}: the code appears twice",
                    places[i].code, places[i].name
                ),
            )
        })?;
        let mut parents: Vec<Option<usize>> = Vec::with_capacity(places.len());
        for (i, p) in places.iter().enumerate() {
            parents.push(match parent_key(p.code) {
                None => None,
                Some(parent) => match by_code.get(parent) {
                    Some(i) => Some(i),
                    None => {
                        return Err((
                            at(i),
                            format!(
                                "place {} {}: its parent {} is not in the gazetteer",
                                p.code,
                                p.name,
                                parent_code(p.code).unwrap_or_default()
                            ),
                        ))
                    }
                },
            });
        }
        let mut towns: Vec<Vec<usize>> = vec![Vec::new(); places.len()];
        for (i, p) in places.iter().enumerate() {
            if p.level == Level::Town {
                // A town is in the scope of its county, city and province.
                let mut up = parents[i];
                while let Some(a) = up {
                    towns[a].push(i);
                    up = parents[a];
                }
            }
        }
        for (i, f) in former.iter().enumerate() {
            if by_code.get(key(&f.successor)).is_none() {
                return Err((
                    lines.former.get(i).copied(),
                    format!(
                        "former name {}: its successor {} is not in the gazetteer",
                        f.name, f.successor
                    ),
                ));
            }
        }
        for code in tiles.keys() {
            if by_code.get(key(code)).map(|i| places[i].level) != Some(Level::City) {
                return Err((
                    lines.tiles.get(code).copied(),
                    format!("tile {code}: not a city of the gazetteer"),
                ));
            }
        }

        // One pattern per distinct name; a name several places share lists them all.
        let mut index: HashMap<String, usize> = HashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        let mut add = |name: &str, target: Target| -> Result<(), String> {
            if name.trim_ascii().is_empty() {
                return Err("an empty name or word".into());
            }
            match index.get(name) {
                Some(&p) => match (&mut targets[p], target) {
                    (Target::Places(list), Target::Places(more)) => {
                        for m in more {
                            if !list.contains(&m) {
                                list.push(m);
                            }
                        }
                    }
                    // A rule word wins over a place's name.
                    (slot @ Target::Places(_), t) => *slot = t,
                    _ => {}
                },
                None => {
                    index.insert(name.to_string(), patterns.len());
                    patterns.push(name.to_string());
                    targets.push(target);
                }
            }
            Ok(())
        };
        for (i, p) in places.iter().enumerate() {
            if p.level == Level::Town {
                continue;
            }
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                add(name, Target::Places(vec![i]))
                    .map_err(|e| (at(i), format!("place {}: {e}", p.code)))?;
            }
        }
        for f in &former {
            let i = by_code.get(key(&f.successor)).expect("checked above");
            for name in std::iter::once(&f.name).chain(&f.aliases) {
                add(name, Target::Places(vec![i])).map_err(|e| (None, e))?;
            }
        }
        for w in &rules.blocked {
            add(w, Target::Blocked).map_err(|e| (None, e))?;
        }
        for (level, list) in &rules.home {
            for w in list {
                add(w, Target::Home(*level)).map_err(|e| (None, e))?;
            }
        }
        let matcher = Matcher::new(&patterns).map_err(|e| (None, format!("names: {e}")))?;
        let town_matchers = (0..places.len()).map(|_| OnceLock::new()).collect();
        let mut provinces_with_cities: Vec<usize> = Vec::new();
        for p in places.iter().filter(|p| p.level == Level::City) {
            if let Some(province) = parent_code(p.code).and_then(|c| by_code.get(key(&c))) {
                if !provinces_with_cities.contains(&province) {
                    provinces_with_cities.push(province);
                }
            }
        }
        let mut home_alias_places: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, p) in places.iter().enumerate() {
            if p.level != Level::Town {
                for a in &p.home_aliases {
                    home_alias_places.entry(a.to_string()).or_default().push(i);
                }
            }
        }
        let home_indexes = (0..places.len()).map(|_| OnceLock::new()).collect();
        let town_names = places
            .iter()
            .filter(|p| p.level == Level::Town)
            .map(|p| p.name)
            .collect();
        Ok(Gazetteer {
            places,
            parents,
            by_code,
            former,
            tiles,
            org_suffixes: rules.org_suffixes,
            venue_before: rules.venue_before,
            venue_verbs: rules.venue_verbs,
            venue_not: rules.venue_not,
            blocked_reach: rules.blocked.iter().map(String::len).max().unwrap_or(0),
            blocked: rules.blocked,
            dateline_before: rules.dateline_before,
            dateline_after: rules.dateline_after,
            road_suffixes: rules.road_suffixes,
            road_not: rules.road_not,
            simplified_fixes: rules
                .simplified_fixes
                .iter()
                .filter_map(|f| f.split_once('='))
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            matcher,
            targets,
            towns,
            town_matchers,
            home_indexes,
            home_alias_places,
            provinces_with_cities,
            town_suffixes: rules.town_suffixes,
            area_suffixes: rules.area_suffixes,
            town_names,
        })
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn former_names(&self) -> &[Former] {
        &self.former
    }

    pub fn place(&self, code: &str) -> Option<&Place> {
        self.by_code.get(key(code)).map(|i| &self.places[i])
    }

    /// A city's tile [column, row] on its province's map, if it has one.
    pub fn tile(&self, code: &str) -> Option<[u32; 2]> {
        self.tiles.get(code).copied()
    }

    /// `text` (converted from traditional characters) with the place
    /// names converters get wrong put right (渖阳 → 沈阳).
    pub fn fix_simplified(&self, text: &mut String) {
        for (wrong, right) in &self.simplified_fixes {
            if text.contains(wrong.as_str()) {
                *text = text.replace(wrong.as_str(), right);
            }
        }
    }

    /// The cities with a tile under `province`.
    pub fn tiled_cities(&self, province: &str) -> Vec<&Place> {
        self.tiles
            .keys()
            .filter(|c| parent_code(c).as_deref() == Some(province))
            .filter_map(|c| self.place(c))
            .collect()
    }

    /// The most specific places `article` is about, with evidence, by code;
    /// `home` is the paper's home region (a code), if known.
    ///
    /// Rules: every name of a province, city or county is found (longest
    /// first, so 龙泉驿 is not 龙泉); a name several places share goes to the
    /// one its context supports (see the `CONTEXT_` weights), else it is
    /// left out; then the towns and streets of the cities and counties found
    /// are looked for. A headline match weighs [`HEADLINE_WEIGHT`], a body
    /// match 1, a name used as an organisation's at least [`MIN_SCORE`]; a
    /// place's score includes its sub-places'. A place needs [`MIN_SCORE`]
    /// and [`RELATIVE`] of the best score, and is dropped when one of its
    /// sub-places is kept (it is implied).
    pub fn tag(&self, article: &Article, home: Option<&str>) -> Vec<TagEvidence> {
        self.settle(self.find(article, home), home)
    }

    /// A city's, county's or municipality's paper's article that names no place, or only
    /// places of the paper's home region none of which stands out, is about
    /// the home region: a city paper's story of 高新区 or 市中心 is that
    /// city's. An article that names a place elsewhere is not given the
    /// home (a trap stays off it), nor is one of a province's paper, which
    /// prints national news as often as its own.
    pub fn settle(&self, found: Found, home: Option<&str>) -> Vec<TagEvidence> {
        match home.and_then(|h| self.place(h)) {
            Some(h)
                if found.places.is_empty()
                    && !found.elsewhere
                    && self
                        .by_code
                        .get(key(h.code))
                        .is_some_and(|i| self.is_local(i)) =>
            {
                vec![TagEvidence {
                    tag: h.code.to_string(),
                    score: 0,
                    matches: vec![Hit {
                        text: h.name.to_string(),
                        field: "home".to_string(),
                        count: 1,
                    }],
                }]
            }
            _ => found.places,
        }
    }

    /// The places [`Gazetteer::tag`] keeps, before the home region is given
    /// to an article that names none.
    pub fn find(&self, article: &Article, home: Option<&str>) -> Found {
        let home: Vec<usize> = home
            .and_then(|h| self.by_code.get(key(h)))
            .map(|h| self.self_and_ancestors(h).collect())
            .unwrap_or_default();
        let texts = fields(article);
        // Where the lead ends in each text: all of the headline, the body's
        // first LEAD_CHARS characters.
        let mut lead_ends: Vec<usize> = Vec::with_capacity(texts.len());
        let mut body_chars = 0;
        for &(field, text) in &texts {
            lead_ends.push(match field {
                Field::Headline => text.len(),
                Field::Body if body_chars >= LEAD_CHARS => 0,
                Field::Body => {
                    let left = LEAD_CHARS - body_chars;
                    body_chars += text.chars().take(left).count();
                    text.char_indices().nth(left).map_or(text.len(), |(i, _)| i)
                }
            });
        }
        let in_lead = |text: &str, start: usize| {
            texts
                .iter()
                .zip(&lead_ends)
                .any(|(&(_, t), &e)| std::ptr::eq(t, text) && start < e)
        };
        let mut mentions = Vec::new();
        for &(field, text) in &texts {
            // Where the match before ended (matches do not overlap).
            let mut previous_end = 0;
            for (start, end, pattern) in self.matcher.find_iter(text) {
                let after_previous = std::mem::replace(&mut previous_end, end);
                let mut home_word = false;
                let candidates = match &self.targets[pattern] {
                    Target::Blocked => continue,
                    Target::Home(level) => {
                        // A county-level city's paper (义乌市) means itself by 我市.
                        let level = match home.first() {
                            Some(&h)
                                if *level == Level::City
                                    && self.places[h].level == Level::County
                                    && self.places[h].name.ends_with('市') =>
                            {
                                Level::County
                            }
                            _ => *level,
                        };
                        // A municipality's paper (上海) means itself by 本市.
                        let level = match home.last() {
                            Some(&p) if level == Level::City && !self.has_cities(p) => {
                                Level::Province
                            }
                            _ => level,
                        };
                        match home.iter().find(|&&h| self.places[h].level == level) {
                            Some(&h) => {
                                home_word = level == Level::Province;
                                vec![h]
                            }
                            None => continue,
                        }
                    }
                    Target::Places(list) => {
                        let name = &text[start..end];
                        let after = &text[end..];
                        // A blocked word that begins inside the match before
                        // (县委|和县: 委和县) still hides this name. (One that
                        // begins elsewhere was matched itself, being leftmost.)
                        let spans = |w: &String| {
                            w.len() > name.len()
                                && end.checked_sub(w.len()).is_some_and(|b| b < after_previous)
                                && text[..end].ends_with(w.as_str())
                        };
                        if after_previous > start.saturating_sub(self.blocked_reach)
                            && self.blocked.iter().any(spans)
                        {
                            continue;
                        }
                        // 罗山街道 is a town, not 罗山县; 宁波镇海区 is still 宁波.
                        let town_name = self.town_suffixes.iter().any(|s| {
                            after.starts_with(s.as_str())
                                && self.town_names.contains(&format!("{name}{s}") as &str)
                        });
                        // 杭州路, 北关街: a road named after a place, unless
                        // the name is in full (a town's 街道 is no road).
                        let road = !town_name
                            && self.is_road(after)
                            && !list.iter().any(|&k| self.places[k].name == name);
                        if road {
                            continue;
                        }
                        let list: Vec<usize> = list
                            .iter()
                            .copied()
                            .filter(|&k| self.places[k].name == name || !town_name)
                            .collect();
                        if list.is_empty() {
                            continue;
                        }
                        list
                    }
                };
                mentions.push(Mention {
                    field,
                    text,
                    start,
                    end,
                    named: !matches!(self.targets[pattern], Target::Home(_)),
                    candidates,
                    org: self.is_org(&text[end..]),
                    venue: in_lead(text, start) && self.is_venue(text, start, end),
                    home_province_word: home_word,
                });
            }
        }
        // One pass for the paper's home province: its towns and streets (a
        // county's or city's, counted once that place is found; by full name
        // alone when only one town in the home region has it), and the short
        // forms that are ordinary words elsewhere (天台, 江山).
        let home_index = home.first().and_then(|&h| self.home_index(h));
        let mut town_hits: Vec<TownHit> = Vec::new();
        if let Some(hi) = home_index {
            for &(field, text) in &texts {
                for (start, end, pattern) in hi.matcher.find_iter(text) {
                    let overlaps = mentions.iter().any(|o: &Mention| {
                        std::ptr::eq(o.text, text) && o.start < end && start < o.end
                    });
                    // Inside a larger place's name (龙泉 in 龙泉驿区)?
                    let inside = mentions.iter().any(|o: &Mention| {
                        std::ptr::eq(o.text, text) && o.start <= start && end <= o.end
                    });
                    // (A home-only short form before 路 names a road too: 天台路.)
                    if hi.words[pattern] && !overlaps && !self.is_road(&text[end..]) {
                        mentions.push(Mention {
                            field,
                            text,
                            start,
                            end,
                            // Every place with this form: context may still
                            // say another one (南昌|西湖 in a Zhejiang paper).
                            candidates: self.home_alias_places[&text[start..end]].clone(),
                            named: true,
                            org: self.is_org(&text[end..]),
                            venue: in_lead(text, start) && self.is_venue(text, start, end),
                            home_province_word: false,
                        });
                    }
                    if !hi.towns[pattern].is_empty() && !inside {
                        // A town's name holds any shorter name in it (盖北镇, not 北镇市).
                        for o in mentions.iter_mut().filter(|o| {
                            std::ptr::eq(o.text, text) && start <= o.start && o.end <= end
                        }) {
                            o.candidates.clear();
                        }
                        town_hits.push(TownHit {
                            field,
                            text,
                            start,
                            end,
                            pattern,
                        });
                    }
                }
            }
        }
        let home_province_idx = home.last().copied();
        let towns_named = |k: usize| -> usize {
            match home_index {
                Some(hi) if self.province_of(k) == home_province_idx => {
                    let mut seen: Vec<usize> = Vec::new();
                    for h in &town_hits {
                        for &(t, full) in &hi.towns[h.pattern] {
                            if full
                                && !seen.contains(&t)
                                && self.self_and_ancestors(t).skip(1).any(|a| a == k)
                            {
                                seen.push(t);
                            }
                        }
                    }
                    seen.len()
                }
                _ => self.towns_named(k, &texts),
            }
        };
        // An article whose headline or actor is another province (江西省总工会)
        // means that province by 全省, even in this paper.
        let other_province = mentions.iter().find_map(|m| match m.candidates[..] {
            [p] if !m.home_province_word
                && self.places[p].level == Level::Province
                && home.last() != Some(&p)
                && (m.strong() || m.field == Field::Headline) =>
            {
                Some(p)
            }
            _ => None,
        });
        if let Some(p) = other_province {
            for m in mentions.iter_mut().filter(|m| m.home_province_word) {
                m.candidates = vec![p];
            }
        }
        self.resolve(&mut mentions, &home, &towns_named);
        self.drop_unsupported_short_forms(&mut mentions, &home);

        let mut tallies: HashMap<usize, Tally> = HashMap::default();
        let count = |tallies: &mut HashMap<usize, Tally>, m: &Mention, place: usize| {
            let mut weight = if m.field == Field::Headline {
                HEADLINE_WEIGHT
            } else {
                1
            };
            if m.strong() {
                weight = weight.max(MIN_SCORE);
            }
            tallies
                .entry(place)
                .or_default()
                .add(m.field, &m.text[m.start..m.end], weight);
        };
        for m in &mentions {
            if let [place] = m.candidates[..] {
                count(&mut tallies, m, place);
            }
        }
        // Towns and streets, within the cities and counties found.
        // A county's towns; a city's or a province's without cities (a
        // municipality: 上海 → 真如) when none of its places below is named.
        let scopes: Vec<usize> = tallies
            .keys()
            .copied()
            .filter(|&p| match self.places[p].level {
                Level::County => true,
                Level::City => !tallies.keys().any(|&q| self.parent_of(q) == Some(p)),
                Level::Province => {
                    !self.has_cities(p) && !tallies.keys().any(|&q| self.parent_of(q) == Some(p))
                }
                Level::Town => false,
            })
            .collect();
        let in_scope = |t: usize| {
            self.self_and_ancestors(t)
                .skip(1)
                .any(|a| scopes.contains(&a))
        };
        // The places named in the headline (not by a home word), and the
        // towns named right after their county or city (门头沟斋堂镇).
        let mut in_headline: Vec<usize> = mentions
            .iter()
            .filter(|m| m.field == Field::Headline && m.named)
            .filter_map(|m| match m.candidates[..] {
                [p] if self.places[p].level != Level::Province => Some(p),
                _ => None,
            })
            .collect();
        let mut chained: Vec<usize> = Vec::new();
        let follows_parent = |text: &str, start: usize, town: usize| {
            mentions.iter().any(|o| {
                std::ptr::eq(o.text, text)
                    && o.end == start
                    && o.candidates
                        .iter()
                        .any(|&c| self.self_and_ancestors(town).skip(1).any(|a| a == c))
            })
        };
        // In the home province, from the home pass.
        if let Some(hi) = home_index {
            for h in &town_hits {
                let list = &hi.towns[h.pattern];
                let scoped: Vec<usize> = list
                    .iter()
                    .map(|&(t, _)| t)
                    .filter(|&t| in_scope(t))
                    .collect();
                let town = match scoped[..] {
                    [t] => t,
                    [] => match hi.unique_in_home[h.pattern] {
                        Some(t) => t,
                        None => continue,
                    },
                    _ => continue,
                };
                let mention = Mention {
                    field: h.field,
                    text: h.text,
                    start: h.start,
                    end: h.end,
                    candidates: vec![],
                    named: true,
                    org: self.is_org(&h.text[h.end..]),
                    venue: in_lead(h.text, h.start) && self.is_venue(h.text, h.start, h.end),
                    home_province_word: false,
                };
                if follows_parent(h.text, h.start, town) {
                    chained.push(town);
                }
                if h.field == Field::Headline {
                    in_headline.push(town);
                }
                count(&mut tallies, &mention, town);
            }
        }
        // Where the names of provinces, cities and counties are.
        let names: Vec<(&str, usize, usize)> =
            mentions.iter().map(|m| (m.text, m.start, m.end)).collect();
        // Elsewhere, one county or city at a time.
        for scope in scopes {
            if home_index.is_some() && self.province_of(scope) == home_province_idx {
                continue;
            }
            let Some(tm) = self.town_matcher(scope) else {
                continue;
            };
            for &(field, text) in &texts {
                for (start, end, pattern) in tm.matcher.find_iter(text) {
                    // Not inside a larger place's name (龙泉 in 龙泉驿区).
                    if names
                        .iter()
                        .any(|&(t, s, e)| std::ptr::eq(t, text) && s <= start && end <= e)
                    {
                        continue;
                    }
                    let town = tm.town[pattern];
                    let mention = Mention {
                        field,
                        text,
                        start,
                        end,
                        candidates: vec![],
                        named: true,
                        org: self.is_org(&text[end..]),
                        venue: in_lead(text, start) && self.is_venue(text, start, end),
                        home_province_word: false,
                    };
                    if follows_parent(text, start, town) {
                        chained.push(town);
                    }
                    if field == Field::Headline {
                        in_headline.push(town);
                    }
                    count(&mut tallies, &mention, town);
                }
            }
        }

        // The one town of an article, named right after its county or city
        // (门头沟斋堂镇), is where the story is, even named once.
        let towns: Vec<usize> = tallies
            .keys()
            .copied()
            .filter(|&p| self.places[p].level == Level::Town)
            .collect();
        if let [t] = towns[..] {
            if chained.contains(&t) {
                let tally = tallies.get_mut(&t).expect("a town of the tallies");
                tally.score = tally.score.max(MIN_SCORE);
            }
        }
        // A place's score includes its named sub-places'.
        let mut total: HashMap<usize, u32> = tallies.iter().map(|(&p, t)| (p, t.score)).collect();
        for (&p, t) in &tallies {
            for a in self.self_and_ancestors(p).skip(1) {
                if let Some(s) = total.get_mut(&a) {
                    *s += t.score;
                }
            }
        }
        let best = total.values().copied().max().unwrap_or(0);
        // The one place the headline names is what the article is about,
        // however much the rest says of its province (全省…决赛在邯郸启动).
        in_headline.sort_unstable();
        in_headline.dedup();
        // A headline naming a county and one of its towns (万载县…康乐街道)
        // names one place: the town.
        let enclosing: Vec<usize> = in_headline
            .iter()
            .flat_map(|&p| self.self_and_ancestors(p).skip(1))
            .collect();
        in_headline.retain(|p| !enclosing.contains(p));
        let headline_place = match in_headline[..] {
            [p] => Some(p),
            _ => None,
        };
        // …and so is the place the lead says the event is held at.
        let venues: Vec<usize> = mentions
            .iter()
            .filter(|m| m.named && m.venue)
            .filter_map(|m| match m.candidates[..] {
                [p] if self.places[p].level != Level::Province => Some(p),
                _ => None,
            })
            .collect();
        // The one town or street named (by its full name) in an article
        // about its county or city is what the article is about, even when
        // named once.
        let sole_town = match towns[..] {
            [t] if tallies[&t].has_text(self.places[t].name)
                && self.self_and_ancestors(t).skip(1).any(|a| {
                    matches!(self.places[a].level, Level::County | Level::City)
                        && total.get(&a).is_some_and(|&s| s >= MIN_SCORE)
                        // A city's or county's own paper is about its own towns.
                        || home.first() == Some(&a) && self.places[a].level != Level::Province
                }) =>
            {
                Some(t)
            }
            _ => None,
        };
        let mut kept: Vec<usize> = total
            .iter()
            .filter(|(&p, &s)| {
                Some(p) == sole_town
                    || s >= MIN_SCORE
                        && (Some(p) == headline_place
                            || venues.contains(&p)
                            || f64::from(s) >= RELATIVE * f64::from(best))
            })
            .map(|(&p, _)| p)
            .collect();
        // Nothing reached the bar: the one place of the paper's own region
        // that stands out is what a short item is about (台州日报: 黄岩区天长北路;
        // 荆楚网: 房县 twice). In a province's paper a place named once stays
        // a passing mention.
        let in_home = |p: usize| {
            home.first()
                .is_some_and(|&h| self.self_and_ancestors(p).any(|a| a == h))
        };
        let local_paper = home.first().is_some_and(|&h| self.is_local(h));
        if kept.is_empty() && !home.is_empty() {
            let top = total
                .iter()
                .filter(|(&p, _)| in_home(p))
                .map(|(_, &s)| s)
                .max()
                .filter(|&s| local_paper || s >= 2);
            let tops: Vec<usize> = total
                .iter()
                .filter(|(&p, &s)| in_home(p) && Some(s) == top)
                .map(|(&p, _)| p)
                .collect();
            if let [one] = tops[..] {
                kept.push(one);
            }
        }
        // Outside the home region and not enclosing it (a county paper's 廊坊
        // is its own city).
        let elsewhere = total.keys().any(|&p| {
            !in_home(p)
                && !home
                    .first()
                    .is_some_and(|&h| self.self_and_ancestors(h).any(|a| a == p))
        });
        let mut most_specific: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&p| {
                !kept
                    .iter()
                    .any(|&q| self.self_and_ancestors(q).skip(1).any(|a| a == p))
            })
            .collect();
        most_specific.sort_by(|&a, &b| self.places[a].code.cmp(self.places[b].code));
        let places = most_specific
            .into_iter()
            .map(|p| TagEvidence {
                tag: self.places[p].code.to_string(),
                score: total[&p],
                matches: tallies[&p].hits(),
            })
            .collect();
        Found { places, elsewhere }
    }

    /// Each mention that several places share keeps the one its context
    /// supports best; a tie that context cannot break leaves it empty.
    fn resolve(
        &self,
        mentions: &mut [Mention],
        home: &[usize],
        towns_named: &dyn Fn(usize) -> usize,
    ) {
        // Places named without doubt, and every place any name could be.
        let sure: Vec<usize> = mentions
            .iter()
            .filter(|m| m.candidates.len() == 1)
            .map(|m| m.candidates[0])
            .collect();
        let home_province = home.last().copied();
        let mut choices = Vec::with_capacity(mentions.len());
        for m in mentions.iter() {
            if m.candidates.len() < 2 {
                choices.push(None);
                continue;
            }
            let previous = mentions
                .iter()
                .find(|p| p.field == m.field && std::ptr::eq(p.text, m.text) && p.end == m.start);
            let score = |k: usize| -> i32 {
                let ancestors: Vec<usize> = self.self_and_ancestors(k).skip(1).collect();
                let mut s = 0;
                // Its towns and streets named in full (上海普陀区: 真如镇街道).
                s += CONTEXT_ANCESTOR * towns_named(k) as i32;
                if previous.is_some_and(|p| p.candidates.iter().any(|c| ancestors.contains(c))) {
                    s += CONTEXT_ADJACENT;
                }
                // A named city says more than a named province.
                for a in ancestors.iter().filter(|a| sure.contains(a)) {
                    s += match self.places[*a].level {
                        Level::Province => CONTEXT_ANCESTOR / 2,
                        _ => CONTEXT_ANCESTOR,
                    };
                }
                let (city, province) = (self.city_of(k), self.province_of(k));
                for &q in &sure {
                    if q == k || ancestors.contains(&q) {
                        continue;
                    }
                    if city.is_some() && self.city_of(q) == city {
                        s += CONTEXT_SAME_CITY;
                    } else if self.province_of(q) == province {
                        s += CONTEXT_SAME_PROVINCE;
                    }
                }
                if home_province.is_some() && province == home_province {
                    s += CONTEXT_HOME;
                }
                s
            };
            let scored: Vec<(i32, usize)> = m.candidates.iter().map(|&k| (score(k), k)).collect();
            let top = scored.iter().map(|s| s.0).max().unwrap_or(0);
            let tied: Vec<usize> = scored.iter().filter(|s| s.0 == top).map(|s| s.1).collect();
            // Among equals, a place that encloses the others (吉林省 over 吉林市),
            // else the highest level if only one has it.
            let highest = tied.iter().map(|&k| self.places[k].level).min();
            let at_highest: Vec<usize> = tied
                .iter()
                .copied()
                .filter(|&k| Some(self.places[k].level) == highest)
                .collect();
            choices.push(match at_highest[..] {
                [one] => Some(one),
                _ => None,
            });
        }
        for (m, choice) in mentions.iter_mut().zip(choices) {
            if m.candidates.len() > 1 {
                m.candidates = choice.into_iter().collect();
            }
        }
    }

    /// A county named only by its short form, outside the home province,
    /// with nothing else in the article pointing there (its full name, an
    /// organisation of it, a place enclosing it), is an ordinary word more
    /// often than a place far away: 资源 in a Zhejiang article is "resources",
    /// not 资源县 in Guangxi.
    fn drop_unsupported_short_forms(&self, mentions: &mut [Mention], home: &[usize]) {
        let home_province = home.last().copied();
        let named: Vec<usize> = mentions
            .iter()
            .flat_map(|m| m.candidates.iter().copied())
            .collect();
        let supported = |k: usize| -> bool {
            let p = &self.places[k];
            p.level != Level::County
                || home_province.is_some() && self.province_of(k) == home_province
                || self
                    .self_and_ancestors(k)
                    .skip(1)
                    .any(|a| named.contains(&a))
                || mentions.iter().any(|m| {
                    let text = &m.text[m.start..m.end];
                    m.candidates == [k] && (m.strong() || !p.aliases.contains(&text))
                })
        };
        let keep: Vec<bool> = mentions
            .iter()
            .map(|m| match m.candidates[..] {
                [k] => supported(k),
                _ => true,
            })
            .collect();
        for (m, keep) in mentions.iter_mut().zip(keep) {
            if !keep {
                m.candidates.clear();
            }
        }
    }

    /// How many of county or city `k`'s towns the texts name in full.
    fn towns_named(&self, k: usize, texts: &[(Field, &str)]) -> usize {
        if !matches!(self.places[k].level, Level::County | Level::City) {
            return 0;
        }
        let Some(tm) = self.town_matcher(k) else {
            return 0;
        };
        let mut seen: Vec<usize> = Vec::new();
        for &(_, text) in texts {
            for (start, end, pattern) in tm.matcher.find_iter(text) {
                let t = tm.town[pattern];
                if self.places[t].name == &text[start..end] && !seen.contains(&t) {
                    seen.push(t);
                }
            }
        }
        seen.len()
    }

    /// Whether a short form followed by `after` is a road's name (杭州路,
    /// 北关街), not the place (杭州街头, 杭州路段 are places, and 罗星街道
    /// goes on as a town's name).
    fn is_road(&self, after: &str) -> bool {
        let starts = |list: &[String]| list.iter().any(|w| after.starts_with(w.as_str()));
        starts(&self.road_suffixes) && !starts(&self.road_not) && !starts(&self.town_suffixes)
    }

    /// Whether a name followed by `after` is an organisation's place
    /// (义乌市|总工会).
    fn is_org(&self, after: &str) -> bool {
        self.org_suffixes
            .iter()
            .any(|s| after.starts_with(s.as_str()))
    }

    /// Whether the name at `text[start..end]` is where the reported event is
    /// held (在|邯郸|启动, 于|株洲市|…|开幕).
    fn is_venue(&self, text: &str, start: usize, end: usize) -> bool {
        let after = &text[end..];
        let before = &text[..start];
        // …also with a date between (本报富阳7月6日电).
        let undated = after.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "０１２３４５６７８９年月日".contains(c)
        });
        if self
            .dateline_before
            .iter()
            .any(|w| before.ends_with(w.as_str()))
            && self
                .dateline_after
                .iter()
                .any(|w| undated.starts_with(w.as_str()))
        {
            return true;
        }
        if self.venue_not.iter().any(|w| before.ends_with(w.as_str())) {
            return false;
        }
        if !self
            .venue_before
            .iter()
            .any(|w| before.ends_with(w.as_str()))
        {
            return false;
        }
        // The verb in the same clause, not far after the name.
        let clause = after
            .char_indices()
            .take(VENUE_REACH)
            .find(|&(_, c)| {
                matches!(
                    c,
                    '，' | '。' | '；' | '！' | '？' | ',' | ';' | '!' | '?' | '\n'
                )
            })
            .map_or_else(
                || {
                    after
                        .char_indices()
                        .nth(VENUE_REACH)
                        .map_or(after, |(i, _)| &after[..i])
                },
                |(i, _)| &after[..i],
            );
        self.venue_verbs.iter().any(|v| clause.contains(v.as_str()))
    }

    /// Whether town `p`'s name is one a reader uses: 开发区 and 工业园区 are
    /// statistical units, not names (a town's name ends in 街道, 镇, 乡…).
    fn is_named_town(&self, p: &Place) -> bool {
        self.town_suffixes
            .iter()
            .chain(&self.area_suffixes)
            .any(|s| p.name.ends_with(s.as_str()))
    }

    /// The names and short forms of the towns and streets in `scope`.
    fn town_matcher(&self, scope: usize) -> Option<&TownMatcher> {
        self.town_matchers[scope]
            .get_or_init(|| {
                let mut patterns = Vec::new();
                let mut town = Vec::new();
                for &t in &self.towns[scope] {
                    let p = &self.places[t];
                    if !self.is_named_town(p) {
                        continue;
                    }
                    for name in std::iter::once(&p.name).chain(&p.aliases) {
                        patterns.push(*name);
                        town.push(t);
                    }
                }
                // A name two towns of the scope share says neither.
                let mut owners: HashMap<&str, usize> = HashMap::default();
                for (p, &t) in patterns.iter().zip(&town) {
                    if *owners.entry(p).or_insert(t) != t {
                        owners.insert(p, usize::MAX);
                    }
                }
                let (patterns, town): (Vec<&str>, Vec<usize>) = patterns
                    .iter()
                    .zip(&town)
                    .filter(|(p, _)| owners[*p] != usize::MAX)
                    .map(|(p, &t)| (*p, t))
                    .unzip();
                let matcher = Matcher::new(&patterns).ok()?;
                Some(Box::new(TownMatcher { matcher, town }))
            })
            .as_deref()
    }

    /// The towns and streets of home region `h`'s province, and the home-only
    /// short forms of the places `h` holds and lies in.
    fn home_index(&self, h: usize) -> Option<&HomeIndex> {
        self.home_indexes[h]
            .get_or_init(|| {
                let code = self.places[h].code.trim_end_matches("00").to_string();
                let ancestors: Vec<usize> = self.self_and_ancestors(h).collect();
                let province = *ancestors.last()?;
                let mut index: HashMap<&str, usize> = HashMap::default();
                let mut patterns: Vec<&str> = Vec::new();
                let mut words: Vec<bool> = Vec::new();
                let mut towns: Vec<Vec<(usize, bool)>> = Vec::new();
                for (i, p) in self.places.iter().enumerate() {
                    if p.home_aliases.is_empty() || p.level == Level::Town {
                        continue;
                    }
                    if p.code.starts_with(&code) || ancestors.contains(&i) {
                        for a in &p.home_aliases {
                            let k = *index.entry(a).or_insert_with(|| {
                                patterns.push(a);
                                words.push(false);
                                towns.push(Vec::new());
                                patterns.len() - 1
                            });
                            words[k] = true;
                        }
                    }
                }
                for &t in &self.towns[province] {
                    let p = &self.places[t];
                    if !self.is_named_town(p) {
                        continue;
                    }
                    for (name, full) in
                        std::iter::once((&p.name, true)).chain(p.aliases.iter().map(|a| (a, false)))
                    {
                        let k = *index.entry(name).or_insert_with(|| {
                            patterns.push(name);
                            words.push(false);
                            towns.push(Vec::new());
                            patterns.len() - 1
                        });
                        towns[k].push((t, full));
                    }
                }
                let unique_in_home = towns
                    .iter()
                    .map(|list| {
                        let mine: Vec<usize> = list
                            .iter()
                            .filter(|&&(t, full)| full && self.places[t].code.starts_with(&code))
                            .map(|&(t, _)| t)
                            .collect();
                        match mine[..] {
                            [t] => Some(t),
                            _ => None,
                        }
                    })
                    .collect();
                let matcher = Matcher::new(&patterns).ok()?;
                Some(Box::new(HomeIndex {
                    matcher,
                    words,
                    towns,
                    unique_in_home,
                }))
            })
            .as_deref()
    }

    /// Whether `h` is a local paper's home: a city, county or town, or a
    /// municipality (北京, 上海: a city as much as a province).
    fn is_local(&self, h: usize) -> bool {
        self.places[h].level != Level::Province || !self.has_cities(h)
    }

    /// Whether any city lies under province `p` (a municipality has none).
    fn has_cities(&self, p: usize) -> bool {
        self.provinces_with_cities.contains(&p)
    }

    fn parent_of(&self, p: usize) -> Option<usize> {
        self.parents[p]
    }

    /// `p` and the places enclosing it, nearest first.
    fn self_and_ancestors(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(p), move |&q| self.parent_of(q))
    }

    fn city_of(&self, p: usize) -> Option<usize> {
        self.self_and_ancestors(p)
            .find(|&q| self.places[q].level == Level::City)
    }

    fn province_of(&self, p: usize) -> Option<usize> {
        self.self_and_ancestors(p).last()
    }
}

/// Code → place index: codes as numbers, sorted (the file is sorted by
/// code already), found by binary search.
struct CodeIndex {
    keys: Vec<(u64, usize)>,
}

impl CodeIndex {
    /// Err: the index of a place whose code another place has too.
    fn build(places: &[Place]) -> Result<CodeIndex, usize> {
        let mut keys: Vec<(u64, usize)> = places
            .iter()
            .enumerate()
            .map(|(i, p)| (key(p.code), i))
            .collect();
        // The generated file is sorted by code already.
        if !keys.windows(2).all(|w| w[0].0 < w[1].0) {
            keys.sort_unstable();
        }
        if let Some(w) = keys.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(w[0].1.max(w[1].1));
        }
        Ok(CodeIndex { keys })
    }

    fn get(&self, key: u64) -> Option<usize> {
        self.keys
            .binary_search_by_key(&key, |e| e.0)
            .ok()
            .map(|j| self.keys[j].1)
    }
}

/// [`key`] of [`parent_code`]; a town's (most places) without making a string.
fn parent_key(code: &str) -> Option<u64> {
    match code.len() {
        9 => Some(key(&code[..6])),
        6 if code.ends_with("0000") => None,
        6 => parent_code(code).map(|c| key(&c)),
        _ => None,
    }
}

/// A code as a number, for lookups (9-digit town codes fit; a malformed
/// code maps to a number no place has).
fn key(code: &str) -> u64 {
    if code.len() > 12 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return u64::MAX;
    }
    // The length is part of the key: 330000 and 000330000 differ.
    code.bytes()
        .fold(code.len() as u64, |n, b| n * 10 + u64::from(b - b'0'))
}

/// Where `from_tsv` read each entry, for messages.
#[derive(Default)]
struct Lines {
    places: Vec<usize>,
    former: Vec<usize>,
    tiles: BTreeMap<String, usize>,
    words: HashMap<&'static str, usize>,
}

struct Rules {
    blocked: Vec<String>,
    town_suffixes: Vec<String>,
    area_suffixes: Vec<String>,
    org_suffixes: Vec<String>,
    venue_before: Vec<String>,
    venue_verbs: Vec<String>,
    venue_not: Vec<String>,
    dateline_before: Vec<String>,
    dateline_after: Vec<String>,
    road_suffixes: Vec<String>,
    road_not: Vec<String>,
    simplified_fixes: Vec<String>,
    home: [(Level, Vec<String>); 3],
}

#[cfg(test)]
mod tests {
    use super::*;
    use benbao_core::{Block, BlockKind};

    /// A small gazetteer in the file's format, with the traps the tagger must avoid.
    const G: &str = "\
# test
!block\t中山路
!org\t总工会 工会
!town-suffix\t街道 镇 乡
!home-province\t我省 全省
!home-city\t我市 本市
!home-county\t全县
330000\t浙江省\tZhejiang\t浙江
330100\t杭州市\tHangzhou\t杭州
330106\t西湖区\tXihu\t
330200\t宁波市\tNingbo\t宁波
330206\t北仑区\tBeilun\t北仑
330206002\t新碶街道\tXinqi\t新碶
330206003\t小港街道\tXiaogang\t小港
330212\t鄞州区\tYinzhou\t鄞州
330211\t镇海区\tZhenhai\t镇海
330400\t嘉兴市\tJiaxing\t嘉兴
330421\t嘉善县\tJiashan\t嘉善
330421002\t罗星街道\tLuoxing\t罗星
330700\t金华市\tJinhua\t金华
330782\t义乌市\tYiwu\t义乌
330900\t舟山市\tZhoushan\t舟山
330903\t普陀区\tPutuo\t普陀
331022\t三门县\tSanmen\t三门
331000\t台州市\tTaizhou\t台州
331181\t龙泉市\tLongquan\t龙泉
331100\t丽水市\tLishui\t丽水
310000\t上海市\tShanghai\t上海
310107\t普陀区\tPutuo\t普陀
320000\t江苏省\tJiangsu\t江苏
320100\t南京市\tNanjing\t南京
360000\t江西省\tJiangxi\t江西
360100\t南昌市\tNanchang\t南昌
360103\t西湖区\tXihu\t
410000\t河南省\tHenan\t河南
411200\t三门峡市\tSanmenxia\t三门峡
510000\t四川省\tSichuan\t四川
510100\t成都市\tChengdu\t成都
510112\t龙泉驿区\tLongquanyi\t龙泉驿
~\t江东区\t330212\t2016\t
@\t330000\t330100\t1\t1
";

    fn g() -> Gazetteer {
        Gazetteer::from_tsv("g.tsv", G).unwrap()
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

    fn codes(a: &Article, home: Option<&str>) -> Vec<String> {
        g().tag(a, home).into_iter().map(|e| e.tag).collect()
    }

    const ZJ: Option<&str> = Some("330000");

    #[test]
    fn a_named_ancestor_resolves_a_shared_name() {
        let a = article(
            "南昌西湖区工会慰问环卫工人",
            &["南昌市西湖区总工会走访了一线职工。"],
        );
        assert_eq!(codes(&a, ZJ), ["360103"]);
        let a = article(
            "西湖区工会慰问环卫工人",
            &["杭州西湖区总工会走访了一线职工。"],
        );
        assert_eq!(codes(&a, ZJ), ["330106"]);
    }

    #[test]
    fn the_home_province_breaks_a_tie() {
        let a = article("普陀区职工运动会开幕", &["普陀区的职工参加了比赛。"]);
        assert_eq!(codes(&a, ZJ), ["330903"]);
        let a = article("上海普陀区职工运动会开幕", &["普陀区的职工参加了比赛。"]);
        assert_eq!(codes(&a, ZJ), ["310107"], "上海 named before it");
        let a = article("普陀区职工运动会开幕", &["普陀区的职工参加了比赛。"]);
        assert!(codes(&a, None).is_empty(), "no home, no context: left out");
    }

    #[test]
    fn longer_names_win_at_word_boundaries() {
        let a = article("成都龙泉驿区举办职工技能赛", &["龙泉驿的职工参赛。"]);
        assert_eq!(codes(&a, ZJ), ["510112"]);
        let a = article("三门峡市职工书画展开幕", &["三门峡的职工作品。"]);
        assert_eq!(codes(&a, ZJ), ["411200"]);
    }

    #[test]
    fn home_words_follow_the_paper() {
        let a = article("我省表彰一批先进职工", &["全省各级工会推荐。"]);
        assert_eq!(codes(&a, ZJ), ["330000"]);
        assert_eq!(
            codes(&a, Some("320000")),
            ["320000"],
            "a Jiangsu paper's 我省"
        );
        assert!(codes(&a, None).is_empty());
        let a = article("江苏省总工会召开全委会", &["全省各级工会要抓好落实。"]);
        assert_eq!(
            codes(&a, ZJ),
            ["320000"],
            "全省 after 江苏省总工会 is Jiangsu"
        );
        let a = article("本市职工疗休养启动", &["我市各工会组织职工。"]);
        assert_eq!(
            codes(&a, Some("330206")),
            ["330200"],
            "a district paper's 本市 is its city"
        );
        assert_eq!(
            codes(&a, Some("330782")),
            ["330782"],
            "a county-level city's paper means itself"
        );
    }

    #[test]
    fn a_place_before_a_town_suffix_stays_unless_they_make_a_town() {
        let a = article("浙江乡村振兴大会召开", &["浙江乡村的职工代表参加。"]);
        assert_eq!(codes(&a, ZJ), ["330000"], "浙江乡村 is no town");
        let a = article("小港街道职工之家", &["北仑小港街道,北仑小港街道。"]);
        let ev = g().tag(&a, ZJ);
        assert!(
            ev.iter().all(|e| e.tag != "330206"),
            "小港 is 小港街道's: {ev:?}"
        );
    }

    #[test]
    fn a_municipalitys_paper_means_itself_by_this_city() {
        let a = article("本市职工疗休养启动", &["全市各工会组织职工。"]);
        assert_eq!(codes(&a, Some("310000")), ["310000"]);
        assert_eq!(
            codes(&a, Some("310107")),
            ["310000"],
            "a district paper of 上海"
        );
    }

    #[test]
    fn an_organisation_of_a_place_is_strong_evidence() {
        let a = article("爱心早餐", &["义乌市总工会为环卫工人送上早餐。"]);
        assert_eq!(codes(&a, ZJ), ["330782"]);
        let a = article("爱心早餐", &["来自义乌市的游客。"]);
        assert!(codes(&a, ZJ).is_empty(), "named once in passing");
    }

    #[test]
    fn former_names_land_on_todays_code() {
        let a = article("江东区工会开展职工培训", &["江东区各街道。"]);
        assert_eq!(codes(&a, ZJ), ["330212"]);
        let ev = g().tag(&a, ZJ);
        assert_eq!(ev[0].matches[0].text, "江东区");
    }

    #[test]
    fn towns_are_found_within_their_county() {
        let a = article(
            "小港街道总工会建起职工之家",
            &["北仑区小港街道总工会今年新建了职工之家。"],
        );
        assert_eq!(codes(&a, ZJ), ["330206003"]);
        let a = article(
            "小港街道总工会建起职工之家",
            &["小港街道总工会今年新建了职工之家。"],
        );
        assert!(
            codes(&a, None).is_empty(),
            "no county or city named: a town of that name could be anywhere"
        );
        assert_eq!(
            codes(&a, ZJ),
            ["330206003"],
            "the only 小港街道 in the paper's home province"
        );
        let a = article("新碶职工之家", &["新碶的职工之家。新碶、新碶。"]);
        assert!(
            codes(&a, ZJ).is_empty(),
            "a town's short form needs its county or city named"
        );
        let a = article("嘉善罗星街道探索联建", &["罗星街道在嘉善。"]);
        assert_eq!(codes(&a, ZJ), ["330421002"]);
    }

    #[test]
    fn passing_mentions_drop_and_sub_places_imply_their_parents() {
        let a = article("镇海工会活动", &["镇海职工到嘉善休养。镇海、镇海。"]);
        assert_eq!(codes(&a, ZJ), ["330211"]);
        let a = article("镇海、嘉善工会结盟", &["镇海和嘉善两地。"]);
        assert_eq!(codes(&a, ZJ), ["330211", "330421"]);
        let a = article("杭州市开展培训", &["在杭州。"]);
        assert_eq!(codes(&a, ZJ), ["330100"]);
    }

    #[test]
    fn a_far_county_by_its_short_form_alone_is_a_word() {
        let g = Gazetteer::from_tsv_owned("g.tsv", format!("{G}450000\t广西壮族自治区\tGuangxi\t广西\n450300\t桂林市\tGuilin\t桂林\n450329\t资源县\tZiyuan\t资源\n")).unwrap();
        let tag = |a: &Article| g.tag(a, ZJ).into_iter().map(|e| e.tag).collect::<Vec<_>>();
        let a = article("共享资源", &["整合资源,用好资源,盘活资源。"]);
        assert!(tag(&a).is_empty(), "资源 is 'resources' here");
        let a = article(
            "资源县职工技能大赛举行",
            &["桂林资源的职工参赛,资源各界关注。"],
        );
        assert_eq!(tag(&a), ["450329"], "with its city named, it is the county");
    }

    #[test]
    fn blocked_words_hide_names() {
        let g = Gazetteer::from_tsv_owned(
            "g.tsv",
            G.replace(
                "330100\t杭州市\tHangzhou\t杭州",
                "330100\t杭州市\tHangzhou\t杭州 中山",
            ),
        )
        .unwrap();
        let a = article("中山路上新开一家店", &["中山路,中山路。"]);
        assert!(g.tag(&a, ZJ).is_empty());
    }

    #[test]
    fn tiles_and_former_names_are_read() {
        let g = g();
        assert_eq!(g.tile("330100"), Some([1, 1]));
        assert_eq!(g.tiled_cities("330000").len(), 1);
        assert_eq!(g.former_names()[0].successor, "330212");
    }

    #[test]
    fn bad_files_are_refused_with_file_and_line() {
        let err = |text: &str| {
            Gazetteer::from_tsv_owned("g.tsv", text.to_string())
                .err()
                .unwrap()
        };
        let e = err("# head\n330211\t镇海区\tZhenhai\t\n");
        assert!(
            e.starts_with("g.tsv:2: ") && e.contains("parent 330200"),
            "{e}"
        );
        let e = err("# x\n33000\t浙江省\tZhejiang\t\n");
        assert!(
            e.starts_with("g.tsv:2: ") && e.contains("not a division code"),
            "{e}"
        );
        assert!(err("330000\t浙江省\n").starts_with("g.tsv:1: a place needs"));
        let e = err("330000\t浙江省\tZ\t\n330000\t浙江省\tZ\t\n");
        assert!(e.starts_with("g.tsv:2: ") && e.contains("twice"), "{e}");
        assert!(err("330000\t浙江省\tZ\t\n~\t旧\t330100\t2001\t\n").contains("successor 330100"));
        assert!(err("!what\tx\n").starts_with("g.tsv:1: unknown line kind"));
    }
}
