//! What the first page of a visit (a list) does not need, compiled into
//! wasm files of their own: fetched once the first page is shown, or when
//! first used if sooner.
//!
//! A release build (`cargo xtask build`) compiles with `--cfg benbao_split`:
//! each function marked `#[wasm_split]` here becomes a split point, and
//! `wasm-split-cli` (run by xtask between cargo and wasm-bindgen) moves the
//! code only it reaches into its own file. A build without the flag
//! (Trunk's debug builds, the native pre-renderer) draws the same views
//! directly.
//!
//! A split point returns a function pointer that draws the view (or a
//! future that does the work): its code lives in the split file, so it can
//! only be called once the file has loaded. A file that cannot be fetched
//! is said on the page with a retry, never a panic.

use leptos::prelude::*;

#[cfg(benbao_split)]
mod points {
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    pub type Draw = fn() -> AnyView;

    #[wasm_split(benbao_article, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_article))]
    pub fn article() -> Result<Draw, SplitLoaderError> {
        Ok(|| view! { <crate::pages::article::ArticlePage/> }.into_any())
    }

    #[wasm_split(benbao_editions, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_editions))]
    pub fn editions() -> Result<Draw, SplitLoaderError> {
        Ok(|| view! { <crate::pages::edition::Editions/> }.into_any())
    }

    pub type DrawPanel = fn(
        Memo<benbao_core::query::Query>,
        crate::pages::list::Results,
        crate::pages::list::Drawer,
    ) -> AnyView;

    #[wasm_split(benbao_filters, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_filters))]
    pub fn filters() -> Result<DrawPanel, SplitLoaderError> {
        Ok(|query, results, drawer| {
            view! { <crate::pages::list::FilterPanel query results drawer/> }.into_any()
        })
    }

    #[wasm_split(benbao_catalog, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_catalog))]
    pub fn catalog(
        parts: crate::parts::Parts,
        lib: crate::context::SharedLibrary,
    ) -> Result<
        futures::future::LocalBoxFuture<'static, Result<(), crate::problem::Problem>>,
        SplitLoaderError,
    > {
        Ok(parts.catalog_work(lib))
    }

    #[wasm_split(benbao_search, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_search))]
    pub fn search(
        parts: crate::parts::Parts,
        lib: crate::context::SharedLibrary,
        text: String,
    ) -> Result<super::SearchAnswer, SplitLoaderError> {
        Ok(Box::pin(async move { parts.search(&lib, &text).await }))
    }
}

/// What a search answers (see [`crate::parts::Parts::search`]).
#[cfg(benbao_split)]
type SearchAnswer = std::pin::Pin<
    Box<
        dyn std::future::Future<
            Output = Result<Option<benbao_core::archive::Candidates>, crate::problem::Problem>,
        >,
    >,
>;

/// The work of fetching the facets and making the catalogue (see
/// [`crate::parts::Parts::catalog_work`]), its code fetched first if it is
/// not here yet: the home page needs no catalogue.
pub async fn catalog(
    parts: crate::parts::Parts,
    lib: crate::context::SharedLibrary,
) -> Result<
    futures::future::LocalBoxFuture<'static, Result<(), crate::problem::Problem>>,
    crate::problem::Problem,
> {
    #[cfg(benbao_split)]
    return points::catalog(parts, lib)
        .await
        .map_err(|_| code_failed("catalog"));
    #[cfg(not(benbao_split))]
    Ok(parts.catalog_work(lib))
}

/// A split file that could not be fetched, as a problem the page says.
#[cfg(benbao_split)]
fn code_failed(point: &str) -> crate::problem::Problem {
    crate::problem::Problem::Code {
        path: format!("split_benbao_{point}"),
    }
}

/// Searches `text` (see [`crate::parts::Parts::search`]), its code fetched
/// first if it is not here yet: the home page needs no search.
pub async fn search(
    parts: crate::parts::Parts,
    lib: crate::context::SharedLibrary,
    text: String,
) -> Result<Option<benbao_core::archive::Candidates>, crate::problem::Problem> {
    #[cfg(benbao_split)]
    return match points::search(parts, lib, text).await {
        Ok(answer) => answer.await,
        Err(_) => Err(code_failed("search")),
    };
    #[cfg(not(benbao_split))]
    parts.search(&lib, &text).await
}

/// An article's page.
#[component]
pub fn ArticleRoute() -> impl IntoView {
    #[cfg(benbao_split)]
    return deferred_page(|| Box::pin(points::article()));
    #[cfg(not(benbao_split))]
    view! { <crate::pages::article::ArticlePage/> }
}

