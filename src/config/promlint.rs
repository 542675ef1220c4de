//! `.promlint.yml`: promlint's own settings, kept at the root of a
//! checked folder.
//!
//! ```yaml
//! # Exposition files to read as metric definitions, besides `*.prom` and
//! # `*.metrics`: paths or globs relative to this file's folder.
//! metrics:
//!   - docs/scrape-*.txt
//! # The built-in exporter catalogs: true (default), false, or a list of ids.
//! builtin_catalogs: [node_exporter, cadvisor]
//! # Checks switched on or off by code (opinionated checks are off by default).
//! checks:
//!   metrics/counter-arithmetic: off
//! # Files to check (default: all) and files to leave out, among those
//! # found in folders: globs relative to this file's folder. A pattern
//! # without `/` matches a file or folder name at any depth.
//! include: ["rules/**", "*.promql"]
//! exclude: ["vendor/**"]
//! # Checks (codes or areas) ignored in some files, such as JSON
//! # dashboards, which cannot hold suppression comments.
//! per_file_ignores:
//!   "dashboards/legacy/*.json": [grafana/deprecated-panel]
//! # Severity overrides, by code or area (a code wins over its area).
//! severity:
//!   metrics: warning
//!   promql/experimental: error
//! ```
//!
//! The settings that apply to a checked path are those of the nearest
//! `.promlint.yml` in its folder or a folder above (or the file named
//! with `--config`).
//!
//! Reading never fails as a whole: problems come back as located errors
//! and the rest of the file still applies.

use crate::diagnostic::Severity;
use crate::source::Span;
use crate::syntax::yaml::{self, Node};
use std::path::{Path, PathBuf};

/// The names a settings file may have.
pub const FILE_NAMES: &[&str] = &[".promlint.yml", ".promlint.yaml"];

/// Whether `path` names a settings file.
pub fn is_config_path(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// Which built-in exporter catalogs feed the metric catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum BuiltinCatalogs {
    #[default]
    All,
    None,
    /// Only these catalog ids.
    Only(Vec<String>),
}

impl BuiltinCatalogs {
    pub fn includes(&self, id: &str) -> bool {
        match self {
            BuiltinCatalogs::All => true,
            BuiltinCatalogs::None => false,
            BuiltinCatalogs::Only(ids) => ids.iter().any(|i| i == id),
        }
    }
}

/// A glob relative to the folder of the settings file that holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathGlob {
    /// The settings file's folder (empty until `set_base`).
    pub base: PathBuf,
    pub pattern: String,
}

impl PathGlob {
    /// Whether `path` (as given or discovered) is under the base folder
    /// and matches the pattern there; a pattern without `/` matches the
    /// file's name or a folder's name on the way to it (as in
    /// `.gitignore`).
    pub fn matches(&self, path: &Path) -> bool {
        let (Some(path), Some(base)) = (absolute(path), absolute(&self.base)) else {
            return false;
        };
        let Ok(rel) = path.strip_prefix(&base) else {
            return false;
        };
        let pattern = self.pattern.trim_start_matches("./");
        let Ok(glob) = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
        else {
            return false;
        };
        let m = glob.compile_matcher();
        if !pattern.contains('/') {
            return rel.iter().any(|part| m.is_match(part));
        }
        // `dir/**` and `dir` both cover the files below `dir`.
        m.is_match(rel)
            || rel
                .ancestors()
                .skip(1)
                .any(|a| !a.as_os_str().is_empty() && m.is_match(a))
    }
}

/// A path made absolute and normalised, without touching the file system.
fn absolute(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path)
        .ok()
        .map(|p| crate::source::normalize_path(&p))
}

/// Checks ignored in the files a glob matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathIgnore {
    pub glob: PathGlob,
    /// Codes or areas.
    pub codes: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Extra exposition files: paths or globs relative to the file's folder.
    pub metrics: Vec<String>,
    pub builtin_catalogs: BuiltinCatalogs,
    /// Checks switched on (`true`) or off, by code, in file order.
    pub checks: Vec<(String, bool)>,
    /// Files to check among those found in folders (all when empty).
    pub include: Vec<PathGlob>,
    /// Files to leave out among those found in folders.
    pub exclude: Vec<PathGlob>,
    /// Checks ignored in some files.
    pub per_file_ignores: Vec<PathIgnore>,
    /// Severities by code or area, in file order.
    pub severity: Vec<(String, Severity)>,
}

