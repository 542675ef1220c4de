//! Prometheus exposition files (text format 0.0.4 and OpenMetrics 1.0 text)
//! read into a metric catalog with byte spans.
//!
//! `parse` never fails as a whole: it returns every family and sample it
//! could read plus located `ExpositionError`s, and carries on after a bad
//! line. `lint` derives `promtool check metrics`-style problems from the
//! result. Neither reports anything itself; later checks do.
//!
//! Where Prometheus' scraper (`model/textparse`) and promtool's parser
//! (`expfmt` in prometheus/common) disagree on 0.0.4 input, the scraper
//! wins, because that is what decides whether a target's samples are
//! ingested. The differences that follow from that:
//!
//! * trailing blanks after the value or timestamp are fine (promtool 2.42:
//!   "expected integer as timestamp" / "spurious string after timestamp");
//! * `#HELP` without a blank after `#` is a plain comment (promtool reads
//!   it as HELP);
//! * TYPE values must be lower case (promtool accepts `COUNTER`);
//! * `\"` is accepted in HELP text (promtool 2.42 rejects it; newer
//!   versions and OpenMetrics accept it).
//!
//! Like both, samples of one 0.0.4 family that are not contiguous are
//! merged into that family without an error (`Family::reopened` records
//! where they resume, and `lint` flags it); OpenMetrics forbids it.

mod lint;
mod parser;
mod scan;

pub use lint::{lint, LintCode, LintProblem};

use std::collections::BTreeSet;

use crate::source::Span;

/// Reads an exposition. See the module documentation.
pub fn parse(text: &str) -> Exposition {
    parser::parse(text)
}

/// Which text format a file is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Prometheus text format 0.0.4 (`text/plain; version=0.0.4`).
    Text004,
    /// OpenMetrics 1.0 text (`application/openmetrics-text`).
    OpenMetrics,
}

/// The TYPE of a metric family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricKind {
    Counter,
    Gauge,
    Histogram,
    Summary,
    /// 0.0.4 `untyped`, and 0.0.4 families without a TYPE.
    Untyped,
    /// OpenMetrics `unknown`, and OpenMetrics families without a TYPE.
    Unknown,
    GaugeHistogram,
    StateSet,
    Info,
}

impl MetricKind {
    /// The keyword used in TYPE lines.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Counter => "counter",
            MetricKind::Gauge => "gauge",
            MetricKind::Histogram => "histogram",
            MetricKind::Summary => "summary",
            MetricKind::Untyped => "untyped",
            MetricKind::Unknown => "unknown",
            MetricKind::GaugeHistogram => "gaugehistogram",
            MetricKind::StateSet => "stateset",
            MetricKind::Info => "info",
        }
    }

    /// The TYPE keyword `s` in `format`, if that format has it.
    pub fn from_keyword(s: &str, format: Format) -> Option<MetricKind> {
        let kind = match s {
            "counter" => MetricKind::Counter,
            "gauge" => MetricKind::Gauge,
            "histogram" => MetricKind::Histogram,
            "summary" => MetricKind::Summary,
            "untyped" if format == Format::Text004 => MetricKind::Untyped,
            "unknown" if format == Format::OpenMetrics => MetricKind::Unknown,
            "gaugehistogram" if format == Format::OpenMetrics => MetricKind::GaugeHistogram,
            "stateset" if format == Format::OpenMetrics => MetricKind::StateSet,
            "info" if format == Format::OpenMetrics => MetricKind::Info,
            _ => return None,
        };
        Some(kind)
    }

    /// Untyped and unknown families carry no type information.
    pub fn is_untyped(self) -> bool {
        matches!(self, MetricKind::Untyped | MetricKind::Unknown)
    }

    pub fn is_histogram(self) -> bool {
        matches!(self, MetricKind::Histogram | MetricKind::GaugeHistogram)
    }
}

/// What a sample is within its family, decided by its name's suffix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SampleRole {
    /// The family name itself: gauges, untyped/unknown, state sets, 0.0.4
    /// counters, and samples that fit no role of their family's type.
    Value,
    /// An OpenMetrics counter's `_total`.
    Total,
    /// `_created` (OpenMetrics counters, histograms, summaries).
    Created,
    /// `_bucket` with an `le` label.
    Bucket,
    Count,
    Sum,
    /// Gauge histogram `_gcount`.
    GCount,
    /// Gauge histogram `_gsum`.
    GSum,
    /// An OpenMetrics info family's `_info`.
    Info,
    /// A summary's family-named sample with a `quantile` label.
    Quantile,
}

impl SampleRole {
    /// The suffix that sample names with this role carry after the family
    /// name.
    pub fn suffix(self) -> &'static str {
        match self {
            SampleRole::Value | SampleRole::Quantile => "",
            SampleRole::Total => "_total",
            SampleRole::Created => "_created",
            SampleRole::Bucket => "_bucket",
            SampleRole::Count => "_count",
            SampleRole::Sum => "_sum",
            SampleRole::GCount => "_gcount",
            SampleRole::GSum => "_gsum",
            SampleRole::Info => "_info",
        }
    }
}

