//! Python `prometheus_client`: `Counter`, `Gauge`, `Histogram`, `Summary`,
//! `Info` and `Enum` constructed from names imported from the library (or
//! through the module, `prometheus_client.Counter`).

use std::collections::HashMap;
use std::ops::Range;

use super::code::Code;
use super::{dynamic, Found};
use crate::catalog::{Declaration, MetricKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctor {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Info,
    Enum,
}

impl Ctor {
    fn from_name(name: &str) -> Option<Ctor> {
        Some(match name {
            "Counter" => Ctor::Counter,
            "Gauge" => Ctor::Gauge,
            "Histogram" => Ctor::Histogram,
            "Summary" => Ctor::Summary,
            "Info" => Ctor::Info,
            "Enum" => Ctor::Enum,
            _ => return None,
        })
    }

    /// The type argument prometheus_client's name builder checks.
    fn type_name(self) -> &'static str {
        match self {
            Ctor::Counter => "counter",
            Ctor::Gauge => "gauge",
            Ctor::Histogram => "histogram",
            Ctor::Summary => "summary",
            Ctor::Info => "info",
            Ctor::Enum => "stateset",
        }
    }
}

/// Positional parameters shared by every metric class.
const POSITIONAL: [&str; 6] = [
    "name",
    "documentation",
    "labelnames",
    "namespace",
    "subsystem",
    "unit",
];

pub(crate) fn scan(code: &Code, out: &mut Found) {
    let imports = Imports::read(code);
    if imports.ctors.is_empty() && imports.modules.is_empty() {
        return;
    }
    for i in 0..code.len() {
        if !code.is_ident(i) || !code.is(i + 1, "(") {
            continue;
        }
        let Some(ctor) = imports.ctor_at(code, i) else {
            continue;
        };
        declare(code, ctor, i, i + 1, out);
    }
}

struct Imports<'a> {
    /// Local name → class.
    ctors: HashMap<&'a str, Ctor>,
    /// Local names of the `prometheus_client` module.
    modules: Vec<&'a str>,
    /// Attributes holding a class: `self._gauge_cls = prometheus_client.Gauge`
    /// or a class body's `_counter_cls = Counter`, called as `self.x(…)`.
    attributes: HashMap<&'a str, Ctor>,
}

impl<'a> Imports<'a> {
    fn read(code: &Code<'a>) -> Self {
        let mut imports = Imports {
            ctors: HashMap::new(),
            modules: Vec::new(),
            attributes: HashMap::new(),
        };
        let mut i = 0;
        while i < code.len() {
            if code.is(i, "from") && code.text(i + 1) == "prometheus_client" {
                i = imports.read_from(code, i + 2);
            } else if code.is(i, "import") && code.text(i + 1) == "prometheus_client" {
                let (alias, next) = if code.is(i + 2, "as") && code.is_ident(i + 3) {
                    (code.text(i + 3), i + 4)
                } else {
                    (code.text(i + 1), i + 2)
                };
                imports.modules.push(alias);
                i = next;
            } else {
                i += 1;
            }
        }
        imports.read_class_aliases(code);
        imports
    }

    /// `name = Counter` / `self.name = prometheus_client.Counter`: the
    /// whole right-hand side is a metric class.
    fn read_class_aliases(&mut self, code: &Code<'a>) {
        if self.ctors.is_empty() && self.modules.is_empty() {
            return;
        }
        for eq in 1..code.len() {
            if !code.is(eq, "=") || !code.is_ident(eq - 1) {
                continue;
            }
            let value = code.statement_extent(eq + 1);
            let ctor = match value.len() {
                1 => self.ctors.get(code.text(value.start)).copied(),
                3 if code.is(value.start + 1, ".")
                    && self.modules.contains(&code.text(value.start)) =>
                {
                    Ctor::from_name(code.text(value.start + 2))
                }
                _ => None,
            };
            if let Some(c) = ctor {
                self.attributes.insert(code.text(eq - 1), c);
            }
        }
    }

