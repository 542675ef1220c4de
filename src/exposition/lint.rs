//! Naming and metadata lints in the manner of `promtool check metrics`,
//! which runs prometheus/client_golang's `testutil/promlint`.
//!
//! For the codes promtool has (`LintCode::is_promtool`), the message is
//! promtool's text word for word, so results can be compared. Differences
//! from promtool 2.42, on input both read:
//!
//! * promtool reports a label problem once per metric (series) carrying
//!   the label, and an abbreviation once per match; we report each
//!   distinct problem once per family, at its first occurrence.
//! * For a name with two unit words (`foo_kilobytes_bits`) promtool
//!   reports whichever its Go map iteration meets first, and nothing if
//!   that is a base unit; we report the first non-base unit from the left.
//! * promtool lints nothing on input it cannot parse; we lint whatever was
//!   read.
//! * promtool only reads 0.0.4; for OpenMetrics families the counter
//!   `_total` rule does not apply (the family name carries no `_total`)
//!   and gauge histograms count as histograms.
//! * Our own codes (not in promtool): `__` label names, names that need
//!   quoting, split or clashing families, and OpenMetrics-only suffixes.
//!
//! Like promtool, families without samples are not linted (its parser drops
//! them).

use std::collections::{HashMap, HashSet};

use crate::source::Span;
use crate::syntax::names;

use super::{Exposition, Family, Format, MetricKind};

/// What a lint problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LintCode {
    /// `no help text`
    MissingHelp,
    /// A 0.0.4 counter whose name lacks `_total`.
    CounterWithoutTotal,
    /// A typed non-counter whose name ends in `_total`.
    NonCounterWithTotal,
    /// `_bucket`, `_count`, `_sum` (and in OpenMetrics `_created`,
    /// `_gcount`, `_gsum`, `_info`) on a family of another type.
    ReservedSuffix,
    /// An `le` label on a typed non-histogram.
    LeLabel,
    /// A `quantile` label on a typed non-summary.
    QuantileLabel,
    /// A type name (`_gauge`, `_counter_` …) inside the metric name.
    TypeInName,
    /// `:` in a metric name, reserved for recording rules.
    ColonInName,
    CamelCaseName,
    CamelCaseLabel,
    /// `_ms`, `_sec`, `_kb` … in the name.
    UnitAbbreviation,
    /// `_milliseconds`, `_kilobytes`, `_bits` … instead of seconds/bytes.
    NonBaseUnit,
    /// A label name starting with `__`, reserved for Prometheus.
    ReservedLabelName,
    /// A metric or label name outside `[a-zA-Z_:][a-zA-Z0-9_:]*`, which
    /// Prometheus before 3.0 cannot ingest and PromQL must quote.
    NonLegacyName,
    /// A 0.0.4 family whose samples are split by other families, or two
    /// families exposing the same series name.
    DuplicateFamily,
}

