//! What can go wrong loading the archive's files, as data: the views say it
//! in the reader's language (`Problem::say`), like every other string.

use crate::i18n::Lang;

/// Why a file could not be used; `path` is the file as fetched.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// No answer within `seconds`.
    Timeout { path: String, seconds: u32 },
    /// No connection (offline, refused, blocked).
    Unreachable { path: String, detail: String },
    /// The host answered with an error status.
    Status {
        path: String,
        status: u16,
        text: String,
    },
    /// The answer broke off.
    Cut { path: String, detail: String },
    /// An HTML page where a data file should be (a host's error page).
    Html { path: String },
    /// Not JSON of the expected shape.
    Unreadable { path: String, detail: String },
    /// JSON, but not an archive's manifest.
    NotManifest { path: String },
    /// An archive of another format version.
    Version {
        path: String,
        found: u32,
        reads: u32,
    },
    /// A manifest or file whose numbers or names are wrong (the detail
    /// names the field; it comes from benbao-core's checks, in English).
    Damaged { path: String, detail: String },
    /// A file whose content is not what the hash in its name promises,
    /// fetched a second time past the caches.
    Mismatch { path: String },
    /// A program file of the app (`crate::split`) could not be fetched.
    #[cfg_attr(not(benbao_split), allow(dead_code))]
    Code { path: String },
}

impl Problem {
    /// The file it is about, as fetched.
    pub fn path(&self) -> &str {
        use Problem::*;
        match self {
            Timeout { path, .. }
            | Unreachable { path, .. }
            | Status { path, .. }
            | Cut { path, .. }
            | Html { path }
            | Unreadable { path, .. }
            | NotManifest { path }
            | Version { path, .. }
            | Damaged { path, .. }
            | Mismatch { path }
            | Code { path } => path,
        }
    }

    /// The sentence for the reader, in `lang`, naming the file.
    pub fn say(&self, lang: Lang) -> String {
        use Problem::*;
        match (lang, self) {
            (Lang::Zh, Timeout { path, seconds }) => format!("服务器 {seconds} 秒内没有回应 {path}"),
            (Lang::En, Timeout { path, seconds }) => {
                format!("The server did not answer within {seconds} s: {path}")
            }
            (Lang::Zh, Unreachable { path, detail }) => {
                format!("无法连接服务器,未能下载 {path}({detail})")
            }
            (Lang::En, Unreachable { path, detail }) => {
                format!("Could not reach the server to download {path} ({detail})")
            }
            (Lang::Zh, Status { path, status, text }) => {
                format!("服务器对 {path} 的回答是 {status} {text}")
            }
            (Lang::En, Status { path, status, text }) => {
                format!("The server answered {status} {text} for {path}")
            }
            (Lang::Zh, Cut { path, detail }) => format!("{path} 下载中断({detail})"),
            (Lang::En, Cut { path, detail }) => format!("{path} broke off ({detail})"),
            (Lang::Zh, Html { path }) => {
                format!("{path}:服务器送来的是 HTML 网页,不是数据文件(主机的错误页?)")
            }
            (Lang::En, Html { path }) => format!(
                "{path}: the server sent an HTML page, not the data file (a host's error page?)"
            ),
            (Lang::Zh, Unreadable { path, detail }) => format!("{path} 无法读取:{detail}"),
            (Lang::En, Unreadable { path, detail }) => format!("{path} cannot be read: {detail}"),
            (Lang::Zh, NotManifest { path }) => format!(
                "{path} 不是本报归档的清单:请用 cargo xtask build 或 benbao ingest --archive 生成"
            ),
            (Lang::En, NotManifest { path }) => format!(
                "{path} is not a benbao archive manifest: make one with cargo xtask build or benbao ingest --archive"
            ),
            (Lang::Zh, Version { path, found, reads }) => {
                format!("{path}:归档格式版本 {found},本程序读取版本 {reads}(请更新本报)")
            }
            (Lang::En, Version { path, found, reads }) => format!(
                "{path}: archive format version {found}; this reader reads version {reads} (update benbao)"
            ),
            (Lang::Zh, Damaged { path, detail }) => {
                format!("{path} 已损坏({detail}),请重新生成归档")
            }
            (Lang::En, Damaged { path, detail }) => {
                format!("{path} is damaged ({detail}): build the archive again")
            }
            (Lang::Zh, Mismatch { path }) => format!(
                "{path} 的内容与文件名中的校验码不符,重新下载后仍然不符(上传未完成,或文件被改动)"
            ),
            (Lang::Zh, Code { path }) => {
                format!("本报的程序文件 {path} 未能下载,请检查网络后重试")
            }
            (Lang::En, Code { path }) => format!(
                "The app's program file {path} could not be downloaded: check the connection and retry"
            ),
            (Lang::En, Mismatch { path }) => format!(
                "{path}: its content does not match the hash in its name, also when fetched again (an upload in progress, or the file was changed)"
            ),
        }
    }
}