/// Whether `code` is `pattern` or in the area `pattern` names.
pub fn code_matches(pattern: &str, code: &str) -> bool {
    code == pattern
        || code
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Config {
    /// Whether the settings switch `code` on or off, if they say.
    pub fn check_setting(&self, code: &str) -> Option<bool> {
        self.checks
            .iter()
            .rev()
            .find(|(c, _)| c == code)
            .map(|(_, on)| *on)
    }

    /// Settings of several roots taken together; later ones win.
    pub fn merge(&mut self, other: &Config) {
        self.metrics.extend(other.metrics.iter().cloned());
        if other.builtin_catalogs != BuiltinCatalogs::All {
            self.builtin_catalogs = other.builtin_catalogs.clone();
        }
        self.checks.extend(other.checks.iter().cloned());
        self.include.extend(other.include.iter().cloned());
        self.exclude.extend(other.exclude.iter().cloned());
        self.per_file_ignores
            .extend(other.per_file_ignores.iter().cloned());
        self.severity.extend(other.severity.iter().cloned());
    }

    /// Makes the globs relative to `folder`, the settings file's folder.
    pub fn set_base(&mut self, folder: &Path) {
        let globs = self
            .include
            .iter_mut()
            .chain(self.exclude.iter_mut())
            .chain(self.per_file_ignores.iter_mut().map(|p| &mut p.glob));
        for g in globs {
            g.base = folder.to_path_buf();
        }
    }

    /// Whether `per_file_ignores` ignores `code` in `file`.
    pub fn ignores(&self, file: &Path, code: &str) -> bool {
        self.per_file_ignores
            .iter()
            .any(|p| p.codes.iter().any(|c| code_matches(c, code)) && p.glob.matches(file))
    }

    /// Whether a file found in a folder is left out by `include` or
    /// `exclude`. Globs of settings files whose folder is not above the
    /// file do not apply to it.
    pub fn leaves_out(&self, file: &Path) -> bool {
        if self.exclude.iter().any(|g| g.matches(file)) {
            return true;
        }
        let applicable: Vec<&PathGlob> = self
            .include
            .iter()
            .filter(|g| match (absolute(file), absolute(&g.base)) {
                (Some(f), Some(b)) => f.starts_with(b),
                _ => false,
            })
            .collect();
        !applicable.is_empty() && !applicable.iter().any(|g| g.matches(file))
    }

    /// The severity the settings give `code`: a setting for the code wins
    /// over one for its area; later settings win.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        let exact = self.severity.iter().rev().find(|(c, _)| c == code);
        exact
            .or_else(|| {
                self.severity
                    .iter()
                    .rev()
                    .find(|(c, _)| code_matches(c, code))
            })
            .map(|(_, s)| *s)
    }
}

/// A located problem in a settings file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// A settings file read: what applies, and what is wrong.
#[derive(Clone, Debug, Default)]
pub struct LoadedConfig {
    pub config: Config,
    pub errors: Vec<ConfigError>,
}

const KEYS: &[&str] = &[
    "metrics",
    "builtin_catalogs",
    "checks",
    "include",
    "exclude",
    "per_file_ignores",
    "severity",
];
const KEYS_HELP: &str =
    "keys: metrics, builtin_catalogs, checks, include, exclude, per_file_ignores, severity";

