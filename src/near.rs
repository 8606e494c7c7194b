//! Which results are on screen or about to be: a card's files are fetched
//! only then, as in a virtualised list.
//!
//! A page of results has 20 places; a phone shows two of them at once, a
//! desktop four. In an archive each card may need its own summary chunk
//! (a rare term's newest matches lie years apart), so fetching the whole
//! page at once meant 20 requests, and as many cards drawn, before the
//! reader saw the first four settle. Now the first screenful is asked for
//! at once (its size guessed from the window's height, before any layout,
//! so that the requests still leave before the redraw), and each further
//! placeholder when an `IntersectionObserver` sees it come within a
//! quarter of a screen of the view. Without `IntersectionObserver`, every
//! place is wanted at once, as before.

use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry};

/// The places of a page taken for one screenful before layout: a card is
/// about 200 px high at any width (taller on phones, which are taller too).
const CARD_PX: f64 = 200.0;

/// The attribute a placeholder carries: its article's number.
pub const ATTR: &str = "data-article";

#[derive(Clone, Copy)]
pub struct Near {
    /// Articles whose placeholder has come near the view.
    seen: RwSignal<Vec<u32>>,
    /// How many places of a page are wanted before any is seen.
    first: usize,
    watcher: StoredValue<Option<Watcher>, LocalStorage>,
}

struct Watcher {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
    /// The placeholders watched, to let go of those no longer in the page.
    watched: RefCell<Vec<Element>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

impl Near {
    /// For one list page; its watcher stops with the page. With
    /// `whole_page` (a list scrolled back to), every place is wanted from
    /// the start.
    pub fn new(page_size: usize, whole_page: bool) -> Near {
        let seen = RwSignal::new(Vec::new());
        // Natively (a pre-rendered page), no window: every place counts.
        let height = cfg!(target_arch = "wasm32")
            .then(|| window().inner_height().ok().and_then(|h| h.as_f64()))
            .flatten();
        let first = height.filter(|_| !whole_page).map_or(page_size, |h| {
            ((h / CARD_PX).ceil() as usize).clamp(1, page_size)
        });
        Near {
            seen,
            first,
            watcher: StoredValue::new_local(Watcher::new(seen)),
        }
    }

    /// The articles of `page` (in order) whose files are wanted now; tracked.
    pub fn wanted(&self, page: &[u32]) -> Vec<u32> {
        let watching = self.watcher.with_value(Option::is_some);
        if !watching {
            return page.to_vec();
        }
        self.seen.with(|seen| {
            page.iter()
                .enumerate()
                .filter(|(k, i)| *k < self.first || seen.contains(i))
                .map(|(_, &i)| i)
                .collect()
        })
    }

    /// The first screenful of `page`: what must show before the page counts as drawn.
    pub fn first<'a>(&self, page: &'a [u32]) -> &'a [u32] {
        &page[..page.len().min(self.first)]
    }

    /// Watches a placeholder (with [`ATTR`]) until it comes near the view.
    pub fn watch(&self, el: &Element) {
        self.watcher.with_value(|w| {
            if let Some(w) = w {
                let mut watched = w.watched.borrow_mut();
                // Placeholders replaced or dropped since: let them go.
                watched.retain(|old| {
                    let keep = old.is_connected();
                    if !keep {
                        w.observer.unobserve(old);
                    }
                    keep
                });
                w.observer.observe(el);
                watched.push(el.clone());
            }
        });
    }
}

impl Watcher {
    fn new(seen: RwSignal<Vec<u32>>) -> Option<Watcher> {
        if !cfg!(target_arch = "wasm32") {
            return None;
        }
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let came: Vec<u32> = entries
                .iter()
                .map(|e| e.unchecked_into::<IntersectionObserverEntry>())
                .filter(|e| e.is_intersecting())
                .filter_map(|e| e.target().get_attribute(ATTR)?.parse().ok())
                .collect();
            let new = seen
                .try_with_untracked(|s| came.iter().any(|i| !s.contains(i)))
                .unwrap_or(false);
            if new {
                seen.try_update(|s| {
                    for i in came {
                        if !s.contains(&i) {
                            s.push(i);
                        }
                    }
                });
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin("0px 0px 25% 0px");
        let observer =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
                .ok()?;
        Some(Watcher {
            observer,
            _callback: callback,
            watched: RefCell::new(Vec::new()),
        })
    }
}
