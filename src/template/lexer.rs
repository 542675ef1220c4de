//! Splits template text into tokens, following the lexical rules that Go's
//! text/template documents: text outside `{{ }}`, trim markers, comments,
//! and the tokens of actions. A lexical error ends the token list with an
//! `Error` token, so the parser reports whatever comes first in the text.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keyword {
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
}

impl Keyword {
    fn from_word(word: &str) -> Option<Keyword> {
        Some(match word {
            "block" => Keyword::Block,
            "break" => Keyword::Break,
            "continue" => Keyword::Continue,
            "define" => Keyword::Define,
            "else" => Keyword::Else,
            "end" => Keyword::End,
            "if" => Keyword::If,
            "range" => Keyword::Range,
            "template" => Keyword::Template,
            "with" => Keyword::With,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Text,
    LeftDelim,
    RightDelim,
    Comment,
    /// Whitespace inside an action: it separates arguments, and a field
    /// right after a term (no space) continues that term's chain.
    Space,
    Declare,
    Assign,
    Pipe,
    LeftParen,
    RightParen,
    /// Any other printable ASCII character (`,` in `range $i, $v`).
    Char(char),
    String,
    RawString,
    CharConst,
    /// Integers, floats, imaginary and complex numbers as Go writes them.
    Number,
    Bool,
    Nil,
    Dot,
    /// `.Name`: the span includes the dot.
    Field,
    /// `$name` or `$`: the span includes the dollar sign.
    Variable,
    Ident,
    Keyword(Keyword),
    Eof,
    Error(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: Tok,
    pub span: Span,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// Go's `%#U` rendering of a character, as its lexer errors use it.
pub(crate) fn go_char(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

pub(crate) fn lex(src: &str) -> Vec<Token> {
    let mut lx = Lexer {
        src,
        pos: 0,
        toks: Vec::new(),
    };
    lx.run();
    lx.toks
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    toks: Vec<Token>,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn push(&mut self, kind: Tok, start: usize, end: usize) {
        self.toks.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }

    fn error(&mut self, msg: impl Into<String>, start: usize, end: usize) {
        self.push(Tok::Error(msg.into()), start, end);
    }

    /// Length of a closing delimiter at `at` (with its trim marker), if any.
    fn right_delim_at(&self, at: usize) -> Option<usize> {
        let s = &self.src[at..];
        let mut chars = s.chars();
        if let (Some(c), Some('-')) = (chars.next(), chars.next()) {
            if is_space(c) && s[c.len_utf8() + 1..].starts_with(RIGHT) {
                return Some(c.len_utf8() + 1 + RIGHT.len());
            }
        }
        s.starts_with(RIGHT).then_some(RIGHT.len())
    }

    fn run(&mut self) {
        loop {
            let Some(off) = self.rest().find(LEFT) else {
                if self.pos < self.src.len() {
                    self.push(Tok::Text, self.pos, self.src.len());
                }
                self.push(Tok::Eof, self.src.len(), self.src.len());
                return;
            };
            let start = self.pos + off;
            if start > self.pos {
                self.push(Tok::Text, self.pos, start);
            }
            let mut after = start + LEFT.len();
            // `{{- ` trims: the marker needs whitespace after it, `{{-3}}` is a number.
            let s = &self.src[after..];
            let mut cs = s.chars();
            if let (Some('-'), Some(c)) = (cs.next(), cs.next()) {
                if is_space(c) {
                    after += 1 + c.len_utf8();
                }
            }
            self.push(Tok::LeftDelim, start, after);
            self.pos = after;
            if self.rest().starts_with("/*") {
                if !self.comment(start) {
                    return;
                }
            } else if !self.action(start) {
                return;
            }
        }
    }

    /// A comment right after the opening delimiter; false after an error.
    fn comment(&mut self, delim_start: usize) -> bool {
        let start = self.pos;
        let Some(close) = self.src[start + 2..].find("*/") else {
            self.error("unclosed comment", start, self.src.len());
            return false;
        };
        let end = start + 2 + close + 2;
        let Some(len) = self.right_delim_at(end) else {
            self.error("comment ends before closing delimiter", delim_start, end);
            return false;
        };
        self.push(Tok::Comment, start, end);
        self.push(Tok::RightDelim, end, end + len);
        self.pos = end + len;
        true
    }

    /// The tokens of one action up to its closing delimiter; false after an error.
    fn action(&mut self, delim_start: usize) -> bool {
        let mut parens: Vec<usize> = Vec::new();
        loop {
            if let Some(len) = self.right_delim_at(self.pos) {
                if let Some(&open) = parens.last() {
                    self.error("unclosed left paren", open, open + 1);
                    return false;
                }
                self.push(Tok::RightDelim, self.pos, self.pos + len);
                self.pos += len;
                return true;
            }
            let start = self.pos;
            let Some(c) = self.peek_char() else {
                self.error("unclosed action", delim_start, delim_start + LEFT.len());
                return false;
            };
            let ok = match c {
                c if is_space(c) => {
                    self.space();
                    true
                }
                '=' => {
                    self.pos += 1;
                    self.push(Tok::Assign, start, self.pos);
                    true
                }
                ':' => {
                    if self.rest().starts_with(":=") {
                        self.pos += 2;
                        self.push(Tok::Declare, start, self.pos);
                        true
                    } else {
                        self.error("expected :=", start, start + 1);
                        false
                    }
                }
                '|' => {
                    self.pos += 1;
                    self.push(Tok::Pipe, start, self.pos);
                    true
                }
                '"' => self.quote('"', Tok::String, "unterminated quoted string"),
                '\'' => self.quote('\'', Tok::CharConst, "unterminated character constant"),
                '`' => self.raw_quote(),
                '$' => {
                    self.pos += 1;
                    self.word_after_sigil(Tok::Variable, Tok::Variable)
                }
                '.' => {
                    let next = self.src[start + 1..].chars().next();
                    if next.is_some_and(|d| d.is_ascii_digit()) {
                        self.number()
                    } else {
                        self.pos += 1;
                        self.word_after_sigil(Tok::Dot, Tok::Field)
                    }
                }
                '+' | '-' | '0'..='9' => self.number(),
                c if is_alnum(c) => self.identifier(),
                '(' => {
                    self.pos += 1;
                    parens.push(start);
                    self.push(Tok::LeftParen, start, self.pos);
                    true
                }
                ')' => {
                    self.pos += 1;
                    if parens.pop().is_none() {
                        self.error(
                            format!("unexpected right paren {}", go_char(c)),
                            start,
                            self.pos,
                        );
                        false
                    } else {
                        self.push(Tok::RightParen, start, self.pos);
                        true
                    }
                }
                c if c.is_ascii() && !c.is_ascii_control() => {
                    self.pos += 1;
                    self.push(Tok::Char(c), start, self.pos);
                    true
                }
                c => {
                    let end = start + c.len_utf8();
                    self.error(
                        format!("unrecognized character in action: {}", go_char(c)),
                        start,
                        end,
                    );
                    false
                }
            };
            if !ok {
                return false;
            }
        }
    }

    /// A run of whitespace, leaving the last one when it starts ` -}}`.
    fn space(&mut self) {
        let start = self.pos;
        let mut end = start;
        for (i, c) in self.rest().char_indices() {
            if !is_space(c) {
                break;
            }
            if self
                .right_delim_at(start + i)
                .is_some_and(|len| len > RIGHT.len())
            {
                break;
            }
            end = start + i + c.len_utf8();
        }
        self.pos = end;
        if end > start {
            self.push(Tok::Space, start, end);
        }
    }

    /// After a term, only these may follow without a space.
    fn at_terminator(&self) -> bool {
        match self.peek_char() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    fn bad_char_here(&mut self) {
        let c = self.peek_char().unwrap_or(' ');
        let start = self.pos;
        self.error(
            format!("bad character {}", go_char(c)),
            start,
            start + c.len_utf8(),
        );
    }

    /// `$name`, `$`, `.Name` or `.`: the sigil is already consumed.
    /// Skips a run of letters, digits and `_`, which must end at a
    /// terminator (space, delimiter, punctuation); reports otherwise.
    fn alnum_run(&mut self) -> bool {
        let len: usize = self
            .rest()
            .chars()
            .take_while(|&c| is_alnum(c))
            .map(char::len_utf8)
            .sum();
        self.pos += len;
        if !self.at_terminator() {
            self.bad_char_here();
            return false;
        }
        true
    }

    fn word_after_sigil(&mut self, bare: Tok, named: Tok) -> bool {
        let start = self.pos - 1;
        if self.at_terminator() {
            self.push(bare, start, self.pos);
            return true;
        }
        if !self.alnum_run() {
            return false;
        }
        self.push(named, start, self.pos);
        true
    }

    fn identifier(&mut self) -> bool {
        let start = self.pos;
        if !self.alnum_run() {
            return false;
        }
        let word = &self.src[start..self.pos];
        let kind = if let Some(k) = Keyword::from_word(word) {
            Tok::Keyword(k)
        } else {
            match word {
                "true" | "false" => Tok::Bool,
                "nil" => Tok::Nil,
                _ => Tok::Ident,
            }
        };
        self.push(kind, start, self.pos);
        true
    }

    fn accept(&mut self, set: &str) -> bool {
        match self.peek_char() {
            Some(c) if set.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, set: &str) {
        while self.accept(set) {}
    }

    /// The characters Go's lexer takes for one number; validity is checked
    /// by the parser.
    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        !self.peek_char().is_some_and(is_alnum)
    }

    fn number(&mut self) -> bool {
        let start = self.pos;
        let mut ok = self.scan_number();
        // A complex constant `1+2i`: no spaces, and it must end in `i`.
        if ok && matches!(self.peek_char(), Some('+' | '-')) {
            ok = self.scan_number() && self.src[..self.pos].ends_with('i');
        }
        if !ok {
            if let Some(c) = self.peek_char() {
                self.pos += c.len_utf8();
            }
            let text = &self.src[start..self.pos];
            self.error(format!("bad number syntax: {text:?}"), start, self.pos);
            return false;
        }
        self.push(Tok::Number, start, self.pos);
        true
    }

    fn quote(&mut self, q: char, kind: Tok, unterminated: &str) -> bool {
        let start = self.pos;
        let mut chars = self.src[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, '\n')) | None => break,
                    Some(_) => {}
                },
                '\n' => break,
                c if c == q => {
                    self.pos = start + 1 + i + 1;
                    self.push(kind, start, self.pos);
                    return true;
                }
                _ => {}
            }
        }
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.src.len(), |i| start + i);
        self.error(unterminated, start, line_end);
        false
    }

    fn raw_quote(&mut self) -> bool {
        let start = self.pos;
        match self.src[start + 1..].find('`') {
            Some(i) => {
                self.pos = start + 1 + i + 1;
                self.push(Tok::RawString, start, self.pos);
                true
            }
            None => {
                self.error("unterminated raw quoted string", start, self.src.len());
                false
            }
        }
    }
}
