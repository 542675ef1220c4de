//! What a file is, when its content alone does not say it firmly: the
//! shape tests that keep look-alike files (Jekyll data with `groups:`,
//! Helm values with `route:`) out of the kinds promlint checks, the Helm
//! chart layout, and template sources that are not YAML at all.

use crate::syntax::yaml::Node;
use std::path::{Path, PathBuf};

/// Keys of a Prometheus rule group (with the Thanos, Cortex and Mimir
/// additions) other than `name`.
const RULE_GROUP_KEYS: &[&str] = &[
    "rules",
    "interval",
    "limit",
    "query_offset",
    "labels",
    "partial_response_strategy",
    "source_tenants",
    "evaluation_delay",
    "align_evaluation_time_on_interval",
];

/// Keys of a rule: a list of rules written directly under `groups:` is a
/// rule file with a level missing, which must be reported.
const RULE_KEYS: &[&str] = &[
    "alert",
    "record",
    "expr",
    "for",
    "keep_firing_for",
    "annotations",
];

/// Whether a mapping is shaped like a rule group: it has a rule-group
/// key (or a key one or two letters away from `rules`, a misspelling to
/// report), a rule key, or nothing but `name`.
fn is_rule_group_like(entry: &Node) -> bool {
    let Some(entries) = entry.as_mapping() else {
        return false;
    };
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    keys.iter().all(|k| *k == "name")
        || keys.iter().any(|k| {
            RULE_GROUP_KEYS.contains(k)
                || RULE_KEYS.contains(k)
                || crate::suggest::edit_distance(&k.to_ascii_lowercase(), "rules") <= 2
        })
}

/// What a top-level `groups:` says: `None` when there is none;
/// `Some(true)` when it is a list of rule groups (or empty), `Some(false)`
/// when it is a list whose entries are all something else (a Jekyll data
/// file's `services:`), `Some(rule_like)` when it is no list of mappings
/// at all (an authorisation config's `groups: {admin: …}`): then only a
/// path that mentions rules makes it a rule file.
pub fn groups_are_rule_groups(root: &Node, rule_like: bool) -> Option<bool> {
    let groups = root.get("groups")?;
    if groups.is_null() {
        return Some(true);
    }
    let Some(items) = groups.as_sequence() else {
        return Some(rule_like);
    };
    if items.is_empty() {
        return Some(true);
    }
    if items.iter().all(|i| i.as_mapping().is_none()) {
        return Some(rule_like);
    }
    Some(items.iter().any(is_rule_group_like))
}

/// Whether a document whose path mentions rules may be read as a rule
/// file although it has no `groups:`: a bare list of rules or groups, or
/// a mapping whose keys are all misspellings of `groups` (`group:`), or
/// an empty mapping (`{}`, an empty rule file).
/// Anything else is some other file that happens to live in `rules/`.
pub fn content_allows_rules(root: &Node) -> bool {
    if let Some(items) = root.as_sequence() {
        return items.iter().all(is_rule_group_like);
    }
    let Some(entries) = root.as_mapping() else {
        return false;
    };
    // `{}` is an empty rule file (Prometheus loads it).
    entries.iter().all(|e| {
        e.key.as_str().is_some_and(|k| {
            let d = crate::suggest::edit_distance(&k.to_ascii_lowercase(), "groups");
            k != "groups" && d <= 2
        })
    })
}

/// Keys of an Alertmanager route.
const ROUTE_KEYS: &[&str] = &[
    "receiver",
    "group_by",
    "continue",
    "matchers",
    "match",
    "match_re",
    "routes",
    "group_wait",
    "group_interval",
    "repeat_interval",
    "mute_time_intervals",
    "active_time_intervals",
];

/// Whether `route:` is an Alertmanager route (not, say, Gateway API
/// settings of a Helm values file): a mapping with a route key, or an
/// empty one.
pub fn route_is_alertmanager(route: &Node) -> bool {
    route.as_mapping().is_some_and(|entries| {
        entries.is_empty()
            || entries
                .iter()
                .filter_map(|e| e.key.as_str())
                .any(|k| ROUTE_KEYS.contains(&k))
    })
}

