//! Token-level rules of Prometheus' lexer (promql/parser/lex.go): the
//! pre-scan that finds unterminated strings, bad escapes, unbalanced
//! brackets and too deep nesting before pest runs, string unquoting, and
//! number and duration literals.

use super::{syntax_error, MAX_NESTING};
use crate::promql::PromqlError;
use crate::source::Span;
use crate::syntax::duration::{self, DurationError};

/// Checks what Prometheus' lexer checks on its own, and bounds the
/// recursion the parser will need. Returns the first problem.
pub(super) fn prescan(src: &str) -> Result<(), PromqlError> {
    let bytes = src.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut balanced = true;
    let mut pows = 0usize;
    let mut unary_run = 0usize;
    // Whether the last significant byte ends an operand, so that a
    // following `-`/`+` is binary.
    let mut after_operand = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = scan_string(src, i)?;
                after_operand = true;
                unary_run = 0;
                continue;
            }
            b'`' => {
                match src[i + 1..].find('`') {
                    Some(n) => i += n + 2,
                    None => {
                        return Err(syntax_error(
                            Span::new(i, src.len()),
                            "unterminated raw string",
                        ))
                    }
                }
                after_operand = true;
                unary_run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                stack.push((b, i));
                if stack.len() > MAX_NESTING {
                    return Err(too_deep(i));
                }
                after_operand = false;
                unary_run = 0;
            }
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.last() {
                    Some(&(o, _)) if o == open => {
                        stack.pop();
                    }
                    None if balanced => {
                        let msg = match b {
                            b')' => "unexpected right parenthesis ')'",
                            b']' => "unexpected right bracket ']'",
                            _ => "unexpected right brace '}'",
                        };
                        return Err(syntax_error(Span::new(i, i + 1), msg));
                    }
                    // Mixed-up brackets: leave the report to the parser.
                    _ => balanced = false,
                }
                after_operand = true;
                unary_run = 0;
            }
            b'-' | b'+' if !after_operand => {
                unary_run += 1;
                if unary_run > MAX_NESTING {
                    return Err(too_deep(i));
                }
            }
            b'^' => {
                pows += 1;
                if pows > MAX_NESTING {
                    return Err(too_deep(i));
                }
                after_operand = false;
                unary_run = 0;
            }
            _ => {
                after_operand = b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'.';
                unary_run = 0;
                if b >= 0x80 {
                    // Skip the rest of a multi-byte character.
                    i += src[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
            }
        }
        i += 1;
    }
    if balanced {
        if let Some(&(open, at)) = stack.first() {
            let msg = match open {
                b'(' => "unclosed left parenthesis",
                b'[' => "unclosed left bracket",
                _ => "unexpected end of input inside braces",
            };
            return Err(syntax_error(Span::new(at, at + 1), msg));
        }
    }
    Ok(())
}

fn too_deep(at: usize) -> PromqlError {
    let mut e = syntax_error(
        Span::new(at, at + 1),
        format!("expression nests too deeply (more than {MAX_NESTING} levels)"),
    );
    e.help = Some("split the expression, e.g. with a recording rule".into());
    e
}

