//! Placeholder: experimental features used by an expression.
use super::ast::Expr;
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

pub fn experimental_features(_expr: &Expr) -> Vec<FeatureUse> {
    Vec::new()
}
