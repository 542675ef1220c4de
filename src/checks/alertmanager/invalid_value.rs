use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A value Alertmanager rejects: a duration that is not a Prometheus
    /// duration, a URL without `http(s)://` or host, an SMTP smarthost
    /// without port, an invalid label name in `group_by`/`equal`/`match`,
    /// both a secret and its `*_file` form set, `continue` or matchers on the
    /// root route, a zero `group_interval`, time interval fields out of range
    /// (`25:00`, `funday`), an unknown time zone.
    pub static RULE = ("alertmanager/invalid-value", Error, "A value in an Alertmanager configuration is invalid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::InvalidValue);
}
