//! Provisioning: find or install everything the build and the tests need.
//!
//! The wasm32 standard library comes from the first route that works:
//! 1. rustup's `wasm32-unknown-unknown` target, if installed;
//! 2. `rustup target add` (with a short time limit: on machines whose only
//!    network is the package registries it hangs);
//! 3. Debian's `rustc-web` toolchain (linked into rustup as `debweb`) with
//!    std built from source (`-Zbuild-std`); see docs/toolchain.md.
//!
//! `BENBAO_WASM_ROUTE=rustup|debian` forces a route (to test the other one).
//!
//! Pinned tools (trunk, wasm-bindgen-cli matching Cargo.lock, wasm-opt from
//! npm `binaryen`) go into a cache shared by every clone, `~/.cache/benbao/tools`
//! (or `$BENBAO_TOOLS`), and are reused: a ready machine only runs checks.

use crate::run::{note, on_path, output, run, run_with_timeout, step};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
pub const TWIGGY_VERSION: &str = "0.8.0";
/// npm `binaryen`: Debian's binaryen 108 makes modules that fail to start in Chromium.
pub const BINARYEN_VERSION: &str = "132.0.0";
/// npm `lighthouse` for `cargo xtask audit`; 12.x runs on Node 18+ (13 needs Node 22).
pub const LIGHTHOUSE_VERSION: &str = "12.8.2";
/// npm `axe-core`: the accessibility checks run inside the browser tests.
pub const AXE_VERSION: &str = "4.14.1";
/// npm `pagefind`, the static search `cargo xtask bench` compares benbao with.
pub const PAGEFIND_VERSION: &str = "1.6.0";
/// What the release wasm adds when std is compiled with it.
const SIZE_RUSTFLAGS: &str =
    "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none";
/// What the release wasm needs to be split (`crate::split`): the app's
/// split points, and the relocations wasm-split-cli reads.
const SPLIT_RUSTFLAGS: &str = "--cfg benbao_split -Clink-arg=--emit-relocs";
/// `wasm_split_cli_support`'s `wasm-split-cli` (the splitter cargo-leptos
/// uses), matching Leptos' `wasm_split_helpers` 0.2.
pub const WASM_SPLIT_VERSION: &str = "0.2.4";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const DEBIAN_TOOLCHAIN: &str = "debweb";
const DEBIAN_RUST_PACKAGES: [&str; 5] = [
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "rust-web-llvm",
    "lld-22",
];
const DEBIAN_BROWSER_PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmRoute {
    /// rustup's own wasm32 target: nothing special needed.
    Rustup,
    /// Debian's rustc-web toolchain, std built from source.
    Debian,
}

/// What the wasm build needs, found or installed.
pub struct WasmTools {
    pub route: WasmRoute,
    /// std's sources are there, so the release build can compile std itself
    /// with panics that abort at once (see [`WasmTools::apply_release`]).
    pub std_sources: bool,
    /// Folders to put first on PATH: trunk, wasm-bindgen, wasm-opt.
    pub path: Vec<PathBuf>,
    /// The folder of `wasm-split-cli`.
    pub wasm_split: PathBuf,
    pub test_runner: PathBuf,
}

impl WasmTools {
    /// Sets up `cmd` (trunk, or cargo for wasm) for this route and these tools.
    pub fn apply(&self, cmd: &mut Command) {
        let mut dirs = self.path.clone();
        if let Some(p) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&p));
        }
        cmd.env(
            "PATH",
            std::env::join_paths(dirs).expect("tool paths have no separators"),
        );
        // Never let trunk download tools: it uses the ones put on PATH here.
        cmd.env("TRUNK_OFFLINE", "true");
        if self.route == WasmRoute::Debian {
            cmd.env("RUSTUP_TOOLCHAIN", DEBIAN_TOOLCHAIN)
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
        }
    }

    /// As [`apply`](Self::apply), for the release wasm the readers download:
    /// std compiled with the app, panics that stop at once with no message,
    /// location or `Debug` text compiled in (`-Cpanic=immediate-abort`,
    /// `-Zlocation-detail=none`, `-Zfmt-debug=none`): 32 KB gzip less
    /// (docs/benchmarks.md). A panic then shows in the console as
    /// "RuntimeError: unreachable"; debug builds (`trunk serve`, the wasm
    /// tests) keep their messages. Both routes compile std from
    /// source for it, with `RUSTC_BOOTSTRAP=1`, as the Debian route always has.
    pub fn apply_release(&self, cmd: &mut Command) {
        self.apply(cmd);
        // Added to `.cargo/config.toml`'s flags for the target (cargo
        // joins a list set in the environment to the files').
        if !self.std_sources {
            cmd.env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                SPLIT_RUSTFLAGS,
            );
            return;
        }
        cmd.env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                format!("{SIZE_RUSTFLAGS} {SPLIT_RUSTFLAGS}"),
            )
            // Its own target folder: `RUSTC_BOOTSTRAP` changes what some
            // build scripts (proc-macro2's) emit, so sharing `target/release`
            // with the native release builds would rebuild the proc macros
            // at every switch between the two.
            .env("CARGO_TARGET_DIR", release_target_dir());
    }

    /// The folder the release wasm's cargo build writes to (`*.wasm` under
    /// `wasm32-unknown-unknown/release/`).
    pub fn release_target(&self) -> PathBuf {
        if self.std_sources {
            release_target_dir()
        } else {
            crate::run::root().join("target")
        }
    }
}

