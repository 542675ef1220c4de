//! Range-vector functions over series that hold native histograms, as
//! Prometheus' `functions.go` computes them: `rate`, `increase`, `delta`
//! (extrapolated, `anchored` and `smoothed`), `irate`, `idelta`, `resets`,
//! `changes` and the `*_over_time` family.
//!
//! A range holds floats and histograms side by side. Functions that only
//! read floats ignore the histograms (and note it); functions that combine
//! samples drop a range that mixes both, with Prometheus' warning.

use super::aggregate_histogram::HistAggregate;
use super::eval::{search, Evaluator, R};
use super::functions::{extrapolation_factor, RangeInfo};
use super::histogram::{FloatHistogram, Hint, IncompatibleSchema};
use super::labels::{Labels, METRIC_NAME};
use super::{AnnotationLevel, Hist, RangeSeries};
use crate::promql::ast::RangeMode;
use crate::source::Span;
use std::borrow::Cow;
use std::sync::Arc;

/// The value a range function computes for one series.
pub(super) enum RangeOut {
    Float(f64),
    /// Shared with the range when the function picks one of its samples.
    Hist(Hist),
}

/// Where results are annotated: the range argument and the series (whose
/// metric name the annotations quote).
struct Ctx<'a, 'e> {
    ev: &'a Evaluator<'e>,
    span: Span,
    labels: &'a Labels,
    info: &'a RangeInfo,
}

/// Notes Prometheus attaches, kept back until a function knows whether it
/// drops them (some failures replace every earlier note by their own).
#[derive(Default)]
struct Notes(Vec<(AnnotationLevel, String)>);

impl Notes {
    fn warn(&mut self, message: String) {
        self.0.push((AnnotationLevel::Warning, message));
    }

    fn info(&mut self, message: String) {
        self.0.push((AnnotationLevel::Info, message));
    }

    fn emit(self, cx: &Ctx) {
        for (level, message) in self.0 {
            cx.ev.annotate(level, cx.span, message);
        }
    }
}

impl Ctx<'_, '_> {
    fn quoted_metric(&self) -> String {
        let metric = self.labels.value(METRIC_NAME);
        let mut out = String::with_capacity(metric.len() + 2);
        crate::promql::printer::write_quoted(&mut out, metric);
        out
    }

    fn mixed_floats(&self) -> String {
        format!(
            "encountered a mix of histograms and floats for metric name {}",
            self.quoted_metric()
        )
    }

    fn mixed_schemas(&self) -> String {
        format!(
            "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {}",
            self.quoted_metric()
        )
    }

    fn not_counter(&self) -> String {
        format!(
            "this native histogram metric is not a counter: {}",
            self.quoted_metric()
        )
    }

    fn not_gauge(&self) -> String {
        format!(
            "this native histogram metric is not a gauge: {}",
            self.quoted_metric()
        )
    }

    fn ignored_histograms(&self) -> String {
        format!(
            "ignored histograms in a range containing both floats and histograms for metric name {}",
            self.quoted_metric()
        )
    }

    /// Reports a lone warning (Prometheus returns it instead of any
    /// earlier note) and drops the result.
    fn only<T>(&self, message: String) -> Option<T> {
        self.ev
            .annotate(AnnotationLevel::Warning, self.span, message);
        None
    }
}

fn reconciled(operation: &str) -> String {
    format!("mismatched custom buckets were reconciled during {operation}")
}

