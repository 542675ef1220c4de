use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// prometheus.yml has a field Prometheus does not know.
    ///
    /// Prometheus reads its configuration strictly and refuses to start
    /// ("field scrape_intervall not found in type config.ScrapeConfig").
    /// The field is usually misspelt or at the wrong level; the help line
    /// names the closest known field. The known fields are those of
    /// Prometheus 3.x, including every service discovery config.
    pub static RULE = ("prometheus/unknown-field", Error, "prometheus.yml has a field Prometheus does not know");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::UnknownField);
}
