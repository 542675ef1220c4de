//! A parser for Go text/template syntax: it walks the tokens with the
//! grammar that Go's text/template documents, reports the first error with
//! its span, records which labels the template reads, and builds the tree
//! that execution walks.

use super::ast::{Arg, Branch, Cmd, Node, Pipe, Tree};
use super::funcs::Dialect;
use super::lexer::{lex, Keyword, Tok, Token};
use super::literal::{char_value, check_char, check_number, number_value, unquote};
use super::{TemplateError, TemplateInfo, MAX_DEPTH};
use crate::source::Span;
use std::collections::HashMap;

type PResult<T> = Result<T, TemplateError>;

fn err<T>(span: Span, message: impl Into<String>) -> PResult<T> {
    Err(TemplateError {
        span,
        message: message.into(),
        help: None,
    })
}

/// Variables Prometheus defines before the rule's template text.
const PROMETHEUS_VARS: [&str; 4] = ["$labels", "$externalLabels", "$externalURL", "$value"];

#[derive(Clone, Debug)]
struct Var {
    name: String,
    /// Still the value Prometheus gave it (`$labels` is the alert's labels,
    /// `$` the template's data), so reads through it are label reads.
    prometheus: bool,
}

/// What ended a list of nodes.
enum Stop {
    End(Span),
    Else { span: Span, kind: ElseKind },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ElseKind {
    Plain,
    If,
    With,
}

/// Enough of an operand to find label reads and to check pipelines.
#[derive(Clone, Debug)]
enum Operand {
    /// A chain starting at `.`, `$var` or another term: `.Labels.job`,
    /// `$labels.job`.
    Chain {
        base: Base,
        fields: Vec<(String, Span)>,
        span: Span,
    },
    String {
        value: String,
        span: Span,
    },
    Ident {
        name: String,
        span: Span,
    },
    /// Constants that cannot be called: bool, number, nil.
    Constant {
        span: Span,
    },
    Other {
        span: Span,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    /// `.` where it is the rule's data.
    RootDot,
    /// `.` rebound by `range`/`with`, or in a `define`d template.
    Dot,
    /// A variable; `prometheus` as in [`Var`].
    Var {
        name: String,
        prometheus: bool,
    },
    Other,
}

impl Operand {
    fn span(&self) -> Span {
        match self {
            Operand::Chain { span, .. }
            | Operand::String { span, .. }
            | Operand::Ident { span, .. }
            | Operand::Constant { span }
            | Operand::Other { span } => *span,
        }
    }

    /// True when this operand is the alert's label map: `.Labels`,
    /// `$.Labels` or `$labels`.
    fn is_labels_map(&self) -> bool {
        match self {
            Operand::Chain { base, fields, .. } => match base {
                Base::RootDot => fields.len() == 1 && fields[0].0 == "Labels",
                Base::Var { name, prometheus } if *prometheus => {
                    (name == "$" && fields.len() == 1 && fields[0].0 == "Labels")
                        || (name == "$labels" && fields.is_empty())
                }
                _ => false,
            },
            _ => false,
        }
    }
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    vars: Vec<Var>,
    range_depth: usize,
    depth: usize,
    dot_is_root: bool,
    /// The bodies of `define`d templates (and `block`s), and whether
    /// each has content (Go lets content replace an empty body only).
    defined: HashMap<String, (bool, Vec<Node>)>,
    info: TemplateInfo,
    /// Whose function set calls are checked against.
    dialect: Dialect,
}

/// Go's way of naming a token in "unexpected X in Y" messages.
fn describe(src_text: &str, kind: &Tok) -> String {
    match kind {
        Tok::Eof => "EOF".into(),
        Tok::Keyword(_) => format!("<{src_text}>"),
        _ if src_text.chars().count() > 10 => {
            let short: String = src_text.chars().take(10).collect();
            format!("{short:?}...")
        }
        _ => format!("{src_text:?}"),
    }
}

impl Parser {
    // ---- token access -------------------------------------------------

