//! The file model: one checked file, loaded, recognised and parsed, with
//! what it contains. `project` puts the files together; checks only read
//! them.

pub mod classify;
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
    /// A promtool unit-test file (`tests:` with `rule_files:`): its schema
    /// and the rule files it names are checked; `promlint test` runs it.
    UnitTest,
    /// A Helm chart's `Chart.yaml`.
    HelmChart,
    /// A file in a Helm chart's `templates/`: Go-template source, not
    /// YAML. Not checked.
    HelmTemplate,
}

#[derive(Clone, Debug)]
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
    pub notification_template:
        Option<Result<crate::template::NotificationTemplate, crate::template::TemplateError>>,
    /// Problems of the Prometheus Operator `AlertmanagerConfig` resources
    /// in the file (routes naming receivers the resource does not define).
    pub operator_alertmanager_issues: Vec<crate::config::alertmanager::Issue>,
    /// For a `HelmChart` file: what the chart holds.
    pub helm_chart: Option<classify::HelmChart>,
    /// For a `UnitTest` file: what makes promtool refuse to load it
    /// (unknown fields, wrong types), read by the `promlint test` reader.
    pub unit_test_errors: Vec<crate::unittest::file::SchemaError>,
    /// The `# promlint disable=...` comments of the file.
    pub suppressions: crate::suppress::Suppressions,
    /// What cross-file checks derive from this file alone.
    pub memo: Memo,
}

/// Facts cross-file checks derive from one file alone, computed on first
/// use and kept with the model: a model an editor's next re-check shares
/// (`Arc`) has them already, so those checks only combine them.
#[derive(Debug, Default)]
pub struct Memo {
    /// Label names the file's rules and groups set, and every identifier
    /// in its rules' expressions (`project/unknown-label`).
    pub rule_labels: std::sync::OnceLock<Vec<String>>,
    /// Metric names the file's queries read through a counter range
    /// function (`grafana/counter-agg`).
    pub rated_names: std::sync::OnceLock<Vec<String>>,
}

/// A copy starts empty: it is made to be changed (`Arc::make_mut`).
impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
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
        !matches!(
            self.kind,
            FileKind::Other | FileKind::Unrecognized | FileKind::HelmChart | FileKind::HelmTemplate
        ) && self.source.origin.is_none()
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
        helm_chart: None,
        unit_test_errors: Vec::new(),
        suppressions: Default::default(),
        memo: Memo::default(),
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

/// How to read a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// Recognise it by content (a name only breaks ties).
    Detect,
    /// An exposition, whatever its name (`--metrics`).
    Metrics,
    /// A rule file, whatever its name and content: a prometheus.yml's
    /// `rule_files` names it, so Prometheus loads it as one.
    Rules,
}

/// Loads, classifies and models one file; `as_metrics` reads it as an
/// exposition whatever its name.
pub fn model_file_as(source: SourceFile, explicit: bool, as_metrics: bool) -> FileModel {
    let read = if as_metrics {
        ReadAs::Metrics
    } else {
        ReadAs::Detect
    };
    model_file_with(source, explicit, read)
}

/// Loads, classifies and models one file, read as `read` says.
pub fn model_file_with(source: SourceFile, explicit: bool, read: ReadAs) -> FileModel {
    let suppressions = crate::suppress::read(&source);
    let mut model = model_file_inner(source, explicit, read);
    model.suppressions = suppressions;
    model
}

