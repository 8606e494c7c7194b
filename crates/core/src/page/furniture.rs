//! Page furniture: what a page prints around its articles, and what PDF
//! extraction leaves of it in the text — the paper's name, the date and
//! weekday, the page number and name (`第3版 综合`), the editors
//! (`责任编辑 王五 美编 李四`), imprint lines, and jump lines that send
//! an article on to another page (`下转第2版`, `上接第1版`).
//!
//! Furniture is recognised per line, by its tokens: a line is furniture
//! when every token is a furniture token and one of them is unmistakable
//! (a date, a page number, an editor's label, a paper name, a jump).

use crate::text::{char_len, is_han};

/// What a page says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageInfo {
    /// The paper's name, as printed (`浙江工人日报`).
    pub paper: Option<String>,
    /// The issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The page number, as printed without 第/版 (`3`, `A3`).
    pub number: Option<String>,
    /// The page's name (`综合`, `工会新闻`).
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FurnitureKind {
    /// Paper name, date, page number and name.
    Masthead,
    /// 责任编辑, 美编, 校对 … and their names.
    Staff,
    /// Imprint, addresses, telephone numbers, publication numbers.
    Imprint,
    /// 下转第2版 / 上接第1版.
    Jump,
}

/// A jump line's direction and the page it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    /// 下转第N版: the article goes on on page N.
    To(String),
    /// 上接第N版: this text goes on from page N.
    From(String),
}

/// How strongly each of [`PageInfo`]'s fields was stated so far: the
/// number of masthead tokens on the line it came from. A full masthead
/// (`河滨日报 2022年5月6日 星期五 第3版`) outweighs a lone date.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence([usize; 4]);

/// The furniture kind of a whole line, noting what it says in `info`:
/// its fields are replaced only by a line that states them more strongly
/// than the line they came from (`seen`).
pub fn classify(text: &str, info: &mut PageInfo, seen: &mut Evidence) -> Option<FurnitureKind> {
    let t = text.trim();
    if t.is_empty() || char_len(t) > 80 {
        return None;
    }
    if jump(t).is_some() {
        return Some(FurnitureKind::Jump);
    }
    if is_imprint(t) {
        return Some(FurnitureKind::Imprint);
    }
    masthead_or_staff(t, info, seen)
}

const IMPRINT: [&str; 14] = [
    "国内统一连续出版物号",
    "国内统一刊号",
    "邮发代号",
    "CN",
    "电话",
    "传真",
    "地址",
    "社址",
    "网址",
    "http",
    "www.",
    "投稿邮箱",
    "广告热线",
    "印刷",
];

fn is_imprint(t: &str) -> bool {
    IMPRINT.iter().any(|p| t.starts_with(p))
        && !t.contains('。')
        && (t.starts_with("CN") || t.starts_with("http") || t.starts_with("www.") || {
            // 电话 87654321, 地址：…路… — a label with a colon or a number.
            let rest = &t[IMPRINT
                .iter()
                .find(|p| t.starts_with(**p))
                .map_or(0, |p| p.len())..];
            rest.starts_with([':', '：', ' ']) || rest.starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Labels of the people who made the page.
const STAFF: [&str; 14] = [
    "责任编辑",
    "本版编辑",
    "美术编辑",
    "版式设计",
    "责任校对",
    "责编",
    "美编",
    "编辑",
    "校对",
    "版式",
    "组版",
    "审读",
    "照排",
    "制图",
];

/// Paper names end in one of these.
const PAPER_ENDS: [&str; 8] = ["日报", "晚报", "早报", "时报", "商报", "周报", "导报", "报"];

fn masthead_or_staff(t: &str, info: &mut PageInfo, seen: &mut Evidence) -> Option<FurnitureKind> {
    if t.contains('。') || t.contains('，') {
        return None;
    }
    let tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '·' | '/'))
        .filter(|s| !s.is_empty())
        .collect();
    let mut found = PageInfo::default();
    let mut strong = 0;
    let mut staff = false;
    let mut i = 0;
    let mut after_page = false;
    let mut weekday = false;
    while i < tokens.len() {
        let tok = tokens[i];
        let was_after_page = std::mem::take(&mut after_page);
        // 责任编辑王五 may be glued; the short labels need a colon or a space (编辑部 is a word).
        let label = STAFF.iter().find_map(|l| {
            let rest = tok.strip_prefix(l)?;
            let glued_ok = char_len(l) >= 4 || rest.is_empty() || rest.starts_with([':', '：']);
            glued_ok.then_some(rest)
        });
        if let Some(rest) = label {
            let rest = rest.trim_start_matches([':', '：']);
            staff = true;
            strong += 1;
            i += 1;
            if rest.is_empty() {
                // The name(s) follow as tokens of their own.
                while i < tokens.len()
                    && is_name(tokens[i].trim_start_matches([':', '：']))
                    && !STAFF.iter().any(|l| tokens[i].starts_with(l))
                {
                    i += 1;
                }
            } else if !is_name(rest) {
                return None;
            }
            continue;
        }
        if let Some(d) = date(tok) {
            found.date = Some(d);
            weekday |= tok.contains("星期") || tok.contains("农历");
            strong += 1;
        } else if is_weekday(tok) || tok.starts_with("农历") {
            weekday = true;
        } else if let Some((number, name)) = page_number(tok) {
            found.number = Some(number);
            if let Some(n) = name {
                found.name = Some(n);
            } else {
                after_page = true;
            }
            strong += 1;
        } else if was_after_page && char_len(tok) <= 6 && tok.chars().all(is_han) {
            found.name = Some(tok.to_string());
        } else if is_paper(tok) {
            found.paper = Some(tok.to_string());
            strong += 1;
        } else if tok
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '.')
        {
            // Latin titles beside the Chinese one (ZHEJIANG WORKERS' DAILY).
        } else {
            return None;
        }
        i += 1;
    }
    if strong == 0 {
        return None;
    }
    // A date alone is an article's (a notice signed and dated); a
    // masthead's date comes with its weekday or with other masthead tokens.
    if strong == 1 && found.date.is_some() && !weekday {
        return None;
    }
    for (k, (to, from)) in [
        (&mut info.paper, found.paper),
        (&mut info.date, found.date),
        (&mut info.number, found.number),
        (&mut info.name, found.name),
    ]
    .into_iter()
    .enumerate()
    {
        if from.is_some() && (to.is_none() || strong > seen.0[k]) {
            *to = from;
            seen.0[k] = strong;
        }
    }
    Some(if staff {
        FurnitureKind::Staff
    } else {
        FurnitureKind::Masthead
    })
}

