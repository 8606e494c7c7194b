//! The home list: search, filters (sidebar on desktop, a sheet on phones),
//! the city map and the result cards.

use crate::app::set_title;
use crate::components::card::{Card, CardData};
use crate::components::facets::{DateFacet, RegionTree, TopicChips};
use crate::components::map::CityMap;
use crate::context::SharedLibrary;
use crate::i18n::{place_name, topic_name, use_lang};
use crate::near::Near;
use crate::parts::{self, Parts};
use crate::problem::Problem;
use crate::state::{list_href, use_go, use_query};
use benbao_core::archive::{Candidates, Summary};
use benbao_core::catalog::Counts;
use benbao_core::query::{Query, Sort};
use benbao_core::Block;
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

const SCROLL_KEY: &str = "benbao:scroll:";

/// Results per page: the DOM holds one page, however large the archive.
pub const PAGE_SIZE: usize = 20;

/// Pages of the unfiltered list an archive's manifest carries.
const OVERVIEW_PAGES: usize = benbao_core::archive::OVERVIEW_ARTICLES / PAGE_SIZE;

/// What the search text selects.
#[derive(Clone, Debug, PartialEq)]
pub enum Hits {
    /// No search text: every article.
    All,
    /// The articles the search found (candidates to confirm, for an archive's long terms).
    Found(Arc<Candidates>),
    /// The search index is still coming.
    Pending,
    Failed(Problem),
}

/// The search's answer for the current text; for an archive it comes
/// asynchronously, and the previous answer stays until it does, so typing
/// never blanks the list or waits for the network.
#[derive(Clone, Copy)]
struct Search {
    hits: Memo<Hits>,
    /// An answer for the current text is on its way.
    searching: Memo<bool>,
    /// Bumped to search again (after a shard failed).
    attempt: RwSignal<u32>,
}

fn use_search(lib: SharedLibrary, text: Memo<String>) -> Search {
    let fetched: RwSignal<Option<(String, Hits)>> = RwSignal::new(None);
    let attempt = RwSignal::new(0u32);
    let parts = expect_context::<Parts>();
    {
        // A render effect, its task started at once: subscribed ahead of the
        // page's own effects, so that on a keystroke the shards are asked
        // for before the page redraws for the new text, not after.
        let lib = lib.clone();
        let effect = RenderEffect::new(move |_| {
            attempt.track();
            let asked = text.get();
            if benbao_core::search::terms(&asked).is_empty() {
                return;
            }
            let lib = lib.clone();
            parts::spawn_now(async move {
                let hits = match parts.search(&lib, &asked).await {
                    Ok(Some(c)) => Hits::Found(Arc::new(c)),
                    Ok(None) => Hits::All,
                    Err(why) => Hits::Failed(why),
                };
                // Only the answer for what the box says now.
                if text.try_get_untracked().as_ref() == Some(&asked) {
                    fetched.try_set(Some((asked, hits)));
                }
            });
        });
        StoredValue::new_local(effect);
    }
    let wanted = move || !benbao_core::search::terms(&text.get()).is_empty();
    let searching = Memo::new(move |_| {
        wanted() && fetched.with(|f| f.as_ref().map(|(t, _)| t) != Some(&text.get()))
    });
    let hits = Memo::new(move |_| {
        let text = text.get();
        if benbao_core::search::terms(&text).is_empty() {
            return Hits::All;
        }
        // The previous answer stands in while the new one comes, when
        // the texts are related (typing on, or deleting); else, nothing.
        fetched.with(|f| match f {
            Some((before, hits))
                if before == &text
                    || text.starts_with(before.as_str())
                    || before.starts_with(text.as_str()) =>
            {
                hits.clone()
            }
            _ => Hits::Pending,
        })
    });
    Search {
        hits,
        searching,
        attempt,
    }
}

/// How long a wait may last before the page says it is loading (ms).
const SLOW_MS: u32 = 150;

/// How long a page is left alone before the cards below the screen are
/// fetched too (ms).
const REST_MS: u32 = 1500;

