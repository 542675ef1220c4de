//! Go `regexp` (RE2) syntax: which patterns Go's `regexp/syntax` parser
//! accepts, and their translation into an equivalent `regex` crate pattern.
//!
//! Prometheus and Alertmanager compile every regex with Go's parser
//! (anchored as `^(?:re)$`), whose rules differ from `regex-syntax` in many
//! small ways: a `{` that does not start a valid repetition is a literal,
//! repetitions may not be stacked (`a*+`) and nest to at most 1000
//! repeats, `\Q…\E` quotes, `\123` is octal, `\<` is a literal, flags are
//! only `imsU` and may repeat, capture names are any word characters and
//! may repeat, `[` inside a class is a plain character, `\p{…}` names are
//! case-sensitive and only Go's table names, and `\d`, `\s`, `\w`, `\b`
//! are ASCII-only. This module scans the pattern with Go's rules, reports
//! Go's error (same wording), and writes the pattern out in a form
//! `regex-syntax` reads with the same meaning.

use std::collections::HashSet;

/// Go's maximum repetition count (also for nested repetitions' product).
const MAX_REPEAT: u32 = 1000;
/// Go rejects regexes whose parse tree is deeper than this.
const MAX_DEPTH: usize = 1000;

/// `Err(reason)` when Go's `regexp.Compile` rejects `^(?:re)$`; the reason
/// is Go's, e.g. ``invalid nested repetition operator: `*+` ``.
pub fn check(re: &str) -> Result<(), String> {
    translate(re).map(|_| ())
}

/// The `regex`-crate pattern equivalent to the Go pattern `re` (not
/// anchored), or Go's error.
pub fn translate(re: &str) -> Result<String, String> {
    let out = Translator::new(re).run()?;
    // Anything Go accepts must now parse; a failure here is a gap in the
    // translation, reported rather than hidden.
    let anchored = format!("^(?:{out})$");
    regex_syntax::ParserBuilder::new()
        .nest_limit(4 * MAX_DEPTH as u32)
        .build()
        .parse(&anchored)
        .map_err(|e| match &e {
            regex_syntax::Error::Parse(e) => e.kind().to_string(),
            regex_syntax::Error::Translate(e) => e.kind().to_string(),
            other => other.to_string(),
        })?;
    Ok(out)
}

/// A `{n,m}` repetition and the repetitions inside its operand, for Go's
/// nested repeat-count limit.
#[derive(Clone, Debug)]
struct Rep {
    max: u32,
    inner: Vec<Rep>,
}

/// Go's `repeatIsValid`: the repeat counts, divided down the nesting,
/// stay within the limit.
fn reps_valid(reps: &[Rep], n: u32) -> bool {
    reps.iter().all(|r| {
        if r.max == 0 {
            return true;
        }
        r.max <= n && reps_valid(&r.inner, n / r.max)
    })
}

/// What the last emitted item was, for the repetition rules.
#[derive(Clone, Debug)]
enum Last {
    /// Nothing repeatable (start, after `(` or `|`).
    None,
    /// An atom; `reps` are the repetitions inside it (a group's content).
    Atom { reps: Vec<Rep> },
    /// A repetition operator starting at `op` in the pattern.
    Repeat { op: usize },
}

struct Frame {
    /// Repetitions in the finished items of this group.
    reps: Vec<Rep>,
    last: Last,
}

struct Translator<'a> {
    src: &'a str,
    c: Vec<(usize, char)>,
    i: usize,
    out: String,
    stack: Vec<Frame>,
    names: HashSet<String>,
}

fn go_err(code: &str, text: &str) -> String {
    format!("{code}: `{text}`")
}

