//! The Grafana checks: each fires (at the exact place) on a dashboard or
//! provisioning file that has the problem, and stays silent on one that
//! has not.

use crate::support::check_candidates;
use promlint::model::FileKind;
use promlint::project::Project;
use promlint::source::SourceFile;

/// Findings of `code` over in-memory files, as (file index, line, column,
/// the text under the span).
fn findings_in(files: &[(&str, &str)], code: &str) -> Vec<(usize, usize, usize, String)> {
    let project = Project::from_sources(
        files
            .iter()
            .map(|(p, t)| SourceFile::new(*p, t.to_string()))
            .collect(),
    );
    let mut out: Vec<_> = promlint::checks::run(&project, &[code.to_string()])
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let i = project
                .files
                .iter()
                .position(|f| f.source.path == d.file)
                .expect("a file of the project");
            let src = &project.files[i].source;
            let at = src.line_col(d.span.start);
            (i, at.line, at.column, src.text[d.span.range()].to_string())
        })
        .collect();
    out.sort();
    out
}

/// Findings of `code` in one dashboard: (line, column, text under the span).
fn fires(json: &str, code: &str) -> Vec<(usize, usize, String)> {
    findings_in(&[("dash.json", json)], code)
        .into_iter()
        .map(|(_, l, c, t)| (l, c, t))
        .collect()
}

fn quiet(json: &str, code: &str) {
    let f = fires(json, code);
    assert!(f.is_empty(), "{code} fired: {f:?}");
}

/// A dashboard with one timeseries panel per expression.
fn dashboard(exprs: &[&str]) -> String {
    let panels: Vec<String> = exprs
        .iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{{\"id\": {}, \"type\": \"timeseries\", \"title\": \"p{i}\", \"targets\": [{{\"refId\": \"A\", \"expr\": {}}}]}}",
                i + 1,
                json_string(e)
            )
        })
        .collect();
    format!(
        "{{\"uid\": \"d\", \"title\": \"D\", \"schemaVersion\": 39,\n\"templating\": {{\"list\": [{{\"name\": \"job\", \"type\": \"query\", \"query\": \"label_values(up, job)\", \"multi\": true}}]}},\n\"panels\": [\n{}\n]}}",
        panels.join(",\n")
    )
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn dashboards_are_recognised_by_content() {
    let project = Project::from_sources(vec![
        SourceFile::new("a/anything.json", dashboard(&["up"])),
        SourceFile::new(
            "b/wrapped.json",
            r#"{"dashboard": {"title": "x", "panels": []}, "overwrite": true}"#.into(),
        ),
        SourceFile::new("c/package.json", r#"{"name": "x", "title": "y"}"#.into()),
        SourceFile::new(
            "d/datasources.yaml",
            "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n".into(),
        ),
    ]);
    let kinds: Vec<_> = project.files.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            FileKind::GrafanaDashboard,
            FileKind::GrafanaDashboard,
            FileKind::Unrecognized,
            FileKind::GrafanaProvisioning
        ]
    );
    // The panel target and the `job` variable's selector.
    assert_eq!(project.files[0].all_queries().count(), 2);
}

#[test]
fn promql_errors_point_into_the_json_string() {
    // `\"` escapes before the error shift it by one byte each.
    let json = r#"{"uid": "d", "title": "D", "panels": [{"id": 1, "type": "stat", "targets": [
{"expr": "sum(rate(x{a=\"b\", c=\"d\"}[$__rate_interval])) +* 2"}]}]}"#;
    let f = fires(json, "promql/syntax");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].2, "*");
    // An error inside a variable's stand-in points at the reference.
    let json = dashboard(&["sum(rate(x[$__rate_interval]) by (job)"]);
    let f = fires(&json, "promql/syntax");
    assert_eq!(f.len(), 1, "{f:?}");
}

#[test]
fn query_variables_are_parsed() {
    let json = r#"{"uid": "d", "title": "D", "panels": [], "templating": {"list": [
{"name": "a", "type": "query", "query": "label_values(up{job=\"x\",}}, instance)"},
{"name": "b", "type": "query", "query": {"query": "query_result(sum(up) by job)"}},
{"name": "c", "type": "query", "query": "label_values(job)"},
{"name": "d", "type": "query", "query": "metrics(node_.*)"},
{"name": "e", "type": "custom", "query": "a,b{"}
]}}"#;
    let f = fires(json, "promql/syntax");
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].0, 2);
    assert_eq!(f[1].0, 3);
}

