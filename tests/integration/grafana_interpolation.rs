//! The map from an interpolated dashboard query back into the JSON file:
//! every character of the interpolated text that was copied from the query
//! maps to the bytes that wrote it (escapes included), and every character
//! of a stand-in maps to the whole variable reference.

use promlint::project::Project;
use promlint::source::{SourceFile, Span};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "sum(",
    "rate(",
    "x_total",
    "{a=\"",
    "{a=~\"",
    "b",
    "\"}",
    "[",
    "]",
    ")",
    "$job",
    "${job:regex}",
    "${job}",
    "[[job]]",
    "$__rate_interval",
    "$__range_s",
    "$undefined",
    "$1",
    " ",
    "é",
    "\n",
    "\\",
    "/",
    "+",
    "5m",
    "\t",
];

/// Writes `s` as a JSON string, escaping per the `styles` choices: quotes,
/// backslashes and controls always; other characters sometimes as `\uXXXX`
/// (or `\/`).
fn encode(s: &str, styles: &[u8]) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        let style = styles.get(i % styles.len().max(1)).copied().unwrap_or(0) % 3;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str(if style == 0 { "\\n" } else { "\\u000a" }),
            '\t' => out.push_str("\\t"),
            '/' if style == 1 => out.push_str("\\/"),
            c if style == 2 && (c as u32) < 0x10000 => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Decodes the one character written at `at` in the file.
fn decode_at(text: &str, at: usize) -> Option<char> {
    let rest = &text[at..];
    let mut chars = rest.chars();
    let c = chars.next()?;
    if c != '\\' {
        return Some(c);
    }
    Some(match chars.next()? {
        'n' => '\n',
        't' => '\t',
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'u' => char::from_u32(u32::from_str_radix(rest.get(2..6)?, 16).ok()?)?,
        _ => return None,
    })
}

/// Decodes a run of JSON string content.
fn decode_all(text: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = decode_at(text, i) else { break };
        out.push(c);
        i += if text[i..].starts_with("\\u") {
            6
        } else if text[i..].starts_with('\\') {
            2
        } else {
            c.len_utf8()
        };
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn interpolated_offsets_map_to_the_file(
        picks in prop::collection::vec(0..PIECES.len(), 0..24),
        styles in prop::collection::vec(any::<u8>(), 1..8),
    ) {
        let expr: String = picks.iter().map(|&i| PIECES[i]).collect();
        prop_assume!(!expr.trim().is_empty());
        let json = format!(
            "{{\"uid\": \"d\", \"title\": \"D\", \"templating\": {{\"list\": [{{\"name\": \"job\", \"type\": \"query\", \"multi\": true}}]}},\n \"panels\": [{{\"id\": 1, \"type\": \"stat\", \"targets\": [{{\"expr\": {}}}]}}]}}",
            encode(&expr, &styles)
        );
        let project = Project::from_sources(vec![SourceFile::new("d.json", json.clone())]);
        let file = &project.files[0];
        let q = file.all_queries().next().expect("the target's query");
        for (k, c) in q.text.char_indices() {
            let span = Span::new(k, k + c.len_utf8());
            let f = q.to_file(span);
            prop_assert!(f.end <= json.len() && f.start <= f.end);
            let written = decode_all(&json[f.range()]);
            if q.is_placeholder(span) {
                prop_assert!(
                    written.starts_with('$') || written.starts_with("[["),
                    "stand-in {c:?} at {k} maps to {written:?}"
                );
                // The whole reference, as written in the query.
                prop_assert!(expr.contains(&written), "{written:?} not in {expr:?}");
            } else {
                prop_assert_eq!(decode_at(&json, f.start), Some(c), "char {} of {:?} maps to {:?}", k, q.text, written);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any text, any variable syntax fragments: no panic, spans in bounds.
    #[test]
    fn arbitrary_queries_never_panic(expr in "[$\\[\\]{}:.a-z_0-9\"'`é()\\\\ #\n=~@]{0,40}") {
        let json = format!(
            "{{\"uid\": \"d\", \"title\": \"D\", \"panels\": [{{\"id\": 1, \"type\": \"stat\", \"targets\": [{{\"expr\": {}}}]}}], \"templating\": {{\"list\": [{{\"name\": \"v\", \"type\": \"query\", \"query\": {}}}]}}}}",
            encode(&expr, &[0]),
            encode(&format!("label_values({expr}, job)"), &[0])
        );
        let project = Project::from_sources(vec![SourceFile::new("d.json", json.clone())]);
        let diagnostics = promlint::checks::run(&project, &[]);
        for d in diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= json.len());
            prop_assert!(json.is_char_boundary(d.span.start) && json.is_char_boundary(d.span.end));
        }
    }
}

#[test]
fn odd_shapes_do_not_crash() {
    for json in [
        r#"{"title": "x", "panels": {"a": 1}}"#,
        r#"{"title": "x", "panels": [1, "a", null, {"targets": "x"}, {"targets": [1, {"expr": 5}, {"expr": null}]}]}"#,
        r#"{"title": "x", "panels": [{"id": {"a": 1}, "type": 5, "datasource": 3, "libraryPanel": null}]}"#,
        r#"{"title": "x", "templating": {"list": [1, {"name": 2, "query": [1]}, {"type": "query", "query": {"query": 1}}]}, "panels": []}"#,
        r#"{"dashboard": {"dashboard": {"panels": []}}, "title": 1}"#,
        r#"{"title": "x", "rows": [{"panels": [{"type": "graph", "targets": [{"expr": "rate(x[$__interval])"}]}]}], "uid": null}"#,
    ] {
        let project = Project::from_sources(vec![SourceFile::new("d.json", json.to_string())]);
        let _ = promlint::checks::run(&project, &[]);
    }
}

/// Deeply nested rows, a deeply nested expression and many references, on
/// the small stack of a rayon worker: located findings, no overflow.
#[test]
fn deep_dashboards_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let expr = format!(
                "{}up{}{}",
                "(".repeat(3000),
                ")".repeat(3000),
                " + $v".repeat(5000)
            );
            let mut panel = format!(
                "{{\"id\": 1, \"type\": \"stat\", \"targets\": [{{\"expr\": \"{expr}\"}}]}}"
            );
            for k in 0..60 {
                panel = format!(
                    "{{\"id\": {}, \"type\": \"row\", \"collapsed\": true, \"panels\": [{panel}]}}",
                    k + 2
                );
            }
            let json = format!("{{\"uid\": \"d\", \"title\": \"D\", \"panels\": [{panel}]}}");
            let project = Project::from_sources(vec![SourceFile::new("d.json", json.clone())]);
            let d = promlint::checks::run(&project, &[]);
            assert!(d.iter().all(|x| x.span.end <= json.len()));
            assert!(d.iter().any(|x| x.code == "grafana/undefined-variable"));
        })
        .expect("thread")
        .join()
        .expect("no panic, no stack overflow");
}
