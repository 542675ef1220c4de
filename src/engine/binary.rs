//! Binary operators: arithmetic, comparisons (with and without `bool`),
//! set operators, vector matching and the experimental fill modifiers.

use super::binary_histogram::{self, Note, Outcome};
use super::eval::{check_unique, Evaluator, Val, R};
use super::labels::{Labels, METRIC_NAME};
use super::*;
use crate::promql::ast::*;
use std::collections::{HashMap, HashSet};

pub(super) fn eval(ev: &Evaluator, e: &Expr, b: &Binary, ts: i64) -> R<Val> {
    if b.op.is_trim() {
        return super::trim::eval(ev, e, b, ts);
    }
    let lhs = ev.eval(&b.lhs, ts)?;
    let rhs = ev.eval(&b.rhs, ts)?;
    match (lhs, rhs) {
        (Val::Scalar(l), Val::Scalar(r)) => Ok(Val::Scalar(scalar_op(b.op, l, r))),
        (Val::Vector(l), Val::Scalar(r)) => {
            let out = vector_scalar(ev, b, l, r, false, e.span);
            check_unique(&out, e.span)?;
            Ok(Val::Vector(out))
        }
        (Val::Scalar(l), Val::Vector(r)) => {
            let out = vector_scalar(ev, b, r, l, true, e.span);
            check_unique(&out, e.span)?;
            Ok(Val::Vector(out))
        }
        (Val::Vector(l), Val::Vector(r)) => {
            let default = implicit_matching(b.op);
            let m = b.matching.as_ref().unwrap_or(&default);
            let out = if b.op.is_set() {
                set_op(b.op, l, r, m)
            } else {
                vector_vector(ev, b, l, r, m, e)?
            };
            check_unique(&out, e.span)?;
            Ok(Val::Vector(out))
        }
        _ => Err(EvalError::new(
            e.span,
            format!(
                "operator {} needs scalar or instant vector operands",
                b.op.as_str()
            ),
        )),
    }
}

/// The matching of an operator written without `on`/`ignoring`: all
/// labels, many-to-many for the set operators, else one-to-one.
pub(super) fn implicit_matching(op: BinaryOp) -> VectorMatching {
    VectorMatching {
        card: if op.is_set() {
            Cardinality::ManyToMany
        } else {
            Cardinality::OneToOne
        },
        on: None,
        labels: Vec::new(),
        labels_span: None,
        include: Vec::new(),
        group_span: None,
        fill: None,
    }
}