    fn tok(&self, i: usize) -> &Token {
        // The lexer always ends with Eof or Error, and the parser never
        // moves past either, so `i` is in range; fall back to the last.
        let last = self.toks.len().saturating_sub(1);
        &self.toks[i.min(last)]
    }

    fn check_lex(&self, i: usize) -> PResult<()> {
        if let Tok::Error(msg) = &self.tok(i).kind {
            return err(self.tok(i).span, msg.clone());
        }
        Ok(())
    }

    fn peek(&self) -> PResult<Token> {
        self.check_lex(self.pos)?;
        Ok(self.tok(self.pos).clone())
    }

    /// Moves on even past the end (`tok` clamps), so that stepping back
    /// one token is always right.
    fn next(&mut self) -> PResult<Token> {
        let t = self.peek()?;
        self.pos += 1;
        Ok(t)
    }

    fn skip_space(&mut self) -> PResult<()> {
        while matches!(self.peek()?.kind, Tok::Space | Tok::Comment) {
            self.pos += 1;
        }
        Ok(())
    }

    fn peek_non_space(&mut self) -> PResult<Token> {
        self.skip_space()?;
        self.peek()
    }

    fn next_non_space(&mut self) -> PResult<Token> {
        self.skip_space()?;
        self.next()
    }

    fn unexpected<T>(&self, t: &Token, src: &str, context: &str) -> PResult<T> {
        let what = describe(&src[t.span.range()], &t.kind);
        err(t.span, format!("unexpected {what} in {context}"))
    }

    fn enter(&mut self, span: Span, what: &str) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(
                span,
                format!("{what} nested too deeply (more than {MAX_DEPTH} levels)"),
            );
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn lookup_var(&self, name: &str) -> Option<usize> {
        self.vars.iter().rposition(|v| v.name == name)
    }

    /// The error for a variable not in scope, with the closest one that is.
    fn undefined_variable(&self, span: Span, name: &str) -> TemplateError {
        let names: Vec<&str> = self.vars.iter().map(|v| v.name.as_str()).collect();
        TemplateError {
            span,
            message: format!("undefined variable {name:?}"),
            help: crate::suggest::closest(name, &names).map(|n| format!("did you mean `{n}`?")),
        }
    }
}

/// The grammar walk: parser state plus the text, for names and messages.
struct Ctx<'a> {
    p: Parser,
    src: &'a str,
}

pub(crate) fn parse(src: &str) -> PResult<TemplateInfo> {
    parse_tree(src).map(|(info, _)| info)
}

/// Parses a template into the tree that execution walks.
pub(crate) fn parse_tree(src: &str) -> PResult<(TemplateInfo, Tree)> {
    parse_tree_as(src, Dialect::Prometheus)
}

/// Parses a template as the given program does: with its functions, and
/// (for Prometheus) the variables it defines before the text.
pub(crate) fn parse_tree_as(src: &str, dialect: Dialect) -> PResult<(TemplateInfo, Tree)> {
    let mut vars = vec![Var {
        name: "$".into(),
        prometheus: dialect == Dialect::Prometheus,
    }];
    if dialect == Dialect::Prometheus {
        vars.extend(PROMETHEUS_VARS.iter().map(|v| Var {
            name: (*v).into(),
            prometheus: true,
        }));
    }
    let mut c = Ctx {
        p: Parser {
            toks: lex(src),
            pos: 0,
            vars,
            range_depth: 0,
            depth: 0,
            dot_is_root: dialect == Dialect::Prometheus,
            defined: HashMap::new(),
            info: TemplateInfo::default(),
            dialect,
        },
        src,
    };
    let main = c.top()?;
    let tree = Tree {
        main,
        defines: std::mem::take(&mut c.p.defined)
            .into_iter()
            .map(|(name, (_, nodes))| (name, nodes))
            .collect(),
    };
    Ok((c.p.info, tree))
}

/// Whether a delimiter token carries a trim marker (`{{- ` or ` -}}`).
fn trims(t: &Token) -> bool {
    matches!(t.kind, Tok::LeftDelim | Tok::RightDelim) && t.span.len() > 2
}

impl Ctx<'_> {
    fn s(&self, t: &Token) -> &str {
        &self.src[t.span.range()]
    }

