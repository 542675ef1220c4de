//! Canonical PromQL text of an expression, in the style of Prometheus'
//! `String()` on its syntax tree: `sum by (job) (rate(x[5m]))`, binary
//! operators spaced, `@` before `offset`, durations as Prometheus writes
//! them, numbers as Go's `%v`.
//!
//! The output parses back to the same tree (spans aside): parentheses are
//! added wherever precedence, associativity or a sign would otherwise
//! regroup a hand-built tree, names that are not legacy are quoted, and
//! strings are escaped. Two deliberate differences from Prometheus keep
//! that promise: matchers stay in their written order (Prometheus sorts
//! them), and `by ()`, `on ()`/`ignoring ()` and `offset 0s` are kept when
//! present in the tree (Prometheus drops them).

use super::ast::*;
use crate::syntax::duration;
use crate::syntax::names::{is_legacy_label_name, is_legacy_metric_name};
use std::fmt::Write;

/// Canonical PromQL text of an expression.
pub fn print(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, expr);
    out
}

/// Binding strength of a unary sign: between `* / % atan2` and `^`.
const UNARY_PREC: u8 = 5;

/// Whether an expression prints with a leading sign (a unary expression or a
/// signed number), which makes it bind like a unary expression.
fn is_signed(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Unary(_) => true,
        ExprKind::Number(n) => number_text(n).starts_with(['-', '+']),
        _ => false,
    }
}

/// Left operand of `op` needs parentheses.
fn lhs_needs_parens(op: BinaryOp, lhs: &Expr) -> bool {
    let p = op.precedence();
    match &lhs.kind {
        ExprKind::Binary(b) => {
            let q = b.op.precedence();
            q < p || (q == p && op.is_right_associative())
        }
        // `-a ^ b` is `-(a ^ b)`.
        _ if is_signed(lhs) => p > UNARY_PREC,
        _ => false,
    }
}

/// Right operand of `op` needs parentheses.
fn rhs_needs_parens(op: BinaryOp, rhs: &Expr) -> bool {
    let p = op.precedence();
    match &rhs.kind {
        ExprKind::Binary(b) => {
            let q = b.op.precedence();
            q < p || (q == p && !op.is_right_associative())
        }
        _ => false,
    }
}

/// The operand of a unary sign needs parentheses: binary operators other
/// than `^` bind looser than the sign, and a sign written directly on a
/// number literal would be folded into it.
fn unary_operand_needs_parens(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Binary(b) => b.op.precedence() <= UNARY_PREC,
        ExprKind::Number(_) => true,
        _ => false,
    }
}

/// The expression under `[range]`, `[range:step]` or a postfix modifier
/// needs parentheses unless it is a primary expression.
fn postfix_operand_needs_parens(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Binary(_) | ExprKind::Unary(_)) || is_signed(e)
}

/// The text ends with `offset (...)`: a binary operator after it would be
/// read as part of the duration expression (as Prometheus' grammar does),
/// so such an expression needs parentheses on the left of an operator.
fn ends_with_open_offset(e: &Expr) -> bool {
    let open = |o: &Option<Offset>| {
        o.as_ref()
            .is_some_and(|o| offset_text(&o.duration).starts_with('('))
    };
    match &e.kind {
        ExprKind::Vector(vs) => open(&vs.offset),
        ExprKind::Matrix(m) => match &m.vector.kind {
            ExprKind::Vector(vs) => open(&vs.offset),
            _ => false,
        },
        ExprKind::Subquery(s) => open(&s.offset),
        ExprKind::Binary(b) => !rhs_needs_parens(b.op, &b.rhs) && ends_with_open_offset(&b.rhs),
        ExprKind::Unary(u) => {
            !unary_operand_needs_parens(&u.expr) && ends_with_open_offset(&u.expr)
        }
        _ => false,
    }
}

fn write_wrapped(out: &mut String, e: &Expr, parens: bool) {
    if parens {
        out.push('(');
        write_expr(out, e);
        out.push(')');
    } else {
        write_expr(out, e);
    }
}