fn btos(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// Arithmetic as Go computes it (`%` is `math.Mod`, `^` is `math.Pow`).
fn arith(op: BinaryOp, l: f64, r: f64) -> f64 {
    match op {
        BinaryOp::Add => l + r,
        BinaryOp::Sub => l - r,
        BinaryOp::Mul => l * r,
        BinaryOp::Div => l / r,
        BinaryOp::Pow => super::num::go_pow(l, r),
        BinaryOp::Mod => l % r,
        BinaryOp::Atan2 => super::gomath::atan2(l, r),
        _ => f64::NAN,
    }
}

fn compare(op: BinaryOp, l: f64, r: f64) -> bool {
    match op {
        BinaryOp::Eql => l == r,
        BinaryOp::Neq => l != r,
        BinaryOp::Gtr => l > r,
        BinaryOp::Lss => l < r,
        BinaryOp::Gte => l >= r,
        BinaryOp::Lte => l <= r,
        _ => false,
    }
}

fn scalar_op(op: BinaryOp, l: f64, r: f64) -> f64 {
    if op.is_comparison() {
        btos(compare(op, l, r))
    } else {
        arith(op, l, r)
    }
}

/// `(value, keep)` of one element pair, as Prometheus' `vectorElemBinop`.
fn elem_op(op: BinaryOp, l: f64, r: f64) -> (f64, bool) {
    if op.is_comparison() {
        (l, compare(op, l, r))
    } else {
        (arith(op, l, r), true)
    }
}

/// Arithmetic drops the metric name; comparisons, set and trim operators
/// keep it.
fn changes_metric_schema(op: BinaryOp) -> bool {
    !op.is_comparison() && !op.is_set() && !op.is_trim()
}

fn vector_scalar(
    ev: &Evaluator,
    b: &Binary,
    vec: Vec<Sample>,
    scalar: f64,
    swap: bool,
    span: crate::source::Span,
) -> Vec<Sample> {
    let mut out = Vec::with_capacity(vec.len());
    let mut last_note = None;
    for mut s in vec {
        let (l, r) = if swap { (scalar, s.v) } else { (s.v, scalar) };
        let res = match &s.h {
            None => {
                let (v, keep) = elem_op(b.op, l, r);
                Outcome::float(v, keep)
            }
            Some(h) => {
                let (hl, hr) = if swap {
                    (None, Some(h))
                } else {
                    (Some(h), None)
                };
                binary_histogram::elem_op(b.op, l, r, hl, hr)
            }
        };
        if res.dropped_by_scalar_op() {
            last_note = res.err;
            continue;
        }
        let (mut v, mut keep) = (res.v, res.keep);
        let mut h = res.h;
        // A comparison keeps the vector's value even when it is on the right.
        if b.op.is_comparison() && swap {
            v = r;
            h = s.h.clone();
        }
        if b.return_bool {
            v = btos(keep);
            keep = true;
        }
        if keep {
            s.v = v;
            s.h = if b.return_bool { None } else { h };
            if changes_metric_schema(b.op) || b.return_bool {
                s.labels = ev.drop_name(&s.labels);
            }
            out.push(s);
        }
    }
    if let Some(note) = last_note {
        note.annotate(ev, b.op, span);
    }
    out
}

/// The labels two series are matched on.
pub(super) fn signature(l: &Labels, m: &VectorMatching) -> Labels {
    let names: Vec<&str> = m.labels.iter().map(|n| n.value.as_str()).collect();
    if m.on == Some(true) {
        l.keep(&names)
    } else {
        let mut names = names;
        names.push(METRIC_NAME);
        l.drop(&names)
    }
}

fn set_op(op: BinaryOp, lhs: Vec<Sample>, rhs: Vec<Sample>, m: &VectorMatching) -> Vec<Sample> {
    match op {
        BinaryOp::And => {
            if lhs.is_empty() || rhs.is_empty() {
                return Vec::new();
            }
            let right: HashSet<Labels> = rhs.iter().map(|s| signature(&s.labels, m)).collect();
            lhs.into_iter()
                .filter(|s| right.contains(&signature(&s.labels, m)))
                .collect()
        }
        BinaryOp::Or => {
            if lhs.is_empty() {
                return rhs;
            }
            if rhs.is_empty() {
                return lhs;
            }
            let left: HashSet<Labels> = lhs.iter().map(|s| signature(&s.labels, m)).collect();
            let mut out = lhs;
            out.extend(
                rhs.into_iter()
                    .filter(|s| !left.contains(&signature(&s.labels, m))),
            );
            out
        }
        _ => {
            if lhs.is_empty() || rhs.is_empty() {
                return lhs;
            }
            let right: HashSet<Labels> = rhs.iter().map(|s| signature(&s.labels, m)).collect();
            lhs.into_iter()
                .filter(|s| !right.contains(&signature(&s.labels, m)))
                .collect()
        }
    }
}

/// Prometheus' `Labels.MatchLabels`: the labels a match group is named by.
fn match_labels(l: &Labels, m: &VectorMatching) -> Labels {
    signature(l, m)
}

pub(super) fn vector_vector(
    ev: &Evaluator,
    b: &Binary,
    lhs: Vec<Sample>,
    rhs: Vec<Sample>,
    m: &VectorMatching,
    e: &Expr,
) -> R<Vec<Sample>> {
    let fill_rhs = m.fill.as_ref().and_then(|f| f.right);
    let fill_lhs = m.fill.as_ref().and_then(|f| f.left);
    if (lhs.is_empty() && rhs.is_empty())
        || ((lhs.is_empty() || rhs.is_empty()) && fill_rhs.is_none() && fill_lhs.is_none())
    {
        return Ok(Vec::new());
    }
    let one_to_many = m.card == Cardinality::OneToMany;
    let (many, one) = if one_to_many { (rhs, lhs) } else { (lhs, rhs) };

    // The "one" side by match group; a second series in a group is an error.
    let mut right: HashMap<Labels, usize> = HashMap::with_capacity(one.len());
    let mut right_order: Vec<Labels> = Vec::with_capacity(one.len());
    for (i, s) in one.iter().enumerate() {
        let sig = signature(&s.labels, m);
        if let Some(&j) = right.get(&sig) {
            let side = if one_to_many { "left" } else { "right" };
            // Ordered, so that the message is the same from run to run.
            let (mut a, mut z) = (
                s.labels.to_prometheus_string(),
                one[j].labels.to_prometheus_string(),
            );
            if a > z {
                std::mem::swap(&mut a, &mut z);
            }
            return Err(EvalError::new(
                e.span,
                format!(
                    "found duplicate series for the match group {} on the {side} hand-side of the operation: [{a}, {z}];many-to-many matching not allowed: matching labels must be unique on one side",
                    match_labels(&s.labels, m).to_prometheus_string(),
                ),
            ));
        }
        right.insert(sig.clone(), i);
        right_order.push(sig);
    }

    let mut matched: HashMap<Labels, Option<HashSet<Labels>>> = HashMap::new();
    let mut out = Vec::new();
    type Matched = HashMap<Labels, Option<HashSet<Labels>>>;
    let mut last_note: Option<Note> = None;
    let do_op = |ls: &Sample,
                 rs: &Sample,
                 sig: Labels,
                 out: &mut Vec<Sample>,
                 matched: &mut Matched,
                 last_note: &mut Option<Note>|
     -> R<()> {
        let (fl, fr, hl, hr) = if one_to_many {
            (rs.v, ls.v, rs.h.as_ref(), ls.h.as_ref())
        } else {
            (ls.v, rs.v, ls.h.as_ref(), rs.h.as_ref())
        };
        let res = if hl.is_none() && hr.is_none() && !b.op.is_trim() {
            let (v, keep) = elem_op(b.op, fl, fr);
            Outcome::float(v, keep)
        } else {
            binary_histogram::elem_op(b.op, fl, fr, hl, hr)
        };
        // Prometheus keeps the last note of the operation, and drops the
        // pair on an error (even a counter-reset collision's warning).
        if let Some(note) = res.err {
            *last_note = Some(note);
            return Ok(());
        }
        if let Some(note) = res.info {
            *last_note = Some(note);
        }
        let keep = res.keep;
        let (mut v, mut h) = (res.v, res.h);
        if b.return_bool {
            v = btos(keep);
            h = None;
        }
        let mut metric = result_metric(&ls.labels, &rs.labels, b.op, m);
        // Only `bool` marks the result (Prometheus' `DropName: returnBool`).
        metric = match b.return_bool {
            true => ev.drop_name(&metric),
            false => metric.marked(false),
        };
        if m.card == Cardinality::OneToOne {
            if matched.contains_key(&sig) {
                return Err(EvalError::new(
                    e.span,
                    "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
                ));
            }
            matched.insert(sig, None);
        } else {
            let set = matched.entry(sig).or_insert_with(|| Some(HashSet::new()));
            if let Some(set) = set {
                if !set.insert(metric.clone()) {
                    return Err(EvalError::new(
                        e.span,
                        "multiple matches for labels: grouping labels must ensure unique matches",
                    ));
                }
            }
        }
        if !keep && !b.return_bool {
            return Ok(());
        }
        out.push(Sample {
            h,
            labels: metric,
            t: ls.t,
            v,
        });
        Ok(())
    };

    for ls in &many {
        let sig = signature(&ls.labels, m);
        let rs = match right.get(&sig) {
            Some(&j) => one[j].clone(),
            None => match fill_rhs {
                Some(f) => Sample {
                    h: None,
                    labels: match_labels(&ls.labels, m),
                    t: ls.t,
                    v: f,
                },
                None => continue,
            },
        };
        do_op(ls, &rs, sig, &mut out, &mut matched, &mut last_note)?;
    }
    if let Some(f) = fill_lhs {
        for sig in right_order {
            if matched.contains_key(&sig) {
                continue;
            }
            let rs = &one[right[&sig]];
            let ls = Sample {
                h: None,
                labels: match_labels(&rs.labels, m),
                t: rs.t,
                v: f,
            };
            do_op(&ls, rs, sig, &mut out, &mut matched, &mut last_note)?;
        }
    }
    if let Some(note) = last_note {
        note.annotate(ev, b.op, e.span);
    }
    Ok(out)
}

/// The labels of a result element (Prometheus' `resultMetric`).
pub(super) fn result_metric(
    lhs: &Labels,
    rhs: &Labels,
    op: BinaryOp,
    m: &VectorMatching,
) -> Labels {
    let mut l = if changes_metric_schema(op) {
        lhs.without_name()
    } else {
        lhs.clone()
    };
    let names: Vec<&str> = m.labels.iter().map(|n| n.value.as_str()).collect();
    if m.card == Cardinality::OneToOne {
        l = if m.on == Some(true) {
            l.keep(&names)
        } else {
            l.drop(&names)
        };
    }
    for n in &m.include {
        match rhs.get(&n.value) {
            Some(v) => l.set(&n.value, v),
            None => l.remove(&n.value),
        }
    }
    l
}
