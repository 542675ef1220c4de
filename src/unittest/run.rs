//! Runs one test group the way promtool does: input series are loaded step
//! by step, every rule group is evaluated at each evaluation interval from
//! 0 to the largest `eval_time`, alert expectations are checked after the
//! evaluation at or just before their `eval_time`, and PromQL expectations
//! are queried at the end.

use super::compare::{self, Compare};
use super::eval::{self, Context, Evaluator, Store};
use super::file::{AlertTest, ExprTest, TestFile, TestGroup, Text};
use super::notation::{self, SeqValue};
use super::rules::GroupDef;
use super::{AlertEntry, Failure, FailureKind, Features, SampleEntry};
use crate::engine::{Labels, QueryOptions};
use crate::source::Span;
use crate::syntax::duration;
use std::collections::HashMap;

/// Sees the rules' state after each evaluation of a test group: the time
/// since the group's time 0, and the evaluator.
pub type Observer<'o> = dyn Fn(&TestGroup, i64, &Evaluator) + Sync + 'o;

/// Runs a test group against the rule groups (in evaluation order).
pub fn run_group(
    file: &TestFile,
    group: &TestGroup,
    rules: &[&GroupDef],
    cmp: &Compare,
    features: Features,
) -> Vec<Failure> {
    run_group_observed(file, group, rules, cmp, features, &|_, _, _| {})
}

/// Runs a test group, showing each evaluation to `observe`.
pub fn run_group_observed(
    file: &TestFile,
    group: &TestGroup,
    rules: &[&GroupDef],
    cmp: &Compare,
    features: Features,
    observe: &Observer,
) -> Vec<Failure> {
    run_group_inner(file, group, rules, cmp, features, observe, None)
}

/// Runs a test group, and writes into `dump` what promtool's `--debug`
/// prints after the group's tests: every series the storage holds (input
/// series and rule results) up to the group's last evaluation time.
pub fn run_group_debug(
    file: &TestFile,
    group: &TestGroup,
    rules: &[&GroupDef],
    cmp: &Compare,
    features: Features,
    dump: &mut String,
) -> Vec<Failure> {
    run_group_inner(file, group, rules, cmp, features, &|_, _, _| {}, Some(dump))
}

fn run_group_inner(
    file: &TestFile,
    group: &TestGroup,
    rules: &[&GroupDef],
    cmp: &Compare,
    features: Features,
    observe: &Observer,
    dump: Option<&mut String>,
) -> Vec<Failure> {
    let interval = if group.interval_ms > 0 {
        group.interval_ms
    } else {
        file.evaluation_interval_ms
    };
    let eval_interval = file.evaluation_interval_ms;
    let mut failures = Vec::new();

    // Time 0 of the test: the epoch, or `start_timestamp`.
    let mint = group.start_ms;
    let inputs = match load_series(group, interval, mint) {
        Ok(i) => i,
        Err(f) => return f,
    };
    if let Some(t) = group
        .alert_tests
        .iter()
        .find(|t| t.alertname.value.is_empty())
    {
        return vec![Failure {
            span: t.span,
            kind: FailureKind::Error {
                message: format!(
                    "an item under alert_rule_test misses required attribute alertname at eval_time {}",
                    t.eval_time.display()
                ),
            },
        }];
    }

    let ctx = Context {
        external_labels: group.external_labels.iter().cloned().collect(),
        external_url: group.external_url.clone(),
        opts: QueryOptions {
            lookback_ms: 5 * 60 * 1000,
            default_subquery_step_ms: eval_interval,
            delayed_name_removal: features.delayed_name_removal,
            type_and_unit_labels: features.type_and_unit_labels,
        },
    };
    let mut store = Store::default();
    let mut evaluator = Evaluator::new(rules.to_vec());
    let mut cursors = vec![0usize; inputs.len()];

    // Alert tests by eval time, in time order (file order within a time).
    let mut alert_tests: Vec<&AlertTest> = group.alert_tests.iter().collect();
    alert_tests.sort_by_key(|t| t.eval_time.millis);
    let mut next_alert = 0;

    let maxt = mint.saturating_add(group.max_eval_time());
    let mut ts = mint;
    while ts <= maxt {
        // Input samples up to now.
        for (i, (labels, samples)) in inputs.iter().enumerate() {
            while let Some((t, v)) = samples.get(cursors[i]) {
                if *t > ts {
                    break;
                }
                let _ = match v {
                    SeqValue::Histogram(h) => store.append_histogram(labels, *t, (**h).clone()),
                    SeqValue::Value(v) => store.append(labels, *t, *v),
                    SeqValue::Omitted(_) => Ok(()),
                };
                cursors[i] += 1;
            }
        }
        let errors = evaluator.eval_all(&mut store, ts, &ctx);
        if !errors.is_empty() {
            for e in errors {
                let g = evaluator.groups()[e.group];
                let rule = &g.rules[e.rule];
                failures.push(Failure {
                    span: group.span,
                    kind: FailureKind::RuleError {
                        rule: rule.name.clone(),
                        group: g.name.clone(),
                        file: g.file.clone(),
                        time: duration::format(ts),
                        message: e.message,
                    },
                });
            }
            return failures;
        }
        observe(group, ts - mint, &evaluator);
        while let Some(t) = alert_tests.get(next_alert) {
            let since = ts - mint;
            if !(since <= t.eval_time.millis && t.eval_time.millis < since + eval_interval) {
                break;
            }
            if let Some(f) = check_alerts(t, &evaluator) {
                failures.push(f);
            }
            next_alert += 1;
        }
        ts = match ts.checked_add(eval_interval) {
            Some(t) => t,
            None => break,
        };
    }

    for t in &group.expr_tests {
        if let Some(f) = check_expr(t, mint, &store, &ctx, cmp) {
            failures.push(f);
        }
    }
    if let Some(out) = dump {
        dump_storage(out, group, mint, &store, &ctx);
    }
    failures
}