/// Reads a settings file. `known_check` and `known_catalog` validate codes
/// and catalog ids.
pub fn parse(
    text: &str,
    known_check: &dyn Fn(&str) -> bool,
    known_catalogs: &[&str],
) -> LoadedConfig {
    let loaded = yaml::load_yaml(text);
    let mut out = LoadedConfig::default();
    for e in &loaded.errors {
        out.errors.push(ConfigError {
            span: e.span,
            message: e.message.clone(),
            help: None,
        });
    }
    let Some(root) = loaded.documents.first().map(|d| &d.root) else {
        return out;
    };
    if root.is_null() {
        return out;
    }
    let Some(entries) = root.as_mapping() else {
        out.error(
            root.span,
            format!("settings must be a mapping, not {}", root.kind_name()),
            Some(KEYS_HELP.into()),
        );
        return out;
    };
    for e in entries {
        let key = e.key.as_str().unwrap_or("");
        match key {
            "metrics" => out.read_metrics(&e.value),
            "builtin_catalogs" => out.read_catalogs(&e.value, known_catalogs),
            "checks" => out.read_checks(&e.value, known_check),
            "include" => out.config.include = out.read_globs("include", &e.value),
            "exclude" => out.config.exclude = out.read_globs("exclude", &e.value),
            "per_file_ignores" => out.read_per_file_ignores(&e.value, known_check),
            "severity" => out.read_severity(&e.value, known_check),
            _ => {
                let help = match crate::suggest::closest(key, KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => KEYS_HELP.into(),
                };
                out.error(e.key.span, format!("unknown setting `{key}`"), Some(help));
            }
        }
    }
    out
}

impl LoadedConfig {
    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        self.errors.push(ConfigError {
            span,
            message,
            help,
        });
    }

    fn read_metrics(&mut self, node: &Node) {
        if node.is_null() {
            return;
        }
        let Some(items) = node.as_sequence() else {
            self.error(
                node.span,
                format!(
                    "`metrics` must be a list of paths, not {}",
                    node.kind_name()
                ),
                Some("metrics:\n  - metrics/app.prom".into()),
            );
            return;
        };
        for item in items {
            match item.as_str() {
                Some(s) if !s.trim().is_empty() => self.config.metrics.push(s.to_string()),
                _ => self.error(
                    item.span,
                    "each `metrics` entry must be a path or glob".into(),
                    None,
                ),
            }
        }
    }

    fn read_catalogs(&mut self, node: &Node, known: &[&str]) {
        if let Some(s) = node.as_str() {
            match parse_switch(s) {
                Some(true) => self.config.builtin_catalogs = BuiltinCatalogs::All,
                Some(false) => self.config.builtin_catalogs = BuiltinCatalogs::None,
                None => self.error(
                    node.span,
                    format!("`builtin_catalogs` must be true, false or a list, not `{s}`"),
                    None,
                ),
            }
            return;
        }
        let Some(items) = node.as_sequence() else {
            self.error(
                node.span,
                format!(
                    "`builtin_catalogs` must be true, false or a list, not {}",
                    node.kind_name()
                ),
                None,
            );
            return;
        };
        let mut ids = Vec::new();
        for item in items {
            let id = item.as_str().unwrap_or("");
            if known.contains(&id) {
                ids.push(id.to_string());
            } else {
                let help = match crate::suggest::closest(id, known) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!("built-in catalogs: {}", known.join(", ")),
                };
                self.error(item.span, format!("no built-in catalog `{id}`"), Some(help));
            }
        }
        self.config.builtin_catalogs = BuiltinCatalogs::Only(ids);
    }

    fn read_checks(&mut self, node: &Node, known: &dyn Fn(&str) -> bool) {
        if node.is_null() {
            return;
        }
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!(
                    "`checks` must map check codes to on/off, not {}",
                    node.kind_name()
                ),
                Some("checks:\n  metrics/counter-arithmetic: off".into()),
            );
            return;
        };
        for e in entries {
            let code = e.key.as_str().unwrap_or("");
            if !known(code) {
                self.error(
                    e.key.span,
                    format!("no check is called `{code}`"),
                    Some("`promlint explain --list` lists the checks".into()),
                );
                continue;
            }
            match e.value.as_str().and_then(parse_switch) {
                Some(on) => self.config.checks.push((code.to_string(), on)),
                None => self.error(e.value.span, format!("`{code}` must be on or off"), None),
            }
        }
    }
}

