//! The two small notations of promtool test files: label sets written as
//! series (`metric{label="value"}`, Prometheus' `ParseMetric`) and the
//! expanding value notation of `input_series` (`1+2x3 _ stale`, Prometheus'
//! series descriptions).
//!
//! Errors carry spans relative to the text parsed, so callers can map them
//! into the file.

use crate::engine::histogram::{FloatHistogram, Hint, CUSTOM_BUCKETS_SCHEMA};
use crate::source::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotationError {
    pub span: Span,
    pub message: String,
}

impl NotationError {
    fn new(span: Span, message: impl Into<String>) -> Self {
        NotationError {
            span,
            message: message.into(),
        }
    }
}

/// One step of a value sequence.
#[derive(Clone, Debug, PartialEq)]
pub enum SeqValue {
    /// `_` (1) or `_xN` (N): no sample at this many steps. A run is one
    /// item, so that long gaps cost no memory.
    Omitted(u64),
    Value(f64),
    /// A native histogram, `{{schema:0 count:2 buckets:[1 1]}}`.
    Histogram(Box<FloatHistogram>),
}

/// The metric notation read by Prometheus' `ParseMetric`: an optional metric
/// name, then an optional `{name="value", ...}`. Only `=` is allowed, values
/// are PromQL string literals, a trailing comma is fine. Labels with an empty
/// value are dropped; a name written outside the braces wins over a
/// `__name__` inside them. Duplicate names are kept (they never match a
/// result). The empty text is the empty label set. Returns the pairs sorted
/// by name (stable) and the span after the label set.
pub fn parse_metric(text: &str) -> Result<(Vec<(String, String)>, usize), NotationError> {
    let mut p = Cursor { text, pos: 0 };
    p.blanks();
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut name: Option<String> = None;
    if p.peek().is_some_and(is_name_start) {
        let start = p.pos;
        let id = p.identifier(true);
        if matches!(
            id.to_ascii_lowercase().as_str(),
            "offset" | "by" | "without" | "on" | "ignoring" | "bool" | "and" | "or" | "unless"
        ) {
            return Err(NotationError::new(
                Span::new(start, p.pos),
                format!("unexpected <{id}>"),
            ));
        }
        name = Some(id);
        p.blanks();
    }
    if p.peek() == Some('{') {
        p.pos += 1;
        loop {
            p.blanks();
            match p.peek() {
                Some('}') => {
                    p.pos += 1;
                    break;
                }
                Some(c) if is_name_start(c) => {}
                Some('"') | Some('\'') | Some('`') => {
                    // Quoted label names are Prometheus 3.x.
                }
                _ => return Err(p.unexpected("in label set, expected identifier or \"}\"")),
            }
            let quoted = matches!(p.peek(), Some('"' | '\'' | '`'));
            let label = if quoted {
                p.string()?
            } else {
                p.identifier(false)
            };
            p.blanks();
            // A quoted name alone is the metric name (Prometheus 3.x).
            if quoted && matches!(p.peek(), Some(',' | '}')) {
                pairs.push(("__name__".to_string(), label));
                if p.peek() == Some(',') {
                    p.pos += 1;
                }
                continue;
            }
            let rest = &p.text[p.pos..];
            if let Some(op) = ["!=", "=~", "!~"].iter().find(|op| rest.starts_with(**op)) {
                return Err(NotationError::new(
                    Span::new(p.pos, p.pos + 2),
                    format!("unexpected {op:?} in label set, expected \"=\""),
                ));
            }
            if !rest.starts_with('=') {
                return Err(p.unexpected("in label set, expected \"=\""));
            }
            p.pos += 1;
            p.blanks();
            if !matches!(p.peek(), Some('"' | '\'' | '`')) {
                return Err(p.unexpected("in label set, expected string"));
            }
            let value = p.string()?;
            pairs.push((label, value));
            p.blanks();
            match p.peek() {
                Some(',') => p.pos += 1,
                Some('}') => {}
                _ => return Err(p.unexpected("in label set, expected \",\" or \"}\"")),
            }
        }
    } else if name.is_none() && p.peek().is_some() {
        return Err(p.unexpected("expected metric name or \"{\""));
    }
    let end = p.pos;
    if let Some(name) = name {
        pairs.retain(|(n, _)| n != "__name__");
        pairs.push(("__name__".to_string(), name));
    }
    pairs.retain(|(_, v)| !v.is_empty());
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((pairs, end))
}

