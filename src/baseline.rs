//! Baselines: today's findings recorded in a file (`check
//! --write-baseline FILE`), so that a gate adopted on an existing
//! repository reports only new ones (`check --baseline FILE`).
//!
//! A finding is recognised by its file (relative to the baseline's
//! folder), code, message and the text of the line it starts on, not by
//! its line number, so that unrelated edits above it do not make it new.
//! The same fingerprint may occur several times; each recorded occurrence
//! absorbs one finding.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The format's version, written as `promlint_baseline`.
const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Entry {
    file: String,
    code: String,
    message: String,
    /// FNV-1a of the trimmed text of the line the finding starts on (the
    /// text itself may hold secrets).
    line_hash: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    promlint_baseline: u32,
    findings: Vec<Counted>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Counted {
    file: String,
    code: String,
    message: String,
    line_hash: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// A baseline read from its file.
#[derive(Debug)]
pub struct Baseline {
    folder: PathBuf,
    counts: HashMap<Entry, usize>,
}

/// The folder a baseline's paths are relative to.
fn folder_of(path: &Path) -> PathBuf {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    absolute(folder)
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p)
        .map(|a| crate::source::normalize_path(&a))
        .unwrap_or_else(|_| p.to_path_buf())
}

fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// The fingerprint of a finding, paths relative to `folder`.
fn entry(d: &Diagnostic, sources: &HashMap<&Path, &SourceFile>, folder: &Path) -> Entry {
    let abs = absolute(&d.file);
    let file = match abs.strip_prefix(folder) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => abs.to_string_lossy().replace('\\', "/"),
    };
    let line = sources
        .get(d.file.as_path())
        .map(|s| {
            let start = s
                .text
                .get(..d.span.start)
                .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1));
            let rest = s.text.get(start..).unwrap_or("");
            rest.lines().next().unwrap_or("").trim().to_string()
        })
        .unwrap_or_default();
    Entry {
        file,
        code: d.code.to_string(),
        message: d.message.clone(),
        line_hash: fnv1a(&line),
    }
}

fn by_path<'a>(sources: &[&'a SourceFile]) -> HashMap<&'a Path, &'a SourceFile> {
    sources.iter().map(|s| (s.path.as_path(), *s)).collect()
}

/// The baseline of `diagnostics`, as the text of a file written at
/// `path` (sorted, so that it diffs well).
pub fn render(path: &Path, diagnostics: &[Diagnostic], sources: &[&SourceFile]) -> String {
    let folder = folder_of(path);
    let sources = by_path(sources);
    let mut counts: BTreeMap<Entry, usize> = BTreeMap::new();
    for d in diagnostics {
        *counts.entry(entry(d, &sources, &folder)).or_default() += 1;
    }
    let file = FileFormat {
        promlint_baseline: VERSION,
        findings: counts
            .into_iter()
            .map(|(e, count)| Counted {
                file: e.file,
                code: e.code,
                message: e.message,
                line_hash: e.line_hash,
                count,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// Writes the baseline of `diagnostics` to `path`.
pub fn write(
    path: &Path,
    diagnostics: &[Diagnostic],
    sources: &[&SourceFile],
) -> std::io::Result<()> {
    std::fs::write(path, render(path, diagnostics, sources))
}

impl Baseline {
    /// Reads a baseline; refuses a file that is not one, or one written
    /// for another repository (none of the files it names is there).
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline: {e}"))?;
        Baseline::parse(path, &text)
    }

    /// Reads the text of a baseline file found at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, String> {
        let file: FileFormat = serde_json::from_str(text).map_err(|e| {
            format!("not a promlint baseline ({e}); write one with `promlint check --write-baseline FILE`")
        })?;
        if file.promlint_baseline != VERSION {
            return Err(format!(
                "a baseline of format {} (this promlint reads format {VERSION}); write it again with `--write-baseline`",
                file.promlint_baseline
            ));
        }
        let folder = folder_of(path);
        let mut counts = HashMap::new();
        for c in file.findings {
            let e = Entry {
                file: c.file,
                code: c.code,
                message: c.message,
                line_hash: c.line_hash,
            };
            *counts.entry(e).or_default() += c.count;
        }
        let mut files: Vec<&str> = counts.keys().map(|e| e.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        if !files.is_empty() && !files.iter().any(|f| folder.join(f).exists()) {
            let named = match files.len() {
                1 => format!("the file it names ({}) does not exist", files[0]),
                n => format!("none of the {n} files it names exists"),
            };
            return Err(format!(
                "this baseline was written for another repository: {named} under {}",
                folder.display()
            ));
        }
        Ok(Baseline { folder, counts })
    }

    /// The findings the baseline does not hold.
    pub fn filter(&self, diagnostics: Vec<Diagnostic>, sources: &[&SourceFile]) -> Vec<Diagnostic> {
        let sources = by_path(sources);
        let mut left = self.counts.clone();
        diagnostics
            .into_iter()
            .filter(|d| {
                let e = entry(d, &sources, &self.folder);
                match left.get_mut(&e) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::Span;

    fn diag(file: &str, at: usize, message: &str) -> Diagnostic {
        Diagnostic {
            file: PathBuf::from(file),
            span: Span::new(at, at + 1),
            severity: Severity::Error,
            code: "promql/syntax",
            message: message.into(),
            help: None,
        }
    }

    #[test]
    fn survives_line_shifts_and_counts_occurrences() {
        let dir = std::env::temp_dir().join(format!("promlint-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rules = dir.join("r.yml");
        std::fs::write(&rules, "a: 1\n").unwrap();
        let path = dir.join("baseline.json");
        let before = SourceFile::new(&rules, "a: x\nb: y\n".into());
        let found = vec![
            diag(rules.to_str().unwrap(), 3, "bad"),
            diag(rules.to_str().unwrap(), 8, "bad"),
        ];
        let text = render(&path, &found, &[&before]);
        assert!(text.contains("\"file\": \"r.yml\""), "{text}");
        let b = Baseline::parse(&path, &text).unwrap();
        // Two lines added above: the same findings, at other offsets.
        let after = SourceFile::new(&rules, "new\nnew\na: x\nb: y\nc: z\n".into());
        let r = rules.to_str().unwrap();
        // "a: x" at 8, "b: y" at 13, "c: z" at 18.
        let now = vec![
            diag(r, 10, "bad"),
            diag(r, 15, "bad"),
            diag(r, 20, "bad"),
            diag(r, 10, "other"),
        ];
        let left = b.filter(now, &[&after]);
        let left: Vec<(usize, &str)> = left
            .iter()
            .map(|d| (d.span.start, d.message.as_str()))
            .collect();
        assert_eq!(left, vec![(20, "bad"), (10, "other")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_other_files() {
        let path = Path::new("baseline.json");
        assert!(Baseline::parse(path, "{}")
            .unwrap_err()
            .starts_with("not a promlint baseline"));
        assert!(Baseline::parse(path, "[1, 2]").is_err());
        assert!(
            Baseline::parse(path, r#"{"promlint_baseline": 2, "findings": []}"#)
                .unwrap_err()
                .contains("format 2")
        );
        let other = r#"{"promlint_baseline": 1, "findings": [{"file": "no/such/file-here.yml", "code": "promql/syntax", "message": "m", "line_hash": "0"}]}"#;
        assert!(Baseline::parse(path, other)
            .unwrap_err()
            .contains("written for another repository"));
        assert!(Baseline::parse(path, r#"{"promlint_baseline": 1, "findings": []}"#).is_ok());
    }
}
