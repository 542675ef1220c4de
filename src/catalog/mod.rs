//! The metric catalog: every metric family the project defines or uses
//! (exposition files, declarations in code, built-in exporter catalogs,
//! recording rules, unit-test inputs), built from the loaded files, and
//! the label inference queries are analysed with.

pub mod builtin;
pub mod declaration;
pub mod scan;
pub use declaration::*;
pub mod index;
pub mod infer;
pub use index::Catalog;
