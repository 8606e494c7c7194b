//! One article, in full.

use super::list::set_title;
use crate::app::{Base, BundleResource};
use benbao_core::{Article, Block, BlockKind};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let bundle = expect_context::<BundleResource>();
    let params = use_params_map();
    let article = move || {
        let id = params.read().get("id").unwrap_or_default();
        bundle.get().and_then(Result::ok).and_then(|b| b.articles.iter().find(|a| a.id == id).cloned())
    };
    let base = expect_context::<Base>();
    let home = base.href("/");
    move || match article() {
        Some(a) => {
            set_title(&format!("{} - 本报", a.title));
            view! { <FullArticle article=a/> }.into_any()
        }
        None => view! {
            <div class="notice">
                <p>"没有这篇文章。"</p>
                <a href=home.clone()>"返回文章列表"</a>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn FullArticle(article: Article) -> impl IntoView {
    let home = expect_context::<Base>().href("/");
    view! {
        <article class="full">
            <nav class="back"><a href=home>"← 全部文章"</a></nav>
            <header class="headline">
                {article.kicker.clone().map(|k| view! { <p class="kicker">{k}</p> })}
                <h1>{article.title.clone()}</h1>
                {article.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
                {article.byline.as_ref().map(|b| view! { <p class="byline">{b.text.clone()}</p> })}
            </header>
            <div class="body">{article.blocks.into_iter().map(block_view).collect_view()}</div>
        </article>
    }
}

fn block_view(block: Block) -> AnyView {
    match block.kind {
        BlockKind::Heading => view! { <h2>{block.text}</h2> }.into_any(),
        BlockKind::Caption => view! { <p class="caption">{block.text}</p> }.into_any(),
        BlockKind::Paragraph if block.truncated => view! {
            <p>{block.text}<span class="cut" role="note">"(原文此处缺失)"</span></p>
        }
        .into_any(),
        BlockKind::Paragraph => view! { <p>{block.text}</p> }.into_any(),
    }
}
