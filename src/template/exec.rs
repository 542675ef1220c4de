//! Executes a parsed template with Go's text/template semantics: pipelines,
//! variables and their scopes, control structures, `define`d templates,
//! field access with Prometheus' `missingkey=zero` option, and Go's
//! builtin functions. Prometheus' functions are in `prom`.

use super::ast::{Arg, Branch, Cmd, Node, Number, Pipe, Tree};
use super::expand::QueryHost;
use super::gofmt;
use super::prom;
use super::value::{AlertData, Value};
use std::collections::BTreeMap;
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

/// Go stops at a template depth of 100000; we stop earlier, which only
/// matters to templates that recurse without end.
const MAX_TEMPLATE_DEPTH: usize = 200;
/// A bound on work, so that a huge `range` cannot hang a test run.
const MAX_STEPS: usize = 5_000_000;

pub(crate) struct Exec<'a> {
    tree: &'a Tree,
    host: &'a dyn QueryHost,
    pub external_url: Rc<str>,
    vars: Vec<(String, Value)>,
    out: String,
    /// The node errors are reported at, as Go's `state.node`.
    pos: usize,
    context: String,
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

fn builtin_sig(name: &str) -> Option<Sig> {
    use Param::*;
    let (fixed, variadic): (&'static [Param], Option<Param>) = match name {
        "and" | "or" => (&[Reflect], Some(Reflect)),
        "not" | "len" => (&[Reflect], None),
        "index" | "slice" | "call" => (&[Reflect], Some(Reflect)),
        "eq" => (&[Reflect], Some(Reflect)),
        "ne" | "lt" | "le" | "gt" | "ge" => (&[Reflect, Reflect], None),
        "print" | "println" | "html" | "js" | "urlquery" => (&[], Some(Any)),
        "printf" => (&[Str], Some(Any)),
        _ => return None,
    };
    Some(Sig { fixed, variadic })
}

