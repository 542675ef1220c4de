//! Go's `fmt` printing as templates use it (`print`, `printf`, `println`
//! and the printing of action values).

use super::gofloat::{format_float, hex_float};
use super::value::Value;
use std::fmt::Write;

/// Flags, width and precision of one verb.
#[derive(Clone, Copy, Debug, Default)]
struct Spec {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    /// `%#v`: Go syntax.
    sharp_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

struct Printer {
    buf: String,
}

impl Printer {
    fn pad(&mut self, s: &str, f: &Spec) {
        let n = s.chars().count();
        let Some(w) = f.wid.filter(|&w| w > n) else {
            self.buf.push_str(s);
            return;
        };
        let fill = if f.zero && !f.minus { '0' } else { ' ' };
        if f.minus {
            self.buf.push_str(s);
            self.buf.extend(std::iter::repeat_n(' ', w - n));
        } else {
            self.buf.extend(std::iter::repeat_n(fill, w - n));
            self.buf.push_str(s);
        }
    }

    fn fmt_float(&mut self, v: f64, verb: char, default_prec: Option<usize>, f: &Spec) {
        let prec = f.prec.or(default_prec);
        let verb = if verb == 'v' { 'g' } else { verb };
        let mut num = format_float(v, verb, prec);
        if f.sharp && verb != 'b' {
            num = sharp_float(&num, verb, prec);
        }
        let mut num = if num.starts_with(['-', '+']) {
            num
        } else {
            format!("+{num}")
        };
        if f.space && num.starts_with('+') && !f.plus {
            num.replace_range(0..1, " ");
        }
        let body = &num[1..];
        if body.starts_with('I') || body.starts_with('N') {
            let mut g = *f;
            g.zero = false;
            let s = if body.starts_with('N') && !f.space && !f.plus {
                body.to_string()
            } else {
                num.clone()
            };
            self.pad(&s, &g);
            return;
        }
        if f.plus || !num.starts_with('+') {
            if f.zero && !f.minus && f.wid.is_some_and(|w| w > num.len()) {
                let w = f.wid.unwrap_or(0);
                self.buf.push_str(&num[..1]);
                self.buf.extend(std::iter::repeat_n('0', w - num.len()));
                self.buf.push_str(&num[1..]);
                return;
            }
            self.pad(&num, f);
            return;
        }
        self.pad(&num[1..], f);
    }

    fn fmt_integer(&mut self, v: i128, base: u32, verb: char, f: &Spec) {
        let neg = v < 0;
        let mut u = v.unsigned_abs();
        let mut digits = String::new();
        if u == 0 {
            digits.push('0');
        }
        let upper = verb == 'X';
        while u > 0 {
            let d = (u % base as u128) as u32;
            let c = std::char::from_digit(d, base).unwrap_or('0');
            digits.insert(0, if upper { c.to_ascii_uppercase() } else { c });
            u /= base as u128;
        }
        // Precision is a minimum digit count; zero padding fills the width.
        let mut prec = f.prec.unwrap_or(0);
        let mut f2 = *f;
        if f.prec.is_some() {
            if f.prec == Some(0) && v == 0 {
                f2.zero = false;
                self.pad("", &f2);
                return;
            }
            f2.zero = false;
        } else if f.zero && !f.minus {
            if let Some(w) = f.wid {
                prec = w;
                if neg || f.plus || f.space {
                    prec = prec.saturating_sub(1);
                }
            }
        }
        let mut s = String::new();
        while digits.len() < prec {
            digits.insert(0, '0');
        }
        if f.sharp {
            match base {
                2 => s.push_str("0b"),
                8 if !digits.starts_with('0') => s.push('0'),
                16 => s.push_str(if upper { "0X" } else { "0x" }),
                _ => {}
            }
        }
        if verb == 'O' {
            s.insert_str(0, "0o");
        }
        s.push_str(&digits);
        if neg {
            s.insert(0, '-');
        } else if f.plus {
            s.insert(0, '+');
        } else if f.space {
            s.insert(0, ' ');
        }
        f2.zero = false;
        self.pad(&s, &f2);
    }