/// Parses a label set that must stand alone (`exp_samples` labels).
pub fn parse_metric_only(text: &str) -> Result<Vec<(String, String)>, NotationError> {
    let (pairs, end) = parse_metric(text)?;
    let mut p = Cursor { text, pos: end };
    p.blanks();
    if p.pos < text.len() {
        return Err(p.unexpected("after the label set"));
    }
    Ok(pairs)
}

/// Parses a value sequence: items separated by blanks, each `_`, `_xN`,
/// `V`, `VxN` (N+1 times V) or `V+DxN` / `V-DxN` (N+1 values from V in steps
/// of D), where V is a number (`1`, `-2.5e3`, `010`, `Inf`, `NaN`, signed or
/// not) or `stale`.
pub fn parse_values(text: &str) -> Result<Vec<SeqValue>, NotationError> {
    parse_values_up_to(text, usize::MAX)
}

/// Like [`parse_values`], but expands only the first `limit` values (the
/// rest is still checked): a series of `0x100000000` values needs no more
/// than the samples up to the last evaluation time.
pub fn parse_values_up_to(text: &str, limit: usize) -> Result<Vec<SeqValue>, NotationError> {
    let mut out = Vec::new();
    // Steps read so far (a run of omitted steps is one item of `out`).
    let mut steps: u64 = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        // A histogram (`{{...}}`, spaces inside) runs to its closing braces
        // and on to the end of the item (`x3`, `+{{...}}x3`).
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            if bytes[i..].starts_with(b"{{") {
                match bytes[i..].windows(2).position(|w| w == b"}}") {
                    Some(k) => i += k + 2,
                    None => i = bytes.len(),
                }
            } else {
                i += 1;
            }
        }
        if bytes[start..i].starts_with(b"{{") {
            parse_histogram_item(text, start, i, &mut out, &mut steps, limit)?;
        } else {
            parse_item(text, start, i, &mut out, &mut steps, limit)?;
        }
        if out.len() > MAX_VALUES {
            return Err(NotationError::new(
                Span::new(start, i),
                format!("more than {MAX_VALUES} values in one series"),
            ));
        }
    }
    Ok(out)
}

/// How many steps a parsed sequence covers (a run of omitted steps counts
/// its length).
pub fn steps(values: &[SeqValue]) -> u64 {
    values
        .iter()
        .map(|v| match v {
            SeqValue::Omitted(n) => *n,
            _ => 1,
        })
        .fold(0u64, u64::saturating_add)
}

/// A bound on the values kept, so that `1x99999999999` cannot exhaust
/// memory (runs of omitted steps count once).
pub const MAX_VALUES: usize = 10_000_000;

fn parse_item(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<SeqValue>,
    steps: &mut u64,
    limit: usize,
) -> Result<(), NotationError> {
    let item = &text[start..end];
    let room = (limit as u64).saturating_sub(*steps);
    let err = |msg: String| NotationError::new(Span::new(start, end), msg);
    if let Some(rest) = item.strip_prefix('_') {
        if rest.is_empty() {
            if room > 0 {
                out.push(SeqValue::Omitted(1));
                *steps += 1;
            }
            return Ok(());
        }
        let Some(count) = rest.strip_prefix('x') else {
            return Err(err(format!(
                "unexpected {item:?} in series values, expected \"_\" or \"_xN\""
            )));
        };
        let n = repetitions(count).ok_or_else(|| {
            err(format!(
                "invalid repetition in series values: {count:?} is not a whole number"
            ))
        })?;
        let n = n.min(room);
        if n > 0 {
            out.push(SeqValue::Omitted(n));
            *steps += n;
        }
        return Ok(());
    }
    // The first value: optional sign, then a number or `stale`.
    let (first, after) = leading_value(item).map_err(&err)?;
    let rest = &item[after..];
    if rest.is_empty() {
        if room > 0 {
            out.push(SeqValue::Value(first));
            *steps += 1;
        }
        return Ok(());
    }
    let (delta, count) = if let Some(count) = rest.strip_prefix('x') {
        (0.0, count)
    } else if rest.starts_with(['+', '-']) {
        let (delta, used) = signed_number(rest).map_err(&err)?;
        let Some(count) = rest[used..].strip_prefix('x') else {
            return Err(err(format!(
                "unexpected {:?} in series values, expected \"x\" and a repetition count",
                &rest[used..]
            )));
        };
        (delta, count)
    } else {
        return Err(err(format!("bad number syntax in series values: {item:?}")));
    };
    let n = repetitions(count).ok_or_else(|| {
        err(format!(
            "invalid repetition in series values: {count:?} is not a whole number"
        ))
    })?;
    let n = n.saturating_add(1).min(room);
    check_size(out.len(), n, &err)?;
    *steps += n;
    // Prometheus adds the step to a running value (not first + i*delta),
    // so rounding accumulates the same way.
    let mut v = first;
    for _ in 0..n {
        out.push(SeqValue::Value(v));
        v += delta;
    }
    Ok(())
}

