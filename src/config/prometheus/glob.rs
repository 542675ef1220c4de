//! File globs as Go's `filepath.Glob` matches them: `*`, `?`, `[...]`
//! classes (`^` negates, ranges) and `\` escapes, each within one path
//! segment. A malformed pattern is an error; a pattern without meta
//! characters matches the file if it exists.

use std::path::{Path, PathBuf};

/// Whether a pattern has glob meta characters.
pub fn has_meta(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '\\'])
}

/// Checks a pattern's syntax without touching the file system.
pub fn validate(pattern: &str) -> Result<(), String> {
    for segment in pattern.split('/') {
        match_segment(segment, "")?;
    }
    Ok(())
}

/// The files a pattern matches, sorted, as Go's `filepath.Glob` returns them.
pub fn glob(pattern: &Path) -> Result<Vec<PathBuf>, String> {
    let text = pattern.to_string_lossy();
    validate(&text)?;
    if !has_meta(&text) {
        return Ok(if std::fs::symlink_metadata(pattern).is_ok() {
            vec![pattern.to_path_buf()]
        } else {
            Vec::new()
        });
    }
    let (mut current, rest): (Vec<PathBuf>, &str) = if let Some(r) = text.strip_prefix('/') {
        (vec![PathBuf::from("/")], r)
    } else {
        (vec![PathBuf::new()], &text[..])
    };
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let mut next = Vec::new();
        for base in &current {
            if !has_meta(segment) {
                let p = base.join(segment);
                if (last && std::fs::symlink_metadata(&p).is_ok()) || p.is_dir() {
                    next.push(p);
                }
                continue;
            }
            let dir = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base.as_path()
            };
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect();
            names.sort();
            for name in names {
                if match_segment(segment, &name)? {
                    let p = base.join(&name);
                    if last || p.is_dir() {
                        next.push(p);
                    }
                }
            }
        }
        current = next;
    }
    current.sort();
    Ok(current)
}

/// Matches one path segment against one pattern segment (no `/` in
/// either), reporting malformed patterns even when matching fails early.
pub fn match_segment(pattern: &str, name: &str) -> Result<bool, String> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    // Syntax check first, so that an early mismatch does not hide an error.
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(bad(pattern));
                }
                i += 2;
            }
            '[' => {
                i = class_end(&p, i).ok_or_else(|| bad(pattern))?;
            }
            _ => i += 1,
        }
    }
    Ok(matches(&p, &n))
}

fn bad(pattern: &str) -> String {
    format!("syntax error in pattern {pattern:?}")
}

/// One character of a class (`lo` or `hi`): `-` and `]` are not allowed
/// unescaped, `\\` escapes. Returns the character and the next index.
fn class_char(p: &[char], i: usize) -> Option<(char, usize)> {
    match *p.get(i)? {
        '-' | ']' => None,
        '\\' => p.get(i + 1).map(|c| (*c, i + 2)),
        c => Some((c, i + 1)),
    }
}

/// A character class: its ranges, whether it is negated, and the index
/// after its `]`.
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
    end: usize,
}

/// The class starting at `start` (`[`); `None` when malformed.
fn class(p: &[char], start: usize) -> Option<Class> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        if p.get(i) == Some(&']') && !ranges.is_empty() {
            return Some(Class {
                ranges,
                negated,
                end: i + 1,
            });
        }
        let (lo, next) = class_char(p, i)?;
        i = next;
        let mut hi = lo;
        if p.get(i) == Some(&'-') {
            let (h, next) = class_char(p, i + 1)?;
            hi = h;
            i = next;
        }
        ranges.push((lo, hi));
    }
}

fn class_end(p: &[char], start: usize) -> Option<usize> {
    class(p, start).map(|c| c.end)
}

fn class_matches(p: &[char], start: usize, c: char) -> bool {
    match class(p, start) {
        Some(class) => class.ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != class.negated,
        None => false,
    }
}

/// Iterative wildcard matching with one backtrack point per `*`.
fn matches(p: &[char], n: &[char]) -> bool {
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                '[' => {
                    if let Some(end) = class_end(p, pi) {
                        if class_matches(p, pi, n[ni]) {
                            pi = end;
                            ni += 1;
                            continue;
                        }
                    }
                }
                '\\' if pi + 1 < p.len() && p[pi + 1] == n[ni] => {
                    pi += 2;
                    ni += 1;
                    continue;
                }
                c if c != '\\' && c == n[ni] => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, sn)) => {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_go() {
        assert_eq!(match_segment("*.yml", "a.yml"), Ok(true));
        assert_eq!(match_segment("*.yml", "a.yaml"), Ok(false));
        assert_eq!(match_segment("a?c", "abc"), Ok(true));
        assert_eq!(match_segment("[a-c]x", "bx"), Ok(true));
        assert_eq!(match_segment("[^a-c]x", "bx"), Ok(false));
        assert_eq!(match_segment("*a*b", "xxaxxb"), Ok(true));
        assert_eq!(match_segment("\\*", "*"), Ok(true));
        assert!(match_segment("[a-", "a").is_err());
        assert!(match_segment("x[", "y").is_err());
        assert!(match_segment("a\\", "a").is_err());
        assert!(validate("rules/[z-a").is_err());
        assert!(match_segment("[]a]", "a").is_err());
        assert!(match_segment("[a-]", "a").is_err());
        assert!(validate("rules/*.yml").is_ok());
    }

    #[test]
    fn globs_the_file_system() {
        let dir = std::env::temp_dir().join(format!("promlint-glob-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("rules")).unwrap();
        std::fs::write(dir.join("rules/a.yml"), "").unwrap();
        std::fs::write(dir.join("rules/b.yaml"), "").unwrap();
        let found = glob(&dir.join("rules/*.yml")).unwrap();
        assert_eq!(found, vec![dir.join("rules/a.yml")]);
        assert!(glob(&dir.join("rules/c.yml")).unwrap().is_empty());
        assert_eq!(
            glob(&dir.join("*/b.yaml")).unwrap(),
            vec![dir.join("rules/b.yaml")]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
