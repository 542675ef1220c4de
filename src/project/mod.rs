//! The project: every file read, modelled together. What follows from
//! all files at once lives here: the merged settings, the metric catalog,
//! the analysis of every query against it, and the notification templates
//! Alertmanager configurations name. Checks read the project.

pub mod analysis;
mod cache;
mod notification_templates;
mod reuse;
mod rule_files;
pub mod scope;
pub mod visit;

pub use cache::{ModelCache, Overlay};

use crate::model::{model_file, model_file_as, Candidate, FileModel};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// The parts are shared (`Arc`) so that a project built again after an
/// edit (`build_cached`) holds the same models, settings and catalog as
/// the last one wherever they did not change, and can tell which did.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub files: Vec<Arc<FileModel>>,
    /// Files that could not be read (or are not UTF-8 text).
    pub unreadable: Vec<ReadError>,
    /// The settings of every `.promlint.yml` checked, taken together.
    pub config: Arc<crate::config::promlint::Config>,
    /// Every metric family defined in or for the project.
    pub catalog: Arc<crate::catalog::Catalog>,
    /// What is known of every query's labels, computed once.
    pub analysis: analysis::Analysis,
    /// Which `prometheus.yml` speaks for each file.
    pub scopes: Arc<scope::Scopes>,
    /// The files the query checks look at (`visit::queries`), by index;
    /// all when `None`. An editor's re-check sets it to the changed files
    /// (see `checks::incremental`).
    pub focus: Option<Arc<Vec<bool>>>,
}

/// How to read the candidates.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Files to read as expositions whatever their name (`--metrics`,
    /// `metrics:` in `.promlint.yml`).
    pub metrics_paths: std::collections::HashSet<PathBuf>,
    /// Files read from elsewhere than the disk (standard input): path and
    /// text.
    pub texts: Vec<(PathBuf, String)>,
}

/// A file that could not be read.
#[derive(Clone, Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

/// A file's model followed by the models of the documents embedded in it.
fn with_embedded(mut model: FileModel) -> Vec<Arc<FileModel>> {
    let embedded = crate::model::embedded::expand(&mut model);
    let mut out = Vec::with_capacity(1 + embedded.len());
    out.push(Arc::new(model));
    out.extend(embedded.into_iter().map(Arc::new));
    out
}

