//! (Opt-in.) `grafana/panel-units`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::dashboards;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// (Opt-in.) A panel that shows numbers (`timeseries`, `stat`, `gauge`,
    /// `table`, `graph`, `singlestat`) has no unit in
    /// `fieldConfig.defaults.unit`. Counterpart of dashboard-linter's
    /// `panel-units-rule`.
    pub static PANEL_UNITS = ("grafana/panel-units", Warning, "A panel has no unit");
}

pub const CHECK: Check = Check {
    rule: &PANEL_UNITS,
    run: panel_units,
};

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
