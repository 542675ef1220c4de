//! End-to-end alert tests: routes files next to promtool test files, and
//! routing tests without rules (`promlint test`), with their refusals.

use std::process::Command;

use crate::support::run_promlint as promlint;

const E2E: &str = "fixtures/unittest/e2e";

#[test]
fn the_chat_bots_alerts_reach_their_receivers() {
    let (code, out, _) = promlint(&["test", &format!("{E2E}/chatbot")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("5 test groups in 2 files: 5 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn a_test_file_named_directly_brings_its_routes_file() {
    let (code, out, _) = promlint(&["test", &format!("{E2E}/chatbot/alerts_test.yml")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("5 test groups in 2 files: 5 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn inhibition_by_the_alerts_of_the_same_group_and_time_intervals() {
    let (code, out, _) = promlint(&["test", &format!("{E2E}/inhibit"), &format!("{E2E}/routing")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("11 test groups in 3 files: 11 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn failures_show_the_routing_path() {
    let dir = format!("{E2E}/failing");
    let (code, out, _) = promlint(&["test", &dir]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("unittest_e2e_failing_human", out);
    let (_, json, _) = promlint(&["test", &dir, "--format", "json"]);
    insta::assert_snapshot!("unittest_e2e_failing_json", json);
    let (_, junit, _) = promlint(&["test", &dir, "--format", "junit"]);
    insta::assert_snapshot!("unittest_e2e_failing_junit", junit);
}

#[test]
fn invalid_routes_files_are_refused() {
    let (code, out, _) = promlint(&["test", &format!("{E2E}/invalid")]);
    assert_eq!(code, 2, "{out}");
    insta::assert_snapshot!("unittest_e2e_invalid_human", out);
}

#[test]
fn promtool_accepts_the_test_files_unchanged() {
    if Command::new("promtool").arg("--version").output().is_err() {
        return;
    }
    for f in ["chatbot/alerts_test.yml", "inhibit/cluster_test.yml"] {
        let out = Command::new("promtool")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["test", "rules", &format!("{E2E}/{f}")])
            .output()
            .expect("promtool runs");
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn coverage_of_rules_routes_and_receivers() {
    let dir = format!("{E2E}/coverage");
    let (code, out, _) = promlint(&["test", "--coverage", &dir]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("unittest_e2e_coverage_human", out);
    let (_, json, _) = promlint(&["test", "--coverage", "--format", "json", &dir]);
    insta::assert_snapshot!("unittest_e2e_coverage_json", json);
}

#[test]
fn fail_under_gates_on_the_share_of_alerting_rules_that_fire() {
    let dir = format!("{E2E}/coverage");
    // One of two alerting rules fires in a test: 50 %.
    let (code, _, err) = promlint(&["test", "--coverage", "--fail-under", "60", &dir]);
    assert_eq!(code, 1);
    assert!(err.contains("50.0% of the alerting rules"), "{err}");
    let (code, _, _) = promlint(&["test", "--coverage", "--fail-under", "50", &dir]);
    assert_eq!(code, 0);
    let (code, _, _) = promlint(&["test", "--coverage", "--fail-under", "150", &dir]);
    assert_eq!(code, 2);
}

#[test]
fn the_chat_bots_routes_are_all_reachable() {
    let (code, out, _) = promlint(&[
        "test",
        "--coverage",
        &format!("{E2E}/chatbot"),
        "fixtures/seeds/chatbot-port8000",
    ]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("unittest_e2e_coverage_chatbot", out);
}
