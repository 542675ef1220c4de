//! Inline suppression: `# promlint disable=CODE[,CODE]` comments in YAML
//! and `.promql` files.
//!
//! ```yaml
//! - alert: HighLatency  # promlint disable=rules/missing-field -- fires at once on purpose
//!   # promlint disable-next-line=promql/type
//!   expr: rate(x[1m]) > 1
//! # promlint disable-file=metrics/unknown-metric
//! ```
//!
//! `disable` applies to findings that start on the comment's line,
//! `disable-next-line` to the next line that is not blank or a comment
//! only, `disable-file` to the whole file. A reason after ` -- ` is kept
//! with the directive. Findings in documents embedded in a file (a rule
//! file in a `ConfigMap`'s block scalar) are located in the embedding
//! file, so the comments on those lines count.
//!
//! Reading happens in the model ([`read`]); [`apply`] runs after the
//! checks, drops suppressed findings and reports suppressions that
//! suppressed nothing (`settings/unused-suppression`). Malformed ones are
//! reported by the `settings/invalid-suppression` check. Editors use
//! [`comment_for`] and [`disable_on_line`] for "disable this finding"
//! actions.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use std::collections::HashMap;
use std::path::Path;

/// Where a directive applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `disable=`: its own line.
    Line,
    /// `disable-next-line=`: the next line with content.
    NextLine,
    /// `disable-file=`: the whole file.
    File,
}

impl Scope {
    fn keyword(self) -> &'static str {
        match self {
            Scope::Line => "disable",
            Scope::NextLine => "disable-next-line",
            Scope::File => "disable-file",
        }
    }
}

/// One code named by a directive, with where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code {
    pub code: String,
    pub span: Span,
}

/// A suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub scope: Scope,
    pub codes: Vec<Code>,
    /// The text after ` -- `, if any.
    pub reason: Option<String>,
    /// The comment, from `#` to the end of the line.
    pub span: Span,
    /// The 0-based line the directive applies to (`None` for the file).
    pub target_line: Option<usize>,
}

/// A comment that looks like a directive but is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub span: Span,
    pub message: String,
    pub help: String,
}

/// The suppression comments of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    pub directives: Vec<Directive>,
    pub malformed: Vec<Malformed>,
}

impl Suppressions {
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.malformed.is_empty()
    }
}

/// The comment that disables `code` on the line it ends.
pub fn comment_for(code: &str) -> String {
    format!("# promlint disable={code}")
}

/// A text edit: replace `span` of the file with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// The edit that disables `code` on the 0-based `line` of `text`: the
/// code is added to a `disable=` comment already on the line, or a new
/// comment is appended to it. `None` if the line does not exist.
pub fn disable_on_line(text: &str, line: usize, code: &str) -> Option<Edit> {
    let (start, body) = line_slices(text).nth(line)?;
    if let Some(d) = parse_text(body)
        .directives
        .into_iter()
        .find(|d| d.scope == Scope::Line)
    {
        if d.codes.iter().any(|c| c.code == code) {
            return None;
        }
        let last = d.codes.last()?;
        return Some(Edit {
            span: Span::new(start + last.span.end, start + last.span.end),
            text: format!(",{code}"),
        });
    }
    let end = start + body.trim_end().len();
    let sep = if body.trim().is_empty() { "" } else { "  " };
    Some(Edit {
        span: Span::new(end, end),
        text: format!("{sep}{}", comment_for(code)),
    })
}

/// Whether a file of this path may hold suppression comments: YAML,
/// PromQL and rule files, not JSON, code or expositions.
pub fn applies_to(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    !(ext == "json"
        || crate::model::SOURCE_EXTENSIONS.contains(&ext.as_str())
        || crate::model::EXPOSITION_EXTENSIONS.contains(&ext.as_str()))
}

/// Reads the suppression comments of a file (none for files of other
/// kinds, and none for embedded documents: their embedding file's
/// comments count).
pub fn read(source: &SourceFile) -> Suppressions {
    if source.origin.is_some() || !applies_to(&source.path) {
        return Suppressions::default();
    }
    parse_text(&source.text)
}