impl<'a> Translator<'a> {
    fn new(src: &'a str) -> Self {
        Translator {
            src,
            c: src.char_indices().collect(),
            i: 0,
            out: String::with_capacity(src.len() + 16),
            stack: vec![Frame {
                reps: Vec::new(),
                last: Last::None,
            }],
            names: HashSet::new(),
        }
    }

    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).map(|&(_, ch)| ch)
    }

    fn pos(&self, i: usize) -> usize {
        self.c.get(i).map_or(self.src.len(), |&(p, _)| p)
    }

    /// Pattern text from char index `from` to the current position.
    fn text_from(&self, from: usize) -> &'a str {
        &self.src[self.pos(from)..self.pos(self.i)]
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos(self.i)..]
    }

    fn frame(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("the root frame is never popped")
    }

    /// Closes the current last item into the frame's repetition list.
    fn settle(&mut self) {
        let f = self.frame();
        if let Last::Atom { reps, .. } = std::mem::replace(&mut f.last, Last::None) {
            f.reps.extend(reps);
        }
    }

    fn atom(&mut self, reps: Vec<Rep>) {
        self.settle();
        self.frame().last = Last::Atom { reps };
    }

    fn run(mut self) -> Result<String, String> {
        while self.i < self.c.len() {
            let start = self.i;
            let ch = self.c[self.i].1;
            match ch {
                '(' => self.open_group()?,
                ')' => {
                    if self.stack.len() == 1 {
                        return Err(go_err("unexpected )", self.src));
                    }
                    self.i += 1;
                    self.out.push(')');
                    self.settle();
                    let f = self.stack.pop().expect("checked above");
                    self.atom(f.reps);
                }
                '|' => {
                    self.i += 1;
                    self.out.push('|');
                    self.settle();
                    self.frame().last = Last::None;
                }
                '*' | '+' | '?' => {
                    self.i += 1;
                    self.repeat(start, ch.to_string(), None)?;
                }
                '{' => match parse_repeat(self.rest()) {
                    Some((min, max, len)) => {
                        self.i += len;
                        let text = self.text_from(start).to_string();
                        self.repeat(start, text, Some((min, max)))?;
                    }
                    None => {
                        self.i += 1;
                        self.out.push_str("\\{");
                        self.atom(Vec::new());
                    }
                },
                '[' => {
                    self.class()?;
                    self.atom(Vec::new());
                }
                '\\' => self.escape_outside()?,
                '.' | '^' | '$' => {
                    self.i += 1;
                    self.out.push(ch);
                    self.atom(Vec::new());
                }
                _ => {
                    self.i += 1;
                    push_literal(&mut self.out, ch);
                    self.atom(Vec::new());
                }
            }
        }
        if self.stack.len() > 1 {
            return Err(go_err("missing closing )", self.src));
        }
        Ok(self.out)
    }

    fn open_group(&mut self) -> Result<(), String> {
        let start = self.i;
        self.i += 1;
        if self.peek(0) != Some('?') {
            self.out.push('(');
            return self.push_frame();
        }
        // `(?P<name>` or (Go 1.22+) `(?<name>`.
        let rest = self.rest();
        let named = rest
            .strip_prefix("?P<")
            .or_else(|| rest.strip_prefix("?<"))
            .map(|after| (rest.len() - after.len(), after));
        if let Some((prefix, after)) = named {
            let Some(end) = after.find('>') else {
                return Err(go_err(
                    "invalid named capture",
                    &self.src[self.pos(start)..],
                ));
            };
            let name = &after[..end];
            let whole = &self.src[self.pos(start)..self.pos(self.i) + prefix + end + 1];
            if name.is_empty() || !name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                return Err(go_err("invalid named capture", whole));
            }
            self.i += rest[..prefix + end + 1].chars().count();
            // regex-syntax wants a leading letter and unique names; Go does
            // not, so keep the name only where the meaning is the same.
            let first_ok = name.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic());
            if first_ok && self.names.insert(name.to_string()) {
                self.out.push_str(&format!("(?P<{name}>"));
            } else {
                self.out.push('(');
            }
            return self.push_frame();
        }
        // Flags: `(?flags)` or `(?flags:re)`, flags from `imsU`, one `-`.
        self.i += 1;
        let mut on = String::new();
        let mut off = String::new();
        let mut negated = false;
        let mut saw_flag = false;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(go_err("missing closing )", self.src));
            };
            self.i += 1;
            match c {
                'i' | 'm' | 's' | 'U' => {
                    let (add, remove) = if negated {
                        (&mut off, &mut on)
                    } else {
                        (&mut on, &mut off)
                    };
                    if !add.contains(c) {
                        add.push(c);
                    }
                    remove.retain(|x| x != c);
                    saw_flag = true;
                }
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    let flags = if off.is_empty() {
                        on
                    } else {
                        format!("{on}-{off}")
                    };
                    if c == ':' {
                        self.out.push_str(&format!("(?{flags}:"));
                        return self.push_frame();
                    }
                    if !flags.is_empty() {
                        self.out.push_str(&format!("(?{flags})"));
                    }
                    return Ok(());
                }
                _ => {
                    let text = self.text_from(start).to_string();
                    return Err(go_err("invalid or unsupported Perl syntax", &text));
                }
            }
        }
    }

    fn push_frame(&mut self) -> Result<(), String> {
        if self.stack.len() > MAX_DEPTH {
            return Err(go_err("expression nests too deeply", self.src));
        }
        self.settle();
        self.stack.push(Frame {
            reps: Vec::new(),
            last: Last::None,
        });
        Ok(())
    }

    /// A repetition operator `op` (already consumed, starting at char
    /// `start`); `counts` for `{n,m}`. A `?` right after makes it lazy.
    fn repeat(
        &mut self,
        start: usize,
        op: String,
        counts: Option<(u32, Option<u32>)>,
    ) -> Result<(), String> {
        let lazy = self.peek(0) == Some('?');
        if lazy {
            self.i += 1;
        }
        let last = std::mem::replace(&mut self.frame().last, Last::None);
        let inner = match last {
            Last::None => {
                let text = self.text_from(start).to_string();
                return Err(go_err("missing argument to repetition operator", &text));
            }
            Last::Repeat { op } => {
                let text = self.text_from(op).to_string();
                return Err(go_err("invalid nested repetition operator", &text));
            }
            Last::Atom { reps, .. } => reps,
        };
        let mut reps = inner;
        if let Some((min, max)) = counts {
            let bad = min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT || m < min);
            if bad {
                return Err(go_err("invalid repeat count", &op));
            }
            let rep = Rep {
                max: max.unwrap_or(min),
                inner: reps,
            };
            if (min >= 2 || max.is_some_and(|m| m >= 2))
                && !reps_valid(std::slice::from_ref(&rep), MAX_REPEAT)
            {
                return Err(go_err("invalid repeat count", &op));
            }
            reps = vec![rep];
        }
        self.out.push_str(&op);
        if lazy {
            self.out.push('?');
        }
        let f = self.frame();
        f.reps.extend(reps);
        f.last = Last::Repeat { op: start };
        Ok(())
    }

    /// An escape outside a class.
    fn escape_outside(&mut self) -> Result<(), String> {
        match self.peek(1) {
            Some('Q') => {
                self.i += 2;
                let rest = self.rest();
                let (lit, consumed) = match rest.find("\\E") {
                    Some(end) => (&rest[..end], end + 2),
                    // Unterminated: the rest is literal, the anchoring `)`
                    // included, so the anchored pattern misses its `)`.
                    None => return Err(go_err("missing closing )", self.src)),
                };
                self.i += rest[..consumed].chars().count();
                // Like Go, each quoted character is its own atom, so a
                // following repetition applies to the last one only.
                for ch in lit.chars() {
                    push_literal(&mut self.out, ch);
                    self.atom(Vec::new());
                }
                Ok(())
            }
            Some('A' | 'z') => {
                self.out.push_str(self.rest().get(..2).unwrap_or_default());
                self.i += 2;
                self.atom(Vec::new());
                Ok(())
            }
            Some(b @ ('b' | 'B')) => {
                self.i += 2;
                // Go's word boundary is ASCII-only.
                self.out.push_str(&format!("(?-u:\\{b})"));
                self.atom(Vec::new());
                Ok(())
            }
            _ => {
                let item = self.class_escape()?;
                self.out.push_str(&item.outside());
                self.atom(Vec::new());
                Ok(())
            }
        }
    }

    /// An escape valid inside and outside classes: a character, a Perl
    /// class (`\d`), or a Unicode class (`\pL`).
    fn class_escape(&mut self) -> Result<ClassItem, String> {
        let start = self.i;
        self.i += 1;
        let Some(c) = self.peek(0) else {
            return Err(go_err("trailing backslash at end of expression", ""));
        };
        self.i += 1;
        let bad = |t: &Self| Err(go_err("invalid escape sequence", t.text_from(start)));
        match c {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => Ok(ClassItem::Perl(c)),
            'p' | 'P' => {
                let mut negated = c == 'P';
                let name: String = match self.peek(0) {
                    None => return bad(self),
                    Some('{') => {
                        let rest = self.rest();
                        let Some(end) = rest.find('}') else {
                            let text = self.src[self.pos(start)..].to_string();
                            return Err(go_err("invalid character class range", &text));
                        };
                        self.i += rest[..=end].chars().count();
                        rest[1..end].to_string()
                    }
                    Some(n) => {
                        self.i += 1;
                        n.to_string()
                    }
                };
                let mut name = name.as_str();
                if let Some(n) = name.strip_prefix('^') {
                    negated = !negated;
                    name = n;
                }
                if !unicode_class_known(name) {
                    return Err(go_err(
                        "invalid character class range",
                        self.text_from(start),
                    ));
                }
                Ok(ClassItem::Unicode {
                    name: name.to_string(),
                    negated,
                })
            }
            '1'..='7' if !self.peek(0).is_some_and(|d| ('0'..='7').contains(&d)) => bad(self),
            '0'..='7' => {
                let mut v = c as u32 - '0' as u32;
                for _ in 0..2 {
                    match self.peek(0) {
                        Some(d @ '0'..='7') => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            self.i += 1;
                        }
                        _ => break,
                    }
                }
                Ok(ClassItem::Char(char::from_u32(v).unwrap_or('\0')))
            }
            'x' => {
                let hex = |s: &str| u32::from_str_radix(s, 16).ok();
                let value = if self.peek(0) == Some('{') {
                    let rest = self.rest();
                    let end = rest.find('}');
                    let digits = end.map(|e| &rest[1..e]);
                    match digits {
                        Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_hexdigit()) => {
                            self.i += d.len() + 2;
                            hex(d).filter(|&v| v <= 0x10FFFF)
                        }
                        _ => None,
                    }
                } else {
                    match (self.peek(0), self.peek(1)) {
                        (Some(a), Some(b)) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => {
                            self.i += 2;
                            hex(&format!("{a}{b}"))
                        }
                        _ => None,
                    }
                };
                match value.and_then(char::from_u32) {
                    Some(ch) => Ok(ClassItem::Char(ch)),
                    // Surrogates: Go accepts the escape; such a character
                    // never occurs in UTF-8 text.
                    None if value.is_some() => Ok(ClassItem::Never),
                    None => {
                        let end = (self.i + 1).min(self.c.len());
                        let text = &self.src[self.pos(start)..self.pos(end)];
                        Err(go_err("invalid escape sequence", text))
                    }
                }
            }
            'a' => Ok(ClassItem::Char('\x07')),
            'f' => Ok(ClassItem::Char('\x0C')),
            'n' => Ok(ClassItem::Char('\n')),
            'r' => Ok(ClassItem::Char('\r')),
            't' => Ok(ClassItem::Char('\t')),
            'v' => Ok(ClassItem::Char('\x0B')),
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(ClassItem::Char(c)),
            _ => bad(self),
        }
    }

    /// A bracketed class `[…]`, parsed with Go's rules.
    fn class(&mut self) -> Result<(), String> {
        let start = self.i;
        self.i += 1;
        let mut out = String::from("[");
        if self.peek(0) == Some('^') {
            self.i += 1;
            out.push('^');
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek(0) else {
                return Err(go_err("missing closing ]", &self.src[self.pos(start)..]));
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            let item_start = self.i;
            // `[:alpha:]`: Go takes the text up to the next `:]` as the name.
            if c == '[' && self.peek(1) == Some(':') {
                let rest = self.rest();
                if let Some(end) = rest[2..].find(":]") {
                    let name = &rest[..end + 4];
                    self.i += name.chars().count();
                    if !posix_class_known(&name[2..name.len() - 2]) {
                        return Err(go_err("invalid character class range", name));
                    }
                    out.push_str(name);
                    continue;
                }
            }
            let lo = if c == '\\' {
                self.class_escape()?
            } else {
                self.i += 1;
                ClassItem::Char(c)
            };
            let ClassItem::Char(lo) = lo else {
                out.push_str(&lo.inside());
                continue;
            };
            if self.peek(0) == Some('-') && self.peek(1).is_some_and(|n| n != ']') {
                self.i += 1;
                let hi = if self.peek(0) == Some('\\') {
                    self.class_escape()?
                } else {
                    self.i += 1;
                    ClassItem::Char(self.c[self.i - 1].1)
                };
                let ClassItem::Char(hi) = hi else {
                    return Err(go_err(
                        "invalid character class range",
                        self.text_from(item_start),
                    ));
                };
                if hi < lo {
                    return Err(go_err(
                        "invalid character class range",
                        self.text_from(item_start),
                    ));
                }
                push_literal(&mut out, lo);
                out.push('-');
                push_literal(&mut out, hi);
            } else {
                push_literal(&mut out, lo);
            }
        }
        out.push(']');
        if out == "[]" || out == "[^]" {
            // Unreachable with Go's rules (a leading `]` is a member), kept
            // so an empty class can never reach regex-syntax.
            return Err(go_err("missing closing ]", self.text_from(start)));
        }
        self.out.push_str(&out);
        Ok(())
    }
}

