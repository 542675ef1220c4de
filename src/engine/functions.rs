//! PromQL functions over floats, following Prometheus' `functions.go`
//! operation by operation.

use super::eval::{check_unique, Evaluator, Val, R};
use super::gomath;
use super::labels::{Labels, METRIC_NAME};
use super::num::{self, kahan_inc};
use super::range_histogram::{self, RangeOut};
use super::*;
use crate::promql::ast::*;

pub(super) fn call(ev: &Evaluator, e: &Expr, c: &Call, ts: i64) -> R<Val> {
    let name = c.func.value.as_str();
    let args = &c.args;
    match name {
        "time" => return Ok(Val::Scalar(ts as f64 / 1000.0)),
        "pi" => return Ok(Val::Scalar(std::f64::consts::PI)),
        "start" | "end" => return Ok(Val::Scalar(ev.query_t as f64 / 1000.0)),
        // An instant query has no step and an empty range.
        "range" | "step" => return Ok(Val::Scalar(0.0)),
        "min_of" | "max_of" => {
            let a = ev.eval_scalar(arg(args, 0, e)?, ts)?;
            let b = ev.eval_scalar(arg(args, 1, e)?, ts)?;
            return Ok(Val::Scalar(if name == "max_of" {
                go_max(a, b)
            } else {
                go_min(a, b)
            }));
        }
        "vector" => {
            let v = ev.eval_scalar(arg(args, 0, e)?, ts)?;
            return Ok(Val::Vector(vec![Sample {
                h: None,
                labels: Labels::empty(),
                t: ts,
                v,
            }]));
        }
        "scalar" => {
            // The one float of the vector; histograms do not count.
            let v = ev.eval_vector(arg(args, 0, e)?, ts)?;
            let mut floats = v.iter().filter(|s| s.h.is_none());
            return Ok(Val::Scalar(match (floats.next(), floats.next()) {
                (Some(one), None) => one.v,
                _ => f64::NAN,
            }));
        }
        "label_replace" => return label_replace(ev, e, args, ts),
        "label_join" => return label_join(ev, e, args, ts),
        "info" => return super::info::info(ev, e, args, ts),
        "timestamp" => {
            if let ExprKind::Vector(vs) = &arg(args, 0, e)?.unparen().kind {
                let out: Vec<Sample> = ev
                    .instant_samples(vs, ts)?
                    .into_iter()
                    .map(|(l, t, _, _)| Sample {
                        h: None,
                        labels: ev.drop_name(l),
                        t: ts,
                        v: t as f64 / 1000.0,
                    })
                    .collect();
                check_unique(&out, e.span)?;
                return Ok(Val::Vector(out));
            }
        }
        "absent" => {
            let a = arg(args, 0, e)?;
            let v = ev.eval_vector(a, ts)?;
            if !v.is_empty() {
                return Ok(Val::Vector(Vec::new()));
            }
            return Ok(Val::Vector(vec![Sample {
                h: None,
                labels: absent_labels(a),
                t: ts,
                v: 1.0,
            }]));
        }
        "holt_winters" => {
            return Err(EvalError::new(
                c.func.span,
                "unknown function with name \"holt_winters\"",
            ))
        }
        _ => {}
    }
    if let Some(i) = args.iter().position(|a| {
        matches!(
            a.unparen().kind,
            ExprKind::Matrix(_) | ExprKind::Subquery(_)
        )
    }) {
        return matrix_call(ev, e, c, i, ts);
    }
    vector_call(ev, e, c, ts)
}

pub(super) fn arg<'e>(args: &'e [Expr], i: usize, e: &Expr) -> R<&'e Expr> {
    args.get(i)
        .ok_or_else(|| EvalError::new(e.span, "missing function argument"))
}

pub(super) fn string_arg(args: &[Expr], i: usize, e: &Expr) -> R<String> {
    match &arg(args, i, e)?.unparen().kind {
        ExprKind::String(s) => Ok(s.value.clone()),
        _ => Err(EvalError::new(e.span, "expected a string literal argument")),
    }
}