    fn fmt_int(&mut self, v: i128, verb: char, type_name: &str, val: &Value, f: &Spec) {
        match verb {
            'v' | 'd' => self.fmt_integer(v, 10, verb, f),
            'b' => self.fmt_integer(v, 2, verb, f),
            'o' | 'O' => self.fmt_integer(v, 8, verb, f),
            'x' | 'X' => self.fmt_integer(v, 16, verb, f),
            'c' => {
                let c = char::from_u32(v as u32).unwrap_or('\u{FFFD}');
                self.pad(&c.to_string(), f);
            }
            'q' => {
                let c = char::from_u32(v as u32).unwrap_or('\u{FFFD}');
                self.pad(&quote_rune(c), f);
            }
            'U' => {
                let mut s = format!("U+{:04X}", v);
                if f.sharp {
                    if let Some(c) = char::from_u32(v as u32) {
                        let _ = write!(s, " '{c}'");
                    }
                }
                self.pad(&s, f);
            }
            _ => self.bad_verb(verb, type_name, val, f),
        }
    }

    fn fmt_string(&mut self, s: &str, verb: char, type_name: &str, val: &Value, f: &Spec) {
        match verb {
            'v' | 's' => {
                let s = truncate(s, f.prec);
                self.pad(s, f);
            }
            'q' => {
                let s = truncate(s, f.prec);
                let q = if f.sharp && can_backquote(s) {
                    format!("`{s}`")
                } else {
                    go_quote(s, f.plus)
                };
                self.pad(&q, f);
            }
            'x' | 'X' => {
                let bytes = s.as_bytes();
                let bytes = match f.prec {
                    Some(p) if p < bytes.len() => &bytes[..p],
                    _ => bytes,
                };
                let mut out = String::new();
                for (i, b) in bytes.iter().enumerate() {
                    if f.space && i > 0 {
                        out.push(' ');
                    }
                    if f.sharp && (f.space || i == 0) {
                        out.push_str(if verb == 'x' { "0x" } else { "0X" });
                    }
                    if verb == 'x' {
                        let _ = write!(out, "{b:02x}");
                    } else {
                        let _ = write!(out, "{b:02X}");
                    }
                }
                self.pad(&out, f);
            }
            _ => self.bad_verb(verb, type_name, val, f),
        }
    }

    fn bad_verb(&mut self, verb: char, type_name: &str, val: &Value, f: &Spec) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        if matches!(val, Value::Nil) {
            self.buf.push_str("<nil>");
        } else {
            self.buf.push_str(type_name);
            self.buf.push('=');
            self.print_arg(val, 'v', f, 0);
        }
        self.buf.push(')');
    }

