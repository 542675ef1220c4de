//! `promlint test --scaffold`: snapshots of the scaffolds of small rule
//! files, and the scaffolds pass `promlint test` (and `promtool test
//! rules` when promtool 2.42 is installed).

use crate::support::promtool;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::run_promlint as promlint;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn scaffold_of_basic_rules() {
    let (code, out, err) = promlint(&[
        "test",
        "--scaffold",
        "fixtures/unittest/scaffold/basic.rules.yml",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn scaffold_says_why_alerts_never_or_always_fire() {
    let (code, out, err) = promlint(&[
        "test",
        "--scaffold",
        "fixtures/unittest/scaffold/impossible.rules.yml",
        "fixtures/unittest/scaffold/app.prom",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("# metrics/never-matching:"), "{out}");
    assert!(out.contains("# metrics/constant-ratio:"), "{out}");
    assert!(out.contains("# promql/alert-always-fires:"), "{out}");
    assert!(out.contains("no firing input written"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn unloadable_rule_file_exits_2() {
    let (code, out, err) = promlint(&[
        "test",
        "--scaffold",
        "fixtures/unittest/invalid/does-not-exist.rules.yml",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("cannot be loaded"), "{err}");
}

/// Writes the scaffold of `rules` (an absolute path, so that the test
/// file can live anywhere) into a temporary folder and runs it.
fn scaffold_passes(rules: &Path, name: &str, min_firing: usize) {
    let rules = rules.to_str().expect("UTF-8 path");
    let (code, out, err) = promlint(&["test", "--scaffold", rules]);
    assert_eq!(code, 0, "{err}");
    let firing = out.matches(" fires'\n").count();
    assert!(firing >= min_firing, "{firing} firing groups:\n{out}");
    let dir = std::env::temp_dir().join(format!("promlint-scaffold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{name}.test.yml"));
    std::fs::write(&file, &out).expect("write scaffold");
    let file = file.to_str().expect("UTF-8 path");
    let (code, report, _) = promlint(&["test", file]);
    assert_eq!(code, 0, "{report}\n{out}");
    if let Some(p) = promtool::find_verified("scaffold_passes") {
        let res = Command::new(&p.path)
            .args(["test", "rules", file])
            .output()
            .expect("promtool runs");
        assert!(
            res.status.success(),
            "promtool: {}{}\n{out}",
            String::from_utf8_lossy(&res.stdout),
            String::from_utf8_lossy(&res.stderr)
        );
    }
}

#[test]
fn scaffolds_pass() {
    let base = root().join("fixtures/unittest/scaffold");
    scaffold_passes(&base.join("basic.rules.yml"), "basic", 6);
    scaffold_passes(&base.join("impossible.rules.yml"), "impossible", 2);
}

#[test]
fn scaffold_of_the_chat_bot_rules_passes() {
    let rules = root().join("fixtures/seeds/chatbot-port8000/rules/alert.rules.yml");
    scaffold_passes(&rules, "chatbot", 10);
}
