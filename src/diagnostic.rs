//! Findings as values: what a check reports, before it is rendered.

use crate::source::Span;
use std::path::PathBuf;

/// A problem a reader found in a file, located and explained but not yet
/// reported: the check for its `kind` reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding<K> {
    pub kind: K,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding, located by a byte span in one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub span: Span,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}
