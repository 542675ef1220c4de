//! Differential test: our promtool-compatible lints against
//! `promtool check metrics` (verified with promtool 2.42) on the fixture
//! files. Skipped, with a printed line, when promtool is not on `PATH`.

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use promlint::exposition::{self, Format};

fn promtool() -> Option<PathBuf> {
    if let Some(p) = env::var_os("PROMTOOL") {
        return Some(PathBuf::from(p));
    }
    env::split_paths(&env::var_os("PATH")?)
        .map(|d| d.join("promtool"))
        .find(|p| p.is_file())
}

/// `(metric, text)` pairs promtool prints, and whether it could parse.
fn promtool_problems(promtool: &Path, text: &str) -> (bool, BTreeSet<(String, String)>) {
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run promtool");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("promtool output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let parsed = !stderr.contains("error while linting");
    let problems = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|l| !l.contains("error while linting") && !l.trim().is_empty())
        .filter_map(|l| l.split_once(' '))
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    (parsed, problems)
}

fn ours(text: &str) -> (bool, BTreeSet<(String, String)>) {
    let exp = exposition::parse(text);
    assert_eq!(exp.format, Format::Text004);
    let problems = exposition::lint(&exp)
        .into_iter()
        .filter(|p| p.code.is_promtool())
        .map(|p| (p.metric, p.message))
        .collect();
    (exp.errors.is_empty(), problems)
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir("fixtures/exposition/promtool")
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "prom"))
        .collect();
    files.push("fixtures/exposition/node_exporter.prom".into());
    files.push("fixtures/exposition/python_client.prom".into());
    files.sort();
    files
}

#[test]
fn same_problems_as_promtool() {
    let files = fixtures();
    assert!(files.len() >= 15, "{} fixtures", files.len());
    let Some(promtool) = promtool() else {
        println!("SKIP same_problems_as_promtool: promtool not found on PATH (set PROMTOOL)");
        return;
    };
    let mut failures = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).expect("fixture");
        let (their_ok, theirs) = promtool_problems(&promtool, &text);
        let (our_ok, ours) = ours(&text);
        if their_ok != our_ok || theirs != ours {
            failures.push(format!(
                "{}:\n  promtool (parsed: {their_ok}): {theirs:?}\n  ours     (parsed: {our_ok}): {ours:?}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Input both reject: promtool stops at the first error, we report it and
/// go on; both must agree that the file is broken.
#[test]
fn same_verdict_on_broken_input() {
    let cases = [
        "a{a=\"1\",a=\"2\"} 1\n",
        "# HELP a x\n# HELP a y\na 1\n",
        "a 1\n# TYPE a gauge\n",
        "a{b=\"\\t\"} 1\n",
        "a{b=\"unterminated} 1\n",
        "a 1e400\n",
        "a 0x10\n",
        "a 1 1.5\n",
        "a 1",
        "1a 1\n",
        "a{1b=\"x\"} 1\n",
        "a{b=c} 1\n",
        "# TYPE a summary\na{quantile=\"x\"} 1\n",
        "# TYPE a histogram\na_bucket{le=\"x\"} 1\n",
        "# TYPE a gauge\n# TYPE a counter\n",
        "# TYPE a nonsense\n",
        "a 1 2 3\n",
        "a{__name__=\"b\"} 1\n",
    ];
    let Some(promtool) = promtool() else {
        println!("SKIP same_verdict_on_broken_input: promtool not found on PATH (set PROMTOOL)");
        return;
    };
    for text in cases {
        let (their_ok, _) = promtool_problems(&promtool, text);
        let exp = exposition::parse(text);
        assert!(!their_ok, "promtool accepts {text:?}");
        assert!(!exp.errors.is_empty(), "we accept {text:?}");
    }
}
