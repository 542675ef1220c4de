//! A Grafana dashboard read from its JSON model: panels (rows and the
//! panels collapsed inside them, the old `rows` schema, library panel
//! references), their targets and datasources, and the templating
//! variables. Every Prometheus query is parsed after variable
//! interpolation, with its map back into the file.

use super::interpolate::{self, ValueKind, VarInfo};
use super::variable_query;
use crate::model::query::{InterpolatedText, Query, TextMap};
use crate::promql::ErrorKind;
use crate::source::Span;
use crate::syntax::logql::looks_like_logql;
use crate::syntax::yaml::{Node, ScalarMap};

/// A string value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub span: Span,
}

impl Located {
    fn of(node: &Node) -> Option<Located> {
        let value = node.as_str()?;
        (!node.is_null()).then(|| Located {
            value: value.to_owned(),
            span: node.span,
        })
    }
}

/// The HTTP API envelope `{"dashboard": {...}, "overwrite": ...}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    /// The `"dashboard"` key.
    pub key_span: Span,
}

/// A `datasource` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasourceRef {
    pub span: Span,
    /// The name, or the `uid` of the object form (the whole reference
    /// when there is no uid).
    pub value_span: Span,
    pub value: DatasourceValue,
    /// Variables the reference uses (`${datasource}`), located in the file.
    pub variables: Vec<UsedVariable>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasourceValue {
    /// The legacy form: a datasource name (or uid), a `$variable`, or one
    /// of the special `-- Mixed --`, `-- Grafana --`, `-- Dashboard --`.
    Name(String),
    /// `{"type": ..., "uid": ...}`
    Object {
        kind: Option<String>,
        uid: Option<String>,
    },
}

impl DatasourceRef {
    /// The name or uid this reference names literally, if it is neither a
    /// variable nor a special or built-in datasource.
    pub fn concrete_name(&self) -> Option<&str> {
        let s = match &self.value {
            DatasourceValue::Name(n) => n.as_str(),
            DatasourceValue::Object { uid: Some(u), kind } => {
                if kind.as_deref() == Some("datasource") {
                    return None;
                }
                u.as_str()
            }
            DatasourceValue::Object { uid: None, .. } => return None,
        };
        let special = s.is_empty()
            || s.starts_with("--")
            || s == "grafana"
            || s == "default"
            || s.contains('$')
            || s.contains("[[");
        (!special).then_some(s)
    }

    fn is_mixed(&self) -> bool {
        match &self.value {
            DatasourceValue::Name(n) => n == "-- Mixed --",
            DatasourceValue::Object { uid, .. } => uid.as_deref() == Some("-- Mixed --"),
        }
    }
}

/// A panel identifier as written (a number, usually).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelId {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    /// The panel object.
    pub span: Span,
    pub id: Option<PanelId>,
    /// `type`; `None` when missing.
    pub kind: Option<Located>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub datasource: Option<DatasourceRef>,
    /// `targets`: `None` when the key is missing, the span of the list and
    /// its length otherwise.
    pub targets: Option<(Span, usize)>,
    /// A reference to a library panel: its queries live in the library.
    pub library_panel: bool,
    /// `fieldConfig.defaults.unit`.
    pub unit: Option<String>,
    /// Nested inside a collapsed row (or a row of the old schema).
    pub in_row: bool,
}

impl Panel {
    pub fn kind_str(&self) -> Option<&str> {
        self.kind.as_ref().map(|k| k.value.as_str())
    }
}

/// A templating variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    pub span: Span,
    pub name: Option<Located>,
    /// `type` (`query`, `custom`, `interval`, `datasource`, `constant`,
    /// `textbox`, `adhoc`, ...).
    pub kind: Option<String>,
    pub label: Option<String>,
    pub datasource: Option<DatasourceRef>,
    /// `query` as a string (also from `{"query": ...}`).
    pub query: Option<String>,
    pub multi: bool,
    pub include_all: bool,
    /// `refresh` as written (1: on load, 2: on time range change).
    pub refresh: Option<String>,
    /// A value the variable takes (current or first option), to pick a
    /// stand-in of the right kind.
    pub sample: Option<String>,
    /// The label argument of `label_values(...)` in the file, when it is
    /// not a label name.
    pub bad_label: Option<Span>,
}

