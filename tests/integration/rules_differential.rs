//! Rule-file fixtures (`fixtures/rules/`): `promlint check --format json`
//! must pass exactly the valid ones, and promtool 2.42 (when installed) must
//! give the verdict recorded in `fixtures/rules/manifest.tsv`.

#[allow(dead_code)]
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug)]
struct Fixture {
    /// Path relative to `fixtures/rules`, e.g. `valid/alert_basic.yml`.
    rel: String,
    path: PathBuf,
    valid: bool,
    promtool_valid: bool,
    note: String,
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn verdict(s: &str, line: usize) -> bool {
    match s {
        "valid" => true,
        "invalid" => false,
        _ => panic!("manifest.tsv:{line}: verdict must be valid or invalid, got {s:?}"),
    }
}

/// Reads the manifest and checks it lists every fixture exactly once.
fn load() -> Vec<Fixture> {
    let dir = rules_dir();
    let text = fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let mut fixtures = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 3,
            "manifest.tsv:{}: needs path, verdict, promtool verdict, note",
            i + 1
        );
        let fixture = Fixture {
            rel: cols[0].to_string(),
            path: dir.join(cols[0]),
            valid: verdict(cols[1], i + 1),
            promtool_valid: verdict(cols[2], i + 1),
            note: cols.get(3).unwrap_or(&"").to_string(),
        };
        assert!(
            fixture.valid == fixture.promtool_valid || !fixture.note.is_empty(),
            "manifest.tsv:{}: a promtool difference needs a note saying why",
            i + 1
        );
        assert!(
            fixtures.insert(fixture.rel.clone(), fixture).is_none(),
            "manifest.tsv:{}: {} listed twice",
            i + 1,
            cols[0]
        );
    }
    let mut problems = Vec::new();
    let mut on_disk = 0;
    for sub in ["valid", "invalid"] {
        for entry in fs::read_dir(dir.join(sub)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let rel = format!("{sub}/{name}");
            on_disk += 1;
            match fixtures.get(&rel) {
                None => problems.push(format!("{rel}: not in manifest.tsv")),
                Some(f) if f.valid != (sub == "valid") => problems.push(format!(
                    "{rel}: manifest verdict disagrees with its directory"
                )),
                Some(f) => {
                    let text = fs::read_to_string(&f.path).unwrap();
                    let want = format!("# Expected: {sub}");
                    if !text.is_empty() && (!text.starts_with("# Tests: ") || !text.contains(&want))
                    {
                        problems.push(format!(
                            "{rel}: must start with `# Tests: ...` and say `{want}`"
                        ));
                    }
                }
            }
        }
    }
    if on_disk != fixtures.len() {
        problems.push(format!(
            "manifest.tsv lists {} files, {} on disk",
            fixtures.len(),
            on_disk
        ));
    }
    assert!(
        problems.is_empty(),
        "fixture problems:\n{}",
        problems.join("\n")
    );
    fixtures.into_values().collect()
}

#[test]
fn manifest_covers_fixtures() {
    let fixtures = load();
    let valid = fixtures.iter().filter(|f| f.valid).count();
    let differ = fixtures
        .iter()
        .filter(|f| f.valid != f.promtool_valid)
        .count();
    println!(
        "{} rule files: {} valid, {} invalid; {} differ in promtool 2.42",
        fixtures.len(),
        valid,
        fixtures.len() - valid,
        differ
    );
    assert!(fixtures.len() >= 40);
    assert!(valid >= 10 && fixtures.len() - valid >= 10);
}

/// Problems with one `promlint check --format json` run, if any.
fn check_promlint(f: &Fixture) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(["check", "--format", "json"])
        .arg(&f.path)
        .output()
        .expect("running promlint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    let want_code = if f.valid { 0 } else { 1 };
    if out.status.code() != Some(want_code) {
        problems.push(format!(
            "exit status {:?}, expected {want_code} ({}){}",
            out.status.code(),
            if f.valid { "valid" } else { "invalid" },
            if stderr.trim().is_empty() {
                String::new()
            } else {
                format!("; stderr: {}", stderr.trim())
            }
        ));
    }
    let doc: serde_json::Value = match serde_json::from_str(&stdout) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("stdout is not JSON ({e}): {stdout:?}"));
            return problems;
        }
    };
    if doc.get("files_checked").and_then(|v| v.as_u64()) != Some(1) {
        problems.push(format!(
            "files_checked is {:?}, expected 1",
            doc.get("files_checked")
        ));
    }
    let Some(diags) = doc.get("diagnostics").and_then(|d| d.as_array()) else {
        problems.push("no diagnostics array".into());
        return problems;
    };
    let mut errors = 0;
    for d in diags {
        for key in ["file", "severity", "code", "message"] {
            if !d.get(key).is_some_and(|v| v.is_string()) {
                problems.push(format!("diagnostic without string {key:?}: {d}"));
            }
        }
        for key in ["line", "column", "end_line", "end_column"] {
            if !d.get(key).is_some_and(|v| v.is_u64()) {
                problems.push(format!("diagnostic without number {key:?}: {d}"));
            }
        }
        if !d.get("help").is_some_and(|v| v.is_string() || v.is_null()) {
            problems.push(format!("diagnostic without \"help\": {d}"));
        }
        if d.get("severity").and_then(|s| s.as_str()) == Some("error") {
            errors += 1;
        }
    }
    match (f.valid, errors) {
        (true, n) if n > 0 => problems.push(format!(
            "{n} error diagnostic(s) for a valid file: {diags:?}"
        )),
        (false, 0) => problems.push(format!(
            "no error diagnostic for an invalid file: {diags:?}"
        )),
        _ => {}
    }
    problems
}

#[test]
fn promlint_check_matches_manifest() {
    let fixtures = load();
    let mut mismatches = Vec::new();
    for f in &fixtures {
        for p in check_promlint(f) {
            mismatches.push(format!("{}: {p}", f.rel));
        }
    }
    let bad: std::collections::BTreeSet<_> = mismatches
        .iter()
        .map(|m| m.split(':').next().unwrap().to_string())
        .collect();
    println!(
        "promlint: {} of {} rule files as expected",
        fixtures.len() - bad.len(),
        fixtures.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} rule files not as expected:\n{}",
        bad.len(),
        mismatches.join("\n")
    );
}

#[test]
fn promtool_matches_manifest() {
    let Some(promtool) = crate::support::promtool::find_verified("promtool_matches_manifest")
    else {
        return;
    };
    let fixtures = load();
    let mut mismatches = Vec::new();
    for f in &fixtures {
        let res = promtool.check_rules(&f.path);
        if res.success != f.promtool_valid {
            mismatches.push(format!(
                "{}: promtool {} says {}, manifest says {}{}\n{}",
                f.rel,
                promtool.version,
                if res.success { "valid" } else { "invalid" },
                if f.promtool_valid { "valid" } else { "invalid" },
                if f.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", f.note)
                },
                res.output.trim()
            ));
        }
    }
    println!(
        "promtool {}: {} of {} rule files as recorded",
        promtool.version,
        fixtures.len() - mismatches.len(),
        fixtures.len()
    );
    assert!(
        mismatches.is_empty(),
        "{} rule files where promtool disagrees with manifest.tsv:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