/// Each line's byte offset and text (without its line break).
fn line_slices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// Whether a line holds nothing but a comment, or nothing.
fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// Reads the directives of a text.
pub fn parse_text(text: &str) -> Suppressions {
    let mut out = Suppressions::default();
    if !text.contains("promlint") {
        return out;
    }
    let lines: Vec<(usize, &str)> = line_slices(text).collect();
    for (n, &(start, line)) in lines.iter().enumerate() {
        let Some(at) = comment_start(line) else {
            continue;
        };
        match parse_comment(&line[at..]) {
            None => {}
            Some(Err((span, message, help))) => out.malformed.push(Malformed {
                span: span.shift(start + at),
                message,
                help,
            }),
            Some(Ok((scope, codes, reason))) => {
                let target_line = match scope {
                    Scope::Line => Some(n),
                    Scope::File => None,
                    Scope::NextLine => {
                        match lines
                            .iter()
                            .enumerate()
                            .skip(n + 1)
                            .find(|(_, (_, l))| !is_blank_or_comment(l))
                        {
                            Some((m, _)) => Some(m),
                            None => {
                                out.malformed.push(Malformed {
                                    span: Span::new(start + at, start + line.len()),
                                    message: "`disable-next-line` with no line after it".into(),
                                    help: "put the comment on the line before the finding".into(),
                                });
                                continue;
                            }
                        }
                    }
                };
                out.directives.push(Directive {
                    scope,
                    codes: codes
                        .into_iter()
                        .map(|c| Code {
                            code: c.code,
                            span: c.span.shift(start + at),
                        })
                        .collect(),
                    reason,
                    span: Span::new(start + at, start + line.len()),
                    target_line,
                });
            }
        }
    }
    out
}

/// Where a `# promlint` comment starts in a line: a `#` at the start of
/// the line or after whitespace (as YAML and PromQL comments start).
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(i) = line[from..].find('#').map(|i| i + from) {
        if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' {
            let rest = line[i + 1..].trim_start();
            if rest.starts_with("promlint") {
                return Some(i);
            }
        }
        from = i + 1;
    }
    None
}

type Parsed = Result<(Scope, Vec<Code>, Option<String>), (Span, String, String)>;

const FORMS: &str =
    "write `# promlint disable=CODE[,CODE]`, `disable-next-line=CODE` or `disable-file=CODE`";

