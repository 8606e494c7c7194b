//! Newspaper page PDFs → page text for the page parser.
//!
//! The text and its positions come from poppler's `pdftotext -bbox-layout`
//! (Debian: poppler-utils), which also recovers the reading order: text
//! flows, blocks within them, lines within blocks. From the positions this
//! module recovers what the parser needs and plain extraction loses:
//!
//! - type size: lines in large type are headlines; a wrapped headline's
//!   lines are joined; small type is captions and credits;
//! - paragraphs: a line indented from its block's left edge starts one;
//! - gaps: a headline (with the kicker above it) and a caption get two
//!   blank lines before them, which the parser reads as large type and as
//!   a photo's gap (`page::Rule::GapBefore`).
//!
//! Every other line keeps poppler's order; page furniture is left to the
//! parser, which knows it wherever it stands.

use anyhow::{bail, Context, Result};
use quick_xml::events::Event;
use std::path::Path;
use std::process::Command;

/// A line of text with its box, in PDF points.
#[derive(Debug, Clone)]
struct Line {
    block: usize,
    x0: f64,
    x1: f64,
    height: f64,
    text: String,
}

/// Whether `bytes` are a PDF (by its signature, whatever the file is called).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The page text of the PDF at `path`, in the form the page parser reads,
/// and each line's type size relative to the body text (0 for blank lines).
pub fn page_text(path: &Path) -> Result<(String, Vec<f32>)> {
    let name = path.display();
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{name}: benbao reads PDFs with poppler's pdftotext, which is not installed; \
             install it (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler) \
             or give the page's extracted text instead"
        ),
        Err(e) => return Err(e).with_context(|| format!("{name}: cannot run pdftotext")),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        if stderr.contains("password") || stderr.contains("ncrypt") {
            bail!(
                "{name}: the PDF is encrypted; ask the e-paper system for an unprotected copy \
                 (or decrypt it, e.g. `qpdf --decrypt in.pdf out.pdf`) and ingest that"
            );
        }
        bail!(
            "{name}: pdftotext could not read this PDF ({}); check that the file is a complete PDF",
            stderr.trim().lines().last().unwrap_or("no message")
        );
    }
    let xml = String::from_utf8(out.stdout).context("pdftotext gave text that is not UTF-8")?;
    let pages =
        lines_of(&xml).with_context(|| format!("{name}: cannot read pdftotext's layout"))?;
    let chars: usize = pages.iter().flatten().map(|l| l.text.chars().count()).sum();
    if chars == 0 {
        bail!(
            "{name}: the PDF has no text layer (a scanned page?); run OCR on it first \
             (e.g. `ocrmypdf page.pdf page-ocr.pdf`) or give the page's text"
        );
    }
    let mut text = String::new();
    let mut sizes = Vec::new();
    for (n, lines) in pages.iter().enumerate() {
        if n > 0 {
            text.push_str("\n\n\n");
            sizes.extend([0.0; 3]);
        }
        let (t, s) = layout(lines);
        text.push_str(&t);
        sizes.extend(s);
    }
    Ok((text, sizes))
}

