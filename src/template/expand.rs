//! Expanding a rule's label or annotation template as Prometheus does when
//! it evaluates an alerting or recording rule.

use super::ast::Tree;
use super::exec::Exec;
use super::value::AlertData;
use super::TemplateError;
use crate::source::Span;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The data Prometheus gives a rule template: the alert's labels, the
/// configured external labels and URL, and the sample value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpandData {
    pub labels: BTreeMap<String, String>,
    pub external_labels: BTreeMap<String, String>,
    pub external_url: String,
    pub value: f64,
}

/// One sample of a `query` result, as templates see it: `.Labels`, `.Value`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryResultSample {
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// Runs the PromQL of a template's `query` call at the rule's evaluation
/// time. An `Err` is the engine's error text.
pub trait QueryHost {
    fn query(&self, expr: &str) -> Result<Vec<QueryResultSample>, String>;

    /// The rule's evaluation time in Unix seconds, which the template
    /// function `now` returns. Hosts that evaluate rules should say it.
    fn eval_time(&self) -> f64 {
        0.0
    }

    /// The server's external URL, which the template functions
    /// `externalURL` and `pathPrefix` return. `None` makes them fail as
    /// they do under `promtool test rules`, which sets no external URL
    /// there (the `$externalURL` variable comes from [`ExpandData`]).
    fn external_url(&self) -> Option<String> {
        None
    }
}

/// A host for templates that must not query: every `query` fails.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoQueries;

impl QueryHost for NoQueries {
    fn query(&self, _expr: &str) -> Result<Vec<QueryResultSample>, String> {
        Err("queries are not available here".into())
    }
}

/// The text Prometheus puts before every rule template.
pub const PROMETHEUS_PREFIX: &str = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

/// Expands one rule label/annotation template as Prometheus does (it
/// prepends `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}`
/// `{{$externalURL := .ExternalURL}}{{$value := .Value}}` and executes with
/// missingkey=zero). Errors are located in `text`; their message is the one
/// Prometheus gives for an alert with an empty name (see [`expand_alert`]).
pub fn expand(
    text: &str,
    data: &ExpandData,
    host: &dyn QueryHost,
) -> Result<String, TemplateError> {
    expand_alert("", text, data, host)
}

/// [`expand`] for the alerting rule `alert`: error messages are exactly
/// Prometheus' (`error executing template __alert_NAME: template:
/// __alert_NAME:1:118: executing "__alert_NAME" at <humanize "x">: error
/// calling humanize: ...`), which Prometheus puts in the expanded text as
/// `<error expanding template: MESSAGE>`.
pub fn expand_alert(
    alert: &str,
    text: &str,
    data: &ExpandData,
    host: &dyn QueryHost,
) -> Result<String, TemplateError> {
    CompiledTemplate::compile(text, &format!("__alert_{alert}"))?.expand_alert(alert, data, host)
}

/// A template parsed once, to be expanded many times (for every alert at
/// every evaluation).
#[derive(Clone, Debug)]
pub struct CompiledTemplate {
    text: String,
    tree: Tree,
}

impl CompiledTemplate {
    /// Parses a rule template. The error is the one [`super::parse`]
    /// gives, with Prometheus' wording (`error parsing template __alert_:
    /// ...`).
    pub fn new(text: &str) -> Result<CompiledTemplate, TemplateError> {
        Self::compile(text, "__alert_")
    }

    fn compile(text: &str, name: &str) -> Result<CompiledTemplate, TemplateError> {
        let (_, tree) = super::parser::parse_tree(text).map_err(|e| TemplateError {
            message: format!(
                "error parsing template {name}: template: {name}:{}: {}",
                location(text, e.span.start),
                e.message
            ),
            ..e
        })?;
        Ok(CompiledTemplate {
            text: text.to_string(),
            tree,
        })
    }

    /// Expands the template for the alerting rule `alert`, as
    /// [`expand_alert`] does.
    pub fn expand_alert(
        &self,
        alert: &str,
        data: &ExpandData,
        host: &dyn QueryHost,
    ) -> Result<String, TemplateError> {
        let text = self.text.as_str();
        let name = format!("__alert_{alert}");
        let alert_data = AlertData {
            labels: Rc::new(data.labels.clone()),
            external_labels: Rc::new(data.external_labels.clone()),
            external_url: Rc::from(data.external_url.as_str()),
            value: data.value,
        };
        Exec::new(&self.tree, host, alert_data, &name)
            .run()
            .map_err(|e| {
                let at = e.pos.min(text.len());
                let end = text[at..]
                    .find(|c: char| c.is_whitespace() || c == '}' || c == ')' || c == '|')
                    .map_or(text.len(), |i| at + i)
                    .max((at + 1).min(text.len()));
                TemplateError {
                    span: Span::new(at, end),
                    message: format!(
                        "error executing template {name}: template: {name}:{}: executing {:?} at <{}>: {}",
                        location(text, e.pos),
                        e.template,
                        e.context,
                        e.message
                    ),
                    help: None,
                }
            })
    }
}

/// Go's `line:column` of a position in the rule's text, counted in the
/// text Prometheus parses (the prefix, then the rule's text). The column
/// is Go's: a 0-based byte offset in the line.
fn location(text: &str, pos: usize) -> String {
    let before = &text[..pos.min(text.len())];
    match before.rfind('\n') {
        None => format!("1:{}", PROMETHEUS_PREFIX.len() + before.len()),
        Some(nl) => format!(
            "{}:{}",
            1 + before.matches('\n').count(),
            before.len() - (nl + 1)
        ),
    }
}
