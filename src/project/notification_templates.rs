//! Alertmanager notification template files join the project: the files
//! the `templates` globs of every Alertmanager configuration match are
//! loaded (or, when already loaded, re-classified) as
//! `AlertmanagerTemplate` files and parsed as Alertmanager parses them.

use super::{Project, ReadError};
use crate::model::{FileKind, FileModel};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads and parses every template file an Alertmanager configuration of
/// the project names. Afterwards each configuration's template paths are
/// spelt as the project's files are, so checks can find them by path.
pub(super) fn attach(project: &mut Project) {
    let wanted: Vec<(usize, usize, PathBuf)> = project
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.alertmanager.as_ref().map(|cfg| (i, cfg)))
        .flat_map(|(i, cfg)| {
            cfg.template_files
                .paths
                .iter()
                .enumerate()
                .map(move |(j, p)| (i, j, p.clone()))
        })
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut loaded: HashMap<PathBuf, Option<usize>> = HashMap::new();
    for (i, f) in project.files.iter().enumerate() {
        loaded.insert(identity(&f.source.path), Some(i));
    }
    for u in &project.unreadable {
        loaded.insert(identity(&u.path), None);
    }
    for (config, j, path) in wanted {
        let id = identity(&path);
        let index = match loaded.get(&id) {
            Some(known) => *known,
            None => {
                let index = load(project, path);
                loaded.insert(id, index);
                index
            }
        };
        let Some(file) = index.and_then(|i| project.files.get_mut(i)) else {
            continue;
        };
        if file.notification_template.is_none() {
            make_template(Arc::make_mut(file));
        }
        let spelt = file.source.path.clone();
        // A shared model is copied only when the spelling changes.
        let Some(f) = project.files.get_mut(config) else {
            continue;
        };
        let differs = f
            .alertmanager
            .as_ref()
            .and_then(|cfg| cfg.template_files.paths.get(j))
            .is_some_and(|p| *p != spelt);
        if differs {
            if let Some(p) = Arc::make_mut(f)
                .alertmanager
                .as_mut()
                .and_then(|cfg| cfg.template_files.paths.get_mut(j))
            {
                *p = spelt;
            }
        }
    }
}

/// Reads a template file into the project; its index, or `None` when it
/// cannot be read (then it is recorded as unreadable).
fn load(project: &mut Project, path: PathBuf) -> Option<usize> {
    match read(&path) {
        Ok(text) => {
            project
                .files
                .push(Arc::new(crate::model::empty_model(SourceFile::new(
                    path, text,
                ))));
            Some(project.files.len() - 1)
        }
        Err(message) => {
            project.unreadable.push(ReadError { path, message });
            None
        }
    }
}

/// Parses the file as a notification template. A file that was modelled
/// as something else is re-modelled as a template when it was nothing
/// promlint checks (a `.tmpl` named on the command line, or one that
/// failed to load as YAML) or is not a YAML or JSON file at all (a `.tmpl`
/// under a `rules/` folder): its YAML findings do not apply.
fn make_template(file: &mut FileModel) {
    let yaml_like = matches!(
        crate::model::extension(&file.source.path).as_str(),
        "yml" | "yaml" | "json"
    );
    if !yaml_like
        || matches!(
            file.kind,
            FileKind::Other | FileKind::Unrecognized | FileKind::Broken
        )
    {
        let source = std::mem::replace(
            &mut file.source,
            SourceFile::new(PathBuf::new(), String::new()),
        );
        *file = crate::model::empty_model(source);
        file.kind = FileKind::AlertmanagerTemplate;
    }
    file.notification_template = Some(crate::template::parse_notification_template(
        &file.source.text,
    ));
}

/// Reads a template file. Go does not insist on UTF-8 (an invalid byte in
/// text is copied, inside an action it is an error), so invalid bytes are
/// replaced by U+FFFD, which keeps both verdicts.
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// What tells files apart however their paths are spelt: the canonical
/// path, or the path itself for a file not on disk.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