/// Where a parsed query comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A target of the panel with this index in `Dashboard::panels`.
    Target { panel: usize },
    /// A part of the query of the variable with this index in
    /// `Dashboard::variables`; `selector`: Grafana sends it to Prometheus
    /// as a series selector, so it must be one.
    Variable { variable: usize, selector: bool },
    /// The `expr` of an annotation query (`annotations.list`).
    Annotation,
}

#[derive(Clone, Debug)]
pub struct DashQuery {
    pub query: Query,
    pub origin: Origin,
    /// The datasource name or uid the query is sent to, when the dashboard
    /// alone does not say what kind of datasource that is (the project's
    /// provisioning files may: see [`super::datasources`]).
    pub datasource: Option<String>,
}

/// A variable reference, located in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsedVariable {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Dashboard {
    /// The dashboard object (inside the envelope, if any).
    pub span: Span,
    pub wrapper: Option<Wrapper>,
    pub uid: Option<Located>,
    pub title: Option<Located>,
    pub panels: Vec<Panel>,
    pub variables: Vec<Variable>,
    /// Names declared in `__inputs` (`DS_PROMETHEUS`), with their span.
    pub inputs: Vec<Located>,
    /// The `pluginId` of each datasource input (`DS_LOKI` → `loki`).
    pub input_plugins: Vec<(String, String)>,
    pub queries: Vec<DashQuery>,
    /// Variables used in queries and datasource fields.
    pub used_variables: Vec<UsedVariable>,
    /// Every `datasource` field of panels, targets and variables.
    pub datasources: Vec<DatasourceRef>,
    /// What shows the dashboard: Grafana unless its embedding says
    /// otherwise.
    pub renderer: Renderer,
}

/// The program that shows a dashboard. The OpenShift console reads
/// Grafana's JSON model with its own renderer: its panel types and
/// variable queries are not Grafana's, so Grafana's version advice does not
/// apply to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Renderer {
    #[default]
    Grafana,
    /// A `ConfigMap` labelled `console.openshift.io/dashboard`.
    OpenShiftConsole,
}

impl Dashboard {
    /// Whether `name` is a variable of the dashboard, a built-in one or an
    /// input of an exported dashboard.
    pub fn defines(&self, name: &str) -> bool {
        interpolate::builtin(name).is_some()
            || self.variable(name).is_some()
            || self.inputs.iter().any(|i| i.value == name)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables
            .iter()
            .find(|v| v.name.as_ref().is_some_and(|n| n.value == name))
    }

    fn var_info(&self, name: &str) -> Option<VarInfo> {
        let v = self.variable(name)?;
        let kind = match v.kind.as_deref() {
            Some("interval") => ValueKind::Duration,
            _ => match v.sample.as_deref().map(str::trim) {
                Some(s) if !s.is_empty() && s.parse::<f64>().is_ok() => ValueKind::Number,
                Some(s) if crate::syntax::duration::parse(s).is_ok() => ValueKind::Duration,
                _ => ValueKind::Text,
            },
        };
        // Grafana writes these values as they are; a query variable's
        // current value is only a snapshot of what its query returned.
        let value = match v.kind.as_deref() {
            Some("custom" | "constant" | "textbox") => v.sample.clone(),
            _ => None,
        };
        Some(VarInfo {
            kind,
            multi: v.multi || v.include_all,
            value,
        })
    }
}

/// Whether a JSON document is a dashboard: the bare model or the API
/// envelope.
pub fn is_dashboard(root: &Node) -> bool {
    if looks_like_model(root) {
        return true;
    }
    root.get("dashboard")
        .is_some_and(|d| looks_like_model(d) || d.get("panels").is_some())
}

