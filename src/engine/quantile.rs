//! `histogram_quantile`, `histogram_quantiles` and `histogram_fraction`
//! over classic histograms (series of `le` buckets) and native histograms,
//! as Prometheus' `quantile.go` computes them.
//!
//! Native histograms interpolate exponentially inside exponential buckets
//! (the observations are assumed to fill a finer exponential layout
//! evenly) and linearly inside custom buckets and the zero bucket.
//! Classic buckets interpolate linearly, after merging equal bounds and
//! forcing the counts to be monotonic.
//!
//! Annotations name no metric: Prometheus names it only with delayed name
//! removal, which promtool does not enable by default.

use super::eval::{Evaluator, R};
use super::functions::{arg, string_arg};
use super::histogram::{g, Bucket as NativeBucket, FloatHistogram};
use super::labels::Labels;
use super::num;
use super::*;
use crate::promql::ast::*;
use std::collections::HashMap;

/// One bucket of a classic histogram: the count of observations at or
/// below `upper`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    pub upper: f64,
    pub count: f64,
}

/// Relative differences between neighbouring classic buckets below this
/// are taken for floating-point noise and evened out.
const SMALL_DELTA_TOLERANCE: f64 = 1e-12;

/// Evaluates one of the three functions (the caller dispatches by name).
pub(super) fn call(ev: &Evaluator, e: &Expr, c: &Call, ts: i64) -> R<Vec<Sample>> {
    let args = &c.args;
    match c.func.value.as_str() {
        "histogram_quantile" => {
            let q = ev.eval_scalar(arg(args, 0, e)?, ts)?;
            let input = arg(args, 1, e)?;
            let v = ev.eval_vector(input, ts)?;
            validate_quantile(ev, q, args[0].span);
            let split = split(ev, v, input.span);
            Ok(quantiles(ev, &split, q, input.span, ts, |l| l))
        }
        "histogram_quantiles" => {
            let input = arg(args, 0, e)?;
            let v = ev.eval_vector(input, ts)?;
            let label = string_arg(args, 1, e)?;
            let mut qs = Vec::with_capacity(args.len().saturating_sub(2));
            for a in args.iter().skip(2) {
                let q = ev.eval_scalar(a, ts)?;
                validate_quantile(ev, q, a.span);
                qs.push(q);
            }
            let split = split(ev, v, input.span);
            let mut out = Vec::new();
            for q in qs {
                let value = openmetrics_float(q);
                out.extend(quantiles(ev, &split, q, input.span, ts, |mut l| {
                    l.set(&label, &value);
                    l
                }));
            }
            Ok(out)
        }
        _ => {
            let lower = ev.eval_scalar(arg(args, 0, e)?, ts)?;
            let upper = ev.eval_scalar(arg(args, 1, e)?, ts)?;
            let input = arg(args, 2, e)?;
            let v = ev.eval_vector(input, ts)?;
            let split = split(ev, v, input.span);
            let mut out = Vec::new();
            for (labels, h) in &split.native {
                let (v, nans) = native_fraction(lower, upper, h);
                if nans {
                    ev.annotate(
                        AnnotationLevel::Info,
                        input.span,
                        "input to histogram_fraction has NaN observations, which are excluded from all fractions",
                    );
                }
                out.push(sample(labels.clone(), ts, v));
            }
            for (labels, buckets) in &split.classic {
                let mut b = buckets.clone();
                out.push(sample(
                    labels.clone(),
                    ts,
                    bucket_fraction(lower, upper, &mut b),
                ));
            }
            Ok(out)
        }
    }
}

fn sample(labels: Labels, t: i64, v: f64) -> Sample {
    Sample {
        labels,
        t,
        v,
        h: None,
    }
}

/// Prometheus warns about a quantile outside [0, 1] and computes on.
fn validate_quantile(ev: &Evaluator, q: f64, span: crate::source::Span) {
    if q.is_nan() || !(0.0..=1.0).contains(&q) {
        ev.annotate(
            AnnotationLevel::Warning,
            span,
            format!("quantile value should be between 0 and 1, got {}", g(q)),
        );
    }
}

