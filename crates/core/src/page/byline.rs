//! Bylines and photo credits in the forms Chinese papers print them.
//!
//! - leading, before the first paragraph: `本报讯 记者程雪 通讯员柳庭和报道 近日,…`,
//!   `本报杭州5月3日电 记者王五报道`, `本报讯（记者 张三 通讯员 李四）`;
//! - on a line of their own: `■通讯员 张三 记者 李四`, `张三/文 李四/图`, `文/张三`;
//! - at the end of the text: `记者 张三 报道`, `（记者 张三）`, `通讯员杨菁 记者周金友 摄影报道`;
//! - photo credits ending a caption: `……合影留念。 张三 摄`, `（记者 李四 摄）`.

use crate::bundle::Byline;
use crate::text::{ends_sentence, is_han};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Reporter,
    Correspondent,
    Photographer,
}

/// Role words, longest first.
const ROLES: [(&str, Role); 10] = [
    ("特约记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("摄影记者", Role::Photographer),
    ("全媒体记者", Role::Reporter),
    ("融媒体记者", Role::Reporter),
    ("记者", Role::Reporter),
    ("实习生", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("摄影", Role::Photographer),
    ("图", Role::Photographer),
];

/// Role words written with a colon (`作者:林俐`).
const COLON_ROLES: [(&str, Role); 8] = [
    ("作者", Role::Reporter),
    ("撰文", Role::Reporter),
    ("记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("摄影", Role::Photographer),
    ("文", Role::Reporter),
    ("图", Role::Photographer),
    ("摄", Role::Photographer),
];

/// What a source's name ends in when it leads a credit (`宁波晚报记者张三`,
/// `浙江新闻客户端通讯员李四摄`).
const SOURCE_ENDS: [&str; 9] = [
    "客户端",
    "电视台",
    "日报",
    "晚报",
    "新闻",
    "报",
    "网",
    "台",
    "社",
];

/// Lines that name where an article was taken from (`摘自《四川工人日报》`).
const SOURCE_LABELS: [&str; 6] = ["摘自", "来源", "稿件来源", "转自", "原载", "据《"];

/// Words that end a byline, longest first.
const ENDS: [&str; 4] = ["摄影报道", "报道", "摄影", "摄"];

/// Words that follow 记者 or 通讯员 in column names, not personal names.
const NOT_NAMES: [&str; 8] = [
    "手记",
    "观察",
    "调查",
    "述评",
    "点评",
    "走基层",
    "来信",
    "视点",
];

/// Marks some papers set before a byline line.
fn is_mark(c: char) -> bool {
    matches!(c, '■' | '□' | '●' | '◆' | '▲' | '★' | '☆' | '◎' | '○')
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '[' | '【')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | ']' | '】')
}

/// How much of the line a byline must take.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At the start of a paragraph: a rest may follow, so it must end in a
    /// word that closes it (报道, 摄, a closing bracket) or be a dateline alone.
    Leading,
    /// The whole line: role words and names are enough.
    Whole,
}

/// Reads a byline at the start of `line`: `本报讯 记者程雪 通讯员柳庭和报道 近日,…`.
/// Returns it and the rest of the line (the start of the first paragraph).
pub fn parse_byline(line: &str) -> Option<(Byline, &str)> {
    parse(line, Mode::Leading)
}

/// Reads a line that is a byline and nothing else: `■通讯员 张三 记者 李四`,
/// `（记者 张三）`, `记者 王五 报道`, `张三/文 李四/图`.
pub fn parse_credit_line(line: &str) -> Option<Byline> {
    let (b, rest) = parse(line, Mode::Whole)?;
    rest.is_empty().then_some(b)
}

