use crate::checks::{declare_rule, Check, Sink};
use crate::config::prometheus::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A prometheus.yml value is not one Prometheus accepts: a malformed
    /// duration (`30` without a unit, `1.5h`) or size (`512` without a
    /// unit), an unknown enum value (scrape protocol, TLS version,
    /// Kubernetes role, DNS record type), a regex that does not compile
    /// with RE2 semantics, an invalid label name, a static target written
    /// as a URL (`http://host:9100/metrics`), a rule file path with a `*`
    /// before the last segment, a reserved remote-write header.
    ///
    /// Prometheus refuses to load the configuration.
    pub static RULE = ("prometheus/invalid-value", Error, "A prometheus.yml value is not one Prometheus accepts");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    super::issues::report(project, sink, IssueKind::InvalidValue);
}