/// The labels `absent(...)` reports: the equality matchers of a selector,
/// except names matched more than once (Prometheus' historic behaviour).
fn absent_labels(a: &Expr) -> Labels {
    let vs = match &a.unparen().kind {
        ExprKind::Vector(vs) => vs,
        ExprKind::Matrix(m) => match &m.vector.unparen().kind {
            ExprKind::Vector(vs) => vs,
            _ => return Labels::empty(),
        },
        _ => return Labels::empty(),
    };
    let mut l = Labels::empty();
    let mut has: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for m in &vs.matchers {
        if m.name.value == METRIC_NAME {
            continue;
        }
        if m.op == MatchOp::Equal && !has.contains(m.name.value.as_str()) {
            l.set(&m.name.value, &m.value.value);
            has.insert(&m.name.value);
        } else {
            l.remove(&m.name.value);
        }
    }
    l
}

// ------------------------------------------------------------ range-vector functions

/// Where the range of a range-vector argument lies.
pub(super) struct RangeInfo {
    pub start: i64,
    pub end: i64,
    pub range_ms: i64,
    pub mode: RangeMode,
}

impl RangeInfo {
    /// Go's `time.Duration.Seconds()` of the range.
    pub fn seconds(&self) -> f64 {
        (self.range_ms / 1000) as f64 + ((self.range_ms % 1000) * 1_000_000) as f64 / 1e9
    }
}

const ANCHORED_SAFE: &str = "changes, delta, increase, rate, resets";
const SMOOTHED_SAFE: &str = "delta, increase, rate";

fn matrix_call(ev: &Evaluator, e: &Expr, c: &Call, idx: usize, ts: i64) -> R<Val> {
    let name = c.func.value.as_str();
    let marg = c.args[idx].unparen();
    let mut scalars = Vec::new();
    for (i, a) in c.args.iter().enumerate() {
        if i != idx {
            scalars.push(ev.eval_scalar(a, ts)?);
        }
    }
    let (matrix, info) = match &marg.kind {
        ExprKind::Matrix(m) => {
            match m.mode {
                RangeMode::Anchored if !ANCHORED_SAFE.split(", ").any(|f| f == name) => {
                    return Err(EvalError::new(
                        e.span,
                        format!("anchored modifier can only be used with: {ANCHORED_SAFE} - not with {name}"),
                    ))
                }
                RangeMode::Smoothed if !SMOOTHED_SAFE.split(", ").any(|f| f == name) => {
                    return Err(EvalError::new(
                        e.span,
                        format!("smoothed modifier can only be used with: {SMOOTHED_SAFE} - not with {name}"),
                    ))
                }
                _ => {}
            }
            let (start, end, series) = ev.range_samples(marg, m, ts)?;
            (
                series,
                RangeInfo {
                    start,
                    end,
                    range_ms: end.saturating_sub(start),
                    mode: m.mode,
                },
            )
        }
        _ => {
            let ExprKind::Subquery(sq) = &marg.kind else {
                return Err(EvalError::new(marg.span, "expected a range vector"));
            };
            let end = ev.ref_time(&sq.offset, &sq.at, ts)?;
            let range_ms = ev.duration_ms(&sq.range, false)?;
            (
                ev.eval_matrix(marg, ts)?,
                RangeInfo {
                    start: end.saturating_sub(range_ms),
                    end,
                    range_ms,
                    mode: RangeMode::Default,
                },
            )
        }
    };

    if name == "absent_over_time" {
        if matrix
            .iter()
            .any(|s| !s.points.is_empty() || !s.hpoints.is_empty())
        {
            return Ok(Val::Vector(Vec::new()));
        }
        return Ok(Val::Vector(vec![Sample {
            h: None,
            labels: absent_labels(marg),
            t: ts,
            v: 1.0,
        }]));
    }

    let keep_name = matches!(name, "last_over_time" | "first_over_time");
    let mut out = Vec::with_capacity(matrix.len());
    for s in matrix {
        let value = if s.hpoints.is_empty() {
            range_function(name, &s.points, &scalars, &info, ts, e)?.map(RangeOut::Float)
        } else {
            range_histogram::call(ev, name, &s, &info, c.args[idx].span, |p| {
                range_function(name, p, &scalars, &info, ts, e)
            })?
        };
        let (v, h) = match value {
            None => continue,
            Some(RangeOut::Float(v)) => (v, None),
            Some(RangeOut::Hist(h)) => (0.0, Some(h)),
        };
        out.push(Sample {
            h,
            labels: if keep_name {
                s.labels
            } else {
                ev.drop_name(&s.labels)
            },
            t: ts,
            v,
        });
    }
    check_unique(&out, e.span)?;
    Ok(Val::Vector(out))
}