/// Whether `s` is a check code or the area of one.
fn known_code_or_area(s: &str, known_check: &dyn Fn(&str) -> bool) -> bool {
    known_check(s)
        || (!s.contains('/')
            && !s.is_empty()
            && crate::checks::all_rules().any(|r| code_matches(s, r.code)))
}

impl LoadedConfig {
    fn read_globs(&mut self, key: &str, node: &Node) -> Vec<PathGlob> {
        let mut out = Vec::new();
        if node.is_null() {
            return out;
        }
        let Some(items) = node.as_sequence() else {
            self.error(
                node.span,
                format!("`{key}` must be a list of globs, not {}", node.kind_name()),
                Some(format!("{key}:\n  - \"rules/**\"")),
            );
            return out;
        };
        for item in items {
            match item.as_str().filter(|s| !s.trim().is_empty()) {
                Some(s) if globset::Glob::new(s).is_ok() => out.push(PathGlob {
                    base: PathBuf::new(),
                    pattern: s.to_string(),
                }),
                Some(s) => {
                    let why = globset::Glob::new(s)
                        .err()
                        .map(|e| e.kind().to_string())
                        .unwrap_or_default();
                    self.error(item.span, format!("invalid glob `{s}`: {why}"), None)
                }
                None => self.error(
                    item.span,
                    format!("each `{key}` entry must be a glob"),
                    None,
                ),
            }
        }
        out
    }

    fn read_code_list(&mut self, node: &Node, known: &dyn Fn(&str) -> bool) -> Vec<String> {
        let items: Vec<&Node> = match (node.as_sequence(), node.as_str()) {
            (Some(items), _) => items.iter().collect(),
            (None, Some(_)) => vec![node],
            _ => {
                self.error(
                    node.span,
                    format!(
                        "must be a list of check codes or areas, not {}",
                        node.kind_name()
                    ),
                    None,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            let code = item.as_str().unwrap_or("");
            if known_code_or_area(code, known) {
                out.push(code.to_string());
            } else {
                self.error(
                    item.span,
                    format!("no check or area is called `{code}`"),
                    Some("`promlint explain --list` lists the checks".into()),
                );
            }
        }
        out
    }

    fn read_per_file_ignores(&mut self, node: &Node, known: &dyn Fn(&str) -> bool) {
        if node.is_null() {
            return;
        }
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!(
                    "`per_file_ignores` must map globs to check codes, not {}",
                    node.kind_name()
                ),
                Some(
                    "per_file_ignores:\n  \"dashboards/legacy/*.json\": [grafana/deprecated-panel]"
                        .into(),
                ),
            );
            return;
        };
        for e in entries {
            let pattern = e.key.as_str().unwrap_or("");
            if let Err(err) = globset::Glob::new(pattern) {
                self.error(
                    e.key.span,
                    format!("invalid glob `{pattern}`: {}", err.kind()),
                    None,
                );
                continue;
            }
            let codes = self.read_code_list(&e.value, known);
            self.config.per_file_ignores.push(PathIgnore {
                glob: PathGlob {
                    base: PathBuf::new(),
                    pattern: pattern.to_string(),
                },
                codes,
            });
        }
    }

    fn read_severity(&mut self, node: &Node, known: &dyn Fn(&str) -> bool) {
        if node.is_null() {
            return;
        }
        let Some(entries) = node.as_mapping() else {
            self.error(
                node.span,
                format!(
                    "`severity` must map check codes or areas to error, warning or info, not {}",
                    node.kind_name()
                ),
                Some("severity:\n  metrics/unknown-metric: warning".into()),
            );
            return;
        };
        for e in entries {
            let code = e.key.as_str().unwrap_or("");
            if !known_code_or_area(code, known) {
                self.error(
                    e.key.span,
                    format!("no check or area is called `{code}`"),
                    Some("`promlint explain --list` lists the checks".into()),
                );
                continue;
            }
            let severity = match e.value.as_str() {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                Some("info") => Severity::Info,
                _ => {
                    self.error(
                        e.value.span,
                        format!("`{code}` must be error, warning or info"),
                        None,
                    );
                    continue;
                }
            };
            self.config.severity.push((code.to_string(), severity));
        }
    }
}

