use crate::checks::{declare_rule, Check, Sink};
use crate::model::shape::ShapeKind;
use crate::project::Project;

declare_rule! {
    /// A required field is missing: a group without `name`, a rule without
    /// `expr` (or with an empty one), a `PrometheusRule` manifest without
    /// `spec`.
    ///
    /// Prometheus rejects these ("field 'expr' must be set in rule",
    /// "Groupname must not be empty").
    pub static RULE = ("rules/missing-field", Error, "A required rule file field is missing");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::report_shape(project, sink, ShapeKind::MissingField);
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            if rule.expr.is_some() || rule.logql || !rule.is_mapping {
                continue;
            }
            let span = rule
                .expr_span
                .unwrap_or_else(|| crate::checks::first_line(&file.source.text, rule.span));
            let message = match rule.expr_span {
                Some(_) => "the rule's `expr` is empty",
                None => "the rule has no `expr`",
            };
            sink.report(
                i,
                span,
                message,
                Some("every rule needs a PromQL expression in `expr`".into()),
            );
        }
    }
}
