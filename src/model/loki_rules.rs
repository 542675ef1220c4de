//! Rule files for Loki's ruler: LogQL expressions in Prometheus' rule-file
//! shape (`rate({job="app"}[1m])`, `count_over_time({app="x"} |= "error"
//! [5m])`). Their expressions are not PromQL over Prometheus' series, so
//! they are set aside: not reported as PromQL errors, not cross-checked
//! against the metric catalog.
//!
//! The judgement is per file, since one ruler file holds one language: a
//! file is a Loki ruler file when one of its expressions has a log
//! pipeline (see [`crate::syntax::logql`]), or when every selector of its
//! expressions is a stream selector without a metric name used under a
//! range (`{job="x"}[1m]`) — in PromQL that selects every metric of the
//! job, which rules practically never do.

use super::rules::Group;
use crate::promql::{Expr, ExprKind, VectorSelector};
use crate::syntax::logql::looks_like_logql;

/// Whether the groups of one file are Loki ruler rules.
pub fn is_loki_ruler_file(groups: &[Group]) -> bool {
    let exprs = || {
        groups
            .iter()
            .flat_map(|g| &g.rules)
            .filter_map(|r| r.expr.as_ref())
    };
    if exprs().any(|q| looks_like_logql(&q.text)) {
        return true;
    }
    let mut selectors = 0;
    let mut streams = 0;
    for q in exprs() {
        let Some(expr) = q.expr() else { continue };
        count(expr, &mut selectors, &mut streams);
    }
    selectors > 0 && selectors == streams
}

/// Counts the vector selectors of `expr`, and those that are nameless
/// stream selectors directly under a range.
fn count(expr: &Expr, selectors: &mut usize, streams: &mut usize) {
    expr.walk(&mut |e| match &e.kind {
        ExprKind::Vector(_) => *selectors += 1,
        ExprKind::Matrix(m) => {
            if let ExprKind::Vector(v) = &m.vector.kind {
                if is_stream_selector(v) {
                    *streams += 1;
                }
            }
        }
        _ => {}
    });
}

fn is_stream_selector(v: &VectorSelector) -> bool {
    v.name.is_none()
        && !v.matchers.is_empty()
        && v.matchers.iter().all(|m| m.name.value != "__name__")
}

/// Sets the expressions of a Loki ruler file aside: each rule keeps its
/// name, labels and annotations, and is marked as holding LogQL.
pub fn set_aside(groups: &mut [Group]) {
    if !is_loki_ruler_file(groups) {
        return;
    }
    for rule in groups.iter_mut().flat_map(|g| &mut g.rules) {
        if rule.expr.take().is_some() {
            rule.logql = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shape::ShapeIssues;
    use crate::syntax::yaml::load_yaml;

    fn groups(yaml: &str) -> Vec<Group> {
        let doc = load_yaml(yaml);
        let mut issues = ShapeIssues::default();
        super::super::rules::read_rule_document(yaml, &doc.documents[0].root, &mut issues)
    }

    fn file(exprs: &[&str]) -> String {
        let mut s = String::from("groups:\n  - name: g\n    rules:\n");
        for (i, e) in exprs.iter().enumerate() {
            s.push_str(&format!("      - record: r{i}\n        expr: '{e}'\n"));
        }
        s
    }

    #[test]
    fn loki_ruler_files_are_recognised() {
        for exprs in [
            &[r#"sum by (m) (rate({job="generated-logs"}[1m]))"#, "10"][..],
            &[r#"absent_over_time({job="x"}[1m])"#],
            &[
                r#"up"#,
                r#"sum(count_over_time({app="x"} |= "error" [5m]))"#,
            ],
        ] {
            let mut g = groups(&file(exprs));
            assert!(is_loki_ruler_file(&g), "{exprs:?}");
            set_aside(&mut g);
            assert!(g[0].rules.iter().all(|r| r.expr.is_none() && r.logql));
        }
    }

    #[test]
    fn prometheus_rule_files_are_not() {
        for exprs in [
            &[r#"rate(http_requests_total{job="a"}[5m])"#][..],
            &[r#"rate({job="a"}[5m])"#, "up == 0"],
            &[r#"count({job="a"})"#],
            &[r#"rate({__name__=~"x_.*"}[5m])"#],
            &["10"],
            &[r#"max_over_time({job="a"}[5m:])"#],
        ] {
            let mut g = groups(&file(exprs));
            assert!(!is_loki_ruler_file(&g), "{exprs:?}");
            set_aside(&mut g);
            assert!(g[0].rules.iter().all(|r| r.expr.is_some() && !r.logql));
        }
    }
}
