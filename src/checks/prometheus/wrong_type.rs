use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A prometheus.yml value has the wrong YAML type: a list where a
    /// mapping belongs, a quoted `"true"` for a boolean, a negative or
    /// quoted number for a limit.
    ///
    /// Prometheus refuses such files ("cannot unmarshal !!str `true` into
    /// bool").
    pub static RULE = ("prometheus/wrong-type", Error, "A prometheus.yml value has the wrong YAML type");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::WrongType);
}
