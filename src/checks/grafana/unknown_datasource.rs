use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::suggest::closest;

declare_rule! {
    /// A dashboard names a datasource (by uid or name) that no datasource
    /// provisioning file of the project defines.
    ///
    /// Reported only when the project has datasource provisioning files:
    /// then these are the datasources a fresh Grafana has, and a panel
    /// naming another one shows "Datasource not found". Variables
    /// (`${datasource}`), the default datasource and the special
    /// `-- Mixed --`, `-- Grafana --`, `-- Dashboard --` are not reported.
    pub static RULE = ("grafana/unknown-datasource", Warning, "A dashboard uses a datasource no provisioning file defines");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    let provisioned: Vec<&str> = project
        .files
        .iter()
        .flat_map(|f| &f.grafana_provisioning)
        .flat_map(|p| &p.datasources)
        .flat_map(|d| [d.name.as_ref(), d.uid.as_ref()])
        .flatten()
        .map(|l| l.value.as_str())
        .collect();
    if provisioned.is_empty() {
        return;
    }
    for (i, file) in project.files.iter().enumerate() {
        for ds in file.dashboards.iter().flat_map(|d| &d.datasources) {
            let Some(name) = ds.concrete_name() else {
                continue;
            };
            if provisioned.contains(&name) {
                continue;
            }
            let help = match closest(name, &provisioned) {
                Some(c) => format!(
                    "did you mean `{c}`? The provisioned datasources are: {}",
                    provisioned.join(", ")
                ),
                None => format!(
                    "use one of the provisioned datasources ({}), or a datasource variable",
                    provisioned.join(", ")
                ),
            };
            sink.report(
                i,
                ds.value_span,
                format!("no provisioned datasource has the uid or name `{name}`"),
                Some(help),
            );
        }
    }
}
