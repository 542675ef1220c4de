//! Metric and label name rules.
//!
//! Prometheus 3.x accepts any UTF-8 string as a metric or label name, while
//! 2.x (and PromQL without quoting) only the legacy character set. We accept
//! what 3.x accepts and let checks point out names that are not legacy.

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`
pub fn is_legacy_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`
pub fn is_legacy_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Names starting with `__` are reserved for Prometheus' internal use.
pub fn is_reserved_label_name(s: &str) -> bool {
    s.starts_with("__")
}

/// The unit a metric name spells before its `_total` suffix (or at its
/// end), as the naming conventions ask: `cpu_seconds_total` is in
/// `seconds`, `rx_bytes_total` in `bytes`; `None` when the last word is no
/// unit (`mallocs_total`).
pub fn unit_suffix(name: &str) -> Option<&str> {
    const UNITS: &[&str] = &[
        "seconds",
        "milliseconds",
        "microseconds",
        "nanoseconds",
        "minutes",
        "hours",
        "days",
        "bytes",
        "kilobytes",
        "megabytes",
        "gigabytes",
        "bits",
        "joules",
        "grams",
        "meters",
        "metres",
        "volts",
        "amperes",
        "celsius",
        "kelvin",
        "watts",
        "ratio",
        "percent",
    ];
    let stem = name.strip_suffix("_total").unwrap_or(name);
    let last = stem.rsplit(['_', ':']).next()?;
    UNITS.contains(&last).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_suffixes() {
        assert_eq!(unit_suffix("node_cpu_seconds_total"), Some("seconds"));
        assert_eq!(unit_suffix("rx_bytes_total"), Some("bytes"));
        assert_eq!(unit_suffix("process_resident_memory_bytes"), Some("bytes"));
        assert_eq!(unit_suffix("go_memstats_mallocs_total"), None);
        assert_eq!(unit_suffix("total"), None);
    }

    #[test]
    fn legacy_names() {
        assert!(is_legacy_metric_name("job:http_requests:rate5m"));
        assert!(is_legacy_metric_name("_x"));
        assert!(!is_legacy_metric_name("1x"));
        assert!(!is_legacy_metric_name("a.b"));
        assert!(!is_legacy_metric_name(""));
        assert!(is_legacy_label_name("le"));
        assert!(!is_legacy_label_name("a:b"));
        assert!(!is_legacy_label_name(""));
        assert!(is_reserved_label_name("__name__"));
    }
}
