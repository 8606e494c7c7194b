//! The home list: search, filters (sidebar on desktop, a sheet on phones),
//! the city map and the result cards. A small view over the results model
//! (`results.rs`); its controls and cards are components of their own.

mod cards;
mod controls;
mod results;

use crate::app::set_title;
use crate::context::SharedLibrary;
use crate::i18n::{place_name, topic_name, use_lang};
use crate::parts::Parts;
use crate::state::use_query;
use benbao_core::query::Query;
use cards::ResultCards;
#[cfg(benbao_split)]
pub use controls::wide_window;
use controls::{ClearButton, FiltersToggle, SearchBox, SortSelect};
pub use controls::{Drawer, FilterPanel};
use leptos::prelude::*;
#[cfg(benbao_split)]
pub use results::needs_catalog;
pub use results::Results;
use results::{use_results, Hits};

const SCROLL_KEY: &str = "benbao:scroll:";

/// How long a pre-rendered page waits for the filter sidebar's file (ms).
const PANEL_WAIT_MS: u32 = 3_000;

#[component]
pub fn ListPage() -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let query = use_query();
    // Back to a list scrolled down: its whole page drawn at once (as it
    // was), not placeholders of another height under the restored place.
    let restoring = restore_scroll();
    let results = use_results(lib.clone(), query, restoring);
    use_list_title(lib.clone(), query);
    let drawer = Drawer::new();
    let panel_drawn = RwSignal::new(false);
    show_when_drawn(&lib, results, panel_drawn);
    let busy = results.busy;
    let empty = move || {
        let (none, waiting, answered) = (
            results.total.get() == 0,
            results.waiting.get(),
            !matches!(results.search.hits.get(), Hits::Pending | Hits::Failed(_)),
        );
        none && !waiting && answered
    };
    view! {
        <h1 class="visually-hidden">{move || lang.get().text().site}</h1>
        // The home page (nothing chosen): the way into the printed editions.
        // It follows the results on screen (`links`), not the box: gone at
        // a keystroke, it moved the whole page up in the frame before the
        // answer, and that frame's drawing held the answer up.
        {move || results.links.with(|q| q.regions.is_empty() && q.topics.is_empty() && q.text.is_empty() && q.date.is_empty())
            .then(|| view! { <crate::pages::edition::EditionLinks/> })}
        <div class="list-page">
            // While the sheet covers the page on a phone, what is behind it
            // cannot take focus (Tab and Shift+Tab stay in the sheet).
            <div class="toolbar" inert=move || drawer.open.get()>
                <SearchBox query/>
                <FiltersToggle query drawer/>
            </div>
            <crate::split::FilterPanelSlot query results drawer drawn=panel_drawn/>
            <section class="results" inert=move || drawer.open.get() aria-labelledby="result-count" aria-busy=move || busy.get().to_string() on:click=save_scroll_on_link>
                <div class="results-head">
                    <ResultCount results/>
                    <SortSelect query/>
                </div>
                <Notices query results/>
                <Show
                    when=move || !empty()
                    fallback=move || view! {
                        <div class="empty">
                            <p>{move || {
                                let t = lang.get().text();
                                // The search named when it is all that narrows.
                                results.links.with(|q| match q.search_alone() {
                                    Some(text) => (t.empty_search)(text),
                                    None => t.empty.to_string(),
                                })
                            }}</p>
                            <ClearButton query=results.links/>
                        </div>
                    }
                >
                    <ResultCards results/>
                </Show>
            </section>
        </div>
    }
}

/// "12 results", "about 12" (long terms not all confirmed), or "loading".
#[component]
fn ResultCount(results: Results) -> impl IntoView {
    let lang = use_lang();
    let count = move || {
        let t = lang.get().text();
        // Every value read on every run (no short cut), so that the
        // closure always depends on all of them.
        let (total, unsure, slow) = (
            results.total.get(),
            results.shown.read().1,
            results.slow.get(),
        );
        let waiting = results.waiting.get();
        let pending = matches!(results.search.hits.get(), Hits::Pending);
        let loading = waiting || (slow && pending);
        if loading {
            t.loading.to_string()
        } else if unsure > 0 {
            (t.about_results)(total)
        } else {
            (t.results)(total)
        }
    };
    view! { <p id="result-count" class="count" role="status">{count}</p> }
}

