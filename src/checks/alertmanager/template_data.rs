//! The notification data Alertmanager executes its templates with, as
//! types, and a walk of a parsed template that follows the type of dot
//! (and of `$` and of variables) and notes every field read the type does
//! not have, and every `{{ template }}` call with the type it passes.
//!
//! The types are those of Alertmanager's `template` package: `*Data` is
//! the dot of a receiver field; `range .Alerts` yields `Alert`s; labels
//! and annotations are `KV` maps (any key reads as a string); `KV`,
//! `Pairs` and `Alerts` have methods. Fields and methods any release has
//! (`Fingerprint` since 0.18, `Strings.Join`, `RouteLabels` and
//! `NotificationReason` in later ones) count as present. Whatever the walk
//! cannot type exactly (function results, `time.Time`, variables that are
//! assigned) is `Unknown`, and nothing is noted about it.

use crate::template::ast::{Arg, Cmd, Node, Pipe};
use std::collections::HashSet;

/// The type of a value during execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `*template.Data`: the notification.
    Data,
    /// `template.Alert`.
    Alert,
    /// `template.Alerts` (the type of `.Alerts`).
    Alerts,
    /// `[]template.Alert` (what `Firing` and `Resolved` return).
    AlertList,
    /// `template.KV`, a map from label names to values.
    Kv,
    Pairs,
    Pair,
    Str,
    /// `[]string`, or `template.Strings` in newer releases.
    Strings,
    Unknown,
}

/// A field or method of a type.
#[derive(Clone, Copy, Debug)]
struct Member {
    ty: Ty,
    method: bool,
}

const fn field(ty: Ty) -> Option<Member> {
    Some(Member { ty, method: false })
}

const fn method(ty: Ty) -> Option<Member> {
    Some(Member { ty, method: true })
}

pub(crate) const DATA_FIELDS: &[&str] = &[
    "Receiver",
    "Status",
    "Alerts",
    "GroupLabels",
    "CommonLabels",
    "CommonAnnotations",
    "ExternalURL",
    "RouteLabels",
    "NotificationReason",
];

pub(crate) const ALERT_FIELDS: &[&str] = &[
    "Status",
    "Labels",
    "Annotations",
    "StartsAt",
    "EndsAt",
    "GeneratorURL",
    "Fingerprint",
];