fn looks_like_model(n: &Node) -> bool {
    n.as_mapping().is_some()
        && ["panels", "rows", "templating"]
            .iter()
            .any(|k| n.get(k).is_some())
        && ["title", "schemaVersion", "uid"]
            .iter()
            .any(|k| n.get(k).is_some())
}

/// Reads a dashboard document.
pub fn read(text: &str, root: &Node) -> Dashboard {
    let (model, wrapper) = match root.entry("dashboard") {
        Some(e) if !looks_like_model(root) && e.value.as_mapping().is_some() => (
            &e.value,
            Some(Wrapper {
                key_span: e.key.span,
            }),
        ),
        _ => (root, None),
    };
    let mut d = Dashboard {
        span: model.span,
        wrapper,
        uid: model.get("uid").and_then(Located::of),
        title: model.get("title").and_then(Located::of),
        panels: Vec::new(),
        variables: Vec::new(),
        inputs: Vec::new(),
        input_plugins: Vec::new(),
        queries: Vec::new(),
        used_variables: Vec::new(),
        datasources: Vec::new(),
        renderer: Renderer::Grafana,
    };
    for input in seq(root.get("__inputs"))
        .iter()
        .chain(seq(model.get("__inputs")))
    {
        if let Some(name) = input.get("name").and_then(Located::of) {
            if let Some(plugin) = input.get("pluginId").and_then(Node::as_str) {
                d.input_plugins
                    .push((name.value.clone(), plugin.to_owned()));
            }
            d.inputs.push(name);
        }
    }
    read_variables(text, model, &mut d);
    // Panels: flattened; (node, in_row). Rows of the old schema hold
    // panels too. Nesting is bounded by the loader's depth limit; the
    // walk is iterative anyway.
    let mut stack: Vec<(&Node, bool)> = Vec::new();
    for p in seq(model.get("panels")).iter().rev() {
        stack.push((p, false));
    }
    for row in seq(model.get("rows")).iter().rev() {
        for p in seq(row.get("panels")).iter().rev() {
            stack.push((p, true));
        }
    }
    let mut targets: Vec<(usize, &Node)> = Vec::new();
    while let Some((node, in_row)) = stack.pop() {
        if node.as_mapping().is_none() {
            continue;
        }
        let panel = read_panel(text, node, in_row);
        let index = d.panels.len();
        if let Some(ds) = &panel.datasource {
            d.datasources.push(ds.clone());
        }
        for t in seq(node.get("targets")) {
            targets.push((index, t));
            if let Some(interval) = t.get("interval") {
                d.used_variables.extend(variables_in(text, interval));
            }
        }
        // `repeat` names a variable without the `$`.
        if let Some(repeat) = node.get("repeat").and_then(Located::of) {
            if !repeat.value.is_empty() {
                d.used_variables.push(UsedVariable {
                    name: repeat.value.trim_start_matches('$').to_owned(),
                    span: repeat.span,
                });
            }
        }
        if let Some(interval) = node.get("interval") {
            d.used_variables.extend(variables_in(text, interval));
        }
        d.panels.push(panel);
        for p in seq(node.get("panels")).iter().rev() {
            stack.push((p, true));
        }
    }
    for (panel, t) in targets {
        read_target(text, &mut d, panel, t);
    }
    for (i, v) in model_variables(model).iter().enumerate() {
        read_variable_query(text, &mut d, i, v);
    }
    let annotations = seq(model.get("annotations").and_then(|a| a.get("list")));
    for a in annotations {
        read_annotation(text, &mut d, a);
    }
    let used: Vec<UsedVariable> = d
        .datasources
        .iter()
        .flat_map(|ds| ds.variables.iter().cloned())
        .collect();
    d.used_variables.extend(used);
    d
}

/// The variables a scalar (an `interval` such as `$resolution`) uses,
/// located in the file.
fn variables_in(text: &str, node: &Node) -> Vec<UsedVariable> {
    let Some(value) = node.as_str() else {
        return Vec::new();
    };
    let refs = interpolate::find_refs(value);
    if refs.is_empty() {
        return Vec::new();
    }
    let map = ScalarMap::new(text, node);
    refs.into_iter()
        .map(|r| UsedVariable {
            span: map.span_to_file(r.span),
            name: r.name,
        })
        .collect()
}

