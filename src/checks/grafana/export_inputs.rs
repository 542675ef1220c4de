use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A dashboard that a dashboard provider of the project reads was
    /// exported "for sharing externally": its datasources are `__inputs`
    /// placeholders such as `${DS_PROMETHEUS}`.
    ///
    /// Only the import dialog of the UI fills these in; file provisioning
    /// loads them literally and every panel shows "Datasource
    /// ${DS_PROMETHEUS} was not found". Replace them with the uid of a
    /// provisioned datasource, or with a datasource variable.
    pub static RULE = ("grafana/export-inputs", Warning, "A provisioned dashboard uses export placeholders for datasources");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            if d.inputs.is_empty() {
                continue;
            }
            let providers = super::not_provisionable::providers_reading(project, &file.source.path);
            if providers.is_empty() {
                continue;
            }
            for u in d.datasources.iter().flat_map(|ds| &ds.variables) {
                if d.variable(&u.name).is_some() || !d.inputs.iter().any(|x| x.value == u.name) {
                    continue;
                }
                sink.report(
                    i,
                    u.span,
                    format!("`{}` is an export placeholder that file provisioning does not fill", u.name),
                    Some("use the uid of a provisioned datasource here, or a datasource variable such as `${datasource}`".into()),
                );
            }
        }
    }
}