    fn unexpected<T>(&self, t: &Token, context: &str) -> PResult<T> {
        self.p.unexpected(t, self.src, context)
    }

    // ---- templates and lists ------------------------------------------

    fn top(&mut self) -> PResult<Vec<Node>> {
        let mut out = Vec::new();
        loop {
            let t = self.p.peek()?;
            match t.kind {
                Tok::Eof => return Ok(out),
                Tok::LeftDelim => {
                    let save = self.p.pos;
                    self.p.pos += 1;
                    let k = self.p.next_non_space()?;
                    if k.kind == Tok::Keyword(Keyword::Define) {
                        self.definition(&k)?;
                        continue;
                    }
                    self.p.pos = save;
                }
                _ => {}
            }
            match self.text_or_action(&mut out)? {
                None => {}
                Some(Stop::End(span)) => return err(span, "unexpected {{end}}"),
                Some(Stop::Else { span, .. }) => return err(span, "unexpected {{else}}"),
            }
        }
    }

    /// `{{define "name"}} ... {{end}}`, after the `define` keyword.
    fn definition(&mut self, kw: &Token) -> PResult<()> {
        const CONTEXT: &str = "define clause";
        let name_tok = self.p.next_non_space()?;
        let name = self.template_name(&name_tok, CONTEXT)?;
        let t = self.p.next_non_space()?;
        if t.kind != Tok::RightDelim {
            return self.unexpected(&t, CONTEXT);
        }
        self.defined_body(kw, CONTEXT, name, &name_tok)
    }

    /// The body of `define` or `block`: a template of its own, with only
    /// `$` defined and its own `.`. Returns whether it has content.
    fn template_body(&mut self, kw: &Token, context: &str) -> PResult<(bool, Vec<Node>)> {
        let vars = std::mem::replace(
            &mut self.p.vars,
            vec![Var {
                name: "$".into(),
                prometheus: false,
            }],
        );
        let dot = std::mem::replace(&mut self.p.dot_is_root, false);
        let range_depth = std::mem::replace(&mut self.p.range_depth, 0);
        self.p.enter(kw.span, "template")?;
        let (stop, nonempty, nodes) = self.item_list(kw)?;
        self.p.leave();
        self.p.vars = vars;
        self.p.dot_is_root = dot;
        self.p.range_depth = range_depth;
        match stop {
            Stop::End(_) => Ok((nonempty, nodes)),
            Stop::Else { span, .. } => err(span, format!("unexpected {{{{else}}}} in {context}")),
        }
    }

    fn template_name(&self, t: &Token, context: &str) -> PResult<String> {
        match t.kind {
            Tok::String => unquote(self.s(t)).or_else(|m| err(t.span, m)),
            Tok::RawString => Ok(raw_value(self.s(t))),
            _ => self.unexpected(t, context),
        }
    }

    /// Nodes up to `{{end}}` or `{{else}}`, for the construct opened by
    /// `opener`. Returns the stop and whether any node has content.
    fn item_list(&mut self, opener: &Token) -> PResult<(Stop, bool, Vec<Node>)> {
        let mut nonempty = false;
        let mut out = Vec::new();
        loop {
            let t = self.p.peek()?;
            match t.kind {
                Tok::Eof => {
                    let what = self.s(opener).to_string();
                    return err(
                        opener.span,
                        format!("unexpected EOF: {{{{{what}}}}} has no matching {{{{end}}}}"),
                    );
                }
                Tok::Text if !self.s(&t).trim().is_empty() => nonempty = true,
                _ => {}
            }
            let before = self.p.pos;
            if let Some(stop) = self.text_or_action(&mut out)? {
                return Ok((stop, nonempty, out));
            }
            // A comment is no node; any other action is.
            let end = self.p.pos.min(self.p.toks.len());
            let comment_only = self.p.toks[before.min(end)..end].iter().all(|t| {
                matches!(
                    t.kind,
                    Tok::LeftDelim | Tok::RightDelim | Tok::Comment | Tok::Text | Tok::Space
                )
            });
            if !comment_only {
                nonempty = true;
            }
        }
    }

