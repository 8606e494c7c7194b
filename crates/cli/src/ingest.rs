//! `benbao ingest` and `benbao check`.

use crate::input::read_page;
use anyhow::{bail, Context, Result};
use benbao_core::page::parse_page;
use benbao_core::{Article, Bundle};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

pub fn run(pages: &[impl AsRef<Path>], out: &Path) -> Result<()> {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for page in pages {
        let path = page.as_ref();
        let text = read_page(path)?;
        let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let parsed = parse_page(&file, &text);
        if parsed.articles.is_empty() {
            let first = parsed.leftovers.first().map_or(1, |l| l.line);
            bail!(
                "{}:{first}: no article found: an article starts with a headline line followed by a byline \
                 (本报讯 记者X报道 …) or by the text; check this is a newspaper page",
                path.display()
            );
        }
        for left in &parsed.leftovers {
            warnings.push(format!("{}:{}: text outside any article kept out of the bundle: {}", path.display(), left.line, left.text));
        }
        articles.extend(parsed.articles);
    }
    make_ids_unique(&mut articles);
    for a in &articles {
        if a.blocks.iter().any(|b| b.truncated) {
            warnings.push(format!("{}: text is cut off in the source (flagged as truncated)", describe(a)));
        }
    }
    let bundle = Bundle::new(articles);
    let problems = bundle.problems();
    if !problems.is_empty() {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        bail!("the bundle made from these pages breaks the contract; {} left untouched:\n{}", out.display(), list.join("\n"));
    }
    let mut json = serde_json::to_string_pretty(&bundle)?;
    json.push('\n');
    write_atomically(out, json.as_bytes())?;
    eprintln!("wrote {}: {} articles from {} page(s)", out.display(), bundle.articles.len(), pages.len());
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn describe(a: &Article) -> String {
    match &a.source {
        Some(s) => format!("{}:{}: {}", s.file, s.line, a.title),
        None => a.title.clone(),
    }
}

/// Two articles with the same headline and lead get `-2`, `-3`, … in page order.
fn make_ids_unique(articles: &mut [Article]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for a in articles {
        let n = seen.entry(a.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            a.id = format!("{}-{n}", a.id);
        }
    }
}

/// Writes through a temporary file in the same folder and renames it over
/// `out`, so a reader of `out` sees the old bundle or the new one, never half.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let tmp = dir.join(format!(".{}.tmp-{}", out.file_name().and_then(|n| n.to_str()).unwrap_or("bundle"), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("{}: cannot write the bundle", out.display()))
}

pub fn check(path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read the bundle", path.display()))?;
    let bundle: Bundle = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{}:{}:{}: not a schema-1 bundle: {e}", path.display(), e.line(), e.column())
    })?;
    let problems = bundle.problems();
    if problems.is_empty() {
        println!("{}: ok, {} articles", path.display(), bundle.articles.len());
        return Ok(());
    }
    for p in &problems {
        println!("{}: {p}", path.display());
    }
    bail!("{}: {} problem(s); fix them (or re-run `benbao ingest`) and check again", path.display(), problems.len())
}
