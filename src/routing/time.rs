//! Time for Alertmanager's time intervals: RFC 3339 instants, civil dates
//! in a time zone (read from the system's zoneinfo files), and whether a
//! time interval entry contains an instant, as Alertmanager's
//! `timeinterval.ContainsTime` decides it.

use crate::config::alertmanager::{DayRange, TimeSpec};

/// A local date and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// Minutes since midnight.
    pub minute_of_day: u32,
    /// 0 (Sunday) to 6 (Saturday).
    pub weekday: u32,
}

pub use crate::engine::num::{civil_from_days, days_from_civil, days_in_month, is_leap};

/// The local civil time of Unix seconds shifted by an offset.
pub fn civil(unix: i64, offset: i64) -> Civil {
    let local = unix + offset;
    let days = local.div_euclid(86_400);
    let sod = local.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        minute_of_day: (sod / 60) as u32,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// Parses an RFC 3339 time (`2024-05-06T07:08:09Z`, `...+02:00`, with
/// optional fractional seconds) to Unix seconds.
pub fn parse_rfc3339(s: &str) -> Result<i64, String> {
    let bad = || format!("{s:?} is not an RFC 3339 time such as 2024-05-06T07:08:09Z");
    let b = s.as_bytes();
    if b.len() < 20 {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        let t = s.get(r).ok_or_else(bad)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse().map_err(|_| bad())
    };
    if b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > i64::from(days_in_month(year, month as u32))
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(bad());
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(bad());
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
                return Err(bad());
            }
            let h: i64 = rest[1..3].parse().map_err(|_| bad())?;
            let m: i64 = rest[4..6].parse().map_err(|_| bad())?;
            let o = h * 3600 + m * 60;
            if rb[0] == b'-' {
                -o
            } else {
                o
            }
        }
    };
    let days = days_from_civil(year, month as u32, day as u32);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// A time zone read from a TZif file: UTC offsets over time.
#[derive(Clone, Debug, Default)]
pub struct Zone {
    transitions: Vec<i64>,
    /// The offset in force from each transition on.
    offsets: Vec<i64>,
    /// The offset before the first transition (or always, without any).
    initial: i64,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::default()
    }

    /// Loads `UTC`, `Local` (the system's zone) or an IANA name from the
    /// system's zoneinfo database.
    pub fn load(name: &str) -> Result<Zone, String> {
        if name.is_empty() || name == "UTC" {
            return Ok(Zone::utc());
        }
        let path = if name == "Local" {
            match std::env::var("TZ") {
                Ok(tz) if !tz.is_empty() => {
                    std::path::Path::new("/usr/share/zoneinfo").join(tz.trim_start_matches(':'))
                }
                _ => std::path::PathBuf::from("/etc/localtime"),
            }
        } else {
            if name.contains("..") || name.starts_with('/') || name.contains('\\') {
                return Err(format!("unknown time zone {name}"));
            }
            std::path::Path::new("/usr/share/zoneinfo").join(name)
        };
        if name == "Local" && !path.exists() {
            return Ok(Zone::utc());
        }
        let bytes = std::fs::read(&path).map_err(|_| format!("unknown time zone {name}"))?;
        parse_tzif(&bytes).ok_or_else(|| format!("cannot read the time zone file of {name}"))
    }

    /// The UTC offset in seconds at a Unix time. After the last
    /// transition in the file the last offset stays in force.
    pub fn offset_at(&self, unix: i64) -> i64 {
        let n = self.transitions.partition_point(|t| *t <= unix);
        if n == 0 {
            self.initial
        } else {
            self.offsets[n - 1]
        }
    }
}

fn be_i32(b: &[u8], at: usize) -> Option<i64> {
    let s = b.get(at..at + 4)?;
    Some(i64::from(i32::from_be_bytes([s[0], s[1], s[2], s[3]])))
}

