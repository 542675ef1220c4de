//! The series promtool unit tests feed their rules (`input_series`): the
//! metric names a test defines for the rule files it loads. Only names are
//! kept; whether the tests are valid is for the unit test model to say.

use crate::promql::{self, ExprKind};
use crate::source::Span;
use crate::syntax::yaml::Node;

/// A metric name given in a test's `input_series`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestSeries {
    pub name: String,
    /// The `series` value in the file.
    pub span: Span,
}

/// Adds the metric names of every test's input series in `root`.
pub fn read(root: &Node, out: &mut Vec<TestSeries>) {
    let Some(tests) = root.get("tests").and_then(Node::as_sequence) else {
        return;
    };
    for test in tests {
        let Some(series) = test.get("input_series").and_then(Node::as_sequence) else {
            continue;
        };
        for s in series {
            let Some(node) = s.get("series") else {
                continue;
            };
            let Some(text) = node.as_str() else { continue };
            if let Some(name) = series_name(text) {
                out.push(TestSeries {
                    name,
                    span: node.span,
                });
            }
        }
    }
}

/// The metric name of a series written as `name{labels}`.
fn series_name(text: &str) -> Option<String> {
    let expr = promql::parse(text).ok()?;
    match &expr.kind {
        ExprKind::Vector(v) => v.name.as_ref().map(|n| n.value.clone()).or_else(|| {
            v.matchers
                .iter()
                .find(|m| m.name.value == "__name__" && m.op == promql::ast::MatchOp::Equal)
                .map(|m| m.value.value.clone())
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_input_series_names() {
        let text = "tests:\n  - input_series:\n      - series: 'up{job=\"a\"}'\n        values: 1\n      - series: '{__name__=\"x\"}'\n        values: 1\n";
        let loaded = crate::syntax::yaml::load_yaml(text);
        let mut out = Vec::new();
        read(&loaded.documents[0].root, &mut out);
        let names: Vec<_> = out.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, vec!["up", "x"]);
    }
}
