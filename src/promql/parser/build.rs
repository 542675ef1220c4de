//! Builds the syntax tree from pest's pairs, with the checks Prometheus'
//! grammar actions make (generated_parser.y, parse.go).

use super::lex::{self, NumTok};
use super::{syntax_error, Rule, MAX_TREE_DEPTH};
use crate::promql::ast::*;
use crate::promql::{functions, PromqlError};
use crate::source::Span;
use pest::iterators::{Pair, Pairs};

type R<T> = Result<T, PromqlError>;

/// A built expression with its tree depth and value type (needed to decide
/// on vector matching while building).
pub(super) struct Node {
    /// Boxed: parents hold their children boxed anyway, and a small `Node`
    /// keeps the recursive builder's frames small.
    pub expr: Box<Expr>,
    depth: u32,
    ty: ValueType,
}

fn span(p: &Pair<'_, Rule>) -> Span {
    let s = p.as_span();
    Span::new(s.start(), s.end())
}

/// The span of a pair whose rule ends in an optional part: pest's span
/// would include the whitespace skipped before that part.
fn span_to_last(p: &Pair<'_, Rule>) -> Span {
    let start = p.as_span().start();
    let end = p
        .clone()
        .into_inner()
        .last()
        .map_or(p.as_span().end(), |l| l.as_span().end());
    Span::new(start, end)
}

fn node(expr: Expr, depth: u32, ty: ValueType) -> R<Node> {
    node_box(Box::new(expr), depth, ty)
}

fn node_box(expr: Box<Expr>, depth: u32, ty: ValueType) -> R<Node> {
    if depth > MAX_TREE_DEPTH {
        let mut e = syntax_error(
            expr.span,
            format!("expression nests too deeply (tree deeper than {MAX_TREE_DEPTH})"),
        );
        e.help = Some("split the expression, e.g. with a recording rule".into());
        return Err(e);
    }
    Ok(Node { expr, depth, ty })
}

// Binding powers, as pest's Pratt parser numbered them: each level 10
// above the previous one, prefix signs between `*` and `^`, postfix
// modifiers above everything.
const PREC_PREFIX: u32 = 60;
const PREC_POSTFIX: u32 = 80;

/// The operator of an `infix_op` token.
fn binary_op(text: &str) -> BinaryOp {
    match text.as_bytes() {
        b"+" => BinaryOp::Add,
        b"-" => BinaryOp::Sub,
        b"*" => BinaryOp::Mul,
        b"/" => BinaryOp::Div,
        b"%" => BinaryOp::Mod,
        b"^" => BinaryOp::Pow,
        b"==" => BinaryOp::Eql,
        b"!=" => BinaryOp::Neq,
        b">=" => BinaryOp::Gte,
        b">" => BinaryOp::Gtr,
        b"<=" => BinaryOp::Lte,
        b"<" => BinaryOp::Lss,
        b"</" => BinaryOp::TrimUpper,
        b">/" => BinaryOp::TrimLower,
        _ if text.eq_ignore_ascii_case("or") => BinaryOp::Or,
        _ if text.eq_ignore_ascii_case("and") => BinaryOp::And,
        _ if text.eq_ignore_ascii_case("unless") => BinaryOp::Unless,
        _ => BinaryOp::Atan2,
    }
}

/// Left binding power and right associativity of a binary operator.
fn infix_prec(op: BinaryOp) -> (u32, bool) {
    match op {
        BinaryOp::Or => (10, false),
        BinaryOp::And | BinaryOp::Unless => (20, false),
        BinaryOp::Eql
        | BinaryOp::Neq
        | BinaryOp::Lte
        | BinaryOp::Lss
        | BinaryOp::Gte
        | BinaryOp::Gtr
        | BinaryOp::TrimUpper
        | BinaryOp::TrimLower => (30, false),
        BinaryOp::Add | BinaryOp::Sub => (40, false),
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Atan2 => (50, false),
        BinaryOp::Pow => (70, true),
    }
}

