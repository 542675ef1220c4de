//! Go `client_golang`: `prometheus.CounterOpts{…}` (and the other `*Opts`
//! literals) wherever they appear, with the type and label names taken from
//! the constructor they are passed to (`NewCounterVec(opts, []string{…})`,
//! `promauto.New*`, `promauto.With(reg).New*`, `New*Func`), and
//! `prometheus.NewDesc(name, help, labels, constLabels)` with the type taken
//! from the `MustNewConstMetric` calls that use the descriptor.

use std::collections::HashMap;
use std::ops::Range;

use super::code::{build_fq_name, Code};
use super::{dynamic, Found};
use crate::catalog::{Declaration, MetricKind};

const PROMETHEUS_PATH: &str = "github.com/prometheus/client_golang/prometheus";

pub(crate) fn scan(code: &Code, out: &mut Found) {
    let aliases = package_aliases(code);
    if aliases.is_empty() {
        return;
    }
    let uses = VarUses::collect(code);
    for i in 0..code.len() {
        if !code.is_ident(i) || !code.is(i + 1, "{") && !code.is(i + 1, "(") {
            continue;
        }
        let Some(start) = qualified_start(code, i, &aliases) else {
            continue;
        };
        if code.is(i + 1, "{") {
            if let Some(kind) = opts_kind(code.text(i)) {
                opts_literal(code, start, i + 1, kind, &uses, out);
            }
        } else if code.text(i) == "NewDesc" {
            new_desc(code, start, i + 1, &uses, out);
        }
    }
}

/// Local names of the `prometheus` package (`.` for a dot import).
fn package_aliases<'a>(code: &Code<'a>) -> Vec<&'a str> {
    let mut aliases = Vec::new();
    for (i, t) in code.toks.iter().enumerate() {
        if t.value.as_deref() != Some(PROMETHEUS_PATH) {
            continue;
        }
        let alias = if i > 0
            && (code.is_ident(i - 1) || code.is(i - 1, "."))
            && code.text(i - 1) != "import"
        {
            code.text(i - 1)
        } else {
            "prometheus"
        };
        if alias != "_" {
            aliases.push(alias);
        }
    }
    aliases
}

/// Where the reference to package member `i` starts: `pkg.Member` → the
/// `pkg` token; an unqualified member only under a dot import.
fn qualified_start(code: &Code, i: usize, aliases: &[&str]) -> Option<usize> {
    if i >= 2 && code.is(i - 1, ".") {
        let pkg = code.text(i - 2);
        let ok = code.is_ident(i - 2) && aliases.contains(&pkg) && !(i >= 3 && code.is(i - 3, "."));
        return ok.then_some(i - 2);
    }
    (aliases.contains(&".") && !(i >= 1 && code.is(i - 1, "."))).then_some(i)
}

fn opts_kind(type_name: &str) -> Option<Option<MetricKind>> {
    Some(match type_name {
        "CounterOpts" => Some(MetricKind::Counter),
        "GaugeOpts" => Some(MetricKind::Gauge),
        "HistogramOpts" => Some(MetricKind::Histogram),
        "SummaryOpts" => Some(MetricKind::Summary),
        "UntypedOpts" => Some(MetricKind::Untyped),
        // Plain `Opts` serves counters and gauges alike.
        "Opts" => None,
        _ => return None,
    })
}

/// A constructor of client_golang (also promauto's and a `Factory`'s).
struct Ctor {
    kind: MetricKind,
    /// `…Vec`: the label names are the second argument.
    vec: bool,
}

fn ctor(name: &str) -> Option<Ctor> {
    let rest = name.strip_prefix("New")?;
    let (base, vec) = match rest.strip_suffix("Vec") {
        Some(base) => (base, true),
        None => (rest.strip_suffix("Func").unwrap_or(rest), false),
    };
    let kind = match base {
        "Counter" => MetricKind::Counter,
        "Gauge" => MetricKind::Gauge,
        "Histogram" => MetricKind::Histogram,
        "Summary" => MetricKind::Summary,
        "Untyped" => MetricKind::Untyped,
        _ => return None,
    };
    Some(Ctor { kind, vec })
}

