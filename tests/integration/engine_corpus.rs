//! Runs the `promql_expr_test` groups of the unit-test corpus
//! (`fixtures/unittest/corpus/`) directly on the engine, and checks each
//! group's verdict: files named `*.fail.yml` hold groups that must fail
//! (as they do under promtool), all other groups must pass. Files with
//! rule files (alert groups) are left to the test runner.
//!
//! The loader here is deliberately small: series notation and the
//! expanding value notation, evaluation times, expected samples.

use promlint::engine::{self, Labels, QueryOptions, Storage, Value};
use promlint::promql::{self, ExprKind};
use promlint::syntax::duration;
use promlint::syntax::yaml::{load_yaml, Node};
use std::path::{Path, PathBuf};

fn labels_of(series: &str) -> Labels {
    if series.trim() == "{}" {
        return Labels::new(vec![]);
    }
    let e =
        promql::parser::parse(series).unwrap_or_else(|e| panic!("bad series {series:?}: {e:?}"));
    let ExprKind::Vector(vs) = e.kind else {
        panic!("not a selector: {series}");
    };
    let mut pairs = Vec::new();
    if let Some(n) = vs.name {
        pairs.push(("__name__".to_string(), n.value));
    }
    for m in vs.matchers {
        pairs.push((m.name.value, m.value.value));
    }
    Labels::new(pairs)
}

fn parse_num(s: &str) -> f64 {
    let t = s.trim();
    match t {
        "Inf" | "+Inf" | "inf" | "+inf" | ".inf" | "+.inf" | ".Inf" | "+.Inf" => f64::INFINITY,
        "-Inf" | "-inf" | "-.inf" | "-.Inf" => f64::NEG_INFINITY,
        "NaN" | "nan" | ".nan" | ".NaN" => f64::NAN,
        _ => t.parse().unwrap_or_else(|_| panic!("bad number {t:?}")),
    }
}

/// The expanding notation: `1+2x3`, `5x2`, `_`, `_x3`, `stale`, numbers.
fn expand(values: &str) -> Vec<Option<f64>> {
    let mut out = Vec::new();
    for tok in values.split_whitespace() {
        if tok == "_" {
            out.push(None);
            continue;
        }
        if tok == "stale" {
            out.push(Some(engine::stale_nan()));
            continue;
        }
        if let Some(n) = tok.strip_prefix("_x") {
            for _ in 0..n.parse::<usize>().unwrap() {
                out.push(None);
            }
            continue;
        }
        let Some((head, times)) = tok.rsplit_once('x') else {
            out.push(Some(parse_num(tok)));
            continue;
        };
        let times: usize = times.parse().unwrap_or_else(|_| panic!("bad token {tok}"));
        // Split `a+b` / `a-b` at the sign after the first character.
        let bytes = head.as_bytes();
        let mut split = None;
        for i in 1..bytes.len() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = Some(i);
            }
        }
        let (start, step) = match split {
            Some(i) => {
                let step = parse_num(&head[i + 1..]);
                (
                    parse_num(&head[..i]),
                    if bytes[i] == b'-' { -step } else { step },
                )
            }
            None => (parse_num(head), 0.0),
        };
        let mut v = start;
        out.push(Some(v));
        for _ in 0..times {
            v += step;
            out.push(Some(v));
        }
    }
    out
}

fn dur(n: Option<&Node>, default: i64) -> i64 {
    n.and_then(|n| n.as_str())
        .map(|s| duration::parse(s).unwrap_or_else(|e| panic!("bad duration {s}: {e}")))
        .unwrap_or(default)
}