/// The operator of an `infix` pair, which starts with its `infix_op` token.
fn infix_pair_op(p: &Pair<'_, Rule>) -> BinaryOp {
    let s = p.as_str();
    let b = s.as_bytes();
    let len = match b.first() {
        Some(b'=' | b'!') => 2,
        Some(b'<' | b'>') if matches!(b.get(1), Some(b'=' | b'/')) => 2,
        Some(c) if c.is_ascii_alphabetic() => {
            b.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        }
        _ => 1,
    };
    binary_op(&s[..len])
}

/// The binding power of the next pair of an expression, 0 at the end.
fn lbp(pairs: &Pairs<'_, Rule>) -> u32 {
    match pairs.peek() {
        Some(p) if p.as_rule() == Rule::infix => infix_prec(infix_pair_op(&p)).0,
        Some(_) => PREC_POSTFIX,
        None => 0,
    }
}

/// Builds a `Rule::expr` pair.
pub(super) fn expr(pair: Pair<'_, Rule>) -> R<Node> {
    let mut pairs = pair.into_inner();
    climb(&mut pairs, 0)
}

/// Precedence climbing over the flat pairs of an expression (signs,
/// primaries, postfix modifiers and binary operators), binding as pest's
/// Pratt parser did.
fn climb(pairs: &mut Pairs<'_, Rule>, rbp: u32) -> R<Node> {
    let first = pairs.next().ok_or_else(|| internal(Span::new(0, 0)))?;
    let mut lhs = if first.as_rule() == Rule::sign {
        let rhs = climb(pairs, PREC_PREFIX - 1)?;
        unary(first, rhs)?
    } else {
        primary(first)?
    };
    while rbp < lbp(pairs) {
        let Some(op) = pairs.next() else { break };
        if op.as_rule() == Rule::infix {
            let (prec, right) = infix_prec(infix_pair_op(&op));
            let rhs = climb(pairs, if right { prec - 1 } else { prec })?;
            lhs = binary(lhs, op, rhs)?;
        } else {
            lhs = postfix(lhs, op)?;
        }
    }
    Ok(lhs)
}

fn primary(p: Pair<'_, Rule>) -> R<Node> {
    let sp = span(&p);
    match p.as_rule() {
        Rule::number => {
            let lit = match lex::number(p.as_str(), sp)? {
                NumTok::Number(value) => NumberLiteral {
                    value,
                    duration: false,
                },
                NumTok::Duration(ms) => NumberLiteral {
                    value: ms as f64 / 1000.0,
                    duration: true,
                },
            };
            node(
                Expr {
                    kind: ExprKind::Number(lit),
                    span: sp,
                },
                1,
                ValueType::Scalar,
            )
        }
        Rule::string => node(
            Expr {
                kind: ExprKind::String(StringLiteral {
                    value: lex::unquote(p.as_str()),
                }),
                span: sp,
            },
            1,
            ValueType::String,
        ),
        Rule::paren => {
            let inner = expr(first(p, sp)?)?;
            node(
                Expr {
                    kind: ExprKind::Paren(inner.expr),
                    span: sp,
                },
                inner.depth + 1,
                inner.ty,
            )
        }
        Rule::call => call(p),
        Rule::vector => vector(p),
        _ => Err(internal(sp)),
    }
}

fn first<'a>(p: Pair<'a, Rule>, sp: Span) -> R<Pair<'a, Rule>> {
    p.into_inner().next().ok_or_else(|| internal(sp))
}

fn internal(sp: Span) -> PromqlError {
    syntax_error(sp, "unexpected input")
}

fn unary(op: Pair<'_, Rule>, mut rhs: Node) -> R<Node> {
    let negative = op.as_str() == "-";
    let start = span(&op).start;
    let sp = Span::new(start, rhs.expr.span.end);
    // A sign directly on a number literal is folded into it.
    if let ExprKind::Number(n) = &mut rhs.expr.kind {
        if negative {
            n.value = -n.value;
        }
        rhs.expr.span = sp;
        return node_box(rhs.expr, rhs.depth, rhs.ty);
    }
    node(
        Expr {
            kind: ExprKind::Unary(Unary {
                negative,
                expr: rhs.expr,
            }),
            span: sp,
        },
        rhs.depth + 1,
        rhs.ty,
    )
}

