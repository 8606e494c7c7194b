//! `cargo xtask size`: the reader's wasm, raw, gzip and brotli, what makes
//! it up (twiggy, by crate and by function), and the size budget that
//! `cargo xtask test` holds it to (`size-budget.toml`).

use crate::run::{note, root, step};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The budget file, at the repository's root.
const BUDGET_FILE: &str = "size-budget.toml";

/// The main wasm in `dist` (`benbao-web-<hash>_bg.wasm`): what a first
/// visit downloads before the app can run.
fn dist_wasm(dist: &Path) -> Result<PathBuf> {
    crate::dist::walk(dist)
        .into_iter()
        .find(|p| crate::split::is_main_wasm(p))
        .with_context(|| {
            format!(
                "{} has no wasm: run `cargo xtask build` first",
                dist.display()
            )
        })
}

/// Raw, gzip (as the static server sends it) and brotli (quality 11) bytes.
fn sizes(wasm: &Path) -> Result<(usize, usize, usize)> {
    let bytes = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    Ok((
        bytes.len(),
        benbao_serve::gzipped(&bytes).len(),
        crate::bench::brotli_len(&bytes)?,
    ))
}

/// The budget in gzip bytes, from `size-budget.toml` (`wasm_gzip_bytes = N`).
fn budget() -> Result<usize> {
    let path = root().join(BUDGET_FILE);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(v) = line.strip_prefix("wasm_gzip_bytes") {
            let v = v
                .trim_start()
                .trim_start_matches('=')
                .trim()
                .replace('_', "");
            return v.parse().map_err(|_| {
                anyhow::anyhow!(
                    "{}:{}: wasm_gzip_bytes must be a number of bytes, not {v:?}",
                    path.display(),
                    i + 1
                )
            });
        }
    }
    bail!("{} has no `wasm_gzip_bytes = N` line", path.display())
}

/// Fails when the main wasm in `dist` is over the budget (deterministic: the
/// same build, the same bytes).
pub fn check(dist: &Path, tools: &crate::setup::WasmTools) -> Result<()> {
    step("size budget of the reader's wasm");
    let wasm = dist_wasm(dist)?;
    let (raw, gzip, brotli) = sizes(&wasm)?;
    let budget = budget()?;
    note(&format!(
        "{}: {raw} bytes raw, {gzip} gzip, {brotli} brotli; budget {budget} gzip",
        wasm.file_name().unwrap_or_default().to_string_lossy()
    ));
    if gzip > budget && !tools.std_sources {
        bail!(
            "the wasm is {gzip} bytes gzip, over the budget of {budget} in {BUDGET_FILE}, \
             because it was built without std's sources (see the set-up's note above): \
             `rustup component add rust-src` (needs Rust 1.92 or later), then build again; \
             do not raise the budget for this"
        );
    }
    if gzip > budget {
        bail!(
            "the wasm is {gzip} bytes gzip, over the budget of {budget} in {BUDGET_FILE}: \
             `cargo xtask size` shows what makes it up; shrink it, or raise the budget \
             in the same commit and say why"
        );
    }
    Ok(())
}

