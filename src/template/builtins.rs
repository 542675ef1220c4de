//! Go text/template's builtin functions: `and or not len index slice eq
//! ne lt le gt ge print printf println html js urlquery call`, with Go's
//! comparison rules and error texts.

use super::ast::Arg;
use super::exec::{Param, Sig};
use super::gofmt;
use super::value::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The signature of Go's builtin `name`, as its parameters are typed.
pub(crate) fn signature(name: &str) -> Option<Sig> {
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

/// Calls Go's builtin `name` on evaluated arguments; `nodes` are the
/// argument nodes, which `call` names in its error.
pub(crate) fn call(name: &str, a: &[Value], nodes: &[Arg]) -> Result<Value, String> {
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
                nodes.first().map(Arg::to_string).unwrap_or_default(),
                other.type_name()
            )),
        },
        _ => Err(format!("{name:?} is not a defined function")),
    }
}

/// What `html`, `js` and `urlquery` escape: a lone string as it is,
/// anything else as `fmt.Sprint` prints it.
fn eval_args(a: &[Value]) -> String {
    if let [Value::Str(s)] = a {
        return s.to_string();
    }
    // Go prints a missing value as the string "<no value>" here.
    let a: Vec<Value> = a
        .iter()
        .map(|v| match v {
            Value::Nil => Value::str("<no value>"),
            other => other.clone(),
        })
        .collect();
    gofmt::sprint(&a)
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
        Value::Nil => return Err("len of nil pointer".into()),
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
                Kind::Str => a.as_str() == b.as_str(),
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
