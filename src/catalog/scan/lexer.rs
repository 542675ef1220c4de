//! A small tokenizer shared by the source scanners.
//!
//! It knows only what the scanners need to stay in sync with the code:
//! identifiers, string literals (decoded, or marked as interpolated),
//! numbers, comments (skipped) and punctuation. It never fails: any byte it
//! does not understand becomes a one-character punctuation token, and an
//! unterminated literal or comment ends at the end of the text. Every step
//! consumes at least one byte, so lexing is linear.

use crate::source::Span;

use super::Language;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    Ident,
    /// A string literal; its decoded value is in [`Token::value`].
    Str,
    Number,
    /// A character literal (Go rune, Rust char) or a Rust lifetime.
    Char,
    Punct,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokKind,
    pub span: Span,
    /// String literals: the decoded value, or `None` when the literal
    /// interpolates run-time values (Python f-string, JS template with `${}`).
    pub value: Option<String>,
    /// A line break separates this token from the previous one.
    pub nl_before: bool,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.span.range()).unwrap_or("")
    }
}

/// Operators lexed as one token, longest first within each length.
const MULTI_PUNCT: &[&str] = &[
    "...", "::", "==", "!=", "<=", ">=", "=>", ":=", "->", "+=", "-=", "*=", "/=", "**", "&&", "||",
];

pub(crate) fn lex(lang: Language, src: &str) -> Vec<Token> {
    let mut lx = Lexer {
        lang,
        src,
        bytes: src.as_bytes(),
        pos: 0,
        toks: Vec::new(),
        nl: false,
    };
    lx.run();
    lx.toks
}

