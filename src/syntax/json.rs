//! A JSON (RFC 8259) parser into the YAML node tree, with exact spans.
//!
//! Hand-written rather than serde_json so that every node keeps its span
//! and errors point at the offending byte. The parser is iterative (an
//! explicit stack) and copies string contents only once.

use crate::source::Span;
use crate::syntax::yaml::{
    char_span, Document, Entry, KeyIndex, LazyLines, LoadError, LoadErrorKind, Loaded, Node,
    NodeKind, Scalar, ScalarStyle, MAX_DEPTH,
};

/// Loads one JSON document. A UTF-8 byte order mark is skipped.
pub(crate) fn load(text: &str) -> Loaded {
    let mut p = JsonParser {
        text,
        b: text.as_bytes(),
        pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        errors: Vec::new(),
        lines: LazyLines::new(text),
    };
    match p.document() {
        Ok(root) => Loaded {
            documents: vec![Document { root }],
            errors: p.errors,
        },
        Err(e) => {
            let mut errors = p.errors;
            errors.push(e);
            Loaded {
                documents: Vec::new(),
                errors,
            }
        }
    }
}

/// An open container. Children wait on shared stacks (`items`, `entries`)
/// from `base` on, and move into a vector of exactly the right size when
/// the container closes: one allocation per container instead of several
/// as a vector grows. Allocation dominates loading time.
enum Frame {
    Array {
        start: usize,
        base: usize,
    },
    Object {
        start: usize,
        base: usize,
        key: Option<Node>,
        keys: KeyIndex,
    },
}

struct JsonParser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    errors: Vec<LoadError>,
    lines: LazyLines<'a>,
}

type PResult<T> = Result<T, LoadError>;

impl JsonParser<'_> {
    fn document(&mut self) -> PResult<Node> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        // Each turn parses one value (or opens a container), then closes
        // as many containers as the following text ends.
        'value: loop {
            self.skip_ws();
            let mut node = match self.b.get(self.pos) {
                Some(b'{') | Some(b'[') => {
                    let start = self.pos;
                    if stack.len() >= MAX_DEPTH {
                        return Err(LoadError {
                            kind: LoadErrorKind::TooDeep,
                            span: Span::new(start, start + 1),
                            message: format!("nesting is too deep (more than {MAX_DEPTH} levels)"),
                        });
                    }
                    let is_object = self.b[start] == b'{';
                    self.pos += 1;
                    self.skip_ws();
                    let close = if is_object { b'}' } else { b']' };
                    if self.b.get(self.pos) == Some(&close) {
                        self.pos += 1;
                        let kind = if is_object {
                            NodeKind::Mapping(Vec::new())
                        } else {
                            NodeKind::Sequence(Vec::new())
                        };
                        node(kind, Span::new(start, self.pos))
                    } else if is_object {
                        let key = self.key()?;
                        stack.push(Frame::Object {
                            start,
                            base: entries.len(),
                            key: Some(key),
                            keys: KeyIndex::default(),
                        });
                        continue 'value;
                    } else {
                        stack.push(Frame::Array {
                            start,
                            base: items.len(),
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let (value, span) = self.string()?;
                    scalar(value, ScalarStyle::JsonString, span)
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                _ => return Err(self.unexpected("a JSON value")),
            };
            // Attach the value, then handle `,` or the closing bracket.
            loop {
                let Some(frame) = stack.last_mut() else {
                    self.skip_ws();
                    if self.pos < self.b.len() {
                        return Err(self.unexpected("the end of the document after the JSON value"));
                    }
                    return Ok(node);
                };
                self.skip_ws();
                match frame {
                    Frame::Array { start, base } => {
                        items.push(node);
                        match self.b.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let children = items.drain(*base..).collect();
                                stack.pop();
                                node = self::node(NodeKind::Sequence(children), span);
                            }
                            _ => return Err(self.unexpected("`,` or `]` after an array element")),
                        }
                    }
                    Frame::Object {
                        start,
                        base,
                        key,
                        keys,
                    } => {
                        if let Some(k) = key.take() {
                            if let Some(name) = k.as_str() {
                                if let Some(first) = keys.check(&entries[*base..], name, k.span) {
                                    let line = self.lines.line(first.start);
                                    self.errors.push(LoadError {
                                        kind: LoadErrorKind::DuplicateKey { first },
                                        span: k.span,
                                        message: format!(
                                            "object key {name:?} already defined at line {line}"
                                        ),
                                    });
                                }
                            }
                            entries.push(Entry {
                                key: k,
                                value: node,
                            });
                        }
                        match self.b.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                let k = self.key()?;
                                if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                                    *key = Some(k);
                                }
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let span = Span::new(*start, self.pos);
                                let children = entries.drain(*base..).collect();
                                stack.pop();
                                node = self::node(NodeKind::Mapping(children), span);
                            }
                            _ => return Err(self.unexpected("`,` or `}` after an object member")),
                        }
                    }
                }
            }
        }
    }

    /// An object key and the `:` after it; leaves `pos` at the value.
    fn key(&mut self) -> PResult<Node> {
        if self.b.get(self.pos) != Some(&b'"') {
            return Err(self.unexpected("a string key in double quotes"));
        }
        let (value, span) = self.string()?;
        self.skip_ws();
        if self.b.get(self.pos) != Some(&b':') {
            return Err(self.unexpected("`:` after an object key"));
        }
        self.pos += 1;
        Ok(scalar(value, ScalarStyle::JsonString, span))
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    /// A string starting at the `"` under `pos`.
    fn string(&mut self) -> PResult<(String, Span)> {
        let start = self.pos;
        let b = self.b;
        let mut i = start + 1;
        // Fast path: no escapes, one copy of the slice.
        while i < b.len() {
            let c = b[i];
            if c == b'"' {
                self.pos = i + 1;
                return Ok((self.text[start + 1..i].to_owned(), Span::new(start, i + 1)));
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            i += 1;
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.text[start + 1..i]);
        let mut run = i;
        loop {
            let Some(&c) = b.get(i) else {
                return Err(LoadError {
                    kind: LoadErrorKind::Syntax,
                    span: Span::new(start, start + 1),
                    message: "unterminated string: missing closing `\"`".to_owned(),
                });
            };
            match c {
                b'"' => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok((out, Span::new(start, i + 1)));
                }
                b'\\' => {
                    out.push_str(&self.text[run..i]);
                    let (ch, len) = self.escape(i)?;
                    out.push(ch);
                    i += len;
                    run = i;
                }
                0..=0x1f => {
                    return Err(LoadError {
                        kind: LoadErrorKind::Syntax,
                        span: Span::new(i, i + 1),
                        message: if c == b'\n' {
                            "unterminated string: line break before the closing `\"`".to_owned()
                        } else {
                            format!("control character U+{c:04X} must be escaped in a JSON string")
                        },
                    });
                }
                _ => i += 1,
            }
        }
    }

    /// The escape at `at` (a backslash): the character and the escape's
    /// length in bytes.
    fn escape(&self, at: usize) -> PResult<(char, usize)> {
        decode_escape(self.text, at).map_err(|(len, msg)| LoadError {
            kind: LoadErrorKind::Syntax,
            span: Span::new(at, (at + len).min(self.b.len())),
            message: msg.to_owned(),
        })
    }

    fn number(&mut self) -> PResult<Node> {
        let start = self.pos;
        let b = self.b;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = b.get(i) {
                    i += 1;
                }
            }
            _ => return Err(self.unexpected_at(i, "a digit")),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.unexpected_at(i, "a digit after the decimal point"));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.unexpected_at(i, "a digit in the exponent"));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(scalar(
            self.text[start..i].to_owned(),
            ScalarStyle::JsonLiteral,
            Span::new(start, i),
        ))
    }

    fn literal(&mut self, word: &'static str) -> PResult<Node> {
        let start = self.pos;
        if self.b[start..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            return Ok(scalar(
                word.to_owned(),
                ScalarStyle::JsonLiteral,
                Span::new(start, self.pos),
            ));
        }
        let len = self.b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count()
            .max(1);
        let end = (start + len).min(self.b.len());
        let found = self.text.get(start..end).unwrap_or("");
        Err(LoadError {
            kind: LoadErrorKind::Syntax,
            span: char_span(self.text, start).to(Span::new(start, end)),
            message: format!("expected a JSON value, found `{found}` (did you mean `{word}`?)"),
        })
    }

    fn unexpected(&self, expected: &str) -> LoadError {
        self.unexpected_at(self.pos, expected)
    }

    fn unexpected_at(&self, at: usize, expected: &str) -> LoadError {
        let span = char_span(self.text, at);
        let found = match self.text[span.start..].chars().next() {
            None => "the end of the input".to_owned(),
            Some('\'') => "`'` (JSON strings use double quotes)".to_owned(),
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        };
        LoadError {
            kind: LoadErrorKind::Syntax,
            span,
            message: format!("expected {expected}, found {found}"),
        }
    }
}