    /// After `from prometheus_client[.sub]`: `import A, B as C`, `import (…)`, `import *`.
    fn read_from(&mut self, code: &Code<'a>, mut i: usize) -> usize {
        while code.is(i, ".") && code.is_ident(i + 1) {
            i += 2;
        }
        if !code.is(i, "import") {
            return i;
        }
        i += 1;
        if code.is(i, "*") {
            for name in ["Counter", "Gauge", "Histogram", "Summary", "Info", "Enum"] {
                if let Some(c) = Ctor::from_name(name) {
                    self.ctors.insert(name, c);
                }
            }
            return i + 1;
        }
        let parenthesized = code.is(i, "(");
        let end = if parenthesized {
            code.close_of(i).min(code.len())
        } else {
            code.len()
        };
        if parenthesized {
            i += 1;
        }
        while i < end && code.is_ident(i) {
            if !parenthesized && i > 0 && code.toks[i].nl_before {
                break;
            }
            let name = code.text(i);
            let mut local = name;
            i += 1;
            if code.is(i, "as") && code.is_ident(i + 1) {
                local = code.text(i + 1);
                i += 2;
            }
            if let Some(c) = Ctor::from_name(name) {
                self.ctors.insert(local, c);
            }
            if code.is(i, ",")
                && (parenthesized || !code.toks.get(i + 1).is_some_and(|t| t.nl_before))
            {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// The class called at identifier `i` (followed by `(`).
    fn ctor_at(&self, code: &Code, i: usize) -> Option<Ctor> {
        let name = code.text(i);
        if i >= 2 && code.is(i - 1, ".") {
            let module = code.text(i - 2);
            let qualified_ok = code.is_ident(i - 2)
                && self.modules.contains(&module)
                && !(i >= 3 && code.is(i - 3, "."));
            if qualified_ok {
                return Ctor::from_name(name);
            }
            let on_self = matches!(module, "self" | "cls") && !(i >= 3 && code.is(i - 3, "."));
            return if on_self {
                self.attributes.get(name).copied()
            } else {
                None
            };
        }
        if let Some(&c) = self.attributes.get(name) {
            return Some(c);
        }
        if i >= 1 && (code.is(i - 1, "def") || code.is(i - 1, "class")) {
            return None;
        }
        self.ctors.get(name).copied()
    }
}

fn declare(code: &Code, ctor: Ctor, callee: usize, open: usize, out: &mut Found) {
    let mut params: HashMap<&str, Range<usize>> = HashMap::new();
    let mut splat = false;
    let mut positional = 0;
    for item in code.items(open) {
        if code.is(item.start, "*") || code.is(item.start, "**") {
            splat = true;
            continue;
        }
        if let Some((key, value)) = code.keyed(&item, "=") {
            if let Some(&p) = POSITIONAL.iter().find(|p| **p == key) {
                params.insert(p, value);
            }
            continue;
        }
        if let Some(&p) = POSITIONAL.get(positional) {
            params.insert(p, item);
        }
        positional += 1;
    }
    let Some(name_range) = params.get("name").cloned() else {
        if splat {
            out.dynamic.push(dynamic(
                code.span(callee),
                "the metric name is passed with `*`/`**` arguments",
            ));
        }
        return;
    };
    let span = code.range_span(&name_range);
    let text = |key: &str| -> Result<String, String> {
        match params.get(key) {
            Some(r) => code.eval_str(r.clone()),
            None => Ok(String::new()),
        }
    };
    let parts = (
        text("name"),
        text("namespace"),
        text("subsystem"),
        text("unit"),
    );
    let (name, namespace, subsystem, unit) = match parts {
        (Ok(n), Ok(ns), Ok(ss), Ok(u)) => (n, ns, ss, u),
        (Err(why), ..) | (_, Err(why), ..) | (_, _, Err(why), _) | (.., Err(why)) => {
            out.dynamic.push(dynamic(
                span,
                &format!("the metric name is built at run time from {why}"),
            ));
            return;
        }
    };
    if name.is_empty() {
        return;
    }
    let full = full_name(ctor, &name, &namespace, &subsystem, &unit);
    let help = params
        .get("documentation")
        .and_then(|r| code.eval_str(r.clone()).ok());
    let mut labels = match params.get("labelnames") {
        Some(r) => code.eval_list(r.clone()),
        None => Some(Vec::new()),
    };
    let (exposed, kind) = match ctor {
        Ctor::Counter => (format!("{full}_total"), MetricKind::Counter),
        Ctor::Gauge => (full.clone(), MetricKind::Gauge),
        Ctor::Histogram => (full.clone(), MetricKind::Histogram),
        Ctor::Summary => (full.clone(), MetricKind::Summary),
        Ctor::Info => {
            // The info keys are set at run time (`.info({...})`).
            labels = None;
            (format!("{full}_info"), MetricKind::Gauge)
        }
        Ctor::Enum => {
            // The state is exposed in a label named like the metric.
            if let Some(l) = labels.as_mut() {
                l.push(full.clone());
            }
            (full.clone(), MetricKind::Gauge)
        }
    };
    let unit = (!unit.is_empty()).then_some(unit);
    out.declarations.push(Declaration {
        name: exposed,
        kind,
        help,
        unit,
        labels,
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}

/// prometheus_client's name builder: namespace and subsystem joined with
/// `_`, a counter's `_total` dropped (it is added back on exposition), the
/// unit appended unless the name already ends with it.
fn full_name(ctor: Ctor, name: &str, namespace: &str, subsystem: &str, unit: &str) -> String {
    let mut full = String::new();
    for part in [namespace, subsystem] {
        if !part.is_empty() {
            full.push_str(part);
            full.push('_');
        }
    }
    full.push_str(name);
    if ctor.type_name() == "counter" {
        if let Some(stripped) = full.strip_suffix("_total") {
            full = stripped.to_string();
        }
    }
    if !unit.is_empty() && !full.ends_with(&format!("_{unit}")) {
        full.push('_');
        full.push_str(unit);
    }
    full
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_builder_matches_prometheus_client() {
        assert_eq!(full_name(Ctor::Counter, "req_total", "", "", ""), "req");
        assert_eq!(
            full_name(Ctor::Counter, "req_total", "app", "", "bytes"),
            "app_req_bytes"
        );
        assert_eq!(
            full_name(Ctor::Gauge, "temp_celsius", "", "s", "celsius"),
            "s_temp_celsius"
        );
        assert_eq!(
            full_name(Ctor::Histogram, "latency", "a", "b", "seconds"),
            "a_b_latency_seconds"
        );
    }
}
