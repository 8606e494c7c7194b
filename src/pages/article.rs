//! One article, in full, with the way back to the list it came from.

use crate::app::{set_title, NotFound};
use crate::components::article::ArticleText;
use crate::components::share::ShareButton;
use crate::context::SharedLibrary;
use crate::i18n::use_lang;
use crate::parts::Parts;
use crate::state::{article_href, list_href, use_query};
use benbao_core::query::Query;
use benbao_core::search::terms;
use benbao_core::Article;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query();
    let id = crate::boxed::memo(move |_| params.read().get("id").unwrap_or_default());
    let parts = expect_context::<Parts>();
    // From the chunks already here, else its id shard, summary and body.
    let found = LocalResource::new(move || {
        let (lib, id) = (lib.clone(), id.get());
        async move { parts.article(&lib, &id).await }
    });
    // The facets (for previous/next) once the article is shown.
    crate::boxed::effect(move || {
        if found.read().is_some() {
            parts.want_catalog();
        }
    });
    move || match found.get() {
        None => view! {
            <div class="skeleton" role="status" aria-busy="true">
                <span class="visually-hidden">{move || lang.get().text().loading}</span>
                <div class="skeleton-card"></div>
            </div>
        }
        .into_any(),
        Some(Err(why)) => view! {
            <div class="notice error" role="alert">
                <h1>{move || lang.get().text().load_failed}</h1>
                <p>{move || why.say(lang.get())}</p>
                <button on:click=move |_| found.refetch()>{move || lang.get().text().retry}</button>
            </div>
        }
        .into_any(),
        Some(Ok(None)) => view! { <NotFound/> }.into_any(),
        Some(Ok(Some((at, article)))) => {
            view! { <FullArticle at article query=query.get()/> }.into_any()
        }
    }
}

#[component]
fn FullArticle(at: u32, article: Article, query: Query) -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    let lang = use_lang();
    let terms = terms(&query.text);
    {
        let title = article.title.clone();
        crate::boxed::effect(move || set_title(&format!("{title} · {}", lang.get().text().site)));
    }
    // The app's article is drawn: it replaces the pre-rendered one.
    crate::boxed::effect(crate::takeover::shown);
    // Focus lost with the link followed (its card, or the previous
    // article, is gone) goes to the page's start, not the document's
    // body: a screen reader reads on from the article, and Tab goes on to
    // the way back. Not scrolled to: the page is at its top already.
    crate::boxed::effect(|| {
        use wasm_bindgen::JsCast;
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let lost = doc
            .active_element()
            .is_none_or(|e| !e.is_connected() || doc.body().is_some_and(|b| *b == e));
        if let Some(main) = doc
            .get_element_by_id("main")
            .filter(|_| lost)
            .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = main.focus_with_options(&options);
        }
    });

    // Previous and next within the list the reader came from (all articles
    // when this one is not in it, e.g. from a link shared without filters).
    let here = {
        let lib = lib.clone();
        crate::boxed::memo(move |_| parts.catalog_here(&lib))
    };
    let order = {
        let (lib, query) = (lib.clone(), query.clone());
        crate::boxed::memo(move |_| {
            // An archive's facets may still be on their way: no neighbours until then.
            let here = here.get(); // read first, so that the memo depends on it
            let catalog = lib.catalog().filter(|_| here)?;
            // The search the list made is still at hand; without it, the filters alone.
            let candidates = parts.search_cached(&lib, &query.text);
            let order = catalog.results(
                &query.clone().first_page(),
                candidates.as_ref().map(|c| c.articles.as_slice()),
            );
            if order.contains(&at) {
                Some((order, candidates))
            } else {
                Some((catalog.results(&Query::default(), None), None))
            }
        })
    };
    // The nearest on each side that is not known to fail the search's long terms.
    let around = {
        let lib = lib.clone();
        crate::boxed::memo(move |_| {
            order.with(|o| {
                let (order, candidates) = o.as_ref()?;
                let fits = |i: &&u32| {
                    candidates
                        .as_ref()
                        .is_none_or(|c| parts.verdict(&lib, c, **i) != Some(false))
                };
                let pos = order.iter().position(|&i| i == at).unwrap_or(0);
                Some((
                    order[..pos].iter().rev().find(fits).copied(),
                    order.iter().skip(pos + 1).find(fits).copied(),
                ))
            })
        })
    };
    {
        let lib = lib.clone();
        crate::boxed::effect(move || {
            let near: Vec<u32> = around
                .get()
                .map(|(p, n)| p.into_iter().chain(n).collect())
                .unwrap_or_default();
            parts.failed.track();
            parts.request(&lib, &near, false);
        });
    }
    let neighbour = {
        let (lib, query) = (lib.clone(), query.clone());
        move |i: u32| {
            let s = parts.summary(&lib, i);
            (
                s.as_ref().map(|s| article_href(&s.id, &query)),
                s.map(|s| s.title).unwrap_or_default(),
            )
        }
    };

    let back = list_href(&query);
    let share_title = article.title.clone();
    // The article's own address, without the list's query.
    let share_url = format!(
        "{}{}",
        location().origin().unwrap_or_default(),
        article_href(&article.id, &Query::default())
    );
    let link = move |i: Option<u32>,
                     class: &'static str,
                     rel: &'static str,
                     dir: fn(&crate::i18n::Text) -> &'static str| {
        let neighbour = neighbour.clone();
        i.map(|i| {
            let n = neighbour.clone();
            move || {
                let (href, title) = n(i);
                view! {
                    <a class=class href=href rel=rel>
                        <span class="dir">{move || dir(lang.get().text())}</span>
                        <span class="t" lang="zh-CN">{title}</span>
                    </a>
                }
            }
        })
    };

    // Its page in the day's paper, when the archive has editions.
    let edition = match (&lib.archive.manifest.editions, &article.date, &article.page) {
        (Some(_), Some(date), Some(page)) => {
            Some(expect_context::<crate::context::Base>().href(&format!("/e/{date}/{page}/")))
        }
        _ => None,
    };
    view! {
        <ArticleText article names=lib.names.clone() terms back edition>
            // Before the links around, which come later and grow below it.
            <ShareButton title=share_title url=share_url/>
            <nav class="prevnext" aria-label=move || format!("{} / {}", lang.get().text().previous, lang.get().text().next)>
                {let link = link.clone(); move || link(around.get().and_then(|a| a.0), "prev", "prev", |t| t.previous)}
                {move || link(around.get().and_then(|a| a.1), "next", "next", |t| t.next)}
            </nav>
        </ArticleText>
    }
}