/// `target/wasm-release`: see [`WasmTools::apply_release`].
fn release_target_dir() -> PathBuf {
    crate::run::root().join("target").join("wasm-release")
}

pub struct Browser {
    pub chrome: PathBuf,
    pub chromedriver: PathBuf,
    /// axe-core's `axe.min.js`.
    pub axe: PathBuf,
}

/// `$BENBAO_TOOLS`, else `$XDG_CACHE_HOME/benbao/tools`, else `~/.cache/benbao/tools`.
pub fn tools_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("BENBAO_TOOLS") {
        return PathBuf::from(d);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(|| crate::run::root().join("target"));
    cache.join("benbao").join("tools")
}

pub fn wasm_tools() -> Result<WasmTools> {
    let tools = tools_dir();
    std::fs::create_dir_all(&tools)
        .with_context(|| format!("cannot create the tools folder {}", tools.display()))?;
    let route = wasm_route(&tools)?;
    let std_sources =
        (route == WasmRoute::Debian || rustup_std_sources()) && takes_size_flags(route);
    let trunk = cargo_tool(&tools, CargoTool::locked("trunk", "trunk", TRUNK_VERSION))?;
    let bindgen_version = locked_version("wasm-bindgen")?;
    let bindgen = cargo_tool(
        &tools,
        CargoTool {
            // (Resolved afresh: its own lock can name versions the registry here lacks.)
            locked: false,
            ..CargoTool::locked("wasm-bindgen-cli", "wasm-bindgen", &bindgen_version)
        },
    )?;
    let wasm_opt = npm_wasm_opt(&tools)?;
    let wasm_split = wasm_split_cli(&tools)?;
    Ok(WasmTools {
        route,
        std_sources,
        test_runner: bindgen.join("wasm-bindgen-test-runner"),
        path: vec![trunk, bindgen, wasm_opt],
        wasm_split,
    })
}

fn wasm_route(tools: &Path) -> Result<WasmRoute> {
    step("wasm32 standard library");
    let marker = tools.join("wasm-route");
    let forced = std::env::var("BENBAO_WASM_ROUTE").unwrap_or_default();
    if !forced.is_empty() {
        note(&format!("BENBAO_WASM_ROUTE={forced}"));
    }
    if forced != "debian" && rustup_has_wasm_target() {
        note("rustup's wasm32-unknown-unknown target is installed: using it");
        return Ok(WasmRoute::Rustup);
    }
    if forced == "rustup" {
        bail!("BENBAO_WASM_ROUTE=rustup but rustup has no {WASM_TARGET} target: run `rustup target add {WASM_TARGET}`");
    }
    if (forced == "debian" || std::fs::read_to_string(&marker).is_ok_and(|s| s.trim() == "debian"))
        && debian_toolchain_ready()
    {
        note(&format!(
            "using the Debian toolchain set up earlier (delete {} to try rustup again)",
            marker.display()
        ));
        return Ok(WasmRoute::Debian);
    }
    if forced != "debian" && on_path("rustup").is_some() {
        note("trying `rustup target add wasm32-unknown-unknown` (at most 20 s)");
        let ok = run_with_timeout(
            Command::new("rustup").args(["target", "add", WASM_TARGET]),
            Duration::from_secs(20),
        );
        if ok && rustup_has_wasm_target() {
            note("installed by rustup");
            return Ok(WasmRoute::Rustup);
        }
        note("rustup could not download it here; taking the Debian route (rustc-web + build-std)");
    }
    if on_path("apt-get").is_none() {
        bail!(
            "no wasm32-unknown-unknown standard library: install it with `rustup target add {WASM_TARGET}` \
             (needs access to static.rust-lang.org), then run this again"
        );
    }
    apt_install(&DEBIAN_RUST_PACKAGES, "the Debian Rust toolchain for wasm")?;
    if !debian_toolchain_linked() {
        note(&format!(
            "linking /usr as rustup toolchain `{DEBIAN_TOOLCHAIN}`"
        ));
        run(
            Command::new("rustup").args(["toolchain", "link", DEBIAN_TOOLCHAIN, "/usr"]),
            "check that rustup is installed and /usr/bin/rustc is Debian's rustc-web",
        )?;
    }
    if !debian_toolchain_ready() {
        bail!("the Debian toolchain is installed but `rustc +{DEBIAN_TOOLCHAIN}` does not run or its std sources are missing; reinstall: apt-get install --reinstall {}", DEBIAN_RUST_PACKAGES.join(" "));
    }
    std::fs::write(&marker, "debian\n")?;
    Ok(WasmRoute::Debian)
}

