use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::provider_reads;
use crate::project::Project;
use std::path::Path;

declare_rule! {
    /// A dashboard in the HTTP API envelope `{"dashboard": {...}}` sits
    /// where a dashboard provider of the project reads dashboards.
    ///
    /// File provisioning reads the bare dashboard model only, so this file
    /// does not load as the dashboard it holds.
    ///
    /// Which files a provider reads: its `options.path` is a path inside
    /// Grafana's container. When a docker-compose bind mount of the project
    /// covers that path, the provider reads the files under the mounted
    /// host folder; otherwise a file counts as read when the last component
    /// of `options.path` names a folder the file is in (or the file itself,
    /// for a path to one file).
    pub static RULE = ("grafana/not-provisionable", Error, "A provisioned dashboard file is not loadable by file provisioning");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// The names (or paths) of the file providers of the project that read
/// the dashboard file at `path`.
pub(crate) fn providers_reading(project: &Project, path: &Path) -> Vec<String> {
    let mounts: Vec<_> = project
        .files
        .iter()
        .flat_map(|f| f.compose_mounts.iter().cloned())
        .collect();
    let mut out = Vec::new();
    for f in &project.files {
        for p in f.grafana_provisioning.iter().flat_map(|p| &p.providers) {
            let Some(dir) = &p.path else { continue };
            if provider_reads(&dir.value, path, &mounts) {
                out.push(
                    p.name
                        .as_ref()
                        .map_or_else(|| dir.value.clone(), |n| n.value.clone()),
                );
            }
        }
    }
    out
}

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let Some(w) = &d.wrapper else { continue };
            let providers = providers_reading(project, &file.source.path);
            let Some(first) = providers.first() else {
                continue;
            };
            sink.report(
                i,
                w.key_span,
                format!(
                    "not loadable by file provisioning: the dashboard provider `{first}` reads this file, but it is wrapped in the HTTP API envelope"
                ),
                Some(super::api_wrapper::HELP.into()),
            );
        }
    }
}
