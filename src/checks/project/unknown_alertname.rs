use super::common::{alerting_rules, applies};
use crate::checks::alertmanager::common::configs;
use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::{MatchOp, Matcher};
use crate::project::Project;
use std::collections::HashSet;

declare_rule! {
    /// A route or inhibit rule matches `alertname="X"`, and no alerting
    /// rule of the project is named `X`.
    ///
    /// Usually the alert was renamed or the name is misspelt; the route
    /// then never matches. Only checked when the project has alerting
    /// rules and an Alertmanager configuration; alerts from elsewhere
    /// (another Prometheus, Loki, an operator's bundled rules) make this
    /// finding expected, which the message says.
    pub static RULE = ("project/unknown-alertname", Warning, "A matcher names an alert no rule defines");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    if !applies(project) {
        return;
    }
    let rules = alerting_rules(project);
    let alerts: HashSet<&str> = rules
        .iter()
        .filter_map(|(_, r)| r.alert.as_ref().map(|a| a.value.as_str()))
        .collect();
    let mut names: Vec<&str> = alerts.iter().copied().collect();
    names.sort_unstable();
    for (i, cfg) in configs(project) {
        let routes = cfg.routes();
        let matchers: Vec<&Matcher> = routes
            .iter()
            .flat_map(|r| r.matchers.iter())
            .chain(
                cfg.inhibit_rules
                    .iter()
                    .flat_map(|r| r.source.iter().chain(&r.target)),
            )
            .filter(|m| m.name == "alertname" && m.op == MatchOp::Equal)
            .collect();
        for m in matchers {
            if alerts.contains(m.value.as_str()) {
                continue;
            }
            let help = match crate::suggest::closest(&m.value, &names) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "check the alert's name in the rules; if the alert comes from outside this repository, this is expected".into(),
            };
            sink.report(
                i,
                m.span,
                format!(
                    "no alerting rule in the checked files is named `{}`",
                    m.value
                ),
                Some(help),
            );
        }
    }
}