fn seq(node: Option<&Node>) -> &[Node] {
    node.and_then(Node::as_sequence).unwrap_or(&[])
}

fn truthy(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str) == Some("true")
}

fn datasource(text: &str, node: Option<&Node>) -> Option<DatasourceRef> {
    let node = node?;
    if node.is_null() {
        return None;
    }
    let value = match node.as_mapping() {
        Some(_) => DatasourceValue::Object {
            kind: node
                .get("type")
                .filter(|n| !n.is_null())
                .and_then(Node::as_str)
                .map(str::to_owned),
            uid: node
                .get("uid")
                .filter(|n| !n.is_null())
                .and_then(Node::as_str)
                .map(str::to_owned),
        },
        None => DatasourceValue::Name(node.as_str()?.to_owned()),
    };
    let written = match &value {
        DatasourceValue::Name(n) => Some((n.as_str(), node)),
        DatasourceValue::Object { uid: Some(u), .. } => node.get("uid").map(|n| (u.as_str(), n)),
        DatasourceValue::Object { .. } => None,
    };
    let variables = written
        .map(|(s, n)| {
            let refs = interpolate::find_refs(s);
            if refs.is_empty() {
                return Vec::new();
            }
            let map = ScalarMap::new(text, n);
            refs.into_iter()
                .map(|r| UsedVariable {
                    span: map.span_to_file(r.span),
                    name: r.name,
                })
                .collect()
        })
        .unwrap_or_default();
    let value_span = written.map_or(node.span, |(_, n)| n.span);
    Some(DatasourceRef {
        span: node.span,
        value_span,
        value,
        variables,
    })
}

fn read_panel(text: &str, node: &Node, in_row: bool) -> Panel {
    let targets = node
        .get("targets")
        .map(|t| (t.span, t.as_sequence().map_or(0, <[Node]>::len)));
    Panel {
        span: node.span,
        id: node.get("id").filter(|n| !n.is_null()).and_then(|n| {
            Some(PanelId {
                value: n.as_str()?.to_owned(),
                span: n.span,
            })
        }),
        kind: node.get("type").and_then(Located::of),
        title: node.get("title").and_then(Node::as_str).map(str::to_owned),
        description: node
            .get("description")
            .and_then(Node::as_str)
            .map(str::to_owned),
        datasource: datasource(text, node.get("datasource")),
        targets,
        library_panel: node.get("libraryPanel").is_some(),
        unit: node
            .get("fieldConfig")
            .and_then(|f| f.get("defaults"))
            .and_then(|f| f.get("unit"))
            .and_then(Node::as_str)
            .map(str::to_owned),
        in_row,
    }
}

fn model_variables(model: &Node) -> &[Node] {
    seq(model.get("templating").and_then(|t| t.get("list")))
}

fn read_variables(text: &str, model: &Node, d: &mut Dashboard) {
    for v in model_variables(model) {
        let query = match v.get("query") {
            Some(q) if q.as_mapping().is_some() => {
                q.get("query").and_then(Node::as_str).map(str::to_owned)
            }
            Some(q) => q.as_str().map(str::to_owned),
            None => None,
        };
        let kind = v.get("type").and_then(Node::as_str).map(str::to_owned);
        let current = v.get("current").and_then(|c| c.get("value"));
        let current = match current {
            Some(c) if c.as_sequence().is_some() => c.as_sequence().and_then(|s| s.first()),
            other => other,
        };
        let sample = current
            .and_then(Node::as_str)
            .filter(|s| !s.starts_with('$'))
            .map(str::to_owned)
            .or_else(|| {
                seq(v.get("options"))
                    .first()
                    .and_then(|o| o.get("value"))
                    .and_then(Node::as_str)
                    .map(str::to_owned)
            })
            .or_else(|| match kind.as_deref() {
                Some("custom") => query
                    .as_deref()
                    .and_then(|q| q.split(',').next())
                    .map(|s| s.trim().to_owned()),
                Some("constant" | "textbox") => query.clone(),
                _ => None,
            });
        let variable = Variable {
            span: v.span,
            name: v.get("name").and_then(Located::of),
            kind,
            label: v.get("label").and_then(Node::as_str).map(str::to_owned),
            datasource: datasource(text, v.get("datasource")),
            query,
            multi: truthy(v.get("multi")),
            include_all: truthy(v.get("includeAll")),
            refresh: v.get("refresh").and_then(Node::as_str).map(str::to_owned),
            sample,
            bad_label: None,
        };
        if let Some(ds) = &variable.datasource {
            d.datasources.push(ds.clone());
        }
        d.variables.push(variable);
    }
}

