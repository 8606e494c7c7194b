//! Raw page text → articles.
//!
//! The input is what a PDF text extractor gives for one newspaper page:
//! one line per paragraph *piece*, blank lines between them. A paragraph
//! that runs across a column break arrives as two pieces; headlines come
//! with layout spaces and with a kicker (引题) above or a subtitle (副题)
//! below; photo captions sit between headline and text, or make up the
//! whole of a photo news item that ends in a credit (`张三 摄`); bylines
//! open the first paragraph (`本报讯 记者程雪 通讯员柳庭和报道 近日,…`),
//! stand on a line of their own (`■通讯员 张三`, `张三/文 李四/图`) or
//! close the text (`（记者 王五）`, `摄影报道`). Page furniture — the
//! paper's name, the date, `第3版 综合`, `责任编辑 …`, `下转第2版` — is
//! recognised by [`furniture`] and kept out of the articles.
//!
//! Where an article starts is decided by named rules with scores
//! ([`Rule`]): each headline-like line gets the sum of the rules that
//! apply to it, and starts an article at [`THRESHOLD`] or more. The parser
//! never drops text: every non-blank character of the input ends up in one
//! field of one article, in [`Parsed::furniture`] or in [`Parsed::leftovers`].

mod byline;
pub mod furniture;
mod join;

use crate::bundle::{stable_id, Article, Block, BlockKind, Byline, Source};
use crate::text::{char_len, clean_headline, ends_sentence, is_clause_punct};
pub use byline::{
    merge as merge_byline, parse_attribution, parse_byline, parse_credit_line,
    split_trailing_credit,
};
pub use furniture::{FurnitureKind, Jump, PageInfo};
pub use join::join_continued;

/// What one page gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub articles: Vec<Article>,
    /// Text that belongs to no article (e.g. a line before the first headline).
    pub leftovers: Vec<Leftover>,
    /// Page furniture, in page order.
    pub furniture: Vec<Furniture>,
    /// What the furniture says about the page.
    pub page: PageInfo,
    /// Articles that go on on another page or come from one: (index into
    /// `articles`, the jump).
    pub jumps: Vec<(usize, Jump)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// 1-based line in the page.
    pub line: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Furniture {
    /// 1-based line in the page.
    pub line: usize,
    pub text: String,
    pub kind: FurnitureKind,
}

/// Longest headline line, in characters.
const MAX_HEADLINE: usize = 40;
/// Longest photo caption, in characters (credit included).
const MAX_CAPTION: usize = 80;
/// Longest in-article section heading, in characters.
const MAX_HEADING: usize = 30;

/// The rules that decide where an article starts, with their scores.
/// A headline-like line starts an article when its rules sum to
/// [`THRESHOLD`] or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `本报讯 …` or another dateline byline follows the headline lines.
    DatelineFollows,
    /// A byline follows (at the start of the text or on a line of its own).
    BylineFollows,
    /// A caption ending in a photo credit follows: photo news.
    PhotoCreditFollows,
    /// The first article of the page.
    PageStart,
    /// The text before ended with a credit (`（记者 王五）`, `张三 摄`) or a jump line.
    AfterCredit,
    /// The text before ended a sentence.
    AfterClosedText,
    /// The text before stopped mid-sentence: this is more likely the next
    /// piece of a paragraph cut at a column break.
    AfterOpenText,
    /// The line is numbered or marked as in-article headings are (`一、…`, `【…】`).
    HeadingShape,
    /// A sentence ends inside the line (`…如何顺应“公转”?罗星街道总`).
    InnerSentenceEnd,
    /// The line does not have a heading's shape.
    HeadlineShape,
    /// The line reads like a piece of running text: it opens like a
    /// paragraph (近日, 3月5日, …), has a sentence's commas, or a sentence
    /// ends inside it.
    ProseShape,
    /// Four characters or fewer (`记者手记`).
    TooShort,
    /// A larger gap than between paragraphs (large type, in text from a PDF).
    GapBefore,
    /// Captions after a photo's gap follow the headline lines.
    CaptionsFollow,
    /// The headline lines are set in large type (text from a PDF).
    LargeType,
    /// The article before already has its byline, and a credit closes the
    /// text that follows this line: that credit is another article's.
    CreditAhead,
    /// The text after the headline opens as news leads do (`近日,`, `5月25日上午,`).
    LeadFollows,
    /// The page ends after the headline lines.
    NothingFollows,
    /// The text after the headline opens with `上接第N版`.
    ContinuedFrom,
}

impl Rule {
    pub const fn score(self) -> i32 {
        match self {
            Rule::DatelineFollows => 6,
            Rule::BylineFollows => 5,
            Rule::PhotoCreditFollows => 4,
            Rule::PageStart => 4,
            Rule::AfterCredit => 4,
            Rule::AfterClosedText => 1,
            Rule::AfterOpenText => -3,
            Rule::HeadingShape => -2,
            Rule::InnerSentenceEnd => -1,
            Rule::HeadlineShape => 1,
            Rule::ProseShape => -3,
            Rule::TooShort => -2,
            Rule::GapBefore => 2,
            Rule::NothingFollows => -3,
            Rule::CaptionsFollow => 2,
            Rule::LeadFollows => 1,
            Rule::CreditAhead => 1,
            Rule::LargeType => 3,
            Rule::ContinuedFrom => 3,
        }
    }
}

/// Relative type size from which a line is in large type.
const LARGE: f32 = 1.3;

/// Score at which a headline-like line starts an article.
pub const THRESHOLD: i32 = 3;

#[derive(Debug, Clone)]
struct Line<'a> {
    /// 1-based line number in the page.
    no: usize,
    text: &'a str,
    /// Blank lines right before this one (a photo or large type leaves a larger gap).
    blanks_before: usize,
    /// A jump that opened this line (`(上接第1版)…`).
    from: Option<Jump>,
    /// A jump that closed this line (`…(下转第2版)`), or a jump line right after it.
    to: Option<Jump>,
    /// Type size relative to the body text; 0 when unknown (plain text).
    size: f32,
    /// [`is_headline_like`], worked out once: the rules ask it of a line
    /// many times.
    headline: bool,
}

