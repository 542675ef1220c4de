//! The evaluator: walks the syntax tree at one evaluation timestamp.
//!
//! Prometheus evaluates a query as a range of steps; an instant query is
//! one step, and a subquery evaluates its inner expression at each of its
//! steps. Evaluating every node at one timestamp gives the same values.

use super::labels::{Labels, METRIC_NAME};
use super::storage::Series;
use super::*;
use crate::promql::ast::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

pub(super) type R<T> = Result<T, EvalError>;

/// A selector's sample at one time: labels, sample time, float, histogram.
pub(super) type Looked<'a> = (&'a Labels, i64, f64, Option<Hist>);

/// An evaluated node. Vector samples carry the evaluation timestamp.
#[derive(Debug)]
pub(super) enum Val {
    Scalar(f64),
    Str(String),
    Vector(Vec<Sample>),
    Matrix(Vec<RangeSeries>),
}

/// Expressions deeper than this are evaluated on a thread with a big stack.
const SHALLOW_DEPTH: usize = 48;

pub(super) fn instant_query(
    storage: &Storage,
    expr: &Expr,
    t_ms: i64,
    opts: &QueryOptions,
) -> Result<(Value, Vec<Annotation>), EvalError> {
    let run = || {
        let ev = Evaluator::new(storage, opts, t_ms);
        let v = ev.eval(expr, t_ms)?;
        let value = match v {
            Val::Scalar(v) => Value::Scalar { t: t_ms, v },
            Val::Str(v) => Value::String { t: t_ms, v },
            Val::Vector(v) => Value::Vector(finish_vector(v, expr.span)?),
            Val::Matrix(m) => Value::Matrix(finish_matrix(m, expr.span)?),
        };
        let mut annotations = ev.annotations.into_inner();
        annotations.sort();
        annotations.dedup();
        Ok((value, annotations))
    };
    if depth(expr) <= SHALLOW_DEPTH {
        return run();
    }
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("promql-eval".into())
            .stack_size(256 << 20)
            .spawn_scoped(s, run)
            .map_err(|e| EvalError::new(expr.span, format!("cannot start evaluation: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(EvalError::new(expr.span, "evaluation failed")))
    })
}

/// Nesting depth of an expression (the parser bounds it).
fn depth(e: &Expr) -> usize {
    let mut max = 0;
    let mut stack = vec![(e, 1usize)];
    while let Some((e, d)) = stack.pop() {
        max = max.max(d);
        let mut push = |c| stack.push((c, d + 1));
        match &e.kind {
            ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Vector(_) => {}
            ExprKind::Matrix(m) => push(&m.vector),
            ExprKind::Subquery(s) => push(&s.expr),
            ExprKind::Call(c) => c.args.iter().for_each(push),
            ExprKind::Aggregate(a) => {
                if let Some(p) = &a.param {
                    push(p);
                }
                push(&a.expr);
            }
            ExprKind::Binary(b) => {
                push(&b.lhs);
                push(&b.rhs);
            }
            ExprKind::Unary(u) => push(&u.expr),
            ExprKind::Paren(p) => push(p),
        }
    }
    max
}

const REGEX_CACHE_SIZE: usize = 4096;

/// Prometheus' default `--query.max-samples`.
const MAX_SUBQUERY_STEPS: i64 = 50_000_000;

thread_local! {
    static REGEXES: RefCell<HashMap<String, Result<regex::Regex, String>>> =
        RefCell::new(HashMap::new());
}

pub(super) struct Evaluator<'a> {
    pub storage: &'a Storage,
    pub opts: &'a QueryOptions,
    /// The instant query's time: what `@ start()` and `@ end()` mean.
    pub query_t: i64,
    /// The series each selector matches, by the selector's address: which
    /// series match does not depend on the time, so a subquery selects
    /// once, not at every step.
    selected: RefCell<HashMap<usize, std::rc::Rc<[&'a Series]>>>,
    /// What the evaluation noted without failing (see [`Evaluator::annotate`]).
    annotations: RefCell<Vec<Annotation>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(storage: &'a Storage, opts: &'a QueryOptions, query_t: i64) -> Self {
        Evaluator {
            storage,
            opts,
            query_t,
            selected: RefCell::new(HashMap::new()),
            annotations: RefCell::new(Vec::new()),
        }
    }

    /// The labels of a result that loses the metric name: without it, or
    /// marked to lose it at the end (delayed name removal).
    pub fn drop_name(&self, l: &Labels) -> Labels {
        l.drop_name(self.opts.delayed_name_removal)
    }

    /// Notes a Prometheus annotation about the node at `span`: evaluation
    /// goes on, and the caller can show it beside the result.
    pub fn annotate(&self, level: AnnotationLevel, span: Span, message: impl Into<String>) {
        self.annotations.borrow_mut().push(Annotation {
            level,
            message: message.into(),
            span,
        });
    }

    pub fn eval(&self, e: &Expr, ts: i64) -> R<Val> {
        match &e.kind {
            ExprKind::Number(n) => Ok(Val::Scalar(n.value)),
            ExprKind::String(s) => Ok(Val::Str(s.value.clone())),
            ExprKind::Paren(inner) => self.eval(inner, ts),
            ExprKind::Vector(vs) => self.eval_vector_selector(e, vs, ts).map(Val::Vector),
            ExprKind::Matrix(m) => self.eval_matrix_selector(e, m, ts).map(Val::Matrix),
            ExprKind::Subquery(sq) => self.eval_subquery(e, sq, ts).map(Val::Matrix),
            ExprKind::Call(c) => super::functions::call(self, e, c, ts),
            ExprKind::Aggregate(a) => super::aggregate::eval(self, e, a, ts),
            ExprKind::Binary(b) => super::binary::eval(self, e, b, ts),
            ExprKind::Unary(u) => self.eval_unary(e, u, ts),
        }
    }

    pub fn eval_scalar(&self, e: &Expr, ts: i64) -> R<f64> {
        match self.eval(e, ts)? {
            Val::Scalar(v) => Ok(v),
            _ => Err(EvalError::new(e.span, "expected a scalar")),
        }
    }

    pub fn eval_vector(&self, e: &Expr, ts: i64) -> R<Vec<Sample>> {
        match self.eval(e, ts)? {
            Val::Vector(v) => Ok(v),
            _ => Err(EvalError::new(e.span, "expected an instant vector")),
        }
    }

    pub fn eval_matrix(&self, e: &Expr, ts: i64) -> R<Vec<RangeSeries>> {
        match self.eval(e, ts)? {
            Val::Matrix(m) => Ok(m),
            _ => Err(EvalError::new(e.span, "expected a range vector")),
        }
    }

    fn eval_unary(&self, e: &Expr, u: &Unary, ts: i64) -> R<Val> {
        let v = self.eval(&u.expr, ts)?;
        if !u.negative {
            return Ok(v);
        }
        match v {
            Val::Scalar(v) => Ok(Val::Scalar(-v)),
            Val::Vector(mut vec) => {
                for s in &mut vec {
                    s.labels = self.drop_name(&s.labels);
                    s.v = -s.v;
                    if let Some(h) = &mut s.h {
                        std::sync::Arc::make_mut(h).mul(-1.0);
                    }
                }
                check_unique(&vec, e.span)?;
                Ok(Val::Vector(vec))
            }
            _ => Err(EvalError::new(
                e.span,
                "unary minus needs a scalar or a vector",
            )),
        }
    }

    // ------------------------------------------------------------ selectors

    /// The time a selector looks at: `@` or the evaluation time, minus the
    /// offset.
    pub fn ref_time(&self, offset: &Option<Offset>, at: &Option<AtModifier>, ts: i64) -> R<i64> {
        let base = match at {
            None => ts,
            Some(AtModifier::Timestamp { seconds, .. }) => at_millis(*seconds),
            Some(AtModifier::Start { .. } | AtModifier::End { .. }) => self.query_t,
        };
        let off = match offset {
            Some(o) => self.duration_ms(&o.duration, true)?,
            None => 0,
        };
        Ok(base.saturating_sub(off))
    }

    /// Milliseconds of a duration (literal or expression), checked as
    /// Prometheus checks them.
    pub fn duration_ms(&self, d: &DurationExpr, allow_negative: bool) -> R<i64> {
        match d {
            DurationExpr::Literal { millis, .. } => Ok(*millis),
            _ => {
                let secs = self.duration_secs(d)?;
                if secs <= 0.0 && !allow_negative {
                    return Err(EvalError::new(d.span(), "duration must be greater than 0"));
                }
                if secs.is_nan() || secs.abs() > i64::MAX as f64 {
                    return Err(EvalError::new(d.span(), "duration is out of range"));
                }
                Ok(go_f64_to_i64(secs * 1000.0))
            }
        }
    }

    fn duration_secs(&self, d: &DurationExpr) -> R<f64> {
        Ok(match d {
            DurationExpr::Literal { millis, .. } => *millis as f64 / 1000.0,
            DurationExpr::Seconds { value, .. } => *value,
            // An instant query has no step and an empty range.
            DurationExpr::Step { .. } | DurationExpr::Range { .. } => 0.0,
            DurationExpr::Paren { expr, .. } => self.duration_secs(expr)?,
            DurationExpr::Unary { negative, expr, .. } => {
                let v = self.duration_secs(expr)?;
                if *negative {
                    -v
                } else {
                    v
                }
            }
            DurationExpr::MinMax { max, lhs, rhs, .. } => {
                let (l, r) = (self.duration_secs(lhs)?, self.duration_secs(rhs)?);
                if *max {
                    l.max(r)
                } else {
                    l.min(r)
                }
            }
            DurationExpr::Binary { op, lhs, rhs, span } => {
                let (l, r) = (self.duration_secs(lhs)?, self.duration_secs(rhs)?);
                match op {
                    BinaryOp::Add => l + r,
                    BinaryOp::Sub => l - r,
                    BinaryOp::Mul => l * r,
                    BinaryOp::Div if r == 0.0 => {
                        return Err(EvalError::new(*span, "division by zero"))
                    }
                    BinaryOp::Div => l / r,
                    BinaryOp::Mod if r == 0.0 => {
                        return Err(EvalError::new(*span, "modulo by zero"))
                    }
                    BinaryOp::Mod => l % r,
                    BinaryOp::Pow => super::num::go_pow(l, r),
                    other => {
                        return Err(EvalError::new(
                            *span,
                            format!(
                                "unexpected duration expression operator {:?}",
                                other.as_str()
                            ),
                        ))
                    }
                }
            }
        })
    }

    /// The series a selector matches, sorted by labels.
    pub fn select(&self, vs: &VectorSelector) -> R<std::rc::Rc<[&'a Series]>> {
        let key = vs as *const VectorSelector as usize;
        if let Some(hit) = self.selected.borrow().get(&key) {
            return Ok(hit.clone());
        }
        let found: std::rc::Rc<[&'a Series]> = self.select_uncached(vs)?.into();
        self.selected.borrow_mut().insert(key, found.clone());
        Ok(found)
    }

    fn select_uncached(&self, vs: &VectorSelector) -> R<Vec<&'a Series>> {
        let mut name = vs.name.as_ref().map(|n| n.value.as_str());
        if name.is_none() {
            name = vs
                .matchers
                .iter()
                .find(|m| m.op == MatchOp::Equal && m.name.value == METRIC_NAME)
                .map(|m| m.value.value.as_str());
        }
        let mut compiled = Vec::with_capacity(vs.matchers.len());
        for m in &vs.matchers {
            compiled.push(self.compile(m)?);
        }
        let name_value = vs.name.as_ref().map(|n| n.value.as_str());
        Ok(self
            .storage
            .candidates(name)
            .filter(|s| {
                name_value.is_none_or(|n| s.labels.value(METRIC_NAME) == n)
                    && vs
                        .matchers
                        .iter()
                        .zip(&compiled)
                        .all(|(m, re)| matches(m, re.as_ref(), s.labels.value(&m.name.value)))
            })
            .collect())
    }

    fn compile(&self, m: &Matcher) -> R<Option<regex::Regex>> {
        if !matches!(m.op, MatchOp::Regex | MatchOp::NotRegex) {
            return Ok(None);
        }
        self.regex(&m.value.value, m.value_span).map(Some)
    }

    /// An anchored regex as Prometheus compiles it: `^(?s:re)$`. Compiled
    /// regexes are kept per thread, since rule evaluation runs the same
    /// queries again and again.
    pub fn regex(&self, re: &str, span: crate::source::Span) -> R<regex::Regex> {
        let compiled = REGEXES.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(r) = cache.get(re) {
                return r.clone();
            }
            // Go's syntax and meaning (ASCII `\d`, `\b`, literal `{`, `\Q…\E`).
            let r = crate::syntax::go_regex::translate(re)
                .and_then(|t| regex::Regex::new(&format!("^(?s:{t})$")).map_err(|e| e.to_string()));
            if cache.len() >= REGEX_CACHE_SIZE {
                cache.clear();
            }
            cache.insert(re.to_string(), r.clone());
            r
        });
        compiled.map_err(|e| EvalError::new(span, format!("error parsing regexp: {e}")))
    }

    /// The value of each matching series at `ts` (lookback, staleness):
    /// `(labels, sample time, value, histogram)`; the newest sample is a
    /// float or a histogram.
    pub fn instant_samples(&self, vs: &VectorSelector, ts: i64) -> R<Vec<Looked<'a>>> {
        let rt = self.ref_time(&vs.offset, &vs.at, ts)?;
        let lookback = self.opts.lookback_ms;
        let mut out = Vec::new();
        for s in self.select(vs)?.iter() {
            let i = s.samples.partition_point(|p| p.0 <= rt);
            let f = if i == 0 { None } else { Some(s.samples[i - 1]) };
            let j = s.hists.partition_point(|p| p.0 <= rt);
            let h = if j == 0 { None } else { Some(&s.hists[j - 1]) };
            match (f, h) {
                (Some((ft, _)), Some((ht, h))) if *ht > ft => {
                    if *ht > rt.saturating_sub(lookback) {
                        out.push((&s.labels, *ht, 0.0, Some(h.clone())));
                    }
                }
                (None, Some((ht, h))) => {
                    if *ht > rt.saturating_sub(lookback) {
                        out.push((&s.labels, *ht, 0.0, Some(h.clone())));
                    }
                }
                (Some((t, v)), _) => {
                    if t > rt.saturating_sub(lookback) && !is_stale(v) {
                        out.push((&s.labels, t, v, None));
                    }
                }
                (None, None) => {}
            }
        }
        Ok(out)
    }

    fn eval_vector_selector(&self, e: &Expr, vs: &VectorSelector, ts: i64) -> R<Vec<Sample>> {
        if vs.mode == RangeMode::Smoothed {
            return self.smoothed_samples(e, vs, ts);
        }
        // `anchored` changes nothing on an instant selector.
        Ok(self
            .instant_samples(vs, ts)?
            .into_iter()
            .map(|(l, _, v, h)| Sample {
                h,
                labels: l.clone(),
                t: ts,
                v,
            })
            .collect())
    }

    /// `foo smoothed`: the value interpolated at the reference time from
    /// the samples around it within the lookback delta.
    fn smoothed_samples(&self, e: &Expr, vs: &VectorSelector, ts: i64) -> R<Vec<Sample>> {
        let rt = self.ref_time(&vs.offset, &vs.at, ts)?;
        let lb = self.opts.lookback_ms;
        let mut out = Vec::new();
        for s in self.select(vs)?.iter() {
            let pts = window(&s.samples, rt.saturating_sub(lb), rt.saturating_add(lb));
            let hists = hwindow(&s.hists, rt.saturating_sub(lb), rt.saturating_add(lb));
            if !hists.is_empty() {
                let h = super::range_histogram::smoothed(self, e.span, &s.labels, &pts, &hists, rt);
                if let Some(h) = h {
                    out.push(Sample {
                        h: Some(h),
                        labels: s.labels.clone(),
                        t: ts,
                        v: 0.0,
                    });
                }
                continue;
            }
            if pts.is_empty() {
                continue;
            }
            let i = pts.partition_point(|p| p.0 < rt);
            let v = if i < pts.len() && pts[i].0 == rt {
                pts[i].1
            } else if i > 0 && i < pts.len() {
                interpolate(pts[i - 1], pts[i], rt, false)
            } else if i > 0 {
                pts[i - 1].1
            } else {
                continue;
            };
            out.push(Sample {
                h: None,
                labels: s.labels.clone(),
                t: ts,
                v,
            });
        }
        Ok(out)
    }

    /// The samples of each series in `(t - range, t]`, without stale
    /// markers; with `anchored`/`smoothed`, extended to the boundaries (a
    /// range selector evaluated on its own).
    pub fn eval_matrix_selector(
        &self,
        e: &Expr,
        m: &MatrixSelector,
        ts: i64,
    ) -> R<Vec<RangeSeries>> {
        let (mint, maxt, mut out) = self.range_samples(e, m, ts)?;
        if m.mode != RangeMode::Default {
            let smoothed = m.mode == RangeMode::Smoothed;
            if out.iter().any(|s| !s.hpoints.is_empty()) {
                let modifier = if smoothed { "smoothed" } else { "anchored" };
                return Err(EvalError::new(
                    e.span,
                    format!("{modifier} modifier is not supported with histograms"),
                ));
            }
            for s in &mut out {
                s.points = extend(&s.points, mint, maxt, smoothed);
            }
            out.retain(|s| !s.points.is_empty());
        }
        Ok(out)
    }

    /// The raw samples a range selector reads, as range functions get
    /// them: `(t - range, t]`, reaching back one lookback delta further with
    /// `anchored` and `smoothed`, and one forward with `smoothed`. Also
    /// returns the range's own bounds.
    pub fn range_samples(
        &self,
        e: &Expr,
        m: &MatrixSelector,
        ts: i64,
    ) -> R<(i64, i64, Vec<RangeSeries>)> {
        let ExprKind::Vector(vs) = &m.vector.unparen().kind else {
            return Err(EvalError::new(
                e.span,
                "range selector without a vector selector",
            ));
        };
        let range = self.duration_ms(&m.range, false)?;
        let maxt = self.ref_time(&vs.offset, &vs.at, ts)?;
        let mint = maxt.saturating_sub(range);
        let lb = self.opts.lookback_ms;
        let (from, to) = match m.mode {
            RangeMode::Default => (mint, maxt),
            RangeMode::Anchored => (mint.saturating_sub(lb), maxt),
            RangeMode::Smoothed => (mint.saturating_sub(lb), maxt.saturating_add(lb)),
        };
        let mut out = Vec::new();
        for s in self.select(vs)?.iter() {
            let points = window(&s.samples, from, to);
            let hpoints = hwindow(&s.hists, from, to);
            if !points.is_empty() || !hpoints.is_empty() {
                out.push(RangeSeries {
                    hpoints,
                    labels: s.labels.clone(),
                    points,
                });
            }
        }
        Ok((mint, maxt, out))
    }

    /// A subquery: the inner expression at every step aligned to a multiple
    /// of the step, in `(t - range, t]`.
    fn eval_subquery(&self, e: &Expr, sq: &Subquery, ts: i64) -> R<Vec<RangeSeries>> {
        let end = self.ref_time(&sq.offset, &sq.at, ts)?;
        let range = self.duration_ms(&sq.range, false)?;
        let step = match &sq.step {
            Some(s) => self.duration_ms(s, false)?,
            None => self.opts.default_subquery_step_ms,
        };
        if step <= 0 {
            return Err(EvalError::new(e.span, "zero or negative query resolution step widths are not accepted. Try a positive integer"));
        }
        let from = end.saturating_sub(range);
        // Go's integer division truncates toward zero.
        let mut start = step * (from / step);
        if start <= from {
            start = start.saturating_add(step);
        }
        // Prometheus stops a query at 50 million samples; a subquery with
        // more steps than that could never finish within that limit.
        if end >= start && (end - start) / step >= MAX_SUBQUERY_STEPS {
            return Err(EvalError::new(
                e.span,
                "query processing would load too many samples into memory in query execution",
            ));
        }
        // Steps seen by an earlier query on this storage are kept (see
        // `step_cache`); the key is the inner expression, spans included,
        // so that cached annotations point where fresh ones would.
        let key = super::step_cache::cacheable(&sq.expr)
            .then(|| format!("{:?}\n{:?}", self.opts, sq.expr));
        let Some(key) = key else {
            return self.subquery_steps(sq, start, end, step);
        };
        let mut cached = self.storage.step_cache.take(&key);
        let out = self.cached_subquery_steps(sq, start, end, step, &mut cached);
        self.storage.step_cache.put(key, cached);
        out
    }

    /// The inner expression at each step from `start` to `end`, as series.
    fn subquery_steps(
        &self,
        sq: &Subquery,
        start: i64,
        end: i64,
        step: i64,
    ) -> R<Vec<RangeSeries>> {
        let mut order: Vec<RangeSeries> = Vec::new();
        let mut index: HashMap<Labels, usize> = HashMap::new();
        let mut t = start;
        while t <= end {
            for s in self.eval_vector(&sq.expr, t)? {
                let i = match index.get(&s.labels) {
                    Some(&i) => i,
                    None => {
                        index.insert(s.labels.clone(), order.len());
                        order.push(RangeSeries {
                            labels: s.labels,
                            points: Vec::new(),
                            hpoints: Vec::new(),
                        });
                        order.len() - 1
                    }
                };
                push_step(&mut order[i], t, s.v, s.h, sq)?;
            }
            t = match t.checked_add(step) {
                Some(t) => t,
                None => break,
            };
        }
        Ok(order)
    }

    /// [`Evaluator::subquery_steps`] reusing and recording cached steps.
    fn cached_subquery_steps(
        &self,
        sq: &Subquery,
        start: i64,
        end: i64,
        step: i64,
        cache: &mut super::step_cache::Steps,
    ) -> R<Vec<RangeSeries>> {
        let on_lattice = |t: i64| (t - start) % step == 0;
        // The steps not cached yet, computed in time order; an error stops
        // there and is reported after the steps before it.
        let mut fresh: Vec<i64> = Vec::new();
        {
            let mut have = cache
                .times(start, end)
                .filter(|&t| on_lattice(t))
                .peekable();
            let mut t = start;
            while t <= end {
                if have.peek() == Some(&t) {
                    have.next();
                } else {
                    fresh.push(t);
                }
                t = match t.checked_add(step) {
                    Some(t) => t,
                    None => break,
                };
            }
        }
        let mut failed: Option<(i64, EvalError)> = None;
        for &t in &fresh {
            let before = self.annotations.borrow().len();
            match self.eval_vector(&sq.expr, t) {
                Ok(v) => {
                    let noted = self.annotations.borrow()[before..].to_vec();
                    cache.insert(t, v, noted);
                }
                Err(e) => {
                    failed = Some((t, e));
                    break;
                }
            }
        }
        let mut order: Vec<RangeSeries> = Vec::new();
        // Position in `order` by label id.
        let mut index: Vec<usize> = vec![usize::MAX; cache.label_count()];
        let stop = failed.as_ref().map_or(end, |(t, _)| t.saturating_sub(1));
        for (t, result) in cache.steps(start, stop) {
            if !on_lattice(t) {
                continue;
            }
            if fresh.binary_search(&t).is_err() {
                self.annotations
                    .borrow_mut()
                    .extend(result.annotations.iter().cloned());
            }
            for (id, v, h, mark) in &result.samples {
                let slot = &mut index[*id as usize];
                if *slot == usize::MAX {
                    *slot = order.len();
                    order.push(RangeSeries {
                        labels: cache.labels(*id).clone().marked(*mark),
                        points: Vec::new(),
                        hpoints: Vec::new(),
                    });
                }
                push_step(&mut order[*slot], t, *v, h.clone(), sq)?;
            }
        }
        match failed {
            Some((_, e)) => Err(e),
            None => Ok(order),
        }
    }
}

