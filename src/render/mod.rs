//! Renders diagnostics for people (miette), for tools (JSON) and for
//! GitHub Actions annotations.

mod github;
mod human;
mod json;

use crate::diagnostic::Diagnostic;
use crate::source::{LineCol, SourceFile};
use std::collections::HashMap;
use std::path::Path;

pub use github::render as github;
pub use human::{render as human, HumanOptions};
pub use json::render as json;

/// A diagnostic with its 1-based start and end positions resolved.
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
    pub source: Option<&'a SourceFile>,
}

/// Resolves positions and sorts by file, line, column (then code and
/// message, so that output is stable).
pub fn locate<'a>(diagnostics: &'a [Diagnostic], sources: &[&'a SourceFile]) -> Vec<Located<'a>> {
    let by_path: HashMap<&Path, &SourceFile> =
        sources.iter().map(|s| (s.path.as_path(), *s)).collect();
    let mut out: Vec<Located> = diagnostics
        .iter()
        .map(|d| {
            let source = by_path.get(d.file.as_path()).copied();
            let (start, end) = match source {
                Some(s) => (
                    s.line_col(d.span.start),
                    s.line_col(d.span.end.max(d.span.start)),
                ),
                None => (
                    LineCol { line: 1, column: 1 },
                    LineCol { line: 1, column: 1 },
                ),
            };
            Located {
                diagnostic: d,
                start,
                end,
                source,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        a.diagnostic
            .file
            .cmp(&b.diagnostic.file)
            .then(a.start.cmp(&b.start))
            .then(a.diagnostic.code.cmp(b.diagnostic.code))
            .then(a.diagnostic.message.cmp(&b.diagnostic.message))
    });
    out
}

/// The path as the user gave it, with `/` separators on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
