//! The postings codec: ascending article numbers as short base64 text.

/// Ascending article numbers → base64 (standard alphabet, no padding) of
/// a tag byte and the numbers, whichever of three forms is shortest:
/// - `0`, then LEB128 varints of the gaps (the first from 0): a byte or
///   two per article, for a rare gram;
/// - `1`, then a bitmap (bit `i % 8` of byte `i / 8` set for article `i`):
///   an eighth of a byte per article, for a gram in many;
/// - `2`, then runs of consecutive numbers, each as two varints: the gap
///   from the end of the previous run (the first from 0) and the run's
///   length less one: a few bytes for a gram in nearly every article, so
///   that it stays in its shard (one fetch, not two).
pub fn encode_postings(numbers: &[u32]) -> String {
    use base64::Engine;
    fn varint(out: &mut Vec<u8>, mut n: u32) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let mut gaps = vec![0u8];
    let mut previous = 0u32;
    for (k, &n) in numbers.iter().enumerate() {
        varint(&mut gaps, if k == 0 { n } else { n - previous });
        previous = n;
    }
    let mut runs = vec![2u8];
    let mut end = 0u32; // one past the previous run
    let mut k = 0;
    while k < numbers.len() {
        let start = numbers[k];
        let mut last = start;
        while k + 1 < numbers.len() && numbers[k + 1] == last + 1 {
            k += 1;
            last += 1;
        }
        varint(&mut runs, start - end);
        varint(&mut runs, last - start);
        end = last.saturating_add(1);
        k += 1;
    }
    let bitmap_len = numbers.last().map_or(0, |&n| n as usize / 8 + 1);
    let bytes = if bitmap_len + 1 < gaps.len().min(runs.len()) {
        let mut bitmap = vec![0u8; bitmap_len + 1];
        bitmap[0] = 1;
        for &n in numbers {
            bitmap[1 + n as usize / 8] |= 1 << (n % 8);
        }
        bitmap
    } else if runs.len() < gaps.len() {
        runs
    } else {
        gaps
    };
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
}

/// At most this many numbers decode from one postings text: runs could
/// otherwise claim billions (a damaged or hostile file) and exhaust memory.
pub const MAX_POSTINGS: usize = 1 << 24;

/// The LEB128 varints in `bytes` (each at most 32 bits of value).
fn varints(bytes: &[u8]) -> Result<Vec<u64>, String> {
    let mut values = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for &b in bytes {
        if shift > 28 {
            return Err("a number is too long".into());
        }
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            values.push(value);
            (value, shift) = (0, 0);
        }
    }
    if shift != 0 {
        return Err("cut off".into());
    }
    Ok(values)
}

/// The numbers [`encode_postings`] encoded, or what is wrong with the text.
pub fn decode_postings(text: &str) -> Result<Vec<u32>, String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text)
        .map_err(|e| format!("not base64 ({e})"))?;
    let Some((&tag, rest)) = bytes.split_first() else {
        return Err("empty".into());
    };
    match tag {
        0 => {
            let mut out = Vec::new();
            let mut previous = None::<u32>;
            for value in varints(rest)? {
                let n = match previous {
                    None => value,
                    Some(_) if value == 0 => return Err("numbers repeat".into()),
                    Some(p) => u64::from(p) + value,
                };
                let n = u32::try_from(n).map_err(|_| "a number is too large".to_string())?;
                out.push(n);
                previous = Some(n);
            }
            Ok(out)
        }
        1 => Ok(rest
            .iter()
            .enumerate()
            .flat_map(|(k, &b)| {
                (0..8u32)
                    .filter(move |i| b & (1 << i) != 0)
                    .map(move |i| k as u32 * 8 + i)
            })
            .collect()),
        2 => {
            let values = varints(rest)?;
            if values.len() % 2 != 0 {
                return Err("cut off".into());
            }
            let mut out: Vec<u32> = Vec::new();
            let mut end = 0u64; // one past the previous run
            for (k, pair) in values.chunks(2).enumerate() {
                if k > 0 && pair[0] == 0 {
                    return Err("runs touch (they should be one)".into());
                }
                let start = end + pair[0];
                let last = start + pair[1];
                if last > u64::from(u32::MAX) {
                    return Err("a number is too large".into());
                }
                if out.len() as u64 + pair[1] + 1 > MAX_POSTINGS as u64 {
                    return Err(format!("more than {MAX_POSTINGS} numbers"));
                }
                out.extend(start as u32..=last as u32);
                end = last + 1;
            }
            Ok(out)
        }
        t => Err(format!("unknown encoding {t}")),
    }
}
