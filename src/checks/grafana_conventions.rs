//! Opinionated dashboard conventions (the counterparts of grafana's
//! dashboard-linter template, panel and target rules). They encode one
//! house style — a datasource variable, `job` and `instance` variables
//! used in every query, units and descriptions on every panel — and are
//! off unless enabled with `--enable CODE`.

use super::{declare_rule, Check, Sink};
use crate::grafana::dashboard::{Dashboard, DatasourceValue, Origin};
use crate::model::Project;
use crate::promql::ast::ExprKind;
use crate::source::Span;

declare_rule! {
    /// (Opt-in.) The dashboard has no datasource variable (`"type":
    /// "datasource"`), so it cannot be pointed at another Prometheus
    /// without editing every panel. Counterpart of dashboard-linter's
    /// `template-datasource-rule`.
    pub static TEMPLATE_DATASOURCE = ("grafana/template-datasource", Warning, "A dashboard has no datasource variable");
}

declare_rule! {
    /// (Opt-in.) The dashboard has no `job` variable, or it is not
    /// multi-value with an "All" option. Counterpart of dashboard-linter's
    /// `template-job-rule`.
    pub static TEMPLATE_JOB = ("grafana/template-job", Warning, "A dashboard has no multi-value job variable");
}

declare_rule! {
    /// (Opt-in.) The dashboard has no `instance` variable, or it is not
    /// multi-value with an "All" option. Counterpart of dashboard-linter's
    /// `template-instance-rule`.
    pub static TEMPLATE_INSTANCE = ("grafana/template-instance", Warning, "A dashboard has no multi-value instance variable");
}

declare_rule! {
    /// (Opt-in.) A query variable is not refreshed when the time range
    /// changes (`"refresh": 2`), so its values can be stale. Counterpart of
    /// dashboard-linter's `template-on-time-change-reload-rule`.
    pub static TEMPLATE_REFRESH = ("grafana/template-refresh", Warning, "A query variable is not refreshed on time range change");
}

declare_rule! {
    /// (Opt-in.) A panel or target names a fixed datasource instead of the
    /// dashboard's datasource variable. Counterpart of dashboard-linter's
    /// `panel-datasource-rule`.
    pub static PANEL_DATASOURCE = ("grafana/panel-datasource", Warning, "A panel does not use the datasource variable");
}

declare_rule! {
    /// (Opt-in.) A panel has no title or no description. Counterpart of
    /// dashboard-linter's `panel-title-description-rule`.
    pub static PANEL_DESCRIPTION = ("grafana/panel-description", Warning, "A panel has no title or description");
}

declare_rule! {
    /// (Opt-in.) A panel that shows numbers (`timeseries`, `stat`, `gauge`,
    /// `table`, `graph`, `singlestat`) has no unit in
    /// `fieldConfig.defaults.unit`. Counterpart of dashboard-linter's
    /// `panel-units-rule`.
    pub static PANEL_UNITS = ("grafana/panel-units", Warning, "A panel has no unit");
}

declare_rule! {
    /// (Opt-in.) A target's selector has no `job` matcher, so the `job`
    /// variable does not filter it. Counterpart of dashboard-linter's
    /// `target-job-rule`.
    pub static TARGET_JOB = ("grafana/target-job", Warning, "A query selector has no job matcher");
}

declare_rule! {
    /// (Opt-in.) A target's selector has no `instance` matcher, so the
    /// `instance` variable does not filter it. Counterpart of
    /// dashboard-linter's `target-instance-rule`.
    pub static TARGET_INSTANCE = ("grafana/target-instance", Warning, "A query selector has no instance matcher");
}