fn is_name(s: &str) -> bool {
    (2..=4).contains(&char_len(s)) && s.chars().all(is_han)
}

fn is_paper(tok: &str) -> bool {
    let n = char_len(tok);
    (4..=10).contains(&n)
        && tok.chars().all(is_han)
        && PAPER_ENDS.iter().any(|e| tok.ends_with(e))
        // 喜报, 捷报, 情报 … are words, not papers; a paper name has a place or a trade before 报.
        && !["喜报", "捷报", "情报", "汇报", "简报", "通报", "快报", "海报"]
            .iter()
            .any(|w| tok.ends_with(w) && n <= 4)
}

fn is_weekday(tok: &str) -> bool {
    let mut cs = tok.chars();
    matches!(
        (cs.next(), cs.next(), cs.next(), cs.next()),
        (Some('星'), Some('期'), Some(d), None) | (Some('周'), Some(d), None, None)
            if "一二三四五六日天".contains(d)
    )
}

fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// `2018年8月15日` (with a weekday glued on, or not) → `2018-08-15`.
pub fn date(tok: &str) -> Option<String> {
    let t = ascii_digits(tok);
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    if !(rest.is_empty() || is_weekday(rest) || rest.starts_with("农历")) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1949..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// `第3版`, `第03版`, `3版`, `A3版`, `第3版:综合` → (`3`, name).
fn page_number(tok: &str) -> Option<(String, Option<String>)> {
    let t = ascii_digits(tok);
    let t = t.strip_prefix('第').unwrap_or(&t);
    let (num, rest) = t.split_once('版')?;
    let num = num.trim();
    let letters = num.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = &num[letters..];
    if letters > 1
        || digits.is_empty()
        || digits.len() > 3
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let number = format!("{}{}", &num[..letters], digits.trim_start_matches('0'));
    let rest = rest.trim_start_matches([':', '：', '·']);
    let name = (!rest.is_empty()).then(|| rest.to_string());
    if name
        .as_ref()
        .is_some_and(|n| char_len(n) > 8 || !n.chars().all(is_han))
    {
        return None;
    }
    Some((number, name))
}

/// The page a jump line names: `下转第2版`, `（上接第1版）`, `转第4版`, `上接A1版`.
pub fn jump(t: &str) -> Option<Jump> {
    let inner = t
        .trim()
        .trim_start_matches(['(', '（', '['])
        .trim_end_matches([')', '）', ']'])
        .trim();
    let (to, rest) = if let Some(r) = inner.strip_prefix("下转") {
        (true, r)
    } else if let Some(r) = inner.strip_prefix("转") {
        (true, r)
    } else if let Some(r) = inner.strip_prefix("上接") {
        (false, r)
    } else if let Some(r) = inner.strip_prefix("接") {
        (false, r)
    } else {
        return None;
    };
    let (number, name) = page_number(rest.trim())?;
    if name.is_some() {
        return None;
    }
    Some(if to {
        Jump::To(number)
    } else {
        Jump::From(number)
    })
}

/// A jump set at the end of a paragraph piece: `……奠定基础。(下转第2版)`.
/// Returns the text before it, the jump's text, and the jump.
pub fn split_jump_suffix(text: &str) -> Option<(&str, &str, Jump)> {
    let t = text.trim_end();
    let open = t.rfind(['(', '（'])?;
    let tail = &t[open..];
    // Only 下转 ends a piece; 上接 there is not a jump line.
    let j = jump(tail).filter(|j| matches!(j, Jump::To(_)))?;
    Some((t[..open].trim_end(), tail, j))
}

/// A jump at the start of a paragraph piece: `(上接第1版)据了解,……`.
pub fn split_jump_prefix(text: &str) -> Option<(&str, &str, Jump)> {
    let t = text.trim_start();
    if !t.starts_with(['(', '（']) {
        return None;
    }
    let close = t.find([')', '）'])?;
    let end = close + t[close..].chars().next().map_or(0, char::len_utf8);
    // Only 上接 opens a piece.
    let j = jump(&t[..end]).filter(|j| matches!(j, Jump::From(_)))?;
    Some((&t[..end], t[end..].trim_start(), j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(t: &str) -> Option<FurnitureKind> {
        classify(t, &mut PageInfo::default(), &mut Evidence::default())
    }

    #[test]
    fn mastheads_give_paper_date_and_page() {
        let mut info = PageInfo::default();
        assert_eq!(
            classify(
                "东海工人报 2021年3月9日 星期二 第3版 综合",
                &mut info,
                &mut Evidence::default()
            ),
            Some(FurnitureKind::Masthead)
        );
        assert_eq!(
            info,
            PageInfo {
                paper: Some("东海工人报".into()),
                date: Some("2021-03-09".into()),
                number: Some("3".into()),
                name: Some("综合".into()),
            }
        );
        let mut info = PageInfo::default();
        assert_eq!(kind("第03版：工会新闻"), Some(FurnitureKind::Masthead));
        classify("第A2版:要闻", &mut info, &mut Evidence::default());
        assert_eq!(
            (info.number.as_deref(), info.name.as_deref()),
            (Some("A2"), Some("要闻"))
        );
        assert_eq!(kind("2019年12月1日星期日"), Some(FurnitureKind::Masthead));
        // A date alone is an article's; a fuller masthead outweighs a weaker line.
        assert_eq!(kind("2022年4月20日"), None);
        let (mut info, mut seen) = (PageInfo::default(), Evidence::default());
        classify("2022年4月20日 星期三", &mut info, &mut seen);
        classify("河滨日报 2022年5月6日 星期五 第3版", &mut info, &mut seen);
        classify("2022年4月1日 星期五", &mut info, &mut seen);
        assert_eq!(info.date.as_deref(), Some("2022-05-06"));
        assert_eq!(kind("山河晚报"), Some(FurnitureKind::Masthead));
    }

    #[test]
    fn staff_and_imprint_lines() {
        assert_eq!(
            kind("责任编辑 王小五 美编 李四"),
            Some(FurnitureKind::Staff)
        );
        assert_eq!(kind("责任编辑：王小五"), Some(FurnitureKind::Staff));
        assert_eq!(kind("本版编辑:张三 校对:李四"), Some(FurnitureKind::Staff));
        assert_eq!(
            kind("国内统一连续出版物号 CN33-0000"),
            Some(FurnitureKind::Imprint)
        );
        assert_eq!(kind("电话：0571-88888888"), Some(FurnitureKind::Imprint));
    }

    #[test]
    fn jump_lines() {
        assert_eq!(jump("下转第2版"), Some(Jump::To("2".into())));
        assert_eq!(jump("（上接第1版）"), Some(Jump::From("1".into())));
        assert_eq!(jump("(转第04版)"), Some(Jump::To("4".into())));
        let (body, tail, j) = split_jump_suffix("为发展奠定基础。(下转第2版)").unwrap();
        assert_eq!(
            (body, tail, j),
            ("为发展奠定基础。", "(下转第2版)", Jump::To("2".into()))
        );
        let (head, rest, _) = split_jump_prefix("（上接第1版）据了解,两地").unwrap();
        assert_eq!((head, rest), ("（上接第1版）", "据了解,两地"));
        // The wrong way round is not a jump.
        assert!(split_jump_suffix("正文。（上接第1版）").is_none());
        assert!(split_jump_prefix("(下转第2版)正文").is_none());
    }

    #[test]
    fn headlines_and_sentences_are_not_furniture() {
        for t in [
            "编辑部的故事",
            "首批“庆元工匠”出炉",
            "山区县喜报频传",
            "2018年8月15日,镇海区总工会举行签约仪式。",
            "编辑张三来到现场",
            "电话那头传来好消息",
            "转型升级再出发",
            "接力传递正能量",
            "第3版",
        ] {
            let k = kind(t);
            assert!(k.is_none() || t == "第3版", "{t}: {k:?}");
        }
    }
}
