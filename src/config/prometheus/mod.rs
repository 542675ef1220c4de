//! prometheus.yml: read strictly, as Prometheus 3.x reads it, into a model
//! with spans, plus the problems found on the way (`issues`).
//!
//! Reading never fails: every problem is an `Issue` located in the file,
//! and the typed model holds whatever could be read.

mod discovery;
pub mod glob;
mod read;
pub mod relabel;
pub mod schema;
pub mod size;
mod validate;

use crate::source::Span;
use crate::syntax::yaml::Node;
pub use relabel::{Action, RelabelConfig};
use std::path::{Path, PathBuf};
use validate::text;

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// What kind of problem an issue is; each kind is reported by its check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    UnknownField,
    WrongType,
    /// A value Prometheus rejects: a bad duration, size, enum value, regex,
    /// label name, target address.
    InvalidValue,
    MissingField,
    /// Fields that exclude each other.
    Conflict,
    /// Two scrape configs (or remote configs) with one name.
    Duplicate,
    /// A relabel config that breaks its action's rules.
    Relabel,
    ScrapeTimeout,
}

pub type Issue = crate::diagnostic::Finding<IssueKind>;

/// A secret written in the file where a `*_file` form exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainSecret {
    pub span: Span,
    pub field: String,
    /// The value as written (unquoted).
    pub value: String,
    pub file_field: &'static str,
}

/// One `rule_files` entry and what it loads.
#[derive(Clone, Debug)]
pub struct RuleFileGlob {
    pub pattern: Spanned<String>,
    /// The pattern joined to the config file's folder.
    pub resolved: PathBuf,
    /// The files it matches; `Err` for a malformed pattern.
    pub matches: Result<Vec<PathBuf>, String>,
}

impl RuleFileGlob {
    /// promtool treats patterns without `*` as file names that must exist.
    pub fn is_glob(&self) -> bool {
        self.pattern.value.contains('*')
    }

    /// An absolute pattern that matches nothing here: it usually names a
    /// path inside a container.
    pub fn is_elsewhere(&self) -> bool {
        Path::new(&self.pattern.value).is_absolute()
            && self.matches.as_ref().is_ok_and(|m| m.is_empty())
    }

    /// Whether this entry loads the file at `path`. For an absolute
    /// pattern that resolves to nothing here, a file whose name matches the
    /// pattern's last segment counts as loaded (it is likely mounted there).
    pub fn loads(&self, path: &Path) -> bool {
        let wanted = normalize(path);
        if let Ok(found) = &self.matches {
            if found.iter().any(|f| normalize(f) == wanted) {
                return true;
            }
        }
        if self.is_elsewhere() {
            let last = self.pattern.value.rsplit('/').next().unwrap_or("");
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            return glob::match_segment(last, name).unwrap_or(false);
        }
        false
    }
}

impl RuleFileGlob {
    /// Whether this entry loads `path`, also for texts not read from disk
    /// (editors, tests): then the resolved pattern is matched segment by
    /// segment.
    pub fn covers(&self, path: &Path) -> bool {
        if self.loads(path) {
            return true;
        }
        let pattern = normalize(&self.resolved);
        let path = normalize(path);
        let (p, f): (Vec<_>, Vec<_>) =
            (pattern.components().collect(), path.components().collect());
        p.len() == f.len()
            && p.iter().zip(&f).all(|(a, b)| {
                match (a.as_os_str().to_str(), b.as_os_str().to_str()) {
                    (Some(a), Some(b)) => glob::match_segment(a, b).unwrap_or(false),
                    _ => false,
                }
            })
    }
}

pub use crate::source::normalize_path as normalize;

#[derive(Clone, Debug, Default)]
pub struct Global {
    pub span: Option<Span>,
    pub scrape_interval: Option<Spanned<i64>>,
    pub scrape_timeout: Option<Spanned<i64>>,
    pub evaluation_interval: Option<Spanned<i64>>,
    pub external_labels: Vec<(Spanned<String>, Spanned<String>)>,
}

