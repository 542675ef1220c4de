use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::promql::{AggregateOp, Expr, ExprKind, MatchOp};

declare_rule! {
    /// An alerting rule's expression has no condition, so the alert fires
    /// for every series it returns, all the time.
    ///
    /// An alert fires for each series its expression returns, whatever the
    /// value. `rate(errors_total[5m])` returns a series for every target as
    /// long as the metric exists; the intended condition (`> 0.1`) is
    /// missing. Filtering comes from comparisons without `bool`, `and`,
    /// `unless`, and `absent`/`absent_over_time`.
    ///
    /// Expressions that read no metric (`vector(1)`, a deliberate
    /// always-firing "watchdog" alert) are not reported, nor a bare
    /// selector filtered on a label other than `job`/`instance`
    /// (`iface_info{operstate="down"}`): there the existence of a matching
    /// series is the condition.
    pub static RULE = ("promql/alert-always-fires", Warning, "An alert expression has no condition and always fires");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| &g.rules) {
            if !rule.is_alert() {
                continue;
            }
            let Some(q) = &rule.expr else { continue };
            let Some(expr) = q.expr() else { continue };
            // Range vectors and scalars are type errors reported elsewhere.
            let instant = !matches!(
                expr.unparen().kind,
                ExprKind::Matrix(_)
                    | ExprKind::Subquery(_)
                    | ExprKind::Number(_)
                    | ExprKind::String(_)
            );
            if !instant || filters(expr) || !reads_metric(expr) || presence_alert(expr) {
                continue;
            }
            sink.report(
                i,
                crate::checks::first_line(&file.source.text, q.span),
                "this alert expression has no condition: the alert fires for every series it returns",
                Some("add the condition, for example `... > 0.05`; an alert fires for each returned series whatever its value".into()),
            );
        }
    }
}

/// Whether the expression can drop series (so that the alert is quiet
/// when all is well).
fn filters(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary(b) => {
            if (b.op.is_comparison() && !b.return_bool)
                || matches!(
                    b.op,
                    crate::promql::BinaryOp::And | crate::promql::BinaryOp::Unless
                )
            {
                return true;
            }
            if b.op == crate::promql::BinaryOp::Or {
                return filters(&b.lhs) && filters(&b.rhs);
            }
            filters(&b.lhs) || filters(&b.rhs)
        }
        ExprKind::Call(c) => {
            matches!(c.func.value.as_str(), "absent" | "absent_over_time")
                || c.args.iter().any(filters)
        }
        ExprKind::Aggregate(a) => {
            // `count_values` and `limit_ratio` only regroup or sample.
            a.op != AggregateOp::CountValues && filters(&a.expr)
        }
        ExprKind::Paren(inner) => filters(inner),
        ExprKind::Unary(u) => filters(&u.expr),
        ExprKind::Subquery(s) => filters(&s.expr),
        ExprKind::Matrix(_) | ExprKind::Vector(_) | ExprKind::Number(_) | ExprKind::String(_) => {
            false
        }
    }
}

/// A bare selector filtered on a label other than `job`/`instance`
/// (`info{operstate="down"}`): the existence of such a series is the
/// condition (an index, an interface, a setting in that state).
fn presence_alert(e: &Expr) -> bool {
    let ExprKind::Vector(v) = &e.unparen().kind else {
        return false;
    };
    v.matchers.iter().any(|m| {
        !matches!(m.name.value.as_str(), "__name__" | "job" | "instance")
            && !matches_anything(m.op, &m.value.value)
    })
}

/// `l=~".*"`, `l!=""`-like matchers that keep (almost) every series.
fn matches_anything(op: MatchOp, value: &str) -> bool {
    match op {
        MatchOp::Regex => matches!(value, ".*" | ".+" | ""),
        MatchOp::NotRegex => value.is_empty(),
        MatchOp::Equal | MatchOp::NotEqual => false,
    }
}

fn reads_metric(e: &Expr) -> bool {
    let mut found = false;
    e.walk(&mut |x| found |= matches!(x.kind, ExprKind::Vector(_)));
    found
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(expr: &str) -> Vec<(String, String)> {
        let text =
            format!("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: {expr}\n");
        findings("promql/alert-always-fires", &[("rules.yml", &text)])
    }

    #[test]
    fn fires_without_a_condition() {
        assert_eq!(run("rate(errors_total[5m])").len(), 1);
        assert_eq!(run("sum by (job) (up == bool 0)").len(), 1);
        assert_eq!(run("up or rate(x[5m]) > 1").len(), 1);
        assert_eq!(run("info{job=\"a\"}").len(), 1);
        assert_eq!(run("sum by (pod) (state{state=\"invalid\"})").len(), 1);
        assert_eq!(run("rate(errors_total{code=\"500\"}[5m])").len(), 1);
    }

    #[test]
    fn silent_with_a_condition_or_no_metric() {
        for e in [
            "up == 0",
            "absent(up{job=\"a\"})",
            "sum by (job) (rate(x[5m])) > 1",
            "x and y",
            "vector(1)",
            "max_over_time((rate(x[5m]) > 1)[1h:])",
            "iface_info{operstate=\"down\"}",
            "(index_info{name=~\".*ccnew.*\"})",
        ] {
            assert!(run(e).is_empty(), "{e}");
        }
        let text =
            "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: rate(x[5m])\n";
        assert!(findings("promql/alert-always-fires", &[("rules.yml", text)]).is_empty());
    }
}
