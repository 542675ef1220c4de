//! GitLab Code Quality reports (a JSON array of issues, a subset of the
//! Code Climate format).

use super::fingerprint::fingerprints;
use super::{display_path, Located};
use crate::diagnostic::Severity;
use serde_json::{json, Value};

/// One issue per finding; the fingerprint is the one SARIF carries
/// (unique in the report, stable when lines move).
pub fn render(located: &[Located]) -> String {
    let prints = fingerprints(located);
    let issues: Vec<Value> = located
        .iter()
        .zip(prints)
        .map(|(l, print)| {
            let d = l.diagnostic;
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            let description = match &d.help {
                Some(help) => format!("{} ({help})", d.message),
                None => d.message.clone(),
            };
            json!({
                "type": "issue",
                "description": description,
                "check_name": d.code,
                "fingerprint": print,
                "severity": severity,
                "location": {
                    "path": display_path(&d.file),
                    "lines": { "begin": l.start.line, "end": l.end.line },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
        + "\n"
}
