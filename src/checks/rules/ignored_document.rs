use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A rule file holds more than one YAML document (`---`), and
    /// Prometheus reads only the first: the groups of every later document
    /// are never loaded, without a word in Prometheus' logs.
    ///
    /// promlint still checks the later documents, so that they are ready
    /// when you move them into files of their own (or into the first
    /// document). Kubernetes `PrometheusRule` streams are not affected:
    /// each manifest is its own object there.
    pub static RULE = ("rules/ignored-document", Warning, "Prometheus ignores every document of a rule file after the first");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for span in &file.ignored_documents {
            sink.report(
                i,
                crate::checks::first_line(&file.source.text, *span),
                "Prometheus never loads this document: it reads only the first document of a rule file",
                Some("move these groups into the first document or into a rule file of their own".into()),
            );
        }
    }
}
