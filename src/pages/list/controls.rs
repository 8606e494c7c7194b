//! The list's controls: search box, sort, the filter sheet and its toggle,
//! the clear button.

use super::results::Results;
use crate::components::facets::{DateFacet, RegionTree, TopicChips};
use crate::components::map::CityMap;
use crate::context::Covered;
use crate::i18n::use_lang;
use crate::state::use_go;
use benbao_core::query::{Query, Sort};
use leptos::html;
use leptos::prelude::*;

/// The window width (CSS px) from which the filters are a sidebar, not a
/// sheet (style.css's media query).
const WIDE_PX: f64 = 900.0;

/// Whether the window is wide enough for the filters' sidebar (never
/// natively: a pre-rendered page has no window).
pub fn wide_window() -> bool {
    cfg!(target_arch = "wasm32")
        && window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w >= WIDE_PX)
}

/// The filter sheet's state: open or not (on phones it covers the list),
/// and the buttons focus moves between.
#[derive(Clone, Copy)]
pub struct Drawer {
    pub open: RwSignal<bool>,
    toggle: NodeRef<html::Button>,
    close_button: NodeRef<html::Button>,
}

impl Drawer {
    pub fn new() -> Drawer {
        let drawer = Drawer {
            open: RwSignal::new(false),
            toggle: NodeRef::new(),
            close_button: NodeRef::new(),
        };
        // The sheet is a phone's: on a window as wide as the sidebar
        // layout it closes, or the page behind it would stay inert.
        // (Natively, for a pre-rendered page, there is no window.)
        if cfg!(target_arch = "wasm32") {
            let wide = window_event_listener(leptos::ev::resize, move |_| {
                if drawer.open.get_untracked() && wide_window() {
                    drawer.open.set(false);
                }
            });
            // Back (or Forward) leaves the sheet, as it leaves a phone's
            // full-screen view, rather than showing it over the page gone to.
            let back = window_event_listener(leptos::ev::popstate, move |_| {
                if drawer.open.get_untracked() {
                    drawer.close();
                }
            });
            on_cleanup(move || {
                wide.remove();
                back.remove();
            });
        }
        // What lies outside the page (masthead, banner) is inert while the
        // sheet covers it, and never once the page has gone.
        let covered = expect_context::<Covered>().0;
        crate::boxed::effect(move || covered.set(drawer.open.get()));
        on_cleanup(move || {
            covered.try_set(false);
        });
        crate::boxed::effect(move || {
            // Focus follows the sheet: into it when it opens.
            let target = if drawer.open.get() {
                drawer.close_button.get()
            } else {
                None
            };
            if let Some(el) = target {
                // At once when the sheet is shown; else once it is (its
                // class is set by the panel's own effect, which may run
                // after this one: the panel's code can come after the
                // drawer's).
                if el.offset_parent().is_some() {
                    let _ = el.focus();
                } else {
                    request_animation_frame(move || {
                        let _ = el.focus();
                    });
                }
            }
        });
        drawer
    }

    /// Closes the sheet, focus back on its toggle (once the page behind
    /// it is no longer inert).
    pub fn close(&self) {
        self.open.set(false);
        let toggle = self.toggle;
        request_animation_frame(move || {
            if let Some(el) = toggle.try_get_untracked().flatten() {
                let _ = el.focus();
            }
        });
    }
}

/// Opens the filter sheet; says how many filters are chosen.
#[component]
pub fn FiltersToggle(query: Memo<Query>, drawer: Drawer) -> impl IntoView {
    let lang = use_lang();
    let selected = move || {
        let q = query.read();
        q.regions.len() + q.topics.len() + usize::from(!q.date.is_empty())
    };
    view! {
        <button
            class="filters-toggle"
            node_ref=drawer.toggle
            aria-controls="filters"
            aria-expanded=move || drawer.open.get().to_string()
            on:click=move |_| drawer.open.set(true)
        >
            {move || lang.get().text().filters}
            {move || (selected() > 0).then(|| format!(" ({})", selected()))}
        </button>
    }
}

