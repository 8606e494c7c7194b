//! The paper as it was printed: editions by date, their pages in order,
//! each page's articles in printed order (docs/archive.md, "Editions").
//!
//! Two kinds of file, fetched on demand: the calendar (`editions-<hash>.json`,
//! every month that has an edition and its days) and one file per month
//! (`ed/<YYYY-MM>-<hash>.json`: that month's editions, pages and headlines),
//! so that an edition shows from one small file whatever the archive's size.

use crate::date::is_date;
use crate::text::Quoted;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every month (`YYYY-MM`) with an edition: its file and its days.
pub type Calendar = BTreeMap<String, Month>;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Month {
    /// The month's file ([`MonthFile`]).
    pub file: String,
    /// The days (1–31) that have an edition, ascending.
    pub days: Vec<u8>,
}

/// One month's editions, by date.
pub type MonthFile = Vec<Edition>;

/// A day's paper.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Edition {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    /// In page order ([`page_order`]).
    pub pages: Vec<Page>,
}

/// A page (版) of an edition.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Page {
    /// As printed: `1`, `01`, `A2`.
    pub page: String,
    /// The page's name (版名), e.g. 要闻.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The page's PDF or image, a file of the archive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf: Option<String>,
    /// Its articles in printed order.
    pub articles: Vec<Headline>,
}

/// An article as an edition lists it; in the file, `[n, id, title]`
/// (smaller to store, and to decode in the wasm, than an object).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(from = "(u32, String, String)", into = "(u32, String, String)")]
pub struct Headline {
    /// The article's number in the archive.
    pub n: u32,
    pub id: String,
    pub title: String,
}

impl From<(u32, String, String)> for Headline {
    fn from((n, id, title): (u32, String, String)) -> Headline {
        Headline { n, id, title }
    }
}

impl From<Headline> for (u32, String, String) {
    fn from(h: Headline) -> Self {
        (h.n, h.id, h.title)
    }
}

