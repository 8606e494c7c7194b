//! The list's results model, apart from its views: what the URL's query
//! selects (search, filters, page), the counts for the filters, and the
//! fetching of what the page shows. `ListPage` draws it.

use crate::context::SharedLibrary;
use crate::near::Near;
use crate::parts::Parts;
use crate::problem::Problem;
use benbao_core::archive::Candidates;
use benbao_core::catalog::Counts;
use benbao_core::query::{Query, Sort};
use leptos::prelude::*;
use std::sync::Arc;

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
pub struct Search {
    pub hits: Memo<Hits>,
    /// An answer for the current text is on its way.
    pub searching: Memo<bool>,
    /// Bumped to search again (after a shard failed).
    pub attempt: RwSignal<u32>,
}

/// Answers of at most this many articles have their first screen asked
/// for by the search itself (ordering them costs a pass over them).
const EARLY_REQUEST_MAX: usize = 5_000;

/// How long an answer may wait for its first screen's summaries before it
/// is drawn with placeholders (ms): a wait past [`SLOW_MS`] says "loading".
const HOLD_MS: u32 = 120;

/// `filters`, `asked_page` and `near` say which articles the first screen
/// of an answer will show: their files are asked for as soon as the answer
/// comes, before the page redraws for it.
fn use_search(
    lib: SharedLibrary,
    text: Memo<String>,
    filters: Memo<Query>,
    asked_page: Memo<usize>,
    near: Near,
) -> Search {
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
            crate::parts::spawn_now(async move {
                let answer = crate::split::search(parts, lib.clone(), asked.clone()).await;
                // Only the answer for what the box says now (and not once the
                // page has gone: its memos are disposed then).
                if text.try_get_untracked().as_ref() != Some(&asked) {
                    return;
                }
                // Its first screen, asked for before the page redraws for it
                // (when the catalogue can order a modest number of them).
                if let (Ok(Some(c)), Some(catalog), Some(f), Some(page)) = (
                    &answer,
                    lib.catalog(),
                    filters.try_get_untracked(),
                    asked_page.try_get_untracked(),
                ) {
                    if c.articles.len() <= EARLY_REQUEST_MAX {
                        let order = catalog.results(&f, Some(&c.articles));
                        let rest = order.get((page.max(1) - 1) * PAGE_SIZE..).unwrap_or(&[]);
                        // The previous answer stays (marked busy) while they
                        // come, for a moment at most.
                        parts
                            .until_here(&lib, near.first(rest), !c.verify.is_empty(), HOLD_MS)
                            .await;
                        if text.try_get_untracked().as_ref() != Some(&asked) {
                            return;
                        }
                    }
                }
                let hits = match answer {
                    Ok(Some(c)) => Hits::Found(Arc::new(c)),
                    Ok(None) => Hits::All,
                    Err(why) => Hits::Failed(why),
                };
                fetched.try_set(Some((asked, hits)));
            });
        });
        StoredValue::new_local(effect);
    }
    let wanted = move || !benbao_core::search::terms(&text.get()).is_empty();
    let searching = crate::boxed::memo(move |_| {
        wanted() && fetched.with(|f| f.as_ref().map(|(t, _)| t) != Some(&text.get()))
    });
    let hits = crate::boxed::memo(move |_| {
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

/// Whether the list `first_page` (a query's first page) is the archive's
/// unfiltered list, newest first, which the manifest's overview carries.
fn is_overview(first_page: &Query) -> bool {
    first_page.is_empty() && first_page.sort == Sort::Newest
}

/// Whether the list `query` asks for needs the catalogue to be drawn (a
/// page beyond the overview's, or filtered, searched or in another order).
pub fn needs_catalog(query: &Query) -> bool {
    !is_overview(&query.clone().first_page()) || query.page() > OVERVIEW_PAGES
}

/// The results of the URL's query and what the page needs to show them.
#[derive(Clone, Copy)]
pub struct Results {
    pub search: Search,
    /// The articles answering the query, and how many of them are unsure
    /// (long search terms not yet confirmed in their text).
    pub shown: Memo<(Vec<u32>, usize)>,
    pub total: Memo<usize>,
    /// Waiting for the facets to answer a filtered view (or a page beyond the overview's).
    pub waiting: Memo<bool>,
    pub counts: Memo<Counts>,
    pub region_counts: Memo<std::collections::BTreeMap<String, usize>>,
    pub topic_counts: Memo<std::collections::BTreeMap<String, usize>>,
    pub pages: Memo<usize>,
    /// The page shown (the one asked for, or the last there is).
    pub page: Memo<usize>,
    /// The articles of that page.
    pub page_items: Memo<Vec<u32>>,
    /// Those of them on screen or about to be (see [`Near`]), or all of
    /// them once the page has been left alone a moment: the places whose
    /// files are fetched and whose cards are drawn.
    pub wanted: Memo<Vec<u32>>,
    /// The query the results on screen answer (see [`use_results`]).
    pub links: Memo<Query>,
    /// Something is on its way…
    pub busy: Memo<bool>,
    /// …for long enough to say so.
    pub slow: RwSignal<bool>,
}

/// The results model for `query`, with the effects that fetch what its
/// page shows. Provides the page's [`Near`] (which places are on screen):
/// with `whole_page`, every place of the first page shown is wanted.
pub fn use_results(lib: SharedLibrary, query: Memo<Query>, whole_page: bool) -> Results {
    let parts = expect_context::<Parts>();
    // The page aside, what the results depend on.
    let filters = crate::boxed::memo(move |_| query.get().first_page());
    let text = crate::boxed::memo(move |_| query.with(|q| q.text.clone()));
    // The page asked for (the one shown may be fewer: see `page`).
    let asked_page = crate::boxed::memo(move |_| query.read().page());
    // Which of the page's places are on screen or about to be: only their
    // files are fetched.
    let near = Near::new(PAGE_SIZE, whole_page);
    provide_context(near);
    let search = use_search(lib.clone(), text, filters, asked_page, near);
    let (hits, searching) = (search.hits, search.searching);
    let catalog_here = {
        let lib = lib.clone();
        crate::boxed::memo(move |_| parts.catalog_here(&lib))
    };
    // Before an archive's facets arrive, only its unfiltered list is known.
    let overview_only =
        crate::boxed::memo(move |_| !catalog_here.get() && filters.with(is_overview));
    // The results and counts, in one pass over the catalogue (None before it is here).
    let view = {
        let lib = lib.clone();
        crate::boxed::memo(
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
        crate::boxed::memo(move |_| match view.get() {
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
        crate::boxed::memo(move |_| match hits.get() {
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
        crate::boxed::memo(move |_| {
            if overview_only.get() {
                lib.total()
            } else {
                shown.read().0.len()
            }
        })
    };
    // Waiting for the facets to answer a filtered view (or a page beyond the overview's).
    let waiting = crate::boxed::memo(move |_| !catalog_here.get() && query.with(needs_catalog));
    let counts: Memo<Counts> = {
        let lib = lib.clone();
        crate::boxed::memo(move |_| match view.get() {
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
    let region_counts = crate::boxed::memo(move |_| counts.read().regions.clone());
    let topic_counts = crate::boxed::memo(move |_| counts.read().topics.clone());
    let pages = crate::boxed::memo(move |_| total.get().div_ceil(PAGE_SIZE).max(1));
    let page = crate::boxed::memo(move |_| asked_page.get().min(pages.get()));
    // And the rest of the page once it has been left alone a moment: a
    // screen reader need not scroll, and should find every result.
    let rest: RwSignal<Option<Vec<u32>>> = RwSignal::new(None);
    let page_items = crate::boxed::memo(move |_| {
        let start = (page.get() - 1) * PAGE_SIZE;
        shown.with(|(v, _)| {
            v.iter()
                .skip(start)
                .take(PAGE_SIZE)
                .copied()
                .collect::<Vec<u32>>()
        })
    });
    let wanted = crate::boxed::memo(move |_| {
        page_items.with(|items| {
            if rest.with(|r| r.as_deref() == Some(items.as_slice())) {
                items.clone()
            } else {
                near.wanted(items)
            }
        })
    });
    {
        // Fetch what this page shows (and, to confirm long terms, the text).
        // A render effect: its first run subscribes it at once, ahead of
        // the page's own render effects, so that on a change the requests
        // go out before the page is drawn, not after.
        let lib = lib.clone();
        let effect = RenderEffect::new(move |_| {
            let items = wanted.get();
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
        crate::boxed::effect(move || {
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
    let busy =
        crate::boxed::memo(move |_| searching.get() || waiting.get() || parts.pending.get() > 0);
    // "Loading" shows only once it lasts: a quick answer replaces the list
    // with no "loading" frame before it (which, drawn on every keystroke,
    // held up reading the answer that had already come).
    let slow = RwSignal::new(false);
    Effect::new(
        move |timer: Option<Option<gloo_timers::callback::Timeout>>| {
            if busy.get() {
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
    // The query the results on screen answer: while a new search's answer
    // is on its way, the one before. Their links (cards, map, pager) carry
    // it: links that followed every keystroke made each one redraw some
    // thirty links (and repaint the map) before its answer could be read.
    let links = crate::boxed::memo(move |previous: Option<&Query>| {
        match (matches!(hits.get(), Hits::Pending), previous) {
            (true, Some(before)) => before.clone(),
            _ => query.get(),
        }
    });
    Results {
        search,
        shown,
        total,
        waiting,
        counts,
        region_counts,
        topic_counts,
        pages,
        page,
        page_items,
        wanted,
        links,
        busy,
        slow,
    }
}
