//! The evaluator.

use super::*;

pub(super) fn instant_query(
    _storage: &Storage,
    expr: &Expr,
    _t_ms: i64,
    _opts: &QueryOptions,
) -> Result<Value, EvalError> {
    Err(EvalError::new(expr.span, "not implemented yet"))
}
