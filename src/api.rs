//! The library's entry point: what the binary, the tests and editors call
//! to check files. One options value says what to check and how; `check`
//! finds the files, builds the project and runs the checks.

use crate::checks;
use crate::config::promlint::code_matches;
use crate::diagnostic::{Diagnostic, Severity};
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
    /// The settings file to use (`--config`) instead of the nearest
    /// `.promlint.yml` of each path.
    pub config: Option<PathBuf>,
    /// Only findings of these codes or areas (`--select`; all when empty).
    pub select: Vec<String>,
    /// No findings of these codes or areas (`--ignore`).
    pub ignore: Vec<String>,
    /// No findings below this severity (`--min-severity`).
    pub min_severity: Option<Severity>,
    /// Report only findings not in this baseline (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// A file read from standard input (`check -`), checked besides
    /// `paths`.
    pub stdin: Option<Stdin>,
    /// Only check files git tracks, among those found in folders (for
    /// hooks: untracked files are not what gets deployed).
    pub git_tracked_only: bool,
}

/// A file's text given directly, under the name findings will carry.
#[derive(Clone, Debug, Default)]
pub struct Stdin {
    pub name: PathBuf,
    pub text: String,
}

/// The outcome of checking: the project as read, and its diagnostics
/// (unsorted; rendering sorts them).
pub struct Outcome {
    pub project: Project,
    pub diagnostics: Vec<Diagnostic>,
    /// Paths given that could not be read; the others were checked.
    pub path_errors: Vec<DiscoverError>,
}

/// Finds the files under `options.paths` (and the exposition files
/// `options.metrics` names), then checks them. A path that cannot be read
/// is in `path_errors`; a `--metrics`, `--config` or `--baseline` file
/// that cannot be used is an error.
pub fn check(options: &Options) -> Result<Outcome, DiscoverError> {
    let (candidates, build, path_errors) = find(options)?;
    let baseline = match &options.baseline {
        Some(path) => {
            Some(
                crate::baseline::Baseline::read(path).map_err(|message| DiscoverError {
                    path: path.clone(),
                    message,
                })?,
            )
        }
        None => None,
    };
    let mut outcome = check_files(&candidates, &build, options);
    if let Some(b) = baseline {
        let sources: Vec<_> = outcome.project.files.iter().map(|f| &f.source).collect();
        outcome.diagnostics = b.filter(outcome.diagnostics, &sources);
    }
    outcome.path_errors = path_errors;
    Ok(outcome)
}

/// The files `check` would read for `options`, and how to read them.
pub fn candidates(options: &Options) -> Result<(Vec<Candidate>, BuildOptions), DiscoverError> {
    find(options).map(|(candidates, build, _)| (candidates, build))
}

/// The files to read, how to read them, and the paths that could not be
/// read.
type Found = (Vec<Candidate>, BuildOptions, Vec<DiscoverError>);

fn find(options: &Options) -> Result<Found, DiscoverError> {
    let (mut candidates, path_errors) = discover::discover_each(&options.paths);
    let configs = settings_files(options)?;
    let mut settings = crate::config::promlint::Config::default();
    for c in &configs {
        if let Ok(text) = std::fs::read_to_string(c) {
            let mut loaded = crate::config::promlint::parse(&text, &|_| true, &[]);
            let folder = c
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            loaded.config.set_base(folder);
            settings.merge(&loaded.config);
        }
    }
    let tracked = match options.git_tracked_only {
        false => None,
        true => {
            let mut all = std::collections::HashSet::new();
            for p in options.paths.iter().filter(|p| p.is_dir()) {
                all.extend(discover::git_tracked(p).map_err(|message| DiscoverError {
                    path: p.clone(),
                    message: format!("not a git checkout ({message})"),
                })?);
            }
            Some(all)
        }
    };
    candidates.retain(|c| {
        c.explicit
            || crate::config::promlint::is_config_path(&c.path)
            || (!settings.leaves_out(&c.path)
                && tracked
                    .as_ref()
                    .is_none_or(|t| t.contains(&crate::source::normalize_path(&c.path))))
    });
    if options.config.is_some() {
        // The named settings replace those found in the folders.
        candidates.retain(|c| c.explicit || !crate::config::promlint::is_config_path(&c.path));
    }
    candidates.extend(configs.iter().map(|p| Candidate {
        path: p.clone(),
        explicit: false,
    }));
    let mut roots: Vec<PathBuf> = options.paths.clone();
    roots.extend(
        configs
            .iter()
            .filter_map(|c| c.parent().map(|p| p.to_path_buf())),
    );
    let metrics_paths = discover::metrics_paths(&roots, &options.metrics)?;
    candidates.extend(metrics_paths.iter().map(|p| Candidate {
        path: p.clone(),
        explicit: true,
    }));
    candidates.sort_by(|a, b| a.path.cmp(&b.path).then(b.explicit.cmp(&a.explicit)));
    candidates.dedup_by(|a, b| a.path == b.path);
    let build = BuildOptions {
        metrics_paths: metrics_paths.into_iter().collect(),
        texts: options
            .stdin
            .iter()
            .map(|s| (s.name.clone(), s.text.clone()))
            .collect(),
    };
    Ok((candidates, build, path_errors))
}

/// The settings files that apply: the one `--config` names, else the
/// nearest of each path (and of the standard input's name).
fn settings_files(options: &Options) -> Result<Vec<PathBuf>, DiscoverError> {
    if let Some(c) = &options.config {
        if !c.is_file() {
            return Err(DiscoverError {
                path: c.clone(),
                message: "no such settings file (given with --config)".into(),
            });
        }
        return Ok(vec![c.clone()]);
    }
    let mut out: Vec<PathBuf> = options
        .paths
        .iter()
        .chain(options.stdin.iter().map(|s| &s.name))
        .filter_map(|p| discover::find_config(p))
        .collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| {
        seen.insert(
            std::path::absolute(p)
                .map(|a| crate::source::normalize_path(&a))
                .unwrap_or_else(|_| p.clone()),
        )
    });
    Ok(out)
}

/// Checks files already found (`options.paths` is not read).
pub fn check_candidates(candidates: &[Candidate], options: &Options) -> Outcome {
    let build = BuildOptions {
        metrics_paths: options.metrics.iter().cloned().collect(),
        texts: Vec::new(),
    };
    check_files(candidates, &build, options)
}

fn check_files(candidates: &[Candidate], build: &BuildOptions, options: &Options) -> Outcome {
    let project = Project::build_with(candidates, build);
    let mut diagnostics = checks::run(&project, &options.enable);
    diagnostics.retain(|d| selected(options, d));
    Outcome {
        project,
        diagnostics,
        path_errors: Vec::new(),
    }
}

/// Whether `--select`, `--ignore` and `--min-severity` keep a finding.
fn selected(options: &Options, d: &Diagnostic) -> bool {
    (options.select.is_empty() || options.select.iter().any(|s| code_matches(s, d.code)))
        && !options.ignore.iter().any(|s| code_matches(s, d.code))
        && options.min_severity.is_none_or(|m| d.severity >= m)
}

/// Whether `s` names a check code or an area (for `--select`/`--ignore`).
pub fn is_code_or_area(s: &str) -> bool {
    !s.is_empty() && checks::all_rules().any(|r| code_matches(s, r.code))
}
