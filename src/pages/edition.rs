//! The paper as it was printed: an edition (`/e/<date>/`), one of its
//! pages (`/e/<date>/<page>/`), and the calendar of past editions
//! (`/e/?m=<YYYY-MM>`, 往期). Each reads the archive's calendar and one
//! month's file (`benbao_core::archive::editions`), never the articles.
//!
//! Each page is drawn whole from its data and the language (read once, at
//! the top: switching language redraws it), with plain strings below: a
//! reactive closure per label cost the wasm about 20 KB here.

use crate::app::{set_title, NotFound};
use crate::context::{Base, SharedLibrary};
use crate::i18n::{use_lang, Text};
use crate::parts::Parts;
use crate::problem::Problem;
use crate::state::article_href;
use benbao_core::archive::editions::{
    month_of, neighbours, year_month, Calendar, Edition, MonthFile, Page,
};
use benbao_core::date::days_of;
use benbao_core::query::Query;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use std::rc::Rc;

/// An edition's address (and one page's, with `page`).
fn edition_href(base: &Base, date: &str, page: Option<&str>) -> String {
    match page {
        Some(p) => base.href(&format!("/e/{date}/{p}/")),
        None => base.href(&format!("/e/{date}/")),
    }
}

/// The calendar's address, showing `month`.
fn calendar_href(base: &Base, month: &str) -> String {
    base.href(&format!("/e/?m={month}"))
}

/// The tab's title, once drawn (an effect: no browser call while
/// rendering, so that the pre-renderer can draw these views natively).
fn title_is(title: String) {
    crate::boxed::effect(move || set_title(&title));
}

/// A step to a neighbour (edition, page, month): which way, and where.
fn step(class: &'static str, href: String, dir: &'static str, label: String) -> AnyView {
    let rel = if class == "prev" { "prev" } else { "next" };
    view! {
        <a class=class rel=rel href=href>
            <span class="dir">{dir}</span>
            <span class="t">{label}</span>
        </a>
    }
    .into_any()
}

fn loading(t: &'static Text) -> AnyView {
    view! {
        <div class="skeleton" role="status" aria-busy="true">
            <span class="visually-hidden">{t.loading}</span>
            <div class="skeleton-card"></div>
        </div>
    }
    .into_any()
}

fn failed(t: &'static Text, why: String, retry: impl Fn() + 'static) -> AnyView {
    view! {
        <div class="notice error" role="alert">
            <p>{format!("{} {why}", t.part_failed)}</p>
            <button on:click=move |_| retry()>{t.retry}</button>
        </div>
    }
    .into_any()
}

/// The home page's way in: the latest edition, and the calendar.
#[component]
pub fn EditionLinks() -> impl IntoView {
    let lib = expect_context::<SharedLibrary>();
    let base = expect_context::<Base>();
    let lang = use_lang();
    let latest = lib.archive.manifest.latest_edition.clone()?;
    let (href, all) = (edition_href(&base, &latest, None), base.href("/e/"));
    Some(move || {
        let t = lang.get().text();
        view! {
            <nav class="edition-links" aria-label=t.editions>
                <a class="latest" href=href.clone()>
                    <span>{t.latest_edition}</span>
                    <span class="when">{(t.day)(&latest)}</span>
                </a>
                <a href=all.clone()>{t.past_editions}</a>
            </nav>
        }
    })
}

/// `/e/…`: the calendar (`/e/`), an edition (`/e/<date>/`) or one of its
/// pages (`/e/<date>/<page>/`). (One route: each route's matching is
/// compiled into the wasm on its own.)
#[component]
pub fn Editions() -> impl IntoView {
    let params = use_params_map();
    let rest = crate::boxed::memo(move |_| params.read().get("rest").unwrap_or_default());
    let date =
        crate::boxed::memo(move |_| rest.with(|r| r.split('/').next().unwrap_or("").to_string()));
    move || {
        if date.with(|d| d.is_empty()) {
            view! { <CalendarPage/> }.into_any()
        } else {
            view! { <EditionPage rest/> }.into_any()
        }
    }
}

/// The calendar and a month's editions, as fetched.
type Found = Result<(Option<Rc<Calendar>>, Option<Rc<MonthFile>>), Problem>;

