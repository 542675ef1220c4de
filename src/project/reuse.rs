//! What a project rebuilt after an edit can take over from the project
//! before it: models are shared (`Arc`), so an unchanged file is the same
//! pointer in both, and only the changed files need comparing.

use super::Project;
use crate::model::FileModel;
use std::sync::Arc;

/// Whether `new` has the same metric catalog as `old`: the same files in
/// the same order, the same built-in catalogs switched on, and every
/// changed file one that gives the catalog nothing but its recording
/// rules, with the same records, expressions and label names (so a
/// keystroke in an alert leaves the catalog alone). Catalog origins name
/// records by index, not span, so they stay true.
pub(super) fn same_catalog(old: &Project, new: &Project) -> bool {
    old.files.len() == new.files.len()
        && old.config.builtin_catalogs == new.config.builtin_catalogs
        && old.files.iter().zip(&new.files).all(|(a, b)| {
            Arc::ptr_eq(a, b)
                || (a.source.path == b.source.path
                    && only_records(a)
                    && only_records(b)
                    && records(a).eq(records(b)))
        })
}

/// Whether the file adds to the catalog at most recording rules.
fn only_records(f: &FileModel) -> bool {
    f.exporter.is_none()
        && f.exposition.is_none()
        && f.scanned.is_none()
        && f.test_series.is_empty()
        && f.prometheus.is_none()
        && f.unit_test_rule_files.is_empty()
}

/// What the catalog reads of a file's recording rules.
fn records(f: &FileModel) -> impl Iterator<Item = (&str, Option<&str>, Vec<&str>)> {
    f.groups.iter().flat_map(|g| &g.rules).filter_map(|r| {
        let record = r.record.as_ref()?;
        Some((
            record.value.as_str(),
            r.expr.as_ref().map(|q| q.text.as_str()),
            r.labels.iter().map(|kv| kv.key.value.as_str()).collect(),
        ))
    })
}