/// One class member from an escape.
enum ClassItem {
    Char(char),
    /// `\d`, `\D`, `\s`, `\S`, `\w`, `\W`: ASCII-only in Go.
    Perl(char),
    Unicode {
        name: String,
        negated: bool,
    },
    /// A code point no text holds (a surrogate).
    Never,
}

impl ClassItem {
    fn ascii_set(c: char) -> &'static str {
        match c.to_ascii_lowercase() {
            'd' => "0-9",
            's' => "\\t\\n\\x0C\\r ",
            _ => "0-9A-Za-z_",
        }
    }

    fn inside(&self) -> String {
        match self {
            ClassItem::Char(c) => {
                let mut s = String::new();
                push_literal(&mut s, *c);
                s
            }
            ClassItem::Perl(_) | ClassItem::Unicode { .. } | ClassItem::Never => self.outside(),
        }
    }

    fn outside(&self) -> String {
        match self {
            ClassItem::Char(c) => {
                let mut s = String::new();
                push_literal(&mut s, *c);
                s
            }
            ClassItem::Perl(c) => {
                let neg = if c.is_ascii_uppercase() { "^" } else { "" };
                format!("[{neg}{}]", Self::ascii_set(*c))
            }
            ClassItem::Unicode { name, negated } => {
                let p = if *negated { 'P' } else { 'p' };
                let name = if name == "Any" { "Any" } else { name };
                format!("\\{p}{{{name}}}")
            }
            ClassItem::Never => "[^\\x00-\\x{10FFFF}]".into(),
        }
    }
}