/// Whether the wasm compiler of `route` takes [`SIZE_RUSTFLAGS`]
/// (`-Cpanic=immediate-abort` came with Rust 1.92).
fn takes_size_flags(route: WasmRoute) -> bool {
    let mut rustc = Command::new("rustc");
    rustc
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["--print", "cfg", "--target", WASM_TARGET])
        .args(SIZE_RUSTFLAGS.split_whitespace());
    if route == WasmRoute::Debian {
        rustc.env("RUSTUP_TOOLCHAIN", DEBIAN_TOOLCHAIN);
    }
    let ok = output(&mut rustc).is_some_and(|cfg| cfg.contains("panic=\"immediate-abort\""));
    if !ok {
        note(&format!(
            "this rustc does not take `{SIZE_RUSTFLAGS}` (Rust 1.92 or later does): \
             the release wasm keeps std's panic code and is about 32 KB gzip larger, \
             over the size budget"
        ));
    }
    ok
}

/// rustup's `rust-src` component, installed now if it is missing (at most
/// 60 s: where rustup could add the wasm target, it can add this too).
fn rustup_std_sources() -> bool {
    // Asked once per command (`bench` sets up twice).
    static FOUND: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FOUND.get_or_init(find_rustup_std_sources)
}

fn find_rustup_std_sources() -> bool {
    step("std sources (rustup's rust-src), for the release wasm");
    let installed = || {
        output(Command::new("rustup").args(["component", "list", "--installed"]))
            .is_some_and(|s| s.lines().any(|l| l.trim().starts_with("rust-src")))
    };
    if installed() {
        note("installed");
        return true;
    }
    note("`rustup component add rust-src` (at most 60 s)");
    if run_with_timeout(
        Command::new("rustup").args(["component", "add", "rust-src"]),
        Duration::from_secs(60),
    ) && installed()
    {
        return true;
    }
    note(
        "rustup could not download rust-src: the release wasm keeps std's panic messages \
         and is about 32 KB gzip larger, over the size budget",
    );
    false
}

fn rustup_has_wasm_target() -> bool {
    output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|s| s.lines().any(|l| l.trim() == WASM_TARGET))
}

fn debian_toolchain_linked() -> bool {
    output(Command::new("rustup").args(["toolchain", "list"])).is_some_and(|s| {
        s.lines()
            .any(|l| l.split_whitespace().next() == Some(DEBIAN_TOOLCHAIN))
    })
}

fn debian_toolchain_ready() -> bool {
    debian_toolchain_linked()
        && Path::new("/usr/lib/rustlib/src/rust/library/std").is_dir()
        && output(Command::new("rustc").env("RUSTUP_TOOLCHAIN", DEBIAN_TOOLCHAIN).arg("--version")).is_some()
        // The wasm link needs `rust-lld`, which Debian's lld-22 provides.
        && on_path("rust-lld").is_some()
}

/// The version of `package` in Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock_path = crate::run::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("cannot read {}", lock_path.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    bail!(
        "{package} is not in {}; run `cargo generate-lockfile`",
        lock_path.display()
    )
}

/// A program `cargo install`ed into the tools cache, in a folder named
/// for its crate and version.
struct CargoTool<'a> {
    krate: &'a str,
    bin: &'a str,
    version: &'a str,
    /// `--locked`: the crate's own lock file.
    locked: bool,
    features: &'a [&'a str],
    /// The program says its version (`--version`); else its folder's name
    /// is trusted and no copy on PATH is used.
    says_version: bool,
}

