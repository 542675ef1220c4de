use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::dashboard::{Origin, Renderer};
use crate::project::Project;
use crate::promql::ast::ExprKind;
use crate::source::Span;

declare_rule! {
    /// A Prometheus query variable's query is not what Grafana can run:
    /// the selector of `label_values(selector, label)` or
    /// `label_names(selector)`, or a query that is none of Grafana's
    /// functions (Grafana sends it as a series selector), is an expression
    /// rather than a series selector; or the last argument of
    /// `label_values` is not a label name.
    ///
    /// Prometheus answers such a request with an error and the variable
    /// has no values. Wrap expressions in `query_result(...)`.
    ///
    /// Not reported for OpenShift console dashboards (`ConfigMap`s labelled
    /// `console.openshift.io/dashboard`): the console runs variable queries
    /// itself and accepts expressions in `label_values`.
    pub static RULE = ("grafana/variable-query", Error, "A query variable's query is not one Grafana can run");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in file
            .dashboards
            .iter()
            .filter(|d| d.renderer == Renderer::Grafana)
        {
            for v in &d.variables {
                if let Some(span) = v.bad_label {
                    sink.report(
                        i,
                        span,
                        "the last argument of `label_values` must be a label name",
                        Some("write `label_values(selector, label)` or `label_values(label)` with a label name such as `job`".into()),
                    );
                }
            }
            for q in &d.queries {
                if !matches!(q.origin, Origin::Variable { selector: true, .. }) {
                    continue;
                }
                let Some(expr) = q.query.expr() else { continue };
                if matches!(expr.kind, ExprKind::Vector(_)) {
                    continue;
                }
                sink.report(
                    i,
                    q.query.to_file(Span::new(0, q.query.text.len())),
                    "Grafana sends this to Prometheus as a series selector, but it is an expression",
                    Some("use a selector such as `up{job=\"x\"}` here, or wrap the expression: `query_result(...)`".into()),
                );
            }
        }
    }
}
