//! Differential test: every prometheus.yml fixture through `promtool check
//! config --syntax-only` and through promlint; both must accept or reject
//! it alike, except the cases listed in fixtures/prometheus/DIFFERENCES.md
//! (where promtool 2.42 and Prometheus 3.x differ), for which promlint must
//! give the 3.x verdict.

use promlint::diagnostic::Severity;
use promlint::model::{Candidate, FileKind};
use promlint::project::Project;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROMTOOL: &str = "/usr/bin/promtool";

/// Findings that `--syntax-only` cannot see: it does not look at the files
/// the configuration names.
const FILE_SYSTEM_CODES: &[&str] = &["prometheus/rule-file-missing"];

fn files_in(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_in(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures, and the seed repositories' Prometheus configurations.
fn fixtures() -> Vec<(PathBuf, bool)> {
    let mut out = Vec::new();
    for (dir, valid) in [("valid", true), ("invalid", false)] {
        let mut files = Vec::new();
        files_in(&root().join("fixtures/prometheus").join(dir), &mut files);
        out.extend(files.into_iter().map(|f| (f, valid)));
    }
    let mut seeds = Vec::new();
    files_in(&root().join("fixtures/seeds"), &mut seeds);
    for f in seeds {
        let project = build(&f);
        if project
            .files
            .first()
            .is_some_and(|m| m.kind == FileKind::PrometheusConfig)
        {
            out.push((f, true));
        }
    }
    out
}

fn build(path: &Path) -> Project {
    Project::build(&[Candidate {
        path: path.to_path_buf(),
        explicit: true,
    }])
}

/// promlint's verdict: does it report an error `--syntax-only` could see?
fn promlint_rejects(path: &Path) -> (bool, Vec<String>) {
    let project = build(path);
    let errors: Vec<String> = promlint::checks::run(&project, &[])
        .into_iter()
        .filter(|d| d.severity == Severity::Error && !FILE_SYSTEM_CODES.contains(&d.code))
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    (!errors.is_empty(), errors)
}

fn promtool_rejects(path: &Path) -> bool {
    let out = Command::new(PROMTOOL)
        .args(["check", "config", "--syntax-only"])
        .arg(path)
        .output()
        .expect("promtool runs");
    !out.status.success()
}

/// The fixture paths listed in DIFFERENCES.md (relative to its folder).
fn known_differences() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("fixtures/prometheus/DIFFERENCES.md"))
        .expect("DIFFERENCES.md exists");
    text.lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn fixtures_have_the_expected_verdict() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "only {} fixtures", fixtures.len());
    for (path, valid) in &fixtures {
        let (rejects, errors) = promlint_rejects(path);
        assert_eq!(
            rejects,
            !valid,
            "{}: expected {}, promlint says {errors:?}",
            path.display(),
            if *valid { "valid" } else { "invalid" }
        );
    }
}

#[test]
fn promtool_agrees() {
    if !Path::new(PROMTOOL).exists() {
        eprintln!(
            "notice: {PROMTOOL} is absent; the differential test against promtool is skipped"
        );
        return;
    }
    let differences = known_differences();
    let base = root().join("fixtures/prometheus");
    let fixtures = fixtures();
    let (mut agree, mut expected_differences) = (0, 0);
    let mut failures = Vec::new();
    for (path, _) in &fixtures {
        let rel = path
            .strip_prefix(&base)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let theirs = promtool_rejects(path);
        let (ours, errors) = promlint_rejects(path);
        let listed = differences.contains(&rel);
        match (theirs == ours, listed) {
            (true, false) => agree += 1,
            (false, true) => expected_differences += 1,
            (true, true) => failures.push(format!(
                "{rel}: listed in DIFFERENCES.md but promtool agrees"
            )),
            (false, false) => failures.push(format!(
                "{}: promtool {}, promlint {} {errors:?}",
                path.display(),
                if theirs { "rejects" } else { "accepts" },
                if ours { "rejects" } else { "accepts" },
            )),
        }
    }
    eprintln!(
        "prometheus.yml differential: {agree} of {} fixtures agree with promtool 2.42; {expected_differences} documented 2.42/3.x differences",
        fixtures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(
        expected_differences,
        differences.len(),
        "every listed difference is a fixture"
    );
}
