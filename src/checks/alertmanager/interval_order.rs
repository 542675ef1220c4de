use super::common::{configs, with_timings};
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::syntax::duration::format;

declare_rule! {
    /// A route's timings are out of order: `repeat_interval` shorter than
    /// `group_interval`, or `group_wait` longer than `group_interval`.
    ///
    /// Alertmanager checks `repeat_interval` only at each
    /// `group_interval` tick, so a shorter `repeat_interval` is rounded up
    /// and does not do what it says. A `group_wait` longer than
    /// `group_interval` delays the first notification of a group beyond
    /// the updates that follow. Values are inherited from parent routes
    /// (defaults 30s, 5m, 4h); the finding points at the value written.
    pub static RULE = ("alertmanager/interval-order", Warning, "Route timings are out of order");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in configs(project) {
        let Some(root) = &cfg.route else { continue };
        let mut out = Vec::new();
        with_timings(root, |r, t| {
            if t.repeat_interval < t.group_interval {
                if let Some(at) = r.repeat_interval.or(r.group_interval) {
                    out.push((
                        at.span,
                        format!(
                            "`repeat_interval` ({}) is shorter than `group_interval` ({}): notifications repeat every {} at most",
                            format(t.repeat_interval),
                            format(t.group_interval),
                            format(t.group_interval)
                        ),
                        "make `repeat_interval` a multiple of `group_interval`, e.g. 4h with 5m",
                    ));
                }
            }
            if t.group_wait > t.group_interval {
                if let Some(at) = r.group_wait.or(r.group_interval) {
                    out.push((
                        at.span,
                        format!(
                            "`group_wait` ({}) is longer than `group_interval` ({})",
                            format(t.group_wait),
                            format(t.group_interval)
                        ),
                        "keep `group_wait` short (seconds) and `group_interval` longer (minutes)",
                    ));
                }
            }
        });
        for (span, msg, help) in out {
            sink.report(i, span, msg, Some(help.into()));
        }
    }
}
