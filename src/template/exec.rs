//! Executes a parsed template with Go's text/template semantics: pipelines,
//! variables and their scopes, control structures, `define`d templates,
//! field access with Prometheus' `missingkey=zero` option, and Go's
//! builtin functions. Prometheus' functions are in `prom`.

use super::ast::{Arg, Branch, Cmd, Node, Number, Pipe, Tree};
use super::builtins;
use super::expand::QueryHost;
use super::gofmt;
use super::prom;
use super::value::{AlertData, Value};
use std::rc::Rc;

/// An execution error: Go's message, and the node it happened at.
#[derive(Clone, Debug)]
pub(crate) struct ExecError {
    pub pos: usize,
    /// Go's String() of the node: the `at <...>` part.
    pub context: String,
    /// The name of the template being executed.
    pub template: String,
    pub message: String,
}

type R<T> = Result<T, ExecError>;

/// What ends the walk of a list early.
enum Flow {
    Normal,
    Break,
    Continue,
}

/// Go stops at a template depth of 100000; we count every nested
/// template call, control structure and parenthesized pipeline, and stop
/// much earlier so as to stay within a thread's stack. Only templates that
/// recurse without end get this far.
const MAX_TEMPLATE_DEPTH: usize = 400;
/// A bound on work, so that a huge `range` cannot hang a test run.
const MAX_STEPS: usize = 5_000_000;

/// The node errors are reported at, as Go's `state.node`.
#[derive(Clone, Copy)]
enum At<'a> {
    Start,
    Arg(&'a Arg),
    Cmd(&'a Cmd),
    Node(&'a Node),
    Range(&'a Branch),
}

pub(crate) struct Exec<'a> {
    tree: &'a Tree,
    host: &'a dyn QueryHost,
    vars: Vec<(String, Value)>,
    out: String,
    at: At<'a>,
    template: String,
    depth: usize,
    steps: usize,
}

/// Where a function's parameters come from, as Go types them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Param {
    /// `interface{}`
    Any,
    /// `reflect.Value`: Go's builtins, which take any value, even none.
    Reflect,
    Str,
    Samples,
    Sample,
}

impl Param {
    fn go_type(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::Reflect => "reflect.Value",
            Param::Str => "string",
            Param::Samples => "template.queryResult",
            Param::Sample => "*template.sample",
        }
    }
}

/// A function's signature: fixed parameters, then a variadic one.
pub(crate) struct Sig {
    pub fixed: &'static [Param],
    pub variadic: Option<Param>,
}

impl<'a> Exec<'a> {
    pub fn new(tree: &'a Tree, host: &'a dyn QueryHost, data: AlertData, name: &str) -> Self {
        let data = Rc::new(data);
        let vars = vec![
            ("$".to_string(), Value::Data(data.clone())),
            ("$labels".to_string(), Value::StrMap(data.labels.clone())),
            (
                "$externalLabels".to_string(),
                Value::StrMap(data.external_labels.clone()),
            ),
            (
                "$externalURL".to_string(),
                Value::Str(data.external_url.clone()),
            ),
            ("$value".to_string(), Value::Float(data.value)),
        ];
        Exec {
            tree,
            host,
            vars,
            out: String::new(),
            at: At::Start,
            template: name.to_string(),
            depth: 0,
            steps: 0,
        }
    }

    pub fn run(mut self) -> R<String> {
        let dot = self.vars[0].1.clone();
        let tree = self.tree;
        self.walk_list(&dot, &tree.main)?;
        Ok(self.out)
    }

    pub fn host(&self) -> &dyn QueryHost {
        self.host
    }

    // ---- errors ---------------------------------------------------------

    fn at(&mut self, at: At<'a>) {
        self.at = at;
    }

    fn at_arg(&mut self, a: &'a Arg) {
        self.at = At::Arg(a);
    }

