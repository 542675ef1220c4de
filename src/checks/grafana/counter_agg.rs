use crate::catalog::Catalog;
use crate::checks::{declare_rule, Check, Sink};
use crate::diagnostic::Severity;
use crate::exposition::MetricKind;
use crate::grafana::dashboard::Origin;
use crate::project::Project;
use crate::promql::ast::{AggregateOp, Binary, BinaryOp, Expr, ExprKind};
use std::collections::HashSet;

declare_rule! {
    /// A dashboard query shows a counter as an instant vector, not through
    /// a range function such as `rate`, `irate` or `increase`.
    ///
    /// A counter's raw value is a running total since the process started:
    /// it resets to zero on every restart and its graph only says how long
    /// the process has run. Counting series (`count`, `group`, `absent`,
    /// `timestamp`) is fine and not reported, and so is a counter under
    /// `rate`, `increase`, `irate` or `resets` of a subquery
    /// (`increase(x_total[$__interval:])`), and the difference of two
    /// counters of the same unit (`sum(started_total) - sum(handled_total)`:
    /// what is in flight now).
    ///
    /// What a counter is: a metric the catalog (an exposition, code, a
    /// built-in exporter catalog) says is one. A metric the catalog gives
    /// another type (a gauge named `*_total`) is not reported. A metric the
    /// catalog does not know is judged by its `_total` name: a warning when
    /// the project itself reads it through `rate`/`increase` elsewhere,
    /// otherwise only a note, since gauges named `*_total`
    /// (`nodejs_active_handles_total`) are common.
    pub static RULE = ("grafana/counter-agg", Warning, "A counter is shown without rate or increase");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// Functions that read a counter's range as a counter.
const COUNTER_RANGE_FUNCTIONS: &[&str] = &["rate", "increase", "irate", "resets"];

/// How sure the metric is a counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counter {
    /// The catalog says so, or the project reads it through `rate`.
    Known,
    /// Only its `_total` name says so.
    ByName,
}

fn judge(catalog: &Catalog, rated: &HashSet<&str>, name: &str) -> Option<Counter> {
    let hits = catalog.lookup(name);
    let typed: Vec<_> = hits
        .iter()
        .filter(|h| !matches!(h.family.kind, MetricKind::Unknown | MetricKind::Untyped))
        .collect();
    if !typed.is_empty() {
        return typed
            .iter()
            .all(|h| h.is_counter_value())
            .then_some(Counter::Known);
    }
    if !name.ends_with("_total") {
        return None;
    }
    Some(if rated.contains(name) {
        Counter::Known
    } else {
        Counter::ByName
    })
}

/// The metric names the project's queries read through a counter range
/// function (`rate(x[5m])`, `increase(x[1h:])`).
fn rated_names(project: &Project) -> HashSet<&str> {
    project
        .files
        .iter()
        .flat_map(|f| f.memo.rated_names.get_or_init(|| file_rated_names(f)))
        .map(String::as_str)
        .collect()
}

/// `rated_names` of one file, without repeats.
fn file_rated_names(f: &crate::model::FileModel) -> Vec<String> {
    let mut out: HashSet<String> = HashSet::new();
    for q in f.all_queries() {
        let Some(expr) = q.expr() else { continue };
        expr.walk(&mut |e| {
            let ExprKind::Call(c) = &e.kind else { return };
            if !COUNTER_RANGE_FUNCTIONS.contains(&c.func.value.as_str()) {
                return;
            }
            for a in &c.args {
                a.walk(&mut |inner| {
                    if let ExprKind::Vector(v) = &inner.kind {
                        if let Some(n) = &v.name {
                            out.insert(n.value.clone());
                        }
                    }
                });
            }
        });
    }
    out.into_iter().collect()
}

fn run(project: &Project, sink: &mut Sink) {
    let mut rated: Option<HashSet<&str>> = None;
    for (i, file) in project.files.iter().enumerate() {
        for q in file.dashboards.iter().flat_map(|d| &d.queries) {
            if !matches!(q.origin, Origin::Target { .. }) {
                continue;
            }
            let Some(expr) = q.query.expr() else { continue };
            // (node, whether a raw counter is fine here)
            let mut stack: Vec<(&Expr, bool)> = vec![(expr, false)];
            while let Some((e, fine)) = stack.pop() {
                match &e.kind {
                    ExprKind::Vector(v) => {
                        let Some(name) = &v.name else { continue };
                        if fine || q.query.is_placeholder(name.span) {
                            continue;
                        }
                        let rated = rated.get_or_insert_with(|| rated_names(project));
                        let Some(how) = judge(&project.catalog, rated, &name.value) else {
                            continue;
                        };
                        let (severity, help) = match how {
                            Counter::Known => (
                                Severity::Warning,
                                format!("wrap it in a range function: `rate({}[$__rate_interval])` or `increase(...)`", name.value),
                            ),
                            Counter::ByName => (
                                Severity::Info,
                                format!("if it is a counter, wrap it in a range function: `rate({}[$__rate_interval])` or `increase(...)`; only its `_total` name says it is one (no metric catalog of the project knows it), and some gauges are named so", name.value),
                            ),
                        };
                        sink.report_as(
                            severity,
                            i,
                            q.query.to_file(name.span),
                            format!(
                                "the counter `{}` is shown as a raw running total",
                                name.value
                            ),
                            Some(help),
                        );
                    }
                    // A counter under any range function is used as a range.
                    ExprKind::Matrix(_) | ExprKind::Number(_) | ExprKind::String(_) => {}
                    ExprKind::Subquery(s) => stack.push((&s.expr, fine)),
                    ExprKind::Call(c) => {
                        let func = c.func.value.as_str();
                        let ok = fine
                            || matches!(
                                func,
                                "absent" | "timestamp" | "present_over_time" | "absent_over_time"
                            );
                        let counter_range = COUNTER_RANGE_FUNCTIONS.contains(&func);
                        for a in &c.args {
                            match &a.kind {
                                // `increase(x_total[$__interval:])`: the
                                // subquery's samples are read as a counter.
                                ExprKind::Subquery(s) if counter_range => {
                                    stack.push((&s.expr, true))
                                }
                                _ => stack.push((a, ok)),
                            }
                        }
                    }
                    ExprKind::Aggregate(a) => {
                        let ok = fine
                            || matches!(
                                a.op,
                                AggregateOp::Count | AggregateOp::Group | AggregateOp::CountValues
                            );
                        stack.push((&a.expr, ok));
                        if let Some(p) = &a.param {
                            stack.push((p, fine));
                        }
                    }
                    ExprKind::Binary(b) => {
                        let fine = fine || is_counter_difference(b);
                        stack.push((&b.lhs, fine));
                        stack.push((&b.rhs, fine));
                    }
                    ExprKind::Unary(u) => stack.push((&u.expr, fine)),
                    ExprKind::Paren(p) => stack.push((p, fine)),
                }
            }
        }
    }
}

