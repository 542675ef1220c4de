//! (Opt-in.) `grafana/template-refresh`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::dashboards;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// (Opt-in.) A query variable is not refreshed when the time range
    /// changes (`"refresh": 2`), so its values can be stale. Counterpart of
    /// dashboard-linter's `template-on-time-change-reload-rule`.
    pub static TEMPLATE_REFRESH = ("grafana/template-refresh", Warning, "A query variable is not refreshed on time range change");
}

pub const CHECK: Check = Check {
    rule: &TEMPLATE_REFRESH,
    run: template_refresh,
};

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
