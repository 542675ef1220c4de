//! The strict reader: checks every mapping of the document against its
//! object in `schema`, every value against its type, as Go's
//! `yaml.UnmarshalStrict` into Prometheus' structs does, then applies the
//! object's own rules (`validate`).

use super::schema::{Obj, ObjKind, Ty, HTTP_HEADER};
use super::{Issue, IssueKind, PlainSecret};
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::yaml::{Node, NodeKind, ScalarStyle};

pub(super) struct Reader {
    pub issues: Vec<Issue>,
    pub secrets: Vec<PlainSecret>,
    /// Whether label names follow the legacy character set (the
    /// `metric_name_validation_scheme` in force where the reader is).
    pub legacy: bool,
    /// The global scheme, to restore after a scrape config.
    pub global_legacy: bool,
    /// The global `scrape_interval` (default 1m) in milliseconds.
    pub global_interval: i64,
    pub global_escaping: Option<String>,
}

impl Reader {
    pub fn new() -> Self {
        Reader {
            issues: Vec::new(),
            secrets: Vec::new(),
            legacy: false,
            global_legacy: false,
            global_interval: super::DEFAULT_SCRAPE_INTERVAL,
            global_escaping: None,
        }
    }

    pub fn issue(&mut self, kind: IssueKind, span: Span, message: String, help: Option<String>) {
        self.issues.push(Issue {
            kind,
            span,
            message,
            help,
        });
    }

    pub fn invalid(&mut self, span: Span, message: String, help: impl Into<Option<String>>) {
        self.issue(IssueKind::InvalidValue, span, message, help.into());
    }

    fn wrong_type(&mut self, node: &Node, what: &str, key: &str) {
        let found = found_name(node);
        self.issue(
            IssueKind::WrongType,
            node.span,
            format!("`{key}` must be {what}, found {found}"),
            None,
        );
    }

