//! Finds metric declarations in services' source code, one hand-written
//! scanner per client library, over a shared tokenizer ([`lexer`]) and a
//! small static evaluator ([`code`]). Scanning never fails and never
//! guesses: a name that is not a constant is reported as a [`DynamicName`].

mod code;
pub mod exporter_config;
mod go;
mod js;
mod lexer;
mod python;
mod rust;

use std::path::Path;

use super::{DynamicName, Scanned};
use crate::source::Span;

/// What a scanner collects.
type Found = Scanned;

/// A programming language whose Prometheus client library we understand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    Python,
    Go,
    JavaScript,
    TypeScript,
    Rust,
}

impl Language {
    /// The language of a source file, by its extension.
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "py" => Language::Python,
            "go" => Language::Go,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" | "tsx" => Language::TypeScript,
            "rs" => Language::Rust,
            _ => return None,
        })
    }
}

/// Cheap pre-filter: whether the text could declare metrics at all (mentions the client library).
pub fn may_declare_metrics(lang: Language, text: &str) -> bool {
    match lang {
        Language::Python => text.contains("prometheus_client"),
        Language::Go => text.contains("client_golang"),
        Language::JavaScript | Language::TypeScript => text.contains("prom-client"),
        // Both the `prometheus` and the `prometheus-client` crate.
        Language::Rust => text.contains("prometheus"),
    }
}

/// The metric declarations in `text`, written in `lang`.
pub fn scan(lang: Language, text: &str) -> Scanned {
    let code = code::Code::new(lang, text);
    let mut found = Found::default();
    match lang {
        Language::Python => python::scan(&code, &mut found),
        Language::Go => go::scan(&code, &mut found),
        Language::JavaScript | Language::TypeScript => js::scan(&code, &mut found),
        Language::Rust => rust::scan(&code, &mut found),
    }
    found.dynamic = once_per_reason(std::mem::take(&mut found.dynamic));
    found
}

/// One note per reason and file: a service that builds forty names from
/// the same `namespace` parameter hears about it once, at the first
/// place, with the count of the others.
fn once_per_reason(dynamic: Vec<DynamicName>) -> Vec<DynamicName> {
    let mut firsts: Vec<(DynamicName, usize)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in dynamic {
        match index.get(&d.message) {
            Some(&i) => firsts[i].1 += 1,
            None => {
                index.insert(d.message.clone(), firsts.len());
                firsts.push((d, 0));
            }
        }
    }
    firsts
        .into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                let s = if more == 1 { "" } else { "s" };
                d.message = format!(
                    "{} (and {more} more declaration{s} in this file)",
                    d.message
                );
            }
            d
        })
        .collect()
}

fn dynamic(span: Span, message: &str) -> DynamicName {
    DynamicName {
        span,
        message: message.to_string(),
    }
}
