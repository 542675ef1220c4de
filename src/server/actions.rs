//! Code actions: what the editor offers for a finding. Each provider in
//! [`PROVIDERS`] turns one finding (with the current text of its file)
//! into actions, each a title and text edits; the server turns them into
//! LSP `quickfix` code actions. Machine-applicable fixes (`promlint fix`)
//! join as providers of their own.

use crate::source::Span;
use std::path::Path;

/// One finding the editor asks about.
pub struct Finding<'a> {
    pub path: &'a Path,
    /// The current text of the file (the editor's, when it is open).
    pub text: &'a str,
    pub code: &'static str,
    /// Where the finding is, in `text`.
    pub span: Span,
}

/// A replacement of `span` of the file's text by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// What the editor offers: a title and the edits that carry it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<Edit>,
    /// A fix that the editor may apply on its own ("fix all").
    pub preferred: bool,
}

pub type Provider = fn(&Finding) -> Vec<Action>;

/// Every provider, in the order their actions are listed.
pub const PROVIDERS: &[Provider] = &[disable_on_line];

pub fn actions(finding: &Finding) -> Vec<Action> {
    PROVIDERS.iter().flat_map(|p| p(finding)).collect()
}

/// "Disable this finding on this line": `# promlint disable=CODE` at the
/// end of the finding's first line of a YAML file (or its code added to
/// such a comment already there). Not offered where a comment cannot go:
/// a line that ends inside a quoted or block scalar (there `#` would be
/// part of the value), a line with another comment, a file that does not
/// load as YAML.
fn disable_on_line(f: &Finding) -> Vec<Action> {
    let ext = crate::model::extension(f.path);
    if !matches!(ext.as_str(), "yml" | "yaml") {
        return Vec::new();
    }
    let loaded = crate::syntax::yaml::load_yaml(f.text);
    if !loaded.errors.is_empty() {
        return Vec::new();
    }
    let start = f.span.start.min(f.text.len());
    let line_start = f.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let rest = &f.text[line_start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..line_len]
        .strip_suffix('\r')
        .unwrap_or(&rest[..line_len]);
    let line_end = line_start + line.len();
    let mut scalars = Vec::new();
    for d in &loaded.documents {
        collect_scalars(&d.root, &mut scalars);
    }
    // A block scalar's text runs to the end of its last line: a comment
    // there would be part of it.
    let inside = |offset: usize| {
        scalars
            .iter()
            .any(|&(s, block)| s.start < offset && (offset < s.end || (block && offset <= s.end)))
    };
    if inside(line_end) {
        return Vec::new();
    }
    let comment = line.char_indices().find(|&(i, c)| {
        c == '#'
            && !inside(line_start + i)
            && !scalars.iter().any(|(s, _)| s.start == line_start + i)
            && (i == 0 || line[..i].ends_with([' ', '\t']))
    });
    let title = format!("Disable {} on this line", f.code);
    let edit = match comment {
        None => Edit {
            span: Span::new(line_end, line_end),
            new_text: format!("  # promlint disable={}", f.code),
        },
        Some((i, _)) => {
            let body = &line[i..];
            let Some(codes) = body.strip_prefix("# promlint disable=") else {
                return Vec::new();
            };
            let list_len = codes.find([' ', '\t']).unwrap_or(codes.len());
            if codes[..list_len].split(',').any(|c| c == f.code) {
                return Vec::new();
            }
            let at = line_start + i + "# promlint disable=".len() + list_len;
            Edit {
                span: Span::new(at, at),
                new_text: format!(",{}", f.code),
            }
        }
    };
    vec![Action {
        title,
        edits: vec![edit],
        preferred: false,
    }]
}

/// The spans of every scalar, and whether it is a block scalar.
fn collect_scalars(node: &crate::syntax::yaml::Node, out: &mut Vec<(Span, bool)>) {
    use crate::syntax::yaml::{NodeKind, ScalarStyle};
    match &node.kind {
        NodeKind::Scalar(s) => out.push((
            node.span,
            matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded),
        )),
        NodeKind::Sequence(items) => items.iter().for_each(|n| collect_scalars(n, out)),
        NodeKind::Mapping(entries) => entries.iter().for_each(|e| {
            collect_scalars(&e.key, out);
            collect_scalars(&e.value, out);
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disable(text: &str, at: &str) -> Option<String> {
        let start = text.find(at).expect("anchor");
        let f = Finding {
            path: Path::new("r.yml"),
            text,
            code: "promql/x",
            span: Span::new(start, start + at.len()),
        };
        let actions = disable_on_line(&f);
        assert!(actions.len() <= 1);
        actions.first().map(|a| {
            let mut out = text.to_string();
            for e in a.edits.iter().rev() {
                out.replace_range(e.span.range(), &e.new_text);
            }
            out
        })
    }

    #[test]
    fn appends_a_comment_at_the_end_of_the_line() {
        let text = "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n";
        assert_eq!(
            disable(text, "up == 0").as_deref(),
            Some("groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0  # promlint disable=promql/x\n")
        );
        let text = "a: 1 # promlint disable=other/y -- known\n";
        assert_eq!(
            disable(text, "1").as_deref(),
            Some("a: 1 # promlint disable=other/y,promql/x -- known\n")
        );
        // `#` inside a quoted value is no comment.
        let text = "a: \"x # y\"\n";
        assert_eq!(
            disable(text, "x").as_deref(),
            Some("a: \"x # y\"  # promlint disable=promql/x\n")
        );
    }

    #[test]
    fn not_offered_where_a_comment_would_change_the_file() {
        // The line ends inside a block scalar: `#` would join the query.
        let text = "expr: |\n  up\n  == 0\nb: 1\n";
        assert_eq!(disable(text, "up"), None);
        assert_eq!(disable(text, "== 0"), None);
        assert_eq!(disable("expr: >-\n  up\n", "up"), None);
        // Inside a multi-line quoted scalar.
        assert_eq!(disable("a: \"x\n  y\"\n", "x"), None);
        // Another comment is on the line; the code is already disabled.
        assert_eq!(disable("a: 1 # note\n", "1"), None);
        assert_eq!(disable("a: 1 # promlint disable=promql/x\n", "1"), None);
        // Not YAML, or YAML that does not load.
        let f = Finding {
            path: Path::new("d.json"),
            text: "{}",
            code: "promql/x",
            span: Span::new(0, 1),
        };
        assert!(disable_on_line(&f).is_empty());
        assert_eq!(disable("a: [1\n", "1"), None);
    }
}
