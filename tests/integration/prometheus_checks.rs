//! Each prometheus.yml check: a case where it fires (with the exact
//! location) and one where it must stay silent.

use promlint::model::FileKind;
use promlint::project::Project;
use promlint::source::SourceFile;

/// (line, column) of the findings of `code` for one prometheus.yml text.
fn fires(text: &str, code: &str) -> Vec<(usize, usize)> {
    let project = Project::from_sources(vec![SourceFile::new("prometheus.yml", text.to_string())]);
    let file = &project.files[0].source;
    let mut out: Vec<_> = promlint::checks::run(&project, &[])
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let at = file.line_col(d.span.start);
            (at.line, at.column)
        })
        .collect();
    out.sort();
    out
}

const VALID: &str = r#"global:
  scrape_interval: 15s
  external_labels:
    cluster: prod
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node:9100']
    basic_auth:
      username: prometheus
      password_file: /etc/prometheus/password
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['https://example.com', 'db:5432']
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - target_label: __address__
        replacement: blackbox:9115
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['alertmanager:9093']
"#;

#[test]
fn a_valid_config_has_no_findings() {
    let project = Project::from_sources(vec![SourceFile::new("prometheus.yml", VALID.to_string())]);
    assert_eq!(project.files[0].kind, FileKind::PrometheusConfig);
    let all = promlint::checks::run(&project, &[]);
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn unknown_field() {
    let text = "scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n";
    assert_eq!(fires(text, "prometheus/unknown-field"), vec![(3, 5)]);
    assert!(fires(VALID, "prometheus/unknown-field").is_empty());
}

#[test]
fn wrong_type() {
    let text =
        "scrape_configs:\n  - job_name: a\n    honor_labels: \"true\"\n    sample_limit: -5\n";
    assert_eq!(fires(text, "prometheus/wrong-type"), vec![(3, 19), (4, 19)]);
    let ok = "scrape_configs:\n  - job_name: a\n    honor_labels: yes\n    sample_limit: 1_000\n";
    assert!(fires(ok, "prometheus/wrong-type").is_empty());
}

#[test]
fn invalid_value() {
    let text = "global:\n  scrape_interval: 30\nscrape_configs:\n  - job_name: a\n    body_size_limit: 10mb\n    static_configs:\n      - targets: ['http://a:80/metrics']\n";
    assert_eq!(
        fires(text, "prometheus/invalid-value"),
        vec![(2, 20), (5, 22), (7, 19)]
    );
    let ok = "global:\n  scrape_interval: 30s\nscrape_configs:\n  - job_name: a\n    body_size_limit: 10MB\n";
    assert!(fires(ok, "prometheus/invalid-value").is_empty());
}

#[test]
fn missing_field() {
    let text = "scrape_configs:\n  - static_configs: []\n  - job_name: b\n    dns_sd_configs:\n      - names: [x]\n        type: A\nremote_write:\n  - name: x\n";
    assert_eq!(
        fires(text, "prometheus/missing-field"),
        vec![(2, 5), (5, 9), (8, 5)]
    );
    assert!(fires(VALID, "prometheus/missing-field").is_empty());
}

#[test]
fn conflicting_fields() {
    let text = "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password_file: /p\n    oauth2:\n      client_id: c\n      token_url: https://t\n";
    assert_eq!(fires(text, "prometheus/conflicting-fields"), vec![(6, 5)]);
    assert!(fires(VALID, "prometheus/conflicting-fields").is_empty());
}

#[test]
fn duplicate_name() {
    let text = "scrape_configs:\n  - job_name: a\n  - job_name: b\n  - job_name: a\n";
    assert_eq!(fires(text, "prometheus/duplicate-name"), vec![(4, 15)]);
    assert!(fires(VALID, "prometheus/duplicate-name").is_empty());
}

#[test]
fn invalid_relabel() {
    let text = "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n        action: Remove\n      - source_labels: [x]\n        regex: (.+)\n";
    assert_eq!(
        fires(text, "prometheus/invalid-relabel"),
        vec![(5, 17), (6, 9)]
    );
    assert!(fires(VALID, "prometheus/invalid-relabel").is_empty());
}

#[test]
fn scrape_timeout() {
    let text = "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    scrape_timeout: 8s\n";
    assert_eq!(fires(text, "prometheus/scrape-timeout"), vec![(5, 21)]);
    let ok = "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: 8s\n";
    assert!(fires(ok, "prometheus/scrape-timeout").is_empty());
}

#[test]
fn rule_file_missing() {
    let text = "rule_files:\n  - does/not/exist.yml\n  - does/not/*.yml\n  - /nowhere/alerts.yml\n";
    assert_eq!(fires(text, "prometheus/rule-file-missing"), vec![(2, 5)]);
    assert_eq!(fires(text, "prometheus/rule-file-absolute"), vec![(4, 5)]);
    let ok = "rule_files:\n  - Cargo.toml\n";
    assert!(fires(ok, "prometheus/rule-file-missing").is_empty());
    assert!(fires(ok, "prometheus/rule-file-absolute").is_empty());
}

#[test]
fn rule_file_absolute_resolved_through_a_compose_mount() {
    let config = "rule_files:\n  - /etc/prometheus/rules.yml\n  - /etc/prometheus/other.yml\n";
    let compose = "services:\n  prometheus:\n    image: prom/prometheus\n    volumes:\n      - ./Cargo.toml:/etc/prometheus/rules.yml:ro\n";
    let project = Project::from_sources(vec![
        SourceFile::new("prometheus.yml", config.to_string()),
        SourceFile::new("docker-compose.yml", compose.to_string()),
    ]);
    let lines: Vec<usize> = promlint::checks::run(&project, &[])
        .into_iter()
        .filter(|d| d.code == "prometheus/rule-file-absolute")
        .map(|d| project.files[0].source.line_col(d.span.start).line)
        .collect();
    // The mounted file exists here; the other one is still reported.
    assert_eq!(lines, vec![3]);
}

#[test]
fn non_http_port() {
    let text = "scrape_configs:\n  - job_name: db\n    static_configs:\n      - targets: ['postgres:5432', 'pg-exporter:9187']\n";
    assert_eq!(fires(text, "prometheus/non-http-port"), vec![(4, 19)]);
    // The blackbox job of VALID probes db:5432 through the exporter.
    assert!(fires(VALID, "prometheus/non-http-port").is_empty());
}

#[test]
fn probe_without_relabel() {
    let text = "scrape_configs:\n  - job_name: bb\n    metrics_path: /probe\n    static_configs:\n      - targets: ['https://example.com']\n";
    assert_eq!(
        fires(text, "prometheus/probe-without-relabel"),
        vec![(3, 19)]
    );
    let with_param = "scrape_configs:\n  - job_name: bb\n    metrics_path: /probe\n    params:\n      target: [example.com]\n    static_configs:\n      - targets: ['blackbox:9115']\n";
    assert!(fires(with_param, "prometheus/probe-without-relabel").is_empty());
    assert!(fires(VALID, "prometheus/probe-without-relabel").is_empty());
}

#[test]
fn long_scrape_interval() {
    let text = "global:\n  scrape_interval: 5m\nscrape_configs:\n  - job_name: a\n    scrape_interval: 10m\n  - job_name: b\n    scrape_interval: 1m\n";
    assert_eq!(
        fires(text, "prometheus/long-scrape-interval"),
        vec![(2, 20), (5, 22)]
    );
    let ok = "global:\n  scrape_interval: 4m59s\n";
    assert!(fires(ok, "prometheus/long-scrape-interval").is_empty());
}

#[test]
fn plaintext_secret() {
    let text = "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: hunter2\n    bearer_token: abc\n    tls_config:\n      key: ${TLS_KEY}\n";
    assert_eq!(
        fires(text, "prometheus/plaintext-secret"),
        vec![(5, 17), (6, 19)]
    );
    assert!(fires(VALID, "prometheus/plaintext-secret").is_empty());
}

#[test]
fn accessors_expose_names_globs_and_labels() {
    let project = Project::from_sources(vec![SourceFile::new(
        "prometheus.yml",
        format!("{VALID}rule_files:\n  - rules/*.yml\n"),
    )]);
    let config = project.files[0]
        .prometheus
        .as_ref()
        .expect("read as prometheus.yml");
    let jobs: Vec<&str> = config.job_names().map(|j| j.value.as_str()).collect();
    assert_eq!(jobs, ["node", "blackbox"]);
    let first = config.job_names().next().unwrap();
    assert_eq!(&VALID[first.span.start..first.span.end], "node");
    assert_eq!(config.rule_file_globs()[0].pattern.value, "rules/*.yml");
    assert_eq!(config.external_labels()[0].0.value, "cluster");
    assert_eq!(config.external_labels()[0].1.value, "prod");
    let am: Vec<&str> = config
        .alertmanager_targets()
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(am, ["alertmanager:9093"]);
    assert_eq!(config.scrape_configs[1].relabel_configs.len(), 2);
    assert_eq!(
        config.effective_scrape_interval(&config.scrape_configs[0]),
        15_000
    );
}

#[test]
fn alertmanager_yml_is_not_read_as_prometheus_yml() {
    let text = "global:\n  resolve_timeout: 5m\nroute:\n  receiver: x\nreceivers:\n  - name: x\n";
    let project =
        Project::from_sources(vec![SourceFile::new("alertmanager.yml", text.to_string())]);
    assert!(project.files[0].prometheus.is_none());
}

#[test]
fn bad_input_does_not_crash() {
    for text in [
        "scrape_configs: [[[]]]\n",
        "scrape_configs:\n  - job_name: [a]\n    relabel_configs: {a: b}\n",
        "global: 5\nscrape_configs: ~\nrule_files: [1, [2]]\n",
        "alerting:\n  alertmanagers: [~, 3]\n",
        "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [{a: b}]}]\n",
    ] {
        let project =
            Project::from_sources(vec![SourceFile::new("prometheus.yml", text.to_string())]);
        let all = promlint::checks::run(&project, &[]);
        assert!(
            all.iter()
                .any(|d| d.severity == promlint::diagnostic::Severity::Error),
            "{text}: {all:#?}"
        );
    }
}

#[test]
fn a_prometheus_yml_with_only_misspelt_keys_is_still_checked() {
    let text = "scrape_config:\n  - job_name: a\n";
    let project = Project::from_sources(vec![SourceFile::new(
        "deploy/prometheus.yml",
        text.to_string(),
    )]);
    assert_eq!(project.files[0].kind, FileKind::PrometheusConfig);
    let all = promlint::checks::run(&project, &[]);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0].code, "prometheus/unknown-field");
    assert_eq!(
        all[0].help.as_deref(),
        Some("did you mean `scrape_configs`?")
    );
    // A Grafana datasource file of the same name is not.
    let grafana = "apiVersion: 1\ndatasources:\n  - name: Prometheus\n";
    let project =
        Project::from_sources(vec![SourceFile::new("prometheus.yml", grafana.to_string())]);
    assert!(project.files[0].prometheus.is_none());
}

