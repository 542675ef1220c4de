use crate::catalog::infer::{selector_name, LabelSet, Labels};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::scope::INFRASTRUCTURE_LABELS;
use crate::project::visit::{self, QueryView};
use crate::project::Project;
use crate::promql::{Expr, ExprKind, MatchOp, Name};

declare_rule! {
    /// A query names a label that the series it applies to never carry.
    ///
    /// Checked wherever a label is named: matchers (`x{lable="a"}`),
    /// `by`/`without`, `on`/`ignoring`, `group_left`/`group_right`, and the
    /// source labels of `label_replace`/`label_join`. A matcher on a
    /// missing label selects nothing (or everything), grouping by it
    /// groups by nothing, and matching on it matches everything or nothing.
    ///
    /// Only reported when the labels are known: the metric's definition
    /// lists its labels (exposition file, source declaration, built-in
    /// catalog) and the expression between it and the label keeps them
    /// known. `job`, `instance` and the target labels attached by the
    /// `prometheus.yml` that speaks for the file (the one whose
    /// `rule_files` load it, else the one of its docker-compose project or
    /// folder) are always allowed, and so are its `external_labels`.
    /// Where no configuration speaks for the file, or one attaches labels
    /// that cannot be known (`labelmap`, file, HTTP or Kubernetes service
    /// discovery, federation, a `PrometheusRule` for the Operator), only
    /// near misses of the metric's own labels (`methd` for `method`) are
    /// reported; the labels Kubernetes and the Operator attach
    /// (`namespace`, `pod`, `container`, `service`, `endpoint`, `node`,
    /// `cluster`) never are.
    pub static RULE = ("metrics/unknown-label", Warning, "A query uses a label its series never carry");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        q.walk(&mut |i, e| check_node(project, &q, i, e, sink));
    }
}

/// `name` cannot be a label of series with labels `set`. Where the extra
/// target labels of scraped series cannot be known (no `prometheus.yml`,
/// or `labelmap` and the like), only near misses of the series' own labels
/// (`statuss` for `status`) are taken for mistakes.
fn missing(project: &Project, file: usize, set: &LabelSet, name: &str) -> bool {
    if name == "__name__" || set.names.contains(name) {
        return false;
    }
    if !project.may_carry_target_label(file, set, name) {
        return true;
    }
    // The labels Kubernetes and the Operator attach are no near misses.
    project.is_target_label(file, name).is_none()
        && !INFRASTRUCTURE_LABELS.contains(&name)
        && near_miss(set, name)
}

fn near_miss(set: &LabelSet, name: &str) -> bool {
    let names: Vec<&str> = set
        .names
        .iter()
        .map(String::as_str)
        .filter(|n| !crate::catalog::index::TARGET_LABELS.contains(n))
        .collect();
    crate::suggest::closest(name, &names)
        .is_some_and(|c| crate::suggest::edit_distance(name, c) <= 2)
}