#[derive(Clone, Debug)]
pub struct ScrapeConfig {
    pub span: Span,
    pub job_name: Option<Spanned<String>>,
    pub scrape_interval: Option<Spanned<i64>>,
    pub scrape_timeout: Option<Spanned<i64>>,
    pub metrics_path: Option<Spanned<String>>,
    pub scheme: Option<Spanned<String>>,
    pub params: Vec<(String, Vec<String>)>,
    /// Targets of `static_configs`.
    pub static_targets: Vec<Spanned<String>>,
    /// Whether any service discovery besides `static_configs` is set.
    pub has_dynamic_discovery: bool,
    pub relabel_configs: Vec<RelabelConfig>,
    pub metric_relabel_configs: Vec<RelabelConfig>,
    /// The label names `static_configs` `labels` attach to targets.
    pub static_labels: Vec<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct AlertmanagerConfig {
    pub span: Span,
    pub static_targets: Vec<Spanned<String>>,
    pub path_prefix: Option<Spanned<String>>,
    pub scheme: Option<Spanned<String>>,
}

/// A prometheus.yml file, read.
#[derive(Clone, Debug, Default)]
pub struct PrometheusConfig {
    pub global: Global,
    pub rule_files: Vec<RuleFileGlob>,
    /// `scrape_config_files` entries and the files they match.
    pub scrape_config_files: Vec<RuleFileGlob>,
    pub scrape_configs: Vec<ScrapeConfig>,
    /// The document's top-level keys (a file loaded through
    /// `scrape_config_files` may only have `scrape_configs`).
    pub top_level_keys: Vec<Spanned<String>>,
    pub alertmanagers: Vec<AlertmanagerConfig>,
    /// `alerting.alert_relabel_configs`.
    pub alert_relabel_configs: Vec<RelabelConfig>,
    pub secrets: Vec<PlainSecret>,
    pub issues: Vec<Issue>,
}

/// Prometheus' default `scrape_interval`.
pub const DEFAULT_SCRAPE_INTERVAL: i64 = 60_000;

impl PrometheusConfig {
    /// Every scrape config's `job_name`, with its span.
    pub fn job_names(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.scrape_configs
            .iter()
            .filter_map(|s| s.job_name.as_ref())
    }

    pub fn rule_file_globs(&self) -> &[RuleFileGlob] {
        &self.rule_files
    }

    /// `global.external_labels` as (name, value) pairs.
    pub fn external_labels(&self) -> &[(Spanned<String>, Spanned<String>)] {
        &self.global.external_labels
    }

    /// The statically configured Alertmanager addresses.
    pub fn alertmanager_targets(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.alertmanagers
            .iter()
            .flat_map(|a| a.static_targets.iter())
    }

    /// The global scrape interval in milliseconds (default 1m).
    pub fn global_scrape_interval(&self) -> i64 {
        self.global
            .scrape_interval
            .as_ref()
            .map(|s| s.value)
            .filter(|v| *v > 0)
            .unwrap_or(DEFAULT_SCRAPE_INTERVAL)
    }

