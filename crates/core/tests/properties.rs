//! Properties of the page parser on the seed and on generated pages:
//! nothing is lost, and the same input always gives the same output.

use benbao_core::page::{check_invariants, parse_page};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

#[test]
fn nothing_of_the_seed_is_lost() {
    check_invariants(SEED);
}

fn han(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            "工会职工镇海龙游培训工匠记者通讯员报道街道总区县市的在了和是新"
                .chars()
                .collect::<Vec<_>>(),
        ),
        len,
    )
    .prop_map(|c| c.into_iter().collect())
}

/// Lines shaped like a PDF page's: headlines, bylines, sentences, column
/// fragments, headings, captions, and arbitrary text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        han(2..20),
        (han(2..4), han(2..4), han(5..40))
            .prop_map(|(a, b, t)| format!("本报讯 记者{a} 通讯员{b}报道 {t}。")),
        (han(2..4), han(5..40)).prop_map(|(a, t)| format!("记者 {a}报道 {t}")),
        han(10..80).prop_map(|t| format!("{t}。")),
        han(3..30).prop_map(|t| format!("{t},{t}、")),
        (han(3..6), han(3..10)).prop_map(|(a, b)| format!("{a}:{b}")),
        han(5..20).prop_map(|t| format!("“{t}”。")),
        han(5..30).prop_map(|t| format!("{t}(下转第2版)")),
        han(5..30).prop_map(|t| format!("(上接第1版){t}")),
        Just("（上接第3版）".to_string()),
        Just("东海工人报 2021年3月9日 星期二 第3版 综合".to_string()),
        han(2..4).prop_map(|a| format!("责任编辑 {a}")),
        han(2..4).prop_map(|a| format!("■通讯员 {a} 记者 {a}")),
        (han(5..30), han(2..4)).prop_map(|(t, a)| format!("{t}。 {a} 摄")),
        han(2..4).prop_map(|a| format!("（记者 {a}）")),
        any::<String>(),
        "[ \u{3000}\t]*[a-zA-Z0-9 .,!?]{0,30}",
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec((line(), 1..4usize), 0..40).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, blanks)| l + &"\n".repeat(blanks))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Nothing lost, and the same output twice.
    #[test]
    fn nothing_is_lost_and_output_is_deterministic(page in page()) {
        check_invariants(&page);
    }

    /// The same with type sizes, as text read from a PDF comes.
    #[test]
    fn nothing_is_lost_with_type_sizes(page in page(), sizes in prop::collection::vec(prop_oneof![Just(0.0f32), Just(0.8), Just(1.0), Just(1.6), Just(2.4)], 0..200)) {
        let parsed = benbao_core::page::parse_page_sized("p.txt", &page, &sizes);
        prop_assert_eq!(benbao_core::page::kept_chars(&parsed), benbao_core::page::page_chars(&page));
        prop_assert_eq!(&parsed, &benbao_core::page::parse_page_sized("p.txt", &page, &sizes));
    }

    #[test]
    fn every_article_has_a_title_and_a_unique_line(page in page()) {
        let parsed = parse_page("p.txt", &page);
        for a in &parsed.articles {
            prop_assert!(!a.title.trim().is_empty());
        }
        let mut lines: Vec<usize> = parsed.articles.iter().map(|a| a.source.as_ref().unwrap().line).collect();
        lines.dedup();
        prop_assert_eq!(lines.len(), parsed.articles.len());
    }
}
