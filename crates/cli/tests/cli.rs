//! The `benbao` binary as an editor meets it: files in, bundle or clear error out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

fn benbao(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_benbao"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("benbao runs")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("benbao-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The committed default bundle is what `benbao ingest content/*.txt` makes now.
#[test]
fn committed_default_bundle_is_fresh() {
    let root = workspace();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    pages.sort();
    let out = temp_dir("fresh").join("bundle.json");
    let output = Command::new(env!("CARGO_BIN_EXE_benbao"))
        .arg("ingest")
        .args(pages.iter().map(|p| p.strip_prefix(&root).unwrap()))
        .args(["--config", "content/benbao.toml"])
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let fresh = std::fs::read_to_string(&out).unwrap();
    let committed =
        std::fs::read_to_string(root.join("public/data/bundle.json")).unwrap_or_default();
    assert!(
        fresh == committed,
        "public/data/bundle.json is stale: run `cargo xtask bundle` and commit public/data/bundle.json"
    );
}

#[test]
fn ingest_writes_a_bundle_that_check_accepts() {
    let dir = temp_dir("ok");
    std::fs::write(dir.join("page.txt"), SEED).unwrap();
    let o = benbao(&["ingest", "page.txt", "--out", "out/bundle.json"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("8 articles"), "{}", stderr(&o));
    let o = benbao(&["check", "out/bundle.json"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok, 8 articles"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let dir = temp_dir("determinism");
    std::fs::write(dir.join("page.txt"), SEED).unwrap();
    assert!(benbao(&["ingest", "page.txt", "--out", "a.json"], &dir)
        .status
        .success());
    assert!(benbao(&["ingest", "page.txt", "--out", "b.json"], &dir)
        .status
        .success());
    assert_eq!(
        std::fs::read(dir.join("a.json")).unwrap(),
        std::fs::read(dir.join("b.json")).unwrap()
    );
}

/// Writes the seed as `good.txt`, ingests it into `bundle.json` and returns
/// that bundle, for the bad-input tests to check it is left alone.
fn good_bundle(dir: &Path) -> Vec<u8> {
    std::fs::write(dir.join("good.txt"), SEED).unwrap();
    assert!(benbao(&["ingest", "good.txt", "--out", "bundle.json"], dir)
        .status
        .success());
    std::fs::read(dir.join("bundle.json")).unwrap()
}

/// Ingesting `good.txt` with each bad file fails with its message, in one
/// line, and leaves `bundle.json` (`good`) as it was.
fn refused_with_one_clear_message(dir: &Path, cases: &[(&str, &str)], good: &[u8]) {
    for (file, message) in cases {
        let o = benbao(&["ingest", "good.txt", file, "--out", "bundle.json"], dir);
        assert!(!o.status.success(), "{file} was accepted");
        assert!(stderr(&o).contains(message), "{file}: {}", stderr(&o));
        assert_eq!(
            stderr(&o).lines().count(),
            1,
            "{file}: one clear message: {}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(dir.join("bundle.json")).unwrap(),
            good,
            "{file} changed the bundle"
        );
    }
}

#[test]
fn bad_pages_fail_clearly_and_leave_the_old_bundle_alone() {
    let dir = temp_dir("bad");
    let good = good_bundle(&dir);

    std::fs::write(dir.join("empty.txt"), "\n \n").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x89PNG\r\n\x1a\n\x00\x01\x02").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"title\n\ncaf\xe9\n").unwrap();
    std::fs::write(dir.join("prose.txt"), "这只是一句话。\n\n又一句话。\n").unwrap();
    let cases = [
        ("missing.txt", "missing.txt: cannot read the file"),
        ("empty.txt", "empty.txt: the file is empty"),
        ("binary.txt", "binary.txt:3: byte 8 is a NUL"),
        ("latin1.txt", "latin1.txt:3: invalid UTF-8 at byte 10"),
        ("prose.txt", "prose.txt:1: no article found"),
    ];
    refused_with_one_clear_message(&dir, &cases, &good);
}

/// A one-page PDF with `objects` after the catalog, page tree and page
/// (objects 1–3), and `trailer` added to its trailer.
fn pdf(more: &[&str], trailer: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>".to_string(),
    ];
    objects.extend(more.iter().map(|s| s.to_string()));
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn bad_pdfs_fail_clearly_and_leave_the_old_bundle_alone() {
    let dir = temp_dir("bad-pdf");
    let good = good_bundle(&dir);
    std::fs::write(dir.join("scanned.pdf"), pdf(&[], "")).unwrap();
    let key = "ab".repeat(16);
    std::fs::write(
        dir.join("locked.pdf"),
        pdf(
            &[&format!(
                "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -4 >>",
                "00".repeat(32),
                "11".repeat(32)
            )],
            &format!("/Encrypt 4 0 R /ID [<{key}><{key}>]"),
        ),
    )
    .unwrap();
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.4\n\x00\x01\x02").unwrap();
    std::fs::write(dir.join("renamed.pdf"), "这只是一句话。\n").unwrap();
    let cases = [
        (
            "scanned.pdf",
            "scanned.pdf: the PDF has no text layer (a scanned page?)",
        ),
        ("locked.pdf", "locked.pdf: the PDF is encrypted"),
        (
            "broken.pdf",
            "broken.pdf: pdftotext could not read this PDF",
        ),
        (
            "renamed.pdf",
            "renamed.pdf: the file is called .pdf but is not a PDF",
        ),
    ];
    refused_with_one_clear_message(&dir, &cases, &good);
}

#[test]
fn page_furniture_fills_paper_date_and_page_unless_the_editor_says() {
    let dir = temp_dir("furniture");
    std::fs::write(
        dir.join("p.txt"),
        "河滨日报 2022年5月6日 星期五 第3版 综合\n\n工会夜校开学\n\n本报讯 记者张三报道 工会夜校开学了。\n\n责任编辑 王小五\n",
    )
    .unwrap();
    let read = |args: &[&str]| {
        let mut all = vec!["ingest", "p.txt", "--out", "b.json"];
        all.extend_from_slice(args);
        let o = benbao(&all, &dir);
        assert!(o.status.success(), "{}", stderr(&o));
        let b: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("b.json")).unwrap()).unwrap();
        let a = &b["articles"][0];
        (
            a["paper"].as_str().unwrap_or("").to_string(),
            a["date"].as_str().unwrap_or("").to_string(),
            a["page"].as_str().unwrap_or("").to_string(),
            a["blocks"].to_string(),
        )
    };
    let (paper, date, page, blocks) = read(&[]);
    assert_eq!(
        (paper.as_str(), date.as_str(), page.as_str()),
        ("河滨日报", "2022-05-06", "3")
    );
    assert!(
        !blocks.contains("责任编辑"),
        "furniture in the text: {blocks}"
    );
    let (paper, date, page, _) = read(&[
        "--paper",
        "山河晚报",
        "--date",
        "2022-05-07",
        "--page",
        "A2",
    ]);
    assert_eq!(
        (paper.as_str(), date.as_str(), page.as_str()),
        ("山河晚报", "2022-05-07", "A2")
    );
}

#[test]
fn page_shows_the_rules_behind_each_split() {
    let dir = temp_dir("page");
    std::fs::write(
        dir.join("p.txt"),
        "河滨日报 2022年5月6日 星期五 第3版 综合\n\n工会夜校开学\n\n本报讯 记者张三报道 工会夜校开学了。\n",
    )
    .unwrap();
    let o = benbao(&["page", "p.txt"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("page: paper 河滨日报, date 2022-05-06, page 3 综合"),
        "{out}"
    );
    assert!(out.contains("p.txt:3: article +"), "{out}");
    assert!(out.contains("DatelineFollows +6"), "{out}");
}

#[test]
fn check_names_what_is_wrong_and_where() {
    let dir = temp_dir("check");
    std::fs::write(
        dir.join("bad.json"),
        r#"{"schema": 1, "articles": [{"id": "A B", "title": "", "blocks": []}]}"#,
    )
    .unwrap();
    let o = benbao(&["check", "bad.json"], &dir);
    assert!(!o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("bad.json: /articles/0/id:"), "{out}");
    assert!(
        out.contains("bad.json: /articles/0/title: title is empty"),
        "{out}"
    );
    std::fs::write(dir.join("notjson.json"), "<html>502 Bad Gateway</html>").unwrap();
    let o = benbao(&["check", "notjson.json"], &dir);
    assert!(
        stderr(&o).contains("notjson.json:1:1: not a schema-1 bundle"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn json_schema_in_docs_is_current() {
    let o = benbao(&["schema"], &workspace());
    assert!(o.status.success());
    let committed =
        std::fs::read_to_string(workspace().join("docs/bundle.schema.json")).unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&o.stdout) == committed,
        "docs/bundle.schema.json is stale: run `cargo run -p benbao-cli -- schema > docs/bundle.schema.json`"
    );
}

#[test]
fn metadata_flags_apply_to_every_article() {
    let dir = temp_dir("meta");
    std::fs::write(dir.join("page.txt"), SEED).unwrap();
    let o = benbao(
        &[
            "ingest",
            "page.txt",
            "--paper",
            "浙江工人日报",
            "--date",
            "2018-08-15",
            "--page",
            "3",
            "--out",
            "b.json",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("b.json")).unwrap()).unwrap();
    for a in b["articles"].as_array().unwrap() {
        assert_eq!(
            (a["paper"].as_str(), a["date"].as_str(), a["page"].as_str()),
            (Some("浙江工人日报"), Some("2018-08-15"), Some("3"))
        );
    }
    let o = benbao(
        &[
            "ingest",
            "page.txt",
            "--date",
            "15/08/2018",
            "--out",
            "c.json",
        ],
        &dir,
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("is not a date like 2018-08-15"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn structured_input_is_validated_and_tagged_like_pages() {
    let dir = temp_dir("ndjson");
    std::fs::write(
        dir.join("a.ndjson"),
        concat!(
            "{\"title\": \"龙游县开展职工技能培训\", \"text\": \"龙游县总工会举办培训班。\\n\\n培训覆盖龙游县企业职工。\"}\n",
            "{\"title\": \"手工标注\", \"text\": \"正文。\", \"regions\": [\"330211\"], \"topics\": [\"honors\"]}\n",
        ),
    )
    .unwrap();
    let o = benbao(&["ingest", "a.ndjson", "--out", "b.json"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let b: benbao_core::Bundle =
        serde_json::from_slice(&std::fs::read(dir.join("b.json")).unwrap()).unwrap();
    assert_eq!(b.articles[0].regions, ["330825"]);
    assert_eq!(
        b.articles[0].topics,
        ["training", "unions"],
        "a topic brings its group"
    );
    assert_eq!(
        (
            b.articles[1].regions.as_slice(),
            b.articles[1].topics.as_slice()
        ),
        (
            &["330211".to_string()][..],
            &["honors".to_string(), "unions".to_string()][..]
        )
    );
    assert_eq!(b.topics["unions"].zh, "工会与职工");
    assert_eq!(b.topics["training"].parent.as_deref(), Some("unions"));
    assert_eq!(b.places["330825"].name, "龙游县");

    std::fs::write(
        dir.join("bad.ndjson"),
        "{\"title\": \"t\", \"text\": \"x\", \"regions\": [\"999999\"]}\n",
    )
    .unwrap();
    let o = benbao(&["ingest", "bad.ndjson", "--out", "b.json"], &dir);
    assert!(
        stderr(&o)
            .contains("bad.ndjson:1: article \"t\": region \"999999\" is not in the gazetteer"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bundle_can_be_ingested_again() {
    let root = workspace();
    let dir = temp_dir("reingest");
    std::fs::copy(root.join("public/data/bundle.json"), dir.join("in.json")).unwrap();
    let o = benbao(&["ingest", "in.json", "--out", "out.json"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let a: benbao_core::Bundle =
        serde_json::from_slice(&std::fs::read(dir.join("in.json")).unwrap()).unwrap();
    let b: benbao_core::Bundle =
        serde_json::from_slice(&std::fs::read(dir.join("out.json")).unwrap()).unwrap();
    let strip = |b: &benbao_core::Bundle| {
        b.articles
            .iter()
            .map(|a| {
                (
                    a.id.clone(),
                    a.title.clone(),
                    a.regions.clone(),
                    a.topics.clone(),
                    a.blocks.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn regions_lists_the_gazetteer() {
    let o = benbao(&["regions", "--json"], &workspace());
    assert!(o.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let zhenhai = list.iter().find(|p| p["code"] == "330211").unwrap();
    assert_eq!(zhenhai["name"], "镇海区");
    assert_eq!(zhenhai["level"], "county");
    assert_eq!(zhenhai["parent"], "330200");
    assert_eq!(zhenhai["pinyin"], "Zhenhai");
    assert_eq!(zhenhai["aliases"][0], "镇海");
    let in_zhejiang = |level: &str| {
        list.iter()
            .filter(|p| p["level"] == level && p["code"].as_str().unwrap().starts_with("33"))
            .count()
    };
    assert_eq!((in_zhejiang("city"), in_zhejiang("county")), (11, 90));
    assert!(
        list.iter().filter(|p| p["level"] == "county").count() > 2800,
        "every county of China"
    );
    let putuo: Vec<_> = list.iter().filter(|p| p["name"] == "普陀区").collect();
    assert_eq!(putuo.len(), 2, "舟山's and 上海's");
    assert_eq!(
        list.iter().find(|p| p["code"] == "310107").unwrap()["parent"],
        "310000",
        "a municipality's districts hang under it"
    );
}

/// A page of tens of megabytes is processed, not rejected.
#[test]
fn a_very_large_page_is_processed() {
    let dir = temp_dir("large");
    let copies = 20 * 1024 * 1024 / SEED.len() + 1;
    std::fs::write(dir.join("big.txt"), SEED.repeat(copies)).unwrap();
    let o = benbao(&["ingest", "big.txt", "--out", "b.json"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{} articles", 8 * copies)),
        "{}",
        stderr(&o)
    );
}

#[test]
fn archives_are_written_whole_and_checked() {
    let dir = temp_dir("archive");
    assert!(
        benbao(&["synth", "--articles", "300", "--out", "synth"], &dir)
            .status
            .success()
    );
    let first = std::fs::read(dir.join("synth/articles.ndjson")).unwrap();
    assert!(
        benbao(&["synth", "--articles", "300", "--out", "synth2"], &dir)
            .status
            .success()
    );
    assert_eq!(
        first,
        std::fs::read(dir.join("synth2/articles.ndjson")).unwrap(),
        "synth is deterministic"
    );

    let o = benbao(
        &["ingest", "synth/articles.ndjson", "--archive", "arch"],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = benbao(&["check", "arch"], &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("archive of 300 articles"));

    // A tampered file is found; a failed rebuild leaves the archive as it was.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("arch/manifest.json")).unwrap()).unwrap();
    let facets = manifest["facets"].as_str().unwrap().to_string();
    std::fs::write(dir.join("arch").join(&facets), "{}").unwrap();
    let o = benbao(&["check", "arch/manifest.json"], &dir);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains(&format!("{facets}: its content does not match")));
    std::fs::write(dir.join("bad.ndjson"), "{\"title\": \"\"}\n").unwrap();
    assert!(
        !benbao(&["ingest", "bad.ndjson", "--archive", "arch"], &dir)
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("arch").join(&facets)).unwrap(),
        "{}"
    );
}

/// `--home` says what 我省 means and where a shared name goes; a wrong code is refused.
#[test]
fn the_home_region_decides_shared_names() {
    let dir = temp_dir("home");
    std::fs::write(
        dir.join("a.ndjson"),
        "{\"title\": \"普陀区职工运动会开幕\", \"text\": \"普陀区各单位职工参加。我省职工踊跃。\"}\n",
    )
    .unwrap();
    let regions = |home: &str| {
        let o = benbao(
            &["ingest", "a.ndjson", "--home", home, "--out", "b.json"],
            &dir,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let b: benbao_core::Bundle =
            serde_json::from_slice(&std::fs::read(dir.join("b.json")).unwrap()).unwrap();
        assert_eq!(b.home.as_deref(), Some(home));
        b.articles[0].regions.clone()
    };
    assert_eq!(
        regions("330000"),
        ["330903"],
        "a Zhejiang paper: 舟山's 普陀区"
    );
    assert_eq!(regions("310000"), ["310107"], "a Shanghai paper: 上海's");
    let o = benbao(
        &["ingest", "a.ndjson", "--home", "339999", "--out", "b.json"],
        &dir,
    );
    assert!(
        stderr(&o).contains("--home: home \"339999\" is not a code of the gazetteer"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.join("paper.toml"),
        "paper = \"上海工人报\"\nhome = \"310000\"\n",
    )
    .unwrap();
    let o = benbao(
        &[
            "ingest",
            "a.ndjson",
            "--config",
            "paper.toml",
            "--out",
            "b.json",
        ],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let b: benbao_core::Bundle =
        serde_json::from_slice(&std::fs::read(dir.join("b.json")).unwrap()).unwrap();
    assert_eq!(
        (
            b.articles[0].paper.as_deref(),
            b.articles[0].regions.as_slice()
        ),
        (Some("上海工人报"), &["310107".to_string()][..])
    );
}

/// `benbao eval` measures labelled articles and lists what went wrong.
#[test]
fn eval_reports_per_level_and_lists_misses() {
    let dir = temp_dir("eval");
    std::fs::write(
        dir.join("a.ndjson"),
        concat!(
            "{\"id\": \"x1\", \"title\": \"义乌市总工会为环卫工人送清凉\", \"text\": \"义乌市总工会走访慰问一线职工,送上慰问品。\"}\n",
            "{\"id\": \"x2\", \"title\": \"职工运动会开幕\", \"text\": \"南昌市西湖区总工会举办拔河比赛。\"}\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("labels.json"),
        r#"{"papers": {"p": {"home": "330000"}},
            "articles": [
              {"id": "x1", "paper": "p", "regions": ["330782"], "topics": ["services"]},
              {"id": "x2", "paper": "p", "regions": ["360103"], "topics": ["culture"], "trap": true},
              {"id": "x3", "paper": "p", "regions": ["330100"], "topics": ["services"]}
            ]}"#,
    )
    .unwrap();
    let o = benbao(&["eval", "labels.json", "a.ndjson"], &dir);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("| right city (all labelled cities tagged) | 100.0% (2/2) |"),
        "{out}"
    );
    assert!(
        out.contains("| home-province tag on a trap elsewhere | 0.0% (0/1) |"),
        "{out}"
    );
    assert!(
        out.contains("| county | 1.000 | 1.000 | 2 | 0 | 0 |"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("label x3: no input article"),
        "{}",
        stderr(&o)
    );
    std::fs::write(
        dir.join("bad.json"),
        r#"{"articles": [{"id": "y", "regions": ["330782"], "topics": ["nope"]}]}"#,
    )
    .unwrap();
    let o = benbao(&["eval", "bad.json", "a.ndjson"], &dir);
    assert!(
        stderr(&o).contains("bad.json: articles[0] (y): topic \"nope\" is not a topic"),
        "{}",
        stderr(&o)
    );
}

/// Issue 19: a folder of editions as editors keep them (a folder a day, a
/// file a page named by number and name) gives the archive its editions;
/// a page's PDF beside its text is published; a path that does not fit is
/// named, and the archive is left as it was.
#[test]
fn edition_folders_give_dates_pages_and_their_pdfs() {
    let dir = temp_dir("editions");
    let day = |date: &str, files: &[(&str, &[u8])]| {
        let d = dir.join("papers").join(date);
        std::fs::create_dir_all(&d).unwrap();
        for (name, bytes) in files {
            std::fs::write(d.join(name), bytes).unwrap();
        }
    };
    day(
        "2018-08-15",
        &[
            ("02-综合.txt", SEED.as_bytes()),
            ("01-要闻.txt", SEED.as_bytes()),
            ("01-要闻.pdf", b"%PDF-1.4 not read: the text is beside it"),
        ],
    );
    day("2018-08-16", &[("01-要闻.txt", SEED.as_bytes())]);
    let o = benbao(
        &["ingest", "papers", "--archive", "arch", "--home", "330000"],
        &dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = benbao(&["check", "arch"], &dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("arch").join(name)).unwrap()).unwrap()
    };
    let manifest = read("manifest.json");
    assert_eq!(manifest["latest_edition"], "2018-08-16");
    let calendar = read(manifest["editions"].as_str().unwrap());
    assert_eq!(calendar["2018-08"]["days"], serde_json::json!([15, 16]));
    let month = read(calendar["2018-08"]["file"].as_str().unwrap());
    let pages = &month[0]["pages"];
    assert_eq!(
        (
            &pages[0]["page"],
            &pages[0]["name"],
            &pages[1]["page"],
            &pages[1]["name"]
        ),
        (&"01".into(), &"要闻".into(), &"02".into(), &"综合".into())
    );
    let pdf = pages[0]["pdf"].as_str().expect("page 01's PDF");
    assert!(pdf.starts_with("pdf/2018-08-15/01-"), "{pdf}");
    assert_eq!(
        std::fs::read(dir.join("arch").join(pdf)).unwrap(),
        b"%PDF-1.4 not read: the text is beside it"
    );
    assert!(pages[1].get("pdf").is_none(), "page 02 has no PDF");
    // The articles of a page, in the order printed: page 02 holds the same
    // page's articles again, after page 01's.
    let n = |p: usize| -> Vec<u64> {
        pages[p]["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h[0].as_u64().unwrap())
            .collect()
    };
    assert!(!n(0).is_empty() && n(0).len() == n(1).len());
    assert!(n(0).windows(2).all(|w| w[0] < w[1]) && n(0).last() < n(1).first());

    // A page that is not named as one: named, and the archive kept.
    day("2018-08-17", &[("头版.txt", SEED.as_bytes())]);
    let before = std::fs::read(dir.join("arch/manifest.json")).unwrap();
    let o = benbao(&["ingest", "papers", "--archive", "arch"], &dir);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("头版.txt") && e.contains("01-要闻.txt"), "{e}");
    assert_eq!(
        std::fs::read(dir.join("arch/manifest.json")).unwrap(),
        before
    );
}