/// Reads a candidate's text: UTF-8, or an error saying why not.
fn read_text(path: &std::path::Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| ReadError {
        path: path.to_path_buf(),
        message: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Models a candidate's text (and the documents embedded in it).
fn model_candidate(c: &Candidate, text: String, options: &BuildOptions) -> Vec<Arc<FileModel>> {
    with_embedded(model_file_as(
        SourceFile::new(c.path.clone(), text),
        c.explicit,
        options.metrics_paths.contains(&c.path),
    ))
}

impl Project {
    /// Reads and models every candidate, in parallel.
    pub fn build(candidates: &[Candidate]) -> Project {
        Project::build_with(candidates, &BuildOptions::default())
    }

    /// Reads and models every candidate, in parallel, as `options` say.
    pub fn build_with(candidates: &[Candidate], options: &BuildOptions) -> Project {
        // Texts given as such (standard input) come first, as files named
        // on the command line.
        let mut results: Vec<Result<Vec<Arc<FileModel>>, ReadError>> = options
            .texts
            .iter()
            .map(|(path, text)| {
                Ok(with_embedded(model_file(
                    SourceFile::new(path.clone(), text.clone()),
                    true,
                )))
            })
            .collect();
        results.par_extend(candidates.par_iter().map(|c| {
            let text = read_text(&c.path)?;
            Ok(model_candidate(c, text, options))
        }));
        Project::assemble(results, None)
    }

    /// The project of models already read: rule files and notification
    /// templates join, then what follows from all files together.
    fn assemble(
        results: Vec<Result<Vec<Arc<FileModel>>, ReadError>>,
        previous: Option<&Project>,
    ) -> Project {
        let mut project = Project::default();
        for r in results {
            match r {
                Ok(f) => project.files.extend(f),
                Err(e) => project.unreadable.push(e),
            }
        }
        rule_files::attach(&mut project);
        notification_templates::attach(&mut project);
        project.finish(previous);
        project
    }

    /// What follows from all files together: settings, the metric
    /// catalog, and the analysis of every query against it. What
    /// `previous` (the project before an edit) derived from the same
    /// inputs is taken over (see `reuse`).
    fn finish(&mut self, previous: Option<&Project>) {
        self.resolve_grafana_datasources();
        let mut config = crate::config::promlint::Config::default();
        for f in &self.files {
            if let Some(c) = &f.config {
                config.merge(&c.config);
            }
        }
        self.config = match previous {
            Some(p) if *p.config == config => p.config.clone(),
            _ => Arc::new(config),
        };
        let same_catalog = previous.filter(|p| reuse::same_catalog(p, self));
        self.catalog = match same_catalog {
            Some(p) => p.catalog.clone(),
            None => Arc::new(crate::catalog::Catalog::build(
                &self.files,
                &self.config.builtin_catalogs,
            )),
        };
        let scopes = scope::Scopes::build(&self.files);
        self.scopes = match previous {
            Some(p) if *p.scopes == scopes => p.scopes.clone(),
            _ => Arc::new(scopes),
        };
        self.analysis = match same_catalog {
            // The same files in the same order: an unchanged file keeps
            // its analysis.
            Some(p) => analysis::Analysis::build_reusing(self, &|i| {
                let same = Arc::ptr_eq(p.files.get(i)?, self.files.get(i)?);
                same.then(|| p.analysis.file(i).cloned()).flatten()
            }),
            None => analysis::Analysis::build(self),
        };
    }

    /// Dashboard queries sent to a datasource that a provisioning file
    /// of the project gives another type (Loki, ...) leave the model.
    fn resolve_grafana_datasources(&mut self) {
        let provisioned: Vec<_> = self
            .files
            .iter()
            .flat_map(|f| &f.grafana_provisioning)
            .flat_map(|p| p.datasources.iter().cloned())
            .collect();
        if provisioned.is_empty() {
            return;
        }
        use crate::grafana::datasources::{drop_other_languages, keeps};
        for f in &mut self.files {
            // A shared model is copied only when a query leaves it.
            let drops = f
                .dashboards
                .iter()
                .any(|d| d.queries.iter().any(|q| !keeps(q, &provisioned)));
            if drops {
                for d in &mut Arc::make_mut(f).dashboards {
                    drop_other_languages(d, &provisioned);
                }
            }
        }
    }

    /// Whether the scraped series a query in file `file` reads may carry
    /// label `name`; `None` when that cannot be known (see [`scope`]).
    pub fn is_target_label(&self, file: usize, name: &str) -> Option<bool> {
        self.scopes.of(file).is_target_label(name)
    }

    /// Whether series with labels `set`, read by a query in file `file`,
    /// may carry `name` although it is not in `set.names`: an extra target
    /// label of scraped series.
    pub fn may_carry_target_label(
        &self,
        file: usize,
        set: &crate::catalog::infer::LabelSet,
        name: &str,
    ) -> bool {
        set.may_carry_extra(name)
            && !crate::catalog::index::TARGET_LABELS.contains(&name)
            && self.is_target_label(file, name) != Some(false)
    }

    /// Models in-memory texts (for tests and editors).
    pub fn from_sources(sources: Vec<SourceFile>) -> Project {
        let mut project = Project {
            files: sources
                .into_iter()
                .flat_map(|s| with_embedded(model_file(s, true)))
                .collect(),
            ..Project::default()
        };
        notification_templates::attach(&mut project);
        project.finish(None);
        project
    }

    /// Whether the query checks look at file `file` (see `focus`).
    pub fn in_focus(&self, file: usize) -> bool {
        self.focus
            .as_ref()
            .is_none_or(|f| f.get(file).copied().unwrap_or(false))
    }

    pub fn files_checked(&self) -> usize {
        self.files.iter().filter(|f| f.is_checked()).count() + self.unreadable.len()
    }
}
