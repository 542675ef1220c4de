use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A route sends alerts to a receiver that no entry of `receivers`
    /// defines. Alertmanager refuses the configuration ("undefined receiver
    /// \"x\" used in route"). The help line suggests the closest defined
    /// name. In a Prometheus Operator `AlertmanagerConfig` resource, a
    /// route's `receiver` must name one of the resource's own `receivers`,
    /// and the top route must name one; the operator rejects the resource
    /// otherwise.
    pub static RULE = ("alertmanager/undefined-receiver", Error, "A route names a receiver that is not defined");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::UndefinedReceiver);
    for (i, file) in project.files.iter().enumerate() {
        for issue in &file.operator_alertmanager_issues {
            if issue.kind == IssueKind::UndefinedReceiver {
                sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
            }
        }
    }
}
