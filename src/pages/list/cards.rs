//! The result cards of a page, and the pager under them.

use super::results::{Hits, Results};
use crate::components::card::{Card, CardData};
use crate::context::SharedLibrary;
use crate::i18n::use_lang;
use crate::near::Near;
use crate::parts::Parts;
use crate::problem::Problem;
use crate::state::list_href;
use benbao_core::archive::Summary;
use benbao_core::query::Query;
use benbao_core::Block;
use leptos::html;
use leptos::prelude::*;

/// The page's cards, keyed by article and search text: a card is built
/// when an article enters the page (or the marks change), not when a
/// file arrives or a filter keeps it on the page.
#[component]
pub fn ResultCards(results: Results) -> impl IntoView {
    // The search text the cards on screen answer.
    let marks = crate::boxed::memo(move |_| results.links.read().text.clone());
    let cards = move || {
        let t = marks.get();
        results
            .page_items
            .get()
            .into_iter()
            .map(|i| (i, t.clone()))
            .collect::<Vec<_>>()
    };
    let hits = results.search.hits;
    view! {
        <ol class="cards">
            <For each=cards key=|(i, t)| (*i, t.clone()) let:item>
                <li><CardSlot i=item.0 text=item.1 query=results.links hits wanted=results.wanted/></li>
            </For>
        </ol>
        <Pager query=results.links page=results.page pages=results.pages/>
    }
}

/// One result: its card once its summary is here (and, for a long search
/// term in an archive, its text confirmed) and its place is `wanted` (on
/// screen or about to be), a placeholder before, and a short "not loaded"
/// if its file could not be fetched. Cards below the screen are drawn as
/// they come near: a keystroke's answer draws one screenful, not twenty
/// cards, before the reader sees it.
#[component]
fn CardSlot(
    i: u32,
    text: String,
    query: Memo<Query>,
    hits: Memo<Hits>,
    wanted: Memo<Vec<u32>>,
) -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    let near = expect_context::<Near>();
    let lang = use_lang();
    // Made while a pre-rendered page is on screen: the app's hidden copy
    // draws all of it, so that taking its place shows no placeholder where
    // it had a card (read once: the takeover is no signal).
    let prerendered = crate::takeover::pending();
    // Changes only when this article's own files arrive or fail.
    let slot = {
        let lib = lib.clone();
        crate::boxed::memo(move |before: Option<&Slot>| {
            let (confirmed, confirming) = hits.with(|h| confirmation(&parts, &lib, h, i));
            // A card once drawn stays.
            let near_view = prerendered
                || matches!(before, Some(Slot::Ready(..)))
                || wanted.with(|w| w.contains(&i));
            match (confirmed && near_view, parts.summary(&lib, i)) {
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
        // What failed, and the retry, are said once above the cards
        // (`Notices`). A list that failed fails every place: they are left
        // out. A chunk fails its own articles: their places say so.
        Slot::Failed(why) if Parts::of_a_list(&lib, &why) => ().into_any(),
        Slot::Failed(_) => view! {
            <div class="card failed">
                <p>{move || lang.get().text().card_failed}</p>
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

/// Whether article `i`'s match is confirmed (a long search term in an
/// archive is, once its text is checked), and whether it needs its body
/// for that.
pub(super) fn confirmation(
    parts: &Parts,
    lib: &SharedLibrary,
    hits: &Hits,
    i: u32,
) -> (bool, bool) {
    match hits {
        Hits::Found(c) => (parts.verdict(lib, c, i).is_some(), !c.verify.is_empty()),
        _ => (true, false),
    }
}

/// Why article `i`'s place shows a failure, if it does: what [`CardSlot`]
/// draws as failed (a card that is shown is not, whatever else failed).
pub(super) fn failed_place(
    parts: &Parts,
    lib: &SharedLibrary,
    hits: &Hits,
    i: u32,
) -> Option<Problem> {
    let (confirmed, confirming) = confirmation(parts, lib, hits, i);
    if confirmed && parts.summary(lib, i).is_some() {
        return None;
    }
    parts.failure(lib, i, confirming)
}

/// What a result's place in the list shows.
#[derive(Clone, PartialEq)]
enum Slot {
    Ready(Box<Summary>, Option<Vec<Block>>),
    Failed(Problem),
    Waiting,
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