/// How variables holding options or descriptors are used elsewhere in the
/// file: `NewCounterVec(opts, …)`, `MustNewConstMetric(c.desc, prometheus.GaugeValue, …)`.
#[derive(Default)]
struct VarUses<'a> {
    /// Variable → the constructor call it is the first argument of.
    ctor_calls: HashMap<&'a str, usize>,
    /// Descriptor variable → the value types it is used with.
    desc_kinds: HashMap<&'a str, Vec<MetricKind>>,
}

impl<'a> VarUses<'a> {
    fn collect(code: &Code<'a>) -> Self {
        let mut uses = VarUses::default();
        for i in 0..code.len() {
            if !code.is_ident(i) || !code.is(i + 1, "(") {
                continue;
            }
            let Some(first) = code.items(i + 1).into_iter().next() else {
                continue;
            };
            let first = code.trim(first);
            let Some(last) = first.clone().last().filter(|&l| code.is_ident(l)) else {
                continue;
            };
            let var = code.text(last);
            let name = code.text(i);
            if ctor(name).is_some() && first.len() == 1 {
                uses.ctor_calls.entry(var).or_insert(i + 1);
            } else if let Some(kind) = const_metric_kind(code, name, i + 1) {
                uses.desc_kinds.entry(var).or_default().push(kind);
            }
        }
        uses
    }

    /// The single kind a descriptor variable is used with.
    fn desc_kind(&self, var: &str) -> Option<MetricKind> {
        let kinds = self.desc_kinds.get(var)?;
        let first = *kinds.first()?;
        kinds.iter().all(|k| *k == first).then_some(first)
    }
}

/// The metric type of a `MustNewConstMetric(desc, prometheus.CounterValue, …)`-style call.
fn const_metric_kind(code: &Code, name: &str, open: usize) -> Option<MetricKind> {
    let base = name.strip_prefix("Must").unwrap_or(name);
    if base.starts_with("NewConstHistogram") {
        return Some(MetricKind::Histogram);
    }
    if base.starts_with("NewConstSummary") {
        return Some(MetricKind::Summary);
    }
    if !base.starts_with("NewConstMetric") {
        return None;
    }
    let value_type = code.items(open).into_iter().nth(1)?;
    match code.text(value_type.end.checked_sub(1)?) {
        "CounterValue" => Some(MetricKind::Counter),
        "GaugeValue" => Some(MetricKind::Gauge),
        "UntypedValue" => Some(MetricKind::Untyped),
        _ => None,
    }
}

/// The variable or struct field a value starting at `start` is assigned
/// to: `x := value`, `x = value`, `field: value`.
fn assigned_to<'a>(code: &Code<'a>, start: usize) -> Option<&'a str> {
    let mut s = start;
    if s > 0 && code.is(s - 1, "&") {
        s -= 1;
    }
    if s >= 2
        && (code.is(s - 1, ":=") || code.is(s - 1, "=") || code.is(s - 1, ":"))
        && code.is_ident(s - 2)
    {
        return Some(code.text(s - 2));
    }
    None
}

/// The constructor call whose first argument starts at `start`.
fn enclosing_ctor(code: &Code, start: usize) -> Option<(Ctor, usize)> {
    let mut s = start;
    if s > 0 && code.is(s - 1, "&") {
        s -= 1;
    }
    let open = s.checked_sub(1)?;
    if !code.is(open, "(") || open == 0 {
        return None;
    }
    Some((ctor(code.text(open - 1))?, open))
}

