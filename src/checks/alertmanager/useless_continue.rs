use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// `continue: true` on the last route of a list has no effect.
    ///
    /// `continue` lets an alert go on to the following sibling routes;
    /// after the last one there are none, and an alert that matched a
    /// child never falls back to its parent. Usually a route was meant to
    /// come after this one, or `continue` sits on the wrong route.
    pub static RULE = ("alertmanager/useless-continue", Warning, "`continue: true` on a last route does nothing");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        for parent in cfg.routes() {
            if let Some(span) = parent.routes.last().and_then(|r| r.continue_true) {
                sink.report(
                    i,
                    span,
                    "`continue: true` on the last route has no effect: no sibling route follows",
                    Some(
                        "remove it, or move it to the route after which matching should go on"
                            .into(),
                    ),
                );
            }
        }
    }
}
