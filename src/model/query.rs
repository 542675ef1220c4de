//! A PromQL expression found in some file, parsed, with the map from
//! positions in its text back to the file.

use crate::grafana::interpolate::InterpolationMap;
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
    /// The text is a part of a scalar's value (from byte `base` on) after
    /// Grafana variable interpolation: offsets go back through the
    /// interpolation, then through the scalar.
    Interpolated(Box<InterpolatedText>),
}

/// The maps of an interpolated text: interpolation, then scalar.
#[derive(Clone, Debug)]
pub struct InterpolatedText {
    pub scalar: ScalarMap,
    /// Offset in the scalar's value where the interpolated source starts.
    pub base: usize,
    pub interpolation: InterpolationMap,
}

#[derive(Clone, Debug)]
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
            TextMap::Interpolated(m) => {
                let in_value = m.interpolation.span_to_source(span).shift(m.base);
                m.scalar.span_to_file(in_value)
            }
        }
    }

    /// Whether a span of the text overlaps a stand-in for a Grafana
    /// variable: names and values there are not the user's (cross-checks
    /// such as unknown metrics should skip them).
    pub fn is_placeholder(&self, span: Span) -> bool {
        match &self.map {
            TextMap::Interpolated(m) => m.interpolation.touches_substitution(span),
            _ => false,
        }
    }

    /// Whether a span of the text lies inside one stand-in for a Grafana
    /// variable (a finding there is about our guess of its value).
    pub fn is_within_placeholder(&self, span: Span) -> bool {
        match &self.map {
            TextMap::Interpolated(m) => m.interpolation.within_substitution(span),
            _ => false,
        }
    }

    pub fn expr(&self) -> Option<&Expr> {
        self.parsed.as_ref().ok()
    }
}