    /// Checks a mapping against `obj`: unknown fields, value types, then
    /// the object's own rules. A null counts as an empty object.
    pub fn object(&mut self, node: &Node, obj: &'static Obj, key: &str) {
        if node.is_null() {
            super::validate::object(self, node, obj);
            return;
        }
        let Some(entries) = node.as_mapping() else {
            self.wrong_type(node, &format!("a mapping ({})", obj.name), key);
            return;
        };
        if obj.is_free_map() {
            for e in entries {
                let Some(k) = e.key.as_str() else { continue };
                if std::ptr::eq(obj, &super::schema::HTTP_HEADERS) {
                    self.object(&e.value, &HTTP_HEADER, k);
                }
            }
            return;
        }
        // A scrape config has its own name validation scheme.
        let saved_legacy = self.legacy;
        let local_legacy = if obj.kind == ObjKind::Scrape {
            let local = super::validate::validation_scheme(self, node);
            self.legacy = local.unwrap_or(self.global_legacy);
            local
        } else {
            None
        };
        for e in entries {
            let Some(k) = e.key.as_str() else {
                self.wrong_type(&e.key, "a string key", "key");
                continue;
            };
            match obj.field(k) {
                Some(ty) => self.value(&e.value, ty, k),
                None => {
                    let names = obj.field_names();
                    let help = match closest(k, &names) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!("the fields of {} are: {}", obj.name, names.join(", ")),
                    };
                    self.issue(
                        IssueKind::UnknownField,
                        e.key.span,
                        format!("field `{k}` is not allowed in {}", obj.name),
                        Some(help),
                    );
                }
            }
        }
        super::validate::object(self, node, obj);
        if obj.kind == ObjKind::Scrape {
            let global_interval = self.global_interval;
            super::validate::scrape(self, node, global_interval);
            let global_escaping = self.global_escaping.clone();
            super::validate::escaping(self, node, local_legacy, global_escaping.as_deref());
            self.legacy = saved_legacy;
        }
    }

    /// Checks one value against its type. Nulls leave a field at its
    /// default, as in Go.
    pub fn value(&mut self, node: &Node, ty: Ty, key: &str) {
        if node.is_null() {
            if let Ty::Obj(o) = ty {
                self.object(node, o, key);
            }
            return;
        }
        match ty {
            Ty::Str => {
                if node.as_str().is_none() {
                    self.wrong_type(node, "a string", key);
                }
            }
            Ty::Secret(file_form) => match node.as_str() {
                None => self.wrong_type(node, "a string", key),
                Some(v) => {
                    if let Some(file_field) = file_form {
                        if !v.is_empty() && !looks_templated(v) {
                            self.secrets.push(PlainSecret {
                                span: node.span,
                                field: key.to_string(),
                                value: v.to_string(),
                                file_field,
                            });
                        }
                    }
                }
            },
            Ty::Bool => self.bool(node, key),
            Ty::Uint => self.int(node, key, false),
            Ty::Int => self.int(node, key, true),
            Ty::Float => {
                let ok = plain(node).is_some_and(|v| parse_float(v).is_some());
                if !ok {
                    self.cannot(node, "float64", key);
                }
            }
            Ty::Duration => match node.as_str() {
                None => self.wrong_type(node, "a duration", key),
                Some(v) => {
                    if let Err(e) = crate::syntax::duration::parse(v) {
                        self.invalid(
                            node.span,
                            format!("`{key}`: {e}: {v:?}"),
                            Some(
                                "durations are numbers with units ms, s, m, h, d, w, y, largest first, e.g. `1m30s`"
                                    .to_string(),
                            ),
                        );
                    }
                }
            },
            Ty::Size => match node.as_str() {
                None => self.wrong_type(node, "a size", key),
                Some(v) => {
                    if let Err(e) = super::size::parse(v) {
                        self.invalid(
                            node.span,
                            format!("`{key}`: {e}"),
                            Some("sizes need a unit: B, KB, MB, GB, TB, PB, EB (or KiB, MiB, …), e.g. `512MB`".to_string()),
                        );
                    }
                }
            },
            Ty::Strings => match node.as_sequence() {
                None => self.wrong_type(node, "a list of strings", key),
                Some(items) => {
                    for item in items {
                        if item.as_str().is_none() {
                            self.wrong_type(item, "a string", key);
                        }
                    }
                }
            },
            Ty::StrMap => self.map(node, key, |r, v, k| {
                if v.as_str().is_none() && !v.is_null() {
                    r.wrong_type(v, "a string", k);
                }
            }),
            Ty::Labels => {
                let legacy = self.legacy && key == "external_labels";
                let Some(entries) = node.as_mapping() else {
                    self.wrong_type(node, "a mapping of label names to values", key);
                    return;
                };
                for e in entries {
                    let name = e.key.as_str().unwrap_or("");
                    if !valid_label_name(name, legacy) {
                        self.invalid(
                            e.key.span,
                            format!("{name:?} is not a valid label name"),
                            label_name_help(legacy),
                        );
                    }
                    if e.value.as_str().is_none() && !e.value.is_null() {
                        self.wrong_type(&e.value, "a string", name);
                    }
                }
            }
            Ty::StrLists => self.map(node, key, |r, v, k| {
                if v.is_null() {
                    return;
                }
                match v.as_sequence() {
                    None => r.wrong_type(v, "a list of strings", k),
                    Some(items) => {
                        for item in items {
                            if item.as_str().is_none() {
                                r.wrong_type(item, "a string", k);
                            }
                        }
                    }
                }
            }),
            Ty::Obj(o) => self.object(node, o, key),
            Ty::List(o) => match node.as_sequence() {
                None => {
                    self.wrong_type(node, &format!("a list of {}s", strip_article(o.name)), key)
                }
                Some(items) => {
                    for item in items {
                        if item.is_null() {
                            self.issue(
                                IssueKind::MissingField,
                                item.span,
                                format!("empty or null item in `{key}`"),
                                Some(format!("write {} here or remove the `-`", o.name)),
                            );
                            continue;
                        }
                        self.object(item, o, key);
                    }
                }
            },
        }
    }

    fn map(&mut self, node: &Node, key: &str, mut each: impl FnMut(&mut Self, &Node, &str)) {
        let Some(entries) = node.as_mapping() else {
            self.wrong_type(node, "a mapping", key);
            return;
        };
        for e in entries {
            let k = e.key.as_str().unwrap_or(key);
            each(self, &e.value, k);
        }
    }

    fn cannot(&mut self, node: &Node, go_type: &str, key: &str) {
        let shown = node.as_str().unwrap_or("");
        self.issue(
            IssueKind::WrongType,
            node.span,
            format!(
                "`{key}`: cannot read {} `{shown}` as {go_type}",
                found_name(node)
            ),
            None,
        );
    }

    fn bool(&mut self, node: &Node, key: &str) {
        const TRUE_FALSE: &[&str] = &[
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE", "n", "N",
            "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ];
        let ok = plain(node).is_some_and(|v| TRUE_FALSE.contains(&v));
        if !ok {
            if node.as_str().is_some() {
                self.issue(
                    IssueKind::WrongType,
                    node.span,
                    format!(
                        "`{key}` must be `true` or `false`, found {}",
                        found_name(node)
                    ),
                    Some("write the boolean without quotes".to_string()),
                );
            } else {
                self.wrong_type(node, "`true` or `false`", key);
            }
        }
    }

    fn int(&mut self, node: &Node, key: &str, signed: bool) {
        let go_type = if signed { "int" } else { "uint" };
        match plain(node).and_then(parse_int) {
            Some(v) if signed || v >= 0 => {}
            _ => self.cannot(node, go_type, key),
        }
    }
}