/// Evaluates range function `name` over a series holding at least one
/// histogram. `floats` is the function over the float samples alone, for
/// the functions that ignore histograms.
pub(super) fn call(
    ev: &Evaluator,
    name: &str,
    s: &RangeSeries,
    info: &RangeInfo,
    span: Span,
    floats: impl Fn(&[(i64, f64)]) -> R<Option<f64>>,
) -> R<Option<RangeOut>> {
    let cx = Ctx {
        ev,
        span,
        labels: &s.labels,
        info,
    };
    let (f, h) = (&s.points, &s.hpoints);
    let hist = |o: Option<FloatHistogram>| o.map(|h| RangeOut::Hist(Arc::new(h)));
    Ok(match name {
        "rate" | "increase" | "delta" => {
            let counter = name != "delta";
            let is_rate = name == "rate";
            if !f.is_empty() {
                return Ok(cx.only(cx.mixed_floats()));
            }
            if info.mode == RangeMode::Default {
                hist(extrapolated_rate(&cx, h, counter, is_rate))
            } else {
                hist(extended_rate(&cx, h, counter, is_rate))
            }
        }
        "irate" | "idelta" => instant_value(&cx, f, h, name == "irate"),
        "resets" | "changes" => {
            count_transitions(&cx, f, h, name == "resets").map(|n| RangeOut::Float(n as f64))
        }
        "sum_over_time" | "avg_over_time" => {
            if !f.is_empty() {
                return Ok(cx.only(cx.mixed_floats()));
            }
            hist(sum_or_avg(&cx, h, name == "avg_over_time"))
        }
        "count_over_time" => Some(RangeOut::Float((f.len() + h.len()) as f64)),
        "present_over_time" => Some(RangeOut::Float(1.0)),
        "first_over_time" => Some(match (f.first(), h.first()) {
            (Some(fp), Some(hp)) if fp.0 < hp.0 => RangeOut::Float(fp.1),
            (_, Some(hp)) => RangeOut::Hist(hp.1.clone()),
            (Some(fp), None) => RangeOut::Float(fp.1),
            (None, None) => return Ok(None),
        }),
        "last_over_time" => Some(match (f.last(), h.last()) {
            (Some(fp), Some(hp)) if hp.0 < fp.0 => RangeOut::Float(fp.1),
            (_, Some(hp)) => RangeOut::Hist(hp.1.clone()),
            (Some(fp), None) => RangeOut::Float(fp.1),
            (None, None) => return Ok(None),
        }),
        "ts_of_first_over_time" => {
            let t = f.first().map_or(i64::MAX, |p| p.0);
            let t = t.min(h.first().map_or(i64::MAX, |p| p.0));
            Some(RangeOut::Float(t as f64 / 1000.0))
        }
        "ts_of_last_over_time" => {
            let t = f.last().map_or(0, |p| p.0);
            let t = t.max(h.last().map_or(0, |p| p.0));
            Some(RangeOut::Float(t as f64 / 1000.0))
        }
        // The rest read floats only; histograms beside floats are noted.
        _ => {
            if f.is_empty() {
                return Ok(None);
            }
            let v = floats(f)?;
            ev.annotate(AnnotationLevel::Info, span, cx.ignored_histograms());
            v.map(RangeOut::Float)
        }
    })
}

// ------------------------------------------------------------ rate, increase, delta

/// `rate`/`increase`/`delta` over a plain range: the change between the
/// first and last histogram (counter resets added back), extrapolated
/// towards the range boundaries like the float version.
fn extrapolated_rate(
    cx: &Ctx,
    h: &[(i64, Hist)],
    counter: bool,
    is_rate: bool,
) -> Option<FloatHistogram> {
    if h.len() < 2 {
        return None;
    }
    let mut result = histogram_rate(cx, h, counter)?;
    let n1 = h.len() - 1;
    let first = (h[0].0, h[0].1.count);
    let factor = extrapolation_factor(cx.info, first, h[n1].0, n1, result.count, counter, is_rate);
    result.mul(factor);
    Some(result)
}