/// The lines of each page, in poppler's reading order.
fn lines_of(xml: &str) -> Result<Vec<Vec<Line>>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut pages: Vec<Vec<Line>> = Vec::new();
    let mut block = 0usize;
    let mut line: Option<Line> = None;
    let mut in_word = false;
    let mut word_start = false;
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &[u8]| -> f64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(0.0)
    };
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.name().as_ref() {
                b"page" => pages.push(Vec::new()),
                b"block" => block += 1,
                b"line" => {
                    let (y0, y1) = (attr(&e, b"yMin"), attr(&e, b"yMax"));
                    line = Some(Line {
                        block,
                        x0: attr(&e, b"xMin"),
                        x1: attr(&e, b"xMax"),
                        height: (y1 - y0).max(0.0),
                        text: String::new(),
                    });
                }
                b"word" => {
                    in_word = true;
                    word_start = true;
                }
                _ => {}
            },
            Event::Text(t) if in_word => {
                if let Some(l) = line.as_mut() {
                    let word = t.decode()?;
                    let word = quick_xml::escape::unescape(&word)?;
                    if std::mem::take(&mut word_start) && !l.text.is_empty() {
                        l.text.push(' ');
                    }
                    l.text.push_str(&word);
                }
            }
            Event::GeneralRef(r) if in_word => {
                // Entities (&amp; …) arrive apart from the text around them.
                if let Some(l) = line.as_mut() {
                    let name = r.decode()?;
                    let s = quick_xml::escape::unescape(&format!("&{name};"))?.into_owned();
                    if std::mem::take(&mut word_start) && !l.text.is_empty() {
                        l.text.push(' ');
                    }
                    l.text.push_str(&s);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"word" => in_word = false,
                b"line" => {
                    if let (Some(l), Some(p)) = (line.take(), pages.last_mut()) {
                        if !l.text.trim().is_empty() {
                            p.push(l);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// The body type size: the line height most characters are set in.
fn body_height(lines: &[Line]) -> f64 {
    let mut sizes: Vec<(f64, usize)> = lines
        .iter()
        .map(|l| (l.height, l.text.chars().count()))
        .collect();
    sizes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = sizes.iter().map(|s| s.1).sum();
    let mut seen = 0;
    for (h, n) in &sizes {
        seen += n;
        if seen * 2 >= total {
            return *h;
        }
    }
    sizes.last().map_or(10.0, |s| s.0)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Size {
    Large,
    Body,
    Small,
}

/// One page's lines as parser input: the text, and each text line's type
/// size relative to the body (blank lines 0).
fn layout(lines: &[Line]) -> (String, Vec<f32>) {
    let body = body_height(lines);
    let size = |l: &Line| {
        if l.height >= body * 1.3 {
            Size::Large
        } else if l.height <= body * 0.9 {
            Size::Small
        } else {
            Size::Body
        }
    };
    // Left edge of each block (indentation is measured from it).
    let mut left: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    for l in lines {
        let e = left.entry(l.block).or_insert(l.x0);
        *e = e.min(l.x0);
    }
    let blocks: Vec<usize> = {
        let mut b: Vec<usize> = lines.iter().map(|l| l.block).collect();
        b.dedup();
        b
    };
    let of_block = |b: usize| lines.iter().filter(move |l| l.block == b);
    let block_size = |b: usize| {
        let ls: Vec<&Line> = of_block(b).collect();
        if ls.iter().all(|l| size(l) == Size::Large) {
            Size::Large
        } else if ls.iter().all(|l| size(l) == Size::Small) {
            Size::Small
        } else {
            Size::Body
        }
    };
    let mut out: Vec<(usize, String, f32)> = Vec::new(); // (blank lines before, text, size)
    let rel = |ls: &[&Line]| (ls.iter().map(|l| l.height).fold(0.0, f64::max) / body) as f32;
    for (k, &b) in blocks.iter().enumerate() {
        let ls: Vec<&Line> = of_block(b).collect();
        match block_size(b) {
            Size::Large => {
                // A headline wrapped over several lines is one headline line.
                let text = join(ls.iter().map(|l| l.text.as_str()));
                // The kicker above it, if any, took the gap already.
                let after_kicker = out.last().is_some_and(|(gap, _, _)| *gap >= 2)
                    && k > 0
                    && is_kicker(
                        &of_block(blocks[k - 1]).collect::<Vec<_>>(),
                        block_size(blocks[k - 1]),
                    );
                out.push((if after_kicker { 1 } else { 2 }, text, rel(&ls)));
            }
            Size::Small => {
                out.push((2, join(ls.iter().map(|l| l.text.as_str())), rel(&ls)));
            }
            Size::Body => {
                // A short line alone right above a headline is its kicker.
                if is_kicker(&ls, Size::Body)
                    && blocks
                        .get(k + 1)
                        .is_some_and(|&n| block_size(n) == Size::Large)
                {
                    out.push((2, ls[0].text.clone(), rel(&ls)));
                    continue;
                }
                let x0 = left[&b];
                let mut para: Vec<&str> = Vec::new();
                for l in &ls {
                    let char_w = (l.x1 - l.x0) / l.text.chars().count().max(1) as f64;
                    let indented = l.x0 - x0 >= 1.5 * char_w;
                    if indented && !para.is_empty() {
                        out.push((1, join(para.drain(..)), 1.0));
                    }
                    para.push(&l.text);
                }
                if !para.is_empty() {
                    out.push((1, join(para.drain(..)), 1.0));
                }
            }
        }
    }
    let mut text = String::new();
    let mut sizes = Vec::new();
    for (n, (gap, line, size)) in out.iter().enumerate() {
        if n > 0 {
            for _ in 0..*gap {
                text.push('\n');
                sizes.push(0.0);
            }
        }
        text.push_str(line);
        text.push('\n');
        sizes.push(*size);
    }
    (text, sizes)
}

/// A block of one short body-size line that does not end a sentence.
fn is_kicker(ls: &[&Line], size: Size) -> bool {
    size == Size::Body
        && ls.len() == 1
        && ls[0].text.chars().count() <= 24
        && !benbao_core::text::ends_sentence(&ls[0].text)
        && benbao_core::page::parse_credit_line(&ls[0].text).is_none()
        && benbao_core::page::parse_byline(&ls[0].text).is_none()
}

/// Lines of one paragraph joined: no space between Chinese characters,
/// one between Latin words.
fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if out
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(block: usize, x0: f64, height: f64, text: &str) -> Line {
        Line {
            block,
            x0,
            x1: x0 + 10.0 * text.chars().count() as f64,
            height,
            text: text.into(),
        }
    }

    #[test]
    fn sizes_gaps_and_indents_make_the_page_text() {
        let lines = vec![
            line(1, 0.0, 10.0, "第3版 综合"),
            line(2, 0.0, 10.0, "首届职工运动会"),
            line(3, 0.0, 20.0, "山口镇举办职工"),
            line(3, 0.0, 20.0, "拔河比赛"),
            line(4, 0.0, 10.0, "本报讯 记者张三报道"),
            line(5, 20.0, 10.0, "山口镇总工会日前举办首届职工拔河比"),
            line(5, 0.0, 10.0, "赛,全镇二十四支队伍参加。"),
            line(5, 20.0, 10.0, "镇机械厂代表队获得冠军。"),
            line(6, 0.0, 7.0, "比赛现场。 李四 摄"),
            line(7, 0.0, 10.0, "正文接着写。正文接着写。正文接着写。"),
        ];
        let (text, sizes) = layout(&lines);
        assert_eq!(sizes.iter().filter(|s| **s > 1.5).count(), 1, "{sizes:?}");
        assert_eq!(
            text,
            "第3版 综合\n\n\n首届职工运动会\n\n山口镇举办职工拔河比赛\n\n本报讯 记者张三报道\n\n山口镇总工会日前举办首届职工拔河比赛,全镇二十四支队伍参加。\n\n镇机械厂代表队获得冠军。\n\n\n比赛现场。 李四 摄\n\n正文接着写。正文接着写。正文接着写。\n"
        );
    }

    #[test]
    fn entities_and_words_are_read() {
        let xml = r#"<doc><page width="1" height="1"><flow><block xMin="0" yMin="0" xMax="1" yMax="1"><line xMin="0" yMin="0" xMax="9" yMax="10"><word xMin="0" yMin="0" xMax="1" yMax="1">A&amp;B</word><word xMin="0" yMin="0" xMax="1" yMax="1">工会</word></line></block></flow></page></doc>"#;
        let pages = lines_of(xml).unwrap();
        assert_eq!(pages[0][0].text, "A&B 工会");
        assert_eq!(pages[0][0].height, 10.0);
    }
}
