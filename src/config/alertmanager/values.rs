//! Value syntaxes of Alertmanager's configuration that are not Prometheus'
//! own: Go durations, URLs, `host:port`, and the time interval fields.

/// Go's `time.ParseDuration`: `1m30s`, `1.5h`, `300ms`, `0`.
pub fn parse_go_duration(s: &str) -> Result<(), String> {
    let bad = || format!("time: invalid duration {s:?}");
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body == "0" {
        return Ok(());
    }
    if body.is_empty() {
        return Err(bad());
    }
    let mut rest = body;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let num = &rest[..num_len];
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return Err(bad());
        }
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        match &rest[..unit_len] {
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h" => {}
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            u => return Err(format!("time: unknown unit {u:?} in duration {s:?}")),
        }
        rest = &rest[unit_len..];
    }
    Ok(())
}

/// An `http` or `https` URL with a host, as Alertmanager requires.
pub fn check_url(s: &str) -> Result<(), String> {
    if s.chars().any(|c| c.is_control()) {
        return Err("invalid control character in URL".into());
    }
    let Some(colon) = s.find(':') else {
        return Err("unsupported scheme \"\" for URL".into());
    };
    let scheme = s[..colon].to_ascii_lowercase();
    let valid_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return Err("unsupported scheme \"\" for URL".into());
    }
    if scheme != "http" && scheme != "https" {
        return Err(format!("unsupported scheme {scheme:?} for URL"));
    }
    let rest = &s[colon + 1..];
    let Some(authority) = rest.strip_prefix("//") else {
        return Err("missing host for URL".into());
    };
    let end = authority.find(['/', '?', '#']).unwrap_or(authority.len());
    let authority = &authority[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() {
        return Err("missing host for URL".into());
    }
    if let Some(c) = host.chars().find(|c| {
        c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    }) {
        return Err(format!("invalid character {c:?} in host name"));
    }
    Ok(())
}

/// Go's `net.SplitHostPort`, plus Alertmanager's rule that the port is set.
pub fn check_host_port(s: &str) -> Result<(), String> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let Some(close) = rest.find(']') else {
            return Err(format!("address {s}: missing ']' in address"));
        };
        let after = &rest[close + 1..];
        let Some(port) = after.strip_prefix(':') else {
            return Err(format!("address {s}: missing port in address"));
        };
        (&rest[..close], port)
    } else {
        let Some((host, port)) = s.rsplit_once(':') else {
            return Err(format!("address {s}: missing port in address"));
        };
        if host.contains(':') {
            return Err(format!("address {s}: too many colons in address"));
        }
        (host, port)
    };
    let _ = host;
    if port.contains([':', '[', ']']) {
        return Err(format!("address {s}: too many colons in address"));
    }
    if port.is_empty() {
        return Err(format!("address {s:?}: port cannot be empty"));
    }
    Ok(())
}

/// `HH:MM` from `00:00` to `24:00`, in minutes.
pub fn parse_clock(s: &str) -> Result<u32, String> {
    let bad = || format!("couldn't parse timestamp {s}, invalid format");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if h > 24 || m > 59 || (h == 24 && m != 0) {
        return Err(format!("timestamp {s} out of range"));
    }
    Ok(h * 60 + m)
}

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A range `a` or `a:b` split into its ends.
fn ends(s: &str) -> (&str, &str) {
    match s.split_once(':') {
        Some((a, b)) => (a, b),
        None => (s, s),
    }
}

pub fn check_weekdays(s: &str) -> Result<(), String> {
    parse_weekdays(s).map(|_| ())
}

/// The range as numbers (inclusive ends).
pub fn parse_weekdays(s: &str) -> Result<(i64, i64), String> {
    let lower = s.to_ascii_lowercase();
    let (a, b) = ends(&lower);
    let day = |d: &str| {
        WEEKDAYS
            .iter()
            .position(|w| *w == d)
            .ok_or_else(|| format!("{d} is not a valid weekday"))
    };
    let (a, b) = (day(a)?, day(b)?);
    if a > b {
        return Err(format!("start day cannot be before end day: {s}"));
    }
    Ok((a as i64, b as i64))
}

