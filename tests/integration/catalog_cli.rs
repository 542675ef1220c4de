//! `promlint check --metrics PATH` and `.promlint.yml` `metrics:` make any
//! file an exposition whose metrics queries may use; settings switch checks
//! off.

use std::path::Path;
use std::process::Command;

fn run(args: &[&str], dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .current_dir(dir)
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn codes(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["line"]))
        .collect()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("promlint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("q")).expect("temp dir");
    std::fs::write(
        d.join("scrape.txt"),
        "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{queue=\"a\"} 1\n",
    )
    .expect("write");
    std::fs::write(
        d.join("q/panels.promql"),
        "rate(jobs_total[5m])\n\nrate(jobz_total[5m])\n",
    )
    .expect("write");
    d
}

#[test]
fn metrics_option_reads_any_file_as_exposition() {
    let d = tempdir("metrics-option");
    // Without it the .txt is not read: no definitions, nothing to say.
    assert_eq!(codes(&run(&["q"], &d).1), Vec::<String>::new());
    let (code, out) = run(&["--metrics", "scrape.txt", "q"], &d);
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), vec!["metrics/unknown-metric 3"]);
    let (code, _) = run(&["--metrics", "missing.txt", "q"], &d);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn settings_file_names_expositions_and_switches_checks() {
    let d = tempdir("settings");
    std::fs::write(d.join(".promlint.yml"), "metrics: ['*.txt']\n").expect("write");
    assert_eq!(codes(&run(&["."], &d).1), vec!["metrics/unknown-metric 3"]);
    std::fs::write(
        d.join(".promlint.yml"),
        "metrics: ['*.txt']\nchecks:\n  metrics/unknown-metric: off\n",
    )
    .expect("write");
    assert_eq!(codes(&run(&["."], &d).1), Vec::<String>::new());
    std::fs::write(d.join(".promlint.yml"), "metrix: []\n").expect("write");
    let (code, out) = run(&["."], &d);
    assert_eq!(code, 1);
    assert_eq!(codes(&out), vec!["settings/invalid 1"]);
    let _ = std::fs::remove_dir_all(&d);
}
