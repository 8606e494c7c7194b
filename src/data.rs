//! Loading the bundle and knowing where the site lives.

use benbao_core::{Bundle, SCHEMA_VERSION};
use std::sync::Arc;

/// Where the bundle is, relative to the page's base URL.
pub const BUNDLE_PATH: &str = "data/bundle.json";

/// The path the site is served under, without a trailing slash: `""` at a
/// host's root, `"/benbao"` under a sub-path. Read from `<base href>`,
/// which Trunk writes from `--public-url`.
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|u| u.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_string()
}

/// Fetches and decodes the bundle. The error says what failed, for the reader.
pub async fn fetch_bundle() -> Result<Arc<Bundle>, String> {
    let response = gloo_net::http::Request::get(BUNDLE_PATH)
        .send()
        .await
        .map_err(|e| format!("无法连接服务器,未能下载 {BUNDLE_PATH}({e})"))?;
    if !response.ok() {
        return Err(format!("服务器对 {BUNDLE_PATH} 的回答是 {} {}", response.status(), response.status_text()));
    }
    let text = response.text().await.map_err(|e| format!("{BUNDLE_PATH} 下载中断({e})"))?;
    decode(&text).map(Arc::new)
}

fn decode(text: &str) -> Result<Bundle, String> {
    let bundle: Bundle = serde_json::from_str(text)
        .map_err(|e| format!("{BUNDLE_PATH} 不是有效的数据包(第 {} 行第 {} 列:{e})", e.line(), e.column()))?;
    if bundle.schema != SCHEMA_VERSION {
        return Err(format!("{BUNDLE_PATH} 的格式版本为 {},本阅读器只读版本 {SCHEMA_VERSION};请更新网站", bundle.schema));
    }
    Ok(bundle)
}