/// Scans a `"` or `'` string starting at `start`; returns the index after
/// its closing quote. Escapes follow Go (Prometheus' lexEscape).
fn scan_string(src: &str, start: usize) -> Result<usize, PromqlError> {
    let quote = src.as_bytes()[start] as char;
    let mut chars = src[start + 1..]
        .char_indices()
        .map(|(o, c)| (o + start + 1, c));
    let unterminated = || syntax_error(Span::new(start, src.len()), "unterminated quoted string");
    while let Some((pos, c)) = chars.next() {
        match c {
            '\n' => return Err(unterminated()),
            c if c == quote => return Ok(pos + 1),
            '\\' => {
                let Some((epos, e)) = chars.next() else {
                    return Err(syntax_error(
                        Span::new(pos, src.len()),
                        "escape sequence not terminated",
                    ));
                };
                let (n, base, max) = match e {
                    'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => continue,
                    c if c == quote => continue,
                    '0'..='7' => (2, 8, 255),
                    'x' => (2, 16, 255),
                    'u' => (4, 16, 0x10FFFF),
                    'U' => (8, 16, 0x10FFFF),
                    other => {
                        return Err(syntax_error(
                            Span::new(pos, epos + other.len_utf8()),
                            format!("unknown escape sequence {}", go_char(other)),
                        ))
                    }
                };
                let mut value: u32 = if base == 8 { e as u32 - '0' as u32 } else { 0 };
                let mut end = epos + 1;
                for _ in 0..n {
                    let Some((dpos, d)) = chars.next() else {
                        return Err(syntax_error(
                            Span::new(pos, src.len()),
                            "escape sequence not terminated",
                        ));
                    };
                    let Some(v) = d.to_digit(base) else {
                        if d == '\n' {
                            return Err(unterminated());
                        }
                        return Err(syntax_error(
                            Span::new(pos, dpos + d.len_utf8()),
                            format!("illegal character {} in escape sequence", go_char(d)),
                        ));
                    };
                    value = value.saturating_mul(base).saturating_add(v);
                    end = dpos + 1;
                }
                if value > max || (0xD800..0xE000).contains(&value) {
                    return Err(syntax_error(
                        Span::new(pos, end),
                        "escape sequence is an invalid Unicode code point",
                    ));
                }
            }
            _ => {}
        }
    }
    Err(unterminated())
}

/// Go's `%#U` format: `U+0071 'q'`.
fn go_char(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}

/// The value of a string literal token (quotes included), already checked
/// by the pre-scan.
pub(super) fn unquote(tok: &str) -> String {
    let Some(first) = tok.chars().next() else {
        return String::new();
    };
    let inner = tok.get(1..tok.len().saturating_sub(1)).unwrap_or("");
    if first == '`' || !inner.contains('\\') {
        return inner.to_string();
    }
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    let mut buf = [0u8; 4];
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let Some(e) = chars.next() else { break };
        let simple = match e {
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0C),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0B),
            '\\' | '\'' | '"' => Some(e as u8),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let (n, base, byte) = match e {
            '0'..='7' => (2, 8, true),
            'x' => (2, 16, true),
            'u' => (4, 16, false),
            _ => (8, 16, false),
        };
        let mut v: u32 = if base == 8 { e as u32 - '0' as u32 } else { 0 };
        for _ in 0..n {
            let d = chars.next().and_then(|d| d.to_digit(base)).unwrap_or(0);
            v = v.saturating_mul(base).saturating_add(d);
        }
        if byte {
            // \x and octal escapes give raw bytes, as in Go.
            out.push(v as u8);
        } else if let Some(ch) = char::from_u32(v) {
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// A number-like token as the lexer and parser of Prometheus read it.
#[derive(Debug, PartialEq)]
pub(super) enum NumTok {
    Number(f64),
    /// A duration literal, in milliseconds.
    Duration(i64),
}

/// Reads a token matched by the grammar's `number` rule.
pub(super) fn number(tok: &str, span: Span) -> Result<NumTok, PromqlError> {
    if tok.eq_ignore_ascii_case("inf") {
        return Ok(NumTok::Number(f64::INFINITY));
    }
    if tok.eq_ignore_ascii_case("nan") {
        return Ok(NumTok::Number(f64::NAN));
    }
    if let Some(v) = plain_number(tok) {
        return v
            .map(NumTok::Number)
            .map_err(|m| syntax_error(span, format!("error parsing number: {m}")));
    }
    match duration::parse(tok) {
        Ok(ms) => Ok(NumTok::Duration(ms)),
        Err(e) if looks_like_duration(tok) => {
            let msg = match e {
                DurationError::Empty => "empty duration string".to_string(),
                DurationError::Invalid => format!("not a valid duration string: {tok:?}"),
                DurationError::UnknownUnit(u) => {
                    format!("unknown unit {u:?} in duration {tok:?}")
                }
                DurationError::OutOfRange => "duration out of range".to_string(),
            };
            Err(syntax_error(span, msg))
        }
        Err(_) => Err(syntax_error(
            span,
            format!("bad number or duration syntax: {tok:?}"),
        )),
    }
}

/// What Prometheus' lexer would emit as a DURATION token: digits, then a
/// unit from `smhdwy` (optionally followed by `s`), repeated.
fn looks_like_duration(tok: &str) -> bool {
    let b = tok.as_bytes();
    let mut i = 0;
    let mut units = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if i == start || i >= b.len() || !b"smhdwy".contains(&b[i]) {
            return false;
        }
        i += 1;
        if i < b.len() && b[i] == b's' {
            i += 1;
        }
        units += 1;
    }
    units > 0
}

