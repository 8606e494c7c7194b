//! What the reader checks of each archive file after decoding it and
//! before any use (the manifest's own checks are [`super::Manifest::validate`]):
//! every count, index and length it computes with. A failure is a message
//! saying what is wrong, for the reader to show with the file's name.

use super::{Body, Facets, IdShard, Posting, Shard, Summary};
use crate::bundle::{is_region_code, is_valid_id};
use crate::text::Quoted;

/// Days from 1970 a date may be: years 1 to 9999, as `date` handles them.
const DAYS: std::ops::RangeInclusive<i64> = -719_162..=2_932_896;

impl Facets {
    /// The facets of an archive of `articles` articles: one value per
    /// article in each column; region and topic indices inside their
    /// tables; the undated list ascending and inside the articles; every
    /// running date a day of years 1 to 9999.
    pub fn validate(&self, articles: usize) -> Result<(), String> {
        for (column, n) in [
            ("dates", self.dates.len()),
            ("regions", self.regions.len()),
            ("topics", self.topics.len()),
        ] {
            if n != articles {
                return Err(format!(
                    "{column} has {n} values, the manifest says {articles} articles"
                ));
            }
        }
        for (name, table) in [
            ("topic_table", &self.topic_table),
            ("region_table", &self.region_table),
        ] {
            let mut seen = std::collections::HashSet::new();
            if let Some(t) = table.iter().find(|t| !seen.insert(t.as_str())) {
                return Err(format!("{name} lists {} twice", Quoted(t)));
            }
        }
        if let Some(c) = self.region_table.iter().find(|c| !is_region_code(c)) {
            return Err(format!(
                "region_table holds {}, not a region code",
                Quoted(c)
            ));
        }
        let regions = self.region_table.len();
        for (i, r) in self.regions.iter().enumerate() {
            if let Some(bad) = r.iter().find(|&&k| k as usize >= regions) {
                return Err(format!(
                    "article {i} has region {bad}, of {regions} in region_table"
                ));
            }
        }
        let topics = self.topic_table.len();
        for (i, &bits) in self.topics.iter().enumerate() {
            if topics < 64 && bits >> topics != 0 {
                return Err(format!(
                    "article {i} has topic bits {bits:#x}, of {topics} in topic_table"
                ));
            }
        }
        let mut previous = None;
        for &u in &self.undated {
            if u as usize >= articles || previous.is_some_and(|p| p >= u) {
                return Err(format!(
                    "undated lists article {u} out of order or past the {articles} articles"
                ));
            }
            previous = Some(u);
        }
        let mut day = 0i64;
        for (i, &d) in self.dates.iter().enumerate() {
            day = match day.checked_add(d) {
                Some(x) if DAYS.contains(&x) => x,
                _ => return Err(format!("article {i}'s date is out of range (delta {d})")),
            };
        }
        Ok(())
    }
}

/// A summary chunk: every id an article id, every region a region code.
pub fn validate_summaries(chunk: &[Summary]) -> Result<(), String> {
    for (k, s) in chunk.iter().enumerate() {
        if !is_valid_id(&s.id) {
            return Err(format!(
                "summary {k} has the id {}, not an article id",
                Quoted(&s.id)
            ));
        }
        if let Some(c) = s.regions.iter().find(|c| !is_region_code(c)) {
            return Err(format!(
                "summary {k} ({}) has the region {}",
                s.id,
                Quoted(c)
            ));
        }
    }
    Ok(())
}

/// A body chunk: every id an article id.
pub fn validate_bodies(chunk: &[Body]) -> Result<(), String> {
    match chunk.iter().position(|b| !is_valid_id(&b.id)) {
        Some(k) => Err(format!(
            "body {k} has the id {}, not an article id",
            Quoted(&chunk[k].id)
        )),
        None => Ok(()),
    }
}

/// An id shard of an archive of `articles`: ids to article numbers inside it.
pub fn validate_id_shard(shard: &IdShard, articles: usize) -> Result<(), String> {
    match shard.iter().find(|(_, &i)| i as usize >= articles) {
        Some((id, i)) => Err(format!(
            "{} is article {i}, of {articles} articles",
            Quoted(id)
        )),
        None => Ok(()),
    }
}

