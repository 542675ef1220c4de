//! Prometheus' template functions for alerting rules (Prometheus 3.x
//! `template/template.go` and `common/helpers/templates`): their
//! signatures, as Go's template execution checks them, and their results
//! and error texts.

use super::builtins::{args_map, query_escape};
use super::exec::{Exec, Param, Sig};
use super::gofloat::{float_v, format_float};
use super::gofmt;
use super::value::{Sample, Value};
use std::rc::Rc;

pub(crate) fn signature(name: &str) -> Option<Sig> {
    use Param::*;
    let (fixed, variadic): (&'static [Param], Option<Param>) = match name {
        "query" => (&[Str], None),
        "first" => (&[Samples], None),
        "label" => (&[Str, Sample], None),
        "value" | "strvalue" => (&[Sample], None),
        "args" => (&[], Some(Any)),
        "reReplaceAll" => (&[Str, Str, Str], None),
        "safeHtml" | "title" | "toUpper" | "toLower" | "graphLink" | "tableLink" => (&[Str], None),
        "stripPort" | "stripDomain" | "parseDuration" => (&[Str], None),
        "match" => (&[Str, Str], None),
        "sortByLabel" => (&[Str, Samples], None),
        "humanize" | "humanize1024" | "humanizeDuration" | "humanizePercentage"
        | "humanizeTimestamp" | "toTime" | "toDuration" => (&[Any], None),
        "pathPrefix" | "externalURL" | "now" => (&[], None),
        _ => return None,
    };
    Some(Sig { fixed, variadic })
}

pub(crate) fn call(ex: &mut Exec<'_>, name: &str, a: &[Value]) -> Result<Value, String> {
    let s = |i: usize| a[i].as_str().unwrap_or_default();
    Ok(match name {
        "query" => {
            let samples = ex.host().query(s(0))?;
            Value::Samples(Rc::new(
                samples
                    .into_iter()
                    .map(|q| {
                        Rc::new(Sample {
                            labels: Rc::new(q.labels),
                            value: q.value,
                        })
                    })
                    .collect(),
            ))
        }
        "first" => match &a[0] {
            Value::Samples(v) if !v.is_empty() => Value::Sample(v[0].clone()),
            _ => return Err("first() called on vector with no elements".into()),
        },
        "label" => match &a[1] {
            Value::Sample(x) => Value::str(x.labels.get(s(0)).map_or("", String::as_str)),
            _ => return Err(NIL_DEREF.into()),
        },
        "value" => match &a[0] {
            Value::Sample(x) => Value::Float(x.value),
            _ => return Err(NIL_DEREF.into()),
        },
        "strvalue" => match &a[0] {
            Value::Sample(x) => Value::str(x.labels.get("__value__").map_or("", String::as_str)),
            _ => return Err(NIL_DEREF.into()),
        },
        "args" => args_map(a),
        "reReplaceAll" => {
            let re = super::regex::compile(s(0))
                .map_err(|e| format!("regexp: Compile({}): {e}", super::regex::quote(s(0))))?;
            Value::str(&re.replace_all(s(2), s(1)))
        }
        "match" => {
            let re = super::regex::compile(s(0))?;
            Value::Bool(re.is_match(s(1)))
        }
        "safeHtml" => Value::Html(Rc::from(s(0))),
        "title" => Value::str(&title(s(0))),
        "toUpper" => Value::str(&map_case(s(0), true)),
        "toLower" => Value::str(&map_case(s(0), false)),
        "graphLink" => Value::str(&format!("/graph?g0.expr={}&g0.tab=0", query_escape(s(0)))),
        "tableLink" => Value::str(&format!("/graph?g0.expr={}&g0.tab=1", query_escape(s(0)))),
        "sortByLabel" => match &a[1] {
            Value::Samples(v) => {
                let by = s(0);
                let mut v: Vec<Rc<Sample>> = v.as_ref().clone();
                v.sort_by(|x, y| {
                    let x = x.labels.get(by).map_or("", String::as_str);
                    let y = y.labels.get(by).map_or("", String::as_str);
                    x.cmp(y)
                });
                Value::Samples(Rc::new(v))
            }
            other => other.clone(),
        },
        "stripPort" => Value::str(&match split_host_port(s(0)) {
            Some((host, _)) => host,
            None => s(0).to_string(),
        }),
        "stripDomain" => Value::str(&strip_domain(s(0))),
        "humanize" => Value::str(&humanize(to_float(&a[0])?)),
        "humanize1024" => Value::str(&humanize1024(to_float(&a[0])?)),
        "humanizeDuration" => Value::str(&humanize_duration(to_float(&a[0])?)),
        "humanizePercentage" => Value::str(&format!("{}%", g4(to_float(&a[0])? * 100.0))),
        "humanizeTimestamp" => {
            let v = to_float(&a[0])?;
            if v.is_nan() || v.is_infinite() {
                Value::str(&g4(v))
            } else {
                Value::str(&super::gotime::time_string(float_to_time(v)?))
            }
        }
        "toTime" => {
            let v = to_float(&a[0])?;
            if v.is_nan() || v.is_infinite() {
                return Err("value is NaN or Inf".into());
            }
            Value::Time(float_to_time(v)?)
        }
        "toDuration" => {
            let v = to_float(&a[0])?;
            if v.is_nan() || v.is_infinite() {
                return Err("value is NaN or Inf".into());
            }
            let ns = v * 1e9;
            if !(I64_MIN..=I64_MAX).contains(&ns) {
                return Err(format!(
                    "{} cannot be represented as a nanoseconds duration since it overflows int64",
                    float_v(v)
                ));
            }
            Value::Duration(go_int64(ns))
        }
        "pathPrefix" => match ex.host().external_url() {
            Some(u) => Value::str(url_path(&u)),
            None => return Err(NIL_DEREF.into()),
        },
        "externalURL" => match ex.host().external_url() {
            Some(u) => Value::str(&u),
            None => return Err(NIL_DEREF.into()),
        },
        "parseDuration" => {
            let d = s(0);
            match crate::syntax::duration::parse(d) {
                Ok(ms) => Value::Float((i128::from(ms) * 1_000_000) as f64 / 1e9),
                Err(e) => {
                    use crate::syntax::duration::DurationError as E;
                    return Err(match e {
                        E::Empty => "empty duration string".into(),
                        E::Invalid => format!("not a valid duration string: {d:?}"),
                        E::UnknownUnit(u) => format!("unknown unit {u:?} in duration {d:?}"),
                        E::OutOfRange => "duration out of range".into(),
                    });
                }
            }
        }
        "now" => Value::Float(ex.host().eval_time()),
        _ => return Err(format!("{name:?} is not a defined function")),
    })
}

