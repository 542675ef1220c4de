//! Template names: those a configuration uses (`{{ template "name" . }}`)
//! and those its `templates` files define (`{{ define "name" }}`).

use std::path::Path;

/// The names used by `{{ template "name" ... }}` in a text, with their byte
/// ranges (the name without quotes).
pub fn template_uses(text: &str) -> Vec<(String, usize, usize)> {
    actions_naming(text, &["template"])
}

/// The names `{{ define "name" }}` and `{{ block "name" ... }}` define.
pub fn template_defines_in(text: &str) -> Vec<String> {
    actions_naming(text, &["define", "block"])
        .into_iter()
        .map(|(n, _, _)| n)
        .collect()
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

/// The names the `templates` globs of a configuration define, read from
/// disk relative to the configuration's folder. `None` when a glob matches
/// nothing, has a wildcard before its last component, or a file cannot be
/// read: then which names exist is not known.
pub fn resolve_template_defines(config_path: &Path, globs: &[String]) -> Option<Vec<String>> {
    let base = config_path.parent().unwrap_or(Path::new("."));
    let mut names = Vec::new();
    for glob in globs {
        let path = Path::new(glob);
        let full = if path.is_absolute() {
            path.to_path_buf()
        } else {
            base.join(path)
        };
        let dir = full.parent()?;
        let pattern = full.file_name()?.to_str()?;
        if dir.to_str().is_none_or(has_wildcard) {
            return None;
        }
        let mut matched = 0;
        if has_wildcard(pattern) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .ok()?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            entries.sort();
            for p in entries {
                let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if p.is_file() && glob_match(pattern, name) {
                    names.extend(template_defines_in(&std::fs::read_to_string(&p).ok()?));
                    matched += 1;
                }
            }
        } else if full.is_file() {
            names.extend(template_defines_in(&std::fs::read_to_string(&full).ok()?));
            matched += 1;
        }
        if matched == 0 {
            return None;
        }
    }
    Some(names)
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Shell-style matching of `*` and `?` (a `[` class makes the caller give
/// up before this is reached for directories; in file names it is matched
/// literally, which can only under-match).
fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uses_and_defines() {
        let t = r#"{{ template "slack.x" . }} and {{- template `y` }} {{ .Foo }}"#;
        let uses: Vec<_> = template_uses(t).into_iter().map(|u| u.0).collect();
        assert_eq!(uses, vec!["slack.x", "y"]);
        let (_, a, b) = &template_uses(t)[0];
        assert_eq!(&t[*a..*b], "slack.x");
        let d =
            r#"{{ define "a" }}x{{ end }}{{- define "b" -}}{{ end }}{{ block "c" . }}{{ end }}"#;
        assert_eq!(template_defines_in(d), vec!["a", "b", "c"]);
        assert!(glob_match("*.tmpl", "slack.tmpl"));
        assert!(!glob_match("*.tmpl", "slack.tmpl.bak"));
    }
}