#[test]
fn scrape_url() {
    let text = "scrape_configs:\n  - job_name: a\n    scheme: htps\n    metrics_path: /metrics?format=prometheus\nalerting:\n  alertmanagers:\n    - scheme: tcp\n";
    assert_eq!(
        fires(text, "prometheus/scrape-url"),
        vec![(3, 13), (4, 19), (7, 15)]
    );
    assert!(fires(VALID, "prometheus/scrape-url").is_empty());
    let ok = "scrape_configs:\n  - job_name: a\n    scheme: https\n    metrics_path: /federate\n    params:\n      'match[]': ['{job=\"x\"}']\n";
    assert!(fires(ok, "prometheus/scrape-url").is_empty());
}

#[test]
fn a_values_file_with_an_alerting_key_is_not_prometheus_yml() {
    let text = "replicas: 2\nimage: x\nresources: {}\nalerting:\n  enabled: true\n";
    let project = Project::from_sources(vec![SourceFile::new("values.yaml", text.to_string())]);
    assert!(project.files[0].prometheus.is_none());
    // One misspelt key among Prometheus' own still counts.
    let text = "global:\n  scrape_interval: 15s\nscrape_configs: []\nrule_file: []\n";
    let project = Project::from_sources(vec![SourceFile::new("config.yml", text.to_string())]);
    assert!(project.files[0].prometheus.is_some());
}