fn range_function(
    name: &str,
    p: &[(i64, f64)],
    scalars: &[f64],
    info: &RangeInfo,
    ts: i64,
    e: &Expr,
) -> R<Option<f64>> {
    if p.is_empty() {
        return Ok(None);
    }
    let first = p[0];
    let last = p[p.len() - 1];
    Ok(match name {
        "rate" => rate(p, info, true, true),
        "increase" => rate(p, info, true, false),
        "delta" => rate(p, info, false, false),
        "irate" => instant_value(p, true),
        "idelta" => instant_value(p, false),
        "resets" => {
            let Some(from) = first_sample_index(p, info) else {
                return Ok(None);
            };
            let n = p[from..].windows(2).filter(|w| w[1].1 < w[0].1).count();
            Some(n as f64)
        }
        "changes" => {
            let Some(from) = first_sample_index(p, info) else {
                return Ok(None);
            };
            let n = p[from..]
                .windows(2)
                .filter(|w| w[1].1 != w[0].1 && !(w[1].1.is_nan() && w[0].1.is_nan()))
                .count();
            Some(n as f64)
        }
        "deriv" => {
            if p.len() < 2 {
                None
            } else {
                Some(linear_regression(p, first.0).0)
            }
        }
        "predict_linear" => {
            if p.len() < 2 {
                None
            } else {
                let duration = scalars.first().copied().unwrap_or(f64::NAN);
                let (slope, intercept) = linear_regression(p, ts);
                Some(slope * duration + intercept)
            }
        }
        "double_exponential_smoothing" => {
            let sf = scalars.first().copied().unwrap_or(f64::NAN);
            let tf = scalars.get(1).copied().unwrap_or(f64::NAN);
            if sf <= 0.0 || sf >= 1.0 || sf.is_nan() {
                return Err(EvalError::new(
                    e.span,
                    format!(
                        "invalid smoothing factor. Expected: 0 < sf < 1, got: {}",
                        go_f(sf)
                    ),
                ));
            }
            if tf <= 0.0 || tf >= 1.0 || tf.is_nan() {
                return Err(EvalError::new(
                    e.span,
                    format!(
                        "invalid trend factor. Expected: 0 < tf < 1, got: {}",
                        go_f(tf)
                    ),
                ));
            }
            double_exponential_smoothing(p, sf, tf)
        }
        "avg_over_time" => Some(avg_over_time(p)),
        "sum_over_time" => {
            let (mut sum, mut c) = (0.0, 0.0);
            for &(_, v) in p {
                (sum, c) = kahan_inc(v, sum, c);
            }
            Some(if sum.is_infinite() { sum } else { sum + c })
        }
        "count_over_time" => Some(p.len() as f64),
        "min_over_time" => Some(compare_over_time(p, |cur, m| cur < m || m.is_nan()).1),
        "max_over_time" => Some(compare_over_time(p, |cur, m| cur > m || m.is_nan()).1),
        "ts_of_min_over_time" => {
            Some(compare_over_time(p, |cur, m| cur <= m || m.is_nan()).0 as f64 / 1000.0)
        }
        "ts_of_max_over_time" => {
            Some(compare_over_time(p, |cur, m| cur >= m || m.is_nan()).0 as f64 / 1000.0)
        }
        "ts_of_first_over_time" => Some(first.0 as f64 / 1000.0),
        "ts_of_last_over_time" => Some(last.0 as f64 / 1000.0),
        "first_over_time" => Some(first.1),
        "last_over_time" => Some(last.1),
        "present_over_time" => Some(1.0),
        "quantile_over_time" => {
            let q = scalars.first().copied().unwrap_or(f64::NAN);
            let mut values: Vec<f64> = p.iter().map(|x| x.1).collect();
            Some(num::quantile(q, &mut values))
        }
        // A NaN makes the median, and so the deviation, undefined.
        "mad_over_time" if p.iter().any(|x| x.1.is_nan()) => Some(f64::NAN),
        "mad_over_time" => {
            let mut values: Vec<f64> = p.iter().map(|x| x.1).collect();
            let median = num::quantile(0.5, &mut values);
            let mut dev: Vec<f64> = p.iter().map(|x| (x.1 - median).abs()).collect();
            Some(num::quantile(0.5, &mut dev))
        }
        "stddev_over_time" => Some(variance_over_time(p).sqrt()),
        "stdvar_over_time" => Some(variance_over_time(p)),
        other => {
            return Err(EvalError::new(
                e.span,
                format!("the function {other}() is not supported yet"),
            ))
        }
    })
}