fn model_file_inner(source: SourceFile, explicit: bool, read: ReadAs) -> FileModel {
    let mut model = empty_model(source);
    let ext = extension(&model.source.path);
    let as_rules = read == ReadAs::Rules;
    if read == ReadAs::Metrics || EXPOSITION_EXTENSIONS.contains(&ext.as_str()) {
        model.kind = FileKind::Exposition;
        model.exposition = Some(crate::exposition::parse(&model.source.text));
        return model;
    }
    if !as_rules && SOURCE_EXTENSIONS.contains(&ext.as_str()) {
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
    if !as_rules && crate::config::promlint::is_config_path(&model.source.path) {
        model.kind = FileKind::Config;
        let mut loaded = crate::config::promlint::parse(
            &model.source.text,
            &|code| crate::checks::find_rule(code).is_some(),
            &crate::catalog::builtin::builtin_catalogs()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
        );
        let folder = model
            .source
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        loaded.config.set_base(folder);
        model.config = Some(loaded);
        return model;
    }
    if !as_rules && ext == "promql" {
        model.kind = FileKind::Promql;
        model.queries = promql_file::read(&model.source.text);
        return model;
    }
    if !as_rules && classify::in_helm_templates(&model.source.path) {
        model.kind = FileKind::HelmTemplate;
        if !explicit {
            model.source = SourceFile::new(model.source.path, String::new());
        }
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
    let rule_like = as_rules || path_mentions_rules(&model.source.path);
    let mut first_document = true;
    for doc in &loaded.documents {
        if doc.root.is_null() {
            continue;
        }
        let values = !as_rules && classify::is_helm_values(&model.source.path, &doc.root);
        let mut kind = if as_rules {
            FileKind::RuleFile
        } else if values {
            // A Helm values file: whatever its keys (`route:` for Gateway
            // API settings, `groups:`), not a monitoring file.
            FileKind::Other
        } else {
            // Grafana first: its alerting provisioning files have
            // `groups:` too, which are not Prometheus rule groups.
            let k = classify_grafana(&doc.root, ext == "json");
            if k == FileKind::Other {
                classify(&doc.root, rule_like)
            } else {
                k
            }
        };
        if kind == FileKind::Other
            && !values
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
            && !values
            && first_document
            && crate::config::prometheus::named_like_config(&model.source.path, &doc.root)
        {
            kind = FileKind::PrometheusConfig;
        }
        if kind == FileKind::Other && first_document {
            if let Some(chart) = classify::helm_chart(&model.source.path, &doc.root) {
                model.helm_chart = Some(chart);
                kind = FileKind::HelmChart;
            } else if let Some(c) = crate::catalog::scan::exporter_config::read(&doc.root) {
                // Exporters read the first document only.
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
        if !as_rules && doc.root.get("tests").is_some() && doc.root.get("rule_files").is_some() {
            model.unit_test_rule_files =
                crate::config::prometheus::rule_file_globs(&doc.root, &dir());
            if kind == FileKind::Other && first_document && !values {
                kind = FileKind::UnitTest;
            }
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
            // as rules even without `groups:` when its content allows it
            // (a misspelt `group:` is exactly what must be reported);
            // anything else there is some other file.
            FileKind::Other
                if rule_like
                    && !values
                    && !is_other_known_kind(&doc.root)
                    && classify::content_allows_rules(&doc.root) =>
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
    } else if as_rules
        || kinds.contains(&FileKind::RuleFile)
        || (rule_like && loaded.documents.is_empty())
    {
        FileKind::RuleFile
    } else if kinds.contains(&FileKind::GrafanaDashboard) {
        FileKind::GrafanaDashboard
    } else if kinds.contains(&FileKind::GrafanaProvisioning) {
        FileKind::GrafanaProvisioning
    } else if model.exporter.is_some() {
        FileKind::ExporterConfig
    } else if kinds.contains(&FileKind::UnitTest) {
        FileKind::UnitTest
    } else if kinds.contains(&FileKind::HelmChart) {
        FileKind::HelmChart
    } else if !model.load_errors.is_empty() && broken_is_reported(&model.source, explicit, &ext) {
        FileKind::Broken
    } else if explicit && loaded.documents.iter().any(|d| !d.root.is_null()) {
        FileKind::Unrecognized
    } else if explicit && model.load_errors.is_empty() {
        // An empty file named on purpose: checked, nothing to say.
        FileKind::RuleFile
    } else if explicit {
        FileKind::Unrecognized
    } else {
        FileKind::Other
    };
    if !as_rules
        && !model.load_errors.is_empty()
        && classify::is_template_source(&model.source.text)
        && !matches!(model.kind, FileKind::Broken)
    {
        // Template source (Jinja, Liquid) that starts like a monitoring
        // file: what was read before the first template tag says nothing.
        model = without_content(model, explicit);
    }
    if model.kind == FileKind::UnitTest && model.load_errors.is_empty() {
        if let Err(errors) = crate::unittest::file::read(&model.source) {
            model.unit_test_errors = errors;
        }
        let missing = unit_test_missing_rule_files(&model.unit_test_rule_files);
        model.unit_test_errors.extend(missing);
    }
    if !model.is_checked() {
        // Problems of files promlint does not check are not reported.
        model.load_errors.clear();
    }
    model
}

/// The `rule_files` entries of a unit-test file that promtool cannot
/// load: a file name (no `*`) that names no file, or a malformed
/// pattern. A glob that matches nothing only makes promtool warn. A
/// missing file that the repository's `.gitignore` excludes is built
/// before the tests run (a mixin's rendered rules) and not reported.
fn unit_test_missing_rule_files(
    globs: &[crate::config::prometheus::RuleFileGlob],
) -> Vec<crate::unittest::file::SchemaError> {
    let mut out = Vec::new();
    for g in globs {
        let message = match &g.matches {
            Err(e) => e.clone(),
            Ok(found)
                if found.is_empty()
                    && !g.is_glob()
                    && !g.pattern.value.is_empty()
                    && !classify::git_ignored(&g.resolved) =>
            {
                format!("rule file `{}` does not exist", g.pattern.value)
            }
            Ok(_) => continue,
        };
        out.push(crate::unittest::file::SchemaError {
            span: g.pattern.span,
            message,
            help: Some(format!(
                "looked for {} (relative to the folder of this test file): fix the path or add the file",
                g.resolved.display()
            )),
        });
    }
    out
}

/// The model of a file that is none of the kinds promlint checks.
fn without_content(model: FileModel, explicit: bool) -> FileModel {
    let mut m = empty_model(model.source);
    m.kind = if explicit {
        FileKind::Unrecognized
    } else {
        FileKind::Other
    };
    m
}

/// Whether a file that could not be loaded, and whose readable part is of
/// no kind promlint checks, is reported as broken. A file could be
/// anything before it is read, so only what the name and place say
/// counts: a YAML or JSON file named on purpose, one with a top-level
/// `groups:` or `scrape_configs:` line, or one whose path says it
/// holds rules (`rules/`, `*.rules.yml`) or whose name says it is a
/// Prometheus or Alertmanager configuration (`prometheus*.yml`,
/// `*alertmanager*.yml`; not Helm values such as `prometheus-values.yaml`).
/// Template sources (Helm, Jinja, Liquid) are not YAML and never reported.
fn broken_is_reported(source: &SourceFile, explicit: bool, ext: &str) -> bool {
    if classify::is_template_source(&source.text) {
        return false;
    }
    if explicit {
        return classify::yaml_extension(ext);
    }
    let name = classify::file_name(&source.path);
    matches!(ext, "yml" | "yaml" | "json")
        && (path_mentions_rules(&source.path)
            || classify::starts_like_monitoring_file(&source.text)
            || ((name.starts_with("prometheus") || name.contains("alertmanager"))
                && !name.contains("values")))
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

/// Recognises a document by its content; `rule_like` (the path mentions
/// rules) only breaks ties the content leaves open.
fn classify(root: &Node, rule_like: bool) -> FileKind {
    if root.get("kind").and_then(Node::as_str) == Some("PrometheusRule") {
        return FileKind::RuleManifest;
    }
    if root.get("tests").is_none()
        && classify::groups_are_rule_groups(root, rule_like) == Some(true)
    {
        return FileKind::RuleFile;
    }
    let am_route = root
        .get("route")
        .is_some_and(classify::route_is_alertmanager);
    let am_receivers = root
        .get("receivers")
        .is_some_and(classify::receivers_are_alertmanager);
    if (am_route || am_receivers) && looks_like_alertmanager(root) {
        return FileKind::AlertmanagerConfig;
    }
    if crate::config::prometheus::is_prometheus_config(root) {
        return FileKind::PrometheusConfig;
    }
    FileKind::Other
}