/// Adds a subquery step's sample to its series; one series twice in a step
/// is Prometheus' duplicate label set error.
fn push_step(s: &mut RangeSeries, t: i64, v: f64, h: Option<Hist>, sq: &Subquery) -> R<()> {
    if s.points.last().is_some_and(|p| p.0 == t) || s.hpoints.last().is_some_and(|p| p.0 == t) {
        return Err(EvalError::new(
            sq.expr.span,
            "vector cannot contain metrics with the same labelset",
        ));
    }
    match h {
        Some(h) => s.hpoints.push((t, subquery_hint(h))),
        None => s.points.push((t, v)),
    }
    Ok(())
}

fn matches(m: &Matcher, re: Option<&regex::Regex>, value: &str) -> bool {
    match m.op {
        MatchOp::Equal => value == m.value.value,
        MatchOp::NotEqual => value != m.value.value,
        MatchOp::Regex => re.is_some_and(|r| r.is_match(value)),
        MatchOp::NotRegex => re.is_some_and(|r| !r.is_match(value)),
    }
}

/// `@ 123.456` in milliseconds, rounded as Prometheus does.
fn at_millis(seconds: f64) -> i64 {
    go_f64_to_i64((seconds * 1000.0).round())
}

/// Go's float64 → int64 conversion as amd64 performs it: truncation, and
/// the minimum value for NaN and out-of-range inputs.
pub(super) fn go_f64_to_i64(v: f64) -> i64 {
    if v.is_nan() || !(i64::MIN as f64..i64::MAX as f64).contains(&v) {
        i64::MIN
    } else {
        v as i64
    }
}

