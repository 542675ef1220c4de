use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashSet;

declare_rule! {
    /// A time interval that no route uses in `mute_time_intervals` or
    /// `active_time_intervals`.
    ///
    /// Alertmanager accepts it, but it mutes or activates nothing: the
    /// route that should refer to it is missing, or the interval is left
    /// over.
    pub static RULE = ("alertmanager/unused-time-interval", Warning, "A time interval is never used");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        if cfg.route.is_none() {
            continue;
        }
        let routes = cfg.routes();
        let used: HashSet<&str> = routes
            .iter()
            .flat_map(|r| r.mute_time_intervals.iter().chain(&r.active_time_intervals))
            .map(|s| s.value.as_str())
            .collect();
        for t in &cfg.time_intervals {
            if !used.contains(t.value.as_str()) {
                sink.report(
                    i,
                    t.span,
                    format!("time interval `{}` is not used by any route", t.value),
                    Some("refer to it in a route's `mute_time_intervals` or `active_time_intervals`, or remove it".into()),
                );
            }
        }
    }
}