/// The last histogram minus the first, at the lowest schema of the range,
/// plus the histogram before each counter reset (Prometheus'
/// `histogramRate`). A gauge histogram.
fn histogram_rate(cx: &Ctx, points: &[(i64, Hist)], counter: bool) -> Option<FloatHistogram> {
    let mut notes = Notes::default();
    let mut prev: Cow<FloatHistogram> = Cow::Borrowed(&points[0].1);
    let mut custom = prev.uses_custom_buckets();
    let last = &points[points.len() - 1].1;
    if counter && (prev.hint == Hint::Gauge || last.hint == Hint::Gauge) {
        notes.warn(cx.not_counter());
    }
    // After a reset right behind the first histogram, the first one's
    // bucket layout does not matter: the increase starts from nothing.
    if counter {
        let second = &points[1].1;
        if second.detect_reset(&prev) {
            prev = Cow::Owned(FloatHistogram {
                schema: second.schema,
                custom_values: second.custom_values.clone(),
                ..FloatHistogram::default()
            });
            custom = second.uses_custom_buckets();
        }
    }
    if last.uses_custom_buckets() != custom {
        notes.warn(cx.mixed_schemas());
        notes.emit(cx);
        return None;
    }
    let mut min_schema = last.schema.min(prev.schema);
    for (_, cur) in &points[1..points.len() - 1] {
        if !counter {
            continue;
        }
        if cur.hint == Hint::Gauge {
            notes.warn(cx.not_counter());
        }
        min_schema = min_schema.min(cur.schema);
        if cur.uses_custom_buckets() != custom {
            return cx.only(cx.mixed_schemas());
        }
    }
    let mut h = last.copy_to_schema(min_schema);
    match h.add(&prev, true) {
        Err(IncompatibleSchema) => return cx.only(cx.mixed_schemas()),
        Ok((_, true)) => notes.info(reconciled("subtraction")),
        Ok(_) => {}
    }
    if counter {
        for (_, cur) in &points[1..] {
            if cur.detect_reset(&prev) {
                match h.add(&prev, false) {
                    Err(IncompatibleSchema) => return cx.only(cx.mixed_schemas()),
                    Ok((_, true)) => notes.info(reconciled("addition")),
                    Ok(_) => {}
                }
            }
            prev = Cow::Borrowed(&**cur);
        }
    } else if points[0].1.hint != Hint::Gauge || last.hint != Hint::Gauge {
        notes.warn(cx.not_gauge());
    }
    h.hint = Hint::Gauge;
    h.compact();
    notes.emit(cx);
    Some(h)
}

/// `rate`/`increase`/`delta` over an `anchored` or `smoothed` range: the
/// histogram at the range end minus the one at its start (the sample at or
/// before the start, or interpolated at the boundaries with `smoothed`),
/// without extrapolation.
fn extended_rate(
    cx: &Ctx,
    h: &[(i64, Hist)],
    counter: bool,
    is_rate: bool,
) -> Option<FloatHistogram> {
    let info = cx.info;
    let smoothed = info.mode == RangeMode::Smoothed;
    let mut last = h.len() - 1;
    let first = search(last, |i| h[i].0 > info.start).saturating_sub(1);
    if smoothed {
        last = search(last, |i| h[i].0 >= info.end);
    }
    if h[last].0 <= info.start || (smoothed && h[first].0 > info.end) {
        return None;
    }
    let mut notes = Notes::default();
    let window = &h[first..=last];
    let custom = window[0].1.uses_custom_buckets();
    for (_, p) in window {
        if p.uses_custom_buckets() != custom {
            notes.warn(cx.mixed_schemas());
            notes.emit(cx);
            return None;
        }
        if counter && p.hint == Hint::Gauge {
            notes.warn(cx.not_counter());
        }
    }
    // The boundary samples themselves are borrowed, not copied.
    let left = if smoothed && h[first].0 < info.start && first + 1 < h.len() {
        interpolate(&h[first], &h[first + 1], info.start, counter, &mut notes).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(&*h[first].1))
    };
    let right = if smoothed && last > 0 && h[last].0 > info.end {
        interpolate(&h[last - 1], &h[last], info.end, counter, &mut notes).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(&*h[last].1))
    };
    let (Ok(left), Ok(right)) = (left, right) else {
        notes.warn(cx.mixed_schemas());
        notes.emit(cx);
        return None;
    };
    if !counter && (left.hint != Hint::Gauge || right.hint != Hint::Gauge) {
        notes.warn(cx.not_gauge());
    }
    let mut result = right.clone().into_owned();
    let ok = add_noted(&mut result, &left, true, &mut notes, cx);
    let ok = ok
        && (!counter
            || match reset_correction(cx, h, first, last, &left, &right, smoothed, &mut notes) {
                Err(()) => false,
                Ok(None) => true,
                Ok(Some(c)) => add_noted(&mut result, &c, false, &mut notes, cx),
            });
    if !ok {
        notes.emit(cx);
        return None;
    }
    if is_rate {
        result.div(info.seconds());
    }
    result.hint = Hint::Gauge;
    result.compact();
    notes.emit(cx);
    Some(result)
}

