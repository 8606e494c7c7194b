//! benbao-core: the bundle contract and the pure logic over it.
//!
//! This crate is the boundary every other part of benbao goes through:
//! the CLI (`benbao-cli`) builds [`Bundle`]s with it, the web app
//! (`benbao-web`, compiled to wasm) reads them with it. It therefore has
//! no web, CLI or I/O dependencies: only `serde`. Everything here is
//! deterministic and tested natively (`cargo test -p benbao-core`) and, for
//! a smoke set, in wasm (`cargo xtask test`).
//!
//! - [`bundle`]: the JSON bundle types (schema 1) and their validation.
//! - [`catalog`]: every article's facets as numbers: filter, sort, count.
//! - [`archive`]: the sharded format for archives of any size, its
//!   postings codec and what the reader does with it.
//! - [`date`]: `YYYY-MM-DD` and days since 1970.
//!
//! The editor's side, behind the `editor` feature (on by default; the web
//! app turns it off, so none of it is compiled into the wasm):
//! - `write`: an archive from a bundle; `check`: an archive against its manifest;
//! - `page`: raw newspaper page text (as pulled out of a PDF) → articles.
//!
//! The reader's side:
//! - [`query`]: the reader's question, its results and facet counts.
//! - [`search`]: folded Chinese substring search and highlighting.
//! - [`text`]: character classes for Chinese text shared by the above.

pub mod archive;
pub mod bundle;
pub mod catalog;
#[cfg(feature = "editor")]
pub mod check;
pub mod date;
#[cfg(feature = "editor")]
pub mod page;
pub mod query;
pub mod search;
pub mod text;
#[cfg(feature = "editor")]
pub mod write;

#[cfg(all(test, feature = "editor"))]
mod archive_tests;

pub use bundle::{
    Article, Block, BlockKind, Bundle, Byline, Evidence, Hit, Level, PlaceInfo, TagEvidence,
    TopicInfo, SCHEMA_VERSION,
};