/// Histogram samples with `mint < t <= maxt` (stale markers are floats).
pub(super) fn hwindow(samples: &[(i64, Hist)], mint: i64, maxt: i64) -> Vec<(i64, Hist)> {
    let lo = samples.partition_point(|p| p.0 <= mint);
    let hi = samples.partition_point(|p| p.0 <= maxt);
    samples[lo..hi.max(lo)].to_vec()
}

/// A subquery forgets the "reset"/"not reset" hints: its steps may skip or
/// repeat samples, so they no longer say anything.
fn subquery_hint(h: Hist) -> Hist {
    use super::histogram::Hint;
    match h.hint {
        Hint::Reset | Hint::NotReset => {
            let mut c = (*h).clone();
            c.hint = Hint::Unknown;
            std::sync::Arc::new(c)
        }
        _ => h,
    }
}

/// Samples with `mint < t <= maxt`, stale markers dropped.
pub(super) fn window(samples: &[(i64, f64)], mint: i64, maxt: i64) -> Vec<(i64, f64)> {
    let lo = samples.partition_point(|p| p.0 <= mint);
    let hi = samples.partition_point(|p| p.0 <= maxt);
    samples[lo..hi.max(lo)]
        .iter()
        .filter(|p| !is_stale(p.1))
        .copied()
        .collect()
}