/// `H`, `HxN`, `H+IxN` or `H-IxN` for histograms H and I: N+1 histograms,
/// each the previous one plus (minus) I.
fn parse_histogram_item(
    text: &str,
    start: usize,
    end: usize,
    out: &mut Vec<SeqValue>,
    steps: &mut u64,
    limit: usize,
) -> Result<(), NotationError> {
    let item = &text[start..end];
    let err = |msg: String| NotationError::new(Span::new(start, end), msg);
    let close = item.find("}}").map(|k| k + 2).unwrap_or(item.len());
    let base = parse_histogram(&item[..close]).map_err(&err)?;
    let rest = &item[close..];
    let room = (limit as u64).saturating_sub(*steps);
    if rest.is_empty() {
        if room > 0 {
            out.push(SeqValue::Histogram(Box::new(base)));
            *steps += 1;
        }
        return Ok(());
    }
    let (inc, count) = if let Some(count) = rest.strip_prefix('x') {
        (None, count)
    } else if let Some(r) = rest.strip_prefix(['+', '-']) {
        let negate = rest.starts_with('-');
        if !r.starts_with("{{") {
            return Err(err(format!(
                "unexpected {rest:?} in series values, expected a histogram after the sign"
            )));
        }
        let close = r.find("}}").map(|k| k + 2).unwrap_or(r.len());
        let inc = parse_histogram(&r[..close]).map_err(&err)?;
        let Some(count) = r[close..].strip_prefix('x') else {
            return Err(err(format!(
                "unexpected {:?} in series values, expected \"x\" and a repetition count",
                &r[close..]
            )));
        };
        (Some((inc, negate)), count)
    } else {
        return Err(err(format!(
            "unexpected {rest:?} after a histogram in series values"
        )));
    };
    let n = repetitions(count).ok_or_else(|| {
        err(format!(
            "invalid repetition in series values: {count:?} is not a whole number"
        ))
    })?;
    let n = n.saturating_add(1).min(room);
    check_size(out.len(), n, &err)?;
    *steps += n;
    let mut cur = base;
    for k in 0..n {
        if k > 0 {
            if let Some((inc, negate)) = &inc {
                if cur.schema > inc.schema && !cur.uses_custom_buckets() {
                    return Err(err(format!(
                        "error combining histograms: cannot merge from schema {} to {}",
                        inc.schema, cur.schema
                    )));
                }
                cur.add(inc, *negate).map_err(|_| {
                    err("error combining histograms: histograms have incompatible schemas".into())
                })?;
            }
        }
        out.push(SeqValue::Histogram(Box::new(cur.clone())));
    }
    Ok(())
}

