//! Chinese substring search: no word segmentation, so any run of one or
//! more characters finds every text that contains it.
//!
//! Text and query are folded alike, character for character (so positions
//! stay aligned for highlighting): full-width forms to half-width, Chinese
//! punctuation to its ASCII counterpart, Latin letters to lower case.

use std::ops::Range;

/// Folds one character for matching.
pub fn fold_char(c: char) -> char {
    match c {
        // Full-width ASCII variants (！ … ～) → ASCII.
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
        }
        '\u{3000}' => ' ',
        '、' | '\u{FF64}' => ',',
        '。' | '\u{FF61}' => '.',
        '“' | '”' | '„' | '「' | '」' | '『' | '』' | '《' | '》' | '〈' | '〉' | '«' | '»' => {
            '"'
        }
        '‘' | '’' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '—' | '–' => '-',
        '…' => '.',
        c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
        c => c,
    }
}

pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The search terms of a query: folded, split at white space and at
/// punctuation and symbols (`工会，职工`, `“工会”` and `工会——职工` search
/// for 工会 and 职工, as a search engine reads them), each term once. Two
/// kinds of mark stay in their term: the middle dots of names (阿卜杜·热合曼)
/// and an ASCII mark between two ASCII letters or digits (`3.5`, `1,000`,
/// `10:30`, `covid-19`); a Chinese mark (`5G、AI`) always separates.
pub fn terms(query: &str) -> Vec<String> {
    let original: Vec<char> = query.chars().collect();
    let folded: Vec<char> = original.iter().map(|&c| fold_char(c)).collect();
    let ascii_word = |k: Option<usize>| {
        k.and_then(|k| folded.get(k))
            .is_some_and(|c| c.is_ascii_alphanumeric())
    };
    let separates = |k: usize| {
        let c = folded[k];
        c.is_whitespace()
            || is_mark(c)
                && !(original[k].is_ascii()
                    && ascii_word(k.checked_sub(1))
                    && ascii_word(Some(k + 1)))
    };
    let mut out: Vec<String> = Vec::new();
    let mut term = String::new();
    for (k, &c) in folded.iter().enumerate() {
        if !separates(k) {
            term.push(c);
            continue;
        }
        if !term.is_empty() && !out.contains(&term) {
            out.push(std::mem::take(&mut term));
        }
        term.clear();
    }
    if !term.is_empty() && !out.contains(&term) {
        out.push(term);
    }
    out
}

/// Whether `c` (folded) is punctuation or a symbol, which separates search
/// terms; not the middle dots inside names. By blocks, not Unicode's
/// tables (`char::is_alphanumeric` would add them to the wasm: 2.5 KB).
fn is_mark(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c as u32,
        // Latin-1 marks (« » ° ± × ÷ …)
        0xA1..=0xBF | 0xD7 | 0xF7
        // general punctuation: dashes, quotes, ‰, ※ …
        | 0x2000..=0x205E
        // letterlike symbols, arrows, mathematics, shapes (№ ℃ → ★)
        | 0x2100..=0x2BFF
        // CJK marks (not 々 〆 〇 or the Hangzhou numerals)
        | 0x3001..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F
        // vertical, compatibility and small forms
        | 0xFE10..=0xFE6F
        // full-width and half-width marks (most folded to ASCII already)
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        && !matches!(c, '·' | '•' | '‧')
}

/// Byte ranges of `text` where any of `terms` (already folded) occur,
/// sorted and merged, for highlighting.
pub fn find_ranges(text: &str, terms: &[String]) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(i, c)| (i, fold_char(c)))
        .collect();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for term in terms {
        let needle: Vec<char> = term.chars().collect();
        if needle.is_empty() || needle.len() > chars.len() {
            continue;
        }
        let mut i = 0;
        while i + needle.len() <= chars.len() {
            if chars[i..i + needle.len()]
                .iter()
                .map(|(_, c)| *c)
                .eq(needle.iter().copied())
            {
                let end = chars.get(i + needle.len()).map_or(text.len(), |(b, _)| *b);
                ranges.push(chars[i].0..end);
                i += needle.len();
            } else {
                i += 1;
            }
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// `text` cut into pieces, each marked whether it matched: what the
/// reader shows with the matches highlighted.
pub fn highlight<'t>(text: &'t str, terms: &[String]) -> Vec<(&'t str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in find_ranges(text, terms) {
        if r.start > at {
            out.push((&text[at..r.start], false));
        }
        out.push((&text[r.clone()], true));
        at = r.end;
    }
    if at < text.len() || out.is_empty() {
        out.push((&text[at..], false));
    }
    out
}