    /// One text or action. `Some` for `{{end}}` and `{{else}}`, which end
    /// the enclosing list.
    fn text_or_action(&mut self, out: &mut Vec<Node>) -> PResult<Option<Stop>> {
        let t = self.p.next_non_space()?;
        match t.kind {
            Tok::Text => {
                let i = self.p.pos - 1;
                let mut text = self.s(&t);
                if i > 0 && trims(self.p.tok(i - 1)) {
                    text = text.trim_start_matches([' ', '\t', '\r', '\n']);
                }
                if trims(self.p.tok(i + 1)) {
                    text = text.trim_end_matches([' ', '\t', '\r', '\n']);
                }
                if !text.is_empty() {
                    out.push(Node::Text(text.to_string()));
                }
                Ok(None)
            }
            Tok::LeftDelim => {
                let next = self.p.peek()?;
                if next.kind == Tok::Comment {
                    self.p.pos += 1;
                    let close = self.p.next()?;
                    if close.kind != Tok::RightDelim {
                        return self.unexpected(&close, "comment");
                    }
                    return Ok(None);
                }
                self.action(&t, out)
            }
            _ => self.unexpected(&t, "input"),
        }
    }

    // ---- actions --------------------------------------------------------

    fn action(&mut self, delim: &Token, out: &mut Vec<Node>) -> PResult<Option<Stop>> {
        let t = self.p.next_non_space()?;
        match t.kind {
            Tok::Keyword(Keyword::Block) => {
                out.push(self.block(&t)?);
                Ok(None)
            }
            Tok::Keyword(Keyword::Break) => {
                self.loop_control(&t, "break")?;
                out.push(Node::Break);
                Ok(None)
            }
            Tok::Keyword(Keyword::Continue) => {
                self.loop_control(&t, "continue")?;
                out.push(Node::Continue);
                Ok(None)
            }
            Tok::Keyword(Keyword::Else) => self.else_control(&t).map(Some),
            Tok::Keyword(Keyword::End) => {
                let close = self.p.next_non_space()?;
                if close.kind != Tok::RightDelim {
                    return self.unexpected(&close, "end");
                }
                Ok(Some(Stop::End(t.span)))
            }
            Tok::Keyword(Keyword::If | Keyword::Range | Keyword::With) => {
                let context = self.s(&t).to_string();
                out.push(self.control(&t, &context)?);
                Ok(None)
            }
            Tok::Keyword(Keyword::Template) => {
                out.push(self.template_call(&t)?);
                Ok(None)
            }
            _ => {
                self.p.pos -= 1;
                let pipe = self.pipeline("command", delim.span, Tok::RightDelim)?;
                out.push(Node::Action(pipe));
                Ok(None)
            }
        }
    }

    fn loop_control(&mut self, kw: &Token, name: &str) -> PResult<()> {
        let close = self.p.next_non_space()?;
        if close.kind != Tok::RightDelim {
            return self.unexpected(&close, &format!("{{{{{name}}}}}"));
        }
        if self.p.range_depth == 0 {
            return err(kw.span, format!("{{{{{name}}}}} outside {{{{range}}}}"));
        }
        Ok(())
    }

    fn else_control(&mut self, kw: &Token) -> PResult<Stop> {
        let next = self.p.peek_non_space()?;
        let kind = match next.kind {
            // `else if` / `else with`: the keyword is left for the chain.
            Tok::Keyword(Keyword::If) => ElseKind::If,
            Tok::Keyword(Keyword::With) => ElseKind::With,
            _ => {
                let close = self.p.next_non_space()?;
                if close.kind != Tok::RightDelim {
                    return self.unexpected(&close, "else");
                }
                ElseKind::Plain
            }
        };
        Ok(Stop::Else {
            span: kw.span,
            kind,
        })
    }