/// The `q` quantile of every histogram of `split`, labelled by `relabel`.
fn quantiles(
    ev: &Evaluator,
    split: &Split,
    q: f64,
    span: crate::source::Span,
    ts: i64,
    relabel: impl Fn(Labels) -> Labels,
) -> Vec<Sample> {
    let mut out = Vec::new();
    for (labels, h) in &split.native {
        let (v, note) = native_quantile(q, h);
        if let Some(note) = note {
            ev.annotate(AnnotationLevel::Info, span, note.message());
        }
        out.push(sample(relabel(labels.clone()), ts, v));
    }
    for (labels, buckets) in &split.classic {
        let mut b = buckets.clone();
        let (v, forced) = bucket_quantile(q, &mut b);
        if let Some(f) = forced {
            ev.annotate(AnnotationLevel::Info, span, f.message(ts));
        }
        out.push(sample(relabel(labels.clone()), ts, v));
    }
    out
}

/// The input of a histogram function as Prometheus sorts it: native
/// histograms, and classic buckets grouped by their labels without `le`.
/// A native histogram and classic buckets of the same series cancel each
/// other out. Labels are those of the result (without the metric name).
struct Split {
    native: Vec<(Labels, Hist)>,
    classic: Vec<(Labels, Vec<Bucket>)>,
}

