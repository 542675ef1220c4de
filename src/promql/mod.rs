//! PromQL: the syntax tree, the parser (with Prometheus' type checks), the
//! function table and the printer.

pub mod ast;
pub mod features;
pub mod functions;
pub mod parser;
pub mod printer;
pub mod typecheck;

use crate::source::Span;
pub use ast::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Type,
}

/// A problem in a PromQL expression, located in the expression text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromqlError {
    pub kind: ErrorKind,
    pub span: Span,
    pub message: String,
    /// How to fix it, when there is something better to say than the message.
    pub help: Option<String>,
}

/// Parses an expression and applies Prometheus' type checks, like
/// Prometheus' `parser.ParseExpr`.
pub fn parse(src: &str) -> Result<Expr, Vec<PromqlError>> {
    let expr = parser::parse(src).map_err(|e| vec![e])?;
    let errors = typecheck::check(&expr);
    if errors.is_empty() {
        Ok(expr)
    } else {
        Err(errors)
    }
}

/// Canonical PromQL text of an expression.
pub fn print(expr: &Expr) -> String {
    printer::print(expr)
}
