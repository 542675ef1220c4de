//! Subquery steps kept between queries on one storage.
//!
//! A rule with a subquery (`avg_over_time((...)[12h:])`) evaluated every
//! minute of a long unit test evaluates the same inner steps again and
//! again: each evaluation has one new step and hundreds it has seen before.
//! The value of an inner expression at a step time `t` depends only on the
//! samples at or before `t` when the expression looks no further (no `@`,
//! no negative offset, no `smoothed`, no `start()`/`end()`, see
//! [`cacheable`]); so a step stays valid until a sample at or before `t` is
//! appended, and the storage drops every step from the time of each append
//! on ([`StepCache::evict_from`]).

use super::labels::Labels;
use super::{Annotation, Hist};
use crate::promql::ast::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// The steps of every cacheable subquery, by the subquery's key (its inner
/// expression and the query options, see `Evaluator::eval_subquery`).
#[derive(Debug, Default)]
pub(crate) struct StepCache {
    inner: Mutex<HashMap<String, Steps>>,
}

/// A copy of a storage starts without cached steps.
impl Clone for StepCache {
    fn clone(&self) -> Self {
        StepCache::default()
    }
}

/// The results of one inner expression at the step times computed so far.
#[derive(Debug, Default)]
pub(crate) struct Steps {
    /// Label sets by id, in the order first seen.
    labels: Vec<Labels>,
    ids: HashMap<Labels, u32>,
    steps: BTreeMap<i64, Step>,
}

/// One step: the samples (label id, float, histogram, name-removal mark),
/// in the order of the inner result, and the annotations of evaluating it.
#[derive(Debug, Default)]
pub(crate) struct Step {
    pub samples: Vec<(u32, f64, Option<Hist>, bool)>,
    pub annotations: Vec<Annotation>,
}

/// More cached steps than this in one subquery start it afresh (a bound on
/// memory; tests rarely come near).
const MAX_STEPS: usize = 1 << 20;

impl StepCache {
    /// Takes the steps of `key` out of the cache (empty when none); the
    /// caller evaluates with them and puts them back with [`put`]. Taking
    /// them out lets a nested subquery use the cache meanwhile.
    ///
    /// [`put`]: StepCache::put
    pub fn take(&self, key: &str) -> Steps {
        self.inner
            .lock()
            .ok()
            .and_then(|mut m| m.remove(key))
            .unwrap_or_default()
    }

    pub fn put(&self, key: String, mut steps: Steps) {
        if steps.steps.len() > MAX_STEPS {
            steps = Steps::default();
        }
        if let Ok(mut m) = self.inner.lock() {
            m.insert(key, steps);
        }
    }

    /// A sample at `t` was appended: steps at or after `t` may have seen
    /// other data.
    pub fn evict_from(&mut self, t: i64) {
        if let Ok(m) = self.inner.get_mut() {
            for s in m.values_mut() {
                if s.steps.last_key_value().is_some_and(|(&last, _)| last >= t) {
                    s.steps.split_off(&t);
                }
            }
        }
    }
}

impl Steps {
    /// The cached step times from `start` to `end`, in order.
    pub fn times(&self, start: i64, end: i64) -> impl Iterator<Item = i64> + '_ {
        self.steps(start, end).map(|(t, _)| t)
    }

    /// The cached steps from `start` to `end`, in time order.
    pub fn steps(&self, start: i64, end: i64) -> impl Iterator<Item = (i64, &Step)> + '_ {
        // `BTreeMap::range` wants `start <= end`.
        self.steps
            .range(start..=end.max(start))
            .map(|(&t, s)| (t, s))
            .filter(move |&(t, _)| t <= end)
    }

    /// Records the result at step `t`.
    pub fn insert(
        &mut self,
        t: i64,
        samples: Vec<super::Sample>,
        annotations: Vec<Annotation>,
    ) -> &Step {
        let mut out = Vec::with_capacity(samples.len());
        for s in samples {
            let mark = s.labels.name_to_drop();
            let id = match self.ids.get(&s.labels) {
                Some(&id) => id,
                None => {
                    let id = self.labels.len() as u32;
                    self.ids.insert(s.labels.clone(), id);
                    self.labels.push(s.labels);
                    id
                }
            };
            out.push((id, s.v, s.h, mark));
        }
        self.steps.entry(t).or_insert(Step {
            samples: out,
            annotations,
        })
    }

    pub fn labels(&self, id: u32) -> &Labels {
        &self.labels[id as usize]
    }

    pub fn label_count(&self) -> usize {
        self.labels.len()
    }
}

/// Whether the value of `e` at a time `t` depends only on samples at or
/// before `t`, and on nothing but `t` and the storage.
pub(crate) fn cacheable(e: &Expr) -> bool {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::String(_) => {}
            ExprKind::Vector(vs) => {
                if !looks_back_only(&vs.offset, &vs.at) || vs.mode == RangeMode::Smoothed {
                    return false;
                }
            }
            ExprKind::Matrix(m) => {
                if m.mode == RangeMode::Smoothed {
                    return false;
                }
                stack.push(&m.vector);
            }
            ExprKind::Subquery(s) => {
                if !looks_back_only(&s.offset, &s.at) {
                    return false;
                }
                stack.push(&s.expr);
            }
            ExprKind::Call(c) => {
                // The query's own time, not the step's.
                if matches!(c.func.value.as_str(), "start" | "end") {
                    return false;
                }
                stack.extend(c.args.iter());
            }
            ExprKind::Aggregate(a) => {
                stack.extend(a.param.as_deref());
                stack.push(&a.expr);
            }
            ExprKind::Binary(b) => {
                stack.push(&b.lhs);
                stack.push(&b.rhs);
            }
            ExprKind::Unary(u) => stack.push(&u.expr),
            ExprKind::Paren(p) => stack.push(p),
        }
    }
    true
}

/// No `@`, and no offset but a literal one into the past.
fn looks_back_only(offset: &Option<Offset>, at: &Option<AtModifier>) -> bool {
    at.is_none()
        && match offset {
            None => true,
            Some(o) => matches!(o.duration, DurationExpr::Literal { millis, .. } if millis >= 0),
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cacheable_text(q: &str) -> bool {
        cacheable(&crate::promql::parse(q).unwrap())
    }

    #[test]
    fn what_may_be_cached() {
        assert!(cacheable_text(r#"m{job="j"} or on() vector(0)"#));
        assert!(cacheable_text("rate(m[5m] offset 1h) + time()"));
        assert!(cacheable_text("max_over_time(rate(m[5m])[1h:])"));
        assert!(!cacheable_text("m @ 100"));
        assert!(!cacheable_text("m offset -5m"));
        assert!(!cacheable_text("sum(m @ end())"));
        assert!(!cacheable_text("m + start()"));
        assert!(!cacheable_text("max_over_time(m[1h:] @ 50)"));
    }

    #[test]
    fn appends_evict_the_steps_from_their_time_on() {
        let mut cache = StepCache::default();
        let mut steps = cache.take("k");
        for t in [10, 20, 30] {
            steps.insert(t, Vec::new(), Vec::new());
        }
        cache.put("k".into(), steps);
        cache.evict_from(20);
        let steps = cache.take("k");
        assert_eq!(steps.times(0, 100).collect::<Vec<_>>(), [10]);
        assert_eq!(steps.times(20, 10).count(), 0);
        // Taken out: a second take starts empty.
        assert_eq!(cache.take("k").times(0, 100).count(), 0);
    }
}
