//! The values a template works with, standing for the Go values Prometheus
//! gives its templates, with the Go type names its errors and `%T` use.

use std::collections::BTreeMap;
use std::rc::Rc;

/// A `query` result sample (Go's `*template.sample`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Sample {
    pub labels: Rc<BTreeMap<String, String>>,
    pub value: f64,
}

/// The rule template's data: Prometheus' anonymous struct with `Labels`,
/// `ExternalLabels`, `ExternalURL` and `Value`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AlertData {
    pub labels: Rc<BTreeMap<String, String>>,
    pub external_labels: Rc<BTreeMap<String, String>>,
    pub external_url: Rc<str>,
    pub value: f64,
}

pub(crate) const ALERT_DATA_TYPE: &str = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// No value: Go's nil interface (and invalid reflect.Value).
    Nil,
    Bool(bool),
    /// Go `int`.
    Int(i64),
    /// Go `uint8`, what `index` gives for a string.
    Byte(u8),
    Float(f64),
    Str(Rc<str>),
    /// `html/template.HTML`, from `safeHtml`.
    Html(Rc<str>),
    /// `map[string]string`: labels.
    StrMap(Rc<BTreeMap<String, String>>),
    /// `map[string]interface {}`, from `args`.
    AnyMap(Rc<BTreeMap<String, Value>>),
    /// `template.queryResult`.
    Samples(Rc<Vec<Rc<Sample>>>),
    /// `*template.sample`.
    Sample(Rc<Sample>),
    /// `*time.Time` in UTC, as Unix nanoseconds.
    Time(i64),
    /// `time.Duration` in nanoseconds.
    Duration(i64),
    Data(Rc<AlertData>),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// Go's name for the value's dynamic type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Byte(_) => "uint8",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::Html(_) => "template.HTML",
            Value::StrMap(_) => "map[string]string",
            Value::AnyMap(_) => "map[string]interface {}",
            Value::Samples(_) => "template.queryResult",
            Value::Sample(_) => "*template.sample",
            Value::Time(_) => "*time.Time",
            Value::Duration(_) => "time.Duration",
            Value::Data(_) => ALERT_DATA_TYPE,
        }
    }

    /// Go's truth of a value in `if`, `with`, `and`, `or`, `not`.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Byte(b) => *b != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) | Value::Html(s) => !s.is_empty(),
            Value::StrMap(m) => !m.is_empty(),
            Value::AnyMap(m) => !m.is_empty(),
            Value::Samples(v) => !v.is_empty(),
            Value::Duration(d) => *d != 0,
            Value::Sample(_) | Value::Time(_) | Value::Data(_) => true,
        }
    }

    /// The string of a string-kinded value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Html(s) => Some(s),
            _ => None,
        }
    }
}