/// The text of a plain (unquoted) scalar.
fn plain(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar(s)
            if matches!(s.style, ScalarStyle::Plain | ScalarStyle::JsonLiteral)
                && node.tag.is_none() =>
        {
            Some(&s.value)
        }
        _ => None,
    }
}

/// An integer as YAML 1.1 resolves it (signs, `_` separators, `0x`, `0b`,
/// leading-zero octal), or a float, which Go's YAML decoder also stores
/// into integer fields.
fn parse_int(v: &str) -> Option<i128> {
    let (neg, body) = match v.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    let parsed = if let Some(h) = clean.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(b) = clean.strip_prefix("0b") {
        i128::from_str_radix(b, 2).ok()
    } else if clean.len() > 1 && clean.starts_with('0') && clean.bytes().all(|b| b.is_ascii_digit())
    {
        i128::from_str_radix(&clean[1..], 8).ok()
    } else if !clean.is_empty() && clean.bytes().all(|b| b.is_ascii_digit()) {
        clean.parse().ok()
    } else {
        // Go's YAML decoder stores any float into an integer field
        // (truncating), as long as it is in range.
        let f = parse_float(v)?;
        return f.is_finite().then_some(f.max(0.0) as i128);
    };
    parsed.map(|p| if neg { -p } else { p })
}

fn parse_float(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    if v.is_empty() || v.contains(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E') {
        return None;
    }
    v.replace('_', "").parse().ok()
}

/// "a string `x`", "a mapping", … for messages.
fn found_name(node: &Node) -> String {
    match node.kind_name() {
        "string" => "a string".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "a boolean".to_string(),
        "null" => "nothing".to_string(),
        "mapping" => "a mapping".to_string(),
        "sequence" => "a list".to_string(),
        other => other.to_string(),
    }
}

fn strip_article(name: &str) -> &str {
    name.strip_prefix("a ")
        .or_else(|| name.strip_prefix("an "))
        .unwrap_or(name)
}

/// Values filled in by a template or an environment substitution before
/// Prometheus reads the file are not plaintext secrets.
fn looks_templated(v: &str) -> bool {
    v.contains("${")
        || v.contains("{{")
        || (v.starts_with('$')
            && v.len() > 1
            && v[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// A label name as Prometheus 3.x accepts it: any non-empty UTF-8 text, or
/// `[a-zA-Z_][a-zA-Z0-9_]*` under the legacy validation scheme.
pub(super) fn valid_label_name(name: &str, legacy: bool) -> bool {
    if legacy {
        crate::syntax::names::is_legacy_label_name(name)
    } else {
        !name.is_empty()
    }
}

pub(super) fn label_name_help(legacy: bool) -> Option<String> {
    Some(if legacy {
        "with `metric_name_validation_scheme: legacy`, label names match [a-zA-Z_][a-zA-Z0-9_]*"
            .to_string()
    } else {
        "label names must not be empty".to_string()
    })
}