/// Writes `ch` as a literal, escaped where regex-syntax gives it meaning
/// (inside or outside a class).
fn push_literal(out: &mut String, ch: char) {
    let special = regex_syntax::is_meta_character(ch) || matches!(ch, '<' | '>');
    if special || ch.is_whitespace() || ch.is_control() {
        out.push_str(&format!("\\x{{{:X}}}", ch as u32));
    } else {
        out.push(ch);
    }
}

/// `{n}`, `{n,}` or `{n,m}` at the start of `s` as Go reads it: (min, max,
/// chars consumed). Leading zeros make it a literal; huge counts saturate
/// so they fail the bound.
fn parse_repeat(s: &str) -> Option<(u32, Option<u32>, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut i = 1;
    let int = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        let digits = &s[start..*i];
        if digits.is_empty() || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        Some(digits.parse().unwrap_or(u32::MAX).min(100_000_000))
    };
    let min = int(&mut i)?;
    let max = match b.get(i) {
        Some(b'}') => Some(min),
        Some(b',') => {
            i += 1;
            if b.get(i) == Some(&b'}') {
                None
            } else {
                Some(int(&mut i)?)
            }
        }
        _ => return None,
    };
    if b.get(i) != Some(&b'}') {
        return None;
    }
    Some((min, max, i + 1))
}

