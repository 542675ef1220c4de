//! `sum` and `avg` of native histograms, as Prometheus computes them for
//! the aggregations and for `sum_over_time`/`avg_over_time`:
//! Kahan-compensated sums, a direct mean that turns incremental once the
//! sum would overflow, and the counter-reset hints the result gets.

use super::histogram::{FloatHistogram, Hint, IncompatibleSchema};

/// The running histogram sum (or mean) of one aggregation group.
#[derive(Debug)]
pub(super) struct HistAggregate {
    value: FloatHistogram,
    /// The Kahan compensation, from the second histogram on.
    compensation: Option<FloatHistogram>,
    /// The incremental mean of `avg`, once the direct sum overflowed.
    mean: Option<FloatHistogram>,
    reset_seen: bool,
    not_reset_seen: bool,
}

/// What adding one histogram noted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Added {
    /// Custom bucket bounds were intersected.
    pub reconciled: bool,
}

/// `h += other` with the compensation `c` (created on first use, as
/// Prometheus' `KahanAdd` does).
fn kahan_add(
    h: &mut FloatHistogram,
    other: &FloatHistogram,
    c: Option<FloatHistogram>,
) -> Result<(FloatHistogram, bool), IncompatibleSchema> {
    if h.uses_custom_buckets() != other.uses_custom_buckets() {
        return Err(IncompatibleSchema);
    }
    let mut c = c.unwrap_or_else(|| h.compensation_for(other));
    let (_, reconciled) = h.add_kahan(other, false, Some(&mut c))?;
    Ok((c, reconciled))
}

impl HistAggregate {
    /// A group's first histogram.
    pub(super) fn new(h: &FloatHistogram) -> HistAggregate {
        let mut agg = HistAggregate {
            value: h.clone(),
            compensation: None,
            mean: None,
            reset_seen: false,
            not_reset_seen: false,
        };
        agg.note_hint(h);
        agg
    }

    fn note_hint(&mut self, h: &FloatHistogram) {
        match h.hint {
            Hint::Reset => self.reset_seen = true,
            Hint::NotReset => self.not_reset_seen = true,
            _ => {}
        }
    }

    /// Whether the inputs mixed "reset" and "not reset" hints (Prometheus
    /// warns about the collision).
    pub(super) fn hints_collide(&self) -> bool {
        self.reset_seen && self.not_reset_seen
    }

    /// `sum`: adds the next histogram.
    pub(super) fn add(&mut self, h: &FloatHistogram) -> Result<Added, IncompatibleSchema> {
        self.note_hint(h);
        let (c, reconciled) = kahan_add(&mut self.value, h, self.compensation.take())?;
        self.compensation = Some(c);
        Ok(Added { reconciled })
    }

    /// `avg`: takes in the `count`th histogram of the group.
    pub(super) fn add_to_mean(
        &mut self,
        h: &FloatHistogram,
        count: f64,
    ) -> Result<Added, IncompatibleSchema> {
        self.note_hint(h);
        let mut added = Added::default();
        if self.mean.is_none() {
            let mut v = self.value.clone();
            let (c, reconciled) = kahan_add(&mut v, h, self.compensation.clone())?;
            added.reconciled = reconciled;
            if !v.has_overflow() {
                self.value = v;
                self.compensation = Some(c);
                return Ok(added);
            }
            // The sum would overflow: continue with an incremental mean.
            let mut mean = self.value.clone();
            mean.div(count - 1.0);
            self.mean = Some(mean);
            if let Some(c) = &mut self.compensation {
                c.div(count - 1.0);
            }
        }
        let q = (count - 1.0) / count;
        if let Some(c) = &mut self.compensation {
            c.mul(q);
        }
        let mut to_add = h.clone();
        to_add.div(count);
        if let Some(mean) = &mut self.mean {
            mean.mul(q);
            let (c, reconciled) = kahan_add(mean, &to_add, self.compensation.take())?;
            self.compensation = Some(c);
            added.reconciled |= reconciled;
        }
        Ok(added)
    }

    /// The sum, compensation added. (The compensation has the layout of
    /// the sum, so adding it cannot fail or reconcile bounds.)
    pub(super) fn sum(self) -> FloatHistogram {
        let mut h = self.value;
        if let Some(c) = &self.compensation {
            let _ = h.add(c, false);
        }
        h
    }

    /// The mean of `count` histograms.
    pub(super) fn mean(self, count: f64) -> FloatHistogram {
        match self.mean {
            Some(mut mean) => {
                if let Some(c) = &self.compensation {
                    let _ = mean.add(c, false);
                }
                mean
            }
            None => {
                let mut h = self.value;
                h.div(count);
                if let Some(mut c) = self.compensation {
                    c.div(count);
                    let _ = h.add(&c, false);
                }
                h
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(hint: Hint, count: f64, pos: &[(i32, f64)]) -> FloatHistogram {
        FloatHistogram {
            hint,
            count,
            sum: count,
            positive: pos.iter().copied().collect(),
            ..Default::default()
        }
    }

    #[test]
    fn not_reset_counters_sum_to_a_not_reset_counter() {
        let mut agg = HistAggregate::new(&h(Hint::NotReset, 2.0, &[(0, 2.0)]));
        agg.add(&h(Hint::NotReset, 3.0, &[(0, 1.0), (1, 2.0)]))
            .unwrap();
        assert!(!agg.hints_collide());
        let sum = agg.sum();
        assert_eq!(sum.hint, Hint::NotReset);
        assert_eq!(sum.count, 5.0);
        assert_eq!(sum.positive, [(0, 3.0), (1, 2.0)].into_iter().collect());
    }

    #[test]
    fn an_unknown_hint_makes_the_sum_unknown_and_resets_collide() {
        let mut agg = HistAggregate::new(&h(Hint::NotReset, 1.0, &[]));
        agg.add(&h(Hint::Unknown, 1.0, &[])).unwrap();
        agg.add(&h(Hint::Reset, 1.0, &[])).unwrap();
        assert!(agg.hints_collide());
        assert_eq!(agg.sum().hint, Hint::Unknown);
    }

    #[test]
    fn the_mean_turns_incremental_before_overflowing() {
        let big = h(Hint::Gauge, f64::MAX, &[(0, f64::MAX)]);
        let mut agg = HistAggregate::new(&big);
        agg.add_to_mean(&big, 2.0).unwrap();
        agg.add_to_mean(&big, 3.0).unwrap();
        let mean = agg.mean(3.0);
        assert!(mean.count.is_finite());
        assert!((mean.count / f64::MAX - 1.0).abs() < 1e-12);
    }

    #[test]
    fn exponential_and_custom_buckets_do_not_add_up() {
        let mut agg = HistAggregate::new(&h(Hint::Unknown, 1.0, &[]));
        let custom = FloatHistogram {
            schema: super::super::histogram::CUSTOM_BUCKETS_SCHEMA,
            custom_values: vec![1.0],
            ..Default::default()
        };
        assert_eq!(agg.add(&custom), Err(IncompatibleSchema));
    }
}