/// `base ± other`, noting a reconciliation of custom bounds or an
/// incompatible schema; false when the operation failed.
fn add_noted(
    base: &mut FloatHistogram,
    other: &FloatHistogram,
    negate: bool,
    notes: &mut Notes,
    cx: &Ctx,
) -> bool {
    match base.add(other, negate) {
        Err(IncompatibleSchema) => {
            notes.warn(cx.mixed_schemas());
            false
        }
        Ok((_, true)) => {
            notes.info(reconciled(if negate { "subtraction" } else { "addition" }));
            true
        }
        Ok(_) => true,
    }
}

/// The histogram at `t` on the line between two samples; for counters, a
/// reset between them means the line starts from nothing.
fn interpolate(
    p1: &(i64, Hist),
    p2: &(i64, Hist),
    t: i64,
    counter: bool,
    notes: &mut Notes,
) -> Result<FloatHistogram, IncompatibleSchema> {
    let (t1, h1) = (p1.0, &p1.1);
    let (t2, h2) = (p2.0, &p2.1);
    if t == t1 {
        return Ok((**h1).clone());
    }
    if t == t2 {
        return Ok((**h2).clone());
    }
    let fraction = t.wrapping_sub(t1) as f64 / t2.wrapping_sub(t1) as f64;
    let mut result = (**h2).clone();
    if counter && h2.detect_reset(h1) {
        result.mul(fraction);
        return Ok(result);
    }
    if result.add(h1, true)?.1 {
        notes.info(reconciled("subtraction"));
    }
    result.mul(fraction);
    if result.add(h1, false)?.1 {
        notes.info(reconciled("addition"));
    }
    Ok(result)
}

/// The sum of the histograms before each counter reset strictly inside an
/// extended range (the boundaries handle their own resets); `Err` when
/// the histograms cannot be added.
#[allow(clippy::too_many_arguments)]
fn reset_correction(
    cx: &Ctx,
    h: &[(i64, Hist)],
    first_index: usize,
    last_index: usize,
    left: &FloatHistogram,
    right: &FloatHistogram,
    smoothed: bool,
    notes: &mut Notes,
) -> Result<Option<FloatHistogram>, ()> {
    let mut first = first_index + 1;
    let mut prev: &FloatHistogram = left;
    if smoothed
        && h[first_index].0 < cx.info.start
        && first_index + 1 < h.len()
        && h[first_index + 1].1.detect_reset(&h[first_index].1)
    {
        // The interpolation at the start already spans this reset.
        prev = &h[first_index + 1].1;
        first += 1;
    }
    // The last sample is `right` itself (or what it was interpolated to).
    let last = last_index as isize - 1;
    if first as isize > last + 1 {
        return Ok(None);
    }
    let mut correction: Option<FloatHistogram> = None;
    let add = |c: &mut Option<FloatHistogram>, h: &FloatHistogram, notes: &mut Notes| match c {
        None => {
            *c = Some(h.clone());
            true
        }
        Some(c) => add_noted(c, h, false, notes, cx),
    };
    let inner: &[(i64, Hist)] = if last >= first as isize {
        &h[first..=last as usize]
    } else {
        &[]
    };
    for (_, p) in inner {
        if p.detect_reset(prev) && !add(&mut correction, prev, notes) {
            return Err(());
        }
        prev = p;
    }
    if right.detect_reset(prev) && !add(&mut correction, prev, notes) {
        return Err(());
    }
    Ok(correction)
}

