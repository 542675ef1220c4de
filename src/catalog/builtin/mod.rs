//! Built-in catalogs of the metrics of widely deployed exporters, shipped
//! as data files in `catalogs/` (format in `catalogs/README.md`) and
//! embedded in the binary.

pub mod format;

use std::sync::OnceLock;

use super::Declaration;

/// The metric families one exporter (or Prometheus itself) exposes.
#[derive(Clone, Debug)]
pub struct BuiltinCatalog {
    /// Short identifier, e.g. `node_exporter`.
    pub id: &'static str,
    /// Human title, e.g. `Prometheus node_exporter`.
    pub title: &'static str,
    /// Data file name, for locations such as `node_exporter.catalog:12`.
    pub source_name: &'static str,
    pub declarations: Vec<Declaration>,
}

/// An embedded data file: id, file name, text.
pub struct EmbeddedFile {
    pub id: &'static str,
    pub source_name: &'static str,
    pub text: &'static str,
}

macro_rules! embedded {
    ($($id:literal),* $(,)?) => {
        &[$(EmbeddedFile {
            id: $id,
            source_name: concat!($id, ".catalog"),
            text: include_str!(concat!("../../../catalogs/", $id, ".catalog")),
        }),*]
    };
}

/// Every data file, in a stable order.
pub const EMBEDDED: &[EmbeddedFile] = embedded![
    "prometheus_series",
    "node_exporter",
    "cadvisor",
    "kube_state_metrics",
    "kubernetes_components",
    "postgres_exporter",
    "redis_exporter",
    "mysqld_exporter",
    "blackbox_exporter",
    "prometheus",
    "alertmanager",
    "go_collector",
    "process_collector",
    "client_runtimes",
];

/// Every built-in catalog, parsed once from the embedded data files, cached.
///
/// A malformed line is skipped here (the tests guarantee there is none);
/// users never see an error about data they did not write.
pub fn builtin_catalogs() -> &'static [BuiltinCatalog] {
    static CATALOGS: OnceLock<Vec<BuiltinCatalog>> = OnceLock::new();
    CATALOGS.get_or_init(|| EMBEDDED.iter().map(parse_embedded).collect())
}

fn parse_embedded(file: &EmbeddedFile) -> BuiltinCatalog {
    let (parsed, _errors) = format::parse(file.text);
    // The title is a slice of the static text, so the catalog can hand out
    // `&'static str` without leaking.
    let title = file
        .text
        .lines()
        .find_map(|l| l.trim().strip_prefix("@title"))
        .map(str::trim)
        .unwrap_or(file.id);
    BuiltinCatalog {
        id: file.id,
        title,
        source_name: file.source_name,
        declarations: parsed.declarations,
    }
}
