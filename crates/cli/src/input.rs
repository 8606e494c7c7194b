//! Reading page files: every way a file can be unusable gets its own message
//! naming the file, the place and what to do.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// Reads `path` as page text: present, non-empty, text, valid UTF-8.
pub fn read_page(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the page file", path.display()))?;
    page_text(path, bytes)
}

pub fn page_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let name = path.display();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("{name}: the file is empty; give the page's text (UTF-8), one paragraph per line");
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = line_of(&bytes, at);
        bail!("{name}:{line}: byte {at} is a NUL: this is a binary file, not page text (was a PDF given instead of its extracted text?)");
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = line_of(e.as_bytes(), at);
            bail!("{name}:{line}: invalid UTF-8 at byte {at}; convert the file to UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)")
        }
    }
}

/// 1-based line number of byte offset `at`.
pub fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        page_text(Path::new("p.txt"), bytes.to_vec()).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_are_named_with_line_and_byte() {
        assert!(err(b"").starts_with("p.txt: the file is empty"));
        assert!(err(b" \n\n").starts_with("p.txt: the file is empty"));
        assert!(err(b"ok\nbad\x00").starts_with("p.txt:2: byte 6 is a NUL"));
        assert!(err(b"line\n\xff\xfe").starts_with("p.txt:2: invalid UTF-8 at byte 5"));
        assert_eq!(page_text(Path::new("p.txt"), "标题".as_bytes().to_vec()).unwrap(), "标题");
    }
}
