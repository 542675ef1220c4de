use super::{declare_rule, Check, Sink};
use crate::model::Project;

declare_rule! {
    /// A `rule_files` entry is an absolute path that does not exist here.
    ///
    /// Absolute paths usually name a location inside a container
    /// (`/etc/prometheus/alerts.yml` mounted from the repository), so
    /// promlint cannot check that the rules it loads are the ones in the
    /// repository. A path relative to prometheus.yml works both in the
    /// container and here (Prometheus resolves relative rule file paths
    /// against the folder of its configuration file).
    pub static RULE = ("prometheus/rule-file-absolute", Warning, "An absolute rule file path that does not exist here");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, config) in super::prometheus_issues::configs(project) {
        for g in &config.rule_files {
            let Ok(found) = &g.matches else { continue };
            if !found.is_empty() || !std::path::Path::new(&g.pattern.value).is_absolute() {
                continue;
            }
            sink.report(
                i,
                g.pattern.span,
                format!("rule file `{}` does not exist on this machine", g.pattern.value),
                Some("its rules cannot be checked; write the path relative to prometheus.yml so that it resolves both here and where Prometheus runs".into()),
            );
        }
    }
}
