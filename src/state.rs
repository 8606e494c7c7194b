//! The URL is the state: the list's query lives in `?region=&topic=&q=`
//! (one region or one topic alone in a path of its own, `/r/<code>/`,
//! `/t/<id>/`, the pages a static build writes), the open article in
//! `/a/<id>/`. These helpers read and write it.

use crate::context::Base;
use benbao_core::query::Query;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

/// What a list's path (after the base, without its leading slash) says:
/// `""` the whole list, `r/<code>/` a region, `t/<id>/` a topic (region,
/// topic); `None` for a path that names no list.
pub fn path_filter(path: &str) -> Option<(Option<String>, Option<String>)> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => Some((None, None)),
        ["r", code] => Some((Some(code.to_string()), None)),
        ["t", topic] => Some((None, Some(topic.to_string()))),
        _ => None,
    }
}

/// The current query, from the URL.
pub fn use_query() -> Memo<Query> {
    let params = use_query_map();
    let path = use_params_map();
    crate::boxed::memo(move |_| {
        let (p, path) = (params.read(), path.read());
        list_query(&path.get("list").unwrap_or_default(), |k| p.get(k))
    })
}

/// The query of a list's `path` (see [`path_filter`]) and its address's
/// parameters (`param`).
pub fn list_query(path: &str, param: impl Fn(&str) -> Option<String>) -> Query {
    // A region's or topic's page (/r/<code>/, /t/<id>/) is that filter.
    let (code, topic) = path_filter(path).unwrap_or_default();
    let with_path = |key: &str, segment: Option<String>| {
        let listed = param(key);
        match (segment, listed) {
            (Some(s), Some(l)) if l.split(',').any(|x| x == s) => Some(l),
            (Some(s), Some(l)) => Some(format!("{s},{l}")),
            (s, l) => s.or(l),
        }
    };
    Query::from_url(|k| match k {
        "region" => with_path(k, code.clone()),
        "topic" => with_path(k, topic.clone()),
        _ => param(k),
    })
}

/// The list's URL for `query`.
pub fn list_href(query: &Query) -> String {
    expect_context::<Base>().href(&query.href_path())
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
        let href = base.href(&query.href_path());
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