/// Go's `int64(v)` on amd64 (where Prometheus mostly runs): out of range
/// gives the minimum int64, where Rust would saturate.
fn go_int64(v: f64) -> i64 {
    if v.is_nan() || !(I64_MIN..I64_MAX).contains(&v) {
        i64::MIN
    } else {
        v as i64
    }
}

/// Go's `math.MaxInt64` and `math.MinInt64` compared with a float64.
const I64_MAX: f64 = i64::MAX as f64;
const I64_MIN: f64 = i64::MIN as f64;

const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

/// `%.4g`, the format of the humanize functions.
fn g4(v: f64) -> String {
    format_float(v, 'g', Some(4))
}

/// Prometheus' `ConvertToFloat`: numbers, numeric strings and durations.
fn to_float(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Duration(d) => Ok(duration_seconds(*d)),
        Value::Str(s) => parse_float(s),
        other => Err(format!("can't convert {} to float", other.type_name())),
    }
}

fn duration_seconds(d: i64) -> f64 {
    let sec = d / 1_000_000_000;
    let nsec = d % 1_000_000_000;
    sec as f64 + nsec as f64 / 1e9
}

/// Go's `strconv.ParseFloat(s, 64)`, with its error texts.
pub(crate) fn parse_float(s: &str) -> Result<f64, String> {
    let syntax = || {
        format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            gofmt::go_quote(s, false)
        )
    };
    let range = || {
        format!(
            "strconv.ParseFloat: parsing {}: value out of range",
            gofmt::go_quote(s, false)
        )
    };
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(v) = special {
        return Ok(if neg { -v } else { v });
    }
    if !underscores_ok(body) {
        return Err(syntax());
    }
    let clean: String = lower.chars().filter(|&c| c != '_').collect();
    let v = if let Some(hex) = clean.strip_prefix("0x") {
        if !hex.contains('p') {
            return Err(syntax());
        }
        hex_float(hex).ok_or_else(syntax)?
    } else {
        let ok = !clean.is_empty()
            && clean
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'));
        if !ok {
            return Err(syntax());
        }
        clean.parse::<f64>().map_err(|_| syntax())?
    };
    if v.is_infinite() {
        return Err(range());
    }
    Ok(if neg { -v } else { v })
}

/// Go allows `_` only between digits (or after a base prefix).
fn underscores_ok(s: &str) -> bool {
    if !s.contains('_') {
        return true;
    }
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

fn hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = s.split_once('p')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

/// Unix seconds to nanoseconds as Prometheus does: through milliseconds
/// (`model.TimeFromUnixNano`), so the time has millisecond precision.
fn float_to_time(v: f64) -> Result<i64, String> {
    let ns = v * 1e9;
    if !(I64_MIN..=I64_MAX).contains(&ns) {
        return Err(format!(
            "{} cannot be represented as a nanoseconds timestamp since it overflows int64",
            float_v(v)
        ));
    }
    let ns = go_int64(ns);
    let ms = ns / 1_000_000;
    Ok(ms * 1_000_000)
}

fn humanize(mut v: f64) -> String {
    if v == 0.0 || v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    if v.abs() >= 1.0 {
        let mut prefix = "";
        for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
            if v.abs() < 1000.0 {
                break;
            }
            prefix = p;
            v /= 1000.0;
        }
        return format!("{}{prefix}", g4(v));
    }
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}", g4(v))
}

