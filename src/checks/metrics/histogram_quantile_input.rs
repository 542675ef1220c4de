use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::exposition::MetricKind;
use crate::project::visit;
use crate::project::Project;
use crate::promql::ExprKind;

declare_rule! {
    /// `histogram_quantile` is given series that are not histogram buckets.
    ///
    /// `histogram_quantile(φ, b)` needs the `_bucket` series of a histogram
    /// (with their `le` label), usually as `rate(x_bucket[5m])` summed
    /// `by (le)`. Given a summary, it returns nothing: a summary's
    /// quantiles are already computed, select them with its `quantile`
    /// label (`x{quantile="0.99"}`). Given a counter, a gauge, or a
    /// histogram's `_sum`/`_count`, it returns nothing as well.
    ///
    /// Reported only when every definition of the metric is typed and none
    /// is a bucket series; native histograms (selected by the family name
    /// itself) are not reported.
    pub static RULE = ("metrics/histogram-quantile-input", Warning, "histogram_quantile is applied to series that are not buckets");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        if !q.query.text.contains("histogram_quantile") {
            continue;
        }
        q.expr.walk(&mut |e| {
            let ExprKind::Call(c) = &e.kind else { return };
            if c.func.value != "histogram_quantile" {
                return;
            }
            let Some(arg) = c.args.get(1) else { return };
            for v in visit::selectors(arg) {
                let Some(name) = selector_name(v) else { continue };
                let hits = project.catalog.lookup(name);
                if hits.is_empty()
                    || hits.iter().any(|h| {
                        h.is_bucket() || h.is_native_histogram() || h.family.kind.is_untyped()
                    })
                {
                    continue;
                }
                let span = q.query.to_file(v.name.as_ref().map_or(arg.span, |n| n.span));
                let describe = project.catalog.describe(&project.files, name).unwrap_or_default();
                if hits.iter().any(|h| h.is_summary_quantile()) {
                    sink.report(
                        q.file,
                        span,
                        format!("`{name}` is a summary: `histogram_quantile` returns nothing for it"),
                        Some(format!(
                            "a summary's quantiles are precomputed: select them with `{name}{{quantile=\"0.95\"}}`; {describe}"
                        )),
                    );
                } else if hits.iter().all(|h| h.family.kind != MetricKind::Summary) {
                    let Some(family) = hits.first().map(|h| h.family) else {
                        return;
                    };
                    let help = if family.kind.is_histogram() {
                        format!("use its buckets: `histogram_quantile(0.95, sum by (le) (rate({}_bucket[5m])))`; {describe}", family.name)
                    } else {
                        format!("`histogram_quantile` needs a histogram's `_bucket` series with `le`; {describe}")
                    };
                    sink.report(
                        q.file,
                        span,
                        format!("`{name}` is not a histogram bucket series"),
                        Some(help),
                    );
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const PY: (&str, &str) = (
        "app.py",
        "from prometheus_client import Histogram\nH = Histogram('lat_seconds', 'Latency')\n",
    );

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE lat histogram\nlat_bucket{le=\"+Inf\"} 1\nlat_sum 1\nlat_count 1\n# TYPE rpc summary\nrpc{quantile=\"0.5\"} 1\nrpc_sum 1\nrpc_count 1\n# TYPE mem gauge\nmem 1\n",
    );

    fn run(q: &str) -> Vec<(String, String)> {
        findings(
            "metrics/histogram-quantile-input",
            &[APP, PY, ("q.promql", q)],
        )
    }

    #[test]
    fn fires_on_summaries_and_non_buckets() {
        let f = run("histogram_quantile(0.9, rate(rpc[5m]))\n");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].1.contains("quantile=\\\"0.95\\\"") || f[0].1.contains("{quantile="),
            "{f:?}"
        );
        assert_eq!(
            run("histogram_quantile(0.9, sum by (le) (rate(lat_sum[5m])))\n")[0].0,
            "lat_sum"
        );
        assert_eq!(run("histogram_quantile(0.9, mem)\n").len(), 1);
    }

    #[test]
    fn silent_on_buckets_and_unknowns() {
        for q in [
            "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))",
            "histogram_quantile(0.9, rate(native_hist[5m]))",
            "histogram_quantile(0.9, sum(rate(lat_seconds[5m])))",
            "histogram_quantile(0.9, sum by (le) (job:lat_bucket:rate5m))",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }
}