/// The calendar and `month`'s editions (none for an empty month), fetched
/// whenever `month` changes or the retry count (the second signal) does;
/// `None` while on their way. (One plain signal for both pages: a
/// `LocalResource` of each type compiled its own copy of the async
/// machinery into the wasm.)
fn use_month(month: Memo<String>) -> (Signal<Option<Found>, LocalStorage>, RwSignal<u32>) {
    let lib = expect_context::<SharedLibrary>();
    let parts = expect_context::<Parts>();
    // Already here (the pre-renderer's, or fetched for another edition of
    // the month): drawn at once, no loading frame.
    let here = move |month: &str| parts.month_here(month).map(|f| (month.to_string(), Ok(f)));
    let fetched: RwSignal<Option<(String, Found)>, LocalStorage> =
        RwSignal::new_local(here(&month.get_untracked()));
    let attempt = RwSignal::new(0u32);
    crate::boxed::effect(move || {
        attempt.track();
        let (lib, asked) = (lib.clone(), month.get());
        // Already drawn from it (the first run, or back to it): nothing to do.
        let drawn = fetched.with_untracked(|f| {
            f.as_ref()
                .is_some_and(|(m, found)| *m == asked && found.is_ok())
        });
        if drawn {
            return;
        }
        if let Some(found) = here(&asked) {
            fetched.set(Some(found));
            return;
        }
        leptos::task::spawn_local(async move {
            let found = parts.month(&lib, &asked).await;
            // Only for the month still asked for: a late answer for one
            // the reader has left must not replace the one shown.
            if month.try_with_untracked(|now| *now == asked) == Some(true) {
                fetched.try_set(Some((asked, found)));
            }
        });
    });
    let found = Signal::derive_local(move || {
        fetched.with(|f| {
            f.as_ref()
                .filter(|(m, _)| month.with(|now| now == m))
                .map(|(_, found)| found.clone())
        })
    });
    // A pre-rendered page stays until the app has the data to draw it (a
    // failed fetch leaves the whole static edition readable).
    crate::boxed::effect(move || {
        if found.with(|f| matches!(f, Some(Ok(_)))) {
            crate::takeover::shown();
        }
    });
    (found, attempt)
}

/// `/e/<date>/` and `/e/<date>/<page>/`.
#[component]
fn EditionPage(rest: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    let date =
        crate::boxed::memo(move |_| rest.with(|r| r.split('/').next().unwrap_or("").to_string()));
    // A page, and nothing past it.
    let page = crate::boxed::memo(move |_| {
        rest.with(|r| {
            let mut parts = r.trim_end_matches('/').split('/').skip(1);
            match (parts.next(), parts.next()) {
                (Some(p), None) => Some(p.to_string()),
                (None, _) => None,
                // Deeper than a page: no page has that name.
                (Some(_), Some(_)) => Some(String::new()),
            }
        })
    });
    let month = crate::boxed::memo(move |_| month_of(&date.get()).to_string());
    let (found, attempt) = use_month(month);
    move || {
        let t = lang.get().text();
        match found.get() {
            None => loading(t),
            Some(Err(why)) => failed(t, why.say(lang.get()), move || attempt.update(|a| *a += 1)),
            Some(Ok((calendar, editions))) => {
                let date = date.get();
                let edition = editions
                    .as_ref()
                    .and_then(|m| m.iter().find(|e| e.date == date).cloned());
                let around = calendar
                    .as_ref()
                    .map(|c| neighbours(c, &date))
                    .unwrap_or_default();
                match (edition, page.get()) {
                    // Not a date (/e/abc/, /e/2006-1-5/): no such page.
                    _ if !benbao_core::date::is_date(&date) => {
                        view! { <NotFound page=true/> }.into_any()
                    }
                    (None, _) => no_edition(t, &date, around),
                    (Some(e), Some(p)) if !e.pages.iter().any(|x| x.page == p) => no_page(t, &date),
                    (Some(edition), page) => edition_view(t, edition, page, around),
                }
            }
        }
    }
}

/// Links to the editions before and after.
fn around_steps(
    t: &'static Text,
    around: (Option<String>, Option<String>),
) -> (Option<AnyView>, Option<AnyView>) {
    let base = expect_context::<Base>();
    let to = |d: Option<String>, class, dir| {
        d.map(|d| step(class, edition_href(&base, &d, None), dir, (t.day)(&d)))
    };
    (
        to(around.0, "prev", t.prev_edition),
        to(around.1, "next", t.next_edition),
    )
}

/// An edition's way to the one before and after, and to the calendar.
fn edition_nav(t: &'static Text, date: &str, around: (Option<String>, Option<String>)) -> AnyView {
    let calendar = calendar_href(&expect_context::<Base>(), month_of(date));
    let (prev, next) = around_steps(t, around);
    view! {
        <nav class="edition-nav" aria-label=t.editions>
            {prev}
            <a class="all" href=calendar>{t.past_editions}</a>
            {next}
        </nav>
    }
    .into_any()
}

/// The same steps under a whole edition (a long page on a phone), not a
/// second landmark of the same name.
fn edition_steps_below(t: &'static Text, around: (Option<String>, Option<String>)) -> AnyView {
    let (prev, next) = around_steps(t, around);
    view! { <div class="edition-nav below">{prev}{next}</div> }.into_any()
}

