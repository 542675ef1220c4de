//! The PromQL engine: an in-memory series store and an instant-query
//! evaluator over the shared AST, with Prometheus 3.x float semantics.
//!
//! Floats are computed with the same operations in the same order as
//! Prometheus: Kahan-compensated sums where it uses them (`sum`, `avg`,
//! `sum_over_time`, `avg_over_time`, the variance functions, regression),
//! and Go's algorithms for `math.Pow`, `Exp`, the logarithms, trigonometric
//! and hyperbolic functions (see `gomath`), so results agree to the last bit.
//!
//! Semantics of 3.x: left-open lookback windows and range selectors,
//! staleness markers, `offset`, `@` (`start()`/`end()` are the query time),
//! subqueries aligned to multiples of their step, every float function and
//! aggregation, vector matching with its errors, and the experimental
//! features (`anchored`/`smoothed` ranges, `fill` modifiers, duration
//! expressions, `info`, `limitk`, `limit_ratio`, `ts_of_*_over_time`, ...).
//!
//! Native histograms (`histogram`) travel beside floats: a sample or a
//! range point is a float or a histogram, as in Prometheus. Not supported:
//! the experimental `integral()` (an error says so). The quantile and
//! fraction functions over classic and native histograms are in
//! `quantile`, the trim operators `</` and `>/` in `trim`.
//!
//! Input order: selectors return series sorted by labels. promtool loads
//! test series in an unspecified order, so aggregations whose result depends
//! on the order of their inputs (the last bit of a `stddev`, which series
//! `limitk` keeps) can differ from one promtool run to the next.

mod aggregate;
mod aggregate_histogram;
mod binary;
mod binary_histogram;
mod eval;
mod functions;
mod gomath;
pub mod histogram;
mod histogram_bounds;
mod info;
mod labels;
pub(crate) mod num;
mod quantile;
mod range_histogram;
mod step_cache;
mod storage;
mod trim;

pub use labels::{Labels, METRIC_NAME};
pub use storage::Storage;

use crate::promql::Expr;
use crate::source::Span;

/// The bit pattern Prometheus uses to mark a series as stale.
pub const STALE_NAN_BITS: u64 = 0x7ff0000000000002;

pub fn stale_nan() -> f64 {
    f64::from_bits(STALE_NAN_BITS)
}

pub fn is_stale(v: f64) -> bool {
    v.to_bits() == STALE_NAN_BITS
}

/// One sample of an instant vector; `t` is the evaluation time.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub labels: Labels,
    pub t: i64,
    pub v: f64,
    /// A native histogram sample (then `v` is 0).
    pub h: Option<Hist>,
}

/// A shared native histogram.
pub type Hist = std::sync::Arc<histogram::FloatHistogram>;

/// One series of a range vector.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeSeries {
    pub labels: Labels,
    pub points: Vec<(i64, f64)>,
    /// Native histogram samples, in time order.
    pub hpoints: Vec<(i64, Hist)>,
}

/// The result of a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar { t: i64, v: f64 },
    Vector(Vec<Sample>),
    Matrix(Vec<RangeSeries>),
    String { t: i64, v: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryOptions {
    /// How far back an instant selector looks for a sample (5m).
    pub lookback_ms: i64,
    /// The step of subqueries written without one (`[5m:]`); promtool uses
    /// the test's evaluation interval.
    pub default_subquery_step_ms: i64,
    /// `promql-delayed-name-removal`: functions and operators that drop the
    /// metric name only mark their result; the name goes at the end of the
    /// query, so `label_replace` and `by (__name__)` still see it.
    pub delayed_name_removal: bool,
    /// `type-and-unit-labels`. Prometheus' engine uses it only to choose
    /// the info annotation of `rate`/`increase` on a possible non-counter
    /// (by `__type__` rather than by name), which promlint does not give:
    /// results are the same either way.
    pub type_and_unit_labels: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            lookback_ms: 300_000,
            default_subquery_step_ms: 60_000,
            delayed_name_removal: false,
            type_and_unit_labels: false,
        }
    }
}

/// A failed evaluation, located in the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    pub span: Span,
    pub message: String,
}

impl EvalError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> EvalError {
        EvalError {
            span,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EvalError {}

/// How serious an [`Annotation`] is, as Prometheus classes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnnotationLevel {
    /// Something that may be a mistake (`PromQL info: ...`).
    Info,
    /// A sample was dropped or a result is doubtful (`PromQL warning: ...`).
    Warning,
}

/// A note Prometheus attaches to a query result without failing it: a
/// sample it dropped (a float mixed with histograms, incompatible schemas),
/// an argument out of range, a metric name that does not fit the function.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Annotation {
    pub level: AnnotationLevel,
    pub message: String,
    /// The part of the expression it is about.
    pub span: Span,
}

impl std::fmt::Display for Annotation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            AnnotationLevel::Info => "info",
            AnnotationLevel::Warning => "warning",
        };
        write!(f, "PromQL {level}: {}", self.message)
    }
}

/// Evaluates `expr` at `t_ms` (milliseconds since the epoch), as a
/// Prometheus instant query.
pub fn instant_query(
    storage: &Storage,
    expr: &Expr,
    t_ms: i64,
    opts: &QueryOptions,
) -> Result<Value, EvalError> {
    eval::instant_query(storage, expr, t_ms, opts).map(|(v, _)| v)
}

/// Like [`instant_query`], with the annotations of the evaluation, sorted
/// and without duplicates.
pub fn instant_query_annotated(
    storage: &Storage,
    expr: &Expr,
    t_ms: i64,
    opts: &QueryOptions,
) -> Result<(Value, Vec<Annotation>), EvalError> {
    eval::instant_query(storage, expr, t_ms, opts)
}
