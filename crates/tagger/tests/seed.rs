//! The seed's articles get the places and topics a reader would give them.

use benbao_core::page::parse_page;
use benbao_tagger::Tagger;

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

mod common;

fn tagger() -> Tagger {
    common::tagger("330000")
}

#[test]
fn seed_articles_are_tagged_as_a_reader_would() {
    let t = tagger();
    // (regions exactly, topics that must be there)
    let expected: [(&[&str], &[&str]); 8] = [
        (&["330000"], &["honors"]), // 邮储银行浙江省分行工会: the province branch
        (&["330211", "330825"], &["cooperation", "services"]), // 镇海 and 龙游, not 宁波/衢州 in passing
        (&["330327"], &["training"]),                          // 苍南县
        (&["331126"], &["craftsmen", "honors"]),               // 庆元县
        (&["330522"], &["competition", "craftsmen"]),          // 长兴县, not 浙江 of a company name
        (&["330102004"], &["organization", "services"]),       // 小营街道, 上城区
        (&["330206003"], &["organization", "services"]),       // 小港街道, 北仑区
        (&["330421002"], &["cooperation", "innovation"]), // 罗星街道, 嘉善县; not 嘉兴 in passing
    ];
    let articles = parse_page("seed.txt", SEED).articles;
    assert_eq!(articles.len(), expected.len());
    let t_is_group = |id: &&String| t.taxonomy.is_group(id);
    for (mut a, (regions, topics)) in articles.into_iter().zip(expected) {
        t.tag(&mut a);
        assert_eq!(a.regions, regions, "{}: regions", a.title);
        for topic in topics {
            assert!(
                a.topics.iter().any(|x| x == topic),
                "{}: missing topic {topic}, got {:?}",
                a.title,
                a.topics
            );
        }
        let leaves = a.topics.iter().filter(|id| !t_is_group(id)).count();
        assert!(leaves <= 6, "{}: too many topics {:?}", a.title, a.topics);
        let ev = a.evidence.as_ref().unwrap();
        assert!(
            ev.regions.iter().all(|e| !e.matches.is_empty())
                && ev.topics.iter().all(|e| !e.matches.is_empty())
        );
    }
}

#[test]
fn dictionaries_name_tagged_places_and_their_ancestors() {
    let t = tagger();
    let mut articles = parse_page("seed.txt", SEED).articles;
    for a in &mut articles {
        t.tag(a);
    }
    let (places, topics) = t.dictionaries(&articles);
    assert_eq!(places["330102004"].name, "小营街道");
    assert_eq!(places["330102004"].parent.as_deref(), Some("330102"));
    assert_eq!(places["330102"].name, "上城区");
    assert_eq!(places["330100"].pinyin, "Hangzhou");
    assert_eq!(places["330000"].parent, None);
    assert_eq!(topics["training"].zh, "职工培训");
}

#[test]
fn gazetteer_has_all_of_zhejiang() {
    let g = tagger().gazetteer;
    use benbao_core::Level;
    let count = |l: Level| {
        g.places()
            .iter()
            .filter(|p| p.level == l && p.code.starts_with("33"))
            .count()
    };
    assert_eq!(
        (
            count(Level::Province),
            count(Level::City),
            count(Level::County)
        ),
        (1, 11, 90)
    );
    // After the 2021 Hangzhou changes: no 江干区 or 下城区; 临平区 and 钱塘区 exist.
    assert!(g.place("330104").is_none() && g.place("330103").is_none());
    assert_eq!(g.place("330113").unwrap().name, "临平区");
    assert_eq!(g.place("330114").unwrap().name, "钱塘区");
}
