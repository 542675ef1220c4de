//! Go text/template, as Prometheus uses it in rule labels and annotations.
//!
//! `parse` reports the first syntax error Go would report when Prometheus
//! loads the rule (located in the template text), and which alert labels
//! the template reads. Prometheus prepends `{{$labels := .Labels}}`,
//! `$externalLabels`, `$externalURL` and `$value` definitions to the text,
//! so those variables are defined here too. Calls are checked against Go's
//! builtins and Prometheus' template functions, as Go does at parse time.
//!
//! `expand`/`expand_alert` (and `CompiledTemplate`) execute a template as
//! Prometheus 3.x does when it evaluates an alerting rule: Go's execution
//! semantics (with `missingkey=zero`), Go's `fmt` printing, Go's builtins
//! and Prometheus' functions, and Go's error texts with Go's `line:column`
//! counted in the prefixed text. Where Prometheus 2.42 (built with an
//! older Go) differs, we follow 3.x: `.Value` is an `interface {}`,
//! `title` uses Unicode title casing, `range` iterates over integers,
//! `else with` exists, `call` names its argument in errors, and `toTime`,
//! `toDuration`, `now`, `stripDomain` exist.
//!
//! Known gaps: complex number constants are not supported; Go would print
//! the addresses of samples inside a printed list, which differ from run to
//! run, where we print a fixed placeholder; methods are only those of
//! `time.Time` and `time.Duration` that templates use; we stop runaway
//! recursion or loops earlier than Go would.

pub(crate) mod ast;
mod builtins;
mod exec;
mod expand;
mod funcs;
pub(crate) mod gofloat;
mod gofmt;
mod gotime;
mod lexer;
mod literal;
mod parser;
mod prom;
mod regex;
mod value;

pub use expand::{
    expand, expand_alert, CompiledTemplate, ExpandData, NoQueries, QueryHost, QueryResultSample,
    PROMETHEUS_PREFIX,
};
pub use funcs::{is_known_function, Dialect, ALERTMANAGER, GO_BUILTINS, PROMETHEUS};

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

/// A notification template as Alertmanager parses it: the names it
/// defines and its tree, which the checks walk (they never parse).
#[derive(Clone, Debug)]
pub struct NotificationTemplate {
    /// The names it defines with `define` or `block`, sorted.
    pub names: Vec<String>,
    pub(crate) tree: ast::Tree,
}

/// Checks an Alertmanager notification template file as Alertmanager
/// parses it (Go's builtins and Alertmanager's functions, no predefined
/// variables but `$`).
pub fn parse_notification_template(text: &str) -> Result<NotificationTemplate, TemplateError> {
    let (_, tree) = parser::parse_tree_as(text, Dialect::Alertmanager)?;
    let mut names: Vec<String> = tree.defines.keys().cloned().collect();
    names.sort();
    Ok(NotificationTemplate { names, tree })
}
