//! Reading inputs. Every way a file can be unusable gets its own message
//! naming the file, the line and what to do.

use anyhow::{anyhow, bail, Context, Result};
use benbao_core::bundle::{is_date, is_valid_id, stable_id, Source};
use benbao_core::page::parse_byline;
use benbao_core::{Article, Block, BlockKind, Byline};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::path::Path;

/// One page's text, to be parsed.
pub struct PageText {
    /// What the page is called in articles' `source` and in messages: the
    /// file's name, with `#N` for page N of a PDF of several pages.
    pub name: String,
    pub text: String,
    /// Each line's type size relative to the body text, when known (from a
    /// PDF; see [`benbao_core::page::parse_page_sized`]); else empty.
    pub sizes: Vec<f32>,
}

/// What one input file holds.
pub enum Input {
    /// Pages: one for a text file, one per page for a PDF.
    Pages(Vec<PageText>),
    /// Articles given as JSON or NDJSON, already validated.
    Articles(Vec<Article>),
}

/// Reads `path`, choosing the format by its extension.
pub fn read_input(path: &Path) -> Result<Input> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read the file (does it exist?)", path.display()))?;
    let pdf_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if crate::pdf::is_pdf(&bytes) {
        return crate::pdf::pages(path).map(Input::Pages);
    }
    if pdf_name {
        bail!(
            "{}: the file is called .pdf but is not a PDF (it does not start with %PDF-); check the download",
            path.display()
        );
    }
    let text = text(path, bytes)?;
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => json_articles(path, &text).map(Input::Articles),
        Some("ndjson" | "jsonl") => ndjson_articles(path, &text).map(Input::Articles),
        _ => Ok(Input::Pages(vec![PageText {
            name: file_name(path),
            text,
            sizes: Vec::new(),
        }])),
    }
}

/// The file's text: present, non-empty, not binary, valid UTF-8.
pub fn text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let name = path.display();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("{name}: the file is empty; give the page's text (UTF-8), one paragraph per line");
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = line_of(&bytes, at);
        bail!("{name}:{line}: byte {at} is a NUL: this is a binary file, neither text nor a PDF; give the page's text (UTF-8), the page PDF, or JSON/NDJSON articles");
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = line_of(e.as_bytes(), at);
        anyhow!("{name}:{line}: invalid UTF-8 at byte {at}; convert the file to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)")
    })
}

/// 1-based line number of byte offset `at`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// An article as editors and other tools may write it.
#[derive(Deserialize)]
struct InputArticle {
    #[serde(default)]
    id: Option<String>,
    title: String,
    #[serde(default)]
    kicker: Option<String>,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    byline: Option<InputByline>,
    /// Either blocks…
    #[serde(default)]
    blocks: Option<Vec<Block>>,
    /// …or plain text, paragraphs separated by blank lines.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    paper: Option<String>,
    #[serde(default)]
    page: Option<String>,
    /// The page's name (版名).
    #[serde(default)]
    page_name: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum InputByline {
    Text(String),
    Full(Byline),
}

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow)]
    articles: Option<Vec<&'a RawValue>>,
    /// A file of one article has its fields at the top.
    #[serde(default)]
    title: Option<serde::de::IgnoredAny>,
}

pub fn json_articles(path: &Path, text: &str) -> Result<Vec<Article>> {
    let name = path.display();
    let located = |e: serde_json::Error| {
        anyhow!(
            "{name}:{}:{}: not valid JSON input: {e}",
            e.line(),
            e.column()
        )
    };
    let raws: Vec<&RawValue> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(located)?
    } else {
        let doc = serde_json::from_str::<Doc<'_>>(text).map_err(located)?;
        match (doc.articles, doc.title) {
            (Some(list), _) => list,
            (None, Some(_)) => vec![serde_json::from_str(text).map_err(located)?],
            (None, None) => bail!(
                "{name}: neither {{\"articles\": [...]}}, [...] nor one article with a \"title\"; see `benbao ingest --help`"
            ),
        }
    };
    if raws.is_empty() {
        bail!("{name}: no articles in this file; give at least one");
    }
    raws.into_iter()
        .map(|raw| {
            let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            article(path, line_of(text.as_bytes(), offset), raw.get())
        })
        .collect()
}

pub fn ndjson_articles(path: &Path, text: &str) -> Result<Vec<Article>> {
    let articles: Vec<Article> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| article(path, i + 1, l))
        .collect::<Result<_>>()?;
    if articles.is_empty() {
        bail!(
            "{}: no articles in this file; give one JSON object per line",
            path.display()
        );
    }
    Ok(articles)
}

