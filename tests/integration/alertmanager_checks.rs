//! Every Alertmanager check on small configurations: where it fires (with
//! its location) and where it must not.

use promlint::model::FileKind;
use promlint::project::Project;
use promlint::source::SourceFile;

const HOOK: &str = "    webhook_configs:\n      - url: http://127.0.0.1:5001/\n";

/// (code, line, column) of every finding on `alertmanager.yml`.
fn findings(text: &str) -> Vec<(String, usize, usize)> {
    let project =
        Project::from_sources(vec![SourceFile::new("alertmanager.yml", text.to_string())]);
    assert_eq!(project.files[0].kind, FileKind::AlertmanagerConfig);
    let mut out: Vec<_> = promlint::checks::run(&project, &[])
        .into_iter()
        .map(|d| {
            let lc = project.files[0].source.line_col(d.span.start);
            (d.code.to_string(), lc.line, lc.column)
        })
        .collect();
    out.sort();
    out
}

fn codes(text: &str) -> Vec<String> {
    findings(text).into_iter().map(|f| f.0).collect()
}

fn fires(text: &str, code: &str) -> (usize, usize) {
    let f = findings(text);
    let hits: Vec<_> = f.iter().filter(|x| x.0 == code).collect();
    assert!(
        !hits.is_empty(),
        "{code} should fire on:\n{text}\ngot {f:?}"
    );
    (hits[0].1, hits[0].2)
}

fn silent(text: &str, code: &str) {
    let f = codes(text);
    assert!(
        !f.iter().any(|c| c == code),
        "{code} must not fire on:\n{text}\ngot {f:?}"
    );
}

fn cfg(route: &str, receivers: &str) -> String {
    format!("route:\n{route}receivers:\n{receivers}")
}

#[test]
fn clean_configuration_has_no_findings() {
    let text = cfg(
        "  receiver: default\n  routes:\n    - receiver: pager\n      matchers: [severity=\"critical\"]\n",
        &format!("  - name: default\n{HOOK}  - name: pager\n{HOOK}"),
    );
    assert_eq!(findings(&text), vec![]);
}

#[test]
fn undefined_receiver_points_at_the_name() {
    let text = cfg(
        "  receiver: default\n  routes:\n    - receiver: pagr\n",
        &format!("  - name: default\n{HOOK}  - name: pager\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/undefined-receiver"), (4, 17));
}

#[test]
fn duplicate_receiver() {
    let text = cfg(
        "  receiver: a\n",
        &format!("  - name: a\n{HOOK}  - name: a\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/duplicate-name"), (7, 11));
    silent(
        &cfg("  receiver: a\n", &format!("  - name: a\n{HOOK}")),
        "alertmanager/duplicate-name",
    );
}

#[test]
fn unknown_and_wrong_typed_fields() {
    let text = cfg(
        "  receiver: a\n  contine: true\n",
        &format!("  - name: a\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/unknown-field"), (3, 3));
    let text = cfg(
        "  receiver: a\n  group_by: alertname\n",
        &format!("  - name: a\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/wrong-type"), (3, 13));
    // yaml.v2 reads `yes` as a boolean.
    silent(
        &cfg(
            "  receiver: a\n  routes:\n    - receiver: a\n      continue: yes\n    - receiver: a\n",
            &format!("  - name: a\n{HOOK}"),
        ),
        "alertmanager/wrong-type",
    );
}

#[test]
fn matchers_are_parsed_with_locations() {
    let text = cfg(
        "  receiver: a\n  routes:\n    - receiver: a\n      matchers: ['x=~\"(\"']\n",
        &format!("  - name: a\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/invalid-matcher"), (5, 22));
    silent(
        &cfg(
            "  receiver: a\n  routes:\n    - receiver: a\n      matchers: ['{x=~\"a|b\", y!=c}']\n",
            &format!("  - name: a\n{HOOK}"),
        ),
        "alertmanager/invalid-matcher",
    );
}

