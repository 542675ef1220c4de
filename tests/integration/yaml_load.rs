//! Loading YAML into the spanned node tree.

use promlint::source::{LineCol, LineIndex, Span};
use promlint::syntax::yaml::{
    load_yaml, LoadErrorKind, Loaded, Node, NodeKind, ScalarStyle, MAX_DEPTH,
};

fn ok(text: &str) -> Loaded {
    let loaded = load_yaml(text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded
}

fn root(loaded: &Loaded) -> &Node {
    &loaded.documents[0].root
}

fn src<'a>(text: &'a str, node: &Node) -> &'a str {
    &text[node.span.range()]
}

fn lc(text: &str, offset: usize) -> (usize, usize) {
    let LineCol { line, column } = LineIndex::new(text).line_col(text, offset);
    (line, column)
}

/// Every span in the tree lies within the text on character boundaries.
fn check_spans(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        assert!(
            n.span.start <= n.span.end && n.span.end <= text.len(),
            "{n:?}"
        );
        assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
        match &n.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
}

const RULES: &str = r#"# Alerting rules for the API.
groups:
  - name: api
    interval: 30s
    rules:
      - alert: HighErrorRate   # page someone
        expr: |
          sum(rate(http_requests_total{code=~"5.."}[5m])) by (job)
            / sum(rate(http_requests_total[5m])) by (job) > 0.05
        for: 10m
        labels:
          severity: "page"
        annotations:
          summary: 'High error rate on {{ $labels.job }}'
          description: >-
            {{ $value | humanizePercentage }} of requests
            fail.
      - record: job:up:sum
        expr: sum by (job) (up)
"#;

#[test]
fn prometheus_rule_file() {
    let loaded = ok(RULES);
    assert_eq!(loaded.documents.len(), 1);
    let r = root(&loaded);
    check_spans(RULES, r);
    // The block mapping starts at its first key, not at the comment.
    assert!(src(RULES, r).starts_with("groups:"));
    assert!(src(RULES, r).ends_with("sum by (job) (up)"));
    let group = &r.get("groups").unwrap().as_sequence().unwrap()[0];
    assert!(src(RULES, group).starts_with("name: api"));
    let rules = group.get("rules").unwrap().as_sequence().unwrap();
    assert_eq!(rules.len(), 2);
    let alert = &rules[0];
    assert_eq!(alert.get("alert").unwrap().as_str(), Some("HighErrorRate"));
    assert_eq!(src(RULES, alert.get("alert").unwrap()), "HighErrorRate");
    let expr = alert.get("expr").unwrap();
    assert_eq!(expr.as_scalar().unwrap().style, ScalarStyle::Literal);
    assert_eq!(
        expr.as_str().unwrap(),
        "sum(rate(http_requests_total{code=~\"5..\"}[5m])) by (job)\n  / sum(rate(http_requests_total[5m])) by (job) > 0.05\n"
    );
    // The span covers the header and the content, not the next key.
    assert!(src(RULES, expr).starts_with("|\n          sum("));
    assert!(src(RULES, expr).ends_with("> 0.05"));
    let sev = alert.get("labels").unwrap().get("severity").unwrap();
    assert_eq!(src(RULES, sev), "\"page\"");
    assert_eq!(sev.as_scalar().unwrap().style, ScalarStyle::DoubleQuoted);
    let summary = alert.get("annotations").unwrap().get("summary").unwrap();
    assert_eq!(
        summary.as_str(),
        Some("High error rate on {{ $labels.job }}")
    );
    let desc = alert
        .get("annotations")
        .unwrap()
        .get("description")
        .unwrap();
    assert_eq!(
        desc.as_str(),
        Some("{{ $value | humanizePercentage }} of requests fail.")
    );
    assert!(src(RULES, desc).starts_with(">-"));
    assert!(src(RULES, desc).ends_with("fail."));
    assert_eq!(lc(RULES, alert.get("for").unwrap().span.start), (10, 14));
}

