//! Test results for people (a readable diff per failure), for tools (JSON)
//! and for CI dashboards (JUnit XML).

use super::{AlertEntry, Failure, FailureKind, FileOutcome, FileReport, Report, SampleEntry};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{self, display_path, HumanOptions};
use crate::source::{SourceFile, Span};
use std::fmt::Write as _;

/// Counts over a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub groups: usize,
    pub passed: usize,
    pub failed: usize,
    /// Test files that could not run (the file or a rule file is invalid).
    pub broken_files: usize,
}

pub fn summary(report: &Report) -> Summary {
    let mut s = Summary {
        files: report.files.len(),
        ..Summary::default()
    };
    for f in &report.files {
        match &f.outcome {
            FileOutcome::Ran(groups) => {
                for g in groups {
                    s.groups += 1;
                    if g.passed() {
                        s.passed += 1;
                    } else {
                        s.failed += 1;
                    }
                }
            }
            _ => s.broken_files += 1,
        }
    }
    s
}

fn location(source: &SourceFile, span: Span) -> String {
    let lc = source.line_col(span.start);
    format!("{}:{}:{}", display_path(&source.path), lc.line, lc.column)
}

/// Go's `strconv.FormatFloat(v, 'g', -1, 64)`-like text, with Prometheus'
/// spellings of the special values.
pub fn format_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v == f64::INFINITY {
        "+Inf".into()
    } else if v == f64::NEG_INFINITY {
        "-Inf".into()
    } else {
        let s = format!("{v}");
        if s.len() > 21 {
            format!("{v:e}")
        } else {
            s
        }
    }
}

/// `{a="b", c="d"}` as Prometheus prints label sets.
pub fn format_labels(labels: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{k}={v:?}");
    }
    out.push('}');
    out
}

// ---------------------------------------------------------------- human

/// The human report: located load errors, one block per failing test
/// group, and a summary line.
pub fn human(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for f in &report.files {
        for (span, w) in &f.warnings {
            let _ = writeln!(out, "{}: warning: {w}", location(&f.source, *span));
        }
        match &f.outcome {
            FileOutcome::Invalid(errors) => {
                let diagnostics: Vec<Diagnostic> = errors
                    .iter()
                    .map(|e| Diagnostic {
                        file: f.source.path.clone(),
                        span: e.span,
                        severity: Severity::Error,
                        code: "test/invalid-file",
                        message: e.message.clone(),
                        help: e.help.clone(),
                    })
                    .collect();
                let located = render::locate(&diagnostics, &[&f.source]);
                out.push_str(&render_diagnostics(&located, color));
            }
            FileOutcome::RulesInvalid(failures) => {
                let _ = writeln!(
                    out,
                    "{}: a rule file it names cannot be loaded:",
                    display_path(&f.source.path)
                );
                for lf in failures {
                    let sources: Vec<&SourceFile> =
                        lf.project.files.iter().map(|m| &m.source).collect();
                    let located = render::locate(&lf.diagnostics, &sources);
                    out.push_str(&render_diagnostics(&located, color));
                }
            }
            FileOutcome::Ran(groups) => {
                for g in groups.iter().filter(|g| !g.passed()) {
                    let _ = writeln!(out, "FAIL {} ({})", g.name, location(&f.source, g.span));
                    for failure in &g.failures {
                        human_failure(&mut out, f, failure);
                    }
                    out.push('\n');
                }
            }
        }
    }
    let s = summary(report);
    let _ = write!(
        out,
        "{} test group{} in {} file{}: {} passed, {} failed",
        s.groups,
        plural(s.groups),
        s.files,
        plural(s.files),
        s.passed,
        s.failed
    );
    if s.broken_files > 0 {
        let _ = write!(
            out,
            ", {} file{} could not be loaded",
            s.broken_files,
            plural(s.broken_files)
        );
    }
    out.push('\n');
    out
}

