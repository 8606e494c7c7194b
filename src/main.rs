//! benbao-web: the reader, a Leptos CSR app compiled to wasm and built by Trunk.
//!
//! It loads one static bundle (`data/bundle.json`, relative to the page's
//! base URL, so the site works under any sub-path) and shows its articles.
//! All logic over the bundle lives in `benbao-core`; this crate is views.

mod app;
mod data;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
