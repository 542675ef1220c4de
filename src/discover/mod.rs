//! Finds the files to check under the paths the user gave, honouring
//! `.gitignore` (also outside a git checkout), `.ignore` and hidden files.

use crate::model::Candidate;
use std::path::{Path, PathBuf};

/// Extensions of files that may hold something promlint checks
/// (`*.rules`: rule files named the old way, read when their content is
/// one).
const EXTENSIONS: &[&str] = &["yml", "yaml", "json", "promql", "rules"];

/// A path the user gave that does not exist or cannot be listed.
#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Files under `paths`, sorted, each once. A file named directly is always
/// a candidate; files found in folders only by their extension.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Candidate>, DiscoverError> {
    let (found, mut errors) = discover_each(paths);
    match errors.is_empty() {
        true => Ok(found),
        false => Err(errors.remove(0)),
    }
}

/// Files under `paths`, sorted, each once, and the paths that could not
/// be read: one bad path does not stop the others from being checked.
pub fn discover_each(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<DiscoverError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if let Err(e) = discover_one(path, &mut out) {
            errors.push(e);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path).then(b.explicit.cmp(&a.explicit)));
    out.dedup_by(|a, b| a.path == b.path);
    (out, errors)
}

fn discover_one(path: &Path, out: &mut Vec<Candidate>) -> Result<(), DiscoverError> {
    let path = &path.to_path_buf();
    {
        let meta = std::fs::metadata(path).map_err(|e| DiscoverError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if meta.is_file() {
            out.push(Candidate {
                path: path.clone(),
                explicit: true,
            });
            return Ok(());
        }
        for name in crate::config::promlint::FILE_NAMES {
            let config = path.join(name);
            if config.is_file() {
                out.push(Candidate {
                    path: config,
                    explicit: false,
                });
            }
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| !is_chart_templates(e))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| DiscoverError {
                path: path.clone(),
                message: e.to_string(),
            })?;
            if entry.file_type().is_some_and(|t| t.is_file()) && has_known_extension(entry.path()) {
                out.push(Candidate {
                    path: entry.into_path(),
                    explicit: false,
                });
            }
        }
    }
    Ok(())
}

/// The settings file that applies to `path`: the nearest `.promlint.yml`
/// (or `.promlint.yaml`) in its folder (its own, for a folder) or a folder
/// above, as written from `path` (`../.promlint.yml`).
pub fn find_config(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let mut abs = std::path::absolute(&start).ok()?;
    let mut shown = start;
    loop {
        for name in crate::config::promlint::FILE_NAMES {
            if abs.join(name).is_file() {
                return Some(shown.join(name));
            }
        }
        if !abs.pop() {
            return None;
        }
        shown = match shown.components().next_back() {
            Some(std::path::Component::Normal(_)) => match shown.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            },
            Some(std::path::Component::CurDir) => PathBuf::from(".."),
            _ => shown.join(".."),
        };
    }
}

/// The files git tracks under `folder` (its index), or why not.
pub fn git_tracked(folder: &Path) -> Result<std::collections::HashSet<PathBuf>, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["ls-files", "-z", "--cached"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| crate::source::normalize_path(&folder.join(String::from_utf8_lossy(p).as_ref())))
        .collect())
}

/// A Helm chart's `templates/` folder: Go-template sources, not YAML
/// (the chart's `Chart.yaml` says so once).
fn is_chart_templates(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_dir())
        && entry.file_name() == "templates"
        && entry
            .path()
            .parent()
            .is_some_and(|chart| chart.join("Chart.yaml").is_file())
}

fn has_known_extension(path: &Path) -> bool {
    use crate::model::{EXPOSITION_EXTENSIONS, SOURCE_EXTENSIONS};
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        EXTENSIONS
            .iter()
            .chain(EXPOSITION_EXTENSIONS)
            .chain(SOURCE_EXTENSIONS)
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

/// Files to read as expositions whatever their names: those given with
/// `--metrics`, and those the `metrics:` lists of the `.promlint.yml` at
/// the roots of `paths` name (paths or globs relative to the file).
/// Entries that match nothing are left to the settings check to report.
pub fn metrics_paths(paths: &[PathBuf], given: &[PathBuf]) -> Result<Vec<PathBuf>, DiscoverError> {
    let mut out = Vec::new();
    for p in given {
        if !p.is_file() {
            return Err(DiscoverError {
                path: p.clone(),
                message: "no such file (given with --metrics)".into(),
            });
        }
        out.push(p.clone());
    }
    for root in paths.iter().filter(|p| p.is_dir()) {
        for name in crate::config::promlint::FILE_NAMES {
            let Ok(text) = std::fs::read_to_string(root.join(name)) else {
                continue;
            };
            let loaded = crate::config::promlint::parse(&text, &|_| true, &[]);
            for entry in &loaded.config.metrics {
                out.extend(expand(root, entry));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The files under `root` that `pattern` (a path or glob relative to
/// `root`) names.
fn expand(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let direct = root.join(pattern);
    if direct.is_file() {
        return vec![direct];
    }
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    if overrides.add(pattern).is_err() {
        return Vec::new();
    }
    let Ok(overrides) = overrides.build() else {
        return Vec::new();
    };
    ignore::WalkBuilder::new(root)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .collect()
}
