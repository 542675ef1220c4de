//! Rust metrics crates.
//!
//! `prometheus`: the `register_*!` macros with a name and help, the option
//! builders (`Opts::new`, `opts!`, `HistogramOpts::new`, `histogram_opts!`,
//! with `.namespace()`, `.subsystem()`, `.const_label()`,
//! `.variable_label()`) typed by the constructor or macro they are passed
//! to (`IntCounterVec::new(opts, &["a"])`), and `Counter::new("n", "h")`.
//!
//! `prometheus-client`: `registry.register("name", "help", metric)` and
//! `register_with_unit`, with the metric type found from the value's type
//! (`Family<Labels, Counter>`), label names from a simple
//! `#[derive(EncodeLabelSet)]` struct in the same file, and the
//! library's `_total` suffix on counters.

use std::collections::HashMap;
use std::ops::Range;

use super::code::{build_fq_name, Code};
use super::lexer::TokKind;
use super::{dynamic, Found};
use crate::catalog::{Declaration, MetricKind};

pub(crate) fn scan(code: &Code, out: &mut Found) {
    let calls = OptsUses::collect(code);
    let index = Index::build(code);
    for i in 0..code.len() {
        if !code.is_ident(i) {
            continue;
        }
        let word = code.text(i);
        if code.is(i + 1, "!") && code.is_open(i + 2) {
            if let Some(m) = register_macro(word) {
                register_macro_call(code, &m, i + 2, out);
            } else if matches!(word, "opts" | "histogram_opts") {
                let kind = (word == "histogram_opts").then_some(MetricKind::Histogram);
                opts_builder(code, i, i + 2, kind, &calls, out);
            }
        } else if code.is(i + 1, "::") && code.is(i + 2, "new") && code.is(i + 3, "(") {
            match word {
                "Opts" => opts_builder(code, i, i + 3, None, &calls, out),
                "HistogramOpts" => {
                    opts_builder(code, i, i + 3, Some(MetricKind::Histogram), &calls, out)
                }
                _ => {
                    if let Some(t) = metric_type(word).filter(|t| !t.vec) {
                        plain_new(code, t.kind, i + 3, out);
                    }
                }
            }
        } else if i > 0
            && code.is(i - 1, ".")
            && code.is(i + 1, "(")
            && matches!(word, "register" | "register_with_unit")
        {
            client_register(code, &index, word == "register_with_unit", i + 1, out);
        }
    }
}

/// A `prometheus` metric type or the kind of metric a macro registers.
#[derive(Clone, Copy)]
struct MetricType {
    kind: MetricKind,
    vec: bool,
}

fn metric_type(name: &str) -> Option<MetricType> {
    let (base, vec) = match name.strip_suffix("Vec") {
        Some(b) => (b, true),
        None => (name, false),
    };
    let base = base
        .strip_prefix("Int")
        .or_else(|| base.strip_prefix("UInt"))
        .or_else(|| base.strip_prefix("Generic"))
        .unwrap_or(base);
    let kind = match base {
        "Counter" => MetricKind::Counter,
        "Gauge" => MetricKind::Gauge,
        "Histogram" => MetricKind::Histogram,
        _ => return None,
    };
    Some(MetricType { kind, vec })
}

/// `register_int_counter_vec`, `register_histogram_with_registry`, …
fn register_macro(name: &str) -> Option<MetricType> {
    let base = name.strip_prefix("register_")?;
    let base = base.strip_suffix("_with_registry").unwrap_or(base);
    let (base, vec) = match base.strip_suffix("_vec") {
        Some(b) => (b, true),
        None => (base, false),
    };
    let base = base
        .strip_prefix("int_")
        .or_else(|| base.strip_prefix("uint_"))
        .unwrap_or(base);
    let kind = match base {
        "counter" => MetricKind::Counter,
        "gauge" => MetricKind::Gauge,
        "histogram" => MetricKind::Histogram,
        _ => return None,
    };
    Some(MetricType { kind, vec })
}

/// Whether an argument is an options value rather than a name.
fn is_opts_expr(code: &Code, r: &Range<usize>, depth: usize) -> bool {
    let r = code.trim(r.clone());
    if r.is_empty() || depth > 4 {
        return false;
    }
    let first = code.text(r.start);
    if matches!(first, "opts" | "histogram_opts") && code.is(r.start + 1, "!") {
        return true;
    }
    if matches!(first, "Opts" | "HistogramOpts" | "prometheus") {
        return true;
    }
    if r.len() == 1 && code.is_ident(r.start) {
        if let Some(b) = code.binding(first, r.start) {
            return is_opts_expr(code, &b, depth + 1);
        }
    }
    false
}