    /// One operand with one verb; `depth` > 0 inside maps and slices.
    fn print_arg(&mut self, val: &Value, verb: char, f: &Spec, depth: usize) {
        if verb == 'T' {
            self.fmt_string(val.type_name(), 's', "string", val, f);
            return;
        }
        let tn = val.type_name();
        if f.sharp_v {
            self.go_syntax(val, f);
            return;
        }
        match val {
            Value::Nil => match verb {
                'v' => self.pad("<nil>", f),
                _ => self.bad_verb(verb, tn, val, f),
            },
            Value::Bool(b) => match verb {
                't' | 'v' => self.pad(if *b { "true" } else { "false" }, f),
                _ => self.bad_verb(verb, tn, val, f),
            },
            Value::Int(i) => self.fmt_int(i128::from(*i), verb, tn, val, f),
            Value::Byte(b) => self.fmt_int(i128::from(*b), verb, tn, val, f),
            Value::Float(x) => match verb {
                'v' | 'g' | 'G' => self.fmt_float(*x, verb, None, f),
                'x' | 'X' => {
                    let mut s = hex_float(*x, f.prec);
                    if verb == 'X' {
                        s = s.to_ascii_uppercase();
                    }
                    if !s.starts_with('-') && (f.plus || f.space) {
                        s.insert(0, if f.plus { '+' } else { ' ' });
                    }
                    self.pad(&s, f);
                }
                'e' | 'E' | 'f' | 'F' => self.fmt_float(*x, verb, Some(6), f),
                _ => self.bad_verb(verb, tn, val, f),
            },
            Value::Str(s) | Value::Html(s) => self.fmt_string(s, verb, tn, val, f),
            Value::Duration(d) => match verb {
                'v' | 's' | 'q' | 'x' | 'X' => {
                    let s = duration_string(*d);
                    self.fmt_string(&s, verb, tn, val, f)
                }
                _ => self.fmt_int(i128::from(*d), verb, tn, val, f),
            },
            Value::Time(ns) => match verb {
                'v' | 's' | 'q' | 'x' | 'X' => {
                    let s = super::gotime::time_string(*ns);
                    self.fmt_string(&s, verb, tn, val, f)
                }
                // Go prints the struct behind the pointer: the wall clock
                // nanoseconds, the seconds since year 1, and a nil location.
                _ => {
                    let secs = ns.div_euclid(1_000_000_000);
                    let nanos = ns.rem_euclid(1_000_000_000);
                    self.buf.push_str("&{");
                    self.fmt_int(i128::from(nanos), verb, "uint64", val, f);
                    self.buf.push(' ');
                    self.fmt_int(i128::from(secs) + 62_135_596_800, verb, "int64", val, f);
                    self.buf.push(' ');
                    self.fmt_int(0, verb, "*time.Location", val, f);
                    self.buf.push('}');
                }
            },
            Value::StrMap(m) => {
                self.buf.push_str("map[");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_arg(&Value::str(k), verb, f, depth + 1);
                    self.buf.push(':');
                    self.print_arg(&Value::str(v), verb, f, depth + 1);
                }
                self.buf.push(']');
            }
            Value::AnyMap(m) => {
                self.buf.push_str("map[");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_arg(&Value::str(k), verb, f, depth + 1);
                    self.buf.push(':');
                    self.print_arg(v, verb, f, depth + 1);
                }
                self.buf.push(']');
            }
            Value::Samples(v) => {
                self.buf.push('[');
                for (i, s) in v.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_arg(&Value::Sample(s.clone()), verb, f, depth + 1);
                }
                self.buf.push(']');
            }
            Value::Sample(s) => {
                if depth > 0 {
                    // Go prints the pointer's address here, which differs
                    // from run to run.
                    self.buf.push_str("0xc000000000");
                    return;
                }
                self.buf.push_str("&{");
                self.print_arg(&Value::StrMap(s.labels.clone()), verb, f, depth + 1);
                self.buf.push(' ');
                self.print_arg(&Value::Float(s.value), verb, f, depth + 1);
                self.buf.push('}');
            }
            Value::Data(d) => {
                self.buf.push('{');
                self.print_arg(&Value::StrMap(d.labels.clone()), verb, f, depth + 1);
                self.buf.push(' ');
                self.print_arg(
                    &Value::StrMap(d.external_labels.clone()),
                    verb,
                    f,
                    depth + 1,
                );
                self.buf.push(' ');
                self.print_arg(&Value::Str(d.external_url.clone()), verb, f, depth + 1);
                self.buf.push(' ');
                self.print_arg(&Value::Float(d.value), verb, f, depth + 1);
                self.buf.push('}');
            }
        }
    }
}

impl Printer {
    /// `%#v`: values as Go source would write them.
    fn go_syntax(&mut self, val: &Value, f: &Spec) {
        let plain = Spec {
            sharp_v: false,
            ..*f
        };
        match val {
            Value::Nil => self.pad("<nil>", f),
            Value::Str(s) | Value::Html(s) => self.pad(&go_quote(s, false), f),
            Value::StrMap(m) => {
                self.buf.push_str("map[string]string{");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(", ");
                    }
                    self.buf.push_str(&go_quote(k, false));
                    self.buf.push(':');
                    self.buf.push_str(&go_quote(v, false));
                }
                self.buf.push('}');
            }
            Value::AnyMap(m) => {
                self.buf.push_str("map[string]interface {}{");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(", ");
                    }
                    self.buf.push_str(&go_quote(k, false));
                    self.buf.push(':');
                    self.go_syntax(v, &Spec::default());
                }
                self.buf.push('}');
            }
            other => self.print_arg(other, 'v', &plain, 0),
        }
    }
}

fn truncate(s: &str, prec: Option<usize>) -> &str {
    match prec {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    }
}

/// Go's `#` flag on floats: keep the point, and for %g the trailing zeros.
fn sharp_float(num: &str, verb: char, prec: Option<usize>) -> String {
    if num.contains("Inf") || num.contains("NaN") {
        return num.to_string();
    }
    let (mant, tail) = match num.find(['e', 'E']) {
        Some(i) => (&num[..i], &num[i..]),
        None => (num, ""),
    };
    let mut mant = mant.to_string();
    if !mant.contains('.') {
        mant.push('.');
    }
    if matches!(verb, 'g' | 'G' | 'v') {
        let want = prec.unwrap_or(6).max(1);
        let sig = mant
            .trim_start_matches('-')
            .trim_start_matches(['0', '.'])
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        let sig = if mant
            .trim_start_matches('-')
            .trim_matches(['0', '.'])
            .is_empty()
        {
            1
        } else {
            sig
        };
        for _ in sig..want {
            mant.push('0');
        }
    }
    format!("{mant}{tail}")
}

fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !c.is_control()))
}

fn escape_rune(out: &mut String, c: char, quote: char, ascii_only: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    let printable = if ascii_only {
        c.is_ascii() && is_print(c)
    } else {
        is_print(c)
    };
    if printable {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

/// Go's `unicode.IsPrint`, closely enough: graphic characters and the
/// ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    // Format characters, surrogates, private use and noncharacters.
    !matches!(u, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
        | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

/// Go's `strconv.Quote` (or `QuoteToASCII` when `ascii_only`).
pub(crate) fn go_quote(s: &str, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape_rune(&mut out, c, '"', ascii_only);
    }
    out.push('"');
    out
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    escape_rune(&mut out, c, '\'', false);
    out.push('\'');
    out
}

/// Go's `time.Duration.String()`: `1h2m3.5s`, `1.5ms`, `0s`.
pub(crate) fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut s = String::new();
    if u < 1_000_000_000 {
        // Below a second: the largest unit that keeps an integer part.
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        s.push_str(&fraction(u, div));
        s.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let frac = u % 1_000_000_000;
        let h = secs / 3600;
        let m = (secs / 60) % 60;
        let sec = secs % 60;
        if h > 0 {
            let _ = write!(s, "{h}h");
        }
        if h > 0 || m > 0 {
            let _ = write!(s, "{m}m");
        }
        s.push_str(&fraction(sec * 1_000_000_000 + frac, 1_000_000_000));
        s.push('s');
    }
    if neg {
        s.insert(0, '-');
    }
    s
}

/// `v / div` with the fraction's trailing zeros dropped.
fn fraction(v: u64, div: u64) -> String {
    let int = v / div;
    let frac = v % div;
    if frac == 0 {
        return int.to_string();
    }
    let width = div.ilog10() as usize;
    let f = format!("{frac:0width$}");
    format!("{int}.{}", f.trim_end_matches('0'))
}

/// Go's `fmt.Sprint`: operands printed with %v, a space between two
/// operands when neither is a string.
pub(crate) fn sprint(args: &[Value]) -> String {
    let mut p = Printer { buf: String::new() };
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = a.as_str().is_some();
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v', &Spec::default(), 0);
        prev_string = is_string;
    }
    p.buf
}

/// Go's `fmt.Sprintln`: always a space between operands, and a newline.
pub(crate) fn sprintln(args: &[Value]) -> String {
    let mut p = Printer { buf: String::new() };
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(a, 'v', &Spec::default(), 0);
    }
    p.buf.push('\n');
    p.buf
}

/// Go's `%v` of one value.
pub(crate) fn print_value(v: &Value) -> String {
    sprint(std::slice::from_ref(v))
}

/// How an action prints its value: as `%v`, after following a pointer
/// (so a sample prints as `{map[...] 1}`, not `&{...}`).
pub(crate) fn print_action_value(v: &Value) -> String {
    match v {
        Value::Sample(s) => {
            let mut p = Printer { buf: String::new() };
            p.buf.push('{');
            p.print_arg(&Value::StrMap(s.labels.clone()), 'v', &Spec::default(), 1);
            p.buf.push(' ');
            p.print_arg(&Value::Float(s.value), 'v', &Spec::default(), 1);
            p.buf.push('}');
            p.buf
        }
        other => print_value(other),
    }
}

