//! `promlint test --scaffold RULE_FILE`: writes a promtool-format test
//! file with, for each alerting rule, a test group whose input series make
//! the alert fire and one where it stays silent.
//!
//! The input series come from the expression ([`inputs`]): selectors give
//! the series labels (a value matching each regular expression), the
//! numbers it compares with, its windows and `for` give values and times.
//! Values are found by trying shapes (constants around the thresholds,
//! counters at several rates, flapping series, absent series) through the
//! unit-test evaluator ([`search`]); the expected alerts (labels and
//! expanded annotations) are what the same evaluator returns, and the
//! whole file is run once more before it is printed. Where the checks show
//! that the expression can never fire or always fires
//! (`metrics/never-matching`, `metrics/constant-ratio`,
//! `promql/alert-always-fires`), their reasoning is written beside the
//! rule's groups.

pub mod inputs;
pub mod search;

use super::rules::{self, GroupDef, RuleDef, RuleKind};
use super::{AlertEntry, FailureKind, FileOutcome, Options};
use crate::checks;
use crate::project::Project;
use crate::source::SourceFile;
use crate::syntax::duration;
use search::{Plan, Search, STEP_MS};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Checks whose findings say that an alert can never fire or always fires.
pub const REASONING_CHECKS: [&str; 3] = [
    "metrics/never-matching",
    "metrics/constant-ratio",
    "promql/alert-always-fires",
];

/// The scaffold of one rule file.
#[derive(Debug)]
pub struct Scaffold {
    pub text: String,
    /// Alerting rules in the file.
    pub alerts: usize,
    /// Alerting rules with a verified firing test group.
    pub firing: usize,
    /// Alerting rules with a verified silent test group.
    pub silent: usize,
}

/// A test group to print.
struct Group {
    name: String,
    alert: String,
    plan: Plan,
    steps: i64,
    interval_ms: i64,
    eval_ms: i64,
    exp: Vec<AlertEntry>,
    fires: bool,
}

/// What is printed for one alerting rule.
struct RuleOut {
    header: String,
    comments: Vec<String>,
    groups: Vec<Group>,
}