/// `foo smoothed` over histograms: the histogram at `t`, interpolated
/// between the samples around it (a counter unless both are gauges), or
/// the last one before it. `None` (noted) when floats are mixed in or the
/// schemas do not combine.
pub(super) fn smoothed(
    ev: &Evaluator,
    span: Span,
    labels: &Labels,
    floats: &[(i64, f64)],
    h: &[(i64, Hist)],
    t: i64,
) -> Option<Hist> {
    let info = RangeInfo {
        start: t,
        end: t,
        range_ms: 0,
        mode: RangeMode::Smoothed,
    };
    let cx = Ctx {
        ev,
        span,
        labels,
        info: &info,
    };
    if !floats.is_empty() {
        return cx.only(cx.mixed_floats());
    }
    let i = h.partition_point(|p| p.0 < t);
    if i < h.len() && h[i].0 == t {
        return Some(h[i].1.clone());
    }
    if i == 0 {
        return None;
    }
    if i == h.len() {
        // Nothing after `t` yet: the last value, which says nothing about
        // a reset any more.
        let mut last = (*h[i - 1].1).clone();
        last.hint = Hint::Unknown;
        return Some(Arc::new(last));
    }
    let (prev, next) = (&h[i - 1], &h[i]);
    if prev.1.uses_custom_buckets() != next.1.uses_custom_buckets() {
        return cx.only(cx.mixed_schemas());
    }
    let counter = prev.1.hint != Hint::Gauge || next.1.hint != Hint::Gauge;
    let mut notes = Notes::default();
    let result = interpolate(prev, next, t, counter, &mut notes);
    if result.is_err() {
        notes.warn(cx.mixed_schemas());
    }
    notes.emit(&cx);
    result.ok().map(Arc::new)
}

// ------------------------------------------------------------ irate, idelta

/// `irate`/`idelta`: from the last two samples of the range, floats or
/// histograms; one of each drops the series.
fn instant_value(cx: &Ctx, f: &[(i64, f64)], h: &[(i64, Hist)], is_rate: bool) -> Option<RangeOut> {
    #[derive(Clone)]
    enum V<'a> {
        F(f64),
        H(&'a Hist),
    }
    if f.len() + h.len() < 2 {
        return None;
    }
    let mut ss: Vec<(i64, V)> = f[f.len().saturating_sub(2)..]
        .iter()
        .map(|p| (p.0, V::F(p.1)))
        .collect();
    for p in &h[h.len().saturating_sub(2)..] {
        let s = (p.0, V::H(&p.1));
        match ss.len() {
            0 => ss.push(s),
            1 => {
                if s.0 < ss[0].0 {
                    ss.insert(0, s);
                } else {
                    ss.push(s);
                }
            }
            _ => {
                if s.0 < ss[0].0 {
                    // Older than both: not one of the last two.
                } else if s.0 > ss[1].0 {
                    ss[0] = ss[1].clone();
                    ss[1] = s;
                } else {
                    ss[0] = s;
                }
            }
        }
    }
    let interval = ss[1].0.wrapping_sub(ss[0].0);
    if interval == 0 {
        return None;
    }
    let per_second = interval as f64 / 1000.0;
    match (&ss[0].1, &ss[1].1) {
        (V::F(a), V::F(b)) => {
            let mut v = *b;
            if !is_rate || b >= a || b.is_nan() || a.is_nan() {
                v = b - a;
            }
            if is_rate {
                v /= per_second;
            }
            Some(RangeOut::Float(v))
        }
        (V::H(a), V::H(b)) => {
            let mut notes = Notes::default();
            let mut result = (***b).clone();
            if is_rate && (b.hint == Hint::Gauge || a.hint == Hint::Gauge) {
                notes.warn(cx.not_counter());
            }
            if !is_rate && (b.hint != Hint::Gauge || a.hint != Hint::Gauge) {
                notes.warn(cx.not_gauge());
            }
            if !is_rate || !b.detect_reset(a) {
                match result.add(a, true) {
                    Err(IncompatibleSchema) => {
                        notes.warn(cx.mixed_schemas());
                        notes.emit(cx);
                        return None;
                    }
                    Ok((_, true)) => notes.info(reconciled("subtraction")),
                    Ok(_) => {}
                }
            }
            result.hint = Hint::Gauge;
            result.compact();
            if is_rate {
                result.div(per_second);
            }
            notes.emit(cx);
            Some(RangeOut::Hist(Arc::new(result)))
        }
        _ => cx.only(cx.mixed_floats()),
    }
}

