use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::IssueKind;
use crate::project::Project;

declare_rule! {
    /// An Alertmanager configuration has a field Alertmanager does not know.
    ///
    /// Alertmanager reads its configuration strictly and refuses to load it
    /// ("field X not found in type config.plain"); usually the field is
    /// misspelt (`recievers`) or at the wrong level (`group_wait` under a
    /// receiver). The help line names the closest known field. Fields follow
    /// the current Alertmanager release, integrations included (Discord,
    /// MS Teams v1/v2, Jira, Rocket.Chat, incident.io, Mattermost, ...).
    pub static RULE = ("alertmanager/unknown-field", Error, "A field Alertmanager does not know");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::common::report_issues(project, sink, IssueKind::UnknownField);
}