/// Builds the scaffold of a rule file. `rule_path` is written in
/// `rule_files` as given: the test file belongs in the current folder.
/// `context` files (metric definitions, expositions, `prometheus.yml`)
/// are read with the rule file by the checks whose reasoning is shown.
pub fn scaffold(rule_path: &Path, context: &[PathBuf]) -> Result<Scaffold, String> {
    let groups = rules::load(rule_path).map_err(|f| {
        let mut msg = String::from("the rule file cannot be loaded:");
        for d in &f.diagnostics {
            msg.push_str(&format!("\n  {}: {}", d.code, d.message));
        }
        msg
    })?;
    let text = std::fs::read_to_string(rule_path).map_err(|e| e.to_string())?;
    let mut sources = vec![SourceFile::new(rule_path.to_path_buf(), text)];
    for p in context {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        sources.push(SourceFile::new(p.clone(), text));
    }
    let project = Project::from_sources(sources);
    let file = &project.files[0];
    let findings: Vec<_> = checks::run(&project, &[])
        .into_iter()
        .filter(|d| REASONING_CHECKS.contains(&d.code) && d.file == file.source.path)
        .collect();
    // The alerting rules of the model, in the order `rules::load` keeps.
    let model_alerts: Vec<_> = file
        .groups
        .iter()
        .flat_map(|g| g.rules.iter())
        .filter(|r| r.name().is_some() && r.expr.as_ref().and_then(|q| q.expr()).is_some())
        .filter(|r| r.is_alert())
        .collect();

    let records: inputs::Records = groups
        .iter()
        .flat_map(|g| g.rules.iter())
        .filter(|r| matches!(r.kind, RuleKind::Record))
        .fold(Default::default(), |mut m: inputs::Records, r| {
            m.entry(r.name.as_str()).or_default().push(&r.expr);
            m
        });

    let mut outs: Vec<RuleOut> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut index = 0;
    for g in &groups {
        for rule in &g.rules {
            let RuleKind::Alert {
                for_ms,
                annotations,
                ..
            } = &rule.kind
            else {
                continue;
            };
            let model = model_alerts.get(index);
            index += 1;
            let line = model.map_or(0, |m| file.source.line_col(m.span.start).line);
            let mut out = RuleOut {
                header: format!("{} ({}:{line})", rule.name, rule_path.display()),
                comments: Vec::new(),
                groups: Vec::new(),
            };
            if let Some(m) = model {
                for d in findings
                    .iter()
                    .filter(|d| m.span.start <= d.span.start && d.span.end <= m.span.end)
                {
                    let mut c = format!("{}: {}", d.code, d.message);
                    if let Some(h) = &d.help {
                        c.push_str(&format!(" ({h})"));
                    }
                    out.comments.push(c);
                }
            }
            let template_labels = template_labels(rule, annotations);
            let reads = inputs::read(&rule.expr, &records, &template_labels);
            if let Some(p) = &reads.problem {
                out.comments.push(format!("no input series derived: {p}"));
                outs.push(out);
                continue;
            }
            let window = reads.window_ms.max(STEP_MS);
            if window > 2 * 24 * 3600 * 1000 || *for_ms > 2 * 24 * 3600 * 1000 {
                out.comments.push(
                    "no input series derived: the expression or `for` spans more than 2 days, too long for a unit test"
                        .into(),
                );
                outs.push(out);
                continue;
            }
            let mut eval_ms = (window + for_ms + 3 * STEP_MS - 1) / STEP_MS * STEP_MS;
            if reads.uses_time {
                // `time() - x > 300`: leave room for the time to pass.
                let most = reads
                    .numbers
                    .iter()
                    .filter(|n| **n > 0.0 && **n <= 2.0 * 86400.0)
                    .fold(0.0_f64, |a, &b| a.max(b));
                eval_ms = eval_ms.max(((most * 1000.0) as i64 + 3 * STEP_MS) / STEP_MS * STEP_MS);
            }
            // Samples fall between window edges (a sample on an edge is in
            // the window for Prometheus 2 and out of it for Prometheus 3);
            // ranges of a few minutes need samples more often.
            let interval_ms = match reads.min_range_ms {
                Some(r) if r < 4 * STEP_MS => (r / 4 / 1000 - 1).max(1) * 1000,
                _ => 50_000,
            };
            for _ in 0..30 {
                if !reads
                    .edges_ms
                    .iter()
                    .any(|&e| (eval_ms - e) % interval_ms == 0)
                {
                    break;
                }
                eval_ms += STEP_MS;
            }
            let mini = mini_group(g, rule, &groups, &reads.records);
            let search = Search {
                group: &mini,
                alert: &rule.name,
                eval_ms,
                for_ms: *for_ms,
                interval_ms,
                from_zero: !reads.records.is_empty(),
            };
            let found = search.run(&reads, Duration::from_secs(3));
            let steps = (eval_ms + interval_ms - 1) / interval_ms;
            let unique = |names: &mut BTreeSet<String>, base: String| {
                let mut n = base.clone();
                let mut k = 2;
                while !names.insert(n.clone()) {
                    n = format!("{base} #{k}");
                    k += 1;
                }
                n
            };
            // Series the checks prove can never match (labels from the
            // metrics' definitions) are not the ones the search made up.
            let never = out
                .comments
                .iter()
                .any(|c| c.starts_with("metrics/never-matching"));
            match found.firing {
                Some(_) if never => out.comments.push(
                    "no firing input written: with the labels its metrics carry, the expression never returns anything"
                        .into(),
                ),
                Some(plan) => {
                    let name = unique(&mut names, format!("{} fires", rule.name));
                    out.groups.push(Group {
                        name,
                        alert: rule.name.clone(),
                        plan,
                        steps,
                        interval_ms,
                        eval_ms,
                        exp: Vec::new(),
                        fires: true,
                    });
                }
                None => out.comments.push(
                    "no firing input found: no tried values of these series make the alert fire"
                        .into(),
                ),
            }
            match found.silent {
                Some(plan) => {
                    let name = unique(&mut names, format!("{} stays silent", rule.name));
                    out.groups.push(Group {
                        name,
                        alert: rule.name.clone(),
                        plan,
                        steps,
                        interval_ms,
                        eval_ms,
                        exp: Vec::new(),
                        fires: false,
                    });
                }
                None => out.comments.push(
                    "no silent input found: the alert fires even without input series".into(),
                ),
            }
            outs.push(out);
        }
    }

    // Expected alerts: what the evaluator returns for the whole file.
    let display = rule_path.display().to_string();
    let first = render(&display, &outs);
    let got = run(&first);
    for out in &mut outs {
        for g in &mut out.groups {
            match got.iter().find(|(n, _)| *n == g.name) {
                Some((_, Ok(alerts))) => g.exp = alerts.clone(),
                Some((_, Err(e))) => {
                    out.comments.push(format!("{}: {e}", g.name));
                    g.name.clear();
                }
                None => {}
            }
        }
        out.groups
            .retain(|g| !(g.name.is_empty() || g.fires && g.exp.is_empty()));
    }
    // The file as printed must pass.
    let text = render(&display, &outs);
    let verified = run(&text);
    for out in &mut outs {
        for g in &mut out.groups {
            if !matches!(verified.iter().find(|(n, _)| *n == g.name), Some((_, Ok(a))) if a.is_empty())
            {
                out.comments.push(format!(
                    "{}: dropped, its expectations did not hold",
                    g.name
                ));
                g.name.clear();
            }
        }
        out.groups.retain(|g| !g.name.is_empty());
    }
    let text = render(&display, &outs);
    Ok(Scaffold {
        text,
        alerts: outs.len(),
        firing: outs
            .iter()
            .filter(|o| o.groups.iter().any(|g| g.fires))
            .count(),
        silent: outs
            .iter()
            .filter(|o| o.groups.iter().any(|g| !g.fires))
            .count(),
    })
}