// ------------------------------------------------------------ resets, changes

/// `resets` or `changes` over floats and histograms in time order: a
/// switch between a float and a histogram counts as both.
fn count_transitions(cx: &Ctx, f: &[(i64, f64)], h: &[(i64, Hist)], resets: bool) -> Option<usize> {
    let (mut i_f, mut i_h) = first_indices(cx.info, f, h)?;
    let mut prev: Option<(Option<f64>, Option<&FloatHistogram>)> = None;
    let mut n = 0;
    while i_f < f.len() || i_h < h.len() {
        let cur = if i_h >= h.len() || (i_f < f.len() && f[i_f].0 < h[i_h].0) {
            i_f += 1;
            (Some(f[i_f - 1].1), None)
        } else {
            i_h += 1;
            (None, Some(&*h[i_h - 1].1))
        };
        if let Some(p) = prev {
            let counts = match (p, cur) {
                ((Some(a), _), (Some(b), _)) => {
                    if resets {
                        b < a
                    } else {
                        b != a && !(a.is_nan() && b.is_nan())
                    }
                }
                ((_, Some(a)), (_, Some(b))) => {
                    if resets {
                        b.detect_reset(a)
                    } else {
                        !b.bit_equal(a)
                    }
                }
                _ => true,
            };
            if counts {
                n += 1;
            }
        }
        prev = Some(cur);
    }
    Some(n)
}

/// Where `resets`/`changes` start in the floats and in the histograms:
/// with `anchored`, at the last sample at or before the range start (of
/// either kind); `None` when no sample lies inside the range.
fn first_indices(info: &RangeInfo, f: &[(i64, f64)], h: &[(i64, Hist)]) -> Option<(usize, usize)> {
    if info.mode != RangeMode::Anchored {
        return Some((0, 0));
    }
    // Counts of samples at or before the start.
    let nf = search(f.len(), |i| f[i].0 > info.start);
    let nh = search(h.len(), |i| h[i].0 > info.start);
    if nf >= f.len() && nh >= h.len() {
        return None;
    }
    Some(match (nf, nh) {
        (0, 0) => (0, 0),
        (nf, 0) => (nf - 1, 0),
        (nf, nh) if nf > 0 && f[nf - 1].0 >= h[nh - 1].0 => (nf - 1, nh),
        (nf, nh) => (nf, nh - 1),
    })
}

// ------------------------------------------------------------ sum_over_time, avg_over_time

/// `sum_over_time` (Kahan-summed) or `avg_over_time` (the Kahan sum over
/// the count, or an incremental mean once the sum overflows) of histograms,
/// computed as the `sum`/`avg` aggregations compute them.
fn sum_or_avg(cx: &Ctx, h: &[(i64, Hist)], avg: bool) -> Option<FloatHistogram> {
    let Ok((result, reconciled_bounds, collide)) = sum_or_mean(h, avg) else {
        return cx.only(cx.mixed_schemas());
    };
    if collide {
        cx.ev.annotate(
            AnnotationLevel::Warning,
            cx.span,
            "conflicting counter resets during histogram aggregation",
        );
    }
    if reconciled_bounds {
        cx.ev
            .annotate(AnnotationLevel::Info, cx.span, reconciled("aggregation"));
    }
    Some(result)
}