#[test]
fn api_wrapper() {
    let f = fires(
        r#"{"dashboard": {"uid": "d", "title": "D", "panels": []}, "overwrite": true}"#,
        "grafana/api-wrapper",
    );
    assert_eq!(f, [(1, 2, "\"dashboard\"".into())]);
    quiet(&dashboard(&["up"]), "grafana/api-wrapper");
}

const PROVIDER: &str = "apiVersion: 1\nproviders:\n  - name: default\n    type: file\n    options:\n      path: /var/lib/grafana/dashboards\n";
const WRAPPED: &str = r#"{"dashboard": {"uid": "d", "title": "D", "panels": []}}"#;

#[test]
fn not_provisionable_when_a_provider_reads_the_file() {
    let f = findings_in(
        &[
            ("grafana/dashboards.yml", PROVIDER),
            ("grafana/dashboards/app.json", WRAPPED),
            ("api/app.json", WRAPPED),
        ],
        "grafana/not-provisionable",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, 1);
    // The file the provider reads gets the error, not also the warning.
    let w = findings_in(
        &[
            ("grafana/dashboards.yml", PROVIDER),
            ("grafana/dashboards/app.json", WRAPPED),
            ("api/app.json", WRAPPED),
        ],
        "grafana/api-wrapper",
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, 2);
}

#[test]
fn compose_mounts_decide_which_files_a_provider_reads() {
    let compose =
        "services:\n  grafana:\n    volumes:\n      - ./boards:/var/lib/grafana/dashboards:ro\n";
    let files = [
        ("docker-compose.yml", compose),
        ("prov/dashboards.yml", PROVIDER),
        ("boards/app.json", WRAPPED),
        // Named like the provider's folder, but not the mounted one.
        ("old/dashboards/app.json", WRAPPED),
    ];
    let f = findings_in(&files, "grafana/not-provisionable");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, 2);
}

#[test]
fn export_inputs() {
    let exported = r#"{"__inputs": [{"name": "DS_PROM", "type": "datasource", "pluginId": "prometheus"}],
"uid": "d", "title": "D", "panels": [{"id": 1, "type": "stat", "datasource": "${DS_PROM}", "targets": [{"expr": "up"}]}]}"#;
    let f = findings_in(
        &[
            ("grafana/dashboards.yml", PROVIDER),
            ("grafana/dashboards/app.json", exported),
        ],
        "grafana/export-inputs",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].3, "${DS_PROM}");
    // Not provisioned: kept for the import dialog, fine.
    quiet(exported, "grafana/export-inputs");
    quiet(exported, "grafana/undefined-variable");
}

#[test]
fn deprecated_panel() {
    let json = r#"{"uid": "d", "title": "D", "panels": [{"id": 1, "type": "graph", "targets": [{"expr": "up"}]},
{"id": 2, "type": "singlestat", "targets": [{"expr": "up"}]}]}"#;
    let f = fires(json, "grafana/deprecated-panel");
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].2, "\"graph\"");
    quiet(&dashboard(&["up"]), "grafana/deprecated-panel");
}

#[test]
fn duplicate_panel_id_counts_collapsed_rows() {
    let json = r#"{"uid": "d", "title": "D", "panels": [{"id": 1, "type": "text"},
{"id": 2, "type": "row", "collapsed": true, "panels": [{"id": 1, "type": "text"}]}]}"#;
    let f = fires(json, "grafana/duplicate-panel-id");
    assert_eq!(f, [(2, 63, "1".into())]);
    quiet(&dashboard(&["up", "up"]), "grafana/duplicate-panel-id");
}

#[test]
fn missing_title_and_uid() {
    let json = r#"{"panels": [], "schemaVersion": 39}"#;
    assert_eq!(fires(json, "grafana/missing-title").len(), 1);
    assert_eq!(fires(json, "grafana/missing-uid").len(), 1);
    let json = r#"{"panels": [], "title": " ", "uid": ""}"#;
    assert_eq!(fires(json, "grafana/missing-title")[0].2, "\" \"");
    assert_eq!(fires(json, "grafana/missing-uid")[0].2, "\"\"");
    quiet(&dashboard(&["up"]), "grafana/missing-title");
    quiet(&dashboard(&["up"]), "grafana/missing-uid");
}

