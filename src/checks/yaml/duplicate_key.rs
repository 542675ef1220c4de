use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::syntax::yaml::LoadErrorKind;

declare_rule! {
    /// A mapping has the same key twice.
    ///
    /// Prometheus and Alertmanager reject such files ("mapping key already
    /// defined"); other YAML readers silently keep the last value, so the
    /// first one is ignored without a word. Remove or rename one of them.
    pub static RULE = ("yaml/duplicate-key", Error, "A mapping has the same key twice");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for e in &file.load_errors {
            if let LoadErrorKind::DuplicateKey { first } = e.kind {
                let at = file.source.line_col(first.start);
                sink.report(
                    i,
                    e.span,
                    e.message.clone(),
                    Some(format!(
                        "the first one is at line {}, column {}: remove or rename one of them",
                        at.line, at.column
                    )),
                );
            }
        }
    }
}