fn binary(lhs: Node, op: Pair<'_, Rule>, rhs: Node) -> R<Node> {
    let bop = infix_pair_op(&op);
    let start = span(&op).start;
    let op_span = Span::new(start, start + bop.as_str().len());
    let mut return_bool = false;
    let mut on = None;
    let mut labels = Vec::new();
    let mut labels_span = None;
    let mut card = None;
    let mut include = Vec::new();
    let mut group_span = None;
    let mut fill = None;
    for m in op.into_inner() {
        match m.as_rule() {
            Rule::bool_mod => return_bool = true,
            Rule::matching => {
                let start = m.as_span().start();
                for part in m.into_inner() {
                    match part.as_rule() {
                        Rule::on => on = Some(true),
                        Rule::ignoring => on = Some(false),
                        Rule::label_list => {
                            labels_span = Some(Span::new(start, part.as_span().end()));
                            labels = label_list(part)?;
                        }
                        Rule::group => {
                            group_span = Some(span_to_last(&part));
                            let left = part
                                .as_str()
                                .get(..10)
                                .is_some_and(|k| k.eq_ignore_ascii_case("group_left"));
                            card = Some(if left {
                                Cardinality::ManyToOne
                            } else {
                                Cardinality::OneToMany
                            });
                            for g in part.into_inner() {
                                if g.as_rule() == Rule::label_list {
                                    include = label_list(g)?;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Rule::fill_mods => fill = Some(fill_mods(m)?),
            _ => {}
        }
    }
    let modifiers = on.is_some() || card.is_some() || fill.is_some();
    let both_vectors = lhs.ty == ValueType::Vector && rhs.ty == ValueType::Vector;
    let matching = (both_vectors || modifiers).then(|| VectorMatching {
        card: card.unwrap_or(if bop.is_set() {
            Cardinality::ManyToMany
        } else {
            Cardinality::OneToOne
        }),
        on,
        labels,
        labels_span,
        include,
        group_span,
        fill,
    });
    let ty = if lhs.ty == ValueType::Scalar && rhs.ty == ValueType::Scalar {
        ValueType::Scalar
    } else {
        ValueType::Vector
    };
    let depth = lhs.depth.max(rhs.depth) + 1;
    let sp = Span::new(lhs.expr.span.start, rhs.expr.span.end);
    node(
        Expr {
            kind: ExprKind::Binary(Binary {
                op: bop,
                op_span,
                lhs: lhs.expr,
                rhs: rhs.expr,
                return_bool,
                matching,
            }),
            span: sp,
        },
        depth,
        ty,
    )
}

fn fill_mods(p: Pair<'_, Rule>) -> R<Fill> {
    let mut fill = Fill {
        left: None,
        right: None,
        span: span_to_last(&p),
    };
    for f in p.into_inner() {
        let rule = f.as_rule();
        let fsp = span(&f);
        let value = f
            .into_inner()
            .find(|x| x.as_rule() == Rule::fill_value)
            .ok_or_else(|| internal(fsp))?;
        let v = signed_number(value)?;
        match rule {
            Rule::fill_both => {
                fill.left = Some(v);
                fill.right = Some(v);
            }
            Rule::fill_left => fill.left = Some(v),
            Rule::fill_right => fill.right = Some(v),
            _ => {}
        }
    }
    Ok(fill)
}

/// `(neg|pos)? number` in seconds (durations count as seconds).
fn signed_number(p: Pair<'_, Rule>) -> R<f64> {
    let mut negative = false;
    let mut value = 0.0;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::sign => negative = x.as_str() == "-",
            Rule::number => {
                value = match lex::number(x.as_str(), span(&x))? {
                    NumTok::Number(v) => v,
                    NumTok::Duration(ms) => ms as f64 / 1000.0,
                }
            }
            _ => {}
        }
    }
    Ok(if negative { -value } else { value })
}

fn label_list(p: Pair<'_, Rule>) -> R<Vec<Name>> {
    let mut out = Vec::new();
    for l in p.into_inner() {
        let sp = span(&l);
        let value = match l.as_rule() {
            Rule::string => {
                let v = lex::unquote(l.as_str());
                if v.is_empty() {
                    return Err(syntax_error(sp, "invalid label name for grouping: \"\""));
                }
                v
            }
            _ => {
                let w = l.as_str();
                let lower = w.to_ascii_lowercase();
                if lower == "inf" || lower == "nan" {
                    return Err(syntax_error(
                        sp,
                        format!("unexpected number {w:?} in grouping opts, expected label"),
                    ));
                }
                w.to_string()
            }
        };
        out.push(Name { value, span: sp });
    }
    Ok(out)
}

/// Exprs of a `call_args` pair; a trailing comma is an error.
fn call_args(p: Pair<'_, Rule>) -> R<(Vec<Expr>, u32)> {
    let mut args = Vec::new();
    let mut depth = 0;
    for a in p.into_inner() {
        match a.as_rule() {
            Rule::expr => {
                let n = expr(a)?;
                depth = depth.max(n.depth);
                args.push(*n.expr);
            }
            Rule::trailing_comma => {
                return Err(syntax_error(
                    span(&a),
                    "trailing commas not allowed in function call args",
                ))
            }
            _ => {}
        }
    }
    Ok((args, depth))
}

fn aggregate(p: Pair<'_, Rule>, op: AggregateOp) -> R<Node> {
    let sp = span_to_last(&p);
    let mut op_span = sp;
    let mut grouping = None;
    let mut args = Vec::new();
    let mut depth = 0;
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::word => op_span = span(&x),
            Rule::grouping => {
                let gsp = span(&x);
                let mut without = false;
                let mut labels = Vec::new();
                for g in x.into_inner() {
                    match g.as_rule() {
                        Rule::without => without = true,
                        Rule::label_list => labels = label_list(g)?,
                        _ => {}
                    }
                }
                grouping = Some(Grouping {
                    without,
                    labels,
                    span: gsp,
                });
            }
            Rule::call_args => (args, depth) = call_args(x)?,
            _ => {}
        }
    }
    if args.is_empty() {
        return Err(syntax_error(
            sp,
            "no arguments for aggregate expression provided",
        ));
    }
    let want = if op.param_type().is_some() { 2 } else { 1 };
    if args.len() != want {
        return Err(syntax_error(
            sp,
            format!(
                "wrong number of arguments for aggregate expression provided, expected {want}, got {}",
                args.len()
            ),
        ));
    }
    let e = args.pop().ok_or_else(|| internal(sp))?;
    let param = args.pop().map(Box::new);
    node(
        Expr {
            kind: ExprKind::Aggregate(Aggregate {
                op,
                op_span,
                param,
                expr: Box::new(e),
                grouping,
            }),
            span: sp,
        },
        depth + 1,
        ValueType::Vector,
    )
}

/// A `call` pair: an aggregation, a function call, or (without arguments) a
/// selector starting with a metric name.
fn call(p: Pair<'_, Rule>) -> R<Node> {
    let mut inner = p.clone().into_inner();
    let name = inner.next().ok_or_else(|| internal(span(&p)))?;
    if inner.peek().is_none_or(|x| x.as_rule() == Rule::matchers) {
        return vector(p);
    }
    let sp = span_to_last(&p);
    let name_span = span(&name);
    let name = name.as_str();
    if let Some(op) = AggregateOp::ALL
        .iter()
        .copied()
        .find(|o| o.as_str().eq_ignore_ascii_case(name))
    {
        return aggregate(p, op);
    }
    if reserved_word(name) {
        return Err(syntax_error(name_span, format!("unexpected <{name}>")));
    }
    let args = inner.next().ok_or_else(|| internal(sp))?;
    if args.as_rule() != Rule::call_args || inner.next().is_some() {
        // `by`/`without` only go with aggregations.
        let at = if args.as_rule() == Rule::call_args {
            inner.next().map_or(sp, |g| span(&g))
        } else {
            span(&args)
        };
        let (tok, desc) = super::describe_token(at_src(&p), at.start - sp.start);
        return Err(syntax_error(
            Span::new(tok.start + sp.start, tok.end + sp.start),
            format!("unexpected {desc}"),
        ));
    }
    let Some(func) = functions::lookup(name) else {
        return Err(unknown_function(name, name_span));
    };
    let (args, depth) = call_args(args)?;
    node(
        Expr {
            kind: ExprKind::Call(Call {
                func: Name {
                    value: name.to_string(),
                    span: name_span,
                },
                args,
            }),
            span: sp,
        },
        depth + 1,
        func.return_type,
    )
}

/// The text of a pair (for describing a token inside it).
fn at_src<'a>(p: &Pair<'a, Rule>) -> &'a str {
    p.as_str()
}