fn render_diagnostics(located: &[render::Located], color: bool) -> String {
    // Without the summary of `check`; the test summary follows.
    render::human(
        located,
        0,
        &HumanOptions {
            color,
            width: 100,
            quiet: true,
        },
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn human_failure(out: &mut String, f: &FileReport, failure: &Failure) {
    let at = location(&f.source, failure.span);
    match &failure.kind {
        FailureKind::Alerts {
            alertname,
            eval_time,
            expected,
            got,
        } => {
            let _ = writeln!(
                out,
                "  {at}: alert {alertname} at eval_time {eval_time}: expected {} firing alert{}, got {}",
                expected.len(),
                plural(expected.len()),
                got.len()
            );
            alert_diff(out, f, expected, got);
        }
        FailureKind::Samples {
            expr,
            eval_time,
            expected,
            got,
            annotations,
        } => {
            let _ = writeln!(
                out,
                "  {at}: expr {expr:?} at eval_time {eval_time}: expected {} sample{}, got {}",
                expected.len(),
                plural(expected.len()),
                got.len()
            );
            sample_diff(out, f, expected, got);
            for a in annotations {
                let _ = writeln!(out, "    {a}");
            }
        }
        FailureKind::ExprError {
            expr,
            eval_time,
            message,
        } => {
            let _ = writeln!(
                out,
                "  {at}: expr {expr:?} at eval_time {eval_time}: {message}"
            );
        }
        FailureKind::RuleError {
            rule,
            group,
            file,
            time,
            message,
        } => {
            let _ = writeln!(
                out,
                "  {at}: rule {rule} (group {group} in {}) failed at {time}: {message}",
                display_path(file)
            );
        }
        FailureKind::Error { message } => {
            let _ = writeln!(out, "  {at}: {message}");
        }
        FailureKind::Unsupported { message } => {
            let _ = writeln!(out, "  {at}: {message}");
        }
        FailureKind::Routing {
            message, detail, ..
        } => {
            let _ = writeln!(out, "  {at}: {message}");
            for line in detail.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
    }
}

/// Number of equal pairs between two sorted label lists, for pairing up
/// the closest expected and actual entries.
fn similarity(a: &[(String, String)], b: &[(String, String)]) -> usize {
    a.iter().filter(|p| b.contains(p)).count()
}

fn entry_location(f: &FileReport, span: Option<Span>) -> String {
    span.map(|s| format!("  ({})", location(&f.source, s)))
        .unwrap_or_default()
}

/// Differences of two label lists, name by name.
fn pair_diff(out: &mut String, what: &str, exp: &[(String, String)], got: &[(String, String)]) {
    let mut names: Vec<&str> = exp.iter().chain(got).map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for n in names {
        let e = exp.iter().find(|(k, _)| k == n).map(|(_, v)| v);
        let g = got.iter().find(|(k, _)| k == n).map(|(_, v)| v);
        match (e, g) {
            (Some(e), Some(g)) if e != g => {
                let _ = writeln!(out, "        {what} {n}: expected {e:?}, got {g:?}");
            }
            (Some(e), None) => {
                let _ = writeln!(out, "        {what} {n}: expected {e:?}, missing");
            }
            (None, Some(g)) => {
                let _ = writeln!(out, "        {what} {n}: unexpected {g:?}");
            }
            _ => {}
        }
    }
}

fn alert_diff(out: &mut String, f: &FileReport, expected: &[AlertEntry], got: &[AlertEntry]) {
    let mut got_left: Vec<&AlertEntry> = got.iter().collect();
    let mut missing: Vec<&AlertEntry> = Vec::new();
    for e in expected {
        if let Some(i) = got_left
            .iter()
            .position(|g| g.labels == e.labels && g.annotations == e.annotations)
        {
            got_left.remove(i);
        } else {
            missing.push(e);
        }
    }
    for e in missing {
        // The closest firing alert, if any, shown label by label.
        let best = got_left
            .iter()
            .enumerate()
            .max_by_key(|(_, g)| {
                similarity(&g.labels, &e.labels) * 2 + similarity(&g.annotations, &e.annotations)
            })
            .map(|(i, _)| i);
        match best {
            Some(i) if got_left.len() == 1 || similarity(&got_left[i].labels, &e.labels) > 1 => {
                let g = got_left.remove(i);
                let _ = writeln!(
                    out,
                    "    ~ {}{}",
                    format_labels(&e.labels),
                    entry_location(f, e.span)
                );
                pair_diff(out, "label", &e.labels, &g.labels);
                pair_diff(out, "annotation", &e.annotations, &g.annotations);
            }
            _ => {
                let _ = writeln!(
                    out,
                    "    - missing    {}{}",
                    format_labels(&e.labels),
                    entry_location(f, e.span)
                );
                if !e.annotations.is_empty() {
                    let _ = writeln!(out, "        annotations {}", format_labels(&e.annotations));
                }
            }
        }
    }
    for g in got_left {
        let _ = writeln!(out, "    + unexpected {}", format_labels(&g.labels));
        if !g.annotations.is_empty() {
            let _ = writeln!(out, "        annotations {}", format_labels(&g.annotations));
        }
    }
}

fn sample_diff(out: &mut String, f: &FileReport, expected: &[SampleEntry], got: &[SampleEntry]) {
    let mut got_left: Vec<&SampleEntry> = got.iter().collect();
    let mut missing: Vec<&SampleEntry> = Vec::new();
    // Same labels: a value difference (or a match, which is not shown).
    for e in expected {
        if let Some(i) = got_left.iter().position(|g| g.labels == e.labels) {
            let g = got_left.remove(i);
            let same = e.histogram == g.histogram
                && (e.value.to_bits() == g.value.to_bits()
                    || (e.value.is_nan() && g.value.is_nan()));
            if !same {
                let _ = writeln!(
                    out,
                    "    ~ {}  expected {}, got {}{}",
                    format_labels(&e.labels),
                    shown(e),
                    shown(g),
                    entry_location(f, e.span)
                );
            }
        } else {
            missing.push(e);
        }
    }
    for e in missing {
        let best = got_left
            .iter()
            .enumerate()
            .max_by_key(|(_, g)| similarity(&g.labels, &e.labels))
            .map(|(i, _)| i);
        match best {
            Some(i) if got_left.len() == 1 || similarity(&got_left[i].labels, &e.labels) > 0 => {
                let g = got_left.remove(i);
                let _ = writeln!(
                    out,
                    "    ~ {} {}{}",
                    format_labels(&e.labels),
                    shown(e),
                    entry_location(f, e.span)
                );
                pair_diff(out, "label", &e.labels, &g.labels);
                if e.value.to_bits() != g.value.to_bits() || e.histogram != g.histogram {
                    let _ = writeln!(
                        out,
                        "        value: expected {}, got {}",
                        shown(e),
                        shown(g)
                    );
                }
            }
            _ => {
                let _ = writeln!(
                    out,
                    "    - missing    {} {}{}",
                    format_labels(&e.labels),
                    shown(e),
                    entry_location(f, e.span)
                );
            }
        }
    }
    for g in got_left {
        let _ = writeln!(
            out,
            "    + unexpected {} {}",
            format_labels(&g.labels),
            shown(g)
        );
    }
}

/// A sample's value as the failure output shows it: the number, or the
/// native histogram in series notation.
fn shown(s: &SampleEntry) -> String {
    match &s.histogram {
        Some(h) => h.clone(),
        None => format_value(s.value),
    }
}

// ---------------------------------------------------------------- json

fn json_labels(labels: &[(String, String)]) -> serde_json::Value {
    serde_json::Value::Object(
        labels
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

fn json_position(source: &SourceFile, span: Span) -> serde_json::Value {
    let lc = source.line_col(span.start);
    serde_json::json!({"line": lc.line, "column": lc.column})
}

fn json_failure(f: &FileReport, failure: &Failure) -> serde_json::Value {
    let mut v = match &failure.kind {
        FailureKind::Alerts {
            alertname,
            eval_time,
            expected,
            got,
        } => {
            let alerts = |list: &[AlertEntry]| {
                list.iter()
                    .map(|a| serde_json::json!({"labels": json_labels(&a.labels), "annotations": json_labels(&a.annotations)}))
                    .collect::<Vec<_>>()
            };
            serde_json::json!({"kind": "alerts", "alertname": alertname, "eval_time": eval_time,
                "expected": alerts(expected), "got": alerts(got)})
        }
        FailureKind::Samples {
            expr,
            eval_time,
            expected,
            got,
            annotations,
        } => {
            let samples = |list: &[SampleEntry]| {
                list.iter()
                    .map(|s| match &s.histogram {
                        Some(h) => serde_json::json!({"labels": json_labels(&s.labels), "histogram": h}),
                        None => serde_json::json!({"labels": json_labels(&s.labels), "value": format_value(s.value)}),
                    })
                    .collect::<Vec<_>>()
            };
            let mut doc = serde_json::json!({"kind": "samples", "expr": expr, "eval_time": eval_time,
                "expected": samples(expected), "got": samples(got)});
            if !annotations.is_empty() {
                doc["annotations"] = serde_json::json!(annotations);
            }
            doc
        }
        FailureKind::ExprError {
            expr,
            eval_time,
            message,
        } => {
            serde_json::json!({"kind": "expr_error", "expr": expr, "eval_time": eval_time, "message": message})
        }
        FailureKind::RuleError {
            rule,
            group,
            file,
            time,
            message,
        } => serde_json::json!({"kind": "rule_error", "rule": rule, "group": group,
            "rule_file": display_path(file), "time": time, "message": message}),
        FailureKind::Error { message } => serde_json::json!({"kind": "error", "message": message}),
        FailureKind::Unsupported { message } => {
            serde_json::json!({"kind": "unsupported", "message": message})
        }
        FailureKind::Routing {
            message,
            expected_receivers,
            got_receivers,
            detail,
        } => serde_json::json!({"kind": "routing", "message": message,
            "expected_receivers": expected_receivers, "got_receivers": got_receivers,
            "route": detail}),
    };
    if let Some(obj) = v.as_object_mut() {
        obj.insert("position".into(), json_position(&f.source, failure.span));
    }
    v
}

/// The JSON report: per file its groups and failures, or its load errors.
pub fn json(report: &Report) -> String {
    let files: Vec<serde_json::Value> = report
        .files
        .iter()
        .map(|f| {
            let path = display_path(&f.source.path);
            match &f.outcome {
                FileOutcome::Invalid(errors) => serde_json::json!({
                    "path": path, "status": "invalid",
                    "errors": errors.iter().map(|e| {
                        let mut v = serde_json::json!({"message": e.message, "help": e.help});
                        v["position"] = json_position(&f.source, e.span);
                        v
                    }).collect::<Vec<_>>(),
                }),
                FileOutcome::RulesInvalid(failures) => serde_json::json!({
                    "path": path, "status": "invalid_rules",
                    "errors": failures.iter().flat_map(|lf| lf.diagnostics.iter().map(|d| {
                        let source = lf.project.files.iter().find(|m| m.source.path == d.file).map(|m| &m.source);
                        let position = source.map(|s| json_position(s, d.span)).unwrap_or(serde_json::Value::Null);
                        serde_json::json!({"file": display_path(&d.file), "code": d.code, "message": d.message,
                            "help": d.help, "position": position})
                    })).collect::<Vec<_>>(),
                }),
                FileOutcome::Ran(groups) => serde_json::json!({
                    "path": path, "status": "ran",
                    "groups": groups.iter().map(|g| serde_json::json!({
                        "name": g.name,
                        "passed": g.passed(),
                        "position": json_position(&f.source, g.span),
                        "failures": g.failures.iter().map(|x| json_failure(f, x)).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                }),
            }
        })
        .collect();
    let s = summary(report);
    let doc = serde_json::json!({
        "files": files,
        "summary": {"files": s.files, "groups": s.groups, "passed": s.passed, "failed": s.failed,
            "invalid_files": s.broken_files},
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

// ---------------------------------------------------------------- junit

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one `testsuite` per test file, one `testcase` per group.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for f in &report.files {
        let path = xml_escape(&display_path(&f.source.path));
        match &f.outcome {
            FileOutcome::Ran(groups) => {
                let failures = groups.iter().filter(|g| !g.passed()).count();
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
                    groups.len()
                );
                for g in groups {
                    let name = xml_escape(&g.name);
                    if g.passed() {
                        let _ =
                            writeln!(out, "    <testcase name=\"{name}\" classname=\"{path}\"/>");
                        continue;
                    }
                    let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"{path}\">");
                    // One <failure> per test case (the JUnit schema allows
                    // one); its text holds every failure of the group.
                    let mut text = String::new();
                    for failure in &g.failures {
                        human_failure(&mut text, f, failure);
                    }
                    let mut message = text.lines().next().unwrap_or("").trim().to_string();
                    if g.failures.len() > 1 {
                        let _ = write!(message, " (and {} more)", g.failures.len() - 1);
                    }
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\">{}</failure>",
                        xml_escape(&message),
                        xml_escape(&text)
                    );
                    let _ = writeln!(out, "    </testcase>");
                }
                let _ = writeln!(out, "  </testsuite>");
            }
            _ => {
                let message = match &f.outcome {
                    FileOutcome::Invalid(errors) => errors
                        .iter()
                        .map(|e| format!("{}: {}", location(&f.source, e.span), e.message))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    FileOutcome::RulesInvalid(failures) => failures
                        .iter()
                        .flat_map(|lf| {
                            lf.diagnostics
                                .iter()
                                .map(|d| format!("{}: {}", display_path(&d.file), d.message))
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                    FileOutcome::Ran(_) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "  <testsuite name=\"{path}\" tests=\"0\" failures=\"0\" errors=\"1\">\n    <error message=\"cannot load test file\">{}</error>\n  </testsuite>",
                    xml_escape(&message)
                );
            }
        }
    }
    out.push_str("</testsuites>\n");
    out
}

/// promtool's `--diff`: every failed alert expectation as a line diff of
/// the expected and the firing alerts in JSON (`-` expected only, `+`
/// firing only), after the report.
pub fn alert_json_diffs(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.files {
        let FileOutcome::Ran(groups) = &f.outcome else {
            continue;
        };
        for g in groups {
            for failure in &g.failures {
                let FailureKind::Alerts {
                    alertname,
                    eval_time,
                    expected,
                    got,
                } = &failure.kind
                else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "{}: alert {alertname} at eval_time {eval_time}, diff:",
                    location(&f.source, failure.span)
                );
                let lines = |list: &[AlertEntry]| -> Vec<String> {
                    let mut v: Vec<serde_json::Value> = list
                        .iter()
                        .map(|a| serde_json::json!({"Labels": json_labels(&a.labels), "Annotations": json_labels(&a.annotations)}))
                        .collect();
                    // promtool compares an empty list as one empty alert.
                    if v.is_empty() {
                        v.push(serde_json::json!({"Labels": {}, "Annotations": {}}));
                    }
                    serde_json::to_string_pretty(&v)
                        .unwrap_or_default()
                        .lines()
                        .map(str::to_string)
                        .collect()
                };
                for (sign, line) in line_diff(&lines(expected), &lines(got)) {
                    let _ = writeln!(out, "  {sign} {line}");
                }
            }
        }
    }
    out
}

/// A longest-common-subsequence line diff: `' '` both, `'-'` only in `a`,
/// `'+'` only in `b`.
fn line_diff<'a>(a: &'a [String], b: &'a [String]) -> Vec<(char, &'a str)> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((' ', a[i].as_str()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(('+', b[j].as_str()));
            j += 1;
        } else {
            out.push(('-', a[i].as_str()));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod diff_tests {
    use super::line_diff;

    #[test]
    fn lines_only_on_one_side_are_marked() {
        let a: Vec<String> = ["[", "x", "y", "]"].iter().map(|s| s.to_string()).collect();
        let b: Vec<String> = ["[", "y", "z", "]"].iter().map(|s| s.to_string()).collect();
        let d: Vec<String> = line_diff(&a, &b)
            .into_iter()
            .map(|(c, l)| format!("{c}{l}"))
            .collect();
        assert_eq!(d, [" [", "-x", " y", "+z", " ]"]);
    }
}
