use super::common::{alerting_rules, applies, literal_label};
use crate::checks::alertmanager::common::configs;
use crate::checks::{declare_rule, Check, Sink};
use crate::config::alertmanager::{Matcher, Route};
use crate::model::rules::RuleNode;
use crate::project::Project;

declare_rule! {
    /// An alerting rule's labels match none of the routes below the root,
    /// although routes exist for one of those labels: its alerts go only
    /// to the root's default receiver.
    ///
    /// Typical case: routes for `severity="critical"` and
    /// `severity="warning"`, and a rule with `severity: info` (or a typo
    /// like `critcal`). Only literal label values are considered (a
    /// templated value may take any value), and a route counts as
    /// possibly matching whenever it tests a label the rule does not set
    /// (the alerting series may carry it). Only checked when the project
    /// has both rules and an Alertmanager configuration.
    pub static RULE = ("project/unrouted-alert", Warning, "An alert reaches only the root receiver");
}

pub const CHECK: Check = Check { rule: &RULE, run };

/// Whether a route's matchers can match the rule's alerts: not when a
/// label the rule sets literally fails a matcher.
fn can_match(rule: &RuleNode, matchers: &[Matcher]) -> bool {
    matchers.iter().all(|m| match literal_label(rule, &m.name) {
        Some(v) => m.matches(v),
        // Not set by the rule, or templated: unknown, so possibly.
        None => true,
    })
}

fn run(project: &Project, sink: &mut Sink) {
    if !applies(project) {
        return;
    }
    let rules = alerting_rules(project);
    // With several Alertmanager configurations, each rule is reported once.
    let mut reported: std::collections::HashSet<(usize, crate::source::Span)> =
        std::collections::HashSet::new();
    for (_, cfg) in configs(project) {
        let Some(root) = &cfg.route else { continue };
        if root.routes.is_empty() {
            continue;
        }
        let receiver = root.receiver.as_ref().map_or("", |r| r.value.as_str());
        for (file, rule) in &rules {
            if root.routes.iter().any(|c| can_match(rule, &c.matchers)) {
                continue;
            }
            // A label the rule sets that child routes test.
            let Some((label, values)) = tested_label(rule, &root.routes) else {
                continue;
            };
            let Some(kv) = rule.labels.iter().find(|kv| kv.key.value == label) else {
                continue;
            };
            if values.len() < 2 && !near_miss(&kv.value.value, label, &root.routes) {
                continue;
            }
            if !reported.insert((*file, kv.value.span)) {
                continue;
            }
            let alert = rule.alert.as_ref().map_or("", |a| a.value.as_str());
            sink.report(
                *file,
                kv.value.span,
                format!(
                    "alert `{alert}` has {label}={:?}, which no route below the root matches (routes test {}): it only reaches the default receiver `{receiver}`",
                    kv.value.value,
                    values.join(", ")
                ),
                Some(format!("add a route for {label}={:?}, or use a value a route handles", kv.value.value)),
            );
        }
    }
}

/// Whether `value` is a misspelling of a value that a child route tests
/// `label` for with `=`.
fn near_miss(value: &str, label: &str, children: &[Route]) -> bool {
    let tested: Vec<&str> = children
        .iter()
        .flat_map(|c| c.matchers.iter())
        .filter(|m| m.name == label && m.op == crate::config::alertmanager::MatchOp::Equal)
        .map(|m| m.value.as_str())
        .collect();
    crate::suggest::closest(value, &tested).is_some_and(|c| c != value)
}

/// The first label the rule sets literally (other than `alertname`) that
/// some child route tests, with the matchers on it.
fn tested_label<'r>(rule: &'r RuleNode, children: &[Route]) -> Option<(&'r str, Vec<String>)> {
    rule.labels.iter().find_map(|kv| {
        let name = kv.key.value.as_str();
        literal_label(rule, name)?;
        let mut tests: Vec<String> = Vec::new();
        for m in children
            .iter()
            .flat_map(|c| c.matchers.iter())
            .filter(|m| m.name == name)
        {
            let shown = m.display();
            if !tests.contains(&shown) {
                tests.push(shown);
            }
        }
        (!tests.is_empty()).then_some((name, tests))
    })
}
