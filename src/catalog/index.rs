//! The project's metric catalog: every family defined in an exposition
//! file, declared in source code, recorded by a recording rule, fed to a
//! unit test, or listed in a built-in exporter catalog, indexed by the
//! series names it exposes.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::infer::{self, LabelSet, LabelSource, Labels};
use super::scan::exporter_config::{Exporter, OpenNames};
use super::Declaration;
use crate::config::promlint::BuiltinCatalogs;
use crate::exposition::{Family as ExpoFamily, Format, MetricKind, SampleRole};
use crate::model::FileKind;
use crate::model::FileModel;
use crate::source::Span;

/// Where a family was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Exposition {
        file: usize,
        span: Span,
    },
    Source {
        file: usize,
        span: Span,
    },
    /// The `record`-th recording rule of the file (counted in file
    /// order): an index, not a span, so that a catalog built before an
    /// edit that left the file's records alone still points at them.
    Recording {
        file: usize,
        record: usize,
    },
    /// The `input_series` of a promtool unit test.
    UnitTest {
        file: usize,
        span: Span,
    },
    Builtin {
        id: &'static str,
        title: &'static str,
    },
}

impl Origin {
    /// Defined by the project's own files, not a unit test or a built-in
    /// catalog: what turns on the checks for unknown metrics.
    pub fn is_user_definition(&self) -> bool {
        matches!(self, Origin::Exposition { .. } | Origin::Source { .. })
    }
}

/// One metric family.
#[derive(Clone, Debug)]
pub struct Family {
    /// As a 0.0.4 `# TYPE` line names it (for OpenMetrics files, the
    /// OpenMetrics family name).
    pub name: String,
    /// `Unknown` for recording rules and unit test series.
    pub kind: MetricKind,
    pub help: Option<String>,
    pub unit: Option<String>,
    /// The family's own labels, without the target labels Prometheus adds
    /// and without `le`/`quantile`; `None` when unknown.
    pub labels: Option<LabelSet>,
    pub origin: Origin,
    /// Every series name starting with `name` belongs to the family.
    pub name_is_prefix: bool,
    /// Scraped from targets, so `job` and `instance` are attached.
    pub scraped: bool,
}

/// A series name resolved to its family.
#[derive(Clone, Copy, Debug)]
pub struct Hit<'c> {
    pub family: &'c Family,
    pub role: SampleRole,
}

impl Hit<'_> {
    /// A counter's value series (`x_total`), which only ever grows.
    pub fn is_counter_value(&self) -> bool {
        self.family.kind == MetricKind::Counter
            && matches!(self.role, SampleRole::Value | SampleRole::Total)
    }

    /// A plain gauge's value series.
    pub fn is_gauge_value(&self) -> bool {
        self.family.kind == MetricKind::Gauge && self.role == SampleRole::Value
    }

    /// A summary's quantile series (the family name with `quantile`).
    pub fn is_summary_quantile(&self) -> bool {
        self.family.kind == MetricKind::Summary && self.role == SampleRole::Quantile
    }

    /// A histogram's `_bucket` series with `le`.
    pub fn is_bucket(&self) -> bool {
        self.role == SampleRole::Bucket
    }

    /// A native histogram: one series named like the histogram family.
    pub fn is_native_histogram(&self) -> bool {
        self.family.kind.is_histogram() && self.role == SampleRole::Value
    }
}

/// The built-in catalog of the series Prometheus itself creates (`up`,
/// `scrape_*`, `ALERTS`), included even when built-in catalogs are off.
pub const ALWAYS_ON_CATALOG: &str = "prometheus_series";

/// The families a series name belongs to (see [`Catalog::lookup`]).
pub struct Hits<'c> {
    catalog: &'c Catalog,
    exact: &'c [(u32, SampleRole)],
    prefix: Vec<u32>,
}

impl<'c> Hits<'c> {
    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Hit<'c>> + '_ {
        let families = &self.catalog.families;
        self.exact
            .iter()
            .map(move |&(i, role)| Hit {
                family: &families[i as usize],
                role,
            })
            .chain(self.prefix.iter().map(move |&i| Hit {
                family: &families[i as usize],
                role: SampleRole::Value,
            }))
    }

