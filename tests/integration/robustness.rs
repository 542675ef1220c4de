//! Bad input never crashes: random and mutated files, deep nesting, and
//! huge expressions all give located findings.

use promlint::project::Project;
use promlint::source::SourceFile;
use proptest::prelude::*;

fn check(path: &str, text: String) -> Vec<promlint::diagnostic::Diagnostic> {
    let project = Project::from_sources(vec![SourceFile::new(path, text)]);
    let diagnostics = promlint::checks::run(&project, &[]);
    let len = project.files[0].source.text.len();
    for d in &diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= len,
            "{d:?} outside the file"
        );
        assert!(
            project.files[0].source.text.is_char_boundary(d.span.start)
                && project.files[0].source.text.is_char_boundary(d.span.end),
            "{d:?} not on character boundaries"
        );
    }
    diagnostics
}

/// Runs `f` on a thread with the 2 MiB stack rayon's workers have.
fn on_small_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic, no stack overflow");
}

const RULES: &str = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: |\n          sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))\n            / sum by (job) (rate(http_requests_total[5m])) > 0.05\n        for: 5m\n        labels:\n          severity: critical\n        annotations:\n          summary: \"{{ $labels.job }}: {{ $value | humanizePercentage }}\"\n";

#[test]
fn deep_yaml_nesting() {
    on_small_stack(|| {
        let text = format!("groups: {}", "[".repeat(100_000));
        assert!(!check("rules.yml", text).is_empty());
        let text = format!("{}x", "- ".repeat(50_000));
        check("rules.yml", text);
    });
}

#[test]
fn deep_json_nesting() {
    on_small_stack(|| {
        let text = "[".repeat(100_000);
        assert!(!check("rules.json", text).is_empty());
    });
}

#[test]
fn deep_promql_nesting() {
    on_small_stack(|| {
        let expr = format!("{}up{}", "(".repeat(100_000), ")".repeat(100_000));
        let text = format!(
            "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: '{expr}'\n"
        );
        check("rules.yml", text);
        let expr = format!("{}1", "-".repeat(100_000));
        check("q.promql", expr);
        let expr = vec!["up"; 20_000].join(" + ");
        check("q.promql", expr);
    });
}

#[test]
fn deep_template_nesting() {
    on_small_stack(|| {
        let tmpl = format!("{{{{ {}1{} }}}}", "(".repeat(50_000), ")".repeat(50_000));
        let text = format!("groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          a: '{tmpl}'\n");
        check("rules.yml", text);
    });
}

#[test]
fn alias_bomb() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("a{}", i - 1)
        };
        text.push_str(&format!("a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    text.push_str("groups: *a11\n");
    check("rules.yml", text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        check("rules.yml", text.clone());
        check("rules.json", text.clone());
        check("q.promql", text);
    }

    #[test]
    fn mutated_rule_files_never_panic(
        cuts in proptest::collection::vec((0usize..RULES.len(), 0usize..8, "[\\PC\n\t ]{0,4}"), 1..4)
    ) {
        let mut text = RULES.to_string();
        for (at, len, insert) in cuts {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(at..end.max(at), &insert);
        }
        check("rules.yml", text);
    }
}
