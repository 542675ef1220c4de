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

/// Runs the promlint binary in the crate's folder without colours:
/// `(exit code, stdout, stderr)`.
pub fn run_promlint(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_promlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("promlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
