//! Each check: a case where it fires (with the exact location) and a case
//! where it must stay silent.

use promlint::diagnostic::Diagnostic;
use promlint::project::Project;
use promlint::source::SourceFile;

/// Diagnostics of `code` for one in-memory file, as (line, column, message).
fn findings(path: &str, text: &str, code: &str) -> Vec<(usize, usize, String)> {
    let project = Project::from_sources(vec![SourceFile::new(path, text.to_string())]);
    let file = &project.files[0].source;
    let mut out: Vec<_> = promlint::checks::run(&project, &[])
        .into_iter()
        .filter(|d: &Diagnostic| d.code == code)
        .map(|d| {
            let at = file.line_col(d.span.start);
            (at.line, at.column, d.message)
        })
        .collect();
    out.sort();
    out
}

fn fires(text: &str, code: &str) -> Vec<(usize, usize)> {
    findings("rules.yml", text, code)
        .into_iter()
        .map(|(l, c, _)| (l, c))
        .collect()
}

const VALID: &str = r#"groups:
  - name: ok
    interval: 1m
    query_offset: 30s
    limit: 10
    labels:
      team: ops
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
        labels:
          source: rules
      - alert: Down
        expr: up == 0
        for: 5m
        keep_firing_for: 10m
        labels:
          severity: critical
        annotations:
          summary: "{{ $labels.instance }} is down ({{ $value | humanize }})"
"#;

#[test]
fn a_valid_rule_file_has_no_findings() {
    let project = Project::from_sources(vec![SourceFile::new("rules.yml", VALID.to_string())]);
    let all = promlint::checks::run(&project, &[]);
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn yaml_syntax() {
    let text = "groups:\n  - name: a\n    rules: [\n";
    assert_eq!(fires(text, "yaml/syntax").len(), 1);
    assert!(fires(VALID, "yaml/syntax").is_empty());
}

#[test]
fn yaml_duplicate_key() {
    let text = "groups:\n  - name: a\n    name: b\n    rules: []\n";
    assert_eq!(fires(text, "yaml/duplicate-key"), vec![(3, 5)]);
    assert!(fires(VALID, "yaml/duplicate-key").is_empty());
}

#[test]
fn rules_wrong_type() {
    let text = "groups:\n  name: a\n";
    assert_eq!(fires(text, "rules/wrong-type"), vec![(2, 3)]);
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: [up]\n";
    assert_eq!(fires(text, "rules/wrong-type"), vec![(5, 15)]);
    assert!(fires(VALID, "rules/wrong-type").is_empty());
}

#[test]
fn rules_unknown_field() {
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        anotations: {}\n";
    let f = findings("rules.yml", text, "rules/unknown-field");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].0, f[0].1), (6, 9));
    assert!(f[0].2.contains("anotations"));
    assert!(fires(VALID, "rules/unknown-field").is_empty());
}

#[test]
fn rules_missing_field() {
    let text = "groups:\n  - rules:\n      - alert: A\n";
    // the group has no name, the rule no expr
    assert_eq!(fires(text, "rules/missing-field"), vec![(2, 5), (3, 9)]);
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: \"\"\n";
    assert_eq!(fires(text, "rules/missing-field"), vec![(5, 15)]);
    assert!(fires(VALID, "rules/missing-field").is_empty());
}

#[test]
fn rules_rule_kind() {
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        record: b\n        expr: up\n      - expr: up\n";
    assert_eq!(fires(text, "rules/rule-kind"), vec![(5, 9), (7, 9)]);
    // an empty record next to an alert is fine, as in Prometheus
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        record: \"\"\n        expr: up\n";
    assert!(fires(text, "rules/rule-kind").is_empty());
    assert!(fires(VALID, "rules/rule-kind").is_empty());
}

#[test]
fn rules_invalid_name() {
    let text = "groups:\n  - name: \"\"\n    rules:\n      - record: \"sum(x{a='b'})\"\n        expr: up\n        labels:\n          __name__: x\n";
    assert_eq!(
        fires(text, "rules/invalid-name"),
        vec![(2, 11), (4, 17), (7, 11)]
    );
    assert!(fires(VALID, "rules/invalid-name").is_empty());
}

#[test]
fn rules_legacy_name() {
    let text = "groups:\n  - name: a\n    rules:\n      - record: my.metric\n        expr: up\n        labels:\n          team.name: x\n";
    assert_eq!(fires(text, "rules/legacy-name"), vec![(4, 17), (7, 11)]);
    assert!(fires(VALID, "rules/legacy-name").is_empty());
}

#[test]
fn rules_invalid_duration() {
    let text = "groups:\n  - name: a\n    interval: 30m1h\n    limit: ten\n    rules:\n      - alert: A\n        expr: up\n        for: 1.5m\n        keep_firing_for: 5\n";
    let f = findings("rules.yml", text, "rules/invalid-duration");
    let at: Vec<_> = f.iter().map(|(l, c, _)| (*l, *c)).collect();
    assert_eq!(at, vec![(3, 15), (4, 12), (8, 14), (9, 26)]);
    assert!(f[2].2.contains("1.5m"));
    assert!(fires(VALID, "rules/invalid-duration").is_empty());
}

