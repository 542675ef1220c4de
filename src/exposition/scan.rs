//! Byte-level reading of one line: names, quoted strings and numbers.
//!
//! Every position the cursor stops at is either the line end or just
//! before/after an ASCII byte, so spans built from cursor positions always
//! fall on character boundaries.

use crate::source::Span;

use super::ExpositionError;

pub(super) struct Cursor<'a> {
    pub text: &'a str,
    pub pos: usize,
    /// End of the line, `\n` and a preceding `\r` excluded.
    pub end: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        Cursor {
            text,
            pos: start,
            end,
        }
    }

    pub fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.text.as_bytes()[self.pos])
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    pub fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn eat_str(&mut self, s: &str) -> bool {
        if self.text.as_bytes()[self.pos..self.end].starts_with(s.as_bytes()) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Skips blanks and tabs; returns how many.
    pub fn skip_blanks(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Advances while `f` holds for the byte; returns the span passed.
    pub fn take_while(&mut self, f: impl Fn(u8) -> bool) -> Span {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        Span::new(start, self.pos)
    }

    /// The span of the character at the cursor (empty at the line end).
    pub fn char_span(&self) -> Span {
        let len = self.text[self.pos..self.end]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len)
    }

    pub fn rest(&self) -> Span {
        Span::new(self.pos, self.end)
    }

    pub fn slice(&self, span: Span) -> &'a str {
        &self.text[span.range()]
    }
}

pub(super) fn is_metric_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b':'
}

pub(super) fn is_label_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Which escapes a quoted string or HELP text accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Escapes {
    /// 0.0.4: `\\`, `\"`, `\n`; anything else is an error.
    Strict,
    /// OpenMetrics: the same three, and any other escape stands for
    /// itself (backslash kept), as the ABNF's `BS normal-char` allows.
    Lenient,
}

/// Reads a double-quoted string; the cursor is on the opening quote and
/// ends after the closing one. Returns the unescaped value and the span
/// including the quotes.
pub(super) fn read_quoted(
    c: &mut Cursor,
    escapes: Escapes,
) -> Result<(String, Span), ExpositionError> {
    let open = c.pos;
    c.pos += 1;
    let mut out = String::new();
    let mut run = c.pos;
    let bytes = c.text.as_bytes();
    while c.pos < c.end {
        match bytes[c.pos] {
            b'"' => {
                out.push_str(&c.text[run..c.pos]);
                c.pos += 1;
                return Ok((out, Span::new(open, c.pos)));
            }
            b'\\' => {
                out.push_str(&c.text[run..c.pos]);
                let at = c.pos;
                c.pos += 1;
                let esc = c.char_span();
                match c.peek() {
                    Some(b'\\') => out.push('\\'),
                    Some(b'"') => out.push('"'),
                    Some(b'n') => out.push('\n'),
                    None => {
                        return Err(unterminated(open, c.end));
                    }
                    Some(_) if escapes == Escapes::Lenient => {
                        out.push('\\');
                        out.push_str(c.slice(esc));
                    }
                    Some(_) => {
                        return Err(ExpositionError {
                            span: Span::new(at, esc.end),
                            message: format!(
                                "invalid escape sequence `{}`: only `\\\\`, `\\\"` and `\\n` are allowed",
                                &c.text[at..esc.end]
                            ),
                        });
                    }
                }
                c.pos = esc.end;
                run = c.pos;
            }
            _ => c.pos += 1,
        }
    }
    Err(unterminated(open, c.end))
}

fn unterminated(open: usize, end: usize) -> ExpositionError {
    ExpositionError {
        span: Span::new(open, end),
        message:
            "unterminated quoted string: the closing `\"` is missing before the end of the line"
                .into(),
    }
}

/// Unescapes HELP text (`\\`, `\n`, and `\"` which OpenMetrics and newer
/// Prometheus versions accept).
pub(super) fn unescape_help(
    text: &str,
    start: usize,
    escapes: Escapes,
) -> Result<String, ExpositionError> {
    if !text.contains('\\') {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((i, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, '"')) => out.push('"'),
            Some((_, other)) if escapes == Escapes::Lenient => {
                out.push('\\');
                out.push(other);
            }
            Some((j, other)) => {
                return Err(ExpositionError {
                    span: Span::new(start + i, start + j + other.len_utf8()),
                    message: format!(
                        "invalid escape sequence `\\{other}` in HELP: only `\\\\` and `\\n` are allowed"
                    ),
                })
            }
            None => {
                return Err(ExpositionError {
                    span: Span::new(start + i, start + i + 1),
                    message: "HELP text ends in a lone backslash".into(),
                })
            }
        }
    }
    Ok(out)
}

/// Parses a float the way Prometheus does: Go's `strconv.ParseFloat`
/// without hex floats and underscores. That is `[+-]` digits with an
/// optional fraction and exponent, `[+-]Inf`/`Infinity` and `NaN` in any
/// case (no sign on NaN). Values beyond the float range are errors, as in
/// Go.
pub(super) fn parse_float(s: &str) -> Option<f64> {
    let (neg, unsigned) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if unsigned.eq_ignore_ascii_case("inf") || unsigned.eq_ignore_ascii_case("infinity") {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if s.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    if !is_decimal(unsigned) {
        return None;
    }
    let v: f64 = s.parse().ok()?;
    v.is_finite().then_some(v)
}

/// `digits [. digits] [e [+-] digits]` with at least one mantissa digit.
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = count_digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// A 0.0.4 timestamp: an optionally signed decimal int64 of milliseconds.
pub(super) fn parse_int_timestamp(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_forms() {
        for (s, v) in [
            ("1", 1.0),
            ("-1.5", -1.5),
            ("+.5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("1E-3", 0.001),
            ("0042", 42.0),
        ] {
            assert_eq!(parse_float(s), Some(v), "{s}");
        }
        for s in ["Inf", "+Inf", "inf", "+infinity", "INF"] {
            assert_eq!(parse_float(s), Some(f64::INFINITY), "{s}");
        }
        assert_eq!(parse_float("-Inf"), Some(f64::NEG_INFINITY));
        assert!(parse_float("NaN").is_some_and(f64::is_nan));
        assert!(parse_float("nan").is_some_and(f64::is_nan));
        for s in [
            "", "+", ".", "e5", "1e", "1e+", "0x10", "0x1p3", "1_000", "+NaN", "infin", "1e400",
            "1.2.3", " 1",
        ] {
            assert_eq!(parse_float(s), None, "{s:?}");
        }
    }

    #[test]
    fn int_timestamps() {
        assert_eq!(parse_int_timestamp("123"), Some(123));
        assert_eq!(parse_int_timestamp("-5"), Some(-5));
        assert_eq!(parse_int_timestamp("1.5"), None);
        assert_eq!(parse_int_timestamp("99999999999999999999"), None);
        assert_eq!(parse_int_timestamp("-"), None);
    }
}
