//! `promlint fix`: the fixes remove their findings, keep comments and
//! formatting, and keep what an Alertmanager configuration means (the same
//! label sets reach the same receivers with the same options, and the
//! inhibit rules match the same alerts); fixes that would change meaning
//! are not offered.

use promlint::config::alertmanager::{AlertmanagerConfig, MatchOp};
use promlint::fix;
use promlint::routing::{Labels, Node};
use promlint::{check, Options, Outcome};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXED_CODES: &[&str] = &[
    "alertmanager/deprecated-match",
    "alertmanager/deprecated-mute-time-intervals",
    "grafana/rate-interval",
];

fn outcome(path: &Path) -> Outcome {
    check(&Options {
        paths: vec![path.to_path_buf()],
        ..Options::default()
    })
    .expect("path exists")
}

/// A copy of a fixture folder in a fresh temporary folder.
fn copy(fixture: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("promlint-fix-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    for entry in std::fs::read_dir(fixture).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    dir
}

/// Applies every fix the library offers, file by file.
fn apply_all(dir: &Path) -> usize {
    let before = outcome(dir);
    let fixes = fix::fixes(&before.project);
    let mut by_file: BTreeMap<PathBuf, Vec<fix::TextEdit>> = BTreeMap::new();
    for f in &fixes {
        let edits = by_file.entry(f.file.clone()).or_default();
        for e in &f.edits {
            if !edits.contains(e) {
                edits.push(e.clone());
            }
        }
    }
    for (path, edits) in &by_file {
        let old = std::fs::read_to_string(path).expect("read");
        let new = fix::apply(&old, edits).expect("edits apply");
        fix::write_atomically(path, &old, &new).expect("written");
    }
    fixes.len()
}

fn codes(o: &Outcome) -> Vec<&'static str> {
    let mut c: Vec<&str> = o.diagnostics.iter().map(|d| d.code).collect();
    c.sort_unstable();
    c
}

#[test]
fn the_fixable_fixture_as_a_diff() {
    let o = outcome(Path::new("fixtures/fix/fixable"));
    let fixes = fix::fixes(&o.project);
    let mut out = String::new();
    for source in o.project.files.iter().map(|f| &f.source) {
        let mut edits: Vec<fix::TextEdit> = Vec::new();
        for f in fixes.iter().filter(|f| f.file == source.path) {
            for e in &f.edits {
                if !edits.contains(e) {
                    edits.push(e.clone());
                }
            }
        }
        out.push_str(&fix::unified_diff(&source.path, &source.text, &edits).expect("diff"));
    }
    insta::assert_snapshot!("fix_fixable_diff", out);
}

#[test]
fn every_finding_of_the_fixable_fixture_has_a_fix() {
    let o = outcome(Path::new("fixtures/fix/fixable"));
    let fixes = fix::fixes(&o.project);
    let fixable: Vec<_> = o
        .diagnostics
        .iter()
        .filter(|d| FIXED_CODES.contains(&d.code))
        .collect();
    assert_eq!(fixable.len(), 12, "{fixable:#?}");
    for d in fixable {
        assert!(
            fixes
                .iter()
                .any(|f| f.code == d.code && f.file == d.file && f.finding == d.span),
            "no fix for {d:?}"
        );
    }
}

