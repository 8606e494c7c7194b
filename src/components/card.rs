//! An article in the list.

use super::highlight::marked;
use super::tags::tag_links;
use crate::context::Base;
use crate::i18n::Lang;
use benbao_core::archive::Summary;
use benbao_core::query::Query;
use benbao_core::search::{find_ranges, snippet, terms};
use benbao_core::{Block, BlockKind, Bundle};
use leptos::prelude::*;

/// What a card shows: the summary, and the blocks when they are at hand
/// (to show the passage a search matched when the lead does not).
pub struct CardData {
    pub summary: Summary,
    pub blocks: Option<Vec<Block>>,
    pub regions: Vec<String>,
    pub topics: Vec<String>,
}

/// `text` is the search text (for the marks); `query`, the list's, for the
/// link (which carries it for back, previous and next). Only the link
/// follows the query, so a card stays when a filter keeps its article.
#[component]
pub fn Card(
    data: CardData,
    names: std::sync::Arc<Bundle>,
    text: String,
    query: Memo<Query>,
    lang: Lang,
) -> impl IntoView {
    let CardData {
        summary: s,
        blocks,
        regions,
        topics,
    } = data;
    let terms = terms(&text);
    let href = {
        let (id, base) = (s.id.clone(), expect_context::<Base>());
        move || base.href(&format!("/a/{id}/{}", query.read().to_search()))
    };
    let body_hit = blocks
        .iter()
        .flatten()
        .find(|b| b.kind == BlockKind::Paragraph && !find_ranges(&b.text, &terms).is_empty())
        .map(|b| b.text.clone());
    // The whole first paragraph when at hand; the summary's lead is its start.
    let lead = blocks
        .iter()
        .flatten()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map_or(s.lead.clone(), |b| b.text.clone());
    let excerpt = match body_hit {
        Some(text) if find_ranges(&lead, &terms).is_empty() => snippet(&text, &terms, 90),
        _ => snippet(&lead, &terms, 90),
    };
    let chips = tag_links(&names, &regions, &topics, lang);
    view! {
        // The paper's text is Chinese whatever the interface's language
        // (a screen reader reads it with a Chinese voice); the tags are
        // in the interface's.
        <article class="card" lang="zh-CN">
            {s.kicker.as_ref().map(|k| view! { <p class="kicker">{marked(k, &terms)}</p> })}
            <h2 class="title"><a href=href>{marked(&s.title, &terms)}</a></h2>
            {s.subtitle.as_ref().map(|t| view! { <p class="subtitle">{marked(t, &terms)}</p> })}
            {s.byline.as_ref().map(|b| view! { <p class="byline">{marked(b, &terms)}</p> })}
            <p class="lead">{marked(&excerpt, &terms)}</p>
            <ul class="chips" lang=lang.html_lang()>{chips}</ul>
        </article>
    }
}