impl Ty {
    /// The type's name in Go's "can't evaluate field X in type T".
    pub(crate) fn go_name(self) -> &'static str {
        match self {
            Ty::Data => "*template.Data",
            Ty::Alert => "template.Alert",
            Ty::Alerts => "template.Alerts",
            Ty::AlertList => "[]template.Alert",
            Ty::Kv => "template.KV",
            Ty::Pairs => "template.Pairs",
            Ty::Pair => "template.Pair",
            Ty::Str => "string",
            Ty::Strings => "[]string",
            Ty::Unknown => "?",
        }
    }

    /// What the type is, in words.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Ty::Data => "the notification data",
            Ty::Alert => "one alert",
            Ty::Alerts | Ty::AlertList => "a list of alerts",
            Ty::Kv => "a label map",
            Ty::Pairs => "a list of label pairs",
            Ty::Pair => "a label pair",
            Ty::Str => "a string",
            Ty::Strings => "a list of strings",
            Ty::Unknown => "a value",
        }
    }

    /// The names Go finds on a value of this type (fields and methods).
    pub(crate) fn members(self) -> &'static [&'static str] {
        match self {
            Ty::Data => DATA_FIELDS,
            Ty::Alert => ALERT_FIELDS,
            Ty::Alerts => &["Firing", "Resolved"],
            Ty::Kv => &["SortedPairs", "Remove", "Names", "Values", "String"],
            Ty::Pairs => &["Names", "Values", "String"],
            Ty::Pair => &["Name", "Value"],
            Ty::Strings => &["Join"],
            Ty::AlertList | Ty::Str | Ty::Unknown => &[],
        }
    }

    /// `.name` on a value of this type: the field or method, or `None`
    /// when Go fails ("can't evaluate field").
    fn member(self, name: &str) -> Option<Member> {
        match (self, name) {
            (Ty::Unknown, _) => field(Ty::Unknown),
            (Ty::Data, "Receiver" | "Status" | "ExternalURL" | "NotificationReason") => {
                field(Ty::Str)
            }
            (Ty::Data, "Alerts") => field(Ty::Alerts),
            (Ty::Data, "GroupLabels" | "CommonLabels" | "CommonAnnotations" | "RouteLabels") => {
                field(Ty::Kv)
            }
            (Ty::Alert, "Status" | "GeneratorURL" | "Fingerprint") => field(Ty::Str),
            (Ty::Alert, "Labels" | "Annotations") => field(Ty::Kv),
            // time.Time, whose methods are not modelled.
            (Ty::Alert, "StartsAt" | "EndsAt") => field(Ty::Unknown),
            (Ty::Alerts, "Firing" | "Resolved") => method(Ty::AlertList),
            (Ty::Kv, "SortedPairs") => method(Ty::Pairs),
            (Ty::Kv, "Remove") => method(Ty::Kv),
            (Ty::Kv | Ty::Pairs, "Names" | "Values") => method(Ty::Strings),
            (Ty::Kv | Ty::Pairs, "String") => method(Ty::Str),
            // Any other name is a key of the map.
            (Ty::Kv, _) => field(Ty::Str),
            (Ty::Pair, "Name" | "Value") => field(Ty::Str),
            (Ty::Strings, "Join") => method(Ty::Str),
            _ => None,
        }
    }

    /// What `range` over a value of this type binds: (key, element).
    fn range_items(self) -> (Ty, Ty) {
        match self {
            Ty::Alerts | Ty::AlertList => (Ty::Unknown, Ty::Alert),
            Ty::Kv => (Ty::Str, Ty::Str),
            Ty::Pairs => (Ty::Unknown, Ty::Pair),
            Ty::Strings => (Ty::Unknown, Ty::Str),
            _ => (Ty::Unknown, Ty::Unknown),
        }
    }
}

/// The least type both call sites agree on: the same type, or `Unknown`.
pub(crate) fn join(a: Option<Ty>, b: Ty) -> Ty {
    match a {
        None => b,
        Some(a) if a == b => a,
        Some(_) => Ty::Unknown,
    }
}

/// A field read the type does not have.
#[derive(Clone, Debug)]
pub(crate) struct Missing {
    /// Offsets of the field's name in the template text.
    pub start: usize,
    pub end: usize,
    pub field: String,
    /// The type it was read on.
    pub on: Ty,
    /// The type of `$` where it was read.
    pub root: Ty,
}

/// What a walk found.
#[derive(Default, Debug)]
pub(crate) struct Walk {
    pub missing: Vec<Missing>,
    /// `{{ template "name" pipeline }}` calls with the type passed.
    pub calls: Vec<(String, Ty)>,
}

/// Walks one template body (a file's main text, a `define`, a receiver
/// field) executed with `dot` as dot and `$`.
pub(crate) fn walk(nodes: &[Node], dot: Ty, text: &str, out: &mut Walk) {
    let mut assigned = HashSet::new();
    collect_assigned(nodes, &mut assigned);
    let mut w = Walker {
        text,
        root: dot,
        vars: Vec::new(),
        assigned,
        out,
    };
    w.list(nodes, dot);
}

