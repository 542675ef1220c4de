//! Go's `strconv` float formatting (`FormatFloat` with verbs e, f, g and
//! x), which `fmt` builds on.
//!
//! Digits come from Rust's float formatting, which like Go's is correctly
//! rounded (ties to even on the exact binary value); the layout around
//! them follows Go.

use std::fmt::Write;

/// Decimal digits of |v| without trailing zeros, and the position of the
/// decimal point: v = 0.d1d2d3... × 10^dp. Zero has no digits.
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

impl Digits {
    /// `sig` significant digits, or the shortest that round-trip.
    fn of(v: f64, sig: Option<usize>) -> Digits {
        let v = v.abs();
        if v == 0.0 {
            return Digits {
                d: Vec::new(),
                dp: 0,
            };
        }
        let s = match sig {
            None => format!("{v:e}"),
            Some(n) => format!("{:.*e}", n.max(1) - 1, v),
        };
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mut d: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
        while d.len() > 1 && d.last() == Some(&b'0') {
            d.pop();
        }
        Digits { d, dp: exp + 1 }
    }

    fn nd(&self) -> i32 {
        self.d.len() as i32
    }

    fn digit(&self, i: i32) -> char {
        if i >= 0 && i < self.nd() {
            self.d[i as usize] as char
        } else {
            '0'
        }
    }

    /// `d.ddde±xx` with `prec` digits after the point.
    fn fmt_e(&self, out: &mut String, prec: i32, e: char) {
        out.push(if self.d.is_empty() {
            '0'
        } else {
            self.digit(0)
        });
        if prec > 0 {
            out.push('.');
            for i in 1..=prec {
                out.push(self.digit(i));
            }
        }
        out.push(e);
        let exp = if self.d.is_empty() { 0 } else { self.dp - 1 };
        out.push(if exp < 0 { '-' } else { '+' });
        let _ = write!(out, "{:02}", exp.abs());
    }

    /// `ddd.ddd` with `prec` digits after the point.
    fn fmt_f(&self, out: &mut String, prec: i32) {
        if self.dp > 0 {
            for i in 0..self.dp {
                out.push(self.digit(i));
            }
        } else {
            out.push('0');
        }
        if prec > 0 {
            out.push('.');
            for i in 0..prec {
                out.push(self.digit(self.dp + i));
            }
        }
    }
}

/// Go's `strconv.FormatFloat(v, verb, prec, 64)` for verbs e E f F g G;
/// `prec` None is Go's -1 (shortest).
pub(crate) fn format_float(v: f64, verb: char, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let mut out = String::new();
    if v.is_sign_negative() {
        out.push('-');
    }
    match verb {
        'e' | 'E' => {
            let digs = Digits::of(v, prec.map(|p| p + 1));
            let p = match prec {
                Some(p) => p as i32,
                None => (digs.nd() - 1).max(0),
            };
            digs.fmt_e(&mut out, p, verb);
        }
        'f' | 'F' => match prec {
            Some(p) => {
                let _ = write!(out, "{:.*}", p, v.abs());
            }
            None => {
                let _ = write!(out, "{}", v.abs());
            }
        },
        _ => {
            let shortest = prec.is_none();
            let digs = Digits::of(v, prec.map(|p| p.max(1)));
            let mut p = match prec {
                Some(p) => p.max(1) as i32,
                None => digs.nd(),
            };
            let mut eprec = p;
            if eprec > digs.nd() && digs.nd() >= digs.dp {
                eprec = digs.nd();
            }
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            let e = if verb == 'G' { 'E' } else { 'e' };
            if exp < -4 || exp >= eprec {
                if p > digs.nd() {
                    p = digs.nd();
                }
                digs.fmt_e(&mut out, (p - 1).max(0), e);
            } else {
                if p > digs.dp {
                    p = digs.nd();
                }
                digs.fmt_f(&mut out, (p - digs.dp).max(0));
            }
        }
    }
    out
}

/// Go's `%v` of a float64.
pub(crate) fn float_v(v: f64) -> String {
    format_float(v, 'g', None)
}

/// Go's `%x` of a float: `-0x1.cp+01`, shortest unless a precision
/// gives the number of hex digits after the point.
pub(crate) fn hex_float(v: f64, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = v.is_sign_negative();
    let bits = v.abs().to_bits();
    let mut exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        if mant == 0 {
            exp = 0;
        } else {
            // Subnormal: normalise.
            exp = -1022;
            while mant & (1u64 << 52) == 0 {
                mant <<= 1;
                exp -= 1;
            }
            mant &= (1u64 << 52) - 1;
            exp += 1023;
        }
    }
    let e = if bits == 0 { 0 } else { exp - 1023 };
    let mut lead = u64::from(bits != 0);
    // 52 bits of fraction are 13 hex digits.
    let mut frac = mant;
    let mut digits = 13usize;
    if let Some(p) = prec {
        if p < 13 {
            let shift = 4 * (13 - p) as u32;
            let full = (lead << 52) | frac;
            let rem = full & ((1u64 << shift) - 1);
            let mut kept = full >> shift;
            let half = 1u64 << (shift - 1);
            if rem > half || (rem == half && kept & 1 == 1) {
                kept += 1;
            }
            let full = kept << shift;
            lead = full >> 52;
            frac = full & ((1u64 << 52) - 1);
            digits = p;
        }
    }
    let mut e = e;
    if lead > 1 {
        // Rounding carried into a new leading digit.
        lead = 1;
        e += 1;
    }
    let mut hex = format!("{frac:013x}");
    hex.truncate(digits);
    if prec.is_none() {
        while hex.ends_with('0') {
            hex.pop();
        }
    }
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    s.push_str("0x");
    s.push_str(&lead.to_string());
    if !hex.is_empty() {
        s.push('.');
        s.push_str(&hex);
    }
    if let Some(p) = prec {
        for _ in hex.len()..p {
            s.push('0');
        }
    }
    s.push('p');
    s.push(if e < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", e.abs()));
    s
}