pub const TEMPLATE_DATASOURCE_CHECK: Check = Check {
    rule: &TEMPLATE_DATASOURCE,
    run: template_datasource,
};
pub const TEMPLATE_JOB_CHECK: Check = Check {
    rule: &TEMPLATE_JOB,
    run: |p, s| template_label(p, s, "job"),
};
pub const TEMPLATE_INSTANCE_CHECK: Check = Check {
    rule: &TEMPLATE_INSTANCE,
    run: |p, s| template_label(p, s, "instance"),
};
pub const TEMPLATE_REFRESH_CHECK: Check = Check {
    rule: &TEMPLATE_REFRESH,
    run: template_refresh,
};
pub const PANEL_DATASOURCE_CHECK: Check = Check {
    rule: &PANEL_DATASOURCE,
    run: panel_datasource,
};
pub const PANEL_DESCRIPTION_CHECK: Check = Check {
    rule: &PANEL_DESCRIPTION,
    run: panel_description,
};
pub const PANEL_UNITS_CHECK: Check = Check {
    rule: &PANEL_UNITS,
    run: panel_units,
};
pub const TARGET_JOB_CHECK: Check = Check {
    rule: &TARGET_JOB,
    run: |p, s| target_label(p, s, "job"),
};
pub const TARGET_INSTANCE_CHECK: Check = Check {
    rule: &TARGET_INSTANCE,
    run: |p, s| target_label(p, s, "instance"),
};

fn dashboards(project: &Project) -> impl Iterator<Item = (usize, &Dashboard)> {
    project
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.dashboards.iter().map(move |d| (i, d)))
}

fn start(d: &Dashboard) -> Span {
    Span::new(d.span.start, d.span.start + 1)
}

fn template_datasource(project: &Project, sink: &mut Sink) {
    for (i, d) in dashboards(project) {
        if !d
            .variables
            .iter()
            .any(|v| v.kind.as_deref() == Some("datasource"))
        {
            sink.report(
                i,
                start(d),
                "the dashboard has no datasource variable",
                Some("add `{\"name\": \"datasource\", \"type\": \"datasource\", \"query\": \"prometheus\"}` to `templating.list` and use `${datasource}` in panels".into()),
            );
        }
    }
}

fn template_label(project: &Project, sink: &mut Sink, label: &str) {
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

fn template_refresh(project: &Project, sink: &mut Sink) {
    for (i, d) in dashboards(project) {
        for v in &d.variables {
            if v.kind.as_deref() != Some("query") || v.refresh.as_deref() == Some("2") {
                continue;
            }
            sink.report(
                i,
                v.name.as_ref().map_or(v.span, |n| n.span),
                "the query variable is not refreshed when the time range changes",
                Some("set `\"refresh\": 2` (On time range change)".into()),
            );
        }
    }
}

fn panel_datasource(project: &Project, sink: &mut Sink) {
    for (i, d) in dashboards(project) {
        for p in &d.panels {
            let Some(ds) = &p.datasource else { continue };
            let fixed = match &ds.value {
                DatasourceValue::Name(n) => !n.contains('$') && !n.starts_with("--"),
                DatasourceValue::Object { uid: Some(u), .. } => {
                    !u.contains('$') && !u.starts_with("--") && u != "grafana"
                }
                DatasourceValue::Object { .. } => false,
            };
            if fixed {
                sink.report(
                    i,
                    ds.value_span,
                    "the panel names a fixed datasource",
                    Some("use the dashboard's datasource variable: `{\"type\": \"prometheus\", \"uid\": \"${datasource}\"}`".into()),
                );
            }
        }
    }
}

fn panel_description(project: &Project, sink: &mut Sink) {
    for (i, d) in dashboards(project) {
        for p in &d.panels {
            if p.kind_str() == Some("row") {
                continue;
            }
            let missing = match (&p.title, &p.description) {
                (Some(t), Some(x)) if !t.trim().is_empty() && !x.trim().is_empty() => continue,
                (Some(t), _) if !t.trim().is_empty() => "description",
                _ => "title",
            };
            sink.report(
                i,
                Span::new(p.span.start, p.span.start + 1),
                format!("the panel has no {missing}"),
                Some(format!("add a `\"{missing}\"` saying what the panel shows")),
            );
        }
    }
}

fn panel_units(project: &Project, sink: &mut Sink) {
    for (i, d) in dashboards(project) {
        for p in &d.panels {
            let Some(kind) = &p.kind else { continue };
            if !matches!(
                kind.value.as_str(),
                "timeseries" | "stat" | "gauge" | "table" | "graph" | "singlestat"
            ) {
                continue;
            }
            if p.unit.as_deref().is_some_and(|u| !u.is_empty()) {
                continue;
            }
            sink.report(
                i,
                kind.span,
                "the panel has no unit",
                Some("set `fieldConfig.defaults.unit` (`s`, `bytes`, `reqps`, `percentunit`, `short`, ...)".into()),
            );
        }
    }
}

fn target_label(project: &Project, sink: &mut Sink, label: &str) {
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
