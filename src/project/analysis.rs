//! The labels of every node of every query, inferred once against the
//! catalog so that each check can look them up.

use rayon::prelude::*;

use crate::catalog::infer::{infer_all, Labels};
use crate::project::Project;

/// Per file, per query (in `FileModel::all_queries` order), the labels of
/// every node in `Expr::walk` order; `None` for queries that did not parse.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    files: Vec<Vec<Option<Vec<Labels>>>>,
}

impl Analysis {
    pub fn build(project: &Project) -> Analysis {
        let files = project
            .files
            .par_iter()
            .map(|f| {
                f.all_queries()
                    .map(|q| q.expr().map(|e| infer_all(e, project.catalog.as_ref())))
                    .collect()
            })
            .collect();
        Analysis { files }
    }

    /// The node labels of query `query` of file `file`.
    pub fn query(&self, file: usize, query: usize) -> Option<&[Labels]> {
        self.files.get(file)?.get(query)?.as_deref()
    }
}
