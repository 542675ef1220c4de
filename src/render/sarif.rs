//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use super::fingerprint::{fingerprints, utf16_column};
use super::{display_path, message_with_help, Located};
use crate::checks::{self, Rule};
use crate::diagnostic::Severity;
use serde_json::{json, Value};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The documentation `promlint explain` prints, with its leading spaces
/// removed.
fn docs(rule: &Rule) -> String {
    rule.docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A rule's SARIF descriptor: its code as id, its summary, its first
/// documentation paragraph as the full description and the whole
/// documentation as help.
fn descriptor(rule: &Rule) -> Value {
    let docs = docs(rule);
    let first = docs.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let full = if first.is_empty() {
        rule.summary.to_string()
    } else {
        first
    };
    json!({
        "id": rule.code,
        "name": pascal_case(rule.code),
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": full },
        "help": {
            "text": format!("{}\n\nMore: promlint explain {}", docs, rule.code),
            "markdown": format!("{}\n\nMore: `promlint explain {}`", docs, rule.code),
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule.code.split('/').next().unwrap_or("")] },
    })
}

/// A SARIF log with one run: every check of promlint as a rule (so that
/// viewers can show the documentation of any finding), and one result per
/// diagnostic. Columns count UTF-16 code units (`columnKind`); paths are
/// relative to the folder promlint ran in when they were given relative.
pub fn render(located: &[Located]) -> String {
    let rules: Vec<&Rule> = checks::all_checks().map(|c| c.rule).collect();
    let prints = fingerprints(located);
    let results: Vec<Value> = located
        .iter()
        .zip(&prints)
        .map(|(l, print)| {
            let d = l.diagnostic;
            let path = display_path(&d.file);
            let mut artifact = json!({ "uri": uri(&path) });
            if !path.starts_with('/') {
                artifact["uriBaseId"] = json!("%SRCROOT%");
            }
            let start_column = utf16_column(l, l.start.line, l.start.column);
            let end_column = utf16_column(l, l.end.line, l.end.column);
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": message_with_help(d) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": l.start.line,
                            "startColumn": start_column,
                            "endLine": l.end.line,
                            "endColumn": end_column,
                        },
                    },
                }],
                "partialFingerprints": { "promlintFingerprint/v1": print },
            });
            if let Some(i) = rules.iter().position(|r| r.code == d.code) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "promlint",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
                },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
}

/// `alertmanager/deprecated-match` → `AlertmanagerDeprecatedMatch`: SARIF
/// wants a readable name distinct from the id.
fn pascal_case(code: &str) -> String {
    code.split(['/', '-', '_'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// A path as a URI reference: `/`-separated, with the characters a URI
/// cannot hold percent-encoded; absolute paths become `file://` URIs.
fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("a b/c.yml"), "a%20b/c.yml");
        assert_eq!(uri("/x/é.yml"), "file:///x/%C3%A9.yml");
    }

    #[test]
    fn every_rule_has_a_description() {
        for c in checks::all_checks() {
            let d = descriptor(c.rule);
            assert!(!d["fullDescription"]["text"]
                .as_str()
                .unwrap_or("")
                .is_empty());
        }
    }
}
