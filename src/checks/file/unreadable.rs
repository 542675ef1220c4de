use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A file could not be read: no permission, a broken link, or content
    /// that is not UTF-8 text.
    ///
    /// promlint goes on with the other files and reports this one, so that
    /// nothing is skipped without a word.
    pub static RULE = ("file/unreadable", Error, "A file could not be read");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for e in &project.unreadable {
        sink.report_path(
            &e.path,
            format!("cannot read the file: {}", e.message),
            Some(
                "promlint reads UTF-8 text files; check the file's permissions and encoding".into(),
            ),
        );
    }
}