/// A line set in brackets and nothing else, short, without a sentence in
/// it: an attribution closing an article (`（西门街道总工会）`, `（汪娟）`,
/// `（福州日报记者谢星星）`). Names are read when it is a byline.
pub fn parse_attribution(line: &str) -> Option<Byline> {
    let t = line.trim();
    if let Some(b) = parse_credit_line(t) {
        return Some(b);
    }
    // 摘自《四川工人日报》, 来源:江城日报
    if SOURCE_LABELS.iter().any(|l| t.starts_with(l))
        && t.chars().count() <= 30
        && !ends_sentence(t)
        && !t.contains(['，', ','])
    {
        return Some(Byline {
            text: t.to_string(),
            ..Byline::default()
        });
    }
    // 宁波日报林金康 毛益中: a source and names without roles.
    if let Some(len) = source_prefix_len(t) {
        let names: Vec<&str> = t[len..]
            .split([' ', '　', '、'])
            .filter(|n| !n.is_empty())
            .collect();
        if (names.len() >= 2 || names.iter().all(|n| n.chars().count() <= 3))
            && !names.is_empty()
            && names.iter().all(|n| {
                (2..=4).contains(&n.chars().count())
                    && n.chars().all(is_han)
                    && !NOT_NAMES.contains(n)
            })
        {
            return Some(Byline {
                text: t.to_string(),
                dateline: Some(t[..len].to_string()),
                ..Byline::default()
            });
        }
    }
    let inner = t.strip_prefix(is_open)?.strip_suffix(is_close)?.trim();
    let n = inner.chars().count();
    let plain = inner
        .chars()
        .all(|c| is_han(c) || c.is_whitespace() || matches!(c, '、' | '·' | '/' | '／'));
    ((2..=24).contains(&n) && plain && inner.chars().filter(|c| is_han(*c)).count() >= 2).then(
        || Byline {
            text: t.to_string(),
            ..Byline::default()
        },
    )
}

/// Splits a credit off the end of a caption or paragraph: `……合影留念。 张三 摄`
/// gives (`……合影留念。`, the credit). The credit must follow a sentence end
/// or be set in brackets, so a sentence that ends in a name is not cut.
pub fn split_trailing_credit(text: &str) -> Option<(&str, Byline)> {
    let t = text.trim_end();
    // Candidates start after a sentence end, at an opening bracket, or after a space.
    let mut starts: Vec<usize> = Vec::new();
    // Only the last 48 characters can hold a credit.
    let from = t.char_indices().rev().nth(48).map_or(0, |(i, _)| i);
    for (i, c) in t[from..].char_indices().map(|(i, c)| (i + from, c)) {
        let next = i + c.len_utf8();
        if is_open(c) {
            starts.push(i);
        } else if c.is_whitespace()
            || crate::text::is_sentence_end(c)
            || (crate::text::is_closer(c) && ends_sentence(&t[..next]))
        {
            starts.push(next);
        }
    }
    // The shortest credit that parses (the latest start) wins; a credit is
    // at most 40 characters, so earlier starts need not be tried.
    for &s in starts.iter().rev() {
        let body = t[..s].trim_end();
        let tail = t[s..].trim();
        if tail.chars().nth(40).is_some() {
            break;
        }
        if tail.is_empty() || body.is_empty() {
            continue;
        }
        let bracketed = tail.starts_with(is_open);
        let body_closed = ends_sentence(body) || body.ends_with(|c: char| is_close(c));
        if !(bracketed || body_closed || t[s..].starts_with(char::is_whitespace)) {
            continue;
        }
        let credit = parse_credit_line(tail).or_else(|| {
            (bracketed && body_closed)
                .then(|| parse_attribution(tail))
                .flatten()
        });
        if let Some(b) = credit {
            // Without brackets or a sentence end before it, only a photo credit
            // (… 张三 摄) is clear enough to split off.
            if !(bracketed || body_closed) && b.photographers.is_empty() {
                continue;
            }
            return Some((body, b));
        }
    }
    None
}

