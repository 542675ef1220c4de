use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A required prometheus.yml field is missing or empty: `job_name`,
    /// the `url` of a remote write or read, the `role` of a Kubernetes SD
    /// config, the `names` of a DNS SD config (and its `port` for record
    /// types other than SRV), the `files` of a file SD config, an
    /// empty `- ` item in a list of configs, and the like.
    ///
    /// Prometheus refuses to load the configuration.
    pub static RULE = ("prometheus/missing-field", Error, "A required prometheus.yml field is missing");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::MissingField);
}