#[component]
pub fn ListPage() -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    let lang = use_lang();
    let query = use_query();
    // The page aside, what the results depend on.
    let filters = Memo::new(move |_| query.get().first_page());
    let text = Memo::new(move |_| query.with(|q| q.text.clone()));
    // The page asked for (the one shown may be fewer: see `page`).
    let asked_page = Memo::new(move |_| query.read().page());
    let search = use_search(lib.clone(), text);
    let (hits, searching) = (search.hits, search.searching);
    let catalog_here = {
        let lib = lib.clone();
        Memo::new(move |_| parts.catalog_here(&lib))
    };
    // Before an archive's facets arrive, only its unfiltered list is known.
    let overview_only = Memo::new(move |_| {
        !catalog_here.get() && filters.with(|f| f.is_empty() && f.sort == Sort::Newest)
    });
    // The results and counts, in one pass over the catalogue (None before it is here).
    let view = {
        let lib = lib.clone();
        Memo::new(
            move |previous: Option<&Option<Arc<benbao_core::catalog::View>>>| {
                let f = filters.get();
                // Read first: the memo must depend on it even while there is no catalogue.
                let here = catalog_here.get();
                let catalog = lib.catalog().filter(|_| here)?;
                let hits = hits.get();
                // While a new search's answer is on its way, the list and the
                // counts stay as they were (the count line says "loading"):
                // emptying them and filling them again a moment later cost
                // two redraws of every card and count.
                if let (Hits::Pending, Some(Some(before))) = (&hits, previous) {
                    return Some(before.clone());
                }
                Some(Arc::new(crate::timing::measured(
                    "benbao: results and counts",
                    || match hits {
                        Hits::All => catalog.view(&f, None),
                        Hits::Found(c) => catalog.view(&f, Some(&c.articles)),
                        Hits::Pending | Hits::Failed(_) => catalog.view(&f, Some(&[])),
                    },
                )))
            },
        )
    };
    let results = {
        let lib = lib.clone();
        Memo::new(move |_| match view.get() {
            Some(v) => v.results.clone(),
            None if overview_only.get() => lib.overview().newest.clone(),
            None => Vec::new(),
        })
    };
    // Long search terms in an archive: drop the candidates whose text
    // turns out not to have them, as their text arrives. (results, unsure)
    // Only as far as the page asked for: past it, every candidate counts
    // as unsure (the count says "at most"), so that a common long term's
    // tens of thousands of candidates are not looked over at each arrival.
    let shown = {
        let lib = lib.clone();
        Memo::new(move |_| match hits.get() {
            Hits::Found(c) if !c.verify.is_empty() => results.with(|r| {
                let key = crate::parts::verdict_key(&c);
                let needed = asked_page.get() * PAGE_SIZE;
                let (mut kept, mut unsure) = (Vec::with_capacity(r.len()), 0);
                for (k, &i) in r.iter().enumerate() {
                    if kept.len() >= needed {
                        unsure += r.len() - k;
                        kept.extend_from_slice(&r[k..]);
                        break;
                    }
                    match parts.verdict_keyed(&lib, &c, &key, i) {
                        Some(true) => kept.push(i),
                        Some(false) => {}
                        None => {
                            unsure += 1;
                            kept.push(i);
                        }
                    }
                }
                (kept, unsure)
            }),
            _ => (results.get(), 0),
        })
    };
    let total = {
        let lib = lib.clone();
        Memo::new(move |_| {
            if overview_only.get() {
                lib.total()
            } else {
                shown.read().0.len()
            }
        })
    };
    // Waiting for the facets to answer a filtered view (or a page beyond the overview's).
    let waiting = Memo::new(move |_| {
        !catalog_here.get() && (!overview_only.get() || asked_page.get() > OVERVIEW_PAGES)
    });
    let counts: Memo<Counts> = {
        let lib = lib.clone();
        Memo::new(move |_| match view.get() {
            Some(v) => v.counts.clone(),
            None if overview_only.get() => {
                let o = lib.overview();
                Counts {
                    regions: o.regions.clone(),
                    topics: o.topics.clone(),
                    years: o.years.clone(),
                    months: Default::default(),
                }
            }
            None => Counts::default(),
        })
    };
    let region_counts = Memo::new(move |_| counts.read().regions.clone());
    let topic_counts = Memo::new(move |_| counts.read().topics.clone());
    let pages = Memo::new(move |_| total.get().div_ceil(PAGE_SIZE).max(1));
    let page = Memo::new(move |_| asked_page.get().min(pages.get()));
    // Which of the page's places are on screen or about to be: only their
    // files are fetched.
    let near = Near::new(PAGE_SIZE);
    provide_context(near);
    // And the rest of the page once it has been left alone a moment: a
    // screen reader need not scroll, and should find every result.
    let rest: RwSignal<Option<Vec<u32>>> = RwSignal::new(None);
    let page_items = Memo::new(move |_| {
        let start = (page.get() - 1) * PAGE_SIZE;
        shown.with(|(v, _)| {
            v.iter()
                .skip(start)
                .take(PAGE_SIZE)
                .copied()
                .collect::<Vec<u32>>()
        })
    });
    {
        // Fetch what this page shows (and, to confirm long terms, the text).
        // A render effect: its first run subscribes it at once, ahead of
        // the page's own render effects, so that on a change the requests
        // go out before the page is drawn, not after.
        let lib = lib.clone();
        let effect = RenderEffect::new(move |_| {
            let items = page_items.with(|items| {
                if rest.with(|r| r.as_deref() == Some(items.as_slice())) {
                    items.clone()
                } else {
                    near.wanted(items)
                }
            });
            let confirm = matches!(hits.get(), Hits::Found(c) if !c.verify.is_empty());
            parts.failed.track();
            // A file list that arrives names the chunks to ask for next.
            parts.track();
            parts.request(&lib, &items, confirm);
        });
        // Kept as long as the page (a render effect stops when dropped).
        StoredValue::new_local(effect);
    }
    {
        // The facets (for the filters) once this page is shown, or at once
        // when nothing can be shown without them.
        let lib = lib.clone();
        Effect::new(move || {
            let shown = page_items.with(|items| {
                near.first(items)
                    .iter()
                    .all(|&i| parts.summary(&lib, i).is_some())
            });
            if waiting.get() || shown {
                parts.want_catalog();
            }
        });
    }
    Effect::new(move |timer: Option<gloo_timers::callback::Timeout>| {
        // A new page cancels the timer of the one before.
        drop(timer);
        let items = page_items.get();
        gloo_timers::callback::Timeout::new(REST_MS, move || {
            rest.try_set(Some(items));
        })
    });
    let busy = move || searching.get() || waiting.get() || parts.pending.get() > 0;
    // "Loading" shows only once it lasts: a quick answer replaces the list
    // with no "loading" frame before it (which, drawn on every keystroke,
    // held up reading the answer that had already come).
    let slow = RwSignal::new(false);
    Effect::new(
        move |timer: Option<Option<gloo_timers::callback::Timeout>>| {
            if busy() {
                timer.flatten().or_else(|| {
                    Some(gloo_timers::callback::Timeout::new(SLOW_MS, move || {
                        slow.try_set(true);
                    }))
                })
            } else {
                slow.set(false);
                None
            }
        },
    );
    {
        let lib = lib.clone();
        Effect::new(move || {
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
        q.regions.len() + q.topics.len() + usize::from(!q.date.is_empty())
    };

    // The query the results on screen answer: while a new search's answer
    // is on its way, the one before. Their links (cards, map, pager) carry
    // it: links that followed every keystroke made each one redraw some
    // thirty links (and repaint the map) before its answer could be read.
    let links = Memo::new(move |previous: Option<&Query>| {
        match (matches!(hits.get(), Hits::Pending), previous) {
            (true, Some(before)) => before.clone(),
            _ => query.get(),
        }
    });
    // Keyed by article and search text: a card is built when an article
    // enters the page (or the marks change), not when a file arrives or a
    // filter keeps it on the page.
    // The search text the cards on screen answer.
    let marks = Memo::new(move |_| links.read().text.clone());
    let cards = move || {
        let t = marks.get();
        page_items
            .get()
            .into_iter()
            .map(|i| (i, t.clone()))
            .collect::<Vec<_>>()
    };
    let count = move || {
        let t = lang.get().text();
        // Every value read on every run (no short cut), so that the
        // closure always depends on all of them.
        let (total, unsure, slow) = (total.get(), shown.read().1, slow.get());
        let (waiting, pending) = (waiting.get(), matches!(hits.get(), Hits::Pending));
        let loading = waiting || (slow && pending);
        if loading {
            t.loading.to_string()
        } else if unsure > 0 {
            (t.about_results)(total)
        } else {
            (t.results)(total)
        }
    };
    let failure = move || match hits.get() {
        Hits::Failed(why) => Some(view! {
            <div class="notice error" role="alert">
                <p>{move || format!("{} {}", lang.get().text().search_failed, why.say(lang.get()))}</p>
                <button on:click=move |_| search.attempt.update(|a| *a += 1)>{move || lang.get().text().retry}</button>
            </div>
        }),
        _ => None,
    };
    let empty = move || {
        let (none, waiting, answered) = (
            total.get() == 0,
            waiting.get(),
            !matches!(hits.get(), Hits::Pending | Hits::Failed(_)),
        );
        none && !waiting && answered
    };
    let facets_failed = {
        let lib = lib.clone();
        move || {
            let file = lib.archive.manifest.facets.clone();
            parts.failed.with(|f| f.get(&file).cloned()).map(|why| view! {
                <div class="notice error" role="alert">
                    <p>{move || format!("{} {}", lang.get().text().part_failed, why.say(lang.get()))}</p>
                    <button on:click=move |_| parts.retry()>{move || lang.get().text().retry}</button>
                </div>
            })
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
                <CityMap query links counts=region_counts/>
                <RegionTree query counts=region_counts/>
                <TopicChips query counts=topic_counts/>
                <DateFacet query counts/>
            </aside>
            <section class="results" aria-labelledby="result-count" aria-busy=move || busy().to_string() on:click=save_scroll_on_link>
                <div class="results-head">
                    <p id="result-count" class="count" role="status">{count}</p>
                    <SortSelect query/>
                </div>
                {move || (parts.pending.get() > 0 && slow.get()).then(|| view! {
                    <p class="progress">{move || (lang.get().text().loading_parts)(parts.pending.get())}</p>
                })}
                {failure}
                {facets_failed}
                <Show
                    when=move || !empty()
                    fallback=move || view! {
                        <div class="empty">
                            <p>{move || lang.get().text().empty}</p>
                            <ClearButton query/>
                        </div>
                    }
                >
                    <ol class="cards">
                        <For each=cards key=|(i, t)| (*i, t.clone()) let:item>
                            <li><CardSlot i=item.0 text=item.1 query=links hits/></li>
                        </For>
                    </ol>
                    <Pager query=links page pages/>
                </Show>
            </section>
        </div>
    }
}

/// One result: its card once its summary is here (and, for a long search
/// term in an archive, its text confirmed), a placeholder before, and
/// what failed with a retry button if its file could not be fetched.
#[component]
fn CardSlot(i: u32, text: String, query: Memo<Query>, hits: Memo<Hits>) -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    let near = expect_context::<Near>();
    let lang = use_lang();
    // Changes only when this article's own files arrive or fail.
    let slot = {
        let lib = lib.clone();
        Memo::new(move |_| {
            let (confirmed, confirming) = hits.with(|h| match h {
                Hits::Found(c) => (parts.verdict(&lib, c, i).is_some(), !c.verify.is_empty()),
                _ => (true, false),
            });
            match (confirmed, parts.summary(&lib, i)) {
                // The blocks are at hand for a bundle, and in an archive once fetched to confirm a long term.
                (true, Some(summary)) => {
                    Slot::Ready(Box::new(summary), parts.body(&lib, i).map(|b| b.blocks))
                }
                _ => parts
                    .failure(&lib, i, confirming)
                    .map_or(Slot::Waiting, Slot::Failed),
            }
        })
    };
    move || match slot.get() {
        Slot::Ready(summary, blocks) => {
            let (regions, topics) = (summary.regions.clone(), summary.topics.clone());
            let data = CardData {
                summary: *summary,
                blocks,
                regions,
                topics,
            };
            view! { <Card data names=lib.names.clone() text=text.clone() query lang=lang.get()/> }
                .into_any()
        }
        Slot::Failed(why) => view! {
            <div class="card failed" role="alert">
                <p>{move || lang.get().text().part_failed}</p>
                <p class="why">{move || why.say(lang.get())}</p>
                <button on:click=move |_| parts.retry()>{move || lang.get().text().retry}</button>
            </div>
        }
        .into_any(),
        Slot::Waiting => {
            let placeholder = NodeRef::<html::Div>::new();
            placeholder.on_load(move |el| near.watch(&el));
            view! {
                <div class="card skeleton-card" aria-hidden="true" data-article=i node_ref=placeholder></div>
            }
            .into_any()
        }
    }
}

/// What a result's place in the list shows.
#[derive(Clone, PartialEq)]
enum Slot {
    Ready(Box<Summary>, Option<Vec<Block>>),
    Failed(Problem),
    Waiting,
}

#[component]
fn SortSelect(query: Memo<Query>) -> impl IntoView {
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
fn Pager(query: Memo<Query>, page: Memo<usize>, pages: Memo<usize>) -> impl IntoView {
    let lang = use_lang();
    let href = move |p: usize| {
        list_href(&Query {
            page: p,
            ..query.get()
        })
    };
    move || {
        (pages.get() > 1).then(|| {
            let (p, n) = (page.get(), pages.get());
            view! {
                <nav class="pager" aria-label=move || lang.get().text().page_nav>
                    {(p > 1).then(|| view! { <a class="prev" rel="prev" href=href(p - 1)>{move || lang.get().text().prev_page}</a> })}
                    <span class="at" aria-current="page">{move || (lang.get().text().page_of)(p, n)}</span>
                    {(p < n).then(|| view! { <a class="next" rel="next" href=href(p + 1)>{move || lang.get().text().next_page}</a> })}
                </nav>
            }
        })
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
    let search = move |text: String| {
        go(
            Query {
                text,
                ..query.get_untracked()
            }
            .first_page(),
            true,
        )
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
        let _ = storage.set_item(&key, &y.to_string());
    }
}

/// Puts the list back where the reader left it, once it has rendered.
fn restore_scroll() {
    let Some((storage, key)) = scroll_key() else {
        return;
    };
    let Some(y) = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|v| v.parse::<f64>().ok())
    else {
        return;
    };
    let _ = storage.remove_item(&key);
    request_animation_frame(move || {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, y);
        }
    });
}
