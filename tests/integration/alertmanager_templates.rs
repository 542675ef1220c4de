//! Alertmanager notification template files: found through the
//! `templates` globs, parsed as Alertmanager parses them, findings located
//! in the template file.

use crate::support::check_candidates;
use promlint::model::{Candidate, FileKind};
use std::path::{Path, PathBuf};

const CONFIG: &str = "route:\n  receiver: team\nreceivers:\n  - name: team\n    webhook_configs:\n      - url: http://hooks.internal:8080/\ntemplates:\n  - 'tmpl/*.tmpl'\n";

/// A fresh folder with an alertmanager.yml (`config`) and template files.
fn project(name: &str, config: &str, templates: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "promlint-am-templates-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tmpl")).unwrap();
    std::fs::write(dir.join("alertmanager.yml"), config).unwrap();
    for (file, text) in templates {
        std::fs::write(dir.join("tmpl").join(file), text).unwrap();
    }
    dir
}

/// (file name, line, column, code, help) of every finding when checking
/// the given files of the folder.
fn check(dir: &Path, files: &[&str]) -> Vec<(String, usize, usize, String, String)> {
    let candidates: Vec<Candidate> = files
        .iter()
        .map(|f| Candidate {
            path: dir.join(f),
            explicit: true,
        })
        .collect();
    let outcome = check_candidates(&candidates);
    let mut out: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome
                .project
                .files
                .iter()
                .find(|f| f.source.path == d.file)
                .expect("the finding's file is in the model");
            let lc = file.source.line_col(d.span.start);
            let name = d.file.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                lc.line,
                lc.column,
                d.code.to_string(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect();
    out.sort();
    out
}

fn codes(found: &[(String, usize, usize, String, String)]) -> Vec<&str> {
    found.iter().map(|f| f.3.as_str()).collect()
}

#[test]
fn a_syntax_error_is_located_in_the_template_file() {
    let dir = project(
        "syntax",
        CONFIG,
        &[(
            "a.tmpl",
            "{{ define \"t\" }}\nok\n  {{ if .Status }}x{{ .Foo }\n{{ end }}{{ end }}\n",
        )],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].0.as_str(),
            found[0].1,
            found[0].2,
            found[0].3.as_str()
        ),
        ("a.tmpl", 3, 28, "alertmanager/template-syntax")
    );
}

