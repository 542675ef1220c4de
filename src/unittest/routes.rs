//! Routing tests: where Alertmanager sends an alert, asserted in a file of
//! its own (promtool test files stay untouched, since promtool rejects
//! unknown fields).
//!
//! A routes file names an Alertmanager configuration and lists cases. A
//! case either gives an alert's labels (`labels:`, with the other alerts
//! that fire as `firing:`), or names an alert that a test group of the
//! paired promtool test file makes fire (`foo_test.routes.yml` pairs with
//! `foo_test.yml`): `group:`, `eval_time:`, `alertname:` and optionally
//! `exp_labels:` to pick some of its alerts. The alerts that fire at that
//! time in that group are the firing alerts that may inhibit it. Each case
//! expects `exp_receivers` (the receivers the routes reach, as `amtool
//! config routes test` prints them; order and repeats do not matter), and
//! optionally `exp_inhibited` and, with `at:`, `exp_notified`: the
//! receivers that notify at that time (routes not muted by their time
//! intervals; none while the alert is inhibited).

use super::file::SchemaError;
use super::{Failure, FailureKind, FileOutcome, FileReport, GroupReport, Options};
use crate::config::alertmanager::AlertmanagerConfig;
use crate::routing::{self, render, Labels};
use crate::source::{SourceFile, Span};
use crate::syntax::duration;
use crate::syntax::yaml::{self, Node};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// True when a YAML text has a top-level `route_tests:` key.
pub fn looks_like_routes_file(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("route_tests:"))
}

/// The routes file paired with a promtool test file, if it exists:
/// `foo_test.yml` → `foo_test.routes.yml` (or `.routes.yaml`).
pub fn sidecar_of(test_file: &Path) -> Option<PathBuf> {
    let stem = test_file.file_stem()?.to_str()?;
    let dir = test_file.parent().unwrap_or(Path::new(""));
    ["yml", "yaml"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.routes.{ext}")))
        .find(|p| p.is_file())
}

/// The promtool test file a routes file pairs with: `foo_test.routes.yml`
/// → `foo_test.yml` (or `.yaml`).
pub fn paired_test_file(routes_file: &Path) -> Option<PathBuf> {
    let name = routes_file.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".routes.yml")
        .or_else(|| name.strip_suffix(".routes.yaml"))?;
    let dir = routes_file.parent().unwrap_or(Path::new(""));
    Some(
        ["yml", "yaml"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file())
            .unwrap_or_else(|| dir.join(format!("{stem}.yml"))),
    )
}

#[derive(Debug)]
struct Spanned<T> {
    value: T,
    span: Span,
}

#[derive(Debug)]
enum Subject {
    Labels {
        labels: Labels,
        firing: Vec<Labels>,
    },
    Alert {
        group: Spanned<String>,
        eval_time: Spanned<i64>,
        alertname: String,
        exp_labels: Labels,
    },
}

#[derive(Debug)]
struct Case {
    span: Span,
    name: Option<String>,
    subject: Subject,
    at: Option<Spanned<(i64, String)>>,
    exp_receivers: Vec<Spanned<String>>,
    exp_inhibited: Option<bool>,
    exp_notified: Option<Vec<Spanned<String>>>,
}

impl Case {
    fn display_name(&self, index: usize) -> String {
        if let Some(n) = &self.name {
            return n.clone();
        }
        match &self.subject {
            Subject::Labels { labels, .. } => {
                let parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("route#{index} {{{}}}", parts.join(", "))
            }
            Subject::Alert {
                group,
                eval_time,
                alertname,
                ..
            } => format!(
                "{alertname} at {} in {}",
                duration::format(eval_time.value),
                group.value
            ),
        }
    }
}

#[derive(Debug)]
struct RoutesFile {
    alertmanager: Spanned<String>,
    cases: Vec<Case>,
}

const FILE_FIELDS: &[&str] = &["alertmanager", "route_tests"];
const CASE_FIELDS: &[&str] = &[
    "name",
    "labels",
    "firing",
    "group",
    "eval_time",
    "alertname",
    "exp_labels",
    "at",
    "exp_receivers",
    "exp_inhibited",
    "exp_notified",
];