fn node(kind: NodeKind, span: Span) -> Node {
    Node {
        kind,
        span,
        tag: None,
    }
}

fn scalar(value: String, style: ScalarStyle, span: Span) -> Node {
    node(NodeKind::Scalar(Scalar { value, style }), span)
}

/// Decodes the JSON escape whose backslash is at `at`: the character and the
/// escape's length in bytes, or the length to flag and a message.
pub(crate) fn decode_escape(text: &str, at: usize) -> Result<(char, usize), (usize, &'static str)> {
    let b = text.as_bytes();
    let Some(&c) = b.get(at + 1) else {
        return Err((1, "unterminated string: missing closing `\"`"));
    };
    let simple = match c {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex4(b, at + 2).ok_or((2, "`\\u` must be followed by four hex digits"))?;
            if (0xD800..0xDC00).contains(&hi) && b.get(at + 6..at + 8) == Some(b"\\u") {
                // A high surrogate pairs with a following `\uDC00`-`\uDFFF`.
                if let Some(lo) = hex4(b, at + 8) {
                    if (0xDC00..0xE000).contains(&lo) {
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return Ok((char::from_u32(cp).unwrap_or('\u{FFFD}'), 12));
                    }
                }
            }
            // Lone surrogates become U+FFFD, as Go's encoding/json does.
            return Ok((char::from_u32(hi).unwrap_or('\u{FFFD}'), 6));
        }
        _ => {
            let len = 1 + text
                .get(at + 1..)
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8);
            return Err((len, "invalid escape in a JSON string"));
        }
    };
    Ok((simple, 2))
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let mut v = 0u32;
    for &d in digits {
        v = v * 16 + (d as char).to_digit(16)?;
    }
    Some(v)
}