#[test]
fn rules_recording_field() {
    let text = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n        for: 5m\n        annotations:\n          a: b\n      - record: s\n        expr: up\n        for: 0s\n";
    assert_eq!(fires(text, "rules/recording-field"), vec![(6, 9), (7, 9)]);
    assert!(fires(VALID, "rules/recording-field").is_empty());
}

#[test]
fn rules_duplicate_group() {
    let text = "groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n";
    assert_eq!(fires(text, "rules/duplicate-group"), vec![(4, 11)]);
    assert!(fires(VALID, "rules/duplicate-group").is_empty());
}

#[test]
fn rules_duplicate_record() {
    let text = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n      - record: r\n        expr: up\n      - record: r\n        expr: up\n        labels: {x: y}\n";
    assert_eq!(fires(text, "rules/duplicate-record"), vec![(6, 17)]);
    assert!(fires(VALID, "rules/duplicate-record").is_empty());
}

#[test]
fn rules_template_syntax() {
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          summary: \"{{ $labels.instance \"\n";
    let f = fires(text, "rules/template-syntax");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, 7);
    // recording rule labels are not templates
    let text = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n        labels:\n          x: \"{{\"\n";
    assert!(fires(text, "rules/template-syntax").is_empty());
    assert!(fires(VALID, "rules/template-syntax").is_empty());
}

#[test]
fn rules_expr_type() {
    let text = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up[5m]\n      - record: s\n        expr: '\"text\"'\n";
    assert_eq!(fires(text, "rules/expr-type"), vec![(5, 15), (7, 16)]);
    assert!(fires(VALID, "rules/expr-type").is_empty());
}

#[test]
fn promql_syntax_in_a_block_scalar_points_into_the_block() {
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n          sum(rate(x[5m]))\n            / sum(rate(y[5m]) > 1\n";
    let f = fires(text, "promql/syntax");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, 7, "the error is on the second line of the block");
    assert!(fires(VALID, "promql/syntax").is_empty());
}

#[test]
fn promql_syntax_in_a_quoted_scalar() {
    let text =
        "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: \"rate(x[5m] > 1\"\n";
    assert_eq!(fires(text, "promql/syntax").len(), 1);
}

#[test]
fn promql_type() {
    let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: rate(x) > 1\n";
    assert_eq!(fires(text, "promql/type"), vec![(5, 20)]);
    assert!(fires(VALID, "promql/type").is_empty());
}

#[test]
fn promql_experimental() {
    let text = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: limitk(2, up)\n";
    assert_eq!(fires(text, "promql/experimental"), vec![(5, 15)]);
    assert!(fires(VALID, "promql/experimental").is_empty());
}

#[test]
fn promql_files_are_split_on_blank_lines() {
    let text = "# ok\nup\n\n# broken\nsum(up\n";
    let f = findings("q.promql", text, "promql/syntax");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, 5);
    assert!(findings("q.promql", "up\n\nsum(up)\n", "promql/syntax").is_empty());
}

#[test]
fn prometheus_rule_manifests_are_checked() {
    let text = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups:\n    - name: a\n      rules:\n        - alert: A\n          expr: rate(x)\n";
    assert_eq!(fires(text, "promql/type").len(), 1);
    let ok = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups:\n    - name: a\n      rules:\n        - alert: A\n          expr: up == 0\n";
    let project = Project::from_sources(vec![SourceFile::new("m.yaml", ok.to_string())]);
    assert!(promlint::checks::run(&project, &[]).is_empty());
}

#[test]
fn every_document_of_a_stream_is_checked() {
    let text = "groups:\n  - name: a\n    rules: []\n---\ngroups:\n  - name: b\n    rules:\n      - alert: A\n        expr: rate(x)\n";
    assert_eq!(fires(text, "promql/type").len(), 1);
}

#[test]
fn file_unrecognized_only_for_named_files_of_unknown_kind() {
    let f = findings(
        "docker-compose.yml",
        "services:\n  a: {}\n",
        "file/unrecognized",
    );
    assert_eq!(f.len(), 1);
    assert!(findings("x.yml", VALID, "file/unrecognized").is_empty());
    // a path mentioning rules is read as rules: the misspelt key is reported
    let text = "group:\n  - name: a\n";
    assert!(findings("alert.rules.yml", text, "file/unrecognized").is_empty());
    assert_eq!(
        findings("alert.rules.yml", text, "rules/unknown-field").len(),
        1
    );
}

#[test]
fn rules_ignored_document() {
    let text = "groups:\n  - name: a\n    rules: []\n---\ngroups:\n  - name: b\n    rules: []\n";
    assert_eq!(fires(text, "rules/ignored-document"), vec![(5, 1)]);
    // a leading `---` does not make the first document a second one
    let text = "---\ngroups:\n  - name: a\n    rules: []\n";
    assert!(fires(text, "rules/ignored-document").is_empty());
    // PrometheusRule streams are separate objects
    let m = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: a}\nspec: {groups: []}\n";
    assert!(fires(&format!("{m}---\n{m}"), "rules/ignored-document").is_empty());
    assert!(fires(VALID, "rules/ignored-document").is_empty());
}
