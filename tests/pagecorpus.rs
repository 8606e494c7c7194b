//! Newspaper pages assembled from articles, in the layouts real pages use,
//! with the truth about them; and the measure of a parse against that truth.
//!
//! The articles are either real ones from the development set (texts in the
//! git-ignored `devset/cache/`, run with `cargo xtask pages`) or the short
//! ones the tests write themselves (`tests/data/page-articles.json`). The
//! pages are laid out as PDF text extraction gives them: one line per
//! paragraph piece, blank lines between, paragraphs cut at column breaks.
//! The same pages are also laid out as HTML for the PDF test ([`html`]).

use benbao_core::page::{self, join_continued, parse_page, Parsed};
use benbao_core::text::{char_len, clean_headline, ends_sentence};
use serde::Deserialize;

/// One article to lay out.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub text: String,
}

impl Source {
    /// Paragraphs of body text: lead-in lines (kickers, subtitles the
    /// cache kept), bylines and credits left out, since the layout sets its
    /// own; so is an unfinished last line (where the stored copy was cut).
    pub fn paragraphs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in self.text.lines().map(str::trim).filter(|p| !p.is_empty()) {
            if out.is_empty() && !ends_sentence(p) && char_len(p) <= 40 {
                continue; // a lead-in or subtitle line above the text
            }
            if page::parse_attribution(p).is_some()
                || benbao_core::page::furniture::jump(p).is_some()
                || matches!(p, "图片" | "图" | "视频")
            {
                continue;
            }
            let mut p = p;
            if out.len() < 3 {
                if let Some((_, rest)) = page::parse_byline(p) {
                    p = rest;
                }
            }
            if let Some((body, _)) = page::split_trailing_credit(p) {
                p = body;
            }
            // Jump lines the stored page kept.
            let p = match benbao_core::page::furniture::split_jump_suffix(p) {
                Some((body, _, _)) => body,
                None => p,
            };
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
        // The stored pages were cut off at some length: a last line that
        // does not finish a sentence is a remnant of that cut (or of the
        // site's furniture), not of the paper.
        while out.last().is_some_and(|p| !ends_sentence(p)) {
            out.pop();
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The seed's: headline, `本报讯 记者X 通讯员Y报道` opening the first paragraph.
    Seed,
    /// Headline, a caption ending in `X 摄`, no 本报讯.
    PhotoNews,
    /// No byline before the text; `（记者 X）` or `记者 X 报道` after it.
    BylineLast,
    /// `■通讯员 X 记者 Y` or `X/文 Y/图` on a line of its own.
    BylineLine,
    /// Kicker and title, or a long title set on two lines.
    TwoLineHeadline,
    /// Masthead, date, page and editor lines around and between the articles.
    Furniture,
    /// The lead article jumps to a second page (`下转第2版` … `上接第1版`).
    Jumps,
    /// Every article in a layout of its own, with furniture: the hardest.
    Mixed,
}

pub const LAYOUTS: [Layout; 8] = [
    Layout::Seed,
    Layout::PhotoNews,
    Layout::BylineLast,
    Layout::BylineLine,
    Layout::TwoLineHeadline,
    Layout::Furniture,
    Layout::Jumps,
    Layout::Mixed,
];

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Seed => "seed",
            Layout::PhotoNews => "photo news",
            Layout::BylineLast => "byline last",
            Layout::BylineLine => "byline line",
            Layout::TwoLineHeadline => "two-line headline",
            Layout::Furniture => "furniture",
            Layout::Jumps => "jumps",
            Layout::Mixed => "mixed",
        }
    }
}

/// What a page holds, as laid out.
#[derive(Debug, Clone)]
pub struct TruthArticle {
    /// 1-based line of the headline's first line.
    pub line: usize,
    /// The whole headline (kicker, title, subtitle), without layout spaces.
    pub headline: String,
    pub reporters: Vec<String>,
    pub correspondents: Vec<String>,
    pub photographers: Vec<String>,
    /// The article's text (paragraphs or caption, credits left out), without
    /// white space; empty where a jump splits it.
    pub body: String,
    /// Where a jump splits it: the whole text, which joining the pages must give.
    pub joined: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub layout: Layout,
    /// The page as text extraction gives it.
    pub text: String,
    pub articles: Vec<TruthArticle>,
    /// Furniture lines set on the page.
    pub furniture: Vec<String>,
    /// The page's articles in reading order, as blocks of (kind, text), for HTML.
    pub html: Vec<HtmlPiece>,
    /// Pages that go together (a jump): the name of the page this one continues.
    pub continues: Option<String>,
}

