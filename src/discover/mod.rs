//! Finds the files to check under the paths the user gave, honouring
//! `.gitignore` (also outside a git checkout), `.ignore` and hidden files.

use crate::model::Candidate;
use std::path::{Path, PathBuf};

/// Extensions of files that may hold something promlint checks.
const EXTENSIONS: &[&str] = &["yml", "yaml", "json", "promql"];

/// A path the user gave that does not exist or cannot be listed.
#[derive(Debug)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
}

/// Files under `paths`, sorted, each once. A file named directly is always
/// a candidate; files found in folders only by their extension.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Candidate>, DiscoverError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| DiscoverError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        if meta.is_file() {
            out.push(Candidate {
                path: path.clone(),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
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
    out.sort_by(|a, b| a.path.cmp(&b.path).then(b.explicit.cmp(&a.explicit)));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
