use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A promtool unit test feeds its rules a series of a metric that no
    /// service of the project defines.
    ///
    /// Unit tests make up their `input_series`; that a test feeds
    /// `cache_hits_total` does not make a service export it. When the
    /// project has definitions of its own (exposition files, metric
    /// declarations in source code), a test input that none of them, no
    /// recording rule and no built-in exporter catalog defines usually
    /// means the rule under test queries a metric that does not exist (or
    /// no longer does): the test passes, the alert never fires in
    /// production. The rule's own selectors are reported by
    /// `metrics/unknown-metric`; this finding is at the test's `series:`.
    ///
    /// Not checked when the project has no definitions of its own (then
    /// the test inputs are the best definitions there are), for tests
    /// whose rule files are test fixtures (loaded by no Prometheus
    /// configuration, while one loads the deployed rules), for names in
    /// a built-in catalog's namespace (`node_`, `pg_`, …: exporters differ
    /// between versions), and for recording-rule-like names (with `:`)
    /// when the project has no recording rules.
    pub static RULE = ("metrics/test-input-undefined", Warning, "A unit test feeds a metric no service defines");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let catalog = &project.catalog;
    if !catalog.has_user_definitions() {
        return;
    }
    for (i, file) in project.files.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for s in &file.test_series {
            let name = s.name.as_str();
            if !catalog.lookup(name).is_empty()
                || catalog.in_builtin_namespace(name)
                || (name.contains(':') && !catalog.has_recording_rules())
                || !seen.insert((name, s.span))
            {
                continue;
            }
            sink.report(
                i,
                s.span,
                format!("the test feeds `{name}`, which no service of the project defines"),
                Some(
                    "check the metric's name against the service's definitions (exposition files, source code); a test input is not a definition".to_string(),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE cache_requests_total counter\ncache_requests_total{result=\"hit\"} 1\n",
    );

    const RULES: (&str, &str) = (
        "rules.yml",
        "groups:\n  - name: g\n    rules:\n      - alert: Misses\n        expr: rate(cache_hits_total[5m]) == 0\n",
    );

    fn test_file(series: &str) -> String {
        format!(
            "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: '{series}'\n        values: '0+0x10'\n    alert_rule_test:\n      - eval_time: 5m\n        alertname: Misses\n"
        )
    }

    #[test]
    fn fires_on_a_test_input_no_service_defines() {
        let t = test_file("cache_hits_total{job=\"app\"}");
        let f = findings(
            "metrics/test-input-undefined",
            &[APP, RULES, ("tests.yml", &t)],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "'cache_hits_total{job=\"app\"}'");
        // The rule's selector is no longer silenced by the test input.
        let unknown = findings("metrics/unknown-metric", &[APP, RULES, ("tests.yml", &t)]);
        assert_eq!(unknown.len(), 1, "{unknown:?}");
    }

    #[test]
    fn silent_on_defined_inputs_or_without_own_definitions() {
        for series in [
            "cache_requests_total{result=\"hit\"}",
            "node_load1{instance=\"a\"}",
            "up{job=\"app\"}",
        ] {
            let t = test_file(series);
            let f = findings(
                "metrics/test-input-undefined",
                &[APP, RULES, ("tests.yml", &t)],
            );
            assert!(f.is_empty(), "{series}: {f:?}");
        }
        let t = test_file("cache_hits_total");
        let f = findings("metrics/test-input-undefined", &[RULES, ("tests.yml", &t)]);
        assert!(f.is_empty(), "{f:?}");
        // Without definitions of its own, the test input still defines it.
        let unknown = findings("metrics/unknown-metric", &[RULES, ("tests.yml", &t)]);
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn silent_for_rule_files_only_tests_load() {
        let prom = (
            "prometheus.yml",
            "rule_files: [rules/*.yml]\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [a]\n",
        );
        let fixture = ("tests/rules.yml", RULES.1);
        let t = test_file("cache_hits_total");
        let files = [APP, prom, fixture, ("tests/test.yml", t.as_str())];
        assert!(findings("metrics/test-input-undefined", &files).is_empty());
        assert!(findings("metrics/unknown-metric", &files).is_empty());
        // The same rules deployed by the configuration: the input is no
        // definition.
        let deployed = ("rules/app.yml", RULES.1);
        let t = test_file("cache_hits_total")
            .replace("rule_files: [rules.yml]", "rule_files: [../rules/app.yml]");
        let files = [APP, prom, deployed, ("tests/test.yml", t.as_str())];
        assert_eq!(findings("metrics/test-input-undefined", &files).len(), 1);
        assert_eq!(findings("metrics/unknown-metric", &files).len(), 1);
    }
}
