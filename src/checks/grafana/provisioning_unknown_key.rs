use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::provisioning::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A Grafana provisioning file has a key Grafana does not read: a typo
    /// (`isDefualt`), a key of another kind of provisioning file, or a key
    /// Grafana dropped (top-level `password`, `basicAuthPassword`: they
    /// belong in `secureJsonData`).
    ///
    /// Grafana ignores unknown keys without a word, so the setting silently
    /// has no effect.
    pub static RULE = ("grafana/provisioning-unknown-key", Warning, "A Grafana provisioning file has a key Grafana ignores");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::provisioning_invalid::report(project, sink, IssueKind::UnknownKey);
}