/// The sum or mean of the histograms (at least one), whether custom bounds
/// were reconciled, and whether "reset" and "not reset" hints collided.
fn sum_or_mean(
    h: &[(i64, Hist)],
    avg: bool,
) -> Result<(FloatHistogram, bool, bool), IncompatibleSchema> {
    let mut agg = HistAggregate::new(&h[0].1);
    let mut reconciled = false;
    for (i, (_, x)) in h.iter().enumerate().skip(1) {
        let added = if avg {
            agg.add_to_mean(x, (i + 1) as f64)?
        } else {
            agg.add(x)?
        };
        reconciled |= added.reconciled;
    }
    let collide = agg.hints_collide();
    let result = if avg {
        agg.mean(h.len() as f64)
    } else {
        agg.sum()
    };
    Ok((result, reconciled, collide))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(count: f64, sum: f64, buckets: &[f64]) -> FloatHistogram {
        FloatHistogram {
            count,
            sum,
            positive: buckets
                .iter()
                .enumerate()
                .map(|(i, v)| (i as i32, *v))
                .collect(),
            ..FloatHistogram::default()
        }
    }

    fn at(t: i64, x: FloatHistogram) -> (i64, Hist) {
        (t, Arc::new(x))
    }

    #[test]
    fn interpolation_is_linear_unless_the_counter_reset() {
        let mut notes = Notes::default();
        let (a, b) = (at(0, h(2.0, 2.0, &[2.0])), at(100, h(6.0, 6.0, &[6.0])));
        let mid = interpolate(&a, &b, 25, true, &mut notes).unwrap();
        assert_eq!((mid.count, mid.positive[&0]), (3.0, 3.0));
        // After a reset the line starts from nothing.
        let reset = at(100, h(1.0, 1.0, &[1.0]));
        let mid = interpolate(&a, &reset, 50, true, &mut notes).unwrap();
        assert_eq!(mid.count, 0.5);
        // A gauge goes down linearly.
        let mid = interpolate(&a, &reset, 50, false, &mut notes).unwrap();
        assert_eq!(mid.count, 1.5);
        assert!(notes.0.is_empty());
    }

    #[test]
    fn anchored_transitions_start_at_the_sample_before_the_range() {
        let info = RangeInfo {
            start: 100,
            end: 200,
            range_ms: 100,
            mode: RangeMode::Anchored,
        };
        let f = [(50, 1.0), (150, 2.0)];
        let hs = [at(90, h(1.0, 1.0, &[])), at(180, h(1.0, 1.0, &[]))];
        // The histogram at 90 is the latest at or before the start.
        assert_eq!(first_indices(&info, &f, &hs), Some((1, 0)));
        let only_before = [at(90, h(1.0, 1.0, &[]))];
        assert_eq!(first_indices(&info, &f[..1], &only_before), None);
        let plain = RangeInfo {
            mode: RangeMode::Default,
            ..info
        };
        assert_eq!(first_indices(&plain, &f, &hs), Some((0, 0)));
    }

    #[test]
    fn sums_are_kahan_compensated() {
        let xs = [
            at(0, h(1.0, 1e100, &[])),
            at(1, h(1.0, 1.0, &[])),
            at(2, h(1.0, -1e100, &[])),
        ];
        let (s, reconciled, collide) = sum_or_mean(&xs, false).unwrap();
        assert_eq!((s.count, s.sum), (3.0, 1.0));
        assert!(!reconciled && !collide);
    }

    #[test]
    fn averages_switch_to_an_incremental_mean_on_overflow() {
        let xs = [at(0, h(f64::MAX, 0.0, &[])), at(1, h(f64::MAX, 0.0, &[]))];
        let (a, _, _) = sum_or_mean(&xs, true).unwrap();
        assert_eq!(a.count, f64::MAX);
        let small = [at(0, h(1.0, 1.0, &[1.0])), at(1, h(2.0, 4.0, &[2.0]))];
        let (a, _, _) = sum_or_mean(&small, true).unwrap();
        assert_eq!((a.count, a.sum, a.positive[&0]), (1.5, 2.5, 1.5));
    }

    #[test]
    fn mixing_exponential_and_custom_buckets_fails() {
        let custom = FloatHistogram {
            schema: super::super::histogram::CUSTOM_BUCKETS_SCHEMA,
            custom_values: vec![1.0],
            count: 1.0,
            ..FloatHistogram::default()
        };
        let xs = [at(0, h(1.0, 1.0, &[])), at(1, custom)];
        assert!(sum_or_mean(&xs, false).is_err());
        assert!(sum_or_mean(&xs, true).is_err());
    }
}
