//! Metric declarations in the configuration files of exporters whose
//! metrics are defined by their configuration rather than their code:
//! snmp_exporter (`snmp.yml`, and its generator's `generator.yml`),
//! json_exporter, statsd_exporter mapping files, and blackbox_exporter
//! (whose configuration turns on the built-in blackbox catalog).
//!
//! Files are recognised by their content only, and only when every
//! top-level key belongs to the exporter's format, so that no other kind
//! of YAML file is taken. Reading never fails: malformed entries are
//! skipped, and a name that cannot be known is never guessed.

use crate::exposition::MetricKind;
use crate::source::Span;
use crate::syntax::yaml::Node;

use super::super::Declaration;

/// Which exporter a configuration belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exporter {
    /// snmp_exporter's `snmp.yml` (modules with their `metrics`).
    Snmp,
    /// snmp_exporter's generator input (`generator.yml`): modules with the
    /// OIDs and MIB names to walk.
    SnmpGenerator,
    Blackbox,
    Json,
    Statsd,
}

impl Exporter {
    pub fn as_str(self) -> &'static str {
        match self {
            Exporter::Snmp => "snmp_exporter",
            Exporter::SnmpGenerator => "snmp_exporter generator",
            Exporter::Blackbox => "blackbox_exporter",
            Exporter::Json => "json_exporter",
            Exporter::Statsd => "statsd_exporter",
        }
    }
}

/// Names an exporter may expose that are not certain enough to be
/// declared: queries for them are not reported as unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenNames {
    /// SNMP MIB object names (`ifHCInOctets`, `hrStorageUsed`): a
    /// generator module walks tables and subtrees whose objects are only
    /// known from the MIBs.
    MibObjects,
    /// A name template: the literal parts in order, with a non-empty run
    /// of name characters between consecutive parts (`${1}_total` is
    /// `["", "_total"]`). A single part is an exact name.
    Template(Vec<String>),
}

impl OpenNames {
    /// Whether the series name `name` may be one of these.
    pub fn admits(&self, name: &str) -> bool {
        match self {
            OpenNames::MibObjects => looks_like_mib_object(name),
            OpenNames::Template(parts) => template_admits(parts, name),
        }
    }
}

/// What one exporter configuration declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExporterConfig {
    pub exporter: Exporter,
    pub declarations: Vec<Declaration>,
    pub open: Vec<OpenNames>,
    /// Ids of built-in catalogs the configuration turns on.
    pub builtin_catalogs: Vec<&'static str>,
}

impl ExporterConfig {
    fn new(exporter: Exporter) -> ExporterConfig {
        ExporterConfig {
            exporter,
            declarations: Vec::new(),
            open: Vec::new(),
            builtin_catalogs: Vec::new(),
        }
    }
}

/// Reads `root` (the first document of a YAML file) as an exporter
/// configuration; `None` when it is not one.
pub fn read(root: &Node) -> Option<ExporterConfig> {
    let entries = root.as_mapping()?;
    let keys: Vec<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    if keys.len() != entries.len() || keys.is_empty() {
        return None;
    }
    let only = |allowed: &[&str]| keys.iter().all(|k| allowed.contains(k));
    if only(&["auths", "modules", "version"]) {
        if let Some(modules) = root.get("modules").and_then(Node::as_mapping) {
            let modules: Vec<&Node> = modules.iter().map(|e| &e.value).collect();
            if modules.is_empty() {
                return None;
            }
            if modules.iter().any(|m| is_snmp_module(m)) {
                return Some(read_snmp(root, modules.into_iter()));
            }
            if only(&["modules"]) && modules.iter().all(|m| is_blackbox_module(m)) {
                let mut out = ExporterConfig::new(Exporter::Blackbox);
                out.builtin_catalogs.push("blackbox_exporter");
                return Some(out);
            }
            if only(&["modules"]) && modules.iter().all(|m| is_json_module(m)) {
                let mut out = ExporterConfig::new(Exporter::Json);
                for m in modules {
                    read_json_metrics(m.get("metrics"), &mut out);
                }
                return Some(out);
            }
            if modules.iter().all(|m| is_generator_module(m)) {
                return Some(read_generator(modules.into_iter()));
            }
        }
        return None;
    }
    if only(&["defaults", "mappings"]) && is_statsd_mappings(root.get("mappings")) {
        return Some(read_statsd(root));
    }
    // json_exporter before modules: one module's fields at the top level.
    if only(&["metrics", "headers", "http_client_config", "body"]) && is_json_module(root) {
        let mut out = ExporterConfig::new(Exporter::Json);
        read_json_metrics(root.get("metrics"), &mut out);
        return Some(out);
    }
    // snmp.yml before `auths:`: the modules at the top level.
    let values: Vec<&Node> = entries.iter().map(|e| &e.value).collect();
    if values.iter().all(|m| is_snmp_module_shape(m)) && values.iter().any(|m| is_snmp_module(m)) {
        return Some(read_snmp(root, values.into_iter()));
    }
    None
}

