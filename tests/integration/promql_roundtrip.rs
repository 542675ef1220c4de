//! The printer and the parser agree: printing a tree and parsing the text
//! gives the same tree back, and printing is stable.
//!
//! What "the same tree" means: trees are compared after `normalize`, which
//! erases spans (they locate text, and the printed text is new text),
//! removes `Paren` nodes (the printer adds parentheses wherever a
//! hand-built tree needs them to keep its grouping, and a parsed tree
//! records them; grouping itself is the tree's shape, which is compared),
//! and replaces NaN by a marker (NaN is never equal to itself).
//! Everything else must be identical: operators, modifiers, names, values,
//! duration forms, matcher order.

use promlint::promql::{self, *};
use promlint::source::Span;
use proptest::prelude::*;

// ------------------------------------------------------------ normalizing

/// Stands in for NaN, which `PartialEq` never finds equal. The generator
/// never produces this value itself.
const NAN_MARK: f64 = -1.234_567_890_123e-300;

fn nan(v: f64) -> f64 {
    if v.is_nan() {
        NAN_MARK
    } else {
        v
    }
}

fn n_name(n: &Name) -> Name {
    Name {
        value: n.value.clone(),
        span: Span::default(),
    }
}

fn n_dur(d: &DurationExpr) -> DurationExpr {
    let s = Span::default();
    match d {
        DurationExpr::Literal { millis, .. } => DurationExpr::Literal {
            millis: *millis,
            span: s,
        },
        DurationExpr::Seconds { value, .. } => DurationExpr::Seconds {
            value: nan(*value),
            span: s,
        },
        DurationExpr::Step { .. } => DurationExpr::Step { span: s },
        DurationExpr::Range { .. } => DurationExpr::Range { span: s },
        DurationExpr::MinMax { max, lhs, rhs, .. } => DurationExpr::MinMax {
            max: *max,
            lhs: Box::new(n_dur(lhs)),
            rhs: Box::new(n_dur(rhs)),
            span: s,
        },
        DurationExpr::Unary { negative, expr, .. } => DurationExpr::Unary {
            negative: *negative,
            expr: Box::new(n_dur(expr)),
            span: s,
        },
        DurationExpr::Binary { op, lhs, rhs, .. } => DurationExpr::Binary {
            op: *op,
            lhs: Box::new(n_dur(lhs)),
            rhs: Box::new(n_dur(rhs)),
            span: s,
        },
        DurationExpr::Paren { expr, .. } => n_dur(expr),
    }
}

fn n_offset(o: &Option<Offset>) -> Option<Offset> {
    o.as_ref().map(|o| Offset {
        duration: n_dur(&o.duration),
        span: Span::default(),
    })
}

fn n_at(a: &Option<AtModifier>) -> Option<AtModifier> {
    let s = Span::default();
    a.as_ref().map(|a| match a {
        AtModifier::Timestamp { seconds, .. } => AtModifier::Timestamp {
            seconds: *seconds,
            span: s,
        },
        AtModifier::Start { .. } => AtModifier::Start { span: s },
        AtModifier::End { .. } => AtModifier::End { span: s },
    })
}