fn humanize1024(mut v: f64) -> String {
    if v.abs() <= 1.0 || v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    let mut prefix = "";
    for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
        if v.abs() < 1024.0 {
            break;
        }
        prefix = p;
        v /= 1024.0;
    }
    format!("{}{prefix}", g4(v))
}

fn humanize_duration(mut v: f64) -> String {
    if v.is_nan() || v.is_infinite() {
        return g4(v);
    }
    if v == 0.0 {
        return format!("{}s", g4(v));
    }
    if v.abs() >= 1.0 {
        let mut sign = "";
        if v < 0.0 {
            sign = "-";
            v = -v;
        }
        let d = go_int64(v);
        let seconds = d % 60;
        let minutes = (d / 60) % 60;
        let hours = (d / 60 / 60) % 24;
        let days = d / 60 / 60 / 24;
        if days != 0 {
            return format!("{sign}{days}d {hours}h {minutes}m {seconds}s");
        }
        if hours != 0 {
            return format!("{sign}{hours}h {minutes}m {seconds}s");
        }
        if minutes != 0 {
            return format!("{sign}{minutes}m {seconds}s");
        }
        return format!("{sign}{}s", g4(v));
    }
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}s", g4(v))
}

/// Go's simple (one rune to one rune) case mapping, as `strings.ToUpper`.
fn map_case(s: &str, upper: bool) -> String {
    s.chars()
        .map(|c| {
            let mut m: Vec<char> = if upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            if m.len() == 1 {
                m.pop().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// `cases.Title(language.AmericanEnglish, cases.NoLower)`, the Unicode
/// title-casing algorithm: after a word break, the first cased letter is
/// title-cased (so `3rd` gives `3Rd`); the rest is left alone. Apostrophes,
/// periods and colons inside a word do not break it, but two in a row do.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut mid_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let was_mid = is_mid(c);
        if is_cased(c) {
            if mid_word {
                out.push(c);
            } else {
                let mut upper = c.to_uppercase();
                if let Some(first) = upper.next() {
                    out.push(first);
                }
                // A one-to-many title mapping: `ß` becomes `Ss`.
                out.extend(upper.flat_map(char::to_lowercase));
                mid_word = true;
            }
        } else {
            out.push(c);
            if is_word_break(c) {
                mid_word = false;
            }
        }
        if was_mid && chars.peek().is_some_and(|&n| is_mid(n)) {
            mid_word = false;
        }
    }
    out
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase()
}

/// Word_Break MidLetter and MidNumLet characters.
fn is_mid(c: char) -> bool {
    matches!(
        c,
        '\'' | '.'
            | ':'
            | '·'
            | '\u{387}'
            | '\u{5F4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{FE13}'
            | '\u{FE52}'
            | '\u{FE55}'
            | '\u{FF07}'
            | '\u{FF0E}'
            | '\u{FF1A}'
    )
}

/// Case-ignorable characters that are not mid-word punctuation: modifier
/// symbols and letters, and combining marks.
fn is_case_ignorable(c: char) -> bool {
    matches!(c, '^' | '`' | '¨' | '¯' | '´' | '¸' | '\u{AD}' | '\u{2C2}'..='\u{2FF}'
        | '\u{300}'..='\u{36F}' | '\u{483}'..='\u{489}' | '\u{200B}'..='\u{200F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FF3E}' | '\u{FF40}')
}

/// Whether a character that is not cased ends a word: anything but
/// letters, digits, connectors and case-ignorable characters.
fn is_word_break(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_' || is_mid(c) || is_case_ignorable(c))
}

/// Go's `net.SplitHostPort`; None where it fails.
fn split_host_port(hp: &str) -> Option<(String, String)> {
    let i = hp.rfind(':')?;
    if hp.starts_with('[') {
        let end = hp.find(']')?;
        if end + 1 != i {
            return None;
        }
        let host = &hp[1..end];
        if host.contains(['[', ']']) || hp[end + 1..].contains(['[', ']']) {
            return None;
        }
        return Some((host.to_string(), hp[i + 1..].to_string()));
    }
    let host = &hp[..i];
    if host.contains(':') || host.contains(['[', ']']) || hp[i + 1..].contains(['[', ']']) {
        return None;
    }
    Some((host.to_string(), hp[i + 1..].to_string()))
}

fn is_ip(s: &str) -> bool {
    s.parse::<std::net::IpAddr>().is_ok()
}

fn strip_domain(hp: &str) -> String {
    let (host, port) = match split_host_port(hp) {
        Some((h, p)) => (h, p),
        None => (hp.to_string(), String::new()),
    };
    if is_ip(&host) {
        return hp.to_string();
    }
    let host = host.split('.').next().unwrap_or("").to_string();
    if port.is_empty() {
        host
    } else if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The path of a URL, as Go's `url.URL.Path`.
fn url_path(u: &str) -> &str {
    let rest = match u.find("://") {
        Some(i) => &u[i + 3..],
        None => return u.split(['?', '#']).next().unwrap_or(""),
    };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    match rest.find('/') {
        Some(i) => &rest[i..],
        None => "",
    }
}
