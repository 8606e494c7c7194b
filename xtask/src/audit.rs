//! `cargo xtask audit`: Lighthouse in mobile mode on the built site, served
//! as a static host would (gzip, cache headers), and the first visit's
//! transfer size. A report, not a test gate.

use crate::run::{note, root, run, step};
use crate::setup;
use anyhow::{Context, Result};
use serde_json::Value;
use std::process::Command;

const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

pub fn audit() -> Result<()> {
    let tools = setup::wasm_tools()?;
    let browser = setup::browser()?;
    let lighthouse = setup::lighthouse()?;
    crate::tasks::bundle()?;
    let dist = root().join("dist");
    crate::tasks::build_dist(&tools, "/", &dist)?;

    let server =
        benbao_serve::StaticServer::start(&dist, "/", "127.0.0.1:0").map_err(anyhow::Error::msg)?;
    let url = format!("{}/", server.origin);
    let out_dir = root().join("target").join("lighthouse");
    std::fs::create_dir_all(&out_dir)?;
    let report = out_dir.join("report.json");
    step(&format!("Lighthouse (mobile) on {url}"));
    let profile = out_dir.join("chrome-profile");
    let _ = std::fs::remove_dir_all(&profile);
    run(
        Command::new("node")
            .arg(&lighthouse)
            .arg(&url)
            .args(["--output=json", "--quiet", "--form-factor=mobile"])
            .arg(format!("--output-path={}", report.display()))
            .arg(format!(
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
                 --disable-background-networking --disable-component-update --disable-sync --user-data-dir={}",
                profile.display()
            ))
            .env("CHROME_PATH", &browser.chrome),
        "see Lighthouse's message above",
    )?;
    drop(server);

    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report)?)
        .context("reading the Lighthouse report")?;
    step("scores (mobile)");
    for id in CATEGORIES {
        let score = json["categories"][id]["score"].as_f64();
        note(&format!(
            "{id:<15} {}",
            score.map_or("n/a".into(), |s| format!("{s:.2}"))
        ));
    }
    step("audits below 1.0");
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

    step("first visit: every request, as transferred (gzip)");
    let mut total = 0u64;
    for item in json["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let bytes = item["transferSize"].as_u64().unwrap_or(0);
        total += bytes;
        note(&format!(
            "{:>8}  {}",
            bytes,
            item["url"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches(&server_origin(&url))
        ));
    }
    note(&format!(
        "{total} bytes in all ({:.1} KB); the aim is at most 120 KB",
        total as f64 / 1024.0
    ));
    note(&format!("full report: {}", report.display()));
    Ok(())
}

fn server_origin(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}
