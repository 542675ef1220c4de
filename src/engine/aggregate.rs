//! Aggregation operators, computed as Prometheus does: Kahan sums, the
//! direct-then-incremental mean of `avg`, Welford's variance, heaps for
//! `topk`/`bottomk`, hash sampling for `limit_ratio`.

use super::aggregate_histogram::{Added, HistAggregate};
use super::eval::{Evaluator, Val, R};
use super::histogram::IncompatibleSchema;
use super::labels::{Labels, METRIC_NAME};
use super::num::{self, kahan_inc, GoHeap};
use super::*;
use crate::promql::ast::*;
use std::collections::{HashMap, HashSet};

pub(super) fn eval(ev: &Evaluator, e: &Expr, a: &Aggregate, ts: i64) -> R<Val> {
    let mut grouping: Vec<&str> = a
        .grouping
        .as_ref()
        .map(|g| g.labels.iter().map(|n| n.value.as_str()).collect())
        .unwrap_or_default();
    grouping.sort_unstable();
    let without = a.grouping.as_ref().is_some_and(|g| g.without);

    if a.op == AggregateOp::CountValues {
        let label = match a.param.as_deref().map(|p| ev.eval(p, ts)).transpose()? {
            Some(Val::Str(s)) => s,
            _ => {
                return Err(EvalError::new(
                    e.span,
                    "count_values needs a string parameter",
                ))
            }
        };
        if label.is_empty() {
            return Err(EvalError::new(
                a.param.as_ref().map_or(e.span, |p| p.span),
                "invalid label name \"\"",
            ));
        }
        let input = ev.eval_vector(&a.expr, ts)?;
        return Ok(Val::Vector(count_values(input, &grouping, without, &label)));
    }

    let param = match &a.param {
        Some(p) => Some(ev.eval_scalar(p, ts)?),
        None => None,
    };
    if let (Some(p), Some(pspan)) = (param, a.param.as_ref().map(|p| p.span)) {
        note_parameter(ev, a.op, p, pspan);
    }
    let input = ev.eval_vector(&a.expr, ts)?;
    match a.op {
        AggregateOp::Topk
        | AggregateOp::Bottomk
        | AggregateOp::Limitk
        | AggregateOp::LimitRatio => aggregate_k(
            ev,
            a,
            e,
            param.unwrap_or(f64::NAN),
            input,
            &grouping,
            without,
        )
        .map(Val::Vector),
        _ => {
            let marked = marked_groups(&input, &grouping, without);
            let out = aggregate(
                ev,
                a.expr.span,
                a.op,
                param.unwrap_or(f64::NAN),
                input,
                &grouping,
                without,
            );
            Ok(Val::Vector(mark_groups(out, &marked)))
        }
    }
}

/// Prometheus' warnings about a `quantile` or `limit_ratio` parameter out
/// of its range (the value is used all the same, or capped).
fn note_parameter(ev: &Evaluator, op: AggregateOp, p: f64, span: crate::source::Span) {
    use super::histogram::g;
    let message = match op {
        AggregateOp::Quantile if p.is_nan() || !(0.0..=1.0).contains(&p) => {
            format!("quantile value should be between 0 and 1, got {}", g(p))
        }
        AggregateOp::LimitRatio if !p.is_nan() && !(-1.0..=1.0).contains(&p) => format!(
            "ratio value should be between -1 and 1, got {}, capping to {}",
            g(p),
            g(p.clamp(-1.0, 1.0))
        ),
        _ => return,
    };
    ev.annotate(AnnotationLevel::Warning, span, message);
}

/// With delayed name removal, the groups with an input marked to lose its
/// name (Prometheus' `groupedAggregation.dropName`).
fn marked_groups(input: &[Sample], grouping: &[&str], without: bool) -> HashSet<Labels> {
    input
        .iter()
        .filter(|s| s.labels.name_to_drop())
        .map(|s| group_labels(&s.labels, grouping, without))
        .collect()
}

fn mark_groups(mut out: Vec<Sample>, marked: &HashSet<Labels>) -> Vec<Sample> {
    if !marked.is_empty() {
        for s in &mut out {
            if marked.contains(&s.labels) {
                s.labels = std::mem::take(&mut s.labels).marked(true);
            }
        }
    }
    out
}