#[test]
fn multi_document_stream() {
    let text = "a: 1\n---\nb: 2\n...\n---\n# only a comment\n---\n- x\n";
    let loaded = ok(text);
    assert_eq!(loaded.documents.len(), 4);
    assert_eq!(
        loaded.documents[0].root.get("a").unwrap().as_str(),
        Some("1")
    );
    assert_eq!(
        loaded.documents[1].root.get("b").unwrap().as_str(),
        Some("2")
    );
    assert!(loaded.documents[2].root.is_null());
    assert_eq!(loaded.documents[3].root.as_sequence().unwrap().len(), 1);
    assert_eq!(src(text, &loaded.documents[3].root), "- x");
}

#[test]
fn empty_inputs_have_no_documents() {
    for text in ["", "\n\n", "# just a comment\n", "\u{feff}", "   \n# c\n"] {
        let loaded = ok(text);
        assert!(loaded.documents.is_empty(), "{text:?}");
    }
    let loaded = ok("---\n");
    assert_eq!(loaded.documents.len(), 1);
    assert!(loaded.documents[0].root.is_null());
}

#[test]
fn kubernetes_prometheus_rule() {
    let text = r#"apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: example
  labels: {prometheus: k8s, role: alert-rules}
spec:
  groups:
  - name: example
    rules:
    - alert: Down
      expr: up{job="node"} == 0
      for: 5m
---
apiVersion: v1
kind: ConfigMap
data:
  rules.yaml: |-
    groups:
      - name: x
"#;
    let loaded = ok(text);
    assert_eq!(loaded.documents.len(), 2);
    let spec = root(&loaded).get("spec").unwrap();
    let rule = &spec.get("groups").unwrap().as_sequence().unwrap()[0]
        .get("rules")
        .unwrap()
        .as_sequence()
        .unwrap()[0];
    let expr = rule.get("expr").unwrap();
    assert_eq!(expr.as_str(), Some("up{job=\"node\"} == 0"));
    assert_eq!(src(text, expr), "up{job=\"node\"} == 0");
    let labels = root(&loaded)
        .get("metadata")
        .unwrap()
        .get("labels")
        .unwrap();
    assert_eq!(src(text, labels), "{prometheus: k8s, role: alert-rules}");
    let data = loaded.documents[1].root.get("data").unwrap();
    assert_eq!(
        data.get("rules.yaml").unwrap().as_str(),
        Some("groups:\n  - name: x")
    );
}

#[test]
fn flow_and_block_styles() {
    let text =
        "a: [1, 'two', \"three\", {four: 4}]\nb:\n- [x,\n   y]\n- {k: v,\n   k2: [ ]}\nc: {}\n";
    let loaded = ok(text);
    let r = root(&loaded);
    check_spans(text, r);
    let a = r.get("a").unwrap();
    assert_eq!(src(text, a), "[1, 'two', \"three\", {four: 4}]");
    let items = a.as_sequence().unwrap();
    assert_eq!(src(text, &items[1]), "'two'");
    assert_eq!(
        items[1].as_scalar().unwrap().style,
        ScalarStyle::SingleQuoted
    );
    assert_eq!(src(text, &items[3]), "{four: 4}");
    let b = r.get("b").unwrap();
    assert_eq!(src(text, b), "- [x,\n   y]\n- {k: v,\n   k2: [ ]}");
    assert_eq!(src(text, r.get("c").unwrap()), "{}");
    assert_eq!(r.get("c").unwrap().as_mapping().unwrap().len(), 0);
}

#[test]
fn crlf_line_endings() {
    let text = "groups:\r\n  - name: a\r\n    rules:\r\n      - expr: |\r\n          up\r\n          == 0\r\n        for: 1m\r\n";
    let loaded = ok(text);
    let rule = &root(&loaded).get("groups").unwrap().as_sequence().unwrap()[0]
        .get("rules")
        .unwrap()
        .as_sequence()
        .unwrap()[0];
    let expr = rule.get("expr").unwrap();
    assert_eq!(expr.as_str(), Some("up\n== 0\n"));
    assert_eq!(src(text, expr), "|\r\n          up\r\n          == 0");
    let for_ = rule.get("for").unwrap();
    assert_eq!(src(text, for_), "1m");
    assert_eq!(lc(text, for_.span.start), (7, 14));
}