fn write_expr(out: &mut String, e: &Expr) {
    match &e.kind {
        ExprKind::Number(n) => out.push_str(&number_text(n)),
        ExprKind::String(s) => write_quoted(out, &s.value),
        ExprKind::Vector(vs) => {
            write_selector(out, vs);
            write_mode(out, vs.mode);
            write_at_offset(out, &vs.at, &vs.offset);
        }
        ExprKind::Matrix(m) => match &m.vector.kind {
            ExprKind::Vector(vs) => {
                // Offset and `@` live on the inner selector but are written
                // after the range, as Prometheus does.
                write_selector(out, vs);
                write_mode(out, vs.mode);
                out.push('[');
                write_duration(out, &m.range);
                out.push(']');
                write_mode(out, m.mode);
                write_at_offset(out, &vs.at, &vs.offset);
            }
            _ => {
                write_wrapped(out, &m.vector, postfix_operand_needs_parens(&m.vector));
                out.push('[');
                write_duration(out, &m.range);
                out.push(']');
                write_mode(out, m.mode);
            }
        },
        ExprKind::Subquery(s) => {
            write_wrapped(out, &s.expr, postfix_operand_needs_parens(&s.expr));
            out.push('[');
            write_duration(out, &s.range);
            out.push(':');
            if let Some(step) = &s.step {
                write_duration(out, step);
            }
            out.push(']');
            write_at_offset(out, &s.at, &s.offset);
        }
        ExprKind::Call(c) => {
            out.push_str(&c.func.value);
            out.push('(');
            for (i, a) in c.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, a);
            }
            out.push(')');
        }
        ExprKind::Aggregate(a) => {
            out.push_str(a.op.as_str());
            if let Some(g) = &a.grouping {
                out.push_str(if g.without { " without " } else { " by " });
                write_label_list(out, &g.labels);
                out.push(' ');
            }
            out.push('(');
            if let Some(p) = &a.param {
                write_expr(out, p);
                out.push_str(", ");
            }
            write_expr(out, &a.expr);
            out.push(')');
        }
        ExprKind::Binary(b) => {
            let lhs_parens = lhs_needs_parens(b.op, &b.lhs) || ends_with_open_offset(&b.lhs);
            write_wrapped(out, &b.lhs, lhs_parens);
            out.push(' ');
            out.push_str(b.op.as_str());
            if b.return_bool {
                out.push_str(" bool");
            }
            if let Some(m) = &b.matching {
                write_matching(out, m);
            }
            out.push(' ');
            write_wrapped(out, &b.rhs, rhs_needs_parens(b.op, &b.rhs));
        }
        ExprKind::Unary(u) => {
            out.push(if u.negative { '-' } else { '+' });
            write_wrapped(out, &u.expr, unary_operand_needs_parens(&u.expr));
        }
        ExprKind::Paren(inner) => write_wrapped(out, inner, true),
    }
}

fn write_matching(out: &mut String, m: &VectorMatching) {
    if let Some(on) = m.on {
        out.push_str(if on { " on " } else { " ignoring " });
        write_label_list(out, &m.labels);
    }
    match m.card {
        Cardinality::ManyToOne => {
            out.push_str(" group_left ");
            write_label_list(out, &m.include);
        }
        Cardinality::OneToMany => {
            out.push_str(" group_right ");
            write_label_list(out, &m.include);
        }
        Cardinality::OneToOne | Cardinality::ManyToMany => {}
    }
    if let Some(f) = &m.fill {
        match (f.left, f.right) {
            (Some(l), Some(r)) if l.to_bits() == r.to_bits() => {
                let _ = write!(out, " fill({})", go_float(l));
            }
            (l, r) => {
                if let Some(l) = l {
                    let _ = write!(out, " fill_left({})", go_float(l));
                }
                if let Some(r) = r {
                    let _ = write!(out, " fill_right({})", go_float(r));
                }
            }
        }
    }
}

