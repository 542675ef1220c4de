//! Monitoring documents embedded in Kubernetes objects: Grafana dashboards
//! in `ConfigMap`s and in grafana-operator `GrafanaDashboard`s, rule files
//! in `ConfigMap`s, Alertmanager configurations in `Secret`s.
//!
//! Each embedded document becomes a file model of its own (a "virtual
//! file") whose text is the document and whose `source.origin` says where
//! that text lies in the embedding file, so that every reader and check
//! runs on it unchanged. `relocate` then moves every diagnostic on a
//! virtual file to the embedding file: through the scalar's map when the
//! text is a block scalar or a string, or onto the key when it had to be
//! decoded (base64, gzip), saying where in the decoded text it is.

use super::{empty_model, rules, shape::ShapeIssues, FileKind, FileModel};
use crate::config::alertmanager::{Issue, IssueKind};
use crate::diagnostic::Diagnostic;
use crate::grafana;
use crate::grafana::dashboard::Renderer;
use crate::source::{Origin, Placement, SourceFile};
use crate::syntax::yaml::{self, LoadErrorKind, Node, ScalarMap};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest decoded (gunzipped) document read: far above any real
/// dashboard, and a bound on what a crafted `gzipJson` can cost.
const MAX_DECODED: u64 = 64 << 20;

/// What an embedded document must be to be read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Want {
    /// A Grafana dashboard (JSON), and what shows it.
    Dashboard(Renderer),
    /// A Prometheus rule file or an Alertmanager configuration (YAML in a
    /// `ConfigMap`); `named` when the key says which (then a document that
    /// does not load is reported).
    RulesOrAlertmanager { named: bool },
    /// An Alertmanager configuration (YAML in a `Secret`).
    Alertmanager,
}

/// One embedded document found in an object.
struct Found {
    /// `<object name>/<key>`, appended to the embedding file's path.
    name: String,
    text: String,
    place: Placement,
    want: Want,
}

/// Reads the monitoring documents embedded in the Kubernetes objects of
/// `model`'s file, as file models of their own. When some are found in a
/// file of no other kind, the file becomes a `KubernetesManifest`.
pub fn expand(model: &mut FileModel) -> Vec<FileModel> {
    if !may_embed(model) {
        return Vec::new();
    }
    let text = &model.source.text;
    let loaded = if super::extension(&model.source.path) == "json" {
        yaml::load_json(text)
    } else {
        yaml::load_yaml(text)
    };
    let mut found = Vec::new();
    let mut operator_configs = 0;
    for doc in &loaded.documents {
        let mut objects = Vec::new();
        collect_objects(&doc.root, 0, &mut objects);
        for object in objects {
            if is_operator_alertmanager_config(object) {
                operator_configs += 1;
                read_operator_alertmanager_config(object, &mut model.operator_alertmanager_issues);
            } else {
                read_object(text, object, &mut found);
            }
        }
    }
    if operator_configs > 0 && matches!(model.kind, FileKind::Other | FileKind::Unrecognized) {
        model.kind = FileKind::KubernetesManifest;
    }
    if found.is_empty() {
        return Vec::new();
    }
    let parent = Arc::new(SourceFile::new(
        model.source.path.clone(),
        model.source.text.clone(),
    ));
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for f in found {
        // Two objects of one stream may share a name (different kinds or
        // namespaces): keep the virtual paths apart.
        let n = names.entry(f.name.clone()).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            f.name
        } else {
            format!("{}~{}", f.name, n)
        };
        if let Some(m) = model_found(&parent, name, f.text, f.place, f.want) {
            out.push(m);
        }
    }
    if !out.is_empty() && matches!(model.kind, FileKind::Other | FileKind::Unrecognized) {
        model.kind = FileKind::KubernetesManifest;
    }
    out
}

/// A cheap test before loading the file again: a YAML or JSON file that
/// names one of the object kinds read here.
fn may_embed(model: &FileModel) -> bool {
    if model.source.origin.is_some() {
        return false;
    }
    let ext = super::extension(&model.source.path);
    if !matches!(ext.as_str(), "yaml" | "yml" | "json") {
        return false;
    }
    if matches!(
        model.kind,
        FileKind::Exposition | FileKind::Source | FileKind::Config | FileKind::Promql
    ) {
        return false;
    }
    let t = &model.source.text;
    t.contains("kind")
        && [
            "ConfigMap",
            "Secret",
            "GrafanaDashboard",
            "AlertmanagerConfig",
        ]
        .iter()
        .any(|k| t.contains(k))
}