/// `register_counter!("name", "help")`, `register_int_gauge_vec!("n", "h", &["a"])`.
/// Calls taking an options value are handled at the options builder.
fn register_macro_call(code: &Code, m: &MetricType, open: usize, out: &mut Found) {
    let args = code.items(open);
    let Some(first) = args.first() else {
        return;
    };
    if is_opts_expr(code, first, 0) || args.len() < 2 {
        return;
    }
    let labels = if m.vec {
        args.get(2).and_then(|r| code.eval_list(r.clone()))
    } else {
        Some(Vec::new())
    };
    push_named(code, first.clone(), args.get(1), m.kind, labels, out);
}

/// `Counter::new("name", "help")`, `IntGauge::new(…)`.
fn plain_new(code: &Code, kind: MetricKind, open: usize, out: &mut Found) {
    let args = code.items(open);
    if args.len() != 2 || is_opts_expr(code, &args[0], 0) {
        return;
    }
    push_named(
        code,
        args[0].clone(),
        args.get(1),
        kind,
        Some(Vec::new()),
        out,
    );
}

fn push_named(
    code: &Code,
    name_range: Range<usize>,
    help: Option<&Range<usize>>,
    kind: MetricKind,
    labels: Option<Vec<String>>,
    out: &mut Found,
) {
    let span = code.range_span(&name_range);
    match code.eval_str(name_range) {
        Ok(name) if name.is_empty() => {}
        Ok(name) => out.declarations.push(Declaration {
            name,
            kind,
            help: help.and_then(|r| code.eval_str(r.clone()).ok()),
            unit: None,
            labels,
            span,
            name_is_prefix: false,
            optional_labels: Vec::new(),
        }),
        Err(why) => out.dynamic.push(dynamic(
            span,
            &format!("the metric name is built at run time from {why}"),
        )),
    }
}

/// Calls that take an options value first: constructors and macros.
struct OptsUses<'a> {
    /// Variable → (metric type, open bracket of the call using it).
    by_var: HashMap<&'a str, (MetricType, usize)>,
}

impl<'a> OptsUses<'a> {
    fn collect(code: &Code<'a>) -> Self {
        let mut by_var = HashMap::new();
        for i in 0..code.len() {
            let Some((t, open)) = opts_consumer(code, i) else {
                continue;
            };
            let Some(first) = code.items(open).into_iter().next() else {
                continue;
            };
            let first = code.trim(first);
            if first.len() == 1 && code.is_ident(first.start) {
                by_var.entry(code.text(first.start)).or_insert((t, open));
            }
        }
        OptsUses { by_var }
    }
}

/// A call at token `i` taking options first: `CounterVec::new(`,
/// `Counter::with_opts(`, `register_int_counter_vec!(`.
fn opts_consumer(code: &Code, i: usize) -> Option<(MetricType, usize)> {
    if !code.is_ident(i) {
        return None;
    }
    let word = code.text(i);
    if code.is(i + 1, "!") && code.is_open(i + 2) {
        return Some((register_macro(word)?, i + 2));
    }
    if code.is(i + 1, "::")
        && matches!(code.text(i + 2), "new" | "with_opts")
        && code.is(i + 3, "(")
    {
        return Some((metric_type(word)?, i + 3));
    }
    None
}

