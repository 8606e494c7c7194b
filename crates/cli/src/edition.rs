//! Editions as editors keep them: a folder per day named by its date, a
//! file per page named by its number and name.
//!
//! ```text
//! 2018-08-15/01-要闻.txt     page 01, 要闻: its text
//! 2018-08-15/01-要闻.pdf     …and its PDF, published with the edition
//! 2018-08-15/02-综合.pdf     page 02, 综合: a PDF alone is read and published
//! 2018-08-15/A3.txt          page A3, no name
//! ```
//!
//! A folder given to `benbao ingest` is such a day, or holds such days.

use anyhow::{bail, Context, Result};
use benbao_core::archive::editions::page_order;
use benbao_core::bundle::stable_id_of_bytes;
use benbao_core::date::is_date;
use std::path::{Path, PathBuf};

/// An input file and, for a page of an edition folder, what its path says.
pub struct InputFile {
    pub path: PathBuf,
    pub page: Option<PageInfo>,
}

/// What an edition folder's layout says of a page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageInfo {
    pub date: String,
    /// As in the file name: `01`, `A3`.
    pub page: String,
    pub name: Option<String>,
    /// The page's PDF or image, to publish.
    pub pdf: Option<PathBuf>,
}

impl PageInfo {
    /// Where the page's PDF is published, inside the data folder:
    /// `pdf/<date>/<page>-<hash>.<ext>` (the hash of its bytes, so that a
    /// new scan never replaces the old one a reader has open).
    pub fn published(&self) -> Result<Option<(String, Vec<u8>)>> {
        let Some(pdf) = &self.pdf else {
            return Ok(None);
        };
        let bytes = std::fs::read(pdf)
            .with_context(|| format!("{}: cannot read the page's file", pdf.display()))?;
        let ext = extension(pdf);
        let name = format!(
            "pdf/{}/{}-{}.{ext}",
            self.date,
            self.page,
            stable_id_of_bytes(&bytes)
        );
        Ok(Some((name, bytes)))
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The inputs `paths` stand for: files as given, folders as editions.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(InputFile {
                path: path.clone(),
                page: None,
            });
        } else if is_date(&file_name(path)) {
            out.extend(edition(path)?);
        } else {
            let mut days = entries(path)?;
            days.sort();
            if days.is_empty() {
                bail!(
                    "{}: the folder is empty; give an edition's folder (named by its date, e.g. 2018-08-15/, holding 01-要闻.txt …) or a folder of them",
                    path.display()
                );
            }
            for day in days {
                if !day.is_dir() || !is_date(&file_name(&day)) {
                    bail!(
                        "{}: not an edition's folder: in a folder of editions, each is a folder named by its date, e.g. 2018-08-15/",
                        day.display()
                    );
                }
                out.extend(edition(&day)?);
            }
        }
    }
    Ok(out)
}

/// A folder's entries, hidden ones (`.DS_Store`) left out.
fn entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the folder", dir.display()))?
    {
        let path = entry?.path();
        if !file_name(&path).starts_with('.') {
            out.push(path);
        }
    }
    Ok(out)
}

/// Page text and PDFs; page images are published, not read.
const TEXT: &[&str] = &["txt"];
const PDF: &[&str] = &["pdf"];
const IMAGE: &[&str] = &["png", "jpg", "jpeg", "webp"];

/// The pages of one edition's folder, in page order.
fn edition(dir: &Path) -> Result<Vec<InputFile>> {
    let date = file_name(dir);
    let mut pages: Vec<(PageInfo, Option<PathBuf>)> = Vec::new();
    for path in entries(dir)? {
        let ext = extension(&path);
        let known = [TEXT, PDF, IMAGE].iter().any(|k| k.contains(&ext.as_str()));
        let label = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .and_then(|stem| page_of(&stem));
        let (Some((page, name)), true, false) = (label, known, path.is_dir()) else {
            bail!(
                "{}: not a page of the edition {date}: name each page by its number and name, \
                 e.g. 01-要闻.txt, 02-综合.pdf or A3.txt (text, a PDF, or a page image beside them)",
                path.display()
            );
        };
        let at = match pages.iter().position(|(p, _)| p.page == page) {
            Some(at) => at,
            None => {
                pages.push((
                    PageInfo {
                        date: date.clone(),
                        page: page.clone(),
                        name: None,
                        pdf: None,
                    },
                    None,
                ));
                pages.len() - 1
            }
        };
        let (info, text) = &mut pages[at];
        if info.name.is_some() && name.is_some() && info.name != name {
            bail!(
                "{}: page {page} of {date} is named {:?} by another file; give the page's files one name",
                path.display(),
                info.name.as_deref().unwrap_or_default()
            );
        }
        info.name = info.name.take().or(name);
        let slot = if TEXT.contains(&ext.as_str()) {
            text
        } else {
            &mut info.pdf
        };
        if let Some(other) = slot.replace(path.clone()) {
            bail!(
                "{}: page {page} of {date} already has {}; keep one text and one PDF or image a page",
                path.display(),
                other.display()
            );
        }
    }
    if pages.is_empty() {
        bail!(
            "{}: the edition's folder has no pages; put each page in it as 01-要闻.txt (or .pdf)",
            dir.display()
        );
    }
    pages.sort_by_key(|(p, _)| page_order(&p.page));
    let mut out = Vec::new();
    for (info, text) in pages {
        // The text when there is one, else the PDF itself.
        let input = match (text, &info.pdf) {
            (Some(t), _) => t,
            (None, Some(pdf)) if PDF.contains(&extension(pdf).as_str()) => pdf.clone(),
            (None, Some(image)) => bail!(
                "{}: page {} of {date} has an image and no text; put its text beside it as {}.txt (or give its PDF)",
                image.display(),
                info.page,
                image.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default()
            ),
            (None, None) => unreachable!("a page has a file"),
        };
        out.push(InputFile {
            path: input,
            page: Some(info),
        });
    }
    Ok(out)
}

