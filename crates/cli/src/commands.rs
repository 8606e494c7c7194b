//! The small commands: check, regions, topics, schema.

use crate::data;
use anyhow::{anyhow, bail, Context, Result};
use benbao_core::Bundle;
use benbao_tagger::parent_code;
use std::path::Path;

pub fn check(path: &Path) -> Result<()> {
    if path.is_dir() || path.file_name().is_some_and(|n| n == "manifest.json") {
        return check_archive(if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().unwrap_or(Path::new(".")).to_path_buf()
        });
    }
    let name = path.display();
    let bytes = std::fs::read(path)
        .with_context(|| format!("{name}: cannot read the bundle (does it exist?)"))?;
    let text = crate::input::text(path, bytes)?;
    let bundle: Bundle = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{name}:{}:{}: not a schema-1 bundle: {e}",
            e.line(),
            e.column()
        )
    })?;
    let problems = bundle.problems();
    if problems.is_empty() {
        println!("{name}: ok, {} articles", bundle.articles.len());
        return Ok(());
    }
    for p in &problems {
        println!("{name}: {p}");
    }
    bail!(
        "{name}: {} problem(s); fix them (or re-run `benbao ingest`) and check again",
        problems.len()
    )
}

/// Checks a sharded archive: its manifest and every file it names.
fn check_archive(dir: std::path::PathBuf) -> Result<()> {
    use benbao_core::archive::Manifest;
    use benbao_core::check::problems;
    let manifest_path = dir.join("manifest.json");
    let name = manifest_path.display();
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("{name}: cannot read the archive's manifest"))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        anyhow!(
            "{name}:{}:{}: not an archive manifest: {e}",
            e.line(),
            e.column()
        )
    })?;
    let found = problems(&manifest, &mut |file| std::fs::read(dir.join(file)).ok());
    if found.is_empty() {
        println!(
            "{}: ok, archive of {} articles",
            dir.display(),
            manifest.articles
        );
        return Ok(());
    }
    for p in &found {
        println!("{}/{p}", dir.display());
    }
    bail!(
        "{}: {} problem(s); rebuild it with `benbao ingest … --archive {}`",
        dir.display(),
        found.len(),
        dir.display()
    )
}

pub fn regions(json: bool, gazetteer: Option<&Path>) -> Result<()> {
    let g = data::gazetteer(gazetteer)?;
    if json {
        let list: Vec<serde_json::Value> = g
            .places()
            .iter()
            .map(|p| {
                serde_json::json!({
                    "code": p.code, "name": p.name, "level": p.level,
                    "parent": parent_code(p.code), "aliases": p.aliases, "pinyin": p.pinyin,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    for p in g.places() {
        let depth = std::iter::successors(parent_code(p.code), |c| parent_code(c)).count();
        let aliases = if p.aliases.is_empty() {
            String::new()
        } else {
            format!("  ({})", p.aliases.join("、"))
        };
        println!(
            "{}{}  {}  {}{aliases}",
            "  ".repeat(depth),
            p.code,
            p.name,
            p.pinyin
        );
    }
    Ok(())
}

pub fn topics(json: bool, topics: Option<&Path>) -> Result<()> {
    let t = data::taxonomy(topics)?;
    if json {
        println!("{}", serde_json::to_string_pretty(t.topics())?);
        return Ok(());
    }
    for g in t.groups() {
        let members: Vec<&str> = t
            .topics()
            .iter()
            .filter(|x| x.parent.as_deref() == Some(g.id.as_str()))
            .map(|x| x.id.as_str())
            .collect();
        println!(
            "{:<13} {} / {}  (group of {})",
            g.id,
            g.zh,
            g.en,
            members.join(", ")
        );
    }
    for topic in t.topics() {
        let keywords: Vec<String> = topic
            .keywords
            .iter()
            .map(|(k, w)| format!("{k}×{w}"))
            .collect();
        println!(
            "{:<13} {} / {}  (threshold {})\n              {}",
            topic.id,
            topic.zh,
            topic.en,
            topic.threshold,
            keywords.join(" ")
        );
    }
    Ok(())
}

pub fn schema() -> Result<()> {
    println!("{}", schema_json());
    Ok(())
}

pub fn schema_json() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(Bundle)).expect("a schema serializes")
}

/// `benbao page`: how a page is read.
pub fn page(path: &Path, text_only: bool) -> Result<()> {
    let pages = match benbao_cli::input::read_input(path)? {
        benbao_cli::input::Input::Pages(pages) => pages,
        benbao_cli::input::Input::Articles(_) => {
            bail!("{}: this is JSON articles, not a page; `benbao page` reads page text or a page PDF", path.display())
        }
    };
    let several = pages.len() > 1;
    for p in pages {
        if several {
            // Which page follows (on stderr, so that --text stays page text).
            eprintln!("==> {} <==", p.name);
        }
        show_page(&p.name, &p.text, &p.sizes, text_only);
    }
    Ok(())
}

fn show_page(name: &str, text: &str, sizes: &[f32], text_only: bool) {
    if text_only {
        print!("{text}");
        return;
    }
    let parsed = benbao_core::page::parse_page_sized(name, text, sizes);
    let info = &parsed.page;
    println!(
        "page: paper {}, date {}, page {} {}",
        info.paper.as_deref().unwrap_or("?"),
        info.date.as_deref().unwrap_or("?"),
        info.number.as_deref().unwrap_or("?"),
        info.name.as_deref().unwrap_or("")
    );
    for f in &parsed.furniture {
        println!("{name}:{}: furniture ({:?}): {}", f.line, f.kind, f.text);
    }
    for l in &parsed.leftovers {
        println!("{name}:{}: outside any article: {}", l.line, l.text);
    }
    let starts: std::collections::HashSet<usize> = parsed
        .articles
        .iter()
        .filter_map(|a| a.source.as_ref().map(|s| s.line))
        .collect();
    for d in benbao_core::page::decisions_sized(text, sizes) {
        let rules: Vec<String> = d
            .rules
            .iter()
            .map(|r| format!("{r:?} {:+}", r.score()))
            .collect();
        println!(
            "{name}:{}: {} {:+} ({})",
            d.line,
            if starts.contains(&d.line) {
                "article"
            } else {
                "no split"
            },
            d.score,
            rules.join(", ")
        );
    }
    for a in &parsed.articles {
        let line = a.source.as_ref().map_or(0, |s| s.line);
        let by = a
            .byline
            .as_ref()
            .map_or(String::new(), |b| format!(" [{}]", b.text));
        println!(
            "{name}:{line}: {}{}{}{by}: {} blocks",
            a.kicker
                .as_deref()
                .map_or(String::new(), |k| format!("{k} / ")),
            a.title,
            a.subtitle
                .as_deref()
                .map_or(String::new(), |s| format!(" / {s}")),
            a.blocks.len()
        );
    }
}