// ---------------------------------------------------------------- snmp.yml

/// Keys of a module in snmp.yml (the older layout had `auth` and
/// `version` per module).
const SNMP_MODULE_KEYS: &[&str] = &[
    "walk",
    "get",
    "metrics",
    "filters",
    "max_repetitions",
    "retries",
    "timeout",
    "use_unconnected_udp_socket",
    "allow_nonincreasing_oids",
    "version",
    "auth",
    "walk_params",
];

/// Whether `m` is a mapping whose keys are all in `keys`.
fn has_only_keys(m: &Node, keys: &[&str]) -> bool {
    m.as_mapping().is_some_and(|entries| {
        entries
            .iter()
            .all(|e| e.key.as_str().is_some_and(|k| keys.contains(&k)))
    })
}

/// A mapping with only snmp.yml module keys and a `metrics` list.
fn is_snmp_module_shape(m: &Node) -> bool {
    has_only_keys(m, SNMP_MODULE_KEYS)
        && m.get("metrics")
            .is_some_and(|x| x.as_sequence().is_some() || x.is_null())
}

/// An snmp.yml module: the module keys, and a metric with a name and an OID.
fn is_snmp_module(m: &Node) -> bool {
    is_snmp_module_shape(m)
        && m.get("metrics")
            .and_then(Node::as_sequence)
            .is_some_and(|ms| {
                ms.iter()
                    .any(|x| x.get("oid").is_some() && x.get("name").is_some())
            })
}

/// The series snmp_exporter adds to every module's scrape.
const SNMP_SCRAPE_SERIES: &[(&str, &str)] = &[
    (
        "snmp_scrape_duration_seconds",
        "total time of the SNMP scrape",
    ),
    (
        "snmp_scrape_walk_duration_seconds",
        "time the SNMP walks took",
    ),
    ("snmp_scrape_packets_sent", "SNMP packets sent"),
    ("snmp_scrape_packets_retried", "SNMP packets retried"),
    ("snmp_scrape_pdus_returned", "SNMP PDUs returned"),
];

fn read_snmp<'n>(root: &Node, modules: impl Iterator<Item = &'n Node>) -> ExporterConfig {
    let mut out = ExporterConfig::new(Exporter::Snmp);
    let at = root
        .as_mapping()
        .and_then(|m| m.first())
        .map_or(root.span, |e| e.key.span);
    for (name, help) in SNMP_SCRAPE_SERIES {
        out.declarations.push(declaration(
            name,
            MetricKind::Gauge,
            Some(help),
            Some(vec!["module".to_string()]),
            at,
        ));
    }
    for m in modules {
        let Some(metrics) = m.get("metrics").and_then(Node::as_sequence) else {
            continue;
        };
        for metric in metrics {
            read_snmp_metric(metric, &mut out.declarations);
        }
    }
    out
}