#[test]
fn classic_only_matchers_are_flagged() {
    let text = cfg(
        "  receiver: a\n  routes:\n    - receiver: a\n      matchers: ['x=']\n",
        &format!("  - name: a\n{HOOK}"),
    );
    fires(&text, "alertmanager/classic-matcher");
    silent(
        &cfg(
            "  receiver: a\n  routes:\n    - receiver: a\n      matchers: ['x=\"\"']\n",
            &format!("  - name: a\n{HOOK}"),
        ),
        "alertmanager/classic-matcher",
    );
}

#[test]
fn deprecated_match_has_the_rewrite() {
    let text = cfg(
        "  receiver: a\n  routes:\n    - receiver: a\n      match_re:\n        service: 'a\\d+'\n",
        &format!("  - name: a\n{HOOK}"),
    );
    let project = Project::from_sources(vec![SourceFile::new("alertmanager.yml", text.clone())]);
    let d = promlint::checks::run(&project, &[])
        .into_iter()
        .find(|d| d.code == "alertmanager/deprecated-match")
        .expect("fires");
    assert_eq!(
        d.help.as_deref(),
        Some(r#"write `matchers: ['service=~"a\\d+"']` instead"#)
    );
    silent(
        &cfg("  receiver: a\n  routes:\n    - receiver: a\n      matchers: ['service=~\"a\\\\d+\"']\n", &format!("  - name: a\n{HOOK}")),
        "alertmanager/deprecated-match",
    );
}

#[test]
fn shadowed_routes() {
    let receivers = format!("  - name: a\n{HOOK}  - name: b\n{HOOK}");
    // A catch-all sibling first.
    let text = cfg("  receiver: a\n  routes:\n    - receiver: a\n    - receiver: b\n      matchers: [x=\"1\"]\n", &receivers);
    assert_eq!(fires(&text, "alertmanager/shadowed-route"), (5, 7));
    // A wider matcher first.
    let text = cfg(
        "  receiver: a\n  routes:\n    - receiver: a\n      matchers: [severity=~\"critical|page\"]\n    - receiver: b\n      matchers: [severity=\"critical\", team=\"db\"]\n",
        &receivers,
    );
    fires(&text, "alertmanager/shadowed-route");
    // `continue` lets alerts go on; narrower first is fine.
    silent(&cfg("  receiver: a\n  routes:\n    - receiver: a\n      continue: true\n    - receiver: b\n      matchers: [x=\"1\"]\n", &receivers), "alertmanager/shadowed-route");
    silent(
        &cfg(
            "  receiver: a\n  routes:\n    - receiver: b\n      matchers: [severity=\"critical\", team=\"db\"]\n    - receiver: a\n      matchers: [severity=\"critical\"]\n",
            &receivers,
        ),
        "alertmanager/shadowed-route",
    );
}

#[test]
fn continue_on_last_route() {
    let receivers = format!("  - name: a\n{HOOK}");
    let text = cfg("  receiver: a\n  routes:\n    - receiver: a\n      matchers: [x=\"1\"]\n      continue: true\n", &receivers);
    assert_eq!(fires(&text, "alertmanager/useless-continue"), (6, 17));
    silent(
        &cfg("  receiver: a\n  routes:\n    - receiver: a\n      matchers: [x=\"1\"]\n      continue: true\n    - receiver: a\n      matchers: [y=\"1\"]\n", &receivers),
        "alertmanager/useless-continue",
    );
}

#[test]
fn unused_and_empty_receivers() {
    let text = cfg(
        "  receiver: a\n",
        &format!("  - name: a\n{HOOK}  - name: spare\n{HOOK}"),
    );
    assert_eq!(fires(&text, "alertmanager/unused-receiver"), (7, 11));
    let text = cfg(
        "  receiver: a\n  routes:\n    - receiver: team\n      matchers: [x=\"1\"]\n",
        &format!("  - name: a\n{HOOK}  - name: team\n"),
    );
    fires(&text, "alertmanager/empty-receiver");
    // A deliberate null receiver.
    let text = cfg("  receiver: a\n  routes:\n    - receiver: 'null'\n      matchers: [alertname=\"Watchdog\"]\n", &format!("  - name: a\n{HOOK}  - name: 'null'\n"));
    silent(&text, "alertmanager/empty-receiver");
    silent(&text, "alertmanager/unused-receiver");
}

#[test]
fn undefined_templates() {
    let text = cfg(
        "  receiver: a\n",
        "  - name: a\n    slack_configs:\n      - api_url_file: /x\n        title: '{{ template \"slack.custom.title\" . }}'\n",
    );
    assert_eq!(fires(&text, "alertmanager/undefined-template"), (7, 30));
    let text = cfg(
        "  receiver: a\n",
        "  - name: a\n    slack_configs:\n      - api_url_file: /x\n        title: '{{ template \"slack.default.title\" . }}'\n",
    );
    silent(&text, "alertmanager/undefined-template");
    // Template files that cannot be found here: nothing is said.
    let text = format!(
        "templates: ['/nonexistent/*.tmpl']\n{}",
        cfg("  receiver: a\n", "  - name: a\n    slack_configs:\n      - api_url_file: /x\n        title: '{{ template \"x\" . }}'\n")
    );
    silent(&text, "alertmanager/undefined-template");
}

#[test]
fn inhibit_rules() {
    let base = cfg("  receiver: a\n", &format!("  - name: a\n{HOOK}"));
    let text = format!("{base}inhibit_rules:\n  - source_matchers: [severity=\"critical\"]\n    target_matchers: [severity=\"warning\"]\n");
    fires(&text, "alertmanager/inhibit-without-equal");
    let text = format!(
        "{base}inhibit_rules:\n  - source_matchers: [severity=\"critical\"]\n    target_matchers: [severity=\"warning\"]\n    equal: [cluster, severity]\n"
    );
    assert_eq!(
        fires(&text, "alertmanager/inhibit-impossible-equal"),
        (10, 22)
    );
    silent(&text, "alertmanager/inhibit-without-equal");
    let text = format!(
        "{base}inhibit_rules:\n  - source_matchers: [severity=\"critical\"]\n    target_matchers: [severity=\"warning\"]\n    equal: [cluster]\n"
    );
    silent(&text, "alertmanager/inhibit-impossible-equal");
}

#[test]
fn interval_order() {
    let receivers = format!("  - name: a\n{HOOK}");
    let text = cfg(
        "  receiver: a\n  group_interval: 10m\n  repeat_interval: 5m\n",
        &receivers,
    );
    assert_eq!(fires(&text, "alertmanager/interval-order"), (4, 20));
    let text = cfg("  receiver: a\n  group_wait: 10m\n", &receivers);
    fires(&text, "alertmanager/interval-order");
    silent(
        &cfg(
            "  receiver: a\n  group_wait: 30s\n  group_interval: 5m\n  repeat_interval: 4h\n",
            &receivers,
        ),
        "alertmanager/interval-order",
    );
}

#[test]
fn secrets_and_placeholders() {
    let text = cfg(
        "  receiver: a\n",
        "  - name: a\n    slack_configs:\n      - api_url: https://hooks.slack.com/services/T0123/B0456/abcdefghijkl\n        channel: '#x'\n",
    );
    assert_eq!(fires(&text, "alertmanager/plaintext-secret"), (6, 18));
    silent(&text, "alertmanager/placeholder");
    let text = cfg(
        "  receiver: a\n",
        "  - name: a\n    slack_configs:\n      - api_url: https://hooks.slack.com/services/YOUR/WEBHOOK/URL\n        channel: '#x'\n",
    );
    fires(&text, "alertmanager/placeholder");
    silent(&text, "alertmanager/plaintext-secret");
    let text = cfg(
        "  receiver: a\n",
        "  - name: a\n    pagerduty_configs:\n      - routing_key_file: /etc/pd\n",
    );
    silent(&text, "alertmanager/plaintext-secret");
    // An internal webhook URL holds no credential.
    silent(
        &cfg("  receiver: a\n", &format!("  - name: a\n{HOOK}")),
        "alertmanager/plaintext-secret",
    );
    let text = cfg("  receiver: a\n", "  - name: a\n    pagerduty_configs:\n      - routing_key: 0123456789abcdef0123456789abcdef\n");
    fires(&text, "alertmanager/plaintext-secret");
}

#[test]
fn schema_errors_of_amtool() {
    let receivers = format!("  - name: a\n{HOOK}");
    for (route, code) in [
        ("  group_by: [alertname]\n", "alertmanager/missing-field"),
        (
            "  receiver: a\n  matchers: [x=\"1\"]\n",
            "alertmanager/invalid-value",
        ),
        (
            "  receiver: a\n  group_wait: 1.5m\n",
            "alertmanager/invalid-value",
        ),
        (
            "  receiver: a\n  group_by: ['...', x]\n",
            "alertmanager/invalid-value",
        ),
        (
            "  receiver: a\n  routes:\n    - receiver: a\n      active_time_intervals: [x]\n",
            "alertmanager/undefined-time-interval",
        ),
    ] {
        fires(&cfg(route, &receivers), code);
    }
    fires(
        &cfg(
            "  receiver: a\n",
            "  - name: a\n    email_configs:\n      - to: x@company.io\n",
        ),
        "alertmanager/missing-field",
    );
}

#[test]
fn any_node_shape_is_read_without_a_crash() {
    for text in [
        "route: 5\nreceivers: 7\n",
        "route: []\nreceivers: [[], 1, ~]\n",
        "route:\n  receiver: [a]\n  routes: {a: b}\nreceivers:\n  - name: {x: y}\n    slack_configs: [1, [2]]\n",
        "route:\n  receiver: a\n  routes: [~, 3]\ninhibit_rules: [1, {equal: x}]\ntime_intervals: [{name: t, time_intervals: [{times: [1]}]}]\nreceivers: []\n",
    ] {
        let f = codes(text);
        assert!(f.iter().any(|c| c.starts_with("alertmanager/")), "{text}: {f:?}");
    }
}

#[test]
fn other_files_with_route_or_receivers_are_not_alertmanager_configs() {
    for (path, text) in [
        ("otel-collector.yaml", "receivers:\n  otlp: {}\nexporters:\n  debug: {}\nservice: {}\n"),
        ("alertmanager-deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: am}\n"),
        (
            "amconfig.yaml",
            "apiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nspec:\n  route: {receiver: a}\n  receivers: [{name: a}]\n",
        ),
    ] {
        let project = Project::from_sources(vec![SourceFile::new(path, text.to_string())]);
        assert_ne!(project.files[0].kind, FileKind::AlertmanagerConfig, "{path}");
        assert!(promlint::checks::run(&project, &[]).iter().all(|d| !d.code.starts_with("alertmanager/")), "{path}");
    }
    // Named as one, and with only `global`: read (and missing its route).
    let project = Project::from_sources(vec![SourceFile::new(
        "alertmanager.yml",
        "global: {}\n".into(),
    )]);
    assert_eq!(project.files[0].kind, FileKind::AlertmanagerConfig);
}

#[test]
fn truncated_and_deeply_nested_configurations_do_not_crash() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager/valid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let project = Project::from_sources(vec![SourceFile::new(
                    "alertmanager.yml",
                    text[..cut].to_string(),
                )]);
                let _ = promlint::checks::run(&project, &[]);
            }
            cut += 13;
        }
    }
    let mut deep = String::from("route:\n  receiver: a\n");
    // 50 levels: each is a mapping and a sequence, within the loader's
    // depth bound.
    for depth in 0..50 {
        let pad = " ".repeat(2 + 4 * depth);
        deep.push_str(&format!(
            "{pad}routes:\n{pad}  - receiver: a\n{pad}    continue: true\n"
        ));
    }
    deep.push_str("receivers:\n  - name: a\n");
    let f = codes(&deep);
    assert!(
        f.iter().any(|c| c == "alertmanager/useless-continue"),
        "{f:?}"
    );
}

#[test]
fn unused_time_intervals() {
    let receivers = format!("  - name: a\n{HOOK}");
    let intervals = "time_intervals:\n  - name: nights\n    time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]\n";
    let text = format!("{}{intervals}", cfg("  receiver: a\n", &receivers));
    assert_eq!(fires(&text, "alertmanager/unused-time-interval"), (8, 11));
    let text = format!(
        "{}{intervals}",
        cfg(
            "  receiver: a\n  routes:\n    - receiver: a\n      mute_time_intervals: [nights]\n",
            &receivers
        )
    );
    silent(&text, "alertmanager/unused-time-interval");
}