/// The objects of a document: the document itself, or the `items` of a
/// `List` (`ConfigMapList`, `SecretList`, ...).
fn collect_objects<'a>(root: &'a Node, depth: usize, out: &mut Vec<&'a Node>) {
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    if kind.ends_with("List") && depth < 4 {
        if let Some(items) = root.get("items").and_then(Node::as_sequence) {
            for item in items {
                collect_objects(item, depth + 1, out);
            }
        }
        return;
    }
    if root.as_mapping().is_some() {
        out.push(root);
    }
}

/// The documents embedded in one object.
fn read_object(text: &str, object: &Node, found: &mut Vec<Found>) {
    let kind = object.get("kind").and_then(Node::as_str).unwrap_or("");
    let api = object
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or("");
    let name = object
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Node::as_str)
        .filter(|n| !n.is_empty() && !n.contains(['/', '#']))
        .unwrap_or(kind);
    match kind {
        "ConfigMap" if api == "v1" => {
            let renderer = if has_label(object, CONSOLE_DASHBOARD_LABEL) {
                Renderer::OpenShiftConsole
            } else {
                Renderer::Grafana
            };
            // `binaryData` holds bytes, never a monitoring document.
            for e in entries(object.get("data")) {
                let Some(key) = e.key.as_str() else { continue };
                let lower = key.to_ascii_lowercase();
                let want = if lower.ends_with(".json") {
                    Want::Dashboard(renderer)
                } else if [".yml", ".yaml", ".rules"]
                    .iter()
                    .any(|x| lower.ends_with(x))
                {
                    Want::RulesOrAlertmanager {
                        named: lower.contains("rule") || lower.contains("alertmanager"),
                    }
                } else {
                    continue;
                };
                if let Some(f) = in_scalar(text, name, key, &e.value, want) {
                    found.push(f);
                }
            }
        }
        "Secret" if api == "v1" => {
            let is_am = |k: &str| {
                let k = k.to_ascii_lowercase();
                k.contains("alertmanager") && (k.ends_with(".yaml") || k.ends_with(".yml"))
            };
            for e in entries(object.get("stringData")) {
                let Some(key) = e.key.as_str().filter(|k| is_am(k)) else {
                    continue;
                };
                if let Some(f) = in_scalar(text, name, key, &e.value, Want::Alertmanager) {
                    found.push(f);
                }
            }
            for e in entries(object.get("data")) {
                let Some(key) = e.key.as_str().filter(|k| is_am(k)) else {
                    continue;
                };
                let what = format!("the base64 of `data.{key}`");
                let decoded = e.value.as_str().and_then(base64).and_then(utf8);
                if let Some(decoded) = decoded {
                    found.push(Found {
                        name: format!("{name}/{key}"),
                        text: decoded,
                        place: Placement::Decoded {
                            span: e.key.span,
                            what,
                        },
                        want: Want::Alertmanager,
                    });
                }
            }
        }
        "GrafanaDashboard" if api.contains("integreatly.org") => {
            let Some(spec) = object.get("spec") else {
                return;
            };
            if let Some(json) = spec.get("json") {
                if let Some(f) = in_scalar(
                    text,
                    name,
                    "spec.json",
                    json,
                    Want::Dashboard(Renderer::Grafana),
                ) {
                    found.push(f);
                }
            }
            if let Some(e) = spec.entry("gzipJson") {
                let decoded = e
                    .value
                    .as_str()
                    .and_then(base64)
                    .and_then(|b| gunzip(&b))
                    .and_then(utf8);
                if let Some(decoded) = decoded {
                    found.push(Found {
                        name: format!("{name}/spec.gzipJson.json"),
                        text: decoded,
                        place: Placement::Decoded {
                            span: e.key.span,
                            what: "the dashboard decoded from `spec.gzipJson`".into(),
                        },
                        want: Want::Dashboard(Renderer::Grafana),
                    });
                }
            }
        }
        _ => {}
    }
}

/// The label that makes a `ConfigMap`'s dashboards OpenShift console
/// dashboards.
const CONSOLE_DASHBOARD_LABEL: &str = "console.openshift.io/dashboard";

/// Whether the object's `metadata.labels` has `label` (any value).
fn has_label(object: &Node, label: &str) -> bool {
    object
        .get("metadata")
        .and_then(|m| m.get("labels"))
        .is_some_and(|l| l.get(label).is_some())
}