struct Reader {
    errors: Vec<SchemaError>,
}

impl Reader {
    fn error(&mut self, span: Span, message: impl Into<String>, help: Option<&str>) {
        self.errors.push(SchemaError {
            span,
            message: message.into(),
            help: help.map(String::from),
        });
    }

    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        fields: &[&str],
    ) -> Vec<(&'n str, &'n Node, Span)> {
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!("{what} must be a mapping, found a {}", node.kind_name()),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in entries {
            let Some(key) = e.key.as_str() else {
                self.error(e.key.span, format!("keys of {what} must be strings"), None);
                continue;
            };
            if !fields.contains(&key) {
                let help = format!("{what} has the fields {}", fields.join(", "));
                let help = match crate::suggest::closest(key, fields) {
                    Some(s) => format!("did you mean `{s}`? {help}"),
                    None => help,
                };
                self.error(
                    e.key.span,
                    format!("unknown field `{key}` in {what}"),
                    Some(&help),
                );
                continue;
            }
            out.push((key, &e.value, e.key.span));
        }
        out
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.as_str() {
            Some(s) if !node.is_null() => Some(s.to_string()),
            _ => {
                self.error(
                    node.span,
                    format!("{what} must be a string, found a {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.as_str() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => {
                self.error(node.span, format!("{what} must be true or false"), None);
                None
            }
        }
    }

    fn receivers(&mut self, node: &Node, what: &str) -> Option<Vec<Spanned<String>>> {
        let Some(items) = node.as_sequence() else {
            self.error(
                node.span,
                format!("{what} must be a list of receiver names"),
                None,
            );
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|i| {
                    self.string(i, "a receiver").map(|v| Spanned {
                        value: v,
                        span: i.span,
                    })
                })
                .collect(),
        )
    }

    fn labels(&mut self, node: &Node, what: &str) -> Labels {
        let mut out = Labels::new();
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!(
                    "{what} must be a mapping of label names to values, found a {}",
                    node.kind_name()
                ),
                None,
            );
            return out;
        };
        for e in entries {
            match (e.key.as_str(), e.value.as_str()) {
                (Some(k), Some(v)) if !k.is_empty() => {
                    let v = if e.value.is_null() { "" } else { v };
                    out.insert(k.to_string(), v.to_string());
                }
                _ => self.error(
                    e.key.span,
                    format!("{what}: a label is a name and a text value"),
                    None,
                ),
            }
        }
        out
    }

    fn file(&mut self, root: &Node) -> Option<RoutesFile> {
        let mut alertmanager = None;
        let mut cases = Vec::new();
        for (key, value, key_span) in self.fields(root, "a routes file", FILE_FIELDS) {
            match key {
                "alertmanager" => {
                    alertmanager = self.string(value, "alertmanager").map(|v| Spanned {
                        value: v,
                        span: value.span,
                    })
                }
                _ => {
                    let Some(items) = value.as_sequence() else {
                        self.error(value.span, "route_tests must be a list", None);
                        continue;
                    };
                    if items.is_empty() {
                        self.error(key_span, "route_tests is empty", None);
                    }
                    cases.extend(items.iter().filter_map(|i| self.case(i)));
                }
            }
        }
        let Some(alertmanager) = alertmanager else {
            self.error(
                root.span,
                "a routes file names its Alertmanager configuration",
                Some("add `alertmanager: path/to/alertmanager.yml` (relative to this file)"),
            );
            return None;
        };
        Some(RoutesFile {
            alertmanager,
            cases,
        })
    }

    fn case(&mut self, node: &Node) -> Option<Case> {
        let before = self.errors.len();
        let mut name = None;
        let mut labels = None;
        let mut firing = Vec::new();
        let mut firing_span = None;
        let mut group = None;
        let mut eval_time = None;
        let mut alertname = None;
        let mut exp_labels = None;
        let mut at = None;
        let mut exp_receivers = None;
        let mut exp_inhibited = None;
        let mut exp_notified = None;
        let mut notified_span = None;
        for (key, value, key_span) in self.fields(node, "a route test", CASE_FIELDS) {
            match key {
                "name" => name = self.string(value, "name"),
                "labels" => labels = Some(self.labels(value, "labels")),
                "firing" => {
                    firing_span = Some(key_span);
                    match value.as_sequence() {
                        Some(items) => {
                            for i in items {
                                firing.push(self.labels(i, "an alert under firing"));
                            }
                        }
                        None => {
                            self.error(value.span, "firing must be a list of label mappings", None)
                        }
                    }
                }
                "group" => {
                    group = self.string(value, "group").map(|v| Spanned {
                        value: v,
                        span: value.span,
                    })
                }
                "eval_time" => {
                    if let Some(text) = self.string(value, "eval_time") {
                        match duration::parse(&text) {
                            Ok(ms) => {
                                eval_time = Some(Spanned {
                                    value: ms,
                                    span: value.span,
                                })
                            }
                            Err(e) => {
                                self.error(value.span, format!("eval_time: {e}: {text:?}"), None)
                            }
                        }
                    }
                }
                "alertname" => alertname = self.string(value, "alertname"),
                "exp_labels" => exp_labels = Some(self.labels(value, "exp_labels")),
                "at" => {
                    if let Some(text) = self.string(value, "at") {
                        match routing::time::parse_rfc3339(&text) {
                            Ok(t) => {
                                at = Some(Spanned {
                                    value: (t, text),
                                    span: value.span,
                                })
                            }
                            Err(e) => self.error(
                                value.span,
                                format!("at: {e}"),
                                Some("write a time as RFC 3339, such as `2024-06-03T10:00:00Z`"),
                            ),
                        }
                    }
                }
                "exp_receivers" => exp_receivers = self.receivers(value, key),
                "exp_inhibited" => exp_inhibited = self.boolean(value, "exp_inhibited"),
                _ => {
                    notified_span = Some(key_span);
                    exp_notified = self.receivers(value, key);
                }
            }
        }
        if self.errors.len() > before {
            return None;
        }
        let Some(exp_receivers) = exp_receivers else {
            self.error(
                node.span,
                "a route test expects receivers",
                Some("add `exp_receivers: [name, ...]`"),
            );
            return None;
        };
        if let (Some(span), None) = (notified_span, &at) {
            self.error(
                span,
                "exp_notified needs `at:`, the time to judge the time intervals at",
                None,
            );
        }
        let subject = match (labels, alertname) {
            (Some(_), Some(_)) => {
                self.error(
                    node.span,
                    "a route test gives either `labels:` or an `alertname:` of a test group, not both",
                    None,
                );
                return None;
            }
            (Some(labels), None) => {
                if let Some(g) = &group {
                    self.error(
                        g.span,
                        "`group:` goes with `alertname:`, not with `labels:`",
                        None,
                    );
                }
                Subject::Labels { labels, firing }
            }
            (None, Some(alertname)) => {
                if let Some(span) = firing_span {
                    self.error(
                        span,
                        "the alerts that fire come from the test group: `firing:` goes with `labels:`",
                        None,
                    );
                }
                let (Some(group), Some(eval_time)) = (group, eval_time) else {
                    self.error(
                        node.span,
                        "a route test of a test group's alert names the group and the time",
                        Some("add `group:` (the test group's name) and `eval_time:`"),
                    );
                    return None;
                };
                Subject::Alert {
                    group,
                    eval_time,
                    alertname,
                    exp_labels: exp_labels.unwrap_or_default(),
                }
            }
            (None, None) => {
                self.error(
                    node.span,
                    "a route test gives the alert's `labels:`, or the `alertname:` a test group makes fire",
                    None,
                );
                return None;
            }
        };
        if self.errors.len() > before {
            return None;
        }
        Some(Case {
            span: node.span,
            name,
            subject,
            at,
            exp_receivers,
            exp_inhibited,
            exp_notified,
        })
    }
}

