use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A panel uses a panel type Grafana deprecated: the Angular panels
    /// `graph` (use `timeseries`, or `barchart`/`histogram`), `singlestat`
    /// and `grafana-singlestat-panel` (use `stat` or `gauge`), `table-old`
    /// (use `table`), `grafana-piechart-panel` (use `piechart`),
    /// `grafana-worldmap-panel` (use `geomap`), `natel-discrete-panel` (use
    /// `state-timeline`), `flant-statusmap-panel` (use `status-history`).
    ///
    /// Grafana 11 turned Angular support off: these panels are migrated on
    /// load when Grafana can, and otherwise show an error instead of data.
    pub static RULE = ("grafana/deprecated-panel", Warning, "A panel uses a deprecated panel type");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// The replacement of a deprecated panel type.
fn replacement(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "graph" => "timeseries",
        "singlestat" | "grafana-singlestat-panel" => "stat",
        "table-old" => "table",
        "grafana-piechart-panel" => "piechart",
        "grafana-worldmap-panel" => "geomap",
        "natel-discrete-panel" => "state-timeline",
        "flant-statusmap-panel" => "status-history",
        _ => return None,
    })
}

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for panel in file.dashboards.iter().flat_map(|d| &d.panels) {
            let Some(kind) = &panel.kind else { continue };
            let Some(new) = replacement(&kind.value) else {
                continue;
            };
            sink.report(
                i,
                kind.span,
                format!("the panel type `{}` is deprecated", kind.value),
                Some(format!(
                    "use `\"type\": \"{new}\"` (Grafana no longer runs Angular panels; the options of the new panel type differ, so check the panel after changing it)"
                )),
            );
        }
    }
}