    pub fn first(&self) -> Option<Hit<'c>> {
        self.iter().next()
    }
}

/// Labels every scraped series carries.
pub const TARGET_LABELS: &[&str] = &["job", "instance"];

/// Series that carry the labels of whatever alert produced them.
const OPEN_LABEL_SERIES: &[&str] = &["ALERTS", "ALERTS_FOR_STATE"];

#[derive(Debug, Default)]
pub struct Catalog {
    families: Vec<Family>,
    by_series: HashMap<String, Vec<(u32, SampleRole)>>,
    prefixes: Vec<u32>,
    /// Name prefixes (`node_`) shared by at least three families of some
    /// built-in catalog: a name there may come from a newer exporter.
    builtin_namespaces: BTreeSet<String>,
    has_user_definitions: bool,
    has_recording_rules: bool,
    /// The labels of every exact series name, computed once.
    series_cache: HashMap<String, Labels>,
    /// Names exporter configurations may expose without declaring them
    /// (an SNMP generator module's walked tables, statsd name templates).
    open_names: Vec<OpenNames>,
}

impl Catalog {
    /// The catalog of a project's loaded `files` and the `builtins` it
    /// switches on, with recording rules' labels inferred.
    pub fn build(files: &[Arc<FileModel>], builtins: &BuiltinCatalogs) -> Catalog {
        let mut c = Catalog::default();
        // snmp.yml is what the generator makes of generator.yml: where
        // both exist, the generated file says exactly what is exposed.
        let has_snmp_yml = files.iter().any(|f| {
            f.exporter
                .as_ref()
                .is_some_and(|e| e.exporter == Exporter::Snmp)
        });
        let mut enabled_catalogs: BTreeSet<&str> = BTreeSet::new();
        for (i, file) in files.iter().enumerate() {
            if let Some(e) = &file.exporter {
                enabled_catalogs.extend(e.builtin_catalogs.iter().copied());
                if !(has_snmp_yml && e.exporter == Exporter::SnmpGenerator) {
                    for d in &e.declarations {
                        c.add_declaration(
                            d,
                            Origin::Source {
                                file: i,
                                span: d.span,
                            },
                            false,
                        );
                    }
                    c.open_names.extend(e.open.iter().cloned());
                }
            }
            if let Some(exp) = &file.exposition {
                for f in &exp.families {
                    c.add_exposition_family(i, f);
                }
            }
            if let Some(scanned) = &file.scanned {
                let python = file
                    .source
                    .path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("py"));
                for d in &scanned.declarations {
                    c.add_declaration(
                        d,
                        Origin::Source {
                            file: i,
                            span: d.span,
                        },
                        python,
                    );
                }
            }
        }
        c.has_user_definitions = c.families.iter().any(|f| f.origin.is_user_definition());
        for cat in super::builtin::builtin_catalogs() {
            // The series Prometheus creates itself exist wherever it runs;
            // an exporter's configuration in the project turns its on.
            if cat.id != ALWAYS_ON_CATALOG
                && !builtins.includes(cat.id)
                && !enabled_catalogs.contains(cat.id)
            {
                continue;
            }
            let mut heads: HashMap<&str, usize> = HashMap::new();
            for d in &cat.declarations {
                c.add_declaration(
                    d,
                    Origin::Builtin {
                        id: cat.id,
                        title: cat.title,
                    },
                    false,
                );
                if let Some((head, _)) = d.name.split_once('_') {
                    *heads.entry(head).or_default() += 1;
                }
            }
            c.builtin_namespaces.extend(
                heads
                    .into_iter()
                    .filter(|(_, n)| *n >= 3)
                    .map(|(h, _)| format!("{h}_")),
            );
        }
        // Unit-test input series stand in for definitions where the
        // project has none of its own, and for rule files only unit tests
        // load (no Prometheus configuration does); otherwise a test feeding
        // a metric no service defines is a finding
        // (`metrics/test-input-undefined`), not a definition.
        let test_only = test_only_inputs(files);
        {
            let recorded: std::collections::HashSet<&str> = files
                .iter()
                .flat_map(|f| f.groups.iter().flat_map(|g| &g.rules))
                .filter_map(|r| r.record.as_ref().map(|n| n.value.as_str()))
                .collect();
            for (i, file) in files.iter().enumerate() {
                if c.has_user_definitions && !test_only[i] {
                    continue;
                }
                for s in &file.test_series {
                    // A name defined otherwise (a built-in catalog, a
                    // recording rule) keeps that definition's labels.
                    if !c.lookup(&s.name).is_empty() || recorded.contains(s.name.as_str()) {
                        continue;
                    }
                    c.add(
                        Family {
                            name: s.name.clone(),
                            kind: MetricKind::Unknown,
                            help: None,
                            unit: None,
                            labels: None,
                            origin: Origin::UnitTest {
                                file: i,
                                span: s.span,
                            },
                            name_is_prefix: false,
                            scraped: false,
                        },
                        vec![(s.name.clone(), SampleRole::Value)],
                    );
                }
            }
        }
        c.add_recording_rules(files);
        let cache: HashMap<String, Labels> = c
            .by_series
            .keys()
            .map(|name| (name.clone(), c.compute_series_labels(name)))
            .collect();
        c.series_cache = cache;
        c
    }

    fn add(&mut self, family: Family, series: Vec<(String, SampleRole)>) {
        let idx = self.families.len() as u32;
        if family.name_is_prefix {
            self.prefixes.push(idx);
        }
        for (name, role) in series {
            self.by_series.entry(name).or_default().push((idx, role));
        }
        self.families.push(family);
    }

    fn add_exposition_family(&mut self, file: usize, f: &ExpoFamily) {
        let labels = (!f.samples.is_empty()).then(|| {
            let exact = f.samples.iter().all(|s| {
                f.label_names
                    .iter()
                    .all(|l| s.labels.iter().any(|(n, v, _)| n == l && !v.is_empty()))
            });
            LabelSet {
                names: f.label_names.iter().cloned().collect(),
                exact,
                targets: false,
                maybe: BTreeSet::new(),
            }
        });
        let series = series_names(&f.name, f.kind, f.format == Format::OpenMetrics, false);
        self.add(
            Family {
                name: f.name.clone(),
                kind: f.kind,
                help: f.help.as_ref().map(|(h, _)| h.clone()),
                unit: f.unit.as_ref().map(|(u, _)| u.clone()),
                labels,
                origin: Origin::Exposition {
                    file,
                    span: f.name_span,
                },
                name_is_prefix: false,
                scraped: true,
            },
            series,
        );
    }

    fn add_declaration(&mut self, d: &Declaration, origin: Origin, created: bool) {
        let labels = if OPEN_LABEL_SERIES.contains(&d.name.as_str()) {
            None
        } else {
            d.labels.as_ref().map(|l| LabelSet {
                // A family some of whose series lack a label is not exact.
                exact: d.optional_labels.is_empty(),
                ..LabelSet::exact(l.iter().cloned())
            })
        };
        let mut series = if d.name_is_prefix {
            Vec::new()
        } else {
            series_names(&d.name, d.kind, false, created)
        };
        if d.kind.is_histogram() && !d.name_is_prefix {
            // Client libraries may expose a histogram as a native histogram,
            // one series named like the family.
            series.push((d.name.clone(), SampleRole::Value));
        }
        self.add(
            Family {
                name: d.name.clone(),
                kind: d.kind,
                help: d.help.clone(),
                unit: d.unit.clone(),
                labels,
                origin,
                name_is_prefix: d.name_is_prefix,
                scraped: true,
            },
            series,
        );
    }

    /// Adds every recording rule's record, its labels inferred from its
    /// expression (records may use records, in any order).
    fn add_recording_rules(&mut self, files: &[Arc<FileModel>]) {
        let mut defs: HashMap<&str, Vec<RecordDef>> = HashMap::new();
        for (i, file) in files.iter().enumerate() {
            let records = file
                .groups
                .iter()
                .flat_map(|g| &g.rules)
                .filter_map(|r| r.record.as_ref().map(|n| (r, n)));
            for (k, (rule, record)) in records.enumerate() {
                defs.entry(record.value.as_str())
                    .or_default()
                    .push(RecordDef {
                        file: i,
                        record: k,
                        expr: rule.expr.as_ref().and_then(|q| q.expr()),
                        labels: rule.labels.iter().map(|kv| kv.key.value.clone()).collect(),
                    });
            }
        }
        self.has_recording_rules = !defs.is_empty();
        let resolver = RecordResolver {
            catalog: self,
            defs: &defs,
            memo: RefCell::new(HashMap::new()),
        };
        let mut resolved: Vec<(String, Labels)> = defs
            .keys()
            .map(|name| (name.to_string(), resolver.record_labels(name)))
            .collect();
        resolved.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, labels) in resolved {
            for d in &defs[name.as_str()] {
                self.add(
                    Family {
                        name: name.clone(),
                        kind: MetricKind::Unknown,
                        help: None,
                        unit: None,
                        labels: labels.known().cloned(),
                        origin: Origin::Recording {
                            file: d.file,
                            record: d.record,
                        },
                        name_is_prefix: false,
                        scraped: false,
                    },
                    vec![(name.clone(), SampleRole::Value)],
                );
            }
        }
    }

    /// Every family a series name belongs to.
    pub fn lookup<'c>(&'c self, series: &str) -> Hits<'c> {
        let exact = self.by_series.get(series).map_or(&[][..], Vec::as_slice);
        // An exact name wins over a prefix.
        let prefix = if exact.is_empty() {
            self.prefixes
                .iter()
                .copied()
                .filter(|&i| series.starts_with(&self.families[i as usize].name))
                .collect()
        } else {
            Vec::new()
        };
        Hits {
            catalog: self,
            exact,
            prefix,
        }
    }

    /// Whether the project defines metrics of its own (exposition files or
    /// source declarations): only then are unknown metric names reported.
    pub fn has_user_definitions(&self) -> bool {
        self.has_user_definitions
    }

    pub fn has_recording_rules(&self) -> bool {
        self.has_recording_rules
    }

    /// Whether `name` starts with the namespace of a built-in exporter, or
    /// may be exposed by an exporter whose configuration does not name
    /// all its metrics (see [`Catalog::is_open_name`]).
    pub fn in_builtin_namespace(&self, name: &str) -> bool {
        self.builtin_namespaces
            .iter()
            .any(|ns| name.starts_with(ns.as_str()))
            || self.is_open_name(name)
    }

    /// Whether an exporter configuration of the project may expose `name`
    /// without declaring it: an SNMP generator module walks tables whose
    /// objects only the MIBs know, a statsd mapping builds names from
    /// `$1`.
    pub fn is_open_name(&self, name: &str) -> bool {
        self.open_names.iter().any(|o| o.admits(name))
    }

    /// Every series name of every family, for did-you-mean.
    pub fn series_names(&self) -> impl Iterator<Item = &str> {
        self.by_series.keys().map(String::as_str)
    }

    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// "`x` is a counter defined in app/metrics.py:9 with labels a, b" for
    /// the first definition of a series name.
    pub fn describe(&self, files: &[Arc<FileModel>], series: &str) -> Option<String> {
        let hits = self.lookup(series);
        let hit = hits.first()?;
        let hit = &hit;
        let f = hit.family;
        let what = match (&f.origin, f.kind) {
            (Origin::Recording { .. }, _) => "recorded".to_string(),
            (_, MetricKind::Untyped | MetricKind::Unknown) => "an untyped metric".to_string(),
            (_, kind) => format!("{} {}", article(kind.as_str()), kind.as_str()),
        };
        let part = match hit.role {
            SampleRole::Bucket => format!(" (the buckets of {} `{}`)", what, f.name),
            SampleRole::Count | SampleRole::Sum | SampleRole::GCount | SampleRole::GSum => {
                format!(" (part of {} `{}`)", what, f.name)
            }
            SampleRole::Created => format!(" (the creation time of {} `{}`)", what, f.name),
            _ => String::new(),
        };
        let head = if part.is_empty() {
            match f.origin {
                Origin::Recording { .. } => format!("`{series}` is recorded"),
                _ => format!("`{series}` is {what}"),
            }
        } else {
            format!("`{series}` is a series{part}")
        };
        let where_ = describe_origin(files, &f.origin);
        let labels = match &f.labels {
            None => String::new(),
            Some(l) => {
                let mut names: Vec<&str> = l.names.iter().map(String::as_str).collect();
                if f.scraped {
                    names.retain(|n| !TARGET_LABELS.contains(n));
                }
                if names.is_empty() {
                    " with no labels of its own".to_string()
                } else {
                    format!(" with labels {}", names.join(", "))
                }
            }
        };
        Some(format!("{head}{where_}{labels}"))
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// " defined in app/metrics.py:9", " in the built-in node_exporter catalog".
pub fn describe_origin(files: &[Arc<FileModel>], origin: &Origin) -> String {
    let at = |file: usize, span: Span| {
        let f = &files[file];
        format!(
            "{}:{}",
            f.source.path.display(),
            f.source.line_col(span.start).line
        )
    };
    match origin {
        Origin::Exposition { file, span } | Origin::Source { file, span } => {
            format!(" defined in {}", at(*file, *span))
        }
        Origin::Recording { file, record } => {
            let span = files
                .get(*file)
                .and_then(|f| {
                    f.groups
                        .iter()
                        .flat_map(|g| &g.rules)
                        .filter_map(|r| r.record.as_ref())
                        .nth(*record)
                })
                .map_or(Span::default(), |r| r.span);
            format!(" by the rule at {}", at(*file, span))
        }
        Origin::UnitTest { file, span } => format!(" fed by the unit test at {}", at(*file, *span)),
        Origin::Builtin { id, .. } => format!(" in the built-in `{id}` catalog"),
    }
}

impl LabelSource for Catalog {
    fn series_labels(&self, name: &str) -> Labels {
        match self.series_cache.get(name) {
            Some(labels) => labels.clone(),
            None => self.compute_series_labels(name),
        }
    }
}

impl Catalog {
    fn compute_series_labels(&self, name: &str) -> Labels {
        let mut out: Option<Labels> = None;
        for hit in self.lookup(name).iter() {
            let labels = hit_labels(&hit);
            out = Some(match out {
                None => labels,
                Some(prev) => prev.union(labels),
            });
        }
        out.unwrap_or(Labels::Open)
    }
}

/// The labels of the series of one hit: the family's, the type label, and
/// the target labels of scraped series.
fn hit_labels(hit: &Hit) -> Labels {
    let Some(set) = &hit.family.labels else {
        return Labels::Open;
    };
    let mut set = set.clone();
    match hit.role {
        SampleRole::Bucket => {
            set.names.insert("le".into());
        }
        SampleRole::Quantile => {
            set.names.insert("quantile".into());
        }
        _ => {}
    }
    if hit.family.scraped {
        set.names
            .extend(TARGET_LABELS.iter().map(|s| s.to_string()));
        set.targets = true;
    }
    Labels::set(set)
}

/// The series names of a family and the role of each. `created` adds
/// `_created` series to 0.0.4-named families (the Python client exposes
/// them).
fn series_names(
    name: &str,
    kind: MetricKind,
    om: bool,
    created: bool,
) -> Vec<(String, SampleRole)> {
    let s = |suffix: &str, role| (format!("{name}{suffix}"), role);
    let mut out = match kind {
        MetricKind::Counter if om => vec![s("_total", SampleRole::Total)],
        MetricKind::Info if om => vec![s("_info", SampleRole::Info)],
        MetricKind::Histogram => vec![
            s("_bucket", SampleRole::Bucket),
            s("_count", SampleRole::Count),
            s("_sum", SampleRole::Sum),
        ],
        MetricKind::GaugeHistogram => vec![
            s("_bucket", SampleRole::Bucket),
            s("_gcount", SampleRole::GCount),
            s("_gsum", SampleRole::GSum),
        ],
        MetricKind::Summary => vec![
            s("", SampleRole::Quantile),
            s("_count", SampleRole::Count),
            s("_sum", SampleRole::Sum),
        ],
        _ => vec![s("", SampleRole::Value)],
    };
    let has_created = matches!(
        kind,
        MetricKind::Counter | MetricKind::Histogram | MetricKind::Summary
    );
    if has_created && (om || created) {
        let stem = if kind == MetricKind::Counter && !om {
            name.strip_suffix("_total").unwrap_or(name)
        } else {
            name
        };
        out.push((format!("{stem}_created"), SampleRole::Created));
    }
    out
}

struct RecordDef<'p> {
    file: usize,
    record: usize,
    expr: Option<&'p crate::promql::Expr>,
    labels: Vec<String>,
}