/// promtool's debug dump: `{__name__=~".+"}[T]` at the last evaluation
/// time rounded up to the next whole second, as Prometheus prints a range
/// vector.
fn dump_storage(out: &mut String, group: &TestGroup, mint: i64, store: &Store, ctx: &Context) {
    use std::fmt::Write;
    let secs = group.max_eval_time() / 1000 + 1;
    let at = go_duration(secs);
    let text = format!("{{__name__=~\".+\"}}[{}s]", secs);
    let result = crate::promql::parse(&text)
        .map_err(|_| "cannot parse the dump query".to_string())
        .and_then(|e| {
            crate::engine::instant_query(
                &store.storage,
                &e,
                mint.saturating_add(secs * 1000),
                &ctx.opts,
            )
            .map_err(|e| e.message)
        });
    match result {
        Ok(crate::engine::Value::Matrix(m)) => {
            let _ = writeln!(
                out,
                "DEBUG: Dump of all data (input_series and rules) at {at}:"
            );
            let series: Vec<String> = m
                .iter()
                .map(|s| {
                    let mut vals: Vec<String> = s
                        .points
                        .iter()
                        .map(|(t, v)| format!("{} @[{t}]", go_float(*v)))
                        .collect();
                    vals.extend(
                        s.hpoints
                            .iter()
                            .map(|(t, h)| format!("{} @[{t}]", h.display())),
                    );
                    format!(
                        "{} =>\n{}",
                        s.labels.to_prometheus_string(),
                        vals.join("\n")
                    )
                })
                .collect();
            let _ = writeln!(out, "{}", series.join("\n"));
        }
        Ok(_) => {}
        Err(e) => {
            let _ = writeln!(out, "DEBUG: Failed query exec, expr: {text:?}, err: {e}");
        }
    }
}

