//! The file model: one checked file, loaded, recognised and parsed, with
//! what it contains. `project` puts the files together; checks only read
//! them.

pub mod embedded;
pub mod loki_rules;
pub mod promql_file;
pub mod query;
pub mod rules;
pub mod shape;
pub mod target_labels;
pub mod test_series;

use crate::grafana;
use crate::source::{SourceFile, Span};
use crate::syntax::yaml::{self, LoadError, Node};
use query::Query;
use rules::Group;
use shape::{ShapeIssue, ShapeIssues};
use std::path::PathBuf;

/// What a file was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A Prometheus rule file, or a YAML stream with rule documents.
    RuleFile,
    /// A stream of Kubernetes `PrometheusRule` manifests.
    RuleManifest,
    /// A `.promql` file of standalone expressions.
    Promql,
    /// An Alertmanager configuration (`alertmanager.yml`).
    AlertmanagerConfig,
    /// A Prometheus server configuration (prometheus.yml).
    PrometheusConfig,
    /// A YAML or JSON file that could not be loaded at all.
    Broken,
    /// A file the user named that is of no kind promlint checks.
    Unrecognized,
    /// Not a kind promlint checks (yet); such files are not reported.
    Other,
    /// A metrics exposition (`*.prom`, `*.metrics`, or named as one).
    Exposition,
    /// Source code that declares metrics with a Prometheus client library.
    Source,
    /// A `.promlint.yml` settings file.
    Config,
    /// A Grafana dashboard (JSON), bare or in the HTTP API envelope.
    GrafanaDashboard,
    /// A Grafana provisioning file (datasources, dashboard providers).
    GrafanaProvisioning,
    /// An Alertmanager notification template file, matched by the
    /// `templates` globs of an Alertmanager configuration.
    AlertmanagerTemplate,
    /// The configuration of an exporter whose metrics it declares
    /// (snmp_exporter, json_exporter, statsd_exporter mappings) or
    /// implies (blackbox_exporter).
    ExporterConfig,
    /// Kubernetes objects that embed monitoring documents (dashboards and
    /// rules in `ConfigMap`s, Alertmanager configurations in `Secret`s,
    /// `GrafanaDashboard`s); each document is a file model of its own
    /// (`model::embedded`).
    KubernetesManifest,
}

#[derive(Debug)]
pub struct FileModel {
    pub source: SourceFile,
    pub kind: FileKind,
    /// YAML/JSON syntax errors and duplicate keys.
    pub load_errors: Vec<LoadError>,
    pub shape: Vec<ShapeIssue>,
    pub groups: Vec<Group>,
    /// Standalone expressions (`.promql` files).
    pub queries: Vec<Query>,
    /// Rule documents after the first of a plain rule file: Prometheus
    /// reads only the first document, so these are never loaded.
    pub ignored_documents: Vec<Span>,
    /// The exposition read from an `Exposition` file.
    pub exposition: Option<crate::exposition::Exposition>,
    /// The metric declarations found in a `Source` file.
    pub scanned: Option<crate::catalog::Scanned>,
    /// What an `ExporterConfig` file declares.
    pub exporter: Option<crate::catalog::scan::exporter_config::ExporterConfig>,
    /// Series named in the `input_series` of promtool unit tests.
    pub test_series: Vec<test_series::TestSeries>,
    /// The settings read from a `Config` file.
    pub config: Option<crate::config::promlint::LoadedConfig>,
    /// Target labels of a Prometheus configuration's scrape jobs.
    pub target_labels: Option<target_labels::TargetLabels>,
    /// The Alertmanager configuration, for `AlertmanagerConfig` files.
    pub alertmanager: Option<crate::config::alertmanager::AlertmanagerConfig>,
    /// Grafana dashboards (one per JSON file).
    pub dashboards: Vec<grafana::dashboard::Dashboard>,
    /// Grafana provisioning documents.
    pub grafana_provisioning: Vec<grafana::provisioning::Provisioning>,
    /// Bind mounts of a docker-compose file (to find which dashboards a
    /// Grafana container reads).
    pub compose_mounts: Vec<grafana::Mount>,
    /// The Prometheus configuration, for a prometheus.yml.
    pub prometheus: Option<crate::config::prometheus::PrometheusConfig>,
    /// The `rule_files` of a promtool unit test file: the rule files its
    /// tests load.
    pub unit_test_rule_files: Vec<crate::config::prometheus::RuleFileGlob>,
    /// For an `AlertmanagerTemplate` file: the template names it defines,
    /// or the error Alertmanager's template parser stops at.
    pub notification_template: Option<Result<Vec<String>, crate::template::TemplateError>>,
    /// Problems of the Prometheus Operator `AlertmanagerConfig` resources
    /// in the file (routes naming receivers the resource does not define).
    pub operator_alertmanager_issues: Vec<crate::config::alertmanager::Issue>,
}

