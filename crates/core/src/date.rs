//! Dates: the `YYYY-MM-DD` strings of the bundle and the archive, and the
//! days since 1970-01-01 the catalogue counts in (proleptic Gregorian).

/// Whether `s` is a `YYYY-MM-DD` date with a plausible month and day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    matches!(
        (num(0..4), num(5..7), num(8..10)),
        (Some(1800..=2200), Some(1..=12), Some(1..=31))
    )
}

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn days_of(date: &str) -> Option<i64> {
    if !is_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..].parse().ok()?,
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The days of a year (`2018`) or month (`2018-03`), inclusive.
pub fn date_range(date: &str) -> Option<(i32, i32)> {
    let day = |s: String| days_of(&s).and_then(|d| i32::try_from(d).ok());
    match date.len() {
        4 => Some((day(format!("{date}-01-01"))?, day(format!("{date}-12-31"))?)),
        7 => {
            let from = day(format!("{date}-01"))?;
            let (y, m, _) = civil(from);
            let next = if m == 12 {
                format!("{:04}-01-01", y + 1)
            } else {
                format!("{y:04}-{:02}-01", m + 1)
            };
            Some((from, day(next)? - 1))
        }
        _ => None,
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian).
pub fn date_string(days: i32) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day).
pub fn civil(days: i32) -> (i32, u32, u32) {
    // (Near i32's ends the year wraps, not the arithmetic: no panic on a
    // damaged archive's dates.)
    let z = days.wrapping_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i32::from(m <= 2), m, d)
}
