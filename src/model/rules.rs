//! Prometheus rule files (and the groups of Kubernetes `PrometheusRule`
//! manifests) read into a model. Shape problems are recorded, not reported.

use super::query::Query;
use super::shape::{ShapeIssues, ShapeKind};
use crate::source::Span;
use crate::syntax::yaml::{Entry, Node, ScalarMap};
use crate::template::{self, TemplateError, TemplateInfo};

/// A string value with the span of the node it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

impl Str {
    fn of(node: &Node, value: &str) -> Str {
        Str {
            value: value.to_string(),
            span: node.span,
        }
    }
}

/// A key and value of `labels` or `annotations`.
#[derive(Clone, Debug)]
pub struct KeyValue {
    pub key: Str,
    pub value: Str,
    /// The value parsed as a Go template (alerting rules only: Prometheus
    /// expands templates in nothing else). Error spans and the spans of
    /// `label_refs` are in the file.
    pub template: Option<Result<TemplateInfo, TemplateError>>,
}

#[derive(Clone, Debug)]
pub struct Group {
    /// The `- ` item of the group.
    pub span: Span,
    pub name: Option<Str>,
    pub interval: Option<Str>,
    pub query_offset: Option<Str>,
    pub limit: Option<Str>,
    pub labels: Vec<KeyValue>,
    pub rules: Vec<RuleNode>,
}

#[derive(Clone, Debug)]
pub struct RuleNode {
    pub span: Span,
    pub record: Option<Str>,
    pub alert: Option<Str>,
    pub expr: Option<Query>,
    /// Span of the `expr` value when it was written (also when empty).
    pub expr_span: Option<Span>,
    pub for_: Option<Str>,
    pub keep_firing_for: Option<Str>,
    pub labels: Vec<KeyValue>,
    pub annotations: Vec<KeyValue>,
    /// Keys written, with their spans.
    pub keys: Vec<Str>,
    /// The rule was a mapping (otherwise a shape issue says so).
    pub is_mapping: bool,
    /// The `expr` is LogQL (a Loki ruler file): set aside, `expr` is `None`.
    pub logql: bool,
}

impl RuleNode {
    pub fn is_alert(&self) -> bool {
        self.alert.is_some()
    }

    /// The rule's name (record or alert), for messages.
    pub fn name(&self) -> Option<&str> {
        self.record
            .as_ref()
            .or(self.alert.as_ref())
            .map(|s| s.value.as_str())
    }

    pub fn key(&self, key: &str) -> Option<&Str> {
        self.keys.iter().find(|k| k.value == key)
    }
}

const ROOT_FIELDS: &[&str] = &["groups"];
const GROUP_FIELDS: &[&str] = &[
    "name",
    "interval",
    "query_offset",
    "limit",
    "labels",
    "rules",
];
/// The Prometheus operator also accepts Thanos' field in manifests.
const MANIFEST_GROUP_FIELDS: &[&str] = &[
    "name",
    "interval",
    "query_offset",
    "limit",
    "labels",
    "rules",
    "partial_response_strategy",
];
const RULE_FIELDS: &[&str] = &[
    "record",
    "alert",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

/// Reads the groups of a rule file document (`{groups: [...]}`).
pub fn read_rule_document(text: &str, root: &Node, issues: &mut ShapeIssues) -> Vec<Group> {
    let entries = issues.mapping(root, "a rule file");
    issues.unknown_fields(entries, ROOT_FIELDS, "a rule file");
    match root.get("groups") {
        Some(groups) => read_groups(text, groups, GROUP_FIELDS, issues),
        None => Vec::new(),
    }
}

/// Reads the groups of a Kubernetes `PrometheusRule` manifest (`spec.groups`).
pub fn read_manifest_document(text: &str, root: &Node, issues: &mut ShapeIssues) -> Vec<Group> {
    let Some(spec) = root.get("spec") else {
        issues.push(
            ShapeKind::MissingField,
            root.span,
            "PrometheusRule manifest has no `spec`".into(),
            Some("rules go under `spec.groups`".into()),
        );
        return Vec::new();
    };
    let entries = issues.mapping(spec, "`spec` of a PrometheusRule");
    issues.unknown_fields(entries, ROOT_FIELDS, "`spec` of a PrometheusRule");
    match spec.get("groups") {
        Some(groups) => read_groups(text, groups, MANIFEST_GROUP_FIELDS, issues),
        None => Vec::new(),
    }
}

fn read_groups(text: &str, node: &Node, fields: &[&str], issues: &mut ShapeIssues) -> Vec<Group> {
    issues
        .sequence(node, "`groups`")
        .iter()
        .map(|g| read_group(text, g, fields, issues))
        .collect()
}

fn read_group(text: &str, node: &Node, fields: &[&str], issues: &mut ShapeIssues) -> Group {
    let entries = issues.mapping(node, "a group");
    issues.unknown_fields(entries, fields, "a rule group");
    let mut group = Group {
        span: node.span,
        name: None,
        interval: None,
        query_offset: None,
        limit: None,
        labels: Vec::new(),
        rules: Vec::new(),
    };
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        match key {
            "name" => group.name = scalar_field(e, issues),
            "interval" => group.interval = optional_scalar(e, issues),
            "query_offset" => group.query_offset = optional_scalar(e, issues),
            "limit" => group.limit = optional_scalar(e, issues),
            "labels" => group.labels = read_pairs(text, &e.value, "group `labels`", false, issues),
            "rules" => {
                group.rules = issues
                    .sequence(&e.value, "`rules`")
                    .iter()
                    .map(|r| read_rule(text, r, issues))
                    .collect()
            }
            _ => {}
        }
    }
    if group.name.is_none() && node.as_mapping().is_some() {
        issues.push(
            ShapeKind::MissingField,
            node.span,
            "rule group has no `name`".into(),
            Some("every group needs a name, unique in its file".into()),
        );
    }
    group
}