/// A Prometheus Operator `AlertmanagerConfig` resource (its own camelCase
/// schema, not an alertmanager.yml).
fn is_operator_alertmanager_config(object: &Node) -> bool {
    object.get("kind").and_then(Node::as_str) == Some("AlertmanagerConfig")
        && object
            .get("apiVersion")
            .and_then(Node::as_str)
            .is_some_and(|a| a.starts_with("monitoring.coreos.com/"))
}

/// What the operator checks of an `AlertmanagerConfig`'s routes: every
/// `receiver` a route names is one of `spec.receivers`, and the top route
/// names one.
fn read_operator_alertmanager_config(object: &Node, issues: &mut Vec<Issue>) {
    let Some(spec) = object.get("spec") else {
        return;
    };
    let names: Vec<&str> = spec
        .get("receivers")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
        .iter()
        .filter_map(|r| r.get("name").and_then(Node::as_str))
        .collect();
    let Some(route) = spec.entry("route").filter(|e| !e.value.is_null()) else {
        return;
    };
    if route.value.as_mapping().is_none() {
        return;
    }
    match route.value.get("receiver") {
        Some(r) if r.as_str().is_some_and(|v| !v.is_empty()) => {}
        // A templated or odd value is not judged.
        Some(r) if r.as_scalar().is_none() => {}
        _ => issues.push(Issue {
            kind: IssueKind::UndefinedReceiver,
            span: route.key.span,
            message: "the top route of an AlertmanagerConfig names no receiver".into(),
            help: Some(match names.first() {
                Some(n) => format!("add `receiver: {n}` (or another of `spec.receivers`)"),
                None => {
                    "define a receiver under `spec.receivers` and name it in `receiver:`".into()
                }
            }),
        }),
    }
    check_operator_route(&route.value, &names, 0, issues);
}

fn check_operator_route(route: &Node, names: &[&str], depth: usize, issues: &mut Vec<Issue>) {
    if depth > yaml::MAX_DEPTH {
        return;
    }
    if let Some(r) = route.get("receiver") {
        if let Some(v) = r.as_str().filter(|v| !v.is_empty() && !r.is_null()) {
            if !names.contains(&v) {
                let help = match crate::suggest::closest(v, names) {
                    Some(c) => format!("did you mean `{c}`? Receivers: {}", names.join(", ")),
                    None if names.is_empty() => {
                        "define it under `spec.receivers` of this AlertmanagerConfig".into()
                    }
                    None => format!(
                        "define it under `spec.receivers`, or use one of: {}",
                        names.join(", ")
                    ),
                };
                issues.push(Issue {
                    kind: IssueKind::UndefinedReceiver,
                    span: r.span,
                    message: format!(
                        "receiver {v:?} is not among the `spec.receivers` of this AlertmanagerConfig"
                    ),
                    help: Some(help),
                });
            }
        }
    }
    for child in route
        .get("routes")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        check_operator_route(child, names, depth + 1, issues);
    }
}

fn entries(node: Option<&Node>) -> &[yaml::Entry] {
    node.and_then(Node::as_mapping).unwrap_or(&[])
}

/// A document held as the string value of `node` (a block scalar, a
/// quoted or JSON string).
fn in_scalar(text: &str, object: &str, key: &str, node: &Node, want: Want) -> Option<Found> {
    let value = node.as_str().filter(|_| !node.is_null())?;
    Some(Found {
        name: format!("{object}/{key}"),
        text: value.to_string(),
        place: Placement::Scalar(ScalarMap::new(text, node)),
        want,
    })
}

fn base64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()
}

fn gunzip(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_DECODED)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn utf8(bytes: Vec<u8>) -> Option<String> {
    String::from_utf8(bytes).ok()
}

