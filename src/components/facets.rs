//! The filters: the region tree and the topic chips, each value with the
//! number of articles answering the other filters that have it.

use crate::context::SharedLibrary;
use crate::i18n::{place_name, topic_name, use_lang};
use crate::state::list_href;
use crate::state::use_go;
use benbao_core::catalog::Counts;
use benbao_core::query::{Facet, Query, RegionNode};
use leptos::prelude::*;
use std::collections::BTreeMap;

// Each facet reads the query's part it shows through a memo of its own, so
// that typing in the search box (which changes the query) does not
// re-run every option's closures: with hundreds of regions, that was
// most of a keystroke's work.

#[component]
pub fn RegionTree(query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let chosen = crate::boxed::memo(move |_| query.read().regions.clone());
    view! {
        <fieldset class="facet regions">
            <legend><h3>{move || lang.get().text().regions}</h3></legend>
            {region_list(index.region_tree(), query, chosen, counts)}
        </fieldset>
    }
}

fn region_list(
    nodes: Vec<RegionNode>,
    query: Memo<Query>,
    chosen: Memo<Vec<String>>,
    counts: Memo<BTreeMap<String, usize>>,
) -> AnyView {
    if nodes.is_empty() {
        return ().into_any();
    }
    let items = nodes
        .into_iter()
        .map(|node| {
            if node.children.is_empty() {
                return view! { <li><RegionOption code=node.code query chosen counts/></li> }
                    .into_any();
            }
            view! { <li><RegionBranch node query chosen counts/></li> }.into_any()
        })
        .collect_view();
    view! { <ul class="tree">{items}</ul> }.into_any()
}

/// A place with sub-places: its option, and a button that shows or hides
/// them. Shown at first for the top level and for the places a chosen one
/// is in; the others are not built until asked for (108 places of
/// Zhejiang, each with a count to redraw at every search, made most of the
/// page's work on a keystroke).
#[component]
fn RegionBranch(
    node: RegionNode,
    query: Memo<Query>,
    chosen: Memo<Vec<String>>,
    counts: Memo<BTreeMap<String, usize>>,
) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let RegionNode {
        code,
        depth,
        children,
    } = node;
    // Choosing this place or one below opens it (also when chosen from a
    // card's tag): its own places are where the reader goes next, and a
    // place's page without scripts links down the tree that way.
    let holds_chosen = {
        let code = code.clone();
        crate::boxed::memo(move |_| {
            chosen
                .read()
                .iter()
                .any(|c| benbao_core::bundle::self_and_ancestors(c).any(|p| p == code))
        })
    };
    // The reader's own choice, once they have made one.
    let toggled: RwSignal<Option<bool>> = RwSignal::new(None);
    let open =
        crate::boxed::memo(move |_| toggled.get().unwrap_or(depth == 0 || holds_chosen.get()));
    let list_id = format!("sub-{code}");
    let label = {
        let code = code.clone();
        move || {
            let name = place_name(&index.names, &code, lang.get());
            (lang.get().text().sub_places)(&name)
        }
    };
    let children = StoredValue::new(children);
    view! {
        <div class="branch">
            <RegionOption code=code.clone() query chosen counts/>
            <button
                type="button"
                class="expand"
                aria-expanded=move || open.get().to_string()
                aria-controls=list_id.clone()
                aria-label=label
                on:click=move |_| toggled.set(Some(!open.get_untracked()))
            ></button>
        </div>
        <div id=list_id>
            <Show when=move || open.get()>
                {move || region_list(children.get_value(), query, chosen, counts)}
            </Show>
        </div>
    }
}

#[component]
fn RegionOption(
    code: String,
    query: Memo<Query>,
    chosen: Memo<Vec<String>>,
    counts: Memo<BTreeMap<String, usize>>,
) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let go = use_go();
    let id = format!("region-{code}");
    let label_for = id.clone();
    let name = {
        let code = code.clone();
        move || place_name(&index.names, &code, lang.get())
    };
    let checked = {
        let code = code.clone();
        move || chosen.read().contains(&code)
    };
    let count = {
        let code = code.clone();
        Signal::derive(move || counts.read().get(&code).copied().unwrap_or(0))
    };
    // The name is a link to the place's own page (`/r/<code>/`), which
    // a page without scripts follows; in the app it toggles the checkbox's
    // choice instead, and only the checkbox takes the focus.
    let href = list_href(&Query::default().toggled(Facet::Region, &code));
    let in_app = cfg!(target_arch = "wasm32").then_some("-1");
    let toggle = {
        let (go, code) = (go.clone(), code.clone());
        move || go(query.get_untracked().toggled(Facet::Region, &code), false)
    };
    let on_link = {
        let toggle = toggle.clone();
        move |ev: web_sys::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                toggle();
            }
        }
    };
    view! {
        <label class="option" for=label_for class:zero=move || count.get() == 0>
            <input type="checkbox" id=id prop:checked=checked on:change=move |_| toggle()/>
            <a class="name" href=href tabindex=in_app on:click=on_link>{name}</a>
            <span class="count">{count}</span>
        </label>
    }
}

