//! The query functions of Grafana's Prometheus query variables:
//! `label_names([selector])`, `label_values([selector,] label)`,
//! `metrics(regex)`, `query_result(expr)`. Only the parts that are PromQL
//! (selectors and `query_result` expressions) are returned, as byte ranges
//! of the variable's query, so that they are parsed and located like any
//! other expression.

use std::ops::Range;

/// The PromQL parts of a query variable's query.
pub fn promql_parts(query: &str) -> Vec<Range<usize>> {
    let Some((func, args)) = call(query) else {
        return Vec::new();
    };
    let inner = trim_range(query, args);
    if inner.is_empty() {
        return Vec::new();
    }
    match func {
        "query_result" => vec![inner],
        "label_names" => vec![inner],
        "label_values" => match last_top_level_comma(&query[inner.clone()]) {
            Some(comma) => {
                let selector = trim_range(query, inner.start..inner.start + comma);
                if selector.is_empty() {
                    Vec::new()
                } else {
                    vec![selector]
                }
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `name(args)` spanning the whole (trimmed) query: the name and the range
/// of the arguments.
fn call(query: &str) -> Option<(&str, Range<usize>)> {
    let t = trim_range(query, 0..query.len());
    let body = &query[t.clone()];
    let open = body.find('(')?;
    let name = body[..open].trim_end();
    if !matches!(
        name,
        "label_names" | "label_values" | "metrics" | "query_result"
    ) || !body.ends_with(')')
    {
        return None;
    }
    Some((name, t.start + open + 1..t.end - 1))
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// The last comma outside strings, brackets and braces.
fn last_top_level_comma(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut last = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth <= 0 => last = Some(i),
                _ => {}
            },
        }
        i += 1;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &str) -> Vec<&str> {
        promql_parts(q).into_iter().map(|r| &q[r]).collect()
    }

    #[test]
    fn picks_promql_parts() {
        assert_eq!(parts("label_values(up, job)"), ["up"]);
        assert_eq!(
            parts(r#"label_values(up{job=~"a,b"}, instance)"#),
            [r#"up{job=~"a,b"}"#]
        );
        assert!(parts("label_values(job)").is_empty());
        assert_eq!(
            parts(" query_result( sum(up) by (job) ) "),
            ["sum(up) by (job)"]
        );
        assert!(parts("metrics(node_.*)").is_empty());
        assert!(parts("label_names()").is_empty());
        assert_eq!(parts("label_names(up)"), ["up"]);
        assert!(parts("up").is_empty());
    }
}