/// Models one embedded document as the kind it must be; `None` when it is
/// not one (a `.json` key holding something else than a dashboard).
fn model_found(
    parent: &Arc<SourceFile>,
    name: String,
    text: String,
    place: Placement,
    want: Want,
) -> Option<FileModel> {
    let path = PathBuf::from(format!("{}#{}", parent.path.to_string_lossy(), name));
    let mut source = SourceFile::new(path, text);
    source.origin = Some(Arc::new(Origin {
        parent: Arc::clone(parent),
        place,
    }));
    let mut model = empty_model(source);
    let text = &model.source.text;
    if let Want::Dashboard(renderer) = want {
        let loaded = yaml::load_json(text);
        for doc in &loaded.documents {
            if grafana::dashboard::is_dashboard(&doc.root) {
                let mut dashboard = grafana::dashboard::read(text, &doc.root);
                dashboard.renderer = renderer;
                model.dashboards.push(dashboard);
            }
        }
        model.kind = if !model.dashboards.is_empty() {
            FileKind::GrafanaDashboard
        } else if !loaded.errors.is_empty() && meant_as_dashboard(text) {
            FileKind::Broken
        } else {
            return None;
        };
        model.load_errors = loaded.errors;
    } else {
        let loaded = yaml::load_yaml(text);
        let mut docs = loaded.documents.iter().filter(|d| !d.root.is_null());
        let first = docs.next();
        let rules = matches!(want, Want::RulesOrAlertmanager { .. });
        match first {
            Some(doc)
                if rules
                    && doc.root.get("groups").is_some()
                    && doc.root.get("tests").is_none()
                    && doc.root.get("kind").is_none() =>
            {
                let mut issues = ShapeIssues::default();
                model.groups = rules::read_rule_document(text, &doc.root, &mut issues);
                model.shape = issues.0;
                // Prometheus reads the first document only.
                model.ignored_documents = docs.map(|d| d.root.span).collect();
                model.kind = FileKind::RuleFile;
            }
            Some(doc) if is_alertmanager(&doc.root) => {
                let mut cfg = crate::config::alertmanager::read(text, &doc.root);
                crate::config::alertmanager::resolve_templates(&mut cfg, &model.source.path);
                model.alertmanager = Some(cfg);
                model.kind = FileKind::AlertmanagerConfig;
            }
            _ if !loaded.errors.is_empty()
                && !templated(text)
                && matches!(
                    want,
                    Want::Alertmanager | Want::RulesOrAlertmanager { named: true }
                ) =>
            {
                model.kind = FileKind::Broken;
            }
            _ => return None,
        }
        model.load_errors = loaded.errors;
    }
    relocate_load_messages(&mut model);
    Some(model)
}

/// An Alertmanager configuration: a mapping with a `route` mapping or
/// `receivers` list and no Kubernetes object keys (an empty one too: the
/// key said what it is).
fn is_alertmanager(root: &Node) -> bool {
    let Some(entries) = root.as_mapping() else {
        return false;
    };
    let has = |k: &str| entries.iter().any(|e| e.key.as_str() == Some(k));
    (root.get("route").is_some_and(|r| r.as_mapping().is_some())
        || root
            .get("receivers")
            .is_some_and(|r| r.as_sequence().is_some())
        || has("global"))
        && !has("apiVersion")
        && !has("kind")
        && !has("spec")
}

/// Text that does not load as JSON but is clearly meant as a dashboard
/// (and is not a Helm template that renders into one).
fn meant_as_dashboard(text: &str) -> bool {
    (text.contains("\"panels\"") || text.contains("\"rows\"")) && !templated(text)
}

/// Whether the text holds Go template actions such as a chart's
/// (`{{ .Values.x }}`, `{{- include ... }}`): a document that does not load
/// may then be a template that renders into a valid one, and is not
/// reported. (Alertmanager and rule templates look alike, so a broken one
/// that holds them is not reported either; legends like `{{ pod }}` do
/// not count.)
fn templated(text: &str) -> bool {
    text.match_indices("{{").any(|(i, _)| {
        let rest = text[i + 2..].trim_start_matches('-').trim_start();
        rest.starts_with('.')
            || rest.starts_with('$')
            || [
                "include ",
                "template ",
                "toJson",
                "toYaml",
                "tpl ",
                "if ",
                "range ",
                "with ",
                "end",
            ]
            .iter()
            .any(|k| rest.starts_with(k))
    })
}

/// The loaders name the line of a key's first definition in their own
/// text; for an embedded document, that is the line in the embedding file.
fn relocate_load_messages(model: &mut FileModel) {
    let source = &model.source;
    for e in &mut model.load_errors {
        let LoadErrorKind::DuplicateKey { first } = e.kind else {
            continue;
        };
        let own = format!("at line {}", source.own_line_col(first.start).line);
        if let Some(head) = e.message.strip_suffix(&own) {
            e.message = format!("{head}at line {}", source.line_col(first.start).line);
        }
    }
}

