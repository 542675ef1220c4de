//! Prometheus' post-parse checks (`checkAST` in promql/parser/parse.go):
//! value types of operands and arguments, and the rules on modifiers.
//! All problems are reported, each on the node it concerns.

use super::ast::*;
use super::functions;
use super::{ErrorKind, PromqlError};
use crate::source::Span;

/// The value type an expression evaluates to.
pub fn type_of(e: &Expr) -> ValueType {
    match &e.kind {
        ExprKind::Number(_) => ValueType::Scalar,
        ExprKind::String(_) => ValueType::String,
        ExprKind::Vector(_) | ExprKind::Aggregate(_) => ValueType::Vector,
        ExprKind::Matrix(_) | ExprKind::Subquery(_) => ValueType::Matrix,
        ExprKind::Call(c) => {
            functions::lookup(&c.func.value).map_or(ValueType::Vector, |f| f.return_type)
        }
        ExprKind::Binary(b) => {
            if type_of(&b.lhs) == ValueType::Scalar && type_of(&b.rhs) == ValueType::Scalar {
                ValueType::Scalar
            } else {
                ValueType::Vector
            }
        }
        ExprKind::Unary(u) => type_of(&u.expr),
        ExprKind::Paren(inner) => type_of(inner),
    }
}

/// Runs every check and returns all problems found.
pub fn check(expr: &Expr) -> Vec<PromqlError> {
    let mut errors = Vec::new();
    check_node(expr, &mut errors);
    errors
}

fn err(errors: &mut Vec<PromqlError>, span: Span, message: impl Into<String>) {
    errors.push(PromqlError {
        kind: ErrorKind::Type,
        span,
        message: message.into(),
        help: None,
    });
}

/// Adds a help line to the error just reported.
fn with_help(errors: &mut [PromqlError], help: impl Into<String>) {
    if let Some(last) = errors.last_mut() {
        last.help = Some(help.into());
    }
}

/// `name(type, type, ...)` for messages.
fn signature(f: &functions::Function) -> String {
    let mut args: Vec<String> = f.arg_types.iter().map(|t| t.name().to_string()).collect();
    if f.variadic != 0 {
        if let Some(last) = args.last_mut() {
            last.push_str(if f.variadic < 0 {
                ", ..."
            } else {
                " (optional)"
            });
        }
    }
    format!("{}({})", f.name, args.join(", "))
}

/// Checks `e` and returns its type (as Prometheus' checkAST does, so each
/// node's type is computed once).
fn check_node(e: &Expr, errors: &mut Vec<PromqlError>) -> ValueType {
    match &e.kind {
        ExprKind::Number(_) => ValueType::Scalar,
        ExprKind::String(_) => ValueType::String,
        ExprKind::Paren(inner) => check_node(inner, errors),
        ExprKind::Vector(vs) => {
            check_vector(e.span, vs, false, errors);
            ValueType::Vector
        }
        ExprKind::Matrix(m) => {
            check_node(&m.vector, errors);
            ValueType::Matrix
        }
        ExprKind::Subquery(s) => {
            let t = check_node(&s.expr, errors);
            if t != ValueType::Vector {
                err(
                    errors,
                    e.span,
                    format!(
                        "subquery is only allowed on instant vector, got {} instead",
                        go_type_name(t)
                    ),
                );
            }
            ValueType::Matrix
        }
        ExprKind::Unary(u) => {
            let t = check_node(&u.expr, errors);
            if t != ValueType::Scalar && t != ValueType::Vector {
                err(
                    errors,
                    e.span,
                    format!(
                        "unary expression only allowed on expressions of type scalar or instant vector, got {:?}",
                        t.name()
                    ),
                );
            }
            t
        }
        ExprKind::Aggregate(a) => {
            expect(&a.expr, ValueType::Vector, "aggregation expression", errors);
            if let (Some(p), Some(want)) = (&a.param, a.op.param_type()) {
                expect(p, want, "aggregation parameter", errors);
            }
            ValueType::Vector
        }
        ExprKind::Call(c) => check_call(e, c, errors),
        ExprKind::Binary(b) => check_binary(e, b, errors),
    }
}

/// Go's `ValueType.String()` (used in one message instead of the
/// documented names).
fn go_type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Scalar => "scalar",
        ValueType::Vector => "vector",
        ValueType::Matrix => "matrix",
        ValueType::String => "string",
    }
}

fn expect(e: &Expr, want: ValueType, context: &str, errors: &mut Vec<PromqlError>) {
    let t = check_node(e, errors);
    if t != want {
        err(
            errors,
            e.span,
            format!(
                "expected type {} in {context}, got {}",
                want.name(),
                t.name()
            ),
        );
    }
}

