//! A promtool unit-test file read into a model, with the span of every
//! value. Reading is strict like promtool's `yaml.UnmarshalStrict`: unknown
//! fields, values of the wrong type and invalid durations make the file
//! unloadable. The series and label notations are parsed later, when a test
//! group runs (promtool reports those as failures of the group).

use crate::source::{SourceFile, Span};
use crate::syntax::duration;
use crate::syntax::yaml::{self, Entry, Node, NodeKind, ScalarMap, ScalarStyle};

/// A problem that makes a test file unloadable.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// A string value with its node's span and the map from offsets in the
/// value to offsets in the file.
#[derive(Clone, Debug)]
pub struct Text {
    pub value: String,
    pub span: Span,
    pub map: ScalarMap,
}

impl Text {
    /// A span in the value, as a span in the file.
    pub fn to_file(&self, span: Span) -> Span {
        self.map.span_to_file(span)
    }
}

/// A duration with the text written (for messages, as promtool prints
/// `model.Duration`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duration {
    pub millis: i64,
    pub span: Span,
}

impl Duration {
    /// Prometheus' `model.Duration.String()`.
    pub fn display(&self) -> String {
        duration::format(self.millis)
    }
}

#[derive(Debug)]
pub struct TestFile {
    pub rule_files: Vec<Text>,
    /// `evaluation_interval`, 1m when absent or zero.
    pub evaluation_interval_ms: i64,
    pub group_eval_order: Vec<Text>,
    pub fuzzy_compare: bool,
    pub tests: Vec<TestGroup>,
}

#[derive(Debug)]
pub struct TestGroup {
    /// The `- ` item of the group.
    pub span: Span,
    /// Position in `tests` (promtool names unnamed groups `unnamed#N`).
    pub index: usize,
    pub name: Option<Text>,
    /// `interval` as written (0 when absent; the evaluation interval is
    /// used then).
    pub interval_ms: i64,
    pub input_series: Vec<InputSeries>,
    pub alert_tests: Vec<AlertTest>,
    pub expr_tests: Vec<ExprTest>,
    pub external_labels: Vec<(String, String)>,
    pub external_url: String,
    /// `start_timestamp` (Prometheus 3.x): where time 0 of the group lies,
    /// in milliseconds since the epoch.
    pub start_ms: i64,
}

impl TestGroup {
    /// The name promtool reports: the group's name, or `unnamed#N`.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(n) if !n.value.is_empty() => n.value.clone(),
            _ => format!("unnamed#{}", self.index),
        }
    }

    /// The name `--run` matches (empty for unnamed groups, as promtool).
    pub fn run_name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.value.as_str())
    }

    /// The largest `eval_time` of any test (0 without tests).
    pub fn max_eval_time(&self) -> i64 {
        self.alert_tests
            .iter()
            .map(|t| t.eval_time.millis)
            .chain(self.expr_tests.iter().map(|t| t.eval_time.millis))
            .max()
            .unwrap_or(0)
            .max(0)
    }
}

#[derive(Debug)]
pub struct InputSeries {
    pub span: Span,
    pub series: Text,
    pub values: Text,
}

#[derive(Debug)]
pub struct AlertTest {
    pub span: Span,
    pub eval_time: Duration,
    pub alertname: Text,
    pub exp_alerts: Vec<ExpAlert>,
}

#[derive(Debug)]
pub struct ExpAlert {
    pub span: Span,
    /// Sorted by name; empty values are kept (they never match, as in
    /// promtool).
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
}

#[derive(Debug)]
pub struct ExprTest {
    pub span: Span,
    pub expr: Text,
    pub eval_time: Duration,
    pub exp_samples: Vec<ExpSample>,
}

#[derive(Debug)]
pub struct ExpSample {
    pub span: Span,
    pub labels: Text,
    pub value: f64,
    /// A native histogram in series notation.
    pub histogram: Option<Text>,
}