/// Go's `%f`.
fn go_f(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{v:.6}")
    }
}

/// `rate`, `increase` and `delta`: the change over the range, extrapolated
/// to the range boundaries (Prometheus' `extrapolatedRate`).
fn rate(p: &[(i64, f64)], info: &RangeInfo, counter: bool, is_rate: bool) -> Option<f64> {
    if info.mode != RangeMode::Default {
        return extended_rate(p, info, counter, is_rate);
    }
    if p.len() < 2 {
        return None;
    }
    let n1 = p.len() - 1;
    let last_t = p[n1].0;
    let mut result = p[n1].1 - p[0].1;
    if counter {
        for w in p.windows(2) {
            if w[1].1 < w[0].1 {
                result += w[0].1;
            }
        }
    }
    let factor = extrapolation_factor(info, p[0], last_t, n1, result, counter, is_rate);
    Some(result * factor)
}

/// Prometheus' extrapolation in `extrapolatedRate`, for floats and native
/// histograms alike: the factor that stretches the `change` between the
/// first sample (`first`: its time and value, a histogram's count) and
/// the last one at `last_t`, `intervals` samples later, towards the range
/// boundaries (divided by the range for a rate). Samples close to a
/// boundary extrapolate to it, others by half an average interval; a
/// counter is not extrapolated below zero.
pub(super) fn extrapolation_factor(
    info: &RangeInfo,
    first: (i64, f64),
    last_t: i64,
    intervals: usize,
    change: f64,
    counter: bool,
    is_rate: bool,
) -> f64 {
    let (first_t, first_value) = first;
    let mut to_start = first_t.wrapping_sub(info.start) as f64 / 1000.0;
    let mut to_end = info.end.wrapping_sub(last_t) as f64 / 1000.0;
    let sampled = last_t.wrapping_sub(first_t) as f64 / 1000.0;
    let avg = sampled / intervals as f64;
    let threshold = avg * 1.1;
    if to_start >= threshold {
        to_start = avg / 2.0;
    }
    if counter {
        // A counter cannot go below zero: do not extrapolate past the time
        // it would have been zero.
        let mut to_zero = to_start;
        if change > 0.0 && first_value >= 0.0 {
            to_zero = sampled * (first_value / change);
        }
        if to_zero < to_start {
            to_start = to_zero;
        }
    }
    if to_end >= threshold {
        to_end = avg / 2.0;
    }
    let mut factor = 1.0;
    if sampled != 0.0 {
        factor = (sampled + to_start + to_end) / sampled;
    }
    if is_rate {
        factor /= info.seconds();
    }
    factor
}

/// `rate`/`increase`/`delta` over an anchored or smoothed range, whose
/// samples include a point on each boundary.
fn extended_rate(f: &[(i64, f64)], info: &RangeInfo, counter: bool, is_rate: bool) -> Option<f64> {
    let smoothed = info.mode == RangeMode::Smoothed;
    let mut last = f.len() - 1;
    let mut first = super::eval::search(last, |i| f[i].0 > info.start).saturating_sub(1);
    if smoothed {
        last = super::eval::search(last, |i| f[i].0 >= info.end);
    }
    if f[last].0 <= info.start {
        return None;
    }
    // Every sample after the range: nothing to interpolate from.
    if smoothed && f[first].0 > info.end {
        return None;
    }
    let left = if smoothed && f[first].0 < info.start && first + 1 < f.len() {
        super::eval::interpolate(f[first], f[first + 1], info.start, counter)
    } else {
        f[first].1
    };
    let right = if smoothed && last > 0 && f[last].0 > info.end {
        super::eval::interpolate(f[last - 1], f[last], info.end, counter)
    } else {
        f[last].1
    };
    let mut result = right - left;
    if counter {
        if f[first].0 <= info.start {
            first += 1;
        }
        let mut last_i = last as isize;
        if f[last].0 >= info.end {
            last_i -= 1;
        }
        let inner: &[(i64, f64)] = if last_i >= first as isize {
            &f[first..=last_i as usize]
        } else {
            &[]
        };
        let mut correction = 0.0;
        let mut prev = left;
        for &(_, v) in inner {
            if v < prev {
                correction += prev;
            }
            prev = v;
        }
        if right < prev {
            correction += prev;
        }
        result += correction;
    }
    if is_rate {
        result /= info.seconds();
    }
    Some(result)
}

