//! The functions a Prometheus rule template may call. Go's text/template
//! rejects a call to any other name when the template is parsed, so these
//! lists decide the `function "x" not defined` error.

/// Go text/template's predefined functions.
pub const GO_BUILTINS: &[&str] = &[
    "and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or",
    "print", "printf", "println", "slice", "urlquery",
];

/// The function map Prometheus adds when it expands alerting and recording
/// rule templates (Prometheus 3.x `template/template.go`). `tmpl` is only
/// given to console templates, so it is not here.
pub const PROMETHEUS: &[&str] = &[
    "query",
    "first",
    "label",
    "value",
    "strvalue",
    "args",
    "reReplaceAll",
    "safeHtml",
    "match",
    "title",
    "toUpper",
    "toLower",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "stripPort",
    "stripDomain",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "now",
    "pathPrefix",
    "externalURL",
    "parseDuration",
];

/// The function map Alertmanager adds to notification templates (current
/// release, `template/template.go` `DefaultFuncs`). Alertmanager 0.25
/// lacks `trimSpace`, `safeUrl`, `urlUnescape`, `date`, `tz`, `since`,
/// `humanizeDuration` and `toJson`.
pub const ALERTMANAGER: &[&str] = &[
    "toUpper",
    "toLower",
    "title",
    "trimSpace",
    "join",
    "match",
    "safeHtml",
    "safeUrl",
    "urlUnescape",
    "reReplaceAll",
    "stringSlice",
    "date",
    "tz",
    "since",
    "humanizeDuration",
    "toJson",
];

/// Which program parses a template: it decides the functions a template
/// can call and the variables defined before its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// Prometheus rule labels and annotations.
    #[default]
    Prometheus,
    /// Alertmanager notification templates (`templates:` files and
    /// receiver fields).
    Alertmanager,
}

impl Dialect {
    /// The functions this program adds to Go's builtins.
    pub fn functions(self) -> &'static [&'static str] {
        match self {
            Dialect::Prometheus => PROMETHEUS,
            Dialect::Alertmanager => ALERTMANAGER,
        }
    }

    /// True for a function a template of this dialect can call.
    pub fn is_known_function(self, name: &str) -> bool {
        GO_BUILTINS.contains(&name) || self.functions().contains(&name)
    }
}

/// True for a function a rule template can call.
pub fn is_known_function(name: &str) -> bool {
    Dialect::Prometheus.is_known_function(name)
}