/// The output labels of a group (Prometheus' `generateGroupingLabels`).
fn group_labels(l: &Labels, grouping: &[&str], without: bool) -> Labels {
    if without {
        let mut names = grouping.to_vec();
        names.push(METRIC_NAME);
        l.drop(&names)
    } else if grouping.is_empty() {
        Labels::empty()
    } else {
        l.keep(grouping)
    }
}

#[derive(Default)]
struct Group {
    labels: Labels,
    value: f64,
    mean: f64,
    kahan_c: f64,
    count: f64,
    incremental_mean: bool,
    values: Vec<f64>,
    /// The histograms of `sum`/`avg` (from a first histogram on).
    hist: Option<HistAggregate>,
    has_float: bool,
    has_hist: bool,
    /// Exponential and custom-bucket histograms met: no result.
    incompatible: bool,
}

/// Aggregations of floats only: they skip histograms, with a note.
fn ignores_histograms(op: AggregateOp) -> bool {
    matches!(
        op,
        AggregateOp::Min
            | AggregateOp::Max
            | AggregateOp::Stddev
            | AggregateOp::Stdvar
            | AggregateOp::Quantile
    )
}

/// Prometheus' name of an aggregation in its annotations.
fn op_name(op: AggregateOp) -> &'static str {
    match op {
        AggregateOp::Min => "min",
        AggregateOp::Max => "max",
        AggregateOp::Stddev => "stddev",
        AggregateOp::Stdvar => "stdvar",
        AggregateOp::Quantile => "quantile",
        AggregateOp::Topk => "topk",
        AggregateOp::Bottomk => "bottomk",
        _ => "",
    }
}

fn ignored_histogram(ev: &Evaluator, op: AggregateOp, span: crate::source::Span) {
    ev.annotate(
        AnnotationLevel::Info,
        span,
        format!("ignored histogram in {} aggregation", op_name(op)),
    );
}

/// Notes what adding a histogram to a `sum`/`avg` group gave; `false` when
/// the group cannot have a result any more.
fn note_added(
    ev: &Evaluator,
    span: crate::source::Span,
    added: Result<Added, IncompatibleSchema>,
    metric: &Labels,
) -> bool {
    match added {
        Ok(a) => {
            if a.reconciled {
                ev.annotate(
                    AnnotationLevel::Info,
                    span,
                    "mismatched custom buckets were reconciled during aggregation",
                );
            }
            true
        }
        Err(IncompatibleSchema) => {
            // Quoted as Go's `%q` quotes it.
            let mut name = String::new();
            crate::promql::printer::write_quoted(&mut name, metric.get(METRIC_NAME).unwrap_or(""));
            ev.annotate(
                AnnotationLevel::Warning,
                span,
                format!(
                    "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {name}"
                ),
            );
            false
        }
    }
}

