//! The reader's archive decoders (the fuzz targets `manifest`, `facets`,
//! `summaries`, `bodies`, `ids`, `shard`, `postings`, `calendar`, `month`): every input the
//! fuzzer ever found a problem with (`fuzz/regressions/<target>/`) and
//! the seeds it starts from (`fuzz/seeds/<target>/`) go through the same
//! checks as the targets, as do the files of a small archive written here.

use benbao_core::archive::{check_reader_invariants, FileKind};
use benbao_core::bundle::{Article, Block, BlockKind, Bundle};
use std::path::{Path, PathBuf};

const TARGETS: [(&str, FileKind); 9] = [
    ("manifest", FileKind::Manifest),
    ("facets", FileKind::Facets),
    ("summaries", FileKind::Summaries),
    ("bodies", FileKind::Bodies),
    ("ids", FileKind::IdShard),
    ("shard", FileKind::SearchShard),
    ("postings", FileKind::Postings),
    ("calendar", FileKind::Calendar),
    ("month", FileKind::Month),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// A small archive of sentences written for this test.
fn small_archive() -> Vec<(String, Vec<u8>)> {
    let article = |id: &str, title: &str, text: &str, date: Option<&str>, region: &str| {
        let mut a: Article = serde_json::from_value(serde_json::json!({
            "id": id, "title": title, "blocks": []
        }))
        .unwrap();
        a.blocks = vec![Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
            truncated: false,
        }];
        a.date = date.map(str::to_string);
        // Dated articles are printed on page 1 (an edition each).
        a.page = date.map(|_| "1".to_string());
        a.page_name = date.map(|_| "要闻".to_string());
        a.regions = vec![region.into()];
        a.topics = vec!["unions".into()];
        a
    };
    let bundle = Bundle::new(vec![
        article(
            "a1",
            "县工会慰问环卫工人",
            "县总工会走访了三个街道。",
            Some("2018-08-15"),
            "330212",
        ),
        article(
            "a2",
            "职工书屋开放",
            "新建的职工书屋周末开放。",
            None,
            "330200",
        ),
        article(
            "a3",
            "劳模工作室挂牌",
            "工作室由五名技术骨干组成。",
            Some("2019-01-02"),
            "330100",
        ),
    ]);
    benbao_core::write::build(
        &bundle,
        &benbao_core::write::Layout {
            summary_chunk: 2,
            body_chunk: 2,
            shards: 4,
            inline_postings: 1,
        },
    )
}

/// Which target reads an archive file, by its name.
fn kind_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "manifest.json" => "manifest",
        n if n.starts_with("facets-") => "facets",
        n if n.starts_with("sum-") => "summaries",
        n if n.starts_with("body-") => "bodies",
        n if n.starts_with("id/") => "ids",
        n if n.starts_with("s/") => "shard",
        n if n.starts_with("p/") => "postings",
        n if n.starts_with("editions-") => "calendar",
        n if n.starts_with("ed/") => "month",
        _ => return None,
    })
}

#[test]
fn every_input_found_and_every_seed_passes() {
    let mut checked = 0;
    for (target, kind) in TARGETS {
        for dir in ["regressions", "seeds"] {
            for entry in std::fs::read_dir(fuzz_dir().join(dir).join(target))
                .into_iter()
                .flatten()
                .flatten()
            {
                let bytes = std::fs::read(entry.path()).unwrap();
                // The targets take &str: libFuzzer skips inputs that are not UTF-8.
                if let Ok(text) = String::from_utf8(bytes) {
                    eprintln!("{}", entry.path().display());
                    check_reader_invariants(kind, &text);
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked >= TARGETS.len(),
        "the seeds are there ({checked} inputs)"
    );
}

#[test]
fn a_written_archive_passes_the_readers_checks() {
    let files = small_archive();
    for (name, bytes) in &files {
        let Some(target) = kind_of(name) else {
            continue;
        };
        let kind = TARGETS.iter().find(|t| t.0 == target).unwrap().1;
        let text = std::str::from_utf8(bytes).unwrap();
        check_reader_invariants(kind, text);
        if target == "postings" {
            // A postings file is a JSON string of the encoded numbers.
            let encoded: String = serde_json::from_str(text).unwrap();
            check_reader_invariants(kind, &encoded);
        }
    }
    let facets = files.iter().find(|f| f.0.starts_with("facets-")).unwrap();
    let facets: benbao_core::archive::Facets = serde_json::from_slice(&facets.1).unwrap();
    assert_eq!(facets.validate(3), Ok(()));
}

/// `cargo test -p benbao-core --test reader_fuzz_regressions -- --ignored`
/// writes the seeds (the small archive's files, one target each).
#[test]
#[ignore]
fn write_seeds() {
    for (name, bytes) in small_archive() {
        let Some(target) = kind_of(&name) else {
            continue;
        };
        let dir = fuzz_dir().join("seeds").join(target);
        std::fs::create_dir_all(&dir).unwrap();
        let file = name.replace('/', "-");
        let bytes = if target == "postings" {
            serde_json::from_slice::<String>(&bytes)
                .unwrap()
                .into_bytes()
        } else {
            bytes
        };
        std::fs::write(dir.join(file), bytes).unwrap();
    }
}
