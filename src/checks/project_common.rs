//! What the cross-file checks share: the alerting rules of the project and
//! the labels its alerts can carry.

use crate::model::rules::RuleNode;
use crate::model::Project;
use std::collections::HashSet;

/// Every alerting rule of the project, with its file index.
pub(super) fn alerting_rules(project: &Project) -> Vec<(usize, &RuleNode)> {
    project
        .files
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            f.groups
                .iter()
                .flat_map(|g| g.rules.iter())
                .filter(|r| r.alert.is_some())
                .map(move |r| (i, r))
        })
        .collect()
}

/// Cross-file findings need both sides: alerting rules and an
/// Alertmanager configuration.
pub(super) fn applies(project: &Project) -> bool {
    project.files.iter().any(|f| f.alertmanager.is_some()) && !alerting_rules(project).is_empty()
}

/// Whether the project has a Prometheus configuration (then its
/// `external_labels` and target labels are known).
pub(super) fn has_prometheus_config(project: &Project) -> bool {
    project.files.iter().any(|f| f.prometheus_labels.is_some())
}

/// Every label an alert of this project could carry, as far as the files
/// tell: labels rules set, labels Prometheus configurations attach,
/// `alertname`, `job`, `instance`, and every name any rule's query
/// mentions (series labels it selects, groups by or writes).
pub(super) fn possible_labels(project: &Project) -> HashSet<String> {
    let mut out: HashSet<String> = ["alertname", "job", "instance"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for f in &project.files {
        out.extend(f.prometheus_labels.iter().flatten().cloned());
        for r in f.groups.iter().flat_map(|g| g.rules.iter()) {
            out.extend(r.labels.iter().map(|kv| kv.key.value.clone()));
            if let Some(q) = &r.expr {
                out.extend(identifiers(&q.text));
            }
        }
        for g in &f.groups {
            out.extend(g.labels.iter().map(|kv| kv.key.value.clone()));
        }
    }
    out
}

/// Identifier-like words of a text (over-approximates the label names a
/// query mentions, string literals included).
fn identifiers(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        })
        .map(str::to_string)
}

/// The literal value of a rule label (`None` when absent or templated).
pub(super) fn literal_label<'r>(rule: &'r RuleNode, name: &str) -> Option<&'r str> {
    if name == "alertname" {
        return rule.alert.as_ref().map(|a| a.value.as_str());
    }
    rule.labels
        .iter()
        .find(|kv| kv.key.value == name)
        .map(|kv| kv.value.value.as_str())
        .filter(|v| !v.contains("{{"))
}