    /// `if`, `range` and `with`, with their `else`, `else if` and
    /// `else with` branches, up to the one `{{end}}` that closes them.
    fn control(&mut self, kw: &Token, context: &str) -> PResult<Node> {
        self.p.enter(kw.span, "control structure")?;
        let saved_vars = self.p.vars.len();
        let saved_dot = self.p.dot_is_root;
        let mut context = context.to_string();
        let mut kw = kw.clone();
        // Each link of an `else if`/`else with` chain, and the final `else`.
        let mut links: Vec<(String, Pipe, Vec<Node>)> = Vec::new();
        let mut last_else: Option<Vec<Node>> = None;
        loop {
            let pipe = self.pipeline(&context, kw.span, Tok::RightDelim)?;
            let is_range = context == "range";
            if is_range {
                self.p.range_depth += 1;
            }
            if is_range || context == "with" {
                self.p.dot_is_root = false;
            }
            let (stop, _, list) = self.item_list(&kw)?;
            links.push((context.clone(), pipe, list));
            if is_range {
                self.p.range_depth -= 1;
            }
            self.p.dot_is_root = saved_dot;
            match stop {
                Stop::End(_) => break,
                Stop::Else { kind, .. }
                    if (kind == ElseKind::If && context == "if")
                        || (kind == ElseKind::With && context == "with") =>
                {
                    // The chained `if`/`with` shares the final `{{end}}`.
                    kw = self.p.next_non_space()?;
                    context = self.s(&kw).to_string();
                }
                Stop::Else { kind, .. } => {
                    if kind != ElseKind::Plain {
                        let t = self.p.next_non_space()?;
                        return self.unexpected(&t, "input");
                    }
                    let (stop, _, list) = self.item_list(&kw)?;
                    if let Stop::Else { span, .. } = stop {
                        return err(span, "expected end; found {{else}}");
                    }
                    last_else = Some(list);
                    break;
                }
            }
        }
        self.p.vars.truncate(saved_vars);
        self.p.leave();
        // Fold the chain from its end: each link is the else of the one before.
        let mut else_list = last_else;
        let mut node = None;
        for (context, pipe, list) in links.into_iter().rev() {
            let branch = Box::new(Branch {
                pos: pipe.pos,
                pipe,
                list,
                else_list: else_list.take(),
            });
            let n = match context.as_str() {
                "if" => Node::If(branch),
                "range" => Node::Range(branch),
                _ => Node::With(branch),
            };
            else_list = Some(vec![n.clone()]);
            node = Some(n);
        }
        node.ok_or_else(|| TemplateError {
            span: kw.span,
            message: "empty control structure".into(),
            help: None,
        })
    }

    /// `{{template "name" pipeline}}`
    fn template_call(&mut self, _kw: &Token) -> PResult<Node> {
        const CONTEXT: &str = "template clause";
        let name_tok = self.p.next_non_space()?;
        let name = self.template_name(&name_tok, CONTEXT)?;
        let t = self.p.next_non_space()?;
        let mut pipe = None;
        if t.kind != Tok::RightDelim {
            self.p.pos -= 1;
            pipe = Some(self.pipeline(CONTEXT, name_tok.span, Tok::RightDelim)?);
        }
        Ok(Node::Template {
            pos: name_tok.span.start,
            name,
            pipe,
        })
    }

    /// `{{block "name" pipeline}} ... {{end}}`
    fn block(&mut self, kw: &Token) -> PResult<Node> {
        const CONTEXT: &str = "block clause";
        let name_tok = self.p.next_non_space()?;
        let name = self.template_name(&name_tok, CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, kw.span, Tok::RightDelim)?;
        self.defined_body(kw, CONTEXT, name.clone(), &name_tok)?;
        Ok(Node::Template {
            pos: name_tok.span.start,
            name,
            pipe: Some(pipe),
        })
    }

