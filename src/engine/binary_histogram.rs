//! Binary operators where one operand is a native histogram: which operand
//! types each operator accepts (Prometheus' `vectorElemBinop`), the
//! histogram arithmetic it does, and what it notes when it drops a sample.
//!
//! Accepted: `histogram + histogram`, `histogram - histogram` (the result is
//! a gauge), `histogram * float`, `float * histogram`, `histogram / float`,
//! and `==`/`!=` between histograms (exact equality; the left histogram is
//! the result). Every other combination drops the pair with an info
//! annotation naming the operand types.

use super::eval::Evaluator;
use super::histogram::FloatHistogram;
use super::*;
use crate::promql::ast::BinaryOp;
use std::sync::Arc;

/// Something an element operation notes beside (or instead of) its result,
/// as Prometheus returns it in its `info` and `err` results.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Note {
    Annotation(AnnotationLevel, String),
    /// Exponential and custom-bucket histograms cannot be added; Prometheus
    /// turns this error into a warning naming the operator.
    IncompatibleLayout,
}

impl Note {
    fn is_warning(&self) -> bool {
        matches!(self, Note::Annotation(AnnotationLevel::Warning, _))
    }

    /// Reports the note as Prometheus' `handleVectorBinopError` does.
    pub(super) fn annotate(self, ev: &Evaluator, op: BinaryOp, span: crate::source::Span) {
        match self {
            Note::Annotation(level, message) => ev.annotate(level, span, message),
            Note::IncompatibleLayout => ev.annotate(
                AnnotationLevel::Warning,
                span,
                format!(
                    "incompatible bucket layout encountered for binary operator {}",
                    op.as_str()
                ),
            ),
        }
    }
}

/// The outcome of one element operation: a float or histogram value,
/// whether a filtering operator keeps the element, and the notes.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Outcome {
    pub v: f64,
    pub h: Option<Hist>,
    pub keep: bool,
    /// Noted while the result stands (reconciled custom buckets).
    pub info: Option<Note>,
    /// Noted when the pair cannot be combined (then there is no result),
    /// or a counter-reset collision (a result Prometheus drops all the
    /// same between vectors).
    pub err: Option<Note>,
}

impl Outcome {
    pub(super) fn float(v: f64, keep: bool) -> Outcome {
        Outcome {
            v,
            h: None,
            keep,
            info: None,
            err: None,
        }
    }

    fn hist(h: FloatHistogram) -> Outcome {
        Outcome {
            v: 0.0,
            h: Some(Arc::new(h)),
            keep: true,
            info: None,
            err: None,
        }
    }

    fn dropped(note: Note) -> Outcome {
        Outcome {
            v: 0.0,
            h: None,
            keep: false,
            info: None,
            err: Some(note),
        }
    }

    /// Whether a vector-scalar operation drops the element: every note of
    /// `err` except a warning.
    pub(super) fn dropped_by_scalar_op(&self) -> bool {
        self.err.as_ref().is_some_and(|n| !n.is_warning())
    }
}

fn type_name(h: Option<&Hist>) -> &'static str {
    if h.is_some() {
        "histogram"
    } else {
        "float"
    }
}

/// Prometheus' `IncompatibleTypesInBinOpInfo`.
fn incompatible_types(op: BinaryOp, l: Option<&Hist>, r: Option<&Hist>) -> Note {
    let op = op.as_str();
    Note::Annotation(
        AnnotationLevel::Info,
        format!(
            "incompatible sample types encountered for binary operator \"{op}\": {} {op} {}",
            type_name(l),
            type_name(r)
        ),
    )
}

/// `(value, histogram)` of an element pair where at least one side is a
/// histogram; `l` and `r` are the float values (0 for a histogram).
pub(super) fn elem_op(
    op: BinaryOp,
    l: f64,
    r: f64,
    hl: Option<&Hist>,
    hr: Option<&Hist>,
) -> Outcome {
    match (hl, hr) {
        (Some(h), None) if op.is_trim() => {
            Outcome::hist(super::trim::trim(h, r, op == BinaryOp::TrimUpper))
        }
        (None, Some(h)) if op == BinaryOp::Mul => Outcome::hist(scaled(h, |h| h.mul(l))),
        (Some(h), None) if op == BinaryOp::Mul => Outcome::hist(scaled(h, |h| h.mul(r))),
        (Some(h), None) if op == BinaryOp::Div => Outcome::hist(scaled(h, |h| h.div(r))),
        (Some(a), Some(b)) if matches!(op, BinaryOp::Add | BinaryOp::Sub) => add_or_sub(op, a, b),
        (Some(a), Some(b)) if matches!(op, BinaryOp::Eql | BinaryOp::Neq) => {
            let equal = equals(a, b);
            Outcome {
                v: 0.0,
                h: Some(a.clone()),
                keep: equal == (op == BinaryOp::Eql),
                info: None,
                err: None,
            }
        }
        _ => Outcome::dropped(incompatible_types(op, hl, hr)),
    }
}

fn scaled(h: &Hist, f: impl FnOnce(&mut FloatHistogram)) -> FloatHistogram {
    let mut h = (**h).clone();
    f(&mut h);
    h.compact();
    h
}

fn add_or_sub(op: BinaryOp, a: &Hist, b: &Hist) -> Outcome {
    let sub = op == BinaryOp::Sub;
    let mut res = (**a).clone();
    let Ok((collision, reconciled)) = res.add(b, sub) else {
        return Outcome::dropped(Note::IncompatibleLayout);
    };
    if sub {
        res.hint = histogram::Hint::Gauge;
    }
    res.compact();
    let operation = if sub { "subtraction" } else { "addition" };
    let mut out = Outcome::hist(res);
    if collision {
        out.err = Some(Note::Annotation(
            AnnotationLevel::Warning,
            format!("conflicting counter resets during histogram {operation}"),
        ));
    }
    if reconciled {
        out.info = Some(Note::Annotation(
            AnnotationLevel::Info,
            format!("mismatched custom buckets were reconciled during {operation}"),
        ));
    }
    out
}

