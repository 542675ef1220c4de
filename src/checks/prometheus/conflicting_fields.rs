use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// prometheus.yml sets fields that exclude each other: `password`
    /// and `password_file`, `credentials` and `credentials_file`,
    /// `bearer_token` and `bearer_token_file`, two authentication methods
    /// (`basic_auth`, `authorization`, `oauth2`, `sigv4`, …),
    /// `proxy_url` with `proxy_from_environment`.
    ///
    /// Prometheus refuses to load the configuration ("at most one of
    /// basic_auth, oauth2 & authorization must be configured").
    pub static RULE = ("prometheus/conflicting-fields", Error, "prometheus.yml sets fields that exclude each other");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::Conflict);
}
