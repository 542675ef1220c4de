//! Reader for the PromQL corpus files in `fixtures/promql/*.corpus`
//! (format described in `fixtures/promql/README.md`).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Ok,
    Error,
}

impl Verdict {
    fn parse(s: &str) -> Option<Verdict> {
        match s {
            "ok" => Some(Verdict::Ok),
            "error" => Some(Verdict::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Ok => "ok",
            Verdict::Error => "error",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Syntax,
    Type,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    /// File and line of the entry header, for messages.
    pub location: String,
    pub expr: String,
    /// Verdict of Prometheus 3.x (with experimental features enabled).
    pub verdict: Verdict,
    pub kind: Option<Kind>,
    pub experimental: bool,
    /// Verdict of promtool 2.42 when it differs from `verdict`.
    pub promtool_242: Option<Verdict>,
    pub note: String,
}

impl Entry {
    /// The verdict promtool 2.42 is expected to give.
    pub fn expected_242(&self) -> Verdict {
        self.promtool_242.unwrap_or(self.verdict)
    }
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/promql")
}

/// Reads every `*.corpus` file of the corpus directory, in name order.
pub fn load() -> Vec<Entry> {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "corpus"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.corpus files in {}", dir.display());
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        match parse(&name, &text) {
            Ok(mut es) => entries.append(&mut es),
            Err(mut ps) => problems.append(&mut ps),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in &entries {
        if !seen.insert(e.id.clone()) {
            problems.push(format!("{}: duplicate id {:?}", e.location, e.id));
        }
    }
    assert!(
        problems.is_empty(),
        "malformed corpus:\n{}",
        problems.join("\n")
    );
    entries
}

/// Parses one corpus file. Returns every problem found, not just the first.
pub fn parse(file: &str, text: &str) -> Result<Vec<Entry>, Vec<String>> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut current: Option<(Entry, Vec<String>, bool)> = None;

    fn finish(
        cur: Option<(Entry, Vec<String>, bool)>,
        out: &mut Vec<Entry>,
        problems: &mut Vec<String>,
    ) {
        if let Some((mut e, mut lines, _)) = cur {
            while lines.last().is_some_and(|l| l.is_empty()) {
                lines.pop();
            }
            e.expr = lines.join("\n");
            if e.promtool_242.is_some() && e.note.is_empty() {
                problems.push(format!(
                    "{}: a 2.42 exception needs a `>>` note saying why",
                    e.location
                ));
            }
            if e.experimental && e.verdict != Verdict::Ok {
                problems.push(format!(
                    "{}: `experimental` is only meaningful on `ok` entries",
                    e.location
                ));
            }
            if e.kind.is_some() && e.verdict == Verdict::Ok {
                problems.push(format!("{}: an error kind on an `ok` entry", e.location));
            }
            out.push(e);
        }
    }

    for (n, line) in text.lines().enumerate() {
        let location = format!("{file}:{}", n + 1);
        if line.starts_with(";;") {
            continue;
        }
        if let Some(header) = line.strip_prefix("=== ") {
            finish(current.take(), &mut entries, &mut problems);
            match parse_header(header, &location) {
                Ok(e) => current = Some((e, Vec::new(), false)),
                Err(p) => problems.push(p),
            }
            continue;
        }
        match current.as_mut() {
            None => {
                if !line.trim().is_empty() {
                    problems.push(format!("{location}: text outside an entry"));
                }
            }
            Some((entry, lines, in_note)) => {
                if let Some(note) = line.strip_prefix(">>") {
                    *in_note = true;
                    if !entry.note.is_empty() {
                        entry.note.push(' ');
                    }
                    entry.note.push_str(note.trim());
                } else if *in_note {
                    if !line.trim().is_empty() {
                        problems.push(format!(
                            "{location}: expression text after the note of {:?}",
                            entry.id
                        ));
                    }
                } else {
                    lines.push(line.to_string());
                }
            }
        }
    }
    finish(current.take(), &mut entries, &mut problems);
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn parse_header(header: &str, location: &str) -> Result<Entry, String> {
    let (id, fields) = header
        .split_once('|')
        .ok_or_else(|| format!("{location}: header needs `id | verdict ...`"))?;
    let id = id.trim();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!("{location}: bad id {id:?}"));
    }
    let mut fields = fields.split_whitespace();
    let verdict = fields
        .next()
        .and_then(Verdict::parse)
        .ok_or_else(|| format!("{location}: {id}: verdict must be `ok` or `error`"))?;
    let mut entry = Entry {
        id: id.to_string(),
        location: location.to_string(),
        expr: String::new(),
        verdict,
        kind: None,
        experimental: false,
        promtool_242: None,
        note: String::new(),
    };
    for f in fields {
        match f {
            "syntax" => entry.kind = Some(Kind::Syntax),
            "type" => entry.kind = Some(Kind::Type),
            "experimental" => entry.experimental = true,
            _ => match f.strip_prefix("2.42=").and_then(Verdict::parse) {
                Some(v) if v != verdict => entry.promtool_242 = Some(v),
                Some(_) => {
                    return Err(format!(
                        "{location}: {id}: `2.42=` repeats the 3.x verdict; leave it out"
                    ))
                }
                None => return Err(format!("{location}: {id}: unknown field {f:?}")),
            },
        }
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entries() {
        let text = ";; comment\n\n=== a | ok\nfoo\n>> a note\n\n=== b | error type 2.42=ok\nsum(\n  x\n)\n>> why\n>> more\n=== c | ok experimental\n";
        let es = parse("t", text).unwrap();
        assert_eq!(es.len(), 3);
        assert_eq!(es[0].expr, "foo");
        assert_eq!(es[0].note, "a note");
        assert_eq!(es[1].expr, "sum(\n  x\n)");
        assert_eq!(es[1].kind, Some(Kind::Type));
        assert_eq!(es[1].promtool_242, Some(Verdict::Ok));
        assert_eq!(es[1].note, "why more");
        assert_eq!(es[2].expr, "");
        assert!(es[2].experimental);
    }

    #[test]
    fn rejects_bad_entries() {
        assert!(parse("t", "=== a | maybe\nfoo\n").is_err());
        assert!(parse("t", "=== a | ok 2.42=ok\nfoo\n").is_err());
        assert!(parse("t", "=== a | ok 2.42=error\nfoo\n").is_err());
        assert!(parse("t", "=== a | error experimental\nfoo\n").is_err());
        assert!(parse("t", "stray\n").is_err());
    }
}