/// Words that the lexer always reads as keywords, so never as metric or
/// function names.
fn reserved_word(w: &str) -> bool {
    [
        "bool",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "atan2",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(w))
}

fn vector(p: Pair<'_, Rule>) -> R<Node> {
    let sp = span_to_last(&p);
    let mut vs = VectorSelector {
        name: None,
        matchers: Vec::new(),
        offset: None,
        at: None,
        mode: RangeMode::Default,
    };
    for x in p.into_inner() {
        match x.as_rule() {
            Rule::word => {
                let w = x.as_str();
                if reserved_word(w) {
                    return Err(syntax_error(span(&x), format!("unexpected <{w}>")));
                }
                vs.name = Some(Name {
                    value: w.to_string(),
                    span: span(&x),
                });
            }
            Rule::matchers => {
                for m in x.into_inner() {
                    matcher(m, &mut vs)?;
                }
            }
            _ => {}
        }
    }
    node(
        Expr {
            kind: ExprKind::Vector(vs),
            span: sp,
        },
        1,
        ValueType::Vector,
    )
}

fn matcher(m: Pair<'_, Rule>, vs: &mut VectorSelector) -> R<()> {
    let msp = span(&m);
    let mut it = m.into_inner();
    let parts = (it.next(), it.next(), it.next(), it.next());
    match parts {
        (Some(only), None, None, None) => {
            // `{"metric.name"}`: the metric name inside the braces.
            let name = Name {
                value: lex::unquote(only.as_str()),
                span: span(&only),
            };
            if vs.name.is_none() {
                vs.name = Some(name);
            } else {
                vs.matchers.push(Matcher {
                    name: Name {
                        value: "__name__".into(),
                        span: name.span,
                    },
                    op: MatchOp::Equal,
                    value: StringLiteral { value: name.value },
                    value_span: name.span,
                    span: msp,
                });
            }
            Ok(())
        }
        (Some(label), Some(op), Some(value), None) => {
            let name = Name {
                value: if label.as_rule() == Rule::string {
                    lex::unquote(label.as_str())
                } else {
                    label.as_str().to_string()
                },
                span: span(&label),
            };
            let op = match op.as_str() {
                "=" => MatchOp::Equal,
                "!=" => MatchOp::NotEqual,
                "=~" => MatchOp::Regex,
                _ => MatchOp::NotRegex,
            };
            let v = lex::unquote(value.as_str());
            if matches!(op, MatchOp::Regex | MatchOp::NotRegex) {
                check_regex(&v, msp)?;
            }
            vs.matchers.push(Matcher {
                name,
                op,
                value: StringLiteral { value: v },
                value_span: span(&value),
                span: msp,
            });
            Ok(())
        }
        _ => Err(internal(msp)),
    }
}