/// Moves every diagnostic on an embedded document to the file that embeds
/// it: the span through the scalar's map, or onto the key of a decoded
/// value with the position in the decoded text added to the message.
pub fn relocate(files: &[Arc<FileModel>], diagnostics: &mut [Diagnostic]) {
    let virtual_files: HashMap<&Path, &SourceFile> = files
        .iter()
        .filter(|f| f.source.origin.is_some())
        .map(|f| (f.source.path.as_path(), &f.source))
        .collect();
    if virtual_files.is_empty() {
        return;
    }
    for d in diagnostics {
        let Some(source) = virtual_files.get(d.file.as_path()) else {
            continue;
        };
        let Some(origin) = source.origin.as_deref() else {
            continue;
        };
        if let Placement::Decoded { what, .. } = &origin.place {
            let at = source.own_line_col(d.span.start);
            d.message = format!(
                "{} (line {}, column {} of {what})",
                d.message, at.line, at.column
            );
        }
        d.span = origin.span_in_parent(d.span);
        d.file = origin.parent.path.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model_file;

    fn expand_text(path: &str, text: &str) -> (FileModel, Vec<FileModel>) {
        let mut model = model_file(SourceFile::new(path, text.to_string()), false);
        let embedded = expand(&mut model);
        (model, embedded)
    }

    #[test]
    fn a_dashboard_in_a_configmap_is_a_file_of_its_own() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\ndata:\n  d.json: |\n    {\"title\": \"t\", \"panels\": []}\n";
        let (parent, embedded) = expand_text("m/cm.yaml", text);
        assert_eq!(parent.kind, FileKind::KubernetesManifest);
        assert!(parent.is_checked());
        assert_eq!(embedded.len(), 1);
        let d = &embedded[0];
        assert_eq!(d.kind, FileKind::GrafanaDashboard);
        assert_eq!(d.source.path, PathBuf::from("m/cm.yaml#dash/d.json"));
        assert!(!d.is_checked());
        // `"panels"` on line 7, column 20 of the manifest.
        let at = d.source.text.find("\"panels\"").unwrap();
        let lc = d.source.line_col(at);
        assert_eq!((lc.line, lc.column), (7, 20));
    }

    #[test]
    fn other_documents_are_not_read() {
        // A JSON value that is no dashboard, a YAML value that is neither
        // rules nor an Alertmanager configuration, a Secret key that is
        // not an Alertmanager configuration, and binary data.
        let text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  a.json: '{\"x\": 1}'\n  b.yaml: 'scrape_configs: []'\nbinaryData:\n  c.json: e30=\n---\napiVersion: v1\nkind: Secret\nstringData:\n  config.yaml: 'route: {receiver: x}'\n";
        let (parent, embedded) = expand_text("m.yaml", text);
        assert!(embedded.is_empty());
        assert_eq!(parent.kind, FileKind::Other);
    }

    #[test]
    fn decoded_documents_are_placed_at_their_key() {
        use base64::Engine as _;
        let am = "route:\n  receiver: x\nreceivers:\n  - name: x\n";
        let b64 = base64::engine::general_purpose::STANDARD.encode(am);
        let text = format!("apiVersion: v1\nkind: Secret\ndata:\n  alertmanager.yaml: {b64}\n");
        let (_, embedded) = expand_text("s.yaml", &text);
        assert_eq!(embedded.len(), 1);
        assert_eq!(embedded[0].kind, FileKind::AlertmanagerConfig);
        let origin = embedded[0].source.origin.as_deref().unwrap();
        let key = text.find("alertmanager.yaml").unwrap();
        assert_eq!(
            origin.span_in_parent(crate::source::Span::new(5, 9)),
            crate::source::Span::new(key, key + "alertmanager.yaml".len())
        );
    }

    #[test]
    fn relocate_moves_findings_to_the_embedding_file() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\ndata:\n  a.rules.yml: |\n    groups: []\n";
        let (parent, embedded) = expand_text("cm.yaml", text);
        let mut files = vec![Arc::new(parent)];
        files.extend(embedded.into_iter().map(Arc::new));
        let mut d = vec![Diagnostic {
            file: files[1].source.path.clone(),
            span: crate::source::Span::new(0, 6),
            severity: crate::diagnostic::Severity::Error,
            code: "x/y",
            message: "m".into(),
            help: None,
        }];
        relocate(&files, &mut d);
        assert_eq!(d[0].file, PathBuf::from("cm.yaml"));
        assert_eq!(&text[d[0].span.range()], "groups");
        assert_eq!(d[0].message, "m");
    }

    #[test]
    fn chart_templates_are_told_apart_from_legends() {
        assert!(templated("{{ .Values.dashboard }}"));
        assert!(templated("{{- include \"x\" . }}"));
        assert!(!templated("{\"legendFormat\": \"{{ pod }}\"}"));
        assert!(!templated("{\"legendFormat\": \"{{instance}}\"}"));
    }
}
