use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A field Alertmanager requires is missing: the root `route` or its
    /// `receiver`, a receiver's `name`, an integration's destination or
    /// credential (`to` of an email config, `routing_key` or `service_key` of
    /// PagerDuty, `url` of a webhook, an SMTP smarthost neither set in the
    /// email config nor in `global`, ...). Alertmanager refuses to load the
    /// configuration.
    pub static RULE = ("alertmanager/missing-field", Error, "A required Alertmanager field is missing");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::MissingField);
}