/// Prometheus compiles matcher regexes (anchored) while parsing.
fn check_regex(re: &str, sp: Span) -> R<()> {
    if super::simple_regex(re).is_some() {
        return Ok(());
    }
    crate::syntax::go_regex::check(re)
        .map_err(|why| syntax_error(sp, format!("error parsing regexp: {why}")))
}

// ---------------------------------------------------------------- postfix modifiers

fn postfix(mut n: Node, op: Pair<'_, Rule>) -> R<Node> {
    let osp = span(&op);
    let end = osp.end;
    match op.as_rule() {
        Rule::offset => {
            let value = op
                .into_inner()
                .find(|x| x.as_rule() != Rule::kw_offset)
                .ok_or_else(|| internal(osp))?;
            let duration = offset_value(value)?;
            set_offset(
                &mut n.expr,
                Offset {
                    duration,
                    span: osp,
                },
            )?;
        }
        Rule::at => {
            let at = at_modifier(op, &n.expr)?;
            set_at(&mut n.expr, at)?;
        }
        Rule::range_or_subquery => return range_or_subquery(n, op),
        Rule::anchored => set_mode(&mut n.expr, RangeMode::Anchored)?,
        Rule::smoothed => set_mode(&mut n.expr, RangeMode::Smoothed)?,
        _ => return Err(internal(osp)),
    }
    n.expr.span.end = end;
    Ok(n)
}

