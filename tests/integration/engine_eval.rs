//! Engine edge cases: errors (text and location), NaN/Inf behaviour,
//! staleness, deep nesting, result labels.

use promlint::engine::{self, instant_query, Labels, QueryOptions, Sample, Storage, Value};
use promlint::promql;

fn labels(s: &[(&str, &str)]) -> Labels {
    Labels::new(
        s.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
}

/// One input series: its labels and its `(t in s, v)` samples.
type SeriesSpec<'a> = (&'a [(&'a str, &'a str)], &'a [(i64, f64)]);

/// A store from `(labels, [(t in s, v)])`.
fn store(series: &[SeriesSpec]) -> Storage {
    let mut st = Storage::new();
    for (l, pts) in series {
        let l = labels(l);
        for &(t, v) in *pts {
            st.append(&l, t * 1000, v);
        }
    }
    st
}

fn opts() -> QueryOptions {
    QueryOptions {
        lookback_ms: 300_000,
        default_subquery_step_ms: 60_000,
        ..QueryOptions::default()
    }
}

fn query(st: &Storage, q: &str, t_s: i64) -> Result<Value, engine::EvalError> {
    let e = promql::parse(q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
    instant_query(st, &e, t_s * 1000, &opts())
}

fn vector(st: &Storage, q: &str, t_s: i64) -> Vec<(String, f64)> {
    match query(st, q, t_s) {
        Ok(Value::Vector(v)) => {
            let mut out: Vec<(String, f64)> = v
                .into_iter()
                .map(|s: Sample| (s.labels.to_string(), s.v))
                .collect();
            out.sort_by(|a, b| a.0.cmp(&b.0));
            out
        }
        other => panic!("{q}: {other:?}"),
    }
}

fn scalar(st: &Storage, q: &str, t_s: i64) -> f64 {
    match query(st, q, t_s) {
        Ok(Value::Scalar { v, .. }) => v,
        other => panic!("{q}: {other:?}"),
    }
}

fn error(st: &Storage, q: &str, t_s: i64) -> (String, String) {
    match query(st, q, t_s) {
        Err(e) => (e.message, q[e.span.range()].to_string()),
        other => panic!("{q}: expected an error, got {other:?}"),
    }
}

#[test]
fn many_to_many_error_names_the_group_and_both_series() {
    // Prometheus 3.x orders the two series, so the message is stable.
    let st = store(&[
        (&[("__name__", "a"), ("job", "x")], &[(0, 1.0)]),
        (&[("__name__", "b"), ("job", "x"), ("i", "1")], &[(0, 1.0)]),
        (&[("__name__", "b"), ("job", "x"), ("i", "2")], &[(0, 2.0)]),
        (&[("__name__", "c"), ("job", "x"), ("i", "1")], &[(0, 3.0)]),
    ]);
    let (msg, at) = error(&st, "a + on (job) b", 0);
    assert_eq!(
        msg,
        "found duplicate series for the match group {job=\"x\"} on the right hand-side of the operation: [{__name__=\"b\", i=\"1\", job=\"x\"}, {__name__=\"b\", i=\"2\", job=\"x\"}];many-to-many matching not allowed: matching labels must be unique on one side"
    );
    assert_eq!(at, "a + on (job) b");
    let (msg, _) = error(&st, "b - on (job) group_right a", 0);
    assert!(msg.contains("on the left hand-side"), "{msg}");
    let (msg, _) = error(&st, "b - on (job) a", 0);
    assert_eq!(
        msg,
        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
    );
    let (msg, _) = error(
        &st,
        "{__name__=~\"b|c\", i=\"1\"} - on (job) group_left a",
        0,
    );
    assert_eq!(
        msg,
        "multiple matches for labels: grouping labels must ensure unique matches"
    );
}

#[test]
fn errors_are_located_on_their_node() {
    let st = store(&[
        (&[("__name__", "a"), ("i", "1")], &[(0, 1.0)]),
        (&[("__name__", "b"), ("i", "1")], &[(0, 2.0)]),
    ]);
    let (msg, at) = error(&st, "sum(abs({__name__=~\"a|b\"}))", 0);
    assert_eq!(msg, "vector cannot contain metrics with the same labelset");
    assert_eq!(at, "abs({__name__=~\"a|b\"})");
    let (msg, at) = error(&st, "topk(scalar(nothing), a)", 0);
    assert_eq!(
        (msg.as_str(), at.as_str()),
        ("Parameter value is NaN", "scalar(nothing)")
    );
    let (msg, _) = error(&st, "topk(1e19, a)", 0);
    assert_eq!(msg, "Scalar value 1e+19 overflows int64");
    let (msg, _) = error(&st, "limit_ratio(scalar(nothing), a)", 0);
    assert_eq!(msg, "Ratio value is NaN");
    let (msg, _) = error(&st, "double_exponential_smoothing(a[5m], 1, 0.5)", 0);
    assert_eq!(
        msg,
        "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"
    );
    let (msg, _) = error(
        &st,
        "rate(a[5m] anchored) + max_over_time(a[5m] anchored)",
        0,
    );
    assert_eq!(
        msg,
        "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with max_over_time"
    );
    let (msg, _) = error(&st, "-{__name__=~\"a|b\"}", 0);
    assert_eq!(msg, "vector cannot contain metrics with the same labelset");
}

#[test]
fn nan_and_inf_in_aggregations() {
    let st = store(&[
        (&[("__name__", "m"), ("i", "1")], &[(0, f64::NAN)]),
        (&[("__name__", "m"), ("i", "2")], &[(0, 1.0)]),
        (&[("__name__", "n"), ("i", "1")], &[(0, f64::INFINITY)]),
        (&[("__name__", "n"), ("i", "2")], &[(0, 1.0)]),
        (&[("__name__", "big"), ("i", "1")], &[(0, 1e308)]),
        (&[("__name__", "big"), ("i", "2")], &[(0, 1e308)]),
        (&[("__name__", "big"), ("i", "3")], &[(0, 1e308)]),
    ]);
    assert!(vector(&st, "sum(m)", 0)[0].1.is_nan());
    assert!(vector(&st, "avg(m)", 0)[0].1.is_nan());
    assert_eq!(vector(&st, "max(m)", 0)[0].1, 1.0);
    assert_eq!(vector(&st, "min(m)", 0)[0].1, 1.0);
    assert!(vector(&st, "stddev(n)", 0)[0].1.is_nan());
    assert_eq!(vector(&st, "sum(n)", 0)[0].1, f64::INFINITY);
    // The sum overflows; avg switches to an incremental mean.
    assert_eq!(vector(&st, "avg(big)", 0)[0].1, 1e308);
    assert_eq!(vector(&st, "sum(big)", 0)[0].1, f64::INFINITY);
    assert_eq!(
        vector(&st, "avg_over_time(big{i=\"1\"}[1m])", 0)[0].1,
        1e308
    );
    assert_eq!(vector(&st, "count(m)", 0)[0].1, 2.0);
    assert_eq!(
        vector(&st, "count_values(\"v\", m)", 0),
        vec![
            ("{v=\"1\"}".to_string(), 1.0),
            ("{v=\"NaN\"}".to_string(), 1.0)
        ]
    );
}

#[test]
fn count_values_formats_like_go() {
    let st = store(&[
        (&[("__name__", "m"), ("i", "1")], &[(0, 1e21)]),
        (&[("__name__", "m"), ("i", "2")], &[(0, f64::NEG_INFINITY)]),
        (&[("__name__", "m"), ("i", "3")], &[(0, 0.000001)]),
    ]);
    let got: Vec<String> = vector(&st, "count_values(\"v\", m)", 0)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(
        got,
        vec![
            "{v=\"-Inf\"}".to_string(),
            "{v=\"0.000001\"}".to_string(),
            "{v=\"1000000000000000000000\"}".to_string()
        ]
    );
}

#[test]
fn staleness_ends_series_in_instant_and_range_queries() {
    let st = store(&[(
        &[("__name__", "g")],
        &[(0, 1.0), (60, 2.0), (120, engine::stale_nan()), (180, 4.0)],
    )]);
    assert_eq!(vector(&st, "g", 150), vec![]);
    assert_eq!(vector(&st, "g", 180), vec![("g".to_string(), 4.0)]);
    assert_eq!(vector(&st, "count_over_time(g[10m])", 180)[0].1, 3.0);
    assert_eq!(vector(&st, "timestamp(g)", 200)[0].1, 180.0);
    // A subquery sees no value while the series is stale.
    assert_eq!(vector(&st, "count_over_time(g[3m:1m])", 180)[0].1, 2.0);
}

#[test]
fn empty_storage() {
    let st = Storage::new();
    assert_eq!(vector(&st, "up", 0), vec![]);
    assert_eq!(vector(&st, "sum(up)", 0), vec![]);
    assert_eq!(vector(&st, "rate(up[5m])", 0), vec![]);
    assert_eq!(
        vector(&st, "absent(up{job=\"x\"})", 0),
        vec![("{job=\"x\"}".to_string(), 1.0)]
    );
    assert_eq!(
        vector(&st, "absent_over_time(up[5m:1m])", 0),
        vec![("{}".to_string(), 1.0)]
    );
    assert!(scalar(&st, "scalar(up)", 0).is_nan());
    assert_eq!(scalar(&st, "time()", 90), 90.0);
    assert_eq!(
        vector(&st, "vector(time())", 90),
        vec![("{}".to_string(), 90.0)]
    );
}

#[test]
fn result_labels_follow_prometheus() {
    let st = store(&[
        (&[("__name__", "a"), ("job", "x"), ("i", "1")], &[(0, 4.0)]),
        (&[("__name__", "b"), ("job", "x")], &[(0, 2.0)]),
    ]);
    assert_eq!(
        vector(&st, "a / on (job) group_left b", 0)[0].0,
        "{i=\"1\", job=\"x\"}"
    );
    assert_eq!(
        vector(&st, "a > on (job) group_left b", 0)[0].0,
        "a{i=\"1\", job=\"x\"}"
    );
    assert_eq!(
        vector(&st, "a > bool on (job) group_left b", 0)[0].0,
        "{i=\"1\", job=\"x\"}"
    );
    assert_eq!(
        vector(&st, "last_over_time(a[1m])", 0)[0].0,
        "a{i=\"1\", job=\"x\"}"
    );
    assert_eq!(
        vector(&st, "max_over_time(a[1m])", 0)[0].0,
        "{i=\"1\", job=\"x\"}"
    );
    assert_eq!(vector(&st, "a offset 0s", 0)[0].0, "a{i=\"1\", job=\"x\"}");
    assert_eq!(vector(&st, "+a", 0)[0].0, "a{i=\"1\", job=\"x\"}");
}

#[test]
fn go_modulo_and_power() {
    let st = Storage::new();
    assert_eq!(scalar(&st, "-7.5 % 2", 0), -1.5);
    assert!(scalar(&st, "1 % 0", 0).is_nan());
    assert_eq!(scalar(&st, "5 % Inf", 0), 5.0);
    assert!(scalar(&st, "(-8) ^ (1/3)", 0).is_nan());
    assert_eq!(scalar(&st, "0 ^ -1", 0), f64::INFINITY);
    assert_eq!(scalar(&st, "1.5 ^ 2.5", 0), 2.7556759606310757);
}

/// Deeply nested expressions evaluate without exhausting the stack of a
/// small (2 MiB) thread.
#[test]
fn deep_nesting_does_not_overflow() {
    let st = store(&[(&[("__name__", "x")], &[(0, 1.0)])]);
    // The parser accepts up to 128 levels of nesting.
    let parens = format!("{}x{}", "(".repeat(120), ")".repeat(120));
    let abs = format!("{}x{}", "abs(".repeat(120), ")".repeat(120));
    let sums = format!("{}x{}", "sum(".repeat(60), ")".repeat(60));
    let adds = std::iter::repeat_n("x", 400)
        .collect::<Vec<_>>()
        .join(" + ");
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            assert_eq!(vector(&st, &parens, 0), vec![("x".to_string(), 1.0)]);
            assert_eq!(vector(&st, &abs, 0), vec![("{}".to_string(), 1.0)]);
            assert_eq!(vector(&st, &sums, 0), vec![("{}".to_string(), 1.0)]);
            assert_eq!(vector(&st, &adds, 0), vec![("{}".to_string(), 400.0)]);
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn offsets_and_at_use_milliseconds() {
    let st = store(&[(&[("__name__", "g")], &[(0, 0.0), (1, 1.0), (2, 2.0)])]);
    assert_eq!(vector(&st, "g @ 1.5", 100)[0].1, 1.0);
    assert_eq!(vector(&st, "g @ 2", 100)[0].1, 2.0);
    assert_eq!(vector(&st, "g offset 1500ms", 3)[0].1, 1.0);
    assert_eq!(vector(&st, "g @ end() offset 1s", 2)[0].1, 1.0);
}

#[test]
fn labels_display() {
    assert_eq!(
        labels(&[("__name__", "up"), ("a", "1")]).to_string(),
        "up{a=\"1\"}"
    );
    assert_eq!(
        labels(&[("__name__", "my.metric"), ("a", "1")]).to_string(),
        "{\"my.metric\", a=\"1\"}"
    );
    assert_eq!(labels(&[("a", "x\ny")]).to_string(), "{a=\"x\\ny\"}");
}

/// Long operator chains (left-deep trees, as deep as the parser allows)
/// evaluate on a small stack.
#[test]
fn long_binary_chains() {
    let st = store(&[(&[("__name__", "x")], &[(0, 1.0)])]);
    let n = 990;
    let adds = std::iter::repeat_n("x", n).collect::<Vec<_>>().join(" + ");
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let e = promql::parse(&adds).expect("the parser accepts this depth");
            match instant_query(&st, &e, 0, &opts()) {
                Ok(Value::Vector(v)) => assert_eq!(v[0].v, n as f64),
                other => panic!("{other:?}"),
            }
        })
        .unwrap();
    handle.join().unwrap();
}

/// Times at the ends of the int64 range do not overflow.
#[test]
fn extreme_times() {
    let st = store(&[(&[("__name__", "g")], &[(0, 1.0), (60, 2.0)])]);
    for q in [
        "g @ 9223372036854775",
        "g @ -9223372036854775",
        "rate(g[5m] @ -9223372036854775)",
        "rate(g[5m] smoothed @ 9223372036854775)",
        "increase(g[5m] anchored @ -9223372036854775)",
        "count_over_time(g[5m:1m] @ -9223372036854775)",
        "predict_linear(g[5m] @ 9223372036854775, 60)",
        "g smoothed @ -9223372036854775",
        "info(g @ -9223372036854775)",
    ] {
        let e = promql::parse(q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
        let _ = instant_query(&st, &e, 0, &opts());
        let _ = instant_query(&st, &e, i64::MAX, &opts());
        let _ = instant_query(&st, &e, i64::MIN, &opts());
    }
}

#[test]
fn huge_subqueries_stop_with_an_error() {
    let st = store(&[(&[("__name__", "g")], &[(0, 1.0)])]);
    let (msg, at) = error(&st, "count_over_time(g[10y:1ms])", 0);
    assert_eq!(
        msg,
        "query processing would load too many samples into memory in query execution"
    );
    assert_eq!(at, "g[10y:1ms]");
}

/// clamp uses Go's math.Max/Min: +Inf beats a NaN bound.
#[test]
fn clamp_with_nan_bounds() {
    let st = store(&[
        (&[("__name__", "e"), ("i", "inf")], &[(0, f64::INFINITY)]),
        (&[("__name__", "e"), ("i", "one")], &[(0, 1.0)]),
    ]);
    let got = vector(&st, "clamp_min(e, NaN)", 0);
    assert_eq!(got[0], ("{i=\"inf\"}".to_string(), f64::INFINITY));
    assert!(got[1].1.is_nan());
    let got = vector(&st, "clamp_max(-e, NaN)", 0);
    assert_eq!(got[0], ("{i=\"inf\"}".to_string(), f64::NEG_INFINITY));
}

#[test]
fn smoothed_and_anchored_instant_selectors() {
    let st = store(&[(&[("__name__", "g")], &[(0, 0.0), (60, 10.0), (120, 20.0)])]);
    assert_eq!(vector(&st, "g smoothed", 90)[0].1, 15.0);
    assert_eq!(vector(&st, "g smoothed", 120)[0].1, 20.0);
    assert_eq!(vector(&st, "g smoothed", 200)[0].1, 20.0);
    assert_eq!(vector(&st, "g anchored", 90)[0].1, 10.0);
}

#[test]
fn subquery_steps_of_earlier_queries_follow_later_appends() {
    let q = "sum_over_time((sum(m) or on() vector(0))[10m:1m])";
    let mut st = store(&[(&[("__name__", "m")], &[(0, 1.0), (60, 2.0)])]);
    // Steps 1m..10m: m (lookback 5m) is 1 at 0..59 s, 2 from 60 s to 359 s.
    assert_eq!(scalar(&st, &format!("scalar({q})"), 600), 10.0);
    // A sample inside the window changes steps an earlier query saw.
    st.append(&labels(&[("__name__", "m")]), 300_000, 10.0);
    assert_eq!(scalar(&st, &format!("scalar({q})"), 600), 58.0);
    // A query at a later time reuses the steps still valid.
    assert_eq!(scalar(&st, &format!("scalar({q})"), 660), 56.0);
    // Not cached: `@` reads other times than the step's.
    assert_eq!(
        scalar(&st, "scalar(sum_over_time((m @ 300)[10m:1m]))", 600),
        100.0
    );
}
