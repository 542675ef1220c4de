use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{AggregateOp, Binary, BinaryOp, Expr, ExprKind, VectorSelector};
use crate::syntax::names::unit_suffix;

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
    /// time (`x - x offset 1h`), for the difference of two counters of the
    /// same unit (`mallocs_total - frees_total`: live objects;
    /// `sum(started_total) - sum(handled_total)`: open streams), where the
    /// values are thrown away (`count by (node) (cpu_seconds_total *
    /// on(instance) group_left(node) info)` counts series; likewise
    /// `group`, `absent`, `timestamp`, the right side of `and`/`unless`), or
    /// when any definition of the metric is not a counter. A comparison
    /// without `bool` filters series by their values, so it is reported
    /// wherever it is.
    pub static RULE = ("metrics/counter-arithmetic", Warning, "A counter's raw value is used in arithmetic or a comparison");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        walk(q.expr, false, &mut |b| {
            if b.op.is_comparison() && (is_zero(&b.lhs) || is_zero(&b.rhs)) {
                return;
            }
            // Trimming a histogram's buckets keeps it a counter.
            if b.op.is_trim() {
                return;
            }
            let (l, r) = (raw_selector(&b.lhs), raw_selector(&b.rhs));
            if b.op == BinaryOp::Sub {
                if let (Some(l), Some(r)) = (l, r) {
                    if selector_name(l) == selector_name(r) || counter_difference(project, l, r) {
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

/// Calls `f` on every arithmetic operation and comparison of `e` whose
/// result's values matter. `discarded` is true below an operator that
/// keeps only which series exist: `count` and `group`, the right side of
/// `and`/`unless`, `absent`, `timestamp`, `count_over_time` and the like.
/// There arithmetic, and comparisons with `bool`, change no result and are
/// skipped; a comparison without `bool` still filters series by value, so
/// it (and what it compares) matters again.
fn walk<'a>(e: &'a Expr, discarded: bool, f: &mut dyn FnMut(&'a Binary)) {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Vector(_) => {}
        ExprKind::Matrix(m) => walk(&m.vector, discarded, f),
        ExprKind::Subquery(s) => walk(&s.expr, discarded, f),
        ExprKind::Paren(inner) => walk(inner, discarded, f),
        ExprKind::Unary(u) => walk(&u.expr, discarded, f),
        ExprKind::Call(c) => {
            let drops_values = matches!(
                c.func.value.as_str(),
                "absent"
                    | "absent_over_time"
                    | "present_over_time"
                    | "count_over_time"
                    | "timestamp"
            );
            for a in &c.args {
                walk(a, discarded || drops_values, f);
            }
        }
        ExprKind::Aggregate(a) => {
            if let Some(p) = &a.param {
                walk(p, false, f);
            }
            let inner = match a.op {
                AggregateOp::Count | AggregateOp::Group => true,
                // These pick or name series by their values.
                AggregateOp::Topk | AggregateOp::Bottomk | AggregateOp::CountValues => false,
                _ => discarded,
            };
            walk(&a.expr, inner, f);
        }
        ExprKind::Binary(b) => {
            if b.op.is_set() {
                walk(&b.lhs, discarded, f);
                walk(&b.rhs, discarded || b.op != BinaryOp::Or, f);
                return;
            }
            let filters = b.op.is_comparison() && !b.return_bool;
            if !discarded || filters {
                f(b);
            }
            let inner = discarded && !filters;
            walk(&b.lhs, inner, f);
            walk(&b.rhs, inner, f);
        }
    }
}

/// `a - b` of two different counters counting the same unit: what was
/// started but not finished (`mallocs_total - frees_total`: live objects;
/// `started_total - handled_total`: open streams), a gauge in its own
/// right. Both counters reset together when their process restarts.
fn counter_difference(project: &Project, l: &VectorSelector, r: &VectorSelector) -> bool {
    let unit = |v: &VectorSelector| -> Option<Option<String>> {
        let name = selector_name(v)?;
        let hits = project.catalog.lookup(name);
        let first = hits.first()?;
        if !hits.iter().all(|h| h.is_counter_value()) {
            return None;
        }
        Some(
            first
                .family
                .unit
                .clone()
                .or_else(|| unit_suffix(name).map(str::to_string)),
        )
    };
    match (unit(l), unit(r)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
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
    fn fires_where_values_still_matter() {
        // A filter decides which series are counted.
        assert_eq!(run("count(err_total > 100)\n").len(), 1);
        // topk and count_values read values; `or` keeps both sides'.
        assert_eq!(run("topk(3, err_total * 2)\n").len(), 1);
        assert_eq!(run("count_values(\"v\", err_total * 2)\n").len(), 1);
        assert_eq!(run("mem or err_total * 2\n").len(), 1);
        // The left side of `and` keeps its values.
        assert_eq!(run("err_total * 2 and mem\n").len(), 1);
        // A sum of counters is still a lifetime total; so is a difference
        // of counters of different units.
        assert_eq!(run("err_total + req_total\n").len(), 2);
        let f = findings(
            "metrics/counter-arithmetic",
            &[
                (
                    "app.prom",
                    "# TYPE a_seconds_total counter\na_seconds_total 1\n# TYPE b_bytes_total counter\nb_bytes_total 1\n",
                ),
                ("q.promql", "a_seconds_total - b_bytes_total\n"),
            ],
        );
        assert_eq!(f.len(), 2, "{f:?}");
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
            // Values thrown away: only which series exist counts.
            "count by (node) (err_total * on(instance) group_left(node) mem)",
            "group by (node) (err_total / req_total)",
            "absent(err_total + req_total)",
            "timestamp(err_total * 2)",
            "mem and on(instance) (err_total * 2)",
            "mem unless on(instance) err_total / req_total",
            "count(err_total > bool 100)",
            "count_over_time((err_total * 2)[5m:1m])",
            // The difference of two counters of one unit is a gauge.
            "err_total - req_total",
            "sum(err_total) - sum(req_total)",
            "avg by (job) (err_total - req_total)",
            // Trimming a histogram's buckets is no arithmetic on its total.
            "histogram_count(rate(err_total[5m]) </ 0.5)",
            "err_total >/ 1",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }
}