/// Runs a test file text; per group name: the firing alerts that differ
/// from its expectations (empty: passed), or its error.
fn run(text: &str) -> Vec<(String, Result<Vec<AlertEntry>, String>)> {
    let source = SourceFile::new(PathBuf::from("promlint-scaffold.yml"), text.to_string());
    let report = super::run_source(source, &Options::default());
    let FileOutcome::Ran(groups) = report.outcome else {
        return Vec::new();
    };
    groups
        .into_iter()
        .map(|g| {
            let mut got = Ok(Vec::new());
            for f in g.failures {
                got = match f.kind {
                    FailureKind::Alerts { got: alerts, .. } => Ok(alerts),
                    FailureKind::RuleError { rule, message, .. } => {
                        Err(format!("rule {rule} fails to evaluate: {message}"))
                    }
                    FailureKind::Error { message } | FailureKind::Unsupported { message } => {
                        Err(message)
                    }
                    FailureKind::Samples { .. }
                    | FailureKind::ExprError { .. }
                    | FailureKind::Routing { .. } => Err("unexpected failure".into()),
                };
            }
            (g.name, got)
        })
        .collect()
}

/// The alert with the recording rules it reads, in file order.
fn mini_group(
    group: &GroupDef,
    alert: &RuleDef,
    groups: &[GroupDef],
    records: &BTreeSet<String>,
) -> GroupDef {
    let mut rules: Vec<RuleDef> = groups
        .iter()
        .flat_map(|g| g.rules.iter())
        .filter(|r| matches!(r.kind, RuleKind::Record) && records.contains(&r.name))
        .map(copy_rule)
        .collect();
    rules.push(copy_rule(alert));
    GroupDef {
        file: group.file.clone(),
        name: group.name.clone(),
        query_offset_ms: group.query_offset_ms,
        limit: group.limit,
        rules,
    }
}

fn copy_rule(r: &RuleDef) -> RuleDef {
    RuleDef {
        name: r.name.clone(),
        expr: r.expr.clone(),
        labels: r.labels.clone(),
        kind: match &r.kind {
            RuleKind::Record => RuleKind::Record,
            RuleKind::Alert {
                for_ms,
                keep_firing_for_ms,
                annotations,
            } => RuleKind::Alert {
                for_ms: *for_ms,
                keep_firing_for_ms: *keep_firing_for_ms,
                annotations: annotations.clone(),
            },
        },
    }
}

