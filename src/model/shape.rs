//! Problems with the shape of a configuration document (unknown fields,
//! wrong YAML types, missing fields), found while reading it into the
//! model and reported by the matching checks.

use crate::source::Span;
use crate::suggest::closest;
use crate::syntax::yaml::{Entry, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeKind {
    UnknownField,
    WrongType,
    MissingField,
}

pub type ShapeIssue = crate::diagnostic::Finding<ShapeKind>;

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
    /// `what` names the field; it is only built when there is a problem.
    pub fn scalar<'n>(&mut self, node: &'n Node, what: impl FnOnce() -> String) -> Option<&'n str> {
        match node.as_str() {
            Some(s) => Some(s),
            None => {
                self.push(
                    ShapeKind::WrongType,
                    node.span,
                    format!("{} must be a string, found a {}", what(), node.kind_name()),
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