#[test]
fn invalid_uid() {
    let json = r#"{"panels": [], "title": "x", "uid": "a/b"}"#;
    assert_eq!(fires(json, "grafana/invalid-uid").len(), 1);
    let long = format!(
        r#"{{"panels": [], "title": "x", "uid": "{}"}}"#,
        "a".repeat(41)
    );
    assert_eq!(fires(&long, "grafana/invalid-uid").len(), 1);
    let ok = format!(
        r#"{{"panels": [], "title": "x", "uid": "{}"}}"#,
        "a-_".repeat(13)
    );
    quiet(&ok, "grafana/invalid-uid");
}

#[test]
fn panel_no_targets() {
    let json = r#"{"uid": "d", "title": "D", "panels": [
{"id": 1, "type": "timeseries"},
{"id": 2, "type": "stat", "targets": []},
{"id": 3, "type": "text"},
{"id": 4, "type": "row", "panels": []},
{"id": 5, "type": "timeseries", "libraryPanel": {"uid": "x", "name": "y"}}]}"#;
    let f = fires(json, "grafana/panel-no-targets");
    assert_eq!(f.len(), 2, "{f:?}");
    quiet(&dashboard(&["up"]), "grafana/panel-no-targets");
}

#[test]
fn undefined_variable() {
    let json = dashboard(&[
        r#"up{job=~"$jobs", x="${y:csv}"}"#,
        r#"rate(x{job=~"$job"}[$__rate_interval]) * $__interval_ms"#,
        r#"label_replace(up, "a", "$1", "b", "(.*)")"#,
    ]);
    let f = fires(&json, "grafana/undefined-variable");
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(texts, ["$jobs", "${y:csv}"]);
    quiet(
        &dashboard(&[r#"up{job=~"$job"}"#]),
        "grafana/undefined-variable",
    );
}

#[test]
fn rate_interval() {
    let json = dashboard(&[
        "rate(x_total[5m])",
        "irate(x_total[$__interval])",
        "increase(x_total[2m])",
        "increase(x_total[1h])",
        "rate(x_total[$__rate_interval])",
        "rate(x_total[${window}])",
        "max_over_time(x[5m])",
    ]);
    let f = fires(&json, "grafana/rate-interval");
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(texts, ["5m", "$__interval", "2m"]);
}

#[test]
fn counter_agg() {
    let json = dashboard(&[
        "x_total",
        "sum(x_total) by (job)",
        "rate(x_total[$__rate_interval])",
        "count(x_total)",
        "absent(x_total)",
        "y",
    ]);
    let f = fires(&json, "grafana/counter-agg");
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn unknown_datasource_only_with_provisioned_datasources() {
    let ds =
        "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prom\n    type: prometheus\n";
    let json = r#"{"uid": "d", "title": "D", "panels": [
{"id": 1, "type": "stat", "datasource": {"type": "prometheus", "uid": "prom"}, "targets": [{"expr": "up"}]},
{"id": 2, "type": "stat", "datasource": "Prometheus", "targets": [{"expr": "up"}]},
{"id": 3, "type": "stat", "datasource": {"type": "prometheus", "uid": "nope"}, "targets": [{"expr": "up"}]},
{"id": 4, "type": "stat", "datasource": "${datasource}", "targets": [{"expr": "up"}]},
{"id": 5, "type": "stat", "datasource": {"type": "datasource", "uid": "-- Mixed --"}, "targets": [{"expr": "up"}]}]}"#;
    let f = findings_in(
        &[("ds.yml", ds), ("d.json", json)],
        "grafana/unknown-datasource",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].3, "\"nope\"");
    quiet(json, "grafana/unknown-datasource");
}

#[test]
fn provisioning_checks() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    isDefault: true\n  - name: B\n    type: prometheus\n    isDefault: true\n    urll: x\n  - type: loki\n    access: server\n";
    let f = findings_in(&[("ds.yml", ds)], "grafana/provisioning-invalid");
    assert_eq!(f.len(), 3, "{f:?}");
    let f = findings_in(&[("ds.yml", ds)], "grafana/provisioning-unknown-key");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].3, "urll");
    let ok = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    isDefault: true\n    editable: $EDITABLE\n    jsonData: {timeInterval: 15s}\n";
    assert!(findings_in(&[("ds.yml", ok)], "grafana/provisioning-invalid").is_empty());
    assert!(findings_in(&[("ds.yml", ok)], "grafana/provisioning-unknown-key").is_empty());
    assert!(findings_in(&[("p.yml", PROVIDER)], "grafana/provisioning-invalid").is_empty());
}

