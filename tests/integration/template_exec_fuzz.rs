//! Expansion never panics, whatever the template: random sequences of
//! template tokens are expanded, and any error is located in the text.

use promlint::template::{expand, ExpandData, QueryHost, QueryResultSample};
use proptest::prelude::*;
use std::collections::BTreeMap;

struct Host;

impl QueryHost for Host {
    fn query(&self, expr: &str) -> Result<Vec<QueryResultSample>, String> {
        if expr.is_empty() {
            return Err("empty query".into());
        }
        let labels: BTreeMap<String, String> = [("instance", "a:1"), ("job", expr)]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(vec![
            QueryResultSample {
                labels: labels.clone(),
                value: 1.5,
            },
            QueryResultSample {
                labels,
                value: f64::NAN,
            },
        ])
    }
}

const TOKENS: &[&str] = &[
    "{{ ",
    "{{- ",
    " }}",
    " -}}",
    "$labels",
    "$value",
    "$",
    ".",
    ".Labels",
    ".Value",
    ".job",
    "$x",
    "$x := ",
    "$x = ",
    "$i, $e := ",
    "|",
    "(",
    ")",
    " ",
    "\"a\"",
    "\"%v %d %.2f\"",
    "`raw`",
    "1",
    "-2.5",
    "1e300",
    "'c'",
    "true",
    "nil",
    "if ",
    "else ",
    "else if ",
    "range ",
    "with ",
    "end",
    "break",
    "continue",
    "define \"t\"",
    "template \"t\" ",
    "block \"b\" ",
    "query ",
    "first ",
    "value ",
    "label ",
    "humanize ",
    "humanize1024 ",
    "humanizeDuration ",
    "humanizePercentage ",
    "humanizeTimestamp ",
    "printf ",
    "print ",
    "println ",
    "len ",
    "index ",
    "slice ",
    "eq ",
    "ne ",
    "lt ",
    "gt ",
    "and ",
    "or ",
    "not ",
    "html ",
    "js ",
    "urlquery ",
    "call ",
    "args ",
    "title ",
    "toUpper ",
    "match ",
    "reReplaceAll ",
    "sortByLabel ",
    "toTime ",
    "toDuration ",
    "parseDuration ",
    "stripPort ",
    "stripDomain ",
    "safeHtml ",
    "text ",
    "\n",
    "é",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn expansion_never_panics(picks in proptest::collection::vec(0..TOKENS.len(), 0..40), value in any::<f64>()) {
        let text: String = picks.iter().map(|&i| TOKENS[i]).collect();
        let data = ExpandData {
            labels: [("job".to_string(), "node".to_string())].into_iter().collect(),
            value,
            ..ExpandData::default()
        };
        if let Err(e) = expand(&text, &data, &Host) {
            prop_assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "{:?}", e);
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
}

const FUNCS: &[&str] = &[
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "print",
    "printf",
    "println",
    "html",
    "js",
    "urlquery",
    "call",
    "query",
    "first",
    "value",
    "label",
    "strvalue",
    "args",
    "reReplaceAll",
    "match",
    "title",
    "toUpper",
    "toLower",
    "graphLink",
    "tableLink",
    "sortByLabel",
    "stripPort",
    "stripDomain",
    "humanize",
    "humanize1024",
    "humanizeDuration",
    "humanizePercentage",
    "humanizeTimestamp",
    "toTime",
    "toDuration",
    "pathPrefix",
    "externalURL",
    "parseDuration",
    "safeHtml",
    "now",
];

const OPERANDS: &[&str] = &[
    "$labels",
    "$value",
    "$",
    ".",
    ".Labels.job",
    "$labels.none",
    "\"%v|%-8.3x|%[2]d|%*d|%\"",
    "\"a(b\"",
    "\"(.)\"",
    "\"$1$$\"",
    "\"\"",
    "\"[::1]:80\"",
    "\"1h\"",
    "\"9999999999y\"",
    "\"1e400\"",
    "\"NaN\"",
    "0",
    "1",
    "-1",
    "3",
    "9223372036854775807",
    "-9223372036854775808",
    "1e300",
    "-1e300",
    "0.5",
    "'x'",
    "true",
    "false",
    "nil",
    "(query \"up\")",
    "(query \"up\" | first)",
    "(args 1 2)",
    "(args).arg0",
    "(toTime 1)",
    "(toDuration 1.5)",
    "(safeHtml \"<b>\")",
    "(index $labels \"job\")",
    "(slice \"abc\" 1)",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn every_function_with_any_operands(
        f in 0..FUNCS.len(),
        args in proptest::collection::vec(0..OPERANDS.len(), 0..4),
        piped in proptest::option::of(0..OPERANDS.len()),
        value in prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(1e300), any::<f64>()],
    ) {
        let call: Vec<&str> = std::iter::once(FUNCS[f]).chain(args.iter().map(|&i| OPERANDS[i])).collect();
        let text = match piped {
            Some(p) => format!("{{{{ {} | {} }}}}", OPERANDS[p], call.join(" ")),
            None => format!("{{{{ {} }}}}", call.join(" ")),
        };
        let data = ExpandData {
            labels: [("job".to_string(), "node".to_string())].into_iter().collect(),
            value,
            ..ExpandData::default()
        };
        if let Err(e) = expand(&text, &data, &Host) {
            prop_assert!(e.span.end <= text.len(), "{:?}", e);
        }
    }
}
