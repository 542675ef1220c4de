//! The machine formats of `promlint check`: SARIF (validated with
//! Microsoft's SARIF validator when it is installed), Checkstyle, GitLab
//! Code Quality and JUnit, snapshotted on the bundled example.

use crate::support::check_candidates;
use promlint::cli::{render_outcome, Format};
use promlint::discover::discover;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn render(path: &Path, format: Format) -> String {
    let candidates = discover(&[path.to_path_buf()]).expect("path exists");
    let outcome = check_candidates(&candidates);
    render_outcome(&outcome, format, false, 100)
}

fn example(format: Format) -> String {
    render(Path::new("fixtures/example/"), format)
}

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("promlint-formats-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

#[test]
fn example_snapshots() {
    // The results only: the rules are every check's documentation, which
    // other tests cover (and which changes whenever a check is added).
    let mut results = results(&example(Format::Sarif));
    for r in &mut results {
        if let Some(o) = r.as_object_mut() {
            o.remove("ruleIndex");
        }
    }
    let results = serde_json::to_string_pretty(&results).expect("JSON");
    insta::assert_snapshot!("example_sarif_results", results);
    insta::assert_snapshot!("example_checkstyle", example(Format::Checkstyle));
    insta::assert_snapshot!("example_gitlab", example(Format::Gitlab));
    insta::assert_snapshot!("example_junit", example(Format::Junit));
}

fn results(sarif: &str) -> Vec<Value> {
    let log: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    log["runs"][0]["results"]
        .as_array()
        .cloned()
        .expect("results")
}

#[test]
fn sarif_has_one_rule_per_check_and_results_point_at_them() {
    let text = example(Format::Sarif);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one rule per code");
    assert!(ids.contains(&"alertmanager/undefined-receiver"));
    let rule = &rules[ids
        .iter()
        .position(|i| *i == "alertmanager/deprecated-match")
        .expect("rule")];
    assert!(rule["help"]["text"]
        .as_str()
        .unwrap_or("")
        .contains("Alertmanager 0.22"));
    let results = results(&text);
    assert!(!results.is_empty());
    for r in &results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap_or(0) >= 1);
        assert!(region["startColumn"].as_u64().unwrap_or(0) >= 1);
    }
}

const AM: &str = "route:\n  receiver: team\n  routes:\n    - {group_by: [\"\u{1F600}\"], receiver: pager}\nreceivers:\n  - name: team\n";

fn undefined_receiver(results: &[Value]) -> &Value {
    results
        .iter()
        .find(|r| r["ruleId"] == "alertmanager/undefined-receiver")
        .expect("the undefined receiver is found")
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let dir = scratch("utf16");
    std::fs::write(dir.join("alertmanager.yml"), AM).expect("write");
    let results = results(&render(&dir, Format::Sarif));
    let region = &undefined_receiver(&results)["locations"][0]["physicalLocation"]["region"];
    // `    - {group_by: ["😀"], receiver: ` is 34 characters, 35 UTF-16
    // code units: the emoji counts twice.
    let line = AM.lines().nth(3).expect("line 4");
    let prefix = &line[..line.find("pager").expect("pager")];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], prefix.encode_utf16().count() + 1);
    assert_eq!(region["endColumn"], prefix.encode_utf16().count() + 6);
    assert_ne!(prefix.encode_utf16().count(), prefix.chars().count());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fingerprints_survive_lines_added_above() {
    let dir = scratch("fingerprint");
    let file = dir.join("alertmanager.yml");
    std::fs::write(&file, AM).expect("write");
    let before = results(&render(&dir, Format::Sarif));
    std::fs::write(&file, format!("# a comment\n\nglobal: {{}}\n{AM}")).expect("write");
    let after = results(&render(&dir, Format::Sarif));
    let (b, a) = (undefined_receiver(&before), undefined_receiver(&after));
    assert_ne!(
        b["locations"][0]["physicalLocation"]["region"]["startLine"],
        a["locations"][0]["physicalLocation"]["region"]["startLine"]
    );
    assert_eq!(b["partialFingerprints"], a["partialFingerprints"]);
    // A different finding has a different fingerprint.
    std::fs::write(&file, AM.replace("pager", "other")).expect("write");
    let other = results(&render(&dir, Format::Sarif));
    assert_ne!(
        b["partialFingerprints"],
        undefined_receiver(&other)["partialFingerprints"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gitlab_fingerprints_are_unique() {
    let issues: Vec<Value> = serde_json::from_str(&example(Format::Gitlab)).expect("JSON");
    let mut prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    let n = prints.len();
    assert_eq!(n, issues.len());
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), n);
    for i in &issues {
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap_or(0) >= 1);
        assert!(i["check_name"].as_str().is_some_and(|c| c.contains('/')));
    }
}

#[test]
fn junit_without_findings_is_one_passing_case() {
    let dir = scratch("junit");
    std::fs::write(dir.join("alertmanager.yml"), "route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://127.0.0.1:5001/\n")
        .expect("write");
    let text = render(&dir, Format::Junit);
    assert!(text.contains("failures=\"0\""), "{text}");
    assert!(text.contains("no problems found in 1 file"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Microsoft's SARIF validator: `$SARIF_MULTITOOL` (the program), or
/// `sarif-multitool` on the `PATH` (`.ci/run` installs it from npm).
fn validator() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return Some(PathBuf::from(p));
    }
    let ok = Command::new("sarif-multitool")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| PathBuf::from("sarif-multitool"))
}

/// The validator's errors on a SARIF file (it exits 0 either way).
fn validate(tool: &Path, file: &Path) -> Vec<String> {
    let out = Command::new(tool)
        .arg("validate")
        .arg(file)
        .output()
        .expect("the validator runs");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("Analysis completed successfully"),
        "the validator did not finish:\n{text}"
    );
    text.lines()
        .filter(|l| l.contains(": error "))
        .map(str::to_string)
        .collect()
}

#[test]
fn sarif_passes_microsofts_validator() {
    let Some(tool) = validator() else {
        eprintln!("skipped: Microsoft's SARIF validator is not installed (npm install @microsoft/sarif-multitool, then set SARIF_MULTITOOL or put sarif-multitool on the PATH)");
        return;
    };
    let dir = scratch("validator");
    let good = dir.join("example.sarif");
    std::fs::write(&good, example(Format::Sarif)).expect("write");
    let errors = validate(&tool, &good);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator is not a rubber stamp: a region at line 0 is refused.
    let bad = dir.join("bad.sarif");
    let mut log: Value = serde_json::from_str(&example(Format::Sarif)).expect("JSON");
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    std::fs::write(&bad, log.to_string()).expect("write");
    assert!(!validate(&tool, &bad).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
