use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashMap;

declare_rule! {
    /// Two groups in one file have the same name.
    ///
    /// Prometheus rejects the file ("groupname is repeated in the same
    /// file"): groups are identified by file and name.
    pub static RULE = ("rules/duplicate-group", Error, "Two groups in one file have the same name");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        let mut seen = HashMap::new();
        for name in file.groups.iter().filter_map(|g| g.name.as_ref()) {
            if let Some(first) = seen.insert(name.value.as_str(), name.span) {
                let at = file.source.line_col(first.start);
                sink.report(
                    i,
                    name.span,
                    format!("the group name `{}` is used twice in this file", name.value),
                    Some(format!(
                        "the first group with this name is at line {}; rename one of them",
                        at.line
                    )),
                );
            }
        }
    }
}
