use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A dashboard `uid` is longer than 40 characters or contains
    /// characters other than letters, digits, `-` and `_`.
    ///
    /// Grafana refuses such a dashboard ("uid too long", "invalid uid").
    pub static RULE = ("grafana/invalid-uid", Error, "A dashboard uid is too long or has invalid characters");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let Some(uid) = &d.uid else { continue };
            let v = &uid.value;
            let message = if v.chars().count() > 40 {
                format!(
                    "the uid is {} characters long; Grafana accepts at most 40",
                    v.chars().count()
                )
            } else if let Some(c) = v
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            {
                format!("the uid contains `{c}`; Grafana accepts only letters, digits, `-` and `_`")
            } else {
                continue;
            };
            sink.report(
                i,
                uid.span,
                message,
                Some("use up to 40 letters, digits, `-` and `_`".into()),
            );
        }
    }
}
