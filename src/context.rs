//! What the app provides through context, in one place: the pages and
//! components take these from here, not from the shell that provides them.

use crate::data::{Library, Loaded};
use crate::problem::Problem;
use leptos::prelude::*;
use std::sync::Arc;

/// The archive's manifest as loaded, shared by every page.
pub type ManifestResource = LocalResource<Result<Loaded, Problem>>;

/// The loaded library (names, catalogue, where the articles are); in context once loaded.
pub type SharedLibrary = Arc<Library>;

/// The site's base path (see [`crate::data::base_path`]), for building links.
#[derive(Clone)]
pub struct Base(pub String);

impl Base {
    /// An in-app link: `/a/x` becomes `/sub/a/x` under a sub-path.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// The page is covered by a modal sheet (the phone's filter sheet): what
/// lies outside it (masthead, skip link, banner) is inert meanwhile.
#[derive(Clone, Copy)]
pub struct Covered(pub RwSignal<bool>);
