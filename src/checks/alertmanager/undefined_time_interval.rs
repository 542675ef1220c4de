use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A route's `mute_time_intervals` or `active_time_intervals` names an
    /// interval that neither `time_intervals` nor `mute_time_intervals`
    /// defines. Alertmanager refuses the configuration ("undefined time
    /// interval \"x\" used in route").
    pub static RULE = ("alertmanager/undefined-time-interval", Error, "A route names a time interval that is not defined");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::UndefinedTimeInterval);
}
