//! Raw page text → articles.
//!
//! The input is what a PDF text extractor gives for one newspaper page:
//! one line per paragraph *piece*, blank lines between them. A paragraph
//! that runs across a column break arrives as two pieces; headlines come
//! with layout spaces and with a kicker (引题) above or a subtitle (副题)
//! below; photo captions sit between headline and text after a larger gap;
//! bylines open the first paragraph (`本报讯 记者程雪 通讯员柳庭和报道 近日,…`).
//!
//! The parser works line by line with a few local rules, each named below,
//! and never drops text: every non-blank character of the input ends up in
//! one field of one article or in [`Parsed::leftovers`].

use crate::bundle::{stable_id, Article, Block, BlockKind, Byline, Source};
use crate::text::{char_len, clean_headline, ends_sentence, is_clause_punct, is_han};

/// What one page gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub articles: Vec<Article>,
    /// Text that belongs to no article (e.g. a page header before the first headline).
    pub leftovers: Vec<Leftover>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// 1-based line in the page.
    pub line: usize,
    pub text: String,
}

/// Longest headline line, in characters.
const MAX_HEADLINE: usize = 40;
/// Longest photo caption, in characters.
const MAX_CAPTION: usize = 60;
/// Longest in-article section heading, in characters.
const MAX_HEADING: usize = 30;

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// 1-based line number in the page.
    no: usize,
    text: &'a str,
    /// Blank lines right before this one (a photo leaves a larger gap).
    blanks_before: usize,
}

/// Splits `page` (the text of the file called `file`) into articles.
pub fn parse_page(file: &str, page: &str) -> Parsed {
    let lines = lines(page);
    let mut articles: Vec<Builder> = Vec::new();
    let mut leftovers = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(header) = header_at(&lines, i) {
            articles.push(Builder::from_header(file, &lines, &header));
            i = header.next;
            continue;
        }
        match articles.last_mut() {
            Some(article) => article.push_body_line(lines[i]),
            None => leftovers.push(Leftover {
                line: lines[i].no,
                text: lines[i].text.to_string(),
            }),
        }
        i += 1;
    }
    Parsed {
        articles: articles.into_iter().map(Builder::finish).collect(),
        leftovers,
    }
}

fn lines(page: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut blanks = 0;
    for (i, raw) in page.lines().enumerate() {
        let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if text.is_empty() {
            blanks += 1;
        } else {
            out.push(Line {
                no: i + 1,
                text,
                blanks_before: blanks,
            });
            blanks = 0;
        }
    }
    out
}

/// A headline line: short, not a sentence, not cut off at a comma.
fn is_headline_like(text: &str) -> bool {
    // Cheap bound first: pages can have paragraphs of many kilobytes.
    if text.len() > MAX_HEADLINE * 4 * 2 {
        return false;
    }
    let len = char_len(&clean_headline(text));
    (2..=MAX_HEADLINE).contains(&len)
        && !ends_sentence(text)
        && !text.contains('。')
        && !text.chars().last().is_some_and(is_clause_punct)
        && parse_byline(text).is_none()
}

/// An in-article section heading has the two-part shape newspapers use
/// (`突破点:夯实工会基层基础`, `连起来,新平台的“破墙效应”`): every part
/// at least three characters. A paragraph piece cut at a column break
/// (`经过一次次研究探讨,街道`, `为了更好地让人才和产业`) does not.
fn is_heading(text: &str) -> bool {
    if !is_headline_like(text) || char_len(text) > MAX_HEADING {
        return false;
    }
    let parts: Vec<&str> = text
        .split([',', ':', ';', '\u{FF0C}', '\u{FF1A}', '\u{FF1B}'])
        .collect();
    (2..=3).contains(&parts.len()) && parts.iter().all(|p| char_len(p.trim()) >= 3)
}

/// A short finished sentence: what a photo caption looks like.
fn is_caption_like(text: &str) -> bool {
    ends_sentence(text) && char_len(text) <= MAX_CAPTION && parse_byline(text).is_none()
}

struct Header {
    head: std::ops::Range<usize>,
    captions: std::ops::Range<usize>,
    byline: Option<usize>,
    /// Index of the first line after the header.
    next: usize,
}

