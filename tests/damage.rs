//! The fixture tool of the damaged-archive tests (`damaged_archives.rs`):
//! from a good archive's files, the files a host would serve for each
//! kind of damage, as fakes over the good ones.
//!
//! Two families. Damage in transit (a cut-off upload, an emptied file, a
//! host's HTML page, another file under this one's name, a missing file)
//! keeps the file's name, so its content no longer matches the hash in
//! it. A hostile or broken *build* is consistent: the damaged file gets
//! the name of its new content's hash, and every file that names it is
//! changed to the new name, and renamed in turn, up to the manifest
//! ([`Archive::rebuilt`]), so only the reader's own checks stand in the way.

use benbao_core::bundle::stable_id;
use std::collections::BTreeMap;

/// An archive's files, by their path in its folder.
pub struct Archive {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// What to serve for one case: (path in the archive, status, body).
pub type Fakes = Vec<(String, u16, Vec<u8>)>;

/// A host's error page, served with 200 in place of a file.
pub const HTML: &str =
    "<!doctype html><html><head><title>Page not found</title></head><body>Not found</body></html>";

impl Archive {
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Archive {
        Archive {
            files: files.into_iter().collect(),
        }
    }

    pub fn text(&self, name: &str) -> String {
        String::from_utf8(self.files[name].clone()).expect("archive files are UTF-8")
    }

    pub fn json(&self, name: &str) -> serde_json::Value {
        serde_json::from_slice(&self.files[name]).expect("archive files are JSON")
    }

    /// The `n`th file whose path starts with `prefix`.
    pub fn nth(&self, prefix: &str, n: usize) -> String {
        self.files
            .keys()
            .filter(|k| k.starts_with(prefix))
            .nth(n)
            .unwrap_or_else(|| panic!("no file {prefix}… number {n}"))
            .clone()
    }

    /// `name` served as `body` (its name kept: damage on the way).
    pub fn in_transit(&self, name: &str, body: impl Into<Vec<u8>>) -> Fakes {
        vec![(name.to_string(), 200, body.into())]
    }

    /// `name` cut off half-way.
    pub fn truncated(&self, name: &str) -> Fakes {
        let bytes = &self.files[name];
        self.in_transit(name, bytes[..bytes.len() / 2].to_vec())
    }

    /// `name` answered with `status`.
    pub fn status(&self, name: &str, status: u16) -> Fakes {
        vec![(name.to_string(), status, b"gone".to_vec())]
    }

    /// The archive as a build would have written it with `name`'s content
    /// `bytes`: renamed by its hash, and each file naming it rewritten
    /// (and renamed) up to the manifest.
    pub fn rebuilt(&self, name: &str, bytes: Vec<u8>) -> Fakes {
        // Original name → new content.
        let mut rewritten: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut queue = vec![(name.to_string(), bytes)];
        while let Some((orig, bytes)) = queue.pop() {
            rewritten.insert(orig.clone(), bytes.clone());
            if orig == "manifest.json" {
                continue;
            }
            let (old, new) = (
                format!("\"{orig}\""),
                format!("\"{}\"", hashed_name(&orig, &bytes)),
            );
            for (other, content) in &self.files {
                if other == &orig {
                    continue;
                }
                let current = rewritten.get(other).unwrap_or(content);
                let text = String::from_utf8_lossy(current);
                if text.contains(&old) {
                    queue.push((other.clone(), text.replace(&old, &new).into_bytes()));
                }
            }
        }
        rewritten
            .into_iter()
            .map(|(orig, bytes)| {
                let name = if orig == "manifest.json" {
                    orig
                } else {
                    hashed_name(&orig, &bytes)
                };
                (name, 200, bytes)
            })
            .collect()
    }

    /// [`Archive::rebuilt`] with `name`'s JSON changed by `change`.
    pub fn rebuilt_json(&self, name: &str, change: impl FnOnce(&mut serde_json::Value)) -> Fakes {
        let mut v = self.json(name);
        change(&mut v);
        self.rebuilt(name, serde_json::to_vec(&v).expect("JSON"))
    }

    /// The manifest with `change` made.
    pub fn manifest_with(&self, change: impl FnOnce(&mut serde_json::Value)) -> Fakes {
        let mut v = self.json("manifest.json");
        change(&mut v);
        vec![(
            "manifest.json".into(),
            200,
            serde_json::to_vec(&v).expect("JSON"),
        )]
    }
}

/// `dir/stem-<hash of bytes>.json` for `dir/stem-<old hash>.json`.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let (stem, ext) = name.rsplit_once('.').expect("a name with an extension");
    let (stem, _) = stem.rsplit_once('-').expect("a hashed name");
    format!(
        "{stem}-{}.{ext}",
        stable_id(&String::from_utf8_lossy(bytes))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuilt_file_is_renamed_up_to_the_manifest() {
        let chunk = b"[1]".to_vec();
        let chunk_name = hashed_name("sum-0-000000000000.json", &chunk);
        let list = format!("[\"{chunk_name}\"]").into_bytes();
        let list_name = hashed_name("sums-000000000000.json", &list);
        let manifest = format!("{{\"summary_files\":\"{list_name}\"}}").into_bytes();
        let a = Archive::new([
            (chunk_name.clone(), chunk),
            (list_name.clone(), list),
            ("manifest.json".to_string(), manifest),
        ]);
        let fakes = a.rebuilt(&chunk_name, b"[2]".to_vec());
        let names: Vec<&str> = fakes.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        let new_chunk = hashed_name(&chunk_name, b"[2]");
        assert!(names.contains(&new_chunk.as_str()));
        let new_list = fakes.iter().find(|f| f.0.starts_with("sums-")).unwrap();
        assert_eq!(new_list.2, format!("[\"{new_chunk}\"]").into_bytes());
        let m = fakes.iter().find(|f| f.0 == "manifest.json").unwrap();
        assert!(String::from_utf8_lossy(&m.2).contains(&new_list.0));
        for (name, _, bytes) in &fakes {
            if name != "manifest.json" {
                assert_eq!(&hashed_name(name, bytes), name);
            }
        }
    }
}
