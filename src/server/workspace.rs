//! The workspace the language server checks: its folders are the project,
//! as `promlint check FOLDER` reads them, with the editor's open documents
//! in place of the files on disk. Models of unchanged files are kept
//! between checks (`ModelCache`), so a keystroke re-parses one file, and
//! the checks run again only where the edit can change their findings
//! (`checks::incremental`).

use crate::diagnostic::Diagnostic;
use crate::model::Candidate;
use crate::project::{BuildOptions, ModelCache, Overlay, Project};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub struct Workspace {
    roots: Vec<PathBuf>,
    /// The open documents' texts, by path.
    pub overlay: Overlay,
    /// The files under the roots, found again when files are saved,
    /// opened, closed or changed on disk (not on every keystroke).
    found: Option<(Vec<Candidate>, BuildOptions)>,
    cache: ModelCache,
    incremental: crate::checks::incremental::Incremental,
    /// The project of the last check (code actions compute fixes from it).
    last: Option<Project>,
}

/// One check of the workspace.
pub struct Checked {
    /// Diagnostics by file, with the text they are located in.
    pub files: HashMap<PathBuf, FileDiagnostics>,
    pub stats: Stats,
}

pub struct FileDiagnostics {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, Debug)]
pub struct Stats {
    pub files: usize,
    pub parsed: usize,
    /// Files whose file-local findings were found again.
    pub rechecked: usize,
    pub elapsed: Duration,
}

impl Workspace {
    pub fn new(roots: Vec<PathBuf>) -> Workspace {
        Workspace {
            roots,
            overlay: Overlay::new(),
            found: None,
            cache: ModelCache::default(),
            incremental: Default::default(),
            last: None,
        }
    }

    /// Files on disk may have changed: find them again before the next
    /// check, and read `changed` again.
    pub fn files_changed(&mut self, changed: &[PathBuf]) {
        self.found = None;
        // Some checks read the disk (a rule file's existence): check all.
        self.incremental = Default::default();
        for p in changed {
            self.cache.forget(p);
        }
    }

    fn candidates(&mut self) -> (Vec<Candidate>, BuildOptions) {
        let (mut candidates, build) = match &self.found {
            Some(found) => found.clone(),
            None => {
                let options = crate::Options {
                    paths: self.roots.clone(),
                    ..crate::Options::default()
                };
                let found = match crate::api::candidates(&options) {
                    Ok(found) => found,
                    Err(e) => {
                        eprintln!("promlint server: {}: {}", e.path.display(), e.message);
                        (Vec::new(), BuildOptions::default())
                    }
                };
                self.found = Some(found.clone());
                found
            }
        };
        // An open document that the folders do not hold (outside them,
        // not saved yet, or of a kind not looked for in folders) is
        // checked as a file named on the command line.
        let extra: Vec<Candidate> = self
            .overlay
            .keys()
            .filter(|p| {
                candidates
                    .binary_search_by(|c| c.path.as_path().cmp(p))
                    .is_err()
            })
            .map(|p| Candidate {
                path: p.clone(),
                explicit: true,
            })
            .collect();
        if !extra.is_empty() {
            candidates.extend(extra);
            candidates.sort_by(|a, b| a.path.cmp(&b.path));
        }
        (candidates, build)
    }

    /// Checks the workspace as it is now.
    pub fn check(&mut self) -> Checked {
        let started = Instant::now();
        let (candidates, build) = self.candidates();
        let project = Project::build_cached(&candidates, &build, &self.overlay, &mut self.cache);
        let (diagnostics, work) = self.incremental.run(&project);
        let files = group(&project, diagnostics, &self.overlay);
        self.last = Some(project);
        Checked {
            files,
            stats: Stats {
                files: candidates.len(),
                parsed: self.cache.last_misses,
                rechecked: work.file_units,
                elapsed: started.elapsed(),
            },
        }
    }

    /// The project of the last check, if it read `text` for `path` (the
    /// document has not changed since).
    pub fn checked_project(&self, path: &Path, text: &str) -> Option<&Project> {
        let project = self.last.as_ref()?;
        project
            .files
            .iter()
            .any(|f| f.source.path == path && f.source.origin.is_none() && f.source.text == text)
            .then_some(project)
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.overlay.contains_key(path)
    }
}

/// Diagnostics by file, each with the text its spans point into.
fn group(
    project: &Project,
    diagnostics: Vec<Diagnostic>,
    overlay: &Overlay,
) -> HashMap<PathBuf, FileDiagnostics> {
    let texts: HashMap<&Path, &str> = project
        .files
        .iter()
        .filter(|f| f.source.origin.is_none())
        .map(|f| (f.source.path.as_path(), f.source.text.as_str()))
        .collect();
    let mut out: HashMap<PathBuf, FileDiagnostics> = HashMap::new();
    for d in diagnostics {
        let entry = out
            .entry(d.file.clone())
            .or_insert_with(|| FileDiagnostics {
                text: overlay
                    .get(&d.file)
                    .map(String::as_str)
                    .or_else(|| texts.get(d.file.as_path()).copied())
                    .unwrap_or("")
                    .to_string(),
                diagnostics: Vec::new(),
            });
        entry.diagnostics.push(d);
    }
    for f in out.values_mut() {
        f.diagnostics.sort_by(order);
    }
    out
}

/// The order findings are published in: by place, then code and message
/// (a total order, so that the same findings are published the same way).
pub fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, a.span, a.code, &a.message, &a.help, a.severity)
        .cmp(&(&b.file, b.span, b.code, &b.message, &b.help, b.severity))
}