fn parse(line: &str, mode: Mode) -> Option<(Byline, &str)> {
    let s = line.trim_start().trim_start_matches(is_mark).trim_start();
    let mut byline = Byline::default();
    let mut pos = 0;
    let mut bracket = false;
    if let Some(len) = dateline_len(s).or_else(|| source_len(s)) {
        byline.dateline = Some(s[..len].to_string());
        pos = len;
    }
    let skip_space = |pos: &mut usize| *pos += s[*pos..].len() - s[*pos..].trim_start().len();
    skip_space(&mut pos);
    if s[pos..].starts_with(is_open) {
        bracket = true;
        pos += s[pos..].chars().next().map_or(0, char::len_utf8);
    }
    let mut role: Option<Role> = None;
    let mut names: Vec<String> = Vec::new();
    let mut any_role = false;
    // Names met before any role word: they need an end word (张三 摄) or a slash role (张三/文).
    let mut loose: Vec<String> = Vec::new();
    let mut ended = false;
    loop {
        skip_space(&mut pos);
        let rest = &s[pos..];
        if rest.is_empty() {
            break;
        }
        if bracket && rest.starts_with(is_close) {
            pos += rest.chars().next().map_or(0, char::len_utf8);
            ended = true;
            bracket = false;
            break;
        }
        // 摄影 before names is a role word (摄影 张三), after them an end word.
        let end = ENDS
            .iter()
            .find(|e| rest.starts_with(**e))
            .filter(|e| !(**e == "摄影" && names.is_empty() && loose.is_empty()));
        if let Some(end) = end {
            let photo = *end != "报道";
            if names.is_empty() && loose.is_empty() {
                return None;
            }
            if !loose.is_empty() {
                if !photo {
                    return None;
                }
                byline.photographers.append(&mut loose);
            }
            flush(&mut byline, role, &mut names);
            if *end == "摄影报道" {
                // They wrote and took the pictures.
                let all: Vec<String> = names_of(&byline).cloned().collect();
                byline.photographers = all;
            } else if photo {
                // 记者 王五 通讯员 赵六 摄: everyone named took the pictures.
                let all: Vec<String> = names_of(&byline).cloned().collect();
                byline.reporters.clear();
                byline.correspondents.clear();
                byline.photographers = all;
            }
            pos += end.len();
            ended = true;
            // `（记者 张三 摄）`
            skip_space(&mut pos);
            if bracket && s[pos..].starts_with(is_close) {
                pos += s[pos..].chars().next().map_or(0, char::len_utf8);
                bracket = false;
            }
            break;
        }
        // 文/张三 图/李四
        if let Some(after) = rest
            .strip_prefix("文/")
            .or_else(|| rest.strip_prefix("文／"))
        {
            flush(&mut byline, role, &mut names);
            role = Some(Role::Reporter);
            any_role = true;
            pos += rest.len() - after.len();
            continue;
        }
        if let Some(after) = rest
            .strip_prefix("图/")
            .or_else(|| rest.strip_prefix("图／"))
        {
            flush(&mut byline, role, &mut names);
            role = Some(Role::Photographer);
            any_role = true;
            pos += rest.len() - after.len();
            continue;
        }
        // 作者:林俐, 文:张三, 图：李四, 记者:王五
        if let Some((word, r)) = COLON_ROLES.iter().find(|(w, _)| {
            rest.strip_prefix(*w)
                .is_some_and(|after| after.starts_with([':', '：']))
        }) {
            if role.is_some() && names.is_empty() || !loose.is_empty() {
                return None;
            }
            flush(&mut byline, role, &mut names);
            role = Some(*r);
            any_role = true;
            pos += word.len() + rest[word.len()..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if let Some((word, r)) = ROLES.iter().find(|(w, _)| rest.starts_with(*w)) {
            // A bare 图 is a role only in the slash forms above.
            if *word == "图" {
                return None;
            }
            if role.is_some() && names.is_empty() {
                return None;
            }
            if !loose.is_empty() {
                return None;
            }
            flush(&mut byline, role, &mut names);
            role = Some(*r);
            any_role = true;
            pos += word.len();
            continue;
        }
        if rest.starts_with('、') || rest.starts_with('，') || rest.starts_with(',') {
            if names.is_empty() && loose.is_empty() {
                return None;
            }
            pos += rest.chars().next().map_or(0, char::len_utf8);
            continue;
        }
        // A dateline followed by text, not by a role: the dateline alone
        // (`本报讯 近日,…`).
        if byline.dateline.is_some() && role.is_none() && loose.is_empty() && mode == Mode::Leading
        {
            break;
        }
        // A name: 2–4 Han characters (or two parts joined by ·) up to a space,
        // a separator, a role word or an end word.
        let len = name_len(rest)?;
        let name = rest[..len].to_string();
        if NOT_NAMES.contains(&name.as_str()) {
            return None;
        }
        pos += len;
        // 张三/文 李四/图
        let after = &s[pos..];
        let slash = ["/文", "／文", "/图", "／图"]
            .iter()
            .find(|p| after.starts_with(**p));
        if let Some(p) = slash {
            if p.ends_with('文') {
                byline.reporters.push(name);
            } else {
                byline.photographers.push(name);
            }
            any_role = true;
            pos += p.len();
            continue;
        }
        if role.is_some() {
            names.push(name);
        } else {
            loose.push(name);
        }
    }
    if bracket || !loose.is_empty() {
        return None;
    }
    flush(&mut byline, role, &mut names);
    let rest = s[pos..].trim_start();
    let dateline_only = byline.dateline.is_some() && !any_role;
    let ok = match mode {
        Mode::Leading => ended || dateline_only,
        Mode::Whole => rest.is_empty() && (ended || any_role || dateline_only),
    };
    if !ok {
        return None;
    }
    if byline.dateline.is_none()
        && byline.reporters.is_empty()
        && byline.correspondents.is_empty()
        && byline.photographers.is_empty()
    {
        return None;
    }
    // The text as printed, marks included, up to where the byline ends.
    let start = line.len() - line.trim_start().len();
    let consumed = line.trim_start().len() - s.len() + pos;
    byline.text = line[start..start + consumed].trim_end().to_string();
    Some((byline, rest))
}

/// Bytes of a personal name at the start of `rest`, if one is there.
fn name_len(rest: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = 0;
    for c in rest.chars() {
        let here = &rest[len..];
        if c == '·' && chars >= 1 {
            len += c.len_utf8();
            continue;
        }
        if !is_han(c)
            || (chars >= 2
                && (ENDS.iter().any(|e| here.starts_with(e))
                    || ROLES.iter().any(|(w, _)| here.starts_with(w))
                    || here.starts_with("/")
                    || here.starts_with("／")))
        {
            break;
        }
        len += c.len_utf8();
        chars += 1;
    }
    (2..=4).contains(&chars).then_some(len).or_else(|| {
        // Two-part names (阿依古丽·买买提) may run longer.
        (rest[..len].contains('·') && chars <= 10).then_some(len)
    })
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

/// `本报讯`, `本报` + place/date + `讯`/`电` (`本报杭州5月3日电`), or
/// `新华社北京5月3日电`, in bytes.
fn dateline_len(s: &str) -> Option<usize> {
    for fixed in ["本报讯", "本刊讯", "本台讯", "本网讯"] {
        if s.starts_with(fixed) {
            return Some(fixed.len());
        }
    }
    let lead = ["本报", "新华社", "中新社"]
        .iter()
        .find(|l| s.starts_with(**l))
        .map(|l| l.len())
        .or_else(|| other_source_len(s))?;
    let mut len = lead;
    for c in s[len..].chars().take(14) {
        if c.is_whitespace() || c == '，' || c == ',' || c == '。' {
            return None;
        }
        len += c.len_utf8();
        if c == '讯' || c == '电' {
            // Between the source and 讯/电 only a place and a date
            // (本报杭州5月3日电), never a role (本报记者从市电力局…); and 讯/电
            // ends a word there (not 通讯员, 电话, 电商).
            let between = &s[lead..len - c.len_utf8()];
            let after = s[len..].chars().next();
            let ends = after.is_none_or(|a| {
                a.is_whitespace()
                    || is_open(a)
                    || ROLES.iter().any(|(w, _)| s[len..].starts_with(w))
            });
            if ROLES.iter().any(|(w, _)| between.contains(w)) || !ends {
                return None;
            }
            return Some(len);
        }
    }
    None
}

/// A source's name right before a role word: `宁波晚报` in `宁波晚报记者张三`, in bytes.
fn source_len(s: &str) -> Option<usize> {
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 10 || !is_han(c) {
            return None;
        }
        len += c.len_utf8();
        let rest = s[len..].trim_start();
        if n >= 1
            && SOURCE_ENDS.iter().any(|e| s[..len].ends_with(e))
            && ROLES.iter().any(|(w, _)| *w != "图" && rest.starts_with(w))
        {
            return Some(len);
        }
    }
    None
}

/// A paper's name at the start of `s` (`宁波日报`, `江城晚报`), in bytes: the
/// longest run of up to ten Han characters ending in 日报/晚报/报.
fn source_prefix_len(s: &str) -> Option<usize> {
    let mut best = None;
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 10 || !is_han(c) {
            break;
        }
        len += c.len_utf8();
        if n >= 3
            && ["日报", "晚报", "工人报", "时报", "早报"]
                .iter()
                .any(|e| s[..len].ends_with(e))
        {
            best = Some(len);
            break;
        }
    }
    best
}

/// Another paper's or site's name opening a dateline (`星沙时报12月25日讯`,
/// `中国宁波网讯`), in bytes: up to ten Han characters ending in 报, 网, 台
/// or 社, with 讯 or 电 close after.
fn other_source_len(s: &str) -> Option<usize> {
    let mut len = 0;
    for (n, c) in s.chars().enumerate() {
        if n >= 10 || !is_han(c) {
            return None;
        }
        len += c.len_utf8();
        if n >= 1 && s[..len].ends_with(['报', '网', '台', '社']) {
            let rest: String = s[len..].chars().take(12).collect();
            let end = rest.find(['讯', '电'])?;
            // Only a date or nothing between the name and 讯/电.
            if rest[..end]
                .chars()
                .all(|c| c.is_ascii_digit() || "年月日".contains(c))
            {
                return Some(len);
            }
        }
    }
    None
}

/// Every name a byline credits, for comparisons.
pub fn names_of(b: &Byline) -> impl Iterator<Item = &String> {
    let mut seen: Vec<&String> = Vec::new();
    b.reporters
        .iter()
        .chain(&b.correspondents)
        .chain(&b.photographers)
        .filter(move |n| {
            let new = !seen.contains(n);
            seen.push(n);
            new
        })
}

/// Merges a second credit (a photo credit, a byline at the end) into `into`.
pub fn merge(into: &mut Option<Byline>, more: Byline) {
    match into {
        None => *into = Some(more),
        Some(b) => {
            if !b.text.is_empty() {
                b.text.push(' ');
            }
            b.text.push_str(&more.text);
            for (to, from) in [
                (&mut b.reporters, more.reporters),
                (&mut b.correspondents, more.correspondents),
                (&mut b.photographers, more.photographers),
            ] {
                for n in from {
                    if !to.contains(&n) {
                        to.push(n);
                    }
                }
            }
            if b.dateline.is_none() {
                b.dateline = more.dateline;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_bylines() {
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

        let (b, rest) = parse_byline("星沙时报12月25日讯(记者 龙小玲)严冬来临").unwrap();
        assert_eq!(
            (b.dateline.as_deref(), b.reporters.clone(), rest),
            (
                Some("星沙时报12月25日讯"),
                vec!["龙小玲".to_string()],
                "严冬来临"
            )
        );
        let (b, _) = parse_byline("中国江城网讯 近日").unwrap();
        assert_eq!(b.dateline.as_deref(), Some("中国江城网讯"));
        // 讯 and 电 inside ordinary words are no datelines.
        for s in [
            "本报通讯员 张三 记者 李四",
            "本报记者从市电力局获悉,今年",
            "举报电话:12345",
            "互联网电商助农增收",
        ] {
            assert!(dateline_len(s).is_none(), "{s}");
        }

        let (b, rest) = parse_byline("本报杭州5月3日电 记者王五报道 今天").unwrap();
        assert_eq!(
            (b.dateline.as_deref(), rest),
            (Some("本报杭州5月3日电"), "今天")
        );
    }

    #[test]
    fn bracketed_bylines() {
        let (b, rest) = parse_byline("本报讯（记者 张小三 通讯员 李四）昨天上午").unwrap();
        assert_eq!(b.text, "本报讯（记者 张小三 通讯员 李四）");
        assert_eq!(
            (b.reporters, b.correspondents),
            (vec!["张小三".into()], vec!["李四".into()])
        );
        assert_eq!(rest, "昨天上午");
        let b = parse_credit_line("（记者 王一鸣）").unwrap();
        assert_eq!(b.reporters, ["王一鸣"]);
    }

    #[test]
    fn marked_and_slash_bylines_on_their_own_line() {
        let b = parse_credit_line("■通讯员 赵六 记者 钱七").unwrap();
        assert_eq!(
            (b.correspondents, b.reporters),
            (vec!["赵六".into()], vec!["钱七".into()])
        );
        assert_eq!(b.text, "■通讯员 赵六 记者 钱七");
        let b = parse_credit_line("孙八/文 周九/图").unwrap();
        assert_eq!(
            (b.reporters, b.photographers),
            (vec!["孙八".into()], vec!["周九".into()])
        );
        let b = parse_credit_line("文/吴十 图/郑一").unwrap();
        assert_eq!(
            (b.reporters, b.photographers),
            (vec!["吴十".into()], vec!["郑一".into()])
        );
        let b = parse_credit_line("记者 王五 报道").unwrap();
        assert_eq!(b.reporters, ["王五"]);
    }

    #[test]
    fn photo_report_credits_everyone_as_photographer_too() {
        let b = parse_credit_line("通讯员杨菁 记者周金友 摄影报道").unwrap();
        assert_eq!(b.correspondents, ["杨菁"]);
        assert_eq!(b.reporters, ["周金友"]);
        assert_eq!(b.photographers, ["周金友", "杨菁"]);
    }

    #[test]
    fn sources_colons_and_attributions() {
        let b = parse_credit_line("山河晚报记者张海华通讯员朱琼").unwrap();
        assert_eq!(b.dateline.as_deref(), Some("山河晚报"));
        assert_eq!(
            (b.reporters, b.correspondents),
            (vec!["张海华".into()], vec!["朱琼".into()])
        );
        let b = parse_credit_line("江城新闻客户端通讯员姚小峰摄").unwrap();
        assert_eq!(b.photographers, ["姚小峰"]);
        assert_eq!(
            parse_credit_line("作者:林小俐").unwrap().reporters,
            ["林小俐"]
        );
        assert_eq!(
            parse_credit_line("文：张三 图：李四")
                .unwrap()
                .photographers,
            ["李四"]
        );
        let b = parse_attribution("（西门街道总工会）").unwrap();
        assert_eq!(b.text, "（西门街道总工会）");
        assert!(b.reporters.is_empty());
        assert!(parse_attribution("（下同）。").is_none());
        assert!(parse_attribution("摘自《江城工人报》").is_some());
        assert_eq!(
            parse_attribution("江城日报林小康 毛大中")
                .unwrap()
                .dateline
                .as_deref(),
            Some("江城日报")
        );
        assert!(parse_attribution("江城日报发布新版").is_none());
        assert_eq!(
            parse_credit_line("新华社记者王小颂摄")
                .unwrap()
                .photographers,
            ["王小颂"]
        );
        assert!(parse_attribution("（2023年3月,全市共有职工12万人）").is_none());
        let (body, b) = split_trailing_credit("活动持续了一整天。(汪小娟)").unwrap();
        assert_eq!((body, b.text.as_str()), ("活动持续了一整天。", "(汪小娟)"));
        // A sentence that ends in a name is not a credit.
        assert!(parse_credit_line("宁波日报社长来访").is_none());
    }

    #[test]
    fn photo_credits_end_captions() {
        let (body, b) = split_trailing_credit("职工们在活动中合影留念。 张三 摄").unwrap();
        assert_eq!(body, "职工们在活动中合影留念。");
        assert_eq!(b.photographers, ["张三"]);
        let (body, b) = split_trailing_credit("工会干部走进车间。（通讯员 李四 摄）").unwrap();
        assert_eq!(body, "工会干部走进车间。");
        assert_eq!(b.photographers, ["李四"]);
        let (_, b) = split_trailing_credit("比赛现场气氛热烈。记者 王五 通讯员 赵六 摄").unwrap();
        assert_eq!(b.photographers, ["王五", "赵六"]);
        // A sentence that ends in a name is not a credit.
        assert!(split_trailing_credit("前来慰问的是工会主席张三。").is_none());
        assert!(split_trailing_credit("大家一起看望了老党员 张三").is_none());
    }

    #[test]
    fn sentences_that_mention_reporters_are_not_bylines() {
        for s in [
            "记者从市总工会获悉,今年以来",
            "罗星街道总工会副主席张丽萍告诉记者",
            "通讯员们纷纷表示",
            "记者报道",
            "图为职工在比赛中",
            "张三李四王五赵六钱七",
            "本报讯",
            "记者手记",
        ] {
            assert!(parse_credit_line(s).is_none() || s == "本报讯", "{s}");
            if s != "本报讯" {
                assert!(parse_byline(s).is_none(), "{s}");
            }
        }
    }
}
