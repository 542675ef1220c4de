use crate::catalog::infer::{selector_name, LabelSet, Labels};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{Binary, BinaryOp, Expr, ExprKind};
use std::collections::BTreeSet;

declare_rule! {
    /// The two sides of a binary operation can never match, so it always
    /// returns nothing.
    ///
    /// Without `on`/`ignoring`, an operation between two vectors pairs
    /// series whose labels (all but the metric name) are identical. A
    /// per-`datname,state` metric divided by an unlabelled setting
    /// (`pg_stat_activity_count / pg_settings_max_connections`) pairs
    /// nothing: the alert never fires and the panel stays empty. With
    /// `on(l)`, a label `l` that only one side carries matches nothing.
    ///
    /// Reported only when both sides' labels are known exactly (every
    /// series carries every label), from the metrics' definitions: a
    /// family some of whose series lack a label (kube-state-metrics'
    /// `kube_job_status_failed` without `reason`) is not exact. A label
    /// one side lacks but may get from the scrape configuration (where the
    /// target labels are open, the labels Kubernetes and the Operator
    /// attach, such as `node` on kubelet series) does not count. Fix it
    /// by matching on the labels both sides share (`on (job, instance)`)
    /// or by aggregating the extra labels away first.
    pub static RULE = ("metrics/never-matching", Warning, "The two sides of a binary operation never match");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        q.walk(&mut |i, e| {
            let ExprKind::Binary(b) = &e.kind else { return };
            if b.op == BinaryOp::Or {
                return;
            }
            let Some(m) = &b.matching else { return };
            let l_idx = i + 1;
            let r_idx = l_idx + visit::size(&b.lhs);
            let (Labels::Known(l), Labels::Known(r)) = (q.labels_at(l_idx), q.labels_at(r_idx))
            else {
                return;
            };
            if !l.exact || !r.exact {
                return;
            }
            let scope = project.scopes.of(q.file);
            // A label a side lacks but may get from the scrape
            // configuration (Kubernetes and Operator labels where the
            // target labels are open) does not prove the sides apart.
            let can_carry = |set: &LabelSet, n: &str| {
                set.names.contains(n)
                    || (set.may_carry_extra(n) && scope.plausible_target_label(n))
            };
            let context = || describe_sides(project, b);
            if m.on == Some(true) {
                for n in &m.labels {
                    let (in_l, in_r) = (l.names.contains(&n.value), r.names.contains(&n.value));
                    if in_l != in_r && !(can_carry(l, &n.value) && can_carry(r, &n.value)) {
                        let side = if in_l { "left" } else { "right" };
                        sink.report(
                            q.file,
                            q.query.to_file(n.span),
                            format!(
                                "only the {side} side carries `{}`, so `on({})` never matches",
                                n.value, n.value
                            ),
                            Some(format!(
                                "match on labels both sides carry; {}",
                                context()
                            )),
                        );
                    }
                }
                return;
            }
            let ignored: BTreeSet<&str> = m.labels.iter().map(|n| n.value.as_str()).collect();
            let sig = |s: &LabelSet| -> BTreeSet<String> {
                s.names
                    .iter()
                    .filter(|n| !ignored.contains(n.as_str()))
                    .cloned()
                    .collect()
            };
            let (sl, sr) = (sig(l), sig(r));
            if sl == sr {
                return;
            }
            let only = |a: &BTreeSet<String>, other: &LabelSet| -> Vec<String> {
                a.iter().filter(|n| !can_carry(other, n)).cloned().collect()
            };
            let (only_l, only_r) = (only(&sl, r), only(&sr, l));
            if only_l.is_empty() && only_r.is_empty() {
                return;
            }
            let mut why = Vec::new();
            if !only_l.is_empty() {
                why.push(format!("only the left side carries {}", only_l.join(", ")));
            }
            if !only_r.is_empty() {
                why.push(format!("only the right side carries {}", only_r.join(", ")));
            }
            let shared: Vec<String> = sl.intersection(&sr).cloned().collect();
            let fix = if shared.is_empty() {
                "aggregate the extra labels away first (`sum without (...)`) or use `on ()` with `group_left`".to_string()
            } else {
                format!(
                    "match on the labels both sides carry: `{} on ({}) group_left ...`, or aggregate the extra labels away first",
                    b.op.as_str(),
                    shared.join(", ")
                )
            };
            sink.report(
                q.file,
                q.query.to_file(b.op_span),
                format!("the two sides of `{}` never match: {}", b.op.as_str(), why.join("; ")),
                Some(format!("{fix}; {}", context())),
            );
        });
    }
}

/// What each side is, from the definitions of their metrics.
fn describe_sides(project: &Project, b: &Binary) -> String {
    let side = |e: &Expr| -> Option<String> {
        let sels = visit::selectors(e);
        let name = selector_name(sels.first()?)?;
        project.catalog.describe(&project.files, name)
    };
    [side(&b.lhs), side(&b.rhs)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE act gauge\nact{datname=\"a\",state=\"idle\"} 1\n# TYPE max gauge\nmax 1\n# TYPE used gauge\nused 1\n",
    );

    fn run(q: &str) -> Vec<(String, String)> {
        findings("metrics/never-matching", &[APP, ("q.promql", q)])
    }

    #[test]
    fn fires_when_label_sets_differ() {
        let f = run("act / max > 0.9\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "/");
        assert!(
            f[0].1.contains("only the left side carries datname, state"),
            "{f:?}"
        );
        assert_eq!(
            run("sum by (datname) (act) / on (datname) max\n")[0].0,
            "datname"
        );
        assert_eq!(run("sum by (job) (act) / max\n").len(), 1);
    }

    #[test]
    fn silent_when_sides_can_match() {
        for q in [
            "used / max",
            "sum without (datname, state) (act) / max",
            "act / ignoring (datname, state) group_left max",
            "act / on (job, instance) group_left max",
            "act / unknown",
            "act or max",
            "act > 3",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }

    #[test]
    fn labels_the_other_side_may_get_from_scrapes_do_not_prove_it() {
        // kubelet series carry `node` through the Operator's relabelling.
        let ready = ("ksm.prom", "# TYPE ready gauge\nready{node=\"a\"} 1\n");
        let q = "max by (node) (up{job=\"kubelet\"} == 1) and max by (node) (ready == 1)\n";
        let f = findings("metrics/never-matching", &[APP, ready, ("q.promql", q)]);
        assert!(f.is_empty(), "{f:?}");
        // A configuration that attaches no `node` proves it.
        let prom = (
            "prometheus.yml",
            "scrape_configs:\n  - job_name: kubelet\n    static_configs:\n      - targets: [x]\n",
        );
        let f = findings(
            "metrics/never-matching",
            &[APP, ready, prom, ("q.promql", q)],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // Exporter labels (`datname`) are no target labels.
        assert_eq!(run("act / max\n").len(), 1);
    }

    #[test]
    fn labels_some_series_lack_do_not_prove_it() {
        // kube-state-metrics leaves `reason` off `kube_job_status_failed`
        // while no pod failed.
        let q = "kube_job_status_active == 0 and kube_job_status_failed == 0\n";
        let f = findings("metrics/never-matching", &[("q.promql", q)]);
        assert!(f.is_empty(), "{f:?}");
        let f = findings(
            "metrics/never-matching",
            &[(
                "q.promql",
                "kube_job_status_active / kube_pod_status_ready\n",
            )],
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