/// A piece of the page for the HTML layout.
#[derive(Debug, Clone)]
pub enum HtmlPiece {
    Masthead(Vec<String>),
    Kicker(String),
    Headline(String),
    Subtitle(String),
    Byline(String),
    Caption(String),
    Paragraph(String),
    Footer(String),
}

/// A small deterministic generator (xorshift64*): the pages are the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭陆范汪廖石金";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁海燕鹏飞晨曦嘉怡欣悦俊浩宇轩博雯琳";

fn name(rng: &mut Rng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(s[rng.below(s.len())]);
    for _ in 0..1 + rng.below(2) {
        n.push(g[rng.below(g.len())]);
    }
    n
}

const PAPERS: [&str; 4] = ["东海工人报", "山河日报", "江城晚报", "南湖时报"];
const PAGE_NAMES: [&str; 4] = ["综合", "工会新闻", "要闻", "区县"];

/// A page being set: text flows down columns of `column` characters, and
/// a paragraph that reaches the foot of a column goes on at the top of the
/// next, as a second piece (what text extraction gives for a column break).
struct Builder {
    lines: Vec<String>,
    html: Vec<HtmlPiece>,
    articles: Vec<TruthArticle>,
    furniture: Vec<String>,
    column: usize,
    left: usize,
}

impl Builder {
    fn new(rng: &mut Rng) -> Builder {
        let column = 160 + rng.below(240);
        Builder {
            lines: Vec::new(),
            html: Vec::new(),
            articles: Vec::new(),
            furniture: Vec::new(),
            column,
            left: rng.below(column) + 1,
        }
    }
    /// Takes `n` characters of column space for something that does not break
    /// (a headline, a byline line); starts a new column when it does not fit.
    fn take(&mut self, n: usize) {
        if n > self.left {
            self.left = self.column;
        }
        self.left = self.left.saturating_sub(n).max(1);
    }
    /// Adds a line (with a blank line before it) and returns its 1-based number.
    fn line(&mut self, text: &str) -> usize {
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(text.to_string());
        self.lines.len()
    }
    /// A line that is not broken across columns (headline, credit, caption):
    /// `weight` column characters a character.
    fn fixed(&mut self, text: &str, weight: usize) -> usize {
        self.take(char_len(text) * weight);
        self.line(text)
    }
    fn furniture(&mut self, text: &str) {
        self.line(text);
        self.furniture.push(text.to_string());
    }
    /// A paragraph, flowed down the columns; `keep` leading characters
    /// (a byline) are not broken.
    fn paragraph(&mut self, text: &str, keep: usize) {
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        // Paragraphs are indented two characters.
        let mut need = chars.len() + 2;
        if keep + 2 > self.left {
            self.left = self.column;
        }
        while need > self.left {
            let at = start
                + self
                    .left
                    .saturating_sub(if start == 0 { 2 } else { 0 })
                    .max(1);
            if at >= chars.len() {
                break;
            }
            let piece: String = chars[start..at].iter().collect();
            self.line(&piece);
            need -= at - start + if start == 0 { 2 } else { 0 };
            start = at;
            self.left = self.column;
        }
        let piece: String = chars[start..].iter().collect();
        self.line(&piece);
        self.left = self.left.saturating_sub(need).max(1);
        self.html.push(HtmlPiece::Paragraph(text.to_string()));
    }
    fn text(&mut self) -> String {
        let mut t = self.lines.join("\n");
        t.push('\n');
        t
    }
}

/// Spaces a layout sets inside a headline now and then.
fn spaced(rng: &mut Rng, title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    if chars.len() >= 8 && rng.chance(30) {
        let at = 3 + rng.below(chars.len() - 6);
        if chars[at - 1].is_ascii_alphanumeric() || chars[at].is_ascii_alphanumeric() {
            return title.to_string();
        }
        let a: String = chars[..at].iter().collect();
        let b: String = chars[at..].iter().collect();
        format!("{a} {b}")
    } else {
        title.to_string()
    }
}

fn is_punct(c: char) -> bool {
    !(benbao_core::text::is_han(c) || c.is_ascii_alphanumeric())
}