    /// A job's scrape interval after global defaults.
    pub fn effective_scrape_interval(&self, job: &ScrapeConfig) -> i64 {
        job.scrape_interval
            .as_ref()
            .map(|s| s.value)
            .filter(|v| *v > 0)
            .unwrap_or_else(|| self.global_scrape_interval())
    }
}

/// Whether a document is a Prometheus configuration: a mapping with a key
/// only prometheus.yml has (or a `global` block with Prometheus' global
/// settings), mostly Prometheus' top-level keys, and none of a rule file
/// or an Alertmanager configuration.
pub fn is_prometheus_config(root: &Node) -> bool {
    const OWN: &[&str] = &[
        "scrape_configs",
        "rule_files",
        "scrape_config_files",
        "remote_write",
        "remote_read",
        "alerting",
        "storage",
        "tracing",
        "otlp",
        "runtime",
    ];
    const FOREIGN: &[&str] = &[
        "groups",
        "route",
        "receivers",
        "apiVersion",
        "tests",
        "templates",
    ];
    let global_is_prometheus = root
        .get("global")
        .and_then(Node::as_mapping)
        .is_some_and(|m| {
            m.iter().any(|e| {
                e.key
                    .as_str()
                    .is_some_and(|k| schema::GLOBAL.fields.iter().any(|(f, _)| *f == k))
            })
        });
    // At least half the top-level keys must be Prometheus' own: a values file of some
    // chart that happens to have an `alerting:` key is not a prometheus.yml.
    let entries = root.as_mapping().unwrap_or(&[]);
    let known = entries
        .iter()
        .filter(|e| {
            e.key
                .as_str()
                .is_some_and(|k| schema::CONFIG.field(k).is_some())
        })
        .count();
    root.as_mapping().is_some()
        && known * 2 >= entries.len()
        && (OWN.iter().any(|k| root.get(k).is_some()) || global_is_prometheus)
        && !FOREIGN.iter().any(|k| root.get(k).is_some())
}

/// Whether a document that no key identifies is still a Prometheus
/// configuration by its file name (`prometheus.yml`, `prometheus-prod.yaml`):
/// a mapping without the keys of other kinds of files. This catches a
/// prometheus.yml whose only keys are misspelt (`scrape_config:`).
pub fn named_like_config(path: &Path, root: &Node) -> bool {
    const FOREIGN: &[&str] = &[
        "groups",
        "route",
        "receivers",
        "apiVersion",
        "tests",
        "templates",
        "kind",
        "datasources",
        "providers",
    ];
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    (name.starts_with("prometheus") && (name.ends_with(".yml") || name.ends_with(".yaml")))
        && root.as_mapping().is_some_and(|m| !m.is_empty())
        && !FOREIGN.iter().any(|k| root.get(k).is_some())
}

/// Reads a prometheus.yml document. `dir` is the folder of the file, that
/// relative `rule_files` are resolved against.
pub fn read(root: &Node, dir: &Path, source: &str) -> PrometheusConfig {
    let mut r = read::Reader::new();
    let global = root.get("global").filter(|g| g.as_mapping().is_some());
    if let Some(g) = global {
        let legacy = validate::validation_scheme(&mut r, g).unwrap_or(false);
        r.legacy = legacy;
        r.global_legacy = legacy;
        r.global_interval = validate::duration(g, "scrape_interval")
            .filter(|d| *d > 0)
            .unwrap_or(DEFAULT_SCRAPE_INTERVAL);
        r.global_escaping = text(g, "metric_name_escaping_scheme")
            .map(|(v, _)| v.to_string())
            .filter(|v| !v.is_empty());
    }
    if root.as_mapping().is_none() && !root.is_null() {
        r.issue(
            IssueKind::WrongType,
            root.span,
            format!(
                "the configuration must be a mapping, found a {}",
                root.kind_name()
            ),
            None,
        );
    } else {
        r.object(root, &schema::CONFIG, "configuration");
    }
    let scrapes: &[Node] = root
        .get("scrape_configs")
        .and_then(Node::as_sequence)
        .unwrap_or(&[]);
    if let (Some(g), Some(esc)) = (global, r.global_escaping.clone()) {
        if !scrapes.is_empty() && !validate::ESCAPING_SCHEMES.contains(&esc.as_str()) {
            let span = text(g, "metric_name_escaping_scheme").map_or(g.span, |(_, n)| n.span);
            r.invalid(
                span,
                format!("unknown global name escaping method specified: {esc:?}"),
                Some(format!(
                    "use one of: {}",
                    validate::ESCAPING_SCHEMES.join(", ")
                )),
            );
        }
    }
    top_level_rules(&mut r, root, scrapes, source);
    let mut config = extract(root, dir);
    config.issues = r.issues;
    config.secrets = r.secrets;
    config
}

/// Rules across items: unique names, rule file path patterns.
fn top_level_rules(r: &mut read::Reader, root: &Node, scrapes: &[Node], source: &str) {
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for s in scrapes {
        let Some((name, n)) = text(s, "job_name") else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        match seen.iter().find(|(k, _)| *k == name) {
            Some((_, first)) => {
                let at = crate::source::LineIndex::new(source).line_col(source, first.start);
                r.issue(
                    IssueKind::Duplicate,
                    n.span,
                    format!("found multiple scrape configs with job name {name:?}"),
                    Some(format!(
                        "job names must be unique; the first is at line {}, column {}: rename one of them",
                        at.line, at.column
                    )),
                );
            }
            None => seen.push((name, n.span)),
        }
    }
    for (key, what) in [
        ("remote_write", "remote write"),
        ("remote_read", "remote read"),
    ] {
        let mut names: Vec<&str> = Vec::new();
        for item in root.get(key).and_then(Node::as_sequence).unwrap_or(&[]) {
            if let Some((name, n)) = text(item, "name").filter(|(v, _)| !v.is_empty()) {
                if names.contains(&name) {
                    r.issue(
                        IssueKind::Duplicate,
                        n.span,
                        format!("found multiple {what} configs with name {name:?}"),
                        Some("names must be unique: rename one of them".into()),
                    );
                }
                names.push(name);
            }
        }
    }
    for (key, what) in [
        ("rule_files", "rule file"),
        ("scrape_config_files", "scrape config file"),
    ] {
        for item in root.get(key).and_then(Node::as_sequence).unwrap_or(&[]) {
            let Some(p) = item.as_str() else { continue };
            // `^[^*]*(\*[^/]*)?$`: a `*` only in the last path segment.
            if star_before_last_segment(p) {
                r.invalid(
                    item.span,
                    format!("invalid {what} path {p:?}"),
                    Some("a `*` may only appear in the last path segment".into()),
                );
            } else if let Err(e) = glob::validate(p) {
                r.invalid(
                    item.span,
                    format!("invalid {what} pattern {p:?}: {e}"),
                    None,
                );
            }
        }
    }
}

fn spanned_str(node: &Node, key: &str) -> Option<Spanned<String>> {
    text(node, key).map(|(v, n)| Spanned {
        value: v.to_string(),
        span: n.span,
    })
}

fn spanned_duration(node: &Node, key: &str) -> Option<Spanned<i64>> {
    text(node, key).and_then(|(v, n)| {
        crate::syntax::duration::parse(v).ok().map(|d| Spanned {
            value: d,
            span: n.span,
        })
    })
}

fn seq<'n>(node: &'n Node, key: &str) -> &'n [Node] {
    node.get(key).and_then(Node::as_sequence).unwrap_or(&[])
}

