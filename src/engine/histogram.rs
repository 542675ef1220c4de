//! Native histograms as the engine computes with them: Prometheus'
//! `FloatHistogram` semantics (exponential schemas -4…8 and custom
//! buckets), held sparsely as bucket index → count.
//!
//! Only the populated extent of the bucket layout is observable through
//! PromQL and promtool (its comparison form compacts the buckets), so
//! buckets are kept in ordered maps; a bucket present with count 0 is a
//! bucket of the layout that holds nothing.

use super::histogram_bounds::FRACTIONS;
use std::collections::BTreeMap;

/// The schema of histograms with custom bucket boundaries.
pub const CUSTOM_BUCKETS_SCHEMA: i32 = -53;

/// What a histogram says about counter resets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hint {
    #[default]
    Unknown,
    Reset,
    NotReset,
    Gauge,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FloatHistogram {
    pub hint: Hint,
    pub schema: i32,
    pub zero_threshold: f64,
    pub zero_count: f64,
    pub count: f64,
    pub sum: f64,
    pub positive: BTreeMap<i32, f64>,
    pub negative: BTreeMap<i32, f64>,
    /// Upper bounds of the custom buckets (schema -53), ascending; the
    /// bucket after the last bound reaches +Inf.
    pub custom_values: Vec<f64>,
}

/// Histograms of exponential and custom buckets cannot be combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncompatibleSchema;

/// One bucket with its bounds, as Prometheus' bucket iterators give them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    pub lower: f64,
    pub upper: f64,
    pub lower_inclusive: bool,
    pub upper_inclusive: bool,
    pub count: f64,
    pub index: i32,
}

impl Bucket {
    /// The fraction of the bucket's width at or below `v` (strictly inside
    /// finite bounds): linear, or on a logarithmic scale (Go's `Log2`) for
    /// exponential buckets.
    pub fn fraction_below(&self, v: f64, linear: bool) -> f64 {
        use super::gomath::log2;
        if linear {
            return (v - self.lower) / (self.upper - self.lower);
        }
        let (ll, lu, lv) = (
            log2(self.lower.abs()),
            log2(self.upper.abs()),
            log2(v.abs()),
        );
        if v > 0.0 {
            (lv - ll) / (lu - ll)
        } else {
            1.0 - (lv - lu) / (ll - lu)
        }
    }

    fn text(&self) -> String {
        format!(
            "{}{},{}{}:{}",
            if self.lower_inclusive { '[' } else { '(' },
            g(self.lower),
            g(self.upper),
            if self.upper_inclusive { ']' } else { ')' },
            g(self.count)
        )
    }
}

/// Go's `%g` of a float64.
pub fn g(v: f64) -> String {
    crate::template::gofloat::format_float(v, 'g', None)
}

fn ldexp(frac: f64, exp: i32) -> f64 {
    super::gomath::ldexp(frac, exp.into())
}

/// More buckets than this between the first and the last populated one
/// are not written out densely by [`FloatHistogram::test_expression`]: far
/// more than any finite bound needs (schema 8 spans about 2^19 indices).
const MAX_DENSE_BUCKETS: i64 = 1 << 22;

/// The upper bound of bucket `idx` of an exponential schema.
pub fn exponential_bound(idx: i32, schema: i32) -> f64 {
    if schema < 0 {
        let exp = (idx as i64) << (-schema);
        if exp == 1024 {
            return f64::MAX;
        }
        return ldexp(1.0, exp.clamp(-2000, 2000) as i32);
    }
    let frac = FRACTIONS[schema as usize][(idx & ((1 << schema) - 1)) as usize];
    // Saturating: a bucket index from the input can be any i32.
    let exp = (idx >> schema).saturating_add(1);
    if frac == 0.5 && exp == 1025 {
        return f64::MAX;
    }
    ldexp(frac, exp)
}

fn bound(idx: i32, schema: i32, custom: &[f64]) -> f64 {
    if schema == CUSTOM_BUCKETS_SCHEMA {
        let n = custom.len() as i32;
        return if idx >= n {
            f64::INFINITY
        } else if idx < 0 {
            f64::NEG_INFINITY
        } else {
            custom[idx as usize]
        };
    }
    exponential_bound(idx, schema)
}

