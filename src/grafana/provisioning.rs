//! Grafana provisioning files: datasources (`datasources:`,
//! `deleteDatasources:`) and dashboard providers (`providers:`).
//!
//! Grafana reads these with a lenient YAML decoder: keys it does not know
//! are ignored (reported here as warnings, since a misspelt key silently
//! does nothing), values of the wrong type and the combinations Grafana
//! refuses at start-up are errors.

use super::dashboard::Located;
use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::yaml::{Entry, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueKind {
    /// A key Grafana ignores.
    UnknownKey,
    /// Something Grafana refuses (a wrong type, a missing required field,
    /// two default datasources).
    Invalid,
}

pub type Issue = crate::diagnostic::Finding<IssueKind>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Datasource {
    pub span: Span,
    pub name: Option<Located>,
    pub uid: Option<Located>,
    pub kind: Option<Located>,
    /// The values written under `secureJsonData`.
    pub secure: Vec<SecureValue>,
}

/// One value under a datasource's `secureJsonData`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecureValue {
    pub key: String,
    pub value: String,
    pub span: Span,
    /// For `httpHeaderValueN`: the header it is sent as
    /// (`jsonData.httpHeaderNameN`).
    pub header: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub span: Span,
    pub name: Option<Located>,
    /// `options.path`: a path inside Grafana's file system.
    pub path: Option<Located>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provisioning {
    pub datasources: Vec<Datasource>,
    pub providers: Vec<Provider>,
    pub issues: Vec<Issue>,
}

/// Whether a YAML document is a Grafana provisioning file.
pub fn is_provisioning(root: &Node) -> bool {
    let Some(entries) = root.as_mapping() else {
        return false;
    };
    if is_alerting(root) {
        return true;
    }
    let has_list = |k: &str| root.get(k).is_some_and(|v| v.as_sequence().is_some());
    (has_list("datasources") || has_list("deleteDatasources") || has_list("providers"))
        && !entries.iter().any(|e| {
            matches!(
                e.key.as_str(),
                Some("groups" | "scrape_configs" | "route" | "receivers" | "kind" | "spec")
            )
        })
}

/// Whether a document is a Grafana alerting provisioning file (alert rule
/// groups with a `folder`, contact points, notification policies, mute
/// timings). Its `groups:` are not Prometheus rule groups; such files are
/// recognised (so they are not read as rule files) but not validated yet.
pub fn is_alerting(root: &Node) -> bool {
    if root.get("apiVersion").is_none() {
        return false;
    }
    const KEYS: &[&str] = &[
        "contactPoints",
        "policies",
        "muteTimes",
        "deleteRules",
        "deleteContactPoints",
        "resetPolicies",
        "deleteMuteTimes",
        "deleteTemplates",
    ];
    KEYS.iter().any(|k| root.get(k).is_some())
        || root
            .get("groups")
            .and_then(Node::as_sequence)
            .and_then(|g| g.first())
            .is_some_and(|g| g.get("folder").is_some())
}

const ROOT_KEYS: &[&str] = &[
    "apiVersion",
    "datasources",
    "deleteDatasources",
    "prune",
    "providers",
];

const DATASOURCE_KEYS: &[&str] = &[
    "name",
    "type",
    "access",
    "orgId",
    "uid",
    "url",
    "user",
    "database",
    "basicAuth",
    "basicAuthUser",
    "withCredentials",
    "isDefault",
    "jsonData",
    "secureJsonData",
    "version",
    "editable",
    "correlations",
];

const DELETE_KEYS: &[&str] = &["name", "orgId", "uid"];

const PROVIDER_KEYS: &[&str] = &[
    "name",
    "orgId",
    "folder",
    "folderUid",
    "type",
    "disableDeletion",
    "editable",
    "updateIntervalSeconds",
    "allowUiUpdates",
    "options",
];

const OPTION_KEYS: &[&str] = &["path", "foldersFromFilesStructure"];

#[derive(Clone, Copy)]
enum Ty {
    Str,
    Bool,
    Int,
    Map,
    List,
    Any,
}

fn key_type(key: &str) -> Ty {
    match key {
        "isDefault"
        | "basicAuth"
        | "withCredentials"
        | "editable"
        | "disableDeletion"
        | "allowUiUpdates"
        | "foldersFromFilesStructure"
        | "prune" => Ty::Bool,
        "orgId" | "version" | "updateIntervalSeconds" | "apiVersion" => Ty::Int,
        "jsonData" | "secureJsonData" | "options" => Ty::Map,
        "datasources" | "deleteDatasources" | "providers" | "correlations" => Ty::List,
        "name" | "type" | "access" | "uid" | "url" | "user" | "database" | "basicAuthUser"
        | "folder" | "folderUid" | "path" => Ty::Str,
        _ => Ty::Any,
    }
}

struct Reader {
    issues: Vec<Issue>,
}

impl Reader {
    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        self.issues.push(Issue {
            kind: IssueKind::Invalid,
            span,
            message,
            help,
        });
    }

    /// Checks the keys of a mapping: unknown ones, and the type of each
    /// known one. `deprecated` lists keys Grafana dropped, with the help.
    fn keys(
        &mut self,
        entries: &[Entry],
        known: &[&str],
        context: &str,
        deprecated: &[(&str, &str)],
    ) {
        for e in entries {
            let Some(key) = e.key.as_str() else { continue };
            if let Some((_, help)) = deprecated.iter().find(|(k, _)| *k == key) {
                self.issues.push(Issue {
                    kind: IssueKind::UnknownKey,
                    span: e.key.span,
                    message: format!("`{key}` in {context} is no longer read by Grafana"),
                    help: Some((*help).to_owned()),
                });
                continue;
            }
            if !known.contains(&key) {
                let help = match closest(key, known) {
                    Some(k) => format!("did you mean `{k}`? Grafana ignores unknown keys"),
                    None => format!(
                        "Grafana ignores it; the keys of {context} are: {}",
                        known.join(", ")
                    ),
                };
                self.issues.push(Issue {
                    kind: IssueKind::UnknownKey,
                    span: e.key.span,
                    message: format!("unknown key `{key}` in {context}"),
                    help: Some(help),
                });
                continue;
            }
            self.check_type(key, &e.value);
        }
    }

    fn check_type(&mut self, key: &str, v: &Node) {
        if v.is_null() {
            return;
        }
        let kind = v.kind_name();
        // Grafana reads scalars as text, expands `$VAR`, `${VAR}` and
        // `$__env{VAR}` in them, then converts the text (Go's ParseBool,
        // Atoi): quoting does not matter.
        let text = v.as_scalar().map(|s| s.value.as_str());
        let env = text.is_some_and(|s| s.contains('$'));
        let ok = match key_type(key) {
            Ty::Str => v.as_scalar().is_some(),
            Ty::Bool => {
                env || text.is_some_and(|s| {
                    matches!(
                        s,
                        "1" | "t"
                            | "T"
                            | "TRUE"
                            | "true"
                            | "True"
                            | "0"
                            | "f"
                            | "F"
                            | "FALSE"
                            | "false"
                            | "False"
                    )
                })
            }
            Ty::Int => env || text.is_some_and(|s| s.parse::<i64>().is_ok()),
            Ty::Map => v.as_mapping().is_some(),
            Ty::List => v.as_sequence().is_some(),
            Ty::Any => true,
        };
        if !ok {
            let want = match key_type(key) {
                Ty::Str => "a string",
                Ty::Bool => "true or false",
                Ty::Int => "an integer",
                Ty::Map => "a mapping",
                Ty::List => "a list",
                Ty::Any => "a value",
            };
            self.invalid(
                v.span,
                format!("`{key}` must be {want}, found a {kind}"),
                Some("Grafana fails to read the whole file when a value has the wrong type".into()),
            );
        }
    }
}