/// How pages sort: a letter section first (`A`, `B`…, none before any),
/// then the number, then the rest: `1 < 2 < 10`, `A1 < A2 < B1`.
pub fn page_order(label: &str) -> (String, u64, String) {
    let prefix: String = label.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &label[prefix.len()..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number = digits.parse().unwrap_or(u64::MAX);
    (prefix, number, rest[digits.len()..].to_string())
}

/// Whether `label` can be an edition's page: it goes into addresses
/// (`/e/<date>/<page>/`) and element ids, so letters, digits and `-`, 1 to
/// 16 of them. Articles on a page labelled otherwise are left out of the
/// editions (they read as before).
pub fn is_page_label(label: &str) -> bool {
    (1..=16).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The year and month of a month `YYYY-MM` (a checked one; anything else
/// reads as January 1970).
pub fn year_month(month: &str) -> (i32, u32) {
    (
        month.get(..4).and_then(|y| y.parse().ok()).unwrap_or(1970),
        month.get(5..).and_then(|m| m.parse().ok()).unwrap_or(1),
    )
}

/// The month (`YYYY-MM`) of a date.
pub fn month_of(date: &str) -> &str {
    date.get(..7).unwrap_or(date)
}

/// Every edition's date, in order.
pub fn dates(calendar: &Calendar) -> Vec<String> {
    calendar
        .iter()
        .flat_map(|(month, m)| m.days.iter().map(move |d| format!("{month}-{d:02}")))
        .collect()
}

/// The editions before and after `date` (which need not have one).
pub fn neighbours(calendar: &Calendar, date: &str) -> (Option<String>, Option<String>) {
    // A date of its month's form: from the calendar's months around it,
    // without listing every date (the pre-renderer asks for each edition).
    let month = month_of(date);
    if let Some(day) = date
        .get(8..)
        .filter(|d| d.len() == 2 && date.len() == 10)
        .and_then(|d| d.parse::<u8>().ok())
    {
        let at = |k: &str, m: &Month, before: bool| {
            let d = match (k == month, before) {
                (true, true) => m.days.iter().rev().find(|&&d| d < day),
                (true, false) => m.days.iter().find(|&&d| d > day),
                (false, true) => m.days.last(),
                (false, false) => m.days.first(),
            };
            d.map(|d| format!("{k}-{d:02}"))
        };
        let before = calendar
            .range(..=month.to_string())
            .rev()
            .find_map(|(k, m)| at(k, m, true));
        let after = calendar
            .range(month.to_string()..)
            .find_map(|(k, m)| at(k, m, false));
        return (before, after);
    }
    let all = dates(calendar);
    let at = all.partition_point(|d| d.as_str() < date);
    let next_at = all.partition_point(|d| d.as_str() <= date);
    (
        at.checked_sub(1).map(|i| all[i].clone()),
        all.get(next_at).cloned(),
    )
}

/// The calendar: months are `YYYY-MM`, days 1–31 ascending, files inside
/// the archive.
pub fn validate_calendar(calendar: &Calendar) -> Result<(), String> {
    if calendar.is_empty() {
        return Err("it lists no month".into());
    }
    for (month, m) in calendar {
        if !is_date(&format!("{month}-01")) || month.len() != 7 {
            return Err(format!("{} is not a month like 2018-08", Quoted(month)));
        }
        if !super::is_file_name(&m.file) {
            return Err(format!(
                "{month}: {} is not a file of the archive",
                Quoted(&m.file)
            ));
        }
        if m.days.is_empty()
            || m.days.iter().any(|&d| d == 0 || d > 31)
            || m.days.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(format!("{month}: the days are not 1 to 31 in order"));
        }
    }
    Ok(())
}

/// A month's file, of an archive of `articles`: its editions' dates in
/// `month`, in order; article numbers inside the archive, ids article ids,
/// page files inside the archive.
pub fn validate_month(file: &MonthFile, month: &str, articles: usize) -> Result<(), String> {
    for (k, e) in file.iter().enumerate() {
        if !is_date(&e.date) || month_of(&e.date) != month {
            return Err(format!(
                "edition {k}: {} is not a date of {month}",
                Quoted(&e.date)
            ));
        }
        if k > 0 && file[k - 1].date >= e.date {
            return Err(format!("edition {k}: {} is out of order", e.date));
        }
        for p in &e.pages {
            if !is_page_label(&p.page) {
                return Err(format!(
                    "{}: page {} is not a page label (letters, digits and -, 1 to 16)",
                    e.date,
                    Quoted(&p.page)
                ));
            }
            if let Some(pdf) = &p.pdf {
                if !super::is_file_name(pdf) {
                    return Err(format!(
                        "{} page {}: {} is not a file of the archive",
                        e.date,
                        p.page,
                        Quoted(pdf)
                    ));
                }
            }
            for h in &p.articles {
                if h.n as usize >= articles {
                    return Err(format!(
                        "{} page {}: article {}, of {articles} articles",
                        e.date, p.page, h.n
                    ));
                }
                if !crate::bundle::is_valid_id(&h.id) {
                    return Err(format!(
                        "{} page {}: {} is not an article id",
                        e.date,
                        p.page,
                        Quoted(&h.id)
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_sort_as_printed() {
        let mut pages = vec!["10", "2", "A2", "B1", "1", "A10", "A1", "02"];
        pages.sort_by_key(|p| page_order(p));
        assert_eq!(pages, ["1", "2", "02", "10", "A1", "A2", "A10", "B1"]);
    }

    #[test]
    fn neighbours_are_the_editions_around_a_date() {
        let month = |file: &str, days: &[u8]| Month {
            file: file.into(),
            days: days.to_vec(),
        };
        let c: Calendar = [
            ("2018-07".to_string(), month("ed/a.json", &[30, 31])),
            ("2018-08".to_string(), month("ed/b.json", &[1, 15])),
        ]
        .into_iter()
        .collect();
        assert!(validate_calendar(&c).is_ok());
        assert_eq!(
            neighbours(&c, "2018-08-01"),
            (Some("2018-07-31".into()), Some("2018-08-15".into()))
        );
        assert_eq!(
            neighbours(&c, "2018-07-30"),
            (None, Some("2018-07-31".into()))
        );
        assert_eq!(
            neighbours(&c, "2018-08-10"),
            (Some("2018-08-01".into()), Some("2018-08-15".into()))
        );
        assert_eq!(
            neighbours(&c, "2018-08-15"),
            (Some("2018-08-01".into()), None)
        );
        let mut bad = c.clone();
        bad.get_mut("2018-08").unwrap().days = vec![15, 1];
        assert!(validate_calendar(&bad).unwrap_err().contains("in order"));
        let mut bad = c;
        bad.insert("2018-13".into(), month("ed/c.json", &[1]));
        assert!(validate_calendar(&bad).unwrap_err().contains("not a month"));
        // Nothing to show: refused, not a view of no month.
        assert!(validate_calendar(&Calendar::new())
            .unwrap_err()
            .contains("no month"));
        let empty: Calendar = [("2018-08".to_string(), month("ed/b.json", &[]))]
            .into_iter()
            .collect();
        assert!(validate_calendar(&empty).is_err());
    }

    #[test]
    fn neighbours_from_the_months_are_those_of_every_date() {
        let c: Calendar = [
            ("2017-12", vec![31]),
            ("2018-07", vec![1, 30, 31]),
            ("2018-08", vec![1, 15]),
            ("2019-01", vec![2]),
        ]
        .into_iter()
        .map(|(k, d)| {
            (
                k.to_string(),
                Month {
                    file: "ed/x.json".into(),
                    days: d,
                },
            )
        })
        .collect();
        let all = dates(&c);
        let slow = |date: &str| {
            let at = all.partition_point(|d| d.as_str() < date);
            let next = all.partition_point(|d| d.as_str() <= date);
            (
                at.checked_sub(1).map(|i| all[i].clone()),
                all.get(next).cloned(),
            )
        };
        for y in 2017..=2019 {
            for m in 1..=12 {
                for d in 1..=31 {
                    let date = format!("{y}-{m:02}-{d:02}");
                    assert_eq!(neighbours(&c, &date), slow(&date), "{date}");
                }
            }
        }
    }

    #[test]
    fn a_month_file_names_only_what_the_archive_has() {
        let file = vec![Edition {
            date: "2018-08-15".into(),
            paper: None,
            pages: vec![Page {
                page: "1".into(),
                name: Some("要闻".into()),
                pdf: Some("pdf/2018-08-15/1-abc.pdf".into()),
                articles: vec![Headline {
                    n: 3,
                    id: "a-1".into(),
                    title: "标题".into(),
                }],
            }],
        }];
        assert!(validate_month(&file, "2018-08", 4).is_ok());
        assert!(validate_month(&file, "2018-08", 3)
            .unwrap_err()
            .contains("article 3, of 3"));
        assert!(validate_month(&file, "2018-09", 4)
            .unwrap_err()
            .contains("not a date of 2018-09"));
        for label in ["A/2", "3#", "头版", "", "2 ?x"] {
            let mut bad = file.clone();
            bad[0].pages[0].page = label.into();
            assert!(validate_month(&bad, "2018-08", 4)
                .unwrap_err()
                .contains("not a page label"));
        }
        let mut bad = file.clone();
        bad[0].pages[0].pdf = Some("../x.pdf".into());
        assert!(validate_month(&bad, "2018-08", 4)
            .unwrap_err()
            .contains("not a file of the archive"));
    }
}
