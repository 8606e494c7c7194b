//! One article, in full, with the way back to the list it came from.

use crate::app::{set_title, NotFound, SharedIndex};
use crate::components::highlight::marked;
use crate::components::tags::tag_links;
use crate::i18n::use_lang;
use crate::state::{article_href, list_href, use_query};
use benbao_core::query::Query;
use benbao_core::search::terms;
use benbao_core::{Block, BlockKind};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let params = use_params_map();
    let query = use_query();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        match index.bundle.articles.iter().position(|a| a.id == id) {
            Some(at) => view! { <FullArticle at query=query.get()/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    }
}

#[component]
fn FullArticle(at: usize, query: Query) -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let lang = use_lang();
    let bundle = index.bundle.clone();
    let article = bundle.articles[at].clone();
    let terms = terms(&query.text);
    {
        let title = article.title.clone();
        Effect::new(move || set_title(&format!("{title} · {}", lang.get().text().site)));
    }

    // Previous and next within the list the reader came from (all articles
    // when this one is not in it, e.g. from a link shared without filters).
    let mut order = index.results(&query);
    if !order.contains(&at) {
        order = (0..bundle.articles.len()).collect();
    }
    let pos = order.iter().position(|&i| i == at).unwrap_or(0);
    let neighbour = |i: Option<&usize>| i.map(|&i| (article_href(&bundle.articles[i].id, &query), bundle.articles[i].title.clone()));
    let previous = neighbour(pos.checked_sub(1).and_then(|p| order.get(p)));
    let next = neighbour(order.get(pos + 1));

    let back = list_href(&query);
    let meta: Vec<String> = [article.paper.clone(), article.date.clone(), article.page.as_ref().map(|p| format!("{p}版"))].into_iter().flatten().collect();
    let chips = {
        let (bundle, article) = (bundle.clone(), article.clone());
        move || tag_links(&bundle, &article, lang.get())
    };
    let blocks = article.blocks.iter().map(|b| block_view(b, &terms)).collect_view();

    view! {
        <article class="full">
            <nav class="back" aria-label=move || lang.get().text().back>
                <a href=back>"← " {move || lang.get().text().back}</a>
            </nav>
            <header class="headline">
                {article.kicker.as_ref().map(|k| view! { <p class="kicker">{marked(k, &terms)}</p> })}
                <h1>{marked(&article.title, &terms)}</h1>
                {article.subtitle.as_ref().map(|s| view! { <p class="subtitle">{marked(s, &terms)}</p> })}
                {article.byline.as_ref().map(|b| view! { <p class="byline">{marked(&b.text, &terms)}</p> })}
                {(!meta.is_empty()).then(|| view! { <p class="meta">{meta.join(" · ")}</p> })}
                <ul class="chips">{chips}</ul>
            </header>
            <div class="body">{blocks}</div>
            <nav class="prevnext" aria-label=move || format!("{} / {}", lang.get().text().previous, lang.get().text().next)>
                {previous.map(|(href, title)| view! {
                    <a class="prev" href=href rel="prev">
                        <span class="dir">{move || lang.get().text().previous}</span>
                        <span class="t">{title}</span>
                    </a>
                })}
                {next.map(|(href, title)| view! {
                    <a class="next" href=href rel="next">
                        <span class="dir">{move || lang.get().text().next}</span>
                        <span class="t">{title}</span>
                    </a>
                })}
            </nav>
        </article>
    }
}

fn block_view(block: &Block, terms: &[String]) -> AnyView {
    let lang = use_lang();
    let text = marked(&block.text, terms);
    match block.kind {
        BlockKind::Heading => view! { <h2>{text}</h2> }.into_any(),
        BlockKind::Caption => view! { <p class="caption">{text}</p> }.into_any(),
        BlockKind::Paragraph if block.truncated => view! {
            <p>{text}<span class="cut" role="note">"(" {move || lang.get().text().cut} ")"</span></p>
        }
        .into_any(),
        BlockKind::Paragraph => view! { <p>{text}</p> }.into_any(),
    }
}