fn be_i64(b: &[u8], at: usize) -> Option<i64> {
    let s = b.get(at..at + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(i64::from_be_bytes(a))
}

/// Reads a TZif file (version 1, or the 64-bit block of version 2+).
fn parse_tzif(b: &[u8]) -> Option<Zone> {
    struct Header {
        isutc: usize,
        isstd: usize,
        leap: usize,
        time: usize,
        typ: usize,
        chars: usize,
    }
    let header = |at: usize| -> Option<Header> {
        if b.get(at..at + 4)? != b"TZif" {
            return None;
        }
        let c = |i: usize| be_i32(b, at + 20 + 4 * i).map(|v| v as usize);
        Some(Header {
            isutc: c(0)?,
            isstd: c(1)?,
            leap: c(2)?,
            time: c(3)?,
            typ: c(4)?,
            chars: c(5)?,
        })
    };
    let h1 = header(0)?;
    let version = *b.get(4)?;
    let (h, start, width) = if version >= b'2' {
        let v1_len = h1.time * 5 + h1.typ * 6 + h1.chars + h1.leap * 8 + h1.isstd + h1.isutc;
        let at = 44 + v1_len;
        (header(at)?, at + 44, 8)
    } else {
        (h1, 44, 4)
    };
    let mut transitions = Vec::with_capacity(h.time);
    for i in 0..h.time {
        let t = if width == 8 {
            be_i64(b, start + i * 8)?
        } else {
            be_i32(b, start + i * 4)?
        };
        transitions.push(t);
    }
    let idx_at = start + h.time * width;
    let types_at = idx_at + h.time;
    let mut types = Vec::with_capacity(h.typ);
    for i in 0..h.typ {
        types.push(be_i32(b, types_at + i * 6)?);
    }
    let mut offsets = Vec::with_capacity(h.time);
    for i in 0..h.time {
        let k = *b.get(idx_at + i)? as usize;
        offsets.push(*types.get(k)?);
    }
    Some(Zone {
        transitions,
        offsets,
        initial: types.first().copied().unwrap_or(0),
    })
}

fn in_ranges(ranges: &[DayRange], v: i64) -> bool {
    ranges.iter().any(|r| v >= r.begin && v <= r.end)
}

/// Whether a day of the month is in a `days_of_month` range, with negative
/// days counted from the month's end and ranges clamped to the month, as
/// Alertmanager does.
pub fn day_in_range(r: &DayRange, day: u32, days_in_month: u32) -> bool {
    let n = i64::from(days_in_month);
    let begin = if r.begin < 0 {
        n + r.begin + 1
    } else {
        r.begin
    };
    let end = if r.end < 0 { n + r.end + 1 } else { r.end };
    if begin > n {
        return false;
    }
    let begin = begin.clamp(-n, n);
    let end = end.clamp(-n, n);
    let d = i64::from(day);
    d >= begin && d <= end
}

/// Whether an entry contains a local civil time (already in the entry's
/// time zone).
pub fn spec_contains(spec: &TimeSpec, c: &Civil) -> bool {
    if let Some(times) = &spec.times {
        if !times
            .iter()
            .any(|(a, b)| c.minute_of_day >= *a && c.minute_of_day < *b)
        {
            return false;
        }
    }
    if let Some(days) = &spec.days_of_month {
        let n = days_in_month(c.year, c.month);
        if !days.iter().any(|r| day_in_range(r, c.day, n)) {
            return false;
        }
    }
    if let Some(months) = &spec.months {
        if !in_ranges(months, i64::from(c.month)) {
            return false;
        }
    }
    if let Some(weekdays) = &spec.weekdays {
        if !in_ranges(weekdays, i64::from(c.weekday)) {
            return false;
        }
    }
    if let Some(years) = &spec.years {
        if !in_ranges(years, c.year) {
            return false;
        }
    }
    true
}

/// Whether an entry contains a Unix time.
pub fn contains(spec: &TimeSpec, unix: i64) -> Result<bool, String> {
    let zone = match &spec.location {
        Some(l) => Zone::load(&l.value)?,
        None => Zone::utc(),
    };
    Ok(spec_contains(spec, &civil(unix, zone.offset_at(unix))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn r(begin: i64, end: i64) -> DayRange {
        DayRange {
            begin,
            end,
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00Z"), Ok(1_709_208_000));
        assert_eq!(
            parse_rfc3339("2024-02-29T14:00:00.5+02:00"),
            Ok(1_709_208_000)
        );
        assert!(parse_rfc3339("2023-02-29T12:00:00Z").is_err());
        assert!(parse_rfc3339("2024-02-29").is_err());
        assert!(parse_rfc3339("2024-02-29T12:00:00").is_err());
    }

    #[test]
    fn civil_dates() {
        let c = civil(1_709_208_000, 0);
        assert_eq!((c.year, c.month, c.day, c.weekday), (2024, 2, 29, 4));
        assert_eq!(c.minute_of_day, 720);
        let c = civil(0, -3600);
        assert_eq!((c.year, c.month, c.day, c.weekday), (1969, 12, 31, 3));
    }

    #[test]
    fn negative_days_of_month() {
        // The last day of February in a leap year.
        assert!(day_in_range(&r(-1, -1), 29, 29));
        assert!(!day_in_range(&r(-1, -1), 28, 29));
        // 30 is past February's end: never.
        assert!(!day_in_range(&r(30, 31), 28, 28));
        // A positive start with a negative end.
        assert!(day_in_range(&r(20, -1), 31, 31));
    }

    #[test]
    fn zones() {
        if !std::path::Path::new("/usr/share/zoneinfo/Europe/Berlin").exists() {
            return;
        }
        let z = Zone::load("Europe/Berlin").unwrap();
        // Winter: +1h, summer: +2h.
        assert_eq!(
            z.offset_at(parse_rfc3339("2024-01-15T12:00:00Z").unwrap()),
            3600
        );
        assert_eq!(
            z.offset_at(parse_rfc3339("2024-07-15T12:00:00Z").unwrap()),
            7200
        );
        assert!(Zone::load("Nowhere/City").is_err());
    }
}