/// A headline set on two lines: broken at a space, or between two words
/// near the middle, never next to punctuation; `None` when it has no clean break.
fn two_lines(title: &str) -> Option<Vec<String>> {
    if title.contains([',', '，', ':', '：']) {
        return None;
    }
    let chars: Vec<char> = title.chars().collect();
    let ok =
        |i: usize| i >= 3 && i + 3 <= chars.len() && !is_punct(chars[i - 1]) && !is_punct(chars[i]);
    let at_space = title
        .find([' ', '　'])
        .map(|i| title[..i].chars().count())
        .filter(|&i| i >= 3 && i + 3 <= chars.len());
    let split = at_space.or_else(|| {
        (0..chars.len() / 2)
            .map(|d| chars.len() / 2 + d)
            .find(|&i| ok(i))
    })?;
    let first: String = chars[..split].iter().collect();
    let second: String = chars[split..].iter().collect();
    Some(vec![first.trim().to_string(), second.trim().to_string()])
}

/// A caption: the first sentence(s) of the text, up to about 60 characters.
fn caption_of(paragraphs: &[String]) -> String {
    let first = paragraphs.first().map_or("", String::as_str);
    let mut out = String::new();
    for sentence in first.split_inclusive(['。', '！', '？']) {
        if !out.is_empty() && char_len(&out) + char_len(sentence) > 60 {
            break;
        }
        out.push_str(sentence);
    }
    if !ends_sentence(&out) {
        out.push('。');
    }
    out
}

