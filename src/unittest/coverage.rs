//! `promlint test --coverage`: which alerting rules no test group makes
//! fire, which recording rules no test group gives a result, which routes
//! of the Alertmanager configurations no alert of the project's rules can
//! reach, and which receivers receive nothing.
//!
//! Reachability is judged from what an alert's labels can be: the rule's
//! name, its static labels (a templated value may be anything), the labels
//! its expression may carry (values unknown), and the external labels of
//! the project's `prometheus.yml` (unknown when there is none). It leans
//! towards "reachable": a label that may be present with an unknown value
//! may satisfy any matcher, so a route called unreachable is one that no
//! alert can reach whatever the data.

use super::eval::Evaluator;
use super::file::TestGroup;
use super::rules::{self, GroupDef, RuleKind};
use crate::catalog::infer::{self, LabelSource, Labels as Inferred};
use crate::config::alertmanager::{AlertmanagerConfig, Route};
use crate::render::display_path;
use crate::routing::Node;
use crate::source::SourceFile;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Which rules had output in some test group, keyed by rule file and name.
#[derive(Default)]
pub struct Tracker {
    seen: Mutex<HashSet<(PathBuf, String)>>,
    files: Mutex<BTreeSet<PathBuf>>,
}

fn key(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

impl Tracker {
    /// Records one evaluation of a test group.
    pub fn observe(&self, _group: &TestGroup, _since: i64, ev: &Evaluator) {
        let outputs = ev.rule_outputs();
        if let Ok(mut files) = self.files.lock() {
            for (g, _, _) in &outputs {
                if !files.contains(&g.file) {
                    files.insert(g.file.clone());
                }
            }
        }
        if let Ok(mut seen) = self.seen.lock() {
            for (g, r, has) in outputs {
                if has {
                    seen.insert((key(&g.file), r.name.clone()));
                }
            }
        }
    }
}

/// One rule and whether a test covers it.
#[derive(Debug)]
pub struct RuleCoverage {
    pub file: PathBuf,
    pub line: usize,
    pub name: String,
    pub alerting: bool,
    pub covered: bool,
}

/// One route no alert reaches, or one receiver that receives nothing.
#[derive(Debug)]
pub struct ConfigCoverage {
    pub file: PathBuf,
    pub routes: usize,
    pub unreachable: Vec<(usize, String, String)>,
    pub receivers: usize,
    pub idle_receivers: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Coverage {
    pub rules: Vec<RuleCoverage>,
    pub configs: Vec<ConfigCoverage>,
    /// Rule files that could not be loaded (not counted).
    pub skipped: Vec<PathBuf>,
    /// Why reachability could not be judged, if so.
    pub routes_note: Option<String>,
}

impl Coverage {
    fn count(&self, alerting: bool) -> (usize, usize) {
        let r: Vec<_> = self
            .rules
            .iter()
            .filter(|r| r.alerting == alerting)
            .collect();
        (r.iter().filter(|r| r.covered).count(), r.len())
    }

    /// The share of alerting rules some test group makes fire, in percent
    /// (100 without alerting rules).
    pub fn alerting_percent(&self) -> f64 {
        let (c, n) = self.count(true);
        if n == 0 {
            100.0
        } else {
            c as f64 * 100.0 / n as f64
        }
    }
}

/// Every series may carry any label: the expression's own structure (an
/// aggregation's `by`, a `sum` without) is what closes the set.
struct Unknown;
impl LabelSource for Unknown {
    fn series_labels(&self, _: &str) -> Inferred {
        Inferred::Open
    }
}

/// What a label of an alert can be.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Known(String),
    Any,
}

/// What an alert's labels can be; `open`: it may carry labels not listed,
/// with any value.
#[derive(Debug)]
struct Shape {
    labels: BTreeMap<String, Val>,
    open: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tri {
    Yes,
    Maybe,
    No,
}

fn route_match(route: &Route, a: &Shape) -> Tri {
    let mut out = Tri::Yes;
    for m in &route.matchers {
        let t = match a.labels.get(&m.name) {
            Some(Val::Known(v)) => {
                if m.matches(v) {
                    Tri::Yes
                } else {
                    Tri::No
                }
            }
            Some(Val::Any) => Tri::Maybe,
            None if a.open => Tri::Maybe,
            None => {
                if m.matches("") {
                    Tri::Yes
                } else {
                    Tri::No
                }
            }
        };
        match t {
            Tri::No => return Tri::No,
            Tri::Maybe => out = Tri::Maybe,
            Tri::Yes => {}
        }
    }
    out
}

/// Marks the routes an alert of this shape may pass through, and the
/// receivers of the routes it may end at.
fn reach(node: &Node, a: &Shape, routes: &mut HashSet<usize>, receivers: &mut HashSet<String>) {
    routes.insert(node.route.span.start);
    let mut stopped = false;
    for c in &node.children {
        let m = route_match(c.route, a);
        if m == Tri::No {
            continue;
        }
        reach(c, a, routes, receivers);
        if m == Tri::Yes {
            stopped = true;
            if c.route.continue_true.is_none() {
                break;
            }
        }
    }
    // It ends here unless a child surely matches.
    if !stopped {
        receivers.insert(node.opts.receiver.clone());
    }
}

fn shapes(
    groups: &[GroupDef],
    external: &BTreeMap<String, Val>,
    external_known: bool,
) -> Vec<Shape> {
    let mut out = Vec::new();
    for g in groups {
        for r in &g.rules {
            if !matches!(r.kind, RuleKind::Alert { .. }) {
                continue;
            }
            let mut labels = BTreeMap::new();
            let mut open = !external_known;
            match infer::infer(&r.expr, &Unknown) {
                Inferred::Scalar => {}
                Inferred::Known(set) if !set.targets && set.maybe.is_empty() => {
                    for n in &set.names {
                        labels.insert(n.clone(), Val::Any);
                    }
                }
                _ => open = true,
            }
            for (k, v) in external {
                labels.entry(k.clone()).or_insert_with(|| v.clone());
            }
            for (k, v) in &r.labels {
                let val = if v.contains("{{") {
                    Val::Any
                } else {
                    Val::Known(v.clone())
                };
                labels.insert(k.clone(), val);
            }
            labels.insert("alertname".into(), Val::Known(r.name.clone()));
            out.push(Shape { labels, open });
        }
    }
    out
}

fn rule_line(model: &crate::model::FileModel, group: &str, rule: &str) -> usize {
    model
        .groups
        .iter()
        .filter(|g| g.name.as_ref().is_some_and(|n| n.value == group))
        .flat_map(|g| &g.rules)
        .find(|r| {
            r.alert
                .as_ref()
                .or(r.record.as_ref())
                .is_some_and(|n| n.value == rule)
        })
        .map_or(0, |r| model.source.line_col(r.span.start).line)
}

fn model_of(path: &Path) -> Option<crate::model::FileModel> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(crate::model::model_file(
        SourceFile::new(path.to_path_buf(), text),
        true,
    ))
}

/// Puts the coverage together: the rule files and configurations under
/// `paths`, those the test files loaded, and those routes files name.
pub fn collect(paths: &[PathBuf], tracker: &Tracker, routes_configs: &[PathBuf]) -> Coverage {
    let mut cov = Coverage::default();
    let candidates = crate::discover::discover(paths).unwrap_or_default();
    let mut rule_files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut am_files: BTreeSet<PathBuf> = routes_configs.iter().cloned().collect();
    let mut prom: Vec<crate::config::prometheus::PrometheusConfig> = Vec::new();
    for c in &candidates {
        let Some(m) = model_of(&c.path) else { continue };
        match m.kind {
            crate::model::FileKind::RuleFile if !m.groups.is_empty() => {
                rule_files.insert(c.path.clone());
            }
            _ => {}
        }
        if m.alertmanager.is_some() {
            am_files.insert(c.path.clone());
        }
        if let Some(p) = m.prometheus {
            prom.push(p);
        }
    }
    if let Ok(files) = tracker.files.lock() {
        for f in files.iter() {
            if !rule_files.iter().any(|r| key(r) == key(f)) {
                rule_files.insert(f.clone());
            }
        }
    }
    let seen = tracker.seen.lock().map(|s| s.clone()).unwrap_or_default();
    let mut all_groups: Vec<GroupDef> = Vec::new();
    for f in &rule_files {
        let (Ok(groups), Some(model)) = (rules::load(f), model_of(f)) else {
            cov.skipped.push(f.clone());
            continue;
        };
        for g in &groups {
            for r in &g.rules {
                cov.rules.push(RuleCoverage {
                    file: f.clone(),
                    line: rule_line(&model, &g.name, &r.name),
                    name: r.name.clone(),
                    alerting: matches!(r.kind, RuleKind::Alert { .. }),
                    covered: seen.contains(&(key(f), r.name.clone())),
                });
            }
        }
        all_groups.extend(groups);
    }
    // External labels: known when every prometheus.yml agrees.
    let relabels = prom.iter().any(|p| !p.alert_relabel_configs.is_empty());
    let mut external: BTreeMap<String, Val> = BTreeMap::new();
    for p in &prom {
        for (k, v) in p.external_labels() {
            let val = Val::Known(v.value.clone());
            let e = external.entry(k.value.clone()).or_insert(val.clone());
            if *e != val {
                *e = Val::Any;
            }
        }
    }
    for p in &prom {
        for k in external.keys().cloned().collect::<Vec<_>>() {
            if !p.external_labels().iter().any(|(n, _)| n.value == k) {
                external.insert(k, Val::Any);
            }
        }
    }
    let shapes = shapes(&all_groups, &external, !prom.is_empty());
    if shapes.is_empty() {
        cov.routes_note = Some("no alerting rules: routes are not judged".into());
    } else if relabels {
        cov.routes_note = Some(
            "a prometheus.yml relabels alerts (alert_relabel_configs): routes are not judged"
                .into(),
        );
    }
    for f in &am_files {
        let Some(model) = model_of(f) else { continue };
        let Some(cfg) = model.alertmanager.as_ref() else {
            continue;
        };
        let Some(tree) = Node::tree(cfg) else {
            continue;
        };
        cov.configs.push(config_coverage(
            f,
            &model.source,
            cfg,
            &tree,
            &shapes,
            cov.routes_note.is_some(),
        ));
    }
    cov
}

fn config_coverage(
    path: &Path,
    source: &SourceFile,
    cfg: &AlertmanagerConfig,
    tree: &Node,
    shapes: &[Shape],
    skip_routes: bool,
) -> ConfigCoverage {
    let mut reached = HashSet::new();
    let mut receivers = HashSet::new();
    if !skip_routes {
        for s in shapes {
            reach(tree, s, &mut reached, &mut receivers);
        }
    }
    let mut unreachable = Vec::new();
    let mut count = 0;
    fn walk<'n>(n: &'n Node<'n>, out: &mut Vec<&'n Node<'n>>) {
        out.push(n);
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut nodes = Vec::new();
    walk(tree, &mut nodes);
    for n in nodes {
        count += 1;
        if !skip_routes && !reached.contains(&n.route.span.start) {
            let ms: Vec<String> = n.route.matchers.iter().map(|m| m.display()).collect();
            unreachable.push((
                source.line_col(n.route.span.start).line,
                format!("{{{}}}", ms.join(", ")),
                n.opts.receiver.clone(),
            ));
        }
    }
    let idle_receivers = if skip_routes {
        Vec::new()
    } else {
        cfg.receivers
            .iter()
            .map(|r| r.name.value.clone())
            .filter(|r| !receivers.contains(r))
            .collect()
    };
    ConfigCoverage {
        file: path.to_path_buf(),
        routes: count,
        unreachable,
        receivers: cfg.receivers.len(),
        idle_receivers,
    }
}

fn percent(c: usize, n: usize) -> String {
    if n == 0 {
        "-".into()
    } else {
        format!("{:.1}%", c as f64 * 100.0 / n as f64)
    }
}

/// The coverage as text.
pub fn human(cov: &Coverage) -> String {
    let mut out = String::from("\ncoverage\n");
    for (alerting, what, verb) in [
        (true, "alerting rules", "fire in a test group"),
        (false, "recording rules", "give a result in a test group"),
    ] {
        let (c, n) = cov.count(alerting);
        let _ = writeln!(out, "  {what}: {c} of {n} {verb} ({})", percent(c, n));
        for r in cov
            .rules
            .iter()
            .filter(|r| r.alerting == alerting && !r.covered)
        {
            let _ = writeln!(out, "    {}:{}: {}", display_path(&r.file), r.line, r.name);
        }
    }
    for f in &cov.skipped {
        let _ = writeln!(out, "  {}: cannot be loaded, not counted", display_path(f));
    }
    if let Some(note) = &cov.routes_note {
        let _ = writeln!(out, "  {note}");
    }
    for c in &cov.configs {
        if cov.routes_note.is_some() {
            continue;
        }
        let reached = c.routes - c.unreachable.len();
        let _ = writeln!(
            out,
            "  routes of {}: {reached} of {} reachable by the rules' alerts ({})",
            display_path(&c.file),
            c.routes,
            percent(reached, c.routes)
        );
        for (line, m, r) in &c.unreachable {
            let _ = writeln!(
                out,
                "    {}:{line}: {m}  receiver: {r}",
                display_path(&c.file)
            );
        }
        let busy = c.receivers - c.idle_receivers.len();
        let _ = writeln!(
            out,
            "  receivers of {}: {busy} of {} receive alerts",
            display_path(&c.file),
            c.receivers
        );
        for r in &c.idle_receivers {
            let _ = writeln!(out, "    {r} receives nothing");
        }
    }
    out
}

/// The coverage as JSON.
pub fn json(cov: &Coverage) -> serde_json::Value {
    let rules = |alerting: bool| {
        let (c, n) = cov.count(alerting);
        json!({
            "covered": c, "total": n,
            "uncovered": cov.rules.iter().filter(|r| r.alerting == alerting && !r.covered)
                .map(|r| json!({"file": display_path(&r.file), "line": r.line, "name": r.name}))
                .collect::<Vec<_>>(),
        })
    };
    json!({
        "alerting_rules": rules(true),
        "recording_rules": rules(false),
        "alerting_percent": (cov.alerting_percent() * 10.0).round() / 10.0,
        "skipped_rule_files": cov.skipped.iter().map(|p| display_path(p)).collect::<Vec<_>>(),
        "routes_note": cov.routes_note,
        "alertmanager": cov.configs.iter().map(|c| json!({
            "file": display_path(&c.file),
            "routes": c.routes,
            "unreachable_routes": c.unreachable.iter()
                .map(|(line, m, r)| json!({"line": line, "matchers": m, "receiver": r}))
                .collect::<Vec<_>>(),
            "receivers": c.receivers,
            "idle_receivers": c.idle_receivers,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    fn cfg(text: &str) -> AlertmanagerConfig {
        let loaded = yaml::load_yaml(text);
        crate::config::alertmanager::read(text, &loaded.documents[0].root)
    }

    fn shape(labels: &[(&str, Option<&str>)], open: bool) -> Shape {
        Shape {
            labels: labels
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        v.map_or(Val::Any, |v| Val::Known(v.to_string())),
                    )
                })
                .collect(),
            open,
        }
    }

    const TREE: &str = "
route:
  receiver: default
  routes:
    - matchers: [severity=critical]
      receiver: pager
    - matchers: [team=db]
      receiver: db
    - matchers: [severity=critical]
      receiver: shadowed
receivers: [{name: default}, {name: pager}, {name: db}, {name: shadowed}, {name: unused}]
";

    fn judge(shapes: &[Shape]) -> ConfigCoverage {
        let c = cfg(TREE);
        let tree = Node::tree(&c).unwrap();
        let source = SourceFile::new("am.yml", TREE.to_string());
        config_coverage(Path::new("am.yml"), &source, &c, &tree, shapes, false)
    }

    #[test]
    fn a_route_after_a_sure_match_is_unreachable() {
        let c = judge(&[shape(
            &[("severity", Some("critical")), ("team", Some("ops"))],
            false,
        )]);
        let names: Vec<&str> = c.unreachable.iter().map(|u| u.2.as_str()).collect();
        assert_eq!(names, ["db", "shadowed"]);
        assert_eq!(c.idle_receivers, ["default", "db", "shadowed", "unused"]);
    }

    #[test]
    fn an_unknown_value_may_reach_any_matcher() {
        // severity unknown: pager, db (open) and shadowed may all be reached.
        let c = judge(&[shape(&[("severity", None)], true)]);
        assert!(c.unreachable.is_empty(), "{:?}", c.unreachable);
        assert_eq!(c.idle_receivers, ["unused"]);
    }

    #[test]
    fn a_closed_alert_without_the_label_skips_its_routes() {
        let c = judge(&[shape(&[("severity", Some("warning"))], false)]);
        let names: Vec<&str> = c.unreachable.iter().map(|u| u.2.as_str()).collect();
        assert_eq!(names, ["pager", "db", "shadowed"]);
    }
}
