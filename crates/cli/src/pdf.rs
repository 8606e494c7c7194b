//! Newspaper page PDFs → page text for the page parser.
//!
//! The words and their boxes come from poppler's `pdftotext -bbox`
//! (Debian: poppler-utils). From the positions this module recovers what
//! the parser needs and plain extraction loses:
//!
//! - reading order: columns from the gutters between body text, lines
//!   within a column, sections between text that spans columns;
//! - type size: lines in large type are headlines; a wrapped headline's
//!   lines are joined; small type is captions and credits;
//! - paragraphs: a line indented from its block's left edge starts one;
//! - gaps: a headline (with the kicker above it) and a caption get two
//!   blank lines before them, which the parser reads as large type and as
//!   a photo's gap (`page::Rule::GapBefore`).
//!
//! Page furniture is left to the parser, which knows it wherever it stands.

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

/// The pages of the PDF at `path` as page text in the form the page parser
/// reads, with each line's type size relative to the body text (0 for
/// blank lines). A PDF of several pages (a whole issue) gives one page text
/// for each page that has text.
pub fn pages(path: &Path) -> Result<Vec<crate::input::PageText>> {
    let name = path.display();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
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
    let xml = String::from_utf8(out.stdout).with_context(|| {
        format!("{name}: pdftotext gave text that is not UTF-8; check the PDF with `pdftotext {name} -`")
    })?;
    let pages =
        lines_of(&xml).with_context(|| format!("{name}: cannot read pdftotext's layout"))?;
    let chars: usize = pages.iter().flatten().map(|l| l.text.chars().count()).sum();
    if chars == 0 {
        bail!(
            "{name}: the PDF has no text layer (a scanned page?); run OCR on it first \
             (e.g. `ocrmypdf page.pdf page-ocr.pdf`) or give the page's text"
        );
    }
    let file = crate::input::file_name(path);
    let several = pages.iter().filter(|p| !p.is_empty()).count() > 1;
    Ok(pages
        .iter()
        .enumerate()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(n, lines)| {
            let (text, sizes) = layout(lines);
            crate::input::PageText {
                name: if several {
                    format!("{file}#{}", n + 1)
                } else {
                    file.clone()
                },
                text,
                sizes,
            }
        })
        .collect())
}

/// A word with its box, in PDF points (y grows downwards).
#[derive(Debug, Clone)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    fn mid_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// The lines of each page, in reading order.
fn lines_of(xml: &str) -> Result<Vec<Vec<Line>>> {
    Ok(words_of(xml)?
        .into_iter()
        .map(|(width, words)| reading_order(width, words))
        .collect())
}