/// A date with no edition: says so, with the editions around it.
fn no_edition(t: &'static Text, date: &str, around: (Option<String>, Option<String>)) -> AnyView {
    let day = (t.day)(date);
    title_is(format!("{day} · {} · {}", t.no_edition, t.site));
    view! {
        <div class="edition">
            <div class="notice">
                <h1>{day}</h1>
                <p>{t.no_edition}</p>
            </div>
            {edition_nav(t, date, around)}
        </div>
    }
    .into_any()
}

/// A page the edition does not have: says so, with the way to the edition.
fn no_page(t: &'static Text, date: &str) -> AnyView {
    let base = expect_context::<Base>();
    let day = (t.day)(date);
    title_is(format!("{} · {}", t.no_page, t.site));
    view! {
        <div class="edition">
            <div class="notice">
                <h1>{t.no_page}</h1>
                <a href=edition_href(&base, date, None)>{format!("{day} · {}", t.all_pages)}</a>
            </div>
        </div>
    }
    .into_any()
}

/// "第01版 要闻": a page's number and name as printed.
fn page_title(t: &'static Text, p: &Page) -> String {
    let label = (t.page_label)(&p.page);
    match &p.name {
        Some(n) => format!("{label} {n}"),
        None => label,
    }
}

fn edition_view(
    t: &'static Text,
    edition: Edition,
    page: Option<String>,
    around: (Option<String>, Option<String>),
) -> AnyView {
    let base = expect_context::<Base>();
    let Edition { date, paper, pages } = edition;
    let at = page
        .as_ref()
        .and_then(|p| pages.iter().position(|x| &x.page == p));
    let mut title = vec![(t.day)(&date)];
    if let Some(k) = at {
        title.insert(0, page_title(t, &pages[k]));
    }
    title.extend(paper.clone());
    title.push(t.site.to_string());
    title_is(title.join(" · "));
    let tab = |href: String, current: bool, label: String| {
        view! { <li><a href=href aria-current=current.then_some("page")>{label}</a></li> }
    };
    let mut tabs = vec![tab(
        edition_href(&base, &date, None),
        at.is_none(),
        t.all_pages.to_string(),
    )];
    tabs.extend(pages.iter().enumerate().map(|(k, p)| {
        tab(
            edition_href(&base, &date, Some(&p.page)),
            at == Some(k),
            page_title(t, p),
        )
    }));
    let sections = pages
        .iter()
        .enumerate()
        .filter(|(k, _)| at.is_none_or(|a| a == *k))
        .map(|(_, p)| page_section(t, &date, p))
        .collect_view();
    // One page shown: the pages before and after it, and the whole edition.
    let steps = at.map(|k| {
        let to = |p: Option<&Page>, class, dir| {
            p.map(|p| {
                step(
                    class,
                    edition_href(&base, &date, Some(&p.page)),
                    dir,
                    page_title(t, p),
                )
            })
        };
        view! {
            <nav class="page-steps" aria-label=t.page_steps>
                {to(k.checked_sub(1).and_then(|j| pages.get(j)), "prev", t.prev_sheet)}
                <a class="all" href=edition_href(&base, &date, None)>{t.all_pages}</a>
                {to(pages.get(k + 1), "next", t.next_sheet)}
            </nav>
        }
    });
    let below = at.is_none().then(|| edition_steps_below(t, around.clone()));
    view! {
        <article class="edition">
            <header class="edition-head">
                <h1>
                    {paper.map(|p| view! { <span class="paper">{p}</span> " " })}
                    <span class="edition-date">{(t.day)(&date)}</span>
                </h1>
                {edition_nav(t, &date, around)}
            </header>
            <nav class="edition-pages" aria-label=t.edition_pages>
                <ol>{tabs}</ol>
            </nav>
            {sections}
            {steps}
            {below}
        </article>
    }
    .into_any()
}

/// One page: its title, its PDF when published, its headlines in order.
fn page_section(t: &'static Text, date: &str, page: &Page) -> AnyView {
    let lib = expect_context::<SharedLibrary>();
    let base = expect_context::<Base>();
    let id = format!("page-{}", page.page);
    let pdf = page.pdf.as_ref().map(|f| {
        let label = format!("{} {}", (t.page_label)(&page.page), t.page_pdf);
        view! { <a class="pdf" href=format!("{}{f}", lib.archive.root)>{label}</a> }
    });
    let headlines = page
        .articles
        .iter()
        .map(|h| {
            let href = article_href(&h.id, &Query::default());
            view! { <li lang="zh-CN"><a href=href>{h.title.clone()}</a></li> }
        })
        .collect_view();
    let labelled = id.clone();
    view! {
        <section class="edition-page" aria-labelledby=labelled>
            <h2 id=id>
                <a href=edition_href(&base, date, Some(&page.page))>{page_title(t, page)}</a>
            </h2>
            {pdf}
            <ol class="headlines">{headlines}</ol>
        </section>
    }
    .into_any()
}

