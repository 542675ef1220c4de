//! Source files and byte spans, and the mapping from byte offsets to the
//! 1-based line and column numbers that users see.

use std::ops::Range;
use std::path::PathBuf;

/// A half-open byte range `start..end` into some text.
///
/// Spans in a PromQL AST are relative to the expression text; the loader
/// maps them into the file (see `syntax::yaml::ScalarMap`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Moves a span relative to some text to a span relative to the text
    /// that contains it at `offset`.
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts, for offset → line/column lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// Line and column of a byte offset. Offsets past the end or inside a
    /// UTF-8 sequence are clamped to a valid position.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset_of(&self, text: &str, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        let rest = &text[start..];
        rest.char_indices()
            .nth(char_col)
            .map(|(i, _)| start + i)
            .unwrap_or(text.len().min(start + rest.len()))
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One file read from disk (or given on the command line), or a document
/// embedded in one (then `origin` says where).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it or as discovered under a given folder;
    /// for an embedded document, a path under the embedding file's.
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    /// For a document embedded in another file (a dashboard in a
    /// Kubernetes `ConfigMap`), where its text lies in that file.
    pub origin: Option<std::sync::Arc<Origin>>,
}

/// Where the text of an embedded document lies in the file that embeds it.
#[derive(Debug)]
pub struct Origin {
    /// The embedding file.
    pub parent: std::sync::Arc<SourceFile>,
    pub place: Placement,
}

/// How an embedded document's text came out of its embedding file.
#[derive(Debug)]
pub enum Placement {
    /// The text is the value of a scalar (a block scalar, a quoted or JSON
    /// string): every offset maps back through the scalar's map.
    Scalar(crate::syntax::yaml::ScalarMap),
    /// The text was decoded (base64, gzip) from the scalar at `span`:
    /// nothing inside it can be pointed at in the file, so everything is
    /// placed at `span`, and `what` names the decoded text for messages
    /// ("the base64 of `data.alertmanager.yaml`").
    Decoded { span: Span, what: String },
}

impl Origin {
    /// The span in the embedding file of a span in the embedded text.
    pub fn span_in_parent(&self, span: Span) -> Span {
        match &self.place {
            Placement::Scalar(map) => map.span_to_file(span),
            Placement::Decoded { span: at, .. } => *at,
        }
    }
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile {
            path: path.into(),
            text,
            lines,
            origin: None,
        }
    }

    /// The line and column users see: for a document embedded in another
    /// file at a known place, its position in that file.
    pub fn line_col(&self, offset: usize) -> LineCol {
        match self.origin.as_deref() {
            Some(
                o @ Origin {
                    place: Placement::Scalar(map),
                    ..
                },
            ) => o.parent.line_col(map.to_file(offset)),
            _ => self.lines.line_col(&self.text, offset),
        }
    }

    /// The line and column of an offset in this file's own text, even for
    /// an embedded document.
    pub fn own_line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }
}

/// A path with `.` segments dropped and `..` applied, without touching the
/// file system: for comparing paths reached by different routes.
pub fn normalize_path(path: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "ab\nçd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'd' is after the two-byte 'ç'
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_col(text, 7), LineCol { line: 3, column: 1 });
        // inside a UTF-8 sequence: clamped back
        assert_eq!(idx.line_col(text, 4), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "ab\nçd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset_of(text, 2, 1), 5);
        assert_eq!(idx.offset_of(text, 9, 0), text.len());
    }
}
