//! The project: every file read, modelled together. What follows from
//! all files at once lives here: the merged settings, the metric catalog,
//! the analysis of every query against it, and the notification templates
//! Alertmanager configurations name. Checks read the project.

pub mod analysis;
mod notification_templates;
mod rule_files;
pub mod visit;

use crate::model::{model_file, model_file_as, Candidate, FileModel};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(Debug, Default)]
pub struct Project {
    pub files: Vec<FileModel>,
    /// Files that could not be read (or are not UTF-8 text).
    pub unreadable: Vec<ReadError>,
    /// The settings of every `.promlint.yml` checked, taken together.
    pub config: Box<crate::config::promlint::Config>,
    /// Every metric family defined in or for the project.
    pub catalog: Box<crate::catalog::Catalog>,
    /// What is known of every query's labels, computed once.
    pub analysis: analysis::Analysis,
}

/// How to read the candidates.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Files to read as expositions whatever their name (`--metrics`,
    /// `metrics:` in `.promlint.yml`).
    pub metrics_paths: std::collections::HashSet<PathBuf>,
}

/// A file that could not be read.
#[derive(Debug)]
pub struct ReadError {
    pub path: PathBuf,
    pub message: String,
}

impl Project {
    /// Reads and models every candidate, in parallel.
    pub fn build(candidates: &[Candidate]) -> Project {
        Project::build_with(candidates, &BuildOptions::default())
    }

    /// Reads and models every candidate, in parallel, as `options` say.
    pub fn build_with(candidates: &[Candidate], options: &BuildOptions) -> Project {
        let results: Vec<Result<FileModel, ReadError>> = candidates
            .par_iter()
            .map(|c| {
                let bytes = std::fs::read(&c.path).map_err(|e| ReadError {
                    path: c.path.clone(),
                    message: e.to_string(),
                })?;
                let text = String::from_utf8(bytes).map_err(|e| ReadError {
                    path: c.path.clone(),
                    message: format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                })?;
                Ok(model_file_as(
                    SourceFile::new(c.path.clone(), text),
                    c.explicit,
                    options.metrics_paths.contains(&c.path),
                ))
            })
            .collect();
        let mut project = Project::default();
        for r in results {
            match r {
                Ok(f) => project.files.push(f),
                Err(e) => project.unreadable.push(e),
            }
        }
        rule_files::attach(&mut project);
        notification_templates::attach(&mut project);
        project.finish();
        project
    }

    /// What follows from all files together: settings, the metric
    /// catalog, and the analysis of every query against it.
    fn finish(&mut self) {
        for f in &self.files {
            if let Some(c) = &f.config {
                self.config.merge(&c.config);
            }
        }
        *self.catalog = crate::catalog::Catalog::build(&self.files, &self.config.builtin_catalogs);
        self.analysis = analysis::Analysis::build(self);
    }

    /// Models in-memory texts (for tests and editors).
    pub fn from_sources(sources: Vec<SourceFile>) -> Project {
        let mut project = Project {
            files: sources.into_iter().map(|s| model_file(s, true)).collect(),
            ..Project::default()
        };
        notification_templates::attach(&mut project);
        project.finish();
        project
    }

    pub fn files_checked(&self) -> usize {
        self.files.iter().filter(|f| f.is_checked()).count() + self.unreadable.len()
    }
}
