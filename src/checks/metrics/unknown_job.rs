use crate::catalog::index::Origin;
use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{ExprKind, MatchOp};

declare_rule! {
    /// A `job="..."` matcher names no scrape job of the project's
    /// `prometheus.yml`.
    ///
    /// The `job` label of scraped series is the `job_name` of the scrape
    /// configuration that collected them, so a selector for another job
    /// selects nothing: a renamed or misspelt job silently disables the
    /// alert.
    ///
    /// Only checked in files a Prometheus configuration speaks for (the
    /// rule files its `rule_files` load, else the files of its
    /// docker-compose project or its folder: a tree may hold several
    /// deployments), and only when none of those configurations rewrites
    /// `job` (static target labels or relabelling), attaches labels that
    /// cannot be known, or loads more jobs from `scrape_config_files`.
    /// Recorded series (whose `job` may come from elsewhere) and values
    /// with Grafana variables (`$namespace/ingester`) are not checked.
    pub static RULE = ("metrics/unknown-job", Warning, "A job matcher names no scrape job");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        if !q.query.text.contains("job") {
            continue;
        }
        // Only the configurations speaking for this file say which jobs
        // exist (see `project::scope`).
        let Some(jobs) = &project.scopes.of(q.file).jobs else {
            continue;
        };
        let jobs: Vec<&str> = jobs.iter().map(String::as_str).collect();
        q.expr.walk(&mut |e| {
            let ExprKind::Vector(v) = &e.kind else { return };
            if !v.matchers.iter().any(|m| m.name.value == "job") {
                return;
            }
            let recorded = selector_name(v).is_some_and(|n| {
                project
                    .catalog
                    .lookup(n)
                    .iter()
                    .any(|h| matches!(h.family.origin, Origin::Recording { .. }))
            });
            if recorded {
                return;
            }
            for m in &v.matchers {
                let value = m.value.value.as_str();
                // A value with a Grafana variable is a pattern whose
                // values are unknown here.
                if m.name.value != "job"
                    || m.op != MatchOp::Equal
                    || value.is_empty()
                    || value.contains('$')
                    || q.query.is_placeholder(m.value_span)
                    || jobs.binary_search(&value).is_ok()
                {
                    continue;
                }
                let help = match crate::suggest::closest(value, &jobs) {
                    Some(j) => format!("did you mean `{j}`? Scrape jobs: {}", jobs.join(", ")),
                    None => format!("scrape jobs: {}", jobs.join(", ")),
                };
                sink.report(
                    q.file,
                    q.query.to_file(m.value_span),
                    format!("no scrape job is called `{value}`, so this selects nothing"),
                    Some(help),
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const PROM: (&str, &str) = (
        "prometheus.yml",
        "scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [a]\n  - job_name: node\n    static_configs:\n      - targets: [b]\n",
    );

    #[test]
    fn fires_on_unknown_jobs() {
        let f = findings(
            "metrics/unknown-job",
            &[PROM, ("q.promql", "up{job=\"apii\"} == 0\n")],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "\"apii\"");
        assert!(f[0].1.contains("did you mean `api`?"), "{f:?}");
    }

    #[test]
    fn silent_on_known_jobs_variables_and_rewritten_jobs() {
        let q = (
            "q.promql",
            "up{job=\"api\"}\n\nup{job=~\"x.*\"}\n\nup{job=\"$job\"}\n",
        );
        assert!(findings("metrics/unknown-job", &[PROM, q]).is_empty());
        assert!(findings("metrics/unknown-job", &[("q.promql", "up{job=\"x\"}\n")]).is_empty());
        let relabel = (
            "prometheus.yml",
            "scrape_configs:\n  - job_name: api\n    relabel_configs:\n      - target_label: job\n        replacement: x\n",
        );
        assert!(findings(
            "metrics/unknown-job",
            &[relabel, ("q.promql", "up{job=\"x\"}\n")]
        )
        .is_empty());
    }

    #[test]
    fn only_where_the_configuration_speaks_and_never_on_variables() {
        let demo = ("demo/prometheus.yml", PROM.1);
        let f = findings(
            "metrics/unknown-job",
            &[demo, ("demo/q.promql", "up{job=\"apii\"}\n")],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let f = findings(
            "metrics/unknown-job",
            &[demo, ("mixin/q.promql", "up{job=\"ingester\"}\n")],
        );
        assert!(f.is_empty(), "{f:?}");
        let dashboard = r#"{"title": "d", "templating": {"list": [{"name": "namespace", "type": "custom", "query": "loki"}]}, "panels": [{"id": 1, "type": "timeseries", "targets": [{"expr": "up{job=\"$namespace/ingester\"} + up{job=\"${namespace}/distributor\"}"}]}]}"#;
        let f = findings("metrics/unknown-job", &[PROM, ("dash.json", dashboard)]);
        assert!(f.is_empty(), "{f:?}");
        // The dashboard is read: a literal job there is checked.
        let literal = dashboard.replace("$namespace/ingester", "ingester");
        let f = findings("metrics/unknown-job", &[PROM, ("dash.json", &literal)]);
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
