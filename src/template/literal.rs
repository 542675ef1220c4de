//! Go literal rules for the constants of a template: quoted strings,
//! character constants and numbers, as the Go language specification
//! defines them.

/// Unquotes a Go interpreted string or character literal (quotes included).
/// Octal and `\x` escapes give bytes, so the result may not be UTF-8; it is
/// converted lossily, which only matters for label names nobody writes.
pub(crate) fn unquote(lit: &str) -> Result<String, String> {
    let quote = lit.chars().next().ok_or("invalid syntax")?;
    let inner = lit
        .strip_prefix(quote)
        .and_then(|s| s.strip_suffix(quote))
        .ok_or("invalid syntax")?;
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == quote {
            return Err("invalid syntax".into());
        }
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars.next().ok_or("invalid syntax")?;
        let simple = match e {
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            '\\' => Some(b'\\'),
            '"' | '\'' if e == quote => Some(e as u8),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let mut take = |n: usize, radix: u32| -> Result<u32, String> {
            let mut v = 0u32;
            for _ in 0..n {
                let d = chars
                    .next()
                    .and_then(|c| c.to_digit(radix))
                    .ok_or_else(|| format!("invalid syntax: bad escape in {lit}"))?;
                v = v * radix + d;
            }
            Ok(v)
        };
        match e {
            '0'..='7' => {
                let first = e.to_digit(8).unwrap_or(0);
                let rest = take(2, 8)?;
                let v = first * 64 + rest;
                if v > 255 {
                    return Err(format!(
                        "invalid syntax: octal escape out of range in {lit}"
                    ));
                }
                out.push(v as u8);
            }
            'x' => out.push(take(2, 16)? as u8),
            'u' | 'U' => {
                let v = take(if e == 'u' { 4 } else { 8 }, 16)?;
                let c = char::from_u32(v).ok_or_else(|| {
                    format!("invalid syntax: invalid Unicode code point in {lit}")
                })?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => return Err(format!("invalid syntax: unknown escape sequence \\{e}")),
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Checks a character constant: exactly one character or escape.
pub(crate) fn check_char(lit: &str) -> Result<(), String> {
    let v = unquote(lit)?;
    // A `\xNN` escape above 0x7f is one byte, which the lossy conversion
    // turns into one replacement character: still one character.
    if v.chars().count() == 1 {
        Ok(())
    } else {
        Err(format!("malformed character constant: {lit}"))
    }
}

/// Checks a number constant the way Go's template parser reads it: as an
/// integer (any base, with `_` separators), a float, or an imaginary or
/// complex number.
pub(crate) fn check_number(text: &str) -> Result<(), String> {
    let bad = || format!("illegal number syntax: {text:?}");
    // Complex `1+2i`: a real part and an imaginary part.
    if let Some(body) = text.strip_suffix('i') {
        let split = body
            .char_indices()
            .skip(1)
            .filter(|&(i, c)| {
                (c == '+' || c == '-')
                    && !matches!(body.as_bytes()[i - 1], b'e' | b'E' | b'p' | b'P')
            })
            .map(|(i, _)| i)
            .last();
        let ok = match split {
            Some(i) => real(&body[..i]) && real(&body[i..]),
            None => real(body),
        };
        return if ok { Ok(()) } else { Err(bad()) };
    }
    if real(text) {
        Ok(())
    } else {
        Err(bad())
    }
}

fn real(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    if s.is_empty() {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(d) = lower.strip_prefix("0x") {
        return hex(d);
    }
    if let Some(d) = lower.strip_prefix("0o") {
        return digits_ok(d, 8, true);
    }
    if let Some(d) = lower.strip_prefix("0b") {
        return digits_ok(d, 2, true);
    }
    decimal(&lower)
}

/// Digits of one radix with `_` only between digits (or right after a
/// base prefix).
fn digits_ok(d: &str, radix: u32, after_prefix: bool) -> bool {
    if d.is_empty() {
        return false;
    }
    let b = d.as_bytes();
    let mut prev_digit = after_prefix;
    for &c in b {
        if c == b'_' {
            if !prev_digit {
                return false;
            }
            prev_digit = false;
        } else if (c as char).is_digit(radix) {
            prev_digit = true;
        } else {
            return false;
        }
    }
    prev_digit
}

fn decimal(s: &str) -> bool {
    let (mant, exp) = match s.find('e') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], Some(&mant[i + 1..])),
        None => (mant, None),
    };
    let int_ok = int.is_empty() || digits_ok(int, 10, false);
    let frac_ok = match frac {
        None => true,
        Some(f) => f.is_empty() || digits_ok(f, 10, false),
    };
    if !int_ok || !frac_ok || (int.is_empty() && frac.is_none_or(str::is_empty)) {
        return false;
    }
    if let Some(e) = exp {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if !digits_ok(e, 10, false) {
            return false;
        }
    }
    if frac.is_none() && exp.is_none() {
        // An integer; out of the 64-bit range it is still read as a float.
        return true;
    }
    // Go rejects floats beyond the float64 range.
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().is_ok_and(f64::is_finite)
}

fn hex(d: &str) -> bool {
    let (mant, exp) = match d.find('p') {
        Some(i) => (&d[..i], Some(&d[i + 1..])),
        None => (d, None),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], Some(&mant[i + 1..])),
        None => (mant, None),
    };
    let int_ok = int.is_empty() || digits_ok(int, 16, true);
    let frac_ok = frac.is_none_or(|f| f.is_empty() || digits_ok(f, 16, false));
    if !int_ok || !frac_ok || (int.is_empty() && frac.is_none_or(str::is_empty)) {
        return false;
    }
    match exp {
        // A hex mantissa with a point needs a `p` exponent.
        None => frac.is_none(),
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            digits_ok(e, 10, false)
        }
    }
}