fn normalize(e: &Expr) -> Expr {
    let kind = match &e.kind {
        ExprKind::Paren(inner) => return normalize(inner),
        ExprKind::Number(n) => ExprKind::Number(NumberLiteral {
            value: nan(n.value),
            duration: n.duration,
        }),
        ExprKind::String(s) => ExprKind::String(s.clone()),
        ExprKind::Vector(vs) => ExprKind::Vector(VectorSelector {
            name: vs.name.as_ref().map(n_name),
            matchers: vs
                .matchers
                .iter()
                .map(|m| Matcher {
                    name: n_name(&m.name),
                    op: m.op,
                    value: m.value.clone(),
                    value_span: Span::default(),
                    span: Span::default(),
                })
                .collect(),
            offset: n_offset(&vs.offset),
            at: n_at(&vs.at),
            mode: vs.mode,
        }),
        ExprKind::Matrix(m) => ExprKind::Matrix(MatrixSelector {
            vector: Box::new(normalize(&m.vector)),
            range: n_dur(&m.range),
            mode: m.mode,
        }),
        ExprKind::Subquery(s) => ExprKind::Subquery(Subquery {
            expr: Box::new(normalize(&s.expr)),
            range: n_dur(&s.range),
            step: s.step.as_ref().map(n_dur),
            offset: n_offset(&s.offset),
            at: n_at(&s.at),
        }),
        ExprKind::Call(c) => ExprKind::Call(Call {
            func: n_name(&c.func),
            args: c.args.iter().map(normalize).collect(),
        }),
        ExprKind::Aggregate(a) => ExprKind::Aggregate(Aggregate {
            op: a.op,
            op_span: Span::default(),
            param: a.param.as_ref().map(|p| Box::new(normalize(p))),
            expr: Box::new(normalize(&a.expr)),
            grouping: a.grouping.as_ref().map(|g| Grouping {
                without: g.without,
                labels: g.labels.iter().map(n_name).collect(),
                span: Span::default(),
            }),
        }),
        ExprKind::Binary(b) => ExprKind::Binary(Binary {
            op: b.op,
            op_span: Span::default(),
            lhs: Box::new(normalize(&b.lhs)),
            rhs: Box::new(normalize(&b.rhs)),
            return_bool: b.return_bool,
            matching: b.matching.as_ref().map(|m| VectorMatching {
                card: m.card.clone(),
                on: m.on,
                labels: m.labels.iter().map(n_name).collect(),
                labels_span: None,
                include: m.include.iter().map(n_name).collect(),
                group_span: None,
                fill: m.fill.as_ref().map(|f| Fill {
                    left: f.left.map(nan),
                    right: f.right.map(nan),
                    span: Span::default(),
                }),
            }),
        }),
        ExprKind::Unary(u) => ExprKind::Unary(Unary {
            negative: u.negative,
            expr: Box::new(normalize(&u.expr)),
        }),
    };
    Expr {
        kind,
        span: Span::default(),
    }
}

/// print → parse gives the same tree, and printing that tree gives the
/// same text.
fn check_round_trip(tree: &Expr) -> Result<(), String> {
    let text = promql::print(tree);
    let back = promql::parse(&text).map_err(|e| format!("{text:?} does not parse: {e:?}"))?;
    if normalize(&back) != normalize(tree) {
        return Err(format!(
            "{text:?} parses to a different tree:\n  printed: {:#?}\n  parsed: {:#?}",
            normalize(tree),
            normalize(&back)
        ));
    }
    let again = promql::print(&back);
    if again != text {
        return Err(format!("printing is not stable: {text:?} then {again:?}"));
    }
    Ok(())
}

// ------------------------------------------------------------ generating

/// Builds trees from a stream of choices: proptest shrinks the stream
/// towards zeros, which are always the simplest choices, so failures
/// shrink to small trees. Trees are type-correct, so the parser's type
/// checks accept them, and carry exactly what the parser records
/// (e.g. vector matching on every vector/vector operation).
struct Gen {
    choices: Vec<u32>,
    at: usize,
}

const S0: Span = Span::new(0, 0);

impl Gen {
    fn pick(&mut self, n: usize) -> usize {
        let c = self.choices.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        c as usize % n.max(1)
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.pick(one_in) == one_in - 1
    }

