//! An article as it reads on its own page: the way back, the headline and
//! its tags, the text. The app's article page draws it, and the
//! pre-rendered pages (`crate::prerender`) write it as HTML, so that the
//! page a reader gets before the wasm and the one after are the same.

use super::highlight::marked;
use super::tags::tag_links;
use crate::i18n::use_lang;
use benbao_core::{Article, Block, BlockKind, Bundle};
use leptos::prelude::*;
use std::sync::Arc;

/// `terms`: the search's, marked in the text; `back`: the list's link;
/// `edition`: the link to the page of the day's paper it was printed on,
/// when the archive has editions; `children`: what follows the text (the
/// app's previous and next links).
#[component]
pub fn ArticleText(
    article: Article,
    names: Arc<Bundle>,
    terms: Vec<String>,
    back: String,
    #[prop(optional_no_strip)] edition: Option<String>,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let meta: Vec<String> = [article.paper.clone(), article.date.clone()]
        .into_iter()
        .flatten()
        .collect();
    // The paper's name is Chinese whatever the interface's language.
    let paper = article
        .paper
        .clone()
        .map(|p| view! { <span lang="zh-CN">{p}</span> });
    let date = article.date.clone().map(|d| {
        let sep = if article.paper.is_some() { " · " } else { "" };
        format!("{sep}{d}")
    });
    // The page as printed (第3版 综合), a link to it in the day's paper.
    let page = article.page.clone().map(|p| {
        let name = article.page_name.clone();
        let label = move || {
            let label = (lang.get().text().page_label)(&p);
            match &name {
                Some(name) => format!("{label} {name}"),
                None => label,
            }
        };
        let sep = if meta.is_empty() { "" } else { " · " };
        match edition {
            Some(href) => view! { {sep} <a href=href>{label}</a> }.into_any(),
            None => view! { {sep} {label} }.into_any(),
        }
    });
    let chips = {
        let (names, article) = (names.clone(), article.clone());
        move || tag_links(&names, &article.regions, &article.topics, lang.get())
    };
    let blocks = article
        .blocks
        .iter()
        .map(|b| block_view(b, &terms))
        .collect_view();
    view! {
        <article class="full">
            <nav class="back" aria-label=move || lang.get().text().back>
                <a href=back>"← " {move || lang.get().text().back}</a>
            </nav>
            <header class="headline">
                // The paper's text is Chinese whatever the interface's language.
                {article.kicker.as_ref().map(|k| view! { <p class="kicker" lang="zh-CN">{marked(k, &terms)}</p> })}
                <h1 lang="zh-CN">{marked(&article.title, &terms)}</h1>
                {article.subtitle.as_ref().map(|s| view! { <p class="subtitle" lang="zh-CN">{marked(s, &terms)}</p> })}
                {article.byline.as_ref().map(|b| view! { <p class="byline" lang="zh-CN">{marked(&b.text, &terms)}</p> })}
                {(!meta.is_empty() || page.is_some()).then(|| view! { <p class="meta">{paper}{date}{page}</p> })}
                <ul class="chips">{chips}</ul>
            </header>
            <div class="body" lang="zh-CN">{blocks}</div>
            {children()}
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
            <p>{text}<span class="cut" role="note" lang=move || lang.get().html_lang()>"(" {move || lang.get().text().cut} ")"</span></p>
        }
        .into_any(),
        BlockKind::Paragraph => view! { <p>{text}</p> }.into_any(),
    }
}
