//! Every construct of Go's text/template syntax that Prometheus rule
//! templates can use is accepted.

use promlint::template::parse;

#[track_caller]
fn ok(text: &str) {
    if let Err(e) = parse(text) {
        panic!("{text:?} rejected: {} at {:?}", e.message, e.span);
    }
}

#[test]
fn text_and_simple_actions() {
    ok("");
    ok("plain text with } and }} and { braces");
    ok("{{ $labels.instance }} is down");
    ok("{{$labels.instance}}");
    ok("{{ .Labels.job }}");
    ok("{{ $value }}");
    ok("{{ . }}");
    ok("{{ $ }}");
    ok("{{ $.Labels.job }}");
    ok("{{ $externalLabels.cluster }} {{ $externalURL }}");
    ok("{{\n  $labels.instance\n}}");
}

#[test]
fn trim_markers_and_comments() {
    ok("a {{- $value -}} b");
    ok("a {{-\t$value\t-}} b");
    ok("{{-3}}");
    ok("{{ 3 -}}");
    ok("{{/* a comment */}}");
    ok("{{- /* trimmed comment */ -}}");
    ok("{{/* multi\nline */}}x");
    ok("{{ if true }}{{/* inside */}}{{ end }}");
}

#[test]
fn pipelines_and_functions() {
    ok("{{ $value | humanize }}");
    ok("{{ $value | humanizePercentage }}");
    ok("{{ humanizeDuration $value }}");
    ok("{{ printf \"%.2f\" $value }}");
    ok("{{ $value | printf \"%.2f\" | toUpper }}");
    ok("{{ .Value |humanize1024}}");
    ok("{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}");
    ok("{{ range query \"up\" }}{{ .Labels.instance }} {{ .Value }}{{ end }}");
    ok("{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}");
    ok("{{ $labels.instance | stripPort | stripDomain }}");
    ok("{{ toTime $value }} {{ toDuration 60 }} {{ now }} {{ parseDuration \"5m\" }}");
    ok("{{ pathPrefix }}{{ externalURL }}{{ graphLink \"up\" }}{{ tableLink \"up\" }}");
    ok("{{ args 1 2 }}{{ safeHtml \"<b>\" }}{{ match \"a+\" \"aa\" }}{{ title \"x\" }}");
    ok("{{ sortByLabel \"job\" (query \"up\") }}{{ strvalue (first (query \"up\")) }}");
    ok("{{ label \"job\" (first (query \"up\")) }}{{ humanizeTimestamp $value }}");
    ok("{{ and 1 2 }}{{ or 1 2 }}{{ not true }}{{ len \"x\" }}{{ index $labels \"a\" }}");
    ok("{{ slice \"abc\" 1 2 }}{{ print 1 }}{{ println 1 }}{{ html \"<\" }}{{ js \"x\" }}");
    ok("{{ urlquery \"a b\" }}{{ call .X }}");
    ok("{{ eq 1 1 }}{{ ne 1 2 }}{{ lt 1 2 }}{{ le 1 2 }}{{ gt 2 1 }}{{ ge 2 1 }}");
    // Go accepts an empty last stage.
    ok("{{ $value | }}");
}

#[test]
fn variables() {
    ok("{{ $x := 1 }}{{ $x }}");
    ok("{{ $x := 1 }}{{ $x = 2 }}{{ $x }}");
    ok("{{ $v := $value }}{{ $v }}");
    ok("{{ range $i, $v := query \"up\" }}{{ $i }}{{ $v.Value }}{{ end }}");
    ok("{{ range $v := query \"up\" }}{{ $v }}{{ end }}");
    ok("{{ with $x := $labels.job }}{{ $x }}{{ end }}");
    // A variable declared in the `if` pipeline is visible in every branch.
    ok("{{ if $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}");
    ok("{{ ($x := 1) }}");
}

#[test]
fn fields_and_chains() {
    ok("{{ .A.B.C }}");
    ok("{{ $labels.a.b }}");
    ok("{{ (query \"up\").X }}");
    ok("{{ (index $labels \"job\") }}");
    ok("{{ .Method 1 2 }}");
    ok("{{ $.Labels.job }}");
    ok("{{ ((($value))) }}");
}

#[test]
fn literals() {
    for lit in [
        "\"a\\tb\\\"c\\x41\\101\\u00e9\\U0001F600\"",
        "`raw \\ string\nwith newline`",
        "'a'",
        "'\\n'",
        "'\\''",
        "42",
        "-42",
        "+1",
        "3.5",
        ".5",
        "1e3",
        "1E-3",
        "0x1F",
        "0X1f",
        "0o17",
        "0b101",
        "1_000_000",
        "0x1p-2",
        "2i",
        "1+2i",
        "true",
        "false",
        "nil",
    ] {
        ok(&format!("{{{{ print {lit} }}}}"));
    }
}

#[test]
fn control_structures() {
    ok("{{ if $value }}a{{ end }}");
    ok("{{ if gt $value 1.0 }}a{{ else }}b{{ end }}");
    ok("{{ if eq $labels.severity \"critical\" }}a{{ else if eq $labels.severity \"warning\" }}b{{ else }}c{{ end }}");
    ok("{{ if 1 }}{{ else if 2 }}{{ else if 3 }}{{ end }}");
    ok("{{ with $labels.job }}{{ . }}{{ else }}none{{ end }}");
    ok("{{ with $labels.a }}{{ . }}{{ else with $labels.b }}{{ . }}{{ end }}");
    ok("{{ range query \"up\" }}{{ . }}{{ else }}empty{{ end }}");
    ok("{{ range $i, $v := query \"up\" }}{{ if $i }}{{ break }}{{ end }}{{ continue }}{{ end }}");
    ok("{{ range query \"up\" }}{{ range query \"x\" }}{{ break }}{{ end }}{{ end }}");
    ok("{{ define \"t\" }}inner {{ . }}{{ end }}{{ template \"t\" $labels }}");
    ok("{{ define \"t\" }}x{{ end }}{{ template \"t\" }}");
    ok("{{ define `t` }}x{{ end }}{{ template `t` . }}");
    ok("{{ block \"b\" $labels }}{{ .job }}{{ end }}");
    ok("{{- if $value -}}\n  up\n{{- end -}}");
    // An empty definition may be redefined.
    ok("{{ define \"t\" }}{{ end }}{{ define \"t\" }}x{{ end }}");
}

#[test]
fn realistic_annotations() {
    ok("{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes.");
    ok("Disk {{ $labels.device }} on {{ $labels.instance }} is {{ printf \"%.1f\" $value }}% full.");
    ok("{{ with printf \"node_memory_MemTotal{instance='%s'}\" $labels.instance | query }}{{ . | first | value | humanize1024 }}B{{ end }}");
    ok("{{ if ne $labels.namespace \"\" }}ns={{ $labels.namespace }}{{ end }}");
    ok("{{ $value | humanizePercentage }} of requests failed in {{ .Labels.service }}");
    ok("{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}");
}

#[test]
fn deep_but_reasonable_nesting_is_fine() {
    let depth = 50;
    let text = format!(
        "{}{}",
        "{{ if 1 }}".repeat(depth),
        "{{ end }}".repeat(depth)
    );
    ok(&text);
    let text = format!("{{{{ {}1{} }}}}", "(".repeat(depth), ")".repeat(depth));
    ok(&text);
}
