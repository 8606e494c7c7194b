//! `benbao synth`: a deterministic synthetic archive for benchmarks.
//!
//! Articles are recombined from the default edition's own text (sentences,
//! headlines), with places drawn from the gazetteer and topics from the
//! taxonomy, with a skew like real coverage (a few cities and topics get
//! most of the news), dates spread over 20 years (or `--per-day` articles
//! a day from 2006-01-01), each day an edition of 8 named pages that its
//! articles fill in order. The same `--articles` and `--seed` always give the same bytes:
//! the random numbers come from SplitMix64, written here so that no crate
//! upgrade can change the stream.

use crate::data;
use anyhow::{Context, Result};
use benbao_core::page::parse_page;
use benbao_core::{BlockKind, Level};
use std::io::Write;
use std::path::Path;

const SEED_PAGE: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");
/// 2006-01-01 as days since 1970-01-01.
const FIRST_DAY: i64 = 13149;
const YEARS: i64 = 20;

struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Zipf-like: index i is chosen with weight 1/(i+1).
    fn skewed(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = (self.next() as f64 / u64::MAX as f64) * total;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD`, by benbao-core's calendar.
pub fn date_of(days: i64) -> String {
    benbao_core::date::date_string(
        i32::try_from(days).expect("synthetic dates lie within i32 days of 1970"),
    )
}

/// The synthetic editions' pages (版), 1 to 8.
const PAGE_NAMES: [&str; 8] = [
    "要闻", "综合", "经济", "社会", "基层", "文化", "专版", "副刊",
];

pub fn run(
    articles: usize,
    out: &Path,
    seed: u64,
    home: &str,
    per_day: Option<usize>,
) -> Result<()> {
    let gazetteer = data::gazetteer(None)?;
    let taxonomy = data::taxonomy(None)?;
    let seed_articles = parse_page("seed", SEED_PAGE).articles;
    let sentences: Vec<String> = seed_articles
        .iter()
        .flat_map(|a| a.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph))
        .flat_map(|b| {
            b.text
                .split_inclusive('。')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.chars().count() > 6)
        .collect();
    let headings: Vec<String> = seed_articles
        .iter()
        .flat_map(|a| a.blocks.iter().filter(|b| b.kind == BlockKind::Heading))
        .map(|b| b.text.clone())
        .collect();
    let titles: Vec<String> = seed_articles.iter().map(|a| a.title.clone()).collect();
    // Every county of the home province, and its towns and streets, carry
    // the local news (70%, counties uniformly, a third of those in a town);
    // the province and its cities the rest, skewed like real coverage.
    data::check_home(&gazetteer, home, "--home")?;
    let province = benbao_core::bundle::self_and_ancestors(home)
        .last()
        .unwrap_or_default();
    let prefix = &province[..2];
    let in_home = |p: &&benbao_tagger::Place| p.code.starts_with(prefix);
    let counties: Vec<&benbao_tagger::Place> = gazetteer
        .places()
        .iter()
        .filter(in_home)
        .filter(|p| p.level == Level::County)
        .collect();
    let towns_of = |county: &str| -> Vec<&benbao_tagger::Place> {
        gazetteer
            .places()
            .iter()
            .filter(|p| p.level == Level::Town && p.code.starts_with(county))
            .collect()
    };
    let towns: Vec<Vec<&benbao_tagger::Place>> =
        counties.iter().map(|c| towns_of(c.code)).collect();
    let upper: Vec<&benbao_tagger::Place> = gazetteer
        .places()
        .iter()
        .filter(in_home)
        .filter(|p| matches!(p.level, Level::Province | Level::City))
        .collect();
    if counties.is_empty() {
        anyhow::bail!("--home {home}: the gazetteer has no counties under it");
    }
    let topics: Vec<&str> = taxonomy.topics().iter().map(|t| t.id.as_str()).collect();
    let reporters = [
        "程雪",
        "何悦",
        "洪茜婷",
        "阮向民",
        "叶唯娜",
        "陆珊宁",
        "雷津津",
        "王文亮",
        "柳庭和",
        "张丽萍",
    ];

    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the folder", out.display()))?;
    let path = out.join("articles.ndjson");
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .with_context(|| format!("{}: cannot write", path.display()))?,
    );
    let mut rng = SplitMix(seed);
    let span_days = YEARS * 365 + YEARS / 4;
    let n = articles.max(1) as i64;
    let per_day = per_day.filter(|&k| k > 0);
    let day_of = |i: usize| -> i64 {
        match per_day {
            Some(k) => FIRST_DAY + (i / k) as i64,
            None => FIRST_DAY + (i as i64 * span_days) / n,
        }
    };
    // The first article of day `d`: days are filled in input order.
    let first_of = |d: i64| -> usize {
        let t = d - FIRST_DAY;
        match per_day {
            Some(k) => t as usize * k,
            None => ((t * n + span_days - 1) / span_days) as usize,
        }
    };
    for i in 0..articles {
        let day = day_of(i);
        // The day's articles fill its 8 pages in order.
        let (first, next) = (first_of(day), first_of(day + 1).min(articles));
        let page = 1 + (i - first) * 8 / (next - first).max(1);
        let place = if rng.below(10) < 7 {
            let c = rng.below(counties.len());
            match rng.below(3) {
                0 if !towns[c].is_empty() => towns[c][rng.below(towns[c].len())],
                _ => counties[c],
            }
        } else {
            upper[rng.skewed(upper.len())]
        };
        let (code, name) = (place.code, place.name);
        let mut article_topics: Vec<&str> = (0..1 + rng.below(3))
            .map(|_| topics[rng.skewed(topics.len())])
            .collect();
        article_topics.sort_unstable();
        article_topics.dedup();
        let short = place.aliases.first().copied().unwrap_or(name);
        let title = format!(
            "{short}{}",
            titles[rng.below(titles.len())]
                .chars()
                .skip(2)
                .collect::<String>()
        );
        let mut blocks = Vec::new();
        for p in 0..3 + rng.below(10) {
            if p > 0 && rng.below(6) == 0 {
                blocks.push(serde_json::json!({"kind": "heading", "text": headings[rng.below(headings.len())]}));
            }
            let mut text = if p == 0 {
                format!("近日,{name}")
            } else {
                String::new()
            };
            for _ in 0..2 + rng.below(5) {
                text.push_str(&sentences[rng.below(sentences.len())]);
            }
            blocks.push(serde_json::json!({"kind": "paragraph", "text": text}));
        }
        let byline = format!(
            "本报讯 记者{} 通讯员{}报道",
            reporters[rng.below(reporters.len())],
            reporters[rng.below(reporters.len())]
        );
        // Drawn for the page once: kept so that the rest of the stream
        // (and the bench's archives) stay as they were.
        let _ = rng.below(8);
        let article = serde_json::json!({
            "id": format!("s{i:07}"),
            "title": title,
            "byline": byline,
            "date": date_of(day),
            "page": page.to_string(),
            "page_name": PAGE_NAMES[page - 1],
            "paper": "浙江工人日报",
            "regions": [code],
            "topics": article_topics,
            "blocks": blocks,
        });
        serde_json::to_writer(&mut file, &article)?;
        file.write_all(b"\n")?;
    }
    file.flush()?;
    eprintln!(
        "wrote {}: {articles} synthetic articles (seed {seed})",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(FIRST_DAY), "2006-01-01");
        assert_eq!(date_of(FIRST_DAY + 365 * 20 + 5 - 1), "2025-12-31");
        assert_eq!(date_of(11016), "2000-02-29");
    }

    #[test]
    fn the_stream_is_fixed() {
        let mut r = SplitMix(1);
        assert_eq!(
            [r.next(), r.next()],
            [0x910A_2DEC_8902_5CC1, 0xBEEB_8DA1_658E_EC67]
        );
    }
}
