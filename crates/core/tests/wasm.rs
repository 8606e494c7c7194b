//! The core compiled to wasm32 behaves as natively: the seed parses the same
//! and a bundle round-trips through JSON. Run by `cargo xtask test` with
//! wasm-bindgen-test-runner; natively this file is empty.
#![cfg(target_arch = "wasm32")]

use benbao_core::page::parse_page;
use benbao_core::Bundle;
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: &str = include_str!("../../../content/2018-zhejiang-gonghui-p1.txt");

#[wasm_bindgen_test]
fn seed_parses_to_eight_articles_in_wasm() {
    let parsed = parse_page("seed.txt", SEED);
    assert_eq!(parsed.articles.len(), 8);
    assert_eq!(parsed.articles[3].title, "首批“庆元工匠”出炉");
    assert!(parsed.leftovers.is_empty());
}

#[wasm_bindgen_test]
fn bundle_round_trips_in_wasm() {
    let bundle = Bundle::new(parse_page("seed.txt", SEED).articles);
    let json = serde_json::to_string(&bundle).unwrap();
    let back: Bundle = serde_json::from_str(&json).unwrap();
    assert_eq!(back, bundle);
    assert!(back.problems().is_empty());
}
