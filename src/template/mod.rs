//! Go text/template syntax, as Prometheus uses it in rule labels and
//! annotations: `parse` reports the first syntax error Go would report
//! when Prometheus loads the rule (located in the template text), and
//! which alert labels the template reads.
//!
//! Prometheus prepends `{{$labels := .Labels}}`, `$externalLabels`,
//! `$externalURL` and `$value` definitions to the text, so those variables
//! are defined here too. Calls are checked against Go's builtins and
//! Prometheus' template functions, as Go does at parse time.

mod ast;
mod exec;
mod expand;
mod funcs;
mod gofmt;
mod gotime;
mod lexer;
mod literal;
mod parser;
mod prom;
mod regex;
mod value;

pub use expand::{
    expand, expand_alert, ExpandData, NoQueries, QueryHost, QueryResultSample, PROMETHEUS_PREFIX,
};
pub use funcs::{is_known_function, GO_BUILTINS, PROMETHEUS};

use crate::source::Span;

/// How deeply `if`/`range`/`with`/`define` and parentheses may nest before
/// we give up with an error, rather than exhausting the stack.
pub const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte span in the template text.
    pub span: Span,
    pub message: String,
    /// How to fix it, when there is more to say than the message.
    pub help: Option<String>,
}

/// What a template reads: the labels it looks up via `$labels.x` or
/// `.Labels.x`, with their spans.
///
/// `label_refs` holds, in text order, every `$labels.NAME`, `$.Labels.NAME`,
/// `.Labels.NAME` (where `.` is still the alert's data, i.e. not inside
/// `range`, `with` or a `define`d template), and `index $labels "NAME"` /
/// `index .Labels "NAME"`. The span is that of `NAME` (without the dot), or
/// of the string literal with its quotes for `index`. Reads through a
/// `$labels` the template declared or assigned itself are not counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateInfo {
    pub label_refs: Vec<(String, Span)>,
    /// `$value`, `.Value` or `$.Value` is read.
    pub uses_value: bool,
}

/// Checks a label or annotation template.
pub fn parse(text: &str) -> Result<TemplateInfo, TemplateError> {
    parser::parse(text)
}