/// A search shard: every posting file a file of the archive (the postings
/// themselves are checked as they are decoded).
pub fn validate_shard(shard: &Shard) -> Result<(), String> {
    for (gram, p) in shard {
        if let Posting::File { file } = p {
            if !super::is_file_name(file) {
                return Err(format!(
                    "the gram {} names {}, which is not a file of the archive",
                    Quoted(gram),
                    Quoted(file)
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facets() -> Facets {
        Facets {
            region_table: vec!["330200".into(), "330212".into()],
            topic_table: vec!["a".into(), "b".into()],
            dates: vec![17_000, 0, 3],
            undated: vec![1],
            regions: vec![vec![0], vec![], vec![1, 0]],
            topics: vec![1, 0, 3],
        }
    }

    #[test]
    fn facets_are_checked_column_by_column() {
        assert_eq!(facets().validate(3), Ok(()));
        let err = |f: Facets| f.validate(3).unwrap_err();
        assert!(facets()
            .validate(4)
            .unwrap_err()
            .contains("dates has 3 values"));
        let mut f = facets();
        f.topics.pop();
        assert!(err(f).contains("topics has 2 values"));
        let mut f = facets();
        f.regions[2] = vec![2];
        assert!(err(f).contains("article 2 has region 2, of 2"));
        let mut f = facets();
        f.topics[0] = 4;
        assert!(err(f).contains("article 0 has topic bits"));
        let mut f = facets();
        f.undated = vec![2, 1];
        assert!(err(f).contains("undated"));
        let mut f = facets();
        f.undated = vec![3];
        assert!(err(f).contains("undated"));
        let mut f = facets();
        f.dates[1] = i64::MAX;
        assert!(err(f).contains("article 1's date is out of range"));
        let mut f = facets();
        f.topic_table[1] = "a".into();
        assert!(err(f).contains("topic_table lists \"a\" twice"));
        let mut f = facets();
        f.region_table[0] = "../x".into();
        assert!(err(f).contains("not a region code"));
    }

    #[test]
    fn ids_numbers_and_names_are_checked() {
        let shard: IdShard = [("a1".to_string(), 5u32)].into_iter().collect();
        assert!(validate_id_shard(&shard, 6).is_ok());
        assert!(validate_id_shard(&shard, 5)
            .unwrap_err()
            .contains("article 5, of 5"));
        let body = Body {
            id: "../x".into(),
            blocks: vec![],
            paper: None,
            page: None,
            page_name: None,
        };
        assert!(validate_bodies(&[body])
            .unwrap_err()
            .contains("not an article id"));
        let shard: Shard = [(
            "工会".to_string(),
            Posting::File {
                file: "../../etc".into(),
            },
        )]
        .into_iter()
        .collect();
        assert!(validate_shard(&shard)
            .unwrap_err()
            .contains("not a file of the archive"));
    }
}

/// The kinds of file the reader decodes, for [`check_reader_invariants`].
#[derive(Clone, Copy, Debug)]
pub enum FileKind {
    Manifest,
    Facets,
    Summaries,
    Bodies,
    IdShard,
    SearchShard,
    Postings,
    /// The calendar of editions (`editions-<hash>.json`).
    Calendar,
    /// A month's editions (`ed/<YYYY-MM>-<hash>.json`).
    Month,
}

/// Decodes `text` as the reader decodes a file of `kind`, checks it as the
/// reader does, and, when the checks pass, uses it as the reader would
/// (the catalogue built and queried, articles assembled, a search run):
/// any panic is a bug. The fuzz targets (`fuzz/`) and the regression test
/// of their findings call this; the reader itself never does.
#[doc(hidden)]
pub fn check_reader_invariants(kind: FileKind, text: &str) {
    use crate::catalog::Catalog;
    use crate::query::Query;
    match kind {
        FileKind::Manifest => {
            let Ok(m) = serde_json::from_str::<super::Manifest>(text) else {
                return;
            };
            if m.validate().is_ok() {
                for &i in &m.overview.newest {
                    assert!((i as usize) < m.articles);
                    let _ = (i as usize / m.summary_chunk, i as usize / m.body_chunk);
                }
                let _ = super::shard_of("工会", m.shards);
                let _ = super::shard_of("x1", m.id_shards);
                let _ = super::shards_for("宁波 工会", m.shards);
            }
        }
        FileKind::Facets => {
            let Ok(f) = serde_json::from_str::<Facets>(text) else {
                return;
            };
            let n = f.dates.len();
            // The catalogue is built whatever the checks say (the reader
            // builds it only after them; the editor's side may not), and
            // the manifest's topic order may repeat names too.
            let c = Catalog::from_facets(&f, &f.topic_table);
            let _ = c.view(&Query::default(), None);
            if f.validate(n).is_ok() {
                assert_eq!(c.len(), n);
                let all = c.results(&Query::default(), None);
                assert_eq!(all.len(), n);
                let counts = c.counts(&Query::default(), None);
                let mut q = Query::default();
                if let Some(code) = counts.regions.keys().next() {
                    q = q.toggled(crate::query::Facet::Region, code);
                }
                if let Some(t) = counts.topics.keys().next() {
                    q = q.toggled(crate::query::Facet::Topic, t);
                }
                let _ = c.view(&q, Some(&[0, 1, u32::MAX]));
                let _ = c.region_tree();
                for i in 0..n.min(100) {
                    let _ = c.date_of(i as u32);
                }
            }
        }
        FileKind::Summaries | FileKind::Bodies => {
            let (sums, bodies) = match kind {
                FileKind::Summaries => match serde_json::from_str::<Vec<Summary>>(text) {
                    Ok(s) if validate_summaries(&s).is_ok() => (s, Vec::new()),
                    _ => return,
                },
                _ => match serde_json::from_str::<Vec<Body>>(text) {
                    Ok(b) if validate_bodies(&b).is_ok() => (Vec::new(), b),
                    _ => return,
                },
            };
            let empty_sum = Summary {
                id: "x".into(),
                title: String::new(),
                kicker: None,
                subtitle: None,
                byline: None,
                date: None,
                lead: String::new(),
                regions: Vec::new(),
                topics: Vec::new(),
            };
            let empty_body = Body {
                id: "x".into(),
                blocks: Vec::new(),
                paper: None,
                page: None,
                page_name: None,
            };
            for s in &sums {
                let a = super::article(s, &empty_body);
                let _ = super::search_text(&a);
            }
            for b in &bodies {
                let a = super::article(&empty_sum, b);
                let _ = super::search_text(&a);
            }
        }
        FileKind::IdShard => {
            if let Ok(s) = serde_json::from_str::<IdShard>(text) {
                let _ = validate_id_shard(&s, 1000);
            }
        }
        FileKind::SearchShard => {
            let Ok(shard) = serde_json::from_str::<Shard>(text) else {
                return;
            };
            if validate_shard(&shard).is_err() {
                return;
            }
            // Each gram searched for, as a one-shard archive would be.
            for gram in shard.keys().take(20) {
                if let Ok(c) = super::candidates(gram, 1, |_| Some(&shard), |_| None::<&str>) {
                    assert!(c.articles.windows(2).all(|w| w[0] < w[1]));
                }
            }
        }
        FileKind::Postings => {
            if let Ok(numbers) = super::decode_postings(text) {
                assert!(
                    numbers.windows(2).all(|w| w[0] < w[1]),
                    "ascending, once each"
                );
                assert_eq!(
                    super::decode_postings(&super::encode_postings(&numbers)).as_deref(),
                    Ok(&numbers[..])
                );
            }
        }
        FileKind::Calendar => {
            use super::editions::{dates, neighbours, validate_calendar, Calendar};
            let Ok(c) = serde_json::from_str::<Calendar>(text) else {
                return;
            };
            if validate_calendar(&c).is_ok() {
                let all = dates(&c);
                assert!(all.windows(2).all(|w| w[0] < w[1]));
                for d in
                    all.iter()
                        .take(40)
                        .map(String::as_str)
                        .chain(["", "2018-08-15", "9999-12-31"])
                {
                    let (before, after) = neighbours(&c, d);
                    assert!(before.is_none_or(|b| b.as_str() < d));
                    assert!(after.is_none_or(|a| a.as_str() > d));
                }
                for month in c.keys() {
                    // The reader reads the year and month by position.
                    let _ = (month[..4].parse::<i32>(), month[5..].parse::<u32>());
                    let (y, m) = super::editions::year_month(month);
                    assert!((1..=12).contains(&m) && y > 0, "{month}");
                    assert!(crate::date::days_of(&format!("{month}-01")).is_some());
                }
            }
        }
        FileKind::Month => {
            use super::editions::{month_of, page_order, validate_month, MonthFile};
            let Ok(m) = serde_json::from_str::<MonthFile>(text) else {
                return;
            };
            let month = m.first().map_or("", |e| month_of(&e.date)).to_string();
            if validate_month(&m, &month, 1000).is_ok() {
                for e in &m {
                    let _ = super::editions::month_of(&e.date);
                    for p in &e.pages {
                        let _ = page_order(&p.page);
                        assert!(p.articles.iter().all(|h| (h.n as usize) < 1000));
                    }
                }
            }
        }
    }
}
