//! Placeholder: canonical PromQL printer.
use super::ast::Expr;

pub fn print(_expr: &Expr) -> String {
    String::new()
}
