//! A tile map (grid cartogram) of Zhejiang's 11 cities with their article
//! counts. Each tile is a link that filters by its city; the links'
//! labels are the map's text alternative.

use crate::app::SharedLibrary;
use crate::i18n::{use_lang, Lang};
use crate::state::{list_href, use_go};
use benbao_core::query::{Facet, Query};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// (code, Chinese name, pinyin, column, row): roughly where each city lies.
const CITIES: [(&str, &str, &str, u32, u32); 11] = [
    ("330500", "湖州", "Huzhou", 1, 0),
    ("330400", "嘉兴", "Jiaxing", 2, 0),
    ("330100", "杭州", "Hangzhou", 1, 1),
    ("330600", "绍兴", "Shaoxing", 2, 1),
    ("330200", "宁波", "Ningbo", 3, 1),
    ("330900", "舟山", "Zhoushan", 4, 1),
    ("330800", "衢州", "Quzhou", 0, 2),
    ("330700", "金华", "Jinhua", 1, 2),
    ("331000", "台州", "Taizhou", 3, 2),
    ("331100", "丽水", "Lishui", 1, 3),
    ("330300", "温州", "Wenzhou", 2, 3),
];
const TILE: u32 = 64;
const GAP: u32 = 4;

/// `links`: the query the tiles' links toggle a city in (the results
/// shown); `query`, the current one, for a click.
#[component]
pub fn CityMap(
    query: Memo<Query>,
    links: Memo<Query>,
    counts: Memo<BTreeMap<String, usize>>,
) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    // Only drawn for bundles about Zhejiang.
    let relevant = index.codes().iter().any(|c| c.starts_with("33"));
    let chosen = Memo::new(move |_| query.read().regions.clone());
    let tiles = CITIES
        .iter()
        .map(|&(code, zh, pinyin, col, row)| {
            let count = move || counts.read().get(code).copied().unwrap_or(0);
            let selected = move || chosen.read().iter().any(|r| r == code);
            let href = move || list_href(&links.get().toggled(Facet::Region, code));
            // The router only intercepts HTML links: navigate in-app here too.
            let go = use_go();
            let on_click = move |ev: web_sys::MouseEvent| {
                if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                    ev.prevent_default();
                    go(query.get_untracked().toggled(Facet::Region, code), false);
                }
            };
            let name = move || if lang.get() == Lang::En { pinyin } else { zh };
            let label = move || format!("{} {}", name(), (lang.get().text().articles)(count()));
            let (x, y) = (col * (TILE + GAP), row * (TILE + GAP));
            // Inside <g> so that the macro builds an SVG <a>, not an HTML one.
            view! {
                <g>
                <a href=href on:click=on_click aria-label=label aria-current=move || selected().then_some("true") class="tile" class:selected=selected class:none=move || count() == 0>
                    <rect x=x y=y width=TILE height=TILE rx="6"></rect>
                    <text x=x + TILE / 2 y=y + 26 text-anchor="middle" class="city" aria-hidden="true">{name}</text>
                    <text x=x + TILE / 2 y=y + 50 text-anchor="middle" class="n" aria-hidden="true">{count}</text>
                </a>
                </g>
            }
        })
        .collect_view();
    let width = 5 * (TILE + GAP);
    let height = 4 * (TILE + GAP);
    relevant.then(|| {
        view! {
            <figure class="map" class:latin=move || lang.get() == Lang::En>
                <figcaption>{move || lang.get().text().map_title}</figcaption>
                <svg viewBox=format!("0 0 {width} {height}") role="group" aria-label=move || lang.get().text().map_title>
                    {tiles}
                </svg>
            </figure>
        }
    })
}
