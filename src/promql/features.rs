//! Syntax that Prometheus 3.x accepts only behind `--enable-feature=...`.
//! The parser accepts all of it; this finds where an expression uses it.

use super::ast::*;
use super::functions;
use crate::source::Span;

/// A use of syntax that Prometheus 3.x only accepts behind a feature flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeatureUse {
    pub span: Span,
    /// What is used, e.g. "the function `info`".
    pub what: String,
    /// The `--enable-feature` value Prometheus needs.
    pub flag: &'static str,
}

pub const EXPERIMENTAL_FUNCTIONS: &str = "promql-experimental-functions";
pub const DURATION_EXPR: &str = "promql-duration-expr";
pub const EXTENDED_RANGE_SELECTORS: &str = "promql-extended-range-selectors";
pub const BINOP_FILL_MODIFIERS: &str = "promql-binop-fill-modifiers";

/// Every use of flagged syntax, in source order.
pub fn experimental_features(expr: &Expr) -> Vec<FeatureUse> {
    let mut out = Vec::new();
    expr.walk(&mut |e| match &e.kind {
        ExprKind::Call(c) if functions::lookup(&c.func.value).is_some_and(|f| f.experimental) => {
            out.push(FeatureUse {
                span: c.func.span,
                what: format!("the function `{}`", c.func.value),
                flag: EXPERIMENTAL_FUNCTIONS,
            });
        }
        ExprKind::Aggregate(a) if a.op.is_experimental() => out.push(FeatureUse {
            span: a.op_span,
            what: format!("the aggregation `{}`", a.op.as_str()),
            flag: EXPERIMENTAL_FUNCTIONS,
        }),
        ExprKind::Vector(vs) => {
            selector(e.span, vs, &mut out);
        }
        ExprKind::Matrix(m) => {
            duration(&m.range, "range", &mut out);
            mode(m.mode, e.span, &mut out);
        }
        ExprKind::Subquery(s) => {
            duration(&s.range, "subquery range", &mut out);
            if let Some(step) = &s.step {
                duration(step, "subquery step", &mut out);
            }
            if let Some(o) = &s.offset {
                duration(&o.duration, "offset", &mut out);
            }
        }
        ExprKind::Binary(b) => {
            if let Some(f) = b.matching.as_ref().and_then(|m| m.fill.as_ref()) {
                out.push(FeatureUse {
                    span: f.span,
                    what: "a fill modifier on a binary operator".into(),
                    flag: BINOP_FILL_MODIFIERS,
                });
            }
        }
        _ => {}
    });
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

fn selector(span: Span, vs: &VectorSelector, out: &mut Vec<FeatureUse>) {
    if let Some(o) = &vs.offset {
        duration(&o.duration, "offset", out);
    }
    mode(vs.mode, span, out);
}

fn mode(m: RangeMode, span: Span, out: &mut Vec<FeatureUse>) {
    let what = match m {
        RangeMode::Default => return,
        RangeMode::Anchored => "the `anchored` modifier",
        RangeMode::Smoothed => "the `smoothed` modifier",
    };
    out.push(FeatureUse {
        span,
        what: what.into(),
        flag: EXTENDED_RANGE_SELECTORS,
    });
}

fn duration(d: &DurationExpr, place: &str, out: &mut Vec<FeatureUse>) {
    if !d.is_literal() {
        out.push(FeatureUse {
            span: d.span(),
            what: format!("a duration expression as {place}"),
            flag: DURATION_EXPR,
        });
    }
}
