use crate::catalog::index::Hits;
use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::exposition::MetricKind;
use crate::project::visit;
use crate::project::Project;
use crate::promql::typecheck::type_of;
use crate::promql::{BinaryOp, Cardinality, Expr, ExprKind, ValueType, VectorSelector};

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
    /// Only the series that reach the result are judged: in a join with
    /// `group_left` the result's series (and their `le`) come from the left
    /// side, with `group_right` from the right, so the other side (an info
    /// metric adding a `node` label, say) may be anything; `and` and
    /// `unless` keep the left side's series, `or` both sides'. In a
    /// one-to-one join, nothing is reported when either side holds
    /// buckets.
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
            let fine = |v: &VectorSelector| {
                selector_name(v).is_none_or(|name| acceptable(&project.catalog.lookup(name)))
            };
            let mut sources = Vec::new();
            series_sources(arg, &fine, &mut sources);
            for v in sources {
                let Some(name) = selector_name(v) else { continue };
                let hits = project.catalog.lookup(name);
                if acceptable(&hits) {
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

/// Whether the definitions `hits` of a selected name may feed
/// `histogram_quantile`: unknown, untyped, or bucket series (classic or
/// native) among them.
fn acceptable(hits: &Hits) -> bool {
    hits.is_empty()
        || hits
            .iter()
            .any(|h| h.is_bucket() || h.is_native_histogram() || h.family.kind.is_untyped())
}

/// The selectors whose series make up the result of `e` (and so carry the
/// `le` label `histogram_quantile` reads), in walk order. Operands that
/// only filter or enrich the result are left out: the right side of `and`
/// and `unless`, the "one" side of a `group_left`/`group_right` join,
/// scalars. In a one-to-one join both sides carry the same labels, so
/// when either side holds a `fine` selector neither is returned.
fn series_sources<'a>(
    e: &'a Expr,
    fine: &dyn Fn(&VectorSelector) -> bool,
    out: &mut Vec<&'a VectorSelector>,
) {
    match &e.kind {
        ExprKind::Vector(v) => out.push(v),
        ExprKind::Number(_) | ExprKind::String(_) => {}
        ExprKind::Matrix(m) => series_sources(&m.vector, fine, out),
        ExprKind::Subquery(s) => series_sources(&s.expr, fine, out),
        ExprKind::Paren(inner) => series_sources(inner, fine, out),
        ExprKind::Unary(u) => series_sources(&u.expr, fine, out),
        ExprKind::Aggregate(a) => series_sources(&a.expr, fine, out),
        ExprKind::Call(c) => {
            for a in &c.args {
                if !matches!(type_of(a), ValueType::Scalar | ValueType::String) {
                    series_sources(a, fine, out);
                }
            }
        }
        ExprKind::Binary(b) => {
            let (lhs_scalar, rhs_scalar) = (
                type_of(&b.lhs) == ValueType::Scalar,
                type_of(&b.rhs) == ValueType::Scalar,
            );
            if lhs_scalar || rhs_scalar {
                if !lhs_scalar {
                    series_sources(&b.lhs, fine, out);
                }
                if !rhs_scalar {
                    series_sources(&b.rhs, fine, out);
                }
                return;
            }
            match b.op {
                BinaryOp::And | BinaryOp::Unless => series_sources(&b.lhs, fine, out),
                BinaryOp::Or => {
                    series_sources(&b.lhs, fine, out);
                    series_sources(&b.rhs, fine, out);
                }
                _ => match b.matching.as_ref().map(|m| &m.card) {
                    Some(Cardinality::ManyToOne) => series_sources(&b.lhs, fine, out),
                    Some(Cardinality::OneToMany) => series_sources(&b.rhs, fine, out),
                    _ => {
                        let mut sides = Vec::new();
                        series_sources(&b.lhs, fine, &mut sides);
                        series_sources(&b.rhs, fine, &mut sides);
                        if !sides.iter().any(|v| fine(v)) {
                            out.extend(sides);
                        }
                    }
                },
            }
        }
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
    fn fires_on_the_side_that_makes_the_result() {
        // The "many" side of a join is the one judged.
        let f = run("histogram_quantile(0.9, sum by (instance, le) (rate(lat_sum[5m])) * on(instance) group_left(node) mem)\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "lat_sum");
        let f = run("histogram_quantile(0.9, lat_bucket * on(instance) group_right(node) mem)\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "mem");
        // Both sides of `or` make the result; the left of `and`/`unless`.
        let f = run("histogram_quantile(0.9, rate(lat_bucket[5m]) or rate(lat_sum[5m]))\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "lat_sum");
        let f = run("histogram_quantile(0.9, mem unless on() lat_bucket)\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "mem");
        // One-to-one without any bucket.
        assert_eq!(run("histogram_quantile(0.9, mem / mem)\n").len(), 2);
    }

    #[test]
    fn silent_on_buckets_and_unknowns() {
        for q in [
            "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])))",
            "histogram_quantile(0.9, rate(native_hist[5m]))",
            "histogram_quantile(0.9, sum(rate(lat_seconds[5m])))",
            "histogram_quantile(0.9, sum by (le) (job:lat_bucket:rate5m))",
            // The "one" side of a join only adds labels.
            "histogram_quantile(0.9, sum(rate(lat_bucket[5m])) by (instance, le) * on(instance) group_left(node) mem)",
            "histogram_quantile(0.9, mem * on(instance) group_right(node) sum by (instance, le) (rate(lat_bucket[5m])))",
            "histogram_quantile(0.9, sum by (instance, le) (rate(lat_bucket[5m])) / on(instance) group_left() max by (instance) (mem))",
            // `and`/`unless` only filter by the right side.
            "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])) and on() mem > 1)",
            "histogram_quantile(0.9, sum by (le) (rate(lat_bucket[5m])) unless on() rate(rpc_count[5m]) == 0)",
            // One-to-one: both sides carry the same `le`.
            "histogram_quantile(0.9, rate(lat_bucket[5m]) / mem)",
            "histogram_quantile(0.9, rate(lat_bucket[5m]) * scalar(mem))",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }
}