fn read(source: &SourceFile) -> Result<RoutesFile, Vec<SchemaError>> {
    let loaded = yaml::load_yaml(&source.text);
    let mut r = Reader {
        errors: loaded
            .errors
            .iter()
            .map(|e| SchemaError {
                span: e.span,
                message: e.message.clone(),
                help: None,
            })
            .collect(),
    };
    let file = match loaded.documents.first() {
        Some(d) if r.errors.is_empty() => r.file(&d.root),
        _ => {
            if r.errors.is_empty() {
                r.error(Span::new(0, 0), "the routes file is empty", None);
            }
            None
        }
    };
    match file {
        Some(f) if r.errors.is_empty() => Ok(f),
        _ => Err(r.errors),
    }
}

/// The Alertmanager configuration a routes file names, if it reads.
pub fn config_of(routes_file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(routes_file).ok()?;
    let file = read(&SourceFile::new(routes_file.to_path_buf(), text)).ok()?;
    let base = routes_file.parent().unwrap_or(Path::new(""));
    Some(normalize(&base.join(&file.alertmanager.value)))
}

/// Reads the Alertmanager configuration a routes file names.
pub fn load_config(path: &Path) -> Result<crate::model::FileModel, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let model = crate::model::model_file(SourceFile::new(path.to_path_buf(), text), true);
    match &model.alertmanager {
        None => Err(format!(
            "{} is not an Alertmanager configuration",
            path.display()
        )),
        Some(cfg) if cfg.route.is_none() => Err(format!(
            "{}: the configuration has no `route`",
            path.display()
        )),
        Some(_) => Ok(model),
    }
}

