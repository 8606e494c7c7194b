//! Articles continued on another page (`下转第2版` … `上接第1版`), joined
//! when both pages are given.

use super::{Jump, Parsed};
use crate::bundle::BlockKind;
use crate::text::{char_len, ends_sentence};

/// Joins each article that jumps to another page (`下转第N版`) with the
/// article on that page that comes from it (`上接第M版`), when both pages
/// are among `pages`. The continuation's text is appended to the first part
/// (a paragraph cut by the jump goes on in the continuation's first
/// paragraph) and the continuation leaves its page. Pages are known by the
/// number their furniture prints; a continuation whose headline repeats or
/// shortens the first part's is preferred. Returns how many were joined.
pub fn join_continued(pages: &mut [Parsed]) -> usize {
    // (page, article, target page number)
    let mut outs: Vec<(usize, usize, String)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (a, j) in &page.jumps {
            if let Jump::To(n) = j {
                outs.push((p, *a, n.clone()));
            }
        }
    }
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut joins: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for (p, a, target) in &outs {
        let from_number = pages[*p].page.number.clone();
        let title = pages[*p].articles[*a].title.clone();
        // Candidates: articles marked 上接 on the target page (or on any page
        // whose number is unknown), naming this page when they say.
        let mut best: Option<((usize, usize), i32)> = None;
        for (q, page) in pages.iter().enumerate() {
            if q == *p {
                continue;
            }
            let on_target = page.page.number.as_deref() == Some(target.as_str());
            if !(on_target || page.page.number.is_none()) {
                continue;
            }
            for (b, j) in &page.jumps {
                let Jump::From(n) = j else { continue };
                if taken.contains(&(q, *b)) {
                    continue;
                }
                if from_number.as_deref().is_some_and(|f| f != n) {
                    continue;
                }
                let score = i32::from(on_target) * 2 + similarity(&title, &page.articles[*b].title);
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some(((q, *b), score));
                }
            }
        }
        if let Some((cont, _)) = best {
            taken.push(cont);
            joins.push(((*p, *a), cont));
        }
    }
    // Follow each chain from its first part (an article that continues no
    // other): 1 → 2 → 3 joins page 3's part onto page 2's, both onto page 1's.
    // A chain that comes back on itself (A → B → A) has no first part and
    // is left as it is: nothing is lost.
    let next: std::collections::HashMap<(usize, usize), (usize, usize)> =
        joins.iter().copied().collect();
    let continuations: std::collections::HashSet<(usize, usize)> =
        joins.iter().map(|j| j.1).collect();
    let mut gone: Vec<(usize, usize)> = Vec::new();
    for &(head, _) in &joins {
        if continuations.contains(&head) {
            continue;
        }
        let mut seen = vec![head];
        let mut cur = head;
        while let Some(&cont) = next.get(&cur) {
            if seen.contains(&cont) {
                break;
            }
            seen.push(cont);
            append(pages, head, cont);
            gone.push(cont);
            cur = cont;
        }
    }
    // Remove the continuations, last first so indices stay right.
    gone.sort_unstable_by(|x, y| y.cmp(x));
    gone.dedup();
    for &(q, b) in &gone {
        pages[q].articles.remove(b);
        pages[q].jumps.retain(|(i, _)| *i != b);
        for (i, _) in &mut pages[q].jumps {
            if *i > b {
                *i -= 1;
            }
        }
    }
    gone.len()
}

/// Appends the text of article `cont` to article `head` (page, index each).
/// The continuation's own headline (a jump head, which repeats or shortens
/// the first part's) is not carried over: the article reads on.
fn append(pages: &mut [Parsed], head: (usize, usize), cont: (usize, usize)) {
    let cont = pages[cont.0].articles[cont.1].clone();
    let first = &mut pages[head.0].articles[head.1];
    let mut blocks = cont.blocks.into_iter().peekable();
    if let (Some(last), Some(next)) = (first.blocks.last_mut(), blocks.peek()) {
        if last.kind == BlockKind::Paragraph
            && next.kind == BlockKind::Paragraph
            && !ends_sentence(&last.text)
        {
            last.text.push_str(&next.text);
            last.truncated = next.truncated;
            blocks.next();
        } else {
            last.truncated = false;
        }
    }
    first.blocks.extend(blocks);
    if let Some(b) = cont.byline {
        super::byline::merge(&mut first.byline, b);
    }
}