/// `irate`/`idelta`: from the last two samples.
fn instant_value(p: &[(i64, f64)], is_rate: bool) -> Option<f64> {
    if p.len() < 2 {
        return None;
    }
    let (a, b) = (p[p.len() - 2], p[p.len() - 1]);
    let interval = b.0 - a.0;
    if interval == 0 {
        return None;
    }
    let mut v = b.1;
    if !is_rate || b.1 >= a.1 || b.1.is_nan() || a.1.is_nan() {
        v = b.1 - a.1;
    }
    if is_rate {
        v /= interval as f64 / 1000.0;
    }
    Some(v)
}

/// Where `resets`/`changes` start: with `anchored`, at the last sample at
/// or before the range start; `None` when no sample is inside the range.
fn first_sample_index(p: &[(i64, f64)], info: &RangeInfo) -> Option<usize> {
    if info.mode != RangeMode::Anchored {
        return Some(0);
    }
    if p.is_empty() || p[p.len() - 1].0 <= info.start {
        return None;
    }
    Some(super::eval::search(p.len() - 1, |i| p[i].0 > info.start).saturating_sub(1))
}

/// Least-squares slope and intercept (at `intercept_t`), with Kahan sums.
fn linear_regression(p: &[(i64, f64)], intercept_t: i64) -> (f64, f64) {
    let mut n = 0.0;
    let (mut sum_x, mut c_x) = (0.0, 0.0);
    let (mut sum_y, mut c_y) = (0.0, 0.0);
    let (mut sum_xy, mut c_xy) = (0.0, 0.0);
    let (mut sum_x2, mut c_x2) = (0.0, 0.0);
    let init_y = p[0].1;
    let mut const_y = true;
    for (i, &(t, v)) in p.iter().enumerate() {
        if const_y && i > 0 && v != init_y {
            const_y = false;
        }
        n += 1.0;
        let x = t.wrapping_sub(intercept_t) as f64 / 1e3;
        (sum_x, c_x) = kahan_inc(x, sum_x, c_x);
        (sum_y, c_y) = kahan_inc(v, sum_y, c_y);
        (sum_xy, c_xy) = kahan_inc(x * v, sum_xy, c_xy);
        (sum_x2, c_x2) = kahan_inc(x * x, sum_x2, c_x2);
    }
    if const_y {
        if init_y.is_infinite() {
            return (f64::NAN, f64::NAN);
        }
        return (0.0, init_y);
    }
    sum_x += c_x;
    sum_y += c_y;
    sum_xy += c_xy;
    sum_x2 += c_x2;
    let cov_xy = sum_xy - sum_x * sum_y / n;
    let var_x = sum_x2 - sum_x * sum_x / n;
    let slope = cov_xy / var_x;
    let intercept = sum_y / n - slope * sum_x / n;
    (slope, intercept)
}

fn double_exponential_smoothing(p: &[(i64, f64)], sf: f64, tf: f64) -> Option<f64> {
    if p.len() < 2 {
        return None;
    }
    let trend = |i: usize, s0: f64, s1: f64, b: f64| -> f64 {
        if i == 0 {
            return b;
        }
        tf * (s1 - s0) + (1.0 - tf) * b
    };
    let mut s0 = 0.0;
    let mut s1 = p[0].1;
    let mut b = p[1].1 - p[0].1;
    for (i, point) in p.iter().enumerate().skip(1) {
        let x = sf * point.1;
        b = trend(i - 1, s0, s1, b);
        let y = (1.0 - sf) * (s1 + b);
        (s0, s1) = (s1, x + y);
    }
    Some(s1)
}