/// Runs one test group; `Err` describes the first mismatch.
fn run_group(test: &Node, eval_interval: i64) -> Result<(), String> {
    let interval = dur(test.get("interval"), eval_interval);
    let expr_tests = test
        .get("promql_expr_test")
        .and_then(|n| n.as_sequence())
        .unwrap_or(&[]);
    // promtool loads input samples while it evaluates rules, at each
    // evaluation interval up to the last eval_time: samples after the last
    // such step are never loaded.
    let last_eval = expr_tests
        .iter()
        .map(|t| dur(t.get("eval_time"), 0))
        .max()
        .unwrap_or(0);
    let maxt = last_eval - last_eval % eval_interval;
    let mut storage = Storage::new();
    for s in test
        .get("input_series")
        .and_then(|n| n.as_sequence())
        .unwrap_or(&[])
    {
        let labels = labels_of(s.get("series").and_then(|n| n.as_str()).unwrap());
        let values = s.get("values").and_then(|n| n.as_str()).unwrap_or("");
        for (i, v) in expand(values).into_iter().enumerate() {
            if i as i64 * interval > maxt {
                break;
            }
            if let Some(v) = v {
                storage.append(&labels, i as i64 * interval, v);
            }
        }
    }
    let opts = QueryOptions {
        lookback_ms: 300_000,
        default_subquery_step_ms: eval_interval,
        ..QueryOptions::default()
    };
    for t in expr_tests {
        let expr_text = t.get("expr").and_then(|n| n.as_str()).unwrap();
        let at = dur(t.get("eval_time"), 0);
        let expr = promql::parse(expr_text).map_err(|e| format!("{expr_text}: {e:?}"))?;
        let got = engine::instant_query(&storage, &expr, at, &opts)
            .map_err(|e| format!("{expr_text}: error: {}", e.message))?;
        let mut got: Vec<(Labels, f64)> = match got {
            Value::Vector(v) => v.into_iter().map(|s| (s.labels, s.v)).collect(),
            Value::Scalar { v, .. } => vec![(Labels::new(vec![]), v)],
            other => return Err(format!("{expr_text}: unexpected {other:?}")),
        };
        let mut exp: Vec<(Labels, f64)> = t
            .get("exp_samples")
            .and_then(|n| n.as_sequence())
            .unwrap_or(&[])
            .iter()
            .map(|s| {
                let l = s
                    .get("labels")
                    .and_then(|n| n.as_str())
                    .map(labels_of)
                    .unwrap_or_else(|| Labels::new(vec![]));
                let v = s
                    .get("value")
                    .and_then(|n| n.as_str())
                    .map(parse_num)
                    .unwrap_or(0.0);
                (l, v)
            })
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        exp.sort_by(|a, b| a.0.cmp(&b.0));
        // Exact comparison, except that NaN matches NaN (we know which
        // groups promtool fails for NaN and keep them out of pass files).
        let same = got.len() == exp.len()
            && got
                .iter()
                .zip(&exp)
                .all(|(g, e)| g.0 == e.0 && (g.1 == e.1 || (g.1.is_nan() && e.1.is_nan())));
        if !same {
            let show = |v: &[(Labels, f64)]| {
                v.iter()
                    .map(|(l, x)| format!("{l} {x:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(format!(
                "{expr_text} @ {at}ms: expected [{}], got [{}]",
                show(&exp),
                show(&got)
            ));
        }
    }
    Ok(())
}

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unittest/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "yml"));
    files.sort();
    files
}

#[test]
fn corpus_verdicts() {
    let mut failures = Vec::new();
    let mut groups = 0;
    for f in corpus_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let loaded = load_yaml(&text);
        assert!(
            loaded.errors.is_empty(),
            "{}: {:?}",
            f.display(),
            loaded.errors
        );
        let root = &loaded.documents[0].root;
        // Files with rules need rule evaluation: the test runner's job.
        if root.get("rule_files").is_some() {
            continue;
        }
        let eval_interval = dur(root.get("evaluation_interval"), 60_000);
        let must_fail = f.to_string_lossy().ends_with(".fail.yml");
        for test in root
            .get("tests")
            .and_then(|n| n.as_sequence())
            .unwrap_or(&[])
        {
            if test.get("promql_expr_test").is_none() {
                continue;
            }
            groups += 1;
            let name = test.get("name").and_then(|n| n.as_str()).unwrap_or("?");
            let verdict = run_group(test, eval_interval);
            match (&verdict, must_fail) {
                (Ok(()), true) => failures.push(format!(
                    "{} / {name}: passed, but the group must fail",
                    f.display()
                )),
                (Err(e), false) => failures.push(format!("{} / {name}: {e}", f.display())),
                _ => {}
            }
        }
    }
    assert!(groups > 0, "no corpus groups found");
    assert!(
        failures.is_empty(),
        "{} of {groups} groups wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
