//! Checking an archive's files against its manifest (`benbao check DIR`).

use crate::archive::editions::{validate_calendar, validate_month, Calendar, MonthFile};
use crate::archive::{
    decode_postings, is_file_name, BodyFiles, Facets, Manifest, Posting, Shard, ShardFiles,
    SummaryFiles,
};
use crate::bundle::stable_id;
use crate::text::Quoted;

/// One of an archive's file lists, from its bytes; empty when the file is
/// missing (which [`problems`] reports) or not such a list.
fn parsed<T: serde::de::DeserializeOwned + Default>(bytes: Option<Vec<u8>>) -> T {
    bytes
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Checks an archive's files against its manifest; the problems, by file.
pub fn problems(manifest: &Manifest, file: &mut dyn FnMut(&str) -> Option<Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut out_later = Vec::new();
    if let Err(e) = manifest.validate() {
        out.push(format!("manifest.json: {e}"));
        return out;
    }
    let mut check = |name: &str| -> Option<Vec<u8>> {
        if !is_file_name(name) {
            out.push(format!(
                "{}: not a file of the archive (a name must stay inside its folder)",
                Quoted(name)
            ));
            return None;
        }
        let Some(bytes) = file(name) else {
            out.push(format!("{name}: missing"));
            return None;
        };
        let hash = name
            .rsplit_once('-')
            .map(|(_, h)| h.rsplit_once('.').map_or(h, |(h, _)| h))
            .unwrap_or("");
        // Data files are hashed as text (as the reader reads them), page
        // PDFs and images as bytes.
        let actual = if name.ends_with(".json") {
            stable_id(&String::from_utf8_lossy(&bytes))
        } else {
            crate::bundle::stable_id_of_bytes(&bytes)
        };
        if hash != actual {
            out.push(format!("{name}: its content does not match the hash in its name (changed after the build?)"));
        }
        Some(bytes)
    };
    let body_files: BodyFiles = parsed(check(&manifest.body_files));
    let summary_files: SummaryFiles = parsed(check(&manifest.summary_files));
    let shard_files: ShardFiles = parsed(check(&manifest.search_files));
    let id_files: ShardFiles = parsed(check(&manifest.id_files));
    let mut count = |name: &str| -> usize {
        check(name)
            .and_then(|b| serde_json::from_slice::<Vec<serde_json::Value>>(&b).ok())
            .map_or(0, |v| v.len())
    };
    // Each chunk holds `size` articles, the last one the rest.
    let mut chunk_counts = |files: &[String], size: usize, out_later: &mut Vec<String>| {
        let mut total = 0;
        for (c, name) in files.iter().enumerate() {
            let n = count(name);
            let expected = size.min(manifest.articles.saturating_sub(c * size));
            if n != expected {
                out_later.push(format!(
                    "{name}: {n} articles, the manifest makes chunk {c} hold {expected}"
                ));
            }
            total += n;
        }
        total
    };
    let summaries = chunk_counts(&summary_files, manifest.summary_chunk, &mut out_later);
    let bodies = chunk_counts(&body_files, manifest.body_chunk, &mut out_later);
    for name in shard_files.values() {
        let shard = check(name).and_then(|b| serde_json::from_slice::<Shard>(&b).ok());
        for (gram, posting) in shard.iter().flatten() {
            let text = match posting {
                Posting::Here(text) => Some(text.clone()),
                Posting::File { file } => {
                    check(file).and_then(|b| serde_json::from_slice::<String>(&b).ok())
                }
            };
            if let Some(Err(e)) = text.map(|t| decode_postings(&t)) {
                out_later.push(format!("{name}: the postings of {}: {e}", Quoted(gram)));
            }
        }
    }
    for shard in id_files.values() {
        check(shard);
    }
    if let Some(name) = &manifest.editions {
        let calendar: Calendar = match check(name).map(|b| serde_json::from_slice(&b)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                out_later.push(format!("{name}: not a calendar of editions: {e}"));
                Calendar::new()
            }
            None => Calendar::new(),
        };
        if let Err(e) = validate_calendar(&calendar) {
            out_later.push(format!("{name}: {e}"));
        }
        let last = crate::archive::editions::dates(&calendar).pop();
        if last != manifest.latest_edition {
            out_later.push(format!(
                "manifest.json: latest_edition is {:?}, the calendar's last edition {last:?}",
                manifest.latest_edition
            ));
        }
        for (month, m) in &calendar {
            let file = match check(&m.file).map(|b| serde_json::from_slice::<MonthFile>(&b)) {
                Some(Ok(file)) => file,
                Some(Err(e)) => {
                    out_later.push(format!("{}: not a month of editions: {e}", m.file));
                    continue;
                }
                None => continue,
            };
            if let Err(e) = validate_month(&file, month, manifest.articles) {
                out_later.push(format!("{}: {e}", m.file));
            }
            let days: Vec<u8> = file
                .iter()
                .filter_map(|e| e.date.get(8..)?.parse().ok())
                .collect();
            if days != m.days {
                out_later.push(format!(
                    "{}: its editions are not the days the calendar lists for {month}",
                    m.file
                ));
            }
            for pdf in file
                .iter()
                .flat_map(|e| &e.pages)
                .filter_map(|p| p.pdf.as_deref())
            {
                check(pdf);
            }
        }
    }
    if let Some(facets) =
        check(&manifest.facets).and_then(|b| serde_json::from_slice::<Facets>(&b).ok())
    {
        if facets.dates.len() != manifest.articles
            || facets.regions.len() != manifest.articles
            || facets.topics.len() != manifest.articles
        {
            out.push(format!(
                "{}: facets for {} articles, the manifest says {}",
                manifest.facets,
                facets.dates.len(),
                manifest.articles
            ));
        }
    }
    if summaries != manifest.articles {
        out.push(format!(
            "summaries hold {summaries} articles, the manifest says {}",
            manifest.articles
        ));
    }
    if bodies != manifest.articles {
        out.push(format!(
            "bodies hold {bodies} articles, the manifest says {}",
            manifest.articles
        ));
    }
    out.extend(out_later);
    out
}
