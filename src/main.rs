//! benbao-web: the reader, a Leptos CSR app compiled to wasm and built by Trunk.
//!
//! It reads one format, the archive (`data/archive/manifest.json` and the
//! files it names, relative to the page's base URL, so the site works under
//! any sub-path), and lets the reader narrow it by region and topic, search
//! it, and read each article. The URL holds the whole view. All logic over
//! the data (queries, facet counts, search, highlighting) lives in
//! `benbao-core`; this crate is views, the fetching of files, and context.
//!
//! Built natively, the same binary writes the pre-rendered pages of a
//! built site (`prerender`, run by `cargo xtask build`) with the same views.

// Natively only the views the pages share are used.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
// The list page's view type is deep (its route is matched at three paths).
#![recursion_limit = "256"]

mod app;
mod boxed;
mod components;
mod context;
mod data;
mod i18n;
mod near;
mod pages;
mod parts;
mod problem;
mod split;
mod state;
mod takeover;
mod timing;

#[cfg(not(target_arch = "wasm32"))]
mod prerender;

#[cfg(target_arch = "wasm32")]
fn main() {
    // The release wasm aborts at once on a panic (docs/toolchain.md): no
    // hook could run there. Elsewhere (debug builds, a release built
    // without std's sources) it puts the panic's message in the console.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to(takeover::root(), app::App).forget();
    split::preload_for_address();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    prerender::main()
}