/// The labels of an snmp.yml metric: its index labels, then what its
/// lookups add (a lookup without `labels` removes its label); `None` when
/// an entry cannot be read.
fn snmp_labels(metric: &Node) -> Option<Vec<String>> {
    let mut labels: Vec<String> = Vec::new();
    if let Some(indexes) = metric.get("indexes").filter(|n| !n.is_null()) {
        for index in indexes.as_sequence()? {
            let name = index.get("labelname")?.as_str()?;
            if !labels.iter().any(|l| l == name) {
                labels.push(name.to_string());
            }
        }
    }
    if let Some(lookups) = metric.get("lookups").filter(|n| !n.is_null()) {
        for lookup in lookups.as_sequence()? {
            let name = lookup.get("labelname")?.as_str()?;
            let sources = match lookup.get("labels") {
                None => 0,
                Some(n) if n.is_null() => 0,
                Some(n) => n.as_sequence()?.len(),
            };
            if sources == 0 {
                labels.retain(|l| l != name);
            } else if !labels.iter().any(|l| l == name) {
                labels.push(name.to_string());
            }
        }
    }
    labels.iter().all(|l| is_label_name(l)).then_some(labels)
}

/// One entry of a module's `metrics`, as the exporter turns it into
/// series (by its `type`).
fn read_snmp_metric(metric: &Node, out: &mut Vec<Declaration>) {
    let Some(name_node) = metric.get("name") else {
        return;
    };
    let Some(name) = name_node.as_str().filter(|n| is_metric_name(n)) else {
        return;
    };
    let span = name_node.span;
    let help = metric.get("help").and_then(Node::as_str);
    let labels = snmp_labels(metric);
    let with_own = |labels: &Option<Vec<String>>| {
        labels.clone().map(|mut l| {
            if !l.iter().any(|x| x == name) {
                l.push(name.to_string());
            }
            l
        })
    };
    let ty = metric.get("type").and_then(Node::as_str).unwrap_or("");
    match ty {
        "counter" => out.push(declaration(name, MetricKind::Counter, help, labels, span)),
        "gauge" | "Float" | "Double" | "DateAndTime" | "ParseDateAndTime" | "NTPTimeStamp" => {
            out.push(declaration(name, MetricKind::Gauge, help, labels, span))
        }
        // One series with the enum's text in a label named like the metric.
        "EnumAsInfo" => out.push(declaration(
            &format!("{name}_info"),
            MetricKind::Gauge,
            help,
            with_own(&labels),
            span,
        )),
        // A series per state or bit, in a label named like the metric.
        "EnumAsStateSet" | "Bits" => out.push(declaration(
            name,
            MetricKind::Gauge,
            help,
            with_own(&labels),
            span,
        )),
        // Strings: the value in a label named like the metric, or numbers
        // extracted by regular expressions, one series per extraction.
        _ => match metric.get("regex_extracts").and_then(Node::as_mapping) {
            Some(extracts) if !extracts.is_empty() => {
                for e in extracts {
                    let Some(suffix) = e.key.as_str() else {
                        continue;
                    };
                    let full = format!("{name}{suffix}");
                    if is_metric_name(&full) {
                        out.push(declaration(
                            &full,
                            MetricKind::Gauge,
                            help,
                            labels.clone(),
                            e.key.span,
                        ));
                    }
                }
            }
            _ => out.push(declaration(
                name,
                MetricKind::Gauge,
                help,
                with_own(&labels),
                span,
            )),
        },
    }
}

// ----------------------------------------------------------- generator.yml

const GENERATOR_MODULE_KEYS: &[&str] = &[
    "walk",
    "lookups",
    "overrides",
    "filters",
    "max_repetitions",
    "retries",
    "timeout",
    "use_unconnected_udp_socket",
    "allow_nonincreasing_oids",
    "version",
    "auth",
    "walk_params",
];

/// A generator module: generator keys only, with a `walk` list.
fn is_generator_module(m: &Node) -> bool {
    has_only_keys(m, GENERATOR_MODULE_KEYS) && m.get("walk").and_then(Node::as_sequence).is_some()
}