/// Labels the rule's templates read (`$labels.x`, `index $labels "x"`).
fn template_labels(rule: &RuleDef, annotations: &[(String, String)]) -> Vec<String> {
    let re = regex::Regex::new(
        r#"\$labels\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\$labels\s+"([A-Za-z_][A-Za-z0-9_]*)""#,
    )
    .expect("valid regex");
    let mut out: Vec<String> = Vec::new();
    for (_, text) in annotations.iter().chain(&rule.labels) {
        for c in re.captures_iter(text) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                let name = m.as_str().to_string();
                if !out.contains(&name) && !name.starts_with("__") {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// A YAML string: single-quoted, or double-quoted when it holds control
/// characters.
fn quote(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// YAML 1.1 reads these keys as booleans or null: quote them.
fn key(s: &str) -> String {
    const SPECIAL: [&str; 12] = [
        "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "", "<<",
    ];
    if SPECIAL.contains(&s.to_ascii_lowercase().as_str()) {
        quote(s)
    } else {
        s.to_string()
    }
}

fn series_text(labels: &[(String, String)]) -> String {
    let name = labels
        .iter()
        .find(|(k, _)| k == "__name__")
        .map(|(_, v)| v.as_str());
    let rest: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k != "__name__")
        .map(|(k, v)| {
            let escaped = v
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("{k}=\"{escaped}\"")
        })
        .collect();
    let valid_name = name.is_some_and(|n| {
        n.chars().enumerate().all(|(i, c)| {
            c == '_' || c == ':' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
        })
    });
    match name {
        Some(n) if valid_name => format!("{n}{{{}}}", rest.join(", ")),
        Some(n) => {
            let mut all = vec![format!("__name__=\"{n}\"")];
            all.extend(rest);
            format!("{{{}}}", all.join(", "))
        }
        None => format!("{{{}}}", rest.join(", ")),
    }
}

fn render(rule_path: &str, outs: &[RuleOut]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# Unit tests scaffolded by `promlint test --scaffold {rule_path}`.\n\
         # Rule file paths are relative to this file: save it in the folder\n\
         # the command ran in, or edit rule_files.\n"
    ));
    s.push_str(&format!("rule_files:\n  - {}\n", quote(rule_path)));
    s.push_str("evaluation_interval: 1m\n");
    s.push_str("tests:");
    if outs.iter().all(|o| o.groups.is_empty()) {
        s.push_str(" []");
    }
    s.push('\n');
    for o in outs {
        s.push_str(&format!("  # {}\n", o.header));
        for c in &o.comments {
            for (i, line) in c.lines().enumerate() {
                let lead = if i == 0 { "  # " } else { "  #   " };
                s.push_str(&format!("{lead}{line}\n"));
            }
        }
        for g in &o.groups {
            s.push_str(&format!("  - name: {}\n", quote(&g.name)));
            s.push_str(&format!(
                "    interval: {}\n",
                duration::format(g.interval_ms)
            ));
            if g.plan.series.is_empty() {
                s.push_str("    input_series: []\n");
            } else {
                s.push_str("    input_series:\n");
                for (labels, shape) in &g.plan.series {
                    s.push_str(&format!(
                        "      - series: {}\n        values: {}\n",
                        quote(&series_text(labels)),
                        quote(&shape.notation(g.steps))
                    ));
                }
            }
            s.push_str("    alert_rule_test:\n");
            s.push_str(&format!(
                "      - eval_time: {}\n        alertname: {}\n",
                duration::format(g.eval_ms),
                quote(&g.alert)
            ));
            if g.exp.is_empty() {
                s.push_str("        exp_alerts: []\n");
                continue;
            }
            s.push_str("        exp_alerts:\n");
            for a in &g.exp {
                let labels: Vec<_> = a.labels.iter().filter(|(k, _)| k != "alertname").collect();
                if labels.is_empty() {
                    s.push_str("          - exp_labels: {}\n");
                } else {
                    s.push_str("          - exp_labels:\n");
                    for (k, v) in labels {
                        s.push_str(&format!("              {}: {}\n", key(k), quote(v)));
                    }
                }
                if !a.annotations.is_empty() {
                    s.push_str("            exp_annotations:\n");
                    for (k, v) in &a.annotations {
                        s.push_str(&format!("              {}: {}\n", key(k), quote(v)));
                    }
                }
            }
        }
    }
    s
}
