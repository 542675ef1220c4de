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
//! ```
//!
//! Reading never fails as a whole: problems come back as located errors
//! and the rest of the file still applies.

use crate::source::Span;
use crate::syntax::yaml::{self, Node};

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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Extra exposition files: paths or globs relative to the file's folder.
    pub metrics: Vec<String>,
    pub builtin_catalogs: BuiltinCatalogs,
    /// Checks switched on (`true`) or off, by code, in file order.
    pub checks: Vec<(String, bool)>,
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

const KEYS: &[&str] = &["metrics", "builtin_catalogs", "checks"];

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
            Some("keys: metrics, builtin_catalogs, checks".into()),
        );
        return out;
    };
    for e in entries {
        let key = e.key.as_str().unwrap_or("");
        match key {
            "metrics" => out.read_metrics(&e.value),
            "builtin_catalogs" => out.read_catalogs(&e.value, known_catalogs),
            "checks" => out.read_checks(&e.value, known_check),
            _ => {
                let help = match crate::suggest::closest(key, KEYS) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "keys: metrics, builtin_catalogs, checks".into(),
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
}
