//! The rule files a test file names, loaded with the project model and
//! checked like `promlint check` does: a file with an error-level finding
//! cannot be loaded (Prometheus would refuse it too).

use crate::checks;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::FileKind;
use crate::project::Project;
use crate::promql::Expr;
use crate::source::SourceFile;
use crate::syntax::duration;
use std::path::{Path, PathBuf};

/// A rule group ready to evaluate.
#[derive(Debug)]
pub struct GroupDef {
    pub file: PathBuf,
    pub name: String,
    pub query_offset_ms: i64,
    /// 0: no limit.
    pub limit: usize,
    pub rules: Vec<RuleDef>,
}

#[derive(Debug)]
pub struct RuleDef {
    /// The record or alert name.
    pub name: String,
    pub expr: Expr,
    /// Rule labels over group labels, sorted by name, values as written
    /// (templates for alerting rules).
    pub labels: Vec<(String, String)>,
    pub kind: RuleKind,
}

#[derive(Debug)]
pub enum RuleKind {
    Record,
    Alert {
        for_ms: i64,
        keep_firing_for_ms: i64,
        /// Sorted by name.
        annotations: Vec<(String, String)>,
    },
}

/// A rule file that cannot be loaded: its findings, with the project that
/// holds its text for rendering.
#[derive(Debug)]
pub struct LoadFailure {
    pub project: Box<Project>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The check that finds fields Prometheus' rule file format does not have.
const UNKNOWN_FIELD: &str = "rules/unknown-field";

/// Loads one rule file.
pub fn load(path: &Path) -> Result<Vec<GroupDef>, LoadFailure> {
    load_with(path, false)
}

/// Loads one rule file; with `ignore_unknown_fields` (promtool's
/// `--ignore-unknown-fields`), fields Prometheus does not know are no error.
pub fn load_with(path: &Path, ignore_unknown_fields: bool) -> Result<Vec<GroupDef>, LoadFailure> {
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return Err(unreadable(path, "not UTF-8 text".into())),
        },
        Err(e) => return Err(unreadable(path, e.to_string())),
    };
    let project = Project::from_sources(vec![SourceFile::new(path.to_path_buf(), text)]);
    let mut diagnostics: Vec<Diagnostic> = checks::run(&project, &[])
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| !(ignore_unknown_fields && d.code == UNKNOWN_FIELD))
        .collect();
    let file = &project.files[0];
    if file.kind == FileKind::RuleManifest {
        diagnostics.push(Diagnostic {
            file: path.to_path_buf(),
            span: crate::source::Span::new(0, 0),
            severity: Severity::Error,
            code: "test/rule-file",
            message: "a PrometheusRule manifest is not a rule file".into(),
            help: Some("promtool loads plain rule files (`groups:` at the top level)".into()),
        });
    }
    if !diagnostics.is_empty() {
        return Err(LoadFailure {
            project: Box::new(project),
            diagnostics,
        });
    }
    let mut groups = Vec::with_capacity(file.groups.len());
    for g in &file.groups {
        let group_labels: Vec<(String, String)> = g
            .labels
            .iter()
            .map(|kv| (kv.key.value.clone(), kv.value.value.clone()))
            .collect();
        let mut rules = Vec::with_capacity(g.rules.len());
        for r in &g.rules {
            // The checks above guarantee a parsed expression and a name.
            let (Some(name), Some(expr)) = (r.name(), r.expr.as_ref().and_then(|q| q.expr()))
            else {
                continue;
            };
            let mut labels = group_labels.clone();
            for kv in &r.labels {
                labels.retain(|(k, _)| *k != kv.key.value);
                labels.push((kv.key.value.clone(), kv.value.value.clone()));
            }
            labels.sort();
            let kind = if r.is_alert() {
                let mut annotations: Vec<(String, String)> = r
                    .annotations
                    .iter()
                    .map(|kv| (kv.key.value.clone(), kv.value.value.clone()))
                    .collect();
                annotations.sort();
                RuleKind::Alert {
                    for_ms: millis(r.for_.as_ref().map(|s| s.value.as_str())),
                    keep_firing_for_ms: millis(
                        r.keep_firing_for.as_ref().map(|s| s.value.as_str()),
                    ),
                    annotations,
                }
            } else {
                RuleKind::Record
            };
            let mut expr = expr.clone();
            as_printed(&mut expr);
            rules.push(RuleDef {
                name: name.to_string(),
                expr,
                labels,
                kind,
            });
        }
        groups.push(GroupDef {
            file: path.to_path_buf(),
            name: g.name.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
            query_offset_ms: millis(g.query_offset.as_ref().map(|s| s.value.as_str())),
            limit: g
                .limit
                .as_ref()
                .and_then(|s| s.value.trim().parse::<i64>().ok())
                .map_or(0, |l| l.max(0) as usize),
            rules,
        });
    }
    Ok(groups)
}

/// A duration already validated by the checks; absent or empty is 0.
/// Prometheus evaluates a rule through its expression's printed form
/// (`rule.vector.String()`), which lists each selector's matchers sorted by
/// their text. The order matters where matchers are read in order: `absent`
/// builds its labels from them, so `absent(x{b="2", b!~"z"})` has no `b`
/// label as written but `b="2"` as Prometheus evaluates the rule.
pub fn as_printed(e: &mut Expr) {
    use crate::promql::ast::{ExprKind, Matcher};
    use crate::syntax::names::is_legacy_label_name;
    fn key(m: &Matcher) -> String {
        let mut s = String::new();
        if is_legacy_label_name(&m.name.value) {
            s.push_str(&m.name.value);
        } else {
            crate::promql::printer::write_quoted(&mut s, &m.name.value);
        }
        s.push_str(m.op.as_str());
        crate::promql::printer::write_quoted(&mut s, &m.value.value);
        s
    }
    // Iterative: long operator chains nest deeply.
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &mut e.kind {
            ExprKind::Number(_) | ExprKind::String(_) => {}
            ExprKind::Vector(vs) => vs.matchers.sort_by_cached_key(key),
            ExprKind::Matrix(m) => stack.push(&mut m.vector),
            ExprKind::Subquery(sq) => stack.push(&mut sq.expr),
            ExprKind::Call(c) => stack.extend(c.args.iter_mut()),
            ExprKind::Aggregate(a) => {
                if let Some(p) = &mut a.param {
                    stack.push(p);
                }
                stack.push(&mut a.expr);
            }
            ExprKind::Binary(b) => {
                stack.push(&mut b.lhs);
                stack.push(&mut b.rhs);
            }
            ExprKind::Unary(u) => stack.push(&mut u.expr),
            ExprKind::Paren(p) => stack.push(p),
        }
    }
}

fn millis(text: Option<&str>) -> i64 {
    text.filter(|t| !t.is_empty())
        .and_then(|t| duration::parse(t).ok())
        .unwrap_or(0)
}

fn unreadable(path: &Path, message: String) -> LoadFailure {
    LoadFailure {
        project: Box::default(),
        diagnostics: vec![Diagnostic {
            file: path.to_path_buf(),
            span: crate::source::Span::new(0, 0),
            severity: Severity::Error,
            code: "file/unreadable",
            message: format!("cannot read rule file: {message}"),
            help: None,
        }],
    }
}