/// Parses a comment (starting at its `#`). `None` when it is no
/// directive at all (`# promlint checks this file`).
fn parse_comment(comment: &str) -> Option<Parsed> {
    let whole = Span::new(0, comment.len());
    let after_hash = comment[1..].trim_start();
    let mut rest = after_hash.strip_prefix("promlint")?;
    let colon = rest.starts_with(':');
    if colon {
        rest = &rest[1..];
    }
    if !rest.starts_with([' ', '\t']) && !colon {
        // `# promlinted`, `# promlint-disable` (not ours).
        return None;
    }
    let body = rest.trim_start();
    let word_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(body.len());
    let word = &body[..word_len];
    // A directive, or an attempt at one: `disable…`, `enable…`,
    // `ignore…`, or any `word=`.
    let attempt = ["disable", "enable", "ignore"]
        .iter()
        .any(|w| word.starts_with(w))
        || (!word.is_empty() && body[word_len..].starts_with('='));
    if !attempt {
        return None;
    }
    if colon {
        return Some(Err((
            whole,
            "malformed suppression comment: no `:` after `promlint`".into(),
            FORMS.into(),
        )));
    }
    let scope = match word {
        "disable" => Scope::Line,
        "disable-next-line" => Scope::NextLine,
        "disable-file" => Scope::File,
        _ => {
            let help = match crate::suggest::closest(
                word,
                &["disable", "disable-next-line", "disable-file"],
            ) {
                Some(k) => format!("did you mean `{k}`? {FORMS}"),
                None => FORMS.into(),
            };
            return Some(Err((
                whole,
                format!("unknown suppression directive `{word}`"),
                help,
            )));
        }
    };
    let after_word = &body[word_len..];
    let Some(list) = after_word.strip_prefix('=') else {
        return Some(Err((
            whole,
            format!("`{}` needs `=CODE` right after it", scope.keyword()),
            FORMS.into(),
        )));
    };
    let list_offset = comment.len() - list.len();
    let (codes_text, reason) = match list.find(" -- ") {
        Some(i) => (&list[..i], Some(list[i + 4..].trim().to_string())),
        None => (list.trim_end(), None),
    };
    if codes_text.trim().is_empty() {
        return Some(Err((
            whole,
            format!("`{}=` names no check code", scope.keyword()),
            FORMS.into(),
        )));
    }
    // Codes run up to the first whitespace; anything else before ` -- `
    // is a mistake (a reason without its `--`).
    let codes_end = codes_text
        .find(char::is_whitespace)
        .unwrap_or(codes_text.len());
    if !codes_text[codes_end..].trim().is_empty() {
        let extra = &codes_text[codes_end..];
        let at = list_offset + codes_end + (extra.len() - extra.trim_start().len());
        return Some(Err((
            Span::new(at, list_offset + codes_text.len()),
            "text after the codes of a suppression comment".into(),
            "codes are separated by `,` without spaces; put a reason after ` -- `".into(),
        )));
    }
    let mut codes = Vec::new();
    let mut offset = list_offset;
    for part in codes_text[..codes_end].split(',') {
        let span = Span::new(offset, offset + part.len());
        offset += part.len() + 1;
        if part.is_empty() {
            return Some(Err((
                whole,
                "an empty code in a suppression comment".into(),
                FORMS.into(),
            )));
        }
        if crate::checks::find_rule(part).is_none() {
            let codes: Vec<&str> = crate::checks::all_rules().map(|r| r.code).collect();
            let help = match crate::suggest::closest(part, &codes) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "`promlint explain --list` lists the checks".into(),
            };
            return Some(Err((span, format!("no check is called `{part}`"), help)));
        }
        codes.push(Code {
            code: part.to_string(),
            span,
        });
    }
    Some(Ok((scope, codes, reason.filter(|r| !r.is_empty()))))
}

/// The code of the finding reported for a suppression that suppresses
/// nothing.
pub const UNUSED: &str = crate::checks::settings::unused_suppression::CODE;

