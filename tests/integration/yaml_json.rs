//! Loading JSON (Grafana dashboards) into the spanned node tree.

use promlint::source::{LineCol, LineIndex, Span};
use promlint::syntax::yaml::{load_json, LoadErrorKind, Node, NodeKind, ScalarStyle, MAX_DEPTH};

fn lc(text: &str, offset: usize) -> (usize, usize) {
    let LineCol { line, column } = LineIndex::new(text).line_col(text, offset);
    (line, column)
}

fn src<'a>(text: &'a str, node: &Node) -> &'a str {
    &text[node.span.range()]
}

const DASHBOARD: &str = r#"{
  "title": "API — latency",
  "uid": "abc",
  "panels": [
    {
      "id": 1,
      "type": "timeseries",
      "targets": [
        {"expr": "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))", "refId": "A"}
      ],
      "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
      "transparent": false,
      "datasource": null,
      "thresholds": [-1.5e3, 0, 0.25, 1E+2]
    }
  ]
}
"#;

#[test]
fn grafana_dashboard() {
    let loaded = load_json(DASHBOARD);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.documents.len(), 1);
    let root = &loaded.documents[0].root;
    assert!(src(DASHBOARD, root).starts_with('{') && src(DASHBOARD, root).ends_with('}'));
    assert_eq!(root.get("title").unwrap().as_str(), Some("API — latency"));
    let panel = &root.get("panels").unwrap().as_sequence().unwrap()[0];
    let target = &panel.get("targets").unwrap().as_sequence().unwrap()[0];
    let expr = target.get("expr").unwrap();
    assert!(expr.as_str().unwrap().contains("{job=\"api\"}"));
    assert_eq!(expr.as_scalar().unwrap().style, ScalarStyle::JsonString);
    assert!(src(DASHBOARD, expr).starts_with("\"histogram_quantile"));
    assert_eq!(lc(DASHBOARD, expr.span.start), (9, 18));
    let id = panel.get("id").unwrap();
    assert_eq!(id.as_scalar().unwrap().style, ScalarStyle::JsonLiteral);
    assert_eq!(id.kind_name(), "number");
    assert_eq!(panel.get("transparent").unwrap().kind_name(), "boolean");
    assert!(panel.get("datasource").unwrap().is_null());
    let thresholds: Vec<&str> = panel
        .get("thresholds")
        .unwrap()
        .as_sequence()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(thresholds, ["-1.5e3", "0", "0.25", "1E+2"]);
    let grid = panel.get("gridPos").unwrap();
    assert_eq!(src(DASHBOARD, grid), r#"{"h": 8, "w": 12, "x": 0, "y": 0}"#);
    // Keys have spans too.
    assert_eq!(
        src(DASHBOARD, &panel.entry("gridPos").unwrap().key),
        "\"gridPos\""
    );
}

#[test]
fn escapes_and_surrogate_pairs() {
    let text =
        r#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u65e5\ud83d\ude00", "\ud800x", "\udc00", "é日😀"]"#;
    let loaded = load_json(text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let items = loaded.documents[0].root.as_sequence().unwrap();
    let v: Vec<&str> = items.iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(
        v,
        [
            "a\"b\\c/d\u{8}\u{c}\n\r\t",
            "é日😀",
            "\u{fffd}x",
            "\u{fffd}",
            "é日😀"
        ]
    );
    assert_eq!(src(text, &items[4]), "\"é日😀\"");
}

#[test]
fn scalars_and_empty_containers_as_roots() {
    for (text, kind) in [
        ("  42 ", "number"),
        ("\"s\"", "string"),
        ("true", "boolean"),
        ("null\n", "null"),
        ("{}", "mapping"),
        ("[ ]", "sequence"),
        ("\u{feff}{\"a\": 1}", "mapping"),
    ] {
        let loaded = load_json(text);
        assert!(loaded.errors.is_empty(), "{text:?}: {:?}", loaded.errors);
        assert_eq!(loaded.documents[0].root.kind_name(), kind, "{text:?}");
    }
    let loaded = load_json("  42 ");
    assert_eq!(loaded.documents[0].root.span, Span::new(2, 4));
    let loaded = load_json("\u{feff}{\"a\": 1}");
    assert_eq!(loaded.documents[0].root.span, Span::new(3, 11));
}

#[test]
fn errors_point_at_the_bad_byte() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("{\n  \"a\": 1,\n}", (3, 1), "string key"),
        ("{\"a\" 1}", (1, 6), "`:`"),
        ("[1 2]", (1, 4), "`,` or `]`"),
        ("{\"a\": 1 \"b\": 2}", (1, 9), "`,` or `}`"),
        ("[01]", (1, 3), "`,` or `]`"),
        ("[1.]", (1, 4), "digit"),
        ("[-]", (1, 3), "digit"),
        ("[1e]", (1, 4), "exponent"),
        ("[tru]", (1, 2), "true"),
        ("{'a': 1}", (1, 2), "double quotes"),
        ("[\"a\\x\"]", (1, 4), "escape"),
        ("[\"\\u12\"]", (1, 3), "hex"),
        ("[\"a\nb\"]", (1, 4), "line break"),
        ("[\"a\tb\"]", (1, 4), "control"),
        ("[\"abc", (1, 2), "unterminated"),
        ("[1,]", (1, 4), "JSON value"),
        ("", (1, 1), "end of the input"),
        ("{} {}", (1, 4), "end of the document"),
        ("[1] x", (1, 5), "end of the document"),
        ("{\"é\": \"日\" x}", (1, 11), "`,` or `}`"),
    ];
    for &(text, at, needle) in cases {
        let loaded = load_json(text);
        assert!(loaded.documents.is_empty(), "{text:?}");
        assert_eq!(loaded.errors.len(), 1, "{text:?}");
        let e = &loaded.errors[0];
        assert_eq!(e.kind, LoadErrorKind::Syntax, "{text:?}");
        assert_eq!(lc(text, e.span.start), at, "{text:?}: {e:?}");
        assert!(e.message.contains(needle), "{text:?}: {}", e.message);
    }
}

