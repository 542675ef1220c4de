//! Relabel configs: the typed form, and the rules of Prometheus 3.x's
//! `relabel.Config.Validate` (fields each action requires or forbids,
//! `target_label` validity per action, regexes that compile anchored).

use super::read::Reader;
use super::validate::text;
use super::{IssueKind, Spanned};
use crate::source::Span;
use crate::syntax::yaml::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}

impl Action {
    pub const ALL: &'static [(&'static str, Action)] = &[
        ("replace", Action::Replace),
        ("keep", Action::Keep),
        ("drop", Action::Drop),
        ("keepequal", Action::KeepEqual),
        ("dropequal", Action::DropEqual),
        ("hashmod", Action::HashMod),
        ("labelmap", Action::LabelMap),
        ("labeldrop", Action::LabelDrop),
        ("labelkeep", Action::LabelKeep),
        ("lowercase", Action::Lowercase),
        ("uppercase", Action::Uppercase),
    ];

    /// Actions are matched case-insensitively, as Prometheus does.
    pub fn parse(s: &str) -> Option<Action> {
        let lower = s.to_ascii_lowercase();
        Action::ALL
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, a)| *a)
    }

    pub fn name(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("", |(n, _)| n)
    }
}

/// A relabel config as written; absent fields are `None` (their defaults:
/// separator `;`, regex `(.*)`, replacement `$1`, action `replace`).
#[derive(Clone, Debug)]
pub struct RelabelConfig {
    pub span: Span,
    /// `None` when the action is not a known one.
    pub action: Option<Action>,
    pub source_labels: Vec<Spanned<String>>,
    pub separator: Option<String>,
    pub regex: Option<Spanned<String>>,
    pub target_label: Option<Spanned<String>>,
    pub replacement: Option<Spanned<String>>,
}

impl RelabelConfig {
    pub fn read(node: &Node) -> RelabelConfig {
        let spanned = |k: &str| {
            text(node, k).map(|(v, n)| Spanned {
                value: v.to_string(),
                span: n.span,
            })
        };
        RelabelConfig {
            span: node.span,
            action: match text(node, "action") {
                Some((a, _)) => Action::parse(a),
                None => Some(Action::Replace),
            },
            source_labels: node
                .get("source_labels")
                .and_then(Node::as_sequence)
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| {
                    n.as_str().map(|s| Spanned {
                        value: s.to_string(),
                        span: n.span,
                    })
                })
                .collect(),
            separator: text(node, "separator").map(|(v, _)| v.to_string()),
            regex: spanned("regex"),
            target_label: spanned("target_label"),
            replacement: spanned("replacement"),
        }
    }

    pub fn separator(&self) -> &str {
        self.separator.as_deref().unwrap_or(";")
    }

    pub fn regex_source(&self) -> &str {
        self.regex.as_ref().map_or("(.*)", |r| r.value.as_str())
    }

    /// The regex compiled anchored, as Prometheus compiles it.
    pub fn compiled_regex(&self) -> Option<regex::Regex> {
        let translated = crate::syntax::go_regex::translate(self.regex_source()).ok()?;
        regex::Regex::new(&format!("^(?s:{translated})$")).ok()
    }
}

/// Why Prometheus would refuse the regex, if it would.
pub(super) fn regex_error(re: &str) -> Option<String> {
    if crate::promql::parser::simple_regex(re).is_some() {
        return None;
    }
    crate::syntax::go_regex::check(re).err()
}

/// `^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`: a label name that may
/// hold `$1` / `${name}` references (the legacy rule for `target_label`
/// and `labelmap` replacements).
fn legacy_template_name(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() {
        return false;
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    // Each step must start with a letter/underscore or a `$` reference;
    // after that, word characters may follow.
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_alphabetic() || c == b'_' => i += 1,
            b'$' => {
                if b.get(i + 1) == Some(&b'{') {
                    let close = b[i + 2..].iter().position(|c| *c == b'}');
                    match close {
                        Some(n) if n > 0 && b[i + 2..i + 2 + n].iter().all(|c| word(*c)) => {
                            i += 3 + n
                        }
                        _ => return false,
                    }
                } else {
                    let n = b[i + 1..].iter().take_while(|c| word(**c)).count();
                    if n == 0 {
                        return false;
                    }
                    i += 1 + n;
                }
            }
            _ => return false,
        }
        while i < b.len() && word(b[i]) {
            i += 1;
        }
    }
    true
}

