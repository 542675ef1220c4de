//! Cross-file findings between alerting rules and Alertmanager
//! (`fixtures/project/*`): each scenario's exact findings.

use crate::support::check_candidates;
use promlint::discover::discover;
use std::path::{Path, PathBuf};

/// (file relative to the scenario, line, column, code) of every finding.
fn findings(scenario: &str) -> Vec<(String, usize, usize, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/project")
        .join(scenario);
    let outcome = check_candidates(&discover(&[PathBuf::from(&dir)]).unwrap());
    let mut out: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome
                .project
                .files
                .iter()
                .find(|f| f.source.path == d.file)
                .unwrap();
            let lc = file.source.line_col(d.span.start);
            let rel = d
                .file
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, lc.line, lc.column, d.code.to_string())
        })
        .collect();
    out.sort();
    out
}

fn f(file: &str, line: usize, col: usize, code: &str) -> (String, usize, usize, String) {
    (file.into(), line, col, code.into())
}

#[test]
fn consistent_project_is_clean() {
    // Labels from external_labels, static target labels, a query's `by`,
    // a templated severity and an alertname route: nothing to say.
    assert_eq!(findings("clean"), vec![]);
}

#[test]
fn alerts_that_reach_only_the_root_receiver() {
    assert_eq!(
        findings("unrouted"),
        vec![
            f("rules/app.yml", 24, 21, "project/unrouted-alert"),
            f("rules/app.yml", 29, 21, "project/unrouted-alert"),
        ]
    );
}

#[test]
fn one_tested_value_leaves_the_others_to_the_default_receiver() {
    // Only `critical` is routed: `warning` goes to the default receiver on
    // purpose, `critcal` is a misspelling.
    assert_eq!(
        findings("unrouted-single"),
        vec![f("rules/app.yml", 15, 21, "project/unrouted-alert")]
    );
}

#[test]
fn labels_no_alert_carries() {
    assert_eq!(
        findings("unknown-label"),
        vec![
            f("alertmanager.yml", 3, 25, "project/unknown-label"),
            f("alertmanager.yml", 6, 18, "project/unknown-label"),
            f("alertmanager.yml", 12, 24, "project/unknown-label"),
        ]
    );
}

#[test]
fn labels_are_not_judged_without_the_prometheus_configuration() {
    // External and target labels are unknown without prometheus.yml.
    assert!(findings("unknown-label-no-prometheus")
        .iter()
        .all(|x| x.3 != "project/unknown-label"));
}

#[test]
fn alert_names_no_rule_defines() {
    assert_eq!(
        findings("unknown-alertname"),
        vec![f("alertmanager.yml", 5, 18, "project/unknown-alertname")]
    );
}

#[test]
fn nothing_cross_file_without_rules() {
    assert!(findings("no-rules")
        .iter()
        .all(|x| !x.3.starts_with("project/")));
}

#[test]
fn the_chatbot_seed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds/chatbot-port8000");
    let outcome = check_candidates(&discover(&[dir]).unwrap());
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code).collect();
    // The two `severity: info` alerts match neither the critical nor the
    // warning route; `cluster` is set by nothing.
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "project/unrouted-alert")
            .count(),
        2
    );
    assert_eq!(
        codes
            .iter()
            .filter(|c| **c == "project/unknown-label")
            .count(),
        1
    );
}

#[test]
fn several_alertmanager_configurations_report_each_rule_once() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let outcome = check_candidates(&discover(&[dir]).unwrap());
    let mut unrouted: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "project/unrouted-alert")
        .map(|d| (d.file.clone(), d.span))
        .collect();
    let n = unrouted.len();
    unrouted.dedup();
    assert_eq!(unrouted.len(), n);
    assert_eq!(n, 3);
}

#[test]
fn labels_written_by_target_and_alert_relabelling_are_known() {
    assert_eq!(
        findings("relabelled-labels"),
        vec![f("alertmanager.yml", 6, 18, "project/unknown-label")]
    );
}

#[test]
fn a_labelmap_makes_every_label_possible() {
    assert!(findings("labelmap")
        .iter()
        .all(|x| x.3 != "project/unknown-label"));
    // The same Alertmanager configuration without the labelmap is judged.
    assert!(findings("unknown-label")
        .iter()
        .any(|x| x.3 == "project/unknown-label"));
}