/// Reads a test file. `Err` holds every problem found.
pub fn read(source: &SourceFile) -> Result<TestFile, Vec<SchemaError>> {
    let loaded = yaml::load_yaml(&source.text);
    let mut r = Reader {
        text: &source.text,
        errors: loaded
            .errors
            .iter()
            .map(|e| SchemaError {
                span: e.span,
                message: e.message.clone(),
                help: None,
            })
            .collect(),
    };
    let empty = Node {
        kind: NodeKind::Mapping(Vec::new()),
        span: Span::new(0, 0),
        tag: None,
    };
    // Go's YAML decoder reads the first document only.
    let root = loaded
        .documents
        .first()
        .map(|d| &d.root)
        .filter(|n| !n.is_null())
        .unwrap_or(&empty);
    let file = r.file(root);
    if r.errors.is_empty() {
        Ok(file)
    } else {
        Err(r.errors)
    }
}

/// True when a YAML text has a top-level `tests:` key (how test files are
/// told apart from rule files in a folder). Cheap: a line scan, no parse.
pub fn looks_like_test_file(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("tests:"))
        || (text.trim_start().starts_with('{') && text.contains("\"tests\""))
}

const FILE_FIELDS: &[&str] = &[
    "rule_files",
    "evaluation_interval",
    "group_eval_order",
    "tests",
    "fuzzy_compare",
];
const GROUP_FIELDS: &[&str] = &[
    "interval",
    "input_series",
    "alert_rule_test",
    "promql_expr_test",
    "external_labels",
    "external_url",
    "name",
    "start_timestamp",
];
const SERIES_FIELDS: &[&str] = &["series", "values"];
const ALERT_TEST_FIELDS: &[&str] = &["eval_time", "alertname", "exp_alerts"];
const EXP_ALERT_FIELDS: &[&str] = &["exp_labels", "exp_annotations"];
const EXPR_TEST_FIELDS: &[&str] = &["expr", "eval_time", "exp_samples"];
const SAMPLE_FIELDS: &[&str] = &["labels", "value", "histogram"];

struct Reader<'a> {
    text: &'a str,
    errors: Vec<SchemaError>,
}

