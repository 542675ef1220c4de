//! Opinionated dashboard conventions (the counterparts of grafana's
//! dashboard-linter template, panel and target rules), one check per file
//! beside this one; these are their shared helpers. They encode one
//! house style — a datasource variable, `job` and `instance` variables
//! used in every query, units and descriptions on every panel — and are
//! off unless enabled with `--enable CODE`.

use crate::checks::Sink;
use crate::grafana::dashboard::{Dashboard, Origin};
use crate::project::Project;
use crate::promql::ast::ExprKind;
use crate::source::Span;

pub(crate) fn dashboards(project: &Project) -> impl Iterator<Item = (usize, &Dashboard)> {
    project
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.dashboards.iter().map(move |d| (i, d)))
}

pub(crate) fn start(d: &Dashboard) -> Span {
    Span::new(d.span.start, d.span.start + 1)
}

pub(crate) fn template_label(project: &Project, sink: &mut Sink, label: &str) {
    for (i, d) in dashboards(project) {
        match d.variable(label) {
            None => sink.report(
                i,
                start(d),
                format!("the dashboard has no `{label}` variable"),
                Some(format!("add a query variable `{label}` (`label_values(up, {label})`, multi-value, with \"All\")")),
            ),
            Some(v) if !(v.multi && v.include_all) => sink.report(
                i,
                v.name.as_ref().map_or(v.span, |n| n.span),
                format!("the `{label}` variable is not multi-value with an \"All\" option"),
                Some("set `\"multi\": true` and `\"includeAll\": true`".into()),
            ),
            Some(_) => {}
        }
    }
}

pub(crate) fn target_label(project: &Project, sink: &mut Sink, label: &str) {
    for (i, d) in dashboards(project) {
        for q in &d.queries {
            if !matches!(q.origin, Origin::Target { .. }) {
                continue;
            }
            let Some(expr) = q.query.expr() else { continue };
            expr.walk(&mut |e| {
                let ExprKind::Vector(v) = &e.kind else { return };
                if v.matchers.iter().any(|m| m.name.value == label) {
                    return;
                }
                sink.report(
                    i,
                    q.query.to_file(e.span),
                    format!("the selector has no `{label}` matcher"),
                    Some(format!("add `{label}=~\"${label}\"` so the dashboard's `{label}` variable filters it")),
                );
            });
        }
    }
}
