//! The home list: every article as a card.

use crate::app::{Base, BundleResource};
use benbao_core::{Article, BlockKind};
use leptos::prelude::*;

#[component]
pub fn ListPage() -> impl IntoView {
    let bundle = expect_context::<BundleResource>();
    let articles = move || bundle.get().and_then(Result::ok).map(|b| b.articles.clone()).unwrap_or_default();
    Effect::new(|| set_title("本报"));
    view! {
        <p class="count">{move || format!("共 {} 篇", articles().len())}</p>
        <ol class="cards">
            <For each=articles key=|a| a.id.clone() let:article>
                <li><Card article/></li>
            </For>
        </ol>
    }
}

#[component]
fn Card(article: Article) -> impl IntoView {
    let base = expect_context::<Base>();
    let href = base.href(&format!("/a/{}", article.id));
    let lead = article
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map(|b| excerpt(&b.text, 80))
        .unwrap_or_default();
    let byline = article.byline.as_ref().map(|b| b.text.clone());
    view! {
        <article class="card">
            {article.kicker.clone().map(|k| view! { <p class="kicker">{k}</p> })}
            <h2 class="title"><a href=href>{article.title.clone()}</a></h2>
            {article.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
            {byline.map(|b| view! { <p class="byline">{b}</p> })}
            <p class="lead">{lead}</p>
        </article>
    }
}

/// The first `max` characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}