/// Lays out `sources` on pages of `per_page` articles each.
pub fn assemble(sources: &[Source], layout: Layout, seed: u64, per_page: usize) -> Vec<Page> {
    let mut rng = Rng::new(seed ^ layout as u64);
    let usable: Vec<(&Source, Vec<String>)> = sources
        .iter()
        .map(|s| (s, s.paragraphs()))
        .filter(|(s, p)| {
            !p.is_empty() && char_len(&clean_headline(&s.title)) >= 5 && char_len(&s.title) <= 40
        })
        .collect();
    let mut pages = Vec::new();
    for (n, chunk) in usable.chunks(per_page.max(1)).enumerate() {
        let paper = PAPERS[rng.below(PAPERS.len())];
        let number = 1 + rng.below(8);
        let furniture = matches!(layout, Layout::Furniture | Layout::Mixed | Layout::Jumps);
        let mut b = Builder::new(&mut rng);
        let mut jumped: Option<(String, Vec<String>)> = None;
        if furniture {
            let date = format!(
                "20{:02}年{}月{}日",
                15 + rng.below(10),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            let weekday = [
                "星期一",
                "星期二",
                "星期三",
                "星期四",
                "星期五",
                "星期六",
                "星期日",
            ][rng.below(7)];
            let page_name = PAGE_NAMES[rng.below(PAGE_NAMES.len())];
            let number = if layout == Layout::Jumps { 1 } else { number };
            let mast = match rng.below(3) {
                0 => vec![
                    paper.to_string(),
                    format!("{date} {weekday}"),
                    format!("第{number}版 {page_name}"),
                ],
                1 => vec![format!("{date} {weekday} 第{number}版 {page_name}")],
                _ => vec![
                    format!("{paper} {date}"),
                    format!("第{number:02}版：{page_name}"),
                ],
            };
            for m in &mast {
                b.furniture(m);
            }
            b.html.push(HtmlPiece::Masthead(mast));
        }
        let editor_at = rng.below(chunk.len());
        for (k, (source, paragraphs)) in chunk.iter().enumerate() {
            let this = match layout {
                Layout::Mixed => [
                    Layout::Seed,
                    Layout::PhotoNews,
                    Layout::BylineLast,
                    Layout::BylineLine,
                    Layout::TwoLineHeadline,
                ][rng.below(5)],
                Layout::Furniture | Layout::Jumps => Layout::Seed,
                l => l,
            };
            let mut paragraphs = paragraphs.clone();
            if layout == Layout::Jumps && k == 0 && paragraphs.len() >= 2 {
                let keep = paragraphs.len().div_ceil(2);
                let rest = paragraphs.split_off(keep);
                jumped = Some((source.title.clone(), rest));
            }
            // Typesetters keep a headline with some lines of its text: an
            // article does not start at the foot of a column.
            if b.left < char_len(&source.title) * 2 + 80 {
                b.left = b.column;
            }
            let mut truth = lay_out(&mut b, &mut rng, source, &paragraphs, this);
            if let Some((_, rest)) = jumped.as_ref().filter(|_| k == 0) {
                truth.joined = Some(format!("{}{}", truth.body, squeeze(&rest.concat())));
                truth.body.clear();
            }
            b.articles.push(truth);
            if layout == Layout::Jumps && k == 0 && jumped.is_some() {
                // The jump line closes the first part.
                let last = b.lines.len();
                b.lines[last - 1].push_str("(下转第2版)");
                b.furniture.push("(下转第2版)".into());
            }
            if furniture && k == editor_at {
                let editor = format!("责任编辑 {} 美编 {}", name(&mut rng), name(&mut rng));
                b.furniture(&editor);
                b.html.push(HtmlPiece::Footer(editor));
            }
        }
        let name_of_page = format!("{}-{:02}", layout.name().replace(' ', "-"), n + 1);
        pages.push(Page {
            name: name_of_page.clone(),
            layout,
            text: b.text(),
            articles: b.articles,
            furniture: b.furniture,
            html: b.html,
            continues: None,
        });
        if let Some((title, rest)) = jumped {
            let mut c = Builder::new(&mut rng);
            c.furniture("第2版 综合");
            c.html.push(HtmlPiece::Masthead(vec!["第2版 综合".into()]));
            let line = c.fixed(&title, 2);
            c.html.push(HtmlPiece::Headline(title.clone()));
            c.articles.push(TruthArticle {
                line,
                headline: clean_headline(&title),
                reporters: vec![],
                correspondents: vec![],
                photographers: vec![],
                body: String::new(),
                joined: None,
            });
            for (i, p) in rest.iter().enumerate() {
                if i == 0 {
                    c.paragraph(&format!("(上接第1版){p}"), 7);
                } else {
                    c.paragraph(p, 0);
                }
            }
            c.furniture.push("(上接第1版)".into());
            pages.push(Page {
                name: format!("{name_of_page}-continued"),
                layout,
                text: c.text(),
                articles: c.articles,
                furniture: c.furniture,
                html: c.html,
                continues: Some(name_of_page),
            });
        }
    }
    pages
}

/// Sets one article in `layout`; returns its truth.
fn lay_out(
    b: &mut Builder,
    rng: &mut Rng,
    source: &Source,
    paragraphs: &[String],
    layout: Layout,
) -> TruthArticle {
    let title = source.title.trim().to_string();
    let (reporter, correspondent) = (name(rng), name(rng));
    let mut truth = TruthArticle {
        line: 0,
        headline: clean_headline(&title),
        reporters: vec![],
        correspondents: vec![],
        photographers: vec![],
        body: squeeze(&paragraphs.concat()),
        joined: None,
    };
    let head = match layout {
        Layout::TwoLineHeadline => two_lines(&title).unwrap_or_else(|| vec![title.clone()]),
        _ => vec![spaced(rng, &title)],
    };
    truth.line = b.fixed(&head[0], 2);
    for h in &head[1..] {
        b.fixed(h, 2);
    }
    if head.len() == 2 {
        b.html.push(HtmlPiece::Kicker(head[0].clone()));
        b.html.push(HtmlPiece::Headline(head[1].clone()));
    } else {
        b.html.push(HtmlPiece::Headline(title.clone()));
    }
    match layout {
        Layout::Seed
        | Layout::TwoLineHeadline
        | Layout::Furniture
        | Layout::Jumps
        | Layout::Mixed => {
            let byline = if rng.chance(50) {
                truth.reporters.push(reporter.clone());
                truth.correspondents.push(correspondent.clone());
                format!("本报讯 记者{reporter} 通讯员{correspondent}报道")
            } else {
                truth.correspondents.push(correspondent.clone());
                format!("本报讯 通讯员{correspondent}报道")
            };
            b.html.push(HtmlPiece::Byline(byline.clone()));
            let first = format!("{byline} {}", paragraphs[0]);
            b.paragraph(&first, char_len(&byline) + 1);
            // The HTML keeps the byline apart from the paragraph.
            if let Some(HtmlPiece::Paragraph(p)) = b.html.last_mut() {
                *p = paragraphs[0].clone();
            }
            for p in &paragraphs[1..] {
                b.paragraph(p, 0);
            }
        }
        Layout::PhotoNews => {
            let caption = caption_of(paragraphs);
            let credit = if rng.chance(50) {
                format!("{reporter} 摄")
            } else {
                format!("（通讯员 {reporter} 摄）")
            };
            truth.photographers.push(reporter.clone());
            truth.body = squeeze(&caption);
            b.fixed(&format!("{caption} {credit}"), 1);
            b.html
                .push(HtmlPiece::Caption(format!("{caption} {credit}")));
        }
        Layout::BylineLast => {
            for p in paragraphs {
                b.paragraph(p, 0);
            }
            truth.reporters.push(reporter.clone());
            let credit = match rng.below(3) {
                0 => format!("（记者 {reporter}）"),
                1 => format!("记者 {reporter} 报道"),
                _ => {
                    truth.correspondents.push(correspondent.clone());
                    format!("通讯员{correspondent} 记者{reporter} 摄影报道")
                }
            };
            if credit.contains("摄影报道") {
                truth.photographers = vec![reporter.clone(), correspondent.clone()];
            }
            b.fixed(&credit, 1);
            b.html.push(HtmlPiece::Byline(credit));
        }
        Layout::BylineLine => {
            let credit = if rng.chance(50) {
                truth.correspondents.push(correspondent.clone());
                truth.reporters.push(reporter.clone());
                format!("■通讯员 {correspondent} 记者 {reporter}")
            } else {
                truth.reporters.push(reporter.clone());
                truth.photographers.push(correspondent.clone());
                format!("{reporter}/文 {correspondent}/图")
            };
            b.fixed(&credit, 1);
            b.html.push(HtmlPiece::Byline(credit));
            for p in paragraphs {
                b.paragraph(p, 0);
            }
        }
    }
    truth
}

/// How a parse of pages measured against their truth.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub pages: usize,
    pub articles: usize,
    pub found: usize,
    pub parsed: usize,
    pub headlines_exact: usize,
    /// Articles whose text came out exactly (where the truth has it).
    pub texts_total: usize,
    pub texts_exact: usize,
    pub bylines_total: usize,
    pub bylines_right: usize,
    pub pages_losing_text: usize,
    pub furniture_in_articles: usize,
    pub joins_expected: usize,
    pub joins_made: usize,
    /// What went wrong, for reading.
    pub misses: Vec<String>,
}