/// The bucket index of `idx` in a lower-resolution schema.
fn target_index(idx: i32, from: i32, to: i32) -> i32 {
    // In i64: the index can be any i32 (the result then fits again).
    (((i64::from(idx) - 1) >> (from - to)) + 1) as i32
}

impl FloatHistogram {
    pub fn uses_custom_buckets(&self) -> bool {
        self.schema == CUSTOM_BUCKETS_SCHEMA
    }

    pub fn is_valid_schema(&self) -> bool {
        self.uses_custom_buckets() || (-4..=8).contains(&self.schema)
    }

    fn bucket(&self, idx: i32, count: f64, positive: bool) -> Bucket {
        let (lower, upper) = if positive {
            (
                bound(idx.saturating_sub(1), self.schema, &self.custom_values),
                bound(idx, self.schema, &self.custom_values),
            )
        } else {
            (
                -bound(idx, self.schema, &self.custom_values),
                -bound(idx.saturating_sub(1), self.schema, &self.custom_values),
            )
        };
        let (lower_inclusive, upper_inclusive) = if self.uses_custom_buckets() {
            (idx == 0, true)
        } else {
            (lower < 0.0, upper > 0.0)
        };
        Bucket {
            lower,
            upper,
            lower_inclusive,
            upper_inclusive,
            count,
            index: idx,
        }
    }

