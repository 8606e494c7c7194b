//! The release wasm, split: what the first page needs in the main file,
//! the views a visit seldom starts with (src/split.rs's split points) in
//! files of their own, fetched when first shown.
//!
//! Trunk has no step for it (trunk-rs/trunk#1022), so after `trunk build`
//! this replaces Trunk's wasm and its JavaScript glue in `dist/`:
//! 1. `wasm-split-cli` splits the linked wasm (cargo's, built with
//!    `--emit-relocs` and `--cfg benbao_split`) into the main module, one
//!    file per split point (and shared chunks), and `__wasm_split.js`, the
//!    loader the main module imports them through;
//! 2. wasm-bindgen makes the main module's glue, as Trunk would, keeping the
//!    linker's exports that the split files import;
//! 3. wasm-opt optimises every file;
//! 4. every file gets a name that hashes its content (hosts cache them),
//!    and the references to them (index.html, the start-up script, the
//!    glue, the loader) are rewritten; the main glue and the loader, which
//!    import each other, share one hash of both and the main wasm.

use crate::run::{note, root, run, step};
use crate::setup::WasmTools;
use anyhow::{bail, Context, Result};
use benbao_core::bundle::stable_id_of_bytes;
use std::path::{Path, PathBuf};
use std::process::Command;

/// wasm-opt's options for every wasm file the reader downloads.
pub const WASM_OPT_ARGS: [&str; 10] = [
    "-Oz",
    "--converge",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--strip-debug",
];

/// The split files' names start with this (the size check reports them).
const SPLIT_PREFIX: &str = "split_";

/// Whether `path` is one of the split wasm files (`split_<name>-<hash>.wasm`).
pub fn is_split_file(path: &Path) -> bool {
    name_of(path).is_some_and(|n| n.starts_with(SPLIT_PREFIX) && n.ends_with(".wasm"))
}

/// Whether `path` is the main wasm (`benbao-web-<hash>_bg.wasm`): what a
/// first visit downloads before the app can run.
pub fn is_main_wasm(path: &Path) -> bool {
    name_of(path).is_some_and(|n| n.starts_with("benbao-web-") && n.ends_with("_bg.wasm"))
}