/// Whether an article starts at line `i`, and where its parts are.
///
/// Rule A: 1–3 headline lines, then up to 3 captions, then a byline.
/// Rule B: 2–3 headline lines, then captions after a photo gap (no byline).
/// Rule C: the page opens with headline lines.
fn header_at(lines: &[Line<'_>], i: usize) -> Option<Header> {
    let head_end = (i..lines.len().min(i + 3))
        .find(|&j| !is_headline_like(lines[j].text))
        .unwrap_or(lines.len().min(i + 3));
    if head_end == i {
        return None;
    }
    let caption_end = (head_end..lines.len().min(head_end + 3))
        .find(|&k| !is_caption_like(lines[k].text))
        .unwrap_or(lines.len().min(head_end + 3));
    if caption_end < lines.len() && parse_byline(lines[caption_end].text).is_some() {
        return Some(Header {
            head: i..head_end,
            captions: head_end..caption_end,
            byline: Some(caption_end),
            next: caption_end + 1,
        });
    }
    let photo_gap =
        |k: usize| k < lines.len() && lines[k].blanks_before >= 2 && is_caption_like(lines[k].text);
    if head_end - i >= 2 && photo_gap(head_end) {
        let captions_end = (head_end..lines.len())
            .find(|&k| !photo_gap(k))
            .unwrap_or(lines.len());
        return Some(Header {
            head: i..head_end,
            captions: head_end..captions_end,
            byline: None,
            next: captions_end,
        });
    }
    if i == 0 {
        return Some(Header {
            head: i..head_end,
            captions: head_end..head_end,
            byline: None,
            next: head_end,
        });
    }
    None
}

/// Reads a byline at the start of `line`: `本报讯 记者程雪 通讯员柳庭和报道 近日,…`.
/// Returns it and the rest of the line (the start of the first paragraph).
pub fn parse_byline(line: &str) -> Option<(Byline, &str)> {
    const ROLES: [(&str, Role); 8] = [
        ("特约记者", Role::Reporter),
        ("见习记者", Role::Reporter),
        ("摄影记者", Role::Photographer),
        ("记者", Role::Reporter),
        ("实习生", Role::Reporter),
        ("通讯员", Role::Correspondent),
        ("摄影", Role::Photographer),
        ("摄", Role::Photographer),
    ];
    const ENDS: [&str; 2] = ["报道", "摄"];

    let s = line.trim_start();
    let mut byline = Byline::default();
    let mut pos = 0;
    if let Some(len) = dateline_len(s) {
        byline.dateline = Some(s[..len].to_string());
        pos = len;
    }
    let mut role: Option<Role> = None;
    let mut names_in_role: Vec<String> = Vec::new();
    let mut ended = false;
    loop {
        pos += s[pos..].len() - s[pos..].trim_start().len();
        let rest = &s[pos..];
        if rest.is_empty() {
            break;
        }
        if let Some(end) = ENDS.iter().find(|e| rest.starts_with(**e)) {
            if role.is_none() || names_in_role.is_empty() {
                return None;
            }
            if *end == "摄" {
                byline.photographers.append(&mut names_in_role);
            }
            pos += end.len();
            ended = true;
            break;
        }
        if let Some((word, r)) = ROLES.iter().find(|(w, _)| rest.starts_with(*w)) {
            if role.is_some() && names_in_role.is_empty() {
                return None;
            }
            flush(&mut byline, role, &mut names_in_role);
            role = Some(*r);
            pos += word.len();
            continue;
        }
        if rest.starts_with('、') {
            pos += '、'.len_utf8();
            continue;
        }
        // A name: 2–4 Han characters up to a space, 、, role word or end word.
        role?;
        let mut len = 0;
        let mut chars = 0;
        for c in rest.chars() {
            let here = &rest[len..];
            if !is_han(c)
                || (chars >= 2
                    && (ENDS.iter().any(|e| here.starts_with(e))
                        || ROLES.iter().any(|(w, _)| here.starts_with(w))))
            {
                break;
            }
            len += c.len_utf8();
            chars += 1;
        }
        if !(2..=4).contains(&chars) {
            return None;
        }
        names_in_role.push(rest[..len].to_string());
        pos += len;
    }
    flush(&mut byline, role, &mut names_in_role);
    // A byline ends with 报道/摄, unless it is a dateline alone (本报讯 …).
    let dateline_only = byline.dateline.is_some() && role.is_none();
    if !(ended || dateline_only) {
        return None;
    }
    if byline.dateline.is_none()
        && byline.reporters.is_empty()
        && byline.correspondents.is_empty()
        && byline.photographers.is_empty()
    {
        return None;
    }
    let text = s[..pos].trim_end();
    byline.text = text.to_string();
    Some((byline, s[pos..].trim_start()))
}

#[derive(Clone, Copy, Debug)]
enum Role {
    Reporter,
    Correspondent,
    Photographer,
}

fn flush(byline: &mut Byline, role: Option<Role>, names: &mut Vec<String>) {
    let list = match role {
        Some(Role::Reporter) => &mut byline.reporters,
        Some(Role::Correspondent) => &mut byline.correspondents,
        Some(Role::Photographer) => &mut byline.photographers,
        None => return,
    };
    list.append(names);
}

/// `本报讯`, or `本报` + place/date + `讯`/`电` (`本报杭州5月3日电`), in bytes.
fn dateline_len(s: &str) -> Option<usize> {
    if s.starts_with("本报讯") {
        return Some("本报讯".len());
    }
    if !s.starts_with("本报") {
        return None;
    }
    let mut len = "本报".len();
    for c in s["本报".len()..].chars().take(14) {
        if c.is_whitespace() {
            return None;
        }
        len += c.len_utf8();
        if c == '讯' || c == '电' {
            return Some(len);
        }
    }
    None
}

struct Builder {
    article: Article,
}

impl Builder {
    fn from_header(file: &str, lines: &[Line<'_>], h: &Header) -> Builder {
        let head: Vec<String> = lines[h.head.clone()]
            .iter()
            .map(|l| clean_headline(l.text))
            .collect();
        let (kicker, title, subtitle) = split_headline(head);
        let mut blocks: Vec<Block> = lines[h.captions.clone()]
            .iter()
            .map(|l| Block::new(BlockKind::Caption, l.text))
            .collect();
        let mut byline = None;
        if let Some(b) = h.byline {
            let (parsed, rest) = parse_byline(lines[b].text).expect("header_at checked the byline");
            byline = Some(parsed);
            if !rest.is_empty() {
                blocks.push(Block::new(BlockKind::Paragraph, rest));
            }
        }
        let article = Article {
            id: String::new(),
            title,
            kicker,
            subtitle,
            byline,
            regions: Vec::new(),
            topics: Vec::new(),
            blocks,
            date: None,
            paper: None,
            page: None,
            source: Some(Source {
                file: file.to_string(),
                line: lines[h.head.start].no,
            }),
            evidence: None,
        };
        Builder { article }
    }

    /// The last block, when it is a paragraph that has not reached the end of its sentence.
    fn open_paragraph(&mut self) -> Option<&mut Block> {
        self.article
            .blocks
            .last_mut()
            .filter(|b| b.kind == BlockKind::Paragraph && !ends_sentence(&b.text))
    }

    fn push_body_line(&mut self, line: Line<'_>) {
        let text = line.text;
        if line.blanks_before >= 2 && is_caption_like(text) {
            self.article
                .blocks
                .push(Block::new(BlockKind::Caption, text));
        } else if is_heading(text) {
            if let Some(open) = self.open_paragraph() {
                open.truncated = true;
            }
            self.article
                .blocks
                .push(Block::new(BlockKind::Heading, clean_headline(text)));
        } else if let Some(open) = self.open_paragraph() {
            // Rule: a paragraph cut at a column break goes on in the next piece.
            open.text.push_str(text);
        } else {
            self.article
                .blocks
                .push(Block::new(BlockKind::Paragraph, text));
        }
    }

    fn finish(mut self) -> Article {
        if let Some(open) = self.open_paragraph() {
            open.truncated = true;
        }
        let first = self
            .article
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .map_or("", |b| b.text.as_str());
        self.article.id = stable_id(&format!("{}\n{}", self.article.title, first));
        self.article
    }
}

/// Kicker, title and subtitle from 1–3 cleaned headline lines. With two
/// lines the shorter is the title (the main headline is the punchy one; the
/// explanatory line above it is a kicker, below it a subtitle).
fn split_headline(mut head: Vec<String>) -> (Option<String>, String, Option<String>) {
    match head.len() {
        1 => (None, head.remove(0), None),
        2 => {
            let second = head.pop().unwrap();
            let first = head.pop().unwrap();
            if char_len(&second) < char_len(&first) {
                (Some(first), second, None)
            } else {
                (None, first, Some(second))
            }
        }
        _ => {
            let subtitle = head.pop();
            let title = head.pop().unwrap_or_default();
            let kicker = head.pop();
            (kicker, title, subtitle)
        }
    }
}

/// The parser's promises on `text`, checked (panics when broken): the same
/// output twice, and every non-blank character in exactly one field of one
/// article or in a leftover. Used by property tests and the fuzzer.
#[doc(hidden)]
pub fn check_invariants(text: &str) {
    let parsed = parse_page("fuzz.txt", text);
    assert_eq!(
        parsed,
        parse_page("fuzz.txt", text),
        "parsing is not deterministic"
    );
    assert_eq!(
        kept_chars(&parsed),
        content_chars(text),
        "characters were lost or added"
    );
}

/// Layout white space (and the BOM) carries no content.
fn blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn content_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !blank(*c)).collect();
    chars.sort_unstable();
    chars
}

