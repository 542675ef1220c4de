use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A panel of a type that shows query results (`timeseries`, `stat`,
    /// `gauge`, `bargauge`, `table`, `heatmap`, `piechart`, `barchart`,
    /// `histogram`, `state-timeline`, `status-history`, and the deprecated
    /// `graph`, `singlestat`, `table-old`) has no `targets` or an empty list.
    ///
    /// Such a panel shows "No data". Panels that reference a library panel
    /// (their queries live in the library) are not reported.
    pub static RULE = ("grafana/panel-no-targets", Warning, "A panel that shows data has no queries");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// Panel types whose content comes from queries.
pub(crate) fn needs_queries(kind: &str) -> bool {
    matches!(
        kind,
        "timeseries"
            | "stat"
            | "gauge"
            | "bargauge"
            | "table"
            | "heatmap"
            | "piechart"
            | "barchart"
            | "histogram"
            | "state-timeline"
            | "status-history"
            | "graph"
            | "singlestat"
            | "table-old"
    )
}

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for p in file.dashboards.iter().flat_map(|d| &d.panels) {
            let Some(kind) = &p.kind else { continue };
            if p.library_panel || !needs_queries(&kind.value) {
                continue;
            }
            let (span, what) = match p.targets {
                Some((_, n)) if n > 0 => continue,
                Some((span, _)) => (span, "an empty `targets` list"),
                None => (kind.span, "no `targets`"),
            };
            let title = p.title.as_deref().unwrap_or("");
            sink.report(
                i,
                span,
                format!("the {} panel `{title}` has {what}", kind.value),
                Some("add a query to `targets` (or remove the panel): it shows no data".into()),
            );
        }
    }
}
