//! The archive's tests: written, read back, checked.

#![allow(unused_imports)]

use crate::archive::*;
use crate::bundle::{stable_id, Article, Block, Bundle, PlaceInfo, TopicInfo};
use crate::check::*;
use crate::date::*;
use crate::search::terms;
use crate::write::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::parse_page;

    const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

    fn list<T: serde::de::DeserializeOwned>(files: &HashMap<String, Vec<u8>>, name: &str) -> T {
        serde_json::from_slice(&files[name]).unwrap()
    }

    /// A search's two readers over an archive's files: shard by number,
    /// long postings by file name.
    fn readers<'a>(
        files: &'a HashMap<String, Vec<u8>>,
        manifest: &Manifest,
    ) -> (
        impl Fn(u32) -> Option<Shard> + 'a,
        impl Fn(&str) -> Option<String> + 'a,
    ) {
        let shard_files: ShardFiles = list(files, &manifest.search_files);
        let shard = move |n: u32| {
            shard_files
                .get(&n)
                .map(|f| serde_json::from_slice::<Shard>(&files[f]).unwrap())
        };
        let postings = |name: &str| {
            files
                .get(name)
                .map(|b| serde_json::from_slice::<String>(b).unwrap())
        };
        (shard, postings)
    }

    fn archive() -> (Bundle, HashMap<String, Vec<u8>>, Manifest) {
        let mut articles = parse_page("seed.txt", SEED).articles;
        for (i, a) in articles.iter_mut().enumerate() {
            a.date = Some(format!("2018-0{}-1{i}", 1 + i % 9));
            a.topics = vec![["training", "honors"][i % 2].to_string()];
            a.regions = vec!["330211".into()];
        }
        let bundle = Bundle::new(articles);
        let files: HashMap<String, Vec<u8>> = build(
            &bundle,
            &Layout {
                summary_chunk: 3,
                body_chunk: 2,
                shards: 16,
                inline_postings: 2,
            },
        )
        .into_iter()
        .collect();
        let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
        (bundle, files, manifest)
    }

    #[test]
    fn search_over_shards_equals_a_full_scan() {
        let (bundle, files, manifest) = archive();
        let texts: Vec<String> = bundle.articles.iter().map(search_text).collect();
        let (shard, postings) = readers(&files, &manifest);
        assert!(
            files.keys().any(|f| f.starts_with("p/")),
            "postings longer than 2 bytes have a file of their own (the catalogue's tests keep them in shards)"
        );
        for q in [
            "工",
            "工会",
            "工匠精神",
            "镇海、龙游",
            "海外高层次人才",
            "职工 培训",
            "不存在的词",
            "A",
        ] {
            let terms = terms(q);
            let expected: Vec<u32> = (0..texts.len() as u32)
                .filter(|&i| terms.iter().all(|t| texts[i as usize].contains(t.as_str())))
                .collect();
            assert_eq!(
                search(q, manifest.shards, &shard, &postings, |i| texts[i as usize]
                    .clone()),
                Ok(expected),
                "{q}"
            );
        }
    }

    #[test]
    fn short_terms_need_no_text() {
        let (_, files, manifest) = archive();
        let (shard, postings) = readers(&files, &manifest);
        let found = search("工会", manifest.shards, &shard, &postings, |_| {
            panic!("2-character terms are exact by postings")
        })
        .unwrap();
        assert!(!found.is_empty());
    }

    #[test]
    fn an_archive_checks_clean_and_tampering_is_found() {
        let (_, mut files, manifest) = archive();
        assert_eq!(
            problems(&manifest, &mut |n| files.get(n).cloned()),
            Vec::<String>::new()
        );
        let summary_files: SummaryFiles = list(&files, &manifest.summary_files);
        assert_eq!(summary_files.len(), 3, "8 articles in chunks of 3");
        let victim = summary_files[0].clone();
        files.insert(victim.clone(), b"[]".to_vec());
        let found = problems(&manifest, &mut |n| files.get(n).cloned());
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(&format!("{victim}: its content does not match"))),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with(&format!(
                "{victim}: 0 articles, the manifest makes chunk 0 hold 3"
            ))),
            "a short chunk is named: {found:?}"
        );
        files.remove(&manifest.facets);
        assert!(problems(&manifest, &mut |n| files.get(n).cloned())
            .iter()
            .any(|p| p.ends_with("missing")));
        // A list naming a file outside the archive is refused, not read.
        let hostile = serde_json::to_vec(&vec!["../../etc/passwd"]).unwrap();
        files.insert(manifest.summary_files.clone(), hostile);
        let found = problems(&manifest, &mut |n| {
            assert!(!n.contains(".."), "{n} was read");
            files.get(n).cloned()
        });
        assert!(
            found
                .iter()
                .any(|p| p.contains("not a file of the archive")),
            "{found:?}"
        );
    }

    #[test]
    fn facets_decode_dates_and_topics() {
        let (bundle, files, manifest) = archive();
        let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
        let mut day = 0;
        for (i, d) in facets.dates.iter().enumerate() {
            day += d;
            assert_eq!(
                Some(day),
                days_of(bundle.articles[i].date.as_deref().unwrap())
            );
        }
        assert_eq!(days_of("1970-01-01"), Some(0));
        assert_eq!(days_of("2000-02-29"), Some(11016));
        let training = facets
            .topic_table
            .iter()
            .position(|t| t == "training")
            .unwrap();
        assert_eq!(facets.topics[0] & (1 << training), 1 << training);
    }

    #[test]
    fn ids_lead_to_articles_and_parts_rebuild_them() {
        let (bundle, files, manifest) = archive();
        let json =
            |name: &str| -> serde_json::Value { serde_json::from_slice(&files[name]).unwrap() };
        let ids: ShardFiles = list(&files, &manifest.id_files);
        let body_files: BodyFiles = list(&files, &manifest.body_files);
        let summary_files: SummaryFiles = list(&files, &manifest.summary_files);
        for (i, a) in bundle.articles.iter().enumerate() {
            let shard: IdShard =
                serde_json::from_value(json(&ids[&shard_of(&a.id, manifest.id_shards)])).unwrap();
            assert_eq!(shard[&a.id], i as u32);
            let sums: Vec<Summary> =
                serde_json::from_value(json(&summary_files[i / manifest.summary_chunk])).unwrap();
            let bodies: Vec<Body> =
                serde_json::from_value(json(&body_files[i / manifest.body_chunk])).unwrap();
            let back = article(
                &sums[i % manifest.summary_chunk],
                &bodies[i % manifest.body_chunk],
            );
            assert_eq!((&back.regions, &back.topics), (&a.regions, &a.topics));
            assert_eq!(
                search_text(&back),
                search_text(a),
                "verification sees the text search would"
            );
            assert_eq!(
                (back.title.as_str(), back.blocks.len()),
                (a.title.as_str(), a.blocks.len())
            );
        }
    }

    #[test]
    fn the_overview_is_what_the_facets_give() {
        let (bundle, files, manifest) = archive();
        let facets: Facets = serde_json::from_slice(&files[&manifest.facets]).unwrap();
        let catalog = crate::catalog::Catalog::from_facets(&facets, &manifest.overview.topic_order);
        let all = crate::query::Query::default();
        let counts = catalog.counts(&all, None);
        let o = &manifest.overview;
        assert_eq!(
            (&o.regions, &o.topics, &o.years),
            (&counts.regions, &counts.topics, &counts.years)
        );
        assert_eq!(o.newest, catalog.results(&all, None));
        let first: Vec<Summary> = o
            .newest
            .iter()
            .take(FIRST_PAGE)
            .map(|&i| summary(&bundle.articles[i as usize]))
            .collect();
        assert_eq!(
            o.first_page, first,
            "the first page's summaries, newest first"
        );
        assert_eq!(o.topic_order, catalog.all_topics());
    }

    #[test]
    fn a_shard_reads_both_kinds_of_postings_and_names_a_bad_one() {
        use crate::archive::{Posting, Shard};
        let shard: Shard =
            serde_json::from_str(r#"{"工":"AbC","畲":{"file":"p-1.json","later":[1]}}"#).unwrap();
        assert_eq!(shard["工"], Posting::Here("AbC".into()));
        assert_eq!(
            shard["畲"],
            Posting::File {
                file: "p-1.json".into()
            }
        );
        // What the writer writes reads back the same.
        let again: Shard = serde_json::from_str(&serde_json::to_string(&shard).unwrap()).unwrap();
        assert_eq!(again, shard);
        for bad in [r#"{"工":7}"#, r#"{"工":{"name":"x"}}"#, r#"{"工":["a"]}"#] {
            let e = serde_json::from_str::<Shard>(bad).unwrap_err().to_string();
            assert!(e.contains("postings") || e.contains("file"), "{bad}: {e}");
        }
    }

    #[test]
    fn postings_encode_as_gaps_or_a_bitmap() {
        assert_eq!(encode_postings(&[]), "AA");
        // Few and far apart: varint gaps (tag 0): 3, 4, 300 - 7 = 293 = 0xa5 0x02.
        let sparse = [3, 7, 300];
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&sparse),
        )
        .unwrap();
        assert_eq!(bytes, [0, 3, 4, 0xa5, 0x02]);
        // Most of the articles: a bitmap (tag 1).
        let dense: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&dense),
        )
        .unwrap();
        assert_eq!((bytes[0], bytes.len()), (1, 1 + 1000 / 8));
        // Nearly all of them: runs (tag 2): 0..=99 then 101..=999 is
        // (0, 99), (1, 898 = 0x82 0x07).
        let runs: Vec<u32> = (0..1000).filter(|&i| i != 100).collect();
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            encode_postings(&runs),
        )
        .unwrap();
        assert_eq!(bytes, [2, 0, 99, 1, 0x82, 0x07]);
        for list in [
            &sparse[..],
            &dense,
            &runs,
            &[0],
            &[u32::MAX - 1, u32::MAX][..],
        ] {
            assert_eq!(decode_postings(&encode_postings(list)).as_deref(), Ok(list));
        }
        for (bad, why) in [
            ("", "empty"),
            ("!!", "not base64"),
            ("AIA", "cut off"),
            ("AwA", "unknown encoding"),
            // Tag 2: an odd number of values, runs that touch, a huge run.
            ("AgA", "cut off"),
            ("AgAAAAA", "runs touch"),
            ("Av////8P", "cut off"),
            ("AgD/////Dw", "more than"),
            ("AAEA", "numbers repeat"),
        ] {
            let e = decode_postings(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }
}

