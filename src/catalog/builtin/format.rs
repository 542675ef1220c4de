//! The data format of the built-in catalogs (`catalogs/*.catalog`),
//! documented in `catalogs/README.md`:
//!
//! ```text
//! # comment
//! @title Prometheus node_exporter
//! node_cpu_seconds_total counter cpu,mode  # CPU time per CPU and mode
//! pg_settings_* gauge -                    # one gauge per server setting
//! ALERTS gauge alertname,alertstate,...    # open label set
//! ```

use crate::catalog::{Declaration, MetricKind};
use crate::source::Span;

/// A parsed catalog file.
#[derive(Clone, Debug, Default)]
pub struct CatalogFile {
    pub title: Option<String>,
    pub declarations: Vec<Declaration>,
}

/// A malformed line of a catalog file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// Parses a catalog; well-formed lines are kept even when others fail.
pub fn parse(text: &str) -> (CatalogFile, Vec<FormatError>) {
    let mut file = CatalogFile::default();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::with_capacity(text.len() / 40);
    let mut offset = 0;
    for (idx, raw) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let mut fail = |message: String| {
            errors.push(FormatError {
                line: idx + 1,
                message,
            })
        };
        let (body, help) = match line.split_once('#') {
            Some((body, help)) => (body, Some(help.trim())),
            None => (line, None),
        };
        let body_trimmed = body.trim();
        if body_trimmed.is_empty() {
            continue;
        }
        if let Some(title) = line.trim().strip_prefix("@title") {
            if file.title.is_some() {
                fail("a second @title".into());
            } else if !file.declarations.is_empty() {
                fail("@title must come before the families".into());
            } else if title.trim().is_empty() {
                fail("@title needs a text".into());
            } else {
                file.title = Some(title.trim().to_string());
            }
            continue;
        }
        let mut words = body_trimmed.split_whitespace();
        let (Some(written), Some(kind_word), labels_word, None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            fail("expected `NAME KIND [LABELS] [# help]`".into());
            continue;
        };
        let (name, name_is_prefix) = match written.strip_suffix('*') {
            Some(prefix) => (prefix, true),
            None => (written, false),
        };
        if !is_metric_name(name) {
            fail(format!("`{written}` is not a valid metric name"));
            continue;
        }
        let Some(kind) = parse_kind(kind_word) else {
            fail(format!(
                "unknown kind `{kind_word}` (counter, gauge, histogram, summary, untyped)"
            ));
            continue;
        };
        let (labels, optional_labels) = match parse_labels(labels_word.unwrap_or("-")) {
            Ok(labels) => labels,
            Err(message) => {
                fail(message);
                continue;
            }
        };
        if !seen.insert(written) {
            fail(format!("`{written}` is listed twice"));
            continue;
        }
        let name_at = line_start + (body.len() - body.trim_start().len());
        file.declarations.push(Declaration {
            name: name.to_string(),
            kind,
            help: help.filter(|h| !h.is_empty()).map(str::to_string),
            unit: None,
            labels,
            span: Span::new(name_at, name_at + written.len()),
            name_is_prefix,
            optional_labels,
        });
    }
    (file, errors)
}

fn parse_kind(s: &str) -> Option<MetricKind> {
    Some(match s {
        "counter" => MetricKind::Counter,
        "gauge" => MetricKind::Gauge,
        "histogram" => MetricKind::Histogram,
        "summary" => MetricKind::Summary,
        "untyped" => MetricKind::Untyped,
        _ => return None,
    })
}

/// `-` (none), `a,b`, `a,b,...` or `?` (open: `None`); a label written
/// `b?` is one some series lack (returned a second time, as optional).
type ParsedLabels = (Option<Vec<String>>, Vec<String>);

fn parse_labels(s: &str) -> Result<ParsedLabels, String> {
    if s == "-" {
        return Ok((Some(Vec::new()), Vec::new()));
    }
    if s == "?" {
        return Ok((None, Vec::new()));
    }
    let mut open = false;
    let mut labels = Vec::new();
    let mut optional = Vec::new();
    let mut parts = s.split(',').peekable();
    while let Some(written) = parts.next() {
        if written == "..." && parts.peek().is_none() {
            open = true;
            continue;
        }
        let part = match written.strip_suffix('?') {
            Some(p) => {
                optional.push(p.to_string());
                p
            }
            None => written,
        };
        if !is_label_name(part) {
            return Err(format!("`{part}` is not a valid label name"));
        }
        if matches!(part, "le" | "quantile" | "job" | "instance") {
            return Err(format!(
                "`{part}` is added by the histogram/summary or by Prometheus; do not list it"
            ));
        }
        if labels.iter().any(|l| l == part) {
            return Err(format!("label `{part}` is listed twice"));
        }
        labels.push(part.to_string());
    }
    Ok(((!open).then_some(labels), optional))
}

fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_prefixes_and_label_sets() {
        let (file, errors) = parse(
            "# c\n@title T\nup gauge - # up?\npg_settings_* gauge\nALERTS gauge alertname,...\nx counter a,b\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(file.title.as_deref(), Some("T"));
        let d = &file.declarations;
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].help.as_deref(), Some("up?"));
        assert_eq!(d[0].labels, Some(vec![]));
        assert!(d[1].name_is_prefix && d[1].name == "pg_settings_");
        assert_eq!(d[2].labels, None);
        assert_eq!(d[3].labels, Some(vec!["a".to_string(), "b".to_string()]));
        let (file, errors) = parse("x gauge a,b?\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            file.declarations[0].labels,
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(file.declarations[0].optional_labels, vec!["b".to_string()]);
        assert_eq!(&"# c\n@title T\nup gauge"[d[0].span.range()], "up");
    }

    #[test]
    fn reports_malformed_lines() {
        let (_, errors) = parse(
            "1bad gauge\nx gauges\ny gauge a-b\nz gauge le\nw gauge a,a\nv gauge a b c\nu gauge\nu gauge\n",
        );
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6, 8]);
    }
}
