//! Placeholder: the PromQL function table.
use super::ast::ValueType;

#[derive(Debug)]
pub struct Function {
    pub name: &'static str,
    pub arg_types: &'static [ValueType],
    /// 0: exactly `arg_types`; n > 0: the last n may be left out;
    /// -1: the last type repeats any number of times.
    pub variadic: i32,
    pub return_type: ValueType,
    pub experimental: bool,
}

pub fn lookup(_name: &str) -> Option<&'static Function> {
    None
}