/// Infers records' labels on demand, each once; a record that (through
/// others) uses itself is open.
struct RecordResolver<'a, 'p> {
    catalog: &'a Catalog,
    defs: &'a HashMap<&'p str, Vec<RecordDef<'p>>>,
    memo: RefCell<HashMap<String, Option<Labels>>>,
}

impl RecordResolver<'_, '_> {
    fn record_labels(&self, name: &str) -> Labels {
        if let Some(state) = self.memo.borrow().get(name) {
            return state.clone().unwrap_or(Labels::Open);
        }
        self.memo.borrow_mut().insert(name.to_string(), None);
        let mut out: Option<Labels> = None;
        for d in self.defs.get(name).into_iter().flatten() {
            let mut labels = match d.expr {
                Some(e) => infer::infer(e, self),
                None => Labels::Open,
            };
            if let Labels::Known(set) = &mut labels {
                if !d.labels.is_empty() {
                    std::sync::Arc::make_mut(set)
                        .names
                        .extend(d.labels.iter().cloned());
                }
            }
            if labels == Labels::Scalar {
                // A scalar is recorded as one series without labels.
                labels = Labels::set(LabelSet::exact(d.labels.iter().cloned()));
            }
            out = Some(match out {
                None => labels,
                Some(prev) => prev.union(labels),
            });
        }
        let labels = out.unwrap_or(Labels::Open);
        self.memo
            .borrow_mut()
            .insert(name.to_string(), Some(labels.clone()));
        labels
    }
}