/// The value Go's template execution gives a number constant that
/// [`check_number`] accepted: an `int` unless the text has a fraction or an
/// exponent (hex integers aside), then a `float64`.
pub(crate) fn number_value(text: &str) -> super::ast::Number {
    use super::ast::Number;
    if text.ends_with('i') {
        return Number::Unsupported(text.to_string());
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean).to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let is_hex = lower.starts_with("0x");
    let floaty = if is_hex {
        lower.contains('p') || lower.contains('.')
    } else {
        lower.contains(['.', 'e'])
    };
    if !floaty {
        let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
            (d, 16)
        } else if let Some(d) = lower.strip_prefix("0o") {
            (d, 8)
        } else if let Some(d) = lower.strip_prefix("0b") {
            (d, 2)
        } else if lower.len() > 1 && lower.starts_with('0') {
            (&lower[1..], 8)
        } else {
            (lower.as_str(), 10)
        };
        return match u64::from_str_radix(digits, radix) {
            Ok(u) if !neg && u <= i64::MAX as u64 => Number::Int(u as i64),
            Ok(u) if neg && u <= i64::MAX as u64 + 1 => Number::Int((u as i64).wrapping_neg()),
            _ => Number::Unsupported(text.to_string()),
        };
    }
    let v = if is_hex {
        hex_float(&lower[2..])
    } else {
        lower.parse::<f64>().ok()
    };
    match v {
        Some(v) => Number::Float(if neg { -v } else { v }),
        None => Number::Unsupported(text.to_string()),
    }
}

/// A hexadecimal float mantissa and `p` exponent, without the `0x`.
fn hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find('p') {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
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

/// The code point of a character constant [`check_char`] accepted.
pub(crate) fn char_value(lit: &str) -> i64 {
    unquote(lit)
        .ok()
        .and_then(|s| s.chars().next())
        .map_or(0, |c| c as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for ok in [
            "0",
            "42",
            "-7",
            "+3",
            "1_000",
            "0x1F",
            "0x_1f",
            "0o17",
            "0b1010",
            "017",
            "08",
            "1.5",
            ".5",
            "5.",
            "1e10",
            "1E-3",
            "0x1p-2",
            "0x1.8p3",
            "2i",
            "1+2i",
            "1.5e3-2i",
            "99999999999999999999",
        ] {
            assert!(check_number(ok).is_ok(), "{ok}");
        }
        for bad in [
            "-", "+", "1__0", "_1", "1_", "0x", "0b12", "0x1.8", "1e", "1e400", "1.2.3",
        ] {
            assert!(check_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings() {
        assert_eq!(unquote(r#""a\tb""#).as_deref(), Ok("a\tb"));
        assert_eq!(
            unquote(r#""\x41\101\u00e9\U0001F600""#).as_deref(),
            Ok("AAé😀")
        );
        assert_eq!(unquote(r#""\"""#).as_deref(), Ok("\""));
        assert!(unquote(r#""\q""#).is_err());
        assert!(unquote(r#""\'""#).is_err());
        assert!(unquote(r#""\400""#).is_err());
        assert!(unquote(r#""\ud800""#).is_err());
        assert!(check_char("'a'").is_ok());
        assert!(check_char(r"'\n'").is_ok());
        assert!(check_char("'é'").is_ok());
        assert!(check_char("'ab'").is_err());
        assert!(check_char("''").is_err());
    }
}