impl<'a> CargoTool<'a> {
    /// A tool that says its version, installed with `--locked`.
    fn locked(krate: &'a str, bin: &'a str, version: &'a str) -> Self {
        CargoTool {
            krate,
            bin,
            version,
            locked: true,
            features: &[],
            says_version: true,
        }
    }

    fn present(&self, program: &Path) -> bool {
        if self.says_version {
            has_version(program, self.version)
        } else {
            program.is_file()
        }
    }
}

/// Finds the tool at its version in the tools cache or on PATH, else
/// `cargo install`s it. Returns the folder holding it.
fn cargo_tool(tools: &Path, t: CargoTool) -> Result<PathBuf> {
    let CargoTool {
        krate,
        bin,
        version,
        ..
    } = t;
    step(&format!("{bin} {version}"));
    let dir = tools.join(format!("{krate}-{version}"));
    let cached = dir.join("bin");
    if t.present(&cached.join(bin)) {
        note(&format!("found in {}", cached.display()));
        return Ok(cached);
    }
    if let Some(found) = on_path(bin).filter(|p| t.says_version && has_version(p, version)) {
        note(&format!("found {}", found.display()));
        return Ok(found.parent().expect("a file has a folder").to_path_buf());
    }
    note(&format!(
        "installing {krate}@{version} into {} (a few minutes, once)",
        dir.display()
    ));
    let mut cmd = Command::new("cargo");
    cmd.args(["install", &format!("{krate}@{version}"), "--root"])
        .arg(&dir);
    if t.locked {
        cmd.arg("--locked");
    }
    if !t.features.is_empty() {
        cmd.args(["--features", &t.features.join(",")]);
    }
    // Installed tools are native programs: use the default toolchain, whatever called us.
    cmd.env_remove("RUSTC_BOOTSTRAP")
        .env_remove("CARGO_UNSTABLE_BUILD_STD")
        .env_remove("CARGO_BUILD_TARGET");
    let features = match t.features {
        [] => String::new(),
        f => format!(" with `--features {}`", f.join(",")),
    };
    run(&mut cmd, &format!("check that crates.io is reachable, then run `cargo xtask` again (or install {krate} {version}{features} yourself)"))?;
    if !t.present(&cached.join(bin)) {
        bail!(
            "{krate} was installed but {} is missing or does not report version {version}",
            cached.join(bin).display()
        );
    }
    Ok(cached)
}

/// `wasm-split-cli` (it has no `--version`), after checking that it
/// splits what the app's Leptos compiles: the split points come from
/// `wasm_split_helpers` in Cargo.lock, whose minor version must match.
fn wasm_split_cli(tools: &Path) -> Result<PathBuf> {
    let helpers = locked_version("wasm_split_helpers").context(
        "the split points are Leptos' `wasm_split_helpers`: has a Leptos upgrade dropped them? \
         (src/split.rs, xtask/src/split.rs and WASM_SPLIT_VERSION go with them)",
    )?;
    if !same_series(&helpers, WASM_SPLIT_VERSION) {
        bail!(
            "Cargo.lock has wasm_split_helpers {helpers} but the build splits with wasm-split-cli {WASM_SPLIT_VERSION}: \
             set WASM_SPLIT_VERSION in xtask/src/setup.rs to a wasm_split_cli_support release of the same series"
        );
    }
    cargo_tool(
        tools,
        CargoTool {
            features: &["build-binary"],
            says_version: false,
            ..CargoTool::locked(
                "wasm_split_cli_support",
                "wasm-split-cli",
                WASM_SPLIT_VERSION,
            )
        },
    )
}

/// Two versions of one release series, as Cargo reads them: the same
/// major and minor before 1.0 (`0.2.3`, `0.2.4`), the same major after.
fn same_series(a: &str, b: &str) -> bool {
    let series = |v: &str| {
        let mut parts = v.split('.');
        match (parts.next(), parts.next()) {
            (Some("0"), minor) => ("0".to_string(), minor.unwrap_or("").to_string()),
            (major, _) => (major.unwrap_or("").to_string(), String::new()),
        }
    };
    series(a) == series(b)
}

fn has_version(program: &Path, version: &str) -> bool {
    program.is_file()
        && output(Command::new(program).arg("--version"))
            .is_some_and(|s| s.split_whitespace().any(|w| w == version))
}

