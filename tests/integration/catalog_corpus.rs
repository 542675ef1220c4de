//! The benchmark corpus is valid by construction (every metric defined in
//! its exposition file, every template reading labels its expression
//! keeps): `promlint check` must report no warning and no error on it.

use crate::support::paths_options;
use promlint::diagnostic::Severity;
use std::path::PathBuf;
use std::process::Command;

/// Where the generator lives next to the repository (from a checkout, or
/// from a worktree one folder deeper); `PROMLINT_GEN_CORPUS` overrides.
const GENERATOR: &[&str] = &[
    "../shared/bench/gen_corpus.py",
    "../../shared/bench/gen_corpus.py",
];

#[test]
fn generated_corpus_is_clean() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let generator = std::env::var_os("PROMLINT_GEN_CORPUS")
        .map(PathBuf::from)
        .or_else(|| GENERATOR.iter().map(|g| root.join(g)).find(|g| g.exists()));
    let Some(generator) = generator else {
        eprintln!("skipped: no corpus generator found");
        return;
    };
    let out = std::env::temp_dir().join(format!("promlint-corpus-{}", std::process::id()));
    let status = Command::new("python3")
        .arg(&generator)
        .arg(&out)
        .args(["--rules", "300", "--dashboards", "5", "--tests", "5"])
        .status();
    match status {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("skipped: python3 could not run the generator: {other:?}");
            return;
        }
    }
    let outcome =
        promlint::check(&paths_options(std::slice::from_ref(&out))).expect("corpus exists");
    let _ = std::fs::remove_dir_all(&out);
    let bad: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| format!("{} {}: {}", d.code, d.file.display(), d.message))
        .collect();
    assert!(
        bad.is_empty(),
        "{} findings:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(outcome.project.catalog.has_user_definitions());
}
