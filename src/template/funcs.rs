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

/// True for a function a rule template can call.
pub fn is_known_function(name: &str) -> bool {
    GO_BUILTINS.contains(&name) || PROMETHEUS.contains(&name)
}