/// How the text before a line ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    PageStart,
    Credit,
    Closed,
    Open,
}

/// Splits `page` (the text of the file called `file`) into articles.
pub fn parse_page(file: &str, page: &str) -> Parsed {
    run(file, page, &[], &mut None)
}

/// [`parse_page`] for text whose type sizes are known (text recovered from
/// a PDF): `sizes[i]` is line `i + 1`'s type size relative to the body text
/// (1.0), 0 where unknown. Large type is a headline; in a headline of
/// several lines the largest is the title.
pub fn parse_page_sized(file: &str, page: &str, sizes: &[f32]) -> Parsed {
    run(file, page, sizes, &mut None)
}

fn run(file: &str, page: &str, sizes: &[f32], record: &mut Option<&mut Vec<Decision>>) -> Parsed {
    let mut parsed = Parsed::default();
    let lines = lines(page, sizes, &mut parsed);
    let ahead = ahead(&lines);
    let mut articles: Vec<Builder> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // The article so far has its credits (a byline up front).
        let credited = articles.last().is_some_and(|a| {
            a.article
                .byline
                .as_ref()
                .is_some_and(|b| !b.reporters.is_empty() || !b.correspondents.is_empty())
        });
        let before = match articles.last() {
            None => Before::PageStart,
            Some(a) => a.before(),
        };
        let header = header_at(&lines, &ahead, i, before, credited);
        if let (Some(out), Some(h)) = (record.as_mut(), &header) {
            out.push(Decision {
                line: lines[i].no,
                score: h.score,
                rules: h.rules.clone(),
            });
        }
        if let Some(header) = header.filter(|h| h.score >= THRESHOLD) {
            articles.push(Builder::from_header(file, &lines, &header));
            i = header.next;
            continue;
        }
        match articles.last_mut() {
            Some(article) => article.push_body_line(&lines[i]),
            None => parsed.leftovers.push(Leftover {
                line: lines[i].no,
                text: lines[i].text.to_string(),
            }),
        }
        i += 1;
    }
    for (n, b) in articles.into_iter().enumerate() {
        if let Some(j) = &b.from {
            parsed.jumps.push((n, j.clone()));
        }
        if let Some(j) = &b.to {
            parsed.jumps.push((n, j.clone()));
        }
        parsed.articles.push(b.finish());
    }
    parsed
}

/// The page's non-blank lines, without furniture (which goes to `parsed`).
fn lines<'a>(page: &'a str, sizes: &[f32], parsed: &mut Parsed) -> Vec<Line<'a>> {
    let mut out: Vec<Line<'a>> = Vec::new();
    let mut blanks = 0;
    let mut seen = furniture::Evidence::default();
    for (i, raw) in page.lines().enumerate() {
        let no = i + 1;
        let mut text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if text.is_empty() {
            blanks += 1;
            continue;
        }
        if let Some(kind) = furniture::classify(text, &mut parsed.page, &mut seen) {
            parsed.furniture.push(Furniture {
                line: no,
                text: text.to_string(),
                kind,
            });
            if kind == FurnitureKind::Jump {
                match furniture::jump(text) {
                    // 下转 closes the last line of text before it.
                    Some(j @ Jump::To(_)) => {
                        if let Some(last) = out.iter_mut().rev().find(|l| !l.text.is_empty()) {
                            last.to = Some(j);
                        }
                    }
                    // A standalone 上接 line opens the next line's text.
                    // (Several in a row: the last one counts, and there is
                    // never more than one placeholder to walk past.)
                    Some(j @ Jump::From(_)) => {
                        if out.last().is_some_and(|l| l.text.is_empty()) {
                            out.pop();
                        }
                        out.push(Line {
                            no,
                            text: "",
                            blanks_before: 0,
                            from: Some(j),
                            to: None,
                            size: 0.0,
                            headline: false,
                        })
                    }
                    None => {}
                }
            }
            continue;
        }
        let mut jump_furniture = |jump_text: &str| {
            parsed.furniture.push(Furniture {
                line: no,
                text: jump_text.to_string(),
                kind: FurnitureKind::Jump,
            })
        };
        let mut from = None;
        let mut to = None;
        if let Some((jump_text, rest, j)) = furniture::split_jump_prefix(text) {
            jump_furniture(jump_text);
            from = Some(j);
            text = rest;
        }
        if let Some((body, jump_text, j)) = furniture::split_jump_suffix(text) {
            jump_furniture(jump_text);
            to = Some(j);
            text = body;
        }
        // A pending standalone 上接 line gives its jump to this line.
        if let Some(last) = out.last() {
            if last.text.is_empty() && last.from.is_some() {
                from = out.pop().and_then(|l| l.from);
            }
        }
        if text.is_empty() {
            if let (Some(j), Some(last)) = (to, out.last_mut()) {
                last.to = Some(j);
            }
            continue;
        }
        out.push(Line {
            no,
            text,
            blanks_before: blanks,
            from,
            to,
            size: sizes.get(i).copied().unwrap_or(0.0),
            headline: is_headline_like(text),
        });
        blanks = 0;
    }
    out.retain(|l| !l.text.is_empty());
    out
}