fn write_label_list(out: &mut String, labels: &[Name]) {
    out.push('(');
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_label_name(out, &l.value);
    }
    out.push(')');
}

fn write_label_name(out: &mut String, name: &str) {
    if is_legacy_label_name(name) {
        out.push_str(name);
    } else {
        write_quoted(out, name);
    }
}

/// Words the lexer reads as keywords or numbers, so a metric of that name
/// must be written quoted inside braces.
fn is_keyword(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "bool"
            | "on"
            | "ignoring"
            | "group_left"
            | "group_right"
            | "atan2"
            | "and"
            | "or"
            | "unless"
            | "by"
            | "without"
            | "offset"
            | "inf"
            | "nan"
            | "start"
            | "end"
            | "step"
            | "range"
            | "anchored"
            | "smoothed"
            | "fill"
            | "fill_left"
            | "fill_right"
    )
}

fn write_selector(out: &mut String, vs: &VectorSelector) {
    let bare_name = vs
        .name
        .as_ref()
        .filter(|n| is_legacy_metric_name(&n.value) && !is_keyword(&n.value));
    if let Some(n) = bare_name {
        out.push_str(&n.value);
        if vs.matchers.is_empty() {
            return;
        }
    }
    out.push('{');
    let mut first = true;
    if let (Some(n), None) = (&vs.name, bare_name) {
        write_quoted(out, &n.value);
        first = false;
    }
    for m in &vs.matchers {
        if !first {
            out.push(',');
        }
        first = false;
        write_label_name(out, &m.name.value);
        out.push_str(m.op.as_str());
        write_quoted(out, &m.value.value);
    }
    out.push('}');
}

fn write_mode(out: &mut String, mode: RangeMode) {
    match mode {
        RangeMode::Default => {}
        RangeMode::Anchored => out.push_str(" anchored"),
        RangeMode::Smoothed => out.push_str(" smoothed"),
    }
}

fn write_at_offset(out: &mut String, at: &Option<AtModifier>, offset: &Option<Offset>) {
    match at {
        None => {}
        Some(AtModifier::Start { .. }) => out.push_str(" @ start()"),
        Some(AtModifier::End { .. }) => out.push_str(" @ end()"),
        Some(AtModifier::Timestamp { seconds, .. }) => {
            // Prometheus keeps milliseconds and prints `%.3f`; use that
            // whenever it is exact, else the shortest exact form.
            let fixed = format!("{seconds:.3}");
            if fixed.parse::<f64>().is_ok_and(|v| v == *seconds) {
                let _ = write!(out, " @ {fixed}");
            } else {
                let _ = write!(out, " @ {}", go_float(*seconds));
            }
        }
    }
    if let Some(o) = offset {
        out.push_str(" offset ");
        out.push_str(&offset_text(&o.duration));
    }
}

/// After `offset` only a signed atom may follow without parentheses.
fn offset_text(d: &DurationExpr) -> String {
    let mut s = String::new();
    let wrap = matches!(d, DurationExpr::Binary { .. });
    if wrap {
        s.push('(');
    }
    write_duration(&mut s, d);
    if wrap {
        s.push(')');
    }
    s
}

