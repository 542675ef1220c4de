use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::promql::ErrorKind;

declare_rule! {
    /// A PromQL expression parses but breaks Prometheus' type rules.
    ///
    /// For example: `rate` needs a range vector (`rate(x[5m])`, not
    /// `rate(x)`); a comparison between two scalars needs `bool`; `and`,
    /// `or` and `unless` only work between instant vectors; `group_left`
    /// and `group_right` need `on` or `ignoring`; a label cannot be both in
    /// `on(...)` and in `group_left(...)`; `topk` needs a scalar parameter
    /// and `count_values` a string. Prometheus rejects these when it loads
    /// the rule.
    pub static RULE = ("promql/type", Error, "A PromQL expression breaks the type rules");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::report_promql_errors(project, sink, ErrorKind::Type);
}