fn npm_wasm_opt(tools: &Path) -> Result<PathBuf> {
    step(&format!("wasm-opt (npm binaryen {BINARYEN_VERSION})"));
    let prefix = tools.join(format!("binaryen-{BINARYEN_VERSION}"));
    let bin = prefix.join("node_modules").join(".bin");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let ready = |p: &Path| {
        output(Command::new(p.join("wasm-opt")).arg("--version")).is_some_and(|s| s.contains(major))
    };
    if ready(&bin) {
        note(&format!("found in {}", bin.display()));
        return Ok(bin);
    }
    npm_install(&prefix, &format!("binaryen@{BINARYEN_VERSION}"))?;
    if !ready(&bin) {
        bail!(
            "binaryen was installed but {} does not run",
            bin.join("wasm-opt").display()
        );
    }
    Ok(bin)
}

fn npm_axe(tools: &Path) -> Result<PathBuf> {
    npm_file(tools, "axe-core", AXE_VERSION, "axe.min.js")
}

/// cargo-fuzz and a nightly toolchain (fuzzing builds with sanitizers).
/// Returns the folder holding `cargo-fuzz`, to put on PATH.
pub fn cargo_fuzz() -> Result<PathBuf> {
    step("nightly toolchain (for cargo-fuzz)");
    let has_nightly = output(Command::new("rustup").args(["toolchain", "list"]))
        .is_some_and(|s| s.lines().any(|l| l.starts_with("nightly")));
    if !has_nightly {
        bail!("fuzzing needs a nightly toolchain: `rustup toolchain install nightly` (needs access to static.rust-lang.org)");
    }
    note("rustup has nightly");
    cargo_tool(
        &tools_dir(),
        CargoTool::locked("cargo-fuzz", "cargo-fuzz", CARGO_FUZZ_VERSION),
    )
}

/// twiggy, for `cargo xtask size`'s breakdown of the wasm.
pub fn twiggy() -> Result<PathBuf> {
    cargo_tool(
        &tools_dir(),
        CargoTool::locked("twiggy", "twiggy", TWIGGY_VERSION),
    )
}

/// Pagefind's npm package folder (its Node API is `lib/index.js`).
pub fn pagefind() -> Result<PathBuf> {
    let api = npm_file(&tools_dir(), "pagefind", PAGEFIND_VERSION, "lib/index.js")?;
    Ok(api
        .parent()
        .and_then(Path::parent)
        .expect("lib/index.js is two levels down")
        .to_path_buf())
}

/// Lighthouse's command-line entry point.
pub fn lighthouse() -> Result<PathBuf> {
    npm_file(
        &tools_dir(),
        "lighthouse",
        LIGHTHOUSE_VERSION,
        "cli/index.js",
    )
}

/// `file` inside npm package `package`@`version`, installed into the shared tools cache if missing.
pub fn npm_package_file(package: &str, version: &str, file: &str) -> Result<PathBuf> {
    npm_file(&tools_dir(), package, version, file)
}

/// `file` inside npm package `package`@`version`, installed into the tools cache if missing.
fn npm_file(tools: &Path, package: &str, version: &str, file: &str) -> Result<PathBuf> {
    step(&format!("{package} {version} (npm)"));
    let prefix = tools.join(format!("{package}-{version}"));
    let path = prefix.join("node_modules").join(package).join(file);
    if path.is_file() {
        note(&format!("found {}", path.display()));
        return Ok(path);
    }
    npm_install(&prefix, &format!("{package}@{version}"))?;
    if !path.is_file() {
        bail!("{package} was installed but {} is missing", path.display());
    }
    Ok(path)
}

fn npm_install(prefix: &Path, package: &str) -> Result<()> {
    if on_path("npm").is_none() {
        bail!("npm is needed to install {package}; install Node.js and npm (Debian: apt-get install nodejs npm), then run this again");
    }
    note(&format!("installing {package} into {}", prefix.display()));
    std::fs::create_dir_all(prefix)?;
    run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(prefix)
            .arg(package),
        "check that the npm registry is reachable, then run this again",
    )
}