/// `sum`, `avg`, `count`, `group`, `min`, `max`, `stddev`, `stdvar` and
/// `quantile`, as Prometheus' `aggregation`: a group starts with its first
/// sample; histograms count for `count` and `group`, add up for `sum` and
/// `avg` (not with floats), and are ignored, with a note, elsewhere.
fn aggregate(
    ev: &Evaluator,
    span: crate::source::Span,
    op: AggregateOp,
    q: f64,
    input: Vec<Sample>,
    grouping: &[&str],
    without: bool,
) -> Vec<Sample> {
    let t = input.first().map_or(0, |s| s.t);
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for s in input {
        let key = group_labels(&s.labels, grouping, without);
        let f = s.v;
        let h = s.h.as_deref();
        let Some(&gi) = index.get(&key) else {
            if h.is_some() && ignores_histograms(op) {
                // The group starts with its first float.
                ignored_histogram(ev, op, span);
                continue;
            }
            let mut g = Group {
                labels: key.clone(),
                value: f,
                mean: f,
                count: 1.0,
                ..Group::default()
            };
            match op {
                AggregateOp::Sum | AggregateOp::Avg => match h {
                    None => g.has_float = true,
                    Some(h) => {
                        g.hist = Some(HistAggregate::new(h));
                        g.has_hist = true;
                    }
                },
                AggregateOp::Stddev | AggregateOp::Stdvar => {
                    g.value = if f.is_nan() || f.is_infinite() {
                        f64::NAN
                    } else {
                        0.0
                    };
                }
                AggregateOp::Quantile => g.values.push(f),
                AggregateOp::Group => g.value = 1.0,
                _ => {}
            }
            index.insert(key, groups.len());
            groups.push(g);
            continue;
        };
        let g = &mut groups[gi];
        if g.incompatible {
            continue;
        }
        if h.is_some() && ignores_histograms(op) {
            ignored_histogram(ev, op, span);
            continue;
        }
        match op {
            AggregateOp::Sum => match h {
                Some(h) => {
                    g.has_hist = true;
                    // After a float the group has no result anyway.
                    if let Some(agg) = &mut g.hist {
                        g.incompatible = !note_added(ev, span, agg.add(h), &s.labels);
                    }
                }
                None => {
                    g.has_float = true;
                    (g.value, g.kahan_c) = kahan_inc(f, g.value, g.kahan_c);
                }
            },
            AggregateOp::Avg => {
                g.count += 1.0;
                if let Some(h) = h {
                    g.has_hist = true;
                    if let Some(agg) = &mut g.hist {
                        let added = agg.add_to_mean(h, g.count);
                        g.incompatible = !note_added(ev, span, added, &s.labels);
                    }
                    continue;
                }
                g.has_float = true;
                if !g.incremental_mean {
                    let (nv, nc) = kahan_inc(f, g.value, g.kahan_c);
                    if !nv.is_infinite() {
                        (g.value, g.kahan_c) = (nv, nc);
                        continue;
                    }
                    // The sum would overflow: continue with an incremental mean.
                    g.incremental_mean = true;
                    g.mean = g.value / (g.count - 1.0);
                    g.kahan_c /= g.count - 1.0;
                }
                let q = (g.count - 1.0) / g.count;
                (g.mean, g.kahan_c) = kahan_inc(f / g.count, q * g.mean, q * g.kahan_c);
            }
            AggregateOp::Max if g.value < f || g.value.is_nan() => g.value = f,
            AggregateOp::Min if g.value > f || g.value.is_nan() => g.value = f,
            AggregateOp::Count => g.count += 1.0,
            AggregateOp::Stddev | AggregateOp::Stdvar => {
                g.count += 1.0;
                let delta = f - g.mean;
                g.mean += delta / g.count;
                g.value += delta * (f - g.mean);
            }
            AggregateOp::Quantile => g.values.push(f),
            _ => {}
        }
    }
    groups
        .into_iter()
        .filter_map(|mut g| {
            if matches!(op, AggregateOp::Sum | AggregateOp::Avg) && g.has_hist {
                // Floats and histograms do not add up; exponential and
                // custom buckets neither: Prometheus drops the group.
                if g.has_float {
                    ev.annotate(
                        AnnotationLevel::Warning,
                        span,
                        "encountered a mix of histograms and floats for aggregation",
                    );
                    return None;
                }
                if g.incompatible {
                    return None;
                }
                let agg = g.hist.take()?;
                if agg.hints_collide() {
                    ev.annotate(
                        AnnotationLevel::Warning,
                        span,
                        "conflicting counter resets during histogram aggregation",
                    );
                }
                let mut h = if op == AggregateOp::Avg {
                    agg.mean(g.count)
                } else {
                    agg.sum()
                };
                h.compact();
                return Some(Sample {
                    h: Some(std::sync::Arc::new(h)),
                    labels: g.labels,
                    t,
                    v: 0.0,
                });
            }
            let v = match op {
                AggregateOp::Avg if g.incremental_mean => g.mean + g.kahan_c,
                AggregateOp::Avg => g.value / g.count + g.kahan_c / g.count,
                AggregateOp::Count => g.count,
                AggregateOp::Stdvar => g.value / g.count,
                AggregateOp::Stddev => (g.value / g.count).sqrt(),
                AggregateOp::Quantile => num::quantile(q, &mut g.values),
                AggregateOp::Sum => g.value + g.kahan_c,
                _ => g.value,
            };
            Some(Sample {
                h: None,
                labels: g.labels,
                t,
                v,
            })
        })
        .collect()
}