/// Decodes and validates one article whose JSON starts at `line` of `path`.
fn article(path: &Path, line: usize, json: &str) -> Result<Article> {
    let name = path.display();
    let input: InputArticle = serde_json::from_str(json).map_err(|e| {
        anyhow!(
            "{name}:{}: {e}; see `benbao ingest --help` for the article fields",
            line + e.line() - 1
        )
    })?;
    let at = |what: String| anyhow!("{name}:{line}: {what}");
    let title = input.title.trim().to_string();
    if title.is_empty() {
        return Err(at("the article's title is empty".into()));
    }
    let blocks = match (input.blocks, input.text) {
        (Some(blocks), _) if !blocks.is_empty() => blocks,
        (_, Some(text)) if !text.trim().is_empty() => paragraphs(&text),
        _ => {
            return Err(at(format!(
                "article {title:?} has no text: give \"blocks\" or \"text\""
            )))
        }
    };
    if let Some(i) = blocks.iter().position(|b| b.text.trim().is_empty()) {
        return Err(at(format!("article {title:?}: block {i} has no text")));
    }
    if let Some(date) = input.date.as_deref().filter(|d| !is_date(d)) {
        return Err(at(format!(
            "article {title:?}: date {date:?} is not YYYY-MM-DD"
        )));
    }
    if let Some(id) = input.id.as_deref().filter(|id| !is_valid_id(id)) {
        return Err(at(format!(
            "article {title:?}: id {id:?} must be 1-64 characters of a-z, 0-9 and -"
        )));
    }
    let byline = input.byline.map(|b| match b {
        InputByline::Full(b) => b,
        InputByline::Text(text) => match parse_byline(&text) {
            Some((parsed, "")) => parsed,
            _ => Byline {
                text,
                ..Byline::default()
            },
        },
    });
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map_or("", |b| b.text.as_str());
    Ok(Article {
        id: input
            .id
            .unwrap_or_else(|| stable_id(&format!("{title}\n{first}"))),
        title,
        kicker: nonempty(input.kicker),
        subtitle: nonempty(input.subtitle),
        byline,
        regions: input.regions,
        topics: input.topics,
        blocks,
        date: input.date,
        paper: nonempty(input.paper),
        page: nonempty(input.page),
        page_name: nonempty(input.page_name),
        page_pdf: None,
        source: Some(Source {
            file: file_name(path),
            line,
        }),
        evidence: None,
    })
}

/// The structured decoders' promises on `text`, checked (panics when
/// broken): whatever they accept has a valid id, a title and text. Used by
/// the fuzzer.
#[doc(hidden)]
pub fn check_invariants(text: &str) {
    let json = json_articles(Path::new("fuzz.json"), text);
    let ndjson = ndjson_articles(Path::new("fuzz.ndjson"), text);
    for a in json.into_iter().chain(ndjson).flatten() {
        assert!(
            benbao_core::bundle::is_valid_id(&a.id),
            "accepted id {:?}",
            a.id
        );
        assert!(!a.title.trim().is_empty(), "accepted an empty title");
        assert!(
            a.blocks.iter().all(|b| !b.text.trim().is_empty()) && !a.blocks.is_empty(),
            "accepted empty text"
        );
    }
}

/// Plain text → paragraphs, split at blank lines; lines within one are joined.
fn paragraphs(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<String>())
        .filter(|p| !p.is_empty())
        .map(|p| Block::new(BlockKind::Paragraph, p))
        .collect()
}

/// The file's name without folders, as recorded in `source.file`.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        text(Path::new("p.txt"), bytes.to_vec())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn bad_files_are_named_with_line_and_byte() {
        assert!(err(b"").starts_with("p.txt: the file is empty"));
        assert!(err(b" \n\n").starts_with("p.txt: the file is empty"));
        assert!(err(b"ok\nbad\x00").starts_with("p.txt:2: byte 6 is a NUL"));
        assert!(err(b"line\n\xff\xfe").starts_with("p.txt:2: invalid UTF-8 at byte 5"));
        assert_eq!(
            text(Path::new("p.txt"), "\u{feff}标题".as_bytes().to_vec()).unwrap(),
            "标题"
        );
    }

    fn json_err(name: &str, text: &str) -> String {
        let path = Path::new(name);
        let r = if name.ends_with(".json") {
            json_articles(path, text)
        } else {
            ndjson_articles(path, text)
        };
        r.err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn structured_articles_are_checked_with_their_line() {
        let ok = "{\"articles\": [\n{\"title\": \"标题\", \"text\": \"第一段。\\n\\n第二段。\"},\n{\"title\": \"二\", \"blocks\": [{\"kind\": \"heading\", \"text\": \"小标题\"}]}\n]}";
        let a = json_articles(Path::new("a.json"), ok).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].blocks.len(), 2);
        assert_eq!(a[1].source.as_ref().unwrap().line, 3);

        assert!(json_err("a.json", "{\"articles\": [}").starts_with("a.json:1:15: not valid JSON"));
        assert!(json_err(
            "a.ndjson",
            "{\"title\": \"t\", \"text\": \"x\"}\n\n{\"title\": \"\", \"text\": \"x\"}"
        )
        .starts_with("a.ndjson:3: the article's title is empty"));
        assert!(json_err("a.ndjson", "{\"title\": \"t\"}").contains("has no text"));
        assert!(json_err(
            "a.ndjson",
            "{\"title\": \"t\", \"text\": \"x\", \"date\": \"2018-13-01\"}"
        )
        .contains("is not YYYY-MM-DD"));
        assert!(json_err(
            "a.ndjson",
            "{\"title\": \"t\", \"text\": \"x\", \"id\": \"../etc\"}"
        )
        .contains("id \"../etc\""));
        assert!(json_err("a.ndjson", "{\"text\": \"x\"}")
            .starts_with("a.ndjson:1: missing field `title`"));
        assert!(json_err("a.json", "[]").contains("no articles"));
    }

    #[test]
    fn a_byline_string_is_parsed() {
        let a = ndjson_articles(
            Path::new("a.ndjson"),
            "{\"title\": \"t\", \"text\": \"x\", \"byline\": \"本报讯 记者程雪报道\"}",
        )
        .unwrap();
        assert_eq!(a[0].byline.as_ref().unwrap().reporters, ["程雪"]);
    }
}
