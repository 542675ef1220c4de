use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{AggregateOp, ExprKind};

declare_rule! {
    /// Summary quantiles are averaged (or summed) across series.
    ///
    /// The average of several instances' 99th percentiles is not the 99th
    /// percentile of anything: quantiles cannot be aggregated. Alert on
    /// each instance's quantile (`max by (job)` gives the worst), or use a
    /// histogram, whose buckets can be summed before
    /// `histogram_quantile`.
    pub static RULE = ("metrics/avg-quantile", Warning, "Summary quantiles are averaged across series");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        if !(q.query.text.contains("avg") || q.query.text.contains("sum")) {
            continue;
        }
        q.expr.walk(&mut |e| {
            let ExprKind::Aggregate(a) = &e.kind else { return };
            if !matches!(a.op, AggregateOp::Avg | AggregateOp::Sum) {
                return;
            }
            let Some(v) = visit::direct_selector(&a.expr)
                .or_else(|| over_time_arg(&a.expr))
            else {
                return;
            };
            let Some(name) = selector_name(v) else { return };
            let hits = project.catalog.lookup(name);
            if hits.is_empty() || !hits.iter().all(|h| h.is_summary_quantile()) {
                return;
            }
            sink.report(
                q.file,
                q.query.to_file(a.op_span),
                format!("`{}` over the quantiles of the summary `{name}`: quantiles cannot be aggregated", a.op.as_str()),
                Some(format!(
                    "use `max` for the worst instance's quantile, or a histogram whose buckets can be summed; {}",
                    project.catalog.describe(&project.files, name).unwrap_or_default()
                )),
            );
        });
    }
}

/// The selector of `f(x[d])` for functions over time (`avg_over_time`).
fn over_time_arg(e: &crate::promql::Expr) -> Option<&crate::promql::VectorSelector> {
    match &e.unparen().kind {
        ExprKind::Call(c) if c.func.value.ends_with("_over_time") => {
            c.args.first().and_then(visit::direct_selector)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE rpc summary\nrpc{quantile=\"0.5\"} 1\nrpc_sum 1\nrpc_count 1\n",
    );

    #[test]
    fn fires_on_averaged_quantiles() {
        let f = findings(
            "metrics/avg-quantile",
            &[APP, ("q.promql", "avg(rpc{quantile=\"0.99\"})\n")],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "avg");
    }

    #[test]
    fn silent_on_max_and_sums_of_counts() {
        let f = findings(
            "metrics/avg-quantile",
            &[
                APP,
                (
                    "q.promql",
                    "max(rpc{quantile=\"0.99\"})\n\nsum(rate(rpc_count[5m]))\n",
                ),
            ],
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
