use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use std::collections::HashSet;

declare_rule! {
    /// A receiver that routes use has no integration: alerts sent to it
    /// are dropped.
    ///
    /// A receiver without any `*_configs` is the usual way to silence
    /// alerts on purpose (a "null" receiver for `Watchdog`). Such
    /// receivers are recognised by their name (`null`, `blackhole`,
    /// `devnull`, `dev-null`, `noop`, `none`, `nowhere`, `discard`,
    /// `drop`, `silence`, `ignore`, `void`, names containing `null` or
    /// `blackhole`) and not reported. Any other receiver without
    /// integrations is reported, because alerts routed to it reach
    /// nobody. Unused receivers are reported by
    /// `alertmanager/unused-receiver` instead.
    pub static RULE = ("alertmanager/empty-receiver", Warning, "A used receiver has no integration");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let used: HashSet<&str> = cfg
            .routes()
            .iter()
            .filter_map(|r| r.receiver.as_ref().map(|s| s.value.as_str()))
            .collect();
        for r in &cfg.receivers {
            let name = r.name.value.as_str();
            if r.integrations.is_empty() && used.contains(name) && !is_deliberate_null(name) {
                sink.report(
                    i,
                    r.name.span,
                    format!("receiver `{name}` has no integration: alerts routed to it notify nobody"),
                    Some("add an integration (`slack_configs`, `email_configs`, ...), or name it `null` if dropping the alerts is intended".into()),
                );
            }
        }
    }
}

fn is_deliberate_null(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const NAMES: &[&str] = &[
        "noop", "none", "nowhere", "discard", "drop", "silence", "silent", "ignore", "void",
        "devnull", "dev-null", "dev_null", "nil", "empty", "sink",
    ];
    n.contains("null")
        || n.contains("blackhole")
        || n.contains("black-hole")
        || NAMES.contains(&n.as_str())
}