fn set_offset(e: &mut Expr, offset: Offset) -> R<()> {
    let sp = e.span;
    let slot = match &mut e.kind {
        ExprKind::Vector(vs) => &mut vs.offset,
        ExprKind::Matrix(m) => match &mut m.vector.kind {
            ExprKind::Vector(vs) => &mut vs.offset,
            _ => return Err(syntax_error(sp, "ranges only allowed for vector selectors")),
        },
        ExprKind::Subquery(s) => &mut s.offset,
        _ => {
            return Err(syntax_error(
                sp,
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
            ))
        }
    };
    if slot.is_some() {
        return Err(syntax_error(sp, "offset may not be set multiple times"));
    }
    *slot = Some(offset);
    Ok(())
}

fn at_modifier(op: Pair<'_, Rule>, e: &Expr) -> R<AtModifier> {
    let sp = span(&op);
    let inner = op.into_inner().next().ok_or_else(|| internal(sp))?;
    match inner.as_rule() {
        Rule::at_start => Ok(AtModifier::Start { span: sp }),
        Rule::at_end => Ok(AtModifier::End { span: sp }),
        _ => {
            let seconds = signed_number(inner)?;
            if !seconds.is_finite() || seconds >= i64::MAX as f64 || seconds <= i64::MIN as f64 {
                return Err(syntax_error(
                    e.span,
                    format!(
                        "timestamp out of bounds for @ modifier: {}",
                        go_float(seconds)
                    ),
                ));
            }
            Ok(AtModifier::Timestamp { seconds, span: sp })
        }
    }
}

/// Go's `%f`.
fn go_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else {
        format!("{v:.6}")
    }
}

fn set_at(e: &mut Expr, at: AtModifier) -> R<()> {
    let sp = e.span;
    let slot = match &mut e.kind {
        ExprKind::Vector(vs) => &mut vs.at,
        ExprKind::Matrix(m) => match &mut m.vector.kind {
            ExprKind::Vector(vs) => &mut vs.at,
            _ => return Err(syntax_error(sp, "ranges only allowed for vector selectors")),
        },
        ExprKind::Subquery(s) => &mut s.at,
        _ => {
            return Err(syntax_error(
                sp,
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
            ))
        }
    };
    if slot.is_some() {
        return Err(syntax_error(
            sp,
            "@ <timestamp> may not be set multiple times",
        ));
    }
    *slot = Some(at);
    Ok(())
}

fn set_mode(e: &mut Expr, mode: RangeMode) -> R<()> {
    let name = if mode == RangeMode::Anchored {
        "anchored"
    } else {
        "smoothed"
    };
    let sp = e.span;
    let slot = match &mut e.kind {
        ExprKind::Vector(vs) => &mut vs.mode,
        ExprKind::Matrix(m) => &mut m.mode,
        ExprKind::Subquery(_) => {
            return Err(syntax_error(
                sp,
                format!("{name} modifier is not supported for subqueries"),
            ))
        }
        _ => {
            let mut err = syntax_error(sp, format!("{name} modifier not implemented"));
            err.help = Some(format!(
                "`{name}` applies to vector selectors and range selectors"
            ));
            return Err(err);
        }
    };
    if *slot != RangeMode::Default && *slot != mode {
        return Err(syntax_error(
            sp,
            "anchored and smoothed modifiers cannot be used together",
        ));
    }
    *slot = mode;
    Ok(())
}