impl Score {
    pub fn boundary_precision(&self) -> f64 {
        ratio(self.found, self.parsed)
    }
    pub fn boundary_recall(&self) -> f64 {
        ratio(self.found, self.articles)
    }
    pub fn headline_rate(&self) -> f64 {
        ratio(self.headlines_exact, self.articles)
    }
    pub fn text_rate(&self) -> f64 {
        ratio(self.texts_exact, self.texts_total)
    }
    pub fn byline_rate(&self) -> f64 {
        ratio(self.bylines_right, self.bylines_total)
    }
    pub fn add(&mut self, o: &Score) {
        self.pages += o.pages;
        self.articles += o.articles;
        self.found += o.found;
        self.parsed += o.parsed;
        self.headlines_exact += o.headlines_exact;
        self.texts_total += o.texts_total;
        self.texts_exact += o.texts_exact;
        self.bylines_total += o.bylines_total;
        self.bylines_right += o.bylines_right;
        self.pages_losing_text += o.pages_losing_text;
        self.furniture_in_articles += o.furniture_in_articles;
        self.joins_expected += o.joins_expected;
        self.joins_made += o.joins_made;
        self.misses.extend(o.misses.iter().cloned());
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v.dedup();
    v
}

/// Parses `pages` and measures the parse against their truth.
pub fn measure(pages: &[Page]) -> Score {
    let parsed: Vec<Parsed> = pages.iter().map(|p| parse_page(&p.name, &p.text)).collect();
    measure_parsed(pages, parsed, true)
}

/// Text without white space, for comparing what a parse kept.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Measures parses (of the pages' text or of their PDF) against the truth.
/// Articles are matched by headline line when `by_line` (the parse read the
/// pages' own text), and by headline always.
pub fn measure_parsed(pages: &[Page], mut parsed: Vec<Parsed>, by_line: bool) -> Score {
    let mut s = Score::default();
    for (page, p) in pages.iter().zip(&parsed) {
        s.pages += 1;
        s.articles += page.articles.len();
        s.parsed += p.articles.len();
        if by_line && page::kept_chars(p) != page::page_chars(&page.text) && !page.text.is_empty() {
            s.pages_losing_text += 1;
            s.misses.push(format!("{}: text lost or added", page.name));
        }
        for t in &page.articles {
            let hit = p.articles.iter().find(|a| {
                (by_line && a.source.as_ref().is_some_and(|src| src.line == t.line))
                    || whole_headline(a) == t.headline
            });
            let Some(a) = hit else {
                s.misses.push(format!(
                    "{}:{}: no article starts at 「{}」",
                    page.name, t.line, t.headline
                ));
                continue;
            };
            s.found += 1;
            if !t.body.is_empty() {
                s.texts_total += 1;
                let got: String = a.blocks.iter().map(|b| squeeze(&b.text)).collect();
                if got == t.body {
                    s.texts_exact += 1;
                } else {
                    s.misses.push(format!(
                        "{}:{}: text of 「{}」 differs: {}…",
                        page.name,
                        t.line,
                        t.headline,
                        got.chars().take(40).collect::<String>()
                    ));
                }
            }
            if whole_headline(a) == t.headline {
                s.headlines_exact += 1;
            } else {
                s.misses.push(format!(
                    "{}:{}: headline 「{}」 read as 「{}」",
                    page.name,
                    t.line,
                    t.headline,
                    whole_headline(a)
                ));
            }
            let named = !(t.reporters.is_empty()
                && t.correspondents.is_empty()
                && t.photographers.is_empty());
            if named {
                s.bylines_total += 1;
                let got = a.byline.clone().unwrap_or_default();
                if sorted(&got.reporters) == sorted(&t.reporters)
                    && sorted(&got.correspondents) == sorted(&t.correspondents)
                    && sorted(&got.photographers) == sorted(&t.photographers)
                {
                    s.bylines_right += 1;
                } else {
                    s.misses.push(format!(
                        "{}:{}: byline of 「{}」: {:?}/{:?}/{:?}, expected {:?}/{:?}/{:?}",
                        page.name,
                        t.line,
                        t.headline,
                        got.reporters,
                        got.correspondents,
                        got.photographers,
                        t.reporters,
                        t.correspondents,
                        t.photographers
                    ));
                }
            }
        }
        for a in &p.articles {
            let line = a.source.as_ref().map_or(0, |s| s.line);
            if !page
                .articles
                .iter()
                .any(|t| (by_line && t.line == line) || whole_headline(a) == t.headline)
            {
                s.misses.push(format!(
                    "{}:{line}: not an article start: 「{}」",
                    page.name,
                    whole_headline(a)
                ));
            }
            let text: String = std::iter::once(whole_headline(a))
                .chain(a.blocks.iter().map(|b| b.text.clone()))
                .collect();
            for f in &page.furniture {
                let f = clean_headline(f);
                if char_len(&f) >= 4 && text.contains(&f) {
                    s.furniture_in_articles += 1;
                    s.misses.push(format!(
                        "{}: furniture 「{f}」 inside 「{}」",
                        page.name, a.title
                    ));
                }
            }
        }
    }
    // Jumps: each article continued on another page joined to its first
    // part, with the whole of its text.
    let expected: Vec<(usize, &TruthArticle)> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.articles
                .iter()
                .filter(|t| t.joined.is_some())
                .map(move |t| (i, t))
        })
        .collect();
    if !expected.is_empty() {
        join_continued(&mut parsed);
        for (i, t) in expected {
            s.joins_expected += 1;
            let whole = t.joined.as_deref().unwrap_or_default();
            let joined = parsed[i]
                .articles
                .iter()
                .find(|a| whole_headline(a) == t.headline);
            let got: Option<String> =
                joined.map(|a| a.blocks.iter().map(|b| squeeze(&b.text)).collect());
            if got.as_deref() == Some(whole) {
                s.joins_made += 1;
            } else {
                s.misses.push(format!(
                    "{}: 「{}」 not joined whole across pages",
                    pages[i].name, t.headline
                ));
            }
        }
        let left: usize = parsed.iter().map(|p| p.articles.len()).sum();
        let pages_articles: usize = pages.iter().map(|p| p.articles.len()).sum::<usize>();
        let continuations = pages.iter().filter(|p| p.continues.is_some()).count();
        if left + continuations != pages_articles {
            s.misses.push(format!(
                "joining left {left} articles, expected {}",
                pages_articles - continuations
            ));
        }
    }
    s
}