fn split(ev: &Evaluator, v: Vec<Sample>, span: crate::source::Span) -> Split {
    let mut natives: Vec<(Labels, Hist)> = Vec::new();
    // Classic groups by their labels without `le` (metric name included).
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut groups: Vec<(Labels, Vec<Bucket>)> = Vec::new();
    for s in v {
        if let Some(h) = s.h {
            natives.push((s.labels, h));
            continue;
        }
        let le = s.labels.value("le");
        let Some(upper) = num::parse_go_float(le) else {
            ev.annotate(
                AnnotationLevel::Warning,
                span,
                format!("bucket label \"le\" is missing or has a malformed value of {le:?}"),
            );
            continue;
        };
        let sig = s.labels.drop(&["le"]);
        let i = *index.entry(sig.clone()).or_insert_with(|| {
            groups.push((sig, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(Bucket { upper, count: s.v });
    }
    let mut dropped = vec![false; groups.len()];
    let mut native = Vec::with_capacity(natives.len());
    for (labels, h) in natives {
        if let Some(&i) = index.get(&labels) {
            if !dropped[i] {
                ev.annotate(
                    AnnotationLevel::Warning,
                    span,
                    "vector contains a mix of classic and native histograms",
                );
                dropped[i] = true;
                continue;
            }
        }
        native.push((ev.drop_name(&labels), h));
    }
    let classic = groups
        .into_iter()
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|((l, b), _)| (ev.drop_name(&l), b))
        .collect();
    Split { native, classic }
}

/// Prometheus' `labels.FormatOpenMetricsFloat`: the value of the quantile
/// label of `histogram_quantiles`.
fn openmetrics_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let s = num::format_float(f);
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

// ------------------------------------------------------------ native histograms

/// What Prometheus notes about a native histogram with NaN observations
/// (they count in `count` but in no bucket).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NanNote {
    /// The quantile lies above all buckets: the result is NaN.
    Result,
    /// The NaN observations were counted as +Inf: the result is too high.
    Skew,
}

impl NanNote {
    fn message(self) -> &'static str {
        match self {
            NanNote::Result => "input to histogram_quantile has NaN observations, result is NaN",
            NanNote::Skew => {
                "input to histogram_quantile has NaN observations, result is skewed higher"
            }
        }
    }
}

/// Prometheus' `HistogramQuantile`.
pub fn native_quantile(q: f64, h: &FloatHistogram) -> (f64, Option<NanNote>) {
    if q < 0.0 {
        return (f64::NEG_INFINITY, None);
    }
    if q > 1.0 {
        return (f64::INFINITY, None);
    }
    if h.count == 0.0 || q.is_nan() {
        return (f64::NAN, None);
    }
    let custom = h.uses_custom_buckets();
    let all = h.all_buckets();
    // NaN observations sit above every bucket, so with them the rank is
    // counted from below; otherwise from the nearer end.
    let forward = h.sum.is_nan() || q < 0.5;
    let order: Vec<&NativeBucket> = if forward {
        all.iter().collect()
    } else {
        all.iter().rev().collect()
    };
    let mut rank = if forward {
        q * h.count
    } else {
        (1.0 - q) * h.count
    };
    let mut bucket = NativeBucket {
        lower: 0.0,
        upper: 0.0,
        lower_inclusive: false,
        upper_inclusive: false,
        count: 0.0,
        index: 0,
    };
    let mut count = 0.0;
    let mut next = order.len();
    for (i, b) in order.iter().enumerate() {
        bucket = **b;
        if b.count == 0.0 {
            continue;
        }
        count += b.count;
        if count >= rank {
            next = i + 1;
            break;
        }
    }
    if !custom && bucket.lower < 0.0 && bucket.upper > 0.0 {
        // In the zero bucket, a histogram with buckets on one side only
        // has its observations on that side of zero.
        if h.negative.is_empty() && !h.positive.is_empty() {
            bucket.lower = 0.0;
        } else if h.positive.is_empty() && !h.negative.is_empty() {
            bucket.upper = 0.0;
        }
    } else if custom {
        if bucket.lower == f64::NEG_INFINITY {
            if bucket.upper <= 0.0 {
                return (bucket.upper, None);
            }
            bucket.lower = 0.0;
        } else if bucket.upper == f64::INFINITY {
            return (bucket.lower, None);
        }
    }
    // Rounding can make the buckets add up to more than the count.
    if count > h.count {
        count = h.count;
    }
    if count < rank {
        if h.sum.is_nan() {
            return (f64::NAN, Some(NanNote::Result));
        }
        return (bucket.upper, None);
    }
    if forward {
        rank -= count - bucket.count;
    } else {
        rank = count - rank;
    }
    let mut note = None;
    if h.sum.is_nan() {
        for b in &order[next..] {
            count += b.count;
        }
        if count < h.count {
            note = Some(NanNote::Skew);
        }
    }
    let fraction = rank / bucket.count;
    if custom || (bucket.lower <= 0.0 && bucket.upper >= 0.0) {
        return (
            bucket.lower + (bucket.upper - bucket.lower) * fraction,
            note,
        );
    }
    let log_lower = gomath::log2(bucket.lower.abs());
    let log_upper = gomath::log2(bucket.upper.abs());
    if bucket.lower > 0.0 {
        return (
            gomath::exp2(log_lower + (log_upper - log_lower) * fraction),
            note,
        );
    }
    // A negative bucket: mirrored.
    (
        -gomath::exp2(log_upper + (log_lower - log_upper) * (1.0 - fraction)),
        note,
    )
}

/// Prometheus' `HistogramFraction`: the fraction of observations between
/// `lower` and `upper`, and whether NaN observations were left out.
pub fn native_fraction(lower: f64, upper: f64, h: &FloatHistogram) -> (f64, bool) {
    if h.count == 0.0 || lower.is_nan() || upper.is_nan() {
        return (f64::NAN, false);
    }
    if lower >= upper {
        return (0.0, false);
    }
    let all = h.all_buckets();
    let custom = h.uses_custom_buckets();
    let one_sided_positive = h.negative.is_empty() && !h.positive.is_empty();
    let one_sided_negative = h.positive.is_empty() && !h.negative.is_empty();
    let (mut count, mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    let mut next = all.len();
    for (i, b) in all.iter().enumerate() {
        let mut b = *b;
        count += b.count;
        let mut zero_bucket = false;
        if b.lower <= 0.0 && b.upper >= 0.0 {
            zero_bucket = true;
            if one_sided_positive {
                b.lower = 0.0;
            } else if one_sided_negative {
                b.upper = 0.0;
            }
        }
        let linear = custom || zero_bucket;
        // No interpolation inside a bucket reaching -Inf: all of it is
        // below any finite value.
        let interpolate = |v: f64| {
            if linear && b.lower == f64::NEG_INFINITY {
                b.count
            } else {
                rank + b.count * b.fraction_below(v, linear)
            }
        };
        if !lower_set && b.lower >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && b.lower >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            next = i + 1;
            break;
        }
        if !lower_set && b.lower < lower && b.upper > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && b.lower < upper && b.upper > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            next = i + 1;
            break;
        }
        rank += b.count;
    }
    let mut nans = false;
    if h.sum.is_nan() {
        // NaN observations count in `count` but in no bucket.
        for b in &all[next..] {
            count += b.count;
        }
        nans = count < h.count;
    } else {
        count = h.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    ((upper_rank - lower_rank) / h.count, nans)
}

// ------------------------------------------------------------ classic histograms

/// Where `histogram_quantile` had to force classic bucket counts to rise
/// (Prometheus notes it as an info annotation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForcedMonotonicity {
    pub min_bucket: f64,
    pub max_bucket: f64,
    pub max_diff: f64,
}

