//! The `benbao` binary as an editor meets it: files in, bundle or clear error out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

fn benbao(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_benbao")).args(args).current_dir(dir).output().expect("benbao runs")
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
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let fresh = std::fs::read_to_string(&out).unwrap();
    let committed = std::fs::read_to_string(root.join("public/data/bundle.json")).unwrap_or_default();
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
    assert!(benbao(&["ingest", "page.txt", "--out", "a.json"], &dir).status.success());
    assert!(benbao(&["ingest", "page.txt", "--out", "b.json"], &dir).status.success());
    assert_eq!(std::fs::read(dir.join("a.json")).unwrap(), std::fs::read(dir.join("b.json")).unwrap());
}

#[test]
fn bad_pages_fail_clearly_and_leave_the_old_bundle_alone() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("good.txt"), SEED).unwrap();
    assert!(benbao(&["ingest", "good.txt", "--out", "bundle.json"], &dir).status.success());
    let good = std::fs::read(dir.join("bundle.json")).unwrap();

    std::fs::write(dir.join("empty.txt"), "\n \n").unwrap();
    std::fs::write(dir.join("binary.txt"), b"%PDF-1.4\n\x00\x01\x02").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"title\n\ncaf\xe9\n").unwrap();
    std::fs::write(dir.join("prose.txt"), "这只是一句话。\n\n又一句话。\n").unwrap();
    let cases = [
        ("missing.txt", "missing.txt: cannot read the page file"),
        ("empty.txt", "empty.txt: the file is empty"),
        ("binary.txt", "binary.txt:2: byte 9 is a NUL"),
        ("latin1.txt", "latin1.txt:3: invalid UTF-8 at byte 10"),
        ("prose.txt", "prose.txt:1: no article found"),
    ];
    for (file, message) in cases {
        let o = benbao(&["ingest", "good.txt", file, "--out", "bundle.json"], &dir);
        assert!(!o.status.success(), "{file} was accepted");
        assert!(stderr(&o).contains(message), "{file}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{file}: one clear message: {}", stderr(&o));
        assert_eq!(std::fs::read(dir.join("bundle.json")).unwrap(), good, "{file} changed the bundle");
    }
}

#[test]
fn check_names_what_is_wrong_and_where() {
    let dir = temp_dir("check");
    std::fs::write(dir.join("bad.json"), r#"{"schema": 1, "articles": [{"id": "A B", "title": "", "blocks": []}]}"#).unwrap();
    let o = benbao(&["check", "bad.json"], &dir);
    assert!(!o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("bad.json: /articles/0/id:"), "{out}");
    assert!(out.contains("bad.json: /articles/0/title: title is empty"), "{out}");
    std::fs::write(dir.join("notjson.json"), "<html>502 Bad Gateway</html>").unwrap();
    let o = benbao(&["check", "notjson.json"], &dir);
    assert!(stderr(&o).contains("notjson.json:1:1: not a schema-1 bundle"), "{}", stderr(&o));
}
