//! Every input the fuzzer ever found a problem with (and the seeds it
//! starts from) stays fixed: `fuzz/regressions/<target>/*` and
//! `fuzz/seeds/<target>/*` go through the same checks as the fuzz targets.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in ["regressions", "seeds"] {
        for entry in std::fs::read_dir(root.join(dir).join(target))
            .into_iter()
            .flatten()
            .flatten()
        {
            let bytes = std::fs::read(entry.path()).unwrap();
            // The targets take &str: libFuzzer skips inputs that are not UTF-8.
            if let Ok(text) = String::from_utf8(bytes) {
                out.push((entry.path().display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn page_inputs() {
    for (name, text) in inputs("page") {
        eprintln!("{name}");
        benbao_core::page::check_invariants(&text);
    }
}

#[test]
fn bundle_inputs() {
    for (name, text) in inputs("bundle") {
        eprintln!("{name}");
        benbao_core::bundle::check_lenient_invariants(&text);
    }
}

#[test]
fn articles_inputs() {
    let found = inputs("articles");
    assert!(!found.is_empty(), "the seeds are there");
    for (name, text) in found {
        eprintln!("{name}");
        benbao_cli::input::check_invariants(&text);
    }
}