impl FileModel {
    /// Every PromQL expression of the file: rule expressions and
    /// standalone ones.
    pub fn all_queries(&self) -> impl Iterator<Item = &Query> {
        self.groups
            .iter()
            .flat_map(|g| g.rules.iter())
            .filter_map(|r| r.expr.as_ref())
            .chain(self.queries.iter())
            .chain(
                self.dashboards
                    .iter()
                    .flat_map(|d| d.queries.iter().map(|q| &q.query)),
            )
    }

    /// Whether the file counts as checked: embedded documents count with
    /// the file that embeds them.
    pub fn is_checked(&self) -> bool {
        !matches!(self.kind, FileKind::Other | FileKind::Unrecognized)
            && self.source.origin.is_none()
    }
}

/// A file to read: its path, and whether the user named it (then it is
/// reported when promlint does not know what it is).
#[derive(Clone, Debug)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

pub(crate) fn extension(path: &std::path::Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A model of the file with nothing read from it yet.
pub(crate) fn empty_model(source: SourceFile) -> FileModel {
    FileModel {
        source,
        kind: FileKind::Other,
        load_errors: Vec::new(),
        shape: Vec::new(),
        groups: Vec::new(),
        queries: Vec::new(),
        ignored_documents: Vec::new(),
        exposition: None,
        scanned: None,
        exporter: None,
        test_series: Vec::new(),
        config: None,
        target_labels: None,
        alertmanager: None,
        dashboards: Vec::new(),
        grafana_provisioning: Vec::new(),
        compose_mounts: Vec::new(),
        prometheus: None,
        unit_test_rule_files: Vec::new(),
        notification_template: None,
        operator_alertmanager_issues: Vec::new(),
    }
}

/// Loads, classifies and models one file.
pub fn model_file(source: SourceFile, explicit: bool) -> FileModel {
    model_file_as(source, explicit, false)
}

/// Source files (by extension) that may declare metrics.
pub const SOURCE_EXTENSIONS: &[&str] = &["py", "go", "js", "mjs", "cjs", "ts", "rs"];
/// Exposition files by extension.
pub const EXPOSITION_EXTENSIONS: &[&str] = &["prom", "metrics"];

/// Loads, classifies and models one file; `as_metrics` reads it as an
/// exposition whatever its name.
pub fn model_file_as(source: SourceFile, explicit: bool, as_metrics: bool) -> FileModel {
    let mut model = empty_model(source);
    let ext = extension(&model.source.path);
    if as_metrics || EXPOSITION_EXTENSIONS.contains(&ext.as_str()) {
        model.kind = FileKind::Exposition;
        model.exposition = Some(crate::exposition::parse(&model.source.text));
        return model;
    }
    if SOURCE_EXTENSIONS.contains(&ext.as_str()) {
        use crate::catalog::scan;
        if let Some(lang) = scan::Language::from_path(&model.source.path) {
            if scan::may_declare_metrics(lang, &model.source.text) {
                model.kind = FileKind::Source;
                model.scanned = Some(scan::scan(lang, &model.source.text));
            }
        }
        if model.kind == FileKind::Other {
            // Never reported on: keep no copy of a large tree's code.
            model.source = SourceFile::new(model.source.path, String::new());
        }
        return model;
    }
    if crate::config::promlint::is_config_path(&model.source.path) {
        model.kind = FileKind::Config;
        model.config = Some(crate::config::promlint::parse(
            &model.source.text,
            &|code| crate::checks::find_rule(code).is_some(),
            &crate::catalog::builtin::builtin_catalogs()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
        ));
        return model;
    }
    if ext == "promql" {
        model.kind = FileKind::Promql;
        model.queries = promql_file::read(&model.source.text);
        return model;
    }
    let loaded = if ext == "json" {
        yaml::load_json(&model.source.text)
    } else {
        yaml::load_yaml(&model.source.text)
    };
    model.load_errors = loaded.errors;
    let mut issues = ShapeIssues::default();
    let mut kinds = Vec::new();
    let rule_like = path_mentions_rules(&model.source.path);
    let mut first_document = true;
    for doc in &loaded.documents {
        if doc.root.is_null() {
            continue;
        }
        // Grafana first: its alerting provisioning files have `groups:`
        // too, which are not Prometheus rule groups.
        let mut kind = classify_grafana(&doc.root, ext == "json");
        if kind == FileKind::Other {
            kind = classify(&doc.root);
        }
        if kind == FileKind::Other
            && path_mentions_alertmanager(&model.source.path)
            && looks_like_alertmanager(&doc.root)
        {
            kind = FileKind::AlertmanagerConfig;
        }
        if kind == FileKind::AlertmanagerConfig && first_document {
            // Alertmanager reads the first document only.
            let mut cfg = crate::config::alertmanager::read(&model.source.text, &doc.root);
            crate::config::alertmanager::resolve_templates(&mut cfg, &model.source.path);
            model.alertmanager = Some(cfg);
        }
        if kind == FileKind::Other
            && first_document
            && crate::config::prometheus::named_like_config(&model.source.path, &doc.root)
        {
            kind = FileKind::PrometheusConfig;
        }
        if kind == FileKind::Other && first_document {
            // Exporters read the first document only.
            if let Some(c) = crate::catalog::scan::exporter_config::read(&doc.root) {
                kind = FileKind::ExporterConfig;
                model.exporter = Some(c);
            }
        }
        let dir = || match model.source.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Prometheus reads only the first document of its configuration.
        if kind == FileKind::PrometheusConfig && first_document {
            model.prometheus = Some(crate::config::prometheus::read(
                &doc.root,
                &dir(),
                &model.source.text,
            ));
        }
        if doc.root.get("tests").is_some() && doc.root.get("rule_files").is_some() {
            model.unit_test_rule_files =
                crate::config::prometheus::rule_file_globs(&doc.root, &dir());
        }
        if !first_document && kind == FileKind::RuleFile {
            model.ignored_documents.push(doc.root.span);
        }
        first_document = false;
        let groups = match kind {
            FileKind::RuleManifest => {
                rules::read_manifest_document(&model.source.text, &doc.root, &mut issues)
            }
            FileKind::RuleFile => {
                rules::read_rule_document(&model.source.text, &doc.root, &mut issues)
            }
            FileKind::ExporterConfig => Vec::new(),
            // A document in a file whose path says it holds rules is read
            // as rules even without `groups:` (a misspelt `group:` is
            // exactly what must be reported); empty documents say nothing.
            _ if rule_like
                && kind != FileKind::PrometheusConfig
                && !doc.root.is_null()
                && !is_other_known_kind(&doc.root) =>
            {
                kinds.push(FileKind::RuleFile);
                rules::read_rule_document(&model.source.text, &doc.root, &mut issues)
            }
            FileKind::GrafanaDashboard => {
                let d = grafana::dashboard::read(&model.source.text, &doc.root);
                model.dashboards.push(d);
                Vec::new()
            }
            FileKind::GrafanaProvisioning => {
                let p = grafana::provisioning::read(&model.source.text, &doc.root);
                model.grafana_provisioning.push(p);
                Vec::new()
            }
            _ => {
                if grafana::is_compose(&doc.root) {
                    let mounts = grafana::compose_mounts(&model.source.path, &doc.root);
                    model.compose_mounts.extend(mounts);
                }
                if root_is_unit_test(&doc.root) {
                    test_series::read(&doc.root, &mut model.test_series);
                }
                if let Some(t) = target_labels::read(&doc.root) {
                    model.target_labels = Some(t);
                }
                Vec::new()
            }
        };
        model.groups.extend(groups);
        kinds.push(kind);
    }
    model.shape = issues.0;
    loki_rules::set_aside(&mut model.groups);
    model.kind = if model.alertmanager.is_some() {
        FileKind::AlertmanagerConfig
    } else if model.prometheus.is_some() {
        FileKind::PrometheusConfig
    } else if kinds.contains(&FileKind::RuleManifest) {
        FileKind::RuleManifest
    } else if kinds.contains(&FileKind::RuleFile) || (rule_like && loaded.documents.is_empty()) {
        FileKind::RuleFile
    } else if kinds.contains(&FileKind::GrafanaDashboard) {
        FileKind::GrafanaDashboard
    } else if kinds.contains(&FileKind::GrafanaProvisioning) {
        FileKind::GrafanaProvisioning
    } else if model.exporter.is_some() {
        FileKind::ExporterConfig
    } else if !model.load_errors.is_empty() {
        FileKind::Broken
    } else if explicit && loaded.documents.iter().any(|d| !d.root.is_null()) {
        FileKind::Unrecognized
    } else if explicit {
        // An empty file named on purpose: checked, nothing to say.
        FileKind::RuleFile
    } else {
        FileKind::Other
    };
    model
}

/// Whether a folder or file name on the path mentions rules (`rules/`,
/// `alert.rules.yml`, `recording_rules.yaml`).
fn path_mentions_rules(path: &std::path::Path) -> bool {
    path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.to_ascii_lowercase().contains("rule"))
    })
}

