//! Machine-applicable fixes: text edits that remove a finding without
//! changing what the file means (or, for a dashboard's `rate` range, by
//! making exactly the change the finding asks for). Each fix is computed
//! by a function beside its check (`checks/<area>/<name>.rs`, `fixes`);
//! `promlint fix` applies them and the language server offers them as
//! code actions.

use crate::checks::alertmanager::{deprecated_match, deprecated_mute_time_intervals};
use crate::checks::grafana::rate_interval;
use crate::project::Project;
use crate::source::{Placement, Span};
use std::path::{Path, PathBuf};

/// Replace the bytes at `span` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub replacement: String,
}

/// The edits that fix one finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The code of the check whose finding this fixes.
    pub code: &'static str,
    /// The file to edit (the embedding file for an embedded document):
    /// the same file and span as the finding's diagnostic.
    pub file: PathBuf,
    /// The span of the finding it fixes, in `file`.
    pub finding: Span,
    /// What the fix does, for a code action's title.
    pub title: String,
    /// Non-overlapping edits, in file order, with spans in `file`.
    pub edits: Vec<TextEdit>,
}

/// A function that computes the fixes of one check.
pub type Fixer = fn(&Project) -> Vec<Fix>;

/// The functions that compute fixes, with the code of their check.
pub static FIXERS: &[(&str, Fixer)] = &[
    (deprecated_match::RULE.code, deprecated_match::fixes),
    (
        deprecated_mute_time_intervals::RULE.code,
        deprecated_mute_time_intervals::fixes,
    ),
    (rate_interval::RULE.code, rate_interval::fixes),
];

/// Every fix on the project's files, sorted by file and position.
pub fn fixes(project: &Project) -> Vec<Fix> {
    let mut out: Vec<Fix> = FIXERS.iter().flat_map(|(_, f)| f(project)).collect();
    out.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.finding.start.cmp(&b.finding.start))
            .then(a.code.cmp(b.code))
    });
    out
}

/// The text with the edits applied; `None` when edits overlap or fall
/// outside the text (or off a character boundary).
pub fn apply(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.span.start < at || e.span.end < e.span.start {
            return None;
        }
        out.push_str(text.get(at..e.span.start)?);
        text.get(e.span.start..e.span.end)?;
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Moves an edit on an embedded document's own text to the embedding
/// file: only where the text maps back byte for byte (a block scalar; a
/// quoted string without escapes in the span). Decoded documents (base64)
/// cannot be edited in place.
pub(crate) fn to_file(
    source: &crate::source::SourceFile,
    edit: TextEdit,
) -> Option<(PathBuf, TextEdit)> {
    let Some(origin) = source.origin.as_deref() else {
        return Some((source.path.clone(), edit));
    };
    if !matches!(origin.place, Placement::Scalar(_)) {
        return None;
    }
    let outer = origin.span_in_parent(edit.span);
    let own = source.text.get(edit.span.range())?;
    let there = origin.parent.text.get(outer.range())?;
    if own != there {
        return None;
    }
    to_file(
        &origin.parent,
        TextEdit {
            span: outer,
            replacement: edit.replacement,
        },
    )
}

/// Whether `span` of `text` covers whole lines (only blanks before it on
/// its first line and after it on its last), and the span of those lines
/// with the final line break: what deleting it as a line takes.
pub(crate) fn whole_lines(text: &str, span: Span) -> Option<Span> {
    let before = text.get(..span.start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let after = text.get(span.end..)?;
    let line_end = after.find('\n').map_or(text.len(), |i| span.end + i + 1);
    if !text[span.end..line_end].trim().is_empty() {
        return None;
    }
    Some(Span {
        start: line_start,
        end: line_end,
    })
}

/// Whether a YAML comment starts inside `span` (a `#` at a line's start or
/// after a blank): a rewrite of the span would drop it.
pub(crate) fn has_comment(text: &str, span: Span) -> bool {
    let (Some(before), Some(inside)) = (text.get(..span.start), text.get(span.range())) else {
        return true;
    };
    let mut prev = before.chars().next_back();
    for c in inside.chars() {
        if c == '#' && prev.is_none_or(char::is_whitespace) {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// A unified diff of the edits on `text` (3 lines of context), with
/// `path` in the headers; empty when nothing changes.
pub fn unified_diff(path: &Path, text: &str, edits: &[TextEdit]) -> Option<String> {
    let new = apply(text, edits)?;
    if new == text {
        return Some(String::new());
    }
    let old_lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Changed regions of lines, from the edits: old [a, b) ↔ new [c, d).
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.span.start);
    let line_of = |offset: usize| text[..offset].matches('\n').count();
    let mut regions: Vec<(usize, usize)> = Vec::new();
    for e in &sorted {
        let a = line_of(e.span.start);
        let last = if e.span.end > e.span.start {
            line_of(e.span.end - 1)
        } else {
            a
        };
        let b = (last + 1).min(old_lines.len());
        match regions.last_mut() {
            Some((_, end)) if a <= *end => *end = (*end).max(b),
            _ => regions.push((a, b)),
        }
    }
    // The new lines of each region: the region's old text with its edits.
    let mut hunks: Vec<Hunk> = Vec::new();
    let mut delta: isize = 0;
    let offset_of_line = |l: usize| -> usize { old_lines[..l].iter().map(|s| s.len()).sum() };
    for (a, b) in regions {
        let (start, end) = (offset_of_line(a), offset_of_line(b));
        let local: Vec<TextEdit> = sorted
            .iter()
            .filter(|e| e.span.start >= start && e.span.end <= end.max(e.span.start))
            .map(|e| TextEdit {
                span: Span {
                    start: e.span.start - start,
                    end: e.span.end - start,
                },
                replacement: e.replacement.clone(),
            })
            .collect();
        let region_new = apply(&text[start..end], &local)?;
        let new_region: Vec<String> = region_new
            .split_inclusive('\n')
            .map(str::to_string)
            .collect();
        let c = (a as isize + delta).max(0) as usize;
        delta += new_region.len() as isize - (b - a) as isize;
        hunks.push(Hunk {
            old: (a, b),
            new_start: c,
            removed: old_lines[a..b].to_vec(),
            added: new_region,
        });
    }
    let mut out = format!("--- {p}\n+++ {p}\n", p = crate::render::display_path(path));
    const CONTEXT: usize = 3;
    let mut i = 0;
    while i < hunks.len() {
        // Join hunks whose context would touch.
        let mut j = i;
        while j + 1 < hunks.len() && hunks[j + 1].old.0 <= hunks[j].old.1 + 2 * CONTEXT {
            j += 1;
        }
        let first = hunks[i].old.0.saturating_sub(CONTEXT);
        let last = (hunks[j].old.1 + CONTEXT).min(old_lines.len());
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0, 0);
        let mut at = first;
        for h in &hunks[i..=j] {
            for l in &old_lines[at..h.old.0] {
                push_line(&mut body, ' ', l);
                old_count += 1;
                new_count += 1;
            }
            for l in &h.removed {
                push_line(&mut body, '-', l);
                old_count += 1;
            }
            for l in &h.added {
                push_line(&mut body, '+', l);
                new_count += 1;
            }
            at = h.old.1;
        }
        for l in &old_lines[at..last] {
            push_line(&mut body, ' ', l);
            old_count += 1;
            new_count += 1;
        }
        let new_first = hunks[i].new_start - (hunks[i].old.0 - first);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(first, old_count),
            range(new_first, new_count)
        ));
        out.push_str(&body);
        i = j + 1;
    }
    Some(out)
}

/// A changed region: old lines `old` (0-based, end exclusive) become
/// `added`, starting at new line `new_start`.
struct Hunk<'a> {
    old: (usize, usize),
    new_start: usize,
    removed: Vec<&'a str>,
    added: Vec<String>,
}

