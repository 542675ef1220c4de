//! Which alert labels a template reads, and whether it reads the value.

use promlint::source::Span;
use promlint::template::parse;

/// Label refs as (name, text at the span).
fn refs(text: &str) -> Vec<(String, String)> {
    let info = parse(text).unwrap_or_else(|e| panic!("{text:?}: {}", e.message));
    info.label_refs
        .iter()
        .map(|(n, s)| (n.clone(), text[s.range()].to_string()))
        .collect()
}

fn names(text: &str) -> Vec<String> {
    refs(text).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn dollar_labels_and_dot_labels() {
    assert_eq!(
        refs("{{ $labels.instance }} of {{ .Labels.job }} in {{ $.Labels.env }}"),
        vec![
            ("instance".to_string(), "instance".to_string()),
            ("job".to_string(), "job".to_string()),
            ("env".to_string(), "env".to_string()),
        ]
    );
}

#[test]
fn spans_point_at_the_name() {
    let text = "x {{ $labels.instance }}";
    let info = parse(text).expect("valid");
    assert_eq!(
        info.label_refs,
        vec![("instance".to_string(), Span::new(13, 21))]
    );
}

#[test]
fn index_form() {
    assert_eq!(
        refs("{{ index $labels \"le\" }} {{ index .Labels `code` }} {{ index $.Labels \"a.b\" }}"),
        vec![
            ("le".to_string(), "\"le\"".to_string()),
            ("code".to_string(), "`code`".to_string()),
            ("a.b".to_string(), "\"a.b\"".to_string()),
        ]
    );
    // Not the label map: no ref.
    assert!(names("{{ index $externalLabels \"x\" }}").is_empty());
    assert!(names("{{ index $labels 0 }}").is_empty());
}

#[test]
fn reads_inside_expressions_and_control_flow() {
    assert_eq!(
        names("{{ if eq $labels.severity \"critical\" }}{{ $labels.team | toUpper }}{{ else }}{{ printf \"%s\" (index $labels \"x\") }}{{ end }}"),
        vec!["severity", "team", "x"]
    );
    assert_eq!(names("{{ with $labels.job }}{{ . }}{{ end }}"), vec!["job"]);
    assert_eq!(
        names("{{ range query \"up\" }}{{ $labels.a }}{{ end }}"),
        vec!["a"]
    );
    assert_eq!(names("{{ $labels.a.b }}"), vec!["a"]);
}

#[test]
fn rebound_dot_is_not_the_alert() {
    // Inside range/with, `.` is the query sample, not the alert.
    assert!(names("{{ range query \"up\" }}{{ .Labels.instance }}{{ end }}").is_empty());
    assert!(names("{{ with query \"up\" }}{{ .Labels.x }}{{ end }}").is_empty());
    // ... but `$` still is, and `else` of `with` keeps the outer dot.
    assert_eq!(
        names("{{ range query \"up\" }}{{ $.Labels.a }}{{ end }}"),
        vec!["a"]
    );
    assert_eq!(
        names("{{ with $value }}{{ else }}{{ .Labels.b }}{{ end }}"),
        vec!["b"]
    );
    // Templates are called with arbitrary data.
    assert!(names("{{ define \"t\" }}{{ .Labels.a }}{{ $.Labels.b }}{{ end }}").is_empty());
}

#[test]
fn shadowed_labels_variable_is_not_the_alert() {
    assert!(names("{{ $labels := $externalLabels }}{{ $labels.cluster }}").is_empty());
    assert_eq!(
        names("{{ $labels.a }}{{ $labels = $externalLabels }}{{ $labels.b }}"),
        vec!["a"]
    );
    assert_eq!(
        names("{{ if 1 }}{{ $labels := 1 }}{{ end }}{{ $labels.c }}"),
        vec!["c"]
    );
}

#[test]
fn value_use() {
    for (text, uses) in [
        ("{{ $value }}", true),
        ("{{ $value | humanize }}", true),
        ("{{ .Value }}", true),
        ("{{ $.Value }}", true),
        ("{{ printf \"%.2f\" $value }}", true),
        ("{{ $labels.x }}", false),
        ("{{ range query \"up\" }}{{ .Value }}{{ end }}", false),
        ("plain", false),
    ] {
        assert_eq!(parse(text).expect("valid").uses_value, uses, "{text}");
    }
}
