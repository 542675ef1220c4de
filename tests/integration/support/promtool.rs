//! Running Prometheus' `promtool` (the corpora are verified against 2.42).

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The promtool release the recorded verdicts were taken from.
pub const VERIFIED_VERSION: &str = "2.42.";

pub struct Promtool {
    pub path: PathBuf,
    pub version: String,
}

/// Finds promtool: `$PROMTOOL`, else `promtool` on `PATH`.
pub fn find() -> Option<Promtool> {
    let path = match env::var_os("PROMTOOL") {
        Some(p) => PathBuf::from(p),
        None => env::split_paths(&env::var_os("PATH")?)
            .map(|d| d.join("promtool"))
            .find(|p| p.is_file())?,
    };
    let out = Command::new(&path).arg("--version").output().ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let version = text
        .split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)
        .unwrap_or("unknown")
        .to_string();
    Some(Promtool { path, version })
}

/// Finds promtool of the verified release, or prints why the promtool
/// checks are skipped.
pub fn find_verified(test: &str) -> Option<Promtool> {
    match find() {
        None => {
            println!("SKIP {test}: promtool not found on PATH (set PROMTOOL or install Debian's `prometheus` package)");
            None
        }
        Some(p) if !p.version.starts_with(VERIFIED_VERSION) => {
            println!(
                "SKIP {test}: {} is promtool {}, the recorded verdicts are for {}x",
                p.path.display(),
                p.version,
                VERIFIED_VERSION
            );
            None
        }
        Some(p) => Some(p),
    }
}

pub struct RulesResult {
    pub success: bool,
    pub output: String,
}

impl Promtool {
    pub fn check_rules(&self, file: &Path) -> RulesResult {
        let out = Command::new(&self.path)
            .arg("check")
            .arg("rules")
            .arg(file)
            .output()
            .unwrap_or_else(|e| panic!("running {}: {e}", self.path.display()));
        RulesResult {
            success: out.status.success(),
            output: String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        }
    }

    /// Checks many expressions with one `promtool check rules` run: each
    /// expression is the `expr` of an alert in its own group, named by its
    /// id. Returns the ids promtool rejected.
    pub fn failing_exprs(&self, exprs: &[(&str, &str)], scratch: &Path) -> BTreeSet<String> {
        let mut yaml = String::from("groups:\n");
        for (id, expr) in exprs {
            yaml.push_str(&format!(
                "- name: {}\n  rules:\n  - alert: A\n    expr: {}\n",
                serde_json::to_string(id).unwrap(),
                serde_json::to_string(expr).unwrap()
            ));
        }
        fs::create_dir_all(scratch).unwrap();
        let file = scratch.join("promql_corpus_rules.yml");
        fs::write(&file, yaml).unwrap();
        let res = self.check_rules(&file);
        let mut failing = BTreeSet::new();
        let mut rest = res.output.as_str();
        while let Some(i) = rest.find("group \"") {
            rest = &rest[i + 7..];
            if let Some(end) = rest.find("\", rule ") {
                failing.insert(rest[..end].to_string());
            }
        }
        assert_eq!(
            res.success,
            failing.is_empty(),
            "could not attribute promtool's verdict to rules:\n{}",
            res.output
        );
        for id in &failing {
            assert!(
                exprs.iter().any(|(i, _)| i == id),
                "promtool named an unknown group {id:?}:\n{}",
                res.output
            );
        }
        failing
    }
}