fn opts_literal(
    code: &Code,
    start: usize,
    brace: usize,
    type_kind: Option<MetricKind>,
    uses: &VarUses,
    out: &mut Found,
) {
    let mut fields: HashMap<String, Range<usize>> = HashMap::new();
    for item in code.items(brace) {
        if let Some((key, value)) = code.keyed(&item, ":") {
            fields.insert(key, value);
        }
    }
    let Some(name_range) = fields.get("Name").cloned() else {
        return;
    };
    let span = code.range_span(&name_range);
    let part = |key: &str| match fields.get(key) {
        Some(r) => code.eval_str(r.clone()),
        None => Ok(String::new()),
    };
    let name = match (part("Namespace"), part("Subsystem"), part("Name")) {
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
    let const_labels = match fields.get("ConstLabels") {
        Some(r) => map_keys(code, r.clone()),
        None => Some(Vec::new()),
    };
    // The constructor: called right here, called on the variable holding
    // these options, or (client_golang v2) the `…VecOpts` literal around.
    let ctor_call = enclosing_ctor(code, start).or_else(|| {
        let var = assigned_to(code, start)?;
        let open = *uses.ctor_calls.get(var)?;
        Some((ctor(code.text(open - 1))?, open))
    });
    let (kind, variable) = match ctor_call {
        Some((c, open)) => {
            let variable = if c.vec {
                code.items(open)
                    .get(1)
                    .and_then(|r| code.eval_list(r.clone()))
            } else {
                Some(Vec::new())
            };
            (c.kind, variable)
        }
        None => match vec_opts_labels(code, start) {
            Some(labels) => (type_kind.unwrap_or(MetricKind::Untyped), labels),
            None => (type_kind.unwrap_or(MetricKind::Untyped), None),
        },
    };
    let labels = join_labels(variable, const_labels);
    out.declarations.push(Declaration {
        name,
        kind,
        help: fields
            .get("Help")
            .and_then(|r| code.eval_str(r.clone()).ok()),
        unit: None,
        labels,
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}

/// client_golang v2: `CounterVecOpts{CounterOpts: …, VariableLabels: …}`
/// around the options literal at `start`. `Some(None)` when the labels are
/// not static.
fn vec_opts_labels(code: &Code, start: usize) -> Option<Option<Vec<String>>> {
    let parent = code.parent(start)?;
    if !code.is(parent, "{") || parent == 0 || !code.text(parent - 1).ends_with("VecOpts") {
        return None;
    }
    for item in code.items(parent) {
        if let Some((key, value)) = code.keyed(&item, ":") {
            if key == "VariableLabels" {
                let mut v = code.trim(value);
                // `prometheus.UnconstrainedLabels{…}` / `ConstrainedLabels{…}`
                while v.len() > 2 && !code.is(v.start, "{") && !code.is(v.start, "[") {
                    v.start += 1;
                }
                return Some(code.eval_list(v));
            }
        }
    }
    Some(Some(Vec::new()))
}

fn new_desc(code: &Code, start: usize, open: usize, uses: &VarUses, out: &mut Found) {
    let args = code.items(open);
    let Some(name_range) = args.first().cloned() else {
        return;
    };
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
    let variable = match args.get(2) {
        Some(r) => code.eval_list(r.clone()),
        None => Some(Vec::new()),
    };
    let constant = match args.get(3) {
        Some(r) => map_keys(code, r.clone()),
        None => Some(Vec::new()),
    };
    // The type: from the const-metric call this descriptor is passed to.
    let direct = code
        .parent(start)
        .filter(|&p| code.is(p, "(") && p + 1 == start && p > 0);
    let kind = direct
        .and_then(|p| const_metric_kind(code, code.text(p - 1), p))
        .or_else(|| assigned_to(code, start).and_then(|var| uses.desc_kind(var)))
        .unwrap_or(MetricKind::Untyped);
    out.declarations.push(Declaration {
        name,
        kind,
        help: args.get(1).and_then(|r| code.eval_str(r.clone()).ok()),
        unit: None,
        labels: join_labels(variable, constant),
        span,
        name_is_prefix: false,
        optional_labels: Vec::new(),
    });
}

/// The keys of `prometheus.Labels{"k": v}` / `map[string]string{…}`; empty
/// for `nil`; `None` when not a literal with static keys.
fn map_keys(code: &Code, r: Range<usize>) -> Option<Vec<String>> {
    let r = code.trim(r);
    if r.len() == 1 && code.is(r.start, "nil") {
        return Some(Vec::new());
    }
    let brace = (r.start..r.end).find(|&i| code.is(i, "{"))?;
    if code.close_of(brace) != r.end - 1 {
        return None;
    }
    let mut keys = Vec::new();
    for item in code.items(brace) {
        let colon = (item.start..item.end).find(|&i| code.is(i, ":"))?;
        keys.push(code.eval_str(item.start..colon).ok()?);
    }
    Some(keys)
}

fn join_labels(
    variable: Option<Vec<String>>,
    constant: Option<Vec<String>>,
) -> Option<Vec<String>> {
    let mut labels = variable?;
    labels.extend(constant?);
    Some(labels)
}