/// The editions' pages (calendar, edition, page).
#[component]
pub fn EditionsRoute() -> impl IntoView {
    #[cfg(benbao_split)]
    return deferred_page(|| Box::pin(points::editions()));
    #[cfg(not(benbao_split))]
    view! { <crate::pages::edition::Editions/> }
}

/// The list's filters (see `FilterPanel`): on a wide window, a sidebar of
/// the first page, its code fetched at once and the page shown with it
/// (`drawn`); on a phone, a sheet that opens on demand, its code fetched
/// in the idle moments after the first page is shown and the (hidden)
/// sheet drawn after the other split files have come, or at once when the
/// sheet opens.
#[component]
pub fn FilterPanelSlot(
    query: Memo<benbao_core::query::Query>,
    results: crate::pages::list::Results,
    drawer: crate::pages::list::Drawer,
    /// Set once the panel is drawn (or its place says it failed).
    drawn: RwSignal<bool>,
) -> impl IntoView {
    #[cfg(benbao_split)]
    {
        let wide = crate::pages::list::wide_window();
        let idle = idle();
        let now = Signal::derive(move || wide || drawer.open.get() || idle.get());
        // Until the panel comes (or if its file fails), its place: the
        // sheet opens and closes as the panel's would, so that the page
        // behind it (inert while it is open) is never left locked; on a
        // phone a failure shows only when the sheet is opened.
        let place = move |inside: AnyView| {
            let lang = crate::i18n::use_lang();
            view! {
                <aside id="filters" class="filters" class:open=move || drawer.open.get()
                    on:keydown=move |ev| if ev.key() == "Escape" { drawer.close() }>
                    <div class="filters-head">
                        <button class="close" on:click=move |_| drawer.close()>
                            {move || lang.get().text().close}
                        </button>
                    </div>
                    {inside}
                </aside>
            }
            .into_any()
        };
        deferred(
            || Box::pin(points::filters()),
            now,
            move |draw| draw(query, results, drawer),
            move || place(().into_any()),
            place,
            Some(drawn),
        )
    }
    #[cfg(not(benbao_split))]
    {
        drawn.set(true);
        view! { <crate::pages::list::FilterPanel query results drawer/> }
    }
}

/// A page whose code is a split file: nothing until it comes (the page's
/// own loading states follow at once), a notice with a retry if it fails.
#[cfg(benbao_split)]
fn deferred_page(load: Load<points::Draw>) -> AnyView {
    deferred(
        load,
        Signal::stored(true),
        |draw| draw(),
        || ().into_any(),
        |notice| notice,
        None,
    )
}

#[cfg(benbao_split)]
type Load<T> = fn() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<T, leptos::wasm_split::SplitLoaderError>>>,
>;

/// What `draw` makes of a split point's answer once `load` has fetched its
/// file (asked for once `now` is true); `waiting` until then; if the file
/// cannot be fetched, a message with a retry, in `failed`'s frame. `drawn`
/// is set once its place shows either.
#[cfg(benbao_split)]
fn deferred<T: Copy + Send + Sync + 'static>(
    load: Load<T>,
    now: Signal<bool>,
    draw: impl Fn(T) -> AnyView + Send + Sync + 'static,
    waiting: impl Fn() -> AnyView + Send + Sync + 'static,
    failed: impl Fn(AnyView) -> AnyView + Send + Sync + 'static,
    drawn: Option<RwSignal<bool>>,
) -> AnyView {
    use crate::i18n::use_lang;
    #[derive(Clone, Copy)]
    enum State<T> {
        Waiting,
        Ready(T),
        Failed,
    }
    let state = RwSignal::new(State::<T>::Waiting);
    let attempt = RwSignal::new(0u32);
    // A load on its way: `now` may change meanwhile (a sheet opened, the
    // first page shown) without another load, or the view made twice.
    let loading = StoredValue::new(false);
    crate::boxed::effect(move || {
        attempt.track();
        let ready = matches!(state.get_untracked(), State::Ready(_));
        if !now.get() || ready || loading.get_value() {
            return;
        }
        loading.set_value(true);
        state.set(State::Waiting);
        leptos::task::spawn_local(async move {
            let next = match load().await {
                Ok(answer) => State::Ready(answer),
                Err(_) => State::Failed,
            };
            loading.try_set_value(false);
            state.try_set(next);
        });
    });
    let lang = use_lang();
    (move || match state.get() {
        State::Waiting => waiting(),
        State::Ready(answer) => {
            if let Some(drawn) = drawn {
                drawn.set(true);
            }
            draw(answer)
        }
        // Its place says so (a pre-rendered page waiting for it goes).
        State::Failed => {
            if let Some(drawn) = drawn {
                drawn.set(true);
            }
            failed(view! {
                <div class="notice error" role="alert">
                    <p>{move || lang.get().text().page_code_failed}</p>
                    <button on:click=move |_| attempt.update(|a| *a += 1)>{move || lang.get().text().retry}</button>
                </div>
            }
            .into_any())
        }
    })
    .into_any()
}

