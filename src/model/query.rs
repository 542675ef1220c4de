//! A PromQL expression found in some file, parsed, with the map from
//! positions in its text back to the file.

use crate::promql::{self, features::FeatureUse, Expr, PromqlError};
use crate::source::Span;
use crate::syntax::yaml::{Node, ScalarMap};

/// How offsets in an expression's text map to offsets in its file.
#[derive(Clone, Debug)]
pub enum TextMap {
    /// The text stands in the file verbatim at this offset.
    Verbatim(usize),
    /// The text is the value of a YAML or JSON scalar.
    Scalar(ScalarMap),
}

#[derive(Debug)]
pub struct Query {
    pub text: String,
    map: TextMap,
    /// The whole expression as written in the file.
    pub span: Span,
    pub parsed: Result<Expr, Vec<PromqlError>>,
    /// Experimental syntax the expression uses (empty when it failed to parse).
    pub features: Vec<FeatureUse>,
}

impl Query {
    pub fn new(text: String, map: TextMap, span: Span) -> Query {
        let parsed = promql::parse(&text);
        let features = match &parsed {
            Ok(expr) => promql::features::experimental_features(expr),
            Err(_) => Vec::new(),
        };
        Query {
            text,
            map,
            span,
            parsed,
            features,
        }
    }

    /// A query from a YAML/JSON scalar node.
    pub fn from_scalar(file_text: &str, node: &Node, text: &str) -> Query {
        let map = ScalarMap::new(file_text, node);
        Query::new(text.to_string(), TextMap::Scalar(map), node.span)
    }

    /// A span in the expression text, as a span in the file.
    pub fn to_file(&self, span: Span) -> Span {
        match &self.map {
            TextMap::Verbatim(offset) => span.shift(*offset),
            TextMap::Scalar(map) => map.span_to_file(span),
        }
    }

    pub fn expr(&self) -> Option<&Expr> {
        self.parsed.as_ref().ok()
    }
}
