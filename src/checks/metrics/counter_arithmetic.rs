use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{AggregateOp, BinaryOp, Expr, ExprKind, VectorSelector};

declare_rule! {
    /// A counter's raw value is used in arithmetic or a comparison.
    ///
    /// A counter's value is a total since the process started: it resets
    /// on every restart and grows without bound, so `errors_total > 100`
    /// or `errors_total / requests_total` compares lifetimes rather than
    /// what is happening now. Take `rate(x[5m])` or `increase(x[1h])`
    /// first.
    ///
    /// Not reported for comparisons with 0 (`x_total > 0`: "has it ever
    /// happened"), for differences of a counter with itself at another
    /// time (`x - x offset 1h`), or when any definition of the metric is
    /// not a counter.
    pub static RULE = ("metrics/counter-arithmetic", Warning, "A counter's raw value is used in arithmetic or a comparison");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        q.expr.walk(&mut |e| {
            let ExprKind::Binary(b) = &e.kind else { return };
            if b.op.is_set() {
                return;
            }
            if b.op.is_comparison() && (is_zero(&b.lhs) || is_zero(&b.rhs)) {
                return;
            }
            let (l, r) = (raw_selector(&b.lhs), raw_selector(&b.rhs));
            if b.op == BinaryOp::Sub {
                if let (Some(l), Some(r)) = (l, r) {
                    if selector_name(l) == selector_name(r) {
                        return;
                    }
                }
            }
            for v in [l, r].into_iter().flatten() {
                let Some(name) = selector_name(v) else {
                    continue;
                };
                let hits = project.catalog.lookup(name);
                if hits.is_empty() || !hits.iter().all(|h| h.is_counter_value()) {
                    continue;
                }
                let span = v.name.as_ref().map_or(b.op_span, |n| n.span);
                let what = if b.op.is_comparison() {
                    "compared"
                } else {
                    "used in arithmetic"
                };
                sink.report(
                    q.file,
                    q.query.to_file(span),
                    format!("the counter `{name}` is {what} as a raw lifetime total"),
                    Some(format!(
                        "take `rate({name}[5m])` or `increase({name}[1h])` first; {}",
                        project
                            .catalog
                            .describe(&project.files, name)
                            .unwrap_or_default()
                    )),
                );
            }
        });
    }
}

/// The selector an operand reads without any function over time: itself,
/// through parentheses, signs and aggregations that keep values as they are.
fn raw_selector(e: &Expr) -> Option<&VectorSelector> {
    match &e.kind {
        ExprKind::Vector(v) => Some(v),
        ExprKind::Paren(inner) => raw_selector(inner),
        ExprKind::Unary(u) => raw_selector(&u.expr),
        ExprKind::Aggregate(a)
            if matches!(
                a.op,
                AggregateOp::Sum | AggregateOp::Min | AggregateOp::Max | AggregateOp::Avg
            ) =>
        {
            raw_selector(&a.expr)
        }
        _ => None,
    }
}

fn is_zero(e: &Expr) -> bool {
    matches!(&e.unparen().kind, ExprKind::Number(n) if n.value == 0.0)
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const APP: (&str, &str) = (
        "app.prom",
        "# TYPE err_total counter\nerr_total 1\n# TYPE req_total counter\nreq_total 1\n# TYPE mem gauge\nmem 1\n",
    );

    fn run(q: &str) -> Vec<(String, String)> {
        findings("metrics/counter-arithmetic", &[APP, ("q.promql", q)])
    }

    #[test]
    fn fires_on_raw_counters() {
        assert_eq!(run("err_total > 100\n").len(), 1);
        let f = run("sum(err_total) / sum(req_total)\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].1.contains("take `rate(err_total[5m])`"), "{f:?}");
    }

    #[test]
    fn silent_on_rates_gauges_and_idioms() {
        for q in [
            "rate(err_total[5m]) > 1",
            "err_total > 0",
            "err_total - err_total offset 1h",
            "mem * 2",
            "sum(increase(err_total[1h])) / sum(increase(req_total[1h]))",
            "unknown_total > 5",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }
}