fn name_of(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

/// Splits the wasm Trunk put in `out`, built by cargo into `tools`'
/// release target folder.
pub fn split(tools: &WasmTools, out: &Path) -> Result<()> {
    step("splitting the wasm: the first page's code apart from the rest");
    if keep_names() {
        note("BENBAO_WASM_NAMES=1: the functions keep their names (for a profile, not a release)");
    }
    let (stem, trunk_js, trunk_wasm) = trunk_output(out)?;
    let linked = tools
        .release_target()
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("benbao-web.wasm");
    let work = root().join("target").join("wasm-split-work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let split_cli = tools.wasm_split.join("wasm-split-cli");
    run(
        Command::new(&split_cli).arg(&linked).arg(&work).args([
            "--target",
            "web",
            "--out-name",
            &stem,
        ]),
        "wasm-split-cli failed on the linked wasm: read its message above",
    )?;
    let glue = work.join("glue");
    let mut bindgen = Command::new("wasm-bindgen");
    tools.apply(&mut bindgen);
    run(
        bindgen
            .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
            .arg("--out-dir")
            .arg(&glue)
            .args(["--out-name", &stem])
            .arg(work.join(format!("{stem}.wasm"))),
        "wasm-bindgen failed on the split main module: read its message above",
    )?;

    // The split files, optimised, under names that carry their content's hash.
    let mut loader = std::fs::read_to_string(work.join("__wasm_split.js"))
        .context("wasm-split-cli wrote no __wasm_split.js")?;
    let mut pieces = Vec::new();
    for path in crate::dist::walk(&work) {
        let name = file_name(&path);
        if path.parent() != Some(work.as_path())
            || !name.ends_with(".wasm")
            || name == format!("{stem}.wasm")
        {
            continue;
        }
        let bytes = optimise(tools, &path)?;
        let base = name.trim_end_matches(".wasm");
        let hashed = format!(
            "{SPLIT_PREFIX}{}-{}.wasm",
            base.trim_start_matches(SPLIT_PREFIX),
            stable_id_of_bytes(&bytes)
        );
        let quoted = format!("\"./{name}\"");
        if !loader.contains(&quoted) {
            bail!("__wasm_split.js does not load {name} as {quoted}: has wasm-split-cli's output changed?");
        }
        loader = loader.replace(&quoted, &format!("\"./{hashed}\""));
        std::fs::write(out.join(&hashed), &bytes)?;
        pieces.push((hashed, bytes.len()));
    }
    if pieces.is_empty() {
        bail!("wasm-split-cli found no split point: was the wasm built with `--cfg benbao_split`?");
    }
    if loader.matches(".wasm\"").count() != pieces.len() {
        bail!("__wasm_split.js loads files this step did not rename: has wasm-split-cli's output changed?");
    }
    let import_main = format!("from \"./{stem}.js\"");
    if !loader.contains(&import_main) {
        bail!("__wasm_split.js does not import from ./{stem}.js: has wasm-split-cli's output changed?");
    }
    let js = std::fs::read_to_string(glue.join(format!("{stem}.js")))?;
    let old_import = "from \"./__wasm_split.js\"";
    if !js.contains(old_import) {
        bail!("wasm-bindgen's glue does not import `{old_import}`: has its output changed?");
    }
    let main = optimise(tools, &glue.join(format!("{stem}_bg.wasm")))?;
    // The main glue and the loader import each other, so they share one
    // name: a hash of all three files as the tools made them (Trunk's name
    // hashes the linked wasm, not what the tools made of it). A change to
    // any of them renames both, and the page's references are rewritten.
    let mut all = main.clone();
    all.extend_from_slice(js.as_bytes());
    all.extend_from_slice(loader.as_bytes());
    let hash = stable_id_of_bytes(&all);
    let new_stem = format!("benbao-web-{hash}");
    let loader_name = format!("{SPLIT_PREFIX}loader-{hash}.js");
    std::fs::write(
        out.join(&loader_name),
        loader.replace(&import_main, &format!("from \"./{new_stem}.js\"")),
    )?;
    // (The wasm's own imports, keys of the glue's imports object, keep
    // the module names they were compiled with: `./__wasm_split.js`,
    // `./{stem}_bg.js`. Only the glue's default address of the main wasm
    // follows its new name.)
    let js = js
        .replace(old_import, &format!("from \"./{loader_name}\""))
        .replace(&format!("{stem}_bg.wasm"), &format!("{new_stem}_bg.wasm"));
    std::fs::remove_file(&trunk_js)?;
    std::fs::remove_file(&trunk_wasm)?;
    std::fs::write(out.join(format!("{new_stem}.js")), js)?;
    std::fs::write(out.join(format!("{new_stem}_bg.wasm")), &main)?;
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    if !html.contains(&stem) {
        bail!(
            "{} does not name {stem}: has Trunk's output changed?",
            index.display()
        );
    }
    // The loader, asked for beside the glue rather than found on reading
    // it: a round trip less before the app starts.
    let glue_link = format!("{stem}.js\" crossorigin=\"anonymous\">");
    let end = html.find(&glue_link).map(|at| at + glue_link.len());
    let start = end.and_then(|end| html[..end].rfind("<link rel=\"modulepreload\""));
    let (Some(start), Some(end)) = (start, end) else {
        bail!(
            "{} has no modulepreload link for {stem}.js: has Trunk's output changed?",
            index.display()
        );
    };
    let loader_link = html[start..end].replace(&format!("{stem}.js"), &loader_name);
    let html = format!("{}{loader_link}{}", &html[..end], &html[end..]);
    std::fs::write(&index, html.replace(&stem, &new_stem))?;
    note(&format!("{new_stem}_bg.wasm: {} bytes", main.len()));
    for (name, len) in &pieces {
        note(&format!("{name}: {len} bytes"));
    }
    Ok(())
}

/// Trunk's `benbao-web-<hash>.js` and `benbao-web-<hash>_bg.wasm` in `out`.
fn trunk_output(out: &Path) -> Result<(String, PathBuf, PathBuf)> {
    let wasm = crate::dist::walk(out)
        .into_iter()
        .find(|p| is_main_wasm(p) && p.parent() == Some(out))
        .with_context(|| format!("Trunk wrote no benbao-web-*_bg.wasm into {}", out.display()))?;
    let stem = file_name(&wasm).trim_end_matches("_bg.wasm").to_string();
    let js = out.join(format!("{stem}.js"));
    if !js.is_file() {
        bail!("Trunk wrote {} but no {}", wasm.display(), js.display());
    }
    Ok((stem, js, wasm))
}

/// `BENBAO_WASM_NAMES=1`: the wasm keeps its functions' names.
fn keep_names() -> bool {
    std::env::var("BENBAO_WASM_NAMES").is_ok_and(|v| v == "1")
}

/// `path` through wasm-opt with [`WASM_OPT_ARGS`]; the optimised bytes.
/// With `BENBAO_WASM_NAMES=1` the functions keep their names (for a
/// profile: `cargo xtask bench` with `BENBAO_BENCH_PROFILE`), at the cost
/// of size: never for a release.
fn optimise(tools: &WasmTools, path: &Path) -> Result<Vec<u8>> {
    let opt = path.with_extension("opt.wasm");
    let mut cmd = Command::new("wasm-opt");
    tools.apply(&mut cmd);
    let names = keep_names();
    for arg in WASM_OPT_ARGS {
        match arg {
            "--strip-debug" if names => cmd.arg("--debuginfo"),
            _ => cmd.arg(arg),
        };
    }
    run(
        cmd.arg(path).arg("-o").arg(&opt),
        "wasm-opt failed: read its message above",
    )?;
    std::fs::read(&opt).with_context(|| format!("reading {}", opt.display()))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