/// The filters: a sidebar on desktop, a sheet on phones.
#[component]
pub fn FilterPanel(query: Memo<Query>, results: Results, drawer: Drawer) -> impl IntoView {
    let lang = use_lang();
    // A control that goes away when used (the clear button, 任意时间)
    // leaves focus nowhere: in the open sheet it moves to the close button,
    // not behind the sheet.
    crate::boxed::effect(move || {
        query.track();
        if !drawer.open.get_untracked() {
            return;
        }
        let close_button = drawer.close_button;
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
            if lost {
                if let Some(el) = close_button.try_get_untracked().flatten() {
                    let _ = el.focus();
                }
            }
        });
    });
    view! {
        <aside
            id="filters"
            class="filters"
            class:open=move || drawer.open.get()
            aria-labelledby="filters-heading"
            on:keydown=move |ev| {
                if drawer.open.get_untracked() {
                    match ev.key().as_str() {
                        "Escape" => drawer.close(),
                        "Tab" => hold_focus(&ev),
                        _ => {}
                    }
                }
            }
        >
            // The heading row stays in view as the sheet scrolls, with its
            // clear button, so that clearing never needs a scroll back up.
            <div class="filters-head">
                <h2 id="filters-heading">{move || lang.get().text().filters}</h2>
                // Shown with the results it clears (see `Results::links`).
                <ClearButton query=results.links/>
                <button class="close" node_ref=drawer.close_button on:click=move |_| drawer.close()>
                    {move || lang.get().text().close}
                </button>
            </div>
            <CityMap query counts=results.region_counts/>
            <RegionTree query counts=results.region_counts/>
            <TopicChips query counts=results.topic_counts/>
            <DateFacet query counts=results.counts/>
        </aside>
    }
}

#[component]
pub fn SortSelect(query: Memo<Query>) -> impl IntoView {
    let lang = use_lang();
    let go = use_go();
    let on_change = move |ev: web_sys::Event| {
        let sort = if event_target_value(&ev) == "old" {
            Sort::Oldest
        } else {
            Sort::Newest
        };
        go(
            Query {
                sort,
                ..query.get_untracked()
            }
            .first_page(),
            false,
        );
    };
    view! {
        <label class="sort">
            <span class="visually-hidden">{move || lang.get().text().sort}</span>
            <select on:change=on_change prop:value=move || if query.read().sort == Sort::Oldest { "old" } else { "new" }>
                <option value="new">{move || lang.get().text().newest}</option>
                <option value="old">{move || lang.get().text().oldest}</option>
            </select>
        </label>
    }
}

#[component]
pub fn ClearButton(query: Memo<Query>) -> impl IntoView {
    let lang = use_lang();
    let go = use_go();
    // "Clear search" when a search is all there is to clear.
    let label = move || {
        let t = lang.get().text();
        if query.with(|q| q.search_alone().is_some()) {
            t.clear_search
        } else {
            t.clear
        }
    };
    view! {
        <Show when=move || !query.read().is_empty()>
            {
                let go = go.clone();
                view! {
                    <button class="clear" on:click=move |_| go(Query::default(), false)>
                        {label}
                    </button>
                }
            }
        </Show>
    }
}

/// The search box: results follow as the reader types; while an input
/// method is composing (pinyin → 汉字), the half-typed letters are not searched.
#[component]
pub fn SearchBox(query: Memo<Query>) -> impl IntoView {
    let lang = use_lang();
    let go = use_go();
    let composing = StoredValue::new(false);
    let search = move |text: String| {
        let before = query.get_untracked();
        // A search's first letters add a history entry, so that Back
        // returns to the list as it was before it; the next ones replace it.
        let replace = !before.text.is_empty();
        go(Query { text, ..before }.first_page(), replace)
    };
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
                // A search sent before the app has taken the page over
                // (a plain GET of ?q=) still lands on its results.
                name="q"
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

/// Keeps Tab and Shift+Tab inside the open sheet (`ev`'s current target):
/// past its last control to its first, and back.
fn hold_focus(ev: &web_sys::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(sheet) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(found) = sheet.query_selector_all("a[href], button, input, select") else {
        return;
    };
    // Those that can take focus: shown and enabled.
    let controls: Vec<web_sys::HtmlElement> = (0..found.length())
        .filter_map(|k| found.item(k))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some() && !e.has_attribute("disabled"))
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let on = |e: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let target = match (ev.shift_key(), on(first), on(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    ev.prevent_default();
    let _ = target.focus();
}
