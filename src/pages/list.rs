//! The home list: search, filters (sidebar on desktop, a sheet on phones),
//! the city map and the result cards.

use crate::app::{set_title, SharedIndex};
use crate::components::card::Card;
use crate::components::facets::{RegionTree, TopicChips};
use crate::components::map::CityMap;
use crate::i18n::{place_name, topic_name, use_lang};
use crate::state::{use_go, use_query};
use benbao_core::query::Query;
use leptos::html;
use leptos::prelude::*;

const SCROLL_KEY: &str = "benbao:scroll:";

#[component]
pub fn ListPage() -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let lang = use_lang();
    let query = use_query();
    let results = {
        let index = index.clone();
        Memo::new(move |_| index.results(&query.get()))
    };
    let region_counts = {
        let index = index.clone();
        Memo::new(move |_| index.region_counts(&query.get()))
    };
    let topic_counts = {
        let index = index.clone();
        Memo::new(move |_| index.topic_counts(&query.get()))
    };
    {
        let index = index.clone();
        Effect::new(move || {
            let q = query.get();
            let text = lang.get().text();
            let mut parts: Vec<String> = q.regions.iter().map(|c| place_name(&index.bundle, c, lang.get())).collect();
            parts.extend(q.topics.iter().map(|t| topic_name(&index.bundle, t, lang.get())));
            if !q.text.trim().is_empty() {
                parts.push((text.search_title)(q.text.trim()));
            }
            parts.push(text.site.to_string());
            set_title(&parts.join(" · "));
        });
    }
    restore_scroll();

    let drawer = RwSignal::new(false);
    let toggle_ref = NodeRef::<html::Button>::new();
    let close_ref = NodeRef::<html::Button>::new();
    Effect::new(move || {
        // Focus follows the sheet: into it when it opens, back when it closes.
        let target = if drawer.get() { close_ref.get() } else { None };
        if let Some(el) = target {
            let _ = el.focus();
        }
    });
    let close = move || {
        drawer.set(false);
        if let Some(el) = toggle_ref.get_untracked() {
            let _ = el.focus();
        }
    };
    let selected = move || {
        let q = query.read();
        q.regions.len() + q.topics.len()
    };

    let cards = {
        let index = index.clone();
        move || {
            let q = query.get();
            let lang = lang.get();
            results
                .get()
                .into_iter()
                .map(|i| {
                    let article = index.bundle.articles[i].clone();
                    view! { <li><Card article bundle=index.bundle.clone() query=q.clone() lang/></li> }
                })
                .collect_view()
        }
    };

    view! {
        <h1 class="visually-hidden">{move || lang.get().text().site}</h1>
        <div class="list-page">
            <div class="toolbar">
                <SearchBox query/>
                <button
                    class="filters-toggle"
                    node_ref=toggle_ref
                    aria-controls="filters"
                    aria-expanded=move || drawer.get().to_string()
                    on:click=move |_| drawer.set(true)
                >
                    {move || lang.get().text().filters}
                    {move || (selected() > 0).then(|| format!(" ({})", selected()))}
                </button>
            </div>
            <aside
                id="filters"
                class="filters"
                class:open=move || drawer.get()
                aria-labelledby="filters-heading"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && drawer.get_untracked() {
                        close();
                    }
                }
            >
                <div class="filters-head">
                    <h2 id="filters-heading">{move || lang.get().text().filters}</h2>
                    <button class="close" node_ref=close_ref on:click=move |_| close()>
                        {move || lang.get().text().close}
                    </button>
                </div>
                <ClearButton query/>
                <CityMap query counts=region_counts/>
                <RegionTree query counts=region_counts/>
                <TopicChips query counts=topic_counts/>
            </aside>
            <section class="results" aria-labelledby="result-count" on:click=save_scroll_on_link>
                <p id="result-count" class="count" role="status">
                    {move || (lang.get().text().results)(results.read().len())}
                </p>
                <Show
                    when=move || !results.read().is_empty()
                    fallback=move || view! {
                        <div class="empty">
                            <p>{move || lang.get().text().empty}</p>
                            <ClearButton query/>
                        </div>
                    }
                >
                    <ol class="cards">{cards.clone()}</ol>
                </Show>
            </section>
        </div>
    }
}

#[component]
fn ClearButton(query: Memo<Query>) -> impl IntoView {
    let lang = use_lang();
    let go = use_go();
    view! {
        <Show when=move || !query.read().is_empty()>
            {
                let go = go.clone();
                view! {
                    <button class="clear" on:click=move |_| go(Query::default(), false)>
                        {move || lang.get().text().clear}
                    </button>
                }
            }
        </Show>
    }
}

/// The search box: results follow as the reader types; while an input
/// method is composing (pinyin → 汉字), the half-typed letters are not searched.
#[component]
fn SearchBox(query: Memo<Query>) -> impl IntoView {
    let lang = use_lang();
    let go = use_go();
    let composing = StoredValue::new(false);
    let search = move |text: String| go(Query { text, ..query.get_untracked() }, true);
    let on_input = {
        let search = search.clone();
        move |ev: web_sys::Event| {
            if !composing.get_value() {
                search(event_target_value(&ev));
            }
        }
    };
    let on_end = move |ev: web_sys::CompositionEvent| {
        composing.set_value(false);
        search(event_target_value(&ev));
    };
    view! {
        <form role="search" class="search" on:submit=|ev| ev.prevent_default()>
            <label for="q" class="visually-hidden">{move || lang.get().text().search}</label>
            <input
                id="q"
                type="search"
                enterkeyhint="search"
                autocomplete="off"
                placeholder=move || lang.get().text().search_placeholder
                prop:value=move || query.read().text.clone()
                on:input=on_input
                on:compositionstart=move |_| composing.set_value(true)
                on:compositionend=on_end
            />
        </form>
    }
}

fn scroll_key() -> Option<(web_sys::Storage, String)> {
    let window = web_sys::window()?;
    let storage = window.session_storage().ok().flatten()?;
    let search = window.location().search().ok()?;
    Some((storage, format!("{SCROLL_KEY}{search}")))
}

/// Remembers where the list was when the reader opens an article.
fn save_scroll_on_link(ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let on_link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a").ok().flatten()).is_some();
    if let (true, Some((storage, key)), Some(y)) = (on_link, scroll_key(), web_sys::window().and_then(|w| w.scroll_y().ok())) {
        let _ = storage.set_item(&key, &y.to_string());
    }
}

/// Puts the list back where the reader left it, once it has rendered.
fn restore_scroll() {
    let Some((storage, key)) = scroll_key() else { return };
    let Some(y) = storage.get_item(&key).ok().flatten().and_then(|v| v.parse::<f64>().ok()) else { return };
    let _ = storage.remove_item(&key);
    request_animation_frame(move || {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, y);
        }
    });
}