fn located(node: &Node, key: &str) -> Option<Located> {
    let v = node.get(key)?;
    if v.is_null() {
        return None;
    }
    Some(Located {
        value: v.as_str()?.to_owned(),
        span: v.span,
    })
}

/// True as Go's `strconv.ParseBool` reads it.
fn is_true(node: &Node) -> bool {
    matches!(
        node.as_str(),
        Some("1" | "t" | "T" | "TRUE" | "true" | "True")
    )
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

fn first_line_of(node: &Node, text: &str) -> Span {
    let body = text.get(node.span.range()).unwrap_or("");
    let len = body.find('\n').unwrap_or(body.len());
    Span::new(node.span.start, node.span.start + len)
}

/// Reads a provisioning document.
pub fn read(text: &str, root: &Node) -> Provisioning {
    let mut r = Reader { issues: Vec::new() };
    let mut out = Provisioning::default();
    if is_alerting(root) {
        return out;
    }
    let entries = root.as_mapping().unwrap_or(&[]);
    r.keys(entries, ROOT_KEYS, "a provisioning file", &[]);
    let mut defaults: Vec<(String, Span)> = Vec::new();
    for ds in root
        .get("datasources")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        let Some(fields) = ds.as_mapping() else {
            r.invalid(
                ds.span,
                format!("a datasource must be a mapping, found a {}", ds.kind_name()),
                None,
            );
            continue;
        };
        r.keys(
            fields,
            DATASOURCE_KEYS,
            "a datasource",
            &[
                ("password", "move it to `secureJsonData: {password: ...}`"),
                (
                    "basicAuthPassword",
                    "move it to `secureJsonData: {basicAuthPassword: ...}`",
                ),
            ],
        );
        let mut secure = Vec::new();
        for e in ds
            .get("secureJsonData")
            .and_then(Node::as_mapping)
            .unwrap_or(&[])
        {
            let Some(value) = e.value.as_str() else {
                continue;
            };
            if e.value.is_null() || value.is_empty() {
                continue;
            }
            let key = e.key.as_str().unwrap_or("");
            let header = key
                .strip_prefix("httpHeaderValue")
                .and_then(|n| {
                    ds.get("jsonData")?
                        .get(&format!("httpHeaderName{n}"))?
                        .as_str()
                })
                .map(str::to_owned);
            secure.push(SecureValue {
                key: key.to_owned(),
                value: value.to_owned(),
                span: e.value.span,
                header,
            });
        }
        let d = Datasource {
            span: ds.span,
            name: located(ds, "name"),
            uid: located(ds, "uid"),
            kind: located(ds, "type"),
            secure,
        };
        for (key, what) in [
            ("name", "a name"),
            ("type", "a `type` (the plugin id, such as `prometheus`)"),
        ] {
            if located(ds, key).is_none_or(|l| l.value.is_empty()) {
                r.invalid(
                    first_line_of(ds, text),
                    format!("the datasource has no `{key}`"),
                    Some(format!("every provisioned datasource needs {what}")),
                );
            }
        }
        if let Some(access) = ds.get("access").and_then(Node::as_str) {
            if !matches!(access, "proxy" | "direct" | "") && !access.starts_with('$') {
                r.invalid(
                    ds.get("access").map_or(ds.span, |n| n.span),
                    format!("`access: {access}` is not a datasource access mode"),
                    Some("use `proxy` (the server queries the datasource) or `direct` (the browser does)".into()),
                );
            }
        }
        if ds.get("isDefault").is_some_and(is_true) {
            let org = ds
                .get("orgId")
                .and_then(Node::as_str)
                .unwrap_or("1")
                .to_owned();
            if let Some((_, first)) = defaults.iter().find(|(o, _)| *o == org) {
                let first = *first;
                r.invalid(
                    ds.get("isDefault").map_or(ds.span, |n| n.span),
                    format!("a second default datasource for organisation {org}"),
                    Some(format!(
                        "Grafana refuses the file: only one datasource per organisation may have `isDefault: true` (the first is on line {})",
                        line_of(text, first.start)
                    )),
                );
            } else {
                defaults.push((org, ds.get("isDefault").map_or(ds.span, |n| n.span)));
            }
        }
        out.datasources.push(d);
    }
    for del in root
        .get("deleteDatasources")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        match del.as_mapping() {
            Some(fields) => r.keys(fields, DELETE_KEYS, "a `deleteDatasources` item", &[]),
            None => r.invalid(
                del.span,
                format!(
                    "a `deleteDatasources` item must be a mapping, found a {}",
                    del.kind_name()
                ),
                None,
            ),
        }
    }
    for p in root
        .get("providers")
        .and_then(Node::as_sequence)
        .unwrap_or(&[])
    {
        let Some(fields) = p.as_mapping() else {
            r.invalid(
                p.span,
                format!(
                    "a dashboard provider must be a mapping, found a {}",
                    p.kind_name()
                ),
                None,
            );
            continue;
        };
        r.keys(fields, PROVIDER_KEYS, "a dashboard provider", &[]);
        let options = p.get("options");
        if let Some(opts) = options.and_then(Node::as_mapping) {
            r.keys(opts, OPTION_KEYS, "a provider's `options`", &[]);
        }
        let kind = p.get("type").and_then(Node::as_str).unwrap_or("file");
        let path = options.and_then(|o| located(o, "path"));
        if kind == "file" && path.as_ref().is_none_or(|l| l.value.is_empty()) {
            r.invalid(
                first_line_of(p, text),
                "the file provider has no `options.path`".into(),
                Some("set `options: {path: /var/lib/grafana/dashboards}` to the folder holding the dashboard JSON files".into()),
            );
        }
        let from_files = options
            .and_then(|o| o.get("foldersFromFilesStructure"))
            .is_some_and(is_true);
        if from_files {
            for key in ["folder", "folderUid"] {
                if let Some(v) = p
                    .get(key)
                    .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                {
                    r.invalid(
                        v.span,
                        format!("`{key}` is set together with `foldersFromFilesStructure`"),
                        Some("Grafana refuses this: folders come from the file structure; remove `folder`/`folderUid` or the option".into()),
                    );
                }
            }
        }
        let name = located(p, "name");
        out.providers.push(Provider {
            span: p.span,
            name,
            path,
        });
    }
    out.issues = r.issues;
    out
}