/// Linear interpolation at `t` between two points; for counters a drop
/// means a reset, so the line starts from zero.
pub(super) fn interpolate(p1: (i64, f64), p2: (i64, f64), t: i64, counter: bool) -> f64 {
    let mut y1 = p1.1;
    let y2 = p2.1;
    if counter && y2 < y1 {
        y1 = 0.0;
    }
    y1 + (y2 - y1) * t.wrapping_sub(p1.0) as f64 / p2.0.wrapping_sub(p1.0) as f64
}

/// Go's `sort.Search(n, f)`.
pub(super) fn search(n: usize, f: impl Fn(usize) -> bool) -> usize {
    let (mut i, mut j) = (0usize, n);
    while i < j {
        let h = (i + j) / 2;
        if !f(h) {
            i = h + 1;
        } else {
            j = h;
        }
    }
    i
}

/// The samples of an anchored or smoothed range: a point at each boundary
/// (the sample at or before the start, or interpolated with `smoothed`),
/// and the samples strictly inside.
fn extend(f: &[(i64, f64)], mint: i64, maxt: i64, smoothed: bool) -> Vec<(i64, f64)> {
    if f.is_empty() {
        return Vec::new();
    }
    let mut last = f.len() - 1;
    let mut first = search(last, |i| f[i].0 > mint).saturating_sub(1);
    if smoothed {
        last = search(last, |i| f[i].0 >= maxt);
    }
    if f[last].0 <= mint {
        return Vec::new();
    }
    let left = if smoothed && f[first].0 < mint && first + 1 < f.len() {
        interpolate(f[first], f[first + 1], mint, false)
    } else {
        f[first].1
    };
    let right = if smoothed && last > 0 && f[last].0 > maxt {
        interpolate(f[last - 1], f[last], maxt, false)
    } else {
        f[last].1
    };
    if f[first].0 <= mint {
        first += 1;
    }
    let mut last_inner = last as isize;
    if f[last].0 >= maxt {
        last_inner -= 1;
    }
    let mut out = vec![(mint, left)];
    if last_inner >= first as isize {
        out.extend_from_slice(&f[first..=last_inner as usize]);
    }
    out.push((maxt, right));
    out
}