/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`.
fn go_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{v}")
    }
}

/// Go's `time.Duration.String()` of whole seconds: `1h2m3s`, `5m0s`, `30s`.
fn go_duration(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

type Inputs = Vec<(Labels, Vec<(i64, SeqValue)>)>;

/// Parses the input series into samples at `interval` steps from 0. A
/// series given twice keeps its last definition, as promtool's loader.
fn load_series(group: &TestGroup, interval: i64, mint: i64) -> Result<Inputs, Vec<Failure>> {
    // Samples after the last evaluation time are never loaded: values past
    // it need no expansion.
    let limit = if interval > 0 {
        usize::try_from(group.max_eval_time() / interval)
            .unwrap_or(usize::MAX)
            .saturating_add(1)
    } else {
        usize::MAX
    };
    let mut out: Inputs = Vec::with_capacity(group.input_series.len());
    let mut index: HashMap<Labels, usize> = HashMap::new();
    for s in &group.input_series {
        let (pairs, end) = notation::parse_metric(&s.series.value)
            .map_err(|e| vec![notation_failure(&s.series, e)])?;
        // promtool reads `series values` as one line: anything after the
        // label set in `series` is part of the values.
        let mut values =
            notation::parse_values_up_to(&s.series.value[end..], limit).map_err(|mut e| {
                e.span = e.span.shift(end);
                vec![notation_failure(&s.series, e)]
            })?;
        values.extend(
            notation::parse_values_up_to(
                &s.values.value,
                limit.saturating_sub(
                    usize::try_from(notation::steps(&values)).unwrap_or(usize::MAX),
                ),
            )
            .map_err(|e| vec![notation_failure(&s.values, e)])?,
        );
        if let Some(dup) = duplicate_name(&pairs) {
            return Err(vec![Failure {
                span: s.series.span,
                kind: FailureKind::Error {
                    message: format!("label name {dup:?} is not unique: invalid sample"),
                },
            }]);
        }
        if pairs.is_empty() {
            return Err(vec![Failure {
                span: s.series.span,
                kind: FailureKind::Error {
                    message: "empty labelset: invalid sample".into(),
                },
            }]);
        }
        let labels = Labels::new(pairs);
        let mut samples = Vec::with_capacity(values.len());
        let mut t = mint;
        for v in values {
            let steps = match v {
                SeqValue::Omitted(n) => i64::try_from(n).unwrap_or(i64::MAX),
                v => {
                    samples.push((t, v));
                    1
                }
            };
            t = t.saturating_add(interval.saturating_mul(steps));
        }
        match index.get(&labels) {
            Some(&i) => out[i].1 = samples,
            None => {
                index.insert(labels.clone(), out.len());
                out.push((labels, samples));
            }
        }
    }
    Ok(out)
}

fn duplicate_name(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .windows(2)
        .find(|w| w[0].0 == w[1].0)
        .map(|w| w[0].0.as_str())
}

fn notation_failure(text: &Text, e: notation::NotationError) -> Failure {
    Failure {
        span: text.to_file(e.span),
        kind: FailureKind::Error { message: e.message },
    }
}

fn check_alerts(test: &AlertTest, evaluator: &Evaluator) -> Option<Failure> {
    let name = &test.alertname.value;
    let mut got: Vec<AlertEntry> = evaluator
        .firing(name)
        .into_iter()
        .map(|a| AlertEntry {
            labels: a
                .labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            annotations: a.annotations.clone(),
            span: None,
        })
        .collect();
    let mut expected: Vec<AlertEntry> = test
        .exp_alerts
        .iter()
        .map(|a| {
            let mut labels = a.labels.clone();
            labels.retain(|(k, _)| k != "alertname");
            labels.push(("alertname".to_string(), name.clone()));
            labels.sort();
            AlertEntry {
                labels,
                annotations: a.annotations.clone(),
                span: Some(a.span),
            }
        })
        .collect();
    got.sort_by(|a, b| a.key().cmp(&b.key()));
    expected.sort_by(|a, b| a.key().cmp(&b.key()));
    let equal = got.len() == expected.len()
        && got
            .iter()
            .zip(&expected)
            .all(|(g, e)| g.labels == e.labels && g.annotations == e.annotations);
    if equal {
        return None;
    }
    Some(Failure {
        span: test.span,
        kind: FailureKind::Alerts {
            alertname: name.clone(),
            eval_time: test.eval_time.display(),
            expected,
            got,
        },
    })
}

fn check_expr(
    test: &ExprTest,
    mint: i64,
    store: &Store,
    ctx: &Context,
    cmp: &Compare,
) -> Option<Failure> {
    let expr_failure = |span: Span, message: String| {
        Some(Failure {
            span,
            kind: FailureKind::ExprError {
                expr: test.expr.value.clone(),
                eval_time: test.eval_time.display(),
                message,
            },
        })
    };
    let parsed = match crate::promql::parse(&test.expr.value) {
        Ok(e) => e,
        Err(errors) => {
            let e = &errors[0];
            return expr_failure(test.expr.to_file(e.span), e.message.clone());
        }
    };
    let (got, annotations) = match eval::query_samples_annotated(
        &store.storage,
        &parsed,
        mint.saturating_add(test.eval_time.millis),
        &ctx.opts,
    ) {
        Ok(v) => v,
        Err(m) => return expr_failure(test.expr.span, m),
    };
    let mut expected = Vec::with_capacity(test.exp_samples.len());
    for s in &test.exp_samples {
        // promtool compares histograms by their series notation.
        let mut histogram = None;
        if let Some(h) = s.histogram.as_ref().filter(|h| !h.value.is_empty()) {
            match notation::parse_histogram(h.value.trim()) {
                Ok(parsed) => histogram = Some(parsed.test_expression()),
                Err(m) => return expr_failure(h.span, format!("labels {:?}: {m}", s.labels.value)),
            }
        }
        match notation::parse_metric_only(&s.labels.value) {
            Ok(labels) => expected.push(SampleEntry {
                labels,
                value: s.value,
                histogram,
                span: Some(s.span),
            }),
            Err(e) => {
                return expr_failure(
                    s.labels.to_file(e.span),
                    format!("labels {:?}: {}", s.labels.value, e.message),
                )
            }
        }
    }
    let mut got: Vec<SampleEntry> = got
        .into_iter()
        .map(|(labels, value, h)| SampleEntry {
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            value,
            histogram: h.map(|h| h.test_expression()),
            span: None,
        })
        .collect();
    expected.sort_by(|a, b| a.labels.cmp(&b.labels));
    got.sort_by(|a, b| a.labels.cmp(&b.labels));
    let equal = got.len() == expected.len()
        && got.iter().zip(&expected).all(|(g, e)| {
            g.labels == e.labels
                && match (&e.histogram, &g.histogram) {
                    (Some(eh), Some(gh)) => compare::histograms_equal(eh, gh, cmp),
                    (None, None) => compare::floats_equal(e.value, g.value, cmp),
                    _ => false,
                }
        });
    if equal {
        return None;
    }
    Some(Failure {
        span: test.span,
        kind: FailureKind::Samples {
            expr: test.expr.value.clone(),
            eval_time: test.eval_time.display(),
            expected,
            got,
            annotations: annotations.iter().map(|a| a.to_string()).collect(),
        },
    })
}