/// Drops the findings that the files' suppression comments disable, and
/// reports each code of a directive that disabled nothing, when its check
/// ran (`ran(code)`). `files` are the files' sources with their
/// suppressions.
pub fn apply(
    files: &[(&SourceFile, &Suppressions)],
    diagnostics: Vec<Diagnostic>,
    ran: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let by_path: HashMap<&Path, usize> = files
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| !s.directives.is_empty())
        .map(|(i, (f, _))| (f.path.as_path(), i))
        .collect();
    if by_path.is_empty() {
        return diagnostics;
    }
    // used[file][directive][code]
    let mut used: Vec<Vec<Vec<bool>>> = files
        .iter()
        .map(|(_, s)| {
            s.directives
                .iter()
                .map(|d| vec![false; d.codes.len()])
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let Some(&i) = by_path.get(d.file.as_path()) else {
            out.push(d);
            continue;
        };
        let (source, sup) = files[i];
        let line = source.lines.line_col(&source.text, d.span.start).line - 1;
        let mut suppressed = false;
        for (k, dir) in sup.directives.iter().enumerate() {
            if dir.target_line.is_some_and(|t| t != line) {
                continue;
            }
            for (j, c) in dir.codes.iter().enumerate() {
                if c.code == d.code {
                    used[i][k][j] = true;
                    suppressed = true;
                }
            }
        }
        if !suppressed {
            out.push(d);
        }
    }
    for (i, (source, sup)) in files.iter().enumerate() {
        for (k, dir) in sup.directives.iter().enumerate() {
            for (j, c) in dir.codes.iter().enumerate() {
                if used[i][k][j] || !ran(&c.code) {
                    continue;
                }
                let place = match dir.scope {
                    Scope::Line => "on this line",
                    Scope::NextLine => "on the next line",
                    Scope::File => "in this file",
                };
                out.push(Diagnostic {
                    file: source.path.clone(),
                    span: c.span,
                    severity: Severity::Warning,
                    code: UNUSED,
                    message: format!(
                        "`{}` suppresses nothing: no `{}` finding {place}",
                        c.code, c.code
                    ),
                    help: Some(if dir.codes.len() == 1 {
                        "remove the comment".into()
                    } else {
                        format!("remove `{}` from the comment", c.code)
                    }),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Scope, Vec<String>, Option<usize>, Option<String>);

    fn codes(s: &Suppressions) -> Vec<Read> {
        s.directives
            .iter()
            .map(|d| {
                (
                    d.scope,
                    d.codes.iter().map(|c| c.code.clone()).collect(),
                    d.target_line,
                    d.reason.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn reads_the_three_forms_and_reasons() {
        let text = "a: 1  # promlint disable=promql/syntax,rules/missing-field -- known\n# promlint disable-next-line=promql/syntax\n\n# other comment\nb: 2\n#promlint disable-file=yaml/syntax\n";
        let s = parse_text(text);
        assert!(s.malformed.is_empty(), "{:?}", s.malformed);
        assert_eq!(
            codes(&s),
            vec![
                (
                    Scope::Line,
                    vec!["promql/syntax".into(), "rules/missing-field".into()],
                    Some(0),
                    Some("known".into())
                ),
                (Scope::NextLine, vec!["promql/syntax".into()], Some(4), None),
                (Scope::File, vec!["yaml/syntax".into()], None, None),
            ]
        );
        let c = &s.directives[0].codes[1];
        assert_eq!(&text[c.span.range()], "rules/missing-field");
    }

    #[test]
    fn other_comments_are_not_directives() {
        for t in [
            "# promlint checks this file\n",
            "# promlinted\n",
            "a: \"x#promlint disable=nope\"\n",
            "# see promlint disable=x\n",
        ] {
            assert!(parse_text(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn malformed_comments_are_reported() {
        for (t, at) in [
            (
                "# promlint disable promql/syntax\n",
                "# promlint disable promql/syntax",
            ),
            (
                "# promlint: disable=promql/syntax\n",
                "# promlint: disable=promql/syntax",
            ),
            (
                "# promlint disabel=promql/syntax\n",
                "# promlint disabel=promql/syntax",
            ),
            ("# promlint disable=\n", "# promlint disable="),
            ("# promlint disable=promql/nope\n", "promql/nope"),
            ("# promlint disable=promql/syntax because\n", "because"),
            (
                "a: 1\n# promlint disable-next-line=promql/syntax\n",
                "# promlint disable-next-line=promql/syntax",
            ),
        ] {
            let s = parse_text(t);
            assert_eq!(s.malformed.len(), 1, "{t}");
            assert!(s.directives.is_empty(), "{t}");
            assert_eq!(&t[s.malformed[0].span.range()], at, "{t}");
        }
        let s = parse_text("# promlint disable=promql/syntx\n");
        assert_eq!(s.malformed[0].help, "did you mean `promql/syntax`?");
    }

    #[test]
    fn editor_edits() {
        assert_eq!(
            comment_for("promql/syntax"),
            "# promlint disable=promql/syntax"
        );
        let text = "a: 1\nb: 2  # promlint disable=promql/syntax\n";
        let e = disable_on_line(text, 0, "yaml/syntax").unwrap();
        assert_eq!(
            (e.span.start, e.text.as_str()),
            (4, "  # promlint disable=yaml/syntax")
        );
        let e = disable_on_line(text, 1, "yaml/syntax").unwrap();
        let mut edited = text.to_string();
        edited.replace_range(e.span.range(), &e.text);
        assert_eq!(
            edited,
            "a: 1\nb: 2  # promlint disable=promql/syntax,yaml/syntax\n"
        );
        assert!(disable_on_line(text, 1, "promql/syntax").is_none());
        assert!(disable_on_line(text, 5, "promql/syntax").is_none());
    }
}
