//! (Opt-in.) `grafana/panel-description`: one of the dashboard conventions of
//! grafana's dashboard-linter; see `super::conventions`.

use super::conventions::dashboards;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// (Opt-in.) A panel has no title or no description. Counterpart of
    /// dashboard-linter's `panel-title-description-rule`.
    pub static PANEL_DESCRIPTION = ("grafana/panel-description", Warning, "A panel has no title or description");
}

pub const CHECK: Check = Check {
    rule: &PANEL_DESCRIPTION,
    run: panel_description,
};

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