/// What a generator module certainly produces: a walked object that the
/// module also overrides (a table or subtree has nothing to override).
/// Everything else it walks is only known from the MIBs, so the module is
/// open to MIB object names, and to the names its overrides mention.
fn read_generator<'n>(modules: impl Iterator<Item = &'n Node>) -> ExporterConfig {
    let mut out = ExporterConfig::new(Exporter::SnmpGenerator);
    let mut open = false;
    for m in modules {
        let mut declared: Vec<&str> = Vec::new();
        let overrides: &[crate::syntax::yaml::Entry] =
            m.get("overrides").and_then(Node::as_mapping).unwrap_or(&[]);
        let walk = m.get("walk").and_then(Node::as_sequence).unwrap_or(&[]);
        for w in walk {
            let Some(text) = w.as_str() else { continue };
            // `IF-MIB::ifDescr` names the object `ifDescr`.
            let object = text.rsplit("::").next().unwrap_or(text);
            let over = overrides
                .iter()
                .find(|e| e.key.as_str() == Some(object))
                .map(|e| &e.value);
            match over {
                Some(o) if is_metric_name(object) && o.as_mapping().is_some() => {
                    if !is_true(o.get("ignore")) {
                        generator_metric(object, o, w.span, &mut out);
                    }
                    declared.push(object);
                }
                _ => open = true,
            }
        }
        // Objects inside walked tables: their names are plausible.
        for e in overrides {
            let Some(object) = e.key.as_str().filter(|k| is_metric_name(k)) else {
                continue;
            };
            if is_true(e.value.get("ignore")) || declared.contains(&object) {
                continue;
            }
            let mut plausible = ExporterConfig::new(Exporter::SnmpGenerator);
            generator_metric(object, &e.value, e.key.span, &mut plausible);
            out.open.extend(
                plausible
                    .declarations
                    .into_iter()
                    .map(|d| OpenNames::Template(vec![d.name])),
            );
        }
    }
    if open {
        out.open.push(OpenNames::MibObjects);
    }
    out
}

/// The series of the walked object `object` with its overrides `o`; the
/// labels come from the MIB's indexes, so they are not known.
fn generator_metric(object: &str, o: &Node, span: Span, out: &mut ExporterConfig) {
    let name = o
        .get("name")
        .and_then(Node::as_str)
        .filter(|n| is_metric_name(n))
        .unwrap_or(object);
    let help = o.get("help").and_then(Node::as_str);
    let ty = o.get("type").and_then(Node::as_str).unwrap_or("");
    if let Some(extracts) = o.get("regex_extracts").and_then(Node::as_mapping) {
        if !extracts.is_empty() && !matches!(ty, "counter" | "gauge") {
            for e in extracts {
                if let Some(full) = e
                    .key
                    .as_str()
                    .map(|s| format!("{name}{s}"))
                    .filter(|n| is_metric_name(n))
                {
                    out.declarations
                        .push(declaration(&full, MetricKind::Gauge, help, None, span));
                }
            }
            return;
        }
    }
    let (name, kind) = match ty {
        "counter" => (name.to_string(), MetricKind::Counter),
        "EnumAsInfo" => (format!("{name}_info"), MetricKind::Gauge),
        // Without a type the MIB decides: a counter or a gauge.
        "" => (name.to_string(), MetricKind::Unknown),
        _ => (name.to_string(), MetricKind::Gauge),
    };
    out.declarations
        .push(declaration(&name, kind, help, None, span));
}