#[test]
fn loki_and_other_datasources_are_not_promql() {
    let json = r#"{"uid": "d", "title": "D", "panels": [
{"id": 1, "type": "logs", "datasource": {"type": "loki", "uid": "l"}, "targets": [{"expr": "{app=\"x\"} |= \"err\""}]},
{"id": 2, "type": "table", "datasource": "MySQL", "targets": [{"rawSql": "select 1", "query": "select 1"}]},
{"id": 3, "type": "logs", "targets": [{"expr": "{app=\"x\"} |= \"err\""}]}]}"#;
    quiet(json, "promql/syntax");
}

#[test]
fn opinionated_checks() {
    let bare = dashboard(&["up"]);
    for code in [
        "grafana/template-datasource",
        "grafana/template-job",
        "grafana/template-instance",
        "grafana/template-refresh",
        "grafana/panel-description",
        "grafana/panel-units",
        "grafana/target-job",
        "grafana/target-instance",
    ] {
        assert!(!fires(&bare, code).is_empty(), "{code} should fire");
    }
    let fixed = r#"{"uid": "d", "title": "D", "panels": [{"id": 1, "type": "stat", "datasource": "Prometheus", "targets": [{"expr": "up"}]}]}"#;
    assert_eq!(fires(fixed, "grafana/panel-datasource").len(), 1);
    let good = r#"{"uid": "d", "title": "D", "templating": {"list": [
{"name": "datasource", "type": "datasource", "query": "prometheus"},
{"name": "job", "type": "query", "query": "label_values(up, job)", "multi": true, "includeAll": true, "refresh": 2},
{"name": "instance", "type": "query", "query": "label_values(up{job=~\"$job\"}, instance)", "multi": true, "includeAll": true, "refresh": 2}]},
"panels": [{"id": 1, "type": "stat", "title": "Up", "description": "Targets up.", "datasource": {"type": "prometheus", "uid": "${datasource}"},
"fieldConfig": {"defaults": {"unit": "short"}}, "targets": [{"expr": "up{job=~\"$job\", instance=~\"$instance\"}"}]}]}"#;
    for code in [
        "grafana/template-datasource",
        "grafana/template-job",
        "grafana/template-instance",
        "grafana/template-refresh",
        "grafana/panel-datasource",
        "grafana/panel-description",
        "grafana/panel-units",
        "grafana/target-job",
        "grafana/target-instance",
    ] {
        quiet(good, code);
    }
    // Off by default.
    let project = Project::from_sources(vec![SourceFile::new("d.json", bare)]);
    assert!(promlint::checks::run(&project, &[])
        .iter()
        .all(|d| !d.code.starts_with("grafana/template")));
}

#[test]
fn the_seed_dashboard_in_the_wrong_shape_is_found() {
    use promlint::discover::discover;
    let candidates = discover(&[std::path::PathBuf::from("fixtures/seeds/chatsdk")]).unwrap();
    let outcome = check_candidates(&candidates);
    let codes: Vec<_> = outcome.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"grafana/not-provisionable"), "{codes:?}");
    assert!(codes.contains(&"grafana/deprecated-panel"), "{codes:?}");
}

#[test]
fn grafana_alerting_files_are_not_rule_files() {
    let alerting = "apiVersion: 1\ngroups:\n  - orgId: 1\n    name: app\n    folder: App\n    interval: 1m\n    rules:\n      - uid: a1\n        title: High\n        condition: B\n        data: []\n";
    let project =
        Project::from_sources(vec![SourceFile::new("alerting/rules.yml", alerting.into())]);
    assert_eq!(project.files[0].kind, FileKind::GrafanaProvisioning);
    assert!(promlint::checks::run(&project, &[]).is_empty());
}

#[test]
fn multi_value_equality() {
    // `job` is multi-value in `dashboard()`.
    let json = dashboard(&[
        r#"up{job="$job"}"#,
        r#"up{job!="${job}", x="$other"}"#,
        r#"up{job=~"$job"}"#,
    ]);
    let f = fires(&json, "grafana/multi-value-equality");
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(texts, ["$job", "${job}"]);
    let single = r#"{"uid": "d", "title": "D", "templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]},
"panels": [{"id": 1, "type": "stat", "targets": [{"expr": "up{job=\"$job\"}"}]}]}"#;
    quiet(single, "grafana/multi-value-equality");
}