/// Mean with Kahan sums, switching to an incremental mean if the sum
/// would overflow.
fn avg_over_time(p: &[(i64, f64)]) -> f64 {
    let (mut sum, mut count) = (p[0].1, 1.0);
    let (mut mean, mut c) = (0.0, 0.0);
    let mut incremental = false;
    for (i, &(_, v)) in p.iter().enumerate().skip(1) {
        count = (i + 1) as f64;
        if !incremental {
            let (ns, nc) = kahan_inc(v, sum, c);
            if !ns.is_infinite() {
                (sum, c) = (ns, nc);
                continue;
            }
            incremental = true;
            mean = sum / (count - 1.0);
            c /= count - 1.0;
        }
        let q = (count - 1.0) / count;
        (mean, c) = kahan_inc(v / count, q * mean, q * c);
    }
    if incremental {
        mean + c
    } else {
        sum / count + c / count
    }
}

/// Welford's variance with Kahan-compensated mean and sum of squares.
fn variance_over_time(p: &[(i64, f64)]) -> f64 {
    let mut count = 0.0;
    let (mut mean, mut c_mean) = (0.0, 0.0);
    let (mut aux, mut c_aux) = (0.0, 0.0);
    for &(_, v) in p {
        count += 1.0;
        let delta = v - (mean + c_mean);
        (mean, c_mean) = kahan_inc(delta / count, mean, c_mean);
        (aux, c_aux) = kahan_inc(delta * (v - (mean + c_mean)), aux, c_aux);
    }
    (aux + c_aux) / count
}

/// `(timestamp, value)` of the sample the comparison picks.
fn compare_over_time(p: &[(i64, f64)], pick: impl Fn(f64, f64) -> bool) -> (i64, f64) {
    let (mut ts, mut m) = p[0];
    for &(t, v) in p {
        if pick(v, m) {
            m = v;
            ts = t;
        }
    }
    (ts, m)
}

// ------------------------------------------------------------ instant-vector functions