#[test]
fn after_the_fixes_the_findings_are_gone_and_nothing_else_changes() {
    let dir = copy("fixtures/fix/fixable", "gone");
    let before = outcome(&dir);
    assert_eq!(apply_all(&dir), 12);
    let after = outcome(&dir);
    let expected: Vec<&str> = codes(&before)
        .into_iter()
        .filter(|c| !FIXED_CODES.contains(c))
        .collect();
    assert_eq!(codes(&after), expected);
    assert!(fix::fixes(&after.project).is_empty());
    // The dashboard is the same JSON but for the two ranges.
    let json = |o: &Outcome| {
        let f = o
            .project
            .files
            .iter()
            .find(|f| f.source.path.ends_with("dashboard.json"))
            .expect("dashboard");
        f.source.text.clone()
    };
    let (b, a) = (json(&before), json(&after));
    assert_eq!(
        b.replace("[5m]", "[$__rate_interval]")
            .replace("[$__interval]", "[$__rate_interval]"),
        a
    );
    assert!(a.contains("increase(http_requests_total[1h])"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn config(o: &Outcome) -> &AlertmanagerConfig {
    o.project
        .files
        .iter()
        .find_map(|f| f.alertmanager.as_ref())
        .expect("an Alertmanager configuration")
}

/// Label sets to route: every combination of values for the label names
/// the configuration's matchers test, each name taking the values its
/// equality matchers name, the alternatives of its regexes, the empty
/// value and one no matcher names.
fn label_sets(cfg: &AlertmanagerConfig) -> Vec<Labels> {
    let mut values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let routes = cfg.routes();
    let matchers = routes.iter().flat_map(|r| &r.matchers).chain(
        cfg.inhibit_rules
            .iter()
            .flat_map(|r| r.source.iter().chain(&r.target)),
    );
    for m in matchers {
        let set = values.entry(m.name.clone()).or_default();
        match m.op {
            MatchOp::Equal | MatchOp::NotEqual => {
                set.insert(m.value.clone());
            }
            _ => {
                let bare = m.value.trim_start_matches('^').trim_end_matches('$');
                let bare = bare.trim_start_matches('(').trim_end_matches(')');
                set.extend(bare.split('|').map(str::to_string));
            }
        }
        set.insert(String::new());
        set.insert("other".into());
    }
    let mut sets = vec![Labels::new()];
    for (name, vs) in &values {
        let mut next = Vec::new();
        for s in &sets {
            for v in vs {
                let mut l = s.clone();
                if !v.is_empty() {
                    l.insert(name.clone(), v.clone());
                }
                next.push(l);
            }
        }
        sets = next;
    }
    sets
}

/// Where each label set goes (receivers and options of every matched
/// route) and which inhibit rules' sides it matches.
fn behaviour(cfg: &AlertmanagerConfig, sets: &[Labels]) -> Vec<String> {
    let tree = Node::tree(cfg).expect("a routing tree");
    sets.iter()
        .map(|labels| {
            let routes: Vec<String> = tree
                .match_paths(labels)
                .iter()
                .filter_map(|p| p.last())
                .map(|n| format!("{:?}", n.opts))
                .collect();
            let inhibit: Vec<(bool, bool)> = cfg
                .inhibit_rules
                .iter()
                .map(|r| {
                    (
                        promlint::routing::matchers_match(&r.source, labels),
                        promlint::routing::matchers_match(&r.target, labels),
                    )
                })
                .collect();
            format!("{labels:?} -> {routes:?} {inhibit:?}")
        })
        .collect()
}

#[test]
fn alertmanager_routes_the_same_label_sets_the_same_way_after_the_fixes() {
    let dir = copy("fixtures/fix/fixable", "routing");
    let before = outcome(&dir);
    let sets = label_sets(config(&before));
    assert!(sets.len() > 100, "{}", sets.len());
    let routed_before = behaviour(config(&before), &sets);
    // The label sets reach every receiver: the comparison means something.
    let tree = Node::tree(config(&before)).expect("a routing tree");
    let receivers: BTreeSet<String> = sets
        .iter()
        .flat_map(|l| tree.match_paths(l))
        .filter_map(|p| p.last().map(|n| n.opts.receiver.clone()))
        .collect();
    assert_eq!(receivers.len(), 7, "{receivers:?}");
    apply_all(&dir);
    let after = outcome(&dir);
    assert!(config(&after).routes().iter().all(|r| r.legacy.is_empty()));
    assert_eq!(config(&after).time_interval_defs.len(), 1);
    assert_eq!(routed_before, behaviour(config(&after), &sets));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fixes_that_would_change_meaning_or_lose_text_are_not_offered() {
    let o = outcome(Path::new("fixtures/fix/refused"));
    let reported = o
        .diagnostics
        .iter()
        .filter(|d| FIXED_CODES.contains(&d.code))
        .count();
    assert_eq!(reported, 6, "{:#?}", o.diagnostics);
    let fixes = fix::fixes(&o.project);
    assert!(fixes.is_empty(), "{fixes:#?}");
}

fn promlint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_promlint"))
        .args(args)
        .output()
        .expect("promlint runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn the_command_previews_writes_and_then_has_nothing_left() {
    let dir = copy("fixtures/fix/fixable", "cli");
    let d = dir.to_string_lossy().to_string();
    let am = dir.join("alertmanager.yml");
    let original = std::fs::read_to_string(&am).expect("read");
    let (code, diff, err) = promlint(&["fix", "--diff", &d]);
    assert_eq!(code, 1, "{err}");
    assert!(
        diff.contains("+    - matchers: ['service=~\"^(api|gateway)$\"']"),
        "{diff}"
    );
    assert!(err.contains("would fix 12 findings in 2 files"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&am).expect("read"),
        original,
        "--diff writes nothing"
    );
    let (code, _, err) = promlint(&["fix", "--only", "grafana/rate-interval", &d]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fixed 2 findings in 1 file"), "{err}");
    assert_eq!(std::fs::read_to_string(&am).expect("read"), original);
    let (code, _, err) = promlint(&["fix", &d]);
    assert_eq!(code, 0, "{err}");
    let fixed = std::fs::read_to_string(&am).expect("read");
    assert!(fixed.contains("# Pages first.\n    - matchers:"), "{fixed}");
    assert!(fixed.contains("receiver: default   # the fallback"));
    let (code, diff, err) = promlint(&["fix", "--diff", &d]);
    assert_eq!((code, diff.as_str()), (0, ""), "{err}");
    assert!(err.contains("nothing to fix"));
    let (code, _, err) = promlint(&["fix", "--only", "promql/syntax", &d]);
    assert_eq!(code, 2, "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("promlint-fix"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
