//! The shell: routes, the manifest resource, language, and the loading and
//! error states around everything.

use crate::context::{Base, Covered, ManifestResource, SharedLibrary};
use crate::data::{base_path, load_manifest, Loaded};
use crate::i18n::{use_lang, Lang};
use crate::pages::list::ListPage;
use crate::split::{ArticleRoute, EditionsRoute};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let base = base_path();
    let manifest: ManifestResource = LocalResource::new(load_manifest);
    let lang = RwSignal::new(Lang::load());
    crate::boxed::effect(move || lang.get().save());
    provide_context(manifest);
    provide_context(crate::parts::Parts::new());
    provide_context(lang);
    provide_context(Base(base.clone()));
    provide_context(Covered(RwSignal::new(false)));

    view! {
        <Router base=base>
            <Masthead/>
            <main id="main" tabindex="-1">
                <WhenLoaded>
                    <AppRoutes/>
                </WhenLoaded>
            </main>
        </Router>
    }
}

/// The pages, by path: an article, the list (whole, `/`, or a region's
/// or a topic's, `/r/<code>/`, `/t/<id>/`). The pre-rendered pages are
/// drawn by the same routes.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound page=true/> }>
            <Route path=path!("/a/:id") view=ArticleRoute/>
            // Editions: the calendar (/e/), an edition, one of its pages.
            <Route path=path!("/e/*rest") view=EditionsRoute/>
            // One route for every list, so that going from one to another
            // (choosing a region) keeps the page, its open sheet and focus.
            <Route path=path!("/*list") view=Lists/>
        </Routes>
    }
}

/// A list's page, or "no such page" for a path that names none.
#[component]
fn Lists() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let known = crate::boxed::memo(move |_| {
        crate::state::path_filter(&params.read().get("list").unwrap_or_default()).is_some()
    });
    move || {
        if known.get() {
            view! { <ListPage/> }.into_any()
        } else {
            view! { <NotFound page=true/> }.into_any()
        }
    }
}

/// The skip link and the paper's name over every page (the pre-rendered
/// pages write the same).
#[component]
pub fn Masthead() -> impl IntoView {
    let lang = use_lang();
    let covered = expect_context::<Covered>().0;
    let home = expect_context::<Base>().href("/");
    view! {
        <a class="skip" href="#main" inert=move || covered.get()>{move || lang.get().text().skip}</a>
        <header class="masthead" inert=move || covered.get()>
            <a class="brand" href=home>{move || lang.get().text().site}</a>
            <span class="tagline">{move || lang.get().text().tagline}</span>
            <LangSwitch/>
        </header>
    }
}

#[component]
fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            class="lang"
            lang=move || if lang.get() == Lang::Zh { "en" } else { "zh-CN" }
            title=move || lang.get().text().switch_label
            on:click=move |_| lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh })
        >
            {move || lang.get().text().switch_to}
        </button>
    }
}

/// No such article (or, with `page`, no such page at all), and the way home;
/// the tab's title says it too.
#[component]
pub fn NotFound(#[prop(optional)] page: bool) -> impl IntoView {
    let lang = use_lang();
    let home = expect_context::<Base>().href("/");
    let message = move || {
        let t = lang.get().text();
        if page {
            t.no_page
        } else {
            t.not_found
        }
    };
    crate::boxed::effect(move || set_title(&format!("{} · {}", message(), lang.get().text().site)));
    crate::boxed::effect(crate::takeover::shown);
    view! {
        <div class="notice">
            <h1>{message}</h1>
            <a href=home>{move || lang.get().text().back}</a>
        </div>
    }
}

/// Shows its children once the data is in (with the library in
/// context); a skeleton before, and what failed with a retry button after.
#[component]
fn WhenLoaded(children: ChildrenFn) -> impl IntoView {
    let manifest = expect_context::<ManifestResource>();
    let lang = use_lang();
    move || {
        match manifest.get() {
        None => view! {
            <div class="skeleton" role="status" aria-busy="true">
                <span class="visually-hidden">{move || lang.get().text().loading}</span>
                <div class="skeleton-card"></div>
                <div class="skeleton-card"></div>
                <div class="skeleton-card"></div>
            </div>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <div class="notice error" role="alert">
                <h1>{move || lang.get().text().load_failed}</h1>
                <p>{move || message.say(lang.get())}</p>
                <button on:click=move |_| manifest.refetch()>{move || lang.get().text().retry}</button>
            </div>
        }
        .into_any(),
        Some(Ok(loaded)) => {
            crate::takeover::loaded(&loaded.edition);
            provide_context::<SharedLibrary>(loaded.library.clone());
            // An archive's facets come once a view asks (after the first list), for the filters.
            let (parts, library) = (expect_context::<crate::parts::Parts>(), loaded.library.clone());
            Effect::new(move |registered: Option<bool>| {
                if !parts.catalog_wanted.get() {
                    return false;
                }
                parts.failed.track();
                parts.load_catalog(&library);
                // The service worker (offline reading) once the first view
                // is shown too: its precache (the app's files, the split
                // wasm files among them) must not compete with that view's
                // files.
                if registered != Some(true) {
                    crate::data::register_service_worker();
                }
                true
            });
            // A small edition whole after the first view (a few files of a
            // few KB): every article then opens at once, and offline. Asked
            // again as each file list arrives (`request` skips what is here).
            let library = loaded.library.clone();
            crate::boxed::effect(move || {
                let total = library.total();
                if !parts.catalog_wanted.get() || total > benbao_core::archive::SMALL_ARCHIVE {
                    return;
                }
                parts.track();
                let all: Vec<u32> = (0..total as u32).collect();
                parts.request(&library, &all, true);
            });
            view! { <Banner loaded/> {children()} }.into_any()
        }
    }
    }
}

/// Tells the reader when they read offline, what changed since their last
/// visit, and how many articles could not be shown.
#[component]
fn Banner(loaded: Loaded) -> impl IntoView {
    let lang = use_lang();
    let covered = expect_context::<Covered>().0;
    let shown = RwSignal::new(true);
    let messages = move || {
        let t = lang.get().text();
        let mut out: Vec<String> = Vec::new();
        if loaded.offline {
            out.push(t.offline.into());
        }
        if loaded.new_version {
            out.push(t.new_version.into());
        } else if loaded.new_content {
            out.push(t.new_content.into());
        }
        out
    };
    move || {
        let list = messages();
        (shown.get() && !list.is_empty()).then(|| {
            view! {
                <div class="banner" role="status" inert=move || covered.get()>
                    <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    <button class="dismiss" on:click=move |_| shown.set(false)>{move || lang.get().text().close}</button>
                </div>
            }
        })
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}