/// Documents that are clearly something other than rules: Kubernetes
/// objects, promtool unit tests, Prometheus, Alertmanager and Grafana
/// files. Such documents are never read as rules because of their path.
fn is_other_known_kind(root: &Node) -> bool {
    const KEYS: &[&str] = &[
        "apiVersion",
        "kind",
        "tests",
        "rule_files",
        "scrape_configs",
        "route",
        "receivers",
        "panels",
        "dashboard",
        "datasources",
        "providers",
    ];
    KEYS.iter().any(|k| root.get(k).is_some())
}

/// A promtool unit test file.
fn root_is_unit_test(root: &Node) -> bool {
    root.get("tests").is_some() && root.get("groups").is_none()
}

/// Whether the file name says it is an Alertmanager configuration.
fn path_mentions_alertmanager(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().contains("alertmanager"))
}

/// A mapping that may be an Alertmanager configuration: empty, or with an
/// Alertmanager top-level key, and none of the keys of the other YAML
/// files that have `route` or `receivers` (Kubernetes objects such as the
/// operator's `AlertmanagerConfig`, OpenTelemetry collector configs).
fn looks_like_alertmanager(root: &Node) -> bool {
    let Some(entries) = root.as_mapping() else {
        return false;
    };
    const AM: &[&str] = &[
        "global",
        "route",
        "receivers",
        "inhibit_rules",
        "templates",
        "time_intervals",
        "mute_time_intervals",
    ];
    const OTHER: &[&str] = &[
        "apiVersion",
        "kind",
        "exporters",
        "processors",
        "service",
        "spec",
    ];
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    (keys.is_empty() || keys.iter().any(|k| AM.contains(k)))
        && !keys.iter().any(|k| OTHER.contains(k))
}

/// Recognises Grafana documents by content: dashboards in JSON files,
/// provisioning files in YAML ones.
fn classify_grafana(root: &Node, json: bool) -> FileKind {
    if json && grafana::dashboard::is_dashboard(root) {
        FileKind::GrafanaDashboard
    } else if !json && grafana::provisioning::is_provisioning(root) {
        FileKind::GrafanaProvisioning
    } else {
        FileKind::Other
    }
}

/// Recognises a document by its content.
fn classify(root: &Node) -> FileKind {
    if root.get("kind").and_then(Node::as_str) == Some("PrometheusRule") {
        return FileKind::RuleManifest;
    }
    if root.get("groups").is_some() && root.get("tests").is_none() {
        return FileKind::RuleFile;
    }
    let am_route = root.get("route").is_some_and(|r| r.as_mapping().is_some());
    let am_receivers = root
        .get("receivers")
        .is_some_and(|r| r.as_sequence().is_some());
    if (am_route || am_receivers) && looks_like_alertmanager(root) {
        return FileKind::AlertmanagerConfig;
    }
    if crate::config::prometheus::is_prometheus_config(root) {
        return FileKind::PrometheusConfig;
    }
    FileKind::Other
}