fn invalid(source: SourceFile, errors: Vec<SchemaError>) -> FileReport {
    FileReport {
        source,
        outcome: FileOutcome::Invalid(errors),
        warnings: Vec::new(),
    }
}

/// What a test group's evaluation showed at a case's `eval_time`: the
/// selected alerts and every firing alert.
#[derive(Clone, Debug, Default)]
struct Snapshot {
    selected: Vec<Labels>,
    firing: Vec<Labels>,
}

/// Runs a routes file.
pub fn run(source: SourceFile, opts: &Options) -> FileReport {
    let file = match read(&source) {
        Ok(f) => f,
        Err(e) => return invalid(source, e),
    };
    let base = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let config_path = normalize(&base.join(&file.alertmanager.value));
    let model = match load_config(&config_path) {
        Ok(m) => m,
        Err(message) => {
            return invalid(
                source,
                vec![SchemaError {
                    span: file.alertmanager.span,
                    message,
                    help: Some("the path is relative to the routes file".into()),
                }],
            )
        }
    };
    let Some(cfg) = model.alertmanager.as_ref() else {
        return invalid(source, Vec::new());
    };
    // Expected receivers must exist.
    let names: Vec<&str> = cfg
        .receivers
        .iter()
        .map(|r| r.name.value.as_str())
        .collect();
    let mut errors = Vec::new();
    for case in &file.cases {
        for r in case
            .exp_receivers
            .iter()
            .chain(case.exp_notified.iter().flatten())
        {
            if !names.contains(&r.value.as_str()) {
                let help = match crate::suggest::closest(&r.value, &names) {
                    Some(s) => {
                        format!("did you mean `{s}`? the receivers are {}", names.join(", "))
                    }
                    None => format!("the receivers are {}", names.join(", ")),
                };
                errors.push(SchemaError {
                    span: r.span,
                    message: format!(
                        "receiver `{}` is not defined in {}",
                        r.value,
                        crate::render::display_path(&config_path)
                    ),
                    help: Some(help),
                });
            }
        }
    }
    // Cases of a test group's alerts need the paired test file.
    let snapshots = match alert_snapshots(&source.path, &file, opts) {
        Ok(s) => s,
        Err(mut e) => {
            errors.append(&mut e);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return invalid(source, errors);
    }
    let Some(tree) = routing::Node::tree(cfg) else {
        return invalid(source, Vec::new());
    };
    let groups = file
        .cases
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            opts.run
                .as_ref()
                .is_none_or(|re| re.is_match(&c.display_name(*i)))
        })
        .map(|(i, case)| {
            let failures = match &case.subject {
                Subject::Labels { labels, firing } => {
                    judge(cfg, &model.source, &tree, case, labels, firing)
                }
                Subject::Alert {
                    alertname,
                    group,
                    eval_time,
                    ..
                } => match snapshots.get(i).and_then(|s| s.as_ref()) {
                    Some(Snapshot { selected, firing }) if !selected.is_empty() => selected
                        .iter()
                        .flat_map(|l| judge(cfg, &model.source, &tree, case, l, firing))
                        .collect(),
                    Some(_) => vec![Failure {
                        span: case.span,
                        kind: FailureKind::Error {
                            message: format!(
                                "alert {alertname} does not fire at eval_time {} in test group {:?}: nothing to route",
                                duration::format(eval_time.value),
                                group.value
                            ),
                        },
                    }],
                    None => vec![Failure {
                        span: eval_time.span,
                        kind: FailureKind::Error {
                            message: format!(
                                "test group {:?} is not evaluated at {}: its evaluation stopped earlier, or its tests end before",
                                group.value,
                                duration::format(eval_time.value)
                            ),
                        },
                    }],
                },
            };
            GroupReport {
                name: case.display_name(i),
                span: case.span,
                failures,
            }
        })
        .collect();
    FileReport {
        source,
        outcome: FileOutcome::Ran(groups),
        warnings: Vec::new(),
    }
}