/// Whether `receivers:` is a list of Alertmanager receivers: mappings
/// with a `name`.
pub fn receivers_are_alertmanager(receivers: &Node) -> bool {
    receivers
        .as_sequence()
        .is_some_and(|items| !items.is_empty() && items.iter().all(|r| r.get("name").is_some()))
}

/// Top-level keys typical of Helm values files.
const VALUES_KEYS: &[&str] = &[
    "image",
    "replicaCount",
    "resources",
    "nodeSelector",
    "tolerations",
    "affinity",
    "serviceAccount",
    "podAnnotations",
    "podLabels",
    "imagePullSecrets",
    "nameOverride",
    "fullnameOverride",
    "securityContext",
    "podSecurityContext",
    "ingress",
    "extraArgs",
    "extraEnv",
];

/// A Helm values file: named `values*.yaml` (or `*-values.yaml`,
/// `*.values.yaml`) inside a chart, or so named anywhere with the shape
/// of one (two or more of the keys every chart's values have).
pub fn is_helm_values(path: &Path, root: &Node) -> bool {
    let name = file_name(path);
    if !name.contains("values") || !(name.ends_with(".yaml") || name.ends_with(".yml")) {
        return false;
    }
    if chart_root_above(path).is_some() {
        return true;
    }
    root.as_mapping().is_some_and(|entries| {
        entries
            .iter()
            .filter_map(|e| e.key.as_str())
            .filter(|k| VALUES_KEYS.contains(k))
            .count()
            >= 2
    })
}

/// The lower-case file name.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A folder's path on disk (`.` for the empty parent of a bare name).
fn folder(p: &Path) -> &Path {
    if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    }
}