fn posix_class_known(name: &str) -> bool {
    let name = name.strip_prefix('^').unwrap_or(name);
    matches!(
        name,
        "alnum"
            | "alpha"
            | "ascii"
            | "blank"
            | "cntrl"
            | "digit"
            | "graph"
            | "lower"
            | "print"
            | "punct"
            | "space"
            | "upper"
            | "word"
            | "xdigit"
    )
}

/// Go's `unicode.Categories` and `unicode.Scripts` names (Unicode 15, the
/// tables of the Go releases Prometheus 3.x is built with), and `Any`.
/// Matched case-sensitively, as Go does.
fn unicode_class_known(name: &str) -> bool {
    name == "Any" || CATEGORIES.contains(&name) || SCRIPTS.contains(&name)
}

const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N",
    "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So",
    "Z", "Zl", "Zp", "Zs",
];

const SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Toto",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

#[cfg(test)]
mod tests {
    use super::{check, translate};

    /// Verdicts of Go's parser (Prometheus 3.x), checked against promtool
    /// where its older Go agrees (see `fixtures/promql/09_regex.corpus`).
    #[test]
    fn go_verdicts() {
        for ok in [
            "a??",
            "a{,3}",
            "x{y",
            "(a*)*",
            "[[:alpha:]]+",
            "\\p{Greek}+",
            "a{2}",
            "a{2,}?",
            "[{]",
            "\\\\p{Greek}+",
            "(?P<x>a)",
            "(?<x>a)",
            "a{1000}",
            "\\z",
            "\\A",
            "(?P<1a>x)",
            "(?P<a>x)(?P<a>y)",
            "\\Qa.b\\E",
            "a\\Q*\\E+",
            "(a{100}){10}",
            "((a{10}){10}){10}",
            "\\pN",
            "\\p{^Greek}",
            "\\P{Greek}",
            "\\p{Kawi}",
            "[[:word:]]",
            "[[:^alpha:]]",
            "(?U)a+",
            "(?)a",
            "(?i-i)a",
            "(?im-s:a)",
            "\\<",
            "\\>",
            "\\_",
            "\\ ",
            "\\123",
            "\\0",
            "\\01",
            "\\x41",
            "\\x{41}",
            "[a[bc]]",
            "[[]",
            "[a&&b]",
            "[a~~b]",
            "[a-b-c]",
            "[]a]",
            "[^]a]",
            "[\\d-z]",
            "\\a",
            "\\v",
            "a{01}",
            "^*",
            "$+",
            "(?:a){0}",
            "[a-]",
            "[-a]",
            "\\x{D800}",
            "(?i:)",
            "a{0,1000}",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in [
            "a*+",
            "a**",
            "a{2}{3}",
            "a???",
            "a{3,2}",
            "a{1001}",
            "(a",
            "(?!a)",
            "a\\1",
            "*a",
            "\\C",
            "\\Z",
            "(?P<a.b>x)",
            "(?P<>x)",
            "\\Qa.b",
            "(a{500}){3}",
            "((a{10}){10}){11}",
            "\\p{greek}",
            "\\p{Letter}",
            "\\p{Grek}",
            "[[:foo:]]",
            "(?x)a",
            "(?u)a",
            "(?R)a",
            "(?i-)a",
            "(?-)a",
            "\\8",
            "\\x{110000}",
            "\\x4",
            "[a--b]",
            "[]",
            "[a-\\d]",
            "\\e",
            "\\cA",
            "\\u0041",
            "\\N{LATIN SMALL LETTER A}",
            "\\h",
            "\\p{L",
            "a{1,1001}",
            "(*)",
            "a|*",
            "\\k<a>",
            "a)",
            "[a",
            "\\",
            "\\é",
            "(?i)*",
            "{2}",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check("a{2}{3}"),
            Err("invalid nested repetition operator: `{2}{3}`".into())
        );
        assert_eq!(
            check("a*+"),
            Err("invalid nested repetition operator: `*+`".into())
        );
        assert_eq!(check("\\C"), Err("invalid escape sequence: `\\C`".into()));
    }

    #[test]
    fn translation_keeps_go_meaning() {
        let m = |re: &str, s: &str| {
            let t = translate(re).unwrap();
            regex::Regex::new(&format!("^(?s:{t})$"))
                .unwrap()
                .is_match(s)
        };
        assert!(m("x{y", "x{y"));
        assert!(m("\\Qa.b\\E", "a.b") && !m("\\Qa.b\\E", "axb"));
        assert!(m("a\\Q*\\E+", "a**"));
        assert!(m("[a[bc]]", "[]") && !m("[a[bc]]", "["));
        assert!(m("[a[bc]]", "b]"));
        assert!(m("\\123", "S"));
        assert!(m("\\<", "<"));
        assert!(!m("\\d", "٣") && m("\\d", "3"));
        assert!(!m("\\w", "é"));
        assert!(m("a{,3}", "a{,3}"));
        assert!(m("(?P<1a>x)(?P<1a>y)", "xy"));
        assert!(m("[a&&b]", "&"));
        assert!(m("a\\b", "a") && !m("é\\b", "é"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
        assert!(check(&deep).is_err());
        let ok = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(check(&ok), Ok(()));
    }
}