/// A headline line: short, not a sentence, not cut off at a comma.
fn is_headline_like(text: &str) -> bool {
    // Cheap bound first: pages can have paragraphs of many kilobytes.
    if text.len() > MAX_HEADLINE * 4 * 2 {
        return false;
    }
    let len = char_len(&clean_headline(text));
    let han = text.chars().filter(|c| crate::text::is_han(*c)).count();
    let alnum = text.chars().filter(char::is_ascii_alphanumeric).count();
    (2..=MAX_HEADLINE).contains(&len)
        && (han >= 3 || (han >= 2 && alnum >= 2))
        && parse_attribution(text).is_none()
        // A headline may end in ! or ? (…大赛来了!), never in a full stop.
        && !ends_with_full_stop(text)
        && !text.contains('。')
        && !text.chars().last().is_some_and(is_clause_punct)
        && parse_byline(text).is_none()
        && parse_credit_line(text).is_none()
}

/// Whether `text` ends with a full stop (`。`, `.`), closers aside.
fn ends_with_full_stop(text: &str) -> bool {
    text.trim_end()
        .chars()
        .rev()
        .find(|c| !crate::text::is_closer(*c))
        .is_some_and(|c| matches!(c, '。' | '.' | '\u{FF0E}' | '…'))
}

/// Words a paragraph opens with and a headline does not.
const PROSE_OPENERS: [&str; 29] = [
    "近日",
    "日前",
    "昨天",
    "昨日",
    "今天",
    "今日",
    "近年来",
    "今年以来",
    "去年以来",
    "据了解",
    "据悉",
    "据介绍",
    "据统计",
    "记者",
    "为了",
    "为进一步",
    "截至",
    "目前",
    "同时",
    "此外",
    "另外",
    "随后",
    "其中",
    "活动中",
    "会上",
    "当天",
    "现场",
    "图为",
    "该",
];

/// A piece of running text rather than a headline: it opens like a
/// paragraph (近日, 3月5日, …) or has the commas of a sentence.
fn is_prose_like(text: &str) -> bool {
    let commas = text.matches([',', '，']).count();
    // A headline with a comma has two balanced parts (稳岗位,保民生); a
    // piece of a sentence cut at a column break rarely does (经过研究,街道).
    if commas >= 2 || (commas == 1 && !has_balanced_parts(text)) {
        return true;
    }
    if PROSE_OPENERS.iter().any(|w| text.starts_with(w)) {
        return true;
    }
    // 3月5日, / 2023年, — a date opening a sentence.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && text[digits..].starts_with(['月', '年']) && commas >= 1
}

/// A line that ends where a sentence cannot (after 的, 于, 在, a digit …),
/// or is very short: more likely a piece of a paragraph cut at a column
/// break than a headline.
fn looks_cut(text: &str) -> bool {
    text.trim_end().chars().last().is_some_and(|c| {
        c.is_ascii_digit() || "的于在和与及对把被将从向为是等着之其所以而且并由".contains(c)
    }) || char_len(text) < 6
}

/// Whether the text from line `from` on is closed by a credit (`（记者 X）`,
/// `……。（记者 X）`) before anything that starts another article.
fn credit_ahead(ahead: &[Ahead], from: usize) -> bool {
    matches!(ahead.get(from), Some(Ahead::Credit))
}

/// For each line, what comes first from it on: a credit that closes the
/// text (followed by a headline-like line or the page's end), or something
/// that starts another article (a headline with a byline, a jump). Worked
/// out once per page, backwards, so looking ahead costs nothing per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ahead {
    Credit,
    Stop,
    Nothing,
}