/// Go's `fmt.Sprintf`.
pub(crate) fn sprintf(format: &str, args: &[Value]) -> String {
    let mut p = Printer { buf: String::new() };
    let b = format.as_bytes();
    let mut i = 0;
    let mut arg_num = 0;
    let mut reordered = false;
    let end = b.len();
    while i < end {
        let lasti = i;
        while i < end && b[i] != b'%' {
            i += 1;
        }
        p.buf.push_str(&format[lasti..i]);
        if i >= end {
            break;
        }
        i += 1; // the %
        let mut f = Spec::default();
        let mut good = true;
        while i < end {
            match b[i] {
                b'#' => f.sharp = true,
                b'0' => f.zero = true,
                b'+' => f.plus = true,
                b'-' => f.minus = true,
                b' ' => f.space = true,
                _ => break,
            }
            i += 1;
        }
        // Argument index, width.
        let (n, ni, found, ok) = arg_index(format, i, arg_num, args.len());
        i = ni;
        arg_num = n;
        reordered |= found;
        good &= ok;
        if i < end && b[i] == b'*' {
            i += 1;
            match args.get(arg_num) {
                Some(Value::Int(w)) if w.unsigned_abs() <= 1_000_000 => {
                    if *w < 0 {
                        f.minus = true;
                    }
                    f.wid = Some(w.unsigned_abs() as usize);
                }
                _ => p.buf.push_str("%!(BADWIDTH)"),
            }
            arg_num += 1;
        } else {
            let (w, ni) = parse_num(format, i);
            f.wid = w;
            i = ni;
        }
        if i < end && b[i] == b'.' {
            i += 1;
            let (n, ni, found, ok) = arg_index(format, i, arg_num, args.len());
            i = ni;
            arg_num = n;
            reordered |= found;
            good &= ok;
            if i < end && b[i] == b'*' {
                i += 1;
                match args.get(arg_num) {
                    Some(Value::Int(w)) if *w >= 0 && *w <= 1_000_000 => f.prec = Some(*w as usize),
                    Some(Value::Int(_)) => {}
                    _ => p.buf.push_str("%!(BADPREC)"),
                }
                arg_num += 1;
            } else {
                let (w, ni) = parse_num(format, i);
                f.prec = Some(w.unwrap_or(0));
                i = ni;
            }
        }
        let (n, ni, found, ok) = arg_index(format, i, arg_num, args.len());
        i = ni;
        arg_num = n;
        reordered |= found;
        good &= ok;
        if i >= end {
            p.buf.push_str("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('?');
        i += verb.len_utf8();
        if f.minus {
            f.zero = false;
        }
        if verb == 'v' && f.sharp {
            f.sharp = false;
            f.sharp_v = true;
        }
        match verb {
            '%' => p.buf.push('%'),
            _ if !good => {
                p.buf.push_str("%!");
                p.buf.push(verb);
                p.buf.push_str("(BADINDEX)");
            }
            _ if arg_num >= args.len() => {
                p.buf.push_str("%!");
                p.buf.push(verb);
                p.buf.push_str("(MISSING)");
            }
            'w' => {
                let a = &args[arg_num];
                arg_num += 1;
                p.bad_verb('w', a.type_name(), a, &f);
            }
            _ => {
                let a = &args[arg_num];
                arg_num += 1;
                p.print_arg(a, verb, &f, 0);
            }
        }
    }
    if !reordered && arg_num < args.len() {
        p.buf.push_str("%!(EXTRA ");
        for (k, a) in args[arg_num..].iter().enumerate() {
            if k > 0 {
                p.buf.push_str(", ");
            }
            if matches!(a, Value::Nil) {
                p.buf.push_str("<nil>");
            } else {
                p.buf.push_str(a.type_name());
                p.buf.push('=');
                p.print_arg(a, 'v', &Spec::default(), 0);
            }
        }
        p.buf.push(')');
    }
    p.buf
}

fn parse_num(s: &str, mut i: usize) -> (Option<usize>, usize) {
    let b = s.as_bytes();
    let start = i;
    let mut n: usize = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        n = n.saturating_mul(10).saturating_add((b[i] - b'0') as usize);
        i += 1;
    }
    if i == start {
        (None, i)
    } else {
        (Some(n.min(1_000_000)), i)
    }
}

/// An explicit `[n]` argument index. Returns the argument number, the
/// position after the index, whether there was an index, and whether it
/// was good.
fn arg_index(s: &str, i: usize, arg_num: usize, nargs: usize) -> (usize, usize, bool, bool) {
    let b = s.as_bytes();
    if i >= b.len() || b[i] != b'[' {
        return (arg_num, i, false, true);
    }
    let Some(close) = s[i + 1..].find(']') else {
        return (arg_num, b.len(), true, false);
    };
    match s[i + 1..i + 1 + close].parse::<usize>() {
        Ok(n) if n >= 1 && n <= nargs => (n - 1, i + close + 2, true, true),
        _ => (arg_num, i + close + 2, true, false),
    }
}
