use crate::checks::{declare_rule, Check, Sink};
use crate::model::FileKind;
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A file named on the command line is of no kind promlint checks, so
    /// it was not checked.
    ///
    /// promlint recognises files by content: rule files have a top-level
    /// `groups:` list of rule groups, Kubernetes manifests `kind:
    /// PrometheusRule`, dashboards are JSON with panels, `.promql` files
    /// hold expressions; a name only breaks ties between kinds the content
    /// allows. Files of other languages (Jsonnet, Go templates) are not
    /// read: check what they render to. A file that a prometheus.yml's
    /// `rule_files` names is read as a rule file whatever its name.
    pub static RULE = ("file/unrecognized", Info, "A named file is of no kind promlint checks");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        if file.kind == FileKind::Unrecognized {
            let first = file.source.text.lines().next().map_or(0, str::len);
            sink.report(
                i,
                Span::new(0, first),
                "promlint does not know what kind of file this is, so it was not checked",
                Some("rule files start with `groups:` (a list of groups with `rules:`); for Jsonnet or templates, check the rendered output".into()),
            );
        }
    }
}