#[test]
fn duplicate_keys() {
    let text = "{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2},\n  \"a\": 3\n}";
    let loaded = load_json(text);
    assert_eq!(loaded.documents.len(), 1);
    assert_eq!(loaded.errors.len(), 2);
    let e = &loaded.errors[0];
    assert_eq!(lc(text, e.span.start), (3, 17));
    let e = &loaded.errors[1];
    assert_eq!(lc(text, e.span.start), (4, 3));
    assert_eq!(
        e.kind,
        LoadErrorKind::DuplicateKey {
            first: Span::new(4, 7)
        }
    );
    assert_eq!(e.message, "object key \"a\" already defined at line 2");
    assert_eq!(
        loaded.documents[0].root.get("a").unwrap().as_str(),
        Some("1")
    );
    // Large objects switch to hashing; still reported.
    let mut big = String::from("{");
    for i in 0..1000 {
        big.push_str(&format!("\"k{i}\": {i},"));
    }
    big.push_str("\"k500\": 0}");
    let loaded = load_json(&big);
    assert_eq!(loaded.errors.len(), 1);
}

#[test]
fn deep_nesting_is_a_located_error_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            for open in ["[", "{\"a\":", "[{\"a\":"] {
                let text = open.repeat(100_000);
                let loaded = load_json(&text);
                assert_eq!(loaded.errors.len(), 1);
                assert_eq!(loaded.errors[0].kind, LoadErrorKind::TooDeep);
            }
            let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
            let loaded = load_json(&ok);
            assert!(loaded.errors.is_empty());
            let copy = loaded.clone();
            assert_eq!(copy, loaded);
            let bad = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
            let e = &load_json(&bad).errors[0];
            assert_eq!(e.kind, LoadErrorKind::TooDeep);
            assert_eq!(e.span, Span::new(MAX_DEPTH, MAX_DEPTH + 1));
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn agrees_with_serde_json_on_values() {
    let loaded = load_json(DASHBOARD);
    let ours = to_serde(&loaded.documents[0].root);
    let theirs: serde_json::Value = serde_json::from_str(DASHBOARD).unwrap();
    assert_eq!(ours, theirs);
}

fn to_serde(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match &node.kind {
        NodeKind::Scalar(s) => match s.style {
            ScalarStyle::JsonLiteral => serde_json::from_str(&s.value).unwrap(),
            _ => Value::String(s.value.clone()),
        },
        NodeKind::Sequence(items) => Value::Array(items.iter().map(to_serde).collect()),
        NodeKind::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.as_str().unwrap().to_owned(), to_serde(&e.value)))
                .collect(),
        ),
    }
}

/// A dashboard-like document of about `mb` megabytes.
pub fn big_dashboard(mb: usize) -> String {
    let mut panels = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < mb * 1024 * 1024 {
        let p = format!(
            r#"{{"id": {i}, "title": "Panel {i} — p99", "type": "timeseries", "gridPos": {{"h": 8, "w": 12, "x": 0, "y": {i}}}, "targets": [{{"expr": "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{job=\"api\", code=~\"5..\"}}[5m])))", "refId": "A", "legendFormat": "{{{{le}}}}"}}], "fieldConfig": {{"defaults": {{"unit": "s", "thresholds": {{"steps": [{{"color": "green", "value": null}}, {{"color": "red", "value": 0.25}}]}}}}}}, "options": {{"legend": {{"showLegend": true}}, "tooltip": {{"mode": "multi"}}}}}}"#
        );
        size += p.len() + 2;
        panels.push(p);
        i += 1;
    }
    format!(
        "{{\"title\": \"big\", \"panels\": [\n{}\n]}}",
        panels.join(",\n")
    )
}

/// Throughput, for a manual run:
/// `cargo test --release --test yaml_json -- --ignored --nocapture`
/// (best of several rounds, next to `serde_json::Value` on the same input).
#[test]
#[ignore]
fn measure_json_speed() {
    let text = big_dashboard(8);
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let (mut ours, mut serde) = (f64::MAX, f64::MAX);
    for _ in 0..10 {
        let start = std::time::Instant::now();
        let loaded = load_json(&text);
        ours = ours.min(start.elapsed().as_secs_f64());
        assert!(loaded.errors.is_empty());
        drop(loaded);
        let start = std::time::Instant::now();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        serde = serde.min(start.elapsed().as_secs_f64());
        drop(v);
    }
    println!(
        "load_json: {:.0} MB/s; serde_json::Value: {:.0} MB/s ({mb:.1} MB, best of 10)",
        mb / ours,
        mb / serde
    );
}
