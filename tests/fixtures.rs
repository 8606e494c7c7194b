//! Bad bundles, generated from a good one: every way a bundle file can be
//! broken, with what must come of it: checked against benbao-core's
//! lenient decoder, which `cargo xtask build` reads the bundle with before
//! it makes the reader's archive (a whole-file error stops the build; a
//! broken article is left out and named).

use benbao_core::Bundle;
use serde_json::{json, Value};

/// What the reader must show for a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A message containing this text, and a retry button.
    Error(&'static str),
    /// This many articles, and this many reported as left out.
    Articles { shown: usize, skipped: usize },
}

pub struct Case {
    pub name: &'static str,
    pub body: Vec<u8>,
    pub expect: Expect,
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).expect("json")
}

/// The cases, built from `good` (at least two articles).
pub fn bad_bundles(good: &Bundle) -> Vec<Case> {
    let n = good.articles.len();
    let base = serde_json::to_value(good).expect("a bundle serializes");
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        bytes(&v)
    };
    let first = |f: &'static dyn Fn(&mut Value)| with(&|v: &mut Value| f(&mut v["articles"][0]));
    let text = String::from_utf8(bytes(&base)).expect("utf-8");
    let error = |name, body: Vec<u8>, says| Case {
        name,
        body,
        expect: Expect::Error(says),
    };
    let shown = |name, body: Vec<u8>, shown, skipped| Case {
        name,
        body,
        expect: Expect::Articles { shown, skipped },
    };
    vec![
        error("empty file", Vec::new(), "empty"),
        error("only white space", b" \n\t\n".to_vec(), "empty"),
        error(
            "an HTML error page",
            b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
            "HTML",
        ),
        error(
            "plain text",
            b"Service temporarily unavailable".to_vec(),
            "not valid JSON",
        ),
        error(
            "cut off halfway",
            text.as_bytes()[..text.len() / 2].to_vec(),
            "not valid JSON",
        ),
        error(
            "binary garbage",
            (0u8..=255).rev().cycle().take(3000).collect(),
            "not valid JSON",
        ),
        error("a JSON array", b"[1, 2, 3]".to_vec(), "not an object"),
        error("JSON null", b"null".to_vec(), "not an object"),
        error(
            "a future schema",
            with(&|v: &mut Value| v["schema"] = json!(2)),
            "newer",
        ),
        error(
            "no schema",
            with(&|v: &mut Value| drop(v.as_object_mut().map(|o| o.remove("schema")))),
            "schema",
        ),
        error(
            "schema as a string",
            with(&|v: &mut Value| v["schema"] = json!("1")),
            "schema",
        ),
        error(
            "no articles",
            with(&|v: &mut Value| drop(v.as_object_mut().map(|o| o.remove("articles")))),
            "articles",
        ),
        error(
            "articles as an object",
            with(&|v: &mut Value| v["articles"] = json!({"a": 1})),
            "articles",
        ),
        shown(
            "a byte-order mark first",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            n,
            0,
        ),
        shown(
            "no articles at all",
            with(&|v: &mut Value| v["articles"] = json!([])),
            0,
            0,
        ),
        shown(
            "an article without id",
            first(&|a| drop(a.as_object_mut().map(|o| o.remove("id")))),
            n - 1,
            1,
        ),
        shown(
            "an article that is null",
            first(&|a| *a = Value::Null),
            n - 1,
            1,
        ),
        shown(
            "an article that is a number",
            first(&|a| *a = json!(42)),
            n - 1,
            1,
        ),
        shown(
            "a null title",
            first(&|a| a["title"] = Value::Null),
            n - 1,
            1,
        ),
        shown(
            "a title that is a number",
            first(&|a| a["title"] = json!(7)),
            n - 1,
            1,
        ),
        shown(
            "an empty title",
            first(&|a| a["title"] = json!("  ")),
            n - 1,
            1,
        ),
        shown(
            "no blocks",
            first(&|a| drop(a.as_object_mut().map(|o| o.remove("blocks")))),
            n - 1,
            1,
        ),
        shown(
            "blocks as a string",
            first(&|a| a["blocks"] = json!("text")),
            n - 1,
            1,
        ),
        shown(
            "an unknown block kind",
            first(&|a| a["blocks"][0]["kind"] = json!("video")),
            n - 1,
            1,
        ),
        shown(
            "regions as a string",
            first(&|a| a["regions"] = json!("330211")),
            n - 1,
            1,
        ),
        shown(
            "an id with a path",
            first(&|a| a["id"] = json!("../../etc/passwd")),
            n - 1,
            1,
        ),
        shown(
            "an id with spaces and capitals",
            first(&|a| a["id"] = json!("Hello World")),
            n - 1,
            1,
        ),
        shown("an empty id", first(&|a| a["id"] = json!("")), n - 1, 1),
        shown(
            "a duplicate id",
            with(&|v: &mut Value| {
                let a0 = v["articles"][0].clone();
                v["articles"].as_array_mut().expect("array").push(a0);
            }),
            n,
            1,
        ),
        shown(
            "enormous strings",
            first(&|a| {
                a["title"] = json!("长".repeat(100_000));
                a["blocks"][0]["text"] = json!("文".repeat(2_000_000));
            }),
            n,
            0,
        ),
        shown(
            "unknown region and topic codes",
            first(&|a| {
                a["regions"] = json!(["999999", "110105"]);
                a["topics"] = json!(["aliens"]);
            }),
            n,
            0,
        ),
        shown(
            "markup in every string",
            first(&|a| {
                a["title"] = json!("<script>window.injected = 1</script><b>粗</b>");
                a["kicker"] = json!("<img src=x onerror=\"window.injected = 2\">");
                a["blocks"][0]["text"] =
                    json!("<iframe src=\"javascript:window.injected=3\"></iframe>");
            }),
            n,
            0,
        ),
        shown(
            "unknown fields everywhere",
            with(&|v: &mut Value| {
                v["extra"] = json!({"x": 1});
                v["articles"][0]["extra"] = json!([1]);
            }),
            n,
            0,
        ),
        shown(
            "broken place and topic names",
            with(&|v: &mut Value| {
                v["places"] = json!({"330000": 5});
                v["topics"] = json!({"training": {"zh": 1}});
            }),
            n,
            0,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use benbao_core::bundle::decode_lenient;

    /// The decoder the build uses agrees with every expectation.
    #[test]
    fn the_core_decoder_meets_every_expectation() {
        let good: Bundle =
            serde_json::from_str(include_str!("../public/data/bundle.json")).unwrap();
        let cases = bad_bundles(&good);
        assert!(cases.len() >= 25, "{} cases", cases.len());
        for case in cases {
            let text = String::from_utf8_lossy(&case.body);
            match (decode_lenient(&text), &case.expect) {
                (Err(e), Expect::Error(says)) => assert!(e.contains(says), "{}: {e}", case.name),
                (Ok(l), Expect::Articles { shown, skipped }) => {
                    assert_eq!(
                        (l.bundle.articles.len(), l.skipped.len()),
                        (*shown, *skipped),
                        "{}: {:?}",
                        case.name,
                        l.skipped
                    )
                }
                (got, want) => panic!(
                    "{}: got {:?}, want {want:?}",
                    case.name,
                    got.map(|l| l.skipped)
                ),
            }
        }
    }
}