pub fn check_months(s: &str) -> Result<(), String> {
    parse_months(s).map(|_| ())
}

/// The range as numbers (inclusive ends).
pub fn parse_months(s: &str) -> Result<(i64, i64), String> {
    let lower = s.to_ascii_lowercase();
    let (a, b) = ends(&lower);
    let month = |m: &str| match m.parse::<i64>() {
        Ok(n) if (1..=12).contains(&n) => Ok(n),
        Ok(_) => Err(format!("{m} is not a valid month")),
        Err(_) => MONTHS
            .iter()
            .position(|x| *x == m)
            .map(|p| p as i64 + 1)
            .ok_or_else(|| format!("{m} is not a valid month")),
    };
    let (a, b) = (month(a)?, month(b)?);
    if a > b {
        return Err(format!("end month {b} is before start month {a}"));
    }
    Ok((a, b))
}

pub fn check_days_of_month(s: &str) -> Result<(), String> {
    parse_days_of_month(s).map(|_| ())
}

/// The range as numbers (inclusive ends).
pub fn parse_days_of_month(s: &str) -> Result<(i64, i64), String> {
    let (a, b) = ends(s);
    let day = |d: &str| match d.parse::<i64>() {
        Ok(n) if n != 0 && (-31..=31).contains(&n) => Ok(n),
        _ => Err(format!("{d} is not a valid day of the month: out of range")),
    };
    let (a, b) = (day(a)?, day(b)?);
    if a >= 0 && b < 0 {
        // Alertmanager accepts a positive start with a negative end.
        return Ok((a, b));
    }
    if a < 0 && b > 0 {
        return Err(format!(
            "end day must be negative if start day is negative: {s}"
        ));
    }
    if a > b {
        return Err(format!("end day must not be before start day: {s}"));
    }
    Ok((a, b))
}

pub fn check_years(s: &str) -> Result<(), String> {
    parse_years(s).map(|_| ())
}

/// The range as numbers (inclusive ends).
pub fn parse_years(s: &str) -> Result<(i64, i64), String> {
    let (a, b) = ends(s);
    let year = |y: &str| match y.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(format!("{y} is not a valid year")),
    };
    let (a, b) = (year(a)?, year(b)?);
    if a > b {
        return Err(format!("end year {b} is before start year {a}"));
    }
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        for ok in ["1m", "1m30s", "1.5h", "0", "300ms", "2h45m"] {
            assert!(parse_go_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1", "5M", "1d", "h", "1.2.3s"] {
            assert!(parse_go_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_and_hosts() {
        assert!(check_url("https://hooks.slack.com/services/X").is_ok());
        assert!(check_url("http://127.0.0.1:5001/").is_ok());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("hooks.slack.com/x").is_err());
        assert!(check_url("http:///path").is_err());
        assert!(check_host_port("smtp.gmail.com:587").is_ok());
        assert!(check_host_port("[::1]:25").is_ok());
        assert!(check_host_port("smtp.gmail.com").is_err());
        assert!(check_host_port("smtp:").is_err());
    }

    #[test]
    fn time_fields() {
        assert_eq!(parse_clock("09:00"), Ok(540));
        assert!(parse_clock("24:00").is_ok());
        assert!(parse_clock("25:00").is_err());
        assert!(parse_clock("9").is_err());
        assert!(parse_clock("9:00").is_err());
        assert!(check_weekdays("Monday:friday").is_ok());
        assert!(check_weekdays("friday:monday").is_err());
        assert!(check_weekdays("funday").is_err());
        assert!(check_months("may:august").is_ok());
        assert!(check_months("13").is_err());
        assert!(check_days_of_month("-3:-1").is_ok());
        assert!(check_days_of_month("0").is_err());
        assert!(check_years("2020:2022").is_ok());
        assert!(check_years("2022:2020").is_err());
    }
}
