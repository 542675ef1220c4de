use crate::checks::{declare_rule, Check, Sink};
use crate::model::FileKind;
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A file named on the command line is of no kind promlint checks, so
    /// it was not checked.
    ///
    /// promlint recognises files by content: rule files have a top-level
    /// `groups:`, Kubernetes manifests `kind: PrometheusRule`, `.promql`
    /// files hold expressions. A YAML file whose path mentions "rule" is
    /// read as a rule file whatever it holds. If this file is meant to be
    /// a rule file, its top level is probably misspelt (`group:`).
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
                Some("rule files start with `groups:`; name the file `*.rules.yml` to have it read as rules".into()),
            );
        }
    }
}