/// What a datasource reference says about the query language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Prometheus or a datasource speaking PromQL.
    Prometheus,
    /// Another language (Loki, Tempo, Elasticsearch, SQL, ...), or one of
    /// Grafana's special datasources.
    Other,
    /// Not known from the dashboard alone (a provisioned name, the
    /// default datasource): read as Prometheus.
    Unknown,
}

/// The language of a datasource plugin type (`prometheus`, `loki`, ...).
pub fn plugin_language(plugin: &str) -> Language {
    let p = plugin.trim().to_ascii_lowercase();
    if p.is_empty() {
        Language::Unknown
    } else if p.contains("prometheus") || (p.starts_with("victoriametrics") && !p.contains("logs"))
    {
        // Amazon/Azure managed Prometheus, VictoriaMetrics (MetricsQL is a
        // superset of PromQL).
        Language::Prometheus
    } else {
        Language::Other
    }
}

/// Names that say which kind of datasource they are, in datasource names
/// and in the names of variables and inputs that stand for one.
fn language_by_name(name: &str) -> Language {
    let lower = name.to_ascii_lowercase();
    const OTHERS: &[&str] = &[
        "loki",
        "tempo",
        "elastic",
        "influx",
        "mysql",
        "postgres",
        "graphite",
        "cloudwatch",
        "jaeger",
        "zipkin",
        "testdata",
        "opensearch",
        "mssql",
        "pyroscope",
    ];
    if OTHERS.iter().any(|o| lower.contains(o)) {
        Language::Other
    } else {
        Language::Unknown
    }
}

fn language(d: &Dashboard, ds: &DatasourceRef) -> Language {
    let name = match &ds.value {
        DatasourceValue::Object { kind: Some(k), .. } if !k.trim().is_empty() => {
            return plugin_language(k)
        }
        DatasourceValue::Object { uid: Some(u), .. } => u.as_str(),
        DatasourceValue::Object { .. } => return Language::Unknown,
        DatasourceValue::Name(n) => n.as_str(),
    };
    if name.starts_with("--") || name == "grafana" {
        return Language::Other;
    }
    if let Some(r) = interpolate::find_refs(name).first() {
        if let Some(v) = d.variable(&r.name) {
            if v.kind.as_deref() == Some("datasource") {
                if let Some(q) = v.query.as_deref() {
                    return plugin_language(q);
                }
            }
        }
        if let Some((_, plugin)) = d.input_plugins.iter().find(|(n, _)| *n == r.name) {
            return plugin_language(plugin);
        }
        // `$loki_datasource`, `${DS_LOKI}`: the name says it.
        return language_by_name(&r.name);
    }
    language_by_name(name)
}

/// Panel types that run no query: leftover `targets` in them are never
/// sent anywhere.
const NO_QUERY_PANELS: &[&str] = &[
    "text",
    "news",
    "dashlist",
    "welcome",
    "gettingstarted",
    "pluginlist",
    "annolist",
    "alertlist",
    "row",
];

