//! Sizes in bytes as Prometheus reads them (`units.Base2Bytes`): numbers
//! (fractions allowed) each followed by a unit, all units from one family:
//! `B KB MB GB TB PB EB` or `B KiB MiB GiB TiB PiB EiB`, both powers of
//! 1024. Only `0` may stand without a unit.

/// Parses a size to bytes; the error says what is wrong.
pub fn parse(s: &str) -> Result<i64, String> {
    const OLD: &[&str] = &["B", "KB", "MB", "GB", "TB", "PB", "EB"];
    const IEC: &[&str] = &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    match parse_with(s, IEC) {
        Ok(v) => Ok(v),
        Err(_) => parse_with(s, OLD),
    }
}

fn parse_with(orig: &str, units: &[&str]) -> Result<i64, String> {
    let mut s = orig;
    let mut sign = 1.0;
    if let Some(rest) = s.strip_prefix('-') {
        sign = -1.0;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(format!("invalid size {orig:?}"));
    }
    let mut total = 0f64;
    while !s.is_empty() {
        let num_len = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let number = &s[..num_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(format!("invalid size {orig:?}"));
        }
        let value: f64 = number
            .parse()
            .map_err(|_| format!("invalid size {orig:?}"))?;
        s = &s[num_len..];
        let unit_len = s
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(s.len());
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let Some(power) = units.iter().position(|u| *u == unit) else {
            return Err(if unit.is_empty() {
                format!("missing unit in size {orig:?}")
            } else {
                format!("unknown unit {unit:?} in size {orig:?}")
            });
        };
        total += value * 1024f64.powi(power as i32);
    }
    Ok((sign * total) as i64)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn sizes_as_prometheus_reads_them() {
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("512MB"), Ok(512 << 20));
        assert_eq!(parse("10MiB"), Ok(10 << 20));
        assert_eq!(parse("1.5KB"), Ok(1536));
        assert_eq!(parse("1KB512B"), Ok(1536));
        assert!(parse("1000").is_err());
        assert!(parse("10mb").is_err());
        assert!(parse("5M").is_err());
        assert!(parse("1KiB1KB").is_err());
        assert!(parse("").is_err());
    }
}
