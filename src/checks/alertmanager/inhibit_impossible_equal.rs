use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::{MatchOp, Matcher};
use crate::project::Project;

declare_rule! {
    /// An inhibit rule's `equal` names a label that source and target
    /// matchers fix to different values, so the rule never applies.
    ///
    /// `equal` requires the source and the target alert to have the same
    /// value for each listed label. When the source matchers demand
    /// `severity="critical"` and the target matchers `severity="warning"`,
    /// listing `severity` in `equal` makes the rule impossible. Remove the
    /// label from `equal`.
    pub static RULE = ("alertmanager/inhibit-impossible-equal", Warning, "An inhibit rule's `equal` can never hold");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn fixed<'m>(ms: &'m [Matcher], label: &str) -> Option<&'m str> {
    ms.iter()
        .find(|m| m.name == label && m.op == MatchOp::Equal)
        .map(|m| m.value.as_str())
}

fn run(project: &Project, sink: &mut Sink) {
    for (i, cfg) in super::common::configs(project) {
        for rule in &cfg.inhibit_rules {
            for l in &rule.equal {
                let (Some(s), Some(t)) =
                    (fixed(&rule.source, &l.value), fixed(&rule.target, &l.value))
                else {
                    continue;
                };
                if s != t {
                    sink.report(
                        i,
                        l.span,
                        format!(
                            "`{}` is in `equal`, but source alerts have {}={s:?} and target alerts {}={t:?}: the rule never applies",
                            l.value, l.value, l.value
                        ),
                        Some(format!("remove `{}` from `equal`", l.value)),
                    );
                }
            }
        }
    }
}