/// `/e/?m=YYYY-MM`: 往期, a month's calendar with its editions as links.
#[component]
fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let asked = crate::boxed::memo(move |_| query.read().get("m"));
    // The calendar alone (no month's file).
    let (found, attempt) = use_month(crate::boxed::memo(|_| String::new()));
    move || {
        let t = lang.get().text();
        match found.get() {
            None => loading(t),
            Some(Err(why)) => failed(t, why.say(lang.get()), move || attempt.update(|a| *a += 1)),
            Some(Ok((Some(calendar), _))) if !calendar.is_empty() => {
                // The month asked for (any valid month, even one without
                // editions), else the latest edition's.
                let month = asked
                    .get()
                    .filter(|m| m.len() == 7 && days_of(&format!("{m}-01")).is_some())
                    .or_else(|| calendar.keys().next_back().cloned())
                    .unwrap_or_default();
                month_calendar(t, &calendar, &month)
            }
            // No editions (or none listed): no such page.
            Some(Ok(_)) => view! { <NotFound page=true/> }.into_any(),
        }
    }
}

fn month_calendar(t: &'static Text, calendar: &Rc<Calendar>, month: &str) -> AnyView {
    let base = expect_context::<Base>();
    let (year, m) = year_month(month);
    let title = (t.month_title)(year, m);
    title_is(format!("{} · {title} · {}", t.past_editions, t.site));
    let first = days_of(&format!("{month}-01")).unwrap_or(0);
    let next_first = days_of(&if m == 12 {
        format!("{}-01-01", year + 1)
    } else {
        format!("{year}-{:02}-01", m + 1)
    })
    .unwrap_or(first + 31);
    let length = next_first - first;
    // Monday first: 1970-01-01 was a Thursday.
    let lead = (first + 3).rem_euclid(7);
    let days: &[u8] = calendar.get(month).map_or(&[], |c| c.days.as_slice());
    let rows = (0..(lead + length + 6) / 7)
        .map(|w| {
            let cells = (0..7)
                .map(|d| {
                    let n = w * 7 + d - lead + 1;
                    let cell = (1..=length).contains(&n).then(|| {
                        if days.contains(&(n as u8)) {
                            let date = format!("{month}-{n:02}");
                            view! { <a href=edition_href(&base, &date, None) aria-label=(t.day)(&date)>{n}</a> }
                                .into_any()
                        } else {
                            view! { <span>{n}</span> }.into_any()
                        }
                    });
                    view! { <td>{cell}</td> }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let heads = (0..7)
        .map(|d| view! { <th scope="col" abbr=t.weekdays_long[d]>{t.weekdays[d]}</th> })
        .collect_view();
    // The nearest months with editions, before and after.
    let to = |k: Option<&String>, class, dir| {
        k.map(|k| {
            let (y, mm) = year_month(k);
            step(class, calendar_href(&base, k), dir, (t.month_title)(y, mm))
        })
    };
    let before = to(
        calendar.range(..month.to_string()).next_back().map(|e| e.0),
        "prev",
        t.prev_month,
    );
    let after = to(
        calendar
            .range((
                std::ops::Bound::Excluded(month.to_string()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .map(|e| e.0),
        "next",
        t.next_month,
    );
    // Every year with editions, to its first month with one (the year
    // shown: this month).
    let mut years: Vec<(i32, &str)> = Vec::new();
    for k in calendar.keys() {
        let y = year_month(k).0;
        if years.last().is_none_or(|(last, _)| *last != y) {
            years.push((y, k));
        }
    }
    let years = years
        .into_iter()
        .map(|(y, first)| {
            let current = y == year;
            let href = calendar_href(&base, first);
            view! { <li><a href=href aria-current=current.then_some("true")>{y}</a></li> }
        })
        .collect_view();
    view! {
        <section class="calendar" aria-labelledby="calendar-title">
            <h1 id="calendar-title">{format!("{} · {title}", t.past_editions)}</h1>
            {(before.is_some() || after.is_some())
                .then(|| view! { <nav class="month-steps" aria-label=t.months>{before}{after}</nav> })}
            {days.is_empty().then(|| view! { <p class="notice">{t.no_edition_month}</p> })}
            <table class="month">
                <caption class="visually-hidden">{title}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <nav class="years" aria-label=t.years>
                <ol>{years}</ol>
            </nav>
        </section>
    }
    .into_any()
}