fn write_duration(out: &mut String, d: &DurationExpr) {
    match d {
        DurationExpr::Literal { millis, .. } => out.push_str(&duration::format(*millis)),
        DurationExpr::Seconds { value, .. } => out.push_str(&go_float(*value)),
        DurationExpr::Step { .. } => out.push_str("step()"),
        DurationExpr::Range { .. } => out.push_str("range()"),
        DurationExpr::MinMax { max, lhs, rhs, .. } => {
            out.push_str(if *max { "max(" } else { "min(" });
            write_duration(out, lhs);
            out.push_str(", ");
            write_duration(out, rhs);
            out.push(')');
        }
        DurationExpr::Unary { negative, expr, .. } => {
            out.push(if *negative { '-' } else { '+' });
            // Parentheses keep a sign from being folded into a literal, and
            // make `--d` (not allowed after `offset`) `-(-d)`.
            let wrap = !matches!(
                **expr,
                DurationExpr::Step { .. }
                    | DurationExpr::Range { .. }
                    | DurationExpr::MinMax { .. }
                    | DurationExpr::Paren { .. }
            );
            write_duration_wrapped(out, expr, wrap);
        }
        DurationExpr::Binary { op, lhs, rhs, .. } => {
            let p = duration_prec(*op);
            let lwrap = match &**lhs {
                DurationExpr::Binary { op: l, .. } => {
                    let q = duration_prec(*l);
                    q < p || (q == p && op.is_right_associative())
                }
                DurationExpr::Literal { millis, .. } => *millis < 0 && p > UNARY_PREC,
                DurationExpr::Seconds { value, .. } => {
                    go_float(*value).starts_with('-') && p > UNARY_PREC
                }
                DurationExpr::Unary { .. } => p > UNARY_PREC,
                _ => false,
            };
            let rwrap = match &**rhs {
                DurationExpr::Binary { op: r, .. } => {
                    let q = duration_prec(*r);
                    q < p || (q == p && !op.is_right_associative())
                }
                _ => false,
            };
            write_duration_wrapped(out, lhs, lwrap);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            write_duration_wrapped(out, rhs, rwrap);
        }
        DurationExpr::Paren { expr, .. } => write_duration_wrapped(out, expr, true),
    }
}

/// Duration arithmetic uses the expression precedences of its operators.
fn duration_prec(op: BinaryOp) -> u8 {
    op.precedence()
}

fn write_duration_wrapped(out: &mut String, d: &DurationExpr, wrap: bool) {
    if wrap {
        out.push('(');
        write_duration(out, d);
        out.push(')');
    } else {
        write_duration(out, d);
    }
}

/// A number literal: durations as durations when they are whole
/// milliseconds, everything else as Go's `%v`.
fn number_text(n: &NumberLiteral) -> String {
    if n.duration && n.value.is_finite() {
        let ms = n.value * 1000.0;
        if ms.fract() == 0.0 && ms.abs() < 9.2e18 && (ms as i64) as f64 / 1000.0 == n.value {
            return duration::format(ms as i64);
        }
    }
    go_float(n.value)
}

