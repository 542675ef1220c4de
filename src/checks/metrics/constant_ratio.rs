use crate::catalog::infer::selector_name;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::visit;
use crate::project::Project;
use crate::promql::{Binary, BinaryOp, Expr, ExprKind, Matcher, VectorSelector};

declare_rule! {
    /// A ratio of a metric to itself that is 1 for every series it returns.
    ///
    /// `rate(x{status=~"5.."}[5m]) / rate(x[5m])` looks like an error
    /// ratio, but one-to-one matching pairs each 5xx series with the
    /// series on the right that has the same labels, `status` included:
    /// itself. The result is 1 for every 5xx series, so an alert on it
    /// fires whenever any 5xx happens. Aggregate the filtered label away
    /// on both sides: `sum without (status) (rate(x{status=~"5.."}[5m]))
    /// / sum without (status) (rate(x[5m]))`.
    ///
    /// Reported when both sides are the same expression over the same
    /// metric, the left side's selector only adds matchers, and the
    /// division still matches on every label those matchers filter.
    pub static RULE = ("metrics/constant-ratio", Warning, "A ratio divides series by themselves and is always 1");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for q in visit::queries(project) {
        if !q.query.text.contains('/') {
            continue;
        }
        q.expr.walk(&mut |e| {
            let ExprKind::Binary(b) = &e.kind else { return };
            if b.op != BinaryOp::Div {
                return;
            }
            let Some(filtered) = constant_filter(b) else { return };
            let (sel, labels) = filtered;
            let name = selector_name(sel).unwrap_or("the metric");
            let labels_list = labels.join(", ");
            let mut help = format!(
                "aggregate the filtered label away on both sides: `sum without ({labels_list}) (...) / sum without ({labels_list}) (...)`"
            );
            if let Some(d) = project.catalog.describe(&project.files, name) {
                help = format!("{help}; {d}");
            }
            sink.report(
                q.file,
                q.query.to_file(b.op_span),
                format!(
                    "this ratio is always 1: each `{name}` series the left side keeps is divided by itself (the division matches on {labels_list} too)"
                ),
                Some(help),
            );
        });
    }
}

/// When both sides are the same expression over one selector and the left
/// adds matchers on labels the division still matches on: the selector
/// and those labels.
fn constant_filter(b: &Binary) -> Option<(&VectorSelector, Vec<String>)> {
    let (ls, rs) = (visit::selectors(&b.lhs), visit::selectors(&b.rhs));
    let ([l], [r]) = (ls.as_slice(), rs.as_slice()) else {
        return None;
    };
    if selector_name(l)? != selector_name(r)? {
        return None;
    }
    let same = |m: &Matcher, o: &Matcher| {
        m.name.value == o.name.value && m.op == o.op && m.value.value == o.value.value
    };
    if !r
        .matchers
        .iter()
        .all(|m| l.matchers.iter().any(|o| same(m, o)))
    {
        return None;
    }
    let extra: Vec<String> = l
        .matchers
        .iter()
        .filter(|m| !r.matchers.iter().any(|o| same(m, o)) && m.name.value != "__name__")
        .map(|m| m.name.value.clone())
        .collect();
    if extra.is_empty() {
        return None;
    }
    // Every filtered label must take part in the matching and survive to
    // the top of both sides.
    if let Some(m) = &b.matching {
        let listed = |n: &str| m.labels.iter().any(|x| x.value == n);
        let kept = match m.on {
            Some(true) => extra.iter().all(|n| listed(n)),
            Some(false) => extra.iter().all(|n| !listed(n)),
            None => true,
        };
        if !kept {
            return None;
        }
    }
    if !extra.iter().all(|n| keeps(&b.lhs, n) && keeps(&b.rhs, n)) {
        return None;
    }
    if strip(&b.lhs) != strip(&b.rhs) {
        return None;
    }
    Some((l, extra))
}

/// Whether label `n` survives every aggregation and label function in `e`.
fn keeps(e: &Expr, n: &str) -> bool {
    let mut ok = true;
    e.walk(&mut |x| match &x.kind {
        ExprKind::Aggregate(a) => {
            let kept = match &a.grouping {
                None => false,
                Some(g) => g.without != g.labels.iter().any(|l| l.value == n),
            };
            ok &= kept
                || matches!(
                    a.op,
                    crate::promql::AggregateOp::Topk
                        | crate::promql::AggregateOp::Bottomk
                        | crate::promql::AggregateOp::Limitk
                        | crate::promql::AggregateOp::LimitRatio
                );
        }
        ExprKind::Call(c) if c.func.value.starts_with("label_") => ok = false,
        ExprKind::Binary(_) | ExprKind::Subquery(_) => ok = false,
        _ => {}
    });
    ok
}

/// The expression printed with every selector's matchers removed.
fn strip(e: &Expr) -> String {
    let mut e = e.unparen().clone();
    strip_matchers(&mut e);
    crate::promql::print(&e)
}

fn strip_matchers(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::Vector(v) => v.matchers.clear(),
        ExprKind::Matrix(m) => strip_matchers(&mut m.vector),
        ExprKind::Subquery(s) => strip_matchers(&mut s.expr),
        ExprKind::Paren(inner) => strip_matchers(inner),
        ExprKind::Unary(u) => strip_matchers(&mut u.expr),
        ExprKind::Call(c) => c.args.iter_mut().for_each(strip_matchers),
        ExprKind::Aggregate(a) => strip_matchers(&mut a.expr),
        ExprKind::Binary(b) => {
            strip_matchers(&mut b.lhs);
            strip_matchers(&mut b.rhs);
        }
        ExprKind::Number(_) | ExprKind::String(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    fn run(q: &str) -> Vec<(String, String)> {
        findings("metrics/constant-ratio", &[("q.promql", q)])
    }

    #[test]
    fn fires_on_self_ratios() {
        let f = run("rate(x{status=~\"5..\"}[5m]) / rate(x[5m]) > 0.05\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "/");
        assert!(f[0].1.contains("matches on status"), "{f:?}");
        assert_eq!(
            run("(rate(x{job=\"a\",status=~\"5..\"}[5m]) /\n rate(x{job=\"a\"}[5m]))\n").len(),
            1
        );
        assert_eq!(
            run("sum by (status) (rate(x{status=\"500\"}[5m])) / sum by (status) (rate(x[5m]))\n")
                .len(),
            1
        );
    }

    #[test]
    fn silent_on_real_ratios() {
        for q in [
            "sum(rate(x{status=~\"5..\"}[5m])) / sum(rate(x[5m]))",
            "sum without (status) (rate(x{status=~\"5..\"}[5m])) / sum without (status) (rate(x[5m]))",
            "rate(x{status=~\"5..\"}[5m]) / ignoring (status) group_left rate(y[5m])",
            "rate(x{status=~\"5..\"}[5m]) / rate(x[1h])",
            "rate(x{status=~\"5..\"}[5m]) / rate(y[5m])",
            "rate(x[5m]) / rate(x[5m] offset 1d)",
            "rate(x{status=~\"5..\"}[5m]) / on (job) sum by (job) (rate(x[5m]))",
        ] {
            assert!(run(&format!("{q}\n")).is_empty(), "{q}");
        }
    }
}
