//! An article's regions and topics as links to the list filtered by each.

use crate::i18n::{place_name, topic_name, Lang};
use crate::state::list_href;
use benbao_core::query::{Facet, Query};
use benbao_core::Bundle;
use leptos::prelude::*;

/// `<li><a class="chip …">` items, regions first, names in `lang`.
pub fn tag_links(
    bundle: &Bundle,
    regions: &[String],
    topics: &[String],
    lang: Lang,
) -> impl IntoView {
    let link = |facet: Facet, value: &str, name: String, class: &'static str| {
        let href = list_href(&Query::default().toggled(facet, value));
        view! { <li><a class=class href=href>{name}</a></li> }
    };
    let regions = regions
        .iter()
        .map(|c| link(Facet::Region, c, place_name(bundle, c, lang), "chip region"));
    // Groups are there for filtering; the card names the topics themselves.
    let topics = topics
        .iter()
        .filter(|t| !bundle.is_topic_group(t))
        .map(|t| link(Facet::Topic, t, topic_name(bundle, t, lang), "chip topic"));
    regions.chain(topics).collect_view()
}