/// Numbers as Prometheus' `scanNumber` plus `strconv.ParseInt(s, 0, 64)`
/// then `strconv.ParseFloat` accept them: decimal, `0x` hex, octal with a
/// leading 0, exponents and `_` digit separators. `None` when the token is
/// not a number at all (maybe a duration), `Some(Err)` for a number that
/// does not parse.
pub(crate) fn plain_number(tok: &str) -> Option<Result<f64, String>> {
    let b = tok.as_bytes();
    if b.len() > 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        let mut digits = &tok[2..];
        if let Some(rest) = digits.strip_prefix('_') {
            digits = rest;
        }
        if !separated(digits, |c| c.is_ascii_hexdigit()) {
            return None;
        }
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        return Some(
            i64::from_str_radix(&clean, 16)
                .map(|v| v as f64)
                .map_err(|_| format!("strconv.ParseFloat: parsing {tok:?}: invalid syntax")),
        );
    }
    // Decimal: digits, at most one dot, at most one exponent.
    let (mantissa, exponent) = match tok.find(['e', 'E']) {
        Some(p) => (&tok[..p], Some(&tok[p + 1..])),
        None => (tok, None),
    };
    let (int_part, frac) = match mantissa.find('.') {
        Some(p) => (&mantissa[..p], Some(&mantissa[p + 1..])),
        None => (mantissa, None),
    };
    let digits_ok = |s: &str, allow_empty: bool| {
        (allow_empty && s.is_empty()) || separated(s, |c| c.is_ascii_digit())
    };
    if !digits_ok(int_part, frac.is_some_and(|f| !f.is_empty()))
        || !frac.is_none_or(|f| digits_ok(f, !int_part.is_empty()))
    {
        return None;
    }
    if let Some(exp) = exponent {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if !separated(exp, |c| c.is_ascii_digit()) {
            return None;
        }
    }
    let clean: std::borrow::Cow<'_, str> = if tok.contains('_') {
        tok.chars().filter(|&c| c != '_').collect::<String>().into()
    } else {
        tok.into()
    };
    if frac.is_none() && exponent.is_none() {
        // ParseInt with base 0: a leading 0 means octal.
        if clean.len() > 1 && clean.starts_with('0') {
            if let Ok(v) = i64::from_str_radix(&clean[1..], 8) {
                return Some(Ok(v as f64));
            }
        } else if let Ok(v) = clean.parse::<i64>() {
            return Some(Ok(v as f64));
        }
    }
    match clean.parse::<f64>() {
        Ok(v) if v.is_infinite() => Some(Err(format!(
            "strconv.ParseFloat: parsing {tok:?}: value out of range"
        ))),
        Ok(v) => Some(Ok(v)),
        Err(_) => Some(Err(format!(
            "strconv.ParseFloat: parsing {tok:?}: invalid syntax"
        ))),
    }
}