/// Variables assigned with `=` anywhere in the body: their type may change
/// between reads (in a loop, before or after the assignment), so they are
/// not typed at all.
fn collect_assigned(nodes: &[Node], out: &mut HashSet<String>) {
    fn pipe(p: &Pipe, out: &mut HashSet<String>) {
        if p.is_assign {
            out.extend(p.decl.iter().cloned());
        }
        for c in &p.cmds {
            for a in &c.args {
                arg(a, out);
            }
        }
    }
    fn arg(a: &Arg, out: &mut HashSet<String>) {
        match a {
            Arg::Pipe(p) => pipe(p, out),
            Arg::Chain(_, inner, _) => arg(inner, out),
            _ => {}
        }
    }
    for n in nodes {
        match n {
            Node::Action(p) => pipe(p, out),
            Node::If(b) | Node::Range(b) | Node::With(b) => {
                pipe(&b.pipe, out);
                collect_assigned(&b.list, out);
                if let Some(e) = &b.else_list {
                    collect_assigned(e, out);
                }
            }
            Node::Template { pipe: Some(p), .. } => pipe(p, out),
            _ => {}
        }
    }
}

struct Walker<'a> {
    text: &'a str,
    /// The type of `$`.
    root: Ty,
    /// Variables in scope, innermost last.
    vars: Vec<(String, Ty)>,
    assigned: HashSet<String>,
    out: &'a mut Walk,
}