/// Everything read from one exposition file.
#[derive(Clone, Debug, PartialEq)]
pub struct Exposition {
    pub format: Format,
    /// In order of first appearance.
    pub families: Vec<Family>,
    pub errors: Vec<ExpositionError>,
}

impl Exposition {
    /// The family named `name` (the family name, not a sample name).
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// The family a series name such as `x_bucket` belongs to.
    pub fn family_of_series(&self, series: &str) -> Option<&Family> {
        self.families
            .iter()
            .find(|f| f.series_names().iter().any(|s| s.name == series))
    }
}

/// A located problem that makes (part of) the file unreadable or invalid
/// for Prometheus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpositionError {
    pub span: Span,
    pub message: String,
}

/// A metric family: its metadata and samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    /// The family name, e.g. `http_requests` for an OpenMetrics counter
    /// whose samples are `http_requests_total`.
    pub name: String,
    /// Where the name first appears (metadata line or first sample); for a
    /// quoted name, the quoted string.
    pub name_span: Span,
    /// The format of the file, which decides the family's series names.
    pub format: Format,
    pub kind: MetricKind,
    /// The type keyword in the TYPE line, if there is one.
    pub type_span: Option<Span>,
    /// Unescaped HELP text and the span of the text as written. An empty
    /// HELP counts as none, as OpenMetrics prescribes and promtool does.
    pub help: Option<(String, Span)>,
    /// OpenMetrics UNIT, with the span of the unit as written.
    pub unit: Option<(String, Span)>,
    pub samples: Vec<Sample>,
    /// Label names used by the family's samples, without `le` on histogram
    /// buckets and `quantile` on summaries.
    pub label_names: BTreeSet<String>,
    /// Samples (their series span) where this 0.0.4 family continues after
    /// samples of other families.
    pub reopened: Vec<Span>,
}

/// A series name a family exposes, and the label that varies per series
/// of that name because of the type (`le`, `quantile`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeriesName {
    pub name: String,
    pub type_label: Option<&'static str>,
}

impl Family {
    /// The series names this family exposes in Prometheus, whether or not
    /// the file has samples for all of them: what PromQL can select.
    ///
    /// 0.0.4 counters are named with their `_total`; OpenMetrics counters
    /// without it (`_total` and `_created` are added). OpenMetrics
    /// `_created` samples are ingested as ordinary series unless Prometheus
    /// runs with created-timestamp ingestion, so they are listed.
    pub fn series_names(&self) -> Vec<SeriesName> {
        let om = self.format == Format::OpenMetrics;
        let n = |suffix: &str, label: Option<&'static str>| SeriesName {
            name: format!("{}{}", self.name, suffix),
            type_label: label,
        };
        match self.kind {
            MetricKind::Counter if om => vec![n("_total", None), n("_created", None)],
            MetricKind::Counter
            | MetricKind::Gauge
            | MetricKind::Untyped
            | MetricKind::Unknown
            | MetricKind::StateSet => vec![n("", None)],
            MetricKind::Info => vec![n("_info", None)],
            MetricKind::Histogram if om => vec![
                n("_bucket", Some("le")),
                n("_count", None),
                n("_sum", None),
                n("_created", None),
            ],
            MetricKind::Histogram => {
                vec![n("_bucket", Some("le")), n("_count", None), n("_sum", None)]
            }
            MetricKind::GaugeHistogram => vec![
                n("_bucket", Some("le")),
                n("_gcount", None),
                n("_gsum", None),
            ],
            MetricKind::Summary if om => vec![
                n("", Some("quantile")),
                n("_count", None),
                n("_sum", None),
                n("_created", None),
            ],
            MetricKind::Summary => {
                vec![n("", Some("quantile")), n("_count", None), n("_sum", None)]
            }
        }
    }
}

/// One sample line.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The sample's metric name (`x_bucket`), unescaped if it was quoted.
    pub name: String,
    pub name_span: Span,
    pub role: SampleRole,
    /// Labels in written order, `le`/`quantile` included; the span covers
    /// `name="value"`.
    pub labels: Vec<(String, String, Span)>,
    pub value: f64,
    pub value_span: Span,
    /// Milliseconds since the epoch (OpenMetrics seconds are converted the
    /// way Prometheus does, truncating below a millisecond).
    pub timestamp: Option<i64>,
    pub exemplar: Option<Exemplar>,
    /// The whole sample, from the name to the last token of the line.
    pub span: Span,
}

impl Sample {
    /// The value of label `name`.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
    }
}

/// An OpenMetrics exemplar: ` # {labels} value [timestamp]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    pub labels: Vec<(String, String, Span)>,
    pub value: f64,
    /// Seconds since the epoch, as written.
    pub timestamp: Option<f64>,
    /// From the `{` to the end of the exemplar.
    pub span: Span,
}