    /// The body of a `define` or `block` up to its `{{end}}`; a non-empty
    /// body defines `name`, which must not be defined twice.
    fn defined_body(
        &mut self,
        kw: &Token,
        context: &str,
        name: String,
        name_tok: &Token,
    ) -> PResult<()> {
        let (nonempty, nodes) = self.template_body(kw, context)?;
        match self.p.defined.get(&name) {
            // Go keeps a non-empty definition over an empty one.
            Some((true, _)) if !nonempty => {}
            Some((true, _)) => {
                return err(
                    name_tok.span,
                    format!("template: multiple definition of template {name:?}"),
                );
            }
            _ => {
                self.p.defined.insert(name, (nonempty, nodes));
            }
        }
        Ok(())
    }

    // ---- pipelines ------------------------------------------------------

    /// A pipeline with optional declarations, up to `end` (`}}` or `)`),
    /// which it consumes. `ctx_span` locates "missing value" errors.
    fn pipeline(&mut self, context: &str, ctx_span: Span, end: Tok) -> PResult<Pipe> {
        let pos = self.p.peek_non_space()?.span.start;
        let (decl, is_assign) = self.declarations(context)?;
        let mut stages: Vec<Operand> = Vec::new();
        let mut cmds: Vec<Cmd> = Vec::new();
        loop {
            let t = self.p.next_non_space()?;
            if t.kind == end {
                if stages.is_empty() {
                    return err(ctx_span, format!("missing value for {context}"));
                }
                for (i, first) in stages.iter().enumerate().skip(1) {
                    if matches!(first, Operand::Constant { .. } | Operand::String { .. })
                        || matches!(first, Operand::Chain { base: Base::RootDot | Base::Dot, fields, .. } if fields.is_empty())
                    {
                        return err(
                            first.span(),
                            format!("non executable command in pipeline stage {}", i + 1),
                        );
                    }
                }
                return Ok(Pipe {
                    pos,
                    decl,
                    is_assign,
                    cmds,
                });
            }
            match t.kind {
                Tok::Bool
                | Tok::CharConst
                | Tok::Number
                | Tok::Dot
                | Tok::Field
                | Tok::Ident
                | Tok::Nil
                | Tok::RawString
                | Tok::String
                | Tok::Variable
                | Tok::LeftParen => {
                    self.p.pos -= 1;
                    let (first, cmd) = self.command()?;
                    stages.push(first);
                    cmds.push(cmd);
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    /// `$x :=`, `$x =`, and `range $i, $v :=`: the variables and whether
    /// they are assigned rather than declared.
    fn declarations(&mut self, context: &str) -> PResult<(Vec<String>, bool)> {
        let mut names = Vec::new();
        loop {
            let v = self.p.peek_non_space()?;
            if v.kind != Tok::Variable {
                return Ok((names, false));
            }
            let save = self.p.pos;
            self.p.pos += 1;
            let next = self.p.peek_non_space()?;
            let name = self.s(&v).to_string();
            match next.kind {
                Tok::Declare => {
                    self.p.next_non_space()?;
                    self.p.vars.push(Var {
                        name: name.clone(),
                        prometheus: false,
                    });
                    names.push(name);
                    return Ok((names, false));
                }
                Tok::Assign => {
                    self.p.next_non_space()?;
                    // Go accepts this when parsing and fails when executing;
                    // a linter can say so now.
                    match self.p.lookup_var(&name) {
                        Some(i) => self.p.vars[i].prometheus = false,
                        None => return Err(self.p.undefined_variable(v.span, &name)),
                    }
                    names.push(name);
                    return Ok((names, true));
                }
                Tok::Char(',') => {
                    self.p.next_non_space()?;
                    self.p.vars.push(Var {
                        name: name.clone(),
                        prometheus: false,
                    });
                    names.push(name);
                    if context == "range" && names.len() < 2 {
                        let after = self.p.peek_non_space()?;
                        if matches!(
                            after.kind,
                            Tok::Variable | Tok::RightDelim | Tok::RightParen
                        ) {
                            continue;
                        }
                        return err(after.span, "range can only initialize variables");
                    }
                    return err(v.span, format!("too many declarations in {context}"));
                }
                _ => {
                    self.p.pos = save;
                    return Ok((names, false));
                }
            }
        }
    }

    /// One command: operands separated by spaces, up to `|`, `}}` or `)`.
    /// Returns its first operand and the command.
    fn command(&mut self) -> PResult<(Operand, Cmd)> {
        let pos = self.p.peek_non_space()?.span.start;
        let mut args: Vec<Operand> = Vec::new();
        let mut nodes: Vec<Arg> = Vec::new();
        loop {
            self.p.skip_space()?;
            if let Some((op, node)) = self.operand()? {
                args.push(op);
                nodes.push(node);
            }
            let t = self.p.next()?;
            match t.kind {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => {
                    self.p.pos -= 1;
                    break;
                }
                Tok::Pipe => break,
                _ => return self.unexpected(&t, "operand"),
            }
        }
        if args.len() >= 3 {
            if let (Operand::Ident { name, .. }, Operand::String { value, span }) =
                (&args[0], &args[2])
            {
                if name == "index" && args[1].is_labels_map() {
                    self.p.info.label_refs.push((value.clone(), *span));
                }
            }
        }
        match args.into_iter().next() {
            Some(first) => Ok((first, Cmd { pos, args: nodes })),
            None => {
                let t = self.p.peek()?;
                err(t.span, "empty command")
            }
        }
    }

    /// A term and the fields chained onto it without spaces.
    fn operand(&mut self) -> PResult<Option<(Operand, Arg)>> {
        let Some((term, mut node)) = self.term()? else {
            return Ok(None);
        };
        let mut op = term;
        let mut chain: Vec<String> = Vec::new();
        let mut chain_pos = None;
        while self.p.peek()?.kind == Tok::Field {
            let f = self.p.next()?;
            let name = self.s(&f)[1..].to_string();
            chain_pos.get_or_insert(f.span.start);
            chain.push(name.clone());
            let name_span = Span::new(f.span.start + 1, f.span.end);
            op = match op {
                Operand::Chain {
                    base,
                    mut fields,
                    span,
                } => {
                    if matches!(base, Base::RootDot | Base::Dot) && fields.is_empty() {
                        return err(f.span, "unexpected . after term \".\"");
                    }
                    fields.push((name, name_span));
                    Operand::Chain {
                        base,
                        fields,
                        span: span.to(f.span),
                    }
                }
                Operand::String { span, .. } | Operand::Constant { span } => {
                    let term = &self.src[span.range()];
                    return err(f.span, format!("unexpected . after term {term:?}"));
                }
                Operand::Ident { span, .. } | Operand::Other { span } => Operand::Chain {
                    base: Base::Other,
                    fields: vec![(name, name_span)],
                    span: span.to(f.span),
                },
            };
        }
        if let Some(pos) = chain_pos {
            // As Go: a field or variable absorbs the chain and takes the
            // position of its first added field; anything else is a chain.
            node = match node {
                Arg::Field(_, mut fields) => {
                    fields.extend(chain);
                    Arg::Field(pos, fields)
                }
                Arg::Var(_, name, mut fields) => {
                    fields.extend(chain);
                    Arg::Var(pos, name, fields)
                }
                other => Arg::Chain(pos, Box::new(other), chain),
            };
        }
        if let Operand::Chain { base, fields, .. } = &op {
            self.record_reads(base, fields);
        }
        Ok(Some((op, node)))
    }

    fn record_reads(&mut self, base: &Base, fields: &[(String, Span)]) {
        let root = match base {
            Base::RootDot => true,
            Base::Var { name, prometheus } => {
                if *prometheus && name == "$labels" {
                    if let Some((label, span)) = fields.first() {
                        self.p.info.label_refs.push((label.clone(), *span));
                    }
                }
                if *prometheus && name == "$value" {
                    self.p.info.uses_value = true;
                }
                *prometheus && name == "$"
            }
            _ => false,
        };
        if root {
            match fields.first().map(|f| f.0.as_str()) {
                Some("Labels") => {
                    if let Some((label, span)) = fields.get(1) {
                        self.p.info.label_refs.push((label.clone(), *span));
                    }
                }
                Some("Value") => self.p.info.uses_value = true,
                _ => {}
            }
        }
    }

    fn term(&mut self) -> PResult<Option<(Operand, Arg)>> {
        let t = self.p.next_non_space()?;
        let span = t.span;
        let pos = span.start;
        let res = match t.kind {
            Tok::Ident => {
                let name = self.s(&t).to_string();
                if !self.p.dialect.is_known_function(&name) {
                    return err(span, format!("function {name:?} not defined"));
                }
                (
                    Operand::Ident {
                        name: name.clone(),
                        span,
                    },
                    Arg::Ident(pos, name),
                )
            }
            Tok::Dot => (
                Operand::Chain {
                    base: self.dot(),
                    fields: Vec::new(),
                    span,
                },
                Arg::Dot(pos),
            ),
            Tok::Field => {
                let name = self.s(&t)[1..].to_string();
                (
                    Operand::Chain {
                        base: self.dot(),
                        fields: vec![(name.clone(), Span::new(span.start + 1, span.end))],
                        span,
                    },
                    Arg::Field(pos, vec![name]),
                )
            }
            Tok::Variable => {
                let name = self.s(&t).to_string();
                let Some(i) = self.p.lookup_var(&name) else {
                    return Err(self.p.undefined_variable(span, &name));
                };
                let prometheus = self.p.vars[i].prometheus;
                (
                    Operand::Chain {
                        base: Base::Var {
                            name: name.clone(),
                            prometheus,
                        },
                        fields: Vec::new(),
                        span,
                    },
                    Arg::Var(pos, name, Vec::new()),
                )
            }
            Tok::Nil => (Operand::Constant { span }, Arg::Nil(pos)),
            Tok::Bool => (
                Operand::Constant { span },
                Arg::Bool(pos, self.s(&t) == "true"),
            ),
            Tok::Number => {
                let text = self.s(&t).to_string();
                check_number(&text).or_else(|m| err(span, m))?;
                let value = number_value(&text);
                (Operand::Constant { span }, Arg::Number { pos, text, value })
            }
            Tok::CharConst => {
                let text = self.s(&t).to_string();
                check_char(&text).or_else(|m| err(span, m))?;
                let value = super::ast::Number::Int(char_value(&text));
                (Operand::Constant { span }, Arg::Number { pos, text, value })
            }
            Tok::String => {
                let quoted = self.s(&t).to_string();
                let value = unquote(&quoted).or_else(|m| err(span, m))?;
                (
                    Operand::String {
                        value: value.clone(),
                        span,
                    },
                    Arg::String { pos, quoted, value },
                )
            }
            Tok::RawString => {
                let quoted = self.s(&t).to_string();
                let value = raw_value(&quoted);
                (
                    Operand::String {
                        value: value.clone(),
                        span,
                    },
                    Arg::String { pos, quoted, value },
                )
            }
            Tok::LeftParen => {
                self.p.enter(span, "parenthesized pipeline")?;
                let pipe = self.pipeline("parenthesized pipeline", span, Tok::RightParen)?;
                self.p.leave();
                let close = self.p.tok(self.p.pos.saturating_sub(1)).span;
                (
                    Operand::Other {
                        span: span.to(close),
                    },
                    Arg::Pipe(Box::new(pipe)),
                )
            }
            _ => {
                self.p.pos -= 1;
                return Ok(None);
            }
        };
        Ok(Some(res))
    }

    fn dot(&self) -> Base {
        if self.p.dot_is_root {
            Base::RootDot
        } else {
            Base::Dot
        }
    }
}

/// A raw string's value: Go drops carriage returns from raw strings.
fn raw_value(lit: &str) -> String {
    lit.trim_matches('`').replace('\r', "")
}
