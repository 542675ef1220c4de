//! The query functions of Grafana's Prometheus query variables:
//! `label_names([selector])`, `label_values([selector,] label)`,
//! `metrics(regex)`, `query_result(expr)`. A query that is none of these
//! is sent to Prometheus as a series selector (`/api/v1/series?match[]=`).
//!
//! The PromQL parts (selectors and `query_result` expressions) are returned
//! as byte ranges of the variable's query, so that they are parsed and
//! located like any other expression.

use std::ops::Range;

/// What a PromQL part of a variable query must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A series selector (`up{job="x"}`): Grafana sends it as `match[]`,
    /// which Prometheus parses as a selector only.
    Selector,
    /// Any expression (`query_result(...)`).
    Expression,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub range: Range<usize>,
    pub kind: PartKind,
}

/// A variable query taken apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub parts: Vec<Part>,
    /// The label argument of `label_values`, when it is not a label name
    /// (nor a variable).
    pub bad_label: Option<Range<usize>>,
}

/// Takes a query variable's query apart. `fallback`: whether a query that
/// is none of the functions is read as a series selector (only where the
/// datasource is known to be Prometheus; other datasources have their own
/// query languages).
pub fn analyse(query: &str, fallback: bool) -> Analysis {
    let mut out = Analysis::default();
    let Some((func, args)) = call(query) else {
        let whole = trim_range(query, 0..query.len());
        if fallback && !whole.is_empty() {
            out.parts.push(Part {
                range: whole,
                kind: PartKind::Selector,
            });
        }
        return out;
    };
    let inner = trim_range(query, args);
    let selector = |range: Range<usize>| Part {
        range,
        kind: PartKind::Selector,
    };
    match func {
        "query_result" if !inner.is_empty() => out.parts.push(Part {
            range: inner,
            kind: PartKind::Expression,
        }),
        "label_names" if !inner.is_empty() => out.parts.push(selector(inner)),
        "label_values" => {
            let (sel, label) = match last_top_level_comma(&query[inner.clone()]) {
                Some(comma) => (
                    trim_range(query, inner.start..inner.start + comma),
                    trim_range(query, inner.start + comma + 1..inner.end),
                ),
                None => (inner.start..inner.start, inner.clone()),
            };
            if !sel.is_empty() {
                out.parts.push(selector(sel));
            }
            if !is_label_argument(&query[label.clone()]) {
                out.bad_label = Some(label);
            }
        }
        _ => {}
    }
    out
}

/// A label name, possibly written with a variable (Grafana's pattern:
/// `[a-zA-Z_$][a-zA-Z0-9_]*`, and `${...}`/`[[...]]` references).
fn is_label_argument(s: &str) -> bool {
    if s.contains("${") || s.contains("[[") {
        return true;
    }
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
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

    fn parts(q: &str) -> Vec<(&str, PartKind)> {
        analyse(q, true)
            .parts
            .into_iter()
            .map(|p| (&q[p.range], p.kind))
            .collect()
    }

    #[test]
    fn picks_promql_parts() {
        use PartKind::*;
        assert_eq!(parts("label_values(up, job)"), [("up", Selector)]);
        assert_eq!(
            parts(r#"label_values(up{job=~"a,b"}, instance)"#),
            [(r#"up{job=~"a,b"}"#, Selector)]
        );
        assert!(parts("label_values(job)").is_empty());
        assert_eq!(
            parts(" query_result( sum(up) by (job) ) "),
            [("sum(up) by (job)", Expression)]
        );
        assert!(parts("metrics(node_.*)").is_empty());
        assert!(parts("label_names()").is_empty());
        assert_eq!(parts("label_names(up)"), [("up", Selector)]);
        // Anything else is a series selector.
        assert_eq!(parts("up{job=\"x\"}"), [("up{job=\"x\"}", Selector)]);
        assert!(analyse("SHOW TAG VALUES", false).parts.is_empty());
    }

    #[test]
    fn label_arguments() {
        assert_eq!(analyse("label_values(up, job)", true).bad_label, None);
        assert_eq!(analyse("label_values(up, $label)", true).bad_label, None);
        assert_eq!(analyse("label_values(${label})", true).bad_label, None);
        let q = "label_values(up, job name)";
        let bad = analyse(q, true).bad_label.expect("bad label");
        assert_eq!(&q[bad], "job name");
        assert!(analyse("label_values()", true).bad_label.is_some());
    }
}