impl LintCode {
    /// Whether `promtool check metrics` has this check.
    pub fn is_promtool(self) -> bool {
        !matches!(
            self,
            LintCode::ReservedLabelName | LintCode::NonLegacyName | LintCode::DuplicateFamily
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LintCode::MissingHelp => "missing-help",
            LintCode::CounterWithoutTotal => "counter-without-total",
            LintCode::NonCounterWithTotal => "non-counter-with-total",
            LintCode::ReservedSuffix => "reserved-suffix",
            LintCode::LeLabel => "le-label",
            LintCode::QuantileLabel => "quantile-label",
            LintCode::TypeInName => "type-in-name",
            LintCode::ColonInName => "colon-in-name",
            LintCode::CamelCaseName => "camel-case-name",
            LintCode::CamelCaseLabel => "camel-case-label",
            LintCode::UnitAbbreviation => "unit-abbreviation",
            LintCode::NonBaseUnit => "non-base-unit",
            LintCode::ReservedLabelName => "reserved-label-name",
            LintCode::NonLegacyName => "non-legacy-name",
            LintCode::DuplicateFamily => "duplicate-family",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintProblem {
    pub span: Span,
    pub code: LintCode,
    /// The family the problem is about (promtool's "metric").
    pub metric: String,
    pub message: String,
}

/// Lints every family that has samples; sorted by position.
pub fn lint(exp: &Exposition) -> Vec<LintProblem> {
    let mut out = Vec::new();
    for f in exp.families.iter().filter(|f| !f.samples.is_empty()) {
        lint_family(f, exp.format, &mut out);
    }
    lint_clashes(exp, &mut out);
    out.sort_by(|a, b| (a.span, a.code, &a.message).cmp(&(b.span, b.code, &b.message)));
    out
}

fn lint_family(f: &Family, format: Format, out: &mut Vec<LintProblem>) {
    let mut push = |span: Span, code: LintCode, message: String| {
        out.push(LintProblem {
            span,
            code,
            metric: f.name.clone(),
            message,
        })
    };
    let name = f.name.as_str();
    let at = f.name_span;
    let kind = f.kind;

    if f.help.is_none() {
        push(at, LintCode::MissingHelp, "no help text".into());
    }
    if let Some((unit, base)) = non_base_unit(name) {
        push(
            at,
            LintCode::NonBaseUnit,
            format!("use base unit {base:?} instead of {unit:?}"),
        );
    }
    let total = name.ends_with("_total");
    if kind == MetricKind::Counter && !total && format == Format::Text004 {
        push(
            at,
            LintCode::CounterWithoutTotal,
            r#"counter metrics should have "_total" suffix"#.into(),
        );
    }
    if !kind.is_untyped() && kind != MetricKind::Counter && total {
        push(
            at,
            LintCode::NonCounterWithTotal,
            r#"non-counter metrics should not have "_total" suffix"#.into(),
        );
    }
    if !kind.is_untyped() {
        let histogram = kind.is_histogram();
        let summary = kind == MetricKind::Summary;
        if !histogram && name.ends_with("_bucket") {
            push(
                at,
                LintCode::ReservedSuffix,
                r#"non-histogram metrics should not have "_bucket" suffix"#.into(),
            );
        }
        for suffix in ["_count", "_sum"] {
            if !histogram && !summary && name.ends_with(suffix) {
                push(
                    at,
                    LintCode::ReservedSuffix,
                    format!(
                        "non-histogram and non-summary metrics should not have {suffix:?} suffix"
                    ),
                );
            }
        }
        if format == Format::OpenMetrics {
            for suffix in ["_created", "_gcount", "_gsum", "_info"] {
                if name.ends_with(suffix) {
                    push(
                        at,
                        LintCode::ReservedSuffix,
                        format!("OpenMetrics reserves the {suffix:?} suffix for sample names; a family name with it can clash"),
                    );
                }
            }
        }
        let mut le = None;
        let mut quantile = None;
        for s in &f.samples {
            for (n, _, span) in &s.labels {
                match n.as_str() {
                    "le" if !histogram => {
                        le.get_or_insert(*span);
                    }
                    "quantile" if !summary => {
                        quantile.get_or_insert(*span);
                    }
                    _ => {}
                }
            }
        }
        if let Some(span) = le {
            push(
                span,
                LintCode::LeLabel,
                r#"non-histogram metrics should not have "le" label"#.into(),
            );
        }
        if let Some(span) = quantile {
            push(
                span,
                LintCode::QuantileLabel,
                r#"non-summary metrics should not have "quantile" label"#.into(),
            );
        }
    }
    let lower = name.to_ascii_lowercase();
    for t in [
        "counter",
        "gauge",
        "histogram",
        "summary",
        "gauge_histogram",
    ] {
        if contains_word(&lower, t) {
            push(
                at,
                LintCode::TypeInName,
                format!("metric name should not include type '{t}'"),
            );
        }
    }
    if name.contains(':') {
        push(
            at,
            LintCode::ColonInName,
            "metric names should not contain ':'".into(),
        );
    }
    if is_camel_case(name) {
        push(
            at,
            LintCode::CamelCaseName,
            "metric names should be written in 'snake_case' not 'camelCase'".into(),
        );
    }
    for abbr in UNIT_ABBREVIATIONS {
        if contains_word(&lower, abbr) {
            push(
                at,
                LintCode::UnitAbbreviation,
                "metric names should not contain abbreviated units".into(),
            );
        }
    }
    if !names::is_legacy_metric_name(name) {
        push(
            at,
            LintCode::NonLegacyName,
            format!("metric name {name:?} is not a legacy name: Prometheus before 3.0 rejects it and PromQL must quote it"),
        );
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for s in &f.samples {
        for (n, _, span) in &s.labels {
            if !seen.insert(n) {
                continue;
            }
            if is_camel_case(n) {
                push(
                    *span,
                    LintCode::CamelCaseLabel,
                    "label names should be written in 'snake_case' not 'camelCase'".into(),
                );
            }
            if names::is_reserved_label_name(n) {
                push(
                    *span,
                    LintCode::ReservedLabelName,
                    format!(
                        "label name {n:?} starts with \"__\", which is reserved for Prometheus"
                    ),
                );
            }
            if !names::is_legacy_label_name(n) {
                push(
                    *span,
                    LintCode::NonLegacyName,
                    format!("label name {n:?} is not a legacy name: Prometheus before 3.0 rejects it and PromQL must quote it"),
                );
            }
        }
    }
    for span in &f.reopened {
        push(
            *span,
            LintCode::DuplicateFamily,
            format!("samples of {name:?} continue here after other families; keep a family's samples together"),
        );
    }
}

/// Two families exposing the same series name.
fn lint_clashes(exp: &Exposition, out: &mut Vec<LintProblem>) {
    let mut owner: HashMap<String, &Family> = HashMap::new();
    for f in &exp.families {
        for s in f.series_names() {
            match owner.get(&s.name) {
                Some(first) if first.name != f.name => out.push(LintProblem {
                    span: f.name_span,
                    code: LintCode::DuplicateFamily,
                    metric: f.name.clone(),
                    message: format!(
                        "series {:?} is exposed by both {:?} ({}) and {:?} ({})",
                        s.name,
                        first.name,
                        first.kind.as_str(),
                        f.name,
                        f.kind.as_str()
                    ),
                }),
                Some(_) => {}
                None => {
                    owner.insert(s.name, f);
                }
            }
        }
    }
}

/// `_word_` inside or `_word` at the end of `name`.
fn contains_word(name: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(i) = name[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = start > 0 && name.as_bytes()[start - 1] == b'_';
        let after = end == name.len() || name.as_bytes()[end] == b'_';
        if before && after {
            return true;
        }
        from = start + 1;
        while !name.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// promlint's `[a-z][A-Z]`.
fn is_camel_case(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// The first `_`-separated word that is a known unit with an optional
/// prefix and is not the base unit: (unit as written, base unit).
fn non_base_unit(name: &str) -> Option<(&str, &'static str)> {
    for word in name.split('_') {
        for (unit, base) in UNITS {
            let Some(prefix) = word.strip_suffix(unit) else {
                continue;
            };
            if !(prefix.is_empty() || UNIT_PREFIXES.contains(&prefix)) {
                continue;
            }
            if word != base {
                return Some((word, base));
            }
        }
    }
    None
}

/// promlint's unit table: unit → base unit.
const UNITS: [(&str, &str); 24] = [
    ("amperes", "amperes"),
    ("bytes", "bytes"),
    ("celsius", "celsius"),
    ("grams", "grams"),
    ("joules", "joules"),
    ("kelvin", "kelvin"),
    ("meters", "meters"),
    ("metres", "metres"),
    ("seconds", "seconds"),
    ("volts", "volts"),
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("weeks", "seconds"),
    ("kelvins", "kelvin"),
    ("fahrenheit", "celsius"),
    ("rankine", "celsius"),
    ("inches", "meters"),
    ("yards", "meters"),
    ("miles", "meters"),
    ("bits", "bytes"),
    ("calories", "joules"),
    ("pounds", "grams"),
    ("ounces", "grams"),
];

const UNIT_PREFIXES: [&str; 18] = [
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega",
    "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];

const UNIT_ABBREVIATIONS: [&str; 14] = [
    "s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d",
];