#[test]
fn byte_order_mark_and_non_ascii_text_use_byte_offsets() {
    let text = "\u{feff}name: café\nsummary: \"日本 😀\"\nnext: é\n";
    let loaded = ok(text);
    let r = root(&loaded);
    check_spans(text, r);
    assert_eq!(r.entry("name").unwrap().key.span, Span::new(3, 7));
    assert_eq!(src(text, r.get("name").unwrap()), "café");
    assert_eq!(src(text, r.get("summary").unwrap()), "\"日本 😀\"");
    assert_eq!(src(text, r.get("next").unwrap()), "é");
    assert_eq!(lc(text, r.get("next").unwrap().span.start), (3, 7));
}

#[test]
fn comments_and_tabs_in_values() {
    let text = "a: b\t# tab then comment\n# full line\nc: \"x\ty\"  # trailing\nd: 'e'\t\n";
    let loaded = ok(text);
    let r = root(&loaded);
    assert_eq!(r.get("a").unwrap().as_str(), Some("b"));
    assert_eq!(src(text, r.get("a").unwrap()), "b");
    assert_eq!(r.get("c").unwrap().as_str(), Some("x\ty"));
    assert_eq!(src(text, r.get("c").unwrap()), "\"x\ty\"");
    assert_eq!(r.get("d").unwrap().as_str(), Some("e"));
    assert_eq!(src(text, r.get("d").unwrap()), "'e'");
}

#[test]
fn tab_indentation_is_a_located_error() {
    let text = "a:\n\tb: c\n";
    let loaded = load_yaml(text);
    assert_eq!(loaded.errors.len(), 1);
    let e = &loaded.errors[0];
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert_eq!(lc(text, e.span.start).0, 2);
    assert!(e.message.contains("tab"), "{}", e.message);
}

#[test]
fn list_item_under_a_mapping_is_a_located_error() {
    let text = "first: ok\n---\ngroups:\n  name: a\n  rules: []\n  - name: b\n";
    let loaded = load_yaml(text);
    // The first document is kept.
    assert_eq!(loaded.documents.len(), 1);
    assert_eq!(loaded.errors.len(), 1);
    let e = &loaded.errors[0];
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert_eq!(lc(text, e.span.start), (6, 3));
    assert_eq!(&text[e.span.range()], "-");
    assert!(e.message.contains("list item"), "{}", e.message);

    let text = "key: value\n- item\n";
    let e = &load_yaml(text).errors[0];
    assert_eq!(lc(text, e.span.start), (2, 1));

    // The other way round: a key where the list expects another item.
    let text = "groups:\n  - name: a\n    rules: []\n  interval: 1m\n";
    let e = &load_yaml(text).errors[0];
    assert_eq!(lc(text, e.span.start), (4, 3));
    assert!(e.message.contains("list item"), "{}", e.message);
}

#[test]
fn other_syntax_errors_are_located() {
    let cases: &[(&str, (usize, usize))] = &[
        ("a: b: c\n", (1, 5)),
        ("a: [1, 2\nb: 3\n", (2, 2)),
        ("a: \"unterminated\n", (1, 4)),
        ("a:\n  - b\n c: d\n", (3, 2)),
        ("x: *nope\n", (1, 4)),
        ("a: 'é\n", (1, 4)),
    ];
    for &(text, at) in cases {
        let loaded = load_yaml(text);
        assert_eq!(loaded.errors.len(), 1, "{text:?}: {:?}", loaded.errors);
        let e = &loaded.errors[0];
        assert_eq!(e.kind, LoadErrorKind::Syntax, "{text:?}");
        assert_eq!(lc(text, e.span.start), at, "{text:?}: {e:?}");
        assert!(!e.message.is_empty());
    }
}

#[test]
fn duplicate_keys_are_reported_on_the_second_key() {
    let text = "groups:\n- name: a\n  rules: []\n  name: b\nx: 1\nx: 2\n";
    let loaded = load_yaml(text);
    assert_eq!(loaded.documents.len(), 1);
    assert_eq!(loaded.errors.len(), 2);
    let e = &loaded.errors[0];
    assert_eq!(lc(text, e.span.start), (4, 3));
    assert_eq!(&text[e.span.range()], "name");
    assert_eq!(
        e.kind,
        LoadErrorKind::DuplicateKey {
            first: Span::new(10, 14)
        }
    );
    assert_eq!(e.message, "mapping key \"name\" already defined at line 2");
    // The first definition wins in lookups.
    let g = &root(&loaded).get("groups").unwrap().as_sequence().unwrap()[0];
    assert_eq!(g.get("name").unwrap().as_str(), Some("a"));
    assert_eq!(lc(text, loaded.errors[1].span.start), (6, 1));
}