    /// Positive buckets in ascending order.
    pub fn positive_buckets(&self) -> impl DoubleEndedIterator<Item = Bucket> + '_ {
        self.positive
            .iter()
            .map(move |(&i, &c)| self.bucket(i, c, true))
    }

    /// Negative buckets from the one nearest zero outwards.
    pub fn negative_buckets(&self) -> impl DoubleEndedIterator<Item = Bucket> + '_ {
        self.negative
            .iter()
            .map(move |(&i, &c)| self.bucket(i, c, false))
    }

    pub fn zero_bucket(&self) -> Bucket {
        Bucket {
            lower: -self.zero_threshold,
            upper: self.zero_threshold,
            lower_inclusive: true,
            upper_inclusive: true,
            count: self.zero_count,
            index: 0,
        }
    }

    /// Every bucket from the lowest to the highest: negative buckets, the
    /// zero bucket (when it holds something), positive buckets; bounds
    /// inside the zero bucket are moved to its edge.
    pub fn all_buckets(&self) -> Vec<Bucket> {
        let zt = self.zero_threshold;
        let clip = |mut b: Bucket| {
            if b.upper < 0.0 && b.upper > -zt {
                b.upper = -zt;
            } else if b.lower > 0.0 && b.lower < zt {
                b.lower = zt;
            }
            b
        };
        let mut out: Vec<Bucket> = self.negative_buckets().rev().map(clip).collect();
        if self.zero_count > 0.0 {
            out.push(self.zero_bucket());
        }
        out.extend(self.positive_buckets().map(clip));
        out
    }

    /// The variance of the observations, estimated from bucket midpoints
    /// (geometric for exponential buckets, arithmetic for custom ones).
    pub fn variance(&self) -> f64 {
        let mean = self.sum / self.count;
        let (mut var, mut c) = (0.0, 0.0);
        for b in self.all_buckets() {
            if b.count == 0.0 {
                continue;
            }
            let val = if self.uses_custom_buckets() {
                (b.upper + b.lower) / 2.0
            } else if b.lower <= 0.0 && b.upper >= 0.0 {
                0.0
            } else {
                let v = (b.upper * b.lower).sqrt();
                if b.upper < 0.0 {
                    -v
                } else {
                    v
                }
            };
            let d = val - mean;
            (var, c) = kahan_inc(b.count * d * d, var, c);
        }
        (var + c) / self.count
    }

    /// Prometheus' `String()`: `{count:4, sum:5, (0.5,1]:1, ...}`.
    pub fn display(&self) -> String {
        let mut s = format!("{{count:{}, sum:{}", g(self.count), g(self.sum));
        for b in self.negative_buckets().rev().filter(|b| b.count != 0.0) {
            s.push_str(", ");
            s.push_str(&b.text());
        }
        if self.zero_count != 0.0 {
            s.push_str(", ");
            s.push_str(&self.zero_bucket().text());
        }
        for b in self.positive_buckets().filter(|b| b.count != 0.0) {
            s.push_str(", ");
            s.push_str(&b.text());
        }
        s.push('}');
        s
    }

    /// The series notation promtool compares histograms by (Prometheus'
    /// `TestExpression()`): buckets compacted to one span from the first
    /// to the last populated bucket.
    pub fn test_expression(&self) -> String {
        let mut res: Vec<String> = Vec::new();
        if self.schema != 0 {
            res.push(format!("schema:{}", self.schema));
        }
        if self.count != 0.0 {
            res.push(format!("count:{}", g(self.count)));
        }
        if self.sum != 0.0 {
            res.push(format!("sum:{}", g(self.sum)));
        }
        if self.zero_count != 0.0 {
            res.push(format!("z_bucket:{}", g(self.zero_count)));
        }
        if self.zero_threshold != 0.0 {
            res.push(format!("z_bucket_w:{}", g(self.zero_threshold)));
        }
        if self.uses_custom_buckets() {
            let v: Vec<String> = self.custom_values.iter().map(|v| g(*v)).collect();
            res.push(format!("custom_values:[{}]", v.join(" ")));
        }
        match self.hint {
            Hint::Unknown => {}
            Hint::Reset => res.push("counter_reset_hint:reset".into()),
            Hint::NotReset => res.push("counter_reset_hint:not_reset".into()),
            Hint::Gauge => res.push("counter_reset_hint:gauge".into()),
        }
        for (map, bkey, okey) in [
            (&self.positive, "buckets", "offset"),
            (&self.negative, "n_buckets", "n_offset"),
        ] {
            let populated: Vec<i32> = map
                .iter()
                .filter(|(_, c)| **c != 0.0)
                .map(|(i, _)| *i)
                .collect();
            let (Some(&first), Some(&last)) = (populated.first(), populated.last()) else {
                continue;
            };
            if i64::from(last) - i64::from(first) >= MAX_DENSE_BUCKETS {
                // Prometheus would write out every empty bucket between
                // them (and run out of memory); each populated bucket alone
                // keeps the text finite and distinct.
                for i in populated {
                    res.push(format!("{okey}:{i} {bkey}:[{}]", g(map[&i])));
                }
                continue;
            }
            if first != 0 {
                res.push(format!("{okey}:{first}"));
            }
            let vals: Vec<String> = (first..=last)
                .map(|i| g(map.get(&i).copied().unwrap_or(0.0)))
                .collect();
            res.push(format!("{bkey}:[{}]", vals.join(" ")));
        }
        format!("{{{{{}}}}}", res.join(" "))
    }

    pub fn mul(&mut self, factor: f64) {
        self.zero_count *= factor;
        self.count *= factor;
        self.sum *= factor;
        for v in self.positive.values_mut().chain(self.negative.values_mut()) {
            *v *= factor;
        }
        if factor < 0.0 {
            self.hint = Hint::Gauge;
        }
    }

    pub fn div(&mut self, scalar: f64) {
        self.zero_count /= scalar;
        self.count /= scalar;
        self.sum /= scalar;
        if scalar == 0.0 {
            self.positive.clear();
            self.negative.clear();
            return;
        }
        for v in self.positive.values_mut().chain(self.negative.values_mut()) {
            *v /= scalar;
        }
        if scalar < 0.0 {
            self.hint = Hint::Gauge;
        }
    }

    /// Merges buckets down to `target` (lower) resolution.
    pub fn reduce_resolution(&mut self, target: i32) {
        if self.uses_custom_buckets() || target >= self.schema {
            return;
        }
        let from = self.schema;
        for map in [&mut self.positive, &mut self.negative] {
            let mut out = BTreeMap::new();
            for (&i, &c) in map.iter() {
                *out.entry(target_index(i, from, target)).or_insert(0.0) += c;
            }
            *map = out;
        }
        self.schema = target;
    }

    /// Adds (or subtracts) `other`, reconciling schemas, zero buckets and
    /// custom bounds as Prometheus does. Returns whether the counter-reset
    /// hints collided and whether custom bounds had to be reconciled.
    pub fn add(
        &mut self,
        other: &FloatHistogram,
        negate: bool,
    ) -> Result<(bool, bool), IncompatibleSchema> {
        self.add_kahan(other, negate, None)
    }

    /// [`add`](Self::add) with a Kahan compensation histogram `c` (same
    /// layout as `self`), as Prometheus' `KahanAdd`.
    pub fn add_kahan(
        &mut self,
        other: &FloatHistogram,
        negate: bool,
        mut c: Option<&mut FloatHistogram>,
    ) -> Result<(bool, bool), IncompatibleSchema> {
        if self.uses_custom_buckets() != other.uses_custom_buckets() {
            return Err(IncompatibleSchema);
        }
        let collision = self.adjust_hint(other);
        let sign = if negate { -1.0 } else { 1.0 };
        let inc = |v: f64, s: &mut f64, c: Option<&mut f64>| match c {
            Some(c) => {
                let (ns, nc) = kahan_inc(v, *s, *c);
                *s = ns;
                *c = nc;
            }
            None => *s += v,
        };
        if !self.uses_custom_buckets() {
            let other_zero = self.reconcile_zero(other, c.as_deref_mut());
            inc(
                sign * other_zero,
                &mut self.zero_count,
                c.as_deref_mut().map(|c| &mut c.zero_count),
            );
        }
        inc(
            sign * other.count,
            &mut self.count,
            c.as_deref_mut().map(|c| &mut c.count),
        );
        inc(
            sign * other.sum,
            &mut self.sum,
            c.as_deref_mut().map(|c| &mut c.sum),
        );
        if self.uses_custom_buckets() {
            if self.custom_values == other.custom_values {
                add_map(
                    &mut self.positive,
                    &other.positive,
                    sign,
                    c.map(|c| &mut c.positive),
                );
                return Ok((collision, false));
            }
            let bounds = intersect(&self.custom_values, &other.custom_values);
            let mut out = BTreeMap::new();
            for (map, vals, s) in [
                (&self.positive, &self.custom_values, 1.0),
                (&other.positive, &other.custom_values, sign),
            ] {
                for (&i, &v) in map {
                    let t = if (i as usize) < vals.len() {
                        let b = vals[i as usize];
                        bounds.partition_point(|x| *x < b) as i32
                    } else {
                        bounds.len() as i32
                    };
                    *out.entry(t).or_insert(0.0) += s * v;
                }
            }
            out.retain(|_, v| *v != 0.0);
            self.positive = out;
            self.custom_values = bounds;
            if let Some(c) = c {
                c.positive.clear();
                c.custom_values = self.custom_values.clone();
            }
            return Ok((collision, true));
        }
        let mut other = std::borrow::Cow::Borrowed(other);
        if other.schema < self.schema {
            let from = self.schema;
            self.reduce_resolution(other.schema);
            if let Some(c) = c.as_deref_mut() {
                c.schema = from;
                c.reduce_resolution(other.schema);
            }
        } else if other.schema > self.schema {
            other.to_mut().reduce_resolution(self.schema);
        }
        let (schema, zt) = (self.schema, self.zero_threshold);
        // NaN bounds are kept, as Prometheus keeps them.
        let keep = |i: i32| {
            exponential_bound(i, schema).partial_cmp(&zt) != Some(std::cmp::Ordering::Less)
                && exponential_bound(i, schema) != zt
        };
        let cp = c.as_deref_mut().map(|c| &mut c.positive);
        add_filtered(&mut self.positive, &other.positive, sign, &keep, cp);
        let cn = c.map(|c| &mut c.negative);
        add_filtered(&mut self.negative, &other.negative, sign, &keep, cn);
        Ok((collision, false))
    }

    fn adjust_hint(&mut self, other: &FloatHistogram) -> bool {
        use Hint::*;
        match (self.hint, other.hint) {
            (a, b) if a == b => false,
            (Gauge, _) => false,
            (_, Gauge) => {
                self.hint = Gauge;
                false
            }
            (Unknown, _) => false,
            (_, Unknown) => {
                self.hint = Unknown;
                false
            }
            _ => {
                self.hint = Unknown;
                true
            }
        }
    }

    /// The zero count this histogram would have with a zero bucket of at
    /// least `larger` (widened to the edge of a populated bucket it cuts),
    /// and that threshold.
    fn zero_count_for_larger_threshold(&self, mut larger: f64) -> (f64, f64) {
        if larger == self.zero_threshold {
            return (self.zero_count, larger);
        }
        'outer: loop {
            let mut zc = self.zero_count;
            for b in self.positive_buckets() {
                if b.lower >= larger {
                    break;
                }
                zc += b.count;
                if b.upper > larger {
                    if b.count != 0.0 {
                        larger = b.upper;
                    }
                    break;
                }
            }
            for b in self.negative_buckets() {
                if b.upper <= -larger {
                    break;
                }
                zc += b.count;
                if b.lower < -larger {
                    if b.count != 0.0 {
                        larger = -b.lower;
                        continue 'outer;
                    }
                    break;
                }
            }
            return (zc, larger);
        }
    }

    /// Widens the zero buckets of `self` and (virtually) `other` to one
    /// threshold; returns `other`'s zero count at that threshold.
    fn reconcile_zero(&mut self, other: &FloatHistogram, c: Option<&mut FloatHistogram>) -> f64 {
        let mut other_zero = other.zero_count;
        let mut other_threshold = other.zero_threshold;
        let mut c = c;
        while other_threshold != self.zero_threshold {
            // A NaN threshold is neither larger nor smaller: the zero
            // buckets stay as they are (Prometheus' loop never ends).
            if other_threshold.is_nan() || self.zero_threshold.is_nan() {
                break;
            }
            if self.zero_threshold > other_threshold {
                (other_zero, other_threshold) =
                    other.zero_count_for_larger_threshold(self.zero_threshold);
            }
            if other_threshold > self.zero_threshold {
                let (zc, th) = self.zero_count_for_larger_threshold(other_threshold);
                self.zero_count = zc;
                self.zero_threshold = th;
                let schema = self.schema;
                let custom = self.custom_values.clone();
                let keep_pos = |i: i32| bound(i.saturating_sub(1), schema, &custom) >= th;
                let keep_neg = |i: i32| -bound(i.saturating_sub(1), schema, &custom) <= -th;
                self.positive.retain(|i, _| keep_pos(*i));
                self.negative.retain(|i, _| keep_neg(*i));
                if let Some(c) = c.as_deref_mut() {
                    c.positive.retain(|i, _| keep_pos(*i));
                    c.negative.retain(|i, _| keep_neg(*i));
                    c.zero_threshold = th;
                }
            }
        }
        other_zero
    }

    /// Whether `self` follows `previous` with a counter reset, from the
    /// hint or from the counts.
    pub fn detect_reset(&self, previous: &FloatHistogram) -> bool {
        match self.hint {
            Hint::Reset => return true,
            Hint::NotReset => return false,
            _ => {}
        }
        if self.count < previous.count {
            return true;
        }
        if self.uses_custom_buckets() {
            if !previous.uses_custom_buckets() {
                return true;
            }
            if self.custom_values != previous.custom_values {
                let bounds = intersect(&self.custom_values, &previous.custom_values);
                let map = |h: &FloatHistogram| {
                    let mut out: BTreeMap<i32, f64> = BTreeMap::new();
                    for (&i, &v) in &h.positive {
                        let t = if (i as usize) < h.custom_values.len() {
                            let b = h.custom_values[i as usize];
                            bounds.partition_point(|x| *x < b) as i32
                        } else {
                            bounds.len() as i32
                        };
                        *out.entry(t).or_insert(0.0) += v;
                    }
                    out
                };
                let (cur, prev) = (map(self), map(previous));
                return prev
                    .iter()
                    .any(|(i, v)| cur.get(i).copied().unwrap_or(0.0) < *v);
            }
        } else if previous.uses_custom_buckets() {
            return true;
        }
        if self.schema > previous.schema {
            return true;
        }
        if self.zero_threshold < previous.zero_threshold {
            return true;
        }
        let (prev_zero, th) = previous.zero_count_for_larger_threshold(self.zero_threshold);
        if th != self.zero_threshold {
            return true;
        }
        if self.zero_count < prev_zero {
            return true;
        }
        let mut prev = previous.clone();
        prev.reduce_resolution(self.schema);
        let zt = self.zero_threshold;
        let schema = self.schema;
        let custom = self.custom_values.clone();
        let above = |i: i32| self.uses_custom_buckets() || bound(i, schema, &custom) > zt;
        for (cur, old) in [
            (&self.positive, &prev.positive),
            (&self.negative, &prev.negative),
        ] {
            for (&i, &v) in old {
                if !above(i) {
                    continue;
                }
                let now = cur.get(&i).copied().unwrap_or(0.0);
                if now < v {
                    return true;
                }
            }
        }
        false
    }

    /// Removes buckets that hold nothing.
    pub fn compact(&mut self) {
        self.positive.retain(|_, v| *v != 0.0);
        self.negative.retain(|_, v| *v != 0.0);
    }

    pub fn has_overflow(&self) -> bool {
        self.zero_count.is_infinite()
            || self.count.is_infinite()
            || self.sum.is_infinite()
            || self
                .positive
                .values()
                .chain(self.negative.values())
                .any(|v| v.is_infinite())
    }
}