/// Whether `name` has the form of an SNMP MIB object name: a lowercase
/// letter first, at least one capital (`ifInOctets`), name characters.
fn looks_like_mib_object(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().any(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

// ------------------------------------------------------------ blackbox.yml

const BLACKBOX_PROBERS: &[&str] = &["http", "tcp", "icmp", "dns", "grpc", "unix", "websocket"];

fn is_blackbox_module(m: &Node) -> bool {
    m.get("prober")
        .and_then(Node::as_str)
        .is_some_and(|p| BLACKBOX_PROBERS.contains(&p))
}

// -------------------------------------------------------- json_exporter

const JSON_MODULE_KEYS: &[&str] = &[
    "headers",
    "metrics",
    "http_client_config",
    "body",
    "valid_status_codes",
];

/// A json_exporter module: its keys only, and metrics with a `path`.
fn is_json_module(m: &Node) -> bool {
    has_only_keys(m, JSON_MODULE_KEYS)
        && m.get("metrics")
            .and_then(Node::as_sequence)
            .is_some_and(|ms| {
                !ms.is_empty()
                    && ms
                        .iter()
                        .all(|x| x.get("path").is_some() && x.get("name").is_some())
            })
}

/// json_exporter names a `value` metric as written and an `object`
/// metric's series `NAME_KEY` for each key of its `values`; the type is
/// `valuetype` (untyped by default); the labels are the keys of `labels`.
fn read_json_metrics(metrics: Option<&Node>, out: &mut ExporterConfig) {
    let Some(metrics) = metrics.and_then(Node::as_sequence) else {
        return;
    };
    for metric in metrics {
        let Some(name_node) = metric.get("name") else {
            continue;
        };
        let Some(name) = name_node.as_str() else {
            continue;
        };
        let kind = match metric.get("valuetype").and_then(Node::as_str) {
            Some("gauge") => MetricKind::Gauge,
            Some("counter") => MetricKind::Counter,
            _ => MetricKind::Untyped,
        };
        let labels = match metric.get("labels") {
            None => Some(Vec::new()),
            Some(n) if n.is_null() => Some(Vec::new()),
            Some(n) => n.as_mapping().and_then(|m| {
                m.iter()
                    .map(|e| {
                        e.key
                            .as_str()
                            .filter(|k| is_label_name(k))
                            .map(str::to_string)
                    })
                    .collect::<Option<Vec<String>>>()
            }),
        };
        let help = metric.get("help").and_then(Node::as_str);
        let ty = metric.get("type").and_then(Node::as_str).unwrap_or("value");
        match ty {
            "object" => {
                let Some(values) = metric.get("values").and_then(Node::as_mapping) else {
                    continue;
                };
                for v in values {
                    let Some(key) = v.key.as_str() else { continue };
                    let full = format!("{name}_{key}");
                    if is_metric_name(&full) {
                        out.declarations.push(declaration(
                            &full,
                            kind,
                            help,
                            labels.clone(),
                            v.key.span,
                        ));
                    }
                }
            }
            "value" if is_metric_name(name) => {
                out.declarations
                    .push(declaration(name, kind, help, labels, name_node.span));
            }
            _ => {}
        }
    }
}

// ------------------------------------------------------ statsd_exporter

/// A statsd_exporter mapping list: mappings with `match` and `name`.
fn is_statsd_mappings(mappings: Option<&Node>) -> bool {
    mappings.and_then(Node::as_sequence).is_some_and(|ms| {
        !ms.is_empty()
            && ms
                .iter()
                .all(|m| m.as_mapping().is_some() && m.get("match").is_some())
            && ms.iter().any(|m| m.get("name").is_some())
    })
}

/// The observer kind an `observer_type` (formerly `timer_type`) names.
fn observer_kind(m: &Node) -> Option<MetricKind> {
    let ty = m
        .get("observer_type")
        .or_else(|| m.get("timer_type"))
        .and_then(Node::as_str)?;
    Some(match ty {
        "histogram" => MetricKind::Histogram,
        _ => MetricKind::Summary,
    })
}

/// statsd_exporter exposes each mapping's `name` (counters as written,
/// without `_total`); observers (timers, histograms, distributions)
/// become summaries or histograms. A name with `$1`/`${1}` is built from
/// the statsd name, and statsd tags add labels, so labels are not known.
fn read_statsd(root: &Node) -> ExporterConfig {
    let mut out = ExporterConfig::new(Exporter::Statsd);
    let default_observer = root
        .get("defaults")
        .and_then(observer_kind)
        .unwrap_or(MetricKind::Summary);
    let mappings = root
        .get("mappings")
        .and_then(Node::as_sequence)
        .unwrap_or(&[]);
    for m in mappings {
        if m.get("action").and_then(Node::as_str) == Some("drop") {
            continue;
        }
        let Some(name_node) = m.get("name") else {
            continue;
        };
        let Some(name) = name_node.as_str() else {
            continue;
        };
        let observer = observer_kind(m);
        let kind = match m.get("match_metric_type").and_then(Node::as_str) {
            Some("counter") => Some(MetricKind::Counter),
            Some("gauge") => Some(MetricKind::Gauge),
            Some("observer") => Some(observer.unwrap_or(default_observer)),
            _ => observer,
        };
        if name.contains('$') {
            let Some(parts) = template_parts(name) else {
                continue;
            };
            match kind {
                Some(k) => {
                    for suffix in kind_suffixes(k) {
                        let mut p = parts.clone();
                        if let Some(last) = p.last_mut() {
                            last.push_str(suffix);
                        }
                        out.open.push(OpenNames::Template(p));
                    }
                }
                None => {
                    for suffix in ["", "_sum", "_count", "_bucket"] {
                        let mut p = parts.clone();
                        if let Some(last) = p.last_mut() {
                            last.push_str(suffix);
                        }
                        out.open.push(OpenNames::Template(p));
                    }
                }
            }
            continue;
        }
        if !is_metric_name(name) {
            continue;
        }
        let help = m.get("help").and_then(Node::as_str);
        match kind {
            Some(k) => out
                .declarations
                .push(declaration(name, k, help, None, name_node.span)),
            None => {
                // Any statsd type may map here: declared untyped, and
                // its observer series are plausible.
                out.declarations.push(declaration(
                    name,
                    MetricKind::Untyped,
                    help,
                    None,
                    name_node.span,
                ));
                for suffix in ["_sum", "_count", "_bucket"] {
                    out.open
                        .push(OpenNames::Template(vec![format!("{name}{suffix}")]));
                }
            }
        }
    }
    out
}

fn kind_suffixes(kind: MetricKind) -> &'static [&'static str] {
    match kind {
        MetricKind::Histogram => &["", "_bucket", "_sum", "_count"],
        MetricKind::Summary => &["", "_sum", "_count"],
        _ => &[""],
    }
}

/// The literal parts of a statsd name template (`$1`, `${1}`); `None`
/// when a `$` is not followed by a capture number.
fn template_parts(name: &str) -> Option<Vec<String>> {
    let mut parts = vec![String::new()];
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            parts.last_mut()?.push(c);
            continue;
        }
        let braced = chars.peek() == Some(&'{');
        if braced {
            chars.next();
        }
        let mut digits = 0;
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
            digits += 1;
        }
        if digits == 0 || (braced && chars.next() != Some('}')) {
            return None;
        }
        parts.push(String::new());
    }
    Some(parts)
}

