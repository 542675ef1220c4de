use crate::catalog::infer::{selector_name, Labels};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{AggregateOp, ExprKind};

declare_rule! {
    /// An aggregation over histogram `_bucket` series drops the `le` label.
    ///
    /// Each bucket series counts the observations up to its `le` bound;
    /// `sum(rate(x_bucket[5m]))` or `sum by (job) (...)` adds all buckets
    /// together, which means nothing and leaves `histogram_quantile`
    /// nothing to work with. Keep `le`: `sum by (le, job) (...)`.
    ///
    /// Not reported when the selector picks one bucket (`le="+Inf"`).
    pub static RULE = ("metrics/bucket-without-le", Warning, "An aggregation of histogram buckets drops le");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        // Bucket series are named `..._bucket`.
        if !q.query.text.contains("_bucket") {
            continue;
        }
        q.walk(&mut |i, e| {
            let ExprKind::Aggregate(a) = &e.kind else { return };
            if !matches!(
                a.op,
                AggregateOp::Sum
                    | AggregateOp::Avg
                    | AggregateOp::Min
                    | AggregateOp::Max
                    | AggregateOp::Quantile
                    | AggregateOp::Stddev
                    | AggregateOp::Stdvar
            ) {
                return;
            }
            let keeps_le = match &a.grouping {
                None => false,
                Some(g) => g.without != g.labels.iter().any(|l| l.value == "le"),
            };
            if keeps_le {
                return;
            }
            // Input labels known and without `le`: dropped further in.
            let inner = i + 1 + a.param.as_deref().map_or(0, visit::size);
            if let Labels::Known(set) = q.labels_at(inner) {
                if !set.names.contains("le") {
                    return;
                }
            }
            let bucket = visit::selectors(&a.expr).into_iter().find(|v| {
                !v.matchers.iter().any(|m| m.name.value == "le")
                    && selector_name(v).is_some_and(|n| {
                        project.catalog.lookup(n).iter().any(|h| h.is_bucket())
                    })
            });
            let Some(name) = bucket.and_then(selector_name) else { return };
            let span = a.grouping.as_ref().map_or(a.op_span, |g| g.span);
            sink.report(
                q.file,
                q.query.to_file(span),
                format!("this `{}` drops `le` from the buckets of `{name}`, adding all buckets together", a.op.as_str()),
                Some(format!(
                    "keep `le`: `{} by (le, ...)`; {}",
                    a.op.as_str(),
                    project.catalog.describe(&project.files, name).unwrap_or_default()
                )),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE lat histogram\nlat_bucket{le=\"+Inf\",path=\"/\"} 1\nlat_sum{path=\"/\"} 1\nlat_count{path=\"/\"} 1\n",
    );

    fn run(q: &str) -> Vec<(String, String)> {
        findings("metrics/bucket-without-le", &[APP, ("q.promql", q)])
    }

    #[test]
    fn fires_when_le_is_dropped() {
        assert_eq!(run("sum(rate(lat_bucket[5m]))\n").len(), 1);
        assert_eq!(
            run("sum by (job) (rate(lat_bucket[5m]))\n")[0].0,
            "by (job)"
        );
        assert_eq!(run("sum without (le) (rate(lat_bucket[5m]))\n").len(), 1);
    }

    #[test]
    fn silent_when_le_is_kept() {
        for q in [
            "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))",
            "sum without (path) (rate(lat_bucket[5m]))",
            "sum(rate(lat_bucket{le=\"+Inf\"}[5m]))",
            "sum(rate(lat_count[5m]))",
            "sum(sum by (job) (rate(lat_bucket[5m])))",
        ] {
            let f = run(&format!("{q}\n"));
            assert!(
                f.len() <= usize::from(q.starts_with("sum(sum")),
                "{q}: {f:?}"
            );
        }
    }
}