fn range_or_subquery(n: Node, op: Pair<'_, Rule>) -> R<Node> {
    let osp = span(&op);
    let mut range = None;
    let mut step = None;
    let mut colon = false;
    for x in op.into_inner() {
        match x.as_rule() {
            Rule::colon => colon = true,
            Rule::dur_expr if colon => step = Some(positive(dur_expr(x)?)?),
            Rule::dur_expr => range = Some(positive(dur_expr(x)?)?),
            _ => {}
        }
    }
    let range = range.ok_or_else(|| internal(osp))?;
    let sp = Span::new(n.expr.span.start, osp.end);
    if colon {
        return node(
            Expr {
                kind: ExprKind::Subquery(Subquery {
                    expr: n.expr,
                    range,
                    step,
                    offset: None,
                    at: None,
                }),
                span: sp,
            },
            n.depth + 1,
            ValueType::Matrix,
        );
    }
    let mut inner = n.expr;
    let mode = match &mut inner.kind {
        ExprKind::Vector(vs) if vs.offset.is_some() => {
            return Err(syntax_error(
                osp,
                "no offset modifiers allowed before range",
            ))
        }
        ExprKind::Vector(vs) if vs.at.is_some() => {
            return Err(syntax_error(osp, "no @ modifiers allowed before range"))
        }
        ExprKind::Vector(vs) => std::mem::take(&mut vs.mode),
        _ => {
            return Err(syntax_error(
                osp,
                "ranges only allowed for vector selectors",
            ))
        }
    };
    node(
        Expr {
            kind: ExprKind::Matrix(MatrixSelector {
                vector: inner,
                range,
                mode,
            }),
            span: sp,
        },
        n.depth + 1,
        ValueType::Matrix,
    )
}

// ---------------------------------------------------------------- durations

/// Ranges and subquery steps must be positive when written as literals.
fn positive(d: DurationExpr) -> R<DurationExpr> {
    let mut lit = &d;
    while let DurationExpr::Paren { expr, .. } = lit {
        lit = expr;
    }
    let non_positive = match lit {
        DurationExpr::Literal { millis, .. } => *millis <= 0,
        DurationExpr::Seconds { value, .. } => *value <= 0.0,
        _ => false,
    };
    if non_positive {
        return Err(syntax_error(lit.span(), "duration must be greater than 0"));
    }
    Ok(d)
}

fn dur_expr(p: Pair<'_, Rule>) -> R<DurationExpr> {
    let mut pairs = p.into_inner();
    dur_climb(&mut pairs, 0)
}

/// Binding power and right associativity of a duration operator.
fn dur_prec(op: &Pair<'_, Rule>) -> (u32, bool) {
    match op.as_str() {
        "+" | "-" => (10, false),
        "^" => (40, true),
        _ => (20, false),
    }
}

/// Precedence climbing over the flat pairs of a duration expression; signs
/// bind between `*` and `^`.
fn dur_climb(pairs: &mut Pairs<'_, Rule>, rbp: u32) -> R<DurationExpr> {
    const PREC_SIGN: u32 = 30;
    let first = pairs.next().ok_or_else(|| internal(Span::new(0, 0)))?;
    let mut lhs = if first.as_rule() == Rule::sign {
        let rhs = dur_climb(pairs, PREC_SIGN - 1)?;
        dur_unary(&first, rhs)?
    } else {
        dur_atom(first)?
    };
    while let Some(op) = pairs.peek() {
        let (prec, right) = dur_prec(&op);
        if rbp >= prec {
            break;
        }
        pairs.next();
        let rhs = dur_climb(pairs, if right { prec - 1 } else { prec })?;
        lhs = dur_binary(lhs, &op, rhs)?;
    }
    Ok(lhs)
}

const MAX_DURATION_SECONDS: f64 = 9_223_372_036.854_776;

fn dur_atom(p: Pair<'_, Rule>) -> R<DurationExpr> {
    let sp = span(&p);
    match p.as_rule() {
        Rule::number => match lex::number(p.as_str(), sp)? {
            NumTok::Duration(millis) => Ok(DurationExpr::Literal { millis, span: sp }),
            NumTok::Number(value) => seconds(value, sp),
        },
        Rule::dur_fn => {
            let is_range = p
                .into_inner()
                .next()
                .is_some_and(|k| k.as_rule() == Rule::kw_range);
            Ok(if is_range {
                DurationExpr::Range { span: sp }
            } else {
                DurationExpr::Step { span: sp }
            })
        }
        Rule::dur_minmax => {
            let mut max = false;
            let mut args = Vec::with_capacity(2);
            for x in p.into_inner() {
                match x.as_rule() {
                    Rule::kw_max | Rule::kw_max_of => max = true,
                    Rule::dur_expr => args.push(dur_expr(x)?),
                    _ => {}
                }
            }
            let rhs = args.pop().ok_or_else(|| internal(sp))?;
            let lhs = args.pop().ok_or_else(|| internal(sp))?;
            Ok(DurationExpr::MinMax {
                max,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                span: sp,
            })
        }
        Rule::dur_paren => Ok(DurationExpr::Paren {
            expr: Box::new(dur_expr(first(p, sp)?)?),
            span: sp,
        }),
        _ => Err(internal(sp)),
    }
}