/// How alike two headlines are: 3 when one holds the other, 1 when they
/// share their first four characters, else 0.
fn similarity(a: &str, b: &str) -> i32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a.contains(b) || b.contains(a) {
        return 3;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    i32::from(prefix >= 4.min(char_len(a)))
}

#[cfg(test)]
mod tests {
    use crate::page::parse_page;

    #[test]
    fn continued_articles_are_joined_across_pages() {
        let one = "河滨日报 2022年5月6日 星期五 第1版 要闻\n\n河滨新区建成十座职工驿站\n\n本报讯 记者林小雨报道 近日,新区十座职工驿站同时开放,\n\n户外劳动者可以在这里(下转第2版)\n\n另一条消息的标题\n\n本报讯 记者周三报道 今天天气很好。\n";
        let two =
            "第2版 综合\n\n十座职工驿站开放\n\n(上接第1版)歇脚、喝水和充电。\n\n驿站由工会管理。\n";
        let mut pages = vec![parse_page("1.txt", one), parse_page("2.txt", two)];
        assert_eq!(pages[0].page.number.as_deref(), Some("1"));
        assert_eq!(pages[0].articles.len(), 2);
        assert_eq!(pages[1].articles.len(), 1);
        assert_eq!(super::join_continued(&mut pages), 1);
        assert!(pages[1].articles.is_empty());
        let a = &pages[0].articles[0];
        let texts: Vec<_> = a
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.truncated))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "近日,新区十座职工驿站同时开放,户外劳动者可以在这里歇脚、喝水和充电。",
                    false
                ),
                ("驿站由工会管理。", false)
            ]
        );
    }

    #[test]
    fn chains_over_three_pages_join_and_loops_lose_nothing() {
        let one =
            "第1版\n\n河滨新区建成十座职工驿站\n\n本报讯 记者林小雨报道 第一页的字,(下转第2版)\n";
        let two = "第2版\n\n十座职工驿站开放\n\n(上接第1版)第二页的字,(下转第3版)\n";
        let three = "第3版\n\n十座职工驿站开放\n\n(上接第2版)第三页的字。\n";
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
            let texts = [one, two, three];
            let mut pages: Vec<_> = order
                .iter()
                .map(|&i| parse_page("p.txt", texts[i]))
                .collect();
            assert_eq!(super::join_continued(&mut pages), 2, "{order:?}");
            let all: Vec<_> = pages.iter().flat_map(|p| &p.articles).collect();
            assert_eq!(all.len(), 1, "{order:?}");
            assert_eq!(
                all[0].blocks[0].text, "第一页的字,第二页的字,第三页的字。",
                "{order:?}"
            );
        }
        // Two articles that say they go on in each other: left alone.
        let a = "第1版\n\n甲文章的标题\n\n(上接第2版)甲的字,(下转第2版)\n";
        let b = "第2版\n\n乙文章的标题\n\n(上接第1版)乙的字,(下转第1版)\n";
        let mut pages = vec![parse_page("a.txt", a), parse_page("b.txt", b)];
        super::join_continued(&mut pages);
        let kept: usize = pages.iter().map(|p| p.articles.len()).sum();
        assert_eq!(kept, 2);
    }

    #[test]
    fn a_jump_to_a_page_not_given_leaves_the_text_cut() {
        let one =
            "河滨新区建成十座职工驿站\n\n本报讯 记者林小雨报道 户外劳动者可以在这里(下转第2版)\n";
        let mut pages = vec![parse_page("1.txt", one)];
        assert_eq!(super::join_continued(&mut pages), 0);
        assert!(pages[0].articles[0].blocks[0].truncated);
    }
}
