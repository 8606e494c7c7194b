//! The built-in gazetteer and taxonomy (data files compiled in, so the
//! binary works anywhere), or the editor's own files.

use anyhow::{Context, Result};
use benbao_tagger::{Gazetteer, Taxonomy};
use std::path::Path;

const ZHEJIANG: &str = include_str!("../data/zhejiang.toml");
const TOPICS: &str = include_str!("../data/topics.toml");

fn read(
    path: Option<&Path>,
    builtin_name: &str,
    builtin: &'static str,
) -> Result<(String, String)> {
    match path {
        Some(p) => Ok((
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?,
        )),
        None => Ok((builtin_name.to_string(), builtin.to_string())),
    }
}

pub fn gazetteer(path: Option<&Path>) -> Result<Gazetteer> {
    let (name, text) = read(path, "crates/cli/data/zhejiang.toml", ZHEJIANG)?;
    Gazetteer::from_toml(&name, &text).map_err(anyhow::Error::msg)
}

pub fn taxonomy(path: Option<&Path>) -> Result<Taxonomy> {
    let (name, text) = read(path, "crates/cli/data/topics.toml", TOPICS)?;
    Taxonomy::from_toml(&name, &text).map_err(anyhow::Error::msg)
}
