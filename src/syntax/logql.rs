//! Recognising LogQL (Loki's query language) by its text, for queries
//! whose datasource is not known: a LogQL query must not be parsed as
//! PromQL and reported as a PromQL syntax error.
//!
//! LogQL reuses PromQL's functions, aggregations and selectors, so a
//! metric query such as `rate({job="x"}[1m])` is valid PromQL too; what
//! only LogQL has is the log pipeline after a stream selector:
//!
//! - line filters: `|=`, `|~`, and `!=`/`!~` followed by a string right
//!   after the selector's `}` (in PromQL `!=` after a selector compares
//!   with a number; a string operand is a type error there);
//! - parser and formatting stages: `| json`, `| logfmt`, `| pattern`,
//!   `| regexp`, `| unpack`, `| line_format`, `| label_format`,
//!   `| unwrap`, `| decolorize`, `| drop`, `| keep`.
//!
//! PromQL has no `|` operator at all, but a stray `|` in a PromQL query is
//! a real mistake to report; only the forms above count.

/// The pipeline stages that follow a `|`.
const STAGES: &[&str] = &[
    "json",
    "logfmt",
    "pattern",
    "regexp",
    "unpack",
    "line_format",
    "label_format",
    "unwrap",
    "decolorize",
    "drop",
    "keep",
];

/// Whether `text` is unmistakably LogQL: it has a log pipeline (see the
/// module documentation) outside string literals.
pub fn looks_like_logql(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    // The last significant byte outside strings and comments.
    let mut last: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' | b'`' => {
                i = skip_string(b, i);
                last = Some(c);
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'|' => match b.get(i + 1) {
                Some(b'=' | b'~') => return true,
                _ => {
                    let word = word_after(b, i + 1);
                    if STAGES.contains(&word) {
                        return true;
                    }
                }
            },
            b'!' if last == Some(b'}') && matches!(b.get(i + 1), Some(b'=' | b'~')) => {
                let mut j = i + 2;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if matches!(b.get(j), Some(b'"' | b'`')) {
                    return true;
                }
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last = Some(c);
        }
        i += 1;
    }
    false
}

/// The index after the string literal opening at `at`.
fn skip_string(b: &[u8], at: usize) -> usize {
    let quote = b[at];
    let mut i = at + 1;
    while i < b.len() {
        if b[i] == b'\\' && quote != b'`' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// The identifier after optional blanks from `from`.
fn word_after(b: &[u8], from: usize) -> &str {
    let mut i = from;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b'\n' || b[i] == b'\r') {
        i += 1;
    }
    let start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    std::str::from_utf8(&b[start..i]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::looks_like_logql;

    #[test]
    fn log_pipelines_are_logql() {
        for q in [
            r#"{app="x"} |= "error""#,
            r#"sum(count_over_time({app="x"} |= "error" [5m]))"#,
            r#"{app="x"} |~ "err.*""#,
            r#"{app="x"} != "debug""#,
            r#"{app="x"} !~ `debug|trace`"#,
            r#"sum(rate({cluster="$cluster"} |logfmt| level=~"$level" [1m]))"#,
            r#"{job="a"} | json | status >= 500"#,
            r#"{job="a"} | line_format "{{.msg}}""#,
            r#"{job="a"} | label_format x=y"#,
            r#"sum_over_time({job="a"} | logfmt | unwrap bytes [1m])"#,
            r#"{job="a"} | pattern "<ip> <_>""#,
            r#"{job="a"} | regexp "(?P<x>.)""#,
            r#"{job="a"} | decolorize"#,
        ] {
            assert!(looks_like_logql(q), "{q}");
        }
    }

    #[test]
    fn promql_is_not_logql() {
        for q in [
            "up",
            r#"up{job="x"} != 0"#,
            r#"up{job="x"} !=0 or vector(1)"#,
            r#"a unless b or c and d"#,
            r#"rate({job="x"}[1m])"#,
            r#"http_requests_total{path=~"a|b", code!~"5.."}"#,
            r#"label_replace(m, "d", "$1", "s", "(.*)|=")"#,
            "sum(x) # | json\n",
            r#"a |"#,
            r#"a | b"#,
            r#"foo{l!="a"} != bar"#,
        ] {
            assert!(!looks_like_logql(q), "{q}");
        }
    }
}
