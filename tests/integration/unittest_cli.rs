//! `promlint test` end to end: exit codes, `--run`, `--tolerance`, and
//! snapshots of the human, JSON and JUnit reports.

fn promlint(args: &[&str]) -> (i32, String) {
    let (code, stdout, _) = crate::support::run_promlint(args);
    (code, stdout)
}

#[test]
fn passing_files_exit_0() {
    let (code, out) = promlint(&["test", "fixtures/unittest/alerts/state.yml"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("22 test groups in 1 file: 22 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn failing_groups_exit_1() {
    let (code, _) = promlint(&["test", "fixtures/unittest/report/mixed.yml"]);
    assert_eq!(code, 1);
}

#[test]
fn unloadable_files_exit_2() {
    for f in [
        "fixtures/unittest/invalid/unknown_field.fail.yml",
        "fixtures/unittest/invalid/broken_rules.fail.yml",
    ] {
        let (code, out) = promlint(&["test", f]);
        assert_eq!(code, 2, "{f}: {out}");
    }
    let (code, _) = promlint(&["test", "fixtures/unittest/no-such-file.yml"]);
    assert_eq!(code, 2);
}

#[test]
fn folders_hold_test_files_with_a_tests_key() {
    let (code, out) = promlint(&[
        "test",
        "fixtures/unittest/alerts",
        "--run",
        "^a (chain|recording)",
    ]);
    // Rule files in the folder are not test files; the fail file has no
    // group of that name.
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("2 test groups in 6 files: 2 passed, 0 failed\n"),
        "{out}"
    );
}

#[test]
fn run_selects_groups_by_name() {
    let (code, out) = promlint(&[
        "test",
        "fixtures/unittest/report/mixed.yml",
        "--run",
        "^pass",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("1 test group in 1 file: 1 passed, 0 failed\n"),
        "{out}"
    );
    let (code, out) = promlint(&[
        "test",
        "fixtures/unittest/report/mixed.yml",
        "--run",
        "^pass",
        "--run",
        "^wrong",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.ends_with("2 test groups in 1 file: 1 passed, 1 failed\n"),
        "{out}"
    );
    let (code, _) = promlint(&["test", "fixtures/unittest/report/mixed.yml", "--run", "("]);
    assert_eq!(code, 2);
}

#[test]
fn tolerance_accepts_rounded_expectations() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unittest-cli-tolerance");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.yml");
    std::fs::write(
        &file,
        "tests:\n  - interval: 1m\n    input_series:\n      - series: x\n        values: '1 2'\n    promql_expr_test:\n      - expr: x / 3\n        eval_time: 0s\n        exp_samples:\n          - labels: '{}'\n            value: 0.3333\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (code, _) = promlint(&["test", path]);
    assert_eq!(code, 1);
    let (code, out) = promlint(&["test", path, "--tolerance", "1e-3"]);
    assert_eq!(code, 0, "{out}");
    let (code, _) = promlint(&["test", path, "--tolerance", "1e-6"]);
    assert_eq!(code, 1);
}

#[test]
fn human_report() {
    let (_, out) = promlint(&["test", "fixtures/unittest/report/mixed.yml"]);
    insta::assert_snapshot!(out);
}

#[test]
fn json_report() {
    let (_, out) = promlint(&[
        "test",
        "--format",
        "json",
        "fixtures/unittest/report/mixed.yml",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn junit_report() {
    let (_, out) = promlint(&[
        "test",
        "--format",
        "junit",
        "fixtures/unittest/report/mixed.yml",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn errors_report() {
    let (_, out) = promlint(&["test", "fixtures/unittest/alerts/errors.fail.yml"]);
    insta::assert_snapshot!(out);
}

#[test]
fn invalid_file_report() {
    let (_, out) = promlint(&["test", "fixtures/unittest/invalid/unknown_field.fail.yml"]);
    insta::assert_snapshot!(out);
}

#[test]
fn native_histograms_are_compared_in_series_notation() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("unittest-cli-histogram");
    std::fs::create_dir_all(&dir).unwrap();
    let series = dir.join("series.yml");
    std::fs::write(
        &series,
        "tests:\n  - interval: 1m\n    input_series:\n      - series: h\n        values: '{{schema:0 sum:1 count:1}}'\n    promql_expr_test:\n      - expr: h\n        eval_time: 0s\n        exp_samples: []\n",
    )
    .unwrap();
    let expected = dir.join("expected.yml");
    std::fs::write(
        &expected,
        "tests:\n  - interval: 1m\n    input_series:\n      - series: x\n        values: '1'\n    promql_expr_test:\n      - expr: x\n        eval_time: 0s\n        exp_samples:\n          - labels: x\n            histogram: '{{schema:0 sum:1 count:1}}'\n",
    )
    .unwrap();
    // A histogram where none is expected, and a float where a histogram
    // is: both fail, and the output shows the histogram in series notation.
    for file in [&series, &expected] {
        let (code, out) = promlint(&["test", file.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("{{count:1 sum:1}}"), "{out}");
        assert!(!out.contains("not supported"), "{out}");
    }
}

#[test]
fn failures_show_prometheus_annotations() {
    let path = "fixtures/unittest/annotations/mixed_sum.fail.yml";
    let (code, out) = promlint(&["test", path]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!(out);
    let (_, json) = promlint(&["test", "--format", "json", path]);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    assert_eq!(
        doc["files"][0]["groups"][0]["failures"][0]["annotations"],
        serde_json::json!([
            "PromQL warning: encountered a mix of histograms and floats for aggregation"
        ]),
        "{json}"
    );
}

#[test]
fn range_functions_note_mixed_floats_and_histograms() {
    let path = "fixtures/unittest/histograms/range_functions.3x.fail.yml";
    let (code, json) = promlint(&["test", "--format", "json", "--run", "^mixed ranges", path]);
    assert_eq!(code, 1, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    assert_eq!(
        doc["files"][0]["groups"][0]["failures"][0]["annotations"],
        serde_json::json!([
            "PromQL warning: encountered a mix of histograms and floats for metric name \"m\""
        ]),
        "{json}"
    );
}

#[test]
fn histogram_operators_report_the_samples_prometheus_drops() {
    let path = "fixtures/unittest/histograms/operators.3x.fail.yml";
    let (code, json) = promlint(&["test", "--format", "json", path]);
    assert_eq!(code, 1, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON report");
    let annotations =
        |group: usize| doc["files"][0]["groups"][group]["failures"][0]["annotations"].clone();
    assert_eq!(
        annotations(1),
        serde_json::json!([
            "PromQL info: incompatible sample types encountered for binary operator \">\": histogram > float"
        ]),
        "{json}"
    );
    assert_eq!(
        annotations(2),
        serde_json::json!(["PromQL info: ignored histogram in topk aggregation"]),
        "{json}"
    );
    // Unequal histograms are filtered out without a note.
    assert!(
        annotations(3).as_array().is_none_or(|a| a.is_empty()),
        "{json}"
    );
    assert_eq!(
        annotations(4),
        serde_json::json!([
            "PromQL warning: ratio value should be between -1 and 1, got 1.5, capping to 1"
        ]),
        "{json}"
    );
}

#[test]
fn delayed_name_removal_is_a_feature_flag() {
    let flag = "--enable-feature=promql-experimental-functions,promql-delayed-name-removal";
    let file = "fixtures/features/delayed_name_removal.yml";
    let (code, out) = promlint(&["test", flag, file]);
    assert_eq!(code, 0, "{out}");
    // Without the flag the name goes at once: every group fails.
    let (code, out) = promlint(&["test", file]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.ends_with("3 test groups in 1 file: 0 passed, 3 failed\n"),
        "{out}"
    );
    // Series that differ only by the name still collide at the end.
    let (code, out) = promlint(&[
        "test",
        flag,
        "fixtures/features/delayed_name_removal.fail.yml",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("vector cannot contain metrics with the same labelset"),
        "{out}"
    );
}

use crate::support::run_promlint as promlint_stderr;

#[test]
fn ignore_unknown_fields_is_for_rule_files() {
    let file = "fixtures/features/unknown_fields.yml";
    let (code, out) = promlint(&["test", file]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("unknown field `owner` in a rule group"),
        "{out}"
    );
    let (code, out) = promlint(&["test", "--ignore-unknown-fields", file]);
    assert_eq!(code, 0, "{out}");
    // Test files stay strict, as in promtool.
    let (code, out) = promlint(&[
        "test",
        "--ignore-unknown-fields",
        "fixtures/unittest/invalid/unknown_field.fail.yml",
    ]);
    assert_eq!(code, 2, "{out}");
}

#[test]
fn diff_shows_alerts_as_a_json_line_diff() {
    let file = "fixtures/features/alert_diff.fail.yml";
    let (code, out) = promlint(&["test", "--ignore-unknown-fields", "--diff", file]);
    assert_eq!(code, 1, "{out}");
    let diff = out
        .split_once(", diff:\n")
        .map(|(_, d)| d)
        .unwrap_or_default();
    assert_eq!(
        diff,
        "    [\n      {\n        \"Annotations\": {},\n  +     \"Labels\": {\n  +       \"alertname\": \"XHigh\"\n  +     }\n  -     \"Labels\": {}\n      }\n    ]\n",
        "{out}"
    );
    // Without the flag, only the report.
    let (_, out) = promlint(&["test", "--ignore-unknown-fields", file]);
    assert!(!out.contains("diff:"), "{out}");
}

#[test]
fn debug_prints_each_group_and_its_series_to_stderr() {
    let file = "fixtures/features/unknown_fields.yml";
    let (code, out, err) = promlint_stderr(&["test", "--ignore-unknown-fields", "--debug", file]);
    assert_eq!(code, 0, "{out}{err}");
    let name = "a recording rule from a rule file with extra fields";
    assert!(
        err.starts_with(&format!("DEBUG: Starting test {name}\n")),
        "{err}"
    );
    // The range (0, 2m1s] at 2m1s: the samples at 0 are not in it.
    assert!(
        err.contains("DEBUG: Dump of all data (input_series and rules) at 2m1s:\n{__name__=\"ALERTS\", alertname=\"XHigh\", alertstate=\"firing\"} =>\n1 @[60000]\n1 @[120000]\n")
            && err.contains("\n{__name__=\"x\", a=\"1\"} =>\n1 @[60000]\n1 @[120000]\n"),
        "{err}"
    );
    assert!(
        err.contains("{__name__=\"x:sum\"} =>\n3 @[60000]\n3 @[120000]\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!("DEBUG: Test {name} finished, took ")),
        "{err}"
    );
    let (_, _, err) = promlint_stderr(&["test", "--ignore-unknown-fields", file]);
    assert!(!err.contains("DEBUG"), "{err}");
}