#[cfg(test)]
mod postings_props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn postings_round_trip(set in prop::collection::btree_set(0u32..5000, 0..800)) {
            let list: Vec<u32> = set.into_iter().collect();
            prop_assert_eq!(decode_postings(&encode_postings(&list)), Ok(list));
        }

        #[test]
        fn any_text_decodes_or_errs(text in ".{0,40}") {
            let _ = decode_postings(&text);
        }
    }
}

#[cfg(test)]
mod manifest_checks {
    use super::*;

    fn manifest() -> Manifest {
        let bundle = crate::Bundle::new(Vec::new());
        let files = build(&bundle, &Layout::default());
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name == "manifest.json")
            .expect("a manifest");
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn a_built_manifest_is_valid() {
        assert_eq!(manifest().validate(), Ok(()));
    }

    #[test]
    fn numbers_the_reader_divides_by_are_checked() {
        type Damage = (&'static str, fn(&mut Manifest));
        let cases: [Damage; 8] = [
            ("summary_chunk is 0", |m| m.summary_chunk = 0),
            ("body_chunk is 0", |m| m.body_chunk = 0),
            ("summary_chunk is 1000000", |m| m.summary_chunk = 1_000_000),
            ("shards is 0", |m| m.shards = 0),
            ("id_shards is 0", |m| m.id_shards = 0),
            ("articles is", |m| m.articles = usize::MAX),
            ("overview.newest names article 5", |m| {
                m.overview.newest = vec![5]
            }),
            ("is not a file name", |m| {
                m.facets = "../../etc/passwd".into()
            }),
        ];
        for (want, damage) in cases {
            let mut m = manifest();
            damage(&mut m);
            let e = m.validate().expect_err(want);
            assert!(e.contains(want), "{want:?} not in {e:?}");
        }
    }

    #[test]
    fn file_names_stay_inside_the_archive() {
        for ok in ["facets-abc.json", "s/1-abc.json"] {
            assert!(is_file_name(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "https://x/y",
            "a//b",
            "a\\b",
            "./a",
        ] {
            assert!(!is_file_name(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod body_fields {
    use super::*;

    #[test]
    fn paper_and_page_travel_with_the_body() {
        let mut a: crate::Article = serde_json::from_value(serde_json::json!({
            "id": "a1", "title": "标题", "paper": "本地日报", "page": "3",
            "blocks": [{"kind": "paragraph", "text": "正文。"}]
        }))
        .unwrap();
        a.date = Some("2024-05-01".into());
        let bundle = crate::Bundle::new(vec![a]);
        let files = build(&bundle, &Layout::for_articles(1));
        let body_file = files
            .iter()
            .find(|(n, _)| n.starts_with("body-"))
            .expect("a body chunk");
        let bodies: Vec<Body> = serde_json::from_slice(&body_file.1).unwrap();
        let back = article(&summary(&bundle.articles[0]), &bodies[0]);
        assert_eq!(
            (back.paper.as_deref(), back.page.as_deref()),
            (Some("本地日报"), Some("3"))
        );
    }
}

#[cfg(test)]
mod editions_written {
    use super::*;
    use crate::archive::editions::{
        neighbours, validate_calendar, validate_month, Calendar, MonthFile,
    };

    fn paged(id: &str, date: Option<&str>, page: Option<&str>, name: Option<&str>) -> Article {
        let mut a: Article = serde_json::from_value(serde_json::json!({
            "id": id, "title": format!("标题{id}"),
            "blocks": [{"kind": "paragraph", "text": "正文。"}]
        }))
        .unwrap();
        a.date = date.map(String::from);
        a.page = page.map(String::from);
        a.page_name = name.map(String::from);
        a
    }

    #[test]
    fn dated_paged_articles_make_editions_in_printed_order() {
        let bundle = Bundle::new(vec![
            paged("a1", Some("2018-08-15"), Some("2"), Some("综合")),
            paged("a2", Some("2018-08-15"), Some("1"), Some("要闻")),
            paged("a3", Some("2018-08-15"), Some("2"), None),
            paged("a4", Some("2018-09-01"), Some("1"), None),
            paged("a5", None, Some("1"), None),
            paged("a6", Some("2018-08-16"), None, None),
            // A page label that cannot go into an address: not an edition's.
            paged("a7", Some("2018-08-17"), Some("第3/4版"), None),
        ]);
        let files: HashMap<String, Vec<u8>> = build(&bundle, &Layout::for_articles(7))
            .into_iter()
            .collect();
        let m: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(m.latest_edition.as_deref(), Some("2018-09-01"));
        let calendar: Calendar =
            serde_json::from_slice(&files[m.editions.as_ref().unwrap()]).unwrap();
        assert!(validate_calendar(&calendar).is_ok());
        assert_eq!(
            calendar
                .iter()
                .map(|(k, v)| (k.as_str(), v.days.clone()))
                .collect::<Vec<_>>(),
            [("2018-08", vec![15]), ("2018-09", vec![1])]
        );
        assert_eq!(
            neighbours(&calendar, "2018-08-15"),
            (None, Some("2018-09-01".into()))
        );
        let august: MonthFile = serde_json::from_slice(&files[&calendar["2018-08"].file]).unwrap();
        assert!(validate_month(&august, "2018-08", 7).is_ok());
        let pages: Vec<(&str, Option<&str>, Vec<u32>)> = august[0]
            .pages
            .iter()
            .map(|p| {
                (
                    p.page.as_str(),
                    p.name.as_deref(),
                    p.articles.iter().map(|h| h.n).collect(),
                )
            })
            .collect();
        assert_eq!(
            pages,
            [
                ("1", Some("要闻"), vec![1]),
                ("2", Some("综合"), vec![0, 2])
            ]
        );
        let problems = crate::check::problems(&m, &mut |n| files.get(n).cloned());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn undated_or_unpaged_content_has_no_editions() {
        let bundle = Bundle::new(vec![
            paged("a1", None, Some("1"), None),
            paged("a2", Some("2018-08-15"), None, None),
        ]);
        let files = build(&bundle, &Layout::for_articles(2));
        let m: Manifest =
            serde_json::from_slice(&files.iter().find(|f| f.0 == "manifest.json").unwrap().1)
                .unwrap();
        assert_eq!((m.editions, m.latest_edition), (None, None));
        assert!(!files
            .iter()
            .any(|(n, _)| n.starts_with("editions-") || n.starts_with("ed/")));
    }
}
