//! Character classes for Chinese newspaper text.

/// Characters that end a sentence.
pub fn is_sentence_end(c: char) -> bool {
    // Full-width forms are written as escapes: many editors and tools fold them to ASCII.
    matches!(
        c,
        '。' | '!' | '?' | '\u{FF01}' | '\u{FF1F}' | '…' | '.' | '\u{FF0E}'
    )
}

/// Closing quotes and brackets that may follow a sentence end (`……。”`).
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | ')' | '\u{FF09}' | '》' | '"' | '\'' | '】' | ']'
    )
}

/// Punctuation that can only stand inside a sentence: a line ending in one
/// of these was cut in the middle of a clause.
pub fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '\u{FF0C}'
            | '、'
            | ';'
            | '\u{FF1B}'
            | ':'
            | '\u{FF1A}'
            | '—'
            | '('
            | '\u{FF08}'
            | '“'
            | '‘'
            | '《'
            | '「'
            | '『'
            | '·'
    )
}

/// Whether `s` ends a sentence: a sentence end, possibly followed by closers.
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !is_closer(*c))
        .is_some_and(is_sentence_end)
}

/// CJK unified ideographs (the common blocks).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2A6DF}' | '\u{F900}'..='\u{FAFF}')
}

/// Removes layout white space from a headline line. Spaces in Chinese
/// headlines are set by the page layout, not by the writer, so they go;
/// a space between two Latin letters or digits (`iPhone 15`) stays, as one.
pub fn clean_headline(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if before.is_some_and(|b| b.is_ascii_alphanumeric())
                && after.is_some_and(|a| a.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Number of characters (not bytes).
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_see_through_closing_quotes() {
        assert!(ends_sentence("长的良好局面。"));
        assert!(ends_sentence("积聚起来的。”"));
        assert!(!ends_sentence("获评“全国模范职工之家”"));
        assert!(!ends_sentence("海外高层次人才、"));
        assert!(!ends_sentence(""));
    }

    #[test]
    fn headline_spaces_go_except_between_latin_words() {
        assert_eq!(
            clean_headline("邮储银行 浙江省分行工会 获评“全国模范职工之家”"),
            "邮储银行浙江省分行工会获评“全国模范职工之家”"
        );
        assert_eq!(
            clean_headline("  长兴纺织工匠\u{3000}竞技 "),
            "长兴纺织工匠竞技"
        );
        assert_eq!(clean_headline("iPhone  15 发布"), "iPhone 15发布");
    }
}

/// `s` in double quotes, with quotes, backslashes, control characters and
/// the invisible ones that reorder or hide text (bidi overrides, zero-width
/// marks, line separators) escaped; for messages that name a value read
/// from a file, so that a hostile value cannot disguise itself or break the
/// message or a terminal. Not `{:?}`: the
/// release wasm is built with `-Zfmt-debug=none`, and `char::escape_debug`
/// would pull Unicode's printable tables into it.
pub struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' | '\\' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                '\n' => f.write_str("\\n")?,
                c if c.is_control() || is_invisible_format(c) => {
                    write!(f, "\\u{{{:x}}}", c as u32)?
                }
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// Zero-width marks, bidi controls, line and paragraph separators, word
/// joiners and the byte-order mark: format characters a reader cannot see.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod quoted_tests {
    use super::Quoted;

    #[test]
    fn quotes_and_escapes_what_could_break_a_message() {
        assert_eq!(Quoted("330100").to_string(), "\"330100\"");
        assert_eq!(Quoted("杭州").to_string(), "\"杭州\"");
        assert_eq!(Quoted("a\"b\\c").to_string(), r#""a\"b\\c""#);
        assert_eq!(Quoted("x\ny\u{1b}[2J").to_string(), r#""x\ny\u{1b}[2J""#);
        assert_eq!(
            Quoted("a\u{202e}b\u{200b}").to_string(),
            r#""a\u{202e}b\u{200b}""#
        );
    }
}