/// `cargo xtask size`: build, print the sizes and what makes them up, check the budget.
pub fn size() -> Result<()> {
    let tools = crate::tasks::build("/", None, Default::default())?;
    let dist = root().join("dist");
    let twiggy = crate::setup::twiggy()?;
    // The wasm before wasm-bindgen and wasm-opt: it still has function names.
    let named = tools
        .release_target()
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("benbao-web.wasm");
    let csv = crate::run::output(
        Command::new(twiggy.join("twiggy"))
            .args(["top", "-n", "1000000", "--format", "csv"])
            .arg(&named),
    )
    .with_context(|| format!("twiggy could not read {}", named.display()))?;
    let mut items: Vec<(String, u64)> = Vec::new();
    for line in csv.lines().skip(1) {
        // Name,ShallowSize,…: the name may be quoted and hold commas.
        let (name, rest) = match line.strip_prefix('"') {
            Some(q) => match q.split_once("\",") {
                Some((n, r)) => (n.replace("\"\"", "\""), r),
                None => continue,
            },
            None => match line.split_once(',') {
                Some((n, r)) => (n.to_string(), r),
                None => continue,
            },
        };
        let bytes: u64 = rest.split(',').next().unwrap_or("0").parse().unwrap_or(0);
        // Names and wasm-bindgen's description sections are not in the shipped file.
        if name.contains("subsection") || name.starts_with("custom section") {
            continue;
        }
        items.push((name, bytes));
    }
    let code: u64 = items.iter().map(|i| i.1).sum();
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    for (name, bytes) in &items {
        *by_crate.entry(crate_of(name)).or_default() += bytes;
    }
    let mut crates: Vec<(String, u64)> = by_crate.into_iter().collect();
    crates.sort_by_key(|c| std::cmp::Reverse(c.1));
    println!("\nwhat the wasm is made of (before wasm-opt; {code} bytes of code and data):");
    for (name, bytes) in crates.iter().take(15) {
        println!(
            "  {:>7} {:>5.1}%  {name}",
            bytes,
            *bytes as f64 * 100.0 / code as f64
        );
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.1));
    println!("\nlargest items:");
    for (name, bytes) in items.iter().take(15) {
        let short: String = name.chars().take(110).collect();
        println!("  {bytes:>7}  {short}");
    }
    let wasm = dist_wasm(&dist)?;
    let (raw, gzip, brotli) = sizes(&wasm)?;
    println!(
        "\n{}: {raw} bytes raw, {gzip} gzip, {brotli} brotli",
        wasm.display()
    );
    // The split files (xtask/src/split.rs), fetched when their views are
    // first shown or once the first page is.
    let mut split: Vec<PathBuf> = crate::dist::walk(&dist)
        .into_iter()
        .filter(|p| crate::split::is_split_file(p))
        .collect();
    split.sort();
    let mut total = (0, 0, 0);
    for p in &split {
        let (r, g, b) = sizes(p)?;
        total = (total.0 + r, total.1 + g, total.2 + b);
        println!(
            "  {}: {r} bytes raw, {g} gzip, {b} brotli",
            p.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    println!(
        "split files: {} of them, {} bytes raw, {} gzip, {} brotli",
        split.len(),
        total.0,
        total.1,
        total.2
    );
    check(&dist, &tools)
}

/// The crate an item of twiggy's belongs to: the first path segment of
/// its name (`benbao_web::pages::…` → benbao_web; `<T as tachys::…>` →
/// tachys; data and unnamed items → their kind).
fn crate_of(name: &str) -> String {
    let trimmed = name.trim_start_matches('<').trim_start_matches('&');
    let path = match trimmed.split_once(" as ") {
        // `<T as tachys::view::Render>`: the trait's crate when the type is generic.
        Some((ty, tr)) if !ty.contains("::") => tr,
        _ => trimmed,
    };
    match path.split_once("::") {
        Some((krate, _)) => krate
            .split('[')
            .next()
            .unwrap_or(krate)
            .trim_start_matches('<')
            .to_string(),
        None if name.starts_with("data segment") => "(data)".into(),
        None => "(other)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::crate_of;

    #[test]
    fn items_are_put_in_their_crate() {
        assert_eq!(crate_of("benbao_web::pages::list::x::h1"), "benbao_web");
        assert_eq!(crate_of("<T as tachys::view::Render>::build::h2"), "tachys");
        assert_eq!(
            crate_of("<core::marker::PhantomData<T> as serde_core::de::DeserializeSeed>::x"),
            "core"
        );
        assert_eq!(crate_of("core[c5930c85a12de822]::fmt::float::x"), "core");
        assert_eq!(crate_of("data segment \".rodata\""), "(data)");
    }
}
