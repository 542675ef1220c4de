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

mod flow_relax;
mod go_strict;
mod load;
mod scalar_map;

pub use scalar_map::ScalarMap;

/// The deepest nesting of collections either loader accepts. Real
/// monitoring files stay far below it; the bound keeps every recursive walk
/// over a tree (including the derived `Drop`, `Clone` and `Debug`) safe on
/// small thread stacks.
pub const MAX_DEPTH: usize = 128;

/// Loads a YAML stream (one or more documents).
///
/// Aliases are resolved by copying the anchored node (the copy keeps the
/// spans of the anchored node), `<<` merge keys are applied as Go's
/// `yaml.v3` does, and keys defined twice in one mapping are reported.
/// After a syntax error, the documents completed before it are kept.
pub fn load_yaml(text: &str) -> Loaded {
    load::load_yaml(text)
}

/// Loads a JSON document into the same tree.
pub fn load_json(text: &str) -> Loaded {
    crate::syntax::json::load(text)
}

/// Finds keys defined twice in one mapping: a linear scan while the mapping
/// is small, a hash map once it grows, so huge mappings stay linear.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    map: Option<std::collections::HashMap<String, Span>>,
}

impl KeyIndex {
    const LINEAR: usize = 16;

    /// The span of an earlier key in `entries` equal to `key`, if any.
    /// `entries` must hold every entry added so far, in order.
    pub(crate) fn check(&mut self, entries: &[Entry], key: &str, span: Span) -> Option<Span> {
        if self.map.is_none() {
            if entries.len() < Self::LINEAR {
                return entries
                    .iter()
                    .find(|e| e.key.as_str() == Some(key))
                    .map(|e| e.key.span);
            }
            let mut map = std::collections::HashMap::with_capacity(entries.len() * 2);
            for e in entries {
                if let Some(k) = e.key.as_str() {
                    map.entry(k.to_owned()).or_insert(e.key.span);
                }
            }
            self.map = Some(map);
        }
        let map = self.map.as_mut()?;
        match map.get(key) {
            Some(first) => Some(*first),
            None => {
                map.insert(key.to_owned(), span);
                None
            }
        }
    }
}

/// Line numbers for messages, built only when a message needs one.
pub(crate) struct LazyLines<'a> {
    text: &'a str,
    index: Option<crate::source::LineIndex>,
}

impl<'a> LazyLines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LazyLines { text, index: None }
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&mut self, offset: usize) -> usize {
        let text = self.text;
        self.index
            .get_or_insert_with(|| crate::source::LineIndex::new(text))
            .line_col(text, offset)
            .line
    }
}

/// The span of the character at `offset` (empty at the end of the text).
pub(crate) fn char_span(text: &str, offset: usize) -> Span {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let len = text[start..].chars().next().map_or(0, char::len_utf8);
    Span::new(start, start + len)
}
