use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::provisioning::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A value under a provisioned datasource's `secureJsonData` (a
    /// password, token or key) is written in the file.
    ///
    /// Grafana encrypts these in its database, but the provisioning file
    /// sits in the repository in plain text. Grafana expands `$__env{VAR}`,
    /// `${VAR}` and `$__file{path}` in provisioning files: keep the secret
    /// in the environment or in a mounted secret file.
    pub static RULE = ("grafana/plaintext-secret", Warning, "A provisioned datasource secret is written in plain text");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::provisioning_invalid::report(project, sink, IssueKind::PlaintextSecret);
}
