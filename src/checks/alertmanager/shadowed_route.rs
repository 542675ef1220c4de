use super::common::{configs, implies};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// A route can never be reached: an earlier sibling without `continue`
    /// matches every alert it would match.
    ///
    /// Alertmanager tries child routes in order and stops at the first
    /// one that matches unless it has `continue: true`. A sibling with no
    /// matchers, or with matchers that every alert of the later route
    /// satisfies (`severity="critical"` before `severity="critical",
    /// team="db"`), catches those alerts first. Move the narrower route
    /// up, or set `continue: true` on the wider one.
    pub static RULE = ("alertmanager/shadowed-route", Warning, "A route is shadowed by an earlier sibling");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in configs(project) {
        let file = &project.files[i];
        for parent in cfg.routes() {
            for (j, later) in parent.routes.iter().enumerate() {
                let shadow = parent.routes[..j].iter().find(|earlier| {
                    earlier.continue_true.is_none() && implies(&later.matchers, &earlier.matchers)
                });
                let Some(earlier) = shadow else { continue };
                let line = file.source.line_col(earlier.span.start).line;
                let why = if earlier.matchers.is_empty() {
                    "has no matchers, so it takes every alert".to_string()
                } else {
                    let ms: Vec<String> = earlier.matchers.iter().map(|m| m.display()).collect();
                    format!("matches every alert this one matches ({})", ms.join(", "))
                };
                sink.report(
                    i,
                    crate::checks::first_line(&file.source.text, later.span),
                    format!("this route is never reached: the sibling route on line {line} {why} and has no `continue`"),
                    Some("put the narrower route first, or set `continue: true` on the earlier one".into()),
                );
            }
        }
    }
}