impl Walker<'_> {
    /// A list of nodes: variables declared in it end with it.
    fn list(&mut self, nodes: &[Node], dot: Ty) {
        let mark = self.vars.len();
        for n in nodes {
            self.node(n, dot);
        }
        self.vars.truncate(mark);
    }

    fn node(&mut self, n: &Node, dot: Ty) {
        match n {
            Node::Text(_) | Node::Break | Node::Continue => {}
            Node::Action(p) => {
                self.pipe(p, dot);
            }
            Node::If(b) => {
                let mark = self.vars.len();
                self.pipe(&b.pipe, dot);
                self.list(&b.list, dot);
                if let Some(e) = &b.else_list {
                    self.list(e, dot);
                }
                self.vars.truncate(mark);
            }
            Node::With(b) => {
                let mark = self.vars.len();
                let inner = self.pipe(&b.pipe, dot);
                self.list(&b.list, inner);
                if let Some(e) = &b.else_list {
                    self.list(e, dot);
                }
                self.vars.truncate(mark);
            }
            Node::Range(b) => {
                let mark = self.vars.len();
                let over = self.pipe_value(&b.pipe, dot);
                let (key, elem) = over.range_items();
                match b.pipe.decl.as_slice() {
                    [v] => self.declare(v, elem),
                    [k, v] => {
                        self.declare(k, key);
                        self.declare(v, elem);
                    }
                    _ => {}
                }
                self.list(&b.list, elem);
                if let Some(e) = &b.else_list {
                    self.list(e, dot);
                }
                self.vars.truncate(mark);
            }
            Node::Template { name, pipe, .. } => {
                let passed = match pipe {
                    Some(p) => self.pipe(p, dot),
                    // Go executes it with nil data.
                    None => Ty::Unknown,
                };
                self.out.calls.push((name.clone(), passed));
            }
        }
    }

    fn declare(&mut self, name: &str, ty: Ty) {
        self.vars.push((name.to_string(), ty));
    }

    fn var(&self, name: &str) -> Ty {
        if self.assigned.contains(name) {
            return Ty::Unknown;
        }
        if name == "$" {
            return self.root;
        }
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(Ty::Unknown, |(_, t)| *t)
    }

    /// A pipeline's value, declaring its `:=` variable.
    fn pipe(&mut self, p: &Pipe, dot: Ty) -> Ty {
        let ty = self.pipe_value(p, dot);
        if !p.is_assign {
            if let [v] = p.decl.as_slice() {
                self.declare(v, ty);
            }
        }
        ty
    }

    /// A pipeline's value, without its declarations.
    fn pipe_value(&mut self, p: &Pipe, dot: Ty) -> Ty {
        let mut ty = Ty::Unknown;
        for (i, c) in p.cmds.iter().enumerate() {
            ty = self.cmd(c, dot, i > 0);
        }
        ty
    }

    /// A command's value; `piped` when the previous stage's value is
    /// passed as its last argument.
    fn cmd(&mut self, c: &Cmd, dot: Ty, piped: bool) -> Ty {
        let values: Vec<(Ty, bool)> = c.args.iter().map(|a| self.arg(a, dot)).collect();
        let Some(first) = c.args.first() else {
            return Ty::Unknown;
        };
        let with_args = c.args.len() > 1 || piped;
        match first {
            Arg::Ident(_, f) if !piped => function_result(f, &c.args, &values),
            Arg::Ident(..) => Ty::Unknown,
            // A method called with arguments returns its result type; a
            // field with arguments is an error of its own.
            _ if with_args => match values.first() {
                Some(&(ty, true)) => ty,
                _ => Ty::Unknown,
            },
            _ => values.first().map_or(Ty::Unknown, |v| v.0),
        }
    }

    /// An operand's type, and whether its last step is a method call.
    fn arg(&mut self, a: &Arg, dot: Ty) -> (Ty, bool) {
        match a {
            Arg::Dot(_) => (dot, false),
            Arg::Field(pos, fields) => {
                // Go gives a chain of fields the position of its second.
                let start = match fields.as_slice() {
                    [first, _, ..] => pos.saturating_sub(1 + first.len()),
                    _ => *pos,
                };
                self.chain(dot, start, *pos, fields)
            }
            Arg::Var(pos, name, fields) => {
                let base = self.var(name);
                self.chain(base, *pos, *pos, fields)
            }
            Arg::Chain(pos, inner, fields) => {
                let base = match inner.as_ref() {
                    Arg::Pipe(p) => self.pipe(p, dot),
                    Arg::Ident(..) => Ty::Unknown,
                    other => self.arg(other, dot).0,
                };
                self.chain(base, *pos, *pos, fields)
            }
            Arg::Pipe(p) => (self.pipe(p, dot), false),
            Arg::Nil(_)
            | Arg::Bool(..)
            | Arg::Number { .. }
            | Arg::String { .. }
            | Arg::Ident(..) => (Ty::Unknown, false),
        }
    }

    /// Follows `.A.B.C` from a value of type `base`; `start` is where the
    /// chain's first `.` should be in the text (checked, else the findings
    /// fall back to `pos`, the node's position).
    fn chain(&mut self, base: Ty, start: usize, pos: usize, fields: &[String]) -> (Ty, bool) {
        let mut ty = base;
        let mut method = false;
        let mut at = start;
        for f in fields {
            let Some(m) = ty.member(f) else {
                let name_at = at + 1;
                let exact = self.text.get(at..name_at) == Some(".")
                    && self.text.get(name_at..name_at + f.len()) == Some(f.as_str());
                let (start, end) = if exact {
                    (name_at, name_at + f.len())
                } else {
                    (pos, pos)
                };
                self.out.missing.push(Missing {
                    start,
                    end,
                    field: f.clone(),
                    on: ty,
                    root: self.root,
                });
                return (Ty::Unknown, false);
            };
            ty = m.ty;
            method = m.method;
            at += 1 + f.len();
        }
        (ty, method)
    }
}

/// The result of the builtins whose result type follows from their
/// arguments: `index` with one key, `slice`.
fn function_result(name: &str, args: &[Arg], values: &[(Ty, bool)]) -> Ty {
    let of = |i: usize| values.get(i).map_or(Ty::Unknown, |v| v.0);
    match (name, args) {
        ("index", [_, _, Arg::Number { .. }]) => match of(1) {
            Ty::Alerts | Ty::AlertList => Ty::Alert,
            Ty::Pairs => Ty::Pair,
            Ty::Strings => Ty::Str,
            _ => Ty::Unknown,
        },
        ("index", [_, _, Arg::String { .. }]) if of(1) == Ty::Kv => Ty::Str,
        ("slice", [_, _, rest @ ..])
            if rest.len() <= 2 && rest.iter().all(|a| matches!(a, Arg::Number { .. })) =>
        {
            match of(1) {
                t @ (Ty::Alerts | Ty::AlertList | Ty::Strings) => t,
                _ => Ty::Unknown,
            }
        }
        _ => Ty::Unknown,
    }
}