fn count_values(input: Vec<Sample>, grouping: &[&str], without: bool, label: &str) -> Vec<Sample> {
    let t = input.first().map_or(0, |s| s.t);
    let mut grouping: Vec<&str> = grouping.to_vec();
    if !without {
        grouping.push(label);
        grouping.sort_unstable();
    }
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut out: Vec<Sample> = Vec::new();
    for s in input {
        let mut metric = s.labels;
        let value = match &s.h {
            Some(h) => h.display(),
            None => num::format_float(s.v),
        };
        metric.set(label, &value);
        let key = group_labels(&metric, &grouping, without);
        match index.get(&key) {
            Some(&i) => out[i].v += 1.0,
            None => {
                index.insert(key.clone(), out.len());
                out.push(Sample {
                    h: None,
                    labels: key,
                    t,
                    v: 1.0,
                });
            }
        }
    }
    out
}

/// Go's `%v` of a float64: shortest digits, in exponent form when the
/// exponent is below -4 or at least 6.
fn go_v(f: f64) -> String {
    if !f.is_finite() || f == 0.0 {
        return num::format_float(f);
    }
    let s = format!("{f:e}");
    let Some((mantissa, exp)) = s.split_once('e') else {
        return s;
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        return num::format_float(f);
    }
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.abs())
}

fn aggregate_k(
    ev: &Evaluator,
    a: &Aggregate,
    e: &Expr,
    param: f64,
    input: Vec<Sample>,
    grouping: &[&str],
    without: bool,
) -> R<Vec<Sample>> {
    let pspan = a.param.as_ref().map_or(e.span, |p| p.span);
    let ratio = a.op == AggregateOp::LimitRatio;
    if ratio {
        if param == 0.0 {
            return Ok(Vec::new());
        }
        if param.is_nan() {
            return Err(EvalError::new(pspan, "Ratio value is NaN"));
        }
    } else {
        if param < 1.0 {
            return Ok(Vec::new());
        }
        if param.is_nan() {
            return Err(EvalError::new(pspan, "Parameter value is NaN"));
        }
        if param <= i64::MIN as f64 {
            return Err(EvalError::new(
                pspan,
                format!("Scalar value {} underflows int64", go_v(param)),
            ));
        }
        if param >= i64::MAX as f64 {
            return Err(EvalError::new(
                pspan,
                format!("Scalar value {} overflows int64", go_v(param)),
            ));
        }
    }
    let k = (param as i64).min(input.len() as i64);
    let r = param.clamp(-1.0, 1.0);
    if !ratio && k < 1 {
        return Ok(Vec::new());
    }
    let k = k.max(0) as usize;

    let less: fn(&Sample, &Sample) -> bool = |a, b| num::nan_first_less(a.v, b.v);
    let reverse_less: fn(&Sample, &Sample) -> bool = |a, b| a.v.is_nan() || a.v > b.v;
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut heaps: Vec<Vec<Sample>> = Vec::new();
    for s in input {
        if s.h.is_some() && matches!(a.op, AggregateOp::Topk | AggregateOp::Bottomk) {
            // Histograms have no order.
            ignored_histogram(ev, a.op, e.span);
            continue;
        }
        let key = group_labels(&s.labels, grouping, without);
        let gi = *index.entry(key).or_insert_with(|| {
            heaps.push(Vec::new());
            heaps.len() - 1
        });
        let heap = &mut heaps[gi];
        match a.op {
            AggregateOp::Topk => {
                let mut h = GoHeap { items: heap, less };
                if h.items.len() < k {
                    h.push(s);
                } else if h.items[0].v < s.v || (h.items[0].v.is_nan() && !s.v.is_nan()) {
                    h.items[0] = s;
                    if k > 1 {
                        h.fix(0);
                    }
                }
            }
            AggregateOp::Bottomk => {
                let mut h = GoHeap {
                    items: heap,
                    less: reverse_less,
                };
                if h.items.len() < k {
                    h.push(s);
                } else if h.items[0].v > s.v || (h.items[0].v.is_nan() && !s.v.is_nan()) {
                    h.items[0] = s;
                    if k > 1 {
                        h.fix(0);
                    }
                }
            }
            AggregateOp::Limitk => {
                if heap.len() < k {
                    GoHeap { items: heap, less }.push(s);
                }
            }
            _ => {
                if ratio_sample(r, &s.labels) {
                    GoHeap { items: heap, less }.push(s);
                }
            }
        }
    }
    let mut out = Vec::new();
    for mut heap in heaps {
        match a.op {
            AggregateOp::Topk => heap.sort_by(desc_nan_last),
            AggregateOp::Bottomk => heap.sort_by(asc_nan_last),
            _ => {}
        }
        out.extend(heap);
    }
    Ok(out)
}

