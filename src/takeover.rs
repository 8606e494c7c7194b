//! A page pre-rendered at build time (`cargo xtask build`, see
//! `crate::prerender`) is in the document before the wasm runs. The app
//! renders beside it, hidden, and takes its place once its own view of the
//! page is shown, in the same task: the reader sees no flash, and the page
//! stays readable if the app cannot load its data.

use wasm_bindgen::JsCast;

/// The pre-rendered page's wrapper (written by `prerender`).
pub const STATIC_ID: &str = "prerendered";
/// The element the app mounts into.
pub const APP_ID: &str = "app";

/// The element the app mounts into, added to the body: hidden while a
/// pre-rendered page is there. A pre-rendered page that is not what the
/// address asks for goes at once: a host's or the service worker's
/// stand-in for another page, or a list's first page when the query
/// string asks for a search, filters or another page.
pub fn root() -> web_sys::HtmlElement {
    let doc = leptos::prelude::document();
    if let Some(page) = doc.get_element_by_id(STATIC_ID) {
        let location = leptos::prelude::location();
        let (path, search) = (
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
        );
        let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
        let fits = page
            .get_attribute("data-path")
            .is_some_and(|p| same(&p, &path))
            && (search.is_empty() || page.get_attribute("data-kind").as_deref() != Some("list"));
        if !fits {
            page.remove();
        }
    }
    let el: web_sys::HtmlElement = doc
        .create_element("div")
        .expect("a div can be created")
        .unchecked_into();
    el.set_id(APP_ID);
    el.set_hidden(doc.get_element_by_id(STATIC_ID).is_some());
    if let Some(body) = doc.body() {
        let _ = body.append_child(&el);
    }
    el
}

/// The app has loaded the archive's manifest, of the edition `edition`
/// (`data::edition_id`): a pre-rendered page of another edition goes at
/// once, as the app will not draw the same page.
pub fn loaded(edition: &str) {
    let doc = leptos::prelude::document();
    let stale = doc
        .get_element_by_id(STATIC_ID)
        .is_some_and(|p| p.get_attribute("data-edition").as_deref() != Some(edition));
    if stale {
        shown();
    }
}

/// A pre-rendered page is still what the reader sees (the app's is
/// hidden beside it). Never natively: the pre-renderer has no document.
pub fn pending() -> bool {
    cfg!(target_arch = "wasm32")
        && leptos::prelude::document()
            .get_element_by_id(STATIC_ID)
            .is_some()
}

/// The app's view of the page is shown: the pre-rendered one goes.
pub fn shown() {
    crate::split::preload_when_idle();
    let doc = leptos::prelude::document();
    if let Some(page) = doc.get_element_by_id(STATIC_ID) {
        page.remove();
        if let Some(app) = doc.get_element_by_id(APP_ID) {
            app.unchecked_into::<web_sys::HtmlElement>()
                .set_hidden(false);
        }
    }
}
