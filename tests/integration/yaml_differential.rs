//! Differential YAML corpus: every document in `fixtures/yaml/*.yml` has
//! the verdict Prometheus' YAML loader (Go yaml.v2, as `promtool check
//! config --syntax-only` uses it) gives it, recorded in
//! `fixtures/yaml/VERDICTS`. Our loader must agree, except for the listed
//! known differences (where the test pins our current verdict, so a fix
//! shows up as a failure to update the list). When promtool is installed,
//! it must give every recorded verdict.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug)]
struct Case {
    ok: bool,
    /// Known difference: our loader gives the opposite verdict.
    differs: Option<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/yaml")
}

/// `name ok|error [differs: why]` per line; `#` starts a comment line.
fn verdicts() -> BTreeMap<String, Case> {
    let text = std::fs::read_to_string(dir().join("VERDICTS")).expect("VERDICTS file");
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let name = parts.next().expect("name").to_string();
        let ok = match parts.next() {
            Some("ok") => true,
            Some("error") => false,
            other => panic!("bad verdict {other:?} in line {line:?}"),
        };
        let differs = parts.next().map(|rest| {
            rest.strip_prefix("differs: ")
                .unwrap_or_else(|| panic!("expected `differs: why` in {line:?}"))
                .to_string()
        });
        assert!(
            out.insert(name.clone(), Case { ok, differs }).is_none(),
            "{name} twice"
        );
    }
    out
}

fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("fixtures/yaml")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".yml").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_has_a_verdict() {
    let v = verdicts();
    let names = fixtures();
    assert!(names.len() >= 40, "{} fixtures", names.len());
    for n in &names {
        assert!(v.contains_key(n), "{n}.yml has no line in VERDICTS");
    }
    for n in v.keys() {
        assert!(
            names.contains(n),
            "VERDICTS names {n} but {n}.yml is missing"
        );
    }
}

#[test]
fn loader_agrees_with_go_yaml() {
    let mut wrong = Vec::new();
    for (name, case) in verdicts() {
        let text = std::fs::read_to_string(dir().join(format!("{name}.yml"))).expect("fixture");
        let loaded = promlint::syntax::yaml::load_yaml(&text);
        let ours = loaded.errors.is_empty();
        let want = if case.differs.is_some() {
            !case.ok
        } else {
            case.ok
        };
        if ours != want {
            wrong.push(format!(
                "{name}: loader says {}, expected {} ({:?})",
                if ours { "ok" } else { "error" },
                if want { "ok" } else { "error" },
                loaded.errors
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn promtool_gives_recorded_verdicts() {
    let promtool = std::env::var("PROMTOOL").unwrap_or_else(|_| "promtool".into());
    if Command::new(&promtool).arg("--version").output().is_err() {
        eprintln!("promtool not found: skipping");
        return;
    }
    let mut wrong = Vec::new();
    for (name, case) in verdicts() {
        let out = Command::new(&promtool)
            .args(["check", "config", "--syntax-only"])
            .arg(dir().join(format!("{name}.yml")))
            .output()
            .expect("promtool runs");
        if out.status.success() != case.ok {
            wrong.push(format!(
                "{name}: promtool says {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Spans of documents loaded through the flow-indentation work-around
/// point into the original text.
#[test]
fn relaxed_flow_spans_point_into_the_original() {
    use promlint::syntax::yaml::NodeKind;
    let text = "a:\n  b:\n    c: ['x:1',\n  'y:2', {k:\tv,\n m: n}]\nd: e\n";
    let loaded = promlint::syntax::yaml::load_yaml(text);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let mut scalars = Vec::new();
    let mut stack = vec![&loaded.documents[0].root];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Scalar(s) => scalars.push((s.value.clone(), &text[n.span.range()])),
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => {
                for e in entries {
                    stack.push(&e.key);
                    stack.push(&e.value);
                }
            }
        }
    }
    scalars.sort();
    let want: Vec<(String, &str)> = [
        ("a", "a"),
        ("b", "b"),
        ("c", "c"),
        ("d", "d"),
        ("e", "e"),
        ("k", "k"),
        ("m", "m"),
        ("n", "n"),
        ("v", "v"),
        ("x:1", "'x:1'"),
        ("y:2", "'y:2'"),
    ]
    .iter()
    .map(|&(v, s)| (v.to_string(), s))
    .collect();
    assert_eq!(scalars, want);
}

/// A block that is really mis-indented stays an error.
#[test]
fn block_indentation_errors_stay_errors() {
    for text in ["a:\n  b: 1\n c: 2\n", "a: [1,\n2\n", "a: |\n  [x\n b: 1\n"] {
        let loaded = promlint::syntax::yaml::load_yaml(text);
        assert!(!loaded.errors.is_empty(), "{text:?}");
    }
}
