use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A route sends alerts to a receiver that no entry of `receivers`
    /// defines. Alertmanager refuses the configuration ("undefined receiver
    /// \"x\" used in route"). The help line suggests the closest defined
    /// name.
    pub static RULE = ("alertmanager/undefined-receiver", Error, "A route names a receiver that is not defined");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::UndefinedReceiver);
}
