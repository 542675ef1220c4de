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

#[cfg(test)]
mod tests {
    use super::*;

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