    fn of<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.pick(items.len())].clone()
    }

    fn name(&mut self, pool: &[&str]) -> Name {
        Name {
            value: self.of(pool).to_string(),
            span: S0,
        }
    }

    fn e(kind: ExprKind) -> Expr {
        Expr { kind, span: S0 }
    }

    fn number(&mut self) -> Expr {
        let (value, duration) = match self.pick(4) {
            0 => (self.of(&[1.0, 0.0, 2.0, 10.0, 0.5, 100.0]), false),
            1 => (
                self.of(&[
                    -1.0,
                    1e6,
                    1.234_567e-7,
                    0.1 + 0.2,
                    -2.5e300,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NAN,
                    31.0,
                    -0.0,
                    123_456.789,
                ]),
                false,
            ),
            2 => (
                self.of(&[300.0, 60.0, 0.5, 3600.0, 86_400.0 * 7.0, -300.0]),
                true,
            ),
            _ => ((self.pick(1000) as f64) / 8.0, false),
        };
        Self::e(ExprKind::Number(NumberLiteral { value, duration }))
    }

    fn string(&mut self) -> StringLiteral {
        let value = self.of(&[
            "",
            "a",
            "a\"b",
            "back\\slash",
            "new\nline\ttab",
            "é☃😀",
            "\u{1}\u{7f}\u{85}",
            "'`",
        ]);
        StringLiteral {
            value: value.to_string(),
        }
    }

    fn duration(&mut self, depth: u32, positive: bool) -> DurationExpr {
        let leaf = depth == 0 || self.pick(3) != 0;
        if leaf {
            return match self.pick(if positive { 4 } else { 6 }) {
                0 => DurationExpr::Literal {
                    millis: self.of(&[
                        300_000,
                        60_000,
                        1000,
                        3_600_000,
                        5_400_500,
                        86_400_000 * 400,
                    ]),
                    span: S0,
                },
                1 => DurationExpr::Seconds {
                    value: self.of(&[30.0, 1.5, 1e6, 0.25]),
                    span: S0,
                },
                2 => DurationExpr::Step { span: S0 },
                3 => DurationExpr::Range { span: S0 },
                4 => DurationExpr::Literal {
                    millis: self.of(&[-300_000, 0, -1]),
                    span: S0,
                },
                _ => DurationExpr::Seconds {
                    value: self.of(&[-30.0, 0.0, -1e-3]),
                    span: S0,
                },
            };
        }
        match self.pick(3) {
            0 => DurationExpr::Unary {
                negative: self.pick(2) == 0,
                expr: Box::new(self.duration(depth - 1, true)),
                span: S0,
            },
            1 => DurationExpr::MinMax {
                max: self.pick(2) == 0,
                lhs: Box::new(self.duration(depth - 1, false)),
                rhs: Box::new(self.duration(depth - 1, false)),
                span: S0,
            },
            _ => {
                let op = self.of(&[
                    BinaryOp::Add,
                    BinaryOp::Sub,
                    BinaryOp::Mul,
                    BinaryOp::Div,
                    BinaryOp::Mod,
                    BinaryOp::Pow,
                ]);
                // A literal zero divisor is rejected while parsing.
                let nonzero = matches!(op, BinaryOp::Div | BinaryOp::Mod);
                DurationExpr::Binary {
                    op,
                    lhs: Box::new(self.duration(depth - 1, false)),
                    rhs: Box::new(self.duration(depth - 1, nonzero)),
                    span: S0,
                }
            }
        }
    }

    fn offset(&mut self) -> Option<Offset> {
        self.chance(3).then(|| Offset {
            duration: self.duration(2, false),
            span: S0,
        })
    }

    fn at(&mut self) -> Option<AtModifier> {
        if !self.chance(4) {
            return None;
        }
        Some(match self.pick(3) {
            0 => AtModifier::Start { span: S0 },
            1 => AtModifier::End { span: S0 },
            _ => AtModifier::Timestamp {
                seconds: self.of(&[1_609_746_000.0, 1.5, -100.25, 0.001, 1e-7]),
                span: S0,
            },
        })
    }

    fn selector(&mut self, instant: bool) -> VectorSelector {
        const METRICS: &[&str] = &[
            "up",
            "http_requests_total",
            "job:rate5m:sum",
            "my.metric",
            "bool",
            "sum",
            "rate",
            "Inf",
            "métrique",
        ];
        const LABELS: &[&str] = &["job", "instance", "le", "a.b", "on", "ünï", "by"];
        let name = (self.pick(4) != 0).then(|| self.name(METRICS));
        let mut matchers = Vec::new();
        if name.is_none() {
            // Some matcher must not match the empty string.
            matchers.push(Matcher {
                name: self.name(LABELS),
                op: MatchOp::Equal,
                value: StringLiteral { value: "x".into() },
                value_span: S0,
                span: S0,
            });
        }
        for _ in 0..self.pick(3) {
            let op = self.of(&[
                MatchOp::Equal,
                MatchOp::NotEqual,
                MatchOp::Regex,
                MatchOp::NotRegex,
            ]);
            let value = if matches!(op, MatchOp::Regex | MatchOp::NotRegex) {
                StringLiteral {
                    value: self
                        .of(&["5..", ".+", "a|b", "\\d+", "(?i)err.*", ""])
                        .into(),
                }
            } else {
                self.string()
            };
            matchers.push(Matcher {
                name: self.name(LABELS),
                op,
                value,
                value_span: S0,
                span: S0,
            });
        }
        VectorSelector {
            name,
            matchers,
            offset: self.offset(),
            at: self.at(),
            mode: if instant && self.chance(8) {
                self.of(&[RangeMode::Anchored, RangeMode::Smoothed])
            } else {
                RangeMode::Default
            },
        }
    }

    fn labels(&mut self) -> Vec<Name> {
        const GROUP_LABELS: &[&str] = &["job", "instance", "le", "a.b", "ünï", "x:y"];
        (0..self.pick(3)).map(|_| self.name(GROUP_LABELS)).collect()
    }

    fn matrix(&mut self, depth: u32) -> Expr {
        if depth > 0 && self.chance(3) {
            return Self::e(ExprKind::Subquery(Subquery {
                expr: Box::new(self.expr(ValueType::Vector, depth - 1)),
                range: self.duration(1, true),
                step: self.chance(2).then(|| self.duration(1, true)),
                offset: self.offset(),
                at: self.at(),
            }));
        }
        let vs = self.selector(false);
        Self::e(ExprKind::Matrix(MatrixSelector {
            vector: Box::new(Self::e(ExprKind::Vector(vs))),
            range: self.duration(1, true),
            mode: if self.chance(6) {
                self.of(&[RangeMode::Anchored, RangeMode::Smoothed])
            } else {
                RangeMode::Default
            },
        }))
    }

    fn call(&mut self, ret: ValueType, depth: u32) -> Expr {
        use ValueType::{Matrix as M, Scalar as S, String as Str, Vector as V};
        const VECTOR_FUNCS: &[(&str, &[ValueType])] = &[
            ("rate", &[M]),
            ("increase", &[M]),
            ("max_over_time", &[M]),
            ("abs", &[V]),
            ("histogram_quantile", &[S, V]),
            ("clamp", &[V, S, S]),
            ("round", &[V]),
            ("round", &[V, S]),
            ("vector", &[S]),
            ("label_replace", &[V, Str, Str, Str, Str]),
            ("sort_desc", &[V]),
            ("absent", &[V]),
            ("predict_linear", &[M, S]),
            ("quantile_over_time", &[S, M]),
        ];
        const SCALAR_FUNCS: &[(&str, &[ValueType])] =
            &[("scalar", &[V]), ("time", &[]), ("pi", &[])];
        let (name, args) = if ret == S {
            self.of(SCALAR_FUNCS)
        } else {
            self.of(VECTOR_FUNCS)
        };
        let args = if name == "label_replace" {
            let mut a = vec![self.expr(V, depth)];
            for s in ["dst", "$1", "src", "(.*)"] {
                a.push(Self::e(ExprKind::String(StringLiteral { value: s.into() })));
            }
            a
        } else {
            args.iter().map(|&t| self.expr(t, depth)).collect()
        };
        Self::e(ExprKind::Call(Call {
            func: Name {
                value: name.into(),
                span: S0,
            },
            args,
        }))
    }

    fn aggregate(&mut self, depth: u32) -> Expr {
        let op = self.of(&AggregateOp::ALL);
        let param = op.param_type().map(|t| {
            Box::new(if t == ValueType::String {
                Self::e(ExprKind::String(StringLiteral {
                    value: "value".into(),
                }))
            } else {
                self.expr(ValueType::Scalar, depth)
            })
        });
        let grouping = self.chance(2).then(|| Grouping {
            without: self.pick(2) == 0,
            labels: self.labels(),
            span: S0,
        });
        Self::e(ExprKind::Aggregate(Aggregate {
            op,
            op_span: S0,
            param,
            expr: Box::new(self.expr(ValueType::Vector, depth)),
            grouping,
        }))
    }

    fn binary(&mut self, ty: ValueType, depth: u32) -> Expr {
        use BinaryOp::*;
        let (lt, rt) = if ty == ValueType::Scalar {
            (ValueType::Scalar, ValueType::Scalar)
        } else {
            self.of(&[
                (ValueType::Vector, ValueType::Vector),
                (ValueType::Vector, ValueType::Vector),
                (ValueType::Vector, ValueType::Scalar),
                (ValueType::Scalar, ValueType::Vector),
            ])
        };
        let vectors = lt == ValueType::Vector && rt == ValueType::Vector;
        let ops: &[BinaryOp] = if vectors {
            &[
                Add, Sub, Mul, Div, Mod, Pow, Atan2, Eql, Neq, Gtr, Lss, Gte, Lte, TrimUpper,
                TrimLower, And, Or, Unless,
            ]
        } else {
            &[
                Add, Sub, Mul, Div, Mod, Pow, Atan2, Eql, Neq, Gtr, Lss, Gte, Lte, TrimUpper,
                TrimLower,
            ]
        };
        let op = self.of(ops);
        // Scalar comparisons need `bool`.
        let return_bool =
            op.is_comparison() && (!vectors && ty == ValueType::Scalar || self.chance(3));
        let matching = vectors.then(|| {
            let on = match self.pick(3) {
                0 => None,
                1 => Some(true),
                _ => Some(false),
            };
            let labels = if on.is_some() {
                self.labels()
            } else {
                Vec::new()
            };
            let group = on.is_some() && !op.is_set() && self.chance(3);
            let mut include = if group { self.labels() } else { Vec::new() };
            if on == Some(true) {
                include.retain(|l| labels.iter().all(|x| x.value != l.value));
            }
            let card = if group {
                self.of(&[Cardinality::ManyToOne, Cardinality::OneToMany])
            } else if op.is_set() {
                Cardinality::ManyToMany
            } else {
                Cardinality::OneToOne
            };
            let fill = (!op.is_set() && self.chance(5)).then(|| {
                let v = self.of(&[Some(0.0), Some(-1.5), Some(f64::NAN), None]);
                let (left, right) = match self.pick(3) {
                    0 => (v.or(Some(1.0)), v.or(Some(1.0))),
                    1 => (v.or(Some(2.0)), None),
                    _ => (v, Some(1e6)),
                };
                Fill {
                    left,
                    right,
                    span: S0,
                }
            });
            VectorMatching {
                card,
                on,
                labels,
                labels_span: None,
                include,
                group_span: None,
                fill,
            }
        });
        Self::e(ExprKind::Binary(Binary {
            op,
            op_span: S0,
            lhs: Box::new(self.expr(lt, depth)),
            rhs: Box::new(self.expr(rt, depth)),
            return_bool,
            matching,
        }))
    }

    fn expr(&mut self, ty: ValueType, depth: u32) -> Expr {
        match ty {
            ValueType::String => Self::e(ExprKind::String(self.string())),
            ValueType::Matrix => self.matrix(depth),
            ValueType::Scalar => {
                if depth == 0 {
                    return self.number();
                }
                match self.pick(6) {
                    0 | 1 => self.number(),
                    2 => self.binary(ty, depth - 1),
                    3 => Self::e(ExprKind::Unary(Unary {
                        negative: self.pick(3) != 0,
                        expr: Box::new(self.expr(ty, depth - 1)),
                    })),
                    4 => self.call(ty, depth - 1),
                    _ => Self::e(ExprKind::Paren(Box::new(self.expr(ty, depth - 1)))),
                }
            }
            ValueType::Vector => {
                if depth == 0 {
                    return Self::e(ExprKind::Vector(self.selector(true)));
                }
                match self.pick(7) {
                    0 | 1 => Self::e(ExprKind::Vector(self.selector(true))),
                    2 => self.binary(ty, depth - 1),
                    3 => self.aggregate(depth - 1),
                    4 => self.call(ty, depth - 1),
                    5 => Self::e(ExprKind::Unary(Unary {
                        negative: self.pick(3) != 0,
                        expr: Box::new(self.expr(ty, depth - 1)),
                    })),
                    _ => Self::e(ExprKind::Paren(Box::new(self.expr(ty, depth - 1)))),
                }
            }
        }
    }
}

