//! A tile map (grid cartogram) of the home province's cities with their
//! article counts, laid out by the tiles in the manifest's places (from the
//! gazetteer's data); not drawn when the archive has no home or its province
//! no layout. Each tile is a link that filters by its city; the links'
//! labels are the map's text alternative.

use crate::context::SharedLibrary;
use crate::i18n::{place_name, use_lang, Lang};
use crate::state::{list_href, use_go};
use benbao_core::query::{Facet, Query};
use leptos::prelude::*;
use std::collections::BTreeMap;

const TILE: u32 = 64;
const GAP: u32 = 4;

/// Each tile links to its city's own page (`/r/<code>/`, which a static
/// host serves, pre-rendered); a click in the app toggles the city in
/// `query`, the current one.
#[component]
pub fn CityMap(query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let names = index.names.clone();
    let layout: Vec<(String, [u32; 2])> = names
        .map_tiles()
        .into_iter()
        .map(|(code, tile)| (code.to_string(), tile))
        .collect();
    if layout.is_empty() {
        return None;
    }
    let province = benbao_core::bundle::parent_code(&layout[0].0).unwrap_or_default();
    let title = {
        let names = names.clone();
        move || {
            let lang = lang.get();
            (lang.text().map_title)(&place_name(&names, &province, lang))
        }
    };
    let columns = layout.iter().map(|(_, [c, _])| c + 1).max().unwrap_or(1);
    let rows = layout.iter().map(|(_, [_, r])| r + 1).max().unwrap_or(1);
    let chosen = crate::boxed::memo(move |_| query.read().regions.clone());
    let tiles = layout
        .into_iter()
        .map(|(code, [col, row])| {
            let code = StoredValue::new(code);
            let count = move || counts.read().get(&code.get_value()).copied().unwrap_or(0);
            let selected = move || chosen.read().contains(&code.get_value());
            let href = list_href(&Query::default().toggled(Facet::Region, &code.get_value()));
            // The router only intercepts HTML links: navigate in-app here too.
            let go = use_go();
            let on_click = move |ev: web_sys::MouseEvent| {
                if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                    ev.prevent_default();
                    go(query.get_untracked().toggled(Facet::Region, &code.get_value()), false);
                }
            };
            let names = names.clone();
            let name = move || {
                let code = code.get_value();
                match (lang.get(), names.places.get(&code).and_then(|p| p.short.clone())) {
                    (Lang::Zh, Some(short)) => short,
                    (lang, _) => place_name(&names, &code, lang),
                }
            };
            let label = {
                let name = name.clone();
                move || format!("{} {}", name(), (lang.get().text().articles)(count()))
            };
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
    let width = columns * (TILE + GAP);
    let height = rows * (TILE + GAP);
    Some(view! {
        <figure class="map" class:latin=move || lang.get() == Lang::En>
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="group" aria-label=title>
                {tiles}
            </svg>
        </figure>
    })
}
