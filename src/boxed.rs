//! Leptos' effects and memos with their closures boxed.
//!
//! `Effect::new` and `Memo::new` are generic over their closure, so each
//! call site compiled its own copy of Leptos' machinery for them (about
//! 800 bytes of wasm for an effect, a few hundred for a memo; the app has
//! about sixty). Through [`effect`] and [`memo`] the closure is boxed and
//! the machinery is compiled once (once per value type, for a memo).
//! Effects that pass a value from one run to the next still call
//! `Effect::new` themselves. (`#[track_caller]`: Leptos' debug messages
//! still name the line that made the memo or effect.)

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes, as
/// `Effect::new(f)` does.
#[track_caller]
pub fn effect(f: impl FnMut() + 'static) -> Effect<LocalStorage> {
    let f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(f)
}

/// `Memo::new(f)`: `f`'s value, computed again when a signal it read
/// changes, and told to its readers only when it differs.
#[track_caller]
pub fn memo<T>(f: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let f: MemoFn<T> = Box::new(f);
    Memo::new(f)
}

/// A memo's function, given its value before (None the first time).
type MemoFn<T> = Box<dyn Fn(Option<&T>) -> T + Send + Sync>;
