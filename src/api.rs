//! The library's entry point: what the binary, the tests and editors call
//! to check files. One options value says what to check and how; `check`
//! finds the files, builds the project and runs the checks.

use crate::checks;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, DiscoverError};
use crate::model::Candidate;
use crate::project::{BuildOptions, Project};
use std::path::PathBuf;

/// What to check, and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Files and folders to check (folders recursively, honouring
    /// `.gitignore`).
    pub paths: Vec<PathBuf>,
    /// Exposition files whose metrics queries may use, whatever their
    /// names (`--metrics`).
    pub metrics: Vec<PathBuf>,
    /// Opt-in checks to run, by code (`--enable`).
    pub enable: Vec<String>,
}

/// The outcome of checking: the project as read, and its diagnostics
/// (unsorted; rendering sorts them).
pub struct Outcome {
    pub project: Project,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds the files under `options.paths` (and the exposition files
/// `options.metrics` names), then checks them.
pub fn check(options: &Options) -> Result<Outcome, DiscoverError> {
    let (candidates, build) = candidates(options)?;
    Ok(check_files(&candidates, &build, options))
}

/// The files `check` would read for `options`, and how to read them.
pub fn candidates(options: &Options) -> Result<(Vec<Candidate>, BuildOptions), DiscoverError> {
    let mut candidates = discover::discover(&options.paths)?;
    let metrics_paths = discover::metrics_paths(&options.paths, &options.metrics)?;
    candidates.extend(metrics_paths.iter().map(|p| Candidate {
        path: p.clone(),
        explicit: true,
    }));
    candidates.sort_by(|a, b| a.path.cmp(&b.path).then(b.explicit.cmp(&a.explicit)));
    candidates.dedup_by(|a, b| a.path == b.path);
    let build = BuildOptions {
        metrics_paths: metrics_paths.into_iter().collect(),
    };
    Ok((candidates, build))
}

/// Checks files already found (`options.paths` is not read).
pub fn check_candidates(candidates: &[Candidate], options: &Options) -> Outcome {
    let build = BuildOptions {
        metrics_paths: options.metrics.iter().cloned().collect(),
    };
    check_files(candidates, &build, options)
}

fn check_files(candidates: &[Candidate], build: &BuildOptions, options: &Options) -> Outcome {
    let project = Project::build_with(candidates, build);
    let diagnostics = checks::run(&project, &options.enable);
    Outcome {
        project,
        diagnostics,
    }
}