    pub fn error<T>(&self, message: impl Into<String>) -> R<T> {
        let (pos, context) = match self.at {
            At::Start => (0, String::new()),
            At::Arg(a) => (a.pos(), a.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Node(n) => (node_pos(n), n.describe()),
            At::Range(b) => (b.pos, format!("{{{{range {}}}}}", b.pipe)),
        };
        Err(ExecError {
            pos,
            context,
            template: self.template.clone(),
            message: message.into(),
        })
    }

    fn enter(&mut self) -> R<()> {
        if self.depth >= MAX_TEMPLATE_DEPTH {
            return self.error(format!(
                "exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return self.error(format!(
                "template execution stopped after {MAX_STEPS} steps"
            ));
        }
        Ok(())
    }

    // ---- variables -------------------------------------------------------

    fn var_value(&self, name: &str) -> R<Value> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.error(format!("undefined variable: {name}")),
        }
    }

    fn set_var(&mut self, name: &str, v: Value) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => self.error(format!("undefined variable: {name}")),
        }
    }

    // ---- walking ---------------------------------------------------------

    fn walk_list(&mut self, dot: &Value, list: &'a [Node]) -> R<Flow> {
        for n in list {
            match self.walk(dot, n)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Value, node: &'a Node) -> R<Flow> {
        self.step()?;
        match node {
            Node::Text(t) => self.out.push_str(t),
            Node::Action(pipe) => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    if matches!(v, Value::Nil) {
                        // Go prints a missing value so.
                        self.out.push_str("<no value>");
                    } else {
                        self.out.push_str(&gofmt::print_action_value(&v));
                    }
                }
            }
            Node::If(b) | Node::With(b) | Node::Range(b) => {
                self.at(At::Node(node));
                self.enter()?;
                let res = match node {
                    Node::Range(_) => self.walk_range(dot, b),
                    _ => self.walk_if_or_with(dot, b, matches!(node, Node::With(_))),
                };
                self.depth -= 1;
                return res;
            }
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
            Node::Template { name, pipe, .. } => {
                self.at(At::Node(node));
                let tree = self.tree;
                let Some(body) = tree.defines.get(name) else {
                    return self.error(format!("template {name:?} not defined"));
                };
                let new_dot = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => Value::Nil,
                };
                let saved_vars =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), new_dot.clone())]);
                self.at(At::Node(node));
                self.enter()?;
                let saved_name = std::mem::replace(&mut self.template, name.clone());
                let res = self.walk_list(&new_dot, body);
                self.depth -= 1;
                self.template = saved_name;
                self.vars = saved_vars;
                res?;
            }
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, dot: &Value, b: &'a Branch, with: bool) -> R<Flow> {
        let mark = self.vars.len();
        let res = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.truth() {
                let d = if with { val } else { dot.clone() };
                self.walk_list(&d, &b.list)
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(Flow::Normal)
            }
        })();
        self.vars.truncate(mark);
        res
    }

    fn walk_range(&mut self, dot: &Value, b: &'a Branch) -> R<Flow> {
        self.at(At::Range(b));
        let mark = self.vars.len();
        let res = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            let mark_body = self.vars.len();
            let items: Vec<(Value, Value)> = match &val {
                Value::Samples(v) => v
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Value::Int(i as i64), Value::Sample(s.clone())))
                    .collect(),
                Value::StrMap(m) => m
                    .iter()
                    .map(|(k, v)| (Value::str(k), Value::str(v)))
                    .collect(),
                Value::AnyMap(m) => m.iter().map(|(k, v)| (Value::str(k), v.clone())).collect(),
                // Go 1.22 ranges over an integer.
                Value::Int(n) => {
                    if b.pipe.decl.len() > 1 {
                        self.at(At::Range(b));
                        return self.error(format!(
                            "can't use {n} to iterate over more than one variable"
                        ));
                    }
                    if *n as usize > MAX_STEPS {
                        return self.error(format!(
                            "template execution stopped after {MAX_STEPS} steps"
                        ));
                    }
                    (0..(*n).max(0))
                        .map(|i| (Value::Int(i), Value::Int(i)))
                        .collect()
                }
                Value::Nil => Vec::new(),
                other => {
                    let shown = gofmt::print_value(other);
                    return self.error(format!("range can't iterate over {shown}"));
                }
            };
            if items.is_empty() {
                if let Some(e) = &b.else_list {
                    return self.walk_list(dot, e);
                }
                return Ok(Flow::Normal);
            }
            for (index, elem) in items {
                self.step()?;
                match b.pipe.decl.len() {
                    0 => {}
                    1 => self.set_top(1, elem.clone()),
                    _ => {
                        self.set_top(2, index);
                        self.set_top(1, elem.clone());
                    }
                }
                let flow = self.walk_list(&elem, &b.list)?;
                self.vars.truncate(mark_body);
                if let Flow::Break = flow {
                    break;
                }
            }
            Ok(Flow::Normal)
        })();
        self.vars.truncate(mark);
        res
    }

    /// Sets the variable `n` places from the top of the stack, as Go's
    /// `setTopVar`.
    fn set_top(&mut self, n: usize, v: Value) {
        let len = self.vars.len();
        if n <= len {
            self.vars[len - n].1 = v;
        }
    }

    // ---- pipelines and commands ------------------------------------------

    fn eval_pipeline(&mut self, dot: &Value, pipe: &'a Pipe) -> R<Value> {
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        for name in &pipe.decl {
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&mut self, args: &'a [Arg], final_: &Option<Value>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            let first = args.first().map(|a| a.to_string()).unwrap_or_default();
            return self.error(format!("can't give argument to non-function {first}"));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &'a Cmd, final_: Option<Value>) -> R<Value> {
        let nargs = cmd.args.len().saturating_sub(1);
        self.step()?;
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match first {
            Arg::Field(_, fields) => {
                self.at_arg(first);
                self.eval_field_chain(dot, dot.clone(), first, fields, nargs, final_)
            }
            Arg::Chain(_, node, fields) => {
                self.at_arg(first);
                if let Arg::Nil(_) = node.as_ref() {
                    return self.error(format!("indirection through explicit nil in {first}"));
                }
                let recv = self.eval_arg(dot, None, node)?;
                self.at_arg(first);
                self.eval_field_chain(dot, recv, first, fields, nargs, final_)
            }
            Arg::Ident(_, name) => self.eval_function(dot, first, name, Some(cmd), final_),
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &final_)?;
                self.enter()?;
                let v = self.eval_pipeline(dot, p);
                self.depth -= 1;
                v
            }
            Arg::Var(_, name, fields) => {
                self.at_arg(first);
                let v = self.var_value(name)?;
                if fields.is_empty() {
                    self.not_a_function(&cmd.args, &final_)?;
                    return Ok(v);
                }
                self.eval_field_chain(dot, v, first, fields, nargs, final_)
            }
            _ => {
                self.at_arg(first);
                self.not_a_function(&cmd.args, &final_)?;
                match first {
                    Arg::Bool(_, b) => Ok(Value::Bool(*b)),
                    Arg::Dot(_) => Ok(dot.clone()),
                    Arg::Nil(_) => self.error("nil is not a command"),
                    Arg::Number { .. } => self.ideal_constant(first),
                    Arg::String { value, .. } => Ok(Value::str(value)),
                    _ => self.error(format!("can't evaluate command {first}")),
                }
            }
        }
    }

    fn ideal_constant(&mut self, a: &'a Arg) -> R<Value> {
        self.at_arg(a);
        match a {
            Arg::Number { value, text, .. } => match value {
                Number::Int(i) => Ok(Value::Int(*i)),
                Number::Float(f) => Ok(Value::Float(*f)),
                Number::Unsupported(_) => {
                    if text.ends_with('i') {
                        self.error(format!("complex constant {text} is not supported here"))
                    } else {
                        self.error(format!("{text} overflows int"))
                    }
                }
            },
            _ => self.error(format!("can't handle {a}")),
        }
    }

    /// `.A.B.C` on `recv`: every name but the last is a plain field.
    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut recv: Value,
        node: &'a Arg,
        fields: &[String],
        nargs: usize,
        final_: Option<Value>,
    ) -> R<Value> {
        let n = fields.len();
        for (i, f) in fields.iter().enumerate().take(n.saturating_sub(1)) {
            recv = self.eval_field(dot, f, node, 0, None, recv)?;
            if matches!(recv, Value::Nil) {
                // A nil from a map of interfaces, as opposed to a missing
                // value at the start of the chain, which Go passes on.
                let next = &fields[i + 1];
                return self.error(format!("nil pointer evaluating interface {{}}.{next}"));
            }
        }
        match fields.last() {
            Some(last) => self.eval_field(dot, last, node, nargs, final_, recv),
            None => Ok(recv),
        }
    }

    fn eval_field(
        &mut self,
        _dot: &Value,
        name: &str,
        node: &'a Arg,
        nargs: usize,
        final_: Option<Value>,
        recv: Value,
    ) -> R<Value> {
        self.at_arg(node);
        let has_args = nargs > 0 || final_.is_some();
        let type_name = recv.type_name();
        if let Some(v) = self.method(name, &recv, nargs + usize::from(final_.is_some()))? {
            return Ok(v);
        }
        let field = match &recv {
            Value::Nil => return Ok(Value::Nil),
            Value::StrMap(m) => {
                if has_args {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                return Ok(Value::str(m.get(name).map_or("", String::as_str)));
            }
            Value::AnyMap(m) => {
                if has_args {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                return Ok(m.get(name).cloned().unwrap_or(Value::Nil));
            }
            Value::Data(d) => match name {
                "Labels" => Some(Value::StrMap(d.labels.clone())),
                "ExternalLabels" => Some(Value::StrMap(d.external_labels.clone())),
                "ExternalURL" => Some(Value::Str(d.external_url.clone())),
                "Value" => Some(Value::Float(d.value)),
                _ => None,
            },
            Value::Sample(s) => match name {
                "Labels" => Some(Value::StrMap(s.labels.clone())),
                "Value" => Some(Value::Float(s.value)),
                _ => None,
            },
            _ => None,
        };
        match field {
            Some(v) => {
                if has_args {
                    return self.error(format!(
                        "{name} has arguments but cannot be invoked as function"
                    ));
                }
                Ok(v)
            }
            None => self.error(format!("can't evaluate field {name} in type {type_name}")),
        }
    }

    /// Methods of the Go types templates meet: `time.Time` and
    /// `time.Duration`. None when `recv` has no such method.
    fn method(&mut self, name: &str, recv: &Value, nargs: usize) -> R<Option<Value>> {
        let v = match recv {
            Value::Time(ns) => {
                let c = super::gotime::civil(*ns);
                match name {
                    "Unix" => Value::Int(ns.div_euclid(1_000_000_000)),
                    "UnixMilli" => Value::Int(ns.div_euclid(1_000_000)),
                    "UnixMicro" => Value::Int(ns.div_euclid(1_000)),
                    "UnixNano" => Value::Int(*ns),
                    "Year" => Value::Int(c.year),
                    "Day" => Value::Int(i64::from(c.day)),
                    "Hour" => Value::Int(i64::from(c.hour)),
                    "Minute" => Value::Int(i64::from(c.minute)),
                    "Second" => Value::Int(i64::from(c.second)),
                    "Nanosecond" => Value::Int(i64::from(c.nanos)),
                    "YearDay" => Value::Int(i64::from(c.yday)),
                    "Month" => Value::str(super::gotime::MONTHS[(c.month - 1) as usize]),
                    "Weekday" => Value::str(super::gotime::WEEKDAYS[c.weekday as usize]),
                    "String" => Value::str(&super::gotime::time_string(*ns)),
                    "UTC" => recv.clone(),
                    _ => return Ok(None),
                }
            }
            Value::Duration(d) => match name {
                "Seconds" => Value::Float(duration_part(*d, 1_000_000_000)),
                "Minutes" => Value::Float(duration_part(*d, 60_000_000_000)),
                "Hours" => Value::Float(duration_part(*d, 3_600_000_000_000)),
                "Milliseconds" => Value::Int(d / 1_000_000),
                "Microseconds" => Value::Int(d / 1_000),
                "Nanoseconds" => Value::Int(*d),
                "String" => Value::str(&gofmt::duration_string(*d)),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if nargs > 0 {
            return self.error(format!(
                "wrong number of args for {name}: want 0 got {nargs}"
            ));
        }
        Ok(Some(v))
    }

    // ---- arguments -------------------------------------------------------

    /// Go's `evalArg`: an argument for a parameter of type `param` (None:
    /// no type, as for the node of a chain).
    fn eval_arg(&mut self, dot: &Value, param: Option<Param>, a: &'a Arg) -> R<Value> {
        self.at_arg(a);
        let v = match a {
            Arg::Dot(_) => dot.clone(),
            Arg::Nil(_) => {
                return match param {
                    Some(Param::Any | Param::Reflect | Param::Samples | Param::Sample) | None => {
                        if param == Some(Param::Samples) {
                            Ok(Value::Samples(Rc::new(Vec::new())))
                        } else {
                            Ok(Value::Nil)
                        }
                    }
                    Some(p) => self.error(format!("cannot assign nil to {}", p.go_type())),
                }
            }
            Arg::Field(_, fields) => self.eval_field_chain(dot, dot.clone(), a, fields, 0, None)?,
            Arg::Var(_, name, fields) => {
                let v = self.var_value(name)?;
                if fields.is_empty() {
                    v
                } else {
                    self.eval_field_chain(dot, v, a, fields, 0, None)?
                }
            }
            Arg::Pipe(p) => {
                self.enter()?;
                let v = self.eval_pipeline(dot, p);
                self.depth -= 1;
                v?
            }
            Arg::Ident(_, name) => self.eval_function(dot, a, name, None, None)?,
            Arg::Chain(_, node, fields) => {
                if let Arg::Nil(_) = node.as_ref() {
                    return self.error(format!("indirection through explicit nil in {a}"));
                }
                let recv = self.eval_arg(dot, None, node)?;
                self.at_arg(a);
                self.eval_field_chain(dot, recv, a, fields, 0, None)?
            }
            // Constants are typed by the parameter.
            Arg::Bool(_, b) => {
                return match param {
                    None | Some(Param::Any | Param::Reflect) => Ok(Value::Bool(*b)),
                    Some(Param::Str) => self.error(format!("expected string; found {a}")),
                    Some(p) => {
                        self.error(format!("can't handle {a} for arg of type {}", p.go_type()))
                    }
                }
            }
            Arg::Number { .. } => {
                return match param {
                    None | Some(Param::Any | Param::Reflect) => self.ideal_constant(a),
                    Some(Param::Str) => self.error(format!("expected string; found {a}")),
                    Some(p) => {
                        self.error(format!("can't handle {a} for arg of type {}", p.go_type()))
                    }
                }
            }
            Arg::String { value, .. } => {
                return match param {
                    None | Some(Param::Any | Param::Reflect | Param::Str) => Ok(Value::str(value)),
                    Some(p) => {
                        self.error(format!("can't handle {a} for arg of type {}", p.go_type()))
                    }
                }
            }
        };
        match param {
            Some(p) => self.validate_type(v, p),
            None => Ok(v),
        }
    }

    /// Go's `validateType`: a value passed where `param` is expected.
    fn validate_type(&mut self, v: Value, param: Param) -> R<Value> {
        match (param, &v) {
            (Param::Any | Param::Reflect, _) => Ok(v),
            (Param::Str, Value::Str(_)) => Ok(v),
            (Param::Samples, Value::Samples(_)) => Ok(v),
            (Param::Samples, Value::Nil) => Ok(Value::Samples(Rc::new(Vec::new()))),
            (Param::Sample, Value::Sample(_) | Value::Nil) => Ok(v),
            (p, Value::Nil) => self.error(format!("invalid value; expected {}", p.go_type())),
            (p, other) => self.error(format!(
                "wrong type for value; expected {}; got {}",
                p.go_type(),
                other.type_name()
            )),
        }
    }

    // ---- functions -------------------------------------------------------

    /// Calls the function `name`; `cmd` holds its arguments (none when the
    /// function is itself an argument), `final_` the piped-in value.
    fn eval_function(
        &mut self,
        dot: &Value,
        ident: &'a Arg,
        name: &str,
        cmd: Option<&'a Cmd>,
        final_: Option<Value>,
    ) -> R<Value> {
        self.at_arg(ident);
        let sig = builtins::signature(name).or_else(|| prom::signature(name));
        let Some(sig) = sig else {
            return self.error(format!("{name:?} is not a defined function"));
        };
        let args: &'a [Arg] = cmd.map_or(&[], |c| &c.args[1..]);
        let call_at = match cmd {
            Some(c) => At::Cmd(c),
            None => At::Arg(ident),
        };
        let num_in = args.len() + usize::from(final_.is_some());
        let nparams = sig.fixed.len() + usize::from(sig.variadic.is_some());
        if sig.variadic.is_some() {
            if num_in < sig.fixed.len() {
                return self.error(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    sig.fixed.len(),
                    args.len()
                ));
            }
        } else if num_in != sig.fixed.len() {
            return self.error(format!(
                "wrong number of args for {name}: want {nparams} got {num_in}"
            ));
        }
        // `and` and `or` stop at the first argument that decides.
        if name == "and" || name == "or" {
            let want = name == "or";
            let mut v = Value::Nil;
            for a in args {
                v = self.eval_arg(dot, Some(Param::Reflect), a)?;
                if v.truth() == want {
                    return Ok(v);
                }
            }
            if let Some(f) = final_ {
                v = f;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            let p = sig
                .fixed
                .get(i)
                .copied()
                .or(sig.variadic)
                .unwrap_or(Param::Any);
            argv.push(self.eval_arg(dot, Some(p), a)?);
        }
        if let Some(f) = final_ {
            let p = sig
                .variadic
                .or_else(|| sig.fixed.last().copied())
                .unwrap_or(Param::Any);
            argv.push(self.validate_type(f, p)?);
        }
        let result = match builtins::signature(name) {
            Some(_) => builtins::call(name, &argv, args),
            None => prom::call(self, name, &argv),
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(call_at);
                self.error(format!("error calling {name}: {e}"))
            }
        }
    }
}

/// Where Go locates a node in errors.
fn node_pos(n: &Node) -> usize {
    match n {
        Node::If(b) | Node::With(b) | Node::Range(b) => b.pos,
        Node::Template { pos, .. } => *pos,
        Node::Action(p) => p.pos,
        Node::Text(_) | Node::Break | Node::Continue => 0,
    }
}

fn duration_part(d: i64, unit: i64) -> f64 {
    let whole = d / unit;
    let rest = d % unit;
    whole as f64 + rest as f64 / unit as f64
}
