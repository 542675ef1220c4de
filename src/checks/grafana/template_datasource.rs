//! (Opt-in.) `grafana/template-datasource`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::{dashboards, start};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// (Opt-in.) The dashboard has no datasource variable (`"type":
    /// "datasource"`), so it cannot be pointed at another Prometheus
    /// without editing every panel. Counterpart of dashboard-linter's
    /// `template-datasource-rule`.
    pub static TEMPLATE_DATASOURCE = ("grafana/template-datasource", Warning, "A dashboard has no datasource variable");
}

pub const CHECK: Check = Check {
    rule: &TEMPLATE_DATASOURCE,
    run: template_datasource,
};

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
