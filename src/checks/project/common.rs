//! What the cross-file checks share: the alerting rules of the project and
//! the labels its alerts can carry.

use crate::config::prometheus::{Action, PrometheusConfig, RelabelConfig};
use crate::model::rules::RuleNode;
use crate::project::Project;
use std::collections::HashSet;

/// Every alerting rule of the project, with its file index.
pub(crate) fn alerting_rules(project: &Project) -> Vec<(usize, &RuleNode)> {
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
pub(crate) fn applies(project: &Project) -> bool {
    project.files.iter().any(|f| f.alertmanager.is_some())
        && project
            .files
            .iter()
            .flat_map(|f| f.groups.iter().flat_map(|g| g.rules.iter()))
            .any(|r| r.alert.is_some())
}

/// Whether the project has a Prometheus configuration (then its
/// `external_labels` and target labels are known).
pub(crate) fn has_prometheus_config(project: &Project) -> bool {
    project.files.iter().any(|f| f.prometheus.is_some())
}

/// Every label an alert of this project could carry, as far as the files
/// tell: labels rules set, labels Prometheus configurations attach,
/// `alertname`, `job`, `instance`, and every name any rule's query
/// mentions (series labels it selects, groups by or writes). `None` when
/// a Prometheus configuration attaches labels whose names it does not
/// spell out (a `labelmap`, a templated `target_label`): then any label
/// may be on an alert.
pub(crate) fn possible_labels(project: &Project) -> Option<HashSet<String>> {
    let mut out: HashSet<String> = ["alertname", "job", "instance"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for f in &project.files {
        if let Some(cfg) = &f.prometheus {
            out.extend(prometheus_labels(cfg)?);
        }
        let labels = f.memo.rule_labels.get_or_init(|| rule_labels(f));
        out.extend(labels.iter().cloned());
    }
    Some(out)
}

/// The label names a file's rules and groups set, and the identifiers
/// in its rules' expressions, without repeats.
fn rule_labels(f: &crate::model::FileModel) -> Vec<String> {
    let mut out: HashSet<String> = HashSet::new();
    for r in f.groups.iter().flat_map(|g| g.rules.iter()) {
        out.extend(r.labels.iter().map(|kv| kv.key.value.clone()));
        if let Some(q) = &r.expr {
            out.extend(identifiers(&q.text));
        }
    }
    for g in &f.groups {
        out.extend(g.labels.iter().map(|kv| kv.key.value.clone()));
    }
    out.into_iter().collect()
}

/// The label names a Prometheus configuration attaches to series or
/// alerts: `external_labels`, static target `labels`, and the labels
/// target, metric and alert relabelling writes. `None` when relabelling
/// writes labels whose names depend on the data.
fn prometheus_labels(cfg: &PrometheusConfig) -> Option<Vec<String>> {
    let mut out: Vec<String> = cfg
        .external_labels()
        .iter()
        .map(|(k, _)| k.value.clone())
        .collect();
    let mut relabels: Vec<&RelabelConfig> = cfg.alert_relabel_configs.iter().collect();
    for s in &cfg.scrape_configs {
        out.extend(s.static_labels.iter().map(|l| l.value.clone()));
        relabels.extend(s.relabel_configs.iter().chain(&s.metric_relabel_configs));
    }
    for r in relabels {
        match r.action {
            Some(Action::LabelMap) => {
                // The replacement names the new labels; with `$n` in it,
                // the names come from the series.
                let replacement = r.replacement.as_ref().map_or("$1", |x| x.value.as_str());
                if replacement.contains('$') {
                    return None;
                }
                out.push(replacement.to_string());
            }
            Some(Action::Replace | Action::HashMod | Action::Lowercase | Action::Uppercase) => {
                if let Some(t) = &r.target_label {
                    if t.value.contains('$') {
                        return None;
                    }
                    out.push(t.value.clone());
                }
            }
            _ => {}
        }
    }
    Some(out)
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
pub(crate) fn literal_label<'r>(rule: &'r RuleNode, name: &str) -> Option<&'r str> {
    if name == "alertname" {
        return rule.alert.as_ref().map(|a| a.value.as_str());
    }
    rule.labels
        .iter()
        .find(|kv| kv.key.value == name)
        .map(|kv| kv.value.value.as_str())
        .filter(|v| !v.contains("{{"))
}
