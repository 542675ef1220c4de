//! Bad input never panics the unit-test reader, notations or runner.

use promlint::source::SourceFile;
use promlint::unittest::{self, file, notation, Options};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn value_notation_never_panics(s in "[0-9a-zA-Z_+\\-x. éµ{}]{0,24}") {
        let _ = notation::parse_values(&s);
    }

    #[test]
    fn metric_notation_never_panics(s in "[a-z_:{}=!~,\"'`\\\\ é.]{0,24}") {
        let _ = notation::parse_metric_only(&s);
    }

    #[test]
    fn timestamps_never_panic(s in "[0-9TZ:+\\-. é]{0,26}") {
        let _ = file::parse_timestamp(&s);
    }

    #[test]
    fn test_files_never_panic(
        values in "[0-9a-z_+\\-x. é]{0,12}",
        series in "[a-z{}=\",é]{0,12}",
        eval in "[0-9a-z]{0,4}",
        labels in "[a-z{}=\",]{0,10}",
    ) {
        let text = format!(
            "tests:\n  - interval: 1m\n    input_series:\n      - series: '{series}'\n        values: '{values}'\n    promql_expr_test:\n      - expr: sum(up)\n        eval_time: '{eval}'\n        exp_samples:\n          - labels: '{labels}'\n            value: 1\n    alert_rule_test:\n      - eval_time: '{eval}'\n        alertname: A\n"
        );
        let _ = unittest::run_source(SourceFile::new("t.yml", text), &Options::default());
    }
}

#[test]
fn huge_repetitions_are_refused_not_allocated() {
    assert!(notation::parse_values("1x18446744073709551615").is_err());
    // A run of omitted steps is one item, whatever its length.
    assert_eq!(
        notation::parse_values("_x18446744073709551615").map(|v| v.len()),
        Ok(1)
    );
    assert!(notation::parse_values("1x99999999999999999999").is_err());
}

#[test]
fn deep_yaml_is_an_error_not_a_crash() {
    let text = format!("tests: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let report = unittest::run_source(SourceFile::new("t.yml", text), &Options::default());
    assert!(matches!(report.outcome, unittest::FileOutcome::Invalid(_)));
}
