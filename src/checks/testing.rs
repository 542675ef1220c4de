//! Test helper: the findings of one check over in-memory files.

use crate::project::Project;
use crate::source::SourceFile;

/// The findings of check `code` over `files` (path, text): the text each
/// finding points at, and its message and help joined by ` | `.
pub fn findings(code: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let project = Project::from_sources(
        files
            .iter()
            .map(|(p, t)| SourceFile::new(*p, t.to_string()))
            .collect(),
    );
    let mut out: Vec<_> = super::run(&project, &[])
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let file = project
                .files
                .iter()
                .find(|f| f.source.path == d.file)
                .expect("finding on a modeled file");
            let at = file
                .source
                .text
                .get(d.span.range())
                .unwrap_or("")
                .to_string();
            (
                at,
                format!("{} | {}", d.message, d.help.unwrap_or_default()),
            )
        })
        .collect();
    out.sort();
    out
}

/// The text of one in-memory file after the fixes `fixes` offers on it
/// (`None` when it offers none).
pub fn fixed(
    fixes: fn(&Project) -> Vec<crate::fix::Fix>,
    path: &str,
    text: &str,
) -> Option<String> {
    let project = Project::from_sources(vec![SourceFile::new(path, text.to_string())]);
    let mut edits: Vec<crate::fix::TextEdit> = Vec::new();
    for f in fixes(&project) {
        for e in f.edits {
            if !edits.contains(&e) {
                edits.push(e);
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    crate::fix::apply(text, &edits)
}