/// The end of a query (Prometheus' `cleanupMetricLabels`): marked samples
/// lose their name now, and the result must still be unique.
fn finish_vector(v: Vec<Sample>, span: Span) -> R<Vec<Sample>> {
    if !v.iter().any(|s| s.labels.name_to_drop()) {
        return Ok(v);
    }
    let v: Vec<Sample> = v
        .into_iter()
        .map(|s| Sample {
            labels: s.labels.finish_name_removal(),
            ..s
        })
        .collect();
    check_unique(&v, span)?;
    Ok(v)
}

/// The end of a query returning a range vector: marked series lose their
/// name, and series that end up with one label set are merged unless they
/// have samples at the same time.
fn finish_matrix(m: Vec<RangeSeries>, span: Span) -> R<Vec<RangeSeries>> {
    if !m.iter().any(|s| s.labels.name_to_drop()) {
        return Ok(m);
    }
    let mut out: Vec<RangeSeries> = Vec::with_capacity(m.len());
    let mut index: HashMap<Labels, usize> = HashMap::new();
    for s in m {
        let labels = s.labels.finish_name_removal();
        match index.get(&labels) {
            None => {
                index.insert(labels.clone(), out.len());
                out.push(RangeSeries { labels, ..s });
            }
            Some(&i) => {
                let merged = &mut out[i];
                merged.points.extend(s.points);
                merged.hpoints.extend(s.hpoints);
                merged.points.sort_by_key(|p| p.0);
                merged.hpoints.sort_by_key(|p| p.0);
                let dup_f = merged.points.windows(2).any(|w| w[0].0 == w[1].0);
                let dup_h = merged.hpoints.windows(2).any(|w| w[0].0 == w[1].0);
                if dup_f || dup_h {
                    return Err(EvalError::new(
                        span,
                        "vector cannot contain metrics with the same labelset",
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Prometheus' check that a result has no two series with one label set.
pub(super) fn check_unique(v: &[Sample], span: crate::source::Span) -> R<()> {
    if v.len() < 2 {
        return Ok(());
    }
    let mut seen = HashSet::with_capacity(v.len());
    for s in v {
        if !seen.insert(&s.labels) {
            return Err(EvalError::new(
                span,
                "vector cannot contain metrics with the same labelset",
            ));
        }
    }
    Ok(())
}