/// Every character a parse kept, from every field of every article and the leftovers.
fn kept_chars(parsed: &Parsed) -> Vec<char> {
    let mut all = String::new();
    for a in &parsed.articles {
        for s in [&a.kicker, &a.subtitle].into_iter().flatten() {
            all.push_str(s);
        }
        all.push_str(&a.title);
        if let Some(b) = &a.byline {
            all.push_str(&b.text);
        }
        for b in &a.blocks {
            all.push_str(&b.text);
        }
    }
    for l in &parsed.leftovers {
        all.push_str(&l.text);
    }
    content_chars(&all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        let (b, rest) = parse_byline("本报讯 记者程雪 通讯员柳庭和报道 近日,丽水").unwrap();
        assert_eq!(b.text, "本报讯 记者程雪 通讯员柳庭和报道");
        assert_eq!(b.dateline.as_deref(), Some("本报讯"));
        assert_eq!(b.reporters, ["程雪"]);
        assert_eq!(b.correspondents, ["柳庭和"]);
        assert_eq!(rest, "近日,丽水");

        let (b, rest) = parse_byline("记者 洪茜婷报道 去年以来").unwrap();
        assert_eq!(
            (b.reporters, b.dateline, rest),
            (vec!["洪茜婷".to_string()], None, "去年以来")
        );

        let (b, _) = parse_byline("本报讯 通讯员叶唯娜报道 近日").unwrap();
        assert_eq!(b.correspondents, ["叶唯娜"]);

        let (b, _) = parse_byline("记者 张三 李四 摄").unwrap();
        assert_eq!(b.photographers, ["张三", "李四"]);
        assert!(b.reporters.is_empty());

        let (b, rest) = parse_byline("本报杭州5月3日电 记者王五报道 今天").unwrap();
        assert_eq!(
            (b.dateline.as_deref(), rest),
            (Some("本报杭州5月3日电"), "今天")
        );
    }

    #[test]
    fn sentences_that_mention_reporters_are_not_bylines() {
        assert!(parse_byline("记者从市总工会获悉,今年以来").is_none());
        assert!(parse_byline("罗星街道总工会副主席张丽萍告诉记者").is_none());
        assert!(parse_byline("通讯员们纷纷表示").is_none());
        assert!(parse_byline("记者报道").is_none());
    }

    #[test]
    fn headings_and_column_fragments() {
        assert!(is_heading("突破点:夯实工会基层基础"));
        assert!(is_heading("连起来,新平台的“破墙效应”"));
        assert!(is_heading("“兼职化”干部体系,积蓄工作能量"));
        assert!(!is_heading("经过一次次研究探讨,街道"));
        assert!(!is_heading("为了更好地让人才和产业"));
        assert!(!is_heading("打造以“千人计划”专家、海外高层次人才、"));
        assert!(!is_heading("长的良好局面。"));
    }

    #[test]
    fn column_breaks_rejoin_and_cut_off_text_is_flagged() {
        let page = "标题一行\n\n本报讯 记者张三报道 企业员工共成\n\n长的良好局面。\n\n这一段被截断在、\n\n关键点:增强工会组织力量\n\n后文。\n";
        let parsed = parse_page("p.txt", page);
        assert_eq!(parsed.leftovers, vec![]);
        let a = &parsed.articles[0];
        assert_eq!(a.title, "标题一行");
        let kinds: Vec<_> = a
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str(), b.truncated))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, "企业员工共成长的良好局面。", false),
                (BlockKind::Paragraph, "这一段被截断在、", true),
                (BlockKind::Heading, "关键点:增强工会组织力量", false),
                (BlockKind::Paragraph, "后文。", false),
            ]
        );
    }

    #[test]
    fn two_line_headlines_put_the_shorter_line_as_title() {
        assert_eq!(
            split_headline(vec![
                "宁波市北仑区小港街道总工会创新服务机制".into(),
                "打造活力工会“朋友圈”".into()
            ]),
            (
                Some("宁波市北仑区小港街道总工会创新服务机制".into()),
                "打造活力工会“朋友圈”".into(),
                None
            )
        );
        assert_eq!(
            split_headline(vec![
                "书写新时代工会的“小营答卷”".into(),
                "杭州市上城区小营街道总工会紧扣“三点”强基固本".into()
            ]),
            (
                None,
                "书写新时代工会的“小营答卷”".into(),
                Some("杭州市上城区小营街道总工会紧扣“三点”强基固本".into())
            )
        );
    }

    #[test]
    fn text_before_the_first_headline_is_a_leftover() {
        let parsed = parse_page(
            "p.txt",
            "第3版 工会新闻。\n\n标题\n\n本报讯 记者张三报道 正文。\n",
        );
        assert_eq!(
            parsed.leftovers,
            vec![Leftover {
                line: 1,
                text: "第3版 工会新闻。".into()
            }]
        );
        assert_eq!(parsed.articles.len(), 1);
    }
}
