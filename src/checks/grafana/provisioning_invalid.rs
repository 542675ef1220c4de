use crate::checks::{declare_rule, Check, Sink};
use crate::grafana::provisioning::IssueKind;
use crate::project::Project;

declare_rule! {
    /// A Grafana provisioning file has something Grafana refuses: a value of
    /// the wrong type (`isDefault: yes`), a datasource without `name` or
    /// `type`, an `access` other than `proxy` or `direct`, two default
    /// datasources in one organisation, a file provider without
    /// `options.path`, or `folder`/`folderUid` together with
    /// `foldersFromFilesStructure`.
    pub static RULE = ("grafana/provisioning-invalid", Error, "A Grafana provisioning file is invalid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    report(project, sink, IssueKind::Invalid);
}

pub(crate) fn report(project: &Project, sink: &mut Sink, kind: IssueKind) {
    for (i, file) in project.files.iter().enumerate() {
        for issue in file
            .grafana_provisioning
            .iter()
            .flat_map(|p| &p.issues)
            .filter(|x| x.kind == kind)
        {
            sink.report(i, issue.span, issue.message.clone(), issue.help.clone());
        }
    }
}
