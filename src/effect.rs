//! Effects that keep nothing between runs, boxed.
//!
//! `Effect::new` is generic over its closure, so each call site compiled
//! its own copy of Leptos' effect machinery (about 800 bytes of wasm
//! each, twenty sites). Through [`effect`] the closure is boxed and the
//! machinery is compiled once. Effects that pass a value from one run to
//! the next still call `Effect::new` themselves.

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes, as
/// `Effect::new(f)` does.
pub fn effect(f: impl FnMut() + 'static) -> Effect<LocalStorage> {
    let f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(f)
}