fn check_node(project: &Project, q: &QueryView, i: usize, e: &Expr, sink: &mut Sink) {
    let mut report = |name: &Name, what: String, set: &LabelSet, about: Option<&str>| {
        let describe = about
            .and_then(|m| project.catalog.describe(&project.files, m))
            .unwrap_or_else(|| format!("those series carry {}", set.describe()));
        let help = match crate::suggest::closest(
            &name.value,
            &set.names.iter().map(String::as_str).collect::<Vec<_>>(),
        ) {
            Some(s) => format!("did you mean `{s}`? {describe}"),
            None => describe,
        };
        sink.report(q.file, q.query.to_file(name.span), what, Some(help));
    };
    match &e.kind {
        ExprKind::Vector(v) => {
            let Labels::Known(set) = q.labels_at(i) else {
                return;
            };
            let metric = selector_name(v);
            for m in &v.matchers {
                if !missing(project, q.file, set, &m.name.value)
                    || matches_absence(m.op, &m.value.value)
                {
                    continue;
                }
                report(
                    &m.name,
                    format!(
                        "`{}` has no label `{}`",
                        metric.unwrap_or("the selected metric"),
                        m.name.value
                    ),
                    set,
                    metric,
                );
            }
        }
        ExprKind::Aggregate(a) => {
            let Some(g) = &a.grouping else { return };
            let inner = i + 1 + a.param.as_deref().map_or(0, visit::size);
            let Labels::Known(set) = q.labels_at(inner) else {
                return;
            };
            for l in &g.labels {
                if missing(project, q.file, set, &l.value) {
                    report(
                        l,
                        format!(
                            "`{}` is not a label of the series `{}` aggregates",
                            l.value,
                            a.op.as_str()
                        ),
                        set,
                        single_metric(&a.expr),
                    );
                }
            }
        }
        ExprKind::Binary(b) => {
            let Some(m) = &b.matching else { return };
            let l_idx = i + 1;
            let r_idx = l_idx + visit::size(&b.lhs);
            let (Labels::Known(l), Labels::Known(r)) = (q.labels_at(l_idx), q.labels_at(r_idx))
            else {
                return;
            };
            for n in &m.labels {
                if missing(project, q.file, l, &n.value) && missing(project, q.file, r, &n.value) {
                    let verb = if m.on == Some(true) { "on" } else { "ignoring" };
                    report(
                        n,
                        format!(
                            "`{verb}({})`: neither side has label `{}`",
                            n.value, n.value
                        ),
                        &LabelSet {
                            names: l.names.union(&r.names).cloned().collect(),
                            exact: false,
                            targets: l.targets || r.targets,
                            maybe: l.maybe.union(&r.maybe).cloned().collect(),
                        },
                        None,
                    );
                }
            }
            let one = match m.card {
                crate::promql::Cardinality::ManyToOne => r,
                crate::promql::Cardinality::OneToMany => l,
                _ => return,
            };
            for n in &m.include {
                if missing(project, q.file, one, &n.value) {
                    report(
                        n,
                        format!(
                            "`{}` is not a label of the \"one\" side, so it cannot be copied",
                            n.value
                        ),
                        one,
                        None,
                    );
                }
            }
        }
        ExprKind::Call(c) => {
            let first_src = match c.func.value.as_str() {
                "label_replace" => 3,
                "label_join" => 3,
                _ => return,
            };
            let Labels::Known(set) = q.labels_at(i + 1) else {
                return;
            };
            let last = if c.func.value == "label_replace" {
                4
            } else {
                c.args.len()
            };
            for arg in c.args.iter().take(last).skip(first_src) {
                let ExprKind::String(s) = &arg.unparen().kind else {
                    continue;
                };
                if !s.value.is_empty() && missing(project, q.file, set, &s.value) {
                    let name = Name {
                        value: s.value.clone(),
                        span: arg.span,
                    };
                    report(
                        &name,
                        format!(
                            "`{}`: source label `{}` is not a label of its input",
                            c.func.value, s.value
                        ),
                        set,
                        c.args.first().and_then(single_metric),
                    );
                }
            }
        }
        _ => {}
    }
}

/// A matcher that selects series without the label (`l=""`, `l=~".*"`,
/// `l!~".+"`): asking for absence is fine.
fn matches_absence(op: MatchOp, value: &str) -> bool {
    match op {
        MatchOp::Equal => value.is_empty(),
        MatchOp::Regex => regex_matches_empty(value),
        MatchOp::NotEqual => !value.is_empty(),
        MatchOp::NotRegex => !regex_matches_empty(value),
    }
}

fn regex_matches_empty(re: &str) -> bool {
    regex::Regex::new(&format!("^(?:{re})$")).is_ok_and(|r| r.is_match(""))
}