#[test]
fn duplicate_keys_in_large_and_flow_mappings() {
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!("k{i}: {i}\n"));
    }
    text.push_str("k42: again\nk99: again\nflow: {a: 1, b: 2, a: 3}\n\"k7\": quoted\n");
    let loaded = load_yaml(&text);
    let lines: Vec<usize> = loaded
        .errors
        .iter()
        .map(|e| {
            assert!(matches!(e.kind, LoadErrorKind::DuplicateKey { .. }));
            lc(&text, e.span.start).0
        })
        .collect();
    assert_eq!(lines, vec![101, 102, 103, 104]);
}

#[test]
fn merge_keys_follow_go_yaml() {
    let text = r#"base: &base
  a: 1
  b: 2
extra: &extra
  b: 20
  c: 30
one:
  <<: *base
  b: explicit
list:
  c: explicit
  <<: [*extra, *base]
inline:
  <<: {z: 26}
  y: 25
"#;
    let loaded = ok(text);
    let r = root(&loaded);
    let one = r.get("one").unwrap();
    let keys = |n: &Node| -> Vec<(String, String)> {
        n.as_mapping()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e.key.as_str().unwrap().to_owned(),
                    e.value.as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(keys(one), pairs(&[("a", "1"), ("b", "explicit")]));
    // Explicit keys win; among merged mappings the first listed wins.
    assert_eq!(
        keys(r.get("list").unwrap()),
        pairs(&[("c", "explicit"), ("b", "20"), ("a", "1")])
    );
    assert_eq!(
        keys(r.get("inline").unwrap()),
        pairs(&[("z", "26"), ("y", "25")])
    );
    // Merged nodes keep the spans of the anchored definitions.
    assert_eq!(src(text, one.get("a").unwrap()), "1");
    assert_eq!(lc(text, one.get("a").unwrap().span.start), (2, 6));
}

#[test]
fn merge_of_a_non_mapping_is_an_error() {
    let text = "a: &s scalar\nb:\n  <<: *s\n  c: 1\n";
    let loaded = load_yaml(text);
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    assert!(loaded.errors[0].message.contains("merge"));
    // A quoted `<<` is an ordinary key.
    let loaded = ok("a:\n  \"<<\": {x: 1}\n");
    assert!(root(&loaded).get("a").unwrap().get("<<").is_some());
}

#[test]
fn aliases_copy_the_anchored_node() {
    let text = "defaults: &d {severity: page, team: sre}\nlabels: *d\nname: &n alice\nwho: *n\n";
    let loaded = ok(text);
    let r = root(&loaded);
    assert_eq!(r.get("labels"), r.get("defaults"));
    assert_eq!(r.get("who").unwrap().as_str(), Some("alice"));
    assert_eq!(src(text, r.get("who").unwrap()), "alice");
    // The anchor is not part of the node's span.
    assert_eq!(
        src(text, r.get("defaults").unwrap()),
        "{severity: page, team: sre}"
    );
    // Anchors may be redefined; an alias refers to the latest one.
    let loaded = ok("a: &x 1\nb: &x 2\nc: *x\n");
    assert_eq!(root(&loaded).get("c").unwrap().as_str(), Some("2"));
}

#[test]
fn alias_bombs_are_stopped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let loaded = load_yaml(&text);
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!(loaded.errors[0].kind, LoadErrorKind::AliasExpansion);
    assert!(loaded.documents.is_empty());
    // Moderate reuse is fine.
    let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\nc: {x: *a, y: *a}\n";
    ok(text);
}

#[test]
fn alias_inside_its_own_anchor_is_an_error() {
    let loaded = load_yaml("a: &x [1, *x]\n");
    assert_eq!(loaded.errors.len(), 1);
    assert!(loaded.documents.is_empty());
}

