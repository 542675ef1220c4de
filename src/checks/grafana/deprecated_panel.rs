use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::dashboard::Renderer;
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
    ///
    /// Not reported for OpenShift console dashboards (`ConfigMap`s labelled
    /// `console.openshift.io/dashboard`): the console has its own renderer,
    /// which supports the old panel types and not all of the new ones.
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
        let grafana = file
            .dashboards
            .iter()
            .filter(|d| d.renderer == Renderer::Grafana);
        for panel in grafana.flat_map(|d| &d.panels) {
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

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    /// A `ConfigMap` holding one dashboard with a `graph` panel whose
    /// variable runs `label_values` on an expression.
    fn configmap(labels: &str) -> String {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n{labels}data:\n  d.json: |\n    {{\"title\": \"t\", \"uid\": \"u\", \"panels\": [{{\"type\": \"graph\", \"targets\": [{{\"expr\": \"up\"}}]}}], \"templating\": {{\"list\": [{{\"name\": \"n\", \"type\": \"query\", \"query\": \"label_values(a * on (node) group_right b, node)\"}}]}}}}\n"
        )
    }

    #[test]
    fn fires_on_grafana_dashboards() {
        let f = findings("grafana/deprecated-panel", &[("m.yaml", &configmap(""))]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "\"graph\"");
    }

    #[test]
    fn silent_on_openshift_console_dashboards() {
        let labels = "  labels:\n    console.openshift.io/dashboard: \"true\"\n";
        let text = configmap(labels);
        assert!(findings("grafana/deprecated-panel", &[("m.yaml", &text)]).is_empty());
        assert!(findings("grafana/variable-query", &[("m.yaml", &text)]).is_empty());
        // The same variable in a Grafana dashboard is reported.
        let grafana = findings("grafana/variable-query", &[("m.yaml", &configmap(""))]);
        assert_eq!(grafana.len(), 1, "{grafana:?}");
    }
}
