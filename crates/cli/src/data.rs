//! The built-in gazetteer and taxonomy (data files compiled in, so the
//! binary works anywhere), or the editor's own files; and the paper's
//! settings file.

use anyhow::{Context, Result};
use benbao_tagger::{Gazetteer, Taxonomy};
use std::path::Path;

const GAZETTEER: &str = include_str!("../data/gazetteer.tsv");
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
    match path {
        None => Gazetteer::from_tsv("crates/cli/data/gazetteer.tsv", GAZETTEER),
        Some(p) => {
            let (name, text) = read(Some(p), "", "")?;
            Gazetteer::from_tsv_owned(&name, text)
        }
    }
    .map_err(anyhow::Error::msg)
}

pub fn taxonomy(path: Option<&Path>) -> Result<Taxonomy> {
    let (name, text) = read(path, "crates/cli/data/topics.toml", TOPICS)?;
    Taxonomy::from_toml(&name, &text).map_err(anyhow::Error::msg)
}

/// A paper's settings (`--config FILE.toml`), so that an editor does not
/// repeat them on every run:
///
/// ```toml
/// paper = "浙江工人日报"
/// home = "330000"          # the region the paper serves: 我省 means this province
/// gazetteer = "my.tsv"     # optional, relative to this file
/// topics = "my.toml"       # optional, relative to this file
/// ```
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PaperConfig {
    pub paper: Option<String>,
    pub home: Option<String>,
    pub gazetteer: Option<std::path::PathBuf>,
    pub topics: Option<std::path::PathBuf>,
}

impl PaperConfig {
    pub fn read(path: &Path) -> Result<PaperConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the paper's settings", path.display()))?;
        let mut config: PaperConfig =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for p in [&mut config.gazetteer, &mut config.topics]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        Ok(config)
    }
}

/// Checks a home region code against the gazetteer.
pub fn check_home(gazetteer: &Gazetteer, home: &str, from: &str) -> Result<()> {
    if gazetteer.place(home).is_none() {
        anyhow::bail!(
            "{from}: home {home:?} is not a code of the gazetteer; give the region the paper serves, \
             e.g. 330000 for a Zhejiang paper or 330100 for a Hangzhou one (see `benbao regions`)"
        );
    }
    Ok(())
}
