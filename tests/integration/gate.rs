//! Adopting the gate on an existing repository: suppression comments,
//! baselines, settings found by walking up, selection flags, standard
//! input, exit codes, and the human output of long reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn promlint(args: &[&str], dir: &Path) -> Output {
    promlint_stdin(args, dir, None)
}

fn promlint_stdin(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promlint runs");
    {
        use std::io::Write;
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    }
    child.wait_with_output().expect("promlint ends")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("promlint-gate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dir");
    }
    std::fs::write(path, text).expect("write");
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `(file:line, code)` of each finding of a JSON report.
fn findings(o: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                format!("{}:{}", d["file"].as_str().unwrap_or(""), d["line"]),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn alert(name: &str, expr: &str) -> String {
    format!("      - alert: {name}\n        expr: {expr}\n")
}

fn rules(body: &str) -> String {
    format!("groups:\n  - name: g\n    rules:\n{body}")
}

#[test]
fn suppression_comments() {
    let dir = temp_dir("suppress");
    let text = rules(&format!(
        "{}{}        # promlint disable-next-line=promql/type\n{}{}",
        alert(
            "A",
            "rate(up) > 0  # promlint disable=promql/type -- migrated later"
        ),
        "      - alert: B\n",
        "        expr: rate(up) > 0\n",
        alert("C", "rate(up) > 0"),
    ));
    write(&dir, "r.yml", &text);
    let o = promlint(&["check", "--format", "json", "r.yml"], &dir);
    assert_eq!(
        findings(&o),
        vec![("r.yml:10".to_string(), "promql/type".to_string())],
        "only C's finding is left"
    );
    // The whole file.
    write(
        &dir,
        "f.yml",
        &format!(
            "# promlint disable-file=promql/type\n{}",
            rules(&alert("C", "rate(up) > 0"))
        ),
    );
    let o = promlint(&["check", "--format", "json", "f.yml"], &dir);
    assert_eq!(findings(&o), vec![]);
    assert_eq!(o.status.code(), Some(0));
    // `.promql` files.
    write(
        &dir,
        "q.promql",
        "# promlint disable-next-line=promql/type\nrate(up)\n",
    );
    let o = promlint(&["check", "--format", "json", "q.promql"], &dir);
    assert_eq!(findings(&o), vec![]);
}

#[test]
fn suppression_in_an_embedded_rule_file() {
    let dir = temp_dir("embedded");
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: rules\ndata:\n  alerts.yml: |\n    groups:\n      - name: a\n        rules:\n          - alert: A\n            expr: rate(up) > 0  # promlint disable=promql/type\n          - alert: B\n            expr: rate(up) > 0\n";
    write(&dir, "cm.yaml", manifest);
    let o = promlint(&["check", "--format", "json", "cm.yaml"], &dir);
    assert_eq!(
        findings(&o),
        vec![("cm.yaml:13".to_string(), "promql/type".to_string())]
    );
}

#[test]
fn unused_and_malformed_suppressions_are_reported() {
    let dir = temp_dir("unused");
    let text = rules(&format!(
        "{}{}{}",
        alert("A", "up == 0  # promlint disable=promql/type"),
        alert("B", "rate(up) > 0  # promlint disable promql/type"),
        alert("C", "rate(up) > 0  # promlint disable=promql/typo"),
    ));
    write(&dir, "r.yml", &text);
    let o = promlint(&["check", "--format", "json", "r.yml"], &dir);
    assert_eq!(
        findings(&o),
        vec![
            (
                "r.yml:5".to_string(),
                "settings/unused-suppression".to_string()
            ),
            ("r.yml:7".to_string(), "promql/type".to_string()),
            (
                "r.yml:7".to_string(),
                "settings/invalid-suppression".to_string()
            ),
            ("r.yml:9".to_string(), "promql/type".to_string()),
            (
                "r.yml:9".to_string(),
                "settings/invalid-suppression".to_string()
            ),
        ]
    );
    // A check switched off makes no unused suppression.
    write(&dir, ".promlint.yml", "checks:\n  promql/type: off\n");
    write(
        &dir,
        "r.yml",
        &rules(&alert("A", "rate(up) > 0  # promlint disable=promql/type")),
    );
    let o = promlint(&["check", "--format", "json", "r.yml"], &dir);
    assert_eq!(findings(&o), vec![]);
}

#[test]
fn baselines() {
    let dir = temp_dir("baseline");
    write(&dir, "rules/r.yml", &rules(&alert("A", "rate(up) > 0")));
    let o = promlint(&["check", "--write-baseline", "baseline.json", "."], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("recorded 1 finding in baseline.json"));
    // Lines added above the finding: still known.
    write(
        &dir,
        "rules/r.yml",
        &format!(
            "# a comment\n{}",
            rules(&format!(
                "{}{}",
                alert("Z", "up == 0"),
                alert("A", "rate(up) > 0")
            ))
        ),
    );
    let o = promlint(&["check", "--baseline", "baseline.json", "."], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // A new finding is reported; the known one is not.
    write(
        &dir,
        "rules/r.yml",
        &rules(&format!(
            "{}{}",
            alert("A", "rate(up) > 0"),
            alert("B", "rate(up) > 1")
        )),
    );
    let o = promlint(
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "baseline.json",
            ".",
        ],
        &dir,
    );
    assert_eq!(
        findings(&o),
        vec![("./rules/r.yml:7".to_string(), "promql/type".to_string())]
    );
    // Refused: a baseline of another repository, and a file that is none.
    let other = temp_dir("baseline-other");
    write(&other, "alerts/x.yml", &rules(&alert("A", "rate(up) > 0")));
    assert_eq!(
        promlint(&["check", "--write-baseline", "b.json", "."], &other)
            .status
            .code(),
        Some(0)
    );
    std::fs::copy(other.join("b.json"), dir.join("other.json")).expect("copy");
    let o = promlint(&["check", "--baseline", "other.json", "."], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("written for another repository"),
        "{}",
        stderr(&o)
    );
    write(&dir, "broken.json", "{\"findings\": 3}");
    let o = promlint(&["check", "--baseline", "broken.json", "."], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a promlint baseline"),
        "{}",
        stderr(&o)
    );
    let o = promlint(&["check", "--baseline", "missing.json", "."], &dir);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn settings_found_by_walking_up() {
    let dir = temp_dir("walk");
    write(
        &dir,
        ".promlint.yml",
        "exclude: [vendor]\nper_file_ignores:\n  \"dashboards/legacy/*.json\": [grafana]\nseverity:\n  promql/type: warning\n",
    );
    write(
        &dir,
        "team/rules/r.yml",
        &rules(&alert("A", "rate(up) > 0")),
    );
    write(
        &dir,
        "team/vendor/v.yml",
        &rules(&alert("A", "rate(up) > 0")),
    );
    // Checked from a subfolder: the settings above apply.
    let team = dir.join("team");
    let o = promlint(&["check", "--format", "json", "."], &team);
    assert_eq!(
        findings(&o),
        vec![("./rules/r.yml:5".to_string(), "promql/type".to_string())],
        "vendor/ is excluded"
    );
    assert_eq!(o.status.code(), Some(0), "promql/type is a warning here");
    // A file named directly is checked whatever `exclude` says.
    let o = promlint(&["check", "--format", "json", "vendor/v.yml"], &team);
    assert_eq!(findings(&o).len(), 1);
    // Dashboards ignored by path.
    let dash =
        r#"{"title": "d", "uid": "d", "panels": [{"type": "graph", "targets": [{"expr": "up"}]}]}"#;
    write(&dir, "dashboards/legacy/old.json", dash);
    write(&dir, "dashboards/new.json", dash);
    let o = promlint(&["check", "--format", "json", "dashboards"], &dir);
    let f = findings(&o);
    assert!(
        f.iter()
            .all(|(at, _)| at.starts_with("dashboards/new.json")),
        "{f:?}"
    );
    assert!(!f.is_empty());
    // `--config` names other settings; a missing one is refused.
    write(&dir, "strict.yml", "severity:\n  promql: error\n");
    let o = promlint(&["check", "--config", "../strict.yml", "."], &team);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let o = promlint(&["check", "--config", "nope.yml", "."], &team);
    assert_eq!(o.status.code(), Some(2));
    // Wrong settings are located errors.
    write(
        &dir,
        ".promlint.yml",
        "per_file_ignores:\n  \"*.json\": [grafana/nope]\nseverity:\n  promql: fatal\n",
    );
    let o = promlint(
        &["check", "--format", "json", "--select", "settings", "."],
        &team,
    );
    assert_eq!(
        findings(&o),
        vec![
            (
                "../.promlint.yml:2".to_string(),
                "settings/invalid".to_string()
            ),
            (
                "../.promlint.yml:4".to_string(),
                "settings/invalid".to_string()
            ),
        ]
    );
}

#[test]
fn selection_flags() {
    let dir = temp_dir("select");
    let text = rules(&format!(
        "{}      - record: r\n        expr: up\n      - record: r\n        expr: up\n",
        alert("A", "rate(up) > 0")
    ));
    write(&dir, "r.yml", &text);
    let codes = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json", "r.yml"];
        all.extend(args);
        findings(&promlint(&all, &dir))
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    };
    let all = codes(&[]);
    assert!(all.len() >= 2, "{all:?}");
    assert_eq!(codes(&["--select", "promql"]), vec!["promql/type"]);
    assert_eq!(codes(&["--select", "promql/type"]), vec!["promql/type"]);
    assert!(!codes(&["--ignore", "promql"]).contains(&"promql/type".to_string()));
    assert_eq!(codes(&["--min-severity", "error"]), vec!["promql/type"]);
    let o = promlint(&["check", "--select", "promq", "r.yml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`--select promq`"));
    // --quiet: the findings, no summary; --statistics: counts per code.
    let o = promlint(&["check", "--quiet", "r.yml"], &dir);
    assert!(stdout(&o).contains("promql/type") && !stdout(&o).contains("Found"));
    let o = promlint(
        &["check", "--statistics", "--select", "promql", "r.yml"],
        &dir,
    );
    assert_eq!(
        stdout(&o),
        "     1  promql/type                          error\n     1  finding\n"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn standard_input() {
    let dir = temp_dir("stdin");
    let o = promlint_stdin(
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "rules/r.yml",
        ],
        &dir,
        Some(&rules(&alert("A", "rate(up) > 0"))),
    );
    assert_eq!(
        findings(&o),
        vec![("rules/r.yml:5".to_string(), "promql/type".to_string())]
    );
    // A multi-document stream, as `helm template` prints.
    let stream = "---\n# Source: chart/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n---\n# Source: chart/templates/rules.yaml\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: rate(up) > 0\n";
    let o = promlint_stdin(
        &[
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "helm.yaml",
        ],
        &dir,
        Some(stream),
    );
    assert_eq!(
        findings(&o),
        vec![("helm.yaml:20".to_string(), "promql/type".to_string())]
    );
    // Nothing promlint knows on standard input: exit 2, not a pass.
    let o = promlint_stdin(&["check", "-"], &dir, Some("hello: world\n"));
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("standard input"));
    let o = promlint(&["check", "--stdin-filename", "x.yml", "."], &dir);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unreadable_paths_do_not_stop_the_others() {
    let dir = temp_dir("paths");
    write(&dir, "bad.yml", &rules(&alert("A", "rate(up) > 0")));
    let o = promlint(&["check", "missing", "bad.yml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("promql/type"),
        "bad.yml is still checked"
    );
    assert!(stderr(&o).contains("missing:"), "{}", stderr(&o));
    std::fs::create_dir_all(dir.join("empty")).expect("dir");
    let o = promlint(&["check", "empty"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no file that promlint checks"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_exit_2() {
    let dir = temp_dir("full");
    write(&dir, "bad.yml", &rules(&alert("A", "rate(up) > 0")));
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(["check", "bad.yml"])
        .current_dir(&dir)
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write the output"));
}

#[test]
fn git_tracked_only() {
    let dir = temp_dir("git");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        return; // no git here
    }
    write(&dir, "tracked.yml", &rules(&alert("A", "up == 0")));
    write(&dir, "scratch.yml", &rules(&alert("A", "rate(up) > 0")));
    assert!(git(&["add", "tracked.yml"]));
    let o = promlint(&["check", "--git-tracked-only", "."], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = promlint(&["check", "."], &dir);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn long_reports_fold_repeats_and_sum_up_per_check() {
    let candidates = promlint::discover::discover(&[PathBuf::from("fixtures/gate/repeated.yml")])
        .expect("fixture");
    let outcome = crate::support::check_candidates(&candidates);
    insta::assert_snapshot!(
        "gate_repeated_human",
        promlint::cli::render_outcome(&outcome, promlint::cli::Format::Human, false, 100)
    );
}