/// Each page's width and words.
fn words_of(xml: &str) -> Result<Vec<(f64, Vec<Word>)>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut pages: Vec<(f64, Vec<Word>)> = Vec::new();
    let mut word: Option<Word> = None;
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
                b"page" => pages.push((attr(&e, b"width"), Vec::new())),
                b"word" => {
                    word = Some(Word {
                        x0: attr(&e, b"xMin"),
                        y0: attr(&e, b"yMin"),
                        x1: attr(&e, b"xMax"),
                        y1: attr(&e, b"yMax"),
                        text: String::new(),
                    })
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    let text = quick_xml::escape::unescape(&t.decode()?)?.into_owned();
                    // A control character (a newline from a font's map) would split the line.
                    w.text
                        .extend(text.chars().map(|c| if c.is_control() { ' ' } else { c }));
                }
            }
            Event::GeneralRef(r) => {
                // Entities (&amp; …) arrive apart from the text around them.
                if let Some(w) = word.as_mut() {
                    let name = r.decode()?;
                    let text = quick_xml::escape::unescape(&format!("&{name};"))?.into_owned();
                    w.text
                        .extend(text.chars().map(|c| if c.is_control() { ' ' } else { c }));
                }
            }
            Event::End(e) if e.name().as_ref() == b"word" => {
                if let (Some(w), Some(p)) = (word.take(), pages.last_mut()) {
                    if !w.text.trim().is_empty() {
                        p.1.push(w);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

/// Puts a page's words in reading order: columns are found from the gutters
/// between body text, words are grouped into lines within their column and
/// lines into blocks (a gap, or a change of type size, starts a new block).
/// Text that spans columns (a masthead, a headline over several columns)
/// divides the page into sections, read top to bottom, each column by column.
fn reading_order(width: f64, words: Vec<Word>) -> Vec<Line> {
    if words.is_empty() {
        return Vec::new();
    }
    let body = {
        let mut hs: Vec<(f64, usize)> = words
            .iter()
            .map(|w| (w.height(), w.text.chars().count()))
            .collect();
        hs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: usize = hs.iter().map(|h| h.1).sum();
        let mut seen = 0;
        hs.iter()
            .find(|(_, n)| {
                seen += n;
                seen * 2 >= total
            })
            .map_or(10.0, |h| h.0)
    };
    // Columns: x ranges covered by text, split where a gutter runs.
    // The words' own extent, not the page's stated width (which a PDF may state as anything).
    let right = words
        .iter()
        .map(|w| w.x1)
        .fold(width.min(20_000.0), f64::max);
    let right = if right.is_finite() {
        right.clamp(1.0, 20_000.0)
    } else {
        20_000.0
    };
    let bins = right.ceil() as usize + 1;
    // Every word counts (a page of photo news has little body text); a
    // difference array keeps this linear in words plus bins.
    let mut delta = vec![0i64; bins + 1];
    for w in &words {
        let from = (w.x0.floor().max(0.0) as usize).min(bins);
        let to = (w.x1.ceil().max(0.0) as usize).min(bins);
        if from < to {
            delta[from] += 1;
            delta[to] -= 1;
        }
    }
    let mut count = vec![0usize; bins];
    let mut running = 0i64;
    for (b, c) in count.iter_mut().enumerate() {
        running += delta[b];
        *c = running.max(0) as usize;
    }
    // A bin that few lines cross (a masthead, a footer across the page) is
    // still a gutter.
    let mut crossed: Vec<usize> = count.iter().copied().filter(|&c| c > 0).collect();
    crossed.sort_unstable();
    let few = crossed.get(crossed.len() / 2).map_or(0, |m| m / 3);
    let covered: Vec<bool> = count.iter().map(|&c| c > few).collect();
    // Gutters are at least half a line high wide; spaces between words are narrower.
    let gutter = (body * 0.5).max(1.0) as usize;
    let mut columns: Vec<(f64, f64)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap = 0;
    for (x, &c) in covered.iter().enumerate() {
        if c {
            if start.is_none() {
                start = Some(x);
            }
            gap = 0;
        } else if let Some(s) = start {
            gap += 1;
            if gap >= gutter {
                columns.push((s as f64, (x - gap + 1) as f64));
                start = None;
            }
        }
    }
    if let Some(s) = start {
        columns.push((s as f64, (bins - gap) as f64));
    }
    // A word belongs to the column it mostly lies in; one that lies across
    // a gutter spans columns.
    let column_of = |w: &Word| {
        let width = (w.x1 - w.x0).max(0.1);
        columns
            .iter()
            .map(|&(a, b)| (w.x1.min(b) - w.x0.max(a)) / width)
            .enumerate()
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .filter(|(_, share)| *share >= 0.8)
            .map(|(c, _)| c)
    };
    // Lines: words of one column whose middles are within 0.3 of a word box apart
    // (pdftotext's boxes are about twice the type size, so lines of large
    // type set close together still come apart).
    let mut by_column: Vec<Vec<Word>> = vec![Vec::new(); columns.len() + 1];
    for w in words {
        let c = column_of(&w).unwrap_or(columns.len());
        by_column[c].push(w);
    }
    struct Built {
        column: usize,
        y0: f64,
        line: Line,
    }
    let mut built: Vec<Built> = Vec::new();
    for (c, mut ws) in by_column.into_iter().enumerate() {
        ws.sort_by(|a, b| a.mid_y().total_cmp(&b.mid_y()).then(a.x0.total_cmp(&b.x0)));
        let mut lines: Vec<Vec<Word>> = Vec::new();
        for w in ws {
            match lines.last_mut() {
                Some(l)
                    if (w.mid_y() - l[0].mid_y()).abs() < l[0].height().min(w.height()) * 0.3 =>
                {
                    l.push(w)
                }
                _ => lines.push(vec![w]),
            }
        }
        // Across gutters, two headlines side by side over different columns
        // share a baseline: a gap wider than a gutter parts them.
        let lines: Vec<Vec<Word>> = if c == columns.len() {
            let mut parted = Vec::new();
            for mut l in lines {
                l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                let mut current: Vec<Word> = Vec::new();
                for w in l {
                    let wide = current
                        .last()
                        .is_some_and(|p: &Word| w.x0 - p.x1 >= (gutter as f64).max(w.height()));
                    if wide {
                        parted.push(std::mem::take(&mut current));
                    }
                    current.push(w);
                }
                parted.push(current);
            }
            parted
        } else {
            lines
        };
        for mut l in lines {
            l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            for (k, w) in l.iter().enumerate() {
                // pdftotext splits words at spaces: keep one between them.
                if k > 0 && w.x0 - l[k - 1].x1 > w.height() * 0.05 {
                    text.push(' ');
                }
                text.push_str(&w.text);
            }
            built.push(Built {
                column: c,
                y0: l.iter().map(|w| w.y0).fold(f64::MAX, f64::min),
                line: Line {
                    block: 0,
                    x0: l.iter().map(|w| w.x0).fold(f64::MAX, f64::min),
                    x1: l.iter().map(|w| w.x1).fold(f64::MIN, f64::max),
                    height: l.iter().map(Word::height).fold(0.0, f64::max),
                    text,
                },
            });
        }
    }
    // Text across a gutter (a masthead, a headline over some columns)
    // opens a section of the columns it lies over: below it, those columns
    // are read after it; other columns go on as before. A column line
    // belongs to the section of the nearest such text above it that covers
    // its column; sections are read top to bottom, each column by column.
    let spanning = columns.len();
    let covers = |line: &Line, c: usize| {
        let (a, b) = columns[c];
        line.x1.min(b) - line.x0.max(a) > 0.0
    };
    // Lines across gutters stack into openers (a headline over some
    // columns, set on several lines): a line joins the opener above it when
    // they overlap across and lie close; an opener is known by its top line.
    let mut opener_of: Vec<Option<(f64, f64)>> = vec![None; built.len()];
    let mut span_idx: Vec<usize> = (0..built.len())
        .filter(|&i| built[i].column == spanning)
        .collect();
    span_idx.sort_by(|&a, &b| built[a].y0.total_cmp(&built[b].y0));
    // (key, x0, x1, last y0, height) of each opener so far.
    type Stack = ((f64, f64), f64, f64, f64, f64);
    let mut stacks: Vec<Stack> = Vec::new();
    for &i in &span_idx {
        let l = &built[i];
        let joins = stacks.iter_mut().rev().find(|(_, x0, x1, y, h)| {
            l.line.x1.min(*x1) - l.line.x0.max(*x0) > 0.0 && l.y0 - *y <= 2.0 * h.max(l.line.height)
        });
        match joins {
            Some(st) => {
                st.3 = l.y0;
                opener_of[i] = Some(st.0);
            }
            None => {
                let key = (l.y0, l.line.x0);
                stacks.push((key, l.line.x0, l.line.x1, l.y0, l.line.height));
                opener_of[i] = Some(key);
            }
        }
    }
    // For each column, the openers over it (by their top line), sorted.
    let mut openers: Vec<Vec<(f64, f64)>> = vec![Vec::new(); columns.len()];
    for &i in &span_idx {
        for (c, list) in openers.iter_mut().enumerate() {
            if covers(&built[i].line, c) {
                if let Some(key) = opener_of[i] {
                    list.push(key);
                }
            }
        }
    }
    for list in &mut openers {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        list.dedup();
    }
    let section_of = |i: usize| -> (f64, f64) {
        let b = &built[i];
        if b.column == spanning {
            return opener_of[i].unwrap_or((b.y0, b.line.x0));
        }
        let list = &openers[b.column];
        let above = list.partition_point(|(y, _)| *y < b.y0);
        if above == 0 {
            (f64::NEG_INFINITY, 0.0)
        } else {
            list[above - 1]
        }
    };
    let sections: Vec<(f64, f64)> = (0..built.len()).map(section_of).collect();
    let mut order: Vec<usize> = (0..built.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&built[a], &built[b]);
        sections[a]
            .0
            .total_cmp(&sections[b].0)
            .then(sections[a].1.total_cmp(&sections[b].1))
            // The text that opens a section comes before its columns.
            .then((x.column != spanning).cmp(&(y.column != spanning)))
            .then(x.column.cmp(&y.column))
            .then(x.y0.total_cmp(&y.y0))
    });
    let mut taken: Vec<Option<Built>> = built.into_iter().map(Some).collect();
    let built: Vec<Built> = order.iter().filter_map(|&i| taken[i].take()).collect();
    let sorted_sections: Vec<(f64, f64)> = order.iter().map(|&i| sections[i]).collect();
    let section_at = |k: usize| sorted_sections[k];
    // The body's line pitch: the usual distance from one line to the next.
    let pitch = {
        let mut steps: Vec<f64> = built
            .windows(2)
            .filter(|w| {
                w[0].column == w[1].column
                    && (w[0].line.height - body).abs() <= body * 0.15
                    && (w[1].line.height - body).abs() <= body * 0.15
            })
            .map(|w| w[1].y0 - w[0].y0)
            .filter(|d| *d > 0.0)
            .collect();
        steps.sort_by(f64::total_cmp);
        steps.get(steps.len() / 2).copied().unwrap_or(body * 1.2)
    };
    // Blocks: a new one at a change of column or section, at a change of
    // type size, and where the step from the line before is larger than the
    // pitch of lines of that size (a paragraph's or a headline's spacing).
    let mut out: Vec<Line> = Vec::new();
    let mut block = 0;
    let mut prev: Option<((f64, f64), usize, f64, f64)> = None; // (section, column, y0, height)
    for (k, b) in built.into_iter().enumerate() {
        let sec = section_at(k);
        let same = prev.is_some_and(|(s, c, y0, h)| {
            let scale = h.max(b.line.height) / body;
            // An opener's lines (a headline over columns, set on two lines)
            // share its section: they are one block, also where its last
            // line is short enough to sit in one column.
            s == sec
                && (c == b.column || (c == spanning && h >= body * 1.3))
                && b.y0 - y0 <= pitch * scale * 1.25
                && (b.line.height - h).abs() <= h * 0.15
        });
        if !same {
            block += 1;
        }
        prev = Some((sec, b.column, b.y0, b.line.height));
        out.push(Line { block, ..b.line });
    }
    out
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
    // Blocks are runs of lines with the same number.
    let mut runs: std::collections::HashMap<usize, Vec<&Line>> = std::collections::HashMap::new();
    for l in lines {
        runs.entry(l.block).or_default().push(l);
    }
    let of_block = |b: usize| runs.get(&b).into_iter().flatten().copied();
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
            text.extend(std::iter::repeat_n('\n', *gap));
            sizes.extend(std::iter::repeat_n(0.0, *gap));
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
        let xml = r#"<doc><page width="100" height="100"><word xMin="0" yMin="0" xMax="20" yMax="10">A&amp;B</word><word xMin="23" yMin="0" xMax="43" yMax="10">工会</word></page></doc>"#;
        let pages = lines_of(xml).unwrap();
        assert_eq!(pages[0][0].text, "A&B 工会");
        assert_eq!(pages[0][0].height, 10.0);
    }

    fn word(x0: f64, y0: f64, w: f64, h: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
            text: text.into(),
        }
    }

    #[test]
    fn columns_are_read_one_after_the_other() {
        // Two columns whose lines sit at the same heights, under a headline across both.
        let words = vec![
            word(0.0, 0.0, 180.0, 20.0, "两栏标题横跨"),
            word(0.0, 30.0, 80.0, 10.0, "左一"),
            word(100.0, 30.0, 80.0, 10.0, "右一"),
            word(0.0, 42.0, 80.0, 10.0, "左二"),
            word(100.0, 42.0, 80.0, 10.0, "右二"),
        ];
        let lines = reading_order(200.0, words);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["两栏标题横跨", "左一", "左二", "右一", "右二"]);
        assert_eq!(lines[1].block, lines[2].block);
        assert_ne!(lines[2].block, lines[3].block);
    }

    #[test]
    fn headlines_side_by_side_open_their_own_columns() {
        // Four columns; a two-line headline over columns 1–2 and another over 3–4.
        let mut words = vec![
            word(0.0, 0.0, 170.0, 20.0, "甲标题第一行"),
            word(0.0, 22.0, 90.0, 20.0, "甲第二行"),
            word(200.0, 0.0, 170.0, 20.0, "乙标题第一行"),
            word(200.0, 22.0, 60.0, 20.0, "乙第二行"),
        ];
        for (x, name) in [
            (0.0, "甲左"),
            (100.0, "甲右"),
            (200.0, "乙左"),
            (300.0, "乙右"),
        ] {
            for k in 0..4 {
                words.push(word(
                    x,
                    50.0 + 12.0 * k as f64,
                    80.0,
                    10.0,
                    &format!("{name}{k}"),
                ));
            }
        }
        let lines = reading_order(400.0, words);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "甲标题第一行",
                "甲第二行",
                "甲左0",
                "甲左1",
                "甲左2",
                "甲左3",
                "甲右0",
                "甲右1",
                "甲右2",
                "甲右3",
                "乙标题第一行",
                "乙第二行",
                "乙左0",
                "乙左1",
                "乙左2",
                "乙左3",
                "乙右0",
                "乙右1",
                "乙右2",
                "乙右3",
            ]
        );
        assert_eq!(
            lines[0].block, lines[1].block,
            "a headline's two lines are one block"
        );
        assert_ne!(lines[1].block, lines[2].block);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any words, anywhere, of any size (a hostile PDF's): no panic, and
        /// every word's text is in the page text read, in one piece.
        #[test]
        fn every_word_is_read_whatever_the_layout(
            words in proptest::collection::vec(
                (-50.0f64..2000.0, -50.0f64..3000.0, 0.0f64..400.0, 0.0f64..120.0, "[工会职工河滨a-z0-9]{1,12}"),
                0..120,
            ),
            width in proptest::prop_oneof![proptest::prelude::Just(f64::INFINITY), proptest::prelude::Just(1e12), 0.0f64..3000.0],
        ) {
            let words: Vec<Word> = words
                .into_iter()
                .map(|(x0, y0, w, h, text)| Word { x0, y0, x1: x0 + w, y1: y0 + h, text })
                .collect();
            let expected: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
            let lines = reading_order(width, words);
            let (text, sizes) = layout(&lines);
            proptest::prop_assert_eq!(text.lines().count(), sizes.len());
            let mut all: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
            let mut want: Vec<char> = expected.concat().chars().collect();
            all.sort_unstable();
            want.sort_unstable();
            proptest::prop_assert_eq!(all, want);
        }
    }
}
