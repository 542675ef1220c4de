//! The trim operators on native histograms: `h </ x` keeps the
//! observations below `x`, `h >/ x` those above (Prometheus'
//! `FloatHistogram.TrimBuckets`).
//!
//! A bucket across the cut keeps the part of its count on the kept side,
//! interpolated as `histogram_fraction` does (exponentially in exponential
//! buckets, linearly in custom buckets and the zero bucket); the sum is
//! re-estimated from bucket midpoints. The result keeps the metric name.
//! Only a histogram on the left and a float on the right give a result;
//! other pairs are dropped (between two vectors with an info annotation,
//! as Prometheus does).

use super::eval::{check_unique, Evaluator, Val, R};
use super::histogram::{Bucket, FloatHistogram};
use super::*;
use crate::promql::ast::*;

pub(super) fn eval(ev: &Evaluator, e: &Expr, b: &Binary, ts: i64) -> R<Val> {
    let lhs = ev.eval(&b.lhs, ts)?;
    let rhs = ev.eval(&b.rhs, ts)?;
    let upper = b.op == BinaryOp::TrimUpper;
    let out = match (lhs, rhs) {
        (Val::Vector(l), Val::Scalar(r)) => l
            .into_iter()
            .filter_map(|mut s| {
                let h = trim(s.h.as_deref()?, r, upper);
                s.h = Some(std::sync::Arc::new(h));
                Some(s)
            })
            .collect(),
        // A float on the left never trims (and Prometheus does not note
        // it between a vector and a scalar).
        (Val::Scalar(_), Val::Vector(_)) => Vec::new(),
        // Vector matching as for the other operators; only a histogram on
        // the left with a float on the right gives a result.
        (Val::Vector(l), Val::Vector(r)) => {
            let default = super::binary::implicit_matching(b.op);
            let m = b.matching.as_ref().unwrap_or(&default);
            super::binary::vector_vector(ev, b, l, r, m, e)?
        }
        (Val::Scalar(_), Val::Scalar(_)) => {
            return Err(EvalError::new(
                e.span,
                format!(
                    "operator {:?} not allowed for Scalar operations",
                    b.op.as_str()
                ),
            ))
        }
        _ => {
            return Err(EvalError::new(
                e.span,
                format!(
                    "operator {} needs scalar or instant vector operands",
                    b.op.as_str()
                ),
            ))
        }
    };
    check_unique(&out, e.span)?;
    Ok(Val::Vector(out))
}

/// `h </ rhs` (`upper`) or `h >/ rhs`: Prometheus' `TrimBuckets`. Count
/// and sum change only when some bucket lost observations.
pub fn trim(h: &FloatHistogram, rhs: f64, upper: bool) -> FloatHistogram {
    let mut h = h.clone();
    let custom = h.uses_custom_buckets();
    let (mut count, mut sum) = (0.0, 0.0);
    let mut trimmed = false;
    let (mut has_positive, mut has_negative) = (false, false);
    for positive in [true, false] {
        let buckets: Vec<Bucket> = if positive {
            h.positive_buckets().collect()
        } else {
            h.negative_buckets().collect()
        };
        for b in buckets {
            if b.count == 0.0 {
                continue;
            }
            if positive {
                has_positive = true;
            } else {
                has_negative = true;
            }
            let (keep_all, crosses) = if upper {
                (b.upper <= rhs, b.lower < rhs)
            } else {
                (b.lower >= rhs, b.upper > rhs)
            };
            let kept = if keep_all {
                count += b.count;
                sum += midpoint(b.lower, b.upper, positive, custom) * b.count;
                continue;
            } else if crosses {
                let (kept, mid) = bucket_trim(&b, rhs, upper, positive, custom);
                count += kept;
                sum += mid * kept;
                if kept == b.count {
                    continue;
                }
                kept
            } else {
                0.0
            };
            let map = if positive {
                &mut h.positive
            } else {
                &mut h.negative
            };
            map.insert(b.index, kept);
            trimmed = true;
        }
    }
    if h.zero_count > 0.0 {
        let (kept, mid) = zero_bucket_trim(&h, rhs, has_negative, has_positive, upper);
        if h.zero_count != kept {
            h.zero_count = kept;
            trimmed = true;
        }
        sum += mid * kept;
        count += kept;
    }
    if trimmed {
        h.count = count;
        h.sum = sum;
        h.compact();
    }
    h
}

/// The kept count of a bucket the cut crosses, and the midpoint of its
/// kept part.
fn bucket_trim(b: &Bucket, rhs: f64, upper: bool, positive: bool, custom: bool) -> (f64, f64) {
    if b.lower == f64::NEG_INFINITY || b.upper == f64::INFINITY {
        return infinite_bucket_trim(b, rhs, upper);
    }
    let below = if rhs <= b.lower {
        0.0
    } else if rhs >= b.upper {
        b.count
    } else {
        b.count * b.fraction_below(rhs, custom)
    };
    if upper {
        (below, midpoint(b.lower, rhs, positive, custom))
    } else {
        (b.count - below, midpoint(rhs, b.upper, positive, custom))
    }
}

