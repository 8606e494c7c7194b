//! An article in the list.

use super::highlight::marked;
use super::tags::tag_links;
use crate::i18n::Lang;
use crate::state::article_href;
use benbao_core::query::Query;
use benbao_core::search::{snippet, terms};
use benbao_core::{Article, BlockKind, Bundle};
use leptos::prelude::*;

#[component]
pub fn Card(article: Article, bundle: std::sync::Arc<Bundle>, query: Query, lang: Lang) -> impl IntoView {
    let terms = terms(&query.text);
    let href = article_href(&article.id, &query);
    let lead = article.blocks.iter().find(|b| b.kind == BlockKind::Paragraph).map_or("", |b| b.text.as_str());
    // When searching, show the passage that matched if the lead does not.
    let body_hit = article.blocks.iter().find(|b| !benbao_core::search::find_ranges(&b.text, &terms).is_empty());
    let excerpt = match body_hit {
        Some(b) if benbao_core::search::find_ranges(lead, &terms).is_empty() => snippet(&b.text, &terms, 90),
        _ => snippet(lead, &terms, 90),
    };
    let chips = tag_links(&bundle, &article, lang);
    view! {
        <article class="card">
            {article.kicker.as_ref().map(|k| view! { <p class="kicker">{marked(k, &terms)}</p> })}
            <h2 class="title"><a href=href>{marked(&article.title, &terms)}</a></h2>
            {article.subtitle.as_ref().map(|s| view! { <p class="subtitle">{marked(s, &terms)}</p> })}
            {article.byline.as_ref().map(|b| view! { <p class="byline">{marked(&b.text, &terms)}</p> })}
            <p class="lead">{marked(&excerpt, &terms)}</p>
            <ul class="chips">{chips}</ul>
        </article>
    }
}