/// One `{{key:value ...}}` histogram description.
pub fn parse_histogram(text: &str) -> Result<FloatHistogram, String> {
    let inner = text
        .strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .ok_or_else(|| format!("unclosed histogram description {text:?}"))?;
    let mut h = FloatHistogram::default();
    let mut seen: Vec<&str> = Vec::new();
    let (mut pos, mut neg): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let (mut off, mut noff) = (0i32, 0i32);
    let mut rest = inner.trim_start_matches(' ');
    while !rest.is_empty() {
        let colon = rest
            .find(':')
            .ok_or_else(|| format!("unexpected {rest:?} in histogram description, expected a key, e.g. buckets:[5 10 7]"))?;
        let key = &rest[..colon];
        let after = &rest[colon + 1..];
        let (value, next) = if after.starts_with('[') {
            let close = after
                .find(']')
                .ok_or_else(|| format!("unclosed bucket list in {text:?}"))?;
            (&after[..=close], &after[close + 1..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if seen.contains(&key) {
            return Err(format!("duplicate key \"{key}\" in histogram"));
        }
        seen.push(key);
        let number = |v: &str| -> Result<f64, String> {
            match signed_number(v) {
                Ok((n, used)) if used == v.len() => Ok(n),
                _ => Err(format!(
                    "bad number {v:?} for {key} in histogram description"
                )),
            }
        };
        let int = |v: &str| -> Result<i32, String> {
            v.parse::<i32>()
                .map_err(|_| format!("bad integer {v:?} for {key} in histogram description"))
        };
        let list = |v: &str| -> Result<Vec<f64>, String> {
            let body = v.strip_prefix('[').and_then(|v| v.strip_suffix(']'));
            let body =
                body.ok_or_else(|| format!("expected a bucket list for {key}, e.g. [5 10 7]"))?;
            let vals = body
                .split(' ')
                .filter(|x| !x.is_empty())
                .map(&number)
                .collect::<Result<Vec<_>, _>>()?;
            if vals.is_empty() {
                return Err(format!("empty bucket list for {key}"));
            }
            Ok(vals)
        };
        match key {
            "schema" => h.schema = int(value)?,
            "sum" => h.sum = number(value)?,
            "count" => h.count = number(value)?,
            "z_bucket" => h.zero_count = number(value)?,
            "z_bucket_w" => h.zero_threshold = number(value)?,
            "custom_values" => h.custom_values = list(value)?,
            "buckets" => pos = list(value)?,
            "n_buckets" => neg = list(value)?,
            "offset" => off = int(value)?,
            "n_offset" => noff = int(value)?,
            "counter_reset_hint" => {
                h.hint = match value {
                    "unknown" => Hint::Unknown,
                    "reset" => Hint::Reset,
                    "not_reset" => Hint::NotReset,
                    "gauge" => Hint::Gauge,
                    other => {
                        return Err(format!(
                            "unexpected {other:?} for counter_reset_hint, expected unknown, reset, not_reset or gauge"
                        ))
                    }
                }
            }
            other => {
                return Err(format!(
                    "unexpected key {other:?} in histogram description, expected schema, sum, count, z_bucket, z_bucket_w, custom_values, buckets, offset, n_buckets, n_offset or counter_reset_hint"
                ))
            }
        }
        rest = next.trim_start_matches(' ');
    }
    if h.schema != CUSTOM_BUCKETS_SCHEMA && !(-4..=8).contains(&h.schema) {
        return Err(format!("histogram has an invalid schema {}", h.schema));
    }
    for (map, start, vals, key) in [
        (&mut h.positive, off, pos, "buckets"),
        (&mut h.negative, noff, neg, "n_buckets"),
    ] {
        for (i, v) in vals.into_iter().enumerate() {
            let index = i32::try_from(i)
                .ok()
                .and_then(|i| start.checked_add(i))
                .ok_or_else(|| {
                    format!(
                        "the {key} of the histogram reach past bucket index {}",
                        i32::MAX
                    )
                })?;
            map.insert(index, v);
        }
    }
    Ok(h)
}

fn check_size(
    have: usize,
    more: u64,
    err: &impl Fn(String) -> NotationError,
) -> Result<(), NotationError> {
    if (have as u64).saturating_add(more) > MAX_VALUES as u64 {
        return Err(err(format!("more than {MAX_VALUES} values in one series")));
    }
    Ok(())
}

fn repetitions(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `stale`, or a possibly signed number, at the start of an item; returns
/// the value and the bytes used.
fn leading_value(item: &str) -> Result<(f64, usize), String> {
    let word_end = item
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(item.len());
    if &item[..word_end] == "stale" {
        return Ok((crate::engine::stale_nan(), 5));
    }
    signed_number(item)
}

/// A number with an optional sign: digits (with `.`, exponent, `_`), or
/// `Inf`/`NaN` in any case. It ends before an `x` (repetition) or a sign
/// that is not part of an exponent.
fn signed_number(s: &str) -> Result<(f64, usize), String> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'+') => {
            i = 1;
            false
        }
        Some(b'-') => {
            i = 1;
            true
        }
        _ => false,
    };
    let start = i;
    let value = if bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
        // Like Prometheus' lexer, a word runs over every letter and digit:
        // `Infx2` is one (unknown) word.
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        let word = &s[start..i];
        if word.eq_ignore_ascii_case("inf") {
            f64::INFINITY
        } else if word.eq_ignore_ascii_case("nan") {
            f64::NAN
        } else {
            return Err(format!(
                "unexpected {word:?} in series values, expected number or \"stale\""
            ));
        }
    } else {
        while i < bytes.len() {
            let b = bytes[i];
            let exponent_sign =
                (b == b'+' || b == b'-') && i > start && matches!(bytes[i - 1], b'e' | b'E');
            if b.is_ascii_digit()
                || b == b'.'
                || b == b'_'
                || b == b'e'
                || b == b'E'
                || exponent_sign
            {
                i += 1;
            } else {
                break;
            }
        }
        let tok = &s[start..i];
        if tok.is_empty() {
            return Err(format!(
                "unexpected {:?} in series values, expected number or \"stale\"",
                s
            ));
        }
        // A number must be followed by a repetition, a sign or the end.
        if i < bytes.len() && !matches!(bytes[i], b'x' | b'+' | b'-') {
            let next = s[i..].chars().next().map_or(0, char::len_utf8);
            return Err(format!("bad number syntax: {:?}", &s[start..i + next]));
        }
        match crate::promql::parser::number_token(tok) {
            Some(Ok(v)) => v,
            Some(Err(m)) => return Err(format!("error parsing number: {m}")),
            None => return Err(format!("bad number syntax: {tok:?}")),
        }
    };
    Ok((if negative { -value } else { value }, i))
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn blanks(&mut self) {
        while self
            .peek()
            .is_some_and(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
            self.pos += 1;
        }
    }

    fn identifier(&mut self, colons: bool) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || (colons && c == ':'))
        {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    /// A PromQL string literal, unescaped by the PromQL parser itself.
    fn string(&mut self) -> Result<String, NotationError> {
        let start = self.pos;
        let quote = self.peek().unwrap_or('"');
        let mut chars = self.text[start + 1..].char_indices();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\\' && quote != '`' {
                chars.next();
            } else if c == quote {
                end = Some(start + 1 + i + 1);
                break;
            } else if c == '\n' && quote != '`' {
                break;
            }
        }
        let Some(end) = end else {
            return Err(NotationError::new(
                Span::new(start, self.text.len()),
                "unterminated quoted string",
            ));
        };
        self.pos = end;
        let tok = &self.text[start..end];
        match crate::promql::parse(tok) {
            Ok(expr) => match expr.kind {
                crate::promql::ExprKind::String(s) => Ok(s.value),
                _ => Err(NotationError::new(
                    Span::new(start, end),
                    "expected a string",
                )),
            },
            Err(errors) => {
                let e = &errors[0];
                Err(NotationError::new(e.span.shift(start), e.message.clone()))
            }
        }
    }

    fn unexpected(&self, what: &str) -> NotationError {
        match self.peek() {
            None => NotationError::new(
                Span::new(self.pos, self.pos),
                format!("unexpected end of input {what}"),
            ),
            Some(c) => NotationError::new(
                Span::new(self.pos, self.pos + c.len_utf8()),
                format!("unexpected {c:?} {what}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SeqValue::*;

    fn vals(s: &str) -> Vec<SeqValue> {
        parse_values(s).unwrap()
    }

    fn floats(s: &str) -> Vec<f64> {
        vals(s)
            .into_iter()
            .map(|v| match v {
                Value(f) => f,
                Omitted(_) => -999.0,
                Histogram(_) => -1000.0,
            })
            .collect()
    }

    #[test]
    fn expanding_notation() {
        assert_eq!(floats("1+2x3"), vec![1.0, 3.0, 5.0, 7.0]);
        assert_eq!(floats("10-1x2"), vec![10.0, 9.0, 8.0]);
        assert_eq!(floats("5x2"), vec![5.0, 5.0, 5.0]);
        assert_eq!(floats("-2x1"), vec![-2.0, -2.0]);
        assert_eq!(floats("1e1+1e0x1"), vec![10.0, 11.0]);
        assert_eq!(floats("1 2  3\t4"), vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(floats("-1-1x2"), vec![-1.0, -2.0, -3.0]);
        assert_eq!(floats(""), Vec::<f64>::new());
    }

    #[test]
    fn omitted_values() {
        assert_eq!(vals("_"), vec![Omitted(1)]);
        // `_xN` is N omitted steps, not N+1, kept as one run.
        assert_eq!(vals("_x3"), vec![Omitted(3)]);
        assert_eq!(vals("1 _x2 2"), vec![Value(1.0), Omitted(2), Value(2.0)]);
        assert_eq!(vals("_x0"), vec![]);
        // Gaps cost no memory: only values count against the bound.
        let long = format!("1 _x{} 2", MAX_VALUES * 4);
        assert_eq!(vals(&long).len(), 3);
        // Runs are cut at the limit like values.
        assert_eq!(
            parse_values_up_to("1 _x5 2", 4).unwrap(),
            vec![Value(1.0), Omitted(3)]
        );
    }

    #[test]
    fn number_forms() {
        assert_eq!(
            floats("010 08 1e3 .5 1. +2 1_000"),
            vec![8.0, 8.0, 1000.0, 0.5, 1.0, 2.0, 1000.0]
        );
        let v = floats("Inf -inf +INF NaN nan");
        assert_eq!(v[0], f64::INFINITY);
        assert_eq!(v[1], f64::NEG_INFINITY);
        assert_eq!(v[2], f64::INFINITY);
        assert!(v[3].is_nan() && v[4].is_nan());
        // In series values `0x3` is 0 repeated, never hex.
        assert_eq!(floats("0x3"), vec![0.0; 4]);
        assert_eq!(floats("stale+1x1").len(), 2);
    }

    fn hists(s: &str) -> Vec<String> {
        vals(s)
            .into_iter()
            .map(|v| match v {
                Histogram(h) => h.test_expression(),
                Value(f) => f.to_string(),
                Omitted(_) => "_".into(),
            })
            .collect()
    }

    #[test]
    fn histogram_notation() {
        assert_eq!(
            hists("{{schema:1 sum:-0.3 count:32.1 z_bucket:7.1 z_bucket_w:0.05 buckets:[5.1 10 7] offset:-3 n_buckets:[4.1 5] n_offset:-5 counter_reset_hint:gauge}}"),
            ["{{schema:1 count:32.1 sum:-0.3 z_bucket:7.1 z_bucket_w:0.05 counter_reset_hint:gauge offset:-3 buckets:[5.1 10 7] n_offset:-5 n_buckets:[4.1 5]}}"]
        );
        assert_eq!(
            hists("{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[0 1]}} _ 3"),
            [
                "{{schema:-53 count:1 sum:1 custom_values:[5 10] offset:1 buckets:[1]}}",
                "_",
                "3"
            ]
        );
        assert_eq!(hists("{{}}"), ["{{}}"]);
        assert_eq!(hists("{{count:1 buckets:[1]}}x2").len(), 3);
        assert_eq!(
            hists("{{count:1 sum:2 buckets:[1]}}+{{count:2 sum:1 buckets:[1 1]}}x2"),
            [
                "{{count:1 sum:2 buckets:[1]}}",
                "{{count:3 sum:3 buckets:[2 1]}}",
                "{{count:5 sum:4 buckets:[3 2]}}"
            ]
        );
        assert_eq!(
            hists("{{count:5 buckets:[5]}}-{{count:1 buckets:[1]}}x1 stale"),
            ["{{count:5 buckets:[5]}}", "{{count:4 buckets:[4]}}", "NaN"]
        );
        for bad in [
            "{{count:1 count:2}}",
            "{{schema:9}}",
            "{{foo:1}}",
            "{{buckets:[]}}",
            "{{counter_reset_hint:maybe}}",
            "{{count:1}}y2",
            "{{schema:1}}+{{schema:0}}x1",
            "{{count:1",
            "{{buckets:[1 2] offset:2147483647}}",
            "{{n_buckets:[1 2 3] n_offset:2147483646}}",
        ] {
            assert!(parse_values(bad).is_err(), "{bad}");
        }
        // The last index an int32 holds is fine.
        assert_eq!(
            hists("{{buckets:[1] offset:2147483647}}"),
            ["{{offset:2147483647 buckets:[1]}}"]
        );
    }

    #[test]
    fn extreme_bucket_indices_compute_without_overflow() {
        // The lowest index reaches the lowest exponent; nothing overflows
        // in bounds, rates or schema reduction.
        let mut h =
            parse_histogram("{{schema:8 offset:-2147483648 buckets:[1 2] count:3}}").unwrap();
        let top = parse_histogram("{{schema:0 offset:2147483647 buckets:[1] count:1}}").unwrap();
        assert_eq!(h.all_buckets().len(), 2);
        assert_eq!(top.all_buckets()[0].upper, f64::INFINITY);
        h.reduce_resolution(-4);
        assert_eq!(h.schema, -4);
        assert_eq!(h.positive.values().sum::<f64>(), 3.0);
    }

    #[test]
    fn stale_markers() {
        let v = vals("1 stale 2");
        match &v[1] {
            Value(f) => assert!(crate::engine::is_stale(*f)),
            _ => panic!("stale is a value"),
        }
        // A word runs over letters and digits, as in Prometheus' lexer.
        assert!(parse_values("stalex1").is_err());
        assert!(parse_values("Infx1").is_err());
    }

    #[test]
    fn bad_values() {
        for bad in [
            "0x1f", "1x", "x3", "1+2", "abc", "1a", "_y2", "_x-1", "1x2.5", "1e", "infinity",
            "1..2", "1+-1x1", "1+Infx1",
        ] {
            assert!(parse_values(bad).is_err(), "{bad} should be rejected");
        }
        let e = parse_values("1 2 zz 3").unwrap_err();
        assert_eq!(e.span, Span::new(4, 6));
        assert!(parse_values("1x99999999999").is_err());
    }

    #[test]
    fn metrics() {
        let m = |s: &str| parse_metric_only(s).unwrap();
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(m(""), vec![]);
        assert_eq!(m("{}"), vec![]);
        assert_eq!(m("up"), vec![p("__name__", "up")]);
        assert_eq!(
            m(r#"up{job="a", instance='b',}"#),
            vec![p("__name__", "up"), p("instance", "b"), p("job", "a")]
        );
        assert_eq!(m(r#"x{__name__="y"}"#), vec![p("__name__", "x")]);
        assert_eq!(m(r#"{__name__="y", c=""}"#), vec![p("__name__", "y")]);
        assert_eq!(m(r#"x{a="1",a="2"}"#).len(), 3);
        assert_eq!(m(r#"{a="\n"}"#), vec![p("a", "\n")]);
        assert_eq!(m("a:b:c"), vec![p("__name__", "a:b:c")]);
        assert_eq!(m(r#"{"a.b"="c"}"#), vec![p("a.b", "c")]);
        assert_eq!(
            m(r#"{"my.metric", "a.b"="c"}"#),
            vec![p("__name__", "my.metric"), p("a.b", "c")]
        );
    }

    #[test]
    fn bad_metrics() {
        for bad in [
            r#"x{a!="1"}"#,
            r#"x{a=~"1"}"#,
            r#"x{a="b"} 1"#,
            "x offset 1m",
            r#"x{a="b""#,
            "x{a=b}",
            "1",
            r#"x{a="b"}{}"#,
        ] {
            assert!(parse_metric_only(bad).is_err(), "{bad} should be rejected");
        }
        let (pairs, end) = parse_metric(r#"x{a="b"} 1 2"#).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(end, 8);
    }
}