/// `a - b` of two different counters of the same unit, each read raw
/// (through `sum`/`min`/`max`/`avg`, parentheses, and an `or vector(0)`
/// default): started minus finished, a gauge of what is in flight.
fn is_counter_difference(b: &Binary) -> bool {
    fn counter(e: &Expr) -> Option<&str> {
        match &e.kind {
            ExprKind::Vector(v) => v
                .name
                .as_ref()
                .map(|n| n.value.as_str())
                .filter(|n| n.ends_with("_total")),
            ExprKind::Paren(inner) => counter(inner),
            ExprKind::Aggregate(a)
                if matches!(
                    a.op,
                    AggregateOp::Sum | AggregateOp::Min | AggregateOp::Max | AggregateOp::Avg
                ) =>
            {
                counter(&a.expr)
            }
            // `x or vector(0)`: a default for when `x` has no series yet.
            ExprKind::Binary(b)
                if b.op == BinaryOp::Or
                    && matches!(&b.rhs.unparen().kind, ExprKind::Call(c) if c.func.value == "vector") =>
            {
                counter(&b.lhs)
            }
            _ => None,
        }
    }
    use crate::syntax::names::unit_suffix;
    b.op == BinaryOp::Sub
        && matches!(
            (counter(&b.lhs), counter(&b.rhs)),
            (Some(l), Some(r)) if l != r && unit_suffix(l) == unit_suffix(r)
        )
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn board(exprs: &[&str]) -> String {
        let targets: Vec<String> = exprs
            .iter()
            .map(|e| format!(r#"{{"expr": "{}"}}"#, e.replace('"', "\\\"")))
            .collect();
        format!(
            r#"{{"title": "t", "uid": "u", "panels": [{{"type": "timeseries", "targets": [{}]}}]}}"#,
            targets.join(", ")
        )
    }

    #[test]
    fn raw_counters_are_reported() {
        let text = board(&[
            "sum(requests_total)",
            "rate(requests_total[5m])",
            "sum(handles_total)",
        ]);
        let f = findings("grafana/counter-agg", &[("d.json", &text)]);
        assert_eq!(f.len(), 2, "{f:?}");
        // Rated elsewhere in the project: a counter for its author too.
        assert!(
            f[1].0 == "requests_total" && f[1].1.starts_with("the counter"),
            "{f:?}"
        );
        // Known only by name: the help says so.
        assert!(
            f[0].0 == "handles_total" && f[0].1.contains("only its `_total` name"),
            "{f:?}"
        );
    }

    #[test]
    fn counter_range_functions_over_subqueries_wrap_the_counter() {
        let text = board(&[
            r#"increase(errors_total{job="a"}[$__interval:] offset -$__interval)"#,
            "sum(rate(errors_total[1h:1m]))",
            "count(errors_total)",
            "sum(started_total) - sum(handled_total)",
            "(received_total or on() vector(0)) - on() (processed_total or on() vector(0))",
        ]);
        let f = findings("grafana/counter-agg", &[("d.json", &text)]);
        assert!(f.is_empty(), "{f:?}");
        // Other functions over a subquery still read raw values.
        let f = findings(
            "grafana/counter-agg",
            &[("d.json", &board(&["max_over_time(errors_total[1h:])"]))],
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn the_catalog_decides_over_the_name() {
        let metrics = "# TYPE active_handles_total gauge\nactive_handles_total 3\n# TYPE jobs counter\njobs_total 1\n";
        let text = board(&["sum(active_handles_total)", "sum(jobs_total)"]);
        let f = findings(
            "grafana/counter-agg",
            &[("d.json", &text), ("metrics.prom", metrics)],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "jobs_total");
        assert!(f[0].1.contains("wrap it in a range function"), "{f:?}");
    }
}