fn check_vector(
    span: Span,
    vs: &VectorSelector,
    bypass_empty: bool,
    errors: &mut Vec<PromqlError>,
) {
    if let Some(name) = &vs.name {
        // Only a name written before the braces can clash with a
        // `__name__` matcher; two quoted names inside are allowed.
        let outside = name.span.start == span.start;
        if outside {
            for m in vs.matchers.iter().filter(|m| m.name.value == "__name__") {
                err(
                    errors,
                    span,
                    format!(
                        "metric name must not be set twice: {:?} or {:?}",
                        name.value, m.value.value
                    ),
                );
            }
        }
        return;
    }
    if bypass_empty {
        return;
    }
    if !vs.matchers.iter().any(|m| !matches_empty(m)) {
        let mut e = PromqlError {
            kind: ErrorKind::Type,
            span,
            message: "vector selector must contain at least one non-empty matcher".into(),
            help: None,
        };
        e.help = Some("add a metric name or a matcher that does not match the empty string".into());
        errors.push(e);
    }
}

/// Whether the matcher matches the empty label value.
fn matches_empty(m: &Matcher) -> bool {
    let v = m.value.value.as_str();
    match m.op {
        MatchOp::Equal => v.is_empty(),
        MatchOp::NotEqual => !v.is_empty(),
        MatchOp::Regex | MatchOp::NotRegex => {
            let full = super::parser::simple_regex(v).unwrap_or_else(|| {
                crate::syntax::go_regex::translate(v)
                    .ok()
                    .and_then(|t| regex::Regex::new(&format!("^(?s:{t})$")).ok())
                    .map(|r| r.is_match(""))
                    .unwrap_or(false)
            });
            full == (m.op == MatchOp::Regex)
        }
    }
}

fn check_call(e: &Expr, c: &Call, errors: &mut Vec<PromqlError>) -> ValueType {
    let name = c.func.value.as_str();
    let Some(f) = functions::lookup(name) else {
        // The parser reports unknown functions; check the arguments anyway.
        for a in &c.args {
            check_node(a, errors);
        }
        return ValueType::Vector;
    };
    let n = c.args.len();
    if f.variadic == 0 {
        if n != f.arg_types.len() {
            err(
                errors,
                e.span,
                format!(
                    "expected {} argument(s) in call to {name:?}, got {n}",
                    f.arg_types.len()
                ),
            );
            with_help(errors, format!("the function is `{}`", signature(f)));
        }
    } else if n < f.min_args() {
        err(
            errors,
            e.span,
            format!(
                "expected at least {} argument(s) in call to {name:?}, got {n}",
                f.min_args()
            ),
        );
        with_help(errors, format!("the function is `{}`", signature(f)));
    } else if let Some(max) = f.max_args().filter(|&m| n > m) {
        err(
            errors,
            e.span,
            format!("expected at most {max} argument(s) in call to {name:?}, got {n}"),
        );
        with_help(errors, format!("the function is `{}`", signature(f)));
    }

    let mut info_labels = false;
    if name == "info" && n > 1 {
        let sel = &c.args[1];
        let t = type_of(sel);
        if t != ValueType::Vector {
            err(
                errors,
                e.span,
                format!(
                    "expected type instant vector in call to function {name:?}, got {}",
                    t.name()
                ),
            );
        }
        match &sel.kind {
            ExprKind::Vector(vs)
                if vs
                    .name
                    .as_ref()
                    .is_some_and(|nm| nm.span.start == sel.span.start) =>
            {
                err(
                    errors,
                    sel.span,
                    "expected label selectors only, got vector selector instead",
                )
            }
            ExprKind::Vector(_) => info_labels = true,
            _ => err(errors, sel.span, "expected label selectors only"),
        }
    }

    for (i, a) in c.args.iter().enumerate() {
        let Some(want) = f.arg_type(i) else { break };
        let t = if i == 1 && info_labels {
            // info's label selector may be all-empty matchers.
            if let ExprKind::Vector(vs) = &a.kind {
                check_vector(a.span, vs, true, errors);
            }
            ValueType::Vector
        } else {
            check_node(a, errors)
        };
        if t != want {
            err(
                errors,
                a.span,
                format!(
                    "expected type {} in call to function {name:?}, got {}",
                    want.name(),
                    t.name()
                ),
            );
            let help = match (want, t) {
                (ValueType::Matrix, ValueType::Vector) => {
                    format!("give it a range: `{name}(...[5m])` (in Grafana, `[$__rate_interval]`)")
                }
                (ValueType::Vector, ValueType::Matrix) => {
                    "remove the range, or apply a `*_over_time` function to it first".to_string()
                }
                _ => format!("the function is `{}`", signature(f)),
            };
            with_help(errors, help);
        }
    }
    check_label_args(name, c, errors);
    f.return_type
}