#[test]
fn tags_are_kept_as_written() {
    let text = "%TAG !e! tag:example.com,2000:\n---\na: !!str 1\nb: !custom {x: 1}\nc: !e!thing x\nd: !<tag:yaml.org,2002:int> 3\ne: !!null\nf: ! x\ng: &anc !!binary |\n  aGk=\n";
    let loaded = ok(text);
    let r = root(&loaded);
    let tag = |k: &str| r.get(k).unwrap().tag.as_deref();
    assert_eq!(tag("a"), Some("!!str"));
    assert_eq!(tag("b"), Some("!custom"));
    assert_eq!(tag("c"), Some("!e!thing"));
    assert_eq!(tag("d"), Some("!<tag:yaml.org,2002:int>"));
    assert_eq!(tag("e"), Some("!!null"));
    assert_eq!(tag("f"), Some("!"));
    assert_eq!(tag("g"), Some("!!binary"));
    assert_eq!(src(text, r.get("a").unwrap()), "1");
    assert_eq!(src(text, r.get("b").unwrap()), "{x: 1}");
    assert_eq!(src(text, r.get("g").unwrap()), "|\n  aGk=");
    // A tagged null is not a plain null.
    assert!(!r.get("e").unwrap().is_null());
}

#[test]
fn empty_values_sit_after_their_indicator() {
    let text = "a:\nb: # comment\nc:\n  -\n  - x\n  -\n";
    let loaded = ok(text);
    let r = root(&loaded);
    let a = r.get("a").unwrap();
    assert!(a.is_null());
    assert_eq!(a.span, Span::new(2, 2));
    assert_eq!(r.get("b").unwrap().span, Span::new(5, 5));
    let c = r.get("c").unwrap().as_sequence().unwrap();
    assert_eq!(c.len(), 3);
    assert!(c[0].is_null() && c[2].is_null());
    assert_eq!(lc(text, c[0].span.start), (4, 4));
    assert_eq!(lc(text, c[2].span.start), (6, 4));
}

#[test]
fn non_scalar_keys() {
    let text = "? [a, b]\n: pair\n? {k: v}\n: map\n? |\n  block key\n: v\n";
    let loaded = ok(text);
    let entries = root(&loaded).as_mapping().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(src(text, &entries[0].key), "[a, b]");
    assert_eq!(entries[0].value.as_str(), Some("pair"));
    assert_eq!(src(text, &entries[1].key), "{k: v}");
    assert_eq!(entries[2].key.as_str(), Some("block key\n"));
}

#[test]
fn scalar_spans_include_quotes_and_block_headers() {
    let text = "a: 'it''s'\nb: \"x\\ty\"\nc: |+2 # keep\n    two\n\nd: >\n  folded\n  text\ne: plain\n  continued\n";
    let loaded = ok(text);
    let r = root(&loaded);
    assert_eq!(src(text, r.get("a").unwrap()), "'it''s'");
    assert_eq!(src(text, r.get("b").unwrap()), "\"x\\ty\"");
    assert_eq!(src(text, r.get("c").unwrap()), "|+2 # keep\n    two");
    assert_eq!(r.get("c").unwrap().as_str(), Some("  two\n\n"));
    assert_eq!(src(text, r.get("d").unwrap()), ">\n  folded\n  text");
    assert_eq!(src(text, r.get("e").unwrap()), "plain\n  continued");
    assert_eq!(r.get("e").unwrap().as_str(), Some("plain continued"));
}

fn deep(open: &str, n: usize) -> String {
    open.repeat(n)
}

