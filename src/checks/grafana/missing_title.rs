use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A dashboard has no `title` (or an empty one).
    ///
    /// Grafana refuses to save or provision a dashboard without a title
    /// ("Dashboard title cannot be empty").
    pub static RULE = ("grafana/missing-title", Error, "A dashboard has no title");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let span = match &d.title {
                Some(t) if t.value.trim().is_empty() => t.span,
                Some(_) => continue,
                None => Span::new(d.span.start, d.span.start + 1),
            };
            sink.report(
                i,
                span,
                "the dashboard has no title",
                Some("add `\"title\": \"...\"` to the dashboard object: Grafana refuses dashboards without one".into()),
            );
        }
    }
}
