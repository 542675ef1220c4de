//! The seed repositories under `fixtures/seeds/` (real monitoring set-ups
//! kept as written; their READMEs list the known defects): the metric
//! cross-checks find exactly those defects, and metrics of node_exporter,
//! cAdvisor, postgres_exporter and redis_exporter are not reported.

use crate::support::paths_options;
use std::path::PathBuf;

/// (code, file name, line, the text the finding points at) of every
/// finding of the metric cross-checks.
fn findings(root: &str) -> Vec<(String, String, usize, String)> {
    let outcome = promlint::check(&paths_options(&[PathBuf::from(root)])).expect("seed exists");
    let mut out = Vec::new();
    for d in &outcome.diagnostics {
        let ours = d.code.starts_with("metrics/")
            || d.code.starts_with("exposition/")
            || d.code == "promql/alert-always-fires";
        if !ours {
            continue;
        }
        let file = outcome
            .project
            .files
            .iter()
            .find(|f| f.source.path == d.file)
            .expect("finding on a modeled file");
        let name = d.file.file_name().unwrap().to_string_lossy().into_owned();
        let line = file.source.line_col(d.span.start).line;
        let at = file.source.text[d.span.range()].to_string();
        out.push((d.code.to_string(), name, line, at));
    }
    out.sort();
    out
}

fn f(code: &str, file: &str, line: usize, at: &str) -> (String, String, usize, String) {
    (code.into(), file.into(), line, at.into())
}

#[test]
fn chatbot_port8000() {
    let rules = "alert.rules.yml";
    assert_eq!(
        findings("fixtures/seeds/chatbot-port8000"),
        vec![
            // `(rate(x{status=~"5.."}[5m]) / rate(x[5m]))`, twice.
            f("metrics/constant-ratio", rules, 21, "/"),
            f("metrics/constant-ratio", rules, 94, "/"),
            f(
                "metrics/unknown-metric",
                rules,
                82,
                "websocket_connection_limit"
            ),
            f(
                "metrics/unknown-metric",
                rules,
                120,
                "rate_limit_exceeded_total"
            ),
            f("metrics/unknown-metric", rules, 132, "cache_hits_total"),
            f("metrics/unknown-metric", rules, 133, "cache_hits_total"),
            f("metrics/unknown-metric", rules, 133, "cache_misses_total"),
        ]
    );
}

#[test]
fn chatsdk() {
    // No service code or exposition in the repository: unknown names are
    // not reported, but the built-in postgres_exporter catalog shows that
    // the connection ratio never matches.
    assert_eq!(
        findings("fixtures/seeds/chatsdk"),
        vec![f("metrics/never-matching", "alerts.yml", 57, "/")]
    );
}