impl ForcedMonotonicity {
    /// The text of `HistogramQuantileForcedMonotonicityInfo` for one
    /// evaluation at `ts` (milliseconds).
    fn message(&self, ts: i64) -> String {
        let time = rfc3339(ts.div_euclid(1000));
        format!(
            "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile), from buckets {} to {}, with a max diff of {}, over 1 samples from {time} to {time}",
            g(self.min_bucket),
            g(self.max_bucket),
            crate::template::gofloat::format_float(self.max_diff, 'g', Some(2)),
        )
    }
}

/// Go's `time.Unix(secs, 0).UTC().Format(time.RFC3339)`.
fn rfc3339(secs: i64) -> String {
    let c = num::civil(secs);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        secs.rem_euclid(60)
    )
}

fn sort_buckets(buckets: &mut [Bucket]) {
    buckets.sort_by(|a, b| {
        a.upper
            .partial_cmp(&b.upper)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// Merges buckets with the same upper bound (sorted input).
fn coalesce(buckets: &mut Vec<Bucket>) {
    let mut out: Vec<Bucket> = Vec::with_capacity(buckets.len());
    for b in buckets.iter() {
        match out.last_mut() {
            Some(last) if last.upper == b.upper => last.count += b.count,
            _ => out.push(*b),
        }
    }
    *buckets = out;
}

/// Prometheus' `almost.Equal`.
fn almost_equal(a: f64, b: f64, epsilon: f64) -> bool {
    const MIN_NORMAL: f64 = f64::MIN_POSITIVE;
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    let abs_sum = a.abs() + b.abs();
    let diff = (a - b).abs();
    if a == 0.0 || b == 0.0 || abs_sum < MIN_NORMAL {
        return diff < epsilon * MIN_NORMAL;
    }
    diff / abs_sum.min(f64::MAX) < epsilon
}

/// Evens out tiny differences between neighbouring counts, then removes
/// every decrease; reports where decreases were removed.
fn ensure_monotonic(buckets: &mut [Bucket]) -> Option<ForcedMonotonicity> {
    let mut forced: Option<ForcedMonotonicity> = None;
    let mut prev = buckets[0].count;
    for b in buckets.iter_mut().skip(1) {
        let curr = b.count;
        if curr == prev {
            continue;
        }
        if almost_equal(prev, curr, SMALL_DELTA_TOLERANCE) {
            b.count = prev;
            continue;
        }
        if curr < prev {
            b.count = prev;
            let f = forced.get_or_insert(ForcedMonotonicity {
                min_bucket: f64::INFINITY,
                max_bucket: f64::NEG_INFINITY,
                max_diff: 0.0,
            });
            if b.upper < f.min_bucket {
                f.min_bucket = b.upper;
            }
            if b.upper > f.max_bucket {
                f.max_bucket = b.upper;
            }
            if prev - curr > f.max_diff {
                f.max_diff = prev - curr;
            }
            continue;
        }
        prev = curr;
    }
    forced
}

/// Prometheus' `BucketQuantile`: sort, merge equal bounds, force
/// monotonicity, then interpolate linearly inside the bucket holding the
/// rank (from 0 in the lowest bucket when its bound is positive).
pub fn bucket_quantile(q: f64, buckets: &mut Vec<Bucket>) -> (f64, Option<ForcedMonotonicity>) {
    if q.is_nan() {
        return (f64::NAN, None);
    }
    if q < 0.0 {
        return (f64::NEG_INFINITY, None);
    }
    if q > 1.0 {
        return (f64::INFINITY, None);
    }
    if buckets.is_empty() {
        return (f64::NAN, None);
    }
    sort_buckets(buckets);
    if buckets[buckets.len() - 1].upper != f64::INFINITY {
        return (f64::NAN, None);
    }
    coalesce(buckets);
    let forced = ensure_monotonic(buckets);
    if buckets.len() < 2 {
        return (f64::NAN, forced);
    }
    let observations = buckets[buckets.len() - 1].count;
    if observations == 0.0 {
        return (f64::NAN, forced);
    }
    let mut rank = q * observations;
    let b = super::eval::search(buckets.len() - 1, |i| buckets[i].count >= rank);
    if b == buckets.len() - 1 {
        return (buckets[buckets.len() - 2].upper, forced);
    }
    if b == 0 && buckets[0].upper <= 0.0 {
        return (buckets[0].upper, forced);
    }
    let mut start = 0.0;
    let end = buckets[b].upper;
    let mut count = buckets[b].count;
    if b > 0 {
        start = buckets[b - 1].upper;
        count -= buckets[b - 1].count;
        rank -= buckets[b - 1].count;
    }
    (start + (end - start) * (rank / count), forced)
}

/// Prometheus' `BucketFraction`: the fraction of observations between
/// `lower` and `upper` in classic buckets, interpolating linearly inside a
/// bucket (the lowest from 0 when its bound is positive, from -Inf, with
/// no interpolation, otherwise).
pub fn bucket_fraction(lower: f64, upper: f64, buckets: &mut Vec<Bucket>) -> f64 {
    if buckets.is_empty() {
        return f64::NAN;
    }
    sort_buckets(buckets);
    if buckets[buckets.len() - 1].upper != f64::INFINITY {
        return f64::NAN;
    }
    coalesce(buckets);
    let count = buckets[buckets.len() - 1].count;
    if count == 0.0 || lower.is_nan() || upper.is_nan() {
        return f64::NAN;
    }
    if lower >= upper {
        return 0.0;
    }
    let mut lower_bound = if buckets[0].upper <= 0.0 {
        f64::NEG_INFINITY
    } else {
        0.0
    };
    let (mut rank, mut lower_rank, mut upper_rank) = (0.0, 0.0, 0.0);
    let (mut lower_set, mut upper_set) = (false, false);
    for (i, b) in buckets.iter().enumerate() {
        if i > 0 {
            lower_bound = buckets[i - 1].upper;
        }
        let upper_bound = b.upper;
        let interpolate = |v: f64| {
            if lower_bound == f64::NEG_INFINITY {
                b.count
            } else {
                rank + (b.count - rank) * (v - lower_bound) / (upper_bound - lower_bound)
            }
        };
        if !lower_set && lower_bound >= lower {
            lower_rank = rank;
            lower_set = true;
        }
        if !upper_set && lower_bound >= upper {
            upper_rank = rank;
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        if !lower_set && lower_bound < lower && upper_bound > lower {
            lower_rank = interpolate(lower);
            lower_set = true;
        }
        if !upper_set && lower_bound < upper && upper_bound > upper {
            upper_rank = interpolate(upper);
            upper_set = true;
        }
        if lower_set && upper_set {
            break;
        }
        rank = b.count;
    }
    if !lower_set || lower_rank > count {
        lower_rank = count;
    }
    if !upper_set || upper_rank > count {
        upper_rank = count;
    }
    (upper_rank - lower_rank) / count
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Go's `Exp2(0.5)`, one ulp below sqrt(2): what Prometheus reports as
    /// the median of the bucket (1,2].
    const GO_SQRT_2: f64 = f64::from_bits(std::f64::consts::SQRT_2.to_bits() - 1);

    fn exponential(schema: i32, positive: &[(i32, f64)], zero: f64, zt: f64) -> FloatHistogram {
        let positive: BTreeMap<i32, f64> = positive.iter().copied().collect();
        let count = positive.values().sum::<f64>() + zero;
        FloatHistogram {
            schema,
            zero_threshold: zt,
            zero_count: zero,
            count,
            sum: 1.0,
            positive,
            ..FloatHistogram::default()
        }
    }

    #[test]
    fn classic_quantile_interpolates_and_reports_forced_monotonicity() {
        let mut b = vec![
            Bucket {
                upper: 1.0,
                count: 10.0,
            },
            Bucket {
                upper: f64::INFINITY,
                count: 20.0,
            },
            Bucket {
                upper: 0.5,
                count: 5.0,
            },
        ];
        assert_eq!(bucket_quantile(0.5, &mut b), (1.0, None));
        let mut b = vec![
            Bucket {
                upper: 1.0,
                count: 10.0,
            },
            Bucket {
                upper: 2.0,
                count: 8.0,
            },
            Bucket {
                upper: f64::INFINITY,
                count: 10.0,
            },
        ];
        let (v, forced) = bucket_quantile(0.5, &mut b);
        assert_eq!(v, 0.5);
        assert_eq!(
            forced,
            Some(ForcedMonotonicity {
                min_bucket: 2.0,
                max_bucket: 2.0,
                max_diff: 2.0
            })
        );
    }

    #[test]
    fn native_quantile_interpolates_exponentially() {
        // (1,2] holds everything: the median is sqrt(2) as Go computes it.
        let h = exponential(0, &[(1, 4.0)], 0.0, 0.0);
        assert_eq!(native_quantile(0.5, &h), (GO_SQRT_2, None));
        assert_eq!(native_quantile(1.0, &h), (2.0, None));
        assert_eq!(native_quantile(-1.0, &h).0, f64::NEG_INFINITY);
        assert!(native_quantile(f64::NAN, &h).0.is_nan());
    }

    #[test]
    fn native_quantile_is_linear_in_the_zero_bucket() {
        // Only positive buckets: the zero bucket starts at 0.
        let h = exponential(0, &[(1, 2.0)], 2.0, 0.5);
        assert_eq!(native_quantile(0.25, &h), (0.25, None));
    }

    #[test]
    fn native_quantile_with_nan_observations() {
        let mut h = exponential(0, &[(1, 2.0)], 0.0, 0.0);
        h.count = 4.0;
        h.sum = f64::NAN;
        assert_eq!(native_quantile(0.25, &h), (GO_SQRT_2, Some(NanNote::Skew)));
        let (v, note) = native_quantile(0.9, &h);
        assert!(v.is_nan());
        assert_eq!(note, Some(NanNote::Result));
    }

    #[test]
    fn native_fraction_inverts_the_quantile() {
        let h = exponential(0, &[(1, 4.0)], 0.0, 0.0);
        assert_eq!(native_fraction(1.0, 2.0, &h), (1.0, false));
        let half = native_fraction(f64::NEG_INFINITY, 2f64.sqrt(), &h).0;
        assert!((half - 0.5).abs() < 1e-15, "{half}");
        assert_eq!(native_fraction(2.0, 1.0, &h), (0.0, false));
        assert!(native_fraction(f64::NAN, 1.0, &h).0.is_nan());
        let mut nan = h.clone();
        nan.count = 8.0;
        nan.sum = f64::NAN;
        assert_eq!(native_fraction(0.0, 4.0, &nan), (0.5, true));
    }

    #[test]
    fn custom_buckets_interpolate_linearly() {
        let h = FloatHistogram {
            schema: super::super::histogram::CUSTOM_BUCKETS_SCHEMA,
            count: 4.0,
            sum: 1.0,
            custom_values: vec![10.0, 20.0],
            positive: [(0, 0.0), (1, 4.0), (2, 0.0)].into_iter().collect(),
            ..FloatHistogram::default()
        };
        assert_eq!(native_quantile(0.25, &h).0, 12.5);
        assert_eq!(native_fraction(10.0, 15.0, &h).0, 0.5);
    }

    #[test]
    fn quantile_label_values() {
        assert_eq!(openmetrics_float(0.5), "0.5");
        assert_eq!(openmetrics_float(1.0), "1.0");
        assert_eq!(openmetrics_float(f64::INFINITY), "+Inf");
    }
}
