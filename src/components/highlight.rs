//! Search matches marked in text, built as DOM nodes (never HTML strings).

use benbao_core::search::highlight;
use leptos::prelude::*;

/// `text` with every match of `terms` in a `<mark>`.
pub fn marked(text: &str, terms: &[String]) -> Vec<AnyView> {
    if terms.is_empty() {
        return vec![text.to_string().into_any()];
    }
    highlight(text, terms)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                view! { <mark>{piece.to_string()}</mark> }.into_any()
            } else {
                piece.to_string().into_any()
            }
        })
        .collect()
}
