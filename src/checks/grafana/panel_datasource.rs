//! (Opt-in.) `grafana/panel-datasource`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::dashboards;
use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::dashboard::DatasourceValue;
use crate::project::Project;

declare_rule! {
    /// (Opt-in.) A panel or target names a fixed datasource instead of the
    /// dashboard's datasource variable. Counterpart of dashboard-linter's
    /// `panel-datasource-rule`.
    pub static PANEL_DATASOURCE = ("grafana/panel-datasource", Warning, "A panel does not use the datasource variable");
}

pub const CHECK: Check = Check {
    rule: &PANEL_DATASOURCE,
    run: panel_datasource,
};

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
