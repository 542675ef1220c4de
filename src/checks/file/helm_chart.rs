use crate::checks::{declare_rule, Check, Sink};
use crate::model::FileKind;
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A Helm chart's templates are not checked: they are Go-template
    /// source that renders to YAML, not YAML.
    ///
    /// promlint says so once per chart, at its `Chart.yaml`. The chart's
    /// plain files (rule files under `files/` or `rules/`, dashboards as
    /// JSON) are checked as usual; its values files are not monitoring
    /// files. To check what the templates produce, render the chart and
    /// check the output: `helm template CHART --output-dir rendered` and
    /// `promlint check rendered`, or `helm template CHART | promlint
    /// check -` where reading from standard input is supported.
    pub static RULE = ("file/helm-chart", Info, "A Helm chart's templates are not checked");
}

pub const CHECK: Check = Check { rule: &RULE, run };

const HELP: &str = "render the chart and check the output: `helm template CHART --output-dir rendered && promlint check rendered` (or `helm template CHART | promlint check -`)";

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let message = match file.kind {
            FileKind::HelmChart if file.helm_chart.as_ref().is_some_and(|c| c.has_templates) => {
                "this Helm chart's `templates/` are Go templates, not YAML: promlint does not check them"
            }
            // A template named on purpose (walks skip them).
            FileKind::HelmTemplate => {
                "this file is a Helm chart template (Go template source, not YAML): promlint does not check it"
            }
            _ => continue,
        };
        let first = file.source.text.lines().next().map_or(0, str::len);
        sink.report(i, Span::new(0, first), message, Some(HELP.into()));
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::findings;

    const CHART: &str = "fixtures/classify/chart/Chart.yaml";

    #[test]
    fn fires_once_for_a_chart_with_templates() {
        let chart = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
        let f = findings("file/helm-chart", &[(CHART, chart)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "apiVersion: v2");
        assert!(f[0].1.contains("helm template"));
    }

    #[test]
    fn silent_for_a_chart_without_templates_and_other_files() {
        let chart = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
        // No `templates/` beside this one.
        let f = findings("file/helm-chart", &[("nowhere/Chart.yaml", chart)]);
        assert!(f.is_empty());
        let other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
        assert!(findings("file/helm-chart", &[("x/Chart.yml", other)]).is_empty());
    }
}