impl LabelSource for RecordResolver<'_, '_> {
    fn series_labels(&self, name: &str) -> Labels {
        let from_catalog = self.catalog.series_labels(name);
        if !self.defs.contains_key(name) {
            return from_catalog;
        }
        let record = self.record_labels(name);
        if self.catalog.by_series.contains_key(name) {
            record.union(from_catalog)
        } else {
            record
        }
    }
}

/// Per file: whether it is a unit test file all of whose rule files are
/// test fixtures, loaded by no Prometheus configuration while the project
/// has one that loads rule files (so which rules run is known).
fn test_only_inputs(files: &[Arc<FileModel>]) -> Vec<bool> {
    let configs: Vec<&crate::config::prometheus::PrometheusConfig> = files
        .iter()
        .filter_map(|f| f.prometheus.as_ref())
        .filter(|p| !p.rule_files.is_empty())
        .collect();
    files
        .iter()
        .map(|f| {
            if configs.is_empty() || f.test_series.is_empty() {
                return false;
            }
            let loaded: Vec<&Arc<FileModel>> = files
                .iter()
                .filter(|r| {
                    f.unit_test_rule_files
                        .iter()
                        .any(|g| g.covers(&r.source.path))
                })
                .collect();
            !loaded.is_empty()
                && loaded.iter().all(|r| {
                    !configs
                        .iter()
                        .any(|p| p.rule_files.iter().any(|g| g.covers(&r.source.path)))
                })
        })
        .collect()
}

/// Whether `file` can hold definitions (for callers that filter files).
pub fn defines_metrics(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Exposition | FileKind::Source | FileKind::ExporterConfig
    )
}