fn seconds(value: f64, sp: Span) -> R<DurationExpr> {
    if value.abs() > MAX_DURATION_SECONDS {
        return Err(syntax_error(sp, "duration out of range"));
    }
    Ok(DurationExpr::Seconds { value, span: sp })
}

fn dur_unary(op: &Pair<'_, Rule>, rhs: DurationExpr) -> R<DurationExpr> {
    let negative = op.as_str() == "-";
    let sp = Span::new(span(op).start, rhs.span().end);
    // Signs on literals are folded, as Prometheus does.
    match rhs {
        DurationExpr::Literal { millis, .. } => Ok(DurationExpr::Literal {
            millis: if negative { -millis } else { millis },
            span: sp,
        }),
        DurationExpr::Seconds { value, .. } => seconds(if negative { -value } else { value }, sp),
        other => Ok(DurationExpr::Unary {
            negative,
            expr: Box::new(other),
            span: sp,
        }),
    }
}

fn dur_binary(lhs: DurationExpr, op: &Pair<'_, Rule>, rhs: DurationExpr) -> R<DurationExpr> {
    let bop = match op.as_str() {
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "%" => BinaryOp::Mod,
        _ => BinaryOp::Pow,
    };
    let zero = matches!(rhs, DurationExpr::Literal { millis: 0, .. })
        || matches!(rhs, DurationExpr::Seconds { value, .. } if value == 0.0);
    if zero && bop == BinaryOp::Div {
        return Err(syntax_error(span(op), "division by zero"));
    }
    if zero && bop == BinaryOp::Mod {
        return Err(syntax_error(span(op), "modulo by zero"));
    }
    let sp = Span::new(lhs.span().start, rhs.span().end);
    Ok(DurationExpr::Binary {
        op: bop,
        lhs: Box::new(lhs),
        rhs: Box::new(rhs),
        span: sp,
    })
}

/// The duration after `offset`: a signed literal, `step()`, `range()`,
/// `min`/`max`, a signed parenthesised expression, or (starting with `(`)
/// a whole duration expression.
fn offset_value(p: Pair<'_, Rule>) -> R<DurationExpr> {
    let sp = span(&p);
    match p.as_rule() {
        Rule::dur_expr => dur_expr(p),
        Rule::dur_signed_atom => {
            let mut sign = None;
            let mut value = None;
            for x in p.into_inner() {
                match x.as_rule() {
                    Rule::sign => sign = Some(x),
                    _ => value = Some(dur_atom(x)?),
                }
            }
            let value = value.ok_or_else(|| internal(sp))?;
            match sign {
                Some(s) => dur_unary(&s, value),
                None => Ok(value),
            }
        }
        _ => Err(internal(sp)),
    }
}

/// The error for an unknown function, with the function that was probably
/// meant. Kept out of line: the builder recurses once per nesting level,
/// and its frame must stay small.
#[cold]
#[inline(never)]
fn unknown_function(name: &str, span: Span) -> PromqlError {
    let mut e = syntax_error(span, format!("unknown function with name {name:?}"));
    if let Some(new) = functions::removed_in_3(name) {
        e.help = Some(format!("`{name}` was renamed to `{new}` in Prometheus 3.0"));
    } else {
        let names: Vec<&str> = functions::FUNCTIONS.iter().map(|f| f.name).collect();
        if let Some(near) = crate::suggest::closest(name, &names) {
            e.help = Some(format!("did you mean `{near}`?"));
        }
    }
    e
}