/// The metric of an expression that reads exactly one selector.
fn single_metric(e: &Expr) -> Option<&str> {
    let sels = visit::selectors(e);
    match sels.as_slice() {
        [v] => selector_name(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE req_total counter\nreq_total{method=\"GET\",code=\"200\"} 1\n# TYPE info gauge\ninfo{version=\"1\"} 1\n",
    );

    const PROM: (&str, &str) = (
        "prometheus.yml",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n",
    );

    fn run(q: &str) -> Vec<(String, String)> {
        findings("metrics/unknown-label", &[APP, PROM, ("q.promql", q)])
    }

    #[test]
    fn without_scrape_configs_only_near_misses() {
        let f = findings(
            "metrics/unknown-label",
            &[
                APP,
                (
                    "q.promql",
                    "req_total{methd=\"GET\"}\n\nreq_total{cluster=\"eu\"}\n",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "methd");
    }

    #[test]
    fn fires_where_labels_are_named() {
        let f = run("req_total{methd=\"GET\"}\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "methd");
        assert!(f[0].1.contains("did you mean `method`?"), "{f:?}");
        assert_eq!(run("sum by (status) (req_total)\n")[0].0, "status");
        assert_eq!(
            run("sum by (job) (sum by (code) (req_total))\n")[0].0,
            "job"
        );
        assert_eq!(run("req_total / on (pod) req_total\n")[0].0, "pod");
        assert_eq!(
            run("req_total * on (job) group_left (revision) info\n")[0].0,
            "revision"
        );
        assert_eq!(
            run("label_replace(req_total, \"a\", \"$1\", \"path\", \"(.*)\")\n")[0].0,
            "\"path\""
        );
    }

    #[test]
    fn silent_on_known_target_or_unknowable_labels() {
        for q in [
            "req_total{method=\"GET\", job=\"a\", instance!=\"b\"}",
            "req_total{pod=\"\"}",
            "sum by (job, code) (rate(req_total[5m]))",
            "req_total * on (job) group_left (version) info",
            "unknown_metric{anything=\"x\"}",
            "sum by (x) (unknown_metric)",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
        let with_labelmap = findings(
            "metrics/unknown-label",
            &[
                APP,
                ("q.promql", "req_total{pod=\"a\"}\n"),
                (
                    "prometheus.yml",
                    "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labelmap\n        regex: __meta_kubernetes_pod_label_(.+)\n",
                ),
            ],
        );
        assert!(with_labelmap.is_empty(), "{with_labelmap:?}");
        let with_static = findings(
            "metrics/unknown-label",
            &[
                APP,
                ("q.promql", "req_total{env=\"prod\"}\n"),
                (
                    "prometheus.yml",
                    "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n        labels: {env: prod}\n",
                ),
            ],
        );
        assert!(with_static.is_empty(), "{with_static:?}");
    }

    #[test]
    fn target_labels_follow_the_configuration_speaking_for_the_file() {
        let demo = (
            "demo/prometheus.yml",
            "global:\n  external_labels: {cluster: eu}\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n",
        );
        let app = ("demo/app.prom", APP.1);
        // The demo's configuration proves its series carry no `pod` ...
        let f = findings(
            "metrics/unknown-label",
            &[
                app,
                demo,
                (
                    "demo/q.promql",
                    "sum by (pod) (req_total)\n\nreq_total{cluster=\"eu\"}\n",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "pod");
        // ... but says nothing of a mixin in another folder.
        let f = findings(
            "metrics/unknown-label",
            &[
                app,
                demo,
                (
                    "mixin/q.promql",
                    "sum by (pod, namespace, cluster) (req_total)\n\nreq_total{service=\"x\"}\n\nreq_total{methd=\"GET\"}\n",
                ),
            ],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "methd");
    }

    #[test]
    fn operator_rules_are_open_to_kubernetes_labels() {
        let rule = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - record: r:x\n          expr: count by (namespace, service, cluster) (req_total{node=\"a\"})\n        - record: r:y\n          expr: sum by (node) (req_total{methd=\"GET\"})\n";
        let f = findings("metrics/unknown-label", &[APP, PROM, ("rule.yaml", rule)]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "methd");
    }
}
