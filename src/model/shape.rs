//! Problems with the shape of a configuration document (unknown fields,
//! wrong YAML types, missing fields), found while reading it into the
//! model and reported by the matching checks.

use crate::source::Span;
use crate::syntax::yaml::{Entry, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    UnknownField,
    WrongType,
    MissingField,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapeIssue {
    pub kind: ShapeKind,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

/// Collects shape issues while a document is read.
#[derive(Default, Debug)]
pub struct ShapeIssues(pub Vec<ShapeIssue>);

impl ShapeIssues {
    pub fn push(&mut self, kind: ShapeKind, span: Span, message: String, help: Option<String>) {
        self.0.push(ShapeIssue {
            kind,
            span,
            message,
            help,
        });
    }

    /// The entries of `node` if it is a mapping (a null counts as empty),
    /// reporting a wrong type otherwise.
    pub fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Entry] {
        if node.is_null() {
            return &[];
        }
        match node.as_mapping() {
            Some(entries) => entries,
            None => {
                self.push(
                    ShapeKind::WrongType,
                    node.span,
                    format!("{what} must be a mapping, found a {}", node.kind_name()),
                    None,
                );
                &[]
            }
        }
    }

    /// The items of `node` if it is a sequence (a null counts as empty),
    /// reporting a wrong type otherwise.
    pub fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        if node.is_null() {
            return &[];
        }
        match node.as_sequence() {
            Some(items) => items,
            None => {
                self.push(
                    ShapeKind::WrongType,
                    node.span,
                    format!("{what} must be a list, found a {}", node.kind_name()),
                    None,
                );
                &[]
            }
        }
    }

    /// The text of a scalar node, reporting a wrong type for collections.
    pub fn scalar<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n str> {
        match node.as_str() {
            Some(s) => Some(s),
            None => {
                self.push(
                    ShapeKind::WrongType,
                    node.span,
                    format!("{what} must be a string, found a {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    /// Reports every key of `entries` not in `known`, with a did-you-mean.
    pub fn unknown_fields(&mut self, entries: &[Entry], known: &[&str], context: &str) {
        for e in entries {
            let Some(key) = e.key.as_str() else {
                self.push(
                    ShapeKind::WrongType,
                    e.key.span,
                    format!(
                        "keys in {context} must be strings, found a {}",
                        e.key.kind_name()
                    ),
                    None,
                );
                continue;
            };
            if !known.contains(&key) {
                let help = match closest(key, known) {
                    Some(k) => format!(
                        "did you mean `{k}`? Fields of {context}: {}",
                        known.join(", ")
                    ),
                    None => format!("fields of {context}: {}", known.join(", ")),
                };
                self.push(
                    ShapeKind::UnknownField,
                    e.key.span,
                    format!("unknown field `{key}` in {context}"),
                    Some(help),
                );
            }
        }
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be
/// a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(
            closest("anotations", &["annotations", "labels"]),
            Some("annotations")
        );
        assert_eq!(closest("exp", &["expr", "for"]), Some("expr"));
        assert_eq!(closest("severity", &["expr", "for"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