/// The nearest folder above `path` (its own folder included) that holds
/// a Helm `Chart.yaml`.
pub fn chart_root_above(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .map(folder)
        .find(|d| d.join("Chart.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Whether the file lies in the `templates/` folder of a Helm chart:
/// Go-template source that renders to YAML, not YAML itself.
pub fn in_helm_templates(path: &Path) -> bool {
    path.ancestors().skip(1).any(|d| {
        d.file_name().is_some_and(|n| n == "templates")
            && d.parent()
                .is_some_and(|chart| folder(chart).join("Chart.yaml").is_file())
    })
}

/// Whether the text is template source (Helm, Jinja, Liquid): a line
/// that starts with `{{` or `{%` at the left margin. In YAML such a line
/// cannot be inside a block scalar of a top-level key, and no monitoring
/// file starts a line with a flow mapping of a flow mapping.
pub fn is_template_source(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("{{") || l.starts_with("{%"))
}

/// Whether a text that does not parse has, at its left margin, the key
/// that starts a rule file or a Prometheus configuration (`groups:`,
/// `scrape_configs:`, or the JSON spelling): what little a broken file
/// says of its kind.
pub fn starts_like_monitoring_file(text: &str) -> bool {
    text.lines().any(|l| {
        ["groups:", "scrape_configs:", "{\"groups\"", "\"groups\":"]
            .iter()
            .any(|k| l.starts_with(k))
    })
}

/// Extensions of files read as YAML or JSON when named on purpose (or
/// named by a `rule_files` entry); other files are read only if their
/// content is a kind promlint checks.
pub fn yaml_extension(ext: &str) -> bool {
    matches!(ext, "yml" | "yaml" | "json" | "rules" | "rule")
}

/// Whether a `.gitignore` of the repository around `path` (from its
/// folder up to the folder holding `.git`) excludes it: a file the build
/// writes.
pub fn git_ignored(path: &Path) -> bool {
    // The nearest existing folder, made absolute, with the rest joined back.
    let mut existing = path;
    let mut rest = Vec::new();
    let base = loop {
        match existing.parent() {
            Some(parent) => {
                if let Some(n) = existing.file_name() {
                    rest.push(n.to_os_string());
                }
                let dir = folder(parent);
                if let Ok(abs) = std::fs::canonicalize(dir) {
                    break abs;
                }
                existing = parent;
            }
            None => return false,
        }
    };
    let mut abs = base;
    for n in rest.iter().rev() {
        abs.push(n);
    }
    for dir in abs.ancestors().skip(1) {
        let file = dir.join(".gitignore");
        if file.is_file() {
            let (ignore, _) = ignore::gitignore::Gitignore::new(&file);
            if ignore.matched_path_or_any_parents(&abs, false).is_ignore() {
                return true;
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    false
}

/// A Helm `Chart.yaml`: its name, and whether the chart has templates
/// (which promlint does not read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelmChart {
    pub has_templates: bool,
}

/// Recognises a chart's `Chart.yaml` by name and content.
pub fn helm_chart(path: &Path, root: &Node) -> Option<HelmChart> {
    if path.file_name().is_none_or(|n| n != "Chart.yaml")
        || root.get("apiVersion").is_none()
        || root.get("name").is_none()
    {
        return None;
    }
    let dir = folder(path.parent().unwrap_or(Path::new("")));
    Some(HelmChart {
        has_templates: dir.join("templates").is_dir(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::load_yaml;

    fn root(text: &str) -> Node {
        load_yaml(text).documents.remove(0).root
    }

    #[test]
    fn groups_of_services_are_not_rule_groups() {
        let data = root("groups:\n  - name: Basic\n    services:\n      - name: x\n");
        assert_eq!(groups_are_rule_groups(&data, true), Some(false));
        let rules = root("groups:\n  - name: a\n    rules: []\n");
        assert_eq!(groups_are_rule_groups(&rules, false), Some(true));
        let misspelt = root("groups:\n  - name: a\n    rule: []\n");
        assert_eq!(groups_are_rule_groups(&misspelt, false), Some(true));
        let only_name = root("groups:\n  - name: a\n");
        assert_eq!(groups_are_rule_groups(&only_name, false), Some(true));
        let authz = root("groups:\n  admin: [a]\n");
        assert_eq!(groups_are_rule_groups(&authz, false), Some(false));
        assert_eq!(groups_are_rule_groups(&authz, true), Some(true));
        assert_eq!(groups_are_rule_groups(&root("x: 1\n"), true), None);
    }

    #[test]
    fn only_misspelt_groups_or_rule_lists_allow_rules() {
        assert!(content_allows_rules(&root("group:\n  - name: a\n")));
        assert!(content_allows_rules(&root("- alert: A\n  expr: up\n")));
        assert!(!content_allows_rules(&root("resources:\n  - a\n")));
        assert!(content_allows_rules(&root("{}\n")));
        assert!(!content_allows_rules(&root("group: []\nimage: x\n")));
        // `groups:` itself was judged by its entries already
        assert!(!content_allows_rules(&root(
            "groups:\n  - name: a\n    services: []\n"
        )));
    }

    #[test]
    fn gateway_routes_are_not_alertmanager_routes() {
        let am = root("route:\n  receiver: a\n");
        assert!(route_is_alertmanager(am.get("route").unwrap()));
        let gw = root("route:\n  main:\n    enabled: true\n");
        assert!(!route_is_alertmanager(gw.get("route").unwrap()));
        let recv = root("receivers:\n  - name: a\n");
        assert!(receivers_are_alertmanager(recv.get("receivers").unwrap()));
        let other = root("receivers:\n  - otlp\n");
        assert!(!receivers_are_alertmanager(other.get("receivers").unwrap()));
    }

    #[test]
    fn values_by_shape_outside_charts() {
        let v = root("image: x\nresources: {}\nroute: {}\n");
        assert!(is_helm_values(
            Path::new("nowhere/prometheus-values.yaml"),
            &v
        ));
        assert!(!is_helm_values(Path::new("nowhere/prometheus.yml"), &v));
        let p = root("scrape_configs: []\n");
        assert!(!is_helm_values(Path::new("nowhere/values.yaml"), &p));
    }

    #[test]
    fn template_sources() {
        assert!(is_template_source("groups:\n{% assign x = 1 %}\n"));
        assert!(is_template_source("{{- if .Values.x }}\nkind: A\n"));
        assert!(!is_template_source(
            "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          d: |\n            {{ $labels.x }}\n"
        ));
    }
}

#[cfg(test)]
mod kinds {
    use crate::model::{model_file, FileKind};
    use crate::source::SourceFile;

    fn kind(path: &str, text: &str, explicit: bool) -> FileKind {
        model_file(SourceFile::new(path, text.to_string()), explicit).kind
    }

    #[test]
    fn content_beats_the_name() {
        let dashboard =
            r#"{"title": "Rule", "uid": "r", "rows": [], "schemaVersion": 14, "annotations": {}}"#;
        assert_eq!(
            kind("dashboards/rule.json", dashboard, false),
            FileKind::GrafanaDashboard
        );
        let data = "groups:\n  - name: a\n    services:\n      - name: b\n";
        assert_eq!(kind("_data/rules.yml", data, false), FileKind::Other);
        assert_eq!(kind("_data/rules.yml", data, true), FileKind::Unrecognized);
        let gateway = "route:\n  main:\n    enabled: true\nimage: x\nresources: {}\n";
        assert_eq!(
            kind("deploy/prometheus-values.yaml", gateway, false),
            FileKind::Other
        );
        let scrape = "scrape_configs: []\n";
        assert_eq!(
            kind("deploy/prometheus.yml", scrape, false),
            FileKind::PrometheusConfig
        );
    }

    #[test]
    fn unparsable_files_of_no_kind_are_not_reported() {
        let liquid = "groups:\n{% for g in groups %}\n- name: {{ g }}\n{% endfor %}\n";
        let m = model_file(SourceFile::new("dist/template.yml", liquid.into()), false);
        assert_eq!(m.kind, FileKind::Other);
        assert!(m.load_errors.is_empty());
        let jsonnet = "{\n  a+:: { b: 'c' },\n}\n";
        let m = model_file(SourceFile::new("x/mixin.libsonnet", jsonnet.into()), true);
        assert_eq!(m.kind, FileKind::Unrecognized);
        assert!(m.load_errors.is_empty());
        // where the place says rules, a broken file is reported
        let broken = "groups:\n  - name: a\n   rules: []\n";
        let m = model_file(SourceFile::new("rules/a.yml", broken.into()), false);
        assert!(m.is_checked());
        assert!(!m.load_errors.is_empty());
        let m = model_file(SourceFile::new("rules/a.yml", "{ a: [\n".into()), false);
        assert!(m.is_checked() && !m.load_errors.is_empty());
        let m = model_file(SourceFile::new("prometheus.yml", "{ a: [\n".into()), false);
        assert_eq!(m.kind, FileKind::Broken);
        let m = model_file(SourceFile::new("docs/a.yml", "{ a: [\n".into()), false);
        assert_eq!(m.kind, FileKind::Other);
        assert!(m.load_errors.is_empty());
        // and so is a broken YAML file named on purpose
        let m = model_file(SourceFile::new("x/a.yml", "{ a: [\n".into()), true);
        assert_eq!(m.kind, FileKind::Broken);
    }

    #[test]
    fn unit_test_files_are_recognised() {
        let t = "rule_files: [a.yml]\ntests: []\n";
        assert_eq!(kind("x/tests.yml", t, true), FileKind::UnitTest);
        assert_eq!(kind("x/tests.yml", t, false), FileKind::UnitTest);
        assert_eq!(
            kind("x/tests.yml", "tests: []\nfoo: 1\n", false),
            FileKind::Other
        );
    }
}
