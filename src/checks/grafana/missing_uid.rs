use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A dashboard has no `uid`.
    ///
    /// Grafana then makes one up when it loads the dashboard: its URL
    /// changes whenever the dashboard is provisioned anew (links and
    /// bookmarks break), and another copy of the file makes a second
    /// dashboard instead of updating the first. Set a stable `uid` (up to
    /// 40 letters, digits, `-` and `_`).
    pub static RULE = ("grafana/missing-uid", Warning, "A dashboard has no uid");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, file) in project.files.iter().enumerate() {
        for d in &file.dashboards {
            let span = match &d.uid {
                Some(u) if u.value.is_empty() => u.span,
                Some(_) => continue,
                None => Span::new(d.span.start, d.span.start + 1),
            };
            sink.report(
                i,
                span,
                "the dashboard has no uid",
                Some("add a stable `\"uid\"` (up to 40 letters, digits, `-` and `_`) so its URL survives re-provisioning".into()),
            );
        }
    }
}
