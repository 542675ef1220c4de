use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::Mount;
use crate::project::Project;

declare_rule! {
    /// A `rule_files` entry is an absolute path that does not exist here.
    ///
    /// Absolute paths usually name a location inside a container
    /// (`/etc/prometheus/alerts.yml` mounted from the repository), so
    /// promlint cannot check that the rules it loads are the ones in the
    /// repository. A path relative to prometheus.yml works both in the
    /// container and here (Prometheus resolves relative rule file paths
    /// against the folder of its configuration file).
    ///
    /// A path that a docker-compose bind mount of the project maps to an
    /// existing file here (`./prometheus/alerts.yml:/etc/prometheus/alerts.yml`)
    /// is not reported: the rules it loads are known.
    pub static RULE = ("prometheus/rule-file-absolute", Warning, "An absolute rule file path that does not exist here");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let mounts: Vec<&Mount> = project
        .files
        .iter()
        .flat_map(|f| f.compose_mounts.iter())
        .collect();
    for (i, config) in super::issues::configs(project) {
        for g in &config.rule_files {
            let Ok(found) = &g.matches else { continue };
            if !found.is_empty()
                || !std::path::Path::new(&g.pattern.value).is_absolute()
                || mounted_here(&g.pattern.value, &mounts)
            {
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

/// Whether a bind mount maps the container path `path` to a file that
/// exists here.
fn mounted_here(path: &str, mounts: &[&Mount]) -> bool {
    mounts.iter().any(|m| {
        let container = m.container.trim_end_matches('/');
        let rest = if path == container {
            Some("")
        } else {
            path.strip_prefix(container)
                .and_then(|r| r.strip_prefix('/'))
        };
        rest.is_some_and(|rest| {
            let host = if rest.is_empty() {
                m.host.clone()
            } else {
                m.host.join(rest)
            };
            host.is_file()
        })
    })
}
