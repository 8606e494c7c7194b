//! The seed edition, parsed end to end.

use benbao_core::page::parse_page;
use benbao_core::BlockKind;

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

#[test]
fn seed_has_eight_articles_with_their_titles() {
    let parsed = parse_page("seed.txt", SEED);
    let titles: Vec<_> = parsed.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "邮储银行浙江省分行工会获评“全国模范职工之家”",
            "镇海、龙游工会“结盟”30万职工互享“异地福利”",
            "苍南县职工素质工程教育培训基地挂牌授课",
            "首批“庆元工匠”出炉",
            "长兴纺织工匠竞技“国标”赛场",
            "书写新时代工会的“小营答卷”",
            "打造活力工会“朋友圈”",
            "让追梦者在“归谷”找到“归属”",
        ]
    );
    assert!(parsed.leftovers.is_empty(), "{:?}", parsed.leftovers);
}

#[test]
fn seed_paragraphs_are_rejoined_across_column_breaks() {
    let parsed = parse_page("seed.txt", SEED);
    let first = &parsed.articles[0];
    assert!(first
        .blocks
        .iter()
        .any(|b| b.text.ends_with("企业员工共成长的良好局面。")));
    for a in &parsed.articles {
        for b in a
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph && !b.truncated)
        {
            assert!(
                benbao_core::text::ends_sentence(&b.text),
                "{}: paragraph left open: {}",
                a.title,
                b.text
            );
        }
    }
    let truncated: Vec<_> = parsed
        .articles
        .iter()
        .flat_map(|a| a.blocks.iter().filter(|b| b.truncated))
        .collect();
    assert_eq!(truncated.len(), 1);
    assert!(truncated[0].text.ends_with("海外高层次人才、"));
}

#[test]
fn seed_ids_are_unique() {
    let parsed = parse_page("seed.txt", SEED);
    let mut ids: Vec<_> = parsed.articles.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8);
}

/// The whole parse of the seed, reviewed by eye; `cargo insta review` after a parser change.
#[test]
fn seed_parse_snapshot() {
    let parsed = parse_page("seed.txt", SEED);
    insta::assert_json_snapshot!("seed", parsed.articles);
}
