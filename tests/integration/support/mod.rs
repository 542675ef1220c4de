//! Helpers shared by the integration tests.
pub mod corpus;
pub mod promtool;

use promlint::model::Candidate;
use promlint::{Options, Outcome};
use std::path::PathBuf;

/// Options that check `paths` with everything else at its default.
pub fn paths_options(paths: &[PathBuf]) -> Options {
    Options {
        paths: paths.to_vec(),
        ..Options::default()
    }
}

/// Checks files already found, with the default options.
pub fn check_candidates(candidates: &[Candidate]) -> Outcome {
    promlint::check_candidates(candidates, &Options::default())
}