/// The first or last custom bucket, reaching an infinity: observations in
/// it cannot be placed, so it is kept or dropped whole, except that a
/// first bucket with a positive bound is taken to start at 0.
fn infinite_bucket_trim(b: &Bucket, rhs: f64, upper: bool) -> (f64, f64) {
    let finite = |x: f64| if x.is_infinite() { 0.0 } else { x };
    if b.lower == f64::NEG_INFINITY {
        if upper {
            if rhs >= b.upper {
                return (b.count, 0.0);
            }
            if rhs > 0.0 && b.upper > 0.0 && b.upper != f64::INFINITY {
                return (b.count * rhs / b.upper, rhs / 2.0);
            }
            if b.upper <= 0.0 {
                return (b.count, rhs);
            }
            return (0.0, finite(b.upper));
        }
        if rhs <= b.lower {
            return (b.count, 0.0);
        }
        if rhs >= 0.0 && b.upper > rhs && b.upper != f64::INFINITY {
            return (b.count * (1.0 - rhs / b.upper), (rhs + b.upper) / 2.0);
        }
        return (0.0, finite(b.upper));
    }
    // The upper bound is +Inf.
    if upper {
        return (0.0, finite(b.lower));
    }
    if rhs >= b.lower {
        return (b.count, rhs);
    }
    (0.0, finite(b.lower))
}

/// The zero bucket's kept count and midpoint: linear, and only on the side
/// of zero where the other buckets are when they are all on one side.
fn zero_bucket_trim(
    h: &FloatHistogram,
    rhs: f64,
    has_negative: bool,
    has_positive: bool,
    upper: bool,
) -> (f64, f64) {
    let z = h.zero_bucket();
    let (mut lower, mut upper_bound) = (z.lower, z.upper);
    if has_negative && !has_positive {
        upper_bound = 0.0;
    }
    if has_positive && !has_negative {
        lower = 0.0;
    }
    let (fraction, mid) = if upper {
        if rhs <= lower {
            return (0.0, 0.0);
        }
        if rhs >= upper_bound {
            return (z.count, (lower + upper_bound) / 2.0);
        }
        ((rhs - lower) / (upper_bound - lower), (lower + rhs) / 2.0)
    } else {
        if rhs <= lower {
            return (z.count, (lower + upper_bound) / 2.0);
        }
        if rhs >= upper_bound {
            return (0.0, 0.0);
        }
        (
            (upper_bound - rhs) / (upper_bound - lower),
            (rhs + upper_bound) / 2.0,
        )
    };
    (z.count * fraction, mid)
}

/// Where the observations of `[lower, upper]` are taken to be on average:
/// the arithmetic mean for custom buckets, the geometric one (signed) for
/// exponential buckets, and the finite bound for half-infinite intervals.
fn midpoint(lower: f64, upper: f64, positive: bool, linear: bool) -> f64 {
    if lower.is_infinite() {
        if upper.is_infinite() {
            return 0.0;
        }
        if upper > 0.0 {
            return upper / 2.0;
        }
        return upper;
    }
    if upper.is_infinite() {
        return lower;
    }
    if linear {
        return (lower + upper) / 2.0;
    }
    let geo = (lower * upper).abs().sqrt();
    if positive {
        geo
    } else {
        -geo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::histogram::CUSTOM_BUCKETS_SCHEMA;

    fn exponential() -> FloatHistogram {
        // Buckets (0.5,1]:2 (1,2]:4 (2,4]:8 and [-1,-0.5):1, zero bucket 1.
        FloatHistogram {
            schema: 0,
            zero_threshold: 0.001,
            zero_count: 1.0,
            count: 16.0,
            sum: 40.0,
            positive: [(0, 2.0), (1, 4.0), (2, 8.0)].into_iter().collect(),
            negative: [(0, 1.0)].into_iter().collect(),
            ..FloatHistogram::default()
        }
    }

    #[test]
    fn trimming_nothing_keeps_count_and_sum() {
        let h = exponential();
        assert_eq!(trim(&h, f64::INFINITY, true), h);
        assert_eq!(trim(&h, f64::NEG_INFINITY, false), h);
    }

    #[test]
    fn a_cut_on_a_bound_keeps_whole_buckets() {
        let t = trim(&exponential(), 2.0, false);
        assert_eq!(t.count, 8.0);
        assert_eq!(t.sum, 8.0 * 8f64.sqrt());
        assert_eq!(t.positive.into_iter().collect::<Vec<_>>(), vec![(2, 8.0)]);
        assert_eq!(t.zero_count, 0.0);
        assert!(t.negative.is_empty());
    }

    #[test]
    fn a_cut_inside_an_exponential_bucket_interpolates_on_a_log_scale() {
        // Half of (2,4] on a log scale lies below sqrt(8).
        let t = trim(&exponential(), 8f64.sqrt(), true);
        assert!((t.positive[&2] - 4.0).abs() < 1e-12, "{t:?}");
        assert!((t.count - 12.0).abs() < 1e-12, "{t:?}");
    }

    #[test]
    fn the_zero_bucket_is_split_linearly() {
        let t = trim(&exponential(), 0.0, true);
        // The negative bucket, and half of the zero bucket.
        assert_eq!(t.count, 1.5);
        assert_eq!(t.zero_count, 0.5);
        assert!(t.positive.is_empty());
    }

    #[test]
    fn custom_buckets_interpolate_linearly() {
        let h = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count: 14.0,
            sum: 50.0,
            custom_values: vec![10.0, 20.0],
            positive: [(0, 4.0), (1, 8.0), (2, 2.0)].into_iter().collect(),
            ..FloatHistogram::default()
        };
        let t = trim(&h, 15.0, true);
        // (-Inf,10] taken from 0 is whole, half of (10,20], none of (20,+Inf).
        assert_eq!(t.count, 8.0);
        assert_eq!(t.sum, 5.0 * 4.0 + 12.5 * 4.0);
        let t = trim(&h, 25.0, false);
        // Inside the +Inf bucket nothing can be placed: it stays whole,
        // its observations taken to be at the cut.
        assert_eq!((t.count, t.sum), (2.0, 50.0));
        let t = trim(&h, 5.0, true);
        assert_eq!(t.count, 2.0);
        assert_eq!(t.sum, 5.0);
    }
}
