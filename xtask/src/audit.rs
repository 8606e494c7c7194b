//! `cargo xtask audit`: Lighthouse in mobile mode on the built site (the
//! default edition under a sub-path, /benbao/), served as a static host
//! would (gzip, cache headers): its home page and an article's page, each
//! with its scores, paints, layout shift and the first visit's transfer
//! size. A report, not a test gate.

use crate::run::{note, root, run, step};
use crate::setup;
use anyhow::{Context, Result};
use serde_json::Value;
use std::process::Command;

const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

/// Where the audited site lives (the case: a sub-path).
const BASE: &str = "/benbao/";

pub fn audit() -> Result<()> {
    let tools = setup::wasm_tools()?;
    let browser = setup::browser()?;
    let lighthouse = setup::lighthouse()?;
    crate::tasks::bundle()?;
    let dist = root().join("target").join("dist-audit");
    crate::tasks::build_dist(&tools, BASE, &dist)?;

    let server = benbao_serve::StaticServer::start(&dist, BASE, "127.0.0.1:0")
        .map_err(anyhow::Error::msg)?;
    let origin = server.origin.clone();
    // The home page, and the first article's pre-rendered page.
    let first = std::fs::read_dir(dist.join("a"))
        .context("no pre-rendered articles in the build")?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .min()
        .context("no pre-rendered articles in the build")?;
    let pages = [
        ("home", format!("{origin}{BASE}")),
        ("article", format!("{origin}{BASE}a/{first}/")),
    ];
    let out_dir = root().join("target").join("lighthouse");
    std::fs::create_dir_all(&out_dir)?;
    for (name, url) in &pages {
        let report = out_dir.join(format!("report-{name}.json"));
        lighthouse_report(&lighthouse, &browser, url, &report, &out_dir)?;
        summarize(name, url, &origin, &report)?;
    }
    drop(server);
    Ok(())
}

fn lighthouse_report(
    lighthouse: &std::path::Path,
    browser: &setup::Browser,
    url: &str,
    report: &std::path::Path,
    out_dir: &std::path::Path,
) -> Result<()> {
    step(&format!("Lighthouse (mobile) on {url}"));
    let profile = out_dir.join("chrome-profile");
    let _ = std::fs::remove_dir_all(&profile);
    run(
        Command::new("node")
            .arg(lighthouse)
            .arg(url)
            .args(["--output=json", "--quiet", "--form-factor=mobile"])
            .arg(format!("--output-path={}", report.display()))
            .arg(format!(
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
                 --disable-background-networking --disable-component-update --disable-sync --user-data-dir={}",
                profile.display()
            ))
            .env("CHROME_PATH", &browser.chrome),
        "see Lighthouse's message above",
    )
}

fn summarize(name: &str, url: &str, origin: &str, report: &std::path::Path) -> Result<()> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(report)?)
        .context("reading the Lighthouse report")?;
    step(&format!("{name}: scores (mobile)"));
    for id in CATEGORIES {
        let score = json["categories"][id]["score"].as_f64();
        note(&format!(
            "{id:<15} {}",
            score.map_or("n/a".into(), |s| format!("{s:.2}"))
        ));
    }
    for id in [
        "first-contentful-paint",
        "largest-contentful-paint",
        "cumulative-layout-shift",
        "interactive",
    ] {
        note(&format!(
            "{id:<25} {}",
            json["audits"][id]["displayValue"].as_str().unwrap_or("n/a")
        ));
    }
    step(&format!("{name}: audits below 1.0"));
    let mut failing: Vec<(f64, String)> = json["audits"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, a)| {
            matches!(
                a["scoreDisplayMode"].as_str(),
                Some("binary" | "numeric" | "metricSavings")
            )
        })
        .filter_map(|(id, a)| {
            let score = a["score"].as_f64()?;
            (score < 1.0).then(|| {
                let value = a["displayValue"]
                    .as_str()
                    .map(|v| format!(" — {v}"))
                    .unwrap_or_default();
                (
                    score,
                    format!(
                        "{score:.2}  {id}: {}{value}",
                        a["title"].as_str().unwrap_or("")
                    ),
                )
            })
        })
        .collect();
    failing.sort_by(|a, b| a.0.total_cmp(&b.0));
    if failing.is_empty() {
        note("none");
    }
    for (_, line) in &failing {
        note(line);
    }

    step(&format!(
        "{name}: first visit, every request as transferred (gzip)"
    ));
    let (mut total, mut first_paint) = (0u64, 0u64);
    for item in json["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let bytes = item["transferSize"].as_u64().unwrap_or(0);
        total += bytes;
        // What the first paint needs: the page and its style sheet.
        if matches!(
            item["resourceType"].as_str(),
            Some("Document" | "Stylesheet")
        ) {
            first_paint += bytes;
        }
        note(&format!(
            "{:>8}  {}",
            bytes,
            item["url"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches(origin)
        ));
    }
    note(&format!(
        "{total} bytes in all ({:.1} KB); the page and its CSS, what the first paint needs: {first_paint} bytes ({:.1} KB)",
        total as f64 / 1024.0,
        first_paint as f64 / 1024.0
    ));
    note(&format!("full report for {url}: {}", report.display()));
    Ok(())
}
