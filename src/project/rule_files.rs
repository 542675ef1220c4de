//! Rule files join the project by what loads them: every file a
//! prometheus.yml's `rule_files` (or a promtool unit test's) matches is
//! read as a rule file whatever its name, as Prometheus reads it. A file
//! already read as something promlint does not check (an `alert.rules`
//! that failed to load, a `.conf`) is read again as rules; a file not
//! among the candidates (an extension promlint does not walk) is loaded.

use super::{Project, ReadError};
use crate::model::{model_file_with, FileKind, ReadAs};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Reads every file that a `rule_files` entry of the project matches as
/// a rule file.
pub(super) fn attach(project: &mut Project) {
    let mut wanted: Vec<PathBuf> = project
        .files
        .iter()
        .flat_map(|f| {
            f.prometheus
                .iter()
                .flat_map(|c| c.rule_file_globs().iter())
                .chain(f.unit_test_rule_files.iter())
        })
        .filter_map(|g| g.matches.as_ref().ok())
        .flatten()
        .cloned()
        .collect();
    if wanted.is_empty() {
        return;
    }
    wanted.sort();
    wanted.dedup();
    let mut known: HashMap<PathBuf, Option<usize>> = HashMap::new();
    for (i, f) in project.files.iter().enumerate() {
        known.insert(identity(&f.source.path), Some(i));
    }
    for u in &project.unreadable {
        known.insert(identity(&u.path), None);
    }
    for path in wanted {
        let id = identity(&path);
        match known.get(&id) {
            Some(Some(i)) => {
                let Some(file) = project.files.get_mut(*i) else {
                    continue;
                };
                if matches!(
                    file.kind,
                    FileKind::Other | FileKind::Unrecognized | FileKind::Broken
                ) {
                    *file = Arc::new(model_file_with(file.source.clone(), false, ReadAs::Rules));
                }
            }
            Some(None) => {}
            None => {
                let index = load(project, path);
                known.insert(id, index);
            }
        }
    }
}

/// Reads a rule file that was not among the candidates; its index, or
/// `None` when it cannot be read (then it is recorded as unreadable).
fn load(project: &mut Project, path: PathBuf) -> Option<usize> {
    let text = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()));
    match text {
        Ok(text) => {
            project.files.push(Arc::new(model_file_with(
                SourceFile::new(path, text),
                false,
                ReadAs::Rules,
            )));
            Some(project.files.len() - 1)
        }
        Err(message) => {
            project.unreadable.push(ReadError { path, message });
            None
        }
    }
}

/// What tells files apart however their paths are spelt.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use crate::model::{Candidate, FileKind};
    use crate::project::Project;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("promlint-rule-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn a_file_rule_files_names_is_read_as_rules_whatever_its_name() {
        let p = &scratch("named");
        std::fs::write(p.join("prometheus.yml"), "rule_files: [alert.conf]\n").expect("write");
        std::fs::write(
            p.join("alert.conf"),
            "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n",
        )
        .expect("write");
        let only_config = [Candidate {
            path: p.join("prometheus.yml"),
            explicit: false,
        }];
        let project = Project::build(&only_config);
        let rules: Vec<_> = project
            .files
            .iter()
            .filter(|f| f.kind == FileKind::RuleFile)
            .collect();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].groups.len(), 1);
    }

    #[test]
    fn other_files_stay_unread() {
        let p = &scratch("unnamed");
        std::fs::write(p.join("prometheus.yml"), "rule_files: []\n").expect("write");
        std::fs::write(p.join("alert.conf"), "groups: [\n").expect("write");
        let project = Project::build(&[Candidate {
            path: p.join("prometheus.yml"),
            explicit: false,
        }]);
        assert_eq!(project.files.len(), 1);
    }
}
