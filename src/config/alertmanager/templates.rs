//! Template names: those a configuration uses (`{{ template "name" . }}`)
//! and the files its `templates` globs match.

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