/// `Opts::new("n", "h").namespace("ns")…` or `opts!("n", "h", labels!{…})`
/// starting at `start`, its arguments in the bracket at `open`.
fn opts_builder(
    code: &Code,
    start: usize,
    open: usize,
    default_kind: Option<MetricKind>,
    uses: &OptsUses,
    out: &mut Found,
) {
    let mut start = start;
    // `prometheus::Opts::new`
    while start >= 2 && code.is(start - 1, "::") && code.is_ident(start - 2) {
        start -= 2;
    }
    let args = code.items(open);
    let Some(name_range) = args.first().cloned() else {
        return;
    };
    let mut namespace = Ok(String::new());
    let mut subsystem = Ok(String::new());
    let mut constant: Option<Vec<String>> = Some(Vec::new());
    let mut variable: Vec<String> = Vec::new();
    let mut variable_known = true;
    let is_macro = code.is(open - 1, "!");
    if is_macro {
        // opts!(name, help, labels!{…}, …) / histogram_opts!(name, help, buckets, labels!{…})
        let label_args = if default_kind == Some(MetricKind::Histogram) {
            3
        } else {
            2
        };
        for a in args.iter().skip(label_args) {
            match labels_macro_keys(code, a.clone()) {
                Some(keys) => {
                    if let Some(c) = constant.as_mut() {
                        c.extend(keys)
                    }
                }
                None => constant = None,
            }
        }
    }
    // Builder chain after the call.
    let mut j = code.close_of(open) + 1;
    while code.is(j, ".") && code.is_ident(j + 1) && code.is(j + 2, "(") {
        let method = code.text(j + 1);
        let call_args = code.items(j + 2);
        let arg = call_args.first().cloned();
        match (method, arg) {
            ("namespace", Some(a)) => namespace = code.eval_str(a),
            ("subsystem", Some(a)) => subsystem = code.eval_str(a),
            ("const_label", Some(a)) => match code.eval_str(a) {
                Ok(k) => {
                    if let Some(c) = constant.as_mut() {
                        c.push(k)
                    }
                }
                Err(_) => constant = None,
            },
            ("const_labels", _) => constant = None,
            ("variable_label", Some(a)) => match code.eval_str(a) {
                Ok(k) => variable.push(k),
                Err(_) => variable_known = false,
            },
            ("variable_labels", Some(a)) => match code.eval_list(a) {
                Some(v) => variable.extend(v),
                None => variable_known = false,
            },
            _ => {}
        }
        j = code.close_of(j + 2) + 1;
    }
    let span = code.range_span(&name_range);
    let name = match (namespace, subsystem, code.eval_str(name_range)) {
        (Ok(ns), Ok(ss), Ok(n)) => build_fq_name(&ns, &ss, &n),
        (Err(why), ..) | (_, Err(why), _) | (.., Err(why)) => {
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
    // The consumer: the call this builder is the first argument of, or the
    // call using the variable it is bound to.
    let consumer = code
        .parent(start)
        .filter(|&p| code.is(p, "(") || code.is(p, "["))
        .filter(|&p| {
            let mut s = start;
            while s > p + 1 && (code.is(s - 1, "&") || code.is(s - 1, "*")) {
                s -= 1;
            }
            s == p + 1
        })
        .and_then(|p| {
            let callee = if code.is(p.checked_sub(1)?, "!") {
                p.checked_sub(2)?
            } else {
                p.checked_sub(3)?
            };
            opts_consumer(code, callee).filter(|(_, o)| *o == p)
        })
        .or_else(|| {
            let eq = start.checked_sub(1)?;
            if !code.is(eq, "=") {
                return None;
            }
            let var = code.text(eq.checked_sub(1)?);
            uses.by_var.get(var).copied()
        });
    let (kind, labels) = match consumer {
        Some((t, call_open)) => {
            let vec_labels = if t.vec {
                code.items(call_open)
                    .get(1)
                    .and_then(|r| code.eval_list(r.clone()))
            } else {
                Some(Vec::new())
            };
            let labels = match (vec_labels, constant, variable_known) {
                (Some(mut v), Some(c), true) => {
                    v.extend(variable);
                    v.extend(c);
                    Some(v)
                }
                _ => None,
            };
            (t.kind, labels)
        }
        None => (default_kind.unwrap_or(MetricKind::Untyped), None),
    };
    out.declarations.push(Declaration {
        name,
        kind,
        help: args.get(1).and_then(|r| code.eval_str(r.clone()).ok()),
        unit: None,
        labels,
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}

/// The keys of `labels!{"k" => "v", …}`; `None` for anything else.
fn labels_macro_keys(code: &Code, r: Range<usize>) -> Option<Vec<String>> {
    let r = code.trim(r);
    if !(code.is(r.start, "labels") && code.is(r.start + 1, "!") && code.is_open(r.start + 2)) {
        return None;
    }
    let mut keys = Vec::new();
    for item in code.items(r.start + 2) {
        let arrow = (item.start..item.end).find(|&i| code.is(i, "=>"))?;
        keys.push(code.eval_str(item.start..arrow).ok()?);
    }
    Some(keys)
}

/// prometheus-client: `registry.register("name", "help", metric)` and
/// `registry.register_with_unit("name", "help", Unit::Seconds, metric)`.
fn client_register(code: &Code, index: &Index, with_unit: bool, open: usize, out: &mut Found) {
    let args = code.items(open);
    let expected = if with_unit { 4 } else { 3 };
    if args.len() != expected {
        return;
    }
    let name_range = args[0].clone();
    let first = code.trim(name_range.clone());
    let stringish = code.kind(first.start) == Some(TokKind::Str)
        || code.is(first.start, "format")
        || code.is(first.start, "concat")
        || (first.len() == 1 && code.is_ident(first.start));
    if !stringish {
        return;
    }
    let span = code.range_span(&name_range);
    let name = match code.eval_str(name_range) {
        Ok(n) if n.is_empty() => return,
        Ok(n) => n,
        Err(why) => {
            out.dynamic.push(dynamic(
                span,
                &format!("the metric name is built at run time from {why}"),
            ));
            return;
        }
    };
    let unit = if with_unit {
        unit_name(code, args[2].clone())
    } else {
        None
    };
    if with_unit && unit.is_none() {
        out.dynamic.push(dynamic(
            span,
            "the metric unit is not a constant, so the exposed name is not known",
        ));
        return;
    }
    let Some(ty) = client_type(code, index, args[expected - 1].clone(), 0) else {
        return;
    };
    // `.register` at `open - 1`, its receiver before the dot.
    let prefix = match registry_prefix(code, open.saturating_sub(3), 0) {
        Ok(p) => p,
        Err(why) => {
            out.dynamic.push(dynamic(
                span,
                &format!("the registry's name prefix is built at run time from {why}"),
            ));
            return;
        }
    };
    let mut full = if prefix.is_empty() {
        name
    } else {
        format!("{prefix}_{name}")
    };
    if let Some(u) = &unit {
        full.push('_');
        full.push_str(u);
    }
    let (exposed, kind, labels) = match ty.kind {
        ClientKind::Counter => (format!("{full}_total"), MetricKind::Counter, ty.labels),
        ClientKind::Gauge => (full, MetricKind::Gauge, ty.labels),
        ClientKind::Histogram => (full, MetricKind::Histogram, ty.labels),
        ClientKind::Info => (format!("{full}_info"), MetricKind::Gauge, None),
    };
    out.declarations.push(Declaration {
        name: exposed,
        kind,
        help: code.eval_str(args[1].clone()).ok(),
        unit,
        labels,
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}

/// The name prefix of the prometheus-client registry named by the
/// identifier at `receiver`: bound to `Registry::with_prefix("p")` or
/// `parent.sub_registry_with_prefix("p")` (prefixes of nested registries
/// joined with `_`). A registry passed in from elsewhere has no prefix we
/// can see.
fn registry_prefix(code: &Code, receiver: usize, depth: usize) -> Result<String, String> {
    if depth > 4 || !code.is_ident(receiver) {
        return Ok(String::new());
    }
    let Some(value) = code.binding(code.text(receiver), receiver) else {
        return Ok(String::new());
    };
    let Some(call) = value.clone().find(|&i| {
        matches!(code.text(i), "with_prefix" | "sub_registry_with_prefix") && code.is(i + 1, "(")
    }) else {
        return Ok(String::new());
    };
    let arg = code
        .items(call + 1)
        .into_iter()
        .next()
        .ok_or_else(|| "an empty prefix call".to_string())?;
    let own = code.eval_str(arg)?;
    let parent =
        if code.text(call) == "sub_registry_with_prefix" && call >= 2 && code.is(call - 1, ".") {
            registry_prefix(code, call - 2, depth + 1)?
        } else {
            String::new()
        };
    Ok(match (parent.is_empty(), own.is_empty()) {
        (true, _) => own,
        (false, true) => parent,
        (false, false) => format!("{parent}_{own}"),
    })
}

fn unit_name(code: &Code, r: Range<usize>) -> Option<String> {
    let r = code.trim(r);
    let last = r.end.checked_sub(1)?;
    if code.is(last, ")") {
        // `Unit::Other("…".into())`
        let open = (r.start..last).find(|&i| code.is(i, "("))?;
        if code.text(open.checked_sub(1)?) != "Other" {
            return None;
        }
        return code.eval_str(code.items(open).first()?.clone()).ok();
    }
    Some(
        match code.text(last) {
            "Amperes" => "amperes",
            "Bytes" => "bytes",
            "Celsius" => "celsius",
            "Grams" => "grams",
            "Joules" => "joules",
            "Meters" => "meters",
            "Ratios" => "ratios",
            "Seconds" => "seconds",
            "Volts" => "volts",
            _ => return None,
        }
        .to_string(),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ClientKind {
    Counter,
    Gauge,
    Histogram,
    Info,
}

struct ClientType {
    kind: ClientKind,
    labels: Option<Vec<String>>,
}

fn client_kind(name: &str) -> Option<ClientKind> {
    Some(match name {
        "Counter" | "ConstCounter" => ClientKind::Counter,
        "Gauge" | "ConstGauge" => ClientKind::Gauge,
        "Histogram" => ClientKind::Histogram,
        "Info" => ClientKind::Info,
        _ => return None,
    })
}

/// The metric type of a value passed to `register`: from a type path in
/// the expression (`Family::<L, Counter>::default()`), or the declared type
/// or initializer of the variable or field it names.
fn client_type(code: &Code, index: &Index, r: Range<usize>, depth: usize) -> Option<ClientType> {
    if depth > 4 {
        return None;
    }
    let r = code.trim(r);
    if let Some(t) = type_in(code, index, r.clone()) {
        return Some(t);
    }
    // `metrics.requests.clone()` → `requests`
    let last = (r.start..r.end).rev().find(|&i| code.is_ident(i))?;
    let var = code.text(last);
    if let Some(&at) = index.annotated.get(var) {
        if let Some(t) = type_in(code, index, type_extent(code, at + 2)) {
            return Some(t);
        }
    }
    let bound = code.binding(var, last)?;
    if bound.contains(&last) {
        return None;
    }
    client_type(code, index, bound, depth + 1)
}

/// The first metric type named in tokens `r` (a type or an expression).
fn type_in(code: &Code, index: &Index, r: Range<usize>) -> Option<ClientType> {
    let at = (r.start..r.end).find(|&i| {
        code.is_ident(i) && (code.text(i) == "Family" || client_kind(code.text(i)).is_some())
    })?;
    if code.text(at) != "Family" {
        return Some(ClientType {
            kind: client_kind(code.text(at))?,
            labels: Some(Vec::new()),
        });
    }
    // Family<Labels, Metric …>: the label set is the first type argument.
    let lt = (at + 1..r.end.min(at + 4)).find(|&i| code.is(i, "<"))?;
    let mut depth = 0usize;
    let mut comma = None;
    let mut i = lt;
    while i < r.end {
        if code.is(i, "<") {
            depth += 1;
        } else if code.is(i, ">") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                break;
            }
        } else if code.is(i, ",") && depth == 1 && comma.is_none() {
            comma = Some(i);
        }
        i = if code.is_open(i) {
            code.close_of(i).max(i) + 1
        } else {
            i + 1
        };
    }
    let comma = comma?;
    let metric = (comma + 1..i).find_map(|k| client_kind(code.text(k)))?;
    let label_type = lt + 1..comma;
    let labels = if label_type.len() == 1 && code.is_ident(label_type.start) {
        label_struct_fields(code, index, code.text(label_type.start))
    } else {
        None
    };
    Some(ClientType {
        kind: metric,
        labels,
    })
}

/// The field names of `#[derive(EncodeLabelSet)] struct Name { … }` in
/// this file; `None` when the struct is not there, not derived that way,
/// or has attributes on its fields (flattening, renaming).
fn label_struct_fields(code: &Code, index: &Index, name: &str) -> Option<Vec<String>> {
    let at = *index.structs.get(name)?;
    let derived = (at.saturating_sub(40)..at).any(|i| code.text(i) == "EncodeLabelSet");
    if !derived {
        return None;
    }
    let mut fields = Vec::new();
    for item in code.items(at + 1) {
        if code.is(item.start, "#") {
            return None;
        }
        let mut s = item.start;
        if code.is(s, "pub") {
            s += 1;
            if code.is(s, "(") {
                s = code.close_of(s) + 1;
            }
        }
        if !(code.is_ident(s) && code.is(s + 1, ":")) {
            return None;
        }
        fields.push(code.text(s).trim_start_matches("r#").to_string());
    }
    Some(fields)
}

/// Where names are declared in the file, found in one pass.
struct Index<'a> {
    /// `name:` (a field or a typed binding) → index of `name`.
    annotated: HashMap<&'a str, usize>,
    /// `struct Name {` → index of `Name`.
    structs: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn build(code: &Code<'a>) -> Self {
        let mut annotated = HashMap::new();
        let mut structs = HashMap::new();
        for i in 0..code.len() {
            if !code.is_ident(i) {
                continue;
            }
            if code.is(i + 1, ":") {
                annotated.entry(code.text(i)).or_insert(i);
            }
            if i > 0 && code.is(i - 1, "struct") && code.is(i + 1, "{") {
                structs.entry(code.text(i)).or_insert(i);
            }
        }
        Index { annotated, structs }
    }
}

/// The tokens of a type starting at `start`, up to a `,`, `;`, `=` or
/// closer outside its generic arguments.
fn type_extent(code: &Code, start: usize) -> Range<usize> {
    let limit = (start + 64).min(code.len());
    let mut angle = 0usize;
    let mut i = start;
    while i < limit {
        match code.text(i) {
            "<" => angle += 1,
            ">" => angle = angle.saturating_sub(1),
            ">>" => angle = angle.saturating_sub(2),
            "," | "=" if angle == 0 => break,
            ";" | ")" | "}" | "]" | "{" => break,
            _ => {}
        }
        i += 1;
    }
    start..i
}
