use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::promql::ErrorKind;

declare_rule! {
    /// A PromQL expression does not parse.
    ///
    /// Prometheus rejects the rule file (or the query). The finding points
    /// at the character where the expression stops making sense, also
    /// inside a multi-line `expr: |` block: an unbalanced parenthesis, a
    /// missing operand, a bad duration (`[5]`, `[1.5m]`), an unknown
    /// function, a selector without a metric name or non-empty matcher
    /// (`{job=~".*"}`), a string with an invalid escape.
    pub static RULE = ("promql/syntax", Error, "A PromQL expression does not parse");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::report_promql_errors(project, sink, ErrorKind::Syntax);
}