fn static_targets(node: &Node) -> Vec<Spanned<String>> {
    seq(node, "static_configs")
        .iter()
        .flat_map(|sc| seq(sc, "targets").iter())
        .filter_map(|t| {
            t.as_str().map(|s| Spanned {
                value: s.to_string(),
                span: t.span,
            })
        })
        .collect()
}

fn static_labels(node: &Node) -> Vec<Spanned<String>> {
    seq(node, "static_configs")
        .iter()
        .filter_map(|sc| sc.get("labels").and_then(Node::as_mapping))
        .flatten()
        .filter_map(|e| {
            e.key.as_str().map(|k| Spanned {
                value: k.to_string(),
                span: e.key.span,
            })
        })
        .collect()
}

fn relabels(node: &Node, key: &str) -> Vec<RelabelConfig> {
    seq(node, key)
        .iter()
        .filter(|n| n.as_mapping().is_some())
        .map(RelabelConfig::read)
        .collect()
}

/// The `rule_files` of a document (a prometheus.yml or a promtool unit
/// test file), resolved against `dir` and expanded.
pub fn rule_file_globs(root: &Node, dir: &Path) -> Vec<RuleFileGlob> {
    file_globs(root, "rule_files", dir)
}

/// A list of path globs (`rule_files`, `scrape_config_files`), resolved
/// against `dir` and expanded.
fn file_globs(root: &Node, key: &str, dir: &Path) -> Vec<RuleFileGlob> {
    let mut out = Vec::new();
    for item in seq(root, key) {
        let Some(p) = item.as_str() else { continue };
        let resolved = if Path::new(p).is_absolute() || p.is_empty() {
            PathBuf::from(p)
        } else {
            dir.join(p)
        };
        out.push(RuleFileGlob {
            pattern: Spanned {
                value: p.to_string(),
                span: item.span,
            },
            matches: if star_before_last_segment(p) {
                Err(format!("invalid {} path {p:?}", key.trim_end_matches('s')))
            } else {
                glob::glob(&resolved)
            },
            resolved,
        });
    }
    out
}