impl<'a> Exec<'a> {
    pub fn new(tree: &'a Tree, host: &'a dyn QueryHost, data: AlertData, name: &str) -> Self {
        let data = Rc::new(data);
        let external_url = data.external_url.clone();
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
            external_url,
            vars,
            out: String::new(),
            pos: 0,
            context: String::new(),
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

    fn at(&mut self, pos: usize, context: impl Into<String>) {
        self.pos = pos;
        self.context = context.into();
    }

    fn at_arg(&mut self, a: &Arg) {
        self.at(a.pos(), a.to_string());
    }

    pub fn error<T>(&self, message: impl Into<String>) -> R<T> {
        Err(ExecError {
            pos: self.pos,
            context: self.context.clone(),
            template: self.template.clone(),
            message: message.into(),
        })
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

    fn walk_list(&mut self, dot: &Value, list: &[Node]) -> R<Flow> {
        for n in list {
            match self.walk(dot, n)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Value, node: &Node) -> R<Flow> {
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
                        self.out.push_str(&gofmt::print_value(&v));
                    }
                }
            }
            Node::If(b) => return self.walk_if_or_with(dot, b, false),
            Node::With(b) => return self.walk_if_or_with(dot, b, true),
            Node::Range(b) => return self.walk_range(dot, b),
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
            Node::Template { pos, name, pipe } => {
                self.at(*pos, node.describe());
                let Some(body) = self.tree.defines.get(name) else {
                    return self.error(format!("template {name:?} not defined"));
                };
                if self.depth >= MAX_TEMPLATE_DEPTH {
                    return self.error(format!(
                        "exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})"
                    ));
                }
                let new_dot = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => Value::Nil,
                };
                let saved_vars =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), new_dot.clone())]);
                let saved_name = std::mem::replace(&mut self.template, name.clone());
                self.depth += 1;
                let res = self.walk_list(&new_dot, body);
                self.depth -= 1;
                self.template = saved_name;
                self.vars = saved_vars;
                res?;
            }
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(&mut self, dot: &Value, b: &Branch, with: bool) -> R<Flow> {
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

    fn walk_range(&mut self, dot: &Value, b: &Branch) -> R<Flow> {
        self.at(b.pos, format!("{{{{range {}}}}}", b.pipe));
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
                        self.at(b.pos, format!("{{{{range {}}}}}", b.pipe));
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

    fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> R<Value> {
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

    fn not_a_function(&mut self, args: &[Arg], final_: &Option<Value>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            let first = args.first().map(|a| a.to_string()).unwrap_or_default();
            return self.error(format!("can't give argument to non-function {first}"));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &Cmd, final_: Option<Value>) -> R<Value> {
        self.step()?;
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match first {
            Arg::Field(_, fields) => {
                self.at_arg(first);
                self.eval_field_chain(dot, dot.clone(), first, fields, cmd, final_)
            }
            Arg::Chain(_, node, fields) => {
                self.at_arg(first);
                if let Arg::Nil(_) = node.as_ref() {
                    return self.error(format!("indirection through explicit nil in {first}"));
                }
                let recv = self.eval_arg(dot, None, node)?;
                self.at_arg(first);
                self.eval_field_chain(dot, recv, first, fields, cmd, final_)
            }
            Arg::Ident(_, name) => self.eval_function(dot, first, name, Some(cmd), final_),
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &final_)?;
                self.eval_pipeline(dot, p)
            }
            Arg::Var(_, name, fields) => {
                self.at_arg(first);
                let v = self.var_value(name)?;
                if fields.is_empty() {
                    self.not_a_function(&cmd.args, &final_)?;
                    return Ok(v);
                }
                self.eval_field_chain(dot, v, first, fields, cmd, final_)
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

    fn ideal_constant(&mut self, a: &Arg) -> R<Value> {
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
        node: &Arg,
        fields: &[String],
        cmd: &Cmd,
        final_: Option<Value>,
    ) -> R<Value> {
        let n = fields.len();
        for f in &fields[..n.saturating_sub(1)] {
            recv = self.eval_field(dot, f, node, None, None, recv)?;
        }
        match fields.last() {
            Some(last) => self.eval_field(dot, last, node, Some(cmd), final_, recv),
            None => Ok(recv),
        }
    }

    fn eval_field(
        &mut self,
        _dot: &Value,
        name: &str,
        node: &Arg,
        cmd: Option<&Cmd>,
        final_: Option<Value>,
        recv: Value,
    ) -> R<Value> {
        self.at_arg(node);
        let has_args = cmd.is_some_and(|c| c.args.len() > 1) || final_.is_some();
        let type_name = recv.type_name();
        if let Some(v) = self.method(name, &recv, cmd, &final_)? {
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
    fn method(
        &mut self,
        name: &str,
        recv: &Value,
        cmd: Option<&Cmd>,
        final_: &Option<Value>,
    ) -> R<Option<Value>> {
        let nargs =
            cmd.map_or(0, |c| c.args.len().saturating_sub(1)) + usize::from(final_.is_some());
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
    fn eval_arg(&mut self, dot: &Value, param: Option<Param>, a: &Arg) -> R<Value> {
        self.at_arg(a);
        let v = match a {
            Arg::Dot(_) => dot.clone(),
            Arg::Nil(_) => {
                return match param {
                    Some(Param::Any | Param::Samples | Param::Sample) | None => {
                        if param == Some(Param::Samples) {
                            Ok(Value::Samples(Rc::new(Vec::new())))
                        } else {
                            Ok(Value::Nil)
                        }
                    }
                    Some(p) => self.error(format!("cannot assign nil to {}", p.go_type())),
                }
            }
            Arg::Field(_, fields) => {
                let cmd = Cmd {
                    pos: a.pos(),
                    args: vec![a.clone()],
                };
                self.eval_field_chain(dot, dot.clone(), a, fields, &cmd, None)?
            }
            Arg::Var(_, name, fields) => {
                let v = self.var_value(name)?;
                if fields.is_empty() {
                    v
                } else {
                    let cmd = Cmd {
                        pos: a.pos(),
                        args: vec![a.clone()],
                    };
                    self.eval_field_chain(dot, v, a, fields, &cmd, None)?
                }
            }
            Arg::Pipe(p) => self.eval_pipeline(dot, p)?,
            Arg::Ident(_, name) => self.eval_function(dot, a, name, None, None)?,
            Arg::Chain(_, node, fields) => {
                if let Arg::Nil(_) = node.as_ref() {
                    return self.error(format!("indirection through explicit nil in {a}"));
                }
                let recv = self.eval_arg(dot, None, node)?;
                let cmd = Cmd {
                    pos: a.pos(),
                    args: vec![a.clone()],
                };
                self.at_arg(a);
                self.eval_field_chain(dot, recv, a, fields, &cmd, None)?
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
        ident: &Arg,
        name: &str,
        cmd: Option<&Cmd>,
        final_: Option<Value>,
    ) -> R<Value> {
        self.at_arg(ident);
        let sig = builtin_sig(name).or_else(|| prom::signature(name));
        let Some(sig) = sig else {
            return self.error(format!("{name:?} is not a defined function"));
        };
        let args: &[Arg] = cmd.map_or(&[], |c| &c.args[1..]);
        let (call_pos, call_ctx) = match cmd {
            Some(c) => (c.pos, c.to_string()),
            None => (ident.pos(), ident.to_string()),
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
        let arg_names: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let result = match builtin_sig(name) {
            Some(_) => self.call_builtin(name, &argv, &arg_names),
            None => prom::call(self, name, &argv),
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at(call_pos, call_ctx);
                self.error(format!("error calling {name}: {e}"))
            }
        }
    }

    fn call_builtin(&mut self, name: &str, a: &[Value], names: &[String]) -> Result<Value, String> {
        match name {
            "not" => Ok(Value::Bool(!a[0].truth())),
            "len" => length(&a[0]).map(Value::Int),
            "index" => index(&a[0], &a[1..]),
            "slice" => slice(&a[0], &a[1..]),
            "eq" => eq(&a[0], &a[1..]).map(Value::Bool),
            "ne" => eq(&a[0], &a[1..2]).map(|b| Value::Bool(!b)),
            "lt" => lt(&a[0], &a[1]).map(Value::Bool),
            "le" => le(&a[0], &a[1]).map(Value::Bool),
            "gt" => le(&a[0], &a[1]).map(|b| Value::Bool(!b)),
            "ge" => lt(&a[0], &a[1]).map(|b| Value::Bool(!b)),
            "print" => Ok(Value::str(&gofmt::sprint(a))),
            "println" => Ok(Value::str(&gofmt::sprintln(a))),
            "printf" => {
                let format = a[0].as_str().unwrap_or_default().to_string();
                Ok(Value::str(&gofmt::sprintf(&format, &a[1..])))
            }
            "html" => Ok(Value::str(&html_escape(&eval_args(a)))),
            "js" => Ok(Value::str(&js_escape(&eval_args(a)))),
            "urlquery" => Ok(Value::str(&query_escape(&eval_args(a)))),
            "call" => match &a[0] {
                Value::Nil => Err("call of nil".into()),
                other => Err(format!(
                    "non-function {} of type {}",
                    names.first().map_or("", String::as_str),
                    other.type_name()
                )),
            },
            _ => Err(format!("{name:?} is not a defined function")),
        }
    }
}

fn duration_part(d: i64, unit: i64) -> f64 {
    let whole = d / unit;
    let rest = d % unit;
    whole as f64 + rest as f64 / unit as f64
}

/// What `html`, `js` and `urlquery` escape: a lone string as it is,
/// anything else as `fmt.Sprint` prints it.
fn eval_args(a: &[Value]) -> String {
    if let [Value::Str(s)] = a {
        return s.to_string();
    }
    gofmt::sprint(a)
}

pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u00{:02X}", c as u32)),
            c if c.is_ascii() || gofmt::is_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub(crate) fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn length(v: &Value) -> Result<i64, String> {
    Ok(match v {
        Value::Str(s) | Value::Html(s) => s.len() as i64,
        Value::StrMap(m) => m.len() as i64,
        Value::AnyMap(m) => m.len() as i64,
        Value::Samples(s) => s.len() as i64,
        Value::Nil => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Value::Sample(_) => return Err("len of type template.sample".into()),
        Value::Time(_) => return Err("len of type time.Time".into()),
        other => return Err(format!("len of type {}", other.type_name())),
    })
}

/// An integer index argument, as Go's `indexArg`.
fn index_arg(v: &Value, cap: usize) -> Result<usize, String> {
    let x = match v {
        Value::Int(i) => *i,
        Value::Byte(b) => i64::from(*b),
        Value::Duration(d) => *d,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".into());
    }
    let mut item = item.clone();
    for idx in indexes {
        item = match &item {
            Value::Str(s) | Value::Html(s) => {
                let x = index_arg(idx, s.len())?;
                match s.as_bytes().get(x) {
                    Some(b) => Value::Byte(*b),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            Value::Samples(v) => {
                let x = index_arg(idx, v.len())?;
                match v.get(x) {
                    Some(s) => Value::Sample(s.clone()),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            Value::StrMap(m) => match idx {
                Value::Str(k) => Value::str(m.get(&**k).map_or("", String::as_str)),
                Value::Nil => return Err("value is nil; should be of type string".into()),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        other.type_name()
                    ))
                }
            },
            Value::AnyMap(m) => match idx {
                Value::Str(k) => m.get(&**k).cloned().unwrap_or(Value::Nil),
                Value::Nil => return Err("value is nil; should be of type string".into()),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        other.type_name()
                    ))
                }
            },
            Value::Nil => return Err("index of nil pointer".into()),
            Value::Sample(_) => return Err("can't index item of type template.sample".into()),
            Value::Time(_) => return Err("can't index item of type time.Time".into()),
            other => return Err(format!("can't index item of type {}", other.type_name())),
        };
    }
    Ok(item)
}

fn slice(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("slice of untyped nil".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match item {
        Value::Str(s) | Value::Html(s) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::Samples(v) => v.len(),
        Value::Sample(_) => return Err("can't slice item of type template.sample".into()),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut idx = [0, len, len];
    for (i, x) in indexes.iter().enumerate() {
        idx[i] = index_arg(x, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    Ok(match item {
        Value::Str(s) => Value::str(&String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]])),
        Value::Html(s) => Value::Html(Rc::from(
            String::from_utf8_lossy(&s.as_bytes()[idx[0]..idx[1]]).as_ref(),
        )),
        Value::Samples(v) => Value::Samples(Rc::new(v[idx[0]..idx[1]].to_vec())),
        _ => Value::Nil,
    })
}

/// Go's comparison kinds.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Uint,
    Float,
    Str,
    Invalid,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Duration(_) => Kind::Int,
        Value::Byte(_) => Kind::Uint,
        Value::Float(_) => Kind::Float,
        Value::Str(_) | Value::Html(_) => Kind::Str,
        _ => Kind::Invalid,
    }
}

fn int_of(v: &Value) -> i128 {
    match v {
        Value::Int(i) | Value::Duration(i) => i128::from(*i),
        Value::Byte(b) => i128::from(*b),
        _ => 0,
    }
}

const BAD_TYPE: &str = "invalid type for comparison";
const BAD_CMP: &str = "incompatible types for comparison";

fn eq(a: &Value, rest: &[Value]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = kind(a);
    for b in rest {
        let k2 = kind(b);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (Kind::Int, Kind::Uint) | (Kind::Uint, Kind::Int) => int_of(a) == int_of(b),
                _ => {
                    if !matches!(a, Value::Nil) && !matches!(b, Value::Nil) {
                        return Err(BAD_CMP.into());
                    }
                    false
                }
            }
        } else {
            match k1 {
                Kind::Bool => a.truth() == b.truth(),
                Kind::Int | Kind::Uint => int_of(a) == int_of(b),
                Kind::Float => match (a, b) {
                    (Value::Float(x), Value::Float(y)) => x == y,
                    _ => false,
                },
                Kind::Str => a.as_str() == b.as_str() && a.type_name() == b.type_name(),
                Kind::Invalid => match (a, b) {
                    (Value::Nil, Value::Nil) => true,
                    (Value::Nil, _) | (_, Value::Nil) => false,
                    (Value::StrMap(_) | Value::AnyMap(_) | Value::Samples(_), _)
                    | (_, Value::StrMap(_) | Value::AnyMap(_) | Value::Samples(_)) => {
                        if a.type_name() != b.type_name() {
                            return Err(format!(
                                "non-comparable types {}: {}, {}: {}",
                                gofmt::print_value(a),
                                a.type_name(),
                                b.type_name(),
                                gofmt::print_value(b)
                            ));
                        }
                        return Err(format!(
                            "non-comparable type {}: {}",
                            gofmt::print_value(b),
                            b.type_name()
                        ));
                    }
                    (Value::Sample(x), Value::Sample(y)) => Rc::ptr_eq(x, y),
                    (Value::Time(x), Value::Time(y)) => x == y,
                    (Value::Data(_), Value::Data(_)) => true,
                    _ => {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            gofmt::print_value(a),
                            a.type_name(),
                            b.type_name(),
                            gofmt::print_value(b)
                        ))
                    }
                },
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn lt(a: &Value, b: &Value) -> Result<bool, String> {
    let k1 = kind(a);
    if k1 == Kind::Invalid {
        return Err(BAD_TYPE.into());
    }
    let k2 = kind(b);
    if k2 == Kind::Invalid {
        return Err(BAD_TYPE.into());
    }
    if k1 != k2 {
        return match (k1, k2) {
            (Kind::Int, Kind::Uint) | (Kind::Uint, Kind::Int) => Ok(int_of(a) < int_of(b)),
            _ => Err(BAD_CMP.into()),
        };
    }
    Ok(match k1 {
        Kind::Bool => return Err(BAD_TYPE.into()),
        Kind::Int | Kind::Uint => int_of(a) < int_of(b),
        Kind::Float => match (a, b) {
            (Value::Float(x), Value::Float(y)) => x < y,
            _ => false,
        },
        Kind::Str => a.as_str() < b.as_str(),
        Kind::Invalid => false,
    })
}

fn le(a: &Value, b: &Value) -> Result<bool, String> {
    if lt(a, b)? {
        return Ok(true);
    }
    eq(a, std::slice::from_ref(b))
}

/// Builds `map[string]interface{}` for `args`.
pub(crate) fn args_map(a: &[Value]) -> Value {
    let m: BTreeMap<String, Value> = a
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("arg{i}"), v.clone()))
        .collect();
    Value::AnyMap(Rc::new(m))
}