/// Whether `name` is `parts` with a non-empty run of name characters
/// between consecutive parts.
fn template_admits(parts: &[String], name: &str) -> bool {
    match parts.split_first() {
        Some((first, rest)) => name
            .strip_prefix(first.as_str())
            .is_some_and(|tail| captures_admit(rest, tail)),
        None => false,
    }
}

/// Whether `tail` is a capture followed by `parts[0]`, a capture followed
/// by `parts[1]`, and so on.
fn captures_admit(parts: &[String], tail: &str) -> bool {
    let Some((part, rest)) = parts.split_first() else {
        return tail.is_empty();
    };
    let ends = tail.char_indices().map(|(i, _)| i).skip(1);
    for k in ends.chain([tail.len()]).filter(|&k| k > 0) {
        if !tail[..k]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return false;
        }
        if tail[k..].starts_with(part.as_str()) && captures_admit(rest, &tail[k + part.len()..]) {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------- helpers

fn declaration(
    name: &str,
    kind: MetricKind,
    help: Option<&str>,
    labels: Option<Vec<String>>,
    span: Span,
) -> Declaration {
    Declaration {
        name: name.to_string(),
        kind,
        help: help.map(str::to_string),
        unit: None,
        labels,
        optional_labels: Vec::new(),
        span,
        name_is_prefix: false,
    }
}

fn is_true(n: Option<&Node>) -> bool {
    n.and_then(Node::as_str)
        .is_some_and(|s| matches!(s, "true" | "True" | "TRUE"))
}

fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml::load_yaml;

    fn read_text(text: &str) -> Option<ExporterConfig> {
        let loaded = load_yaml(text);
        read(&loaded.documents.first()?.root)
    }

    fn names(c: &ExporterConfig) -> Vec<&str> {
        c.declarations.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn templates() {
        let p = template_parts("${1}_requests_$2").unwrap();
        assert_eq!(p, vec!["", "_requests_", ""]);
        let t = OpenNames::Template(p);
        assert!(t.admits("api_requests_total"));
        assert!(!t.admits("_requests_total"));
        assert!(!t.admits("api_requests_"));
        assert!(!t.admits("api_responses_total"));
        let t = OpenNames::Template(template_parts("app_$1_seconds").unwrap());
        assert!(t.admits("app_db_seconds"));
        assert!(!t.admits("app_db_seconds_count"));
        let t = OpenNames::Template(template_parts("x_$1$2").unwrap());
        assert!(t.admits("x_ab"));
        assert!(!t.admits("x_a"));
        assert!(template_parts("x_$").is_none());
        assert!(template_parts("x_${1").is_none());
    }

    #[test]
    fn snmp_types_and_labels() {
        let c = read_text(
            "modules:\n  m:\n    walk: [1.3.6]\n    metrics:\n    - name: ifHCInOctets\n      oid: 1.3.6.1\n      type: counter\n      indexes:\n      - labelname: ifIndex\n        type: gauge\n      lookups:\n      - labels: [ifIndex]\n        labelname: ifName\n        oid: 1.3.6.2\n        type: DisplayString\n      - labels: []\n        labelname: ifIndex\n    - name: ifDescr\n      oid: 1.3.6.3\n      type: DisplayString\n    - name: ifType\n      oid: 1.3.6.4\n      type: EnumAsInfo\n    - name: sysDescr\n      oid: 1.3.6.5\n      type: DisplayString\n      regex_extracts:\n        Version:\n        - regex: (.*)\n",
        )
        .unwrap();
        assert_eq!(c.exporter, Exporter::Snmp);
        let d = |n: &str| c.declarations.iter().find(|d| d.name == n).unwrap();
        assert_eq!(d("ifHCInOctets").kind, MetricKind::Counter);
        assert_eq!(d("ifHCInOctets").labels, Some(vec!["ifName".to_string()]));
        assert_eq!(d("ifDescr").labels, Some(vec!["ifDescr".to_string()]));
        assert_eq!(d("ifType_info").labels, Some(vec!["ifType".to_string()]));
        assert_eq!(d("sysDescrVersion").labels, Some(vec![]));
        assert!(!names(&c).contains(&"sysDescr"));
        assert!(names(&c).contains(&"snmp_scrape_duration_seconds"));
    }

    #[test]
    fn other_shapes_are_not_taken() {
        for text in [
            "modules: {}\n",
            "modules:\n  a: 1\n",
            "modules:\n  a:\n    walk: [x]\n  extra: {}\n",
            "modules:\n  http_2xx:\n    prober: http\nscrape_configs: []\n",
            "metrics: [a.prom]\n",
            "mappings:\n- name: x\n",
            "a:\n  b: c\n",
            "groups: []\n",
            "- 1\n",
        ] {
            assert_eq!(read_text(text), None, "{text}");
        }
    }

    #[test]
    fn malformed_entries_are_skipped() {
        for text in [
            "modules:\n  m:\n    metrics:\n    - name: [x]\n      oid: 1\n    - oid: 2\n      name: ok\n      indexes: 3\n      lookups: [{labels: x}]\n",
            "modules:\n  m:\n    walk: [{a: 1}, '', '::', 1.2]\n    overrides: {'': 1, x: [1], y: {regex_extracts: 1, name: [2]}}\n",
            "mappings:\n- match: a\n  name: ${\n- match: b\n  name: [c]\n- match: c\n  name: $1$2\n",
            "modules:\n  m:\n    metrics:\n    - name: a\n      path: x\n      type: object\n      values: 1\n      labels: [1]\n",
        ] {
            let _ = read_text(text);
        }
    }
}