fn tree() -> impl Strategy<Value = Expr> {
    (0..4u32, proptest::collection::vec(any::<u32>(), 0..400)).prop_map(|(top, choices)| {
        let mut g = Gen { choices, at: 0 };
        let ty = [
            ValueType::Vector,
            ValueType::Scalar,
            ValueType::Matrix,
            ValueType::String,
        ][top as usize];
        g.expr(ty, 4)
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        // Integration tests have no lib.rs beside them to persist into.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn printed_trees_parse_back(t in tree()) {
        if let Err(msg) = check_round_trip(&t) {
            prop_assert!(false, "{}", msg);
        }
    }
}

// ------------------------------------------------------------ realistic text

/// Expressions using syntax the benchmark set (which both parsers must
/// accept) leaves out: Prometheus 3.x additions and odd spellings.
const EXTRA: &[&str] = &[
    r#"{"my.metric", "a.b"="c"}"#,
    r#"sum by ("a.b", job) ({"my.metric"})"#,
    "rate(x[5m] anchored)",
    "increase(x[1h] smoothed offset 1d)",
    "x anchored",
    "rate(x[5m * 2])",
    "rate(x[step() + 1m])",
    "x offset (1h + 30m)",
    "x offset -(step())",
    "x offset -5m @ 100",
    "max_over_time(x[1h:step()])",
    "rate(x[min(5m, range())])",
    "a + on (job) fill(0) b",
    "a - ignoring (x) group_left (y) fill_left(1) fill_right(-Inf) b",
    "limitk(2, x)",
    "limit_ratio by (job) (0.5, x)",
    "x[300]",
    "x offset 1.5",
    "(((x)))",
    "-(-(1))",
    "- - x",
    "+x",
    "1 + 2 * 3 ^ 4 ^ 5 % 6",
    "(1 + 2) * (3 - 4) / -5",
    "x == bool 1 != bool 0",
    "a and b or c unless d",
    "a and (b or c)",
    "0x10 + 1_0",
    "5m + 1h30m",
    "-5m",
    "Inf + -Inf + NaN + nan + inf",
    "1e308 * 10",
    "label_replace(x, 'dst', \"dou\\\"ble\", `src`, \"(.*)\")",
    "\"\\x41\\101\\u00e9\\t\"",
    "`raw\\string`",
    "info(up, {k8s_cluster_id=~\".+\"})",
    "sum(x) by (job)",
    "topk(3, x) without (a)",
    "x @ 1609746000.123",
    "x @ -5",
    "x[5m] @ start() offset 1m",
    "rate(x[5m])[30m:1m] @ end() offset -1h",
];

#[test]
fn realistic_expressions_survive_print_and_parse() {
    let data = include_str!("../../benches/data/expressions.promql");
    let mut n = 0;
    let mut failures = Vec::new();
    for src in data
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .chain(EXTRA.iter().copied())
    {
        n += 1;
        match promql::parse(src) {
            Err(e) => failures.push(format!("{src:?} does not parse: {e:?}")),
            Ok(tree) => {
                if let Err(msg) = check_round_trip(&tree) {
                    failures.push(format!("from {src:?}: {msg}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(n > 250, "only {n} expressions");
}