#[test]
fn variable_query() {
    let json = r#"{"uid": "d", "title": "D", "panels": [], "templating": {"list": [
{"name": "a", "type": "query", "datasource": {"type": "prometheus", "uid": "p"}, "query": "label_values(sum(up) by (job), job)"},
{"name": "b", "type": "query", "datasource": {"type": "prometheus", "uid": "p"}, "query": "sum(up) by (job)"},
{"name": "c", "type": "query", "query": "label_values(up, job name)"},
{"name": "d", "type": "query", "datasource": {"type": "prometheus", "uid": "p"}, "query": "up{job=\"x\"}"},
{"name": "e", "type": "query", "datasource": {"type": "prometheus", "uid": "p"}, "query": "query_result(sum(up) by (job))"},
{"name": "f", "type": "query", "query": "SHOW TAG VALUES WITH KEY = \"host\""},
{"name": "g", "type": "query", "datasource": {"type": "influxdb", "uid": "i"}, "query": "SHOW TAG VALUES"}
]}}"#;
    let f = fires(json, "grafana/variable-query");
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(texts, ["sum(up) by (job)", "sum(up) by (job)", "job name"]);
    quiet(json, "promql/syntax");
    quiet(&dashboard(&["up"]), "grafana/variable-query");
}

#[test]
fn undefined_variables_in_repeat_and_interval() {
    let json = r#"{"uid": "d", "title": "D", "templating": {"list": [{"name": "job", "type": "custom", "query": "a"}]}, "panels": [
{"id": 1, "type": "stat", "repeat": "host", "interval": "$resolution", "targets": [{"expr": "up", "interval": "${step}"}]},
{"id": 2, "type": "stat", "repeat": "job", "targets": [{"expr": "up"}]}]}"#;
    let f = fires(json, "grafana/undefined-variable");
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(texts, ["\"host\"", "$resolution", "${step}"]);
}

#[test]
fn type_errors_on_guessed_values_are_dropped() {
    // `$n` has no known value: it stands in as a name, which `topk` would
    // refuse; that is our guess, not the user's mistake.
    let json = r#"{"uid": "d", "title": "D", "templating": {"list": [{"name": "n", "type": "query", "query": "label_values(k)"}]},
"panels": [{"id": 1, "type": "stat", "targets": [{"expr": "topk($n, up)"}, {"expr": "rate(up{job=\"$n\"})"}]}]}"#;
    let f = fires(json, "promql/type");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].2.starts_with("up{"), "{f:?}");
}

#[test]
fn plaintext_secret() {
    let ds = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    secureJsonData:\n      basicAuthPassword: hunter2\n      httpHeaderValue1: $__env{TOKEN}\n      password: ${PASSWORD}\n      tlsClientKey: $__file{/run/secrets/key}\n";
    let f = findings_in(&[("ds.yml", ds)], "grafana/plaintext-secret");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].3, "hunter2");
}

#[test]
fn provisioning_values_are_converted_like_grafana() {
    let ok = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    editable: 1\n    basicAuth: \"true\"\n    orgId: \"2\"\n    version: ${VERSION}\n";
    assert!(findings_in(&[("ds.yml", ok)], "grafana/provisioning-invalid").is_empty());
    let bad = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    editable: yes\n    orgId: one\n    jsonData: []\n";
    assert_eq!(
        findings_in(&[("ds.yml", bad)], "grafana/provisioning-invalid").len(),
        3
    );
}

#[test]
fn counter_agg_difference_of_two_counters() {
    // Started minus finished is what is in flight now: not a running total.
    quiet(
        &dashboard(&[
            "sum(grpc_server_started_total{grpc_type=\"bidi_stream\"}) - sum(grpc_server_handled_total{grpc_type=\"bidi_stream\"})",
            "avg by (job) (go_memstats_mallocs_total - go_memstats_frees_total)",
            "(received_total or on() vector(0)) - on() (processed_total or on() vector(0))",
        ]),
        "grafana/counter-agg",
    );
    // A sum, and a difference of counters of different units, still show
    // raw totals.
    let f = fires(
        &dashboard(&["a_total + b_total", "cpu_seconds_total - rx_bytes_total"]),
        "grafana/counter-agg",
    );
    let texts: Vec<_> = f.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(
        texts,
        ["a_total", "b_total", "cpu_seconds_total", "rx_bytes_total"]
    );
}
