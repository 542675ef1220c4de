//! Prometheus durations (`1h30m`, `5m`, `1y`, `500ms`, `0`), parsed to the
//! rules of Prometheus' `model.ParseDuration`: units `ms s m h d w y`, each
//! at most once and from the largest to the smallest, only `0` without a
//! unit, and no value above the range of a Go `time.Duration`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    /// Not of the form `<digits><unit>...`, or units out of order.
    Invalid,
    UnknownUnit(String),
    OutOfRange,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DurationError::Empty => f.write_str("empty duration string"),
            DurationError::Invalid => f.write_str("not a valid duration string"),
            DurationError::UnknownUnit(u) => write!(f, "unknown unit {u:?} in duration"),
            DurationError::OutOfRange => f.write_str("duration out of range"),
        }
    }
}

const NANOS_PER_MILLI: u128 = 1_000_000;

/// (unit, position, milliseconds): units must appear in increasing position.
const UNITS: [(&str, u8, u64); 7] = [
    ("ms", 7, 1),
    ("s", 6, 1_000),
    ("m", 5, 60_000),
    ("h", 4, 3_600_000),
    ("d", 3, 86_400_000),
    ("w", 2, 604_800_000),
    ("y", 1, 31_536_000_000),
];

/// Parses a duration to milliseconds.
pub fn parse(s: &str) -> Result<i64, DurationError> {
    match s {
        "" => return Err(DurationError::Empty),
        "0" => return Ok(0),
        _ => {}
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut last_order = 0u8;
    let mut total_nanos: u128 = 0;
    while i < bytes.len() {
        let digits_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == digits_start {
            return Err(DurationError::Invalid);
        }
        // Go's ParseUint fails above u64::MAX: the same verdict as Invalid.
        let value: u64 = s[digits_start..i]
            .parse()
            .map_err(|_| DurationError::Invalid)?;
        let unit_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == unit_start {
            return Err(DurationError::Invalid);
        }
        let unit = &s[unit_start..i];
        let Some(&(_, order, millis)) = UNITS.iter().find(|(u, _, _)| *u == unit) else {
            return Err(DurationError::UnknownUnit(unit.to_string()));
        };
        if order <= last_order {
            return Err(DurationError::Invalid);
        }
        last_order = order;
        let unit_nanos = millis as u128 * NANOS_PER_MILLI;
        if value as u128 > (1u128 << 63) / unit_nanos {
            return Err(DurationError::OutOfRange);
        }
        total_nanos += value as u128 * unit_nanos;
        if total_nanos > i64::MAX as u128 {
            return Err(DurationError::OutOfRange);
        }
    }
    Ok((total_nanos / NANOS_PER_MILLI) as i64)
}

/// Formats milliseconds as Prometheus prints durations (`1h30m`, `0s`,
/// `1y2w`); negative durations get a leading `-`.
pub fn format(millis: i64) -> String {
    if millis == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    if millis < 0 {
        out.push('-');
    }
    let mut rest = millis.unsigned_abs();
    for (unit, _, size) in UNITS.iter().rev() {
        let n = rest / size;
        if n > 0 {
            out.push_str(&n.to_string());
            out.push_str(unit);
            rest -= n * size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_prometheus_forms() {
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("5m"), Ok(300_000));
        assert_eq!(parse("1h30m"), Ok(5_400_000));
        assert_eq!(parse("90s"), Ok(90_000));
        assert_eq!(parse("500ms"), Ok(500));
        assert_eq!(parse("1y"), Ok(31_536_000_000));
        assert_eq!(parse("1w1d"), Ok(691_200_000));
        assert_eq!(parse("0s"), Ok(0));
    }

    #[test]
    fn rejects_what_prometheus_rejects() {
        assert_eq!(parse(""), Err(DurationError::Empty));
        assert_eq!(parse("5"), Err(DurationError::Invalid));
        assert_eq!(parse("30m1h"), Err(DurationError::Invalid));
        assert_eq!(parse("1m1m"), Err(DurationError::Invalid));
        assert_eq!(parse("1.5h"), Err(DurationError::UnknownUnit(".".into())));
        assert_eq!(parse("-5m"), Err(DurationError::Invalid));
        assert_eq!(parse(" 5m"), Err(DurationError::Invalid));
        assert_eq!(parse("5M"), Err(DurationError::UnknownUnit("M".into())));
        assert_eq!(parse("1us"), Err(DurationError::UnknownUnit("us".into())));
        assert_eq!(parse("300y"), Err(DurationError::OutOfRange));
        assert_eq!(parse("99999999999999999999s"), Err(DurationError::Invalid));
    }

    #[test]
    fn formats_like_prometheus() {
        assert_eq!(format(0), "0s");
        assert_eq!(format(90_000), "1m30s");
        assert_eq!(format(5_400_000), "1h30m");
        assert_eq!(format(500), "500ms");
        assert_eq!(format(-300_000), "-5m");
        assert_eq!(format(31_536_000_000 + 604_800_000), "1y1w");
    }
}