fn vector_call(ev: &Evaluator, e: &Expr, c: &Call, ts: i64) -> R<Val> {
    let name = c.func.value.as_str();
    let args = &c.args;
    // Scalar arguments first, as Prometheus evaluates all arguments.
    let scalar = |i: usize| -> R<f64> { ev.eval_scalar(arg(args, i, e)?, ts) };
    let out: Vec<Sample> = match name {
        "abs" => map(ev, args, e, ts, f64::abs)?,
        "ceil" => map(ev, args, e, ts, f64::ceil)?,
        "floor" => map(ev, args, e, ts, f64::floor)?,
        "exp" => map(ev, args, e, ts, gomath::exp)?,
        "sqrt" => map(ev, args, e, ts, f64::sqrt)?,
        "ln" => map(ev, args, e, ts, gomath::log)?,
        "log2" => map(ev, args, e, ts, gomath::log2)?,
        "log10" => map(ev, args, e, ts, gomath::log10)?,
        "sin" => map(ev, args, e, ts, gomath::sin)?,
        "cos" => map(ev, args, e, ts, gomath::cos)?,
        "tan" => map(ev, args, e, ts, gomath::tan)?,
        "asin" => map(ev, args, e, ts, gomath::asin)?,
        "acos" => map(ev, args, e, ts, gomath::acos)?,
        "atan" => map(ev, args, e, ts, gomath::atan)?,
        "sinh" => map(ev, args, e, ts, gomath::sinh)?,
        "cosh" => map(ev, args, e, ts, gomath::cosh)?,
        "tanh" => map(ev, args, e, ts, gomath::tanh)?,
        "asinh" => map(ev, args, e, ts, gomath::asinh)?,
        "acosh" => map(ev, args, e, ts, gomath::acosh)?,
        "atanh" => map(ev, args, e, ts, gomath::atanh)?,
        "rad" => map(ev, args, e, ts, |v| v * std::f64::consts::PI / 180.0)?,
        "deg" => map(ev, args, e, ts, |v| v * 180.0 / std::f64::consts::PI)?,
        "sgn" => map(ev, args, e, ts, |v| {
            if v < 0.0 {
                -1.0
            } else if v > 0.0 {
                1.0
            } else {
                v
            }
        })?,
        // The time of a histogram sample too.
        "timestamp" => ev
            .eval_vector(arg(args, 0, e)?, ts)?
            .into_iter()
            .map(|s| Sample {
                h: None,
                labels: ev.drop_name(&s.labels),
                t: ts,
                v: s.t as f64 / 1000.0,
            })
            .collect(),
        "clamp" | "clamp_min" | "clamp_max" => {
            let (min, max) = match name {
                "clamp" => (scalar(1)?, scalar(2)?),
                "clamp_min" => (scalar(1)?, f64::INFINITY),
                _ => (f64::NEG_INFINITY, scalar(1)?),
            };
            if max < min {
                Vec::new()
            } else {
                map(ev, args, e, ts, |v| go_max(min, go_min(max, v)))?
            }
        }
        "round" => {
            let to_nearest = if args.len() >= 2 { scalar(1)? } else { 1.0 };
            let inverse = 1.0 / to_nearest;
            map(ev, args, e, ts, |v| (v * inverse + 0.5).floor() / inverse)?
        }
        "sort" | "sort_desc" => {
            let mut v = ev.eval_vector(arg(args, 0, e)?, ts)?;
            // Histograms have no order: Prometheus drops them.
            v.retain(|s| s.h.is_none());
            let desc = name == "sort_desc";
            v.sort_by(|a, b| {
                a.v.is_nan().cmp(&b.v.is_nan()).then_with(|| {
                    let o = a.v.partial_cmp(&b.v).unwrap_or(std::cmp::Ordering::Equal);
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                })
            });
            return Ok(Val::Vector(v));
        }
        "sort_by_label" | "sort_by_label_desc" => {
            let mut v = ev.eval_vector(arg(args, 0, e)?, ts)?;
            let mut names = Vec::new();
            for i in 1..args.len() {
                names.push(string_arg(args, i, e)?);
            }
            let desc = name == "sort_by_label_desc";
            v.sort_by(|a, b| {
                let mut o = std::cmp::Ordering::Equal;
                for n in &names {
                    let (x, y) = (a.labels.value(n), b.labels.value(n));
                    if x != y {
                        o = if natsort_less(x, y) {
                            std::cmp::Ordering::Less
                        } else {
                            std::cmp::Ordering::Greater
                        };
                        break;
                    }
                }
                let o = o.then_with(|| a.labels.cmp(&b.labels));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
            return Ok(Val::Vector(v));
        }
        "days_in_month" | "day_of_month" | "day_of_week" | "day_of_year" | "hour" | "minute"
        | "month" | "year" => {
            let f = |c: &num::Civil| -> f64 {
                match name {
                    "days_in_month" => num::days_in_month(c.year, c.month) as f64,
                    "day_of_month" => c.day as f64,
                    "day_of_week" => c.weekday as f64,
                    "day_of_year" => c.yearday as f64,
                    "hour" => c.hour as f64,
                    "minute" => c.minute as f64,
                    "month" => c.month as f64,
                    _ => c.year as f64,
                }
            };
            if args.is_empty() {
                // Go's integer division truncates toward zero.
                vec![Sample {
                    h: None,
                    labels: Labels::empty(),
                    t: ts,
                    v: f(&num::civil(ts / 1000)),
                }]
            } else {
                map(ev, args, e, ts, |v| {
                    f(&num::civil(super::eval::go_f64_to_i64(v)))
                })?
            }
        }
        "histogram_quantile" | "histogram_quantiles" | "histogram_fraction" => {
            super::quantile::call(ev, e, c, ts)?
        }
        // These read native histograms only; float samples are ignored.
        "histogram_count" | "histogram_sum" | "histogram_avg" | "histogram_stddev"
        | "histogram_stdvar" => {
            let v = ev.eval_vector(arg(args, 0, e)?, ts)?;
            v.into_iter()
                .filter_map(|s| {
                    let h = s.h?;
                    let v = match name {
                        "histogram_count" => h.count,
                        "histogram_sum" => h.sum,
                        "histogram_avg" => h.sum / h.count,
                        "histogram_stddev" => h.variance().sqrt(),
                        _ => h.variance(),
                    };
                    Some(Sample {
                        h: None,
                        labels: ev.drop_name(&s.labels),
                        t: ts,
                        v,
                    })
                })
                .collect()
        }
        other => {
            return Err(EvalError::new(
                c.func.span,
                format!("the function {other}() is not supported yet"),
            ))
        }
    };
    check_unique(&out, e.span)?;
    Ok(Val::Vector(out))
}

/// Go's `math.Max`/`math.Min`: an infinity in the direction of the
/// operation wins even over NaN, then NaN wins, and +0 > -0.
fn go_max(a: f64, b: f64) -> f64 {
    if a == f64::INFINITY || b == f64::INFINITY {
        return f64::INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { b } else { a };
    }
    if a > b {
        a
    } else {
        b
    }
}

fn go_min(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY || b == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && b == 0.0 {
        return if a.is_sign_negative() { a } else { b };
    }
    if a < b {
        a
    } else {
        b
    }
}

/// Applies `f` to every value, dropping the metric name.
fn map(ev: &Evaluator, args: &[Expr], e: &Expr, ts: i64, f: impl Fn(f64) -> f64) -> R<Vec<Sample>> {
    map_samples(ev, args, e, ts, |s| f(s.v))
}

fn map_samples(
    ev: &Evaluator,
    args: &[Expr],
    e: &Expr,
    ts: i64,
    f: impl Fn(&Sample) -> f64,
) -> R<Vec<Sample>> {
    let v = ev.eval_vector(arg(args, 0, e)?, ts)?;
    // Float functions drop histogram samples.
    Ok(v.iter()
        .filter(|s| s.h.is_none())
        .map(|s| Sample {
            h: None,
            labels: ev.drop_name(&s.labels),
            t: ts,
            v: f(s),
        })
        .collect())
}

/// The natural order of `sort_by_label`: digit runs compare as numbers.
fn natsort_less(a: &str, b: &str) -> bool {
    fn chunks(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let b = s.as_bytes();
        for i in 1..=b.len() {
            if i == b.len() || b[i].is_ascii_digit() != b[i - 1].is_ascii_digit() {
                out.push(&s[start..i]);
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (i, x) in ca.iter().enumerate() {
        let Some(y) = cb.get(i) else {
            return false;
        };
        let last_a = i == ca.len() - 1;
        let last_b = i == cb.len() - 1;
        match (x.parse::<i64>(), y.parse::<i64>()) {
            (Ok(p), Ok(q)) => {
                if p == q {
                    if last_a {
                        return true;
                    } else if last_b {
                        return false;
                    }
                    continue;
                }
                return p < q;
            }
            _ => {
                if x == y {
                    if last_a {
                        return true;
                    } else if last_b {
                        return false;
                    }
                    continue;
                }
                return x < y;
            }
        }
    }
    false
}

// ------------------------------------------------------------ label functions

fn label_replace(ev: &Evaluator, e: &Expr, args: &[Expr], ts: i64) -> R<Val> {
    let dst = string_arg(args, 1, e)?;
    let repl = string_arg(args, 2, e)?;
    let src = string_arg(args, 3, e)?;
    let re_str = string_arg(args, 4, e)?;
    let re = ev.regex(&re_str, args[4].span).map_err(|_| {
        EvalError::new(
            args[4].span,
            format!("invalid regular expression in label_replace(): {re_str}"),
        )
    })?;
    if dst.is_empty() {
        return Err(EvalError::new(
            args[1].span,
            format!("invalid destination label name in label_replace(): {dst}"),
        ));
    }
    let mut v = ev.eval_vector(&args[0], ts)?;
    for s in &mut v {
        let src_val = s.labels.value(&src).to_string();
        if let Some(caps) = re.captures(&src_val) {
            let mut res = String::new();
            caps.expand(&repl, &mut res);
            s.labels.set(&dst, &res);
        }
    }
    check_unique(&v, e.span)?;
    Ok(Val::Vector(v))
}

fn label_join(ev: &Evaluator, e: &Expr, args: &[Expr], ts: i64) -> R<Val> {
    let dst = string_arg(args, 1, e)?;
    let sep = string_arg(args, 2, e)?;
    let mut srcs = Vec::new();
    for i in 3..args.len() {
        let s = string_arg(args, i, e)?;
        if s.is_empty() {
            return Err(EvalError::new(
                args[i].span,
                format!("invalid source label name in label_join(): {s}"),
            ));
        }
        srcs.push(s);
    }
    if dst.is_empty() {
        return Err(EvalError::new(
            args[1].span,
            format!("invalid destination label name in label_join(): {dst}"),
        ));
    }
    let mut v = ev.eval_vector(&args[0], ts)?;
    for s in &mut v {
        let joined = srcs
            .iter()
            .map(|n| s.labels.value(n))
            .collect::<Vec<_>>()
            .join(&sep);
        s.labels.set(&dst, &joined);
    }
    check_unique(&v, e.span)?;
    Ok(Val::Vector(v))
}
