use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// Two receivers share a name ("notification config name \"x\" is not
    /// unique"), or two time intervals do (also across `time_intervals` and
    /// the deprecated `mute_time_intervals`). Alertmanager refuses the
    /// configuration.
    pub static RULE = ("alertmanager/duplicate-name", Error, "Two receivers or time intervals have the same name");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::DuplicateName);
}
