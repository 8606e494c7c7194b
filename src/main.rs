//! benbao-web: the reader, a Leptos CSR app compiled to wasm and built by Trunk.
//!
//! It reads one format, the archive (`data/archive/manifest.json` and the
//! files it names, relative to the page's base URL, so the site works under
//! any sub-path), and lets the reader narrow it by region and topic, search
//! it, and read each article. The URL holds the whole view. All logic over
//! the data (queries, facet counts, search, highlighting) lives in
//! `benbao-core`; this crate is views, the fetching of files, and context.

mod app;
mod components;
mod context;
mod data;
mod i18n;
mod near;
mod pages;
mod parts;
mod problem;
mod state;
mod timing;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
