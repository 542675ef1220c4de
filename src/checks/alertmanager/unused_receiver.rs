use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashSet;

declare_rule! {
    /// A receiver that no route sends alerts to.
    ///
    /// Alertmanager accepts it, but it never notifies anyone: a route
    /// that should use it is missing, or it is left over. Receivers are
    /// only reached through `receiver:` of the routing tree.
    pub static RULE = ("alertmanager/unused-receiver", Warning, "A receiver is never used by any route");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        if cfg.route.is_none() {
            continue;
        }
        let used: HashSet<&str> = cfg
            .routes()
            .iter()
            .filter_map(|r| r.receiver.as_ref().map(|s| s.value.as_str()))
            .collect();
        for r in &cfg.receivers {
            if !r.name.value.is_empty() && !used.contains(r.name.value.as_str()) {
                sink.report(
                    i,
                    r.name.span,
                    format!("receiver `{}` is not used by any route", r.name.value),
                    Some("route alerts to it with `receiver:` in a route, or remove it".into()),
                );
            }
        }
    }
}
