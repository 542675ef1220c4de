use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::dashboard::Origin;
use crate::project::Project;
use crate::promql::ast::{AggregateOp, Binary, BinaryOp, Expr, ExprKind};

declare_rule! {
    /// A dashboard query shows a counter (a metric whose name ends in
    /// `_total`) as an instant vector, not through a range function such as
    /// `rate`, `irate` or `increase`.
    ///
    /// A counter's raw value is a running total since the process started:
    /// it resets to zero on every restart and its graph only says how long
    /// the process has run. Counting series (`count`, `group`, `absent`,
    /// `timestamp`) is fine and not reported, and so is the difference of
    /// two counters of the same unit (`sum(started_total) -
    /// sum(handled_total)`: what is in flight now).
    pub static RULE = ("grafana/counter-agg", Warning, "A counter is shown without rate or increase");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
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
                        if fine
                            || !name.value.ends_with("_total")
                            || q.query.is_placeholder(name.span)
                        {
                            continue;
                        }
                        sink.report(
                            i,
                            q.query.to_file(name.span),
                            format!("the counter `{}` is shown as a raw running total", name.value),
                            Some(format!("wrap it in a range function: `rate({}[$__rate_interval])` or `increase(...)`", name.value)),
                        );
                    }
                    // A counter under any range function is used as a range.
                    ExprKind::Matrix(_) | ExprKind::Number(_) | ExprKind::String(_) => {}
                    ExprKind::Subquery(s) => stack.push((&s.expr, fine)),
                    ExprKind::Call(c) => {
                        let ok = fine
                            || matches!(
                                c.func.value.as_str(),
                                "absent" | "timestamp" | "present_over_time" | "absent_over_time"
                            );
                        stack.extend(c.args.iter().map(|a| (a, ok)));
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
