//! The page parser on pages assembled in every layout from short articles
//! written for the tests (`tests/data/page-articles.json`), held to the
//! targets the real-article corpus is held to (docs/parsing.md).

use benbao_e2e::pagecorpus::{assemble, measure, table, Rng, Score, Source, LAYOUTS};

fn sources() -> Vec<Source> {
    serde_json::from_str(include_str!("data/page-articles.json"))
        .expect("tests/data/page-articles.json")
}

#[test]
fn assembled_pages_split_into_the_right_articles() {
    let sources = sources();
    let mut rows = Vec::new();
    for layout in LAYOUTS {
        let mut score = Score::default();
        for seed in 0..6u64 {
            let mut s = sources.clone();
            let mut rng = Rng::new(seed + 1);
            for i in (1..s.len()).rev() {
                s.swap(i, rng.below(i + 1));
            }
            score.add(&measure(&assemble(&s, layout, seed, 4)));
        }
        rows.push((layout, score));
    }
    let report = table(&rows);
    let mut all = Score::default();
    for (_, s) in &rows {
        all.add(s);
    }
    let misses = all.misses.join("\n");
    assert!(all.articles >= 8 * 6 * 16 - 10, "{report}");
    assert!(
        all.boundary_precision() >= 0.98 && all.boundary_recall() >= 0.98,
        "{report}\n{misses}"
    );
    assert!(all.headline_rate() >= 0.95, "{report}\n{misses}");
    assert!(all.byline_rate() >= 0.95, "{report}\n{misses}");
    assert_eq!(all.pages_losing_text, 0, "{report}\n{misses}");
    assert_eq!(all.furniture_in_articles, 0, "{report}\n{misses}");
    assert_eq!(all.joins_made, all.joins_expected, "{report}\n{misses}");
    println!("{report}");
}