/// label_replace/label_join arguments Prometheus only rejects when
/// evaluating: the destination label name and label_replace's regex.
fn check_label_args(name: &str, c: &Call, errors: &mut Vec<PromqlError>) {
    let string_arg = |i: usize| match c.args.get(i).map(|a| (&a.unparen().kind, a.span)) {
        Some((ExprKind::String(s), span)) => Some((s.value.as_str(), span)),
        _ => None,
    };
    if name != "label_replace" && name != "label_join" {
        return;
    }
    if let Some((dst, span)) = string_arg(1) {
        if dst.is_empty() {
            err(
                errors,
                span,
                format!("invalid destination label name in {name}(): {dst:?}"),
            );
        }
    }
    if name == "label_replace" {
        if let Some((re, span)) = string_arg(4) {
            if let Err(why) = crate::syntax::go_regex::check(re) {
                err(
                    errors,
                    span,
                    format!("invalid regular expression in label_replace(): {why}"),
                );
            }
        }
    }
}

fn check_binary(e: &Expr, b: &Binary, errors: &mut Vec<PromqlError>) -> ValueType {
    let lt = check_node(&b.lhs, errors);
    let rt = check_node(&b.rhs, errors);
    if b.return_bool && !b.op.is_comparison() {
        err(
            errors,
            b.op_span,
            "bool modifier can only be used on comparison operators",
        );
    }
    if b.op.is_comparison() && !b.return_bool && lt == ValueType::Scalar && rt == ValueType::Scalar
    {
        let mut x = PromqlError {
            kind: ErrorKind::Type,
            span: b.op_span,
            message: "comparisons between scalars must use BOOL modifier".into(),
            help: None,
        };
        x.help = Some(format!("write `{} bool`", b.op.as_str()));
        errors.push(x);
    }
    if let Some(m) = &b.matching {
        if m.on == Some(true) {
            for l in &m.labels {
                if m.include.iter().any(|i| i.value == l.value) {
                    err(
                        errors,
                        m.group_span.unwrap_or(b.op_span),
                        format!(
                            "label {:?} must not occur in ON and GROUP clause at once",
                            l.value
                        ),
                    );
                }
            }
        }
    }
    for (t, side) in [(lt, &b.lhs), (rt, &b.rhs)] {
        if t != ValueType::Scalar && t != ValueType::Vector {
            err(
                errors,
                side.span,
                "binary expression must contain only scalar and instant vector types",
            );
            if t == ValueType::Matrix {
                with_help(
                    errors,
                    "a range vector needs a function first, such as `rate(...)` or `avg_over_time(...)`",
                );
            }
        }
    }
    let vectors = lt == ValueType::Vector && rt == ValueType::Vector;
    if let Some(m) = &b.matching {
        let has_fill = m
            .fill
            .as_ref()
            .is_some_and(|f| f.left.is_some() || f.right.is_some());
        if !vectors {
            if !m.labels.is_empty() {
                err(
                    errors,
                    e.span,
                    "vector matching only allowed between instant vectors",
                );
            }
            if has_fill {
                err(
                    errors,
                    e.span,
                    "filling in missing series only allowed between instant vectors",
                );
            }
        } else if b.op.is_set() {
            if matches!(m.card, Cardinality::ManyToOne | Cardinality::OneToMany) {
                err(
                    errors,
                    e.span,
                    format!("no grouping allowed for {:?} operation", b.op.as_str()),
                );
            }
            if has_fill {
                err(
                    errors,
                    e.span,
                    "filling in missing series not allowed for set operators",
                );
            }
        }
    }
    if (lt == ValueType::Scalar || rt == ValueType::Scalar) && b.op.is_set() {
        err(
            errors,
            b.op_span,
            format!(
                "set operator {:?} not allowed in binary scalar expression",
                b.op.as_str()
            ),
        );
        with_help(
            errors,
            "`and`, `or` and `unless` match series by labels, so both sides must be instant vectors; a number can be turned into one with `vector(...)`",
        );
    }
    if lt == ValueType::Scalar && rt == ValueType::Scalar {
        ValueType::Scalar
    } else {
        ValueType::Vector
    }
}