fn add_map(
    a: &mut BTreeMap<i32, f64>,
    b: &BTreeMap<i32, f64>,
    sign: f64,
    c: Option<&mut BTreeMap<i32, f64>>,
) {
    add_filtered(a, b, sign, &|_| true, c)
}

fn add_filtered(
    a: &mut BTreeMap<i32, f64>,
    b: &BTreeMap<i32, f64>,
    sign: f64,
    keep: &dyn Fn(i32) -> bool,
    mut c: Option<&mut BTreeMap<i32, f64>>,
) {
    let mut below = true;
    for (&i, &v) in b {
        if below && !keep(i) {
            continue;
        }
        below = false;
        let s = a.entry(i).or_insert(0.0);
        match c.as_deref_mut() {
            Some(c) => {
                let cv = c.entry(i).or_insert(0.0);
                let (ns, nc) = kahan_inc(sign * v, *s, *cv);
                *s = ns;
                *cv = nc;
            }
            None => *s += sign * v,
        }
    }
}

pub use super::num::kahan_inc;

fn intersect(a: &[f64], b: &[f64]) -> Vec<f64> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(a[i]);
            i += 1;
            j += 1;
        } else if a[i] < b[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// `h + c`: a Kahan-summed histogram with its compensation folded in.
pub fn with_compensation(mut h: FloatHistogram, c: &FloatHistogram) -> FloatHistogram {
    h.zero_count += c.zero_count;
    h.count += c.count;
    h.sum += c.sum;
    for (map, cm) in [
        (&mut h.positive, &c.positive),
        (&mut h.negative, &c.negative),
    ] {
        for (i, v) in cm {
            if let Some(x) = map.get_mut(i) {
                *x += v;
            }
        }
    }
    h
}

/// What the range functions (`rate`, `sum_over_time`, `changes`, ...) need
/// beyond the arithmetic above.
impl FloatHistogram {
    /// Prometheus' `CopyToSchema`: a copy at a lower (or the same)
    /// resolution; custom-bucket histograms are copied as they are.
    pub fn copy_to_schema(&self, target: i32) -> FloatHistogram {
        let mut c = self.clone();
        c.reduce_resolution(target);
        c
    }

    /// The Kahan compensation histogram Prometheus' `KahanAdd` starts with
    /// when `other` is added to `self`: the layout of `self`, no counts,
    /// and the counter-reset hint the addition leaves on `self`.
    pub fn compensation_for(&self, other: &FloatHistogram) -> FloatHistogram {
        let mut probe = FloatHistogram {
            hint: self.hint,
            ..FloatHistogram::default()
        };
        probe.adjust_hint(other);
        FloatHistogram {
            hint: probe.hint,
            schema: self.schema,
            zero_threshold: self.zero_threshold,
            custom_values: self.custom_values.clone(),
            ..FloatHistogram::default()
        }
    }

    /// Prometheus' `Equals`: the same layout and bit-identical counts. A
    /// bucket holding +0 counts as absent: within a storage chunk every
    /// histogram has the chunk's full layout, so empty buckets do not make
    /// two histograms differ there.
    pub fn bit_equal(&self, other: &FloatHistogram) -> bool {
        fn same_buckets(a: &BTreeMap<i32, f64>, b: &BTreeMap<i32, f64>) -> bool {
            // Compared lazily: `changes` calls this for every sample pair.
            fn populated(m: &BTreeMap<i32, f64>) -> impl Iterator<Item = (i32, u64)> + '_ {
                m.iter()
                    .map(|(i, v)| (*i, v.to_bits()))
                    .filter(|(_, bits)| *bits != 0)
            }
            populated(a).eq(populated(b))
        }
        self.schema == other.schema
            && self.count.to_bits() == other.count.to_bits()
            && self.sum.to_bits() == other.sum.to_bits()
            && (!self.uses_custom_buckets() || self.custom_values == other.custom_values)
            && self.zero_threshold == other.zero_threshold
            && self.zero_count.to_bits() == other.zero_count.to_bits()
            && same_buckets(&self.positive, &other.positive)
            && same_buckets(&self.negative, &other.negative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(schema: i32, count: f64, sum: f64, pos: &[(i32, f64)]) -> FloatHistogram {
        FloatHistogram {
            schema,
            count,
            sum,
            positive: pos.iter().copied().collect(),
            ..Default::default()
        }
    }

    #[test]
    fn bounds_of_exponential_schemas() {
        assert_eq!(exponential_bound(0, 0), 1.0);
        assert_eq!(exponential_bound(1, 0), 2.0);
        assert_eq!(exponential_bound(-1, 0), 0.5);
        // The format's bound, one bit below the nearest float to sqrt(2).
        assert_eq!(
            exponential_bound(1, 1),
            f64::from_bits(0x3ff6_a09e_667f_3bcc)
        );
        assert_eq!(exponential_bound(1, -1), 4.0);
        assert_eq!(exponential_bound(1024, 0), f64::MAX);
    }

    #[test]
    fn display_and_test_expression() {
        let mut x = h(0, 4.0, 5.0, &[(0, 1.0), (1, 0.0), (2, 2.0)]);
        x.negative.insert(1, 3.0);
        x.zero_count = 1.0;
        x.zero_threshold = 0.001;
        assert_eq!(
            x.display(),
            "{count:4, sum:5, [-2,-1):3, [-0.001,0.001]:1, (0.5,1]:1, (2,4]:2}"
        );
        assert_eq!(
            x.test_expression(),
            "{{count:4 sum:5 z_bucket:1 z_bucket_w:0.001 buckets:[1 0 2] n_offset:1 n_buckets:[3]}}"
        );
    }

    #[test]
    fn add_reduces_to_the_lower_schema() {
        let mut a = h(1, 2.0, 3.0, &[(1, 1.0), (2, 1.0)]);
        let b = h(0, 1.0, 1.0, &[(1, 1.0)]);
        a.add(&b, false).unwrap();
        assert_eq!(a.schema, 0);
        assert_eq!(a.positive, [(1, 3.0)].into_iter().collect());
        assert_eq!(a.count, 3.0);
        a.add(&b, true).unwrap();
        assert_eq!(a.positive, [(1, 2.0)].into_iter().collect());
    }

    #[test]
    fn custom_and_exponential_do_not_mix() {
        let mut a = h(0, 1.0, 1.0, &[]);
        let b = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            custom_values: vec![1.0],
            ..Default::default()
        };
        assert_eq!(a.add(&b, false), Err(IncompatibleSchema));
    }

    #[test]
    fn mismatched_custom_bounds_are_intersected() {
        let custom = |vals: Vec<f64>, pos: &[(i32, f64)]| FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            custom_values: vals,
            positive: pos.iter().copied().collect(),
            ..Default::default()
        };
        let mut a = custom(vec![1.0, 2.0, 5.0], &[(0, 1.0), (1, 1.0), (3, 1.0)]);
        let b = custom(vec![2.0, 5.0], &[(0, 2.0)]);
        assert_eq!(a.add(&b, false), Ok((false, true)));
        assert_eq!(a.custom_values, vec![2.0, 5.0]);
        assert_eq!(a.positive, [(0, 4.0), (2, 1.0)].into_iter().collect());
    }

    #[test]
    fn zero_buckets_are_widened() {
        let mut a = h(0, 2.0, 1.0, &[(0, 1.0), (2, 1.0)]);
        a.zero_threshold = 0.001;
        let mut b = h(0, 1.0, 1.0, &[]);
        b.zero_threshold = 1.0;
        b.zero_count = 1.0;
        a.add(&b, false).unwrap();
        assert_eq!(a.zero_threshold, 1.0);
        assert_eq!(a.zero_count, 2.0);
        assert_eq!(a.positive, [(2, 1.0)].into_iter().collect());
    }

    #[test]
    fn resets_by_count_bucket_and_hint() {
        let prev = h(0, 4.0, 5.0, &[(0, 2.0), (1, 2.0)]);
        assert!(!h(0, 5.0, 6.0, &[(0, 2.0), (1, 3.0)]).detect_reset(&prev));
        assert!(h(0, 5.0, 6.0, &[(0, 1.0), (1, 4.0)]).detect_reset(&prev));
        assert!(h(0, 3.0, 6.0, &[(0, 2.0), (1, 2.0)]).detect_reset(&prev));
        let mut hinted = h(0, 5.0, 6.0, &[(0, 2.0), (1, 3.0)]);
        hinted.hint = Hint::Reset;
        assert!(hinted.detect_reset(&prev));
    }

    #[test]
    fn a_nan_zero_threshold_does_not_stall_addition() {
        let mut a = h(0, 1.0, 1.0, &[(1, 1.0)]);
        a.zero_threshold = f64::NAN;
        a.zero_count = 1.0;
        let b = a.clone();
        a.add(&b, false).unwrap();
        assert_eq!((a.count, a.zero_count, a.positive[&1]), (2.0, 2.0, 2.0));
        let mut c = h(0, 1.0, 1.0, &[(1, 1.0)]);
        c.zero_threshold = 0.5;
        c.add(&b, false).unwrap();
        assert_eq!(c.count, 2.0);
    }

    #[test]
    fn far_apart_buckets_are_written_one_by_one() {
        let mut far = h(0, 2.0, 0.0, &[(-2_000_000_000, 1.0), (2_000_000_000, 1.0)]);
        assert_eq!(
            far.test_expression(),
            "{{count:2 offset:-2000000000 buckets:[1] offset:2000000000 buckets:[1]}}"
        );
        far.positive = [(0, 1.0), (2, 1.0)].into_iter().collect();
        assert_eq!(far.test_expression(), "{{count:2 buckets:[1 0 1]}}");
    }

    #[test]
    fn equality_is_bitwise_and_ignores_empty_buckets() {
        let a = h(0, 2.0, 3.0, &[(0, 1.0), (1, 0.0), (2, 1.0)]);
        assert!(a.bit_equal(&h(0, 2.0, 3.0, &[(0, 1.0), (2, 1.0)])));
        assert!(!a.bit_equal(&h(0, 2.0, 3.0, &[(0, 1.0), (1, 1.0)])));
        assert!(!a.bit_equal(&h(1, 2.0, 3.0, &[(0, 1.0), (2, 1.0)])));
        let mut negative_zero = a.clone();
        negative_zero.sum = -0.0;
        let mut zero = a.clone();
        zero.sum = 0.0;
        assert!(!zero.bit_equal(&negative_zero));
    }

    #[test]
    fn compensation_takes_the_hint_of_the_sum() {
        let mut a = h(1, 2.0, 3.0, &[(0, 1.0)]);
        a.hint = Hint::NotReset;
        let mut b = a.clone();
        b.hint = Hint::Unknown;
        let c = a.compensation_for(&b);
        assert_eq!((c.hint, c.schema), (Hint::Unknown, 1));
        assert!(c.positive.is_empty());
        assert_eq!(a.copy_to_schema(0).schema, 0);
    }

    #[test]
    fn scaling() {
        let mut a = h(0, 2.0, 3.0, &[(0, 2.0)]);
        a.mul(-2.0);
        assert_eq!((a.count, a.sum, a.hint), (-4.0, -6.0, Hint::Gauge));
        a.div(0.0);
        assert!(a.positive.is_empty());
    }
}