#[test]
fn deep_nesting_is_a_located_error() {
    for text in [
        deep("[", 100_000),
        deep("{a: ", 100_000),
        deep("- ", 100_000),
        (0..100_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .take(2_000)
            .collect::<String>(),
    ] {
        let loaded = load_yaml(&text);
        assert_eq!(loaded.errors.len(), 1, "{:?}", &loaded.errors);
        let e = &loaded.errors[0];
        assert_eq!(e.kind, LoadErrorKind::TooDeep, "{e:?}");
        assert!(e.span.start < text.len());
        assert!(loaded.documents.is_empty());
    }
    // At the limit, loading works.
    let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    ok(&text);
    let text = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert_eq!(load_yaml(&text).errors[0].kind, LoadErrorKind::TooDeep);
}

#[test]
fn deep_nesting_through_aliases_is_an_error() {
    let half = MAX_DEPTH / 2 + 1;
    let text = format!(
        "a: &a {}x{}\nb: {}*a{}\n",
        "[".repeat(half),
        "]".repeat(half),
        "[".repeat(half),
        "]".repeat(half)
    );
    let loaded = load_yaml(&text);
    assert_eq!(loaded.errors[0].kind, LoadErrorKind::TooDeep);
}

#[test]
fn deep_inputs_on_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let bad = load_yaml(&"[".repeat(100_000));
            assert_eq!(bad.errors[0].kind, LoadErrorKind::TooDeep);
            // The deepest accepted tree can be cloned, compared, printed
            // and dropped.
            let text = format!("{}{}", "- ".repeat(MAX_DEPTH), "x");
            let loaded = load_yaml(&text);
            assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
            let copy = loaded.clone();
            assert_eq!(copy, loaded);
            assert!(format!("{copy:?}").len() > MAX_DEPTH);
            drop(copy);
            drop(loaded);
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn large_rule_file_loads_in_linear_time() {
    let mut text = String::from("groups:\n");
    for g in 0..200 {
        text.push_str(&format!("- name: g{g}\n  rules:\n"));
        for r in 0..50 {
            text.push_str(&format!(
                "  - alert: A{g}_{r}\n    expr: |\n      rate(x_{r}[5m]) > {r}\n    labels: {{severity: page, team: \"t{r}\"}}\n"
            ));
        }
    }
    let loaded = ok(&text);
    let groups = root(&loaded).get("groups").unwrap().as_sequence().unwrap();
    assert_eq!(groups.len(), 200);
    check_spans(&text, root(&loaded));
}

/// Throughput, for a manual run:
/// `cargo test --release --test yaml_load -- --ignored --nocapture`
/// (best of several rounds, next to the bare event stream of the parser).
#[test]
#[ignore]
fn measure_yaml_speed() {
    let mut text = String::from("groups:\n");
    while text.len() < 4 << 20 {
        let g = text.len();
        text.push_str(&format!("- name: group{g}\n  interval: 30s\n  rules:\n"));
        for r in 0..20 {
            text.push_str(&format!(
                "  - alert: HighErrorRate{r}\n    expr: |\n      sum(rate(http_requests_total{{code=~\"5..\", job=\"api\"}}[5m])) by (job)\n        / sum(rate(http_requests_total[5m])) by (job) > 0.05\n    for: 10m\n    labels:\n      severity: page\n      team: \"sre\"\n    annotations:\n      summary: 'High error rate on {{{{ $labels.job }}}}'\n"
            ));
        }
    }
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    let (mut ours, mut events) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let loaded = load_yaml(&text);
        ours = ours.min(start.elapsed().as_secs_f64());
        assert!(loaded.errors.is_empty());
        drop(loaded);
        let start = std::time::Instant::now();
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut n = 0;
        while let Some(Ok(_)) = parser.next_event() {
            n += 1;
        }
        events = events.min(start.elapsed().as_secs_f64());
        assert!(n > 0);
    }
    println!(
        "load_yaml: {:.0} MB/s; saphyr-parser events alone: {:.0} MB/s ({mb:.1} MB, best of 5)",
        mb / ours,
        mb / events
    );
}

#[test]
fn positions_after_non_ascii_directives_and_mid_stream_byte_order_marks() {
    // The parser's character index drifts after non-ASCII text in a
    // directive; lines and columns do not.
    let text = "%FOO é日😀 ü\n---\nkey: café\nnext: \"x\"\n";
    let loaded = ok(text);
    let r = root(&loaded);
    assert_eq!(src(text, r.get("key").unwrap()), "café");
    assert_eq!(src(text, r.get("next").unwrap()), "\"x\"");
    // Files concatenated with their byte order marks.
    let text = "\u{feff}a: é\n\u{feff}---\nb: |\n  ü\n";
    let loaded = ok(text);
    assert_eq!(loaded.documents.len(), 2);
    let b = loaded.documents[1].root.get("b").unwrap();
    assert_eq!(src(text, b), "|\n  ü");
    assert_eq!(
        src(text, &loaded.documents[1].root.as_mapping().unwrap()[0].key),
        "b"
    );
}
