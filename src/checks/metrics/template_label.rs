use crate::catalog::infer::Labels;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;

declare_rule! {
    /// An alert's label or annotation template reads `$labels.x`, but the
    /// alert expression's result never carries `x`.
    ///
    /// `$labels` holds the labels of the series the expression returns:
    /// labels aggregated away (`sum by (job)` keeps only `job`), dropped by
    /// `on(...)` matching, or never present on the metric expand to an
    /// empty string, so the notification says "on " where it meant "on
    /// host-1". The rule's own `labels:` are not in `$labels` either.
    ///
    /// Only reported when the expression's labels are known (see
    /// `metrics/unknown-label`). A label kept by `by (...)` or `on (...)`
    /// from scraped series may be a target label: it is reported only when
    /// the `prometheus.yml` speaking for the file proves no target label
    /// of that name exists.
    pub static RULE = ("metrics/template-label", Warning, "An alert template reads a label the expression's result never has");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        let Some(rule) = q.rule.filter(|r| r.is_alert()) else {
            continue;
        };
        let Labels::Known(set) = q.labels_at(0) else {
            continue;
        };
        for kv in rule.labels.iter().chain(&rule.annotations) {
            let Some(Ok(info)) = &kv.template else {
                continue;
            };
            for (name, span) in &info.label_refs {
                if set.names.contains(name)
                    || name == "__name__"
                    || project.may_carry_target_label(q.file, set, name)
                    || guarded(&project.files[q.file].source.text, *span)
                {
                    continue;
                }
                let own = rule.labels.iter().any(|l| &l.key.value == name);
                let help = if own {
                    format!(
                        "`{name}` is one of the rule's own labels, which `$labels` does not hold; write its value directly. The expression's result carries {}",
                        set.describe()
                    )
                } else {
                    format!(
                        "the expression's result carries {}; keep `{name}` (for example in `by (...)`) or drop it from the template",
                        set.describe()
                    )
                };
                sink.report(
                    q.file,
                    *span,
                    format!(
                        "`$labels.{name}` is always empty: the alert's series never carry `{name}`"
                    ),
                    Some(help),
                );
            }
        }
    }
}

/// Whether the read is the condition of `{{ if $labels.x }}` or
/// `{{ with $labels.x }}`: the template expects the label to be missing.
fn guarded(text: &str, span: crate::source::Span) -> bool {
    let before = text.get(..span.start).unwrap_or("");
    let Some(open) = before.rfind("{{") else {
        return false;
    };
    let action = before[open + 2..].trim_start_matches('-').trim_start();
    action.starts_with("if ") || action.starts_with("with ")
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE req_total counter\nreq_total{method=\"GET\",code=\"200\"} 1\n",
    );

    fn rules(expr: &str, annotation: &str) -> Vec<(String, String)> {
        let text = format!(
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: {expr}\n        labels:\n          severity: page\n        annotations:\n          summary: \"{annotation}\"\n"
        );
        let prom = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n";
        findings(
            "metrics/template-label",
            &[APP, ("prometheus.yml", prom), ("rules.yml", &text)],
        )
    }

    #[test]
    fn fires_on_labels_the_result_lacks() {
        let f = rules(
            "sum by (job) (rate(req_total[5m])) > 1",
            "{{ $labels.job }} on {{ $labels.instance }}",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "instance");
        assert!(f[0].1.contains("carries job"), "{f:?}");
        let f = rules("req_total > 1", "{{ $labels.severity }}");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("rule's own labels"), "{f:?}");
    }

    #[test]
    fn located_in_block_and_escaped_scalars() {
        let prom = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n";
        let text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(req_total) > 1\n        annotations:\n          a: |\n            on {{ $labels.pod }}\n          b: \"\\ton {{ $labels.node }}\"\n";
        let f = findings(
            "metrics/template-label",
            &[APP, ("prometheus.yml", prom), ("rules.yml", text)],
        );
        let at: Vec<&str> = f.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(at, vec!["node", "pod"]);
    }

    #[test]
    fn silent_when_the_label_is_kept_or_unknown() {
        assert!(rules(
            "req_total > 1",
            "{{ $labels.instance }} {{ $labels.method }}"
        )
        .is_empty());
        assert!(rules("sum by (x) (unknown) > 1", "{{ $labels.x }}").is_empty());
        assert!(rules("rate(unknown[5m]) > 1", "{{ $labels.pod }}").is_empty());
        assert!(rules("req_total > 1", "{{ with $labels.pod }}{{ . }}{{ end }}").is_empty());
    }

    #[test]
    fn labels_kept_by_by_may_be_target_labels() {
        let text = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: count by (namespace, service) (req_total) > 1\n        annotations:\n          summary: \"{{ $labels.service }} in {{ $labels.namespace }}\"\n";
        // No configuration speaks for the rules: Kubernetes service
        // discovery may attach both labels.
        assert!(findings("metrics/template-label", &[APP, ("rules.yml", text)]).is_empty());
        // A configuration that proves no target label exists.
        let prom = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n";
        let f = findings(
            "metrics/template-label",
            &[APP, ("prometheus.yml", prom), ("rules.yml", text)],
        );
        assert_eq!(f.len(), 2, "{f:?}");
    }
}