/// Non-empty, made of `digit` characters with single `_` between digits.
fn separated(s: &str, digit: impl Fn(char) -> bool) -> bool {
    let mut prev_digit = false;
    for c in s.chars() {
        if c == '_' {
            if !prev_digit {
                return false;
            }
            prev_digit = false;
        } else if digit(c) {
            prev_digit = true;
        } else {
            return false;
        }
    }
    prev_digit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Result<NumTok, String> {
        number(s, Span::new(0, s.len())).map_err(|e| e.message)
    }

    #[test]
    fn numbers() {
        assert_eq!(num("1"), Ok(NumTok::Number(1.0)));
        assert_eq!(num("0x1F"), Ok(NumTok::Number(31.0)));
        assert_eq!(num("0X_1f"), Ok(NumTok::Number(31.0)));
        assert_eq!(num("0755"), Ok(NumTok::Number(493.0)));
        assert_eq!(num("09"), Ok(NumTok::Number(9.0)));
        assert_eq!(num("1_000"), Ok(NumTok::Number(1000.0)));
        assert_eq!(num("1.5e3"), Ok(NumTok::Number(1500.0)));
        assert_eq!(num(".5"), Ok(NumTok::Number(0.5)));
        assert_eq!(num("5."), Ok(NumTok::Number(5.0)));
        assert_eq!(num("1E-2"), Ok(NumTok::Number(0.01)));
        assert!(matches!(num("NaN"), Ok(NumTok::Number(v)) if v.is_nan()));
        assert_eq!(num("iNF"), Ok(NumTok::Number(f64::INFINITY)));
        assert_eq!(num("5m"), Ok(NumTok::Duration(300_000)));
        assert_eq!(num("1h30m"), Ok(NumTok::Duration(5_400_000)));
        assert!(num("1e400").unwrap_err().contains("out of range"));
        assert!(num("1__0").unwrap_err().contains("bad number"));
        assert!(num("1.2.3").unwrap_err().contains("bad number"));
        assert_eq!(
            num("1.5h"),
            Err("unknown unit \".\" in duration \"1.5h\"".into())
        );
        assert_eq!(
            num("30m1h"),
            Err("not a valid duration string: \"30m1h\"".into())
        );
        assert!(num("2and").unwrap_err().contains("bad number"));
    }

    #[test]
    fn strings() {
        assert_eq!(unquote(r#""a\nb""#), "a\nb");
        assert_eq!(unquote(r#""\x41\101\u00e9\U0001F600""#), "AAé😀");
        assert_eq!(unquote(r"`a\nb`"), r"a\nb");
        assert_eq!(unquote(r#"'it\'s'"#), "it's");
    }

    fn scan(s: &str) -> Result<(), String> {
        prescan(s).map_err(|e| e.message)
    }

    #[test]
    fn prescan_errors() {
        assert_eq!(
            scan(r#"foo{a="b\q"}"#),
            Err("unknown escape sequence U+0071 'q'".into())
        );
        assert_eq!(scan("\"abc"), Err("unterminated quoted string".into()));
        assert_eq!(scan("\"a\nb\""), Err("unterminated quoted string".into()));
        assert_eq!(scan("`abc"), Err("unterminated raw string".into()));
        assert_eq!(
            scan(r#""\400""#),
            Err("escape sequence is an invalid Unicode code point".into())
        );
        assert_eq!(
            scan(r#""\uD800""#),
            Err("escape sequence is an invalid Unicode code point".into())
        );
        assert_eq!(
            scan(r#""\xZZ""#),
            Err("illegal character U+005A 'Z' in escape sequence".into())
        );
        assert_eq!(
            scan(r#"'\"'"#),
            Err("unknown escape sequence U+0022 '\"'".into())
        );
        assert_eq!(scan("sum(foo"), Err("unclosed left parenthesis".into()));
        assert_eq!(scan("foo)"), Err("unexpected right parenthesis ')'".into()));
        assert_eq!(scan("foo[5m"), Err("unclosed left bracket".into()));
        assert!(scan("(((1)))").is_ok());
        assert!(scan("\"a#b\" # (").is_ok());
        assert!(scan(&"-".repeat(10_000)).is_err());
    }
}
