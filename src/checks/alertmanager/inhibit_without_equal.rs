use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;

declare_rule! {
    /// An inhibit rule has no `equal` labels.
    ///
    /// Without `equal`, any source alert mutes every matching target
    /// alert everywhere: one critical alert in one cluster silences the
    /// warnings of all clusters. List the labels that tie a source alert
    /// to the alerts it should mute (`equal: [alertname, cluster]`).
    pub static RULE = ("alertmanager/inhibit-without-equal", Warning, "An inhibit rule has no `equal` labels");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        let text = &project.files[i].source.text;
        for rule in &cfg.inhibit_rules {
            if rule.equal.is_empty() {
                let span = rule
                    .equal_span
                    .unwrap_or_else(|| crate::checks::first_line(text, rule.span));
                sink.report(
                    i,
                    span,
                    "inhibit rule without `equal`: any source alert mutes matching target alerts everywhere",
                    Some("add `equal:` with the labels source and target must share, e.g. `equal: [alertname, cluster]`".into()),
                );
            }
        }
    }
}
