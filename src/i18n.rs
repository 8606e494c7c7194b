//! The reader's language: Chinese (default) or English, remembered in
//! localStorage. Place names follow it (pinyin in English).

use benbao_core::{Bundle, Level};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const STORAGE_KEY: &str = "benbao:lang";

impl Lang {
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The remembered choice, Chinese when none.
    pub fn load() -> Lang {
        match Lang::storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .as_deref()
        {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn save(self) {
        if let Some(s) = Lang::storage() {
            let _ = s.set_item(STORAGE_KEY, if self == Lang::En { "en" } else { "zh" });
        }
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", self.html_lang());
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// The language signal, from context.
pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<RwSignal<Lang>>()
}

/// Every UI string, per language.
pub struct Text {
    pub site: &'static str,
    pub tagline: &'static str,
    pub switch_to: &'static str,
    pub switch_label: &'static str,
    pub skip: &'static str,
    pub filters: &'static str,
    pub regions: &'static str,
    /// The label of the button that shows or hides a place's sub-places.
    pub sub_places: fn(&str) -> String,
    pub topics: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub clear: &'static str,
    /// The clear button when only a search is on.
    pub clear_search: &'static str,
    pub close: &'static str,
    pub empty: &'static str,
    /// No result for a search (its text).
    pub empty_search: fn(&str) -> String,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub back: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub cut: &'static str,
    /// Sharing an article: the button, and what happened.
    pub share: &'static str,
    pub link_copied: &'static str,
    pub copy_failed: &'static str,
    pub not_found: &'static str,
    /// An address that is neither the list nor an article.
    pub no_page: &'static str,
    pub map_title: fn(&str) -> String,
    pub offline: &'static str,
    pub new_version: &'static str,
    pub new_content: &'static str,
    pub results: fn(usize) -> String,
    pub articles: fn(usize) -> String,
    pub search_title: fn(&str) -> String,
    pub dates: &'static str,
    pub any_date: &'static str,
    pub sort: &'static str,
    pub newest: &'static str,
    pub oldest: &'static str,
    pub page_nav: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub part_failed: &'static str,
    /// A result whose file failed: what failed, and the retry, are said once above the cards.
    pub card_failed: &'static str,
    /// The code of a page (fetched when first shown) could not be fetched.
    #[cfg_attr(not(benbao_split), allow(dead_code))]
    pub page_code_failed: &'static str,
    pub search_failed: &'static str,
    pub about_results: fn(usize) -> String,
    pub page_of: fn(usize, usize) -> String,
    pub loading_parts: fn(usize) -> String,
    /// Offline: the search looked only at the articles saved on this device.
    pub searched_saved: fn(usize) -> String,
    pub month: fn(u32) -> String,
    /// Editions (issue 19): the home page's links, an edition's pages,
    /// the calendar of past editions.
    pub editions: &'static str,
    pub latest_edition: &'static str,
    pub past_editions: &'static str,
    pub prev_edition: &'static str,
    pub next_edition: &'static str,
    pub edition_pages: &'static str,
    pub all_pages: &'static str,
    /// An edition's page before and after the one shown.
    pub page_steps: &'static str,
    pub prev_sheet: &'static str,
    pub next_sheet: &'static str,
    /// A page (版) by its number as printed: 第01版.
    pub page_label: fn(&str) -> String,
    pub page_pdf: &'static str,
    pub no_edition: &'static str,
    pub no_edition_month: &'static str,
    /// A date (YYYY-MM-DD) as a reader says it.
    pub day: fn(&str) -> String,
    pub month_title: fn(i32, u32) -> String,
    pub months: &'static str,
    pub prev_month: &'static str,
    pub next_month: &'static str,
    pub years: &'static str,
    /// Monday first.
    pub weekdays: [&'static str; 7],
    pub weekdays_long: [&'static str; 7],
}

/// The year, month and day of `YYYY-MM-DD` (zeros where unreadable).
fn ymd(date: &str) -> (u32, u32, u32) {
    let mut parts = date.splitn(3, '-').map(|p| p.parse().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_en(m: u32) -> &'static str {
    MONTHS_EN.get((m as usize).wrapping_sub(1)).unwrap_or(&"?")
}

static ZH: Text = Text {
    site: "本报",
    tagline: "地方报纸阅读",
    switch_to: "EN",
    switch_label: "Switch to English",
    skip: "跳到正文",
    filters: "筛选",
    regions: "地区",
    sub_places: |name| format!("{name}下属地区"),
    topics: "主题",
    search: "搜索",
    search_placeholder: "搜索标题、作者和正文",
    clear: "清除筛选",
    clear_search: "清除搜索",
    close: "完成",
    empty: "没有符合条件的文章。",
    empty_search: |q| format!("没有找到含“{q}”的文章。"),
    loading: "正在加载",
    load_failed: "文章未能加载:",
    retry: "重试",
    back: "返回文章列表",
    previous: "上一篇",
    next: "下一篇",
    cut: "原文在此处中断",
    share: "分享",
    link_copied: "链接已复制",
    copy_failed: "无法复制链接,请从地址栏复制",
    not_found: "没有这篇文章。",
    no_page: "没有这个页面。",
    map_title: |province| format!("{province}各市文章数"),
    offline: "现在离线:显示的是上次保存的内容。",
    new_version: "本报已更新到新版本。",
    new_content: "有新内容,文章已更新。",
    results: |n| format!("共 {n} 篇"),
    articles: |n| format!("{n} 篇"),
    search_title: |q| format!("“{q}”的搜索结果"),
    dates: "日期",
    any_date: "全部日期",
    sort: "排序",
    newest: "最新在前",
    oldest: "最早在前",
    page_nav: "翻页",
    prev_page: "上一页",
    next_page: "下一页",
    part_failed: "这部分文章未能载入。",
    card_failed: "此篇未能载入(见上方提示)。",
    page_code_failed: "此页的程序文件未能下载,请检查网络后重试。",
    search_failed: "搜索索引未能载入:",
    about_results: |n| format!("最多 {n} 篇(正在逐篇核对)"),
    page_of: |p, n| format!("第 {p} / {n} 页"),
    loading_parts: |n| format!("正在载入 {n} 个文件…"),
    searched_saved: |n| format!("现在离线:只在本机保存的 {n} 篇文章中搜索,结果可能不全。"),
    month: |m| format!("{m}月"),
    editions: "报纸各期",
    latest_edition: "最新一期",
    past_editions: "往期",
    prev_edition: "上一期",
    next_edition: "下一期",
    edition_pages: "版面导航",
    all_pages: "全部版面",
    page_steps: "上一版和下一版",
    prev_sheet: "上一版",
    next_sheet: "下一版",
    page_label: |p| format!("第{p}版"),
    page_pdf: "PDF",
    no_edition: "这一天没有出报",
    no_edition_month: "这个月没有报纸。",
    day: |d| {
        let (y, m, d) = ymd(d);
        format!("{y}年{m}月{d}日")
    },
    month_title: |y, m| format!("{y}年{m}月"),
    months: "月份",
    prev_month: "上一个月",
    next_month: "下一个月",
    years: "年份",
    weekdays: ["一", "二", "三", "四", "五", "六", "日"],
    weekdays_long: [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ],
};

static EN: Text = Text {
    site: "Benbao",
    tagline: "Regional news reader",
    switch_to: "中文",
    switch_label: "切换到中文",
    skip: "Skip to content",
    filters: "Filters",
    regions: "Regions",
    sub_places: |name| format!("Places in {name}"),
    topics: "Topics",
    search: "Search",
    search_placeholder: "Search titles, bylines and text",
    clear: "Clear filters",
    clear_search: "Clear search",
    close: "Done",
    empty: "No article matches.",
    empty_search: |q| format!("No article contains “{q}”."),
    loading: "Loading",
    load_failed: "The articles could not be loaded: ",
    retry: "Retry",
    back: "Back to the list",
    previous: "Previous",
    next: "Next",
    cut: "the source text breaks off here",
    share: "Share",
    link_copied: "Link copied",
    copy_failed: "Could not copy the link: copy it from the address bar",
    not_found: "There is no such article.",
    no_page: "There is no such page.",
    map_title: |province| format!("Articles per city of {province}"),
    offline: "You are offline: showing the copy saved on your last visit.",
    new_version: "Benbao has been updated to a new version.",
    new_content: "New content: the articles have been updated.",
    results: |n| {
        if n == 1 {
            "1 article".into()
        } else {
            format!("{n} articles")
        }
    },
    articles: |n| {
        if n == 1 {
            "1 article".into()
        } else {
            format!("{n} articles")
        }
    },
    search_title: |q| format!("Search: {q}"),
    dates: "Dates",
    any_date: "Any date",
    sort: "Order",
    newest: "Newest first",
    oldest: "Oldest first",
    page_nav: "Pages",
    prev_page: "Previous page",
    next_page: "Next page",
    part_failed: "These articles could not be loaded.",
    card_failed: "This article could not be loaded (see above).",
    page_code_failed:
        "This page's program file could not be downloaded: check the connection and retry.",
    search_failed: "The search index could not be loaded: ",
    about_results: |n| format!("At most {n} articles (checking each)"),
    page_of: |p, n| format!("Page {p} of {n}"),
    searched_saved: |n| {
        format!("You are offline: this searched only the {n} articles saved on this device, so results may be missing.")
    },
    loading_parts: |n| {
        if n == 1 {
            "Loading 1 file…".into()
        } else {
            format!("Loading {n} files…")
        }
    },
    month: |m| month_en(m).to_string(),
    editions: "Editions",
    latest_edition: "Latest edition",
    past_editions: "Past editions",
    prev_edition: "Previous edition",
    next_edition: "Next edition",
    edition_pages: "Pages of this edition",
    all_pages: "All pages",
    page_steps: "Previous and next page",
    prev_sheet: "Previous page",
    next_sheet: "Next page",
    page_label: |p| format!("Page {p}"),
    page_pdf: "PDF",
    no_edition: "There is no edition on this day",
    no_edition_month: "There is no edition in this month.",
    day: |d| {
        let (y, m, d) = ymd(d);
        format!("{d} {} {y}", month_en(m))
    },
    month_title: |y, m| format!("{} {y}", month_en(m)),
    months: "Months",
    prev_month: "Previous month",
    next_month: "Next month",
    years: "Years",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    weekdays_long: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
};

/// A region's display name: the bundle's name (or pinyin in English), the
/// bare code when the bundle does not name it.
pub fn place_name(bundle: &Bundle, code: &str, lang: Lang) -> String {
    match bundle.places.get(code) {
        Some(p) if lang == Lang::En => english_place(&p.pinyin, p.level),
        Some(p) => p.name.clone(),
        None => code.to_string(),
    }
}

fn english_place(pinyin: &str, level: Level) -> String {
    match level {
        Level::Province => format!("{pinyin} Province"),
        Level::City => pinyin.to_string(),
        Level::County | Level::Town => pinyin.to_string(),
    }
}

/// A topic's display name, the bare id when the bundle does not name it.
pub fn topic_name(bundle: &Bundle, id: &str, lang: Lang) -> String {
    match bundle.topics.get(id) {
        Some(t) if lang == Lang::En => t.en.clone(),
        Some(t) => t.zh.clone(),
        None => id.to_string(),
    }
}