fn read_target(text: &str, d: &mut Dashboard, panel: usize, t: &Node) {
    let own = datasource(text, t.get("datasource"));
    if let Some(ds) = &own {
        d.datasources.push(ds.clone());
    }
    if d.panels[panel]
        .kind_str()
        .is_some_and(|k| NO_QUERY_PANELS.contains(&k))
    {
        return;
    }
    let panel_ds = d.panels[panel].datasource.clone();
    let effective = match (&own, &panel_ds) {
        (Some(o), _) => Some(o),
        (None, Some(p)) if !p.is_mixed() => Some(p),
        _ => None,
    };
    let lang = effective.map_or(Language::Unknown, |ds| language(d, ds));
    if lang == Language::Other {
        return;
    }
    // `expr` for Prometheus targets; a `query` only where the datasource
    // is known to be Prometheus (other datasources use `query` for SQL and
    // the like).
    let node = match t.get("expr") {
        Some(e) => e,
        None if lang == Language::Prometheus => match t.get("query") {
            Some(q) if q.as_mapping().is_some() => match q.get("query") {
                Some(inner) => inner,
                None => return,
            },
            Some(q) => q,
            None => return,
        },
        None => return,
    };
    let Some(expr) = node.as_str() else { return };
    if node.is_null() || expr.trim().is_empty() {
        return;
    }
    if lang == Language::Unknown && looks_like_logql(expr) {
        return;
    }
    let concrete = match lang {
        Language::Unknown => effective
            .and_then(|ds| ds.concrete_name())
            .map(str::to_owned),
        _ => None,
    };
    add_query(text, d, node, 0, expr, Origin::Target { panel });
    if let Some(q) = d.queries.last_mut() {
        q.datasource = concrete;
    }
}

/// Parses `expr` (the part of `node`'s value from `base` on) after
/// interpolation, and records the variables it uses.
fn add_query(text: &str, d: &mut Dashboard, node: &Node, base: usize, expr: &str, origin: Origin) {
    let lookup = |name: &str| d.var_info(name);
    let interpolated = interpolate::interpolate(expr, &lookup);
    let scalar = ScalarMap::new(text, node);
    for r in &interpolated.refs {
        d.used_variables.push(UsedVariable {
            name: r.name.clone(),
            span: scalar.span_to_file(r.span.shift(base)),
        });
    }
    let map = TextMap::Interpolated(Box::new(InterpolatedText {
        scalar,
        base,
        interpolation: interpolated.map,
    }));
    let mut query = Query::new(interpolated.text, map, node.span);
    drop_guessed_type_errors(&mut query);
    d.queries.push(DashQuery {
        query,
        origin,
        datasource: None,
    });
}

/// A Prometheus annotation query: its `expr`, when its datasource is not
/// known to be another kind (the built-in `-- Grafana --` annotations have
/// no `expr`).
fn read_annotation(text: &str, d: &mut Dashboard, a: &Node) {
    let ds = datasource(text, a.get("datasource"));
    let lang = ds.as_ref().map_or(Language::Unknown, |ds| language(d, ds));
    if let Some(ds) = &ds {
        d.datasources.push(ds.clone());
    }
    if lang == Language::Other {
        return;
    }
    let Some(node) = a.get("expr") else { return };
    let Some(expr) = node.as_str() else { return };
    if node.is_null() || expr.trim().is_empty() {
        return;
    }
    if lang == Language::Unknown && looks_like_logql(expr) {
        return;
    }
    add_query(text, d, node, 0, expr, Origin::Annotation);
    if lang == Language::Unknown {
        let concrete = ds
            .as_ref()
            .and_then(|ds| ds.concrete_name())
            .map(str::to_owned);
        if let Some(q) = d.queries.last_mut() {
            q.datasource = concrete;
        }
    }
}

/// A type error on a stand-in alone (`topk($n, ...)` where the value of
/// `$n` is not known, so it was guessed to be a name) says nothing about
/// the user's query: such errors are dropped, and the tree kept when none
/// is left.
fn drop_guessed_type_errors(query: &mut Query) {
    let Err(errors) = &query.parsed else { return };
    if !errors.iter().all(|e| e.kind == ErrorKind::Type) {
        return;
    }
    let kept: Vec<_> = errors
        .iter()
        .filter(|e| !query.is_within_placeholder(e.span))
        .cloned()
        .collect();
    if kept.len() == errors.len() {
        return;
    }
    if kept.is_empty() {
        if let Ok(expr) = crate::promql::parser::parse(&query.text) {
            query.features = crate::promql::features::experimental_features(&expr);
            query.parsed = Ok(expr);
            return;
        }
    }
    query.parsed = Err(kept);
}