/// True once the split files have been fetched after the first page (see
/// [`preload_when_idle`]): a phone's hidden filter sheet may be drawn now.
#[cfg(benbao_split)]
fn idle() -> ArcRwSignal<bool> {
    // Reference-counted, not owned by the page that first asked.
    thread_local!(static IDLE: ArcRwSignal<bool> = ArcRwSignal::new(false));
    IDLE.with(|i| i.clone())
}

/// At start, the split files the page asked for needs before it can show
/// (an article's, the editions', or for a list filtered or searched the
/// catalogue's and the search's), fetched beside the manifest rather than
/// after it.
pub fn preload_for_address() {
    #[cfg(benbao_split)]
    {
        let location = leptos::prelude::location();
        let pathname = location.pathname().unwrap_or_default();
        let path = pathname
            .strip_prefix(&crate::data::base_path())
            .unwrap_or(&pathname)
            .trim_start_matches('/');
        let params =
            web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()).ok();
        // The query of a list's address (None for an article's or an edition's).
        let list = crate::state::path_filter(path)
            .map(|_| crate::state::list_query(path, |k| params.as_ref()?.get(k)));
        let (filtered, searched) = list.as_ref().map_or((false, false), |q| {
            (
                crate::pages::list::needs_catalog(q),
                !benbao_core::search::terms(&q.text).is_empty(),
            )
        });
        if path.starts_with("a/") {
            leptos::task::spawn_local(async {
                let _ = points::preload_article().await;
            });
        }
        if path.starts_with("e/") {
            leptos::task::spawn_local(async {
                let _ = points::preload_editions().await;
            });
        }
        if filtered {
            leptos::task::spawn_local(async {
                let _ = points::preload_catalog().await;
            });
        }
        if searched {
            leptos::task::spawn_local(async {
                let _ = points::preload_search().await;
            });
        }
    }
}

/// Fetches the split files once the first page is shown, so that following
/// a link does not wait for them (and a reader who goes offline after the
/// first page still has them): once per visit, one at a time and each when
/// the page is idle, so that compiling them never holds up a reader's tap
/// (a view that needs one sooner asks for it itself).
pub fn preload_when_idle() {
    #[cfg(benbao_split)]
    {
        thread_local!(static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        if STARTED.with(|s| s.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async {
            // Each given 10 s at most: one that stalls holds up the rest no longer.
            when_idle().await;
            bounded(points::preload_catalog()).await;
            when_idle().await;
            bounded(points::preload_search()).await;
            when_idle().await;
            bounded(points::preload_filters()).await;
            when_idle().await;
            bounded(points::preload_article()).await;
            when_idle().await;
            bounded(points::preload_editions()).await;
            // The filter sheet, hidden on a narrow window, drawn last.
            when_idle().await;
            idle().set(true);
        });
    }
}

/// Waits for `load`, 10 s at most (then drops it: a view that needs the
/// file asks for it again).
#[cfg(benbao_split)]
async fn bounded(load: impl std::future::Future) {
    let load = std::pin::pin!(load);
    let _ = futures::future::select(load, std::pin::pin!(crate::data::sleep(10_000))).await;
}

/// Resolves when the browser is idle (`requestIdleCallback`), or after
/// `IDLE_WAIT_MS` at most; after a short timeout where there is no such call.
#[cfg(benbao_split)]
async fn when_idle() {
    const IDLE_WAIT_MS: u32 = 1_000;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        // (Through Reflect: web-sys' binding needs two more features.)
        let idle = js_sys::Reflect::get(&w, &"requestIdleCallback".into())
            .ok()
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
        let called = idle.is_some_and(|idle| {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &IDLE_WAIT_MS.into());
            idle.call2(&w, &resolve, &options).is_ok()
        });
        if !called {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
