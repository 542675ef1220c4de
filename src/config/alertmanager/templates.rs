//! Template names: those a configuration uses (`{{ template "name" . }}`)
//! and the files its `templates` globs match.

use crate::suggest::closest;
use crate::template::{TemplateError, ALERTMANAGER, GO_BUILTINS, PROMETHEUS};
use std::path::{Path, PathBuf};

/// The names used by `{{ template "name" ... }}` in a text, with their byte
/// ranges (the name without quotes).
pub fn template_uses(text: &str) -> Vec<(String, usize, usize)> {
    actions_naming(text, &["template"])
}

/// Actions `{{ KEYWORD "name" ...}}` for the given keywords.
fn actions_naming(text: &str, keywords: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("{{") {
        let mut i = from + pos + 2;
        from = i;
        let rest = &text[i..];
        let trimmed = rest.strip_prefix('-').unwrap_or(rest);
        i += rest.len() - trimmed.len();
        let body = trimmed.trim_start();
        i += trimmed.len() - body.len();
        let Some(kw) = keywords.iter().find(|k| {
            body.starts_with(**k)
                && body[k.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        }) else {
            continue;
        };
        let after_kw = &body[kw.len()..];
        let name_part = after_kw.trim_start();
        let name_start = i + kw.len() + (after_kw.len() - name_part.len());
        let Some(quote) = name_part.chars().next().filter(|c| *c == '"' || *c == '`') else {
            continue;
        };
        let Some(close) = name_part[1..].find(quote) else {
            continue;
        };
        let name = &name_part[1..1 + close];
        out.push((name.to_string(), name_start + 1, name_start + 1 + close));
    }
    out
}

/// The files the `templates` globs of a configuration match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TemplateFiles {
    /// Matched files, glob by glob, each glob's matches sorted (the order
    /// Alertmanager parses them in).
    pub paths: Vec<PathBuf>,
    /// Every glob matched a file. Alertmanager accepts a glob that matches
    /// nothing (the files may be deployed later), but then which template
    /// names exist is not known here.
    pub complete: bool,
    /// Globs Go's `filepath.Glob` rejects, with the error: Alertmanager
    /// refuses the configuration.
    pub bad_globs: Vec<(usize, String)>,
    /// Globs (by index) that parse but match no file.
    pub unmatched: Vec<usize>,
}

/// Resolves the `templates` globs against the configuration's folder, as
/// Alertmanager does (Go's `filepath.Glob`).
pub fn resolve_template_files(config_path: &Path, globs: &[String]) -> TemplateFiles {
    let base = config_path.parent().unwrap_or(Path::new(""));
    let mut out = TemplateFiles {
        complete: true,
        ..TemplateFiles::default()
    };
    for (i, glob) in globs.iter().enumerate() {
        let path = Path::new(glob);
        let full = if path.is_absolute() {
            path.to_path_buf()
        } else {
            base.join(path)
        };
        match crate::config::prometheus::glob::glob(&full) {
            Ok(files) => {
                out.complete &= !files.is_empty();
                if files.is_empty() {
                    out.unmatched.push(i);
                }
                out.paths.extend(files);
            }
            Err(e) => {
                out.complete = false;
                out.bad_globs.push((i, e));
            }
        }
    }
    out
}

/// Says what to write instead of a function or variable Alertmanager does
/// not have.
pub fn template_error_help(e: &TemplateError) -> Option<String> {
    if let Some(var) = e
        .message
        .strip_prefix("undefined variable \"")
        .and_then(|m| m.strip_suffix('"'))
    {
        return match var {
            "$labels" | "$value" | "$externalLabels" | "$externalURL" => Some(format!(
                "`{var}` exists in Prometheus rule templates only; Alertmanager passes the notification data as `.` (`.CommonLabels`, `.Alerts`, and `.Labels` inside `range .Alerts`)"
            )),
            _ => None,
        };
    }
    let name = e
        .message
        .strip_prefix("function \"")?
        .strip_suffix("\" not defined")?;
    let known: Vec<&str> = GO_BUILTINS.iter().chain(ALERTMANAGER).copied().collect();
    let lower = name.to_ascii_lowercase();
    let suggestion = closest(name, &known)
        .or_else(|| {
            known
                .iter()
                .copied()
                .find(|k| k.to_ascii_lowercase().ends_with(&lower))
        })
        .map(|c| format!("did you mean `{c}`? "));
    let suggestion = suggestion.unwrap_or_default();
    Some(if PROMETHEUS.contains(&name) {
        format!(
            "{suggestion}`{name}` is a Prometheus rule template function; Alertmanager's templates do not have it"
        )
    } else {
        format!(
            "{suggestion}Alertmanager's template functions are {}, besides Go's builtins",
            ALERTMANAGER.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uses() {
        let t = r#"{{ template "slack.x" . }} and {{- template `y` }} {{ .Foo }}"#;
        let uses: Vec<_> = template_uses(t).into_iter().map(|u| u.0).collect();
        assert_eq!(uses, vec!["slack.x", "y"]);
        let (_, a, b) = &template_uses(t)[0];
        assert_eq!(&t[*a..*b], "slack.x");
    }
}
