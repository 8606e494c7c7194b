//! User Timing measures (`performance.measure`) around the app's own work,
//! so that DevTools' performance panel and `cargo xtask bench`'s trace
//! (`BENBAO_BENCH_TRACE=1`) show how long it took, apart from rendering.

use wasm_bindgen::JsCast;

/// Runs `work`, recording its duration as a measure named `name`.
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    // Natively (a pre-rendered page) there is no clock to record on.
    if !cfg!(target_arch = "wasm32") {
        return work();
    }
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = perf.as_ref().map(|p| p.now());
    let out = work();
    if let (Some(perf), Some(start)) = (perf, start) {
        // performance.measure(name, { start }): web-sys has no binding for the options form.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
        if let Ok(measure) = js_sys::Reflect::get(&perf, &"measure".into()) {
            if let Ok(measure) = measure.dyn_into::<js_sys::Function>() {
                let _ = measure.call2(&perf, &name.into(), &options);
            }
        }
    }
    out
}
