//! The PromQL syntax tree. The checker, the printer and the engine all work
//! on these types. Every node carries its byte span in the expression text.

use crate::source::Span;

/// The four value types of PromQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    Scalar,
    /// An instant vector.
    Vector,
    /// A range vector.
    Matrix,
    String,
}

impl ValueType {
    /// The name Prometheus uses in its messages.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Scalar => "scalar",
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
            ValueType::String => "string",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number literal (`1`, `-2.5e3`, `0x1f`, `Inf`, `NaN`, or a duration
    /// such as `5m` where Prometheus reads it as seconds). A unary minus or
    /// plus directly on a literal is folded into it, as Prometheus does.
    Number(NumberLiteral),
    String(StringLiteral),
    Vector(VectorSelector),
    Matrix(MatrixSelector),
    Subquery(Subquery),
    Call(Call),
    Aggregate(Aggregate),
    Binary(Binary),
    Unary(Unary),
    Paren(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct NumberLiteral {
    pub value: f64,
    /// Written as a duration (`5m`), which the printer keeps.
    pub duration: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringLiteral {
    /// The unescaped value.
    pub value: String,
}

/// A label or metric name as written, with its span (quoted names keep the
/// span of the quoted string).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    Regex,
    /// `!~`
    NotRegex,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Matcher {
    pub name: Name,
    pub op: MatchOp,
    pub value: StringLiteral,
    /// Span of the value's string literal, quotes included.
    pub value_span: Span,
    pub span: Span,
}

/// `name{matchers} offset d @ t`. A metric name written inside the braces as
/// a quoted string (`{"my.metric"}`) is stored in `name` as well.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorSelector {
    pub name: Option<Name>,
    /// Label matchers, not including the metric name.
    pub matchers: Vec<Matcher>,
    pub offset: Option<Offset>,
    pub at: Option<AtModifier>,
    /// `anchored`/`smoothed` written on an instant selector (Prometheus
    /// 3.x experimental). On a range selector the mode lives in
    /// [`MatrixSelector::mode`] and this stays `Default`.
    pub mode: RangeMode,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Offset {
    pub duration: DurationExpr,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AtModifier {
    /// `@ 1609746000` (seconds since the epoch)
    Timestamp { seconds: f64, span: Span },
    /// `@ start()`
    Start { span: Span },
    /// `@ end()`
    End { span: Span },
}

impl AtModifier {
    pub fn span(&self) -> Span {
        match self {
            AtModifier::Timestamp { span, .. }
            | AtModifier::Start { span }
            | AtModifier::End { span } => *span,
        }
    }
}

/// How a range selector picks its samples (Prometheus 3.x experimental
/// `anchored` and `smoothed` modifiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RangeMode {
    #[default]
    Default,
    Anchored,
    Smoothed,
}

/// `selector[range]`. Offset and `@` written after the brackets are stored
/// on the inner vector selector, as in Prometheus.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSelector {
    pub vector: Box<Expr>,
    pub range: DurationExpr,
    pub mode: RangeMode,
}

/// `expr[range:step] offset d @ t`
#[derive(Clone, Debug, PartialEq)]
pub struct Subquery {
    pub expr: Box<Expr>,
    pub range: DurationExpr,
    pub step: Option<DurationExpr>,
    pub offset: Option<Offset>,
    pub at: Option<AtModifier>,
}

/// A duration in brackets or after `offset`: a literal, or (Prometheus 3.x
/// experimental duration expressions) arithmetic over durations, numbers
/// and `step()`.
#[derive(Clone, Debug, PartialEq)]
pub enum DurationExpr {
    /// `5m`, `1h30m`: milliseconds.
    Literal {
        millis: i64,
        span: Span,
    },
    /// A plain number of seconds (`[300]`).
    Seconds {
        value: f64,
        span: Span,
    },
    /// `step()`
    Step {
        span: Span,
    },
    /// `range()`: the range of the query (Prometheus 3.x).
    Range {
        span: Span,
    },
    /// `min(a, b)` or `max(a, b)` of two durations.
    MinMax {
        max: bool,
        lhs: Box<DurationExpr>,
        rhs: Box<DurationExpr>,
        span: Span,
    },
    /// `-d` or `+d`
    Unary {
        negative: bool,
        expr: Box<DurationExpr>,
        span: Span,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<DurationExpr>,
        rhs: Box<DurationExpr>,
        span: Span,
    },
    Paren {
        expr: Box<DurationExpr>,
        span: Span,
    },
}

impl DurationExpr {
    pub fn span(&self) -> Span {
        match self {
            DurationExpr::Literal { span, .. }
            | DurationExpr::Seconds { span, .. }
            | DurationExpr::Step { span }
            | DurationExpr::Range { span }
            | DurationExpr::MinMax { span, .. }
            | DurationExpr::Unary { span, .. }
            | DurationExpr::Binary { span, .. }
            | DurationExpr::Paren { span, .. } => *span,
        }
    }

    /// True when this is a plain literal (no experimental arithmetic).
    pub fn is_literal(&self) -> bool {
        matches!(
            self,
            DurationExpr::Literal { .. } | DurationExpr::Seconds { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function name as written (lower case in valid PromQL).
    pub func: Name,
    pub args: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggregateOp {
    Sum,
    Min,
    Max,
    Avg,
    Group,
    Stddev,
    Stdvar,
    Count,
    CountValues,
    Bottomk,
    Topk,
    Quantile,
    Limitk,
    LimitRatio,
}

impl AggregateOp {
    pub const ALL: [AggregateOp; 14] = [
        AggregateOp::Sum,
        AggregateOp::Min,
        AggregateOp::Max,
        AggregateOp::Avg,
        AggregateOp::Group,
        AggregateOp::Stddev,
        AggregateOp::Stdvar,
        AggregateOp::Count,
        AggregateOp::CountValues,
        AggregateOp::Bottomk,
        AggregateOp::Topk,
        AggregateOp::Quantile,
        AggregateOp::Limitk,
        AggregateOp::LimitRatio,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AggregateOp::Sum => "sum",
            AggregateOp::Min => "min",
            AggregateOp::Max => "max",
            AggregateOp::Avg => "avg",
            AggregateOp::Group => "group",
            AggregateOp::Stddev => "stddev",
            AggregateOp::Stdvar => "stdvar",
            AggregateOp::Count => "count",
            AggregateOp::CountValues => "count_values",
            AggregateOp::Bottomk => "bottomk",
            AggregateOp::Topk => "topk",
            AggregateOp::Quantile => "quantile",
            AggregateOp::Limitk => "limitk",
            AggregateOp::LimitRatio => "limit_ratio",
        }
    }

    /// The type of the parameter, for the operators that take one.
    pub fn param_type(self) -> Option<ValueType> {
        match self {
            AggregateOp::CountValues => Some(ValueType::String),
            AggregateOp::Bottomk
            | AggregateOp::Topk
            | AggregateOp::Quantile
            | AggregateOp::Limitk
            | AggregateOp::LimitRatio => Some(ValueType::Scalar),
            _ => None,
        }
    }

    /// Experimental in Prometheus 3.x (needs `--enable-feature=promql-experimental-functions`).
    pub fn is_experimental(self) -> bool {
        matches!(self, AggregateOp::Limitk | AggregateOp::LimitRatio)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// `without (...)` rather than `by (...)`.
    pub without: bool,
    pub labels: Vec<Name>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub op: AggregateOp,
    /// Span of the operator keyword.
    pub op_span: Span,
    pub param: Option<Box<Expr>>,
    pub expr: Box<Expr>,
    pub grouping: Option<Grouping>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// `atan2`
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    /// `</`: a histogram without its observations above a value.
    TrimUpper,
    /// `>/`: a histogram without its observations below a value.
    TrimLower,
    And,
    Or,
    Unless,
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
            BinaryOp::Atan2 => "atan2",
            BinaryOp::Eql => "==",
            BinaryOp::Neq => "!=",
            BinaryOp::Gtr => ">",
            BinaryOp::Lss => "<",
            BinaryOp::Gte => ">=",
            BinaryOp::Lte => "<=",
            BinaryOp::TrimUpper => "</",
            BinaryOp::TrimLower => ">/",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Unless => "unless",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eql
                | BinaryOp::Neq
                | BinaryOp::Gtr
                | BinaryOp::Lss
                | BinaryOp::Gte
                | BinaryOp::Lte
        )
    }

    /// The histogram trim operators `</` and `>/`.
    pub fn is_trim(self) -> bool {
        matches!(self, BinaryOp::TrimUpper | BinaryOp::TrimLower)
    }

    pub fn is_set(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::Unless)
    }

    /// Binding strength as in Prometheus: higher binds tighter.
    /// `or` 1, `and unless` 2, comparisons and trims 3, `+ -` 4,
    /// `* / % atan2` 5, `^` 6.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And | BinaryOp::Unless => 2,
            BinaryOp::Eql
            | BinaryOp::Neq
            | BinaryOp::Gtr
            | BinaryOp::Lss
            | BinaryOp::Gte
            | BinaryOp::Lte
            | BinaryOp::TrimUpper
            | BinaryOp::TrimLower => 3,
            BinaryOp::Add | BinaryOp::Sub => 4,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Atan2 => 5,
            BinaryOp::Pow => 6,
        }
    }

    pub fn is_right_associative(self) -> bool {
        self == BinaryOp::Pow
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cardinality {
    OneToOne,
    /// `group_left(labels)`
    ManyToOne,
    /// `group_right(labels)`
    OneToMany,
    /// Between set operators.
    ManyToMany,
}

/// Prometheus 3.x experimental fill modifiers: `fill(v)`, `fill_left(v)`,
/// `fill_right(v)` give a value to series missing on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct Fill {
    pub left: Option<f64>,
    pub right: Option<f64>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VectorMatching {
    pub card: Cardinality,
    /// `on(...)` (true) or `ignoring(...)` (false); `None` when neither was
    /// written.
    pub on: Option<bool>,
    pub labels: Vec<Name>,
    /// Span of the `on(...)`/`ignoring(...)` clause when written.
    pub labels_span: Option<Span>,
    /// Extra labels of `group_left(...)`/`group_right(...)`.
    pub include: Vec<Name>,
    /// Span of the `group_left(...)`/`group_right(...)` clause when written.
    pub group_span: Option<Span>,
    pub fill: Option<Fill>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Binary {
    pub op: BinaryOp,
    pub op_span: Span,
    pub lhs: Box<Expr>,
    pub rhs: Box<Expr>,
    /// The `bool` modifier of comparisons.
    pub return_bool: bool,
    /// Present whenever both sides are instant vectors, or when modifiers
    /// were written.
    pub matching: Option<VectorMatching>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Unary {
    /// `-` (true) or `+` (false).
    pub negative: bool,
    pub expr: Box<Expr>,
}

impl Expr {
    /// The expression with parentheses removed.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }

    /// Calls `f` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Vector(_) => {}
            ExprKind::Matrix(m) => m.vector.walk(f),
            ExprKind::Subquery(s) => s.expr.walk(f),
            ExprKind::Call(c) => c.args.iter().for_each(|a| a.walk(f)),
            ExprKind::Aggregate(a) => {
                if let Some(p) = &a.param {
                    p.walk(f);
                }
                a.expr.walk(f);
            }
            ExprKind::Binary(b) => {
                b.lhs.walk(f);
                b.rhs.walk(f);
            }
            ExprKind::Unary(u) => u.expr.walk(f),
            ExprKind::Paren(e) => e.walk(f),
        }
    }
}
