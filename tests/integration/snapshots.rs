//! Snapshots of the human and JSON output on the fixtures: every rule-file
//! fixture, the Grafana fixtures, the bundled example repository, and the
//! metric cross-check projects under `fixtures/metrics/`.

use crate::support::{check_candidates, paths_options};
use promlint::cli::{render_outcome, Format};
use promlint::discover::discover;
use std::path::PathBuf;

fn render(path: &str, format: Format) -> String {
    let candidates = discover(&[PathBuf::from(path)]).expect("fixture exists");
    let outcome = check_candidates(&candidates);
    render_outcome(&outcome, format, false, 100)
}

#[test]
fn rule_fixtures() {
    insta::glob!("../../fixtures/rules", "**/*.yml", |path| {
        insta::assert_snapshot!(fixture_output(path))
    });
}

#[test]
fn example_repository() {
    insta::assert_snapshot!("example_human", render("fixtures/example/", Format::Human));
    insta::assert_snapshot!("example_json", render("fixtures/example/", Format::Json));
    insta::assert_snapshot!(
        "example_github",
        render("fixtures/example/", Format::Github)
    );
}

/// The human and JSON output for one fixture file.
fn fixture_output(path: &std::path::Path) -> String {
    let rel = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("fixture under the crate")
        .to_string_lossy()
        .replace('\\', "/");
    let human = render(&rel, Format::Human);
    let json = render(&rel, Format::Json);
    format!("{human}\n--- json ---\n{json}")
}

#[test]
fn alertmanager_fixtures() {
    insta::glob!("../../fixtures/alertmanager", "**/*.yml", |path| {
        insta::assert_snapshot!(fixture_output(path))
    });
}

#[test]
fn grafana_fixtures() {
    insta::glob!("../../fixtures/grafana", "{valid,invalid}/*.json", |path| {
        insta::assert_snapshot!(fixture_output(path))
    });
}

#[test]
fn kubernetes_fixtures() {
    insta::glob!("../../fixtures/k8s", "*.{yaml,json}", |path| {
        insta::assert_snapshot!(fixture_output(path))
    });
}

#[test]
fn grafana_provisioning_repository() {
    insta::assert_snapshot!(
        "grafana_provisioning_human",
        render("fixtures/grafana/provisioning/", Format::Human)
    );
    insta::assert_snapshot!(
        "grafana_provisioning_json",
        render("fixtures/grafana/provisioning/", Format::Json)
    );
}
/// Dashboards with Loki and Prometheus queries side by side, a jsonnet
/// input, Grafana-only syntax, and a Loki ruler file, with the
/// provisioning file that names the datasources.
#[test]
fn grafana_languages() {
    insta::assert_snapshot!(
        "grafana_languages_human",
        render("fixtures/grafana/languages/", Format::Human)
    );
    insta::assert_snapshot!(
        "grafana_languages_json",
        render("fixtures/grafana/languages/", Format::Json)
    );
}

#[test]
fn prometheus_fixtures() {
    insta::glob!("../../fixtures/prometheus", "invalid/*.yml", |path| {
        insta::assert_snapshot!(fixture_output(path))
    });
}

/// Checks a folder as `promlint check` does (with its `.promlint.yml`).
fn render_project(path: &str, format: Format) -> String {
    let outcome = promlint::check(&paths_options(&[PathBuf::from(path)])).expect("fixture exists");
    render_outcome(&outcome, format, false, 100)
}

#[test]
fn metrics_fixtures() {
    for project in ["shop", "clean", "sides", "deployments"] {
        let path = format!("fixtures/metrics/{project}");
        let human = render_project(&path, Format::Human);
        let json = render_project(&path, Format::Json);
        insta::assert_snapshot!(
            format!("metrics_{project}"),
            format!("{human}\n--- json ---\n{json}")
        );
    }
}

/// What a file is: a Helm chart, a dashboard named like a rule file, a
/// Jekyll data file and a Liquid template with `groups:`, a rule file with
/// an old-style name that a prometheus.yml loads, a unit-test file naming
/// a missing rule file, and a Jsonnet file named on purpose.
#[test]
fn classify_fixtures() {
    for (name, path) in [
        ("chart", "fixtures/classify/chart"),
        (
            "dashboard_named_rule",
            "fixtures/classify/dashboard-named-rule",
        ),
        ("jekyll", "fixtures/classify/jekyll"),
        ("compose", "fixtures/classify/compose"),
        ("unit_test", "fixtures/classify/unit-test"),
        ("libsonnet", "fixtures/classify/jsonnet/mixin.libsonnet"),
    ] {
        let human = render_project(path, Format::Human);
        let json = render_project(path, Format::Json);
        insta::assert_snapshot!(
            format!("classify_{name}"),
            format!("{human}\n--- json ---\n{json}")
        );
    }
}