/// Go's `%v` for a float64 (`strconv` `'g'` with the shortest precision):
/// the shortest digits that read back exactly, in exponent form below
/// 1e-4 and from 1e6 up (`1e+06`), `+Inf`, `-Inf`, `NaN`.
pub(crate) fn go_float(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v == 0.0 {
        return format!("{sign}0");
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e6".
    let sci = format!("{:e}", v.abs());
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.unsigned_abs());
    }
    let nd = digits.len() as i32;
    let body = if exp < 0 {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else if nd <= exp + 1 {
        format!("{}{}", digits, "0".repeat((exp + 1 - nd) as usize))
    } else {
        let (int, frac) = digits.split_at((exp + 1) as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

/// A double-quoted PromQL string that unquotes to `s`, escaped like Go's
/// Go's `strconv.Quote` for the characters that need it.
pub fn write_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            // `\x` would be a raw byte here, so other controls use `\u`.
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    const S: Span = Span::new(0, 0);

    fn ex(kind: ExprKind) -> Expr {
        Expr { kind, span: S }
    }
    fn name(s: &str) -> Name {
        Name {
            value: s.into(),
            span: S,
        }
    }
    fn num(v: f64) -> Expr {
        ex(ExprKind::Number(NumberLiteral {
            value: v,
            duration: false,
        }))
    }
    fn string(s: &str) -> Expr {
        ex(ExprKind::String(StringLiteral { value: s.into() }))
    }
    fn sel(metric: &str) -> VectorSelector {
        VectorSelector {
            name: Some(name(metric)),
            matchers: Vec::new(),
            offset: None,
            at: None,
            mode: RangeMode::Default,
        }
    }
    fn vec(metric: &str) -> Expr {
        ex(ExprKind::Vector(sel(metric)))
    }
    fn matcher(l: &str, op: MatchOp, v: &str) -> Matcher {
        Matcher {
            name: name(l),
            op,
            value: StringLiteral { value: v.into() },
            value_span: S,
            span: S,
        }
    }
    fn lit(millis: i64) -> DurationExpr {
        DurationExpr::Literal { millis, span: S }
    }
    fn matrix(v: Expr, range: DurationExpr) -> Expr {
        ex(ExprKind::Matrix(MatrixSelector {
            vector: Box::new(v),
            range,
            mode: RangeMode::Default,
        }))
    }
    fn call(f: &str, args: Vec<Expr>) -> Expr {
        ex(ExprKind::Call(Call {
            func: name(f),
            args,
        }))
    }
    fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
        ex(ExprKind::Binary(Binary {
            op,
            op_span: S,
            lhs: Box::new(l),
            rhs: Box::new(r),
            return_bool: false,
            matching: None,
        }))
    }
    fn neg(e: Expr) -> Expr {
        ex(ExprKind::Unary(Unary {
            negative: true,
            expr: Box::new(e),
        }))
    }
    fn with_offset(mut vs: VectorSelector, d: DurationExpr) -> Expr {
        vs.offset = Some(Offset {
            duration: d,
            span: S,
        });
        ex(ExprKind::Vector(vs))
    }
    fn dbin(op: BinaryOp, l: DurationExpr, r: DurationExpr) -> DurationExpr {
        DurationExpr::Binary {
            op,
            lhs: Box::new(l),
            rhs: Box::new(r),
            span: S,
        }
    }

    #[test]
    fn aggregation_of_rate() {
        let mut v = sel("http_requests_total");
        v.matchers.push(matcher("code", MatchOp::Regex, "5.."));
        let e = ex(ExprKind::Aggregate(Aggregate {
            op: AggregateOp::Sum,
            op_span: S,
            param: None,
            expr: Box::new(call(
                "rate",
                vec![matrix(ex(ExprKind::Vector(v)), lit(300_000))],
            )),
            grouping: Some(Grouping {
                without: false,
                labels: vec![name("job")],
                span: S,
            }),
        }));
        assert_eq!(
            print(&e),
            r#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))"#
        );
        let topk = ex(ExprKind::Aggregate(Aggregate {
            op: AggregateOp::Topk,
            op_span: S,
            param: Some(Box::new(num(5.0))),
            expr: Box::new(vec("x")),
            grouping: Some(Grouping {
                without: true,
                labels: vec![name("a"), name("b")],
                span: S,
            }),
        }));
        assert_eq!(print(&topk), "topk without (a, b) (5, x)");
    }

    #[test]
    fn vector_matching_and_bool() {
        let mut e = bin(BinaryOp::Div, vec("a"), vec("b"));
        if let ExprKind::Binary(b) = &mut e.kind {
            b.matching = Some(VectorMatching {
                card: Cardinality::ManyToOne,
                on: Some(true),
                labels: vec![name("a"), name("b")],
                labels_span: None,
                include: vec![name("c")],
                group_span: None,
                fill: None,
            });
        }
        assert_eq!(print(&e), "a / on (a, b) group_left (c) b");
        let mut e = bin(BinaryOp::Gtr, vec("a"), num(1.0));
        if let ExprKind::Binary(b) = &mut e.kind {
            b.return_bool = true;
        }
        assert_eq!(print(&e), "a > bool 1");
        let mut e = bin(BinaryOp::Add, vec("a"), vec("b"));
        if let ExprKind::Binary(b) = &mut e.kind {
            b.matching = Some(VectorMatching {
                card: Cardinality::OneToOne,
                on: Some(false),
                labels: vec![name("x")],
                labels_span: None,
                include: vec![],
                group_span: None,
                fill: Some(Fill {
                    left: Some(0.0),
                    right: Some(0.0),
                    span: S,
                }),
            });
        }
        assert_eq!(print(&e), "a + ignoring (x) fill(0) b");
        if let ExprKind::Binary(b) = &mut e.kind {
            if let Some(m) = &mut b.matching {
                m.fill = Some(Fill {
                    left: None,
                    right: Some(-1.5),
                    span: S,
                });
            }
        }
        assert_eq!(print(&e), "a + ignoring (x) fill_right(-1.5) b");
    }

    #[test]
    fn modifiers_and_subqueries() {
        let mut v = sel("x");
        v.at = Some(AtModifier::Start { span: S });
        assert_eq!(
            print(&with_offset(v, lit(-300_000))),
            "x @ start() offset -5m"
        );
        let mut v = sel("x");
        v.at = Some(AtModifier::Timestamp {
            seconds: 1_609_746_000.0,
            span: S,
        });
        assert_eq!(print(&ex(ExprKind::Vector(v))), "x @ 1609746000.000");
        let mut v = sel("x");
        v.offset = Some(Offset {
            duration: lit(60_000),
            span: S,
        });
        assert_eq!(
            print(&matrix(ex(ExprKind::Vector(v)), lit(300_000))),
            "x[5m] offset 1m"
        );
        let sq = ex(ExprKind::Subquery(Subquery {
            expr: Box::new(call("rate", vec![matrix(vec("x"), lit(300_000))])),
            range: lit(3_600_000),
            step: Some(lit(300_000)),
            offset: None,
            at: Some(AtModifier::End { span: S }),
        }));
        assert_eq!(print(&sq), "rate(x[5m])[1h:5m] @ end()");
        let sq = ex(ExprKind::Subquery(Subquery {
            expr: Box::new(bin(BinaryOp::Add, vec("a"), vec("b"))),
            range: lit(600_000),
            step: None,
            offset: None,
            at: None,
        }));
        assert_eq!(print(&sq), "(a + b)[10m:]");
        let mut m = matrix(vec("x"), lit(300_000));
        if let ExprKind::Matrix(ms) = &mut m.kind {
            ms.mode = RangeMode::Anchored;
        }
        assert_eq!(print(&m), "x[5m] anchored");
    }

    #[test]
    fn duration_expressions() {
        let r = dbin(
            BinaryOp::Mul,
            lit(300_000),
            DurationExpr::Seconds {
                value: 2.0,
                span: S,
            },
        );
        assert_eq!(print(&matrix(vec("x"), r.clone())), "x[5m * 2]");
        assert_eq!(print(&with_offset(sel("x"), r)), "x offset (5m * 2)");
        let step = DurationExpr::MinMax {
            max: false,
            lhs: Box::new(lit(60_000)),
            rhs: Box::new(DurationExpr::Step { span: S }),
            span: S,
        };
        assert_eq!(print(&matrix(vec("x"), step)), "x[min(1m, step())]");
        let u = DurationExpr::Unary {
            negative: true,
            expr: Box::new(lit(60_000)),
            span: S,
        };
        assert_eq!(print(&with_offset(sel("x"), u)), "x offset -(1m)");
        let nested = dbin(
            BinaryOp::Mul,
            dbin(BinaryOp::Add, lit(1000), lit(2000)),
            dbin(BinaryOp::Sub, lit(3000), lit(4000)),
        );
        assert_eq!(print(&matrix(vec("x"), nested)), "x[(1s + 2s) * (3s - 4s)]");
        // An open `offset (...)` must not swallow a following operator.
        let e = bin(
            BinaryOp::Add,
            with_offset(sel("x"), dbin(BinaryOp::Add, lit(1000), lit(1000))),
            num(1.0),
        );
        assert_eq!(print(&e), "(x offset (1s + 1s)) + 1");
    }

    #[test]
    fn numbers_print_like_go_and_reparse() {
        for (v, s) in [
            (1.0, "1"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (123456.0, "123456"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e100, "1e+100"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.0, "0"),
            (-0.0, "-0"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
            (31.0, "31"),
        ] {
            assert_eq!(print(&num(v)), s);
        }
        let d = ex(ExprKind::Number(NumberLiteral {
            value: 300.0,
            duration: true,
        }));
        assert_eq!(print(&d), "5m");
        let d = ex(ExprKind::Number(NumberLiteral {
            value: 0.0005,
            duration: true,
        }));
        assert_eq!(print(&d), "0.0005");
    }

    #[test]
    fn strings_and_names_are_quoted() {
        assert_eq!(
            print(&string("a\"b\\c\nd\te\u{1}\u{85}é")),
            r#""a\"b\\c\nd\te\x01\u0085é""#
        );
        let mut v = sel("my.metric");
        v.matchers.push(matcher("a.b", MatchOp::NotEqual, "x"));
        v.matchers.push(matcher("c", MatchOp::NotRegex, "\\d+"));
        assert_eq!(
            print(&ex(ExprKind::Vector(v))),
            r#"{"my.metric","a.b"!="x",c!~"\\d+"}"#
        );
        assert_eq!(print(&vec("bool")), r#"{"bool"}"#);
        let mut v = sel("x");
        v.name = None;
        v.matchers.push(matcher("job", MatchOp::Equal, "a"));
        assert_eq!(print(&ex(ExprKind::Vector(v))), r#"{job="a"}"#);
    }

    #[test]
    fn parentheses_keep_the_tree() {
        use BinaryOp::*;
        let (a, b, c) = (vec("a"), vec("b"), vec("c"));
        let p = |e: Expr| print(&e);
        assert_eq!(
            p(bin(Pow, bin(Pow, a.clone(), b.clone()), c.clone())),
            "(a ^ b) ^ c"
        );
        assert_eq!(
            p(bin(Pow, a.clone(), bin(Pow, b.clone(), c.clone()))),
            "a ^ b ^ c"
        );
        assert_eq!(
            p(bin(Sub, a.clone(), bin(Sub, b.clone(), c.clone()))),
            "a - (b - c)"
        );
        assert_eq!(
            p(bin(Sub, bin(Sub, a.clone(), b.clone()), c.clone())),
            "a - b - c"
        );
        assert_eq!(
            p(bin(Mul, bin(Add, a.clone(), b.clone()), c.clone())),
            "(a + b) * c"
        );
        assert_eq!(
            p(bin(Add, a.clone(), bin(Mul, b.clone(), c.clone()))),
            "a + b * c"
        );
        assert_eq!(
            p(bin(Or, bin(And, a.clone(), b.clone()), c.clone())),
            "a and b or c"
        );
        assert_eq!(
            p(bin(And, a.clone(), bin(Or, b.clone(), c.clone()))),
            "a and (b or c)"
        );
        assert_eq!(p(neg(bin(Add, a.clone(), b.clone()))), "-(a + b)");
        assert_eq!(p(neg(bin(Pow, a.clone(), b.clone()))), "-a ^ b");
        assert_eq!(p(bin(Pow, neg(a.clone()), b.clone())), "(-a) ^ b");
        assert_eq!(p(bin(Mul, neg(a.clone()), b.clone())), "-a * b");
        assert_eq!(p(bin(Pow, num(-2.0), num(2.0))), "(-2) ^ 2");
        assert_eq!(p(bin(Pow, num(2.0), num(-2.0))), "2 ^ -2");
        assert_eq!(p(neg(num(1.0))), "-(1)");
        assert_eq!(p(neg(neg(a.clone()))), "--a");
        assert_eq!(p(ex(ExprKind::Paren(Box::new(a.clone())))), "(a)");
    }

    #[test]
    fn printed_text_reparses_to_the_same_print() {
        for src in [
            r#"sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))"#,
            "a / on (a, b) group_left (c) b",
            "x @ start() offset -5m",
            "rate(x[5m])[1h:5m]",
            "(a + b)[10m:]",
            "-a ^ b",
            "(-2) ^ 2",
            "1e+06 + +Inf",
        ] {
            let e = crate::promql::parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!(print(&e), src);
        }
    }
}
