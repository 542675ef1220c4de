use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// Two scrape configs have the same `job_name` (or two remote write
    /// or remote read configs the same `name`).
    ///
    /// Prometheus refuses to load the configuration ("found multiple
    /// scrape configs with job name"). Job names become the `job` label:
    /// rename one of them.
    pub static RULE = ("prometheus/duplicate-name", Error, "Two scrape configs have the same job name");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::Duplicate);
}