#[test]
fn alertmanager_functions_parse_and_prometheus_ones_do_not() {
    let good = "{{ define \"t\" }}{{ .Status | toUpper | toLower | title | trimSpace }}\
        {{ join \",\" (stringSlice \"a\" \"b\") }}{{ match \"a\" \"b\" }}{{ safeHtml \"x\" }}\
        {{ safeUrl \"x\" }}{{ urlUnescape \"x\" }}{{ reReplaceAll \"a\" \"b\" \"c\" }}\
        {{ range .Alerts }}{{ .StartsAt | tz \"UTC\" | date \"15:04\" }}{{ since .StartsAt | humanizeDuration }}{{ toJson .Labels }}{{ end }}\
        {{ len .Alerts | printf \"%d\" }}{{ end }}";
    let dir = project("functions", CONFIG, &[("a.tmpl", good)]);
    assert_eq!(check(&dir, &["alertmanager.yml"]), vec![]);

    let dir = project(
        "prom-function",
        CONFIG,
        &[("a.tmpl", "{{ define \"t\" }}{{ 1.5 | humanize }}{{ end }}")],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(codes(&found), vec!["alertmanager/template-syntax"]);
    assert_eq!((found[0].1, found[0].2), (1, 26));
    assert!(
        found[0].4.contains("Prometheus rule template function"),
        "{found:?}"
    );

    let dir = project(
        "prom-variable",
        CONFIG,
        &[("a.tmpl", "{{ define \"t\" }}{{ $value }}{{ end }}")],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(codes(&found), vec!["alertmanager/template-syntax"]);
    assert!(found[0].4.contains(".CommonLabels"), "{found:?}");

    let dir = project(
        "typo",
        CONFIG,
        &[("a.tmpl", "{{ define \"t\" }}{{ .Status | upper }}{{ end }}")],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert!(
        found[0].4.starts_with("did you mean `toUpper`?"),
        "{found:?}"
    );
}

#[test]
fn rule_templates_keep_prometheus_functions() {
    // The dialects stay apart: a rule annotation cannot call toJson, and
    // can call humanize.
    assert!(promlint::template::parse("{{ toJson 1 }}").is_err());
    assert!(promlint::template::parse("{{ 1 | humanize }} {{ $labels.x }}").is_ok());
    assert!(promlint::template::parse_notification_template("{{ toJson 1 }}").is_ok());
    assert_eq!(
        promlint::template::parse_notification_template(
            "{{/* {{ define \"c\" }} */}}{{ define \"b\" }}{{ end }}{{ block \"a\" . }}{{ end }}"
        )
        .map(|t| t.names),
        Ok(vec!["a".to_string(), "b".to_string()])
    );
}

#[test]
fn undefined_templates_use_the_parsed_files() {
    let config = CONFIG.replace(
        "      - url: http://hooks.internal:8080/\n",
        "      - url: http://hooks.internal:8080/\n    email_configs:\n      - to: oncall@acme-corp.io\n        from: alertmanager@acme-corp.io\n        smarthost: smtp.acme-corp.io:25\n        html: '{{ template \"commented\" . }}{{ template \"a.tmpl\" . }}{{ template \"real\" . }}'\n",
    );
    // A define inside a comment defines nothing; the file's own name is a
    // template (Go names a file's top level after it).
    let dir = project(
        "undefined",
        &config,
        &[(
            "a.tmpl",
            "{{/* {{ define \"commented\" }}x{{ end }} */}}{{ define \"real\" }}y{{ end }}",
        )],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(
        codes(&found),
        vec!["alertmanager/undefined-template"],
        "{found:?}"
    );
    assert_eq!((found[0].0.as_str(), found[0].1), ("alertmanager.yml", 11));

    // When a template file does not parse, which names exist is unknown:
    // only the syntax error is reported.
    let dir = project(
        "undefined-broken",
        &config,
        &[("a.tmpl", "{{ define \"real\" }}y{{ end }}{{ if }}")],
    );
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(
        codes(&found),
        vec!["alertmanager/template-syntax"],
        "{found:?}"
    );
}

#[test]
fn a_glob_that_matches_nothing_is_accepted() {
    // Alertmanager loads it: no error, only the warning that the glob
    // matches no file.
    let dir = project("nothing", CONFIG, &[]);
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(
        codes(&found),
        vec!["alertmanager/template-glob-no-match"],
        "{found:?}"
    );
}

#[test]
fn a_template_file_named_on_the_command_line_is_read_as_a_template() {
    // Not YAML at all: it must not be reported as a broken YAML file.
    let dir = project(
        "explicit",
        CONFIG,
        &[(
            "a.tmpl",
            "{{ define \"t\" }}: [ {{ .Status }}\n- x: {{ end }}\n",
        )],
    );
    assert_eq!(check(&dir, &["alertmanager.yml", "tmpl/a.tmpl"]), vec![]);
    let outcome = check_candidates(&[
        Candidate {
            path: dir.join("tmpl/a.tmpl"),
            explicit: true,
        },
        Candidate {
            path: dir.join("alertmanager.yml"),
            explicit: true,
        },
    ]);
    let kinds: Vec<FileKind> = outcome.project.files.iter().map(|f| f.kind).collect();
    assert!(kinds.contains(&FileKind::AlertmanagerTemplate), "{kinds:?}");
    assert_eq!(
        outcome.project.files.len(),
        2,
        "the template is loaded once"
    );
}

#[test]
fn templated_fields_are_parsed_as_alertmanager_does() {
    let config = |text: &str| {
        format!(
            "route:\n  receiver: team\nreceivers:\n  - name: team\n    slack_configs:\n      - api_url_file: /run/secrets/slack\n        channel: '#alerts'\n        text: |\n          {text}\n"
        )
    };
    let run = |name: &str, text: &str| {
        let dir = project(name, &config(text), &[]);
        check(&dir, &["alertmanager.yml"])
    };
    // Inside a `|` block: the finding points into the block.
    let found = run(
        "field-bad",
        "{{ range .Alerts }}{{ .Labels.x | humanize }}{{ end }}",
    );
    assert_eq!(
        codes(&found),
        vec!["alertmanager/field-template"],
        "{found:?}"
    );
    assert_eq!((found[0].1, found[0].2), (9, 45));
    assert!(found[0].4.contains("Prometheus rule template function"));
    let found = run("field-unclosed", "{{ if .CommonLabels.x }}yes");
    assert_eq!(
        codes(&found),
        vec!["alertmanager/field-template"],
        "{found:?}"
    );

    let found = run(
        "field-good",
        "{{ .CommonLabels.alertname | toUpper }} {{ template \"slack.default.text\" . }} {{/* x */}}",
    );
    assert_eq!(found, vec![]);
}

#[test]
fn a_template_file_under_a_rules_folder_is_not_read_as_rules() {
    let dir = project(
        "rules-folder",
        &CONFIG.replace("tmpl/*.tmpl", "rules/*.tmpl"),
        &[],
    );
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(
        dir.join("rules/a.tmpl"),
        "{{ define \"t\" }}groups: {{ end }}\n",
    )
    .unwrap();
    assert_eq!(check(&dir, &["alertmanager.yml", "rules/a.tmpl"]), vec![]);
}

#[test]
fn invalid_utf8_in_template_text_is_accepted_as_go_does() {
    let dir = project("latin1", CONFIG, &[]);
    std::fs::write(
        dir.join("tmpl/a.tmpl"),
        b"caf\xe9 {{ define \"t\" }}\xff{{ end }}",
    )
    .unwrap();
    assert_eq!(check(&dir, &["alertmanager.yml"]), vec![]);
    std::fs::write(dir.join("tmpl/a.tmpl"), b"{{ \xff }}").unwrap();
    let found = check(&dir, &["alertmanager.yml"]);
    assert_eq!(
        codes(&found),
        vec!["alertmanager/template-syntax"],
        "{found:?}"
    );
}