/// About `max` characters of `text` around its first match (the start when
/// none), with ellipses where cut.
pub fn snippet(text: &str, terms: &[String], max: usize) -> String {
    let total = text.chars().count();
    let first = find_ranges(text, terms)
        .first()
        .map(|r| text[..r.start].chars().count())
        .unwrap_or(0);
    let start = if first + max / 2 > max {
        (first.saturating_sub(max / 3)).min(total.saturating_sub(max))
    } else {
        0
    };
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(text.chars().skip(start).take(max));
    if start + max < total {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_widths_and_punctuation_alike() {
        assert_eq!(
            fold("\u{FF21}\u{FF22}\u{FF23}\u{FF11}\u{FF12}\u{FF13}"),
            "abc123"
        );
        assert_eq!(fold("镇海、龙游"), fold("镇海,龙游"));
        assert_eq!(fold("“结盟”"), fold("\"结盟\""));
        assert_eq!(fold("\u{FF08}试行\u{FF09}"), "(试行)");
        assert_eq!(fold("镇海\u{FF0C}龙游"), "镇海,龙游");
        assert_eq!(fold("\u{3000}"), " ");
        assert_eq!(
            "镇海、龙游".chars().count(),
            fold("镇海、龙游").chars().count()
        );
    }

    #[test]
    fn one_character_finds_every_occurrence() {
        let ranges = find_ranges("工会工匠", &terms("工"));
        assert_eq!(ranges, [0..3, 6..9]);
    }

    #[test]
    fn punctuation_separates_terms() {
        assert_eq!(terms("工会，职工"), ["工会", "职工"]);
        assert_eq!(terms("“工会”"), ["工会"]);
        assert_eq!(terms("镇海、龙游"), ["镇海", "龙游"]);
        assert_eq!(terms("（工会）职工！"), ["工会", "职工"]);
        assert_eq!(terms("工会。。职工"), ["工会", "职工"]);
        assert_eq!(terms(" ,.\"\u{3000}"), Vec::<String>::new());
        // Between ASCII letters or digits a mark is part of the term.
        assert_eq!(terms("3.5亿 1,000 10:30"), ["3.5亿", "1,000", "10:30"]);
        assert_eq!(terms("gov.cn，工会"), ["gov.cn", "工会"]);
        // Marks that join words stay.
        assert_eq!(
            terms("阿卜杜·热合曼 covid-19"),
            ["阿卜杜·热合曼", "covid-19"]
        );
        // A Chinese mark separates even between ASCII words; so do dashes,
        // slashes and symbols elsewhere.
        assert_eq!(terms("5G、AI GDP，CPI"), ["5g", "ai", "gdp", "cpi"]);
        assert_eq!(
            terms("工会——职工 镇海/龙游 〖工会〗"),
            ["工会", "职工", "镇海", "龙游"]
        );
        // Each term once.
        assert_eq!(terms("工会 工会，工会"), ["工会"]);
        // Symbols separate; letters, digits and 〇 do not.
        assert_eq!(
            terms("30℃ №9 二〇二六 ★工会"),
            ["30", "9", "二〇二六", "工会"]
        );
    }

    #[test]
    fn queries_with_punctuation_mark_each_piece() {
        let text = "镇海、龙游工会“结盟”30万职工";
        assert_eq!(find_ranges(text, &terms("镇海,龙游")).len(), 2);
        assert_eq!(find_ranges(text, &terms("工会\"结盟\"")).len(), 2);
        assert_eq!(
            find_ranges(text, &terms("\u{FF13}\u{FF10}万")).len(),
            1,
            "full-width digits"
        );
        assert_eq!(
            find_ranges(text, &terms("镇海\u{FF0C}龙游")).len(),
            2,
            "full-width comma"
        );
    }

    #[test]
    fn highlight_pieces_cover_the_text() {
        let pieces = highlight("首批庆元工匠出炉", &terms("工匠"));
        assert_eq!(
            pieces,
            [("首批庆元", false), ("工匠", true), ("出炉", false)]
        );
        assert_eq!(highlight("无", &terms("有")), [("无", false)]);
        assert_eq!(highlight("", &terms("有")), [("", false)]);
        let overlapping = highlight("工匠精神", &terms("工匠 匠精"));
        assert_eq!(overlapping, [("工匠精", true), ("神", false)]);
    }

    #[test]
    fn snippets_show_the_match() {
        let text = format!("{}关键词{}", "甲".repeat(100), "乙".repeat(100));
        let s = snippet(&text, &terms("关键词"), 30);
        assert!(
            s.contains("关键词") && s.starts_with('…') && s.ends_with('…'),
            "{s}"
        );
        assert_eq!(snippet("短文本", &terms("无"), 30), "短文本");
    }
}
