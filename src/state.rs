//! The URL is the state: the list's query lives in `?region=&topic=&q=`,
//! the open article in `/a/<id>`. These helpers read and write it.

use crate::context::Base;
use benbao_core::query::Query;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The current query, from the URL.
pub fn use_query() -> Memo<Query> {
    let params = use_query_map();
    Memo::new(move |_| {
        let p = params.read();
        Query::from_url(|k| p.get(k))
    })
}

/// The list's URL for `query`.
pub fn list_href(query: &Query) -> String {
    expect_context::<Base>().href(&format!("/{}", query.to_search()))
}

/// An article's URL, carrying the list's query (for back, previous, next).
pub fn article_href(id: &str, query: &Query) -> String {
    expect_context::<Base>().href(&format!("/a/{id}/{}", query.to_search()))
}

/// Navigates the list to `query`. `replace` for typing, so that history
/// keeps one entry per search rather than one per keystroke.
pub fn use_go() -> impl Fn(Query, bool) + Clone {
    let navigate = use_navigate();
    let base = expect_context::<Base>();
    move |query: Query, replace: bool| {
        let href = base.href(&format!("/{}", query.to_search()));
        navigate(
            &href,
            NavigateOptions {
                resolve: false,
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    }
}