/// Runs the paired test file and records, for each case of a test group's
/// alert, the alerts at its `eval_time` (`None` for other cases, or when
/// the group never reached that time).
fn alert_snapshots(
    routes_path: &Path,
    file: &RoutesFile,
    opts: &Options,
) -> Result<Vec<Option<Snapshot>>, Vec<SchemaError>> {
    let Some(first) = file.cases.iter().find_map(|c| match &c.subject {
        Subject::Alert { group, .. } => Some(group.span),
        _ => None,
    }) else {
        return Ok(Vec::new());
    };
    let err = |span, message: String, help: Option<String>| {
        Err(vec![SchemaError {
            span,
            message,
            help,
        }])
    };
    let Some(test_path) = paired_test_file(routes_path).filter(|p| p.is_file()) else {
        return err(
            first,
            "a route test of a test group's alert needs the promtool test file next to this file".into(),
            Some("name the routes file after its test file: `foo_test.yml` pairs with `foo_test.routes.yml`".into()),
        );
    };
    let text = match std::fs::read_to_string(&test_path) {
        Ok(t) => t,
        Err(e) => {
            return err(
                first,
                format!("cannot read {}: {e}", test_path.display()),
                None,
            )
        }
    };
    let test_source = SourceFile::new(test_path.clone(), text);
    let Ok(test_file) = super::file::read(&test_source) else {
        return err(
            first,
            format!("the test file {} cannot be loaded", test_path.display()),
            Some(format!("`promlint test {}` shows why", test_path.display())),
        );
    };
    let group_names: Vec<String> = test_file.tests.iter().map(|g| g.display_name()).collect();
    let mut errors = Vec::new();
    for c in &file.cases {
        if let Subject::Alert { group, .. } = &c.subject {
            if !group_names.contains(&group.value) {
                errors.push(SchemaError {
                    span: group.span,
                    message: format!(
                        "{} has no test group named {:?}",
                        crate::render::display_path(&test_path),
                        group.value
                    ),
                    help: Some(format!("its groups are {}", group_names.join(", "))),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let interval = test_file.evaluation_interval_ms;
    let slots: Mutex<Vec<Option<Snapshot>>> = Mutex::new(vec![None; file.cases.len()]);
    let observe = |group: &super::file::TestGroup, since: i64, ev: &super::eval::Evaluator| {
        let name = group.display_name();
        for (i, c) in file.cases.iter().enumerate() {
            let Subject::Alert {
                group: g,
                eval_time,
                alertname,
                exp_labels,
            } = &c.subject
            else {
                continue;
            };
            let t = eval_time.value;
            if g.value != name || !(since <= t && t < since.saturating_add(interval)) {
                continue;
            }
            let with_external = |l: &crate::engine::Labels| {
                let mut out: Labels = l
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                // Prometheus attaches its external labels to the alerts it
                // sends, where the alert lacks them.
                for (k, v) in &group.external_labels {
                    out.entry(k.clone()).or_insert_with(|| v.clone());
                }
                out
            };
            let all = ev.all_firing();
            let firing: Vec<Labels> = all.iter().map(|(_, a)| with_external(&a.labels)).collect();
            let selected = all
                .iter()
                .filter(|(n, _)| n == alertname)
                .map(|(_, a)| with_external(&a.labels))
                .filter(|l| exp_labels.iter().all(|(k, v)| l.get(k) == Some(v)))
                .collect();
            if let Ok(mut s) = slots.lock() {
                s[i] = Some(Snapshot { selected, firing });
            }
        }
    };
    let run_opts = Options {
        run: None,
        ..opts.clone()
    };
    let report = super::run_source_observed(test_source, &run_opts, &observe);
    if !matches!(report.outcome, FileOutcome::Ran(_)) {
        return err(
            first,
            format!("the test file {} cannot run", test_path.display()),
            Some(format!("`promlint test {}` shows why", test_path.display())),
        );
    }
    Ok(slots.into_inner().unwrap_or_default())
}

/// Checks one alert against a case's expectations.
fn judge(
    cfg: &AlertmanagerConfig,
    config_source: &SourceFile,
    tree: &routing::Node,
    case: &Case,
    labels: &Labels,
    firing: &[Labels],
) -> Vec<Failure> {
    let q = render::Question {
        labels,
        at: case.at.as_ref().map(|a| (a.value.0, a.value.1.as_str())),
        firing,
    };
    let answer = render::answer(cfg, tree, &q);
    let mut got: Vec<String> = answer
        .destinations
        .iter()
        .filter_map(|d| d.path.last().map(|n| n.opts.receiver.clone()))
        .collect();
    got.sort();
    got.dedup();
    let mut expected: Vec<String> = case.exp_receivers.iter().map(|r| r.value.clone()).collect();
    expected.sort();
    expected.dedup();
    let alert = labels_text(labels);
    let mut problems = Vec::new();
    if got != expected {
        problems.push(format!(
            "alert {alert}: expected receivers [{}], got [{}]",
            expected.join(", "),
            got.join(", ")
        ));
    }
    if let Some(exp) = case.exp_inhibited {
        let inhibited = !answer.inhibited_by.is_empty();
        if exp != inhibited {
            problems.push(format!(
                "alert {alert}: expected {}inhibited, but it is {}",
                if exp { "" } else { "not " },
                if inhibited {
                    "inhibited"
                } else {
                    "not inhibited by the alerts that fire"
                }
            ));
        }
    }
    if let (Some(exp), Some(at)) = (&case.exp_notified, &case.at) {
        let undecided = answer
            .destinations
            .iter()
            .any(|d| d.mute.as_ref().is_some_and(|m| m.muted.is_none()));
        if undecided {
            problems.push(format!(
                "alert {alert} at {}: cannot tell which receivers notify (a time interval is undefined or its time zone cannot be read)",
                at.value.1
            ));
        } else {
            let mut notified: Vec<String> = if answer.inhibited_by.is_empty() {
                answer
                    .destinations
                    .iter()
                    .filter(|d| d.mute.as_ref().is_none_or(|m| m.muted == Some(false)))
                    .filter_map(|d| d.path.last().map(|n| n.opts.receiver.clone()))
                    .collect()
            } else {
                Vec::new()
            };
            notified.sort();
            notified.dedup();
            let mut exp: Vec<String> = exp.iter().map(|r| r.value.clone()).collect();
            exp.sort();
            exp.dedup();
            if notified != exp {
                problems.push(format!(
                    "alert {alert} at {}: expected to notify [{}], notifies [{}]",
                    at.value.1,
                    exp.join(", "),
                    notified.join(", ")
                ));
            }
        }
    }
    if problems.is_empty() {
        return Vec::new();
    }
    let detail = render::human(cfg, config_source, &q, &answer);
    vec![Failure {
        span: case.span,
        kind: FailureKind::Routing {
            message: problems.join("; "),
            expected_receivers: expected,
            got_receivers: got,
            detail,
        },
    }]
}

fn labels_text(l: &Labels) -> String {
    let parts: Vec<String> = l.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("{{{}}}", parts.join(", "))
}

/// `a/b/../c` → `a/c`, without reading the file system (for messages).
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}
