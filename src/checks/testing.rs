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