impl Reader<'_> {
    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        self.errors.push(SchemaError {
            span,
            message,
            help,
        });
    }

    /// The entries of a mapping with only the known fields (a null is an
    /// empty mapping, as Go decodes it).
    fn mapping<'n>(&mut self, node: &'n Node, what: &str, fields: &[&str]) -> &'n [Entry] {
        if node.is_null() {
            return &[];
        }
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!("{what} must be a mapping, found a {}", node.kind_name()),
                None,
            );
            return &[];
        };
        for e in entries {
            let Some(key) = e.key.as_str() else {
                self.error(e.key.span, format!("keys of {what} must be strings"), None);
                continue;
            };
            if !fields.contains(&key) {
                let help = match crate::suggest::closest(key, fields) {
                    Some(s) => {
                        format!("did you mean `{s}`? {what} has the fields {}", list(fields))
                    }
                    None => format!("{what} has the fields {}", list(fields)),
                };
                self.error(
                    e.key.span,
                    format!("unknown field `{key}` in {what}"),
                    Some(help),
                );
            }
        }
        entries
    }

    fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        if node.is_null() {
            return &[];
        }
        match node.as_sequence() {
            Some(items) => items,
            None => {
                self.error(
                    node.span,
                    format!("{what} must be a list, found a {}", node.kind_name()),
                    None,
                );
                &[]
            }
        }
    }

    /// A string field: any scalar reads as its text (Go's YAML decoder does
    /// the same), a null as the empty string.
    fn text(&mut self, node: &Node, what: &str) -> Option<Text> {
        if node.is_null() {
            return Some(Text {
                value: String::new(),
                span: node.span,
                map: ScalarMap::new(self.text, node),
            });
        }
        match node.as_str() {
            Some(v) => Some(Text {
                value: v.to_string(),
                span: node.span,
                map: ScalarMap::new(self.text, node),
            }),
            None => {
                self.error(
                    node.span,
                    format!("{what} must be a string, found a {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    fn duration(&mut self, node: &Node, what: &str) -> Option<Duration> {
        let text = self.text(node, what)?;
        match duration::parse(&text.value) {
            Ok(millis) => Some(Duration {
                millis,
                span: node.span,
            }),
            Err(e) => {
                self.error(
                    node.span,
                    format!("{what}: {e}: {:?}", text.value),
                    Some("durations are written like `90s`, `5m`, `1h30m` or `0`".into()),
                );
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        if node.is_null() {
            return Some(false);
        }
        let plain = node
            .as_scalar()
            .is_some_and(|s| matches!(s.style, ScalarStyle::Plain | ScalarStyle::JsonLiteral));
        let v = node.as_str().filter(|_| plain).and_then(|s| match s {
            "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
                Some(true)
            }
            "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n"
            | "N" => Some(false),
            _ => None,
        });
        if v.is_none() {
            self.error(node.span, format!("{what} must be true or false"), None);
        }
        v
    }

    /// A float as Go's YAML decoder reads one: a plain number (decimal,
    /// `0x`, `0o`/leading-0 octal, `0b`, `_` separators, exponent), `.inf`,
    /// `-.inf`, `.nan`, or null (0). Quoted text is an error.
    fn float(&mut self, node: &Node, what: &str) -> Option<f64> {
        if node.is_null() {
            return Some(0.0);
        }
        let plain = node
            .as_scalar()
            .is_some_and(|s| matches!(s.style, ScalarStyle::Plain | ScalarStyle::JsonLiteral));
        let v = node.as_str().filter(|_| plain).and_then(yaml_float);
        if v.is_none() {
            let found = node
                .as_str()
                .map_or_else(|| node.kind_name().to_string(), |s| format!("{s:?}"));
            self.error(
                node.span,
                format!("{what} must be a number, found {found}"),
                Some(
                    "write numbers unquoted; special values are `.inf`, `-.inf` and `.nan`".into(),
                ),
            );
        }
        v
    }

    /// A `map[string]string`, sorted by key.
    fn string_map(&mut self, node: &Node, what: &str) -> Vec<(String, String)> {
        if node.is_null() {
            return Vec::new();
        }
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!("{what} must be a mapping, found a {}", node.kind_name()),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let Some(k) = self.text(&e.key, &format!("keys of {what}")) else {
                continue;
            };
            let Some(v) = self.text(&e.value, &format!("values of {what}")) else {
                continue;
            };
            out.push((k.value, v.value));
        }
        out.sort();
        out
    }

    fn file(&mut self, root: &Node) -> TestFile {
        let mut file = TestFile {
            rule_files: Vec::new(),
            evaluation_interval_ms: 0,
            group_eval_order: Vec::new(),
            fuzzy_compare: false,
            tests: Vec::new(),
        };
        for e in self.mapping(root, "a test file", FILE_FIELDS) {
            match e.key.as_str() {
                Some("rule_files") => {
                    for n in self.sequence(&e.value, "`rule_files`") {
                        if let Some(t) = self.text(n, "a rule file") {
                            file.rule_files.push(t);
                        }
                    }
                }
                Some("evaluation_interval") => {
                    if let Some(d) = self.duration(&e.value, "`evaluation_interval`") {
                        file.evaluation_interval_ms = d.millis;
                    }
                }
                Some("group_eval_order") => {
                    for n in self.sequence(&e.value, "`group_eval_order`") {
                        if let Some(t) = self.text(n, "a group name") {
                            file.group_eval_order.push(t);
                        }
                    }
                }
                Some("fuzzy_compare") => {
                    file.fuzzy_compare = self.boolean(&e.value, "`fuzzy_compare`").unwrap_or(false)
                }
                Some("tests") => {
                    let items = self.sequence(&e.value, "`tests`");
                    for (i, n) in items.iter().enumerate() {
                        let g = self.group(n, i);
                        file.tests.push(g);
                    }
                }
                _ => {}
            }
        }
        if file.evaluation_interval_ms == 0 {
            file.evaluation_interval_ms = 60_000;
        }
        let mut seen: Vec<&str> = Vec::new();
        for g in &file.group_eval_order {
            if seen.contains(&g.value.as_str()) {
                self.errors.push(SchemaError {
                    span: g.span,
                    message: format!("group name repeated in evaluation order: {}", g.value),
                    help: Some("name each group once in `group_eval_order`".into()),
                });
            }
            seen.push(&g.value);
        }
        file
    }

    fn group(&mut self, node: &Node, index: usize) -> TestGroup {
        let mut g = TestGroup {
            span: node.span,
            index,
            name: None,
            interval_ms: 0,
            input_series: Vec::new(),
            alert_tests: Vec::new(),
            expr_tests: Vec::new(),
            external_labels: Vec::new(),
            external_url: String::new(),
            start_ms: 0,
        };
        for e in self.mapping(node, "a test group", GROUP_FIELDS) {
            match e.key.as_str() {
                Some("name") => g.name = self.text(&e.value, "`name`"),
                Some("interval") => {
                    g.interval_ms = self
                        .duration(&e.value, "`interval`")
                        .map_or(0, |d| d.millis)
                }
                Some("external_labels") => {
                    g.external_labels = self.string_map(&e.value, "`external_labels`")
                }
                Some("external_url") => {
                    g.external_url = self
                        .text(&e.value, "`external_url`")
                        .map(|t| t.value)
                        .unwrap_or_default()
                }
                Some("start_timestamp") => {
                    if let Some(t) = self.text(&e.value, "`start_timestamp`") {
                        match parse_timestamp(&t.value) {
                            Some(ms) => g.start_ms = ms,
                            None => self.error(
                                e.value.span,
                                format!("cannot parse {:?} to a valid timestamp", t.value),
                                Some("write seconds since the epoch or an RFC 3339 time such as `2024-01-02T15:04:05Z`".into()),
                            ),
                        }
                    }
                }
                Some("input_series") => {
                    for n in self.sequence(&e.value, "`input_series`") {
                        let s = self.series(n);
                        g.input_series.extend(s);
                    }
                }
                Some("alert_rule_test") => {
                    for n in self.sequence(&e.value, "`alert_rule_test`") {
                        let t = self.alert_test(n);
                        g.alert_tests.extend(t);
                    }
                }
                Some("promql_expr_test") => {
                    for n in self.sequence(&e.value, "`promql_expr_test`") {
                        let t = self.expr_test(n);
                        g.expr_tests.extend(t);
                    }
                }
                _ => {}
            }
        }
        g
    }

    fn series(&mut self, node: &Node) -> Option<InputSeries> {
        let mut series = None;
        let mut values = None;
        for e in self.mapping(node, "an input series", SERIES_FIELDS) {
            match e.key.as_str() {
                Some("series") => series = self.text(&e.value, "`series`"),
                Some("values") => values = self.text(&e.value, "`values`"),
                _ => {}
            }
        }
        let empty = |span: Span| Text {
            value: String::new(),
            span,
            map: ScalarMap::new(
                "",
                &Node {
                    kind: NodeKind::Mapping(Vec::new()),
                    span,
                    tag: None,
                },
            ),
        };
        Some(InputSeries {
            span: node.span,
            series: series.unwrap_or_else(|| empty(node.span)),
            values: values.unwrap_or_else(|| empty(node.span)),
        })
    }

    fn alert_test(&mut self, node: &Node) -> Option<AlertTest> {
        let mut eval_time = Duration {
            millis: 0,
            span: node.span,
        };
        let mut alertname = None;
        let mut exp_alerts = Vec::new();
        for e in self.mapping(node, "an alert_rule_test item", ALERT_TEST_FIELDS) {
            match e.key.as_str() {
                Some("eval_time") => {
                    if let Some(d) = self.duration(&e.value, "`eval_time`") {
                        eval_time = d;
                    }
                }
                Some("alertname") => alertname = self.text(&e.value, "`alertname`"),
                Some("exp_alerts") => {
                    for n in self.sequence(&e.value, "`exp_alerts`") {
                        let mut a = ExpAlert {
                            span: n.span,
                            labels: Vec::new(),
                            annotations: Vec::new(),
                        };
                        for f in self.mapping(n, "an expected alert", EXP_ALERT_FIELDS) {
                            match f.key.as_str() {
                                Some("exp_labels") => {
                                    a.labels = self.string_map(&f.value, "`exp_labels`")
                                }
                                Some("exp_annotations") => {
                                    a.annotations = self.string_map(&f.value, "`exp_annotations`")
                                }
                                _ => {}
                            }
                        }
                        exp_alerts.push(a);
                    }
                }
                _ => {}
            }
        }
        let alertname = alertname.unwrap_or(Text {
            value: String::new(),
            span: node.span,
            map: ScalarMap::new(self.text, node),
        });
        Some(AlertTest {
            span: node.span,
            eval_time,
            alertname,
            exp_alerts,
        })
    }

    fn expr_test(&mut self, node: &Node) -> Option<ExprTest> {
        let mut eval_time = Duration {
            millis: 0,
            span: node.span,
        };
        let mut expr = None;
        let mut exp_samples = Vec::new();
        for e in self.mapping(node, "a promql_expr_test item", EXPR_TEST_FIELDS) {
            match e.key.as_str() {
                Some("eval_time") => {
                    if let Some(d) = self.duration(&e.value, "`eval_time`") {
                        eval_time = d;
                    }
                }
                Some("expr") => expr = self.text(&e.value, "`expr`"),
                Some("exp_samples") => {
                    for n in self.sequence(&e.value, "`exp_samples`") {
                        let mut labels = None;
                        let mut value = 0.0;
                        let mut histogram = None;
                        for f in self.mapping(n, "an expected sample", SAMPLE_FIELDS) {
                            match f.key.as_str() {
                                Some("labels") => labels = self.text(&f.value, "`labels`"),
                                Some("value") => {
                                    value = self.float(&f.value, "`value`").unwrap_or(0.0)
                                }
                                Some("histogram") => {
                                    histogram = self
                                        .text(&f.value, "`histogram`")
                                        .filter(|t| !t.value.is_empty())
                                }
                                _ => {}
                            }
                        }
                        let labels = labels.unwrap_or(Text {
                            value: String::new(),
                            span: n.span,
                            map: ScalarMap::new(self.text, n),
                        });
                        exp_samples.push(ExpSample {
                            span: n.span,
                            labels,
                            value,
                            histogram,
                        });
                    }
                }
                _ => {}
            }
        }
        let expr = expr.unwrap_or(Text {
            value: String::new(),
            span: node.span,
            map: ScalarMap::new(self.text, node),
        });
        Some(ExprTest {
            span: node.span,
            expr,
            eval_time,
            exp_samples,
        })
    }
}

fn list(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// promtool's `parseTime`: seconds since the epoch (a float), or an RFC
/// 3339 time with optional fraction and a `Z` or `±hh:mm` zone. Returns
/// milliseconds (sub-millisecond parts are dropped, as Prometheus stores
/// milliseconds).
pub fn parse_timestamp(s: &str) -> Option<i64> {
    if let Ok(secs) = s.parse::<f64>() {
        if !secs.is_finite() || secs.abs() > 9.0e15 {
            return None;
        }
        let whole = secs.trunc();
        let nanos = ((secs - whole) * 1e9) as i64;
        return Some(whole as i64 * 1000 + nanos.div_euclid(1_000_000));
    }
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        (!t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok())?
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return None;
        }
        let padded = format!("{frac:0<3}");
        millis = padded[..3].parse().ok()?;
    }
    let offset_minutes = match &s[i..] {
        "Z" | "z" => 0,
        zone if zone.len() == 6
            && matches!(zone.as_bytes()[0], b'+' | b'-')
            && zone.as_bytes()[3] == b':' =>
        {
            let h = num(i + 1..i + 3)?;
            let m = num(i + 4..i + 6)?;
            if h > 23 || m > 59 {
                return None;
            }
            let v = h * 60 + m;
            if zone.starts_with('-') {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    // Month and day were checked above, so they fit.
    let days = crate::engine::num::days_from_civil(year, month as u32, day as u32);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// A YAML 1.1 number as Go's `yaml.v2` decodes it into a float64.
fn yaml_float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let plain: String = s.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match plain.as_bytes().first() {
        Some(b'-') => (true, &plain[1..]),
        Some(b'+') => (false, &plain[1..]),
        _ => (false, plain.as_str()),
    };
    let sign = |v: f64| if negative { -v } else { v };
    let radix = |prefix: &str, r: u32| {
        digits
            .strip_prefix(prefix)
            .filter(|d| !d.is_empty())
            .and_then(|d| u64::from_str_radix(d, r).ok())
            .map(|v| sign(v as f64))
    };
    if let Some(v) = radix("0x", 16)
        .or_else(|| radix("0b", 2))
        .or_else(|| radix("0o", 8))
    {
        return Some(v);
    }
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        // YAML 1.1 octal; not octal (`09`) falls through to a float.
        if let Ok(v) = u64::from_str_radix(&digits[1..], 8) {
            return Some(sign(v as f64));
        }
    }
    // `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` on the text
    // with separators (Go checks the pattern before removing them).
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits_only(frac),
        Some((int, frac)) => digits_only(int) && (frac.is_empty() || digits_only(frac)),
        None => digits_only(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits_only(e.strip_prefix(['-', '+']).unwrap_or(e)));
    if mantissa_ok && exponent_ok {
        return s.parse::<f64>().ok();
    }
    // Integers with `_` separators.
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<f64>().ok().map(sign);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<TestFile, Vec<SchemaError>> {
        read(&SourceFile::new("t.yml", text.to_string()))
    }

    fn messages(text: &str) -> Vec<String> {
        load(text)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.message)
            .collect()
    }

    #[test]
    fn reads_a_full_file() {
        let f = load(
            r#"
rule_files: [a.yml, "b/*.yml"]
evaluation_interval: 30s
group_eval_order: [g1, g2]
fuzzy_compare: true
tests:
  - name: one
    interval: 1m
    external_labels: {region: eu}
    external_url: http://x
    input_series:
      - series: up{job="a"}
        values: 1 0x3
    alert_rule_test:
      - eval_time: 5m
        alertname: Down
        exp_alerts:
          - exp_labels: {job: a}
            exp_annotations: {summary: down}
    promql_expr_test:
      - expr: up
        eval_time: 1m
        exp_samples:
          - labels: up{job="a"}
            value: 0
          - labels: x
            value: .nan
  - {}
"#,
        )
        .unwrap();
        assert_eq!(f.rule_files.len(), 2);
        assert_eq!(f.evaluation_interval_ms, 30_000);
        assert!(f.fuzzy_compare);
        assert_eq!(f.tests.len(), 2);
        let g = &f.tests[0];
        assert_eq!(g.display_name(), "one");
        assert_eq!(g.interval_ms, 60_000);
        assert_eq!(g.external_labels, vec![("region".into(), "eu".into())]);
        assert_eq!(g.alert_tests[0].eval_time.millis, 300_000);
        assert_eq!(g.alert_tests[0].exp_alerts[0].labels.len(), 1);
        assert!(g.expr_tests[0].exp_samples[1].value.is_nan());
        assert_eq!(g.max_eval_time(), 300_000);
        assert_eq!(f.tests[1].display_name(), "unnamed#1");
    }

    #[test]
    fn default_evaluation_interval() {
        assert_eq!(load("tests: []").unwrap().evaluation_interval_ms, 60_000);
        assert_eq!(
            load("evaluation_interval: 0\ntests: []")
                .unwrap()
                .evaluation_interval_ms,
            60_000
        );
        assert_eq!(load("").unwrap().tests.len(), 0);
    }

    #[test]
    fn unknown_fields_are_errors() {
        let m = messages("tests:\n  - name: a\n    input_serie: []\n");
        assert_eq!(m, vec!["unknown field `input_serie` in a test group"]);
        let m = messages("rule_file: [a]\n");
        assert_eq!(m, vec!["unknown field `rule_file` in a test file"]);
        let m = messages("tests:\n  - alert_rule_test:\n      - eval_time: 1m\n        exp_alerts:\n          - exp_label: {}\n");
        assert_eq!(m, vec!["unknown field `exp_label` in an expected alert"]);
    }

    #[test]
    fn known_fields_do_not_fire() {
        assert!(load("rule_files: []\nevaluation_interval: 1m\ngroup_eval_order: []\nfuzzy_compare: false\ntests: []\n").is_ok());
    }

    #[test]
    fn wrong_types_and_durations() {
        assert_eq!(messages("evaluation_interval: 60\n").len(), 1);
        assert_eq!(messages("evaluation_interval: 1.5m\n").len(), 1);
        assert_eq!(
            messages("tests:\n  - promql_expr_test:\n      - eval_time: 1x\n").len(),
            1
        );
        assert_eq!(messages("tests: {}\n").len(), 1);
        assert_eq!(messages("fuzzy_compare: maybe\n").len(), 1);
        assert_eq!(
            messages(
                "tests:\n  - promql_expr_test:\n      - exp_samples:\n          - value: \"1\"\n"
            )
            .len(),
            1
        );
        assert_eq!(
            messages(
                "tests:\n  - promql_expr_test:\n      - exp_samples:\n          - value: NaN\n"
            )
            .len(),
            1
        );
        assert_eq!(
            messages("group_eval_order: [a, a]\n"),
            vec!["group name repeated in evaluation order: a"]
        );
        assert_eq!(messages("tests: [\n").len(), 1);
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("0"), Some(0));
        assert_eq!(parse_timestamp("1700000000"), Some(1_700_000_000_000));
        assert_eq!(parse_timestamp("1.5"), Some(1500));
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp("2024-02-29T12:30:15.25Z"),
            Some(1_709_209_815_250)
        );
        assert_eq!(
            parse_timestamp("2024-01-01T01:00:00+01:00"),
            Some(1_704_067_200_000)
        );
        assert_eq!(parse_timestamp("1969-12-31T23:59:59Z"), Some(-1000));
        for bad in [
            "",
            "abc",
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-13-01T00:00:00Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
        let f = load("tests:\n  - start_timestamp: 2024-01-01T00:00:00Z\n").unwrap();
        assert_eq!(f.tests[0].start_ms, 1_704_067_200_000);
        assert_eq!(
            messages("tests:\n  - start_timestamp: yesterday\n").len(),
            1
        );
    }

    #[test]
    fn yaml_floats() {
        assert_eq!(yaml_float("1"), Some(1.0));
        assert_eq!(yaml_float("-2.5"), Some(-2.5));
        assert_eq!(yaml_float("1e3"), Some(1000.0));
        assert_eq!(yaml_float("0x1f"), Some(31.0));
        assert_eq!(yaml_float("010"), Some(8.0));
        assert_eq!(yaml_float("09"), Some(9.0));
        assert_eq!(yaml_float("0b11"), Some(3.0));
        assert_eq!(yaml_float("1_000"), Some(1000.0));
        assert_eq!(yaml_float(".5"), Some(0.5));
        assert_eq!(yaml_float("-.inf"), Some(f64::NEG_INFINITY));
        assert!(yaml_float(".NaN").unwrap().is_nan());
        for bad in ["NaN", "Inf", "abc", "1e", "1.2.3", "", "true"] {
            assert_eq!(yaml_float(bad), None, "{bad}");
        }
    }
}