/// Each topic a link to its own page (`/t/<id>/`, which a static host
/// serves, pre-rendered), so that they work without scripts too; a click
/// in the app toggles it in the current query. The chosen ones are
/// marked `aria-current`.
#[component]
pub fn TopicChips(query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let chosen = crate::boxed::memo(move |_| query.read().topics.clone());
    // Each group (a broader topic) first, then its topics.
    let chips = index
        .names
        .topics_in_groups(&index.all_topics())
        .into_iter()
        .map(|id| {
            let index = index.clone();
            let names = index.names.clone();
            let group = index.names.is_topic_group(&id);
            let go = use_go();
            let (a, b, c, d) = (id.clone(), id.clone(), id.clone(), id.clone());
            let pressed = move || chosen.read().contains(&a);
            let count = move || counts.read().get(&b).copied().unwrap_or(0);
            let href = list_href(&Query::default().toggled(Facet::Topic, &d));
            // In the app, the topic toggled in the list the query asks for.
            let on_click = move |ev: web_sys::MouseEvent| {
                if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                    ev.prevent_default();
                    // A topic chosen with its group chosen narrows to it.
                    go(query.get_untracked().toggled_with(Facet::Topic, &c, |t| names.topic_parent(t)), false);
                }
            };
            view! {
                <li>
                    <a
                        class="chip topic"
                        class:group=group
                        href=href
                        aria-current=move || pressed().then_some("true")
                        on:click=on_click
                    >
                        <span class="name">{move || topic_name(&index.names, &id, lang.get())}</span>
                        <span class="count">{count}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="facet topics" aria-labelledby="topics-heading">
            <h3 id="topics-heading">{move || lang.get().text().topics}</h3>
            <ul class="chips">{chips}</ul>
        </section>
    }
}

/// Years, newest first, each with its number of articles; the chosen
/// year opens into its months.
///
/// Built once, every year of the archive and twelve months, each shown or
/// hidden by its count: a view rebuilt from the counts (a keyed list, an
/// optional list of months) cost about 10 KB of wasm in code to diff it.
#[component]
pub fn DateFacet(query: Memo<Query>, counts: Memo<Counts>) -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let chosen = crate::boxed::memo(move |_| query.read().date.clone());
    let chosen_year = crate::boxed::memo(move |_| chosen.read().get(..4).map(str::to_string));
    let go = use_go();
    // A year's or month's button, hidden while nothing of it is in the results.
    let button = move |date: Signal<String>,
                       label: Signal<String>,
                       count: Signal<usize>,
                       class: &'static str| {
        let pressed = move || date.with(|d| !d.is_empty() && *chosen.read() == *d);
        let go = go.clone();
        // Choosing the chosen value again lets go of it (a month → its year).
        let choose = move |_| {
            let q = query.get_untracked();
            let date = date.get_untracked();
            let date = if q.date == date {
                date.get(..4)
                    .filter(|_| date.len() > 4)
                    .unwrap_or("")
                    .to_string()
            } else {
                date
            };
            go(q.with_date(&date), false)
        };
        view! {
            <li hidden=move || count.get() == 0 && !pressed()>
                <button
                    class=class
                    aria-pressed=move || if pressed() { "true" } else { "false" }
                    on:click=choose
                >
                    <span class="name">{label}</span>
                    <span class="count">{count}</span>
                </button>
            </li>
        }
    };
    let years: Vec<i32> = lib.overview().years.keys().rev().copied().collect();
    let has_years = !years.is_empty();
    let year_buttons = years
        .into_iter()
        .map(|y| {
            button(
                Signal::stored(y.to_string()),
                Signal::stored(y.to_string()),
                Signal::derive(move || counts.read().years.get(&y).copied().unwrap_or(0)),
                "chip date",
            )
        })
        .collect_view();
    let month_buttons = (1..=12u32)
        .map(|m| {
            button(
                Signal::derive(move || {
                    chosen_year
                        .get()
                        .map(|y| format!("{y}-{m:02}"))
                        .unwrap_or_default()
                }),
                Signal::derive(move || (lang.get().text().month)(m)),
                Signal::derive(move || counts.read().months.get(&m).copied().unwrap_or(0)),
                "chip month",
            )
        })
        .collect_view();
    let go_any = use_go();
    has_years.then(|| {
        view! {
            // Hidden while the results have no dated article (nothing chosen).
            <section
                class="facet dates"
                aria-labelledby="dates-heading"
                hidden=move || counts.read().years.is_empty() && chosen.read().is_empty()
            >
                <h3 id="dates-heading">{move || lang.get().text().dates}</h3>
                <ul class="chips">
                    <li hidden=move || chosen.read().is_empty()>
                        <button class="chip date any" on:click=move |_| go_any(query.get_untracked().with_date(""), false)>
                            {move || lang.get().text().any_date}
                        </button>
                    </li>
                    {year_buttons}
                </ul>
                <ul
                    class="chips months"
                    hidden=move || chosen_year.read().is_none() || counts.read().months.values().all(|&n| n == 0)
                >
                    {month_buttons}
                </ul>
            </section>
        }
    })
}