/// Prometheus' `FloatHistogram.Equals`: the same layout and bit-identical
/// counts; the counter-reset hint does not count.
pub(super) fn equals(a: &FloatHistogram, b: &FloatHistogram) -> bool {
    let same = |x: f64, y: f64| x.to_bits() == y.to_bits();
    let same_buckets = |x: &std::collections::BTreeMap<i32, f64>,
                        y: &std::collections::BTreeMap<i32, f64>| {
        x.len() == y.len()
            && x.iter()
                .zip(y.iter())
                .all(|((i, v), (j, w))| i == j && same(*v, *w))
    };
    a.schema == b.schema
        && same(a.count, b.count)
        && same(a.sum, b.sum)
        && (!a.uses_custom_buckets() || a.custom_values == b.custom_values)
        && a.zero_threshold == b.zero_threshold
        && same(a.zero_count, b.zero_count)
        && same_buckets(&a.negative, &b.negative)
        && same_buckets(&a.positive, &b.positive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use histogram::Hint;

    fn h(count: f64, pos: &[(i32, f64)]) -> Hist {
        Arc::new(FloatHistogram {
            count,
            sum: count,
            positive: pos.iter().copied().collect(),
            ..Default::default()
        })
    }

    fn custom(bounds: &[f64], pos: &[(i32, f64)]) -> Hist {
        Arc::new(FloatHistogram {
            schema: histogram::CUSTOM_BUCKETS_SCHEMA,
            count: 1.0,
            sum: 1.0,
            custom_values: bounds.to_vec(),
            positive: pos.iter().copied().collect(),
            ..Default::default()
        })
    }

    #[test]
    fn scaling_by_a_float_on_either_side() {
        let x = h(2.0, &[(0, 2.0)]);
        let out = elem_op(BinaryOp::Mul, 3.0, 0.0, None, Some(&x));
        assert_eq!(out.h.as_ref().unwrap().count, 6.0);
        let out = elem_op(BinaryOp::Div, 0.0, -2.0, Some(&x), None);
        let res = out.h.unwrap();
        assert_eq!((res.count, res.hint), (-1.0, Hint::Gauge));
        // A factor of 0 empties every bucket; they are compacted away.
        let out = elem_op(BinaryOp::Mul, 0.0, 0.0, Some(&x), None);
        assert!(out.h.unwrap().positive.is_empty());
    }

    #[test]
    fn other_type_combinations_are_dropped_with_their_types() {
        let x = h(2.0, &[(0, 2.0)]);
        let out = elem_op(BinaryOp::Div, 1.0, 0.0, None, Some(&x));
        assert!(!out.keep && out.h.is_none());
        assert_eq!(
            out.err,
            Some(Note::Annotation(
                AnnotationLevel::Info,
                "incompatible sample types encountered for binary operator \"/\": float / histogram"
                    .into()
            ))
        );
        assert!(out.dropped_by_scalar_op());
        for op in [BinaryOp::Gtr, BinaryOp::Pow, BinaryOp::Mul, BinaryOp::Atan2] {
            let out = elem_op(op, 0.0, 0.0, Some(&x), Some(&x));
            assert!(out.err.is_some(), "{op:?}");
        }
    }

    #[test]
    fn subtraction_gives_a_gauge_and_reconciles_custom_bounds() {
        let a = custom(&[5.0, 10.0], &[(0, 1.0)]);
        let b = custom(&[5.0], &[(0, 1.0)]);
        let out = elem_op(BinaryOp::Sub, 0.0, 0.0, Some(&a), Some(&b));
        let res = out.h.unwrap();
        assert_eq!(res.hint, Hint::Gauge);
        assert_eq!(res.custom_values, vec![5.0]);
        assert!(res.positive.is_empty());
        assert_eq!(
            out.info,
            Some(Note::Annotation(
                AnnotationLevel::Info,
                "mismatched custom buckets were reconciled during subtraction".into()
            ))
        );
        let exp = h(1.0, &[]);
        let out = elem_op(BinaryOp::Add, 0.0, 0.0, Some(&a), Some(&exp));
        assert_eq!(out.err, Some(Note::IncompatibleLayout));
    }

    #[test]
    fn colliding_hints_are_a_warning() {
        let mut a = (*h(1.0, &[])).clone();
        a.hint = Hint::Reset;
        let mut b = a.clone();
        b.hint = Hint::NotReset;
        let out = elem_op(
            BinaryOp::Add,
            0.0,
            0.0,
            Some(&Arc::new(a)),
            Some(&Arc::new(b)),
        );
        assert_eq!(out.h.unwrap().hint, Hint::Unknown);
        assert!(matches!(
            out.err,
            Some(Note::Annotation(AnnotationLevel::Warning, _))
        ));
    }

    #[test]
    fn equality_is_exact_and_ignores_the_hint() {
        let a = h(2.0, &[(0, 2.0)]);
        let mut b = (*a).clone();
        b.hint = Hint::NotReset;
        assert!(equals(&a, &b));
        b.positive.insert(1, 0.0);
        assert!(!equals(&a, &b), "an empty bucket is part of the layout");
        let out = elem_op(
            BinaryOp::Neq,
            0.0,
            0.0,
            Some(&a),
            Some(&h(2.0, &[(1, 2.0)])),
        );
        assert!(out.keep);
        assert_eq!(out.h, Some(a));
    }
}