/// Kicker, title and subtitle as one string, without layout spaces.
pub fn whole_headline(a: &benbao_core::Article) -> String {
    clean_headline(&format!(
        "{}{}{}",
        a.kicker.as_deref().unwrap_or(""),
        a.title,
        a.subtitle.as_deref().unwrap_or("")
    ))
}

/// A Markdown table of scores by layout.
pub fn table(rows: &[(Layout, Score)]) -> String {
    let mut out = String::from(
        "| layout | pages | articles | boundaries P | boundaries R | headlines exact | texts exact | bylines | text lost | furniture in articles | jumps joined |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut total = Score::default();
    for (l, s) in rows {
        out.push_str(&row(l.name(), s));
        total.add(s);
    }
    out.push_str(&row("**all**", &total));
    out
}

fn row(name: &str, s: &Score) -> String {
    format!(
        "| {name} | {} | {} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% ({}) | {} | {} | {} |\n",
        s.pages,
        s.articles,
        100.0 * s.boundary_precision(),
        100.0 * s.boundary_recall(),
        100.0 * s.headline_rate(),
        100.0 * s.text_rate(),
        100.0 * s.byline_rate(),
        s.bylines_total,
        s.pages_losing_text,
        s.furniture_in_articles,
        if s.joins_expected == 0 {
            "–".to_string()
        } else {
            format!("{}/{}", s.joins_made, s.joins_expected)
        }
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page laid out in HTML as a newspaper page: a masthead, three columns,
/// headlines in large type with kickers above, photos (grey boxes) with
/// small captions, bylines, indented paragraphs, an editor's line. Printed
/// to PDF by Chromium, it is what an e-paper system publishes.
pub fn html(page: &Page) -> String {
    let mut body = String::new();
    let mut mast = String::new();
    for piece in &page.html {
        match piece {
            HtmlPiece::Masthead(lines) => {
                for l in lines {
                    mast.push_str(&format!("<span>{}</span>", escape(l)));
                }
            }
            HtmlPiece::Kicker(t) => {
                body.push_str(&format!("<p class=\"kicker\">{}</p>", escape(t)))
            }
            HtmlPiece::Headline(t) => body.push_str(&format!("<h2>{}</h2>", escape(t))),
            HtmlPiece::Subtitle(t) => body.push_str(&format!("<p class=\"sub\">{}</p>", escape(t))),
            HtmlPiece::Byline(t) => body.push_str(&format!("<p class=\"by\">{}</p>", escape(t))),
            HtmlPiece::Caption(t) => body.push_str(&format!(
                "<figure><div class=\"photo\"></div><figcaption>{}</figcaption></figure>",
                escape(t)
            )),
            HtmlPiece::Paragraph(t) => body.push_str(&format!("<p>{}</p>", escape(t))),
            HtmlPiece::Footer(t) => body.push_str(&format!("<p class=\"foot\">{}</p>", escape(t))),
        }
    }
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{name}</title>
<style>
body {{ font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; margin: 0 auto; width: 1000px; color: #000; }}
.mast {{ display: flex; gap: 2em; font-size: 12px; border-bottom: 2px solid #000; padding-bottom: 4px; margin-bottom: 8px; }}
.cols {{ column-count: 3; column-gap: 22px; font-size: 14px; line-height: 1.6; }}
h2 {{ font-size: 26px; line-height: 1.25; margin: 14px 0 4px; break-after: avoid; break-inside: avoid; }}
.kicker {{ font-size: 15px; margin: 14px 0 0; text-indent: 0; break-after: avoid; }}
.sub {{ font-size: 16px; text-indent: 0; margin: 0 0 4px; }}
.by {{ font-size: 14px; text-indent: 0; margin: 2px 0 4px; font-family: "Noto Sans CJK SC", sans-serif; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
figure {{ margin: 6px 0; break-inside: avoid; }}
.photo {{ height: 110px; background: #bbb; }}
figcaption {{ font-size: 11px; line-height: 1.4; margin-top: 3px; }}
.foot {{ font-size: 11px; text-indent: 0; margin: 8px 0; }}
</style></head>
<body><div class="mast">{mast}</div><div class="cols">{body}</div></body></html>
"#,
        name = escape(&page.name)
    )
}
