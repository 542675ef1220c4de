//! Monitoring documents embedded in Kubernetes objects
//! (`fixtures/k8s/*`): every finding is located in the embedding file, on
//! the character it is about.

use crate::support::check_candidates;
use promlint::discover::discover;
use promlint::project::Project;
use promlint::source::SourceFile;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/k8s")
}

/// (file name, line, column, code, message) of every finding of one
/// fixture checked alone.
fn findings(name: &str) -> Vec<(String, usize, usize, String, String)> {
    let path = dir().join(name);
    let outcome = check_candidates(&discover(std::slice::from_ref(&path)).unwrap());
    let mut out: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.file, path, "{d:?} is not in the embedding file");
            let text = std::fs::read_to_string(&path).unwrap();
            let source = SourceFile::new(path.clone(), text);
            let lc = source.line_col(d.span.start);
            (
                name.to_string(),
                lc.line,
                lc.column,
                d.code.to_string(),
                d.message.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

fn at(findings: &[(String, usize, usize, String, String)]) -> Vec<(usize, usize, &str)> {
    findings.iter().map(|f| (f.1, f.2, f.3.as_str())).collect()
}

#[test]
fn dashboard_in_a_configmap_block_scalar() {
    // `[5m]` after the escaped quotes of `job=\"api\"`, and the unclosed
    // `(` of `sum(`.
    assert_eq!(
        at(&findings("configmap-dashboard.yaml")),
        vec![(19, 89, "grafana/rate-interval"), (20, 40, "promql/syntax")]
    );
}

#[test]
fn dashboard_in_a_json_string_of_a_json_manifest() {
    // The expression's quotes are escaped twice (`\\\"`).
    assert_eq!(
        at(&findings("dashboard-configmap.json")),
        vec![(6, 279, "grafana/rate-interval")]
    );
    let text = std::fs::read_to_string(dir().join("dashboard-configmap.json")).unwrap();
    let line = text.lines().nth(5).unwrap();
    let col: String = line.chars().skip(278).take(3).collect();
    assert_eq!(col, "10m");
}

#[test]
fn every_dashboard_of_a_configmap_list() {
    assert_eq!(
        at(&findings("configmaplist.yaml")),
        vec![
            (16, 48, "metrics/rate-on-gauge"),
            (16, 56, "grafana/rate-interval"),
            (31, 51, "promql/syntax"),
        ]
    );
}

#[test]
fn grafana_operator_dashboards() {
    let all = findings("grafanadashboard.yaml");
    assert_eq!(
        at(&all),
        vec![
            (16, 75, "grafana/rate-interval"),
            // gzipJson: on the key, with the place in the decoded dashboard.
            (28, 3, "grafana/rate-interval"),
        ]
    );
    assert!(
        all[1]
            .4
            .ends_with("(line 16, column 48 of the dashboard decoded from `spec.gzipJson`)"),
        "{}",
        all[1].4
    );
}

#[test]
fn alertmanager_configuration_in_a_secret() {
    assert_eq!(
        at(&findings("alertmanager-secret.yaml")),
        vec![
            (11, 21, "alertmanager/undefined-receiver"),
            (17, 15, "alertmanager/unused-receiver"),
        ]
    );
    let all = findings("alertmanager-secret-data.yaml");
    assert_eq!(at(&all), vec![(7, 3, "alertmanager/undefined-receiver")]);
    assert!(all[0]
        .4
        .ends_with("(line 4, column 17 of the base64 of `data.alertmanager.yaml`)"));
}

#[test]
fn rule_file_in_a_configmap() {
    // The README.md key is not read.
    assert_eq!(
        at(&findings("rules-configmap.yaml")),
        vec![(11, 62, "promql/syntax")]
    );
}

#[test]
fn malformed_dashboard_json_is_located() {
    // `settings.json` is JSON but no dashboard: not read.
    assert_eq!(
        at(&findings("broken-dashboard.yaml")),
        vec![(10, 40, "yaml/syntax")]
    );
}

#[test]
fn operator_alertmanager_config() {
    // Its camelCase schema is not judged as an alertmanager.yml.
    assert_eq!(
        at(&findings("alertmanagerconfig.yaml")),
        vec![(16, 19, "alertmanager/undefined-receiver")]
    );
}

#[test]
fn embedded_documents_count_with_their_file() {
    let outcome = check_candidates(&discover(&[dir()]).unwrap());
    let on_disk = std::fs::read_dir(dir()).unwrap().count();
    assert_eq!(outcome.project.files_checked(), on_disk);
    assert!(outcome
        .diagnostics
        .iter()
        .all(|d| d.code != "file/unrecognized" && d.file.exists()));
}

/// Malformed and hostile embeddings: never a panic, never a finding
/// outside the file.
#[test]
fn malformed_embeddings_do_not_panic() {
    let cases = [
        "apiVersion: v1\nkind: Secret\ndata:\n  alertmanager.yaml: '!!!not base64'\n",
        "apiVersion: v1\nkind: Secret\ndata:\n  alertmanager.yaml: aGVsbG8=\n",
        "apiVersion: v1\nkind: Secret\ndata:\n  alertmanager.yaml: [1, 2]\n",
        "apiVersion: v1\nkind: Secret\nstringData:\n  alertmanager.yaml: |\n    route: [\n",
        "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nspec:\n  gzipJson: aGVsbG8=\n",
        "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDashboard\nspec:\n  json: {a: 1}\n",
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  x.json: '{\"panels\": [}'\n",
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  x.json: |\n    {\"panels\": [{{ .Values.x }}], \"title\": \"t\"}\n",
        "apiVersion: v1\nkind: ConfigMapList\nitems: {a: 1}\n",
        "apiVersion: v1\nkind: List\nitems:\n- kind: List\n  items:\n  - apiVersion: v1\n    kind: ConfigMap\n    data:\n      r.rules.yml: 'groups: [{name: a, rules: [{record: x, expr: \"sum(\"}]}]'\n",
        "apiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nspec:\n  route: [1]\n",
        "apiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nspec:\n  route:\n    routes: {a: 1}\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let path = format!("case{i}.yaml");
        let project = Project::from_sources(vec![SourceFile::new(&path, text.to_string())]);
        let diagnostics = promlint::checks::run(&project, &[]);
        for d in &diagnostics {
            assert_eq!(d.file, Path::new(&path), "case {i}: {d:?}");
            assert!(d.span.end <= text.len(), "case {i}: {d:?}");
        }
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        match i {
            // Unclosed flow sequence in stringData: located syntax error.
            3 => assert!(codes.contains(&"yaml/syntax"), "{codes:?}"),
            // Broken JSON meant as a dashboard.
            6 => assert_eq!(codes, ["yaml/syntax"]),
            // A Helm template, not JSON: not read (the file named on its
            // own is reported as of no known kind).
            7 => assert_eq!(codes, ["file/unrecognized"]),
            // A rule in a ConfigMap in a List in a List.
            9 => assert!(codes.contains(&"promql/syntax"), "{codes:?}"),
            // The top route names no receiver.
            11 => assert_eq!(codes, ["alertmanager/undefined-receiver"]),
            _ => {}
        }
    }
}

#[test]
fn duplicate_key_messages_name_the_line_of_the_embedding_file() {
    let text = "apiVersion: v1\nkind: Secret\nstringData:\n  alertmanager.yaml: |\n    route:\n      receiver: a\n      receiver: a\n    receivers:\n      - name: a\n";
    let project = Project::from_sources(vec![SourceFile::new("s.yaml", text.to_string())]);
    let diagnostics = promlint::checks::run(&project, &[]);
    let dup: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "yaml/duplicate-key")
        .collect();
    assert_eq!(dup.len(), 1, "{diagnostics:?}");
    assert!(dup[0].message.ends_with("at line 6"), "{:?}", dup[0]);
    let help = dup[0].help.as_deref().unwrap_or("");
    assert!(help.contains("at line 6, column 7"), "{help}");
}
