use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A dashboard file holds the HTTP API envelope
    /// `{"dashboard": {...}, "overwrite": ...}` instead of the bare
    /// dashboard model.
    ///
    /// The envelope is what `POST /api/dashboards/db` takes. Grafana's file
    /// provisioning reads the bare model only: from an enveloped file it
    /// loads a dashboard with no title and no panels, or refuses it. Move
    /// the object under `"dashboard"` to the top level of the file and drop
    /// `overwrite`, `folderId`, `folderUid` and `message`. When a dashboard
    /// provider of the project reads the file, `grafana/not-provisionable`
    /// reports it as an error instead.
    pub static RULE = ("grafana/api-wrapper", Warning, "A dashboard is wrapped in the HTTP API envelope");
}

pub const CHECK: Check = Check { rule: &RULE, run };

pub(crate) const HELP: &str = "move the object under \"dashboard\" to the top level of the file and drop \"overwrite\", \"folderId\" and \"message\": file provisioning reads the bare dashboard model";

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let Some(w) = &d.wrapper else { continue };
            if !super::not_provisionable::providers_reading(project, &file.source.path).is_empty() {
                continue;
            }
            sink.report(
                i,
                w.key_span,
                "the dashboard is wrapped in the HTTP API envelope `{\"dashboard\": ...}`",
                Some(HELP.into()),
            );
        }
    }
}
