//! The command line as users call it: exit codes, formats, discovery.

use std::path::Path;
use std::process::{Command, Output};

fn promlint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("promlint runs")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("promlint-cli-{name}-{}", std::process::id()));
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

const GOOD: &str = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n";
const BAD: &str =
    "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: rate(up) > 0\n";
const WARN: &str = "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n      - record: r\n        expr: up\n";

#[test]
fn exit_codes() {
    let dir = temp_dir("exit");
    write(&dir, "good.yml", GOOD);
    write(&dir, "bad.yml", BAD);
    write(&dir, "warn.yml", WARN);
    assert_eq!(
        promlint(&["check", "good.yml"], &dir).status.code(),
        Some(0)
    );
    assert_eq!(promlint(&["check", "bad.yml"], &dir).status.code(), Some(1));
    assert_eq!(
        promlint(&["check", "warn.yml"], &dir).status.code(),
        Some(0)
    );
    assert_eq!(
        promlint(&["check", "--fail-on", "warning", "warn.yml"], &dir)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        promlint(&["check", "missing.yml"], &dir).status.code(),
        Some(2)
    );
    assert_eq!(
        promlint(&["check", "--format", "xml"], &dir).status.code(),
        Some(2)
    );
    assert_eq!(promlint(&["frobnicate"], &dir).status.code(), Some(2));
    // default: the current folder, every file, all reported
    let out = promlint(&["check", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["files_checked"], 3);
}

#[test]
fn json_document_shape() {
    let dir = temp_dir("json");
    write(&dir, "bad.yml", BAD);
    let out = promlint(&["check", "--format", "json", "bad.yml"], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let keys: Vec<_> = doc.as_object().expect("object").keys().cloned().collect();
    assert_eq!(keys, ["diagnostics", "files_checked"]);
    let d = &doc["diagnostics"][0];
    let mut keys: Vec<_> = d.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "file",
            "help",
            "line",
            "message",
            "severity"
        ]
    );
    assert_eq!(d["file"], "bad.yml");
    assert_eq!(d["line"], 5);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "promql/type");
}

#[test]
fn github_format() {
    let dir = temp_dir("github");
    write(&dir, "bad.yml", BAD);
    let out = promlint(&["check", "--format", "github", "bad.yml"], &dir);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("::error file=bad.yml,line=5,col="),
        "{text}"
    );
    assert!(text.contains("title=promql/type::"), "{text}");
}

#[test]
fn gitignored_files_are_skipped() {
    let dir = temp_dir("ignore");
    write(&dir, ".gitignore", "generated/\n");
    write(&dir, "generated/bad.yml", BAD);
    write(&dir, "rules/good.yml", GOOD);
    let out = promlint(&["check", "--format", "json", "."], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["files_checked"], 1, "{doc}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn one_broken_file_does_not_stop_the_others() {
    let dir = temp_dir("broken");
    write(&dir, "a.yml", "groups: [\n");
    write(&dir, "b.yml", BAD);
    std::fs::write(dir.join("c.yml"), [0xff, 0xfe, 0x00]).expect("write");
    let out = promlint(&["check", "--format", "json", "."], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<_> = doc["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["file"].as_str().unwrap_or(""),
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        codes.iter().any(|c| c.ends_with("a.yml:yaml/syntax")),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|c| c.ends_with("b.yml:promql/type")),
        "{codes:?}"
    );
    assert!(
        codes.iter().any(|c| c.ends_with("c.yml:file/unreadable")),
        "{codes:?}"
    );
}

#[test]
fn human_output_shows_the_line_and_help() {
    let dir = temp_dir("human");
    write(&dir, "bad.yml", BAD);
    let out = promlint(&["check", "--color", "never", "bad.yml"], &dir);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("promql/type"), "{text}");
    assert!(text.contains("rate(up) > 0"), "{text}");
    assert!(text.contains("bad.yml:5:"), "{text}");
    assert!(text.contains("Found 1 error"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when asked");
}

#[test]
fn explain() {
    let dir = temp_dir("explain");
    let out = promlint(&["explain", "--list"], &dir);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("promql/syntax"));
    assert!(text.contains("rules/unknown-field"));
    let out = promlint(&["explain", "rules/recording-field"], &dir);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("invalid field 'for'"));
    assert_eq!(
        promlint(&["explain", "no/such"], &dir).status.code(),
        Some(2)
    );
}

#[test]
fn nothing_recognised_is_exit_2() {
    let dir = temp_dir("nothing");
    write(&dir, "empty/.keep", "");
    let out = promlint(&["check", "empty"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no file that promlint checks"), "{stderr}");
    write(&dir, "docs/compose.yml", "services:\n  a: {}\n");
    assert_eq!(promlint(&["check", "docs"], &dir).status.code(), Some(2));
    // one recognised file is enough
    write(&dir, "docs/a.rules.yml", GOOD);
    assert_eq!(promlint(&["check", "docs"], &dir).status.code(), Some(0));
}
