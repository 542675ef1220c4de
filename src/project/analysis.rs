//! The labels of every node of every query, inferred once against the
//! catalog so that each check can look them up.

use rayon::prelude::*;
use std::sync::Arc;

use crate::catalog::infer::{infer_all, Labels};
use crate::model::FileModel;
use crate::project::Project;

/// One file's queries (in `FileModel::all_queries` order): the labels of
/// every node in `Expr::walk` order; `None` for queries that did not parse.
pub type FileAnalysis = Vec<Option<Vec<Labels>>>;

/// Per file, the analysis of its queries. Shared per file, so that a
/// project rebuilt against the same catalog keeps those of unchanged
/// files.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    files: Vec<Arc<FileAnalysis>>,
}

impl Analysis {
    pub fn build(project: &Project) -> Analysis {
        Analysis::build_reusing(project, &|_| None)
    }

    /// Like `build`, but takes the analysis of file `i` from `reuse(i)`
    /// where it gives one (the file and the catalog are those it was
    /// made from).
    pub fn build_reusing(
        project: &Project,
        reuse: &(dyn Fn(usize) -> Option<Arc<FileAnalysis>> + Sync),
    ) -> Analysis {
        let files = project
            .files
            .par_iter()
            .enumerate()
            .map(|(i, f)| reuse(i).unwrap_or_else(|| Arc::new(analyse(f, project))))
            .collect();
        Analysis { files }
    }

    /// The node labels of query `query` of file `file`.
    pub fn query(&self, file: usize, query: usize) -> Option<&[Labels]> {
        self.files.get(file)?.get(query)?.as_deref()
    }

    /// The whole analysis of file `file`.
    pub fn file(&self, file: usize) -> Option<&Arc<FileAnalysis>> {
        self.files.get(file)
    }
}

fn analyse(f: &FileModel, project: &Project) -> FileAnalysis {
    f.all_queries()
        .map(|q| q.expr().map(|e| infer_all(e, project.catalog.as_ref())))
        .collect()
}