/// Chromium and chromedriver for the browser tests (and CJK fonts for screenshots).
pub fn browser() -> Result<Browser> {
    step("Chromium, chromedriver and CJK fonts");
    let axe = npm_axe(&tools_dir())?;
    let find = || -> Option<Browser> {
        let chrome = std::env::var_os("BENBAO_CHROME")
            .map(PathBuf::from)
            .or_else(|| {
                ["chromium", "chromium-browser", "google-chrome"]
                    .iter()
                    .find_map(|p| on_path(p))
            })?;
        let chromedriver = std::env::var_os("BENBAO_CHROMEDRIVER")
            .map(PathBuf::from)
            .or_else(|| on_path("chromedriver"))?;
        Some(Browser {
            chrome,
            chromedriver,
            axe: axe.clone(),
        })
    };
    let fonts_missing = on_path("dpkg-query").is_some() && !debian_installed("fonts-noto-cjk");
    if let Some(b) = find().filter(|_| !fonts_missing) {
        note(&format!(
            "using {} and {}",
            b.chrome.display(),
            b.chromedriver.display()
        ));
        return Ok(b);
    }
    if on_path("apt-get").is_none() {
        bail!("no Chromium and chromedriver found: install both (same major version) and put them on PATH, or set BENBAO_CHROME and BENBAO_CHROMEDRIVER");
    }
    apt_install(
        &DEBIAN_BROWSER_PACKAGES,
        "the browser for the end-to-end tests",
    )?;
    find().context("chromium and chromedriver were installed but are not on PATH")
}

/// poppler's pdftotext, which `benbao ingest page.pdf` reads PDFs with
/// (the CLI's and the PDF tests need it).
pub fn pdf_tools() -> Result<()> {
    step("pdftotext (poppler-utils) for page PDFs");
    if let Some(p) = on_path("pdftotext") {
        note(&format!("using {}", p.display()));
        return Ok(());
    }
    if on_path("apt-get").is_none() {
        bail!("pdftotext is not installed: install poppler's tools (Debian/Ubuntu: poppler-utils; macOS: brew install poppler) and put pdftotext on PATH");
    }
    apt_install(&["poppler-utils"], "reading page PDFs")?;
    on_path("pdftotext")
        .map(|_| ())
        .context("poppler-utils was installed but pdftotext is not on PATH")
}

/// nginx, the real host the deploy tests serve the site with, configured
/// as README documents (Debian's `nginx-light`; the tests start their own
/// process on 127.0.0.1, never the system's service).
pub fn nginx() -> Result<PathBuf> {
    step("nginx (Debian nginx-light) for the deploy tests");
    let find = || {
        std::env::var_os("BENBAO_NGINX")
            .map(PathBuf::from)
            .or_else(|| on_path("nginx"))
            .or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.is_file()))
    };
    if let Some(p) = find() {
        note(&format!("using {}", p.display()));
        return Ok(p);
    }
    if on_path("apt-get").is_none() {
        bail!("nginx is not installed: install it (Debian/Ubuntu: nginx-light) or set BENBAO_NGINX to its binary");
    }
    apt_install(
        &["nginx-light"],
        "serving the site with a real host in the deploy tests",
    )?;
    find().context("nginx-light was installed but /usr/sbin/nginx is missing")
}

fn debian_installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.contains("install ok installed"))
}

/// Installs the missing ones of `packages` with apt-get (as root, or through `sudo -n`).
fn apt_install(packages: &[&str], why: &str) -> Result<()> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !debian_installed(p))
        .collect();
    if missing.is_empty() {
        note(&format!("Debian packages present: {}", packages.join(" ")));
        return Ok(());
    }
    let root = output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let sudo = !root && on_path("sudo").is_some();
    if !root && !sudo {
        bail!(
            "{why} needs Debian packages; run as root: apt-get update && apt-get install -y {}",
            missing.join(" ")
        );
    }
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.args(["-n", "apt-get"]);
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    note(&format!(
        "installing Debian packages for {why}: {}",
        missing.join(" ")
    ));
    let fix = format!(
        "run `apt-get update && apt-get install -y {}` as root and look at its message",
        missing.join(" ")
    );
    run(&mut apt(&["update", "-q"]), &fix)?;
    let mut install = apt(&["install", "-y", "-q"]);
    install.args(&missing);
    run(&mut install, &fix)
}

#[cfg(test)]
mod tests {
    use super::same_series;

    #[test]
    fn release_series_as_cargo_reads_them() {
        assert!(same_series("0.2.3", "0.2.4"));
        assert!(!same_series("0.2.4", "0.3.0"));
        assert!(!same_series("0.1.9", "0.2.0"));
        assert!(same_series("1.2.0", "1.3.5"));
        assert!(!same_series("1.2.0", "2.0.0"));
    }
}