/// A page's number and name from its file's stem: `01-要闻` → (`01`,
/// 要闻), `A3` → (`A3`, none). The number: an optional capital letter and
/// digits; the name after `-`, `_` or a space.
fn page_of(stem: &str) -> Option<(String, Option<String>)> {
    let letters = stem.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = stem[letters..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if letters > 1 || digits == 0 {
        return None;
    }
    let (page, rest) = stem.split_at(letters + digits);
    let name = match rest.chars().next() {
        None => None,
        Some('-' | '_' | ' ') => Some(rest[1..].trim().to_string()).filter(|n| !n.is_empty()),
        Some(_) => return None,
    };
    Some((page.to_string(), name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_read_as_number_and_name() {
        assert_eq!(page_of("01-要闻"), Some(("01".into(), Some("要闻".into()))));
        assert_eq!(page_of("A3"), Some(("A3".into(), None)));
        assert_eq!(
            page_of("12_体育 新闻"),
            Some(("12".into(), Some("体育 新闻".into())))
        );
        assert_eq!(page_of("要闻"), None);
        assert_eq!(page_of("AB1"), None);
        assert_eq!(page_of("1a"), None);
    }

    fn folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("benbao-edition-{}-{name}", std::process::id()))
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (f, bytes) in files {
            std::fs::write(dir.join(f), bytes).unwrap();
        }
        dir
    }

    #[test]
    fn an_edition_folder_gives_its_pages_in_order() {
        let dir = folder(
            "2018-08-15",
            &[
                ("10-专版.txt", b"x"),
                ("02-综合.txt", b"x"),
                ("02-综合.pdf", b"%PDF-"),
                ("01-要闻.txt", b"x"),
                (".DS_Store", b""),
            ],
        );
        let files = expand(std::slice::from_ref(&dir)).unwrap();
        let pages: Vec<(String, Option<String>, bool)> = files
            .iter()
            .map(|f| {
                let p = f.page.clone().unwrap();
                assert_eq!(p.date, "2018-08-15");
                (p.page, p.name, p.pdf.is_some())
            })
            .collect();
        assert_eq!(
            pages,
            [
                ("01".into(), Some("要闻".into()), false),
                ("02".into(), Some("综合".into()), true),
                ("10".into(), Some("专版".into()), false)
            ]
        );
        assert!(files[1].path.ends_with("02-综合.txt"));
        let (name, _) = files[1]
            .page
            .as_ref()
            .unwrap()
            .published()
            .unwrap()
            .unwrap();
        assert!(
            name.starts_with("pdf/2018-08-15/02-") && name.ends_with(".pdf"),
            "{name}"
        );
    }

    #[test]
    fn a_path_that_does_not_fit_is_named() {
        let dir = folder("2018-08-16", &[("要闻.txt", b"x")]);
        let e = expand(&[dir]).err().unwrap().to_string();
        assert!(e.contains("要闻.txt") && e.contains("01-要闻.txt"), "{e}");
        let dir = folder("papers", &[("notes.txt", b"x")]);
        let e = expand(&[dir]).err().unwrap().to_string();
        assert!(
            e.contains("notes.txt") && e.contains("named by its date"),
            "{e}"
        );
        let dir = folder("2018-08-17", &[("03-图片.png", b"x")]);
        let e = expand(&[dir]).err().unwrap().to_string();
        assert!(e.contains("has an image and no text"), "{e}");
    }
}
