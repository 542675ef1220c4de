//! Code actions: what the editor offers for a finding. Each provider in
//! [`PROVIDERS`] turns one finding (with the current text of its file and
//! the project it was found in) into actions, each a title and text
//! edits; the server turns them into LSP `quickfix` code actions.

use crate::project::Project;
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
    /// The project of the last check, when `text` is the text it checked
    /// (fixes are computed from it); `None` once the text has changed.
    pub project: Option<&'a Project>,
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

/// Every provider, in the order their actions are listed: the finding's
/// machine-applicable fix first.
pub const PROVIDERS: &[Provider] = &[machine_fix, disable_on_line];

pub fn actions(finding: &Finding) -> Vec<Action> {
    PROVIDERS.iter().flat_map(|p| p(finding)).collect()
}

/// The fix `promlint fix` would make for this finding (`fix::FIXERS`):
/// the same edits, offered as the preferred action.
fn machine_fix(f: &Finding) -> Vec<Action> {
    let Some(project) = f.project else {
        return Vec::new();
    };
    crate::fix::FIXERS
        .iter()
        .filter(|(code, _)| *code == f.code)
        .flat_map(|(_, fixer)| fixer(project))
        .filter(|fix| fix.file == f.path && fix.finding == f.span)
        .map(|fix| Action {
            title: fix.title,
            edits: fix
                .edits
                .into_iter()
                .map(|e| Edit {
                    span: e.span,
                    new_text: e.replacement,
                })
                .collect(),
            preferred: true,
        })
        .collect()
}

/// "Disable this finding on this line": the comment
/// `suppress::disable_on_line` makes (a new `# promlint disable=CODE` at
/// the end of the finding's first line, or the code added to one there).
/// Not offered in files without comments (JSON dashboards: the settings'
/// `per_file_ignores` suppress there), nor in a YAML file where a comment
/// cannot go: a line that ends inside a quoted or block scalar (there `#`
/// would be part of the value), a line with another comment, a file that
/// does not load.
fn disable_on_line(f: &Finding) -> Vec<Action> {
    if !crate::suppress::applies_to(f.path) {
        return Vec::new();
    }
    let start = f.span.start.min(f.text.len());
    let line = f.text.get(..start).map_or(0, |t| t.matches('\n').count());
    let is_promql = crate::model::extension(f.path) == "promql";
    if !is_promql && !yaml_comment_fits(f.text, start) {
        return Vec::new();
    }
    let Some(edit) = crate::suppress::disable_on_line(f.text, line, f.code) else {
        return Vec::new();
    };
    vec![Action {
        title: format!("Disable {} on this line", f.code),
        edits: vec![Edit {
            span: edit.span,
            new_text: edit.text,
        }],
        preferred: false,
    }]
}

/// Whether a comment may end the YAML line holding `offset`: the text
/// loads, the line does not end inside a scalar, and any comment on it is
/// a `# promlint disable=` one.
fn yaml_comment_fits(text: &str, offset: usize) -> bool {
    let loaded = crate::syntax::yaml::load_yaml(text);
    if !loaded.errors.is_empty() {
        return false;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[line_start..];
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
        return false;
    }
    let comment = line.char_indices().find(|&(i, c)| {
        c == '#'
            && !inside(line_start + i)
            && !scalars.iter().any(|(s, _)| s.start == line_start + i)
            && (i == 0 || line[..i].ends_with([' ', '\t']))
    });
    comment.is_none_or(|(i, _)| line[i..].starts_with("# promlint disable="))
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
            code: "promql/syntax",
            span: Span::new(start, start + at.len()),
            project: None,
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
            Some("groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0  # promlint disable=promql/syntax\n")
        );
        let text = "a: 1 # promlint disable=yaml/duplicate-key -- known\n";
        assert_eq!(
            disable(text, "1").as_deref(),
            Some("a: 1 # promlint disable=yaml/duplicate-key,promql/syntax -- known\n")
        );
        // `#` inside a quoted value is no comment.
        let text = "a: \"x # y\"\n";
        assert_eq!(
            disable(text, "x").as_deref(),
            Some("a: \"x # y\"  # promlint disable=promql/syntax\n")
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
        assert_eq!(
            disable("a: 1 # promlint disable=promql/syntax\n", "1"),
            None
        );
        // Not YAML, or YAML that does not load.
        let f = Finding {
            path: Path::new("d.json"),
            text: "{}",
            code: "promql/syntax",
            span: Span::new(0, 1),
            project: None,
        };
        assert!(disable_on_line(&f).is_empty());
        assert_eq!(disable("a: [1\n", "1"), None);
    }

    #[test]
    fn promql_files_take_the_comment_too() {
        let text = "sum(rate(x_total[5m]) by (job)\nup\n";
        let f = Finding {
            path: Path::new("q.promql"),
            text,
            code: "promql/syntax",
            span: Span::new(0, 3),
            project: None,
        };
        let actions = disable_on_line(&f);
        assert_eq!(actions.len(), 1);
        assert_eq!(
            actions[0].edits,
            vec![Edit {
                span: Span::new(30, 30),
                new_text: "  # promlint disable=promql/syntax".into()
            }]
        );
    }

    #[test]
    fn a_fix_is_offered_for_its_finding_only() {
        let text = "route:\n  receiver: a\n  routes:\n    - receiver: a\n      match:\n        team: ops\nreceivers:\n  - name: a\n";
        let path = Path::new("alertmanager.yml");
        let project =
            Project::from_sources(vec![crate::source::SourceFile::new(path, text.to_string())]);
        let at = text.find("match:").expect("anchor");
        let finding = |code, span| Finding {
            path,
            text,
            code,
            span,
            project: Some(&project),
        };
        let found = crate::checks::run(&project, &[]);
        let d = found
            .iter()
            .find(|d| d.code == "alertmanager/deprecated-match")
            .expect("finding");
        assert_eq!(d.span.start, at);
        let fixes = machine_fix(&finding(d.code, d.span));
        assert_eq!(fixes.len(), 1);
        assert!(fixes[0].preferred);
        let edits: Vec<crate::fix::TextEdit> = fixes[0]
            .edits
            .iter()
            .map(|e| crate::fix::TextEdit {
                span: e.span,
                replacement: e.new_text.clone(),
            })
            .collect();
        let fixed = crate::fix::apply(text, &edits).expect("applies");
        assert!(fixed.contains("matchers:"), "{fixed}");
        // Another code, or another place: no fix; nor without the project.
        assert!(machine_fix(&finding("yaml/syntax", d.span)).is_empty());
        assert!(machine_fix(&finding(d.code, Span::new(0, 5))).is_empty());
        let stale = Finding {
            project: None,
            ..finding(d.code, d.span)
        };
        assert!(machine_fix(&stale).is_empty());
    }
}