/// topk output order (`sort.Reverse(vectorByValueHeap)`): descending,
/// NaN last.
fn desc_nan_last(x: &Sample, y: &Sample) -> std::cmp::Ordering {
    nan_last(x, y).then_with(|| y.v.partial_cmp(&x.v).unwrap_or(std::cmp::Ordering::Equal))
}

/// bottomk output order (`sort.Reverse(vectorByReverseValueHeap)`):
/// ascending, NaN last.
fn asc_nan_last(x: &Sample, y: &Sample) -> std::cmp::Ordering {
    nan_last(x, y).then_with(|| x.v.partial_cmp(&y.v).unwrap_or(std::cmp::Ordering::Equal))
}

fn nan_last(x: &Sample, y: &Sample) -> std::cmp::Ordering {
    x.v.is_nan().cmp(&y.v.is_nan())
}

/// Whether `limit_ratio` keeps a series: its label-set hash, as a
/// fraction of the hash range, below the ratio (or, for a negative
/// ratio, at or above `1 + ratio`).
fn ratio_sample(r: f64, labels: &Labels) -> bool {
    let offset = labels_hash(labels) as f64 / u64::MAX as f64;
    (r >= 0.0 && offset < r) || (r < 0.0 && offset >= 1.0 + r)
}

/// Prometheus' `Labels.Hash()` (the default string-encoded label sets):
/// xxhash64 of each name and value, each prefixed by its length.
pub(super) fn labels_hash(labels: &Labels) -> u64 {
    let mut data = Vec::new();
    let mut put = |s: &str| {
        let n = s.len();
        if n <= 254 {
            data.push(n as u8);
        } else {
            data.push(255);
            data.extend_from_slice(&(n as u32).to_le_bytes()[..3]);
        }
        data.extend_from_slice(s.as_bytes());
    };
    for (n, v) in labels.iter() {
        put(n);
        put(v);
    }
    num::xxhash64(&data)
}

#[cfg(test)]
mod tests {
    use super::super::histogram::{FloatHistogram, CUSTOM_BUCKETS_SCHEMA};
    use super::super::storage::Storage;
    use super::super::QueryOptions;
    use super::*;

    #[test]
    fn mixed_bucket_kinds_name_the_metric_as_go_quotes_it() {
        let mut st = Storage::new();
        let series = |i: &str| {
            Labels::new(vec![
                (METRIC_NAME.to_string(), "a\u{7}b".to_string()),
                ("i".to_string(), i.to_string()),
            ])
        };
        let exponential = FloatHistogram {
            count: 1.0,
            ..FloatHistogram::default()
        };
        let custom = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            custom_values: vec![1.0],
            count: 1.0,
            ..FloatHistogram::default()
        };
        st.append_histogram(&series("1"), 0, exponential);
        st.append_histogram(&series("2"), 0, custom);
        let expr = crate::promql::parse(r#"sum({__name__=~"a.b"})"#).unwrap();
        let (v, notes) =
            super::super::instant_query_annotated(&st, &expr, 0, &QueryOptions::default()).unwrap();
        assert!(matches!(v, Value::Vector(v) if v.is_empty()));
        let messages: Vec<&str> = notes.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(
            messages,
            ["vector contains a mix of histograms with exponential and custom buckets schemas for metric name \"a\\ab\""]
        );
    }
}
