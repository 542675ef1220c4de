//! The experimental `info()` function: adds data labels of info series
//! (by default `target_info`) to the series that share their identifying
//! labels `instance` and `job`.

use super::eval::{check_unique, Evaluator, Val, R};
use super::labels::{Labels, METRIC_NAME};
use super::*;
use crate::promql::ast::*;
use std::collections::{HashMap, HashSet};

const TARGET_INFO: &str = "target_info";
const IDENTIFYING: [&str; 2] = ["instance", "job"];

/// A label matcher of the data-label selector, compiled.
struct DataMatcher {
    name: String,
    op: MatchOp,
    value: String,
    re: Option<regex::Regex>,
}

impl DataMatcher {
    fn matches(&self, v: &str) -> bool {
        match self.op {
            MatchOp::Equal => v == self.value,
            MatchOp::NotEqual => v != self.value,
            MatchOp::Regex => self.re.as_ref().is_some_and(|r| r.is_match(v)),
            MatchOp::NotRegex => self.re.as_ref().is_some_and(|r| !r.is_match(v)),
        }
    }
}

pub(super) fn info(ev: &Evaluator, e: &Expr, args: &[Expr], ts: i64) -> R<Val> {
    let Some(first) = args.first() else {
        return Err(EvalError::new(e.span, "missing function argument"));
    };
    let base = ev.eval_vector(first, ts)?;
    let mut data: Vec<DataMatcher> = Vec::new();
    if let Some(sel) = args.get(1) {
        let ExprKind::Vector(vs) = &sel.unparen().kind else {
            return Err(EvalError::new(sel.span, "expected a label selector"));
        };
        if let Some(n) = &vs.name {
            data.push(DataMatcher {
                name: METRIC_NAME.into(),
                op: MatchOp::Equal,
                value: n.value.clone(),
                re: None,
            });
        }
        for m in &vs.matchers {
            let re = match m.op {
                MatchOp::Regex | MatchOp::NotRegex => Some(ev.regex(&m.value.value, m.value_span)?),
                _ => None,
            };
            data.push(DataMatcher {
                name: m.name.value.clone(),
                op: m.op,
                value: m.value.value.clone(),
                re,
            });
        }
    }
    let name_matchers: Vec<&DataMatcher> = data.iter().filter(|m| m.name == METRIC_NAME).collect();
    let target_info = DataMatcher {
        name: METRIC_NAME.into(),
        op: MatchOp::Equal,
        value: TARGET_INFO.into(),
        re: None,
    };
    let any_info = DataMatcher {
        name: METRIC_NAME.into(),
        op: MatchOp::Regex,
        value: ".+_info".into(),
        re: Some(ev.regex(".+_info", e.span)?),
    };
    // Prometheus' effective name matchers: the selector's own when one of
    // them is `=` or `=~`; negative ones alone imply `__name__=~".+_info"`;
    // none select `target_info`.
    let effective: Vec<&DataMatcher> = if name_matchers
        .iter()
        .any(|m| matches!(m.op, MatchOp::Equal | MatchOp::Regex))
    {
        name_matchers.clone()
    } else if !name_matchers.is_empty() {
        std::iter::once(&any_info)
            .chain(name_matchers.iter().copied())
            .collect()
    } else {
        vec![&target_info]
    };
    let is_info = |l: &Labels| effective.iter().all(|m| m.matches(l.value(METRIC_NAME)));
    // The info series are read at the time the first argument's selector
    // reads its samples (its `@` and `offset`, and those of enclosing
    // subqueries).
    let info_t = info_time(ev, first, ts)?;

    // Identifying label values of the series to enrich.
    let mut id_values: HashMap<&str, HashSet<String>> = HashMap::new();
    for s in base.iter().filter(|s| !is_info(&s.labels)) {
        for l in IDENTIFYING {
            let v = s.labels.value(l);
            if !v.is_empty() {
                id_values.entry(l).or_default().insert(v.to_string());
            }
        }
    }

    // The info series, each with its sample's own timestamp.
    let mut infos: Vec<(Labels, i64)> = Vec::new();
    if !id_values.is_empty() {
        let lookback = ev.opts.lookback_ms;
        for s in ev.storage.candidates(None) {
            let l = &s.labels;
            let id_ok = id_values.iter().all(|(n, vals)| vals.contains(l.value(n)));
            if !id_ok
                || !effective.iter().all(|m| m.matches(l.value(METRIC_NAME)))
                || !data.iter().all(|m| m.matches(l.value(&m.name)))
            {
                continue;
            }
            let i = s.samples.partition_point(|p| p.0 <= info_t);
            if i == 0 {
                continue;
            }
            let (t, v) = s.samples[i - 1];
            if t <= info_t.saturating_sub(lookback) || is_stale(v) {
                continue;
            }
            infos.push((l.clone(), t));
        }
    }
    let data: Vec<&DataMatcher> = data.iter().filter(|m| m.name != METRIC_NAME).collect();
    let data_names: HashSet<&str> = data.iter().map(|m| m.name.as_str()).collect();

    let sig = |name: &str, l: &Labels| -> Labels {
        let mut s = l.keep(&IDENTIFYING);
        s.set(METRIC_NAME, name);
        s
    };
    let info_names: Vec<String> = {
        let mut v: Vec<String> = infos
            .iter()
            .map(|(l, _)| l.value(METRIC_NAME).to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut by_sig: HashMap<Labels, (Labels, i64)> = HashMap::new();
    for (l, t) in infos {
        let s = sig(l.value(METRIC_NAME), &l);
        match by_sig.get(&s) {
            Some((existing, et)) if *et == t => {
                return Err(EvalError::new(
                    e.span,
                    format!(
                        "found duplicate series for info metric: existing {} @ {}, new {} @ {}",
                        existing.to_prometheus_string(),
                        et,
                        l.to_prometheus_string(),
                        t
                    ),
                ));
            }
            Some((_, et)) if *et > t => {}
            _ => {
                by_sig.insert(s, (l, t));
            }
        }
    }

    let mut out = Vec::with_capacity(base.len());
    for b in base {
        if is_info(&b.labels) {
            out.push(b);
            continue;
        }
        let mut add = Labels::empty();
        let mut seen = 0;
        for name in &info_names {
            let Some((il, _)) = by_sig.get(&sig(name, &b.labels)) else {
                continue;
            };
            for (n, v) in il.iter() {
                if n == METRIC_NAME || (!data_names.is_empty() && !data_names.contains(n)) {
                    continue;
                }
                if let Some(cur) = add.get(n) {
                    if cur != v {
                        return Err(EvalError::new(e.span, format!("conflicting label: {n}")));
                    }
                }
                if b.labels.get(n).is_some() {
                    continue;
                }
                add.set(n, v);
            }
            seen += 1;
        }
        if seen == 0 && !data.iter().all(|m| m.matches("")) {
            continue;
        }
        let mut labels = b.labels;
        for (n, v) in add.iter() {
            labels.set(n, v);
        }
        out.push(Sample {
            h: None,
            labels,
            t: b.t,
            v: b.v,
        });
    }
    check_unique(&out, e.span)?;
    Ok(Val::Vector(out))
}

/// Prometheus' `infoSelectTimestampAndOffset`: the first vector selector of
/// `e` (in syntax-tree order) gives the `@` time and offset; without its own
/// `@`, enclosing subqueries add their offsets until one has an `@`.
fn info_time(ev: &Evaluator, e: &Expr, ts: i64) -> R<i64> {
    fn find<'e>(e: &'e Expr, path: &mut Vec<&'e Subquery>) -> Option<&'e VectorSelector> {
        match &e.kind {
            ExprKind::Vector(vs) => Some(vs),
            ExprKind::Number(_) | ExprKind::String(_) => None,
            ExprKind::Matrix(m) => find(&m.vector, path),
            ExprKind::Subquery(sq) => {
                path.push(sq);
                let r = find(&sq.expr, path);
                if r.is_none() {
                    path.pop();
                }
                r
            }
            ExprKind::Call(c) => c.args.iter().find_map(|a| find(a, path)),
            ExprKind::Aggregate(a) => {
                find(&a.expr, path).or_else(|| a.param.as_deref().and_then(|p| find(p, path)))
            }
            ExprKind::Binary(b) => find(&b.lhs, path).or_else(|| find(&b.rhs, path)),
            ExprKind::Unary(u) => find(&u.expr, path),
            ExprKind::Paren(p) => find(p, path),
        }
    }
    let mut path = Vec::new();
    let Some(vs) = find(e, &mut path) else {
        return Ok(ts);
    };
    let at_ms = |at: &AtModifier| match at {
        AtModifier::Timestamp { seconds, .. } => {
            super::eval::go_f64_to_i64((seconds * 1000.0).round())
        }
        AtModifier::Start { .. } | AtModifier::End { .. } => ev.query_t,
    };
    let off = |o: &Option<Offset>| -> R<i64> {
        match o {
            Some(o) => ev.duration_ms(&o.duration, true),
            None => Ok(0),
        }
    };
    let mut offset = off(&vs.offset)?;
    let mut at = vs.at.as_ref().map(at_ms);
    for sq in path.iter().rev() {
        if at.is_some() {
            break;
        }
        offset = offset.saturating_add(off(&sq.offset)?);
        at = sq.at.as_ref().map(at_ms);
    }
    Ok(at.unwrap_or(ts).saturating_sub(offset))
}