fn read_rule(text: &str, node: &Node, issues: &mut ShapeIssues) -> RuleNode {
    let entries = issues.mapping(node, "a rule");
    issues.unknown_fields(entries, RULE_FIELDS, "a rule");
    let mut rule = RuleNode {
        span: node.span,
        record: None,
        alert: None,
        expr: None,
        expr_span: None,
        for_: None,
        keep_firing_for: None,
        labels: Vec::new(),
        annotations: Vec::new(),
        keys: entries
            .iter()
            .filter_map(|e| e.key.as_str().map(|k| Str::of(&e.key, k)))
            .collect(),
        is_mapping: node.as_mapping().is_some(),
        logql: false,
    };
    // Templates are expanded for alerting rules only.
    let is_alert = entries.iter().any(|e| e.key.as_str() == Some("alert"));
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        match key {
            "record" => rule.record = optional_scalar(e, issues),
            "alert" => rule.alert = optional_scalar(e, issues),
            "expr" => {
                if let Some(s) = optional_scalar(e, issues) {
                    rule.expr_span = Some(e.value.span);
                    if !s.value.trim().is_empty() {
                        rule.expr = Some(Query::from_scalar(text, &e.value, &s.value));
                    }
                }
            }
            "for" => rule.for_ = optional_scalar(e, issues),
            "keep_firing_for" => rule.keep_firing_for = optional_scalar(e, issues),
            "labels" => rule.labels = read_pairs(text, &e.value, "`labels`", is_alert, issues),
            "annotations" => {
                rule.annotations = read_pairs(text, &e.value, "`annotations`", is_alert, issues)
            }
            _ => {}
        }
    }
    rule
}

/// A scalar field; a null counts as absent (as Go's YAML decoding leaves
/// the field empty).
fn optional_scalar(e: &Entry, issues: &mut ShapeIssues) -> Option<Str> {
    if e.value.is_null() {
        return None;
    }
    scalar_field(e, issues)
}

/// A scalar field, where a null reads as the empty string.
fn scalar_field(e: &Entry, issues: &mut ShapeIssues) -> Option<Str> {
    if e.value.is_null() {
        return Some(Str {
            value: String::new(),
            span: e.value.span,
        });
    }
    issues
        .scalar(&e.value, || {
            format!("`{}`", e.key.as_str().unwrap_or("value"))
        })
        .map(|s| Str::of(&e.value, s))
}

fn read_pairs(
    text: &str,
    node: &Node,
    what: &str,
    templated: bool,
    issues: &mut ShapeIssues,
) -> Vec<KeyValue> {
    let entries = issues.mapping(node, what);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let Some(key) = issues.scalar(&e.key, || format!("keys of {what}")) else {
            continue;
        };
        let value = if e.value.is_null() {
            ""
        } else {
            match issues.scalar(&e.value, || format!("values of {what}")) {
                Some(v) => v,
                None => continue,
            }
        };
        let template = templated.then(|| {
            template::parse(value)
                .map(|mut info| {
                    if !info.label_refs.is_empty() {
                        map_to_file(text, &e.value, value, &mut info.label_refs);
                    }
                    info
                })
                .map_err(|err| {
                    let map = ScalarMap::new(text, &e.value);
                    TemplateError {
                        span: if e.value.is_null() {
                            e.value.span
                        } else {
                            map.span_to_file(err.span)
                        },
                        message: err.message,
                        help: err.help,
                    }
                })
        });
        out.push(KeyValue {
            key: Str::of(&e.key, key),
            value: Str::of(&e.value, value),
            template,
        });
    }
    out
}

/// Moves spans in a scalar's value to the file: a plain shift when the
/// value stands in the file as written (the common case), else through a
/// `ScalarMap`.
fn map_to_file(text: &str, node: &Node, value: &str, spans: &mut [(String, Span)]) {
    use crate::syntax::yaml::ScalarStyle;
    let span = node.span;
    let inner = match node.as_scalar().map(|s| s.style) {
        Some(ScalarStyle::Plain) => Some(span.start),
        Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted | ScalarStyle::JsonString) => {
            Some(span.start + 1)
        }
        _ => None,
    };
    if let Some(start) = inner {
        if text.get(start..start + value.len()) == Some(value) {
            for (_, s) in spans.iter_mut() {
                *s = s.shift(start);
            }
            return;
        }
    }
    let map = ScalarMap::new(text, node);
    for (_, s) in spans.iter_mut() {
        *s = map.span_to_file(*s);
    }
}
