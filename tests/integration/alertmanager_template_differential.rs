//! Notification template snippets checked by promlint and by
//! `amtool check-config` 0.25 (when installed): the same accept/reject
//! verdict on each. Snippets use only functions 0.25 has (`trimSpace` and
//! later functions are covered by `fixtures/alertmanager`).

use crate::support::check_candidates;
use promlint::diagnostic::Severity;
use promlint::model::Candidate;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (template text, valid for Alertmanager).
const SNIPPETS: &[(&str, bool)] = &[
    ("plain text, no actions", true),
    ("", true),
    ("{{ define \"a\" }}{{ .Status }}{{ end }}", true),
    ("{{ define \"a\" }}{{ .Status | toUpper | toLower | title }}{{ end }}", true),
    ("{{ define \"a\" }}{{ join \", \" (stringSlice \"x\" \"y\") }}{{ end }}", true),
    ("{{ define \"a\" }}{{ if match \"^a\" .Status }}{{ safeHtml \"<b>\" }}{{ end }}{{ end }}", true),
    ("{{ define \"a\" }}{{ reReplaceAll \"(a)\" \"$1\" .Status }}{{ end }}", true),
    ("{{ define \"a\" }}{{ range $i, $x := .Alerts }}{{ $i }}{{ $x.Labels.job }}{{ end }}{{ end }}", true),
    ("{{ define \"a\" }}{{ with .CommonLabels.x }}{{ . }}{{ else }}none{{ end }}{{ end }}", true),
    ("{{ define \"a\" }}{{ if eq .Status \"firing\" }}F{{ else if eq .Status \"resolved\" }}R{{ else }}?{{ end }}{{ end }}", true),
    ("{{ define \"a\" -}} {{- .Status -}} {{- end }}", true),
    ("{{/* a comment */}}{{ define \"a\" }}x{{ end }}", true),
    ("{{ block \"b\" . }}default{{ end }}", true),
    ("{{ define \"a\" }}{{ template \"b\" . }}{{ end }}{{ define \"b\" }}{{ end }}", true),
    ("{{ define \"a\" }}{{ printf \"%s %d\" .Status (len .Alerts) }}{{ end }}", true),
    ("{{ define \"a\" }}{{ $x := 1 }}{{ $x = 2 }}{{ $x }}{{ end }}", true),
    ("{{ define \"a\" }}{{ index .Alerts 0 }}{{ slice .Status 1 }}{{ end }}", true),
    ("{{ define \"a\" }}{{ and 1 0 }}{{ or 1 0 }}{{ not true }}{{ html \"x\" }}{{ js \"x\" }}{{ urlquery \"x\" }}{{ end }}", true),
    ("{{ define \"a\" }}{{ range .Alerts }}{{ break }}{{ continue }}{{ end }}{{ end }}", true),
    ("{{ define \"a\" }}{{ .Alerts.Firing | len }} {{ .CommonLabels.SortedPairs.Names }}{{ end }}", true),
    ("{{ define \"a\" }}{{ 'x' }} {{ 0x1F }} {{ 1e3 }} {{ nil | print }}{{ end }}", true),
    ("{{ define \"a\" }}{{ `raw` }}{{ end }}", true),
    ("{{ define \"slack.default.title\" }}override{{ end }}", true),
    ("{{ define \"a\" }}{{ .Status }", false),
    ("{{ define \"a\" }}{{ .Status }}", false),
    ("{{ end }}", false),
    ("{{ else }}", false),
    ("{{ define \"a\" }}{{ if .Status }}x{{ end }}", false),
    ("{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}", false),
    ("{{ define \"a\" }}{{ humanize 1 }}{{ end }}", false),
    ("{{ define \"a\" }}{{ query \"up\" }}{{ end }}", false),
    ("{{ define \"a\" }}{{ upper .Status }}{{ end }}", false),
    ("{{ define \"a\" }}{{ $labels.job }}{{ end }}", false),
    ("{{ define \"a\" }}{{ $value }}{{ end }}", false),
    ("{{ define \"a\" }}{{ $x }}{{ end }}", false),
    ("{{ define \"a\" }}{{ break }}{{ end }}", false),
    // Accepted when parsed; these fail only when executed.
    ("{{ define \"a\" }}{{ .Status | }}{{ end }}", true),
    ("{{ define \"a\" }}{{ 1 2 }}{{ end }}", true),
    ("{{ define \"a\" }}{{ \"unterminated }}{{ end }}", false),
    ("{{ define \"a\" }}{{ 'ab' }}{{ end }}", false),
    ("{{ define \"a\" }}{{ (.Status }}{{ end }}", false),
    ("{{ define a }}x{{ end }}", false),
    ("{{ define \"a\" }}{{ define \"b\" }}{{ end }}{{ end }}", false),
    ("{{ define \"a\" }}{{ /* bad comment */ }}{{ end }}", false),
    ("{{ define \"a\" }}{{ $x := }}{{ end }}", false),
    ("{{ define \"a\" }}{{ range }}{{ end }}{{ end }}", false),
    ("{{ template }}", false),
];

fn write_project(dir: &Path, text: &str) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("tmpl")).unwrap();
    std::fs::write(
        dir.join("alertmanager.yml"),
        "route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.internal:8080/\ntemplates:\n  - 'tmpl/*.tmpl'\n",
    )
    .unwrap();
    std::fs::write(dir.join("tmpl/snippet.tmpl"), text).unwrap();
}

fn promlint_accepts(dir: &Path) -> bool {
    let outcome = check_candidates(&[Candidate {
        path: dir.join("alertmanager.yml"),
        explicit: true,
    }]);
    !outcome
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
}

fn dir(i: usize) -> PathBuf {
    std::env::temp_dir().join(format!(
        "promlint-am-template-diff-{}-{i}",
        std::process::id()
    ))
}

#[test]
fn promlint_verdicts() {
    let mut wrong = Vec::new();
    for (i, (text, valid)) in SNIPPETS.iter().enumerate() {
        write_project(&dir(i), text);
        if promlint_accepts(&dir(i)) != *valid {
            wrong.push(format!("{text:?}: expected valid={valid}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn amtool_agrees() {
    let amtool = PathBuf::from("/usr/bin/amtool");
    if !amtool.exists() {
        eprintln!("amtool not installed: skipping");
        return;
    }
    let mut agree = 0;
    let mut wrong = Vec::new();
    for (i, (text, _)) in SNIPPETS.iter().enumerate() {
        let d = dir(1000 + i);
        write_project(&d, text);
        let ok = Command::new(&amtool)
            .arg("check-config")
            .arg(d.join("alertmanager.yml"))
            .output()
            .expect("amtool runs")
            .status
            .success();
        if ok == promlint_accepts(&d) {
            agree += 1;
        } else {
            wrong.push(format!("{text:?}: amtool says valid={ok}"));
        }
    }
    eprintln!(
        "amtool 0.25 agrees on {agree} of {} snippets",
        SNIPPETS.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
