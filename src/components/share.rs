//! Sharing an article: the system's share sheet where the browser has one
//! (the Web Share API, on phones), else the link copied to the clipboard,
//! and either way a word to the reader about what happened.

use crate::i18n::{use_lang, Text};
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// What the last tap did.
#[derive(Clone, Copy, PartialEq)]
enum Said {
    Nothing,
    Copied,
    Failed,
}

/// `url`: the article's own address (without the list's query).
#[component]
pub fn ShareButton(title: String, url: String) -> impl IntoView {
    let lang = use_lang();
    let said = RwSignal::new(Said::Nothing);
    let on_click = move |_| {
        let (title, url) = (title.clone(), url.clone());
        leptos::task::spawn_local(async move {
            said.set(share(&title, &url).await);
        });
    };
    let message = move || {
        let t: &Text = lang.get().text();
        match said.get() {
            Said::Nothing => "",
            Said::Copied => t.link_copied,
            Said::Failed => t.copy_failed,
        }
    };
    view! {
        <div class="share">
            <button class="share-button" on:click=on_click>{move || lang.get().text().share}</button>
            <p class="said" role="status">{message}</p>
        </div>
    }
}

/// `navigator[name]` as a function bound to `target`, if there is one.
fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &name.into()).ok()?.dyn_into().ok()
}

/// Shares `url`; says what to tell the reader.
async fn share(title: &str, url: &str) -> Said {
    let navigator: JsValue = leptos::prelude::window().navigator().into();
    // The share sheet. The reader may close it (nothing to say then); if
    // it fails otherwise, the link is copied instead.
    if let Some(share) = method(&navigator, "share") {
        let data = Object::new();
        let _ = Reflect::set(&data, &"title".into(), &title.into());
        let _ = Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(p) = share.call1(&navigator, &data) {
            if let Ok(p) = p.dyn_into::<Promise>() {
                match wasm_bindgen_futures::JsFuture::from(p).await {
                    Ok(_) => return Said::Nothing,
                    Err(e) => {
                        let name = Reflect::get(&e, &"name".into())
                            .ok()
                            .and_then(|n| n.as_string());
                        if name.as_deref() == Some("AbortError") {
                            return Said::Nothing;
                        }
                    }
                }
            }
        }
    }
    let clipboard = Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    let copied = match method(&clipboard, "writeText")
        .and_then(|w| w.call1(&clipboard, &url.into()).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok())
    {
        Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        None => false,
    };
    if copied {
        Said::Copied
    } else {
        Said::Failed
    }
}
