//! Walking every query of the project with what the analysis knows of its
//! nodes: the shared loop of the metric cross-checks.

use crate::catalog::infer::Labels;
use crate::model::query::Query;
use crate::model::rules::RuleNode;
use crate::project::Project;
use crate::promql::{Expr, ExprKind, VectorSelector};

/// One parsed query and the labels of its nodes.
pub struct QueryView<'p> {
    pub file: usize,
    pub query: &'p Query,
    pub expr: &'p Expr,
    /// Labels of every node, in `Expr::walk` order.
    pub labels: &'p [Labels],
    /// The rule the query is the expression of, if any.
    pub rule: Option<&'p RuleNode>,
}

impl QueryView<'_> {
    /// Calls `f(index, node)` for every node, parents first; `index`
    /// indexes `labels`.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(usize, &'a Expr)) {
        let mut i = 0;
        self.expr.walk(&mut |e| {
            f(i, e);
            i += 1;
        });
    }

    /// The labels of node `index`.
    pub fn labels_at(&self, index: usize) -> &Labels {
        self.labels.get(index).unwrap_or(&Labels::Open)
    }
}

/// Every parsed query of the project, with its rule.
pub fn queries(project: &Project) -> impl Iterator<Item = QueryView<'_>> {
    project
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| project.in_focus(*i))
        .flat_map(move |(i, file)| {
            let rules = file
                .groups
                .iter()
                .flat_map(|g| g.rules.iter())
                .filter(|r| r.expr.is_some())
                .map(Some)
                .chain(std::iter::repeat(None));
            file.all_queries()
                .zip(rules)
                .enumerate()
                .filter_map(move |(qi, (query, rule))| {
                    let expr = query.expr()?;
                    let labels = project.analysis.query(i, qi)?;
                    Some(QueryView {
                        file: i,
                        query,
                        expr,
                        labels,
                        rule,
                    })
                })
        })
}

/// The number of nodes in `expr` (so that a child's index can be found:
/// a node's first child is at `index + 1`, the next at `index + 1 +
/// size(first)`).
pub fn size(expr: &Expr) -> usize {
    let mut n = 0;
    expr.walk(&mut |_| n += 1);
    n
}

/// The vector selectors in `expr`, outside subqueries' inner expressions
/// too, in walk order.
pub fn selectors(expr: &Expr) -> Vec<&VectorSelector> {
    let mut out = Vec::new();
    expr.walk(&mut |e| {
        if let ExprKind::Vector(v) = &e.kind {
            out.push(v);
        }
    });
    out
}

/// The selector `expr` reads directly: itself, or the selector of a range
/// selector, through parentheses.
pub fn direct_selector(expr: &Expr) -> Option<&VectorSelector> {
    match &expr.unparen().kind {
        ExprKind::Vector(v) => Some(v),
        ExprKind::Matrix(m) => match &m.vector.unparen().kind {
            ExprKind::Vector(v) => Some(v),
            _ => None,
        },
        _ => None,
    }
}