/// Prometheus allows a `*` only in the last segment of a rule file path
/// (`^[^*]*(\*[^/]*)?$`).
fn star_before_last_segment(p: &str) -> bool {
    p.find('*').is_some_and(|i| p[i + 1..].contains('/'))
}

/// The typed model: what could be read, whatever the issues.
fn extract(root: &Node, dir: &Path) -> PrometheusConfig {
    let mut c = PrometheusConfig::default();
    if let Some(g) = root.get("global").filter(|g| g.as_mapping().is_some()) {
        c.global.span = root.entry("global").map(|e| e.key.span);
        c.global.scrape_interval = spanned_duration(g, "scrape_interval");
        c.global.scrape_timeout = spanned_duration(g, "scrape_timeout");
        c.global.evaluation_interval = spanned_duration(g, "evaluation_interval");
        if let Some(labels) = g.get("external_labels").and_then(Node::as_mapping) {
            for e in labels {
                if let (Some(k), Some(v)) = (e.key.as_str(), e.value.as_str()) {
                    c.global.external_labels.push((
                        Spanned {
                            value: k.to_string(),
                            span: e.key.span,
                        },
                        Spanned {
                            value: v.to_string(),
                            span: e.value.span,
                        },
                    ));
                }
            }
        }
    }
    c.rule_files = rule_file_globs(root, dir);
    c.scrape_config_files = file_globs(root, "scrape_config_files", dir);
    c.top_level_keys = root
        .as_mapping()
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| {
            e.key.as_str().map(|k| Spanned {
                value: k.to_string(),
                span: e.key.span,
            })
        })
        .collect();
    for s in seq(root, "scrape_configs") {
        if s.as_mapping().is_none() {
            continue;
        }
        let params = s
            .get("params")
            .and_then(Node::as_mapping)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                let values = e
                    .value
                    .as_sequence()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                e.key.as_str().map(|k| (k.to_string(), values))
            })
            .collect();
        c.scrape_configs.push(ScrapeConfig {
            span: s.span,
            job_name: spanned_str(s, "job_name"),
            scrape_interval: spanned_duration(s, "scrape_interval"),
            scrape_timeout: spanned_duration(s, "scrape_timeout"),
            metrics_path: spanned_str(s, "metrics_path"),
            scheme: spanned_str(s, "scheme"),
            params,
            static_targets: static_targets(s),
            has_dynamic_discovery: schema::SD_CONFIGS
                .iter()
                .any(|(k, _)| *k != "static_configs" && !seq(s, k).is_empty()),
            relabel_configs: relabels(s, "relabel_configs"),
            metric_relabel_configs: relabels(s, "metric_relabel_configs"),
            static_labels: static_labels(s),
        });
    }
    if let Some(alerting) = root.get("alerting") {
        c.alert_relabel_configs = relabels(alerting, "alert_relabel_configs");
        for a in seq(alerting, "alertmanagers") {
            if a.as_mapping().is_none() {
                continue;
            }
            c.alertmanagers.push(AlertmanagerConfig {
                span: a.span,
                static_targets: static_targets(a),
                path_prefix: spanned_str(a, "path_prefix"),
                scheme: spanned_str(a, "scheme"),
            });
        }
    }
    c
}