fn range(first: usize, count: usize) -> String {
    if count == 0 {
        format!("{first},0")
    } else {
        format!("{},{count}", first + 1)
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer the text the fixes were computed on.
    Changed,
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("the file changed on disk since it was read; not overwritten (run `promlint fix` again)"),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Writes `new` to `path` atomically: into a temporary file in the same
/// folder (keeping the file's permissions), renamed over the file, and
/// only when the file still holds `old`.
pub fn write_atomically(path: &Path, old: &str, new: &str) -> Result<(), WriteError> {
    use std::io::Write;
    let now = std::fs::read(path).map_err(WriteError::Io)?;
    if now != old.as_bytes() {
        return Err(WriteError::Changed);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.promlint-fix-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(new.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(WriteError::Io(e));
    }
    // The last look before the rename: an editor may have saved meanwhile.
    match std::fs::read(path) {
        Ok(again) if again == old.as_bytes() => {}
        Ok(_) => {
            let _ = std::fs::remove_file(&temp);
            return Err(WriteError::Changed);
        }
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(WriteError::Io(e));
        }
    }
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        WriteError::Io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, r: &str) -> TextEdit {
        TextEdit {
            span: Span { start, end },
            replacement: r.into(),
        }
    }

    #[test]
    fn applies_edits_and_refuses_overlaps() {
        assert_eq!(
            apply("abcdef", &[edit(4, 5, "E"), edit(0, 1, "A")]).as_deref(),
            Some("AbcdEf")
        );
        assert_eq!(apply("abcdef", &[edit(0, 3, "x"), edit(2, 4, "y")]), None);
        assert_eq!(apply("abc", &[edit(2, 9, "x")]), None);
        assert_eq!(apply("é", &[edit(1, 2, "x")]), None);
    }

    #[test]
    fn whole_lines_and_comments() {
        let t = "a:\n  b: 1\n  c: 2\n";
        assert_eq!(
            whole_lines(t, Span { start: 5, end: 9 }),
            Some(Span { start: 3, end: 10 })
        );
        assert_eq!(whole_lines(t, Span { start: 6, end: 9 }), None);
        assert!(has_comment("a: 1 # x\n", Span { start: 0, end: 8 }));
        assert!(!has_comment("a: 'x#y'\n", Span { start: 0, end: 8 }));
    }

    #[test]
    fn diff_of_separate_and_close_edits() {
        let text: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let at = |n: usize| text.find(&format!("line {n}\n")).unwrap_or(0);
        let d = unified_diff(
            Path::new("f.yml"),
            &text,
            &[edit(at(2), at(3), "two\n"), edit(at(15), at(16), "")],
        )
        .unwrap_or_default();
        assert_eq!(
            d,
            "--- f.yml\n+++ f.yml\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n line 5\n@@ -12,7 +12,6 @@\n line 12\n line 13\n line 14\n-line 15\n line 16\n line 17\n line 18\n"
        );
        assert_eq!(
            unified_diff(Path::new("f"), "a\n", &[]).as_deref(),
            Some("")
        );
    }

    #[test]
    fn refuses_to_overwrite_a_changed_file() {
        let dir = std::env::temp_dir().join(format!("promlint-fix-unit-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("a.yml");
        std::fs::write(&path, "new text\n").unwrap_or(());
        assert!(matches!(
            write_atomically(&path, "old text\n", "fixed\n"),
            Err(WriteError::Changed)
        ));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            "new text\n"
        );
        assert!(write_atomically(&path, "new text\n", "fixed\n").is_ok());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            "fixed\n"
        );
        let leftovers = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
