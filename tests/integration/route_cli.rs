//! `promlint route`: snapshots of its output (human, JSON, tree, Mermaid)
//! on the routing fixtures and the seeds, and its refusals.

use std::process::{Command, Output};

fn route(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_promlint"))
        .arg("route")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("promlint runs")
}

fn stdout(args: &[&str]) -> String {
    let out = route(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_chat_bots_high_error_rate_alert() {
    insta::assert_snapshot!(
        "route_seed_chatbot_high_error_rate",
        stdout(&[
            "fixtures/seeds/chatbot-port8000/alertmanager.yml",
            "alertname=HighErrorRate",
            "severity=critical",
            "team=ops",
        ])
    );
}

#[test]
fn nested_routes_with_continue() {
    let args = [
        "fixtures/routing/nested-continue.yml",
        "severity=critical",
        "team=frontend",
        "env=prod",
    ];
    insta::assert_snapshot!("route_nested_continue_human", stdout(&args));
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    insta::assert_snapshot!("route_nested_continue_json", stdout(&json));
}

#[test]
fn time_intervals_and_inhibition() {
    // A Saturday afternoon in Berlin: out of hours for the on-call route,
    // and the office route is muted.
    let args = [
        "fixtures/routing/time-and-inhibit.yml",
        "alertname=DiskFull",
        "severity=critical",
        "cluster=eu1",
        "--at",
        "2024-06-01T14:00:00+02:00",
        "--firing",
        "alertname=ClusterDown,severity=critical,cluster=eu1",
    ];
    insta::assert_snapshot!("route_time_and_inhibit_human", stdout(&args));
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    insta::assert_snapshot!("route_time_and_inhibit_json", stdout(&json));
    // A Monday at noon: the office route notifies, a warning elsewhere
    // does not inhibit.
    insta::assert_snapshot!(
        "route_time_and_inhibit_monday",
        stdout(&[
            "fixtures/routing/time-and-inhibit.yml",
            "alertname=DiskFull",
            "severity=critical",
            "cluster=eu1",
            "--at",
            "2024-06-03T10:00:00Z",
            "--firing",
            "alertname=Other,severity=critical,cluster=us1",
        ])
    );
}

#[test]
fn trees() {
    insta::assert_snapshot!(
        "route_tree_teams",
        stdout(&["--tree", "fixtures/routing/teams.yml"])
    );
    insta::assert_snapshot!(
        "route_tree_teams_mermaid",
        stdout(&[
            "--tree",
            "--format",
            "mermaid",
            "fixtures/routing/teams.yml"
        ])
    );
}

#[test]
fn the_configuration_in_the_current_folder() {
    let out = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(["route", "severity=critical"])
        .current_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/seeds/chatbot-port8000"
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("receivers: critical"));
}

#[test]
fn refusals() {
    for args in [
        &["fixtures/routing/teams.yml", "nolabel", "x"][..],
        &["fixtures/routing/teams.yml", "a=b", "--at", "yesterday"],
        &["fixtures/routing/teams.yml", "a=b", "--firing", "novalue"],
        &["fixtures/seeds/chatbot-port8000/prometheus.yml", "a=b"],
        &["fixtures/routing/missing.yml", "a=b"],
        &["fixtures/routing/teams.yml", "a=b", "--format", "mermaid"],
    ] {
        let out = route(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}