fn ahead(lines: &[Line<'_>]) -> Vec<Ahead> {
    let mut out = vec![Ahead::Nothing; lines.len() + 1];
    for k in (0..lines.len()).rev() {
        let l = &lines[k];
        let closes = parse_attribution(l.text).is_some()
            || split_trailing_credit(l.text).is_some_and(|(body, _)| ends_sentence(body));
        out[k] = if l.to.is_some() || l.from.is_some() {
            Ahead::Stop
        } else if closes {
            if lines.get(k + 1).is_none_or(|n| n.headline) {
                Ahead::Credit
            } else {
                Ahead::Stop
            }
        } else if l.headline
            && lines
                .get(k + 1)
                .is_some_and(|n| parse_byline(n.text).is_some())
        {
            Ahead::Stop
        } else {
            out[k + 1]
        };
    }
    out
}

/// Whether a paragraph opens the way a news article's first one does: a
/// time (`近日`, `5月25日上午`, `2023年3月8日`) or a dateline. About six in
/// ten first paragraphs of the development set do, one in thirteen others.
fn opens_like_a_lead(text: &str) -> bool {
    const WORDS: [&str; 9] = [
        "近日",
        "日前",
        "近期",
        "昨天",
        "昨日",
        "今天",
        "今日",
        "前不久",
        "本报",
    ];
    if WORDS.iter().any(|w| text.starts_with(w)) {
        return true;
    }
    let t = text.trim_start();
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let mut rest = t;
    let y = digits(rest);
    if y == 4 && rest[4..].starts_with('年') {
        rest = &rest[4 + '年'.len_utf8()..];
    }
    let m = digits(rest);
    if (1..=2).contains(&m) && rest[m..].starts_with('月') {
        let after = &rest[m + '月'.len_utf8()..];
        let d = digits(after);
        return ((1..=2).contains(&d) && after[d..].starts_with('日'))
            || ["上旬", "中旬", "下旬", "初"]
                .iter()
                .any(|w| after.starts_with(w));
    }
    false
}

/// A sentence ends inside the line (`…“公转”?罗星街道总`): a piece of
/// running text, or a two-sentence headline (`解禁!最后一批渔船出海`).
fn has_inner_sentence_end(text: &str) -> bool {
    let inner = text
        .trim_end_matches(|c: char| crate::text::is_closer(c) || crate::text::is_sentence_end(c));
    inner.contains(|c: char| crate::text::is_sentence_end(c) && c != '.' && c != '…')
}

/// An in-article section heading has the two-part shape newspapers use
/// (`突破点:夯实工会基层基础`, `连起来,新平台的“破墙效应”`): every part
/// at least three characters, or it is numbered (`一、强化组织`, `（二）…`).
fn is_heading_shaped(text: &str) -> bool {
    if char_len(text) > MAX_HEADING {
        return false;
    }
    if is_numbered(text) || text.starts_with(['【', '[', '■', '●', '◆', '▲']) {
        return true;
    }
    has_balanced_parts(text)
}

/// Two or three parts between commas, colons or semicolons, each of at
/// least three characters (the first at least two): a headline's or a
/// heading's shape (`稳岗位,保民生`), not a sentence cut at a column break
/// (`经过研究,街道`).
fn has_balanced_parts(text: &str) -> bool {
    let parts: Vec<&str> = text
        .split([',', ':', ';', '\u{FF0C}', '\u{FF1A}', '\u{FF1B}'])
        .collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .enumerate()
            .all(|(i, p)| char_len(p.trim()) >= if i == 0 { 2 } else { 3 })
}

/// Numbered or marked the way only in-article headings are (`一、…`, `【…】`, `■…`).
fn is_marked_heading(text: &str) -> bool {
    is_numbered(text) || text.starts_with(['【', '[', '■', '●', '◆', '▲'])
}

fn is_numbered(text: &str) -> bool {
    let t = text.trim_start_matches(['(', '（']);
    let n = t
        .chars()
        .take_while(|c| "一二三四五六七八九十0123456789".contains(*c))
        .count();
    n > 0 && {
        let rest: String = t.chars().skip(n).take(1).collect();
        matches!(rest.as_str(), "、" | "." | ")" | "）" | "是")
    }
}

/// A paragraph piece that is an in-article heading.
#[cfg(test)]
fn is_heading(text: &str) -> bool {
    is_headline_like(text) && reads_as_heading(text)
}

/// What a headline-like line needs besides to be an in-article heading.
fn reads_as_heading(text: &str) -> bool {
    is_heading_shaped(text) && !is_prose_like(text) && !ends_sentence(text)
}

/// A short finished sentence, or a line ending in a photo credit: what a
/// photo caption looks like.
fn is_caption_like(text: &str) -> bool {
    char_len(text) <= MAX_CAPTION
        && parse_byline(text).is_none()
        && (ends_sentence(text) || has_photo_credit(text))
}

fn has_photo_credit(text: &str) -> bool {
    split_trailing_credit(text).is_some_and(|(_, b)| !b.photographers.is_empty())
}

#[derive(Debug)]
struct Header {
    head: std::ops::Range<usize>,
    /// A byline on a line of its own right after the headline.
    credit: Option<usize>,
    captions: std::ops::Range<usize>,
    byline: Option<usize>,
    /// Index of the first line after the header.
    next: usize,
    score: i32,
    /// The rules that applied.
    rules: Vec<Rule>,
}

/// Where the parts of an article starting at line `i` would be, and the
/// rules for and against it starting there; `None` when line `i` cannot be
/// a headline at all.
fn header_at(
    lines: &[Line<'_>],
    ahead: &[Ahead],
    i: usize,
    before: Before,
    credited: bool,
) -> Option<Header> {
    if !lines[i].headline || lines[i].from.is_some() {
        return None;
    }
    let mut head_end = i + 1;
    while head_end < lines.len().min(i + 3)
        && lines[head_end].headline
        && !ends_sentence(lines[head_end].text)
        && !is_prose_like(lines[head_end].text)
        && lines[head_end].from.is_none()
        && lines[head_end - 1].to.is_none()
        && lines[head_end].blanks_before < 2
    {
        head_end += 1;
    }
    let mut k = head_end;
    let credit = (k < lines.len() && parse_credit_line(lines[k].text).is_some()).then(|| {
        k += 1;
        k - 1
    });
    let caption_start = k;
    while k < lines.len().min(caption_start + 3) && is_caption_like(lines[k].text) {
        k += 1;
    }
    // After captions, a byline must open the text (`本报讯 …` or a rest): a
    // credit alone there closes a short item instead.
    let byline = (k < lines.len()
        && parse_byline(lines[k].text).is_some_and(|(b, rest)| {
            k == caption_start || !rest.is_empty() || b.dateline.is_some()
        }))
    .then_some(k);
    let mut rules = Vec::new();
    let captions;
    let next;
    if let Some(b) = byline {
        let dateline = parse_byline(lines[b].text).is_some_and(|(b, _)| b.dateline.is_some());
        rules.push(if dateline {
            Rule::DatelineFollows
        } else {
            Rule::BylineFollows
        });
        captions = caption_start..k;
        next = b + 1;
    } else {
        if credit.is_some() {
            rules.push(Rule::BylineFollows);
        }
        // Captions without a byline after them: a photo gap or a photo credit.
        let photo = (caption_start..k).find(|&c| has_photo_credit(lines[c].text));
        let gap_end = (caption_start..k)
            .find(|&c| lines[c].blanks_before < 2)
            .unwrap_or(k);
        if let Some(p) = photo {
            rules.push(Rule::PhotoCreditFollows);
            captions = caption_start..p + 1;
        } else if gap_end > caption_start && head_end - i >= 2 {
            rules.push(Rule::CaptionsFollow);
            captions = caption_start..gap_end;
        } else {
            captions = caption_start..caption_start;
        }
        next = captions.end;
    }
    rules.push(match before {
        Before::PageStart => Rule::PageStart,
        Before::Credit => Rule::AfterCredit,
        Before::Closed => Rule::AfterClosedText,
        Before::Open => Rule::AfterOpenText,
    });
    let first = lines[i].text;
    rules.push(if is_prose_like(first) {
        Rule::ProseShape
    } else if is_marked_heading(first) && head_end - i == 1 {
        Rule::HeadingShape
    } else {
        Rule::HeadlineShape
    });
    if has_inner_sentence_end(first) {
        rules.push(Rule::InnerSentenceEnd);
    }
    let head_chars: usize = lines[i..head_end]
        .iter()
        .map(|l| char_len(&clean_headline(l.text)))
        .sum();
    if head_chars <= 4 {
        rules.push(Rule::TooShort);
    }
    if lines[i..head_end].iter().any(|l| l.size >= LARGE) {
        rules.push(Rule::LargeType);
    }
    if lines[i].blanks_before >= 2 && before != Before::PageStart {
        rules.push(Rule::GapBefore);
    }
    if byline.is_none()
        && credit.is_none()
        && before == Before::Closed
        && credited
        && !looks_cut(first)
        && credit_ahead(ahead, next)
    {
        rules.push(Rule::CreditAhead);
    }
    if byline.is_none() && lines.get(next).is_some_and(|l| opens_like_a_lead(l.text)) {
        rules.push(Rule::LeadFollows);
    }
    match lines.get(next) {
        Some(l) if l.from.is_some() => rules.push(Rule::ContinuedFrom),
        Some(_) => {}
        None if next > head_end => {}
        None => rules.push(Rule::NothingFollows),
    }
    let score: i32 = rules.iter().map(|r| r.score()).sum();
    Some(Header {
        head: i..head_end,
        credit,
        captions,
        byline,
        next,
        score,
        rules,
    })
}

struct Builder {
    article: Article,
    /// The last body line ended in a credit or a jump.
    closed_by_credit: bool,
    from: Option<Jump>,
    to: Option<Jump>,
}

impl Builder {
    fn from_header(file: &str, lines: &[Line<'_>], h: &Header) -> Builder {
        let head: Vec<String> = lines[h.head.clone()]
            .iter()
            .map(|l| clean_headline(l.text))
            .collect();
        let sizes: Vec<f32> = lines[h.head.clone()].iter().map(|l| l.size).collect();
        let (kicker, title, subtitle) = split_headline_sized(head, &sizes);
        let mut byline: Option<Byline> = None;
        if let Some(c) = h.credit {
            byline = parse_credit_line(lines[c].text);
        }
        let mut blocks: Vec<Block> = Vec::new();
        let mut closed_by_credit = false;
        for l in &lines[h.captions.clone()] {
            match split_trailing_credit(l.text) {
                Some((body, credit)) if !credit.photographers.is_empty() => {
                    blocks.push(Block::new(BlockKind::Caption, body));
                    byline::merge(&mut byline, credit);
                    closed_by_credit = true;
                }
                _ => blocks.push(Block::new(BlockKind::Caption, l.text)),
            }
        }
        let mut to = None;
        if let Some(b) = h.byline {
            let (parsed, rest) = parse_byline(lines[b].text).expect("header_at checked the byline");
            // A leading byline goes first, before a credit on its own line.
            let credit = byline.take();
            byline = Some(parsed);
            if let Some(c) = credit {
                byline::merge(&mut byline, c);
            }
            if !rest.is_empty() {
                blocks.push(Block::new(BlockKind::Paragraph, rest));
            } else if !h.captions.is_empty() {
                // Captions and then a credit line: a photo story, complete.
                closed_by_credit = true;
            }
            to = lines[b].to.clone();
        }
        let last = h.next.saturating_sub(1).max(h.head.end - 1);
        if to.is_none() && h.next > h.head.start {
            to = lines[last].to.clone();
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
            page_name: None,
            page_pdf: None,
            source: Some(Source {
                file: file.to_string(),
                line: lines[h.head.start].no,
            }),
            evidence: None,
        };
        let mut b = Builder {
            article,
            closed_by_credit,
            from: None,
            to,
        };
        if b.to.is_some() {
            b.close_by_jump();
        }
        b
    }

    /// How the article's text so far ends.
    fn before(&self) -> Before {
        if self.closed_by_credit {
            return Before::Credit;
        }
        match self.article.blocks.last() {
            None => Before::Open,
            Some(b) if b.kind == BlockKind::Caption => Before::Closed,
            Some(b) if b.kind == BlockKind::Heading => Before::Open,
            Some(b) if ends_sentence(&b.text) => Before::Closed,
            Some(_) => Before::Open,
        }
    }

    /// The last block, when it is a paragraph that has not reached the end of its sentence.
    fn open_paragraph(&mut self) -> Option<&mut Block> {
        self.article
            .blocks
            .last_mut()
            .filter(|b| b.kind == BlockKind::Paragraph && !ends_sentence(&b.text) && !b.truncated)
    }

    fn close_by_jump(&mut self) {
        if let Some(open) = self.open_paragraph() {
            open.truncated = true;
        }
        self.closed_by_credit = true;
    }

    fn push_body_line(&mut self, line: &Line<'_>) {
        let text = line.text;
        if line.from.is_some() && self.from.is_none() && self.article.blocks.len() <= 1 {
            self.from = line.from.clone();
        }
        self.closed_by_credit = false;
        if let Some(credit) = parse_attribution(text) {
            // A byline on its own line: after the headline or closing the text.
            byline::merge(&mut self.article.byline, credit);
            self.closed_by_credit = true;
        } else if let Some((body, credit)) = split_trailing_credit(text) {
            let photo = !credit.photographers.is_empty();
            let kind = if photo && char_len(body) <= MAX_CAPTION && self.open_paragraph().is_none()
            {
                BlockKind::Caption
            } else {
                BlockKind::Paragraph
            };
            match self.open_paragraph() {
                Some(open) if kind == BlockKind::Paragraph => open.text.push_str(body),
                _ => self.article.blocks.push(Block::new(kind, body)),
            }
            byline::merge(&mut self.article.byline, credit);
            self.closed_by_credit = true;
        } else if line.blanks_before >= 2 && is_caption_like(text) {
            self.article
                .blocks
                .push(Block::new(BlockKind::Caption, text));
        } else if line.headline && reads_as_heading(text) {
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
        if line.to.is_some() {
            self.to = line.to.clone();
            self.close_by_jump();
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
            .or_else(|| {
                self.article
                    .blocks
                    .iter()
                    .find(|b| b.kind == BlockKind::Caption)
            })
            .map_or("", |b| b.text.as_str());
        self.article.id = stable_id(&format!("{}\n{}", self.article.title, first));
        self.article
    }
}

/// [`split_headline`], unless the type sizes tell: the largest line is the
/// title, a line above it the kicker, below it the subtitle.
fn split_headline_sized(
    mut head: Vec<String>,
    sizes: &[f32],
) -> (Option<String>, String, Option<String>) {
    let max = sizes.iter().copied().fold(0.0, f32::max);
    let min = sizes.iter().copied().fold(f32::MAX, f32::min);
    if head.len() < 2 || sizes.len() != head.len() || min <= 0.0 || max - min < 0.1 {
        return split_headline(head);
    }
    let t = sizes.iter().position(|s| *s == max).unwrap_or(0);
    let after: Vec<String> = head.split_off(t + 1);
    let title = head.pop().unwrap_or_default();
    let kicker = (!head.is_empty()).then(|| head.concat());
    let subtitle = (!after.is_empty()).then(|| after.concat());
    (kicker, title, subtitle)
}

/// Kicker, title and subtitle from 1–3 cleaned headline lines. With two
/// lines the shorter is the title (the main headline is the punchy one; the
/// explanatory line above it is a kicker, below it a subtitle); a line
/// opening with a dash is a subtitle.
fn split_headline(mut head: Vec<String>) -> (Option<String>, String, Option<String>) {
    match head.len() {
        1 => (None, head.remove(0), None),
        2 => {
            let second = head.pop().unwrap();
            let first = head.pop().unwrap();
            if second.starts_with(['—', '-']) || char_len(&second) >= char_len(&first) {
                (None, first, Some(second))
            } else {
                (Some(first), second, None)
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

/// One decision of the parser: a headline-like line, the rules that
/// applied to it, and whether it started an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// 1-based line in the page.
    pub line: usize,
    pub score: i32,
    pub rules: Vec<Rule>,
}

/// Every article start the parser weighed on `page`, with its rules: for
/// tests, and for editors asking why a page split as it did.
pub fn decisions(page: &str) -> Vec<Decision> {
    decisions_sized(page, &[])
}

/// [`decisions`] for text with type sizes (see [`parse_page_sized`]).
pub fn decisions_sized(page: &str, sizes: &[f32]) -> Vec<Decision> {
    let mut out = Vec::new();
    run("decisions", page, sizes, &mut Some(&mut out));
    out
}

/// The parser's promises on `text`, checked (panics when broken): the same
/// output twice, and every non-blank character in exactly one field of one
/// article, the furniture or a leftover. Used by property tests and the fuzzer.
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

/// Every character a parse kept, from every field of every article, the
/// furniture and the leftovers.
#[doc(hidden)]
pub fn kept_chars(parsed: &Parsed) -> Vec<char> {
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
    for f in &parsed.furniture {
        all.push_str(&f.text);
    }
    content_chars(&all)
}

#[doc(hidden)]
pub fn page_chars(text: &str) -> Vec<char> {
    content_chars(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_column_fragments() {
        assert!(is_heading("突破点:夯实工会基层基础"));
        assert!(is_heading("连起来,新平台的“破墙效应”"));
        assert!(is_heading("“兼职化”干部体系,积蓄工作能量"));
        assert!(is_heading("一、夯实基层组织"));
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
            "第3版 工会新闻。\n\n一条标题\n\n本报讯 记者张三报道 正文。\n",
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

    fn titles(page: &str) -> Vec<String> {
        parse_page("p.txt", page)
            .articles
            .into_iter()
            .map(|a| {
                format!(
                    "{}{}{}",
                    a.kicker.unwrap_or_default(),
                    a.title,
                    a.subtitle.unwrap_or_default()
                )
            })
            .collect()
    }

    fn rules_at(page: &str, line: usize) -> Vec<Rule> {
        decisions(page)
            .into_iter()
            .find(|d| d.line == line)
            .map(|d| d.rules)
            .unwrap_or_default()
    }

    /// Every rule, on a short page written for it: (page, type sizes, line, rule).
    #[test]
    fn every_rule_applies_where_it_should() {
        let lead = "甲文章标题一行\n\n本报讯 记者张三报道 正文写完了。\n\n";
        let cases: Vec<(String, Vec<f32>, usize, Rule)> = vec![
            ("工会夜校开学\n\n本报讯 记者张三报道 开学了。\n".into(), vec![], 1, Rule::DatelineFollows),
            ("工会夜校开学\n\n■通讯员 赵六\n\n夜校开学了。\n".into(), vec![], 1, Rule::BylineFollows),
            ("职工书屋开门迎客\n\n职工们在书屋里读书。 李四 摄\n".into(), vec![], 1, Rule::PhotoCreditFollows),
            ("工会夜校开学\n\n本报讯 记者张三报道 开学了。\n".into(), vec![], 1, Rule::PageStart),
            ("甲文章标题一行\n\n正文写完了。\n\n（记者 钱七）\n\n乙文章标题一行\n\n乙的正文。\n".into(), vec![], 7, Rule::AfterCredit),
            (format!("{lead}乙文章标题一行\n\n乙的正文。\n"), vec![], 5, Rule::AfterClosedText),
            ("甲文章标题一行\n\n本报讯 记者张三报道 工人们说,今年的\n\n技能比武项目\n\n比去年多。\n".into(), vec![], 5, Rule::AfterOpenText),
            (format!("{lead}一、项目更多更有趣\n\n今年新增了拔河。\n"), vec![], 5, Rule::HeadingShape),
            (format!("{lead}解禁!最后一批渔船出海\n\n渔船出海了。\n"), vec![], 5, Rule::InnerSentenceEnd),
            (format!("{lead}乙文章标题一行\n\n乙的正文。\n"), vec![], 5, Rule::HeadlineShape),
            (format!("{lead}近日,工会夜校在城东\n\n开学了。\n"), vec![], 5, Rule::ProseShape),
            (format!("{lead}记者手记\n\n岗位多了。\n"), vec![], 5, Rule::TooShort),
            (format!("{lead}\n\n乙文章标题一行\n\n乙的正文。\n"), vec![], 7, Rule::GapBefore),
            ("引题写在这一行\n\n主标题写在这里\n\n\n\n职工们在书屋里读书。\n\n正文。\n".into(), vec![], 1, Rule::CaptionsFollow),
            (format!("{lead}职工运动会开幕\n\n5月25日上午,运动会开幕。\n"), vec![], 5, Rule::LeadFollows),
            (format!("{lead}乙文章标题一行\n\n乙的正文。\n"), vec![1.8, 0.0, 1.0, 0.0, 1.8, 0.0, 1.0], 5, Rule::LargeType),
            ("驿站开放\n\n(上接第1版)歇脚、喝水和充电。\n".into(), vec![], 1, Rule::ContinuedFrom),
            (format!("{lead}孤零零的一行标题\n"), vec![], 5, Rule::NothingFollows),
            (format!("{lead}乙文章标题一行\n\n乙的正文。\n\n（记者 钱七）\n"), vec![], 5, Rule::CreditAhead),
        ];
        let mut seen = std::collections::HashSet::new();
        for (page, sizes, line, rule) in &cases {
            let d = decisions_sized(page, sizes);
            let rules = d
                .iter()
                .find(|d| d.line == *line)
                .map(|d| d.rules.clone())
                .unwrap_or_default();
            assert!(
                rules.contains(rule),
                "{rule:?} at line {line} of {page:?}: {rules:?}"
            );
            seen.insert(format!("{rule:?}"));
        }
        // Every variant has a case (a new rule needs one here).
        assert_eq!(seen.len(), 19);
    }

    #[test]
    fn rule_photo_news_ends_in_a_credit() {
        let page = "山村通了公交车\n\n本报讯 记者张三报道 山村通车了。\n\n职工书屋开门迎客\n\n职工们在新开的书屋里读书。 李四 摄\n\n河边的夜跑队\n\n夜跑队员沿河慢跑。（通讯员 王五 摄）\n";
        assert_eq!(
            titles(page),
            ["山村通了公交车", "职工书屋开门迎客", "河边的夜跑队"]
        );
        assert!(rules_at(page, 5).contains(&Rule::PhotoCreditFollows));
        let p = parse_page("p.txt", page);
        assert_eq!(p.articles[1].blocks[0].kind, BlockKind::Caption);
        assert_eq!(p.articles[1].blocks[0].text, "职工们在新开的书屋里读书。");
        assert_eq!(
            p.articles[1].byline.as_ref().unwrap().photographers,
            ["李四"]
        );
    }

    #[test]
    fn rule_after_credit_a_closing_byline_ends_the_article() {
        // The failure this rule fixes: the next headline glued onto the credit.
        let page = "工会走访困难职工\n\n春节前,工会干部走访了困难职工。\n\n通讯员杨菁 记者周金友 摄影报道\n\n嵊州工会慰问环卫工人\n\n工会为环卫工人送去棉衣。\n\n（记者 钱七）\n\n第三条新闻标题在此\n\n第三条新闻的正文。\n";
        assert_eq!(
            titles(page),
            [
                "工会走访困难职工",
                "嵊州工会慰问环卫工人",
                "第三条新闻标题在此"
            ]
        );
        assert!(rules_at(page, 7).contains(&Rule::AfterCredit));
        let p = parse_page("p.txt", page);
        let b = p.articles[0].byline.as_ref().unwrap();
        assert_eq!(
            (b.correspondents.clone(), b.reporters.clone()),
            (vec!["杨菁".into()], vec!["周金友".into()])
        );
        assert_eq!(p.articles[1].byline.as_ref().unwrap().reporters, ["钱七"]);
    }

    #[test]
    fn rule_byline_follows_on_a_marked_line() {
        let page = "社区食堂开张\n\n■通讯员 赵六 记者 钱七\n\n社区食堂今天开张,老人吃饭方便了。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(p.articles.len(), 1);
        let b = p.articles[0].byline.as_ref().unwrap();
        assert_eq!(
            (b.correspondents.clone(), b.reporters.clone()),
            (vec!["赵六".into()], vec!["钱七".into()])
        );
        assert_eq!(p.articles[0].blocks.len(), 1);
    }

    #[test]
    fn rule_after_open_text_keeps_column_pieces_in_their_paragraph() {
        let page =
            "标题一行\n\n本报讯 记者张三报道 工人们说,今年的\n\n技能比武项目\n\n比去年多。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(p.articles.len(), 1);
        assert_eq!(
            p.articles[0].blocks[0].text,
            "工人们说,今年的技能比武项目比去年多。"
        );
        assert!(rules_at(page, 5).contains(&Rule::AfterOpenText));
    }

    #[test]
    fn rule_gap_before_large_type_starts_an_article_without_a_byline() {
        // No credit anywhere: between finished paragraphs a headline-like line
        // is an in-article heading, unless the layout left a gap for large type
        // (text from a PDF marks headlines so).
        let plain =
            "春风行动送岗位\n\n招聘会提供岗位三千个。\n\n职工运动会开幕\n\n运动会有十个项目。\n";
        assert_eq!(titles(plain), ["春风行动送岗位"]);
        let gap = "春风行动送岗位\n\n招聘会提供岗位三千个。\n\n\n\n职工运动会开幕\n\n运动会有十个项目。\n\n\n\n一、项目更多更有趣\n\n今年新增了拔河。\n";
        assert_eq!(titles(gap), ["春风行动送岗位", "职工运动会开幕"]);
        assert!(rules_at(gap, 7).contains(&Rule::GapBefore));
        assert!(rules_at(gap, 13).contains(&Rule::HeadingShape));
        let p = parse_page("p.txt", gap);
        assert_eq!(p.articles[1].blocks[1].kind, BlockKind::Heading);
    }

    #[test]
    fn rule_credit_ahead_splits_off_an_article_whose_byline_comes_last() {
        let page = "春风行动送岗位\n\n本报讯 记者张三报道 招聘会提供岗位三千个。\n\n职工运动会开幕\n\n运动会有十个项目。\n\n（记者 李四）\n";
        assert_eq!(titles(page), ["春风行动送岗位", "职工运动会开幕"]);
        // Without the first article's byline, the credit may be its own: no split.
        let page = "春风行动送岗位\n\n招聘会提供岗位三千个。\n\n新增的十个项目\n\n运动会有十个项目。\n\n（记者 李四）\n";
        assert_eq!(titles(page).len(), 1);
        // A piece cut at a column break is not taken for a headline.
        assert!(looks_cut("沥海中学创办于1"));
        assert!(looks_cut("这是一家"));
    }

    #[test]
    fn rule_lead_follows_starts_a_bylineless_article() {
        // The article before has its byline up front; this one has it at the end.
        let page = "春风行动送岗位\n\n本报讯 记者张三报道 招聘会提供岗位三千个。\n\n职工运动会开幕\n\n5月25日上午,运动会在体育中心开幕。\n\n（记者 李四）\n";
        assert_eq!(titles(page), ["春风行动送岗位", "职工运动会开幕"]);
        assert!(rules_at(page, 5).contains(&Rule::LeadFollows));
        assert!(opens_like_a_lead("2023年3月8日,"));
        assert!(opens_like_a_lead("近日,"));
        assert!(!opens_like_a_lead("5月份的数据显示"));
    }

    #[test]
    fn rule_too_short_lines_are_headings_not_headlines() {
        let page = "春风行动送岗位\n\n招聘会提供岗位三千个。\n\n记者手记\n\n岗位多了,人心暖了。\n";
        assert_eq!(titles(page), ["春风行动送岗位"]);
        assert!(rules_at(page, 5).contains(&Rule::TooShort));
    }

    #[test]
    fn prose_pieces_are_not_subtitles() {
        // The first paragraph's first piece, cut at a column break, is not a subtitle.
        let page = "工会夜校开学\n\n近日,工会夜校在城东\n\n开学,首批学员五十人。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(p.articles[0].subtitle, None);
        assert_eq!(
            p.articles[0].blocks[0].text,
            "近日,工会夜校在城东开学,首批学员五十人。"
        );
    }

    #[test]
    fn furniture_stays_out_of_articles_and_describes_the_page() {
        let page = "河滨日报\n\n2022年5月6日 星期五\n\n第3版 综合\n\n工会夜校开学\n\n本报讯 记者张三报道 工会夜校开学了。\n\n责任编辑 王小五\n\n职工运动会开幕\n\n本报讯 记者李四报道 运动会开幕了。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(titles(page), ["工会夜校开学", "职工运动会开幕"]);
        assert!(p.leftovers.is_empty(), "{:?}", p.leftovers);
        assert_eq!(p.furniture.len(), 4);
        assert_eq!(p.page.paper.as_deref(), Some("河滨日报"));
        assert_eq!(p.page.date.as_deref(), Some("2022-05-06"));
        assert_eq!(p.page.number.as_deref(), Some("3"));
        assert_eq!(p.page.name.as_deref(), Some("综合"));
        for a in &p.articles {
            for b in &a.blocks {
                assert!(
                    !b.text.contains("编辑") && !b.text.contains("日报"),
                    "{}",
                    b.text
                );
            }
        }
    }

    #[test]
    fn rule_continued_from_and_jumps_are_recorded() {
        let page = "驿站开放\n\n(上接第1版)歇脚、喝水和充电。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(p.articles.len(), 1);
        assert_eq!(p.jumps, vec![(0, Jump::From("1".into()))]);
        assert_eq!(p.articles[0].blocks[0].text, "歇脚、喝水和充电。");
        assert_eq!(p.furniture[0].text, "(上接第1版)");
    }

    #[test]
    fn type_sizes_pick_the_title_and_start_articles() {
        let page = "春风行动送岗位\n\n招聘会提供岗位三千个。\n\n首届职工运动会\n\n山口镇举办职工拔河比赛\n\n运动会有十个项目。\n";
        let sizes = [1.8, 0.0, 1.0, 0.0, 1.1, 0.0, 1.8, 0.0, 1.0];
        let p = parse_page_sized("p.txt", page, &sizes);
        assert_eq!(p.articles.len(), 2);
        let a = &p.articles[1];
        assert_eq!(
            (a.kicker.as_deref(), a.title.as_str()),
            (Some("首届职工运动会"), "山口镇举办职工拔河比赛")
        );
        assert!(decisions_sized(page, &sizes)
            .iter()
            .any(|d| d.line == 5 && d.rules.contains(&Rule::LargeType)));
        // Without sizes the same text has no evidence for a second article.
        assert_eq!(parse_page("p.txt", page).articles.len(), 1);
    }

    #[test]
    fn two_line_headlines_keep_both_lines() {
        let page = "市总工会推出十项举措\n\n为新就业形态劳动者办实事\n\n本报讯 记者张三报道 举措出台了。\n";
        assert_eq!(
            titles(page),
            ["市总工会推出十项举措为新就业形态劳动者办实事"]
        );
        let page = "职工疗休养\n\n——记某区工会的三年探索\n\n本报讯 记者张三报道 三年来。\n";
        let p = parse_page("p.txt", page);
        assert_eq!(
            p.articles[0].subtitle.as_deref(),
            Some("——记某区工会的三年探索")
        );
    }
}