/// What is on its way (once it lasts), and what failed, with a retry.
#[component]
fn Notices(query: Memo<Query>, results: Results) -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    let lang = use_lang();
    let progress = move || {
        (parts.pending.get() > 0 && results.slow.get()).then(|| view! {
            <p class="progress">{move || (lang.get().text().loading_parts)(parts.pending.get())}</p>
        })
    };
    let search_failed = move || match results.search.hits.get() {
        Hits::Failed(why) => Some(view! {
            <div class="notice error" role="alert">
                <p>{move || format!("{} {}", lang.get().text().search_failed, why.say(lang.get()))}</p>
                <button on:click=move |_| results.search.attempt.update(|a| *a += 1)>{move || lang.get().text().retry}</button>
            </div>
        }),
        _ => None,
    };
    // Offline, a search of the saved articles only: said plainly.
    let searched_saved = move || {
        let text = query.with(|q| q.text.clone());
        parts
            .saved_search
            .with(|s| s.get(&text).copied())
            .filter(|_| !matches!(results.search.hits.get(), Hits::Failed(_)))
            .map(|n| {
                view! {
                    <div class="notice" role="status">
                        <p>{move || (lang.get().text().searched_saved)(n)}</p>
                    </div>
                }
            })
    };
    let facets_file = lib.archive.manifest.facets.clone();
    let facets_failed = move || {
        let file = facets_file.clone();
        parts.failed.with(|f| f.get(&file).cloned()).map(|why| view! {
            <div class="notice error" role="alert">
                <p>{move || format!("{} {}", lang.get().text().part_failed, why.say(lang.get()))}</p>
                <button on:click=move |_| parts.retry()>{move || lang.get().text().retry}</button>
            </div>
        })
    };
    // A file the page's cards need, a list or a chunk: said here, once,
    // with the retry (the first that failed, when several did).
    let page_failed = crate::boxed::memo({
        let lib = lib.clone();
        move |_| {
            results.search.hits.with(|h| {
                results.page_items.with(|items| {
                    items
                        .iter()
                        .find_map(|&i| cards::failed_place(&parts, &lib, h, i))
                })
            })
        }
    });
    let page_failed = move || {
        page_failed.get().map(|why| view! {
            <div class="notice error" role="alert">
                <p>{move || format!("{} {}", lang.get().text().part_failed, why.say(lang.get()))}</p>
                <button on:click=move |_| parts.retry()>{move || lang.get().text().retry}</button>
            </div>
        })
    };
    view! { {progress} {search_failed} {searched_saved} {facets_failed} {page_failed} }
}

/// The list drawn whole (every card of its page, not placeholders), or a
/// file of it failed (the app says so, with a retry), and on a wide window
/// its filters drawn beside it: it takes the place of the pre-rendered
/// page, if there is one.
fn show_when_drawn(lib: &SharedLibrary, results: Results, panel_drawn: RwSignal<bool>) {
    let parts = expect_context::<Parts>();
    let lib = lib.clone();
    let wide = controls::wide_window();
    // A sidebar whose file hangs holds the page back no longer than this.
    let late = RwSignal::new(false);
    if wide {
        gloo_timers::callback::Timeout::new(PANEL_WAIT_MS, move || {
            late.try_set(true);
        })
        .forget();
    }
    crate::boxed::effect(move || {
        let (whole, failed) = results.page_items.with(|items| {
            (
                items.iter().all(|&i| parts.summary(&lib, i).is_some()),
                items
                    .iter()
                    .any(|&i| parts.failure(&lib, i, false).is_some()),
            )
        });
        let panel = !wide || panel_drawn.get() || late.get();
        if (whole || failed) && panel && !results.waiting.get() && !results.search.searching.get() {
            crate::takeover::shown();
        }
    });
}

/// The document's title follows the query: its places, topics, date and search.
fn use_list_title(lib: SharedLibrary, query: Memo<Query>) {
    let lang = use_lang();
    crate::boxed::effect(move || {
        let q = query.get();
        let text = lang.get().text();
        let mut parts: Vec<String> = q
            .regions
            .iter()
            .map(|c| place_name(&lib.names, c, lang.get()))
            .collect();
        parts.extend(
            q.topics
                .iter()
                .map(|t| topic_name(&lib.names, t, lang.get())),
        );
        if !q.date.is_empty() {
            parts.push(q.date.clone());
        }
        if !q.text.trim().is_empty() {
            parts.push((text.search_title)(q.text.trim()));
        }
        parts.push(text.site.to_string());
        set_title(&parts.join(" · "));
    });
}

fn scroll_key() -> Option<(web_sys::Storage, String)> {
    // Natively (a pre-rendered page) there is nothing to remember.
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let window = web_sys::window()?;
    let storage = window.session_storage().ok().flatten()?;
    let location = window.location();
    let (path, search) = (location.pathname().ok()?, location.search().ok()?);
    Some((storage, format!("{SCROLL_KEY}{path}{search}")))
}

/// Remembers where the list was when the reader opens an article.
fn save_scroll_on_link(ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let on_link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a").ok().flatten())
        .is_some();
    if let (true, Some((storage, key)), Some(y)) = (
        on_link,
        scroll_key(),
        web_sys::window().and_then(|w| w.scroll_y().ok()),
    ) {
        // Whole pixels: no float formatting code in the wasm for this.
        let _ = storage.set_item(&key, &(y as i64).to_string());
    }
}

/// Puts the list back where the reader left it, once it has rendered;
/// whether it does.
fn restore_scroll() -> bool {
    let Some((storage, key)) = scroll_key() else {
        return false;
    };
    let saved = storage.get_item(&key).ok().flatten();
    // Used once, and gone even when unreadable (an older version's "1234.5").
    let _ = storage.remove_item(&key);
    let Some(y) = saved.and_then(|v| v.parse::<i64>().ok()) else {
        return false;
    };
    request_animation_frame(move || {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, y as f64);
        }
    });
    true
}