fn parse_switch(s: &str) -> Option<bool> {
    match s {
        "true" | "on" | "yes" | "True" | "TRUE" | "On" | "ON" => Some(true),
        "false" | "off" | "no" | "False" | "FALSE" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> LoadedConfig {
        parse(
            text,
            &|c| c == "metrics/unknown-metric",
            &["node_exporter", "cadvisor"],
        )
    }

    #[test]
    fn reads_every_setting() {
        let l = read(
            "metrics: [a.txt, 'm/*.prom']\nbuiltin_catalogs: [cadvisor]\nchecks:\n  metrics/unknown-metric: off\n",
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        assert_eq!(l.config.metrics, vec!["a.txt", "m/*.prom"]);
        assert!(l.config.builtin_catalogs.includes("cadvisor"));
        assert!(!l.config.builtin_catalogs.includes("node_exporter"));
        assert_eq!(
            l.config.check_setting("metrics/unknown-metric"),
            Some(false)
        );
    }

    #[test]
    fn locates_errors() {
        let text = "metric: []\nbuiltin_catalogs: [nodeexporter]\nchecks:\n  nope/x: on\n";
        let l = read(text);
        let at: Vec<&str> = l.errors.iter().map(|e| &text[e.span.range()]).collect();
        assert_eq!(at, vec!["metric", "nodeexporter", "nope/x"]);
        assert_eq!(l.errors[0].help.as_deref(), Some("did you mean `metrics`?"));
        assert_eq!(
            l.errors[1].help.as_deref(),
            Some("did you mean `node_exporter`?")
        );
        let l = read("builtin_catalogs: maybe\n");
        assert_eq!(l.errors.len(), 1);
        let l = read("builtin_catalogs: false\n");
        assert_eq!(l.config.builtin_catalogs, BuiltinCatalogs::None);
    }

    #[test]
    fn reads_the_gate_settings() {
        let mut l = parse(
            "include: [\"rules/**\"]\nexclude: [vendor]\nper_file_ignores:\n  \"dash/*.json\": [grafana, promql/syntax]\nseverity:\n  promql: warning\n  promql/syntax: error\n",
            &|c| crate::checks::find_rule(c).is_some(),
            &[],
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        l.config.set_base(Path::new("repo"));
        let c = &l.config;
        assert!(c.ignores(Path::new("repo/dash/a.json"), "grafana/missing-uid"));
        assert!(c.ignores(Path::new("repo/./dash/a.json"), "promql/syntax"));
        assert!(!c.ignores(Path::new("repo/dash/a.json"), "promql/type"));
        assert!(!c.ignores(Path::new("repo/dash/sub/a.json"), "grafana/missing-uid"));
        assert!(!c.ignores(Path::new("other/dash/a.json"), "grafana/missing-uid"));
        assert!(c.leaves_out(Path::new("repo/rules/vendor/x.yml")));
        assert!(c.leaves_out(Path::new("repo/alerts/x.yml")), "not included");
        assert!(!c.leaves_out(Path::new("repo/rules/a/x.yml")));
        assert!(
            !c.leaves_out(Path::new("elsewhere/x.yml")),
            "other settings' folder"
        );
        assert_eq!(c.severity_of("promql/type"), Some(Severity::Warning));
        assert_eq!(c.severity_of("promql/syntax"), Some(Severity::Error));
        assert_eq!(c.severity_of("rules/unknown-field"), None);
    }

    #[test]
    fn refuses_wrong_gate_settings() {
        let text = "per_file_ignores:\n  \"a[\": [promql]\n  \"*.json\": [promq]\nseverity:\n  promql: fatal\n  nope: error\ninclude: rules\n";
        let l = parse(text, &|c| crate::checks::find_rule(c).is_some(), &[]);
        let at: Vec<&str> = l.errors.iter().map(|e| &text[e.span.range()]).collect();
        assert_eq!(at, vec!["\"a[\"", "promq", "fatal", "nope", "rules"]);
    }
}
