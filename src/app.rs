//! The shell: routes, the bundle resource and the states around it.

use crate::data::{base_path, fetch_bundle};
use crate::pages::{article::ArticlePage, list::ListPage};
use benbao_core::Bundle;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

/// The loaded bundle, shared by every page.
pub type BundleResource = LocalResource<Result<Arc<Bundle>, String>>;

/// The site's base path (see [`base_path`]), for building links.
#[derive(Clone)]
pub struct Base(pub String);

impl Base {
    /// An in-app link: `/a/x` becomes `/sub/a/x` under a sub-path.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

#[component]
pub fn App() -> impl IntoView {
    let base = base_path();
    let bundle: BundleResource = LocalResource::new(fetch_bundle);
    provide_context(bundle);
    let home = Base(base.clone()).href("/");
    provide_context(Base(base.clone()));

    view! {
        <Router base=base>
            <header class="masthead">
                <a class="brand" href=home>"本报"</a>
                <span class="tagline">"地方报纸阅读"</span>
            </header>
            <main id="main">
                <Loaded>
                    <Routes fallback=|| view! { <p class="notice">"找不到这个页面。"</p> }>
                        <Route path=path!("/") view=ListPage/>
                        <Route path=path!("/a/:id") view=ArticlePage/>
                    </Routes>
                </Loaded>
            </main>
        </Router>
    }
}

/// Shows its children once the bundle is in; a skeleton before, and a
/// message with a retry button if it cannot be loaded.
#[component]
fn Loaded(children: ChildrenFn) -> impl IntoView {
    let bundle = expect_context::<BundleResource>();
    move || match bundle.get() {
        None => view! {
            <div class="skeleton" aria-busy="true" aria-label="正在加载">
                <div class="skeleton-card"></div>
                <div class="skeleton-card"></div>
                <div class="skeleton-card"></div>
            </div>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <div class="notice error" role="alert">
                <p>"文章未能加载:" {message}</p>
                <button on:click=move |_| bundle.refetch()>"重试"</button>
            </div>
        }
        .into_any(),
        Some(Ok(_)) => children().into_any(),
    }
}