pub(super) fn validate(r: &mut Reader, node: &Node) {
    if node.is_null() {
        return;
    }
    let action = match text(node, "action") {
        None => Action::Replace,
        Some((a, n)) => match Action::parse(a) {
            Some(act) => act,
            None => {
                let names: Vec<&str> = Action::ALL.iter().map(|(n, _)| *n).collect();
                let help = match crate::suggest::closest(&a.to_ascii_lowercase(), &names) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("actions: {}", names.join(", ")),
                };
                r.issue(
                    IssueKind::Relabel,
                    n.span,
                    format!("unknown relabel action {a:?}"),
                    Some(help),
                );
                return;
            }
        },
    };
    if let Some(list) = node.get("source_labels").and_then(Node::as_sequence) {
        for l in list {
            if l.as_str() == Some("") {
                r.invalid(
                    l.span,
                    "\"\" is not a valid label name".into(),
                    Some("remove the empty source label".into()),
                );
            }
        }
    }
    if let Some((re, n)) = text(node, "regex") {
        if let Some(why) = regex_error(re) {
            r.invalid(n.span, format!("error parsing regexp: {why}"), Some("the regex must be valid RE2 syntax (no lookarounds or backreferences); it is anchored at both ends".into()));
        }
    }
    let name = action.name();
    let head = node
        .as_mapping()
        .and_then(|m| m.first())
        .map_or(node.span, |e| e.key.span);
    let target = text(node, "target_label");
    let target_text = target.map_or("", |(t, _)| t);
    let target_span = target.map_or(head, |(_, n)| n.span);
    let issue = |r: &mut Reader, span: Span, message: String, help: &str| {
        r.issue(IssueKind::Relabel, span, message, Some(help.to_string()));
    };
    use Action::*;
    let needs_target = matches!(
        action,
        Replace | HashMod | Lowercase | Uppercase | KeepEqual | DropEqual
    );
    if action == HashMod
        && text(node, "modulus")
            .and_then(|(m, _)| m.parse::<f64>().ok())
            .unwrap_or(0.0)
            == 0.0
    {
        issue(
            r,
            head,
            "relabel configuration for hashmod requires non-zero modulus".into(),
            "add `modulus: N`",
        );
    }
    if needs_target && target_text.is_empty() {
        issue(
            r,
            target_span,
            format!("relabel configuration for {name} action requires 'target_label' value"),
            "add `target_label`, the label to write",
        );
        return;
    }
    let legacy = r.legacy;
    let plain_ok = |s: &str| super::read::valid_label_name(s, legacy);
    let template_ok = |s: &str| {
        if legacy {
            legacy_template_name(s)
        } else {
            !s.is_empty()
        }
    };
    let bad_target = match action {
        Replace if target_text.contains('$') => !template_ok(target_text),
        Replace | Lowercase | Uppercase | KeepEqual | DropEqual | HashMod => !plain_ok(target_text),
        _ => false,
    };
    if bad_target {
        issue(
            r,
            target_span,
            format!("{target_text:?} is invalid 'target_label' for {name} action"),
            if legacy {
                "with the legacy validation scheme, label names match [a-zA-Z_][a-zA-Z0-9_]*"
            } else {
                "the target label must not be empty"
            },
        );
    }
    let replacement = text(node, "replacement");
    if matches!(action, Lowercase | Uppercase | KeepEqual | DropEqual) {
        if let Some((v, n)) = replacement {
            if v != "$1" {
                issue(
                    r,
                    n.span,
                    format!("'replacement' can not be set for {name} action"),
                    "remove `replacement`",
                );
            }
        }
    }
    if action == LabelMap {
        let v = replacement.map_or("$1", |(v, _)| v);
        if !template_ok(v) {
            issue(
                r,
                replacement.map_or(head, |(_, n)| n.span),
                format!("{v:?} is invalid 'replacement' for labelmap action"),
                "the replacement must form a label name, e.g. `$1` or `k8s_$1`",
            );
        }
    }
    let set = |k: &str| text(node, k);
    if matches!(action, KeepEqual | DropEqual) {
        let extra = node.get("regex").is_some_and(|v| !v.is_null())
            || set("modulus").is_some_and(|(m, _)| m.parse::<f64>().ok() != Some(0.0))
            || set("separator").is_some_and(|(s, _)| s != ";")
            || set("replacement").is_some_and(|(s, _)| s != "$1");
        if extra {
            issue(r, head, format!("{name} action requires only 'source_labels' and `target_label`, and no other fields"), "remove `regex`, `modulus`, `separator` and `replacement`");
        }
    }
    if matches!(action, LabelDrop | LabelKeep) {
        let extra = node.get("source_labels").is_some_and(|v| !v.is_null())
            || set("target_label").is_some_and(|(s, _)| !s.is_empty())
            || set("modulus").is_some_and(|(m, _)| m.parse::<f64>().ok() != Some(0.0))
            || set("separator").is_some_and(|(s, _)| s != ";")
            || set("replacement").is_some_and(|(s, _)| s != "$1");
        if extra {
            issue(
                r,
                head,
                format!("{name} action requires only 'regex', and no other fields"),
                "labeldrop/labelkeep match `regex` against label names: remove the other fields",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_template_names() {
        assert!(legacy_template_name("foo"));
        assert!(legacy_template_name("$1"));
        assert!(legacy_template_name("k8s_$1"));
        assert!(legacy_template_name("${1}_x"));
        assert!(legacy_template_name("a${name}b$2"));
        assert!(!legacy_template_name("a-$1"));
        assert!(!legacy_template_name("1abc"));
        assert!(!legacy_template_name(""));
        assert!(!legacy_template_name("${}"));
    }

    #[test]
    fn actions_are_case_insensitive() {
        assert_eq!(Action::parse("Keep"), Some(Action::Keep));
        assert_eq!(Action::parse("LABELMAP"), Some(Action::LabelMap));
        assert_eq!(Action::parse("remove"), None);
    }
}
