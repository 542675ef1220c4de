use super::common::{applies, has_prometheus_config, possible_labels};
use crate::checks::alertmanager::common::configs;
use crate::checks::{declare_rule, Check, Sink};
use crate::project::Project;
use crate::source::Span;

declare_rule! {
    /// A route, inhibit rule or `group_by` uses a label that no alert of
    /// the project can carry.
    ///
    /// The label is set by no alerting rule's `labels` (nor a group's),
    /// attached by no Prometheus configuration (`external_labels`, static
    /// target `labels`, relabelling `target_label`), and mentioned by no
    /// rule's query (so it is unlikely to come from the alerting series);
    /// `alertname`, `job` and `instance` always count as present. A
    /// matcher that needs the label then never matches, grouping by it
    /// groups nothing, `equal` on it compares empty values. Often a typo
    /// (`serverity`) or a label renamed in the rules. Only checked when
    /// the project has alerting rules, an Alertmanager configuration and a
    /// Prometheus configuration (whose `external_labels` and target labels
    /// must be known, so not when its relabelling writes labels named by
    /// the data, as `labelmap` does); matchers that also accept a missing
    /// label (`x!="a"`) are not reported.
    pub static RULE = ("project/unknown-label", Warning, "Alertmanager uses a label no alert carries");
}

pub const CHECK: Check = Check { rule: &RULE, run };

fn run(project: &Project, sink: &mut Sink) {
    // Without the Prometheus configuration, its external and target
    // labels are unknown.
    if !applies(project) || !has_prometheus_config(project) {
        return;
    }
    let Some(known) = possible_labels(project) else {
        return;
    };
    let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
    names.sort_unstable();
    for (i, cfg) in configs(project) {
        let mut uses: Vec<(&str, Span, &str)> = Vec::new();
        for r in cfg.routes() {
            for m in r.matchers.iter().filter(|m| !m.matches("")) {
                uses.push((&m.name, m.span, "this route never matches"));
            }
            for g in r.group_by.iter().filter(|g| g.value != "...") {
                uses.push((&g.value, g.span, "grouping by it has no effect"));
            }
        }
        for rule in &cfg.inhibit_rules {
            for m in rule
                .source
                .iter()
                .chain(&rule.target)
                .filter(|m| !m.matches(""))
            {
                uses.push((&m.name, m.span, "this inhibit rule never applies"));
            }
            for e in &rule.equal {
                uses.push((&e.value, e.span, "`equal` compares empty values"));
            }
        }
        for (label, span, effect) in uses {
            if known.contains(label) {
                continue;
            }
            let help = match crate::suggest::closest(label, &names) {
                Some(c) => {
                    format!("did you mean `{c}`? Otherwise set `{label}` in the rules' `labels`")
                }
                None => format!(
                    "set `{label}` in the `labels` of the alerting rules that should carry it"
                ),
            };
            sink.report(
                i,
                span,
                format!("no alerting rule sets label `{label}` and no query or Prometheus configuration mentions it: {effect}"),
                Some(help),
            );
        }
    }
}