struct Lexer<'a> {
    lang: Language,
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    toks: Vec<Token>,
    nl: bool,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: TokKind, start: usize, value: Option<String>) {
        let end = self.pos.min(self.bytes.len());
        self.toks.push(Token {
            kind,
            span: Span::new(start, end),
            value,
            nl_before: self.nl,
        });
        self.nl = false;
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            let start = self.pos;
            match b {
                b'\n' => {
                    self.nl = true;
                    self.pos += 1;
                }
                b' ' | b'\t' | b'\r' | b'\x0c' => self.pos += 1,
                b'#' if self.lang == Language::Python => self.skip_line(),
                b'/' if self.lang != Language::Python && self.peek(1) == b'/' => self.skip_line(),
                b'/' if self.lang != Language::Python && self.peek(1) == b'*' => {
                    self.skip_block_comment()
                }
                b'"' | b'\'' | b'`' => self.string_or_char(start, b),
                b'/' if self.is_js() && self.regex_allowed() => self.regex_or_slash(start),
                b'0'..=b'9' => {
                    self.pos += 1;
                    while self.pos < self.bytes.len()
                        && (is_ident_continue(self.bytes[self.pos]) || self.bytes[self.pos] == b'.')
                    {
                        self.pos += 1;
                    }
                    self.push(TokKind::Number, start, None);
                }
                _ if is_ident_start(b) => self.ident_or_prefixed_string(start),
                _ => {
                    let rest = &self.bytes[self.pos..];
                    let len = MULTI_PUNCT
                        .iter()
                        .find(|p| rest.starts_with(p.as_bytes()))
                        .map_or(1, |p| p.len());
                    self.pos += len;
                    self.push(TokKind::Punct, start, None);
                }
            }
        }
    }

    fn is_js(&self) -> bool {
        matches!(self.lang, Language::JavaScript | Language::TypeScript)
    }

    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    /// `/* ... */`, nested in Rust.
    fn skip_block_comment(&mut self) {
        let nested = self.lang == Language::Rust;
        self.pos += 2;
        let mut depth = 1usize;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'\n' {
                self.nl = true;
            }
            if self.bytes[self.pos..].starts_with(b"*/") {
                self.pos += 2;
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else if nested && self.bytes[self.pos..].starts_with(b"/*") {
                self.pos += 2;
                depth += 1;
            } else {
                self.pos += 1;
            }
        }
    }

    fn ident_or_prefixed_string(&mut self, start: usize) {
        while self.pos < self.bytes.len() && is_ident_continue(self.bytes[self.pos]) {
            self.pos += 1;
        }
        let word = &self.src[start..self.pos];
        let next = self.peek(0);
        match self.lang {
            Language::Python if (next == b'"' || next == b'\'') && is_python_prefix(word) => {
                let lower = word.to_ascii_lowercase();
                let raw = lower.contains('r');
                let fstring = lower.contains('f');
                self.python_string(start, raw, fstring);
            }
            Language::Rust if matches!(word, "b" | "c") && next == b'"' => {
                self.pos += 1;
                self.quoted(start, b'"', true, false);
            }
            Language::Rust
                if matches!(word, "r" | "br" | "cr") && (next == b'"' || next == b'#') =>
            {
                self.rust_raw_string(start)
            }
            Language::Rust if word == "b" && next == b'\'' => {
                self.pos += 1;
                self.quoted(start, b'\'', true, true);
            }
            _ => self.push(TokKind::Ident, start, None),
        }
    }

    fn string_or_char(&mut self, start: usize, quote: u8) {
        match (self.lang, quote) {
            (Language::Python, _) => self.python_string(start, false, false),
            (Language::Go, b'`') => {
                // Raw string: no escapes, may span lines.
                self.pos += 1;
                let body_start = self.pos;
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'`' {
                    self.pos += 1;
                }
                let value = self.src[body_start..self.pos].replace('\r', "");
                self.pos = (self.pos + 1).min(self.bytes.len());
                self.push(TokKind::Str, start, Some(value));
            }
            (Language::Go, b'\'') => {
                self.pos += 1;
                self.quoted(start, b'\'', true, true);
            }
            (Language::Rust, b'\'') => self.rust_char_or_lifetime(start),
            (Language::JavaScript | Language::TypeScript, b'`') => self.template_literal(start),
            (Language::Rust, b'`') => {
                self.pos += 1;
                self.push(TokKind::Punct, start, None);
            }
            _ => {
                self.pos += 1;
                self.quoted(start, quote, true, false);
            }
        }
    }

    /// A literal after its opening quote, up to the closing `quote`. An
    /// unescaped newline ends a single-line literal (`single_line`) so that
    /// one stray quote cannot swallow the rest of the file.
    fn quoted(&mut self, start: usize, quote: u8, escapes: bool, char_lit: bool) {
        let mut value = String::new();
        let single_line = char_lit || self.lang != Language::Rust;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == quote {
                self.pos += 1;
                break;
            }
            if b == b'\n' && single_line {
                break;
            }
            if b == b'\\' && escapes {
                self.pos += 1;
                self.escape(&mut value);
                continue;
            }
            let ch_len = utf8_len(b);
            let end = (self.pos + ch_len).min(self.bytes.len());
            value.push_str(self.src.get(self.pos..end).unwrap_or(""));
            self.pos = end;
        }
        let kind = if char_lit {
            TokKind::Char
        } else {
            TokKind::Str
        };
        self.push(kind, start, Some(value));
    }

    /// One escape sequence after the backslash; common escapes are decoded,
    /// anything else is kept as written (metric names never need more).
    fn escape(&mut self, value: &mut String) {
        let Some(&b) = self.bytes.get(self.pos) else {
            value.push('\\');
            return;
        };
        let decoded = match b {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'0' => Some('\0'),
            b'\\' => Some('\\'),
            b'\'' => Some('\''),
            b'"' => Some('"'),
            b'`' => Some('`'),
            b'\n' => None,
            _ => {
                value.push('\\');
                None
            }
        };
        if let Some(c) = decoded {
            value.push(c);
            self.pos += 1;
        } else if b == b'\n' {
            self.pos += 1;
        } else {
            let end = (self.pos + utf8_len(b)).min(self.bytes.len());
            value.push_str(self.src.get(self.pos..end).unwrap_or(""));
            self.pos = end;
        }
    }

    /// Python string at `self.pos` (the opening quote), with optional
    /// `r`/`f` prefix already consumed.
    fn python_string(&mut self, start: usize, raw: bool, fstring: bool) {
        let quote = self.bytes[self.pos];
        let triple = self.bytes[self.pos..].starts_with(&[quote, quote, quote]);
        self.pos += if triple { 3 } else { 1 };
        let mut value = String::new();
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == quote {
                if !triple {
                    self.pos += 1;
                    break;
                }
                if self.bytes[self.pos..].starts_with(&[quote, quote, quote]) {
                    self.pos += 3;
                    break;
                }
            }
            if b == b'\n' && !triple {
                break;
            }
            if b == b'\\' {
                self.pos += 1;
                if raw {
                    value.push('\\');
                    if let Some(&n) = self.bytes.get(self.pos) {
                        if n == quote || n == b'\\' {
                            value.push(n as char);
                            self.pos += 1;
                        }
                    }
                } else {
                    self.escape(&mut value);
                }
                continue;
            }
            let end = (self.pos + utf8_len(b)).min(self.bytes.len());
            value.push_str(self.src.get(self.pos..end).unwrap_or(""));
            self.pos = end;
        }
        let interpolated = fstring && value.replace("{{", "").contains('{');
        let value = if fstring {
            value.replace("{{", "{").replace("}}", "}")
        } else {
            value
        };
        self.push(TokKind::Str, start, (!interpolated).then_some(value));
    }

    /// JS template literal; `${...}` makes it interpolated. The
    /// placeholder's expression is skipped by brace depth, stepping over
    /// quoted strings inside it.
    fn template_literal(&mut self, start: usize) {
        self.pos += 1;
        let mut value = String::new();
        let mut interpolated = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'`' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut value);
                }
                b'$' if self.peek(1) == b'{' => {
                    interpolated = true;
                    self.pos += 2;
                    self.skip_placeholder();
                }
                _ => {
                    let end = (self.pos + utf8_len(b)).min(self.bytes.len());
                    value.push_str(self.src.get(self.pos..end).unwrap_or(""));
                    self.pos = end;
                }
            }
        }
        self.push(TokKind::Str, start, (!interpolated).then_some(value));
    }

    fn skip_placeholder(&mut self) {
        let mut depth = 1usize;
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                b'"' | b'\'' => {
                    while let Some(&c) = self.bytes.get(self.pos) {
                        self.pos += 1;
                        if c == b'\\' {
                            self.pos += 1;
                        } else if c == b || c == b'\n' {
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `r"..."`, `r#"..."#`, `br##"..."##`; the prefix is consumed.
    fn rust_raw_string(&mut self, start: usize) {
        let mut hashes = 0usize;
        while self.peek(0) == b'#' {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek(0) != b'"' {
            // `r#ident` raw identifier, or stray hashes.
            self.push(TokKind::Ident, start, None);
            return;
        }
        self.pos += 1;
        let body_start = self.pos;
        let mut closing = vec![b'"'];
        closing.extend(std::iter::repeat_n(b'#', hashes));
        let body_end;
        loop {
            if self.pos >= self.bytes.len() {
                body_end = self.bytes.len();
                break;
            }
            if self.bytes[self.pos..].starts_with(&closing) {
                body_end = self.pos;
                self.pos += closing.len();
                break;
            }
            self.pos += 1;
        }
        let value = self.src.get(body_start..body_end).unwrap_or("").to_string();
        self.push(TokKind::Str, start, Some(value));
    }

    /// `'a'`, `'\n'` are characters; `'a` followed by anything but a quote
    /// is a lifetime or label.
    fn rust_char_or_lifetime(&mut self, start: usize) {
        self.pos += 1;
        if self.peek(0) == b'\\' {
            self.quoted(start, b'\'', true, true);
            return;
        }
        let first = self.peek(0);
        let len = utf8_len(first);
        if self.bytes.get(self.pos + len) == Some(&b'\'') {
            self.pos += len + 1;
            self.push(TokKind::Char, start, None);
            return;
        }
        while self.pos < self.bytes.len() && is_ident_continue(self.bytes[self.pos]) {
            self.pos += 1;
        }
        self.push(TokKind::Char, start, None);
    }

    /// A `/` can start a regular expression literal where an operand is
    /// expected: not after a name, number, string or closing bracket.
    fn regex_allowed(&self) -> bool {
        if self.peek(1) == b'/' || self.peek(1) == b'*' {
            return false;
        }
        match self.toks.last() {
            None => true,
            Some(t) => match t.kind {
                TokKind::Ident => matches!(
                    t.text(self.src),
                    "return" | "typeof" | "case" | "in" | "of" | "yield" | "await" | "delete"
                ),
                TokKind::Str | TokKind::Number | TokKind::Char => false,
                TokKind::Punct => !matches!(t.text(self.src), ")" | "]" | "}"),
            },
        }
    }

    /// Skips a regular expression literal on one line; if none closes on
    /// the line, the `/` is a plain operator.
    fn regex_or_slash(&mut self, start: usize) {
        let mut i = self.pos + 1;
        let mut in_class = false;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b'\n' => break,
                b'\\' => i += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => {
                    i += 1;
                    while i < self.bytes.len() && self.bytes[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    self.pos = i;
                    self.push(TokKind::Punct, start, None);
                    return;
                }
                _ => {}
            }
            i += 1;
        }
        self.pos += 1;
        self.push(TokKind::Punct, start, None);
    }
}

fn is_python_prefix(word: &str) -> bool {
    word.len() <= 2
        && word
            .bytes()
            .all(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'))
}

fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lang: Language, src: &str) -> Vec<(TokKind, String)> {
        lex(lang, src)
            .iter()
            .map(|t| {
                (
                    t.kind,
                    t.value.clone().unwrap_or_else(|| t.text(src).into()),
                )
            })
            .collect()
    }

    #[test]
    fn python_strings_and_comments() {
        let src = "x = f'{a}_b' # 'no'\ny = r'a\\'b' + '''t\n'''";
        let toks = lex(Language::Python, src);
        assert_eq!(toks[2].value, None, "f-string with a hole");
        assert_eq!(toks[5].value.as_deref(), Some("a\\'b"));
        assert_eq!(toks[7].value.as_deref(), Some("t\n"));
        assert!(toks[3].nl_before);
    }

    #[test]
    fn rust_lifetimes_chars_raw_strings() {
        let src = "fn f<'a>(x: &'a str) { let c = '\"'; r#\"q\"#; }";
        let k = kinds(Language::Rust, src);
        assert!(k.contains(&(TokKind::Str, "q".into())));
        assert!(!k
            .iter()
            .any(|(kind, _)| *kind == TokKind::Str && k.len() < 5));
    }

    #[test]
    fn js_template_and_regex() {
        let src = "const r = /a\"b/g; const t = `x_${y}`; const s = `plain`;";
        let toks = lex(Language::JavaScript, src);
        let strs: Vec<_> = toks.iter().filter(|t| t.kind == TokKind::Str).collect();
        assert_eq!(strs.len(), 2);
        assert_eq!(strs[0].value, None);
        assert_eq!(strs[1].value.as_deref(), Some("plain"));
    }

    #[test]
    fn unterminated_inputs_end() {
        for lang in [
            Language::Python,
            Language::Go,
            Language::JavaScript,
            Language::Rust,
        ] {
            for src in [
                "'abc", "\"abc\\", "/* x", "r#\"abc", "`abc ${", "'''x", "'\\",
            ] {
                let _ = lex(lang, src);
            }
        }
    }
}
