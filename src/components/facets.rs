//! The filters: the region tree and the topic chips, each value with the
//! number of results toggling it would give.

use crate::app::SharedIndex;
use crate::i18n::{place_name, topic_name, use_lang};
use crate::state::use_go;
use benbao_core::query::{Facet, Query, RegionNode};
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn RegionTree(query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let lang = use_lang();
    view! {
        <fieldset class="facet regions">
            <legend><h3>{move || lang.get().text().regions}</h3></legend>
            {region_list(index.region_tree(), query, counts)}
        </fieldset>
    }
}

fn region_list(nodes: Vec<RegionNode>, query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> AnyView {
    if nodes.is_empty() {
        return ().into_any();
    }
    let items = nodes
        .into_iter()
        .map(|node| {
            let children = region_list(node.children, query, counts);
            view! { <li><RegionOption code=node.code query counts/>{children}</li> }
        })
        .collect_view();
    view! { <ul class="tree">{items}</ul> }.into_any()
}

#[component]
fn RegionOption(code: String, query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let lang = use_lang();
    let go = use_go();
    let id = format!("region-{code}");
    let label_for = id.clone();
    let name = {
        let code = code.clone();
        move || place_name(&index.bundle, &code, lang.get())
    };
    let checked = {
        let code = code.clone();
        move || query.read().regions.contains(&code)
    };
    let count = {
        let code = code.clone();
        Signal::derive(move || counts.read().get(&code).copied().unwrap_or(0))
    };
    let toggle = move |_| go(query.get_untracked().toggled(Facet::Region, &code), false);
    view! {
        <label class="option" for=label_for class:zero=move || count.get() == 0>
            <input type="checkbox" id=id prop:checked=checked on:change=toggle/>
            <span class="name">{name}</span>
            <span class="count">{count}</span>
        </label>
    }
}

#[component]
pub fn TopicChips(query: Memo<Query>, counts: Memo<BTreeMap<String, usize>>) -> impl IntoView {
    let index = expect_context::<SharedIndex>();
    let lang = use_lang();
    let chips = index
        .all_topics()
        .into_iter()
        .map(|id| {
            let index = index.clone();
            let go = use_go();
            let (a, b, c) = (id.clone(), id.clone(), id.clone());
            let pressed = move || query.read().topics.contains(&a);
            let count = move || counts.read().get(&b).copied().unwrap_or(0);
            view! {
                <li>
                    <button
                        class="chip topic"
                        aria-pressed=move || if pressed() { "true" } else { "false" }
                        on:click=move |_| go(query.get_untracked().toggled(Facet::Topic, &c), false)
                    >
                        <span class="name">{move || topic_name(&index.bundle, &id, lang.get())}</span>
                        <span class="count">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="facet topics" aria-labelledby="topics-heading">
            <h3 id="topics-heading">{move || lang.get().text().topics}</h3>
            <ul class="chips">{chips}</ul>
        </section>
    }
}
