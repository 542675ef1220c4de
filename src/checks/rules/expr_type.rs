use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::promql::{typecheck::type_of, ValueType};

declare_rule! {
    /// A rule's expression does not give an instant vector or a scalar.
    ///
    /// Prometheus loads such a rule but fails at every evaluation ("rule
    /// result is not a vector or scalar"): a recording rule records
    /// nothing and an alert never fires. Usually a range selector is left
    /// without a function (`http_requests_total[5m]` instead of
    /// `rate(http_requests_total[5m])`), or the expression is a string.
    /// `promtool check rules` does not catch this.
    pub static RULE = ("rules/expr-type", Warning, "A rule expression is not an instant vector or scalar");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for rule in file.groups.iter().flat_map(|g| g.rules.iter()) {
            let Some(query) = &rule.expr else { continue };
            let Some(expr) = query.expr() else { continue };
            let ty = type_of(expr);
            if matches!(ty, ValueType::Matrix | ValueType::String) {
                let help = match ty {
                    ValueType::Matrix => {
                        "apply a function to the range, e.g. `rate(...)` or `max_over_time(...)`"
                    }
                    _ => "a rule must compute series, not a string",
                };
                sink.report(
                    i,
                    query.to_file(expr.span),
                    format!("a rule expression must give an instant vector or a scalar, this gives a {}", ty.name()),
                    Some(help.into()),
                );
            }
        }
    }
}