fn read_variable_query(text: &str, d: &mut Dashboard, index: usize, v: &Node) {
    let var = &d.variables[index];
    if var.kind.as_deref() != Some("query") {
        return;
    }
    let lang = var
        .datasource
        .as_ref()
        .map_or(Language::Unknown, |ds| language(d, ds));
    if lang == Language::Other {
        return;
    }
    let node = match v.get("query") {
        Some(q) if q.as_mapping().is_some() => match q.get("query") {
            Some(inner) => inner,
            None => return,
        },
        Some(q) => q,
        None => return,
    };
    let Some(value) = node.as_str() else { return };
    let concrete = match lang {
        Language::Unknown => var
            .datasource
            .as_ref()
            .and_then(|ds| ds.concrete_name())
            .map(str::to_owned),
        _ => None,
    };
    let first = d.queries.len();
    let analysis = variable_query::analyse(value, lang == Language::Prometheus);
    if let Some(label) = analysis.bad_label {
        let map = ScalarMap::new(text, node);
        d.variables[index].bad_label = Some(map.span_to_file(Span::new(label.start, label.end)));
    }
    for part in analysis.parts {
        let expr = &value[part.range.clone()];
        let origin = Origin::Variable {
            variable: index,
            selector: part.kind == variable_query::PartKind::Selector,
        };
        add_query(text, d, node, part.range.start, expr, origin);
    }
    for q in &mut d.queries[first..] {
        q.datasource.clone_from(&concrete);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::load_json;

    fn queries(json: &str) -> Vec<String> {
        let doc = load_json(json);
        read(json, &doc.documents[0].root)
            .queries
            .iter()
            .map(|q| q.query.text.clone())
            .collect()
    }

    #[test]
    fn only_promql_datasources_give_queries() {
        let json = r#"{
          "title": "t",
          "__inputs": [{"name": "DS_LOKI", "type": "datasource", "pluginId": "loki"},
                       {"name": "DS_PROM", "type": "datasource", "pluginId": "prometheus"}],
          "templating": {"list": [{"name": "logs", "type": "datasource", "query": "loki"}]},
          "annotations": {"list": [{"datasource": "$logs", "expr": "a_total"}]},
          "panels": [
            {"type": "timeseries", "datasource": "$logs", "targets": [{"expr": "b"}]},
            {"type": "timeseries", "datasource": "${DS_LOKI}", "targets": [{"expr": "c"}]},
            {"type": "timeseries", "datasource": {"type": "tempo", "uid": "x"}, "targets": [{"expr": "d"}]},
            {"type": "timeseries", "datasource": "$loki_datasource", "targets": [{"expr": "e"}]},
            {"type": "text", "targets": [{"expr": "f ("}]},
            {"type": "timeseries", "datasource": "-- Mixed --", "targets": [
              {"datasource": {"type": "loki", "uid": "l"}, "expr": "g"},
              {"datasource": "${DS_PROM}", "expr": "h"},
              {"expr": "i"},
              {"expr": "{app=\"x\"} | json"}
            ]},
            {"type": "timeseries", "datasource": "uid-of-something", "targets": [{"expr": "j"}]}
          ]
        }"#;
        assert_eq!(queries(json), ["h", "i", "j"]);
    }

    #[test]
    fn custom_variables_are_written_with_their_value() {
        let json = r#"{
          "title": "t",
          "templating": {"list": [
            {"name": "op", "type": "custom", "query": "or,unless",
             "current": {"value": "unless"}},
            {"name": "job", "type": "query", "current": {"value": "or"}}
          ]},
          "panels": [{"type": "timeseries", "targets": [{"expr": "a $op b{job=\"$job\"}"}]}]
        }"#;
        assert_eq!(queries(json), [r#"a unless b{job="job"}"#]);
    }
}
