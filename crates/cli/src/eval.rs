//! `benbao eval`: the tagger measured on an editor's labelled articles.

use crate::data;
use anyhow::{anyhow, bail, Context, Result};
use benbao_cli::input::{read_input, Input};
use benbao_tagger::eval::{evaluate, Labels};
use benbao_tagger::Tagger;
use std::path::{Path, PathBuf};

pub fn run(
    labels_path: &Path,
    inputs: &[PathBuf],
    summary: bool,
    home: Option<&str>,
    gazetteer: Option<&Path>,
    topics: Option<&Path>,
) -> Result<()> {
    let text = std::fs::read_to_string(labels_path)
        .with_context(|| format!("{}: cannot read the labels", labels_path.display()))?;
    let mut labels: Labels = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{}:{}:{}: not a labels file: {e}; see `benbao eval --help`",
            labels_path.display(),
            e.line(),
            e.column()
        )
    })?;
    let tagger = Tagger {
        gazetteer: data::gazetteer(gazetteer)?,
        taxonomy: data::taxonomy(topics)?,
        home: None,
    };
    for (i, l) in labels.articles.iter().enumerate() {
        let at = format!("{}: articles[{i}] ({})", labels_path.display(), l.id);
        for code in &l.regions {
            if tagger.gazetteer.place(code).is_none() {
                bail!("{at}: region {code:?} is not in the gazetteer; see `benbao regions`");
            }
        }
        for t in &l.topics {
            if tagger.taxonomy.topic(t).is_none() {
                bail!("{at}: topic {t:?} is not a topic of the taxonomy; see `benbao topics`");
            }
        }
        if let Some(home) = l
            .paper
            .as_ref()
            .and_then(|p| labels.papers.get(p))
            .and_then(|p| p.home.as_ref())
        {
            data::check_home(&tagger.gazetteer, home, &at)?;
        }
    }
    if let Some(home) = home {
        data::check_home(&tagger.gazetteer, home, "--home")?;
        for p in labels.papers.values_mut() {
            p.home = Some(home.to_string());
        }
        for l in &mut labels.articles {
            let paper = l.paper.get_or_insert_with(|| "--home".into()).clone();
            labels.papers.entry(paper).or_default().home = Some(home.to_string());
        }
    }
    let mut articles = Vec::new();
    for path in inputs {
        match read_input(path)? {
            Input::Pages(pages) => {
                for p in pages {
                    articles.extend(
                        benbao_core::page::parse_page_sized(&p.name, &p.text, &p.sizes).articles,
                    );
                }
            }
            Input::Articles(list) => articles.extend(list),
        }
    }
    let report = evaluate(&tagger, &labels, &articles);
    for u in &report.unmatched {
        eprintln!("benbao: warning: {u}");
    }
    print!("{}", report.render(!summary));
    Ok(())
}
