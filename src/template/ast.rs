//! The tree of a parsed template, as Go's text/template builds it: lists of
//! text and actions, control structures with their pipelines, and the
//! templates a text defines. Positions are byte offsets into the template
//! text, as Go's `Pos`, so that execution errors can be located.

use std::collections::HashMap;

/// A parsed template text: its main list and the templates it defines.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tree {
    pub main: Vec<Node>,
    pub defines: HashMap<String, Vec<Node>>,
}

#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// Text outside actions, already trimmed by `{{-`/`-}}` markers.
    Text(String),
    Action(Pipe),
    If(Box<Branch>),
    Range(Box<Branch>),
    With(Box<Branch>),
    /// `{{template "name" pipeline}}` (also what `block` leaves in place).
    Template {
        pos: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break,
    Continue,
}

/// `if`, `range` or `with`: `else if`/`else with` chains are nested in
/// `else_list`, as Go does.
#[derive(Clone, Debug)]
pub(crate) struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Pipe {
    pub pos: usize,
    /// Declared (`:=`) or assigned (`=`) variables, with their `$`.
    pub decl: Vec<String>,
    pub is_assign: bool,
    pub cmds: Vec<Cmd>,
}

#[derive(Clone, Debug)]
pub(crate) struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// A number constant, typed as Go's template execution types it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
    /// Parsed but not representable: complex numbers, integers beyond int64.
    Unsupported(String),
}

#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Number {
        pos: usize,
        text: String,
        value: Number,
    },
    String {
        pos: usize,
        /// The literal as written, quotes included.
        quoted: String,
        value: String,
    },
    /// `.A.B`
    Field(usize, Vec<String>),
    /// `$x.A.B`: the name with its `$`, and the fields after it.
    Var(usize, String, Vec<String>),
    /// A function name.
    Ident(usize, String),
    Pipe(Box<Pipe>),
    /// `(pipeline).A.B` or `func.A`.
    Chain(usize, Box<Arg>, Vec<String>),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Dot(p)
            | Arg::Nil(p)
            | Arg::Bool(p, _)
            | Arg::Number { pos: p, .. }
            | Arg::String { pos: p, .. }
            | Arg::Field(p, _)
            | Arg::Var(p, _, _)
            | Arg::Ident(p, _)
            | Arg::Chain(p, _, _) => *p,
            Arg::Pipe(p) => p.pos,
        }
    }
}

// Go's String() of nodes, which execution errors quote as their context.

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Number { text, .. } => f.write_str(text),
            Arg::String { quoted, .. } => f.write_str(quoted),
            Arg::Field(_, fields) => {
                for x in fields {
                    write!(f, ".{x}")?;
                }
                Ok(())
            }
            Arg::Var(_, name, fields) => {
                f.write_str(name)?;
                for x in fields {
                    write!(f, ".{x}")?;
                }
                Ok(())
            }
            Arg::Ident(_, name) => f.write_str(name),
            Arg::Pipe(p) => write!(f, "({p})"),
            Arg::Chain(_, node, fields) => {
                match node.as_ref() {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    other => write!(f, "{other}")?,
                }
                for x in fields {
                    write!(f, ".{x}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            f.write_str(&self.decl.join(", "))?;
            f.write_str(if self.is_assign { " = " } else { " := " })?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl Node {
    /// Go's String() of a node, for the `at <...>` context of errors.
    pub fn describe(&self) -> String {
        match self {
            Node::Text(t) => format!("{t:?}"),
            Node::Action(p) => format!("{{{{{p}}}}}"),
            Node::If(b) => format!("{{{{if {}}}}}", b.pipe),
            Node::Range(b) => format!("{{{{range {}}}}}", b.pipe),
            Node::With(b) => format!("{{{{with {}}}}}", b.pipe),
            Node::Template { name, pipe, .. } => match pipe {
                Some(p) => format!("{{{{template {name:?} {p}}}}}"),
                None => format!("{{{{template {name:?}}}}}"),
            },
            Node::Break => "{{break}}".into(),
            Node::Continue => "{{continue}}".into(),
        }
    }
}
