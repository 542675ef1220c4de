//! Renders diagnostics for people (miette), for tools (JSON, SARIF,
//! Checkstyle, GitLab Code Quality, JUnit) and for GitHub Actions
//! annotations.

mod checkstyle;
mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::{LineCol, SourceFile};
use std::collections::HashMap;
use std::path::Path;

pub use checkstyle::render as checkstyle;
pub use fingerprint::fingerprints;
pub use github::render as github;
pub use gitlab::render as gitlab;
pub use human::{render as human, HumanOptions};
pub use json::render as json;
pub use junit::render as junit;
pub use sarif::render as sarif;

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

/// How many findings a check made, and their highest severity.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeCount {
    pub code: &'static str,
    pub severity: crate::diagnostic::Severity,
    pub count: usize,
}

/// The findings per check: most severe first, then most frequent, then
/// by code.
pub fn counts<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Vec<CodeCount> {
    let mut by: HashMap<&'static str, CodeCount> = HashMap::new();
    for d in diagnostics {
        let c = by.entry(d.code).or_insert(CodeCount {
            code: d.code,
            severity: d.severity,
            count: 0,
        });
        c.count += 1;
        c.severity = c.severity.max(d.severity);
    }
    let mut out: Vec<CodeCount> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(b.count.cmp(&a.count))
            .then(a.code.cmp(b.code))
    });
    out
}

/// `--statistics`: the number of findings per check, as a table or JSON.
pub fn statistics(diagnostics: &[Diagnostic], json: bool) -> String {
    let counts = counts(diagnostics.iter());
    if json {
        let rows: Vec<_> = counts
            .iter()
            .map(|c| {
                serde_json::json!({
                    "code": c.code,
                    "severity": c.severity.as_str(),
                    "count": c.count,
                })
            })
            .collect();
        return serde_json::Value::Array(rows).to_string() + "\n";
    }
    let mut out = String::new();
    for c in &counts {
        out.push_str(&format!(
            "{:>6}  {:<36} {}\n",
            c.count,
            c.code,
            c.severity.as_str()
        ));
    }
    let total: usize = counts.iter().map(|c| c.count).sum();
    let word = if total == 1 { "finding" } else { "findings" };
    out.push_str(&format!("{total:>6}  {word}\n"));
    out
}

/// The path as the user gave it, with `/` separators on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Escapes text for XML attribute values and character data; characters
/// XML 1.0 cannot hold are written as `\u{..}`.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// The message with its help line, as one text.
pub(crate) fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}
