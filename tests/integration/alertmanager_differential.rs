//! Alertmanager fixtures (`fixtures/alertmanager/{valid,invalid}`): promlint
//! must accept exactly the valid ones (no error), and `amtool check-config`
//! 0.25 (when installed) must give the same verdict, except on the
//! fixtures `fixtures/alertmanager/DIFFERENCES.md` lists (features newer
//! than 0.25), where the current release's verdict is asserted.

use crate::support::check_candidates;
use promlint::diagnostic::Severity;
use promlint::model::Candidate;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager")
}

/// Every fixture: (path relative to the fixture folder, expected verdict).
fn fixtures() -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (sub, valid) in [("valid", true), ("invalid", false)] {
        let mut names: Vec<String> = std::fs::read_dir(dir().join(sub))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yml"))
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|n| (format!("{sub}/{n}"), valid)));
    }
    out
}

/// The error diagnostics promlint gives on one file.
fn promlint_errors(path: &Path) -> Vec<String> {
    let outcome = check_candidates(&[Candidate {
        path: path.to_path_buf(),
        explicit: true,
    }]);
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

fn listed_differences() -> Vec<String> {
    let text = std::fs::read_to_string(dir().join("DIFFERENCES.md")).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|f| f.ends_with(".yml"))
        .map(str::to_string)
        .collect()
}

fn amtool() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/amtool");
    p.exists().then_some(p)
}

#[test]
fn there_are_enough_fixtures() {
    let f = fixtures();
    assert!(f.len() >= 40, "only {} fixtures", f.len());
    assert!(f.iter().any(|x| x.1) && f.iter().any(|x| !x.1));
}

#[test]
fn promlint_accepts_exactly_the_valid_fixtures() {
    let mut wrong = Vec::new();
    for (rel, valid) in fixtures() {
        let errors = promlint_errors(&dir().join(&rel));
        if valid != errors.is_empty() {
            wrong.push(format!(
                "{rel}: expected {}, got {errors:?}",
                if valid { "no error" } else { "an error" }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn amtool_agrees_except_on_listed_differences() {
    let Some(amtool) = amtool() else {
        eprintln!(
            "amtool not installed: skipping the differential test against amtool check-config"
        );
        return;
    };
    let listed = listed_differences();
    let mut agree = 0;
    let mut problems = Vec::new();
    let all = fixtures();
    for (rel, valid) in &all {
        let status = Command::new(&amtool)
            .arg("check-config")
            .arg(dir().join(rel))
            .output()
            .expect("amtool runs");
        let amtool_valid = status.status.success();
        let is_listed = listed.contains(rel);
        match (amtool_valid == *valid, is_listed) {
            (true, false) => agree += 1,
            (false, true) => {}
            (false, false) => problems.push(format!(
                "{rel}: amtool 0.25 says {}, current Alertmanager {}; list it in DIFFERENCES.md or fix promlint",
                if amtool_valid { "valid" } else { "invalid" },
                if *valid { "valid" } else { "invalid" }
            )),
            (true, true) => problems.push(format!("{rel}: listed in DIFFERENCES.md but amtool 0.25 agrees")),
        }
    }
    eprintln!(
        "amtool 0.25 agrees on {agree} of {} fixtures; {} listed differences",
        all.len(),
        listed.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
